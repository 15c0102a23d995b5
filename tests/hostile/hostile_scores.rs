//! Scores that cannot be trusted are not used, and one bad unit never fails the run (issue 14):
//! features that overflow the model's input type, Brier on 0–100 scores, a model that returns
//! NaN for most cases, a batch ONNX Runtime fails on, a model that loops forever, a model
//! exported with batch size 1, an image of another size than a fixed-size model takes, and an
//! occlusion map that fails after a valid run. The models are made by
//! `tests/fixtures/models/make_hostile_models.py`; the cohorts are written here.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{fixture, imaging_demo_plan, root};
use provestein::cohort::ExclusionReason;
use provestein::{Plan, Verdict};

fn model(name: &str) -> PathBuf {
    fixture("models").join(name)
}

/// A CSV cohort of `rows` (id, label, x0, x1) and a plan that runs `model` on x0, x1 with the
/// given extra plan text (criteria, [analysis] keys, [model] keys).
fn csv_plan(
    dir: &Path,
    rows: &[(bool, f64, f64)],
    model_file: &str,
    model_keys: &str,
    rest: &str,
) -> Plan {
    let mut csv = String::from("id,label,x0,x1\n");
    for (i, (label, x0, x1)) in rows.iter().enumerate() {
        csv.push_str(&format!("c{i},{},{x0:e},{x1:e}\n", u8::from(*label)));
    }
    std::fs::write(dir.join("cohort.csv"), csv).unwrap();
    let text = format!(
        r#"
[study]
name = "hostile"
intended_use = "tests"

[model]
path = "{}"
input = "X"
output = "p"
positive_index = 0
{model_keys}

[cohort]
kind = "csv"
path = "cohort.csv"
id = "id"
label = "label"
positive = 1
negative = 0
features = ["x0", "x1"]

{rest}
"#,
        model(model_file).display()
    );
    Plan::load(&common::write_plan(dir, &text)).unwrap()
}

/// 40 cases the first column separates perfectly (positives 0.8–0.99, negatives 0.01–0.2).
fn separable(n: usize) -> Vec<(bool, f64, f64)> {
    (0..n)
        .map(|i| {
            let pos = i % 2 == 0;
            let s = (i as f64) / (n as f64) * 0.19;
            (pos, if pos { 0.8 + s } else { 0.01 + s }, 0.0)
        })
        .collect()
}

const AUC_CRITERION: &str = r#"
[analysis]
bootstrap = 0

[[acceptance]]
metric = "auc"
bound = "estimate"
min = 0.7
"#;

fn exclusions(
    eval: &provestein::Evaluation,
    reason: ExclusionReason,
) -> Vec<&provestein::cohort::Exclusion> {
    eval.cohort
        .excluded
        .iter()
        .filter(|e| e.reason == reason)
        .collect()
}

fn report_json(eval: &provestein::Evaluation) -> serde_json::Value {
    serde_json::to_value(eval).unwrap()
}

#[test]
fn a_feature_that_is_infinite_in_float32_excludes_its_case() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = separable(40);
    rows[3].1 = 1e300; // finite in the CSV (f64), infinity in float32
    rows[6].2 = -1e39;
    let plan = csv_plan(dir.path(), &rows, "nan_when.onnx", "", AUC_CRITERION);
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let bad = exclusions(&eval, ExclusionReason::BadFeature);
    let ids: Vec<&str> = bad.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["c3", "c6"], "{:?}", eval.cohort.excluded);
    assert!(
        bad[0].detail.contains("overflow") && bad[0].detail.contains("\"x0\""),
        "{}",
        bad[0].detail
    );
    assert!(
        bad[1].detail.contains("\"x1\"") && bad[1].detail.contains("float32"),
        "{}",
        bad[1].detail
    );
    assert_eq!(eval.binary().unwrap().cases.len(), 38);
    assert!(
        eval.binary()
            .unwrap()
            .cases
            .iter()
            .all(|c| c.score.is_finite() && c.id != "c3")
    );
    // Input problems are the cohort's, not the model's: no model-exclusion limit applies.
    assert!(eval.acceptance.model_exclusions.is_none());
    assert_eq!(eval.acceptance.verdict, Verdict::Pass);
}

