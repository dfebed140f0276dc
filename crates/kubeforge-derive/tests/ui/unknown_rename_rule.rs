#[derive(kubeforge::ConfigMap)]
#[kubeforge(rename_all = "Train-Case")]
struct AppConfig {
    log_level: String,
}

fn main() {}
