//! Peer agreement of calibration, threshold and decision-curve statistics.
//!
//! Reference data: tests/fixtures (copied from the team reference set, see tests/fixtures/SOURCES.md;
//! README). Every comparison prints `DIFF <name> <abs diff>` (see with `--nocapture`).
//!
//! Tolerances: `TOL` = 1e-9 wherever the peer's number is exact to double precision (the Python
//! JSON written by `json.dumps`, i.e. repr, and R values written with 15 significant digits, whose
//! rounding is ≤ 5e-16 relative). Looser only where the peer itself is less exact:
//! * `R_GLM` = 1e-8 for R `glm` coefficients: its IRLS stops up to 2.3e-9 short of the maximum;
//! * `ROUNDED` = 1e-6 for rms `val.prob`'s Slope and Intercept (lrm's convergence tolerance leaves
//!   them up to 9e-8 from R `glm` and statsmodels; see
//!   `rms_val_prob_differs_only_by_its_convergence_tolerance`) and for values the README prints
//!   with 6 decimals.

use crate::peer;
use peer::*;

use provestein::metrics::calibration::*;
use provestein::metrics::decision::*;
use provestein::metrics::thresholds::*;
use serde_json::Value;

const TOL: f64 = 1e-9;
const ROUNDED: f64 = 1e-6;
/// R `glm`'s own convergence accuracy (see `calibration_fit_matches_statsmodels_and_glm`).
const R_GLM: f64 = 1e-8;

