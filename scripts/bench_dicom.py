#!/usr/bin/env python3
"""Times Prøvestein's DICOM pipeline against "the Python way" and against ONNX Runtime alone.

On a generated set of n synthetic CT images (size×size, uncompressed Explicit VR Little Endian;
scripts/make_sample_imaging.py's generator) it times, best of --repeat:

  a) Prøvestein: `target/release/provestein batch out/bench-dicom/plan.toml --out ... --quiet`,
     end to end (find and decode the files, modality LUT, window, inference, all statistics
     including the 2000-replicate bootstrap and the subgroups, write the report);
  b) the Python pipeline an analyst would write: a recursive folder walk, pydicom.dcmread, numpy
     modality LUT and window, onnxruntime in batches of 32, join with labels.csv, AUC; one process;
  c) ONNX Runtime alone: every image decoded beforehand, then only session.run over the same
     batches: the bound on what any pipeline can reach with this model on this machine.

for two models: the demo's light matched filter (models/blob_detector.onnx), where reading and
decoding dominate, and a heavier CNN (random weights, out/bench-dicom/heavy.onnx, not committed),
where inference dominates. Prints files/s and the ratios of the wall times.

Usage:  python3 scripts/bench_dicom.py [--n 2000] [--size 256] [--repeat 3] [--no-provestein]
Needs:  target/release/provestein (cargo build --release --locked) and .ort/ (scripts/setup.sh);
        Python: pydicom==3.0.2, numpy, onnx, onnxruntime==1.32.0. If the running interpreter lacks
        them, the script re-runs itself in .bench-venv/ (created on first use, as
        scripts/compare_python.py does).
The generated set is kept in out/bench-dicom/ and reused while --n, --size and --seed are unchanged.
"""
import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".bench-venv"
PY_PKGS = ["pydicom==3.0.2", "numpy", "onnx", "onnxruntime==1.32.0"]
OUT = ROOT / "out" / "bench-dicom"
EXE = ROOT / "target" / "release" / "provestein"
ORT_LIB = ROOT / ".ort" / "libonnxruntime.so"
LIGHT_MODEL = ROOT / "models" / "blob_detector.onnx"
GENERATOR_VERSION = 1  # bump when the generator's output changes


def rel(p):
    """p relative to the repository when it is inside it (for messages)."""
    try:
        return str(Path(p).relative_to(ROOT))
    except ValueError:
        return str(p)


def ensure_python_packages():
    """Uses this interpreter if it has the packages, else re-runs the script inside .bench-venv."""
    try:
        import numpy, onnx, onnxruntime, pydicom  # noqa: F401
        return
    except ImportError:
        pass
    if Path(sys.prefix).resolve() == VENV.resolve():
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", *PY_PKGS])
        return
    py = VENV / "bin" / "python"
    if not py.exists():
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    subprocess.check_call([str(py), "-m", "pip", "install", "-q", *PY_PKGS])
    os.execv(str(py), [str(py), __file__, *sys.argv[1:]])


def bench_plan(gen, model_name, model_path):
    """The imaging demo's plan (the same cohort keys and preprocessing), renamed and pointed at
    `model_path`, so the benchmark measures exactly what the demo runs."""
    text = gen.PLAN
    text = re.sub(r'^name = .*$', f'name = "DICOM benchmark ({model_name} model)"', text, count=1, flags=re.M)
    text = re.sub(r'^intended_use = .*$', 'intended_use = "Benchmark only: synthetic images."', text,
                  count=1, flags=re.M)
    return re.sub(r'^path = ".*blob_detector\.onnx".*$', f'path = "{model_path}"', text, count=1, flags=re.M)


