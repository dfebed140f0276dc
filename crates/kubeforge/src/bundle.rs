//! [`Bundle`]: an ordered set of Kubernetes objects written as one multi-document YAML stream,
//! a JSON `List`, or a directory with one file per object.
//!
//! All YAML goes through kubeforge's guarded serde-saphyr writer (see `yaml.rs`), so kubectl
//! reads back exactly the values that were written.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Service,
    ServiceAccount,
};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::{Metadata, Resource};
use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

use crate::error::Error;
use crate::yaml;

/// Any object kubeforge can write, in apply order.
///
/// Each variant holds the plain k8s-openapi object; `apiVersion` and `kind` are written by
/// k8s-openapi's `Serialize` impls. Build one with `From`/`Into`:
///
/// ```
/// use k8s_openapi::api::core::v1::ConfigMap;
/// use kubeforge::Object;
///
/// let object = Object::from(ConfigMap::default());
/// assert_eq!(object.kind(), "ConfigMap");
/// assert_eq!(object.api_version(), "v1");
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "the variants are the plain k8s-openapi objects by design; a Bundle is not hot"
)]
pub enum Object {
    /// A `v1` `Namespace`.
    Namespace(Namespace),
    /// A `v1` `ServiceAccount`.
    ServiceAccount(ServiceAccount),
    /// An `rbac.authorization.k8s.io/v1` `ClusterRole`.
    ClusterRole(ClusterRole),
    /// An `rbac.authorization.k8s.io/v1` `ClusterRoleBinding`.
    ClusterRoleBinding(ClusterRoleBinding),
    /// An `rbac.authorization.k8s.io/v1` `Role`.
    Role(Role),
    /// An `rbac.authorization.k8s.io/v1` `RoleBinding`.
    RoleBinding(RoleBinding),
    /// A `v1` `Secret`.
    Secret(Secret),
    /// A `v1` `ConfigMap`.
    ConfigMap(ConfigMap),
    /// A `storage.k8s.io/v1` `StorageClass`.
    StorageClass(StorageClass),
    /// A `v1` `PersistentVolume`.
    PersistentVolume(PersistentVolume),
    /// A `v1` `PersistentVolumeClaim`.
    PersistentVolumeClaim(PersistentVolumeClaim),
    /// A `v1` `Service`.
    Service(Service),
    /// A `networking.k8s.io/v1` `NetworkPolicy`.
    NetworkPolicy(NetworkPolicy),
    /// A `v1` `Pod`.
    Pod(Pod),
    /// An `apps/v1` `Deployment`.
    Deployment(Deployment),
    /// An `apps/v1` `StatefulSet`.
    StatefulSet(StatefulSet),
    /// An `apps/v1` `DaemonSet`.
    DaemonSet(DaemonSet),
    /// A `batch/v1` `Job`.
    Job(Job),
    /// A `batch/v1` `CronJob`.
    CronJob(CronJob),
}

/// Runs `$body` with `$o` bound to the inner object of `$object`, whatever its variant.
macro_rules! each_object {
    ($object:expr, $o:ident => $body:expr) => {
        match $object {
            Object::Namespace($o) => $body,
            Object::ServiceAccount($o) => $body,
            Object::ClusterRole($o) => $body,
            Object::ClusterRoleBinding($o) => $body,
            Object::Role($o) => $body,
            Object::RoleBinding($o) => $body,
            Object::Secret($o) => $body,
            Object::ConfigMap($o) => $body,
            Object::StorageClass($o) => $body,
            Object::PersistentVolume($o) => $body,
            Object::PersistentVolumeClaim($o) => $body,
            Object::Service($o) => $body,
            Object::NetworkPolicy($o) => $body,
            Object::Pod($o) => $body,
            Object::Deployment($o) => $body,
            Object::StatefulSet($o) => $body,
            Object::DaemonSet($o) => $body,
            Object::Job($o) => $body,
            Object::CronJob($o) => $body,
        }
    };
}

macro_rules! impl_from {
    ($($variant:ident),* $(,)?) => {
        $(
            impl From<$variant> for Object {
                fn from(object: $variant) -> Self {
                    Object::$variant(object)
                }
            }
        )*
    };
}

impl_from!(
    Namespace,
    ServiceAccount,
    ClusterRole,
    ClusterRoleBinding,
    Role,
    RoleBinding,
    Secret,
    ConfigMap,
    StorageClass,
    PersistentVolume,
    PersistentVolumeClaim,
    Service,
    NetworkPolicy,
    Pod,
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
);

/// Number of kinds, i.e. of positions in the apply order.
const KINDS: usize = 19;

fn kind_of<T: Resource>(_: &T) -> &'static str {
    T::KIND
}

fn api_version_of<T: Resource>(_: &T) -> &'static str {
    T::API_VERSION
}

