//! The Pod Security Standards checker (`kubeforge::validate::pss`, PSS.md): every check both
//! ways (a violating spec with the admission controller's exact text, a compliant spec with
//! nothing), the version-dependent revisions, the restricted overrides, plural forms, and the
//! whole admission messages.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::needless_pass_by_value,
    clippy::large_stack_arrays,
    reason = "test code"
)]

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{ConfigMap, Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeforge::Object;
use kubeforge::validate::pss::{Level, PolicyVersion, check_object, check_pod, forbidden_message};
use serde_json::{Value, json};

use Level::{Baseline, Privileged, Restricted};
use PolicyVersion::{Latest, V1};

// ---- helpers ------------------------------------------------------------------------------------

fn spec(v: Value) -> PodSpec {
    serde_json::from_value(v).expect("a PodSpec")
}

fn meta(v: Value) -> ObjectMeta {
    serde_json::from_value(v).expect("an ObjectMeta")
}

/// The violations of `spec` (no annotations), rendered `reason (detail)`.
fn run(level: Level, version: PolicyVersion, s: Value) -> Vec<String> {
    run_meta(level, version, json!({}), s)
}

fn run_meta(level: Level, version: PolicyVersion, m: Value, s: Value) -> Vec<String> {
    check_pod(&meta(m), &spec(s), level, version)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The check IDs that fail.
fn ids(level: Level, version: PolicyVersion, s: Value) -> Vec<&'static str> {
    check_pod(&ObjectMeta::default(), &spec(s), level, version)
        .iter()
        .map(kubeforge::validate::pss::PssViolation::check_id)
        .collect()
}

/// One container named `name` with `sc` as its securityContext.
fn sc(name: &str, sc: Value) -> Value {
    json!({"name": name, "image": "app:1", "securityContext": sc})
}

/// The securityContext of a container that passes every restricted check.
fn hardened() -> Value {
    json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}})
}

/// A pod spec that passes every restricted check, with `containers`.
fn restricted_pod(containers: Value) -> Value {
    json!({
        "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": containers,
    })
}

/// A pod spec that passes restricted except for `pod_sc` (pod securityContext) and `containers`.
fn restricted_pod_with(pod_sc: Value, containers: Value) -> Value {
    json!({"securityContext": pod_sc, "containers": containers})
}

const NONE: [&str; 0] = [];

// ---- levels and versions ------------------------------------------------------------------------

#[test]
fn level_and_version_parse_and_display() {
    for (text, level) in [
        ("privileged", Privileged),
        ("baseline", Baseline),
        ("restricted", Restricted),
    ] {
        assert_eq!(text.parse::<Level>(), Ok(level));
        assert_eq!(level.to_string(), text);
    }
    assert!("Baseline".parse::<Level>().is_err());
    assert_eq!("latest".parse::<PolicyVersion>(), Ok(Latest));
    assert_eq!("v1.25".parse::<PolicyVersion>(), Ok(V1(25)));
    assert_eq!(V1(0).to_string(), "v1.0");
    assert_eq!(Latest.to_string(), "latest");
    assert!("1.25".parse::<PolicyVersion>().is_err());
    assert!("v1.025".parse::<PolicyVersion>().is_err());
    assert_eq!(Latest.minor(), 35);
    assert_eq!(V1(36).minor(), 35);
    assert_eq!(V1(34).minor(), 34);
}

#[test]
fn privileged_level_checks_nothing() {
    let s = json!({
        "hostNetwork": true,
        "containers": [sc("a", json!({"privileged": true, "runAsUser": 0}))],
        "volumes": [{"name": "h", "hostPath": {"path": "/"}}],
    });
    assert_eq!(run(Privileged, Latest, s), NONE);
}

