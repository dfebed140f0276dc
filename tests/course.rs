//! The course's manifests, as data, against the tutorial's objects.
//!
//! Each test copies the course's YAML (comments kept), parses it with serde-saphyr into a
//! `serde_json::Value`, and compares it with the objects of the matching example, serialized
//! to `serde_json::Value` in bundle order. Where an example corrects the course, the test
//! applies that fix to the expected value explicitly, with a comment naming it, so every
//! difference from the course is listed here and nowhere else.

use std::error::Error;

use k8s_openapi::api::core::v1::Pod;
use kubeforge::validate::pss::{self, Level, PolicyVersion};
use kubeforge::{Object, QosClass, SpecExt, qos_class};
use kubeforge_examples as examples;
use serde_json::{Value, json};

type TestResult = Result<(), Box<dyn Error>>;

/// The course's YAML stream (one or more documents) as JSON values.
fn course(yaml: &str) -> Result<Vec<Value>, Box<dyn Error>> {
    Ok(serde_saphyr::from_multiple(yaml)?)
}

/// The example's objects, serialized as kubeforge writes them, in bundle order.
fn objects(bundle: &kubeforge::Bundle) -> Result<Vec<Value>, Box<dyn Error>> {
    Ok(bundle
        .objects()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?)
}

/// Asserts equality as data, printing both sides as pretty JSON on failure.
fn assert_same(actual: &[Value], expected: &[Value]) -> TestResult {
    let actual = serde_json::to_string_pretty(actual)?;
    let expected = serde_json::to_string_pretty(expected)?;
    assert_eq!(actual, expected, "the example differs from the course");
    Ok(())
}

/// A mutable reference to the value at a JSON pointer, or a test error naming the pointer.
fn at<'a>(value: &'a mut Value, pointer: &str) -> Result<&'a mut Value, Box<dyn Error>> {
    value
        .pointer_mut(pointer)
        .ok_or_else(|| format!("no {pointer} in the course's manifest").into())
}

/// Removes `key` from the object at `pointer`, failing if it was not there.
fn remove(value: &mut Value, pointer: &str, key: &str) -> TestResult {
    let removed = at(value, pointer)?
        .as_object_mut()
        .and_then(|map| map.remove(key));
    assert!(
        removed.is_some(),
        "{pointer}/{key} not in the course's manifest"
    );
    Ok(())
}

// --- Step 1 -------------------------------------------------------------------------------

/// Course: "1. Variables d'environnement statiques dans les manifests".
const STATIC_ENV_POD: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: my-pod
spec:
  containers:
  - name: my-container
    image: my-app:latest
    env:
    - name: ENV_VAR_NAME
      value: "production"
"#;

#[test]
fn step_1_static_env_pod_is_the_course() -> TestResult {
    let expected = course(STATIC_ENV_POD)?;
    assert_same(
        &objects(&examples::static_env_pod::manifests()?)?,
        &expected,
    )
}

// --- Step 2 -------------------------------------------------------------------------------

/// Course: "Exemple d'utilisation d'une ConfigMap" and the Pod that uses it.
const CONFIG_MAP_ENV_FROM: &str = r#"
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  ENV_VAR_NAME: "production"
  API_URL: "https://api.example.com"
---
apiVersion: v1
kind: Pod
metadata:
  name: my-pod
spec:
  containers:
  - name: my-container
    image: my-app:latest
    envFrom:
    - configMapRef:
        name: app-config
"#;

#[test]
fn step_2_config_map_env_from_is_the_course() -> TestResult {
    let expected = course(CONFIG_MAP_ENV_FROM)?;
    assert_same(
        &objects(&examples::config_map_env_from::manifests()?)?,
        &expected,
    )
}

// --- Step 3 -------------------------------------------------------------------------------

/// Course: "Les Volumes Kubernetes".
const HOST_PATH: &str = r"
apiVersion: v1
kind: Pod
metadata:
  name: test-pd
spec:
  containers:
  - image: k8s.gcr.io/test-webserver
    name: test-container
    volumeMounts:
    - mountPath: /test-pd
      name: test-volume
  volumes:
  - name: test-volume
    hostPath:
      # chemin du dossier sur l'hôte
      path: /data
      # ce champ est optionnel
      type: Directory
";

#[test]
fn step_3_host_path_is_the_course() -> TestResult {
    let expected = course(HOST_PATH)?;
    assert_same(&objects(&examples::host_path::manifests()?)?, &expected)
}

