//! Every feature of the derives in a crate that forbids unsafe code and denies warnings,
//! missing docs included.
#![forbid(unsafe_code)]
#![deny(warnings, missing_docs, missing_debug_implementations, unreachable_pub)]

use std::time::Duration;

use kubeforge::secrecy::{SecretBox, SecretSlice, SecretString};

mod hex {
    pub(crate) fn to_env(v: &[u8; 2]) -> String {
        format!("{:02x}{:02x}", v[0], v[1])
    }
    pub(crate) fn from_env(s: &str) -> Result<[u8; 2], std::num::ParseIntError> {
        Ok([u8::from_str_radix(&s[..2], 16)?, u8::from_str_radix(&s[2..], 16)?])
    }
}

/// The database.
#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
pub struct Db {
    /// Host name.
    pub host: String,
    /// Password.
    pub password: SecretString,
}

/// The app.
#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
#[kubeforge(prefix = "APP_", rename_all = "SCREAMING_SNAKE_CASE", namespace = "prod")]
#[kubeforge(label("team", "payments"), annotation("example.com/owner", "ops"), immutable)]
pub struct App {
    /// Port.
    pub port: u16,
    /// Optional.
    pub sentry: Option<String>,
    /// List.
    #[kubeforge(separator = ";")]
    pub origins: Vec<String>,
    /// Duration.
    pub timeout: Duration,
    /// Custom.
    #[kubeforge(with = hex)]
    pub color: [u8; 2],
    /// File.
    #[kubeforge(file = "app.conf")]
    pub conf: String,
    /// Bytes.
    #[kubeforge(binary, file = "logo.png")]
    pub logo: Vec<u8>,
    /// Secret bytes.
    #[kubeforge(binary)]
    pub key: SecretSlice<u8>,
    /// Secret number.
    pub pin: SecretBox<u32>,
    /// Nested.
    #[kubeforge(flatten)]
    pub db: Db,
    /// Skipped.
    #[kubeforge(skip)]
    pub cache: Vec<u8>,
}

fn main() {
    use kubeforge::config::{FromEnv, ToConfigMap, ToSecret};
    let _ = App::variables();
    let _ = App::wire_config_map(kubeforge::ContainerBuilder::new("a", "b:1"));
    let _ = App::wire_secret(kubeforge::ContainerBuilder::new("a", "b:1"));
}
