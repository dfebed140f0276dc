//! ConfigMap: non-secret configuration, as env vars or as files (course: "Les ConfigMaps").

use std::collections::BTreeMap;
use std::path::Path as FsPath;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::error::Error;
use crate::meta::metadata_setters;
use crate::validate::{self, Options};

/// Builds a ConfigMap.
///
/// Changing a ConfigMap does **not** restart the pods that use it: env vars are read at
/// container start, and files mounted without `subPath` are refreshed only eventually.
///
/// # Examples
///
/// ```
/// use kubeforge::ConfigMapBuilder;
/// let cm = ConfigMapBuilder::new("app-config")
///     .data("ENV_VAR_NAME", "production")
///     .data("API_URL", "https://api.example.com")
///     .build()?;
/// assert_eq!(cm.data.unwrap()["API_URL"], "https://api.example.com");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct ConfigMapBuilder {
    meta: ObjectMeta,
    data: BTreeMap<String, String>,
    binary_data: BTreeMap<String, ByteString>,
    immutable: Option<bool>,
    io_error: Option<(String, std::io::ErrorKind, String)>,
    options: Options,
}

impl ConfigMapBuilder {
    /// A ConfigMap named `name` (a DNS-1123 subdomain).
    ///
    /// # Examples
    ///
    /// ```
    /// let cm = kubeforge::ConfigMapBuilder::new("mysql-env").data("MYSQL_DATABASE", "mydatabase").build()?;
    /// assert_eq!(cm.metadata.name.as_deref(), Some("mysql-env"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            meta: ObjectMeta {
                name: Some(name.into()),
                ..ObjectMeta::default()
            },
            data: BTreeMap::new(),
            binary_data: BTreeMap::new(),
            immutable: None,
            io_error: None,
            options: Options::default(),
        }
    }

    metadata_setters!("ConfigMapBuilder::new(\"cfg\")");

    /// Adds a UTF-8 entry (`data`).
    ///
    /// # Examples
    ///
    /// ```
    /// let cm = kubeforge::ConfigMapBuilder::new("c").data("LOG_LEVEL", "info").build()?;
    /// assert_eq!(cm.data.unwrap()["LOG_LEVEL"], "info");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn data(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.data.insert(key.into(), value.into());
        self
    }

    /// Adds several UTF-8 entries.
    ///
    /// # Examples
    ///
    /// ```
    /// let cm = kubeforge::ConfigMapBuilder::new("c").data_entries([("A", "1"), ("B", "2")]).build()?;
    /// assert_eq!(cm.data.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn data_entries<I, K, V>(mut self, entries: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        for (k, v) in entries {
            self = self.data(k, v);
        }
        self
    }

    /// Adds a binary entry (`binaryData`, base64 on the wire).
    ///
    /// # Examples
    ///
    /// ```
    /// let cm = kubeforge::ConfigMapBuilder::new("c").binary_data("logo.png", vec![0x89, b'P']).build()?;
    /// assert_eq!(cm.binary_data.unwrap()["logo.png"].0, vec![0x89, b'P']);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn binary_data(mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        self.binary_data
            .insert(key.into(), ByteString(value.into()));
        self
    }

    /// Adds a file as `kubectl create configmap --from-file=PATH` does: the key is the file's
    /// name, UTF-8 content goes to `data` and anything else to `binaryData`.
    ///
    /// An unreadable file is reported by `build()`.
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = std::env::temp_dir().join("kubeforge-doc-cm-file");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("mysql.conf"), "[mysqld]\nuser=mysql\nmax_connections=100\n").unwrap();
    /// let cm = kubeforge::ConfigMapBuilder::new("mysql-config").file(dir.join("mysql.conf")).build()?;
    /// assert_eq!(cm.data.unwrap()["mysql.conf"], "[mysqld]\nuser=mysql\nmax_connections=100\n");
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
    /// let dir = std::env::temp_dir().join("kubeforge-doc-cm-file-as");
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("x.conf"), "a=1\n").unwrap();
    /// let cm = kubeforge::ConfigMapBuilder::new("c").file_as("app.conf", dir.join("x.conf")).build()?;
    /// assert!(cm.data.unwrap().contains_key("app.conf"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn file_as(mut self, key: impl Into<String>, path: impl AsRef<FsPath>) -> Self {
        let path = path.as_ref();
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    self.data.insert(key.into(), text);
                }
                Err(e) => {
                    self.binary_data
                        .insert(key.into(), ByteString(e.into_bytes()));
                }
            },
            Err(e) => {
                if self.io_error.is_none() {
                    self.io_error = Some((path.display().to_string(), e.kind(), e.to_string()));
                }
            }
        }
        self
    }

    /// Forbids later changes to the data (`immutable: true`); the kubelet stops watching it.
    ///
    /// # Examples
    ///
    /// ```
    /// let cm = kubeforge::ConfigMapBuilder::new("c").immutable(true).build()?;
    /// assert_eq!(cm.immutable, Some(true));
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
    /// let o = kubeforge::ConfigMapBuilder::new("c").options(kubeforge::validate::Options::default());
    /// # let _ = o;
    /// ```
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Assembles the ConfigMap and validates it.
    ///
    /// # Errors
    ///
    /// An I/O error for an unreadable file; otherwise every violation
    /// (`data[bad key]: Invalid value: ...`, `[]: Too long: ...` above 1 MiB).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::ConfigMapBuilder::new("c").data("a/b", "x").build().unwrap_err();
    /// assert!(err.violations()[0].to_string().starts_with("data[a/b]: Invalid value: \"a/b\": a valid config key"));
    /// ```
    pub fn build(self) -> Result<ConfigMap, Error> {
        if let Some((path, kind, msg)) = self.io_error {
            return Err(Error::io(path, std::io::Error::new(kind, msg)));
        }
        let cm = ConfigMap {
            metadata: self.meta,
            data: (!self.data.is_empty()).then_some(self.data),
            binary_data: (!self.binary_data.is_empty()).then_some(self.binary_data),
            immutable: self.immutable,
        };
        validate::check_with(&cm, self.options, Vec::new())?;
        Ok(cm)
    }
}
