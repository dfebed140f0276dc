//! kubectl parity of the ConfigMap and Secret builders: every case of the committed corpus
//! (`files/parity/`, see its README) is built with kubeforge and created with the real kubectl
//! (`../shared/tools/kubectl-oracle create configmap|secret ... --dry-run=client -o yaml`) for
//! Kubernetes 1.33 and 1.37; the results are compared **as data** (both YAMLs parsed to JSON
//! values). Errors compare kubeforge's message with kubectl's (without `error: `).
//!
//! Two normalisations, and only these: `metadata.creationTimestamp: null` (kubectl ≤ 1.33
//! writes it) is dropped, and a Secret without `type` (what `kubectl create secret generic`
//! writes; the apiserver defaults it) counts as `type: Opaque` (what kubeforge writes).
//!
//! Paths are relative to this package's directory: cargo runs the tests there, and the oracle
//! is started there, so messages that name a path name the same one.
#![allow(missing_docs)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use kubeforge::{Bundle, ConfigMapBuilder, DOCKER_HUB_SERVER, SecretBuilder, SkippedKind};
use kubeforge_tests::kubectl_oracle;
use serde_json::Value;

/// The oldest and newest Kubernetes releases k8s-openapi 0.29 supports.
const VERSIONS: [&str; 2] = ["1.33", "1.37"];

/// The object a case makes.
const NAME: &str = "parity";

/// One `--from-*` source, given to kubectl as a flag and to the builder as the same call.
#[derive(Clone, Copy, Debug)]
enum Src {
    File(&'static str),
    Env(&'static str),
    Lit(&'static str),
}

impl Src {
    fn flag(self) -> String {
        match self {
            Self::File(s) => format!("--from-file={s}"),
            Self::Env(s) => format!("--from-env-file={s}"),
            Self::Lit(s) => format!("--from-literal={s}"),
        }
    }
}

/// What kubectl must do with the case (a check on the corpus itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Ok,
    Err,
}

/// kubectl applies `--from-file` before `--from-literal` for a ConfigMap, and literals before
/// files for a Secret (env-files last in both); the builder applies its calls in order, so a
/// case calls the builder in kubectl's order. The order only decides which duplicate is
/// reported first.
fn kubectl_order(sources: &[Src], secret: bool) -> Vec<Src> {
    let rank = |s: &Src| match (s, secret) {
        (Src::File(_), false) | (Src::Lit(_), true) => 0,
        (Src::Lit(_), false) | (Src::File(_), true) => 1,
        (Src::Env(_), _) => 2,
    };
    let mut ordered = sources.to_vec();
    ordered.sort_by_key(rank);
    ordered
}

fn config_map(sources: &[Src]) -> Result<Value, kubeforge::Error> {
    let mut b = ConfigMapBuilder::new(NAME);
    for src in kubectl_order(sources, false) {
        b = match src {
            Src::File(s) => b.from_file(s),
            Src::Env(s) => b.from_env_file(s),
            Src::Lit(s) => b.from_literal(s),
        };
    }
    as_data(&Bundle::new().with(b.build()?))
}

fn secret(sources: &[Src]) -> Result<Value, kubeforge::Error> {
    let mut b = SecretBuilder::new(NAME);
    for src in kubectl_order(sources, true) {
        b = match src {
            Src::File(s) => b.from_file(s),
            Src::Env(s) => b.from_env_file(s),
            Src::Lit(s) => b.from_literal(s),
        };
    }
    as_data(&Bundle::new().with(b.build()?))
}

/// The bundle's one object, through kubeforge's YAML writer and back.
fn as_data(bundle: &Bundle) -> Result<Value, kubeforge::Error> {
    let yaml = bundle.to_yaml()?;
    Ok(parse_yaml(&yaml))
}

fn parse_yaml(yaml: &str) -> Value {
    let mut value: Value =
        serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("YAML does not parse: {e}\n{yaml}"));
    if let Some(meta) = value.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("creationTimestamp");
    }
    if value["kind"] == "Secret" && value.get("type").is_none() {
        value["type"] = Value::from("Opaque");
    }
    value
}

