//! ServiceAccountBuilder and least-privilege RBAC: exact `resourceNames` computed from every kind
//! of reference, no rule without references, a dedicated ServiceAccount required (with the field
//! path when missing), and outputs that pass the validation engine.
#![allow(missing_docs)]
#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code"
)]

use k8s_openapi::api::apps::v1::{DaemonSet, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job, JobSpec, JobTemplateSpec};
use k8s_openapi::api::core::v1::{
    EnvFromSource, EphemeralContainer, Pod, PodSpec, PodTemplateSpec, SecretEnvSource,
};
use k8s_openapi::api::rbac::v1::PolicyRule;
use kubeforge::validate::{self, Checker, Options};
use kubeforge::{
    Bundle, ContainerBuilder, DeploymentBuilder, EnvFrom, KeyRef, LeastPrivilege,
    LeastPrivilegeGrant, PodBuilder, ServiceAccountBuilder, SpecExt, ViolationKind, VolumeBuilder,
    WorkloadRef,
};

fn app() -> ContainerBuilder {
    ContainerBuilder::new("app", "registry.example.com/app:1.2.3")
}

/// `(resource, resourceNames)` of each rule, checking the parts every rule shares.
fn rules(grant: &LeastPrivilegeGrant) -> Vec<(String, Vec<String>)> {
    grant
        .role
        .rules
        .iter()
        .flatten()
        .map(|r: &PolicyRule| {
            assert_eq!(r.verbs, ["get"]);
            assert_eq!(r.api_groups.as_deref().unwrap(), [""]);
            assert!(r.non_resource_urls.is_none());
            let resources = r.resources.clone().unwrap();
            assert_eq!(resources.len(), 1);
            let names = r.resource_names.clone().unwrap();
            assert!(
                !names.is_empty(),
                "an empty resourceNames grants every object"
            );
            (resources[0].clone(), names)
        })
        .collect()
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_owned()).collect()
}

/// A Deployment that references Secrets and ConfigMaps in every way a pod spec can.
fn referencing_deployment() -> k8s_openapi::api::apps::v1::Deployment {
    DeploymentBuilder::new("web")
        .namespace("shop")
        .service_account_name("web")
        .image_pull_secret("registry-creds")
        .init_container(
            ContainerBuilder::new("migrate", "registry.example.com/migrate:1")
                .env_secret_key("DB_PASSWORD", "db", "password")
                .env_secret_key("ADMIN_PASSWORD", "db-admin", "password"),
        )
        .container(
            app()
                .env_secret_key("DB_PASSWORD", "db", "password")
                .env_secret_key("DB_USER", "db", "username")
                .env_key_ref("FEATURE", KeyRef::secret("flags", "beta").optional(true))
                .env_config_map_key("LOG_LEVEL", "web-config", "LOG_LEVEL")
                .env_from(EnvFrom::secret("web-env"))
                .env_from(EnvFrom::config_map("web-settings"))
                .mount(VolumeBuilder::secret("tls", "web-tls"), "/etc/tls")
                .mount(VolumeBuilder::config_map("conf", "web-config"), "/etc/web")
                .mount(
                    VolumeBuilder::projected("bundle")
                        .projected_secret("ca-bundle")
                        .projected_secret("db")
                        .projected_config_map("trust-roots"),
                    "/etc/bundle",
                ),
        )
        .container(
            ContainerBuilder::new("sidecar", "registry.example.com/sidecar:1")
                .env_from(EnvFrom::secret("web-env"))
                .env_secret_key("API_TOKEN", "api-token", "token"),
        )
        .build()
        .unwrap()
}

#[test]
fn resource_names_are_every_referenced_secret_sorted_and_deduplicated() {
    let grant = LeastPrivilege::for_workload(&referencing_deployment())
        .build()
        .unwrap();
    // env (main, init, sidecar, optional), envFrom, secret volume, projected secret; `db`
    // appears four times; imagePullSecrets (`registry-creds`) is not the app's to read.
    assert_eq!(
        rules(&grant),
        [(
            "secrets".to_owned(),
            strings(&[
                "api-token",
                "ca-bundle",
                "db",
                "db-admin",
                "flags",
                "web-env",
                "web-tls"
            ])
        )]
    );
}

