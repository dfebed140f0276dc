//! One config struct for the manifests **and** the program: `#[derive(ConfigMap, Secret, FromEnv)]`.
//!
//! A twelve-factor app reads its configuration from the environment. With these derives its
//! config struct is the single source of truth for
//!
//! 1. the **ConfigMap** ([`ToConfigMap`]) and the **Secret** ([`ToSecret`]), plain k8s-openapi
//!    objects built through [`ConfigMapBuilder`] and [`SecretBuilder`], so they are validated;
//! 2. the **container wiring**: `envFrom` both objects, or one `env` entry per key
//!    (`configMapKeyRef`/`secretKeyRef`), and the file keys mounted as files
//!    ([`ToConfigMap::wire_config_map`], [`ToSecret::wire_secret`], [`wire`]);
//! 3. the program's own **parsing of its environment** ([`FromEnv::from_env`]), which reports
//!    every missing or invalid variable at once, and the list of what it expects
//!    ([`FromEnv::variables`], [`FromEnv::env_example`]).
//!
//! One naming rule serves all three, so the manifest and the program cannot disagree about a
//! variable's name.
//!
//! ```
//! use std::time::Duration;
//! use kubeforge::config::{FromEnv, ToConfigMap, ToSecret};
//! use kubeforge::secrecy::{ExposeSecret, SecretString};
//!
//! #[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
//! #[kubeforge(prefix = "SHOP_", config_map_name = "shop-config", secret_name = "shop-secret")]
//! struct ShopConfig {
//!     /// Log verbosity.
//!     log_level: String,
//!     port: u16,
//!     request_timeout: Duration,
//!     database_password: SecretString,
//! }
//!
//! let config = ShopConfig {
//!     log_level: "info".into(),
//!     port: 8080,
//!     request_timeout: Duration::from_secs(90),
//!     database_password: "change-me".into(),
//! };
//! let cm = config.to_config_map()?;
//! assert_eq!(cm.data.unwrap()["REQUEST_TIMEOUT"], "1m30s");
//! let secret = config.to_secret()?;
//! assert_eq!(secret.data.unwrap()["DATABASE_PASSWORD"].0, b"change-me");
//!
//! // What the container sees, read back by the program:
//! let env = [("SHOP_LOG_LEVEL", "debug"), ("SHOP_PORT", "80"), ("SHOP_REQUEST_TIMEOUT", "15s"), ("SHOP_DATABASE_PASSWORD", "pw")];
//! let read = ShopConfig::from_lookup(|name| env.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string()))?;
//! assert_eq!((read.port, read.request_timeout), (80, Duration::from_secs(15)));
//! assert_eq!(read.database_password.expose_secret(), "pw");
//!
//! // Every problem at once; secret values are never printed.
//! let err = ShopConfig::from_lookup(|name| (name == "SHOP_PORT").then(|| "http".to_owned())).unwrap_err();
//! assert_eq!(err.violations().len(), 4);
//! assert_eq!(err.violations()[1].to_string(), "SHOP_PORT: Invalid value: \"http\": invalid digit found in string");
//! # Ok::<(), kubeforge::Error>(())
//! ```
//!
//! The attributes are documented on the derives ([`ConfigMap`](macro@crate::ConfigMap)).

mod private;

pub mod duration;

#[doc(hidden)]
pub mod __private {
    pub use super::private::*;
}

use std::collections::BTreeMap;
use std::path::Path;

use k8s_openapi::api::core::v1::{ConfigMap, Secret};

use self::private::{Entries, Layout, Reader, Scope, Vars};
use crate::bundle::Object;
use crate::env::{EnvFrom, KeyRef};
use crate::error::Error;
use crate::volume::{Mount, VolumeBuilder};
use crate::{ConfigMapBuilder, ContainerBuilder, SecretBuilder, validate};

/// How the wiring methods pass env vars to the container.
///
/// # Examples
///
/// ```
/// use kubeforge::config::{EnvMode, Options};
/// let options = Options::new().env_mode(EnvMode::KeyRefs);
/// assert_eq!(options.get_env_mode(), EnvMode::KeyRefs);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EnvMode {
    /// One `envFrom` entry per object, with the struct's `prefix` (the default): short, and a
    /// key added later reaches the container without a manifest change. As `envFrom` imports
    /// **every** key of its object, an object that also holds file keys is wired with one
    /// `env` entry per env key instead ([`KeyRefs`](Self::KeyRefs)): a file's content (a
    /// config file, a TLS key) never becomes an env var.
    #[default]
    EnvFrom,
    /// One `env` entry per key, with `configMapKeyRef` or `secretKeyRef` (`optional: true`
    /// for `Option` fields). Explicit, and only env keys become variables.
    KeyRefs,
}

/// Run-time choices for the generated objects and wiring; they override the container
/// attributes. The default keeps every attribute.
///
/// # Examples
///
/// ```
/// use kubeforge::config::{Options, ToConfigMap};
/// #[derive(kubeforge::ConfigMap)]
/// #[kubeforge(config_map_name = "app-config")]
/// struct AppConfig { log_level: String }
///
/// let options = Options::new().namespace("prod").label("team", "payments").immutable(true);
/// let cm = AppConfig { log_level: "info".into() }.to_config_map_with(&options)?;
/// assert_eq!(cm.metadata.namespace.as_deref(), Some("prod"));
/// assert_eq!(cm.immutable, Some(true));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[must_use]
pub struct Options {
    config_map_name: Option<String>,
    secret_name: Option<String>,
    namespace: Option<String>,
    labels: BTreeMap<String, String>,
    annotations: BTreeMap<String, String>,
    immutable: Option<bool>,
    env_mode: EnvMode,
    config_volume: Option<String>,
    secret_volume: Option<String>,
    external_secret: bool,
    validate: validate::Options,
}

