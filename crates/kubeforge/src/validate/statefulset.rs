//! StatefulSet rules (RULES.md §7.2): name, spec fields, update strategy, selector, the pod
//! template (always validated, RULES.md §12.2) and the volume claim templates.

use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetSpec, StatefulSetUpdateStrategy,
};
use k8s_openapi::api::core::v1::{PersistentVolumeClaim, PersistentVolumeClaimSpec, PodSpec};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::meta::{self, NameRule};
use super::pod::{self, PodKind};
use super::storage::pvc_spec;
use super::workload::{int_or_percent_str, percent_value, positive_int_or_percent};
use super::{Ctx, Path, Validate, format};
use crate::compat::MaybeSpec;

/// Longest StatefulSet name whose pods can be created: the `controller-revision-hash` label
/// value is `<name>-<10-char hash>` and must fit in 63 characters (issue #64023).
const PRACTICAL_NAME_MAX: usize = 52;

impl Validate for StatefulSet {
    fn object_ref(&self) -> String {
        format!(
            "StatefulSet/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Label, true);
        let name = self.metadata.name.as_deref().unwrap_or("");
        if name.len() > PRACTICAL_NAME_MAX && name.len() <= 63 {
            ctx.warn(
                &Path::root("metadata").child("name"),
                format!(
                    "must be no more than {PRACTICAL_NAME_MAX} characters in practice: pods get the label \
                     controller-revision-hash=<name>-<hash>, which would exceed 63 characters, and cannot be created"
                ),
            );
        }
        let default = StatefulSetSpec::default();
        let spec = self.spec.as_spec().unwrap_or(&default);
        let path = Path::root("spec");
        numbers(ctx, spec, &path);
        policies(ctx, spec, &path);
        if let Some(us) = &spec.update_strategy {
            update_strategy(ctx, us, &path.child("updateStrategy"));
        }
        if let Some(svc) = spec.service_name.as_deref().filter(|s| !s.is_empty()) {
            ctx.invalid_all(&path.child("serviceName"), svc, format::dns1123_label(svc));
        }
        super::workload::selector_and_labels(
            ctx,
            &spec.selector,
            &spec.template,
            &path,
            "statefulset",
        );
        let vcts = spec.volume_claim_templates.as_deref().unwrap_or_default();
        claim_templates(ctx, vcts, name, &path.child("volumeClaimTemplates"));
        let extra: Vec<&str> = vcts
            .iter()
            .filter_map(|v| v.metadata.name.as_deref())
            .filter(|n| !n.is_empty())
            .collect();
        let tp = path.child("template");
        let default_pod = PodSpec::default();
        pod::pod_spec_with_extra_volumes(
            ctx,
            spec.template.spec.as_ref().unwrap_or(&default_pod),
            &tp.child("spec"),
            PodKind::Workload("StatefulSet"),
            &extra,
        );
    }
}

/// `replicas`, `minReadySeconds`, `revisionHistoryLimit`, `ordinals.start` are non-negative.
fn numbers(ctx: &mut Ctx, spec: &StatefulSetSpec, path: &Path<'_>) {
    for (name, v) in [
        ("replicas", spec.replicas),
        ("minReadySeconds", spec.min_ready_seconds),
        ("revisionHistoryLimit", spec.revision_history_limit),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            ctx.invalid_raw(&path.child(name), v, "must be greater than or equal to 0");
        }
    }
    if let Some(start) = spec
        .ordinals
        .as_ref()
        .and_then(|o| o.start)
        .filter(|s| *s < 0)
    {
        let op = path.child("ordinals");
        ctx.invalid_raw(
            &op.child("start"),
            start,
            "must be greater than or equal to 0",
        );
    }
}

/// `podManagementPolicy` and `persistentVolumeClaimRetentionPolicy`.
fn policies(ctx: &mut Ctx, spec: &StatefulSetSpec, path: &Path<'_>) {
    if let Some(p) = spec.pod_management_policy.as_deref()
        && !["OrderedReady", "Parallel"].contains(&p)
    {
        ctx.invalid(
            &path.child("podManagementPolicy"),
            p,
            "must be 'OrderedReady' or 'Parallel'",
        );
    }
    if let Some(rp) = &spec.persistent_volume_claim_retention_policy {
        let pp = path.child("persistentVolumeClaimRetentionPolicy");
        for (name, v) in [
            ("whenDeleted", rp.when_deleted.as_deref()),
            ("whenScaled", rp.when_scaled.as_deref()),
        ] {
            if let Some(v) = v
                && !["Delete", "Retain"].contains(&v)
            {
                ctx.not_supported(&pp.child(name), v, &["Delete", "Retain"]);
            }
        }
    }
}

