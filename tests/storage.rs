//! Storage, StatefulSet, Service, NetworkPolicy, CronJob and backups (issue 6, items 4-6):
//! each builder's output as data, and the RULES.md §7-§8 rules (plus the Service,
//! NetworkPolicy and CronJob rules of the apiserver) these builders can hit, with exact paths
//! and messages.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::default_trait_access,
    clippy::too_many_lines,
    reason = "test code"
)]

use k8s_openapi::api::apps::v1::StatefulSet;
use k8s_openapi::api::batch::v1::CronJob;
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, Service};
use k8s_openapi::api::networking::v1::{
    NetworkPolicy, NetworkPolicyIngressRule, NetworkPolicyPeer,
};
use kubeforge::validate::pss::{self, PolicyVersion};
use kubeforge::validate::{Checker, KubeVersion, Options};
use kubeforge::{
    AccessMode, Bundle, ClaimRetention, ConcurrencyPolicy, ContainerBuilder, CronJobBuilder,
    DeploymentBuilder, Error, IntOrPercent, Level, NetworkPolicyBuilder, PersistentVolumeBuilder,
    PersistentVolumeClaimBuilder, PodBuilder, PodManagementPolicy, PortMapping, Quantity,
    ReclaimPolicy, RestartPolicy, ServiceBuilder, ServiceType, SpecExt, StatefulSetBuilder,
    StorageClassBuilder, UpdateStrategy, VolumeBindingMode, VolumeBuilder, VolumeMode,
};
use kubeforge_tests::rules::{accepts, rejects_exactly};
use serde_json::{Value, json};

/// The object as JSON, the way it is written.
fn as_json<T: serde::Serialize>(o: &T) -> Value {
    serde_json::to_value(o).unwrap()
}

/// Every violation of a failed `build()`, rendered.
fn messages<T: std::fmt::Debug>(r: Result<T, Error>) -> Vec<String> {
    r.expect_err("build should fail")
        .violations()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[track_caller]
fn assert_has(messages: &[String], expected: &str) {
    assert!(
        messages.iter().any(|m| m == expected),
        "expected {expected:?} among {messages:#?}"
    );
}

fn mysql_container() -> ContainerBuilder {
    ContainerBuilder::new("mysql", "mysql:8.4").named_port("mysql", 3306)
}

fn mysql(data: &PersistentVolumeClaimBuilder) -> StatefulSetBuilder {
    StatefulSetBuilder::new("mysql")
        .app_name("mysql")
        .service_name("mysql")
        .container(mysql_container().mount_claim_template(data, "/var/lib/mysql"))
}

// ----------------------------------------------------------------------------------------------
// PersistentVolumeClaim, PersistentVolume, StorageClass

#[test]
fn pvc_output() {
    let pvc = PersistentVolumeClaimBuilder::new("data", Quantity::gibibytes(10))
        .namespace("shop")
        .access_mode(AccessMode::ReadWriteOncePod)
        .storage_class_name("fast-ssd")
        .volume_mode(VolumeMode::Filesystem)
        .selector_label("tier", "gold")
        .data_source_snapshot("nightly")
        .build()
        .unwrap();
    assert_eq!(
        as_json(&pvc),
        json!({
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "data", "namespace": "shop"},
            "spec": {
                "accessModes": ["ReadWriteOncePod"],
                "dataSource": {"apiGroup": "snapshot.storage.k8s.io", "kind": "VolumeSnapshot", "name": "nightly"},
                "resources": {"requests": {"storage": "10Gi"}},
                "selector": {"matchLabels": {"tier": "gold"}},
                "storageClassName": "fast-ssd",
                "volumeMode": "Filesystem"
            }
        })
    );
}

#[test]
fn pvc_defaults_to_read_write_once_and_dedups_modes() {
    let pvc = PersistentVolumeClaimBuilder::new("d", "1Gi")
        .build()
        .unwrap();
    assert_eq!(pvc.spec.unwrap().access_modes.unwrap(), ["ReadWriteOnce"]);
    let pvc = PersistentVolumeClaimBuilder::new("d", "1Gi")
        .access_mode(AccessMode::ReadOnlyMany)
        .access_mode(AccessMode::ReadOnlyMany)
        .access_mode(AccessMode::ReadWriteMany)
        .build()
        .unwrap();
    assert_eq!(
        pvc.spec.unwrap().access_modes.unwrap(),
        ["ReadOnlyMany", "ReadWriteMany"]
    );
}

#[test]
fn pvc_rules() {
    // No storage request at all (removed through the escape hatch).
    let no_request = PersistentVolumeClaimBuilder::new("d", "1Gi").customize(|p| {
        p.spec.as_mut().unwrap().resources = None;
    });
    assert_eq!(
        messages(no_request.build()),
        ["spec.resources[storage]: Required value"]
    );
    assert_eq!(
        messages(PersistentVolumeClaimBuilder::new("d", "0").build()),
        ["spec.resources[storage]: Invalid value: \"0\": must be greater than zero"]
    );
    assert_eq!(
        messages(PersistentVolumeClaimBuilder::new("d", "10GB").build()),
        [
            "spec.resources.requests[storage]: Invalid value: \"10GB\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
        ]
    );
    let rwop = PersistentVolumeClaimBuilder::new("d", "1Gi")
        .access_modes([AccessMode::ReadWriteOncePod, AccessMode::ReadWriteOnce]);
    assert_eq!(
        messages(rwop.build()),
        ["spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"]
    );
    let m = messages(
        PersistentVolumeClaimBuilder::new("d", "1Gi")
            .storage_class_name("Fast_SSD")
            .build(),
    );
    assert!(
        m[0].starts_with(
            "spec.storageClassName: Invalid value: \"Fast_SSD\": a lowercase RFC 1123 subdomain"
        ),
        "{m:?}"
    );
    let m = messages(
        PersistentVolumeClaimBuilder::new("d", "1Gi")
            .data_source(None::<String>, "VolumeSnapshot", "snap")
            .build(),
    );
    assert_eq!(
        m,
        [
            "spec.dataSource: Invalid value: \"VolumeSnapshot\": must be 'PersistentVolumeClaim' when referencing the default apiGroup"
        ]
    );
}

