#!/usr/bin/env bash
# Measures what kubeforge-derive costs at compile time (the numbers of README.md):
#   1. a clean build of the derive crate and its dependencies (proc-macro2, quote, syn), alone;
#   2. the extra build time of a user crate for one derived struct: the same 12-field struct
#      with and without `#[derive(ConfigMap, Secret, FromEnv)]`, dependencies already built.
# Each number is the minimum of RUNS runs (default 5), in seconds, wall clock, dev profile.
# Run from anywhere: bash crates/kubeforge-derive/compile-cost.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${1:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export K8S_OPENAPI_ENABLED_VERSION=${K8S_OPENAPI_ENABLED_VERSION:-1.33}
export CARGO_INCREMENTAL=0

# Seconds (wall clock) of one command, to the hundredth.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2> "$WORK/last.err" || { cat "$WORK/last.err" >&2; exit 1; }
  end=$(date +%s.%N)
  printf '%.2f\n' "$(echo "$end - $start" | bc)"
}

min() { sort -n | head -1; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version)"

# 1. Clean build of the derive crate.
for _ in $(seq "$RUNS"); do
  rm -rf "$WORK/derive-target"
  seconds cargo build -q -p kubeforge-derive --target-dir "$WORK/derive-target"
done | min | sed 's/^/derive crate, clean build (s): /'

# 2. A user crate: one struct, with and without the derives.
mkdir -p "$WORK/user/src"
cat > "$WORK/user/Cargo.toml" <<EOF
[package]
name = "user"
version = "0.1.0"
edition = "2024"
[workspace]
[dependencies]
kubeforge = { path = "$ROOT/crates/kubeforge" }
EOF
struct() {
  cat <<EOF
use std::time::Duration;
use kubeforge::secrecy::SecretString;
$1
#[allow(dead_code)]
pub struct AppConfig {
    /// Log level.
    log_level: String,
    port: u16,
    workers: Option<u32>,
    ratio: f64,
    enabled: bool,
    origins: Vec<String>,
    timeout: Duration,
    database_url: String,
    pool_size: u32,
    #[kubeforge(file = "app.conf")]
    app_conf: String,
    database_password: SecretString,
    api_token: SecretString,
}
$2
EOF
}
plain_main='fn main() {}'
derived_main='fn main() {
    use kubeforge::config::{FromEnv, ToConfigMap, ToSecret};
    let _ = AppConfig::from_env().map(|c| (c.to_config_map(), c.to_secret()));
}'
# Without the derives, the `kubeforge` attribute is unknown: strip it.
struct "" "$plain_main" | sed 's/^    #\[kubeforge(.*)\]$//' > "$WORK/plain.rs"
struct "#[derive(kubeforge::ConfigMap, kubeforge::Secret, kubeforge::FromEnv)]" "$derived_main" > "$WORK/derived.rs"
cp "$WORK/plain.rs" "$WORK/user/src/main.rs"
(cd "$WORK/user" && cargo build -q --offline 2>/dev/null || cargo build -q)
for variant in plain derived; do
  cp "$WORK/$variant.rs" "$WORK/user/src/main.rs"
  (cd "$WORK/user" && cargo build -q --offline)
  for _ in $(seq "$RUNS"); do
    touch "$WORK/user/src/main.rs"
    (cd "$WORK/user" && seconds cargo build -q --offline)
  done | min | sed "s/^/user crate, $variant struct, rebuild (s): /"
done