impl Object {
    /// The object's `kind`, for example `"ConfigMap"`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::apps::v1::Deployment;
    /// # use kubeforge::Object;
    /// assert_eq!(Object::from(Deployment::default()).kind(), "Deployment");
    /// ```
    #[must_use]
    pub fn kind(&self) -> &'static str {
        each_object!(self, o => kind_of(o))
    }

    /// The object's `apiVersion`, for example `"apps/v1"`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::apps::v1::Deployment;
    /// # use kubeforge::Object;
    /// assert_eq!(Object::from(Deployment::default()).api_version(), "apps/v1");
    /// ```
    #[must_use]
    pub fn api_version(&self) -> &'static str {
        each_object!(self, o => api_version_of(o))
    }

    /// The object's `metadata`.
    #[must_use]
    pub fn metadata(&self) -> &ObjectMeta {
        each_object!(self, o => o.metadata())
    }

    /// The object's `metadata.name`, or `""` when unset.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::ConfigMap;
    /// # use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    /// # use kubeforge::Object;
    /// let mut cm = ConfigMap::default();
    /// assert_eq!(Object::from(cm.clone()).name(), "");
    /// cm.metadata.name = Some("web".into());
    /// assert_eq!(Object::from(cm).name(), "web");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        self.metadata().name.as_deref().unwrap_or("")
    }

    /// The object's `metadata.namespace`, if set.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::ConfigMap;
    /// # use kubeforge::Object;
    /// let mut cm = ConfigMap::default();
    /// cm.metadata.namespace = Some("prod".into());
    /// assert_eq!(Object::from(cm).namespace(), Some("prod"));
    /// ```
    #[must_use]
    pub fn namespace(&self) -> Option<&str> {
        self.metadata().namespace.as_deref()
    }

    /// Position of the object's kind in the apply order: 0 for `Namespace` ... 18 for
    /// `NetworkPolicy`. Also the `NN` prefix of [`Bundle::write_dir`]'s file names.
    fn rank(&self) -> usize {
        match self {
            Object::Namespace(_) => 0,
            Object::ServiceAccount(_) => 1,
            Object::ClusterRole(_) => 2,
            Object::ClusterRoleBinding(_) => 3,
            Object::Role(_) => 4,
            Object::RoleBinding(_) => 5,
            Object::Secret(_) => 6,
            Object::ConfigMap(_) => 7,
            Object::StorageClass(_) => 8,
            Object::PersistentVolume(_) => 9,
            Object::PersistentVolumeClaim(_) => 10,
            Object::Service(_) => 11,
            Object::DaemonSet(_) => 12,
            Object::Pod(_) => 13,
            Object::Deployment(_) => 14,
            Object::StatefulSet(_) => 15,
            Object::Job(_) => 16,
            Object::CronJob(_) => 17,
            Object::NetworkPolicy(_) => 18,
        }
    }

    /// `Kind/name` (or `Kind/namespace/name`), used as error context.
    fn label(&self) -> String {
        match self.namespace() {
            Some(ns) if !ns.is_empty() => format!("{}/{ns}/{}", self.kind(), self.name()),
            _ => format!("{}/{}", self.kind(), self.name()),
        }
    }

    /// The file name [`Bundle::write_dir`] uses for this object.
    fn file_name(&self) -> String {
        let mut out = format!("{:02}-{}-", self.rank(), self.kind().to_ascii_lowercase());
        if let Some(ns) = self.namespace().filter(|ns| !ns.is_empty()) {
            push_escaped(&mut out, ns);
            out.push('_');
        }
        push_escaped(&mut out, self.name());
        out.push_str(".yaml");
        out
    }
}

/// Appends `s` with every byte outside `[a-z0-9.-]` written as `%XX` (upper-case hex), so
/// names stay readable, never contain `/`, `_` or upper-case letters, and distinct inputs stay
/// distinct even on case-insensitive file systems.
fn push_escaped(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.' {
            out.push(char::from(b));
        } else {
            out.push('%');
            for nibble in [b >> 4, b & 0x0f] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        }
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        each_object!(self, o => o.serialize(serializer))
    }
}

/// An ordered set of objects written as one multi-document YAML stream, JSON, or a directory.
///
/// Objects come out in apply order, whatever order they were added in: `Namespace`,
/// `ServiceAccount`, `ClusterRole`, `ClusterRoleBinding`, `Role`, `RoleBinding`, `Secret`,
/// `ConfigMap`, `StorageClass`, `PersistentVolume`, `PersistentVolumeClaim`, `Service`, then the
/// workloads (`DaemonSet`, `Pod`, `Deployment`, `StatefulSet`, `Job`, `CronJob`) and
/// `NetworkPolicy` last. Objects of one kind keep the order they were added in. The same bundle
/// always gives byte-identical output.
///
/// # Examples
///
/// ```
/// use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
/// use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
/// use kubeforge::Bundle;
///
/// let meta = |name: &str| ObjectMeta { name: Some(name.into()), ..ObjectMeta::default() };
/// let bundle = Bundle::new()
///     .with(ConfigMap { metadata: meta("cfg"), ..ConfigMap::default() })
///     .with(Namespace { metadata: meta("prod"), ..Namespace::default() });
/// assert_eq!(
///     bundle.to_yaml()?,
///     "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n\
///      ---\n\
///      apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n"
/// );
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Default, PartialEq)]
#[must_use]
pub struct Bundle {
    /// Objects bucketed by [`Object::rank`], each bucket in insertion order.
    by_rank: [Vec<Object>; KINDS],
}

/// `Debug` of an object; a Secret shows its keys, never its values.
impl fmt::Debug for Object {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Secret(s) => f
                .debug_struct("Secret")
                .field("metadata", &s.metadata)
                .field("type_", &s.type_)
                .field("immutable", &s.immutable)
                .field(
                    "data_keys",
                    &s.data.iter().flatten().map(|(k, _)| k).collect::<Vec<_>>(),
                )
                .field(
                    "string_data_keys",
                    &s.string_data
                        .iter()
                        .flatten()
                        .map(|(k, _)| k)
                        .collect::<Vec<_>>(),
                )
                .finish_non_exhaustive(),
            Self::Namespace(o) => o.fmt(f),
            Self::ServiceAccount(o) => o.fmt(f),
            Self::ClusterRole(o) => o.fmt(f),
            Self::ClusterRoleBinding(o) => o.fmt(f),
            Self::Role(o) => o.fmt(f),
            Self::RoleBinding(o) => o.fmt(f),
            Self::ConfigMap(o) => o.fmt(f),
            Self::StorageClass(o) => o.fmt(f),
            Self::PersistentVolume(o) => o.fmt(f),
            Self::PersistentVolumeClaim(o) => o.fmt(f),
            Self::Service(o) => o.fmt(f),
            Self::NetworkPolicy(o) => o.fmt(f),
            Self::Pod(o) => o.fmt(f),
            Self::Deployment(o) => o.fmt(f),
            Self::StatefulSet(o) => o.fmt(f),
            Self::DaemonSet(o) => o.fmt(f),
            Self::Job(o) => o.fmt(f),
            Self::CronJob(o) => o.fmt(f),
        }
    }
}

impl fmt::Debug for Bundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bundle")
            .field("objects", &DebugObjects(self))
            .finish()
    }
}

struct DebugObjects<'a>(&'a Bundle);

impl fmt::Debug for DebugObjects<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.objects()).finish()
    }
}

impl Bundle {
    /// An empty bundle.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an object, builder style.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::{ConfigMap, Secret};
    /// # use kubeforge::Bundle;
    /// let bundle = Bundle::new().with(ConfigMap::default()).with(Secret::default());
    /// assert_eq!(bundle.len(), 2);
    /// ```
    pub fn with(mut self, object: impl Into<Object>) -> Self {
        self.push(object);
        self
    }

    /// Adds an object.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::ConfigMap;
    /// # use kubeforge::Bundle;
    /// let mut bundle = Bundle::new();
    /// for _ in 0..3 {
    ///     bundle.push(ConfigMap::default());
    /// }
    /// assert_eq!(bundle.len(), 3);
    /// ```
    pub fn push(&mut self, object: impl Into<Object>) {
        let object = object.into();
        if let Some(bucket) = self.by_rank.get_mut(object.rank()) {
            bucket.push(object);
        }
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.by_rank.iter().map(Vec::len).sum()
    }

