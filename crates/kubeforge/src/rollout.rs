//! Rolling pods out when their configuration changes.
//!
//! Kubernetes does not restart pods when a ConfigMap or Secret they use changes: environment
//! variables are read once at container start, and files in volumes are refreshed in place (not
//! through `subPath`), which most applications never re-read. A new rollout needs a change in the
//! pod template. [`ConfigRollout`] gives each workload of a [`Bundle`] one of two ways to get it:
//!
//! - [`RolloutMode::Checksum`]: the annotation [`CHECKSUM_ANNOTATION`] on the pod template holds
//!   a SHA-256 over the content every pod references (whole objects for `envFrom` and volumes
//!   without `items`; only the named keys for `configMapKeyRef`/`secretKeyRef` and volume
//!   `items`). It changes if and only if that content changes, so `kubectl apply` rolls the
//!   workload exactly when needed. Objects stay mutable and keep their names.
//! - [`RolloutMode::HashedNames`]: every ConfigMap and Secret the workload references gets the
//!   name suffix kustomize's generators give (`app-config-fmdbgfghc4`, computed exactly as
//!   kustomize computes it, see [`kustomize_hash`]), becomes `immutable: true`, and every
//!   reference to it in the bundle is rewritten. A content change is a new object and a new
//!   template; the old version stays for pods still running it (rollbacks work). The label
//!   [`CONFIG_NAME_LABEL`] (the name before hashing) and `app.kubernetes.io/managed-by:
//!   kubeforge` let a pruner list every version of a configuration and delete those no
//!   workload references any more.
//!
//! ## What a content hash says about a Secret
//!
//! The checksum annotation sits on the workload, readable by anyone who may read Deployments,
//! usually a larger group than those who may read Secrets; a hashed name is visible to anyone
//! who may list Secrets or read the pod spec. A plain hash tells them when a secret changed, and
//! whether two Secrets (in other namespaces or clusters) hold the same value; for a low-entropy
//! secret (a PIN, a password from a list) it also confirms guesses offline, even truncated to
//! kustomize's 40 bits. [`ConfigRollout::keyed_secret_hash`] replaces the hash of any content
//! that includes a Secret with an HMAC-SHA256 under a key you keep out of the cluster: stable for
//! the same key and content, useless for guessing without the key. Hashed Secret names are then
//! no longer kustomize's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use k8s_openapi::api::core::v1::{ConfigMap, PodSpec, Secret};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use sha2::{Digest, Sha256};

use crate::bundle::{Bundle, Object};
use crate::compat::MaybeSpec;
use crate::error::{Error, Violation, ViolationKind};
use crate::validate::Path;
use crate::workload::WorkloadRef;

/// The pod-template annotation of [`RolloutMode::Checksum`].
pub const CHECKSUM_ANNOTATION: &str = "kubeforge.io/config-checksum";

/// The label of a hashed ConfigMap or Secret holding its name before hashing.
pub const CONFIG_NAME_LABEL: &str = "kubeforge.io/config-name";

/// How a workload rolls out when its configuration changes.
///
/// # Examples
///
/// ```
/// assert_ne!(kubeforge::RolloutMode::Checksum, kubeforge::RolloutMode::HashedNames);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RolloutMode {
    /// A checksum annotation over the referenced content on the pod template.
    Checksum,
    /// Immutable ConfigMaps and Secrets with kustomize's content-hash name suffix.
    HashedNames,
}

/// Which workloads of a bundle roll out on configuration change, and how.
///
/// # Examples
///
/// ```
/// use kubeforge::{Bundle, ConfigMapBuilder, ConfigRollout, ContainerBuilder, DeploymentBuilder, RolloutMode};
/// let config = ConfigMapBuilder::new("app-config").data("LOG_LEVEL", "info").build()?;
/// let web = DeploymentBuilder::new("web")
///     .container(ContainerBuilder::new("web", "nginx:1.27").env_from_config_map(&config))
///     .build()?;
/// let mut bundle = Bundle::new().with(config).with(web);
/// let report = ConfigRollout::all(RolloutMode::Checksum).apply(&mut bundle)?;
/// assert_eq!(report.checksums().len(), 1);
/// assert!(bundle.to_yaml()?.contains("kubeforge.io/config-checksum: "));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct ConfigRollout {
    default: Option<RolloutMode>,
    workloads: Vec<(String, String, RolloutMode)>,
    secret_key: Option<Vec<u8>>,
}

