//! Pod Security Standards: the checks of Kubernetes' PodSecurity admission controller.
//!
//! A namespace labelled `pod-security.kubernetes.io/enforce: restricted` rejects every Pod that
//! breaks one of the controller's checks; Deployments and the other workloads are only **warned**
//! about, and their Pods are rejected later, when the controller creates them. This module runs
//! the same checks on a pod spec before any cluster sees it, with the controller's reasons and
//! details word for word (see `../shared/k8s-rules/PSS.md`).
//!
//! * [`Level`]: `privileged` (no checks), `baseline`, `restricted` (baseline, minus the checks a
//!   restricted check overrides, plus the restricted checks).
//! * [`PolicyVersion`]: `latest` or a pinned `v1.N`. Each check uses its newest revision whose
//!   minimum version is at or below the pinned one; `latest` and anything newer than
//!   [`PolicyVersion::NEWEST_MINOR`] resolve to that newest revision set.
//! * [`check_pod`] / [`check_object`] return one [`PssViolation`] per failed check, baseline
//!   checks first, then restricted checks, each group in check-ID order, as the admission
//!   controller lists them; [`forbidden_message`] renders the controller's whole message.
//!
//! Checks that were patched in place upstream (the AppArmor *field* check, the `image` volume
//! allowance of `restrictedVolumes`) behave as on a current apiserver at every pinned version.
//!
//! ```
//! use k8s_openapi::api::core::v1::Pod;
//! use kubeforge::Object;
//! use kubeforge::validate::pss::{self, Level, PolicyVersion};
//!
//! let pod: Pod = serde_json::from_value(serde_json::json!({
//!     "metadata": {"name": "nginx"},
//!     "spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}
//! }))?;
//! let object = Object::from(pod);
//! assert_eq!(pss::check_object(&object, Level::Baseline, PolicyVersion::Latest), Some(vec![]));
//! let message = pss::forbidden_message(&object, Level::Restricted, PolicyVersion::Latest).unwrap();
//! assert!(message.starts_with(
//!     "pods \"nginx\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"nginx\" must set"
//! ));
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use k8s_openapi::api::core::v1::{
    AppArmorProfile, Container, ContainerPort, EphemeralContainer, Lifecycle, LifecycleHandler,
    PodSecurityContext, PodSpec, PodTemplateSpec, Probe, SELinuxOptions, SeccompProfile,
    SecurityContext, Volume,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::bundle::Object;
use crate::compat::MaybeSpec;
use crate::error::{Violation, ViolationKind, quote};

// ---- public types -------------------------------------------------------------------------------

/// A Pod Security Standards level, as in the `pod-security.kubernetes.io/<mode>` namespace label.
///
/// # Examples
///
/// ```
/// use kubeforge::validate::pss::Level;
/// let level: Level = "restricted".parse()?;
/// assert_eq!(level, Level::Restricted);
/// assert_eq!(level.to_string(), "restricted");
/// assert!("Restricted".parse::<Level>().is_err());
/// # Ok::<(), kubeforge::validate::pss::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// No restrictions at all.
    Privileged,
    /// Prevents known privilege escalations (host namespaces, privileged containers, ...).
    Baseline,
    /// Hardened pods: baseline plus non-root, no privilege escalation, `drop: ["ALL"]`, ...
    Restricted,
}

impl Level {
    /// The label value: `privileged`, `baseline` or `restricted`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::validate::pss::Level::Baseline.as_str(), "baseline");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Privileged => "privileged",
            Self::Baseline => "baseline",
            Self::Restricted => "restricted",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = ParseError;

    /// Parses a label value; exact and case-sensitive, like the admission controller.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "privileged" => Ok(Self::Privileged),
            "baseline" => Ok(Self::Baseline),
            "restricted" => Ok(Self::Restricted),
            _ => Err(ParseError {
                what: What::Level,
                input: s.to_owned(),
            }),
        }
    }
}

/// The policy version of a level, as in the `pod-security.kubernetes.io/<mode>-version` label.
///
/// # Examples
///
/// ```
/// use kubeforge::validate::pss::PolicyVersion;
/// assert_eq!("latest".parse::<PolicyVersion>()?, PolicyVersion::Latest);
/// assert_eq!("v1.31".parse::<PolicyVersion>()?, PolicyVersion::V1(31));
/// assert_eq!(PolicyVersion::V1(31).to_string(), "v1.31");
/// assert!("1.31".parse::<PolicyVersion>().is_err());
/// // `latest` and versions newer than the newest check revision resolve to that revision set.
/// assert_eq!(PolicyVersion::Latest.minor(), PolicyVersion::NEWEST_MINOR);
/// assert_eq!(PolicyVersion::V1(40).minor(), PolicyVersion::NEWEST_MINOR);
/// # Ok::<(), kubeforge::validate::pss::ParseError>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PolicyVersion {
    /// The newest revision of every check (the default).
    #[default]
    Latest,
    /// Pinned to `v1.<minor>`.
    V1(u32),
}

impl PolicyVersion {
    /// The newest `MinimumVersion` of the check registry (1.35): what `latest` resolves to.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::validate::pss::PolicyVersion::NEWEST_MINOR, 35);
    /// ```
    pub const NEWEST_MINOR: u32 = 35;

    /// The minor version the checks are evaluated at: `latest` and versions above
    /// [`NEWEST_MINOR`](Self::NEWEST_MINOR) are clamped to it.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::validate::pss::PolicyVersion;
    /// assert_eq!(PolicyVersion::V1(24).minor(), 24);
    /// assert_eq!(PolicyVersion::V1(37).minor(), 35);
    /// ```
    pub const fn minor(self) -> u32 {
        match self {
            Self::V1(minor) if minor < Self::NEWEST_MINOR => minor,
            Self::Latest | Self::V1(_) => Self::NEWEST_MINOR,
        }
    }
}

impl fmt::Display for PolicyVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Latest => f.write_str("latest"),
            Self::V1(minor) => write!(f, "v1.{minor}"),
        }
    }
}

impl FromStr for PolicyVersion {
    type Err = ParseError;

    /// Parses `latest` or `v1.<minor>` (no leading zeros, no patch part).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "latest" {
            return Ok(Self::Latest);
        }
        let err = || ParseError {
            what: What::Version,
            input: s.to_owned(),
        };
        let digits = s.strip_prefix("v1.").ok_or_else(err)?;
        let canonical = digits == "0" || (!digits.starts_with('0') && !digits.is_empty());
        if !canonical || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        digits.parse().map(Self::V1).map_err(|_| err())
    }
}

