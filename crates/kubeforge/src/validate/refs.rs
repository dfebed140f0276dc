//! Cross-object references in a set of objects (RULES.md: what the kubelet needs at run time):
//! every `configMapKeyRef`, `secretKeyRef`, `envFrom` source, configMap/secret volume (and each
//! `items[].key`), projected source and PVC `claimName` of a workload must resolve to an object
//! of the set in the same namespace (a StatefulSet of the set provides the claims its
//! controller creates from its claim templates), and keys to existing keys. `optional: true` references and
//! objects declared as already in the cluster are accepted.

use std::collections::{BTreeSet, HashMap};

use k8s_openapi::api::core::v1::{EnvFromSource, EnvVar, PodSpec, Volume};

use super::{Path, Violation};
use crate::bundle::Object;
use crate::compat::MaybeSpec;
use crate::error::{ViolationKind, quote};
use crate::workload::WorkloadRef;

/// What a referenced object offers: its keys (ConfigMap/Secret) or nothing (PVC).
#[derive(Debug)]
struct Target {
    keys: BTreeSet<String>,
}

/// `(kind, namespace, name)`; an unset namespace is the context's namespace, the same for all.
type Key = (&'static str, String, String);

/// The objects a set provides to references, plus those declared as existing in the cluster.
#[derive(Debug, Default)]
pub(crate) struct Index {
    targets: HashMap<Key, Target>,
    external: Vec<(String, Option<String>, String)>,
}

impl Index {
    pub(crate) fn new<'a>(
        objects: impl IntoIterator<Item = &'a Object>,
        external: &[(String, Option<String>, String)],
    ) -> Self {
        let mut targets = HashMap::new();
        for o in objects {
            let ns = o.namespace().unwrap_or_default().to_owned();
            let name = o.name().to_owned();
            if let Object::StatefulSet(sts) = o {
                // The controller creates `<template>-<statefulset>-<ordinal>` for each pod.
                for claim in generated_claims(sts) {
                    let key = ("PersistentVolumeClaim", ns.clone(), claim);
                    targets.insert(
                        key,
                        Target {
                            keys: BTreeSet::new(),
                        },
                    );
                }
                continue;
            }
            let keys: BTreeSet<String> = match o {
                Object::ConfigMap(cm) => cm
                    .data
                    .iter()
                    .flat_map(|d| d.keys())
                    .chain(cm.binary_data.iter().flat_map(|d| d.keys()))
                    .cloned()
                    .collect(),
                Object::Secret(s) => s
                    .data
                    .iter()
                    .flat_map(|d| d.keys())
                    .chain(s.string_data.iter().flat_map(|d| d.keys()))
                    .cloned()
                    .collect(),
                Object::PersistentVolumeClaim(_) => BTreeSet::new(),
                _ => continue,
            };
            targets.insert((o.kind(), ns, name), Target { keys });
        }
        Self {
            targets,
            external: external.to_vec(),
        }
    }

    fn is_external(&self, kind: &str, namespace: &str, name: &str) -> bool {
        self.external.iter().any(|(k, ns, n)| {
            k == kind && n == name && ns.as_deref().is_none_or(|ns| ns == namespace)
        })
    }
}

/// The claims a StatefulSet's controller creates from its claim templates, one per template
/// and pod: `<template>-<statefulset>-<ordinal>`, ordinals from `ordinals.start` (0) for
/// `replicas` (1) pods.
fn generated_claims(sts: &k8s_openapi::api::apps::v1::StatefulSet) -> Vec<String> {
    let Some(spec) = sts.spec.as_spec() else {
        return Vec::new();
    };
    let name = sts.metadata.name.as_deref().unwrap_or_default();
    let start = spec.ordinals.as_ref().and_then(|o| o.start).unwrap_or(0);
    let replicas = spec.replicas.unwrap_or(1).max(0);
    let mut out = Vec::new();
    for template in spec
        .volume_claim_templates
        .iter()
        .flatten()
        .filter_map(|c| c.metadata.name.as_deref())
    {
        for ordinal in start..start.saturating_add(replicas) {
            out.push(format!("{template}-{name}-{ordinal}"));
        }
    }
    out
}

