//! One test per validation rule: the exact field path, the error kind and the message's key words.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::default_trait_access,
    reason = "test code"
)]

use std::collections::BTreeMap;

use k8s_openapi::ByteString;
use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::api::core::v1::{
    ConfigMap, Container, ContainerPort, EnvFromSource, EnvVar, EnvVarSource, KeyToPath,
    ObjectFieldSelector, Pod, PodSpec, PodTemplateSpec, Probe, ResourceRequirements, Secret,
    SecurityContext, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kubeforge::validate::{self, KubeVersion, Options};
use kubeforge::{SpecExt, ViolationKind};

fn container() -> Container {
    Container {
        name: "app".into(),
        image: Some("nginx:1.27".into()),
        ..Container::default()
    }
}

fn pod(f: impl FnOnce(&mut PodSpec)) -> Pod {
    let mut spec = PodSpec {
        containers: vec![container()],
        ..PodSpec::default()
    };
    f(&mut spec);
    Pod {
        metadata: ObjectMeta {
            name: Some("p".into()),
            ..ObjectMeta::default()
        },
        spec: Some(spec),
        status: None,
    }
}

fn c0(f: impl FnOnce(&mut Container)) -> Pod {
    pod(|s| f(&mut s.containers[0]))
}

use kubeforge_tests::rules::{accepts, check, rejects, rejects_exactly, warns};

fn q(s: &str) -> Quantity {
    Quantity(s.into())
}

// ---- metadata (§2, §3) -----------------------------------------------------------------------

#[test]
fn name_required() {
    let mut p = pod(|_| {});
    p.metadata.name = None;
    rejects_exactly(
        &p,
        "metadata.name: Required value: name or generateName is required",
    );
}

#[test]
fn generate_name_alone_is_accepted_in_prefix_mode() {
    let mut p = pod(|_| {});
    p.metadata.name = None;
    p.metadata.generate_name = Some("web-".into());
    accepts(&p);
}

#[test]
fn name_must_be_a_dns_subdomain() {
    let mut p = pod(|_| {});
    p.metadata.name = Some("My_Pod".into());
    rejects(
        &p,
        "metadata.name",
        ViolationKind::Invalid,
        &["\"My_Pod\"", "a lowercase RFC 1123 subdomain"],
    );
}

#[test]
fn subdomain_name_longer_than_253_is_rejected() {
    let mut p = pod(|_| {});
    p.metadata.name = Some("a".repeat(254));
    rejects(
        &p,
        "metadata.name",
        ViolationKind::Invalid,
        &["must be no more than 253 characters"],
    );
}

#[test]
fn dotted_pod_name_is_valid_but_warned() {
    let mut p = pod(|_| {});
    p.metadata.name = Some("web.v1".into());
    warns(
        &p,
        "metadata.name",
        "a DNS label is recommended: [must not contain dots]",
    );
}

#[test]
fn namespace_must_be_a_dns_label() {
    let mut p = pod(|_| {});
    p.metadata.namespace = Some("my.ns".into());
    rejects_exactly(
        &p,
        "metadata.namespace: Invalid value: \"my.ns\": must not contain dots",
    );
}

#[test]
fn label_key_error_is_on_the_map_path() {
    let mut p = pod(|_| {});
    p.metadata.labels = Some(BTreeMap::from([("-bad".to_string(), "v".to_string())]));
    rejects(
        &p,
        "metadata.labels",
        ViolationKind::Invalid,
        &["\"-bad\"", "name part must consist of"],
    );
}

#[test]
fn label_value_error_prints_the_value() {
    let mut p = pod(|_| {});
    p.metadata.labels = Some(BTreeMap::from([("app".to_string(), "-bad".to_string())]));
    rejects(
        &p,
        "metadata.labels",
        ViolationKind::Invalid,
        &["\"-bad\"", "a valid label must be an empty string"],
    );
}

#[test]
fn label_value_max_63() {
    let mut p = pod(|_| {});
    p.metadata.labels = Some(BTreeMap::from([("app".to_string(), "a".repeat(64))]));
    rejects(
        &p,
        "metadata.labels",
        ViolationKind::Invalid,
        &["must be no more than 63 characters"],
    );
}

#[test]
fn annotation_keys_are_checked_lowercased() {
    let mut p = pod(|_| {});
    p.metadata.annotations = Some(BTreeMap::from([(
        "Example.COM/Foo".to_string(),
        "x".to_string(),
    )]));
    accepts(&p);
    p.metadata.annotations = Some(BTreeMap::from([("a b".to_string(), "x".to_string())]));
    rejects(
        &p,
        "metadata.annotations",
        ViolationKind::Invalid,
        &["\"a b\""],
    );
}

#[test]
fn annotations_total_size_is_limited() {
    let mut p = pod(|_| {});
    p.metadata.annotations = Some(BTreeMap::from([("k".to_string(), "x".repeat(262_144))]));
    rejects_exactly(
        &p,
        "metadata.annotations: Too long: may not be more than 262144 bytes",
    );
}

#[test]
fn template_labels_are_checked() {
    let mut d = deployment(|_| {});
    d.spec_mut()
        .template
        .metadata
        .as_mut()
        .unwrap()
        .labels
        .as_mut()
        .unwrap()
        .insert("x/y/z".into(), "v".into());
    rejects(
        &d,
        "spec.template.metadata.labels",
        ViolationKind::Invalid,
        &["\"x/y/z\""],
    );
}

// ---- containers (§5.1) ------------------------------------------------------------------------

#[test]
fn containers_required() {
    rejects_exactly(
        &pod(|s| s.containers.clear()),
        "spec.containers: Required value",
    );
}

#[test]
fn container_name_required_and_dns_label() {
    rejects_exactly(
        &c0(|c| c.name.clear()),
        "spec.containers[0].name: Required value",
    );
    rejects(
        &c0(|c| c.name = "App".into()),
        "spec.containers[0].name",
        ViolationKind::Invalid,
        &["a lowercase RFC 1123 label"],
    );
}

#[test]
fn container_names_unique_across_init_and_regular() {
    rejects_exactly(
        &pod(|s| s.containers.push(container())),
        "spec.containers[1].name: Duplicate value: \"app\"",
    );
    rejects_exactly(
        &pod(|s| s.init_containers = Some(vec![container()])),
        "spec.initContainers[0].name: Duplicate value: \"app\"",
    );
}

#[test]
fn image_required() {
    rejects_exactly(
        &c0(|c| c.image = None),
        "spec.containers[0].image: Required value",
    );
}

#[test]
fn image_whitespace_rejected_in_pods() {
    rejects_exactly(
        &c0(|c| c.image = Some(" nginx".into())),
        "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace",
    );
}

#[test]
fn image_pull_policy_is_case_sensitive() {
    rejects_exactly(
        &c0(|c| c.image_pull_policy = Some("always".into())),
        "spec.containers[0].imagePullPolicy: Unsupported value: \"always\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
    );
}

#[test]
fn restart_policy_forbidden_on_regular_containers() {
    rejects_exactly(
        &c0(|c| c.restart_policy = Some("Always".into())),
        "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers",
    );
}

#[test]
fn init_container_probes_need_sidecar() {
    let probe = Probe {
        tcp_socket: Some(k8s_openapi::api::core::v1::TCPSocketAction {
            port: IntOrString::Int(80),
            host: None,
        }),
        ..Probe::default()
    };
    let mut init = container();
    init.name = "init".into();
    init.readiness_probe = Some(probe.clone());
    let p = pod(|s| s.init_containers = Some(vec![init.clone()]));
    rejects_exactly(
        &p,
        "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always",
    );
    init.restart_policy = Some("Always".into());
    accepts(&pod(|s| s.init_containers = Some(vec![init])));
}

// ---- ports (§5.2) -------------------------------------------------------------------------------

fn port(n: i32) -> ContainerPort {
    ContainerPort {
        container_port: n,
        ..ContainerPort::default()
    }
}

#[test]
fn container_port_required_and_in_range() {
    rejects_exactly(
        &c0(|c| c.ports = Some(vec![port(0)])),
        "spec.containers[0].ports[0].containerPort: Required value",
    );
    rejects_exactly(
        &c0(|c| c.ports = Some(vec![port(70000)])),
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
    );
}

#[test]
fn port_name_rules_each_reported() {
    let mut p = port(80);
    p.name = Some("-my--port-name-too-long".into());
    let pod = c0(|c| c.ports = Some(vec![p]));
    for frag in [
        "must be no more than 15 characters",
        "must not contain consecutive hyphens",
        "must not begin or end with a hyphen",
    ] {
        rejects(
            &pod,
            "spec.containers[0].ports[0].name",
            ViolationKind::Invalid,
            &[frag],
        );
    }
    let mut digits = port(80);
    digits.name = Some("8080".into());
    rejects(
        &c0(|c| c.ports = Some(vec![digits])),
        "spec.containers[0].ports[0].name",
        ViolationKind::Invalid,
        &["must contain at least one letter"],
    );
}

#[test]
fn port_names_unique_per_container() {
    let mut a = port(80);
    a.name = Some("http".into());
    let mut b = port(81);
    b.name = Some("http".into());
    rejects_exactly(
        &c0(|c| c.ports = Some(vec![a, b])),
        "spec.containers[0].ports[1].name: Duplicate value: \"http\"",
    );
}

#[test]
fn protocol_is_an_enum() {
    let mut p = port(80);
    p.protocol = Some("HTTP".into());
    rejects_exactly(
        &c0(|c| c.ports = Some(vec![p])),
        "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
    );
}

#[test]
fn host_port_conflicts_across_containers() {
    let mut p = port(80);
    p.host_port = Some(8080);
    let mut second = container();
    second.name = "two".into();
    second.ports = Some(vec![p.clone()]);
    let pod = pod(|s| {
        s.containers[0].ports = Some(vec![p]);
        s.containers.push(second);
    });
    rejects_exactly(
        &pod,
        "spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\"",
    );
}

// ---- env (§5.3) ---------------------------------------------------------------------------------

fn env_var(name: &str) -> EnvVar {
    EnvVar {
        name: name.into(),
        value: Some("v".into()),
        value_from: None,
    }
}

#[test]
fn env_name_required() {
    rejects_exactly(
        &c0(|c| c.env = Some(vec![env_var("")])),
        "spec.containers[0].env[0].name: Required value",
    );
}

#[test]
fn env_name_strict_before_1_32_relaxed_after() {
    let p = c0(|c| c.env = Some(vec![env_var("1VAR")]));
    let strict =
        validate::validate(&p, &Options::default().k8s_version(KubeVersion::new(31))).unwrap_err();
    assert!(strict.violations()[0].to_string().starts_with(
        "spec.containers[0].env[0].name: Invalid value: \"1VAR\": a valid environment variable name must consist of alphabetic characters"
    ));
    accepts(&p);
    accepts(&c0(|c| c.env = Some(vec![env_var("MY VAR")])));
    rejects_exactly(
        &c0(|c| c.env = Some(vec![env_var("A=B")])),
        "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='",
    );
}

#[test]
fn env_value_from_needs_exactly_one_source() {
    let mut e = env_var("X");
    e.value = None;
    e.value_from = Some(EnvVarSource::default());
    rejects_exactly(
        &c0(|c| c.env = Some(vec![e.clone()])),
        "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
    );
    e.value = Some("x".into());
    e.value_from = Some(EnvVarSource {
        field_ref: Some(ObjectFieldSelector {
            api_version: None,
            field_path: "metadata.name".into(),
        }),
        ..EnvVarSource::default()
    });
    rejects_exactly(
        &c0(|c| c.env = Some(vec![e.clone()])),
        "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty",
    );
    e.value = None;
    e.value_from.as_mut().unwrap().secret_key_ref =
        Some(k8s_openapi::api::core::v1::SecretKeySelector {
            name: "s".into(),
            key: "k".into(),
            optional: None,
        });
    rejects_exactly(
        &c0(|c| c.env = Some(vec![e])),
        "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one field specified at a time",
    );
}

fn field_env(path: &str) -> EnvVar {
    EnvVar {
        name: "F".into(),
        value: None,
        value_from: Some(EnvVarSource {
            field_ref: Some(ObjectFieldSelector {
                api_version: None,
                field_path: path.into(),
            }),
            ..EnvVarSource::default()
        }),
    }
}

#[test]
fn field_ref_paths() {
    accepts(&c0(|c| {
        c.env = Some(vec![
            field_env("status.podIP"),
            field_env("metadata.labels['app']"),
        ]);
    }));
    rejects(
        &c0(|c| c.env = Some(vec![field_env("status.phase")])),
        "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath",
        ViolationKind::NotSupported,
        &["\"status.phase\"", "supported values: \"metadata.name\""],
    );
    rejects_exactly(
        &c0(|c| c.env = Some(vec![field_env("spec.hostname")])),
        "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: \"spec.hostname\": error converting fieldPath: field label not supported: spec.hostname",
    );
}

#[test]
fn resource_field_ref_divisor_for_cpu() {
    let e = EnvVar {
        name: "CPU".into(),
        value: None,
        value_from: Some(EnvVarSource {
            resource_field_ref: Some(k8s_openapi::api::core::v1::ResourceFieldSelector {
                container_name: None,
                divisor: Some(q("1Mi")),
                resource: "limits.cpu".into(),
            }),
            ..EnvVarSource::default()
        }),
    };
    rejects(
        &c0(|c| c.env = Some(vec![e])),
        "spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor",
        ViolationKind::Invalid,
        &["only divisor's values 1m and 1 are supported with the cpu resource"],
    );
}

#[test]
fn key_ref_key_required_and_checked() {
    let mk = |key: &str| EnvVar {
        name: "X".into(),
        value: None,
        value_from: Some(EnvVarSource {
            config_map_key_ref: Some(k8s_openapi::api::core::v1::ConfigMapKeySelector {
                name: "cfg".into(),
                key: key.into(),
                optional: None,
            }),
            ..EnvVarSource::default()
        }),
    };
    rejects_exactly(
        &c0(|c| c.env = Some(vec![mk("")])),
        "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value",
    );
    rejects(
        &c0(|c| c.env = Some(vec![mk("a/b")])),
        "spec.containers[0].env[0].valueFrom.configMapKeyRef.key",
        ViolationKind::Invalid,
        &["a valid config key"],
    );
}

#[test]
fn duplicate_env_is_a_warning() {
    let p = c0(|c| c.env = Some(vec![env_var("X"), env_var("X")]));
    warns(
        &p,
        "spec.containers[0].env[1]",
        "hides previous definition of \"X\"",
    );
}

// ---- envFrom (§5.4) -----------------------------------------------------------------------------

#[test]
fn env_from_needs_exactly_one_source_on_unindexed_path() {
    rejects_exactly(
        &c0(|c| c.env_from = Some(vec![EnvFromSource::default()])),
        "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`",
    );
}

#[test]
fn env_from_name_required_and_prefix_checked() {
    let src = EnvFromSource {
        config_map_ref: Some(k8s_openapi::api::core::v1::ConfigMapEnvSource {
            name: String::new(),
            optional: None,
        }),
        prefix: Some("A=".into()),
        ..EnvFromSource::default()
    };
    let p = c0(|c| c.env_from = Some(vec![src]));
    rejects_exactly(
        &p,
        "spec.containers[0].envFrom[0].configMapRef.name: Required value",
    );
    rejects(
        &p,
        "spec.containers[0].envFrom[0].prefix",
        ViolationKind::Invalid,
        &["\"A=\""],
    );
}

// ---- volumes (§5.5) -----------------------------------------------------------------------------

fn empty_dir(name: &str) -> Volume {
    Volume {
        name: name.into(),
        empty_dir: Some(Default::default()),
        ..Volume::default()
    }
}

#[test]
fn volume_name_required_unique_label() {
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![empty_dir("")])),
        "spec.volumes[0].name: Required value",
    );
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![empty_dir("a"), empty_dir("a")])),
        "spec.volumes[1].name: Duplicate value: \"a\"",
    );
    rejects(
        &pod(|s| s.volumes = Some(vec![empty_dir("A")])),
        "spec.volumes[0].name",
        ViolationKind::Invalid,
        &["RFC 1123 label"],
    );
}