/// Builds with kubeforge and with kubectl `create ARGS` for each version; returns a report of
/// every difference (empty when all agree).
fn compare<S: AsRef<std::ffi::OsStr>>(
    case: &str,
    args: &[S],
    expect: Expect,
    ours: &Result<Value, kubeforge::Error>,
) -> String {
    let mut report = String::new();
    for version in VERSIONS {
        let Some(kubectl) = kubectl_oracle(case, version, args) else {
            return report;
        };
        let theirs = if kubectl.success {
            Ok(parse_yaml(&kubectl.stdout))
        } else {
            Err(kubectl.error.clone())
        };
        if (expect == Expect::Ok) != kubectl.success {
            let _ = writeln!(
                report,
                "{case} [{version}]: corpus expects {expect:?}, kubectl: {theirs:?}"
            );
        }
        match (ours, &theirs) {
            (Ok(a), Ok(b)) if a == b => {}
            (Err(a), Err(b)) if a.to_string() == *b => {}
            (Ok(a), Ok(b)) => {
                let _ = writeln!(
                    report,
                    "{case} [{version}]: data differ\n  kubeforge: {a}\n  kubectl:   {b}"
                );
            }
            (a, b) => {
                let a = a.as_ref().map_err(ToString::to_string);
                let _ = writeln!(
                    report,
                    "{case} [{version}]:\n  kubeforge: {a:?}\n  kubectl:   {b:?}"
                );
            }
        }
    }
    report
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| (*s).to_owned()).collect()
}

/// `create configmap|secret generic NAME <sources>` for each case; fails listing every case
/// that differs.
fn run_generic(secret_kind: bool, cases: &[(&str, Expect, &[Src])]) {
    let mut report = String::new();
    for (case, expect, sources) in cases {
        let mut args = if secret_kind {
            strings(&["secret", "generic", NAME])
        } else {
            strings(&["configmap", NAME])
        };
        args.extend(sources.iter().map(|s| s.flag()));
        let ours = if secret_kind {
            secret(sources)
        } else {
            config_map(sources)
        };
        report.push_str(&compare(case, &args, *expect, &ours));
    }
    assert!(report.is_empty(), "kubectl parity failures:\n{report}");
}

