//! The "N apps" benchmark workload (`shared/bench/scenario.md`), written twice:
//!
//! - [`kubeforge_app`] builds app `i` with kubeforge's builders; every `build()` validates the
//!   object like the apiserver would.
//! - [`floor_app`] writes the same three objects as hand-written k8s-openapi structs: no
//!   builder, no validation. It is the floor kubeforge is measured against.
//!
//! [`write_kubeforge`] and [`write_floor`] stream the `3N` objects as one multi-document YAML
//! stream, one object at a time (memory does not grow with `N`). Both streams are equal as data;
//! the unit tests check it.
//!
//! ```
//! let mut kubeforge = Vec::new();
//! kubeforge_benches::write_kubeforge(2, &mut kubeforge)?;
//! let mut floor = Vec::new();
//! kubeforge_benches::write_floor(2, &mut floor).map_err(|e| e.to_string())?;
//! assert_eq!(kubeforge, floor);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::io::Write;

use k8s_openapi::ByteString;
use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Capabilities, ConfigMap, ConfigMapEnvSource, ConfigMapKeySelector, ConfigMapVolumeSource,
    Container, ContainerPort, EmptyDirVolumeSource, EnvFromSource, EnvVar, EnvVarSource,
    PersistentVolumeClaimVolumeSource, PodSpec, PodTemplateSpec, ResourceRequirements,
    SeccompProfile, Secret, SecretKeySelector, SecretVolumeSource, SecurityContext, Volume,
    VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use kubeforge::{
    ConfigMapBuilder, ContainerBuilder, DeploymentBuilder, Mount, Quantity, SecretBuilder,
    VolumeBuilder,
};

/// The document separator written between two objects of a stream.
pub const SEPARATOR: &[u8] = b"---\n";

/// The container image of every app.
pub const IMAGE: &str = "registry.example.com/app:1.2.3";

/// The label key of the Deployment's labels and selector.
pub const NAME_LABEL: &str = "app.kubernetes.io/name";

/// The `app.conf` value of the ConfigMap of app `i` (a multi-line file ending in one `\n`).
///
/// # Examples
///
/// ```
/// assert!(kubeforge_benches::app_conf(7).contains("name = \"app-7\"\n"));
/// ```
pub fn app_conf(i: usize) -> String {
    format!(
        "[server]\nport = 8080\nname = \"app-{i}\"\n\n[log]\nlevel = \"info\"\nformat = \"json\"\n"
    )
}

/// The container security context of the scenario (restricted profile, uid 1000).
///
/// k8s-openapi's struct is used as is: kubeforge takes it through
/// [`ContainerBuilder::security_context`].
pub fn security_context() -> SecurityContext {
    SecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(1000),
        allow_privilege_escalation: Some(false),
        read_only_root_filesystem: Some(true),
        capabilities: Some(Capabilities {
            add: None,
            drop: Some(vec!["ALL".to_owned()]),
        }),
        seccomp_profile: Some(SeccompProfile {
            type_: "RuntimeDefault".to_owned(),
            localhost_profile: None,
        }),
        ..SecurityContext::default()
    }
}