#[test]
fn volume_needs_exactly_one_source() {
    rejects_exactly(
        &pod(|s| {
            s.volumes = Some(vec![Volume {
                name: "v".into(),
                ..Volume::default()
            }]);
        }),
        "spec.volumes[0]: Required value: must specify a volume type",
    );
    let mut two = empty_dir("v");
    two.config_map = Some(k8s_openapi::api::core::v1::ConfigMapVolumeSource {
        name: "c".into(),
        ..Default::default()
    });
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![two])),
        "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type",
    );
}

#[test]
fn empty_dir_size_limit() {
    let mut v = empty_dir("v");
    v.empty_dir.as_mut().unwrap().size_limit = Some(q("-1Mi"));
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![v.clone()])),
        "spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity",
    );
    v.empty_dir.as_mut().unwrap().size_limit = Some(q("64MB"));
    rejects(
        &pod(|s| s.volumes = Some(vec![v])),
        "spec.volumes[0].emptyDir.sizeLimit",
        ViolationKind::Invalid,
        &["quantities must match"],
    );
}

#[test]
fn host_path_type_and_backsteps() {
    let v = Volume {
        name: "h".into(),
        host_path: Some(k8s_openapi::api::core::v1::HostPathVolumeSource {
            path: "/data/../etc".into(),
            type_: Some("Dir".into()),
        }),
        ..Volume::default()
    };
    let p = pod(|s| s.volumes = Some(vec![v]));
    rejects_exactly(
        &p,
        "spec.volumes[0].hostPath.path: Invalid value: \"/data/../etc\": must not contain '..'",
    );
    rejects_exactly(
        &p,
        "spec.volumes[0].hostPath.type: Unsupported value: \"Dir\": supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", \"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"",
    );
}

