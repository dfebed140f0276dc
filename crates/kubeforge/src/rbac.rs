//! Least-privilege RBAC computed from what a workload references.
//!
//! [`LeastPrivilege`] reads a workload's pod spec and grants its ServiceAccount `get` on
//! exactly the Secrets (and, if asked, ConfigMaps) the pod spec names, nothing else: one rule
//! per resource, with `resourceNames` listing the names sorted and deduplicated.
//!
//! # When you need this (and when you do not)
//!
//! The references in a pod spec (env `valueFrom.secretKeyRef`/`configMapKeyRef`, `envFrom`,
//! `secret`/`configMap` volumes, projected sources) are resolved by the **kubelet** with its
//! own node credentials. A pod therefore does **not** need this Role to start: without any
//! RBAC, its env vars are set and its volumes are mounted.
//!
//! The Role is for applications that read their Secrets or ConfigMaps **through the
//! Kubernetes API** (to reload them on change, for example), and for auditors, who get the
//! list of what the workload may read in one object. Such an application needs an API token,
//! so [`LeastPrivilege::build`] also returns the ServiceAccount with
//! `automountServiceAccountToken: true` (see [`ServiceAccountBuilder::needs_api_access`]).
//! A pod spec that sets `automountServiceAccountToken: false` itself wins over that.
//!
//! # What is counted as a reference
//!
//! Every container (regular, init and ephemeral): `env[].valueFrom.secretKeyRef` and
//! `configMapKeyRef`, `envFrom[].secretRef` and `configMapRef`; every volume: `secret`,
//! `configMap`, and the `secret`/`configMap` sources of a `projected` volume. References marked
//! `optional: true` are included (the application may read them when they exist).
//!
//! Not counted, because the application never reads them itself: `imagePullSecrets` (read by
//! the kubelet to pull images) and volume-plugin credentials such as a CSI volume's
//! `nodePublishSecretRef` (read by the storage driver).
//!
//! # Names
//!
//! The Role and the RoleBinding are both named `<workload>-read-config` (a Role and a
//! RoleBinding may share a name; [`LeastPrivilege::name`] changes it). All three objects go
//! in the workload's namespace; without one, `kubectl` puts them in the context's namespace,
//! like the workload, and the binding's subject means the ServiceAccount of that namespace.
//!
//! # Examples
//!
//! ```
//! use kubeforge::{ContainerBuilder, DeploymentBuilder, LeastPrivilege, VolumeBuilder};
//! let web = DeploymentBuilder::new("web")
//!     .namespace("shop")
//!     .service_account_name("web")
//!     .container(
//!         ContainerBuilder::new("web", "registry.example.com/web:1.2.3")
//!             .env_secret_key("DB_PASSWORD", "db", "password")
//!             .env_from_config_map("web-config")
//!             .mount(VolumeBuilder::secret("tls", "web-tls"), "/etc/tls"),
//!     )
//!     .build()?;
//! let grant = LeastPrivilege::for_workload(&web).build()?;
//! let rules = grant.role.rules.as_deref().unwrap();
//! assert_eq!(rules.len(), 1); // ConfigMaps only with `include_config_maps(true)`
//! assert_eq!(rules[0].resources.as_deref().unwrap(), ["secrets"]);
//! assert_eq!(rules[0].resource_names.as_deref().unwrap(), ["db", "web-tls"]);
//! assert_eq!(rules[0].verbs, ["get"]);
//! assert_eq!(grant.role.metadata.name.as_deref(), Some("web-read-config"));
//! assert_eq!(grant.service_account.automount_service_account_token, Some(true));
//! # Ok::<(), kubeforge::Error>(())
//! ```
//!
//! [`ServiceAccountBuilder::needs_api_access`]: crate::ServiceAccountBuilder::needs_api_access

use std::collections::BTreeSet;

