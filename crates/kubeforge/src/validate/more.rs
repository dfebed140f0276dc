//! Rules of RULES.md §3, §5.1, §5.5, §5.8-§5.10 that look at several parts of a pod spec at once:
//! ownerReferences, resizePolicy, ephemeral and image volumes, projected service account
//! tokens, hugepage sizes, `hostUsers: false`, seLinuxChangePolicy, dnsConfig searches.

use k8s_openapi::api::core::v1::{Container, PodSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::OwnerReference;

use super::{Ctx, Path, Seen, format};
use crate::quantity::Quantity;

/// `ValidateOwnerReferences` (errors on the un-indexed path, as the apiserver reports them).
pub(crate) fn owner_references(ctx: &mut Ctx, refs: &[OwnerReference], path: &Path<'_>) {
    let mut controllers: Vec<String> = Vec::new();
    for r in refs {
        let version = r.api_version.rsplit('/').next().unwrap_or_default();
        if r.api_version.is_empty() || version.is_empty() {
            ctx.invalid(
                &path.child("apiVersion"),
                &r.api_version,
                "version must not be empty",
            );
        }
        if r.kind.is_empty() {
            ctx.invalid(&path.child("kind"), &r.kind, "kind must not be empty");
        }
        if r.name.is_empty() {
            ctx.invalid(&path.child("name"), &r.name, "name must not be empty");
        }
        if r.uid.is_empty() {
            ctx.invalid(&path.child("uid"), &r.uid, "uid must not be empty");
        }
        if r.controller == Some(true) {
            controllers.push(format!("{}/{}", r.kind, r.name));
        }
    }
    if controllers.len() > 1 {
        ctx.invalid_raw(
            path,
            "<ownerReferences>",
            format!(
                "Only one reference can have Controller set to true. Found \"true\" in references for {}",
                controllers.join(" and ")
            ),
        );
    }
}

/// Pod-spec rules that need the whole spec; `is_pod` for those that differ in templates.
pub(crate) fn pod_rules(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>, is_pod: bool) {
    volumes(ctx, spec, path, is_pod);
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
            resize_policy(ctx, c, spec, &cp.child("resizePolicy"));
            lifecycle_sleep(ctx, c, spec, &cp.child("lifecycle"));
            volume_devices(ctx, c, spec, &cp.child("volumeDevices"));
            windows_container(ctx, c, spec, &cp.child("securityContext"));
            hugepages(ctx, c, &cp.child("resources"));
            image_volume_mounts(ctx, c, spec, &cp.child("volumeMounts"));
        }
    }
    let sp = path.child("securityContext");
    if spec.host_users == Some(false) {
        for (on, field) in [
            (spec.host_network, "hostNetwork"),
            (spec.host_pid, "hostPID"),
            (spec.host_ipc, "hostIPC"),
        ] {
            if on == Some(true) {
                ctx.forbidden(&sp.child(field), "when `pod.Spec.HostUsers` is false");
            }
        }
    }
    if let Some(p) = spec
        .security_context
        .as_ref()
        .and_then(|s| s.se_linux_change_policy.as_deref())
        && !["MountOption", "Recursive"].contains(&p)
    {
        ctx.not_supported(
            &sp.child("seLinuxChangePolicy"),
            p,
            &["MountOption", "Recursive"],
        );
    }
    dns_searches(ctx, spec, &path.child("dnsConfig"));
    windows_pod(ctx, spec, path);
}

/// `sleep.seconds` of a lifecycle hook: 0 up to `terminationGracePeriodSeconds` (default 30).
fn lifecycle_sleep(ctx: &mut Ctx, c: &Container, spec: &PodSpec, path: &Path<'_>) {
    let Some(lc) = &c.lifecycle else { return };
    let grace = spec.termination_grace_period_seconds.unwrap_or(30);
    for (field, h) in [
        ("postStart", lc.post_start.as_ref()),
        ("preStop", lc.pre_stop.as_ref()),
    ] {
        let Some(sleep) = h.and_then(|h| h.sleep.as_ref()) else {
            continue;
        };
        if sleep.seconds < 0 || sleep.seconds > grace {
            let hp = path.child(field);
            let sp = hp.child("sleep");
            ctx.invalid_raw(
                &sp.child("seconds"),
                sleep.seconds,
                format!(
                    "must be non-negative and less than terminationGracePeriodSeconds ({grace})"
                ),
            );
        }
    }
}