impl Options {
    /// The defaults: every container attribute as written, [`EnvMode::EnvFrom`].
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::config::Options::new(), Default::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The ConfigMap's name (overrides `config_map_name`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::{Options, ToConfigMap};
    /// # #[derive(kubeforge::ConfigMap)] struct App { a: u8 }
    /// let cm = App { a: 1 }.to_config_map_with(&Options::new().config_map_name("app-v2"))?;
    /// assert_eq!(cm.metadata.name.as_deref(), Some("app-v2"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn config_map_name(mut self, name: impl Into<String>) -> Self {
        self.config_map_name = Some(name.into());
        self
    }

    /// The Secret's name (overrides `secret_name`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::{Options, ToSecret};
    /// # #[derive(kubeforge::Secret)] #[kubeforge(secret)] struct Creds { token: String }
    /// let s = Creds { token: "t".into() }.to_secret_with(&Options::new().secret_name("creds-v2"))?;
    /// assert_eq!(s.metadata.name.as_deref(), Some("creds-v2"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn secret_name(mut self, name: impl Into<String>) -> Self {
        self.secret_name = Some(name.into());
        self
    }

    /// The namespace of both objects (overrides `namespace`).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::config::Options::new().namespace("prod");
    /// # let _ = o;
    /// ```
    pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
        self.namespace = Some(namespace.into());
        self
    }

    /// Adds a label to both objects (after the `label` attributes; last write wins).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::config::Options::new().label("app.kubernetes.io/name", "shop");
    /// # let _ = o;
    /// ```
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.labels.insert(key.into(), value.into());
        self
    }

    /// Adds an annotation to both objects (after the `annotation` attributes).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::config::Options::new().annotation("example.com/owner", "ops");
    /// # let _ = o;
    /// ```
    pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.annotations.insert(key.into(), value.into());
        self
    }

    /// `immutable` on both objects (overrides the `immutable` attribute).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::config::Options::new().immutable(true);
    /// # let _ = o;
    /// ```
    pub fn immutable(mut self, immutable: bool) -> Self {
        self.immutable = Some(immutable);
        self
    }

    /// How env vars reach the container (default [`EnvMode::EnvFrom`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{EnvMode, Options};
    /// let o = Options::new().env_mode(EnvMode::KeyRefs);
    /// # let _ = o;
    /// ```
    pub fn env_mode(mut self, mode: EnvMode) -> Self {
        self.env_mode = mode;
        self
    }

    /// The chosen [`EnvMode`].
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{EnvMode, Options};
    /// assert_eq!(Options::new().get_env_mode(), EnvMode::EnvFrom);
    /// ```
    pub fn get_env_mode(&self) -> EnvMode {
        self.env_mode
    }

    /// The name of the pod volume holding the ConfigMap's files (default `config-files`).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::config::Options::new().config_volume("shop-files");
    /// # let _ = o;
    /// ```
    pub fn config_volume(mut self, name: impl Into<String>) -> Self {
        self.config_volume = Some(name.into());
        self
    }

    /// The name of the pod volume holding the Secret's files (default `secret-files`).
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::config::Options::new().secret_volume("shop-secret-files");
    /// # let _ = o;
    /// ```
    pub fn secret_volume(mut self, name: impl Into<String>) -> Self {
        self.secret_volume = Some(name.into());
        self
    }

    /// Reference-only mode: the Secret is managed elsewhere (sealed-secrets, External
    /// Secrets, Vault). The wiring still references it, by the same name and keys, but
    /// [`objects`] leaves it out, so no secret value is ever emitted.
    ///
    /// # Examples
    ///
    /// ```
    /// let o = kubeforge::config::Options::new().secret_managed_elsewhere(true);
    /// assert!(o.is_secret_managed_elsewhere());
    /// ```
    pub fn secret_managed_elsewhere(mut self, external: bool) -> Self {
        self.external_secret = external;
        self
    }

    /// Whether the Secret is managed elsewhere (see [`secret_managed_elsewhere`](Self::secret_managed_elsewhere)).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!kubeforge::config::Options::new().is_secret_managed_elsewhere());
    /// ```
    pub fn is_secret_managed_elsewhere(&self) -> bool {
        self.external_secret
    }

    /// Validation options of the builders (target Kubernetes version).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::validate::{KubeVersion, Options as Validation};
    /// let o = kubeforge::config::Options::new().validate(Validation::default().k8s_version(KubeVersion::V1_37));
    /// # let _ = o;
    /// ```
    pub fn validate(mut self, options: validate::Options) -> Self {
        self.validate = options;
        self
    }

    fn name(&self, secret: bool, layout: &Layout) -> String {
        let chosen = if secret {
            self.secret_name.as_deref()
        } else {
            self.config_map_name.as_deref()
        };
        chosen
            .unwrap_or(if secret {
                layout.secret_name
            } else {
                layout.config_map_name
            })
            .to_owned()
    }

    fn meta(&self, layout: &Layout) -> ObjectMetaParts {
        let mut labels: BTreeMap<String, String> = layout
            .labels
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        labels.extend(self.labels.clone());
        let mut annotations: BTreeMap<String, String> = layout
            .annotations
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        annotations.extend(self.annotations.clone());
        ObjectMetaParts {
            namespace: self
                .namespace
                .clone()
                .or_else(|| layout.namespace.map(str::to_owned)),
            labels,
            annotations,
            immutable: self.immutable.or(layout.immutable),
        }
    }
}