#[test]
fn brier_and_calibration_are_not_judged_on_scores_outside_zero_one() {
    let dir = tempfile::tempdir().unwrap();
    let criteria = r#"
[analysis]
bootstrap = 200

[[acceptance]]
metric = "auc"
bound = "estimate"
min = 0.7

[[acceptance]]
metric = "brier"
bound = "estimate"
max = 0.25
"#;
    // The same ranking on 0–100 and on 0–1.
    let rows = separable(40);
    let percent: Vec<(bool, f64, f64)> = rows.iter().map(|&(l, s, x)| (l, 100.0 * s, x)).collect();
    let plan = csv_plan(dir.path(), &percent, "nan_when.onnx", "", criteria);
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let m = &eval.binary().unwrap().overall.metrics;
    assert_eq!(m.auc.estimate, 1.0);
    assert!(m.brier.estimate.is_nan() && m.brier.bootstrap.iter().all(|b| b.is_nan()));
    assert!(eval.binary().unwrap().overall.calibration.is_none());
    let brier = &eval.acceptance.criteria[1];
    assert_eq!(brier.verdict, Verdict::Inconclusive);
    assert!(
        brier.explanation.contains("outside [0, 1]"),
        "{}",
        brier.explanation
    );
    assert_eq!(eval.acceptance.verdict, Verdict::Inconclusive);
    // The report says why, beside the figure and in the criterion's row.
    let doc = provestein::report::content::build(&eval, provestein::i18n::Lang::En);
    let text = format!("{doc:?}");
    assert!(text.contains("Brier not computed: some scores lie outside [0, 1]"));
    assert!(
        text.contains(
            "not computed: some scores lie outside [0, 1], so they are not probabilities"
        )
    );

    // On the probability scale the same criterion is judged (and met).
    let dir = tempfile::tempdir().unwrap();
    let plan = csv_plan(dir.path(), &rows, "nan_when.onnx", "", criteria);
    let eval = provestein::run(&plan, &common::control()).unwrap();
    assert!(eval.binary().unwrap().overall.metrics.brier.estimate < 0.05);
    assert_eq!(eval.acceptance.criteria[1].verdict, Verdict::Pass);
    assert_eq!(eval.acceptance.verdict, Verdict::Pass);
}

/// The issue's reproduction: NaN for 69 % of cases, a perfect score on the rest.
fn mostly_nan() -> Vec<(bool, f64, f64)> {
    let mut rows = separable(100);
    for (i, r) in rows.iter_mut().enumerate() {
        if i % 100 < 69 {
            r.2 = 1.0;
        }
    }
    rows
}

#[test]
fn a_model_returning_nan_for_most_cases_is_inconclusive_not_pass() {
    let dir = tempfile::tempdir().unwrap();
    let plan = csv_plan(
        dir.path(),
        &mostly_nan(),
        "nan_when.onnx",
        "",
        AUC_CRITERION,
    );
    let eval = provestein::run(&plan, &common::control()).unwrap();
    assert_eq!(exclusions(&eval, ExclusionReason::BadScore).len(), 69);
    // The criterion alone would pass: AUC 1 on the 31 cases left.
    assert_eq!(eval.acceptance.criteria[0].verdict, Verdict::Pass);
    assert_eq!(eval.acceptance.verdict, Verdict::Inconclusive);
    let m = eval.acceptance.model_exclusions.as_ref().unwrap();
    assert_eq!(
        (m.units, m.excluded, m.limit, m.over_limit),
        (100, 69, 0.05, true)
    );
    let json = report_json(&eval);
    assert_eq!(json["acceptance"]["model_exclusions"]["excluded"], 69);
    let flag = json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "model_exclusions")
        .expect("a model_exclusions flag");
    assert!(
        flag["text"]
            .as_str()
            .unwrap()
            .contains("69 of the 100 units"),
        "{flag}"
    );
    // Page 1 says why under the banner, in both languages.
    for (lang, words) in [
        (
            provestein::i18n::Lang::En,
            "without a usable score than the plan allows",
        ),
        (
            provestein::i18n::Lang::Nb,
            "flere kasus enn planen tillater",
        ),
    ] {
        let doc = format!("{:?}", provestein::report::content::build(&eval, lang));
        assert!(doc.contains(words), "{lang:?}");
    }

    // A plan that allows 70 % gets the criteria's verdict, and says how many there were.
    let dir = tempfile::tempdir().unwrap();
    let rest = AUC_CRITERION.replacen(
        "bootstrap = 0",
        "bootstrap = 0\nmax_model_exclusions = 0.7",
        1,
    );
    let plan = csv_plan(dir.path(), &mostly_nan(), "nan_when.onnx", "", &rest);
    assert_eq!(plan.analysis.max_model_exclusions, 0.7);
    let eval = provestein::run(&plan, &common::control()).unwrap();
    assert_eq!(eval.acceptance.verdict, Verdict::Pass);
    assert!(
        !eval
            .acceptance
            .model_exclusions
            .as_ref()
            .unwrap()
            .over_limit
    );
    assert!(eval.flags.iter().all(|f| f.id() != "model_exclusions"));
}

