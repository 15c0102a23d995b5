//! The vendor's validation package as a hospital receives it: the fidelity self-test that
//! stops a run whose local pipeline does not reproduce the vendor's outputs, the signature
//! that shows a tampered manifest, what the manifest fills and what the plan overrides, and
//! the cohort against the vendor's intended use and population.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{onnxruntime, root};

fn demo() -> PathBuf {
    root().join("sample-studies/imaging-demo")
}

/// Runs `provestein args…` with its own (empty or given) trust folder.
fn provestein(args: &[&str], trust: &Path) -> Output {
    common::cli()
        .args(args)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .env("PROVESTEIN_TRUST_DIR", trust)
        .output()
        .unwrap()
}

/// `provestein batch PLAN --out OUT --no-history` with the trust folder `trust`.
fn batch(plan: &Path, out: &Path, trust: &Path) -> Output {
    provestein(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--no-history",
        ],
        trust,
    )
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The demo's vendor folder copied into `dir` (so it can be edited), and a plan using it.
fn setup(
    dir: &Path,
    edit_plan: impl Fn(String) -> String,
    edit_manifest: impl Fn(String) -> String,
) -> PathBuf {
    let vendor = dir.join("vendor");
    std::fs::create_dir_all(vendor.join("vectors")).unwrap();
    for f in ["demo-vendor.pub", "manifest.toml.sig"] {
        std::fs::copy(demo().join("vendor").join(f), vendor.join(f)).unwrap();
    }
    for f in ["positive.dcm", "weak-positive.dcm", "borderline.dcm"] {
        std::fs::copy(
            demo().join("vendor/vectors").join(f),
            vendor.join("vectors").join(f),
        )
        .unwrap();
    }
    let manifest = std::fs::read_to_string(demo().join("vendor/manifest.toml")).unwrap();
    std::fs::write(vendor.join("manifest.toml"), edit_manifest(manifest)).unwrap();
    let plan = std::fs::read_to_string(demo().join("plan.toml"))
        .unwrap()
        .replace(
            "path = \"images\"",
            &format!("path = \"{}\"", demo().join("images").display()),
        )
        .replace(
            "labels = \"labels.csv\"",
            &format!("labels = \"{}\"", demo().join("labels.csv").display()),
        )
        .replace(
            "path = \"../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        )
        .replace("bootstrap = 2000", "bootstrap = 200");
    let p = dir.join("plan.toml");
    std::fs::write(&p, edit_plan(plan)).unwrap();
    p
}

fn report(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let o = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/setup.sh)");
    String::from_utf8(o.stdout)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_demo_manifest_passes_its_fidelity_self_test_and_fills_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = batch(&demo().join("plan.toml"), &out, &dir.path().join("trust"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(&out);
    let m = &r["manifest"];
    assert_eq!(m["fidelity"]["passed"], 3);
    assert_eq!(m["fidelity"]["total"], 3);
    assert_eq!(m["fidelity"]["model_sha256_matches"], true);
    for v in m["fidelity"]["vectors"].as_array().unwrap() {
        let (e, a) = (
            v["expected"].as_f64().unwrap(),
            v["actual"].as_f64().unwrap(),
        );
        assert!((e - a).abs() < 1e-6, "{v}");
        assert_eq!(v["kind"], "DICOM pipeline");
    }
    // The plan leaves the claims to the manifest; the report shows them against the result.
    assert_eq!(m["filled"], serde_json::json!(["claims"]));
    assert_eq!(m["overrides"].as_array().unwrap().len(), 0);
    assert_eq!(r["claims"].as_array().unwrap().len(), 3);
    // Signed, but the hospital has pinned no key yet: said so, not hidden.
    assert_eq!(m["signature"]["status"], "not_verified");
    // The vendor never reported ACME Medical scanners: 20 of the 47 cases.
    let rep = &m["representativeness"];
    assert_eq!(rep["unreported_manufacturers"]["outside"], 20);
    assert_eq!(
        rep["unreported_manufacturers"]["values"][0][0],
        "ACME Medical"
    );
    assert_eq!(rep["age_outside"]["outside"], 0);
    assert_eq!(rep["modality_outside"]["known"], 47);
    let t = pdf_text(&out.join("report.pdf"));
    for e in [
        "The vendor's validation package",
        "3 of 3 outputs were reproduced within tolerance",
        "no vendor key is pinned here",
        "ACME Medical (20)",
        "Intended use and representativeness",
    ] {
        assert!(t.contains(e), "the PDF lacks {e:?}");
    }
}

#[test]
fn a_local_pipeline_without_the_vendors_window_fails_fidelity_before_any_case() {
    // The plan's own [preprocess] forgets the window: it overrides the manifest's, and the
    // vendor's outputs are not reproduced.
    let dir = tempfile::tempdir().unwrap();
    let plan = setup(
        dir.path(),
        |p| p.replace("window = { center = 40, width = 400 }\n", ""),
        |m| m,
    );
    let out = dir.path().join("out");
    let o = batch(&plan, &out, &dir.path().join("trust"));
    let t = text(&o);
    assert_eq!(o.status.code(), Some(6), "{t}");
    assert!(
        t.contains("fidelity: 0/3 outputs reproduced") || t.contains("fidelity: "),
        "{t}"
    );
    assert!(
        t.contains("vectors/positive.dcm (DICOM pipeline): expected 0.999533832, got"),
        "{t}"
    );
    assert!(t.contains("[preprocess]"), "says what to check: {t}");
    assert!(
        !out.join("report.json").exists(),
        "no statistics after a failed self-test"
    );

    // The manifest itself without the window, the plan leaving preprocessing to it: the same.
    let dir = tempfile::tempdir().unwrap();
    let plan = setup(
        dir.path(),
        |p| {
            let start = p.find("[preprocess]").unwrap();
            let end = p[start..].find("[analysis]").unwrap() + start;
            format!("{}{}", &p[..start], &p[end..])
        },
        |m| m.replace("window = { center = 40, width = 400 }\n", ""),
    );
    let o = batch(&plan, &dir.path().join("out"), &dir.path().join("trust"));
    assert_eq!(o.status.code(), Some(6), "{}", text(&o));

    // The correct manifest with a plan that leaves preprocessing to it passes.
    let dir = tempfile::tempdir().unwrap();
    let plan = setup(
        dir.path(),
        |p| {
            let start = p.find("[preprocess]").unwrap();
            let end = p[start..].find("[analysis]").unwrap() + start;
            format!("{}{}", &p[..start], &p[end..])
        },
        |m| m,
    );
    let out = dir.path().join("out");
    let o = batch(&plan, &out, &dir.path().join("trust"));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(&out);
    assert!(
        r["manifest"]["filled"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "preprocess"),
        "{}",
        r["manifest"]["filled"]
    );
}

#[test]
fn another_model_file_than_the_manifest_names_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let plan = setup(
        dir.path(),
        |p| p,
        |m| m.replace("fcdc97a9f768d553", "0000000000000000"),
    );
    let o = batch(&plan, &dir.path().join("out"), &dir.path().join("trust"));
    assert_eq!(o.status.code(), Some(6), "{}", text(&o));
    assert!(
        text(&o).contains("not the model the vendor validated"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_tampered_manifest_fails_signature_verification() {
    let dir = tempfile::tempdir().unwrap();
    let trust = dir.path().join("trust");
    let manifest = demo().join("vendor/manifest.toml");
    // Pin the demo vendor's key: the shipped manifest verifies.
    let o = provestein(
        &[
            "vendor",
            "trust",
            demo().join("vendor/demo-vendor.pub").to_str().unwrap(),
        ],
        &trust,
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = provestein(&["vendor", "verify", manifest.to_str().unwrap()], &trust);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("verifies with the pinned vendor key \"demo-vendor\""));

    // One claim raised after signing.
    let t = tempfile::tempdir().unwrap();
    let plan = setup(t.path(), |p| p, |m| m.replace("auc = 0.95", "auc = 0.99"));
    let tampered = t.path().join("vendor/manifest.toml");
    let o = provestein(&["vendor", "verify", tampered.to_str().unwrap()], &trust);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("does NOT verify"), "{}", text(&o));
    // A run with it goes on, and its report says so.
    let out = t.path().join("out");
    let o = batch(&plan, &out, &trust);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        report(&out)["manifest"]["signature"]["status"],
        "not_verified"
    );
    assert!(pdf_text(&out.join("report.pdf")).contains("does NOT verify"));

    // Unsigned: said so.
    std::fs::remove_file(t.path().join("vendor/manifest.toml.sig")).unwrap();
    let o = provestein(&["vendor", "verify", tampered.to_str().unwrap()], &trust);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("not signed"), "{}", text(&o));

    // A fresh key pair signs and verifies (the vendor's side).
    let k = t.path().join("acme");
    assert!(
        provestein(&["vendor", "keygen", k.to_str().unwrap()], &trust)
            .status
            .success()
    );
    let o = provestein(
        &[
            "vendor",
            "sign",
            tampered.to_str().unwrap(),
            "--key",
            t.path().join("acme.secret").to_str().unwrap(),
        ],
        &trust,
    );
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        provestein(&["vendor", "verify", tampered.to_str().unwrap()], &trust)
            .status
            .code(),
        Some(1),
        "not pinned yet"
    );
    provestein(
        &[
            "vendor",
            "trust",
            t.path().join("acme.pub").to_str().unwrap(),
        ],
        &trust,
    );
    let o = provestein(&["vendor", "verify", tampered.to_str().unwrap()], &trust);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn what_the_plan_sets_differently_is_used_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let plan = setup(
        dir.path(),
        |p| p.replace("threshold = 0.5", "threshold = 0.45"),
        |m| m,
    );
    let out = dir.path().join("out");
    let o = batch(&plan, &out, &dir.path().join("trust"));
    assert!(o.status.code().unwrap() <= 2, "{}", text(&o));
    let r = report(&out);
    assert_eq!(r["overall"]["threshold"], 0.45);
    let o = &r["manifest"]["overrides"][0];
    assert_eq!(o["key"], "analysis.threshold");
    assert_eq!(o["plan"], "0.45");
    assert_eq!(o["manifest"], "0.5");
    assert!(pdf_text(&out.join("report.pdf")).contains("the plan's value was used"));
}
