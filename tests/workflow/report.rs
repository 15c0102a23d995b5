//! The validation report as a reviewer receives it: report.pdf, report.html and report.json
//! written by `batch` for every sample study, their key figures readable in the PDF's text
//! (poppler's pdftotext, installed by scripts/setup.sh), an HTML page that needs nothing from
//! outside the file, no patient identifier in any output, and the same bytes from the same
//! plan and data apart from the run's timestamps.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{onnxruntime, root};
use provestein::i18n::Lang;
use provestein::report::{Options, content, html, pdf};
use provestein::{Control, Plan};

fn batch(plan: &Path, out: &Path, extra: &[&str]) -> i32 {
    let o = common::cli()
        .arg("batch")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .args(extra)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap();
    assert!(
        o.status.code().is_some_and(|c| c <= 2),
        "batch {} failed: {}",
        plan.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    o.status.code().unwrap()
}

/// The PDF's text as pdftotext extracts it. A missing pdftotext fails the test (setup.sh
/// installs poppler-utils): a check that silently skips cannot fail.
fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext not found ({e}): run `bash scripts/setup.sh` (poppler-utils)")
        });
    assert!(
        o.status.success(),
        "{} does not parse: {}",
        pdf.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn pdf_pages(pdf: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(o.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo: {info}"))
}

fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// pdftotext breaks lines where the layout does; compare words, not line breaks.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of an HTML page as a reader sees them: tags dropped, entities decoded.
pub(crate) fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    squash(&out)
}

fn sample(rel: &str) -> PathBuf {
    root().join("sample-studies").join(rel)
}

fn run(plan: &Plan) -> provestein::Evaluation {
    let mut ctl = Control::silent();
    ctl.onnxruntime = Some(onnxruntime());
    ctl.pseudonym_key = Some(common::pseudonym_key());
    provestein::run(plan, &ctl).unwrap()
}

/// A self-contained page: nothing that makes a browser fetch or run anything. Images inlined
/// as PNG `data:` URLs (the segmentation tiles) are inside the file and are left out first.
pub(crate) fn assert_self_contained(html: &str, what: &str) {
    const INLINE: &str = "href=\"data:image/png;base64,";
    let mut html = html.to_string();
    while let Some(i) = html.find(INLINE) {
        let end = html[i + INLINE.len()..]
            .find('"')
            .map_or(html.len(), |j| i + INLINE.len() + j + 1);
        let data = &html[i + INLINE.len()..end.saturating_sub(1)];
        assert!(
            data.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
            "{what}: an inline image that is not base64"
        );
        html.replace_range(i..end, "");
    }
    let html = html.as_str();
    let lower = html.to_lowercase();
    for needle in [
        "http:", "https:", "//", "src=", "href=", "url(", "@import", "<script", "<link", "<img",
        "<iframe", "<object", "<embed",
    ] {
        let hits: Vec<&str> = lower
            .match_indices(needle)
            .map(|(i, _)| &html[i.saturating_sub(40)..(i + 40).min(html.len())])
            .collect();
        // "//" may appear only inside text, never as a scheme-relative URL; there is none at all.
        assert!(
            hits.is_empty(),
            "{what} has an external reference `{needle}`: {hits:?}"
        );
    }
}

#[test]
fn batch_writes_pdf_html_and_json_for_each_sample_study_with_the_key_figures() {
    for (plan, verdict, code) in [
        ("breast-cancer/plan.toml", "PASS", 0),
        ("breast-cancer/plan-vendor-scores.toml", "INCONCLUSIVE", 2),
        ("imaging-demo/plan.toml", "PASS", 0),
    ] {
        let out = tempfile::tempdir().unwrap();
        assert_eq!(batch(&sample(plan), out.path(), &[]), code, "{plan}");
        let json = read_json(&out.path().join("report.json"));
        let text = squash(&pdf_text(&out.path().join("report.pdf")));
        let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
        assert_self_contained(&html, plan);
        let m = &json["overall"]["metrics"];
        let f3 = |v: &serde_json::Value| format!("{:.3}", v.as_f64().unwrap());
        let mut expected = vec![
            json["study"]["name"].as_str().unwrap().to_string(),
            format!("{verdict}:"),
            // sensitivity and specificity with their Wilson intervals, AUC with DeLong's
            format!(
                "{} [{}, {}]",
                f3(&m["sensitivity"]["estimate"]),
                f3(&m["sensitivity"]["wilson"][0]),
                f3(&m["sensitivity"]["wilson"][1])
            ),
            format!(
                "{} [{}, {}]",
                f3(&m["specificity"]["estimate"]),
                f3(&m["specificity"]["wilson"][0]),
                f3(&m["specificity"]["wilson"][1])
            ),
            format!("ROC AUC {}", f3(&m["auc"]["estimate"])),
            format!(
                "[{}, {}]",
                f3(&m["auc"]["delong"][0]),
                f3(&m["auc"]["delong"][1])
            ),
            json["provenance"]["plan_sha256"].as_str().unwrap()[..12].to_string(),
            "STARD 2015 checklist".into(),
            "Sign-off".into(),
            "score ≥ threshold is positive".into(),
            "tied scores counting ½".into(),
        ];
        if !json["overall"]["n_patients"].is_null() {
            // With a patient key the AUC criterion is judged on Obuchowski's interval, and
            // page 1 names it so.
            expected.push("Obuchowski bound of ROC AUC".into());
        }
        let cf = &json["overall"]["confusion"];
        expected.push(format!("{} (TP)", cf["tp"]));
        expected.push(format!("{} (FN)", cf["fn"]));
        for e in &expected {
            assert!(text.contains(e.as_str()), "{plan}: the PDF lacks \"{e}\"");
            assert!(
                html_text(&html).contains(e.as_str()),
                "{plan}: the HTML lacks \"{e}\""
            );
        }
        assert!(pdf_pages(&out.path().join("report.pdf")) >= 5, "{plan}");
    }
}

#[test]
fn the_report_reads_in_norwegian_with_decimal_commas() {
    let out = tempfile::tempdir().unwrap();
    batch(
        &sample("breast-cancer/plan.toml"),
        out.path(),
        &["--lang", "nb"],
    );
    let json = read_json(&out.path().join("report.json"));
    let sens = json["overall"]["metrics"]["sensitivity"]["estimate"]
        .as_f64()
        .unwrap();
    let text = squash(&pdf_text(&out.path().join("report.pdf")));
    for e in [
        "Valideringsrapport",
        "BESTÅTT",
        "Sammendrag",
        "Diagnostisk nøyaktighet",
        "STARD 2015-sjekkliste",
        "Godkjenning",
        "skår ≥ terskel er positiv",
        "side 1 av",
        &format!("{sens:.3}").replace('.', ","),
    ] {
        assert!(text.contains(e), "the Norwegian PDF lacks \"{e}\"");
    }
    assert!(!text.contains("Validation report"), "English title left in");
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("<html lang=\"nb\">"));
    // report.json stays English whatever the report's language: scripts parse it.
    assert!(
        json["conventions"][0]
            .as_str()
            .unwrap()
            .starts_with("A case is predicted positive")
    );
}