/// One reference found in a pod spec.
#[derive(Debug)]
pub(crate) struct Ref<'a> {
    /// `ConfigMap`, `Secret` or `PersistentVolumeClaim`.
    pub(crate) kind: &'static str,
    pub(crate) name: &'a str,
    /// Keys that must exist in the target.
    pub(crate) keys: Vec<&'a str>,
    pub(crate) optional: bool,
}

/// Checks the references of one object; returns its violations.
pub(crate) fn check(object: &Object, index: &Index) -> Vec<Violation> {
    let ns = object.namespace().unwrap_or_default();
    let mut out = Vec::new();
    let Some(workload) = WorkloadRef::from_object(object) else {
        return out;
    };
    let Some(spec) = workload.pod_spec() else {
        return out;
    };
    // Claims from a StatefulSet's volumeClaimTemplates are created by the controller.
    let vct: Vec<&str> = match object {
        Object::StatefulSet(s) => s
            .spec
            .as_spec()
            .iter()
            .flat_map(|s| s.volume_claim_templates.iter().flatten())
            .filter_map(|c| c.metadata.name.as_deref())
            .collect(),
        _ => Vec::new(),
    };
    let path = Path::root(workload.pod_spec_path());
    walk_pod_spec(spec, &path, &mut |r, p| {
        if r.kind == "PersistentVolumeClaim" && vct.contains(&r.name) {
            return;
        }
        resolve(&r, p, ns, index, &mut out);
    });
    out
}

/// Calls `visit` with every ConfigMap, Secret and PVC reference of a pod spec and its path:
/// env `valueFrom` and `envFrom` of every container (regular, init and ephemeral), then
/// configMap, secret, persistentVolumeClaim and projected volumes. `path` is the pod spec's.
/// Image pull secrets and volume-plugin credentials (CSI `nodePublishSecretRef`...) are not
/// visited.
pub(crate) fn walk_pod_spec<'a>(
    spec: &'a PodSpec,
    path: &Path<'_>,
    visit: &mut impl FnMut(Ref<'a>, &Path<'_>),
) {
    let cp = path.child("containers");
    for (i, c) in spec.containers.iter().enumerate() {
        container_refs(c.env.as_deref(), c.env_from.as_deref(), &cp.index(i), visit);
    }
    let ip = path.child("initContainers");
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        container_refs(c.env.as_deref(), c.env_from.as_deref(), &ip.index(i), visit);
    }
    let ep = path.child("ephemeralContainers");
    for (i, c) in spec.ephemeral_containers.iter().flatten().enumerate() {
        container_refs(c.env.as_deref(), c.env_from.as_deref(), &ep.index(i), visit);
    }
    let vp = path.child("volumes");
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        volume_refs(v, &vp.index(i), visit);
    }
}

fn container_refs<'a>(
    env: Option<&'a [EnvVar]>,
    env_from: Option<&'a [EnvFromSource]>,
    path: &Path<'_>,
    visit: &mut impl FnMut(Ref<'a>, &Path<'_>),
) {
    let ep = path.child("env");
    for (i, e) in env.unwrap_or_default().iter().enumerate() {
        let Some(vf) = &e.value_from else { continue };
        let p = ep.index(i);
        let vp = p.child("valueFrom");
        if let Some(r) = &vf.config_map_key_ref {
            let r2 = Ref {
                kind: "ConfigMap",
                name: &r.name,
                keys: vec![&r.key],
                optional: r.optional == Some(true),
            };
            visit(r2, &vp.child("configMapKeyRef"));
        }
        if let Some(r) = &vf.secret_key_ref {
            let r2 = Ref {
                kind: "Secret",
                name: &r.name,
                keys: vec![&r.key],
                optional: r.optional == Some(true),
            };
            visit(r2, &vp.child("secretKeyRef"));
        }
    }
    let fp = path.child("envFrom");
    for (i, e) in env_from.unwrap_or_default().iter().enumerate() {
        let p = fp.index(i);
        if let Some(r) = &e.config_map_ref {
            let r2 = Ref {
                kind: "ConfigMap",
                name: &r.name,
                keys: Vec::new(),
                optional: r.optional == Some(true),
            };
            visit(r2, &p.child("configMapRef"));
        }
        if let Some(r) = &e.secret_ref {
            let r2 = Ref {
                kind: "Secret",
                name: &r.name,
                keys: Vec::new(),
                optional: r.optional == Some(true),
            };
            visit(r2, &p.child("secretRef"));
        }
    }
}

