#[derive(kubeforge::ConfigMap)]
#[kubeforge(prefx = "APP_")]
struct AppConfig {
    #[kubeforge(renam = "LEVEL")]
    log_level: String,
    #[kubeforge(seperator = ";")]
    origins: Vec<String>,
    #[kubeforge(colour)]
    theme: String,
}

fn main() {}
