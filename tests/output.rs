//! Output checked by real kubectl: the serde-saphyr tab defect and its guard.
#![allow(missing_docs)]
#![allow(clippy::unwrap_used, reason = "test code")]

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeforge::Bundle;
use kubeforge_tests::kubectl_read;

fn config_map(value: &str) -> ConfigMap {
    ConfigMap {
        metadata: ObjectMeta {
            name: Some("cfg".into()),
            ..ObjectMeta::default()
        },
        data: Some(BTreeMap::from([("k".to_string(), value.to_string())])),
        ..ConfigMap::default()
    }
}

/// `../shared/k8s-rules/YAML.md`: the minimal case kubectl refuses when serde-saphyr writes it
/// alone, and reads back exactly through kubeforge's guarded writer.
#[test]
fn kubectl_reads_the_guarded_minimal_case_and_refuses_the_unguarded_one() {
    let cm = config_map("\tx\n");
    let json = serde_json::to_string(&cm).unwrap();
    let guarded = Bundle::new().with(cm.clone()).to_yaml().unwrap();
    assert!(guarded.contains("k: \"\\tx\\n\""), "{guarded}");
    let Some((ok, out)) = kubectl_read("guard", &guarded, &json) else {
        return;
    };
    assert!(ok, "{out}");
    assert!(out.contains("read 1 objects, 0 differences"), "{out}");
    let unguarded = serde_saphyr::to_string(&cm).unwrap();
    let (ok, out) = kubectl_read("no-guard", &unguarded, &json).unwrap();
    assert!(
        !ok,
        "serde-saphyr fixed the tab defect? then the guard can go: {out}"
    );
    assert!(out.contains("found a tab character"), "{out}");
}

/// The fidelity corpus (nasty strings of every kind) comes back unchanged through real kubectl.
#[test]
fn kubectl_reads_the_fidelity_corpus_exactly() {
    let corpus = kubeforge_tests::corpus::fidelity_corpus(3, 200);
    let (yaml, json) = (corpus.to_yaml().unwrap(), corpus.to_json().unwrap());
    let Some((ok, out)) = kubectl_read("corpus", &yaml, &json) else {
        return;
    };
    assert!(ok, "{out}");
    assert!(
        out.trim_end().ends_with("read 200 objects, 0 differences"),
        "{out}"
    );
}

#[test]
fn yaml_and_json_of_the_corpus_are_equal_as_data() {
    let corpus = kubeforge_tests::corpus::fidelity_corpus(11, 60);
    let docs: Vec<serde_json::Value> = corpus
        .to_yaml()
        .unwrap()
        .split("\n---\n")
        .map(|doc| serde_saphyr::from_str(doc).unwrap())
        .collect();
    let list: serde_json::Value = serde_json::from_str(&corpus.to_json().unwrap()).unwrap();
    assert_eq!(list["items"].as_array().unwrap(), &docs);
}