#[test]
fn pvc_no_class_and_clone_and_pre_binding() {
    let pvc = PersistentVolumeClaimBuilder::new("copy", "1Gi")
        .no_storage_class()
        .volume_name("pv-0001")
        .data_source_claim("data")
        .build()
        .unwrap();
    let spec = as_json(&pvc)["spec"].clone();
    assert_eq!(spec["storageClassName"], "");
    assert_eq!(spec["volumeName"], "pv-0001");
    assert_eq!(
        spec["dataSource"],
        json!({"kind": "PersistentVolumeClaim", "name": "data"})
    );
}

#[test]
fn pvc_as_pod_volume() {
    let pvc = PersistentVolumeClaimBuilder::new("uploads", "5Gi")
        .build()
        .unwrap();
    let pod = PodBuilder::new("p")
        .container(ContainerBuilder::new("c", "busybox:1.36").mount(
            VolumeBuilder::persistent_volume_claim("files", &pvc).read_only(),
            "/files",
        ))
        .build()
        .unwrap();
    assert_eq!(
        as_json(&pod)["spec"]["volumes"],
        json!([{"name": "files", "persistentVolumeClaim": {"claimName": "uploads", "readOnly": true}}])
    );
}

#[test]
fn pv_sources_output() {
    let local = PersistentVolumeBuilder::local("pv-local", "100Gi", "/mnt/disks/ssd1", "worker-1")
        .storage_class_name("local-storage")
        .reclaim_policy(ReclaimPolicy::Retain)
        .claim_ref("shop", "data-mysql-0")
        .build()
        .unwrap();
    assert_eq!(
        as_json(&local),
        json!({
            "apiVersion": "v1",
            "kind": "PersistentVolume",
            "metadata": {"name": "pv-local"},
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "capacity": {"storage": "100Gi"},
                "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": "data-mysql-0", "namespace": "shop"},
                "local": {"path": "/mnt/disks/ssd1"},
                "nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                    {"key": "kubernetes.io/hostname", "operator": "In", "values": ["worker-1"]}
                ]}]}},
                "persistentVolumeReclaimPolicy": "Retain",
                "storageClassName": "local-storage"
            }
        })
    );
    let nfs = PersistentVolumeBuilder::nfs("pv-nfs", "1Ti", "nfs.example.com", "/exports/a")
        .access_mode(AccessMode::ReadWriteMany)
        .mount_option("nfsvers=4.1")
        .build()
        .unwrap();
    let spec = as_json(&nfs)["spec"].clone();
    assert_eq!(
        spec["nfs"],
        json!({"server": "nfs.example.com", "path": "/exports/a"})
    );
    assert_eq!(spec["accessModes"], json!(["ReadWriteMany"]));
    assert_eq!(spec["mountOptions"], json!(["nfsvers=4.1"]));
    let csi = PersistentVolumeBuilder::csi("pv-csi", "20Gi", "ebs.csi.aws.com", "vol-0a1b2c")
        .csi_fs_type("ext4")
        .csi_volume_attribute("encrypted", "true")
        .volume_mode(VolumeMode::Block)
        .build()
        .unwrap();
    assert_eq!(
        as_json(&csi)["spec"]["csi"],
        json!({"driver": "ebs.csi.aws.com", "volumeHandle": "vol-0a1b2c", "fsType": "ext4", "volumeAttributes": {"encrypted": "true"}})
    );
    let host = PersistentVolumeBuilder::host_path("pv-host", "1Gi", "/mnt/data")
        .build()
        .unwrap();
    assert_eq!(
        as_json(&host)["spec"]["hostPath"],
        json!({"path": "/mnt/data"})
    );
}

#[test]
fn pv_rules() {
    let no_affinity = PersistentVolumeBuilder::local("pv", "1Gi", "/mnt/d", "n1").customize(|pv| {
        pv.spec.as_mut().unwrap().node_affinity = None;
    });
    assert_eq!(
        messages(no_affinity.build()),
        ["spec.nodeAffinity: Required value: Local volume requires node affinity"]
    );
    assert_eq!(
        messages(PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "exports").build()),
        ["spec.nfs.path: Invalid value: \"exports\": must be an absolute path"]
    );
    assert_eq!(
        messages(
            PersistentVolumeBuilder::host_path("pv", "1Gi", "/")
                .reclaim_policy(ReclaimPolicy::Recycle)
                .build()
        ),
        [
            "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'"
        ]
    );
    assert_eq!(
        messages(PersistentVolumeBuilder::csi("pv", "1Gi", "ebs.csi.aws.com", "").build()),
        ["spec.csi.volumeHandle: Required value"]
    );
    // A setter of another source is reported, never dropped.
    assert_eq!(
        messages(
            PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "/x")
                .csi_volume_attribute("a", "b")
                .build()
        ),
        ["spec: Invalid value: \"pv\": csi_volume_attribute() applies only to csi volumes"]
    );
}

