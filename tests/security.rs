//! Security presets, `require_pss`, the Namespace builder's Pod Security labels, and the property
//! that the restricted preset makes any pod shape the builders produce pass the restricted level.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code"
)]

use k8s_openapi::api::core::v1::{Container, PodSpec, SecurityContext};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kubeforge::validate::pss::{self, PolicyVersion};
use kubeforge::{
    ContainerBuilder, DeploymentBuilder, Level, NamespaceBuilder, PodBuilder, PodSecurityMode,
    Probe, Quantity, Seccomp, SpecExt, VolumeBuilder,
};
use proptest::prelude::*;

fn restricted(spec: &PodSpec) -> Vec<String> {
    pss::check_pod(
        &ObjectMeta::default(),
        spec,
        Level::Restricted,
        PolicyVersion::Latest,
    )
    .iter()
    .map(ToString::to_string)
    .collect()
}

fn sc(c: &Container) -> &SecurityContext {
    c.security_context.as_ref().expect("a security context")
}

#[test]
fn restricted_preset_on_the_pod_emits_exactly_the_minimal_restricted_fields() {
    let pod = PodBuilder::new("web")
        .security_preset(Level::Restricted)
        .container(ContainerBuilder::new("web", "nginx:1.27"))
        .init_container(ContainerBuilder::new("init", "busybox:1.36"))
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    let psc = spec.security_context.as_ref().unwrap();
    assert_eq!(psc.run_as_non_root, Some(true));
    assert_eq!(
        psc.seccomp_profile.as_ref().unwrap().type_,
        "RuntimeDefault"
    );
    assert_eq!(psc.run_as_user, None, "no forced user id");
    assert_eq!(psc.run_as_group, None, "no forced group id");
    for c in spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
    {
        let sc = sc(c);
        assert_eq!(sc.allow_privilege_escalation, Some(false), "{}", c.name);
        assert_eq!(
            sc.capabilities.as_ref().unwrap().drop,
            Some(vec!["ALL".to_owned()])
        );
        assert_eq!(sc.capabilities.as_ref().unwrap().add, None);
        // The pod carries these: no repetition on the containers.
        assert_eq!(sc.run_as_non_root, None);
        assert_eq!(sc.seccomp_profile, None);
        assert_eq!(sc.run_as_user, None);
    }
    assert_eq!(restricted(&spec), Vec::<String>::new());
}

#[test]
fn without_a_preset_the_same_pod_breaks_the_restricted_level() {
    let pod = PodBuilder::new("web")
        .container(ContainerBuilder::new("web", "nginx:1.27"))
        .build()
        .unwrap();
    assert_eq!(
        restricted(pod.spec.as_ref().unwrap()),
        [
            "allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false)",
            "unrestricted capabilities (container \"web\" must set securityContext.capabilities.drop=[\"ALL\"])",
            "runAsNonRoot != true (pod or container \"web\" must set securityContext.runAsNonRoot=true)",
            "seccompProfile (pod or container \"web\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
        ]
    );
}

#[test]
fn container_preset_alone_puts_every_field_on_that_container() {
    let pod = PodBuilder::new("web")
        .container(ContainerBuilder::new("web", "nginx:1.27").security_preset(Level::Restricted))
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    assert_eq!(spec.security_context, None);
    let sc = sc(&spec.containers[0]);
    assert_eq!(sc.run_as_non_root, Some(true));
    assert_eq!(sc.seccomp_profile.as_ref().unwrap().type_, "RuntimeDefault");
    assert_eq!(sc.allow_privilege_escalation, Some(false));
    assert_eq!(restricted(&spec), Vec::<String>::new());
}

