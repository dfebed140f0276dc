#[derive(kubeforge::ConfigMap)]
struct AppConfig(String, u16);

fn main() {}
