//! Security presets per Pod Security Standards level, applied at `build()`.
//!
//! A preset only fills the security fields the user left unset, so every field stays
//! overridable (whatever the order of the calls), and `security_preset(Level::Privileged)`
//! removes a preset set earlier (or inherited from the pod). What each level emits:
//!
//! | level | pod `securityContext` | container `securityContext` |
//! |---|---|---|
//! | `Restricted` | `runAsNonRoot: true`, `seccompProfile: {type: RuntimeDefault}` | `allowPrivilegeEscalation: false`, `capabilities: {drop: [ALL]}` |
//! | `Baseline` | `seccompProfile: {type: RuntimeDefault}` | nothing |
//! | `Privileged` | nothing | nothing |
//!
//! A preset set on one container only (and not on its pod) also puts the pod-level fields on
//! that container. No preset ever sets `runAsUser`/`runAsGroup`: forcing a user id breaks images
//! that expect theirs (cdk8s-plus had to revert exactly that). Set them when the image's `USER`
//! is root or not numeric: the kubelet refuses to start a `runAsNonRoot` container whose image
//! runs as root (`container has runAsNonRoot and image will run as root`).
//!
//! The Baseline level is mostly about what a pod must *not* set (host namespaces, privileged,
//! extra capabilities, hostPath...); its preset adds the runtime's default seccomp profile, which
//! the kubelet does not apply by default. Check a spec against a level with `require_pss` on the
//! workload builders, or [`crate::validate::pss`].

use k8s_openapi::api::core::v1::{
    Capabilities, Container, PodSecurityContext, SeccompProfile, SecurityContext,
};

pub use crate::validate::pss::Level;

/// A seccomp profile (`securityContext.seccompProfile`).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, Seccomp};
/// let c = ContainerBuilder::new("app", "img:1").seccomp(Seccomp::Localhost("profiles/app.json".into())).build()?;
/// let p = c.security_context.unwrap().seccomp_profile.unwrap();
/// assert_eq!((p.type_.as_str(), p.localhost_profile.as_deref()), ("Localhost", Some("profiles/app.json")));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seccomp {
    /// The container runtime's default profile (`RuntimeDefault`).
    RuntimeDefault,
    /// A profile file on the node, relative to the kubelet's seccomp directory (`Localhost`).
    Localhost(String),
    /// No seccomp filtering (`Unconfined`); forbidden by the Baseline and Restricted levels.
    Unconfined,
}

impl Seccomp {
    pub(crate) fn into_profile(self) -> SeccompProfile {
        match self {
            Self::RuntimeDefault => runtime_default(),
            Self::Localhost(path) => SeccompProfile {
                type_: "Localhost".to_owned(),
                localhost_profile: Some(path),
            },
            Self::Unconfined => SeccompProfile {
                type_: "Unconfined".to_owned(),
                localhost_profile: None,
            },
        }
    }
}

/// `fsGroupChangePolicy`: when the kubelet changes the ownership of a volume to the `fsGroup`.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, FsGroupChangePolicy, PodBuilder};
/// let pod = PodBuilder::new("p")
///     .container(ContainerBuilder::new("app", "img:1"))
///     .fs_group(2000)
///     .fs_group_change_policy(FsGroupChangePolicy::OnRootMismatch)
///     .build()?;
/// let sc = pod.spec.unwrap().security_context.unwrap();
/// assert_eq!(sc.fs_group_change_policy.as_deref(), Some("OnRootMismatch"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FsGroupChangePolicy {
    /// Only when the volume root's owner or permissions do not match (fast on large volumes).
    OnRootMismatch,
    /// On every mount (the Kubernetes default).
    Always,
}

impl FsGroupChangePolicy {
    /// The API value.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::FsGroupChangePolicy::Always.as_str(), "Always");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OnRootMismatch => "OnRootMismatch",
            Self::Always => "Always",
        }
    }
}

fn runtime_default() -> SeccompProfile {
    SeccompProfile {
        type_: "RuntimeDefault".to_owned(),
        localhost_profile: None,
    }
}

