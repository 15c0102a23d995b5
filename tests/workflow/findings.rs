//! Multi-label and multi-class plans (issue 17, Deliver 6–8) through `batch` and the library:
//! the sample study (SYNTHETIC, `scripts/make_sample_findings.py`), report.json's keys, the
//! per-finding figures equal to a binary study of that column, macro/micro AUC equal to
//! `metrics::multiclass`, and the peer values of scikit-learn 1.x on the same files
//! (`roc_auc_score` per column, `average="macro"`/`"micro"`, `multi_class="ovo"` for Hand &
//! Till, `cohen_kappa_score`), computed with the script below and written here:
//!
//! ```python
//! roc_auc_score(Y[:, j], S[:, j]); roc_auc_score(Y, S, average="macro"|"micro")
//! cohen_kappa_score(t, P.argmax(1), weights=None|"quadratic"); roc_auc_score(t, P, multi_class="ovo")
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::common;

fn demo() -> PathBuf {
    common::root().join("sample-studies/findings-demo")
}

const FINDINGS: [&str; 5] = [
    "effusion",
    "cardiomegaly",
    "consolidation",
    "nodule",
    "pneumothorax",
];

/// scikit-learn's `roc_auc_score` per column on the multi-label sample.
const SKLEARN_AUC: [f64; 5] = [
    0.9679941174194049,
    0.9565087728018292,
    0.8405834717607974,
    0.9746280705800946,
    0.9496615905245347,
];
const SKLEARN_MACRO: f64 = 0.9378752046173322;
const SKLEARN_MICRO: f64 = 0.9362704225352112;
const SKLEARN_KAPPA: f64 = 0.44469744825255986;
const SKLEARN_QWK: f64 = 0.8047881137651492;
const SKLEARN_OVO: f64 = 0.9117650537483692;

fn batch(plan: &Path, out: &Path) -> (Option<i32>, String, serde_json::Value) {
    let (code, printed) = common::batch(plan, out);
    let text = std::fs::read_to_string(out.join("report.json"))
        .unwrap_or_else(|e| panic!("no report.json ({e}): {printed}"));
    // report.json reads back through the contract and is written again byte for byte.
    let back = provestein::report::json::read(&text, "report.json").unwrap();
    assert_eq!(provestein::report::json::to_string(&back), text);
    (code, printed, serde_json::from_str(&text).unwrap())
}

fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Labels and scores per finding, joined by exam, read straight from the sample files.
fn multilabel_columns() -> (Vec<Vec<bool>>, Vec<Vec<f64>>) {
    let cohort = csv_rows(&demo().join("cxr_cohort.csv"));
    let scores: HashMap<String, HashMap<String, String>> =
        csv_rows(&demo().join("cxr_vendor_scores.csv"))
            .into_iter()
            .map(|r| (r["exam"].clone(), r))
            .collect();
    let mut labels = vec![Vec::new(); 5];
    let mut s = vec![Vec::new(); 5];
    for row in &cohort {
        let v = &scores[&row["exam"]];
        for (j, f) in FINDINGS.iter().enumerate() {
            labels[j].push(row[*f] == "1");
            s[j].push(v[&format!("p_{f}")].parse::<f64>().unwrap());
        }
    }
    (labels, s)
}

