//! Adjudication (issue 19): a reviewer's judgements on a run's false positives and negatives are
//! recorded beside the run (which stays as it was), and the report shows the figures with the
//! adjudicated labels beside the pre-specified ones, checked here against counts and a
//! Mann–Whitney AUC computed independently of the engine.

use crate::common::{self, output_text as text, root, with_history as provestein};
use provestein::adjudication::analyse;

/// The AUC as the Mann–Whitney statistic, ties counting half, by brute force.
fn mann_whitney(labels: &[bool], scores: &[f64]) -> f64 {
    let (mut wins, mut pairs) = (0.0, 0.0);
    for (i, &li) in labels.iter().enumerate() {
        for (j, &lj) in labels.iter().enumerate() {
            if li && !lj {
                pairs += 1.0;
                wins += match scores[i].partial_cmp(&scores[j]).unwrap() {
                    std::cmp::Ordering::Greater => 1.0,
                    std::cmp::Ordering::Equal => 0.5,
                    std::cmp::Ordering::Less => 0.0,
                };
            }
        }
    }
    wins / pairs
}

#[test]
fn judgements_are_recorded_beside_the_run_and_reported_as_a_sensitivity_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let h = dir.path().join("history.sqlite");
    let plan_path = root().join("sample-studies/breast-cancer/plan.toml");
    let o = provestein(
        &[
            "batch",
            plan_path.to_str().unwrap(),
            "--out",
            dir.path().join("run").to_str().unwrap(),
            "--quiet",
        ],
        &h,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let before = common::report_json(&dir.path().join("run"));

    // The same run in memory, for the analysis (the app's case).
    let plan = provestein::Plan::load(&plan_path).unwrap();
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let bin = eval.binary().unwrap();
    let t = bin.overall.threshold;
    let fns: Vec<&str> = bin
        .cases
        .iter()
        .filter(|c| c.label && c.score < t)
        .map(|c| &*c.id)
        .collect();
    let fps: Vec<&str> = bin
        .cases
        .iter()
        .filter(|c| !c.label && c.score >= t)
        .map(|c| &*c.id)
        .collect();
    let tp = bin.cases.iter().find(|c| c.label && c.score >= t).unwrap();
    assert!(
        fns.len() >= 2 && !fps.is_empty(),
        "the sample has errors to review: {fns:?} {fps:?}"
    );

    let ok = |args: &[&str]| {
        let o = provestein(args, &h);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        text(&o)
    };
    // fns[0]: first "model wrong", then "reference wrong" (the later one stands); fns[1]:
    // "cannot tell"; fps[0]: "model right".
    ok(&["history", "adjudicate", "1", fns[0], "--as", "model-wrong"]);
    let said = ok(&[
        "history",
        "adjudicate",
        "1",
        fns[0],
        "--as",
        "reference-wrong",
        "--comment",
        "biopsy re-read",
    ]);
    assert!(
        said.contains("reference_wrong") && said.contains("unchanged"),
        "{said}"
    );
    ok(&["history", "adjudicate", "1", fns[1], "--as", "cannot-tell"]);
    ok(&["history", "adjudicate", "1", fps[0], "--as", "model_right"]);
    // Only errors, only cases of the run, only known judgements.
    let o = provestein(
        &["history", "adjudicate", "1", &tp.id, "--as", "model-right"],
        &h,
    );
    assert_eq!(o.status.code(), Some(5), "{}", text(&o));
    assert!(
        text(&o).contains("agrees with the reference standard"),
        "{}",
        text(&o)
    );
    let o = provestein(
        &[
            "history",
            "adjudicate",
            "1",
            "no-such-case",
            "--as",
            "model-right",
        ],
        &h,
    );
    assert!(
        text(&o).contains("has no case \"no-such-case\""),
        "{}",
        text(&o)
    );
    let o = provestein(&["history", "adjudicate", "1", fns[0], "--as", "maybe"], &h);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));

    let listed: serde_json::Value =
        serde_json::from_str(&ok(&["history", "adjudications", "1", "--json"])).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 3, "one judgement stands per case: {listed:?}");
    assert_eq!(listed[0]["judgement"], "reference_wrong");
    assert_eq!(listed[0]["comment"], "biopsy re-read");
    // The run itself is untouched and the chain holds.
    let export = dir.path().join("export");
    ok(&["history", "export", "1", "--out", export.to_str().unwrap()]);
    assert_eq!(common::report_json(&export), before);
    assert!(ok(&["history", "verify"]).contains("is intact"));

    // The analysis: fns[0] and fps[0] take the model's call, the others keep theirs.
    let history = provestein::history::History::open(&h).unwrap();
    let judgements = history.adjudications(1).unwrap();
    let a = analyse(&eval, &judgements).expect("an analysis");
    assert_eq!(
        (a.errors, a.adjudicated(), a.flipped),
        (fns.len() + fps.len(), 3, 2)
    );
    assert_eq!(
        (
            a.reference_wrong,
            a.model_right,
            a.model_wrong,
            a.cannot_tell
        ),
        (1, 1, 0, 1)
    );
    // A false negative taken as the model's call becomes a true negative, a false positive a
    // true positive.
    let c = &bin.overall.confusion;
    assert_eq!(
        (
            a.confusion.tp,
            a.confusion.fp,
            a.confusion.tn,
            a.confusion.fn_
        ),
        (c.tp + 1, c.fp - 1, c.tn + 1, c.fn_ - 1)
    );
    let flipped: Vec<bool> = bin
        .cases
        .iter()
        .map(|c| {
            if *c.id == *fns[0] || *c.id == *fps[0] {
                !c.label
            } else {
                c.label
            }
        })
        .collect();
    let scores: Vec<f64> = bin.cases.iter().map(|c| c.score).collect();
    common::assert_close(
        "adjudicated AUC",
        a.metrics.auc.estimate,
        mann_whitney(&flipped, &scores),
        1e-12,
    );
    assert!(a.metrics.sensitivity.estimate > bin.overall.metrics.sensitivity.estimate);

    // The report, both languages: the section beside the pre-specified result.
    let mut reviewed = eval.clone();
    reviewed.adjudication = Some(a);
    for (lang, heading, caveat) in [
        (
            provestein::i18n::Lang::En,
            "Sensitivity analysis: adjudicated labels",
            "does not change the verdict",
        ),
        (
            provestein::i18n::Lang::Nb,
            "Sensitivitetsanalyse: etterbedømte etiketter",
            "endrer ikke konklusjonen",
        ),
    ] {
        let html =
            provestein::report::html::render(&provestein::report::content::build(&reviewed, lang));
        assert!(html.contains(heading) && html.contains(caveat), "{lang:?}");
    }
    let html = provestein::report::html::render(&provestein::report::content::build(
        &eval,
        provestein::i18n::Lang::En,
    ));
    assert!(
        !html.contains("adjudicated labels"),
        "no section without a review"
    );
    let json = provestein::report::json::to_string(&reviewed);
    assert!(json.contains("\"adjudication\""));
    let back = provestein::report::json::read(&json, "adjudicated report").unwrap();
    assert_eq!(back.adjudication.map(|a| a.flipped), Some(2));
}
