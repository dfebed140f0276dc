//! Volumes and mounts: emptyDir, hostPath, configMap, secret, persistentVolumeClaim, nfs, cephfs,
//! projected and downwardAPI (the course's storage sections).
//!
//! A [`VolumeBuilder`] is usually handed to [`ContainerBuilder::mount`](crate::ContainerBuilder::mount),
//! which mounts it in the container **and** declares it on the pod in one call.

use k8s_openapi::api::core::v1::{
    CephFSVolumeSource, ConfigMapProjection, ConfigMapVolumeSource, DownwardAPIProjection,
    DownwardAPIVolumeFile, DownwardAPIVolumeSource, EmptyDirVolumeSource, HostPathVolumeSource,
    KeyToPath, LocalObjectReference, NFSVolumeSource, PersistentVolumeClaimVolumeSource,
    ProjectedVolumeSource, SecretProjection, SecretVolumeSource, ServiceAccountTokenProjection,
    Volume, VolumeMount, VolumeProjection,
};

use crate::env::{FieldRef, ObjectName, ResourceField};
use crate::resources::IntoQuantity;

/// The `type` of a hostPath volume: what must exist on the node.
///
/// # Examples
///
/// ```
/// assert_eq!(kubeforge::HostPathType::Directory.as_str(), "Directory");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HostPathType {
    /// No check (`""`).
    Unset,
    /// Created (0755) if missing.
    DirectoryOrCreate,
    /// Must exist and be a directory.
    Directory,
    /// Created (0644) if missing.
    FileOrCreate,
    /// Must exist and be a file.
    File,
    /// A UNIX socket.
    Socket,
    /// A character device.
    CharDevice,
    /// A block device.
    BlockDevice,
}

impl HostPathType {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::HostPathType::FileOrCreate.as_str(), "FileOrCreate");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unset => "",
            Self::DirectoryOrCreate => "DirectoryOrCreate",
            Self::Directory => "Directory",
            Self::FileOrCreate => "FileOrCreate",
            Self::File => "File",
            Self::Socket => "Socket",
            Self::CharDevice => "CharDevice",
            Self::BlockDevice => "BlockDevice",
        }
    }
}

/// Builds one pod volume.
///
/// Setters that only make sense for some sources (`item`, `default_mode`, `optional`, ...) apply
/// to the source the builder was created with; on another source they are reported as a
/// violation by `build()` of the pod, never silently dropped.
///
/// # Examples
///
/// ```
/// use kubeforge::VolumeBuilder;
/// let v = VolumeBuilder::config_map("config", "app-config")
///     .item("app.conf", "app.conf")
///     .default_mode(0o440)
///     .into_volume();
/// let cm = v.config_map.unwrap();
/// assert_eq!(cm.default_mode, Some(288));
/// assert_eq!(cm.items.unwrap()[0].key, "app.conf");
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct VolumeBuilder {
    /// The volume's name, except for [`Source::Full`], which holds its own.
    name: String,
    source: Source,
    misuse: Vec<String>,
}

/// The source of a [`VolumeBuilder`]'s volume.
///
/// A k8s-openapi `Volume` is over 3 KiB (one `Option` per source kind); a builder keeps only its
/// one source, so it moves cheaply and needs no heap allocation of its own. The `Volume` is
/// written once, in place, in the list that declares it.
#[derive(Clone, Debug)]
enum Source {
    EmptyDir(EmptyDirVolumeSource),
    HostPath(HostPathVolumeSource),
    ConfigMap(ConfigMapVolumeSource),
    Secret(SecretVolumeSource),
    Claim(PersistentVolumeClaimVolumeSource),
    Nfs(NFSVolumeSource),
    CephFs(CephFSVolumeSource),
    Projected(ProjectedVolumeSource),
    DownwardApi(DownwardAPIVolumeSource),
    /// Any volume: from [`VolumeBuilder::from_volume`], or once
    /// [`VolumeBuilder::customize`] has edited it.
    Full(Box<Volume>),
}

impl Source {
    /// Sets this source on `v` (a `Full` volume replaces `v`).
    fn put_into(self, v: &mut Volume) {
        match self {
            Self::EmptyDir(s) => v.empty_dir = Some(s),
            Self::HostPath(s) => v.host_path = Some(s),
            Self::ConfigMap(s) => v.config_map = Some(s),
            Self::Secret(s) => v.secret = Some(s),
            Self::Claim(s) => v.persistent_volume_claim = Some(s),
            Self::Nfs(s) => v.nfs = Some(s),
            Self::CephFs(s) => v.cephfs = Some(s),
            Self::Projected(s) => v.projected = Some(s),
            Self::DownwardApi(s) => v.downward_api = Some(s),
            Self::Full(full) => *v = *full,
        }
    }
}

