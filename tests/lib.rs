//! Integration tests of kubeforge (serde's `test_suite` pattern): the test files live beside this
//! one; this library holds what several of them share.

pub mod corpus;

/// Assertions shared by the rule tests: exact paths, kinds and apiserver messages.
#[allow(clippy::panic, clippy::expect_used, reason = "test support")]
pub mod rules {
    use kubeforge::validate::{self, Options, Validate, Warning};
    use kubeforge::{Error, ViolationKind};

    /// Validates with default options (Kubernetes 1.33).
    ///
    /// # Errors
    ///
    /// The engine's error for an invalid object.
    pub fn check<T: Validate>(obj: &T) -> Result<Vec<Warning>, Error> {
        validate::validate(obj, &Options::default())
    }

    /// Asserts that `obj` is rejected with a violation at exactly `path`, of `kind`, whose
    /// rendered text contains every fragment.
    ///
    /// # Panics
    ///
    /// When no such violation is found.
    #[track_caller]
    pub fn rejects<T: Validate>(obj: &T, path: &str, kind: ViolationKind, fragments: &[&str]) {
        let err = check(obj).expect_err("object should be invalid");
        let all: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
        let found = err.violations().iter().any(|v| {
            let text = v.to_string();
            v.path() == path && v.kind() == kind && fragments.iter().all(|f| text.contains(f))
        });
        assert!(
            found,
            "no {kind:?} at {path} containing {fragments:?}; got {all:#?}"
        );
    }

    /// Asserts that one violation renders exactly as `expected`.
    ///
    /// # Panics
    ///
    /// When no violation renders so.
    #[track_caller]
    pub fn rejects_exactly<T: Validate>(obj: &T, expected: &str) {
        let err = check(obj).expect_err("object should be invalid");
        let all: Vec<String> = err.violations().iter().map(ToString::to_string).collect();
        assert!(
            all.iter().any(|m| m == expected),
            "expected {expected:?}, got {all:#?}"
        );
    }

    /// Asserts that `obj` is valid; returns its warnings.
    ///
    /// # Panics
    ///
    /// When the object is invalid.
    #[track_caller]
    pub fn accepts<T: Validate>(obj: &T) -> Vec<Warning> {
        match check(obj) {
            Ok(w) => w,
            Err(e) => panic!("should be valid: {e}"),
        }
    }

    /// Asserts that `obj` is valid with a warning at `path` containing `fragment`.
    ///
    /// # Panics
    ///
    /// When the object is invalid or the warning is missing.
    #[track_caller]
    pub fn warns<T: Validate>(obj: &T, path: &str, fragment: &str) {
        let w = accepts(obj);
        assert!(
            w.iter()
                .any(|w| w.path() == path && w.message().contains(fragment)),
            "no warning at {path} with {fragment:?}: {w:#?}"
        );
    }
}

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

/// `../shared/tools/kubectl-oracle`, from `$KUBECTL_ORACLE` or searched upward from this package.
pub fn kubectl_oracle_tool() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("KUBECTL_ORACLE") {
        return Some(path.into());
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/tools/kubectl-oracle"))
        .find(|tool| tool.is_file())
}

/// What `kubectl-oracle --kubectl-version VERSION create ARGS...` printed.
#[derive(Debug)]
pub struct OracleOutput {
    /// Whether kubectl exited with 0.
    pub success: bool,
    /// The YAML kubectl wrote.
    pub stdout: String,
    /// kubectl's error text, without its `error: ` prefix and trailing newline.
    pub error: String,
}

/// Runs `kubectl-oracle --kubectl-version VERSION create ARGS...` from this package's directory
/// (so relative paths match the test's own) and returns what it printed. `None` when the tool
/// is not there, which fails under `CI`. `KUBEFORGE_PARITY_UNSET` is removed from kubectl's
/// environment (an env-file reads it as unset).
///
/// # Panics
///
/// Under `CI` when the tool is missing, or when it cannot be started.
#[allow(clippy::expect_used, reason = "test support")]
pub fn kubectl_oracle<S: AsRef<std::ffi::OsStr>>(
    test: &str,
    version: &str,
    args: &[S],
) -> Option<OracleOutput> {
    let Some(tool) = kubectl_oracle_tool() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the kubectl parity check: shared/tools/kubectl-oracle not found"
        );
        eprintln!("SKIPPED {test}: shared/tools/kubectl-oracle not found (set KUBECTL_ORACLE)");
        return None;
    };
    let output = std::process::Command::new("bash")
        .arg(tool)
        .arg("--kubectl-version")
        .arg(version)
        .arg("create")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("KUBEFORGE_PARITY_UNSET")
        .output()
        .expect("run kubectl-oracle");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stderr = stderr.trim_end_matches('\n');
    Some(OracleOutput {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        error: stderr.strip_prefix("error: ").unwrap_or(stderr).to_owned(),
    })
}
