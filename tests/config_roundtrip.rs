//! The round trip of a derived config struct, property-tested:
//! struct → ConfigMap + Secret + wired Pod → the environment and files Kubernetes would give
//! the container (`kubelet` below follows the kubelet's rules) → `from_lookup` (or
//! `from_source` for bytes) → the same struct.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use k8s_openapi::api::core::v1::{ConfigMap, Container, Pod, Secret, Volume};
use kubeforge::config::{self, EnvMode, FromEnv, Options, Source, ToConfigMap, ToSecret};
use kubeforge::secrecy::{ExposeSecret, SecretBox, SecretSlice, SecretString};
use kubeforge::{ContainerBuilder, PodBuilder};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// What the kubelet does (pkg/kubelet/kubelet_pods.go `makeEnvironmentVariables` and the
// configMap/secret volume plugins), for one container of a Pod.

/// The environment and the files one container sees.
#[derive(Debug, Default)]
struct ContainerView {
    env: BTreeMap<String, String>,
    files: BTreeMap<String, Vec<u8>>,
}

/// A Secret's data as the apiserver stores it: `stringData` merged into `data` (and winning).
fn secret_data(secret: &Secret) -> BTreeMap<String, Vec<u8>> {
    let mut data: BTreeMap<String, Vec<u8>> = secret
        .data
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect();
    for (k, v) in secret.string_data.clone().unwrap_or_default() {
        data.insert(k, v.into_bytes());
    }
    data
}

/// Env var names the kubelet accepts (relaxed rule, Kubernetes ≥ 1.32): printable ASCII but `=`.
fn valid_env_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| (0x20..0x7f).contains(&b) && b != b'=')
}

