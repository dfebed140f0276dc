//! Compatibility across the Kubernetes versions k8s-openapi 0.29 supports.
//!
//! From 1.37 on, `Deployment.spec`, `StatefulSet.spec`, `DaemonSet.spec` and `CronJob.spec` are no longer
//! `Option`. Builders write the field with `spec.into()` (valid for both shapes), the engine
//! reads it through [`MaybeSpec`], and users get [`SpecExt`] for code (such as `customize`
//! closures) that must compile against every version.

use k8s_openapi::api::apps::v1::{
    DaemonSet, DaemonSetSpec, Deployment, DeploymentSpec, StatefulSet, StatefulSetSpec,
};
use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec};
use k8s_openapi::api::core::v1::{Pod, PodSpec};

/// Reads a field that is `T` in some Kubernetes versions and `Option<T>` in others.
pub(crate) trait MaybeSpec<T> {
    /// The value, if present.
    fn as_spec(&self) -> Option<&T>;
    /// The value, created with `Default` when absent.
    fn spec_mut(&mut self) -> &mut T;
}

impl<T: Default> MaybeSpec<T> for Option<T> {
    fn as_spec(&self) -> Option<&T> {
        self.as_ref()
    }

    fn spec_mut(&mut self) -> &mut T {
        self.get_or_insert_with(T::default)
    }
}

macro_rules! plain_spec {
    ($($ty:ty),*) => {$(
        impl MaybeSpec<$ty> for $ty {
            fn as_spec(&self) -> Option<&$ty> {
                Some(self)
            }

            fn spec_mut(&mut self) -> &mut $ty {
                self
            }
        }
    )*};
}

plain_spec!(DeploymentSpec, StatefulSetSpec, DaemonSetSpec, CronJobSpec);

/// Version-independent access to an object's `spec` (an `Option` before Kubernetes 1.37 for
/// workloads, a plain struct from 1.37 on).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, SpecExt};
/// let d = DeploymentBuilder::new("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27"))
///     .customize(|d| d.spec_mut().paused = Some(true))
///     .build()?;
/// assert_eq!(d.spec_ref().and_then(|s| s.paused), Some(true));
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub trait SpecExt {
    /// The spec type.
    type Spec;

    /// The spec, if present (always present from 1.37 on for workloads).
    fn spec_ref(&self) -> Option<&Self::Spec>;

    /// The spec, created empty if absent.
    fn spec_mut(&mut self) -> &mut Self::Spec;
}

macro_rules! spec_ext {
    ($($obj:ty => $spec:ty),*) => {$(
        impl SpecExt for $obj {
            type Spec = $spec;

            fn spec_ref(&self) -> Option<&$spec> {
                self.spec.as_spec()
            }

            fn spec_mut(&mut self) -> &mut $spec {
                MaybeSpec::spec_mut(&mut self.spec)
            }
        }
    )*};
}

spec_ext!(
    Deployment => DeploymentSpec,
    StatefulSet => StatefulSetSpec,
    DaemonSet => DaemonSetSpec,
    CronJob => CronJobSpec,
    Pod => PodSpec
);
