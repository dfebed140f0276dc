//! Property tests: builders and the validation engine never panic, whatever strings and numbers
//! they are given, and validation is deterministic.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::default_trait_access,
    reason = "test code"
)]

use kubeforge::validate::{self, Options};
use kubeforge::{
    Bundle, ConfigMapBuilder, ContainerBuilder, DeploymentBuilder, EnvFrom, FieldRef, IntOrPercent,
    KeyRef, Mount, PodBuilder, Probe, Quantity, SecretBuilder, VolumeBuilder,
};
use proptest::prelude::*;

/// The number of cases: `PROPTEST_CASES` if set, else 256.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".*",
        "[a-z0-9.-]{0,70}",
        "[ -~]{0,20}",
        Just(String::new()),
        Just("..".to_string()),
        Just("Mi".to_string()),
        Just("1e400".to_string()),
        Just("9999999999999999999999999Ei".to_string()),
    ]
}

proptest! {
    // 256 cases in CI; `PROPTEST_CASES=N` for a longer run.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn deployment_builder_never_panics(
        name in any_text(), image in any_text(), env_name in any_text(), value in any_text(),
        key in any_text(), label in any_text(), qty in any_text(), path in any_text(),
        port in any::<i32>(), replicas in any::<i32>(), pct in any::<i32>(), mode in any::<i32>(),
        millis in any::<i64>(), mib in any::<i64>(),
    ) {
        let container = ContainerBuilder::new(name.clone(), image)
            .env(env_name.clone(), value.clone())
            .env_key_ref(env_name.clone(), KeyRef::config_map(name.as_str(), key.clone()).optional(true))
            .env_field(env_name.clone(), FieldRef::Label(label.clone()))
            .env_from(EnvFrom::secret(name.as_str()).prefix(env_name.clone()))
            .port(port)
            .named_port(label.clone(), port)
            .request_cpu(qty.as_str())
            .limit_cpu(Quantity::millicores(millis))
            .request_memory(Quantity::mebibytes(mib))
            .limit_memory(qty.as_str())
            .liveness_probe(Probe::http_get(path.clone(), label.clone()).period_seconds(port))
            .mount(VolumeBuilder::config_map(name.clone(), key.as_str()).item(key.clone(), path.clone()).default_mode(mode), Mount::at(path.clone()).sub_path(path.clone()))
            .mount(VolumeBuilder::empty_dir(label.clone()).size_limit(qty.as_str()), path.clone());
        let result = DeploymentBuilder::new(name.clone())
            .label(label.clone(), value.clone())
            .annotation(key.clone(), value)
            .namespace(label)
            .replicas(replicas)
            .strategy(kubeforge::Strategy::RollingUpdate { max_surge: Some(IntOrPercent::Percent(pct)), max_unavailable: Some(IntOrPercent::Count(pct)) })
            .container(container)
            .build();
        if let Err(e) = &result {
            // Every error is an apiserver-style violation list with a path.
            prop_assert!(e.is_invalid());
            prop_assert!(!e.violations().is_empty());
            for v in e.violations() {
                prop_assert!(v.to_string().starts_with(v.path()));
            }
        }
    }

    #[test]
    fn config_objects_never_panic(name in any_text(), key in any_text(), value in any_text(), bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = ConfigMapBuilder::new(name.clone()).data(key.clone(), value.clone()).binary_data(value.clone(), bytes.clone()).build();
        let _ = SecretBuilder::new(name).data(key.clone(), bytes).string_data(value, key).build();
    }

    #[test]
    fn pod_validation_is_deterministic(name in any_text(), image in any_text(), env in any_text()) {
        let build = || PodBuilder::new(name.clone()).container(ContainerBuilder::new(name.clone(), image.clone()).env(env.clone(), "v")).build();
        let a = build().map_err(|e| e.to_string());
        let b = build().map_err(|e| e.to_string());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn quantity_parse_never_panics_and_canonical_round_trips(s in any_text()) {
        if let Ok(q) = Quantity::parse(&s) {
            let canonical = q.to_string();
            let again = Quantity::parse(&canonical);
            prop_assert_eq!(again, Ok(q));
        }
    }

    #[test]
    fn valid_output_serializes(name in "[a-z][a-z0-9-]{0,20}[a-z0-9]", value in ".*") {
        let cm = ConfigMapBuilder::new(name.clone()).data("k", value).build().unwrap();
        let pod = PodBuilder::new(name.clone()).container(ContainerBuilder::new("c", "busybox:1.36").env_from_config_map(&cm)).build().unwrap();
        prop_assert!(validate::validate(&pod, &Options::default()).is_ok());
        let yaml = Bundle::new().with(cm).with(pod).to_yaml().unwrap();
        prop_assert!(yaml.contains(&name));
    }
}
