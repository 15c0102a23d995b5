//! Segmentation runs end to end (issue 16): real CT with its real RTSTRUCT and SEG measured
//! against themselves (Dice 1, distances 0) and against another tool's SEG; the synthetic
//! sample study through the library and through `batch`, its figures equal to the
//! independently computed expected_figures.json (numpy/scipy, MONAI) to 1e-6, the empty-mask
//! counts in report.json, report.json read back through the contract, and no patient name, ID
//! or UID from the PACS-style folder names or headers in any output.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::{control, root};
use provestein::Plan;
use provestein::metrics::segmentation::Presence;

/// The real CT folder (../shared/fixtures/real-ct-contours), or None with a message.
fn real_ct() -> Option<PathBuf> {
    // Beside the checkout (../shared), or beside the folder of a worktree (../../shared).
    let dir = std::env::var_os("PROVESTEIN_REAL_CT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let beside = root().join("../shared/fixtures/real-ct-contours");
            if beside.is_dir() {
                beside
            } else {
                root().join("../../shared/fixtures/real-ct-contours")
            }
        });
    if dir.join("vhm/RS_Body_SpinalCord.dcm").is_file()
        && dir.join("janct/janct_liver_vertebra_seg.dcm").is_file()
    {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the real CT test data is not at {} (set PROVESTEIN_REAL_CT)",
            dir.display()
        );
        None
    }
}

fn plan(dir: &Path, text: &str) -> Plan {
    Plan::load(&common::write_plan(dir, text)).unwrap()
}

#[test]
fn a_real_rtstruct_against_itself_scores_dice_one_with_zero_distances() {
    let Some(ct) = real_ct() else { return };
    let dir = tempfile::tempdir().unwrap();
    let rs = ct.join("vhm/RS_Body_SpinalCord.dcm");
    let text = format!(
        r#"
[study]
name = "vhm against itself"
intended_use = "test"
task = "segmentation"
[predictions]
kind = "rtstruct"
path = "{rs}"
[cohort]
kind = "dicom"
path = "{cohort}"
unit = "{{unit}}"
[truth]
kind = "rtstruct"
path = "{rs}"
[[structure]]
name = "SpinalCord"
aliases = ["Spinal Cord"]
[[structure]]
name = "Body"
[[structure]]
name = "Parotid_L"
[analysis]
bootstrap = 200
[[acceptance]]
metric = "dice"
structure = "SpinalCord"
bound = "estimate"
min = 0.99
"#,
        rs = rs.display(),
        cohort = ct.join("vhm").display(),
    );
    for (unit, cases) in [("series", 1), ("image", 4)] {
        let eval =
            provestein::run(&plan(dir.path(), &text.replace("{unit}", unit)), &control()).unwrap();
        let s = eval.segmentation().unwrap();
        assert_eq!(s.unit, unit);
        for name in ["SpinalCord", "Body"] {
            let f = &s.structures[name];
            assert_eq!(f.cases.len(), cases, "{name} {unit}");
            for c in &f.cases {
                assert_eq!(c.presence, Presence::Both, "{name} {unit}");
                assert_eq!((c.dice, c.iou, c.nsd), (1.0, 1.0, 1.0));
                assert_eq!((c.hd, c.hd95, c.assd), (0.0, 0.0, 0.0));
                assert!(c.volume_truth > 0.0 && c.volume_truth == c.volume_pred);
            }
        }
        // A structure neither file has: both empty in every case, counted, never dropped.
        let absent = &s.structures["Parotid_L"];
        assert_eq!(absent.summary.both_empty, cases);
        assert!(absent.matched_names.is_empty());
        assert_eq!(s.structures["Body"].matched_names, vec!["BODY".to_string()]);
        // The RTSTRUCT inside the cohort folder is the truth, not an excluded image.
        assert!(
            eval.cohort.excluded.is_empty(),
            "{:?}",
            eval.cohort.excluded
        );
        assert_eq!(
            eval.acceptance.verdict,
            provestein::acceptance::Verdict::Pass
        );
    }
}

