#!/usr/bin/env bash
# Installs what is needed (scripts/setup.sh), builds Prøvestein and validates the sample study:
# the breast-cancer classifier in models/ on the cohort in sample-studies/breast-cancer/.
# Writes out/breast-cancer/report.json and predictions.csv; exits with the verdict (0 = PASS).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export ORT_DYLIB_PATH="$PWD/.ort/libonnxruntime.so"
cargo run --release --locked -- batch sample-studies/breast-cancer/plan.toml --out out/breast-cancer "$@"
