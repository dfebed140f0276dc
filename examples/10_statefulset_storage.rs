//! # Step 10: storage that persists: a StorageClass, the course's MySQL as a StatefulSet, and its backups
//!
//! Course: "Volumes pour la persistence", "Les types de stockage avec les StorageClasses",
//! "Demander des volumes et les liers aux pods : PersistentVolumes et
//! PersistentVolumeClaims", "Backup de volume".
//!
//! Step 4 ran MySQL as a Deployment without storage: its data lived in the container and
//! died with the Pod. A database needs three things a Deployment does not give:
//!
//! - **storage that outlives the Pod**: a PersistentVolumeClaim asks for it, a
//!   **StorageClass** names the provisioner that creates the PersistentVolume behind it
//!   (dynamic provisioning; the course cites Longhorn and rook.io for self-hosted clusters);
//! - **a stable identity**: a **StatefulSet** names its Pods `mysql-0`, `mysql-1`... and
//!   gives each one its own claim from a claim template (`volumeClaimTemplates`):
//!   `data-mysql-0` follows `mysql-0` across restarts and nodes, and is kept when the Pod or
//!   the StatefulSet is deleted (`persistentVolumeClaimRetentionPolicy: Retain`);
//! - **a stable network name**: the **headless Service** `mysql` (`clusterIP: None`) gives
//!   each Pod a DNS name, `mysql-0.mysql.<namespace>.svc`, instead of a load-balanced
//!   virtual IP. The StatefulSet names it in `serviceName`.
//!
//! ## The objects
//!
//! - StorageClass `longhorn-db`: Longhorn's CSI driver with 3 replicas of each volume,
//!   `reclaimPolicy: Retain` (deleting a claim keeps the volume: a database's data is not
//!   deleted by a typo), `volumeBindingMode: WaitForFirstConsumer` (the volume is created
//!   where the Pod is scheduled), and `allowVolumeExpansion` (grow the claim by editing its
//!   request). It is not made the cluster's default class (`default_class()` would add the
//!   `storageclass.kubernetes.io/is-default-class` annotation): the claim names it.
//! - ConfigMaps `mysql-config` and `mysql-env`: the course's configuration, as in step 4.
//! - Service `mysql`: headless, built from the StatefulSet (`ServiceBuilder::headless_for`):
//!   same selector, one port per declared container port (`mysql`, 3306).
//! - StatefulSet `mysql`: one replica, the claim template `data` (10Gi of `longhorn-db`,
//!   `ReadWriteOnce`) mounted at `/var/lib/mysql`, the course's configuration mounted and
//!   read as in step 4, and the root password from the Secret `mysql-credentials`.
//! - CronJob `mysql-backup`: every night at 03:15 Paris time, restic copies the files of
//!   `data-mysql-0` to a restic repository (`CronJobBuilder::volume_backup`).
//! - NetworkPolicy `mysql-clients`: only the Pods labelled `mysql-client: "true"` may connect
//!   to MySQL, and only on the port it declares (3306), built from the StatefulSet
//!   (`NetworkPolicyBuilder::allow_ingress_to`). It takes effect with a network plugin that
//!   enforces NetworkPolicies, and once a default deny is in place
//!   (`NetworkPolicyBuilder::deny_all_ingress`, usually owned by the namespace's admin).
//!
//! ## Departures from the course, and why
//!
//! - `mysql:8.4` (the current LTS) instead of the course's `mysql:5.7`, end of life since
//!   October 2023: a StatefulSet is meant to run for years.
//! - The Pods match the Pod Security Standards "restricted" level (the preset, and
//!   `require_pss` makes `build()` check it): the official image can run as its `mysql`
//!   user (uid and gid 999) instead of starting as root, and `fsGroup: 999` gives it the
//!   volume.
//! - **One replica.** A StatefulSet with 3 replicas runs 3 independent MySQL servers, each
//!   with its own data: replication needs a MySQL operator or InnoDB Cluster, not just
//!   `replicas: 3`.
//! - The root password comes from the Secret `mysql-credentials`, which this bundle does not
//!   create: create it out of band (`kubectl create secret generic mysql-credentials
//!   --from-literal=root-password=...`) or from a secret manager, never from a committed
//!   file. The same goes for `backup-repository` (keys `repository` and `password`, the
//!   restic repository's URL and key). `kubeforge check` is told so:
//!   `--assume Secret/mysql-credentials --assume Secret/backup-repository`.
//!
//! ## Backups: the course's two ways
//!
//! - **Velero**: the Pod template carries `backup.velero.io/backup-volumes: data`
//!   (`velero_backup_volumes`), Velero's opt-in for its file system backup of the `data`
//!   volume. `build()` checks that every listed name is a volume of the Pod (a claim
//!   template counts): Velero splits that list on `,` and silently skips a name it does not
//!   find.
//! - **A scheduled Pod** (the course's "push depuis le pod" with rsync or borg; restic
//!   here): the CronJob mounts `data-mysql-0` **read-only** and runs
//!   `restic backup /backup-source`. It runs as uid/gid 999 to read MySQL's files, at the
//!   "restricted" level, never twice at once (`concurrencyPolicy: Forbid`), without an API
//!   token, and on the node of `mysql-0` (`same_node_as`): a `ReadWriteOnce` volume is
//!   attached to one node, and a backup Pod elsewhere would wait forever for it. Its root
//!   file system is read-only but for `/tmp`, where restic writes its temporary files. Run
//!   `restic init` once on the repository before the first backup.
//!
//! Files copied from a running database are at best *crash-consistent*: MySQL recovers from
//! them as after a power cut, losing in-flight transactions. For a consistent backup, dump
//! the database (`mysqldump --single-transaction`, over the Service) or use Velero's backup
//! hooks to pause writes; the file copy shown here is the course's method.
//!
//! Run it with `cargo run -p kubeforge-examples --example 10_statefulset_storage`.