#[test]
fn the_plans_claims_and_study_design_reach_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(sample("breast-cancer/plan-vendor-scores.toml")).unwrap();
    let text = base
        .replace("sensitivity = 0.95\n", "sensitivity = 0.97\n")
        .replace("illustrative claim for this sample (no real IFU)", "IFU v3.2, p. 14")
        .replace("Gradient-boosting cytology scores (sample)", "CytoCheck")
        .replace("vendor = \"Prøvestein sample\"", "vendor = \"Example AS\"")
        .replace("version = \"1.0\"", "version = \"3.2.1\"")
        .replace(
            "intended_use = \"Second reader for fine-needle aspirate cytology features.\"",
            "intended_use = \"Second reader for fine-needle aspirate cytology features.\"\nreference_standard = \"Histopathology of the excised lesion\"\nsampling = \"consecutive, retrospective\"",
        )
    .replace("path = \"", &format!("path = \"{}/", sample("breast-cancer").display()));
    let text = format!(
        "{text}\n[report]\nsign_off = [{{ role = \"Reviewing physicist\", name = \"Ola Fysiker\" }}, {{ role = \"Head of radiology\" }}]\n"
    );
    let plan = dir.path().join("plan.toml");
    std::fs::write(&plan, text).unwrap();
    let out = dir.path().join("out");
    batch(&plan, &out, &[]);
    let json = read_json(&out.join("report.json"));
    let claims = json["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 3);
    let status = |metric: &str| {
        claims.iter().find(|c| c["metric"] == metric).unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let m = &json["overall"]["metrics"];
    // The sensitivity interval [0.810, 0.956] lies wholly below the claimed 0.97.
    assert!(m["sensitivity"]["wilson"][1].as_f64().unwrap() < 0.97);
    assert_eq!(status("sensitivity"), "below_claim");
    let spec = &m["specificity"]["wilson"];
    let compatible = spec[0].as_f64().unwrap() <= 0.95 && 0.95 <= spec[1].as_f64().unwrap();
    assert_eq!(status("specificity") == "compatible", compatible);
    let text = squash(&pdf_text(&out.join("report.pdf")));
    for e in [
        "CytoCheck",
        "Example AS",
        "3.2.1",
        "IFU v3.2, p. 14",
        "lower than claimed",
        "Histopathology of the excised lesion",
        "consecutive, retrospective",
        "Reviewing physicist Name Ola Fysiker",
        "Head of radiology Name Date Signature",
    ] {
        assert!(text.contains(e), "the PDF lacks \"{e}\"");
    }
}

/// Two runs of one plan: report.json byte for byte the same once the run's two timestamps are
/// set equal, and the PDF and HTML likewise (they are functions of the evaluation alone).
#[test]
fn the_same_plan_and_data_give_the_same_report_bytes_apart_from_the_timestamps() {
    let plan = Plan::load(&sample("imaging-demo/plan.toml")).unwrap();
    let a = run(&plan);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut b = run(&plan);
    assert_ne!(
        a.provenance.started, b.provenance.started,
        "the runs are distinct"
    );
    let json_a = provestein::report::json::to_string(&a);
    let json_b = provestein::report::json::to_string(&b)
        .replace(&b.provenance.started, &a.provenance.started)
        .replace(&b.provenance.finished, &a.provenance.finished);
    assert!(
        json_a == json_b,
        "report.json differs beyond provenance timestamps"
    );
    let (pdf_a, html_a) = (
        pdf::render(&content::build(&a, Lang::En)).unwrap(),
        html::render(&content::build(&a, Lang::En)),
    );
    b.provenance.started = a.provenance.started.clone();
    b.provenance.finished = a.provenance.finished.clone();
    let doc_b = content::build(&b, Lang::En);
    assert!(pdf_a == pdf::render(&doc_b).unwrap(), "PDF bytes differ");
    assert_eq!(html_a, html::render(&doc_b));
    // And through the files batch writes: the same bytes again.
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let opts = Options::for_plan(&plan);
    provestein::report::write(&a, d1.path(), opts).unwrap();
    provestein::report::write(&b, d2.path(), opts).unwrap();
    for f in [
        "report.json",
        "report.pdf",
        "report.html",
        "predictions.csv",
    ] {
        assert!(
            std::fs::read(d1.path().join(f)).unwrap() == std::fs::read(d2.path().join(f)).unwrap(),
            "{f} differs"
        );
    }
}

/// Every identifying value the imaging demo's DICOM headers carry: names, ids, birth dates,
/// accession numbers (read here with dicom-object, independently of the engine).
pub(crate) fn identifiers(dir: &Path) -> BTreeSet<String> {
    use dicom_dictionary_std::tags;
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let Ok(obj) = dicom_object::open_file(entry.path()) else {
            continue; // gzip files, notes and the deliberately broken files
        };
        for tag in [
            tags::PATIENT_NAME,
            tags::PATIENT_ID,
            tags::PATIENT_BIRTH_DATE,
            tags::ACCESSION_NUMBER,
        ] {
            if let Ok(e) = obj.element(tag)
                && let Ok(v) = e.to_str()
            {
                let v = v.trim().to_string();
                if v.len() >= 4 {
                    out.insert(v);
                }
            }
        }
    }
    out
}