#[test]
fn storage_class_output() {
    let class = StorageClassBuilder::new("fast-ssd", "ebs.csi.aws.com")
        .label("tier", "fast")
        .parameters([("type", "gp3"), ("iops", "6000")])
        .reclaim_policy(ReclaimPolicy::Retain)
        .volume_binding_mode(VolumeBindingMode::WaitForFirstConsumer)
        .allow_volume_expansion(true)
        .mount_option("noatime")
        .default_class()
        .build()
        .unwrap();
    assert_eq!(
        as_json(&class),
        json!({
            "apiVersion": "storage.k8s.io/v1",
            "kind": "StorageClass",
            "metadata": {
                "name": "fast-ssd",
                "labels": {"tier": "fast"},
                "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}
            },
            "provisioner": "ebs.csi.aws.com",
            "parameters": {"iops": "6000", "type": "gp3"},
            "reclaimPolicy": "Retain",
            "volumeBindingMode": "WaitForFirstConsumer",
            "allowVolumeExpansion": true,
            "mountOptions": ["noatime"]
        })
    );
}

#[test]
fn storage_class_rules() {
    assert_eq!(
        messages(
            StorageClassBuilder::new("c", "p.example.com")
                .reclaim_policy(ReclaimPolicy::Recycle)
                .build()
        ),
        ["reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\""]
    );
    assert_eq!(
        messages(StorageClassBuilder::new("c", "").build()),
        ["provisioner: Required value"]
    );
    assert_eq!(
        messages(
            StorageClassBuilder::new("c", "p.example.com")
                .parameter("", "x")
                .build()
        ),
        ["parameters: Invalid value: \"\": field can not be empty."]
    );
}

// ----------------------------------------------------------------------------------------------
// StatefulSet

#[test]
fn statefulset_output() {
    let data = PersistentVolumeClaimBuilder::new("data", "10Gi")
        .storage_class_name("fast-ssd")
        .label("backup", "daily");
    let sts = mysql(&data)
        .namespace("shop")
        .replicas(3)
        .pod_management_policy(PodManagementPolicy::Parallel)
        .update_strategy(UpdateStrategy::RollingUpdate {
            partition: Some(2),
            max_unavailable: Some(IntOrPercent::Count(1)),
        })
        .persistent_volume_claim_retention_policy(ClaimRetention::Retain, ClaimRetention::Delete)
        .min_ready_seconds(5)
        .pod_label("tier", "data")
        .volume_claim_template(data)
        .build()
        .unwrap();
    let spec = as_json(&sts)["spec"].clone();
    assert_eq!(
        spec["selector"],
        json!({"matchLabels": {"app.kubernetes.io/name": "mysql"}})
    );
    assert_eq!(
        spec["template"]["metadata"]["labels"],
        json!({"app.kubernetes.io/name": "mysql", "tier": "data"})
    );
    assert_eq!(spec["serviceName"], "mysql");
    assert_eq!(spec["replicas"], 3);
    assert_eq!(spec["podManagementPolicy"], "Parallel");
    assert_eq!(
        spec["updateStrategy"],
        json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 2, "maxUnavailable": 1}})
    );
    assert_eq!(
        spec["persistentVolumeClaimRetentionPolicy"],
        json!({"whenDeleted": "Retain", "whenScaled": "Delete"})
    );
    assert_eq!(
        spec["volumeClaimTemplates"],
        json!([{
            "apiVersion": "v1",
            "kind": "PersistentVolumeClaim",
            "metadata": {"name": "data", "labels": {"backup": "daily"}},
            "spec": {
                "accessModes": ["ReadWriteOnce"],
                "resources": {"requests": {"storage": "10Gi"}},
                "storageClassName": "fast-ssd"
            }
        }])
    );
    assert_eq!(
        spec["template"]["spec"]["containers"][0]["volumeMounts"],
        json!([{"name": "data", "mountPath": "/var/lib/mysql"}])
    );
    // The claim templates are not pod volumes: the controller adds them.
    assert!(spec["template"]["spec"].get("volumes").is_none());
}

#[test]
fn statefulset_on_delete_and_presets_work_like_deployment() {
    let data = PersistentVolumeClaimBuilder::new("data", "1Gi");
    let sts = mysql(&data)
        .update_strategy(UpdateStrategy::OnDelete)
        .security_preset(Level::Restricted)
        .run_as_user(999)
        .require_pss(Level::Restricted)
        .volume_claim_template(data)
        .build()
        .unwrap();
    let spec = sts.spec_ref().unwrap();
    assert_eq!(as_json(&spec.update_strategy), json!({"type": "OnDelete"}));
    let pod = spec.template.spec.as_ref().unwrap();
    assert!(
        pss::check_pod(
            &Default::default(),
            pod,
            Level::Restricted,
            PolicyVersion::Latest
        )
        .is_empty()
    );
    let c = pod.containers[0].security_context.as_ref().unwrap();
    assert_eq!(c.allow_privilege_escalation, Some(false));
    // The same pod built by a Deployment with the same setters is identical.
    let d = DeploymentBuilder::new("mysql")
        .app_name("mysql")
        .container(mysql_container().volume_mount("data", "/var/lib/mysql"))
        .volume(VolumeBuilder::persistent_volume_claim(
            "data",
            "data-mysql-0",
        ))
        .security_preset(Level::Restricted)
        .run_as_user(999)
        .build()
        .unwrap();
    let dpod = d.spec_ref().unwrap().template.spec.clone().unwrap();
    assert_eq!(dpod.containers, pod.containers);
    assert_eq!(dpod.security_context, pod.security_context);
    // require_pss holds a StatefulSet to the level too.
    let m = messages(
        StatefulSetBuilder::new("db")
            .require_pss(Level::Restricted)
            .container(ContainerBuilder::new("db", "postgres:17"))
            .build(),
    );
    assert!(
        m.iter().any(|m| m.starts_with("spec.template.spec")),
        "{m:?}"
    );
}