impl std::fmt::Debug for ConfigRollout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigRollout")
            .field("default", &self.default)
            .field("workloads", &self.workloads)
            .field(
                "secret_key",
                &self.secret_key.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl ConfigRollout {
    /// No workload opts in yet; pick them with [`workload`](Self::workload).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = kubeforge::ConfigRollout::new().workload("Deployment", "web", kubeforge::RolloutMode::Checksum);
    /// # let _ = r;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Every workload of the bundle uses `mode` (unless picked otherwise).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = kubeforge::ConfigRollout::all(kubeforge::RolloutMode::HashedNames);
    /// # let _ = r;
    /// ```
    pub fn all(mode: RolloutMode) -> Self {
        Self {
            default: Some(mode),
            ..Self::default()
        }
    }

    /// The workload `kind`/`name` (e.g. `Deployment`, `web`) uses `mode`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ConfigRollout, RolloutMode};
    /// let r = ConfigRollout::all(RolloutMode::Checksum).workload("StatefulSet", "db", RolloutMode::HashedNames);
    /// # let _ = r;
    /// ```
    pub fn workload(
        mut self,
        kind: impl Into<String>,
        name: impl Into<String>,
        mode: RolloutMode,
    ) -> Self {
        self.workloads.push((kind.into(), name.into(), mode));
        self
    }

    /// Hashes content that includes a Secret with HMAC-SHA256 under `key` (see the module
    /// docs for what a plain hash reveals).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = kubeforge::ConfigRollout::all(kubeforge::RolloutMode::Checksum).keyed_secret_hash(b"kept-outside-the-cluster".to_vec());
    /// assert!(!format!("{r:?}").contains("kept-outside"));
    /// ```
    pub fn keyed_secret_hash(mut self, key: impl Into<Vec<u8>>) -> Self {
        self.secret_key = Some(key.into());
        self
    }

    fn mode_of(&self, kind: &str, name: &str) -> Option<RolloutMode> {
        self.workloads
            .iter()
            .rev()
            .find(|(k, n, _)| k == kind && n == name)
            .map(|(_, _, m)| *m)
            .or(self.default)
    }

    /// Applies the chosen modes to `bundle`: renames and rewrites for hashed names first, then
    /// checksums.
    ///
    /// # Errors
    ///
    /// Two ConfigMaps or Secrets of one namespace that would get the same hashed name.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{Bundle, ConfigMapBuilder, ConfigRollout, ContainerBuilder, DeploymentBuilder, RolloutMode, SpecExt};
    /// let config = ConfigMapBuilder::new("app-config").data("LOG_LEVEL", "info").build()?;
    /// let web = DeploymentBuilder::new("web")
    ///     .container(ContainerBuilder::new("web", "nginx:1.27").env_from_config_map(&config))
    ///     .build()?;
    /// let mut bundle = Bundle::new().with(config).with(web);
    /// let report = ConfigRollout::all(RolloutMode::HashedNames).apply(&mut bundle)?;
    /// assert_eq!(report.renamed()[0].2, "app-config-hf678c7m2b"); // as `kubectl kustomize` names it
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn apply(&self, bundle: &mut Bundle) -> Result<RolloutReport, Error> {
        let mut report = RolloutReport::default();
        // Which objects each workload references, and how.
        let mut uses: Vec<(usize, RolloutMode, Vec<Use>)> = Vec::new();
        for (i, o) in bundle.objects().enumerate() {
            let Some(w) = WorkloadRef::from_object(o) else {
                continue;
            };
            let Some(mode) = self.mode_of(o.kind(), o.name()) else {
                continue;
            };
            let ns = o.namespace().unwrap_or_default().to_owned();
            let mut found = Vec::new();
            if let Some(spec) = w.pod_spec() {
                crate::validate::walk_pod_spec(spec, &Path::root(""), &mut |r, _| {
                    if r.kind == "ConfigMap" || r.kind == "Secret" {
                        found.push(Use {
                            kind: r.kind,
                            namespace: ns.clone(),
                            name: r.name.to_owned(),
                            keys: r.keys.iter().map(|k| (*k).to_owned()).collect(),
                        });
                    }
                });
            }
            uses.push((i, mode, found));
        }

        let renames = self.hashed_names(bundle, &uses, &mut report)?;
        self.checksums(bundle, &uses, &renames, &mut report);
        Ok(report)
    }

    fn hashed_names(
        &self,
        bundle: &mut Bundle,
        uses: &[(usize, RolloutMode, Vec<Use>)],
        report: &mut RolloutReport,
    ) -> Result<Renames, Error> {
        // Hashed names: rename every referenced object once, then rewrite every reference.
        let mut renames: Renames = BTreeMap::new();
        for (_, mode, found) in uses {
            if *mode != RolloutMode::HashedNames {
                continue;
            }
            for u in found {
                let key = (u.kind, u.namespace.clone(), u.name.clone());
                if renames.contains_key(&key) {
                    continue;
                }
                if let Some(o) = find(bundle, u.kind, &u.namespace, &u.name) {
                    let suffix = self.name_suffix(o);
                    renames.insert(key, format!("{}-{suffix}", u.name));
                }
            }
        }
        let mut taken = BTreeSet::new();
        for ((kind, ns, _), new) in &renames {
            if !taken.insert((*kind, ns.clone(), new.clone())) {
                return Err(Error::invalid(
                    Some(format!("{kind}/{new}")),
                    vec![Violation::new(
                        "metadata.name".to_owned(),
                        ViolationKind::Duplicate,
                        Some(crate::error::quote(new)),
                        None,
                    )],
                ));
            }
        }
        for o in bundle.objects_mut() {
            let ns = o.namespace().unwrap_or_default().to_owned();
            match o {
                Object::ConfigMap(cm) => {
                    let key = ("ConfigMap", ns, name_of(&cm.metadata));
                    if let Some(new) = renames.get(&key) {
                        mark_hashed(&mut cm.metadata, &key.2, new);
                        cm.immutable = Some(true);
                        report
                            .renamed
                            .push(("ConfigMap".into(), key.2, new.clone()));
                    }
                }
                Object::Secret(s) => {
                    let key = ("Secret", ns, name_of(&s.metadata));
                    if let Some(new) = renames.get(&key) {
                        mark_hashed(&mut s.metadata, &key.2, new);
                        s.immutable = Some(true);
                        report.renamed.push(("Secret".into(), key.2, new.clone()));
                    }
                }
                other => {
                    if let Some((_, spec)) = pod_template_mut(other) {
                        rewrite_refs(spec, &ns, &renames);
                    }
                }
            }
        }

        Ok(renames)
    }

    fn checksums(
        &self,
        bundle: &mut Bundle,
        uses: &[(usize, RolloutMode, Vec<Use>)],
        renames: &Renames,
        report: &mut RolloutReport,
    ) {
        // Checksums, over the content as it is now (names do not matter, content does).
        for (i, mode, found) in uses {
            if *mode != RolloutMode::Checksum {
                continue;
            }
            let mut wanted: BTreeMap<(&'static str, String, String), Option<BTreeSet<String>>> =
                BTreeMap::new();
            for u in found {
                let name = renames
                    .get(&(u.kind, u.namespace.clone(), u.name.clone()))
                    .cloned()
                    .unwrap_or_else(|| u.name.clone());
                let entry = wanted
                    .entry((u.kind, u.namespace.clone(), name))
                    .or_insert_with(|| Some(BTreeSet::new()));
                match (entry, u.keys.is_empty()) {
                    (entry, true) => *entry = None,
                    (Some(keys), false) => keys.extend(u.keys.iter().cloned()),
                    (None, false) => {}
                }
            }
            let mut encoded = Vec::new();
            let mut has_secret = false;
            let mut external = Vec::new();
            for ((kind, ns, name), keys) in &wanted {
                match find(bundle, kind, ns, name) {
                    Some(o) => {
                        has_secret |= *kind == "Secret";
                        encode_content(&mut encoded, o, keys.as_ref());
                    }
                    None => external.push(format!("{kind}/{name}")),
                }
            }
            let checksum = match (&self.secret_key, has_secret) {
                (Some(key), true) => hmac_hex(key, &encoded),
                _ => hex(&Sha256::digest(&encoded)),
            };
            if let Some(o) = bundle.objects_mut().nth(*i) {
                let workload = format!("{}/{}", o.kind(), o.name());
                if let Some((meta, _)) = pod_template_mut(o) {
                    meta.annotations
                        .get_or_insert_with(BTreeMap::new)
                        .insert(CHECKSUM_ANNOTATION.to_owned(), checksum.clone());
                }
                for e in external {
                    report.external.push((workload.clone(), e));
                }
                report.checksums.push((workload, checksum));
            }
        }
    }

    fn name_suffix(&self, o: &Object) -> String {
        let encoded = kustomize_encoding(o).unwrap_or_default();
        match (&self.secret_key, o) {
            (Some(key), Object::Secret(_)) => encode_suffix(&hmac_hex(key, encoded.as_bytes())),
            _ => encode_suffix(&hex(&Sha256::digest(encoded.as_bytes()))),
        }
    }
}

/// What [`ConfigRollout::apply`] did.
///
/// # Examples
///
/// ```
/// let report = kubeforge::ConfigRollout::new().apply(&mut kubeforge::Bundle::new())?;
/// assert!(report.checksums().is_empty() && report.renamed().is_empty() && report.external().is_empty());
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RolloutReport {
    checksums: Vec<(String, String)>,
    renamed: Vec<(String, String, String)>,
    external: Vec<(String, String)>,
}

impl RolloutReport {
    /// `(Kind/name of the workload, checksum)` for each workload in checksum mode.
    ///
    /// # Examples
    ///
    /// ```
    /// # let report = kubeforge::ConfigRollout::new().apply(&mut kubeforge::Bundle::new())?;
    /// for (workload, checksum) in report.checksums() { println!("{workload}: {checksum}"); }
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn checksums(&self) -> &[(String, String)] {
        &self.checksums
    }

    /// `(kind, old name, new name)` of each renamed ConfigMap or Secret.
    ///
    /// # Examples
    ///
    /// ```
    /// # let report = kubeforge::ConfigRollout::new().apply(&mut kubeforge::Bundle::new())?;
    /// assert!(report.renamed().is_empty());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn renamed(&self) -> &[(String, String, String)] {
        &self.renamed
    }

    /// `(workload, Kind/name)` of referenced objects not in the bundle (managed elsewhere):
    /// their content is not in the checksum.
    ///
    /// # Examples
    ///
    /// ```
    /// # let report = kubeforge::ConfigRollout::new().apply(&mut kubeforge::Bundle::new())?;
    /// assert!(report.external().is_empty());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn external(&self) -> &[(String, String)] {
        &self.external
    }
}

