//! Storage: PersistentVolumeClaim, PersistentVolume and StorageClass (course: "Demander des
//! volumes et les liers aux pods", "Les types de stockage avec les StorageClasses").
//!
//! A pod asks for storage with a **PersistentVolumeClaim** (size, access mode, class). A
//! **StorageClass** names a provisioner that creates a **PersistentVolume** for each claim;
//! an administrator can also create PersistentVolumes by hand and pre-bind them to a claim
//! (`claimRef` on the volume, `volumeName` on the claim).
//!
//! A built claim is used in a pod with [`VolumeBuilder::persistent_volume_claim`](crate::VolumeBuilder::persistent_volume_claim),
//! which takes the claim itself (`&PersistentVolumeClaim`) or its name. A StatefulSet takes
//! the claim *builder* as a template (`StatefulSetBuilder::volume_claim_template`).

use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::api::core::v1::{
    CSIPersistentVolumeSource, HostPathVolumeSource, LocalVolumeSource, NFSVolumeSource,
    NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, ObjectReference, PersistentVolume,
    PersistentVolumeClaim, PersistentVolumeClaimSpec, PersistentVolumeSpec,
    TypedLocalObjectReference, VolumeNodeAffinity, VolumeResourceRequirements,
};
use k8s_openapi::api::storage::v1::StorageClass;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};

use crate::env::ObjectName;
use crate::error::{Error, Violation, ViolationKind, quote};
use crate::meta::{metadata_setters, options_setter};
use crate::resources::IntoQuantity;
use crate::validate::{self, Options};
use crate::volume::HostPathType;

/// The annotation that makes a StorageClass the cluster's default.
pub(crate) const DEFAULT_CLASS_ANNOTATION: &str = "storageclass.kubernetes.io/is-default-class";

/// How a volume can be mounted (`accessModes`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::AccessMode::ReadWriteOnce.as_str(), "ReadWriteOnce");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AccessMode {
    /// Read-write by the pods of **one node** (the usual block storage).
    ReadWriteOnce,
    /// Read-only by many nodes.
    ReadOnlyMany,
    /// Read-write by many nodes (NFS, CephFS...).
    ReadWriteMany,
    /// Read-write by **one pod** only; cannot be combined with another mode.
    ReadWriteOncePod,
}

impl AccessMode {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::AccessMode::ReadWriteOncePod.as_str(), "ReadWriteOncePod");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReadWriteOnce => "ReadWriteOnce",
            Self::ReadOnlyMany => "ReadOnlyMany",
            Self::ReadWriteMany => "ReadWriteMany",
            Self::ReadWriteOncePod => "ReadWriteOncePod",
        }
    }
}

/// Whether a volume is a file system or a raw block device (`volumeMode`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::VolumeMode::Block.as_str(), "Block");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VolumeMode {
    /// A formatted file system, mounted with `volumeMounts` (the default).
    Filesystem,
    /// A raw block device, attached with `volumeDevices`.
    Block,
}

impl VolumeMode {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::VolumeMode::Filesystem.as_str(), "Filesystem");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Filesystem => "Filesystem",
            Self::Block => "Block",
        }
    }
}

/// What happens to a volume when its claim is deleted (`persistentVolumeReclaimPolicy`,
/// StorageClass `reclaimPolicy`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::ReclaimPolicy::Retain.as_str(), "Retain");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReclaimPolicy {
    /// Keep the volume and its data; an administrator reclaims it by hand.
    Retain,
    /// Delete the volume and the underlying storage (the default of dynamic provisioning).
    Delete,
    /// Deprecated: wipe the files (`rm -rf`) and make the volume available again. Accepted
    /// on PersistentVolumes only; a StorageClass rejects it.
    Recycle,
}

impl ReclaimPolicy {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ReclaimPolicy::Delete.as_str(), "Delete");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Retain => "Retain",
            Self::Delete => "Delete",
            Self::Recycle => "Recycle",
        }
    }
}

/// When a StorageClass provisions and binds a volume (`volumeBindingMode`).
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::VolumeBindingMode::WaitForFirstConsumer.as_str(), "WaitForFirstConsumer");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VolumeBindingMode {
    /// As soon as the claim is created (the default).
    Immediate,
    /// When the first pod using the claim is scheduled, in that pod's zone or node (needed by
    /// zonal disks and `local` volumes).
    WaitForFirstConsumer,
}

impl VolumeBindingMode {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::VolumeBindingMode::Immediate.as_str(), "Immediate");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Immediate => "Immediate",
            Self::WaitForFirstConsumer => "WaitForFirstConsumer",
        }
    }
}