struct ObjectMetaParts {
    namespace: Option<String>,
    labels: BTreeMap<String, String>,
    annotations: BTreeMap<String, String>,
    immutable: Option<bool>,
}

/// One value the program expects: an env var, or a file mounted from the ConfigMap or Secret.
///
/// # Examples
///
/// ```
/// use kubeforge::config::FromEnv;
/// #[derive(kubeforge::FromEnv)]
/// #[kubeforge(prefix = "APP_")]
/// struct App {
///     /// Where to listen.
///     port: u16,
///     #[kubeforge(secret)]
///     token: Option<String>,
/// }
/// let vars = App::variables();
/// assert_eq!(vars[0].name(), "APP_PORT");
/// assert_eq!(vars[0].key(), "PORT");
/// assert_eq!(vars[0].description(), "Where to listen.");
/// assert!(vars[1].is_secret() && vars[1].is_optional());
/// ```
// Independent facts about one value, read through accessors.
#[allow(clippy::struct_excessive_bools)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    name: String,
    key: String,
    secret: bool,
    optional: bool,
    file: bool,
    binary: bool,
    description: String,
}

impl Var {
    /// The env var name (`prefix` + key), or the file's path in the container.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::FromEnv;
    /// #[derive(kubeforge::FromEnv)]
    /// #[kubeforge(files_dir = "/etc/app")]
    /// struct App { #[kubeforge(file = "app.conf")] conf: String }
    /// assert_eq!(App::variables()[0].name(), "/etc/app/app.conf");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key in the ConfigMap or Secret.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::FromEnv;
    /// # #[derive(kubeforge::FromEnv)] #[kubeforge(prefix = "X_")] struct App { log_level: String }
    /// assert_eq!(App::variables()[0].key(), "LOG_LEVEL");
    /// ```
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Whether the value lives in the Secret.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::FromEnv;
    /// # #[derive(kubeforge::FromEnv)] struct App { #[kubeforge(secret)] token: String }
    /// assert!(App::variables()[0].is_secret());
    /// ```
    pub fn is_secret(&self) -> bool {
        self.secret
    }

    /// Whether the value may be absent (an `Option` field).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::FromEnv;
    /// # #[derive(kubeforge::FromEnv)] struct App { dsn: Option<String> }
    /// assert!(App::variables()[0].is_optional());
    /// ```
    pub fn is_optional(&self) -> bool {
        self.optional
    }

    /// Whether the value is a file (`file` or `binary`), not an env var.
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::FromEnv;
    /// # #[derive(kubeforge::FromEnv)] struct App { #[kubeforge(binary)] logo: Vec<u8> }
    /// assert!(App::variables()[0].is_file());
    /// ```
    pub fn is_file(&self) -> bool {
        self.file
    }

    /// Whether the value is bytes (`binaryData`, or the Secret's `data`).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::FromEnv;
    /// # #[derive(kubeforge::FromEnv)] struct App { #[kubeforge(binary)] logo: Vec<u8> }
    /// assert!(App::variables()[0].is_binary());
    /// ```
    pub fn is_binary(&self) -> bool {
        self.binary
    }

    /// The field's doc comment (empty without one).
    ///
    /// # Examples
    ///
    /// ```
    /// # use kubeforge::config::FromEnv;
    /// # #[derive(kubeforge::FromEnv)] struct App {
    /// /// Where to listen.
    /// port: u16 }
    /// assert_eq!(App::variables()[0].description(), "Where to listen.");
    /// ```
    pub fn description(&self) -> &str {
        &self.description
    }
}

/// Where [`FromEnv::from_source`] reads values: env vars by name, files by path.
///
/// # Examples
///
/// ```
/// use std::collections::HashMap;
/// use kubeforge::config::{FromEnv, Source};
///
/// struct Pod { env: HashMap<String, String>, files: HashMap<String, Vec<u8>> }
/// impl Source for Pod {
///     fn var(&self, name: &str) -> Result<Option<String>, String> { Ok(self.env.get(name).cloned()) }
///     fn file(&self, path: &str) -> Result<Option<Vec<u8>>, String> { Ok(self.files.get(path).cloned()) }
/// }
///
/// #[derive(kubeforge::FromEnv)]
/// struct App { port: u16, #[kubeforge(binary)] logo: Vec<u8> }
/// let pod = Pod {
///     env: [("PORT".to_owned(), "80".to_owned())].into(),
///     files: [("/etc/config/LOGO".to_owned(), vec![0x89, 0x50])].into(),
/// };
/// let app = App::from_source(&pod)?;
/// assert_eq!((app.port, app.logo), (80, vec![0x89, 0x50]));
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub trait Source {
    /// The value of the env var `name`; `Ok(None)` when unset.
    ///
    /// # Errors
    ///
    /// Why the variable cannot be read (reported as an invalid value, without the value).
    fn var(&self, name: &str) -> Result<Option<String>, String>;

    /// The content of the file at `path`; `Ok(None)` when it does not exist.
    ///
    /// # Errors
    ///
    /// Why the file cannot be read.
    fn file(&self, path: &str) -> Result<Option<Vec<u8>>, String>;
}

/// The process's environment and file system (what [`FromEnv::from_env`] reads).
///
/// Files are read at their path in the container (`/etc/config/app.conf`), or under another
/// root directory for a run outside the container ([`files_root`](Self::files_root)).
///
/// # Examples
///
/// ```
/// use kubeforge::config::{Env, Source};
/// assert_eq!(Env::new().var("KUBEFORGE_DOC_SURELY_UNSET"), Ok(None));
/// assert_eq!(Env::new().file("/surely/not/here"), Ok(None));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Env {
    files_root: Option<std::path::PathBuf>,
}

