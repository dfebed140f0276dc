//! Compatibility across the Kubernetes versions k8s-openapi 0.29 supports.
//!
//! From 1.37 on, `Deployment.spec` (and other workload specs) are no longer `Option`. Builders
//! write the field with `spec.into()` (valid for both shapes) and the engine reads it through
//! [`MaybeSpec`], so the crate compiles unchanged against 1.33 and 1.37.

/// Reads a field that is `T` in some Kubernetes versions and `Option<T>` in others.
pub(crate) trait MaybeSpec<T> {
    /// The value, if present.
    fn as_spec(&self) -> Option<&T>;
}

impl<T> MaybeSpec<T> for Option<T> {
    fn as_spec(&self) -> Option<&T> {
        self.as_ref()
    }
}

macro_rules! plain_spec {
    ($($ty:ty),*) => {$(
        impl MaybeSpec<$ty> for $ty {
            fn as_spec(&self) -> Option<&$ty> {
                Some(self)
            }
        }
    )*};
}

plain_spec!(
    k8s_openapi::api::apps::v1::DeploymentSpec,
    k8s_openapi::api::apps::v1::StatefulSetSpec,
    k8s_openapi::api::batch::v1::CronJobSpec
);