/// The sources both kinds share (text, binary, empty, directories, unicode names, env-files,
/// literals, the source grammar and its errors).
#[allow(clippy::too_many_lines, reason = "a table of cases")]
fn shared_cases() -> Vec<(&'static str, Expect, &'static [Src])> {
    use Expect::{Err, Ok};
    use Src::{Env, File, Lit};
    vec![
        ("text file", Ok, &[File("files/parity/text/app.conf")]),
        (
            "text without a trailing newline",
            Ok,
            &[File("files/parity/text/no-newline.txt")],
        ),
        (
            "whitespace and tab-led lines",
            Ok,
            &[File("files/parity/text/whitespace.txt")],
        ),
        ("binary file", Ok, &[File("files/parity/binary/logo.bin")]),
        (
            "latin-1 text is not UTF-8",
            Ok,
            &[File("files/parity/binary/latin1.txt")],
        ),
        ("empty file", Ok, &[File("files/parity/empty/empty.txt")]),
        (
            "KEY=PATH",
            Ok,
            &[File("settings.ini=files/parity/text/app.conf")],
        ),
        (
            "directory, sub-folder skipped",
            Ok,
            &[File("files/parity/dir")],
        ),
        (
            "directory with a trailing slash",
            Ok,
            &[File("files/parity/dir/")],
        ),
        (
            "files and a directory together",
            Ok,
            &[
                File("files/parity/dir"),
                File("files/parity/text/app.conf"),
                File("files/parity/binary/logo.bin"),
            ],
        ),
        (
            "unicode file name is an invalid key",
            Err,
            &[File("files/parity/unicode/café.txt")],
        ),
        (
            "unicode file name under a valid key",
            Ok,
            &[File("cafe.txt=files/parity/unicode/café.txt")],
        ),
        (
            "cyrillic file name under a valid key",
            Ok,
            &[File("key.conf=files/parity/unicode/ключ.conf")],
        ),
        (
            "directory of unicode names",
            Err,
            &[File("files/parity/unicode")],
        ),
        (
            "invalid key given",
            Err,
            &[File("a b=files/parity/text/app.conf")],
        ),
        ("key for a directory", Err, &[File("k=files/parity/dir")]),
        ("missing key", Err, &[File("=files/parity/text/app.conf")]),
        ("missing path", Err, &[File("k=")]),
        ("two equals signs", Err, &[File("k=files/parity/text/a=b")]),
        ("file not found", Err, &[File("files/parity/nope.conf")]),
        (
            "KEY=PATH not found",
            Err,
            &[File("k=files/parity/nope.conf")],
        ),
        (
            "same file twice",
            Err,
            &[
                File("files/parity/text/app.conf"),
                File("files/parity/text/app.conf"),
            ],
        ),
        (
            "file key clashes with a literal",
            Err,
            &[File("files/parity/text/app.conf"), Lit("app.conf=x")],
        ),
        (
            "binary key clashes with a literal",
            Err,
            &[File("files/parity/binary/logo.bin"), Lit("logo.bin=x")],
        ),
        (
            "literals",
            Ok,
            &[
                Lit("LOG_LEVEL=info"),
                Lit("JAVA_OPTS=-Xmx=512m -Dx=y"),
                Lit("EMPTY="),
                Lit("unicode=café ☕"),
                Lit("multi.line=a\nb\n"),
            ],
        ),
        ("literal without =", Err, &[Lit("LOG_LEVEL")]),
        ("literal without key", Err, &[Lit("=info")]),
        ("literal with an invalid key", Err, &[Lit("log level=info")]),
        ("literal key '.'", Err, &[Lit(".=x")]),
        ("literal key starting with '..'", Err, &[Lit("..x=1")]),
        ("duplicate literals", Err, &[Lit("A=1"), Lit("A=2")]),
        (
            "env-file: comments, blank lines, quotes, = in values, CRLF, from the environment",
            Ok,
            &[Env("files/parity/env/app.env")],
        ),
        (
            "env-file with a BOM",
            Ok,
            &[Env("files/parity/env/bom.env")],
        ),
        (
            "env-file without a trailing newline",
            Ok,
            &[Env("files/parity/env/no-newline.env")],
        ),
        (
            "env-file of comments only",
            Ok,
            &[Env("files/parity/env/comments-only.env")],
        ),
        (
            "two env-files",
            Ok,
            &[
                Env("files/parity/env/bom.env"),
                Env("files/parity/env/no-newline.env"),
            ],
        ),
        (
            "env-file: export prefix",
            Err,
            &[Env("files/parity/env/export.env")],
        ),
        (
            "env-file: spaces around =",
            Err,
            &[Env("files/parity/env/spaces.env")],
        ),
        (
            "env-file: invalid UTF-8",
            Err,
            &[Env("files/parity/env/invalid-utf8.env")],
        ),
        (
            "env-file: duplicate key",
            Err,
            &[Env("files/parity/env/duplicate.env")],
        ),
        (
            "env-file: key starts with a digit",
            Err,
            &[Env("files/parity/env/digit.env")],
        ),
        (
            "env-file: empty key",
            Err,
            &[Env("files/parity/env/no-key.env")],
        ),
        (
            "env-file: unicode spaces before a key",
            Ok,
            &[Env("files/parity/env/unicode-space.env")],
        ),
        (
            "env-file: key starting with '..'",
            Err,
            &[Env("files/parity/env/dotdot.env")],
        ),
        (
            "env-file: valid env name, too long for a key",
            Err,
            &[Env("files/parity/env/long-key.env")],
        ),
        (
            "directory holding a file named ..hidden",
            Err,
            &[File("files/parity/dotdot-dir")],
        ),
        (
            "a file path with a trailing slash",
            Err,
            &[File("files/parity/text/app.conf/")],
        ),
        ("env-file is a directory", Err, &[Env("files/parity/env")]),
        (
            "env-file not found",
            Err,
            &[Env("files/parity/env/nope.env")],
        ),
    ]
}

fn check_environment() {
    assert_eq!(
        std::env::var("CARGO_PKG_NAME").as_deref(),
        Ok("kubeforge-tests"),
        "app.env reads CARGO_PKG_NAME from the environment, which cargo sets for tests"
    );
    assert!(
        std::env::var_os("KUBEFORGE_PARITY_UNSET").is_none(),
        "app.env expects KUBEFORGE_PARITY_UNSET to be unset"
    );
}

#[test]
fn config_map_from_files_env_files_and_literals_like_kubectl() {
    check_environment();
    run_generic(false, &shared_cases());
}

#[test]
fn generic_secret_from_files_env_files_and_literals_like_kubectl() {
    check_environment();
    run_generic(true, &shared_cases());
}

