//! CronJob: a Job started on a schedule (backups, reports, clean-ups).

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, JobSpec};
use k8s_openapi::api::core::v1::{Affinity, PodAffinity, PodAffinityTerm};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::{PodParts, RestartPolicy, pod_spec_setters, pod_template_setters};
use crate::compat::MaybeSpec;
use crate::error::Error;
use crate::meta::{metadata_setters, options_setter};
use crate::validate::{self, Options};

/// What a CronJob does when a run is due while the previous one still runs
/// (`concurrencyPolicy`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::ConcurrencyPolicy::Forbid.as_str(), "Forbid");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConcurrencyPolicy {
    /// Start it anyway (the default).
    Allow,
    /// Skip the new run (backups: two copies of the same data at once help nobody).
    Forbid,
    /// Stop the running Job and start the new one.
    Replace,
}

impl ConcurrencyPolicy {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ConcurrencyPolicy::Replace.as_str(), "Replace");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "Allow",
            Self::Forbid => "Forbid",
            Self::Replace => "Replace",
        }
    }
}

type CronJobCustomizer = Arc<dyn Fn(&mut CronJob) + Send + Sync>;

/// Builds a CronJob.
///
/// The pod template has the same setters as every workload (containers, volumes, presets,
/// `require_pss`...). Its `restartPolicy` is `OnFailure` unless
/// [`restart_policy`](Self::restart_policy) says `Never` (a Job's pods cannot use `Always`).
/// The schedule is checked at `build()` exactly as the apiserver parses it (five fields,
/// `*/15`, `1-5`, `mon-fri`, `@daily`...), and so is the time zone.
///
/// # Examples
///
/// ```
/// use kubeforge::{ConcurrencyPolicy, ContainerBuilder, CronJobBuilder, SpecExt};
/// let report = CronJobBuilder::new("nightly-report", "30 2 * * *")
///     .time_zone("Europe/Paris")
///     .concurrency_policy(ConcurrencyPolicy::Forbid)
///     .container(ContainerBuilder::new("report", "registry.example.com/report:1.4").args(["--since", "24h"]))
///     .build()?;
/// let spec = report.spec_ref().unwrap();
/// assert_eq!(spec.schedule, "30 2 * * *");
/// let pod = spec.job_template.spec.as_ref().unwrap().template.spec.as_ref().unwrap();
/// assert_eq!(pod.restart_policy.as_deref(), Some("OnFailure"));
///
/// let err = CronJobBuilder::new("bad", "0 25 * * *")
///     .container(ContainerBuilder::new("c", "busybox:1.36")).build().unwrap_err();
/// assert_eq!(err.violations()[0].to_string(),
///     "spec.schedule: Invalid value: \"0 25 * * *\": end of range (25) above maximum (23): 25");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct CronJobBuilder {
    meta: ObjectMeta,
    pod: PodParts,
    pod_labels: BTreeMap<String, String>,
    pod_annotations: BTreeMap<String, String>,
    cron: Box<CronJobSpec>,
    job: Box<JobSpec>,
    restart: RestartPolicy,
    customizers: Vec<CronJobCustomizer>,
    options: Options,
}