#[test]
fn newer_versions_are_clamped_to_latest() {
    let s = json!({"containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 80, "hostPort": 80}]}]});
    assert_eq!(run(Baseline, V1(99), s.clone()), run(Baseline, Latest, s));
}

// ---- baseline checks ----------------------------------------------------------------------------

#[test]
fn host_namespaces() {
    assert_eq!(
        run(
            Baseline,
            Latest,
            json!({"hostNetwork": true, "hostPID": true, "hostIPC": true, "containers": []})
        ),
        ["host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)"]
    );
    assert_eq!(
        run(Baseline, Latest, json!({"hostIPC": true, "containers": []})),
        ["host namespaces (hostIPC=true)"]
    );
    assert_eq!(
        run(
            Baseline,
            Latest,
            json!({"hostNetwork": false, "hostPID": false, "hostIPC": false, "containers": []})
        ),
        NONE
    );
}

#[test]
fn privileged_containers_in_init_container_ephemeral_order() {
    let s = json!({
        "initContainers": [sc("init", json!({"privileged": true}))],
        "containers": [sc("app", json!({"privileged": true})), sc("ok", json!({"privileged": false}))],
        "ephemeralContainers": [{"name": "debug", "image": "busybox", "securityContext": {"privileged": true}}],
    });
    assert_eq!(
        run(Baseline, Latest, s),
        [
            "privileged (containers \"init\", \"app\", \"debug\" must not set securityContext.privileged=true)"
        ]
    );
    assert_eq!(
        run(
            Baseline,
            Latest,
            json!({"containers": [sc("a", json!({"privileged": true}))]})
        ),
        ["privileged (container \"a\" must not set securityContext.privileged=true)"]
    );
    assert_eq!(
        run(
            Baseline,
            Latest,
            json!({"containers": [sc("a", json!({"privileged": false}))]})
        ),
        NONE
    );
}

#[test]
fn capabilities_baseline() {
    let s = json!({"containers": [
        sc("a", json!({"capabilities": {"add": ["NET_RAW", "CHOWN"]}})),
        sc("b", json!({"capabilities": {"add": ["chown", "CAP_CHOWN"], "drop": ["ALL"]}})),
    ]});
    assert_eq!(
        run(Baseline, Latest, s),
        [
            "non-default capabilities (containers \"a\", \"b\" must not include \"CAP_CHOWN\", \"NET_RAW\", \"chown\" in securityContext.capabilities.add)"
        ]
    );
    let all_default = json!({"containers": [sc("a", json!({"capabilities": {
        "add": ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
                "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"],
        "drop": ["NET_RAW"]}}))]});
    assert_eq!(run(Baseline, Latest, all_default), NONE);
}

#[test]
fn host_path_volumes() {
    let one =
        json!({"containers": [], "volumes": [{"name": "data", "hostPath": {"path": "/data"}}]});
    assert_eq!(
        run(Baseline, Latest, one),
        ["hostPath volumes (volume \"data\")"]
    );
    let two = json!({"containers": [], "volumes": [
        {"name": "a", "hostPath": {"path": "/a"}},
        {"name": "tmp", "emptyDir": {}},
        {"name": "b", "hostPath": {"path": "/b", "type": "Directory"}},
    ]});
    assert_eq!(
        run(Baseline, Latest, two),
        ["hostPath volumes (volumes \"a\", \"b\")"]
    );
    let fine = json!({"containers": [], "volumes": [
        {"name": "tmp", "emptyDir": {}}, {"name": "n", "nfs": {"server": "s", "path": "/"}},
    ]});
    assert_eq!(run(Baseline, Latest, fine), NONE);
}

#[test]
fn host_ports() {
    let one = json!({"containers": [{"name": "a", "image": "x",
        "ports": [{"containerPort": 8080, "hostPort": 8080}]}]});
    assert_eq!(
        run(Baseline, Latest, one),
        ["hostPort (container \"a\" uses hostPort 8080)"]
    );
    // Ports are a set of strings upstream: deduplicated and listed in string order.
    let two = json!({"containers": [
        {"name": "a", "image": "x", "ports": [{"containerPort": 80, "hostPort": 80}]},
        {"name": "b", "image": "x", "ports": [{"containerPort": 443, "hostPort": 443}, {"containerPort": 81, "hostPort": 80, "protocol": "UDP"}]},
    ]});
    assert_eq!(
        run(Baseline, Latest, two),
        ["hostPort (containers \"a\", \"b\" use hostPorts 443, 80)"]
    );
    let fine = json!({"containers": [{"name": "a", "image": "x",
        "ports": [{"containerPort": 80, "hostPort": 0}, {"containerPort": 81}]}]});
    assert_eq!(run(Baseline, Latest, fine), NONE);
}

#[test]
fn app_armor_profile_fields() {
    let one = json!({"containers": [sc("a", json!({"appArmorProfile": {"type": "Unconfined"}}))]});
    assert_eq!(
        run(Baseline, Latest, one),
        [
            "forbidden AppArmor profile (container \"a\" must not set AppArmor profile type to \"Unconfined\")"
        ]
    );
    let pod_and_container = json!({
        "securityContext": {"appArmorProfile": {"type": "Unconfined"}},
        "containers": [sc("a", json!({"appArmorProfile": {"type": "Unconfined"}}))],
    });
    assert_eq!(
        run(Baseline, Latest, pod_and_container),
        [
            "forbidden AppArmor profile (pod and container \"a\" must not set AppArmor profile type to \"Unconfined\")"
        ]
    );
    let fine = json!({
        "securityContext": {"appArmorProfile": {"type": "RuntimeDefault"}},
        "containers": [sc("a", json!({"appArmorProfile": {"type": "Localhost", "localhostProfile": "k8s-nginx"}}))],
    });
    assert_eq!(run(Baseline, Latest, fine), NONE);
    // The field check was patched into the 1.0 revision: it applies at every pinned version.
    let old = json!({"containers": [sc("a", json!({"appArmorProfile": {"type": "Unconfined"}}))]});
    assert_eq!(run(Baseline, V1(22), old).len(), 1);
}

#[test]
fn app_armor_profile_annotations() {
    let containers =
        json!({"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "x"}]});
    assert_eq!(
        run_meta(
            Baseline,
            Latest,
            json!({"annotations": {"container.apparmor.security.beta.kubernetes.io/a": "unconfined"}}),
            containers.clone()
        ),
        [
            "forbidden AppArmor profile (annotation must not set AppArmor profile type to \"container.apparmor.security.beta.kubernetes.io/a=\"unconfined\"\")"
        ]
    );
    let mixed = json!({
        "securityContext": {"appArmorProfile": {"type": "Unconfined"}},
        "containers": [sc("a", json!({"appArmorProfile": {"type": "Unconfined"}}))],
    });
    assert_eq!(
        run_meta(
            Baseline,
            Latest,
            json!({"annotations": {
                "container.apparmor.security.beta.kubernetes.io/b": "unconfined",
                "container.apparmor.security.beta.kubernetes.io/a": "docker-default",
            }}),
            mixed
        ),
        [
            "forbidden AppArmor profiles (pod and container \"a\" and annotations must not set AppArmor profile type to \"Unconfined\", \"container.apparmor.security.beta.kubernetes.io/a=\"docker-default\"\", \"container.apparmor.security.beta.kubernetes.io/b=\"unconfined\"\")"
        ]
    );
    assert_eq!(
        run_meta(
            Baseline,
            Latest,
            json!({"annotations": {
                "container.apparmor.security.beta.kubernetes.io/a": "runtime/default",
                "container.apparmor.security.beta.kubernetes.io/b": "localhost/k8s-nginx",
                "container.apparmor.security.beta.kubernetes.io/c": "",
                "apparmor.example.com/a": "unconfined",
            }}),
            containers
        ),
        NONE
    );
}

#[test]
fn se_linux_options() {
    let s = json!({
        "securityContext": {"seLinuxOptions": {"type": "spc_t", "user": "system_u"}},
        "containers": [sc("a", json!({"seLinuxOptions": {"type": "spc_t", "role": "system_r"}}))],
    });
    assert_eq!(
        run(Baseline, Latest, s),
        [
            "seLinuxOptions (pod and container \"a\" set forbidden securityContext.seLinuxOptions: type \"spc_t\"; user may not be set; role may not be set)"
        ]
    );
    let user_only = json!({"containers": [sc("a", json!({"seLinuxOptions": {"user": "u"}})), sc("b", json!({"seLinuxOptions": {"type": "x_t"}})), sc("c", json!({"seLinuxOptions": {"type": "spc_t"}}))]});
    assert_eq!(
        run(Baseline, Latest, user_only),
        [
            "seLinuxOptions (containers \"a\", \"b\", \"c\" set forbidden securityContext.seLinuxOptions: types \"spc_t\", \"x_t\"; user may not be set)"
        ]
    );
    let fine = json!({
        "securityContext": {"seLinuxOptions": {"type": "container_t", "level": "s0:c123,c456"}},
        "containers": [sc("a", json!({"seLinuxOptions": {"type": "container_init_t"}})), sc("b", json!({"seLinuxOptions": {"type": "container_kvm_t", "user": ""}}))],
    });
    assert_eq!(run(Baseline, Latest, fine), NONE);
}

#[test]
fn se_linux_container_engine_t_is_allowed_from_1_31() {
    let s =
        json!({"containers": [sc("a", json!({"seLinuxOptions": {"type": "container_engine_t"}}))]});
    assert_eq!(
        run(Baseline, V1(30), s.clone()),
        [
            "seLinuxOptions (container \"a\" set forbidden securityContext.seLinuxOptions: type \"container_engine_t\")"
        ]
    );
    assert_eq!(run(Baseline, V1(31), s), NONE);
}

#[test]
fn proc_mount() {
    let s = json!({"containers": [sc("a", json!({"procMount": "Unmasked"}))]});
    assert_eq!(
        run(Baseline, Latest, s),
        ["procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")"]
    );
    let two = json!({"containers": [sc("a", json!({"procMount": "Unmasked"})), sc("b", json!({"procMount": "Weird"}))]});
    assert_eq!(
        run(Baseline, Latest, two),
        [
            "procMount (containers \"a\", \"b\" must not set securityContext.procMount to \"Unmasked\", \"Weird\")"
        ]
    );
    let fine =
        json!({"containers": [sc("a", json!({"procMount": "Default"})), sc("b", json!({}))]});
    assert_eq!(run(Baseline, Latest, fine), NONE);
}

#[test]
fn proc_mount_with_host_users_false() {
    let s = json!({"hostUsers": false, "containers": [sc("a", json!({"procMount": "Unmasked"}))]});
    // Baseline skips the check for user-namespace pods from 1.35 only.
    assert_eq!(run(Baseline, V1(35), s.clone()), NONE);
    assert_eq!(
        run(Baseline, V1(34), s.clone()),
        ["procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")"]
    );
    // Restricted re-tightens it with procMount_restricted (which overrides procMount) from 1.35.
    let restricted = restricted_pod(json!([{
        "name": "a", "image": "x",
        "securityContext": {"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "procMount": "Unmasked"},
    }]));
    let mut restricted_userns = restricted.clone();
    restricted_userns["hostUsers"] = json!(false);
    assert_eq!(
        ids(Restricted, V1(35), restricted_userns.clone()),
        ["procMount_restricted"]
    );
    assert_eq!(
        run(Restricted, Latest, restricted_userns),
        ["procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")"]
    );
    assert_eq!(ids(Restricted, V1(34), restricted), ["procMount"]);
}

#[test]
fn seccomp_profile_baseline() {
    let pod =
        json!({"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": []});
    assert_eq!(
        run(Baseline, Latest, pod),
        ["seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")"]
    );
    let both = json!({
        "securityContext": {"seccompProfile": {"type": "Unconfined"}},
        "containers": [sc("a", json!({"seccompProfile": {"type": "Unconfined"}})), sc("b", json!({"seccompProfile": {"type": "RuntimeDefault"}}))],
    });
    assert_eq!(
        run(Baseline, Latest, both),
        [
            "seccompProfile (pod and container \"a\" must not set securityContext.seccompProfile.type to \"Unconfined\")"
        ]
    );
    let fine = json!({
        "containers": [sc("a", json!({"seccompProfile": {"type": "Localhost", "localhostProfile": "p.json"}})), sc("b", json!({}))],
    });
    assert_eq!(run(Baseline, Latest, fine), NONE);
}

#[test]
fn seccomp_annotations_up_to_1_18_fields_from_1_19() {
    let annotations = json!({"annotations": {
        "seccomp.security.alpha.kubernetes.io/pod": "unconfined",
        "container.seccomp.security.alpha.kubernetes.io/a": "unconfined",
        "container.seccomp.security.alpha.kubernetes.io/b": "runtime/default",
        "container.seccomp.security.alpha.kubernetes.io/gone": "unconfined",
    }});
    let s = json!({
        "securityContext": {"seccompProfile": {"type": "Unconfined"}},
        "containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "x"}],
    });
    assert_eq!(
        run_meta(Baseline, V1(18), annotations.clone(), s.clone()),
        [
            "seccompProfile (forbidden annotations container.seccomp.security.alpha.kubernetes.io/a=\"unconfined\", seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")"
        ]
    );
    assert_eq!(
        run_meta(Baseline, V1(19), annotations, s),
        ["seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")"]
    );
    let one = json!({"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "localhost/"}});
    assert_eq!(
        run_meta(Baseline, V1(18), one, json!({"containers": []})),
        NONE
    );
    let docker =
        json!({"annotations": {"seccomp.security.alpha.kubernetes.io/pod": "docker/default"}});
    assert_eq!(
        run_meta(Baseline, V1(0), docker, json!({"containers": []})),
        NONE
    );
}

#[test]
fn sysctls() {
    let s = json!({"securityContext": {"sysctls": [
        {"name": "kernel.msgmax", "value": "1"},
        {"name": "kernel.shm_rmid_forced", "value": "1"},
        {"name": "net.core.somaxconn", "value": "1024"},
        {"name": "net/ipv4/ip_local_port_range", "value": "1 2"},
    ]}, "containers": []});
    assert_eq!(
        run(Baseline, Latest, s),
        ["forbidden sysctls (kernel.msgmax, net.core.somaxconn, net/ipv4/ip_local_port_range)"]
    );
    let names = [
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_wmem",
    ];
    let all: Vec<Value> = names
        .iter()
        .map(|n| json!({"name": n, "value": "1"}))
        .collect();
    assert_eq!(
        run(
            Baseline,
            Latest,
            json!({"securityContext": {"sysctls": all}, "containers": []})
        ),
        NONE
    );
}

#[test]
fn sysctls_per_version() {
    let one = |name: &str| json!({"securityContext": {"sysctls": [{"name": name, "value": "1"}]}, "containers": []});
    for (name, since) in [
        ("net.ipv4.ip_local_reserved_ports", 27),
        ("net.ipv4.tcp_keepalive_time", 29),
        ("net.ipv4.tcp_fin_timeout", 29),
        ("net.ipv4.tcp_keepalive_intvl", 29),
        ("net.ipv4.tcp_keepalive_probes", 29),
        ("net.ipv4.tcp_rmem", 32),
        ("net.ipv4.tcp_wmem", 32),
    ] {
        assert_eq!(
            run(Baseline, V1(since - 1), one(name)),
            [format!("forbidden sysctls ({name})")],
            "{name} before v1.{since}"
        );
        assert_eq!(
            run(Baseline, V1(since), one(name)),
            NONE,
            "{name} at v1.{since}"
        );
    }
    assert_eq!(
        run(Baseline, V1(31), one("net.ipv4.tcp_rmem")),
        ["forbidden sysctls (net.ipv4.tcp_rmem)"]
    );
    assert_eq!(run(Baseline, V1(32), one("net.ipv4.tcp_rmem")), NONE);
    // Not in the registry PSS.md pins (1.35 is `latest`).
    assert_eq!(
        run(Baseline, Latest, one("net.ipv4.tcp_slow_start_after_idle")),
        ["forbidden sysctls (net.ipv4.tcp_slow_start_after_idle)"]
    );
}

#[test]
fn windows_host_process() {
    let s = json!({
        "securityContext": {"windowsOptions": {"hostProcess": true}},
        "containers": [sc("a", json!({"windowsOptions": {"hostProcess": true}})), sc("b", json!({"windowsOptions": {"hostProcess": false}}))],
    });
    assert_eq!(
        run(Baseline, Latest, s),
        [
            "hostProcess (pod and container \"a\" must not set securityContext.windowsOptions.hostProcess=true)"
        ]
    );
    let containers = json!({"containers": [sc("a", json!({"windowsOptions": {"hostProcess": true}})), sc("b", json!({"windowsOptions": {"hostProcess": true}}))]});
    assert_eq!(
        run(Baseline, Latest, containers),
        [
            "hostProcess (containers \"a\", \"b\" must not set securityContext.windowsOptions.hostProcess=true)"
        ]
    );
    let fine = json!({
        "securityContext": {"windowsOptions": {"hostProcess": false, "runAsUserName": "ContainerUser"}},
        "containers": [sc("a", json!({"windowsOptions": {"hostProcess": false}}))],
    });
    assert_eq!(run(Baseline, Latest, fine), NONE);
}

#[test]
fn host_probes_and_host_lifecycle() {
    let one = json!({"containers": [{"name": "a", "image": "x",
        "livenessProbe": {"httpGet": {"host": "10.0.0.1", "port": 80}}}]});
    assert_eq!(
        run(Baseline, Latest, one),
        ["probe or lifecycle host (container \"a\" uses probe or lifecycle host \"10.0.0.1\")"]
    );
    // Containers and hosts are sets upstream: listed in string order.
    let many = json!({
        "initContainers": [{"name": "b", "image": "x", "startupProbe": {"tcpSocket": {"host": "h2", "port": 1}}}],
        "containers": [{"name": "a", "image": "x",
            "readinessProbe": {"tcpSocket": {"host": "h1", "port": 1}},
            "lifecycle": {"postStart": {"httpGet": {"host": "h3", "port": 1}}, "preStop": {"tcpSocket": {"host": "h1", "port": 1}}}}],
    });
    assert_eq!(
        run(Baseline, Latest, many),
        [
            "probe or lifecycle host (containers \"a\", \"b\" use probe or lifecycle hosts \"h1\", \"h2\", \"h3\")"
        ]
    );
    let fine = json!({"containers": [{"name": "a", "image": "x",
        "livenessProbe": {"httpGet": {"host": "", "port": 80}},
        "readinessProbe": {"tcpSocket": {"port": 80}},
        "lifecycle": {"preStop": {"httpGet": {"path": "/stop", "port": 80}}}}]});
    assert_eq!(run(Baseline, Latest, fine), NONE);
}

#[test]
fn probe_host_is_checked_from_1_34_only() {
    let s = json!({"containers": [{"name": "a", "image": "x",
        "lifecycle": {"preStop": {"httpGet": {"host": "metadata.internal", "port": 80}}}}]});
    assert_eq!(run(Baseline, V1(33), s.clone()), NONE);
    assert_eq!(
        run(Baseline, V1(34), s),
        [
            "probe or lifecycle host (container \"a\" uses probe or lifecycle host \"metadata.internal\")"
        ]
    );
}

// ---- restricted checks --------------------------------------------------------------------------

#[test]
fn restricted_volumes() {
    let mut one = restricted_pod(json!([sc("a", hardened())]));
    one["volumes"] = json!([{"name": "nfs", "nfs": {"server": "s", "path": "/"}}]);
    assert_eq!(
        run(Restricted, Latest, one),
        ["restricted volume types (volume \"nfs\" uses restricted volume type \"nfs\")"]
    );
    let mut two = restricted_pod(json!([sc("a", hardened())]));
    two["volumes"] = json!([
        {"name": "a", "hostPath": {"path": "/a"}},
        {"name": "cfg", "configMap": {"name": "c"}},
        {"name": "b", "nfs": {"server": "s", "path": "/"}},
        {"name": "c", "hostPath": {"path": "/c"}},
    ]);
    assert_eq!(
        run(Restricted, Latest, two),
        [
            "restricted volume types (volumes \"a\", \"b\", \"c\" use restricted volume types \"hostPath\", \"nfs\")"
        ]
    );
    let mut unknown = restricted_pod(json!([sc("a", hardened())]));
    unknown["volumes"] = json!([{"name": "nothing"}]);
    assert_eq!(
        run(Restricted, Latest, unknown),
        ["restricted volume types (volume \"nothing\" uses restricted volume type \"unknown\")"]
    );
    let mut fine = restricted_pod(json!([sc("a", hardened())]));
    fine["volumes"] = json!([
        {"name": "cm", "configMap": {"name": "c"}},
        {"name": "csi", "csi": {"driver": "d"}},
        {"name": "dapi", "downwardAPI": {}},
        {"name": "tmp", "emptyDir": {}},
        {"name": "eph", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}}},
        {"name": "img", "image": {"reference": "registry.example/data:1"}},
        {"name": "pvc", "persistentVolumeClaim": {"claimName": "data"}},
        {"name": "proj", "projected": {}},
        {"name": "sec", "secret": {"secretName": "s"}},
    ]);
    assert_eq!(run(Restricted, Latest, fine.clone()), NONE);
    // The image allowance was patched into the 1.0 revision.
    assert_eq!(run(Restricted, V1(25), fine), NONE);
}

#[test]
fn restricted_reports_restricted_volumes_instead_of_host_path_volumes() {
    let mut s = restricted_pod(json!([sc("a", hardened())]));
    s["volumes"] = json!([{"name": "data", "hostPath": {"path": "/data"}}]);
    assert_eq!(ids(Baseline, Latest, s.clone()), ["hostPathVolumes"]);
    assert_eq!(ids(Restricted, Latest, s.clone()), ["restrictedVolumes"]);
    assert_eq!(
        run(Restricted, Latest, s),
        ["restricted volume types (volume \"data\" uses restricted volume type \"hostPath\")"]
    );
}

#[test]
fn allow_privilege_escalation() {
    let s = restricted_pod(json!([
        sc("unset", json!({"capabilities": {"drop": ["ALL"]}})),
        sc(
            "true",
            json!({"allowPrivilegeEscalation": true, "capabilities": {"drop": ["ALL"]}})
        ),
        sc("false", hardened()),
    ]));
    assert_eq!(
        run(Restricted, Latest, s),
        [
            "allowPrivilegeEscalation != false (containers \"unset\", \"true\" must set securityContext.allowPrivilegeEscalation=false)"
        ]
    );
    assert_eq!(
        run(
            Restricted,
            Latest,
            restricted_pod(json!([sc("a", hardened())]))
        ),
        NONE
    );
    // Not part of baseline.
    assert_eq!(
        run(
            Baseline,
            Latest,
            json!({"containers": [{"name": "a", "image": "x"}]})
        ),
        NONE
    );
}

#[test]
fn windows_pods_are_exempt_from_three_checks_from_1_25() {
    let s = json!({
        "os": {"name": "windows"},
        "securityContext": {"runAsNonRoot": true},
        "containers": [{"name": "a", "image": "x"}],
    });
    assert_eq!(run(Restricted, V1(25), s.clone()), NONE);
    assert_eq!(
        ids(Restricted, V1(24), s),
        [
            "allowPrivilegeEscalation",
            "capabilities_restricted",
            "seccompProfile_restricted"
        ]
    );
    // `os.name` is compared exactly.
    let linux = json!({"os": {"name": "Windows"}, "securityContext": {"runAsNonRoot": true}, "containers": [{"name": "a", "image": "x"}]});
    assert_eq!(ids(Restricted, Latest, linux).len(), 3);
}

#[test]
fn run_as_non_root() {
    let implicit = restricted_pod_with(
        json!({"seccompProfile": {"type": "RuntimeDefault"}}),
        json!([
            sc("a", hardened()),
            sc(
                "b",
                json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": true})
            )
        ]),
    );
    assert_eq!(
        run(Restricted, Latest, implicit),
        [
            "runAsNonRoot != true (pod or container \"a\" must set securityContext.runAsNonRoot=true)"
        ]
    );
    let explicit = restricted_pod_with(
        json!({"runAsNonRoot": false, "seccompProfile": {"type": "RuntimeDefault"}}),
        json!([
            sc(
                "a",
                json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": false})
            ),
            sc("b", hardened())
        ]),
    );
    assert_eq!(
        run(Restricted, Latest, explicit),
        [
            "runAsNonRoot != true (pod and container \"a\" must not set securityContext.runAsNonRoot=false)"
        ]
    );
    let pod_false = restricted_pod_with(
        json!({"runAsNonRoot": false, "seccompProfile": {"type": "RuntimeDefault"}}),
        json!([sc(
            "a",
            json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": true})
        )]),
    );
    assert_eq!(
        run(Restricted, Latest, pod_false),
        ["runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)"]
    );
    let container_false = restricted_pod(json!([sc(
        "a",
        json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": false})
    )]));
    assert_eq!(
        run(Restricted, Latest, container_false),
        ["runAsNonRoot != true (container \"a\" must not set securityContext.runAsNonRoot=false)"]
    );
    // Pod-level true covers containers that omit it; or every container sets it.
    assert_eq!(
        run(
            Restricted,
            Latest,
            restricted_pod(json!([sc("a", hardened())]))
        ),
        NONE
    );
    let per_container = restricted_pod_with(
        json!({"seccompProfile": {"type": "RuntimeDefault"}}),
        json!([sc(
            "a",
            json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsNonRoot": true})
        )]),
    );
    assert_eq!(run(Restricted, Latest, per_container), NONE);
}

#[test]
fn host_users_false_skips_run_as_non_root_and_run_as_user_from_1_35() {
    let s = json!({
        "hostUsers": false,
        "securityContext": {"runAsUser": 0, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [sc("a", hardened())],
    });
    assert_eq!(run(Restricted, V1(35), s.clone()), NONE);
    assert_eq!(ids(Restricted, V1(34), s), ["runAsNonRoot", "runAsUser"]);
}

#[test]
fn run_as_user() {
    let s = json!({
        "securityContext": {"runAsNonRoot": true, "runAsUser": 0, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [sc("a", json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsUser": 0})), sc("b", hardened())],
    });
    assert_eq!(
        run(Restricted, Latest, s.clone()),
        ["runAsUser=0 (pod and container \"a\" must not set runAsUser=0)"]
    );
    // The check exists from policy 1.23.
    assert_eq!(run(Restricted, V1(22), s), NONE);
    let fine = json!({
        "securityContext": {"runAsNonRoot": true, "runAsUser": 1000, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": [sc("a", json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "runAsUser": 65532}))],
    });
    assert_eq!(run(Restricted, Latest, fine), NONE);
}

#[test]
fn seccomp_profile_restricted() {
    let implicit = restricted_pod_with(
        json!({"runAsNonRoot": true}),
        json!([
            sc("a", hardened()),
            sc(
                "b",
                json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "Localhost", "localhostProfile": "p"}})
            ),
            sc("c", hardened())
        ]),
    );
    assert_eq!(
        run(Restricted, Latest, implicit),
        [
            "seccompProfile (pod or containers \"a\", \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"
        ]
    );
    let explicit = restricted_pod(json!([sc(
        "a",
        json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "Unconfined"}})
    )]));
    assert_eq!(
        run(Restricted, Latest, explicit),
        [
            "seccompProfile (container \"a\" must not set securityContext.seccompProfile.type to \"Unconfined\")"
        ]
    );
    let fine = restricted_pod_with(
        json!({"runAsNonRoot": true}),
        json!([sc(
            "a",
            json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}, "seccompProfile": {"type": "RuntimeDefault"}})
        )]),
    );
    assert_eq!(run(Restricted, Latest, fine), NONE);
}

