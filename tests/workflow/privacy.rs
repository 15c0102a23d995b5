//! No identifier in any output, by construction and by check (issue 13, deliverable 1; see
//! docs/privacy.md). A PACS-style export is made from the imaging demo's DICOM files, its folder
//! and file names carrying each patient's ID, name, accession number and birth date as read
//! from the headers; `batch` (the real binary) runs it joined by path, and by StudyInstanceUID
//! with unit = study, and every output is read for every identifying value: report.json,
//! predictions.csv, report.html, report.pdf (pdftotext), the summary on stdout and what
//! `history export` writes. Then an identifier is forced into an output and the guard must stop
//! it; and `check` warns of fødselsnumre in a CSV cohort's id column.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{onnxruntime, root};
use provestein::privacy::Pseudonymizer;

/// One image of the export: where it was, where it is now, and what its header says.
struct Image {
    original: String,
    path: String,
    label: String,
    study_uid: String,
}

/// The export and every identifying value in it, read independently with dicom-object.
struct Export {
    dir: tempfile::TempDir,
    images: Vec<Image>,
    identifiers: BTreeSet<String>,
    /// A PatientID from the headers, for forcing it into an output.
    a_patient_id: String,
}

impl Export {
    fn root(&self) -> PathBuf {
        self.dir.path().join("export")
    }
}

fn demo() -> PathBuf {
    root().join("sample-studies/imaging-demo")
}

