//! Backups of persistent volumes (course: "Backup de volume"), the two ways the course names:
//!
//! - **Velero** backs up the cluster's objects and, with its file system backup, the files of
//!   the pod volumes listed in the pod annotation `backup.velero.io/backup-volumes` (the
//!   opt-in approach). [`velero_backup_volumes`](crate::DeploymentBuilder::velero_backup_volumes)
//!   writes that annotation on a pod template, and `build()` checks that every listed name
//!   is a volume of the pod that Velero can read: Velero splits the value on `,` without
//!   trimming and silently skips a name it does not find, so a typo means a backup without
//!   the data.
//! - **A scheduled pod** (rsync, borg, restic...) that mounts the claim and pushes its files
//!   somewhere else: [`CronJobBuilder::volume_backup`] builds that CronJob, with the claim
//!   mounted read-only and the Pod Security Standards "restricted" preset.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::PodSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::container::ContainerBuilder;
use crate::env::ObjectName;
use crate::error::{Violation, ViolationKind, quote};
use crate::security::Level;
use crate::volume::{Mount, VolumeBuilder};
use crate::workload::{
    ConcurrencyPolicy, CronJobBuilder, DeploymentBuilder, PodBuilder, RestartPolicy,
    StatefulSetBuilder,
};

/// Velero's opt-in annotation: the comma-separated names of the pod volumes its file system
/// backup copies (`VolumesToBackupAnnotation`).
pub const VELERO_BACKUP_VOLUMES: &str = "backup.velero.io/backup-volumes";

/// The value of [`VELERO_BACKUP_VOLUMES`] for these volume names.
fn velero_value<S: Into<String>>(volumes: impl IntoIterator<Item = S>) -> String {
    let mut names: Vec<String> = Vec::new();
    for v in volumes {
        let v = v.into();
        if !names.contains(&v) {
            names.push(v);
        }
    }
    names.join(",")
}

impl DeploymentBuilder {
    /// Opts these pod volumes in to Velero's file system backup (the pod annotation
    /// `backup.velero.io/backup-volumes: a,b`; a second call replaces the list). `build()`
    /// fails if a name is not a volume of the pod, or is a hostPath volume (Velero cannot back
    /// those up).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder, SpecExt, VolumeBuilder};
    /// let d = DeploymentBuilder::new("uploads")
    ///     .container(ContainerBuilder::new("app", "registry.example.com/app:1.0")
    ///         .mount(VolumeBuilder::persistent_volume_claim("files", "uploads"), "/srv/files")
    ///         .mount(VolumeBuilder::empty_dir("cache"), "/cache"))
    ///     .velero_backup_volumes(["files"])
    ///     .build()?;
    /// let annotations = d.spec_ref().unwrap().template.metadata.clone().unwrap().annotations.unwrap();
    /// assert_eq!(annotations["backup.velero.io/backup-volumes"], "files");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn velero_backup_volumes<S: Into<String>>(
        self,
        volumes: impl IntoIterator<Item = S>,
    ) -> Self {
        self.pod_annotation(VELERO_BACKUP_VOLUMES, velero_value(volumes))
    }
}

impl StatefulSetBuilder {
    /// Opts these pod volumes in to Velero's file system backup (see
    /// [`DeploymentBuilder::velero_backup_volumes`]); claim templates count as volumes, as
    /// the controller adds one volume per template to each pod.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PersistentVolumeClaimBuilder, SpecExt, StatefulSetBuilder};
    /// let data = PersistentVolumeClaimBuilder::new("data", "10Gi");
    /// let err = StatefulSetBuilder::new("db")
    ///     .container(ContainerBuilder::new("db", "postgres:17").mount_claim_template(&data, "/var/lib/postgresql/data"))
    ///     .volume_claim_template(data)
    ///     .velero_backup_volumes(["data", "dta"])
    ///     .build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(),
    ///     "spec.template.metadata.annotations[backup.velero.io/backup-volumes]: Not found: \"dta\": not a volume of the pod (volumes: \"data\"); Velero would skip it");
    /// ```
    pub fn velero_backup_volumes<S: Into<String>>(
        self,
        volumes: impl IntoIterator<Item = S>,
    ) -> Self {
        self.pod_annotation(VELERO_BACKUP_VOLUMES, velero_value(volumes))
    }
}

impl PodBuilder {
    /// Opts these volumes of the Pod in to Velero's file system backup (see
    /// [`DeploymentBuilder::velero_backup_volumes`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PodBuilder, VolumeBuilder};
    /// let pod = PodBuilder::new("p")
    ///     .container(ContainerBuilder::new("c", "busybox:1.36").mount(VolumeBuilder::persistent_volume_claim("data", "c"), "/data"))
    ///     .velero_backup_volumes(["data"])
    ///     .build()?;
    /// assert_eq!(pod.metadata.annotations.unwrap()["backup.velero.io/backup-volumes"], "data");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn velero_backup_volumes<S: Into<String>>(
        self,
        volumes: impl IntoIterator<Item = S>,
    ) -> Self {
        self.annotation(VELERO_BACKUP_VOLUMES, velero_value(volumes))
    }
}

