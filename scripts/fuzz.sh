#!/usr/bin/env bash
# Long fuzz runs of the harness in tests/fuzz/main.rs: scripts/fuzz.sh [N] [SEED]
#   N     DICOM files to mutate (CSVs N/50, plans N/15, ONNX models N/100); default 20000
#   SEED  the mutations' seed; default a random one (printed, so a failure can be rerun)
# Each kind runs until done or FUZZ_BUDGET seconds (default 24 h). Failing DICOM files and
# plans are kept under target/tmp/fuzz-failures/. CARGO_FLAGS=--release for faster decoding.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
seed=${2:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
export ORT_DYLIB_PATH=${ORT_DYLIB_PATH:-$PWD/.ort/libonnxruntime.so}
echo "fuzz: $n DICOM files, seed $seed (rerun: scripts/fuzz.sh $n $seed)"
# shellcheck disable=SC2086
FUZZ_CASES=$n FUZZ_SEED=$seed FUZZ_BUDGET=${FUZZ_BUDGET:-86400} \
  cargo test ${CARGO_FLAGS:-} --test fuzz -- --nocapture 2>&1 | grep -E "^(fuzz |test |  |    )"
