//! # Step 4: a ConfigMap as a file, and a ConfigMap key as an env var
//!
//! Course: "Volumes de configuration", "Les ConfigMaps", "Exemple de configmap et de
//! récupération d'une variable d'environnement".
//!
//! A ConfigMap feeds a container in two ways, and MySQL uses both:
//! - as **files**: a `configMap` volume turns each key into a file. The course creates the
//!   ConfigMap `mysql-config` with `kubectl create configmap mysql-config
//!   --from-file=mysql.conf`; the key is the file name and the value its content, so MySQL
//!   finds `/etc/mysql/conf.d/mysql.conf` and reads it at start-up.
//! - as **one env var**: `env[].valueFrom.configMapKeyRef` copies one key of the ConfigMap
//!   `mysql-env` into `MYSQL_DATABASE`, which the official image reads on first start.
//!
//! The kubectl command becomes `ConfigMapBuilder::file`, which reads `examples/files/mysql.conf`
//! (exactly what the course's `echo -e` writes, trailing newline included) at build time and
//! produces the object kubectl would create. The file is located from the package's
//! directory (`CARGO_MANIFEST_DIR`), so the example runs from any working directory.
//!
//! Remarks on the course:
//! - The course's two manifests (`mysql-env` and `mysql-deployment`) are reproduced as is;
//!   the Deployment selects its Pods by the label `app: mysql`.
//! - Files mounted from a ConfigMap volume (without `subPath`) are refreshed by the kubelet
//!   when the ConfigMap changes, after a delay of up to a minute or so. MySQL only reads its
//!   configuration at start, and env vars never change in a running container: after an
//!   edit, restart the Pods (`kubectl rollout restart deployment/mysql-deployment`).
//! - `mysql:5.7` reached its end of life in October 2023; the tag is kept from the course.
//!   A MySQL server also needs a root password (`MYSQL_ROOT_PASSWORD`, from a Secret, see
//!   step 5) and a PersistentVolumeClaim for `/var/lib/mysql`: this manifest, like the
//!   course's, only shows the configuration part.
//!
//! Run it with `cargo run -p kubeforge-examples --example 04_mysql_config`.

use kubeforge::{
    Bundle, ConfigMapBuilder, ContainerBuilder, DeploymentBuilder, Error, VolumeBuilder,
};

/// The file of the course's `echo -e "[mysqld]\nuser=mysql\nmax_connections=100" > mysql.conf`.
pub const MYSQL_CONF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/files/mysql.conf");

/// The ConfigMaps `mysql-config` (a file) and `mysql-env` (a key), and the MySQL Deployment.
///
/// # Errors
///
/// An I/O error if `files/mysql.conf` cannot be read; otherwise every violation `build()`
/// finds (none for these manifests).
pub fn manifests() -> Result<Bundle, Error> {
    // `kubectl create configmap mysql-config --from-file=mysql.conf`:
    // key `mysql.conf`, value the file's content.
    let mysql_config = ConfigMapBuilder::new("mysql-config")
        .file(MYSQL_CONF)
        .build()?;

    // The course's `mysql-env` manifest.
    let mysql_env = ConfigMapBuilder::new("mysql-env")
        .data("MYSQL_DATABASE", "mydatabase")
        .build()?;

    let deployment = DeploymentBuilder::new("mysql-deployment")
        // `spec.selector.matchLabels` and the Pod template's labels: `app: mysql`.
        .selector_label("app", "mysql")
        .replicas(1)
        .container(
            ContainerBuilder::new("mysql", "mysql:5.7")
                // Mounting through a volume: every key of `mysql-config` becomes a file of
                // /etc/mysql/conf.d (here /etc/mysql/conf.d/mysql.conf).
                .mount(
                    VolumeBuilder::config_map("config-volume", &mysql_config),
                    "/etc/mysql/conf.d",
                )
                // Consumed as an env var: one key of `mysql-env`.
                .env_config_map_key("MYSQL_DATABASE", &mysql_env, "MYSQL_DATABASE")
                .port(3306),
        )
        .build()?;

    Ok(Bundle::new()
        .with(mysql_config)
        .with(mysql_env)
        .with(deployment))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
