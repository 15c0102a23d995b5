//! DICOM cohorts end to end: the synthetic imaging demo (scores against Python's pydicom +
//! numpy + onnxruntime, stored in expected_scores.csv), units and aggregation, joins, and the
//! promise that patient names and ids never reach an output.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::{assert_close, root};
use provestein::{Control, Plan};

fn demo_dir() -> PathBuf {
    root().join("sample-studies/imaging-demo")
}

fn demo_plan() -> Plan {
    Plan::load(&demo_dir().join("plan.toml")).unwrap()
}

fn run(plan: &Plan) -> provestein::Evaluation {
    provestein::run(plan, &common::control()).unwrap()
}

/// file → score computed in Python (pydicom, numpy window, onnxruntime).
fn expected() -> HashMap<String, f64> {
    let mut r = csv::Reader::from_path(demo_dir().join("expected_scores.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[1].parse().unwrap())
        })
        .collect()
}

#[test]
fn demo_scores_match_python_and_every_bad_file_is_counted() {
    let eval = run(&demo_plan());
    let want = expected();
    assert_eq!(eval.binary().unwrap().cases.len(), 47);
    // Cases are named by the pseudonyms of their paths.
    let by_pseudonym: HashMap<String, &String> =
        want.keys().map(|f| (common::pseudonym(f), f)).collect();
    for c in &eval.binary().unwrap().cases {
        let file = by_pseudonym[c.id.as_str()];
        assert_close(&format!("score of {file}"), c.score, want[file], 1e-4);
        // unit = image: the case's one file, absolute, for the case viewer.
        let images = demo_dir().join("images");
        assert_eq!(c.files()[..], [images.join(file)], "{file}");
        assert!(
            c.files()[0].is_absolute() && c.files()[0].is_file(),
            "{c:?}"
        );
    }
    let by = &eval.cohort.excluded_by_reason;
    let count = |r: &str| {
        by.iter()
            .find(|(k, _)| serde_json::to_value(k).unwrap() == r)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(eval.cohort.rows, 50, "48 images, a text file and an SR");
    assert_eq!(count("not_dicom"), 1);
    assert_eq!(count("no_pixel_data"), 1);
    assert_eq!(count("no_label"), 1);
    assert_eq!(eval.cohort.excluded.len(), 3);
    // The label row without an image is named by its line, not its path.
    let line = common::labels_line(
        &demo_dir().join("labels.csv"),
        "study-10/series-1/IM0003.dcm",
    );
    assert_eq!(eval.cohort.unmatched_labels, [format!("line {line}")]);
    assert_eq!(eval.acceptance.verdict, provestein::Verdict::Pass);
    // Subgroups from the headers: sex, manufacturer, age band from PatientAge.
    let first = &eval.binary().unwrap().cases[0];
    assert_eq!(first.subgroups.len(), 3);
    assert!(
        ["M", "F"].contains(&first.subgroups[0].as_str()),
        "{first:?}"
    );
    assert!(
        ["<40", "40-64", ">=65"].contains(&first.subgroups[2].as_str()),
        "{first:?}"
    );
}

#[test]
fn series_and_study_units_combine_image_scores() {
    let want = expected();
    for (unit, aggregate) in [("series", "max"), ("study", "mean")] {
        let mut plan = demo_plan();
        let text = plan.to_toml().replace(
            "unit = \"image\"",
            &format!("unit = \"{unit}\"\naggregate = \"{aggregate}\""),
        );
        plan = Plan::parse(&text, Path::new("plan.toml"), demo_dir()).unwrap();
        let eval = run(&plan);
        // Rebuild the expected case scores from the image scores and the folder layout.
        let mut groups: HashMap<String, Vec<f64>> = HashMap::new();
        let labelled: Vec<String> = csv::Reader::from_path(demo_dir().join("labels.csv"))
            .unwrap()
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .collect();
        for (file, score) in &want {
            if !labelled.contains(file) {
                continue;
            }
            let parts: Vec<&str> = file.split('/').collect();
            let key = if unit == "series" {
                parts[..2].join("/")
            } else {
                parts[0].to_string()
            };
            groups.entry(key).or_default().push(*score);
        }
        assert_eq!(
            eval.binary().unwrap().cases.len(),
            groups.len(),
            "{unit}: one case per {unit}"
        );
        let mut got: Vec<f64> = eval
            .binary()
            .unwrap()
            .cases
            .iter()
            .map(|c| c.score)
            .collect();
        let mut expect: Vec<f64> = groups
            .values()
            .map(|v| match aggregate {
                "max" => v.iter().copied().fold(f64::MIN, f64::max),
                _ => v.iter().sum::<f64>() / v.len() as f64,
            })
            .collect();
        got.sort_by(f64::total_cmp);
        expect.sort_by(f64::total_cmp);
        for (g, e) in got.iter().zip(&expect) {
            assert_close(&format!("{unit} {aggregate}"), *g, *e, 1e-4);
        }
        // Each case lists the files of its series or study: as many as it has labelled images.
        let mut sizes: Vec<usize> = eval
            .binary()
            .unwrap()
            .cases
            .iter()
            .map(|c| c.files().len())
            .collect();
        let mut want_sizes: Vec<usize> = groups.values().map(Vec::len).collect();
        sizes.sort();
        want_sizes.sort();
        assert_eq!(sizes, want_sizes, "{unit}");
        for c in &eval.binary().unwrap().cases {
            assert!(!c.files().is_empty(), "{unit} {}", c.id);
            assert!(c.files().iter().all(|f| f.is_absolute() && f.is_file()));
        }
        assert!(
            eval.binary()
                .unwrap()
                .cases
                .iter()
                .all(|c| c.id.starts_with("case-")),
            "cases named by the pseudonym of their UID"
        );
    }
}

#[test]
fn joining_on_sop_instance_uid_gives_the_same_cases() {
    let text = demo_plan()
        .to_toml()
        .replace("join = \"path\"", "join = \"SOPInstanceUID\"")
        .replace("join_column = \"file\"\n", "");
    let plan = Plan::parse(&text, Path::new("plan.toml"), demo_dir()).unwrap();
    let by_uid = run(&plan);
    let by_path = run(&demo_plan());
    assert_eq!(
        by_uid.binary().unwrap().overall.confusion,
        by_path.binary().unwrap().overall.confusion
    );
    assert_eq!(
        by_uid.binary().unwrap().cases.len(),
        by_path.binary().unwrap().cases.len()
    );
}

#[test]
fn an_include_filter_excludes_and_counts_other_images() {
    let text = demo_plan().to_toml().replace(
        "[cohort.age_bands]",
        "[cohort.include]\nManufacturer = [\"ACME Medical\"]\n\n[cohort.age_bands]",
    );
    let plan = Plan::parse(&text, Path::new("plan.toml"), demo_dir()).unwrap();
    let eval = run(&plan);
    assert!(
        eval.binary()
            .unwrap()
            .cases
            .iter()
            .all(|c| c.subgroups[1] == "ACME Medical")
    );
    let filtered = eval
        .cohort
        .excluded
        .iter()
        .filter(|e| serde_json::to_value(e.reason).unwrap() == "filtered")
        .count();
    assert!(filtered > 20, "{filtered}");
    assert_eq!(eval.binary().unwrap().cases.len() + filtered + 3, 50);
}

#[test]
fn no_patient_name_or_id_reaches_any_output() {
    let eval = run(&demo_plan());
    let out = tempfile::tempdir().unwrap();
    // The text outputs; tests/workflow/report.rs checks the PDF and HTML the same way.
    let options = provestein::report::Options {
        lang: provestein::i18n::Lang::En,
        pdf: false,
        html: true,
    };
    let files = provestein::report::write(&eval, out.path(), options).unwrap();
    // report.json's subgroup contract: a flat list of groups, fairness per attribute.
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("report.json")).unwrap())
            .unwrap();
    let first = &report["subgroups"][0];
    assert_eq!(first["attribute"], "PatientSex");
    assert!(first["value"].is_string() && first["n"].is_u64());
    assert_eq!(
        first["status"], "insufficient",
        "fewer than 30 cases per group"
    );
    assert_eq!(
        first["metrics"]["sensitivity"]["wilson"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(first["metrics"]["auc"]["delong"].is_array());
    assert!(
        first["metrics"]["calibration"].is_null(),
        "no calibration for insufficient groups"
    );
    assert!(report["fairness"]["PatientSex"]["demographic_parity_difference"].is_f64());
    // The cases' file paths are for the viewer only, never written.
    let a_file = eval.binary().unwrap().cases[0].files()[0]
        .to_string_lossy()
        .into_owned();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for needle in ["Demo^Patient", "DEMO-", "ACC2024", a_file.as_str()] {
            assert!(!text.contains(needle), "{} contains {needle}", f.display());
        }
    }
}