#[test]
fn every_field_overrides_the_preset_whatever_the_order() {
    let before = ContainerBuilder::new("a", "img:1")
        .allow_privilege_escalation(true)
        .drop_capability("NET_RAW")
        .run_as_non_root(false)
        .seccomp(Seccomp::Localhost("p.json".into()))
        .security_preset(Level::Restricted)
        .build()
        .unwrap();
    let after = ContainerBuilder::new("a", "img:1")
        .security_preset(Level::Restricted)
        .allow_privilege_escalation(true)
        .drop_capability("NET_RAW")
        .run_as_non_root(false)
        .seccomp(Seccomp::Localhost("p.json".into()))
        .build()
        .unwrap();
    assert_eq!(before, after);
    let sc = sc(&before);
    assert_eq!(sc.allow_privilege_escalation, Some(true));
    assert_eq!(
        sc.capabilities.as_ref().unwrap().drop,
        Some(vec!["NET_RAW".to_owned()])
    );
    assert_eq!(sc.run_as_non_root, Some(false));
    assert_eq!(sc.seccomp_profile.as_ref().unwrap().type_, "Localhost");
}

#[test]
fn the_preset_is_removable_per_container_and_per_pod() {
    let pod = PodBuilder::new("web")
        .security_preset(Level::Restricted)
        .container(ContainerBuilder::new("web", "nginx:1.27"))
        .container(
            ContainerBuilder::new("debug", "busybox:1.36").security_preset(Level::Privileged),
        )
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    assert!(spec.containers[0].security_context.is_some());
    assert_eq!(spec.containers[1].security_context, None);
    let pod = PodBuilder::new("web")
        .security_preset(Level::Restricted)
        .security_preset(Level::Privileged)
        .container(ContainerBuilder::new("web", "nginx:1.27"))
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    assert_eq!(spec.security_context, None);
    assert_eq!(spec.containers[0].security_context, None);
}

#[test]
fn baseline_preset_adds_only_the_runtime_default_seccomp_profile() {
    let pod = PodBuilder::new("web")
        .security_preset(Level::Baseline)
        .container(ContainerBuilder::new("web", "nginx:1.27"))
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    let psc = spec.security_context.as_ref().unwrap();
    assert_eq!(
        psc.seccomp_profile.as_ref().unwrap().type_,
        "RuntimeDefault"
    );
    assert_eq!(psc.run_as_non_root, None);
    assert_eq!(spec.containers[0].security_context, None);
    let baseline = pss::check_pod(
        &ObjectMeta::default(),
        &spec,
        Level::Baseline,
        PolicyVersion::Latest,
    );
    assert!(baseline.is_empty());
}

#[test]
fn pod_level_ids_and_groups_are_set_only_when_asked() {
    let pod = PodBuilder::new("web")
        .security_preset(Level::Restricted)
        .run_as_user(1000)
        .run_as_group(3000)
        .fs_group(2000)
        .fs_group_change_policy(kubeforge::FsGroupChangePolicy::OnRootMismatch)
        .supplemental_groups([4000])
        .container(ContainerBuilder::new("web", "nginx:1.27"))
        .build()
        .unwrap();
    let psc = pod.spec.unwrap().security_context.unwrap();
    assert_eq!(
        (psc.run_as_user, psc.run_as_group, psc.fs_group),
        (Some(1000), Some(3000), Some(2000))
    );
    assert_eq!(
        psc.fs_group_change_policy.as_deref(),
        Some("OnRootMismatch")
    );
    assert_eq!(psc.supplemental_groups, Some(vec![4000]));
    assert_eq!(psc.run_as_non_root, Some(true));
}

#[test]
fn read_only_root_filesystem_mounts_writable_empty_dirs() {
    let d = DeploymentBuilder::new("web")
        .security_preset(Level::Restricted)
        .container(
            ContainerBuilder::new("web", "nginx:1.27").read_only_root_filesystem_except([
                "/tmp",
                "/var/cache/nginx",
                "/var/run",
            ]),
        )
        .build()
        .unwrap();
    let spec = d.spec_ref().unwrap().template.spec.clone().unwrap();
    let c = &spec.containers[0];
    assert_eq!(sc(c).read_only_root_filesystem, Some(true));
    let mounts: Vec<(&str, &str)> = c
        .volume_mounts
        .iter()
        .flatten()
        .map(|m| (m.name.as_str(), m.mount_path.as_str()))
        .collect();
    assert_eq!(
        mounts,
        [
            ("web-tmp", "/tmp"),
            ("web-var-cache-nginx", "/var/cache/nginx"),
            ("web-var-run", "/var/run")
        ]
    );
    let volumes: Vec<&str> = spec
        .volumes
        .iter()
        .flatten()
        .filter(|v| v.empty_dir.is_some())
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(volumes, ["web-tmp", "web-var-cache-nginx", "web-var-run"]);
    assert_eq!(restricted(&spec), Vec::<String>::new());
}