/// `fn $name(&mut self) -> Option<&mut $ty>`: the builder's `$field` source, if it has one.
macro_rules! source_mut {
    ($($name:ident: $variant:ident, $field:ident, $ty:ty;)*) => {
        $(
            fn $name(&mut self) -> Option<&mut $ty> {
                match &mut self.source {
                    Source::$variant(s) => Some(s),
                    Source::Full(v) => v.$field.as_mut(),
                    _ => None,
                }
            }
        )*
    };
}

impl VolumeBuilder {
    fn with(name: impl Into<String>, source: Source) -> Self {
        Self {
            name: name.into(),
            source,
            misuse: Vec::new(),
        }
    }

    source_mut! {
        empty_dir_mut: EmptyDir, empty_dir, EmptyDirVolumeSource;
        host_path_mut: HostPath, host_path, HostPathVolumeSource;
        config_map_mut: ConfigMap, config_map, ConfigMapVolumeSource;
        secret_mut: Secret, secret, SecretVolumeSource;
        claim_mut: Claim, persistent_volume_claim, PersistentVolumeClaimVolumeSource;
        nfs_mut: Nfs, nfs, NFSVolumeSource;
        cephfs_mut: CephFs, cephfs, CephFSVolumeSource;
        projected_mut: Projected, projected, ProjectedVolumeSource;
        downward_api_mut: DownwardApi, downward_api, DownwardAPIVolumeSource;
    }

    /// Starts from a plain k8s-openapi volume (any source, even those without a constructor here).
    ///
    /// # Examples
    ///
    /// ```
    /// use k8s_openapi::api::core::v1::Volume;
    /// let v = kubeforge::VolumeBuilder::from_volume(Volume { name: "x".into(), ..Default::default() });
    /// assert_eq!(v.name(), "x");
    /// ```
    pub fn from_volume(volume: Volume) -> Self {
        Self::with(String::new(), Source::Full(Box::new(volume)))
    }

    /// A scratch directory that lives as long as the pod (`emptyDir: {}`).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::empty_dir("cache").into_volume();
    /// assert!(v.empty_dir.is_some());
    /// ```
    pub fn empty_dir(name: impl Into<String>) -> Self {
        Self::with(name, Source::EmptyDir(EmptyDirVolumeSource::default()))
    }

    /// Backs an emptyDir with RAM (`medium: Memory`, a tmpfs; counts against memory limits).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::empty_dir("tmp").medium_memory().into_volume();
    /// assert_eq!(v.empty_dir.unwrap().medium.as_deref(), Some("Memory"));
    /// ```
    pub fn medium_memory(mut self) -> Self {
        match self.empty_dir_mut() {
            Some(ed) => ed.medium = Some("Memory".into()),
            None => self
                .misuse
                .push("medium_memory() applies only to emptyDir volumes".into()),
        }
        self
    }

    /// Caps an emptyDir's size (`sizeLimit`), e.g. `"64Mi"` or `Quantity::mebibytes(64)`.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::empty_dir("tmp").size_limit("64Mi").into_volume();
    /// assert_eq!(v.empty_dir.unwrap().size_limit.unwrap().0, "64Mi");
    /// ```
    pub fn size_limit(mut self, limit: impl IntoQuantity) -> Self {
        match self.empty_dir_mut() {
            Some(ed) => ed.size_limit = Some(limit.into_quantity()),
            None => self
                .misuse
                .push("size_limit() applies only to emptyDir volumes".into()),
        }
        self
    }

    /// A file or directory of the node (`hostPath`). Avoid in multi-tenant clusters.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{HostPathType, VolumeBuilder};
    /// let v = VolumeBuilder::host_path("test-volume", "/data").host_path_type(HostPathType::Directory).into_volume();
    /// assert_eq!(v.host_path.unwrap().type_.as_deref(), Some("Directory"));
    /// ```
    pub fn host_path(name: impl Into<String>, path: impl Into<String>) -> Self {
        let path = path.into();
        Self::with(
            name,
            Source::HostPath(HostPathVolumeSource { path, type_: None }),
        )
    }

