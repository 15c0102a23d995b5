#!/usr/bin/env python3
"""Makes sample-studies/findings-demo/: SYNTHETIC data for the multi-finding task kinds.

* chest X-ray, multi-label: 400 exams (from 300 patients), 5 findings with a vendor's five
  score columns; "pneumothorax" has only 6 positives, below the plan's guardrail of 10, so the
  report shows it as insufficient.
* breast density, multi-class ordinal: 300 exams, a 5-level category (A–E) and a vendor's five
  class probabilities (softmax of noisy ordinal logits).

Every value is drawn from a fixed-seed generator: running this again writes the same bytes.
No real patient is behind any row.
"""

import csv
import math
import pathlib
import random

OUT = pathlib.Path(__file__).resolve().parent.parent / "sample-studies" / "findings-demo"

FINDINGS = [
    # name, prevalence, separation of the vendor's score (logit shift for positives)
    ("effusion", 0.20, 3.0),
    ("cardiomegaly", 0.15, 2.6),
    ("consolidation", 0.12, 1.6),
    ("nodule", 0.10, 2.2),
    ("pneumothorax", 0.015, 2.5),
]


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def multilabel(rng):
    n_exams, n_patients = 400, 300
    cohort, scores = [], []
    patients = [f"P{p:04d}" for p in range(n_patients)]
    positives_pneumothorax = 0
    for i in range(n_exams):
        exam = f"CXR{i:04d}"
        patient = patients[i] if i < n_patients else rng.choice(patients)
        sex = rng.choice(["F", "M"])
        site = rng.choice(["Site A", "Site B"])
        labels, row_scores, features = {}, {}, {}
        for name, prevalence, sep in FINDINGS:
            if name == "pneumothorax":
                # exactly 6 positives: too few for the guardrail
                present = positives_pneumothorax < 6 and i % 60 == 7
                positives_pneumothorax += int(present)
            else:
                present = rng.random() < prevalence
            labels[name] = int(present)
            logit = -1.5 + (sep if present else 0.0) + rng.gauss(0.0, 1.0)
            row_scores["p_" + name] = round(sigmoid(logit), 6)
            features["x_" + name] = round(logit, 6)
        cohort.append(
            {"exam": exam, "patient": patient, "sex": sex, "site": site, **labels, **features}
        )
        scores.append({"exam": exam, **row_scores})
    # one vendor row for an exam that is not in the cohort: counted, never dropped silently
    scores.append({"exam": "CXR9999", **{"p_" + n: 0.5 for n, _, _ in FINDINGS}})
    write(OUT / "cxr_cohort.csv", cohort)
    write(OUT / "cxr_vendor_scores.csv", scores)


def model():
    """cxr_model.onnx: the vendor's model as a plan can run it: input "X" float32 [N, 5] (the
    cohort's x_* columns, the product's internal logits), output "logits" float32 [N, 5] =
    X W + b with W = 2 I, b = 0.5 (a plan applies sigmoid)."""
    import onnx
    from onnx import TensorProto, helper

    k = len(FINDINGS)
    w = [2.0 if i == j else 0.0 for i in range(k) for j in range(k)]
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["X", "W", "B"], ["logits"])],
        "cxr_findings",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["N", k])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", k])],
        [
            helper.make_tensor("W", TensorProto.FLOAT, [k, k], w),
            helper.make_tensor("B", TensorProto.FLOAT, [k], [0.5] * k),
        ],
    )
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="provestein-sample")
    m.ir_version = 8
    onnx.checker.check_model(m)
    with open(OUT / "cxr_model.onnx", "wb") as f:
        f.write(m.SerializeToString())


def multiclass(rng):
    classes = ["A", "B", "C", "D", "E"]
    weights = [0.10, 0.35, 0.35, 0.15, 0.05]
    cohort, scores = [], []
    for i in range(300):
        exam = f"MG{i:04d}"
        truth = rng.choices(range(5), weights)[0]
        latent = truth + rng.gauss(0.0, 0.7)
        logits = [-((latent - c) ** 2) for c in range(5)]
        m = max(logits)
        e = [math.exp(x - m) for x in logits]
        total = sum(e)
        probs = [round(x / total, 6) for x in e]
        cohort.append(
            {
                "exam": exam,
                "patient": f"W{i // 2:04d}" if i < 200 else f"W{i:04d}",
                "age_band": rng.choice(["50-59", "60-69"]),
                "density": classes[truth],
            }
        )
        scores.append({"exam": exam, **{f"p_{c}": p for c, p in zip(classes, probs)}})
    write(OUT / "density_cohort.csv", cohort)
    write(OUT / "density_vendor_scores.csv", scores)


def write(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    multilabel(random.Random(17))
    multiclass(random.Random(1717))
    model()
