//! Deployment: replicas, rollout strategy, and a selector derived from stable labels.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{
    Deployment, DeploymentSpec, DeploymentStrategy, RollingUpdateDeployment,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::{PodParts, derive_selector, pod_spec_setters, pod_template_setters, template_labels};
use crate::compat::MaybeSpec;
use crate::error::Error;
use crate::meta::{metadata_setters, options_setter};
use crate::validate::{self, Options};

/// A `maxSurge` / `maxUnavailable` amount: a pod count or a percentage of the replicas.
///
/// # Examples
///
/// ```
/// use kubeforge::IntOrPercent;
/// let s = IntOrPercent::Percent(25);
/// # let _ = s;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOrPercent {
    /// A number of pods.
    Count(i32),
    /// A percentage of the desired replicas (rounded up for surge, down for unavailable).
    Percent(i32),
}

impl From<IntOrPercent> for IntOrString {
    fn from(r: IntOrPercent) -> Self {
        match r {
            IntOrPercent::Count(n) => IntOrString::Int(n),
            IntOrPercent::Percent(p) => IntOrString::String(format!("{p}%")),
        }
    }
}

/// How a Deployment replaces old pods (`spec.strategy`).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, IntOrPercent, Strategy};
/// let d = DeploymentBuilder::new("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27"))
///     .strategy(Strategy::RollingUpdate { max_surge: Some(IntOrPercent::Count(1)), max_unavailable: Some(IntOrPercent::Percent(0)) })
///     .build()?;
/// # let _ = d;
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Strategy {
    /// Kill every old pod before starting new ones (downtime; for apps that cannot run twice).
    Recreate,
    /// Replace pods progressively (the default, with 25% / 25%).
    RollingUpdate {
        /// Pods allowed above the desired count during the update.
        max_surge: Option<IntOrPercent>,
        /// Pods allowed to be unavailable during the update.
        max_unavailable: Option<IntOrPercent>,
    },
}

type DeploymentCustomizer = Arc<dyn Fn(&mut Deployment) + Send + Sync>;

/// Builds a Deployment.
///
/// The selector is derived from a small stable label set, because selectors are immutable:
/// explicit [`selector_label`](Self::selector_label)s if any; otherwise
/// `app.kubernetes.io/name` and `app.kubernetes.io/instance` when set (or the legacy `app`);
/// otherwise `app.kubernetes.io/name: <deployment name>`, which is then added to the labels.
/// Never a version label. The pod template always carries the selector labels.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder};
/// let d = DeploymentBuilder::new("web")
///     .app_name("web").app_version("1.2.3")
///     .replicas(3)
///     .container(ContainerBuilder::new("web", "nginx:1.27").port(80))
///     .build()?;
/// use kubeforge::SpecExt;
/// let spec = d.spec_ref().unwrap().clone();
/// let selector = spec.selector.match_labels.unwrap();
/// assert_eq!(selector.len(), 1);
/// assert_eq!(selector["app.kubernetes.io/name"], "web");
/// assert_eq!(spec.template.metadata.unwrap().labels.unwrap()["app.kubernetes.io/version"], "1.2.3");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct DeploymentBuilder {
    meta: ObjectMeta,
    pod: PodParts,
    selector: BTreeMap<String, String>,
    pod_labels: BTreeMap<String, String>,
    pod_annotations: BTreeMap<String, String>,
    // The few spec fields a setter sets (no 2 KiB DeploymentSpec until build()).
    replicas: Option<i32>,
    strategy: Option<DeploymentStrategy>,
    revision_history_limit: Option<i32>,
    min_ready_seconds: Option<i32>,
    progress_deadline_seconds: Option<i32>,
    customizers: Vec<DeploymentCustomizer>,
    options: Options,
}

