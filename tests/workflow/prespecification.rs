//! "Fixed before the data was seen" decided from the run history, through the real `batch`
//! binary: the first run of a model on a cohort, the same plan run again, a plan whose
//! threshold changed after a run (post hoc, with the amber statement on page 1 in English and
//! bokmål), a plan with a vendor manifest run again, and a run without a history (unknown).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{output_text as text, root, with_history as provestein};

/// Runs `plan` into `dir/out` (extra arguments after), returning stdout and report.json.
fn batch(plan: &Path, out: &Path, history: &Path, extra: &[&str]) -> (String, serde_json::Value) {
    let mut args = vec![
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = provestein(&args, history);
    assert!(o.status.code().is_some_and(|c| c <= 2), "{}", text(&o));
    let report =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    (String::from_utf8_lossy(&o.stdout).into_owned(), report)
}

/// The PDF's first page as pdftotext reads it, whitespace collapsed (lines wrap anywhere).
fn page_one(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/setup.sh)");
    assert!(o.status.success());
    String::from_utf8(o.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The breast-cancer vendor-scores plan written into `dir` with absolute data paths, its
/// threshold as given.
fn vendor_plan(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let bc = root().join("sample-studies/breast-cancer");
    let text = std::fs::read_to_string(bc.join("plan-vendor-scores.toml"))
        .unwrap()
        .replace(
            "path = \"vendor_scores.csv\"",
            &format!("path = \"{}\"", bc.join("vendor_scores.csv").display()),
        )
        .replace(
            "path = \"cohort.csv\"",
            &format!("path = \"{}\"", bc.join("cohort.csv").display()),
        );
    let p = dir.join(name);
    std::fs::write(&p, edit(text)).unwrap();
    p
}

fn prespec(report: &serde_json::Value) -> &serde_json::Value {
    &report["provenance"]["prespecification"]
}

#[test]
fn attempts_are_counted_from_the_history_and_a_changed_threshold_is_post_hoc() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let h = d.join("history.sqlite");
    let plan = vendor_plan(d, "plan.toml", |t| t);

    // First run of these scores on this cohort.
    let (out, r1) = batch(&plan, &d.join("r1"), &h, &[]);
    assert_eq!(
        *prespec(&r1),
        serde_json::json!({"attempt": 1, "earlier_runs": [], "post_hoc": false, "changed": []})
    );
    assert!(
        out.contains("Pre-specified: attempt 1 on this cohort"),
        "{out}"
    );
    let p1 = page_one(&d.join("r1/report.pdf"));
    assert!(p1.contains("Attempt 1 on this cohort"), "{p1}");
    assert!(!p1.contains("POST HOC"), "{p1}");

    // The same file again: attempt 2, not post hoc.
    let (_, r2) = batch(&plan, &d.join("r2"), &h, &[]);
    assert_eq!(
        *prespec(&r2),
        serde_json::json!({"attempt": 2, "earlier_runs": [1], "post_hoc": false, "changed": []})
    );

    // Comments, a renamed study, the report's language and a default written out are not
    // analysis changes.
    let reworded = vendor_plan(d, "reworded.toml", |t| {
        t.replace(
            "name = \"Breast cancer, vendor-delivered scores\"",
            "name = \"Breast cancer, re-run for the board\"",
        )
        .replace("seed = 42", "seed = 42\nconfidence = 0.95 # the default")
            + "\n[report]\nlanguage = \"nb\"\n"
    });
    let (_, r3) = batch(&reworded, &d.join("r3"), &h, &[]);
    assert_eq!(prespec(&r3)["attempt"], 3);
    assert_eq!(prespec(&r3)["post_hoc"], false);

    // The threshold lowered after those runs: post hoc, and page 1 says so in both languages.
    let lowered = vendor_plan(d, "lowered.toml", |t| {
        t.replace("threshold = 0.5", "threshold = 0.3")
    });
    let (out, r4) = batch(&lowered, &d.join("r4"), &h, &[]);
    assert_eq!(
        *prespec(&r4),
        serde_json::json!({
            "attempt": 4, "earlier_runs": [1, 2, 3], "post_hoc": true, "changed": ["threshold"]
        })
    );
    assert!(
        out.contains("POST HOC: attempt 4 on this cohort; threshold changed after run #1"),
        "{out}"
    );
    let p4 = page_one(&d.join("r4/report.pdf"));
    assert!(
        p4.contains("POST HOC: the threshold changed after run #1 of this model on this cohort"),
        "{p4}"
    );
    assert!(
        !p4.contains("fixed in the plan before the data was seen"),
        "a post-hoc run must not claim pre-specification: {p4}"
    );
    let html = std::fs::read_to_string(d.join("r4/report.html")).unwrap();
    assert!(
        html.contains("class=\"caution\""),
        "the amber box in the HTML"
    );
    let (_, _) = batch(&lowered, &d.join("r4nb"), &h, &["--lang", "nb"]);
    let p4nb = page_one(&d.join("r4nb/report.pdf"));
    assert!(
        p4nb.contains(
            "POST HOC: terskelen ble endret etter kjøring #1 av denne modellen på denne kohorten"
        ),
        "{p4nb}"
    );
    assert!(p4nb.contains("Forsøk 5 på denne kohorten"), "{p4nb}");

    // Threshold and criteria both changed: both named.
    let both = vendor_plan(d, "both.toml", |t| {
        t.replace("threshold = 0.5", "threshold = 0.3")
            .replace("min = 0.85", "min = 0.80")
    });
    let (_, r6) = batch(&both, &d.join("r6"), &h, &[]);
    assert_eq!(
        prespec(&r6)["changed"],
        serde_json::json!(["threshold", "criteria"])
    );

    // The run list shows the plan's hash, threshold and post hoc for each run.
    let o = provestein(&["history", "list", "--json"], &h);
    let runs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let post_hoc: Vec<_> = runs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["post_hoc"].as_bool())
        .collect();
    assert_eq!(post_hoc, [false, false, false, true, true, true].map(Some));
    assert_eq!(runs[3]["threshold"], 0.3);
    assert_eq!(runs[0]["threshold"], 0.5);
    let o = provestein(&["history", "list"], &h);
    let list = text(&o);
    assert!(
        list.contains("post hoc") && list.contains("threshold"),
        "{list}"
    );
    let sha = r4["provenance"]["plan_sha256"].as_str().unwrap();
    let row = list
        .lines()
        .find(|l| l.trim_start().starts_with("4 "))
        .unwrap();
    assert!(row.contains(&sha[..12]) && row.contains(" yes "), "{row}");

    // Another model (here: other scores) on the same cohort starts again at attempt 1.
    let other = vendor_plan(d, "other.toml", |t| {
        t.replace("threshold = 0.5", "threshold = 0.3")
    });
    let scores = d.join("scores.csv");
    let original =
        std::fs::read_to_string(root().join("sample-studies/breast-cancer/vendor_scores.csv"))
            .unwrap();
    std::fs::write(&scores, original.replace("\n", "\r\n")).unwrap();
    let other_text = std::fs::read_to_string(&other).unwrap().replace(
        &root()
            .join("sample-studies/breast-cancer/vendor_scores.csv")
            .display()
            .to_string(),
        &scores.display().to_string(),
    );
    std::fs::write(&other, other_text).unwrap();
    let (_, r7) = batch(&other, &d.join("r7"), &h, &[]);
    assert_eq!(prespec(&r7)["attempt"], 1);
    assert_eq!(prespec(&r7)["post_hoc"], false);
}