pub(crate) fn assert_no_identifier(out: &Path, ids: &BTreeSet<String>) {
    for f in [
        "report.json",
        "predictions.csv",
        "report.html",
        "report.pdf",
    ] {
        let path = out.join(f);
        let text = if f.ends_with(".pdf") {
            pdf_text(&path)
        } else {
            std::fs::read_to_string(&path).unwrap()
        };
        for id in ids {
            assert!(
                !text.contains(id.as_str()),
                "{f} contains the identifier {id}"
            );
        }
    }
}

#[test]
fn no_patient_name_id_birth_date_or_accession_number_reaches_any_report() {
    let demo = sample("imaging-demo");
    let ids = identifiers(&demo.join("images"));
    assert!(
        ids.iter().any(|i| i.starts_with("DEMO-"))
            && ids.iter().any(|i| i.starts_with("ACC"))
            && ids
                .iter()
                .any(|i| i.starts_with("19") || i.starts_with("20"))
            && ids.iter().any(|i| i.starts_with("Demo^Patient")),
        "the demo files carry names, ids, birth dates and accession numbers: {ids:?}"
    );
    // As shipped (joined on the file path)…
    let out = tempfile::tempdir().unwrap();
    batch(&demo.join("plan.toml"), out.path(), &[]);
    assert_no_identifier(out.path(), &ids);

    // …and joined on the accession number, with a label row for an examination that is not
    // in the folder and an examination without a label row: messages about either must not
    // name the accession number.
    let dir = tempfile::tempdir().unwrap();
    let labels = std::fs::read_to_string(demo.join("labels.csv")).unwrap();
    let mut by_study = std::collections::BTreeMap::new();
    for line in labels.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        by_study.insert(f[2].to_string(), f[3].to_string());
    }
    let mut rows = vec!["AccessionNumber,label".to_string()];
    let mut seen = BTreeSet::new();
    for entry in walkdir::WalkDir::new(demo.join("images")) {
        let entry = entry.unwrap();
        let Ok(obj) = dicom_object::open_file(entry.path()) else {
            continue;
        };
        let get = |t| obj.element(t).unwrap().to_str().unwrap().trim().to_string();
        let acc = get(dicom_dictionary_std::tags::ACCESSION_NUMBER);
        let study = get(dicom_dictionary_std::tags::STUDY_INSTANCE_UID);
        if let Some(label) = by_study.get(&study)
            && seen.insert(acc.clone())
        {
            rows.push(format!("{acc},{label}"));
        }
    }
    assert!(rows.len() > 5);
    rows.remove(1); // an examination without a label row
    rows.push("ACC77770001,1".into()); // a label row without an examination
    let mut ids = ids;
    ids.insert("ACC77770001".into());
    std::fs::write(dir.path().join("labels.csv"), rows.join("\n") + "\n").unwrap();
    let plan = std::fs::read_to_string(demo.join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"images\"",
            &format!("path = \"{}\"", demo.join("images").display()),
        )
        .replace(
            "path = \"../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        )
        .replace(
            "manifest = \"vendor/",
            &format!(
                "manifest = \"{}/",
                root().join("sample-studies/imaging-demo/vendor").display()
            ),
        )
        .replace("join = \"path\"", "join = \"AccessionNumber\"")
        .replace(
            "join_column = \"file\"",
            "join_column = \"AccessionNumber\"",
        )
        .replace("unit = \"image\"", "unit = \"study\"");
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    let out = dir.path().join("out");
    batch(&dir.path().join("plan.toml"), &out, &[]);
    let json = read_json(&out.join("report.json"));
    assert_eq!(
        json["cohort"]["unmatched_labels"].as_array().unwrap().len(),
        1,
        "the label row without an examination is still counted"
    );
    assert!(
        json["cohort"]["excluded_by_reason"]["no_label"]
            .as_u64()
            .unwrap()
            > 0,
        "the examination without a label row is still excluded"
    );
    assert_no_identifier(&out, &ids);
}