#[test]
fn the_new_plan_keys_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    for (keys, rest, words) in [
        (
            "",
            "[analysis]\nmax_model_exclusions = 1.5",
            "max_model_exclusions = 1.5 must lie between 0 and 1",
        ),
        (
            "",
            "[analysis]\nmax_model_exclusions = -0.1",
            "must lie between 0 and 1",
        ),
        (
            "timeout_seconds = 0",
            "",
            "timeout_seconds must be at least 1",
        ),
        (
            "timeout_seconds = 100000",
            "",
            "timeout_seconds = 100000 is above the limit of 86400",
        ),
    ] {
        let text = format!(
            "[study]\nname = \"t\"\nintended_use = \"u\"\n[model]\npath = \"m.onnx\"\ninput = \"X\"\noutput = \"p\"\n{keys}\n[cohort]\nkind = \"csv\"\npath = \"c.csv\"\nid = \"id\"\nlabel = \"y\"\npositive = 1\nfeatures = [\"a\"]\n{rest}\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.7\n"
        );
        let err = Plan::load(&common::write_plan(dir.path(), &text))
            .unwrap_err()
            .to_string();
        assert!(err.contains(words), "{keys} {rest}: {err}");
    }
}

#[test]
fn a_batch_onnx_runtime_fails_on_excludes_only_the_cases_that_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = separable(60);
    rows[7].2 = 5.0; // an index out of the model's table: ONNX Runtime fails the batch
    rows[41].2 = 9.0;
    let plan = csv_plan(
        dir.path(),
        &rows,
        "fail_when.onnx",
        "batch = 16",
        AUC_CRITERION,
    );
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let failed = exclusions(&eval, ExclusionReason::InferenceFailed);
    let ids: Vec<&str> = failed.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["c7", "c41"]);
    assert!(
        failed[0].detail.starts_with("line 9: inference failed"),
        "{}",
        failed[0].detail
    );
    assert_eq!(eval.binary().unwrap().cases.len(), 58);
    // 2 of 60 (3.3 %) is under the default 5 %: the criteria decide.
    let m = eval.acceptance.model_exclusions.as_ref().unwrap();
    assert_eq!((m.excluded, m.units, m.over_limit), (2, 60, false));
    assert_eq!(eval.acceptance.verdict, Verdict::Pass);
}

#[test]
fn a_model_that_fails_on_every_case_of_its_first_batch_is_an_error_not_a_cohort_of_exclusions() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<(bool, f64, f64)> = separable(40)
        .into_iter()
        .map(|(l, s, _)| (l, s, 5.0))
        .collect();
    let plan = csv_plan(
        dir.path(),
        &rows,
        "fail_when.onnx",
        "batch = 8",
        AUC_CRITERION,
    );
    let err = provestein::run(&plan, &common::control()).unwrap_err();
    assert_eq!(err.exit_code(), 4, "{err}");
    let text = err.to_string();
    assert!(
        text.contains("fails on every case of the first batch (8), each alone too"),
        "{text}"
    );
    assert!(text.contains("fail_when.onnx"), "{text}");
}

