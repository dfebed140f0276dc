//! Pods and workloads. [`PodBuilder`] and [`DeploymentBuilder`] share one pod-spec assembly,
//! so a container, a volume or a rule behaves the same in both.

mod cronjob;
mod deployment;
mod statefulset;
mod view;

pub use cronjob::{ConcurrencyPolicy, CronJobBuilder};
pub use deployment::{DeploymentBuilder, IntOrPercent, Strategy};
pub use statefulset::{ClaimRetention, PodManagementPolicy, StatefulSetBuilder, UpdateStrategy};
pub use view::WorkloadRef;

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{Container, Pod, PodSpec, Volume};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::container::ContainerBuilder;
use crate::error::{Error, Violation, ViolationKind, quote};
use crate::meta::{metadata_setters, options_setter};
use crate::qos::{QosClass, qos_class};
use crate::security::{self, Level};
use crate::validate::pss::{self, PolicyVersion};
use crate::validate::{self, Options};
use crate::volume::Declared;

/// The pod spec under construction, shared by every workload builder.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct PodParts {
    // Allocated by the first pod-level setter only (most pods set none).
    spec: Option<Box<PodSpec>>,
    containers: Vec<ContainerBuilder>,
    init_containers: Vec<ContainerBuilder>,
    volumes: crate::volume::Declared,
    expect_qos: Option<QosClass>,
    preset: Option<Level>,
    require: Option<(Level, PolicyVersion)>,
}

impl PodParts {
    /// The pod-level fields set so far.
    pub(crate) fn spec(&mut self) -> &mut PodSpec {
        self.spec.get_or_insert_with(Box::default)
    }

    /// Writes the plain pod spec into `spec` (in place: a pod spec is over 1 KiB) and returns
    /// the violations only the builder can see (volume conflicts, misused volume setters, an
    /// unmet QoS expectation). `prefix` is the spec's field path.
    pub(crate) fn assemble_into(self, spec: &mut PodSpec, prefix: &str) -> Vec<Violation> {
        if let Some(own) = self.spec {
            *spec = *own;
        }
        security::apply_to_pod(&mut spec.security_context, self.preset);
        let mut violations = Vec::new();
        let mut volumes: Vec<Volume> = spec.volumes.take().unwrap_or_default();
        let mut add = |declared: Declared, violations: &mut Vec<Violation>| {
            let misuse = |index: usize, name: &str, m: String| {
                Violation::new(
                    format!("{prefix}.volumes[{index}]"),
                    ViolationKind::Invalid,
                    Some(quote(name)),
                    Some(m),
                )
            };
            if volumes.is_empty() && declared.names_unique() {
                // The usual case: the list becomes the pod's volumes as is.
                for (i, m) in declared.misuse {
                    let name = declared.volumes.get(i).map_or("", |v| v.name.as_str());
                    violations.push(misuse(i, name, m));
                }
                volumes = declared.volumes;
                // Declared lists start with room for a few volumes.
                volumes.shrink_to_fit();
                return;
            }
            let mut messages = declared.misuse.into_iter().peekable();
            for (i, v) in declared.volumes.into_iter().enumerate() {
                let pos = volumes.iter().position(|x| x.name == v.name);
                let index = pos.unwrap_or(volumes.len());
                while let Some((_, m)) = messages.next_if(|(j, _)| *j == i) {
                    violations.push(misuse(index, &v.name, m));
                }
                match pos {
                    None => volumes.push(v),
                    Some(i) if volumes.get(i) == Some(&v) => {}
                    Some(_) => violations.push(Violation::new(
                        format!("{prefix}.volumes[{}].name", volumes.len()),
                        ViolationKind::Duplicate,
                        Some(quote(&v.name)),
                        None,
                    )),
                }
            }
        };
        add(self.volumes, &mut violations);
        let mut take = |builders: Vec<ContainerBuilder>, violations: &mut Vec<Violation>| {
            let mut out: Vec<Container> = Vec::new();
            for c in builders {
                let (c, vols) = c.into_parts(self.preset);
                add(vols, violations);
                if out.is_empty() {
                    // The usual single container: its box becomes the list, without a copy.
                    out = c.into_vec();
                } else {
                    out.append(&mut c.into_vec());
                }
            }
            out
        };
        let containers = take(self.containers, &mut violations);
        let init = take(self.init_containers, &mut violations);
        spec.containers = containers;
        spec.init_containers = (!init.is_empty()).then_some(init);
        spec.volumes = (!volumes.is_empty()).then_some(volumes);
        if let Some(expected) = self.expect_qos {
            let actual = qos_class(spec);
            if actual != expected {
                violations.push(Violation::new(
                    format!("{prefix}.containers"),
                    ViolationKind::Invalid,
                    Some(quote(actual.as_str())),
                    Some(format!("the QoS class is {actual}, expected {expected}")),
                ));
            }
        }
        violations
    }