/// A [`Level`] or [`PolicyVersion`] that does not parse.
///
/// # Examples
///
/// ```
/// use kubeforge::validate::pss::Level;
/// let err = "strict".parse::<Level>().unwrap_err();
/// assert_eq!(err.to_string(), "invalid PodSecurity level \"strict\": must be one of privileged, baseline, restricted");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    what: What,
    input: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum What {
    Level,
    Version,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = quote(&self.input);
        match self.what {
            What::Level => write!(
                f,
                "invalid PodSecurity level {input}: must be one of privileged, baseline, restricted"
            ),
            What::Version => write!(
                f,
                "invalid PodSecurity version {input}: must be \"latest\" or \"v1.<minor>\""
            ),
        }
    }
}

impl std::error::Error for ParseError {}

/// One failed check: its ID, the admission controller's reason and detail.
///
/// Displays as the admission message does: `reason (detail)`.
///
/// # Examples
///
/// ```
/// use k8s_openapi::api::core::v1::PodSpec;
/// use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
/// use kubeforge::validate::pss::{check_pod, Level, PolicyVersion};
/// let spec = PodSpec { host_pid: Some(true), ..Default::default() };
/// let v = &check_pod(&ObjectMeta::default(), &spec, Level::Baseline, PolicyVersion::Latest)[0];
/// assert_eq!(v.check_id(), "hostNamespaces");
/// assert_eq!(v.to_string(), "host namespaces (hostPID=true)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PssViolation {
    check: &'static str,
    reason: &'static str,
    detail: String,
}

impl PssViolation {
    /// The ID of the check, for example `allowPrivilegeEscalation` or `seccompProfile_restricted`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::PodSpec;
    /// # use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    /// # use kubeforge::validate::pss::{check_pod, Level, PolicyVersion};
    /// let spec = PodSpec { host_network: Some(true), ..Default::default() };
    /// let v = check_pod(&ObjectMeta::default(), &spec, Level::Restricted, PolicyVersion::Latest);
    /// assert_eq!(v[0].check_id(), "hostNamespaces");
    /// ```
    pub fn check_id(&self) -> &'static str {
        self.check
    }

    /// The forbidden reason, for example `allowPrivilegeEscalation != false`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::PodSpec;
    /// # use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    /// # use kubeforge::validate::pss::{check_pod, Level, PolicyVersion};
    /// let spec = PodSpec { host_ipc: Some(true), ..Default::default() };
    /// let v = check_pod(&ObjectMeta::default(), &spec, Level::Baseline, PolicyVersion::Latest);
    /// assert_eq!(v[0].reason(), "host namespaces");
    /// ```
    pub fn reason(&self) -> &'static str {
        self.reason
    }

    /// The forbidden detail, for example
    /// `container "app" must set securityContext.allowPrivilegeEscalation=false`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::PodSpec;
    /// # use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    /// # use kubeforge::validate::pss::{check_pod, Level, PolicyVersion};
    /// let spec = PodSpec { host_network: Some(true), host_ipc: Some(true), ..Default::default() };
    /// let v = check_pod(&ObjectMeta::default(), &spec, Level::Baseline, PolicyVersion::Latest);
    /// assert_eq!(v[0].detail(), "hostNetwork=true, hostIPC=true");
    /// ```
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for PssViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.detail.is_empty() {
            f.write_str(self.reason)
        } else {
            write!(f, "{} ({})", self.reason, self.detail)
        }
    }
}

// ---- entry points -------------------------------------------------------------------------------

/// Runs every check of `level` at `version` on a pod spec; returns one violation per failed
/// check, baseline checks first, then restricted ones, each group in check-ID order.
///
/// `meta` is the Pod's or the pod template's metadata: its annotations matter for AppArmor (all
/// versions) and, before policy version 1.19, for seccomp.
///
/// # Examples
///
/// ```
/// use k8s_openapi::api::core::v1::PodSpec;
/// use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
/// use kubeforge::validate::pss::{check_pod, Level, PolicyVersion};
/// let spec: PodSpec = serde_json::from_value(serde_json::json!({
///     "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
///     "containers": [{"name": "app", "image": "app:1", "securityContext": {
///         "allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}}]
/// }))?;
/// assert!(check_pod(&ObjectMeta::default(), &spec, Level::Restricted, PolicyVersion::Latest).is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn check_pod(
    meta: &ObjectMeta,
    spec: &PodSpec,
    level: Level,
    version: PolicyVersion,
) -> Vec<PssViolation> {
    let pod = PodRef { meta, spec };
    let minor = version.minor();
    let revision = |check: &'static Check| {
        check
            .revisions
            .iter()
            .rev()
            .find(|r| r.min <= minor)
            .map(|r| (check, r))
    };
    let restricted: Vec<(&Check, &Revision)> = match level {
        Level::Privileged => return Vec::new(),
        Level::Baseline => Vec::new(),
        Level::Restricted => RESTRICTED.iter().filter_map(revision).collect(),
    };
    let overridden = |id: &str| restricted.iter().any(|(_, r)| r.overrides.contains(&id));
    BASELINE
        .iter()
        .filter(|c| !overridden(c.id))
        .filter_map(revision)
        .chain(restricted.iter().copied())
        .filter_map(|(check, r)| {
            (r.run)(&pod).map(|(reason, detail)| PssViolation {
                check: check.id,
                reason,
                detail,
            })
        })
        .collect()
}

/// Runs [`check_pod`] on the pod spec of any object that has one: a Pod, or the pod template
/// of a Deployment, StatefulSet, DaemonSet, Job or CronJob (`jobTemplate.spec.template`).
/// `None` for objects without pods.
///
/// # Examples
///
/// ```
/// use k8s_openapi::api::core::v1::ConfigMap;
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, Object};
/// use kubeforge::validate::pss::{check_object, Level, PolicyVersion};
/// let web = DeploymentBuilder::new("web").container(ContainerBuilder::new("web", "nginx:1.27")).build()?;
/// let found = check_object(&Object::from(web), Level::Restricted, PolicyVersion::Latest).unwrap();
/// assert_eq!(found[0].check_id(), "allowPrivilegeEscalation");
/// assert_eq!(check_object(&Object::from(ConfigMap::default()), Level::Restricted, PolicyVersion::Latest), None);
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn check_object(
    object: &Object,
    level: Level,
    version: PolicyVersion,
) -> Option<Vec<PssViolation>> {
    let (meta, spec) = pod_parts(object)?;
    let (default_meta, default_spec);
    let meta = if let Some(meta) = meta {
        meta
    } else {
        default_meta = ObjectMeta::default();
        &default_meta
    };
    let spec = if let Some(spec) = spec {
        spec
    } else {
        default_spec = PodSpec::default();
        &default_spec
    };
    Some(check_pod(meta, spec, level, version))
}