fn nums(v: &Value, pointer: &str) -> Vec<f64> {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{pointer} missing"))
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn close_ci(name: &str, got: [f64; 2], want: [f64; 2], tol: f64) {
    close(&format!("{name}.lo"), got[0], want[0], tol);
    close(&format!("{name}.hi"), got[1], want[1], tol);
}

/// aSAH predictions file: label (1 = Poor) and the named column.
fn asah_predictions(score: &str) -> (Vec<bool>, Vec<f64>) {
    let (h, rows) = read_csv("asah/asah_predictions.csv");
    let labels = column(&h, &rows, "label")
        .iter()
        .map(|l| l == "1")
        .collect();
    (labels, floats(column(&h, &rows, score)))
}

/// A cohort's tag, labels, probabilities, Python (statsmodels/sklearn) and R (glm/rms) references.
type Cohort = (&'static str, Vec<bool>, Vec<f64>, Value, Value);

/// The three probability models with both references.
fn probability_models() -> Vec<Cohort> {
    let (yb, lr) = breast_cancer("score_logreg");
    let (_, gbm) = breast_cancer("score_gbm");
    let (ya, onnx) = asah_predictions("score_onnx");
    vec![
        (
            "bc.logreg",
            yb.clone(),
            lr,
            json("breast_cancer/ref_py_logreg.json"),
            json("breast_cancer/ref_R_logreg.json"),
        ),
        (
            "bc.gbm",
            yb,
            gbm,
            json("breast_cancer/ref_py_gbm.json"),
            json("breast_cancer/ref_R_gbm.json"),
        ),
        (
            "asah.onnx",
            ya,
            onnx,
            json("asah/ref_py_score_onnx.json"),
            json("asah/ref_R_score_onnx.json"),
        ),
    ]
}

// ------------------------------------------------------------------------------- calibration ---

#[test]
fn reliability_curves_match_sklearn_calibration_curve() {
    for (tag, y, p, py, _) in probability_models() {
        for (strategy, key) in [
            (Binning::Uniform, "reliability_uniform"),
            (Binning::Quantile, "reliability_quantile"),
        ] {
            let bins = reliability(&y, &p, 10, strategy, 0.95);
            assert_eq!(bins.len(), 10, "{tag}: empty bins are kept");
            assert_eq!(bins.iter().map(|b| b.n).sum::<u64>(), y.len() as u64);
            // sklearn drops empty bins; compare the non-empty ones in order.
            let filled: Vec<&Bin> = bins.iter().filter(|b| b.n > 0).collect();
            let want_true = nums(&py, &format!("/calibration/{key}/prob_true"));
            let want_pred = nums(&py, &format!("/calibration/{key}/prob_pred"));
            assert_eq!(filled.len(), want_true.len(), "{tag}.{key}: non-empty bins");
            for (i, b) in filled.iter().enumerate() {
                close(
                    &format!("{tag}.{key}[{i}].observed"),
                    b.observed,
                    want_true[i],
                    TOL,
                );
                close(
                    &format!("{tag}.{key}[{i}].mean_predicted"),
                    b.mean_predicted,
                    want_pred[i],
                    TOL,
                );
            }
            for b in bins.iter().filter(|b| b.n == 0) {
                assert!(b.observed.is_nan() && b.mean_predicted.is_nan() && b.ci[0].is_nan());
            }
        }
        // Uniform bin counts, empty bins included, as the reference's np.bincount.
        let counts: Vec<u64> = reliability(&y, &p, 10, Binning::Uniform, 0.95)
            .iter()
            .map(|b| b.n)
            .collect();
        let want: Vec<u64> = nums(&py, "/calibration/bin_counts_uniform")
            .iter()
            .map(|&c| c as u64)
            .collect();
        assert_eq!(counts, want, "{tag}: uniform bin counts");
    }
}

#[test]
fn quantile_edges_are_numpys_to_the_bit() {
    // Expected edges from numpy 2.4 (float64), script:
    //
    //   import numpy as np, csv
    //   rows = list(csv.DictReader(open("breast_cancer/bc_test_predictions.csv")))
    //   for col in ["score_logreg", "score_gbm"]:
    //       p = np.array([float(r[col]) for r in rows])
    //       print(col, [repr(float(e)) for e in np.percentile(p, np.linspace(0, 1, 11) * 100)])
    //
    // Bit equality matters: 170 · 0.7 rounds to 118.99999999999999, so the 70th percentile lands
    // 1 ulp below the 120th smallest LR score and that patient goes to the upper bin. (pandas 3.1's
    // own quantile puts the edge above it instead and gets HL chi2 2.1577 where the reference,
    // computed with pandas 2.3.3 = numpy's edges, has 2.2197.)
    let want: [(&str, [f64; 11]); 2] = [
        (
            "score_logreg",
            [
                8.940696716e-08,
                0.0001416802406,
                0.000440955162,
                0.0014238655570000009,
                0.0047057271,
                0.01656445861,
                0.11337828640000047,
                0.8989572524999999,
                0.9992246628,
                0.9999909401,
                1.0,
            ],
        ),
        (
            "score_gbm",
            [
                0.0002210736275,
                0.0003407001495,
                0.0004856586456,
                0.0006228089333,
                0.0008103251457,
                0.002264261246,
                0.016128003600000024,
                0.9864428042999996,
                0.9991948009,
                0.9995495677,
                0.9996563196,
            ],
        ),
    ];
    for (col, edges) in want {
        let (y, p) = breast_cancer(col);
        let bins = reliability(&y, &p, 10, Binning::Quantile, 0.95);
        let got: Vec<f64> = bins.iter().map(|b| b.lo).chain([bins[9].hi]).collect();
        assert_eq!(got, edges, "{col}: quantile edges");
        println!("DIFF {col}.quantile_edges 0 (bit-identical)");
    }
    // numpy's lerp is a + (b − a)·g for g < 0.5 but b − (b − a)·(1 − g) above; the 10th percentile
    // here (g = 0.6) differs by 1 ulp between the two forms. Same script on these seven scores:
    //   p = np.array([0.409, 0.55, 0.028, 0.754, 0.538, 0.33, 0.788])
    let p = [0.409, 0.55, 0.028, 0.754, 0.538, 0.33, 0.788];
    let y = [true, false, true, false, true, false, true];
    let want = [
        0.028,
        0.20920000000000005,
        0.3458,
        0.3932,
        0.46060000000000006,
        0.538,
        0.5452,
        0.5907999999999999,
        0.7132000000000002,
        0.7676000000000001,
        0.788,
    ];
    let bins = reliability(&y, &p, 10, Binning::Quantile, 0.95);
    let got: Vec<f64> = bins.iter().map(|b| b.lo).chain([bins[9].hi]).collect();
    assert_eq!(got, want, "lerp form");
}

#[test]
fn reliability_bins_are_right_closed_with_first_bin_closed_and_ci_exact() {
    // Scores on the edges: 0 and 0.1 go to bin 0 ([0, 0.1]), 0.3 to (0.2, 0.3], 1 to the last.
    let p = [0.0, 0.1, 0.1000001, 0.3, 1.0, 1.0, 0.95];
    let y = [false, true, true, false, true, true, false];
    let bins = reliability(&y, &p, 10, Binning::Uniform, 0.95);
    let n: Vec<u64> = bins.iter().map(|b| b.n).collect();
    assert_eq!(n, [2, 1, 1, 0, 0, 0, 0, 0, 0, 3]);
    assert_eq!((bins[0].lo, bins[0].hi), (0.0, 0.1));
    assert_eq!((bins[2].lo, bins[2].hi), (0.2, 0.30000000000000004)); // numpy's linspace
    assert_eq!(bins[9].positives, 2);
    close("last.observed", bins[9].observed, 2.0 / 3.0, 1e-15);
    close(
        "last.mean_predicted",
        bins[9].mean_predicted,
        (1.0 + 1.0 + 0.95) / 3.0,
        1e-15,
    );
    // Clopper–Pearson has closed forms at the boundaries: x = n gives [(α/2)^(1/n), 1] and
    // x = 0 gives [0, 1 − (α/2)^(1/n)].
    let bc = reliability(
        &breast_cancer("score_logreg").0,
        &breast_cancer("score_logreg").1,
        10,
        Binning::Uniform,
        0.95,
    );
    // Bin 9 of the LR model: 51 cases, all malignant; bin 1: 4 cases, none.
    assert_eq!((bc[9].n, bc[9].positives), (51, 51));
    close_ci(
        "bc.logreg.bin9.cp",
        bc[9].ci,
        [0.025f64.powf(1.0 / 51.0), 1.0],
        1e-12,
    );
    assert_eq!((bc[1].n, bc[1].positives), (4, 0));
    close_ci(
        "bc.logreg.bin1.cp",
        bc[1].ci,
        [0.0, 1.0 - 0.025f64.powf(1.0 / 4.0)],
        1e-12,
    );
    // Interior bin: the interval must contain the estimate.
    assert!(bc[0].ci[0] < bc[0].observed && bc[0].observed < bc[0].ci[1]);
}

#[test]
fn ece_and_mce_match_reference_and_mapie() {
    for (tag, y, p, py, _) in probability_models() {
        let e = ece(&y, &p, 10, Binning::Uniform);
        close(
            &format!("{tag}.ece_uniform"),
            e,
            num(&py, "/calibration/ece_uniform"),
            TOL,
        );
        close(
            &format!("{tag}.ece_uniform.mapie"),
            e,
            num(&py, "/calibration/ece_uniform_mapie_crosscheck"),
            TOL,
        );
        close(
            &format!("{tag}.ece_quantile"),
            ece(&y, &p, 10, Binning::Quantile),
            num(&py, "/calibration/ece_quantile"),
            TOL,
        );
        close(
            &format!("{tag}.mce_uniform"),
            mce(&y, &p, 10, Binning::Uniform),
            num(&py, "/calibration/mce_uniform"),
            TOL,
        );
    }
    // README headline values (rounded to 6 digits there).
    let (y, p) = asah_predictions("score_onnx");
    close(
        "asah.onnx.ece.readme",
        ece(&y, &p, 10, Binning::Uniform),
        0.078738,
        ROUNDED,
    );
}

#[test]
fn calibration_fit_matches_statsmodels_and_glm() {
    for (tag, y, p, py, r) in probability_models() {
        let f = calibration_fit(&y, &p, 0.95);
        // statsmodels GLM (repr-exact JSON)
        close(
            &format!("{tag}.slope.py"),
            f.slope.estimate,
            num(&py, "/calibration/calibration_slope"),
            TOL,
        );
        close_ci(
            &format!("{tag}.slope.ci.py"),
            f.slope.ci,
            [
                num(&py, "/calibration/calibration_slope_ci95_wald/0"),
                num(&py, "/calibration/calibration_slope_ci95_wald/1"),
            ],
            TOL,
        );
        close(
            &format!("{tag}.intercept.py"),
            f.intercept.estimate,
            num(&py, "/calibration/calibration_intercept_joint"),
            TOL,
        );
        close(
            &format!("{tag}.citl.py"),
            f.citl.estimate,
            num(&py, "/calibration/calibration_in_the_large"),
            TOL,
        );
        close_ci(
            &format!("{tag}.citl.ci.py"),
            f.citl.ci,
            [
                num(&py, "/calibration/calibration_in_the_large_ci95_wald/0"),
                num(&py, "/calibration/calibration_in_the_large_ci95_wald/1"),
            ],
            TOL,
        );
        // R glm: 15 significant digits, but its stopping rule (relative deviance change < 1e-8)
        // can end one IRLS step before statsmodels, up to 2.3e-9 from the maximum (GBM CITL;
        // statsmodels is exact there). Hence 1e-8, i.e. R glm's own convergence accuracy.
        close(
            &format!("{tag}.slope.R"),
            f.slope.estimate,
            num(&r, "/glm_calibration_slope"),
            R_GLM,
        );
        close(
            &format!("{tag}.intercept.R"),
            f.intercept.estimate,
            num(&r, "/glm_calibration_intercept_joint"),
            R_GLM,
        );
        close(
            &format!("{tag}.citl.R"),
            f.citl.estimate,
            num(&r, "/glm_calibration_in_the_large"),
            R_GLM,
        );
        // rms val.prob: limited by lrm's convergence tolerance (see below).
        close(
            &format!("{tag}.slope.rms"),
            f.slope.estimate,
            num(&r, "/rms_val_prob/Slope"),
            ROUNDED,
        );
        close(
            &format!("{tag}.intercept.rms"),
            f.intercept.estimate,
            num(&r, "/rms_val_prob/Intercept"),
            ROUNDED,
        );
        // The Wald interval is symmetric: se = half-width / z.
        let z = 1.959963984540054;
        close(
            &format!("{tag}.slope.se"),
            f.slope.se,
            (f.slope.ci[1] - f.slope.ci[0]) / (2.0 * z),
            1e-12,
        );
    }
    // README table (6 decimals) for the literal values.
    let (y, p) = breast_cancer("score_logreg");
    let f = calibration_fit(&y, &p, 0.95);
    close("bc.logreg.slope.literal", f.slope.estimate, 1.633316, 1e-6);
    close("bc.logreg.citl.literal", f.citl.estimate, 0.572220, 1e-6);
    close(
        "bc.logreg.intercept.literal",
        f.intercept.estimate,
        1.303272,
        1e-6,
    );
}

#[test]
fn rms_val_prob_differs_only_by_its_convergence_tolerance() {
    // val.prob drops p ∈ {0, 1}; the LR model has 10 scores of exactly 1.0. Dropping them moves
    // our slope by < 1e-9 (the two IRLS runs stop at slightly different iterates), so the 8e-8
    // gap to rms' Slope is lrm's stopping rule, not the data.
    let (y, p) = breast_cancer("score_logreg");
    assert_eq!(p.iter().filter(|&&x| x == 1.0).count(), 10);
    let (yk, pk): (Vec<bool>, Vec<f64>) = y
        .iter()
        .zip(&p)
        .filter(|(_, x)| **x > 0.0 && **x < 1.0)
        .map(|(a, b)| (*a, *b))
        .unzip();
    assert_eq!(yk.len(), 161);
    let all = calibration_fit(&y, &p, 0.95);
    let kept = calibration_fit(&yk, &pk, 0.95);
    close(
        "bc.logreg.slope.dropped_vs_all",
        kept.slope.estimate,
        all.slope.estimate,
        1e-8,
    );
    close(
        "bc.logreg.intercept.dropped_vs_all",
        kept.intercept.estimate,
        all.intercept.estimate,
        1e-8,
    );
    let r = json("breast_cancer/ref_R_logreg.json");
    let gap = (all.slope.estimate - num(&r, "/rms_val_prob/Slope")).abs();
    assert!(gap > 1e-8, "rms gap is expected to be ~8e-8, got {gap:e}");
}

#[test]
fn hosmer_lemeshow_matches_reference_qcut_grouping() {
    for (tag, y, p, py, _) in probability_models() {
        let hl = hosmer_lemeshow(&y, &p, 10);
        close(
            &format!("{tag}.hl.chi2"),
            hl.chi2,
            num(&py, "/calibration/hosmer_lemeshow/chi2"),
            TOL,
        );
        close(
            &format!("{tag}.hl.p"),
            hl.p,
            num(&py, "/calibration/hosmer_lemeshow/p_value"),
            TOL,
        );
        assert_eq!(
            hl.groups as f64,
            num(&py, "/calibration/hosmer_lemeshow/groups")
        );
        assert_eq!(hl.df as f64, num(&py, "/calibration/hosmer_lemeshow/df"));
    }
}

#[test]
fn calibration_edge_cases() {
    // Separation: a perfect ranker has no finite slope.
    let y = [false, false, true, true];
    let p = [0.1, 0.2, 0.8, 0.9];
    let f = calibration_fit(&y, &p, 0.95);
    assert!(f.slope.estimate.is_nan() && f.intercept.estimate.is_nan());
    // ... but CITL (one parameter, slope fixed) exists.
    assert!(f.citl.estimate.is_finite());
    // All-identical scores: slope undefined, CITL = logit(rate) − logit(p).
    let y = [true, false, false, false];
    let p = [0.5; 4];
    let f = calibration_fit(&y, &p, 0.95);
    assert!(f.slope.estimate.is_nan());
    // (IRLS stops within ~1e-9 of the maximum; the closed form is exact.)
    close(
        "citl.constant",
        f.citl.estimate,
        (0.25f64 / 0.75).ln(),
        1e-8,
    );
    // HL with fewer than 3 groups is undefined.
    let hl = hosmer_lemeshow(&y, &p, 10);
    // pandas.qcut with duplicates="drop" leaves a single edge and so no interval: 0 groups.
    assert_eq!((hl.groups, hl.df), (0, 0));
    assert!(hl.chi2.is_nan() && hl.p.is_nan());
    // Empty cohort.
    assert!(ece(&[], &[], 10, Binning::Uniform).is_nan());
    assert!(mce(&[], &[], 10, Binning::Uniform).is_nan());
}

#[test]
#[should_panic(expected = "not a probability")]
fn calibration_rejects_scores_outside_unit_interval() {
    reliability(&[true, false], &[0.5, 1.2], 10, Binning::Uniform, 0.95);
}

#[test]
#[should_panic(expected = "not finite")]
fn calibration_rejects_nan() {
    calibration_fit(&[true, false], &[0.5, f64::NAN], 0.95);
}

// -------------------------------------------------------------------------------- thresholds ---

/// pROC `coords(x = "best")` rows for each marker and method.
#[test]
fn best_thresholds_match_proc_coords_best() {
    let r = json("asah/asah_proc_reference.json");
    for marker in ["s100b", "ndka", "wfns"] {
        let (y, s) = asah(marker);
        for (method, key) in [
            ("youden", "coords_best_youden"),
            ("topleft", "coords_best_closest_topleft"),
        ] {
            let b = match method {
                "youden" => youden(&y, &s, 0.95),
                _ => closest_topleft(&y, &s, 0.95),
            }
            .unwrap();
            let base = format!("/markers/{marker}/{key}");
            let tag = format!("{marker}.{method}");
            close(
                &format!("{tag}.threshold_midpoint"),
                b.point.threshold_midpoint,
                num(&r, &format!("{base}/threshold")),
                TOL,
            );
            close(
                &format!("{tag}.sensitivity"),
                b.point.sensitivity.estimate,
                num(&r, &format!("{base}/sensitivity")),
                TOL,
            );
            close(
                &format!("{tag}.specificity"),
                b.point.specificity.estimate,
                num(&r, &format!("{base}/specificity")),
                TOL,
            );
            close(
                &format!("{tag}.se_plus_sp"),
                b.se_plus_sp,
                num(&r, &format!("{base}/youden")),
                TOL,
            );
            for (k, got) in [
                ("tp", b.point.tp),
                ("fp", b.point.fp),
                ("tn", b.point.tn),
                ("fn", b.point.fn_),
            ] {
                assert_eq!(got as f64, num(&r, &format!("{base}/{k}")), "{tag}.{k}");
            }
            assert_eq!(b.tied, 1, "{tag}: pROC found a single best row");
        }
    }
    // The brief's headline: s100b best = 0.205 (pROC) = 0.22 (observed score), J + 1 = 1.4397.
    let (y, s) = asah("s100b");
    let b = youden(&y, &s, 0.95).unwrap();
    assert_eq!(b.point.threshold, 0.22);
    close(
        "s100b.midpoint.literal",
        b.point.threshold_midpoint,
        0.205,
        1e-15,
    );
    close(
        "s100b.se.literal",
        b.point.sensitivity.estimate,
        0.634146,
        ROUNDED,
    );
    close(
        "s100b.sp.literal",
        b.point.specificity.estimate,
        0.805556,
        ROUNDED,
    );
    close("s100b.youden.literal", b.se_plus_sp, 1.4397, 1e-4);
    // Intervals of se/sp at the best point = R binom.test / prop.test at 0.205.
    let base = "/s100b_fixed_threshold";
    for (name, rate) in [
        ("sensitivity", b.point.sensitivity),
        ("specificity", b.point.specificity),
    ] {
        close_ci(
            &format!("s100b.best.{name}.cp"),
            rate.clopper_pearson,
            [
                num(&r, &format!("{base}/{name}_ci95_clopper_pearson/0")),
                num(&r, &format!("{base}/{name}_ci95_clopper_pearson/1")),
            ],
            TOL,
        );
        close_ci(
            &format!("s100b.best.{name}.wilson"),
            rate.wilson,
            [
                num(&r, &format!("{base}/{name}_ci95_wilson/0")),
                num(&r, &format!("{base}/{name}_ci95_wilson/1")),
            ],
            TOL,
        );
    }
}

/// reference_metrics.py `best_youden` (sklearn roc_curve, observed thresholds, first argmax).
#[test]
fn youden_matches_reference_script() {
    let mut cases: Vec<(String, Vec<bool>, Vec<f64>, Value)> = probability_models()
        .into_iter()
        .map(|(tag, y, p, py, _)| (tag.to_string(), y, p, py))
        .collect();
    let (y, s) = asah_predictions("s100b");
    cases.push(("asah.s100b".into(), y, s, json("asah/ref_py_s100b.json")));
    for (tag, y, p, py) in cases {
        let b = youden(&y, &p, 0.95).unwrap();
        // Thresholds are observed scores: equality, not closeness.
        assert_eq!(
            b.point.threshold,
            num(&py, "/youden_best/threshold_observed_score"),
            "{tag}.threshold"
        );
        println!("DIFF {tag}.youden.threshold 0 (exact)");
        close(
            &format!("{tag}.youden.J"),
            b.youden_j,
            num(&py, "/youden_best/J"),
            TOL,
        );
        close(
            &format!("{tag}.youden.sensitivity"),
            b.point.sensitivity.estimate,
            num(&py, "/youden_best/sensitivity"),
            TOL,
        );
        close(
            &format!("{tag}.youden.specificity"),
            b.point.specificity.estimate,
            num(&py, "/youden_best/specificity"),
            TOL,
        );
    }
}

/// Every threshold in pROC's full coords table: our observed-score curve carries pROC's midpoint.
#[test]
fn midpoints_match_proc_coords_all() {
    for marker in ["s100b", "ndka", "wfns"] {
        let (y, s) = asah(marker);
        let (h, rows) = read_csv(&format!("asah/proc_coords_all_{marker}.csv"));
        let thr = floats(column(&h, &rows, "threshold"));
        let se = floats(column(&h, &rows, "sensitivity"));
        let sp = floats(column(&h, &rows, "specificity"));
        let tp = floats(column(&h, &rows, "tp"));
        let fp = floats(column(&h, &rows, "fp"));
        let mut worst = 0.0f64;
        let mut covered = 0;
        // Each pROC row is reached by at_specificity (lowest threshold with that specificity)
        // and/or at_sensitivity (highest threshold with that sensitivity) unless it sits inside
        // both plateaus. R wrote se/sp with 15 digits, which can round up past the exact ratio;
        // targets are lowered by 1e-12, far less than 1/n.
        for i in 0..thr.len() {
            let by_sp = at_specificity(&y, &s, (sp[i] - 1e-12).max(0.0), 0.95).unwrap();
            let by_se = at_sensitivity(&y, &s, (se[i] - 1e-12).max(0.0), 0.95).unwrap();
            let Some(p) = [by_sp, by_se]
                .into_iter()
                .find(|p| p.tp as f64 == tp[i] && p.fp as f64 == fp[i])
            else {
                continue;
            };
            covered += 1;
            let d = if thr[i].is_finite() {
                (p.threshold_midpoint - thr[i]).abs()
            } else {
                assert_eq!(p.threshold_midpoint, thr[i], "{marker} row {i}");
                0.0
            };
            worst = worst.max(d);
            close(
                &format!("{marker}.row{i}.se"),
                p.sensitivity.estimate,
                se[i],
                TOL,
            );
            close(
                &format!("{marker}.row{i}.sp"),
                p.specificity.estimate,
                sp[i],
                TOL,
            );
        }
        println!("ROWS {marker} {covered} of {}", thr.len());
        assert!(
            covered * 5 >= thr.len() * 4,
            "{marker}: only {covered} rows reached"
        );
        println!("DIFF {marker}.coords_all.midpoint {worst:.3e}");
        assert!(worst <= TOL);
        // The full table has one row per distinct score plus one: as many as our curve.
        let mut distinct = s.clone();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        assert_eq!(thr.len(), distinct.len() + 1, "{marker}: table length");
    }
}

#[test]
fn targets_pick_the_right_end_of_a_plateau() {
    let r = json("asah/asah_proc_reference.json");
    let (y, s) = asah("s100b");
    // Sensitivity 26/41 is first reached at 0.22 (pROC 0.205); specificity 58/72 last holds there.
    let a = at_sensitivity(&y, &s, 26.0 / 41.0, 0.95).unwrap();
    let b = at_specificity(&y, &s, 58.0 / 72.0, 0.95).unwrap();
    for (tag, p) in [("at_sensitivity", a), ("at_specificity", b)] {
        assert_eq!(p.threshold, 0.22, "{tag}");
        assert_eq!((p.tp, p.fp, p.tn, p.fn_), (26, 14, 58, 15), "{tag}");
        close_ci(
            &format!("s100b.{tag}.specificity.cp"),
            p.specificity.clopper_pearson,
            [
                num(
                    &r,
                    "/s100b_fixed_threshold/specificity_ci95_clopper_pearson/0",
                ),
                num(
                    &r,
                    "/s100b_fixed_threshold/specificity_ci95_clopper_pearson/1",
                ),
            ],
            TOL,
        );
        close_ci(
            &format!("s100b.{tag}.specificity.wilson"),
            p.specificity.wilson,
            [
                num(&r, "/s100b_fixed_threshold/specificity_ci95_wilson/0"),
                num(&r, "/s100b_fixed_threshold/specificity_ci95_wilson/1"),
            ],
            TOL,
        );
    }
    // Highest threshold with sensitivity >= 0.9, checked against pROC's own table: the largest
    // pROC threshold whose sensitivity is >= 0.9.
    let (h, rows) = read_csv("asah/proc_coords_all_s100b.csv");
    let thr = floats(column(&h, &rows, "threshold"));
    let se = floats(column(&h, &rows, "sensitivity"));
    let sp = floats(column(&h, &rows, "specificity"));
    let i = (0..thr.len()).rev().find(|&i| se[i] >= 0.9).unwrap();
    let a = at_sensitivity(&y, &s, 0.9, 0.95).unwrap();
    close("s100b.se90.midpoint", a.threshold_midpoint, thr[i], TOL);
    close("s100b.se90.sp", a.specificity.estimate, sp[i], TOL);
    // Lowest threshold with specificity >= 0.9.
    let j = (0..thr.len()).find(|&j| sp[j] >= 0.9).unwrap();
    let b = at_specificity(&y, &s, 0.9, 0.95).unwrap();
    close("s100b.sp90.midpoint", b.threshold_midpoint, thr[j], TOL);
    close("s100b.sp90.se", b.sensitivity.estimate, se[j], TOL);
    // Specificity 1 can require flagging nobody: threshold +∞ when a negative has the top score.
    let y = [true, false, true, false];
    let s = [0.2, 0.9, 0.7, 0.1];
    let p = at_specificity(&y, &s, 1.0, 0.95).unwrap();
    assert_eq!((p.threshold, p.tp), (f64::INFINITY, 0));
    assert!(at_sensitivity(&[true, true], &[0.1, 0.2], 0.5, 0.95).is_none());
}

#[test]
fn youden_ties_go_to_the_highest_threshold_and_are_counted() {
    // m = n = 2: J at 0.8 = 1/2 − 0 = 0.5 and at 0.4 = 1 − 1/2 = 0.5: an exact tie.
    let y = [true, false, true, false];
    let s = [0.8, 0.5, 0.4, 0.1];
    let b = youden(&y, &s, 0.95).unwrap();
    assert_eq!(b.point.threshold, 0.8);
    assert_eq!(b.tied, 2);
    close("tie.J", b.youden_j, 0.5, 0.0);
    // pROC midpoint between 0.5 and 0.8.
    close("tie.midpoint", b.point.threshold_midpoint, 0.65, 1e-15);
    // The lowest score's pROC threshold is −∞.
    let low = at_sensitivity(&y, &s, 1.0, 0.95).unwrap();
    assert_eq!(low.threshold, 0.4);
    close("low.midpoint", low.threshold_midpoint, 0.25, 1e-15);
    let all = at_specificity(&y, &s, 0.0, 0.95).unwrap();
    assert_eq!(
        (all.threshold, all.threshold_midpoint),
        (0.1, f64::NEG_INFINITY)
    );
    // Adjacent doubles: their mean rounds down to the lower score, which `>=` would not separate
    // from the upper one; pROC then uses the upper score itself, and so do we.
    let hi = f64::from_bits(1.0f64.to_bits() + 1);
    let p = at_sensitivity(&[true, false], &[hi, 1.0], 1.0, 0.95).unwrap();
    assert_eq!((p.threshold, p.threshold_midpoint, p.fp), (hi, hi, 0));
}

#[test]
fn predictive_values_by_bayes() {
    // At the cohort's own prevalence Bayes gives back the cohort PPV/NPV: pROC's 0.65 / 0.7945.
    let r = json("asah/asah_proc_reference.json");
    let (y, s) = asah("s100b");
    let b = youden(&y, &s, 0.95).unwrap();
    let prev = 41.0 / 113.0;
    let v = ppv_npv_at_prevalence(
        b.point.sensitivity.with_wilson(),
        b.point.specificity.with_wilson(),
        prev,
    );
    close(
        "s100b.ppv.bayes",
        v.ppv.estimate,
        num(&r, "/markers/s100b/coords_best_youden/ppv"),
        TOL,
    );
    close(
        "s100b.npv.bayes",
        v.npv.estimate,
        num(&r, "/markers/s100b/coords_best_youden/npv"),
        TOL,
    );
    // Plug-in bounds: lower from (se_lo, sp_lo), upper from (se_hi, sp_hi).
    let (se, sp) = (b.point.sensitivity.wilson, b.point.specificity.wilson);
    let ppv = |a: f64, c: f64| a * prev / (a * prev + (1.0 - c) * (1.0 - prev));
    close_ci(
        "s100b.ppv.ci",
        v.ppv.ci,
        [ppv(se[0], sp[0]), ppv(se[1], sp[1])],
        1e-15,
    );
    assert!(v.ppv.ci[0] < v.ppv.estimate && v.ppv.estimate < v.ppv.ci[1]);
    assert!(v.npv.ci[0] < v.npv.estimate && v.npv.estimate < v.npv.ci[1]);
    // Hand-computed: se .9, sp .8, prevalence .1: PPV = .09/.27 = 1/3, NPV = .72/.73.
    let x = ppv_npv_at_prevalence(
        Bounded {
            estimate: 0.9,
            ci: [0.8, 0.95],
        },
        Bounded {
            estimate: 0.8,
            ci: [0.7, 0.9],
        },
        0.1,
    );
    close("hand.ppv", x.ppv.estimate, 1.0 / 3.0, 1e-15);
    close("hand.npv", x.npv.estimate, 0.72 / 0.73, 1e-15);
    // lower PPV: .08/(.08 + .27) ; upper: .095/(.095 + .09)
    close_ci("hand.ppv.ci", x.ppv.ci, [0.08 / 0.35, 0.095 / 0.185], 1e-15);
    // lower NPV: .63/(.63 + .02) ; upper: .81/(.81 + .005)
    close_ci("hand.npv.ci", x.npv.ci, [0.63 / 0.65, 0.81 / 0.815], 1e-15);
    let f = flags_per_1000(0.9, 0.8, 0.1);
    close("flags.tp", f.true_positives, 90.0, 1e-12);
    close("flags.fp", f.false_positives, 180.0, 1e-12);
    close("flags.flagged", f.flagged, 270.0, 1e-12);
    close("flags.fn", f.false_negatives, 10.0, 1e-12);
    close("flags.tn", f.true_negatives, 720.0, 1e-12);
}

#[test]
fn average_precision_matches_sklearn() {
    let mut cases: Vec<(String, Vec<bool>, Vec<f64>, Value)> = probability_models()
        .into_iter()
        .map(|(tag, y, p, py, _)| (tag.to_string(), y, p, py))
        .collect();
    let (y, s) = asah_predictions("s100b");
    cases.push(("asah.s100b".into(), y, s, json("asah/ref_py_s100b.json")));
    for (tag, y, p, py) in cases {
        close(
            &format!("{tag}.average_precision"),
            average_precision(&y, &p),
            num(&py, "/average_precision"),
            TOL,
        );
    }
    // A hand example with a tie: scores 0.9(+) 0.8(−) 0.8(+) 0.1(−):
    // thresholds 0.9: P 1, R 1/2; 0.8: P 2/3, R 1; 0.1: P 1/2, R 1 → AP = 1/2·1 + 1/2·2/3.
    let y = [true, false, true, false];
    let s = [0.9, 0.8, 0.8, 0.1];
    let curve = pr_curve(&y, &s);
    assert_eq!(curve.len(), 3);
    assert_eq!((curve[1].tp, curve[1].fp), (2, 1));
    close("hand.pr.precision", curve[1].precision, 2.0 / 3.0, 0.0);
    close(
        "hand.ap",
        average_precision(&y, &s),
        0.5 + 0.5 * 2.0 / 3.0,
        1e-15,
    );
    assert!(average_precision(&[false, false], &[0.1, 0.2]).is_nan());
}

// ---------------------------------------------------------------------------------- decision ---

#[test]
fn net_benefit_matches_numpy() {
    // Expected values from numpy 2.4 (float64), script:
    //
    //   import numpy as np
    //   y = np.array([1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1], dtype=float)
    //   p = np.array([0.9, 0.8, 0.7, 0.5, 0.5, 0.4, 0.3, 0.25, 0.25, 0.1, 0.05, 0.0])
    //   n = len(y); prev = y.mean()
    //   for t in [0.0, 0.1, 0.2, 0.25, 0.5, 0.75, 0.95]:
    //       pred = p >= t
    //       tp = np.sum(pred & (y == 1)); fp = np.sum(pred & (y == 0))
    //       w = t / (1 - t)
    //       print(repr(t), repr(float(tp / n - fp / n * w)), repr(float(prev - (1 - prev) * w)))
    let y = [
        true, false, true, false, false, true, false, false, true, false, false, true,
    ];
    let p = [
        0.9, 0.8, 0.7, 0.5, 0.5, 0.4, 0.3, 0.25, 0.25, 0.1, 0.05, 0.0,
    ];
    let want = [
        (0.0, 0.4166666666666667, 0.4166666666666667),
        (0.1, 0.27777777777777773, 0.35185185185185186),
        (0.2, 0.22916666666666663, 0.27083333333333337),
        (0.25, 0.19444444444444442, 0.22222222222222227),
        (0.5, -0.08333333333333334, -0.16666666666666657),
        (0.75, -0.16666666666666669, -1.333333333333333),
        (0.95, 0.0, -10.666666666666655),
    ];
    let ts: Vec<f64> = want.iter().map(|w| w.0).collect();
    let nb = net_benefit(&y, &p, &ts);
    assert_eq!(nb.len(), want.len());
    for (got, (t, model, all)) in nb.iter().zip(want) {
        assert_eq!(got.threshold, t);
        close(&format!("nb.model@{t}"), got.model, model, 1e-15);
        close(&format!("nb.treat_all@{t}"), got.treat_all, all, 1e-12);
        assert_eq!(got.treat_none, 0.0);
    }
}

#[test]
#[should_panic(expected = "outside [0, 1)")]
fn net_benefit_rejects_threshold_one() {
    net_benefit(&[true, false], &[0.9, 0.1], &[1.0]);
}

#[test]
fn results_serialise_with_null_for_undefined_values() {
    let y = [true, false];
    let p = [0.95, 0.05];
    let bins = reliability(&y, &p, 10, Binning::Uniform, 0.95);
    let v = serde_json::to_value(bins[5]).unwrap();
    assert_eq!(v["n"], 0);
    assert!(v["observed"].is_null() && v["mean_predicted"].is_null() && v["ci"][0].is_null());
    let b = youden(&y, &p, 0.95).unwrap();
    let v = serde_json::to_value(b).unwrap();
    assert_eq!(v["threshold"], 0.95);
    assert_eq!(v["fn"], 0);
    assert!(v["sensitivity"]["clopper_pearson"].is_array());
    let f = serde_json::to_value(calibration_fit(
        &[true, false, true, false],
        &[0.7, 0.6, 0.4, 0.2],
        0.95,
    ))
    .unwrap();
    assert!(f["slope"]["estimate"].is_f64() && f["citl"]["ci"][1].is_f64());
    let nb = serde_json::to_value(net_benefit(&y, &p, &[0.5])).unwrap();
    assert_eq!(nb[0]["treat_none"], 0.0);
}