    /// The Pod Security violations of the finished pod (after `customize`), if a level is
    /// required.
    pub(crate) fn pss_violations(
        require: Option<(Level, PolicyVersion)>,
        path: &str,
        meta: Option<&ObjectMeta>,
        spec: Option<&PodSpec>,
    ) -> Vec<Violation> {
        let Some((level, version)) = require else {
            return Vec::new();
        };
        let empty_meta = ObjectMeta::default();
        let empty_spec = PodSpec::default();
        pss::violations(
            path,
            meta.unwrap_or(&empty_meta),
            spec.unwrap_or(&empty_spec),
            level,
            version,
        )
    }
}

/// The selector of a workload, derived from stable labels because selectors are immutable:
/// the `explicit` selector labels if any; otherwise `app.kubernetes.io/name` and
/// `app.kubernetes.io/instance` when set (or the legacy `app`); otherwise
/// `app.kubernetes.io/name: <object name>`, which is then added to the object's labels. An
/// empty label map is removed.
pub(crate) fn derive_selector(
    meta: &mut ObjectMeta,
    explicit: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let selector = if explicit.is_empty() {
        let labels = meta.labels.get_or_insert_with(BTreeMap::new);
        let mut sel: BTreeMap<String, String> = [crate::labels::NAME, crate::labels::INSTANCE]
            .iter()
            .filter_map(|k| labels.get(*k).map(|v| ((*k).to_owned(), v.clone())))
            .collect();
        if sel.is_empty()
            && let Some(v) = labels.get("app")
        {
            sel.insert("app".into(), v.clone());
        }
        if sel.is_empty() {
            let name = meta.name.clone().unwrap_or_default();
            labels.insert(crate::labels::NAME.to_owned(), name.clone());
            sel.insert(crate::labels::NAME.to_owned(), name);
        }
        sel
    } else {
        explicit.clone()
    };
    if meta.labels.as_ref().is_some_and(BTreeMap::is_empty) {
        meta.labels = None;
    }
    selector
}

/// The pod template's labels: the object's labels, the pod-only labels, and always the
/// selector (usually already there through the labels).
pub(crate) fn template_labels(
    meta: &ObjectMeta,
    pod_labels: BTreeMap<String, String>,
    selector: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut labels = meta.labels.clone().unwrap_or_default();
    labels.extend(pod_labels);
    for (k, v) in selector {
        if labels.get(k) != Some(v) {
            labels.insert(k.clone(), v.clone());
        }
    }
    labels
}

/// Generates `pod_label` and `pod_annotation` of a workload builder with `self.pod_labels` and
/// `self.pod_annotations` maps.
macro_rules! pod_template_setters {
    ($new:literal, $kind:literal) => {
        #[doc = concat!("Adds a label to the pod template only (not to the ", $kind, ", not to a selector).")]
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".pod_label(\"tier\", \"front\");")]
        /// # let _ = o;
        /// ```
        pub fn pod_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.pod_labels.insert(key.into(), value.into());
            self
        }

        /// Adds an annotation to the pod template: pods created from then on carry it (for a
        /// Deployment or a StatefulSet, changing it rolls the pods, e.g. a config checksum).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".pod_annotation(\"checksum/config\", \"abc\");")]
        /// # let _ = o;
        /// ```
        pub fn pod_annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.pod_annotations.insert(key.into(), value.into());
            self
        }
    };
}

pub(crate) use pod_template_setters;

