#[derive(kubeforge::ConfigMap)]
#[kubeforge(prefix = "1APP ", config_map_name = "App_Config", files_dir = "etc/app")]
struct AppConfig {
    log_level: String,
}

fn main() {}
