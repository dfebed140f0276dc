//! Secret: credentials, keys and certificates (course: "Les Secrets").
//!
//! A Secret is **base64-encoded, not encrypted**: anyone who can read it (RBAC `get` on
//! secrets) or read etcd without encryption at rest can read the value. kubeforge never prints
//! a secret value in `Debug` output.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path as FsPath;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::error::Error;
use crate::meta::metadata_setters;
use crate::validate::{self, Options};

/// The `type` of a Secret, which fixes the keys it must hold.
///
/// # Examples
///
/// ```
/// use kubeforge::SecretType;
/// assert_eq!(SecretType::Tls.as_str(), "kubernetes.io/tls");
/// assert_eq!(SecretType::Other("helm.sh/release.v1".into()).as_str(), "helm.sh/release.v1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SecretType {
    /// Arbitrary data (`Opaque`, the default).
    Opaque,
    /// A ServiceAccount token (`kubernetes.io/service-account-token`; needs the
    /// `kubernetes.io/service-account.name` annotation).
    ServiceAccountToken,
    /// Legacy `~/.dockercfg` (`kubernetes.io/dockercfg`, key `.dockercfg`).
    DockerCfg,
    /// Registry credentials (`kubernetes.io/dockerconfigjson`, key `.dockerconfigjson`).
    DockerConfigJson,
    /// `kubernetes.io/basic-auth` (keys `username` and/or `password`).
    BasicAuth,
    /// `kubernetes.io/ssh-auth` (key `ssh-privatekey`).
    SshAuth,
    /// `kubernetes.io/tls` (keys `tls.crt` and `tls.key`).
    Tls,
    /// `bootstrap.kubernetes.io/token`.
    BootstrapToken,
    /// Any other type string.
    Other(String),
}

impl SecretType {
    /// The API spelling.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::SecretType::Opaque.as_str(), "Opaque");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Opaque => "Opaque",
            Self::ServiceAccountToken => "kubernetes.io/service-account-token",
            Self::DockerCfg => "kubernetes.io/dockercfg",
            Self::DockerConfigJson => "kubernetes.io/dockerconfigjson",
            Self::BasicAuth => "kubernetes.io/basic-auth",
            Self::SshAuth => "kubernetes.io/ssh-auth",
            Self::Tls => "kubernetes.io/tls",
            Self::BootstrapToken => "bootstrap.kubernetes.io/token",
            Self::Other(s) => s,
        }
    }
}

/// Builds a Secret. `Debug` shows keys, never values.
///
/// # Examples
///
/// ```
/// use kubeforge::{SecretBuilder, SecretType};
/// let s = SecretBuilder::new("db")
///     .type_(SecretType::BasicAuth)
///     .string_data("username", "app")
///     .data("password", "s3cr3t")
///     .build()?;
/// assert_eq!(s.data.unwrap()["password"].0, b"s3cr3t");
/// assert!(!format!("{:?}", SecretBuilder::new("x").data("k", "hunter2")).contains("hunter2"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, PartialEq)]
#[must_use]
pub struct SecretBuilder {
    meta: ObjectMeta,
    type_: SecretType,
    data: BTreeMap<String, ByteString>,
    string_data: BTreeMap<String, String>,
    immutable: Option<bool>,
    io_error: Option<(String, std::io::ErrorKind, String)>,
    options: Options,
}

impl fmt::Debug for SecretBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretBuilder")
            .field("meta", &self.meta)
            .field("type", &self.type_)
            .field("data_keys", &self.data.keys().collect::<Vec<_>>())
            .field(
                "string_data_keys",
                &self.string_data.keys().collect::<Vec<_>>(),
            )
            .field("immutable", &self.immutable)
            .finish_non_exhaustive()
    }
}

