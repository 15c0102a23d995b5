//! Cohort figures of a structure (`segmentation::summary`) against independent peers:
//! numpy (mean, median, sd, min, max), an independent numpy patient bootstrap, statsmodels'
//! Wilson and Clopper–Pearson intervals and the clustered-proportion peer of
//! tests/peers/clustered.py, on 56 per-case Dice and HD95 values (14 patients × 4 cases) that
//! MONAI 1.6 computed from the real contours of ../shared/fixtures/real-ct-contours.
//! tests/fixtures/segmentation/summary_peers.json, made by scripts/peers_segmentation_summary.py,
//! says how.
//!
//! Deterministic figures match to 1e-9. The bootstrap intervals come from another generator,
//! so they match within the Monte-Carlo tolerance the peer derived from its own 20 000
//! replicates: for each endpoint, the largest distance between the estimate and the order
//! statistics ±4 binomial standard deviations of rank away, times √2 (both sides are
//! Monte-Carlo estimates with the same number of replicates).

use std::path::PathBuf;

use provestein_stats::clustered::Clusters;
use provestein_stats::segmentation::summary::{Direction, detection, share_within, summarize};
use serde_json::Value;

const EXACT: f64 = 1e-9;

fn fixture() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/segmentation/summary_peers.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn pair(v: &Value) -> [f64; 2] {
    [f(&v[0]), f(&v[1])]
}

fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, peer {want} (tolerance {tol})"
    );
}

fn close_pair(what: &str, got: [f64; 2], want: [f64; 2], tol: [f64; 2]) {
    close(&format!("{what}[0]"), got[0], want[0], tol[0]);
    close(&format!("{what}[1]"), got[1], want[1], tol[1]);
}

struct Cases {
    patients: Vec<String>,
    names: Vec<String>,
    dice: Vec<f64>,
    hd95: Vec<f64>,
}

fn cases(peer: &Value) -> Cases {
    let rows = peer["cases"].as_array().unwrap();
    let text = |k: &str| -> Vec<String> {
        rows.iter()
            .map(|r| r[k].as_str().unwrap().to_string())
            .collect()
    };
    let num = |k: &str| -> Vec<f64> { rows.iter().map(|r| f(&r[k])).collect() };
    Cases {
        patients: text("patient"),
        names: text("case"),
        dice: num("dice"),
        hd95: num("hd95"),
    }
}

#[test]
fn mean_median_and_patient_bootstrap_match_numpy() {
    let peer = fixture();
    let c = cases(&peer);
    assert_eq!(c.dice.len(), 56);
    let clustered = Clusters::from_keys(&c.patients);
    let singletons = Clusters::from_keys(&c.names);
    assert_eq!((clustered.count, singletons.count), (14, 56));
    for (figure, values) in [("dice", &c.dice), ("hd95", &c.hd95)] {
        let want = &peer["figures"][figure];
        for (label, clusters) in [("clustered", &clustered), ("unclustered", &singletons)] {
            let boot = &want[label];
            let replicates = boot["replicates"].as_u64().unwrap() as usize;
            let got = summarize(values, clusters, replicates, 20261202, 0.95);
            let what = format!("{figure} {label}");
            assert_eq!(got.n, 56, "{what}");
            assert_eq!(got.patients, clusters.count, "{what}");
            for (name, v) in [
                ("mean", got.mean),
                ("median", got.median),
                ("sd", got.sd),
                ("min", got.min),
                ("max", got.max),
            ] {
                close(&format!("{what} {name}"), v, f(&want[name]), EXACT);
            }
            eprintln!(
                "{what}: mean_ci {:?} vs numpy {}, median_ci {:?} vs numpy {}",
                got.mean_ci, boot["mean_ci"], got.median_ci, boot["median_ci"]
            );
            close_pair(
                &format!("{what} mean_ci"),
                got.mean_ci,
                pair(&boot["mean_ci"]),
                pair(&boot["mean_ci_tolerance"]).map(|t| t.max(EXACT)),
            );
            close_pair(
                &format!("{what} median_ci"),
                got.median_ci,
                pair(&boot["median_ci"]),
                pair(&boot["median_ci_tolerance"]).map(|t| t.max(EXACT)),
            );
        }
        if figure != "dice" {
            // HD95 varies as much within a patient (the four predictions) as between them.
            continue;
        }
        // Dice: four correlated cases per patient (a cord is hard, a body easy), so the patient
        // bootstrap's interval of the mean is wider than the one that takes a case for a patient.
        let width = |ci: &Value| f(&ci[1]) - f(&ci[0]);
        assert!(
            width(&want["clustered"]["mean_ci"]) > width(&want["unclustered"]["mean_ci"]),
            "{figure}: the peer's clustered interval is the wider"
        );
        let a = summarize(values, &clustered, 20000, 1, 0.95);
        let b = summarize(values, &singletons, 20000, 1, 0.95);
        assert!(
            a.mean_ci[1] - a.mean_ci[0] > b.mean_ci[1] - b.mean_ci[0],
            "{figure}"
        );
    }
}