/// Generates the pod-spec setters of a builder with a `self.pod: PodParts` field.
macro_rules! pod_spec_setters {
    ($new:literal) => {
        /// Adds a container (several per pod are fine; names must be unique).
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::ContainerBuilder;
        #[doc = concat!("let o = kubeforge::", $new, ".container(ContainerBuilder::new(\"app\", \"nginx:1.27\"));")]
        /// # let _ = o;
        /// ```
        pub fn container(mut self, container: $crate::ContainerBuilder) -> Self {
            self.pod.containers.push(container);
            self
        }

        /// Adds an init container (runs to completion before the app containers start).
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::ContainerBuilder;
        #[doc = concat!("let o = kubeforge::", $new, ".init_container(ContainerBuilder::new(\"migrate\", \"app:1\").args([\"migrate\"]));")]
        /// # let _ = o;
        /// ```
        pub fn init_container(mut self, container: $crate::ContainerBuilder) -> Self {
            self.pod.init_containers.push(container);
            self
        }

        /// Declares a pod volume (to mount by name with `ContainerBuilder::volume_mount`).
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::VolumeBuilder;
        #[doc = concat!("let o = kubeforge::", $new, ".volume(VolumeBuilder::empty_dir(\"shared\"));")]
        /// # let _ = o;
        /// ```
        pub fn volume(mut self, volume: $crate::VolumeBuilder) -> Self {
            self.pod.volumes.push(volume);
            self
        }

        /// Runs the pod as this ServiceAccount.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".service_account_name(\"app\");")]
        /// # let _ = o;
        /// ```
        pub fn service_account_name(mut self, name: impl Into<String>) -> Self {
            self.pod.spec().service_account_name = Some(name.into());
            self
        }

        /// Whether the API token is mounted in the pod (`automountServiceAccountToken`).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".automount_service_account_token(false);")]
        /// # let _ = o;
        /// ```
        pub fn automount_service_account_token(mut self, automount: bool) -> Self {
            self.pod.spec().automount_service_account_token = Some(automount);
            self
        }

        /// Sets the pod-level security context (runAsUser, runAsGroup, fsGroup, seccomp...).
        ///
        /// # Examples
        ///
        /// ```
        /// use k8s_openapi::api::core::v1::PodSecurityContext;
        #[doc = concat!("let o = kubeforge::", $new, ".pod_security_context(PodSecurityContext { fs_group: Some(2000), ..Default::default() });")]
        /// # let _ = o;
        /// ```
        pub fn pod_security_context(mut self, sc: ::k8s_openapi::api::core::v1::PodSecurityContext) -> Self {
            self.pod.spec().security_context = Some(sc);
            self
        }

        /// Adds a node selector label.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".node_selector(\"kubernetes.io/os\", \"linux\");")]
        /// # let _ = o;
        /// ```
        pub fn node_selector(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.pod
                .spec()
                .node_selector
                .get_or_insert_with(BTreeMap::new)
                .insert(key.into(), value.into());
            self
        }

        /// Seconds given to the containers to stop after SIGTERM (default 30).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".termination_grace_period_seconds(60);")]
        /// # let _ = o;
        /// ```
        pub fn termination_grace_period_seconds(mut self, seconds: i64) -> Self {
            self.pod.spec().termination_grace_period_seconds = Some(seconds);
            self
        }

        /// Adds a Secret of type `kubernetes.io/dockerconfigjson` used to pull images.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".image_pull_secret(\"registry-creds\");")]
        /// # let _ = o;
        /// ```
        pub fn image_pull_secret(mut self, name: impl Into<String>) -> Self {
            self.pod
                .spec()
                .image_pull_secrets
                .get_or_insert_with(Vec::new)
                .push(::k8s_openapi::api::core::v1::LocalObjectReference { name: name.into() });
            self
        }

        /// Applies the security preset of a Pod Security Standards level to the pod and to every
        /// container without a preset of its own (see [`Level`](crate::Level)): at `build()` it
        /// fills only unset fields, so every field stays overridable; `Level::Privileged` removes it.
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::{ContainerBuilder, Level};
        #[doc = concat!("let o = kubeforge::", $new, ".security_preset(Level::Restricted).container(ContainerBuilder::new(\"app\", \"img:1\"));")]
        /// # let _ = o;
        /// ```
        pub fn security_preset(mut self, level: $crate::Level) -> Self {
            self.pod.preset = Some(level);
            self
        }

        /// Makes `build()` fail with every Pod Security Standards violation of the pod at `level`
        /// (latest policy version), checked after presets and `customize`.
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::{ContainerBuilder, Level};
        #[doc = concat!("let o = kubeforge::", $new, ".require_pss(Level::Restricted);")]
        /// # let _ = o;
        /// ```
        pub fn require_pss(self, level: $crate::Level) -> Self {
            self.require_pss_version(level, $crate::validate::pss::PolicyVersion::Latest)
        }

        /// [`require_pss`](Self::require_pss) pinned to a policy version (`v1.N`), like a
        /// namespace's `pod-security.kubernetes.io/enforce-version` label.
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::{Level, validate::pss::PolicyVersion};
        #[doc = concat!("let o = kubeforge::", $new, ".require_pss_version(Level::Baseline, PolicyVersion::V1(33));")]
        /// # let _ = o;
        /// ```
        pub fn require_pss_version(
            mut self,
            level: $crate::Level,
            version: $crate::validate::pss::PolicyVersion,
        ) -> Self {
            self.pod.require = Some((level, version));
            self
        }

        /// `securityContext.runAsUser` of the pod (containers inherit it). Never set by a preset.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".run_as_user(1000);")]
        /// # let _ = o;
        /// ```
        pub fn run_as_user(mut self, uid: i64) -> Self {
            self.pod_sc().run_as_user = Some(uid);
            self
        }

        /// `securityContext.runAsGroup` of the pod.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".run_as_group(3000);")]
        /// # let _ = o;
        /// ```
        pub fn run_as_group(mut self, gid: i64) -> Self {
            self.pod_sc().run_as_group = Some(gid);
            self
        }

        /// `securityContext.runAsNonRoot` of the pod.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".run_as_non_root(true);")]
        /// # let _ = o;
        /// ```
        pub fn run_as_non_root(mut self, non_root: bool) -> Self {
            self.pod_sc().run_as_non_root = Some(non_root);
            self
        }

        /// `securityContext.fsGroup`: the group that owns the pod's volumes.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".fs_group(2000);")]
        /// # let _ = o;
        /// ```
        pub fn fs_group(mut self, gid: i64) -> Self {
            self.pod_sc().fs_group = Some(gid);
            self
        }

        /// `securityContext.fsGroupChangePolicy`.
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::FsGroupChangePolicy;
        #[doc = concat!("let o = kubeforge::", $new, ".fs_group_change_policy(FsGroupChangePolicy::OnRootMismatch);")]
        /// # let _ = o;
        /// ```
        pub fn fs_group_change_policy(mut self, policy: $crate::FsGroupChangePolicy) -> Self {
            self.pod_sc().fs_group_change_policy = Some(policy.as_str().to_owned());
            self
        }

        /// Adds supplemental groups (`securityContext.supplementalGroups`).
        ///
        /// # Examples
        ///
        /// ```
        #[doc = concat!("let o = kubeforge::", $new, ".supplemental_groups([4000, 5000]);")]
        /// # let _ = o;
        /// ```
        pub fn supplemental_groups(mut self, gids: impl IntoIterator<Item = i64>) -> Self {
            self.pod_sc()
                .supplemental_groups
                .get_or_insert_with(Vec::new)
                .extend(gids);
            self
        }

        /// `securityContext.seccompProfile` of the pod.
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::Seccomp;
        #[doc = concat!("let o = kubeforge::", $new, ".seccomp(Seccomp::RuntimeDefault);")]
        /// # let _ = o;
        /// ```
        pub fn seccomp(mut self, profile: $crate::Seccomp) -> Self {
            self.pod_sc().seccomp_profile = Some(profile.into_profile());
            self
        }

        fn pod_sc(&mut self) -> &mut ::k8s_openapi::api::core::v1::PodSecurityContext {
            self.pod.spec().security_context.get_or_insert_with(Default::default)
        }

        /// Makes `build()` fail unless the pod's QoS class is `class` (see [`qos_class`](crate::qos_class)).
        ///
        /// # Examples
        ///
        /// ```
        /// use kubeforge::QosClass;
        #[doc = concat!("let o = kubeforge::", $new, ".expect_qos(QosClass::Guaranteed);")]
        /// # let _ = o;
        /// ```
        pub fn expect_qos(mut self, class: $crate::QosClass) -> Self {
            self.pod.expect_qos = Some(class);
            self
        }
    };
}

