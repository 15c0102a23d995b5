//! Detection runs end to end (issue 17, marks and lesions from CSV): the synthetic
//! detection-demo through `batch` (verdict, exit code, the four outputs, report.json's keys read
//! back through the contract), the engine's FROC, sensitivity at each rate and CPM equal to
//! `metrics::detection` on the same marks read independently here, the counts designed into
//! the sample (right unit wrong place, extra, unknown unit, false positives on lesion-free
//! scans, the missed 4 mm nodule), and every refusal with a message that names what to fix.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use common::control;
use provestein::Plan;
use provestein::metrics::Clusters;
use provestein::metrics::detection::{self, HitRule, Lesion, Mark};

fn demo() -> PathBuf {
    common::root().join("sample-studies/detection-demo")
}

/// The demo plan with its paths made absolute, so that a variant can be written anywhere.
fn demo_plan() -> String {
    let dir = demo();
    std::fs::read_to_string(dir.join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"scans.csv\"",
            &format!("path = \"{}\"", dir.join("scans.csv").display()),
        )
        .replace(
            "path = \"marks.csv\"",
            &format!("path = \"{}\"", dir.join("marks.csv").display()),
        )
        .replace(
            "path = \"truth.csv\"",
            &format!("path = \"{}\"", dir.join("truth.csv").display()),
        )
}

fn load(dir: &Path, text: &str) -> provestein::Result<Plan> {
    Plan::load(&common::write_plan(dir, text))
}

/// Rows of a small CSV as maps from column name to value.
fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_string))
                .collect()
        })
        .collect()
}

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key].parse().unwrap()
}

