use std::collections::HashMap;

#[derive(kubeforge::ConfigMap)]
struct AppConfig {
    log_level: String,
    limits: HashMap<String, u32>,
    pair: (u8, u8),
}

fn main() {}
