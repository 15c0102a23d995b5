#!/usr/bin/env python3
"""Times Prøvestein's DICOM pipeline against "the Python way" and against ONNX Runtime alone.

Three pipelines over the same generated synthetic CT images (uncompressed Explicit VR Little
Endian; scripts/make_sample_imaging.py's generator), run in interleaved rounds (ours, Python,
ONNX Runtime alone, ours, Python, …) and summarised by medians, so that a machine whose speed
drifts during the run (other builds, other users) moves all three alike:

  a) Prøvestein: `provestein batch PLAN --out … --quiet --history …`, one process, end to end
     (find and decode the files, modality LUT, window, resize, inference, every statistic
     including the 2000-replicate bootstrap and the subgroups, the report written, the history
     recorded);
  b) the Python pipeline an analyst would write, one process: a recursive folder walk,
     pydicom.dcmread, numpy modality LUT and window, Pillow's antialiased bilinear resize (as
     the plan's `resize`), onnxruntime in batches of 32, join with labels.csv, AUC;
  c) ONNX Runtime alone: every image decoded and preprocessed beforehand, then only
     session.run over batches of Prøvestein's size (as many images as make 256 KB of input,
     1 to 32: crates/engine/src/run/images.rs) with the same session settings (intra-op
     thread spinning off, ONNX Runtime's default thread counts), in a session that has run
     them once already: the floor of our pipeline. Also shown: the same from a new session
     (its creation and first batches, which touch the memory arena page by page, included),
     a cost every process pays once; and the warm session over batches of 32, as (b) runs.

for two workloads:

  light  the demo's matched filter (models/blob_detector.onnx) on --light-n images of
         --light-size² without resize (the imaging demo's plan): reading and decoding dominate;
  small  the same filter on --small-n images of --small-size² (the demo's own size, 64²): a
         workload where reading and decoding files, not inference, dominate;
  heavy  a CNN with random weights (out/bench-dicom/heavy/heavy.onnx, not committed; about
         2.5 G multiply-adds per image at 512², ResNet-18's order) on --heavy-n images of
         --heavy-size² resized to --heavy-resize² by the plan: inference dominates.

Printed per workload: the median wall time and files/s of each pipeline, the medians of the
per-round ratios b/a (how many times faster Prøvestein is than Python) and a/c (Prøvestein's
wall time over inference alone), the CPU seconds of each, and a 2-core floor for a/c: inference
alone plus our CPU beyond it, shared by the cores (what a perfect overlap of decoding and
inference would reach). --decode adds the per-image CPU of decoding and preprocessing alone:
pydicom + numpy + Pillow here, and ours from `cargo bench -p provestein-dicom --bench decode` over the same files.

--shards N instead times the sharding overhead: the imaging demo's generator at 20× the demo's
size (960 images of 64², every transfer syntax, the demo's defects) under the demo's own plan
(patient key, vendor manifest and fidelity self-test), `provestein prepare` + N × `score --shard
K/N` (one after another on this machine) + `merge`, against one `batch`, interleaved; wall and
CPU time of all the processes, and whether the two report.json files agree.

Usage:  python3 scripts/bench_dicom.py [--rounds 12] [--only light|small|heavy] [--decode] [--exe PATH]
        python3 scripts/bench_dicom.py --shards 4 [--rounds 6] [--scale 20]
Needs:  the provestein binary (cargo build --release --locked; --exe PATH or $PROVESTEIN_EXE,
        else $CARGO_TARGET_DIR/release/provestein, else target/release/provestein) and .ort/
        (scripts/setup.sh); Python: pydicom==3.0.2, numpy, onnx, onnxruntime==1.32.0, pillow.
        If the running interpreter lacks them, the script re-runs itself in .bench-venv/
        (created on first use, as scripts/compare_python.py does).
The generated sets are kept in out/bench-dicom/ and reused while their parameters are unchanged.
"""
import argparse
import csv
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".bench-venv"
PY_PKGS = ["pydicom==3.0.2", "numpy", "onnx", "onnxruntime==1.32.0", "pillow"]
OUT = ROOT / "out" / "bench-dicom"
ORT_LIB = Path(os.environ.get("ORT_DYLIB_PATH") or ROOT / ".ort" / "libonnxruntime.so")
LIGHT_MODEL = ROOT / "models" / "blob_detector.onnx"
GENERATOR_VERSION = 2  # bump when the generator's output changes
BATCH = 32  # Prøvestein's image batch (crates/plan: IMAGE_BATCH); Python uses the same
WINDOW = (40.0, 400.0)  # the demo plan's window