use k8s_openapi::api::core::v1::ServiceAccount;
use k8s_openapi::api::rbac::v1::{PolicyRule, Role, RoleBinding, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::bundle::Object;
use crate::error::{Error, Violation, ViolationKind, quote};
use crate::service_account::ServiceAccountBuilder;
use crate::validate::refs::walk_pod_spec;
use crate::validate::{self, Options, Path};
use crate::workload::WorkloadRef;

/// `rbac.authorization.k8s.io`, the group of Role and RoleBinding.
const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// The suffix of the default Role and RoleBinding name.
const NAME_SUFFIX: &str = "-read-config";

/// The ServiceAccount every namespace has, which pods without `serviceAccountName` run as.
const DEFAULT_SERVICE_ACCOUNT: &str = "default";

/// Computes the least-privilege Role, RoleBinding and ServiceAccount of a workload: `get` on
/// exactly the Secrets (and optionally ConfigMaps) its pod spec references. See the
/// [module documentation](crate::rbac) for why and when.
///
/// The workload must name a dedicated ServiceAccount (`serviceAccountName`): the namespace's
/// `default` ServiceAccount is shared by every pod that names none, so a grant to it is a
/// grant to all of them.
///
/// # Examples
///
/// ```
/// use kubeforge::{Bundle, ContainerBuilder, DeploymentBuilder, LeastPrivilege};
/// let web = DeploymentBuilder::new("web")
///     .service_account_name("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27").env_secret_key("TOKEN", "api", "token"))
///     .build()?;
/// let grant = LeastPrivilege::for_workload(&web).build()?;
/// let bundle: Bundle = grant.into_iter().chain([web.into()]).collect();
/// assert_eq!(bundle.len(), 4);
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct LeastPrivilege {
    /// `Kind/name` of the workload, for errors.
    workload: String,
    workload_name: String,
    namespace: Option<String>,
    pod_spec_path: &'static str,
    /// The ServiceAccount the pod spec names: (field, value).
    pod_service_account: Option<(&'static str, String)>,
    secrets: BTreeSet<String>,
    config_maps: BTreeSet<String>,
    include_config_maps: bool,
    service_account: Option<String>,
    name: Option<String>,
    options: Options,
}

impl LeastPrivilege {
    /// Reads the references of `workload` (a `&Pod`, `&Deployment`, `&StatefulSet`,
    /// `&DaemonSet`, `&Job` or `&CronJob`, or a [`WorkloadRef`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, LeastPrivilege, PodBuilder};
    /// let pod = PodBuilder::new("p")
    ///     .service_account_name("p")
    ///     .container(ContainerBuilder::new("c", "busybox:1.36").env_from_secret("creds"))
    ///     .build()?;
    /// let grant = LeastPrivilege::for_workload(&pod).build()?;
    /// assert_eq!(grant.role.rules.unwrap()[0].resource_names.as_deref().unwrap(), ["creds"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn for_workload<'a>(workload: impl Into<WorkloadRef<'a>>) -> Self {
        let workload = workload.into();
        let meta = workload.metadata();
        let workload_name = meta.name.clone().unwrap_or_default();
        let mut secrets = BTreeSet::new();
        let mut config_maps = BTreeSet::new();
        let mut pod_service_account = None;
        if let Some(spec) = workload.pod_spec() {
            let path = Path::root(workload.pod_spec_path());
            walk_pod_spec(spec, &path, &mut |r, _| {
                if r.name.is_empty() {
                    return;
                }
                match r.kind {
                    "Secret" => secrets.insert(r.name.to_owned()),
                    "ConfigMap" => config_maps.insert(r.name.to_owned()),
                    _ => false,
                };
            });
            // `serviceAccount` is the deprecated alias the apiserver copies into
            // `serviceAccountName` when that one is empty.
            let named = |field: &'static str, v: &Option<String>| {
                v.as_deref()
                    .filter(|s| !s.is_empty())
                    .map(|s| (field, s.to_owned()))
            };
            pod_service_account = named("serviceAccountName", &spec.service_account_name)
                .or_else(|| named("serviceAccount", &spec.service_account));
        }
        Self {
            workload: format!("{}/{workload_name}", workload.kind()),
            workload_name,
            namespace: meta.namespace.clone().filter(|ns| !ns.is_empty()),
            pod_spec_path: workload.pod_spec_path(),
            pod_service_account,
            secrets,
            config_maps,
            include_config_maps: false,
            service_account: None,
            name: None,
            options: Options::default(),
        }
    }

    /// Also grants `get` on the referenced ConfigMaps (default `false`: ConfigMaps hold no
    /// secrets, and most applications read them from env vars or files only).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, LeastPrivilege, PodBuilder};
    /// let pod = PodBuilder::new("p")
    ///     .service_account_name("p")
    ///     .container(ContainerBuilder::new("c", "busybox:1.36").env_from_config_map("settings"))
    ///     .build()?;
    /// let rules = LeastPrivilege::for_workload(&pod).include_config_maps(true).build()?.role.rules.unwrap();
    /// assert_eq!(rules[0].resources.as_deref().unwrap(), ["configmaps"]);
    /// assert_eq!(rules[0].resource_names.as_deref().unwrap(), ["settings"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn include_config_maps(mut self, include: bool) -> Self {
        self.include_config_maps = include;
        self
    }

    /// The ServiceAccount to bind, when the pod spec does not name one (for example because a
    /// later patch sets it). Default: the pod spec's `serviceAccountName`.
    ///
    /// It must be a dedicated ServiceAccount (not `default`), and if the pod spec names a
    /// ServiceAccount, the same one: a binding to another ServiceAccount would grant nothing
    /// to the pods. Both mistakes are reported by [`build`](Self::build).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, LeastPrivilege, PodBuilder};
    /// let pod = PodBuilder::new("p").container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// let grant = LeastPrivilege::for_workload(&pod).service_account("reader").build()?;
    /// assert_eq!(grant.role_binding.subjects.unwrap()[0].name, "reader");
    /// assert_eq!(grant.service_account.metadata.name.as_deref(), Some("reader"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn service_account(mut self, name: impl Into<String>) -> Self {
        self.service_account = Some(name.into());
        self
    }

    /// The name of the Role and of the RoleBinding (default `<workload>-read-config`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, LeastPrivilege, PodBuilder};
    /// let pod = PodBuilder::new("p").service_account_name("p")
    ///     .container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// let grant = LeastPrivilege::for_workload(&pod).name("p-secrets").build()?;
    /// assert_eq!(grant.role.metadata.name.as_deref(), Some("p-secrets"));
    /// assert_eq!(grant.role_binding.role_ref.name, "p-secrets");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Validation options of the built objects (target Kubernetes version).
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::core::v1::Pod;
    /// use kubeforge::validate::{KubeVersion, Options};
    /// let o = kubeforge::LeastPrivilege::for_workload(&Pod::default())
    ///     .options(Options::default().k8s_version(KubeVersion::V1_37));
    /// # let _ = o;
    /// ```
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// The ServiceAccount to bind, or why there is none fit for a least-privilege grant.
    fn resolve_service_account(&self) -> Result<String, Violation> {
        let spec = Path::root(self.pod_spec_path);
        let pod_sa = self.pod_service_account.as_ref();
        let field = pod_sa.map_or("serviceAccountName", |(f, _)| *f);
        let path = spec.child(field).render();
        let shared = |value: &str| {
            Violation::new(
                path.clone(),
                ViolationKind::Invalid,
                Some(quote(value)),
                Some(
                    "least privilege needs a dedicated ServiceAccount: the namespace's \"default\" \
                     ServiceAccount is shared by every pod that names none"
                        .to_owned(),
                ),
            )
        };
        match (&self.service_account, pod_sa) {
            (Some(chosen), _) if chosen == DEFAULT_SERVICE_ACCOUNT => Err(shared(chosen)),
            (Some(chosen), Some((_, named))) if chosen != named => Err(Violation::new(
                path.clone(),
                ViolationKind::Invalid,
                Some(quote(named)),
                Some(format!(
                    "the pods run as this ServiceAccount, so a RoleBinding to {} would grant \
                     them nothing",
                    quote(chosen)
                )),
            )),
            (Some(chosen), _) => Ok(chosen.clone()),
            (None, Some((_, named))) if named == DEFAULT_SERVICE_ACCOUNT => Err(shared(named)),
            (None, Some((_, named))) => Ok(named.clone()),
            (None, None) => Err(Violation::new(
                path.clone(),
                ViolationKind::Required,
                None,
                Some(
                    "least privilege needs a dedicated ServiceAccount: without one, the pods run \
                     as the namespace's \"default\" ServiceAccount, shared by every pod that \
                     names none"
                        .to_owned(),
                ),
            )),
        }
    }

    /// Computes and validates the ServiceAccount (with automount on), the Role and the
    /// RoleBinding.
    ///
    /// The Role has one rule per kind with references: verb `get`, `resourceNames` sorted and
    /// deduplicated. A kind without references gets no rule (an empty `resourceNames` would
    /// mean *every* object of the kind), so a workload that references nothing gets a Role
    /// without rules, which grants nothing.
    ///
    /// # Errors
    ///
    /// About the workload (`Kind/name`), with every violation: its pod spec names no
    /// ServiceAccount or `default` (path `spec.template.spec.serviceAccountName` for a
    /// Deployment), [`service_account`](Self::service_account) differs from the one it
    /// names, or it has no name to derive the Role's from (`metadata.name`). Otherwise, the
    /// first built object that the validation engine rejects (a ServiceAccount name that is
    /// not a DNS-1123 subdomain, for example), with all its violations.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, DeploymentBuilder, LeastPrivilege};
    /// let web = DeploymentBuilder::new("web")
    ///     .container(ContainerBuilder::new("web", "nginx:1.27"))
    ///     .build()?;
    /// let err = LeastPrivilege::for_workload(&web).build().unwrap_err();
    /// assert_eq!(err.object(), Some("Deployment/web"));
    /// assert!(err.violations()[0].to_string().starts_with(
    ///     "spec.template.spec.serviceAccountName: Required value: least privilege needs a dedicated ServiceAccount"
    /// ));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn build(self) -> Result<LeastPrivilegeGrant, Error> {
        let mut violations = Vec::new();
        let name = match self.name.clone() {
            Some(name) => Some(name),
            None if self.workload_name.is_empty() => {
                violations.push(Violation::new(
                    "metadata.name".to_owned(),
                    ViolationKind::Required,
                    None,
                    Some("the Role's name is derived from it (or set LeastPrivilege::name)".into()),
                ));
                None
            }
            None => Some(format!("{}{NAME_SUFFIX}", self.workload_name)),
        };
        let service_account = match self.resolve_service_account() {
            Ok(sa) => Some(sa),
            Err(v) => {
                violations.push(v);
                None
            }
        };
        let (Some(service_account), Some(name), true) =
            (service_account, name, violations.is_empty())
        else {
            return Err(Error::invalid(Some(self.workload), violations));
        };

        let meta = |name: &str| ObjectMeta {
            name: Some(name.to_owned()),
            namespace: self.namespace.clone(),
            ..ObjectMeta::default()
        };
        let mut rules = vec![get_rule("secrets", &self.secrets)];
        if self.include_config_maps {
            rules.push(get_rule("configmaps", &self.config_maps));
        }
        let rules: Vec<PolicyRule> = rules.into_iter().flatten().collect();
        let role = Role {
            metadata: meta(&name),
            rules: (!rules.is_empty()).then_some(rules),
        };
        #[allow(
            clippy::useless_conversion,
            reason = "roleRef.apiGroup is a String before Kubernetes 1.36, an Option from 1.36 on"
        )]
        let role_ref = RoleRef {
            api_group: RBAC_GROUP.to_owned().into(),
            kind: "Role".to_owned(),
            name: name.clone(),
        };
        let role_binding = RoleBinding {
            metadata: meta(&name),
            role_ref,
            subjects: Some(vec![Subject {
                kind: "ServiceAccount".to_owned(),
                name: service_account.clone(),
                namespace: self.namespace.clone(),
                ..Subject::default()
            }]),
        };
        let mut sa = ServiceAccountBuilder::new(service_account)
            .needs_api_access()
            .options(self.options);
        if let Some(ns) = &self.namespace {
            sa = sa.namespace(ns.clone());
        }
        let service_account = sa.build()?;
        validate::check_with(&role, self.options, Vec::new())?;
        validate::check_with(&role_binding, self.options, Vec::new())?;
        Ok(LeastPrivilegeGrant {
            service_account,
            role,
            role_binding,
        })
    }
}

