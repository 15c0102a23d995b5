//! Multi-class and multi-label figures (`multiclass`) against independent peers on real data:
//! pROC 1.18 `multiclass.roc` (Hand & Till), scikit-learn `cohen_kappa_score` (unweighted,
//! linear, quadratic) and `roc_auc_score(average = "macro" | "micro")`, and an independent numpy
//! patient bootstrap.
//!
//! Data (crates/stats/tests/fixtures/multiclass/, made by scripts/peers_multiclass.py and
//! scripts/peers_multiclass.R, which say how): the class probabilities of a deterministic
//! logistic regression on scikit-learn's bundled wine (3 classes, 89 test units) and digits
//! (10 classes, 898 test units) data (BSD-3), in wine_scores.csv / digits_scores.csv; pROC's
//! aSAH data (GPL-3) for an ordinal kappa: WFNS grade against the 6-month Glasgow outcome, both
//! on one 5-level scale (0 best: wfns − 1, 5 − gos6). peers.json holds the peers' values.
//!
//! Deterministic figures match to 1e-9. The bootstrap intervals come from another generator,
//! so they match within the Monte-Carlo tolerance the peer derived from its own 10 000
//! replicates (per endpoint: the larger distance between the estimate and the order statistics
//! ±4 binomial standard deviations of rank away, times √2).

use std::path::PathBuf;

use provestein_stats::clustered::Clusters;
use provestein_stats::multiclass::{
    Weights, confusion, finding_aucs, hand_till_auc, kappa, macro_micro_auc, macro_micro_bootstrap,
    multiclass,
};
use serde_json::Value;

const EXACT: f64 = 1e-9;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multiclass")
}

fn peers() -> Value {
    let path = fixtures().join("peers.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn classes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_u64().unwrap() as usize)
        .collect()
}

fn close(what: &str, got: f64, want: f64, tol: f64) {
    eprintln!("{what}: |diff| {:e}", (got - want).abs());
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, peer {want} (tolerance {tol})"
    );
}

/// A scored data set: each test unit's class and its k class probabilities (row-major).
struct Scored {
    truth: Vec<usize>,
    scores: Vec<f64>,
    k: usize,
}

impl Scored {
    fn read(name: &str) -> Scored {
        let path = fixtures().join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let mut lines = text.lines();
        let k = lines.next().unwrap().split(',').count() - 1;
        let (mut truth, mut scores) = (Vec::new(), Vec::new());
        for line in lines {
            let mut cells = line.split(',');
            truth.push(cells.next().unwrap().parse().unwrap());
            scores.extend(cells.map(|c| c.parse::<f64>().unwrap()));
        }
        assert_eq!(scores.len(), truth.len() * k);
        Scored { truth, scores, k }
    }

    fn argmax(&self) -> Vec<usize> {
        self.scores
            .chunks(self.k)
            .map(|s| (0..self.k).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap())
            .collect()
    }

    /// One-vs-rest findings: finding c is "the unit is of class c", scored by column c.
    fn findings(&self, units: &[usize]) -> (Vec<Vec<bool>>, Vec<Vec<f64>>) {
        let labels = (0..self.k)
            .map(|c| units.iter().map(|&u| self.truth[u] == c).collect())
            .collect();
        let scores = (0..self.k)
            .map(|c| units.iter().map(|&u| self.scores[u * self.k + c]).collect())
            .collect();
        (labels, scores)
    }
}

fn check_kappas(what: &str, truth: &[usize], predicted: &[usize], k: usize, peer: &Value) {
    for (name, w) in [
        ("none", Weights::None),
        ("linear", Weights::Linear),
        ("quadratic", Weights::Quadratic),
    ] {
        close(
            &format!("{what} kappa {name}"),
            kappa(truth, predicted, k, w),
            f(&peer[name]),
            EXACT,
        );
    }
}

fn confusion_of(peer: &Value) -> Vec<Vec<u64>> {
    peer.as_array()
        .unwrap()
        .iter()
        .map(|r| classes(r).into_iter().map(|c| c as u64).collect())
        .collect()
}

