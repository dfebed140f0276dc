#[derive(kubeforge::ConfigMap)]
struct AppConfig {
    #[kubeforge(rename = "log level")]
    log_level: String,
    #[kubeforge(file = "..app.conf")]
    app_conf: String,
    #[kubeforge(rename = "..")]
    dots: String,
}

fn main() {}
