//! The app: `--manifests` prints what build.rs wrote; otherwise it reads its config from
//! the environment, with the names the manifests give the container.

#![forbid(unsafe_code)]

mod config;

use kubeforge::config::FromEnv;

const MANIFESTS: [&str; 3] = [
    include_str!(concat!(
        env!("OUT_DIR"),
        "/manifests/06-secret-app-secret.yaml"
    )),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/manifests/07-configmap-app-config.yaml"
    )),
    include_str!(concat!(
        env!("OUT_DIR"),
        "/manifests/14-deployment-app.yaml"
    )),
];

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--manifests") {
        print!("{}", MANIFESTS.join("---\n"));
        return;
    }
    match config::AppConfig::from_env() {
        Ok(app) => println!("listening on :{} (timeout {:?})", app.port, app.timeout),
        Err(err) => {
            eprintln!("{err}");
            std::process::exit(1);
        }
    }
}
