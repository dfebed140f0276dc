//! # Step 11: a changed ConfigMap does not restart the pods — make it
//!
//! Course: "il faut également lancer un redéploiement". Pods read environment variables once,
//! when their containers start; files of a configMap volume are refreshed in place after a
//! while (never through `subPath`), and most programs never re-read them. Editing a ConfigMap
//! therefore changes nothing until the pods are replaced, and `kubectl apply` replaces pods only
//! when the pod template changes. kubeforge makes the template change with the content, in one
//! of two ways, picked per workload by [`kubeforge::ConfigRollout`]:
//!
//! - **checksum** (the `web` Deployment here): the pod template carries the annotation
//!   `kubeforge.io/config-checksum`, a SHA-256 over exactly the content its pods read (the whole
//!   ConfigMap for `envFrom`, only `password` for the `secretKeyRef`). Change `LOG_LEVEL` and
//!   only that annotation changes in the output; apply it and the Deployment rolls.
//! - **hashed names** (the `worker` Deployment): its ConfigMap is named as kustomize's
//!   generators name it, `worker-config-<10 characters of content hash>`, marked
//!   `immutable: true`, and every reference is rewritten. A change is a new object, so a new
//!   template; the previous version stays for pods still running it and for rollbacks. The
//!   label `kubeforge.io/config-name: worker-config` lists every version for pruning.
//!
//! `LOG_LEVEL=debug cargo run -p kubeforge-examples --example 11_config_rollout` prints the same
//! manifests after the change (the value comes from the environment, twelve-factor style): diff
//! the two outputs to see what moves — the `web` checksum, and the `worker-config` name in the
//! object and in the `worker` template. Nothing else.

use kubeforge::{
    Bundle, ConfigMapBuilder, ConfigRollout, ContainerBuilder, DeploymentBuilder, Error, KeyRef,
    RolloutMode, SecretBuilder,
};

/// The manifests with `LOG_LEVEL` set to `log_level`.
///
/// # Errors
///
/// Every violation `build()` finds (none for these manifests).
pub fn manifests_with(log_level: &str) -> Result<Bundle, Error> {
    let config = ConfigMapBuilder::new("web-config")
        .data("LOG_LEVEL", log_level)
        .data("LISTEN_ADDR", "0.0.0.0:8080")
        .build()?;
    let secret = SecretBuilder::new("web-db")
        .data("password", "change-me")
        .build()?;
    let worker_config = ConfigMapBuilder::new("worker-config")
        .data("LOG_LEVEL", log_level)
        .data("QUEUE", "orders")
        .build()?;
    let web = DeploymentBuilder::new("web")
        .app_name("web")
        .container(
            ContainerBuilder::new("web", "registry.example.com/web:1.4.2")
                .env_from_config_map(&config)
                .env_key_ref("DB_PASSWORD", KeyRef::secret("web-db", "password")),
        )
        .build()?;
    let worker = DeploymentBuilder::new("worker")
        .app_name("worker")
        .container(
            ContainerBuilder::new("worker", "registry.example.com/worker:1.4.2")
                .env_from_config_map(&worker_config),
        )
        .build()?;
    let mut bundle = Bundle::new()
        .with(config)
        .with(secret)
        .with(worker_config)
        .with(web)
        .with(worker);
    ConfigRollout::new()
        .workload("Deployment", "web", RolloutMode::Checksum)
        .workload("Deployment", "worker", RolloutMode::HashedNames)
        .apply(&mut bundle)?;
    Ok(bundle)
}

/// The manifests as first deployed (`LOG_LEVEL=info`).
///
/// # Errors
///
/// Every violation `build()` finds (none for these manifests).
pub fn manifests() -> Result<Bundle, Error> {
    manifests_with("info")
}

fn manifests_from_env() -> Result<Bundle, Error> {
    let level = std::env::var("LOG_LEVEL").unwrap_or_else(|_| "info".to_owned());
    manifests_with(&level)
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`; with `LOG_LEVEL=debug`
/// in the environment: after the change); on error, prints it on stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests_from_env);
}