#[test]
fn statefulset_with_claim_templates_passes_validation() {
    let data = PersistentVolumeClaimBuilder::new("data", "10Gi").storage_class_name("fast-ssd");
    let logs = PersistentVolumeClaimBuilder::new("logs", "1Gi");
    let sts = mysql(&data)
        .container(
            ContainerBuilder::new("exporter", "prom/mysqld-exporter:v0.16.0")
                .named_port("metrics", 9104)
                .mount_claim_template(&logs, "/logs"),
        )
        .volume_claim_template(data)
        .volume_claim_template(logs)
        .build()
        .unwrap();
    // Valid for the engine at every release, templates included.
    for v in [KubeVersion::V1_33, KubeVersion::V1_34, KubeVersion::V1_37] {
        kubeforge::validate::validate(&sts, &Options::default().k8s_version(v)).unwrap();
    }
    accepts(&sts);
    assert_eq!(
        sts.spec_ref()
            .unwrap()
            .volume_claim_templates
            .as_ref()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn statefulset_rules() {
    let data = PersistentVolumeClaimBuilder::new("data", "1Gi");
    // serviceName becomes each pod's subdomain: a DNS label.
    let m = messages(
        mysql(&data)
            .service_name("MySQL_Headless")
            .volume_claim_template(data.clone())
            .build(),
    );
    assert!(
        m[0].starts_with("spec.serviceName: Invalid value: \"MySQL_Headless\": a lowercase RFC 1123 label must consist of"),
        "{m:?}"
    );
    // A selector that does not match the template labels.
    let mismatch = mysql(&data)
        .selector_label("app", "mysql")
        .volume_claim_template(data.clone())
        .customize(|s| {
            s.spec_mut()
                .template
                .metadata
                .as_mut()
                .unwrap()
                .labels
                .as_mut()
                .unwrap()
                .remove("app");
        });
    assert_eq!(
        messages(mismatch.build()),
        [
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app.kubernetes.io/name\":\"mysql\"}: `selector` does not match template `labels`"
        ]
    );
    // An empty selector.
    let empty = mysql(&data)
        .volume_claim_template(data.clone())
        .customize(|s| s.spec_mut().selector.match_labels = Some(Default::default()));
    assert_has(
        &messages(empty.build()),
        "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for statefulset",
    );
    // Claim template names are volume names: DNS labels.
    let bad_name = PersistentVolumeClaimBuilder::new("Data", "1Gi");
    let m = messages(
        mysql(&bad_name)
            .volume_claim_template(bad_name.clone())
            .build(),
    );
    assert!(
        m[0].starts_with("spec.volumeClaimTemplates[0].metadata.name: Invalid value: \"Data\": a lowercase RFC 1123 label must consist of"),
        "{m:?}"
    );
    // Claim templates get the PVC rules (unchecked by the apiserver before 1.34).
    let no_request = PersistentVolumeClaimBuilder::new("data", "1Gi")
        .customize(|p| p.spec.as_mut().unwrap().resources = None);
    assert_eq!(
        messages(
            mysql(&no_request)
                .volume_claim_template(no_request.clone())
                .build()
        ),
        ["spec.volumeClaimTemplates[0].spec.resources[storage]: Required value"]
    );
    // A mount of a claim template that is not there.
    assert_eq!(
        messages(mysql(&data).build()),
        ["spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"data\""]
    );
    // maxUnavailable 0 is rejected for StatefulSets; a partition is non-negative.
    let m = messages(
        mysql(&data)
            .volume_claim_template(data.clone())
            .update_strategy(UpdateStrategy::RollingUpdate {
                partition: Some(-1),
                max_unavailable: Some(IntOrPercent::Percent(0)),
            })
            .build(),
    );
    assert_eq!(
        m,
        [
            "spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0",
            "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0%: cannot be 0",
        ]
    );
    // OnDelete with rollingUpdate parameters.
    let on_delete = mysql(&data)
        .volume_claim_template(data.clone())
        .update_strategy(UpdateStrategy::OnDelete)
        .customize(|s| {
            s.spec_mut()
                .update_strategy
                .as_mut()
                .unwrap()
                .rolling_update = Some(Default::default());
        });
    assert_eq!(
        messages(on_delete.build()),
        [
            "spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:0, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'"
        ]
    );
    // Workload pods restart Always.
    let m = messages(
        mysql(&data)
            .volume_claim_template(data.clone())
            .customize(|s| {
                s.spec_mut().template.spec.as_mut().unwrap().restart_policy =
                    Some("OnFailure".into());
            })
            .build(),
    );
    assert_eq!(
        m,
        [
            "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\""
        ]
    );
    // Names: DNS labels.
    let m = messages(
        StatefulSetBuilder::new("my.db")
            .container(ContainerBuilder::new("db", "postgres:17"))
            .build(),
    );
    assert!(
        m[0].starts_with("metadata.name: Invalid value: \"my.db\""),
        "{m:?}"
    );
}

// ----------------------------------------------------------------------------------------------
// Service

fn web() -> k8s_openapi::api::apps::v1::Deployment {
    DeploymentBuilder::new("web")
        .namespace("shop")
        .app_name("web")
        .container(
            ContainerBuilder::new("web", "nginx:1.27")
                .named_port("http", 8080)
                .port(kubeforge::Port::udp(8125).name("statsd")),
        )
        .build()
        .unwrap()
}

#[test]
fn service_types_output() {
    let svc = ServiceBuilder::for_workload(&web())
        .port(PortMapping::tcp(80).name("http").target("http"))
        .port(PortMapping::udp(8125).name("statsd").target("statsd"))
        .build()
        .unwrap();
    assert_eq!(
        as_json(&svc),
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {
                "selector": {"app.kubernetes.io/name": "web"},
                "ports": [
                    {"name": "http", "port": 80, "targetPort": "http"},
                    {"name": "statsd", "port": 8125, "protocol": "UDP", "targetPort": "statsd"}
                ]
            }
        })
    );
    let np = ServiceBuilder::new("web-nodeport")
        .workload(&web())
        .service_type(ServiceType::NodePort)
        .port(PortMapping::tcp(80).target("http").node_port(30080))
        .build()
        .unwrap();
    let spec = as_json(&np)["spec"].clone();
    assert_eq!(spec["type"], "NodePort");
    assert_eq!(spec["ports"][0]["nodePort"], 30080);
    assert_eq!(as_json(&np)["metadata"]["namespace"], "shop");
    let lb = ServiceBuilder::new("web-public")
        .workload(&web())
        .service_type(ServiceType::LoadBalancer)
        .port(PortMapping::tcp(443).target(8080).app_protocol("https"))
        .build()
        .unwrap();
    assert_eq!(as_json(&lb)["spec"]["type"], "LoadBalancer");
    assert_eq!(as_json(&lb)["spec"]["ports"][0]["targetPort"], 8080);
}