/// App `i` built with kubeforge's builders: its ConfigMap, Secret and Deployment.
///
/// Each `build()` validates its object; the Deployment's selector is derived by kubeforge from
/// its `app.kubernetes.io/name` label.
///
/// # Errors
///
/// A kubeforge [`Error`](kubeforge::Error) if an object is invalid (never for this scenario).
///
/// # Examples
///
/// ```
/// let (cm, secret, deployment) = kubeforge_benches::kubeforge_app(3)?;
/// assert_eq!(cm.metadata.name.as_deref(), Some("app-3-config"));
/// assert_eq!(secret.metadata.name.as_deref(), Some("app-3-secret"));
/// assert_eq!(deployment.metadata.name.as_deref(), Some("app-3"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn kubeforge_app(i: usize) -> Result<(ConfigMap, Secret, Deployment), kubeforge::Error> {
    let name = format!("app-{i}");
    let config_map = ConfigMapBuilder::new(format!("{name}-config"))
        .data("LOG_LEVEL", "info")
        .data("LISTEN_ADDR", "0.0.0.0:8080")
        .data("APP_NAME", name.as_str())
        .data("FEATURE_FLAGS", "alpha,beta")
        .data("app.conf", app_conf(i))
        .build()?;
    let secret = SecretBuilder::new(format!("{name}-secret"))
        .data("username", format!("user-{i}"))
        .data("password", format!("pw-{i}-0123456789abcdef"))
        .build()?;
    let container = ContainerBuilder::new("app", IMAGE)
        .port(8080)
        .env("APP_MODE", "production")
        .env("APP_INSTANCE", name.as_str())
        .env_config_map_key("LOG_LEVEL", &config_map, "LOG_LEVEL")
        .env_secret_key("DB_PASSWORD", &secret, "password")
        .env_from_config_map(&config_map)
        .mount(VolumeBuilder::config_map("config", &config_map), "/etc/app")
        .mount(
            VolumeBuilder::secret("secret", &secret),
            Mount::at("/etc/secret").read_only(),
        )
        .mount(
            VolumeBuilder::empty_dir("tmp")
                .medium_memory()
                .size_limit(Quantity::mebibytes(64)),
            "/tmp",
        )
        .mount(
            VolumeBuilder::persistent_volume_claim("data", format!("{name}-data")),
            "/data",
        )
        .request_cpu(Quantity::millicores(250))
        .request_memory(Quantity::mebibytes(64))
        .limit_cpu(Quantity::millicores(500))
        .limit_memory(Quantity::mebibytes(128))
        .security_context(security_context());
    let deployment = DeploymentBuilder::new(name.as_str())
        .app_name(name)
        .replicas(3)
        .container(container)
        .build()?;
    Ok((config_map, secret, deployment))
}

/// App `i` as hand-written k8s-openapi structs (the floor): the same objects as
/// [`kubeforge_app`], without builders or validation.
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge_benches::floor_app(5), kubeforge_benches::kubeforge_app(5)?);
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn floor_app(i: usize) -> (ConfigMap, Secret, Deployment) {
    let name = format!("app-{i}");
    let config_name = format!("{name}-config");
    let secret_name = format!("{name}-secret");
    let labels = BTreeMap::from([(NAME_LABEL.to_owned(), name.clone())]);

    let config_map = ConfigMap {
        metadata: ObjectMeta {
            name: Some(config_name.clone()),
            ..ObjectMeta::default()
        },
        data: Some(BTreeMap::from([
            ("LOG_LEVEL".to_owned(), "info".to_owned()),
            ("LISTEN_ADDR".to_owned(), "0.0.0.0:8080".to_owned()),
            ("APP_NAME".to_owned(), name.clone()),
            ("FEATURE_FLAGS".to_owned(), "alpha,beta".to_owned()),
            ("app.conf".to_owned(), app_conf(i)),
        ])),
        ..ConfigMap::default()
    };

    let secret = Secret {
        metadata: ObjectMeta {
            name: Some(secret_name.clone()),
            ..ObjectMeta::default()
        },
        type_: Some("Opaque".to_owned()),
        data: Some(BTreeMap::from([
            (
                "username".to_owned(),
                ByteString(format!("user-{i}").into_bytes()),
            ),
            (
                "password".to_owned(),
                ByteString(format!("pw-{i}-0123456789abcdef").into_bytes()),
            ),
        ])),
        ..Secret::default()
    };

    let container = floor_container(&name, &config_name, &secret_name);
    let volumes = floor_volumes(&name, config_name, secret_name);
    let spec = DeploymentSpec {
        replicas: Some(3),
        selector: LabelSelector {
            match_labels: Some(labels.clone()),
            match_expressions: None,
        },
        template: PodTemplateSpec {
            metadata: Some(ObjectMeta {
                labels: Some(labels.clone()),
                ..ObjectMeta::default()
            }),
            spec: Some(PodSpec {
                containers: vec![container],
                volumes: Some(volumes),
                ..PodSpec::default()
            }),
        },
        ..DeploymentSpec::default()
    };
    #[allow(clippy::useless_conversion, reason = "Option before Kubernetes 1.37")]
    let deployment = Deployment {
        metadata: ObjectMeta {
            name: Some(name),
            labels: Some(labels),
            ..ObjectMeta::default()
        },
        // `Option<DeploymentSpec>` before Kubernetes 1.37, `DeploymentSpec` from 1.37 on.
        spec: spec.into(),
        status: None,
    };
    (config_map, secret, deployment)
}