/// The admission controller's message for `object`, or `None` when it passes (or has no pods).
///
/// For a Pod, the rejection: `pods "nginx" is forbidden: violates PodSecurity
/// "restricted:latest": <reason> (<detail>), ...`. For a workload, the warning admission gives
/// (it admits the workload; the Pods it creates are rejected): `would violate PodSecurity
/// "restricted:latest": ...`.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, DeploymentBuilder, Object, Port};
/// use kubeforge::validate::pss::{forbidden_message, Level, PolicyVersion};
/// let web = DeploymentBuilder::new("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27").port(Port::tcp(8080).host_port(8080)))
///     .build()?;
/// assert_eq!(
///     forbidden_message(&Object::from(web), Level::Baseline, PolicyVersion::V1(33)).as_deref(),
///     Some("would violate PodSecurity \"baseline:v1.33\": hostPort (container \"web\" uses hostPort 8080)"),
/// );
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn forbidden_message(object: &Object, level: Level, version: PolicyVersion) -> Option<String> {
    let found = check_object(object, level, version)?;
    if found.is_empty() {
        return None;
    }
    let list: Vec<String> = found.iter().map(ToString::to_string).collect();
    let list = list.join(", ");
    Some(match object {
        Object::Pod(_) => format!(
            "pods {} is forbidden: violates PodSecurity \"{level}:{version}\": {list}",
            quote(object.name())
        ),
        _ => format!("would violate PodSecurity \"{level}:{version}\": {list}"),
    })
}

/// The violations of a pod spec as engine [`Violation`]s, one per failed check, all at `path`
/// (the pod spec's path, e.g. `spec.template.spec`), kind `Forbidden`, detail
/// `violates PodSecurity "<level>:<version>": <reason> (<detail>)`; for builders' `build()`.
pub(crate) fn violations(
    path: &str,
    meta: &ObjectMeta,
    spec: &PodSpec,
    level: Level,
    version: PolicyVersion,
) -> Vec<Violation> {
    check_pod(meta, spec, level, version)
        .into_iter()
        .map(|v| {
            Violation::new(
                path.to_owned(),
                ViolationKind::Forbidden,
                None,
                Some(format!("violates PodSecurity \"{level}:{version}\": {v}")),
            )
        })
        .collect()
}

/// The metadata and pod spec of a pod template.
fn template(t: &PodTemplateSpec) -> (Option<&ObjectMeta>, Option<&PodSpec>) {
    (t.metadata.as_ref(), t.spec.as_ref())
}

/// The metadata and pod spec of an object's pods (`None` inside when absent).
fn pod_parts(object: &Object) -> Option<(Option<&ObjectMeta>, Option<&PodSpec>)> {
    match object {
        Object::Pod(p) => Some((Some(&p.metadata), p.spec.as_ref())),
        Object::Deployment(d) => Some(
            d.spec
                .as_spec()
                .map_or((None, None), |s| template(&s.template)),
        ),
        Object::StatefulSet(s) => Some(
            s.spec
                .as_spec()
                .map_or((None, None), |s| template(&s.template)),
        ),
        Object::DaemonSet(d) => Some(
            d.spec
                .as_spec()
                .map_or((None, None), |s| template(&s.template)),
        ),
        Object::Job(j) => Some(
            j.spec
                .as_ref()
                .map_or((None, None), |s| template(&s.template)),
        ),
        Object::CronJob(c) => Some(
            c.spec
                .as_spec()
                .and_then(|s| s.job_template.spec.as_ref())
                .map_or((None, None), |s| template(&s.template)),
        ),
        Object::Namespace(_)
        | Object::ServiceAccount(_)
        | Object::ClusterRole(_)
        | Object::ClusterRoleBinding(_)
        | Object::Role(_)
        | Object::RoleBinding(_)
        | Object::Secret(_)
        | Object::ConfigMap(_)
        | Object::StorageClass(_)
        | Object::PersistentVolume(_)
        | Object::PersistentVolumeClaim(_)
        | Object::Service(_)
        | Object::NetworkPolicy(_) => None,
    }
}

// ---- the registry -------------------------------------------------------------------------------