/// `(kind, namespace, old name)` → new name.
type Renames = BTreeMap<(&'static str, String, String), String>;

/// One reference of a workload: the whole object when `keys` is empty.
struct Use {
    kind: &'static str,
    namespace: String,
    name: String,
    keys: Vec<String>,
}

fn name_of(meta: &ObjectMeta) -> String {
    meta.name.clone().unwrap_or_default()
}

fn find<'b>(bundle: &'b Bundle, kind: &str, ns: &str, name: &str) -> Option<&'b Object> {
    bundle
        .objects()
        .find(|o| o.kind() == kind && o.name() == name && o.namespace().unwrap_or_default() == ns)
}

fn mark_hashed(meta: &mut ObjectMeta, base: &str, new: &str) {
    meta.name = Some(new.to_owned());
    let labels = meta.labels.get_or_insert_with(BTreeMap::new);
    labels.insert(CONFIG_NAME_LABEL.to_owned(), base.to_owned());
    labels
        .entry(crate::labels::MANAGED_BY.to_owned())
        .or_insert_with(|| "kubeforge".to_owned());
}

/// The pod template's metadata (a Pod's own) and pod spec of a workload.
fn pod_template_mut(o: &mut Object) -> Option<(&mut ObjectMeta, &mut PodSpec)> {
    let template = match o {
        Object::Pod(p) => return Some((&mut p.metadata, p.spec.get_or_insert_default())),
        Object::Deployment(d) => &mut d.spec.spec_mut().template,
        Object::StatefulSet(s) => &mut s.spec.spec_mut().template,
        Object::DaemonSet(d) => &mut d.spec.spec_mut().template,
        Object::Job(j) => &mut j.spec.get_or_insert_default().template,
        Object::CronJob(c) => {
            &mut c
                .spec
                .spec_mut()
                .job_template
                .spec
                .get_or_insert_default()
                .template
        }
        _ => return None,
    };
    Some((
        template.metadata.get_or_insert_default(),
        template.spec.get_or_insert_default(),
    ))
}