def default_exe():
    if os.environ.get("PROVESTEIN_EXE"):
        return Path(os.environ["PROVESTEIN_EXE"])
    target = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    return target / "release" / "provestein"


def rel(p):
    """p relative to the repository when it is inside it (for messages)."""
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


def ensure_python_packages():
    """Uses this interpreter if it has the packages, else re-runs the script inside .bench-venv."""
    try:
        import numpy, onnx, onnxruntime, pydicom, PIL  # noqa: F401
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


def generator():
    sys.path.insert(0, str(ROOT / "scripts"))
    import make_sample_imaging as gen
    return gen


# ---------------------------------------------------------------------------------------------
# Data sets and plans


def bench_plan(gen, title, model_path, resize=None):
    """The imaging demo's plan (the same cohort keys and preprocessing), renamed, pointed at
    `model_path` and with `resize` = (height, width) if given."""
    text = gen.PLAN
    text = re.sub(r'^name = .*$', f'name = "DICOM benchmark ({title})"', text, count=1, flags=re.M)
    text = re.sub(r'^intended_use = .*$', 'intended_use = "Benchmark only: synthetic images."', text,
                  count=1, flags=re.M)
    text = re.sub(r'^path = ".*blob_detector\.onnx".*$', f'path = "{model_path}"', text, count=1, flags=re.M)
    if resize:
        text = re.sub(r'^resize = "none"$', f"resize = [{resize[0]}, {resize[1]}]", text, count=1, flags=re.M)
    return text


def dataset(name, n, size, seed, regenerate, **kw):
    """Writes (or reuses) out/bench-dicom/NAME/{images/, labels.csv}; returns the folder."""
    gen = generator()
    out = OUT / name
    out.mkdir(parents=True, exist_ok=True)
    stamp = out / "bench-params.json"
    params = json.loads(json.dumps({"n": n, "size": size, "seed": seed, "generator": GENERATOR_VERSION, **kw}))
    if regenerate or not stamp.exists() or json.loads(stamp.read_text()) != params \
            or not (out / "labels.csv").exists():
        stamp.unlink(missing_ok=True)
        print(f"generating {n} images of {size}×{size} in {rel(out)}/ ...", flush=True)
        t = time.perf_counter()
        gen.generate(out, n, size, seed, **kw)
        stamp.write_text(json.dumps(params))
        print(f"  done in {time.perf_counter() - t:.0f} s", flush=True)
    return out


def workload(name, args):
    """(folder, model, plan, resize) of the light or heavy workload, written if missing."""
    gen = generator()
    if name in ("light", "small"):
        n, size = (args.light_n, args.light_size) if name == "light" else (args.small_n, args.small_size)
        out = dataset(name, n, size, args.seed, args.regenerate, syntaxes=("explicit",))
        if not LIGHT_MODEL.exists():
            gen.save_model(gen.blob_detector_model(), LIGHT_MODEL)
        model, resize = LIGHT_MODEL, None
        title = "light model" if name == "light" else "light model, small images"
    else:
        out = dataset("heavy", args.heavy_n, args.heavy_size, args.seed, args.regenerate,
                      syntaxes=("explicit",))
        model = out / "heavy.onnx"
        gen.save_model(gen.heavy_model(), model)
        resize = (args.heavy_resize, args.heavy_resize)
        title = f"CNN, {args.heavy_size}² resized to {args.heavy_resize}²"
    plan = out / "plan.toml"
    plan.write_text(bench_plan(gen, title, Path(os.path.relpath(model, out)).as_posix(), resize))
    return out, model, plan, resize


# ---------------------------------------------------------------------------------------------
# The Python way (b), and the same preprocessing for (c) and --decode


def preprocess(ds, resize, center=WINDOW[0], width=WINDOW[1]):
    """Stored values → modality LUT (float64) → DICOM linear window to [0, 1] → float32 →
    Pillow's bilinear resize (antialiased when shrinking) to `resize` = (height, width)."""
    import numpy as np
    from PIL import Image

    hu = ds.pixel_array * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
    x = np.clip((hu - (center - 0.5)) / (width - 1) + 0.5, 0.0, 1.0).astype(np.float32)
    if resize:
        x = np.asarray(Image.fromarray(x, mode="F").resize((resize[1], resize[0]), Image.BILINEAR))
    return x