#[test]
fn headless_service_for_a_statefulset() {
    let data = PersistentVolumeClaimBuilder::new("data", "1Gi");
    let sts = mysql(&data).volume_claim_template(data).build().unwrap();
    let svc = ServiceBuilder::headless_for(&sts)
        .publish_not_ready_addresses(true)
        .build()
        .unwrap();
    assert_eq!(
        as_json(&svc),
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": "mysql"},
            "spec": {
                "clusterIP": "None",
                "publishNotReadyAddresses": true,
                "selector": {"app.kubernetes.io/name": "mysql"},
                "ports": [{"name": "mysql", "port": 3306, "targetPort": "mysql"}]
            }
        })
    );
}

#[test]
fn service_named_target_ports_are_checked_against_the_workload() {
    assert_eq!(
        messages(
            ServiceBuilder::for_workload(&web())
                .port(PortMapping::tcp(80).target("htp"))
                .build()
        ),
        [
            "spec.ports[0].targetPort: Not found: \"htp\": no container port of Deployment/web is named \"htp\" (named ports: \"http\", \"statsd\")"
        ]
    );
    // Name and protocol must both match (the endpoints controller's FindPort).
    assert_eq!(
        messages(
            ServiceBuilder::for_workload(&web())
                .port(PortMapping::tcp(8125).target("statsd"))
                .build()
        ),
        [
            "spec.ports[0].targetPort: Invalid value: \"statsd\": the container port \"statsd\" of Deployment/web is UDP, the Service port is TCP"
        ]
    );
    // Numbers are not checked (a container may listen on an undeclared port).
    ServiceBuilder::for_workload(&web())
        .port(PortMapping::tcp(80).target(9999))
        .build()
        .unwrap();
    // A workload without a usable selector.
    let job = CronJobBuilder::new("report", "@daily")
        .container(ContainerBuilder::new("r", "busybox:1.36").named_port("http", 80))
        .build()
        .unwrap();
    assert_eq!(
        messages(ServiceBuilder::for_workload(&job).port(80).build()),
        [
            "spec.selector: Invalid value: \"CronJob/report\": CronJob/report has no stable pod selector (its pods are selected by a generated controller-uid)"
        ]
    );
}

#[test]
fn service_rules() {
    let base = || ServiceBuilder::new("db").selector_label("app", "db");
    assert_eq!(
        messages(
            base()
                .headless()
                .service_type(ServiceType::NodePort)
                .port(3306)
                .build()
        ),
        [
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"
        ]
    );
    assert_eq!(
        messages(
            base()
                .headless()
                .service_type(ServiceType::LoadBalancer)
                .port(3306)
                .build()
        ),
        [
            "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for LoadBalancer services"
        ]
    );
    assert_eq!(messages(base().build()), ["spec.ports: Required value"]);
    // A headless Service may have no port.
    base().headless().build().unwrap();
    assert_eq!(
        messages(base().port(80).port(443).build()),
        [
            "spec.ports[0].name: Required value",
            "spec.ports[1].name: Required value"
        ]
    );
    assert_eq!(
        messages(base().port(PortMapping::tcp(80).node_port(30080)).build()),
        ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]
    );
    assert_eq!(
        messages(base().port(PortMapping::tcp(0)).build()),
        ["spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"]
    );
    assert_eq!(
        messages(
            base()
                .port(PortMapping::tcp(80).name("a"))
                .port(PortMapping::tcp(80).name("b"))
                .build()
        ),
        [
            "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"
        ]
    );
    assert_eq!(
        messages(base().port(PortMapping::tcp(80).target("HTTP")).build()),
        [
            "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            "spec.ports[0].targetPort: Invalid value: \"HTTP\": must contain at least one letter (a-z)"
        ]
    );
    let m = messages(
        ServiceBuilder::new("1db")
            .selector_label("app", "db")
            .port(80)
            .build(),
    );
    assert!(
        m[0].starts_with("metadata.name: Invalid value: \"1db\": a DNS-1035 label"),
        "{m:?}"
    );
    // Plain objects get the same rules.
    let svc: Service = serde_json::from_value(json!({
        "metadata": {"name": "x"},
        "spec": {"type": "External", "ports": [{"port": 80, "protocol": "HTTP"}]}
    }))
    .unwrap();
    rejects_exactly(
        &svc,
        "spec.type: Unsupported value: \"External\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
    );
    rejects_exactly(
        &svc,
        "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
    );
}

// ----------------------------------------------------------------------------------------------
// NetworkPolicy

#[test]
fn network_policy_default_deny_output() {
    let deny = NetworkPolicyBuilder::deny_all("default-deny")
        .namespace("shop")
        .allow_dns_egress()
        .build()
        .unwrap();
    assert_eq!(
        as_json(&deny),
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "default-deny", "namespace": "shop"},
            "spec": {
                "podSelector": {},
                "policyTypes": ["Ingress", "Egress"],
                "egress": [{
                    "to": [{
                        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                        "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}
                    }],
                    "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]
                }]
            }
        })
    );
    let ingress_only = NetworkPolicyBuilder::deny_all_ingress("deny-in")
        .build()
        .unwrap();
    assert_eq!(
        as_json(&ingress_only)["spec"],
        json!({"podSelector": {}, "policyTypes": ["Ingress"]})
    );
}

