//! # Step 8: the SecurityContext, with the Pod Security Standards "restricted" preset
//!
//! Course: "Sécuriser les Pods dans Kubernetes avec le SecurityContext", and its complete
//! example, the Pod `secure-pod`.
//!
//! A `securityContext` controls how the processes of a Pod run: as which user and group,
//! with which Linux capabilities, whether they may gain privileges, whether the root file
//! system is writable, which system calls the kernel lets them make. It exists at two
//! levels: on the **Pod** (`spec.securityContext`, for every container, and the only place
//! for `fsGroup`) and on each **container** (`containers[].securityContext`, where
//! `allowPrivilegeEscalation`, `capabilities` and `readOnlyRootFilesystem` live). A field
//! set on both wins on the container.
//!
//! - `runAsUser: 1000` / `runAsGroup: 3000`: the uid and primary gid of the processes,
//!   instead of the image's `USER` (often root, uid 0).
//! - `fsGroup: 2000`: a supplementary group of every process; the kubelet gives the Pod's
//!   volumes (here the `/tmp` emptyDir) to that group, so the app can write there.
//! - `runAsNonRoot: true`: the kubelet refuses to start a container that would run as uid 0.
//! - `allowPrivilegeEscalation: false`: sets the kernel's `no_new_privs`, so a setuid binary
//!   (`sudo`, `su`) cannot give a process more privileges than its parent.
//! - `capabilities`: the pieces of root's power a process keeps; `drop: [ALL]` keeps none.
//! - `seccompProfile: RuntimeDefault`: the container runtime's system-call filter. Without it
//!   (and without the kubelet's opt-in `--seccomp-default`) containers run `Unconfined`.
//! - `readOnlyRootFilesystem: true`: the image's files cannot be changed; an attacker
//!   cannot drop a binary or rewrite the configuration.
//!
//! ## What the course's `secure-pod` lacks
//!
//! The course's container sets `allowPrivilegeEscalation: false`, `runAsNonRoot: true` and
//! `seccompProfile: RuntimeDefault`, but its `capabilities` only `drop: [NET_ADMIN]`. That
//! is a no-op (container runtimes do not grant `NET_ADMIN` in the first place), and it is
//! what keeps the Pod out of the Pod Security Standards **restricted** level, which
//! requires `drop: [ALL]` on every container: a namespace labelled
//! `pod-security.kubernetes.io/enforce: restricted` rejects it with `unrestricted
//! capabilities (container "secure-container" must set
//! securityContext.capabilities.drop=["ALL"])`. And those settings sit on the one
//! container: a container added later gets none of them.
//!
//! The course's Pod also never starts. The official `nginx` image starts as root, listens
//! on port 80 and writes its pid file and caches under `/var/run` and `/var/cache/nginx`:
//! run as uid 1000 on a read-only root file system it exits at once (`mkdir()
//! "/var/cache/nginx/client_temp" failed`), and `runAsNonRoot` cannot fix an image that
//! expects root. The example therefore runs `nginxinc/nginx-unprivileged`, the same
//! nginx built by NGINX to run as any non-root uid: it listens on **8080** and writes only
//! under `/tmp` (its pid file and `*_temp_path` directories). So `/tmp` is the one writable
//! directory: `read_only_root_filesystem_except(["/tmp"])` sets
//! `readOnlyRootFilesystem: true` and mounts an `emptyDir` named `secure-container-tmp`
//! there (group 2000 through `fsGroup`). Nothing else is writable.
//!
//! ## What the preset emits
//!
//! `PodBuilder::security_preset(Level::Restricted)` fills, at `build()`, only the fields the
//! example leaves unset (explicit setters always win):
//! - on the **Pod**: `runAsNonRoot: true` and `seccompProfile: {type: RuntimeDefault}`. The
//!   course puts these two on the container; at Pod level they cover every container,
//!   including init containers and the ones added later;
//! - on **every container**: `allowPrivilegeEscalation: false` and
//!   `capabilities: {drop: [ALL]}` (instead of the course's `drop: [NET_ADMIN]`).
//!
//! It never sets a uid or gid: the course's `runAsUser: 1000`, `runAsGroup: 3000` and
//! `fsGroup: 2000` are set explicitly on the Pod, and `readOnlyRootFilesystem` on the
//! container (no Pod Security level requires it). `require_pss(Level::Restricted)` then
//! makes `build()` fail with every "restricted" violation, checked after the preset:
//! removing the preset, or adding `.add_capability("NET_ADMIN")`, turns this example into
//! an error instead of a manifest the cluster would reject.
//!
//! ## Beyond the course: what `security-scan` (checkov) asks for
//!
//! CI scans this output with `../shared/tools/security-scan`. The example fixes what applies
//! to a single Pod:
//! - the image is pinned by tag **and digest**
//!   (`nginxinc/nginx-unprivileged:1.27-alpine@sha256:65e3…e4c0`, the multi-arch index of
//!   the tag's last build; nginx 1.27 is no longer maintained, so the tag should not move).
//!   The kubelet pulls by digest and ignores the tag. The digest was taken from public
//!   manifests that pin it, not resolved from this offline build:
//!   re-resolve it (`crane digest nginxinc/nginx-unprivileged:1.27-alpine`) before you
//!   rely on it, and move to a maintained nginx line for production;
//! - `imagePullPolicy: Always`: the kubelet checks with the registry that the Pod may still
//!   pull the image, instead of reusing a copy another Pod pulled on the node;
//! - liveness and readiness probes (`GET /` on the named port `http`, 8080);
//! - the requests and limits of step 7 (Burstable);
//! - `automountServiceAccountToken: false`: nginx never calls the Kubernetes API.
//!
//! The checks that cannot pass for a standalone tutorial Pod are accepted by CI with
//! `--allow`, each for a reason:
//! - `CKV_K8S_21` (*the default namespace should not be used*): no example sets
//!   `metadata.namespace`, so that `kubectl apply -n NAMESPACE` puts them where the reader
//!   wants. Use a namespace of your own, labelled `pod-security.kubernetes.io/enforce:
//!   restricted`.
//! - `CKV_K8S_40` (*containers should run as a high UID*, 10000 or more): the course's uid is
//!   1000, and this step keeps it. checkov asks for a high uid so that a process escaping the
//!   container does not share the uid of a user of the node; pick one (e.g. `10001`, as the
//!   twelve-factor example does) or run in a user namespace (`hostUsers: false`) in real
//!   manifests.
//! - `CKV2_K8S_6` (*minimize admission of pods which lack an associated NetworkPolicy*): a
//!   graph check on the whole set of scanned manifests. Which clients may reach this nginx
//!   depends on the cluster and its other apps, which a one-Pod example does not know; a
//!   NetworkPolicy selecting the Pod belongs to the application that deploys it.
//!
//! Run it with `cargo run -p kubeforge-examples --example 08_security_context`.