// --- Step 4 -------------------------------------------------------------------------------

/// Course: "Via un manifeste YAML" (the ConfigMap `mysql-env` and the Deployment).
const MYSQL: &str = r"
apiVersion: v1
kind: ConfigMap
metadata:
  # Déclaration du nom de la config map
  name: mysql-env
data:
  MYSQL_DATABASE: mydatabase
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: mysql-deployment
spec:
  replicas: 1
  selector:
    matchLabels:
      app: mysql
  template:
    metadata:
      labels:
        app: mysql
    spec:
      containers:
      - name: mysql
        image: mysql:5.7
        # Montage via un volume
        volumeMounts:
        - name: config-volume
          mountPath: /etc/mysql/conf.d        
        # Consommation en tant que variables d'environnement
        env:
        - name: MYSQL_DATABASE
          valueFrom:
            configMapKeyRef:
                # Utilisation du nom de la config map
              name: mysql-env
              key: MYSQL_DATABASE
        ports:
        - containerPort: 3306
      volumes:
      - name: config-volume
        configMap:
          name: mysql-config  # Nom de la ConfigMap

";

#[test]
fn step_4_mysql_is_the_course() -> TestResult {
    // The course creates `mysql-config` with a command only:
    //   echo -e "[mysqld]\nuser=mysql\nmax_connections=100" > mysql.conf
    //   kubectl create configmap mysql-config --from-file=mysql.conf
    // This is what kubectl creates (`--dry-run=client -o yaml`, without the
    // `creationTimestamp: null` of kubectl 1.33 and older).
    let mysql_config = json!({
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": { "name": "mysql-config" },
        "data": { "mysql.conf": "[mysqld]\nuser=mysql\nmax_connections=100\n" },
    });
    let mut expected = vec![mysql_config];
    expected.extend(course(MYSQL)?);
    assert_same(&objects(&examples::mysql_config::manifests()?)?, &expected)
}

#[test]
fn step_4_mysql_conf_is_what_echo_writes() -> TestResult {
    // `echo -e` interprets the `\n`s and adds a final newline.
    let written = std::fs::read_to_string(examples::mysql_config::MYSQL_CONF)?;
    assert_eq!(written, "[mysqld]\nuser=mysql\nmax_connections=100\n");
    Ok(())
}

// --- Step 5 -------------------------------------------------------------------------------

