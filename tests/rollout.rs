//! Rollout on configuration change: kustomize-parity hashed names (against real `kubectl
//! kustomize` 1.33 and 1.37), reference rewriting, and the property that the checksum changes
//! exactly when referenced content changes.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::path::PathBuf;
use std::process::Command;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use kubeforge::rollout::{CHECKSUM_ANNOTATION, CONFIG_NAME_LABEL};
use kubeforge::validate::Checker;
use kubeforge::{
    Bundle, ConfigMapBuilder, ConfigRollout, ContainerBuilder, DeploymentBuilder, KeyRef, Object,
    RolloutMode, SecretBuilder, SpecExt, VolumeBuilder, kustomize_hash,
};
use proptest::prelude::*;

/// `../shared/tools/kubectl-oracle`, from `$KUBECTL_ORACLE` or searched upward; required in CI.
fn oracle() -> Option<PathBuf> {
    let found = std::env::var_os("KUBECTL_ORACLE")
        .map(PathBuf::from)
        .or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .ancestors()
                .map(|dir| dir.join("shared/tools/kubectl-oracle"))
                .find(|tool| tool.is_file())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the kustomize parity test: shared/tools/kubectl-oracle not found"
        );
        eprintln!("SKIPPED: shared/tools/kubectl-oracle not found (set KUBECTL_ORACLE)");
    }
    found
}

/// A kustomization whose generators cover the encodings that matter for the hash: HTML
/// characters, U+2028, control characters, quotes and backslashes, multi-line and empty values,
/// non-UTF-8 files (binaryData), Secrets of several types, and an empty ConfigMap.
fn write_kustomization(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("app.conf"),
        "[server]\nport = 8080\nname = \"<app> & 'co'\"\n\ttabbed\n",
    )
    .unwrap();
    std::fs::write(dir.join("blob.bin"), [0xff_u8, 0xfe, 0x00, 0x01, b'a']).unwrap();
    // Long enough for kustomize to wrap its base64 (70 characters per line).
    let long: Vec<u8> = (0..121_u32)
        .map(|i| u8::try_from((i * 37 + 11) % 256).unwrap())
        .chain([0xff])
        .collect();
    std::fs::write(dir.join("long.bin"), long).unwrap();
    std::fs::write(
        dir.join("ctrl.txt"),
        "bell\u{7} bs\u{8} ff\u{c} ls\u{2028} ps\u{2029} é 雪\r\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.join("tls.crt"),
        "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("tls.key"),
        "-----BEGIN PRIVATE KEY-----\ndef\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("kustomization.yaml"),
        r#"configMapGenerator:
- name: app-config
  literals:
  - LOG_LEVEL=info
  - HTML=<b>&amp;</b>
  - QUOTES="double" and 'single' and \back\slash
  - EMPTY=
  files:
  - app.conf
  - ctrl.txt
  - empty.txt
- name: with-binary
  files:
  - blob.bin
  - long.bin
  - app.conf
- name: empty
- name: frozen
  literals:
  - A=1
  options:
    immutable: true
secretGenerator:
- name: app-secret
  literals:
  - password=s3cr3t<&>
  - username=admin
- name: cert
  type: kubernetes.io/tls
  files:
  - tls.crt
  - tls.key
- name: opaque-files
  files:
  - blob.bin
  - long.bin
  - ctrl.txt
"#,
    )
    .unwrap();
}