impl Env {
    /// The environment, and files at their path in the container.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(kubeforge::config::Env::new(), Default::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the file `/etc/app/app.conf` as `root/etc/app/app.conf`: the files of a local
    /// development run.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Env, FromEnv};
    /// let root = std::env::temp_dir().join(format!("kubeforge-doc-root-{}", std::process::id()));
    /// std::fs::create_dir_all(root.join("etc/app")).unwrap();
    /// std::fs::write(root.join("etc/app/app.conf"), "[http]\n").unwrap();
    ///
    /// #[derive(kubeforge::FromEnv)]
    /// #[kubeforge(files_dir = "/etc/app")]
    /// struct App { #[kubeforge(file = "app.conf")] conf: String }
    /// let app = App::from_source(&Env::new().files_root(&root))?;
    /// assert_eq!(app.conf, "[http]\n");
    /// # std::fs::remove_dir_all(&root).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    #[must_use]
    pub fn files_root(mut self, root: impl Into<std::path::PathBuf>) -> Self {
        self.files_root = Some(root.into());
        self
    }
}

impl Source for Env {
    fn var(&self, name: &str) -> Result<Option<String>, String> {
        match std::env::var(name) {
            Ok(value) => Ok(Some(value)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err("not valid UTF-8".to_owned()),
        }
    }

    fn file(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        let full = match &self.files_root {
            Some(root) => root.join(path.trim_start_matches('/')),
            None => std::path::PathBuf::from(path),
        };
        match std::fs::read(&full) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", full.display())),
        }
    }
}

/// A lookup function as a [`Source`]: env vars by name, files by path (as text).
struct Lookup<F>(F);

impl<F: Fn(&str) -> Option<String>> Source for Lookup<F> {
    fn var(&self, name: &str) -> Result<Option<String>, String> {
        Ok((self.0)(name))
    }

    fn file(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        Ok((self.0)(path).map(String::into_bytes))
    }
}

/// The non-secret fields of a config struct as a ConfigMap: `#[derive(kubeforge::ConfigMap)]`.
///
/// Text values go to `data`, `#[kubeforge(binary)]` ones to `binaryData`; an `Option` field
/// that is `None` has no key.
///
/// # Examples
///
/// ```
/// use kubeforge::config::ToConfigMap;
/// #[derive(kubeforge::ConfigMap)]
/// #[kubeforge(config_map_name = "app-config")]
/// struct AppConfig { log_level: String, sentry_dsn: Option<String> }
///
/// let cm = AppConfig { log_level: "info".into(), sentry_dsn: None }.to_config_map()?;
/// assert_eq!(cm.metadata.name.as_deref(), Some("app-config"));
/// assert_eq!(cm.data.unwrap().into_iter().collect::<Vec<_>>(), [("LOG_LEVEL".to_owned(), "info".to_owned())]);
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not derive `kubeforge::ConfigMap`",
    label = "non-secret fields go to a ConfigMap",
    note = "add `#[derive(kubeforge::ConfigMap)]` to `{Self}`, or make its fields secret (`#[kubeforge(secret)]` on each field, or on the struct); a flattened struct derives what its parent derives"
)]
pub trait ToConfigMap {
    #[doc(hidden)]
    const __CONFIG_MAP_LAYOUT: &'static Layout;

    #[doc(hidden)]
    fn __describe_config_map(scope: &Scope, out: &mut Vars);

    #[doc(hidden)]
    fn __config_map_entries(&self, scope: &Scope, out: &mut Entries);

    /// The ConfigMap's name: `options`, else the `config_map_name` attribute, else the
    /// struct's name in kebab-case.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Options, ToConfigMap};
    /// #[derive(kubeforge::ConfigMap)] struct ShopConfig { a: u8 }
    /// assert_eq!(ShopConfig::config_map_name(&Options::new()), "shop-config");
    /// ```
    fn config_map_name(options: &Options) -> String
    where
        Self: Sized,
    {
        options.name(false, Self::__CONFIG_MAP_LAYOUT)
    }

    /// The ConfigMap's builder, to add more before `build()`.
    ///
    /// # Errors
    ///
    /// Two flattened fields that write the same key.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Options, ToConfigMap};
    /// #[derive(kubeforge::ConfigMap)] struct App { port: u16 }
    /// let cm = App { port: 80 }.config_map_builder(&Options::new())?.data("EXTRA", "1").build()?;
    /// assert_eq!(cm.data.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn config_map_builder(&self, options: &Options) -> Result<ConfigMapBuilder, Error>
    where
        Self: Sized,
    {
        let layout = Self::__CONFIG_MAP_LAYOUT;
        let mut entries = Entries::default();
        self.__config_map_entries(&Scope::root(layout), &mut entries);
        config_map_builder(layout, entries, options)
    }

    /// The ConfigMap, with the container attributes.
    ///
    /// # Errors
    ///
    /// Every violation of the built ConfigMap (a name or label the apiserver refuses, over 1 MiB).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::ToConfigMap;
    /// #[derive(kubeforge::ConfigMap)] #[kubeforge(namespace = "shop")] struct App { port: u16 }
    /// let cm = App { port: 80 }.to_config_map()?;
    /// assert_eq!(cm.metadata.namespace.as_deref(), Some("shop"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn to_config_map(&self) -> Result<ConfigMap, Error>
    where
        Self: Sized,
    {
        self.to_config_map_with(&Options::default())
    }