fn modes_or_default(modes: Vec<AccessMode>) -> Vec<String> {
    if modes.is_empty() {
        return vec![AccessMode::ReadWriteOnce.as_str().to_owned()];
    }
    let mut out: Vec<String> = Vec::with_capacity(modes.len());
    for m in modes {
        let m = m.as_str().to_owned();
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

type PvcCustomizer = Arc<dyn Fn(&mut PersistentVolumeClaim) + Send + Sync>;

/// Builds a PersistentVolumeClaim: a request for storage that outlives the pods using it.
///
/// The access mode defaults to `ReadWriteOnce` (one node at a time, what every block storage
/// offers); [`access_mode`](Self::access_mode) replaces the default.
///
/// # Examples
///
/// ```
/// use kubeforge::{AccessMode, ContainerBuilder, PersistentVolumeClaimBuilder, PodBuilder, VolumeBuilder};
/// let claim = PersistentVolumeClaimBuilder::new("app-data", "10Gi")
///     .storage_class_name("fast-ssd")
///     .build()?;
/// let spec = claim.spec.as_ref().unwrap();
/// assert_eq!(spec.access_modes.as_deref(), Some(&["ReadWriteOnce".to_string()][..]));
/// assert_eq!(spec.resources.as_ref().unwrap().requests.as_ref().unwrap()["storage"].0, "10Gi");
///
/// // The claim itself names the volume source of a pod.
/// let pod = PodBuilder::new("app")
///     .container(ContainerBuilder::new("app", "busybox:1.36")
///         .mount(VolumeBuilder::persistent_volume_claim("data", &claim), "/data"))
///     .build()?;
/// let volume = &pod.spec.unwrap().volumes.unwrap()[0];
/// assert_eq!(volume.persistent_volume_claim.as_ref().unwrap().claim_name, "app-data");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct PersistentVolumeClaimBuilder {
    meta: ObjectMeta,
    modes: Vec<AccessMode>,
    spec: PersistentVolumeClaimSpec,
    customizers: Vec<PvcCustomizer>,
    options: Options,
}

impl std::fmt::Debug for PersistentVolumeClaimBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersistentVolumeClaimBuilder")
            .field("meta", &self.meta)
            .field("modes", &self.modes)
            .field("spec", &self.spec)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl PersistentVolumeClaimBuilder {
    /// A claim named `name` (a DNS-1123 subdomain; a DNS label for a StatefulSet claim
    /// template) for `storage` (`resources.requests.storage`, e.g. `"10Gi"` or
    /// `Quantity::gibibytes(10)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{PersistentVolumeClaimBuilder, Quantity};
    /// let pvc = PersistentVolumeClaimBuilder::new("data", Quantity::gibibytes(5)).build()?;
    /// assert_eq!(pvc.spec.unwrap().resources.unwrap().requests.unwrap()["storage"].0, "5Gi");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, storage: impl IntoQuantity) -> Self {
        let requests = BTreeMap::from([("storage".to_owned(), storage.into_quantity())]);
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            modes: Vec::new(),
            spec: PersistentVolumeClaimSpec {
                resources: Some(VolumeResourceRequirements {
                    requests: Some(requests),
                    ..VolumeResourceRequirements::default()
                }),
                ..PersistentVolumeClaimSpec::default()
            },
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    metadata_setters!("PersistentVolumeClaimBuilder::new(\"data\", \"1Gi\")");

    /// The claim's name (to mount a StatefulSet claim template by name).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::PersistentVolumeClaimBuilder::new("data", "1Gi").name(), "data");
    /// ```
    pub fn name(&self) -> &str {
        self.meta.name.as_deref().unwrap_or("")
    }

    /// Adds an access mode (the first call replaces the `ReadWriteOnce` default).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{AccessMode, PersistentVolumeClaimBuilder};
    /// let pvc = PersistentVolumeClaimBuilder::new("shared", "1Gi").access_mode(AccessMode::ReadWriteMany).build()?;
    /// assert_eq!(pvc.spec.unwrap().access_modes.unwrap(), ["ReadWriteMany"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn access_mode(mut self, mode: AccessMode) -> Self {
        self.modes.push(mode);
        self
    }

    /// Adds several access modes.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{AccessMode, PersistentVolumeClaimBuilder};
    /// let pvc = PersistentVolumeClaimBuilder::new("d", "1Gi")
    ///     .access_modes([AccessMode::ReadWriteOnce, AccessMode::ReadOnlyMany]).build()?;
    /// assert_eq!(pvc.spec.unwrap().access_modes.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn access_modes(mut self, modes: impl IntoIterator<Item = AccessMode>) -> Self {
        self.modes.extend(modes);
        self
    }

    /// Caps the volume's size (`resources.limits.storage`; few provisioners use it).
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("d", "1Gi").limit_storage("2Gi").build()?;
    /// assert_eq!(pvc.spec.unwrap().resources.unwrap().limits.unwrap()["storage"].0, "2Gi");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn limit_storage(mut self, storage: impl IntoQuantity) -> Self {
        self.spec
            .resources
            .get_or_insert_with(VolumeResourceRequirements::default)
            .limits
            .get_or_insert_with(BTreeMap::new)
            .insert("storage".to_owned(), storage.into_quantity());
        self
    }

    /// The StorageClass that provisions the volume (a name or a `&StorageClass`). Without
    /// it, the cluster's default class is used.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{PersistentVolumeClaimBuilder, StorageClassBuilder};
    /// let class = StorageClassBuilder::new("fast", "ebs.csi.aws.com").build()?;
    /// let pvc = PersistentVolumeClaimBuilder::new("d", "1Gi").storage_class_name(&class).build()?;
    /// assert_eq!(pvc.spec.unwrap().storage_class_name.as_deref(), Some("fast"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn storage_class_name(mut self, class: impl ObjectName) -> Self {
        self.spec.storage_class_name = Some(class.object_name());
        self
    }

    /// No class at all (`storageClassName: ""`): the claim binds only to a pre-created
    /// PersistentVolume without a class, never to a provisioned one.
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("d", "1Gi").no_storage_class().build()?;
    /// assert_eq!(pvc.spec.unwrap().storage_class_name.as_deref(), Some(""));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn no_storage_class(mut self) -> Self {
        self.spec.storage_class_name = Some(String::new());
        self
    }

    /// A file system (default) or a raw block device.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{PersistentVolumeClaimBuilder, VolumeMode};
    /// let pvc = PersistentVolumeClaimBuilder::new("d", "1Gi").volume_mode(VolumeMode::Block).build()?;
    /// assert_eq!(pvc.spec.unwrap().volume_mode.as_deref(), Some("Block"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn volume_mode(mut self, mode: VolumeMode) -> Self {
        self.spec.volume_mode = Some(mode.as_str().to_owned());
        self
    }

    /// Binds only to a PersistentVolume with the label `key=value` (`selector.matchLabels`).
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("d", "1Gi").selector_label("tier", "gold").build()?;
    /// assert_eq!(pvc.spec.unwrap().selector.unwrap().match_labels.unwrap()["tier"], "gold");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn selector_label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.spec
            .selector
            .get_or_insert_with(LabelSelector::default)
            .match_labels
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Replaces the selector with a full label selector (with `matchExpressions`).
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};
    /// let sel = LabelSelector {
    ///     match_expressions: Some(vec![LabelSelectorRequirement { key: "zone".into(), operator: "In".into(), values: Some(vec!["a".into()]) }]),
    ///     ..Default::default()
    /// };
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("d", "1Gi").selector(sel).build()?;
    /// assert!(pvc.spec.unwrap().selector.unwrap().match_expressions.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn selector(mut self, selector: LabelSelector) -> Self {
        self.spec.selector = Some(selector);
        self
    }

    /// Pre-binds the claim to the PersistentVolume `volume` (`volumeName`; the volume's
    /// `claimRef` should point back, see [`PersistentVolumeBuilder::claim_ref`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("d", "1Gi").volume_name("pv-0001").build()?;
    /// assert_eq!(pvc.spec.unwrap().volume_name.as_deref(), Some("pv-0001"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn volume_name(mut self, volume: impl ObjectName) -> Self {
        self.spec.volume_name = Some(volume.object_name());
        self
    }

    /// Pre-populates the volume with a copy of another claim of the namespace (a clone,
    /// `dataSource: {kind: PersistentVolumeClaim}`; the CSI driver must support cloning).
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("copy", "1Gi").data_source_claim("data").build()?;
    /// let ds = pvc.spec.unwrap().data_source.unwrap();
    /// assert_eq!((ds.kind.as_str(), ds.name.as_str(), ds.api_group), ("PersistentVolumeClaim", "data", None));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn data_source_claim(self, claim: impl ObjectName) -> Self {
        self.data_source(None::<String>, "PersistentVolumeClaim", claim.object_name())
    }

    /// Restores the volume from a CSI `VolumeSnapshot` of the namespace
    /// (`dataSource: {apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot}`).
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("restored", "1Gi").data_source_snapshot("nightly").build()?;
    /// let ds = pvc.spec.unwrap().data_source.unwrap();
    /// assert_eq!(ds.api_group.as_deref(), Some("snapshot.storage.k8s.io"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn data_source_snapshot(self, snapshot: impl Into<String>) -> Self {
        self.data_source(Some("snapshot.storage.k8s.io"), "VolumeSnapshot", snapshot)
    }

    /// Any data source (`dataSource`): `api_group` `None` is the core group, where only
    /// `PersistentVolumeClaim` is allowed.
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("d", "1Gi")
    ///     .data_source(Some("example.com"), "Populator", "seed").build()?;
    /// assert_eq!(pvc.spec.unwrap().data_source.unwrap().kind, "Populator");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn data_source(
        mut self,
        api_group: Option<impl Into<String>>,
        kind: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        self.spec.data_source = Some(TypedLocalObjectReference {
            api_group: api_group.map(Into::into),
            kind: kind.into(),
            name: name.into(),
        });
        self
    }

    options_setter!("PersistentVolumeClaimBuilder::new(\"d\", \"1Gi\")");

    /// Edits the raw claim before validation (escape hatch for any field). For a StatefulSet
    /// claim template, it runs when the StatefulSet is built.
    ///
    /// # Examples
    ///
    /// ```
    /// let pvc = kubeforge::PersistentVolumeClaimBuilder::new("d", "1Gi")
    ///     .customize(|p| p.spec.as_mut().unwrap().volume_attributes_class_name = Some("gold".into()))
    ///     .build()?;
    /// assert!(pvc.spec.unwrap().volume_attributes_class_name.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(
        mut self,
        f: impl Fn(&mut PersistentVolumeClaim) + Send + Sync + 'static,
    ) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// The claim, with customizers applied, not validated (a StatefulSet validates its
    /// templates as a whole).
    pub(crate) fn assemble(self) -> PersistentVolumeClaim {
        let mut spec = self.spec;
        spec.access_modes = Some(modes_or_default(self.modes));
        let mut pvc = PersistentVolumeClaim {
            metadata: self.meta,
            spec: Some(spec),
            ..PersistentVolumeClaim::default()
        };
        for f in &self.customizers {
            f(&mut pvc);
        }
        pvc
    }

    /// Assembles the claim and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found (RULES.md §8.1), e.g.
    /// `spec.resources[storage]: Invalid value: "0": must be greater than zero`.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::PersistentVolumeClaimBuilder::new("d", "0").build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(), "spec.resources[storage]: Invalid value: \"0\": must be greater than zero");
    /// ```
    pub fn build(self) -> Result<PersistentVolumeClaim, Error> {
        let options = self.options;
        let pvc = self.assemble();
        validate::check_with(&pvc, options, Vec::new())?;
        Ok(pvc)
    }
}