/// What a failed check reports: the forbidden reason and detail.
type Outcome = Option<(&'static str, String)>;

/// One check: an ID and its revisions, oldest first.
struct Check {
    id: &'static str,
    revisions: &'static [Revision],
}

/// A revision of a check, used for policy versions from `min` on (until the next revision).
struct Revision {
    min: u32,
    /// Baseline check IDs this (restricted) revision replaces.
    overrides: &'static [&'static str],
    run: fn(&PodRef<'_>) -> Outcome,
}

const fn rev(min: u32, run: fn(&PodRef<'_>) -> Outcome) -> Revision {
    Revision {
        min,
        overrides: &[],
        run,
    }
}

const fn rev_over(
    min: u32,
    overrides: &'static [&'static str],
    run: fn(&PodRef<'_>) -> Outcome,
) -> Revision {
    Revision {
        min,
        overrides,
        run,
    }
}

/// The baseline checks, sorted by ID (bytewise, as the admission controller sorts them).
static BASELINE: [Check; 12] = [
    Check {
        id: "appArmorProfile",
        revisions: &[rev(0, app_armor_profile)],
    },
    Check {
        id: "capabilities_baseline",
        revisions: &[rev(0, capabilities_baseline)],
    },
    Check {
        id: "hostNamespaces",
        revisions: &[rev(0, host_namespaces)],
    },
    Check {
        id: "hostPathVolumes",
        revisions: &[rev(0, host_path_volumes)],
    },
    Check {
        id: "hostPorts",
        revisions: &[rev(0, host_ports)],
    },
    Check {
        id: "hostProbesAndHostLifecycle",
        revisions: &[rev(34, host_probes_and_host_lifecycle)],
    },
    Check {
        id: "privileged",
        revisions: &[rev(0, privileged)],
    },
    Check {
        id: "procMount",
        revisions: &[rev(0, proc_mount), rev(35, proc_mount_1_35_baseline)],
    },
    Check {
        id: "seLinuxOptions",
        revisions: &[rev(0, se_linux_options_1_0), rev(31, se_linux_options_1_31)],
    },
    Check {
        id: "seccompProfile_baseline",
        revisions: &[
            rev(0, seccomp_profile_baseline_annotations),
            rev(19, seccomp_profile_baseline),
        ],
    },
    Check {
        id: "sysctls",
        revisions: &[
            rev(0, sysctls_1_0),
            rev(27, sysctls_1_27),
            rev(29, sysctls_1_29),
            rev(32, sysctls_1_32),
        ],
    },
    Check {
        id: "windowsHostProcess",
        revisions: &[rev(0, windows_host_process)],
    },
];

/// The restricted checks, sorted by ID.
static RESTRICTED: [Check; 7] = [
    Check {
        id: "allowPrivilegeEscalation",
        revisions: &[
            rev(8, allow_privilege_escalation),
            rev(25, allow_privilege_escalation_1_25),
        ],
    },
    Check {
        id: "capabilities_restricted",
        revisions: &[
            rev_over(22, &["capabilities_baseline"], capabilities_restricted),
            rev_over(25, &["capabilities_baseline"], capabilities_restricted_1_25),
        ],
    },
    Check {
        id: "procMount_restricted",
        revisions: &[rev_over(35, &["procMount"], proc_mount)],
    },
    Check {
        id: "restrictedVolumes",
        revisions: &[rev_over(0, &["hostPathVolumes"], restricted_volumes)],
    },
    Check {
        id: "runAsNonRoot",
        revisions: &[rev(0, run_as_non_root), rev(35, run_as_non_root_1_35)],
    },
    Check {
        id: "runAsUser",
        revisions: &[rev(23, run_as_user), rev(35, run_as_user_1_35)],
    },
    Check {
        id: "seccompProfile_restricted",
        revisions: &[
            rev_over(19, &["seccompProfile_baseline"], seccomp_profile_restricted),
            rev_over(
                25,
                &["seccompProfile_baseline"],
                seccomp_profile_restricted_1_25,
            ),
        ],
    },
];

// ---- the pod as the checks see it ---------------------------------------------------------------

/// A pod's metadata and spec.
struct PodRef<'a> {
    meta: &'a ObjectMeta,
    spec: &'a PodSpec,
}

/// The fields of a container (or an ephemeral container) the checks read.
struct ContainerRef<'a> {
    name: &'a str,
    sc: Option<&'a SecurityContext>,
    ports: &'a [ContainerPort],
    probes: [Option<&'a Probe>; 3],
    lifecycle: Option<&'a Lifecycle>,
}

impl<'a> ContainerRef<'a> {
    fn of(c: &'a Container) -> Self {
        Self {
            name: &c.name,
            sc: c.security_context.as_ref(),
            ports: c.ports.as_deref().unwrap_or_default(),
            probes: [
                c.liveness_probe.as_ref(),
                c.readiness_probe.as_ref(),
                c.startup_probe.as_ref(),
            ],
            lifecycle: c.lifecycle.as_ref(),
        }
    }

    fn of_ephemeral(c: &'a EphemeralContainer) -> Self {
        Self {
            name: &c.name,
            sc: c.security_context.as_ref(),
            ports: c.ports.as_deref().unwrap_or_default(),
            probes: [
                c.liveness_probe.as_ref(),
                c.readiness_probe.as_ref(),
                c.startup_probe.as_ref(),
            ],
            lifecycle: c.lifecycle.as_ref(),
        }
    }
}

impl<'a> PodRef<'a> {
    /// Every container: init containers (sidecars included), containers, ephemeral containers.
    fn containers(&self) -> impl Iterator<Item = ContainerRef<'a>> + use<'a> {
        let spec = self.spec;
        spec.init_containers
            .iter()
            .flatten()
            .map(ContainerRef::of)
            .chain(spec.containers.iter().map(ContainerRef::of))
            .chain(
                spec.ephemeral_containers
                    .iter()
                    .flatten()
                    .map(ContainerRef::of_ephemeral),
            )
    }

    /// The names of the containers for which `bad` holds, in container order.
    fn containers_where(&self, mut bad: impl FnMut(&ContainerRef<'a>) -> bool) -> Vec<&'a str> {
        self.containers()
            .filter(|c| bad(c))
            .map(|c| c.name)
            .collect()
    }

    fn pod_sc(&self) -> Option<&'a PodSecurityContext> {
        self.spec.security_context.as_ref()
    }

    fn volumes(&self) -> &'a [Volume] {
        self.spec.volumes.as_deref().unwrap_or_default()
    }

    /// `spec.os.name: windows` (exempt from some restricted checks from policy 1.25).
    fn is_windows(&self) -> bool {
        self.spec.os.as_ref().is_some_and(|os| os.name == "windows")
    }

    /// `spec.hostUsers: false` (user namespaces; relaxes some checks from policy 1.35).
    fn in_user_namespace(&self) -> bool {
        self.spec.host_users == Some(false)
    }
}

// ---- message helpers (pod-security-admission's `pluralize` and `joinQuote`) ---------------------

fn pluralize(count: usize, singular: &'static str, plural: &'static str) -> &'static str {
    if count == 1 { singular } else { plural }
}

/// `"a", "b"`: items in double quotes, unescaped, comma-separated.
fn join_quote<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let items: Vec<String> = items
        .into_iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect();
    items.join(", ")
}

/// `container "a"` or `containers "a", "b"`.
fn containers_phrase(names: &[&str]) -> String {
    format!(
        "{} {}",
        pluralize(names.len(), "container", "containers"),
        join_quote(names)
    )
}

/// `pod`, `container(s) ...` or `pod and container(s) ...`.
fn setters(pod: bool, containers: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    if pod {
        out.push("pod".to_owned());
    }
    if !containers.is_empty() {
        out.push(containers_phrase(containers));
    }
    out
}

// ---- baseline checks ----------------------------------------------------------------------------

/// `hostNamespaces`: `hostNetwork`, `hostPID`, `hostIPC` must be unset or false.
fn host_namespaces(pod: &PodRef<'_>) -> Outcome {
    let s = pod.spec;
    let set: Vec<&str> = [
        (s.host_network, "hostNetwork=true"),
        (s.host_pid, "hostPID=true"),
        (s.host_ipc, "hostIPC=true"),
    ]
    .into_iter()
    .filter(|(v, _)| *v == Some(true))
    .map(|(_, name)| name)
    .collect();
    if set.is_empty() {
        return None;
    }
    Some(("host namespaces", set.join(", ")))
}

/// `privileged`: no container may set `securityContext.privileged=true`.
fn privileged(pod: &PodRef<'_>) -> Outcome {
    let bad = pod.containers_where(|c| c.sc.and_then(|sc| sc.privileged) == Some(true));
    if bad.is_empty() {
        return None;
    }
    Some((
        "privileged",
        format!(
            "{} must not set securityContext.privileged=true",
            containers_phrase(&bad)
        ),
    ))
}

