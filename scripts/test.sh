#!/usr/bin/env bash
# Installs what the tests need (scripts/setup.sh), starts the one-node Slurm of
# scripts/slurm-test-cluster.sh for tests/workflow/slurm.rs (and stops it afterwards, whatever
# the result), and runs the whole suite. CI runs exactly this. PROVESTEIN_SLURM=0 leaves Slurm
# out (the Slurm test then says it skipped).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export ORT_DYLIB_PATH="$PWD/.ort/libonnxruntime.so"

export PROVESTEIN_SLURM_DIR="${PROVESTEIN_SLURM_DIR:-/tmp/provestein-slurm}"
export SLURM_CONF="$PROVESTEIN_SLURM_DIR/slurm.conf"
if [ "${PROVESTEIN_SLURM:-1}" != 0 ]; then
    if bash scripts/slurm-test-cluster.sh status >/dev/null 2>&1; then
        # Started before (by hand): used, and left running.
        export PROVESTEIN_SLURM_REQUIRED=1
    elif bash scripts/slurm-test-cluster.sh start; then
        export PROVESTEIN_SLURM_REQUIRED=1
        trap 'bash scripts/slurm-test-cluster.sh stop' EXIT
    else
        bash scripts/slurm-test-cluster.sh stop || true
        echo "test.sh: the Slurm test cluster could not start (see above): tests/workflow/slurm.rs will print 'skipped'" >&2
    fi
fi

# Every test binary runs even when one fails, so that one run shows every failure.
cargo test --workspace --locked --no-fail-fast "$@"