#[test]
fn identifying_keywords_are_refused_as_subgroups() {
    let text = demo_plan()
        .to_toml()
        .replace("\"PatientSex\"", "\"PatientName\"");
    let e = Plan::parse(&text, Path::new("plan.toml"), demo_dir())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("PatientName") && e.contains("identifies the patient"),
        "{e}"
    );
    // Every Annex E attribute the profile does not keep, not only the names: a UID too.
    let text = demo_plan()
        .to_toml()
        .replace("\"PatientSex\"", "\"StudyInstanceUID\"");
    let e = Plan::parse(&text, Path::new("plan.toml"), demo_dir())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("StudyInstanceUID") && e.contains("Annex E"),
        "{e}"
    );
}

/// pydicom's own test files as a cohort: real encodings, junk files, a gzip file.
#[test]
fn real_pydicom_files_are_scored_or_excluded_with_their_reason() {
    let plan = Plan::load(&root().join("tests/fixtures/dicom-cohort/plan.toml")).unwrap();
    let eval = run(&plan);
    let reasons: HashMap<String, usize> = eval
        .cohort
        .excluded_by_reason
        .iter()
        .map(|(r, n)| {
            (
                serde_json::to_value(r)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                *n,
            )
        })
        .collect();
    let want: HashMap<String, usize> = [
        ("not_dicom", 11),    // reference arrays, SOURCE.md, the script beside the images
        ("no_pixel_data", 1), // rtplan.dcm
        ("unsupported_syntax", 1), // JPGExtended.dcm: 12-bit JPEG extended
        ("decode_error", 2),  // 32-bit RLE, 32-bit big-endian samples
        ("no_label", 1),      // MR_small_padded.dcm has no label row
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(reasons, want);
    assert_eq!(eval.cohort.rows, 32);
    assert_eq!(eval.cohort.included, 16);
    let labels = root().join("tests/fixtures/dicom-cohort/labels.csv");
    let line = common::labels_line(&labels, "not-in-the-folder.dcm");
    assert_eq!(eval.cohort.unmatched_labels, [format!("line {line}")]);
    let unsupported = eval
        .cohort
        .excluded
        .iter()
        .find(|e| e.id == common::pseudonym("JPGExtended.dcm"))
        .unwrap();
    assert_eq!(
        unsupported.detail,
        "unsupported transfer syntax 1.2.840.10008.1.2.4.51"
    );

    // The same MR image in seven transfer syntaxes, and gzip-compressed, scores identically.
    let score = |file: &str| {
        let id = common::pseudonym(file);
        eval.binary()
            .unwrap()
            .cases
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .score
    };
    let reference = score("MR_small.dcm");
    for variant in [
        "MR_small_implicit.dcm",
        "MR_small_bigendian.dcm",
        "MR_small_expb.dcm",
        "MR_small_RLE.dcm",
        "MR_small_jpeg_ls_lossless.dcm",
        "MR_small_jp2klossless.dcm",
        "zipMR.gz",
    ] {
        assert_eq!(score(variant).to_bits(), reference.to_bits(), "{variant}");
    }
}

/// A DICOMDIR is an index, not an image; files it lists that are missing are reported.
#[test]
fn a_dicomdir_is_not_a_case_and_its_missing_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/dicomdir");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let to = dir.path().join(entry.path().strip_prefix(&src).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let full = provestein::cohort::dicom::scan(dir.path(), &[]).unwrap();
    assert_eq!(full.dicomdirs, ["DICOMDIR"]);
    assert!(full.rejected.iter().all(|r| r.rel_path != "DICOMDIR"));
    let listed: Vec<&str> = full.listed.iter().map(|(_, p)| p.as_str()).collect();
    assert!(listed.len() >= 30, "{listed:?}");
    let some_image = full.images[0].rel_path.clone();
    assert!(
        listed.contains(&some_image.as_str()),
        "{some_image} not listed"
    );

    std::fs::remove_file(dir.path().join(&some_image)).unwrap();
    let partial = provestein::cohort::dicom::scan(dir.path(), &[]).unwrap();
    assert_eq!(partial.images.len(), full.images.len() - 1);
    let missing: Vec<&str> = partial
        .rejected
        .iter()
        .filter(|r| r.reason == provestein::cohort::ExclusionReason::MissingFile)
        .map(|r| r.rel_path.as_str())
        .collect();
    assert_eq!(missing, [some_image.as_str()]);
}