    /// True when the bundle holds no object.
    pub fn is_empty(&self) -> bool {
        self.by_rank.iter().all(Vec::is_empty)
    }

    /// The objects in apply order (see [`Bundle`]); objects of one kind in insertion order.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::apps::v1::Deployment;
    /// # use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
    /// # use kubeforge::Bundle;
    /// let bundle = Bundle::new()
    ///     .with(Deployment::default())
    ///     .with(ConfigMap::default())
    ///     .with(Namespace::default());
    /// let kinds: Vec<_> = bundle.objects().map(|o| o.kind()).collect();
    /// assert_eq!(kinds, ["Namespace", "ConfigMap", "Deployment"]);
    /// ```
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.by_rank.iter().flatten()
    }

    /// The objects in the order of [`objects`](Self::objects), for editing in place.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::ConfigMap;
    /// let mut bundle = kubeforge::Bundle::new().with(ConfigMap::default());
    /// for o in bundle.objects_mut() {
    ///     if let kubeforge::Object::ConfigMap(cm) = o { cm.immutable = Some(true); }
    /// }
    /// assert!(bundle.to_yaml()?.contains("immutable: true"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn objects_mut(&mut self) -> impl Iterator<Item = &mut Object> {
        self.by_rank.iter_mut().flatten()
    }

    /// Writes all objects as one multi-document YAML stream, in apply order.
    ///
    /// Documents are joined with `---\n` (no marker before the first one) and written one at a
    /// time through a buffer, so memory use does not grow with the bundle. `w` is flushed at
    /// the end.
    ///
    /// # Errors
    ///
    /// A serialization error names the object (`Kind/name`); an I/O error from `w` is
    /// reported as an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::ConfigMap;
    /// # use kubeforge::Bundle;
    /// let mut out = Vec::new();
    /// Bundle::new().with(ConfigMap::default()).write_yaml(&mut out)?;
    /// assert_eq!(out, b"apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn write_yaml<W: io::Write>(&self, w: W) -> Result<(), Error> {
        // Handed over every 8 KiB (as a default `BufWriter` would), so an I/O error names
        // the object being written.
        let mut out = YamlWriter::with_buffer(w, 8 * 1024);
        for object in self.objects() {
            out.write_document(object, Some(object))?;
        }
        out.finish_as("YAML output").map(drop)
    }

    /// Returns all objects as one multi-document YAML stream (see [`Bundle::write_yaml`]).
    ///
    /// # Errors
    ///
    /// A serialization error names the object (`Kind/name`).
    pub fn to_yaml(&self) -> Result<String, Error> {
        let mut out = String::new();
        for (i, object) in self.objects().enumerate() {
            if i > 0 {
                out.push_str("---\n");
            }
            yaml::append(&mut out, object).map_err(|e| yaml_error(object, e))?;
        }
        Ok(out)
    }

    /// Writes all objects as one pretty-printed JSON `List`
    /// (`{"apiVersion": "v1", "kind": "List", "items": [...]}`, items in apply order), followed
    /// by a newline. `w` is flushed at the end.
    ///
    /// # Errors
    ///
    /// A serialization error names the object (`Kind/name`); an I/O error from `w` is
    /// reported as an I/O error.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::ConfigMap;
    /// # use kubeforge::Bundle;
    /// let mut out = Vec::new();
    /// Bundle::new().write_json(&mut out)?;
    /// assert_eq!(out, b"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": []\n}\n");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn write_json<W: io::Write>(&self, w: W) -> Result<(), Error> {
        let mut w = io::BufWriter::new(w);
        let failed = Cell::new(None);
        serde_json::to_writer_pretty(
            &mut w,
            &JsonList {
                bundle: self,
                failed: &failed,
            },
        )
        .map_err(|e| json_error(e, failed.get()))?;
        w.write_all(b"\n")
            .and_then(|()| w.flush())
            .map_err(|e| Error::io("JSON output", e))
    }

    /// Returns all objects as one pretty-printed JSON `List` (see [`Bundle::write_json`]).
    ///
    /// # Errors
    ///
    /// A serialization error names the object (`Kind/name`).
    pub fn to_json(&self) -> Result<String, Error> {
        let failed = Cell::new(None);
        let mut out = serde_json::to_string_pretty(&JsonList {
            bundle: self,
            failed: &failed,
        })
        .map_err(|e| json_error(e, failed.get()))?;
        out.push('\n');
        Ok(out)
    }

    /// Writes one YAML file per object into `dir` (created if missing) and returns what it did.
    ///
    /// # File names
    ///
    /// `NN-kind-name.yaml`, or `NN-kind-namespace_name.yaml` when `metadata.namespace` is set,
    /// for example `07-configmap-prod_web.yaml`. `NN` is the kind's position in the apply
    /// order (`00` for `Namespace` ... `18` for `NetworkPolicy`), so `ls` lists the files in apply order.
    /// In the namespace and name, every byte outside `[a-z0-9.-]` is written as `%XX`
    /// (`_` too), so the scheme is collision-free and safe on case-insensitive file systems;
    /// valid Kubernetes names are never escaped. Two objects of the same kind, namespace and
    /// name (including an empty and an unset namespace) would share a file: that is an
    /// error. Files of objects no longer in the bundle are left alone.
    ///
    /// # Writing
    ///
    /// - Every object is serialized to memory first, and names are checked for collisions:
    ///   on any error there, nothing is written (not even `dir`).
    /// - A file is rewritten only when its bytes (or, on Unix, its permission bits) differ
    ///   from the new content. Unchanged files are not touched, so their modification time is
    ///   kept (build scripts relying on `rerun-if-changed` stay quiet).
    /// - Each file is replaced atomically: written to a temporary file in `dir`, synced,
    ///   then renamed over the target. A later I/O error can leave earlier files updated,
    ///   but never a partly written file.
    /// - On Unix, `Secret` files get mode `0600` (from creation on), all others `0644`.
    ///
    /// # Errors
    ///
    /// A serialization error names the object (`Kind/name`). A file name collision is an
    /// I/O error of kind `InvalidInput` naming both objects. Failing to create `dir` or to
    /// read, write or rename a file is an I/O error naming the path.
    ///
    /// # Examples
    ///
    /// ```
    /// # use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
    /// # use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
    /// # use kubeforge::Bundle;
    /// # let dir = std::env::temp_dir().join(format!("kubeforge-doc-{}", std::process::id()));
    /// let cm = ConfigMap {
    ///     metadata: ObjectMeta {
    ///         name: Some("web".into()),
    ///         namespace: Some("prod".into()),
    ///         ..ObjectMeta::default()
    ///     },
    ///     ..ConfigMap::default()
    /// };
    /// let bundle = Bundle::new().with(cm);
    /// let first = bundle.write_dir(&dir)?;
    /// assert_eq!(first.written, [dir.join("07-configmap-prod_web.yaml")]);
    /// let second = bundle.write_dir(&dir)?;
    /// assert!(second.written.is_empty());
    /// assert_eq!(second.unchanged, first.written);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn write_dir(&self, dir: impl AsRef<Path>) -> Result<WriteSummary, Error> {
        let dir = dir.as_ref();
        let mut planned = Vec::with_capacity(self.len());
        let mut owners: BTreeMap<String, &Object> = BTreeMap::new();
        for object in self.objects() {
            let name = object.file_name();
            if let Some(previous) = owners.insert(name.clone(), object) {
                let message = format!(
                    "{} and {} would both be written to {name}",
                    previous.label(),
                    object.label()
                );
                return Err(Error::io(
                    dir.join(&name).display().to_string(),
                    io::Error::new(io::ErrorKind::InvalidInput, message),
                ));
            }
            let content = yaml::to_string(object).map_err(|e| yaml_error(object, e))?;
            planned.push(PlannedFile {
                path: dir.join(name),
                content: content.into_bytes(),
                private: matches!(object, Object::Secret(_)),
            });
        }

        fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        let mut summary = WriteSummary::default();
        for file in planned {
            if file.is_current()? {
                summary.unchanged.push(file.path);
            } else {
                file.write_atomically(dir)?;
                summary.written.push(file.path);
            }
        }
        if !summary.written.is_empty() {
            sync_dir(dir);
        }
        Ok(summary)
    }
}

