#!/usr/bin/env bash
# The whole-process protocol of ../shared/bench/scenario.md: for N = 1, 100, 1000, 10000, the
# median of 5 runs after 1 warm-up (hyperfine), peak RSS (/usr/bin/time), output bytes, and the
# kubeforge / floor ratio. Prints a Markdown table. Needs hyperfine and GNU time (apt-get install
# hyperfine time). Run from the repository root.
set -euo pipefail
cargo build -q --release -p kubeforge-benches --bin scenario
bin=target/release/scenario
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo "| N | kubeforge median (ms) | floor median (ms) | ratio | peak RSS kubeforge / floor (KiB) | output bytes |"
echo "|--:|--:|--:|--:|--:|--:|"
for n in 1 100 1000 10000; do
  hyperfine -N --warmup 1 --runs 5 --export-json "$tmp/h.json" \
    "$bin $n $tmp/k.yaml" "$bin --floor $n $tmp/f.yaml" >/dev/null 2>&1
  cmp -s "$tmp/k.yaml" "$tmp/f.yaml" || { echo "streams differ at N=$n" >&2; exit 1; }
  rk=$(/usr/bin/time -f '%M' "$bin" "$n" "$tmp/k.yaml" 2>&1 >/dev/null | tail -1)
  rf=$(/usr/bin/time -f '%M' "$bin" --floor "$n" "$tmp/f.yaml" 2>&1 >/dev/null | tail -1)
  bytes=$(wc -c < "$tmp/k.yaml")
  python3 - "$tmp/h.json" "$n" "$rk" "$rf" "$bytes" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
k, f = r[0]["median"] * 1e3, r[1]["median"] * 1e3
print(f"| {sys.argv[2]} | {k:.1f} | {f:.1f} | {k / f:.2f} | {sys.argv[3]} / {sys.argv[4]} | {sys.argv[5]} |")
PY
done