#[test]
fn a_real_seg_against_itself_and_against_another_tools_liver() {
    let Some(ct) = real_ct() else { return };
    let dir = tempfile::tempdir().unwrap();
    let truth = ct.join("janct/janct_liver_vertebra_seg.dcm");
    let plan_for = |predictions: &Path| {
        format!(
            r#"
[study]
name = "janct"
intended_use = "test"
task = "segmentation"
[predictions]
kind = "seg"
path = "{p}"
[cohort]
kind = "dicom"
path = "{cohort}"
unit = "series"
[truth]
kind = "seg"
path = "{t}"
[[structure]]
name = "Liver"
label = 1
[[structure]]
name = "Vertebra"
label = 2
[analysis]
bootstrap = 200
[[acceptance]]
metric = "dice"
structure = "Liver"
bound = "estimate"
min = 0.5
"#,
            p = predictions.display(),
            cohort = ct.join("janct").display(),
            t = truth.display(),
        )
    };
    let eval = provestein::run(&plan(dir.path(), &plan_for(&truth)), &control()).unwrap();
    let s = eval.segmentation().unwrap();
    for name in ["Liver", "Vertebra"] {
        let c = &s.structures[name].cases[0];
        assert_eq!(
            (c.presence, c.dice, c.hd95),
            (Presence::Both, 1.0, 0.0),
            "{name}"
        );
    }
    // The cohort folder's other SEG is neither truth nor prediction: counted as excluded.
    assert_eq!(eval.cohort.excluded.len(), 1, "{:?}", eval.cohort.excluded);

    // 3D Slicer's liver SEG has no vertebra: the vertebra is missed (Dice 0, distances the
    // volume's diagonal), counted as such and kept in the mean.
    let slicer = ct.join("janct/liver_seg.dcm");
    let eval = provestein::run(&plan(dir.path(), &plan_for(&slicer)), &control()).unwrap();
    let s = eval.segmentation().unwrap();
    let v = &s.structures["Vertebra"];
    assert_eq!(v.summary.missed, 1);
    assert_eq!(v.cases[0].presence, Presence::Missed);
    assert_eq!(v.cases[0].dice, 0.0);
    // The worst-case distance is the volume's diagonal: over 512 pixels of 0.8 mm a side.
    let c = &v.cases[0];
    assert!(
        c.hd95 > 512.0 * 0.8 * std::f64::consts::SQRT_2,
        "{}",
        c.hd95
    );
    assert_eq!((c.hd, c.assd), (c.hd95, c.hd95));
    assert!(v.summary.dice.mean == 0.0 && v.summary.dice.n == 1);
    let liver = &s.structures["Liver"].cases[0];
    assert_eq!(liver.presence, Presence::Both);
    assert!(liver.dice > 0.5 && liver.dice <= 1.0, "{}", liver.dice);
}

fn expected(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("expected_figures.json")).unwrap())
        .unwrap()
}

fn sample() -> Option<PathBuf> {
    let dir = root().join("sample-studies/segmentation-demo");
    if dir.join("expected_figures.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: the segmentation sample study is not in this checkout ({})",
            dir.display()
        );
        None
    }
}

/// Each structure's (volumes of truth and prediction and their difference in mL, dice, iou, hd,
/// hd95, assd, nsd) over the
/// cases, sorted: case ids are pseudonyms, so cases are compared as a set of figures (the
/// volumes, in mL as report.json writes them, tell the series apart).
fn case_figures(cases: &[serde_json::Value]) -> Vec<Vec<f64>> {
    let mut v: Vec<Vec<f64>> = cases
        .iter()
        .map(|c| {
            let mut row = Vec::new();
            row.extend(
                [
                    "volume_truth",
                    "volume_pred",
                    "volume_difference",
                    "dice",
                    "iou",
                    "hd",
                    "hd95",
                    "assd",
                    "nsd",
                ]
                .iter()
                .map(|f| c[*f].as_f64().unwrap()),
            );
            row
        })
        .collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v
}

