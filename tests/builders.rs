//! Builder behaviour: defaults, selector derivation, volume wiring, QoS, escape hatches,
//! deferred errors, secrets never in `Debug`.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::default_trait_access,
    reason = "test code"
)]

use kubeforge::{
    ConfigMapBuilder, ContainerBuilder, DeploymentBuilder, EnvFrom, FieldRef, HostPathType,
    IntOrPercent, KeyRef, Mount, PodBuilder, Probe, QosClass, Quantity, SecretBuilder, SecretType,
    SpecExt, Strategy, ViolationKind, VolumeBuilder, qos_class,
};

fn app() -> ContainerBuilder {
    ContainerBuilder::new("app", "registry.example.com/app:1.2.3")
}

#[test]
fn deployment_selector_defaults_to_the_name_label() {
    let d = DeploymentBuilder::new("web")
        .container(app())
        .build()
        .unwrap();
    let spec = d.spec_ref().unwrap().clone();
    let sel = spec.selector.match_labels.unwrap();
    assert_eq!(sel.len(), 1);
    assert_eq!(sel["app.kubernetes.io/name"], "web");
    assert_eq!(d.metadata.labels.unwrap()["app.kubernetes.io/name"], "web");
    assert_eq!(
        spec.template.metadata.unwrap().labels.unwrap()["app.kubernetes.io/name"],
        "web"
    );
}

#[test]
fn deployment_selector_uses_only_stable_labels() {
    let d = DeploymentBuilder::new("web")
        .app_name("shop")
        .app_instance("shop-eu")
        .app_version("1.2.3")
        .app_component("frontend")
        .label("team", "payments")
        .container(app())
        .build()
        .unwrap();
    let spec = d.spec_ref().unwrap().clone();
    let sel = spec.selector.match_labels.unwrap();
    assert_eq!(
        sel.keys().collect::<Vec<_>>(),
        ["app.kubernetes.io/instance", "app.kubernetes.io/name"]
    );
    let tl = spec.template.metadata.unwrap().labels.unwrap();
    assert_eq!(tl["app.kubernetes.io/version"], "1.2.3");
    assert_eq!(tl["team"], "payments");
}

#[test]
fn deployment_selector_label_overrides_and_stays_off_metadata() {
    let d = DeploymentBuilder::new("mysql-deployment")
        .selector_label("app", "mysql")
        .pod_label("tier", "db")
        .container(app())
        .build()
        .unwrap();
    assert!(d.metadata.labels.is_none());
    let spec = d.spec_ref().unwrap().clone();
    assert_eq!(spec.selector.match_labels.unwrap().len(), 1);
    let tl = spec.template.metadata.unwrap().labels.unwrap();
    assert_eq!(tl["app"], "mysql");
    assert_eq!(tl["tier"], "db");
}

#[test]
fn deployment_fields() {
    let d = DeploymentBuilder::new("web")
        .replicas(3)
        .revision_history_limit(5)
        .min_ready_seconds(10)
        .progress_deadline_seconds(120)
        .strategy(Strategy::RollingUpdate {
            max_surge: Some(IntOrPercent::Percent(50)),
            max_unavailable: Some(IntOrPercent::Count(0)),
        })
        .container(app())
        .build()
        .unwrap();
    let spec = d.spec_ref().unwrap().clone();
    assert_eq!(spec.replicas, Some(3));
    assert_eq!(spec.revision_history_limit, Some(5));
    assert_eq!(spec.min_ready_seconds, Some(10));
    let ru = spec.strategy.unwrap().rolling_update.unwrap();
    assert_eq!(
        serde_json::to_value(&ru).unwrap(),
        serde_json::json!({"maxSurge": "50%", "maxUnavailable": 0})
    );
}

#[test]
fn invalid_strategy_from_builder_is_caught() {
    let err = DeploymentBuilder::new("web")
        .strategy(Strategy::RollingUpdate {
            max_surge: Some(IntOrPercent::Count(0)),
            max_unavailable: Some(IntOrPercent::Percent(0)),
        })
        .container(app())
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations()[0].to_string(),
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0"
    );
}

