//! The vendor's ONNX model run through ONNX Runtime by the engine gives the scores Python's
//! onnxruntime and scikit-learn gave (stored in the fixture), and the figures scikit-learn
//! computed from them.

use crate::common;

use std::collections::HashMap;

use common::{assert_close, fixture, json, root};
use provestein::{Control, Plan};

fn stored(column: &str) -> HashMap<String, f64> {
    let mut r = csv::Reader::from_path(fixture("breast_cancer/bc_test_predictions.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let id = h.iter().position(|c| c == "sample_id").unwrap();
    let s = h.iter().position(|c| c == column).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[id].to_string(), rec[s].parse().unwrap())
        })
        .collect()
}

fn run_model(model: &str) -> provestein::Evaluation {
    let mut plan = Plan::load(&root().join("sample-studies/breast-cancer/plan.toml")).unwrap();
    plan.model.as_mut().unwrap().path = root().join("models").join(model);
    let mut ctl = Control::silent();
    ctl.onnxruntime = Some(common::onnxruntime());
    provestein::run(&plan, &ctl).unwrap()
}

/// Every case's score equals the one Python's onnxruntime stored, to 1e-9.
fn assert_scores_match(eval: &provestein::Evaluation, column: &str) {
    let want = stored(column);
    assert_eq!(eval.binary().unwrap().cases.len(), 171);
    assert!(
        eval.binary()
            .unwrap()
            .cases
            .iter()
            .all(|c| c.files().is_empty()),
        "a CSV cohort has no files per case"
    );
    for c in &eval.binary().unwrap().cases {
        assert_close(
            &format!("score of case {}", c.id),
            c.score,
            want[c.id.as_str()],
            1e-9,
        );
    }
}

#[test]
fn logistic_model_reproduces_stored_scores_and_sklearn_figures() {
    let eval = run_model("bc_logreg.onnx");
    assert_scores_match(&eval, "score_logreg");
    let reference = json("breast_cancer/ref_py_logreg.json");
    let m = &eval.binary().unwrap().overall.metrics;
    assert_close("AUC", m.auc.estimate, 0.997517523364486, 1e-9);
    assert_close(
        "DeLong lo",
        m.auc.delong[0],
        reference["auc_delong95"]["lower"].as_f64().unwrap(),
        1e-9,
    );
    assert_eq!(m.auc.delong[1], 1.0, "clipped to 1 as pROC does");
    assert_close(
        "Brier",
        m.brier.estimate,
        reference["calibration"]["brier"].as_f64().unwrap(),
        1e-9,
    );
    let c = eval.binary().unwrap().overall.confusion;
    assert_eq!((c.tp, c.fp, c.tn, c.fn_), (60, 1, 106, 4));
    // Calibration through the whole run (statsmodels GLM, sklearn bins, the reference's HL).
    let cal = eval
        .binary()
        .unwrap()
        .overall
        .calibration
        .as_ref()
        .expect("scores are probabilities");
    let want = &reference["calibration"];
    let f = |k: &str| want[k].as_f64().unwrap();
    assert_close("slope", cal.slope.estimate, f("calibration_slope"), 1e-9);
    assert_close(
        "CITL",
        cal.citl.estimate,
        f("calibration_in_the_large"),
        1e-9,
    );
    assert_close("ECE", cal.ece, f("ece_uniform"), 1e-9);
    assert_close(
        "HL chi2",
        cal.hosmer_lemeshow.chi2,
        want["hosmer_lemeshow"]["chi2"].as_f64().unwrap(),
        1e-9,
    );
    assert_eq!(
        eval.binary()
            .unwrap()
            .overall
            .precision_recall
            .average_precision,
        reference["average_precision"].as_f64().unwrap()
    );
    assert_eq!(eval.provenance.onnxruntime.as_deref(), Some("1.32.0"));
    assert_eq!(
        eval.provenance.model_sha256.as_deref().map(str::len),
        Some(64),
        "model file hashed"
    );
}

#[test]
fn boosting_model_reproduces_stored_scores() {
    let eval = run_model("bc_gbm.onnx");
    assert_scores_match(&eval, "score_gbm");
    let c = eval.binary().unwrap().overall.confusion;
    assert_eq!((c.tp, c.fp, c.tn, c.fn_), (58, 0, 107, 6));
}

/// Runs `model` (tests/fixtures/models) on a two-feature CSV cohort; returns id → score.
fn run_tiny(model: &str, rows: &[(&str, f64, f64, u8)]) -> HashMap<String, f64> {
    run_tiny_eval(model, rows)
        .binary()
        .unwrap()
        .cases
        .clone()
        .into_iter()
        .map(|c| (c.id.to_string(), c.score))
        .collect()
}

fn run_tiny_eval(model: &str, rows: &[(&str, f64, f64, u8)]) -> provestein::Evaluation {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,a,b,label\n");
    for (id, a, b, y) in rows {
        csv.push_str(&format!("{id},{a},{b},{y}\n"));
    }
    std::fs::write(dir.path().join("c.csv"), csv).unwrap();
    let text = format!(
        "[study]\nname = \"t\"\nintended_use = \"t\"\n[model]\npath = \"{}\"\ninput = \"X\"\noutput = \"p\"\n\
         [cohort]\nkind = \"csv\"\npath = \"c.csv\"\nid = \"id\"\nlabel = \"label\"\npositive = 1\nfeatures = [\"a\", \"b\"]\n\
         [analysis]\nbootstrap = 0\n[[acceptance]]\nmetric = \"auc\"\nbound = \"estimate\"\nmin = 0.5\n",
        fixture("models").join(model).display()
    );
    let plan = Plan::load(&common::write_plan(dir.path(), &text)).unwrap();
    let mut ctl = Control::silent();
    ctl.onnxruntime = Some(common::onnxruntime());
    provestein::run(&plan, &ctl).unwrap()
}

#[test]
fn scores_that_are_not_probabilities_get_no_calibration() {
    // The mean of raw values is a score, not a probability.
    let s = run_tiny_eval(
        "mean_f64.onnx",
        &[
            ("a", 10.0, 20.0, 0),
            ("b", 30.0, 50.0, 1),
            ("c", 0.0, 1.0, 0),
        ],
    );
    assert!(s.binary().unwrap().overall.calibration.is_none());
    assert!(s.binary().unwrap().overall.decision_curve.is_none());
    assert_eq!(s.binary().unwrap().overall.metrics.auc.estimate, 1.0);
}

#[test]
fn uint8_inputs_are_rounded_and_clamped() {
    let s = run_tiny(
        "mean_u8.onnx",
        &[
            ("a", 10.4, 20.0, 0),
            ("b", 300.0, -5.0, 1),
            ("c", 100.0, 100.0, 1),
        ],
    );
    assert_close("a", s["a"], (10.0 + 20.0) / 2.0 / 255.0, 1e-7);
    assert_close("b", s["b"], (255.0 + 0.0) / 2.0 / 255.0, 1e-7);
}

#[test]
fn float64_inputs_and_outputs_are_used_as_such() {
    let s = run_tiny("mean_f64.onnx", &[("a", 0.1, 0.2, 0), ("b", 0.7, 0.9, 1)]);
    // Features are read as float32 (as for every model), then widened.
    let want = (f64::from(0.1f32) + f64::from(0.2f32)) / 2.0;
    assert_eq!(s["a"], want);
}
