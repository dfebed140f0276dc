//! # Step 1: a static environment variable in a Pod
//!
//! Course: *Jour 2 - Matin*, "Les variables d'environnement", option 1, "Variables
//! d'environnement statiques dans les manifests".
//!
//! Factor III of the twelve-factor app ("Config") says that whatever changes between
//! deployments (staging, production, a developer's laptop) lives in the environment, not in
//! the code: the container image is built once, stays immutable, and receives its
//! configuration at run time. The simplest way to do that in Kubernetes is a literal
//! `env` entry in the Pod spec. It is fine for simple, non-sensitive values such as the
//! name of the environment, and wrong for secrets: anyone who can read the manifest (or the
//! Pod) reads the value.
//!
//! The course's manifest is reproduced as is: Pod `my-pod`, container `my-container`
//! running `my-app:latest`, with `ENV_VAR_NAME=production`. One remark on it: the
//! `:latest` tag is itself mutable, which goes against the "immutable image" the course
//! asks for; a real deployment pins a version (`my-app:1.4.2`) or a digest. The tutorial
//! keeps the course's image so that its output compares equal to the course.
//!
//! Run it with `cargo run -p kubeforge-examples --example 01_static_env_pod`.

use kubeforge::{Bundle, ContainerBuilder, Error, PodBuilder};

/// The course's Pod with one literal env var.
///
/// # Errors
///
/// Every violation `build()` finds (none for this manifest).
pub fn manifests() -> Result<Bundle, Error> {
    let pod = PodBuilder::new("my-pod")
        .container(
            ContainerBuilder::new("my-container", "my-app:latest")
                // A literal value, written in the manifest: `env: [{name, value}]`.
                .env("ENV_VAR_NAME", "production"),
        )
        .build()?;
    Ok(Bundle::new().with(pod))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
