//! One test per validation rule of StatefulSet, storage, Namespace/ServiceAccount and RBAC kinds:
//! the exact field path, the error kind and the message (RULES.md §7.2, §8, §9, §10).
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::default_trait_access,
    clippy::useless_conversion,
    reason = "test code; `.into()` converts String to String or Option<String> depending on the Kubernetes version"
)]

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetOrdinals,
    StatefulSetPersistentVolumeClaimRetentionPolicy, StatefulSetSpec, StatefulSetUpdateStrategy,
};
use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, Container, HostPathVolumeSource, LocalVolumeSource, NFSVolumeSource,
    Namespace, NamespaceSpec, PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec,
    PersistentVolumeSpec, PodSpec, PodTemplateSpec, ServiceAccount,
    TopologySelectorLabelRequirement, TopologySelectorTerm, TypedLocalObjectReference,
    TypedObjectReference, VolumeMount, VolumeResourceRequirements,
};
use k8s_openapi::api::rbac::v1::{
    AggregationRule, ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef,
    Subject,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kubeforge::validate::{self, KubeVersion, Options, Validate};
use kubeforge::{SpecExt, ViolationKind};

const RBAC: &str = "rbac.authorization.k8s.io";

// ---- helpers (as in tests/rules.rs) ------------------------------------------------------------

use kubeforge_tests::rules::{accepts, check, rejects, rejects_exactly, warns};

fn q(s: &str) -> Quantity {
    Quantity(s.into())
}

fn named(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.into()),
        ..Default::default()
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

// ---- base objects ------------------------------------------------------------------------------

fn claim_spec() -> PersistentVolumeClaimSpec {
    PersistentVolumeClaimSpec {
        access_modes: Some(strings(&["ReadWriteOnce"])),
        resources: Some(VolumeResourceRequirements {
            requests: Some(BTreeMap::from([("storage".to_owned(), q("1Gi"))])),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn pvc(f: impl FnOnce(&mut PersistentVolumeClaimSpec)) -> PersistentVolumeClaim {
    let mut spec = claim_spec();
    f(&mut spec);
    PersistentVolumeClaim {
        metadata: named("data"),
        spec: Some(spec),
        ..Default::default()
    }
}

fn sts(f: impl FnOnce(&mut StatefulSetSpec)) -> StatefulSet {
    let labels = BTreeMap::from([("app".to_owned(), "web".to_owned())]);
    let mut s = StatefulSet {
        metadata: named("web"),
        ..Default::default()
    };
    let spec = s.spec_mut();
    spec.service_name = Some("web".into());
    spec.selector = LabelSelector {
        match_labels: Some(labels.clone()),
        ..Default::default()
    };
    spec.template = PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(labels),
            ..Default::default()
        }),
        spec: Some(PodSpec {
            containers: vec![Container {
                name: "app".into(),
                image: Some("nginx:1.27".into()),
                volume_mounts: Some(vec![VolumeMount {
                    name: "data".into(),
                    mount_path: "/data".into(),
                    ..Default::default()
                }]),
                ..Default::default()
            }],
            ..Default::default()
        }),
    };
    spec.volume_claim_templates = Some(vec![pvc(|_| {})]);
    f(spec);
    s
}

fn sts_pod(f: impl FnOnce(&mut PodSpec)) -> StatefulSet {
    sts(|s| f(s.template.spec.as_mut().unwrap()))
}

fn vct(f: impl FnOnce(&mut PersistentVolumeClaim)) -> StatefulSet {
    sts(|s| f(&mut s.volume_claim_templates.as_mut().unwrap()[0]))
}

fn pv(f: impl FnOnce(&mut PersistentVolumeSpec)) -> PersistentVolume {
    let mut spec = PersistentVolumeSpec {
        access_modes: Some(strings(&["ReadWriteOnce"])),
        capacity: Some(BTreeMap::from([("storage".to_owned(), q("10Gi"))])),
        nfs: Some(NFSVolumeSource {
            server: "nfs.example.com".into(),
            path: "/exports/data".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    f(&mut spec);
    PersistentVolume {
        metadata: named("pv-1"),
        spec: Some(spec),
        ..Default::default()
    }
}

fn sc(f: impl FnOnce(&mut StorageClass)) -> StorageClass {
    let mut s = StorageClass {
        metadata: named("fast"),
        provisioner: "ebs.csi.aws.com".into(),
        parameters: Some(BTreeMap::from([("type".to_owned(), "gp3".to_owned())])),
        reclaim_policy: Some("Delete".into()),
        volume_binding_mode: Some("WaitForFirstConsumer".into()),
        ..Default::default()
    };
    f(&mut s);
    s
}

fn rule() -> PolicyRule {
    PolicyRule {
        api_groups: Some(strings(&[""])),
        resources: Some(strings(&["pods"])),
        verbs: strings(&["get", "list"]),
        ..Default::default()
    }
}

fn role(f: impl FnOnce(&mut PolicyRule)) -> Role {
    let mut r = rule();
    f(&mut r);
    Role {
        metadata: named("reader"),
        rules: Some(vec![r]),
        ..Default::default()
    }
}

fn cluster_role(f: impl FnOnce(&mut PolicyRule)) -> ClusterRole {
    let mut r = rule();
    f(&mut r);
    ClusterRole {
        metadata: named("system:reader"),
        rules: Some(vec![r]),
        ..Default::default()
    }
}

fn sa_subject() -> Subject {
    Subject {
        kind: "ServiceAccount".into(),
        name: "app".into(),
        namespace: Some("default".into()),
        ..Default::default()
    }
}

fn role_binding(f: impl FnOnce(&mut RoleBinding)) -> RoleBinding {
    let mut b = RoleBinding {
        metadata: named("read-pods"),
        role_ref: RoleRef {
            api_group: RBAC.to_owned().into(),
            kind: "Role".into(),
            name: "reader".into(),
            ..Default::default()
        },
        subjects: Some(vec![sa_subject()]),
        ..Default::default()
    };
    f(&mut b);
    b
}

fn cluster_role_binding(f: impl FnOnce(&mut ClusterRoleBinding)) -> ClusterRoleBinding {
    let mut b = ClusterRoleBinding {
        metadata: named("read-pods"),
        role_ref: RoleRef {
            api_group: RBAC.to_owned().into(),
            kind: "ClusterRole".into(),
            name: "system:reader".into(),
            ..Default::default()
        },
        subjects: Some(vec![sa_subject()]),
        ..Default::default()
    };
    f(&mut b);
    b
}

fn subject0(f: impl FnOnce(&mut Subject)) -> RoleBinding {
    role_binding(|b| f(&mut b.subjects.as_mut().unwrap()[0]))
}

#[test]
fn base_objects_are_valid() {
    assert!(accepts(&sts(|_| {})).is_empty());
    assert!(accepts(&pvc(|_| {})).is_empty());
    assert!(accepts(&pv(|_| {})).is_empty());
    assert!(accepts(&sc(|_| {})).is_empty());
    assert!(accepts(&role(|_| {})).is_empty());
    assert!(accepts(&cluster_role(|_| {})).is_empty());
    assert!(accepts(&role_binding(|_| {})).is_empty());
    assert!(accepts(&cluster_role_binding(|_| {})).is_empty());
    assert!(
        accepts(&Namespace {
            metadata: named("team-a"),
            ..Default::default()
        })
        .is_empty()
    );
    assert!(
        accepts(&ServiceAccount {
            metadata: named("app.v2"),
            ..Default::default()
        })
        .is_empty()
    );
}

#[test]
fn object_refs_name_kind_and_name() {
    assert_eq!(sts(|_| {}).object_ref(), "StatefulSet/web");
    assert_eq!(pvc(|_| {}).object_ref(), "PersistentVolumeClaim/data");
    assert_eq!(pv(|_| {}).object_ref(), "PersistentVolume/pv-1");
    assert_eq!(sc(|_| {}).object_ref(), "StorageClass/fast");
    assert_eq!(role(|_| {}).object_ref(), "Role/reader");
    assert_eq!(
        cluster_role(|_| {}).object_ref(),
        "ClusterRole/system:reader"
    );
    assert_eq!(role_binding(|_| {}).object_ref(), "RoleBinding/read-pods");
    assert_eq!(
        cluster_role_binding(|_| {}).object_ref(),
        "ClusterRoleBinding/read-pods"
    );
    let err = check(&sts(|s| s.replicas = Some(-1))).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("The StatefulSet \"web\" is invalid"),
        "{err}"
    );
}

// ---- StatefulSet (§7.2) ------------------------------------------------------------------------

const LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

#[test]
fn sts_name_must_be_a_dns_label() {
    let mut s = sts(|_| {});
    s.metadata.name = Some("web.v1".into());
    rejects_exactly(
        &s,
        "metadata.name: Invalid value: \"web.v1\": must not contain dots",
    );
    s.metadata.name = Some("Web".into());
    rejects_exactly(
        &s,
        &format!("metadata.name: Invalid value: \"Web\": {LABEL_MSG}"),
    );
}

#[test]
fn sts_name_over_52_chars_is_a_warning() {
    let mut s = sts(|_| {});
    s.metadata.name = Some("a".repeat(53));
    warns(&s, "metadata.name", "no more than 52 characters");
    s.metadata.name = Some("a".repeat(52));
    assert!(accepts(&s).is_empty());
}

#[test]
fn sts_counts_must_not_be_negative() {
    rejects_exactly(
        &sts(|s| s.replicas = Some(-1)),
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
    );
    rejects_exactly(
        &sts(|s| s.min_ready_seconds = Some(-5)),
        "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0",
    );
    rejects_exactly(
        &sts(|s| {
            s.ordinals = Some(StatefulSetOrdinals {
                start: Some(-1),
                ..Default::default()
            });
        }),
        "spec.ordinals.start: Invalid value: -1: must be greater than or equal to 0",
    );
    accepts(&sts(|s| {
        s.replicas = Some(0);
        s.ordinals = Some(StatefulSetOrdinals {
            start: Some(5),
            ..Default::default()
        });
    }));
}

#[test]
fn sts_pod_management_policy() {
    rejects_exactly(
        &sts(|s| s.pod_management_policy = Some("Sequential".into())),
        "spec.podManagementPolicy: Invalid value: \"Sequential\": must be 'OrderedReady' or 'Parallel'",
    );
    accepts(&sts(|s| s.pod_management_policy = Some("Parallel".into())));
}

fn strategy(ty: &str, ru: Option<RollingUpdateStatefulSetStrategy>) -> StatefulSet {
    sts(|s| {
        s.update_strategy = Some(StatefulSetUpdateStrategy {
            type_: Some(ty.into()),
            rolling_update: ru,
            ..Default::default()
        });
    })
}

fn max_unavailable(v: IntOrString) -> StatefulSet {
    strategy(
        "RollingUpdate",
        Some(RollingUpdateStatefulSetStrategy {
            max_unavailable: Some(v),
            ..Default::default()
        }),
    )
}

#[test]
fn sts_update_strategy_type() {
    rejects_exactly(
        &strategy("Recreate", None),
        "spec.updateStrategy.type: Invalid value: \"Recreate\": must be 'RollingUpdate' or 'OnDelete'",
    );
    accepts(&strategy("OnDelete", None));
}

#[test]
fn sts_on_delete_forbids_rolling_update() {
    rejects(
        &strategy(
            "OnDelete",
            Some(RollingUpdateStatefulSetStrategy {
                partition: Some(1),
                ..Default::default()
            }),
        ),
        "spec.updateStrategy.rollingUpdate",
        ViolationKind::Invalid,
        &["only allowed for updateStrategy 'RollingUpdate'"],
    );
}

#[test]
fn sts_partition_must_not_be_negative() {
    rejects_exactly(
        &strategy(
            "RollingUpdate",
            Some(RollingUpdateStatefulSetStrategy {
                partition: Some(-2),
                ..Default::default()
            }),
        ),
        "spec.updateStrategy.rollingUpdate.partition: Invalid value: -2: must be greater than or equal to 0",
    );
}

#[test]
fn sts_max_unavailable_rules() {
    let p = "spec.updateStrategy.rollingUpdate.maxUnavailable";
    rejects_exactly(
        &max_unavailable(IntOrString::Int(0)),
        &format!("{p}: Invalid value: 0: cannot be 0"),
    );
    rejects_exactly(
        &max_unavailable(IntOrString::String("0%".into())),
        &format!("{p}: Invalid value: 0%: cannot be 0"),
    );
    rejects_exactly(
        &max_unavailable(IntOrString::Int(-1)),
        &format!("{p}: Invalid value: -1: must be greater than or equal to 0"),
    );
    rejects_exactly(
        &max_unavailable(IntOrString::String("150%".into())),
        &format!("{p}: Invalid value: 150%: must not be greater than 100%"),
    );
    rejects(
        &max_unavailable(IntOrString::String("half".into())),
        p,
        ViolationKind::Invalid,
        &["a valid percent string"],
    );
    accepts(&max_unavailable(IntOrString::Int(2)));
    accepts(&max_unavailable(IntOrString::String("100%".into())));
}

#[test]
fn sts_retention_policy_values() {
    let s = sts(|s| {
        s.persistent_volume_claim_retention_policy =
            Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
                when_deleted: Some("Keep".into()),
                when_scaled: Some("Delete".into()),
                ..Default::default()
            });
    });
    rejects_exactly(
        &s,
        "spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: \"Keep\": supported values: \"Delete\", \"Retain\"",
    );
    let s = sts(|s| {
        s.persistent_volume_claim_retention_policy =
            Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
                when_scaled: Some("delete".into()),
                ..Default::default()
            });
    });
    rejects(
        &s,
        "spec.persistentVolumeClaimRetentionPolicy.whenScaled",
        ViolationKind::NotSupported,
        &["\"delete\""],
    );
}

