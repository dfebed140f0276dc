//! # Step 5: a Secret holding a certificate, mounted as a file
//!
//! Course: "Les Secrets", "Exemple de secret pour un certificat SSL et son montage comme
//! fichier dans un pods".
//!
//! A Secret is used like a ConfigMap (as env vars or as files) but is meant for
//! confidential data: passwords, tokens, private keys, certificates. The course creates
//! one from a PEM file with `kubectl create secret generic my-cert --from-file=mycert.pem`;
//! here `SecretBuilder::file` reads `examples/files/mycert.pem` (the certificate decoded
//! from the course's dump) and builds the same object. The Deployment `myapp` (3 replicas,
//! label `app: myapp`, container `mycontainer` from `myimage`, port 443) mounts it.
//!
//! ## What the course gets wrong, and what this example does instead
//!
//! - **"Les Secrets ... sont chiffrés"**: they are not. A Secret's `data` is only
//!   **base64-encoded**, a serialization that lets binary data travel as text; anyone who
//!   can read the object decodes it with `base64 -d`. Encryption at rest in etcd is a
//!   cluster setting (`--encryption-provider-config` on the kube-apiserver, or a KMS
//!   provider), off by default, and it is RBAC that decides who may `get` the Secret. The
//!   Secret volume is a tmpfs, so the file is not written to the node's disk: that part of
//!   the course is right.
//! - **The certificate lands at `/etc/mycert.pem/mycert.pem`.** A `secret` volume is a
//!   directory with one file per key. Mounted at `/etc/mycert.pem` as in the course, it
//!   creates a *directory* named `mycert.pem`, and the certificate ends up one level lower.
//!   To put the file where the course intended, this example mounts only the key
//!   `mycert.pem` with `subPath: mycert.pem` at `/etc/mycert.pem`, read-only, and projects
//!   that key explicitly with `items: [{key: mycert.pem, path: mycert.pem}]` so that a
//!   missing key makes the Pod fail to start with a clear event (a `subPath` that does not
//!   exist in the volume would otherwise show up as an empty directory).
//!
//!   **Trade-off:** a file mounted with `subPath` is a copy made at container start, and
//!   the kubelet **never updates** it when the Secret changes: rotating the certificate
//!   needs a Pod restart (`kubectl rollout restart deployment/myapp`). The alternative,
//!   when the application can take a directory, is to mount the whole volume at a directory
//!   such as `/etc/mycert/` (the file is then `/etc/mycert/mycert.pem`): the kubelet
//!   refreshes it atomically a short while after each update of the Secret.
//! - **The course's dump is not valid YAML.** The base64 block follows `mycert.pem: >` at the
//!   same indentation as the key: the block scalar ends before it starts, and the base64
//!   lines that follow are a syntax error (kubectl and every YAML parser refuse the file).
//!   Even indented correctly, a folded scalar (`>`) joins the lines with spaces, which the
//!   apiserver's base64 decoder rejects (it skips only line breaks). `kubectl` prints the
//!   value as one line; kubeforge writes the same single line (inside a `>-` block when it
//!   is long, which folds back to exactly that line).
//! - **Server-set fields.** The dump comes from `kubectl get -o yaml` and carries fields
//!   that the apiserver writes (`creationTimestamp`, `resourceVersion`, `uid`) and the
//!   namespace of the kubectl context (`default`). None of them belongs in a manifest you
//!   write: they are left out.
//!
//! A certificate alone is rarely enough to serve TLS: the server also needs its private
//! key, and the usual container for the pair is a Secret of type `kubernetes.io/tls`
//! (`SecretType::Tls`, keys `tls.crt` and `tls.key`). The course's `Opaque` Secret is kept.
//!
//! Run it with `cargo run -p kubeforge-examples --example 05_secret_cert`.

use kubeforge::{
    Bundle, ContainerBuilder, DeploymentBuilder, Error, Mount, SecretBuilder, VolumeBuilder,
};

/// The certificate of the course's Secret (its `mycert.pem` value, base64-decoded).
pub const MYCERT_PEM: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/files/mycert.pem");

/// The `my-cert` Secret and the `myapp` Deployment that mounts it at `/etc/mycert.pem`.
///
/// # Errors
///
/// An I/O error if `files/mycert.pem` cannot be read; otherwise every violation `build()`
/// finds (none for these manifests).
pub fn manifests() -> Result<Bundle, Error> {
    // `kubectl create secret generic my-cert --from-file=mycert.pem`: an Opaque Secret
    // whose key `mycert.pem` holds the file, base64-encoded in `data` (not encrypted).
    let cert = SecretBuilder::new("my-cert").file(MYCERT_PEM).build()?;

    // The `secret` volume, projecting only the key we mount (a missing key fails loudly).
    let cert_volume = VolumeBuilder::secret("my-cert", &cert).item("mycert.pem", "mycert.pem");

    let deployment = DeploymentBuilder::new("myapp")
        .selector_label("app", "myapp")
        .replicas(3)
        .container(
            ContainerBuilder::new("mycontainer", "myimage")
                .port(443)
                // FIX: the file itself at /etc/mycert.pem (not a directory of that name).
                // Never refreshed when the Secret rotates: restart the Pods after a renewal,
                // or mount the volume without subPath at a directory such as /etc/mycert/.
                .mount(
                    cert_volume,
                    Mount::at("/etc/mycert.pem")
                        .sub_path("mycert.pem")
                        .read_only(),
                ),
        )
        .build()?;

    Ok(Bundle::new().with(cert).with(deployment))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
