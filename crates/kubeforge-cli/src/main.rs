//! `kubeforge`: command-line front end of kubeforge (`kubeforge check FILE|DIR|- ...`).
//!
//! Only argument parsing and exit codes live here; see the `kubeforge_cli` library.

#![forbid(unsafe_code)]

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use kubeforge::validate::KubeVersion;
use kubeforge::validate::pss::{Level, PolicyVersion};
use kubeforge_cli::check::{Assumption, Config, check_inputs, parse_version};
use kubeforge_cli::input::read_inputs;

/// Validates Kubernetes manifests like a kube-apiserver would, before any cluster sees them.
#[derive(Debug, Parser)]
#[command(name = "kubeforge", version, about)]
struct Cli {
    /// The command to run.
    #[command(subcommand)]
    command: Command,
}

/// `kubeforge` commands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Check manifests (YAML, JSON, `kind: List`): exit 0 when valid, 1 on violations, 2 on errors.
    Check(CheckArgs),
}

/// Arguments of `kubeforge check`.
#[derive(Debug, Args)]
struct CheckArgs {
    /// Kubernetes release whose rules apply (1.33 to 1.37).
    #[arg(long = "k8s-version", value_name = "VERSION", default_value = "1.33", value_parser = parse_version)]
    k8s_version: KubeVersion,
    /// Do not check references between objects (ConfigMaps, Secrets, PVCs...).
    #[arg(long = "no-refs")]
    no_refs: bool,
    /// Declare an object as existing in the cluster: `KIND/NAME[@NAMESPACE]` (repeatable).
    #[arg(long = "assume", value_name = "KIND/NAME[@NAMESPACE]")]
    assume: Vec<Assumption>,
    /// Hold every Pod and workload pod template to a Pod Security Standards level:
    /// privileged, baseline or restricted.
    #[arg(long = "pss", value_name = "LEVEL")]
    pss: Option<Level>,
    /// The policy version of `--pss`: `latest` or `v1.N`.
    #[arg(
        long = "pss-version",
        value_name = "VERSION",
        default_value = "latest",
        requires = "pss"
    )]
    pss_version: PolicyVersion,
    /// Files, directories (every *.yaml, *.yml, *.json below, recursively) or `-` for stdin.
    #[arg(value_name = "FILE|DIR|-", required = true)]
    inputs: Vec<String>,
}

fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let Cli {
        command: Command::Check(args),
    } = Cli::parse();
    let inputs = match read_inputs(&args.inputs) {
        Ok(inputs) => inputs,
        Err(e) => {
            let _ = writeln!(io::stderr(), "kubeforge: error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut config = args.assume.into_iter().fold(
        Config::new()
            .k8s_version(args.k8s_version)
            .references(!args.no_refs),
        Config::assume,
    );
    if let Some(level) = args.pss {
        config = config.pss(level, args.pss_version);
    }
    let outcome = check_inputs(&inputs, &config);
    let mut stdout = io::stdout().lock();
    for line in &outcome.lines {
        if writeln!(stdout, "{line}").is_err() {
            return ExitCode::from(2);
        }
    }
    if stdout.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(outcome.exit_code())
}