#[test]
fn without_a_history_pre_specification_is_unknown_and_page_one_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = vendor_plan(d, "plan.toml", |t| t);
    let o = Command::new(env!("CARGO_BIN_EXE_provestein"))
        .args(["batch", plan.to_str().unwrap(), "--out"])
        .arg(d.join("out"))
        .arg("--no-history")
        .output()
        .unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 2), "{}", text(&o));
    assert!(
        text(&o).contains("Pre-specification: not checked"),
        "{}",
        text(&o)
    );
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out/report.json")).unwrap()).unwrap();
    assert!(
        r["provenance"]
            .as_object()
            .unwrap()
            .get("prespecification")
            .is_some_and(|v| v.is_null()),
        "null, not absent"
    );
    let p1 = page_one(&d.join("out/report.pdf"));
    assert!(
        p1.contains("This run was not checked against a run history"),
        "{p1}"
    );
}

/// The imaging demo's plan leaves preprocessing and claims to its vendor manifest; run again
/// unchanged it is attempt 2, not post hoc (the plan file is compared, not the filled plan).
#[test]
fn a_plan_filled_by_a_vendor_manifest_run_again_is_not_post_hoc() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let h = d.join("history.sqlite");
    let text = common::imaging_demo_plan().replace("bootstrap = 2000", "bootstrap = 200");
    assert!(
        text.contains("manifest = "),
        "the demo uses a vendor manifest"
    );
    let plan = d.join("plan.toml");
    std::fs::write(&plan, &text).unwrap();
    let (_, r1) = batch(&plan, &d.join("r1"), &h, &["--quiet"]);
    assert_eq!(prespec(&r1)["attempt"], 1);
    assert!(
        r1["manifest"].is_object(),
        "the manifest was applied to the plan as run"
    );
    let (_, r2) = batch(&plan, &d.join("r2"), &h, &["--quiet"]);
    assert_eq!(
        *prespec(&r2),
        serde_json::json!({"attempt": 2, "earlier_runs": [1], "post_hoc": false, "changed": []})
    );
    let p2 = page_one(&d.join("r2/report.pdf"));
    assert!(
        p2.contains("Attempt 2 on this cohort (earlier runs #1)"),
        "{p2}"
    );
}
