//! `provestein batch` as scripts use it: files written, exit codes, and one clear message for
//! each kind of bad input, with nothing dropped silently.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{bc_features, onnxruntime, root, write_plan};

fn batch(plan: &Path, out: &Path, extra: &[&str]) -> Output {
    common::cli()
        .arg("batch")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample(name: &str) -> PathBuf {
    root().join("sample-studies/breast-cancer").join(name)
}

fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// A model plan on `cohort` with the given acceptance block.
fn model_plan(cohort: &Path, features: &str, acceptance: &str) -> String {
    format!(
        r#"
[study]
name = "test"
intended_use = "test"
[model]
path = "{model}"
input = "X"
output = "probabilities"
positive_index = 1
[cohort]
kind = "csv"
path = "{cohort}"
id = "sample_id"
label = "label"
positive = "1"
negative = "0"
features = {features}
[analysis]
bootstrap = 200
{acceptance}
"#,
        model = root().join("models/bc_logreg.onnx").display(),
        cohort = cohort.display(),
    )
}

const AUC_OK: &str = "[[acceptance]]\nmetric = \"auc\"\nmin = 0.9\n";

/// The sample cohort with `edit` applied to its data lines (0-based, header excluded).
fn edited_cohort(dir: &Path, edit: impl Fn(usize, &mut Vec<String>)) -> PathBuf {
    let text = std::fs::read_to_string(sample("cohort.csv")).unwrap();
    let mut lines = text.lines();
    let mut out = vec![lines.next().unwrap().to_string()];
    for (i, l) in lines.enumerate() {
        let mut fields: Vec<String> = l.split(',').map(str::to_string).collect();
        edit(i, &mut fields);
        out.push(fields.join(","));
    }
    let p = dir.join("cohort.csv");
    std::fs::write(&p, out.join("\n") + "\n").unwrap();
    p
}

#[test]
fn sample_study_passes_and_writes_the_documented_files() {
    let out = tempfile::tempdir().unwrap();
    let o = batch(&sample("plan.toml"), out.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("Verdict: PASS"), "{stdout}");

    let r = read_json(&out.path().join("report.json"));
    let ov = &r["overall"];
    assert_eq!(ov["n"], 171);
    assert_eq!(ov["n_positive"], 64);
    assert_eq!(ov["n_negative"], 107);
    assert_eq!(ov["threshold"], 0.5);
    assert_eq!(ov["confusion"]["tp"], 60);
    assert_eq!(ov["confusion"]["fn"], 4);
    for m in ["sensitivity", "specificity", "ppv", "npv", "accuracy"] {
        let x = &ov["metrics"][m];
        assert!(x["estimate"].is_f64(), "{m}");
        assert_eq!(x["wilson"].as_array().unwrap().len(), 2, "{m}");
        assert_eq!(x["clopper_pearson"].as_array().unwrap().len(), 2, "{m}");
    }
    assert!(ov["metrics"]["auc"]["delong"][0].is_f64());
    assert!(ov["metrics"]["auc"]["bootstrap"][1].is_f64());
    assert!(ov["metrics"]["brier"]["estimate"].is_f64());
    assert_eq!(r["cohort"]["excluded"], serde_json::json!([]));
    assert_eq!(r["acceptance"]["verdict"], "pass");
    assert_eq!(r["acceptance"]["criteria"].as_array().unwrap().len(), 4);
    let p = &r["provenance"];
    for k in ["model_sha256", "cohort_sha256", "plan_sha256"] {
        assert_eq!(p[k].as_str().unwrap().len(), 64, "{k}");
    }
    assert_eq!(p["onnxruntime"], "1.32.0");
    assert_eq!(p["seed"], 42);
    assert!(p["started"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        r["study"]["intended_use"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .next(),
        Some("Second")
    );

    let preds = std::fs::read_to_string(out.path().join("predictions.csv")).unwrap();
    let mut lines = preds.lines();
    assert_eq!(lines.next(), Some("id,label,score,predicted"));
    assert_eq!(lines.count(), 171);
}

#[test]
fn vendor_scores_with_a_straddling_interval_exit_2() {
    let out = tempfile::tempdir().unwrap();
    let o = batch(&sample("plan-vendor-scores.toml"), out.path(), &["--quiet"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "--quiet prints nothing");
    let r = read_json(&out.path().join("report.json"));
    assert_eq!(r["acceptance"]["verdict"], "inconclusive");
    assert_eq!(r["provenance"]["onnxruntime"], serde_json::Value::Null);
    assert_eq!(
        r["provenance"]["predictions_sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );
}

#[test]
fn a_criterion_wholly_missed_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let acc = "[[acceptance]]\nmetric = \"specificity\"\nbound = \"ci_low\"\nmin = 0.99\n[[acceptance]]\nmetric = \"brier\"\nmax = 0.001\n";
    let plan = write_plan(
        dir.path(),
        &model_plan(&sample("cohort.csv"), &bc_features(), acc),
    );
    let o = batch(&plan, &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let r = read_json(&dir.path().join("out/report.json"));
    let verdicts: Vec<&str> = r["acceptance"]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["verdict"].as_str().unwrap())
        .collect();
    // Specificity [0.949, 0.998] straddles 0.99; the Brier interval lies wholly above 0.001.
    assert_eq!(verdicts, ["inconclusive", "fail"]);
}

#[test]
fn bad_rows_are_excluded_with_their_reason_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = edited_cohort(dir.path(), |i, f| match i {
        0 => f[3] = "abc".into(),                  // non-numeric feature
        1 => f[5] = "".into(),                     // empty feature
        2 => *f.last_mut().unwrap() = "2".into(),  // label neither class
        3 => *f.last_mut().unwrap() = "NA".into(), // no label
        _ => {}
    });
    let plan = write_plan(dir.path(), &model_plan(&cohort, &bc_features(), AUC_OK));
    let o = batch(&plan, &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = read_json(&dir.path().join("out/report.json"));
    assert_eq!(r["cohort"]["rows"], 171);
    assert_eq!(r["cohort"]["included"], 167);
    assert_eq!(r["overall"]["n"], 167);
    let by = &r["cohort"]["excluded_by_reason"];
    assert_eq!(by["bad_feature"], 2);
    assert_eq!(by["unknown_label"], 1);
    assert_eq!(by["missing_label"], 1);
    let first = &r["cohort"]["excluded"][0];
    assert_eq!(first["line"], 2);
    assert!(
        first["detail"]
            .as_str()
            .unwrap()
            .contains("\"mean_perimeter\" is \"abc\""),
        "{first}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(
            "4 excluded: 1 no label, 1 label is neither class, 2 model input not a number"
        ),
        "{stdout}"
    );
}

#[test]
fn nan_and_missing_vendor_scores_are_excluded_and_unmatched_scores_listed() {
    let dir = tempfile::tempdir().unwrap();
    let scores = std::fs::read_to_string(sample("vendor_scores.csv")).unwrap();
    let mut lines: Vec<String> = scores.lines().map(str::to_string).collect();
    lines[1] = format!("{},NaN", lines[1].split(',').next().unwrap());
    lines[2] = format!("{},inf", lines[2].split(',').next().unwrap());
    lines.remove(3); // a case with no score
    lines.push("99999,0.5".into()); // a score with no case
    std::fs::write(dir.path().join("scores.csv"), lines.join("\n")).unwrap();
    let plan = std::fs::read_to_string(sample("plan-vendor-scores.toml"))
        .unwrap()
        .replace(
            "vendor_scores.csv",
            &dir.path().join("scores.csv").display().to_string(),
        )
        .replace(
            "\"cohort.csv\"",
            &format!("\"{}\"", sample("cohort.csv").display()),
        );
    let plan = write_plan(dir.path(), &plan);
    let o = batch(&plan, &dir.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let r = read_json(&dir.path().join("out/report.json"));
    assert_eq!(r["cohort"]["excluded_by_reason"]["bad_score"], 2);
    assert_eq!(r["cohort"]["excluded_by_reason"]["no_score"], 1);
    assert_eq!(r["cohort"]["included"], 168);
    assert_eq!(
        r["cohort"]["unmatched_predictions"],
        serde_json::json!(["99999"])
    );
}

/// Runs a plan expected to stop with an error; returns (exit code, stderr).
fn error_of(plan_text: &str, dir: &Path) -> (i32, String) {
    let plan = write_plan(dir, plan_text);
    let o = batch(&plan, &dir.join("out"), &[]);
    assert!(!dir.join("out/report.json").exists(), "no report on error");
    let e = stderr(&o);
    assert_eq!(
        e.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "one message: {e}"
    );
    (o.status.code().unwrap(), e)
}

#[test]
fn missing_cohort_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (code, e) = error_of(
        &model_plan(&dir.path().join("nope.csv"), &bc_features(), AUC_OK),
        dir.path(),
    );
    assert_eq!(code, 3);
    assert!(
        e.contains("cannot read cohort") && e.contains("nope.csv"),
        "{e}"
    );
}

#[test]
fn missing_column_names_it_and_lists_the_columns() {
    let dir = tempfile::tempdir().unwrap();
    let features = bc_features().replace("mean_radius", "mean_radiuss");
    let (code, e) = error_of(
        &model_plan(&sample("cohort.csv"), &features, AUC_OK),
        dir.path(),
    );
    assert_eq!(code, 3);
    assert!(
        e.contains("no column \"mean_radiuss\"")
            && e.contains("model feature")
            && e.contains("\"mean_radius\""),
        "{e}"
    );
}

#[test]
fn model_input_that_does_not_fit_names_the_tensor_and_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let (code, e) = error_of(
        &model_plan(
            &sample("cohort.csv"),
            "[\"mean_radius\", \"mean_texture\"]",
            AUC_OK,
        ),
        dir.path(),
    );
    assert_eq!(code, 4);
    assert!(
        e.contains("input \"X\" has shape [N, 30]") && e.contains("2 feature column"),
        "{e}"
    );
}

#[test]
fn wrong_tensor_names_list_what_the_model_has() {
    let dir = tempfile::tempdir().unwrap();
    let text = model_plan(&sample("cohort.csv"), &bc_features(), AUC_OK)
        .replace("output = \"probabilities\"", "output = \"probs\"");
    let (code, e) = error_of(&text, dir.path());
    assert_eq!(code, 4);
    assert!(
        e.contains("no output \"probs\"") && e.contains("\"probabilities\""),
        "{e}"
    );
}

#[test]
fn duplicate_ids_name_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = edited_cohort(dir.path(), |i, f| {
        if i == 5 {
            f[0] = "4".into(); // the id of the first row
        }
    });
    let (code, e) = error_of(&model_plan(&cohort, &bc_features(), AUC_OK), dir.path());
    assert_eq!(code, 3);
    assert!(e.contains("lines 2 and 7 have the same id"), "{e}");
    assert!(
        !e.contains("\"4\""),
        "the id is a join key, never repeated: {e}"
    );
}

#[test]
fn empty_cohort_is_an_error_not_an_empty_report() {
    let dir = tempfile::tempdir().unwrap();
    let header = std::fs::read_to_string(sample("cohort.csv"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    let p = dir.path().join("cohort.csv");
    std::fs::write(&p, header + "\n").unwrap();
    let text = model_plan(&p, &bc_features(), AUC_OK);
    let (code, e) = error_of(&text, dir.path());
    assert_eq!(code, 3);
    assert!(e.contains("no case") && e.contains("0 rows read"), "{e}");
}

#[test]
fn one_class_only_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let cohort = edited_cohort(dir.path(), |_, f| *f.last_mut().unwrap() = "0".into());
    let text = model_plan(&cohort, &bc_features(), AUC_OK);
    let (code, e) = error_of(&text, dir.path());
    assert_eq!(code, 3);
    assert!(e.contains("all 171 remaining cases are negative"), "{e}");
}

#[test]
fn unknown_plan_key_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = model_plan(&sample("cohort.csv"), &bc_features(), AUC_OK)
        .replace("bootstrap = 200", "bootstrap = 200\nbootstrp_seed = 3");
    let (code, e) = error_of(&text, dir.path());
    assert_eq!(code, 3);
    assert!(
        e.contains("unknown field `bootstrp_seed`") && e.contains("line"),
        "{e}"
    );
}

#[test]
fn missing_onnx_runtime_is_a_clear_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_plan(
        dir.path(),
        &model_plan(&sample("cohort.csv"), &bc_features(), AUC_OK),
    );
    let o = common::cli()
        .args([
            "batch",
            plan.to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ])
        .args(["--onnxruntime", "/nonexistent/libonnxruntime.so"])
        .output()
        .unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(4), "{e}");
    assert!(
        e.contains("ONNX Runtime was not found") && e.contains("scripts/setup.sh"),
        "{e}"
    );
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn a_runtime_that_is_not_onnx_runtime_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("libonnxruntime.so");
    std::fs::write(&fake, b"not a library").unwrap();
    let plan = write_plan(
        dir.path(),
        &model_plan(&sample("cohort.csv"), &bc_features(), AUC_OK),
    );
    let o = common::cli()
        .args([
            "batch",
            plan.to_str().unwrap(),
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ])
        .env("ORT_DYLIB_PATH", &fake)
        .output()
        .unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(4), "{e}");
    assert!(
        e.contains("cannot load ONNX Runtime from") && !e.contains("panicked"),
        "{e}"
    );
}

