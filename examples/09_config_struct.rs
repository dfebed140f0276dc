//! # Step 9: one config struct for the manifests and the program
//!
//! ```text
//! cargo run -p kubeforge-examples --example 09_config_struct                  # the manifests
//! cargo run -p kubeforge-examples --example 09_config_struct -- env-example   # .env.example
//! cargo run -p kubeforge-examples --example 09_config_struct -- serve         # the program
//! ```
//!
//! Steps 2 to 5 wrote the ConfigMap, the Secret and the container's `env`/`envFrom`/volumes
//! by hand, and the program that reads those variables is written elsewhere, by someone else:
//! nothing keeps the two in step. A twelve-factor app (factor III, *Config*) has one list of
//! settings; here it is one Rust struct, [`ShopConfig`], and everything comes from it:
//!
//! - `#[derive(ConfigMap)]`: the non-secret fields are the ConfigMap `shop-config`, one key per
//!   field in SCREAMING_SNAKE_CASE (`LOG_LEVEL`, `REQUEST_TIMEOUT` as `15s`, ...), the nested
//!   `database` struct as `DATABASE__URL`, and `app.conf` as a file key;
//! - `#[derive(Secret)]`: the `SecretString` fields are the Secret `shop-secret`; a secret
//!   field can never land in the ConfigMap (deriving `ConfigMap` alone does not compile);
//! - the wiring: one `env` entry per key, named `SHOP_` + key, read with `configMapKeyRef` or
//!   `secretKeyRef` (`optional: true` for `sentry_dsn`, an `Option`), and `app.conf` mounted
//!   as `/etc/shop/app.conf`;
//! - `#[derive(FromEnv)]`: `main -- serve` is the program in the container. It reads the same
//!   struct back with `ShopConfig::from_env()`, under the same names, and lists **every**
//!   missing or invalid variable at once (never showing a secret value):
//!
//! ```text
//! $ cargo run -q -p kubeforge-examples --example 09_config_struct -- serve
//! The environment of ShopConfig is invalid: [SHOP_LOG_LEVEL: Required value: environment variable not set, ...]
//! ```
//!
//! Outside the container, `Env::new().files_root("dev")` reads `/etc/shop/app.conf` as
//! `dev/etc/shop/app.conf` (`ShopConfig::from_source(&env)`); `-- env-example` prints the
//! `.env.example` of the variables.
//!
//! The Secret's values below are placeholders. In production the Secret is usually managed
//! elsewhere (sealed-secrets, External Secrets, Vault): build with
//! `Options::new().secret_managed_elsewhere(true)` and `config::objects` leaves it out of the
//! bundle while the container still references it, with the same name and keys.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use kubeforge::config::{self, EnvMode, FromEnv, Options};
use kubeforge::secrecy::SecretString;
use kubeforge::{
    Bundle, ContainerBuilder, DeploymentBuilder, Error, Level, Probe, Quantity, VolumeBuilder,
};

/// The shop's log level; `Display` and `FromStr` make it a config value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLevel {
    /// Problems only.
    Warn,
    /// The default.
    Info,
    /// Everything.
    Debug,
}

impl fmt::Display for LogLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warn => "warn",
            Self::Info => "info",
            Self::Debug => "debug",
        })
    }
}

impl FromStr for LogLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "warn" => Ok(Self::Warn),
            "info" => Ok(Self::Info),
            "debug" => Ok(Self::Debug),
            other => Err(format!("unknown log level {other:?} (warn, info, debug)")),
        }
    }
}

/// The database the shop talks to (flattened into `DATABASE__*` keys).
#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
pub struct Database {
    /// Where the database is (no password in it).
    pub url: String,
    /// How many connections the pool keeps open.
    pub pool_size: u32,
    /// The database password.
    pub password: SecretString,
}

