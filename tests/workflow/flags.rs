//! Page-1 flags (`provestein::flags`): what the acceptance criteria do not cover. A synthetic
//! cohort whose figures are known by hand (Wilson bounds by the formula, see SOURCES.md), the
//! imaging demo as the issue saw it (sensitivity 0.667, [0.454, 0.828] per image and
//! [0.400, 0.857] per patient, Hosmer–Lemeshow p = 0.033, a claimed 0.80 sensitivity the data
//! cannot test), the caller's context
//! (post hoc, patients without a key), and the flags in report.json and both languages.

use crate::common;

use std::path::Path;

use common::{onnxruntime, root};
use provestein::acceptance::ClaimStatus;
use provestein::flags::{Context, Flag, PostHoc, RepeatedPatients};
use provestein::i18n::Lang;
use provestein::plan::Metric;
use provestein::{Control, Evaluation, Plan};

/// 20 positives (14 scored 0.8, 6 scored 0.3) and 80 negatives (76 at 0.1, 4 at 0.6): at
/// threshold 0.5 sensitivity 14/20 = 0.70, Wilson [0.4810, 0.8545]; specificity 76/80 = 0.95,
/// Wilson [0.8784, 0.9804]. `scale` multiplies the scores (100: not probabilities).
fn cohort(dir: &Path, scale: f64) -> std::path::PathBuf {
    let mut text = String::from("id,label,score\n");
    let mut k = 0;
    let mut add = |label: u8, score: f64, n: usize| {
        for _ in 0..n {
            k += 1;
            text.push_str(&format!("c{k},{label},{}\n", score * scale));
        }
    };
    add(1, 0.8, 14);
    add(1, 0.3, 6);
    add(0, 0.1, 76);
    add(0, 0.6, 4);
    let p = dir.join("cohort.csv");
    std::fs::write(&p, text).unwrap();
    p
}

fn plan_text(cohort: &Path, threshold: f64, extra: &str) -> String {
    let head = common::scores_plan("Flags test", cohort, "");
    format!(
        r#"{head}
[analysis]
bootstrap = 0
threshold = {threshold}

[[acceptance]]
metric = "auc"
min = 0.5
{extra}"#
    )
}

fn run_text(text: &str) -> Evaluation {
    let plan = Plan::parse(text, Path::new("plan.toml"), root()).unwrap();
    provestein::run(&plan, &Control::silent()).unwrap()
}

fn ids(eval: &Evaluation) -> Vec<&'static str> {
    eval.flags.iter().map(Flag::id).collect()
}

const CLAIMS: &str = "\n[claims]\nsensitivity = 0.80\nspecificity = 0.90\n";