/// `$(VAR)` expansion of `env[].value` (k8s.io/kubernetes third_party/forked/golang/expansion):
/// `$$` is a literal `$`, `$(NAME)` of a defined variable is replaced, anything else is kept.
fn expand(input: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = input;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(tail) = after.strip_prefix('(') {
            if let Some((name, tail)) = tail.split_once(')') {
                if let Some(value) = vars.get(name) {
                    out.push_str(value);
                } else {
                    out.push_str("$(");
                    out.push_str(name);
                    out.push(')');
                }
                rest = tail;
            } else {
                out.push_str("$(");
                rest = tail;
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The objects of the namespace.
struct Namespace<'a> {
    config_maps: &'a [ConfigMap],
    secrets: &'a [Secret],
}

impl Namespace<'_> {
    fn config_map(&self, name: &str) -> Option<&ConfigMap> {
        self.config_maps
            .iter()
            .find(|c| c.metadata.name.as_deref() == Some(name))
    }

    fn secret(&self, name: &str) -> Option<&Secret> {
        self.secrets
            .iter()
            .find(|s| s.metadata.name.as_deref() == Some(name))
    }
}

/// The environment and files of `container` in `pod`, given the objects in the namespace.
/// `Err` is the container's start failure (`CreateContainerConfigError`, a failed mount).
fn kubelet(
    pod: &Pod,
    container: &Container,
    config_maps: &[ConfigMap],
    secrets: &[Secret],
) -> Result<ContainerView, String> {
    let ns = Namespace {
        config_maps,
        secrets,
    };
    let mut view = ContainerView::default();
    env_from(&ns, container, &mut view.env)?;
    env(&ns, container, &mut view.env)?;
    let volumes = pod
        .spec
        .as_ref()
        .and_then(|s| s.volumes.clone())
        .unwrap_or_default();
    for mount in container.volume_mounts.iter().flatten() {
        let volume = volumes
            .iter()
            .find(|v| v.name == mount.name)
            .ok_or_else(|| format!("volume {} not declared", mount.name))?;
        mount_files(&ns, volume, &mount.mount_path, &mut view.files)?;
    }
    Ok(view)
}

/// Step 1, `envFrom`, in order; a later source overrides an earlier one.
fn env_from(
    ns: &Namespace<'_>,
    container: &Container,
    env: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for from in container.env_from.iter().flatten() {
        let prefix = from.prefix.clone().unwrap_or_default();
        let pairs: Vec<(String, String)> = if let Some(r) = &from.config_map_ref {
            match ns.config_map(&r.name) {
                // Only `data`: binaryData keys never become env vars.
                Some(c) => c.data.clone().unwrap_or_default().into_iter().collect(),
                None if r.optional == Some(true) => continue,
                None => return Err(format!("configmap {:?} not found", r.name)),
            }
        } else if let Some(r) = &from.secret_ref {
            match ns.secret(&r.name) {
                Some(s) => secret_data(s)
                    .into_iter()
                    .map(|(k, v)| (k, String::from_utf8_lossy(&v).into_owned()))
                    .collect(),
                None if r.optional == Some(true) => continue,
                None => return Err(format!("secret {:?} not found", r.name)),
            }
        } else {
            return Err("envFrom without a source".into());
        };
        for (key, value) in pairs {
            let name = format!("{prefix}{key}");
            // Invalid names are skipped with an event, not fatal.
            if valid_env_name(&name) {
                env.insert(name, value);
            }
        }
    }
    Ok(())
}

/// Step 2, `env`, in order: overrides `envFrom`; `value` expands `$(VAR)` of what is defined so far.
fn env(
    ns: &Namespace<'_>,
    container: &Container,
    env: &mut BTreeMap<String, String>,
) -> Result<(), String> {
    for var in container.env.iter().flatten() {
        let value = if let Some(from) = &var.value_from {
            if let Some(r) = &from.config_map_key_ref {
                let found = ns
                    .config_map(&r.name)
                    .and_then(|c| c.data.as_ref()?.get(&r.key).cloned());
                match found {
                    Some(v) => v,
                    None if r.optional == Some(true) => continue,
                    None => {
                        return Err(format!(
                            "couldn't find key {} in ConfigMap {}",
                            r.key, r.name
                        ));
                    }
                }
            } else if let Some(r) = &from.secret_key_ref {
                let found = ns
                    .secret(&r.name)
                    .and_then(|s| secret_data(s).get(&r.key).cloned());
                match found {
                    Some(v) => String::from_utf8_lossy(&v).into_owned(),
                    None if r.optional == Some(true) => continue,
                    None => {
                        return Err(format!("couldn't find key {} in Secret {}", r.key, r.name));
                    }
                }
            } else {
                return Err(format!("unsupported valueFrom for {}", var.name));
            }
        } else {
            expand(var.value.as_deref().unwrap_or_default(), env)
        };
        env.insert(var.name.clone(), value);
    }
    Ok(())
}

/// Step 3, a configMap or secret volume: each key (or listed item) is a file under the mount
/// path; a missing object or key fails the mount unless the volume is `optional`.
fn mount_files(
    ns: &Namespace<'_>,
    volume: &Volume,
    mount_path: &str,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Result<(), String> {
    let (content, items, optional): (BTreeMap<String, Vec<u8>>, _, _) =
        if let Some(c) = &volume.config_map {
            let Some(obj) = ns.config_map(&c.name) else {
                return if c.optional == Some(true) {
                    Ok(())
                } else {
                    Err(format!("configmap {:?} not found", c.name))
                };
            };
            let mut all: BTreeMap<String, Vec<u8>> = obj
                .data
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (k, v.into_bytes()))
                .collect();
            for (k, v) in obj.binary_data.clone().unwrap_or_default() {
                all.insert(k, v.0);
            }
            (all, c.items.clone(), c.optional == Some(true))
        } else if let Some(s) = &volume.secret {
            let name = s.secret_name.clone().unwrap_or_default();
            let Some(obj) = ns.secret(&name) else {
                return if s.optional == Some(true) {
                    Ok(())
                } else {
                    Err(format!("secret {name:?} not found"))
                };
            };
            (secret_data(obj), s.items.clone(), s.optional == Some(true))
        } else {
            return Ok(());
        };
    let dir = mount_path.trim_end_matches('/');
    match items {
        None => {
            for (key, bytes) in content {
                files.insert(format!("{dir}/{key}"), bytes);
            }
        }
        Some(items) => {
            for item in items {
                match content.get(&item.key) {
                    Some(bytes) => {
                        files.insert(format!("{dir}/{}", item.path), bytes.clone());
                    }
                    None if optional => {}
                    None => return Err(format!("references non-existent key {}", item.key)),
                }
            }
        }
    }
    Ok(())
}

impl Source for ContainerView {
    fn var(&self, name: &str) -> Result<Option<String>, String> {
        Ok(self.env.get(name).cloned())
    }

    fn file(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.files.get(path).cloned())
    }
}

