//! Workload rules (RULES.md §7): Deployment spec, selectors, strategy, and its pod template.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{Pod, PodSpec, PodTemplateSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::meta::{self, NameRule};
use super::pod::{self, PodKind};
use super::{Ctx, Path, Validate, format};
use crate::compat::MaybeSpec;

impl Validate for Pod {
    fn object_ref(&self) -> String {
        format!("Pod/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        dns_label_warning(
            ctx,
            self.metadata.name.as_deref(),
            "this is used in the Pod's hostname",
        );
        let mp = Path::root("metadata");
        meta::pod_annotation_warnings(
            ctx,
            self.metadata.annotations.as_ref(),
            &mp.child("annotations"),
        );
        let default;
        let spec = if let Some(spec) = &self.spec {
            spec
        } else {
            default = PodSpec::default();
            &default
        };
        pod::pod_spec(ctx, spec, &Path::root("spec"), PodKind::Pod);
    }
}

impl Validate for Deployment {
    fn object_ref(&self) -> String {
        format!("Deployment/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        dns_label_warning(
            ctx,
            self.metadata.name.as_deref(),
            "this is used in Pod names and hostnames",
        );
        let default = DeploymentSpec::default();
        let spec = self.spec.as_spec().unwrap_or(&default);
        deployment_spec(ctx, spec);
    }
}

/// The apiserver's warning for workload and Pod names that are subdomains but not DNS labels.
fn dns_label_warning(ctx: &mut Ctx, name: Option<&str>, what: &str) {
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return;
    };
    if !format::dns1123_subdomain(name).is_empty() {
        return;
    }
    let msgs = format::dns1123_label(name);
    if !msgs.is_empty() {
        ctx.warn(
            &Path::root("metadata").child("name"),
            format!(
                "{what}, which can result in surprising behavior; a DNS label is recommended: [{}]",
                msgs.join(", ")
            ),
        );
    }
}

fn deployment_spec(ctx: &mut Ctx, spec: &DeploymentSpec) {
    let path = Path::root("spec");
    if let Some(r) = spec.replicas.filter(|r| *r < 0) {
        ctx.invalid_raw(
            &path.child("replicas"),
            r,
            "must be greater than or equal to 0",
        );
    }
    for (name, v) in [
        ("minReadySeconds", spec.min_ready_seconds),
        ("revisionHistoryLimit", spec.revision_history_limit),
        ("progressDeadlineSeconds", spec.progress_deadline_seconds),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            ctx.invalid_raw(&path.child(name), v, "must be greater than or equal to 0");
        }
    }
    if let Some(pds) = spec.progress_deadline_seconds
        && pds >= 0
        && pds <= spec.min_ready_seconds.unwrap_or(0)
    {
        ctx.invalid_raw(
            &path.child("progressDeadlineSeconds"),
            pds,
            "must be greater than minReadySeconds",
        );
    }
    selector_and_template(
        ctx,
        &spec.selector,
        &spec.template,
        &path,
        "deployment",
        "ReplicaSet",
    );
    if let Some(strategy) = &spec.strategy {
        let sp = path.child("strategy");
        let ty = strategy.type_.as_deref().unwrap_or("RollingUpdate");
        match ty {
            "Recreate" => {
                if strategy.rolling_update.is_some() {
                    ctx.forbidden(
                        &sp.child("rollingUpdate"),
                        "may not be specified when strategy `type` is 'Recreate'",
                    );
                }
            }
            "RollingUpdate" => {
                if let Some(ru) = &strategy.rolling_update {
                    rolling_update(
                        ctx,
                        ru.max_unavailable.as_ref(),
                        ru.max_surge.as_ref(),
                        &sp.child("rollingUpdate"),
                    );
                }
            }
            other => ctx.not_supported(&sp.child("type"), other, &["Recreate", "RollingUpdate"]),
        }
    }
}