    /// The ConfigMap, with run-time [`Options`].
    ///
    /// # Errors
    ///
    /// As [`to_config_map`](Self::to_config_map).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Options, ToConfigMap};
    /// #[derive(kubeforge::ConfigMap)] struct App { port: u16 }
    /// let err = App { port: 80 }.to_config_map_with(&Options::new().config_map_name("Bad_Name")).unwrap_err();
    /// assert_eq!(err.violations()[0].path(), "metadata.name");
    /// ```
    fn to_config_map_with(&self, options: &Options) -> Result<ConfigMap, Error>
    where
        Self: Sized,
    {
        self.config_map_builder(options)?.build()
    }

    /// Wires the ConfigMap into `container` (see [`wire`]), with the default [`Options`].
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::ContainerBuilder;
    /// use kubeforge::config::ToConfigMap;
    /// #[derive(kubeforge::ConfigMap)] #[kubeforge(prefix = "APP_")] struct App { port: u16 }
    /// let c = App::wire_config_map(ContainerBuilder::new("app", "app:1")).build()?;
    /// let from = &c.env_from.unwrap()[0];
    /// assert_eq!((from.prefix.as_deref(), from.config_map_ref.as_ref().unwrap().name.as_str()), (Some("APP_"), "app"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn wire_config_map(container: ContainerBuilder) -> ContainerBuilder
    where
        Self: Sized,
    {
        Self::wire_config_map_with(container, &Options::default())
    }

    /// Wires the ConfigMap into `container` with run-time [`Options`] (see [`wire`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::ContainerBuilder;
    /// use kubeforge::config::{EnvMode, Options, ToConfigMap};
    /// #[derive(kubeforge::ConfigMap)] struct App { port: u16, dsn: Option<String> }
    /// let c = App::wire_config_map_with(ContainerBuilder::new("app", "app:1"), &Options::new().env_mode(EnvMode::KeyRefs)).build()?;
    /// let env = c.env.unwrap();
    /// let r = env[1].value_from.as_ref().unwrap().config_map_key_ref.as_ref().unwrap();
    /// assert_eq!((env[1].name.as_str(), r.key.as_str(), r.optional), ("DSN", "DSN", Some(true)));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn wire_config_map_with(container: ContainerBuilder, options: &Options) -> ContainerBuilder
    where
        Self: Sized,
    {
        let layout = Self::__CONFIG_MAP_LAYOUT;
        let mut vars = Vars::default();
        Self::__describe_config_map(&Scope::root(layout), &mut vars);
        wire_object(container, layout, &vars.0, false, options)
    }
}

/// The secret fields of a config struct as a Secret: `#[derive(kubeforge::Secret)]`.
///
/// Secret fields are those marked `#[kubeforge(secret)]`, those of a secrecy type
/// (`SecretString`, `SecretBox<T>`, `SecretSlice<u8>`), or every field with the container
/// attribute `#[kubeforge(secret)]`. Values go to `data` (base64 on the wire).
///
/// # Examples
///
/// ```
/// use kubeforge::config::ToSecret;
/// use kubeforge::secrecy::SecretString;
/// #[derive(kubeforge::Secret)]
/// #[kubeforge(secret_name = "db")]
/// struct DbCredentials { password: SecretString, #[kubeforge(secret)] user: String }
///
/// let s = DbCredentials { password: "pw".into(), user: "app".into() }.to_secret()?;
/// assert_eq!(s.data.unwrap()["PASSWORD"].0, b"pw");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` has secret fields but does not derive `kubeforge::Secret`",
    label = "a secret field: it never lands in a ConfigMap",
    note = "add `#[derive(kubeforge::Secret)]` to `{Self}`: secret fields (`#[kubeforge(secret)]`, `SecretString`, `SecretBox<T>`) go to a Secret"
)]
pub trait ToSecret {
    #[doc(hidden)]
    const __SECRET_LAYOUT: &'static Layout;

    #[doc(hidden)]
    fn __describe_secret(scope: &Scope, out: &mut Vars);

    #[doc(hidden)]
    fn __secret_entries(&self, scope: &Scope, out: &mut Entries);

    /// The Secret's name: `options`, else the `secret_name` attribute, else the struct's name
    /// in kebab-case followed by `-secret`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Options, ToSecret};
    /// #[derive(kubeforge::Secret)] #[kubeforge(secret)] struct ShopConfig { token: String }
    /// assert_eq!(ShopConfig::secret_name(&Options::new()), "shop-config-secret");
    /// ```
    fn secret_name(options: &Options) -> String
    where
        Self: Sized,
    {
        options.name(true, Self::__SECRET_LAYOUT)
    }

    /// The Secret's builder, to add more before `build()`.
    ///
    /// # Errors
    ///
    /// Two flattened fields that write the same key.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Options, ToSecret};
    /// #[derive(kubeforge::Secret)] #[kubeforge(secret)] struct Creds { token: String }
    /// let s = Creds { token: "t".into() }.secret_builder(&Options::new())?.data("extra", "x").build()?;
    /// assert_eq!(s.data.unwrap().len(), 2);
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn secret_builder(&self, options: &Options) -> Result<SecretBuilder, Error>
    where
        Self: Sized,
    {
        let layout = Self::__SECRET_LAYOUT;
        let mut entries = Entries::default();
        self.__secret_entries(&Scope::root(layout), &mut entries);
        secret_builder(layout, entries, options)
    }

    /// The Secret (`Opaque`), with the container attributes.
    ///
    /// # Errors
    ///
    /// Every violation of the built Secret.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::ToSecret;
    /// #[derive(kubeforge::Secret)] #[kubeforge(secret)] struct Creds { token: String }
    /// assert_eq!(Creds { token: "t".into() }.to_secret()?.type_.as_deref(), Some("Opaque"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn to_secret(&self) -> Result<Secret, Error>
    where
        Self: Sized,
    {
        self.to_secret_with(&Options::default())
    }