/// Rewrites every ConfigMap and Secret reference of `spec` that `renames` maps.
fn rewrite_refs(spec: &mut PodSpec, ns: &str, renames: &Renames) {
    if renames.is_empty() {
        return;
    }
    let rename = |kind: &'static str, name: &mut String| {
        if let Some(new) = renames.get(&(kind, ns.to_owned(), name.clone())) {
            name.clone_from(new);
        }
    };
    let containers = spec
        .containers
        .iter_mut()
        .chain(spec.init_containers.iter_mut().flatten())
        .map(|c| (&mut c.env, &mut c.env_from));
    let ephemeral = spec
        .ephemeral_containers
        .iter_mut()
        .flatten()
        .map(|c| (&mut c.env, &mut c.env_from));
    for (env, env_from) in containers.chain(ephemeral) {
        for e in env.iter_mut().flatten() {
            if let Some(vf) = &mut e.value_from {
                if let Some(r) = &mut vf.config_map_key_ref {
                    rename("ConfigMap", &mut r.name);
                }
                if let Some(r) = &mut vf.secret_key_ref {
                    rename("Secret", &mut r.name);
                }
            }
        }
        for e in env_from.iter_mut().flatten() {
            if let Some(r) = &mut e.config_map_ref {
                rename("ConfigMap", &mut r.name);
            }
            if let Some(r) = &mut e.secret_ref {
                rename("Secret", &mut r.name);
            }
        }
    }
    for v in spec.volumes.iter_mut().flatten() {
        if let Some(cm) = &mut v.config_map {
            rename("ConfigMap", &mut cm.name);
        }
        if let Some(s) = &mut v.secret
            && let Some(name) = &mut s.secret_name
        {
            rename("Secret", name);
        }
        for source in v
            .projected
            .iter_mut()
            .flat_map(|p| p.sources.iter_mut().flatten())
        {
            if let Some(cm) = &mut source.config_map {
                rename("ConfigMap", &mut cm.name);
            }
            if let Some(s) = &mut source.secret {
                rename("Secret", &mut s.name);
            }
        }
    }
}