const CAPABILITIES_ALLOWED: [&str; 13] = [
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// `capabilities_baseline`: `capabilities.add` only from the default set (exact names).
fn capabilities_baseline(pod: &PodRef<'_>) -> Outcome {
    let mut caps = BTreeSet::new();
    let bad = pod.containers_where(|c| {
        let added =
            c.sc.and_then(|sc| sc.capabilities.as_ref())
                .and_then(|caps| caps.add.as_deref())
                .unwrap_or_default();
        let mut invalid = false;
        for cap in added {
            if !CAPABILITIES_ALLOWED.contains(&cap.as_str()) {
                invalid = true;
                caps.insert(cap.as_str());
            }
        }
        invalid
    });
    if bad.is_empty() {
        return None;
    }
    Some((
        "non-default capabilities",
        format!(
            "{} must not include {} in securityContext.capabilities.add",
            containers_phrase(&bad),
            join_quote(&caps)
        ),
    ))
}

/// `hostPathVolumes`: no `hostPath` volume.
fn host_path_volumes(pod: &PodRef<'_>) -> Outcome {
    let names: Vec<&str> = pod
        .volumes()
        .iter()
        .filter(|v| v.host_path.is_some())
        .map(|v| v.name.as_str())
        .collect();
    if names.is_empty() {
        return None;
    }
    Some((
        "hostPath volumes",
        format!(
            "{} {}",
            pluralize(names.len(), "volume", "volumes"),
            join_quote(&names)
        ),
    ))
}

/// `hostPorts`: no container port may set a non-zero `hostPort`.
fn host_ports(pod: &PodRef<'_>) -> Outcome {
    // A set of strings, so the ports are listed in string order, as upstream does.
    let mut ports = BTreeSet::new();
    let bad = pod.containers_where(|c| {
        let mut invalid = false;
        for port in c.ports.iter().filter_map(|p| p.host_port) {
            if port != 0 {
                invalid = true;
                ports.insert(port.to_string());
            }
        }
        invalid
    });
    if bad.is_empty() {
        return None;
    }
    let ports: Vec<String> = ports.into_iter().collect();
    Some((
        "hostPort",
        format!(
            "{} {} {} {}",
            containers_phrase(&bad),
            pluralize(bad.len(), "uses", "use"),
            pluralize(ports.len(), "hostPort", "hostPorts"),
            ports.join(", ")
        ),
    ))
}

const APPARMOR_ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn app_armor_type_allowed(profile: &AppArmorProfile) -> bool {
    matches!(profile.type_.as_str(), "RuntimeDefault" | "Localhost")
}

fn app_armor_annotation_allowed(value: &str) -> bool {
    value.is_empty() || value == "runtime/default" || value.starts_with("localhost/")
}

/// `appArmorProfile`: the `appArmorProfile.type` fields (pod and containers) must be
/// `RuntimeDefault` or `Localhost`; the beta annotations empty, `runtime/default` or
/// `localhost/*`.
fn app_armor_profile(pod: &PodRef<'_>) -> Outcome {
    let mut values = BTreeSet::new();
    let pod_bad = pod
        .pod_sc()
        .and_then(|sc| sc.app_armor_profile.as_ref())
        .is_some_and(|p| {
            let bad = !app_armor_type_allowed(p);
            if bad {
                values.insert(p.type_.clone());
            }
            bad
        });
    let bad = pod.containers_where(|c| {
        c.sc.and_then(|sc| sc.app_armor_profile.as_ref())
            .is_some_and(|p| {
                let bad = !app_armor_type_allowed(p);
                if bad {
                    values.insert(p.type_.clone());
                }
                bad
            })
    });
    let mut setters = setters(pod_bad, &bad);
    let mut values: Vec<String> = values.into_iter().collect();
    let mut annotations: Vec<String> = pod
        .meta
        .annotations
        .iter()
        .flatten()
        .filter(|(k, v)| {
            k.starts_with(APPARMOR_ANNOTATION_PREFIX) && !app_armor_annotation_allowed(v)
        })
        .map(|(k, v)| format!("{k}={}", quote(v)))
        .collect();
    if !annotations.is_empty() {
        annotations.sort();
        setters.push(pluralize(annotations.len(), "annotation", "annotations").to_owned());
        values.extend(annotations);
    }
    if setters.is_empty() {
        return None;
    }
    Some((
        pluralize(
            values.len(),
            "forbidden AppArmor profile",
            "forbidden AppArmor profiles",
        ),
        format!(
            "{} must not set AppArmor profile type to {}",
            setters.join(" and "),
            join_quote(&values)
        ),
    ))
}

const SELINUX_TYPES_1_0: [&str; 4] = ["", "container_t", "container_init_t", "container_kvm_t"];
const SELINUX_TYPES_1_31: [&str; 5] = [
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

fn se_linux_options_1_0(pod: &PodRef<'_>) -> Outcome {
    se_linux_options(pod, &SELINUX_TYPES_1_0)
}

fn se_linux_options_1_31(pod: &PodRef<'_>) -> Outcome {
    se_linux_options(pod, &SELINUX_TYPES_1_31)
}

/// `seLinuxOptions`: `type` from the allowed list, no `user`, no `role` (pod and containers).
fn se_linux_options(pod: &PodRef<'_>, allowed: &[&str]) -> Outcome {
    let mut types = BTreeSet::new();
    let (mut set_user, mut set_role) = (false, false);
    let mut invalid = |o: &SELinuxOptions| {
        let mut bad = false;
        let ty = o.type_.as_deref().unwrap_or_default();
        if !allowed.contains(&ty) {
            bad = true;
            types.insert(ty.to_owned());
        }
        if o.user.as_deref().is_some_and(|u| !u.is_empty()) {
            bad = true;
            set_user = true;
        }
        if o.role.as_deref().is_some_and(|r| !r.is_empty()) {
            bad = true;
            set_role = true;
        }
        bad
    };
    let pod_bad = pod
        .pod_sc()
        .and_then(|sc| sc.se_linux_options.as_ref())
        .is_some_and(&mut invalid);
    let bad = pod.containers_where(|c| {
        c.sc.and_then(|sc| sc.se_linux_options.as_ref())
            .is_some_and(&mut invalid)
    });
    let setters = setters(pod_bad, &bad);
    if setters.is_empty() {
        return None;
    }
    let mut data = Vec::new();
    if !types.is_empty() {
        data.push(format!(
            "{} {}",
            pluralize(types.len(), "type", "types"),
            join_quote(&types)
        ));
    }
    if set_user {
        data.push("user may not be set".to_owned());
    }
    if set_role {
        data.push("role may not be set".to_owned());
    }
    Some((
        "seLinuxOptions",
        format!(
            "{} set forbidden securityContext.seLinuxOptions: {}",
            setters.join(" and "),
            data.join("; ")
        ),
    ))
}

/// `procMount` (1.0) and `procMount_restricted`: `procMount` unset or `Default`.
fn proc_mount(pod: &PodRef<'_>) -> Outcome {
    let mut types = BTreeSet::new();
    let bad = pod.containers_where(|c| match c.sc.and_then(|sc| sc.proc_mount.as_deref()) {
        Some(t) if t != "Default" => {
            types.insert(t);
            true
        }
        _ => false,
    });
    if bad.is_empty() {
        return None;
    }
    Some((
        "procMount",
        format!(
            "{} must not set securityContext.procMount to {}",
            containers_phrase(&bad),
            join_quote(&types)
        ),
    ))
}

/// `procMount` from 1.35: skipped for pods in a user namespace (`hostUsers: false`).
fn proc_mount_1_35_baseline(pod: &PodRef<'_>) -> Outcome {
    if pod.in_user_namespace() {
        return None;
    }
    proc_mount(pod)
}

const SECCOMP_POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
const SECCOMP_CONTAINER_ANNOTATION_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";

fn seccomp_annotation_allowed(value: &str) -> bool {
    value == "runtime/default" || value == "docker/default" || value.starts_with("localhost/")
}

fn seccomp_type_allowed(profile: &SeccompProfile) -> bool {
    matches!(profile.type_.as_str(), "RuntimeDefault" | "Localhost")
}

/// `seccompProfile_baseline` before 1.19: the alpha annotations (pod and per container).
fn seccomp_profile_baseline_annotations(pod: &PodRef<'_>) -> Outcome {
    let annotations = pod.meta.annotations.as_ref();
    let mut forbidden = BTreeSet::new();
    let mut check = |key: &str| {
        if let Some(value) = annotations.and_then(|a| a.get(key))
            && !seccomp_annotation_allowed(value)
        {
            forbidden.insert(format!("{key}={}", quote(value)));
        }
    };
    check(SECCOMP_POD_ANNOTATION);
    for c in pod.containers() {
        check(&format!("{SECCOMP_CONTAINER_ANNOTATION_PREFIX}{}", c.name));
    }
    if forbidden.is_empty() {
        return None;
    }
    let forbidden: Vec<String> = forbidden.into_iter().collect();
    Some((
        "seccompProfile",
        format!(
            "forbidden {} {}",
            pluralize(forbidden.len(), "annotation", "annotations"),
            forbidden.join(", ")
        ),
    ))
}

/// The containers that explicitly set a bad `seccompProfile.type`; their values go to `values`.
fn seccomp_explicitly_bad<'a>(pod: &PodRef<'a>, values: &mut BTreeSet<String>) -> Vec<&'a str> {
    pod.containers_where(|c| {
        c.sc.and_then(|sc| sc.seccomp_profile.as_ref())
            .is_some_and(|p| {
                let bad = !seccomp_type_allowed(p);
                if bad {
                    values.insert(p.type_.clone());
                }
                bad
            })
    })
}

