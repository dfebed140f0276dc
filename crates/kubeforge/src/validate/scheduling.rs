//! Pod-level scheduling rules (RULES.md §5.10): `dnsPolicy`/`dnsConfig`, tolerations, node and
//! pod (anti-)affinity, topology spread constraints.

use k8s_openapi::api::core::v1::{
    Affinity, NodeSelectorTerm, PodAffinityTerm, PodSpec, Toleration, TopologySpreadConstraint,
};

use super::workload::label_selector;
use super::{Ctx, Path, Seen, format};

/// `dnsPolicy: None` needs `dnsConfig` with at least one nameserver; at most 3 nameservers.
pub(crate) fn dns(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>) {
    let cp = path.child("dnsConfig");
    if spec.dns_policy.as_deref() == Some("None") {
        match &spec.dns_config {
            None => ctx.required(&cp, "must provide `dnsConfig` when `dnsPolicy` is None"),
            Some(c) if c.nameservers.as_ref().is_none_or(Vec::is_empty) => ctx.required(
                &cp.child("nameservers"),
                "must provide at least one DNS nameserver when `dnsPolicy` is None",
            ),
            Some(_) => {}
        }
    }
    if let Some(ns) = spec
        .dns_config
        .as_ref()
        .and_then(|c| c.nameservers.as_ref())
    {
        if ns.len() > 3 {
            ctx.invalid_raw(
                &cp.child("nameservers"),
                format!("{ns:?}"),
                "must not have more than 3 nameservers",
            );
        }
        let np = cp.child("nameservers");
        for (i, n) in ns.iter().enumerate() {
            if n.parse::<std::net::IpAddr>().is_err() {
                ctx.invalid(&np.index(i), n, "must be a valid IP address");
            }
        }
    }
}

const EFFECTS: [&str; 3] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/// `validateTolerations`.
pub(crate) fn tolerations(ctx: &mut Ctx, list: &[Toleration], path: &Path<'_>) {
    for (i, t) in list.iter().enumerate() {
        let p = path.index(i);
        let key = t.key.as_deref().unwrap_or("");
        let op = t.operator.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        if !key.is_empty() {
            ctx.invalid_all(&p.child("key"), key, format::qualified_name(key));
        }
        if key.is_empty() && op != "Exists" {
            ctx.invalid(
                &p.child("operator"),
                op,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\"",
            );
        }
        if t.toleration_seconds.is_some() && effect != "NoExecute" {
            ctx.invalid(
                &p.child("effect"),
                effect,
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            );
        }
        match op {
            "Equal" | "" => {
                let msgs = format::label_value(value);
                if !msgs.is_empty() {
                    ctx.invalid(&p.child("operator"), value, msgs.join(";"));
                }
            }
            "Exists" => {
                if !value.is_empty() {
                    ctx.invalid_raw(
                        &p.child("operator"),
                        format!(
                            "core.Toleration{{Key:{key:?}, Operator:{op:?}, Value:{value:?}, Effect:{effect:?}}}"
                        ),
                        "value must be empty when `operator` is 'Exists'",
                    );
                }
            }
            other => ctx.not_supported(&p.child("operator"), other, &["Equal", "Exists"]),
        }
        if !effect.is_empty() && !EFFECTS.contains(&effect) {
            ctx.not_supported(&p.child("effect"), effect, &EFFECTS);
        }
    }
}

/// Node selector terms of node affinity: at least one, each expression well formed.
fn node_selector_terms(ctx: &mut Ctx, terms: &[NodeSelectorTerm], path: &Path<'_>) {
    if terms.is_empty() {
        ctx.required(path, "must have at least one node selector term");
    }
    for (i, term) in terms.iter().enumerate() {
        node_selector_term(ctx, term, &path.index(i));
    }
}

