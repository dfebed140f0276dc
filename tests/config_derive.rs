//! `#[derive(ConfigMap, Secret, FromEnv)]`: keys, values, objects, wiring, read-back.
//!
//! This file is also the check that generated code is warning-free in a user crate: it
//! forbids unsafe code and denies clippy's pedantic group, and CI runs
//! `cargo clippy --workspace --all-targets -- -D warnings` over it.

#![forbid(unsafe_code)]
#![deny(clippy::pedantic, warnings)]

use std::collections::BTreeMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use kubeforge::config::{self, EnvMode, FromEnv, Options, ToConfigMap, ToSecret};
use kubeforge::secrecy::{ExposeSecret, SecretBox, SecretSlice, SecretString};
use kubeforge::{Bundle, ContainerBuilder, PodBuilder};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A user enum with `Display` + `FromStr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    Info,
    Debug,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::Debug => "debug",
        })
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "info" => Ok(Self::Info),
            "debug" => Ok(Self::Debug),
            other => Err(format!("unknown level {other:?} (info, debug)")),
        }
    }
}

/// `#[kubeforge(with = percent)]`: 0.25 <-> "25%".
mod percent {
    #[allow(clippy::trivially_copy_pass_by_ref)] // `with` functions take `&T`
    pub(crate) fn to_env(v: &f64) -> String {
        format!("{}%", v * 100.0)
    }

    pub(crate) fn from_env(s: &str) -> Result<f64, String> {
        let n = s
            .strip_suffix('%')
            .ok_or("expected a percentage such as 25%")?;
        n.parse::<f64>()
            .map(|n| n / 100.0)
            .map_err(|e| e.to_string())
    }
}

#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
struct Database {
    /// Database host.
    host: String,
    port: u16,
    password: SecretString,
}

#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
#[kubeforge(
    prefix = "SHOP_",
    config_map_name = "shop-config",
    secret_name = "shop-secret",
    namespace = "shop",
    label("app.kubernetes.io/name", "shop"),
    annotation("example.com/owner", "payments"),
    files_dir = "/etc/shop",
    secret_files_dir = "/run/secrets/shop"
)]
struct Shop {
    /// Log verbosity.
    log_level: Level,
    port: u16,
    ratio: f64,
    enabled: bool,
    bind: IpAddr,
    peer: SocketAddr,
    data_dir: PathBuf,
    sentry_dsn: Option<String>,
    #[kubeforge(separator = ";")]
    origins: Vec<String>,
    retries: Vec<u8>,
    request_timeout: Duration,
    #[kubeforge(with = percent)]
    sampling: f64,
    #[kubeforge(rename = "CURRENCY_CODE")]
    currency: String,
    /// The application's own configuration file.
    #[kubeforge(file = "app.conf")]
    app_conf: String,
    #[kubeforge(binary, file = "logo.png")]
    logo: Option<Vec<u8>>,
    #[kubeforge(flatten)]
    db: Database,
    api_token: SecretString,
    pin: SecretBox<u32>,
    #[kubeforge(secret, file = "tls.key")]
    tls_key: String,
    #[kubeforge(binary)]
    signing_key: SecretSlice<u8>,
    #[kubeforge(skip)]
    started: bool,
}

fn shop() -> Shop {
    Shop {
        log_level: Level::Info,
        port: 8080,
        ratio: 0.5,
        enabled: true,
        bind: IpAddr::from([0, 0, 0, 0]),
        peer: SocketAddr::from(([10, 0, 0, 1], 9000)),
        data_dir: PathBuf::from("/var/lib/shop"),
        sentry_dsn: None,
        origins: vec!["https://a.example".into(), "https://b.example".into()],
        retries: vec![1, 2, 4],
        request_timeout: Duration::from_secs(90),
        sampling: 0.25,
        currency: "EUR".into(),
        app_conf: "[http]\nmax_body = 2MiB\n".into(),
        logo: Some(vec![0x89, b'P', b'N', b'G', 0xff]),
        db: Database {
            host: "db.shop".into(),
            port: 5432,
            password: "db-pw".into(),
        },
        api_token: "tok".into(),
        pin: SecretBox::new(Box::new(1234)),
        tls_key: "-----BEGIN PRIVATE KEY-----\n".into(),
        signing_key: SecretSlice::from(vec![0, 1, 2, 255]),
        started: true,
    }
}