use kubeforge::{
    Bundle, ContainerBuilder, Error, ImagePullPolicy, Level, PodBuilder, Probe, QosClass, Quantity,
};

/// nginx built to run as any non-root uid, on port 8080, writing only under `/tmp`:
/// tag for the reader, digest for the kubelet (see the module docs for its provenance).
pub const IMAGE: &str = "nginxinc/nginx-unprivileged:1.27-alpine@sha256:65e3e85dbaed8ba248841d9d58a899b6197106c23cb0ff1a132b7bfe0547e4c0";

/// The course's `secure-pod`, hardened to the Pod Security Standards "restricted" level.
///
/// # Errors
///
/// Every violation `build()` finds, including any "restricted" violation
/// (`require_pss`) and a QoS class other than Burstable.
pub fn manifests() -> Result<Bundle, Error> {
    let pod = PodBuilder::new("secure-pod")
        // The course's Pod-level context: never set by a preset, so set explicitly.
        .run_as_user(1000)
        .run_as_group(3000)
        .fs_group(2000)
        // Pod: runAsNonRoot + seccomp RuntimeDefault; containers: allowPrivilegeEscalation:
        // false + drop [ALL]. Only fields left unset are filled.
        .security_preset(Level::Restricted)
        // build() fails on any "restricted" violation, checked after the preset.
        .require_pss(Level::Restricted)
        // nginx never calls the Kubernetes API: no ServiceAccount token in the Pod.
        .automount_service_account_token(false)
        .container(
            ContainerBuilder::new("secure-container", IMAGE)
                .image_pull_policy(ImagePullPolicy::Always)
                .named_port("http", 8080)
                // Read-only image; /tmp (pid file, temp paths) on a writable emptyDir.
                .read_only_root_filesystem_except(["/tmp"])
                .liveness_probe(Probe::http_get("/", "http").period_seconds(10))
                .readiness_probe(Probe::http_get("/", "http").period_seconds(5))
                // Step 7's requests and limits.
                .request_memory(Quantity::mebibytes(64))
                .request_cpu(Quantity::millicores(250))
                .limit_memory(Quantity::mebibytes(128))
                .limit_cpu(Quantity::millicores(500)),
        )
        .expect_qos(QosClass::Burstable)
        .build()?;
    Ok(Bundle::new().with(pod))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