/// Go's `%#v` of a `*apps.RollingUpdateStatefulSetStrategy` (as `field.Invalid` prints it).
fn rolling_update_dump(ru: &RollingUpdateStatefulSetStrategy) -> String {
    let mu = match &ru.max_unavailable {
        None => "(*intstr.IntOrString)(nil)".to_owned(),
        Some(IntOrString::Int(i)) => format!("{i}"),
        Some(IntOrString::String(s)) => s.clone(),
    };
    format!(
        "apps.RollingUpdateStatefulSetStrategy{{Partition:{}, MaxUnavailable:{mu}}}",
        ru.partition.unwrap_or(0)
    )
}

/// `updateStrategy`: type, `rollingUpdate` only with `RollingUpdate`, its partition and
/// `maxUnavailable` (int ≥ 0 or percent, not 0, at most 100%).
fn update_strategy(ctx: &mut Ctx, us: &StatefulSetUpdateStrategy, path: &Path<'_>) {
    let rp = path.child("rollingUpdate");
    match us.type_.as_deref().unwrap_or("RollingUpdate") {
        "OnDelete" => {
            if let Some(ru) = &us.rolling_update {
                ctx.invalid_raw(
                    &rp,
                    rolling_update_dump(ru),
                    "only allowed for updateStrategy 'RollingUpdate'",
                );
            }
        }
        "RollingUpdate" => {
            if let Some(ru) = &us.rolling_update {
                rolling_update(ctx, ru, &rp);
            }
        }
        other => ctx.invalid(
            &path.child("type"),
            other,
            "must be 'RollingUpdate' or 'OnDelete'",
        ),
    }
}

fn rolling_update(ctx: &mut Ctx, ru: &RollingUpdateStatefulSetStrategy, path: &Path<'_>) {
    if let Some(p) = ru.partition.filter(|p| *p < 0) {
        ctx.invalid_raw(
            &path.child("partition"),
            p,
            "must be greater than or equal to 0",
        );
    }
    if let Some(mu) = &ru.max_unavailable {
        let mp = path.child("maxUnavailable");
        positive_int_or_percent(ctx, mu, &mp);
        let value = percent_value(mu);
        if value.is_some_and(|(n, _)| n == 0) {
            ctx.invalid_raw(&mp, int_or_percent_str(mu), "cannot be 0");
        }
        if let Some((n, true)) = value
            && n > 100
        {
            ctx.invalid_raw(&mp, int_or_percent_str(mu), "must not be greater than 100%");
        }
    }
}

/// Each claim template: name a DNS-1123 label, `<claim>-<statefulset>-0` a valid PVC name,
/// labels/annotations, and the PVC spec rules.
fn claim_templates(ctx: &mut Ctx, vcts: &[PersistentVolumeClaim], sts: &str, path: &Path<'_>) {
    let default = PersistentVolumeClaimSpec::default();
    for (i, vct) in vcts.iter().enumerate() {
        let vp = path.index(i);
        let mp = vp.child("metadata");
        let np = mp.child("name");
        let name = vct.metadata.name.as_deref().unwrap_or("");
        if name.is_empty() {
            ctx.required(&np, "");
        } else {
            let msgs = format::dns1123_label(name);
            if msgs.is_empty() && !sts.is_empty() {
                let pvc = format!("{name}-{sts}-0");
                ctx.invalid_all(&np, &pvc, format::dns1123_subdomain(&pvc));
            }
            ctx.invalid_all(&np, name, msgs);
        }
        meta::labels(ctx, vct.metadata.labels.as_ref(), &mp.child("labels"));
        meta::annotations(
            ctx,
            vct.metadata.annotations.as_ref(),
            &mp.child("annotations"),
        );
        pvc_spec(
            ctx,
            vct.spec.as_ref().unwrap_or(&default),
            &vp.child("spec"),
        );
    }
}