    /// What the hostPath must be on the node.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::{HostPathType, VolumeBuilder};
    /// let v = VolumeBuilder::host_path("h", "/run/x.sock").host_path_type(HostPathType::Socket).into_volume();
    /// assert_eq!(v.host_path.unwrap().type_.as_deref(), Some("Socket"));
    /// ```
    pub fn host_path_type(mut self, ty: HostPathType) -> Self {
        match self.host_path_mut() {
            Some(hp) => hp.type_ = Some(ty.as_str().to_owned()),
            None => self
                .misuse
                .push("host_path_type() applies only to hostPath volumes".into()),
        }
        self
    }

    /// The keys of a ConfigMap as files (`configMap`).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::config_map("config-volume", "mysql-config").into_volume();
    /// assert_eq!(v.config_map.unwrap().name, "mysql-config");
    /// ```
    pub fn config_map(name: impl Into<String>, config_map: impl ObjectName) -> Self {
        let cm = config_map.object_name();
        Self::with(
            name,
            Source::ConfigMap(ConfigMapVolumeSource {
                name: cm,
                ..ConfigMapVolumeSource::default()
            }),
        )
    }

    /// The keys of a Secret as files (`secret`). Mounted on a tmpfs: the data never hits the node's disk.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::secret("my-cert", "my-cert").into_volume();
    /// assert_eq!(v.secret.unwrap().secret_name.as_deref(), Some("my-cert"));
    /// ```
    pub fn secret(name: impl Into<String>, secret: impl ObjectName) -> Self {
        let s = secret.object_name();
        Self::with(
            name,
            Source::Secret(SecretVolumeSource {
                secret_name: Some(s),
                ..SecretVolumeSource::default()
            }),
        )
    }

    fn items_mut(&mut self, what: &str) -> Option<&mut Vec<KeyToPath>> {
        match &mut self.source {
            Source::ConfigMap(cm) => return Some(cm.items.get_or_insert_with(Vec::new)),
            Source::Secret(s) => return Some(s.items.get_or_insert_with(Vec::new)),
            Source::Full(v) => {
                if let Some(cm) = &mut v.config_map {
                    return Some(cm.items.get_or_insert_with(Vec::new));
                }
                if let Some(s) = &mut v.secret {
                    return Some(s.items.get_or_insert_with(Vec::new));
                }
            }
            _ => {}
        }
        self.misuse.push(format!(
            "{what} applies only to configMap and secret volumes"
        ));
        None
    }

    /// Projects only `key`, as the file `path` (relative). Without items every key is a file.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::secret("cert", "my-cert").item("mycert.pem", "mycert.pem").into_volume();
    /// assert_eq!(v.secret.unwrap().items.unwrap()[0].path, "mycert.pem");
    /// ```
    pub fn item(mut self, key: impl Into<String>, path: impl Into<String>) -> Self {
        let item = KeyToPath {
            key: key.into(),
            path: path.into(),
            mode: None,
            ..KeyToPath::default()
        };
        if let Some(items) = self.items_mut("item()") {
            items.push(item);
        }
        self
    }

    /// Like [`item`](Self::item), with the file's permission bits (`mode`, e.g. `0o400`).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::secret("k", "tls").item_with_mode("tls.key", "tls.key", 0o400).into_volume();
    /// assert_eq!(v.secret.unwrap().items.unwrap()[0].mode, Some(256));
    /// ```
    pub fn item_with_mode(
        mut self,
        key: impl Into<String>,
        path: impl Into<String>,
        mode: i32,
    ) -> Self {
        let item = KeyToPath {
            key: key.into(),
            path: path.into(),
            mode: Some(mode),
            ..KeyToPath::default()
        };
        if let Some(items) = self.items_mut("item_with_mode()") {
            items.push(item);
        }
        self
    }

    /// Permission bits of the projected files (`defaultMode`; 0 to 0o777).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::config_map("c", "cfg").default_mode(0o644).into_volume();
    /// assert_eq!(v.config_map.unwrap().default_mode, Some(420));
    /// ```
    pub fn default_mode(mut self, mode: i32) -> Self {
        if let Some(cm) = self.config_map_mut() {
            cm.default_mode = Some(mode);
        } else if let Some(s) = self.secret_mut() {
            s.default_mode = Some(mode);
        } else if let Some(p) = self.projected_mut() {
            p.default_mode = Some(mode);
        } else if let Some(d) = self.downward_api_mut() {
            d.default_mode = Some(mode);
        } else {
            self.misuse.push("default_mode() applies only to configMap, secret, projected and downwardAPI volumes".into());
        }
        self
    }