type PvCustomizer = Arc<dyn Fn(&mut PersistentVolume) + Send + Sync>;

/// Builds a PersistentVolume: a piece of storage an administrator creates by hand (static
/// provisioning), cluster-scoped.
///
/// Each constructor names the volume source (`hostPath`, `nfs`, `csi`, `local`); `local`
/// takes the node the disk is attached to, because Kubernetes requires node affinity for
/// it. The access mode defaults to `ReadWriteOnce`.
///
/// # Examples
///
/// ```
/// use kubeforge::{AccessMode, PersistentVolumeBuilder, ReclaimPolicy};
/// let pv = PersistentVolumeBuilder::nfs("share-01", "100Gi", "nfs.example.com", "/exports/share")
///     .access_mode(AccessMode::ReadWriteMany)
///     .reclaim_policy(ReclaimPolicy::Retain)
///     .claim_ref("shop", "uploads")
///     .build()?;
/// let spec = pv.spec.unwrap();
/// assert_eq!(spec.nfs.unwrap().server, "nfs.example.com");
/// assert_eq!(spec.claim_ref.unwrap().name.as_deref(), Some("uploads"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct PersistentVolumeBuilder {
    meta: ObjectMeta,
    modes: Vec<AccessMode>,
    spec: PersistentVolumeSpec,
    misuse: Vec<String>,
    customizers: Vec<PvCustomizer>,
    options: Options,
}

