//! Secret: credentials, keys and certificates (course: "Les Secrets").
//!
//! A Secret is **base64-encoded, not encrypted**: anyone who can read it (RBAC `get` on
//! secrets) or read etcd without encryption at rest can read the value. kubeforge never prints
//! a secret value in `Debug` output.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fmt;
use std::fmt::Write as _;
use std::path::Path as FsPath;

use k8s_openapi::ByteString;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::error::Error;
use crate::meta::{metadata_setters, options_setter};
use crate::source::{self, Deferred, Skipped, Target};
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
    deferred: Option<Deferred>,
    skipped: Vec<Skipped>,
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
            deferred: None,
            skipped: Vec::new(),
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

    /// Runs one source against `data` unless an earlier source failed (kubectl stops at its
    /// first error; so does the builder, and `build()` returns that error).
    fn source(
        mut self,
        add: impl FnOnce(&mut Target<'_>, &mut Vec<Skipped>) -> Result<(), Deferred>,
    ) -> Self {
        if self.deferred.is_some() {
            return self;
        }
        let mut target = Target::Secret {
            data: &mut self.data,
            string_data: &self.string_data,
        };
        if let Err(e) = add(&mut target, &mut self.skipped) {
            self.deferred = Some(e);
        }
        self
    }

    /// Sets a built-in type and the keys it requires, unless an earlier source failed.
    fn typed(
        mut self,
        type_: SecretType,
        fill: impl FnOnce() -> Result<Vec<(&'static str, Vec<u8>)>, Deferred>,
    ) -> Self {
        if self.deferred.is_some() {
            return self;
        }
        match fill() {
            Ok(entries) => {
                for (key, value) in entries {
                    self.data.insert(key.to_owned(), ByteString(value));
                }
                self.type_ = type_;
            }
            Err(e) => self.deferred = Some(e),
        }
        self
    }

    /// Adds entries as `kubectl create secret generic --from-file=SOURCE` does: `PATH` (keyed
    /// by its base name), `KEY=PATH`, or a directory (each **regular** file, keyed by its
    /// name, in name order; sub-folders, symbolic links, pipes and devices are skipped, as
    /// kubectl does, and listed in [`skipped`](Self::skipped), which kubectl does not do).
    /// Every value goes to `data`, whatever its bytes.
    ///
    /// Errors are kubectl's and come from `build()`: an invalid key (`"a b" is not valid key
    /// name for a Secret ...`), a key already present (`cannot add key k, another key by that
    /// name already exists`), a key given for a directory, a missing or unreadable path.
    /// After an error, later sources are ignored, as kubectl stops there. Sources apply in
    /// call order (kubectl: all literals, then all files); one source is one path (kubectl's
    /// flag also splits its value at commas).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let dir = std::env::temp_dir().join(format!("kubeforge-doc-secret-from-file-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n").unwrap();
    /// let s = SecretBuilder::new("deploy-key")
    ///     .from_file(format!("ssh-privatekey={}", dir.join("id_ed25519").display()))
    ///     .build()?;
    /// assert!(s.data.unwrap()["ssh-privatekey"].0.starts_with(b"-----BEGIN"));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_file(self, source: impl AsRef<OsStr>) -> Self {
        let source = source.as_ref().to_owned();
        self.source(|target, skipped| source::add_file_source(target, &source, skipped))
    }

    /// Adds every `KEY=VALUE` line of an env-file, as `kubectl create secret generic
    /// --from-env-file=PATH` does (see `ConfigMapBuilder::from_env_file` for the format: values
    /// as written, quotes kept, `KEY` alone taken from this process's environment).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let path = std::env::temp_dir().join(format!("kubeforge-doc-secret-env-{}.env", std::process::id()));
    /// std::fs::write(&path, "DB_USER=app\nDB_PASSWORD=s3cr=t\n").unwrap();
    /// let s = SecretBuilder::new("db").from_env_file(&path).build()?;
    /// assert_eq!(s.data.unwrap()["DB_PASSWORD"].0, b"s3cr=t");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_env_file(self, path: impl AsRef<FsPath>) -> Self {
        let path = path.as_ref().to_owned();
        self.source(|target, _| source::add_env_file(target, &path))
    }

    /// Adds `KEY=VALUE` as `kubectl create secret generic --from-literal=KEY=VALUE` does
    /// (split at the first `=`; a valid, new key).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let s = SecretBuilder::new("s").from_literal("password=a=b").build()?;
    /// assert_eq!(s.data.unwrap()["password"].0, b"a=b");
    /// let err = SecretBuilder::new("s").from_literal("=x").build().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid literal source =x, expected key=value");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn from_literal(self, source: impl AsRef<str>) -> Self {
        self.source(|target, _| source::add_literal(target, source.as_ref()))
    }

    /// Adds a file as `kubectl create secret generic --from-file=PATH`: key = the path's base
    /// name (a directory adds its regular files). Unlike [`from_file`](Self::from_file),
    /// `path` is never split at `=`.
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
        let path = path.as_ref().to_owned();
        self.source(|target, skipped| source::add_unparsed_path(target, None, &path, skipped))
    }

    /// Adds a file under the key `key` (`--from-file=KEY=PATH`; a directory is refused).
    ///
    /// # Examples
    ///
    /// ```
    /// let err = kubeforge::SecretBuilder::new("s").file_as("k", "/no/such/file").build().unwrap_err();
    /// assert!(err.is_io());
    /// assert_eq!(err.to_string(), "error reading /no/such/file: no such file or directory");
    /// ```
    pub fn file_as(self, key: impl Into<String>, path: impl AsRef<FsPath>) -> Self {
        let (key, path) = (key.into(), path.as_ref().to_owned());
        self.source(|target, skipped| {
            source::add_unparsed_path(target, Some(key.as_bytes()), &path, skipped)
        })
    }

    /// The directory entries that [`from_file`](Self::from_file) (or [`file`](Self::file)) on
    /// a directory left out because they are not regular files (kubectl skips them silently).
    ///
    /// # Examples
    ///
    /// ```
    /// let dir = std::env::temp_dir().join(format!("kubeforge-doc-secret-skipped-{}", std::process::id()));
    /// std::fs::create_dir_all(dir.join("old")).unwrap();
    /// std::fs::write(dir.join("token"), "t0k3n").unwrap();
    /// let builder = kubeforge::SecretBuilder::new("s").from_file(&dir);
    /// assert_eq!(builder.skipped()[0].path(), dir.join("old"));
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// Makes a `kubernetes.io/tls` Secret from PEM files, as `kubectl create secret tls NAME
    /// --cert=CERT --key=KEY` does: `tls.crt` and `tls.key` hold the files as they are, and the
    /// pair is checked first as kubectl checks it (Go's `tls.X509KeyPair`): the certificate
    /// file must hold a `CERTIFICATE` PEM block, the key file a `PRIVATE KEY`, `RSA PRIVATE
    /// KEY`, `EC PRIVATE KEY` (any `... PRIVATE KEY`) block, both must decode, and the key
    /// must belong to the certificate. Errors are Go's (`tls: private key does not match public
    /// key`); an unreadable file is `Cannot read file PATH, open PATH: no such file or
    /// directory`. Limits of the check: RSA and EC pairs are matched (EC through the public
    /// point the key file carries, which OpenSSL always writes), an Ed25519 pair by type only,
    /// and the certificate is decoded down to its public key, not validated further.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let dir = std::env::temp_dir().join(format!("kubeforge-doc-tls-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// std::fs::write(dir.join("tls.crt"), "not a certificate").unwrap();
    /// std::fs::write(dir.join("tls.key"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n").unwrap();
    /// let err = SecretBuilder::new("web-tls").tls(dir.join("tls.crt"), dir.join("tls.key")).build().unwrap_err();
    /// assert_eq!(err.to_string(), "tls: failed to find any PEM data in certificate input");
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn tls(self, cert: impl AsRef<FsPath>, key: impl AsRef<FsPath>) -> Self {
        let (cert, key) = (cert.as_ref().to_owned(), key.as_ref().to_owned());
        self.typed(SecretType::Tls, || {
            let cert = read_tls_file(&cert)?;
            let key = read_tls_file(&key)?;
            crate::tls::check_key_pair(&cert, &key).map_err(Deferred::plain)?;
            Ok(vec![("tls.crt", cert), ("tls.key", key)])
        })
    }

    /// [`tls`](Self::tls) from PEM held in memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    /// let err = SecretBuilder::new("t").tls_pem(key, key).build().unwrap_err();
    /// assert!(err.to_string().contains("PEM inputs may have been switched"));
    /// ```
    pub fn tls_pem(self, cert: impl Into<Vec<u8>>, key: impl Into<Vec<u8>>) -> Self {
        let (cert, key) = (cert.into(), key.into());
        self.typed(SecretType::Tls, || {
            crate::tls::check_key_pair(&cert, &key).map_err(Deferred::plain)?;
            Ok(vec![("tls.crt", cert), ("tls.key", key)])
        })
    }

    /// Makes a `kubernetes.io/dockerconfigjson` Secret for pulling images, as `kubectl create
    /// secret docker-registry NAME --docker-server=S --docker-username=U --docker-password=P
    /// [--docker-email=E]` does: `.dockerconfigjson` holds, byte for byte as kubectl writes
    /// it, `{"auths":{S:{"username":U,"password":P,"email":E,"auth":base64(U:P)}}}` (an empty
    /// `email` is left out). `server`, `username` and `password` are required, as in kubectl;
    /// kubectl's default server is [`DOCKER_HUB_SERVER`].
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let s = SecretBuilder::new("regcred")
    ///     .docker_registry("registry.example.com", "ci", "s3cret", "")
    ///     .build()?;
    /// assert_eq!(s.type_.as_deref(), Some("kubernetes.io/dockerconfigjson"));
    /// assert_eq!(
    ///     s.data.unwrap()[".dockerconfigjson"].0,
    ///     br#"{"auths":{"registry.example.com":{"username":"ci","password":"s3cret","auth":"Y2k6czNjcmV0"}}}"#
    /// );
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn docker_registry(
        self,
        server: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
        email: impl Into<String>,
    ) -> Self {
        let (server, username, password, email) = (
            server.into(),
            username.into(),
            password.into(),
            email.into(),
        );
        self.typed(SecretType::DockerConfigJson, || {
            if server.is_empty() || username.is_empty() || password.is_empty() {
                return Err(Deferred::plain(
                    "either --from-file or the combination of --docker-username, --docker-password and --docker-server is required",
                ));
            }
            let json = docker_config_json(&server, &username, &password, &email);
            Ok(vec![(".dockerconfigjson", json.into_bytes())])
        })
    }

    /// Makes a `kubernetes.io/basic-auth` Secret with the keys `username` and `password`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let s = SecretBuilder::new("git-creds").basic_auth("deploy", "s3cret").build()?;
    /// assert_eq!(s.type_.as_deref(), Some("kubernetes.io/basic-auth"));
    /// assert_eq!(s.data.unwrap()["username"].0, b"deploy");
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        let (username, password) = (username.into(), password.into());
        self.typed(SecretType::BasicAuth, || {
            Ok(vec![
                ("username", username.into_bytes()),
                ("password", password.into_bytes()),
            ])
        })
    }

    /// Makes a `kubernetes.io/ssh-auth` Secret whose `ssh-privatekey` is the file at `path`
    /// (which must not be empty: `build()` then fails with `data[ssh-privatekey]: Required
    /// value`, as the apiserver would).
    ///
    /// # Examples
    ///
    /// ```
    /// use kubeforge::SecretBuilder;
    /// let path = std::env::temp_dir().join(format!("kubeforge-doc-ssh-{}", std::process::id()));
    /// std::fs::write(&path, "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n").unwrap();
    /// let s = SecretBuilder::new("deploy-key").ssh_auth(&path).build()?;
    /// assert_eq!(s.type_.as_deref(), Some("kubernetes.io/ssh-auth"));
    /// assert!(s.data.unwrap().contains_key("ssh-privatekey"));
    /// std::fs::write(&path, "").unwrap();
    /// let err = SecretBuilder::new("deploy-key").ssh_auth(&path).build().unwrap_err();
    /// assert_eq!(err.violations()[0].to_string(), "data[ssh-privatekey]: Required value");
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), kubeforge::Error>(())
    /// ```
    pub fn ssh_auth(self, path: impl AsRef<FsPath>) -> Self {
        let path = path.as_ref().to_owned();
        self.typed(SecretType::SshAuth, || {
            let key = std::fs::read(&path).map_err(|e| {
                Deferred::io(
                    format!("open {}: {}", path.display(), source::go_errno(&e)),
                    &e,
                )
            })?;
            Ok(vec![("ssh-privatekey", key)])
        })
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

    options_setter!("SecretBuilder::new(\"s\")");

    /// Assembles the Secret and validates it (keys, size, the keys its type requires).
    ///
    /// # Errors
    ///
    /// The first error of a file, env-file, literal or typed source, in kubectl's words
    /// ([`Error::is_input`], and [`Error::is_io`] for an unreadable file); otherwise every
    /// violation, e.g.
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
        if let Some(deferred) = self.deferred {
            return Err(deferred.into_error());
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

/// The registry `kubectl create secret docker-registry` uses when `--docker-server` is not
/// given (Docker Hub).
///
/// # Examples
///
/// ```
/// use kubeforge::{SecretBuilder, DOCKER_HUB_SERVER};
/// let s = SecretBuilder::new("hub").docker_registry(DOCKER_HUB_SERVER, "me", "pw", "me@example.com").build()?;
/// assert!(s.data.unwrap()[".dockerconfigjson"].0.starts_with(br#"{"auths":{"https://index.docker.io/v1/":"#));
/// # Ok::<(), kubeforge::Error>(())
/// ```
pub const DOCKER_HUB_SERVER: &str = "https://index.docker.io/v1/";

/// kubectl's file read for `create secret tls` (`readFile`), with its message.
fn read_tls_file(path: &FsPath) -> Result<Vec<u8>, Deferred> {
    std::fs::read(path).map_err(|e| {
        Deferred::io(
            format!(
                "Cannot read file {p}, open {p}: {}",
                source::go_errno(&e),
                p = path.display()
            ),
            &e,
        )
    })
}

/// The `.dockerconfigjson` kubectl writes: Go's `json.Marshal` of its `DockerConfigJSON`
/// (fields in declaration order, empty ones omitted, Go's string escaping).
fn docker_config_json(server: &str, username: &str, password: &str, email: &str) -> String {
    use base64::Engine as _;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    let mut out = String::from("{\"auths\":{");
    go_json_string(&mut out, server);
    out.push_str(":{");
    let mut first = true;
    for (name, value) in [
        ("username", username),
        ("password", password),
        ("email", email),
        ("auth", auth.as_str()),
    ] {
        if value.is_empty() {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        go_json_string(&mut out, name);
        out.push(':');
        go_json_string(&mut out, value);
    }
    out.push_str("}}}");
    out
}

/// A JSON string as Go's `encoding/json` writes it: HTML-safe (`<`, `>`, `&` as `\u003c`...),
/// U+2028/U+2029 escaped, `\b` `\f` `\n` `\r` `\t` short, other controls as `\u00XX`.
fn go_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_json_like_go() {
        assert_eq!(
            docker_config_json("s", "u<&>", "p\"\\\n\u{1}\u{2028}é", ""),
            r#"{"auths":{"s":{"username":"u\u003c\u0026\u003e","password":"p\"\\\n\u0001\u2028é","auth":"dTwmPjpwIlwKAeKAqMOp"}}}"#
        );
    }
}
