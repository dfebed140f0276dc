//! # The whole course in one app: a twelve-factor web shop
//!
//! `cargo run -p kubeforge-examples --example twelve_factor_app`
//!
//! The numbered steps follow the course one manifest at a time. This example puts every
//! section of *Jour 2 - Matin* together in the manifests of one small, realistic,
//! stateless web application, `shop`: a ConfigMap `shop-config`, a Secret `shop-secret`
//! and a Deployment `shop`, printed as one YAML stream in apply order (ConfigMap and Secret
//! before the Deployment that uses them).
//!
//! ## The twelve factors, as Kubernetes manifests
//!
//! | factor | where it shows |
//! | --- | --- |
//! | I. Codebase | one image, `registry.example.com/shop`, built from one repository; its version is the `app.kubernetes.io/version` label |
//! | II. Dependencies | everything the process needs is inside the image; the manifest adds nothing to it at run time |
//! | III. Config | all that differs between environments is in `shop-config` (plain) and `shop-secret` (confidential), injected as env vars (`envFrom`, `configMapKeyRef`, `secretKeyRef`) and as files (`configMap` and `secret` volumes); the image never changes |
//! | IV. Backing services | the database and the payment API are attached resources, found through URLs in the config (`DATABASE_URL`, `PAYMENTS_API_URL`); swapping one is a config change |
//! | V. Build, release, run | a release is an immutable image tag plus this config; a new release is rolled out by the `RollingUpdate` strategy, with no in-place edit |
//! | VI. Processes | the container is stateless: a read-only root file system, `/tmp` on an `emptyDir` that dies with the Pod. The shared data (uploaded product pictures) lives on the `shop-data` claim, see below |
//! | VII. Port binding | the process serves HTTP itself on the port given in `PORT`, declared as the named container port `http` (8080) that the probes use |
//! | VIII. Concurrency | scale out with `replicas` (2 here), not with bigger Pods |
//! | IX. Disposability | liveness/readiness probes, `maxUnavailable: 0` so a rollout never drops below 2 ready Pods, and a process that must start fast and stop cleanly on SIGTERM |
//! | X. Dev/prod parity | the same image and the same manifests in every environment; only `shop-config` and `shop-secret` differ |
//! | XI. Logs | no log volume: the process writes its event stream to stdout, where the cluster's log collector reads it; only the level (`LOG_LEVEL`) is configuration |
//! | XII. Admin processes | not in this file: run migrations as a one-off `Job` with the same image and the same config |
//!
//! ## The course's sections, as they appear here
//!
//! - **Static env vars** (step 1): `PORT=8080`, a literal in the manifest because it is
//!   part of the image's contract, not of the environment.
//! - **ConfigMap as env vars** (step 2): `envFrom` imports every key of `shop-config`, and
//!   `configMapKeyRef` reads one key under another name (`RUST_LOG` from `LOG_LEVEL`).
//!   A variable set in `env` wins over the same name from `envFrom`.
//! - **ConfigMap as a file** (step 4): the multi-line key `app.conf` of `shop-config` is
//!   mounted read-only as `/etc/shop/app.conf` (a `configMap` volume with
//!   `items: [{key: app.conf, path: app.conf}]`, so the other keys do not become files).
//!   Without `subPath`, the kubelet refreshes the file a short while after each edit of the
//!   ConfigMap; the env vars, read at start, need a `kubectl rollout restart`.
//! - **Secrets** (step 5): `DATABASE_PASSWORD` comes from `secretKeyRef`, and the whole
//!   Secret is mounted read-only at `/run/secrets/shop` (one file per key, on a tmpfs).
//!   Not at `/etc/shop/secrets`: `/etc/shop` is the configMap volume, which the kubelet
//!   mounts read-only and rewrites on each update, so a mount point nested inside it would
//!   have to be created in that volume. Side-by-side mounts avoid the problem.
//!   Prefer the files where the application allows it: environment variables are inherited
//!   by child processes and show up in crash reports. The values are base64 in the
//!   manifest, **not encrypted**; and the ones here are placeholders. Real values must not
//!   be committed with the code: generate this Secret from a secret manager at deploy time
//!   (Vault, SOPS, External Secrets), or create it out of band and leave it out of the
//!   bundle.
//! - **emptyDir** (step 6): `/tmp` is a memory-backed `emptyDir` (`medium: Memory`) capped
//!   at 64Mi (`sizeLimit`); what is written there counts against the memory limit.
//! - **PersistentVolumeClaims** (course: "Demander des volumes et les liers aux pods"): the
//!   claim `shop-data` is mounted at `/var/lib/shop`. This bundle does **not** create it
//!   (`PersistentVolumeClaimBuilder` would, see step 10): the claim belongs to the storage
//!   owner and is expected to exist in the namespace before the Pods start, or they stay
//!   `Pending`. With 2 replicas that may
//!   run on different nodes, it must be `ReadWriteMany` (an NFS or CephFS class, for
//!   example); a `ReadWriteOnce` disk attaches to one node only. Factor VI would rather
//!   move that data to a backing service (an object store) and drop the claim.
//! - **Requests and limits** (step 7): 250m CPU and 256Mi requested, limits of 500m and
//!   256Mi; requests below limits make the Pods **Burstable**.
//! - **SecurityContext** (course: "Sécuriser les Pods avec le SecurityContext"): the
//!   container runs as a non-root user (`runAsNonRoot`, `runAsUser: 10001`), cannot gain
//!   privileges (`allowPrivilegeEscalation: false`), has a read-only root file system
//!   (hence the `/tmp` volume), drops every Linux capability and uses the runtime's default
//!   seccomp profile: what the Pod Security Standards "restricted" profile asks for. The
//!   course's `drop: [NET_ADMIN]` changes nothing, as container runtimes do not grant
//!   `NET_ADMIN` by default: `drop: [ALL]` is the useful form. It is
//!   written with the plain k8s-openapi `SecurityContext` struct, as kubeforge has no
//!   presets yet; that struct is also the escape hatch for any field a builder does not
//!   wrap. The Pod also skips mounting a ServiceAccount token, as the shop never calls
//!   the Kubernetes API.
//!
//! ## One caveat of `envFrom` with a file key
//!
//! `envFrom` imports **every** key of `shop-config`, including `app.conf`. That key is not
//! a classic environment variable name: kubelets before 1.32 skip it (with an
//! `InvalidEnvironmentVariableNames` event), and with the relaxed names of 1.32 and later it
//! becomes a variable `app.conf` that the application ignores. To avoid both, put files and
//! env vars in two ConfigMaps; here one ConfigMap keeps the example short.