impl<O: Into<Object>> Extend<O> for Bundle {
    fn extend<I: IntoIterator<Item = O>>(&mut self, objects: I) {
        for object in objects {
            self.push(object);
        }
    }
}

impl<O: Into<Object>> FromIterator<O> for Bundle {
    fn from_iter<I: IntoIterator<Item = O>>(objects: I) -> Self {
        let mut bundle = Bundle::new();
        bundle.extend(objects);
        bundle
    }
}

/// Writes ONE YAML document (no `---` marker, ending in a newline) through kubeforge's guarded
/// YAML writer, for callers that stream objects without building a [`Bundle`]. `w` is flushed
/// at the end. Joining such documents with `---\n` gives the same stream as
/// [`Bundle::write_yaml`].
///
/// # Errors
///
/// A serialization error (named `document`), or an I/O error from `w`.
///
/// # Examples
///
/// ```
/// # use k8s_openapi::api::core::v1::ConfigMap;
/// let cm = ConfigMap {
///     data: Some([("k".to_owned(), "\tx\n".to_owned())].into()),
///     ..ConfigMap::default()
/// };
/// let mut out = Vec::new();
/// kubeforge::write_yaml_document(&mut out, &cm)?;
/// assert_eq!(
///     String::from_utf8(out).unwrap(),
///     "apiVersion: v1\nkind: ConfigMap\ndata:\n  k: \"\\tx\\n\"\nmetadata: {}\n"
/// );
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn write_yaml_document<W: io::Write, T: Serialize>(mut w: W, value: &T) -> Result<(), Error> {
    const CONTEXT: &str = "document";
    // The whole document is built first, then handed to `w` in one call and without flushing
    // it: nothing is written half way, and a caller streaming thousands of documents into its
    // own BufWriter keeps its buffering.
    let document = yaml::to_string(value).map_err(|e| Error::serialize(CONTEXT.to_owned(), e))?;
    w.write_all(document.as_bytes())
        .map_err(|e| Error::io(CONTEXT, e))
}

/// Streams objects as one multi-document YAML stream, one document at a time (constant memory),
/// in the order given: for very large outputs, or to keep an order other than apply order.
///
/// The stream equals the documents joined with `---` lines, as [`Bundle::write_yaml`] writes
/// them.
///
/// # Examples
///
/// ```
/// use kubeforge::{ConfigMapBuilder, YamlWriter};
/// let mut out = YamlWriter::new(Vec::new());
/// for i in 0..2 {
///     out.write(&ConfigMapBuilder::new(format!("c{i}")).data("k", "v").build()?)?;
/// }
/// let text = String::from_utf8(out.finish()?).unwrap();
/// assert_eq!(text.matches("\n---\n").count(), 1);
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub struct YamlWriter<W: io::Write> {
    /// `None` only once [`YamlWriter::finish`] has taken it.
    out: Option<W>,
    /// Whole documents not yet handed to `out`.
    pending: String,
    /// `pending` is handed over once it holds this many bytes.
    buffer: usize,
    documents: usize,
}

/// What [`YamlWriter`]'s I/O errors name.
const STREAM: &str = "YAML stream";

/// How much YAML [`YamlWriter`] gathers before it hands it to its writer.
const STREAM_BUFFER: usize = 64 * 1024;

impl<W: io::Write> YamlWriter<W> {
    /// A stream writing into `w`, buffered: whole documents are gathered and handed to `w`
    /// 64 KiB at a time.
    ///
    /// # Examples
    ///
    /// ```
    /// let w = kubeforge::YamlWriter::new(std::io::sink());
    /// assert_eq!(w.documents(), 0);
    /// ```
    pub fn new(w: W) -> Self {
        Self::with_buffer(w, STREAM_BUFFER)
    }

    fn with_buffer(w: W, buffer: usize) -> Self {
        Self {
            out: Some(w),
            pending: String::with_capacity(buffer + buffer / 4),
            buffer,
            documents: 0,
        }
    }