#[test]
fn restricted_overrides_seccomp_profile_baseline() {
    let s = json!({
        "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "Unconfined"}},
        "containers": [sc("a", hardened())],
    });
    assert_eq!(
        ids(Baseline, Latest, s.clone()),
        ["seccompProfile_baseline"]
    );
    assert_eq!(
        ids(Restricted, Latest, s.clone()),
        ["seccompProfile_restricted"]
    );
    // Before 1.19 there is no restricted seccomp check: the baseline (annotation) one applies.
    assert_eq!(ids(Restricted, V1(18), s), NONE);
}

#[test]
fn capabilities_restricted() {
    let s = restricted_pod(json!([sc(
        "a",
        json!({"allowPrivilegeEscalation": false, "capabilities": {"add": ["SYS_TIME", "NET_BIND_SERVICE"]}})
    )]));
    assert_eq!(
        run(Restricted, Latest, s),
        [
            "unrestricted capabilities (container \"a\" must set securityContext.capabilities.drop=[\"ALL\"]; container \"a\" must not include \"SYS_TIME\" in securityContext.capabilities.add)"
        ]
    );
    let lowercase = restricted_pod(json!([
        sc(
            "a",
            json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["all"]}})
        ),
        sc(
            "b",
            json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["NET_RAW", "CHOWN"]}})
        ),
        sc("c", json!({"allowPrivilegeEscalation": false})),
    ]));
    assert_eq!(
        run(Restricted, Latest, lowercase),
        [
            "unrestricted capabilities (containers \"a\", \"b\", \"c\" must set securityContext.capabilities.drop=[\"ALL\"])"
        ]
    );
    let fine = restricted_pod(json!([sc(
        "a",
        json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}})
    )]));
    assert_eq!(run(Restricted, Latest, fine), NONE);
}