/// `get` on the named objects of `resource`; `None` when there are none.
fn get_rule(resource: &str, names: &BTreeSet<String>) -> Option<PolicyRule> {
    (!names.is_empty()).then(|| PolicyRule {
        api_groups: Some(vec![String::new()]),
        resources: Some(vec![resource.to_owned()]),
        resource_names: Some(names.iter().cloned().collect()),
        verbs: vec!["get".to_owned()],
        ..PolicyRule::default()
    })
}

/// What [`LeastPrivilege::build`] returns: the ServiceAccount the workload runs as (with
/// `automountServiceAccountToken: true`), the Role, and the RoleBinding that binds them.
///
/// Iterating yields the three as [`Object`]s, in that order, ready for a
/// [`Bundle`](crate::Bundle).
///
/// # Examples
///
/// ```
/// use kubeforge::{Bundle, ContainerBuilder, LeastPrivilege, LeastPrivilegeGrant, PodBuilder};
/// let pod = PodBuilder::new("p").service_account_name("p")
///     .container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
/// let LeastPrivilegeGrant { role, role_binding, .. } = LeastPrivilege::for_workload(&pod).build()?;
/// assert_eq!(role_binding.role_ref.name, role.metadata.name.unwrap());
/// let kinds: Vec<&str> = LeastPrivilege::for_workload(&pod).build()?.into_iter().map(|o| o.kind()).collect();
/// assert_eq!(kinds, ["ServiceAccount", "Role", "RoleBinding"]);
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct LeastPrivilegeGrant {
    /// The ServiceAccount, with `automountServiceAccountToken: true` so that the application
    /// gets a token to call the API with.
    pub service_account: ServiceAccount,
    /// The Role: `get` on the referenced Secrets (and ConfigMaps if asked), nothing else.
    pub role: Role,
    /// The RoleBinding of the Role to the ServiceAccount.
    pub role_binding: RoleBinding,
}

impl IntoIterator for LeastPrivilegeGrant {
    type Item = Object;
    type IntoIter = std::array::IntoIter<Object, 3>;

    fn into_iter(self) -> Self::IntoIter {
        [
            self.service_account.into(),
            self.role.into(),
            self.role_binding.into(),
        ]
        .into_iter()
    }
}