    /// The Secret, with run-time [`Options`]. It is built even in reference-only mode
    /// ([`Options::secret_managed_elsewhere`]): only [`objects`] leaves it out.
    ///
    /// # Errors
    ///
    /// As [`to_secret`](Self::to_secret).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Options, ToSecret};
    /// #[derive(kubeforge::Secret)] #[kubeforge(secret)] struct Creds { token: String }
    /// let s = Creds { token: "t".into() }.to_secret_with(&Options::new().namespace("prod"))?;
    /// assert_eq!(s.metadata.namespace.as_deref(), Some("prod"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn to_secret_with(&self, options: &Options) -> Result<Secret, Error>
    where
        Self: Sized,
    {
        self.secret_builder(options)?.build()
    }

    /// Wires the Secret into `container` (see [`wire`]), with the default [`Options`].
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::ContainerBuilder;
    /// use kubeforge::config::ToSecret;
    /// #[derive(kubeforge::Secret)] #[kubeforge(secret, secret_name = "creds")] struct Creds { token: String }
    /// let c = Creds::wire_secret(ContainerBuilder::new("app", "app:1")).build()?;
    /// assert_eq!(c.env_from.unwrap()[0].secret_ref.as_ref().unwrap().name, "creds");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn wire_secret(container: ContainerBuilder) -> ContainerBuilder
    where
        Self: Sized,
    {
        Self::wire_secret_with(container, &Options::default())
    }

    /// Wires the Secret into `container` with run-time [`Options`] (see [`wire`]). Needs no
    /// value of the struct: this is how a Secret managed elsewhere is referenced.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::ContainerBuilder;
    /// use kubeforge::config::{EnvMode, Options, ToSecret};
    /// #[derive(kubeforge::Secret)] #[kubeforge(secret, secret_name = "vault-creds")] struct Creds { token: String }
    /// let options = Options::new().secret_managed_elsewhere(true).env_mode(EnvMode::KeyRefs);
    /// let c = Creds::wire_secret_with(ContainerBuilder::new("app", "app:1"), &options).build()?;
    /// let r = c.env.unwrap()[0].value_from.clone().unwrap().secret_key_ref.unwrap();
    /// assert_eq!((r.name.as_str(), r.key.as_str()), ("vault-creds", "TOKEN"));
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn wire_secret_with(container: ContainerBuilder, options: &Options) -> ContainerBuilder
    where
        Self: Sized,
    {
        let layout = Self::__SECRET_LAYOUT;
        let mut vars = Vars::default();
        Self::__describe_secret(&Scope::root(layout), &mut vars);
        wire_object(container, layout, &vars.0, true, options)
    }
}

/// Reads a config struct back from the environment: `#[derive(kubeforge::FromEnv)]`.
///
/// Env vars are named `prefix` + key; file fields are read from the files the wiring mounts
/// (`files_dir`/name, or `secret_files_dir`/name for secret ones). Every missing or invalid
/// value is reported in one [`Error`], whose violations name the variable (or file) and,
/// for non-secret values only, show the value.
///
/// # Examples
///
/// ```
/// use kubeforge::config::FromEnv;
/// #[derive(Debug, kubeforge::FromEnv)]
/// #[kubeforge(prefix = "APP_")]
/// struct App { port: u16, workers: Option<u8>, #[kubeforge(secret)] pin: u32 }
///
/// let err = App::from_lookup(|name| match name {
///     "APP_WORKERS" => Some("many".into()),
///     "APP_PIN" => Some("12x4".into()),
///     _ => None,
/// }).unwrap_err();
/// let messages: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
/// assert_eq!(messages, [
///     "APP_PORT: Required value: environment variable not set",
///     "APP_WORKERS: Invalid value: \"many\": invalid digit found in string",
///     "APP_PIN: Invalid value: not a valid u32 (secret value and parser message not shown)",
/// ]);
/// ```
pub trait FromEnv: Sized {
    #[doc(hidden)]
    const __ENV_LAYOUT: &'static Layout;

    #[doc(hidden)]
    fn __describe_env(scope: &Scope, out: &mut Vars);

    #[doc(hidden)]
    fn __read(reader: &mut Reader<'_>, scope: &Scope) -> Option<Self>;

    /// Reads the struct from any [`Source`].
    ///
    /// # Errors
    ///
    /// Every missing or invalid value, at once (see the trait docs).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::{Env, FromEnv};
    /// #[derive(kubeforge::FromEnv)] #[kubeforge(prefix = "KUBEFORGE_DOC_")] struct App { home: Option<String> }
    /// assert!(App::from_source(&Env::new())?.home.is_none());
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn from_source(source: &impl Source) -> Result<Self, Error> {
        let layout = Self::__ENV_LAYOUT;
        let mut reader = Reader::new(source);
        let value = Self::__read(&mut reader, &Scope::root(layout));
        reader.finish(layout, value)
    }

    /// Reads the struct from the process's environment and the mounted files ([`Env`]).
    ///
    /// # Errors
    ///
    /// Every missing or invalid value, at once.
    ///
    /// # Examples
    ///
    /// ```no_run
    /// use kubeforge::config::FromEnv;
    /// #[derive(kubeforge::FromEnv)] #[kubeforge(prefix = "SHOP_")] struct Shop { port: u16 }
    /// let shop = match Shop::from_env() {
    ///     Ok(shop) => shop,
    ///     Err(err) => { eprintln!("{err}"); std::process::exit(1) }
    /// };
    /// # let _ = shop;
    /// ```
    fn from_env() -> Result<Self, Error> {
        Self::from_source(&Env::new())
    }

    /// Reads the struct through `lookup`, called with each env var's name and, for file
    /// fields, with the file's path in the container (`/etc/config/app.conf`).
    ///
    /// # Errors
    ///
    /// Every missing or invalid value, at once.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::FromEnv;
    /// #[derive(kubeforge::FromEnv)]
    /// struct App { port: u16, #[kubeforge(file = "app.conf")] conf: String }
    /// let app = App::from_lookup(|name| match name {
    ///     "PORT" => Some("80".into()),
    ///     "/etc/config/app.conf" => Some("[http]\n".into()),
    ///     _ => None,
    /// })?;
    /// assert_eq!(app.conf, "[http]\n");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        Self::from_source(&Lookup(lookup))
    }

