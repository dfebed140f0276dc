//! ServiceAccount: the identity a pod talks to the Kubernetes API with.
//!
//! Kubernetes mounts an API token into every container by default. Most applications never
//! call the API, and a mounted token is then only something to steal, so the ServiceAccounts
//! built here have `automountServiceAccountToken: false` unless the application asks for API
//! access ([`ServiceAccountBuilder::needs_api_access`]). A pod's own
//! `automountServiceAccountToken` wins over its ServiceAccount's.

use std::sync::Arc;

use k8s_openapi::api::core::v1::{LocalObjectReference, ServiceAccount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::error::Error;
use crate::meta::{metadata_setters, options_setter};
use crate::validate::{self, Options};

type ServiceAccountCustomizer = Arc<dyn Fn(&mut ServiceAccount) + Send + Sync>;

/// Builds a ServiceAccount, without an API token mounted into its pods unless asked for.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, ServiceAccountBuilder};
/// let sa = ServiceAccountBuilder::new("web").namespace("shop").build()?;
/// assert_eq!(sa.automount_service_account_token, Some(false));
/// let web = DeploymentBuilder::new("web")
///     .namespace("shop")
///     .service_account_name("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27"))
///     .build()?;
/// # let _ = web;
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ServiceAccountBuilder {
    meta: ObjectMeta,
    automount: bool,
    image_pull_secrets: Vec<String>,
    customizers: Vec<ServiceAccountCustomizer>,
    options: Options,
}

impl std::fmt::Debug for ServiceAccountBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceAccountBuilder")
            .field("meta", &self.meta)
            .field("automount", &self.automount)
            .field("image_pull_secrets", &self.image_pull_secrets)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl ServiceAccountBuilder {
    /// A ServiceAccount named `name` (a DNS-1123 subdomain), with
    /// `automountServiceAccountToken: false`.
    ///
    /// # Examples
    ///
    /// ```
    /// let sa = kubeforge::ServiceAccountBuilder::new("web").build()?;
    /// assert_eq!(sa.metadata.name.as_deref(), Some("web"));
    /// assert_eq!(sa.automount_service_account_token, Some(false));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            automount: false,
            image_pull_secrets: Vec::new(),
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    metadata_setters!("ServiceAccountBuilder::new(\"web\")");

    /// Whether pods running as this ServiceAccount get an API token mounted (default
    /// `false`; the pod's own `automountServiceAccountToken` wins over this).
    ///
    /// # Examples
    ///
    /// ```
    /// let sa = kubeforge::ServiceAccountBuilder::new("operator").automount_token(true).build()?;
    /// assert_eq!(sa.automount_service_account_token, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn automount_token(mut self, automount: bool) -> Self {
        self.automount = automount;
        self
    }

    /// The application calls the Kubernetes API (reads its Secrets, watches objects...):
    /// same as [`automount_token(true)`](Self::automount_token).
    ///
    /// # Examples
    ///
    /// ```
    /// let sa = kubeforge::ServiceAccountBuilder::new("operator").needs_api_access().build()?;
    /// assert_eq!(sa.automount_service_account_token, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn needs_api_access(self) -> Self {
        self.automount_token(true)
    }

    /// Adds a registry-credentials Secret (type `kubernetes.io/dockerconfigjson`) that every
    /// pod running as this ServiceAccount uses to pull images. Added once, in call order.
    ///
    /// # Examples
    ///
    /// ```
    /// let sa = kubeforge::ServiceAccountBuilder::new("web")
    ///     .image_pull_secret("registry-creds")
    ///     .image_pull_secret("registry-creds")
    ///     .build()?;
    /// let secrets = sa.image_pull_secrets.unwrap();
    /// assert_eq!(secrets.len(), 1);
    /// assert_eq!(secrets[0].name, "registry-creds");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn image_pull_secret(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if !self.image_pull_secrets.contains(&name) {
            self.image_pull_secrets.push(name);
        }
        self
    }

    options_setter!("ServiceAccountBuilder::new(\"web\")");

    /// Edits the raw ServiceAccount before validation (escape hatch for any field).
    ///
    /// # Examples
    ///
    /// ```
    /// let sa = kubeforge::ServiceAccountBuilder::new("web")
    ///     .customize(|sa| sa.metadata.finalizers = Some(vec!["example.com/keep".into()]))
    ///     .build()?;
    /// assert!(sa.metadata.finalizers.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut ServiceAccount) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the ServiceAccount and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found (the name must be a DNS-1123 subdomain, the namespace a DNS
    /// label, labels and annotations well-formed).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::ServiceAccountBuilder::new("Web").namespace("Shop").build().unwrap_err();
    /// let paths: Vec<&str> = err.violations().iter().map(|v| v.path()).collect();
    /// assert_eq!(paths, ["metadata.name", "metadata.namespace"]);
    /// ```
    pub fn build(self) -> Result<ServiceAccount, Error> {
        let image_pull_secrets: Vec<LocalObjectReference> = self
            .image_pull_secrets
            .into_iter()
            .map(|name| LocalObjectReference {
                name,
                ..Default::default()
            })
            .collect();
        let mut sa = ServiceAccount {
            metadata: self.meta,
            automount_service_account_token: Some(self.automount),
            image_pull_secrets: (!image_pull_secrets.is_empty()).then_some(image_pull_secrets),
            ..Default::default()
        };
        for f in &self.customizers {
            f(&mut sa);
        }
        validate::check_with(&sa, self.options, Vec::new())?;
        Ok(sa)
    }
}