use k8s_openapi::api::core::v1::{Capabilities, SeccompProfile, SecurityContext};
use kubeforge::{
    Bundle, ConfigMapBuilder, ContainerBuilder, DeploymentBuilder, Error, IntOrPercent, Mount,
    Probe, Quantity, SecretBuilder, Strategy, VolumeBuilder,
};

/// The application's name (`app.kubernetes.io/name`).
const NAME: &str = "shop";
/// This installation of it (`app.kubernetes.io/instance`).
const INSTANCE: &str = "shop-production";
/// The release: the image tag and `app.kubernetes.io/version`.
const VERSION: &str = "1.4.2";

/// The application's own configuration file, mounted as `/etc/shop/app.conf`.
const APP_CONF: &str = r#"# Settings that are too structured for env vars.
[http]
request_timeout = "15s"
max_body_size = "2MiB"

[catalog]
page_size = 48
cache_dir = "/tmp/catalog-cache"
"#;

/// The shop's ConfigMap, Secret and Deployment.
///
/// # Errors
///
/// Every violation `build()` finds (none for these manifests).
pub fn manifests() -> Result<Bundle, Error> {
    // III. Config, non-sensitive part: env vars and one file.
    let config = ConfigMapBuilder::new("shop-config")
        .app_name(NAME)
        .app_instance(INSTANCE)
        .data("LOG_LEVEL", "info")
        .data("CURRENCY", "EUR")
        // IV. Backing services, attached by URL (the password is in the Secret).
        .data("DATABASE_URL", "postgres://shop@shop-db:5432/shop")
        .data("PAYMENTS_API_URL", "https://payments.example.com/v1")
        .data("app.conf", APP_CONF)
        .build()?;

    // III. Config, confidential part. base64 on the wire, NOT encrypted. Placeholders:
    // generate real values from a secret manager, never commit them.
    let secret = SecretBuilder::new("shop-secret")
        .app_name(NAME)
        .app_instance(INSTANCE)
        .data("db-password", "change-me")
        .data("payments-api-key", "change-me-too")
        .build()?;

    // Restricted-profile container hardening, with the plain k8s-openapi struct.
    let hardened = SecurityContext {
        run_as_non_root: Some(true),
        run_as_user: Some(10001),
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
    };

    let shop = ContainerBuilder::new(NAME, format!("registry.example.com/shop:{VERSION}"))
        // VII. Port binding: the process serves HTTP itself, on a named port.
        .named_port("http", 8080)
        // A literal env var: part of the image's contract, the same everywhere.
        .env("PORT", "8080")
        // One ConfigMap key under the name the runtime expects.
        .env_config_map_key("RUST_LOG", &config, "LOG_LEVEL")
        // One Secret key as an env var (the files below are the safer channel).
        .env_secret_key("DATABASE_PASSWORD", &secret, "db-password")
        // Every key of shop-config as env vars; `env` above wins on a name clash.
        .env_from_config_map(&config)
        // The config file only (`items`), read-only, refreshed when the ConfigMap changes.
        .mount(
            VolumeBuilder::config_map("config", &config).item("app.conf", "app.conf"),
            Mount::at("/etc/shop").read_only(),
        )
        // Every Secret key as a file under /run/secrets/shop, on a tmpfs.
        .mount(
            VolumeBuilder::secret("secrets", &secret),
            Mount::at("/run/secrets/shop").read_only(),
        )
        // VI. Scratch space for a read-only root file system: RAM-backed, capped, per Pod.
        .mount(
            VolumeBuilder::empty_dir("tmp")
                .medium_memory()
                .size_limit(Quantity::mebibytes(64)),
            "/tmp",
        )
        // Shared data on a claim that must already exist (ReadWriteMany for 2 replicas).
        .mount(
            VolumeBuilder::persistent_volume_claim("data", "shop-data"),
            "/var/lib/shop",
        )
        // Scheduling reservation and run-time ceilings (Burstable).
        .request_cpu(Quantity::millicores(250))
        .request_memory(Quantity::mebibytes(256))
        .limit_cpu(Quantity::millicores(500))
        .limit_memory(Quantity::mebibytes(256))
        // IX. Disposability: restart when stuck, receive traffic only when ready.
        .liveness_probe(Probe::http_get("/healthz", "http").period_seconds(10))
        .readiness_probe(Probe::http_get("/ready", "http").period_seconds(5))
        .security_context(hardened);

    let deployment = DeploymentBuilder::new(NAME)
        // The selector is derived from name + instance; the version label is not in it.
        .app_name(NAME)
        .app_instance(INSTANCE)
        .app_version(VERSION)
        // VIII. Concurrency: scale out.
        .replicas(2)
        // V. A new release replaces the Pods one at a time, never below 2 ready ones.
        .strategy(Strategy::RollingUpdate {
            max_surge: Some(IntOrPercent::Count(1)),
            max_unavailable: Some(IntOrPercent::Count(0)),
        })
        // The shop never calls the Kubernetes API: no token in the Pod.
        .automount_service_account_token(false)
        .container(shop)
        .build()?;

    Ok(Bundle::new().with(config).with(secret).with(deployment))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