/// Every setting of the shop: the single source of truth for its ConfigMap, its Secret,
/// its container's env and files, and its own parsing of the environment.
#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
#[kubeforge(
    prefix = "SHOP_",
    config_map_name = "shop-config",
    secret_name = "shop-secret",
    label("app.kubernetes.io/name", "shop"),
    files_dir = "/etc/shop"
)]
pub struct ShopConfig {
    /// Log verbosity: warn, info or debug.
    pub log_level: LogLevel,
    /// The port the HTTP server listens on.
    pub port: u16,
    /// The currency prices are shown in.
    pub currency: String,
    /// How long a request may take (human format: 15s, 1m30s).
    pub request_timeout: Duration,
    /// The origins allowed by CORS, comma-separated.
    pub allowed_origins: Vec<String>,
    /// Where errors are reported; reporting is off without it.
    pub sentry_dsn: Option<String>,
    /// The database.
    #[kubeforge(flatten)]
    pub database: Database,
    /// The payment provider's API key.
    pub payments_api_key: SecretString,
    /// Settings too structured for env vars, mounted as a file.
    #[kubeforge(file = "app.conf")]
    pub app_conf: String,
}

/// The image, pinned by tag.
const IMAGE: &str = "registry.example.com/shop:1.4.2";

impl ShopConfig {
    /// The production settings (the Secret's values are placeholders).
    pub fn production() -> Self {
        Self {
            log_level: LogLevel::Info,
            port: 8080,
            currency: "EUR".into(),
            request_timeout: Duration::from_secs(15),
            allowed_origins: vec![
                "https://shop.example.com".into(),
                "https://admin.example.com".into(),
            ],
            sentry_dsn: None,
            database: Database {
                url: "postgres://shop@shop-db:5432/shop".into(),
                pool_size: 10,
                password: "change-me".into(),
            },
            payments_api_key: "change-me-too".into(),
            app_conf: "[catalog]\npage_size = 48\n".into(),
        }
    }
}

/// The ConfigMap, the Secret and the Deployment, all from [`ShopConfig::production`].
///
/// # Errors
///
/// Every violation `build()` finds (none for these manifests).
pub fn manifests() -> Result<Bundle, Error> {
    let shop = ShopConfig::production();
    // One env entry per key: explicit, and app.conf stays a file only.
    let options = Options::new().env_mode(EnvMode::KeyRefs);

    let container = config::wire::<ShopConfig>(ContainerBuilder::new("shop", IMAGE), &options)
        .named_port("http", i32::from(shop.port))
        .liveness_probe(Probe::http_get("/healthz", "http").period_seconds(10))
        .readiness_probe(Probe::http_get("/ready", "http").period_seconds(5))
        .request_cpu(Quantity::millicores(250))
        .request_memory(Quantity::mebibytes(128))
        .limit_cpu(Quantity::millicores(500))
        .limit_memory(Quantity::mebibytes(128))
        .mount(VolumeBuilder::empty_dir("tmp"), "/tmp")
        .read_only_root_filesystem(true);

    let deployment = DeploymentBuilder::new("shop")
        .app_name("shop")
        .replicas(2)
        .security_preset(Level::Restricted)
        .run_as_user(10001)
        .automount_service_account_token(false)
        .container(container)
        .build()?;

    let mut bundle: Bundle = config::objects(&shop, &options)?.into_iter().collect();
    bundle.push(deployment);
    Ok(bundle)
}

/// The program's side, in the container: the same struct, read from the environment.
fn serve() {
    let shop = match ShopConfig::from_env() {
        Ok(shop) => shop,
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    };
    println!(
        "shop: listening on :{}, log level {}, prices in {}, requests time out after {}",
        shop.port,
        shop.log_level,
        shop.currency,
        config::duration::format(shop.request_timeout)
    );
}

/// Prints the manifests as YAML (`-- --json`: a JSON `List`), the `.env.example` file
/// (`-- env-example`), or runs the program's side (`-- serve`).
pub fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("serve") => serve(),
        Some("env-example") => print!("{}", ShopConfig::env_example()),
        _ => kubeforge_examples::run(manifests),
    }
}
