#[derive(kubeforge::ConfigMap)]
struct AppConfig {
    log_level: String,
    #[kubeforge(rename = "LOG_LEVEL")]
    verbosity: String,
}

fn main() {}
