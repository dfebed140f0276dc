struct Endpoint {
    host: String,
}

#[derive(kubeforge::ConfigMap, kubeforge::FromEnv)]
struct AppConfig {
    endpoint: Endpoint,
}

fn main() {}