#[test]
fn an_operating_point_without_a_criterion_is_flagged_with_its_figure() {
    let dir = tempfile::tempdir().unwrap();
    // Scores 0–100: no calibration, so only the operating point and the claims can flag.
    let eval = run_text(&plan_text(&cohort(dir.path(), 100.0), 50.0, CLAIMS));
    assert!(eval.binary().unwrap().overall.calibration.is_none());
    let sens = &eval.binary().unwrap().overall.metrics.sensitivity;
    common::assert_close("Wilson low 14/20", sens.wilson[0], 0.481_027_181_6, 1e-9);
    common::assert_close(
        "Wilson low 76/80",
        eval.binary().unwrap().overall.metrics.specificity.wilson[0],
        0.878_377_238,
        1e-9,
    );

    // Sensitivity: lower bound 0.481 < 0.5 and < the claimed 0.80; specificity: 0.878 ≥ 0.5
    // but < the claimed 0.90. Then the sensitivity claim is not testable (0.481 ≤ 0.75) while
    // the specificity claim is compatible (0.878 > 0.85).
    assert_eq!(
        ids(&eval),
        [
            "unconstrained_operating_point",
            "unconstrained_operating_point",
            "claim_not_testable"
        ]
    );
    let en: Vec<String> = eval.flags.iter().map(|f| f.text(Lang::En)).collect();
    assert_eq!(
        en[0],
        "Sensitivity 0.700 [0.481, 0.855] at the plan threshold 50 has no acceptance criterion, and its lower Wilson bound is under 0.5 and under the vendor's claimed 0.8."
    );
    assert_eq!(
        en[1],
        "Specificity 0.950 [0.878, 0.980] at the plan threshold 50 has no acceptance criterion, and its lower Wilson bound is under the vendor's claimed 0.9."
    );
    assert!(en[2].starts_with("The vendor's claimed sensitivity 0.8 is not testable at this n: the interval [0.481, 0.855] is wider than the claim minus 0.05 (0.750)"), "{}", en[2]);
    let nb = eval.flags[0].text(Lang::Nb);
    assert!(
        nb.starts_with("Sensitivitet 0,700 [0,481; 0,855] ved planens terskel 50"),
        "{nb}"
    );

    let status: Vec<(Metric, ClaimStatus)> =
        eval.claims.iter().map(|c| (c.metric, c.status)).collect();
    assert_eq!(
        status,
        [
            (Metric::Sensitivity, ClaimStatus::NotTestable),
            (Metric::Specificity, ClaimStatus::Compatible)
        ]
    );
}

#[test]
fn a_criterion_on_the_operating_point_removes_its_flag() {
    let dir = tempfile::tempdir().unwrap();
    let extra = "\n[[acceptance]]\nmetric = \"sensitivity\"\nmin = 0.4\n";
    let eval = run_text(&plan_text(&cohort(dir.path(), 100.0), 50.0, extra));
    // Specificity's lower bound 0.878 is above 0.5 and nothing is claimed: no flag at all.
    assert!(eval.flags.is_empty(), "{:?}", ids(&eval));
    // Without the criterion, sensitivity's 0.481 < 0.5 flags it even without a claim.
    let eval = run_text(&plan_text(&cohort(dir.path(), 100.0), 50.0, ""));
    assert_eq!(ids(&eval), ["unconstrained_operating_point"]);
}

#[test]
fn flags_in_report_json_are_id_and_english_text() {
    let dir = tempfile::tempdir().unwrap();
    let eval = run_text(&plan_text(&cohort(dir.path(), 100.0), 50.0, CLAIMS));
    let json = serde_json::to_value(&eval).unwrap();
    let flags = json["flags"].as_array().expect("flags is a list");
    assert_eq!(flags.len(), 3);
    for (f, flag) in flags.iter().zip(&eval.flags) {
        let obj = f.as_object().unwrap();
        assert_eq!(obj.keys().collect::<Vec<_>>(), ["id", "text"]);
        assert_eq!(obj["id"], flag.id());
        assert_eq!(obj["text"], flag.text(Lang::En));
    }
    assert_eq!(json["claims"][0]["status"], "not_testable");
    assert_eq!(json["claims"][0]["margin"], 0.05);
    assert_eq!(json["claims"][1]["status"], "compatible");
}

#[test]
fn post_hoc_and_patients_without_a_key_come_from_the_context() {
    let dir = tempfile::tempdir().unwrap();
    let eval = run_text(&plan_text(&cohort(dir.path(), 100.0), 50.0, ""));
    let ctx = Context {
        post_hoc: Some(PostHoc {
            attempt: 3,
            changed: vec![
                provestein::provenance::PlanPart::Threshold,
                provestein::provenance::PlanPart::Criteria,
            ],
        }),
        repeated_patients: Some(RepeatedPatients {
            patients: 20,
            units: 47,
        }),
    };
    let flags = provestein::flags::flags(&eval, &ctx);
    let ids: Vec<&str> = flags.iter().map(Flag::id).collect();
    assert_eq!(
        ids,
        [
            "post_hoc",
            "clustered_without_key",
            "unconstrained_operating_point"
        ]
    );
    assert_eq!(
        flags[0].text(Lang::En),
        "Attempt 3 on this model and cohort, and the threshold and the criteria changed after an earlier run, so the criteria may have been chosen knowing results."
    );
    assert!(
        flags[0]
            .text(Lang::Nb)
            .contains("terskelen og kriteriene ble endret")
    );
    assert!(
        flags[1]
            .text(Lang::En)
            .starts_with("47 units come from 20 patients, and the plan does not say which units belong to the same patient")
    );
    assert!(
        flags[1]
            .text(Lang::Nb)
            .starts_with("47 enheter kommer fra 20 pasienter")
    );
    // The default context knows nothing, so it raises neither.
    assert_eq!(
        provestein::flags::flags(&eval, &Context::default()),
        eval.flags
    );
}