/// Appends an unambiguous encoding of the referenced content of `o` (all keys when `keys` is
/// `None`): kind, name, then each key and value, every field length-prefixed.
fn encode_content(out: &mut Vec<u8>, o: &Object, keys: Option<&BTreeSet<String>>) {
    let mut field = |bytes: &[u8]| {
        out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
        out.extend_from_slice(bytes);
    };
    field(o.kind().as_bytes());
    field(o.name().as_bytes());
    let mut entries: BTreeMap<(u8, &str), &[u8]> = BTreeMap::new();
    match o {
        Object::ConfigMap(cm) => {
            for (k, v) in cm.data.iter().flatten() {
                entries.insert((b'd', k), v.as_bytes());
            }
            for (k, v) in cm.binary_data.iter().flatten() {
                entries.insert((b'b', k), &v.0);
            }
        }
        Object::Secret(s) => {
            for (k, v) in s.data.iter().flatten() {
                entries.insert((b'd', k), &v.0);
            }
            for (k, v) in s.string_data.iter().flatten() {
                entries.insert((b's', k), v.as_bytes());
            }
        }
        _ => {}
    }
    for ((tag, k), v) in entries {
        if keys.is_some_and(|keys| !keys.contains(k)) {
            continue;
        }
        field(&[tag]);
        field(k.as_bytes());
        field(v);
    }
    if let Some(keys) = keys {
        // A referenced key that is missing is content too (an optional key appearing later).
        for k in keys {
            let present = match o {
                Object::ConfigMap(cm) => {
                    cm.data.as_ref().is_some_and(|d| d.contains_key(k))
                        || cm.binary_data.as_ref().is_some_and(|d| d.contains_key(k))
                }
                Object::Secret(s) => {
                    s.data.as_ref().is_some_and(|d| d.contains_key(k))
                        || s.string_data.as_ref().is_some_and(|d| d.contains_key(k))
                }
                _ => true,
            };
            if !present {
                field(b"-");
                field(k.as_bytes());
            }
        }
    }
}