#[test]
fn one_volume_in_two_containers_is_declared_once() {
    let shared = VolumeBuilder::empty_dir("shared").medium_memory();
    let pod = PodBuilder::new("p")
        .container(app().mount(shared.clone(), "/shared"))
        .container(
            ContainerBuilder::new("sidecar", "busybox:1.36")
                .mount(shared, Mount::at("/data").read_only()),
        )
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    assert_eq!(spec.volumes.unwrap().len(), 1);
    assert_eq!(
        spec.containers[1].volume_mounts.as_ref().unwrap()[0].read_only,
        Some(true)
    );
}

#[test]
fn one_volume_mounted_twice_in_one_container_is_declared_once() {
    let config = VolumeBuilder::config_map("config", "app-config");
    let pod = PodBuilder::new("p")
        .volume(VolumeBuilder::empty_dir("scratch"))
        .container(
            app()
                .mount(config.clone(), "/etc/app")
                .mount(VolumeBuilder::empty_dir("tmp"), "/tmp")
                .mount(config, Mount::at("/etc/app.conf").sub_path("app.conf")),
        )
        .build()
        .unwrap();
    let names: Vec<String> = pod
        .spec
        .unwrap()
        .volumes
        .unwrap()
        .into_iter()
        .map(|v| v.name)
        .collect();
    assert_eq!(names, ["scratch", "config", "tmp"]);
    // The same name twice in one container, with different sources, is still an error.
    let err = PodBuilder::new("p")
        .container(app().mount(VolumeBuilder::empty_dir("data"), "/a").mount(
            VolumeBuilder::persistent_volume_claim("data", "claim"),
            "/b",
        ))
        .build()
        .unwrap_err();
    assert_eq!(err.violations()[0].path(), "spec.volumes[1].name");
    assert_eq!(err.violations()[0].kind(), ViolationKind::Duplicate);
}

#[test]
fn two_different_volumes_under_one_name_is_an_error() {
    let err = DeploymentBuilder::new("web")
        .container(app().mount(VolumeBuilder::empty_dir("data"), "/data"))
        .container(ContainerBuilder::new("two", "busybox:1.36").mount(
            VolumeBuilder::persistent_volume_claim("data", "claim"),
            "/data",
        ))
        .build()
        .unwrap_err();
    let v = &err.violations()[0];
    assert_eq!(v.path(), "spec.template.spec.volumes[1].name");
    assert_eq!(v.kind(), ViolationKind::Duplicate);
    assert_eq!(
        v.to_string(),
        "spec.template.spec.volumes[1].name: Duplicate value: \"data\""
    );
}

#[test]
fn misused_volume_setter_is_reported_not_dropped() {
    let err = PodBuilder::new("p")
        .container(app().mount(VolumeBuilder::empty_dir("x").item("a", "b"), "/x"))
        .build()
        .unwrap_err();
    let v = &err.violations()[0];
    assert_eq!(v.path(), "spec.volumes[0]");
    assert!(
        v.to_string()
            .contains("item() applies only to configMap and secret volumes")
    );
}

#[test]
fn mount_options_reach_the_volume_mount() {
    let c = app()
        .mount(
            VolumeBuilder::config_map("cfg", "app-config").item("app.conf", "app.conf"),
            Mount::at("/etc/app/app.conf")
                .read_only()
                .sub_path("app.conf"),
        )
        .mount(
            VolumeBuilder::empty_dir("logs"),
            Mount::at("/logs").sub_path_expr("$(POD_NAME)"),
        )
        .build()
        .unwrap();
    let m = c.volume_mounts.unwrap();
    assert_eq!(m[0].sub_path.as_deref(), Some("app.conf"));
    assert_eq!(m[0].read_only, Some(true));
    assert_eq!(m[1].sub_path_expr.as_deref(), Some("$(POD_NAME)"));
}

