//! `scenario [--floor] N OUT`: writes the "N apps" stream (`shared/bench/scenario.md`) to
//! `OUT`, built with kubeforge's builders, or with hand-written k8s-openapi structs (the floor)
//! under `--floor`. The whole-process benchmark times this binary.
//!
//! Exit status: 0 on success, 1 on a build or I/O error, 2 on a usage error.

#![forbid(unsafe_code)]

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::process::ExitCode;

const USAGE: &str = "usage: scenario [--floor] N OUT\n  \
    writes the 3N objects of the \"N apps\" scenario as one YAML stream to OUT\n  \
    --floor  use hand-written k8s-openapi structs instead of kubeforge's builders";

/// The parsed command line.
struct Args {
    floor: bool,
    n: usize,
    out: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut first = args.next().ok_or("missing N")?;
    let floor = first == "--floor";
    if floor {
        first = args.next().ok_or("missing N")?;
    }
    let n = first
        .parse()
        .map_err(|e| format!("N must be a non-negative integer, got {first:?}: {e}"))?;
    let out = args.next().ok_or("missing OUT")?;
    if let Some(extra) = args.next() {
        return Err(format!("unexpected argument {extra:?}"));
    }
    Ok(Args { floor, n, out })
}

fn run(args: &Args) -> Result<(), String> {
    let file = File::create(&args.out).map_err(|e| format!("{}: {e}", args.out))?;
    // The same 64 KiB buffer for both writers, so the comparison is about building, not I/O.
    let mut w = BufWriter::with_capacity(64 * 1024, file);
    if args.floor {
        kubeforge_benches::write_floor(args.n, &mut w).map_err(|e| e.to_string())?;
    } else {
        kubeforge_benches::write_kubeforge(args.n, &mut w).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| format!("{}: {e}", args.out))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("scenario: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("scenario: {e}");
            ExitCode::FAILURE
        }
    }
}
