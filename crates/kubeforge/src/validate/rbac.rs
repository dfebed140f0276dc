//! RBAC rules (RULES.md §10): Role, ClusterRole, RoleBinding, ClusterRoleBinding.

use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject,
};

use super::meta::{self, NameRule};
use super::workload::label_selector;
use super::{Ctx, Path, Validate, format};

/// `rbac.GroupName`.
const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

/// `roleRef.apiGroup` is a `String` up to Kubernetes 1.35 and an `Option<String>` from 1.36 on.
trait ApiGroup {
    fn group(&self) -> &str;
}

impl ApiGroup for String {
    fn group(&self) -> &str {
        self
    }
}

impl ApiGroup for Option<String> {
    fn group(&self) -> &str {
        self.as_deref().unwrap_or("")
    }
}

impl Validate for Role {
    fn object_ref(&self) -> String {
        format!("Role/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::PathSegment, true);
        rules(ctx, self.rules.as_deref().unwrap_or_default(), true);
    }
}

impl Validate for ClusterRole {
    fn object_ref(&self) -> String {
        format!(
            "ClusterRole/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::PathSegment, false);
        rules(ctx, self.rules.as_deref().unwrap_or_default(), false);
        if let Some(agg) = &self.aggregation_rule {
            let ap = Path::root("aggregationRule");
            let sp = ap.child("clusterRoleSelectors");
            let selectors = agg.cluster_role_selectors.as_deref().unwrap_or_default();
            if selectors.is_empty() {
                ctx.required(
                    &sp,
                    "at least one clusterRoleSelector required if aggregationRule is non-nil",
                );
            }
            for (i, sel) in selectors.iter().enumerate() {
                label_selector(ctx, sel, &sp.index(i));
            }
        }
    }
}

/// Go's `%#v` of a `[]string`.
fn go_strings_dump(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    format!("[]string{{{}}}", items.join(", "))
}

/// `ValidatePolicyRule` for each of `rules[]`.
fn rules(ctx: &mut Ctx, rules: &[PolicyRule], namespaced: bool) {
    let path = Path::root("rules");
    for (i, rule) in rules.iter().enumerate() {
        policy_rule(ctx, rule, namespaced, &path.index(i));
    }
}

fn policy_rule(ctx: &mut Ctx, rule: &PolicyRule, namespaced: bool, path: &Path<'_>) {
    if rule.verbs.is_empty() {
        ctx.required(
            &path.child("verbs"),
            "verbs must contain at least one value",
        );
    }
    let api_groups = rule.api_groups.as_deref().unwrap_or_default();
    let resources = rule.resources.as_deref().unwrap_or_default();
    let resource_names = rule.resource_names.as_deref().unwrap_or_default();
    let urls = rule.non_resource_urls.as_deref().unwrap_or_default();
    if !urls.is_empty() {
        let up = path.child("nonResourceURLs");
        if namespaced {
            ctx.invalid_raw(
                &up,
                go_strings_dump(urls),
                "namespaced rules cannot apply to non-resource URLs",
            );
        }
        if !api_groups.is_empty() || !resources.is_empty() || !resource_names.is_empty() {
            ctx.invalid_raw(
                &up,
                go_strings_dump(urls),
                "rules cannot apply to both regular resources and non-resource URLs",
            );
        }
        return;
    }
    if api_groups.is_empty() {
        ctx.required(
            &path.child("apiGroups"),
            "resource rules must supply at least one api group",
        );
    }
    if resources.is_empty() {
        ctx.required(
            &path.child("resources"),
            "resource rules must supply at least one resource",
        );
    }
    if !resource_names.is_empty() && resources.len() > 1 {
        ctx.required(
            &path.child("resourceNames"),
            "resource names cannot apply to multiple resources",
        );
    }
}

impl Validate for RoleBinding {
    fn object_ref(&self) -> String {
        format!(
            "RoleBinding/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::PathSegment, true);
        role_ref(ctx, &self.role_ref, &["Role", "ClusterRole"]);
        subjects(ctx, self.subjects.as_deref().unwrap_or_default(), true);
    }
}

impl Validate for ClusterRoleBinding {
    fn object_ref(&self) -> String {
        format!(
            "ClusterRoleBinding/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::PathSegment, false);
        role_ref(ctx, &self.role_ref, &["ClusterRole"]);
        subjects(ctx, self.subjects.as_deref().unwrap_or_default(), false);
    }
}

/// `roleRef`: apiGroup (defaulted when empty), kind among `kinds`, name required + path segment.
fn role_ref(ctx: &mut Ctx, r: &RoleRef, kinds: &[&str]) {
    let path = Path::root("roleRef");
    let group = r.api_group.group();
    if !group.is_empty() && group != RBAC_GROUP {
        ctx.not_supported(&path.child("apiGroup"), group, &[RBAC_GROUP]);
    }
    if !kinds.contains(&r.kind.as_str()) {
        ctx.not_supported(&path.child("kind"), &r.kind, kinds);
    }
    let np = path.child("name");
    if r.name.is_empty() {
        ctx.required(&np, "");
    } else {
        ctx.invalid_all(&np, &r.name, format::path_segment_name(&r.name, false));
    }
}

/// `ValidateRoleBindingSubject` for each of `subjects[]`.
fn subjects(ctx: &mut Ctx, subjects: &[Subject], namespaced: bool) {
    let path = Path::root("subjects");
    for (i, s) in subjects.iter().enumerate() {
        subject(ctx, s, namespaced, &path.index(i));
    }
}

fn subject(ctx: &mut Ctx, s: &Subject, namespaced: bool, path: &Path<'_>) {
    let np = path.child("name");
    if s.name.is_empty() {
        ctx.required(&np, "");
    }
    let group = s.api_group.as_deref().unwrap_or("");
    let gp = path.child("apiGroup");
    match s.kind.as_str() {
        "ServiceAccount" => {
            if !s.name.is_empty() {
                ctx.invalid_all(&np, &s.name, format::dns1123_subdomain(&s.name));
            }
            if !group.is_empty() {
                ctx.not_supported(&gp, group, &[""]);
            }
            if !namespaced && s.namespace.as_deref().unwrap_or("").is_empty() {
                ctx.required(&path.child("namespace"), "");
            }
        }
        "User" | "Group" => {
            // An empty apiGroup is defaulted to rbac.authorization.k8s.io.
            if !group.is_empty() && group != RBAC_GROUP {
                ctx.not_supported(&gp, group, &[RBAC_GROUP]);
            }
        }
        other => ctx.not_supported(
            &path.child("kind"),
            other,
            &["ServiceAccount", "User", "Group"],
        ),
    }
}
