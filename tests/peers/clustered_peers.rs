//! Patient-level (clustered) statistics against an independent implementation on real cohorts
//! with several units per patient: mlbench `BreastCancer` (683 complete biopsies, 630 sample
//! ids) and geepack `respiratory` (111 patients × 4 visits). The peer, `tests/peers/clustered.py`,
//! is written from Obuchowski (1997), Rao & Scott (1992) / statsmodels GEE, Korn & Graubard
//! (1998) and Durkalski et al. (2003), with O(M·N) pair loops instead of our ranks; its output is
//! `tests/fixtures/clustered/peer.json` (tests/fixtures/SOURCES.md). Deterministic figures to
//! 1e-9; the patient bootstrap within Monte-Carlo error of the peer's (numpy's generator).

use crate::common;

use common::{assert_close, fixture, json, write_plan};
use provestein::metrics::clustered::{
    Clusters, clustered_discordance, clustered_rates, obuchowski, obuchowski_paired,
};
use provestein::metrics::{cluster_bootstrap, delong, wilson};
use provestein::{Control, Plan};

const TOL: f64 = 1e-9;

struct Cohort {
    patients: Vec<String>,
    labels: Vec<bool>,
    score: Vec<f64>,
    score2: Vec<f64>,
}

fn read(file: &str) -> Cohort {
    let mut r = csv::Reader::from_path(fixture(&format!("clustered/{file}"))).unwrap();
    let headers = r.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (p, l, s, s2) = (col("patient"), col("label"), col("score"), col("score2"));
    let mut c = Cohort {
        patients: Vec::new(),
        labels: Vec::new(),
        score: Vec::new(),
        score2: Vec::new(),
    };
    for row in r.records() {
        let row = row.unwrap();
        c.patients.push(row[p].to_string());
        c.labels.push(&row[l] == "1");
        c.score.push(row[s].parse().unwrap());
        c.score2.push(row[s2].parse().unwrap());
    }
    c
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn pair(what: &str, got: [f64; 2], want: &serde_json::Value, tol: f64) {
    assert_close(&format!("{what} lo"), got[0], f(&want[0]), tol);
    assert_close(&format!("{what} hi"), got[1], f(&want[1]), tol);
}

#[test]
fn auc_proportions_and_tests_match_the_independent_peer() {
    let peer = json("clustered/peer.json");
    for c in peer["cohorts"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let d = read(c["file"].as_str().unwrap());
        let k = Clusters::from_keys(&d.patients);
        assert_eq!(k.units(), c["units"].as_u64().unwrap() as usize, "{name}");
        assert_eq!(k.count, c["patients"].as_u64().unwrap() as usize, "{name}");

        let o = obuchowski(&d.labels, &d.score, &k);
        assert_close(&format!("{name} AUC"), o.auc, f(&c["auc"]), 1e-12);
        assert_close(
            &format!("{name} Obuchowski var"),
            o.variance,
            f(&c["auc_variance"]),
            1e-12,
        );
        let (lo, hi) = o.ci(0.95);
        pair(&format!("{name} AUC CI"), [lo, hi], &c["auc_ci"], TOL);
        let plain = delong(&d.labels, &d.score);
        assert_close(
            &format!("{name} DeLong var (Obuchowski, one unit per patient)"),
            plain.variance,
            f(&c["auc_variance_unclustered"]),
            1e-12,
        );

        let t = f(&c["threshold"]);
        let rates = clustered_rates(&d.labels, &d.score, t, &k, 0.95);
        let p = &c["proportions"];
        for (metric, got) in [
            ("sensitivity", rates.sensitivity),
            ("specificity", rates.specificity),
            ("ppv", rates.ppv),
            ("npv", rates.npv),
            ("accuracy", rates.accuracy),
        ] {
            let want = &p[metric];
            let what = format!("{name} {metric}");
            assert_eq!(got.x, want["x"].as_u64().unwrap(), "{what}");
            assert_eq!(got.n, want["n"].as_u64().unwrap(), "{what}");
            assert_eq!(got.patients, want["patients"].as_u64().unwrap(), "{what}");
            // The peer checked its ratio-estimator variance against statsmodels GEE (robust).
            assert_close(&what, got.variance, f(&want["variance_gee"]), 1e-15);
            assert_close(&what, got.design_effect, f(&want["design_effect"]), 1e-12);
            assert_close(&what, got.n_effective, f(&want["n_effective"]), 1e-9);
            pair(&format!("{what} Wilson"), got.wilson, &want["wilson"], TOL);
            pair(
                &format!("{what} Clopper–Pearson"),
                got.clopper_pearson,
                &want["clopper_pearson"],
                TOL,
            );
            let (wl, wh) = wilson(got.x, got.n, 0.95);
            pair(
                &format!("{what} Wilson (units)"),
                [wl, wh],
                &want["wilson_unclustered"],
                TOL,
            );
        }

        let pd = obuchowski_paired(&d.labels, &d.score, &d.score2, &k, 0.95);
        let w = &c["paired"];
        assert_close(&format!("{name} AUC b"), pd.auc_b, f(&w["auc_b"]), 1e-12);
        assert_close(
            &format!("{name} cov"),
            pd.covariance,
            f(&w["covariance"]),
            1e-12,
        );
        assert_close(&format!("{name} se diff"), pd.se, f(&w["se"]), 1e-12);
        assert_close(&format!("{name} z"), pd.z, f(&w["z"]), 1e-9);
        assert_close(&format!("{name} p"), pd.p_value, f(&w["p_value"]), 1e-9);

        let m = clustered_discordance(&d.labels, &d.score, t, &d.score2, f(&c["threshold2"]), &k);
        for (class, got) in [
            ("sensitivity", m.sensitivity),
            ("specificity", m.specificity),
        ] {
            let want = &c["mcnemar"][class];
            let what = format!("{name} Durkalski {class}");
            assert_eq!(
                (got.b, got.c),
                (want["b"].as_u64().unwrap(), want["c"].as_u64().unwrap()),
                "{what}"
            );
            assert_close(&what, got.statistic, f(&want["statistic"]), 1e-12);
            assert_close(&what, got.p_value, f(&want["p_value"]), 1e-9);
        }
    }
}

/// The patient bootstrap against the peer's (numpy's generator, same strata): the percentile
/// bounds within Monte-Carlo error (4000 replicates each: the difference of two 2.5 % quantiles
/// has sd ≈ 0.06·sd(AUC); we allow 0.3·sd), and the bootstrap sd within 8 %.
#[test]
fn patient_bootstrap_within_monte_carlo_error_of_the_peer() {
    let peer = json("clustered/peer.json");
    for c in peer["cohorts"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let d = read(c["file"].as_str().unwrap());
        let k = Clusters::from_keys(&d.patients);
        let b = &c["bootstrap"];
        let reps = b["replicates"].as_u64().unwrap() as usize;
        let ci = cluster_bootstrap(&d.labels, &d.score, &k, reps, 7, 0.95);
        let values =
            provestein::metrics::cluster_bootstrap_replicates(&d.labels, &d.score, &k, reps, 7);
        let sd = |v: Vec<f64>| {
            let m = v.iter().sum::<f64>() / v.len() as f64;
            (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
        };
        let auc_sd = sd(values.iter().map(|v| v.0).collect());
        let brier_sd = sd(values.iter().map(|v| v.1).collect());
        let (peer_auc_sd, peer_brier_sd) = (f(&b["auc_sd"]), f(&b["brier_sd"]));
        assert!(
            (auc_sd / peer_auc_sd - 1.0).abs() < 0.08,
            "{name}: sd {auc_sd} vs {peer_auc_sd}"
        );
        assert!(
            (brier_sd / peer_brier_sd - 1.0).abs() < 0.08,
            "{name}: sd {brier_sd} vs {peer_brier_sd}"
        );
        pair(
            &format!("{name} bootstrap AUC"),
            [ci.auc.0, ci.auc.1],
            &b["auc"],
            0.3 * peer_auc_sd,
        );
        pair(
            &format!("{name} bootstrap Brier"),
            [ci.brier.0, ci.brier.1],
            &b["brier"],
            0.3 * peer_brier_sd,
        );
        // Same seed, same numbers, whatever rayon does.
        assert_eq!(
            ci,
            cluster_bootstrap(&d.labels, &d.score, &k, reps, 7, 0.95)
        );
    }
}

/// The respiratory cohort: four visits per patient make every interval wider than the
/// independent-units one, and the patient bootstrap wider than the unit bootstrap.
#[test]
fn repeated_visits_widen_every_interval() {
    let d = read("respiratory.csv");
    let k = Clusters::from_keys(&d.patients);
    let o = obuchowski(&d.labels, &d.score, &k);
    let plain = delong(&d.labels, &d.score);
    assert!(o.se > 1.3 * plain.se, "{} vs {}", o.se, plain.se);
    let r = clustered_rates(&d.labels, &d.score, 0.5, &k, 0.95);
    assert!(r.sensitivity.design_effect > 2.0 && r.specificity.design_effect > 2.0);
    let width = |c: (f64, f64)| c.1 - c.0;
    let units = provestein::metrics::stratified_bootstrap(&d.labels, &d.score, 2000, 3, 0.95);
    let patients = cluster_bootstrap(&d.labels, &d.score, &k, 2000, 3, 0.95);
    eprintln!(
        "respiratory bootstrap AUC width: units {:.4} -> patients {:.4}",
        width(units.auc),
        width(patients.auc)
    );
    assert!(width(patients.auc) > 1.2 * width(units.auc));
}

fn respiratory_plan(dir: &std::path::Path, patient: bool) -> Plan {
    let csv = fixture("clustered/respiratory.csv");
    let key = if patient { "patient = \"patient\"" } else { "" };
    let text = format!(
        r#"
[study]
name = "Respiratory visits"
intended_use = "peer comparison of patient-level intervals"
[predictions]
path = "{csv}"
id = "case"
score = "score"
[cohort]
kind = "csv"
path = "{csv}"
id = "case"
label = "label"
positive = "1"
negative = "0"
{key}
subgroups = ["visit", "centre"]
[analysis]
threshold = 0.5
bootstrap = 500
seed = 42
[[compare]]
name = "simpler model"
predictions = {{ path = "{csv}", id = "case", score = "score2" }}
[[acceptance]]
metric = "auc"
bound = "ci_low"
min = 0.6
"#,
        csv = csv.display()
    );
    Plan::load(&write_plan(dir, &text)).unwrap()
}

/// End to end through the engine and the writers: with `patient = "patient"` report.json
/// carries n_patients and the peer's clustered intervals, named by method; predictions.csv has
/// no patient column; without the key the figures are the independent-units ones.
#[test]
fn engine_reports_patient_level_intervals() {
    let peer = json("clustered/peer.json");
    let c = &peer["cohorts"][1];
    assert_eq!(c["name"], "respiratory");
    let dir = tempfile::tempdir().unwrap();
    let eval = provestein::run(&respiratory_plan(dir.path(), true), &Control::silent()).unwrap();
    let out = dir.path().join("out");
    provestein::report::write(
        &eval,
        &out,
        provestein::report::Options::for_plan(&eval.plan),
    )
    .unwrap();
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let o = &report["overall"];
    assert_eq!(o["n"], 444);
    assert_eq!(o["n_patients"], 111);
    let auc = &o["metrics"]["auc"];
    assert_eq!(auc["interval_method"], "obuchowski_1997");
    pair(
        "engine AUC",
        [f(&auc["delong"][0]), f(&auc["delong"][1])],
        &c["auc_ci"],
        TOL,
    );
    assert_eq!(auc["clustering"]["bootstrap_resamples"], "patients");
    pair(
        "engine AUC unclustered",
        [
            f(&auc["clustering"]["unclustered_delong"][0]),
            f(&auc["clustering"]["unclustered_delong"][1]),
        ],
        &c["auc_ci_unclustered"],
        TOL,
    );
    for metric in ["sensitivity", "specificity", "ppv", "npv", "accuracy"] {
        let m = &o["metrics"][metric];
        let want = &c["proportions"][metric];
        assert_eq!(
            m["interval_method"], "cluster_wilson_korn_graubard",
            "{metric}"
        );
        pair(
            metric,
            [f(&m["wilson"][0]), f(&m["wilson"][1])],
            &want["wilson"],
            TOL,
        );
        pair(
            metric,
            [f(&m["clopper_pearson"][0]), f(&m["clopper_pearson"][1])],
            &want["clopper_pearson"],
            TOL,
        );
        assert_close(
            metric,
            f(&m["clustering"]["design_effect"]),
            f(&want["design_effect"]),
            1e-12,
        );
    }
    // Comparison: Obuchowski's paired test and Durkalski's McNemar.
    let cmp = &report["comparisons"][0];
    assert_eq!(cmp["n_patients"], 111);
    assert_close(
        "engine paired se",
        f(&cmp["delong"]["se"]),
        f(&c["paired"]["se"]),
        1e-12,
    );
    assert_close(
        "engine Durkalski",
        f(&cmp["mcnemar_clustered"]["sensitivity"]["statistic"]),
        f(&c["mcnemar"]["sensitivity"]["statistic"]),
        1e-12,
    );
    // Subgroups (visit): patient-level intervals, one unit per patient within a visit here.
    let groups = report["subgroups"].as_array().unwrap();
    assert_eq!(groups.len(), 6);
    assert!(
        groups
            .iter()
            .all(|g| g["metrics"]["auc"]["interval_method"] == "obuchowski_1997")
    );
    // Centres hold all four visits of their patients: per-group patient-level intervals and
    // the tests against the rest (Rao–Scott effective counts; Obuchowski with df by patients).
    assert_eq!(
        groups.iter().filter(|g| g["attribute"] == "centre").count(),
        2
    );
    for g in groups.iter().filter(|g| g["attribute"] == "centre") {
        let value = g["value"].as_str().unwrap();
        let want = &c["subgroups"][value];
        let m = &g["metrics"];
        let what = format!("centre {value}");
        pair(
            &what,
            [f(&m["auc"]["delong"][0]), f(&m["auc"]["delong"][1])],
            &want["auc_ci"],
            TOL,
        );
        for (metric, key) in [
            ("sensitivity", "sensitivity_wilson"),
            ("specificity", "specificity_wilson"),
        ] {
            let w = &m[metric]["wilson"];
            pair(
                &format!("{what} {metric}"),
                [f(&w[0]), f(&w[1])],
                &want[key],
                TOL,
            );
        }
        for metric in ["sensitivity", "specificity", "auc"] {
            let got = &g["disparity"]["vs_rest"][metric]["comparison"];
            let peer = &want["vs_rest"][metric];
            let what = format!("{what} vs rest {metric}");
            assert_close(&what, f(&got["difference"]), f(&peer["difference"]), 1e-12);
            pair(
                &what,
                [f(&got["ci"][0]), f(&got["ci"][1])],
                &peer["ci"],
                TOL,
            );
            assert_close(&what, f(&got["p_value"]), f(&peer["p_value"]), TOL);
        }
    }
    // No patient column or value in predictions.csv.
    let predictions = std::fs::read_to_string(out.join("predictions.csv")).unwrap();
    let header = predictions.lines().next().unwrap();
    assert!(!header.contains("patient"), "{header}");
    assert!(
        !predictions.contains("c1-1,"),
        "a patient key in predictions.csv"
    );

    // Without the key: DeLong and Wilson as before, nothing about patients.
    let dir = tempfile::tempdir().unwrap();
    let plain = provestein::run(&respiratory_plan(dir.path(), false), &Control::silent()).unwrap();
    let po = serde_json::to_value(&plain.binary().unwrap().overall).unwrap();
    assert!(po.get("n_patients").is_none());
    assert!(po["metrics"]["auc"].get("interval_method").is_none());
    pair(
        "engine AUC without key",
        plain.binary().unwrap().overall.metrics.auc.delong,
        &c["auc_ci_unclustered"],
        TOL,
    );
}

/// The imaging demo: 47 images of 20 patients. With `patient = "PatientID"` the PatientID is
/// read in memory and every interval is patient-level; no output carries a PatientID. Without
/// the key, report.json counts patients against units for the warning.
#[test]
fn imaging_demo_patient_id_key() {
    let demo = common::root().join("sample-studies/imaging-demo");
    let text = std::fs::read_to_string(demo.join("plan.toml")).unwrap();
    let without = text.replace("\npatient = \"PatientID\"", "");
    let with = without.replace("[cohort]\n", "[cohort]\npatient = \"PatientID\"\n");
    assert_ne!(with, without);
    let run = |text: &str| {
        let plan = Plan::parse(text, &demo.join("plan.toml"), demo.clone()).unwrap();
        provestein::run(&plan, &Control::silent()).unwrap()
    };
    let clustered = run(&with);
    let plain = run(&without);
    let o = &clustered.binary().unwrap().overall;
    assert_eq!((o.n, o.n_patients), (47, Some(20)));
    assert_eq!(clustered.cohort.repeated_patients, None);
    assert_eq!(plain.binary().unwrap().overall.n_patients, None);
    assert_eq!(
        plain.cohort.repeated_patients,
        Some(provestein::evaluation::RepeatedPatients {
            patients: 20,
            units: 47
        })
    );
    let width = |c: [f64; 2]| c[1] - c[0];
    let (m, p) = (&o.metrics, &plain.binary().unwrap().overall.metrics);
    eprintln!(
        "imaging demo widths (units -> patients): AUC DeLong {:.4} -> Obuchowski {:.4}, bootstrap {:.4} -> {:.4}; sensitivity Wilson {:.4} -> {:.4} (deff {:.3}); specificity Wilson {:.4} -> {:.4} (deff {:.3})",
        width(p.auc.delong),
        width(m.auc.delong),
        width(p.auc.bootstrap),
        width(m.auc.bootstrap),
        width(p.sensitivity.wilson),
        width(m.sensitivity.wilson),
        m.sensitivity.clustering.as_ref().unwrap().design_effect,
        width(p.specificity.wilson),
        width(m.specificity.wilson),
        m.specificity.clustering.as_ref().unwrap().design_effect,
    );
    assert_eq!(
        m.auc.clustering.as_ref().unwrap().unclustered_delong,
        p.auc.delong
    );
    assert_eq!(
        m.sensitivity
            .clustering
            .as_ref()
            .unwrap()
            .unclustered_wilson,
        p.sensitivity.wilson
    );
    // Drift: every image is dated, so the dated cohort's row is the overall figures, and its
    // periods are patient-level subgroups.
    let d = clustered
        .binary()
        .unwrap()
        .drift
        .as_ref()
        .expect("StudyDates");
    assert_eq!(d.overall.n, 47);
    assert_eq!(d.overall.sensitivity.wilson, m.sensitivity.wilson);
    assert_eq!(d.overall.auc.ci, m.auc.delong);
    let pd = plain.binary().unwrap().drift.as_ref().unwrap();
    assert_eq!(pd.overall.sensitivity.wilson, p.sensitivity.wilson);
    // No PatientID (DEMO-01 … DEMO-20) in any text output.
    let dir = tempfile::tempdir().unwrap();
    let options = provestein::report::Options {
        pdf: false,
        ..provestein::report::Options::for_plan(&clustered.plan)
    };
    provestein::report::write(&clustered, dir.path(), options).unwrap();
    for name in ["report.json", "predictions.csv", "report.html"] {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(!text.contains("DEMO-"), "a PatientID in {name}");
    }
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("come from 20 patients"), "cohort text");
}

/// The plan check: a DICOM cohort's patient key is PatientID and nothing else; a CSV patient
/// column may not also be written out as the id or a subgroup; a missing CSV column is named.
#[test]
fn the_patient_key_is_checked() {
    let demo = common::root().join("sample-studies/imaging-demo");
    let text = std::fs::read_to_string(demo.join("plan.toml")).unwrap();
    let wrong = text.replace("patient = \"PatientID\"", "patient = \"PatientName\"");
    let e = Plan::parse(&wrong, &demo.join("plan.toml"), demo.clone()).unwrap_err();
    assert!(e.to_string().contains("patient = \"PatientID\""), "{e}");

    let dir = tempfile::tempdir().unwrap();
    let csv = fixture("clustered/respiratory.csv");
    let plan = |cohort_extra: &str| {
        format!(
            "[study]\nname = \"x\"\nintended_use = \"x\"\n[predictions]\npath = \"{csv}\"\nid = \"case\"\nscore = \"score\"\n[cohort]\nkind = \"csv\"\npath = \"{csv}\"\nid = \"case\"\nlabel = \"label\"\npositive = \"1\"\n{cohort_extra}\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n",
            csv = csv.display()
        )
    };
    for extra in [
        "patient = \"case\"",
        "patient = \"visit\"\nsubgroups = [\"visit\"]",
    ] {
        let e = Plan::parse(
            &plan(extra),
            std::path::Path::new("p.toml"),
            dir.path().into(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("patient column"), "{extra}: {e}");
    }
    let p = Plan::parse(
        &plan("patient = \"patiënt\""),
        std::path::Path::new("p.toml"),
        dir.path().into(),
    )
    .unwrap();
    let e = provestein::run(&p, &Control::silent())
        .unwrap_err()
        .to_string();
    assert!(e.contains("patiënt") && e.contains("patient"), "{e}");

    // A key that groups nothing is an error, not case-level intervals called patient-level.
    let empty = dir.path().join("empty_key.csv");
    let mut text = String::from("case,label,score,patient\n");
    for i in 0..20 {
        text.push_str(&format!("c{i},{},{},\n", i % 2, f64::from(i) / 20.0));
    }
    std::fs::write(&empty, text).unwrap();
    let plan_text = plan("patient = \"patient\"")
        .replace(&csv.display().to_string(), &empty.display().to_string());
    let p = Plan::parse(
        &plan_text,
        std::path::Path::new("p.toml"),
        dir.path().into(),
    )
    .unwrap();
    let e = provestein::run(&p, &Control::silent())
        .unwrap_err()
        .to_string();
    assert!(e.contains("empty for every case"), "{e}");
}

/// One unit per patient (the respiratory cohort's first visits): a patient key changes no
/// figure, bit for bit; only the method names, n_patients and the design effects (1) appear.
#[test]
fn one_unit_per_patient_changes_no_figure() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(fixture("clustered/respiratory.csv")).unwrap();
    let first: String = src
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.split(',').nth(5) == Some("1"))
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    let csv = dir.path().join("first_visits.csv");
    std::fs::write(&csv, first).unwrap();
    let text = |key: &str| {
        format!(
            "[study]\nname = \"x\"\nintended_use = \"x\"\n[predictions]\npath = \"{csv}\"\nid = \"case\"\nscore = \"score\"\n[cohort]\nkind = \"csv\"\npath = \"{csv}\"\nid = \"case\"\nlabel = \"label\"\npositive = \"1\"\nnegative = \"0\"\n{key}\n[analysis]\nbootstrap = 300\n[[compare]]\nname = \"b\"\npredictions = {{ path = \"{csv}\", id = \"case\", score = \"score2\" }}\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n",
            csv = csv.display()
        )
    };
    let run = |key: &str| {
        let p = Plan::parse(
            &text(key),
            std::path::Path::new("p.toml"),
            dir.path().into(),
        )
        .unwrap();
        provestein::run(&p, &Control::silent()).unwrap()
    };
    let (with, without) = (run("patient = \"patient\""), run(""));
    assert_eq!(with.binary().unwrap().overall.n, 111);
    assert_eq!(with.binary().unwrap().overall.n_patients, Some(111));
    let (a, b) = (
        &with.binary().unwrap().overall.metrics,
        &without.binary().unwrap().overall.metrics,
    );
    assert_eq!(
        (a.auc.se, a.auc.delong, a.auc.bootstrap),
        (b.auc.se, b.auc.delong, b.auc.bootstrap)
    );
    assert_eq!(a.brier.bootstrap, b.brier.bootstrap);
    for (p, q) in [
        (&a.sensitivity, &b.sensitivity),
        (&a.specificity, &b.specificity),
        (&a.ppv, &b.ppv),
        (&a.npv, &b.npv),
        (&a.accuracy, &b.accuracy),
    ] {
        assert_eq!((p.wilson, p.clopper_pearson), (q.wilson, q.clopper_pearson));
        assert_eq!(p.clustering.as_ref().unwrap().design_effect, 1.0);
    }
    assert_eq!(
        with.binary().unwrap().comparisons[0].delong,
        without.binary().unwrap().comparisons[0].delong
    );
}

/// `provestein check` reads no data, so for a DICOM plan without a key it can only suggest one.
#[test]
fn check_suggests_the_patient_key_for_dicom_plans() {
    let check = |plan: &std::path::Path| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_provestein"))
            .arg("check")
            .arg(plan)
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8(o.stdout).unwrap()
    };
    let without = check(&fixture("dicom-cohort/plan.toml"));
    assert!(without.contains("patient = \"PatientID\""), "{without}");
    let with = check(&common::root().join("sample-studies/imaging-demo/plan.toml"));
    assert!(!with.contains("hint"), "{with}");
}
