//! StatefulSet: pods with a stable identity (`<name>-0`, `<name>-1`...), each with its own
//! PersistentVolumeClaims created from claim templates, and a headless Service for their DNS
//! names. The database of the course runs as one.

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::apps::v1::{
    RollingUpdateStatefulSetStrategy, StatefulSet, StatefulSetPersistentVolumeClaimRetentionPolicy,
    StatefulSetSpec, StatefulSetUpdateStrategy,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use super::{
    IntOrPercent, PodParts, derive_selector, pod_spec_setters, pod_template_setters,
    template_labels,
};
use crate::compat::MaybeSpec;
use crate::container::ContainerBuilder;
use crate::env::ObjectName;
use crate::error::Error;
use crate::meta::{metadata_setters, options_setter};
use crate::storage::PersistentVolumeClaimBuilder;
use crate::validate::{self, Options};
use crate::volume::Mount;

/// How a StatefulSet creates and deletes its pods (`podManagementPolicy`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::PodManagementPolicy::Parallel.as_str(), "Parallel");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PodManagementPolicy {
    /// One at a time, in order: `-0` must be ready before `-1` starts (the default; what a
    /// primary/replica database expects).
    OrderedReady,
    /// All at once (for peers that do not depend on each other's start order).
    Parallel,
}

impl PodManagementPolicy {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::PodManagementPolicy::OrderedReady.as_str(), "OrderedReady");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrderedReady => "OrderedReady",
            Self::Parallel => "Parallel",
        }
    }
}

/// How a StatefulSet replaces its pods when the template changes (`updateStrategy`).
///
/// # Examples
///
/// ```
/// use kubeforge::UpdateStrategy;
/// let canary = UpdateStrategy::RollingUpdate { partition: Some(2), max_unavailable: None };
/// # let _ = canary;
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UpdateStrategy {
    /// Replace the pods from the highest ordinal down (the default).
    RollingUpdate {
        /// Only pods with an ordinal ≥ `partition` are updated (a canary; default 0).
        partition: Option<i32>,
        /// Pods that may be unavailable at once during the update (default 1; never 0).
        max_unavailable: Option<IntOrPercent>,
    },
    /// Never replace a pod automatically: a pod gets the new template when it is deleted.
    OnDelete,
}

/// What happens to the claims of a StatefulSet (`persistentVolumeClaimRetentionPolicy`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::ClaimRetention::Retain.as_str(), "Retain");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClaimRetention {
    /// Keep the claims (and the data) (the default).
    Retain,
    /// Delete the claims; with a `Delete` reclaim policy, the data is gone.
    Delete,
}

impl ClaimRetention {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ClaimRetention::Delete.as_str(), "Delete");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Retain => "Retain",
            Self::Delete => "Delete",
        }
    }
}

type StatefulSetCustomizer = Arc<dyn Fn(&mut StatefulSet) + Send + Sync>;

/// Builds a StatefulSet.
///
/// The pod template works exactly as a [`DeploymentBuilder`](crate::DeploymentBuilder)'s
/// (same setters, presets, `require_pss`), and so does the selector, derived from stable
/// labels. Each [`volume_claim_template`](Self::volume_claim_template) becomes one claim per
/// pod, `<template>-<statefulset>-<ordinal>`, mounted by the template's name
/// ([`ContainerBuilder::mount_claim_template`]).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, PersistentVolumeClaimBuilder, SpecExt, StatefulSetBuilder};
/// let data = PersistentVolumeClaimBuilder::new("data", "10Gi");
/// let db = StatefulSetBuilder::new("mysql")
///     .service_name("mysql")
///     .replicas(1)
///     .container(ContainerBuilder::new("mysql", "mysql:8.4").port(3306).mount_claim_template(&data, "/var/lib/mysql"))
///     .volume_claim_template(data)
///     .build()?;
/// let spec = db.spec_ref().unwrap();
/// assert_eq!(spec.selector.match_labels.as_ref().unwrap()["app.kubernetes.io/name"], "mysql");
/// assert_eq!(spec.volume_claim_templates.as_ref().unwrap()[0].metadata.name.as_deref(), Some("data"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct StatefulSetBuilder {
    meta: ObjectMeta,
    pod: PodParts,
    selector: BTreeMap<String, String>,
    pod_labels: BTreeMap<String, String>,
    pod_annotations: BTreeMap<String, String>,
    spec: Box<StatefulSetSpec>,
    claim_templates: Vec<PersistentVolumeClaimBuilder>,
    customizers: Vec<StatefulSetCustomizer>,
    options: Options,
}