/// The issue's case: the imaging demo passes on AUC alone.
#[test]
fn the_imaging_demo_says_what_its_auc_criterion_misses() {
    let plan = Plan::load(&root().join("sample-studies/imaging-demo/plan.toml")).unwrap();
    let mut ctl = Control::silent();
    ctl.onnxruntime = Some(onnxruntime());
    let eval = provestein::run(&plan, &ctl).unwrap();
    assert_eq!(eval.acceptance.verdict, provestein::Verdict::Pass);
    let ids = ids(&eval);
    for id in [
        "unconstrained_operating_point",
        "calibration_rejected",
        "claim_not_testable",
        "outside_intended_use",
    ] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    let signed = eval.manifest.as_ref().unwrap().used.signature.is_verified();
    assert_eq!(ids.contains(&"signature_unverified"), !signed);

    let text = |id: &str| -> Vec<String> {
        eval.flags
            .iter()
            .filter(|f| f.id() == id)
            .map(|f| f.text(Lang::En))
            .collect()
    };
    assert!(
        text("unconstrained_operating_point")[0].starts_with(
            "Sensitivity 0.667 [0.400, 0.857] at the plan threshold 0.5 has no acceptance criterion, and its lower Wilson bound is under 0.5 and under the vendor's claimed 0.8."
        ),
        "{:?}",
        text("unconstrained_operating_point")
    );
    assert!(
        text("calibration_rejected")[0]
            .contains("Hosmer–Lemeshow p = 0.033 < 0.05 (χ² = 16.77, 8 df)")
    );
    // All three claims (sensitivity 0.80, specificity 0.85, AUC 0.95) in one flag.
    assert_eq!(
        text("claim_not_testable"),
        [
            "The vendor's claims are not testable at this n (claim, local interval): sensitivity 0.8 [0.400, 0.857]; specificity 0.85 [0.665, 0.938]; ROC AUC 0.95 [0.790, 1.000]. Each interval is wider than the claim minus 0.05, so these data cannot tell a claim from a model 0.05 worse."
        ]
    );
    assert!(
        text("outside_intended_use")[0].contains("ACME Medical"),
        "{:?}",
        text("outside_intended_use")
    );

    // Page 1 carries them in both languages, right under the verdict banner.
    for lang in Lang::ALL {
        let doc = provestein::report::content::build(&eval, lang);
        let verdict = doc
            .blocks
            .iter()
            .position(|b| matches!(b, provestein::report::doc::Block::Verdict { .. }))
            .unwrap();
        let provestein::report::doc::Block::Table(t) = &doc.blocks[verdict + 1] else {
            panic!("no flags table under the verdict");
        };
        assert_eq!(t.rows.len(), eval.flags.len());
        for (row, flag) in t.rows.iter().zip(&eval.flags) {
            assert_eq!(row.cells[1], flag.text(lang));
            assert_eq!(row.style, provestein::report::doc::RowStyle::Flag);
        }
    }
    let nb = eval.flags[0].text(Lang::Nb);
    assert!(nb.starts_with("Sensitivitet 0,667 [0,400; 0,857]"), "{nb}");
}