#[test]
fn config_map_volume_items_and_modes() {
    let v = Volume {
        name: "c".into(),
        config_map: Some(k8s_openapi::api::core::v1::ConfigMapVolumeSource {
            name: "cfg".into(),
            default_mode: Some(512),
            items: Some(vec![
                KeyToPath {
                    key: "a".into(),
                    path: "/etc/x".into(),
                    mode: None,
                    ..Default::default()
                },
                KeyToPath {
                    key: String::new(),
                    path: "..x".into(),
                    mode: Some(-1),
                    ..Default::default()
                },
            ]),
            optional: None,
            ..Default::default()
        }),
        ..Volume::default()
    };
    let p = pod(|s| s.volumes = Some(vec![v]));
    rejects_exactly(
        &p,
        "spec.volumes[0].configMap.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive",
    );
    rejects_exactly(
        &p,
        "spec.volumes[0].configMap.items[0].path: Invalid value: \"/etc/x\": must be a relative path",
    );
    rejects_exactly(&p, "spec.volumes[0].configMap.items[1].key: Required value");
    rejects_exactly(
        &p,
        "spec.volumes[0].configMap.items[1].path: Invalid value: \"..x\": must not start with '..'",
    );
    rejects(
        &p,
        "spec.volumes[0].configMap.items[1].mode",
        ViolationKind::Invalid,
        &["-1"],
    );
}

#[test]
fn secret_volume_needs_secret_name() {
    let v = Volume {
        name: "s".into(),
        secret: Some(Default::default()),
        ..Volume::default()
    };
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![v])),
        "spec.volumes[0].secret.secretName: Required value",
    );
}

#[test]
fn pvc_claim_name_required() {
    let v = Volume {
        name: "d".into(),
        persistent_volume_claim: Some(Default::default()),
        ..Volume::default()
    };
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![v])),
        "spec.volumes[0].persistentVolumeClaim.claimName: Required value",
    );
}

#[test]
fn nfs_path_absolute() {
    let v = Volume {
        name: "n".into(),
        nfs: Some(k8s_openapi::api::core::v1::NFSVolumeSource {
            server: "srv".into(),
            path: "exports".into(),
            read_only: None,
        }),
        ..Volume::default()
    };
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![v])),
        "spec.volumes[0].nfs.path: Invalid value: \"exports\": must be an absolute path",
    );
}

#[test]
fn cephfs_monitors_required_and_deprecation_warned() {
    let mut v = Volume {
        name: "c".into(),
        cephfs: Some(Default::default()),
        ..Volume::default()
    };
    rejects_exactly(
        &pod(|s| s.volumes = Some(vec![v.clone()])),
        "spec.volumes[0].cephfs.monitors: Required value",
    );
    v.cephfs.as_mut().unwrap().monitors = vec!["m:6789".into()];
    warns(
        &pod(|s| s.volumes = Some(vec![v])),
        "spec.volumes[0].cephfs",
        "deprecated in v1.28",
    );
}

#[test]
fn projected_token_expiration_and_duplicate_paths() {
    use k8s_openapi::api::core::v1::{
        ProjectedVolumeSource, ServiceAccountTokenProjection, VolumeProjection,
    };
    let token = |path: &str, exp: i64| VolumeProjection {
        service_account_token: Some(ServiceAccountTokenProjection {
            audience: None,
            expiration_seconds: Some(exp),
            path: path.into(),
            ..Default::default()
        }),
        ..VolumeProjection::default()
    };
    let v = Volume {
        name: "p".into(),
        projected: Some(ProjectedVolumeSource {
            sources: Some(vec![token("t", 60), token("t", 3600)]),
            ..Default::default()
        }),
        ..Volume::default()
    };
    let p = pod(|s| s.volumes = Some(vec![v]));
    rejects_exactly(
        &p,
        "spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes",
    );
    rejects(
        &p,
        "spec.volumes[0].projected",
        ViolationKind::Invalid,
        &["conflicting duplicate paths"],
    );
}