    /// Every value the program expects, in field order (flattened fields in place).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::FromEnv;
    /// #[derive(kubeforge::FromEnv)] struct Db { host: String }
    /// #[derive(kubeforge::FromEnv)] #[kubeforge(prefix = "APP_")] struct App { #[kubeforge(flatten)] db: Db }
    /// assert_eq!(App::variables()[0].name(), "APP_DB__HOST");
    /// ```
    fn variables() -> Vec<Var> {
        let mut vars = Vars::default();
        Self::__describe_env(&Scope::root(Self::__ENV_LAYOUT), &mut vars);
        vars.0
    }

    /// A `.env.example` file: one `NAME=` line per env var (commented out when optional),
    /// each after its description; secrets and files are marked.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::FromEnv;
    /// #[derive(kubeforge::FromEnv)]
    /// #[kubeforge(prefix = "APP_")]
    /// struct App {
    ///     /// Where to listen.
    ///     port: u16,
    ///     sentry_dsn: Option<String>,
    ///     #[kubeforge(secret)]
    ///     token: String,
    /// }
    /// let text = App::env_example();
    /// assert!(text.contains("\n# Where to listen.\nAPP_PORT=\n"));
    /// assert!(text.contains("\n# (optional)\n# APP_SENTRY_DSN=\n"));
    /// assert!(text.contains("\n# (secret)\nAPP_TOKEN=\n"));
    /// ```
    fn env_example() -> String {
        env_example(Self::__ENV_LAYOUT.type_name, &Self::variables())
    }

    /// Writes [`env_example`](Self::env_example) to `path`, only if its content changed.
    /// Returns whether it wrote the file.
    ///
    /// # Errors
    ///
    /// An I/O error naming `path`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::config::FromEnv;
    /// #[derive(kubeforge::FromEnv)] struct App { port: u16 }
    /// let path = std::env::temp_dir().join(format!("kubeforge-doc-{}.env.example", std::process::id()));
    /// assert!(App::write_env_example(&path)?);
    /// assert!(!App::write_env_example(&path)?);
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    fn write_env_example(path: impl AsRef<Path>) -> Result<bool, Error> {
        let path = path.as_ref();
        let text = Self::env_example();
        if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
            return Ok(false);
        }
        std::fs::write(path, text).map_err(|e| Error::io(path.display().to_string(), e))?;
        Ok(true)
    }
}

// The bodies of the provided methods, out of the traits: compiled once here rather than in
// every crate that derives (the compile cost a derived struct adds stays small).

fn config_map_builder(
    layout: &Layout,
    entries: Entries,
    options: &Options,
) -> Result<ConfigMapBuilder, Error> {
    let name = options.name(false, layout);
    entries.check(format!("ConfigMap/{name}"))?;
    let meta = options.meta(layout);
    let mut builder = ConfigMapBuilder::new(name)
        .options(options.validate)
        .labels(meta.labels)
        .annotations(meta.annotations)
        .data_entries(entries.text);
    if let Some(namespace) = meta.namespace {
        builder = builder.namespace(namespace);
    }
    if let Some(immutable) = meta.immutable {
        builder = builder.immutable(immutable);
    }
    for (key, value) in entries.bytes {
        builder = builder.binary_data(key, value);
    }
    Ok(builder)
}

fn secret_builder(
    layout: &Layout,
    entries: Entries,
    options: &Options,
) -> Result<SecretBuilder, Error> {
    let name = options.name(true, layout);
    entries.check(format!("Secret/{name}"))?;
    let meta = options.meta(layout);
    let mut builder = SecretBuilder::new(name)
        .options(options.validate)
        .labels(meta.labels)
        .annotations(meta.annotations);
    if let Some(namespace) = meta.namespace {
        builder = builder.namespace(namespace);
    }
    if let Some(immutable) = meta.immutable {
        builder = builder.immutable(immutable);
    }
    for (key, value) in entries.text {
        builder = builder.data(key, value);
    }
    for (key, value) in entries.bytes {
        builder = builder.data(key, value);
    }
    Ok(builder)
}

fn env_example(type_name: &str, vars: &[Var]) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "# The environment of {type_name}, generated by kubeforge.\n\
         # Optional variables are commented out. Never commit real secret values.\n"
    );
    // Writing to a String cannot fail.
    for var in vars {
        out.push('\n');
        for line in var.description.lines() {
            let _ = writeln!(out, "{}", format!("# {line}").trim_end());
        }
        let notes: Vec<&str> = [
            (var.optional, "optional"),
            (var.secret, "secret"),
            (var.binary, "binary"),
        ]
        .into_iter()
        .filter_map(|(set, note)| set.then_some(note))
        .collect();
        if !notes.is_empty() {
            let _ = writeln!(out, "# ({})", notes.join(", "));
        }
        let _ = if var.file {
            writeln!(out, "# file, mounted at {}", var.name)
        } else if var.optional {
            writeln!(out, "# {}=", var.name)
        } else {
            writeln!(out, "{}=", var.name)
        };
    }
    out
}