/// Course: the Secret created by `kubectl create secret generic my-cert
/// --from-file=mycert.pem`, as the course prints it (verbatim, slips included).
const SECRET_DUMP: &str = r#"
apiVersion: v1
data:
  mycert.pem: >
  LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURhekNDQWxPZ0F3SUJBZ0lVRXZsVXV
  yT3RTelN0cFlWaEw1K3B0R2JUVlRFd0RRWUpLb1pJaHZjTkFRRUwKQlFBd1JURUxNQWtHQT
  FVRUJoTUNRVlV4RXpBUkJnTlZCQWdNQ2xOdmJXVXRVM1JoZEdVeElUQWZCZ05WQkFvTQpHR
  Wx1ZEdWeWJtVjBJRmRwWkdkcGRITWdVSFI1SUV4MFpEQWVGdzB5TXpBek1EZ3hOakl5TVRk
  YUZ3MHpNekF6Ck1EVXhOakl5TVRkYU1FVXhDekFKQmdOVkJBWVRBa0ZWTVJNd0VRWURWUVF
  JREFwVGIyMWxMVk4wWVhSbE1TRXcKSHdZRFZRUUtEQmhKYm5SbGNtNWxkQ0JYYVdSbmFYUn
  pJRkIwZVNCTWRHUXdnZ0VpTUEwR0NTcUdTSWIzRFFFQgpBUVVBQTRJQkR3QXdnZ0VLQW9JQ
  kFRQ2YrZHprR2xkTlpoUGVDdTFyOC9taGJyQkNIdlYwSTd4dHhrZ096K1hBCnZuMXpkNktt
  SGlqZGlBWUdLN2EvUVlpQnhpbWljQnYrRkpUY2FoMDJMbkJ1VTlnSmV4QUF0ZnVZb2VoMnJ
  haGgKVXg5bXYyTUhTUnVjQW5VTnpBSForcDZMd2tTZ2lvd1NDTUFxUlJpTkNEMm9FVFM0Rm
  FmL3dHVWRkRnVMN0lsMgptTGxrdkJlWEVRbUJlc1pxR1A5d0RCZlhOeVppbi9xeHRCeFY2d
  kFldjhrK3ZFY3lNQzJIMUdNbFpFZHcwd1o5Cm1yNjhpQkVXNWp0Q0JibFRDUVF0bjZCdDgv
  MCsvMUFDajFTc3FSTHJ1aUJIZ1ljZXdPeXB3WVA3ZEtZajMvODYKaGsxNU5rSUVCVHlzTWh
  rdThjTnZxVXNTaU9wNURRc000bEV6N0lkaXFwblJBZ01CQUFHalV6QlJNQjBHQTFVZApEZ1
  FXQkJUTnh6QmxBanZ1TmFlb2h1bFAxdDRtUXFrY0RqQWZCZ05WSFNNRUdEQVdnQlROeHpCb
  EFqdnVOYWVvCmh1bFAxdDRtUXFrY0RqQVBCZ05WSFJNQkFmOEVCVEFEQVFIL01BMEdDU3FH
  U0liM0RRRUJDd1VBQTRJQkFRQjIKNmpOWmRiWWp2T0dEd0s3ZEhFa2REa1NIa0w3U3A4cWJ
  MakN0NEx1VFlBWHJ5ZURnei9yNGViclNkZDhocmR3LwpzZEtFQTRFM1QyWnhPV2xINmpsVn
  JEZlhNbG1ZTFNvSEFoQWMwM1E4V01YTnkyZlVrSjRhQlJ1MGFMZUM4QnJTClBHT2xFanpEa
  0dsUGJENmI5SGZxRXFHMTRndkZBTG80YUQxRXFIUVRYUEx5WUUvbnd5SlhjTU9ZUlZ5V0xL
  eFYKb3NhYmtHdHVralRRSlpqbWxlb3VzZDhBWGFrS3duV25hM2ErYkhOczFUdmcxUkY1WDh
  xSVc4cGN6SzhadlRVdQpWRUd3clpnOUcrclpvU3RmSHdFaUhjVVVrMGhKTHJkRDlCUGFwZ2
  puMUF0NGJhdnRVNmJIbE5MOGdrRUMzdnlZCmVrc2tPNSs2WDIwaStpUEdRSWp1Ci0tLS0tR
  U5EIENFUlRJRklDQVRFLS0tLS0K
kind: Secret
metadata:
  creationTimestamp: "2023-03-08T16:29:52Z"
  name: my-cert
  namespace: default
  resourceVersion: "5543"
  uid: dd27cd3f-1779-47f4-a821-25d8139b21a4
type: Opaque
"#;

/// Course: the Deployment `myapp` that mounts the Secret.
const MYAPP: &str = r"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: myapp
spec:
  replicas: 3
  selector:
    matchLabels:
      app: myapp
  template:
    metadata:
      labels:
        app: myapp
    spec:
      containers:
      - name: mycontainer
        image: myimage
        ports:
        - containerPort: 443
        volumeMounts:
        - name: my-cert
          mountPath: /etc/mycert.pem
          readOnly: true
      volumes:
      - name: my-cert
        secret:
          secretName: my-cert
";

/// FIX (folded scalar): the course's base64 block follows `mycert.pem: >` without being
/// indented, and a folded scalar would join its lines with spaces anyway. kubectl prints
/// the value on one line: join the lines.
fn fix_folded_base64(dump: &str) -> String {
    let mut fixed = String::new();
    let mut base64: Option<String> = None;
    for line in dump.lines() {
        if line == "  mycert.pem: >" {
            base64 = Some(String::new());
            continue;
        }
        if let Some(b64) = &mut base64 {
            // Base64 lines never contain ':'; the first line that does ends the block.
            if line.starts_with("  ") && !line.contains(':') {
                b64.push_str(line.trim());
                continue;
            }
            fixed.push_str("  mycert.pem: ");
            fixed.push_str(b64);
            fixed.push('\n');
            base64 = None;
        }
        fixed.push_str(line);
        fixed.push('\n');
    }
    fixed
}

#[test]
fn step_5_the_course_secret_dump_is_not_valid_yaml() {
    // The slip the example documents: the dump, copied verbatim, does not even parse.
    assert!(serde_saphyr::from_str::<Value>(SECRET_DUMP).is_err());
}