// ---- volume mounts (§5.6) -------------------------------------------------------------------------

fn mount(name: &str, path: &str) -> VolumeMount {
    VolumeMount {
        name: name.into(),
        mount_path: path.into(),
        ..VolumeMount::default()
    }
}

#[test]
fn mount_must_name_a_volume() {
    rejects_exactly(
        &c0(|c| c.volume_mounts = Some(vec![mount("cache", "/cache")])),
        "spec.containers[0].volumeMounts[0].name: Not found: \"cache\"",
    );
}

#[test]
fn mount_path_required_and_unique() {
    let p = pod(|s| {
        s.volumes = Some(vec![empty_dir("a")]);
        s.containers[0].volume_mounts =
            Some(vec![mount("a", ""), mount("a", "/x"), mount("a", "/x")]);
    });
    rejects_exactly(
        &p,
        "spec.containers[0].volumeMounts[0].mountPath: Required value",
    );
    rejects_exactly(
        &p,
        "spec.containers[0].volumeMounts[2].mountPath: Invalid value: \"/x\": must be unique",
    );
}

#[test]
fn sub_path_errors_use_the_unindexed_path() {
    let mut m = mount("a", "/x");
    m.sub_path = Some("/etc".into());
    let mut m2 = mount("a", "/y");
    m2.sub_path = Some("../secret".into());
    let mut m3 = mount("a", "/z");
    m3.sub_path = Some("a".into());
    m3.sub_path_expr = Some("$(B)".into());
    let p = pod(|s| {
        s.volumes = Some(vec![empty_dir("a")]);
        s.containers[0].volume_mounts = Some(vec![m, m2, m3]);
    });
    rejects_exactly(
        &p,
        "spec.containers[0].volumeMounts.subPath: Invalid value: \"/etc\": must be a relative path",
    );
    rejects_exactly(
        &p,
        "spec.containers[0].volumeMounts.subPath: Invalid value: \"../secret\": must not contain '..'",
    );
    rejects_exactly(
        &p,
        "spec.containers[0].volumeMounts[2].subPathExpr: Invalid value: \"$(B)\": subPathExpr and subPath are mutually exclusive",
    );
}

// ---- probes (§5.7) --------------------------------------------------------------------------------

fn tcp_probe() -> Probe {
    Probe {
        tcp_socket: Some(k8s_openapi::api::core::v1::TCPSocketAction {
            port: IntOrString::Int(80),
            host: None,
        }),
        ..Probe::default()
    }
}

#[test]
fn probe_needs_exactly_one_handler() {
    rejects_exactly(
        &c0(|c| c.liveness_probe = Some(Probe::default())),
        "spec.containers[0].livenessProbe: Required value: must specify a handler type",
    );
    let mut two = tcp_probe();
    two.grpc = Some(k8s_openapi::api::core::v1::GRPCAction {
        port: 9000,
        ..Default::default()
    });
    rejects_exactly(
        &c0(|c| c.liveness_probe = Some(two)),
        "spec.containers[0].livenessProbe.grpc: Forbidden: may not specify more than 1 handler type",
    );
}

#[test]
fn liveness_success_threshold_must_be_one() {
    let mut p = tcp_probe();
    p.success_threshold = Some(2);
    rejects_exactly(
        &c0(|c| c.liveness_probe = Some(p.clone())),
        "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
    );
    accepts(&c0(|c| c.readiness_probe = Some(p)));
}

#[test]
fn probe_numbers_non_negative_and_ports_checked() {
    let mut p = tcp_probe();
    p.period_seconds = Some(-1);
    p.tcp_socket.as_mut().unwrap().port = IntOrString::String("HTTP".into());
    let pod = c0(|c| c.readiness_probe = Some(p));
    rejects_exactly(
        &pod,
        "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0",
    );
    rejects(
        &pod,
        "spec.containers[0].readinessProbe.tcpSocket.port",
        ViolationKind::Invalid,
        &["\"HTTP\"", "must contain only alpha-numeric characters"],
    );
}

// ---- resources (§5.8, §6) -------------------------------------------------------------------------

fn res(requests: &[(&str, &str)], limits: &[(&str, &str)]) -> Pod {
    let map = |kv: &[(&str, &str)]| -> Option<BTreeMap<String, Quantity>> {
        (!kv.is_empty()).then(|| kv.iter().map(|(k, v)| ((*k).to_string(), q(v))).collect())
    };
    c0(|c| {
        c.resources = Some(ResourceRequirements {
            claims: None,
            limits: map(limits),
            requests: map(requests),
        });
    })
}

#[test]
fn quantity_grammar_errors_name_the_field() {
    for bad in ["64Mb", "1gi", "1 Gi", "", "1,5", "0x10", "Mi"] {
        rejects(
            &res(&[], &[("memory", bad)]),
            "spec.containers[0].resources.limits[memory]",
            ViolationKind::Invalid,
            &["quantities must match the regular expression"],
        );
    }
    for bad in ["1K", "1mi", "1e"] {
        rejects(
            &res(&[], &[("memory", bad)]),
            "spec.containers[0].resources.limits[memory]",
            ViolationKind::Invalid,
            &["unable to parse quantity's suffix"],
        );
    }
}

#[test]
fn quantities_non_negative() {
    rejects_exactly(
        &res(&[], &[("cpu", "-1")]),
        "spec.containers[0].resources.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0",
    );
}

#[test]
fn request_above_limit_reported_on_requests() {
    rejects_exactly(
        &res(&[("cpu", "2")], &[("cpu", "1")]),
        "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
    );
    rejects_exactly(
        &res(&[("memory", "1Gi")], &[("memory", "1000Mi")]),
        "spec.containers[0].resources.requests: Invalid value: \"1Gi\": must be less than or equal to memory limit of 1000Mi",
    );
    accepts(&res(
        &[("cpu", "500m"), ("memory", "1Gi")],
        &[("cpu", "0.5"), ("memory", "1024Mi")],
    ));
}

#[test]
fn resource_names_standard_for_containers() {
    rejects(
        &res(&[("storage", "1Gi")], &[]),
        "spec.containers[0].resources.requests[storage]",
        ViolationKind::Invalid,
        &["must be a standard resource for containers"],
    );
    rejects(
        &res(&[("gpu", "1")], &[]),
        "spec.containers[0].resources.requests[gpu]",
        ViolationKind::Invalid,
        &["must be a standard resource type or fully qualified"],
    );
}

#[test]
fn extended_resources_integer_and_not_overcommitted() {
    rejects(
        &res(&[], &[("nvidia.com/gpu", "0.5")]),
        "spec.containers[0].resources.limits[nvidia.com/gpu]",
        ViolationKind::Invalid,
        &["must be an integer"],
    );
    rejects_exactly(
        &res(&[("nvidia.com/gpu", "1")], &[]),
        "spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources",
    );
}

#[test]
fn fractional_memory_is_a_warning() {
    warns(
        &res(&[("memory", "128m")], &[]),
        "spec.containers[0].resources.requests[memory]",
        "fractional byte value \"128m\" is invalid, must be an integer",
    );
}