/// The STARD checklist points at the sections by the numbers the report gave them, which shift
/// when a plan adds comparisons.
#[test]
fn the_stard_checklist_names_the_sections_as_numbered() {
    let dir = sample("breast-cancer");
    let base = std::fs::read_to_string(dir.join("plan-vendor-scores.toml")).unwrap();
    let with_compare = format!(
        "{base}\n[[compare]]\nname = \"same scores\"\npredictions = {{ path = \"vendor_scores.csv\", id = \"sample_id\", score = \"score\" }}\n"
    );
    for (text, methods) in [(base.as_str(), 8), (with_compare.as_str(), 9)] {
        let plan = Plan::parse(text, Path::new("plan.toml"), dir.clone()).unwrap();
        let eval = provestein::run(&plan, &Control::silent()).unwrap();
        let doc = content::build(&eval, Lang::En);
        let headings: Vec<&str> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                provestein::report::doc::Block::Heading { level: 1, text, .. } => {
                    Some(text.as_str())
                }
                _ => None,
            })
            .collect();
        assert!(
            headings.contains(&format!("{methods} Methods, conventions and limitations").as_str()),
            "{headings:?}"
        );
        let stard = doc
            .blocks
            .iter()
            .find_map(|b| match b {
                provestein::report::doc::Block::Table(t) if t.header[0] == "Item" => Some(t),
                _ => None,
            })
            .expect("the STARD table");
        assert_eq!(stard.rows.len(), 34, "30 items, four of them in two parts");
        let item = |n: &str| stard.rows.iter().find(|r| r.cells[0] == n).unwrap().cells[2].clone();
        assert_eq!(
            item("14"),
            format!("section {methods}, Methods, conventions and limitations")
        );
        assert_eq!(item("23"), "section 3, Diagnostic accuracy");
        assert!(
            item("10b").starts_with("for the user"),
            "the sample plan records no reference standard"
        );
    }
}
