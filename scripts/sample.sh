#!/usr/bin/env bash
# Installs what is needed (scripts/setup.sh), builds Prøvestein (release) and validates the sample
# study: the breast-cancer classifier in models/ on the cohort in sample-studies/breast-cancer/.
# Writes out/breast-cancer/ (report.pdf, report.html, report.json, predictions.csv) and records
# the run in out/history.sqlite, a history of the samples' own: never your audit trail
# (~/.local/share/provestein/history.sqlite). Links the binary as ~/.local/bin/provestein
# (PROVESTEIN_BIN_DIR to choose another folder, PROVESTEIN_BIN_DIR= for none) so that the
# README's examples work as written. Exits with the verdict (0 = PASS).
#
# PROVESTEIN_EXE=PATH skips the build and runs that binary; PROVESTEIN_SAMPLE_OUT=DIR writes
# there instead of out/ (the test suite uses both: tests/workflow/newcomer.rs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh >/dev/null
export ORT_DYLIB_PATH="$PWD/.ort/libonnxruntime.so"

exe="${PROVESTEIN_EXE:-}"
if [ -z "$exe" ]; then
    echo "sample: building the release binary (the first build takes 15-25 minutes on 2 cores)" >&2
    cargo build --release --locked
    exe="${CARGO_TARGET_DIR:-target}/release/provestein"
fi
exe="$(realpath "$exe")"

bin_dir="${PROVESTEIN_BIN_DIR-$HOME/.local/bin}"
if [ -n "$bin_dir" ]; then
    mkdir -p "$bin_dir"
    ln -sfn "$exe" "$bin_dir/provestein"
    case ":$PATH:" in
    *":$bin_dir:"*) echo "sample: provestein is on your PATH ($bin_dir/provestein → $exe)" >&2 ;;
    *) echo "sample: linked $bin_dir/provestein → $exe; $bin_dir is not on your PATH yet: open a new login shell, or run: export PATH=\"$bin_dir:\$PATH\"" >&2 ;;
    esac
fi

out="${PROVESTEIN_SAMPLE_OUT:-out}"
"$exe" batch sample-studies/breast-cancer/plan.toml --out "$out/breast-cancer" \
    --history "$out/history.sqlite" "$@"
