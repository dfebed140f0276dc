//! Runs `kubeforge check` over the manifest corpus in `tests/corpus/` (see its README.md).
//!
//! * every file of `tests/corpus/valid/` must be accepted (exit code 0);
//! * every file of `tests/corpus/invalid/` must be rejected (exit code 1, or 2 for a
//!   decode-stage error marked `# exit: 2`), and each
//!   `# expect: <text>` comment at the top of the file must be a substring of the output.
//!
//! All failures are collected and reported together in one assertion message.

#![allow(
    clippy::panic,
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test code"
)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root: `kubeforge check` runs from here, with paths relative to it.
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
/// Minimum corpus sizes.
const MIN_VALID: usize = 40;
const MIN_INVALID: usize = 150;
/// Sections of RULES.md that the invalid corpus must cover (file names start `<section>-` or
/// `<section>.<sub>-`).
const SECTIONS: [&str; 10] = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/// The `*.yaml` files of `tests/corpus/<dir>`, relative to the workspace root, sorted.
fn corpus_files(dir: &str) -> Vec<PathBuf> {
    let rel = Path::new("tests/corpus").join(dir);
    let entries = match std::fs::read_dir(Path::new(ROOT).join(&rel)) {
        Ok(e) => e,
        Err(e) => panic!("cannot read {}: {e}", rel.display()),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .filter_map(|p| p.file_name().map(|n| rel.join(n)))
        .collect();
    files.sort();
    files
}

/// The `# expect: <text>` lines at the top of a file (leading comment block only), trimmed.
fn expectations(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .take_while(|l| l.starts_with('#') || l.is_empty())
        .filter_map(|l| l.strip_prefix('#'))
        .filter_map(|l| l.trim_start().strip_prefix("expect:"))
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect()
}

/// Runs `kubeforge check <file>`; returns (exit code, stdout, stderr).
fn check(file: &Path) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kubeforge"))
        .arg("check")
        .arg(file)
        .current_dir(ROOT)
        .output();
    match out {
        Ok(o) => (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (None, String::new(), format!("failed to run kubeforge: {e}")),
    }
}

/// The section of an invalid file name: `5.3-env-name-required.yaml` → `5`.
fn section(file: &Path) -> Option<String> {
    let name = file.file_name()?.to_str()?;
    let prefix = name.split('-').next()?;
    let major = prefix.split('.').next()?;
    (!major.is_empty() && major.chars().all(|c| c.is_ascii_digit())).then(|| major.to_owned())
}

fn indent(s: &str) -> String {
    if s.trim().is_empty() {
        return "    <empty>\n".to_owned();
    }
    s.lines().fold(String::new(), |mut acc, l| {
        let _ = writeln!(acc, "    {l}");
        acc
    })
}

#[test]
fn corpus() {
    let valid = corpus_files("valid");
    let invalid = corpus_files("invalid");
    let mut failures: Vec<String> = Vec::new();

    if valid.len() < MIN_VALID {
        failures.push(format!(
            "only {} valid files (want at least {MIN_VALID})",
            valid.len()
        ));
    }
    if invalid.len() < MIN_INVALID {
        failures.push(format!(
            "only {} invalid files (want at least {MIN_INVALID})",
            invalid.len()
        ));
    }
    let covered: BTreeSet<String> = invalid.iter().filter_map(|f| section(f)).collect();
    for s in SECTIONS {
        if !covered.contains(s) {
            failures.push(format!("no invalid file for RULES.md section {s}"));
        }
    }
    for f in &invalid {
        if section(f).is_none() {
            failures.push(format!(
                "{}: name does not start with a RULES.md section (`<section>-<rule>.yaml`)",
                f.display()
            ));
        }
    }

    for f in &valid {
        let (code, stdout, stderr) = check(f);
        if code != Some(0) {
            failures.push(format!(
                "{}: expected exit code 0 (valid), got {code:?}\n  stdout:\n{}  stderr:\n{}",
                f.display(),
                indent(&stdout),
                indent(&stderr)
            ));
        }
    }

    for f in &invalid {
        let text = match std::fs::read_to_string(Path::new(ROOT).join(f)) {
            Ok(t) => t,
            Err(e) => {
                failures.push(format!("{}: cannot read: {e}", f.display()));
                continue;
            }
        };
        let expects = expectations(&text);
        if expects.is_empty() {
            failures.push(format!("{}: no `# expect:` line", f.display()));
            continue;
        }
        // `# exit: 2` marks a decode-stage error (the apiserver's 400, e.g. bad base64).
        let want = if text.lines().any(|l| l.trim() == "# exit: 2") {
            2
        } else {
            1
        };
        let (code, stdout, stderr) = check(f);
        let missing: Vec<&String> = expects
            .iter()
            .filter(|e| !stdout.contains(e.as_str()))
            .collect();
        if code != Some(want) || !missing.is_empty() {
            let mut msg = format!("{}:", f.display());
            if code != Some(want) {
                let _ = write!(msg, " expected exit code {want}, got {code:?};");
            }
            for e in &missing {
                let _ = write!(msg, "\n  expected in stdout: {e}");
            }
            let _ = write!(
                msg,
                "\n  stdout:\n{}  stderr:\n{}",
                indent(&stdout),
                indent(&stderr)
            );
            failures.push(msg);
        }
    }

    assert!(
        failures.is_empty(),
        "{} corpus failure(s) ({} valid, {} invalid files):\n\n{}",
        failures.len(),
        valid.len(),
        invalid.len(),
        failures.join("\n\n")
    );
}
