//! Peer agreement: our numbers against pROC (R), statsmodels and scikit-learn on real cohorts.
//!
//! Reference data: tests/fixtures (copied from the team reference set; see tests/fixtures/SOURCES.md).
//! Every comparison prints `DIFF <name> <abs diff>` (see with `--nocapture`).

use crate::peer;
use peer::*;

use provestein::metrics::*;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde_json::Value;

const TOL: f64 = 1e-9;

fn pair(v: &Value, pointer: &str) -> (f64, f64) {
    (
        num(v, &format!("{pointer}/0")),
        num(v, &format!("{pointer}/1")),
    )
}

fn close_pair(name: &str, got: (f64, f64), want: (f64, f64), tol: f64) {
    close(&format!("{name}.lo"), got.0, want.0, tol);
    close(&format!("{name}.hi"), got.1, want.1, tol);
}

#[test]
fn asah_auc_and_delong_match_proc() {
    let r = json("asah/asah_proc_reference.json");
    for marker in ["s100b", "ndka", "wfns"] {
        let (y, s) = asah(marker);
        let base = format!("/markers/{marker}");
        let d = delong(&y, &s);
        close(
            &format!("{marker}.auc"),
            auc(&y, &s),
            num(&r, &format!("{base}/auc")),
            TOL,
        );
        close(
            &format!("{marker}.delong.auc"),
            d.auc,
            num(&r, &format!("{base}/auc")),
            TOL,
        );
        close(
            &format!("{marker}.var"),
            d.variance,
            num(&r, &format!("{base}/var_delong")),
            TOL,
        );
        for (conf, key) in [(0.95, "ci_auc_delong_95"), (0.90, "ci_auc_delong_90")] {
            let want = (
                num(&r, &format!("{base}/{key}/lower")),
                num(&r, &format!("{base}/{key}/upper")),
            );
            close_pair(&format!("{marker}.{key}"), d.ci(conf), want, TOL);
        }
    }
    // The headline numbers of the brief, written out.
    let (y, s) = asah("s100b");
    let d = delong(&y, &s);
    close("s100b.auc.literal", d.auc, 0.731368563685637, TOL);
    close("s100b.var.literal", d.variance, 0.00266868245717244, TOL);
    close_pair(
        "s100b.ci95.literal",
        d.ci(0.95),
        (0.630118211761623, 0.832618915609651),
        TOL,
    );
    let py = json("asah/ref_py_s100b.json");
    close("s100b.se.py", d.se, num(&py, "/auc_delong95/se"), TOL);
}

#[test]
fn asah_gender_subgroups_match_proc_including_clipping() {
    // pROC per-group DeLong CIs; the "<40" age group has its upper bound clipped to 1.
    let (h, rows) = read_csv("asah/asah_predictions.csv");
    let labels: Vec<bool> = column(&h, &rows, "label")
        .iter()
        .map(|l| l == "1")
        .collect();
    let s100b = floats(column(&h, &rows, "s100b"));
    let r = json("asah/ref_R_s100b.json");
    for (col, group) in [
        ("gender", "Female"),
        ("gender", "Male"),
        ("age_group", "<40"),
        ("age_group", ">=60"),
        ("age_group", "40-59"),
    ] {
        let keep: Vec<bool> = column(&h, &rows, col).iter().map(|g| g == group).collect();
        let pick = |v: &[bool]| -> Vec<bool> {
            v.iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(x, _)| *x)
                .collect()
        };
        let y = pick(&labels);
        let s: Vec<f64> = s100b
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(x, _)| *x)
            .collect();
        let base = format!("/groups/{col}/by_group/{group}");
        let d = delong(&y, &s);
        close(
            &format!("{group}.auc"),
            d.auc,
            num(&r, &format!("{base}/auc")),
            TOL,
        );
        let want = (
            num(&r, &format!("{base}/ci_auc_delong95/0")),
            num(&r, &format!("{base}/ci_auc_delong95/2")),
        );
        close_pair(&format!("{group}.ci95"), d.ci(0.95), want, TOL);
    }
}