#[test]
fn hand_till_matches_proc_multiclass_roc_on_wine_and_digits() {
    let p = peers();
    for name in ["wine", "digits"] {
        let d = Scored::read(&format!("{name}_scores.csv"));
        let peer = &p[name];
        assert_eq!(d.k, peer["k"].as_u64().unwrap() as usize);
        let m = hand_till_auc(&d.truth, &d.scores, d.k);
        close(
            &format!("{name} pROC"),
            m,
            f(&peer["hand_till_proc"]),
            EXACT,
        );
        close(
            &format!("{name} sklearn ovo"),
            m,
            f(&peer["hand_till_sklearn_ovo"]),
            EXACT,
        );
        assert!(m > 0.8 && m < 0.99, "{name}: an informative case, {m}");
    }
}

#[test]
fn kappas_and_confusion_match_scikit_learn_on_wine_and_digits() {
    let p = peers();
    for name in ["wine", "digits"] {
        let d = Scored::read(&format!("{name}_scores.csv"));
        let peer = &p[name];
        let predicted = d.argmax();
        assert_eq!(predicted, classes(&peer["predicted"]), "{name} argmax");
        check_kappas(name, &d.truth, &predicted, d.k, &peer["kappa"]);
        assert_eq!(
            confusion(&d.truth, &predicted, d.k),
            confusion_of(&peer["confusion"])
        );
    }
}

/// Ordinal agreement on real patients; class 3 (gos6 = 2) never occurs in the truth.
#[test]
fn kappas_match_scikit_learn_on_asah_wfns_against_gos6() {
    let p = peers();
    let a = &p["asah"];
    let (truth, predicted) = (classes(&a["truth"]), classes(&a["predicted"]));
    assert_eq!(truth.len(), 113);
    assert!(!truth.contains(&3));
    check_kappas("aSAH", &truth, &predicted, 5, &a["kappa"]);
    let c = confusion(&truth, &predicted, 5);
    assert_eq!(c, confusion_of(&a["confusion"]));
    assert_eq!(c[3], vec![0; 5]);
}

#[test]
fn macro_and_micro_auc_match_scikit_learn() {
    let p = peers();
    for name in ["wine", "digits"] {
        let d = Scored::read(&format!("{name}_scores.csv"));
        let all: Vec<usize> = (0..d.truth.len()).collect();
        let (labels, scores) = d.findings(&all);
        let (ma, mi) = macro_micro_auc(&labels, &scores);
        close(
            &format!("{name} macro"),
            ma,
            f(&p[name]["macro_auc"]),
            EXACT,
        );
        close(
            &format!("{name} micro"),
            mi,
            f(&p[name]["micro_auc"]),
            EXACT,
        );
    }
    // Finding "9" without a positive: left out of the macro mean (scikit-learn raises; the peer
    // is its macro over the other 9), kept in the micro AUC.
    let d = Scored::read("digits_scores.csv");
    let without_9: Vec<usize> = (0..d.truth.len()).filter(|&u| d.truth[u] != 9).collect();
    let peer = &p["digits_without_9"];
    assert_eq!(without_9.len(), peer["units"].as_u64().unwrap() as usize);
    let (labels, scores) = d.findings(&without_9);
    let per = finding_aucs(&labels, &scores);
    assert!(per[9].is_nan() && per[..9].iter().all(|a| !a.is_nan()));
    let (ma, mi) = macro_micro_auc(&labels, &scores);
    close("digits without 9 macro", ma, f(&peer["macro_auc"]), EXACT);
    close("digits without 9 micro", mi, f(&peer["micro_auc"]), EXACT);
}