/// kustomize's content hash of a ConfigMap or Secret (`api/hasher`): the first 40 bits of the
/// SHA-256 of a JSON encoding of `kind`, `data` (`""` when absent), `binaryData` (ConfigMap) or
/// `stringData` and `type` (Secret), bytes in base64 wrapped at 70 characters as kustomize's
/// generators write them — and `name`, which kustomize looks up under a path that
/// never matches, so it is always `""`: renaming an object does not change its hash — as hex,
/// with `0 1 3 a e` mapped to `g h k m t`.
///
/// `kubectl create configmap --append-hash` computes another hash (with the name, and `{}` for
/// empty data).
///
/// # Examples
///
/// ```
/// use kubeforge::{ConfigMapBuilder, Object, kustomize_hash};
/// let cm = ConfigMapBuilder::new("app-config").data("A", "1").build()?;
/// assert_eq!(kustomize_hash(&Object::from(cm)).as_deref(), Some("89g4tffbfk"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[must_use]
pub fn kustomize_hash(object: &Object) -> Option<String> {
    let encoded = kustomize_encoding(object)?;
    Some(encode_suffix(&hex(&Sha256::digest(encoded.as_bytes()))))
}

fn kustomize_encoding(object: &Object) -> Option<String> {
    let b64 = kustomize_base64;
    // Top-level keys in Go's (sorted) map order.
    let mut top: BTreeMap<&str, Json> = BTreeMap::new();
    match object {
        Object::ConfigMap(ConfigMap {
            data, binary_data, ..
        }) => {
            top.insert("kind", Json::Str("ConfigMap".into()));
            top.insert(
                "data",
                string_map(
                    data.as_ref()
                        .map(|d| d.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                ),
            );
            if let Some(bd) = binary_data {
                top.insert(
                    "binaryData",
                    Json::Map(bd.iter().map(|(k, v)| (k.clone(), b64(&v.0))).collect()),
                );
            }
        }
        Object::Secret(Secret {
            data,
            string_data,
            type_,
            ..
        }) => {
            top.insert("kind", Json::Str("Secret".into()));
            top.insert("type", Json::Str(type_.clone().unwrap_or_default()));
            top.insert(
                "data",
                string_map(
                    data.as_ref()
                        .map(|d| d.iter().map(|(k, v)| (k.clone(), b64(&v.0))).collect()),
                ),
            );
            if let Some(sd) = string_data {
                top.insert(
                    "stringData",
                    Json::Map(sd.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                );
            }
        }
        _ => return None,
    }
    top.insert("name", Json::Str(String::new()));
    let mut out = String::new();
    out.push('{');
    for (i, (k, v)) in top.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        go_json_string(&mut out, k);
        out.push(':');
        match v {
            Json::Str(s) => go_json_string(&mut out, s),
            Json::Map(m) => {
                out.push('{');
                for (j, (k, v)) in m.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    go_json_string(&mut out, k);
                    out.push(':');
                    go_json_string(&mut out, v);
                }
                out.push('}');
            }
        }
    }
    out.push('}');
    Some(out)
}

