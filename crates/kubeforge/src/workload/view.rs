//! [`WorkloadRef`]: a borrowed view of any object that holds a pod spec.

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{Pod, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::bundle::Object;
use crate::compat::MaybeSpec;

/// A borrowed workload: any object that holds a pod spec (a Pod, or a controller with a pod
/// template).
///
/// Every `&Pod`, `&Deployment`, `&StatefulSet`, `&DaemonSet`, `&Job` and `&CronJob` converts
/// into one with `From`, so functions can take `impl Into<WorkloadRef<'_>>`.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, WorkloadRef};
/// let d = DeploymentBuilder::new("web").container(ContainerBuilder::new("web", "nginx:1.27")).build()?;
/// let w = WorkloadRef::from(&d);
/// assert_eq!(w.kind(), "Deployment");
/// assert_eq!(w.pod_spec().unwrap().containers[0].name, "web");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum WorkloadRef<'a> {
    /// A `v1` `Pod`.
    Pod(&'a Pod),
    /// An `apps/v1` `Deployment`.
    Deployment(&'a Deployment),
    /// An `apps/v1` `StatefulSet`.
    StatefulSet(&'a StatefulSet),
    /// An `apps/v1` `DaemonSet`.
    DaemonSet(&'a DaemonSet),
    /// A `batch/v1` `Job`.
    Job(&'a Job),
    /// A `batch/v1` `CronJob`.
    CronJob(&'a CronJob),
}

macro_rules! workload_from {
    ($($variant:ident),* $(,)?) => {$(
        impl<'a> From<&'a $variant> for WorkloadRef<'a> {
            fn from(object: &'a $variant) -> Self {
                WorkloadRef::$variant(object)
            }
        }
    )*};
}

workload_from!(Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob);

impl<'a> WorkloadRef<'a> {
    /// The workload held by `object`, or `None` when the object holds no pod spec (a
    /// ConfigMap, a Service...).
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::core::v1::{ConfigMap, Pod};
    /// use kubeforge::{Object, WorkloadRef};
    /// assert!(WorkloadRef::from_object(&Object::from(Pod::default())).is_some());
    /// assert!(WorkloadRef::from_object(&Object::from(ConfigMap::default())).is_none());
    /// ```
    #[must_use]
    pub fn from_object(object: &'a Object) -> Option<Self> {
        Some(match object {
            Object::Pod(o) => Self::Pod(o),
            Object::Deployment(o) => Self::Deployment(o),
            Object::StatefulSet(o) => Self::StatefulSet(o),
            Object::DaemonSet(o) => Self::DaemonSet(o),
            Object::Job(o) => Self::Job(o),
            Object::CronJob(o) => Self::CronJob(o),
            _ => return None,
        })
    }

    /// The workload's `kind`, for example `"Deployment"`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::batch::v1::CronJob;
    /// # use kubeforge::WorkloadRef;
    /// assert_eq!(WorkloadRef::from(&CronJob::default()).kind(), "CronJob");
    /// ```
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Pod(_) => "Pod",
            Self::Deployment(_) => "Deployment",
            Self::StatefulSet(_) => "StatefulSet",
            Self::DaemonSet(_) => "DaemonSet",
            Self::Job(_) => "Job",
            Self::CronJob(_) => "CronJob",
        }
    }

    /// The workload's own `metadata` (not the pod template's).
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::batch::v1::Job;
    /// # use kubeforge::WorkloadRef;
    /// let mut job = Job::default();
    /// job.metadata.name = Some("migrate".into());
    /// assert_eq!(WorkloadRef::from(&job).metadata().name.as_deref(), Some("migrate"));
    /// ```
    #[must_use]
    pub fn metadata(&self) -> &'a ObjectMeta {
        match *self {
            Self::Pod(o) => &o.metadata,
            Self::Deployment(o) => &o.metadata,
            Self::StatefulSet(o) => &o.metadata,
            Self::DaemonSet(o) => &o.metadata,
            Self::Job(o) => &o.metadata,
            Self::CronJob(o) => &o.metadata,
        }
    }

    /// The pod spec: a Pod's `spec`, a controller's `spec.template.spec`, a CronJob's
    /// `spec.jobTemplate.spec.template.spec`; `None` when a level is missing.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::apps::v1::DaemonSet;
    /// # use kubeforge::WorkloadRef;
    /// assert!(WorkloadRef::from(&DaemonSet::default()).pod_spec().is_none());
    /// ```
    #[must_use]
    pub fn pod_spec(&self) -> Option<&'a PodSpec> {
        match *self {
            Self::Pod(o) => o.spec.as_ref(),
            Self::Deployment(o) => o.spec.as_spec().and_then(|s| s.template.spec.as_ref()),
            Self::StatefulSet(o) => o.spec.as_spec().and_then(|s| s.template.spec.as_ref()),
            Self::DaemonSet(o) => o.spec.as_spec().and_then(|s| s.template.spec.as_ref()),
            Self::Job(o) => o.spec.as_ref().and_then(|s| s.template.spec.as_ref()),
            Self::CronJob(o) => o
                .spec
                .as_spec()
                .and_then(|s| s.job_template.spec.as_ref())
                .and_then(|j| j.template.spec.as_ref()),
        }
    }

    /// The field path of [`pod_spec`](Self::pod_spec), as the apiserver prints it.
    pub(crate) fn pod_spec_path(&self) -> &'static str {
        match self {
            Self::Pod(_) => "spec",
            Self::Deployment(_) | Self::StatefulSet(_) | Self::DaemonSet(_) | Self::Job(_) => {
                "spec.template.spec"
            }
            Self::CronJob(_) => "spec.jobTemplate.spec.template.spec",
        }
    }
}