    /// Whether the pod may start when the ConfigMap/Secret (or a listed key) is missing.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::config_map("c", "cfg").optional(true).into_volume();
    /// assert_eq!(v.config_map.unwrap().optional, Some(true));
    /// ```
    pub fn optional(mut self, optional: bool) -> Self {
        if let Some(cm) = self.config_map_mut() {
            cm.optional = Some(optional);
        } else if let Some(s) = self.secret_mut() {
            s.optional = Some(optional);
        } else {
            self.misuse
                .push("optional() applies only to configMap and secret volumes".into());
        }
        self
    }

    /// A PersistentVolumeClaim (`persistentVolumeClaim.claimName`): storage that outlives the pod.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::persistent_volume_claim("data", "app-data").into_volume();
    /// assert_eq!(v.persistent_volume_claim.unwrap().claim_name, "app-data");
    /// ```
    pub fn persistent_volume_claim(name: impl Into<String>, claim: impl ObjectName) -> Self {
        let claim_name = claim.object_name();
        Self::with(
            name,
            Source::Claim(PersistentVolumeClaimVolumeSource {
                claim_name,
                read_only: None,
            }),
        )
    }

    /// Mounts the claim (or the NFS / CephFS share) read-only at the volume level.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::persistent_volume_claim("d", "c").read_only().into_volume();
    /// assert_eq!(v.persistent_volume_claim.unwrap().read_only, Some(true));
    /// ```
    pub fn read_only(mut self) -> Self {
        if let Some(p) = self.claim_mut() {
            p.read_only = Some(true);
        } else if let Some(n) = self.nfs_mut() {
            n.read_only = Some(true);
        } else if let Some(c) = self.cephfs_mut() {
            c.read_only = Some(true);
        } else {
            self.misuse.push("read_only() applies only to persistentVolumeClaim, nfs and cephfs volumes; use Mount::read_only() for a mount".into());
        }
        self
    }

    /// An NFS export (`nfs.server`, absolute `nfs.path`).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::nfs("share", "nfs.example.com", "/exports/app").into_volume();
    /// assert_eq!(v.nfs.unwrap().path, "/exports/app");
    /// ```
    pub fn nfs(
        name: impl Into<String>,
        server: impl Into<String>,
        path: impl Into<String>,
    ) -> Self {
        let (server, path) = (server.into(), path.into());
        Self::with(
            name,
            Source::Nfs(NFSVolumeSource {
                server,
                path,
                read_only: None,
            }),
        )
    }

    /// A CephFS share (`cephfs.monitors`). Deprecated since 1.28 and non-functional from 1.31: the
    /// engine warns; prefer a CSI driver through a PVC.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::cephfs("ceph", ["10.0.0.1:6789"]).cephfs_path("/app").into_volume();
    /// assert_eq!(v.cephfs.unwrap().monitors, vec!["10.0.0.1:6789".to_string()]);
    /// ```
    pub fn cephfs<I, S>(name: impl Into<String>, monitors: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let monitors = monitors.into_iter().map(Into::into).collect();
        Self::with(
            name,
            Source::CephFs(CephFSVolumeSource {
                monitors,
                ..CephFSVolumeSource::default()
            }),
        )
    }

    /// The CephFS path to mount (`cephfs.path`, default `/`).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::cephfs("c", ["m:6789"]).cephfs_path("/x").into_volume();
    /// assert_eq!(v.cephfs.unwrap().path.as_deref(), Some("/x"));
    /// ```
    pub fn cephfs_path(mut self, path: impl Into<String>) -> Self {
        match self.cephfs_mut() {
            Some(c) => c.path = Some(path.into()),
            None => self
                .misuse
                .push("cephfs_path() applies only to cephfs volumes".into()),
        }
        self
    }