/// The container of the floor Deployment of app `name`.
fn floor_container(name: &str, config_name: &str, secret_name: &str) -> Container {
    let quantities = |cpu: &str, memory: &str| {
        BTreeMap::from([
            ("cpu".to_owned(), K8sQuantity(cpu.to_owned())),
            ("memory".to_owned(), K8sQuantity(memory.to_owned())),
        ])
    };
    let mount = |volume: &str, path: &str, read_only: Option<bool>| VolumeMount {
        name: volume.to_owned(),
        mount_path: path.to_owned(),
        read_only,
        ..VolumeMount::default()
    };
    Container {
        name: "app".to_owned(),
        image: Some(IMAGE.to_owned()),
        ports: Some(vec![ContainerPort {
            container_port: 8080,
            ..ContainerPort::default()
        }]),
        env: Some(vec![
            EnvVar {
                name: "APP_MODE".to_owned(),
                value: Some("production".to_owned()),
                value_from: None,
            },
            EnvVar {
                name: "APP_INSTANCE".to_owned(),
                value: Some(name.to_owned()),
                value_from: None,
            },
            EnvVar {
                name: "LOG_LEVEL".to_owned(),
                value: None,
                value_from: Some(EnvVarSource {
                    config_map_key_ref: Some(ConfigMapKeySelector {
                        name: config_name.to_owned(),
                        key: "LOG_LEVEL".to_owned(),
                        optional: None,
                    }),
                    ..EnvVarSource::default()
                }),
            },
            EnvVar {
                name: "DB_PASSWORD".to_owned(),
                value: None,
                value_from: Some(EnvVarSource {
                    secret_key_ref: Some(SecretKeySelector {
                        name: secret_name.to_owned(),
                        key: "password".to_owned(),
                        optional: None,
                    }),
                    ..EnvVarSource::default()
                }),
            },
        ]),
        env_from: Some(vec![EnvFromSource {
            config_map_ref: Some(ConfigMapEnvSource {
                name: config_name.to_owned(),
                optional: None,
            }),
            ..EnvFromSource::default()
        }]),
        volume_mounts: Some(vec![
            mount("config", "/etc/app", None),
            mount("secret", "/etc/secret", Some(true)),
            mount("tmp", "/tmp", None),
            mount("data", "/data", None),
        ]),
        resources: Some(ResourceRequirements {
            requests: Some(quantities("250m", "64Mi")),
            limits: Some(quantities("500m", "128Mi")),
            ..ResourceRequirements::default()
        }),
        security_context: Some(security_context()),
        ..Container::default()
    }
}

/// The pod volumes of the floor Deployment of app `name`.
fn floor_volumes(name: &str, config_name: String, secret_name: String) -> Vec<Volume> {
    vec![
        Volume {
            name: "config".to_owned(),
            config_map: Some(ConfigMapVolumeSource {
                name: config_name,
                ..ConfigMapVolumeSource::default()
            }),
            ..Volume::default()
        },
        Volume {
            name: "secret".to_owned(),
            secret: Some(SecretVolumeSource {
                secret_name: Some(secret_name),
                ..SecretVolumeSource::default()
            }),
            ..Volume::default()
        },
        Volume {
            name: "tmp".to_owned(),
            empty_dir: Some(EmptyDirVolumeSource {
                medium: Some("Memory".to_owned()),
                size_limit: Some(K8sQuantity("64Mi".to_owned())),
                ..EmptyDirVolumeSource::default()
            }),
            ..Volume::default()
        },
        Volume {
            name: "data".to_owned(),
            persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource {
                claim_name: format!("{name}-data"),
                read_only: None,
            }),
            ..Volume::default()
        },
    ]
}