#[test]
fn s100b_threshold_confusion_and_proportion_intervals_match_statsmodels() {
    let (y, s) = asah("s100b");
    let c = Confusion::at_threshold(&y, &s, 0.205);
    assert_eq!(
        c,
        Confusion {
            tp: 26,
            fp: 14,
            tn: 58,
            fn_: 15
        }
    );
    let py = json("asah/ref_py_s100b.json");
    check_threshold_block(&c, &py, "s100b");
    // pROC / R binom.test / prop.test flavour of the same numbers.
    let r = json("asah/ref_R_s100b.json");
    for (name, p) in [
        ("sensitivity", c.sensitivity()),
        ("specificity", c.specificity()),
    ] {
        let base = format!("/at_threshold/{name}");
        close_pair(
            &format!("R.{name}.wilson"),
            p.wilson(0.95),
            pair(&r, &format!("{base}/wilson")),
            TOL,
        );
        close_pair(
            &format!("R.{name}.cp"),
            p.clopper_pearson(0.95),
            pair(&r, &format!("{base}/clopper_pearson")),
            TOL,
        );
    }
}

/// Counts, estimates, Wilson and Clopper–Pearson of the five proportions in a `ref_py_*.json`.
fn check_threshold_block(c: &Confusion, py: &Value, tag: &str) {
    for key in ["tp", "fp", "tn", "fn"] {
        let got = match key {
            "tp" => c.tp,
            "fp" => c.fp,
            "tn" => c.tn,
            _ => c.fn_,
        };
        assert_eq!(
            got as f64,
            num(py, &format!("/at_threshold/{key}")),
            "{tag}.{key}"
        );
    }
    for (name, p) in [
        ("sensitivity", c.sensitivity()),
        ("specificity", c.specificity()),
        ("ppv", c.ppv()),
        ("npv", c.npv()),
        ("accuracy", c.accuracy()),
    ] {
        let base = format!("/at_threshold/{name}");
        assert_eq!(p.x as f64, num(py, &format!("{base}/x")));
        assert_eq!(p.n as f64, num(py, &format!("{base}/n")));
        close(
            &format!("{tag}.{name}.value"),
            p.estimate(),
            num(py, &format!("{base}/value")),
            TOL,
        );
        close_pair(
            &format!("{tag}.{name}.wilson"),
            p.wilson(0.95),
            pair(py, &format!("{base}/wilson95")),
            TOL,
        );
        close_pair(
            &format!("{tag}.{name}.cp"),
            p.clopper_pearson(0.95),
            pair(py, &format!("{base}/clopper_pearson95")),
            TOL,
        );
    }
}

#[test]
fn breast_cancer_auc_delong_brier_and_threshold_match_sklearn_and_proc() {
    for (score, file) in [("score_logreg", "logreg"), ("score_gbm", "gbm")] {
        let (y, s) = breast_cancer(score);
        assert_eq!((y.len(), y.iter().filter(|&&l| l).count()), (171, 64));
        let py = json(&format!("breast_cancer/ref_py_{file}.json"));
        let d = delong(&y, &s);
        close(
            &format!("{file}.auc"),
            auc(&y, &s),
            num(&py, "/auc_sklearn"),
            TOL,
        );
        close(
            &format!("{file}.var"),
            d.variance,
            num(&py, "/auc_delong95/var"),
            TOL,
        );
        let ci = d.ci(0.95);
        close_pair(
            &format!("{file}.ci95"),
            ci,
            (
                num(&py, "/auc_delong95/lower"),
                num(&py, "/auc_delong95/upper"),
            ),
            TOL,
        );
        assert_eq!(ci.1, 1.0, "upper bound must be clipped to exactly 1");
        close(
            &format!("{file}.brier"),
            brier(&y, &s),
            num(&py, "/calibration/brier"),
            TOL,
        );
        check_threshold_block(&Confusion::at_threshold(&y, &s, 0.5), &py, file);
    }
    let r = json("breast_cancer/ref_R_logreg.json");
    let (y, s) = breast_cancer("score_logreg");
    let d = delong(&y, &s);
    close("R.logreg.var", d.variance, num(&r, "/var_delong"), TOL);
    close(
        "R.logreg.ci95.lo",
        d.ci(0.95).0,
        num(&r, "/ci_auc_delong95/0"),
        TOL,
    );
    close("R.logreg.brier", brier(&y, &s), num(&r, "/brier"), TOL);
}