/// The pod-level `seccompProfile.type`: `Some(true)` when valid, `Some(false)` when bad.
fn pod_seccomp(pod: &PodRef<'_>, values: &mut BTreeSet<String>) -> Option<bool> {
    let profile = pod.pod_sc().and_then(|sc| sc.seccomp_profile.as_ref())?;
    let ok = seccomp_type_allowed(profile);
    if !ok {
        values.insert(profile.type_.clone());
    }
    Some(ok)
}

fn seccomp_forbidden(pod_bad: bool, containers: &[&str], values: &BTreeSet<String>) -> Outcome {
    let setters = setters(pod_bad, containers);
    if setters.is_empty() {
        return None;
    }
    Some((
        "seccompProfile",
        format!(
            "{} must not set securityContext.seccompProfile.type to {}",
            setters.join(" and "),
            join_quote(values)
        ),
    ))
}

/// `seccompProfile_baseline` from 1.19: no `seccompProfile.type` other than `RuntimeDefault`
/// or `Localhost` (pod and containers); unset is fine.
fn seccomp_profile_baseline(pod: &PodRef<'_>) -> Outcome {
    let mut values = BTreeSet::new();
    let pod_bad = pod_seccomp(pod, &mut values) == Some(false);
    let bad = seccomp_explicitly_bad(pod, &mut values);
    seccomp_forbidden(pod_bad, &bad, &values)
}

const SYSCTLS_1_0: [&str; 5] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_unprivileged_port_start",
];
const SYSCTLS_1_27: [&str; 1] = ["net.ipv4.ip_local_reserved_ports"];
const SYSCTLS_1_29: [&str; 4] = [
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];
const SYSCTLS_1_32: [&str; 2] = ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];

fn sysctls_1_0(pod: &PodRef<'_>) -> Outcome {
    sysctls(pod, &[&SYSCTLS_1_0])
}

fn sysctls_1_27(pod: &PodRef<'_>) -> Outcome {
    sysctls(pod, &[&SYSCTLS_1_0, &SYSCTLS_1_27])
}

fn sysctls_1_29(pod: &PodRef<'_>) -> Outcome {
    sysctls(pod, &[&SYSCTLS_1_0, &SYSCTLS_1_27, &SYSCTLS_1_29])
}

fn sysctls_1_32(pod: &PodRef<'_>) -> Outcome {
    sysctls(
        pod,
        &[&SYSCTLS_1_0, &SYSCTLS_1_27, &SYSCTLS_1_29, &SYSCTLS_1_32],
    )
}

/// `sysctls`: only the safe, namespaced sysctls of the policy version (exact names).
fn sysctls(pod: &PodRef<'_>, allowed: &[&[&str]]) -> Outcome {
    let forbidden: Vec<&str> = pod
        .pod_sc()
        .and_then(|sc| sc.sysctls.as_deref())
        .unwrap_or_default()
        .iter()
        .map(|s| s.name.as_str())
        .filter(|name| !allowed.iter().any(|list| list.contains(name)))
        .collect();
    if forbidden.is_empty() {
        return None;
    }
    Some(("forbidden sysctls", forbidden.join(", ")))
}

/// `windowsHostProcess`: `windowsOptions.hostProcess` unset or false (pod and containers).
fn windows_host_process(pod: &PodRef<'_>) -> Outcome {
    let pod_bad = pod
        .pod_sc()
        .and_then(|sc| sc.windows_options.as_ref())
        .and_then(|w| w.host_process)
        == Some(true);
    let bad = pod.containers_where(|c| {
        c.sc.and_then(|sc| sc.windows_options.as_ref())
            .and_then(|w| w.host_process)
            == Some(true)
    });
    let setters = setters(pod_bad, &bad);
    if setters.is_empty() {
        return None;
    }
    Some((
        "hostProcess",
        format!(
            "{} must not set securityContext.windowsOptions.hostProcess=true",
            setters.join(" and ")
        ),
    ))
}