/// Fills the pod-level fields of `preset` that are unset in `sc`.
pub(crate) fn apply_to_pod(sc: &mut Option<PodSecurityContext>, preset: Option<Level>) {
    let Some(level) = preset.filter(|l| *l != Level::Privileged) else {
        return;
    };
    let sc = sc.get_or_insert_with(PodSecurityContext::default);
    if level == Level::Restricted {
        sc.run_as_non_root.get_or_insert(true);
    }
    if sc.seccomp_profile.is_none() {
        sc.seccomp_profile = Some(runtime_default());
    }
}

/// Fills the container-level fields of the container's preset (or else the pod's) that are
/// unset. The pod-level fields go on the container too when the pod's own preset does not set
/// them.
pub(crate) fn apply_to_container(c: &mut Container, own: Option<Level>, pod: Option<Level>) {
    let Some(level) = own.or(pod).filter(|l| *l != Level::Privileged) else {
        return;
    };
    let pod = pod.unwrap_or(Level::Privileged);
    if level == Level::Baseline && pod != Level::Privileged {
        // The pod already carries the only field of the Baseline preset.
        return;
    }
    let sc = c
        .security_context
        .get_or_insert_with(SecurityContext::default);
    if level == Level::Restricted {
        sc.allow_privilege_escalation.get_or_insert(false);
        let caps = sc.capabilities.get_or_insert_with(Capabilities::default);
        if caps.drop.is_none() {
            caps.drop = Some(vec!["ALL".to_owned()]);
        }
        if pod != Level::Restricted {
            sc.run_as_non_root.get_or_insert(true);
        }
    }
    if pod == Level::Privileged && sc.seccomp_profile.is_none() {
        sc.seccomp_profile = Some(runtime_default());
    }
}

/// A volume name for a writable directory of a container with a read-only root filesystem:
/// `<container>-<path as a DNS label>`, e.g. `web-var-cache-nginx` (at most 63 bytes).
pub(crate) fn writable_dir_volume_name(container: &str, path: &str) -> String {
    let mut name = String::with_capacity(container.len() + path.len() + 1);
    name.push_str(container);
    for c in path.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    if name.len() > 63 {
        name.truncate(63);
    }
    while name.ends_with('-') {
        name.pop();
    }
    if name == container {
        name.push_str("-root");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writable_dir_names_are_dns_labels() {
        assert_eq!(writable_dir_volume_name("web", "/tmp"), "web-tmp");
        assert_eq!(
            writable_dir_volume_name("web", "/var/cache/nginx/"),
            "web-var-cache-nginx"
        );
        assert_eq!(writable_dir_volume_name("web", "/Run_Dir"), "web-run-dir");
        assert_eq!(writable_dir_volume_name("web", "/"), "web-root");
        assert_eq!(
            writable_dir_volume_name("web", &format!("/{}", "a".repeat(80))).len(),
            63
        );
    }

    #[test]
    fn explicit_fields_win_over_the_preset() {
        let mut c = Container {
            security_context: Some(SecurityContext {
                allow_privilege_escalation: Some(true),
                capabilities: Some(Capabilities {
                    drop: Some(vec!["NET_RAW".into()]),
                    add: None,
                }),
                ..SecurityContext::default()
            }),
            ..Container::default()
        };
        apply_to_container(&mut c, Some(Level::Restricted), None);
        let sc = c.security_context.unwrap();
        assert_eq!(sc.allow_privilege_escalation, Some(true));
        assert_eq!(
            sc.capabilities.unwrap().drop,
            Some(vec!["NET_RAW".to_owned()])
        );
        assert_eq!(sc.run_as_non_root, Some(true));
        assert_eq!(sc.seccomp_profile, Some(runtime_default()));
    }

    #[test]
    fn pod_preset_keeps_pod_fields_off_containers() {
        let mut c = Container::default();
        apply_to_container(&mut c, None, Some(Level::Restricted));
        let sc = c.security_context.unwrap();
        assert_eq!(sc.run_as_non_root, None);
        assert_eq!(sc.seccomp_profile, None);
        assert_eq!(sc.allow_privilege_escalation, Some(false));
        let mut c = Container::default();
        apply_to_container(&mut c, Some(Level::Privileged), Some(Level::Restricted));
        assert_eq!(c.security_context, None);
    }
}