/// The figures of a sample run (report.json's `segmentation` object) against expected_figures.json.
fn assert_sample_figures(segmentation: &serde_json::Value, expected: &serde_json::Value) {
    let structures = segmentation["structures"].as_object().unwrap();
    assert_eq!(structures.len(), 3);
    for (name, s) in structures {
        let got = case_figures(s["cases"].as_array().unwrap());
        let want_cases: Vec<serde_json::Value> = expected["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["structures"][name].clone())
            .collect();
        let want = case_figures(&want_cases);
        assert_eq!(got.len(), want.len(), "{name}");
        for (g, w) in got.iter().zip(&want) {
            for (a, b) in g.iter().zip(w) {
                assert!((a - b).abs() < 1e-6, "{name}: {g:?} vs {w:?}");
            }
        }
        let summary = &s["summary"];
        let es = &expected["summary"][name];
        for count in ["both_empty", "missed", "false_alarm"] {
            assert_eq!(summary[count], es[count], "{name} {count}");
        }
        for figure in ["dice", "iou", "hd", "hd95", "assd", "nsd"] {
            for stat in ["mean", "median", "min", "max"] {
                common::assert_close(
                    &format!("{name} {figure} {stat}"),
                    summary[figure][stat].as_f64().unwrap(),
                    es["figures"][figure][stat].as_f64().unwrap(),
                    1e-6,
                );
            }
        }
    }
    // The sample's deliberate empty masks are there, counted.
    let liver = &structures["Liver"]["summary"];
    assert!(liver["both_empty"].as_u64().unwrap() >= 1);
    assert!(liver["missed"].as_u64().unwrap() >= 1);
    assert!(liver["false_alarm"].as_u64().unwrap() >= 1);
}

#[test]
fn the_sample_study_with_its_model_gives_the_expected_figures() {
    let Some(dir) = sample() else { return };
    let expected = expected(&dir);
    let plan = Plan::load(&dir.join("plan.toml")).unwrap();
    let eval = provestein::run(&plan, &control()).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&provestein::report::json::to_string(&eval)).unwrap();
    assert_eq!(json["task"], "segmentation");
    assert_sample_figures(&json["segmentation"], &expected);
    assert_eq!(
        eval.acceptance.verdict,
        provestein::acceptance::Verdict::Pass
    );
    // The deliberate defects are counted, not dropped: the localizer series without truth is
    // excluded with its reason, the structure set of a CT not in the export is unmatched.
    let no_label = provestein::cohort::ExclusionReason::NoLabel;
    assert_eq!(eval.cohort.excluded_by_reason.get(&no_label), Some(&1));
    assert_eq!(
        eval.cohort.unmatched_labels.len(),
        1,
        "{:?}",
        eval.cohort.unmatched_labels
    );
    assert!(eval.cohort.unmatched_labels[0].contains("references no series of the cohort"));
    // Tiles of the worst cases are drawn for the report (pixels in memory only).
    let s = eval.segmentation().unwrap();
    assert!(s.tiles.iter().any(|t| t.structure == "Liver"));
    assert!(s.tiles.iter().all(|t| t.width <= 128 && t.height <= 128));
    assert!(json["segmentation"].get("tiles").is_none());
    // report.json reads back through the contract into the same bytes.
    let text = provestein::report::json::to_string(&eval);
    let back = provestein::report::json::read(&text, "report.json").unwrap();
    assert_eq!(provestein::report::json::to_string(&back), text);
}

/// unit = "image": every slice is a 2-D case; the figures equal the expected per-slice ones.
#[test]
fn the_sample_study_per_slice_gives_the_expected_2d_figures() {
    let Some(dir) = sample() else { return };
    let expected = expected(&dir);
    let text = std::fs::read_to_string(dir.join("plan-vendor.toml"))
        .unwrap()
        .replace("unit = \"series\"", "unit = \"image\"")
        .replace(
            "path = \"vendor\"",
            &format!("path = \"{}\"", dir.join("vendor").display()),
        )
        .replace(
            "path = \"ct\"",
            &format!("path = \"{}\"", dir.join("ct").display()),
        )
        .replace(
            "path = \"truth\"",
            &format!("path = \"{}\"", dir.join("truth").display()),
        );
    let tmp = tempfile::tempdir().unwrap();
    let eval = provestein::run(&plan(tmp.path(), &text), &control()).unwrap();
    let s = eval.segmentation().unwrap();
    assert_eq!(s.unit, "image");
    for (name, f) in &s.structures {
        let mut got: Vec<[f64; 3]> = f.cases.iter().map(|c| [c.dice, c.hd95, c.nsd]).collect();
        let mut want: Vec<[f64; 3]> = Vec::new();
        let mut both_empty = 0;
        for series in expected["series"].as_array().unwrap() {
            let sl = &series["structures"][name.as_str()]["slices"];
            let n = sl["dice"].as_array().unwrap().len();
            for i in 0..n {
                want.push(["dice", "hd95", "nsd"].map(|k| sl[k][i].as_f64().unwrap()));
                both_empty += usize::from(sl["presence"][i] == "both_empty");
            }
        }
        got.sort_by(|a, b| a.partial_cmp(b).unwrap());
        want.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(got.len(), want.len(), "{name}");
        for (g, w) in got.iter().zip(&want) {
            for (a, b) in g.iter().zip(w) {
                assert!((a - b).abs() < 1e-6, "{name}: {g:?} vs {w:?}");
            }
        }
        assert_eq!(f.summary.both_empty, both_empty, "{name}");
    }
}