/// The non-empty `host`s of a probe's or a lifecycle handler's `httpGet` and `tcpSocket`.
fn hosts<'a>(
    http: Option<&'a Option<String>>,
    tcp: Option<&'a Option<String>>,
) -> impl Iterator<Item = &'a str> {
    [http, tcp]
        .into_iter()
        .flatten()
        .filter_map(Option::as_deref)
        .filter(|h| !h.is_empty())
}

fn probe_hosts(probe: &Probe) -> impl Iterator<Item = &str> {
    hosts(
        probe.http_get.as_ref().map(|a| &a.host),
        probe.tcp_socket.as_ref().map(|a| &a.host),
    )
}

fn handler_hosts(handler: &LifecycleHandler) -> impl Iterator<Item = &str> {
    hosts(
        handler.http_get.as_ref().map(|a| &a.host),
        handler.tcp_socket.as_ref().map(|a| &a.host),
    )
}

/// `hostProbesAndHostLifecycle` (1.34): no `host` in probes' and lifecycle handlers'
/// `httpGet` or `tcpSocket`.
fn host_probes_and_host_lifecycle(pod: &PodRef<'_>) -> Outcome {
    // Both are sets upstream: containers and hosts are listed in string order.
    let mut containers = BTreeSet::new();
    let mut forbidden = BTreeSet::new();
    for c in pod.containers() {
        let handlers = c
            .lifecycle
            .into_iter()
            .flat_map(|l| [l.post_start.as_ref(), l.pre_stop.as_ref()])
            .flatten()
            .flat_map(handler_hosts);
        let found: Vec<&str> = c
            .probes
            .into_iter()
            .flatten()
            .flat_map(probe_hosts)
            .chain(handlers)
            .collect();
        if !found.is_empty() {
            containers.insert(c.name);
            forbidden.extend(found);
        }
    }
    if containers.is_empty() {
        return None;
    }
    Some((
        "probe or lifecycle host",
        format!(
            "{} {} {} {} {}",
            pluralize(containers.len(), "container", "containers"),
            join_quote(&containers),
            pluralize(containers.len(), "uses", "use"),
            pluralize(
                forbidden.len(),
                "probe or lifecycle host",
                "probe or lifecycle hosts"
            ),
            join_quote(&forbidden)
        ),
    ))
}

// ---- restricted checks --------------------------------------------------------------------------

/// The source type of a volume `restrictedVolumes` forbids, or `None` for an allowed one.
fn restricted_volume_type(v: &Volume) -> Option<&'static str> {
    let allowed = v.config_map.is_some()
        || v.csi.is_some()
        || v.downward_api.is_some()
        || v.empty_dir.is_some()
        || v.ephemeral.is_some()
        || v.image.is_some()
        || v.persistent_volume_claim.is_some()
        || v.projected.is_some()
        || v.secret.is_some();
    if allowed {
        return None;
    }
    let kinds = [
        (v.host_path.is_some(), "hostPath"),
        (v.gce_persistent_disk.is_some(), "gcePersistentDisk"),
        (v.aws_elastic_block_store.is_some(), "awsElasticBlockStore"),
        (v.git_repo.is_some(), "gitRepo"),
        (v.nfs.is_some(), "nfs"),
        (v.iscsi.is_some(), "iscsi"),
        (v.glusterfs.is_some(), "glusterfs"),
        (v.rbd.is_some(), "rbd"),
        (v.flex_volume.is_some(), "flexVolume"),
        (v.cinder.is_some(), "cinder"),
        (v.cephfs.is_some(), "cephfs"),
        (v.flocker.is_some(), "flocker"),
        (v.fc.is_some(), "fc"),
        (v.azure_file.is_some(), "azureFile"),
        (v.vsphere_volume.is_some(), "vsphereVolume"),
        (v.quobyte.is_some(), "quobyte"),
        (v.azure_disk.is_some(), "azureDisk"),
        (v.photon_persistent_disk.is_some(), "photonPersistentDisk"),
        (v.portworx_volume.is_some(), "portworxVolume"),
        (v.scale_io.is_some(), "scaleIO"),
        (v.storageos.is_some(), "storageos"),
    ];
    Some(
        kinds
            .into_iter()
            .find(|(set, _)| *set)
            .map_or("unknown", |(_, kind)| kind),
    )
}

/// `restrictedVolumes`: only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
/// persistentVolumeClaim, projected and secret volumes.
fn restricted_volumes(pod: &PodRef<'_>) -> Outcome {
    let mut names = Vec::new();
    let mut kinds = BTreeSet::new();
    for v in pod.volumes() {
        if let Some(kind) = restricted_volume_type(v) {
            names.push(v.name.as_str());
            kinds.insert(kind);
        }
    }
    if names.is_empty() {
        return None;
    }
    Some((
        "restricted volume types",
        format!(
            "{} {} {} {} {}",
            pluralize(names.len(), "volume", "volumes"),
            join_quote(&names),
            pluralize(names.len(), "uses", "use"),
            pluralize(
                kinds.len(),
                "restricted volume type",
                "restricted volume types"
            ),
            join_quote(&kinds)
        ),
    ))
}

/// `allowPrivilegeEscalation` (1.8): every container sets it explicitly to false.
fn allow_privilege_escalation(pod: &PodRef<'_>) -> Outcome {
    let bad =
        pod.containers_where(|c| c.sc.and_then(|sc| sc.allow_privilege_escalation) != Some(false));
    if bad.is_empty() {
        return None;
    }
    Some((
        "allowPrivilegeEscalation != false",
        format!(
            "{} must set securityContext.allowPrivilegeEscalation=false",
            containers_phrase(&bad)
        ),
    ))
}

/// `allowPrivilegeEscalation` from 1.25: Windows pods are exempt.
fn allow_privilege_escalation_1_25(pod: &PodRef<'_>) -> Outcome {
    if pod.is_windows() {
        return None;
    }
    allow_privilege_escalation(pod)
}

/// `runAsNonRoot` (1.0): `true` at pod level (containers may omit it, not set false) or on
/// every container.
fn run_as_non_root(pod: &PodRef<'_>) -> Outcome {
    let pod_value = pod.pod_sc().and_then(|sc| sc.run_as_non_root);
    let pod_true = pod_value == Some(true);
    let explicit = pod.containers_where(|c| c.sc.and_then(|sc| sc.run_as_non_root) == Some(false));
    let setters = setters(pod_value == Some(false), &explicit);
    if !setters.is_empty() {
        return Some((
            "runAsNonRoot != true",
            format!(
                "{} must not set securityContext.runAsNonRoot=false",
                setters.join(" and ")
            ),
        ));
    }
    let implicit =
        pod.containers_where(|c| c.sc.and_then(|sc| sc.run_as_non_root).is_none() && !pod_true);
    if implicit.is_empty() {
        return None;
    }
    Some((
        "runAsNonRoot != true",
        format!(
            "pod or {} must set securityContext.runAsNonRoot=true",
            containers_phrase(&implicit)
        ),
    ))
}

