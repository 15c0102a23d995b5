#!/usr/bin/env bash
# Installs what the tests need (scripts/setup.sh) and runs the whole suite. CI runs exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export ORT_DYLIB_PATH="$PWD/.ort/libonnxruntime.so"
cargo test --workspace --locked "$@"