#[test]
fn a_model_that_loops_forever_loses_its_batch_to_the_time_limit_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut rows = separable(40);
    rows[25].2 = 4e18; // the batch holding this row runs a Loop of 4e18 iterations
    let plan = csv_plan(
        dir.path(),
        &rows,
        "loop_when.onnx",
        "batch = 10\ntimeout_seconds = 1",
        AUC_CRITERION,
    );
    assert_eq!(plan.model.as_ref().unwrap().timeout_seconds, Some(1));
    let started = Instant::now();
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "the run took {took:?}");
    let timed_out = exclusions(&eval, ExclusionReason::Timeout);
    let ids: Vec<String> = timed_out.iter().map(|e| e.id.clone()).collect();
    let want: Vec<String> = (20..30).map(|i| format!("c{i}")).collect();
    assert_eq!(ids, want, "the third batch of 10");
    assert!(
        timed_out[0].detail.contains("time limit of 1 s"),
        "{}",
        timed_out[0].detail
    );
    assert_eq!(eval.binary().unwrap().cases.len(), 30);
    // 10 of 40 is over the default limit of 5 %.
    assert_eq!(eval.acceptance.verdict, Verdict::Inconclusive);
    assert_eq!(
        eval.cohort.excluded_by_reason[&ExclusionReason::Timeout],
        10
    );
}

/// Copies the imaging demo's images and labels into `dir` and returns a plan text for them with
/// `model_file` (no vendor manifest, whose model hash would not match).
fn imaging_copy(dir: &Path, model_file: &str) -> String {
    let demo = root().join("sample-studies/imaging-demo");
    common::copy_dir(&demo.join("images"), &dir.join("images"));
    std::fs::copy(demo.join("labels.csv"), dir.join("labels.csv")).unwrap();
    imaging_demo_plan()
        .replace(
            &demo.join("images").display().to_string(),
            &dir.join("images").display().to_string(),
        )
        .replace(
            &demo.join("labels.csv").display().to_string(),
            &dir.join("labels.csv").display().to_string(),
        )
        .replace(
            &root()
                .join("models/blob_detector.onnx")
                .display()
                .to_string(),
            &model(model_file).display().to_string(),
        )
        .lines()
        .filter(|l| !l.starts_with("manifest ="))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("bootstrap = 2000", "bootstrap = 0")
}

/// Writes a 40 × 48 copy of one of the demo's (64 × 64, Explicit VR Little Endian) images as
/// `rel` and gives it a labels row.
fn add_odd_sized_image(dir: &Path, rel: &str) {
    use dicom_core::{DataElement, PrimitiveValue, VR};
    use dicom_dictionary_std::tags;
    let src = dir.join("images/study-01/series-1/IM0002.dcm");
    let mut obj = dicom_object::open_file(&src).unwrap();
    let (rows, cols) = (40u16, 48u16);
    let pixels: Vec<u16> = (0..u32::from(rows) * u32::from(cols))
        .map(|i| 1024 + (i % 37) as u16)
        .collect();
    obj.put(DataElement::new(
        tags::ROWS,
        VR::US,
        PrimitiveValue::from(rows),
    ));
    obj.put(DataElement::new(
        tags::COLUMNS,
        VR::US,
        PrimitiveValue::from(cols),
    ));
    obj.put(DataElement::new(
        tags::PIXEL_DATA,
        VR::OW,
        PrimitiveValue::U16(pixels.into()),
    ));
    let uid = "1.2.826.0.1.3680043.8.498.99999999999999999999999999999999999";
    obj.put(DataElement::new(
        tags::SOP_INSTANCE_UID,
        VR::UI,
        PrimitiveValue::from(uid),
    ));
    obj.write_to_file(dir.join("images").join(rel)).unwrap();
    let labels = dir.join("labels.csv");
    let mut text = std::fs::read_to_string(&labels).unwrap();
    let study = text
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(2)
        .unwrap()
        .to_string();
    text.push_str(&format!("{rel},{uid},{study},1\n"));
    std::fs::write(labels, text).unwrap();
}

