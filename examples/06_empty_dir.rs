//! # Step 6: an `emptyDir`, scratch space that lives as long as the Pod
//!
//! Course: "Volumes pour la persistence", "Volume emptyDir dans Kubernetes".
//!
//! An `emptyDir` volume is created empty when the Pod is assigned to a node and deleted
//! with the Pod. It survives a container **restart** (a crash, a failed liveness probe):
//! the restarted container finds the files of its previous run. It does not survive the
//! Pod: deleting the Pod, evicting it, or the Deployment replacing it on a rollout all
//! start over from an empty directory. Typical uses are a cache, temporary files, and
//! files shared by the containers of one Pod (a sidecar reading the logs of the main
//! container, an init container preparing content).
//!
//! The course's wording ("supprimé dès que le Pod est supprimé ou déplacé vers un autre
//! nœud") needs one precision: a Pod is never *moved*. It is deleted and a new Pod, with a
//! new `emptyDir`, is created elsewhere.
//!
//! By default the directory is on the node's disk. With `medium: Memory`
//! (`VolumeBuilder::empty_dir("cache-volume").medium_memory()`) it is a tmpfs in RAM:
//! faster, but what is written there counts against the container's memory limit, and is
//! lost on a node reboot. Pair it with a `sizeLimit` (`.size_limit("64Mi")`), as the
//! twelve-factor example does for `/tmp`. The course's manifest uses the default medium
//! and is reproduced as is: `emptyDir: {}`.
//!
//! Run it with `cargo run -p kubeforge-examples --example 06_empty_dir`.

use kubeforge::{Bundle, ContainerBuilder, Error, PodBuilder, VolumeBuilder};

/// The course's `emptydir-example` Pod: busybox sleeping for an hour with `/cache` mounted.
///
/// # Errors
///
/// Every violation `build()` finds (none for this manifest).
pub fn manifests() -> Result<Bundle, Error> {
    let pod = PodBuilder::new("emptydir-example")
        .container(
            ContainerBuilder::new("busybox", "busybox")
                .command(["sh", "-c", "sleep 3600"])
                // `emptyDir: {}` on the node's disk; add `.medium_memory()` for a tmpfs.
                .mount(VolumeBuilder::empty_dir("cache-volume"), "/cache"),
        )
        .build()?;
    Ok(Bundle::new().with(pod))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
