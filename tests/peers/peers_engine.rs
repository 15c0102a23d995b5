//! The engine, run end to end from a plan, against pROC 1.18 / statsmodels / scikit-learn values
//! on real data (tests/fixtures/SOURCES.md). Deterministic figures to 1e-9; bootstrap within
//! Monte-Carlo error of pROC's (different random number generators).

use crate::common;

use common::{assert_close, fixture, json, write_plan};
use provestein::{Control, Plan, Verdict};

const TOL: f64 = 1e-9;

/// aSAH, s100b as the vendor's score, outcome Poor as positive: pROC's own example.
fn asah_plan(dir: &std::path::Path, threshold: f64, confidence: f64) -> Plan {
    let csv = fixture("asah/asah_predictions.csv");
    let text = format!(
        r#"
[study]
name = "aSAH s100b"
intended_use = "peer comparison with pROC"
[predictions]
path = "{csv}"
id = "patient_index"
score = "s100b"
[cohort]
kind = "csv"
path = "{csv}"
id = "patient_index"
label = "outcome"
positive = "Poor"
subgroups = ["gender", "age_group"]
[analysis]
threshold = {threshold}
confidence = {confidence}
bootstrap = 2000
seed = 42
[[acceptance]]
metric = "auc"
bound = "ci_low"
min = 0.6
"#,
        csv = csv.display()
    );
    Plan::load(&write_plan(dir, &text)).unwrap()
}

#[test]
fn asah_s100b_matches_proc_and_statsmodels() {
    let dir = tempfile::tempdir().unwrap();
    let eval = provestein::run(&asah_plan(dir.path(), 0.205, 0.95), &Control::silent()).unwrap();
    let proc = json("asah/asah_proc_reference.json");
    let s = &proc["markers"]["s100b"];
    let o = &eval.binary().unwrap().overall;
    assert_eq!((o.n, o.n_positive, o.n_negative), (113, 41, 72));
    assert_eq!(eval.cohort.negative_label, "Good", "inferred from the data");

    let auc = &o.metrics.auc;
    assert_close("AUC", auc.estimate, s["auc"].as_f64().unwrap(), TOL);
    assert_close("AUC", auc.estimate, 0.731368563685637, TOL);
    assert_close(
        "DeLong var",
        auc.se * auc.se,
        s["var_delong"].as_f64().unwrap(),
        TOL,
    );
    let ci = &s["ci_auc_delong_95"];
    assert_close("DeLong lo", auc.delong[0], 0.630118211761623, TOL);
    assert_close("DeLong hi", auc.delong[1], 0.832618915609651, TOL);
    assert_close(
        "DeLong lo",
        auc.delong[0],
        ci["lower"].as_f64().unwrap(),
        TOL,
    );

    // Bootstrap: same method as pROC (stratified, 2000, percentile), another RNG.
    let boot = &s["ci_auc_bootstrap_stratified_2000_seed42"];
    assert_close(
        "bootstrap lo vs pROC",
        auc.bootstrap[0],
        boot["lower"].as_f64().unwrap(),
        0.01,
    );
    assert_close(
        "bootstrap hi vs pROC",
        auc.bootstrap[1],
        boot["upper"].as_f64().unwrap(),
        0.01,
    );

    // Confusion matrix at pROC's best threshold 0.205 (score >= threshold is positive).
    let c = o.confusion;
    assert_eq!((c.tp, c.fp, c.tn, c.fn_), (26, 14, 58, 15));
    let best = &s["coords_best_youden"];
    assert_eq!(best["tp"].as_u64(), Some(26));

    // Wilson and Clopper–Pearson, statsmodels proportion_confint.
    let at = &json("asah/ref_py_s100b.json")["at_threshold"];
    let m = &o.metrics;
    for (name, got) in [
        ("sensitivity", &m.sensitivity),
        ("specificity", &m.specificity),
        ("ppv", &m.ppv),
        ("npv", &m.npv),
        ("accuracy", &m.accuracy),
    ] {
        let want = &at[name];
        assert_eq!(got.x, want["x"].as_u64().unwrap(), "{name} x");
        assert_eq!(got.n, want["n"].as_u64().unwrap(), "{name} n");
        assert_close(name, got.estimate, want["value"].as_f64().unwrap(), TOL);
        for i in 0..2 {
            assert_close(
                &format!("{name} wilson[{i}]"),
                got.wilson[i],
                want["wilson95"][i].as_f64().unwrap(),
                TOL,
            );
            assert_close(
                &format!("{name} clopper_pearson[{i}]"),
                got.clopper_pearson[i],
                want["clopper_pearson95"][i].as_f64().unwrap(),
                TOL,
            );
        }
    }
    assert_eq!(eval.acceptance.verdict, Verdict::Pass);
    assert_eq!(
        eval.binary().unwrap().cases[0].subgroups[..],
        ["Female", "40-59"]
    );
}