impl std::fmt::Debug for DeploymentBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeploymentBuilder")
            .field("meta", &self.meta)
            .field("selector", &self.selector)
            .field("pod", &self.pod)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl DeploymentBuilder {
    /// A Deployment named `name` (a DNS-1123 subdomain; a DNS label is recommended).
    ///
    /// # Examples
    ///
    /// ```
    /// let d = kubeforge::DeploymentBuilder::new("web")
    ///     .container(kubeforge::ContainerBuilder::new("web", "nginx:1.27")).build()?;
    /// assert_eq!(d.metadata.name.as_deref(), Some("web"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            pod: PodParts::default(),
            selector: BTreeMap::new(),
            pod_labels: BTreeMap::new(),
            pod_annotations: BTreeMap::new(),
            replicas: None,
            strategy: None,
            revision_history_limit: None,
            min_ready_seconds: None,
            progress_deadline_seconds: None,
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    metadata_setters!("DeploymentBuilder::new(\"web\")");
    pod_spec_setters!("DeploymentBuilder::new(\"web\")");

    /// Uses `key=value` in the selector (and the pod template) instead of the derived selector.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder};
    /// let d = DeploymentBuilder::new("mysql-deployment")
    ///     .selector_label("app", "mysql")
    ///     .container(ContainerBuilder::new("mysql", "mysql:5.7"))
    ///     .build()?;
    /// # use kubeforge::SpecExt;
    /// assert_eq!(d.spec_ref().unwrap().selector.match_labels.as_ref().unwrap()["app"], "mysql");
    /// assert!(d.metadata.labels.is_none());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn selector_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.selector.insert(key.into(), value.into());
        self
    }

    pod_template_setters!("DeploymentBuilder::new(\"web\")", "Deployment");

    /// The desired number of pods (default 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::DeploymentBuilder::new("web").replicas(3);
    /// # let _ = o;
    /// ```
    pub fn replicas(mut self, replicas: i32) -> Self {
        self.replicas = Some(replicas);
        self
    }

    /// The rollout strategy.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder, Strategy};
    /// let d = DeploymentBuilder::new("db").strategy(Strategy::Recreate)
    ///     .container(ContainerBuilder::new("db", "mysql:5.7")).build()?;
    /// # use kubeforge::SpecExt;
    /// assert_eq!(d.spec_ref().unwrap().strategy.as_ref().unwrap().type_.as_deref(), Some("Recreate"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = Some(match strategy {
            Strategy::Recreate => DeploymentStrategy {
                type_: Some("Recreate".into()),
                rolling_update: None,
            },
            Strategy::RollingUpdate {
                max_surge,
                max_unavailable,
            } => DeploymentStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: (max_surge.is_some() || max_unavailable.is_some()).then(|| {
                    RollingUpdateDeployment {
                        max_surge: max_surge.map(Into::into),
                        max_unavailable: max_unavailable.map(Into::into),
                    }
                }),
            },
        });
        self
    }

    /// Old ReplicaSets kept for rollback (default 10).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::DeploymentBuilder::new("web").revision_history_limit(3);
    /// # let _ = o;
    /// ```
    pub fn revision_history_limit(mut self, limit: i32) -> Self {
        self.revision_history_limit = Some(limit);
        self
    }

    /// Seconds a new pod must be ready before it counts as available (default 0).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::DeploymentBuilder::new("web").min_ready_seconds(10);
    /// # let _ = o;
    /// ```
    pub fn min_ready_seconds(mut self, seconds: i32) -> Self {
        self.min_ready_seconds = Some(seconds);
        self
    }

    /// Seconds before a stalled rollout is reported as failed (default 600).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::DeploymentBuilder::new("web").progress_deadline_seconds(300);
    /// # let _ = o;
    /// ```
    pub fn progress_deadline_seconds(mut self, seconds: i32) -> Self {
        self.progress_deadline_seconds = Some(seconds);
        self
    }

    options_setter!("DeploymentBuilder::new(\"web\")");

    /// Edits the raw Deployment before validation (escape hatch for any field).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder};
    /// let d = DeploymentBuilder::new("web")
    ///     .container(ContainerBuilder::new("web", "nginx:1.27"))
    ///     .customize(|d| d.metadata.finalizers = Some(vec!["example.com/keep".into()]))
    ///     .build()?;
    /// assert!(d.metadata.finalizers.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut Deployment) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the Deployment and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found, with the apiserver's field paths
    /// (`spec.template.spec.containers[0].env[2].name: ...`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder};
    /// let err = DeploymentBuilder::new("web")
    ///     .container(ContainerBuilder::new("web", "nginx:1.27").env("A", "1").env("B", "2").env("1X=", "3"))
    ///     .build().unwrap_err();
    /// assert!(err.violations()[0].to_string().starts_with(
    ///     "spec.template.spec.containers[0].env[2].name: Invalid value: \"1X=\""));
    /// ```
    pub fn build(mut self) -> Result<Deployment, Error> {
        let selector = derive_selector(&mut self.meta, &self.selector);
        let template_labels = template_labels(&self.meta, self.pod_labels, &selector);
        // Built in place: a Deployment is over 2 KiB and every move is a copy.
        // `Option<DeploymentSpec>` before Kubernetes 1.37, `DeploymentSpec` from 1.37 on.
        #[allow(clippy::useless_conversion, reason = "not useless before 1.37")]
        let mut deployment = Deployment {
            metadata: self.meta,
            spec: DeploymentSpec {
                replicas: self.replicas,
                strategy: self.strategy,
                revision_history_limit: self.revision_history_limit,
                min_ready_seconds: self.min_ready_seconds,
                progress_deadline_seconds: self.progress_deadline_seconds,
                ..DeploymentSpec::default()
            }
            .into(),
            status: None,
        };
        let spec = deployment.spec.spec_mut();
        spec.selector = LabelSelector {
            match_labels: Some(selector),
            match_expressions: None,
        };
        spec.template.metadata = Some(ObjectMeta {
            labels: Some(template_labels),
            annotations: (!self.pod_annotations.is_empty()).then_some(self.pod_annotations),
            ..ObjectMeta::default()
        });
        let require = self.pod.require;
        let mut builder_violations = self.pod.assemble_into(
            spec.template.spec.get_or_insert_default(),
            "spec.template.spec",
        );
        for f in &self.customizers {
            f(&mut deployment);
        }
        if let Some(spec) = deployment.spec.as_spec() {
            builder_violations.extend(crate::backup::velero_violations(
                spec.template.metadata.as_ref(),
                spec.template.spec.as_ref(),
                &[],
                "spec.template.metadata",
            ));
            builder_violations.extend(PodParts::pss_violations(
                require,
                "spec.template.spec",
                spec.template.metadata.as_ref(),
                spec.template.spec.as_ref(),
            ));
        }
        validate::check_with(&deployment, self.options, builder_violations)?;
        Ok(deployment)
    }
}