// ---- security contexts (§5.9) ----------------------------------------------------------------------

#[test]
fn user_ids_in_range() {
    rejects_exactly(
        &c0(|c| {
            c.security_context = Some(SecurityContext {
                run_as_user: Some(-1),
                ..Default::default()
            });
        }),
        "spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive",
    );
}

#[test]
fn privileged_conflicts_with_no_privilege_escalation() {
    rejects(
        &c0(|c| {
            c.security_context = Some(SecurityContext {
                privileged: Some(true),
                allow_privilege_escalation: Some(false),
                ..Default::default()
            });
        }),
        "spec.containers[0].securityContext",
        ViolationKind::Invalid,
        &["cannot set `allowPrivilegeEscalation` to false and `privileged` to true"],
    );
}

#[test]
fn seccomp_type_enum_and_localhost_profile() {
    use k8s_openapi::api::core::v1::SeccompProfile;
    let sc = |t: &str, p: Option<&str>| SecurityContext {
        seccomp_profile: Some(SeccompProfile {
            type_: t.into(),
            localhost_profile: p.map(Into::into),
        }),
        ..Default::default()
    };
    rejects_exactly(
        &c0(|c| c.security_context = Some(sc("runtime/default", None))),
        "spec.containers[0].securityContext.seccompProfile.type: Unsupported value: \"runtime/default\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"",
    );
    rejects_exactly(
        &c0(|c| c.security_context = Some(sc("Localhost", None))),
        "spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost",
    );
}

// ---- pod level (§5.10) ------------------------------------------------------------------------------

#[test]
fn pod_restart_policy_enum() {
    rejects(
        &pod(|s| s.restart_policy = Some("Sometimes".into())),
        "spec.restartPolicy",
        ViolationKind::NotSupported,
        &["\"Sometimes\""],
    );
}

#[test]
fn service_account_name_is_a_subdomain() {
    rejects(
        &pod(|s| s.service_account_name = Some("Bad Name".into())),
        "spec.serviceAccountName",
        ViolationKind::Invalid,
        &["RFC 1123 subdomain"],
    );
}

// ---- ConfigMap and Secret (§4) ------------------------------------------------------------------------

fn cm(data: &[(&str, &str)]) -> ConfigMap {
    ConfigMap {
        metadata: ObjectMeta {
            name: Some("cfg".into()),
            ..ObjectMeta::default()
        },
        data: Some(
            data.iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        ),
        ..ConfigMap::default()
    }
}

#[test]
fn config_map_keys() {
    rejects(
        &cm(&[("a b", "x")]),
        "data[a b]",
        ViolationKind::Invalid,
        &["a valid config key must consist of alphanumeric characters"],
    );
    rejects_exactly(
        &cm(&[(".", "x")]),
        "data[.]: Invalid value: \".\": must not be '.'",
    );
    rejects_exactly(
        &cm(&[("..", "x")]),
        "data[..]: Invalid value: \"..\": must not be '..'",
    );
    rejects_exactly(
        &cm(&[("..a", "x")]),
        "data[..a]: Invalid value: \"..a\": must not start with '..'",
    );
    accepts(&cm(&[(".env", "x"), ("a..b", "y")]));
}

#[test]
fn config_map_key_in_data_and_binary_data() {
    let mut c = cm(&[("k", "x")]);
    c.binary_data = Some(BTreeMap::from([("k".to_string(), ByteString(vec![1]))]));
    rejects_exactly(
        &c,
        "data[k]: Invalid value: \"k\": duplicate of key present in binaryData",
    );
}

#[test]
fn config_map_size_limit_counts_values() {
    let big = "x".repeat(1024 * 1024);
    accepts(&cm(&[("a", &big)]));
    rejects_exactly(
        &cm(&[("a", &big), ("b", "y")]),
        "[]: Too long: may not be more than 1048576 bytes",
    );
}

fn secret(ty: &str, keys: &[&str]) -> Secret {
    Secret {
        metadata: ObjectMeta {
            name: Some("s".into()),
            ..ObjectMeta::default()
        },
        type_: Some(ty.into()),
        data: Some(
            keys.iter()
                .map(|k| ((*k).to_string(), ByteString(b"v".to_vec())))
                .collect(),
        ),
        ..Secret::default()
    }
}

#[test]
fn secret_required_keys_per_type() {
    rejects_exactly(
        &secret("kubernetes.io/tls", &["tls.crt"]),
        "data[tls.key]: Required value",
    );
    accepts(&secret("kubernetes.io/tls", &["tls.crt", "tls.key"]));
    let s = secret("kubernetes.io/basic-auth", &[]);
    rejects_exactly(&s, "data[username]: Required value");
    rejects_exactly(&s, "data[password]: Required value");
    accepts(&secret("kubernetes.io/basic-auth", &["password"]));
    rejects_exactly(
        &secret("kubernetes.io/ssh-auth", &[]),
        "data[ssh-privatekey]: Required value",
    );
    rejects_exactly(
        &secret("kubernetes.io/dockerconfigjson", &[]),
        "data[.dockerconfigjson]: Required value",
    );
    rejects(
        &secret("kubernetes.io/dockerconfigjson", &[".dockerconfigjson"]),
        "data[.dockerconfigjson]",
        ViolationKind::Invalid,
        &["<secret contents redacted>"],
    );
    rejects_exactly(
        &secret("kubernetes.io/service-account-token", &[]),
        "metadata.annotations[kubernetes.io/service-account.name]: Required value",
    );
    accepts(&secret("example.com/custom", &[]));
}

#[test]
fn secret_string_data_keys_reported_as_data() {
    let mut s = secret("Opaque", &[]);
    s.string_data = Some(BTreeMap::from([("bad key".to_string(), "v".to_string())]));
    rejects(
        &s,
        "data[bad key]",
        ViolationKind::Invalid,
        &["a valid config key"],
    );
}

#[test]
fn secret_size_limit() {
    let mut s = secret("Opaque", &[]);
    s.data = Some(BTreeMap::from([(
        "a".to_string(),
        ByteString(vec![0; 1024 * 1024 + 1]),
    )]));
    rejects_exactly(&s, "data: Too long: may not be more than 1048576 bytes");
}

// ---- Deployment (§7.1) ----------------------------------------------------------------------------

fn deployment(f: impl FnOnce(&mut DeploymentSpec)) -> Deployment {
    let labels = BTreeMap::from([("app".to_string(), "web".to_string())]);
    let mut spec = DeploymentSpec {
        selector: LabelSelector {
            match_labels: Some(labels.clone()),
            match_expressions: None,
        },
        template: PodTemplateSpec {
            metadata: Some(ObjectMeta {
                labels: Some(labels),
                ..ObjectMeta::default()
            }),
            spec: Some(PodSpec {
                containers: vec![container()],
                ..PodSpec::default()
            }),
        },
        ..DeploymentSpec::default()
    };
    f(&mut spec);
    #[allow(clippy::useless_conversion, reason = "Option before Kubernetes 1.37")]
    Deployment {
        metadata: ObjectMeta {
            name: Some("web".into()),
            ..ObjectMeta::default()
        },
        spec: spec.into(),
        status: None,
    }
}