#[test]
fn step_5_secret_cert_is_the_course_with_its_fixes() -> TestResult {
    let mut secret = course(&fix_folded_base64(SECRET_DUMP))?
        .pop()
        .ok_or("no Secret")?;
    // FIX (server-set fields): `kubectl get -o yaml` output; the apiserver writes
    // creationTimestamp, resourceVersion and uid, and `default` is the context's namespace.
    for field in ["creationTimestamp", "namespace", "resourceVersion", "uid"] {
        remove(&mut secret, "/metadata", field)?;
    }

    let mut deployment = course(MYAPP)?.pop().ok_or("no Deployment")?;
    let pod = "/spec/template/spec";
    // FIX (mount path): a secret volume is a directory; mounted at /etc/mycert.pem the
    // certificate would be /etc/mycert.pem/mycert.pem. Mount the one file with subPath...
    at(
        &mut deployment,
        &format!("{pod}/containers/0/volumeMounts/0"),
    )?
    .as_object_mut()
    .ok_or("volumeMounts[0] is not a mapping")?
    .insert("subPath".into(), json!("mycert.pem"));
    // ...and project that key explicitly, so that a missing key fails the Pod's start.
    at(&mut deployment, &format!("{pod}/volumes/0/secret"))?
        .as_object_mut()
        .ok_or("volumes[0].secret is not a mapping")?
        .insert(
            "items".into(),
            json!([{ "key": "mycert.pem", "path": "mycert.pem" }]),
        );

    assert_same(
        &objects(&examples::secret_cert::manifests()?)?,
        &[secret, deployment],
    )
}

// --- Step 6 -------------------------------------------------------------------------------

/// Course: "Exemple de déclaration d'un volume emptyDir".
const EMPTY_DIR: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: emptydir-example
spec:
  containers:
  - name: busybox
    image: busybox
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - mountPath: /cache
      name: cache-volume
  volumes:
  - name: cache-volume
    emptyDir: {}
"#;

#[test]
fn step_6_empty_dir_is_the_course() -> TestResult {
    let expected = course(EMPTY_DIR)?;
    assert_same(&objects(&examples::empty_dir::manifests()?)?, &expected)
}

// --- Step 7 -------------------------------------------------------------------------------

/// Course: "Exemple de configuration des ressources pour un Pod".
const RESOURCES: &str = r#"
apiVersion: v1
kind: Pod
metadata:
  name: resource-demo
spec:
  containers:
  - name: demo-container
    image: nginx
    resources:
      requests:
        memory: "64Mi"
        cpu: "250m"
      limits:
        memory: "128Mi"
        cpu: "500m"
"#;

#[test]
fn step_7_resources_is_the_course() -> TestResult {
    let expected = course(RESOURCES)?;
    assert_same(&objects(&examples::resources::manifests()?)?, &expected)
}

#[test]
fn step_7_resource_demo_is_burstable() -> TestResult {
    let bundle = examples::resources::manifests()?;
    let Some(Object::Pod(pod)) = bundle.objects().next() else {
        return Err("the first object is not a Pod".into());
    };
    let spec = pod.spec.as_ref().ok_or("no spec")?;
    assert_eq!(qos_class(spec), QosClass::Burstable);
    Ok(())
}

// --- Step 8 -------------------------------------------------------------------------------

/// Course: "Exemple complet de SecurityContext pour un Pod".
const SECURE_POD: &str = r"
apiVersion: v1
kind: Pod
metadata:
  name: secure-pod
spec:
  securityContext:  # Contexte de sécurité pour tout le Pod
    runAsUser: 1000  # Exécuter le Pod en tant qu'utilisateur non root
    runAsGroup: 3000 # Définir le groupe propriétaire
    fsGroup: 2000    # Définir le groupe pour les volumes montés

  containers:
  - name: secure-container
    image: nginx
    securityContext:  # Contexte de sécurité au niveau du conteneur
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      runAsNonRoot: true
      capabilities:
        drop:
        - NET_ADMIN
      seccompProfile:
        type: RuntimeDefault
";

/// Adds `key` to the object at `pointer`, failing if it was already there.
fn insert(value: &mut Value, pointer: &str, key: &str, new: Value) -> TestResult {
    let previous = at(value, pointer)?
        .as_object_mut()
        .ok_or_else(|| format!("{pointer} is not a mapping"))?
        .insert(key.to_owned(), new);
    assert!(
        previous.is_none(),
        "{pointer}/{key} already in the course's manifest"
    );
    Ok(())
}