def dicom_files(images):
    """Every file under `images`, in a stable order (as an analyst's os.walk would find them)."""
    for dirpath, dirnames, filenames in os.walk(images):
        dirnames.sort()
        for fn in sorted(filenames):
            yield os.path.join(dirpath, fn)


def python_pipeline(images, labels_csv, model, resize, batch=BATCH):
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

    for path in dicom_files(images):
        try:
            ds = pydicom.dcmread(path)
        except InvalidDicomError:
            continue
        if "PixelData" not in ds:
            continue
        xs.append(preprocess(ds, resize))
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
    _, first, counts = np.unique(s[order], return_index=True, return_counts=True)
    ranks[order] = np.repeat(first + (counts + 1) / 2.0, counts)  # mid-ranks for ties
    n1, n0 = int(y.sum()), int(len(y) - y.sum())
    auc = (ranks[y == 1].sum() - n1 * (n1 + 1) / 2) / (n1 * n0) if n1 and n0 else float("nan")
    return scores, auc


def python_child(argv):
    """`--python-run FOLDER MODEL RESIZE OUT.json`: (b) as its own process, like ours."""
    folder, model, resize, out = argv
    resize = tuple(map(int, resize.split("x"))) if resize != "none" else None
    scores, auc = python_pipeline(Path(folder) / "images", Path(folder) / "labels.csv", model, resize)
    Path(out).write_text(json.dumps({"scores": scores, "auc": auc}))