fn wire_object(
    mut container: ContainerBuilder,
    layout: &Layout,
    vars: &[Var],
    secret: bool,
    options: &Options,
) -> ContainerBuilder {
    let name = options.name(secret, layout);
    let (env, files): (Vec<&Var>, Vec<&Var>) = vars
        .iter()
        .filter(|v| v.secret == secret)
        .partition(|v| !v.file);
    // `envFrom` would import the file keys too: key refs for an object with files.
    let mode = if files.is_empty() {
        options.env_mode
    } else {
        EnvMode::KeyRefs
    };
    if !env.is_empty() {
        match mode {
            EnvMode::EnvFrom => {
                let mut from = if secret {
                    EnvFrom::secret(name.as_str())
                } else {
                    EnvFrom::config_map(name.as_str())
                };
                if !layout.prefix.is_empty() {
                    from = from.prefix(layout.prefix);
                }
                container = container.env_from(from);
            }
            EnvMode::KeyRefs => {
                for var in env {
                    let mut key = if secret {
                        KeyRef::secret(name.as_str(), var.key.as_str())
                    } else {
                        KeyRef::config_map(name.as_str(), var.key.as_str())
                    };
                    if var.optional {
                        key = key.optional(true);
                    }
                    container = container.env_key_ref(var.name.as_str(), key);
                }
            }
        }
    }
    if !files.is_empty() {
        let (volume_name, dir) = if secret {
            (
                options.secret_volume.as_deref().unwrap_or("secret-files"),
                layout.secret_files_dir,
            )
        } else {
            (
                options.config_volume.as_deref().unwrap_or("config-files"),
                layout.files_dir,
            )
        };
        let mut volume = if secret {
            VolumeBuilder::secret(volume_name, name.as_str())
        } else {
            VolumeBuilder::config_map(volume_name, name.as_str())
        };
        for var in &files {
            volume = volume.item(var.key.as_str(), var.key.as_str());
        }
        if files.iter().any(|v| v.optional) {
            volume = volume.optional(true);
        }
        container = container.mount(volume, Mount::at(dir).read_only());
    }
    container
}

/// Wires both objects of a config struct into `container`, with run-time [`Options`].
///
/// - env vars: one `envFrom` entry per object with the struct's `prefix`
///   ([`EnvMode::EnvFrom`], for an object without file keys), or one `env` entry per key
///   ([`EnvMode::KeyRefs`]), named `prefix` + key, with `optional: true` for `Option` fields;
/// - file keys: a `configMap` volume (`config-files`) mounted read-only at `files_dir`
///   (default `/etc/config`) and a `secret` volume (`secret-files`) mounted read-only at
///   `secret_files_dir` (default `/run/secrets/config`), each listing only its file keys
///   (`items`), so one file per key; the volume is `optional` when one of its file
///   fields is an `Option`.
///
/// A `env` entry added to the container **after** the wiring overrides the same name from
/// `envFrom`, as in Kubernetes.
///
/// # Examples
///
/// ```
/// use kubeforge::ContainerBuilder;
/// use kubeforge::config::{self, Options};
/// use kubeforge::secrecy::SecretString;
/// #[derive(kubeforge::ConfigMap, kubeforge::Secret)]
/// #[kubeforge(prefix = "APP_", files_dir = "/etc/app")]
/// struct App { port: u16, #[kubeforge(file = "app.conf")] conf: String, token: SecretString }
///
/// let c = config::wire::<App>(ContainerBuilder::new("app", "app:1"), &Options::new()).build()?;
/// // The Secret by envFrom; the ConfigMap, which holds app.conf, one key at a time.
/// assert_eq!(c.env_from.unwrap()[0].secret_ref.as_ref().unwrap().name, "app-secret");
/// assert_eq!(c.env.unwrap()[0].name, "APP_PORT");
/// assert_eq!(c.volume_mounts.unwrap()[0].mount_path, "/etc/app");
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn wire<T: ToConfigMap + ToSecret>(
    container: ContainerBuilder,
    options: &Options,
) -> ContainerBuilder {
    let container = T::wire_config_map_with(container, options);
    T::wire_secret_with(container, options)
}

/// The ConfigMap and, unless it is managed elsewhere ([`Options::secret_managed_elsewhere`]),
/// the Secret of `value`, ready for a [`Bundle`](crate::Bundle).
///
/// # Errors
///
/// Every violation of either object.
///
/// # Examples
///
/// ```
/// use kubeforge::Bundle;
/// use kubeforge::config::{self, Options};
/// use kubeforge::secrecy::SecretString;
/// #[derive(kubeforge::ConfigMap, kubeforge::Secret)]
/// struct App { port: u16, token: SecretString }
///
/// let app = App { port: 80, token: SecretString::default() };
/// assert_eq!(config::objects(&app, &Options::new())?.len(), 2);
/// let external = config::objects(&app, &Options::new().secret_managed_elsewhere(true))?;
/// assert_eq!(external.len(), 1);
/// let bundle: Bundle = external.into_iter().collect();
/// assert!(!bundle.to_yaml()?.contains("kind: Secret"));
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub fn objects<T: ToConfigMap + ToSecret>(
    value: &T,
    options: &Options,
) -> Result<Vec<Object>, Error> {
    let mut out = vec![Object::from(value.to_config_map_with(options)?)];
    if !options.external_secret {
        out.push(Object::from(value.to_secret_with(options)?));
    }
    Ok(out)
}
