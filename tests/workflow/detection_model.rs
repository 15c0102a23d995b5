//! Detection with marks from an ONNX detector the engine runs (`[marks] kind = "model"`, issue
//! 17): the synthetic detection-dicom-demo's `plan-model.toml` through `batch`, its FROC,
//! sensitivity at each rate, CPM and counts equal to `expected.json` (computed by
//! `scripts/peers_detection_dicom_sample.py` with onnxruntime, pydicom and highdicom in
//! Python), the padding rows counted, no identifier of the sample's headers or folder names in
//! any output; and a detector whose output rows do not fit `[marks] layout` refused with a
//! message naming the tensor, its shape and the layout.

use crate::common;

use std::path::{Path, PathBuf};

use provestein::Plan;

fn demo() -> PathBuf {
    common::root().join("sample-studies/detection-dicom-demo")
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(demo().join("expected.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap()["model"].clone()
}

/// The model plan with its paths made absolute, so that a variant can be written anywhere.
fn model_plan() -> String {
    let dir = demo();
    std::fs::read_to_string(dir.join("plan-model.toml"))
        .unwrap()
        .replace(
            "path = \"../../models/point_detector.onnx\"",
            &format!(
                "path = \"{}\"",
                common::root().join("models/point_detector.onnx").display()
            ),
        )
        .replace(
            "path = \"images\"",
            &format!("path = \"{}\"", dir.join("images").display()),
        )
        .replace(
            "path = \"truth\"",
            &format!("path = \"{}\"", dir.join("truth").display()),
        )
}

fn f(v: &serde_json::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The patient folders' names and their parts (`SURNAME^GIVEN_<PatientID>`), and the study
/// folders' (`<StudyDate>_<AccessionNumber>`): none may appear in an output.
fn identifiers(images: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for patient in std::fs::read_dir(images).unwrap() {
        let patient = patient.unwrap().path();
        let name = patient.file_name().unwrap().to_string_lossy().to_string();
        out.extend(name.split(['_', '^']).map(str::to_string));
        out.push(name);
        for study in std::fs::read_dir(&patient).unwrap() {
            let study = study.unwrap().file_name().to_string_lossy().to_string();
            out.extend(study.split('_').map(str::to_string));
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn batch_runs_the_detector_and_its_figures_equal_the_python_peers() {
    let want = expected();
    let out = tempfile::tempdir().unwrap();
    let (code, printed) = common::batch(&demo().join("plan-model.toml"), out.path());
    assert_eq!(code, Some(0), "{printed}");
    assert!(printed.contains("Verdict: PASS"), "{printed}");
    let text = std::fs::read_to_string(out.path().join("report.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let d = &json["detection"];

    // The counts the peers found.
    assert_eq!(d["units"], want["units"]);
    assert_eq!(d["patients"], want["patients"]);
    assert_eq!(d["units_with_lesions"], want["units_with_lesions"]);
    assert_eq!(d["lesions"]["total"], want["lesions"]);
    assert_eq!(d["lesions"]["hit"], want["lesions_hit"]);
    assert_eq!(d["marks"]["total"], want["marks"]);
    assert_eq!(d["marks"]["true_positive"], want["tp"]);
    assert_eq!(d["marks"]["false_positive"], want["fp"]);
    assert_eq!(d["marks"]["extra"], want["extra"]);
    let s = &d["sources"];
    assert_eq!(s["marks"], "model");
    assert_eq!(s["padding_rows"], want["padding_rows"]);
    // Every output row is a mark or padding: 90 images × 8 rows.
    assert_eq!(
        want["rows"].as_u64().unwrap(),
        want["marks"].as_u64().unwrap() + want["padding_rows"].as_u64().unwrap()
    );
    assert_eq!(s["specks"], want["specks"]);

    // FROC point by point, sensitivity at each rate, CPM.
    let froc = d["froc"].as_array().unwrap();
    let peer = want["froc"].as_array().unwrap();
    assert_eq!(froc.len(), peer.len(), "FROC points");
    for (i, (g, w)) in froc.iter().zip(peer).enumerate() {
        for k in ["fp_per_unit", "sensitivity"] {
            common::assert_close(&format!("froc[{i}].{k}"), f(&g[k]), f(&w[k]), 1e-9);
        }
        match w["threshold"].as_f64() {
            Some(t) => {
                common::assert_close(&format!("froc[{i}].threshold"), f(&g["threshold"]), t, 1e-9)
            }
            None => assert!(
                g["threshold"].as_f64().is_none_or(|t| t.is_infinite()),
                "froc[{i}] {g}"
            ),
        }
    }
    let at = d["sensitivity_at"].as_array().unwrap();
    let peer_at = want["sensitivity_at"].as_array().unwrap();
    assert_eq!(at.len(), peer_at.len());
    for (g, w) in at.iter().zip(peer_at) {
        assert_eq!(g["fp_rate"], w["fp_rate"]);
        common::assert_close(
            &format!("sensitivity at {}", w["fp_rate"]),
            f(&g["estimate"]),
            f(&w["sensitivity"]),
            1e-9,
        );
    }
    common::assert_close("cpm", f(&d["cpm"]["estimate"]), f(&want["cpm"]), 1e-9);

    // The unit level: every image a unit, scored by its highest mark.
    assert_eq!(json["unit_level"]["overall"]["n"], want["units"]);

    // No name, PatientID, date or accession number of the sample in any output.
    let ids = identifiers(&demo().join("images"));
    assert!(ids.len() > 60, "{ids:?}");
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        let Ok(body) = std::fs::read_to_string(&path) else {
            continue; // the PDF: its text is compressed; the HTML holds the same document
        };
        for id in ids.iter().filter(|id| id.len() >= 6) {
            assert!(!body.contains(id.as_str()), "{} holds {id}", path.display());
        }
    }
}

#[test]
fn a_layout_that_does_not_fit_the_output_is_refused_naming_tensor_shape_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let text = model_plan().replace(
        "layout = [\"x\", \"y\", \"score\"]",
        "layout = [\"x\", \"y\", \"score\", \"-\"]",
    );
    assert!(
        text.contains("\"-\"]"),
        "the plan's layout line changed: {text}"
    );
    let plan = Plan::load(&common::write_plan(dir.path(), &text)).unwrap();
    let e = provestein::run(&plan, &common::control())
        .unwrap_err()
        .to_string();
    for part in [
        "output \"marks\"",
        "[1, 8, 3]",
        "3 values per row",
        "[marks] layout = [x, y, score, -] names 4",
        "point_detector.onnx",
    ] {
        assert!(e.contains(part), "{part:?} not in: {e}");
    }
}

#[test]
fn rows_below_min_score_are_padding_and_a_higher_min_score_leaves_fewer_marks() {
    // min_score = 0.5: fewer marks than at 0.05, every row still a mark or padding.
    let dir = tempfile::tempdir().unwrap();
    let text = model_plan().replace("min_score = 0.05", "min_score = 0.5");
    assert!(text.contains("min_score = 0.5"));
    let plan = Plan::load(&common::write_plan(dir.path(), &text)).unwrap();
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let d = &eval.detection().expect("a detection evaluation").detection;
    let rows = expected()["rows"].as_u64().unwrap() as usize;
    let padding = d.sources.as_ref().unwrap().padding_rows;
    assert_eq!(d.marks.total + padding, rows);
    assert!(
        d.marks.total < expected()["marks"].as_u64().unwrap() as usize,
        "{} marks",
        d.marks.total
    );
}

/// The model plan with fewer bootstrap replicates (the figures' equality does not need 1,000).
fn quick_plan(dir: &Path) -> Plan {
    let mut plan = Plan::load(&common::write_plan(dir, &model_plan())).unwrap();
    plan.analysis.bootstrap = 200;
    plan
}

#[test]
fn the_detector_scored_in_two_parts_gives_the_run_s_figures() {
    use provestein::run::{Outcomes, evaluate, prepare, score};
    let dir = tempfile::tempdir().unwrap();
    let plan = quick_plan(dir.path());
    let ctl = common::control();
    let whole = provestein::run(&plan, &ctl).unwrap();
    let prepared = prepare(&plan, &ctl).unwrap();
    let all = prepared.all();
    let (odd, even): (Vec<usize>, Vec<usize>) = all.iter().partition(|&&i| i % 2 == 1);
    let a = score(&prepared, &odd, &ctl).unwrap();
    let b = score(&prepared, &even, &ctl).unwrap();
    // The marks travel with the outcomes, as a part's JSON file carries them.
    let b: Outcomes = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
    assert!(b.scored.iter().all(|s| s.marks().is_some()));
    let merged = Outcomes::default().merge(b).unwrap().merge(a).unwrap();
    let parts = evaluate(&prepared, &merged, &ctl).unwrap();
    let figures = |e: &provestein::Evaluation| {
        serde_json::to_value(&e.detection().expect("detection").detection).unwrap()
    };
    assert_eq!(figures(&parts), figures(&whole));
    assert_eq!(
        figures(&parts)["sources"]["padding_rows"],
        expected()["padding_rows"]
    );
}

#[test]
fn a_unit_whose_image_cannot_be_read_is_excluded_with_its_lesions_counted() {
    use provestein::run::{Input, evaluate, prepare, score};
    let dir = tempfile::tempdir().unwrap();
    let plan = quick_plan(dir.path());
    let ctl = common::control();
    let mut prepared = prepare(&plan, &ctl).unwrap();
    let full = provestein::run(&plan, &ctl).unwrap();
    let full = &full.detection().unwrap().detection;
    // A unit with a lesion whose image went missing after the index was made.
    let at = prepared.units.iter().position(|u| u.label).unwrap();
    let id = prepared.units[at].id.clone();
    let Input::Images(case) = &mut prepared.units[at].input else {
        panic!("a DICOM unit")
    };
    case.images[0].path = dir.path().join("gone.dcm");
    let outcomes = score(&prepared, &prepared.all(), &ctl).unwrap();
    let s = outcomes.scored.iter().find(|s| s.unit == id).unwrap();
    assert!(s.outcomes[0].is_err(), "{:?}", s.outcomes);
    assert_eq!(s.marks(), None);
    let eval = evaluate(&prepared, &outcomes, &ctl).unwrap();
    let d = &eval.detection().unwrap().detection;
    assert_eq!(d.units, full.units - 1);
    let excluded = eval
        .cohort
        .excluded
        .iter()
        .find(|e| e.id == id)
        .expect("the unit is listed as excluded");
    let lost = full.lesions.total - d.lesions.total;
    assert!(lost >= 1);
    assert!(
        excluded.detail.starts_with("image 1: "),
        "{}",
        excluded.detail
    );
    let counted = if lost == 1 {
        "its 1 lesion is left out of the lesion-level figures".to_string()
    } else {
        format!("its {lost} lesions are left out of the lesion-level figures")
    };
    assert!(excluded.detail.contains(&counted), "{}", excluded.detail);
}

#[test]
fn a_cancelled_run_stops_between_units() {
    use provestein::run::{prepare, score};
    let dir = tempfile::tempdir().unwrap();
    let plan = quick_plan(dir.path());
    let ctl = common::control();
    let prepared = prepare(&plan, &ctl).unwrap();
    ctl.cancel_flag()
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let e = score(&prepared, &prepared.all(), &ctl).unwrap_err();
    assert!(matches!(e, provestein::Error::Cancelled), "{e}");
}

#[test]
fn marks_of_a_resized_input_are_mapped_back_to_the_image_and_still_hit() {
    // The detector on 96 × 96 inputs (the images are 128 × 128): its marks come back in input
    // pixels, 3/4 of the image's; undone (column = (x + ½)·128/96 − ½), every lesion is still
    // hit, as at full size. Read at input scale they would fall up to 25 mm off, beyond every
    // lesion's radius (3–10 mm).
    let dir = tempfile::tempdir().unwrap();
    let text = model_plan().replace("resize = \"none\"", "resize = [96, 96]");
    assert!(text.contains("[96, 96]"));
    let mut plan = Plan::load(&common::write_plan(dir.path(), &text)).unwrap();
    plan.analysis.bootstrap = 50;
    let eval = provestein::run(&plan, &common::control()).unwrap();
    let d = &eval.detection().unwrap().detection;
    assert_eq!(d.lesions.total, 55);
    assert_eq!(d.lesions.hit, 55, "{:?}", d.marks);
    // Another input size, other marks: the run did resize.
    assert_ne!(
        d.marks.total,
        expected()["marks"].as_u64().unwrap() as usize
    );
}