#[test]
fn asah_onnx_model_brier_matches_sklearn_and_rms() {
    let (h, rows) = read_csv("asah/asah_predictions.csv");
    let y: Vec<bool> = column(&h, &rows, "label")
        .iter()
        .map(|l| l == "1")
        .collect();
    let p = floats(column(&h, &rows, "score_onnx"));
    let py = json("asah/ref_py_score_onnx.json");
    let r = json("asah/ref_R_score_onnx.json");
    close(
        "onnx.brier.py",
        brier(&y, &p),
        num(&py, "/calibration/brier"),
        TOL,
    );
    close("onnx.brier.R", brier(&y, &p), num(&r, "/brier"), TOL);
    // A monotone transform of s100b: same AUC and DeLong variance.
    close("onnx.auc", auc(&y, &p), num(&py, "/auc_delong95/auc"), TOL);
    close(
        "onnx.var",
        delong(&y, &p).variance,
        num(&py, "/auc_delong95/var"),
        TOL,
    );
}

#[test]
fn roc_curve_matches_proc_coords_tables() {
    for marker in ["s100b", "ndka", "wfns"] {
        let (y, s) = asah(marker);
        let ours = roc_curve(&y, &s);
        let (h, rows) = read_csv(&format!("asah/proc_coords_all_{marker}.csv"));
        let mut proc_rows: Vec<Vec<f64>> = rows
            .iter()
            .map(|r| r.iter().map(|v| v.parse::<f64>().unwrap()).collect())
            .collect();
        proc_rows.reverse(); // pROC lists ascending thresholds, we list descending
        let col = |name: &str| h.iter().position(|c| c == name).unwrap();
        assert_eq!(ours.len(), proc_rows.len(), "{marker}: number of points");
        let mut worst = 0.0_f64;
        for (i, (o, p)) in ours.iter().zip(&proc_rows).enumerate() {
            assert_eq!(o.tp as f64, p[col("tp")], "{marker} row {i} tp");
            assert_eq!(o.fp as f64, p[col("fp")], "{marker} row {i} fp");
            assert_eq!(o.tn as f64, p[col("tn")], "{marker} row {i} tn");
            assert_eq!(o.fn_ as f64, p[col("fn")], "{marker} row {i} fn");
            worst = worst
                .max((o.sensitivity - p[col("sensitivity")]).abs())
                .max((o.specificity - p[col("specificity")]).abs());
            // pROC's threshold is the midpoint between our threshold and the next lower score.
            let t = p[col("threshold")];
            if i == 0 {
                assert_eq!((o.threshold, t), (f64::INFINITY, f64::INFINITY));
            } else if i == ours.len() - 1 {
                assert_eq!(t, f64::NEG_INFINITY);
            } else {
                let mid = (o.threshold + ours[i + 1].threshold) / 2.0;
                assert!((mid - t).abs() < 1e-9, "{marker} row {i}: {mid} vs {t}");
            }
        }
        close(&format!("{marker}.roc.se_sp_max"), worst, 0.0, 1e-12);
        let first = ours.first().unwrap();
        let last = ours.last().unwrap();
        assert_eq!((first.sensitivity, first.specificity), (0.0, 1.0));
        assert_eq!((last.sensitivity, last.specificity), (1.0, 0.0));
        assert_eq!(
            last.threshold,
            s.iter().copied().fold(f64::INFINITY, f64::min)
        );
    }
}