def ours_batch(size, resize):
    """Images per call in Prøvestein when the plan sets no batch (images.rs: BATCH_BYTES)."""
    h, w = resize or (size, size)
    return max(1, min(BATCH, (256 << 10) // (h * w * 4)))


def decode_all(images, resize, batch=BATCH):
    """Every image preprocessed as (b) does, in batches; and the CPU seconds of that per file."""
    import numpy as np
    import pydicom

    files = [p for p in dicom_files(images)]
    t = time.process_time()
    arrs = [preprocess(pydicom.dcmread(p), resize) for p in files]
    cpu = time.process_time() - t
    batches = [np.stack(arrs[i:i + batch])[:, None] for i in range(0, len(arrs), batch)]
    return batches, cpu / len(files)


def ort_session(model):
    """A session set up as Prøvestein's (crates/engine/src/model/onnx.rs: intra-op spinning off,
    ONNX Runtime's default thread counts)."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.add_session_config_entry("session.intra_op.allow_spinning", "0")
    so.log_severity_level = 3
    return ort.InferenceSession(str(model), so, providers=["CPUExecutionProvider"])


# ---------------------------------------------------------------------------------------------
# Timing


def timed_child(cmd, env=None):
    """Runs cmd; returns (wall s, CPU s of the child and its threads, exit code, stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, p.returncode, p.stderr


def check_exit(cmd, code, stderr):
    """Exit codes 0–2 are verdicts; anything else is a failed run."""
    if code >= 3 or code < 0:
        raise RuntimeError(f"`{' '.join(map(str, cmd))}` exited with {code}\n--- stderr ---\n{stderr.strip()}")


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def load():
    """The 1-minute load average and the core count, for the header."""
    return f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"


def bench_workload(name, args, exe, env):
    import numpy as np

    folder, model, plan, resize = workload(name, args)
    images = folder / "images"
    size = {"light": args.light_size, "small": args.small_size, "heavy": args.heavy_size}[name]
    batches32, py_decode_cpu = decode_all(images, resize)
    n_files = sum(len(b) for b in batches32)
    ob = ours_batch(size, resize)
    flat = np.concatenate(batches32)
    batches = [flat[i:i + ob] for i in range(0, len(flat), ob)]
    report = folder / "report"
    history = folder / "history.sqlite"
    ours = [str(exe), "batch", str(plan), "--out", str(report), "--quiet", "--history", str(history)]
    py_json = folder / "python-scores.json"
    python = [sys.executable, __file__, "--python-run", str(folder), str(model),
              f"{resize[0]}x{resize[1]}" if resize else "none", str(py_json)]

    def ort_alone():
        """(c) cold: a new session and every batch, what any process pays (ONNX Runtime's
        first batch touches its memory arena page by page); then (c) warm: every batch again
        in that session, inference alone."""
        t, c = time.perf_counter(), time.process_time()
        sess = ort_session(model)
        inp, out_name = sess.get_inputs()[0].name, sess.get_outputs()[0].name
        for b in batches:
            sess.run([out_name], {inp: b})
        cold = (time.perf_counter() - t, time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        for b in batches:
            sess.run([out_name], {inp: b})
        warm = (time.perf_counter() - t, time.process_time() - c)
        for b in batches32:  # once to settle the arena at this size, then timed
            sess.run([out_name], {inp: b})
        t, c = time.perf_counter(), time.process_time()
        for b in batches32:
            sess.run([out_name], {inp: b})
        return cold, warm, (time.perf_counter() - t, time.process_time() - c)

    rows = {"a": [], "b": [], "c": [], "cold": [], "c32": []}  # (wall, cpu) per round
    print(f"{name}: {n_files} files, {args.rounds} rounds (ours, Python, ORT alone) ...", flush=True)
    for r in range(args.rounds):
        if exe:
            wall, cpu, code, err = timed_child(ours, env)
            check_exit(ours, code, err)
            rows["a"].append((wall, cpu))
        wall, cpu, code, err = timed_child(python)
        if code != 0:
            raise RuntimeError(f"the Python pipeline failed:\n{err}")
        rows["b"].append((wall, cpu))
        cold, warm, warm32 = ort_alone()
        rows["cold"].append(cold)
        rows["c"].append(warm)
        rows["c32"].append(warm32)
        print(f"  round {r + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s" for k, v in rows.items() if v), flush=True)

    py = json.loads(py_json.read_text())
    note = compare_with_report(report, py["scores"], py["auc"]) if exe else ""
    return {"name": name, "n": n_files, "size": size, "batch": ob,
            "resize": resize, "rows": rows, "py_auc": py["auc"], "note": note,
            "py_decode_cpu": py_decode_cpu, "folder": folder}


def compare_with_report(report, py_scores, py_auc):
    """Prøvestein's predictions.csv (pseudonymous ids: compared as sorted score lists) and the AUC
    in report.json against Python's."""
    import numpy as np

    notes = []
    try:
        with open(report / "predictions.csv", newline="") as f:
            ours = np.sort([float(r["score"]) for r in csv.DictReader(f)])
        theirs = np.sort(list(py_scores.values()))
        if len(ours) == len(theirs):
            notes.append(f"max |Δscore| (sorted) {np.max(np.abs(ours - theirs)):.1e}")
        else:
            notes.append(f"{len(ours)} predictions vs {len(theirs)} Python scores")
    except Exception as e:  # noqa: BLE001
        notes.append(f"predictions.csv not compared ({type(e).__name__}: {e})")
    try:
        rep = json.loads((report / "report.json").read_text())
        notes.append(f"|ΔAUC| {abs(rep['overall']['metrics']['auc']['estimate'] - py_auc):.1e}")
    except Exception as e:  # noqa: BLE001
        notes.append(f"report.json not compared ({type(e).__name__}: {e})")
    return ", ".join(notes)


def decode_cpu_ours(folder, resize):
    """Our per-image CPU of reading + preprocessing, from `cargo bench -p provestein-dicom --bench decode`."""
    cmd = ["cargo", "bench", "--locked", "-p", "provestein-dicom", "--bench", "decode", "--",
           str(folder / "images"), f"{resize[0]}x{resize[1]}" if resize else "none"]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    m = re.search(r"^median ([0-9.]+) ms per image", p.stdout, flags=re.M)
    if p.returncode != 0 or not m:
        print(f"`{' '.join(cmd)}` failed:\n{p.stderr[-2000:]}", file=sys.stderr)
        return None
    return float(m.group(1)) / 1000


def print_workload(res, cores):
    rows, n = res["rows"], res["n"]
    med = {k: (median([w for w, _ in v]), median([c for _, c in v])) for k, v in rows.items() if v}
    ratio = lambda x, y: median([p[0] / q[0] for p, q in zip(rows[x], rows[y])]) if rows[x] and rows[y] else None
    size = f"{res['size']}²" + (f" → {res['resize'][0]}×{res['resize'][1]}" if res["resize"] else "")
    print(f"\n{res['name']}: {n} files of {size}, {len(rows['b'])} interleaved rounds, medians")
    print(f"  {'pipeline':<26} {'wall s':>8} {'files/s':>9} {'CPU s':>8}")
    for k, label in [("a", "(a) Prøvestein batch"), ("b", "(b) Python"),
                     ("c", f"(c) ORT alone, batch {res['batch']}"), ("cold", "    the same, cold session"),
                     ("c32", "    warm, batches of 32")]:
        if k in med:
            w, c = med[k]
            print(f"  {label:<26} {w:>8.2f} {n / w:>9,.0f} {c:>8.2f}")
    if "a" in med:
        ba, ac = ratio("b", "a"), ratio("a", "c")
        (wa, ca), (wc, cc) = med["a"], med["c"]
        print(f"  b/a {ba:.2f}× (Python's wall time over ours); a/c {ac:.2f} (ours over inference alone; "
              f"{ratio('a', 'cold'):.2f} over a cold session's)")
        # What a/c would be if every CPU second were spread over the cores without a gap.
        floor = lambda cpu: max(wc, cpu / cores) / wc
        print(f"  {cores}-core floor of a/c: {floor(ca):.2f} for all our CPU time"
              + (f", {floor(cc + n * res['ours_decode_cpu']):.2f} for inference + decoding alone"
                 if res.get("ours_decode_cpu") else ""))
        print(f"  our CPU beyond inference: {(ca - cc) / n * 1000:.2f} ms per image (decoding, preprocessing, "
              f"start-up, statistics, report)")
    print(f"  pydicom + numpy + Pillow, decode + preprocess: {res['py_decode_cpu'] * 1000:.2f} ms CPU per image")
    if res.get("ours_decode_cpu"):
        o = res["ours_decode_cpu"]
        print(f"  Prøvestein (benches/decode.rs, same files):   {o * 1000:.2f} ms CPU per image "
              f"({res['py_decode_cpu'] / o:.2f}× less)")
    print(f"  Python AUC {res['py_auc']:.3f}" + (f"; {res['note']}" if res["note"] else ""))


# ---------------------------------------------------------------------------------------------
# --shards: the overhead of prepare + N × score + merge against one batch


def bench_shards(args, exe, env):
    gen = generator()
    n = gen.DEFAULT_N * args.scale
    folder = dataset(f"demo-x{args.scale}", n, 64, gen.DEFAULT_SEED, args.regenerate,
                     syntaxes=("explicit", "implicit", "deflated", "rle"), gzip_files=2 * args.scale,
                     bad_files=True, label_quirks=True)
    # The demo's own plan (patient key, vendor manifest and its fidelity self-test, subgroups,
    # bootstrap), its model and manifest named from here.
    demo = ROOT / "sample-studies" / "imaging-demo"
    there = lambda p: Path(os.path.relpath(p, folder)).as_posix()
    text = (demo / "plan.toml").read_text()
    text = re.sub(r'^path = ".*blob_detector\.onnx"', f'path = "{there(LIGHT_MODEL)}"', text, count=1,
                  flags=re.M)
    text = re.sub(r'^manifest = "vendor/manifest\.toml"', f'manifest = "{there(demo / "vendor" / "manifest.toml")}"',
                  text, count=1, flags=re.M)
    plan = folder / "plan.toml"
    plan.write_text(text)
    history = folder / "history.sqlite"
    work = folder / "work"
    k = args.shards

    def sharded():
        shutil.rmtree(work, ignore_errors=True)
        cmds = [[str(exe), "prepare", str(plan), "--work", str(work), "--quiet", "--history", str(history)]]
        cmds += [[str(exe), "score", str(work), "--shard", f"{i}/{k}", "--quiet"] for i in range(k)]
        cmds += [[str(exe), "merge", str(work), "--out", str(folder / "report-shards"), "--quiet",
                  "--history", str(history)]]
        wall = cpu = 0.0
        for c in cmds:
            w, u, code, err = timed_child(c, env)
            check_exit(c, code, err)
            wall, cpu = wall + w, cpu + u
        return wall, cpu

    def single():
        c = [str(exe), "batch", str(plan), "--out", str(folder / "report-batch"), "--quiet", "--history", str(history)]
        w, u, code, err = timed_child(c, env)
        check_exit(c, code, err)
        return w, u

    print(f"shards: {n} images of 64² ({rel(folder)}), {args.rounds} rounds (batch, {k} shards) ...", flush=True)
    rows = {"batch": [], "shards": []}
    for r in range(args.rounds):
        rows["batch"].append(single())
        rows["shards"].append(sharded())
        print(f"  round {r + 1}: batch {rows['batch'][-1][0]:.2f} s, {k} shards {rows['shards'][-1][0]:.2f} s",
              flush=True)
    a = json.loads((folder / "report-batch" / "report.json").read_text())
    b = json.loads((folder / "report-shards" / "report.json").read_text())
    for rep in (a, b):  # what differs by design: the times, the shards, and the history's count of
        for key in ("started", "finished", "shards"):  # earlier runs of the plan (both are recorded)
            rep["provenance"].pop(key, None)
        for key in ("attempt", "earlier_runs"):
            rep["provenance"].get("prespecification", {}).pop(key, None)
    same = "equal" if a == b else "DIFFERENT"
    med = lambda key, i: median([x[i] for x in rows[key]])
    ratio = lambda i: median([s[i] / b_[i] for s, b_ in zip(rows["shards"], rows["batch"])])
    print(f"\nimaging demo ×{args.scale}: {n} images, {args.rounds} interleaved rounds, medians; {load()}")
    print(f"  {'':<34} {'wall s':>8} {'CPU s':>8}")
    print(f"  {'batch (N = 1)':<34} {med('batch', 0):>8.2f} {med('batch', 1):>8.2f}")
    print(f"  {f'prepare + {k} × score + merge':<34} {med('shards', 0):>8.2f} {med('shards', 1):>8.2f}")
    print(f"  ratio (sharded / batch, per round)  {ratio(0):>6.2f}× {ratio(1):>7.2f}×")
    print(f"  report.json of the two, apart from times, shards and the history's attempt count: {same}")


# ---------------------------------------------------------------------------------------------


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--python-run":
        ensure_python_packages()
        return python_child(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=12, help="interleaved rounds (default %(default)s)")
    ap.add_argument("--only", choices=["light", "small", "heavy"], help="one workload only")
    ap.add_argument("--light-n", type=int, default=2000, help="images of the light workload (default %(default)s)")
    ap.add_argument("--light-size", type=int, default=256, help="their rows = columns (default %(default)s)")
    ap.add_argument("--small-n", type=int, default=2000, help="images of the small workload (default %(default)s)")
    ap.add_argument("--small-size", type=int, default=64, help="their rows = columns (default %(default)s)")
    ap.add_argument("--heavy-n", type=int, default=200, help="images of the heavy workload (default %(default)s)")
    ap.add_argument("--heavy-size", type=int, default=1024, help="their rows = columns (default %(default)s)")
    ap.add_argument("--heavy-resize", type=int, default=512,
                    help="the heavy plan's resize, to this square (default %(default)s)")
    ap.add_argument("--decode", action="store_true",
                    help="also the per-image CPU of decode + preprocess alone, ours via cargo bench -p provestein-dicom --bench decode")
    ap.add_argument("--shards", type=int, metavar="N", help="time prepare + N shards + merge against batch instead")
    ap.add_argument("--scale", type=int, default=20, help="--shards: the demo's size times this (default %(default)s)")
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--exe", type=Path, default=default_exe(), help="the provestein binary (default %(default)s)")
    ap.add_argument("--regenerate", action="store_true", help="rewrite the images even if they are current")
    ap.add_argument("--no-provestein", action="store_true", help="time only the Python side (b, c)")
    args = ap.parse_args()

    exe = None if args.no_provestein else args.exe
    if exe and not exe.exists():
        print(f"{exe} is missing. Build it first:\n"
              f"  bash scripts/setup.sh            # ONNX Runtime into .ort/\n"
              f"  cargo build --release --locked\n"
              f"or name it with --exe PATH (or $PROVESTEIN_EXE), or run with --no-provestein.", file=sys.stderr)
        sys.exit(1)
    if exe and not ORT_LIB.exists():
        print(f"{rel(ORT_LIB)} is missing: run bash scripts/setup.sh first.", file=sys.stderr)
        sys.exit(1)
    ensure_python_packages()
    import onnxruntime as ort

    env = dict(os.environ, ORT_DYLIB_PATH=str(ORT_LIB))
    print(f"{load()}; onnxruntime {ort.__version__}; binary {exe}", flush=True)
    if args.shards:
        if not exe:
            sys.exit("--shards needs the provestein binary")
        bench_shards(args, exe, env)
        return
    results = []
    for name in ([args.only] if args.only else ["light", "small", "heavy"]):
        res = bench_workload(name, args, exe, env)
        if args.decode:
            res["ours_decode_cpu"] = decode_cpu_ours(res["folder"], res["resize"])
        results.append(res)
    print(f"\n{load()} at the end; onnxruntime {ort.__version__}; batches of {BATCH}")
    for res in results:
        print_workload(res, os.cpu_count())
    print("\nb/a: how many times faster Prøvestein is than the Python pipeline; a/c: its wall time over\n"
          "inference alone (1.00 = all the time is ONNX Runtime). Prøvestein's time includes its\n"
          "statistics (2000 bootstrap replicates, subgroups), the report and the history; Python's does not.")


if __name__ == "__main__":
    main()