    /// The CephFS user and the Secret holding its key (`cephfs.user`, `cephfs.secretRef`).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::cephfs("c", ["m:6789"]).cephfs_user("admin", "ceph-key").into_volume();
    /// assert_eq!(v.cephfs.unwrap().user.as_deref(), Some("admin"));
    /// ```
    pub fn cephfs_user(mut self, user: impl Into<String>, secret: impl ObjectName) -> Self {
        match self.cephfs_mut() {
            Some(c) => {
                c.user = Some(user.into());
                c.secret_ref = Some(LocalObjectReference {
                    name: secret.object_name(),
                });
            }
            None => self
                .misuse
                .push("cephfs_user() applies only to cephfs volumes".into()),
        }
        self
    }

    /// Several sources in one directory (`projected`): add them with the `projected_*` setters.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{FieldRef, VolumeBuilder};
    /// let v = VolumeBuilder::projected("all")
    ///     .projected_config_map("app-config")
    ///     .projected_secret("app-secret")
    ///     .projected_field("labels", FieldRef::PodName)
    ///     .projected_service_account_token("token", 3600, Some("vault"))
    ///     .into_volume();
    /// assert_eq!(v.projected.unwrap().sources.unwrap().len(), 4);
    /// ```
    pub fn projected(name: impl Into<String>) -> Self {
        Self::with(
            name,
            Source::Projected(ProjectedVolumeSource {
                sources: Some(Vec::new()),
                ..ProjectedVolumeSource::default()
            }),
        )
    }

    fn push_projection(mut self, what: &str, p: VolumeProjection) -> Self {
        match self.projected_mut() {
            Some(pr) => pr.sources.get_or_insert_with(Vec::new).push(p),
            None => self
                .misuse
                .push(format!("{what} applies only to projected volumes")),
        }
        self
    }

    /// Adds every key of a ConfigMap to a projected volume.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::projected("p").projected_config_map("cfg").into_volume();
    /// assert!(v.projected.unwrap().sources.unwrap()[0].config_map.is_some());
    /// ```
    pub fn projected_config_map(self, config_map: impl ObjectName) -> Self {
        let p = VolumeProjection {
            config_map: Some(ConfigMapProjection {
                name: config_map.object_name(),
                ..ConfigMapProjection::default()
            }),
            ..VolumeProjection::default()
        };
        self.push_projection("projected_config_map()", p)
    }

    /// Adds every key of a Secret to a projected volume.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::projected("p").projected_secret("s").into_volume();
    /// assert!(v.projected.unwrap().sources.unwrap()[0].secret.is_some());
    /// ```
    pub fn projected_secret(self, secret: impl ObjectName) -> Self {
        let p = VolumeProjection {
            secret: Some(SecretProjection {
                name: secret.object_name(),
                ..SecretProjection::default()
            }),
            ..VolumeProjection::default()
        };
        self.push_projection("projected_secret()", p)
    }

    /// Adds a downward API field as the file `path` of a projected volume.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{FieldRef, VolumeBuilder};
    /// let v = VolumeBuilder::projected("p").projected_field("ns", FieldRef::Namespace).into_volume();
    /// assert!(v.projected.unwrap().sources.unwrap()[0].downward_api.is_some());
    /// ```
    pub fn projected_field(self, path: impl Into<String>, field: FieldRef) -> Self {
        let p = VolumeProjection {
            downward_api: Some(DownwardAPIProjection {
                items: Some(vec![DownwardAPIVolumeFile {
                    path: path.into(),
                    field_ref: Some(field.into_selector()),
                    ..DownwardAPIVolumeFile::default()
                }]),
            }),
            ..VolumeProjection::default()
        };
        self.push_projection("projected_field()", p)
    }

    /// Adds a bound service account token (`serviceAccountToken`; at least 600 s).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::projected("p").projected_service_account_token("token", 600, None).into_volume();
    /// let t = v.projected.unwrap().sources.unwrap()[0].service_account_token.clone().unwrap();
    /// assert_eq!(t.expiration_seconds, Some(600));
    /// ```
    pub fn projected_service_account_token(
        self,
        path: impl Into<String>,
        expiration_seconds: i64,
        audience: Option<&str>,
    ) -> Self {
        let p = VolumeProjection {
            service_account_token: Some(ServiceAccountTokenProjection {
                audience: audience.map(str::to_owned),
                expiration_seconds: Some(expiration_seconds),
                path: path.into(),
                ..ServiceAccountTokenProjection::default()
            }),
            ..VolumeProjection::default()
        };
        self.push_projection("projected_service_account_token()", p)
    }