#[test]
fn hashed_names_equal_kubectl_kustomize_1_33_and_1_37() {
    let Some(tool) = oracle() else { return };
    let dir = std::env::temp_dir().join(format!("kubeforge-kustomize-{}", std::process::id()));
    write_kustomization(&dir);
    for version in ["1.33", "1.37"] {
        let out = Command::new("bash")
            .arg(&tool)
            .args(["--kubectl-version", version, "kustomize"])
            .arg(&dir)
            .output()
            .expect("run kubectl-oracle");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let yaml = String::from_utf8(out.stdout).unwrap();
        let docs: Vec<serde_json::Value> = serde_saphyr::from_multiple(&yaml).unwrap();
        assert_eq!(docs.len(), 7, "{yaml}");
        for mut doc in docs {
            // Go's base64 decoder skips the line breaks kustomize wraps long values with;
            // k8s-openapi's does not.
            for field in ["data", "binaryData"] {
                let is_bytes = field == "binaryData" || doc["kind"] == "Secret";
                if let Some(map) = doc
                    .get_mut(field)
                    .and_then(|m| m.as_object_mut())
                    .filter(|_| is_bytes)
                {
                    for v in map.values_mut() {
                        if let Some(s) = v.as_str() {
                            *v = serde_json::Value::String(s.replace('\n', ""));
                        }
                    }
                }
            }
            let name = doc["metadata"]["name"].as_str().unwrap().to_owned();
            let (base, suffix) = name.rsplit_once('-').unwrap();
            let object = match doc["kind"].as_str() {
                Some("ConfigMap") => {
                    let mut cm: ConfigMap = serde_json::from_value(doc.clone()).unwrap();
                    cm.metadata.name = Some(base.to_owned());
                    Object::from(cm)
                }
                Some("Secret") => {
                    let mut s: Secret = serde_json::from_value(doc.clone()).unwrap();
                    s.metadata.name = Some(base.to_owned());
                    Object::from(s)
                }
                other => panic!("unexpected kind {other:?}"),
            };
            assert_eq!(
                kustomize_hash(&object).as_deref(),
                Some(suffix),
                "kubectl {version} kustomize named {name}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn app() -> (ConfigMap, Secret, ConfigMap, Deployment, Deployment) {
    let config = ConfigMapBuilder::new("app-config")
        .data("LOG_LEVEL", "info")
        .data("app.conf", "port = 8080\n")
        .build()
        .unwrap();
    let secret = SecretBuilder::new("app-secret")
        .data("password", "s3cr3t")
        .data("username", "admin")
        .build()
        .unwrap();
    let other = ConfigMapBuilder::new("other")
        .data("X", "1")
        .build()
        .unwrap();
    let web = DeploymentBuilder::new("web")
        .container(
            ContainerBuilder::new("web", "nginx:1.27")
                .env_from_config_map(&config)
                .env_key_ref("DB_PASSWORD", KeyRef::secret("app-secret", "password"))
                .mount(VolumeBuilder::config_map("conf", &config), "/etc/app"),
        )
        .build()
        .unwrap();
    let worker = DeploymentBuilder::new("worker")
        .container(ContainerBuilder::new("worker", "busybox:1.36").env_from_config_map(&other))
        .build()
        .unwrap();
    (config, secret, other, web, worker)
}

fn bundle_of(parts: (ConfigMap, Secret, ConfigMap, Deployment, Deployment)) -> Bundle {
    let (config, secret, other, web, worker) = parts;
    Bundle::new()
        .with(config)
        .with(secret)
        .with(other)
        .with(web)
        .with(worker)
}

fn deployment<'a>(bundle: &'a Bundle, name: &str) -> &'a Deployment {
    bundle
        .objects()
        .find_map(|o| match o {
            Object::Deployment(d) if d.metadata.name.as_deref() == Some(name) => Some(d),
            _ => None,
        })
        .unwrap()
}

fn checksum(bundle: &Bundle, name: &str) -> Option<String> {
    deployment(bundle, name)
        .spec_ref()
        .unwrap()
        .template
        .metadata
        .as_ref()?
        .annotations
        .as_ref()?
        .get(CHECKSUM_ANNOTATION)
        .cloned()
}

#[test]
fn hashed_names_rewrite_every_reference_and_label_versions() {
    let mut bundle = bundle_of(app());
    let report = ConfigRollout::new()
        .workload("Deployment", "web", RolloutMode::HashedNames)
        .apply(&mut bundle)
        .unwrap();
    let renamed: Vec<(&str, &str)> = report
        .renamed()
        .iter()
        .map(|(k, old, _)| (k.as_str(), old.as_str()))
        .collect();
    assert_eq!(
        renamed,
        [("Secret", "app-secret"), ("ConfigMap", "app-config")]
    );
    let new_config = &report.renamed()[1].2;
    let new_secret = &report.renamed()[0].2;
    assert!(new_config.starts_with("app-config-") && new_config.len() == "app-config-".len() + 10);
    // Every object is immutable and labelled with its name before hashing.
    for o in bundle.objects() {
        match o {
            Object::ConfigMap(cm) if cm.metadata.name.as_deref() == Some(new_config.as_str()) => {
                assert_eq!(cm.immutable, Some(true));
                assert_eq!(
                    cm.metadata.labels.as_ref().unwrap()[CONFIG_NAME_LABEL],
                    "app-config"
                );
            }
            Object::Secret(s) => {
                assert_eq!(s.metadata.name.as_deref(), Some(new_secret.as_str()));
                assert_eq!(s.immutable, Some(true));
            }
            _ => {}
        }
    }
    // The worker's own ConfigMap is untouched.
    assert!(bundle.objects().any(|o| o.name() == "other"));
    let spec = deployment(&bundle, "web")
        .spec_ref()
        .unwrap()
        .template
        .spec
        .clone()
        .unwrap();
    let c = &spec.containers[0];
    assert_eq!(
        c.env_from.as_ref().unwrap()[0]
            .config_map_ref
            .as_ref()
            .unwrap()
            .name,
        *new_config
    );
    assert_eq!(
        c.env.as_ref().unwrap()[0]
            .value_from
            .as_ref()
            .unwrap()
            .secret_key_ref
            .as_ref()
            .unwrap()
            .name,
        *new_secret
    );
    assert_eq!(
        spec.volumes.unwrap()[0].config_map.as_ref().unwrap().name,
        *new_config
    );
    // Every reference still resolves.
    let reports = Checker::new().check(bundle.objects());
    assert!(
        reports.iter().all(kubeforge::validate::Report::is_valid),
        "{reports:?}"
    );
    // A content change is a new name; the same content keeps it.
    let (config, ..) = app();
    let changed = ConfigMap {
        data: Some([("LOG_LEVEL".to_owned(), "debug".to_owned())].into()),
        ..config.clone()
    };
    assert_ne!(
        kustomize_hash(&Object::from(changed)),
        kustomize_hash(&Object::from(config.clone()))
    );
    assert_eq!(
        format!(
            "app-config-{}",
            kustomize_hash(&Object::from(config)).unwrap()
        ),
        *new_config
    );
}

#[test]
fn keyed_secret_hash_hides_the_secret_content() {
    let plain = {
        let mut b = bundle_of(app());
        ConfigRollout::all(RolloutMode::Checksum)
            .apply(&mut b)
            .unwrap();
        checksum(&b, "web").unwrap()
    };
    let keyed = |key: &[u8]| {
        let mut b = bundle_of(app());
        ConfigRollout::all(RolloutMode::Checksum)
            .keyed_secret_hash(key.to_vec())
            .apply(&mut b)
            .unwrap();
        checksum(&b, "web").unwrap()
    };
    assert_ne!(plain, keyed(b"k1"));
    assert_ne!(keyed(b"k1"), keyed(b"k2"));
    assert_eq!(keyed(b"k1"), keyed(b"k1"));
    // The worker references no Secret: its checksum stays a plain SHA-256.
    let mut b = bundle_of(app());
    ConfigRollout::all(RolloutMode::Checksum)
        .keyed_secret_hash(b"k1".to_vec())
        .apply(&mut b)
        .unwrap();
    let mut c = bundle_of(app());
    ConfigRollout::all(RolloutMode::Checksum)
        .apply(&mut c)
        .unwrap();
    assert_eq!(checksum(&b, "worker"), checksum(&c, "worker"));
}

#[test]
fn references_outside_the_bundle_are_reported() {
    let web = DeploymentBuilder::new("web")
        .container(
            ContainerBuilder::new("web", "nginx:1.27")
                .env_key_ref("TOKEN", KeyRef::secret("vault-token", "token")),
        )
        .build()
        .unwrap();
    let mut bundle = Bundle::new().with(web);
    let report = ConfigRollout::all(RolloutMode::Checksum)
        .apply(&mut bundle)
        .unwrap();
    assert_eq!(
        report.external(),
        [("Deployment/web".to_owned(), "Secret/vault-token".to_owned())]
    );
}

/// What the test changes in the app's objects.
#[derive(Clone, Debug)]
enum Change {
    /// A key the web Deployment reads through envFrom (the whole ConfigMap).
    ConfigValue(String),
    /// A new key in the ConfigMap read whole: new content.
    ConfigNewKey(String),
    /// The Secret key the web Deployment reads.
    SecretPassword(String),
    /// A Secret key nobody references by key: not content of the web pods.
    SecretUsername(String),
    /// The ConfigMap only the worker reads.
    Other(String),
    /// Nothing.
    None,
}

fn apply_change(
    parts: &mut (ConfigMap, Secret, ConfigMap, Deployment, Deployment),
    change: &Change,
) {
    match change {
        Change::ConfigValue(v) => {
            parts
                .0
                .data
                .as_mut()
                .unwrap()
                .insert("LOG_LEVEL".into(), v.clone());
        }
        Change::ConfigNewKey(k) => {
            parts
                .0
                .data
                .as_mut()
                .unwrap()
                .insert(format!("NEW_{k}"), "x".into());
        }
        Change::SecretPassword(v) => {
            parts.1.data.as_mut().unwrap().insert(
                "password".into(),
                k8s_openapi::ByteString(v.clone().into_bytes()),
            );
        }
        Change::SecretUsername(v) => {
            parts.1.data.as_mut().unwrap().insert(
                "username".into(),
                k8s_openapi::ByteString(v.clone().into_bytes()),
            );
        }
        Change::Other(v) => {
            parts.2.data.as_mut().unwrap().insert("X".into(), v.clone());
        }
        Change::None => {}
    }
}

fn any_change() -> impl Strategy<Value = Change> {
    let value = "[ -~]{0,12}";
    prop_oneof![
        value.prop_map(Change::ConfigValue),
        "[A-Z]{1,6}".prop_map(Change::ConfigNewKey),
        value.prop_map(Change::SecretPassword),
        value.prop_map(Change::SecretUsername),
        value.prop_map(Change::Other),
        Just(Change::None),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    /// The web checksum changes if and only if content the web pods reference changes; the
    /// worker's only with its own ConfigMap.
    #[test]
    fn checksum_changes_exactly_when_referenced_content_changes(change in any_change()) {
        let before = bundle_of(app());
        let mut parts = app();
        let original = (
            parts.0.data.clone(),
            parts.1.data.clone(),
            parts.2.data.clone(),
        );
        apply_change(&mut parts, &change);
        let web_content_changed = parts.0.data != original.0
            || parts.1.data.as_ref().map(|d| d.get("password").cloned())
                != original.1.as_ref().map(|d| d.get("password").cloned());
        let worker_content_changed = parts.2.data != original.2;
        let mut before = before;
        let mut after = bundle_of(parts);
        ConfigRollout::all(RolloutMode::Checksum).apply(&mut before).unwrap();
        ConfigRollout::all(RolloutMode::Checksum).apply(&mut after).unwrap();
        prop_assert_eq!(checksum(&before, "web") != checksum(&after, "web"), web_content_changed, "{:?}", change);
        prop_assert_eq!(checksum(&before, "worker") != checksum(&after, "worker"), worker_content_changed, "{:?}", change);
        prop_assert!(checksum(&after, "web").is_some());
    }
}

/// Step 11 of the tutorial: after `LOG_LEVEL` changes, exactly the values, the web checksum and
/// the worker's hashed ConfigMap name (object and reference) differ.
#[test]
fn example_11_changes_only_the_checksum_and_the_hashed_name() {
    let before = kubeforge_examples::config_rollout::manifests_with("info")
        .unwrap()
        .to_yaml()
        .unwrap();
    let after = kubeforge_examples::config_rollout::manifests_with("debug")
        .unwrap()
        .to_yaml()
        .unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(before.lines().count(), after.lines().count());
    let kinds: Vec<&str> = changed
        .iter()
        .map(|(a, _)| {
            let a = a.trim();
            if a.starts_with("LOG_LEVEL:") {
                "value"
            } else if a.starts_with("kubeforge.io/config-checksum:") {
                "checksum"
            } else if a.starts_with("name: worker-config-") {
                "hashed name"
            } else {
                panic!("unexpected change: {a}")
            }
        })
        .collect();
    assert_eq!(
        kinds,
        ["value", "value", "hashed name", "checksum", "hashed name"]
    );
}