#[test]
fn nan_values_are_left_out_of_every_figure() {
    let peer = fixture();
    let c = cases(&peer);
    let mut values = c.hd95.clone();
    let mut keys = c.patients.clone();
    values.extend([f64::NAN, f64::NAN]);
    keys.extend([
        "janct_liver_0".to_string(),
        "a patient with no figure".to_string(),
    ]);
    let got = summarize(&values, &Clusters::from_keys(&keys), 2000, 3, 0.95);
    let clean = summarize(&c.hd95, &Clusters::from_keys(&c.patients), 2000, 3, 0.95);
    assert_eq!((got.n, got.patients), (56, 14));
    assert_eq!(got, clean, "a NaN changes no figure, no draw");
    close("mean", got.mean, f(&peer["figures"]["hd95"]["mean"]), EXACT);
}

fn check_share(what: &str, got: &provestein_stats::clustered::ClusteredProportion, want: &Value) {
    let cl = &want["clustered"];
    assert_eq!(got.x, cl["x"].as_u64().unwrap(), "{what}");
    assert_eq!(got.n, cl["n"].as_u64().unwrap(), "{what}");
    assert_eq!(got.patients, cl["patients"].as_u64().unwrap(), "{what}");
    for (name, v) in [
        ("estimate", got.estimate),
        ("variance", got.variance),
        ("variance_gee", got.variance),
        ("design_effect", got.design_effect),
        ("n_effective", got.n_effective),
    ] {
        close(&format!("{what} {name}"), v, f(&cl[name]), EXACT);
    }
    close_pair(
        &format!("{what} wilson"),
        got.wilson,
        pair(&cl["wilson"]),
        [EXACT; 2],
    );
    close_pair(
        &format!("{what} clopper_pearson"),
        got.clopper_pearson,
        pair(&cl["clopper_pearson"]),
        [1e-7; 2],
    );
}

#[test]
fn shares_within_a_tolerance_match_statsmodels_and_the_clustered_peer() {
    let peer = fixture();
    let c = cases(&peer);
    let clustered = Clusters::from_keys(&c.patients);
    let singletons = Clusters::from_keys(&c.names);
    let w = &peer["share_within"];
    let dice = share_within("dice", &c.dice, 0.9, Direction::AtLeast, &clustered, 0.95);
    check_share("dice ≥ 0.9", &dice.proportion, &w["dice_at_least_0_9"]);
    assert!(dice.proportion.design_effect > 2.0);
    let hd95 = share_within("hd95", &c.hd95, 2.0, Direction::AtMost, &clustered, 0.95);
    check_share("hd95 ≤ 2", &hd95.proportion, &w["hd95_at_most_2"]);

    // One case per patient: Wilson and Clopper–Pearson as statsmodels computes them.
    let flat = share_within("hd95", &c.hd95, 2.0, Direction::AtMost, &singletons, 0.95);
    let want = &w["hd95_at_most_2_singletons"];
    check_share("hd95 ≤ 2, one case a patient", &flat.proportion, want);
    close_pair(
        "statsmodels wilson",
        flat.proportion.wilson,
        pair(&want["wilson_statsmodels"]),
        [EXACT; 2],
    );
    close_pair(
        "statsmodels beta",
        flat.proportion.clopper_pearson,
        pair(&want["clopper_pearson_statsmodels"]),
        [1e-7; 2],
    );
    assert_eq!(flat.proportion.design_effect, 1.0);
}

#[test]
fn detection_table_matches_the_peer() {
    let peer = fixture();
    let c = cases(&peer);
    let d = &peer["detection"];
    let present: Vec<(bool, bool)> = d["present"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_bool().unwrap(), p[1].as_bool().unwrap()))
        .collect();
    let got = detection(&present, &Clusters::from_keys(&c.patients), 0.95);
    let want = &d["result"];
    for (name, v) in [
        ("found", got.found),
        ("missed", got.missed),
        ("false_alarm", got.false_alarm),
        ("both_empty", got.both_empty),
    ] {
        assert_eq!(v, want[name].as_u64().unwrap(), "{name}");
    }
    for (name, p) in [
        ("sensitivity", &got.sensitivity),
        ("specificity", &got.specificity),
    ] {
        let w = &want[name];
        assert_eq!(
            (p.x, p.n),
            (w["x"].as_u64().unwrap(), w["n"].as_u64().unwrap())
        );
        close(name, p.design_effect, f(&w["design_effect"]), EXACT);
        close_pair(name, p.wilson, pair(&w["clustered_wilson"]), [EXACT; 2]);
        close_pair(
            name,
            p.clopper_pearson,
            pair(&w["clustered_clopper_pearson"]),
            [1e-7; 2],
        );
        // Unclustered, as statsmodels: the same counts with one case a patient.
        let flat = detection(&present, &Clusters::singletons(present.len()), 0.95);
        let flat = if name == "sensitivity" {
            flat.sensitivity
        } else {
            flat.specificity
        };
        close_pair(
            name,
            flat.wilson,
            pair(&w["wilson_statsmodels"]),
            [EXACT; 2],
        );
    }
}
