//! Namespace and ServiceAccount rules (RULES.md §9).

use k8s_openapi::api::core::v1::{Namespace, ServiceAccount};

use super::meta::{self, NameRule};
use super::{Ctx, Path, Validate, format};

use super::meta::STANDARD_FINALIZERS;

impl Validate for Namespace {
    fn object_ref(&self) -> String {
        format!("Namespace/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Label, false);
        pod_security_labels(ctx, self.metadata.labels.as_ref());
        let finalizers = self.spec.as_ref().and_then(|s| s.finalizers.as_deref());
        spec_finalizers(ctx, finalizers.unwrap_or_default());
    }
}

/// `validateFinalizerName` of each `spec.finalizers` entry: a qualified name, and without a
/// prefix one of the standard names. Errors are reported on the un-indexed list path.
/// The PodSecurity admission controller refuses a Namespace whose `pod-security.kubernetes.io`
/// level or version label it cannot parse (`PolicyToEvaluate`).
fn pod_security_labels(ctx: &mut Ctx, labels: Option<&std::collections::BTreeMap<String, String>>) {
    let root = Path::root("metadata");
    let path = root.child("labels");
    for (key, value) in labels.into_iter().flatten() {
        let Some(mode) = key.strip_prefix("pod-security.kubernetes.io/") else {
            continue;
        };
        let p = path.key(key);
        match mode {
            "enforce" | "audit" | "warn" if value.parse::<super::pss::Level>().is_err() => {
                ctx.invalid(&p, value, "must be one of privileged, baseline, restricted");
            }
            "enforce-version" | "audit-version" | "warn-version"
                if value.parse::<super::pss::PolicyVersion>().is_err() =>
            {
                ctx.invalid(&p, value, "must be \"latest\" or \"v1.x\"");
            }
            _ => {}
        }
    }
}

fn spec_finalizers(ctx: &mut Ctx, finalizers: &[String]) {
    let spec = Path::root("spec");
    let path = spec.child("finalizers");
    let minor = ctx.opts.version().minor();
    for f in finalizers {
        ctx.invalid_all(&path, f, format::qualified_name_versioned(f, minor));
        if !f.contains('/') && !STANDARD_FINALIZERS.contains(&f.as_str()) {
            ctx.invalid(
                &path,
                f,
                "name is neither a standard finalizer name nor is it fully qualified",
            );
        }
    }
}

impl Validate for ServiceAccount {
    fn object_ref(&self) -> String {
        format!(
            "ServiceAccount/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
    }
}

impl Validate for k8s_openapi::api::core::v1::Service {
    fn object_ref(&self) -> String {
        format!("Service/{}", self.metadata.name.as_deref().unwrap_or(""))
    }

    /// The name is a DNS-1035 label (RULES.md §2); the spec rules are in `network.rs`.
    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Dns1035, true);
        let default = k8s_openapi::api::core::v1::ServiceSpec::default();
        super::network::service_spec(ctx, self.spec.as_ref().unwrap_or(&default));
    }
}