/// `runAsNonRoot` from 1.35: skipped for pods in a user namespace.
fn run_as_non_root_1_35(pod: &PodRef<'_>) -> Outcome {
    if pod.in_user_namespace() {
        return None;
    }
    run_as_non_root(pod)
}

/// `runAsUser` (1.23): no `runAsUser: 0` (pod or containers); unset is fine.
fn run_as_user(pod: &PodRef<'_>) -> Outcome {
    let pod_bad = pod.pod_sc().and_then(|sc| sc.run_as_user) == Some(0);
    let bad = pod.containers_where(|c| c.sc.and_then(|sc| sc.run_as_user) == Some(0));
    let setters = setters(pod_bad, &bad);
    if setters.is_empty() {
        return None;
    }
    Some((
        "runAsUser=0",
        format!("{} must not set runAsUser=0", setters.join(" and ")),
    ))
}

/// `runAsUser` from 1.35: skipped for pods in a user namespace.
fn run_as_user_1_35(pod: &PodRef<'_>) -> Outcome {
    if pod.in_user_namespace() {
        return None;
    }
    run_as_user(pod)
}

/// `seccompProfile_restricted` (1.19): `RuntimeDefault` or `Localhost` at pod level (containers
/// may omit it) or on every container; nothing else anywhere.
fn seccomp_profile_restricted(pod: &PodRef<'_>) -> Outcome {
    let mut values = BTreeSet::new();
    let pod_state = pod_seccomp(pod, &mut values);
    let pod_bad = pod_state == Some(false);
    let pod_set = pod_state == Some(true);
    let explicit = seccomp_explicitly_bad(pod, &mut values);
    if let Some(outcome) = seccomp_forbidden(pod_bad, &explicit, &values) {
        return Some(outcome);
    }
    let implicit = pod.containers_where(|c| {
        c.sc.and_then(|sc| sc.seccomp_profile.as_ref()).is_none() && !pod_set
    });
    if implicit.is_empty() {
        return None;
    }
    Some((
        "seccompProfile",
        format!(
            "pod or {} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
            containers_phrase(&implicit)
        ),
    ))
}

/// `seccompProfile_restricted` from 1.25: Windows pods are exempt.
fn seccomp_profile_restricted_1_25(pod: &PodRef<'_>) -> Outcome {
    if pod.is_windows() {
        return None;
    }
    seccomp_profile_restricted(pod)
}

/// `capabilities_restricted` (1.22): `drop` contains `ALL`, `add` only `NET_BIND_SERVICE`.
fn capabilities_restricted(pod: &PodRef<'_>) -> Outcome {
    let mut missing_drop = Vec::new();
    let mut adding = Vec::new();
    let mut forbidden = BTreeSet::new();
    for c in pod.containers() {
        let Some(caps) = c.sc.and_then(|sc| sc.capabilities.as_ref()) else {
            missing_drop.push(c.name);
            continue;
        };
        if !caps.drop.iter().flatten().any(|d| d == "ALL") {
            missing_drop.push(c.name);
        }
        let mut adds_forbidden = false;
        for cap in caps.add.iter().flatten() {
            if cap != "NET_BIND_SERVICE" {
                adds_forbidden = true;
                forbidden.insert(cap.as_str());
            }
        }
        if adds_forbidden {
            adding.push(c.name);
        }
    }
    let mut details = Vec::new();
    if !missing_drop.is_empty() {
        details.push(format!(
            "{} must set securityContext.capabilities.drop=[\"ALL\"]",
            containers_phrase(&missing_drop)
        ));
    }
    if !adding.is_empty() {
        details.push(format!(
            "{} must not include {} in securityContext.capabilities.add",
            containers_phrase(&adding),
            join_quote(&forbidden)
        ));
    }
    if details.is_empty() {
        return None;
    }
    Some(("unrestricted capabilities", details.join("; ")))
}

/// `capabilities_restricted` from 1.25: Windows pods are exempt.
fn capabilities_restricted_1_25(pod: &PodRef<'_>) -> Outcome {
    if pod.is_windows() {
        return None;
    }
    capabilities_restricted(pod)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_are_sorted_by_id_within_each_level() {
        for group in [&BASELINE[..], &RESTRICTED[..]] {
            let ids: Vec<&str> = group.iter().map(|c| c.id).collect();
            let mut sorted = ids.clone();
            sorted.sort_unstable();
            assert_eq!(ids, sorted);
        }
    }

    #[test]
    fn revisions_increase_and_the_newest_is_latest() {
        let mut newest = 0;
        for check in BASELINE.iter().chain(&RESTRICTED) {
            let mins: Vec<u32> = check.revisions.iter().map(|r| r.min).collect();
            assert!(mins.windows(2).all(|w| w[0] < w[1]), "{}", check.id);
            newest = newest.max(*mins.last().unwrap());
        }
        assert_eq!(newest, PolicyVersion::NEWEST_MINOR);
    }

    #[test]
    fn overrides_name_baseline_checks() {
        for check in &RESTRICTED {
            for r in check.revisions {
                for id in r.overrides {
                    assert!(BASELINE.iter().any(|b| b.id == *id), "{id}");
                }
            }
        }
    }

    #[test]
    fn versions_parse_strictly() {
        for bad in [
            "", "v1", "v1.", "v1.01", "v2.3", "V1.3", "v1.3.0", "v1.-1", "Latest",
        ] {
            assert!(bad.parse::<PolicyVersion>().is_err(), "{bad}");
        }
        assert_eq!("v1.0".parse(), Ok(PolicyVersion::V1(0)));
        assert_eq!(
            "v1.x".parse::<PolicyVersion>().map_err(|e| e.to_string()),
            Err(
                "invalid PodSecurity version \"v1.x\": must be \"latest\" or \"v1.<minor>\""
                    .to_owned()
            )
        );
    }

    #[test]
    fn builder_violations_carry_the_path_and_policy() {
        let spec = PodSpec {
            host_pid: Some(true),
            ..Default::default()
        };
        let v = violations(
            "spec.template.spec",
            &ObjectMeta::default(),
            &spec,
            Level::Baseline,
            PolicyVersion::V1(30),
        );
        let text: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "spec.template.spec: Forbidden: violates PodSecurity \"baseline:v1.30\": host namespaces (hostPID=true)"
            ]
        );
    }
}