#[test]
fn roc_point_and_confusion_serialise_as_documented() {
    let (y, s) = asah("wfns");
    let curve = roc_curve(&y, &s);
    let text = serde_json::to_string(&curve).unwrap();
    assert!(
        text.starts_with(r#"[{"threshold":null,"tp":0,"fp":0,"tn":72,"fn":41,"#),
        "{text}"
    );
    let back: Vec<RocPoint> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, curve);
    let c = Confusion::at_threshold(&y, &s, 4.0); // >= 4 is pROC's 3.5 row
    let text = serde_json::to_string(&c).unwrap();
    assert_eq!(text, r#"{"tp":26,"fp":12,"tn":60,"fn":15}"#);
}

/// Textbook O(m·n) DeLong, to check the binned O(n log n) version on tie-heavy data.
fn delong_naive(y: &[bool], s: &[f64]) -> (f64, f64) {
    let pos: Vec<f64> = s
        .iter()
        .zip(y)
        .filter(|(_, l)| **l)
        .map(|(v, _)| *v)
        .collect();
    let neg: Vec<f64> = s
        .iter()
        .zip(y)
        .filter(|(_, l)| !**l)
        .map(|(v, _)| *v)
        .collect();
    let psi = |x: f64, z: f64| {
        if x > z {
            1.0
        } else if x == z {
            0.5
        } else {
            0.0
        }
    };
    let (m, n) = (pos.len() as f64, neg.len() as f64);
    let v10: Vec<f64> = pos
        .iter()
        .map(|&x| neg.iter().map(|&z| psi(x, z)).sum::<f64>() / n)
        .collect();
    let v01: Vec<f64> = neg
        .iter()
        .map(|&z| pos.iter().map(|&x| psi(x, z)).sum::<f64>() / m)
        .collect();
    let a = v10.iter().sum::<f64>() / m;
    let s10 = v10.iter().map(|v| (v - a).powi(2)).sum::<f64>() / (m - 1.0);
    let s01 = v01.iter().map(|v| (v - a).powi(2)).sum::<f64>() / (n - 1.0);
    (a, s10 / m + s01 / n)
}

#[test]
fn binned_delong_equals_textbook_delong_with_ties() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    for _ in 0..20 {
        let y: Vec<bool> = (0..400).map(|_| rng.random_bool(0.3)).collect();
        // Coarse scores: many ties within and across classes.
        let s: Vec<f64> = y
            .iter()
            .map(|&l| ((rng.random::<f64>() + if l { 0.3 } else { 0.0 }) * 10.0).round() / 10.0)
            .collect();
        let (a, v) = delong_naive(&y, &s);
        let d = delong(&y, &s);
        assert!((d.auc - a).abs() < 1e-12 && (d.variance - v).abs() < 1e-12);
    }
}

#[test]
fn proportion_intervals_at_the_edges_match_closed_forms() {
    // x = 0 and x = n have closed forms; statsmodels pins the exact bound to 0 / 1.
    for n in [1u64, 5, 41, 1000] {
        let nf = n as f64;
        for conf in [0.8, 0.95, 0.99] {
            let a = (1.0 - conf) / 2.0;
            let z2 = z_for(conf).powi(2);
            close_pair(
                "cp.x0",
                clopper_pearson(0, n, conf),
                (0.0, 1.0 - a.powf(1.0 / nf)),
                1e-13,
            );
            close_pair(
                "cp.xn",
                clopper_pearson(n, n, conf),
                (a.powf(1.0 / nf), 1.0),
                1e-13,
            );
            close_pair(
                "wilson.x0",
                wilson(0, n, conf),
                (0.0, z2 / (nf + z2)),
                1e-13,
            );
            close_pair(
                "wilson.xn",
                wilson(n, n, conf),
                (nf / (nf + z2), 1.0),
                1e-13,
            );
        }
    }
    for (lo, hi) in [wilson(0, 0, 0.95), clopper_pearson(0, 0, 0.95)] {
        assert!(lo.is_nan() && hi.is_nan());
    }
    assert!(Proportion { x: 0, n: 0 }.estimate().is_nan());
}

