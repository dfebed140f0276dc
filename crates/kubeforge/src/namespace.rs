//! Namespace, with its Pod Security admission labels.
//!
//! The PodSecurity admission controller reads three modes from a namespace's labels:
//! `pod-security.kubernetes.io/enforce` (Pods that violate the level are rejected), `audit`
//! (violations are recorded in the audit log) and `warn` (the client gets a warning, for Pods
//! and for workloads whose template violates the level), each with an optional
//! `<mode>-version` (`v1.N` or `latest`, the default) that pins the checks' revisions.

use std::sync::Arc;

use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::error::Error;
use crate::meta::{metadata_setters, options_setter};
use crate::validate::pss::{Level, PolicyVersion};
use crate::validate::{self, Options};

type NamespaceCustomizer = Arc<dyn Fn(&mut Namespace) + Send + Sync>;

/// A Pod Security admission mode (the `<mode>` of `pod-security.kubernetes.io/<mode>`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::PodSecurityMode::Enforce.label(), "pod-security.kubernetes.io/enforce");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PodSecurityMode {
    /// Pods that violate the level are rejected.
    Enforce,
    /// Violations are recorded in the audit log.
    Audit,
    /// The client gets a warning.
    Warn,
}

impl PodSecurityMode {
    /// The level label, e.g. `pod-security.kubernetes.io/warn`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::PodSecurityMode::Audit.label(), "pod-security.kubernetes.io/audit");
    /// ```
    pub const fn label(self) -> &'static str {
        match self {
            Self::Enforce => "pod-security.kubernetes.io/enforce",
            Self::Audit => "pod-security.kubernetes.io/audit",
            Self::Warn => "pod-security.kubernetes.io/warn",
        }
    }

    /// The version label, e.g. `pod-security.kubernetes.io/warn-version`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::PodSecurityMode::Warn.version_label(), "pod-security.kubernetes.io/warn-version");
    /// ```
    pub const fn version_label(self) -> &'static str {
        match self {
            Self::Enforce => "pod-security.kubernetes.io/enforce-version",
            Self::Audit => "pod-security.kubernetes.io/audit-version",
            Self::Warn => "pod-security.kubernetes.io/warn-version",
        }
    }
}

/// Builds a Namespace, typically with its Pod Security levels.
///
/// # Examples
///
/// ```
/// use kubeforge::{Level, NamespaceBuilder, validate::pss::PolicyVersion};
/// let ns = NamespaceBuilder::new("shop")
///     .pod_security(Level::Restricted)
///     .enforce_version(PolicyVersion::V1(33))
///     .build()?;
/// let labels = ns.metadata.labels.unwrap();
/// assert_eq!(labels["pod-security.kubernetes.io/enforce"], "restricted");
/// assert_eq!(labels["pod-security.kubernetes.io/enforce-version"], "v1.33");
/// assert_eq!(labels["pod-security.kubernetes.io/warn"], "restricted");
/// assert_eq!(labels["pod-security.kubernetes.io/audit"], "restricted");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct NamespaceBuilder {
    meta: ObjectMeta,
    customizers: Vec<NamespaceCustomizer>,
    options: Options,
}

impl std::fmt::Debug for NamespaceBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NamespaceBuilder")
            .field("meta", &self.meta)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl NamespaceBuilder {
    /// A Namespace named `name` (a DNS label).
    ///
    /// # Examples
    ///
    /// ```
    /// let ns = kubeforge::NamespaceBuilder::new("shop").build()?;
    /// assert_eq!(ns.metadata.name.as_deref(), Some("shop"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    metadata_setters!("NamespaceBuilder::new(\"shop\")");

    /// Sets one admission mode's level (`pod-security.kubernetes.io/<mode>`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{Level, NamespaceBuilder, PodSecurityMode};
    /// let ns = NamespaceBuilder::new("dev")
    ///     .pod_security_mode(PodSecurityMode::Enforce, Level::Baseline)
    ///     .pod_security_mode(PodSecurityMode::Warn, Level::Restricted)
    ///     .build()?;
    /// let labels = ns.metadata.labels.unwrap();
    /// assert_eq!(labels["pod-security.kubernetes.io/enforce"], "baseline");
    /// assert_eq!(labels["pod-security.kubernetes.io/warn"], "restricted");
    /// assert!(!labels.contains_key("pod-security.kubernetes.io/audit"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn pod_security_mode(self, mode: PodSecurityMode, level: Level) -> Self {
        self.label(mode.label(), level.as_str())
    }

    /// Pins one admission mode's policy version (`pod-security.kubernetes.io/<mode>-version`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{NamespaceBuilder, PodSecurityMode, validate::pss::PolicyVersion};
    /// let ns = NamespaceBuilder::new("dev").pod_security_version(PodSecurityMode::Audit, PolicyVersion::Latest).build()?;
    /// assert_eq!(ns.metadata.labels.unwrap()["pod-security.kubernetes.io/audit-version"], "latest");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn pod_security_version(self, mode: PodSecurityMode, version: PolicyVersion) -> Self {
        self.label(mode.version_label(), version.to_string())
    }

    /// Enforces, audits and warns at `level` (the usual setup; pin versions separately).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{Level, NamespaceBuilder};
    /// let ns = NamespaceBuilder::new("shop").pod_security(Level::Baseline).build()?;
    /// assert_eq!(ns.metadata.labels.unwrap().len(), 3);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn pod_security(self, level: Level) -> Self {
        self.pod_security_mode(PodSecurityMode::Enforce, level)
            .pod_security_mode(PodSecurityMode::Audit, level)
            .pod_security_mode(PodSecurityMode::Warn, level)
    }

    /// Pins the enforce mode's policy version, e.g. `PolicyVersion::V1(33)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{NamespaceBuilder, validate::pss::PolicyVersion};
    /// let ns = NamespaceBuilder::new("shop").enforce_version(PolicyVersion::V1(35)).build()?;
    /// assert_eq!(ns.metadata.labels.unwrap()["pod-security.kubernetes.io/enforce-version"], "v1.35");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn enforce_version(self, version: PolicyVersion) -> Self {
        self.pod_security_version(PodSecurityMode::Enforce, version)
    }

    options_setter!("NamespaceBuilder::new(\"shop\")");

    /// Edits the raw Namespace before validation (escape hatch).
    ///
    /// # Examples
    ///
    /// ```
    /// let ns = kubeforge::NamespaceBuilder::new("shop")
    ///     .customize(|ns| ns.metadata.annotations = Some([("owner".to_owned(), "team-a".to_owned())].into()))
    ///     .build()?;
    /// assert!(ns.metadata.annotations.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut Namespace) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Builds and validates the Namespace (name, labels, and the Pod Security label values the
    /// admission controller would refuse).
    ///
    /// # Errors
    ///
    /// Every violation, e.g. `metadata.labels[pod-security.kubernetes.io/enforce]: Invalid
    /// value: "strict": must be one of privileged, baseline, restricted`.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::NamespaceBuilder::new("shop").label("pod-security.kubernetes.io/enforce", "strict").build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(),
    ///     "metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted");
    /// ```
    pub fn build(self) -> Result<Namespace, Error> {
        let mut ns = Namespace {
            metadata: self.meta,
            ..Namespace::default()
        };
        for f in &self.customizers {
            f(&mut ns);
        }
        validate::check_with(&ns, self.options, Vec::new())?;
        Ok(ns)
    }
}