impl SecretBuilder {
    /// An `Opaque` Secret named `name` (a DNS-1123 subdomain).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = kubeforge::SecretBuilder::new("app-secret").data("k", "v").build()?;
    /// assert_eq!(s.type_.as_deref(), Some("Opaque"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            type_: SecretType::Opaque,
            data: BTreeMap::new(),
            string_data: BTreeMap::new(),
            immutable: None,
            io_error: None,
            options: Options::default(),
        }
    }

    metadata_setters!("SecretBuilder::new(\"s\")");

    /// The Secret's type.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{SecretBuilder, SecretType};
    /// let s = SecretBuilder::new("t").type_(SecretType::Tls).data("tls.crt", "c").data("tls.key", "k").build()?;
    /// assert_eq!(s.type_.as_deref(), Some("kubernetes.io/tls"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn type_(mut self, type_: SecretType) -> Self {
        self.type_ = type_;
        self
    }

    /// Adds an entry to `data` (any bytes; written base64-encoded, as `kubectl create secret` does).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = kubeforge::SecretBuilder::new("s").data("password", "pw").build()?;
    /// assert_eq!(s.data.unwrap()["password"].0, b"pw");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn data(mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        self.data.insert(key.into(), ByteString(value.into()));
        self
    }

    /// Adds an entry to `stringData` (plain text in the manifest; the apiserver merges it into
    /// `data`, and it wins over a `data` entry with the same key).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = kubeforge::SecretBuilder::new("s").string_data("user", "app").build()?;
    /// assert_eq!(s.string_data.unwrap()["user"], "app");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn string_data(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.string_data.insert(key.into(), value.into());
        self
    }

    /// Adds a file as `kubectl create secret generic --from-file=PATH`: key = file name.
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = std::env::temp_dir().join("kubeforge-doc-secret-file");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("mycert.pem"), "-----BEGIN CERTIFICATE-----\n").unwrap();
    /// let s = kubeforge::SecretBuilder::new("my-cert").file(dir.join("mycert.pem")).build()?;
    /// assert!(s.data.unwrap().contains_key("mycert.pem"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn file(self, path: impl AsRef<FsPath>) -> Self {
        let path = path.as_ref();
        let key = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.file_as(key, path)
    }

    /// Adds a file under the key `key` (`--from-file=KEY=PATH`).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::SecretBuilder::new("s").file_as("k", "/no/such/file").build().unwrap_err();
    /// assert!(err.is_io());
    /// ```
    pub fn file_as(mut self, key: impl Into<String>, path: impl AsRef<FsPath>) -> Self {
        let path = path.as_ref();
        match std::fs::read(path) {
            Ok(bytes) => {
                self.data.insert(key.into(), ByteString(bytes));
            }
            Err(e) => {
                if self.io_error.is_none() {
                    self.io_error = Some((path.display().to_string(), e.kind(), e.to_string()));
                }
            }
        }
        self
    }

    /// Forbids later changes to the data (`immutable: true`).
    ///
    /// # Examples
    ///
    /// ```
    /// let s = kubeforge::SecretBuilder::new("s").immutable(true).build()?;
    /// assert_eq!(s.immutable, Some(true));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn immutable(mut self, immutable: bool) -> Self {
        self.immutable = Some(immutable);
        self
    }

    /// Validation options (target Kubernetes version).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::SecretBuilder::new("s").options(kubeforge::validate::Options::default());
    /// # let _ = o;
    /// ```
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Assembles the Secret and validates it (keys, size, the keys its type requires).
    ///
    /// # Errors
    ///
    /// An I/O error for an unreadable file; otherwise every violation, e.g.
    /// `data[tls.key]: Required value` for a TLS Secret without a key.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::{SecretBuilder, SecretType};
    /// let err = SecretBuilder::new("t").type_(SecretType::Tls).data("tls.crt", "c").build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(), "data[tls.key]: Required value");
    /// ```
    pub fn build(self) -> Result<Secret, Error> {
        if let Some((path, kind, msg)) = self.io_error {
            return Err(Error::io(path, std::io::Error::new(kind, msg)));
        }
        let secret = Secret {
            metadata: self.meta,
            data: (!self.data.is_empty()).then_some(self.data),
            string_data: (!self.string_data.is_empty()).then_some(self.string_data),
            immutable: self.immutable,
            type_: Some(self.type_.as_str().to_owned()),
        };
        validate::check_with(&secret, self.options, Vec::new())?;
        Ok(secret)
    }
}