#[test]
fn network_policy_allows_the_declared_ports_from_labelled_peers() {
    let np = NetworkPolicyBuilder::allow_ingress_to("web-from-ingress", &web())
        .from_namespaces([("kubernetes.io/metadata.name", "ingress-nginx")])
        .from_pods([("app.kubernetes.io/name", "api")])
        .build()
        .unwrap();
    assert_eq!(
        as_json(&np),
        json!({
            "apiVersion": "networking.k8s.io/v1",
            "kind": "NetworkPolicy",
            "metadata": {"name": "web-from-ingress", "namespace": "shop"},
            "spec": {
                "podSelector": {"matchLabels": {"app.kubernetes.io/name": "web"}},
                "policyTypes": ["Ingress"],
                "ingress": [{
                    "from": [
                        {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}},
                        {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "api"}}}
                    ],
                    "ports": [{"port": 8080, "protocol": "TCP"}, {"port": 8125, "protocol": "UDP"}]
                }]
            }
        })
    );
    let only_http = NetworkPolicyBuilder::allow_ingress_to("web-http", &web())
        .from_anywhere()
        .only_ports(["http"])
        .build()
        .unwrap();
    assert_eq!(
        as_json(&only_http)["spec"]["ingress"],
        json!([{"ports": [{"port": 8080, "protocol": "TCP"}]}])
    );
}

#[test]
fn network_policy_rules() {
    assert_eq!(
        messages(NetworkPolicyBuilder::allow_ingress_to("w", &web()).build()),
        [
            "spec.ingress[0].from: Required value: no peer: call from_pods(), from_namespaces(), from_pods_in_namespaces() or from_anywhere()"
        ]
    );
    assert_eq!(
        messages(
            NetworkPolicyBuilder::allow_ingress_to("w", &web())
                .from_anywhere()
                .only_ports(["grpc"])
                .build()
        ),
        [
            "spec.ingress[0].ports: Not found: \"grpc\": no container port of Deployment/web is named \"grpc\" (named ports: \"http\", \"statsd\")"
        ]
    );
    let portless = DeploymentBuilder::new("worker")
        .container(ContainerBuilder::new("w", "busybox:1.36"))
        .build()
        .unwrap();
    assert_eq!(
        messages(
            NetworkPolicyBuilder::allow_ingress_to("w", &portless)
                .from_pods([("a", "b")])
                .build()
        ),
        [
            "spec.ingress[0].ports: Required value: Deployment/worker declares no container port, and a rule without ports opens them all"
        ]
    );
    assert_eq!(
        messages(
            NetworkPolicyBuilder::deny_all_ingress("d")
                .from_pods([("a", "b")])
                .build()
        ),
        ["spec: Invalid value: \"d\": from_pods() applies only to allow_ingress_to()"]
    );
    // The apiserver's peer and selector rules, on raw rules.
    let raw = NetworkPolicyBuilder::new("raw").ingress_rule(NetworkPolicyIngressRule {
        from: Some(vec![NetworkPolicyPeer::default()]),
        ports: None,
    });
    assert_eq!(
        messages(raw.build()),
        ["spec.ingress[0].from[0]: Required value: must specify a peer"]
    );
    let np: NetworkPolicy = serde_json::from_value(json!({
        "metadata": {"name": "x"},
        "spec": {
            "podSelector": {},
            "policyTypes": ["Inbound"],
            "ingress": [{
                "from": [{"ipBlock": {"cidr": "10.0.0.0/8"}, "podSelector": {}}],
                "ports": [{"port": 70000, "protocol": "ICMP"}]
            }]
        }
    }))
    .unwrap();
    rejects_exactly(
        &np,
        "spec.policyTypes[0]: Unsupported value: \"Inbound\": supported values: \"Ingress\", \"Egress\"",
    );
    rejects_exactly(
        &np,
        "spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer",
    );
    rejects_exactly(
        &np,
        "spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive",
    );
    rejects_exactly(
        &np,
        "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"",
    );
}

// ----------------------------------------------------------------------------------------------
// CronJob and backups

#[test]
fn cronjob_output() {
    let cj = CronJobBuilder::new("report", "30 2 * * 1-5")
        .namespace("shop")
        .app_name("report")
        .time_zone("Europe/Paris")
        .concurrency_policy(ConcurrencyPolicy::Forbid)
        .successful_jobs_history_limit(1)
        .failed_jobs_history_limit(3)
        .starting_deadline_seconds(300)
        .restart_policy(RestartPolicy::Never)
        .backoff_limit(2)
        .container(ContainerBuilder::new(
            "report",
            "registry.example.com/report:1.4",
        ))
        .build()
        .unwrap();
    assert_eq!(
        as_json(&cj),
        json!({
            "apiVersion": "batch/v1",
            "kind": "CronJob",
            "metadata": {"name": "report", "namespace": "shop", "labels": {"app.kubernetes.io/name": "report"}},
            "spec": {
                "schedule": "30 2 * * 1-5",
                "timeZone": "Europe/Paris",
                "concurrencyPolicy": "Forbid",
                "successfulJobsHistoryLimit": 1,
                "failedJobsHistoryLimit": 3,
                "startingDeadlineSeconds": 300,
                "jobTemplate": {
                    "metadata": {"labels": {"app.kubernetes.io/name": "report"}},
                    "spec": {
                        "backoffLimit": 2,
                        "template": {
                            "metadata": {"labels": {"app.kubernetes.io/name": "report"}},
                            "spec": {
                                "containers": [{"name": "report", "image": "registry.example.com/report:1.4"}],
                                "restartPolicy": "Never"
                            }
                        }
                    }
                }
            }
        })
    );
}

