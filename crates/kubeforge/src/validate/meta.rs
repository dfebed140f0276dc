//! `ObjectMeta`: names per kind, namespace, labels, annotations (RULES.md §2, §3).

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use super::format;
use super::{Ctx, Path};

/// How a kind's `metadata.name` is checked (RULES.md §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameRule {
    /// DNS-1123 subdomain (Pod, Deployment, ConfigMap, Secret, PVC, ...).
    Subdomain,
    /// DNS-1123 label (Namespace, StatefulSet).
    Label,
    /// DNS-1035 label (Service).
    Dns1035,
    /// Path segment only (RBAC kinds).
    PathSegment,
}

impl NameRule {
    fn check(self, name: &str, prefix: bool) -> Vec<String> {
        match self {
            Self::Subdomain => format::name_is_dns_subdomain(name, prefix),
            Self::Label => format::name_is_dns_label(name, prefix),
            Self::Dns1035 => format::name_is_dns1035_label(name, prefix),
            Self::PathSegment => format::path_segment_name(name, prefix),
        }
    }
}

/// Total size limit of annotations, `TotalAnnotationSizeLimitB`.
const ANNOTATIONS_MAX: usize = 256 * 1024;

/// Validates the metadata of a top-level object.
pub(crate) fn object_meta(ctx: &mut Ctx, meta: &ObjectMeta, rule: NameRule, namespaced: bool) {
    let path = Path::root("metadata");
    let name = meta.name.as_deref().unwrap_or("");
    let generate_name = meta.generate_name.as_deref().unwrap_or("");
    if name.is_empty() {
        if generate_name.is_empty() {
            ctx.required(&path.child("name"), "name or generateName is required");
        }
    } else {
        ctx.invalid_all(&path.child("name"), name, rule.check(name, false));
    }
    if !generate_name.is_empty() {
        ctx.invalid_all(
            &path.child("generateName"),
            generate_name,
            rule.check(generate_name, true),
        );
    }
    if let Some(ns) = meta.namespace.as_deref().filter(|ns| !ns.is_empty()) {
        if namespaced {
            ctx.invalid_all(&path.child("namespace"), ns, format::dns1123_label(ns));
        } else {
            ctx.warn(
                &path.child("namespace"),
                "ignored: the kind is cluster-scoped and the apiserver clears the namespace",
            );
        }
    }
    labels(ctx, meta.labels.as_ref(), &path.child("labels"));
    annotations(ctx, meta.annotations.as_ref(), &path.child("annotations"));
    finalizers(
        ctx,
        meta.finalizers.as_deref().unwrap_or_default(),
        &path.child("finalizers"),
    );
    super::more::owner_references(
        ctx,
        meta.owner_references.as_deref().unwrap_or_default(),
        &path.child("ownerReferences"),
    );
}

/// Finalizers the apiserver knows without a domain prefix (`IsStandardFinalizerName`).
pub(crate) const STANDARD_FINALIZERS: [&str; 3] = ["foregroundDeletion", "kubernetes", "orphan"];

/// `ValidateFinalizers`: qualified names, un-prefixed ones standard, not both `orphan` and
/// `foregroundDeletion`.
fn finalizers(ctx: &mut Ctx, list: &[String], path: &Path<'_>) {
    let minor = ctx.opts.version().minor();
    for f in list {
        let msgs = format::qualified_name_versioned(f, minor);
        if !msgs.is_empty() {
            ctx.invalid_all(path, f, msgs);
        } else if !f.contains('/') && !STANDARD_FINALIZERS.contains(&f.as_str()) {
            ctx.invalid(
                path,
                f,
                "name is neither a standard finalizer name nor is it fully qualified",
            );
        }
    }
    let has = |n: &str| list.iter().any(|f| f == n);
    if has("orphan") && has("foregroundDeletion") {
        let dump: Vec<String> = list.iter().map(|f| format!("{f:?}")).collect();
        ctx.invalid_raw(
            path,
            format!("[]string{{{}}}", dump.join(", ")),
            "finalizer orphan and foregroundDeletion cannot be both set",
        );
    }
}

/// Validates the metadata of a pod template (labels and annotations only).
pub(crate) fn template_meta(ctx: &mut Ctx, meta: Option<&ObjectMeta>, path: &Path<'_>) {
    if let Some(meta) = meta {
        labels(ctx, meta.labels.as_ref(), &path.child("labels"));
        annotations(ctx, meta.annotations.as_ref(), &path.child("annotations"));
        pod_annotation_warnings(ctx, meta.annotations.as_ref(), &path.child("annotations"));
    }
}

/// The apiserver's warnings for pod annotations that fields replaced (RULES.md §11).
pub(crate) fn pod_annotation_warnings(
    ctx: &mut Ctx,
    annotations: Option<&BTreeMap<String, String>>,
    path: &Path<'_>,
) {
    for k in annotations.into_iter().flatten().map(|(k, _)| k.as_str()) {
        if k == "seccomp.security.alpha.kubernetes.io/pod"
            || k.starts_with("container.seccomp.security.alpha.kubernetes.io/")
        {
            ctx.warn(
                &path.key(k),
                "non-functional in v1.27+; use the \"seccompProfile\" field instead",
            );
        } else if k.starts_with("container.apparmor.security.beta.kubernetes.io/") {
            ctx.warn(
                &path.key(k),
                "deprecated since v1.30; use the \"appArmorProfile\" field instead",
            );
        }
    }
}

/// `ValidateLabels`: errors are reported on the map's path, with the bad key or value.
pub(crate) fn labels(ctx: &mut Ctx, labels: Option<&BTreeMap<String, String>>, path: &Path<'_>) {
    for (k, v) in labels.into_iter().flatten() {
        let minor = ctx.opts.version().minor();
        ctx.invalid_all(path, k, format::qualified_name_versioned(k, minor));
        ctx.invalid_all(path, v, format::label_value(v));
    }
}

/// `ValidateAnnotations`: keys are qualified names after lower-casing; total size limit.
pub(crate) fn annotations(
    ctx: &mut Ctx,
    annotations: Option<&BTreeMap<String, String>>,
    path: &Path<'_>,
) {
    let mut total = 0usize;
    for (k, v) in annotations.into_iter().flatten() {
        let lower = k.to_lowercase();
        let minor = ctx.opts.version().minor();
        ctx.invalid_all(path, k, format::qualified_name_versioned(&lower, minor));
        total = total.saturating_add(k.len()).saturating_add(v.len());
    }
    if total > ANNOTATIONS_MAX {
        ctx.too_long(path, ANNOTATIONS_MAX);
    }
}
