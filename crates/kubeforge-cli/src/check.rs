//! Decoding documents into [`kubeforge::Object`]s (strictly, like kubectl ≥ 1.27), running the
//! [`Checker`] over all of them together, and rendering the output lines.

use std::fmt::{self, Write as _};

use k8s_openapi::Resource;
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Service,
    ServiceAccount,
};
use k8s_openapi::api::networking::v1::NetworkPolicy;
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding};
use k8s_openapi::api::storage::v1::StorageClass;
use kubeforge::Object;
use kubeforge::validate::pss::{self, Level, PolicyVersion};
use kubeforge::validate::{Checker, KubeVersion, Options};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::input::{Input, documents};

/// The Kubernetes versions `--k8s-version` accepts.
pub const SUPPORTED_VERSIONS: [KubeVersion; 5] = [
    KubeVersion::V1_33,
    KubeVersion::V1_34,
    KubeVersion::V1_35,
    KubeVersion::V1_36,
    KubeVersion::V1_37,
];

/// Parses a `--k8s-version` value (`1.33` to `1.37`).
///
/// # Errors
///
/// Any other text, with the list of supported versions.
///
/// # Examples
///
/// ```
/// use kubeforge::validate::KubeVersion;
/// use kubeforge_cli::check::parse_version;
/// assert_eq!(parse_version("1.35"), Ok(KubeVersion::V1_35));
/// assert!(parse_version("1.31").is_err());
/// ```
pub fn parse_version(s: &str) -> Result<KubeVersion, String> {
    SUPPORTED_VERSIONS
        .iter()
        .copied()
        .find(|v| v.to_string() == s.trim())
        .ok_or_else(|| {
            let supported: Vec<String> =
                SUPPORTED_VERSIONS.iter().map(ToString::to_string).collect();
            format!(
                "unsupported Kubernetes version \"{s}\" (supported: {})",
                supported.join(", ")
            )
        })
}

/// An object declared with `--assume KIND/NAME[@NAMESPACE]` as existing in the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// The kind, for example `Secret`.
    pub kind: String,
    /// The name.
    pub name: String,
    /// The namespace; `None` matches every namespace.
    pub namespace: Option<String>,
}

impl std::str::FromStr for Assumption {
    type Err = String;

    /// Parses `KIND/NAME[@NAMESPACE]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge_cli::check::Assumption;
    /// let a: Assumption = "Secret/db@prod".parse()?;
    /// assert_eq!((a.kind.as_str(), a.name.as_str(), a.namespace.as_deref()), ("Secret", "db", Some("prod")));
    /// assert!("Secret".parse::<Assumption>().is_err());
    /// # Ok::<(), String>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected KIND/NAME[@NAMESPACE], got \"{s}\"");
        let (kind, rest) = s.split_once('/').ok_or_else(bad)?;
        let (name, namespace) = match rest.rsplit_once('@') {
            Some((name, ns)) if !ns.is_empty() => (name, Some(ns.to_owned())),
            Some(_) => return Err(bad()),
            None => (rest, None),
        };
        if kind.is_empty() || name.is_empty() || name.contains('/') {
            return Err(bad());
        }
        Ok(Self {
            kind: kind.to_owned(),
            name: name.to_owned(),
            namespace,
        })
    }
}

/// What `kubeforge check` does besides the defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct Config {
    version: KubeVersion,
    references: bool,
    assume: Vec<Assumption>,
    pss: Option<(Level, PolicyVersion)>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            version: KubeVersion::default(),
            references: true,
            assume: Vec::new(),
            pss: None,
        }
    }
}

impl Config {
    /// Defaults: Kubernetes 1.33, references checked, nothing assumed, no Pod Security level.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge_cli::check::Config::new();
    /// # let _ = c;
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The targeted Kubernetes release.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::validate::KubeVersion;
    /// let c = kubeforge_cli::check::Config::new().k8s_version(KubeVersion::V1_37);
    /// # let _ = c;
    /// ```
    pub fn k8s_version(mut self, version: KubeVersion) -> Self {
        self.version = version;
        self
    }

    /// Whether references between objects are checked (`--no-refs` turns this off).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge_cli::check::Config::new().references(false);
    /// # let _ = c;
    /// ```
    pub fn references(mut self, check: bool) -> Self {
        self.references = check;
        self
    }