def prepare(n, size, seed, regenerate):
    """Writes (or reuses) out/bench-dicom/{images/, labels.csv, heavy.onnx, plan*.toml}."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_sample_imaging as gen

    OUT.mkdir(parents=True, exist_ok=True)
    stamp = OUT / "bench-params.json"
    params = {"n": n, "size": size, "seed": seed, "generator": GENERATOR_VERSION}
    if regenerate or not stamp.exists() or json.loads(stamp.read_text()) != params \
            or not (OUT / "labels.csv").exists():
        stamp.unlink(missing_ok=True)
        print(f"generating {n} images of {size}×{size} in {rel(OUT)}/ ...", flush=True)
        t = time.perf_counter()
        gen.generate(OUT, n, size, seed, syntaxes=("explicit",))
        stamp.write_text(json.dumps(params))
        print(f"  done in {time.perf_counter() - t:.0f} s", flush=True)
    if not LIGHT_MODEL.exists():
        gen.save_model(gen.blob_detector_model(), LIGHT_MODEL)
    gen.save_model(gen.heavy_model(), OUT / "heavy.onnx")
    light = Path(os.path.relpath(LIGHT_MODEL, OUT)).as_posix()  # "../../models/blob_detector.onnx"
    (OUT / "plan.toml").write_text(bench_plan(gen, "light", light))
    (OUT / "plan-heavy.toml").write_text(bench_plan(gen, "heavy", "heavy.onnx"))
    return gen


# ---------------------------------------------------------------------------------------------
# b) the Python way


def python_pipeline(images, labels_csv, model, batch=32, center=40.0, width=400.0):
    """Returns ({relative path: score}, AUC over the labelled images)."""
    import numpy as np
    import onnxruntime as ort
    import pydicom
    from pydicom.errors import InvalidDicomError

    sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    inp, out = sess.get_inputs()[0].name, sess.get_outputs()[0].name
    with open(labels_csv, newline="") as f:
        labels = {row["file"]: int(row["label"]) for row in csv.DictReader(f)}

    scores, xs, names = {}, [], []

    def flush():
        y = sess.run([out], {inp: np.stack(xs)[:, None]})[0]
        scores.update(zip(names, y[:, 0].tolist()))
        xs.clear()
        names.clear()

    for dirpath, dirnames, filenames in os.walk(images):
        dirnames.sort()
        for fn in sorted(filenames):
            path = os.path.join(dirpath, fn)
            try:
                ds = pydicom.dcmread(path)
            except InvalidDicomError:
                continue
            if "PixelData" not in ds:
                continue
            hu = ds.pixel_array * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
            x = np.clip((hu - (center - 0.5)) / (width - 1) + 0.5, 0.0, 1.0).astype(np.float32)
            xs.append(x)
            names.append(os.path.relpath(path, images).replace(os.sep, "/"))
            if len(xs) == batch:
                flush()
    if xs:
        flush()

    keys = [k for k in scores if k in labels]
    y = np.array([labels[k] for k in keys])
    s = np.array([scores[k] for k in keys])
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    # mid-ranks for ties
    _, first, counts = np.unique(sorted_s, return_index=True, return_counts=True)
    mid = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(mid, counts)
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    auc = (ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0) if n1 and n0 else float("nan")
    return scores, auc


# ---------------------------------------------------------------------------------------------
# c) ONNX Runtime alone


def decode_all(images, gen, batch=32):
    """Every image as float32 [1, H, W], windowed, in batches; returns (batches, seconds)."""
    import numpy as np

    t = time.perf_counter()
    files = sorted(p for p in Path(images).rglob("*") if p.is_file())
    arrs = [gen.read_windowed(p) for p in files]
    batches = [np.stack(arrs[i:i + batch])[:, None] for i in range(0, len(arrs), batch)]
    return batches, time.perf_counter() - t


def ort_alone(model, batches):
    import onnxruntime as ort

    sess = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    inp, out = sess.get_inputs()[0].name, sess.get_outputs()[0].name
    sess.run([out], {inp: batches[0]})  # warm-up, outside the timing

    def run():
        for b in batches:
            sess.run([out], {inp: b})

    return run


# ---------------------------------------------------------------------------------------------
# a) Prøvestein


def provestein_runner(plan, report):
    env = dict(os.environ, ORT_DYLIB_PATH=str(ORT_LIB))
    cmd = [str(EXE), "batch", str(plan), "--out", str(report), "--quiet"]

    def run():
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if p.returncode >= 3 or p.returncode < 0:
            raise RuntimeError(f"`{' '.join(cmd)}` exited with {p.returncode}\n--- stderr ---\n{p.stderr.strip()}"
                               + (f"\n--- stdout ---\n{p.stdout.strip()}" if p.stdout.strip() else ""))
        return p.returncode

    return run


def compare_with_report(report, py_scores, py_auc):
    """Best effort: Prøvestein's predictions.csv (case id = path relative to images/ for unit
    "image") against Python's scores, and the AUC in report.json against Python's."""
    import numpy as np

    notes = []
    try:
        with open(report / "predictions.csv", newline="") as f:
            ours = {r["id"]: float(r["score"]) for r in csv.DictReader(f)}
        common = [k for k in ours if k in py_scores]
        if common:
            diff = max(abs(ours[k] - py_scores[k]) for k in common)
            notes.append(f"max |Δscore| {diff:.1e} over {len(common)} files")
            if len(common) != len(ours):
                notes.append(f"{len(ours) - len(common)} ids not in Python's output")
        elif len(ours) == len(py_scores):  # ids not paths: compare the sorted scores
            a, b = np.sort(list(ours.values())), np.sort(list(py_scores.values()))
            notes.append(f"max |Δscore| (sorted) {np.max(np.abs(a - b)):.1e}")
        else:
            notes.append(f"{len(ours)} predictions vs {len(py_scores)} Python scores, no common ids")
    except Exception as e:  # noqa: BLE001
        notes.append(f"predictions.csv not compared ({type(e).__name__}: {e})")
    try:
        rep = json.loads((report / "report.json").read_text())
        notes.append(f"|ΔAUC| {abs(rep['overall']['metrics']['auc']['estimate'] - py_auc):.1e}")
    except Exception as e:  # noqa: BLE001
        notes.append(f"report.json not compared ({type(e).__name__}: {e})")
    return ", ".join(notes)


def best_of(repeat, fn):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=2000, help="number of images (default %(default)s)")
    ap.add_argument("--size", type=int, default=256, help="image rows = columns (default %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs (default %(default)s)")
    ap.add_argument("--batch", type=int, default=32, help="batch size of the Python side (default %(default)s)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--regenerate", action="store_true", help="rewrite the images even if they are current")
    ap.add_argument("--no-provestein", action="store_true", help="time only the Python side (b, c)")
    args = ap.parse_args()

    run_ours = not args.no_provestein
    if run_ours and not EXE.exists():
        print(f"{rel(EXE)} is missing. Build it first:\n"
              f"  bash scripts/setup.sh            # ONNX Runtime into .ort/\n"
              f"  cargo build --release --locked\n"
              f"or run with --no-provestein to time only the Python side.", file=sys.stderr)
        sys.exit(1)
    if run_ours and not ORT_LIB.exists():
        print(f"{rel(ORT_LIB)} is missing: run bash scripts/setup.sh first.", file=sys.stderr)
        sys.exit(1)
    ensure_python_packages()
    import onnxruntime as ort

    gen = prepare(args.n, args.size, args.seed, args.regenerate)
    images, labels = OUT / "images", OUT / "labels.csv"

    print("decoding all images for (c) ...", flush=True)
    batches, t_decode = decode_all(images, gen, args.batch)
    n_files = sum(len(b) for b in batches)

    rows, failed = [], False
    for name, model, plan in [("light", LIGHT_MODEL, OUT / "plan.toml"), ("heavy", OUT / "heavy.onnx",
                                                                          OUT / "plan-heavy.toml")]:
        print(f"timing the {name} model ...", flush=True)
        t_py, (py_scores, py_auc) = best_of(args.repeat, lambda: python_pipeline(images, labels, model, args.batch))
        t_ort, _ = best_of(args.repeat, ort_alone(model, batches))
        t_rs, note = None, ""
        if run_ours:
            report = OUT / ("report" if name == "light" else f"report-{name}")
            try:
                t_rs, code = best_of(args.repeat, provestein_runner(plan, report))
                note = f"exit {code}; " + compare_with_report(report, py_scores, py_auc)
            except RuntimeError as e:
                failed = True
                note = "error (see above)"
                print(e, file=sys.stderr, flush=True)
        rows.append((name, t_rs, t_py, t_ort, py_auc, note))

    rate = lambda t: f"{n_files / t:,.0f}" if t else "n/a"
    ratio = lambda a, b: f"{a / b:.2f}×" if a and b else "n/a"
    print()
    print(f"{n_files} DICOM files of {args.size}×{args.size} (Explicit VR LE), batches of {args.batch}, "
          f"best of {args.repeat}; {os.cpu_count()} cores; onnxruntime {ort.__version__}")
    print(f"decoding alone (pydicom + numpy LUT/window): {n_files / t_decode:,.0f} files/s")
    print(f"{'model':<6} {'(a) Prøvestein':>15} {'(b) Python':>11} {'(c) ORT alone':>14} {'b/a time':>9} "
          f"{'a/c time':>9}   files/s; Python AUC; check")
    for name, t_rs, t_py, t_ort, py_auc, note in rows:
        print(f"{name:<6} {rate(t_rs):>15} {rate(t_py):>11} {rate(t_ort):>14} {ratio(t_py, t_rs):>9} "
              f"{ratio(t_rs, t_ort):>9}   AUC {py_auc:.3f}" + (f"; {note}" if note else ""))
    print("b/a: how many times faster Prøvestein is than the Python pipeline; a/c: Prøvestein's wall time\n"
          "over inference alone (1.00× = all the time is ONNX Runtime). Prøvestein's time includes its\n"
          "statistics (2000 bootstrap replicates, subgroups) and writing the report; Python's does not.")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
