//! Pod spec rules (RULES.md §5): containers, ports, env, envFrom, volumes, mounts, probes,
//! resources and security contexts. Shared by Pods and every workload's pod template.

use std::collections::BTreeMap;

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EnvFromSource, EnvVar, KeyToPath, PodSecurityContext, PodSpec, Probe,
    ResourceRequirements, SeccompProfile, SecurityContext, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

use super::format;
use super::{Ctx, Path, Seen, more, scheduling};
use crate::quantity::Quantity;

/// Where a pod spec sits; some rules differ for Pods and templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PodKind {
    /// A Pod object.
    Pod,
    /// The template of a Deployment, ReplicaSet or StatefulSet (`restartPolicy` must be `Always`).
    Workload(&'static str),
    /// The template of a Job or of a CronJob's Job (`restartPolicy` checked by the Job rules).
    Job,
}

/// `ValidatePodSpec` (the subset of RULES.md §5 kubeforge implements), plus the workload
/// template restrictions of §5.10 when `kind` is a workload.
pub(crate) fn pod_spec(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>, kind: PodKind) {
    pod_spec_with_extra_volumes(ctx, spec, path, kind, &[]);
}

/// [`pod_spec`] where `extra_volumes` also count as declared volumes (StatefulSet claim templates).
#[allow(
    clippy::too_many_lines,
    reason = "the pod-level rules in the apiserver's order"
)]
pub(crate) fn pod_spec_with_extra_volumes(
    ctx: &mut Ctx,
    spec: &PodSpec,
    path: &Path<'_>,
    kind: PodKind,
    extra_volumes: &[&str],
) {
    let vols_path = path.child("volumes");
    let mut volume_names: Seen<&str> = extra_volumes.iter().copied().collect();
    // Volumes whose files the kubelet refreshes when the object changes (not through subPath).
    let mut updating: Seen<&str> = Seen::new();
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        let p = vols_path.index(i);
        volume(ctx, v, &p);
        if v.config_map.is_some()
            || v.secret.is_some()
            || v.projected.is_some()
            || v.downward_api.is_some()
        {
            updating.insert(v.name.as_str());
        }
        if !v.name.is_empty() && !volume_names.insert(v.name.as_str()) {
            ctx.duplicate(&p.child("name"), &v.name);
        }
    }

    let containers_path = path.child("containers");
    let init_path = path.child("initContainers");
    if spec.containers.is_empty() {
        ctx.required(&containers_path, "");
    }
    let mut names: Seen<&str> = Seen::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let p = containers_path.index(i);
        if !c.name.is_empty() && !names.insert(c.name.as_str()) {
            ctx.duplicate(&p.child("name"), &c.name);
        }
        container(ctx, c, &p, (&volume_names, &updating), false);
    }
    for (i, c) in spec.init_containers.iter().flatten().enumerate() {
        let p = init_path.index(i);
        if !c.name.is_empty() && !names.insert(c.name.as_str()) {
            ctx.duplicate(&p.child("name"), &c.name);
        }
        container(ctx, c, &p, (&volume_names, &updating), true);
    }
    host_port_conflicts(ctx, &spec.containers, &containers_path);

    if let Some(rp) = spec.restart_policy.as_deref() {
        match kind {
            PodKind::Pod => {
                if !["Always", "OnFailure", "Never"].contains(&rp) {
                    ctx.not_supported(
                        &path.child("restartPolicy"),
                        rp,
                        &["Always", "OnFailure", "Never"],
                    );
                }
            }
            PodKind::Workload(_) => {
                if rp != "Always" {
                    ctx.not_supported(&path.child("restartPolicy"), rp, &["Always"]);
                }
            }
            PodKind::Job => {}
        }
    }
    if let Some(ads) = spec.active_deadline_seconds {
        match kind {
            PodKind::Workload(name) => ctx.forbidden(
                &path.child("activeDeadlineSeconds"),
                format!("activeDeadlineSeconds in {name} is not Supported"),
            ),
            PodKind::Pod | PodKind::Job => {
                if !(1..=i64::from(i32::MAX)).contains(&ads) {
                    ctx.invalid_raw(
                        &path.child("activeDeadlineSeconds"),
                        ads,
                        "must be between 1 and 2147483647, inclusive",
                    );
                }
            }
        }
    }
    if let Some(dns) = spec.dns_policy.as_deref() {
        const DNS: [&str; 4] = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
        if !DNS.contains(&dns) {
            ctx.not_supported(&path.child("dnsPolicy"), dns, &DNS);
        }
    }
    for (field, value) in [
        ("serviceAccountName", spec.service_account_name.as_deref()),
        ("nodeName", spec.node_name.as_deref()),
        ("priorityClassName", spec.priority_class_name.as_deref()),
        ("runtimeClassName", spec.runtime_class_name.as_deref()),
    ] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            ctx.invalid_all(&path.child(field), v, format::dns1123_subdomain(v));
        }
    }
    for (field, value) in [
        ("hostname", spec.hostname.as_deref()),
        ("subdomain", spec.subdomain.as_deref()),
    ] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            ctx.invalid_all(&path.child(field), v, format::dns1123_label(v));
        }
    }
    super::meta::labels(
        ctx,
        spec.node_selector.as_ref(),
        &path.child("nodeSelector"),
    );
    pod_lists(ctx, spec, path);
    if let Some(t) = spec.termination_grace_period_seconds.filter(|t| *t < 0) {
        ctx.warn(
            &path.child("terminationGracePeriodSeconds"),
            format!("must be >= 0; negative values are invalid and will be treated as 1 (got {t})"),
        );
    }
    if let Some(sc) = &spec.security_context {
        pod_security_context(ctx, sc, spec, &path.child("securityContext"));
    }
    if spec.share_process_namespace == Some(true) && spec.host_pid == Some(true) {
        let sp = path.child("securityContext");
        ctx.invalid_raw(
            &sp.child("shareProcessNamespace"),
            true,
            "ShareProcessNamespace and HostPID cannot both be enabled",
        );
    }
    host_namespace_rules(ctx, spec, path);
    more::pod_rules(ctx, spec, path, kind == PodKind::Pod);
    scheduling::dns(ctx, spec, path);
    scheduling::tolerations(
        ctx,
        spec.tolerations.as_deref().unwrap_or_default(),
        &path.child("tolerations"),
    );
    if let Some(a) = &spec.affinity {
        scheduling::affinity(ctx, a, &path.child("affinity"));
    }
    scheduling::topology_spread(
        ctx,
        spec.topology_spread_constraints
            .as_deref()
            .unwrap_or_default(),
        &path.child("topologySpreadConstraints"),
    );
    if spec
        .ephemeral_containers
        .as_ref()
        .is_some_and(|e| !e.is_empty())
    {
        ctx.forbidden(
            &path.child("ephemeralContainers"),
            "cannot be set on create",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Volumes (§5.5)

/// The fixed order in which the apiserver looks at volume sources.
fn volume_sources(v: &Volume) -> ([&'static str; 30], usize) {
    let mut s = [""; 30];
    let mut n = 0;
    macro_rules! src {
        ($($field:ident => $name:literal),* $(,)?) => { $( if v.$field.is_some() {
            if let Some(slot) = s.get_mut(n) { *slot = $name; n += 1; }
        } )* };
    }
    src!(
        empty_dir => "emptyDir", host_path => "hostPath", git_repo => "gitRepo",
        gce_persistent_disk => "gcePersistentDisk", aws_elastic_block_store => "awsElasticBlockStore",
        secret => "secret", nfs => "nfs", iscsi => "iscsi", glusterfs => "glusterfs",
        flocker => "flocker", persistent_volume_claim => "persistentVolumeClaim", rbd => "rbd",
        cinder => "cinder", cephfs => "cephfs", quobyte => "quobyte", downward_api => "downwardAPI",
        fc => "fc", flex_volume => "flexVolume", config_map => "configMap", azure_file => "azureFile",
        vsphere_volume => "vsphereVolume", photon_persistent_disk => "photonPersistentDisk",
        portworx_volume => "portworxVolume", azure_disk => "azureDisk", storageos => "storageos",
        projected => "projected", scale_io => "scaleIO", csi => "csi", ephemeral => "ephemeral",
        image => "image",
    );
    (s, n)
}

const MODE_MSG: &str = "must be a number between 0 and 0777 (octal), both inclusive";

fn mode(ctx: &mut Ctx, m: Option<i32>, path: &Path<'_>) {
    if let Some(m) = m.filter(|m| !(0..=0o777).contains(m)) {
        ctx.invalid_raw(path, m, MODE_MSG);
    }
}

fn key_to_paths(ctx: &mut Ctx, items: Option<&Vec<KeyToPath>>, path: &Path<'_>) {
    for (i, item) in items.into_iter().flatten().enumerate() {
        let p = path.index(i);
        if item.key.is_empty() {
            ctx.required(&p.child("key"), "");
        }
        if item.path.is_empty() {
            ctx.required(&p.child("path"), "");
        } else {
            ctx.invalid_all(
                &p.child("path"),
                &item.path,
                format::local_non_reserved_path(&item.path),
            );
        }
        mode(ctx, item.mode, &p.child("mode"));
    }
}

const DOWNWARD_VOLUME_FIELDS: [&str; 5] = [
    "metadata.annotations",
    "metadata.labels",
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
];

#[allow(
    clippy::too_many_lines,
    reason = "one block per volume source, in the apiserver's order"
)]
fn volume(ctx: &mut Ctx, v: &Volume, path: &Path<'_>) {
    if v.name.is_empty() {
        ctx.required(&path.child("name"), "");
    } else {
        ctx.invalid_all(&path.child("name"), &v.name, format::dns1123_label(&v.name));
    }
    let (all, n) = volume_sources(v);
    match all.get(..n).unwrap_or_default() {
        [] => ctx.required(path, "must specify a volume type"),
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
    if let Some(ed) = &v.empty_dir
        && let Some(limit) = &ed.size_limit
    {
        let p = path.child("emptyDir");
        let p = p.child("sizeLimit");
        match Quantity::parse(&limit.0) {
            Err(e) => ctx.invalid(&p, &limit.0, e.to_string()),
            Ok(q) if q.is_negative() => {
                ctx.forbidden(&p, "SizeLimit field must be a valid resource quantity");
            }
            Ok(_) => {}
        }
    }
    if let Some(hp) = &v.host_path {
        let p = path.child("hostPath");
        if hp.path.is_empty() {
            ctx.required(&p.child("path"), "");
        } else {
            ctx.invalid_all(
                &p.child("path"),
                &hp.path,
                format::path_no_backsteps(&hp.path),
            );
        }
        if let Some(t) = hp.type_.as_deref() {
            const TYPES: [&str; 8] = [
                "",
                "BlockDevice",
                "CharDevice",
                "Directory",
                "DirectoryOrCreate",
                "File",
                "FileOrCreate",
                "Socket",
            ];
            if !TYPES.contains(&t) {
                ctx.not_supported(&p.child("type"), t, &TYPES);
            }
        }
    }
    if let Some(s) = &v.secret {
        let p = path.child("secret");
        match s.secret_name.as_deref() {
            None | Some("") => ctx.required(&p.child("secretName"), ""),
            Some(name) => ctx.invalid_all(
                &p.child("secretName"),
                name,
                format::dns1123_subdomain(name),
            ),
        }
        mode(ctx, s.default_mode, &p.child("defaultMode"));
        key_to_paths(ctx, s.items.as_ref(), &p.child("items"));
    }
    if let Some(cm) = &v.config_map {
        let p = path.child("configMap");
        if cm.name.is_empty() {
            ctx.required(&p.child("name"), "");
        } else {
            ctx.invalid_all(
                &p.child("name"),
                &cm.name,
                format::dns1123_subdomain(&cm.name),
            );
        }
        mode(ctx, cm.default_mode, &p.child("defaultMode"));
        key_to_paths(ctx, cm.items.as_ref(), &p.child("items"));
    }
    if let Some(pvc) = &v.persistent_volume_claim
        && pvc.claim_name.is_empty()
    {
        ctx.required(&path.child("persistentVolumeClaim").child("claimName"), "");
    }
    if let Some(nfs) = &v.nfs {
        nfs_source(ctx, nfs, &path.child("nfs"));
    }
    if let Some(ceph) = &v.cephfs {
        let p = path.child("cephfs");
        if ceph.monitors.is_empty() {
            ctx.required(&p.child("monitors"), "");
        }
        if let Some(cp) = ceph.path.as_deref() {
            ctx.invalid_all(&p.child("path"), cp, format::path_no_backsteps(cp));
        }
        ctx.warn(&p, "deprecated in v1.28, non-functional in v1.31+");
    }
    if v.git_repo.is_some() {
        ctx.warn(&path.child("gitRepo"), "deprecated in v1.11");
    }
    for (present, field, message) in [
        (
            v.rbd.is_some(),
            "rbd",
            "deprecated in v1.28, non-functional in v1.31+",
        ),
        (
            v.glusterfs.is_some(),
            "glusterfs",
            "deprecated in v1.25, non-functional in v1.26+",
        ),
        (
            v.flocker.is_some(),
            "flocker",
            "deprecated in v1.22, non-functional in v1.25+",
        ),
        (
            v.quobyte.is_some(),
            "quobyte",
            "deprecated in v1.22, non-functional in v1.25+",
        ),
        (
            v.storageos.is_some(),
            "storageos",
            "deprecated in v1.22, non-functional in v1.25+",
        ),
        (
            v.scale_io.is_some(),
            "scaleIO",
            "deprecated in v1.16, non-functional in v1.22+",
        ),
        (
            v.photon_persistent_disk.is_some(),
            "photonPersistentDisk",
            "deprecated in v1.11, non-functional in v1.16+",
        ),
    ] {
        if present {
            ctx.warn(&path.child(field), message);
        }
    }
    if let Some(d) = &v.downward_api {
        let p = path.child("downwardAPI");
        mode(ctx, d.default_mode, &p.child("defaultMode"));
        downward_items(ctx, d.items.as_ref(), &p.child("items"));
    }
    if let Some(pr) = &v.projected {
        projected(ctx, pr, &path.child("projected"));
    }
    if let Some(csi) = &v.csi {
        let cp = path.child("csi");
        csi_driver(ctx, &csi.driver, &cp.child("driver"));
    }
}

/// An NFS export (pod volume or PV): server required, path required and absolute.
pub(crate) fn nfs_source(
    ctx: &mut Ctx,
    nfs: &k8s_openapi::api::core::v1::NFSVolumeSource,
    path: &Path<'_>,
) {
    if nfs.server.is_empty() {
        ctx.required(&path.child("server"), "");
    }
    if nfs.path.is_empty() {
        ctx.required(&path.child("path"), "");
    } else if !nfs.path.starts_with('/') {
        ctx.invalid(&path.child("path"), &nfs.path, "must be an absolute path");
    }
}

/// A CSI driver name (pod volume or PV): required, at most 63 characters, a DNS-1123
/// subdomain once lower-cased.
pub(crate) fn csi_driver(ctx: &mut Ctx, driver: &str, path: &Path<'_>) {
    if driver.is_empty() {
        ctx.required(path, "");
        return;
    }
    if driver.len() > 63 {
        ctx.too_long(path, 63);
    }
    ctx.invalid_all(
        path,
        driver,
        format::dns1123_subdomain(&driver.to_lowercase()),
    );
}

fn downward_items(
    ctx: &mut Ctx,
    items: Option<&Vec<k8s_openapi::api::core::v1::DownwardAPIVolumeFile>>,
    path: &Path<'_>,
) {
    for (i, item) in items.into_iter().flatten().enumerate() {
        let p = path.index(i);
        if item.path.is_empty() {
            ctx.required(&p.child("path"), "");
        } else {
            ctx.invalid_all(
                &p.child("path"),
                &item.path,
                format::local_non_reserved_path(&item.path),
            );
        }
        mode(ctx, item.mode, &p.child("mode"));
        match (&item.field_ref, &item.resource_field_ref) {
            (Some(f), None) => {
                field_path(
                    ctx,
                    &f.field_path,
                    &p.child("fieldRef").child("fieldPath"),
                    &DOWNWARD_VOLUME_FIELDS,
                );
            }
            (None, Some(r)) => {
                if r.container_name.as_deref().unwrap_or("").is_empty() {
                    ctx.required(&p.child("resourceFieldRef").child("containerName"), "");
                }
                resource_field(ctx, r, &p.child("resourceFieldRef"));
            }
            (Some(_), Some(_)) => ctx.invalid(
                &p,
                "",
                "fieldRef and resourceFieldRef can not be specified simultaneously",
            ),
            (None, None) => ctx.required(&p, "one of fieldRef and resourceFieldRef is required"),
        }
    }
}

fn projected(
    ctx: &mut Ctx,
    pr: &k8s_openapi::api::core::v1::ProjectedVolumeSource,
    path: &Path<'_>,
) {
    mode(ctx, pr.default_mode, &path.child("defaultMode"));
    let sources_path = path.child("sources");
    let mut all_paths: Seen<String> = Seen::new();
    for (i, s) in pr.sources.iter().flatten().enumerate() {
        let p = sources_path.index(i);
        let mut n = 0;
        let mut paths: Vec<String> = Vec::new();
        if let Some(sec) = &s.secret {
            n += 1;
            let sp = p.child("secret");
            if sec.name.is_empty() {
                ctx.required(&sp.child("name"), "");
            }
            key_to_paths(ctx, sec.items.as_ref(), &sp.child("items"));
            paths.extend(sec.items.iter().flatten().map(|k| k.path.clone()));
        }
        if let Some(cm) = &s.config_map {
            n += 1;
            let cp = p.child("configMap");
            if cm.name.is_empty() {
                ctx.required(&cp.child("name"), "");
            }
            key_to_paths(ctx, cm.items.as_ref(), &cp.child("items"));
            paths.extend(cm.items.iter().flatten().map(|k| k.path.clone()));
        }
        if let Some(d) = &s.downward_api {
            n += 1;
            downward_items(
                ctx,
                d.items.as_ref(),
                &p.child("downwardAPI").child("items"),
            );
            paths.extend(d.items.iter().flatten().map(|k| k.path.clone()));
        }
        if let Some(t) = &s.service_account_token {
            n += 1;
            let tp = p.child("serviceAccountToken");
            if let Some(exp) = t.expiration_seconds {
                if exp < 600 {
                    ctx.invalid_raw(
                        &tp.child("expirationSeconds"),
                        exp,
                        "may not specify a duration less than 10 minutes",
                    );
                } else if exp > 1 << 32 {
                    ctx.invalid_raw(
                        &tp.child("expirationSeconds"),
                        exp,
                        "may not specify a duration larger than 2^32 seconds",
                    );
                }
            }
            if t.path.is_empty() {
                ctx.required(&tp.child("path"), "");
            } else {
                ctx.invalid_all(
                    &tp.child("path"),
                    &t.path,
                    format::local_non_reserved_path(&t.path),
                );
            }
            paths.push(t.path.clone());
        }
        if s.cluster_trust_bundle.is_some() {
            n += 1;
        }
        if n > 1 {
            ctx.forbidden(&p, "may not specify more than 1 volume type per source");
        }
        for sp in paths {
            if !sp.is_empty() && !all_paths.insert(sp.clone()) {
                ctx.invalid(path, &sp, "conflicting duplicate paths");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Containers (§5.1-§5.9)

/// Checks one container outside a pod (mount names are not resolved).
pub(crate) fn container_alone(ctx: &mut Ctx, c: &Container, path: &Path<'_>, volumes: &Seen<&str>) {
    container(ctx, c, path, (volumes, &Seen::new()), false);
}

/// The pod's volume names, and those of them that the kubelet keeps up to date.
type PodVolumes<'v, 'a> = (&'v Seen<&'a str>, &'v Seen<&'a str>);

#[allow(
    clippy::too_many_lines,
    reason = "the container rules in the apiserver's order"
)]
fn container(
    ctx: &mut Ctx,
    c: &Container,
    path: &Path<'_>,
    volumes: PodVolumes<'_, '_>,
    init: bool,
) {
    if c.name.is_empty() {
        ctx.required(&path.child("name"), "");
    } else {
        ctx.invalid_all(&path.child("name"), &c.name, format::dns1123_label(&c.name));
    }
    match c.image.as_deref() {
        None | Some("") => ctx.required(&path.child("image"), ""),
        Some(img) if img.trim() != img => {
            ctx.invalid(
                &path.child("image"),
                img,
                "must not have leading or trailing whitespace",
            );
        }
        Some(img) => image_tag_warning(ctx, img, &path.child("image")),
    }
    if let Some(p) = c.image_pull_policy.as_deref() {
        const POLICIES: [&str; 3] = ["Always", "IfNotPresent", "Never"];
        if !POLICIES.contains(&p) {
            ctx.not_supported(&path.child("imagePullPolicy"), p, &POLICIES);
        }
    }
    if let Some(p) = c.termination_message_policy.as_deref() {
        const POLICIES: [&str; 2] = ["FallbackToLogsOnError", "File"];
        if !POLICIES.contains(&p) {
            ctx.not_supported(&path.child("terminationMessagePolicy"), p, &POLICIES);
        }
    }
    let sidecar = match c.restart_policy.as_deref() {
        Some(rp) if !init => {
            let _ = rp;
            ctx.forbidden(
                &path.child("restartPolicy"),
                "may not be set for non-init containers",
            );
            false
        }
        Some("Always") => true,
        Some(rp) => {
            ctx.not_supported(&path.child("restartPolicy"), rp, &["Always"]);
            false
        }
        None => false,
    };
    let probes = [
        ("livenessProbe", c.liveness_probe.as_ref()),
        ("readinessProbe", c.readiness_probe.as_ref()),
        ("startupProbe", c.startup_probe.as_ref()),
    ];
    for (field, probe_val) in probes {
        let Some(pr) = probe_val else { continue };
        let p = path.child(field);
        if init && !sidecar {
            ctx.forbidden(
                &p,
                "may not be set for init containers without restartPolicy=Always",
            );
            continue;
        }
        probe(ctx, pr, &p, field);
    }
    if init && !sidecar && c.lifecycle.is_some() {
        ctx.forbidden(
            &path.child("lifecycle"),
            "may not be set for init containers without restartPolicy=Always",
        );
    }
    ports(
        ctx,
        c.ports.as_deref().unwrap_or_default(),
        &path.child("ports"),
    );
    env(
        ctx,
        c.env.as_deref().unwrap_or_default(),
        &path.child("env"),
    );
    env_from(
        ctx,
        c.env_from.as_deref().unwrap_or_default(),
        &path.child("envFrom"),
    );
    let privileged = c
        .security_context
        .as_ref()
        .and_then(|s| s.privileged)
        .unwrap_or(false);
    volume_mounts(
        ctx,
        c.volume_mounts.as_deref().unwrap_or_default(),
        &path.child("volumeMounts"),
        volumes,
        privileged,
    );
    env_references(ctx, c, &path.child("env"));
    if let Some(lc) = &c.lifecycle {
        let lp = path.child("lifecycle");
        for (name, h) in [
            ("postStart", lc.post_start.as_ref()),
            ("preStop", lc.pre_stop.as_ref()),
        ] {
            if let Some(h) = h {
                lifecycle_handler(ctx, h, &lp.child(name));
            }
        }
    }
    if let Some(r) = &c.resources {
        resources(ctx, r, &path.child("resources"));
    }
    if let Some(sc) = &c.security_context {
        security_context(ctx, sc, &path.child("securityContext"));
    }
}

/// `validateHandler` for a lifecycle hook: exactly one of exec, httpGet, tcpSocket, sleep.
fn lifecycle_handler(
    ctx: &mut Ctx,
    h: &k8s_openapi::api::core::v1::LifecycleHandler,
    path: &Path<'_>,
) {
    let mut handlers: Vec<&str> = Vec::new();
    if let Some(e) = &h.exec {
        handlers.push("exec");
        if e.command.as_ref().is_none_or(Vec::is_empty) {
            ctx.required(&path.child("exec").child("command"), "");
        }
    }
    if let Some(g) = &h.http_get {
        handlers.push("httpGet");
        int_or_string_port(ctx, &g.port, &path.child("httpGet").child("port"));
    }
    if let Some(t) = &h.tcp_socket {
        handlers.push("tcpSocket");
        int_or_string_port(ctx, &t.port, &path.child("tcpSocket").child("port"));
    }
    if h.sleep.is_some() {
        // `seconds` is checked against terminationGracePeriodSeconds in `more::pod_rules`.
        handlers.push("sleep");
    }
    match handlers.as_slice() {
        [] => ctx.required(path, "must specify a handler type"),
        [_] => {}
        [_, rest @ ..] => {
            for extra in rest {
                ctx.forbidden(
                    &path.child(extra),
                    "may not specify more than 1 handler type",
                );
            }
        }
    }
}

/// `nodeSelector` deprecated labels, `imagePullSecrets`, `hostAliases`, `readinessGates`.
fn pod_lists(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>) {
    let nsp = path.child("nodeSelector");
    for k in spec.node_selector.iter().flatten().map(|(k, _)| k.as_str()) {
        deprecated_node_label(ctx, k, &nsp.key(k));
    }
    let ips = path.child("imagePullSecrets");
    let mut pull: Seen<&str> = Seen::new();
    for (i, s) in spec.image_pull_secrets.iter().flatten().enumerate() {
        let np = ips.index(i);
        if s.name.is_empty() {
            ctx.warn(&np.child("name"), "invalid empty name \"\"");
        } else if !pull.insert(s.name.as_str()) {
            ctx.warn(&np.child("name"), format!("duplicate name {:?}", s.name));
        }
    }
    let hap = path.child("hostAliases");
    let mut ips_seen: Seen<&str> = Seen::new();
    for (i, h) in spec.host_aliases.iter().flatten().enumerate() {
        let p = hap.index(i);
        if h.ip.parse::<std::net::IpAddr>().is_err() {
            ctx.invalid(&p.child("ip"), &h.ip, "must be valid IP address");
        } else if !ips_seen.insert(h.ip.as_str()) {
            ctx.warn(&p.child("ip"), format!("duplicate ip {:?}", h.ip));
        }
        let hp = p.child("hostnames");
        for (j, name) in h.hostnames.iter().flatten().enumerate() {
            ctx.invalid_all(&hp.index(j), name, format::dns1123_subdomain(name));
        }
    }
    let rgp = path.child("readinessGates");
    for (i, g) in spec.readiness_gates.iter().flatten().enumerate() {
        let p = rgp.index(i);
        let ct = &g.condition_type;
        ctx.invalid_all(&p.child("conditionType"), ct, format::qualified_name(ct));
    }
}

/// Node labels replaced by GA ones (RULES.md §11), in nodeSelector and node affinity.
pub(crate) fn deprecated_node_label(ctx: &mut Ctx, key: &str, path: &Path<'_>) {
    let replacement = match key {
        "failure-domain.beta.kubernetes.io/zone" => Some(("v1.17", "topology.kubernetes.io/zone")),
        "failure-domain.beta.kubernetes.io/region" => {
            Some(("v1.17", "topology.kubernetes.io/region"))
        }
        "beta.kubernetes.io/arch" => Some(("v1.14", "kubernetes.io/arch")),
        "beta.kubernetes.io/os" => Some(("v1.14", "kubernetes.io/os")),
        "beta.kubernetes.io/instance-type" => Some(("v1.17", "node.kubernetes.io/instance-type")),
        _ => None,
    };
    if let Some((since, new)) = replacement {
        ctx.warn(
            path,
            format!("deprecated since {since}; use \"{new}\" instead"),
        );
    }
}

/// Warns about an image without a tag or with `:latest` (pulled again, not reproducible).
fn image_tag_warning(ctx: &mut Ctx, image: &str, path: &Path<'_>) {
    if image.contains('@') {
        return; // pinned by digest
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => ctx.warn(
            path,
            format!("image \"{image}\" has no tag: it means :latest, which changes under you (pin a version or a digest)"),
        ),
        Some((_, "latest")) => ctx.warn(
            path,
            format!("image \"{image}\" uses the :latest tag, which changes under you (pin a version or a digest)"),
        ),
        Some(_) => {}
    }
}

/// Warns about `$(VAR)` in env values that names a later or unknown variable: the kubelet
/// expands only variables defined before (envFrom ones included) and leaves the text as is.
fn env_references(ctx: &mut Ctx, c: &Container, path: &Path<'_>) {
    let env = c.env.as_deref().unwrap_or_default();
    let has_env_from = c.env_from.as_ref().is_some_and(|e| !e.is_empty());
    for (i, e) in env.iter().enumerate() {
        let Some(value) = e.value.as_deref() else {
            continue;
        };
        if !value.contains('$') {
            continue;
        }
        let mut rest = value;
        while let Some(start) = rest.find("$(") {
            let escaped = rest.get(..start).is_some_and(|b| b.ends_with('$'));
            let after = rest.get(start + 2..).unwrap_or_default();
            let Some(end) = after.find(')') else { break };
            let name = after.get(..end).unwrap_or_default();
            rest = after.get(end + 1..).unwrap_or_default();
            if escaped || name.is_empty() {
                continue;
            }
            let earlier = env.iter().take(i).any(|x| x.name == name);
            if earlier {
                continue;
            }
            let later = env.iter().skip(i + 1).any(|x| x.name == name);
            let p = path.index(i);
            if later {
                ctx.warn(
                    &p.child("value"),
                    format!("$({name}) refers to a variable defined later in env: it is not expanded (order env entries so that it comes first)"),
                );
            } else if !has_env_from {
                ctx.warn(
                    &p.child("value"),
                    format!("$({name}) refers to no variable of this container: it is left as is"),
                );
            }
        }
    }
}

fn ports(ctx: &mut Ctx, ports: &[ContainerPort], path: &Path<'_>) {
    let mut names: Seen<&str> = Seen::new();
    let mut seen: Seen<(i32, &str)> = Seen::new();
    for (i, port) in ports.iter().enumerate() {
        let p = path.index(i);
        if let Some(name) = port.name.as_deref().filter(|n| !n.is_empty()) {
            ctx.invalid_all(&p.child("name"), name, format::port_name(name));
            if !names.insert(name) {
                ctx.duplicate(&p.child("name"), name);
            }
        }
        if port.container_port == 0 {
            ctx.required(&p.child("containerPort"), "");
        } else {
            for m in format::port_number(port.container_port) {
                ctx.invalid_raw(&p.child("containerPort"), port.container_port, m);
            }
        }
        if let Some(hp) = port.host_port.filter(|hp| *hp != 0) {
            for m in format::port_number(hp) {
                ctx.invalid_raw(&p.child("hostPort"), hp, m);
            }
        }
        let proto = port.protocol.as_deref().unwrap_or("TCP");
        if !["SCTP", "TCP", "UDP"].contains(&proto) {
            ctx.not_supported(&p.child("protocol"), proto, &["SCTP", "TCP", "UDP"]);
        }
        if port.host_port.unwrap_or(0) == 0 && !seen.insert((port.container_port, proto)) {
            ctx.warn(
                &p,
                format!(
                    "duplicate port definition with containerPort {} and protocol {proto}",
                    port.container_port
                ),
            );
        }
        if port.host_ip.as_deref().is_some_and(|ip| !ip.is_empty())
            && port.host_port.unwrap_or(0) == 0
        {
            ctx.warn(&p.child("hostIP"), "hostIP set without hostPort");
        }
    }
}

fn host_port_conflicts(ctx: &mut Ctx, containers: &[Container], path: &Path<'_>) {
    let mut used: Seen<String> = Seen::new();
    for (ci, c) in containers.iter().enumerate() {
        let cp = path.index(ci);
        let pp = cp.child("ports");
        for (pi, port) in c.ports.iter().flatten().enumerate() {
            let Some(hp) = port.host_port.filter(|h| *h != 0) else {
                continue;
            };
            let key = format!(
                "{}/{}/{}",
                port.protocol.as_deref().unwrap_or("TCP"),
                port.host_ip.as_deref().unwrap_or(""),
                hp
            );
            if !used.insert(key.clone()) {
                ctx.duplicate(&pp.index(pi).child("hostPort"), &key);
            }
        }
    }
}

/// Env var fields allowed in `fieldRef` (§5.3).
const ENV_FIELDS: [&str; 9] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "spec.nodeName",
    "spec.serviceAccountName",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

/// Field paths the apiserver's converter knows (a known path not allowed here is `Unsupported`).
const KNOWN_FIELDS: [&str; 14] = [
    "metadata.name",
    "metadata.namespace",
    "metadata.uid",
    "metadata.labels",
    "metadata.annotations",
    "spec.nodeName",
    "spec.restartPolicy",
    "spec.schedulerName",
    "spec.serviceAccountName",
    "status.phase",
    "status.hostIP",
    "status.hostIPs",
    "status.podIP",
    "status.podIPs",
];

fn field_path(ctx: &mut Ctx, fp: &str, path: &Path<'_>, allowed: &[&str]) {
    if fp.is_empty() {
        ctx.required(path, "");
        return;
    }
    for prefix in ["metadata.labels['", "metadata.annotations['"] {
        if let Some(rest) = fp.strip_prefix(prefix)
            && let Some(key) = rest.strip_suffix("']")
        {
            let key_msgs = if prefix.starts_with("metadata.annotations") {
                format::qualified_name(&key.to_lowercase())
            } else {
                format::qualified_name(key)
            };
            ctx.invalid_all(path, key, key_msgs);
            return;
        }
    }
    if allowed.contains(&fp) {
        return;
    }
    if KNOWN_FIELDS.contains(&fp) {
        ctx.not_supported(path, fp, allowed);
    } else {
        ctx.invalid(
            path,
            fp,
            format!("error converting fieldPath: field label not supported: {fp}"),
        );
    }
}

const RESOURCE_FIELDS: [&str; 6] = [
    "limits.cpu",
    "limits.ephemeral-storage",
    "limits.memory",
    "requests.cpu",
    "requests.ephemeral-storage",
    "requests.memory",
];

fn resource_field(
    ctx: &mut Ctx,
    r: &k8s_openapi::api::core::v1::ResourceFieldSelector,
    path: &Path<'_>,
) {
    let res = r.resource.as_str();
    let p = path.child("resource");
    if res.is_empty() {
        ctx.required(&p, "");
        return;
    }
    let hugepages = res.starts_with("limits.hugepages-") || res.starts_with("requests.hugepages-");
    if !RESOURCE_FIELDS.contains(&res) && !hugepages {
        ctx.not_supported(&p, res, &RESOURCE_FIELDS);
        return;
    }
    if let Some(div) = &r.divisor {
        let dp = path.child("divisor");
        let Ok(q) = Quantity::parse(&div.0) else {
            ctx.invalid(&dp, &div.0, "unable to parse divisor");
            return;
        };
        if res == "limits.cpu" || res == "requests.cpu" {
            let ok = q == Quantity::millicores(1) || q == Quantity::cores(1);
            if !ok {
                ctx.invalid(
                    &dp,
                    &div.0,
                    "only divisor's values 1m and 1 are supported with the cpu resource",
                );
            }
        } else {
            const DIVS: [&str; 13] = [
                "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei",
            ];
            let ok = DIVS
                .iter()
                .any(|d| Quantity::parse(d).is_ok_and(|x| x == q));
            if !ok {
                let what = if res.ends_with(".memory") {
                    "memory"
                } else if hugepages {
                    "hugepages"
                } else {
                    "local ephemeral storage"
                };
                ctx.invalid(
                    &dp,
                    &div.0,
                    format!("only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the {what} resource"),
                );
            }
        }
    }
}

fn env_name(ctx: &mut Ctx, name: &str, path: &Path<'_>) {
    let relaxed = ctx.opts.relaxed_env_names();
    ctx.invalid_all(path, name, format::env_var_name(name, relaxed));
}

fn key_selector(ctx: &mut Ctx, name: &str, key: &str, path: &Path<'_>) {
    ctx.invalid_all(&path.child("name"), name, format::dns1123_subdomain(name));
    if key.is_empty() {
        ctx.required(&path.child("key"), "");
    } else {
        ctx.invalid_all(&path.child("key"), key, format::config_map_key(key));
    }
}

fn env(ctx: &mut Ctx, env: &[EnvVar], path: &Path<'_>) {
    let mut seen: Seen<&str> = Seen::new();
    for (i, e) in env.iter().enumerate() {
        let p = path.index(i);
        if e.name.is_empty() {
            ctx.required(&p.child("name"), "");
        } else {
            env_name(ctx, &e.name, &p.child("name"));
            if !seen.insert(e.name.as_str()) {
                ctx.warn(
                    &p,
                    format!("hides previous definition of \"{}\", which may be dropped when using apply", e.name),
                );
            }
        }
        let Some(vf) = &e.value_from else { continue };
        let vp = p.child("valueFrom");
        let n = usize::from(vf.field_ref.is_some())
            + usize::from(vf.resource_field_ref.is_some())
            + usize::from(vf.config_map_key_ref.is_some())
            + usize::from(vf.secret_key_ref.is_some());
        if e.value.as_deref().is_some_and(|v| !v.is_empty()) {
            ctx.invalid(&vp, "", "may not be specified when `value` is not empty");
        }
        match n {
            0 => ctx.invalid(&vp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"),
            1 => {}
            _ => ctx.invalid(&vp, "", "may not have more than one field specified at a time"),
        }
        if let Some(f) = &vf.field_ref {
            field_path(
                ctx,
                &f.field_path,
                &vp.child("fieldRef").child("fieldPath"),
                &ENV_FIELDS,
            );
        }
        if let Some(r) = &vf.resource_field_ref {
            resource_field(ctx, r, &vp.child("resourceFieldRef"));
        }
        if let Some(r) = &vf.config_map_key_ref {
            key_selector(ctx, &r.name, &r.key, &vp.child("configMapKeyRef"));
        }
        if let Some(r) = &vf.secret_key_ref {
            key_selector(ctx, &r.name, &r.key, &vp.child("secretKeyRef"));
        }
    }
}

fn env_from(ctx: &mut Ctx, list: &[EnvFromSource], path: &Path<'_>) {
    for (i, e) in list.iter().enumerate() {
        let p = path.index(i);
        if let Some(prefix) = e.prefix.as_deref().filter(|s| !s.is_empty()) {
            env_name(ctx, prefix, &p.child("prefix"));
        }
        let refs = [
            e.config_map_ref
                .as_ref()
                .map(|r| ("configMapRef", r.name.as_str())),
            e.secret_ref
                .as_ref()
                .map(|r| ("secretRef", r.name.as_str())),
        ];
        let set: Vec<(&str, &str)> = refs.into_iter().flatten().collect();
        match set.as_slice() {
            [] => ctx.invalid(
                path,
                "",
                "must specify one of: `configMapRef` or `secretRef`",
            ),
            [(field, name)] => {
                let np = p.child(field);
                let np = np.child("name");
                if name.is_empty() {
                    ctx.required(&np, "");
                } else {
                    ctx.invalid_all(&np, name, format::name_is_dns_subdomain(name, true));
                }
            }
            _ => ctx.invalid(
                path,
                "",
                "may not have more than one field specified at a time",
            ),
        }
    }
}

fn volume_mounts(
    ctx: &mut Ctx,
    mounts: &[VolumeMount],
    path: &Path<'_>,
    (volumes, updating): PodVolumes<'_, '_>,
    privileged: bool,
) {
    let mut paths: Seen<&str> = Seen::new();
    for (i, m) in mounts.iter().enumerate() {
        let p = path.index(i);
        if m.sub_path.as_deref().is_some_and(|s| !s.is_empty())
            && updating.contains(&m.name.as_str())
        {
            ctx.warn(
                &p.child("subPath"),
                format!(
                    "volume \"{}\" is a ConfigMap, Secret or projected volume mounted with subPath: \
                     the file is copied at container start and never updated when the object changes",
                    m.name
                ),
            );
        }
        if m.name.is_empty() {
            ctx.required(&p.child("name"), "");
        } else if !volumes.contains(&m.name.as_str()) {
            ctx.not_found(&p.child("name"), &m.name);
        }
        if m.mount_path.is_empty() {
            ctx.required(&p.child("mountPath"), "");
        } else if !paths.insert(m.mount_path.as_str()) {
            ctx.invalid(&p.child("mountPath"), &m.mount_path, "must be unique");
        }
        let sub = m.sub_path.as_deref().unwrap_or("");
        let expr = m.sub_path_expr.as_deref().unwrap_or("");
        if !sub.is_empty() {
            ctx.invalid_all(
                &path.child("subPath"),
                sub,
                format::local_descending_path(sub),
            );
        }
        if !expr.is_empty() {
            if !sub.is_empty() {
                ctx.invalid(
                    &p.child("subPathExpr"),
                    expr,
                    "subPathExpr and subPath are mutually exclusive",
                );
            }
            ctx.invalid_all(
                &path.child("subPathExpr"),
                expr,
                format::local_descending_path(expr),
            );
        }
        if let Some(mp) = m.mount_propagation.as_deref() {
            const MODES: [&str; 3] = ["Bidirectional", "HostToContainer", "None"];
            if !MODES.contains(&mp) {
                ctx.not_supported(&path.child("mountPropagation"), mp, &MODES);
            } else if mp == "Bidirectional" && !privileged {
                ctx.forbidden(
                    &path.child("mountPropagation"),
                    "Bidirectional mount propagation is available only to privileged containers",
                );
            }
        }
        if let Some(rro) = m.recursive_read_only.as_deref() {
            const MODES: [&str; 3] = ["Disabled", "Enabled", "IfPossible"];
            if !MODES.contains(&rro) {
                ctx.not_supported(&path.child("recursiveReadOnly"), rro, &MODES);
            } else if rro != "Disabled" {
                if !m.read_only.unwrap_or(false) {
                    ctx.forbidden(
                        &path.child("recursiveReadOnly"),
                        "may only be specified when readOnly is true",
                    );
                }
                if m.mount_propagation
                    .as_deref()
                    .is_some_and(|mp| mp != "None")
                {
                    ctx.forbidden(
                        &path.child("recursiveReadOnly"),
                        "may only be specified when mountPropagation is None or not specified",
                    );
                }
            }
        }
    }
}

fn int_or_string_port(ctx: &mut Ctx, port: &IntOrString, path: &Path<'_>) {
    match port {
        IntOrString::Int(n) => {
            for m in format::port_number(*n) {
                ctx.invalid_raw(path, n, m);
            }
        }
        IntOrString::String(s) => ctx.invalid_all(path, s, format::port_name(s)),
    }
}

fn probe(ctx: &mut Ctx, pr: &Probe, path: &Path<'_>, field: &str) {
    let mut handlers: Vec<&str> = Vec::new();
    if let Some(e) = &pr.exec {
        handlers.push("exec");
        if e.command.as_ref().is_none_or(Vec::is_empty) {
            ctx.required(&path.child("exec").child("command"), "");
        }
    }
    if let Some(h) = &pr.http_get {
        handlers.push("httpGet");
        let hp = path.child("httpGet");
        int_or_string_port(ctx, &h.port, &hp.child("port"));
        if let Some(s) = h.scheme.as_deref()
            && !["HTTP", "HTTPS"].contains(&s)
        {
            ctx.not_supported(&hp.child("scheme"), s, &["HTTP", "HTTPS"]);
        }
        let headers = hp.child("httpHeaders");
        for (i, hdr) in h.http_headers.iter().flatten().enumerate() {
            let name_path = headers.index(i);
            ctx.invalid_all(
                &name_path.child("name"),
                &hdr.name,
                format::http_header_name(&hdr.name),
            );
        }
    }
    if let Some(t) = &pr.tcp_socket {
        handlers.push("tcpSocket");
        int_or_string_port(ctx, &t.port, &path.child("tcpSocket").child("port"));
    }
    if let Some(g) = &pr.grpc {
        handlers.push("grpc");
        for m in format::port_number(g.port) {
            ctx.invalid_raw(&path.child("grpc").child("port"), g.port, m);
        }
    }
    match handlers.as_slice() {
        [] => ctx.required(path, "must specify a handler type"),
        [_] => {}
        [_, rest @ ..] => {
            for h in rest {
                ctx.forbidden(&path.child(h), "may not specify more than 1 handler type");
            }
        }
    }
    for (name, v) in [
        ("initialDelaySeconds", pr.initial_delay_seconds),
        ("timeoutSeconds", pr.timeout_seconds),
        ("periodSeconds", pr.period_seconds),
        ("successThreshold", pr.success_threshold),
        ("failureThreshold", pr.failure_threshold),
    ] {
        if let Some(v) = v.filter(|v| *v < 0) {
            ctx.invalid_raw(&path.child(name), v, "must be greater than or equal to 0");
        }
    }
    if field != "readinessProbe"
        && let Some(st) = pr.success_threshold.filter(|s| *s != 1)
    {
        ctx.invalid_raw(&path.child("successThreshold"), st, "must be 1");
    }
    if let Some(t) = pr.termination_grace_period_seconds {
        if field == "readinessProbe" {
            ctx.invalid_raw(
                &path.child("terminationGracePeriodSeconds"),
                t,
                "must not be set for readinessProbes",
            );
        } else if t <= 0 {
            ctx.invalid_raw(
                &path.child("terminationGracePeriodSeconds"),
                t,
                "must be greater than 0",
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Resources (§5.8)

const STANDARD_CONTAINER_RESOURCES: [&str; 3] = ["cpu", "ephemeral-storage", "memory"];

fn is_hugepages(name: &str) -> bool {
    name.strip_prefix("hugepages-")
        .is_some_and(|size| Quantity::parse(size).is_ok())
}

/// Resource names that must be integers and cannot be overcommitted (extended resources).
fn is_extended(name: &str) -> bool {
    name.contains('/') && !name.starts_with("kubernetes.io/") && !name.contains("kubernetes.io/")
}

fn resource_name(ctx: &mut Ctx, name: &str, path: &Path<'_>) {
    if STANDARD_CONTAINER_RESOURCES.contains(&name) {
        return;
    }
    let msgs = format::qualified_name(name);
    if !msgs.is_empty() {
        ctx.invalid_all(path, name, msgs);
        return;
    }
    if !name.contains('/') {
        if !STANDARD_CONTAINER_RESOURCES.contains(&name) && !is_hugepages(name) {
            const STANDARD: [&str; 6] = [
                "cpu",
                "memory",
                "ephemeral-storage",
                "storage",
                "pods",
                "services",
            ];
            if STANDARD.contains(&name) {
                ctx.invalid(path, name, "must be a standard resource for containers");
            } else {
                ctx.invalid(
                    path,
                    name,
                    "must be a standard resource type or fully qualified",
                );
            }
        }
    } else if name.contains("requests.") {
        ctx.invalid(path, name, "doesn't follow extended resource name standard");
    }
}

/// The valid entries of a resource map, parsed: the usual few inline, without allocation.
struct ParsedResources<'m> {
    inline: [Option<(&'m str, Quantity)>; 4],
    more: Vec<(&'m str, Quantity)>,
}

impl<'m> ParsedResources<'m> {
    fn new() -> Self {
        Self {
            inline: [None; 4],
            more: Vec::new(),
        }
    }

    fn push(&mut self, entry: (&'m str, Quantity)) {
        match self.inline.iter_mut().find(|slot| slot.is_none()) {
            Some(slot) => *slot = Some(entry),
            None => self.more.push(entry),
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&'m str, Quantity)> + '_ {
        self.inline.iter().flatten().chain(&self.more).copied()
    }
}

fn parse_resource_map<'m>(
    ctx: &mut Ctx,
    map: Option<&'m BTreeMap<String, K8sQuantity>>,
    path: &Path<'_>,
) -> ParsedResources<'m> {
    let mut out = ParsedResources::new();
    for (name, q) in map.into_iter().flatten() {
        let kp = path.key(name);
        resource_name(ctx, name, &kp);
        match Quantity::parse(&q.0) {
            Err(e) => ctx.invalid(&kp, &q.0, e.to_string()),
            Ok(v) => {
                if v.is_negative() {
                    ctx.invalid(&kp, &v.canonical(), "must be greater than or equal to 0");
                } else if is_extended(name) && !v.is_integer() {
                    ctx.invalid(&kp, &v.canonical(), "must be an integer");
                } else if (name == "memory" || name == "ephemeral-storage") && !v.is_integer() {
                    ctx.warn(
                        &kp,
                        format!(
                            "fractional byte value \"{}\" is invalid, must be an integer",
                            v.canonical()
                        ),
                    );
                }
                out.push((name.as_str(), v));
            }
        }
    }
    out
}

pub(crate) fn resources(ctx: &mut Ctx, r: &ResourceRequirements, path: &Path<'_>) {
    let lp = path.child("limits");
    let rp = path.child("requests");
    let limits = parse_resource_map(ctx, r.limits.as_ref(), &lp);
    let requests = parse_resource_map(ctx, r.requests.as_ref(), &rp);
    for (name, req) in requests.iter() {
        let non_overcommit = is_extended(name) || is_hugepages(name);
        match limits.iter().find(|(n, _)| *n == name).map(|(_, q)| q) {
            Some(lim) if non_overcommit && req != lim => ctx.invalid(
                &rp,
                &req.to_string(),
                format!("must be equal to {name} limit of {lim}"),
            ),
            Some(lim) if req > lim => ctx.invalid(
                &rp,
                &req.to_string(),
                format!("must be less than or equal to {name} limit of {lim}"),
            ),
            None if non_overcommit => {
                ctx.required(&lp, "Limit must be set for non overcommitable resources");
            }
            _ => {}
        }
    }
    let has_huge = limits
        .iter()
        .chain(requests.iter())
        .any(|(n, _)| is_hugepages(n));
    if has_huge {
        let has_cpu_mem = limits
            .iter()
            .chain(requests.iter())
            .any(|(n, _)| n == "cpu" || n == "memory");
        if !has_cpu_mem {
            ctx.forbidden(path, "HugePages require cpu or memory");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Security contexts (§5.9)

fn id(ctx: &mut Ctx, v: Option<i64>, path: &Path<'_>) {
    if let Some(v) = v {
        for m in format::user_id(v) {
            ctx.invalid_raw(path, v, m);
        }
    }
}

fn gid(ctx: &mut Ctx, v: Option<i64>, path: &Path<'_>) {
    if let Some(v) = v {
        for m in format::group_id(v) {
            ctx.invalid_raw(path, v, m);
        }
    }
}

fn seccomp(ctx: &mut Ctx, s: &SeccompProfile, path: &Path<'_>) {
    const TYPES: [&str; 3] = ["Localhost", "RuntimeDefault", "Unconfined"];
    let tp = path.child("type");
    let lp = path.child("localhostProfile");
    match s.type_.as_str() {
        "" => ctx.required(&tp, "type is required when seccompProfile is set"),
        "Localhost" => match s.localhost_profile.as_deref() {
            None | Some("") => ctx.required(&lp, "must be set when seccomp type is Localhost"),
            Some(p) => ctx.invalid_all(&lp, p, format::local_descending_path(p)),
        },
        t if TYPES.contains(&t) => {
            if let Some(p) = s.localhost_profile.as_deref() {
                ctx.invalid(&lp, p, "can only be set when seccomp type is Localhost");
            }
        }
        t => ctx.not_supported(&tp, t, &TYPES),
    }
}

fn security_context(ctx: &mut Ctx, sc: &SecurityContext, path: &Path<'_>) {
    id(ctx, sc.run_as_user, &path.child("runAsUser"));
    gid(ctx, sc.run_as_group, &path.child("runAsGroup"));
    if sc.allow_privilege_escalation == Some(false) {
        if sc.privileged == Some(true) {
            ctx.invalid_raw(
                path,
                "<SecurityContext>",
                "cannot set `allowPrivilegeEscalation` to false and `privileged` to true",
            );
        }
        let adds_sys_admin = sc
            .capabilities
            .as_ref()
            .and_then(|c| c.add.as_ref())
            .is_some_and(|a| a.iter().any(|c| c == "CAP_SYS_ADMIN"));
        if adds_sys_admin {
            ctx.invalid_raw(path, "<SecurityContext>", "cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN");
        }
    }
    if let Some(pm) = sc.proc_mount.as_deref()
        && !["Default", "Unmasked"].contains(&pm)
    {
        ctx.not_supported(&path.child("procMount"), pm, &["Default", "Unmasked"]);
    }
    if let Some(s) = &sc.seccomp_profile {
        seccomp(ctx, s, &path.child("seccompProfile"));
    }
    if let Some(a) = &sc.app_armor_profile {
        app_armor(ctx, a, &path.child("appArmorProfile"));
    }
}

/// `ValidateAppArmorProfileField`.
fn app_armor(ctx: &mut Ctx, a: &k8s_openapi::api::core::v1::AppArmorProfile, path: &Path<'_>) {
    const TYPES: [&str; 3] = ["Localhost", "RuntimeDefault", "Unconfined"];
    let lp = path.child("localhostProfile");
    match a.type_.as_str() {
        "" => ctx.required(
            &path.child("type"),
            "type is required when appArmorProfile is set",
        ),
        "Localhost" => match a.localhost_profile.as_deref() {
            None => ctx.required(&lp, "must be set when AppArmor type is Localhost"),
            Some(p) if p.trim().is_empty() => {
                ctx.invalid(&lp, p, "must be set when AppArmor type is Localhost");
            }
            Some(p) if p.trim() != p => {
                ctx.invalid(&lp, p, "must not be padded with whitespace");
            }
            Some(p) if p.len() > 4095 => {
                ctx.too_long(&lp, 4095);
            }
            Some(_) => {}
        },
        t if TYPES.contains(&t) => {
            if let Some(p) = a.localhost_profile.as_deref() {
                ctx.invalid(&lp, p, "can only be set when AppArmor type is Localhost");
            }
        }
        t => ctx.not_supported(&path.child("type"), t, &TYPES),
    }
}

/// IPC sysctls (forbidden with `hostIPC`): `kernel.shm*`, `kernel.msg*`, `kernel.sem`, `fs.mqueue.*`.
fn is_ipc_sysctl(name: &str) -> bool {
    name.starts_with("kernel.shm")
        || name.starts_with("kernel.msg")
        || name == "kernel.sem"
        || name.starts_with("fs.mqueue.")
}

/// Rules that look at the pod's host namespaces together with its containers: `hostPort` must
/// equal `containerPort` with `hostNetwork`, and `procMount: Unmasked` needs `hostUsers: false`.
fn host_namespace_rules(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>) {
    let lists = [
        ("containers", &spec.containers[..]),
        (
            "initContainers",
            spec.init_containers.as_deref().unwrap_or_default(),
        ),
    ];
    for (field, containers) in lists {
        let lp = path.child(field);
        for (i, c) in containers.iter().enumerate() {
            let cp = lp.index(i);
            if spec.host_network == Some(true) {
                let pp = cp.child("ports");
                for (j, port) in c.ports.iter().flatten().enumerate() {
                    let hp = port.host_port.unwrap_or(0);
                    // In a Pod, 0 is defaulted to containerPort before validation.
                    let ok = hp == port.container_port || hp == 0;
                    if !ok {
                        let jp = pp.index(j);
                        ctx.invalid_raw(
                            &jp.child("hostPort"),
                            hp,
                            "must match `containerPort` when `hostNetwork` is true",
                        );
                    }
                }
            }
            let unmasked = c
                .security_context
                .as_ref()
                .and_then(|s| s.proc_mount.as_deref())
                == Some("Unmasked");
            if unmasked && spec.host_users != Some(false) {
                let sp = cp.child("securityContext");
                ctx.invalid(
                    &sp.child("procMount"),
                    "Unmasked",
                    "`hostUsers` must be false to use `Unmasked`",
                );
            }
        }
    }
}

fn pod_security_context(ctx: &mut Ctx, sc: &PodSecurityContext, spec: &PodSpec, path: &Path<'_>) {
    id(ctx, sc.run_as_user, &path.child("runAsUser"));
    gid(ctx, sc.run_as_group, &path.child("runAsGroup"));
    gid(ctx, sc.fs_group, &path.child("fsGroup"));
    let sg = path.child("supplementalGroups");
    for (i, g) in sc.supplemental_groups.iter().flatten().enumerate() {
        gid(ctx, Some(*g), &sg.index(i));
    }
    let sp = path.child("sysctls");
    let mut names: Seen<&str> = Seen::new();
    for (i, s) in sc.sysctls.iter().flatten().enumerate() {
        let p = sp.index(i);
        let np = p.child("name");
        if s.name.is_empty() {
            ctx.required(&np, "");
        } else if !format::sysctl_name(&s.name) {
            ctx.invalid(
                &np,
                &s.name,
                "must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$",
            );
        } else if !names.insert(s.name.as_str()) {
            ctx.duplicate(&np, &s.name);
        } else if spec.host_network == Some(true) && s.name.starts_with("net.") {
            ctx.invalid(
                &np,
                &s.name,
                "may not be specified when 'hostNetwork' is true",
            );
        } else if spec.host_ipc == Some(true) && is_ipc_sysctl(&s.name) {
            ctx.invalid(&np, &s.name, "may not be specified when 'hostIPC' is true");
        }
    }
    if let Some(p) = sc.fs_group_change_policy.as_deref()
        && !["Always", "OnRootMismatch"].contains(&p)
    {
        ctx.not_supported(
            &path.child("fsGroupChangePolicy"),
            p,
            &["Always", "OnRootMismatch"],
        );
    }
    if let Some(p) = sc.supplemental_groups_policy.as_deref()
        && !["Merge", "Strict"].contains(&p)
    {
        ctx.not_supported(
            &path.child("supplementalGroupsPolicy"),
            p,
            &["Merge", "Strict"],
        );
    }
    if let Some(s) = &sc.seccomp_profile {
        seccomp(ctx, s, &path.child("seccompProfile"));
    }
    if let Some(a) = &sc.app_armor_profile {
        app_armor(ctx, a, &path.child("appArmorProfile"));
    }
}