#[test]
fn deployment_selector_must_match_template() {
    let d = deployment(|s| {
        s.selector.match_labels = Some(BTreeMap::from([("app".to_string(), "api".to_string())]));
    });
    rejects_exactly(
        &d,
        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
    );
}

#[test]
fn deployment_selector_must_not_be_empty() {
    // A missing selector (or `selector: {}`, which decodes the same) is `Required value`.
    let d = deployment(|s| s.selector = LabelSelector::default());
    rejects_exactly(&d, "spec.selector: Required value");
    let d = deployment(|s| {
        s.selector = LabelSelector {
            match_labels: Some(BTreeMap::new()),
            ..LabelSelector::default()
        };
    });
    rejects(
        &d,
        "spec.selector",
        ViolationKind::Invalid,
        &["empty selector is invalid for deployment"],
    );
}

#[test]
fn deployment_replicas_non_negative() {
    rejects_exactly(
        &deployment(|s| s.replicas = Some(-1)),
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    );
}

#[test]
fn rolling_update_rules() {
    let ru = |mu: IntOrString, ms: IntOrString| {
        deployment(|s| {
            s.strategy = Some(DeploymentStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: Some(RollingUpdateDeployment {
                    max_surge: Some(ms),
                    max_unavailable: Some(mu),
                }),
            });
        })
    };
    rejects_exactly(
        &ru(IntOrString::Int(0), IntOrString::String("0%".into())),
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0",
    );
    rejects_exactly(
        &ru(IntOrString::String("150%".into()), IntOrString::Int(1)),
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 150%: must not be greater than 100%",
    );
    accepts(&ru(IntOrString::Int(0), IntOrString::String("200%".into())));
    rejects(
        &ru(IntOrString::String("ten".into()), IntOrString::Int(1)),
        "spec.strategy.rollingUpdate.maxUnavailable",
        ViolationKind::Invalid,
        &["a valid percent string"],
    );
}

#[test]
fn recreate_forbids_rolling_update() {
    let d = deployment(|s| {
        s.strategy = Some(DeploymentStrategy {
            type_: Some("Recreate".into()),
            rolling_update: Some(RollingUpdateDeployment::default()),
        });
    });
    rejects_exactly(
        &d,
        "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'",
    );
    let d = deployment(|s| {
        s.strategy = Some(DeploymentStrategy {
            type_: Some("BlueGreen".into()),
            rolling_update: None,
        });
    });
    rejects(
        &d,
        "spec.strategy.type",
        ViolationKind::NotSupported,
        &["\"BlueGreen\"", "\"Recreate\", \"RollingUpdate\""],
    );
}

#[test]
fn progress_deadline_above_min_ready() {
    let d = deployment(|s| {
        s.min_ready_seconds = Some(10);
        s.progress_deadline_seconds = Some(10);
    });
    rejects_exactly(
        &d,
        "spec.progressDeadlineSeconds: Invalid value: 10: must be greater than minReadySeconds",
    );
}

#[test]
fn template_restart_policy_always_and_no_deadline() {
    let d = deployment(|s| {
        let spec = s.template.spec.as_mut().unwrap();
        spec.restart_policy = Some("Never".into());
        spec.active_deadline_seconds = Some(10);
    });
    rejects_exactly(
        &d,
        "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
    );
    rejects_exactly(
        &d,
        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
    );
}

#[test]
fn template_paths_are_prefixed() {
    let d = deployment(|s| {
        s.template.spec.as_mut().unwrap().containers[0].env =
            Some(vec![env_var(""), env_var("A"), env_var("1=X")]);
    });
    rejects_exactly(
        &d,
        "spec.template.spec.containers[0].env[0].name: Required value",
    );
    rejects(
        &d,
        "spec.template.spec.containers[0].env[2].name",
        ViolationKind::Invalid,
        &["\"1=X\""],
    );
}

#[test]
fn every_violation_is_reported_at_once() {
    let mut p = c0(|c| {
        c.name = "Bad".into();
        c.image = None;
        c.env = Some(vec![env_var("")]);
    });
    p.metadata.name = Some("Bad".into());
    let err = check(&p).unwrap_err();
    assert_eq!(err.violations().len(), 4, "{err}");
    assert!(err.to_string().starts_with("The Pod \"Bad\" is invalid: ["));
}

// ---- known traps (warnings, RULES.md §11 and the course) ------------------------------------------

#[test]
fn image_without_tag_or_latest_is_warned() {
    warns(
        &c0(|c| c.image = Some("nginx".into())),
        "spec.containers[0].image",
        "has no tag",
    );
    warns(
        &c0(|c| c.image = Some("registry:5000/my-app:latest".into())),
        "spec.containers[0].image",
        ":latest",
    );
    let pinned = accepts(&c0(|c| {
        c.image = Some("registry:5000/app@sha256:abc".into());
    }));
    assert!(pinned.is_empty(), "{pinned:?}");
    let tagged = accepts(&c0(|c| c.image = Some("registry:5000/app".into())));
    assert!(
        tagged.iter().any(|w| w.message().contains("has no tag")),
        "the port is not a tag"
    );
}