/// Replaces the value at `pointer`, returning the course's value.
fn replace(value: &mut Value, pointer: &str, new: Value) -> Result<Value, Box<dyn Error>> {
    Ok(std::mem::replace(at(value, pointer)?, new))
}

#[test]
fn step_8_secure_pod_is_the_course_with_its_fixes() -> TestResult {
    let mut pod = course(SECURE_POD)?.pop().ok_or("no Pod")?;
    let c = "/spec/containers/0";
    let c_sc = "/spec/containers/0/securityContext";

    // FIX (image): the official nginx starts as root, binds port 80 and writes under
    // /var/cache/nginx and /var/run: as uid 1000 on a read-only root it cannot start. The
    // unprivileged build (port 8080, writes only /tmp), pinned by tag and digest (CKV_K8S_14,
    // CKV_K8S_43), pulled with imagePullPolicy Always (CKV_K8S_15).
    let image = replace(
        &mut pod,
        &format!("{c}/image"),
        json!(examples::security_context::IMAGE),
    )?;
    assert_eq!(image, "nginx");
    insert(&mut pod, c, "imagePullPolicy", json!("Always"))?;

    // FIX (restricted): `drop: [ALL]`, which the preset emits, instead of the course's
    // `drop: [NET_ADMIN]` (a no-op, and a "restricted" violation).
    let dropped = replace(
        &mut pod,
        &format!("{c_sc}/capabilities/drop"),
        json!(["ALL"]),
    )?;
    assert_eq!(dropped, json!(["NET_ADMIN"]));

    // MOVED (preset): runAsNonRoot and seccompProfile go on the Pod, for every container.
    for (key, value) in [
        ("runAsNonRoot", json!(true)),
        ("seccompProfile", json!({ "type": "RuntimeDefault" })),
    ] {
        assert_eq!(at(&mut pod, &format!("{c_sc}/{key}"))?, &value);
        remove(&mut pod, c_sc, key)?;
        insert(&mut pod, "/spec/securityContext", key, value)?;
    }

    // FIX (read-only root): /tmp, where nginx-unprivileged writes its pid file and temp
    // files, on a writable emptyDir (`read_only_root_filesystem_except(["/tmp"])`).
    insert(
        &mut pod,
        c,
        "volumeMounts",
        json!([{ "mountPath": "/tmp", "name": "secure-container-tmp" }]),
    )?;
    insert(
        &mut pod,
        "/spec",
        "volumes",
        json!([{ "emptyDir": {}, "name": "secure-container-tmp" }]),
    )?;

    // ADDED (checkov): the named port the probes use, liveness and readiness probes
    // (CKV_K8S_8, CKV_K8S_9), step 7's requests and limits (CKV_K8S_10 to 13), and no
    // ServiceAccount token (CKV_K8S_38).
    insert(
        &mut pod,
        c,
        "ports",
        json!([{ "containerPort": 8080, "name": "http" }]),
    )?;
    insert(
        &mut pod,
        c,
        "livenessProbe",
        json!({ "httpGet": { "path": "/", "port": "http" }, "periodSeconds": 10 }),
    )?;
    insert(
        &mut pod,
        c,
        "readinessProbe",
        json!({ "httpGet": { "path": "/", "port": "http" }, "periodSeconds": 5 }),
    )?;
    insert(
        &mut pod,
        c,
        "resources",
        json!({
            "requests": { "memory": "64Mi", "cpu": "250m" },
            "limits": { "memory": "128Mi", "cpu": "500m" },
        }),
    )?;
    insert(
        &mut pod,
        "/spec",
        "automountServiceAccountToken",
        json!(false),
    )?;

    assert_same(&objects(&examples::security_context::manifests()?)?, &[pod])
}

#[test]
fn step_8_the_course_secure_pod_misses_only_drop_all() -> TestResult {
    // What the example's doc comment says: the course's Pod fails "restricted" on one check.
    let pod: Pod = serde_saphyr::from_str(SECURE_POD)?;
    let found = pss::check_object(&Object::Pod(pod), Level::Restricted, PolicyVersion::Latest)
        .ok_or("no pod spec")?;
    let ids: Vec<&str> = found.iter().map(pss::PssViolation::check_id).collect();
    assert_eq!(ids, ["capabilities_restricted"]);
    Ok(())
}