impl std::fmt::Debug for StatefulSetBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatefulSetBuilder")
            .field("meta", &self.meta)
            .field("selector", &self.selector)
            .field("pod", &self.pod)
            .field("claim_templates", &self.claim_templates)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl StatefulSetBuilder {
    /// A StatefulSet named `name` (a DNS label of at most 52 characters, as its pods are
    /// `<name>-<ordinal>` with a `controller-revision-hash` label).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = kubeforge::StatefulSetBuilder::new("db")
    ///     .container(kubeforge::ContainerBuilder::new("db", "postgres:17")).build()?;
    /// assert_eq!(s.metadata.name.as_deref(), Some("db"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            pod: PodParts::default(),
            selector: BTreeMap::new(),
            pod_labels: BTreeMap::new(),
            pod_annotations: BTreeMap::new(),
            spec: Box::default(),
            claim_templates: Vec::new(),
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    metadata_setters!("StatefulSetBuilder::new(\"db\")");
    pod_spec_setters!("StatefulSetBuilder::new(\"db\")");

    /// Uses `key=value` in the selector (and the pod template) instead of the derived selector.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, SpecExt, StatefulSetBuilder};
    /// let s = StatefulSetBuilder::new("mysql").selector_label("app", "mysql")
    ///     .container(ContainerBuilder::new("mysql", "mysql:8.4")).build()?;
    /// assert_eq!(s.spec_ref().unwrap().selector.match_labels.as_ref().unwrap()["app"], "mysql");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn selector_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.selector.insert(key.into(), value.into());
        self
    }

    pod_template_setters!("StatefulSetBuilder::new(\"db\")", "StatefulSet");

    /// The headless Service that gives each pod its DNS name
    /// (`<pod>.<service>.<namespace>.svc`); a name or the `&Service` itself. Build it with
    /// [`ServiceBuilder::headless_for`](crate::ServiceBuilder::headless_for).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, SpecExt, StatefulSetBuilder};
    /// let s = StatefulSetBuilder::new("db").service_name("db")
    ///     .container(ContainerBuilder::new("db", "postgres:17")).build()?;
    /// assert_eq!(s.spec_ref().unwrap().service_name.as_deref(), Some("db"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn service_name(mut self, service: impl ObjectName) -> Self {
        self.spec.service_name = Some(service.object_name());
        self
    }

    /// The desired number of pods (default 1).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::StatefulSetBuilder::new("db").replicas(3);
    /// # let _ = o;
    /// ```
    pub fn replicas(mut self, replicas: i32) -> Self {
        self.spec.replicas = Some(replicas);
        self
    }

    /// Adds a claim template: each pod gets its own claim `<template>-<statefulset>-<ordinal>`
    /// from it, kept across restarts and rescheduling. Its name must be a DNS label; mount it
    /// by that name ([`ContainerBuilder::mount_claim_template`]). Its namespace, if any, is
    /// ignored by Kubernetes (the claims go to the StatefulSet's namespace).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{AccessMode, ContainerBuilder, PersistentVolumeClaimBuilder, SpecExt, StatefulSetBuilder};
    /// let data = PersistentVolumeClaimBuilder::new("data", "1Gi").storage_class_name("fast");
    /// let s = StatefulSetBuilder::new("db")
    ///     .container(ContainerBuilder::new("db", "postgres:17").mount_claim_template(&data, "/var/lib/postgresql/data"))
    ///     .volume_claim_template(data)
    ///     .build()?;
    /// let vct = &s.spec_ref().unwrap().volume_claim_templates.as_ref().unwrap()[0];
    /// assert_eq!(vct.spec.as_ref().unwrap().access_modes.as_ref().unwrap()[0], "ReadWriteOnce");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn volume_claim_template(mut self, template: PersistentVolumeClaimBuilder) -> Self {
        self.claim_templates.push(template);
        self
    }

    /// The order pods are created and deleted in (default `OrderedReady`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PodManagementPolicy, SpecExt, StatefulSetBuilder};
    /// let s = StatefulSetBuilder::new("kafka").pod_management_policy(PodManagementPolicy::Parallel)
    ///     .container(ContainerBuilder::new("kafka", "apache/kafka:3.9.0")).build()?;
    /// assert_eq!(s.spec_ref().unwrap().pod_management_policy.as_deref(), Some("Parallel"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn pod_management_policy(mut self, policy: PodManagementPolicy) -> Self {
        self.spec.pod_management_policy = Some(policy.as_str().to_owned());
        self
    }

    /// How pods are replaced when the template changes.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, IntOrPercent, SpecExt, StatefulSetBuilder, UpdateStrategy};
    /// let s = StatefulSetBuilder::new("db")
    ///     .update_strategy(UpdateStrategy::RollingUpdate { partition: Some(1), max_unavailable: Some(IntOrPercent::Count(1)) })
    ///     .container(ContainerBuilder::new("db", "postgres:17")).build()?;
    /// let us = s.spec_ref().unwrap().update_strategy.clone().unwrap();
    /// assert_eq!(us.rolling_update.unwrap().partition, Some(1));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn update_strategy(mut self, strategy: UpdateStrategy) -> Self {
        self.spec.update_strategy = Some(match strategy {
            UpdateStrategy::OnDelete => StatefulSetUpdateStrategy {
                type_: Some("OnDelete".into()),
                rolling_update: None,
            },
            UpdateStrategy::RollingUpdate {
                partition,
                max_unavailable,
            } => StatefulSetUpdateStrategy {
                type_: Some("RollingUpdate".into()),
                rolling_update: (partition.is_some() || max_unavailable.is_some()).then(|| {
                    RollingUpdateStatefulSetStrategy {
                        partition,
                        max_unavailable: max_unavailable.map(Into::into),
                    }
                }),
            },
        });
        self
    }

    /// Whether the claims are deleted with the StatefulSet (`whenDeleted`) and when it scales
    /// down (`whenScaled`); both `Retain` by default.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ClaimRetention, ContainerBuilder, SpecExt, StatefulSetBuilder};
    /// let s = StatefulSetBuilder::new("cache")
    ///     .persistent_volume_claim_retention_policy(ClaimRetention::Delete, ClaimRetention::Retain)
    ///     .container(ContainerBuilder::new("cache", "redis:7.4")).build()?;
    /// let p = s.spec_ref().unwrap().persistent_volume_claim_retention_policy.clone().unwrap();
    /// assert_eq!(p.when_deleted.as_deref(), Some("Delete"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn persistent_volume_claim_retention_policy(
        mut self,
        when_deleted: ClaimRetention,
        when_scaled: ClaimRetention,
    ) -> Self {
        self.spec.persistent_volume_claim_retention_policy =
            Some(StatefulSetPersistentVolumeClaimRetentionPolicy {
                when_deleted: Some(when_deleted.as_str().to_owned()),
                when_scaled: Some(when_scaled.as_str().to_owned()),
            });
        self
    }

    /// Seconds a new pod must be ready before it counts as available (default 0).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::StatefulSetBuilder::new("db").min_ready_seconds(10);
    /// # let _ = o;
    /// ```
    pub fn min_ready_seconds(mut self, seconds: i32) -> Self {
        self.spec.min_ready_seconds = Some(seconds);
        self
    }

    /// Old revisions kept for rollback (default 10).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::StatefulSetBuilder::new("db").revision_history_limit(3);
    /// # let _ = o;
    /// ```
    pub fn revision_history_limit(mut self, limit: i32) -> Self {
        self.spec.revision_history_limit = Some(limit);
        self
    }

    options_setter!("StatefulSetBuilder::new(\"db\")");

    /// Edits the raw StatefulSet before validation (escape hatch for any field; use
    /// [`SpecExt`](crate::SpecExt) to reach the spec in a version-independent way).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, SpecExt, StatefulSetBuilder};
    /// use k8s_openapi::api::apps::v1::StatefulSetOrdinals;
    /// let s = StatefulSetBuilder::new("db")
    ///     .container(ContainerBuilder::new("db", "postgres:17"))
    ///     .customize(|s| s.spec_mut().ordinals = Some(StatefulSetOrdinals { start: Some(1) }))
    ///     .build()?;
    /// assert!(s.spec_ref().unwrap().ordinals.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut StatefulSet) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the StatefulSet and validates it, its pod template and its claim templates
    /// (which the apiserver only checks from 1.34 on, RULES.md §7.2).
    ///
    /// # Errors
    ///
    /// Every violation found, e.g.
    /// `spec.volumeClaimTemplates[0].spec.resources[storage]: Invalid value: "0": must be greater than zero`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, PersistentVolumeClaimBuilder, StatefulSetBuilder};
    /// let err = StatefulSetBuilder::new("db")
    ///     .container(ContainerBuilder::new("db", "postgres:17").volume_mount("dta", "/data"))
    ///     .volume_claim_template(PersistentVolumeClaimBuilder::new("data", "1Gi"))
    ///     .build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(),
    ///     "spec.template.spec.containers[0].volumeMounts[0].name: Not found: \"dta\"");
    /// ```
    pub fn build(mut self) -> Result<StatefulSet, Error> {
        let selector = derive_selector(&mut self.meta, &self.selector);
        let template_labels = template_labels(&self.meta, self.pod_labels, &selector);
        let claims: Vec<_> = self
            .claim_templates
            .into_iter()
            .map(PersistentVolumeClaimBuilder::assemble)
            .collect();
        // `Option<StatefulSetSpec>` before Kubernetes 1.37, `StatefulSetSpec` from 1.37 on.
        #[allow(clippy::useless_conversion, reason = "not useless before 1.37")]
        let mut sts = StatefulSet {
            metadata: self.meta,
            spec: (*self.spec).into(),
            status: None,
        };
        let spec = sts.spec.spec_mut();
        spec.selector = LabelSelector {
            match_labels: Some(selector),
            match_expressions: None,
        };
        spec.template.metadata = Some(ObjectMeta {
            labels: Some(template_labels),
            annotations: (!self.pod_annotations.is_empty()).then_some(self.pod_annotations),
            ..ObjectMeta::default()
        });
        if !claims.is_empty() {
            spec.volume_claim_templates = Some(claims);
        }
        let require = self.pod.require;
        let mut builder_violations = self.pod.assemble_into(
            spec.template.spec.get_or_insert_default(),
            "spec.template.spec",
        );
        for f in &self.customizers {
            f(&mut sts);
        }
        if let Some(spec) = sts.spec.as_spec() {
            let claims: Vec<&str> = spec
                .volume_claim_templates
                .iter()
                .flatten()
                .filter_map(|c| c.metadata.name.as_deref())
                .collect();
            builder_violations.extend(crate::backup::velero_violations(
                spec.template.metadata.as_ref(),
                spec.template.spec.as_ref(),
                &claims,
                "spec.template.metadata",
            ));
            builder_violations.extend(PodParts::pss_violations(
                require,
                "spec.template.spec",
                spec.template.metadata.as_ref(),
                spec.template.spec.as_ref(),
            ));
        }
        validate::check_with(&sts, self.options, builder_violations)?;
        Ok(sts)
    }
}

impl ContainerBuilder {
    /// Mounts a StatefulSet claim template (by its name) in this container; pass the template
    /// itself to [`StatefulSetBuilder::volume_claim_template`] too.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ContainerBuilder, Mount, PersistentVolumeClaimBuilder};
    /// let data = PersistentVolumeClaimBuilder::new("data", "1Gi");
    /// let c = ContainerBuilder::new("db", "postgres:17")
    ///     .mount_claim_template(&data, Mount::at("/var/lib/postgresql/data").sub_path("pgdata"))
    ///     .build()?;
    /// assert_eq!(c.volume_mounts.unwrap()[0].name, "data");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn mount_claim_template(
        self,
        template: &PersistentVolumeClaimBuilder,
        mount: impl Into<Mount>,
    ) -> Self {
        self.volume_mount(template.name(), mount)
    }
}
