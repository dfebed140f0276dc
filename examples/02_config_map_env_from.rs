//! # Step 2: a ConfigMap injected with `envFrom`
//!
//! Course: "Les variables d'environnement", option 2, "Variables d'environnement depuis un
//! volume de configuration".
//!
//! Factor III again, one step further: the configuration leaves the Pod manifest and lives
//! in its own object, a ConfigMap, so one image and one Pod template serve every
//! environment, and several workloads can share one set of values. `envFrom.configMapRef`
//! turns every key of the ConfigMap into an environment variable of the container.
//!
//! ConfigMap versus Secret: a ConfigMap is for **non-sensitive** data and is stored and
//! shown in plain text. Passwords, API keys, tokens and private keys go into a Secret
//! (step 5), whose access can be restricted separately with RBAC.
//!
//! Two precisions the course leaves out:
//! - The course files this option under "depuis un volume de configuration", but nothing
//!   here is a volume: `envFrom` copies the values into the process environment when the
//!   container starts. Mounting a ConfigMap as files is step 4.
//! - Environment variables are read once, at container start. Editing the ConfigMap
//!   changes nothing in running Pods: they must be restarted (`kubectl rollout restart`),
//!   as the course's "Point d'attention" says.
//!
//! The Pod refers to the ConfigMap by passing the built object itself to
//! `env_from_config_map(&config)`, so the reference cannot drift from the ConfigMap's
//! real name.
//!
//! Run it with `cargo run -p kubeforge-examples --example 02_config_map_env_from`.

use kubeforge::{Bundle, ConfigMapBuilder, ContainerBuilder, Error, PodBuilder};

/// The course's `app-config` ConfigMap and the Pod that imports all its keys.
///
/// # Errors
///
/// Every violation `build()` finds (none for these manifests).
pub fn manifests() -> Result<Bundle, Error> {
    let config = ConfigMapBuilder::new("app-config")
        .data("ENV_VAR_NAME", "production")
        .data("API_URL", "https://api.example.com")
        .build()?;

    let pod = PodBuilder::new("my-pod")
        .container(
            ContainerBuilder::new("my-container", "my-app:latest")
                // `envFrom: [{configMapRef: {name: app-config}}]`, named after the object.
                .env_from_config_map(&config),
        )
        .build()?;

    // The bundle writes the ConfigMap before the Pod (apply order), whatever the order here.
    Ok(Bundle::new().with(config).with(pod))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