#[test]
fn kubelet_rules() {
    let vars: BTreeMap<String, String> = [("A".to_owned(), "1".to_owned())].into();
    assert_eq!(expand("$(A)-$(B)-$$(A)-$", &vars), "1-$(B)-$(A)-$");
    assert!(valid_env_name("app.conf"));
    assert!(!valid_env_name("A=B"));
}

// ---------------------------------------------------------------------------------------
// The config structs.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Fast,
    Safe,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Fast => "fast",
            Self::Safe => "safe",
        })
    }
}

impl FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "fast" => Ok(Self::Fast),
            "safe" => Ok(Self::Safe),
            _ => Err(format!("unknown mode {s:?}")),
        }
    }
}

mod upper {
    // `&String` derefs to `&str`: a `with` function may take either.
    pub(crate) fn to_env(v: &str) -> String {
        v.to_uppercase()
    }
    pub(crate) fn from_env(s: &str) -> Result<String, String> {
        if s.chars().any(char::is_lowercase) {
            return Err(format!("{s:?} is not upper case"));
        }
        Ok(s.to_lowercase())
    }
}

#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
struct Db {
    host: String,
    port: u16,
    password: SecretString,
    replica: Option<String>,
}

#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
#[kubeforge(
    prefix = "APP_",
    config_map_name = "app-config",
    secret_name = "app-secret",
    files_dir = "/etc/app",
    secret_files_dir = "/run/secrets/app"
)]
struct App {
    name: String,
    mode: Mode,
    port: u16,
    ratio: f64,
    debug: bool,
    workers: Option<u32>,
    sentry_dsn: Option<String>,
    #[kubeforge(separator = ";")]
    origins: Vec<String>,
    ids: Vec<i64>,
    timeout: Duration,
    grace: Option<Duration>,
    #[kubeforge(with = upper)]
    region: String,
    #[kubeforge(rename = "ZONE-NAME")]
    zone: String,
    #[kubeforge(file = "app.conf")]
    conf: String,
    #[kubeforge(file = "extra.conf")]
    extra: Option<String>,
    #[kubeforge(flatten)]
    db: Db,
    token: SecretString,
    pin: SecretBox<u32>,
    webhook_secret: Option<SecretString>,
    #[kubeforge(secret, file = "tls.key")]
    tls_key: String,
    #[kubeforge(skip)]
    cache: Vec<String>,
}

/// What a value of `App` holds, secrets exposed, for comparisons.
#[derive(Debug, PartialEq)]
struct Plain {
    values: Vec<String>,
    ratio: f64,
}

fn plain(a: &App) -> Plain {
    Plain {
        values: vec![
            a.name.clone(),
            a.mode.to_string(),
            a.port.to_string(),
            a.debug.to_string(),
            format!("{:?}", a.workers),
            format!("{:?}", a.sentry_dsn),
            format!("{:?}", a.origins),
            format!("{:?}", a.ids),
            format!("{:?}", a.timeout),
            format!("{:?}", a.grace),
            a.region.clone(),
            a.zone.clone(),
            a.conf.clone(),
            format!("{:?}", a.extra),
            a.db.host.clone(),
            a.db.port.to_string(),
            a.db.password.expose_secret().to_owned(),
            format!("{:?}", a.db.replica),
            a.token.expose_secret().to_owned(),
            a.pin.expose_secret().to_string(),
            format!(
                "{:?}",
                a.webhook_secret
                    .as_ref()
                    .map(|s| s.expose_secret().to_owned())
            ),
            a.tls_key.clone(),
            format!("{:?}", a.cache),
        ],
        ratio: a.ratio,
    }
}

/// Text that survives an env var and a ConfigMap value: anything but NUL.
fn text() -> impl Strategy<Value = String> {
    "[^\u{0}]{0,12}"
}