#[test]
fn restricted_overrides_capabilities_baseline_from_1_22() {
    let s = restricted_pod(json!([sc(
        "a",
        json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}})
    )]));
    assert_eq!(ids(Baseline, Latest, s.clone()), ["capabilities_baseline"]);
    assert_eq!(
        ids(Restricted, V1(22), s.clone()),
        ["capabilities_restricted"]
    );
    assert_eq!(ids(Restricted, V1(21), s), ["capabilities_baseline"]);
}

// ---- ordering and whole messages ----------------------------------------------------------------

#[test]
fn baseline_checks_come_first_then_restricted_each_in_id_order() {
    let s = json!({
        "hostNetwork": true,
        "securityContext": {"runAsUser": 0, "sysctls": [{"name": "kernel.msgmax", "value": "1"}]},
        "containers": [{"name": "a", "image": "x", "ports": [{"containerPort": 1, "hostPort": 1}],
            "securityContext": {"privileged": true, "procMount": "Unmasked",
                "appArmorProfile": {"type": "Unconfined"},
                "seLinuxOptions": {"type": "spc_t"}, "windowsOptions": {"hostProcess": true}},
            "livenessProbe": {"httpGet": {"host": "h", "port": 1}}}],
        "volumes": [{"name": "h", "hostPath": {"path": "/"}}],
    });
    assert_eq!(
        ids(Restricted, Latest, s.clone()),
        [
            "appArmorProfile",
            "hostNamespaces",
            "hostPorts",
            "hostProbesAndHostLifecycle",
            "privileged",
            "seLinuxOptions",
            "sysctls",
            "windowsHostProcess",
            "allowPrivilegeEscalation",
            "capabilities_restricted",
            "procMount_restricted",
            "restrictedVolumes",
            "runAsNonRoot",
            "runAsUser",
            "seccompProfile_restricted",
        ]
    );
    assert_eq!(
        ids(Baseline, Latest, s),
        [
            "appArmorProfile",
            "hostNamespaces",
            "hostPathVolumes",
            "hostPorts",
            "hostProbesAndHostLifecycle",
            "privileged",
            "procMount",
            "seLinuxOptions",
            "sysctls",
            "windowsHostProcess",
        ]
    );
}