#[test]
fn progress_counts_every_image_and_cancel_stops_the_run() {
    use std::sync::{Arc, Mutex};
    let events = Arc::new(Mutex::new(Vec::new()));
    let sink = events.clone();
    let mut ctl = Control::new(move |p| sink.lock().unwrap().push(p));
    ctl.onnxruntime = Some(common::onnxruntime());
    ctl.pseudonym_key = Some(common::pseudonym_key());
    provestein::run(&demo_plan(), &ctl).unwrap();
    let events = events.lock().unwrap();
    let stage = events
        .iter()
        .position(|e| {
            matches!(
                e,
                provestein::Progress::Stage {
                    name: "Decoding and scoring",
                    ..
                }
            )
        })
        .expect("an imaging stage");
    assert_eq!(
        events[stage],
        provestein::Progress::Stage {
            name: "Decoding and scoring",
            total: 47
        }
    );
    let steps = || {
        events[stage + 1..].iter().take_while(|e| {
            matches!(
                e,
                provestein::Progress::Advance(_) | provestein::Progress::Reused(_)
            )
        })
    };
    let done: u64 = steps()
        .map(|e| match e {
            provestein::Progress::Advance(n) => *n,
            _ => 0,
        })
        .sum();
    assert_eq!(done, 47, "every labelled image");
    let reused: u64 = steps()
        .map(|e| match e {
            provestein::Progress::Reused(n) => *n,
            _ => 0,
        })
        .sum();
    assert_eq!(reused, 0, "a new run reuses nothing");

    // Cancel as soon as decoding starts: the run ends with Cancelled, not a report.
    let flag = Arc::new(Mutex::new(None::<Arc<std::sync::atomic::AtomicBool>>));
    let f = flag.clone();
    let mut ctl = Control::new(move |p| {
        let decoding = matches!(
            p,
            provestein::Progress::Stage {
                name: "Decoding and scoring",
                ..
            }
        );
        if decoding && let Some(c) = f.lock().unwrap().as_ref() {
            c.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
    *flag.lock().unwrap() = Some(ctl.cancel_flag());
    ctl.onnxruntime = Some(common::onnxruntime());
    ctl.pseudonym_key = Some(common::pseudonym_key());
    let err = provestein::run(&demo_plan(), &ctl).unwrap_err();
    assert!(matches!(err, provestein::Error::Cancelled), "{err}");
}