/// Writes the `3n` objects of the scenario, built with kubeforge, to `w`: app 0 (ConfigMap,
/// Secret, Deployment), app 1, ..., separated by `---` lines.
///
/// Objects are built and written one app at a time through
/// [`kubeforge::write_yaml_document`], so memory does not depend on `n`. Pass a buffered
/// writer: kubeforge flushes `w` after each document.
///
/// # Errors
///
/// The first build, serialization or I/O error.
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// kubeforge_benches::write_kubeforge(1, &mut out)?;
/// assert!(out.starts_with(b"apiVersion: v1\nkind: ConfigMap\n"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn write_kubeforge<W: Write>(n: usize, w: W) -> Result<(), kubeforge::Error> {
    let mut out = kubeforge::YamlWriter::new(w);
    for i in 0..n {
        let (config_map, secret, deployment) = kubeforge_app(i)?;
        out.write(&config_map)?;
        out.write(&secret)?;
        out.write(&deployment)?;
    }
    out.finish().map(drop)
}

/// Writes the same stream as [`write_kubeforge`] from the hand-written objects of
/// [`floor_app`], through serde-saphyr directly (`serde_saphyr::to_io_writer`, default
/// options). Memory does not depend on `n`.
///
/// # Errors
///
/// The first serialization or I/O error ([`serde_saphyr::SerializeError::IO`]).
///
/// # Examples
///
/// ```
/// let mut out = Vec::new();
/// kubeforge_benches::write_floor(1, &mut out)?;
/// assert!(out.starts_with(b"apiVersion: v1\nkind: ConfigMap\n"));
/// # Ok::<(), serde_saphyr::SerializeError>(())
/// ```
pub fn write_floor<W: Write>(n: usize, mut w: W) -> Result<(), serde_saphyr::SerializeError> {
    let io = |error| serde_saphyr::SerializeError::IO { error };
    for i in 0..n {
        let (config_map, secret, deployment) = floor_app(i);
        if i > 0 {
            w.write_all(SEPARATOR).map_err(io)?;
        }
        serde_saphyr::to_io_writer(&mut w, &config_map)?;
        w.write_all(SEPARATOR).map_err(io)?;
        serde_saphyr::to_io_writer(&mut w, &secret)?;
        w.write_all(SEPARATOR).map_err(io)?;
        serde_saphyr::to_io_writer(&mut w, &deployment)?;
    }
    w.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::Value;

    /// `Deployment.spec` is `Option` before 1.37 and plain from 1.37 on.
    trait SpecRef {
        fn spec_ref(&self) -> Option<&DeploymentSpec>;
    }

    impl SpecRef for Option<DeploymentSpec> {
        fn spec_ref(&self) -> Option<&DeploymentSpec> {
            self.as_ref()
        }
    }

    impl SpecRef for DeploymentSpec {
        fn spec_ref(&self) -> Option<&DeploymentSpec> {
            Some(self)
        }
    }

    const N: usize = 3;

    fn kubeforge_stream() -> String {
        let mut out = Vec::new();
        write_kubeforge(N, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn floor_stream() -> String {
        let mut out = Vec::new();
        write_floor(N, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn parse(stream: &str) -> Vec<Value> {
        serde_saphyr::from_multiple(stream).unwrap()
    }

    #[test]
    fn streams_are_equal_as_data() {
        let kubeforge = parse(&kubeforge_stream());
        let floor = parse(&floor_stream());
        assert_eq!(kubeforge.len(), 3 * N);
        assert_eq!(kubeforge, floor);
    }

    #[test]
    fn streams_are_equal_byte_for_byte() {
        assert_eq!(kubeforge_stream(), floor_stream());
    }

    #[test]
    fn stream_order_and_separators() {
        let stream = kubeforge_stream();
        let documents: Vec<&str> = stream.split("---\n").collect();
        assert_eq!(documents.len(), 3 * N);
        assert!(!stream.starts_with("---"));
        let docs = parse(&stream);
        let expected = (0..N).flat_map(|i| {
            [
                ("ConfigMap", format!("app-{i}-config")),
                ("Secret", format!("app-{i}-secret")),
                ("Deployment", format!("app-{i}")),
            ]
        });
        for (doc, (kind, name)) in docs.iter().zip(expected) {
            assert_eq!(doc["kind"], kind);
            assert_eq!(doc["metadata"]["name"], name.as_str());
            assert!(doc["metadata"].get("namespace").is_none());
        }
    }

    #[test]
    fn kubeforge_objects_equal_floor_objects() {
        for i in [0, 1, 42, 9999] {
            assert_eq!(kubeforge_app(i).unwrap(), floor_app(i), "app {i}");
        }
    }

    #[test]
    fn derived_selector_is_the_scenario_selector() {
        let (_, _, deployment) = kubeforge_app(7).unwrap();
        let spec = deployment.spec.spec_ref().unwrap();
        let expected = BTreeMap::from([(NAME_LABEL.to_owned(), "app-7".to_owned())]);
        assert_eq!(spec.selector.match_labels.as_ref(), Some(&expected));
        assert!(spec.selector.match_expressions.is_none());
        assert_eq!(deployment.metadata.labels.as_ref(), Some(&expected));
        let template = spec.template.metadata.as_ref().unwrap();
        assert_eq!(template.labels.as_ref(), Some(&expected));
    }

    #[test]
    fn scalar_types_and_values() {
        let docs = parse(&kubeforge_stream());
        let (cm, secret, deployment) = (&docs[3], &docs[4], &docs[5]);

        assert_eq!(
            cm["data"]["app.conf"],
            "[server]\nport = 8080\nname = \"app-1\"\n\n[log]\nlevel = \"info\"\nformat = \"json\"\n"
        );
        assert_eq!(cm["data"]["APP_NAME"], "app-1");
        assert_eq!(cm["data"]["LISTEN_ADDR"], "0.0.0.0:8080");
        assert_eq!(cm["data"].as_object().unwrap().len(), 5);

        assert_eq!(secret["type"], "Opaque");
        assert!(secret.get("stringData").is_none());
        assert_eq!(secret["data"]["username"], "dXNlci0x"); // base64("user-1")
        assert_eq!(
            secret["data"]["password"],
            "cHctMS0wMTIzNDU2Nzg5YWJjZGVm" // base64("pw-1-0123456789abcdef")
        );

        let spec = &deployment["spec"];
        assert_eq!(spec["replicas"], Value::from(3));
        assert!(spec["replicas"].is_i64());
        let pod = &spec["template"]["spec"];
        let c = &pod["containers"][0];
        assert_eq!(c["ports"][0]["containerPort"], Value::from(8080));
        assert!(c["ports"][0].get("protocol").is_none());
        assert_eq!(c["securityContext"]["runAsUser"], Value::from(1000));
        assert_eq!(c["securityContext"]["runAsNonRoot"], Value::Bool(true));
        assert_eq!(
            c["securityContext"]["allowPrivilegeEscalation"],
            Value::Bool(false)
        );
        assert_eq!(c["securityContext"]["capabilities"]["drop"][0], "ALL");
        assert_eq!(
            c["securityContext"]["seccompProfile"]["type"],
            "RuntimeDefault"
        );
        assert_eq!(c["resources"]["requests"]["cpu"], "250m");
        assert_eq!(c["resources"]["requests"]["memory"], "64Mi");
        assert_eq!(c["resources"]["limits"]["cpu"], "500m");
        assert_eq!(c["resources"]["limits"]["memory"], "128Mi");
        let env: Vec<&str> = c["env"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            env,
            ["APP_MODE", "APP_INSTANCE", "LOG_LEVEL", "DB_PASSWORD"]
        );
        assert_eq!(c["env"][1]["value"], "app-1");
        assert_eq!(
            c["env"][3]["valueFrom"]["secretKeyRef"]["name"],
            "app-1-secret"
        );
        assert_eq!(c["envFrom"][0]["configMapRef"]["name"], "app-1-config");
        assert_eq!(c["volumeMounts"][1]["readOnly"], Value::Bool(true));
        let volumes = &pod["volumes"];
        assert_eq!(volumes[2]["emptyDir"]["medium"], "Memory");
        assert_eq!(volumes[2]["emptyDir"]["sizeLimit"], "64Mi");
        assert_eq!(
            volumes[3]["persistentVolumeClaim"]["claimName"],
            "app-1-data"
        );
    }

    #[test]
    fn io_errors_are_reported() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        assert!(write_kubeforge(1, Broken).unwrap_err().is_io());
        assert!(matches!(
            write_floor(1, Broken),
            Err(serde_saphyr::SerializeError::IO { .. })
        ));
    }
}
