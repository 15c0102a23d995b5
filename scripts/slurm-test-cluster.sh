#!/usr/bin/env bash
# A one-node Slurm on localhost for the test suite (tests/workflow/slurm.rs): munged, slurmctld
# and slurmd with deploy/slurm/test-cluster/slurm.conf, their state under one folder.
#
#   bash scripts/slurm-test-cluster.sh start    installs Debian's slurm-wlm and munge if missing,
#                                               starts the daemons, waits until the node is idle
#   bash scripts/slurm-test-cluster.sh stop     stops the daemons this script started
#   bash scripts/slurm-test-cluster.sh status   what sinfo says; exit 0 when the node is idle
#
# PROVESTEIN_SLURM_DIR (default /tmp/provestein-slurm) holds the state, logs and the rendered
# slurm.conf; SLURM_CONF must name that copy for sinfo, sbatch and the test. Test-only: the
# daemons run as root (through sudo when this is not root: apt-get, the daemons, stopping them);
# jobs run as the user who submits them. Exit 0 when the node is idle, 1 otherwise.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="${PROVESTEIN_SLURM_DIR:-/tmp/provestein-slurm}"
ctld_port="${PROVESTEIN_SLURM_CTLD_PORT:-6817}"
slurmd_port="${PROVESTEIN_SLURM_SLURMD_PORT:-6818}"
wait_seconds="${PROVESTEIN_SLURM_WAIT:-60}"
conf="$state/slurm.conf"
export SLURM_CONF="$conf"

say() { echo "slurm-test-cluster: $*"; }
# The daemons live in /usr/sbin, which is not on an ordinary user's PATH on Debian.
export PATH="$PATH:/usr/sbin:/sbin"
# Root runs the daemons itself; anyone else through sudo.
if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo); fi
as_root() {
    if [ "${#SUDO[@]}" -gt 0 ] && ! command -v sudo >/dev/null; then
        die "the daemons run as root: run this as root or install sudo"
    fi
    "${SUDO[@]}" "$@"
}
die() {
    echo "slurm-test-cluster: $*" >&2
    exit 1
}

install() {
    if command -v munged >/dev/null && command -v slurmctld >/dev/null &&
        command -v slurmd >/dev/null && command -v sbatch >/dev/null; then
        return
    fi
    command -v apt-get >/dev/null || die "munge and slurm-wlm are not installed and there is no apt-get (Debian 12 packages)"
    say "installing slurm-wlm and munge (${SUDO[*]:-} apt-get) for the sharded-run test"
    local log apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq --no-install-recommends)
    log="$(mktemp -t provestein-slurm-apt.XXXXXX)"
    # Package lists may be missing on a fresh machine; update only then (or when install fails).
    if ! as_root "${apt[@]}" install slurm-wlm munge >"$log" 2>&1; then
        as_root apt-get -o DPkg::Lock::Timeout=600 -qq update >>"$log" 2>&1 ||
            die "apt-get update failed: see $log"
        as_root "${apt[@]}" install slurm-wlm munge >>"$log" 2>&1 ||
            die "apt-get install slurm-wlm munge failed: see $log"
    fi
}

# Whether daemon NAME runs with the pid it wrote (a stale pid file may name another process).
alive() {
    local file="$state/run/$1.pid"
    [ -s "$file" ] && [ "$(cat "/proc/$(cat "$file")/comm" 2>/dev/null)" = "$1" ]
}

node_state() { sinfo -h -n localhost -o %T 2>/dev/null | head -1; }

render() {
    # The node line from what slurmd measures here, renamed localhost (the one node).
    local node
    node="$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]*/NodeName=localhost/')"
    sed -e "s|@STATE@|$state|g" -e "s|@CTLD_PORT@|$ctld_port|g" \
        -e "s|@SLURMD_PORT@|$slurmd_port|g" -e "s|@NODE@|$node|g" \
        "$repo/deploy/slurm/test-cluster/slurm.conf" | as_root tee "$conf" >/dev/null
}

start() {
    install
    as_root mkdir -p "$state"/{munge,slurmctld,slurmd,run,log}
    # munged refuses a key or socket folder that others may write to; clients (sbatch as the
    # user) must reach its socket and read slurm.conf.
    as_root chmod 0755 "$state" "$state/munge"
    render
    if ! alive munged; then
        as_root test -s "$state/munge/munge.key" || as_root mungekey --create --keyfile="$state/munge/munge.key"
        as_root chmod 0600 "$state/munge/munge.key"
        # --force: munged as root (test-only, as the config says).
        as_root munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
            --pid-file="$state/run/munged.pid" --log-file="$state/log/munged.log" \
            --seed-file="$state/munge/munged.seed" ||
            die "munged did not start: see $state/log/munged.log"
    fi
    # -c: no jobs recovered from an earlier start (their folders are gone).
    alive slurmctld || as_root slurmctld -c -f "$conf" ||
        die "slurmctld did not start: see $state/log/slurmctld.log"
    alive slurmd || as_root slurmd -f "$conf" -N localhost ||
        die "slurmd did not start: see $state/log/slurmd.log"
    local waited=0 node=""
    while :; do
        node="$(node_state)"
        case "$node" in idle | idle\* | mixed | allocated) break ;; esac
        if [ "$waited" -ge "$wait_seconds" ]; then
            tail -n 5 "$state"/log/slurmctld.log "$state"/log/slurmd.log >&2 || true
            die "the node is not idle after ${wait_seconds}s (sinfo says '${node:-nothing}'): see $state/log/"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    say "node localhost is $node after ${waited}s"
    cat <<EOF
Use it with:
  export SLURM_CONF=$conf
  sinfo
  cargo test --test workflow slurm      # tests/workflow/slurm.rs
  bash scripts/slurm-test-cluster.sh stop
EOF
}

stop() {
    # Daemons stopped by the pid they wrote, in the reverse order of start.
    local d pid
    for d in slurmd slurmctld munged; do
        if alive "$d"; then
            pid="$(cat "$state/run/$d.pid")"
            as_root kill "$pid"
            for _ in $(seq 1 50); do [ -e "/proc/$pid" ] || break; sleep 0.2; done
            if [ -e "/proc/$pid" ]; then as_root kill -9 "$pid"; fi
            say "stopped $d ($pid)"
        fi
        if [ -e "$state/run/$d.pid" ]; then as_root rm -f "$state/run/$d.pid"; fi
    done
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status)
    sinfo
    case "$(node_state)" in idle | idle\* | mixed | allocated) ;; *) exit 1 ;; esac
    ;;
*) die "usage: $0 start|stop|status" ;;
esac