pub(crate) use pod_spec_setters;

/// What the kubelet does when a container of a Pod exits (`restartPolicy`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::RestartPolicy::OnFailure.as_str(), "OnFailure");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RestartPolicy {
    /// Always restart (the default; the only value workloads accept).
    Always,
    /// Restart only after a failure (batch Pods).
    OnFailure,
    /// Never restart.
    Never,
}

impl RestartPolicy {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::RestartPolicy::Never.as_str(), "Never");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Always => "Always",
            Self::OnFailure => "OnFailure",
            Self::Never => "Never",
        }
    }
}

type PodCustomizer = Arc<dyn Fn(&mut Pod) + Send + Sync>;

/// Builds a bare Pod (the course's examples; real apps use a [`DeploymentBuilder`]).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, PodBuilder};
/// let pod = PodBuilder::new("my-pod")
///     .container(ContainerBuilder::new("my-container", "my-app:1.0").env("ENV_VAR_NAME", "production"))
///     .build()?;
/// assert_eq!(pod.spec.unwrap().containers[0].env.as_ref().unwrap()[0].name, "ENV_VAR_NAME");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct PodBuilder {
    meta: ObjectMeta,
    pod: PodParts,
    customizers: Vec<PodCustomizer>,
    options: Options,
}

impl std::fmt::Debug for PodBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PodBuilder")
            .field("meta", &self.meta)
            .field("pod", &self.pod)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl PodBuilder {
    /// A Pod named `name` (a DNS-1123 subdomain; a DNS label is recommended).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PodBuilder};
    /// let pod = PodBuilder::new("p").container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// assert_eq!(pod.metadata.name.as_deref(), Some("p"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            pod: PodParts::default(),
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    metadata_setters!("PodBuilder::new(\"p\")");
    pod_spec_setters!("PodBuilder::new(\"p\")");

    /// What to do when a container exits (default `Always`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PodBuilder, RestartPolicy};
    /// let pod = PodBuilder::new("job").restart_policy(RestartPolicy::Never)
    ///     .container(ContainerBuilder::new("c", "busybox:1.36")).build()?;
    /// assert_eq!(pod.spec.unwrap().restart_policy.as_deref(), Some("Never"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn restart_policy(mut self, policy: RestartPolicy) -> Self {
        self.pod.spec().restart_policy = Some(policy.as_str().to_owned());
        self
    }

    options_setter!("PodBuilder::new(\"p\")");

    /// Edits the raw Pod before validation (escape hatch for any field).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PodBuilder};
    /// let pod = PodBuilder::new("p")
    ///     .container(ContainerBuilder::new("c", "busybox:1.36"))
    ///     .customize(|p| p.spec.as_mut().unwrap().host_network = Some(true))
    ///     .build()?;
    /// assert_eq!(pod.spec.unwrap().host_network, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut Pod) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the Pod and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found, with the apiserver's field paths (`spec.containers[0].image: Required value`).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::PodBuilder::new("p").build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(), "spec.containers: Required value");
    /// ```
    pub fn build(self) -> Result<Pod, Error> {
        let mut pod = Pod {
            metadata: self.meta,
            spec: Some(PodSpec::default()),
            status: None,
        };
        let require = self.pod.require;
        let mut builder_violations = self
            .pod
            .assemble_into(pod.spec.get_or_insert_default(), "spec");
        for f in &self.customizers {
            f(&mut pod);
        }
        builder_violations.extend(crate::backup::velero_violations(
            Some(&pod.metadata),
            pod.spec.as_ref(),
            &[],
            "metadata",
        ));
        builder_violations.extend(PodParts::pss_violations(
            require,
            "spec",
            Some(&pod.metadata),
            pod.spec.as_ref(),
        ));
        validate::check_with(&pod, self.options, builder_violations)?;
        Ok(pod)
    }
}
