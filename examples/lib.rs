//! # The kubeforge tutorial
//!
//! The course *Jour 2 - Matin* (environment variables, ConfigMaps, Secrets, volumes,
//! resources), one manifest at a time, written with kubeforge. Each step is an example
//! program that prints its manifests as YAML, in course order (see `README.md`):
//!
//! ```text
//! cargo run -p kubeforge-examples --example twelve_factor_app
//! cargo run -p kubeforge-examples --example 01_static_env_pod
//! ```
//!
//! This library includes every example file as a public module, so the tests can call
//! each step's `manifests()` and compare its objects with the course's YAML
//! (`tests/course.rs`) and with snapshots of the printed output (`tests/examples_output.rs`).
//! Every module exposes the same two functions:
//! - `manifests()`, the tutorial code, returning a [`kubeforge::Bundle`];
//! - `main()`, which prints that bundle as YAML, or the error on stderr with exit code 1.

#![forbid(unsafe_code)]

// Lets the example files say `kubeforge_examples::run` both as modules of this library and as
// example binaries.
extern crate self as kubeforge_examples;

/// Runs one example: builds its manifests and prints them on stdout, as YAML, or as a JSON
/// `List` with `--json`. On error, prints it on stderr and exits with code 1 (2 for an unknown
/// argument), having written nothing.
pub fn run(manifests: fn() -> Result<kubeforge::Bundle, kubeforge::Error>) {
    let json = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--json") => true,
        Some(other) => {
            eprintln!("unknown argument {other:?}; usage: [--json]");
            std::process::exit(2);
        }
    };
    let result = manifests().and_then(|bundle| {
        if json {
            bundle.write_json(std::io::stdout().lock())
        } else {
            bundle.write_yaml(std::io::stdout().lock())
        }
    });
    if let Err(err) = result {
        eprintln!("error: {err}");
        std::process::exit(1);
    }
}

#[path = "01_static_env_pod.rs"]
pub mod static_env_pod;

#[path = "02_config_map_env_from.rs"]
pub mod config_map_env_from;

#[path = "03_host_path.rs"]
pub mod host_path;

#[path = "04_mysql_config.rs"]
pub mod mysql_config;

#[path = "05_secret_cert.rs"]
pub mod secret_cert;

#[path = "06_empty_dir.rs"]
pub mod empty_dir;

#[path = "07_resources.rs"]
pub mod resources;

#[path = "08_security_context.rs"]
pub mod security_context;

#[path = "09_config_struct.rs"]
pub mod config_struct;

#[path = "10_statefulset_storage.rs"]
pub mod statefulset_storage;

#[path = "11_config_rollout.rs"]
pub mod config_rollout;

#[path = "twelve_factor_app.rs"]
pub mod twelve_factor_app;