#[test]
fn require_pss_fails_the_build_with_every_violation() {
    let err = DeploymentBuilder::new("web")
        .require_pss(Level::Restricted)
        .container(
            ContainerBuilder::new("web", "nginx:1.27")
                .add_capability("NET_ADMIN")
                .host_port_for_test(),
        )
        .build()
        .unwrap_err();
    let messages: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "spec.template.spec: Forbidden: violates PodSecurity \"restricted:latest\": hostPort (container \"web\" uses hostPort 8080)",
            "spec.template.spec: Forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"web\" must set securityContext.allowPrivilegeEscalation=false)",
            "spec.template.spec: Forbidden: violates PodSecurity \"restricted:latest\": unrestricted capabilities (container \"web\" must set securityContext.capabilities.drop=[\"ALL\"]; container \"web\" must not include \"NET_ADMIN\" in securityContext.capabilities.add)",
            "spec.template.spec: Forbidden: violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"web\" must set securityContext.runAsNonRoot=true)",
            "spec.template.spec: Forbidden: violates PodSecurity \"restricted:latest\": seccompProfile (pod or container \"web\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
        ]
    );
}

#[test]
fn require_pss_passes_with_the_preset_and_sees_customize() {
    let ok = PodBuilder::new("web")
        .security_preset(Level::Restricted)
        .require_pss(Level::Restricted)
        .container(ContainerBuilder::new("web", "nginx:1.27").add_capability("NET_BIND_SERVICE"))
        .build();
    assert!(ok.is_ok(), "{ok:?}");
    let err = PodBuilder::new("web")
        .security_preset(Level::Restricted)
        .require_pss_version(Level::Baseline, PolicyVersion::V1(33))
        .container(ContainerBuilder::new("web", "nginx:1.27"))
        .customize(|p| p.spec.as_mut().unwrap().host_network = Some(true))
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations()[0].to_string(),
        "spec: Forbidden: violates PodSecurity \"baseline:v1.33\": host namespaces (hostNetwork=true)"
    );
}

