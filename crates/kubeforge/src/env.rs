//! Environment variables of a container: literal values, ConfigMap/Secret keys, the downward
//! API, and `envFrom` whole objects (the course's first section, twelve-factor III).

use k8s_openapi::api::core::v1::{
    ConfigMap, ConfigMapEnvSource, ConfigMapKeySelector, EnvFromSource, EnvVar, EnvVarSource,
    ObjectFieldSelector, PersistentVolumeClaim, ResourceFieldSelector, Secret, SecretEnvSource,
    SecretKeySelector,
};

use crate::resources::IntoQuantity;

/// Anything that names a referenced object: a name, or the object itself.
///
/// Passing the object (`&ConfigMap`, `&Secret`, `&PersistentVolumeClaim`, `&PersistentVolume`,
/// `&StorageClass`, `&Service`) instead of its name
/// keeps the reference in sync with the object it points at.
///
/// # Examples
///
/// ```
/// use kubeforge::{ConfigMapBuilder, ObjectName};
/// let cm = ConfigMapBuilder::new("app-config").data("A", "1").build()?;
/// assert_eq!((&cm).object_name(), "app-config");
/// assert_eq!("other".object_name(), "other");
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub trait ObjectName {
    /// The `metadata.name` of the referenced object.
    fn object_name(self) -> String;
}

impl ObjectName for &str {
    fn object_name(self) -> String {
        self.to_owned()
    }
}

impl ObjectName for String {
    fn object_name(self) -> String {
        self
    }
}

impl ObjectName for &String {
    fn object_name(self) -> String {
        self.clone()
    }
}

macro_rules! object_name_for {
    ($($ty:ty),*) => {$(
        impl ObjectName for &$ty {
            fn object_name(self) -> String {
                self.metadata.name.clone().unwrap_or_default()
            }
        }
    )*};
}
object_name_for!(
    ConfigMap,
    Secret,
    PersistentVolumeClaim,
    k8s_openapi::api::core::v1::PersistentVolume,
    k8s_openapi::api::core::v1::Service,
    k8s_openapi::api::storage::v1::StorageClass
);

/// A reference to one key of a ConfigMap or a Secret, for `env[].valueFrom`.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, KeyRef};
/// let c = ContainerBuilder::new("app", "my-app:1.0")
///     .env_key_ref("DB_PASSWORD", KeyRef::secret("db", "password"))
///     .env_key_ref("FEATURE", KeyRef::config_map("flags", "feature").optional(true))
///     .build()?;
/// let env = c.env.unwrap();
/// assert_eq!(env[1].value_from.as_ref().unwrap().config_map_key_ref.as_ref().unwrap().optional, Some(true));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct KeyRef {
    secret: bool,
    name: String,
    key: String,
    optional: Option<bool>,
}

impl KeyRef {
    /// A key of a ConfigMap (`configMapKeyRef`).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = kubeforge::KeyRef::config_map("mysql-env", "MYSQL_DATABASE");
    /// # let _ = r;
    /// ```
    pub fn config_map(config_map: impl ObjectName, key: impl Into<String>) -> Self {
        Self {
            secret: false,
            name: config_map.object_name(),
            key: key.into(),
            optional: None,
        }
    }

    /// A key of a Secret (`secretKeyRef`).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = kubeforge::KeyRef::secret("db", "password");
    /// # let _ = r;
    /// ```
    pub fn secret(secret: impl ObjectName, key: impl Into<String>) -> Self {
        Self {
            secret: true,
            name: secret.object_name(),
            key: key.into(),
            optional: None,
        }
    }

    /// Whether the container may start when the object or key is missing (`optional`).
    ///
    /// # Examples
    ///
    /// ```
    /// let r = kubeforge::KeyRef::secret("db", "password").optional(true);
    /// # let _ = r;
    /// ```
    pub fn optional(mut self, optional: bool) -> Self {
        self.optional = Some(optional);
        self
    }

    pub(crate) fn into_source(self) -> EnvVarSource {
        if self.secret {
            EnvVarSource {
                secret_key_ref: Some(SecretKeySelector {
                    name: self.name,
                    key: self.key,
                    optional: self.optional,
                }),
                ..EnvVarSource::default()
            }
        } else {
            EnvVarSource {
                config_map_key_ref: Some(ConfigMapKeySelector {
                    name: self.name,
                    key: self.key,
                    optional: self.optional,
                }),
                ..EnvVarSource::default()
            }
        }
    }
}

/// A downward API field exposed as an env var (`valueFrom.fieldRef`).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, FieldRef};
/// let c = ContainerBuilder::new("app", "my-app:1.0")
///     .env_field("POD_NAME", FieldRef::PodName)
///     .env_field("TEAM", FieldRef::Label("team".into()))
///     .build()?;
/// let env = c.env.unwrap();
/// assert_eq!(env[1].value_from.as_ref().unwrap().field_ref.as_ref().unwrap().field_path, "metadata.labels['team']");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldRef {
    /// `metadata.name`
    PodName,
    /// `metadata.namespace`
    Namespace,
    /// `metadata.uid`
    PodUid,
    /// `status.podIP`
    PodIp,
    /// `status.podIPs`
    PodIps,
    /// `status.hostIP`
    HostIp,
    /// `spec.nodeName`
    NodeName,
    /// `spec.serviceAccountName`
    ServiceAccountName,
    /// `metadata.labels['<key>']`
    Label(String),
    /// `metadata.annotations['<key>']`
    Annotation(String),
}