    /// Pod fields and container resources as files (`downwardAPI`): add them with
    /// [`downward_field`](Self::downward_field) and [`downward_resource`](Self::downward_resource).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{FieldRef, VolumeBuilder};
    /// let v = VolumeBuilder::downward_api("podinfo").downward_field("labels", FieldRef::PodName).into_volume();
    /// assert_eq!(v.downward_api.unwrap().items.unwrap()[0].path, "labels");
    /// ```
    pub fn downward_api(name: impl Into<String>) -> Self {
        Self::with(
            name,
            Source::DownwardApi(DownwardAPIVolumeSource::default()),
        )
    }

    /// Adds a pod field as the file `path` of a downwardAPI volume.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{FieldRef, VolumeBuilder};
    /// let v = VolumeBuilder::downward_api("d").downward_field("ns", FieldRef::Namespace).into_volume();
    /// assert!(v.downward_api.unwrap().items.unwrap()[0].field_ref.is_some());
    /// ```
    pub fn downward_field(mut self, path: impl Into<String>, field: FieldRef) -> Self {
        let item = DownwardAPIVolumeFile {
            path: path.into(),
            field_ref: Some(field.into_selector()),
            ..DownwardAPIVolumeFile::default()
        };
        match self.downward_api_mut() {
            Some(d) => d.items.get_or_insert_with(Vec::new).push(item),
            None => self
                .misuse
                .push("downward_field() applies only to downwardAPI volumes".into()),
        }
        self
    }

    /// Adds a container's resource as the file `path` of a downwardAPI volume.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{ResourceField, VolumeBuilder};
    /// let v = VolumeBuilder::downward_api("d").downward_resource("mem", "app", ResourceField::LimitsMemory).into_volume();
    /// let r = v.downward_api.unwrap().items.unwrap()[0].resource_field_ref.clone().unwrap();
    /// assert_eq!(r.container_name.as_deref(), Some("app"));
    /// ```
    pub fn downward_resource(
        mut self,
        path: impl Into<String>,
        container: impl Into<String>,
        field: ResourceField,
    ) -> Self {
        let mut sel = field.into_selector(None::<&str>);
        sel.container_name = Some(container.into());
        let item = DownwardAPIVolumeFile {
            path: path.into(),
            resource_field_ref: Some(sel),
            ..DownwardAPIVolumeFile::default()
        };
        match self.downward_api_mut() {
            Some(d) => d.items.get_or_insert_with(Vec::new).push(item),
            None => self
                .misuse
                .push("downward_resource() applies only to downwardAPI volumes".into()),
        }
        self
    }

    /// Edits the raw volume (escape hatch for fields without a setter).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::secret("s", "s").customize(|v| v.secret.as_mut().unwrap().optional = Some(false)).into_volume();
    /// assert_eq!(v.secret.unwrap().optional, Some(false));
    /// ```
    pub fn customize(mut self, f: impl FnOnce(&mut Volume)) -> Self {
        if !matches!(self.source, Source::Full(_)) {
            let mut full = Box::<Volume>::default();
            full.name = std::mem::take(&mut self.name);
            let placeholder = Source::EmptyDir(EmptyDirVolumeSource::default());
            std::mem::replace(&mut self.source, placeholder).put_into(&mut full);
            self.source = Source::Full(full);
        }
        if let Source::Full(v) = &mut self.source {
            f(v);
        }
        self
    }

    /// The volume's name.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::VolumeBuilder::empty_dir("tmp").name(), "tmp");
    /// ```
    pub fn name(&self) -> &str {
        match &self.source {
            Source::Full(v) => &v.name,
            _ => &self.name,
        }
    }

    /// The plain volume. Its rules are checked when the pod is built.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = kubeforge::VolumeBuilder::empty_dir("tmp").into_volume();
    /// assert_eq!(v.name, "tmp");
    /// ```
    pub fn into_volume(self) -> Volume {
        let mut v = Volume::default();
        self.write_into(&mut v);
        v
    }

    /// Writes the volume into `slot` (a default `Volume`) and returns the misused setters.
    fn write_into(self, slot: &mut Volume) -> Vec<String> {
        if !matches!(self.source, Source::Full(_)) {
            slot.name = self.name;
        }
        self.source.put_into(slot);
        self.misuse
    }
}

/// Two builders are equal when they build the same volume with the same misused setters.
impl PartialEq for VolumeBuilder {
    fn eq(&self, other: &Self) -> bool {
        self.misuse == other.misuse && self.clone().into_volume() == other.clone().into_volume()
    }
}

