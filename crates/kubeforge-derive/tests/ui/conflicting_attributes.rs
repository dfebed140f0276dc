#[derive(kubeforge::ConfigMap)]
struct AppConfig {
    #[kubeforge(skip, rename = "X")]
    cache: String,
    #[kubeforge(separator = ";")]
    port: u16,
    #[kubeforge(nested_separator = "_")]
    host: String,
    #[kubeforge(rename = "A", rename = "B")]
    twice: String,
}

fn main() {}
