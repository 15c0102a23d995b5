#!/usr/bin/env python3
"""One node at scale: `provestein batch` on N vendor-scored cases beside R's pROC on the same file.

Generates (seeded, cached under out/bench-scale/) a CSV of N cases (id, patient, label, score and,
with --subgroup, a site column), a scores plan in which [predictions] and [cohort] name that one
file (AUC with DeLong's interval, `[analysis] bootstrap` as given, one AUC criterion), and an R
script that reads the CSV with data.table's fread (base read.csv when data.table is missing; the
script prints which) and computes roc() and ci.auc(method = "delong").

Then it times both as whole processes under /usr/bin/time -v in interleaved rounds (ours, pROC,
ours, pROC, ... after one warm-up of each) and prints the median wall time, CPU time and peak
RSS of each, and the median of the per-round ratios. It also checks that our AUC and DeLong
interval agree with pROC's to 1e-9.

    python3 scripts/bench_scale.py --n 1000000 --rounds 5
    python3 scripts/bench_scale.py --n 1000000 --history        # the run recorded in a history
    python3 scripts/bench_scale.py --n 2000000 --patients 1000000 --subgroup --bootstrap 2000 \
        --rounds 1 --no-r                                       # the 2-million-case figure

`--bin` names the provestein binary (default target/release/provestein, or $CARGO_TARGET_DIR's).
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench-scale"


def generate(n, patients, subgroup, seed):
    """The cohort CSV (cached): labels with prevalence 0.3, scores rounded to 6 decimals (so
    there are ties, as real vendor files have), ~n/patients cases per patient."""
    import numpy as np

    name = f"cases-n{n}-p{patients or n}{'-sg' if subgroup else ''}-s{seed}.csv"
    path = OUT / name
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    label = (rng.random(n) < 0.3).astype(np.int8)
    if patients:
        patient = rng.integers(0, patients, n)
        effect = rng.normal(0, 0.5, patients)[patient]  # cases of one patient correlate
    else:
        patient = np.arange(n)
        effect = 0.0
    logit = rng.normal(0, 1, n) + 1.4 * label + effect
    score = np.round(1 / (1 + np.exp(-logit)), 6)
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w") as f:
        header = "id,patient,label,score" + (",site" if subgroup else "")
        f.write(header + "\n")
        sites = np.array(["A", "B", "C", "D"])[rng.integers(0, 4, n)] if subgroup else None
        chunk = 200_000
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            rows = []
            for i in range(s, e):
                row = f"c{i:08d},p{patient[i]:08d},{label[i]},{score[i]:.6f}"
                if subgroup:
                    row += "," + sites[i]
                rows.append(row)
            f.write("\n".join(rows) + "\n")
    tmp.rename(path)
    return path


def write_plan(work, csv, patients, subgroup, bootstrap):
    plan = f"""[study]
name = "Scale benchmark"
intended_use = "Timing one node on a large vendor-scored cohort."

[product]
name = "Synthetic scores"
vendor = "bench_scale.py"
version = "1"

[predictions]
path = "{csv}"
id = "id"
score = "score"

[cohort]
kind = "csv"
path = "{csv}"
id = "id"
label = "label"
positive = "1"
negative = "0"
{'patient = "patient"' if patients else ''}
{'subgroups = ["site"]' if subgroup else ''}

[analysis]
threshold = 0.5
seed = 42
bootstrap = {bootstrap}

