//! Writes `$OUT_DIR/manifests/*.yaml` from the config struct, only where a file changed.

#![forbid(unsafe_code)]

#[path = "src/config.rs"]
mod config;

use std::time::Duration;

use kubeforge::config::{self as kf, Options};
use kubeforge::{Bundle, ContainerBuilder, DeploymentBuilder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/config.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);

    let app = config::AppConfig {
        port: 8080,
        timeout: Duration::from_secs(30),
        token: "change-me".into(),
    };
    let options = Options::new();
    let container =
        kf::wire::<config::AppConfig>(ContainerBuilder::new("app", "app:1.0"), &options);
    let deployment = DeploymentBuilder::new("app")
        .app_name("app")
        .container(container)
        .build()?;
    let mut bundle: Bundle = kf::objects(&app, &options)?.into_iter().collect();
    bundle.push(deployment);

    let summary = bundle.write_dir(out.join("manifests"))?;
    // A trace of each run, for the test (one line per run of this script).
    let mut log = std::fs::read_to_string(out.join("runs.log")).unwrap_or_default();
    log.push_str(&format!(
        "written={} unchanged={}\n",
        summary.written.len(),
        summary.unchanged.len()
    ));
    std::fs::write(out.join("runs.log"), log)?;
    Ok(())
}
