#[derive(kubeforge::Secret)]
struct AppConfig;

fn main() {}
