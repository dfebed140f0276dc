//! ConfigMap: non-secret configuration, as env vars or as files (course: "Les ConfigMaps").

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path as FsPath;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::error::Error;
use crate::meta::{metadata_setters, options_setter};
use crate::source::{self, Deferred, Skipped, Target};
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
    deferred: Option<Deferred>,
    skipped: Vec<Skipped>,
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
            deferred: None,
            skipped: Vec::new(),
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

    /// Runs one source against the data unless an earlier source failed (kubectl stops at
    /// its first error; so does the builder, and `build()` returns that error).
    fn source(
        mut self,
        add: impl FnOnce(&mut Target<'_>, &mut Vec<Skipped>) -> Result<(), Deferred>,
    ) -> Self {
        if self.deferred.is_some() {
            return self;
        }
        let mut target = Target::ConfigMap {
            name: self.meta.name.as_deref().unwrap_or_default(),
            data: &mut self.data,
            binary_data: &mut self.binary_data,
        };
        if let Err(e) = add(&mut target, &mut self.skipped) {
            self.deferred = Some(e);
        }
        self
    }

    /// Adds entries as `kubectl create configmap --from-file=SOURCE` does. `SOURCE` is
    ///
    /// * `PATH`: one file, keyed by its base name;
    /// * `KEY=PATH`: one file under `KEY` (neither may contain `=`);
    /// * a directory: every **regular** file in it, each keyed by its name, in name order.
    ///   Sub-folders, symbolic links, pipes and devices are skipped, as kubectl does; unlike
    ///   kubectl, which is silent, the builder lists them in [`skipped`](Self::skipped).
    ///
    /// UTF-8 content goes to `data`, anything else to `binaryData`. Errors are kubectl's and
    /// come from `build()`: an invalid key (`"a b" is not a valid key name for a ConfigMap:
    /// ...`, also for a file in a directory), a key already present, a key given for a
    /// directory, a missing or unreadable path (`error reading PATH: no such file or
    /// directory`). After an error, later sources are ignored, as kubectl stops there.
    ///
    /// Sources are applied in call order; kubectl applies all `--from-file` before all
    /// `--from-literal`, which only matters for which duplicate it reports. One source is one
    /// path: kubectl's flag also splits its value at commas, a builder call does not.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::ConfigMapBuilder;
    /// let dir = std::env::temp_dir().join(format!("kubeforge-doc-cm-from-file-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("app.conf"), "port=8080\n").unwrap();
    /// std::fs::write(dir.join("logo.bin"), [0x89, b'P', b'N', b'G', 0xff]).unwrap();
    /// let cm = ConfigMapBuilder::new("app")
    ///     .from_file(&dir) // every regular file of the directory
    ///     .from_file(format!("settings.ini={}", dir.join("app.conf").display()))
    ///     .build()?;
    /// let data = cm.data.unwrap();
    /// assert_eq!(data["app.conf"], "port=8080\n");
    /// assert_eq!(data["settings.ini"], "port=8080\n");
    /// assert_eq!(cm.binary_data.unwrap()["logo.bin"].0[0], 0x89);
    ///
    /// let err = ConfigMapBuilder::new("app").from_file(format!("k={}", dir.display())).build().unwrap_err();
    /// assert_eq!(err.to_string(), "cannot give a key name for a directory path");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_file(self, source: impl AsRef<OsStr>) -> Self {
        let source = source.as_ref().to_owned();
        self.source(|target, skipped| source::add_file_source(target, &source, skipped))
    }

    /// Adds every `KEY=VALUE` line of an env-file, as `kubectl create configmap
    /// --from-env-file=PATH` does: blank lines and lines starting with `#` are skipped, a UTF-8
    /// BOM is dropped from the first line, leading whitespace is dropped, the value is
    /// everything after the first `=` **as written** (quotes, trailing spaces and `export`
    /// are not interpreted: `export A=1` is an invalid key), and a line `KEY` without `=` takes
    /// the value of `KEY` in this process's environment (empty when unset). Keys must be
    /// valid environment variable names (`"B " is not a valid key name: ...`). A file that is
    /// not UTF-8 is refused, as kubectl refuses it. kubectl stops reading at a line of 64 KiB
    /// or more without an error; so does the builder.
    ///
    /// kubectl refuses `--from-env-file` together with `--from-file` or `--from-literal`; the
    /// builder allows mixing them.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::ConfigMapBuilder;
    /// let path = std::env::temp_dir().join(format!("kubeforge-doc-cm-env-{}.env", std::process::id()));
    /// std::fs::write(&path, "# database\nDB_HOST=db\n\nDB_URL=postgres://db/app?sslmode=require\nQUOTED=\"x\"\n").unwrap();
    /// let cm = ConfigMapBuilder::new("app-env").from_env_file(&path).build()?;
    /// let data = cm.data.unwrap();
    /// assert_eq!(data["DB_HOST"], "db");
    /// assert_eq!(data["DB_URL"], "postgres://db/app?sslmode=require");
    /// assert_eq!(data["QUOTED"], "\"x\""); // quotes are kept
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_env_file(self, path: impl AsRef<FsPath>) -> Self {
        let path = path.as_ref().to_owned();
        self.source(|target, _| source::add_env_file(target, &path))
    }

    /// Adds `KEY=VALUE` as `kubectl create configmap --from-literal=KEY=VALUE` does: split at
    /// the first `=` (the value may contain more), the key must be a valid, new config key.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::ConfigMapBuilder;
    /// let cm = ConfigMapBuilder::new("c").from_literal("JAVA_OPTS=-Xmx=512m").build()?;
    /// assert_eq!(cm.data.unwrap()["JAVA_OPTS"], "-Xmx=512m");
    /// let err = ConfigMapBuilder::new("c").from_literal("A=1").from_literal("A=2").build().unwrap_err();
    /// assert_eq!(err.to_string(), "cannot add key \"A\", another key by that name already exists in Data for ConfigMap \"c\"");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_literal(self, source: impl AsRef<str>) -> Self {
        self.source(|target, _| source::add_literal(target, source.as_ref()))
    }

    /// Adds a file as `kubectl create configmap --from-file=PATH` does: the key is the
    /// path's base name, UTF-8 content goes to `data` and anything else to `binaryData`, and a
    /// directory adds its regular files. Unlike [`from_file`](Self::from_file), `path` is never
    /// split at `=`.
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
        let path = path.as_ref().to_owned();
        self.source(|target, skipped| source::add_unparsed_path(target, None, &path, skipped))
    }

    /// Adds a file under the key `key` (`--from-file=KEY=PATH`; a directory is refused).
    /// Unlike [`from_file`](Self::from_file), nothing is split at `=`.
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
    pub fn file_as(self, key: impl Into<String>, path: impl AsRef<FsPath>) -> Self {
        let (key, path) = (key.into(), path.as_ref().to_owned());
        self.source(|target, skipped| {
            source::add_unparsed_path(target, Some(key.as_bytes()), &path, skipped)
        })
    }

    /// The directory entries that [`from_file`](Self::from_file) (or [`file`](Self::file)) on
    /// a directory left out because they are not regular files (sub-folders, symbolic links,
    /// pipes...), in the order met. kubectl skips the same entries without a word.
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("kubeforge-doc-cm-skipped-{}", std::process::id()));
    /// std::fs::create_dir_all(dir.join("conf.d")).unwrap();
    /// std::fs::write(dir.join("main.conf"), "x\n").unwrap();
    /// let builder = kubeforge::ConfigMapBuilder::new("c").from_file(&dir);
    /// let skipped: Vec<String> = builder.skipped().iter().map(ToString::to_string).collect();
    /// assert_eq!(skipped, [format!("{}: skipped, a directory", dir.join("conf.d").display())]);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
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

    options_setter!("ConfigMapBuilder::new(\"c\")");

    /// Assembles the ConfigMap and validates it.
    ///
    /// # Errors
    ///
    /// The first error of a file, env-file or literal source, in kubectl's words
    /// ([`Error::is_input`], and [`Error::is_io`] for an unreadable file); otherwise every violation
    /// (`data[bad key]: Invalid value: ...`, `[]: Too long: ...` above 1 MiB).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::ConfigMapBuilder::new("c").data("a/b", "x").build().unwrap_err();
    /// assert!(err.violations()[0].to_string().starts_with("data[a/b]: Invalid value: \"a/b\": a valid config key"));
    /// ```
    pub fn build(self) -> Result<ConfigMap, Error> {
        if let Some(deferred) = self.deferred {
            return Err(deferred.into_error());
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
