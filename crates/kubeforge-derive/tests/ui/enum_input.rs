#[derive(kubeforge::FromEnv)]
enum AppConfig {
    Dev,
    Prod { url: String },
}

fn main() {}