/// A directory's sub-folder is skipped by both, and kubeforge says so.
#[test]
fn directory_entries_that_are_not_files_are_listed() {
    let b = ConfigMapBuilder::new(NAME).from_file("files/parity/dir");
    let skipped: Vec<(&Path, SkippedKind)> =
        b.skipped().iter().map(|s| (s.path(), s.kind())).collect();
    assert_eq!(
        skipped,
        [(Path::new("files/parity/dir/sub"), SkippedKind::Directory)]
    );
    let cm = b.build().unwrap();
    let keys: Vec<&String> = cm.data.as_ref().unwrap().keys().collect();
    assert_eq!(keys, [".hidden", "a.conf", "b.txt", "empty"]);
    assert!(cm.binary_data.unwrap().contains_key("data.bin"));
}

/// A scratch directory for the cases git cannot carry portably (symbolic links, file names that
/// are not UTF-8).
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kubeforge-parity-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn symlinks_in_a_directory_and_non_utf8_names_like_kubectl() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;

    let dir = scratch("links");
    let links = dir.join("links");
    std::fs::create_dir_all(links.join("folder")).unwrap();
    std::fs::write(links.join("real.conf"), "real\n").unwrap();
    std::os::unix::fs::symlink("real.conf", links.join("link.conf")).unwrap();
    std::os::unix::fs::symlink("folder", links.join("link-dir")).unwrap();
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let name = OsStr::from_bytes(b"caf\xe9.txt");
    std::fs::write(bad.join(name), "x").unwrap();

    let b = ConfigMapBuilder::new(NAME).from_file(&links);
    let mut kinds: Vec<(String, SkippedKind)> = b
        .skipped()
        .iter()
        .map(|s| {
            (
                s.path().file_name().unwrap().to_string_lossy().into_owned(),
                s.kind(),
            )
        })
        .collect();
    kinds.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        kinds,
        [
            ("folder".to_owned(), SkippedKind::Directory),
            ("link-dir".to_owned(), SkippedKind::Symlink),
            ("link.conf".to_owned(), SkippedKind::Symlink),
        ]
    );

    let mut report = String::new();
    // A symbolic link given directly is followed (kubectl stats it); in a directory it is not.
    let direct = format!("direct={}", links.join("link.conf").display());
    let file = bad.join(name);
    let flag = |source: &OsStr| {
        let mut flag = std::ffi::OsString::from("--from-file=");
        flag.push(source);
        flag
    };
    let cases = [
        (
            "directory with symlinks",
            flag(links.as_os_str()),
            Expect::Ok,
            as_data_cm(ConfigMapBuilder::new(NAME).from_file(&links)),
        ),
        (
            "a symlink given directly",
            flag(OsStr::new(&direct)),
            Expect::Ok,
            as_data_cm(ConfigMapBuilder::new(NAME).from_file(&direct)),
        ),
        (
            "non-UTF-8 file name",
            flag(file.as_os_str()),
            Expect::Err,
            as_data_cm(ConfigMapBuilder::new(NAME).from_file(&file)),
        ),
        (
            "directory holding a non-UTF-8 file name",
            flag(bad.as_os_str()),
            Expect::Err,
            as_data_cm(ConfigMapBuilder::new(NAME).from_file(&bad)),
        ),
        (
            "non-UTF-8 file name under a valid key",
            flag(OsStr::from_bytes(
                &[b"k=", file.as_os_str().as_bytes()].concat(),
            )),
            Expect::Ok,
            as_data_cm(ConfigMapBuilder::new(NAME).file_as("k", &file)),
        ),
    ];
    for (case, flag, expect, ours) in cases {
        let args = [
            OsStr::new("configmap").to_owned(),
            OsStr::new(NAME).to_owned(),
            flag,
        ];
        report.push_str(&compare(case, &args, expect, &ours));
    }
    let err = ConfigMapBuilder::new(NAME)
        .from_file(&file)
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("\"caf\\xe9.txt\" is not a valid key name"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(report.is_empty(), "kubectl parity failures:\n{report}");
}

fn as_data_cm(b: ConfigMapBuilder) -> Result<Value, kubeforge::Error> {
    as_data(&Bundle::new().with(b.build()?))
}

fn as_data_secret(b: SecretBuilder) -> Result<Value, kubeforge::Error> {
    as_data(&Bundle::new().with(b.build()?))
}