#[test]
fn batch_runs_the_multilabel_sample_with_a_finding_below_the_guardrail() {
    let out = tempfile::tempdir().unwrap();
    let (code, printed, json) = batch(&demo().join("plan-multilabel.toml"), out.path());
    // pneumothorax has 6 positives: its criterion is not judged, so the verdict is inconclusive.
    assert_eq!(code, Some(2), "{printed}");
    assert_eq!(json["task"], "multilabel");
    assert_eq!(json["acceptance"]["verdict"], "inconclusive");
    let sum = &json["findings_summary"];
    assert_eq!(sum["insufficient"], serde_json::json!(["pneumothorax"]));
    assert_eq!(
        sum["holm"], true,
        "two per-finding criteria judged on intervals"
    );
    assert_eq!(sum["order"].as_array().unwrap().len(), 5);
    assert_eq!(json["cohort"]["included"], 400);
    assert_eq!(
        json["cohort"]["unmatched_predictions"],
        serde_json::json!(["CXR9999"])
    );
    let criteria = json["acceptance"]["criteria"].as_array().unwrap();
    let pneumo = criteria
        .iter()
        .find(|c| c["finding"] == "pneumothorax")
        .unwrap();
    assert_eq!(pneumo["verdict"], "inconclusive");
    let why = pneumo["explanation"].as_str().unwrap();
    assert!(
        why.contains("6 positives") && why.contains("min_positives = 10"),
        "{why}"
    );
    let effusion = criteria
        .iter()
        .find(|c| c["finding"] == "effusion")
        .unwrap();
    assert!(
        effusion["explanation"]
            .as_str()
            .unwrap()
            .contains("Holm's step-down"),
        "{effusion}"
    );
    // Per finding: scikit-learn's AUC and the binary AUC of that column, to 1e-9.
    let (labels, scores) = multilabel_columns();
    for (j, f) in FINDINGS.iter().enumerate() {
        let got = json["findings"][f]["overall"]["metrics"]["auc"]["estimate"]
            .as_f64()
            .unwrap_or_else(|| panic!("no AUC for {f}: {}", json["findings"][f]["overall"]));
        common::assert_close(f, got, SKLEARN_AUC[j], 1e-9);
        common::assert_close(
            f,
            got,
            provestein::metrics::auc(&labels[j], &scores[j]),
            1e-12,
        );
        let n_pos = labels[j].iter().filter(|&&l| l).count() as u64;
        assert_eq!(json["findings"][f]["overall"]["n_positive"], n_pos, "{f}");
    }
    assert_eq!(
        json["findings"]["effusion"]["overall"]["threshold"], 0.4,
        "the finding's own threshold"
    );
    assert_eq!(json["findings"]["nodule"]["overall"]["threshold"], 0.5);
    let (mac, mic) = provestein::metrics::multiclass::macro_micro_auc(&labels, &scores);
    let got_macro = sum["macro_auc"]["estimate"].as_f64().unwrap();
    let got_micro = sum["micro_auc"]["estimate"].as_f64().unwrap();
    common::assert_close("macro", got_macro, mac, 1e-12);
    common::assert_close("micro", got_micro, mic, 1e-12);
    common::assert_close("macro", got_macro, SKLEARN_MACRO, 1e-9);
    common::assert_close("micro", got_micro, SKLEARN_MICRO, 1e-9);
    for k in ["macro_auc", "micro_auc"] {
        let lo = sum[k]["ci_low"].as_f64().unwrap();
        let hi = sum[k]["ci_high"].as_f64().unwrap();
        let est = sum[k]["estimate"].as_f64().unwrap();
        assert!(lo < est && est < hi, "{k}: {lo} {est} {hi}");
    }
    // predictions.csv: one row per unit and finding.
    let csv = std::fs::read_to_string(out.path().join("predictions.csv")).unwrap();
    assert!(
        csv.starts_with("id,finding,label,score,predicted,sex,site\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + 400 * 5);
    assert!(
        csv.contains("\nCXR0001,effusion,1,0.676445,1,"),
        "{}",
        &csv[..400]
    );
    // The summary names the insufficient finding and the verdict.
    assert!(
        printed.contains("pneumothorax: 6 positive of 400"),
        "{printed}"
    );
    assert!(printed.contains("INSUFFICIENT"), "{printed}");
    assert!(out.path().join("report.pdf").exists());
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    assert!(html.contains("Accuracy per finding"), "no findings section");
    assert!(
        html.contains("Too few to judge: 6 positives"),
        "page 1 lists it"
    );
}

#[test]
fn batch_runs_the_ordinal_multiclass_sample() {
    let out = tempfile::tempdir().unwrap();
    let (code, printed, json) = batch(&demo().join("plan-multiclass.toml"), out.path());
    let verdict = json["acceptance"]["verdict"].as_str().unwrap().to_string();
    let expected_code = match verdict.as_str() {
        "pass" => 0,
        "fail" => 1,
        _ => 2,
    };
    assert_eq!(code, Some(expected_code), "{printed}");
    assert_eq!(json["task"], "multiclass");
    let m = &json["multiclass"];
    // Truth and argmax predictions read straight from the files.
    let cohort = csv_rows(&demo().join("density_cohort.csv"));
    let scores: HashMap<String, HashMap<String, String>> =
        csv_rows(&demo().join("density_vendor_scores.csv"))
            .into_iter()
            .map(|r| (r["exam"].clone(), r))
            .collect();
    let classes = ["A", "B", "C", "D", "E"];
    let mut truth = Vec::new();
    let mut predicted = Vec::new();
    let mut flat = Vec::new();
    for row in &cohort {
        truth.push(classes.iter().position(|c| *c == row["density"]).unwrap());
        let p: Vec<f64> = classes
            .iter()
            .map(|c| scores[&row["exam"]][&format!("p_{c}")].parse().unwrap())
            .collect();
        let mut best = 0;
        for (i, v) in p.iter().enumerate() {
            if *v > p[best] {
                best = i;
            }
        }
        predicted.push(best);
        flat.extend(p);
    }
    let confusion = provestein::metrics::multiclass::confusion(&truth, &predicted, 5);
    assert_eq!(m["confusion"], serde_json::json!(confusion));
    let kappa = m["kappa"]["estimate"].as_f64().unwrap();
    let qwk = m["weighted_kappa"]["estimate"].as_f64().unwrap();
    let ht = m["hand_till_auc"]["estimate"].as_f64().unwrap();
    common::assert_close("kappa", kappa, SKLEARN_KAPPA, 1e-9);
    common::assert_close("weighted kappa", qwk, SKLEARN_QWK, 1e-9);
    common::assert_close("Hand & Till", ht, SKLEARN_OVO, 1e-9);
    common::assert_close(
        "Hand & Till",
        ht,
        provestein::metrics::multiclass::hand_till_auc(&truth, &flat, 5),
        1e-12,
    );
    // Per class, one-vs-rest from the predicted class.
    let per = m["per_class"].as_array().unwrap();
    assert_eq!(per.len(), 5);
    for (c, pc) in per.iter().enumerate() {
        let row: u64 = confusion[c].iter().sum();
        assert_eq!(pc["n"], row);
        if row > 0 {
            common::assert_close(
                "sensitivity",
                pc["sensitivity"]["estimate"].as_f64().unwrap(),
                confusion[c][c] as f64 / row as f64,
                1e-12,
            );
        }
    }
    // One-vs-rest binary figures per class: class D's AUC is the AUC of its column.
    let d_labels: Vec<bool> = truth.iter().map(|&t| t == 3).collect();
    let d_scores: Vec<f64> = (0..truth.len()).map(|i| flat[i * 5 + 3]).collect();
    common::assert_close(
        "D auc",
        json["findings"]["D"]["overall"]["metrics"]["auc"]["estimate"]
            .as_f64()
            .unwrap(),
        provestein::metrics::auc(&d_labels, &d_scores),
        1e-12,
    );
    // Class E has fewer than 10 units: insufficient, reported.
    let e_n = truth.iter().filter(|&&t| t == 4).count();
    assert_eq!(
        json["findings_summary"]["insufficient"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "E"),
        e_n < 10
    );
    assert!(printed.contains("quadratic-weighted kappa"), "{printed}");
    let csv = std::fs::read_to_string(out.path().join("predictions.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 300 * 5);
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn multi_finding_plans_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(demo().join("plan-multilabel.toml")).unwrap();
    for (from, to, expected) in [
        (
            "kind = \"csv\"\npath = \"cxr_cohort.csv\"",
            "kind = \"dicom\"\npath = \"images\"",
            "with a DICOM cohort is not supported yet",
        ),
        (
            "metric = \"macro_auc\"",
            "metric = \"kappa\"",
            "allowed: \"macro_auc\", \"micro_auc\"",
        ),
        ("finding = \"effusion\"\n", "", "needs finding = \"<name>\""),
    ] {
        assert!(text.contains(from), "{from}");
        let plan = write(dir.path(), "plan.toml", &text.replace(from, to));
        let e = provestein::Plan::load(&plan).unwrap_err().to_string();
        assert!(e.contains(expected), "expected {expected:?} in {e}");
    }
}

/// A score column the vendor file lacks is one clear error naming the file and column; a
/// non-numeric score excludes its unit, naming the line and column.
#[test]
fn bad_vendor_scores_are_named() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["cxr_cohort.csv", "plan-multilabel.toml"] {
        std::fs::copy(demo().join(f), dir.path().join(f)).unwrap();
    }
    let scores = std::fs::read_to_string(demo().join("cxr_vendor_scores.csv")).unwrap();
    let bad = scores.replacen("CXR0001,0.676445", "CXR0001,n/a", 1);
    write(dir.path(), "cxr_vendor_scores.csv", &bad);
    let plan = provestein::Plan::load(&dir.path().join("plan-multilabel.toml")).unwrap();
    let eval = provestein::run::run(&plan, &common::control()).unwrap();
    let ex = eval
        .cohort
        .excluded
        .iter()
        .find(|e| e.id == "CXR0001")
        .expect("CXR0001 excluded");
    assert!(
        ex.detail.contains("p_effusion") && ex.detail.contains("line 3"),
        "{}",
        ex.detail
    );
    assert_eq!(eval.cohort.included, 399);
    let renamed = scores.replacen("p_nodule", "p_nod", 1);
    write(dir.path(), "cxr_vendor_scores.csv", &renamed);
    let e = provestein::run::run(&plan, &common::control())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("p_nodule") && e.contains("cxr_vendor_scores.csv"),
        "{e}"
    );
}

/// A finding no unit has (and one every unit has) is reported as insufficient, never a panic;
/// the others are evaluated, and the macro AUC leaves the undefined ones out, saying so.
#[test]
fn a_finding_without_positives_is_insufficient_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut cohort = String::from("id,a,b,c\n");
    let mut scores = String::from("id,sa,sb,sc\n");
    for i in 0..60 {
        let a = i % 3 == 0;
        cohort.push_str(&format!("u{i},{},0,1\n", u8::from(a)));
        let sa = if a { 0.6 } else { 0.3 } + (i % 7) as f64 * 0.03;
        scores.push_str(&format!("u{i},{sa},{},{}\n", (i % 5) as f64 / 5.0, 0.9));
    }
    write(dir.path(), "c.csv", &cohort);
    write(dir.path(), "s.csv", &scores);
    let plan = write(
        dir.path(),
        "plan.toml",
        r#"
[study]
name = "edge"
task = "multilabel"
[predictions]
path = "s.csv"
id = "id"
[cohort]
kind = "csv"
path = "c.csv"
id = "id"
[analysis]
bootstrap = 200
[[finding]]
name = "a"
output = "sa"
label = "a"
[[finding]]
name = "b"
output = "sb"
label = "b"
[[finding]]
name = "c"
output = "sc"
label = "c"
[[acceptance]]
metric = "specificity"
finding = "b"
min = 0.5
"#,
    );
    let plan = provestein::Plan::load(&plan).unwrap();
    let eval = provestein::run::run(&plan, &common::control()).unwrap();
    let f = eval.findings().unwrap();
    assert_eq!(f.findings_summary.insufficient, vec!["b", "c"]);
    assert_eq!(f.findings_summary.left_out_of_macro, vec!["b", "c"]);
    let a_auc = f.findings["a"].overall.metrics.auc.estimate;
    common::assert_close(
        "macro = the only defined AUC",
        f.findings_summary.macro_auc.estimate,
        a_auc,
        1e-12,
    );
    assert_eq!(
        eval.acceptance.criteria[0].verdict,
        provestein::Verdict::Inconclusive
    );
    // The report is written in both languages without a panic.
    for lang in [provestein::i18n::Lang::En, provestein::i18n::Lang::Nb] {
        let doc = provestein::report::content::build(&eval, lang);
        assert!(!doc.blocks.is_empty());
    }
}

/// The sample's ONNX model (`[N, 5]` logits, sigmoid in the plan) gives the per-finding AUCs of
/// the vendor's CSV (the model is a monotone map of the same logits); an output column the
/// tensor lacks stops the run naming the tensor and its shape.
#[test]
fn the_multilabel_model_scores_k_columns_and_a_missing_column_is_named() {
    let ctl = || {
        let mut c = common::control();
        c.onnxruntime = Some(common::onnxruntime());
        c
    };
    let plan = provestein::Plan::load(&demo().join("plan-multilabel-model.toml")).unwrap();
    let eval = provestein::run::run(&plan, &ctl()).unwrap();
    let f = eval.findings().unwrap();
    for (j, name) in FINDINGS.iter().enumerate() {
        common::assert_close(
            name,
            f.findings[*name].overall.metrics.auc.estimate,
            SKLEARN_AUC[j],
            1e-9,
        );
    }
    // sigmoid(2x + 0.5) at the finding's threshold: the model's own probabilities.
    let case = &f.findings["effusion"].cases[0];
    common::assert_close(
        "CXR0000 effusion",
        case.score,
        1.0 / (1.0 + (-(2.0 * -1.920038 + 0.5_f64)).exp()),
        1e-6,
    );
    let dir = tempfile::tempdir().unwrap();
    for file in ["cxr_cohort.csv", "cxr_model.onnx"] {
        std::fs::copy(demo().join(file), dir.path().join(file)).unwrap();
    }
    let text = std::fs::read_to_string(demo().join("plan-multilabel-model.toml")).unwrap();
    assert!(text.contains("output = 4"));
    let path = write(
        dir.path(),
        "plan.toml",
        &text.replace("output = 4", "output = 7"),
    );
    let plan = provestein::Plan::load(&path).unwrap();
    let e = provestein::run::run(&plan, &ctl()).unwrap_err().to_string();
    assert!(
        e.contains("output \"logits\" has shape [400, 5]")
            && e.contains("\"pneumothorax\" output = 7 does not exist"),
        "{e}"
    );
}

/// Holm's step-down on interval levels, on a cohort built so that the Wilson bounds are known
/// (statsmodels `proportion_confint(34, 40, method="wilson")`: lower 0.70928 at 95 %, 0.68544 at
/// 97.5 %; 40/40: lower 0.88842 at 97.5 %). Alone, 34/40 passes "lower bound ≥ 0.70"; beside a
/// second such criterion neither passes at 97.5 % and both stay INCONCLUSIVE; beside one that
/// passes at 97.5 % it is judged again at 95 % and passes (step-down, not Bonferroni).
#[test]
fn holm_step_down_across_per_finding_criteria() {
    let dir = tempfile::tempdir().unwrap();
    let mut cohort = String::from("id,a,b,c\n");
    let mut scores = String::from("id,sa,sb,sc\n");
    for i in 0..80 {
        let pos = i < 40;
        cohort.push_str(&format!("u{i},{0},{0},{0}\n", u8::from(pos)));
        let s = match i {
            0..34 => 0.8,
            34..40 => 0.2,
            _ => 0.1,
        };
        let sb = if pos { 0.8 } else { 0.1 };
        scores.push_str(&format!("u{i},{s},{sb},{s}\n"));
    }
    write(dir.path(), "c.csv", &cohort);
    write(dir.path(), "s.csv", &scores);
    let head = r#"
[study]
name = "holm"
task = "multilabel"
[predictions]
path = "s.csv"
id = "id"
[cohort]
kind = "csv"
path = "c.csv"
id = "id"
[analysis]
bootstrap = 200
[[finding]]
name = "a"
output = "sa"
label = "a"
[[finding]]
name = "b"
output = "sb"
label = "b"
[[finding]]
name = "c"
output = "sc"
label = "c"
"#;
    let criterion = |f: &str, min: f64| {
        format!(
            "[[acceptance]]\nmetric = \"sensitivity\"\nfinding = \"{f}\"\nbound = \"ci_low\"\nmin = {min}\n"
        )
    };
    let run = |criteria: &[(&str, f64)]| {
        let text = criteria
            .iter()
            .fold(head.to_string(), |t, (f, m)| t + &criterion(f, *m));
        let plan = provestein::Plan::load(&write(dir.path(), "plan.toml", &text)).unwrap();
        provestein::run::run(&plan, &common::control()).unwrap()
    };
    use provestein::Verdict::{Inconclusive, Pass};
    let alone = run(&[("a", 0.70)]);
    assert!(!alone.findings().unwrap().findings_summary.holm);
    assert_eq!(alone.acceptance.criteria[0].verdict, Pass);
    common::assert_close(
        "95 % Wilson",
        alone.acceptance.criteria[0].judged.unwrap(),
        0.7092767563351029,
        1e-9,
    );
    let two_weak = run(&[("a", 0.70), ("c", 0.70)]);
    assert!(two_weak.findings().unwrap().findings_summary.holm);
    for c in &two_weak.acceptance.criteria {
        assert_eq!(c.verdict, Inconclusive, "{}", c.explanation);
        common::assert_close("97.5 % Wilson", c.judged.unwrap(), 0.6854390765211815, 1e-9);
        assert!(c.explanation.contains("step 1"), "{}", c.explanation);
    }
    let step_down = run(&[("a", 0.70), ("b", 0.5)]);
    let [a, b] = [
        &step_down.acceptance.criteria[0],
        &step_down.acceptance.criteria[1],
    ];
    assert_eq!((a.verdict, b.verdict), (Pass, Pass));
    common::assert_close("b at 97.5 %", b.judged.unwrap(), 0.8884173132809152, 1e-9);
    common::assert_close("a at 95 %", a.judged.unwrap(), 0.7092767563351029, 1e-9);
    assert!(a.explanation.contains("step 2"), "{}", a.explanation);
    assert_eq!(step_down.acceptance.verdict, Pass);
}

/// `[findings] predicted`: the vendor's own class column replaces the argmax; a value that is
/// no class excludes its unit with the file, line and column.
#[test]
fn the_vendors_predicted_class_column_is_used_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        demo().join("density_cohort.csv"),
        dir.path().join("density_cohort.csv"),
    )
    .unwrap();
    let scores = std::fs::read_to_string(demo().join("density_vendor_scores.csv")).unwrap();
    let mut out = String::new();
    for (i, line) in scores.lines().enumerate() {
        let extra = match i {
            0 => "vendor_class",
            1 => "X",
            _ => "C",
        };
        out.push_str(&format!("{line},{extra}\n"));
    }
    write(dir.path(), "density_vendor_scores.csv", &out);
    let text = std::fs::read_to_string(demo().join("plan-multiclass.toml")).unwrap();
    let text = text.replace(
        "ordinal = true",
        "ordinal = true\npredicted = \"vendor_class\"",
    );
    let plan = provestein::Plan::load(&write(dir.path(), "plan.toml", &text)).unwrap();
    let eval = provestein::run::run(&plan, &common::control()).unwrap();
    let m = eval.findings().unwrap().multiclass.as_ref().unwrap();
    assert_eq!(m.predicted, "vendor_class");
    assert_eq!(eval.cohort.included, 299);
    for row in &m.confusion {
        assert_eq!(row.iter().sum::<u64>(), row[2], "every unit predicted C");
    }
    let ex = &eval.cohort.excluded[0];
    assert_eq!(ex.id, "MG0000");
    assert!(
        ex.detail.contains("line 2")
            && ex.detail.contains("\"X\"")
            && ex.detail.contains("vendor_class"),
        "{}",
        ex.detail
    );
}

