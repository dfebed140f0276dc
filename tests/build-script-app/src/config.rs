//! The app's configuration: compiled into build.rs (which writes the manifests) and into
//! the app (which reads its environment), so both use the same names.

use std::time::Duration;

use kubeforge::secrecy::SecretString;

/// Every setting of the app.
#[derive(Debug, kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]
#[kubeforge(
    prefix = "APP_",
    config_map_name = "app-config",
    secret_name = "app-secret"
)]
pub struct AppConfig {
    /// The port to listen on.
    pub port: u16,
    /// How long a request may take.
    pub timeout: Duration,
    /// The API token.
    pub token: SecretString,
}
