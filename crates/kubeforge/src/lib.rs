//! # kubeforge
//!
//! Kubernetes manifests from Rust, correct the first time: typed builders that return plain
//! [k8s-openapi](https://docs.rs/k8s-openapi) objects, one validation engine that rejects what a
//! kube-apiserver would reject (with its field paths and messages), and deterministic
//! YAML/JSON output.
//!
//! ```
//! use kubeforge::{Bundle, ConfigMapBuilder, ContainerBuilder, DeploymentBuilder, Mount, Quantity, VolumeBuilder};
//!
//! let config = ConfigMapBuilder::new("app-config").data("LOG_LEVEL", "info").build()?;
//! let web = DeploymentBuilder::new("web")
//!     .app_name("web")
//!     .replicas(2)
//!     .container(
//!         ContainerBuilder::new("web", "registry.example.com/web:1.2.3")
//!             .named_port("http", 8080)
//!             .env_from_config_map(&config)
//!             .mount(VolumeBuilder::empty_dir("tmp"), "/tmp")
//!             .request_cpu(Quantity::millicores(250))
//!             .limit_memory(Quantity::mebibytes(128)),
//!     )
//!     .build()?;
//! let yaml = Bundle::new().with(web).with(config).to_yaml()?;
//! assert!(yaml.starts_with("apiVersion: v1\nkind: ConfigMap\n"));
//! # Ok::<(), kubeforge::Error>(())
//! ```
//!
//! Every `build()` collects **all** violations:
//!
//! ```
//! use kubeforge::{ContainerBuilder, DeploymentBuilder};
//! let err = DeploymentBuilder::new("web")
//!     .container(ContainerBuilder::new("web", "nginx:1.27").request_cpu("2").limit_cpu("1").limit_memory("64Mb"))
//!     .build()
//!     .unwrap_err();
//! let messages: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
//! assert_eq!(messages, [
//!     "spec.template.spec.containers[0].resources.limits[memory]: Invalid value: \"64Mb\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
//!     "spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
//! ]);
//! ```
//!
//! ## Kubernetes version
//!
//! Like every library built on k8s-openapi, kubeforge does not pick a Kubernetes version: your
//! binary does, with a feature on its own `k8s-openapi` dependency (`features = ["v1_33"]`, or
//! `"latest"`), or with `K8S_OPENAPI_ENABLED_VERSION=1.33` in the environment. A `build.rs`
//! that uses kubeforge needs the feature under `[build-dependencies]` too. kubeforge compiles
//! against 1.33 to 1.37. The rules that differ between releases follow
//! [`validate::Options::k8s_version`] (default 1.33).

#![forbid(unsafe_code)]

mod backup;
mod bundle;
mod compat;
pub mod config;
mod config_map;
mod container;
mod env;
mod error;
mod heap;
mod meta;
mod namespace;
mod qos;
mod quantity;
pub mod rbac;
mod resources;
pub mod rollout;
mod secret;
mod security;
mod service;
mod service_account;
mod source;
mod storage;
mod tls;
pub mod validate;
mod volume;
mod workload;
mod yaml;

pub use backup::VELERO_BACKUP_VOLUMES;
pub use bundle::{Bundle, Object, WriteSummary, YamlWriter, write_yaml_document};
pub use compat::SpecExt;
pub use config_map::ConfigMapBuilder;
pub use container::{ContainerBuilder, ImagePullPolicy, Port, PortRef, Probe};
pub use env::{EnvFrom, FieldRef, KeyRef, ObjectName, ResourceField};
pub use error::{Error, Violation, ViolationKind};
pub use meta::labels;
pub use namespace::{NamespaceBuilder, PodSecurityMode};
pub use qos::{QosClass, qos_class};
pub use quantity::{Quantity, QuantityError, QuantityFormat};
pub use rbac::{LeastPrivilege, LeastPrivilegeGrant};
pub use resources::IntoQuantity;
pub use rollout::{ConfigRollout, RolloutMode, RolloutReport, kustomize_hash};
pub use secret::{DOCKER_HUB_SERVER, SecretBuilder, SecretType};
pub use security::{FsGroupChangePolicy, Level, Seccomp};
pub use service::{NetworkPolicyBuilder, PortMapping, ServiceBuilder, ServiceType};
pub use service_account::ServiceAccountBuilder;
pub use source::{Skipped, SkippedKind};
pub use storage::{
    AccessMode, PersistentVolumeBuilder, PersistentVolumeClaimBuilder, ReclaimPolicy,
    StorageClassBuilder, VolumeBindingMode, VolumeMode,
};
pub use volume::{HostPathType, Mount, VolumeBuilder};
pub use workload::WorkloadRef;
pub use workload::{ClaimRetention, PodManagementPolicy, StatefulSetBuilder, UpdateStrategy};
pub use workload::{ConcurrencyPolicy, CronJobBuilder};
pub use workload::{DeploymentBuilder, IntOrPercent, PodBuilder, RestartPolicy, Strategy};

pub use config::FromEnv;
/// The secrecy crate, whose `SecretString` and `SecretBox<T>` fields go to the Secret.
pub use secrecy;

// The derives live in the macro namespace: `kubeforge::FromEnv` is both the trait and its
// derive (as `serde::Serialize`), and `kubeforge::Secret`/`ConfigMap` name only derives.
#[cfg(feature = "derive")]
pub use kubeforge_derive::{ConfigMap, FromEnv, Secret};

/// Everything most users need, in one `use`.
///
/// # Examples
///
/// ```
/// use kubeforge::prelude::*;
/// let c = ContainerBuilder::new("a", "img:1");
/// # let _ = c;
/// ```
pub mod prelude {
    pub use crate::config::{FromEnv, ToConfigMap, ToSecret};
    pub use crate::{
        AccessMode, ClaimRetention, ConcurrencyPolicy, CronJobBuilder, NetworkPolicyBuilder,
        PersistentVolumeBuilder, PersistentVolumeClaimBuilder, PodManagementPolicy, PortMapping,
        ReclaimPolicy, ServiceBuilder, ServiceType, StatefulSetBuilder, StorageClassBuilder,
        UpdateStrategy, VolumeBindingMode, VolumeMode,
    };
    pub use crate::{
        Bundle, ConfigMapBuilder, ContainerBuilder, DeploymentBuilder, EnvFrom, FieldRef,
        HostPathType, ImagePullPolicy, IntOrPercent, KeyRef, Mount, PodBuilder, Port, Probe,
        QosClass, Quantity, RestartPolicy, SecretBuilder, SecretType, SpecExt, Strategy,
        VolumeBuilder,
    };
    pub use crate::{
        FsGroupChangePolicy, LeastPrivilege, Level, NamespaceBuilder, PodSecurityMode, Seccomp,
        ServiceAccountBuilder, WorkloadRef,
    };
}

/// The README's code runs as a doctest, so it cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