impl std::fmt::Debug for PersistentVolumeBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersistentVolumeBuilder")
            .field("meta", &self.meta)
            .field("modes", &self.modes)
            .field("spec", &self.spec)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl PersistentVolumeBuilder {
    fn with(
        name: impl Into<String>,
        capacity: impl IntoQuantity,
        f: impl FnOnce(&mut PersistentVolumeSpec),
    ) -> Self {
        let mut spec = PersistentVolumeSpec {
            capacity: Some(BTreeMap::from([(
                "storage".to_owned(),
                capacity.into_quantity(),
            )])),
            ..PersistentVolumeSpec::default()
        };
        f(&mut spec);
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            modes: Vec::new(),
            spec,
            misuse: Vec::new(),
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    /// A directory of one node (`hostPath`): for single-node test clusters only, as pods on
    /// other nodes see another directory.
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::host_path("pv-test", "1Gi", "/mnt/data").build()?;
    /// assert_eq!(pv.spec.unwrap().host_path.unwrap().path, "/mnt/data");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn host_path(
        name: impl Into<String>,
        capacity: impl IntoQuantity,
        path: impl Into<String>,
    ) -> Self {
        let path = path.into();
        Self::with(name, capacity, |s| {
            s.host_path = Some(HostPathVolumeSource { path, type_: None });
        })
    }

    /// An NFS export (`nfs.server`, absolute `nfs.path`).
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::nfs("pv-nfs", "10Gi", "10.0.0.5", "/srv/nfs").build()?;
    /// assert_eq!(pv.spec.unwrap().nfs.unwrap().path, "/srv/nfs");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn nfs(
        name: impl Into<String>,
        capacity: impl IntoQuantity,
        server: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        let (server, path) = (server.into(), path.into());
        Self::with(name, capacity, |s| {
            s.nfs = Some(NFSVolumeSource {
                server,
                path,
                read_only: None,
            });
        })
    }

    /// A volume of a CSI driver that already exists in the storage system
    /// (`csi.driver`, `csi.volumeHandle`).
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::csi("pv-ebs", "20Gi", "ebs.csi.aws.com", "vol-0123456789abcdef0")
    ///     .csi_fs_type("ext4").build()?;
    /// let csi = pv.spec.unwrap().csi.unwrap();
    /// assert_eq!(csi.volume_handle, "vol-0123456789abcdef0");
    /// assert_eq!(csi.fs_type.as_deref(), Some("ext4"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn csi(
        name: impl Into<String>,
        capacity: impl IntoQuantity,
        driver: impl Into<String>,
        volume_handle: impl Into<String>,
    ) -> Self {
        let (driver, volume_handle) = (driver.into(), volume_handle.into());
        Self::with(name, capacity, |s| {
            s.csi = Some(CSIPersistentVolumeSource {
                driver,
                volume_handle,
                ..CSIPersistentVolumeSource::default()
            });
        })
    }

    /// A disk or directory of the node `hostname` (`local`), with the required node affinity
    /// (`kubernetes.io/hostname In [hostname]`): pods using it are scheduled on that node.
    /// Use it with a StorageClass in `WaitForFirstConsumer` mode.
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::local("pv-local-0", "100Gi", "/mnt/disks/ssd1", "worker-1").build()?;
    /// let spec = pv.spec.unwrap();
    /// assert_eq!(spec.local.unwrap().path, "/mnt/disks/ssd1");
    /// let term = &spec.node_affinity.unwrap().required.unwrap().node_selector_terms[0];
    /// assert_eq!(term.match_expressions.as_ref().unwrap()[0].values.as_ref().unwrap()[0], "worker-1");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn local(
        name: impl Into<String>,
        capacity: impl IntoQuantity,
        path: impl Into<String>,
        hostname: impl Into<String>,
    ) -> Self {
        let (path, hostname) = (path.into(), hostname.into());
        Self::with(name, capacity, |s| {
            s.local = Some(LocalVolumeSource {
                path,
                fs_type: None,
            });
            s.node_affinity = Some(VolumeNodeAffinity {
                required: Some(NodeSelector {
                    node_selector_terms: vec![NodeSelectorTerm {
                        match_expressions: Some(vec![NodeSelectorRequirement {
                            key: "kubernetes.io/hostname".into(),
                            operator: "In".into(),
                            values: Some(vec![hostname]),
                        }]),
                        ..NodeSelectorTerm::default()
                    }],
                }),
            });
        })
    }

    metadata_setters!("PersistentVolumeBuilder::host_path(\"pv\", \"1Gi\", \"/mnt\")");

    /// Adds an access mode the volume supports (the first call replaces the `ReadWriteOnce`
    /// default).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{AccessMode, PersistentVolumeBuilder};
    /// let pv = PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "/x").access_mode(AccessMode::ReadWriteMany).build()?;
    /// assert_eq!(pv.spec.unwrap().access_modes.unwrap(), ["ReadWriteMany"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn access_mode(mut self, mode: AccessMode) -> Self {
        self.modes.push(mode);
        self
    }

    /// What happens to the volume when its claim is released (default `Retain` for
    /// hand-made volumes).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{PersistentVolumeBuilder, ReclaimPolicy};
    /// let pv = PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "/x").reclaim_policy(ReclaimPolicy::Delete).build()?;
    /// assert_eq!(pv.spec.unwrap().persistent_volume_reclaim_policy.as_deref(), Some("Delete"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn reclaim_policy(mut self, policy: ReclaimPolicy) -> Self {
        self.spec.persistent_volume_reclaim_policy = Some(policy.as_str().to_owned());
        self
    }

    /// The class of the volume: only claims asking for this class bind to it.
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "/x").storage_class_name("manual").build()?;
    /// assert_eq!(pv.spec.unwrap().storage_class_name.as_deref(), Some("manual"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn storage_class_name(mut self, class: impl ObjectName) -> Self {
        self.spec.storage_class_name = Some(class.object_name());
        self
    }

    /// A file system (default) or a raw block device.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{PersistentVolumeBuilder, VolumeMode};
    /// let pv = PersistentVolumeBuilder::local("pv", "1Gi", "/dev/sdb", "n1").volume_mode(VolumeMode::Block).build()?;
    /// assert_eq!(pv.spec.unwrap().volume_mode.as_deref(), Some("Block"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn volume_mode(mut self, mode: VolumeMode) -> Self {
        self.spec.volume_mode = Some(mode.as_str().to_owned());
        self
    }

    /// Adds a mount option (`mountOptions`, e.g. `nfsvers=4.1`; not validated by Kubernetes,
    /// a wrong one fails the mount).
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "/x").mount_option("nfsvers=4.1").build()?;
    /// assert_eq!(pv.spec.unwrap().mount_options.unwrap(), ["nfsvers=4.1"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn mount_option(mut self, option: impl Into<String>) -> Self {
        self.spec
            .mount_options
            .get_or_insert_with(Vec::new)
            .push(option.into());
        self
    }

    /// Pre-binds the volume to the claim `namespace/name` (`claimRef`): no other claim can
    /// take it.
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "/x").claim_ref("shop", "uploads").build()?;
    /// let r = pv.spec.unwrap().claim_ref.unwrap();
    /// assert_eq!((r.namespace.as_deref(), r.name.as_deref()), (Some("shop"), Some("uploads")));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn claim_ref(mut self, namespace: impl Into<String>, claim: impl ObjectName) -> Self {
        self.spec.claim_ref = Some(ObjectReference {
            api_version: Some("v1".into()),
            kind: Some("PersistentVolumeClaim".into()),
            namespace: Some(namespace.into()),
            name: Some(claim.object_name()),
            ..ObjectReference::default()
        });
        self
    }

    /// The file system of a CSI or local volume (`fsType`, e.g. `ext4`, `xfs`).
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::local("pv", "1Gi", "/mnt/d", "n1").csi_fs_type("xfs").build()?;
    /// assert_eq!(pv.spec.unwrap().local.unwrap().fs_type.as_deref(), Some("xfs"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn csi_fs_type(mut self, fs_type: impl Into<String>) -> Self {
        let fs_type = Some(fs_type.into());
        if let Some(csi) = &mut self.spec.csi {
            csi.fs_type = fs_type;
        } else if let Some(local) = &mut self.spec.local {
            local.fs_type = fs_type;
        } else {
            self.misuse
                .push("csi_fs_type() applies only to csi and local volumes".into());
        }
        self
    }

    /// Adds a CSI volume attribute (`csi.volumeAttributes`, driver-specific).
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::csi("pv", "1Gi", "nfs.csi.k8s.io", "h").csi_volume_attribute("share", "/x").build()?;
    /// assert_eq!(pv.spec.unwrap().csi.unwrap().volume_attributes.unwrap()["share"], "/x");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn csi_volume_attribute(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        if let Some(csi) = &mut self.spec.csi {
            csi.volume_attributes
                .get_or_insert_with(BTreeMap::new)
                .insert(key.into(), value.into());
        } else {
            self.misuse
                .push("csi_volume_attribute() applies only to csi volumes".into());
        }
        self
    }

    options_setter!("PersistentVolumeBuilder::nfs(\"pv\", \"1Gi\", \"nfs\", \"/x\")");

    /// Edits the raw volume before validation (escape hatch for any field).
    ///
    /// # Examples
    ///
    /// ```
    /// let pv = kubeforge::PersistentVolumeBuilder::host_path("pv", "1Gi", "/mnt/data")
    ///     .customize(|pv| pv.spec.as_mut().unwrap().host_path.as_mut().unwrap().type_ = Some("DirectoryOrCreate".into()))
    ///     .build()?;
    /// assert!(pv.spec.unwrap().host_path.unwrap().type_.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut PersistentVolume) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the volume and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found (RULES.md §8.2), e.g. a relative NFS path.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::PersistentVolumeBuilder::nfs("pv", "1Gi", "nfs", "exports").build().unwrap_err();
    /// assert_eq!(err.violations()[0].path(), "spec.nfs.path");
    /// ```
    pub fn build(self) -> Result<PersistentVolume, Error> {
        let name = self.meta.name.clone().unwrap_or_default();
        let misuse: Vec<Violation> = self
            .misuse
            .into_iter()
            .map(|m| {
                Violation::new(
                    "spec".into(),
                    ViolationKind::Invalid,
                    Some(quote(&name)),
                    Some(m),
                )
            })
            .collect();
        let mut spec = self.spec;
        spec.access_modes = Some(modes_or_default(self.modes));
        let mut pv = PersistentVolume {
            metadata: self.meta,
            spec: Some(spec),
            ..PersistentVolume::default()
        };
        for f in &self.customizers {
            f(&mut pv);
        }
        validate::check_with(&pv, self.options, misuse)?;
        Ok(pv)
    }

    /// What the hostPath must be on the node (`hostPath.type`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{HostPathType, PersistentVolumeBuilder};
    /// let pv = PersistentVolumeBuilder::host_path("pv", "1Gi", "/mnt/data").host_path_type(HostPathType::DirectoryOrCreate).build()?;
    /// assert_eq!(pv.spec.unwrap().host_path.unwrap().type_.as_deref(), Some("DirectoryOrCreate"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn host_path_type(mut self, ty: HostPathType) -> Self {
        if let Some(hp) = &mut self.spec.host_path {
            hp.type_ = Some(ty.as_str().to_owned());
        } else {
            self.misuse
                .push("host_path_type() applies only to hostPath volumes".into());
        }
        self
    }
}