#[test]
fn cronjob_rules() {
    let job = |schedule: &str| {
        CronJobBuilder::new("j", schedule).container(ContainerBuilder::new("c", "busybox:1.36"))
    };
    for (schedule, message) in [
        (
            "*/5 * * *",
            "spec.schedule: Invalid value: \"*/5 * * *\": expected exactly 5 fields, found 4: [*/5 * * *]",
        ),
        (
            "0 24 * * *",
            "spec.schedule: Invalid value: \"0 24 * * *\": end of range (24) above maximum (23): 24",
        ),
        (
            "0 0 0 * *",
            "spec.schedule: Invalid value: \"0 0 0 * *\": beginning of range (0) below minimum (1): 0",
        ),
        (
            "0 0 * * fri-mon",
            "spec.schedule: Invalid value: \"0 0 * * fri-mon\": beginning of range (5) beyond end of range (1): fri-mon",
        ),
        (
            "every day",
            "spec.schedule: Invalid value: \"every day\": expected exactly 5 fields, found 2: [every day]",
        ),
        (
            "@daily-ish",
            "spec.schedule: Invalid value: \"@daily-ish\": unrecognized descriptor: @daily-ish",
        ),
        ("", "spec.schedule: Required value"),
    ] {
        assert_eq!(messages(job(schedule).build()), [message], "{schedule}");
    }
    for ok in ["@weekly", "*/10 * * * *", "0 3 * * sun", "@every 6h"] {
        job(ok).build().unwrap();
    }
    assert_eq!(
        messages(job("TZ=UTC 0 3 * * *").build()),
        [
            "spec.schedule: Invalid value: \"TZ=UTC 0 3 * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
        ]
    );
    assert_eq!(
        messages(job("@daily").time_zone("Europe/Pariss").build()),
        ["spec.timeZone: Invalid value: \"Europe/Pariss\": unknown time zone Europe/Pariss"]
    );
    assert_eq!(
        messages(job("@daily").restart_policy(RestartPolicy::Always).build()),
        [
            "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\""
        ]
    );
    assert_eq!(
        messages(
            job("@daily")
                .successful_jobs_history_limit(-1)
                .starting_deadline_seconds(-5)
                .backoff_limit(-1)
                .build()
        ),
        [
            "spec.startingDeadlineSeconds: Invalid value: -5: must be greater than or equal to 0",
            "spec.jobTemplate.spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
            "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
        ]
    );
    let long = "a".repeat(53);
    assert_eq!(
        messages(
            CronJobBuilder::new(long.as_str(), "@daily")
                .container(ContainerBuilder::new("c", "busybox:1.36"))
                .build()
        ),
        [format!(
            "metadata.name: Invalid value: \"{long}\": must be no more than 52 characters"
        )]
    );
    let raw: CronJob = serde_json::from_value(json!({
        "metadata": {"name": "x"},
        "spec": {
            "schedule": "@daily",
            "concurrencyPolicy": "Sometimes",
            "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Sometimes", "containers": [{"name": "c", "image": "i"}]}}}}
        }
    }))
    .unwrap();
    rejects_exactly(
        &raw,
        "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"",
    );
    rejects_exactly(
        &raw,
        "spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"OnFailure\", \"Never\"",
    );
}

#[test]
fn volume_backup_cronjob() {
    let backup = CronJobBuilder::volume_backup(
        "mysql-backup",
        "15 3 * * *",
        "data-mysql-0",
        ContainerBuilder::new("restic", "restic/restic:0.17.3")
            .args(["backup", "--no-cache", CronJobBuilder::BACKUP_SOURCE])
            .env_secret_key("RESTIC_REPOSITORY", "backup-repository", "repository")
            .env_secret_key("RESTIC_PASSWORD", "backup-repository", "password"),
    )
    .run_as_user(999)
    .run_as_group(999)
    .same_node_as([("statefulset.kubernetes.io/pod-name", "mysql-0")])
    .build()
    .unwrap();
    let spec = as_json(&backup)["spec"].clone();
    assert_eq!(spec["concurrencyPolicy"], "Forbid");
    let pod = spec["jobTemplate"]["spec"]["template"]["spec"].clone();
    assert_eq!(pod["restartPolicy"], "OnFailure");
    assert_eq!(pod["automountServiceAccountToken"], false);
    assert_eq!(
        pod["volumes"],
        json!([{"name": "backup-source", "persistentVolumeClaim": {"claimName": "data-mysql-0", "readOnly": true}}])
    );
    assert_eq!(
        pod["containers"][0]["volumeMounts"],
        json!([{"name": "backup-source", "mountPath": "/backup-source", "readOnly": true}])
    );
    assert_eq!(
        pod["securityContext"],
        json!({"runAsGroup": 999, "runAsNonRoot": true, "runAsUser": 999, "seccompProfile": {"type": "RuntimeDefault"}})
    );
    assert_eq!(
        pod["containers"][0]["securityContext"],
        json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}})
    );
    // The restricted level is required: a privileged tweak fails the build.
    let m = messages(
        CronJobBuilder::volume_backup(
            "b",
            "@daily",
            "data",
            ContainerBuilder::new("rsync", "instrumentisto/rsync-ssh:alpine3.21").privileged(true),
        )
        .run_as_user(1000)
        .build(),
    );
    assert!(
        m.iter()
            .any(|m| m.starts_with("spec.jobTemplate.spec.template.spec")
                && m.contains("privileged")),
        "{m:?}"
    );
}

