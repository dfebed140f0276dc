use kubeforge::secrecy::SecretString;

#[derive(kubeforge::ConfigMap)]
struct AppConfig {
    log_level: String,
    database_password: SecretString,
}

fn main() {}