type ScCustomizer = Arc<dyn Fn(&mut StorageClass) + Send + Sync>;

/// Builds a StorageClass: a kind of storage a provisioner creates volumes of on demand.
///
/// # Examples
///
/// ```
/// use kubeforge::{ReclaimPolicy, StorageClassBuilder, VolumeBindingMode};
/// let class = StorageClassBuilder::new("fast-ssd", "ebs.csi.aws.com")
///     .parameter("type", "gp3")
///     .reclaim_policy(ReclaimPolicy::Retain)
///     .volume_binding_mode(VolumeBindingMode::WaitForFirstConsumer)
///     .allow_volume_expansion(true)
///     .default_class()
///     .build()?;
/// assert_eq!(class.provisioner, "ebs.csi.aws.com");
/// assert_eq!(class.metadata.annotations.unwrap()["storageclass.kubernetes.io/is-default-class"], "true");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct StorageClassBuilder {
    class: StorageClass,
    customizers: Vec<ScCustomizer>,
    options: Options,
}

impl std::fmt::Debug for StorageClassBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StorageClassBuilder")
            .field("class", &self.class)
            .field("customizers", &self.customizers.len())
            .finish_non_exhaustive()
    }
}

impl StorageClassBuilder {
    /// A class named `name` (a DNS-1123 subdomain) served by `provisioner` (a CSI driver
    /// name such as `ebs.csi.aws.com`, `driver.longhorn.io`, `rook-ceph.rbd.csi.ceph.com`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("longhorn", "driver.longhorn.io").build()?;
    /// assert_eq!(c.metadata.name.as_deref(), Some("longhorn"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>, provisioner: impl Into<String>) -> Self {
        Self {
            class: StorageClass {
                metadata: ObjectMeta {
                    name: Some(name.into()),
                    ..ObjectMeta::default()
                },
                provisioner: provisioner.into(),
                ..StorageClass::default()
            },
            customizers: Vec::new(),
            options: Options::default(),
        }
    }

    /// Adds a label.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("c", "p.example.com").label("tier", "gold").build()?;
    /// assert_eq!(c.metadata.labels.unwrap()["tier"], "gold");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.class
            .metadata
            .labels
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds an annotation.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("c", "p.example.com").annotation("owner", "storage-team").build()?;
    /// assert_eq!(c.metadata.annotations.unwrap()["owner"], "storage-team");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.class
            .metadata
            .annotations
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Makes this class the cluster's default (annotation
    /// `storageclass.kubernetes.io/is-default-class: "true"`): claims without a
    /// `storageClassName` use it. Keep one default per cluster.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("standard", "p.example.com").default_class().build()?;
    /// assert_eq!(c.metadata.annotations.unwrap()["storageclass.kubernetes.io/is-default-class"], "true");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn default_class(self) -> Self {
        self.annotation(DEFAULT_CLASS_ANNOTATION, "true")
    }

    /// Adds a provisioner parameter (`parameters`, free-form, provisioner-specific).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("c", "ebs.csi.aws.com").parameter("type", "gp3").build()?;
    /// assert_eq!(c.parameters.unwrap()["type"], "gp3");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn parameter(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.class
            .parameters
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), value.into());
        self
    }

    /// Adds several provisioner parameters.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("c", "rbd.csi.ceph.com")
    ///     .parameters([("clusterID", "ceph"), ("pool", "kube")]).build()?;
    /// assert_eq!(c.parameters.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn parameters<I, K, V>(mut self, parameters: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        for (k, v) in parameters {
            self = self.parameter(k, v);
        }
        self
    }

    /// What happens to provisioned volumes when their claim is deleted (default `Delete`;
    /// `Recycle` is rejected for a StorageClass).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ReclaimPolicy, StorageClassBuilder};
    /// let c = StorageClassBuilder::new("c", "p.example.com").reclaim_policy(ReclaimPolicy::Retain).build()?;
    /// assert_eq!(c.reclaim_policy.as_deref(), Some("Retain"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn reclaim_policy(mut self, policy: ReclaimPolicy) -> Self {
        self.class.reclaim_policy = Some(policy.as_str().to_owned());
        self
    }

    /// When volumes are provisioned and bound (default `Immediate`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{StorageClassBuilder, VolumeBindingMode};
    /// let c = StorageClassBuilder::new("c", "p.example.com").volume_binding_mode(VolumeBindingMode::WaitForFirstConsumer).build()?;
    /// assert_eq!(c.volume_binding_mode.as_deref(), Some("WaitForFirstConsumer"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn volume_binding_mode(mut self, mode: VolumeBindingMode) -> Self {
        self.class.volume_binding_mode = Some(mode.as_str().to_owned());
        self
    }

    /// Whether a claim of this class can be grown by editing its request.
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("c", "p.example.com").allow_volume_expansion(true).build()?;
    /// assert_eq!(c.allow_volume_expansion, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn allow_volume_expansion(mut self, allow: bool) -> Self {
        self.class.allow_volume_expansion = Some(allow);
        self
    }

    /// Adds a mount option of the provisioned volumes (`mountOptions`, not validated by
    /// Kubernetes).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("c", "nfs.csi.k8s.io").mount_option("nfsvers=4.1").build()?;
    /// assert_eq!(c.mount_options.unwrap(), ["nfsvers=4.1"]);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn mount_option(mut self, option: impl Into<String>) -> Self {
        self.class
            .mount_options
            .get_or_insert_with(Vec::new)
            .push(option.into());
        self
    }

    options_setter!("StorageClassBuilder::new(\"c\", \"p.example.com\")");

    /// Edits the raw StorageClass before validation (escape hatch, e.g. `allowedTopologies`).
    ///
    /// # Examples
    ///
    /// ```
    /// let c = kubeforge::StorageClassBuilder::new("c", "p.example.com")
    ///     .customize(|c| c.metadata.finalizers = Some(vec!["example.com/keep".into()]))
    ///     .build()?;
    /// assert!(c.metadata.finalizers.is_some());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn customize(mut self, f: impl Fn(&mut StorageClass) + Send + Sync + 'static) -> Self {
        self.customizers.push(Arc::new(f));
        self
    }

    /// Assembles the StorageClass and validates it.
    ///
    /// # Errors
    ///
    /// Every violation found (RULES.md §8.3), e.g.
    /// `reclaimPolicy: Unsupported value: "Recycle": supported values: "Delete", "Retain"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ReclaimPolicy, StorageClassBuilder};
    /// let err = StorageClassBuilder::new("c", "p.example.com").reclaim_policy(ReclaimPolicy::Recycle).build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(),
    ///     "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"");
    /// ```
    pub fn build(self) -> Result<StorageClass, Error> {
        let mut class = self.class;
        for f in &self.customizers {
            f(&mut class);
        }
        validate::check_with(&class, self.options, Vec::new())?;
        Ok(class)
    }
}