    /// Declares an object as existing in the cluster (`--assume`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge_cli::check::Config::new().assume("Secret/db".parse()?);
    /// # let _ = c;
    /// # Ok::<(), String>(())
    /// ```
    pub fn assume(mut self, assumption: Assumption) -> Self {
        self.assume.push(assumption);
        self
    }

    /// Holds every Pod, and the pod template of every workload, to a Pod Security Standards
    /// level at a policy version (`--pss`, `--pss-version`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::validate::pss::{Level, PolicyVersion};
    /// use kubeforge_cli::{check::{check_inputs, Config}, input::Input};
    /// let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: a, image: nginx:1.27}]\n";
    /// let out = check_inputs(&[Input::new("p.yaml", pod)], &Config::new().pss(Level::Baseline, PolicyVersion::Latest));
    /// assert_eq!(out.lines, [
    ///     "p.yaml: Pod/p: violates PodSecurity \"baseline:latest\": host namespaces (hostPID=true)",
    ///     "checked 1 objects, 1 invalid",
    /// ]);
    /// ```
    pub fn pss(mut self, level: Level, version: PolicyVersion) -> Self {
        self.pss = Some((level, version));
        self
    }
}

/// The output lines of the Pod Security Standards check of `object` (none when it passes, has
/// no pods, or no level is set): one per failed check.
fn pss_lines(file: &str, label: &str, object: &Object, config: &Config) -> Vec<String> {
    let Some((level, version)) = config.pss else {
        return Vec::new();
    };
    let Some(found) = pss::check_object(object, level, version) else {
        return Vec::new();
    };
    let kind = object.kind();
    found
        .iter()
        .map(|v| match template_path(object) {
            None => format!("{file}: {label}: violates PodSecurity \"{level}:{version}\": {v}"),
            Some(path) => format!(
                "{file}: {label}: {path}: violates PodSecurity \"{level}:{version}\": {v}; \
                 admission only warns for a {kind}, the Pods it creates would be rejected"
            ),
        })
        .collect()
}

/// The path of a workload's pod template; `None` for a Pod.
fn template_path(object: &Object) -> Option<&'static str> {
    match object {
        Object::Pod(_) => None,
        Object::CronJob(_) => Some("spec.jobTemplate.spec.template"),
        _ => Some("spec.template"),
    }
}

/// The result of a check: the output lines (summary last) and the counts behind the exit code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Every output line, in order, without line terminators; the last one is the summary.
    pub lines: Vec<String>,
    /// Objects checked (skipped kinds and undecodable documents are not counted).
    pub checked: usize,
    /// Objects with at least one violation (strict-decoding errors included).
    pub invalid: usize,
    /// Syntax or decode errors (documents that could not be checked at all).
    pub errors: usize,
}

impl Outcome {
    /// 2 when a document could not be parsed or decoded, 1 when an object is invalid, else 0.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge_cli::{check::{check_inputs, Config}, input::Input};
    /// let out = check_inputs(&[Input::new("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")], &Config::new());
    /// assert_eq!(out.exit_code(), 0);
    /// assert_eq!(out.lines, ["checked 1 objects, 0 invalid"]);
    /// ```
    pub fn exit_code(&self) -> u8 {
        if self.errors > 0 {
            2
        } else {
            u8::from(self.invalid > 0)
        }
    }
}

/// One entry of the output, in document order, before the checker runs.
enum Entry {
    /// A line printed as is (syntax/decode error or note).
    Line(String),
    /// A decoded object: its input name, index in `objects`, strict-decoding errors.
    Object {
        file: String,
        index: usize,
        unknown: Vec<String>,
    },
}

/// A decoder for one kind: the typed object and the paths of unknown fields.
type Decoder = fn(&Value) -> Result<(Object, Vec<String>), String>;

/// Decodes `value` as `T`, then finds the input keys that did not survive the round trip.
fn decode<T>(value: &Value) -> Result<(Object, Vec<String>), String>
where
    T: DeserializeOwned + Serialize + Into<Object>,
{
    let typed = T::deserialize(value).map_err(|e| e.to_string())?;
    let back = serde_json::to_value(&typed).map_err(|e| e.to_string())?;
    let mut unknown = Vec::new();
    unknown_fields(value, &back, &mut String::new(), &mut unknown);
    Ok((typed.into(), unknown))
}