fn app() -> impl Strategy<Value = App> {
    let scalars = (
        text(),
        prop_oneof![Just(Mode::Fast), Just(Mode::Safe)],
        any::<u16>(),
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        any::<bool>(),
        proptest::option::of(any::<u32>()),
        proptest::option::of(text()),
    );
    let lists = (
        // Items neither empty nor holding the separator (documented limits of `Vec<T>`).
        proptest::collection::vec("[^;\u{0}]{1,8}", 0..4),
        proptest::collection::vec(any::<i64>(), 0..4),
        (any::<u64>(), 0u32..1_000_000_000).prop_map(|(s, n)| Duration::new(s, n)),
        proptest::option::of(any::<u32>().prop_map(|ms| Duration::from_millis(ms.into()))),
        "[a-z0-9-]{0,10}",
        text(),
        "[^\u{0}]{0,40}",
        proptest::option::of("[^\u{0}]{0,40}"),
    );
    let secrets = (
        text(),
        any::<u16>(),
        text(),
        proptest::option::of(text()),
        text(),
        any::<u32>(),
        proptest::option::of(text()),
        "[^\u{0}]{0,40}",
    );
    (scalars, lists, secrets).prop_map(
        |(
            (name, mode, port, ratio, debug, workers, sentry_dsn),
            (origins, ids, timeout, grace, region, zone, conf, extra),
            (host, db_port, db_password, replica, token, pin, webhook, tls_key),
        )| App {
            name,
            mode,
            port,
            ratio,
            debug,
            workers,
            sentry_dsn,
            origins,
            ids,
            timeout,
            grace,
            region,
            zone,
            conf,
            extra,
            db: Db {
                host,
                port: db_port,
                password: db_password.into(),
                replica,
            },
            token: token.into(),
            pin: SecretBox::new(Box::new(pin)),
            webhook_secret: webhook.map(SecretString::from),
            tls_key,
            cache: Vec::new(),
        },
    )
}

/// The objects and the Pod, wired with `options`; then `extra` edits the container (env
/// entries appended after the wiring).
fn deploy(
    value: &App,
    options: &Options,
    extra: impl FnOnce(ContainerBuilder) -> ContainerBuilder,
) -> Result<ContainerView, String> {
    let cm = value
        .to_config_map_with(options)
        .map_err(|e| e.to_string())?;
    let secret = value.to_secret_with(options).map_err(|e| e.to_string())?;
    let container = extra(config::wire::<App>(
        ContainerBuilder::new("app", "app:1"),
        options,
    ));
    let pod = PodBuilder::new("app")
        .container(container)
        .build()
        .map_err(|e| e.to_string())?;
    let container = pod
        .spec
        .as_ref()
        .and_then(|s| s.containers.first())
        .ok_or("no container")?;
    kubelet(&pod, container, &[cm], &[secret])
}

fn mode() -> impl Strategy<Value = EnvMode> {
    prop_oneof![Just(EnvMode::EnvFrom), Just(EnvMode::KeyRefs)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// struct → objects → container → from_lookup → the same struct, in both env modes.
    #[test]
    fn round_trip(value in app(), env_mode in mode()) {
        let view = deploy(&value, &Options::new().env_mode(env_mode), |c| c)
            .map_err(TestCaseError::fail)?;
        let lookup = |name: &str| {
            view.env.get(name).cloned().or_else(|| {
                view.files.get(name).map(|b| String::from_utf8_lossy(b).into_owned())
            })
        };
        let read = App::from_lookup(lookup).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (expected, got) = (plain(&value), plain(&read));
        prop_assert_eq!(&expected.values, &got.values);
        prop_assert_eq!(expected.ratio.to_bits(), got.ratio.to_bits());
        // Through a `Source` too.
        let read = App::from_source(&view).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(plain(&value).values, plain(&read).values);
    }

    /// An `env` entry added after the wiring overrides the same name from `envFrom` (and from
    /// an earlier `env` entry), and `$(VAR)` in it sees what the wiring defined.
    #[test]
    fn env_entries_override_the_wiring(value in app(), env_mode in mode(), port in any::<u16>()) {
        let view = deploy(&value, &Options::new().env_mode(env_mode), |c| {
            c.env("APP_PORT", port.to_string())
                .env("APP_NAME", "$(APP_MODE)-$(APP_DB__PORT)-$$")
        })
        .map_err(TestCaseError::fail)?;
        let read = App::from_source(&view).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(read.port, port);
        prop_assert_eq!(read.name, format!("{}-{}-$", value.mode, value.db.port));
    }
}

// ---------------------------------------------------------------------------------------
// A struct without file keys: `EnvMode::EnvFrom` wires it with `envFrom` and the prefix (a
// struct with files gets key refs, so that no file becomes an env var).

#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
#[kubeforge(
    prefix = "WEB_",
    config_map_name = "web-config",
    secret_name = "web-secret"
)]
struct Web {
    name: String,
    mode: Mode,
    port: u16,
    workers: Option<u32>,
    #[kubeforge(separator = ";")]
    origins: Vec<String>,
    timeout: Duration,
    #[kubeforge(flatten)]
    db: Db,
    token: SecretString,
    webhook_secret: Option<SecretString>,
}

