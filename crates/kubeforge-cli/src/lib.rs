//! # kubeforge-cli
//!
//! The library behind the `kubeforge` binary: `kubeforge check` reads Kubernetes manifests
//! (multi-document YAML, JSON, `kind: List`), decodes them strictly into k8s-openapi objects
//! like kubectl ≥ 1.27 does, and validates them with kubeforge's engine, references across all
//! inputs included.
//!
//! [`input`] reads files, directories and stdin and splits them into parsed documents;
//! [`check`] decodes, checks and renders the output lines. `main.rs` only parses arguments and
//! maps the [`check::Outcome`] to an exit code.
//!
//! ```
//! use kubeforge_cli::{check::{check_inputs, Config}, input::Input};
//! let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  LOG_LEVEL: info\n";
//! let outcome = check_inputs(&[Input::new("config.yaml", yaml)], &Config::new());
//! assert_eq!(outcome.lines, ["checked 1 objects, 0 invalid"]);
//! assert_eq!(outcome.exit_code(), 0);
//! ```
//!
//! ## Kubernetes version
//!
//! This crate enables no k8s-openapi version feature: inside the workspace,
//! `.cargo/config.toml` sets `K8S_OPENAPI_ENABLED_VERSION` (1.33); build with another value,
//! e.g. `K8S_OPENAPI_ENABLED_VERSION=1.37`, to decode the fields of that release. The rules
//! checked follow `--k8s-version` independently.

#![forbid(unsafe_code)]

pub mod check;
pub mod input;

pub use check::{Config, Outcome, check_inputs};
pub use input::{Input, read_inputs};