#[test]
fn config_map_holds_the_non_secret_fields() -> TestResult {
    let cm = shop().to_config_map()?;
    assert_eq!(cm.metadata.name.as_deref(), Some("shop-config"));
    assert_eq!(cm.metadata.namespace.as_deref(), Some("shop"));
    assert_eq!(
        cm.metadata.labels.unwrap()["app.kubernetes.io/name"],
        "shop"
    );
    assert_eq!(
        cm.metadata.annotations.unwrap()["example.com/owner"],
        "payments"
    );
    let data = cm.data.unwrap();
    let expected: BTreeMap<&str, &str> = [
        ("LOG_LEVEL", "info"),
        ("PORT", "8080"),
        ("RATIO", "0.5"),
        ("ENABLED", "true"),
        ("BIND", "0.0.0.0"),
        ("PEER", "10.0.0.1:9000"),
        ("DATA_DIR", "/var/lib/shop"),
        ("ORIGINS", "https://a.example;https://b.example"),
        ("RETRIES", "1,2,4"),
        ("REQUEST_TIMEOUT", "1m30s"),
        ("SAMPLING", "25%"),
        ("CURRENCY_CODE", "EUR"),
        ("app.conf", "[http]\nmax_body = 2MiB\n"),
        ("DB__HOST", "db.shop"),
        ("DB__PORT", "5432"),
    ]
    .into();
    let data: BTreeMap<&str, &str> = data.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        data, expected,
        "no SENTRY_DSN (None), no secret, no skipped field"
    );
    assert_eq!(
        cm.binary_data.unwrap()["logo.png"].0,
        [0x89, b'P', b'N', b'G', 0xff]
    );
    Ok(())
}