fn node_selector_term(ctx: &mut Ctx, term: &NodeSelectorTerm, path: &Path<'_>) {
    let ep = path.child("matchExpressions");
    for (j, e) in term.match_expressions.iter().flatten().enumerate() {
        let p = ep.index(j);
        let values = e.values.as_deref().unwrap_or_default();
        let vp = p.child("values");
        match e.operator.as_str() {
            "In" | "NotIn" => {
                if values.is_empty() {
                    ctx.required(&vp, "must be specified when `operator` is 'In' or 'NotIn'");
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty() {
                    ctx.forbidden(
                        &vp,
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                    );
                }
            }
            "Gt" | "Lt" => {
                if values.len() != 1 {
                    ctx.required(
                        &vp,
                        "must be specified single value when `operator` is 'Lt' or 'Gt'",
                    );
                }
            }
            op => ctx.invalid(&p.child("operator"), op, "not a valid selector operator"),
        }
        ctx.invalid_all(&p.child("key"), &e.key, format::qualified_name(&e.key));
        super::pod::deprecated_node_label(ctx, &e.key, &p.child("key"));
    }
}

fn weight(ctx: &mut Ctx, w: i32, path: &Path<'_>) {
    if !(1..=100).contains(&w) {
        ctx.invalid_raw(path, w, "must be in the range 1-100");
    }
}

fn pod_affinity_term(ctx: &mut Ctx, term: &PodAffinityTerm, path: &Path<'_>) {
    if term.topology_key.is_empty() {
        ctx.required(&path.child("topologyKey"), "can not be empty");
    } else {
        ctx.invalid_all(
            &path.child("topologyKey"),
            &term.topology_key,
            format::qualified_name(&term.topology_key),
        );
    }
    if let Some(sel) = &term.label_selector {
        label_selector(ctx, sel, &path.child("labelSelector"));
    }
    for (i, ns) in term.namespaces.iter().flatten().enumerate() {
        let np = path.child("namespaces");
        ctx.invalid_all(&np.index(i), ns, format::dns1123_label(ns));
    }
}

/// Node affinity, pod affinity and pod anti-affinity.
pub(crate) fn affinity(ctx: &mut Ctx, a: &Affinity, path: &Path<'_>) {
    if let Some(na) = &a.node_affinity {
        let np = path.child("nodeAffinity");
        if let Some(req) = &na.required_during_scheduling_ignored_during_execution {
            let rp = np.child("requiredDuringSchedulingIgnoredDuringExecution");
            node_selector_terms(
                ctx,
                &req.node_selector_terms,
                &rp.child("nodeSelectorTerms"),
            );
        }
        let pp = np.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, pref) in na
            .preferred_during_scheduling_ignored_during_execution
            .iter()
            .flatten()
            .enumerate()
        {
            let p = pp.index(i);
            weight(ctx, pref.weight, &p.child("weight"));
            node_selector_term(ctx, &pref.preference, &p.child("preference"));
        }
    }
    let kinds = [
        (
            "podAffinity",
            a.pod_affinity.as_ref().map(|p| {
                (
                    p.required_during_scheduling_ignored_during_execution
                        .as_deref(),
                    p.preferred_during_scheduling_ignored_during_execution
                        .as_deref(),
                )
            }),
        ),
        (
            "podAntiAffinity",
            a.pod_anti_affinity.as_ref().map(|p| {
                (
                    p.required_during_scheduling_ignored_during_execution
                        .as_deref(),
                    p.preferred_during_scheduling_ignored_during_execution
                        .as_deref(),
                )
            }),
        ),
    ];
    for (field, parts) in kinds {
        let Some((required, preferred)) = parts else {
            continue;
        };
        let kp = path.child(field);
        let rp = kp.child("requiredDuringSchedulingIgnoredDuringExecution");
        for (i, term) in required.unwrap_or_default().iter().enumerate() {
            pod_affinity_term(ctx, term, &rp.index(i));
        }
        let pp = kp.child("preferredDuringSchedulingIgnoredDuringExecution");
        for (i, w) in preferred.unwrap_or_default().iter().enumerate() {
            let p = pp.index(i);
            weight(ctx, w.weight, &p.child("weight"));
            pod_affinity_term(ctx, &w.pod_affinity_term, &p.child("podAffinityTerm"));
        }
    }
}

/// `validateTopologySpreadConstraints`.
pub(crate) fn topology_spread(ctx: &mut Ctx, list: &[TopologySpreadConstraint], path: &Path<'_>) {
    let mut seen: Seen<(&str, &str)> = Seen::new();
    for (i, c) in list.iter().enumerate() {
        let p = path.index(i);
        if c.max_skew <= 0 {
            ctx.invalid_raw(&p.child("maxSkew"), c.max_skew, "must be greater than zero");
        }
        if c.topology_key.is_empty() {
            ctx.required(&p.child("topologyKey"), "can not be empty");
        } else {
            ctx.invalid_all(
                &p.child("topologyKey"),
                &c.topology_key,
                format::qualified_name(&c.topology_key),
            );
        }
        let when = c.when_unsatisfiable.as_str();
        if !["DoNotSchedule", "ScheduleAnyway"].contains(&when) {
            ctx.not_supported(
                &p.child("whenUnsatisfiable"),
                when,
                &["DoNotSchedule", "ScheduleAnyway"],
            );
        }
        if let Some(min) = c.min_domains {
            if min <= 0 {
                ctx.invalid_raw(&p.child("minDomains"), min, "must be greater than zero");
            } else if when != "DoNotSchedule" {
                ctx.invalid_raw(
                    &p.child("minDomains"),
                    min,
                    "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway",
                );
            }
        }
        if !c.topology_key.is_empty() && !seen.insert((c.topology_key.as_str(), when)) {
            ctx.duplicate(&p, &format!("{{{}, {when}}}", c.topology_key));
        }
        if let Some(sel) = &c.label_selector {
            label_selector(ctx, sel, &p.child("labelSelector"));
        }
    }
}
