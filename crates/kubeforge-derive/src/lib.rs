//! Derives for [kubeforge](https://docs.rs/kubeforge): one twelve-factor config struct makes
//! the ConfigMap, the Secret, the container wiring, and the program's parsing of its
//! environment. Use them through `kubeforge` (its default `derive` feature re-exports them);
//! the run-time side is `kubeforge::config`.
//!
//! The attribute reference is on [`macro@ConfigMap`]; the three derives share it.

#![forbid(unsafe_code)]

/// The README's code runs as a doctest, so it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

mod attr;
mod case;
mod ctxt;
mod expand;
mod model;
mod symbol;

use proc_macro::TokenStream;

/// Derives `kubeforge::config::ToConfigMap`: the non-secret fields as a ConfigMap, and its
/// wiring into a container.
///
/// ```
/// use kubeforge::config::{FromEnv, ToConfigMap, ToSecret};
/// use kubeforge::secrecy::SecretString;
///
/// #[derive(kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
/// #[kubeforge(prefix = "SHOP_", config_map_name = "shop-config", secret_name = "shop-secret")]
/// struct ShopConfig {
///     /// Log verbosity (`info`, `debug`).
///     log_level: String,
///     #[kubeforge(rename = "HTTP_PORT")]
///     port: u16,
///     #[kubeforge(separator = ";")]
///     allowed_origins: Vec<String>,
///     database_password: SecretString,
/// }
///
/// let shop = ShopConfig {
///     log_level: "info".into(),
///     port: 8080,
///     allowed_origins: vec!["https://a.example".into(), "https://b.example".into()],
///     database_password: "change-me".into(),
/// };
/// let data = shop.to_config_map()?.data.unwrap();
/// assert_eq!(data["HTTP_PORT"], "8080");
/// assert_eq!(data["ALLOWED_ORIGINS"], "https://a.example;https://b.example");
/// assert!(!data.contains_key("DATABASE_PASSWORD"));
/// assert_eq!(ShopConfig::variables()[0].name(), "SHOP_LOG_LEVEL");
/// # Ok::<(), kubeforge::Error>(())
/// ```
///
/// # Keys and env var names
///
/// A field's **key** in the ConfigMap or Secret is its name in SCREAMING_SNAKE_CASE
/// (`log_level` → `LOG_LEVEL`), unless `rename_all` or `rename` says otherwise. The **env var**
/// is the container's `prefix` followed by the key (`SHOP_LOG_LEVEL`): the wiring sets
/// `envFrom[].prefix`, or names each `env` entry so; `FromEnv` reads the same names. Keys
/// are checked at compile time against the apiserver's rule (`[-._a-zA-Z0-9]+`, at most 253
/// characters, not `.`, `..` nor starting with `..`), and two fields with one key are an error.
///
/// # Values
///
/// | field type | written as |
/// | --- | --- |
/// | any `T: Display + FromStr` (integers, floats, `bool`, `String`, `IpAddr`, `SocketAddr`, your enums) | `to_string()`, read with `parse()` |
/// | `PathBuf` | as text (lossy for a non-UTF-8 path) |
/// | `Option<T>` | no key when `None`; the key reference is `optional: true` |
/// | `Vec<T>` | items joined with `,` (or `separator`); the empty string is the empty list, so items must not contain the separator, and `vec![""]` reads back empty |
/// | `std::time::Duration` | the human format of `kubeforge::config::duration`: `1h30m`, `250ms`, `10s` (exact round trip) |
/// | `secrecy::SecretString`, `SecretBox<T>` | as `String` / `T`, in the Secret |
/// | `#[kubeforge(binary)]` `Vec<u8>`, `Box<[u8]>`, `SecretBox<Vec<u8>>`, `SecretSlice<u8>` | bytes (`binaryData`, or the Secret's `data`), always as a file |
/// | `#[kubeforge(with = module)]` | `module::to_env(&T) -> String`, `module::from_env(&str) -> Result<T, E: Display>` |
///
/// # Container attributes
///
/// ## `#[kubeforge(prefix = "SHOP_")]`
/// Prepended to every key to make the env var names.
///
/// ## `#[kubeforge(rename_all = "...")]`
/// The case of the keys, in serde's vocabulary: `lowercase`, `UPPERCASE`, `PascalCase`,
/// `camelCase`, `snake_case`, `SCREAMING_SNAKE_CASE` (the default), `kebab-case`,
/// `SCREAMING-KEBAB-CASE`.
///
/// ## `#[kubeforge(config_map_name = "...", secret_name = "...")]`
/// The objects' names (default: the struct's name in kebab-case, and the same followed by
/// `-secret`). Checked as DNS-1123 subdomains. `kubeforge::config::Options` overrides them at
/// run time.
///
/// ## `#[kubeforge(namespace = "...")]`, `#[kubeforge(label("k", "v"))]`, `#[kubeforge(annotation("k", "v"))]`, `#[kubeforge(immutable)]`
/// Metadata of both objects (`immutable = false` is accepted too). Overridable at run time.
///
/// ## `#[kubeforge(files_dir = "/etc/app", secret_files_dir = "/run/secrets/app")]`
/// Where the wiring mounts the file keys of the ConfigMap (default `/etc/config`) and of the
/// Secret (default `/run/secrets/config`), and where `FromEnv` reads them.
///
/// ## `#[kubeforge(secret)]`
/// Every field is secret (a struct of credentials).
///
/// ## `#[kubeforge(crate = "path::to::kubeforge")]`
/// The path of the kubeforge crate in generated code (default `::kubeforge`).
///
/// # Field attributes
///
/// ## `#[kubeforge(secret)]`
/// The field goes to the Secret. Fields of a secrecy type are secret without it. A struct
/// with secret fields that derives `ConfigMap` must also derive `Secret` (a compile error
/// otherwise): a secret never lands in a ConfigMap. Symmetrically, a struct deriving
/// `Secret` with non-secret fields must derive `ConfigMap`.
///
/// ## `#[kubeforge(rename = "KEY")]`
/// The field's key.
///
/// ## `#[kubeforge(separator = ";")]`
/// The separator of a `Vec<T>` field (default `,`).
///
/// ## `#[kubeforge(with = module)]`
/// Custom format and parse functions (`with = "module"` works too).
///
/// ## `#[kubeforge(file = "app.conf")]`
/// The value is a file key named `app.conf`, mounted as the file `files_dir/app.conf`
/// instead of being passed as an env var (multi-line configuration files).
///
/// ## `#[kubeforge(binary)]`
/// Bytes: `binaryData` in the ConfigMap, `data` in the Secret; always a file (the key, or the
/// `file` name).
///
/// ## `#[kubeforge(flatten)]`, `#[kubeforge(nested_separator = "_")]`
/// The fields of a nested config struct, with keys `FIELD__NESTED_KEY` (the field's key, the
/// separator, default `__`, then the nested key). The nested struct derives the same
/// kubeforge derives as its parent; its own `prefix` and object names are not used.
///
/// ## `#[kubeforge(skip)]`
/// Not in the objects; `Default::default()` when read back.
///
/// ## Doc comments
/// A field's doc comment is its description, in `FromEnv::variables()` and `.env.example`.
#[proc_macro_derive(ConfigMap, attributes(kubeforge))]
pub fn derive_config_map(input: TokenStream) -> TokenStream {
    expand::derive(input.into(), expand::Derive::ConfigMap).into()
}