#[test]
fn secret_holds_the_secret_fields() -> TestResult {
    let secret = shop().to_secret()?;
    assert_eq!(secret.metadata.name.as_deref(), Some("shop-secret"));
    assert_eq!(secret.type_.as_deref(), Some("Opaque"));
    let data: BTreeMap<String, Vec<u8>> = secret
        .data
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k, v.0))
        .collect();
    let expected: BTreeMap<String, Vec<u8>> = [
        ("API_TOKEN", b"tok".to_vec()),
        ("PIN", b"1234".to_vec()),
        ("tls.key", b"-----BEGIN PRIVATE KEY-----\n".to_vec()),
        ("SIGNING_KEY", vec![0, 1, 2, 255]),
        ("DB__PASSWORD", b"db-pw".to_vec()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(data, expected);
    assert!(secret.string_data.is_none());
    Ok(())
}

#[test]
fn run_time_options_override_the_attributes() -> TestResult {
    let options = Options::new()
        .config_map_name("shop-config-v2")
        .secret_name("shop-secret-v2")
        .namespace("shop-staging")
        .label("team", "payments")
        .annotation("example.com/owner", "ops")
        .immutable(true);
    let cm = shop().to_config_map_with(&options)?;
    assert_eq!(cm.metadata.name.as_deref(), Some("shop-config-v2"));
    assert_eq!(cm.metadata.namespace.as_deref(), Some("shop-staging"));
    assert_eq!(cm.immutable, Some(true));
    let labels = cm.metadata.labels.unwrap();
    assert_eq!(labels.len(), 2);
    assert_eq!(cm.metadata.annotations.unwrap()["example.com/owner"], "ops");
    let secret = shop().to_secret_with(&options)?;
    assert_eq!(secret.metadata.name.as_deref(), Some("shop-secret-v2"));
    assert_eq!(secret.immutable, Some(true));
    Ok(())
}

#[test]
fn objects_are_validated_by_the_builders() {
    let err = shop()
        .to_config_map_with(&Options::new().label("bad label", "x"))
        .unwrap_err();
    assert_eq!(err.violations()[0].path(), "metadata.labels");
}

#[test]
fn keys_follow_rename_all() {
    #[allow(dead_code)] // only the variables are looked at
    #[derive(kubeforge::FromEnv)]
    #[kubeforge(rename_all = "kebab-case")]
    struct Kebab {
        log_level: String,
        #[kubeforge(rename = "Exact")]
        other: String,
        r#type: String,
    }
    #[allow(dead_code)] // only the variables are looked at
    #[derive(kubeforge::FromEnv)]
    #[kubeforge(rename_all = "camelCase")]
    struct Camel {
        log_level: String,
    }
    let names: Vec<String> = Kebab::variables()
        .iter()
        .map(|v| v.key().to_owned())
        .collect();
    assert_eq!(names, ["log-level", "Exact", "type"]);
    assert_eq!(Camel::variables()[0].key(), "logLevel");
}

#[test]
fn flatten_joins_keys_with_the_nested_separator() {
    #[allow(dead_code)] // only the variables are looked at
    #[derive(kubeforge::FromEnv)]
    struct Inner {
        host: String,
    }
    #[allow(dead_code)] // only the variables are looked at
    #[derive(kubeforge::FromEnv)]
    #[kubeforge(prefix = "APP_")]
    struct Outer {
        #[kubeforge(flatten)]
        primary: Inner,
        #[kubeforge(flatten, rename = "RO", nested_separator = "_")]
        replica: Inner,
    }
    let names: Vec<String> = Outer::variables()
        .iter()
        .map(|v| v.name().to_owned())
        .collect();
    assert_eq!(names, ["APP_PRIMARY__HOST", "APP_RO_HOST"]);
}

#[test]
fn variables_list_every_expected_value() {
    let vars = Shop::variables();
    let summary: Vec<(String, bool, bool, bool)> = vars
        .iter()
        .map(|v| {
            (
                v.name().to_owned(),
                v.is_secret(),
                v.is_optional(),
                v.is_file(),
            )
        })
        .collect();
    let s = |n: &str, secret, optional, file| (n.to_owned(), secret, optional, file);
    assert_eq!(
        summary,
        [
            s("SHOP_LOG_LEVEL", false, false, false),
            s("SHOP_PORT", false, false, false),
            s("SHOP_RATIO", false, false, false),
            s("SHOP_ENABLED", false, false, false),
            s("SHOP_BIND", false, false, false),
            s("SHOP_PEER", false, false, false),
            s("SHOP_DATA_DIR", false, false, false),
            s("SHOP_SENTRY_DSN", false, true, false),
            s("SHOP_ORIGINS", false, false, false),
            s("SHOP_RETRIES", false, false, false),
            s("SHOP_REQUEST_TIMEOUT", false, false, false),
            s("SHOP_SAMPLING", false, false, false),
            s("SHOP_CURRENCY_CODE", false, false, false),
            s("/etc/shop/app.conf", false, false, true),
            s("/etc/shop/logo.png", false, true, true),
            s("SHOP_DB__HOST", false, false, false),
            s("SHOP_DB__PORT", false, false, false),
            s("SHOP_DB__PASSWORD", true, false, false),
            s("SHOP_API_TOKEN", true, false, false),
            s("SHOP_PIN", true, false, false),
            s("/run/secrets/shop/tls.key", true, false, true),
            s("/run/secrets/shop/SIGNING_KEY", true, false, true),
        ]
    );
    assert_eq!(vars[0].description(), "Log verbosity.");
    assert_eq!(vars[15].description(), "Database host.");
    assert!(vars[14].is_binary());
}

#[test]
fn env_example_lists_the_variables() {
    let text = Shop::env_example();
    assert!(text.starts_with("# The environment of Shop, generated by kubeforge.\n"));
    assert!(text.contains("\n# Log verbosity.\nSHOP_LOG_LEVEL=\n"));
    assert!(text.contains("\n# (optional)\n# SHOP_SENTRY_DSN=\n"));
    assert!(text.contains("\n# (secret)\nSHOP_API_TOKEN=\n"));
    assert!(text.contains(
        "\n# The application's own configuration file.\n# file, mounted at /etc/shop/app.conf\n"
    ));
    assert!(text.contains("\n# (optional, binary)\n# file, mounted at /etc/shop/logo.png\n"));
}

#[test]
fn wiring_env_from_uses_the_prefix() -> TestResult {
    #[derive(kubeforge::ConfigMap, kubeforge::Secret)]
    #[kubeforge(prefix = "APP_", config_map_name = "app", secret_name = "app-secret")]
    struct App {
        port: u16,
        token: SecretString,
    }
    let c = config::wire::<App>(ContainerBuilder::new("app", "app:1"), &Options::new()).build()?;
    let from = c.env_from.unwrap();
    assert_eq!(from.len(), 2);
    assert_eq!(from[0].prefix.as_deref(), Some("APP_"));
    assert_eq!(from[0].config_map_ref.as_ref().unwrap().name, "app");
    assert_eq!(from[1].prefix.as_deref(), Some("APP_"));
    assert_eq!(from[1].secret_ref.as_ref().unwrap().name, "app-secret");
    assert!(c.env.is_none() && c.volume_mounts.is_none());
    Ok(())
}

#[test]
fn wiring_mounts_the_files_and_keeps_them_out_of_the_env() -> TestResult {
    let pod = PodBuilder::new("shop")
        .container(config::wire::<Shop>(
            ContainerBuilder::new("shop", "shop:1"),
            &Options::new(),
        ))
        .build()?;
    let spec = pod.spec.unwrap();
    let c = &spec.containers[0];
    // Both objects hold file keys (app.conf, tls.key): envFrom would import them.
    assert!(c.env_from.is_none());
    assert_eq!(c.env.as_ref().unwrap().len(), 18);
    let mounts = c.volume_mounts.clone().unwrap();
    assert_eq!(
        mounts
            .iter()
            .map(|m| (m.name.as_str(), m.mount_path.as_str(), m.read_only))
            .collect::<Vec<_>>(),
        [
            ("config-files", "/etc/shop", Some(true)),
            ("secret-files", "/run/secrets/shop", Some(true))
        ]
    );
    let volumes = spec.volumes.unwrap();
    let cm = volumes[0].config_map.clone().unwrap();
    assert_eq!(cm.name, "shop-config");
    assert_eq!(cm.optional, Some(true), "logo.png is optional");
    let items: Vec<(String, String)> = cm
        .items
        .unwrap()
        .into_iter()
        .map(|i| (i.key, i.path))
        .collect();
    assert_eq!(
        items,
        [
            ("app.conf".to_owned(), "app.conf".to_owned()),
            ("logo.png".to_owned(), "logo.png".to_owned())
        ]
    );
    let secret = volumes[1].secret.clone().unwrap();
    assert_eq!(secret.secret_name.as_deref(), Some("shop-secret"));
    assert_eq!(secret.optional, None);
    assert_eq!(secret.items.unwrap().len(), 2);
    Ok(())
}

#[test]
fn wiring_key_refs_names_each_variable() -> TestResult {
    let options = Options::new().env_mode(EnvMode::KeyRefs);
    let c = config::wire::<Shop>(ContainerBuilder::new("shop", "shop:1"), &options).build()?;
    assert!(c.env_from.is_none());
    let env = c.env.unwrap();
    assert_eq!(
        env.len(),
        18,
        "15 ConfigMap + 3 Secret env keys, no file key"
    );
    let sentry = env.iter().find(|e| e.name == "SHOP_SENTRY_DSN").unwrap();
    let r = sentry
        .value_from
        .clone()
        .unwrap()
        .config_map_key_ref
        .unwrap();
    assert_eq!(
        (r.name.as_str(), r.key.as_str(), r.optional),
        ("shop-config", "SENTRY_DSN", Some(true))
    );
    let pw = env.iter().find(|e| e.name == "SHOP_DB__PASSWORD").unwrap();
    let r = pw.value_from.clone().unwrap().secret_key_ref.unwrap();
    assert_eq!(
        (r.name.as_str(), r.key.as_str(), r.optional),
        ("shop-secret", "DB__PASSWORD", None)
    );
    Ok(())
}

#[test]
fn reference_only_mode_emits_refs_but_no_values() -> TestResult {
    let options = Options::new()
        .secret_name("shop-from-vault")
        .secret_managed_elsewhere(true)
        .env_mode(EnvMode::KeyRefs);
    let mut bundle: Bundle = config::objects(&shop(), &options)?.into_iter().collect();
    let container = config::wire::<Shop>(ContainerBuilder::new("shop", "shop:1"), &options);
    bundle.push(PodBuilder::new("shop").container(container).build()?);
    let yaml = bundle.to_yaml()?;
    assert!(!yaml.contains("kind: Secret"));
    assert!(yaml.contains("secretKeyRef:\n"));
    assert!(yaml.contains("name: shop-from-vault"));
    for value in ["tok", "db-pw", "BEGIN PRIVATE KEY", "1234"] {
        assert!(!yaml.contains(value), "{value} leaked");
    }
    Ok(())
}

#[test]
fn from_lookup_reads_everything_back() -> TestResult {
    let original = shop();
    let cm = original.to_config_map()?;
    let secret = original.to_secret()?;
    // What the container would see, by hand: prefix + key for env, the mount dirs for files.
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in cm.data.unwrap() {
        if k == "app.conf" {
            seen.insert(format!("/etc/shop/{k}"), v);
        } else {
            seen.insert(format!("SHOP_{k}"), v);
        }
    }
    for (k, v) in secret.data.unwrap() {
        let v = String::from_utf8_lossy(&v.0).into_owned();
        match k.as_str() {
            "tls.key" | "SIGNING_KEY" => seen.insert(format!("/run/secrets/shop/{k}"), v),
            _ => seen.insert(format!("SHOP_{k}"), v),
        };
    }
    // The logo is not UTF-8: read it through a `Source` instead; here it is absent (None).
    let read = Shop::from_lookup(|name| seen.get(name).cloned())?;
    assert_eq!(read.log_level, Level::Info);
    assert_eq!(read.port, 8080);
    assert!((read.ratio - 0.5).abs() < f64::EPSILON);
    assert!(read.enabled);
    assert_eq!(read.bind, original.bind);
    assert_eq!(read.peer, original.peer);
    assert_eq!(read.data_dir, original.data_dir);
    assert_eq!(read.sentry_dsn, None);
    assert_eq!(read.origins, original.origins);
    assert_eq!(read.retries, [1, 2, 4]);
    assert_eq!(read.request_timeout, Duration::from_secs(90));
    assert!((read.sampling - 0.25).abs() < f64::EPSILON);
    assert_eq!(read.currency, "EUR");
    assert_eq!(read.app_conf, original.app_conf);
    assert_eq!(read.logo, None);
    assert_eq!(read.db.host, "db.shop");
    assert_eq!(read.db.password.expose_secret(), "db-pw");
    assert_eq!(read.api_token.expose_secret(), "tok");
    assert_eq!(*read.pin.expose_secret(), 1234);
    assert_eq!(read.tls_key, original.tls_key);
    // A lookup returns text: the byte 0xff became U+FFFD (use a `Source` for bytes).
    assert_eq!(
        read.signing_key.expose_secret(),
        [0, 1, 2, 0xef, 0xbf, 0xbd]
    );
    assert!(!read.started, "skipped: Default");
    Ok(())
}

#[test]
fn every_problem_is_reported_at_once_without_secret_values() {
    let env: BTreeMap<&str, &str> = [
        ("SHOP_LOG_LEVEL", "verbose"),
        ("SHOP_PORT", "80"),
        ("SHOP_RATIO", "x"),
        ("SHOP_REQUEST_TIMEOUT", "5 minutes"),
        ("SHOP_SAMPLING", "25"),
        ("SHOP_RETRIES", "1,two"),
        ("SHOP_PIN", "hunter2"),
        ("SHOP_DB__PORT", "99999"),
    ]
    .into();
    let err = Shop::from_lookup(|name| env.get(name).map(|v| (*v).to_owned()))
        .err()
        .unwrap();
    let messages: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "SHOP_LOG_LEVEL: Invalid value: \"verbose\": unknown level \"verbose\" (info, debug)",
            "SHOP_RATIO: Invalid value: \"x\": invalid float literal",
            "SHOP_ENABLED: Required value: environment variable not set",
            "SHOP_BIND: Required value: environment variable not set",
            "SHOP_PEER: Required value: environment variable not set",
            "SHOP_DATA_DIR: Required value: environment variable not set",
            "SHOP_ORIGINS: Required value: environment variable not set",
            "SHOP_RETRIES: Invalid value: \"1,two\": item 1: invalid digit found in string",
            "SHOP_REQUEST_TIMEOUT: Invalid value: \"5 minutes\": invalid duration \"5 minutes\": unknown unit \" minutes\" (expected d, h, m, s, ms, us or ns)",
            "SHOP_SAMPLING: Invalid value: \"25\": expected a percentage such as 25%",
            "SHOP_CURRENCY_CODE: Required value: environment variable not set",
            "/etc/shop/app.conf: Required value: file not found",
            "SHOP_DB__HOST: Required value: environment variable not set",
            "SHOP_DB__PORT: Invalid value: \"99999\": number too large to fit in target type",
            "SHOP_DB__PASSWORD: Required value: environment variable not set",
            "SHOP_API_TOKEN: Required value: environment variable not set",
            "SHOP_PIN: Invalid value: not a valid u32 (secret value and parser message not shown)",
            "/run/secrets/shop/tls.key: Required value: file not found",
            "/run/secrets/shop/SIGNING_KEY: Required value: file not found",
        ]
    );
    assert!(!err.to_string().contains("hunter2"));
    assert!(
        err.to_string()
            .starts_with("The environment of Shop is invalid: [")
    );
}