/// `volumeDevices` (block mode): a PVC or ephemeral volume of the pod, a unique device path,
/// and not also in `volumeMounts`.
fn volume_devices(ctx: &mut Ctx, c: &Container, spec: &PodSpec, path: &Path<'_>) {
    let mut paths: Seen<&str> = Seen::new();
    for (i, d) in c.volume_devices.iter().flatten().enumerate() {
        let p = path.index(i);
        let np = p.child("name");
        match spec.volumes.iter().flatten().find(|v| v.name == d.name) {
            _ if d.name.is_empty() => ctx.required(&np, ""),
            None => ctx.not_found(&np, &d.name),
            Some(v) if v.persistent_volume_claim.is_none() && v.ephemeral.is_none() => ctx.invalid(
                &np,
                &d.name,
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            ),
            Some(_) => {}
        }
        if c.volume_mounts.iter().flatten().any(|m| m.name == d.name) {
            ctx.invalid(&np, &d.name, "can not be used with volumeMounts");
        }
        let dp = p.child("devicePath");
        if d.device_path.is_empty() {
            ctx.required(&dp, "");
        } else if !paths.insert(d.device_path.as_str()) {
            ctx.invalid(&dp, &d.device_path, "must be unique");
        } else {
            ctx.invalid_all(
                &dp,
                &d.device_path,
                format::path_no_backsteps(&d.device_path),
            );
        }
    }
}

fn is_windows(spec: &PodSpec) -> bool {
    spec.os.as_ref().is_some_and(|o| o.name == "windows")
}

/// `spec.os.name` is `linux` or `windows`; a Windows pod may not set Linux-only pod fields, a
/// Linux pod may not set `windowsOptions`.
fn windows_pod(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>) {
    if let Some(os) = &spec.os
        && !["linux", "windows"].contains(&os.name.as_str())
    {
        let op = path.child("os");
        ctx.not_supported(&op.child("name"), &os.name, &["linux", "windows"]);
    }
    let Some(sc) = &spec.security_context else {
        return;
    };
    let sp = path.child("securityContext");
    if is_windows(spec) {
        for (set, field) in [
            (sc.se_linux_options.is_some(), "seLinuxOptions"),
            (sc.seccomp_profile.is_some(), "seccompProfile"),
            (sc.app_armor_profile.is_some(), "appArmorProfile"),
            (sc.fs_group.is_some(), "fsGroup"),
            (sc.fs_group_change_policy.is_some(), "fsGroupChangePolicy"),
            (
                sc.sysctls.as_ref().is_some_and(|s| !s.is_empty()),
                "sysctls",
            ),
            (sc.run_as_user.is_some(), "runAsUser"),
            (sc.run_as_group.is_some(), "runAsGroup"),
            (
                sc.supplemental_groups
                    .as_ref()
                    .is_some_and(|s| !s.is_empty()),
                "supplementalGroups",
            ),
        ] {
            if set {
                ctx.forbidden(&sp.child(field), "cannot be set for a windows pod");
            }
        }
    } else if spec.os.as_ref().is_some_and(|o| o.name == "linux") && sc.windows_options.is_some() {
        ctx.forbidden(&sp.child("windowsOptions"), "cannot be set for a linux pod");
    }
}

