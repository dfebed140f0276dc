//! A user crate whose `build.rs` writes its manifests with kubeforge (`tests/build-script-app`,
//! from the same config struct its `main` reads from the environment), built twice:
//!
//! - the second build neither reruns the build script nor rewrites a file;
//! - after an input of the build script is touched (content unchanged), the script reruns,
//!   but `Bundle::write_dir` leaves every identical file alone (modification times kept).
//!
//! The crate is built offline (every dependency is already in the local registry after the
//! workspace's own build), in its own target dir under this workspace's `target/tmp`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn app_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("build-script-app")
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-app")
}

/// `cargo build -v` of the app; returns the output and the build script's `OUT_DIR`.
fn build() -> Result<(Output, PathBuf), Box<dyn std::error::Error>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let version = std::env::var("K8S_OPENAPI_ENABLED_VERSION").unwrap_or_else(|_| "1.33".into());
    let output = Command::new(cargo)
        .args([
            "build",
            "--offline",
            "-v",
            "--message-format=json",
            "--target-dir",
        ])
        .arg(target_dir())
        .current_dir(app_dir())
        .env("K8S_OPENAPI_ENABLED_VERSION", version)
        .env_remove("CARGO_TARGET_DIR")
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "build failed:\n{stderr}");
    let stdout = String::from_utf8(output.stdout.clone())?;
    let out_dir = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|msg| {
            msg.get("reason").and_then(serde_json::Value::as_str) == Some("build-script-executed")
                && msg
                    .get("package_id")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|id| id.contains("build-script-app"))
        })
        .and_then(|msg| msg.get("out_dir")?.as_str().map(PathBuf::from))
        .ok_or("no build-script-executed message for build-script-app")?;
    Ok((output, out_dir))
}

/// The manifest files and their modification times.
fn manifests(out_dir: &Path) -> Result<Vec<(PathBuf, SystemTime)>, std::io::Error> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(out_dir.join("manifests"))? {
        let path = entry?.path();
        let modified = std::fs::metadata(&path)?.modified()?;
        files.push((path, modified));
    }
    files.sort();
    Ok(files)
}

fn runs(out_dir: &Path) -> Result<Vec<String>, std::io::Error> {
    Ok(std::fs::read_to_string(out_dir.join("runs.log"))?
        .lines()
        .map(str::to_owned)
        .collect())
}

fn ran_build_script(output: &Output) -> bool {
    String::from_utf8_lossy(&output.stderr).lines().any(|l| {
        l.contains("Running `")
            && l.contains("build-script-app")
            && l.contains("build-script-build")
    })
}

/// One test, as the steps share the app's target dir and `src/config.rs`.
#[test]
fn build_twice() -> TestResult {
    second_build_reruns_nothing_and_rewrites_nothing()?;
    the_app_prints_its_manifests_and_reads_its_env()
}

fn second_build_reruns_nothing_and_rewrites_nothing() -> TestResult {
    let (_, out_dir) = build()?;
    let first = manifests(&out_dir)?;
    let names: Vec<String> = first
        .iter()
        .filter_map(|(p, _)| Some(p.file_name()?.to_str()?.to_owned()))
        .collect();
    assert_eq!(
        names,
        [
            "06-secret-app-secret.yaml",
            "07-configmap-app-config.yaml",
            "14-deployment-app.yaml"
        ]
    );
    let runs_before = runs(&out_dir)?;

    // A later write would get a later modification time.
    std::thread::sleep(Duration::from_millis(1100));
    let (second, second_out_dir) = build()?;
    assert_eq!(second_out_dir, out_dir);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("Fresh build-script-app"),
        "the app was rebuilt:\n{stderr}"
    );
    assert!(
        !ran_build_script(&second),
        "the build script reran:\n{stderr}"
    );
    assert_eq!(runs(&out_dir)?, runs_before);
    assert_eq!(manifests(&out_dir)?, first, "a manifest was rewritten");

    // An input of the build script changes (same content): it reruns, rewrites nothing.
    let config = app_dir().join("src/config.rs");
    let content = std::fs::read(&config)?;
    std::fs::write(&config, content)?;
    let (third, _) = build()?;
    assert!(ran_build_script(&third));
    let runs_after = runs(&out_dir)?;
    assert_eq!(runs_after.len(), runs_before.len() + 1);
    assert_eq!(
        runs_after.last().map(String::as_str),
        Some("written=0 unchanged=3")
    );
    assert_eq!(
        manifests(&out_dir)?,
        first,
        "an identical manifest was rewritten"
    );
    Ok(())
}

fn the_app_prints_its_manifests_and_reads_its_env() -> TestResult {
    build()?;
    let exe = target_dir().join("debug").join("build-script-app");
    let printed = Command::new(&exe).arg("--manifests").output()?;
    let yaml = String::from_utf8(printed.stdout)?;
    assert!(yaml.contains("kind: ConfigMap\n"));
    assert!(yaml.contains("prefix: APP_\n"));
    let served = Command::new(&exe)
        .env("APP_PORT", "8081")
        .env("APP_TIMEOUT", "1m")
        .env("APP_TOKEN", "t")
        .output()?;
    assert_eq!(
        String::from_utf8(served.stdout)?,
        "listening on :8081 (timeout 60s)\n"
    );
    let failed = Command::new(&exe).env_remove("APP_PORT").output()?;
    assert!(!failed.status.success());
    assert!(String::from_utf8(failed.stderr)?.contains("APP_PORT: Required value"));
    Ok(())
}