#[test]
fn velero_annotation_is_checked_against_the_pod_volumes() {
    let data = PersistentVolumeClaimBuilder::new("data", "1Gi");
    let sts = mysql(&data)
        .volume_claim_template(data.clone())
        .velero_backup_volumes(["data"])
        .build()
        .unwrap();
    assert_eq!(
        sts.spec_ref()
            .unwrap()
            .template
            .metadata
            .as_ref()
            .unwrap()
            .annotations
            .as_ref()
            .unwrap()["backup.velero.io/backup-volumes"],
        "data"
    );
    let d = DeploymentBuilder::new("app")
        .container(
            ContainerBuilder::new("app", "busybox:1.36")
                .mount(
                    VolumeBuilder::persistent_volume_claim("files", "files"),
                    "/files",
                )
                .mount(
                    VolumeBuilder::host_path("node-logs", "/var/log"),
                    "/node-logs",
                )
                .mount(VolumeBuilder::empty_dir("cache"), "/cache"),
        )
        .velero_backup_volumes(["files", "cache", "files"])
        .build()
        .unwrap();
    assert_eq!(
        d.spec_ref()
            .unwrap()
            .template
            .metadata
            .as_ref()
            .unwrap()
            .annotations
            .as_ref()
            .unwrap()["backup.velero.io/backup-volumes"],
        "files,cache"
    );
    let base = || {
        DeploymentBuilder::new("app").container(
            ContainerBuilder::new("app", "busybox:1.36")
                .mount(
                    VolumeBuilder::persistent_volume_claim("files", "files"),
                    "/files",
                )
                .mount(
                    VolumeBuilder::host_path("node-logs", "/var/log"),
                    "/node-logs",
                ),
        )
    };
    assert_eq!(
        messages(base().velero_backup_volumes(["file"]).build()),
        [
            "spec.template.metadata.annotations[backup.velero.io/backup-volumes]: Not found: \"file\": not a volume of the pod (volumes: \"files\", \"node-logs\"); Velero would skip it"
        ]
    );
    assert_eq!(
        messages(base().velero_backup_volumes(["node-logs"]).build()),
        [
            "spec.template.metadata.annotations[backup.velero.io/backup-volumes]: Invalid value: \"node-logs\": a hostPath volume, which Velero's file system backup does not support"
        ]
    );
    assert_eq!(
        messages(
            base()
                .pod_annotation("backup.velero.io/backup-volumes", "files, node-logs")
                .build()
        ),
        [
            "spec.template.metadata.annotations[backup.velero.io/backup-volumes]: Invalid value: \" node-logs\": Velero splits the list on \",\" without trimming: no space, no empty entry"
        ]
    );
}

// ----------------------------------------------------------------------------------------------
// The whole set

#[test]
fn statefulset_claims_resolve_for_a_backup_in_the_same_set() {
    let data = PersistentVolumeClaimBuilder::new("data", "1Gi");
    let sts = mysql(&data)
        .replicas(2)
        .volume_claim_template(data)
        .build()
        .unwrap();
    let backup = |claim: &str| {
        CronJobBuilder::volume_backup(
            "backup",
            "@daily",
            claim,
            ContainerBuilder::new("rsync", "instrumentisto/rsync-ssh:alpine3.21"),
        )
        .run_as_user(999)
        .build()
        .unwrap()
    };
    let bundle = Bundle::new().with(sts.clone()).with(backup("data-mysql-1"));
    let reports = Checker::new().check(bundle.objects());
    assert!(
        reports.iter().all(kubeforge::validate::Report::is_valid),
        "{reports:#?}"
    );
    // Ordinal 2 does not exist with 2 replicas.
    let bundle = Bundle::new().with(sts).with(backup("data-mysql-2"));
    let reports = Checker::new().check(bundle.objects());
    let cron = reports
        .iter()
        .find(|r| r.object() == "CronJob/backup")
        .unwrap();
    assert_eq!(
        cron.violations()[0].to_string(),
        "spec.jobTemplate.spec.template.spec.volumes[0].persistentVolumeClaim: Not found: PersistentVolumeClaim/data-mysql-2"
    );
}

#[test]
fn builders_return_plain_objects_that_round_trip() {
    let data = PersistentVolumeClaimBuilder::new("data", "1Gi");
    let sts = mysql(&data).volume_claim_template(data).build().unwrap();
    let back: StatefulSet = serde_json::from_value(as_json(&sts)).unwrap();
    assert_eq!(back, sts);
    let pvc = PersistentVolumeClaimBuilder::new("d", "1Gi")
        .build()
        .unwrap();
    let back: PersistentVolumeClaim = serde_json::from_value(as_json(&pvc)).unwrap();
    assert_eq!(back, pvc);
}

#[test]
fn example_10_is_valid_restricted_and_its_references_resolve() {
    let bundle = kubeforge_examples::statefulset_storage::manifests().unwrap();
    let reports = Checker::new()
        .assume_exists("Secret", None, "mysql-credentials")
        .assume_exists("Secret", None, "backup-repository")
        .check(bundle.objects());
    assert_eq!(reports.len(), 7);
    assert!(
        reports.iter().all(kubeforge::validate::Report::is_valid),
        "{reports:#?}"
    );
    for o in bundle.objects() {
        if let Some(found) = pss::check_object(o, Level::Restricted, PolicyVersion::Latest) {
            assert!(found.is_empty(), "{}: {found:?}", o.kind());
        }
    }
    // The backup reads the claim of mysql-0, which the StatefulSet's template creates.
    let kinds: Vec<&str> = bundle.objects().map(kubeforge::Object::kind).collect();
    assert_eq!(
        kinds,
        [
            "ConfigMap",
            "ConfigMap",
            "StorageClass",
            "Service",
            "StatefulSet",
            "CronJob",
            "NetworkPolicy"
        ]
    );
}