#[test]
fn config_maps_get_a_rule_only_when_asked() {
    let d = referencing_deployment();
    let without = LeastPrivilege::for_workload(&d).build().unwrap();
    assert!(rules(&without).iter().all(|(r, _)| r == "secrets"));
    let with = LeastPrivilege::for_workload(&d)
        .include_config_maps(true)
        .build()
        .unwrap();
    let rules = rules(&with);
    assert_eq!(rules.len(), 2);
    assert_eq!(
        rules[1],
        (
            "configmaps".to_owned(),
            strings(&["trust-roots", "web-config", "web-settings"])
        )
    );
}

#[test]
fn a_kind_without_references_gets_no_rule() {
    // Only ConfigMaps referenced: no `secrets` rule, even an empty one.
    let only_config = DeploymentBuilder::new("web")
        .service_account_name("web")
        .container(app().env_from_config_map("web-config"))
        .image_pull_secret("registry-creds")
        .build()
        .unwrap();
    let grant = LeastPrivilege::for_workload(&only_config)
        .include_config_maps(true)
        .build()
        .unwrap();
    assert_eq!(
        rules(&grant),
        [("configmaps".to_owned(), strings(&["web-config"]))]
    );

    // Nothing referenced: a Role without rules, which grants nothing.
    let nothing = DeploymentBuilder::new("web")
        .service_account_name("web")
        .container(app().env("A", "1"))
        .build()
        .unwrap();
    let grant = LeastPrivilege::for_workload(&nothing)
        .include_config_maps(true)
        .build()
        .unwrap();
    assert!(grant.role.rules.is_none());
    let yaml = Bundle::new().with(grant.role).to_yaml().unwrap();
    assert!(!yaml.contains("resourceNames"), "{yaml}");
}

#[test]
fn ephemeral_container_references_are_included() {
    // Ephemeral containers are added to running pods (never on create), so build the Pod as
    // it reads back from the cluster.
    let mut pod = PodBuilder::new("p")
        .service_account_name("p")
        .container(app().env_secret_key("A", "main", "k"))
        .build()
        .unwrap();
    pod.spec.as_mut().unwrap().ephemeral_containers = Some(vec![EphemeralContainer {
        name: "debug".into(),
        image: Some("busybox:1.36".into()),
        env_from: Some(vec![EnvFromSource {
            secret_ref: Some(SecretEnvSource {
                name: "debug-creds".into(),
                ..Default::default()
            }),
            ..Default::default()
        }]),
        ..Default::default()
    }]);
    let grant = LeastPrivilege::for_workload(&pod).build().unwrap();
    assert_eq!(
        rules(&grant),
        [("secrets".to_owned(), strings(&["debug-creds", "main"]))]
    );
}