/// The `(apiVersion, kind, decoder)` of `T`.
fn entry<T>() -> (&'static str, &'static str, Decoder)
where
    T: Resource + DeserializeOwned + Serialize + Into<Object>,
{
    (T::API_VERSION, T::KIND, decode::<T>)
}

/// The decoder for an `apiVersion`/`kind` pair, if kubeforge checks that kind.
fn decoder(api_version: &str, kind: &str) -> Option<Decoder> {
    [
        entry::<Pod>(),
        entry::<ConfigMap>(),
        entry::<Secret>(),
        entry::<PersistentVolumeClaim>(),
        entry::<PersistentVolume>(),
        entry::<Namespace>(),
        entry::<ServiceAccount>(),
        entry::<Service>(),
        entry::<Deployment>(),
        entry::<StatefulSet>(),
        entry::<DaemonSet>(),
        entry::<Job>(),
        entry::<CronJob>(),
        entry::<StorageClass>(),
        entry::<Role>(),
        entry::<ClusterRole>(),
        entry::<RoleBinding>(),
        entry::<ClusterRoleBinding>(),
        entry::<NetworkPolicy>(),
    ]
    .into_iter()
    .find(|(v, k, _)| *v == api_version && *k == kind)
    .map(|(_, _, d)| d)
}