/// Derives `kubeforge::config::ToSecret`: the secret fields as a Secret, and its wiring (also
/// by reference only, for a Secret managed elsewhere). Attributes: see [`macro@ConfigMap`].
///
/// ```
/// use kubeforge::config::ToSecret;
/// use kubeforge::secrecy::{SecretBox, SecretString};
///
/// #[derive(kubeforge::Secret)]
/// #[kubeforge(secret_name = "db-credentials")]
/// struct DbCredentials {
///     password: SecretString,
///     pin: SecretBox<u32>,
///     #[kubeforge(secret, file = "tls.key")]
///     tls_key: String,
/// }
///
/// let creds = DbCredentials {
///     password: "pw".into(),
///     pin: SecretBox::new(Box::new(1234)),
///     tls_key: "-----BEGIN PRIVATE KEY-----\n".into(),
/// };
/// let data = creds.to_secret()?.data.unwrap();
/// assert_eq!(data["PIN"].0, b"1234");
/// assert_eq!(data["tls.key"].0, b"-----BEGIN PRIVATE KEY-----\n");
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[proc_macro_derive(Secret, attributes(kubeforge))]
pub fn derive_secret(input: TokenStream) -> TokenStream {
    expand::derive(input.into(), expand::Derive::Secret).into()
}

/// Derives `kubeforge::config::FromEnv`: reads the struct back from the environment (and the
/// mounted files) with the names the manifests use, reporting every problem at once.
/// Attributes: see [`macro@ConfigMap`].
///
/// ```
/// use std::time::Duration;
/// use kubeforge::config::FromEnv;
///
/// #[derive(kubeforge::FromEnv)]
/// #[kubeforge(prefix = "APP_")]
/// struct App {
///     timeout: Duration,
///     replicas: Option<u8>,
///     #[kubeforge(skip)]
///     started: bool,
/// }
///
/// let app = App::from_lookup(|name| (name == "APP_TIMEOUT").then(|| "1m30s".to_owned()))?;
/// assert_eq!((app.timeout, app.replicas, app.started), (Duration::from_secs(90), None, false));
/// # Ok::<(), kubeforge::Error>(())
/// ```
#[proc_macro_derive(FromEnv, attributes(kubeforge))]
pub fn derive_from_env(input: TokenStream) -> TokenStream {
    expand::derive(input.into(), expand::Derive::FromEnv).into()
}
