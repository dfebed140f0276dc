//! End-to-end tests of the `kubeforge` binary: output lines and exit codes.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DEPLOYMENT_BAD: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
        - name: 1X=
          value: a
        resources:
          requests: {cpu: \"2\"}
          limits: {cpu: \"1\"}
";

const DEPLOYMENT_SECRET_REF: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
        - name: PW
          valueFrom:
            secretKeyRef: {name: db, key: password}
";

const SECRET_WITHOUT_KEY: &str = "\
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: prod}
stringData: {username: app}
";

const CONFIG_MAP: &str = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: info
";

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("kubeforge-cli")
        .join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `kubeforge <args>` in `dir` with `stdin`; returns (exit code, stdout lines, stderr).
fn run(dir: &Path, args: &[&str], stdin: &str) -> (i32, Vec<String>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kubeforge"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    (
        out.status.code().unwrap(),
        stdout.lines().map(str::to_owned).collect(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn valid_file_exits_0_with_summary() {
    let dir = scratch("valid");
    write(&dir, "cm.yaml", CONFIG_MAP);
    let (code, lines, _) = run(&dir, &["check", "cm.yaml"], "");
    assert_eq!(lines, ["checked 1 objects, 0 invalid"]);
    assert_eq!(code, 0);
}

#[test]
fn invalid_deployment_exits_1_with_exact_lines() {
    let dir = scratch("invalid");
    write(&dir, "web.yaml", DEPLOYMENT_BAD);
    let (code, lines, _) = run(&dir, &["check", "web.yaml"], "");
    assert_eq!(
        lines,
        [
            "web.yaml: Deployment/web: spec.template.spec.containers[0].env[0].name: Invalid value: \"1X=\": a valid environment variable name must consist only of printable ASCII characters other than '='",
            "web.yaml: Deployment/web: spec.template.spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
            "checked 1 objects, 1 invalid",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn unknown_field_is_a_strict_decoding_error() {
    let dir = scratch("unknown-field");
    let text = DEPLOYMENT_BAD
        .replace(
            "        env:\n        - name: 1X=\n          value: a\n",
            "        imagePullPolicyy: Always\n",
        )
        .replace("requests: {cpu: \"2\"}", "requests: {cpu: \"1\"}");
    write(&dir, "web.yaml", &text);
    let (code, lines, _) = run(&dir, &["check", "web.yaml"], "");
    assert_eq!(
        lines,
        [
            "web.yaml: Deployment/web: strict decoding error: unknown field \"spec.template.spec.containers[0].imagePullPolicyy\"",
            "checked 1 objects, 1 invalid",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn syntax_error_exits_2_with_file_and_line() {
    let dir = scratch("syntax");
    write(
        &dir,
        "broken.yaml",
        &format!("{CONFIG_MAP}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: [x\n"),
    );
    let (code, lines, _) = run(&dir, &["check", "broken.yaml"], "");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("broken.yaml:10:"), "{lines:?}");
    assert_eq!(lines[1], "checked 1 objects, 0 invalid");
    assert_eq!(code, 2);
}

#[test]
fn json_syntax_error_has_line_and_column() {
    let dir = scratch("json-syntax");
    write(&dir, "cm.json", "{\n  \"apiVersion\": \"v1\",\n}\n");
    let (code, lines, _) = run(&dir, &["check", "cm.json"], "");
    assert_eq!(
        lines,
        [
            "cm.json:3:1: trailing comma",
            "checked 0 objects, 0 invalid"
        ]
    );
    assert_eq!(code, 2);
}

#[test]
fn unknown_kind_is_a_note() {
    let dir = scratch("unknown-kind");
    write(
        &dir,
        "w.yaml",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n",
    );
    let (code, lines, _) = run(&dir, &["check", "w.yaml"], "");
    assert_eq!(
        lines,
        [
            "w.yaml: note: skipping example.com/v1 Widget \"w\" (not a kind kubeforge checks)",
            "checked 0 objects, 0 invalid",
        ]
    );
    assert_eq!(code, 0);
}

#[test]
fn directories_are_read_recursively_in_order() {
    let dir = scratch("directory");
    write(&dir, "manifests/b/web.yml", DEPLOYMENT_BAD);
    write(&dir, "manifests/a.yaml", CONFIG_MAP);
    write(&dir, "manifests/README.md", "not a manifest: [");
    write(
        &dir,
        "manifests/c.json",
        r#"{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod"}}"#,
    );
    let (code, lines, _) = run(&dir, &["check", "manifests"], "");
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with(
            "manifests/b/web.yml: Deployment/web: spec.template.spec.containers[0].env[0].name: "
        ),
        "{lines:?}"
    );
    assert_eq!(lines[2], "checked 3 objects, 1 invalid");
    assert_eq!(code, 1);
}

#[test]
fn stdin_is_read_with_dash() {
    let dir = scratch("stdin");
    let (code, lines, _) = run(&dir, &["check", "-"], DEPLOYMENT_BAD);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("<stdin>: Deployment/web: "),
        "{lines:?}"
    );
    assert_eq!(code, 1);
}

#[test]
fn json_list_items_are_checked() {
    let dir = scratch("json-list");
    write(
        &dir,
        "list.json",
        r#"{"apiVersion": "v1", "kind": "List", "items": [
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}, "data": {"k": "v"}},
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}, "dat": {"k": "v"}}
        ]}"#,
    );
    let (code, lines, _) = run(&dir, &["check", "list.json"], "");
    assert_eq!(
        lines,
        [
            "list.json: ConfigMap/b: strict decoding error: unknown field \"dat\"",
            "checked 2 objects, 1 invalid",
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn yaml_list_items_are_checked() {
    let dir = scratch("yaml-list");
    write(
        &dir,
        "list.yaml",
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n",
    );
    let (code, lines, _) = run(&dir, &["check", "list.yaml"], "");
    assert_eq!(lines, ["checked 1 objects, 0 invalid"]);
    assert_eq!(code, 0);
}

#[test]
fn unsupported_version_is_a_usage_error() {
    let dir = scratch("version");
    write(&dir, "cm.yaml", CONFIG_MAP);
    let (code, lines, stderr) = run(&dir, &["check", "--k8s-version", "1.31", "cm.yaml"], "");
    assert_eq!(code, 2);
    assert!(lines.is_empty());
    assert!(
        stderr.contains("unsupported Kubernetes version \"1.31\""),
        "{stderr}"
    );
    let (code, lines, _) = run(&dir, &["check", "--k8s-version", "1.37", "cm.yaml"], "");
    assert_eq!((code, lines.len()), (0, 1));
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("usage");
    let (code, _, stderr) = run(&dir, &["check", "missing.yaml"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read missing.yaml"), "{stderr}");
    assert_eq!(run(&dir, &["check", "--bogus", "x.yaml"], "").0, 2);
    assert_eq!(run(&dir, &["check"], "").0, 2);
    assert_eq!(run(&dir, &["lint", "x.yaml"], "").0, 2);
    assert_eq!(
        run(&dir, &["check", "--assume", "Secret", "x.yaml"], "").0,
        2
    );
}

#[test]
fn references_resolve_across_files() {
    let dir = scratch("refs");
    write(&dir, "web.yaml", DEPLOYMENT_SECRET_REF);
    write(&dir, "secret.yaml", SECRET_WITHOUT_KEY);
    let (code, lines, _) = run(&dir, &["check", "web.yaml", "secret.yaml"], "");
    assert_eq!(lines.len(), 2, "{lines:?}");
    // The engine words the rest (namespace, keys); the CLI owns the prefix.
    assert!(
        lines[0].starts_with("web.yaml: Deployment/web: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: Not found: key \"password\" in Secret/db"),
        "{lines:?}"
    );
    assert_eq!(lines[1], "checked 2 objects, 1 invalid");
    assert_eq!(code, 1);

    let (code, lines, _) = run(&dir, &["check", "--no-refs", "web.yaml", "secret.yaml"], "");
    assert_eq!(
        (code, lines),
        (0, vec!["checked 2 objects, 0 invalid".to_owned()])
    );

    let (code, lines, _) = run(
        &dir,
        &["check", "--assume", "Secret/db@prod", "web.yaml"],
        "",
    );
    assert_eq!(
        (code, lines),
        (0, vec!["checked 1 objects, 0 invalid".to_owned()])
    );

    // Alone, the Deployment refers to a Secret nobody defines.
    let (code, lines, _) = run(&dir, &["check", "web.yaml"], "");
    assert_eq!(code, 1, "{lines:?}");
}

#[test]
fn multi_document_file_where_document_2_fails_to_decode() {
    let dir = scratch("multi-doc");
    let text = format!(
        "{CONFIG_MAP}---\n# the workload\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: \"3\"\n---\n{SECRET_WITHOUT_KEY}"
    );
    write(&dir, "all.yaml", &text);
    let (code, lines, _) = run(&dir, &["check", "all.yaml"], "");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0]
            .starts_with("all.yaml:9: Deployment/web: cannot decode: invalid type: string \"3\""),
        "{lines:?}"
    );
    assert_eq!(lines[1], "checked 2 objects, 0 invalid");
    assert_eq!(code, 2);
}

#[test]
fn bad_base64_in_secret_data_is_a_decode_error() {
    let dir = scratch("base64");
    write(
        &dir,
        "s.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: \"!!not base64\"}\n",
    );
    let (code, lines, _) = run(&dir, &["check", "s.yaml"], "");
    assert!(
        lines[0].starts_with("s.yaml:1: Secret/s: cannot decode: "),
        "{lines:?}"
    );
    assert_eq!(code, 2);
}

// ---- --pss / --pss-version ----------------------------------------------------------------------

const NGINX_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 80
";

const DEPLOYMENT_HOST_NETWORK: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      hostNetwork: true
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
";

const HARDENED_POD: &str = "\
apiVersion: v1
kind: Pod
metadata:
  name: hardened
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile: {type: RuntimeDefault}
  containers:
  - name: app
    image: registry.example/app:1.0
    securityContext:
      allowPrivilegeEscalation: false
      capabilities: {drop: [ALL]}
";

#[test]
fn pss_restricted_rejects_the_nginx_pod_with_one_line_per_check() {
    let dir = scratch("pss-restricted");
    write(&dir, "pod.yaml", NGINX_POD);
    let (code, lines, _) = run(&dir, &["check", "--pss", "restricted", "pod.yaml"], "");
    assert_eq!(
        lines,
        [
            "pod.yaml: Pod/nginx: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"nginx\" must set securityContext.allowPrivilegeEscalation=false)",
            "pod.yaml: Pod/nginx: violates PodSecurity \"restricted:latest\": unrestricted capabilities (container \"nginx\" must set securityContext.capabilities.drop=[\"ALL\"])",
            "pod.yaml: Pod/nginx: violates PodSecurity \"restricted:latest\": runAsNonRoot != true (pod or container \"nginx\" must set securityContext.runAsNonRoot=true)",
            "pod.yaml: Pod/nginx: violates PodSecurity \"restricted:latest\": seccompProfile (pod or container \"nginx\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            "checked 1 objects, 1 invalid",
        ]
    );
    assert_eq!(code, 1);
    // The same pod passes baseline, and without --pss nothing is checked.
    let (code, lines, _) = run(&dir, &["check", "--pss", "baseline", "pod.yaml"], "");
    assert_eq!(
        (code, lines),
        (0, vec!["checked 1 objects, 0 invalid".to_owned()])
    );
    let (code, _, _) = run(&dir, &["check", "pod.yaml"], "");
    assert_eq!(code, 0);
}

#[test]
fn pss_holds_workload_templates_and_says_admission_only_warns() {
    let dir = scratch("pss-workload");
    write(&dir, "web.yaml", DEPLOYMENT_HOST_NETWORK);
    write(&dir, "ok.yaml", HARDENED_POD);
    let (code, lines, _) = run(
        &dir,
        &[
            "check",
            "--pss",
            "baseline",
            "--pss-version",
            "v1.30",
            "web.yaml",
            "ok.yaml",
        ],
        "",
    );
    assert_eq!(
        lines,
        [
            "web.yaml: Deployment/web: spec.template: violates PodSecurity \"baseline:v1.30\": host namespaces (hostNetwork=true); admission only warns for a Deployment, the Pods it creates would be rejected",
            "checked 2 objects, 1 invalid",
        ]
    );
    assert_eq!(code, 1);
    let (code, lines, _) = run(&dir, &["check", "--pss", "restricted", "ok.yaml"], "");
    assert_eq!(
        (code, lines),
        (0, vec!["checked 1 objects, 0 invalid".to_owned()])
    );
}

#[test]
fn pss_version_pins_the_check_revisions() {
    let dir = scratch("pss-version");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    livenessProbe:\n      httpGet: {host: 10.0.0.1, port: 80}\n";
    write(&dir, "p.yaml", pod);
    let (code, lines, _) = run(
        &dir,
        &[
            "check",
            "--pss",
            "baseline",
            "--pss-version",
            "v1.33",
            "p.yaml",
        ],
        "",
    );
    assert_eq!((code, lines.len()), (0, 1), "{lines:?}");
    let (code, lines, _) = run(
        &dir,
        &[
            "check",
            "--pss",
            "baseline",
            "--pss-version",
            "v1.34",
            "p.yaml",
        ],
        "",
    );
    assert_eq!(
        lines[0],
        "p.yaml: Pod/p: violates PodSecurity \"baseline:v1.34\": probe or lifecycle host (container \"a\" uses probe or lifecycle host \"10.0.0.1\")"
    );
    assert_eq!(code, 1);
}

#[test]
fn pss_engine_violations_come_first_and_the_object_counts_once() {
    let dir = scratch("pss-order");
    write(&dir, "web.yaml", DEPLOYMENT_BAD);
    let (code, lines, _) = run(&dir, &["check", "--pss", "restricted", "web.yaml"], "");
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert!(
        lines[1].contains("resources.requests: Invalid value"),
        "{lines:?}"
    );
    assert!(
        lines[2].starts_with("web.yaml: Deployment/web: spec.template: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"),
        "{lines:?}"
    );
    assert_eq!(lines[6], "checked 1 objects, 1 invalid");
    assert_eq!(code, 1);
}

#[test]
fn pss_bad_values_are_usage_errors() {
    let dir = scratch("pss-usage");
    write(&dir, "cm.yaml", CONFIG_MAP);
    let (code, _, stderr) = run(&dir, &["check", "--pss", "Restricted", "cm.yaml"], "");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("invalid PodSecurity level \"Restricted\": must be one of privileged, baseline, restricted"),
        "{stderr}"
    );
    let (code, _, stderr) = run(
        &dir,
        &[
            "check",
            "--pss",
            "baseline",
            "--pss-version",
            "1.30",
            "cm.yaml",
        ],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("must be \"latest\" or \"v1.<minor>\""),
        "{stderr}"
    );
    // --pss-version needs --pss.
    assert_eq!(
        run(&dir, &["check", "--pss-version", "v1.30", "cm.yaml"], "").0,
        2
    );
    let (code, lines, _) = run(&dir, &["check", "--pss", "privileged", "cm.yaml"], "");
    assert_eq!((code, lines.len()), (0, 1));
}