use kubeforge::{
    Bundle, ClaimRetention, ConfigMapBuilder, ContainerBuilder, CronJobBuilder, Error, Level,
    NetworkPolicyBuilder, PersistentVolumeClaimBuilder, Probe, Quantity, ReclaimPolicy,
    ServiceBuilder, StatefulSetBuilder, StorageClassBuilder, VolumeBindingMode, VolumeBuilder,
};

/// The file of the course's `echo -e "[mysqld]\nuser=mysql\nmax_connections=100" > mysql.conf`.
pub const MYSQL_CONF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/files/mysql.conf");

/// The uid and gid of the `mysql` user of the official image.
const MYSQL_UID: i64 = 999;

/// The StorageClass, the course's MySQL as a StatefulSet with its headless Service, its backup
/// CronJob and its NetworkPolicy.
///
/// # Errors
///
/// An I/O error if `files/mysql.conf` cannot be read; otherwise every violation `build()`
/// finds (none for these manifests).
pub fn manifests() -> Result<Bundle, Error> {
    // Dynamic provisioning: Longhorn creates a replicated volume for each claim.
    let storage_class = StorageClassBuilder::new("longhorn-db", "driver.longhorn.io")
        .parameter("numberOfReplicas", "3")
        .parameter("dataLocality", "best-effort")
        .reclaim_policy(ReclaimPolicy::Retain)
        .volume_binding_mode(VolumeBindingMode::WaitForFirstConsumer)
        .allow_volume_expansion(true)
        .build()?;

    // The course's configuration, as in step 4.
    let mysql_config = ConfigMapBuilder::new("mysql-config")
        .file(MYSQL_CONF)
        .build()?;
    let mysql_env = ConfigMapBuilder::new("mysql-env")
        .data("MYSQL_DATABASE", "mydatabase")
        .build()?;

    // One claim per Pod from this template: `data-mysql-0`.
    let data = PersistentVolumeClaimBuilder::new("data", Quantity::gibibytes(10))
        .storage_class_name(&storage_class);

    let mysql = StatefulSetBuilder::new("mysql")
        // The course's label: `app: mysql` selects the Pods.
        .selector_label("app", "mysql")
        .service_name("mysql")
        .replicas(1)
        .persistent_volume_claim_retention_policy(ClaimRetention::Retain, ClaimRetention::Retain)
        .security_preset(Level::Restricted)
        .require_pss(Level::Restricted)
        .run_as_user(MYSQL_UID)
        .run_as_group(MYSQL_UID)
        .fs_group(MYSQL_UID)
        .automount_service_account_token(false)
        .termination_grace_period_seconds(60)
        .container(
            ContainerBuilder::new("mysql", "mysql:8.4")
                .named_port("mysql", 3306)
                .env_config_map_key("MYSQL_DATABASE", &mysql_env, "MYSQL_DATABASE")
                .env_secret_key("MYSQL_ROOT_PASSWORD", "mysql-credentials", "root-password")
                .mount(
                    VolumeBuilder::config_map("config", &mysql_config),
                    "/etc/mysql/conf.d",
                )
                .mount_claim_template(&data, "/var/lib/mysql")
                .request_cpu(Quantity::millicores(500))
                .request_memory(Quantity::gibibytes(1))
                .limit_memory(Quantity::gibibytes(1))
                .readiness_probe(Probe::tcp_socket("mysql").period_seconds(5))
                .liveness_probe(
                    Probe::tcp_socket("mysql")
                        .initial_delay_seconds(30)
                        .period_seconds(10),
                ),
        )
        .volume_claim_template(data)
        // Velero's opt-in: back up the files of the `data` volume.
        .velero_backup_volumes(["data"])
        .build()?;

    // The governing Service: one DNS name per Pod, `mysql-0.mysql`.
    let service = ServiceBuilder::headless_for(&mysql).build()?;

    // The course's "push from a Pod": restic copies the claim of `mysql-0` every night.
    let backup = CronJobBuilder::volume_backup(
        "mysql-backup",
        "15 3 * * *",
        "data-mysql-0",
        ContainerBuilder::new("restic", "restic/restic:0.17.3")
            .args([
                "backup",
                "--no-cache",
                "--host",
                "mysql-0",
                CronJobBuilder::BACKUP_SOURCE,
            ])
            .env_secret_key("RESTIC_REPOSITORY", "backup-repository", "repository")
            .env_secret_key("RESTIC_PASSWORD", "backup-repository", "password")
            .read_only_root_filesystem_except(["/tmp"])
            .request_cpu(Quantity::millicores(100))
            .request_memory(Quantity::mebibytes(256))
            .limit_memory(Quantity::mebibytes(512)),
    )
    .time_zone("Europe/Paris")
    .run_as_user(MYSQL_UID)
    .run_as_group(MYSQL_UID)
    .same_node_as([("statefulset.kubernetes.io/pod-name", "mysql-0")])
    .successful_jobs_history_limit(3)
    .failed_jobs_history_limit(3)
    .backoff_limit(2)
    .build()?;

    // Who may talk to MySQL: the labelled clients, on the declared port only.
    let clients = NetworkPolicyBuilder::allow_ingress_to("mysql-clients", &mysql)
        .from_pods([("mysql-client", "true")])
        .build()?;

    Ok(Bundle::new()
        .with(storage_class)
        .with(mysql_config)
        .with(mysql_env)
        .with(service)
        .with(mysql)
        .with(backup)
        .with(clients))
}

/// Prints the manifests as YAML on stdout (`-- --json`: a JSON `List`); on error, prints it on
/// stderr and exits with 1.
pub fn main() {
    kubeforge_examples::run(manifests);
}