fn expected_scores() -> std::collections::HashMap<String, f64> {
    let mut r =
        csv::Reader::from_path(root().join("sample-studies/imaging-demo/expected_scores.csv"))
            .unwrap();
    let h = r.headers().unwrap().clone();
    let file = h.iter().position(|c| c == "file").unwrap();
    let score = h.iter().position(|c| c.contains("score")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[file].to_string(), rec[score].parse().unwrap())
        })
        .collect()
}

#[test]
fn a_batch_size_one_model_runs_one_by_one_and_an_odd_sized_image_is_excluded() {
    let dir = tempfile::tempdir().unwrap();
    let text = imaging_copy(dir.path(), "blob_detector_n1.onnx");
    add_odd_sized_image(dir.path(), "study-01/series-1/ODD.dcm");
    let plan = Plan::load(&common::write_plan(dir.path(), &text)).unwrap();
    let eval = provestein::run(&plan, &common::control()).unwrap();
    // The odd image is an exclusion naming the shapes, not a failed run.
    let odd = exclusions(&eval, ExclusionReason::Unscorable);
    assert_eq!(odd.len(), 1, "{:?}", eval.cohort.excluded);
    assert!(
        odd[0].detail.contains("[N, 1, 40, 48]") && odd[0].detail.contains("[1, 1, 64, 64]"),
        "{}",
        odd[0].detail
    );
    assert_eq!(odd[0].id, common::pseudonym("study-01/series-1/ODD.dcm"));
    // Every other image scored, one per call, as the dynamic-batch model scores them.
    let want = expected_scores();
    assert_eq!(
        eval.binary().unwrap().cases.len(),
        47,
        "the demo's 47 evaluable images"
    );
    for c in &eval.binary().unwrap().cases {
        let file = c.files()[0]
            .strip_prefix(dir.path().join("images"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        common::assert_close(&file, c.score, want[&file], 1e-6);
    }
    // 1 of 49 images (2 %) is under the default limit.
    assert!(
        !eval
            .acceptance
            .model_exclusions
            .as_ref()
            .unwrap()
            .over_limit
    );
}

#[test]
fn a_failed_occlusion_map_is_a_warning_and_the_run_stands() {
    let dir = tempfile::tempdir().unwrap();
    let text = imaging_copy(dir.path(), "nan_on_flat.onnx")
        .replace("positive_index = 0", "positive_index = 0\nbatch = 8")
        + "\n[explain]\npatch = 16\nstride = 16\n";
    let plan_path = common::write_plan(dir.path(), &text);
    let out = dir.path().join("out");
    let history = dir.path().join("history.sqlite");
    let o = common::with_history(
        &[
            "batch",
            plan_path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--explain",
            "all",
            "-q",
        ],
        &history,
    );
    let said = common::output_text(&o);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let verdict = json["acceptance"]["verdict"].as_str().unwrap();
    let code = match verdict {
        "pass" => 0,
        "fail" => 1,
        _ => 2,
    };
    assert_eq!(o.status.code(), Some(code), "{said}");
    assert!(out.join("report.pdf").exists() && out.join("report.html").exists());
    // Every case's map fails (its top-left copy scores NaN): one warning per case, by pseudonym.
    let predictions = std::fs::read_to_string(out.join("predictions.csv")).unwrap();
    let first = predictions
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert!(first.starts_with("case-"), "{first}");
    assert!(
        said.contains(&format!("warning: no occlusion map for case {first}: ")),
        "{said}"
    );
    assert!(
        said.contains("is NaN; an occlusion map needs finite scores"),
        "{said}"
    );
    assert!(
        json["occlusion_maps"]
            .as_array()
            .is_none_or(|m| m.is_empty()),
        "{}",
        json["occlusion_maps"]
    );
    assert!(!said.contains("Demo^Patient"), "{said}");
    // The history holds the run as finished.
    let list = common::with_history(&["history", "list"], &history);
    let listed = common::output_text(&list);
    assert!(!listed.contains("failed"), "{listed}");
}