    /// Appends one object as a document (preceded by `---` unless it is the first).
    ///
    /// A document that cannot be serialized leaves the stream as it was.
    ///
    /// # Errors
    ///
    /// A serialization error, or an I/O error from the underlying writer.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{ConfigMapBuilder, YamlWriter};
    /// let mut w = YamlWriter::new(Vec::new());
    /// w.write(&ConfigMapBuilder::new("c").build()?)?;
    /// assert_eq!(w.documents(), 1);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn write<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.write_document(value, None)
    }

    /// [`YamlWriter::write`]; errors name `object` when there is one, the stream otherwise.
    fn write_document<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
        object: Option<&Object>,
    ) -> Result<(), Error> {
        let start = self.pending.len();
        if self.documents > 0 {
            self.pending.push_str("---\n");
        }
        if let Err(e) = yaml::append(&mut self.pending, value) {
            self.pending.truncate(start);
            return Err(match object {
                Some(object) => yaml_error(object, e),
                None => Error::serialize(STREAM.to_owned(), e),
            });
        }
        self.documents += 1;
        if self.pending.len() >= self.buffer {
            self.hand_over().map_err(|e| match object {
                Some(object) => Error::io(writing(object), e),
                None => Error::io(STREAM, e),
            })?;
        }
        Ok(())
    }

    /// Hands the gathered documents to the underlying writer. They are dropped even when the
    /// write fails: how much of them went through is unknown then, and writing them again
    /// (from `Drop`) could repeat a part.
    fn hand_over(&mut self) -> io::Result<()> {
        let result = match &mut self.out {
            Some(out) => out.write_all(self.pending.as_bytes()),
            None => Ok(()),
        };
        self.pending.clear();
        result
    }

    /// How many documents were written.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::YamlWriter::new(Vec::new()).documents(), 0);
    /// ```
    pub fn documents(&self) -> usize {
        self.documents
    }

    /// Writes what is buffered, flushes the underlying writer and returns it.
    ///
    /// # Errors
    ///
    /// An I/O error from the final write or flush.
    ///
    /// # Examples
    ///
    /// ```
    /// let out = kubeforge::YamlWriter::new(Vec::new()).finish()?;
    /// assert!(out.is_empty());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn finish(self) -> Result<W, Error> {
        self.finish_as(STREAM)
    }

    fn finish_as(mut self, context: &str) -> Result<W, Error> {
        self.hand_over().map_err(|e| Error::io(context, e))?;
        let mut out = self.out.take().ok_or_else(|| {
            Error::io(context, io::Error::other("the stream was already finished"))
        })?;
        out.flush().map_err(|e| Error::io(context, e))?;
        Ok(out)
    }
}

/// Like `BufWriter`, a stream dropped without [`YamlWriter::finish`] still hands over what it
/// gathered (errors are ignored then; call `finish` to see them).
impl<W: io::Write> Drop for YamlWriter<W> {
    fn drop(&mut self) {
        let _ = self.hand_over();
    }
}

/// Shows the counts only: the gathered YAML may hold Secret data.
impl<W: io::Write> fmt::Debug for YamlWriter<W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("YamlWriter")
            .field("documents", &self.documents)
            .field("pending_bytes", &self.pending.len())
            .finish_non_exhaustive()
    }
}

/// What [`Bundle::write_dir`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct WriteSummary {
    /// Files created or replaced, in apply order.
    pub written: Vec<PathBuf>,
    /// Files whose content was already right and were left untouched (modification time
    /// kept), in apply order.
    pub unchanged: Vec<PathBuf>,
}

fn writing(object: &Object) -> String {
    format!("writing {}", object.label())
}

fn yaml_error(object: &Object, e: serde_saphyr::SerializeError) -> Error {
    match e {
        serde_saphyr::SerializeError::IO { error } => Error::io(writing(object), error),
        other => Error::serialize(object.label(), other),
    }
}

fn json_error(e: serde_json::Error, object: Option<&Object>) -> Error {
    if e.is_io() {
        let context = object.map_or_else(|| "JSON output".to_owned(), writing);
        Error::io(context, io::Error::from(e))
    } else {
        let context = object.map_or_else(|| "List".to_owned(), Object::label);
        Error::serialize(context, e)
    }
}

/// The `kind: List` written by [`Bundle::write_json`]; records which object failed, if any.
struct JsonList<'a> {
    bundle: &'a Bundle,
    failed: &'a Cell<Option<&'a Object>>,
}

impl Serialize for JsonList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_struct("List", 3)?;
        list.serialize_field("apiVersion", "v1")?;
        list.serialize_field("kind", "List")?;
        list.serialize_field("items", &JsonItems(self))?;
        list.end()
    }
}

struct JsonItems<'a, 'b>(&'a JsonList<'b>);

impl Serialize for JsonItems<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.bundle.len()))?;
        for object in self.0.bundle.objects() {
            seq.serialize_element(object).inspect_err(|_| {
                self.0.failed.set(Some(object));
            })?;
        }
        seq.end()
    }
}

struct PlannedFile {
    path: PathBuf,
    content: Vec<u8>,
    /// Secrets: mode 0600 on Unix.
    private: bool,
}

impl PlannedFile {
    #[cfg(unix)]
    fn mode(&self) -> u32 {
        if self.private { 0o600 } else { 0o644 }
    }

    fn io_error(&self, e: io::Error) -> Error {
        Error::io(self.path.display().to_string(), e)
    }

    /// True when the file exists with exactly the planned bytes (and, on Unix, mode).
    fn is_current(&self) -> Result<bool, Error> {
        let metadata = match fs::metadata(&self.path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(self.io_error(e)),
        };
        if !metadata.is_file() || metadata.len() != self.content.len() as u64 {
            return Ok(false);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            if metadata.permissions().mode() & 0o777 != self.mode() {
                return Ok(false);
            }
        }
        let existing = fs::read(&self.path).map_err(|e| self.io_error(e))?;
        Ok(existing == self.content)
    }

    /// Writes a temporary file next to the target, syncs it and renames it over the target.
    fn write_atomically(&self, dir: &Path) -> Result<(), Error> {
        let file_name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
        let result = self
            .write_temp(&temp)
            .and_then(|()| fs::rename(&temp, &self.path).map_err(|e| self.io_error(e)));
        if result.is_err() {
            // Best effort: the temporary file is useless now.
            let _ = fs::remove_file(&temp);
        }
        result
    }

    fn write_temp(&self, temp: &Path) -> Result<(), Error> {
        let temp_error = |e| Error::io(temp.display().to_string(), e);
        let mut file = match create_new(temp) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                // Left over from a crashed run of a process with the same id.
                fs::remove_file(temp).map_err(temp_error)?;
                create_new(temp)
            }
            other => other,
        }
        .map_err(temp_error)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            file.set_permissions(fs::Permissions::from_mode(self.mode()))
                .map_err(temp_error)?;
        }
        file.write_all(&self.content).map_err(temp_error)?;
        file.sync_all().map_err(temp_error)
    }
}

/// Creates `path`, failing if it exists; on Unix readable by the owner only from the start,
/// so a Secret is never briefly world-readable.
fn create_new(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}