fn web_plain(w: &Web) -> Vec<String> {
    vec![
        w.name.clone(),
        w.mode.to_string(),
        w.port.to_string(),
        format!("{:?}", w.workers),
        format!("{:?}", w.origins),
        format!("{:?}", w.timeout),
        w.db.host.clone(),
        w.db.port.to_string(),
        w.db.password.expose_secret().to_owned(),
        format!("{:?}", w.db.replica),
        w.token.expose_secret().to_owned(),
        format!(
            "{:?}",
            w.webhook_secret
                .as_ref()
                .map(|s| s.expose_secret().to_owned())
        ),
    ]
}

fn web() -> impl Strategy<Value = Web> {
    (
        (
            text(),
            prop_oneof![Just(Mode::Fast), Just(Mode::Safe)],
            any::<u16>(),
            proptest::option::of(any::<u32>()),
        ),
        (
            proptest::collection::vec("[^;\u{0}]{1,8}", 0..4),
            any::<u64>().prop_map(Duration::from_nanos),
        ),
        (text(), any::<u16>(), text(), proptest::option::of(text())),
        (text(), proptest::option::of(text())),
    )
        .prop_map(
            |(
                (name, mode, port, workers),
                (origins, timeout),
                (host, db_port, password, replica),
                (token, webhook),
            )| Web {
                name,
                mode,
                port,
                workers,
                origins,
                timeout,
                db: Db {
                    host,
                    port: db_port,
                    password: password.into(),
                    replica,
                },
                token: token.into(),
                webhook_secret: webhook.map(SecretString::from),
            },
        )
}

/// `web` wired with `options` into a Pod, `extra` appended to its container: what it sees.
fn deploy_web(
    value: &Web,
    options: &Options,
    extra: impl FnOnce(ContainerBuilder) -> ContainerBuilder,
) -> Result<(Container, ContainerView), String> {
    let cm = value
        .to_config_map_with(options)
        .map_err(|e| e.to_string())?;
    let secret = value.to_secret_with(options).map_err(|e| e.to_string())?;
    let container = extra(config::wire::<Web>(
        ContainerBuilder::new("web", "web:1"),
        options,
    ));
    let pod = PodBuilder::new("web")
        .container(container)
        .build()
        .map_err(|e| e.to_string())?;
    let container = pod
        .spec
        .as_ref()
        .and_then(|s| s.containers.first())
        .ok_or("no container")?;
    let view = kubelet(&pod, container, &[cm], &[secret])?;
    Ok((container.clone(), view))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// struct → objects → envFrom with the prefix (or key refs) → from_lookup → the same struct.
    #[test]
    fn round_trip_through_env_from(value in web(), env_mode in mode()) {
        let (container, view) = deploy_web(&value, &Options::new().env_mode(env_mode), |c| c)
            .map_err(TestCaseError::fail)?;
        if env_mode == EnvMode::EnvFrom {
            let from = container.env_from.clone().unwrap_or_default();
            prop_assert_eq!(from.len(), 2);
            prop_assert!(from.iter().all(|f| f.prefix.as_deref() == Some("WEB_")));
            prop_assert!(container.env.is_none());
        }
        let read = Web::from_lookup(|name| view.env.get(name).cloned())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(web_plain(&value), web_plain(&read));
    }

    /// An `env` entry added after the wiring overrides the same name from `envFrom` (and
    /// from an earlier `env` entry), and `$(VAR)` in it sees what the wiring defined.
    #[test]
    fn env_entries_override_env_from(value in web(), env_mode in mode(), port in any::<u16>()) {
        let (_, view) = deploy_web(&value, &Options::new().env_mode(env_mode), |c| {
            c.env("WEB_PORT", port.to_string())
                .env("WEB_NAME", "$(WEB_MODE)-$(WEB_DB__PORT)-$$")
        })
        .map_err(TestCaseError::fail)?;
        let read = Web::from_lookup(|name| view.env.get(name).cloned())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(read.port, port);
        prop_assert_eq!(read.name, format!("{}-{}-$", value.mode, value.db.port));
        prop_assert_eq!(read.token.expose_secret(), value.token.expose_secret());
    }
}