#[test]
fn reference_check_covers_ephemeral_containers() {
    let pod = Pod {
        metadata: k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta {
            name: Some("p".into()),
            ..Default::default()
        },
        spec: Some(PodSpec {
            ephemeral_containers: Some(vec![EphemeralContainer {
                name: "debug".into(),
                env_from: Some(vec![EnvFromSource {
                    secret_ref: Some(SecretEnvSource {
                        name: "debug-creds".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                }]),
                ..Default::default()
            }]),
            ..Default::default()
        }),
        ..Default::default()
    };
    let reports = Checker::new().check([&pod.into()]);
    let found: Vec<String> = reports[0]
        .violations()
        .iter()
        .filter(|v| v.kind() == ViolationKind::NotFound)
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        found,
        ["spec.ephemeralContainers[0].envFrom[0].secretRef: Not found: Secret/debug-creds"]
    );
}

#[test]
fn role_binding_binds_the_role_to_the_service_account_in_the_workload_namespace() {
    let grant = LeastPrivilege::for_workload(&referencing_deployment())
        .build()
        .unwrap();
    for meta in [
        &grant.role.metadata,
        &grant.role_binding.metadata,
        &grant.service_account.metadata,
    ] {
        assert_eq!(meta.namespace.as_deref(), Some("shop"));
    }
    assert_eq!(grant.role.metadata.name.as_deref(), Some("web-read-config"));
    assert_eq!(
        grant.role_binding.metadata.name.as_deref(),
        Some("web-read-config")
    );
    let rb = &grant.role_binding;
    assert_eq!(rb.role_ref.kind, "Role");
    assert_eq!(rb.role_ref.name, "web-read-config");
    let subjects = rb.subjects.as_deref().unwrap();
    assert_eq!(subjects.len(), 1);
    assert_eq!(subjects[0].kind, "ServiceAccount");
    assert_eq!(subjects[0].name, "web");
    assert_eq!(subjects[0].namespace.as_deref(), Some("shop"));
    assert_eq!(subjects[0].api_group, None);
    let yaml = Bundle::new().with(rb.clone()).to_yaml().unwrap();
    assert!(
        yaml.contains("roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: web-read-config\n"),
        "{yaml}"
    );
}

#[test]
fn without_a_namespace_the_objects_follow_the_workload() {
    let d = DeploymentBuilder::new("web")
        .service_account_name("web")
        .container(app().env_from_secret("web-env"))
        .build()
        .unwrap();
    let grant = LeastPrivilege::for_workload(&d).build().unwrap();
    assert_eq!(grant.role.metadata.namespace, None);
    assert_eq!(grant.role_binding.metadata.namespace, None);
    assert_eq!(grant.role_binding.subjects.unwrap()[0].namespace, None);
    assert_eq!(grant.service_account.metadata.namespace, None);
}

#[test]
fn missing_service_account_is_an_error_with_the_field_path() {
    let d = DeploymentBuilder::new("web")
        .container(app().env_from_secret("web-env"))
        .build()
        .unwrap();
    let err = LeastPrivilege::for_workload(&d).build().unwrap_err();
    assert!(err.is_invalid());
    assert_eq!(err.object(), Some("Deployment/web"));
    let v = &err.violations()[0];
    assert_eq!(err.violations().len(), 1);
    assert_eq!(v.path(), "spec.template.spec.serviceAccountName");
    assert_eq!(v.kind(), ViolationKind::Required);
    assert!(v.detail().unwrap().contains("dedicated ServiceAccount"));
}

#[test]
fn default_service_account_is_an_error_with_the_field_path() {
    let d = DeploymentBuilder::new("web")
        .service_account_name("default")
        .container(app())
        .build()
        .unwrap();
    let err = LeastPrivilege::for_workload(&d).build().unwrap_err();
    let v = &err.violations()[0];
    assert_eq!(
        (v.path(), v.kind(), v.value()),
        (
            "spec.template.spec.serviceAccountName",
            ViolationKind::Invalid,
            Some("\"default\"")
        )
    );

    // Naming `default` explicitly is no better.
    let d = DeploymentBuilder::new("web")
        .container(app())
        .build()
        .unwrap();
    let err = LeastPrivilege::for_workload(&d)
        .service_account("default")
        .build()
        .unwrap_err();
    assert_eq!(err.violations()[0].value(), Some("\"default\""));
}

#[test]
fn the_error_path_follows_the_workload_kind() {
    let spec = || PodSpec {
        containers: vec![app().build().unwrap()],
        ..Default::default()
    };
    let template = || PodTemplateSpec {
        spec: Some(spec()),
        ..Default::default()
    };
    let mut sts = StatefulSet::default();
    sts.spec_mut().template = template();
    let mut ds = DaemonSet::default();
    ds.spec_mut().template = template();
    let job = Job {
        spec: Some(JobSpec {
            template: template(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut cron = CronJob::default();
    cron.spec_mut().job_template = JobTemplateSpec {
        spec: Some(JobSpec {
            template: template(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let pod = Pod {
        spec: Some(spec()),
        ..Default::default()
    };
    let cases: [(WorkloadRef<'_>, &str); 5] = [
        ((&pod).into(), "spec.serviceAccountName"),
        ((&sts).into(), "spec.template.spec.serviceAccountName"),
        ((&ds).into(), "spec.template.spec.serviceAccountName"),
        ((&job).into(), "spec.template.spec.serviceAccountName"),
        (
            (&cron).into(),
            "spec.jobTemplate.spec.template.spec.serviceAccountName",
        ),
    ];
    for (workload, path) in cases {
        let err = LeastPrivilege::for_workload(workload)
            .name("x")
            .build()
            .unwrap_err();
        assert_eq!(err.violations()[0].path(), path, "{}", workload.kind());
    }
}

#[test]
fn every_workload_kind_is_read() {
    let spec = || PodSpec {
        service_account_name: Some("worker".into()),
        containers: vec![app().env_from_secret("worker-env").build().unwrap()],
        ..Default::default()
    };
    let mut cron = CronJob::default();
    cron.metadata.name = Some("nightly".into());
    cron.spec_mut().job_template = JobTemplateSpec {
        spec: Some(JobSpec {
            template: PodTemplateSpec {
                spec: Some(spec()),
                ..Default::default()
            },
            ..Default::default()
        }),
        ..Default::default()
    };
    let grant = LeastPrivilege::for_workload(&cron).build().unwrap();
    assert_eq!(
        grant.role.metadata.name.as_deref(),
        Some("nightly-read-config")
    );
    assert_eq!(
        rules(&grant),
        [("secrets".to_owned(), strings(&["worker-env"]))]
    );

    let mut sts = StatefulSet::default();
    sts.metadata.name = Some("db".into());
    sts.spec_mut().template.spec = Some(spec());
    let grant = LeastPrivilege::for_workload(&sts).build().unwrap();
    assert_eq!(grant.role_binding.subjects.unwrap()[0].name, "worker");
}

#[test]
fn deprecated_service_account_field_is_honoured() {
    let pod = PodBuilder::new("p")
        .container(app())
        .customize(|p| p.spec.as_mut().unwrap().service_account = Some("legacy".into()))
        .build()
        .unwrap();
    let grant = LeastPrivilege::for_workload(&pod).build().unwrap();
    assert_eq!(grant.role_binding.subjects.unwrap()[0].name, "legacy");
}

#[test]
fn explicit_service_account_must_be_the_one_the_pods_run_as() {
    let d = DeploymentBuilder::new("web")
        .service_account_name("web")
        .container(app())
        .build()
        .unwrap();
    let err = LeastPrivilege::for_workload(&d)
        .service_account("reader")
        .build()
        .unwrap_err();
    let v = &err.violations()[0];
    assert_eq!(v.path(), "spec.template.spec.serviceAccountName");
    assert_eq!(v.value(), Some("\"web\""));
    assert!(v.detail().unwrap().contains("\"reader\""));

    // The same name, or a pod spec that names none, is accepted.
    assert!(
        LeastPrivilege::for_workload(&d)
            .service_account("web")
            .build()
            .is_ok()
    );
    let unnamed = DeploymentBuilder::new("web")
        .container(app())
        .build()
        .unwrap();
    let grant = LeastPrivilege::for_workload(&unnamed)
        .service_account("reader")
        .build()
        .unwrap();
    assert_eq!(
        grant.service_account.metadata.name.as_deref(),
        Some("reader")
    );
}

#[test]
fn every_violation_is_reported_at_once() {
    let mut pod = PodBuilder::new("p").container(app()).build().unwrap();
    pod.metadata.name = None;
    let err = LeastPrivilege::for_workload(&pod).build().unwrap_err();
    let paths: Vec<&str> = err
        .violations()
        .iter()
        .map(kubeforge::Violation::path)
        .collect();
    assert_eq!(paths, ["metadata.name", "spec.serviceAccountName"]);
}

#[test]
fn invalid_names_are_caught_by_the_engine() {
    let d = DeploymentBuilder::new("web")
        .container(app())
        .build()
        .unwrap();
    let err = LeastPrivilege::for_workload(&d)
        .service_account("Web_SA")
        .build()
        .unwrap_err();
    assert_eq!(err.object(), Some("ServiceAccount/Web_SA"));
    assert_eq!(err.violations()[0].path(), "metadata.name");
}

#[test]
fn service_account_automount_is_off_by_default() {
    let sa = ServiceAccountBuilder::new("web").build().unwrap();
    assert_eq!(sa.automount_service_account_token, Some(false));
    let yaml = Bundle::new().with(sa).to_yaml().unwrap();
    assert!(
        yaml.contains("automountServiceAccountToken: false"),
        "{yaml}"
    );

    let api = ServiceAccountBuilder::new("operator")
        .needs_api_access()
        .build()
        .unwrap();
    assert_eq!(api.automount_service_account_token, Some(true));
    let explicit = ServiceAccountBuilder::new("operator")
        .automount_token(true)
        .automount_token(false)
        .build()
        .unwrap();
    assert_eq!(explicit.automount_service_account_token, Some(false));
}

#[test]
fn least_privilege_service_account_has_automount_on() {
    let grant = LeastPrivilege::for_workload(&referencing_deployment())
        .build()
        .unwrap();
    assert_eq!(
        grant.service_account.automount_service_account_token,
        Some(true)
    );
    assert_eq!(grant.service_account.metadata.name.as_deref(), Some("web"));
}

#[test]
fn service_account_builder_sets_metadata_pull_secrets_and_customizes() {
    let sa = ServiceAccountBuilder::new("web")
        .namespace("shop")
        .app_name("web")
        .image_pull_secret("a")
        .image_pull_secret("b")
        .image_pull_secret("a")
        .customize(|sa| {
            sa.metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert("example.com/owner".into(), "ops".into());
        })
        .build()
        .unwrap();
    assert_eq!(sa.metadata.namespace.as_deref(), Some("shop"));
    assert_eq!(sa.metadata.labels.unwrap()["app.kubernetes.io/name"], "web");
    let names: Vec<String> = sa
        .image_pull_secrets
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(sa.metadata.annotations.unwrap()["example.com/owner"], "ops");
}

#[test]
fn service_account_builder_reports_every_violation() {
    let err = ServiceAccountBuilder::new("Web")
        .namespace("Shop")
        .label("bad key!", "v")
        .build()
        .unwrap_err();
    let paths: Vec<&str> = err
        .violations()
        .iter()
        .map(kubeforge::Violation::path)
        .collect();
    assert_eq!(
        paths,
        ["metadata.name", "metadata.namespace", "metadata.labels"]
    );
}

#[test]
fn outputs_pass_the_validation_engine() {
    let d = referencing_deployment();
    let grant = LeastPrivilege::for_workload(&d)
        .include_config_maps(true)
        .build()
        .unwrap();
    let opts = Options::default();
    assert!(
        validate::validate(&grant.service_account, &opts)
            .unwrap()
            .is_empty()
    );
    assert!(validate::validate(&grant.role, &opts).unwrap().is_empty());
    assert!(
        validate::validate(&grant.role_binding, &opts)
            .unwrap()
            .is_empty()
    );

    // And as a set with the workload.
    let mut bundle: Bundle = grant.into_iter().collect();
    bundle.push(d);
    let reports = Checker::new().references(false).check(bundle.objects());
    assert_eq!(reports.len(), 4);
    for r in &reports {
        assert!(r.is_valid(), "{}: {:?}", r.object(), r.violations());
    }
}