#[test]
fn patient_bootstrap_intervals_match_an_independent_numpy_bootstrap() {
    let p = peers();
    let peer = &p["wine_bootstrap"];
    let replicates = peer["replicates"].as_u64().unwrap() as usize;
    let confidence = f(&peer["confidence"]);
    let d = Scored::read("wine_scores.csv");
    let keys: Vec<String> = (0..d.truth.len()).map(|u| (u / 2).to_string()).collect();
    let clusters = Clusters::from_keys(&keys);
    assert_eq!(clusters.count, peer["patients"].as_u64().unwrap() as usize);
    let within = |what: &str, got: [f64; 2], name: &str| {
        let want = &peer[name];
        assert_eq!(want["kept"].as_u64().unwrap() as usize, replicates);
        for side in 0..2 {
            close(
                &format!("{what}[{side}]"),
                got[side],
                f(&want["ci"][side]),
                f(&want["tolerance"][side]) + 1e-12,
            );
        }
    };
    let m = multiclass(
        &d.truth,
        &d.argmax(),
        &d.scores,
        d.k,
        &clusters,
        replicates,
        17,
        confidence,
    );
    assert_eq!(
        (
            m.skipped.hand_till_auc,
            m.skipped.kappa,
            m.skipped.weighted_kappa
        ),
        (0, 0, 0)
    );
    for (name, e) in [
        ("hand_till_auc", m.hand_till_auc),
        ("kappa", m.kappa),
        ("weighted_kappa", m.weighted_kappa),
    ] {
        within(name, [e.ci_low, e.ci_high], name);
    }
    let all: Vec<usize> = (0..d.truth.len()).collect();
    let (labels, scores) = d.findings(&all);
    let mm = macro_micro_bootstrap(&labels, &scores, &clusters, replicates, 17, confidence);
    assert_eq!((mm.skipped_macro, mm.skipped_micro), (0, 0));
    within(
        "macro_auc",
        [mm.macro_auc.ci_low, mm.macro_auc.ci_high],
        "macro_auc",
    );
    within(
        "micro_auc",
        [mm.micro_auc.ci_low, mm.micro_auc.ci_high],
        "micro_auc",
    );
}

/// Real patients, one unit each: the aSAH kappas and Hand & Till (scores: the one-hot WFNS
/// grade) with their patient-bootstrap intervals; the replicates in which a class of the truth
/// went missing (gos6 = 4 has 6 patients) are skipped and counted on both sides, and their
/// numbers agree within 4 binomial standard deviations of the difference.
#[test]
fn asah_bootstrap_matches_numpy_and_counts_the_replicates_missing_a_class() {
    let p = peers();
    let a = &p["asah"];
    let peer = &a["bootstrap"];
    let (truth, predicted) = (classes(&a["truth"]), classes(&a["predicted"]));
    let scores: Vec<f64> = predicted
        .iter()
        .flat_map(|&c| (0..5).map(move |j| if j == c { 1.0 } else { 0.0 }))
        .collect();
    let replicates = peer["replicates"].as_u64().unwrap() as usize;
    let clusters = Clusters::singletons(truth.len());
    let m = multiclass(
        &truth,
        &predicted,
        &scores,
        5,
        &clusters,
        replicates,
        2026,
        f(&peer["confidence"]),
    );
    close(
        "aSAH Hand & Till",
        m.hand_till_auc.estimate,
        f(&peer["hand_till_auc_point"]),
        EXACT,
    );
    close(
        "aSAH kappa",
        m.kappa.estimate,
        f(&a["kappa"]["none"]),
        EXACT,
    );
    close(
        "aSAH weighted kappa",
        m.weighted_kappa.estimate,
        f(&a["kappa"]["quadratic"]),
        EXACT,
    );
    for (name, e, skipped) in [
        ("hand_till_auc", m.hand_till_auc, m.skipped.hand_till_auc),
        ("kappa", m.kappa, m.skipped.kappa),
        ("weighted_kappa", m.weighted_kappa, m.skipped.weighted_kappa),
    ] {
        let want = &peer[name];
        for (side, got) in [e.ci_low, e.ci_high].into_iter().enumerate() {
            close(
                &format!("aSAH {name}[{side}]"),
                got,
                f(&want["ci"][side]),
                f(&want["tolerance"][side]) + 1e-12,
            );
        }
        let peer_skipped = replicates - want["kept"].as_u64().unwrap() as usize;
        let rate = (peer_skipped.max(1) as f64) / replicates as f64;
        let sd = (2.0 * replicates as f64 * rate * (1.0 - rate)).sqrt();
        close(
            &format!("aSAH {name} skipped"),
            skipped as f64,
            peer_skipped as f64,
            4.0 * sd,
        );
    }
    assert!(m.skipped.hand_till_auc > 0 && m.skipped.kappa == 0);
}