/// Container-level counterpart of [`windows_pod`].
fn windows_container(ctx: &mut Ctx, c: &Container, spec: &PodSpec, path: &Path<'_>) {
    let Some(sc) = &c.security_context else {
        return;
    };
    if is_windows(spec) {
        for (set, field) in [
            (sc.se_linux_options.is_some(), "seLinuxOptions"),
            (sc.seccomp_profile.is_some(), "seccompProfile"),
            (sc.app_armor_profile.is_some(), "appArmorProfile"),
            (sc.capabilities.is_some(), "capabilities"),
            (
                sc.read_only_root_filesystem.is_some(),
                "readOnlyRootFilesystem",
            ),
            (sc.privileged.is_some(), "privileged"),
            (
                sc.allow_privilege_escalation.is_some(),
                "allowPrivilegeEscalation",
            ),
            (sc.proc_mount.is_some(), "procMount"),
            (sc.run_as_user.is_some(), "runAsUser"),
            (sc.run_as_group.is_some(), "runAsGroup"),
        ] {
            if set {
                ctx.forbidden(&path.child(field), "cannot be set for a windows pod");
            }
        }
    } else if spec.os.as_ref().is_some_and(|o| o.name == "linux") && sc.windows_options.is_some() {
        ctx.forbidden(
            &path.child("windowsOptions"),
            "cannot be set for a linux pod",
        );
    }
}

/// Ephemeral volumes (template required, PVC spec rules, only labels and annotations in the
/// template's metadata), image volumes (reference required in Pods), and projected service
/// account tokens (need `serviceAccountName` in Pods).
fn volumes(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>, is_pod: bool) {
    let vp = path.child("volumes");
    for (i, v) in spec.volumes.iter().flatten().enumerate() {
        let p = vp.index(i);
        if let Some(e) = &v.ephemeral {
            let ep = p.child("ephemeral");
            let tp = ep.child("volumeClaimTemplate");
            match &e.volume_claim_template {
                None => ctx.required(&tp, ""),
                Some(t) => {
                    let mp = tp.child("metadata");
                    if let Some(m) = &t.metadata {
                        for (set, field) in [
                            (m.name.is_some(), "name"),
                            (m.namespace.is_some(), "namespace"),
                            (m.generate_name.is_some(), "generateName"),
                            (m.finalizers.is_some(), "finalizers"),
                            (m.owner_references.is_some(), "ownerReferences"),
                        ] {
                            if set {
                                ctx.forbidden(&mp.child(field), "cannot be set");
                            }
                        }
                        super::meta::labels(ctx, m.labels.as_ref(), &mp.child("labels"));
                        super::meta::annotations(
                            ctx,
                            m.annotations.as_ref(),
                            &mp.child("annotations"),
                        );
                    }
                    super::storage::pvc_spec(ctx, &t.spec, &tp.child("spec"));
                }
            }
        }
        if let Some(img) = &v.image
            && is_pod
            && img.reference.as_deref().unwrap_or("").is_empty()
        {
            let ip = p.child("image");
            ctx.required(&ip.child("reference"), "");
        }
        if let Some(pr) = &v.projected
            && is_pod
            && spec
                .service_account_name
                .as_deref()
                .unwrap_or("")
                .is_empty()
        {
            let pp = p.child("projected");
            let sp = pp.child("sources");
            for (j, src) in pr.sources.iter().flatten().enumerate() {
                if src.service_account_token.is_some() {
                    let jp = sp.index(j);
                    ctx.forbidden(
                        &jp.child("serviceAccountToken"),
                        "must not be specified when serviceAccountName is not set",
                    );
                }
            }
        }
    }
}

/// An image volume cannot be mounted with `subPath`/`subPathExpr`.
fn image_volume_mounts(ctx: &mut Ctx, c: &Container, spec: &PodSpec, path: &Path<'_>) {
    let image_volumes: Seen<&str> = spec
        .volumes
        .iter()
        .flatten()
        .filter(|v| v.image.is_some())
        .map(|v| v.name.as_str())
        .collect();
    for m in c.volume_mounts.iter().flatten() {
        if !image_volumes.contains(&m.name.as_str()) {
            continue;
        }
        for (set, field) in [
            (
                m.sub_path.as_deref().is_some_and(|s| !s.is_empty()),
                "subPath",
            ),
            (
                m.sub_path_expr.as_deref().is_some_and(|s| !s.is_empty()),
                "subPathExpr",
            ),
        ] {
            if set {
                ctx.forbidden(&path.child(field), "not supported for image volume sources");
            }
        }
    }
}