#[test]
fn env_reference_to_a_later_or_unknown_variable_is_warned() {
    let mut url = env_var("URL");
    url.value = Some("mysql://$(HOST):$(PORT)/$$(LITERAL)".into());
    let p = c0(|c| c.env = Some(vec![url, env_var("HOST")]));
    warns(
        &p,
        "spec.containers[0].env[0].value",
        "$(HOST) refers to a variable defined later",
    );
    warns(
        &p,
        "spec.containers[0].env[0].value",
        "$(PORT) refers to no variable",
    );
    let w = accepts(&p);
    assert!(
        !w.iter().any(|w| w.message().contains("LITERAL")),
        "$$( is an escape: {w:?}"
    );
    let mut ok = env_var("URL");
    ok.value = Some("$(HOST)".into());
    let w = accepts(&c0(|c| c.env = Some(vec![env_var("HOST"), ok])));
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn config_map_mounted_with_sub_path_is_warned() {
    let v = Volume {
        name: "cfg".into(),
        config_map: Some(k8s_openapi::api::core::v1::ConfigMapVolumeSource {
            name: "app".into(),
            ..Default::default()
        }),
        ..Volume::default()
    };
    let mut m = mount("cfg", "/etc/app.conf");
    m.sub_path = Some("app.conf".into());
    let p = pod(|s| {
        s.volumes = Some(vec![v]);
        s.containers[0].volume_mounts = Some(vec![m]);
    });
    warns(
        &p,
        "spec.containers[0].volumeMounts[0].subPath",
        "never updated",
    );
}

#[test]
fn memory_in_millis_is_warned() {
    warns(
        &res(&[], &[("memory", "128m")]),
        "spec.containers[0].resources.limits[memory]",
        "fractional byte value \"128m\"",
    );
}

#[test]
fn label_key_message_follows_the_target_version() {
    let mut p = pod(|_| {});
    p.metadata.labels = Some(BTreeMap::from([("a/b/c".to_string(), "v".to_string())]));
    let old = validate::validate(&p, &Options::default()).unwrap_err();
    assert!(
        old.violations()[0]
            .to_string()
            .contains(": a qualified name must consist of"),
        "{old}"
    );
    let new =
        validate::validate(&p, &Options::default().k8s_version(KubeVersion::V1_34)).unwrap_err();
    assert!(
        new.violations()[0]
            .to_string()
            .contains(": a valid label key must consist of"),
        "{new}"
    );
}

// ---- rules added with the corpus (§3 finalizers, §5.9 host namespaces, §5.10 scheduling) --------

#[test]
fn finalizers_must_be_standard_or_qualified() {
    let mut p = pod(|_| {});
    p.metadata.finalizers = Some(vec!["cleanup".into()]);
    rejects_exactly(
        &p,
        "metadata.finalizers: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified",
    );
    p.metadata.finalizers = Some(vec!["orphan".into(), "foregroundDeletion".into()]);
    rejects(
        &p,
        "metadata.finalizers",
        ViolationKind::Invalid,
        &["finalizer orphan and foregroundDeletion cannot be both set"],
    );
    p.metadata.finalizers = Some(vec!["example.com/cleanup".into(), "kubernetes".into()]);
    accepts(&p);
}

#[test]
fn share_process_namespace_conflicts_with_host_pid() {
    let p = pod(|s| {
        s.share_process_namespace = Some(true);
        s.host_pid = Some(true);
    });
    rejects_exactly(
        &p,
        "spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled",
    );
}

#[test]
fn host_network_ports_must_match() {
    let mut port = port(8080);
    port.host_port = Some(8081);
    let p = pod(|s| {
        s.host_network = Some(true);
        s.containers[0].ports = Some(vec![port]);
    });
    rejects_exactly(
        &p,
        "spec.containers[0].ports[0].hostPort: Invalid value: 8081: must match `containerPort` when `hostNetwork` is true",
    );
}

#[test]
fn unmasked_proc_mount_needs_host_users_false() {
    let p = c0(|c| {
        c.security_context = Some(SecurityContext {
            proc_mount: Some("Unmasked".into()),
            ..Default::default()
        });
    });
    rejects_exactly(
        &p,
        "spec.containers[0].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` must be false to use `Unmasked`",
    );
    let mut ok = p.clone();
    ok.spec.as_mut().unwrap().host_users = Some(false);
    accepts(&ok);
}

#[test]
fn app_armor_type_is_an_enum() {
    let p = c0(|c| {
        c.security_context = Some(SecurityContext {
            app_armor_profile: Some(k8s_openapi::api::core::v1::AppArmorProfile {
                type_: "Default".into(),
                ..Default::default()
            }),
            ..Default::default()
        });
    });
    rejects_exactly(
        &p,
        "spec.containers[0].securityContext.appArmorProfile.type: Unsupported value: \"Default\": supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\"",
    );
}

#[test]
fn dns_policy_none_needs_dns_config() {
    rejects_exactly(
        &pod(|s| s.dns_policy = Some("None".into())),
        "spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None",
    );
}

#[test]
fn toleration_rules() {
    use k8s_openapi::api::core::v1::Toleration;
    let t = |key: &str, op: &str, value: &str, effect: &str, secs: Option<i64>| Toleration {
        key: Some(key.into()),
        operator: Some(op.into()),
        value: Some(value.into()),
        effect: Some(effect.into()),
        toleration_seconds: secs,
    };
    rejects(
        &pod(|s| s.tolerations = Some(vec![t("", "Equal", "", "", None)])),
        "spec.tolerations[0].operator",
        ViolationKind::Invalid,
        &["operator must be Exists when `key` is empty"],
    );
    rejects(
        &pod(|s| s.tolerations = Some(vec![t("k", "Exists", "v", "", None)])),
        "spec.tolerations[0].operator",
        ViolationKind::Invalid,
        &["value must be empty when `operator` is 'Exists'"],
    );
    rejects_exactly(
        &pod(|s| s.tolerations = Some(vec![t("k", "Equal", "v", "NoSchedule", Some(30))])),
        "spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set",
    );
    rejects(
        &pod(|s| s.tolerations = Some(vec![t("k", "Equal", "v", "NoScheduling", None)])),
        "spec.tolerations[0].effect",
        ViolationKind::NotSupported,
        &["\"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""],
    );
    accepts(&pod(|s| {
        s.tolerations = Some(vec![
            t("", "Exists", "", "", None),
            t("k", "Equal", "v", "NoExecute", Some(30)),
        ]);
    }));
}

#[test]
fn topology_spread_rules() {
    use k8s_openapi::api::core::v1::TopologySpreadConstraint;
    let c = |skew: i32, when: &str| TopologySpreadConstraint {
        max_skew: skew,
        topology_key: "topology.kubernetes.io/zone".into(),
        when_unsatisfiable: when.into(),
        ..Default::default()
    };
    rejects_exactly(
        &pod(|s| s.topology_spread_constraints = Some(vec![c(0, "DoNotSchedule")])),
        "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
    );
    rejects_exactly(
        &pod(|s| s.topology_spread_constraints = Some(vec![c(1, "Schedule")])),
        "spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Schedule\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"",
    );
}

// ---- §11 warnings and lifecycle hooks -------------------------------------------------------------

#[test]
fn replaced_annotations_and_node_labels_are_warned() {
    let mut p = pod(|s| {
        s.node_selector = Some(BTreeMap::from([(
            "failure-domain.beta.kubernetes.io/zone".to_string(),
            "a".to_string(),
        )]));
    });
    p.metadata.annotations = Some(BTreeMap::from([(
        "seccomp.security.alpha.kubernetes.io/pod".to_string(),
        "runtime/default".to_string(),
    )]));
    warns(
        &p,
        "spec.nodeSelector[failure-domain.beta.kubernetes.io/zone]",
        "use \"topology.kubernetes.io/zone\" instead",
    );
    warns(
        &p,
        "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]",
        "non-functional in v1.27+",
    );
}

#[test]
fn image_pull_secrets_and_host_aliases() {
    use k8s_openapi::api::core::v1::{HostAlias, LocalObjectReference};
    let secrets = |names: &[&str]| {
        names
            .iter()
            .map(|n| LocalObjectReference { name: (*n).into() })
            .collect::<Vec<_>>()
    };
    warns(
        &pod(|s| s.image_pull_secrets = Some(secrets(&[""]))),
        "spec.imagePullSecrets[0].name",
        "invalid empty name",
    );
    warns(
        &pod(|s| s.image_pull_secrets = Some(secrets(&["r", "r"]))),
        "spec.imagePullSecrets[1].name",
        "duplicate name",
    );
    let alias = |ip: &str| HostAlias {
        ip: ip.into(),
        hostnames: Some(vec!["db.local".into()]),
    };
    rejects_exactly(
        &pod(|s| s.host_aliases = Some(vec![alias("10.0.0")])),
        "spec.hostAliases[0].ip: Invalid value: \"10.0.0\": must be valid IP address",
    );
    warns(
        &pod(|s| s.host_aliases = Some(vec![alias("10.0.0.1"), alias("10.0.0.1")])),
        "spec.hostAliases[1].ip",
        "duplicate ip",
    );
}

#[test]
fn deprecated_volume_plugins_are_warned() {
    let v = Volume {
        name: "g".into(),
        glusterfs: Some(k8s_openapi::api::core::v1::GlusterfsVolumeSource {
            endpoints: "gfs".into(),
            path: "vol".into(),
            ..Default::default()
        }),
        ..Volume::default()
    };
    warns(
        &pod(|s| s.volumes = Some(vec![v])),
        "spec.volumes[0].glusterfs",
        "non-functional",
    );
}

#[test]
fn lifecycle_hooks_need_exactly_one_handler() {
    use k8s_openapi::api::core::v1::{ExecAction, Lifecycle, LifecycleHandler, SleepAction};
    let p = c0(|c| {
        c.lifecycle = Some(Lifecycle {
            pre_stop: Some(LifecycleHandler::default()),
            post_start: Some(LifecycleHandler {
                exec: Some(ExecAction {
                    command: Some(vec!["true".into()]),
                }),
                sleep: Some(SleepAction { seconds: 5 }),
                ..Default::default()
            }),
            ..Default::default()
        });
    });
    rejects_exactly(
        &p,
        "spec.containers[0].lifecycle.preStop: Required value: must specify a handler type",
    );
    rejects_exactly(
        &p,
        "spec.containers[0].lifecycle.postStart.sleep: Forbidden: may not specify more than 1 handler type",
    );
}

// ---- owner references, resize policy, ephemeral/image volumes, tokens, hugepages, host users ----

#[test]
fn owner_references_need_version_kind_name_uid() {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;
    let mut p = pod(|_| {});
    p.metadata.owner_references = Some(vec![OwnerReference {
        api_version: "apps/".into(),
        ..Default::default()
    }]);
    rejects_exactly(
        &p,
        "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
    );
    rejects_exactly(
        &p,
        "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty",
    );
}

#[test]
fn resize_policy_resources_and_restart() {
    use k8s_openapi::api::core::v1::ContainerResizePolicy;
    let rp = |r: &str, p: &str| ContainerResizePolicy {
        resource_name: r.into(),
        restart_policy: p.into(),
    };
    let pod =
        c0(|c| c.resize_policy = Some(vec![rp("gpu", "NotRequired"), rp("cpu", "Sometimes")]));
    rejects_exactly(
        &pod,
        "spec.containers[0].resizePolicy[0].resourceName: Unsupported value: \"gpu\": supported values: \"cpu\", \"memory\"",
    );
    rejects(
        &pod,
        "spec.containers[0].resizePolicy[1].restartPolicy",
        ViolationKind::NotSupported,
        &["\"Sometimes\""],
    );
}

#[test]
fn ephemeral_volume_template_is_a_pvc() {
    use k8s_openapi::api::core::v1::{EphemeralVolumeSource, PersistentVolumeClaimTemplate};
    let v = Volume {
        name: "scratch".into(),
        ephemeral: Some(EphemeralVolumeSource {
            volume_claim_template: Some(PersistentVolumeClaimTemplate {
                metadata: Some(ObjectMeta {
                    name: Some("x".into()),
                    ..Default::default()
                }),
                spec: Default::default(),
            }),
        }),
        ..Volume::default()
    };
    let p = pod(|s| s.volumes = Some(vec![v]));
    rejects_exactly(
        &p,
        "spec.volumes[0].ephemeral.volumeClaimTemplate.metadata.name: Forbidden: cannot be set",
    );
    rejects(
        &p,
        "spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes",
        ViolationKind::Required,
        &["at least 1 access mode"],
    );
}

#[test]
fn projected_token_needs_a_service_account_in_pods() {
    use k8s_openapi::api::core::v1::{
        ProjectedVolumeSource, ServiceAccountTokenProjection, VolumeProjection,
    };
    let v = Volume {
        name: "token".into(),
        projected: Some(ProjectedVolumeSource {
            sources: Some(vec![VolumeProjection {
                service_account_token: Some(ServiceAccountTokenProjection {
                    path: "token".into(),
                    ..Default::default()
                }),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Volume::default()
    };
    let p = pod(|s| s.volumes = Some(vec![v.clone()]));
    rejects_exactly(
        &p,
        "spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be specified when serviceAccountName is not set",
    );
    accepts(&pod(|s| {
        s.volumes = Some(vec![v]);
        s.service_account_name = Some("app".into());
    }));
}

#[test]
fn hugepages_are_page_multiples_and_host_users_false_forbids_host_namespaces() {
    rejects(
        &res(
            &[("hugepages-2Mi", "3Mi"), ("memory", "1Gi")],
            &[("hugepages-2Mi", "3Mi"), ("memory", "1Gi")],
        ),
        "spec.containers[0].resources.limits[hugepages-2Mi]",
        ViolationKind::Invalid,
        &["3Mi is not positive integer multiple of hugepages-2Mi"],
    );
    rejects_exactly(
        &pod(|s| {
            s.host_users = Some(false);
            s.host_network = Some(true);
        }),
        "spec.securityContext.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false",
    );
}

#[test]
fn dns_searches_are_subdomains() {
    use k8s_openapi::api::core::v1::PodDNSConfig;
    let p = pod(|s| {
        s.dns_config = Some(PodDNSConfig {
            searches: Some(vec![
                "svc.cluster.local".into(),
                "_srv.example.com".into(),
                "Bad Domain".into(),
            ]),
            ..Default::default()
        });
    });
    rejects(
        &p,
        "spec.dnsConfig.searches[2]",
        ViolationKind::Invalid,
        &["\"Bad Domain\""],
    );
    let err = validate::validate(&p, &Options::default()).unwrap_err();
    assert_eq!(err.violations().len(), 1, "`_` is allowed from 1.33: {err}");
}

#[test]
fn lifecycle_sleep_within_the_grace_period() {
    use k8s_openapi::api::core::v1::{Lifecycle, LifecycleHandler, SleepAction};
    let p = c0(|c| {
        c.lifecycle = Some(Lifecycle {
            pre_stop: Some(LifecycleHandler {
                sleep: Some(SleepAction { seconds: 60 }),
                ..Default::default()
            }),
            ..Default::default()
        });
    });
    rejects_exactly(
        &p,
        "spec.containers[0].lifecycle.preStop.sleep.seconds: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (30)",
    );
}

#[test]
fn volume_devices_need_a_claim() {
    use k8s_openapi::api::core::v1::VolumeDevice;
    let p = pod(|s| {
        s.volumes = Some(vec![empty_dir("raw")]);
        s.containers[0].volume_devices = Some(vec![VolumeDevice {
            name: "raw".into(),
            device_path: "/dev/xvda".into(),
        }]);
    });
    rejects(
        &p,
        "spec.containers[0].volumeDevices[0].name",
        ViolationKind::Invalid,
        &["PersistentVolumeClaim or Ephemeral for block mode"],
    );
}

#[test]
fn windows_pods_cannot_set_linux_fields() {
    use k8s_openapi::api::core::v1::{PodOS, PodSecurityContext};
    let p = pod(|s| {
        s.os = Some(PodOS {
            name: "windows".into(),
        });
        s.security_context = Some(PodSecurityContext {
            run_as_user: Some(1000),
            ..Default::default()
        });
    });
    rejects_exactly(
        &p,
        "spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod",
    );
    rejects(
        &pod(|s| {
            s.os = Some(PodOS {
                name: "darwin".into(),
            });
        }),
        "spec.os.name",
        ViolationKind::NotSupported,
        &["\"darwin\""],
    );
}