impl From<VolumeBuilder> for Volume {
    fn from(b: VolumeBuilder) -> Self {
        b.into_volume()
    }
}

/// How many volume slots a list gets on its first mount.
const FIRST_VOLUMES: usize = 4;

/// The volumes a builder declares (a container's mounts, a pod's own volumes), in order, with
/// the misused setters of each (`(index, message)`).
///
/// Each volume is written in its slot when it is declared; the list of a pod's only container
/// then becomes the pod's `volumes` as is.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Declared {
    pub(crate) volumes: Vec<Volume>,
    pub(crate) misuse: Vec<(usize, String)>,
}

impl Declared {
    pub(crate) fn push(&mut self, volume: VolumeBuilder) {
        let index = self.volumes.len();
        if index == self.volumes.capacity() {
            // Room for a few volumes at once: a `Volume` is over 3 KiB, and growing one slot at
            // a time would copy the list on every mount.
            self.volumes.reserve(index.max(FIRST_VOLUMES));
        }
        // The volume is written in place in its slot, not built elsewhere and copied.
        self.volumes.resize_with(index + 1, Volume::default);
        if let Some(slot) = self.volumes.last_mut() {
            let misuse = volume.write_into(slot);
            self.misuse.extend(misuse.into_iter().map(|m| (index, m)));
        }
    }

    /// No two volumes share a name (so the list can be used as is).
    pub(crate) fn names_unique(&self) -> bool {
        self.volumes.iter().enumerate().all(|(i, v)| {
            self.volumes
                .get(..i)
                .is_none_or(|before| before.iter().all(|b| b.name != v.name))
        })
    }
}

/// Where and how a volume is mounted in a container (`volumeMounts[]` minus the name).
///
/// `"/path"` converts into a plain read-write mount.
///
/// # Examples
///
/// ```
/// use kubeforge::Mount;
/// let m = Mount::at("/etc/app").read_only().sub_path("app.conf");
/// # let _ = m;
/// let plain: Mount = "/cache".into();
/// # let _ = plain;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct Mount {
    path: String,
    read_only: Option<bool>,
    sub_path: Option<String>,
    sub_path_expr: Option<String>,
}

impl Mount {
    /// A mount at `mount_path`.
    ///
    /// # Examples
    ///
    /// ```
    /// let m = kubeforge::Mount::at("/data");
    /// # let _ = m;
    /// ```
    pub fn at(mount_path: impl Into<String>) -> Self {
        Self {
            path: mount_path.into(),
            read_only: None,
            sub_path: None,
            sub_path_expr: None,
        }
    }

    /// Mounts read-only (`readOnly: true`).
    ///
    /// # Examples
    ///
    /// ```
    /// let m = kubeforge::Mount::at("/etc/secret").read_only();
    /// # let _ = m;
    /// ```
    pub fn read_only(mut self) -> Self {
        self.read_only = Some(true);
        self
    }

    /// Mounts one file or sub-directory of the volume (`subPath`, relative). A ConfigMap or Secret
    /// mounted with `subPath` is never updated in a running pod.
    ///
    /// # Examples
    ///
    /// ```
    /// let m = kubeforge::Mount::at("/etc/mysql/my.cnf").sub_path("my.cnf");
    /// # let _ = m;
    /// ```
    pub fn sub_path(mut self, sub_path: impl Into<String>) -> Self {
        self.sub_path = Some(sub_path.into());
        self
    }

    /// Like `subPath`, with `$(VAR)` expanded from the container's env (`subPathExpr`).
    ///
    /// # Examples
    ///
    /// ```
    /// let m = kubeforge::Mount::at("/logs").sub_path_expr("$(POD_NAME)");
    /// # let _ = m;
    /// ```
    pub fn sub_path_expr(mut self, expr: impl Into<String>) -> Self {
        self.sub_path_expr = Some(expr.into());
        self
    }

    pub(crate) fn into_volume_mount(self, name: String) -> VolumeMount {
        VolumeMount {
            name,
            mount_path: self.path,
            read_only: self.read_only,
            sub_path: self.sub_path,
            sub_path_expr: self.sub_path_expr,
            ..VolumeMount::default()
        }
    }
}

impl From<&str> for Mount {
    fn from(path: &str) -> Self {
        Self::at(path)
    }
}

impl From<String> for Mount {
    fn from(path: String) -> Self {
        Self::at(path)
    }
}
