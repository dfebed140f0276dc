//! One validation engine over plain k8s-openapi objects.
//!
//! Every builder's `build()` ends here, and the same functions serve objects written by hand or
//! decoded from YAML. The engine never stops at the first problem: it records every violation
//! with the path the apiserver would print (see `../shared/k8s-rules/RULES.md`).
//!
//! Layout: one file per area of the rules, so adding a rule is adding a function in the right file:
//! [`format`] (names, keys, label syntax), `meta` (ObjectMeta, labels, annotations), `pod`
//! (containers, env, ports, probes, volumes, mounts, resources, security contexts), `workload`
//! (Deployment), `statefulset`, `storage` (PVC, PV, StorageClass), `network` (Service,
//! NetworkPolicy), `batch` (Job, CronJob; schedules in `cron`), `config` (ConfigMap, Secret).

mod batch;
pub(crate) mod cluster;
pub(crate) mod config;
mod cron;
pub(crate) mod format;
pub(crate) mod meta;
mod more;
pub(crate) mod network;
mod object;
pub(crate) mod pod;
pub mod pss;
pub(crate) mod rbac;
pub(crate) mod refs;
pub(crate) mod scheduling;
pub(crate) mod statefulset;
pub(crate) mod storage;
mod tz_names;
pub(crate) mod workload;

use std::fmt;

use crate::error::{Error, Violation, ViolationKind, quote};

pub use object::{Checker, Report};
pub(crate) use refs::walk_pod_spec;

/// The Kubernetes minor version the objects are meant for (rules changed between releases).
///
/// # Examples
///
/// ```
/// use kubeforge::validate::KubeVersion;
/// assert_eq!(KubeVersion::default(), KubeVersion::V1_33);
/// assert!(KubeVersion::V1_37 > KubeVersion::V1_33);
/// assert_eq!(KubeVersion::new(31).to_string(), "1.31");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeVersion(u32);

impl KubeVersion {
    /// Kubernetes 1.33, the default (the oldest release k8s-openapi 0.29 supports).
    pub const V1_33: Self = Self(33);
    /// Kubernetes 1.34.
    pub const V1_34: Self = Self(34);
    /// Kubernetes 1.35.
    pub const V1_35: Self = Self(35);
    /// Kubernetes 1.36.
    pub const V1_36: Self = Self(36);
    /// Kubernetes 1.37.
    pub const V1_37: Self = Self(37);

    /// Kubernetes `1.<minor>`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::validate::KubeVersion;
    /// assert_eq!(KubeVersion::new(34), KubeVersion::V1_34);
    /// ```
    pub const fn new(minor: u32) -> Self {
        Self(minor)
    }

    /// The minor version number.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::validate::KubeVersion::V1_35.minor(), 35);
    /// ```
    pub const fn minor(self) -> u32 {
        self.0
    }
}

impl Default for KubeVersion {
    fn default() -> Self {
        Self::V1_33
    }
}

impl fmt::Display for KubeVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1.{}", self.0)
    }
}

/// Options of the validation engine.
///
/// # Examples
///
/// ```
/// use kubeforge::validate::{KubeVersion, Options};
/// let opts = Options::default().k8s_version(KubeVersion::V1_37);
/// assert_eq!(opts.version(), KubeVersion::V1_37);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[must_use]
pub struct Options {
    version: KubeVersion,
}

impl Options {
    /// Targets another Kubernetes release (default 1.33).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::validate::{KubeVersion, Options};
    /// assert_eq!(Options::default().k8s_version(KubeVersion::new(31)).version().minor(), 31);
    /// ```
    pub fn k8s_version(mut self, version: KubeVersion) -> Self {
        self.version = version;
        self
    }

    /// The targeted Kubernetes release.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::validate::{KubeVersion, Options};
    /// assert_eq!(Options::default().version(), KubeVersion::V1_33);
    /// ```
    pub fn version(&self) -> KubeVersion {
        self.version
    }

