//! Scale of the outputs (issue 13, Deliver 7): report.json's ROC and precision–recall curves
//! hold at most 2,000 points however many distinct scores there are, every operating point the
//! report names is kept exactly, and no figure is computed from the thinned curves.

use crate::common;

use std::path::Path;

use common::root;
use provestein::metrics::roc::MAX_CURVE_POINTS;
use provestein::{Control, Plan};

/// 20,000 cases with distinct scores (a seeded linear congruential generator), 30 % positive.
fn cohort(dir: &Path) -> (std::path::PathBuf, Vec<bool>, Vec<f64>) {
    let mut x: u64 = 42;
    let mut next = || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut text = String::from("id,label,score\n");
    let (mut labels, mut scores) = (Vec::new(), Vec::new());
    for i in 0..20_000 {
        let label = next() < 0.3;
        let score = (0.6 * next() + if label { 0.35 } else { 0.0 }) + i as f64 * 1e-12;
        text.push_str(&format!("c{i},{},{score:.15}\n", u8::from(label)));
        labels.push(label);
        scores.push(format!("{score:.15}").parse().unwrap());
    }
    let p = dir.join("cohort.csv");
    std::fs::write(&p, text).unwrap();
    (p, labels, scores)
}

#[test]
fn curves_are_thinned_keeping_every_operating_point_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (path, labels, scores) = cohort(dir.path());
    let head = common::scores_plan("Scale", &path, "");
    let text = format!(
        r#"{head}
[analysis]
bootstrap = 0
threshold = 0.5
target_sensitivity = 0.9
target_specificity = 0.95

[[acceptance]]
metric = "auc"
min = 0.5
"#
    );
    let plan = Plan::parse(&text, Path::new("plan.toml"), root()).unwrap();
    let eval = provestein::run(&plan, &Control::silent()).unwrap();
    let o = &eval.binary().unwrap().overall;
    let full = provestein::metrics::roc_curve(&labels, &scores);
    assert_eq!(full.len(), 20_001, "every score distinct");
    assert_eq!(o.roc.len(), MAX_CURVE_POINTS);
    assert_eq!(o.precision_recall.curve.len(), MAX_CURVE_POINTS);
    assert_eq!(o.roc[0], full[0]);
    assert_eq!(o.roc.last(), full.last());

    // Each named operating point is a point of the thinned curve, with its very counts.
    let t = &o.thresholds;
    let named = [
        (o.confusion.tp, o.confusion.fp),
        t.youden.map(|b| (b.point.tp, b.point.fp)).unwrap(),
        t.closest_topleft.map(|b| (b.point.tp, b.point.fp)).unwrap(),
        t.at_target_sensitivity.map(|p| (p.tp, p.fp)).unwrap(),
        t.at_target_specificity.map(|p| (p.tp, p.fp)).unwrap(),
    ];
    for (tp, fp) in named {
        assert!(
            o.roc.iter().any(|p| (p.tp, p.fp) == (tp, fp)),
            "ROC point tp {tp}, fp {fp} kept"
        );
        assert!(
            o.precision_recall
                .curve
                .iter()
                .any(|p| (p.tp, p.fp) == (tp, fp)),
            "PR point tp {tp}, fp {fp} kept"
        );
    }
    // The thinned curve is a subsequence of the full one.
    let mut k = 0;
    for p in &o.roc {
        k += full[k..]
            .iter()
            .position(|q| q == p)
            .expect("an original point");
    }
    // The figures come from the cases, not the curves.
    assert_eq!(
        o.metrics.auc.estimate,
        provestein::metrics::auc(&labels, &scores)
    );
    assert_eq!(
        o.precision_recall.average_precision,
        provestein::metrics::thresholds::average_precision(&labels, &scores)
    );
    // And report.json stays small: 2,000 points each, not 20,000.
    let json = provestein::report::json::to_string(&eval);
    assert!(
        json.len() < 1_500_000,
        "report.json is {} bytes",
        json.len()
    );
}

/// When `[predictions]` and `[cohort]` name one file, the scores are read with the cohort and
/// joined by line (no id hashed): the cases, every exclusion with its reason and line, and the
/// unmatched rows are those of the same file named twice (a copy, joined by id).
#[test]
fn one_file_joined_by_line_equals_two_files_joined_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("id,label,score\n");
    for i in 0..40 {
        text.push_str(&format!("c{i},{},0.{:02}\n", i % 3 % 2, (i * 37) % 100));
    }
    // An empty id, a score that is not a number, no label, an unknown label, a blank line.
    text.push_str(",1,0.5\nbad,1,abc\nnolabel,NA,0.3\nodd,7,0.2\n\nlast,0,0.1\n");
    let one = dir.path().join("cohort.csv");
    std::fs::write(&one, &text).unwrap();
    let copy = dir.path().join("scores.csv");
    std::fs::write(&copy, &text).unwrap();
    let tail = "\n[analysis]\nbootstrap = 0\n\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n";
    let run = |plan: String| {
        let plan = Plan::parse(&plan, Path::new("plan.toml"), root()).unwrap();
        provestein::run(&plan, &Control::silent()).unwrap()
    };
    let by_line = run(format!(
        "{}{tail}",
        common::scores_plan("One file", &one, "negative = \"0\"")
    ));
    let two = common::scores_plan("One file", &one, "negative = \"0\"").replace(
        &format!("[predictions]\npath = \"{}\"", one.display()),
        &format!("[predictions]\npath = \"{}\"", copy.display()),
    );
    assert!(two.contains("scores.csv"), "{two}");
    let by_id = run(format!("{two}{tail}"));

    let cases = |e: &provestein::Evaluation| -> Vec<(String, bool, u64)> {
        let b = e.binary().unwrap();
        b.cases
            .iter()
            .map(|c| (c.id.to_string(), c.label, c.score.to_bits()))
            .collect()
    };
    assert_eq!(cases(&by_line).len(), 41);
    assert_eq!(cases(&by_line), cases(&by_id));
    let cohort = |e: &provestein::Evaluation| {
        serde_json::to_string(&e.cohort)
            .unwrap()
            .replace(&copy.display().to_string(), &one.display().to_string())
    };
    assert_eq!(cohort(&by_line), cohort(&by_id));
    assert_eq!(by_line.cohort.unmatched_predictions, ["(no id, line 42)"]);
    let reasons: Vec<String> = by_line
        .cohort
        .excluded
        .iter()
        .map(|x| format!("{:?} {:?}", x.reason, x.line))
        .collect();
    assert_eq!(
        reasons,
        [
            "MissingId Some(42)",
            "BadScore Some(43)",
            "MissingLabel Some(44)",
            "UnknownLabel Some(45)"
        ]
    );
}