impl FieldRef {
    /// The `fieldPath` string.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::FieldRef::PodIp.field_path(), "status.podIP");
    /// ```
    pub fn field_path(&self) -> String {
        match self {
            Self::PodName => "metadata.name".into(),
            Self::Namespace => "metadata.namespace".into(),
            Self::PodUid => "metadata.uid".into(),
            Self::PodIp => "status.podIP".into(),
            Self::PodIps => "status.podIPs".into(),
            Self::HostIp => "status.hostIP".into(),
            Self::NodeName => "spec.nodeName".into(),
            Self::ServiceAccountName => "spec.serviceAccountName".into(),
            Self::Label(k) => format!("metadata.labels['{k}']"),
            Self::Annotation(k) => format!("metadata.annotations['{k}']"),
        }
    }

    pub(crate) fn into_selector(self) -> ObjectFieldSelector {
        ObjectFieldSelector {
            api_version: None,
            field_path: self.field_path(),
        }
    }
}

/// A container resource exposed as an env var (`valueFrom.resourceFieldRef`).
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, ResourceField};
/// let c = ContainerBuilder::new("app", "my-app:1.0")
///     .limit_memory("128Mi")
///     .env_resource("MEM_LIMIT_MI", ResourceField::LimitsMemory, "1Mi")
///     .build()?;
/// let r = c.env.unwrap()[0].value_from.clone().unwrap().resource_field_ref.unwrap();
/// assert_eq!(r.resource, "limits.memory");
/// assert_eq!(r.divisor.unwrap().0, "1Mi");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResourceField {
    /// `limits.cpu`
    LimitsCpu,
    /// `limits.memory`
    LimitsMemory,
    /// `limits.ephemeral-storage`
    LimitsEphemeralStorage,
    /// `requests.cpu`
    RequestsCpu,
    /// `requests.memory`
    RequestsMemory,
    /// `requests.ephemeral-storage`
    RequestsEphemeralStorage,
}

impl ResourceField {
    /// The `resource` string.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::ResourceField::RequestsCpu.as_str(), "requests.cpu");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LimitsCpu => "limits.cpu",
            Self::LimitsMemory => "limits.memory",
            Self::LimitsEphemeralStorage => "limits.ephemeral-storage",
            Self::RequestsCpu => "requests.cpu",
            Self::RequestsMemory => "requests.memory",
            Self::RequestsEphemeralStorage => "requests.ephemeral-storage",
        }
    }

    pub(crate) fn into_selector(self, divisor: Option<impl IntoQuantity>) -> ResourceFieldSelector {
        ResourceFieldSelector {
            container_name: None,
            divisor: divisor.map(IntoQuantity::into_quantity),
            resource: self.as_str().to_owned(),
        }
    }
}

/// A whole ConfigMap or Secret as env vars (`envFrom`), with an optional `prefix`.
///
/// # Examples
///
/// ```
/// use kubeforge::{ContainerBuilder, EnvFrom};
/// let c = ContainerBuilder::new("app", "my-app:1.0")
///     .env_from(EnvFrom::config_map("app-config").prefix("APP_"))
///     .env_from(EnvFrom::secret("app-secret").optional(true))
///     .build()?;
/// let from = c.env_from.unwrap();
/// assert_eq!(from[0].prefix.as_deref(), Some("APP_"));
/// assert_eq!(from[1].secret_ref.as_ref().unwrap().optional, Some(true));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct EnvFrom {
    secret: bool,
    name: String,
    prefix: Option<String>,
    optional: Option<bool>,
}

impl EnvFrom {
    /// Every key of a ConfigMap (`configMapRef`).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = kubeforge::EnvFrom::config_map("app-config");
    /// # let _ = e;
    /// ```
    pub fn config_map(config_map: impl ObjectName) -> Self {
        Self {
            secret: false,
            name: config_map.object_name(),
            prefix: None,
            optional: None,
        }
    }

    /// Every key of a Secret (`secretRef`).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = kubeforge::EnvFrom::secret("app-secret");
    /// # let _ = e;
    /// ```
    pub fn secret(secret: impl ObjectName) -> Self {
        Self {
            secret: true,
            name: secret.object_name(),
            prefix: None,
            optional: None,
        }
    }

    /// Prepends `prefix` to every variable name.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = kubeforge::EnvFrom::config_map("c").prefix("C_");
    /// # let _ = e;
    /// ```
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// Whether the container may start without the object (`optional`).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = kubeforge::EnvFrom::config_map("c").optional(true);
    /// # let _ = e;
    /// ```
    pub fn optional(mut self, optional: bool) -> Self {
        self.optional = Some(optional);
        self
    }

    pub(crate) fn into_source(self) -> EnvFromSource {
        if self.secret {
            EnvFromSource {
                prefix: self.prefix,
                secret_ref: Some(SecretEnvSource {
                    name: self.name,
                    optional: self.optional,
                }),
                ..EnvFromSource::default()
            }
        } else {
            EnvFromSource {
                prefix: self.prefix,
                config_map_ref: Some(ConfigMapEnvSource {
                    name: self.name,
                    optional: self.optional,
                }),
                ..EnvFromSource::default()
            }
        }
    }
}

pub(crate) fn literal(name: String, value: String) -> EnvVar {
    EnvVar {
        name,
        value: Some(value),
        value_from: None,
    }
}

pub(crate) fn from_source(name: String, source: EnvVarSource) -> EnvVar {
    EnvVar {
        name,
        value: None,
        value_from: Some(source),
    }
}