#[test]
fn clopper_pearson_is_exact_in_the_far_tails() {
    // Reference: 35-digit mpmath 1.3.0 bisection on the exact binomial tail
    // P(Bin(n, t) >= x) = I_t(x, n-x+1). statrs' Beta::inverse_cdf misses some of these by up to
    // 6e-11 (4e-7 relative); we must not.
    #[rustfmt::skip]
    let cases: [(u64, u64, f64, f64, f64); 8] = [
        (1, 10, 0.95, 0.0025285785444617843, 0.44501611702819543),
        (9, 10, 0.95, 0.5549838829718046, 0.9974714214555382),
        (5, 1000, 0.8, 0.0024345011809277376, 0.009254858093067034),
        (1, 100000, 0.99, 5.0125416979164066e-08, 7.429890621390487e-05),
        (5, 100000, 0.99, 1.0779439899175e-05, 0.00014149112088792217),
        (99995, 100000, 0.99, 0.9998585088791121, 0.9999892205601009),
        (5, 100000, 0.8, 2.4326100906590298e-05, 9.27447566305292e-05),
        (99999, 100000, 0.8, 0.9999611033603071, 0.9999989463953984),
    ];
    for (x, n, conf, lo, hi) in cases {
        let got = clopper_pearson(x, n, conf);
        close_pair(&format!("cp.mpmath.{x}/{n}@{conf}"), got, (lo, hi), 1e-14);
        // Relative accuracy too, where the bound is tiny.
        assert!(
            ((got.0 - lo) / lo).abs() < 1e-9,
            "relative error at {x}/{n}"
        );
    }
}

#[test]
fn normal_quantile_and_r_quantile_type7() {
    close("z95", z_for(0.95), 1.959963984540054, 1e-15);
    close("z90", z_for(0.90), 1.6448536269514722, 1e-15);
    assert!(z_for(1.0).is_nan() && z_for(0.0).is_nan());
    // R: quantile(c(1, 2, 3, 4, 10), c(0, .025, .5, .975, 1)) = 1, 1.1, 3, 9.4, 10
    let x = [1.0, 2.0, 3.0, 4.0, 10.0];
    for (p, want) in [
        (0.0, 1.0),
        (0.025, 1.1),
        (0.5, 3.0),
        (0.975, 9.4),
        (1.0, 10.0),
    ] {
        close(&format!("q7.{p}"), quantile_type7(&x, p), want, 1e-14);
    }
    // R: quantile(1:2000 / 2000, c(.025, .975)) = 0.0254875, 0.9750125
    let v: Vec<f64> = (1..=2000).map(|i| i as f64 / 2000.0).collect();
    close("q7.2000.lo", quantile_type7(&v, 0.025), 0.0254875, 1e-15);
    close("q7.2000.hi", quantile_type7(&v, 0.975), 0.9750125, 1e-15);
    assert_eq!(quantile_type7(&[2.5], 0.3), 2.5);
    assert!(quantile_type7(&[], 0.5).is_nan());
}