#[test]
fn asah_delong_at_90_percent_matches_proc() {
    let dir = tempfile::tempdir().unwrap();
    let eval = provestein::run(&asah_plan(dir.path(), 0.5, 0.90), &Control::silent()).unwrap();
    let ci = &json("asah/asah_proc_reference.json")["markers"]["s100b"]["ci_auc_delong_90"];
    let auc = &eval.binary().unwrap().overall.metrics.auc;
    assert_close(
        "DeLong 90 lo",
        auc.delong[0],
        ci["lower"].as_f64().unwrap(),
        TOL,
    );
    assert_close(
        "DeLong 90 hi",
        auc.delong[1],
        ci["upper"].as_f64().unwrap(),
        TOL,
    );
}

#[test]
fn asah_roc_curve_matches_proc_coords() {
    let dir = tempfile::tempdir().unwrap();
    let eval = provestein::run(&asah_plan(dir.path(), 0.205, 0.95), &Control::silent()).unwrap();
    // pROC's thresholds are midpoints between distinct scores (and ±Inf); the (se, sp) sequence
    // is the same as ours, which uses the observed scores with score >= threshold.
    let text = std::fs::read_to_string(fixture("asah/proc_coords_all_s100b.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap()
        .split(',')
        .map(|h| h.trim_matches('"'))
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (se, sp, tp, fp) = (col("sensitivity"), col("specificity"), col("tp"), col("fp"));
    let mut theirs: Vec<(u64, u64, f64, f64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let n = |i: usize| f[i].parse::<f64>().unwrap();
            (n(tp) as u64, n(fp) as u64, n(se), n(sp))
        })
        .collect();
    let mut ours: Vec<(u64, u64, f64, f64)> = eval
        .binary()
        .unwrap()
        .overall
        .roc
        .iter()
        .map(|p| (p.tp, p.fp, p.sensitivity, p.specificity))
        .collect();
    theirs.sort_by_key(|a| (a.0, a.1));
    ours.sort_by_key(|a| (a.0, a.1));
    assert_eq!(ours.len(), theirs.len(), "one point per distinct threshold");
    for (o, t) in ours.iter().zip(&theirs) {
        assert_eq!((o.0, o.1), (t.0, t.1));
        assert_close("se", o.2, t.2, TOL);
        assert_close("sp", o.3, t.3, TOL);
    }
}

#[test]
fn asah_logistic_model_brier_matches_sklearn() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = asah_plan(dir.path(), 0.5, 0.95);
    plan.predictions.as_mut().unwrap().score = "score_onnx".into();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    let cal = &json("asah/ref_py_score_onnx.json")["calibration"];
    // The fixture stores scores to 9 decimals, so agreement is to about 1e-9.
    assert_close(
        "Brier",
        eval.binary().unwrap().overall.metrics.brier.estimate,
        cal["brier"].as_f64().unwrap(),
        1e-8,
    );
}

#[test]
fn asah_subgroups_through_the_engine_match_fairlearn_and_proc() {
    let dir = tempfile::tempdir().unwrap();
    let eval = provestein::run(&asah_plan(dir.path(), 0.205, 0.95), &Control::silent()).unwrap();
    let gender = eval
        .binary()
        .unwrap()
        .subgroups
        .iter()
        .find(|a| a.attribute == "gender")
        .unwrap();
    let want = &json("asah/ref_py_s100b.json")["subgroups"]["gender"];
    let f = &gender.fairness.fairlearn_compatible;
    let dpd = want["demographic_parity_difference"].as_f64().unwrap();
    assert_close("DPD", f.demographic_parity_difference, dpd, TOL);
    let eod = want["equalized_odds_difference"].as_f64().unwrap();
    assert_close("EOD", f.equalized_odds_difference, eod, TOL);
    let female = gender.groups.iter().find(|g| g.group == "Female").unwrap();
    assert_eq!(female.n, 71);
    assert_close("Female AUC", female.auc.auc, 0.72, TOL);
    assert_close("Female DeLong lo", female.auc.ci[0], 0.569953, 1e-6); // pROC, printed to 6 places
    assert_eq!(female.status, provestein::metrics::Status::Ok);

    // "<40" has 26 patients and 5 positives: below min_group_n = 30, so insufficient data,
    // never tested and never flagged, whatever its figures.
    let age = eval
        .binary()
        .unwrap()
        .subgroups
        .iter()
        .find(|a| a.attribute == "age_group")
        .unwrap();
    let young = age.groups.iter().find(|g| g.group == "<40").unwrap();
    assert_eq!((young.n, young.n_positive), (26, 5));
    assert_eq!(young.status, provestein::metrics::Status::Insufficient);
    assert!(young.vs_rest.sensitivity.is_none() && young.vs_rest.auc.is_none());
    assert!(
        age.fairness
            .insufficient_groups
            .contains(&"<40".to_string())
    );
}