/// Collects the paths (as the apiserver prints them) of the keys of `input` that `typed`
/// lacks. Keys whose value is `null` are ignored.
fn unknown_fields(input: &Value, typed: &Value, path: &mut String, out: &mut Vec<String>) {
    match (input, typed) {
        (Value::Object(input), Value::Object(typed)) => {
            for (key, value) in input {
                if value.is_null() {
                    continue;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                match typed.get(key) {
                    Some(t) => unknown_fields(value, t, path, out),
                    None => out.push(path.clone()),
                }
                path.truncate(len);
            }
        }
        (Value::Array(input), Value::Array(typed)) => {
            for (i, (value, t)) in input.iter().zip(typed).enumerate() {
                let len = path.len();
                let _ = write!(path, "[{i}]");
                unknown_fields(value, t, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// A string field of a JSON object, or `""`.
fn str_field<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// `metadata.name` of a JSON object, or `""`.
fn name_of(value: &Value) -> &str {
    value.get("metadata").map_or("", |m| str_field(m, "name"))
}

/// Escapes control characters so that every output entry stays on one line.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads every document of every input, decodes the kinds kubeforge knows, checks all objects
/// together (references resolve across inputs) and renders the output.
///
/// Never panics, whatever the input.
///
/// # Examples
///
/// ```
/// use kubeforge_cli::{check::{check_inputs, Config}, input::Input};
/// let inputs = [Input::new(
///     "cm.yaml",
///     "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labls: {}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
/// )];
/// let out = check_inputs(&inputs, &Config::new());
/// assert_eq!(out.lines, [
///     "cm.yaml: ConfigMap/c: strict decoding error: unknown field \"metadata.labls\"",
///     "cm.yaml: note: skipping example.com/v1 Widget \"w\" (not a kind kubeforge checks)",
///     "checked 1 objects, 1 invalid",
/// ]);
/// assert_eq!(out.exit_code(), 1);
/// ```
pub fn check_inputs(inputs: &[Input], config: &Config) -> Outcome {
    let mut entries = Vec::new();
    let mut objects = Vec::new();
    let mut errors = 0;
    for input in inputs {
        let file = input.name();
        for doc in documents(input) {
            match doc.value {
                Err(e) => {
                    errors += 1;
                    entries.push(Entry::Line(format!(
                        "{file}:{}:{}: {}",
                        e.line, e.column, e.message
                    )));
                }
                Ok(value) => {
                    let mut items = Vec::new();
                    flatten(value, &mut items);
                    for item in items {
                        decode_document(
                            file,
                            doc.line,
                            &item,
                            &mut entries,
                            &mut objects,
                            &mut errors,
                        );
                    }
                }
            }
        }
    }

    let mut engine = Checker::new()
        .options(Options::default().k8s_version(config.version))
        .references(config.references);
    for a in &config.assume {
        engine = engine.assume_exists(&a.kind, a.namespace.as_deref(), &a.name);
    }
    let reports = engine.check(objects.iter());

    let mut lines = Vec::new();
    let mut invalid = 0;
    for entry in entries {
        match entry {
            Entry::Line(line) => lines.push(one_line(&line)),
            Entry::Object {
                file,
                index,
                unknown,
            } => {
                let Some(object) = objects.get(index) else {
                    continue;
                };
                let label = format!("{}/{}", object.kind(), object.name());
                let report = reports.get(index);
                let violations = report.map_or(&[][..], |r| r.violations());
                let warnings = report.map_or(&[][..], |r| r.warnings());
                let pss = pss_lines(&file, &label, object, config);
                if !unknown.is_empty() || !violations.is_empty() || !pss.is_empty() {
                    invalid += 1;
                }
                for path in unknown {
                    lines.push(one_line(&format!(
                        "{file}: {label}: strict decoding error: unknown field \"{path}\""
                    )));
                }
                for v in violations {
                    lines.push(one_line(&format!("{file}: {label}: {v}")));
                }
                lines.extend(pss.iter().map(|l| one_line(l)));
                for w in warnings {
                    lines.push(one_line(&format!("{file}: {label}: warning: {w}")));
                }
            }
        }
    }
    let checked = objects.len();
    lines.push(format!("checked {checked} objects, {invalid} invalid"));
    Outcome {
        lines,
        checked,
        invalid,
        errors,
    }
}

/// Expands `kind: List` documents into their items (recursively), keeps anything else.
fn flatten(value: Value, out: &mut Vec<Value>) {
    if str_field(&value, "kind") == "List"
        && let Value::Object(mut map) = value
    {
        if let Some(Value::Array(items)) = map.remove("items") {
            for item in items {
                flatten(item, out);
            }
        }
        return;
    }
    out.push(value);
}

/// Decodes one object of a document starting at `line`, recording its output entry.
fn decode_document(
    file: &str,
    line: u64,
    value: &Value,
    entries: &mut Vec<Entry>,
    objects: &mut Vec<Object>,
    errors: &mut usize,
) {
    let api_version = str_field(value, "apiVersion");
    let kind = str_field(value, "kind");
    let name = name_of(value);
    if !value.is_object() || api_version.is_empty() || kind.is_empty() {
        *errors += 1;
        entries.push(Entry::Line(format!(
            "{file}:{line}: cannot decode: {}",
            NotAnObject(value)
        )));
        return;
    }
    let Some(decode) = decoder(api_version, kind) else {
        entries.push(Entry::Line(format!(
            "{file}: note: skipping {api_version} {kind} \"{name}\" (not a kind kubeforge checks)"
        )));
        return;
    };
    let unwrapped = unwrap_base64(value, kind);
    match decode(unwrapped.as_ref().unwrap_or(value)) {
        Ok((object, unknown)) => {
            entries.push(Entry::Object {
                file: file.to_owned(),
                index: objects.len(),
                unknown,
            });
            objects.push(object);
        }
        Err(e) => {
            *errors += 1;
            let e = go_decode_message(&e);
            entries.push(Entry::Line(format!(
                "{file}:{line}: {kind}/{name}: cannot decode: {e}"
            )));
        }
    }
}

/// Go's base64 decoder skips `\r` and `\n`, so kubectl reads the wrapped base64 kustomize
/// writes for long Secret `data` and ConfigMap `binaryData` values; k8s-openapi's decoder does
/// not. Returns the document with those line breaks removed, when it has any.
fn unwrap_base64(value: &Value, kind: &str) -> Option<Value> {
    let field = match kind {
        "Secret" => "data",
        "ConfigMap" => "binaryData",
        _ => return None,
    };
    let wrapped = |v: &Value| v.as_str().is_some_and(|s| s.contains(['\n', '\r']));
    if !value.get(field)?.as_object()?.values().any(wrapped) {
        return None;
    }
    let mut copy = value.clone();
    for v in copy.get_mut(field)?.as_object_mut()?.values_mut() {
        if let Some(s) = v.as_str().filter(|s| s.contains(['\n', '\r'])) {
            *v = Value::String(s.replace(['\n', '\r'], ""));
        }
    }
    Some(copy)
}

/// Words a decode error as the apiserver does where we know its wording: bad base64 in
/// `Secret.data`/`binaryData` is `illegal base64 data at input byte N` (Go's `encoding/base64`).
fn go_decode_message(message: &str) -> String {
    let offset = message
        .split_once("Invalid symbol ")
        .and_then(|(_, rest)| rest.split_once(", offset "))
        .map(|(_, rest)| rest.trim_end_matches('.'))
        .and_then(|n| n.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|n| !n.is_empty());
    match offset {
        Some(n) => format!("illegal base64 data at input byte {n}"),
        None if message.contains("Invalid padding") || message.contains("Invalid last symbol") => {
            "illegal base64 data at input byte (padding)".to_owned()
        }
        None => message.to_owned(),
    }
}

/// Explains why a document is not a Kubernetes object.
struct NotAnObject<'a>(&'a Value);

impl fmt::Display for NotAnObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Object(_) if str_field(self.0, "apiVersion").is_empty() => {
                f.write_str("not a Kubernetes object: apiVersion is not set")
            }
            Value::Object(_) => f.write_str("not a Kubernetes object: kind is not set"),
            Value::Array(_) => f.write_str("not a Kubernetes object: a sequence"),
            _ => f.write_str("not a Kubernetes object: a scalar"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Outcome {
        check_inputs(&[Input::new("f.yaml", text)], &Config::new())
    }

    #[test]
    fn wrapped_base64_from_kustomize_decodes_like_kubectl() {
        // kustomize wraps base64 at 70 characters; Go's decoder skips the line breaks.
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cert\ndata:\n  tls.crt: |\n    LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCmFiYwotLS0tLUVORCBDRVJUSUZJQ0FURS\n    0tLS0tCg==\n";
        let out = run(text);
        assert_eq!(out.lines, ["checked 1 objects, 0 invalid"]);
        let bad = run(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nbinaryData:\n  k: |\n    ab!c\n",
        );
        assert_eq!(bad.exit_code(), 2, "{:?}", bad.lines);
    }

    #[test]
    fn nulls_and_empty_values_are_not_unknown() {
        let out = run(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, creationTimestamp: null, labels: {}}\n\
             spec:\n  selector: {matchLabels: {app: web}}\n  strategy: {}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        resources: {}\n        env: []\nstatus: {}\n",
        );
        assert_eq!(out.lines, ["checked 1 objects, 0 invalid"]);
    }

    #[test]
    fn unknown_field_paths() {
        let out = run(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    imagePullPolicyy: Always\n",
        );
        assert_eq!(
            out.lines.first().map(String::as_str),
            Some(
                "f.yaml: Pod/p: strict decoding error: unknown field \"spec.containers[0].imagePullPolicyy\""
            )
        );
        assert_eq!(out.exit_code(), 1);
    }

    #[test]
    fn wrong_types_are_decode_errors() {
        let out = run(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n# x\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: \"3\"}\n",
        );
        assert_eq!(out.exit_code(), 2);
        assert!(
            out.lines
                .first()
                .is_some_and(|l| l.starts_with("f.yaml:6: Deployment/d: cannot decode: ")),
            "{:?}",
            out.lines
        );
        assert_eq!(
            out.lines.last().map(String::as_str),
            Some("checked 1 objects, 0 invalid")
        );
    }

    #[test]
    fn assumptions_parse() {
        assert!("Secret/@ns".parse::<Assumption>().is_err());
        assert!("/x".parse::<Assumption>().is_err());
        assert!("Secret/x@".parse::<Assumption>().is_err());
        assert_eq!(
            "Secret/x".parse::<Assumption>().map(|a| a.namespace),
            Ok(None)
        );
    }

    #[test]
    fn scalars_are_not_objects() {
        let out = run("hello\n");
        assert_eq!(
            out.lines,
            [
                "f.yaml:1: cannot decode: not a Kubernetes object: a scalar",
                "checked 0 objects, 0 invalid"
            ]
        );
        assert_eq!(out.exit_code(), 2);
    }
}