#[test]
fn edge_cases_ties_separation_and_missing_classes() {
    let y = [true, false, true, false, false];
    let tied = [0.3; 5];
    assert_eq!(auc(&y, &tied), 0.5);
    let d = delong(&y, &tied);
    assert_eq!((d.auc, d.variance, d.ci(0.95)), (0.5, 0.0, (0.5, 0.5)));
    assert_eq!(roc_curve(&y, &tied).len(), 2);
    let b = stratified_bootstrap(&y, &tied, 200, 1, 0.95);
    assert_eq!(b.auc, (0.5, 0.5));

    let separated = [0.9, 0.1, 0.8, 0.2, 0.3];
    assert_eq!(auc(&y, &separated), 1.0);
    assert_eq!(delong(&y, &separated).ci(0.95), (1.0, 1.0));
    let reversed: Vec<f64> = separated.iter().map(|s| 1.0 - s).collect();
    assert_eq!(auc(&y, &reversed), 0.0, "no silent direction flip");

    // One class missing: undefined, never a panic.
    let only_pos = [true, true];
    assert!(auc(&only_pos, &[0.1, 0.2]).is_nan());
    assert!(delong(&only_pos, &[0.1, 0.2]).variance.is_nan());
    let b = stratified_bootstrap(&only_pos, &[0.1, 0.2], 100, 1, 0.95);
    assert!(b.auc.0.is_nan() && b.auc.1.is_nan() && b.brier.0.is_nan() && b.brier.1.is_nan());
    let b = stratified_bootstrap(&y, &separated, 0, 1, 0.95);
    assert!(b.auc.0.is_nan() && b.auc.1.is_nan() && b.brier.0.is_nan() && b.brier.1.is_nan());
    assert!(roc_curve(&only_pos, &[0.1, 0.2])[1].specificity.is_nan());

    // Empty cohort.
    assert!(auc(&[], &[]).is_nan());
    assert!(brier(&[], &[]).is_nan());
    let c = Confusion::at_threshold(&[], &[], 0.5);
    assert!(c.sensitivity().estimate().is_nan() && c.accuracy().wilson(0.95).0.is_nan());

    // A single positive: AUC defined, DeLong variance needs two.
    let d = delong(&[true, false, false], &[0.5, 0.2, 0.7]);
    assert_eq!(d.auc, 0.5);
    assert!(d.variance.is_nan());

    // Threshold rule is >=.
    let c = Confusion::at_threshold(&[true, false], &[0.5, 0.5], 0.5);
    assert_eq!((c.tp, c.fp), (1, 1));
}

#[test]
#[should_panic(expected = "not finite")]
fn nan_scores_are_rejected() {
    auc(&[true, false], &[0.2, f64::NAN]);
}

#[test]
#[should_panic(expected = "same length")]
fn mismatched_lengths_are_rejected() {
    brier(&[true, false], &[0.2]);
}

#[test]
fn bootstrap_matches_proc_stratified_ci() {
    let (y, s) = asah("s100b");
    let r = json("asah/asah_proc_reference.json");
    let key = "/markers/s100b/ci_auc_bootstrap_stratified_2000_seed42";
    let b = stratified_bootstrap(&y, &s, 2000, 42, 0.95);
    // Different RNGs: pROC vs Python agree to ~0.005 only (reference README), so ±0.01.
    close("boot.s100b.lo", b.auc.0, 0.626520155826558, 0.01);
    close("boot.s100b.hi", b.auc.1, 0.827235772357724, 0.01);
    close(
        "boot.s100b.lo.json",
        b.auc.0,
        num(&r, &format!("{key}/lower")),
        0.01,
    );
    assert_eq!((b.replicates, b.seed), (2000, 42));
    let point = brier(&y, &s);
    assert!(b.brier.0 < point && point < b.brier.1);

    for marker in ["ndka", "wfns"] {
        let (y, s) = asah(marker);
        let b = stratified_bootstrap(&y, &s, 2000, 42, 0.95);
        let key = format!("/markers/{marker}/ci_auc_bootstrap_stratified_2000_seed42");
        close(
            &format!("boot.{marker}.lo"),
            b.auc.0,
            num(&r, &format!("{key}/lower")),
            0.01,
        );
        close(
            &format!("boot.{marker}.hi"),
            b.auc.1,
            num(&r, &format!("{key}/upper")),
            0.01,
        );
    }
    let (y, s) = breast_cancer("score_logreg");
    let rl = json("breast_cancer/ref_R_logreg.json");
    let b = stratified_bootstrap(&y, &s, 2000, 42, 0.95);
    close(
        "boot.logreg.lo",
        b.auc.0,
        num(&rl, "/ci_auc_bootstrap_stratified_2000_seed42/0"),
        0.01,
    );
    assert_eq!(b.auc.1, 1.0);
}