fn volume_refs<'a>(v: &'a Volume, path: &Path<'_>, visit: &mut impl FnMut(Ref<'a>, &Path<'_>)) {
    if let Some(cm) = &v.config_map {
        let keys = cm.items.iter().flatten().map(|k| k.key.as_str()).collect();
        let r = Ref {
            kind: "ConfigMap",
            name: &cm.name,
            keys,
            optional: cm.optional == Some(true),
        };
        visit(r, &path.child("configMap"));
    }
    if let Some(s) = &v.secret {
        let keys = s.items.iter().flatten().map(|k| k.key.as_str()).collect();
        let name = s.secret_name.as_deref().unwrap_or_default();
        let r = Ref {
            kind: "Secret",
            name,
            keys,
            optional: s.optional == Some(true),
        };
        visit(r, &path.child("secret"));
    }
    if let Some(pvc) = &v.persistent_volume_claim {
        let r = Ref {
            kind: "PersistentVolumeClaim",
            name: &pvc.claim_name,
            keys: Vec::new(),
            optional: false,
        };
        visit(r, &path.child("persistentVolumeClaim"));
    }
    if let Some(pr) = &v.projected {
        let pp = path.child("projected");
        let sp = pp.child("sources");
        for (i, s) in pr.sources.iter().flatten().enumerate() {
            let p = sp.index(i);
            if let Some(cm) = &s.config_map {
                let keys = cm.items.iter().flatten().map(|k| k.key.as_str()).collect();
                let r = Ref {
                    kind: "ConfigMap",
                    name: &cm.name,
                    keys,
                    optional: cm.optional == Some(true),
                };
                visit(r, &p.child("configMap"));
            }
            if let Some(sec) = &s.secret {
                let keys = sec.items.iter().flatten().map(|k| k.key.as_str()).collect();
                let r = Ref {
                    kind: "Secret",
                    name: &sec.name,
                    keys,
                    optional: sec.optional == Some(true),
                };
                visit(r, &p.child("secret"));
            }
        }
    }
}

fn resolve(r: &Ref<'_>, path: &Path<'_>, ns: &str, index: &Index, out: &mut Vec<Violation>) {
    if r.optional || r.name.is_empty() || index.is_external(r.kind, ns, r.name) {
        return;
    }
    let key = (r.kind, ns.to_owned(), r.name.to_owned());
    let in_ns = if ns.is_empty() {
        String::new()
    } else {
        format!(" in namespace {}", quote(ns))
    };
    match index.targets.get(&key) {
        None => out.push(Violation::new(
            path.render(),
            ViolationKind::NotFound,
            Some(format!("{}/{}{in_ns}", r.kind, r.name)),
            None,
        )),
        Some(t) => {
            for k in &r.keys {
                if !t.keys.contains(*k) {
                    let available: Vec<&str> = t.keys.iter().map(String::as_str).collect();
                    out.push(Violation::new(
                        path.render(),
                        ViolationKind::NotFound,
                        Some(format!(
                            "key {} in {}/{}{in_ns} (keys: {})",
                            quote(k),
                            r.kind,
                            r.name,
                            available.join(", ")
                        )),
                        None,
                    ));
                }
            }
        }
    }
}