#[test]
fn namespace_pod_security_labels() {
    let ns = NamespaceBuilder::new("shop")
        .pod_security_mode(PodSecurityMode::Enforce, Level::Baseline)
        .pod_security_version(PodSecurityMode::Enforce, PolicyVersion::V1(33))
        .pod_security_mode(PodSecurityMode::Warn, Level::Restricted)
        .pod_security_version(PodSecurityMode::Warn, PolicyVersion::Latest)
        .build()
        .unwrap();
    let labels: Vec<(String, String)> = ns.metadata.labels.unwrap().into_iter().collect();
    assert_eq!(
        labels,
        [
            ("pod-security.kubernetes.io/enforce", "baseline"),
            ("pod-security.kubernetes.io/enforce-version", "v1.33"),
            ("pod-security.kubernetes.io/warn", "restricted"),
            ("pod-security.kubernetes.io/warn-version", "latest"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
}

#[test]
fn namespace_labels_the_admission_controller_refuses() {
    let err = NamespaceBuilder::new("shop")
        .label("pod-security.kubernetes.io/audit", "Restricted")
        .label("pod-security.kubernetes.io/warn-version", "1.33")
        .label("pod-security.kubernetes.io/enforce-version", "v1.033")
        .label("pod-security.kubernetes.io/other", "anything")
        .build()
        .unwrap_err();
    let messages: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "metadata.labels[pod-security.kubernetes.io/audit]: Invalid value: \"Restricted\": must be one of privileged, baseline, restricted",
            "metadata.labels[pod-security.kubernetes.io/enforce-version]: Invalid value: \"v1.033\": must be \"latest\" or \"v1.x\"",
            "metadata.labels[pod-security.kubernetes.io/warn-version]: Invalid value: \"1.33\": must be \"latest\" or \"v1.x\"",
        ]
    );
}

/// A small extension so the test above reads as the pod it builds.
trait HostPort {
    fn host_port_for_test(self) -> Self;
}

impl HostPort for ContainerBuilder {
    fn host_port_for_test(self) -> Self {
        self.customize(|c| {
            c.ports = Some(vec![k8s_openapi::api::core::v1::ContainerPort {
                container_port: 8080,
                host_port: Some(8080),
                ..Default::default()
            }]);
        })
    }
}

/// One container of arbitrary shape, with only restricted-compatible explicit security fields.
fn any_container(i: usize, init: bool) -> impl Strategy<Value = ContainerBuilder> {
    (
        any::<bool>(),
        prop::option::of(1..100_000i64),
        prop::option::of(1..100_000i64),
        any::<bool>(),
        any::<bool>(),
        0..3usize,
        prop::collection::vec((1..65_535i32, any::<bool>()), 0..3),
        0..4u8,
    )
        .prop_map(move |(ro, uid, gid, bind, localhost, vols, ports, probe)| {
            let name = format!("c{i}");
            let mut c = ContainerBuilder::new(name.clone(), "registry.example/app:1.0")
                .request_cpu(Quantity::millicores(100))
                .limit_memory(Quantity::mebibytes(64));
            if ro {
                c = c.read_only_root_filesystem_except(["/tmp"]);
            }
            if let Some(uid) = uid {
                c = c.run_as_user(uid);
            }
            if let Some(gid) = gid {
                c = c.run_as_group(gid);
            }
            if bind {
                c = c.add_capability("NET_BIND_SERVICE");
            }
            if localhost {
                c = c.seccomp(Seccomp::Localhost("profiles/app.json".into()));
            }
            for v in 0..vols {
                let vname = format!("{name}-v{v}");
                let volume = match v {
                    0 => VolumeBuilder::empty_dir(vname).medium_memory(),
                    1 => VolumeBuilder::config_map(vname, "app-config"),
                    _ => VolumeBuilder::persistent_volume_claim(vname, "data"),
                };
                c = c.mount(volume, format!("/mnt/{v}").as_str());
            }
            for (n, (port, named)) in ports.into_iter().enumerate() {
                c = if named {
                    c.named_port(format!("p{n}"), port)
                } else {
                    c.port(port)
                };
            }
            match probe {
                // Probes are not allowed on init containers.
                _ if init => c,
                0 => c,
                1 => c.liveness_probe(Probe::http_get("/healthz", 8080)),
                2 => c.readiness_probe(Probe::tcp_socket(8080)),
                _ => c.startup_probe(Probe::exec(["true"])),
            }
        })
}

fn any_pod() -> impl Strategy<Value = (Vec<ContainerBuilder>, Vec<ContainerBuilder>, bool, u8)> {
    (1..4usize, 0..3usize, any::<bool>(), 0..3u8).prop_flat_map(|(n, m, per_container, v)| {
        let containers: Vec<_> = (0..n).map(|i| any_container(i, false)).collect();
        let inits: Vec<_> = (0..m).map(|i| any_container(10 + i, true)).collect();
        (containers, inits, Just(per_container), Just(v))
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    /// The restricted preset, on the pod or on every container, leaves no restricted violation
    /// on any pod the builders produce without a forbidden volume type, at every policy version.
    #[test]
    fn restricted_preset_yields_zero_restricted_violations(
        (containers, inits, per_container, version) in any_pod()
    ) {
        let mut pod = PodBuilder::new("p");
        if !per_container {
            pod = pod.security_preset(Level::Restricted);
        }
        for c in containers {
            pod = pod.container(if per_container { c.security_preset(Level::Restricted) } else { c });
        }
        for c in inits {
            pod = pod.init_container(if per_container { c.security_preset(Level::Restricted) } else { c });
        }
        let version = [PolicyVersion::V1(25), PolicyVersion::V1(33), PolicyVersion::Latest][usize::from(version)];
        let pod = pod.require_pss_version(Level::Restricted, version).build();
        prop_assert!(pod.is_ok(), "{:?}", pod.err().map(|e| e.to_string()));
        let spec = pod.unwrap().spec.unwrap();
        let found = pss::check_pod(&ObjectMeta::default(), &spec, Level::Restricted, version);
        prop_assert!(found.is_empty(), "{found:?}");
    }
}
