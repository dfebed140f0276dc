//! # Step 7: resource requests, limits, and the QoS class they give
//!
//! Course: "Configurer les ressources et les bases de sécurité des Pods dans Kubernetes",
//! "Ressources : Demandes (Requests) et Limites (Limits)".
//!
//! - **Requests** are what the scheduler reserves: a Pod goes only to a node whose
//!   allocatable CPU and memory, minus the requests already placed there, cover its own.
//!   They are a reservation for scheduling and for sharing CPU under contention, not a
//!   floor on what the process may use.
//! - **Limits** are the ceiling at run time, and the two resources behave differently
//!   there: above its **CPU** limit a container is *throttled* (slowed down, never killed);
//!   above its **memory** limit it is *OOM-killed* and restarted. The course's "Kubernetes
//!   peut tuer ou restreindre le Pod" mixes the two: memory kills, CPU slows.
//!
//! Quantities are built from numbers, `Quantity::mebibytes(64)` and
//! `Quantity::millicores(250)`, so a unit typo (`"64Mb"`, `"250"` cores) cannot happen; they
//! print as the course writes them, `64Mi` and `250m`.
//!
//! ## Quality of Service
//!
//! From the requests and limits of all its containers, Kubernetes gives every Pod a QoS
//! class, which decides who is evicted first when a node runs short of memory:
//! - **BestEffort**: no container has any CPU or memory request or limit. Evicted first.
//! - **Burstable**: at least one request or limit, but not Guaranteed. Evicted next,
//!   those using the most memory above their requests first.
//! - **Guaranteed**: every container has CPU and memory limits, and requests equal to
//!   them. Evicted last.
//!
//! The course's Pod requests less than its limits (64Mi/250m up to 128Mi/500m), so it is
//! **Burstable**. `expect_qos(QosClass::Burstable)` turns that into a check: `build()` fails
//! if an edit changes the class. To make it Guaranteed, set the requests equal to the limits.
//!
//! The course's image `nginx` has no tag, which means `:latest`; pin a version in real
//! manifests. It is kept here to match the course.
//!
//! Run it with `cargo run -p kubeforge-examples --example 07_resources`.

use kubeforge::{Bundle, ContainerBuilder, Error, PodBuilder, QosClass, Quantity};

/// The course's `resource-demo` Pod, checked to be Burstable.
///
/// # Errors
///
/// Every violation `build()` finds, including a QoS class other than Burstable.
pub fn manifests() -> Result<Bundle, Error> {
    let pod = PodBuilder::new("resource-demo")
        .container(
            ContainerBuilder::new("demo-container", "nginx")
                // Reserved by the scheduler: 64 MiB of memory and a quarter of a CPU.
                .request_memory(Quantity::mebibytes(64))
                .request_cpu(Quantity::millicores(250))
                // Ceilings: OOM-killed above 128 MiB, throttled above half a CPU.
                .limit_memory(Quantity::mebibytes(128))
                .limit_cpu(Quantity::millicores(500)),
        )
        // Requests below limits: Burstable. build() fails if that ever changes.
        .expect_qos(QosClass::Burstable)
        .build()?;
    Ok(Bundle::new().with(pod))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