[[acceptance]]
metric = "auc"
bound = "ci_low"
min = 0.70
"""
    p = work / "plan.toml"
    p.write_text(plan)
    return p


R_SCRIPT = r"""
suppressMessages(library(pROC))
args <- commandArgs(trailingOnly = TRUE)
if (requireNamespace("data.table", quietly = TRUE)) {
  d <- data.table::fread(args[1], select = c("label", "score"))
  reader <- "data.table::fread"
} else {
  d <- read.csv(args[1], colClasses = c("NULL", "NULL", "integer", "numeric"))
  reader <- "read.csv"
}
r <- roc(d$label, d$score, levels = c(0, 1), direction = "<", quiet = TRUE)
ci <- ci.auc(r, method = "delong", conf.level = 0.95)
cat(sprintf("reader %s\nauc %.17g\nlow %.17g\nhigh %.17g\n", reader, as.numeric(r$auc), ci[1], ci[3]))
"""


def timed(cmd, env=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, cpu s, peak RSS MB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run(
            ["/usr/bin/time", "-v", "-o", t.name, *cmd],
            capture_output=True, text=True, env=env,
        )
        info = t.read()
    if p.returncode not in (0, 2):  # 2: INCONCLUSIVE, still a finished run
        sys.exit(f"{cmd[0]} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")

    def field(key):
        return re.search(rf"{re.escape(key)}: (.+)", info).group(1).strip()

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    return secs, cpu, rss, p.stdout


def find_auc(report):
    """report.json's overall AUC: estimate, interval (DeLong's, or Obuchowski's with patients)."""
    auc = report["overall"]["metrics"]["auc"]
    return auc["estimate"], auc["delong"][0], auc["delong"][1], auc.get("interval_method") or "DeLong"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--patients", type=int, default=0, help="patients (0: one case each, no patient key)")
    ap.add_argument("--subgroup", action="store_true", help="a site column used as a subgroup")
    ap.add_argument("--bootstrap", type=int, default=0)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--history", action="store_true", help="record each run in a fresh history")
    ap.add_argument("--no-r", action="store_true", help="time ours only")
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--bin", default=None)
    a = ap.parse_args()

    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    binary = Path(a.bin) if a.bin else target / "release" / "provestein"
    if not binary.exists():
        sys.exit(f"{binary} not found: cargo build --release first, or give --bin")
    csv = generate(a.n, a.patients, a.subgroup, a.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    plan = write_plan(work, csv, a.patients, a.subgroup, a.bootstrap)
    rscript = work / "proc.R"
    rscript.write_text(R_SCRIPT)
    env = dict(os.environ, PROVESTEIN_HISTORY=str(work / "history.sqlite"))

    def ours():
        shutil.rmtree(work / "out", ignore_errors=True)
        for f in work.glob("history.sqlite*"):
            f.unlink()
        cmd = [str(binary), "batch", str(plan), "--out", str(work / "out"), "--quiet"]
        if not a.history:
            cmd.append("--no-history")
        return timed(cmd, env)

    def proc():
        return timed(["Rscript", str(rscript), str(csv)])

    print(f"{a.n} cases, {a.patients or a.n} patients, subgroup {a.subgroup}, bootstrap {a.bootstrap}, "
          f"history {a.history}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    # Warm-up (page cache, R's packages), not counted.
    ours()
    r_out = None if a.no_r else proc()[3]
    rows_ours, rows_r = [], []
    for _ in range(a.rounds):
        rows_ours.append(ours())
        if not a.no_r:
            rows_r.append(proc())

    def show(name, rows):
        med = lambda k: statistics.median(r[k] for r in rows)  # noqa: E731
        print(f"{name:>10}: wall {med(0):7.2f} s  cpu {med(1):7.2f} s  peak RSS {med(2):7.0f} MB"
              f"   (wall {min(r[0] for r in rows):.2f}–{max(r[0] for r in rows):.2f})")

    show("provestein", rows_ours)
    if not a.no_r:
        show("pROC", rows_r)
        ratio = lambda k: statistics.median(o[k] / r[k] for o, r in zip(rows_ours, rows_r))  # noqa: E731
        print(f"{'ours/pROC':>10}: wall {ratio(0):7.2f}    cpu {ratio(1):7.2f}    peak RSS {ratio(2):7.2f}"
              "   (medians of the per-round ratios)")

    report = json.loads((work / "out" / "report.json").read_text())
    *ours_fig, method = find_auc(report)
    print(f"provestein AUC {ours_fig[0]:.12f} [{ours_fig[1]:.12f}, {ours_fig[2]:.12f}] ({method})")
    if r_out is not None:
        vals = dict(line.split(" ", 1) for line in r_out.strip().splitlines())
        theirs = (float(vals["auc"]), float(vals["low"]), float(vals["high"]))
        print(f"      pROC AUC {theirs[0]:.12f} [{theirs[1]:.12f}, {theirs[2]:.12f}] (read by {vals['reader']})")
        if not a.patients:
            diff = max(abs(x - y) for x, y in zip(ours_fig, theirs))
            print(f"largest difference {diff:.2e}: {'agree' if diff <= 1e-9 else 'DISAGREE'} to 1e-9")
            if diff > 1e-9:
                sys.exit(1)
        else:
            print("(clustered: our interval is Obuchowski's, pROC's DeLong ignores patients)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