#[test]
fn batch_runs_the_detection_demo_to_a_pass_with_every_output() {
    let out = tempfile::tempdir().unwrap();
    let (code, printed) = common::batch(&demo().join("plan.toml"), out.path());
    assert_eq!(code, Some(0), "{printed}");
    assert!(printed.contains("Verdict: PASS"), "{printed}");
    for f in [
        "report.json",
        "report.pdf",
        "report.html",
        "predictions.csv",
    ] {
        assert!(out.path().join(f).is_file(), "{f} missing");
    }
    let text = std::fs::read_to_string(out.path().join("report.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["task"], "detection");
    let d = &json["detection"];
    // The keys the issue names.
    let froc = d["froc"].as_array().unwrap();
    assert!(froc.len() > 10);
    for p in froc {
        assert!(
            p["fp_per_unit"].is_number() && p["sensitivity"].is_number(),
            "{p}"
        );
    }
    let at = d["sensitivity_at"].as_array().unwrap();
    let rates: Vec<f64> = at.iter().map(|s| s["fp_rate"].as_f64().unwrap()).collect();
    assert_eq!(rates, [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0]);
    for s in at {
        let (e, lo, hi) = (
            s["estimate"].as_f64().unwrap(),
            s["ci_low"].as_f64().unwrap(),
            s["ci_high"].as_f64().unwrap(),
        );
        assert!(lo <= e && e <= hi, "{s}");
    }
    for k in ["estimate", "ci_low", "ci_high"] {
        assert!(d["cpm"][k].is_number(), "cpm.{k}");
    }
    assert_eq!(d["lesions"]["total"], 40);
    assert_eq!(d["wrong_place"]["units"], serde_json::json!(["scan-001"]));
    // The unit level is a binary evaluation beside it.
    assert_eq!(json["unit_level"]["overall"]["n"], 60);
    // Every criterion judged, lesion sensitivity with its FP rate.
    let criteria = json["acceptance"]["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 3);
    assert_eq!(criteria[0]["fp_rate"], 1.0);
    assert!(
        criteria.iter().all(|c| c["verdict"] == "pass"),
        "{criteria:?}"
    );
    // report.json reads back through the contract and is written again byte for byte.
    let back = provestein::report::json::read(&text, "report.json").unwrap();
    assert_eq!(provestein::report::json::to_string(&back), text);
    // predictions.csv: one row per scan, at the unit level.
    let csv = std::fs::read_to_string(out.path().join("predictions.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 60);
    assert!(csv.contains("\nscan-001,1,0.81,1,"), "{csv}");
    // The PDF has the detection section (its text, in the PDF's own streams, is compressed:
    // the HTML of the same document is checked instead).
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    for s in [
        "Lesion-level detection",
        "Right unit, wrong place",
        "CPM (mean over the rates)",
        "Lesions by size",
        "lesion sensitivity at 1 FP per unit",
    ] {
        assert!(html.contains(s), "{s} not in the HTML report");
    }
}

#[test]
fn the_engine_froc_equals_metrics_detection_and_the_designed_counts_show() {
    let dir = demo();
    let plan = Plan::load(&dir.join("plan.toml")).unwrap();
    let eval = provestein::run(&plan, &control()).unwrap();
    let d = eval.detection().expect("a detection evaluation");
    let det = &d.detection;

    // The same marks and lesions, read here without the engine.
    let scans = rows(&dir.join("scans.csv"));
    let index: HashMap<&str, usize> = scans
        .iter()
        .enumerate()
        .map(|(i, r)| (r["scan"].as_str(), i))
        .collect();
    let patients: Vec<&str> = scans.iter().map(|r| r["patient_id"].as_str()).collect();
    let mark_rows = rows(&dir.join("marks.csv"));
    let marks: Vec<Mark> = mark_rows
        .iter()
        .filter_map(|r| {
            Some(Mark {
                unit: *index.get(r["scan"].as_str())?,
                centre: [num(r, "x_mm"), num(r, "y_mm"), num(r, "z_mm")],
                score: num(r, "score"),
                bbox: None,
            })
        })
        .collect();
    let truth = rows(&dir.join("truth.csv"));
    let lesions: Vec<Lesion> = truth
        .iter()
        .map(|r| Lesion {
            unit: index[r["scan"].as_str()],
            centre: [num(r, "x_mm"), num(r, "y_mm"), num(r, "z_mm")],
            radius: Some(num(r, "radius_mm")),
            bbox: None,
        })
        .collect();
    let matching = detection::match_marks(&marks, &lesions, HitRule::CentreWithinRadius);
    let a = &plan.analysis;
    let froc = detection::froc(
        &marks,
        &matching,
        &lesions,
        &Clusters::from_keys(&patients),
        &[0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0],
        a.bootstrap,
        a.seed,
        a.confidence,
    );
    assert_eq!(det.froc, froc.points);
    assert_eq!(det.sensitivity_at, froc.sensitivity_at);
    assert_eq!(det.cpm, froc.cpm);
    assert_eq!(det.hit, HitRule::CentreWithinRadius);
    assert_eq!(
        (det.units, det.units_with_lesions, det.patients),
        (60, 30, 40)
    );
    assert_eq!(det.replicates, 2000);
    // The CPM is the mean of the sensitivities at the rates.
    let mean = det
        .sensitivity_at
        .iter()
        .map(|s| s.sensitivity.estimate)
        .sum::<f64>()
        / 7.0;
    common::assert_close("cpm", det.cpm.estimate, mean, 1e-12);

    // The designed cases.
    let m = &det.marks;
    assert_eq!(m.total, mark_rows.len());
    assert_eq!(m.unknown_unit, 1, "the mark for scan-999");
    assert_eq!(m.extra, 1, "the second mark on scan-005's nodule");
    let with_lesions: HashSet<&str> = truth.iter().map(|r| r["scan"].as_str()).collect();
    let on_free = mark_rows
        .iter()
        .filter(|r| {
            index.contains_key(r["scan"].as_str()) && !with_lesions.contains(r["scan"].as_str())
        })
        .count();
    assert_eq!(m.on_lesion_free_units, on_free);
    assert!(on_free > 20);
    assert_eq!(
        m.true_positive + m.false_positive + m.extra + m.unknown_unit,
        m.total,
        "every mark is one of the four"
    );
    assert_eq!(m.true_positive, det.lesions.hit);
    assert_eq!(det.wrong_place.units, ["scan-001"]);
    assert_eq!(det.wrong_place.count, 1);
    assert_eq!(det.wrong_place.threshold, 0.5);
    // scan-001 is called positive at the unit level although its mark misses the nodule.
    let unit = d
        .unit_level
        .cases
        .iter()
        .find(|c| c.id == "scan-001")
        .unwrap();
    assert!(unit.label && unit.score >= 0.5);
    // The missed 4 mm nodule of scan-003 leads the lesion table and is the "< 6 mm" stratum.
    let small = det
        .lesions
        .worst
        .iter()
        .find(|l| l.unit == "scan-003" && l.size_mm == Some(4.0))
        .expect("the 4 mm nodule is listed");
    assert_eq!(small.score, None);
    assert_eq!(det.lesions.by_size[0].name, "< 6 mm");
    assert_eq!(
        (det.lesions.by_size[0].lesions, det.lesions.by_size[0].hit),
        (1, 0)
    );
    assert_eq!(det.lesions.missed, 5, "4 missed nodules and scan-001's");
    assert!(det.lesions.worst[..5].iter().all(|l| l.score.is_none()));
    let types: usize = det.lesions.by_type.iter().map(|s| s.lesions).sum();
    assert_eq!(types, 40);
    // Binary figures of the unit level: Evaluation::binary() is it.
    assert_eq!(eval.binary().unwrap().overall.n, 60);
    assert_eq!(eval.binary().unwrap().overall.n_positive, 30);
}

/// A detection plan on small CSVs in `dir`: `extra` is appended (criteria, [detection]…).
fn small_plan(dir: &Path, truth: &str, marks: &str, extra: &str) -> String {
    std::fs::write(
        dir.join("scans.csv"),
        "scan,patient\nu1,p1\nu2,p1\nu3,p2\nu4,p3\n",
    )
    .unwrap();
    std::fs::write(dir.join("truth.csv"), truth).unwrap();
    std::fs::write(dir.join("marks.csv"), marks).unwrap();
    format!(
        r#"
[study]
name = "small"
intended_use = "test"
task = "detection"
[cohort]
kind = "csv"
path = "scans.csv"
id = "scan"
patient = "patient"
[marks]
path = "marks.csv"
unit = "scan"
x = "x"
y = "y"
score = "score"
[lesions]
path = "truth.csv"
unit = "scan"
x = "x"
y = "y"
radius = "r"
[analysis]
bootstrap = 200
{extra}
"#
    )
}

const TRUTH: &str = "scan,x,y,r\nu1,10,10,5\nu3,50,50,4\n";
const MARKS: &str = "scan,x,y,score\nu1,11,10,0.9\nu2,80,80,0.4\nu3,90,90,0.7\n";
const AUC: &str = "[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n";

#[test]
fn a_small_cohort_runs_and_a_bad_row_names_its_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let plan = load(dir.path(), &small_plan(dir.path(), TRUTH, MARKS, AUC)).unwrap();
    let eval = provestein::run(&plan, &control()).unwrap();
    let det = &eval.detection().unwrap().detection;
    assert_eq!((det.lesions.total, det.lesions.hit), (2, 1));
    assert_eq!(det.marks.false_positive, 2);
    assert_eq!(det.marks.on_lesion_free_units, 1, "u2's mark");
    assert_eq!(
        det.wrong_place.units,
        ["u3"],
        "0.7 ≥ 0.5 and its mark misses"
    );
    // Unit scores: the highest mark, 0 without marks (u4).
    let scores: Vec<f64> = eval
        .binary()
        .unwrap()
        .cases
        .iter()
        .map(|c| c.score)
        .collect();
    assert_eq!(scores, [0.9, 0.4, 0.7, 0.0]);

    // A non-numeric coordinate: file, line and column.
    let bad = MARKS.replace("u2,80,80", "u2,eighty,80");
    let plan = load(dir.path(), &small_plan(dir.path(), TRUTH, &bad, AUC)).unwrap();
    let e = provestein::run(&plan, &control()).unwrap_err().to_string();
    assert!(
        e.contains("marks.csv")
            && e.contains("line 3")
            && e.contains("\"x\"")
            && e.contains("eighty"),
        "{e}"
    );
    // A non-numeric radius.
    let bad = TRUTH.replace("u3,50,50,4", "u3,50,50,four");
    let plan = load(dir.path(), &small_plan(dir.path(), &bad, MARKS, AUC)).unwrap();
    let e = provestein::run(&plan, &control()).unwrap_err().to_string();
    assert!(
        e.contains("truth.csv") && e.contains("line 3") && e.contains("\"r\""),
        "{e}"
    );
    // A lesion for a unit the cohort does not have is an error naming file and line.
    let bad = format!("{TRUTH}u9,1,1,1\n");
    let plan = load(dir.path(), &small_plan(dir.path(), &bad, MARKS, AUC)).unwrap();
    let e = provestein::run(&plan, &control()).unwrap_err().to_string();
    assert!(
        e.contains("truth.csv") && e.contains("line 4") && e.contains("\"u9\""),
        "{e}"
    );
    // A mark for such a unit is counted, not an error.
    let more = format!("{MARKS}u9,1,1,0.99\n");
    let plan = load(dir.path(), &small_plan(dir.path(), TRUTH, &more, AUC)).unwrap();
    let eval = provestein::run(&plan, &control()).unwrap();
    assert_eq!(eval.detection().unwrap().detection.marks.unknown_unit, 1);
    // A column the plan names that the file lacks: file and column.
    let plan = load(
        dir.path(),
        &small_plan(dir.path(), TRUTH, MARKS, AUC).replace("score = \"score\"", "score = \"prob\""),
    )
    .unwrap();
    let e = provestein::run(&plan, &control()).unwrap_err().to_string();
    assert!(e.contains("marks.csv") && e.contains("prob"), "{e}");
}

#[test]
fn what_this_version_cannot_read_or_judge_is_refused_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let base = small_plan(dir.path(), TRUTH, MARKS, AUC);
    let refused = |text: &str, want: &[&str]| {
        let e = load(dir.path(), text).unwrap_err().to_string();
        for w in want {
            assert!(e.contains(w), "{w:?} not in: {e}");
        }
    };
    // DICOM marks and lesions need the images: a CSV cohort has none.
    refused(
        &base.replace("[marks]\n", "[marks]\nkind = \"sr\"\n"),
        &["[marks] kind = \"sr\"", "set [cohort] kind = \"dicom\""],
    );
    for kind in ["seg", "sr"] {
        refused(
            &base.replace("[lesions]\n", &format!("[lesions]\nkind = \"{kind}\"\n")),
            &[
                &format!("[lesions] kind = \"{kind}\""),
                "set [cohort] kind = \"dicom\"",
            ],
        );
    }
    // A DICOM cohort's units have no ids a CSV of marks or lesions could name.
    refused(
        &base.replace("kind = \"csv\"\n", "kind = \"dicom\"\n"),
        &["DICOM cohort", "[marks] kind = \"csv\""],
    );
    // A detector model needs its output read as marks.
    refused(
        &format!("{base}\n[model]\npath = \"m.onnx\"\ninput = \"x\"\noutput = \"boxes\"\n"),
        &["[model]", "[marks] kind = \"model\"", "layout"],
    );
    refused(
        &base.replace(
            "patient = \"patient\"",
            "patient = \"patient\"\nlabel = \"y\"",
        ),
        &["a detection study's truth is [lesions]"],
    );
    refused(
        &base.replace("radius = \"r\"\n", ""),
        &["centre_within_radius", "radius"],
    );
    refused(
        &format!("{base}\n[detection]\nhit = {{ iou = 0.3 }}\n"),
        &["boxes", "[marks] box", "[lesions] box"],
    );
    refused(
        &format!("{base}\n[detection]\nfp_rates = [0.5, -1]\n"),
        &["fp_rates", "-1", "positive"],
    );
    refused(
        &format!("{base}\n[detection]\nfp_rates = [0.5, inf]\n"),
        &["fp_rates", "inf"],
    );
    refused(
        &format!("{base}\n[[acceptance]]\nmetric = \"lesion_sensitivity\"\nmin = 0.8\n"),
        &["needs fp_rate"],
    );
    refused(
        &format!(
            "{base}\n[[acceptance]]\nmetric = \"lesion_sensitivity\"\nfp_rate = 3\nmin = 0.8\n"
        ),
        &["fp_rate = 3 is not in [detection] fp_rates"],
    );
    refused(
        &format!("{base}\n[[acceptance]]\nmetric = \"cpm\"\nfp_rate = 1\nmin = 0.8\n"),
        &["fp_rate is for metric = \"lesion_sensitivity\""],
    );
    for metric in ["dice", "macro_auc"] {
        refused(
            &format!("{base}\n[[acceptance]]\nmetric = \"{metric}\"\nmin = 0.8\n"),
            &["is not a detection figure"],
        );
    }
    // A binary plan with detection keys or criteria.
    let binary = r#"
[study]
name = "b"
intended_use = "u"
[predictions]
path = "c.csv"
id = "id"
score = "s"
[cohort]
kind = "csv"
path = "c.csv"
id = "id"
label = "y"
positive = 1
"#;
    refused(
        &format!(
            "{binary}[marks]\npath = \"m.csv\"\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.7\n"
        ),
        &["[marks] is for [study] task = \"detection\""],
    );
    refused(
        &format!("{binary}[[acceptance]]\nmetric = \"cpm\"\nmin = 0.7\n"),
        &["cpm", "task = \"detection\""],
    );
    // The demo plan itself is valid.
    load(dir.path(), &demo_plan()).unwrap();
}

#[test]
fn occlusion_maps_refuse_a_detection_plan_by_task() {
    let plan = Plan::load(&demo().join("plan.toml")).unwrap();
    let e = provestein::explain::occlusion::check_plan(&plan).unwrap_err();
    assert!(e.contains("detection"), "{e}");
}

#[test]
fn a_detection_run_is_recorded_in_the_history_and_history_compare_refuses_it_by_task() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("h.sqlite");
    let plan = demo().join("plan.toml");
    for n in 1..=2 {
        let out = dir.path().join(format!("out{n}"));
        let o = common::with_history(
            &[
                "batch",
                plan.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ],
            &history,
        );
        assert_eq!(o.status.code(), Some(0), "{}", common::output_text(&o));
    }
    let o = common::with_history(&["history", "compare", "1", "2"], &history);
    let text = common::output_text(&o);
    assert_ne!(o.status.code(), Some(0), "{text}");
    assert!(text.contains("is a detection run"), "{text}");
    let o = common::with_history(&["history", "verify"], &history);
    assert_eq!(o.status.code(), Some(0), "{}", common::output_text(&o));
}

#[test]
fn the_models_own_unit_score_and_box_iou_hits_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = small_plan(dir.path(), TRUTH, MARKS, AUC)
        + "[detection]\nunit_score = \"own\"\nhit = { iou = 0.25 }\n";
    // Boxes on both sides: u1's mark box overlaps its lesion's with IoU 9/23 ≥ 0.25; u3's
    // mark box does not touch its lesion's.
    std::fs::write(
        dir.path().join("scans.csv"),
        "scan,patient,own\nu1,p1,0.8\nu2,p1,0.1\nu3,p2,0.6\nu4,p3,0.2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("truth.csv"),
        "scan,x,y,r,x0,y0,x1,y1\nu1,10,10,5,8,8,12,12\nu3,50,50,4,48,48,52,52\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("marks.csv"),
        "scan,x,y,score,x0,y0,x1,y1\nu1,10,10,0.9,9,9,13,13\nu3,60,60,0.7,58,58,62,62\n",
    )
    .unwrap();
    let text = text
        .replace(
            "score = \"score\"\n",
            "score = \"score\"\nbox = [\"x0\", \"y0\", \"x1\", \"y1\"]\n",
        )
        .replace(
            "radius = \"r\"\n",
            "radius = \"r\"\nbox = [\"x0\", \"y0\", \"x1\", \"y1\"]\n",
        );
    let plan = load(dir.path(), &text).unwrap();
    let eval = provestein::run(&plan, &control()).unwrap();
    let scores: Vec<f64> = eval
        .binary()
        .unwrap()
        .cases
        .iter()
        .map(|c| c.score)
        .collect();
    assert_eq!(scores, [0.8, 0.1, 0.6, 0.2], "the cohort's own column");
    let det = &eval.detection().unwrap().detection;
    assert_eq!(det.hit, HitRule::Iou(0.25));
    assert_eq!((det.lesions.hit, det.marks.false_positive), (1, 1));
    assert_eq!(det.wrong_place.units, ["u3"]);
    // A unit score that is not a number names the cohort file, line and column.
    std::fs::write(
        dir.path().join("scans.csv"),
        "scan,patient,own\nu1,p1,0.8\nu2,p1,high\nu3,p2,0.6\nu4,p3,0.2\n",
    )
    .unwrap();
    let plan = load(dir.path(), &text).unwrap();
    let e = provestein::run(&plan, &control()).unwrap_err().to_string();
    assert!(
        e.contains("scans.csv") && e.contains("line 3") && e.contains("\"own\""),
        "{e}"
    );
    // A box whose corners are swapped is refused, naming the line.
    std::fs::write(
        dir.path().join("scans.csv"),
        "scan,patient,own\nu1,p1,0.8\nu2,p1,0.1\nu3,p2,0.6\nu4,p3,0.2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("marks.csv"),
        "scan,x,y,score,x0,y0,x1,y1\nu1,10,10,0.9,13,9,9,13\n",
    )
    .unwrap();
    let e = provestein::run(&plan, &control()).unwrap_err().to_string();
    assert!(
        e.contains("marks.csv") && e.contains("line 2") && e.contains("corner"),
        "{e}"
    );
}