/// Base64 as kustomize's generators write it (and hash it): standard alphabet, and when the
/// encoding is 70 characters or more, lines of 70 each ended by `\n` (`encodeBase64` in
/// kustomize's `api/internal/generators`).
fn kustomize_base64(bytes: &[u8]) -> String {
    const LINE: usize = 70;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    if encoded.len() < LINE {
        return encoded;
    }
    let mut out = String::with_capacity(encoded.len() + encoded.len() / LINE + 1);
    let mut rest = encoded.as_str();
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(LINE));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out
}

enum Json {
    Str(String),
    Map(BTreeMap<String, String>),
}

fn string_map(map: Option<BTreeMap<String, String>>) -> Json {
    map.map_or_else(|| Json::Str(String::new()), Json::Map)
}

/// A string as Go's `encoding/json` writes it (HTML-safe: `<`, `>`, `&`, U+2028 and U+2029
/// escaped; `\b \f \n \r \t` short; other control characters as `\u00xx`).
fn go_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn hmac_hex(key: &[u8], data: &[u8]) -> String {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            hex(&mac.finalize().into_bytes())
        }
        Err(_) => hex(&Sha256::digest(data)),
    }
}

/// kustomize's (and kubectl's) `encode`: the first 10 hex digits, `0 1 3 a e` → `g h k m t`.
fn encode_suffix(hex: &str) -> String {
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ConfigMapBuilder, SecretBuilder, SecretType};

    #[test]
    fn kustomize_hashes_of_its_own_test_suite() {
        // kustomize api/hasher tests: an empty ConfigMap, one empty key, a Secret of my-type.
        let empty = ConfigMap::default();
        assert_eq!(
            kustomize_hash(&Object::from(empty)).as_deref(),
            Some("6ct58987ht")
        );
        let one = ConfigMap {
            data: Some([("one".to_owned(), String::new())].into()),
            ..ConfigMap::default()
        };
        assert_eq!(
            kustomize_hash(&Object::from(one)).as_deref(),
            Some("9g67k2htb6")
        );
        let secret = Secret {
            type_: Some("my-type".into()),
            ..Secret::default()
        };
        assert_eq!(
            kustomize_hash(&Object::from(secret)).as_deref(),
            Some("5gmgkf8578")
        );
    }

    #[test]
    fn html_characters_are_escaped_like_go() {
        let mut s = String::new();
        go_json_string(&mut s, "<b>&\u{2028}\u{1}\"\\\n");
        assert_eq!(s, r#""\u003cb\u003e\u0026\u2028\u0001\"\\\n""#);
        let cm = ConfigMapBuilder::new("x")
            .data("HTML", "<b>&amp;")
            .data("LOG_LEVEL", "info")
            .build()
            .unwrap_or_default();
        assert_eq!(
            kustomize_hash(&Object::from(cm)).as_deref(),
            Some("fmdbgfghc4")
        );
        let secret = SecretBuilder::new("s")
            .type_(SecretType::Tls)
            .data("tls.crt", "abc")
            .data("tls.key", "def")
            .build()
            .unwrap_or_default();
        assert_eq!(
            kustomize_hash(&Object::from(secret)).as_deref(),
            Some("td2b65gdb7")
        );
    }
}
