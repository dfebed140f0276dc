//! Integration tests of kubeforge (serde's `test_suite` pattern): the test files live beside this
//! one; this library holds what several of them share.

pub mod corpus;

/// `../shared/tools/kubectl-read`, from `$KUBECTL_READ` or searched upward from this package.
pub fn kubectl_read_tool() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("KUBECTL_READ") {
        return Some(path.into());
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/tools/kubectl-read"))
        .find(|tool| tool.is_file())
}

/// Runs `kubectl-read --expect FILE.json FILE.yaml` on the given texts in a fresh temp dir and
/// returns (success, report). `None` when the tool is not there, which fails under `CI`.
///
/// # Panics
///
/// Under `CI` when the tool is missing, or when the temp dir cannot be written.
#[allow(clippy::expect_used, clippy::panic, reason = "test support")]
pub fn kubectl_read(test: &str, yaml: &str, json: &str) -> Option<(bool, String)> {
    let Some(tool) = kubectl_read_tool() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the kubectl check: shared/tools/kubectl-read not found"
        );
        eprintln!("SKIPPED {test}: shared/tools/kubectl-read not found (set KUBECTL_READ)");
        return None;
    };
    let dir = std::env::temp_dir().join(format!("kubeforge-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (yaml_path, json_path) = (dir.join("objects.yaml"), dir.join("expected.json"));
    std::fs::write(&yaml_path, yaml).expect("write yaml");
    std::fs::write(&json_path, json).expect("write json");
    let output = std::process::Command::new("bash")
        .arg(tool)
        .arg("--expect")
        .arg(&json_path)
        .arg(&yaml_path)
        .output()
        .expect("run kubectl-read");
    let _ = std::fs::remove_dir_all(&dir);
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Some((output.status.success(), report))
}
