//! Validation of any [`Object`] of a bundle, and of a whole set with its cross-references.

use super::{Ctx, Options, Validate, Violation, Warning, refs};
use crate::bundle::Object;

impl Validate for Object {
    fn object_ref(&self) -> String {
        format!("{}/{}", self.kind(), self.name())
    }

    fn check(&self, ctx: &mut Ctx) {
        match self {
            Self::Pod(o) => o.check(ctx),
            Self::Deployment(o) => o.check(ctx),
            Self::ConfigMap(o) => o.check(ctx),
            Self::Secret(o) => o.check(ctx),
            Self::StatefulSet(o) => o.check(ctx),
            Self::PersistentVolumeClaim(o) => o.check(ctx),
            Self::PersistentVolume(o) => o.check(ctx),
            Self::StorageClass(o) => o.check(ctx),
            Self::Namespace(o) => o.check(ctx),
            Self::ServiceAccount(o) => o.check(ctx),
            Self::Role(o) => o.check(ctx),
            Self::ClusterRole(o) => o.check(ctx),
            Self::RoleBinding(o) => o.check(ctx),
            Self::ClusterRoleBinding(o) => o.check(ctx),
            Self::Service(o) => o.check(ctx),
            Self::NetworkPolicy(o) => o.check(ctx),
            Self::Job(o) => o.check(ctx),
            Self::CronJob(o) => o.check(ctx),
            // DaemonSet: written and reference-checked, its own rules are not implemented yet.
            Self::DaemonSet(_) => {}
        }
    }
}

/// The findings for one object of a set: its violations (engine and references) and warnings.
///
/// # Examples
///
/// ```
/// use kubeforge::{validate::Checker, ConfigMapBuilder};
/// let cm = ConfigMapBuilder::new("c").build()?;
/// let reports = Checker::new().check([&cm.into()]);
/// assert!(reports[0].is_valid());
/// assert_eq!(reports[0].object(), "ConfigMap/c");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    object: String,
    violations: Vec<Violation>,
    warnings: Vec<Warning>,
}

impl Report {
    /// `Kind/name` of the object.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{validate::Checker, ConfigMapBuilder};
    /// let r = &Checker::new().check([&ConfigMapBuilder::new("c").build()?.into()])[0];
    /// assert_eq!(r.object(), "ConfigMap/c");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn object(&self) -> &str {
        &self.object
    }

    /// Every violation, engine rules first, then unresolved references.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{validate::Checker, ConfigMapBuilder};
    /// let r = &Checker::new().check([&ConfigMapBuilder::new("c").build()?.into()])[0];
    /// assert!(r.violations().is_empty());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Non-fatal findings.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{validate::Checker, ConfigMapBuilder};
    /// let r = &Checker::new().check([&ConfigMapBuilder::new("c").build()?.into()])[0];
    /// assert!(r.warnings().is_empty());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// True when there is no violation.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{validate::Checker, ConfigMapBuilder};
    /// assert!(Checker::new().check([&ConfigMapBuilder::new("c").build()?.into()])[0].is_valid());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// Validates a set of objects: every object against the engine's rules, and (unless turned
/// off) every reference from a workload to a ConfigMap, Secret or PVC of the set.
///
/// # Examples
///
/// ```
/// use kubeforge::{validate::Checker, Bundle, ContainerBuilder, DeploymentBuilder, SecretBuilder};
/// let secret = SecretBuilder::new("db").data("password", "pw").data("username", "app").build()?;
/// let web = DeploymentBuilder::new("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27").env_secret_key("PW", "db", "pasword"))
///     .build()?;
/// let bundle = Bundle::new().with(secret).with(web);
/// let reports = Checker::new().check(bundle.objects());
/// let web = reports.iter().find(|r| r.object() == "Deployment/web").unwrap();
/// assert_eq!(
///     web.violations()[0].to_string(),
///     "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: Not found: key \"pasword\" in Secret/db (keys: password, username)"
/// );
/// // A Secret managed elsewhere (sealed-secrets, External Secrets...) can be declared:
/// let web_alone = bundle.objects().nth(1).unwrap();
/// let reports = Checker::new().assume_exists("Secret", None, "db").check([web_alone]);
/// assert!(reports[0].is_valid());
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct Checker {
    options: Options,
    no_references: bool,
    external: Vec<(String, Option<String>, String)>,
}

impl Checker {
    /// A checker with default options (Kubernetes 1.33, references checked).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::validate::Checker::new();
    /// # let _ = c;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Engine options (target Kubernetes version).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::validate::{Checker, KubeVersion, Options};
    /// let c = Checker::new().options(Options::default().k8s_version(KubeVersion::V1_37));
    /// # let _ = c;
    /// ```
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Whether references between objects are checked (default true).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::validate::Checker::new().references(false);
    /// # let _ = c;
    /// ```
    pub fn references(mut self, check: bool) -> Self {
        self.no_references = !check;
        self
    }

    /// Declares an object as living in the cluster already: references to it (and to any of
    /// its keys) are accepted. `namespace: None` matches every namespace.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::validate::Checker::new().assume_exists("Secret", Some("prod"), "tls");
    /// # let _ = c;
    /// ```
    pub fn assume_exists(mut self, kind: &str, namespace: Option<&str>, name: &str) -> Self {
        self.external.push((
            kind.to_owned(),
            namespace.map(str::to_owned),
            name.to_owned(),
        ));
        self
    }

    /// Checks every object; returns one report per object, in the order given.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{validate::Checker, Object, PodBuilder, ContainerBuilder};
    /// let pod: Object = PodBuilder::new("p").container(ContainerBuilder::new("c", "busybox:1.36").env_from_config_map("missing")).build()?.into();
    /// let reports = Checker::new().check([&pod]);
    /// assert_eq!(reports[0].violations()[0].to_string(), "spec.containers[0].envFrom[0].configMapRef: Not found: ConfigMap/missing");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn check<'a>(&self, objects: impl IntoIterator<Item = &'a Object>) -> Vec<Report> {
        let objects: Vec<&Object> = objects.into_iter().collect();
        let index = (!self.no_references)
            .then(|| refs::Index::new(objects.iter().copied(), &self.external));
        objects
            .iter()
            .map(|o| {
                let mut ctx = Ctx::new(self.options);
                o.check(&mut ctx);
                if let Some(index) = &index {
                    ctx.extend(refs::check(o, index));
                }
                let (violations, warnings) = ctx.into_parts();
                Report {
                    object: o.object_ref(),
                    violations,
                    warnings,
                }
            })
            .collect()
    }
}
