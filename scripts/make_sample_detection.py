#!/usr/bin/env python3
"""Writes sample-studies/detection-demo/: a SYNTHETIC lung-nodule detection study (no patient
data): 60 CT scans of 40 pseudonymous patients (20 with two scans), the truth nodules and a
made-up product's marks, with deliberate cases so that every count of the report shows.

Deterministic (seed 17): running it twice writes the same bytes. Standard library only.

Deliberate cases (README.md lists them with their scan ids):
  * lesion-free scans with false-positive marks (some above the operating threshold 0.5);
  * a scan with two marks on one nodule (the lower one is an "extra" mark);
  * a scan called positive whose only mark misses its nodule ("right unit, wrong place");
  * a missed small (4 mm) nodule on a scan whose other nodule is found;
  * a mark for a scan that is not in the cohort (counted as "unknown unit").
"""

import math
import os
import random
import sys

SEED = 17
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sample-studies", "detection-demo")
TYPES = ["solid", "part-solid", "ground-glass"]


def r1(x):
    return f"{x:.1f}"


def main():
    rng = random.Random(SEED)
    os.makedirs(OUT, exist_ok=True)

    # 40 patients, the first 20 with two scans: 60 scans.
    scans = []  # (scan, patient, site, scanner, date)
    n = 0
    for p in range(1, 41):
        for k in range(2 if p <= 20 else 1):
            n += 1
            site = "Nord" if p % 2 else "Sør"
            scanner = ["Acme CT 64", "Fjord Helix S"][(p + k) % 2]
            month = 1 + (n * 7) % 12
            day = 1 + (n * 11) % 28
            scans.append((f"scan-{n:03d}", f"pt-{p:03d}", site, scanner, f"2025-{month:02d}-{day:02d}"))
    ids = [s[0] for s in scans]

    # Which scans carry nodules: 30 of 60 (every other one, shuffled deterministically).
    order = ids[:]
    rng.shuffle(order)
    with_lesions = set(order[:30])
    lesions = []  # (scan, x, y, z, radius, size, type)
    for scan in ids:
        if scan not in with_lesions:
            continue
        count = 2 if rng.random() < 0.25 else 1
        placed = []
        for _ in range(count):
            while True:
                c = (rng.uniform(60, 240), rng.uniform(60, 240), rng.uniform(30, 270))
                if all(math.dist(c, q) > 60 for q in placed):
                    break
            placed.append(c)
            size = round(rng.uniform(6, 28), 1)
            lesions.append([scan, c[0], c[1], c[2], size / 2, size, rng.choice(TYPES)])

    # The deliberate scans, chosen among the lesion-bearing ones with one nodule.
    single = [s for s in ids if s in with_lesions and sum(l[0] == s for l in lesions) == 1]
    double = [s for s in ids if sum(l[0] == s for l in lesions) == 2]
    wrong_place = single[0]
    two_marks = single[1]
    missed_small_scan = double[0]
    # Its second nodule becomes a 4 mm one that the product misses.
    small = [l for l in lesions if l[0] == missed_small_scan][1]
    small[5] = 4.0
    small[4] = 2.0
    small[6] = "solid"
    # Other nodules missed at every threshold (too faint for the made-up product).
    missed = {id(small)}
    others = [l for l in lesions if l[0] not in (wrong_place, two_marks, missed_small_scan)]
    for l in rng.sample(others, 3):
        missed.add(id(l))

    marks = []  # (scan, x, y, z, score)

    def near(l, frac):
        # A point at `frac` of the radius from the centre, in a random direction.
        v = [rng.gauss(0, 1) for _ in range(3)]
        norm = math.sqrt(sum(a * a for a in v)) or 1.0
        return [l[1 + i] + v[i] / norm * l[4] * frac for i in range(3)]

    def far_from(scan, dist=50):
        own = [l for l in lesions if l[0] == scan]
        while True:
            c = (rng.uniform(20, 280), rng.uniform(20, 280), rng.uniform(10, 290))
            if all(math.dist(c, (l[1], l[2], l[3])) > dist for l in own):
                return list(c)

    for l in lesions:
        scan = l[0]
        if id(l) in missed or scan == wrong_place:
            continue
        if rng.random() < 0.85:
            score = rng.uniform(0.55, 0.98)  # found at the operating point
        else:
            score = rng.uniform(0.2, 0.45)  # found only at a lower threshold
        marks.append([scan, *near(l, rng.uniform(0, 0.8)), score])
        if scan == two_marks:
            marks.append([scan, *near(l, 0.5), score - 0.2])  # a second mark: extra
    # The wrong-place scan: one confident mark far from its nodule.
    marks.append([wrong_place, *far_from(wrong_place, 80), 0.81])
    # False-positive marks: below the threshold on lesion-bearing scans, anywhere on the others.
    for scan in ids:
        has = scan in with_lesions
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            score = rng.uniform(0.05, 0.45) if has else rng.uniform(0.05, 0.7)
            marks.append([scan, *far_from(scan), score])
    # A mark for a scan the cohort does not have.
    marks.append(["scan-999", 120.0, 130.0, 140.0, 0.66])
    marks.sort(key=lambda m: (m[0], -m[4]))

    with open(os.path.join(OUT, "scans.csv"), "w", newline="") as f:
        f.write("scan,patient_id,site,scanner,date\n")
        for s in scans:
            f.write(",".join(s) + "\n")
    with open(os.path.join(OUT, "truth.csv"), "w", newline="") as f:
        f.write("scan,x_mm,y_mm,z_mm,radius_mm,size_mm,type\n")
        for l in lesions:
            f.write(",".join([l[0], r1(l[1]), r1(l[2]), r1(l[3]), r1(l[4]), r1(l[5]), l[6]]) + "\n")
    with open(os.path.join(OUT, "marks.csv"), "w", newline="") as f:
        f.write("scan,x_mm,y_mm,z_mm,score\n")
        for m in marks:
            f.write(",".join([m[0], r1(m[1]), r1(m[2]), r1(m[3]), f"{m[4]:.3f}"]) + "\n")

    free = [s for s in ids if s not in with_lesions]
    free_fp = sum(1 for m in marks if m[0] in free)
    print(f"scans {len(scans)}, patients 40, lesions {len(lesions)}, marks {len(marks)}", file=sys.stderr)
    print(f"wrong place: {wrong_place}; two marks on one nodule: {two_marks}; "
          f"missed 4 mm nodule: {missed_small_scan}; missed nodules: {len(missed)}; "
          f"marks on lesion-free scans: {free_fp}", file=sys.stderr)


if __name__ == "__main__":
    main()