/// Plain resample-and-recompute bootstrap with an unrelated RNG stream, to check the binned
/// replicate arithmetic (AUC and Brier) statistically.
#[test]
fn bootstrap_agrees_with_naive_resampling() {
    let (y, s) = asah("s100b");
    let pos: Vec<f64> = s
        .iter()
        .zip(&y)
        .filter(|(_, l)| **l)
        .map(|(v, _)| *v)
        .collect();
    let neg: Vec<f64> = s
        .iter()
        .zip(&y)
        .filter(|(_, l)| !**l)
        .map(|(v, _)| *v)
        .collect();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(99);
    let reps = 4000;
    let (mut aucs, mut briers) = (Vec::new(), Vec::new());
    for _ in 0..reps {
        let mut ys = Vec::new();
        let mut ss = Vec::new();
        for (class, pool) in [(true, &pos), (false, &neg)] {
            for _ in 0..pool.len() {
                ys.push(class);
                ss.push(pool[rng.random_range(0..pool.len())]);
            }
        }
        aucs.push(auc(&ys, &ss));
        briers.push(brier(&ys, &ss));
    }
    aucs.sort_by(f64::total_cmp);
    briers.sort_by(f64::total_cmp);
    let b = stratified_bootstrap(&y, &s, reps, 5, 0.95);
    close("naive.auc.lo", b.auc.0, quantile_type7(&aucs, 0.025), 0.01);
    close("naive.auc.hi", b.auc.1, quantile_type7(&aucs, 0.975), 0.01);
    close(
        "naive.brier.lo",
        b.brier.0,
        quantile_type7(&briers, 0.025),
        0.005,
    );
    close(
        "naive.brier.hi",
        b.brier.1,
        quantile_type7(&briers, 0.975),
        0.005,
    );
}

#[test]
fn bootstrap_is_deterministic_across_thread_counts() {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
    let y: Vec<bool> = (0..5000).map(|_| rng.random_bool(0.3)).collect();
    let s: Vec<f64> = y
        .iter()
        .map(|&l| ((rng.random::<f64>() + if l { 0.4 } else { 0.0 }) * 100.0).round() / 100.0)
        .collect();
    let run = |threads: usize, seed: u64| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            (
                bootstrap_replicates(&y, &s, 500, seed),
                stratified_bootstrap(&y, &s, 500, seed, 0.95),
            )
        })
    };
    let (reps1, ci1) = run(1, 2024);
    let (reps8, ci8) = run(8, 2024);
    let bits = |v: &[(f64, f64)]| -> Vec<(u64, u64)> {
        v.iter().map(|(a, b)| (a.to_bits(), b.to_bits())).collect()
    };
    assert_eq!(reps1.len(), 500);
    assert_eq!(bits(&reps1), bits(&reps8));
    assert_eq!(ci1, ci8);
    // Row order does not matter either (each class is ranked before drawing).
    let (ry, rs): (Vec<bool>, Vec<f64>) = y.iter().zip(&s).rev().map(|(a, b)| (*a, *b)).unzip();
    let reversed = bootstrap_replicates(&ry, &rs, 500, 2024);
    assert_eq!(bits(&reps1), bits(&reversed));
    // And the seed matters.
    let (other, _) = run(8, 2025);
    assert_ne!(bits(&reps1), bits(&other));
}