/// `resizePolicy`: cpu/memory only, once each; `NotRequired`/`RestartContainer`; with a pod
/// `restartPolicy: Never`, only `NotRequired`.
fn resize_policy(ctx: &mut Ctx, c: &Container, spec: &PodSpec, path: &Path<'_>) {
    let mut seen: Seen<&str> = Seen::new();
    let never = spec.restart_policy.as_deref() == Some("Never");
    for (i, r) in c.resize_policy.iter().flatten().enumerate() {
        let p = path.index(i);
        let name = r.resource_name.as_str();
        if !["cpu", "memory"].contains(&name) {
            ctx.not_supported(&p.child("resourceName"), name, &["cpu", "memory"]);
        } else if !seen.insert(name) {
            ctx.duplicate(&p.child("resourceName"), name);
        }
        let rp = r.restart_policy.as_str();
        if never && rp != "NotRequired" {
            ctx.not_supported(&p.child("restartPolicy"), rp, &["NotRequired"]);
        } else if !["NotRequired", "RestartContainer"].contains(&rp) {
            ctx.not_supported(
                &p.child("restartPolicy"),
                rp,
                &["NotRequired", "RestartContainer"],
            );
        }
    }
}

/// A hugepages amount must be a positive multiple of its page size.
fn hugepages(ctx: &mut Ctx, c: &Container, path: &Path<'_>) {
    let Some(r) = &c.resources else { return };
    for (field, map) in [
        ("limits", r.limits.as_ref()),
        ("requests", r.requests.as_ref()),
    ] {
        let fp = path.child(field);
        for (name, q) in map.into_iter().flatten() {
            let Some(size) = name.strip_prefix("hugepages-") else {
                continue;
            };
            let (Ok(page), Ok(amount)) = (Quantity::parse(size), Quantity::parse(&q.0)) else {
                continue;
            };
            let (page, amount) = (page.nanos(), amount.nanos());
            if page > 0 && amount != 0 && (amount < 0 || amount % page != 0) {
                ctx.invalid(
                    &fp.key(name),
                    &q.0,
                    format!("{} is not positive integer multiple of {name}", q.0),
                );
            }
        }
    }
}

/// `dnsConfig.searches`: at most 32, at most 2048 characters in all, each a DNS subdomain
/// (`_` allowed and `.` alone accepted: RelaxedDNSSearchValidation, on from 1.33).
fn dns_searches(ctx: &mut Ctx, spec: &PodSpec, path: &Path<'_>) {
    let Some(searches) = spec.dns_config.as_ref().and_then(|c| c.searches.as_ref()) else {
        return;
    };
    let sp = path.child("searches");
    if searches.len() > 32 {
        ctx.invalid_raw(
            &sp,
            format!("{searches:?}"),
            "must not have more than 32 search paths",
        );
    }
    let total: usize =
        searches.iter().map(String::len).sum::<usize>() + searches.len().saturating_sub(1);
    if total > 2048 {
        ctx.invalid_raw(
            &sp,
            format!("{searches:?}"),
            "must not have more than 2048 characters (including spaces) in the search list",
        );
    }
    let relaxed = ctx.opts.version().minor() >= 33;
    for (i, s) in searches.iter().enumerate() {
        let name = s.strip_suffix('.').unwrap_or(s);
        if relaxed && (s == ".") {
            continue;
        }
        let checked = if relaxed {
            name.replace('_', "a")
        } else {
            name.to_owned()
        };
        ctx.invalid_all(&sp.index(i), s, format::dns1123_subdomain(&checked));
    }
}