#[test]
fn every_volume_kind_builds_valid_pods() {
    let pod = PodBuilder::new("volumes")
        .service_account_name("app")
        .container(
            app()
                .mount(
                    VolumeBuilder::empty_dir("a")
                        .medium_memory()
                        .size_limit(Quantity::mebibytes(64)),
                    "/a",
                )
                .mount(
                    VolumeBuilder::host_path("b", "/var/log")
                        .host_path_type(HostPathType::DirectoryOrCreate),
                    "/b",
                )
                .mount(
                    VolumeBuilder::config_map("c", "cfg")
                        .item_with_mode("k", "k.conf", 0o444)
                        .default_mode(0o440)
                        .optional(true),
                    "/c",
                )
                .mount(
                    VolumeBuilder::secret("d", "sec").default_mode(0o400),
                    Mount::at("/d").read_only(),
                )
                .mount(
                    VolumeBuilder::persistent_volume_claim("e", "claim").read_only(),
                    "/e",
                )
                .mount(
                    VolumeBuilder::nfs("f", "nfs.example.com", "/exports").read_only(),
                    "/f",
                )
                .mount(
                    VolumeBuilder::cephfs("g", ["10.0.0.1:6789"])
                        .cephfs_path("/x")
                        .cephfs_user("admin", "ceph-key"),
                    "/g",
                )
                .mount(
                    VolumeBuilder::projected("h")
                        .projected_config_map("cfg")
                        .projected_secret("sec")
                        .projected_field("name", FieldRef::PodName)
                        .projected_service_account_token("token", 3600, Some("vault")),
                    "/h",
                )
                .mount(
                    VolumeBuilder::downward_api("i")
                        .downward_field("labels", FieldRef::Label("app".into()))
                        .downward_resource("mem", "app", kubeforge::ResourceField::LimitsMemory),
                    "/i",
                ),
        )
        .build()
        .unwrap();
    let vols = pod.spec.unwrap().volumes.unwrap();
    assert_eq!(vols.len(), 9);
    assert_eq!(
        vols[2].config_map.as_ref().unwrap().items.as_ref().unwrap()[0].mode,
        Some(0o444)
    );
}

#[test]
fn typed_setters_and_customize_combine_in_any_order() {
    use k8s_openapi::api::core::v1::{EmptyDirVolumeSource, Volume};
    // A typed setter, then the escape hatch, then typed setters again: all of them land.
    let v = VolumeBuilder::config_map("cfg", "app-config")
        .default_mode(0o440)
        .customize(|v| v.config_map.as_mut().unwrap().optional = Some(true))
        .item("app.conf", "app.conf")
        .optional(false)
        .into_volume();
    let cm = v.config_map.as_ref().unwrap();
    assert_eq!(v.name, "cfg");
    assert_eq!(
        (
            cm.default_mode,
            cm.optional,
            cm.items.as_ref().unwrap().len()
        ),
        (Some(0o440), Some(false), 1)
    );
    // The escape hatch may rename the volume, and the name is what the pod declares.
    let renamed = VolumeBuilder::empty_dir("tmp").customize(|v| v.name = "scratch".into());
    assert_eq!(renamed.name(), "scratch");
    let pod = PodBuilder::new("p")
        .container(app().mount(renamed, "/tmp"))
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    assert_eq!(spec.volumes.as_ref().unwrap()[0].name, "scratch");
    assert_eq!(
        spec.containers[0].volume_mounts.as_ref().unwrap()[0].name,
        "scratch"
    );
    // from_volume takes any volume; typed setters still apply to its source.
    let raw = Volume {
        name: "raw".into(),
        empty_dir: Some(EmptyDirVolumeSource::default()),
        ..Volume::default()
    };
    let v = VolumeBuilder::from_volume(raw)
        .medium_memory()
        .into_volume();
    assert_eq!(v.empty_dir.unwrap().medium.as_deref(), Some("Memory"));
    // Builders compare by the volume they build, whatever the path taken.
    assert_eq!(
        VolumeBuilder::empty_dir("x").customize(|_| {}),
        VolumeBuilder::empty_dir("x")
    );
    assert_ne!(VolumeBuilder::empty_dir("x"), VolumeBuilder::empty_dir("y"));
}