/// `kubectl create secret tls` against `SecretBuilder::tls` for good pairs of every key format
/// and for each kind of bad input.
#[test]
fn tls_secret_like_kubectl() {
    use Expect::{Err, Ok};
    let t = |f: &str| format!("files/parity/tls/{f}");
    let cases = [
        ("RSA, PKCS#8 key", Ok, t("rsa.crt"), t("rsa.key")),
        ("RSA, PKCS#1 key", Ok, t("rsa.crt"), t("rsa-pkcs1.key")),
        ("EC P-256, SEC1 key", Ok, t("ec.crt"), t("ec.key")),
        ("EC P-256, PKCS#8 key", Ok, t("ec.crt"), t("ec-pkcs8.key")),
        ("Ed25519", Ok, t("ed25519.crt"), t("ed25519.key")),
        ("chain: leaf first", Ok, t("chain.crt"), t("rsa.key")),
        (
            "certificate and key in one file",
            Ok,
            t("combined.pem"),
            t("combined.pem"),
        ),
        (
            "RSA key of another pair",
            Err,
            t("rsa.crt"),
            t("other-rsa.key"),
        ),
        (
            "EC key of another pair",
            Err,
            t("ec.crt"),
            t("other-ec.key"),
        ),
        ("RSA certificate, EC key", Err, t("rsa.crt"), t("ec.key")),
        (
            "Ed25519 certificate, RSA key",
            Err,
            t("ed25519.crt"),
            t("rsa.key"),
        ),
        ("inputs switched", Err, t("rsa.key"), t("rsa.crt")),
        ("certificate as key", Err, t("rsa.crt"), t("rsa.crt")),
        ("empty certificate file", Err, t("empty.pem"), t("rsa.key")),
        ("empty key file", Err, t("rsa.crt"), t("empty.pem")),
        (
            "text as key",
            Err,
            t("rsa.crt"),
            "files/parity/text/app.conf".to_owned(),
        ),
        ("certificate not found", Err, t("nope.crt"), t("rsa.key")),
        ("key not found", Err, t("rsa.crt"), t("nope.key")),
    ];
    let mut report = String::new();
    for (case, expect, cert, key) in cases {
        let args = vec![
            "secret".to_owned(),
            "tls".to_owned(),
            NAME.to_owned(),
            format!("--cert={cert}"),
            format!("--key={key}"),
        ];
        let ours = as_data_secret(SecretBuilder::new(NAME).tls(&cert, &key));
        report.push_str(&compare(case, &args, expect, &ours));
    }
    assert!(report.is_empty(), "kubectl parity failures:\n{report}");
}

/// `kubectl create secret docker-registry` against `SecretBuilder::docker_registry`: the
/// `.dockerconfigjson` bytes (so its JSON, the `auth` field included) are compared as part of
/// the Secret's data.
#[test]
fn docker_registry_secret_like_kubectl() {
    use Expect::{Err, Ok};
    let cases = [
        (
            "with email",
            Ok,
            "registry.example.com:5000",
            "ci-bot",
            "s3cret",
            "ci@example.com",
        ),
        ("without email", Ok, "ghcr.io", "octocat", "ghp_token", ""),
        ("Docker Hub", Ok, DOCKER_HUB_SERVER, "me", "pw", ""),
        (
            "characters JSON and HTML escape",
            Ok,
            "https://r.example.com/v2/?a=1&b=<2>",
            "user\"name\\",
            "p@ss:w<o>rd&\t\u{2028}",
            "a+b@example.com",
        ),
        (
            "unicode",
            Ok,
            "registry.example.com",
            "Jürgen",
            "pässwörd☕",
            "",
        ),
        ("empty password", Err, "r.example.com", "u", "", ""),
        ("empty username", Err, "r.example.com", "", "p", ""),
        ("empty server", Err, "", "u", "p", ""),
    ];
    let mut report = String::new();
    for (case, expect, server, user, password, email) in cases {
        let mut args = vec![
            "secret".to_owned(),
            "docker-registry".to_owned(),
            NAME.to_owned(),
            format!("--docker-server={server}"),
            format!("--docker-username={user}"),
            format!("--docker-password={password}"),
        ];
        if !email.is_empty() {
            args.push(format!("--docker-email={email}"));
        }
        let ours =
            as_data_secret(SecretBuilder::new(NAME).docker_registry(server, user, password, email));
        report.push_str(&compare(case, &args, expect, &ours));
    }
    assert!(report.is_empty(), "kubectl parity failures:\n{report}");
}