#[test]
fn intersections_are_analysed_when_the_plan_asks() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = asah_plan(dir.path(), 0.205, 0.95);
    plan.analysis.intersections = vec![vec!["gender".into(), "age_group".into()]];
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    let both = eval
        .binary()
        .unwrap()
        .subgroups
        .iter()
        .find(|a| a.attribute == "gender × age_group")
        .unwrap();
    assert_eq!(both.groups.len(), 6);
    assert_eq!(both.groups.iter().map(|g| g.n).sum::<u64>(), 113);
}

#[test]
fn a_worst_subgroup_criterion_never_judges_a_group_below_the_guardrails() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = asah_plan(dir.path(), 0.205, 0.95);
    let worst = |min: f64| provestein::plan::Criterion {
        metric: provestein::plan::Metric::Sensitivity,
        bound: provestein::plan::Bound::CiLow,
        min: Some(min),
        max: None,
        interval: None,
        subgroup: Some("worst".into()),
        structure: None,
        statistic: None,
        figure: None,
        tolerance: None,
        fp_rate: None,
        finding: None,
    };
    plan.acceptance = vec![worst(0.2)];
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    let r = &eval.acceptance.criteria[0];
    // "<40" (26 patients, 5 positives) has the lowest sensitivity bound but too few cases.
    let judged = r.subgroup.as_deref().unwrap();
    assert!(!judged.contains("<40"), "{judged}");
    let lowest_ok = eval
        .binary()
        .unwrap()
        .subgroups
        .iter()
        .flat_map(|a| &a.groups)
        .filter(|g| g.gates.sensitivity == provestein::metrics::Status::Ok)
        .map(|g| g.tpr.wilson[0])
        .fold(f64::INFINITY, f64::min);
    assert_eq!(r.judged, Some(lowest_ok));

    // With guardrails no group meets, the criterion is inconclusive, never a pass.
    plan.analysis.min_group_n = 500;
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    let r = &eval.acceptance.criteria[0];
    assert_eq!(r.verdict, Verdict::Inconclusive);
    assert!(
        r.explanation.contains("no subgroup has enough data"),
        "{}",
        r.explanation
    );
}

#[test]
fn calibration_slope_can_be_an_acceptance_criterion() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = asah_plan(dir.path(), 0.5, 0.95);
    plan.predictions.as_mut().unwrap().score = "score_onnx".into();
    let text = plan.to_toml().replace(
        "[[acceptance]]",
        "[[acceptance]]\nmetric = \"calibration_slope\"\nbound = \"ci_low\"\nmin = 0.5\n\n[[acceptance]]",
    );
    let plan = Plan::parse(&text, std::path::Path::new("plan.toml"), dir.path().into()).unwrap();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    let r = &eval.acceptance.criteria[0];
    // The logistic model was fitted on these patients: in-sample slope 1 (reference README).
    assert_close("slope", r.estimate.unwrap(), 1.0, 1e-6);
    assert_eq!(r.interval, provestein::plan::IntervalKind::Wald);
    assert_eq!(r.verdict, Verdict::Pass);

    // s100b is not a probability (values above 1): calibration cannot be judged.
    let text = text.replace("score = \"score_onnx\"", "score = \"s100b\"");
    let plan = Plan::parse(&text, std::path::Path::new("plan.toml"), dir.path().into()).unwrap();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    assert!(eval.binary().unwrap().overall.calibration.is_none());
    assert_eq!(eval.acceptance.criteria[0].verdict, Verdict::Inconclusive);
}

#[test]
fn a_compare_source_gets_procs_paired_delong_test() {
    let dir = tempfile::tempdir().unwrap();
    let csv = fixture("asah/asah_predictions.csv");
    let text = asah_plan(dir.path(), 0.205, 0.95).to_toml()
        + &format!(
            "\n[[compare]]\nname = \"ndka\"\npredictions = {{ path = \"{}\", id = \"patient_index\", score = \"ndka\" }}\nthreshold = 10.0\n",
            csv.display()
        );
    let plan = Plan::parse(&text, std::path::Path::new("plan.toml"), dir.path().into()).unwrap();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    let c = &eval.binary().unwrap().comparisons[0];
    assert_eq!((c.name.as_str(), c.n, c.missing), ("ndka", 113, 0));
    // pROC roc.test(s100b, ndka), paired DeLong.
    assert_close("Z", c.delong.z, 1.39077002573558, TOL);
    assert_close("p", c.delong.p_value, 0.164295175223054, TOL);
    assert_close("CI lo", c.delong.ci[0], -0.04887061, 1e-8); // pROC prints 8 decimals
    assert_close("CI hi", c.delong.ci[1], 0.28769174, 1e-8);
    let sens = &c.mcnemar.sensitivity;
    assert_eq!(sens.total(), 41, "positives");
}
