#!/usr/bin/env bash
# A run in shards on Slurm (docs/scale.md): `provestein prepare` here, then the score array
# (deploy/slurm/score.sbatch, one task per shard) and the merge (deploy/slurm/merge.sbatch),
# which waits for every shard with --dependency=afterok. Run it on a login node that sees the
# shared folder:
#
#   PROVESTEIN_PLAN=plan.toml PROVESTEIN_WORK=/shared/run1 PROVESTEIN_OUT=/shared/run1/report \
#   PROVESTEIN_SHARDS=16 PROVESTEIN_THROTTLE=8 bash deploy/slurm/submit.sh
#
# Variables (paths must be the same on every node: a shared filesystem):
#   PROVESTEIN_PLAN      the plan (required)
#   PROVESTEIN_WORK      the work folder, on shared storage (required; created)
#   PROVESTEIN_OUT       where the merge writes the report (default WORK/report)
#   PROVESTEIN_SHARDS    N, the number of shards (default 4). Size shards by minutes: N = the
#                        single-node scoring time / 10–30 min, at most the site's MaxArraySize;
#                        never one shard per study (each shard loads the model and runs the
#                        vendor's test vectors first)
#   PROVESTEIN_THROTTLE  at most this many shards at once (sbatch --array=0-(N-1)%T; default none)
#   PROVESTEIN_BIN       the provestein binary (default: provestein on PATH)
#   PROVESTEIN_HISTORY   the history; prepare takes the pseudonym key from beside it, the merge
#                        job records the run in it (see merge.sbatch on SQLite and NFS)
#   PROVESTEIN_NO_HISTORY=1   the merge job records nothing
#   PROVESTEIN_SBATCH_ARGS        sbatch options for both jobs (--partition, --account, …)
#   PROVESTEIN_SCORE_SBATCH_ARGS  for the array only (--cpus-per-task, --time, --mem)
#   PROVESTEIN_MERGE_SBATCH_ARGS  for the merge only
#   ORT_DYLIB_PATH and everything else in this environment reach the jobs (sbatch --export=ALL).
#
# Prints the two job ids as `array_job=ID` and `merge_job=ID`; the jobs' logs go to WORK/logs/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() {
    echo "submit.sh: $*" >&2
    exit 1
}

: "${PROVESTEIN_PLAN:?set PROVESTEIN_PLAN to the plan}"
: "${PROVESTEIN_WORK:?set PROVESTEIN_WORK to a work folder on shared storage}"
n="${PROVESTEIN_SHARDS:-4}"
[[ "$n" =~ ^[1-9][0-9]*$ ]] || die "PROVESTEIN_SHARDS is '$n', not a number of shards"
throttle="${PROVESTEIN_THROTTLE:-}"
[[ -z "$throttle" || "$throttle" =~ ^[1-9][0-9]*$ ]] || die "PROVESTEIN_THROTTLE is '$throttle', not a number"
bin="${PROVESTEIN_BIN:-provestein}"
command -v "$bin" >/dev/null || die "no provestein binary '$bin': set PROVESTEIN_BIN"

# Absolute paths: the jobs start in this folder, but a node may not.
abs() { realpath -m -- "$1"; }
PROVESTEIN_WORK="$(abs "$PROVESTEIN_WORK")"
PROVESTEIN_OUT="$(abs "${PROVESTEIN_OUT:-$PROVESTEIN_WORK/report}")"
PROVESTEIN_BIN="$(command -v "$bin")"
PROVESTEIN_SHARDS="$n"
export PROVESTEIN_WORK PROVESTEIN_OUT PROVESTEIN_BIN PROVESTEIN_SHARDS

"$PROVESTEIN_BIN" prepare "$(abs "$PROVESTEIN_PLAN")" --work "$PROVESTEIN_WORK"
mkdir -p "$PROVESTEIN_WORK/logs"

# Word splitting of the *_SBATCH_ARGS is intended: they are lists of options.
# shellcheck disable=SC2086
array_job="$(sbatch --parsable --export=ALL \
    --array="0-$((n - 1))${throttle:+%$throttle}" \
    --output="$PROVESTEIN_WORK/logs/score-%A_%a.out" \
    ${PROVESTEIN_SBATCH_ARGS:-} ${PROVESTEIN_SCORE_SBATCH_ARGS:-} \
    "$here/score.sbatch")"
array_job="${array_job%%;*}"
# shellcheck disable=SC2086
merge_job="$(sbatch --parsable --export=ALL \
    --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
    --output="$PROVESTEIN_WORK/logs/merge-%j.out" \
    ${PROVESTEIN_SBATCH_ARGS:-} ${PROVESTEIN_MERGE_SBATCH_ARGS:-} \
    "$here/merge.sbatch")"
merge_job="${merge_job%%;*}"

echo "array_job=$array_job"
echo "merge_job=$merge_job"