/// Best effort: persists the renames in `dir` (Unix only; some file systems refuse it).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use k8s_openapi::api::core::v1::{Container, PodSpec};
    use proptest::prelude::*;

    use super::*;

    fn meta(name: &str) -> ObjectMeta {
        ObjectMeta {
            name: Some(name.to_owned()),
            ..ObjectMeta::default()
        }
    }

    fn config_map(name: &str, data: &[(&str, &str)]) -> ConfigMap {
        ConfigMap {
            metadata: meta(name),
            data: Some(
                data.iter()
                    .map(|&(k, v)| (k.to_owned(), v.to_owned()))
                    .collect(),
            ),
            ..ConfigMap::default()
        }
    }

    fn secret(name: &str) -> Secret {
        Secret {
            metadata: meta(name),
            string_data: Some(BTreeMap::from([(
                "password".to_owned(),
                "hunter2".to_owned(),
            )])),
            ..Secret::default()
        }
    }

    /// One object of every variant, named after its kind, in enum declaration order.
    fn one_of_each() -> Vec<Object> {
        macro_rules! named {
            ($($ty:ident),*) => {
                vec![$({
                    let mut o = $ty::default();
                    o.metadata = meta(&stringify!($ty).to_ascii_lowercase());
                    Object::from(o)
                }),*]
            };
        }
        named!(
            Namespace,
            ServiceAccount,
            ClusterRole,
            ClusterRoleBinding,
            Role,
            RoleBinding,
            Secret,
            ConfigMap,
            StorageClass,
            PersistentVolume,
            PersistentVolumeClaim,
            Service,
            NetworkPolicy,
            Pod,
            Deployment,
            StatefulSet,
            DaemonSet,
            Job,
            CronJob
        )
    }

    const APPLY_ORDER: [&str; KINDS] = [
        "Namespace",
        "ServiceAccount",
        "ClusterRole",
        "ClusterRoleBinding",
        "Role",
        "RoleBinding",
        "Secret",
        "ConfigMap",
        "StorageClass",
        "PersistentVolume",
        "PersistentVolumeClaim",
        "Service",
        "DaemonSet",
        "Pod",
        "Deployment",
        "StatefulSet",
        "Job",
        "CronJob",
        "NetworkPolicy",
    ];

    /// A fresh, empty directory under the system temp dir.
    fn temp_dir(test: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kubeforge-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    fn yaml_as_json(yaml: &str) -> Vec<serde_json::Value> {
        serde_saphyr::from_str_multiple(yaml).unwrap()
    }

    #[test]
    fn every_variant_has_kind_api_version_and_serializes() {
        let objects = one_of_each();
        assert_eq!(objects.len(), KINDS);
        let bundle: Bundle = objects.iter().cloned().collect();
        let kinds: Vec<&str> = bundle.objects().map(Object::kind).collect();
        assert_eq!(kinds, APPLY_ORDER);
        for object in &objects {
            assert_eq!(object.name(), object.kind().to_ascii_lowercase());
            assert_eq!(object.namespace(), None);
            let yaml = yaml::to_string(object).unwrap();
            assert!(
                yaml.starts_with(&format!(
                    "apiVersion: {}\nkind: {}\n",
                    object.api_version(),
                    object.kind()
                )),
                "{yaml}"
            );
            let json = serde_json::to_value(object).unwrap();
            assert_eq!(json["kind"], object.kind());
            assert_eq!(json["apiVersion"], object.api_version());
        }
        let api_versions: BTreeMap<&str, &str> = objects
            .iter()
            .map(|o| (o.kind(), o.api_version()))
            .collect();
        assert_eq!(api_versions["ClusterRole"], "rbac.authorization.k8s.io/v1");
        assert_eq!(api_versions["StorageClass"], "storage.k8s.io/v1");
        assert_eq!(api_versions["NetworkPolicy"], "networking.k8s.io/v1");
        assert_eq!(api_versions["CronJob"], "batch/v1");
        assert_eq!(api_versions["StatefulSet"], "apps/v1");
        assert_eq!(yaml_as_json(&bundle.to_yaml().unwrap()).len(), KINDS);
    }

    #[test]
    fn objects_come_out_in_apply_order_and_stable_within_a_kind() {
        let mut objects = one_of_each();
        objects.reverse();
        let mut bundle = Bundle::new().with(config_map("b", &[])).with(Deployment {
            metadata: meta("web"),
            ..Deployment::default()
        });
        bundle.extend(objects);
        bundle.push(config_map("a", &[]));
        bundle.extend([secret("s2"), secret("s1")]);
        let order: Vec<String> = bundle
            .objects()
            .map(|o| format!("{}/{}", o.kind(), o.name()))
            .collect();
        let mut expected = Vec::new();
        for kind in APPLY_ORDER {
            let lower = kind.to_ascii_lowercase();
            match kind {
                "Secret" => {
                    expected.extend(["Secret/secret", "Secret/s2", "Secret/s1"].map(String::from));
                }
                "ConfigMap" => expected.extend(
                    ["ConfigMap/b", "ConfigMap/configmap", "ConfigMap/a"].map(String::from),
                ),
                "Deployment" => {
                    expected.extend(["Deployment/web", "Deployment/deployment"].map(String::from));
                }
                _ => expected.push(format!("{kind}/{lower}")),
            }
        }
        assert_eq!(order, expected);
        assert_eq!(bundle.len(), KINDS + 5);
        assert!(!bundle.is_empty());
        assert!(Bundle::new().is_empty());
        let debug = format!("{bundle:?}");
        assert!(
            debug.starts_with("Bundle { objects: [Namespace {"),
            "{debug}"
        );
    }

    proptest! {
        #[test]
        fn apply_order_is_a_stable_sort_by_kind(kinds in proptest::collection::vec(0..KINDS, 0..40)) {
            let all = one_of_each();
            let mut bundle = Bundle::new();
            let mut pushed = Vec::new();
            for (i, &k) in kinds.iter().enumerate() {
                let mut object = all[k].clone();
                each_object!(&mut object, o => o.metadata.name = Some(format!("o{i}")));
                pushed.push((object.rank(), object.name().to_owned()));
                bundle.push(object);
            }
            pushed.sort_by_key(|&(rank, _)| rank);
            let got: Vec<(usize, String)> =
                bundle.objects().map(|o| (o.rank(), o.name().to_owned())).collect();
            prop_assert_eq!(got, pushed);
        }
    }

    #[test]
    fn yaml_stream_is_documents_joined_with_markers() {
        let bundle = Bundle::new()
            .with(config_map("b", &[("k", "v")]))
            .with(Namespace {
                metadata: meta("ns"),
                ..Namespace::default()
            });
        let yaml = bundle.to_yaml().unwrap();
        let docs: Vec<String> = bundle
            .objects()
            .map(|o| yaml::to_string(o).unwrap())
            .collect();
        assert_eq!(yaml, docs.join("---\n"));
        assert!(!yaml.starts_with("---"));
        let mut written = Vec::new();
        bundle.write_yaml(&mut written).unwrap();
        assert_eq!(written, yaml.as_bytes());
        let mut one_by_one = Vec::new();
        for (i, object) in bundle.objects().enumerate() {
            if i > 0 {
                one_by_one.extend_from_slice(b"---\n");
            }
            write_yaml_document(&mut one_by_one, object).unwrap();
        }
        assert_eq!(one_by_one, written);
        assert_eq!(Bundle::new().to_yaml().unwrap(), "");
    }

    #[test]
    fn json_is_a_pretty_list_with_trailing_newline() {
        let bundle = Bundle::new().with(config_map("cfg", &[("k", "v")]));
        let json = bundle.to_json().unwrap();
        assert_eq!(
            json,
            "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\",\n  \"items\": [\n    {\n      \
             \"apiVersion\": \"v1\",\n      \"kind\": \"ConfigMap\",\n      \"data\": {\n        \
             \"k\": \"v\"\n      },\n      \"metadata\": {\n        \"name\": \"cfg\"\n      }\n    \
             }\n  ]\n}\n"
        );
        let mut written = Vec::new();
        bundle.write_json(&mut written).unwrap();
        assert_eq!(written, json.as_bytes());
    }

    #[test]
    fn yaml_and_json_are_equal_as_data() {
        let bundle: Bundle = one_of_each().into_iter().collect();
        let from_yaml = yaml_as_json(&bundle.to_yaml().unwrap());
        let list: serde_json::Value = serde_json::from_str(&bundle.to_json().unwrap()).unwrap();
        let items = list["items"].as_array().unwrap();
        assert_eq!(items.len(), from_yaml.len());
        for (json, yaml) in items.iter().zip(&from_yaml) {
            assert_eq!(json, yaml);
        }
    }

    #[test]
    fn output_is_deterministic() {
        let build = || {
            let bundle: Bundle = one_of_each().into_iter().rev().collect();
            bundle
        };
        let (a, b) = (build(), build());
        assert_eq!(a, b);
        assert_eq!(a.to_yaml().unwrap(), b.to_yaml().unwrap());
        assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
    }

    #[test]
    fn unset_fields_make_no_noise() {
        let pod = Pod {
            metadata: meta("p"),
            spec: Some(PodSpec {
                containers: vec![Container {
                    name: "app".to_owned(),
                    image: Some("nginx:1.27".to_owned()),
                    ..Container::default()
                }],
                ..PodSpec::default()
            }),
            ..Pod::default()
        };
        let yaml = Bundle::new().with(pod).to_yaml().unwrap();
        assert_eq!(
            yaml,
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - \
             image: nginx:1.27\n    name: app\n"
        );
        for noise in ["[]", "{}", "null", "~"] {
            assert!(!yaml.contains(noise), "{noise} in {yaml}");
        }
    }

    #[test]
    fn file_names_follow_apply_order_and_escape_odd_names() {
        let mut cm = config_map("web.v1", &[]);
        cm.metadata.namespace = Some("prod".to_owned());
        assert_eq!(
            Object::from(cm).file_name(),
            "07-configmap-prod_web.v1.yaml"
        );
        assert_eq!(
            Object::from(config_map("../Up_per/x", &[])).file_name(),
            "07-configmap-..%2FUp%5Fper%2Fx.yaml".replace("Up", "%55p")
        );
        assert_eq!(
            Object::from(config_map("é", &[])).file_name(),
            "07-configmap-%C3%A9.yaml"
        );
        assert_eq!(
            Object::from(ConfigMap::default()).file_name(),
            "07-configmap-.yaml"
        );
        let names: Vec<String> = one_of_each().iter().map(Object::file_name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        let in_apply_order: Vec<String> = one_of_each()
            .into_iter()
            .collect::<Bundle>()
            .objects()
            .map(Object::file_name)
            .collect();
        assert_eq!(sorted, in_apply_order);
        assert!(names.contains(&"10-persistentvolumeclaim-persistentvolumeclaim.yaml".to_owned()));
        assert!(names.contains(&"18-networkpolicy-networkpolicy.yaml".to_owned()));
    }

    fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, std::time::SystemTime, u64)> {
        let mut files = BTreeMap::new();
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let metadata = entry.metadata().unwrap();
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
            #[cfg(not(unix))]
            let inode = 0;
            files.insert(
                entry.file_name().into_string().unwrap(),
                (
                    fs::read(entry.path()).unwrap(),
                    metadata.modified().unwrap(),
                    inode,
                ),
            );
        }
        files
    }

    #[test]
    fn write_dir_writes_each_object_once_and_then_leaves_files_alone() {
        let dir = temp_dir("write-dir").join("nested");
        let mut cm = config_map("app", &[("k", "v")]);
        let bundle = Bundle::new()
            .with(cm.clone())
            .with(secret("creds"))
            .with(Namespace {
                metadata: meta("prod"),
                ..Namespace::default()
            });

        let first = bundle.write_dir(&dir).unwrap();
        let names = [
            "00-namespace-prod.yaml",
            "06-secret-creds.yaml",
            "07-configmap-app.yaml",
        ];
        assert_eq!(first.written, names.map(|n| dir.join(n)));
        assert!(first.unchanged.is_empty());
        let before = snapshot(&dir);
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            names.iter().collect::<Vec<_>>()
        );
        for (object, name) in bundle.objects().zip(names) {
            assert_eq!(before[name].0, yaml::to_string(object).unwrap().as_bytes());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |n: &str| fs::metadata(dir.join(n)).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode("06-secret-creds.yaml"), 0o600);
            assert_eq!(mode("00-namespace-prod.yaml"), 0o644);
            assert_eq!(mode("07-configmap-app.yaml"), 0o644);
        }

        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = bundle.write_dir(&dir).unwrap();
        assert!(second.written.is_empty());
        assert_eq!(second.unchanged, first.written);
        assert_eq!(
            snapshot(&dir),
            before,
            "unchanged files keep bytes, mtime and inode"
        );

        cm.data = Some(BTreeMap::from([("k".to_owned(), "changed".to_owned())]));
        let changed = Bundle::new()
            .with(cm)
            .with(secret("creds"))
            .with(Namespace {
                metadata: meta("prod"),
                ..Namespace::default()
            });
        let third = changed.write_dir(&dir).unwrap();
        assert_eq!(third.written, [dir.join("07-configmap-app.yaml")]);
        assert_eq!(
            third.unchanged,
            [
                dir.join("00-namespace-prod.yaml"),
                dir.join("06-secret-creds.yaml")
            ]
        );
        let after = snapshot(&dir);
        assert_eq!(
            after["00-namespace-prod.yaml"],
            before["00-namespace-prod.yaml"]
        );
        assert_eq!(
            after["06-secret-creds.yaml"],
            before["06-secret-creds.yaml"]
        );
        assert_ne!(
            after["07-configmap-app.yaml"].0,
            before["07-configmap-app.yaml"].0
        );
        assert_eq!(after.len(), 3, "no temporary file is left behind");
        fs::remove_dir_all(dir.parent().unwrap()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn write_dir_fixes_a_secret_file_with_the_wrong_mode() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = temp_dir("mode");
        let bundle = Bundle::new().with(secret("creds"));
        bundle.write_dir(&dir).unwrap();
        let path = dir.join("06-secret-creds.yaml");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let summary = bundle.write_dir(&dir).unwrap();
        assert_eq!(summary.written, std::slice::from_ref(&path));
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn write_dir_refuses_colliding_names_and_writes_nothing() {
        let dir = temp_dir("collide");
        let mut in_empty_ns = config_map("same", &[]);
        in_empty_ns.metadata.namespace = Some(String::new());
        let bundle = Bundle::new()
            .with(config_map("other", &[]))
            .with(config_map("same", &[("a", "1")]))
            .with(in_empty_ns);
        let err = bundle.write_dir(&dir).unwrap_err();
        assert!(err.is_io());
        let message = err.to_string();
        assert!(message.contains("07-configmap-same.yaml"), "{message}");
        assert!(
            message.contains("ConfigMap/same and ConfigMap/same"),
            "{message}"
        );
        let source = std::error::Error::source(&err).unwrap();
        let io = source.downcast_ref::<io::Error>().unwrap();
        assert_eq!(io.kind(), io::ErrorKind::InvalidInput);
        assert!(!dir.exists(), "nothing is written, not even the directory");
    }

    #[test]
    fn write_dir_reports_io_errors_with_the_path() {
        let dir = temp_dir("io-error");
        fs::create_dir_all(&dir).unwrap();
        let blocker = dir.join("file");
        fs::write(&blocker, "x").unwrap();
        let err = Bundle::new()
            .with(config_map("c", &[]))
            .write_dir(blocker.join("sub"))
            .unwrap_err();
        assert!(err.is_io());
        assert!(err.to_string().contains("file/sub"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn yaml_writer_streams_in_64_kib_pieces_and_hands_over_on_drop() {
        /// Records the size of every write.
        #[derive(Default)]
        struct Recorder(Vec<usize>);
        impl io::Write for &mut Recorder {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.push(buf.len());
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let object = config_map("c", &[("k", &"v".repeat(1000))]);
        let mut recorder = Recorder::default();
        let mut w = YamlWriter::new(&mut recorder);
        for _ in 0..200 {
            w.write(&object).unwrap();
        }
        let pending = format!("{w:?}");
        drop(w);
        let total: usize = recorder.0.iter().sum();
        let one = yaml::to_string(&object).unwrap().len();
        assert_eq!(
            total,
            200 * one + 199 * 4,
            "every document reached the writer"
        );
        assert!(
            recorder.0.len() > 1 && recorder.0.len() < 10,
            "{:?}",
            recorder.0
        );
        assert!(
            recorder
                .0
                .iter()
                .all(|&n| n >= STREAM_BUFFER || n == *recorder.0.last().unwrap())
        );
        assert!(pending.contains("documents: 200"), "{pending}");
    }

    #[test]
    fn yaml_writer_does_not_write_again_after_a_failed_write() {
        /// Fails its first write, records the later ones.
        #[derive(Default)]
        struct FailsOnce {
            failed: bool,
            later: usize,
        }
        impl io::Write for &mut FailsOnce {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                if self.failed {
                    self.later += buf.len();
                    Ok(buf.len())
                } else {
                    self.failed = true;
                    Err(io::Error::other("disk full"))
                }
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut sink = FailsOnce::default();
        let mut w = YamlWriter::new(&mut sink);
        let big = config_map("big", &[("k", &"x".repeat(70_000))]);
        let err = w.write(&big).unwrap_err();
        assert!(err.is_io(), "{err}");
        drop(w);
        assert_eq!(sink.later, 0, "nothing is written again on drop");
    }

    #[test]
    fn yaml_writer_debug_never_shows_the_gathered_yaml() {
        let mut w = YamlWriter::new(Vec::new());
        w.write(&secret("s")).unwrap();
        let debug = format!("{w:?}");
        assert!(
            !debug.contains("hunter2") && !debug.contains("stringData"),
            "{debug}"
        );
        assert!(debug.contains("documents: 1"), "{debug}");
    }

    #[test]
    fn a_document_that_fails_to_serialize_leaves_the_stream_as_it_was() {
        use crate::yaml::tests::Failing;
        let mut w = YamlWriter::new(Vec::new());
        w.write(&config_map("a", &[])).unwrap();
        let err = w.write(&Failing).unwrap_err();
        assert!(err.to_string().contains("YAML stream"), "{err}");
        w.write(&config_map("b", &[])).unwrap();
        assert_eq!(w.documents(), 2);
        let text = String::from_utf8(w.finish().unwrap()).unwrap();
        assert!(!text.contains("half"), "{text}");
        assert_eq!(text.matches("---\n").count(), 1, "{text}");
    }

    #[test]
    fn writer_errors_are_io_errors_naming_the_object() {
        struct Broken;
        impl io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("pipe closed"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Err(io::Error::other("pipe closed"))
            }
        }
        let big = "x".repeat(20_000);
        let bundle = Bundle::new().with(config_map("big", &[("k", &big)]));
        let err = bundle.write_yaml(Broken).unwrap_err();
        assert!(err.is_io(), "{err}");
        assert!(err.to_string().contains("ConfigMap/big"), "{err}");
        let err = bundle.write_json(Broken).unwrap_err();
        assert!(err.is_io(), "{err}");
        assert!(err.to_string().contains("ConfigMap/big"), "{err}");
        let err = write_yaml_document(Broken, &ConfigMap::default()).unwrap_err();
        assert!(err.is_io(), "{err}");
    }
}
