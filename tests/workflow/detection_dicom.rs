//! Detection on a DICOM cohort (issue 17): `sample-studies/detection-dicom-demo/plan.toml`
//! (90 CT slices of 30 made-up patients, SEG truth with specks, the vendor's SR TID 1500 marks
//! with deliberate defects) through `provestein batch`: every FROC point, the sensitivities at
//! the FP rates and the CPM equal those of the independent peer script
//! (`scripts/peers_detection_dicom_sample.py`, `expected.json`) to 1e-9, every file, speck and
//! item left out is counted, and no PatientName, PatientID, birth date, accession number, UID
//! or folder name of the sample reaches any output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::common;

fn sample() -> PathBuf {
    common::root().join("sample-studies/detection-dicom-demo")
}

fn close(what: &str, got: &serde_json::Value, want: &serde_json::Value) {
    match (got.as_f64(), want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-9, "{what}: {g} against {w}"),
        _ => assert_eq!(got, want, "{what}"),
    }
}

/// The sample's UIDs and the words of its folder names (read here, not by the engine).
fn uids_and_folders(images: &Path) -> BTreeSet<String> {
    use dicom_dictionary_std::tags;
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(images) {
        let entry = entry.unwrap();
        // Patient folders (SURNAME^GIVEN_PatientID) and study folders (StudyDate_Accession):
        // every word but the date. Series folders name the series (THORAX_5MM), no one.
        if entry.file_type().is_dir() && (1..=2).contains(&entry.depth()) {
            let name = entry.file_name().to_string_lossy().to_string();
            out.extend(
                name.split(['^', '_'])
                    .filter(|w| w.len() >= 4 && !(entry.depth() == 2 && w.len() == 8))
                    .map(str::to_string),
            );
            continue;
        }
        let Ok(obj) = dicom_object::open_file(entry.path()) else {
            continue;
        };
        for tag in [
            tags::SOP_INSTANCE_UID,
            tags::SERIES_INSTANCE_UID,
            tags::STUDY_INSTANCE_UID,
        ] {
            if let Ok(e) = obj.element(tag)
                && let Ok(v) = e.to_str()
            {
                out.insert(v.trim_end_matches('\0').trim().to_string());
            }
        }
    }
    out
}

#[test]
fn batch_runs_the_dicom_detection_sample_to_the_peer_figures_with_every_defect_counted() {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sample().join("expected.json")).unwrap())
            .unwrap();
    let e = &expected["sr"];
    let out = tempfile::tempdir().unwrap();
    let (code, printed) = common::batch(&sample().join("plan.toml"), out.path());
    assert_eq!(code, Some(0), "{printed}");
    let text = std::fs::read_to_string(out.path().join("report.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["task"], "detection");
    // report.json, sources included, reads back through the contract byte for byte.
    let back = provestein::report::json::read(&text, "report.json").unwrap();
    assert_eq!(provestein::report::json::to_string(&back), text);
    let d = &json["detection"];

    // The FROC curve, point by point.
    let (got, want) = (d["froc"].as_array().unwrap(), e["froc"].as_array().unwrap());
    assert_eq!(got.len(), want.len(), "FROC points");
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        for key in ["threshold", "fp_per_unit", "sensitivity"] {
            close(&format!("froc[{k}].{key}"), &g[key], &w[key]);
        }
    }
    let (got, want) = (
        d["sensitivity_at"].as_array().unwrap(),
        e["sensitivity_at"].as_array().unwrap(),
    );
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        close("fp_rate", &g["fp_rate"], &w["fp_rate"]);
        close("sensitivity_at", &g["estimate"], &w["sensitivity"]);
    }
    close("cpm", &d["cpm"]["estimate"], &e["cpm"]);

    // Units, lesions and marks as the peer counts them.
    close("units", &d["units"], &e["units"]);
    close(
        "units_with_lesions",
        &d["units_with_lesions"],
        &e["units_with_lesions"],
    );
    close("patients", &d["patients"], &e["patients"]);
    close("lesions", &d["lesions"]["total"], &e["lesions"]);
    close("lesions hit", &d["lesions"]["hit"], &e["lesions_hit"]);
    let marks = &d["marks"];
    close("marks", &marks["total"], &e["marks"]);
    close("tp", &marks["true_positive"], &e["tp"]);
    close("fp", &marks["false_positive"], &e["fp"]);
    close("extra", &marks["extra"], &e["extra"]);

    // Every file, speck and item left out, counted.
    let s = &d["sources"];
    assert_eq!(
        (s["marks"].as_str(), s["lesions"].as_str()),
        (Some("sr"), Some("seg"))
    );
    close("truth files", &s["truth_files"], &e["seg_files"]);
    close(
        "truth files unmatched",
        &s["truth_files_unmatched"],
        &e["unmatched_truth_files"],
    );
    close("mark files", &s["mark_files"], &e["sr_files"]);
    close(
        "mark files unmatched",
        &s["mark_files_unmatched"],
        &e["unmatched_mark_files"],
    );
    close("specks", &s["specks"], &e["specks"]);
    close("min_voxels", &s["min_voxels"], &serde_json::json!(5));
    close(
        "groups without geometry",
        &s["marks_without_position"],
        &e["groups_without_geometry"],
    );
    close(
        "marks without score",
        &s["marks_without_score"],
        &serde_json::json!(0),
    );
    // seg_20.dcm: a SEG whose one segment is empty on its series.
    close(
        "empty segments",
        &s["empty_segments"],
        &serde_json::json!(1),
    );

    // predictions.csv: one row per image, named by pseudonym.
    let csv = std::fs::read_to_string(out.path().join("predictions.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 90);
    assert!(csv.lines().skip(1).all(|l| l.starts_with("case-")), "{csv}");

    // No identifier: names, IDs, birth dates, accession numbers (the report tests' reading of
    // the headers), and the UIDs and folder names.
    let mut ids = crate::report::identifiers(&sample().join("images"));
    assert!(
        ids.iter().any(|i| i.contains('^')) && ids.len() > 60,
        "the sample carries names and ids: {ids:?}"
    );
    ids.extend(uids_and_folders(&sample().join("images")));
    crate::report::assert_no_identifier(out.path(), &ids);
    for id in &ids {
        assert!(!printed.contains(id.as_str()), "{id} printed");
    }
}