    /// Env var names may be any printable ASCII but `=` (≥ 1.32, `RelaxedEnvironmentVariableValidation`).
    pub(crate) fn relaxed_env_names(self) -> bool {
        self.version.minor() >= 32
    }
}

/// A non-fatal finding: what the apiserver only warns about, or a known trap.
///
/// # Examples
///
/// ```
/// use kubeforge::validate;
/// use kubeforge::{ContainerBuilder, PodBuilder};
/// let pod = PodBuilder::new("p")
///     .container(ContainerBuilder::new("app", "nginx:1.27").limit_memory("128m"))
///     .build()?;
/// let warnings = validate::validate(&pod, &validate::Options::default())?;
/// assert_eq!(warnings[0].path(), "spec.containers[0].resources.limits[memory]");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    path: String,
    message: String,
}

impl Warning {
    /// The field path the warning is about.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{validate, ContainerBuilder, PodBuilder};
    /// # let pod = PodBuilder::new("p").container(ContainerBuilder::new("app", "nginx:1.27").limit_memory("1m")).build()?;
    /// let w = validate::validate(&pod, &validate::Options::default())?;
    /// assert!(w[0].path().ends_with("limits[memory]"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The message, without the path.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{validate, ContainerBuilder, PodBuilder};
    /// # let pod = PodBuilder::new("p").container(ContainerBuilder::new("app", "nginx:1.27").limit_memory("1m")).build()?;
    /// let w = validate::validate(&pod, &validate::Options::default())?;
    /// assert!(w[0].message().contains("fractional byte value"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// An object the engine knows how to check.
///
/// Implemented for the plain k8s-openapi types kubeforge builds, so objects written by hand or
/// decoded from YAML are held to the same rules as builder output.
pub trait Validate {
    /// `Kind/name` of the object, used as error context.
    fn object_ref(&self) -> String;