#[test]
fn step_8_secure_pod_is_restricted_and_burstable() -> TestResult {
    let bundle = examples::security_context::manifests()?;
    let Some(object @ Object::Pod(pod)) = bundle.objects().next() else {
        return Err("the first object is not a Pod".into());
    };
    let found =
        pss::check_object(object, Level::Restricted, PolicyVersion::Latest).ok_or("no pod spec")?;
    assert!(found.is_empty(), "{found:?}");
    let spec = pod.spec.as_ref().ok_or("no spec")?;
    assert_eq!(qos_class(spec), QosClass::Burstable);
    Ok(())
}

// --- The twelve-factor app ----------------------------------------------------------------

/// Every ConfigMap/Secret the shop's Deployment refers to is in the bundle, with the keys it
/// reads; the PersistentVolumeClaim is the one documented exception (expected to exist).
#[test]
fn twelve_factor_app_references_resolve() -> TestResult {
    let objects = objects(&examples::twelve_factor_app::manifests()?)?;
    let find = |kind: &str, name: &str| {
        objects
            .iter()
            .find(|o| o["kind"] == kind && o["metadata"]["name"] == name)
    };
    let has_key = |kind: &str, name: &str, key: &str| {
        find(kind, name).is_some_and(|o| o["data"].get(key).is_some())
    };
    let deployment = find("Deployment", "shop").ok_or("no Deployment shop")?;
    let pod = &deployment["spec"]["template"]["spec"];
    let container = &pod["containers"][0];

    for var in container["env"].as_array().ok_or("no env")? {
        let from = &var["valueFrom"];
        if let Some(r) = from.get("configMapKeyRef") {
            let (name, key) = (
                r["name"].as_str().unwrap_or(""),
                r["key"].as_str().unwrap_or(""),
            );
            assert!(
                has_key("ConfigMap", name, key),
                "configMapKeyRef {name}/{key}"
            );
        }
        if let Some(r) = from.get("secretKeyRef") {
            let (name, key) = (
                r["name"].as_str().unwrap_or(""),
                r["key"].as_str().unwrap_or(""),
            );
            assert!(has_key("Secret", name, key), "secretKeyRef {name}/{key}");
        }
    }
    for source in container["envFrom"].as_array().ok_or("no envFrom")? {
        let name = source["configMapRef"]["name"]
            .as_str()
            .ok_or("not a configMapRef")?;
        assert!(find("ConfigMap", name).is_some(), "envFrom {name}");
    }
    let mut claims = Vec::new();
    for volume in pod["volumes"].as_array().ok_or("no volumes")? {
        if let Some(cm) = volume.get("configMap") {
            let name = cm["name"].as_str().unwrap_or("");
            for item in cm["items"].as_array().into_iter().flatten() {
                let key = item["key"].as_str().unwrap_or("");
                assert!(
                    has_key("ConfigMap", name, key),
                    "configMap volume {name}/{key}"
                );
            }
        }
        if let Some(s) = volume.get("secret") {
            let name = s["secretName"].as_str().unwrap_or("");
            assert!(find("Secret", name).is_some(), "secret volume {name}");
        }
        if let Some(pvc) = volume.get("persistentVolumeClaim") {
            claims.push(pvc["claimName"].clone());
        }
    }
    // Documented: the claim is not part of the bundle (no PVC builder yet).
    assert_eq!(claims, [json!("shop-data")]);
    assert!(find("PersistentVolumeClaim", "shop-data").is_none());
    Ok(())
}

/// The shop follows the course's SecurityContext advice (and the "restricted" profile).
#[test]
fn twelve_factor_app_is_hardened_and_burstable() -> TestResult {
    let bundle = examples::twelve_factor_app::manifests()?;
    let deployment = bundle
        .objects()
        .find_map(|o| match o {
            Object::Deployment(d) => Some(d),
            _ => None,
        })
        .ok_or("no Deployment")?;
    let pod = deployment
        .spec_ref()
        .and_then(|s| s.template.spec.as_ref())
        .ok_or("no pod spec")?;
    assert_eq!(qos_class(pod), QosClass::Burstable);

    let sc = serde_json::to_value(&pod.containers[0].security_context)?;
    assert_eq!(
        sc,
        json!({
            "allowPrivilegeEscalation": false,
            "capabilities": { "drop": ["ALL"] },
            "readOnlyRootFilesystem": true,
            "runAsNonRoot": true,
            "runAsUser": 10001,
            "seccompProfile": { "type": "RuntimeDefault" },
        })
    );
    Ok(())
}