/// basic-auth and ssh-auth have no kubectl subcommand: their kubectl form is `create secret
/// generic --type=...` with the keys the type requires.
#[test]
fn basic_auth_and_ssh_auth_like_kubectl_generic_with_type() {
    let mut report = String::new();
    let args = strings(&[
        "secret",
        "generic",
        NAME,
        "--type=kubernetes.io/basic-auth",
        "--from-literal=username=admin",
        "--from-literal=password=t0p=s3cret",
    ]);
    let ours = as_data_secret(SecretBuilder::new(NAME).basic_auth("admin", "t0p=s3cret"));
    report.push_str(&compare("basic-auth", &args, Expect::Ok, &ours));
    let args = strings(&[
        "secret",
        "generic",
        NAME,
        "--type=kubernetes.io/ssh-auth",
        "--from-file=ssh-privatekey=files/parity/tls/ed25519.key",
    ]);
    let ours = as_data_secret(SecretBuilder::new(NAME).ssh_auth("files/parity/tls/ed25519.key"));
    report.push_str(&compare("ssh-auth", &args, Expect::Ok, &ours));
    assert!(report.is_empty(), "kubectl parity failures:\n{report}");
}

/// The keys each typed Secret requires are checked at `build()` with the apiserver's messages
/// (kubectl checks none of them for `generic --type`, the apiserver does).
#[test]
fn typed_secrets_require_their_keys() {
    use kubeforge::SecretType;
    let messages = |b: SecretBuilder| -> Vec<String> {
        b.build()
            .unwrap_err()
            .violations()
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(
        messages(
            SecretBuilder::new(NAME)
                .type_(SecretType::Tls)
                .data("tls.crt", "x")
        ),
        ["data[tls.key]: Required value"]
    );
    assert_eq!(
        messages(SecretBuilder::new(NAME).type_(SecretType::BasicAuth)),
        [
            "data[username]: Required value",
            "data[password]: Required value"
        ]
    );
    assert_eq!(
        messages(SecretBuilder::new(NAME).type_(SecretType::SshAuth)),
        ["data[ssh-privatekey]: Required value"]
    );
    assert_eq!(
        messages(SecretBuilder::new(NAME).type_(SecretType::DockerConfigJson)),
        ["data[.dockerconfigjson]: Required value"]
    );
    assert_eq!(
        messages(
            SecretBuilder::new(NAME)
                .type_(SecretType::DockerConfigJson)
                .data(".dockerconfigjson", "[]")
        ),
        [
            "data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": json: cannot unmarshal array into Go value of type map[string]interface {}"
        ]
    );
    // An empty ssh-privatekey file is refused like a missing key.
    let dir = scratch("ssh");
    std::fs::write(dir.join("empty"), "").unwrap();
    assert_eq!(
        messages(SecretBuilder::new(NAME).ssh_auth(dir.join("empty"))),
        ["data[ssh-privatekey]: Required value"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // Each typed setter sets what the type requires, so these build.
    SecretBuilder::new(NAME)
        .tls("files/parity/tls/rsa.crt", "files/parity/tls/rsa.key")
        .build()
        .unwrap();
    SecretBuilder::new(NAME)
        .basic_auth("u", "")
        .build()
        .unwrap();
}

/// Go's line scanner gives up at a line of 64 KiB or more, and kubectl ignores that error: the
/// keys before the line are kept, the rest of the file is not read. A line one byte shorter
/// is read.
#[test]
fn env_file_lines_of_64_kib_like_kubectl() {
    let dir = scratch("long-lines");
    let long = dir.join("long.env");
    let value = "x".repeat(64 * 1024);
    std::fs::write(&long, format!("A=1\nLONG={value}\nB=2\n")).unwrap();
    let fits = dir.join("fits.env");
    let value = "x".repeat(64 * 1024 - 1 - "FITS=".len());
    std::fs::write(&fits, format!("A=1\nFITS={value}\nB=2\n")).unwrap();
    let mut report = String::new();
    for (case, path, keys) in [
        ("a 64 KiB line ends the file", &long, vec!["A"]),
        ("a line just under 64 KiB", &fits, vec!["A", "B", "FITS"]),
    ] {
        let ours = as_data_cm(ConfigMapBuilder::new(NAME).from_env_file(path));
        let data = ours.as_ref().unwrap()["data"].as_object().unwrap();
        assert_eq!(data.keys().collect::<Vec<_>>(), keys, "{case}");
        let args = vec![
            "configmap".to_owned(),
            NAME.to_owned(),
            format!("--from-env-file={}", path.display()),
        ];
        report.push_str(&compare(case, &args, Expect::Ok, &ours));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(report.is_empty(), "kubectl parity failures:\n{report}");
}