#[test]
fn sts_selector_must_not_be_empty() {
    rejects_exactly(
        &sts(|s| s.selector = LabelSelector::default()),
        "spec.selector: Required value",
    );
    rejects(
        &sts(|s| {
            s.selector = LabelSelector {
                match_labels: Some(std::collections::BTreeMap::new()),
                ..LabelSelector::default()
            };
        }),
        "spec.selector",
        ViolationKind::Invalid,
        &["empty selector is invalid for statefulset"],
    );
}

#[test]
fn sts_selector_must_match_template_labels() {
    rejects_exactly(
        &sts(|s| {
            s.selector.match_labels = Some(BTreeMap::from([("app".into(), "db".into())]));
        }),
        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`",
    );
}

#[test]
fn sts_selector_expressions_are_validated() {
    rejects_exactly(
        &sts(|s| {
            s.selector.match_expressions = Some(vec![LabelSelectorRequirement {
                key: "tier".into(),
                operator: "Equals".into(),
                ..Default::default()
            }]);
        }),
        "spec.selector.matchExpressions[0].operator: Invalid value: \"Equals\": not a valid selector operator",
    );
}

#[test]
fn sts_template_restart_policy_must_be_always() {
    rejects_exactly(
        &sts_pod(|p| p.restart_policy = Some("OnFailure".into())),
        "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
    );
}

#[test]
fn sts_template_active_deadline_is_forbidden() {
    rejects_exactly(
        &sts_pod(|p| p.active_deadline_seconds = Some(30)),
        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in StatefulSet is not Supported",
    );
}

#[test]
fn sts_template_pod_spec_is_always_validated() {
    for v in [KubeVersion::V1_33, KubeVersion::V1_37] {
        let s = sts_pod(|p| p.containers[0].image = None);
        let err = validate::validate(&s, &Options::default().k8s_version(v)).unwrap_err();
        assert!(
            err.violations()
                .iter()
                .any(|x| x.path() == "spec.template.spec.containers[0].image"),
            "{v}: {err}"
        );
    }
    rejects(
        &sts(|s| s.template.spec = None),
        "spec.template.spec.containers",
        ViolationKind::Required,
        &[],
    );
}

#[test]
fn sts_claim_templates_count_as_volumes() {
    // The base mounts "data", declared only as a claim template.
    accepts(&sts(|_| {}));
    rejects_exactly(
        &sts(|s| s.volume_claim_templates = None),
        "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\"",
    );
}

#[test]
fn sts_service_name_must_be_a_dns_label() {
    rejects_exactly(
        &sts(|s| s.service_name = Some("Web_Svc".into())),
        &format!("spec.serviceName: Invalid value: \"Web_Svc\": {LABEL_MSG}"),
    );
    accepts(&sts(|s| s.service_name = None));
    accepts(&sts(|s| s.service_name = Some(String::new())));
}

#[test]
fn sts_claim_template_name_required_and_a_dns_label() {
    rejects_exactly(
        &vct(|c| c.metadata.name = None),
        "spec.volumeClaimTemplates[0].metadata.name: Required value",
    );
    rejects_exactly(
        &vct(|c| c.metadata.name = Some("my.data".into())),
        "spec.volumeClaimTemplates[0].metadata.name: Invalid value: \"my.data\": must not contain dots",
    );
}

#[test]
fn sts_claim_pvc_names_must_be_valid_pvc_names() {
    // <claim>-<statefulset>-0 longer than 253 characters.
    let long = "a".repeat(200);
    let claim = "b".repeat(60);
    let mut s = sts(|s| {
        s.volume_claim_templates.as_mut().unwrap()[0].metadata.name = Some(claim.clone());
        s.template.spec.as_mut().unwrap().containers[0]
            .volume_mounts
            .as_mut()
            .unwrap()[0]
            .name
            .clone_from(&claim);
    });
    s.metadata.name = Some(long.clone());
    rejects_exactly(
        &s,
        &format!(
            "spec.volumeClaimTemplates[0].metadata.name: Invalid value: \"{claim}-{long}-0\": must be no more than 253 characters"
        ),
    );
}

#[test]
fn sts_claim_template_spec_uses_pvc_rules() {
    rejects_exactly(
        &vct(|c| c.spec.as_mut().unwrap().access_modes = None),
        "spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required",
    );
    rejects_exactly(
        &vct(|c| c.spec.as_mut().unwrap().resources = None),
        "spec.volumeClaimTemplates[0].spec.resources[storage]: Required value",
    );
    rejects_exactly(
        &vct(|c| c.spec = None),
        "spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required",
    );
}

#[test]
fn sts_claim_template_labels_are_validated() {
    rejects(
        &vct(|c| {
            c.metadata.labels = Some(BTreeMap::from([("app".into(), "-bad".into())]));
        }),
        "spec.volumeClaimTemplates[0].metadata.labels",
        ViolationKind::Invalid,
        &["\"-bad\"", "a valid label must be an empty string"],
    );
}

#[test]
fn sts_in_1_37_shape() {
    // spec_mut works whether `spec` is an Option (1.33) or plain (1.37).
    let mut s = sts(|_| {});
    s.spec_mut().replicas = Some(3);
    assert_eq!(s.spec_ref().and_then(|x| x.replicas), Some(3));
    accepts(&s);
}

// ---- PersistentVolumeClaim (§8.1) --------------------------------------------------------------

#[test]
fn pvc_name_is_a_subdomain() {
    let mut c = pvc(|_| {});
    c.metadata.name = Some("data.v1".into());
    accepts(&c);
    c.metadata.name = Some("Data".into());
    rejects(
        &c,
        "metadata.name",
        ViolationKind::Invalid,
        &["a lowercase RFC 1123 subdomain"],
    );
}

#[test]
fn pvc_access_modes_required() {
    rejects_exactly(
        &pvc(|s| s.access_modes = Some(vec![])),
        "spec.accessModes: Required value: at least 1 access mode is required",
    );
}

#[test]
fn pvc_access_modes_supported() {
    rejects_exactly(
        &pvc(|s| s.access_modes = Some(strings(&["RWO"]))),
        "spec.accessModes: Unsupported value: \"RWO\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
    );
}

#[test]
fn pvc_read_write_once_pod_is_exclusive() {
    rejects_exactly(
        &pvc(|s| s.access_modes = Some(strings(&["ReadWriteOncePod", "ReadOnlyMany"]))),
        "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
    );
    accepts(&pvc(|s| {
        s.access_modes = Some(strings(&["ReadWriteOncePod"]));
    }));
    accepts(&pvc(|s| {
        s.access_modes = Some(strings(&["ReadWriteOnce", "ReadOnlyMany"]));
    }));
}

fn storage(v: &str) -> PersistentVolumeClaim {
    pvc(|s| {
        s.resources = Some(VolumeResourceRequirements {
            requests: Some(BTreeMap::from([("storage".to_owned(), q(v))])),
            ..Default::default()
        });
    })
}

#[test]
fn pvc_storage_request_required() {
    rejects_exactly(
        &pvc(|s| s.resources = None),
        "spec.resources[storage]: Required value",
    );
    // A limit alone does not count.
    rejects_exactly(
        &pvc(|s| {
            s.resources = Some(VolumeResourceRequirements {
                limits: Some(BTreeMap::from([("storage".to_owned(), q("1Gi"))])),
                ..Default::default()
            });
        }),
        "spec.resources[storage]: Required value",
    );
}

#[test]
fn pvc_storage_must_be_positive() {
    rejects_exactly(
        &storage("0"),
        "spec.resources[storage]: Invalid value: \"0\": must be greater than zero",
    );
    rejects_exactly(
        &storage("0Gi"),
        "spec.resources[storage]: Invalid value: \"0\": must be greater than zero",
    );
    rejects_exactly(
        &storage("-1Gi"),
        "spec.resources[storage]: Invalid value: \"-1Gi\": must be greater than zero",
    );
    accepts(&storage("500Mi"));
}

#[test]
fn pvc_storage_must_parse() {
    // A decode error: reported at the manifest's own path.
    rejects(
        &storage("1GB"),
        "spec.resources.requests[storage]",
        ViolationKind::Invalid,
        &["\"1GB\""],
    );
}

#[test]
fn pvc_storage_class_name() {
    accepts(&pvc(|s| s.storage_class_name = Some(String::new())));
    accepts(&pvc(|s| s.storage_class_name = Some("fast.ssd".into())));
    rejects(
        &pvc(|s| s.storage_class_name = Some("Fast SSD".into())),
        "spec.storageClassName",
        ViolationKind::Invalid,
        &["\"Fast SSD\"", "a lowercase RFC 1123 subdomain"],
    );
}

#[test]
fn pvc_volume_mode() {
    accepts(&pvc(|s| s.volume_mode = Some("Block".into())));
    rejects_exactly(
        &pvc(|s| s.volume_mode = Some("Raw".into())),
        "spec.volumeMode: Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\"",
    );
}

#[test]
fn pvc_selector_rules() {
    rejects_exactly(
        &pvc(|s| {
            s.selector = Some(LabelSelector {
                match_expressions: Some(vec![LabelSelectorRequirement {
                    key: "zone".into(),
                    operator: "In".into(),
                    ..Default::default()
                }]),
                ..Default::default()
            });
        }),
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    );
}

fn data_source(group: Option<&str>, kind: &str, name: &str) -> TypedLocalObjectReference {
    TypedLocalObjectReference {
        api_group: group.map(Into::into),
        kind: kind.into(),
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn pvc_data_source_name_and_kind_required() {
    let c = pvc(|s| s.data_source = Some(data_source(None, "", "")));
    rejects_exactly(&c, "spec.dataSource.name: Required value");
    rejects_exactly(&c, "spec.dataSource.kind: Required value");
}

#[test]
fn pvc_data_source_core_group_only_pvcs() {
    rejects_exactly(
        &pvc(|s| s.data_source = Some(data_source(None, "VolumeSnapshot", "snap"))),
        "spec.dataSource: Invalid value: \"VolumeSnapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup",
    );
    accepts(&pvc(|s| {
        s.data_source = Some(data_source(None, "PersistentVolumeClaim", "src"));
    }));
    accepts(&pvc(|s| {
        s.data_source = Some(data_source(
            Some("snapshot.storage.k8s.io"),
            "VolumeSnapshot",
            "snap",
        ));
    }));
    rejects(
        &pvc(|s| s.data_source = Some(data_source(Some("Snapshots"), "VolumeSnapshot", "s"))),
        "spec.dataSource.apiGroup",
        ViolationKind::Invalid,
        &["a lowercase RFC 1123 subdomain"],
    );
}

#[test]
fn pvc_data_source_must_match_data_source_ref() {
    let c = pvc(|s| {
        s.data_source = Some(data_source(None, "PersistentVolumeClaim", "a"));
        s.data_source_ref = Some(TypedObjectReference {
            kind: "PersistentVolumeClaim".into(),
            name: "b".into(),
            ..Default::default()
        });
    });
    rejects(
        &c,
        "spec",
        ViolationKind::Invalid,
        &["must match dataSourceRef"],
    );
    let c = pvc(|s| {
        s.data_source = Some(data_source(None, "PersistentVolumeClaim", "a"));
        s.data_source_ref = Some(TypedObjectReference {
            kind: "PersistentVolumeClaim".into(),
            name: "a".into(),
            ..Default::default()
        });
    });
    accepts(&c);
}

#[test]
fn pvc_data_source_ref_rules() {
    rejects_exactly(
        &pvc(|s| {
            s.data_source_ref = Some(TypedObjectReference {
                kind: "VolumeSnapshot".into(),
                name: "snap".into(),
                ..Default::default()
            });
        }),
        "spec.dataSourceRef: Invalid value: \"VolumeSnapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup",
    );
}

#[test]
fn pvc_volume_attributes_class_name() {
    accepts(&pvc(|s| {
        s.volume_attributes_class_name = Some("gold".into());
    }));
    rejects(
        &pvc(|s| s.volume_attributes_class_name = Some("Gold".into())),
        "spec.volumeAttributesClassName",
        ViolationKind::Invalid,
        &["\"Gold\""],
    );
}

#[test]
fn pvc_without_spec_reports_both_requirements() {
    let c = PersistentVolumeClaim {
        metadata: named("data"),
        ..Default::default()
    };
    rejects_exactly(
        &c,
        "spec.accessModes: Required value: at least 1 access mode is required",
    );
    rejects_exactly(&c, "spec.resources[storage]: Required value");
}

// ---- PersistentVolume (§8.2) -------------------------------------------------------------------

#[test]
fn pv_is_cluster_scoped() {
    let mut v = pv(|_| {});
    v.metadata.namespace = Some("default".into());
    warns(&v, "metadata.namespace", "cluster-scoped");
}

#[test]
fn pv_access_modes() {
    rejects_exactly(
        &pv(|s| s.access_modes = None),
        "spec.accessModes: Required value: at least 1 access mode is required",
    );
    rejects_exactly(
        &pv(|s| s.access_modes = Some(strings(&["ReadWriteOncePod", "ReadWriteOnce"]))),
        "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes",
    );
}

#[test]
fn pv_capacity_required_only_storage_positive() {
    rejects_exactly(&pv(|s| s.capacity = None), "spec.capacity: Required value");
    rejects(
        &pv(|s| {
            s.capacity = Some(BTreeMap::from([("cpu".to_owned(), q("1"))]));
        }),
        "spec.capacity",
        ViolationKind::NotSupported,
        &["supported values: \"storage\""],
    );
    rejects_exactly(
        &pv(|s| {
            s.capacity = Some(BTreeMap::from([("storage".to_owned(), q("0"))]));
        }),
        "spec.capacity[storage]: Invalid value: \"0\": must be greater than zero",
    );
}

#[test]
fn pv_exactly_one_volume_type() {
    rejects_exactly(
        &pv(|s| s.nfs = None),
        "spec: Required value: must specify a volume type",
    );
    rejects_exactly(
        &pv(|s| {
            s.host_path = Some(HostPathVolumeSource {
                path: "/mnt".into(),
                ..Default::default()
            });
        }),
        "spec.nfs: Forbidden: may not specify more than 1 volume type",
    );
}

#[test]
fn pv_reclaim_policy() {
    accepts(&pv(|s| {
        s.persistent_volume_reclaim_policy = Some("Recycle".into());
    }));
    rejects_exactly(
        &pv(|s| s.persistent_volume_reclaim_policy = Some("Keep".into())),
        "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Recycle\", \"Retain\"",
    );
}

#[test]
fn pv_host_path_root_cannot_be_recycled() {
    let v = pv(|s| {
        s.nfs = None;
        s.host_path = Some(HostPathVolumeSource {
            path: "/".into(),
            ..Default::default()
        });
        s.persistent_volume_reclaim_policy = Some("Recycle".into());
    });
    rejects_exactly(
        &v,
        "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
    );
}

#[test]
fn pv_local_requires_node_affinity() {
    let v = pv(|s| {
        s.nfs = None;
        s.local = Some(LocalVolumeSource {
            path: "/mnt/disks/../ssd1".into(),
            ..Default::default()
        });
    });
    rejects_exactly(
        &v,
        "spec.nodeAffinity: Required value: Local volume requires node affinity",
    );
    rejects_exactly(
        &v,
        "spec.local.path: Invalid value: \"/mnt/disks/../ssd1\": must not contain '..'",
    );
}

#[test]
fn pv_nfs_path_absolute_and_server_required() {
    let v = pv(|s| {
        s.nfs = Some(NFSVolumeSource {
            path: "exports".into(),
            ..Default::default()
        });
    });
    rejects_exactly(
        &v,
        "spec.nfs.path: Invalid value: \"exports\": must be an absolute path",
    );
    rejects_exactly(&v, "spec.nfs.server: Required value");
}

#[test]
fn pv_csi_driver_and_handle() {
    let v = pv(|s| {
        s.nfs = None;
        s.csi = Some(CSIPersistentVolumeSource {
            driver: String::new(),
            ..Default::default()
        });
    });
    rejects_exactly(&v, "spec.csi.driver: Required value");
    rejects_exactly(&v, "spec.csi.volumeHandle: Required value");
    let v = pv(|s| {
        s.nfs = None;
        s.csi = Some(CSIPersistentVolumeSource {
            driver: "EBS.CSI.AWS.COM".into(),
            volume_handle: "vol-1".into(),
            ..Default::default()
        });
    });
    accepts(&v);
}

#[test]
fn pv_storage_class_and_volume_mode() {
    rejects(
        &pv(|s| s.storage_class_name = Some("Slow".into())),
        "spec.storageClassName",
        ViolationKind::Invalid,
        &["\"Slow\""],
    );
    rejects(
        &pv(|s| s.volume_mode = Some("block".into())),
        "spec.volumeMode",
        ViolationKind::NotSupported,
        &["\"block\""],
    );
}

// ---- StorageClass (§8.3) -----------------------------------------------------------------------

#[test]
fn storage_class_provisioner_required() {
    rejects_exactly(
        &sc(|s| s.provisioner = String::new()),
        "provisioner: Required value",
    );
}

#[test]
fn storage_class_provisioner_is_checked_lower_cased() {
    accepts(&sc(|s| s.provisioner = "Example.COM/My-Provisioner".into()));
    rejects_exactly(
        &sc(|s| s.provisioner = "My Provisioner".into()),
        "provisioner: Invalid value: \"My Provisioner\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    );
}

#[test]
fn storage_class_parameter_keys_not_empty() {
    rejects_exactly(
        &sc(|s| {
            s.parameters = Some(BTreeMap::from([(String::new(), "x".to_owned())]));
        }),
        "parameters: Invalid value: \"\": field can not be empty.",
    );
}

#[test]
fn storage_class_parameter_limits() {
    let many: BTreeMap<String, String> =
        (0..513).map(|i| (format!("k{i}"), String::new())).collect();
    rejects_exactly(
        &sc(|s| s.parameters = Some(many)),
        "parameters: Too long: may not be more than 512 bytes",
    );
    let big = BTreeMap::from([("k".to_owned(), "v".repeat(256 * 1024))]);
    rejects_exactly(
        &sc(|s| s.parameters = Some(big)),
        "parameters: Too long: may not be more than 262144 bytes",
    );
    let ok: BTreeMap<String, String> = (0..512).map(|i| (format!("k{i}"), String::new())).collect();
    accepts(&sc(|s| s.parameters = Some(ok)));
}

#[test]
fn storage_class_reclaim_policy_rejects_recycle() {
    rejects_exactly(
        &sc(|s| s.reclaim_policy = Some("Recycle".into())),
        "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
    );
    accepts(&sc(|s| s.reclaim_policy = Some("Retain".into())));
}

#[test]
fn storage_class_volume_binding_mode() {
    rejects_exactly(
        &sc(|s| s.volume_binding_mode = Some("Lazy".into())),
        "volumeBindingMode: Unsupported value: \"Lazy\": supported values: \"Immediate\", \"WaitForFirstConsumer\"",
    );
    accepts(&sc(|s| s.volume_binding_mode = None));
}

fn topology(reqs: &[(&str, &[&str])]) -> TopologySelectorTerm {
    TopologySelectorTerm {
        match_label_expressions: Some(
            reqs.iter()
                .map(|(k, vs)| TopologySelectorLabelRequirement {
                    key: (*k).into(),
                    values: strings(vs),
                    ..Default::default()
                })
                .collect(),
        ),
        ..Default::default()
    }
}

#[test]
fn storage_class_allowed_topologies() {
    let zone = "topology.kubernetes.io/zone";
    accepts(&sc(|s| {
        s.allowed_topologies = Some(vec![topology(&[(zone, &["a", "b"])])]);
    }));
    rejects_exactly(
        &sc(|s| s.allowed_topologies = Some(vec![topology(&[(zone, &[])])])),
        "allowedTopologies[0].matchLabelExpressions[0].values: Required value",
    );
    rejects_exactly(
        &sc(|s| s.allowed_topologies = Some(vec![topology(&[(zone, &["a", "a"])])])),
        "allowedTopologies[0].matchLabelExpressions[0].values[1]: Duplicate value: \"a\"",
    );
    rejects_exactly(
        &sc(|s| {
            s.allowed_topologies = Some(vec![topology(&[(zone, &["a"]), (zone, &["b"])])]);
        }),
        &format!("allowedTopologies[0].matchLabelExpressions[1].key: Duplicate value: \"{zone}\""),
    );
    rejects_exactly(
        &sc(|s| {
            s.allowed_topologies = Some(vec![
                topology(&[(zone, &["a", "b"])]),
                topology(&[(zone, &["b", "a"])]),
            ]);
        }),
        "allowedTopologies[1].matchLabelExpressions: Duplicate value: \"\"",
    );
    rejects(
        &sc(|s| s.allowed_topologies = Some(vec![topology(&[("/zone", &["a"])])])),
        "allowedTopologies[0].matchLabelExpressions[0].key",
        ViolationKind::Invalid,
        &["prefix part must be non-empty"],
    );
}

// ---- Namespace and ServiceAccount (§9) ---------------------------------------------------------

fn ns(name: &str, finalizers: &[&str]) -> Namespace {
    Namespace {
        metadata: named(name),
        spec: Some(NamespaceSpec {
            finalizers: Some(strings(finalizers)),
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn namespace_name_is_a_dns_label() {
    accepts(&ns("123-team", &[]));
    rejects_exactly(
        &ns("team.a", &[]),
        "metadata.name: Invalid value: \"team.a\": must not contain dots",
    );
    rejects(
        &ns(&"a".repeat(64), &[]),
        "metadata.name",
        ViolationKind::Invalid,
        &["must be no more than 63 characters"],
    );
}

#[test]
fn namespace_is_cluster_scoped() {
    let mut n = ns("team-a", &[]);
    n.metadata.namespace = Some("default".into());
    warns(&n, "metadata.namespace", "cluster-scoped");
}

#[test]
fn namespace_finalizers() {
    accepts(&ns("a", &["kubernetes", "example.com/cleanup"]));
    rejects_exactly(
        &ns("a", &["cleanup"]),
        "spec.finalizers: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified",
    );
    rejects(
        &ns("a", &["example.com/bad name"]),
        "spec.finalizers",
        ViolationKind::Invalid,
        &["name part must consist of"],
    );
}

#[test]
fn service_account_name_is_a_subdomain() {
    let mut sa = ServiceAccount {
        metadata: named("build.bot"),
        ..Default::default()
    };
    accepts(&sa);
    sa.metadata.name = Some("Build_Bot".into());
    rejects(
        &sa,
        "metadata.name",
        ViolationKind::Invalid,
        &["a lowercase RFC 1123 subdomain"],
    );
}

// ---- RBAC (§10) --------------------------------------------------------------------------------

#[test]
fn rbac_names_are_path_segments() {
    let mut r = role(|_| {});
    r.metadata.name = Some("Admin Role:v1".into());
    accepts(&r);
    r.metadata.name = Some("a/b".into());
    rejects_exactly(
        &r,
        "metadata.name: Invalid value: \"a/b\": may not contain '/'",
    );
    r.metadata.name = Some("..".into());
    rejects_exactly(&r, "metadata.name: Invalid value: \"..\": may not be '..'");
    let mut b = cluster_role_binding(|_| {});
    b.metadata.name = Some("50%".into());
    rejects_exactly(
        &b,
        "metadata.name: Invalid value: \"50%\": may not contain '%'",
    );
}

#[test]
fn rbac_verbs_required() {
    rejects_exactly(
        &role(|r| r.verbs = vec![]),
        "rules[0].verbs: Required value: verbs must contain at least one value",
    );
    accepts(&role(|r| r.verbs = strings(&["*"])));
}

#[test]
fn rbac_namespaced_role_cannot_use_non_resource_urls() {
    rejects_exactly(
        &role(|r| {
            *r = PolicyRule {
                non_resource_urls: Some(strings(&["/healthz"])),
                verbs: strings(&["get"]),
                ..Default::default()
            };
        }),
        "rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs",
    );
    accepts(&cluster_role(|r| {
        *r = PolicyRule {
            non_resource_urls: Some(strings(&["/healthz"])),
            verbs: strings(&["get"]),
            ..Default::default()
        };
    }));
}

#[test]
fn rbac_non_resource_urls_not_mixed_with_resources() {
    rejects_exactly(
        &cluster_role(|r| r.non_resource_urls = Some(strings(&["/metrics"]))),
        "rules[0].nonResourceURLs: Invalid value: []string{\"/metrics\"}: rules cannot apply to both regular resources and non-resource URLs",
    );
}

#[test]
fn rbac_resource_rules_need_groups_and_resources() {
    rejects_exactly(
        &role(|r| r.api_groups = None),
        "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
    );
    rejects_exactly(
        &cluster_role(|r| r.resources = Some(vec![])),
        "rules[0].resources: Required value: resource rules must supply at least one resource",
    );
}

#[test]
fn rbac_resource_names_with_multiple_resources() {
    rejects_exactly(
        &role(|r| {
            r.resources = Some(strings(&["configmaps", "secrets"]));
            r.resource_names = Some(strings(&["app"]));
        }),
        "rules[0].resourceNames: Required value: resource names cannot apply to multiple resources",
    );
    accepts(&role(|r| r.resource_names = Some(strings(&["app"]))));
}

#[test]
fn rbac_spelling_is_not_checked() {
    accepts(&role(|r| {
        r.api_groups = Some(strings(&["apps"]));
        r.resources = Some(strings(&["Deployment"]));
        r.verbs = strings(&["get "]);
    }));
}

#[test]
fn rbac_aggregation_rule_needs_selectors() {
    let mut c = cluster_role(|_| {});
    c.aggregation_rule = Some(AggregationRule {
        cluster_role_selectors: Some(vec![]),
        ..Default::default()
    });
    rejects_exactly(
        &c,
        "aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil",
    );
}

#[test]
fn rbac_role_ref_api_group() {
    rejects_exactly(
        &role_binding(|b| b.role_ref.api_group = "rbac.authorization.k8s.io/v1".to_owned().into()),
        "roleRef.apiGroup: Unsupported value: \"rbac.authorization.k8s.io/v1\": supported values: \"rbac.authorization.k8s.io\"",
    );
    // An empty apiGroup is defaulted.
    accepts(&role_binding(|b| {
        b.role_ref.api_group = String::new().into();
    }));
}

#[test]
fn rbac_role_ref_kind() {
    rejects_exactly(
        &role_binding(|b| b.role_ref.kind = "role".into()),
        "roleRef.kind: Unsupported value: \"role\": supported values: \"Role\", \"ClusterRole\"",
    );
    accepts(&role_binding(|b| b.role_ref.kind = "ClusterRole".into()));
    rejects_exactly(
        &cluster_role_binding(|b| b.role_ref.kind = "Role".into()),
        "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
    );
}

#[test]
fn rbac_role_ref_name() {
    rejects_exactly(
        &role_binding(|b| b.role_ref.name = String::new()),
        "roleRef.name: Required value",
    );
    rejects_exactly(
        &role_binding(|b| b.role_ref.name = "a/b".into()),
        "roleRef.name: Invalid value: \"a/b\": may not contain '/'",
    );
}

#[test]
fn rbac_subject_name_required() {
    rejects_exactly(
        &subject0(|s| s.name = String::new()),
        "subjects[0].name: Required value",
    );
}

#[test]
fn rbac_subject_kind() {
    rejects_exactly(
        &subject0(|s| s.kind = "serviceaccount".into()),
        "subjects[0].kind: Unsupported value: \"serviceaccount\": supported values: \"ServiceAccount\", \"User\", \"Group\"",
    );
}

#[test]
fn rbac_service_account_subject_rules() {
    rejects(
        &subject0(|s| s.name = "App".into()),
        "subjects[0].name",
        ViolationKind::Invalid,
        &["a lowercase RFC 1123 subdomain"],
    );
    rejects_exactly(
        &subject0(|s| s.api_group = Some(RBAC.into())),
        "subjects[0].apiGroup: Unsupported value: \"rbac.authorization.k8s.io\": supported values: \"\"",
    );
    // Namespace optional in a RoleBinding, required in a ClusterRoleBinding.
    accepts(&subject0(|s| s.namespace = None));
    rejects_exactly(
        &cluster_role_binding(|b| b.subjects.as_mut().unwrap()[0].namespace = None),
        "subjects[0].namespace: Required value",
    );
}

#[test]
fn rbac_user_and_group_subjects() {
    let user = |group: Option<&str>| {
        subject0(|s| {
            *s = Subject {
                kind: "User".into(),
                name: "jane@example.com".into(),
                api_group: group.map(Into::into),
                ..Default::default()
            };
        })
    };
    accepts(&user(None));
    accepts(&user(Some(RBAC)));
    rejects_exactly(
        &user(Some("v1")),
        "subjects[0].apiGroup: Unsupported value: \"v1\": supported values: \"rbac.authorization.k8s.io\"",
    );
    let group = subject0(|s| {
        *s = Subject {
            kind: "Group".into(),
            name: "system:masters".into(),
            api_group: Some("rbac".into()),
            ..Default::default()
        };
    });
    rejects(
        &group,
        "subjects[0].apiGroup",
        ViolationKind::NotSupported,
        &["\"rbac\""],
    );
}

#[test]
fn rbac_cluster_scoped_kinds_warn_on_namespace() {
    let mut c = cluster_role(|_| {});
    c.metadata.namespace = Some("default".into());
    warns(&c, "metadata.namespace", "cluster-scoped");
    let mut r = role(|_| {});
    r.metadata.namespace = Some("Bad_NS".into());
    rejects(
        &r,
        "metadata.namespace",
        ViolationKind::Invalid,
        &["\"Bad_NS\""],
    );
}