/// The demo's images copied as `<PatientID>_<PatientName>_<AccessionNumber>/<BirthDate>_IMG<n>.dcm`
/// (the layout the issue saw), plus a text file in a patient folder.
fn pacs_export() -> Export {
    use dicom_dictionary_std::tags;
    let dir = tempfile::tempdir().unwrap();
    let labels: BTreeMap<String, String> = std::fs::read_to_string(demo().join("labels.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].to_string(), f[3].to_string())
        })
        .collect();
    let mut images = Vec::new();
    let mut identifiers = BTreeSet::new();
    let mut n = 0;
    let images_dir = demo().join("images");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&images_dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for file in files {
        let Ok(obj) = dicom_object::open_file(&file) else {
            continue; // gzip files, notes
        };
        if obj.element(tags::ROWS).is_err() {
            continue; // the structured report
        }
        let get = |t| {
            obj.element(t)
                .ok()
                .and_then(|e| e.to_str().ok())
                .map(|s| s.trim_end_matches('\0').trim().to_string())
                .unwrap_or_default()
        };
        let (id, name, acc, birth) = (
            get(tags::PATIENT_ID),
            get(tags::PATIENT_NAME),
            get(tags::ACCESSION_NUMBER),
            get(tags::PATIENT_BIRTH_DATE),
        );
        assert!(
            !id.is_empty() && name.contains('^') && !acc.is_empty() && birth.len() == 8,
            "{}: the demo's headers carry identifiers",
            file.display()
        );
        n += 1;
        let folder = format!("{id}_{name}_{acc}");
        let path = format!("{folder}/{birth}_IMG{n}.dcm");
        let original = file
            .strip_prefix(&images_dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let to = dir.path().join("export").join(&path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&file, &to).unwrap();
        let study_uid = get(tags::STUDY_INSTANCE_UID);
        for v in [
            id.clone(),
            name.clone(),
            name.replace('^', " "),
            acc,
            birth,
            study_uid.clone(),
            get(tags::SERIES_INSTANCE_UID),
            get(tags::SOP_INSTANCE_UID),
            folder,
            path.rsplit('/').next().unwrap().to_string(),
        ] {
            identifiers.insert(v);
        }
        if let Some(label) = labels.get(&original) {
            images.push(Image {
                original,
                path,
                label: label.clone(),
                study_uid,
            });
        }
    }
    assert!(images.len() >= 20, "{} labelled images", images.len());
    // A file that is not DICOM, in a patient's folder: excluded, and named by pseudonym.
    let first_folder = images[0].path.split('/').next().unwrap().to_string();
    std::fs::write(
        dir.path()
            .join("export")
            .join(&first_folder)
            .join("notes.txt"),
        "not an image",
    )
    .unwrap();
    let a_patient_id = first_folder.split('_').next().unwrap().to_string();
    Export {
        dir,
        images,
        identifiers,
        a_patient_id,
    }
}

/// The imaging demo's plan on the export, with `labels` as its labels file.
fn plan(export: &Export, labels: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let labels_path = export.dir.path().join("labels.csv");
    std::fs::write(&labels_path, labels).unwrap();
    let text = common::imaging_demo_plan()
        .replace(
            &format!("path = \"{}\"", demo().join("images").display()),
            &format!("path = \"{}\"", export.root().display()),
        )
        .replace(
            &format!("labels = \"{}\"", demo().join("labels.csv").display()),
            &format!("labels = \"{}\"", labels_path.display()),
        )
        .replace("bootstrap = 2000", "bootstrap = 200");
    let path = export.dir.path().join("plan.toml");
    std::fs::write(&path, edit(text)).unwrap();
    path
}

/// A labels file joined by path with a row for every labelled image of the export.
fn every_label(export: &Export) -> String {
    let mut rows = vec!["file,label".to_string()];
    rows.extend(
        export
            .images
            .iter()
            .map(|i| format!("{},{}", i.path, i.label)),
    );
    rows.join("\n") + "\n"
}

fn cli(history: &Path) -> Command {
    let mut c = common::cli();
    c.env("PROVESTEIN_HISTORY", history)
        .env("ORT_DYLIB_PATH", onnxruntime());
    c
}

fn batch(plan: &Path, out: &Path, history: &Path) -> Output {
    cli(history)
        .arg("batch")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext not found ({e}): run `bash scripts/setup.sh`"));
    assert!(o.status.success(), "{} does not parse", pdf.display());
    String::from_utf8(o.stdout).unwrap()
}

/// Every output of a run, by name, as text.
fn outputs(out: &Path, stdout: &[u8]) -> Vec<(String, String)> {
    let mut texts = vec![(
        "summary".to_string(),
        String::from_utf8_lossy(stdout).into_owned(),
    )];
    for f in [
        "report.json",
        "predictions.csv",
        "report.html",
        "report.pdf",
        "plan.toml",
    ] {
        let p = out.join(f);
        if !p.exists() {
            continue;
        }
        let text = if f.ends_with(".pdf") {
            pdf_text(&p)
        } else {
            std::fs::read_to_string(&p).unwrap()
        };
        texts.push((format!("{}/{f}", out.display()), text));
    }
    texts
}

fn assert_no_identifier(texts: &[(String, String)], identifiers: &BTreeSet<String>) {
    for (name, text) in texts {
        let lower = text.to_lowercase();
        for id in identifiers {
            assert!(
                !lower.contains(&id.to_lowercase()),
                "{name} contains the identifier {id}"
            );
        }
    }
}

/// What `history export` writes of run #1 of `history` (into `tag/exported`), by name, as text.
fn exported(export: &Export, history: &Path, tag: &str) -> Vec<(String, String)> {
    let exported = export.dir.path().join(format!("{tag}/exported"));
    let e = cli(history)
        .args(["history", "export", "1", "--out"])
        .arg(&exported)
        .output()
        .unwrap();
    assert!(e.status.success(), "{}", String::from_utf8_lossy(&e.stderr));
    let texts = outputs(&exported, &e.stdout);
    assert_eq!(texts.len(), 5, "json, plan, csv, pdf and the messages");
    texts
}

/// A run's outputs and its `history export`, all free of every identifier.
fn run_and_check(export: &Export, plan: &Path, tag: &str) -> (serde_json::Value, String) {
    let history = export.dir.path().join(format!("{tag}/history.sqlite"));
    let out = export.dir.path().join(format!("{tag}/out"));
    let o = batch(plan, &out, &history);
    assert!(
        o.status.code().is_some_and(|c| c <= 2),
        "batch failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut texts = outputs(&out, &o.stdout);
    assert_eq!(texts.len(), 5, "summary, json, csv, html and pdf");
    texts.extend(exported(export, &history, tag));
    assert_no_identifier(&texts, &export.identifiers);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let csv = std::fs::read_to_string(out.join("predictions.csv")).unwrap();
    // The key was made beside the history, private.
    let key = history.parent().unwrap().join("pseudonym.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{}", key.display());
    }
    (json, csv)
}

fn ids_of(csv: &str) -> BTreeSet<String> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_pacs_export_with_identifying_names_leaves_no_identifier_in_any_output() {
    let export = pacs_export();
    // Joined by path; one image has no label row, one label row has no image.
    let mut rows = vec!["file,label".to_string()];
    rows.extend(
        export
            .images
            .iter()
            .skip(1)
            .map(|i| format!("{},{}", i.path, i.label)),
    );
    let ghost = "DEMO-99_Ghost^Person^99_ACC20249999/19700101_IMG1.dcm";
    rows.push(format!("{ghost},1"));
    let mut identifiers = export.identifiers.clone();
    identifiers.extend([
        "DEMO-99".to_string(),
        "ACC20249999".into(),
        "19700101".into(),
    ]);
    let export = Export {
        identifiers,
        ..export
    };
    let by_path = plan(&export, &(rows.join("\n") + "\n"), |t| t);
    let (json, csv) = run_and_check(&export, &by_path, "path");

    // Every case by the pseudonym of its path under this installation's key, and the same
    // pseudonyms from a second run (stable).
    let key = export.dir.path().join("path/pseudonym.key");
    let p = Pseudonymizer::load_or_create(&key).unwrap();
    let want: BTreeSet<String> = export
        .images
        .iter()
        .skip(1)
        .map(|i| p.pseudonym(&i.path))
        .collect();
    assert_eq!(ids_of(&csv), want);
    assert!(
        want.iter()
            .all(|id| id.starts_with("case-") && id.len() == 17)
    );
    let excluded: Vec<&str> = json["cohort"]["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(excluded.contains(&p.pseudonym(&export.images[0].path).as_str()));
    let notes = format!(
        "{}/notes.txt",
        export.images[0].path.split('/').next().unwrap()
    );
    assert!(
        excluded.contains(&p.pseudonym(&notes).as_str()),
        "{excluded:?}"
    );
    assert!(json["cohort"]["excluded"][0].get("file").is_none());
    let unmatched = json["cohort"]["unmatched_labels"].as_array().unwrap();
    assert_eq!(unmatched.len(), 1);
    assert!(unmatched[0].as_str().unwrap().starts_with("line "));

    // Another key (another installation) gives other pseudonyms for the same files.
    let other = Pseudonymizer::with_key([1; 32]);
    assert!(
        export
            .images
            .iter()
            .all(|i| !want.contains(&other.pseudonym(&i.path)))
    );

    // The same export under the same key again: the same names.
    let out2 = export.dir.path().join("path/out2");
    let o = batch(
        &by_path,
        &out2,
        &export.dir.path().join("path/history.sqlite"),
    );
    assert!(o.status.code().is_some_and(|c| c <= 2));
    assert_eq!(
        ids_of(&std::fs::read_to_string(out2.join("predictions.csv")).unwrap()),
        want
    );
    // The map back stays in the local history: `history original` names the file.
    let history = export.dir.path().join("path/history.sqlite");
    let case = &export.images[1];
    let o = cli(&history)
        .args(["history", "original", &p.pseudonym(&case.path)])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), case.path);
    let o = cli(&history)
        .args(["history", "original", "case-0000000000zz"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    // The original names never were an id: the demo's own paths are not in the outputs either.
    assert!(!csv.contains(&export.images[1].original));
}

/// The same export run past one machine (issue 18): `prepare`, three `score --shard K/3` and
/// `merge` with a history. What they write to the shared work folder (read as bytes, every
/// file), what each prints, the merged outputs and what `history export` gives carry none of
/// the identifying values, and the merged cases are the pseudonyms `batch` gives.
#[test]
fn a_pacs_export_in_shards_leaves_no_identifier_in_the_work_folder_or_any_output() {
    let export = pacs_export();
    let plan = plan(&export, &every_label(&export), |t| t);
    let history = export.dir.path().join("shards/history.sqlite");
    let work = export.dir.path().join("shards/work");
    let out = export.dir.path().join("shards/out");
    let mut texts = Vec::new();
    let mut step = |args: &[&std::ffi::OsStr], ok: fn(i32) -> bool| {
        let o = cli(&history)
            .args(args)
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("JOB_COMPLETION_INDEX")
            .output()
            .unwrap();
        let text = common::output_text(&o);
        assert!(o.status.code().is_some_and(ok), "{args:?}: {text}");
        texts.push((format!("{args:?}"), text));
        o
    };
    let os = std::ffi::OsStr::new;
    step(
        &[
            os("prepare"),
            plan.as_os_str(),
            os("--work"),
            work.as_os_str(),
        ],
        |c| c == 0,
    );
    for k in 0..3 {
        step(
            &[
                os("score"),
                work.as_os_str(),
                os("--shard"),
                os(&format!("{k}/3")),
            ],
            |c| c == 0,
        );
    }
    let merged = step(
        &[os("merge"), work.as_os_str(), os("--out"), out.as_os_str()],
        |c| c <= 2,
    );
    let mut files = 0;
    for entry in walkdir::WalkDir::new(&work) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            texts.push((
                entry.path().display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
            files += 1;
        }
    }
    assert!(
        files >= 7,
        "prepared, 3 shards' outcomes and manifests: {files} files"
    );
    texts.extend(outputs(&out, &merged.stdout));
    texts.extend(exported(&export, &history, "shards"));
    assert_no_identifier(&texts, &export.identifiers);
    let key = export.dir.path().join("shards/pseudonym.key");
    let p = Pseudonymizer::load_or_create(&key).unwrap();
    let want: BTreeSet<String> = export.images.iter().map(|i| p.pseudonym(&i.path)).collect();
    let csv = std::fs::read_to_string(out.join("predictions.csv")).unwrap();
    assert_eq!(ids_of(&csv), want);
}

#[test]
fn joined_by_study_uid_with_unit_study_no_uid_reaches_an_output() {
    let export = pacs_export();
    let mut by_study: BTreeMap<&str, &str> = BTreeMap::new();
    for i in &export.images {
        by_study.insert(&i.study_uid, &i.label);
    }
    let mut rows = vec!["StudyInstanceUID,label".to_string()];
    rows.extend(by_study.iter().map(|(uid, label)| format!("{uid},{label}")));
    let plan = plan(&export, &(rows.join("\n") + "\n"), |t| {
        t.replace("join = \"path\"", "join = \"StudyInstanceUID\"")
            .replace(
                "join_column = \"file\"",
                "join_column = \"StudyInstanceUID\"",
            )
            .replace("unit = \"image\"", "unit = \"study\"")
    });
    let (_, csv) = run_and_check(&export, &plan, "study");
    let p = Pseudonymizer::load_or_create(&export.dir.path().join("study/pseudonym.key")).unwrap();
    let want: BTreeSet<String> = by_study.keys().map(|uid| p.pseudonym(uid)).collect();
    assert_eq!(ids_of(&csv), want);
}

#[test]
fn an_identifier_forced_into_an_output_stops_it_naming_file_and_attribute_only() {
    let export = pacs_export();
    let pid = export.a_patient_id.clone();
    // The study's name carries a PatientID the headers hold (in lower case, too).
    let forced = plan(&export, &every_label(&export), |t| {
        t.replace(
            "name = \"Imaging demo: synthetic lesion detector\"",
            &format!("name = \"Follow-up of {}\"", pid.to_lowercase()),
        )
    });
    let out = export.dir.path().join("forced/out");
    let o = batch(
        &forced,
        &out,
        &export.dir.path().join("forced/history.sqlite"),
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("report.json") && stderr.contains("PatientID"),
        "{stderr}"
    );
    assert!(
        !stderr.to_lowercase().contains(&pid.to_lowercase()),
        "{stderr}"
    );
    for f in [
        "report.json",
        "predictions.csv",
        "report.html",
        "report.pdf",
    ] {
        assert!(!out.join(f).exists(), "{f} was written");
    }
    // The run is on record as failed, with the same message.
    let list = cli(&export.dir.path().join("forced/history.sqlite"))
        .args(["history", "list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&list.stdout).contains("failed"));

    // The same through the library, asking for the PDF alone: report.json (always written
    // first) is stopped, nothing is left, and the document the PDF is laid out from (its text
    // layer, checked before layout) is caught as well.
    let plan = provestein::Plan::load(&forced).unwrap();
    let eval = provestein::run(&plan, &common::control()).unwrap();
    assert!(!format!("{:?}", eval.guard).contains(&pid));
    let dir = tempfile::tempdir().unwrap();
    let pdf_only = provestein::report::Options {
        lang: provestein::i18n::Lang::Nb,
        pdf: true,
        html: false,
    };
    let e = provestein::report::write(&eval, dir.path(), pdf_only).unwrap_err();
    assert!(
        matches!(&e, provestein::Error::Identifier { path, keyword: "PatientID" } if path.ends_with("report.json")),
        "{e}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    let doc = provestein::report::content::build(&eval, provestein::i18n::Lang::Nb);
    assert_eq!(eval.guard.find(&doc.text().join("\n")), Some("PatientID"));
    // Without the identifier, the same run writes every file (the demo's names do not
    // trigger it: placeholders and short values are not collected).
    let mut clean = eval.clone();
    clean.study.name = "Follow-up".into();
    clean.plan.study.name = "Follow-up".into();
    provestein::report::write(&clean, dir.path(), pdf_only).unwrap();
    assert!(dir.path().join("report.pdf").exists());
}

/// A valid fødselsnummer from nine digits, its check digits computed here from the published
/// weights (3 7 6 1 8 9 4 5 2; 5 4 3 2 7 6 5 4 3 2), independently of `privacy::ids`.
fn fodselsnummer(first9: &str) -> String {
    let d: Vec<u32> = first9.bytes().map(|b| u32::from(b - b'0')).collect();
    let k = |w: &[u32], d: &[u32]| {
        let r = 11 - d.iter().zip(w).map(|(a, b)| a * b).sum::<u32>() % 11;
        if r == 11 { 0 } else { r }
    };
    let k1 = k(&[3, 7, 6, 1, 8, 9, 4, 5, 2], &d);
    assert!(k1 < 10, "no valid number starts {first9}");
    let mut d2 = d.clone();
    d2.push(k1);
    let k2 = k(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2], &d2);
    assert!(k2 < 10, "no valid number starts {first9}");
    format!("{first9}{k1}{k2}")
}

#[test]
fn check_and_the_run_warn_of_fodselsnumre_in_the_id_column_by_line() {
    let bc = root().join("sample-studies/breast-cancer");
    let dir = tempfile::tempdir().unwrap();
    let numbers = [
        fodselsnummer("150385123"),
        fodselsnummer("550385123"), // a D-number: first digit + 4
    ];
    let cohort = std::fs::read_to_string(bc.join("cohort.csv")).unwrap();
    let mut lines: Vec<String> = cohort.lines().map(str::to_string).collect();
    for (i, n) in numbers.iter().enumerate() {
        let rest = lines[i + 1].split_once(',').unwrap().1.to_string();
        lines[i + 1] = format!("{n},{rest}");
    }
    std::fs::write(dir.path().join("cohort.csv"), lines.join("\n") + "\n").unwrap();
    let plan = std::fs::read_to_string(bc.join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        )
        .replace("bootstrap = 2000", "bootstrap = 200");
    let plan_path = common::write_plan(dir.path(), &plan);
    let history = dir.path().join("history.sqlite");
    let o = cli(&history).arg("check").arg(&plan_path).output().unwrap();
    assert!(o.status.success());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(
            "warning: 2 \"sample_id\" value(s) look like Norwegian national identity numbers"
        ) && stderr.contains("lines 2, 3"),
        "{stderr}"
    );
    for n in &numbers {
        assert!(!stderr.contains(n.as_str()), "{stderr}");
    }
    // The untouched sample: no warning.
    let o = cli(&history)
        .arg("check")
        .arg(bc.join("plan.toml"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("warning"));

    // The run: in report.json and on stderr, the cohort's ids kept as declared.
    let out = dir.path().join("out");
    let o = batch(&plan_path, &out, &history);
    assert!(o.status.code().is_some_and(|c| c <= 2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("national identity numbers"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let w = json["cohort"]["identifier_warnings"].as_array().unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].as_str().unwrap().contains("lines 2, 3"));
    let csv = std::fs::read_to_string(out.join("predictions.csv")).unwrap();
    assert!(csv.contains(&numbers[0]), "CSV ids are kept as declared");
    // The report itself warns the reader, in the cohort section.
    let text = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        text.contains("some values of the id column look like patient identifiers"),
        "the HTML report does not warn of the ids"
    );
}

#[test]
fn vendor_scores_for_a_pacs_export_are_joined_by_path_and_named_by_pseudonym() {
    let export = pacs_export();
    let expected: BTreeMap<String, String> =
        std::fs::read_to_string(demo().join("expected_scores.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| {
                let (f, s) = l.split_once(',').unwrap();
                (f.to_string(), s.to_string())
            })
            .collect();
    let mut labels = vec!["file,label".to_string()];
    let mut scores = vec!["file,score".to_string()];
    for (k, i) in export.images.iter().enumerate() {
        labels.push(format!("{},{}", i.path, i.label));
        match k {
            0 => {}                                      // no score: no_score
            1 => scores.push(format!("{},NaN", i.path)), // bad_score
            _ => scores.push(format!("{},{}", i.path, expected[&i.original])),
        }
    }
    let extra = "DEMO-98_Extra^Person^98_ACC20249998/19600101_IMG9.dcm";
    scores.push(format!("{extra},0.5"));
    let mut identifiers = export.identifiers.clone();
    identifiers.extend([
        "DEMO-98".to_string(),
        "ACC20249998".into(),
        "19600101".into(),
        "Extra^Person^98".into(),
    ]);
    std::fs::write(
        export.dir.path().join("scores.csv"),
        scores.join("\n") + "\n",
    )
    .unwrap();
    let scores_path = export.dir.path().join("scores.csv");
    let plan_path = plan(&export, &(labels.join("\n") + "\n"), |t| {
        common::vendor_scored(&t, &scores_path)
    });
    let export = Export {
        identifiers,
        ..export
    };
    let (json, csv) = run_and_check(&export, &plan_path, "vendor");
    let p = Pseudonymizer::load_or_create(&export.dir.path().join("vendor/pseudonym.key")).unwrap();
    assert_eq!(
        json["cohort"]["unmatched_predictions"],
        serde_json::json!([p.pseudonym(extra)])
    );
    let reasons: BTreeMap<String, String> = json["cohort"]["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(reasons[&p.pseudonym(&export.images[0].path)], "no_score");
    assert_eq!(reasons[&p.pseudonym(&export.images[1].path)], "bad_score");
    assert_eq!(ids_of(&csv).len(), export.images.len() - 2);
}

/// A real DICOMDIR export (pydicom's `dicomdirtests`, see tests/fixtures/dicomdir/SOURCE.md)
/// names a patient's folder by the PatientID (77654033), as the issue saw: the scan's guard
/// knows it, every image path under it is caught, and so is every image's SOPInstanceUID.
#[test]
fn a_real_dicomdir_exports_patient_folders_are_known_to_the_guard() {
    let dir = common::fixture("dicomdir");
    let mut ids: BTreeMap<String, String> = BTreeMap::new(); // folder → PatientID
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        let Ok(obj) = dicom_object::open_file(entry.path()) else {
            continue;
        };
        let Ok(pid) = obj.element(dicom_dictionary_std::tags::PATIENT_ID) else {
            continue; // the DICOMDIR itself
        };
        let folder = entry
            .path()
            .strip_prefix(&dir)
            .unwrap()
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        ids.insert(folder, pid.to_str().unwrap().trim().to_string());
    }
    let named_by_pid = ids.iter().filter(|(f, p)| f == p).count();
    assert!(named_by_pid >= 1, "folders named by PatientID: {ids:?}");
    let scan = provestein::cohort::dicom::scan(&dir, &[]).unwrap();
    let guard = scan.identifiers.guard();
    for h in &scan.images {
        let folder = h.rel_path.split('/').next().unwrap();
        if ids.get(folder).is_some_and(|p| p == folder) {
            assert_eq!(guard.find(&h.rel_path), Some("PatientID"), "{}", h.rel_path);
        }
        // And the UIDs of every image, wherever they would stand.
        assert!(guard.find(&format!("x{}y", h.sop_instance_uid)).is_some());
    }
}
