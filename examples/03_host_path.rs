//! # Step 3: a volume, declared on the Pod and mounted in a container
//!
//! Course: "Le stockage et les Volumes", "Les Volumes Kubernetes".
//!
//! A container's file system is as immutable as its image: whatever a process writes there
//! disappears with the container. Data that must survive goes into a volume, declared once
//! in the Pod (`spec.volumes`) and mounted by name in one or more containers
//! (`volumeMounts`). kubeforge's `ContainerBuilder::mount` does both in one call, so the
//! volume and its mount can never disagree on the name.
//!
//! The course's example is a `hostPath` volume: the directory `/data` of the node the Pod
//! runs on, which must already exist (`type: Directory`), mounted at `/test-pd`. It is
//! reproduced as is. Two warnings the course does not give:
//! - `hostPath` data is tied to one node. If the Pod is rescheduled elsewhere it sees that
//!   other node's `/data`, so this is not the persistence a database needs (that is the
//!   PersistentVolumeClaim of the course's next section, used in the twelve-factor example).
//! - A `hostPath` volume gives the Pod access to the node's file system; the Pod Security
//!   Standards forbid it from the "baseline" level on. Keep it for node agents.
//!
//! Also, the image `k8s.gcr.io/test-webserver` comes from the old `k8s.gcr.io` registry,
//! frozen since April 2023 in favour of `registry.k8s.io`; the tutorial keeps the course's
//! name.
//!
//! Run it with `cargo run -p kubeforge-examples --example 03_host_path`.

use kubeforge::{Bundle, ContainerBuilder, Error, HostPathType, PodBuilder, VolumeBuilder};

/// The course's `test-pd` Pod with a `hostPath` volume.
///
/// # Errors
///
/// Every violation `build()` finds (none for this manifest).
pub fn manifests() -> Result<Bundle, Error> {
    // The node's directory `/data`, which must already exist (`type: Directory`).
    let data =
        VolumeBuilder::host_path("test-volume", "/data").host_path_type(HostPathType::Directory);

    let pod = PodBuilder::new("test-pd")
        .container(
            ContainerBuilder::new("test-container", "k8s.gcr.io/test-webserver")
                // Declares `test-volume` on the Pod and mounts it at `/test-pd`.
                .mount(data, "/test-pd"),
        )
        .build()?;
    Ok(Bundle::new().with(pod))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
