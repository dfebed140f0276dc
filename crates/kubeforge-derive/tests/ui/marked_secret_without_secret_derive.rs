#[derive(kubeforge::ConfigMap, kubeforge::FromEnv)]
struct AppConfig {
    log_level: String,
    #[kubeforge(secret)]
    api_token: String,
}

fn main() {}