#[test]
fn env_kept_in_declared_order_with_all_sources() {
    let cm = ConfigMapBuilder::new("cfg")
        .data("LOG_LEVEL", "info")
        .build()
        .unwrap();
    let secret = SecretBuilder::new("sec")
        .data("password", "pw")
        .build()
        .unwrap();
    let c = app()
        .env("HOST", "db")
        .env("URL", "mysql://$(HOST)")
        .env_config_map_key("LOG_LEVEL", &cm, "LOG_LEVEL")
        .env_secret_key("PW", &secret, "password")
        .env_key_ref("OPT", KeyRef::secret(&secret, "maybe").optional(true))
        .env_field("POD", FieldRef::PodName)
        .env_field("NS", FieldRef::Namespace)
        .env_field("IP", FieldRef::PodIp)
        .env_field("NODE", FieldRef::NodeName)
        .env_field("SA", FieldRef::ServiceAccountName)
        .env_field("TEAM", FieldRef::Annotation("example.com/team".into()))
        .env_from(EnvFrom::config_map(&cm).prefix("CFG_").optional(false))
        .env_from(EnvFrom::secret(&secret))
        .build()
        .unwrap();
    let names: Vec<_> = c
        .env
        .as_ref()
        .unwrap()
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "HOST",
            "URL",
            "LOG_LEVEL",
            "PW",
            "OPT",
            "POD",
            "NS",
            "IP",
            "NODE",
            "SA",
            "TEAM"
        ]
    );
    let env = c.env.unwrap();
    assert_eq!(
        env[2]
            .value_from
            .as_ref()
            .unwrap()
            .config_map_key_ref
            .as_ref()
            .unwrap()
            .name,
        "cfg"
    );
    assert_eq!(
        env[4]
            .value_from
            .as_ref()
            .unwrap()
            .secret_key_ref
            .as_ref()
            .unwrap()
            .optional,
        Some(true)
    );
    assert_eq!(
        env[10]
            .value_from
            .as_ref()
            .unwrap()
            .field_ref
            .as_ref()
            .unwrap()
            .field_path,
        "metadata.annotations['example.com/team']"
    );
    assert_eq!(
        c.env_from.unwrap()[0].config_map_ref.as_ref().unwrap().name,
        "cfg"
    );
}

#[test]
fn probes_of_every_kind() {
    let c = app()
        .named_port("http", 8080)
        .liveness_probe(
            Probe::http_get("/healthz", "http")
                .https()
                .http_header("X-Probe", "1")
                .period_seconds(10)
                .timeout_seconds(2)
                .failure_threshold(3),
        )
        .readiness_probe(
            Probe::tcp_socket(8080)
                .initial_delay_seconds(5)
                .success_threshold(2),
        )
        .startup_probe(Probe::exec(["cat", "/tmp/ready"]).failure_threshold(30))
        .build()
        .unwrap();
    assert_eq!(
        c.liveness_probe
            .unwrap()
            .http_get
            .unwrap()
            .scheme
            .as_deref(),
        Some("HTTPS")
    );
    let c = app().liveness_probe(Probe::grpc(9000)).build().unwrap();
    assert_eq!(c.liveness_probe.unwrap().grpc.unwrap().port, 9000);
    let err = app()
        .liveness_probe(Probe::tcp_socket(80).success_threshold(2))
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations()[0].to_string(),
        "livenessProbe.successThreshold: Invalid value: 2: must be 1"
    );
}

#[test]
fn init_containers_and_several_containers() {
    let pod = PodBuilder::new("p")
        .init_container(ContainerBuilder::new("migrate", "app:1").args(["migrate"]))
        .container(app())
        .container(ContainerBuilder::new("proxy", "envoy:1.30"))
        .build()
        .unwrap();
    let spec = pod.spec.unwrap();
    assert_eq!(spec.init_containers.unwrap()[0].name, "migrate");
    assert_eq!(spec.containers.len(), 2);
}