// ---------------------------------------------------------------------------------------
// Bytes: `binaryData` and Secret `data`, through the files of the volumes.

#[derive(kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
#[kubeforge(
    prefix = "ASSETS_",
    config_map_name = "assets",
    secret_name = "assets-keys"
)]
struct Assets {
    #[kubeforge(binary, file = "logo.png")]
    logo: Vec<u8>,
    #[kubeforge(binary)]
    favicon: Option<Box<[u8]>>,
    #[kubeforge(binary)]
    signing_key: SecretSlice<u8>,
    #[kubeforge(binary, file = "root.der")]
    root: Option<SecretBox<Vec<u8>>>,
    /// One env var, so envFrom has something to import.
    version: u32,
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn bytes_round_trip(
        logo in proptest::collection::vec(any::<u8>(), 0..64),
        favicon in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..16)),
        signing_key in proptest::collection::vec(any::<u8>(), 0..32),
        root in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..32)),
        version in any::<u32>(),
        env_mode in mode(),
    ) {
        let value = Assets {
            logo: logo.clone(),
            favicon: favicon.clone().map(Vec::into_boxed_slice),
            signing_key: SecretSlice::from(signing_key.clone()),
            root: root.clone().map(|r| SecretBox::new(Box::new(r))),
            version,
        };
        let options = Options::new().env_mode(env_mode);
        let cm = value.to_config_map_with(&options).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let secret = value.to_secret_with(&options).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let container = config::wire::<Assets>(ContainerBuilder::new("app", "app:1"), &options);
        let pod = PodBuilder::new("app").container(container).build().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let container = &pod.spec.as_ref().unwrap().containers[0];
        let view = kubelet(&pod, container, &[cm], &[secret]).map_err(TestCaseError::fail)?;
        let read = Assets::from_source(&view).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(read.logo, logo);
        prop_assert_eq!(read.favicon.map(Vec::from), favicon);
        prop_assert_eq!(read.signing_key.expose_secret().to_vec(), signing_key);
        prop_assert_eq!(read.root.map(|r| r.expose_secret().clone()), root);
        prop_assert_eq!(read.version, version);
    }
}

// ---------------------------------------------------------------------------------------
// The tutorial's step 9: its printed manifests give the container exactly the settings the
// program reads back.

#[test]
fn example_09_manifests_feed_the_program() -> Result<(), Box<dyn std::error::Error>> {
    use kubeforge::{Object, SpecExt};
    use kubeforge_examples::config_struct::{ShopConfig, manifests};

    let bundle = manifests()?;
    let (mut config_maps, mut secrets, mut pods) = (Vec::new(), Vec::new(), Vec::new());
    for object in bundle.objects() {
        match object {
            Object::ConfigMap(cm) => config_maps.push(cm.clone()),
            Object::Secret(s) => secrets.push(s.clone()),
            Object::Deployment(d) => {
                let template = d.spec_ref().map(|s| s.template.clone()).unwrap_or_default();
                pods.push(Pod {
                    metadata: template.metadata.unwrap_or_default(),
                    spec: template.spec,
                    ..Pod::default()
                });
            }
            _ => {}
        }
    }
    let pod = &pods[0];
    let container = &pod.spec.as_ref().unwrap().containers[0];
    let view = kubelet(pod, container, &config_maps, &secrets)?;
    let read = ShopConfig::from_source(&view)?;
    let expected = ShopConfig::production();
    assert_eq!(format!("{read:?}"), format!("{expected:?}"));
    assert_eq!(read.database.password.expose_secret(), "change-me");
    assert_eq!(read.payments_api_key.expose_secret(), "change-me-too");
    // app.conf is a file, not a variable (the wiring uses one env entry per key).
    assert!(view.env.keys().all(|name| name.starts_with("SHOP_")));
    assert_eq!(
        view.files.keys().collect::<Vec<_>>(),
        ["/etc/shop/app.conf"]
    );
    Ok(())
}