pub(crate) fn int_or_percent_str(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

/// The value of an int-or-percent, as a percent when it is one (`None` if unparsable).
pub(crate) fn percent_value(v: &IntOrString) -> Option<(i64, bool)> {
    match v {
        IntOrString::Int(i) => Some((i64::from(*i), false)),
        IntOrString::String(s) => s
            .strip_suffix('%')
            .and_then(|n| n.parse::<i64>().ok())
            .map(|n| (n, true)),
    }
}

pub(crate) fn positive_int_or_percent(ctx: &mut Ctx, v: &IntOrString, path: &Path<'_>) {
    match v {
        IntOrString::Int(i) if *i < 0 => {
            ctx.invalid_raw(path, i, "must be greater than or equal to 0");
        }
        IntOrString::Int(_) => {}
        IntOrString::String(s) => {
            for m in format::percent(s) {
                ctx.invalid_raw(path, s, m);
            }
        }
    }
}

fn rolling_update(
    ctx: &mut Ctx,
    max_unavailable: Option<&IntOrString>,
    max_surge: Option<&IntOrString>,
    path: &Path<'_>,
) {
    let up = path.child("maxUnavailable");
    let sp = path.child("maxSurge");
    // Defaults (25%) apply to the unset field before validation.
    let quarter = IntOrString::String("25%".into());
    let mu = max_unavailable.unwrap_or(&quarter);
    let ms = max_surge.unwrap_or(&quarter);
    positive_int_or_percent(ctx, mu, &up);
    positive_int_or_percent(ctx, ms, &sp);
    let mu_val = percent_value(mu);
    if mu_val.is_some_and(|(n, pct)| n == 0 && (pct || matches!(mu, IntOrString::Int(_))))
        && percent_value(ms).is_some_and(|(n, _)| n == 0)
    {
        ctx.invalid_raw(
            &up,
            int_or_percent_str(mu),
            "may not be 0 when `maxSurge` is 0",
        );
    }
    if let Some((n, true)) = mu_val
        && n > 100
    {
        ctx.invalid_raw(&up, int_or_percent_str(mu), "must not be greater than 100%");
    }
}

/// Go's `%#v` of a `map[string]string`.
pub(crate) fn go_map_dump(map: &BTreeMap<String, String>) -> String {
    let items: Vec<String> = map.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", items.join(", "))
}

pub(crate) fn label_selector(ctx: &mut Ctx, sel: &LabelSelector, path: &Path<'_>) {
    meta::labels(ctx, sel.match_labels.as_ref(), &path.child("matchLabels"));
    let ep = path.child("matchExpressions");
    for (i, e) in sel.match_expressions.iter().flatten().enumerate() {
        let p = ep.index(i);
        let values = e.values.as_deref().unwrap_or_default();
        match e.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    ctx.required(
                        &p.child("values"),
                        "must be specified when `operator` is 'In' or 'NotIn'",
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    ctx.forbidden(
                        &p.child("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            op => ctx.invalid(&p.child("operator"), op, "not a valid selector operator"),
        }
        ctx.invalid_all(&p.child("key"), &e.key, format::qualified_name(&e.key));
        let vp = p.child("values");
        for (j, v) in values.iter().enumerate() {
            ctx.invalid_all(&vp.index(j), v, format::label_value(v));
        }
    }
}

/// Whether `labels` satisfy `sel` (matchLabels and matchExpressions).
pub(crate) fn selector_matches(sel: &LabelSelector, labels: &BTreeMap<String, String>) -> bool {
    let labels_ok = sel
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v));
    let exprs_ok = sel.match_expressions.iter().flatten().all(|e| {
        let values = e.values.as_deref().unwrap_or_default();
        match e.operator.as_str() {
            "In" => labels.get(&e.key).is_some_and(|v| values.contains(v)),
            "NotIn" => labels.get(&e.key).is_none_or(|v| !values.contains(v)),
            "Exists" => labels.contains_key(&e.key),
            "DoesNotExist" => !labels.contains_key(&e.key),
            _ => false,
        }
    });
    labels_ok && exprs_ok
}

/// Selector rules shared by Deployment/ReplicaSet/StatefulSet, then the template.
pub(crate) fn selector_and_template(
    ctx: &mut Ctx,
    selector: &LabelSelector,
    template: &PodTemplateSpec,
    spec_path: &Path<'_>,
    kind_lower: &str,
    template_owner: &'static str,
) {
    selector_and_labels(ctx, selector, template, spec_path, kind_lower);
    let tp = spec_path.child("template");
    let default;
    let spec = if let Some(spec) = &template.spec {
        spec
    } else {
        default = PodSpec::default();
        &default
    };
    pod::pod_spec(
        ctx,
        spec,
        &tp.child("spec"),
        PodKind::Workload(template_owner),
    );
}

/// The selector (non-empty, valid) and the template's metadata, matched by the selector.
pub(crate) fn selector_and_labels(
    ctx: &mut Ctx,
    selector: &LabelSelector,
    template: &PodTemplateSpec,
    spec_path: &Path<'_>,
    kind_lower: &str,
) {
    let sel_path = spec_path.child("selector");
    // A missing selector decodes to an empty one; the apiserver says `Required value`.
    let missing = selector.match_labels.is_none() && selector.match_expressions.is_none();
    let empty = selector
        .match_labels
        .as_ref()
        .is_none_or(BTreeMap::is_empty)
        && selector
            .match_expressions
            .as_ref()
            .is_none_or(Vec::is_empty);
    if missing {
        ctx.required(&sel_path, "");
    } else if empty {
        ctx.invalid_raw(
            &sel_path,
            "&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}",
            format!("empty selector is invalid for {kind_lower}"),
        );
    } else {
        label_selector(ctx, selector, &sel_path);
    }
    let tp = spec_path.child("template");
    let mp = tp.child("metadata");
    meta::template_meta(ctx, template.metadata.as_ref(), &mp);
    let no_labels = BTreeMap::new();
    let labels = template
        .metadata
        .as_ref()
        .and_then(|m| m.labels.as_ref())
        .unwrap_or(&no_labels);
    if !empty && !selector_matches(selector, labels) {
        ctx.invalid_raw(
            &mp.child("labels"),
            go_map_dump(labels),
            "`selector` does not match template `labels`",
        );
    }
}