#[test]
fn quantities_from_numbers_are_canonical() {
    let c = app()
        .request_cpu(Quantity::millicores(250))
        .limit_cpu(Quantity::millicores(1000))
        .request_memory(Quantity::mebibytes(64))
        .limit_memory(Quantity::mebibytes(1024))
        .build()
        .unwrap();
    let r = c.resources.unwrap();
    assert_eq!(r.requests.as_ref().unwrap()["cpu"].0, "250m");
    assert_eq!(r.limits.as_ref().unwrap()["cpu"].0, "1");
    assert_eq!(r.requests.unwrap()["memory"].0, "64Mi");
    assert_eq!(r.limits.unwrap()["memory"].0, "1Gi");
}

#[test]
fn bad_quantities_error_at_build_with_full_path() {
    for bad in ["64Mb", "1gi", "Mi", ""] {
        let err = DeploymentBuilder::new("web")
            .container(app().limit_memory(bad))
            .build()
            .unwrap_err();
        assert_eq!(
            err.violations()[0].path(),
            "spec.template.spec.containers[0].resources.limits[memory]",
            "{bad}"
        );
    }
}

#[test]
fn requests_above_limits_rejected() {
    let err = PodBuilder::new("p")
        .container(app().request_memory("256Mi").limit_memory("128Mi"))
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations()[0].to_string(),
        "spec.containers[0].resources.requests: Invalid value: \"256Mi\": must be less than or equal to memory limit of 128Mi"
    );
}

#[test]
fn qos_classes() {
    let spec = |c: ContainerBuilder| {
        PodBuilder::new("p")
            .container(c)
            .build()
            .unwrap()
            .spec
            .unwrap()
    };
    assert_eq!(qos_class(&spec(app())), QosClass::BestEffort);
    assert_eq!(
        qos_class(&spec(app().request_cpu("100m"))),
        QosClass::Burstable
    );
    assert_eq!(
        qos_class(&spec(app().limit_cpu("1").limit_memory("1Gi"))),
        QosClass::Guaranteed
    );
    assert_eq!(
        qos_class(&spec(
            app()
                .request_cpu("1")
                .request_memory("1Gi")
                .limit_cpu("1000m")
                .limit_memory("1024Mi")
        )),
        QosClass::Guaranteed
    );
    assert_eq!(
        qos_class(&spec(
            app()
                .request_cpu("500m")
                .request_memory("1Gi")
                .limit_cpu("1")
                .limit_memory("1Gi")
        )),
        QosClass::Burstable
    );
    // One container without limits makes the whole pod Burstable.
    let pod = PodBuilder::new("p")
        .container(app().limit_cpu("1").limit_memory("1Gi"))
        .container(ContainerBuilder::new("b", "busybox:1.36").request_cpu("1m"))
        .build()
        .unwrap();
    assert_eq!(qos_class(&pod.spec.unwrap()), QosClass::Burstable);
}

#[test]
fn expect_qos_fails_build() {
    let err = PodBuilder::new("p")
        .container(app().request_cpu("100m"))
        .expect_qos(QosClass::Guaranteed)
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations()[0].to_string(),
        "spec.containers: Invalid value: \"Burstable\": the QoS class is Burstable, expected Guaranteed"
    );
}

#[test]
fn customize_reaches_any_field_before_validation() {
    let err = DeploymentBuilder::new("web")
        .container(app())
        .customize(|d| {
            d.spec_mut().template.spec.as_mut().unwrap().restart_policy = Some("Never".into());
        })
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations()[0].path(),
        "spec.template.spec.restartPolicy"
    );
    let c = app().customize(|c| c.stdin = Some(true)).build().unwrap();
    assert_eq!(c.stdin, Some(true));
}