impl std::fmt::Debug for CronJobBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CronJobBuilder")
            .field("meta", &self.meta)
            .field("schedule", &self.cron.schedule)
            .field("pod", &self.pod)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl CronJobBuilder {
    /// A CronJob named `name` (a DNS-1123 subdomain of at most 52 characters: its Jobs get an
    /// 11-character suffix) running on `schedule`, in standard cron syntax (minute, hour, day
    /// of month, month, day of week) or a descriptor (`@hourly`, `@daily`, `@weekly`,
    /// `@monthly`, `@yearly`, `@every 2h`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, CronJobBuilder};
    /// let c = CronJobBuilder::new("cleanup", "@hourly")
    ///     .container(ContainerBuilder::new("cleanup", "busybox:1.36").args(["true"])).build()?;
    /// assert_eq!(c.metadata.name.as_deref(), Some("cleanup"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, schedule: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            pod: PodParts::default(),
            pod_labels: BTreeMap::new(),
            pod_annotations: BTreeMap::new(),
            cron: Box::new(CronJobSpec {
                schedule: schedule.into(),
                ..CronJobSpec::default()
            }),
            job: Box::default(),
            restart: RestartPolicy::OnFailure,
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    metadata_setters!("CronJobBuilder::new(\"job\", \"@daily\")");
    pod_spec_setters!("CronJobBuilder::new(\"job\", \"@daily\")");

    /// The IANA time zone the schedule is in (`timeZone`, e.g. `Europe/Paris`; default: the
    /// controller manager's, usually UTC).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, CronJobBuilder, SpecExt};
    /// let c = CronJobBuilder::new("j", "0 8 * * mon-fri").time_zone("America/New_York")
    ///     .container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// assert_eq!(c.spec_ref().unwrap().time_zone.as_deref(), Some("America/New_York"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn time_zone(mut self, zone: impl Into<String>) -> Self {
        self.cron.time_zone = Some(zone.into());
        self
    }

    /// What to do when a run is due while the previous one is still running.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ConcurrencyPolicy, ContainerBuilder, CronJobBuilder, SpecExt};
    /// let c = CronJobBuilder::new("j", "@daily").concurrency_policy(ConcurrencyPolicy::Replace)
    ///     .container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// assert_eq!(c.spec_ref().unwrap().concurrency_policy.as_deref(), Some("Replace"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn concurrency_policy(mut self, policy: ConcurrencyPolicy) -> Self {
        self.cron.concurrency_policy = Some(policy.as_str().to_owned());
        self
    }

    /// Finished Jobs kept (default 3).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::CronJobBuilder::new("j", "@daily").successful_jobs_history_limit(1);
    /// # let _ = o;
    /// ```
    pub fn successful_jobs_history_limit(mut self, limit: i32) -> Self {
        self.cron.successful_jobs_history_limit = Some(limit);
        self
    }

    /// Failed Jobs kept (default 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::CronJobBuilder::new("j", "@daily").failed_jobs_history_limit(5);
    /// # let _ = o;
    /// ```
    pub fn failed_jobs_history_limit(mut self, limit: i32) -> Self {
        self.cron.failed_jobs_history_limit = Some(limit);
        self
    }

    /// Seconds after its scheduled time within which a missed run may still start
    /// (`startingDeadlineSeconds`; default: no deadline).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::CronJobBuilder::new("j", "@daily").starting_deadline_seconds(600);
    /// # let _ = o;
    /// ```
    pub fn starting_deadline_seconds(mut self, seconds: i64) -> Self {
        self.cron.starting_deadline_seconds = Some(seconds);
        self
    }

    /// Suspends the schedule (no new Job starts; running ones go on).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::CronJobBuilder::new("j", "@daily").suspend(true);
    /// # let _ = o;
    /// ```
    pub fn suspend(mut self, suspend: bool) -> Self {
        self.cron.suspend = Some(suspend);
        self
    }

    /// `OnFailure` (the default: the container restarts in the same pod) or `Never` (a
    /// failed pod is replaced by a new one, up to the backoff limit). `Always` is rejected by
    /// `build()`, as by the apiserver.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, CronJobBuilder, RestartPolicy, SpecExt};
    /// let c = CronJobBuilder::new("j", "@daily").restart_policy(RestartPolicy::Never)
    ///     .container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// let job = c.spec_ref().unwrap().job_template.spec.clone().unwrap();
    /// assert_eq!(job.template.spec.unwrap().restart_policy.as_deref(), Some("Never"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn restart_policy(mut self, policy: RestartPolicy) -> Self {
        self.restart = policy;
        self
    }

    /// Retries of a failed run before the Job is marked failed (`backoffLimit`, default 6).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::CronJobBuilder::new("j", "@daily").backoff_limit(2);
    /// # let _ = o;
    /// ```
    pub fn backoff_limit(mut self, limit: i32) -> Self {
        self.job.backoff_limit = Some(limit);
        self
    }

    /// Seconds a run may last before it is stopped (`activeDeadlineSeconds` of the Job).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::CronJobBuilder::new("j", "@daily").active_deadline_seconds(3600);
    /// # let _ = o;
    /// ```
    pub fn active_deadline_seconds(mut self, seconds: i64) -> Self {
        self.job.active_deadline_seconds = Some(seconds);
        self
    }

    pod_template_setters!("CronJobBuilder::new(\"j\", \"@daily\")", "CronJob");

    /// Schedules the pods on the node of a running pod with these labels (required pod
    /// affinity on `kubernetes.io/hostname`). A `ReadWriteOnce` volume is attached to one
    /// node: a backup pod reading the volume of a running database must run there.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, CronJobBuilder, SpecExt};
    /// let c = CronJobBuilder::new("j", "@daily")
    ///     .same_node_as([("statefulset.kubernetes.io/pod-name", "mysql-0")])
    ///     .container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// let job = c.spec_ref().unwrap().job_template.spec.clone().unwrap();
    /// let affinity = job.template.spec.unwrap().affinity.unwrap().pod_affinity.unwrap();
    /// assert_eq!(affinity.required_during_scheduling_ignored_during_execution.unwrap()[0].topology_key, "kubernetes.io/hostname");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn same_node_as<I, K, V>(mut self, labels: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let match_labels: BTreeMap<String, String> = labels
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        let term = PodAffinityTerm {
            label_selector: Some(LabelSelector {
                match_labels: Some(match_labels),
                match_expressions: None,
            }),
            topology_key: "kubernetes.io/hostname".into(),
            ..PodAffinityTerm::default()
        };
        self.pod
            .spec()
            .affinity
            .get_or_insert_with(Affinity::default)
            .pod_affinity
            .get_or_insert_with(PodAffinity::default)
            .required_during_scheduling_ignored_during_execution
            .get_or_insert_with(Vec::new)
            .push(term);
        self
    }

    options_setter!("CronJobBuilder::new(\"j\", \"@daily\")");

    /// Edits the raw CronJob before validation (escape hatch for any field; use
    /// [`SpecExt`](crate::SpecExt) to reach the spec in a version-independent way).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, CronJobBuilder, SpecExt};
    /// let c = CronJobBuilder::new("j", "@daily")
    ///     .container(ContainerBuilder::new("c", "busybox:1.36"))
    ///     .customize(|c| c.spec_mut().job_template.spec.as_mut().unwrap().ttl_seconds_after_finished = Some(3600))
    ///     .build()?;
    /// assert!(c.spec_ref().unwrap().job_template.spec.as_ref().unwrap().ttl_seconds_after_finished.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut CronJob) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the CronJob and validates it (schedule, time zone, Job and pod template).
    ///
    /// # Errors
    ///
    /// Every violation found, e.g.
    /// `spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, CronJobBuilder};
    /// let err = CronJobBuilder::new("j", "* * * *").container(ContainerBuilder::new("c", "busybox:1.36")).build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(),
    ///     "spec.schedule: Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]");
    /// ```
    pub fn build(self) -> Result<CronJob, Error> {
        let labels = self.meta.labels.clone().filter(|l| !l.is_empty());
        let mut pod_labels = labels.clone().unwrap_or_default();
        pod_labels.extend(self.pod_labels);
        // `Option<CronJobSpec>` before Kubernetes 1.37, `CronJobSpec` from 1.37 on.
        #[allow(clippy::useless_conversion, reason = "not useless before 1.37")]
        let mut cron_job = CronJob {
            metadata: self.meta,
            spec: (*self.cron).into(),
            status: None,
        };
        let spec = cron_job.spec.spec_mut();
        spec.job_template.metadata = labels.map(|labels| ObjectMeta {
            labels: Some(labels),
            ..ObjectMeta::default()
        });
        let job = spec.job_template.spec.insert(*self.job);
        job.template.metadata =
            (!pod_labels.is_empty() || !self.pod_annotations.is_empty()).then(|| ObjectMeta {
                labels: (!pod_labels.is_empty()).then_some(pod_labels),
                annotations: (!self.pod_annotations.is_empty()).then_some(self.pod_annotations),
                ..ObjectMeta::default()
            });
        let path = "spec.jobTemplate.spec.template.spec";
        let require = self.pod.require;
        let pod_spec = job.template.spec.get_or_insert_default();
        let mut builder_violations = self.pod.assemble_into(pod_spec, path);
        pod_spec.restart_policy = Some(self.restart.as_str().to_owned());
        for f in &self.customizers {
            f(&mut cron_job);
        }
        if let Some(job) = cron_job
            .spec
            .as_spec()
            .and_then(|s| s.job_template.spec.as_ref())
        {
            builder_violations.extend(PodParts::pss_violations(
                require,
                path,
                job.template.metadata.as_ref(),
                job.template.spec.as_ref(),
            ));
        }
        validate::check_with(&cron_job, self.options, builder_violations)?;
        Ok(cron_job)
    }
}