#[test]
fn same_seed_gives_the_same_report_with_one_or_two_threads() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(
        batch(
            &sample("plan.toml"),
            a.path(),
            &["--quiet", "--threads", "1"]
        )
        .status
        .code(),
        Some(0)
    );
    assert_eq!(
        batch(
            &sample("plan.toml"),
            b.path(),
            &["--quiet", "--threads", "2"]
        )
        .status
        .code(),
        Some(0)
    );
    let (ra, rb) = (
        read_json(&a.path().join("report.json")),
        read_json(&b.path().join("report.json")),
    );
    assert_eq!(ra["overall"], rb["overall"]);
    assert_eq!(
        std::fs::read(a.path().join("predictions.csv")).unwrap(),
        std::fs::read(b.path().join("predictions.csv")).unwrap()
    );
}

#[test]
fn usage_errors_do_not_exit_with_a_verdict_code() {
    let o = common::cli().args(["batch"]).output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    let h = common::cli().args(["--help"]).output().unwrap();
    assert_eq!(h.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&h.stdout).contains("Exit codes of `batch`"));
}

/// Counts and sizes a plan may ask for are bounded at `check` (issue 14's reproductions:
/// `bootstrap` of 10⁹ aborted, 2⁶³ − 1 panicked, `calibration_bins` of 10⁹ took 7.9 GB,
/// `resize = [65535, 65535]`, `[model] batch` of 10¹²): `check` and `batch` refuse them with one
/// message naming the key, exit 3, before any data is read (the cohort here does not exist).
#[test]
fn plans_beyond_the_limits_are_refused_at_check_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let csv = model_plan(&dir.path().join("nope.csv"), &bc_features(), AUC_OK);
    let demo = common::imaging_demo_plan();
    let cases = [
        (
            csv.replace("bootstrap = 200", "bootstrap = 1000000000"),
            "[analysis] bootstrap = 1000000000 is above the limit of 100000",
        ),
        (
            csv.replace("bootstrap = 200", "bootstrap = 9223372036854775807"),
            "[analysis] bootstrap = 9223372036854775807 is above the limit",
        ),
        (
            csv.replace(
                "bootstrap = 200",
                "bootstrap = 200\ncalibration_bins = 1000000000",
            ),
            "[analysis] calibration_bins = 1000000000 is above the limit of 1000",
        ),
        (
            csv.replace(
                "positive_index = 1",
                "positive_index = 1\nbatch = 1000000000000",
            ),
            "[model] batch = 1000000000000 is above the limit of 4096",
        ),
        (
            csv.replace("[analysis]", "[explain]\npermutations = 100000\n[analysis]"),
            "[explain] permutations = 100000 is above the limit of 1000",
        ),
        (
            demo.replace("resize = \"none\"", "resize = [65535, 65535]"),
            "each side must be at most 8192 pixels",
        ),
        (
            demo.replace("resize = \"none\"", "resize = [8192, 8192]"),
            "lower [model] batch or the resize",
        ),
        (
            csv.replace(
                "intended_use = \"test\"",
                &format!("intended_use = \"{}\"", "x".repeat(1_000_000)),
            ),
            "study.intended_use is 1000000 characters long, above the limit of 10000",
        ),
        (
            csv.replace(
                "[[acceptance]]",
                &format!(
                    "{}[[acceptance]]",
                    "[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n".repeat(101)
                ),
            ),
            "acceptance has 102 entries, above the limit of 100",
        ),
        (
            csv.replace("nope.csv", &format!("{}.csv", "d/".repeat(600))),
            "bytes long, above the limit of 1024",
        ),
    ];
    for (text, expected) in cases {
        let plan = write_plan(dir.path(), &text);
        let o = common::cli().arg("check").arg(&plan).output().unwrap();
        assert_eq!(o.status.code(), Some(3), "check: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "check: {}", stderr(&o));
        let (code, e) = error_of(&text, dir.path());
        assert_eq!(code, 3);
        assert!(e.contains(expected), "batch: {e}");
    }
    // A syntax error on a megabyte-long line is named, not repeated.
    let text = format!("{csv}\nbroken = {}", "x".repeat(1_000_000));
    let plan = write_plan(dir.path(), &text);
    let o = common::cli().arg("check").arg(&plan).output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("not valid TOML"), "{}", stderr(&o));
    assert!(stderr(&o).len() < 4_000, "{} bytes", stderr(&o).len());
    // At the limit is allowed.
    let plan = write_plan(
        dir.path(),
        &csv.replace("bootstrap = 200", "bootstrap = 100000"),
    );
    let o = common::cli().arg("check").arg(&plan).output().unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("valid plan"), "{stdout}{}", stderr(&o));
    // The plan is valid; its cohort file does not exist, which `check` finds too.
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot read cohort") && stderr(&o).contains("nope.csv"),
        "{}",
        stderr(&o)
    );
}

/// `check` counts the criteria in English number: the imaging demo has one, the breast-cancer
/// sample four.
#[test]
fn check_counts_the_criteria_in_the_singular_and_the_plural() {
    for (plan, said) in [
        (
            "sample-studies/imaging-demo/plan.toml",
            "with 1 acceptance criterion\n",
        ),
        (
            "sample-studies/breast-cancer/plan.toml",
            "with 4 acceptance criteria\n",
        ),
    ] {
        let o = common::cli()
            .arg("check")
            .arg(common::root().join(plan))
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(out.contains(said), "{plan}: {out}");
    }
}