fn nginx_pod() -> Pod {
    serde_json::from_value(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "nginx"},
        "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]},
    }))
    .unwrap()
}

#[test]
fn nginx_pod_admission_message() {
    let pod = Object::from(nginx_pod());
    assert_eq!(
        forbidden_message(&pod, Restricted, Latest).as_deref(),
        Some(
            "pods \"nginx\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"nginx\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"nginx\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"nginx\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"nginx\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"
        )
    );
    assert_eq!(forbidden_message(&pod, Baseline, Latest), None);
    assert!(
        forbidden_message(&pod, Restricted, V1(31))
            .unwrap()
            .starts_with("pods \"nginx\" is forbidden: violates PodSecurity \"restricted:v1.31\": allowPrivilegeEscalation")
    );
}

#[test]
fn workload_templates_are_checked_with_the_warning_message() {
    let template = json!({
        "metadata": {"labels": {"app": "web"}, "annotations": {"container.apparmor.security.beta.kubernetes.io/web": "unconfined"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]},
    });
    let expected = "would violate PodSecurity \"baseline:latest\": forbidden AppArmor profile (annotation must not set AppArmor profile type to \"container.apparmor.security.beta.kubernetes.io/web=\"unconfined\"\")";
    let selector = json!({"matchLabels": {"app": "web"}});
    let deployment: Deployment = serde_json::from_value(
        json!({"metadata": {"name": "web"}, "spec": {"selector": selector, "template": template}}),
    )
    .unwrap();
    let statefulset: StatefulSet = serde_json::from_value(json!({"metadata": {"name": "web"}, "spec": {"selector": selector, "serviceName": "web", "template": template}})).unwrap();
    let daemonset: DaemonSet = serde_json::from_value(
        json!({"metadata": {"name": "web"}, "spec": {"selector": selector, "template": template}}),
    )
    .unwrap();
    let job: Job = serde_json::from_value(
        json!({"metadata": {"name": "web"}, "spec": {"template": template}}),
    )
    .unwrap();
    let cronjob: CronJob = serde_json::from_value(json!({"metadata": {"name": "web"}, "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": template}}}})).unwrap();
    for object in [
        Object::from(deployment),
        Object::from(statefulset),
        Object::from(daemonset),
        Object::from(job),
        Object::from(cronjob),
    ] {
        assert_eq!(
            forbidden_message(&object, Baseline, Latest).as_deref(),
            Some(expected),
            "{}",
            object.kind()
        );
        assert_eq!(check_object(&object, Privileged, Latest), Some(vec![]));
    }
}

#[test]
fn objects_without_pods_are_not_checked() {
    let cm = Object::from(ConfigMap::default());
    assert_eq!(check_object(&cm, Restricted, Latest), None);
    assert_eq!(forbidden_message(&cm, Restricted, Latest), None);
    // A Pod without a spec has nothing to violate.
    assert_eq!(
        check_object(&Object::from(Pod::default()), Restricted, Latest),
        Some(vec![])
    );
}
