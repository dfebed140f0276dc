//! Snapshots of every example's YAML output, and its determinism.
//!
//! The snapshots (`tests/snapshots/`) are the exact bytes `cargo run -p kubeforge-examples
//! --example NAME` prints. A change in the builders or in the YAML writer that alters the
//! output shows up here as a diff to review (`INSTA_UPDATE=always cargo test -p
//! kubeforge-tests --test examples_output` rewrites them).

use std::error::Error;

use kubeforge::Bundle;
use kubeforge_examples as examples;

type TestResult = Result<(), Box<dyn Error>>;

/// An example's `manifests` function.
type Manifests = fn() -> Result<Bundle, kubeforge::Error>;

/// Every example, by its `cargo run --example` name.
const EXAMPLES: [(&str, Manifests); 12] = [
    ("01_static_env_pod", examples::static_env_pod::manifests),
    (
        "02_config_map_env_from",
        examples::config_map_env_from::manifests,
    ),
    ("03_host_path", examples::host_path::manifests),
    ("04_mysql_config", examples::mysql_config::manifests),
    ("05_secret_cert", examples::secret_cert::manifests),
    ("06_empty_dir", examples::empty_dir::manifests),
    ("07_resources", examples::resources::manifests),
    ("08_security_context", examples::security_context::manifests),
    ("09_config_struct", examples::config_struct::manifests),
    (
        "10_statefulset_storage",
        examples::statefulset_storage::manifests,
    ),
    ("11_config_rollout", examples::config_rollout::manifests),
    ("twelve_factor_app", examples::twelve_factor_app::manifests),
];

/// What the example prints (its `main` writes the same bundle with `write_yaml`).
fn output(manifests: Manifests) -> Result<String, Box<dyn Error>> {
    Ok(manifests()?.to_yaml()?)
}

/// One test per example; the snapshot is named after the example
/// (`tests/snapshots/examples_output__NAME.snap`).
macro_rules! snapshot_tests {
    ($($test:ident => $module:ident as $name:literal),* $(,)?) => {$(
        #[test]
        fn $test() -> TestResult {
            let yaml = output(examples::$module::manifests)?;
            insta::assert_snapshot!($name, yaml, concat!("cargo run -p kubeforge-examples --example ", $name));
            Ok(())
        }
    )*};
}

snapshot_tests! {
    example_01_static_env_pod => static_env_pod as "01_static_env_pod",
    example_02_config_map_env_from => config_map_env_from as "02_config_map_env_from",
    example_03_host_path => host_path as "03_host_path",
    example_04_mysql_config => mysql_config as "04_mysql_config",
    example_05_secret_cert => secret_cert as "05_secret_cert",
    example_06_empty_dir => empty_dir as "06_empty_dir",
    example_07_resources => resources as "07_resources",
    example_08_security_context => security_context as "08_security_context",
    example_09_config_struct => config_struct as "09_config_struct",
    example_10_statefulset_storage => statefulset_storage as "10_statefulset_storage",
    example_11_config_rollout => config_rollout as "11_config_rollout",
    example_twelve_factor_app => twelve_factor_app as "twelve_factor_app",
}

#[test]
fn output_is_byte_identical_across_runs() -> TestResult {
    for (name, manifests) in EXAMPLES {
        let first = output(manifests)?;
        let second = output(manifests)?;
        assert_eq!(first, second, "{name}: two runs differ");
    }
    Ok(())
}

#[test]
fn write_yaml_prints_what_to_yaml_returns() -> TestResult {
    // `main` streams with `write_yaml`; the snapshots use `to_yaml`: they must agree.
    for (name, manifests) in EXAMPLES {
        let bundle = manifests()?;
        let mut streamed = Vec::new();
        bundle.write_yaml(&mut streamed)?;
        assert_eq!(String::from_utf8(streamed)?, bundle.to_yaml()?, "{name}");
    }
    Ok(())
}

/// The kinds that run Pods; the Bundle writes them after what they use.
const WORKLOADS: [&str; 6] = [
    "DaemonSet",
    "Pod",
    "Deployment",
    "StatefulSet",
    "Job",
    "CronJob",
];

#[test]
fn output_is_a_stream_of_documents_in_apply_order() -> TestResult {
    // Each example prints one document per object, separated by `---`, config first.
    for (name, manifests) in EXAMPLES {
        let bundle = manifests()?;
        let yaml = bundle.to_yaml()?;
        let documents: Vec<serde_json::Value> = serde_saphyr::from_multiple(&yaml)?;
        assert_eq!(documents.len(), bundle.len(), "{name}");
        let kinds: Vec<&str> = documents
            .iter()
            .filter_map(|d| d["kind"].as_str())
            .collect();
        // Everything a workload uses comes before the first workload; NetworkPolicies last.
        let is_workload = |k: &&str| WORKLOADS.contains(k);
        let first = kinds.iter().position(is_workload);
        assert!(first.is_some(), "{name}: no workload in {kinds:?}");
        let after = kinds.get(first.unwrap_or(0)..).unwrap_or_default();
        let mut policies = after.iter().skip_while(|k| is_workload(k));
        assert!(policies.all(|k| *k == "NetworkPolicy"), "{name}: {kinds:?}");
    }
    Ok(())
}
