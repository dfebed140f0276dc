//! `fidelity-corpus DIR [N] [SEED]`: writes the YAML fidelity corpus as `DIR/corpus.yaml` and
//! `DIR/corpus.json`, for `../shared/tools/kubectl-read --expect DIR/corpus.json DIR/corpus.yaml`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: fidelity-corpus DIR [N] [SEED]");
        return ExitCode::from(2);
    };
    let n = args.get(1).map_or(Ok(300), |s| s.parse::<usize>());
    let seed = args.get(2).map_or(Ok(1), |s| s.parse::<u64>());
    let (Ok(n), Ok(seed)) = (n, seed) else {
        eprintln!("usage: fidelity-corpus DIR [N] [SEED] (N and SEED are numbers)");
        return ExitCode::from(2);
    };
    let corpus = kubeforge_tests::corpus::fidelity_corpus(seed, n);
    let written = std::fs::create_dir_all(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            let yaml = corpus.to_yaml().map_err(|e| e.to_string())?;
            let json = corpus.to_json().map_err(|e| e.to_string())?;
            std::fs::write(format!("{dir}/corpus.yaml"), yaml).map_err(|e| e.to_string())?;
            std::fs::write(format!("{dir}/corpus.json"), json).map_err(|e| e.to_string())
        });
    match written {
        Ok(()) => {
            println!(
                "wrote {} objects to {dir}/corpus.yaml and {dir}/corpus.json",
                corpus.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("fidelity-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