#[test]
fn duplicate_keys_across_flattened_structs_are_an_error() {
    #[derive(kubeforge::ConfigMap)]
    struct Part {
        #[kubeforge(file = "shared.conf")]
        conf: String,
    }
    #[derive(kubeforge::ConfigMap)]
    struct Whole {
        #[kubeforge(flatten)]
        a: Part,
        #[kubeforge(flatten)]
        b: Part,
    }
    let whole = Whole {
        a: Part { conf: "a".into() },
        b: Part { conf: "b".into() },
    };
    let err = whole.to_config_map().unwrap_err();
    assert_eq!(
        err.violations()[0].to_string(),
        "data[shared.conf]: Duplicate value: \"shared.conf\": two fields of the config struct map to this key"
    );
}

#[test]
fn a_credentials_struct_is_all_secret() -> TestResult {
    #[derive(kubeforge::Secret, kubeforge::FromEnv)]
    #[kubeforge(secret, secret_name = "db-credentials")]
    struct Credentials {
        user: String,
        password: String,
    }
    let s = Credentials {
        user: "app".into(),
        password: "pw".into(),
    }
    .to_secret()?;
    assert_eq!(s.data.unwrap().len(), 2);
    assert!(Credentials::variables().iter().all(config::Var::is_secret));
    Ok(())
}

#[test]
fn the_default_names_come_from_the_struct_name() {
    #[derive(kubeforge::ConfigMap, kubeforge::Secret)]
    struct PaymentsAPIConfig {
        token: SecretString,
    }
    assert_eq!(
        PaymentsAPIConfig::config_map_name(&Options::new()),
        "payments-api-config"
    );
    assert_eq!(
        PaymentsAPIConfig::secret_name(&Options::new()),
        "payments-api-config-secret"
    );
}

/// kubeforge under another path, as a facade crate would re-export it.
mod facade {
    pub(crate) use kubeforge as kf;
}

#[test]
fn the_crate_path_can_be_overridden() -> TestResult {
    #[derive(facade::kf::ConfigMap, facade::kf::FromEnv)]
    #[kubeforge(crate = "crate::facade::kf")]
    struct App {
        port: u16,
    }
    assert_eq!(
        App { port: 80 }.to_config_map()?.data.unwrap()["PORT"],
        "80"
    );
    assert_eq!(App::from_lookup(|_| Some("81".into()))?.port, 81);
    Ok(())
}