#[test]
fn config_map_builder() {
    let cm = ConfigMapBuilder::new("c")
        .namespace("shop")
        .app_name("shop")
        .annotation("example.com/x", "1")
        .data("A", "1")
        .data_entries([("B", "2")])
        .binary_data("bin", vec![0, 159, 146, 150])
        .immutable(true)
        .build()
        .unwrap();
    assert_eq!(cm.data.unwrap().len(), 2);
    assert_eq!(cm.binary_data.unwrap()["bin"].0, vec![0, 159, 146, 150]);
    assert_eq!(cm.immutable, Some(true));
    assert_eq!(cm.metadata.namespace.as_deref(), Some("shop"));
}

#[test]
fn config_map_from_file_like_kubectl() {
    let dir = std::env::temp_dir().join(format!("kubeforge-cm-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("app.conf"), "a=1\n").unwrap();
    std::fs::write(dir.join("logo.bin"), [0xff, 0xfe, 0x00]).unwrap();
    let cm = ConfigMapBuilder::new("c")
        .file(dir.join("app.conf"))
        .file(dir.join("logo.bin"))
        .build()
        .unwrap();
    assert_eq!(cm.data.unwrap()["app.conf"], "a=1\n");
    assert_eq!(
        cm.binary_data.unwrap()["logo.bin"].0,
        vec![0xff, 0xfe, 0x00]
    );
}

#[test]
fn unreadable_file_is_a_clear_error_not_a_panic() {
    let err = ConfigMapBuilder::new("c")
        .file("/definitely/not/here.conf")
        .build()
        .unwrap_err();
    assert!(err.is_io() && err.is_input());
    // kubectl's words for `--from-file=/definitely/not/here.conf`.
    assert_eq!(
        err.to_string(),
        "error reading /definitely/not/here.conf: no such file or directory"
    );
}

#[test]
fn secret_types_and_data() {
    let s = SecretBuilder::new("tls")
        .type_(SecretType::Tls)
        .data("tls.crt", "crt")
        .data("tls.key", "key")
        .build()
        .unwrap();
    assert_eq!(s.type_.as_deref(), Some("kubernetes.io/tls"));
    let s = SecretBuilder::new("reg")
        .type_(SecretType::DockerConfigJson)
        .string_data(".dockerconfigjson", r#"{"auths":{}}"#)
        .build()
        .unwrap();
    assert!(s.data.is_none());
    let err = SecretBuilder::new("reg")
        .type_(SecretType::DockerConfigJson)
        .string_data(".dockerconfigjson", "notjson")
        .build()
        .unwrap_err();
    assert!(!err.to_string().contains("notjson"), "{err}");
    for (ty, s) in [
        (SecretType::Opaque, "Opaque"),
        (
            SecretType::ServiceAccountToken,
            "kubernetes.io/service-account-token",
        ),
        (SecretType::BasicAuth, "kubernetes.io/basic-auth"),
        (SecretType::SshAuth, "kubernetes.io/ssh-auth"),
        (
            SecretType::DockerConfigJson,
            "kubernetes.io/dockerconfigjson",
        ),
    ] {
        assert_eq!(ty.as_str(), s);
    }
}

#[test]
fn no_debug_output_shows_a_secret_value() {
    let b = SecretBuilder::new("s")
        .data("password", "hunter2-data")
        .string_data("token", "hunter2-string");
    let dbg = format!("{b:?} {b:#?}");
    assert!(!dbg.contains("hunter2"), "{dbg}");
    assert!(dbg.contains("password"));
    let secret = b.build().unwrap();
    let bundle = kubeforge::Bundle::new().with(secret);
    let dbg = format!("{bundle:?} {bundle:#?}");
    assert!(
        !dbg.contains("hunter2") && !dbg.contains("aHVudGVyMi"),
        "{dbg}"
    );
}

#[test]
fn builders_are_reusable_templates() {
    let base = DeploymentBuilder::new("web")
        .app_name("web")
        .container(app());
    let a = base.clone().replicas(1).build().unwrap();
    let b = base.replicas(5).build().unwrap();
    assert_ne!(a, b);
}
