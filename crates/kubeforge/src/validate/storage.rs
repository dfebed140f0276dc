//! Storage rules (RULES.md §8): PersistentVolumeClaim, PersistentVolume, StorageClass.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    PersistentVolume, PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeSpec,
    TopologySelectorTerm,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;

use super::meta::{self, NameRule};
use super::workload::label_selector;
use super::{Ctx, Path, Seen, Validate, format};
use crate::error::ViolationKind;
use crate::quantity::Quantity;

/// `supportedAccessModes`, sorted as the apiserver lists them.
const ACCESS_MODES: [&str; 4] = [
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOnce",
    "ReadWriteOncePod",
];

/// `supportedVolumeModes`, sorted.
const VOLUME_MODES: [&str; 2] = ["Block", "Filesystem"];

/// `supportedReclaimPolicy` of PersistentVolumes, sorted.
const PV_RECLAIM_POLICIES: [&str; 3] = ["Delete", "Recycle", "Retain"];

/// `maxProvisionerParameterLen`: at most 512 StorageClass parameters.
const MAX_PARAMETERS: usize = 512;

/// `maxProvisionerParameterSize`: Σ(len key + len value) of StorageClass parameters.
const MAX_PARAMETERS_SIZE: usize = 256 * 1024;

impl Validate for PersistentVolumeClaim {
    fn object_ref(&self) -> String {
        format!(
            "PersistentVolumeClaim/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, true);
        let default = PersistentVolumeClaimSpec::default();
        pvc_spec(
            ctx,
            self.spec.as_ref().unwrap_or(&default),
            &Path::root("spec"),
        );
    }
}

/// `ValidatePersistentVolumeClaimSpec` (RULES.md §8.1); also used for StatefulSet claim templates.
pub(crate) fn pvc_spec(ctx: &mut Ctx, spec: &PersistentVolumeClaimSpec, path: &Path<'_>) {
    access_modes(ctx, spec.access_modes.as_deref(), path);
    if let Some(sel) = &spec.selector {
        label_selector(ctx, sel, &path.child("selector"));
    }
    let rp = path.child("resources");
    let sp = rp.key("storage");
    match spec
        .resources
        .as_ref()
        .and_then(|r| r.requests.as_ref())
        .and_then(|r| r.get("storage"))
    {
        None => ctx.required(&sp, ""),
        Some(q) => {
            let requests = rp.child("requests");
            positive_quantity(ctx, q, &sp, &requests.key("storage"));
        }
    }
    class_name(
        ctx,
        spec.storage_class_name.as_deref(),
        &path.child("storageClassName"),
    );
    volume_mode(ctx, spec.volume_mode.as_deref(), &path.child("volumeMode"));
    data_source(ctx, spec, path);
    class_name(
        ctx,
        spec.volume_attributes_class_name.as_deref(),
        &path.child("volumeAttributesClassName"),
    );
}

/// `accessModes`: at least one, each supported, `ReadWriteOncePod` alone.
fn access_modes(ctx: &mut Ctx, modes: Option<&[String]>, path: &Path<'_>) {
    let ap = path.child("accessModes");
    let modes = modes.unwrap_or_default();
    if modes.is_empty() {
        ctx.required(&ap, "at least 1 access mode is required");
    }
    let (mut rwop, mut other) = (false, false);
    for m in modes {
        if !ACCESS_MODES.contains(&m.as_str()) {
            ctx.not_supported(&ap, m, &ACCESS_MODES);
        } else if m == "ReadWriteOncePod" {
            rwop = true;
        } else {
            other = true;
        }
    }
    if rwop && other {
        ctx.forbidden(&ap, "may not use ReadWriteOncePod with other access modes");
    }
}

/// `ValidatePositiveQuantityValue`: parses (decode error otherwise) and must be > 0.
/// A quantity that must be > 0. An unparsable one is a decode error, reported at the field's
/// own path in the manifest (`decode_path`); the apiserver's value rules use `path`.
fn positive_quantity(ctx: &mut Ctx, q: &K8sQuantity, path: &Path<'_>, decode_path: &Path<'_>) {
    match Quantity::parse(&q.0) {
        Err(e) => ctx.invalid(decode_path, &q.0, e.to_string()),
        Ok(v) if v.is_zero() || v.is_negative() => {
            ctx.invalid(path, &v.canonical(), "must be greater than zero");
        }
        Ok(_) => {}
    }
}

/// `ValidateClassName` of a non-empty class name (`""` means "no class").
fn class_name(ctx: &mut Ctx, name: Option<&str>, path: &Path<'_>) {
    if let Some(n) = name.filter(|n| !n.is_empty()) {
        ctx.invalid_all(path, n, format::dns1123_subdomain(n));
    }
}

fn volume_mode(ctx: &mut Ctx, mode: Option<&str>, path: &Path<'_>) {
    if let Some(m) = mode
        && !VOLUME_MODES.contains(&m)
    {
        ctx.not_supported(path, m, &VOLUME_MODES);
    }
}

/// `validateDataSource` / `validateDataSourceRef`: name and kind required; the core group only
/// for PVCs; a group must be a DNS-1123 subdomain.
fn typed_ref(ctx: &mut Ctx, group: Option<&str>, kind: &str, name: &str, path: &Path<'_>) {
    if name.is_empty() {
        ctx.required(&path.child("name"), "");
    }
    if kind.is_empty() {
        ctx.required(&path.child("kind"), "");
    }
    match group.unwrap_or("") {
        "" => {
            if kind != "PersistentVolumeClaim" {
                ctx.invalid(
                    path,
                    kind,
                    "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
                );
            }
        }
        g => ctx.invalid_all(&path.child("apiGroup"), g, format::dns1123_subdomain(g)),
    }
}

/// `dataSource`, `dataSourceRef`, and their agreement when both are set.
fn data_source(ctx: &mut Ctx, spec: &PersistentVolumeClaimSpec, path: &Path<'_>) {
    let dp = path.child("dataSource");
    if let Some(ds) = &spec.data_source {
        typed_ref(ctx, ds.api_group.as_deref(), &ds.kind, &ds.name, &dp);
    }
    if let Some(dr) = &spec.data_source_ref {
        typed_ref(
            ctx,
            dr.api_group.as_deref(),
            &dr.kind,
            &dr.name,
            &path.child("dataSourceRef"),
        );
    }
    if let (Some(ds), Some(dr)) = (&spec.data_source, &spec.data_source_ref) {
        if dr.namespace.as_deref().is_some_and(|n| !n.is_empty()) {
            ctx.invalid_raw(
                path,
                dp.render(),
                "may not be specified when dataSourceRef.namespace is specified",
            );
        } else if ds.api_group != dr.api_group || ds.kind != dr.kind || ds.name != dr.name {
            ctx.invalid_raw(path, dp.render(), "must match dataSourceRef");
        }
    }
}

impl Validate for PersistentVolume {
    fn object_ref(&self) -> String {
        format!(
            "PersistentVolume/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, false);
        let default = PersistentVolumeSpec::default();
        pv_spec(ctx, self.spec.as_ref().unwrap_or(&default));
    }
}

/// The volume sources of a PV, in the order `ValidatePersistentVolumeSpec` looks at them.
fn pv_sources(s: &PersistentVolumeSpec) -> Vec<&'static str> {
    [
        ("hostPath", s.host_path.is_some()),
        ("gcePersistentDisk", s.gce_persistent_disk.is_some()),
        ("awsElasticBlockStore", s.aws_elastic_block_store.is_some()),
        ("glusterfs", s.glusterfs.is_some()),
        ("flocker", s.flocker.is_some()),
        ("nfs", s.nfs.is_some()),
        ("rbd", s.rbd.is_some()),
        ("quobyte", s.quobyte.is_some()),
        ("cephfs", s.cephfs.is_some()),
        ("iscsi", s.iscsi.is_some()),
        ("cinder", s.cinder.is_some()),
        ("fc", s.fc.is_some()),
        ("flexVolume", s.flex_volume.is_some()),
        ("azureFile", s.azure_file.is_some()),
        ("vsphereVolume", s.vsphere_volume.is_some()),
        ("photonPersistentDisk", s.photon_persistent_disk.is_some()),
        ("portworxVolume", s.portworx_volume.is_some()),
        ("azureDisk", s.azure_disk.is_some()),
        ("scaleIO", s.scale_io.is_some()),
        ("local", s.local.is_some()),
        ("storageos", s.storageos.is_some()),
        ("csi", s.csi.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect()
}

/// Go's `%#v`-like dump of a resource list (quantities shown as strings).
fn resource_list_dump(map: &BTreeMap<String, K8sQuantity>) -> String {
    let items: Vec<String> = map
        .iter()
        .map(|(k, v)| format!("{k:?}:{:?}", v.0))
        .collect();
    format!("core.ResourceList{{{}}}", items.join(", "))
}

/// `ValidatePersistentVolumeSpec` (RULES.md §8.2, the commonly used sources).
fn pv_spec(ctx: &mut Ctx, spec: &PersistentVolumeSpec) {
    let path = Path::root("spec");
    access_modes(ctx, spec.access_modes.as_deref(), &path);
    let cp = path.child("capacity");
    match spec.capacity.as_ref().filter(|c| !c.is_empty()) {
        None => ctx.required(&cp, ""),
        Some(cap) => {
            if !cap.contains_key("storage") || cap.len() > 1 {
                let dump = resource_list_dump(cap);
                ctx.push(
                    &cp,
                    ViolationKind::NotSupported,
                    Some(dump),
                    Some("supported values: \"storage\"".to_owned()),
                );
            }
            for (name, q) in cap {
                let kp = cp.key(name);
                positive_quantity(ctx, q, &kp, &kp);
            }
        }
    }
    match pv_sources(spec).as_slice() {
        [] => ctx.required(&path, "must specify a volume type"),
        [_] => {}
        [_, rest @ ..] => {
            for extra in rest {
                ctx.forbidden(
                    &path.child(extra),
                    "may not specify more than 1 volume type",
                );
            }
        }
    }
    let rp = path.child("persistentVolumeReclaimPolicy");
    let policy = spec
        .persistent_volume_reclaim_policy
        .as_deref()
        .unwrap_or("");
    if !policy.is_empty() && !PV_RECLAIM_POLICIES.contains(&policy) {
        ctx.not_supported(&rp, policy, &PV_RECLAIM_POLICIES);
    }
    pv_source_details(ctx, spec, &path, policy);
    class_name(
        ctx,
        spec.storage_class_name.as_deref(),
        &path.child("storageClassName"),
    );
    class_name(
        ctx,
        spec.volume_attributes_class_name.as_deref(),
        &path.child("volumeAttributesClassName"),
    );
    volume_mode(ctx, spec.volume_mode.as_deref(), &path.child("volumeMode"));
}

/// Per-source rules of a PV: hostPath, local (+ node affinity), nfs, csi.
fn pv_source_details(ctx: &mut Ctx, spec: &PersistentVolumeSpec, path: &Path<'_>, policy: &str) {
    if let Some(hp) = &spec.host_path {
        let pp = path.child("hostPath");
        let pp = pp.child("path");
        if hp.path.is_empty() {
            ctx.required(&pp, "");
        } else {
            ctx.invalid_all(&pp, &hp.path, format::path_no_backsteps(&hp.path));
        }
        if policy == "Recycle" && (hp.path == "/" || hp.path == "//") {
            ctx.forbidden(
                &path.child("persistentVolumeReclaimPolicy"),
                "may not be 'recycle' for a hostPath mount of '/'",
            );
        }
    }
    if let Some(local) = &spec.local {
        let pp = path.child("local");
        let pp = pp.child("path");
        if local.path.is_empty() {
            ctx.required(&pp, "");
        } else {
            ctx.invalid_all(&pp, &local.path, format::path_no_backsteps(&local.path));
        }
        if spec
            .node_affinity
            .as_ref()
            .and_then(|a| a.required.as_ref())
            .is_none()
        {
            ctx.required(
                &path.child("nodeAffinity"),
                "Local volume requires node affinity",
            );
        }
    }
    if let Some(nfs) = &spec.nfs {
        super::pod::nfs_source(ctx, nfs, &path.child("nfs"));
    }
    if let Some(csi) = &spec.csi {
        let cp = path.child("csi");
        super::pod::csi_driver(ctx, &csi.driver, &cp.child("driver"));
        if csi.volume_handle.is_empty() {
            ctx.required(&cp.child("volumeHandle"), "");
        }
        for (field, secret) in [
            (
                "controllerPublishSecretRef",
                csi.controller_publish_secret_ref.as_ref(),
            ),
            ("nodeStageSecretRef", csi.node_stage_secret_ref.as_ref()),
            ("nodePublishSecretRef", csi.node_publish_secret_ref.as_ref()),
            (
                "controllerExpandSecretRef",
                csi.controller_expand_secret_ref.as_ref(),
            ),
            ("nodeExpandSecretRef", csi.node_expand_secret_ref.as_ref()),
        ] {
            let Some(secret) = secret else { continue };
            let sp = cp.child(field);
            let name = secret.name.as_deref().unwrap_or("");
            let ns = secret.namespace.as_deref().unwrap_or("");
            if name.is_empty() {
                ctx.required(&sp.child("name"), "");
            } else {
                ctx.invalid_all(&sp.child("name"), name, format::dns1123_subdomain(name));
            }
            if ns.is_empty() {
                ctx.required(&sp.child("namespace"), "");
            } else {
                ctx.invalid_all(&sp.child("namespace"), ns, format::dns1123_label(ns));
            }
        }
    }
}

impl Validate for StorageClass {
    fn object_ref(&self) -> String {
        format!(
            "StorageClass/{}",
            self.metadata.name.as_deref().unwrap_or("")
        )
    }

    fn check(&self, ctx: &mut Ctx) {
        meta::object_meta(ctx, &self.metadata, NameRule::Subdomain, false);
        provisioner(ctx, &self.provisioner);
        parameters(ctx, self.parameters.as_ref());
        let rp = Path::root("reclaimPolicy");
        if let Some(p) = self.reclaim_policy.as_deref().filter(|p| !p.is_empty())
            && !["Delete", "Retain"].contains(&p)
        {
            ctx.not_supported(&rp, p, &["Delete", "Retain"]);
        }
        let bp = Path::root("volumeBindingMode");
        if let Some(m) = self.volume_binding_mode.as_deref()
            && !["Immediate", "WaitForFirstConsumer"].contains(&m)
        {
            ctx.not_supported(&bp, m, &["Immediate", "WaitForFirstConsumer"]);
        }
        allowed_topologies(ctx, self.allowed_topologies.as_deref().unwrap_or_default());
    }
}

/// `validateProvisioner`: required; a qualified name after lower-casing (the original value is
/// reported).
fn provisioner(ctx: &mut Ctx, provisioner: &str) {
    let path = Path::root("provisioner");
    if provisioner.is_empty() {
        ctx.required(&path, "");
    } else {
        let msgs = format::qualified_name_versioned(
            &provisioner.to_lowercase(),
            ctx.opts.version().minor(),
        );
        ctx.invalid_all(&path, provisioner, msgs);
    }
}

/// `validateParameters`: at most 512 entries, 256 KiB in total, no empty key.
fn parameters(ctx: &mut Ctx, params: Option<&BTreeMap<String, String>>) {
    let path = Path::root("parameters");
    let Some(params) = params else {
        return;
    };
    if params.len() > MAX_PARAMETERS {
        ctx.too_long(&path, MAX_PARAMETERS);
        return;
    }
    let mut total = 0usize;
    for (k, v) in params {
        if k.is_empty() {
            ctx.invalid(&path, k, "field can not be empty.");
        }
        total = total.saturating_add(k.len()).saturating_add(v.len());
    }
    if total > MAX_PARAMETERS_SIZE {
        ctx.too_long(&path, MAX_PARAMETERS_SIZE);
    }
}

/// `validateAllowedTopologies`: keys qualified names, values required and unique, keys unique
/// per term, terms unique.
fn allowed_topologies(ctx: &mut Ctx, terms: &[TopologySelectorTerm]) {
    let path = Path::root("allowedTopologies");
    let minor = ctx.opts.version().minor();
    let mut seen_terms: Vec<BTreeMap<&str, Vec<&str>>> = Vec::with_capacity(terms.len());
    for (i, term) in terms.iter().enumerate() {
        let tp = path.index(i);
        let ep = tp.child("matchLabelExpressions");
        let mut expr_map: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (j, req) in term.match_label_expressions.iter().flatten().enumerate() {
            let rp = ep.index(j);
            let vp = rp.child("values");
            if req.values.is_empty() {
                ctx.required(&vp, "");
            }
            let mut values: Seen<&str> = Seen::new();
            let mut set: Vec<&str> = Vec::with_capacity(req.values.len());
            for (k, v) in req.values.iter().enumerate() {
                if values.insert(v.as_str()) {
                    set.push(v);
                } else {
                    ctx.duplicate(&vp.index(k), v);
                }
            }
            set.sort_unstable();
            let kp = rp.child("key");
            ctx.invalid_all(
                &kp,
                &req.key,
                format::qualified_name_versioned(&req.key, minor),
            );
            if expr_map.insert(req.key.as_str(), set).is_some() {
                ctx.duplicate(&kp, &req.key);
            }
        }
        if seen_terms.contains(&expr_map) {
            ctx.duplicate(&ep, "");
        }
        seen_terms.push(expr_map);
    }
}