/// Every identifying value of the sample's PACS-style export: the words of its patient folder
/// names (name and ID) and, read independently, each header's PatientName, PatientID and UIDs.
fn identifiers(dir: &Path) -> BTreeSet<String> {
    use dicom_dictionary_std::tags;
    let mut out = BTreeSet::new();
    for folder in std::fs::read_dir(dir.join("ct")).unwrap() {
        let name = folder.unwrap().file_name().to_string_lossy().to_string();
        out.extend(
            name.split(['^', '_'])
                .filter(|w| w.len() >= 4)
                .map(str::to_string),
        );
    }
    for entry in walk(&dir.join("ct")).into_iter().take(40) {
        let obj = dicom_object::open_file(&entry).unwrap();
        for tag in [
            tags::PATIENT_ID,
            tags::PATIENT_NAME,
            tags::STUDY_INSTANCE_UID,
            tags::SERIES_INSTANCE_UID,
            tags::SOP_INSTANCE_UID,
        ] {
            if let Ok(e) = obj.element(tag) {
                let v = e
                    .to_str()
                    .unwrap()
                    .trim_end_matches('\0')
                    .trim()
                    .to_string();
                out.extend(v.split('^').filter(|w| w.len() >= 4).map(str::to_string));
            }
        }
    }
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn batch_runs_the_vendor_sample_plan_with_no_identifier_in_any_output() {
    let Some(dir) = sample() else { return };
    let expected = expected(&dir);
    let out = tempfile::tempdir().unwrap();
    let (code, printed) = common::batch(&dir.join("plan-vendor.toml"), out.path());
    assert_eq!(code, Some(0), "{printed}");
    let text = std::fs::read_to_string(out.path().join("report.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["task"], "segmentation");
    assert_sample_figures(&json["segmentation"], &expected);
    // report.json reads back through the contract and is written again byte for byte.
    let back = provestein::report::json::read(&text, "report.json").unwrap();
    assert_eq!(provestein::report::json::to_string(&back), text);
    // predictions.csv: one row per case and structure, named by pseudonym.
    let csv = std::fs::read_to_string(out.path().join("predictions.csv")).unwrap();
    assert!(csv.starts_with("id,structure,presence,dice,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + 3 * 10);
    let ids = identifiers(&dir);
    assert!(ids.iter().any(|i| i.contains("ANDERSEN")), "{ids:?}");
    let mut outputs = vec![("stdout+stderr".to_string(), printed)];
    for e in std::fs::read_dir(out.path()).unwrap() {
        let p = e.unwrap().path();
        if let Ok(t) = std::fs::read_to_string(&p) {
            outputs.push((p.display().to_string(), t));
        }
    }
    for (what, text) in &outputs {
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{id} in {what}");
        }
    }
}

/// A label map as truth: janct's NRRD (label 1 liver, 2 vertebra), named after its series'
/// SeriesInstanceUID as the join asks, against the SEG highdicom wrote from it: Dice 1.
#[test]
fn a_real_label_map_named_after_its_series_against_the_seg_written_from_it() {
    let Some(ct) = real_ct() else { return };
    let nrrd = ct.join("source_labels/janct_liver_spine_seg.nrrd");
    if !nrrd.is_file() {
        eprintln!("skipped: {} is absent", nrrd.display());
        return;
    }
    let obj = dicom_object::open_file(ct.join("janct/01.dcm")).unwrap();
    let series = obj
        .element(dicom_dictionary_std::tags::SERIES_INSTANCE_UID)
        .unwrap()
        .to_str()
        .unwrap()
        .trim_end_matches('\0')
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let maps = dir.path().join("maps");
    std::fs::create_dir(&maps).unwrap();
    std::fs::copy(&nrrd, maps.join(format!("{series}.nrrd"))).unwrap();
    std::fs::write(maps.join("notes.txt"), "not a label map").unwrap();
    let text = format!(
        r#"
[study]
name = "janct label map"
intended_use = "test"
task = "segmentation"
[predictions]
kind = "seg"
path = "{seg}"
[cohort]
kind = "dicom"
path = "{cohort}"
unit = "series"
[truth]
kind = "labelmap"
path = "{maps}"
[[structure]]
name = "Liver"
label = 1
[[structure]]
name = "Vertebra"
label = 2
[analysis]
bootstrap = 200
[[acceptance]]
metric = "dice"
structure = "Liver"
bound = "estimate"
min = 0.9
"#,
        seg = ct.join("janct/janct_liver_vertebra_seg.dcm").display(),
        cohort = ct.join("janct").display(),
        maps = maps.display(),
    );
    let eval = provestein::run(&plan(dir.path(), &text), &control()).unwrap();
    let s = eval.segmentation().unwrap();
    for name in ["Liver", "Vertebra"] {
        let c = &s.structures[name].cases[0];
        assert_eq!(
            (c.presence, c.dice, c.hd95),
            (Presence::Both, 1.0, 0.0),
            "{name}"
        );
    }
    // The text file beside the map is counted as an unmatched truth file, not dropped.
    assert_eq!(
        eval.cohort.unmatched_labels.len(),
        1,
        "{:?}",
        eval.cohort.unmatched_labels
    );
    assert!(eval.cohort.unmatched_labels[0].starts_with("truth file "));
}