/// The violations of a Velero opt-in annotation: every name must be a volume of the pod
/// (`claim_templates` count as volumes), not a hostPath volume, without spaces or empty
/// entries. `meta_path` is the path of the metadata holding the annotation.
pub(crate) fn velero_violations(
    meta: Option<&ObjectMeta>,
    spec: Option<&PodSpec>,
    claim_templates: &[&str],
    meta_path: &str,
) -> Vec<Violation> {
    let Some(value) = meta
        .and_then(|m| m.annotations.as_ref())
        .and_then(|a: &BTreeMap<String, String>| a.get(VELERO_BACKUP_VOLUMES))
    else {
        return Vec::new();
    };
    let path = format!("{meta_path}.annotations[{VELERO_BACKUP_VOLUMES}]");
    let volumes = spec.and_then(|s| s.volumes.as_deref()).unwrap_or_default();
    let mut names: Vec<&str> = volumes.iter().map(|v| v.name.as_str()).collect();
    names.extend(claim_templates.iter().copied());
    let mut out = Vec::new();
    for entry in value.split(',') {
        let v = |kind, detail: String| {
            Violation::new(path.clone(), kind, Some(quote(entry)), Some(detail))
        };
        if entry.is_empty() || entry.trim() != entry {
            out.push(v(
                ViolationKind::Invalid,
                "Velero splits the list on \",\" without trimming: no space, no empty entry".into(),
            ));
        } else if !names.contains(&entry) {
            let list: Vec<String> = names.iter().map(|n| quote(n)).collect();
            out.push(v(
                ViolationKind::NotFound,
                format!(
                    "not a volume of the pod (volumes: {}); Velero would skip it",
                    list.join(", ")
                ),
            ));
        } else if volumes
            .iter()
            .any(|vol| vol.name == entry && vol.host_path.is_some())
        {
            out.push(v(
                ViolationKind::Invalid,
                "a hostPath volume, which Velero's file system backup does not support".into(),
            ));
        }
    }
    out
}

impl CronJobBuilder {
    /// Where [`volume_backup`](Self::volume_backup) mounts the claim, read-only.
    pub const BACKUP_SOURCE: &'static str = "/backup-source";

    /// A CronJob that backs up the claim `claim` on `schedule` with `container` (an rsync,
    /// borg or restic image and its command, which reads [`BACKUP_SOURCE`](Self::BACKUP_SOURCE)).
    ///
    /// The claim is mounted read-only (on the volume and on the mount), the pod and the
    /// containers get the Pod Security Standards "restricted" preset and `build()` requires
    /// that level, runs never overlap (`concurrencyPolicy: Forbid`), a failed run is retried
    /// in its pod (`restartPolicy: OnFailure`), and no API token is mounted. The restricted
    /// level runs as non-root: set [`run_as_user`](Self::run_as_user) (and
    /// [`fs_group`](Self::fs_group)) to the ids that can read the files. A `ReadWriteOnce`
    /// claim in use by a pod can only be mounted on that pod's node: see
    /// [`same_node_as`](Self::same_node_as). A copy of a live database's files is at best
    /// crash-consistent; prefer the database's own dump tool, or stop writes, for a
    /// consistent copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, CronJobBuilder, SpecExt};
    /// let backup = CronJobBuilder::volume_backup(
    ///     "uploads-backup",
    ///     "0 3 * * *",
    ///     "uploads",
    ///     ContainerBuilder::new("restic", "restic/restic:0.17.3")
    ///         .args(["backup", "--no-cache", CronJobBuilder::BACKUP_SOURCE])
    ///         .env_secret_key("RESTIC_REPOSITORY", "backup-repo", "repository")
    ///         .env_secret_key("RESTIC_PASSWORD", "backup-repo", "password"),
    /// )
    /// .run_as_user(1000)
    /// .build()?;
    /// let job = backup.spec_ref().unwrap().job_template.spec.clone().unwrap();
    /// let pod = job.template.spec.unwrap();
    /// assert_eq!(pod.volumes.unwrap()[0].persistent_volume_claim.as_ref().unwrap().read_only, Some(true));
    /// assert_eq!(pod.containers[0].volume_mounts.as_ref().unwrap()[0].read_only, Some(true));
    /// assert_eq!(pod.security_context.unwrap().run_as_non_root, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn volume_backup(
        name: impl Into<String>,
        schedule: impl Into<String>,
        claim: impl ObjectName,
        container: ContainerBuilder,
    ) -> Self {
        let source = VolumeBuilder::persistent_volume_claim("backup-source", claim).read_only();
        Self::new(name, schedule)
            .concurrency_policy(ConcurrencyPolicy::Forbid)
            .restart_policy(RestartPolicy::OnFailure)
            .automount_service_account_token(false)
            .security_preset(Level::Restricted)
            .require_pss(Level::Restricted)
            .container(container.mount(source, Mount::at(Self::BACKUP_SOURCE).read_only()))
    }
}
