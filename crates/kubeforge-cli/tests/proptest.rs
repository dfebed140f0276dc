//! `check_inputs` never panics, whatever the input.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubeforge::validate::pss::{Level, PolicyVersion};
use kubeforge_cli::check::{Config, check_inputs};
use kubeforge_cli::input::Input;
use proptest::prelude::*;
use serde_json::{Map, Value};

const KINDS: &[(&str, &str)] = &[
    ("v1", "Pod"),
    ("v1", "ConfigMap"),
    ("v1", "Secret"),
    ("v1", "PersistentVolumeClaim"),
    ("v1", "Service"),
    ("apps/v1", "Deployment"),
    ("apps/v1", "StatefulSet"),
    ("batch/v1", "CronJob"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding"),
    ("networking.k8s.io/v1", "NetworkPolicy"),
    ("v1", "List"),
];

const KEYS: &[&str] = &[
    "metadata",
    "name",
    "namespace",
    "spec",
    "template",
    "containers",
    "env",
    "value",
    "valueFrom",
    "secretKeyRef",
    "key",
    "image",
    "resources",
    "limits",
    "requests",
    "cpu",
    "data",
    "items",
    "selector",
    "matchLabels",
    "labels",
    "replicas",
    "volumes",
    "volumeMounts",
    "x",
];

fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-zA-Z0-9=./-]{0,8}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(
                    kv.into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

fn object() -> impl Strategy<Value = Value> {
    (prop::sample::select(KINDS), json()).prop_map(|((api_version, kind), body)| {
        let mut map = match body {
            Value::Object(map) => map,
            other => Map::from_iter([("spec".to_owned(), other)]),
        };
        map.insert("apiVersion".to_owned(), api_version.into());
        map.insert("kind".to_owned(), kind.into());
        Value::Object(map)
    })
}

fn no_panic(inputs: &[Input]) {
    let pss = Config::new().pss(Level::Restricted, PolicyVersion::Latest);
    for config in [Config::new(), pss] {
        let out = check_inputs(inputs, &config);
        assert!(out.lines.last().is_some_and(|l| l.starts_with("checked ")));
        assert!(out.lines.iter().all(|l| !l.contains('\n')));
    }
}

/// The number of cases: `PROPTEST_CASES` if set, else 512.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    // 512 cases by default; `PROPTEST_CASES=N` for a longer run.
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn arbitrary_strings(yaml in any::<String>(), json in any::<String>()) {
        no_panic(&[Input::new("a.yaml", yaml), Input::new("b.json", json)]);
    }

    #[test]
    fn yaml_like_strings(text in "([a-z]{1,3}: ?(\\[|\\{|-|\"|'|&a|\\*a|!!|\\||>|[0-9])?[ a-z0-9]{0,4}\n {0,4}(---\n)?){0,12}") {
        no_panic(&[Input::new("a.yaml", text)]);
    }

    #[test]
    fn arbitrary_json_values(values in prop::collection::vec(json(), 1..4)) {
        let inputs: Vec<Input> = values.iter().enumerate()
            .map(|(i, v)| Input::new(format!("{i}.json"), v.to_string()))
            .collect();
        no_panic(&inputs);
    }

    #[test]
    fn arbitrary_objects(values in prop::collection::vec(object(), 1..5)) {
        let yaml: Vec<String> = values.iter().map(ToString::to_string).collect();
        let inputs = [
            Input::new("all.yaml", yaml.join("\n---\n")),
            Input::new("first.json", values.first().map(ToString::to_string).unwrap_or_default()),
        ];
        no_panic(&inputs);
    }
}