/// `history list` counts a multi-finding run's units from its report (only binary runs store
/// their cases beside it, so the stored count alone said 0).
#[test]
fn history_lists_a_multi_finding_run_with_its_units() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("h.sqlite");
    let out = dir.path().join("out");
    let plan = demo().join("plan-multiclass.toml");
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
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{}",
        common::output_text(&o)
    );
    let text = std::fs::read_to_string(out.join("report.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let included = json["cohort"]["included"].as_i64().unwrap();
    assert!(included > 0);
    let runs = provestein::history::History::open(&history)
        .unwrap()
        .list()
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].n, included);
}

/// The multi-label model sample in a temporary folder, its plan naming `manifest.toml` there
/// (which the test writes).
fn model_plan_with_manifest() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["cxr_model.onnx", "cxr_cohort.csv"] {
        std::fs::copy(demo().join(f), dir.path().join(f)).unwrap();
    }
    let plan = std::fs::read_to_string(demo().join("plan-multilabel-model.toml"))
        .unwrap()
        .replacen(
            "output = \"logits\"",
            "manifest = \"manifest.toml\"\noutput = \"logits\"",
            1,
        );
    assert!(plan.contains("manifest = \"manifest.toml\""));
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    dir
}

#[test]
fn the_vendors_manifest_gives_per_finding_thresholds_and_the_plan_wins_where_it_sets_one() {
    let dir = model_plan_with_manifest();
    // effusion: the plan sets 0.4 (kept, listed as an override); cardiomegaly: the plan sets
    // none (filled from the manifest); a finding the plan does not name is not used.
    std::fs::write(
        dir.path().join("manifest.toml"),
        "[model]\nname = \"CXR five-finding triage (synthetic)\"\nvendor = \"Prøvestein sample vendor\"\nversion = \"0.1\"\n\n[model.thresholds]\neffusion = 0.3\ncardiomegaly = 0.25\nfracture = 0.9\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let (_, printed, json) = batch(&dir.path().join("plan.toml"), out.path());
    let m = &json["manifest"];
    assert!(
        m["filled"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("finding.cardiomegaly.threshold")),
        "{m}\n{printed}"
    );
    let o = &m["overrides"];
    assert_eq!(o.as_array().unwrap().len(), 1, "{o}");
    assert_eq!(o[0]["key"], "finding.effusion.threshold");
    assert_eq!(
        (o[0]["plan"].as_str(), o[0]["manifest"].as_str()),
        (Some("0.4"), Some("0.3"))
    );
    let t = |f: &str| json["findings"][f]["overall"]["threshold"].as_f64();
    assert_eq!(t("effusion"), Some(0.4), "the plan's own threshold wins");
    assert_eq!(
        t("cardiomegaly"),
        Some(0.25),
        "the manifest's threshold fills the gap"
    );
    assert_eq!(t("nodule"), Some(0.5), "neither: [analysis] threshold");
}

#[test]
fn a_manifest_threshold_that_is_not_a_number_is_refused_naming_the_finding() {
    let dir = model_plan_with_manifest();
    std::fs::write(
        dir.path().join("manifest.toml"),
        "[model]\nname = \"x\"\nvendor = \"y\"\nversion = \"1\"\n\n[model.thresholds]\neffusion = nan\n",
    )
    .unwrap();
    let (code, printed) = common::batch(&dir.path().join("plan.toml"), &dir.path().join("out"));
    assert_ne!(code, Some(0), "{printed}");
    assert!(
        printed.contains("[model.thresholds] effusion = NaN") && printed.contains("finite"),
        "{printed}"
    );
}