    #[doc(hidden)]
    fn check(&self, ctx: &mut Ctx);
}

/// Checks `object` against every implemented rule; returns its warnings, or an error with all
/// violations.
///
/// # Errors
///
/// [`Error::is_invalid`] with every violation found.
///
/// # Examples
///
/// ```
/// use k8s_openapi::api::core::v1::ConfigMap;
/// use kubeforge::validate::{self, Options};
/// let mut cm = ConfigMap::default();
/// cm.metadata.name = Some("Bad".into());
/// let err = validate::validate(&cm, &Options::default()).unwrap_err();
/// assert_eq!(err.violations()[0].path(), "metadata.name");
/// ```
pub fn validate<T: Validate + ?Sized>(
    object: &T,
    options: &Options,
) -> Result<Vec<Warning>, Error> {
    let mut ctx = Ctx::new(*options);
    object.check(&mut ctx);
    ctx.finish(|| object.object_ref())
}

/// The state of one validation run: options, violations and warnings found so far.
#[doc(hidden)]
#[derive(Debug)]
pub struct Ctx {
    pub(crate) opts: Options,
    errors: Vec<Violation>,
    warnings: Vec<Warning>,
}

impl Ctx {
    pub(crate) fn new(opts: Options) -> Self {
        Self {
            opts,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Adds violations found elsewhere (e.g. by a builder) to this run.
    pub(crate) fn extend(&mut self, violations: impl IntoIterator<Item = Violation>) {
        self.errors.extend(violations);
    }

    /// The violations (deduplicated like the apiserver's aggregate) and warnings.
    pub(crate) fn into_parts(self) -> (Vec<Violation>, Vec<Warning>) {
        let mut errors = self.errors;
        let mut seen = std::collections::HashSet::new();
        errors.retain(|v| seen.insert(v.to_string()));
        (errors, self.warnings)
    }

    pub(crate) fn finish(self, object: impl FnOnce() -> String) -> Result<Vec<Warning>, Error> {
        if self.errors.is_empty() {
            Ok(self.warnings)
        } else {
            let mut errors = self.errors;
            // Identical messages are reported once, as the apiserver's ToAggregate does.
            let mut seen = std::collections::HashSet::new();
            errors.retain(|v| seen.insert(v.to_string()));
            Err(Error::invalid(Some(object()), errors))
        }
    }

    #[cold]
    fn push(
        &mut self,
        path: &Path<'_>,
        kind: ViolationKind,
        value: Option<String>,
        detail: Option<String>,
    ) {
        self.errors
            .push(Violation::new(path.render(), kind, value, detail));
    }

    #[cold]
    pub(crate) fn required(&mut self, path: &Path<'_>, detail: &str) {
        let detail = (!detail.is_empty()).then(|| detail.to_owned());
        self.push(path, ViolationKind::Required, None, detail);
    }

    /// `Invalid value` with a string value (printed quoted).
    #[cold]
    pub(crate) fn invalid(&mut self, path: &Path<'_>, value: &str, detail: impl Into<String>) {
        self.push(
            path,
            ViolationKind::Invalid,
            Some(quote(value)),
            Some(detail.into()),
        );
    }

    /// `Invalid value` with a value printed as is (numbers, booleans, Go dumps).
    #[cold]
    pub(crate) fn invalid_raw(
        &mut self,
        path: &Path<'_>,
        value: impl fmt::Display,
        detail: impl Into<String>,
    ) {
        self.push(
            path,
            ViolationKind::Invalid,
            Some(value.to_string()),
            Some(detail.into()),
        );
    }

    /// One `Invalid value` per message of a format check.
    ///
    /// Small enough to inline: the usual empty list costs a test, not a call.
    #[inline]
    pub(crate) fn invalid_all(&mut self, path: &Path<'_>, value: &str, messages: Vec<String>) {
        if !messages.is_empty() {
            self.invalid_each(path, value, messages);
        }
    }

    #[cold]
    #[inline(never)]
    fn invalid_each(&mut self, path: &Path<'_>, value: &str, messages: Vec<String>) {
        for m in messages {
            self.invalid(path, value, m);
        }
    }

    #[cold]
    pub(crate) fn not_supported(&mut self, path: &Path<'_>, value: &str, supported: &[&str]) {
        let list: Vec<String> = supported.iter().map(|s| quote(s)).collect();
        self.push(
            path,
            ViolationKind::NotSupported,
            Some(quote(value)),
            Some(format!("supported values: {}", list.join(", "))),
        );
    }

    #[cold]
    pub(crate) fn forbidden(&mut self, path: &Path<'_>, detail: impl Into<String>) {
        self.push(path, ViolationKind::Forbidden, None, Some(detail.into()));
    }

    #[cold]
    pub(crate) fn duplicate(&mut self, path: &Path<'_>, value: &str) {
        self.push(path, ViolationKind::Duplicate, Some(quote(value)), None);
    }

    #[cold]
    pub(crate) fn not_found(&mut self, path: &Path<'_>, value: &str) {
        self.push(path, ViolationKind::NotFound, Some(quote(value)), None);
    }

    #[cold]
    pub(crate) fn too_long(&mut self, path: &Path<'_>, max: usize) {
        self.push(
            path,
            ViolationKind::TooLong,
            None,
            Some(format!("may not be more than {max} bytes")),
        );
    }

    #[cold]
    pub(crate) fn warn(&mut self, path: &Path<'_>, message: impl Into<String>) {
        self.warnings.push(Warning {
            path: path.render(),
            message: message.into(),
        });
    }
}

/// The values seen so far, to find duplicates. The lists of a pod spec are short: the first
/// eight values live inline (no allocation, no hashing); past that, a hash set takes over.
#[derive(Debug)]
pub(crate) struct Seen<T> {
    inline: [Option<T>; 8],
    len: usize,
    spill: Option<std::collections::HashSet<T>>,
}

impl<T: Eq + std::hash::Hash> Seen<T> {
    pub(crate) const fn new() -> Self {
        Self {
            inline: [const { None }; 8],
            len: 0,
            spill: None,
        }
    }

    /// Records `value`; false if it was already there.
    pub(crate) fn insert(&mut self, value: T) -> bool {
        if let Some(set) = &mut self.spill {
            return set.insert(value);
        }
        let filled = self.inline.get(..self.len).unwrap_or(&[]);
        if filled.iter().flatten().any(|x| *x == value) {
            return false;
        }
        if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = Some(value);
            self.len += 1;
        } else {
            let mut set: std::collections::HashSet<T> =
                self.inline.iter_mut().filter_map(Option::take).collect();
            set.insert(value);
            self.spill = Some(set);
        }
        true
    }

    pub(crate) fn contains(&self, value: &T) -> bool {
        match &self.spill {
            Some(set) => set.contains(value),
            None => self
                .inline
                .get(..self.len)
                .unwrap_or(&[])
                .iter()
                .flatten()
                .any(|x| x == value),
        }
    }
}

impl<T: Eq + std::hash::Hash> FromIterator<T> for Seen<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut seen = Self::new();
        for v in iter {
            seen.insert(v);
        }
        seen
    }
}

/// A field path built on the stack while walking an object; rendered only when reported.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    seg: Seg<'a>,
}

#[derive(Clone, Copy, Debug)]
enum Seg<'a> {
    Field(&'a str),
    Index(usize),
    Key(&'a str),
}

impl<'a> Path<'a> {
    pub(crate) const fn root(name: &'a str) -> Self {
        Self {
            parent: None,
            seg: Seg::Field(name),
        }
    }

    pub(crate) fn child(&'a self, name: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Field(name),
        }
    }

    pub(crate) fn index(&'a self, i: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Index(i),
        }
    }

    pub(crate) fn key(&'a self, k: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            seg: Seg::Key(k),
        }
    }

    pub(crate) fn render(&self) -> String {
        let mut segs = Vec::new();
        let mut cur = Some(self);
        while let Some(p) = cur {
            segs.push(p.seg);
            cur = p.parent;
        }
        let mut out = String::new();
        for seg in segs.iter().rev() {
            match seg {
                Seg::Field(name) => {
                    if !out.is_empty() && !name.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                Seg::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Seg::Key(k) => {
                    out.push('[');
                    out.push_str(k);
                    out.push(']');
                }
            }
        }
        out
    }
}

/// Validates `object` with violations a builder already found; used by every `build()`.
pub(crate) fn check_with<T: Validate + ?Sized>(
    object: &T,
    options: Options,
    builder_violations: Vec<Violation>,
) -> Result<Vec<Warning>, Error> {
    let mut ctx = Ctx::new(options);
    ctx.extend(builder_violations);
    object.check(&mut ctx);
    ctx.finish(|| object.object_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_finds_duplicates_inline_and_spilled() {
        let mut seen = Seen::new();
        for i in 0..20 {
            assert!(seen.insert(i), "{i}");
            assert!(!seen.insert(i), "{i}");
            assert!(seen.contains(&i));
        }
        for i in 0..20 {
            assert!(!seen.insert(i));
        }
        assert!(!seen.contains(&99));
    }

    #[test]
    fn paths_render_like_the_apiserver() {
        let root = Path::root("spec");
        let t = root.child("template");
        let s = t.child("spec");
        let c = s.child("containers");
        let c0 = c.index(0);
        let env = c0.child("env");
        let e2 = env.index(2);
        assert_eq!(
            e2.child("name").render(),
            "spec.template.spec.containers[0].env[2].name"
        );
        let data = Path::root("data");
        assert_eq!(data.key("my key").render(), "data[my key]");
        assert_eq!(Path::root("").key("").render(), "[]");
        assert_eq!(Path::root("").child("metadata").render(), "metadata");
    }
}
