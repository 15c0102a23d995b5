//! Detection and multi-finding runs in the app, driven headless with egui_kittest: the
//! evaluations are built here from the contract's structs (figures invented, counts
//! consistent), and the screens must show those numbers, open a finding's binary figures on a
//! click, and draw every step without the binary-only assumptions panicking.

use std::collections::BTreeMap;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use provestein::Evaluation;
use provestein::Verdict;
use provestein::detection::DetectionEvaluation;
use provestein::detection::figures::{
    DetectionFigures, LesionFigures, LesionRow, MarkCounts, Stratum, WrongPlace,
};
use provestein::evaluation::{BinaryEvaluation, TaskEvaluation};
use provestein::findings::FindingsEvaluation;
use provestein::findings::figures::{ClassFigures, FindingsSummary, MulticlassFigures};
use provestein::metrics::clustered::ratio_proportion;
use provestein::metrics::confusion::Proportion;
use provestein::metrics::detection::{Estimate, FrocPoint, HitRule, SensitivityAt};
use provestein::plan::{Bound, Metric};

use super::App;
use super::state::Step;
use super::state::results::Tab;
use super::tests::Settle;

/// A finished vendor-scores run on `n` cases (positives every third, scores rising with the
/// label) with the plan's `threshold`: a binary study's figures, and everything every task has.
fn binary_run(n: usize, shift: f64) -> Evaluation {
    let mut csv = String::from("id,label,score\n");
    for i in 0..n {
        let label = usize::from(i % 3 == 0);
        let score = ((i % 10) as f64 / 10.0 + 0.3 * label as f64 + shift).min(1.0);
        csv.push_str(&format!("u{i},{label},{score}\n"));
    }
    vendor_scores_run("Marks", &csv)
}

/// A vendor-scores plan run over `csv` (id, label, score): threshold 0.5, no bootstrap, one AUC
/// criterion. Shared by the results tests here and in `step::results`.
pub(super) fn vendor_scores_run(name: &str, csv: &str) -> Evaluation {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cohort.csv");
    std::fs::write(&data, csv).unwrap();
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        format!(
            "[study]\nname = \"{name}\"\nintended_use = \"test\"\n\n\
             [predictions]\npath = \"{p}\"\nid = \"id\"\nscore = \"score\"\n\n\
             [cohort]\nkind = \"csv\"\npath = \"{p}\"\nid = \"id\"\nlabel = \"label\"\npositive = 1\n\n\
             [analysis]\nbootstrap = 0\nthreshold = 0.5\n\n\
             [[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n",
            p = data.display()
        ),
    )
    .unwrap();
    let plan = provestein::Plan::load(&plan).unwrap();
    provestein::run(&plan, &provestein::Control::silent()).unwrap()
}

fn binary_of(eval: &Evaluation) -> BinaryEvaluation {
    eval.binary().unwrap().clone()
}

fn est(estimate: f64, ci_low: f64, ci_high: f64) -> Estimate {
    Estimate {
        estimate,
        ci_low,
        ci_high,
    }
}

fn stratum(name: &str, hit: u64, lesions: u64) -> Stratum {
    Stratum {
        name: name.into(),
        lesions: lesions as usize,
        hit: hit as usize,
        sensitivity: ratio_proportion(&[Proportion { x: hit, n: lesions }], 0.95),
    }
}

/// A detection run: 40 units (12 with lesions) of 30 patients, 16 lesions of which 13 hit.
fn detection_eval() -> Evaluation {
    let mut eval = binary_run(40, 0.0);
    let unit_level = binary_of(&eval);
    let rates = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
    let sens = [0.5, 0.5625, 0.625, 0.75, 0.8125, 0.8125, 0.8125];
    let sensitivity_at: Vec<SensitivityAt> = rates
        .iter()
        .zip(sens)
        .map(|(&fp_rate, s)| SensitivityAt {
            fp_rate,
            sensitivity: est(s, s - 0.125, (s + 0.125f64).min(1.0)),
        })
        .collect();
    let cpm = sens.iter().sum::<f64>() / 7.0;
    let froc = (0..=10)
        .map(|k| FrocPoint {
            threshold: 1.0 - k as f64 / 10.0,
            fp_per_unit: if k == 0 { 0.0 } else { 0.1 * 2f64.powi(k - 1) },
            sensitivity: (0.4 + k as f64 * 0.05).min(0.8125),
        })
        .collect();
    eval.task = TaskEvaluation::Detection(DetectionEvaluation {
        unit_level,
        detection: DetectionFigures {
            hit: HitRule::DistanceMm(10.0),
            froc,
            sensitivity_at,
            cpm: est(cpm, 0.61, 0.79),
            lesions: LesionFigures {
                total: 16,
                hit: 13,
                missed: 3,
                by_size: vec![stratum("< 10 mm", 4, 6), stratum("≥ 10 mm", 9, 10)],
                by_type: vec![stratum("solid", 11, 12), stratum("ground glass", 2, 4)],
                worst: vec![
                    LesionRow {
                        unit: "u7".into(),
                        centre: [12.5, -40.0, 88.0],
                        size_mm: Some(4.5),
                        kind: Some("ground glass".into()),
                        score: None,
                    },
                    LesionRow {
                        unit: "u19".into(),
                        centre: [1.0, 2.0, 3.0],
                        size_mm: None,
                        kind: None,
                        score: Some(0.125),
                    },
                ],
            },
            marks: MarkCounts {
                total: 97,
                true_positive: 13,
                false_positive: 71,
                on_lesion_free_units: 52,
                extra: 9,
                unknown_unit: 4,
            },
            wrong_place: WrongPlace {
                threshold: 0.5,
                count: 2,
                units: vec!["u31".into(), "u34".into()],
            },
            units: 40,
            units_with_lesions: 12,
            patients: 30,
            replicates: 2000,
            seed: 20261202,
            sources: None,
            tiles: Vec::new(),
        },
    });
    // A lesion-sensitivity criterion at 1 FP per unit, failed on its lower bound.
    let mut c = eval.acceptance.criteria[0].clone();
    c.metric = Metric::LesionSensitivity;
    c.bound = Bound::CiLow;
    c.min = Some(0.8);
    c.fp_rate = Some(1.0);
    c.estimate = Some(0.75);
    c.ci = [Some(0.625), Some(0.875)];
    c.judged = Some(0.625);
    c.verdict = Verdict::Fail;
    eval.acceptance.criteria.push(c);
    eval.acceptance.verdict = Verdict::Fail;
    eval
}

/// A multi-finding run: three findings of 30 units each, "effusion" with too few positives;
/// multi-class adds the 3×3 confusion matrix and the agreement figures.
fn findings_eval(multiclass: bool) -> Evaluation {
    let mut eval = binary_run(30, 0.0);
    let findings: BTreeMap<String, BinaryEvaluation> = [
        ("nodule", binary_of(&eval)),
        ("effusion", binary_of(&binary_run(12, 0.1))),
        ("pneumothorax", binary_of(&binary_run(30, 0.2))),
    ]
    .into_iter()
    .map(|(n, b)| (n.to_string(), b))
    .collect();
    let f = FindingsEvaluation {
        findings,
        findings_summary: FindingsSummary {
            order: vec!["nodule".into(), "pneumothorax".into(), "effusion".into()],
            macro_auc: est(0.8123, 0.7456, 0.8789),
            micro_auc: est(0.7987, 0.7311, 0.8555),
            insufficient: vec!["effusion".into()],
            holm: true,
            replicates: 2000,
            seed: 7,
            left_out_of_macro: vec!["effusion".into()],
            skipped_macro: 3,
            skipped_micro: 0,
        },
        multiclass: multiclass.then(|| MulticlassFigures {
            confusion: vec![vec![17, 2, 1], vec![3, 5, 0], vec![0, 1, 1]],
            hand_till_auc: est(0.8642, 0.8011, 0.9213),
            kappa: est(0.4567, 0.3012, 0.6034),
            weighted_kappa: Some(est(0.6789, 0.5123, 0.8001)),
            predicted: "argmax".into(),
            skipped: Default::default(),
            per_class: vec![ClassFigures {
                class: "nodule".into(),
                n: 20,
                sensitivity: est(0.85, 0.6396, 0.9476),
                specificity: est(0.6, 0.3127, 0.8318),
            }],
        }),
    };
    eval.task = if multiclass {
        TaskEvaluation::Multiclass(f)
    } else {
        TaskEvaluation::Multilabel(f)
    };
    eval
}

fn harness(eval: Evaluation) -> Harness<'static, App> {
    let mut app = App::default();
    app.results.reset(&eval);
    app.eval = Some(eval);
    app.step = Step::Results;
    Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app)
}

/// Every step a run can reach draws, each binary tab of the results included.
fn every_screen_draws(h: &mut Harness<'_, App>) {
    for tab in [
        Tab::Summary,
        Tab::Lesions,
        Tab::Binary,
        Tab::Threshold,
        Tab::Calibration,
        Tab::Importance,
        Tab::Subgroups,
        Tab::Vendor,
        Tab::Exclusions,
    ] {
        h.state_mut().results.tab = tab;
        h.settle();
    }
    // The History step lists runs on a worker, whose answer may come late on a busy machine:
    // a frame that does not settle is no failure here (a panic in the app still is).
    for step in [Step::Cases, Step::Report, Step::History, Step::Results] {
        h.state_mut().step = step;
        let _ = h.run_ok();
    }
    h.state_mut().results.tab = Tab::Summary;
    let _ = h.run_ok();
}

/// Saves the screen as `name`.png under $PROVESTEIN_SHOTS when it is set (to look at).
fn shot(h: &mut Harness<'_, App>, name: &str) {
    let Some(dir) = std::env::var_os("PROVESTEIN_SHOTS") else {
        return;
    };
    h.settle();
    let image = h.render().expect("rendered");
    image
        .save(std::path::Path::new(&dir).join(format!("{name}.png")))
        .expect("saved");
}

fn tab(h: &mut Harness<'_, App>, name: &str) {
    h.get_all_by_label(name)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("no tab {name:?}"))
        .click();
    h.settle();
}

#[test]
fn a_detection_run_shows_its_froc_sensitivities_cpm_marks_and_lesions() {
    let mut h = harness(detection_eval());
    h.settle();
    h.get_by_label("FROC: lesions found against false marks per unit");
    h.get_by_label_contains(
        "40 units (12 with lesions) from 30 patients; 16 lesions: 13 hit at some score, 3 missed",
    );
    h.get_by_label_contains("the centres are at most 10 mm apart");
    // The sensitivity at each FP rate, with its interval; the CPM is their mean.
    for label in ["1/8", "1/4", "1/2", "8", "0.750", "[0.625, 0.875]", "0.696"] {
        assert!(
            h.query_all_by_label(label).next().is_some(),
            "{label:?} is not shown"
        );
    }
    h.get_by_label("CPM (mean of the rates above)");
    h.get_by_label("[0.610, 0.790]");
    // The criterion at 1 FP per unit is named with its rate, and its row carries the verdict.
    // (the criterion that decided the verdict, and the list of every criterion)
    assert_eq!(
        h.query_all_by_label_contains(
            "The lower 95 % bound of lesion sensitivity at a false-positive rate of 1 per unit must be at least 0.8",
        )
        .count(),
        2
    );
    assert!(h.query_all_by_label("FAIL").next().is_some());
    // Every mark is accounted for.
    for (what, count) in [
        ("Marks read", "97"),
        ("True positives (hit a lesion)", "13"),
        ("False positives (hit no lesion)", "71"),
        ("… of them on units without a lesion", "52"),
        (
            "Extra marks on a lesion already hit (neither TP nor FP)",
            "9",
        ),
        (
            "Marks for a unit not in the cohort (not counted elsewhere)",
            "4",
        ),
    ] {
        h.get_by_label(what);
        assert!(h.query_all_by_label(count).next().is_some(), "{count}");
    }
    h.get_by_label_contains(
        "Right unit, wrong place: 2 units called positive (score ≥ 0.5) whose marks miss every lesion",
    );
    h.get_by_label("u31");
    shot(&mut h, "kittest-detection-summary");
    // Lesions: by size and type with their counts, the worst first, a missed one as missed.
    tab(&mut h, "Lesions");
    h.get_by_label("< 10 mm");
    h.get_by_label("4/6");
    assert_eq!(
        h.query_all_by_label("ground glass").count(),
        2,
        "stratum, worst"
    );
    h.get_by_label("2/4");
    h.get_by_label_contains("The worst lesions (3 of 16 missed)");
    h.get_by_label("12.5, −40.0, 88.0");
    h.get_by_label("missed");
    shot(&mut h, "kittest-detection-lesions");
    // The unit level is a binary study: its summary table and ROC curve.
    tab(&mut h, "Unit level");
    h.get_by_label_contains("The unit-level score");
    h.get_by_label("Sensitivity");
    h.get_by_label("ROC curve");
    every_screen_draws(&mut h);
    // The Cases step lists the units by their unit-level score.
    h.state_mut().step = Step::Cases;
    h.settle();
    h.get_by_label_contains("The units of the detection run");
    // Errors first: the units called wrongly at the unit level (FP and FN).
    let unit_level = &h
        .state()
        .eval
        .as_ref()
        .unwrap()
        .detection()
        .unwrap()
        .unit_level;
    let thr = unit_level.overall.threshold;
    let errors = unit_level
        .cases
        .iter()
        .filter(|c| c.label != (c.score >= thr))
        .count();
    assert!(errors > 0);
    let listed = h
        .get_all_by_role(Role::Button)
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with('#'))
        })
        .count();
    assert_eq!(listed, errors);
    // A unit opened says it is a wrong place, and lists its lesions among the worst.
    for (unit, wrong, lesions) in [("u7", false, 1), ("u31", true, 0), ("u0", false, 0)] {
        let i = h
            .state()
            .eval
            .as_ref()
            .unwrap()
            .detection()
            .unwrap()
            .unit_level
            .cases
            .iter()
            .position(|c| c.id == unit)
            .unwrap();
        h.state_mut().cases.opened = Some(i);
        h.settle();
        assert_eq!(
            h.query_by_label_contains("Right unit, wrong place: called positive")
                .is_some(),
            wrong,
            "{unit}"
        );
        assert_eq!(
            h.query_all_by_label("12.5, −40.0, 88.0").count(),
            lesions,
            "{unit}"
        );
        // The id stays hidden (the case is "#n") unless the user shows ids.
        assert!(h.query_by_label(unit).is_none(), "{unit}");
    }
    // In bokmål too, every screen draws.
    h.state_mut().lang = super::i18n::Lang::Nb;
    every_screen_draws(&mut h);
    h.get_by_label("FROC og markeringer");
    h.get_by_label("1/8");
    h.get_by_label("0,750");
}

#[test]
fn a_multilabel_run_shows_each_finding_and_a_click_opens_its_binary_figures() {
    let eval = findings_eval(false);
    let nodule_auc = {
        let b = &eval.findings().unwrap().findings["nodule"];
        let info = provestein::metric::info(Metric::Auc);
        let f = info.figure(&b.overall, info.interval_in(&eval.plan.analysis));
        format!(
            "{:.3} [{:.3}, {:.3}]",
            f.estimate, f.interval[0], f.interval[1]
        )
    };
    let mut h = harness(eval);
    h.settle();
    h.get_by_label_contains("3 findings, 1 with too few positives");
    // The plan's order: nodule, pneumothorax, effusion.
    let links: Vec<String> = h
        .get_all_by_role(Role::Link)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(links, ["nodule", "pneumothorax", "effusion"]);
    h.get_by_label(&nodule_auc);
    assert_eq!(
        h.query_all_by_label("10/30").count(),
        2,
        "nodule, pneumothorax"
    );
    h.get_by_label("4/12");
    h.get_by_label_contains("too few positives (< 10): not judged");
    h.get_by_label("Macro AUC");
    h.get_by_label("0.812 [0.746, 0.879]");
    h.get_by_label("0.799 [0.731, 0.856]");
    h.get_by_label_contains("Holm");
    h.get_by_label_contains("Left out of the macro AUC (no AUC: a class is missing): effusion");
    h.get_by_label_contains(
        "3 bootstrap replicates left out of the macro AUC's interval, 0 of the micro AUC's",
    );
    h.get_by_label("ROC AUC per finding");
    shot(&mut h, "kittest-multilabel-summary");
    // A click on a finding opens its binary figures.
    h.get_by_label("pneumothorax").click();
    h.settle();
    assert_eq!(h.state().results.tab, Tab::Binary);
    assert_eq!(h.state().results.finding.as_deref(), Some("pneumothorax"));
    h.get_by_label("Finding: pneumothorax");
    h.get_by_label("ROC curve");
    shot(&mut h, "kittest-multilabel-finding");
    let expected = h
        .state()
        .eval
        .as_ref()
        .unwrap()
        .findings()
        .unwrap()
        .findings["pneumothorax"]
        .overall
        .n_positive;
    h.get_by_label_contains(&format!("({expected} with disease"));
    // The threshold explorer starts at that finding's threshold; its cases are that finding's.
    tab(&mut h, "Threshold explorer");
    h.get_by_label("At score ≥ 0.500");
    every_screen_draws(&mut h);
    h.state_mut().step = Step::Cases;
    h.settle();
    h.get_by_label_contains("The cases of the finding pneumothorax");
}

#[test]
fn a_multiclass_run_shows_its_confusion_matrix_hand_and_till_and_kappas() {
    let mut h = harness(findings_eval(true));
    h.settle();
    // Its findings are classes, each one-vs-rest.
    h.get_by_label("Classes (one-vs-rest)");
    h.get_by_label_contains("3 classes, 1 with too few positives");
    h.get_by_label("ROC AUC per class (one-vs-rest)");
    h.get_all_by_label("pneumothorax")
        .find(|n| n.accesskit_node().role() == Role::Link)
        .expect("the class's link")
        .click();
    h.settle();
    h.get_by_label("Class: pneumothorax");
    tab(&mut h, "Classes (one-vs-rest)");
    h.get_by_label_contains("Confusion matrix (predicted class: argmax)");
    h.get_by_label("Truth (rows), predicted (columns)");
    for count in ["17", "5", "3"] {
        assert!(h.query_all_by_label(count).next().is_some(), "{count}");
    }
    for (metric, value) in [
        ("Multi-class AUC (Hand & Till)", "0.864 [0.801, 0.921]"),
        ("Cohen's kappa", "0.457 [0.301, 0.603]"),
        ("Quadratic-weighted kappa", "0.679 [0.512, 0.800]"),
        ("nodule's sensitivity", "0.850 [0.640, 0.948]"),
        ("nodule's specificity", "0.600 [0.313, 0.832]"),
    ] {
        assert!(
            h.query_all_by_label_contains(value).next().is_some(),
            "{metric}: {value} is not shown"
        );
    }
    shot(&mut h, "kittest-multiclass-summary");
    every_screen_draws(&mut h);
}

#[test]
fn fp_rates_are_written_as_the_froc_axis_writes_them() {
    use super::i18n::Lang;
    use super::plots::fp_rate_text;
    let written: Vec<String> = [0.125, 0.25, 0.5, 1.0, 2.0, 8.0, 0.3]
        .iter()
        .map(|&r| fp_rate_text(Lang::En, r))
        .collect();
    assert_eq!(written, ["1/8", "1/4", "1/2", "1", "2", "8", "0.3"]);
    assert_eq!(fp_rate_text(Lang::Nb, 0.3), "0,3");
}

/// A detection or multi-finding plan has its truth elsewhere ([lesions], each finding's
/// label): the cohort step asks for no label column and positive value, and is done without.
#[test]
fn a_detection_plans_cohort_step_asks_for_no_label_column() {
    use provestein::plan::Task;
    let csv = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-studies/breast-cancer/cohort.csv")
        .display()
        .to_string();
    for (task, asks) in [
        (Task::Binary, true),
        (Task::Detection, false),
        (Task::Multilabel, false),
        (Task::Multiclass, false),
    ] {
        let mut app = App::default();
        app.draft.study.task = task;
        app.set_cohort_csv(csv.clone());
        app.draft.cohort.id = Some("sample_id".into());
        app.draft.cohort.label.clear();
        app.draft.cohort.positive.clear();
        assert_eq!(app.cohort_done(), !asks, "{task:?}");
        app.step = Step::Cohort;
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 1000.0))
            .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
        h.settle();
        h.get_by_label("Case id column");
        assert_eq!(
            h.query_by_label("Ground-truth column").is_some(),
            asks,
            "{task:?}"
        );
    }
}

/// The model step of a detection plan that reads marks from a file says where they come from
/// (no model to open), and a multi-finding plan's vendor file lists each finding's score
/// column instead of asking for one score column; both are done without a score column.
#[test]
fn the_model_step_names_a_detection_plans_marks_and_each_findings_score_column() {
    use provestein::plan::Task;
    let dir = tempfile::tempdir().unwrap();
    let marks = dir.path().join("marks.csv");
    std::fs::write(&marks, "scan,x,y,score\ns1,1,2,0.9\n").unwrap();
    let mut app = App::default();
    app.draft.study.task = Task::Detection;
    app.draft.model = None;
    app.draft.predictions = None;
    app.draft.marks = Some(
        serde_json::from_value(serde_json::json!({
            "path": marks, "unit": "scan", "x": "x", "y": "y", "score": "score"
        }))
        .unwrap(),
    );
    assert!(app.model_done());
    app.step = Step::Model;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.settle();
    h.get_by_label_contains("The product's marks are read from");
    h.get_by_label_contains("unit column scan, score column score");
    assert!(h.query_by_label("ONNX model (run here)").is_none());

    let scores = dir.path().join("scores.csv");
    std::fs::write(&scores, "exam,p_effusion,p_nodule\ne1,0.2,0.7\n").unwrap();
    let mut app = App::default();
    app.draft.study.task = Task::Multilabel;
    app.draft.finding = ["effusion", "nodule"]
        .iter()
        .map(|n| {
            serde_json::from_value(serde_json::json!({
                "name": n, "output": format!("p_{n}"), "label": n
            }))
            .unwrap()
        })
        .collect();
    app.set_vendor_path(scores.display().to_string());
    app.draft.predictions.as_mut().unwrap().id = "exam".into();
    assert!(app.model_done(), "no single score column is needed");
    app.step = Step::Model;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut App| app.ui(ui), app);
    h.settle();
    h.get_by_label("Score column of effusion");
    h.get_by_label("Score column of nodule");
    assert!(h.query_all_by_label("p_nodule").count() >= 1);
    assert!(h.query_by_label("Score column").is_none());
}

/// The History step's figures of a stored detection or multi-finding run.
#[test]
fn a_stored_detection_or_multi_finding_run_lists_its_main_figures() {
    use super::i18n::Lang;
    use super::step::history::task_rows;
    let det = task_rows(Lang::En, &detection_eval());
    assert_eq!(det.len(), 8, "7 FP rates and the CPM");
    assert_eq!(
        det[3],
        [
            "Lesion sensitivity at a false-positive rate of 1 per unit".to_string(),
            "0.750 [0.625, 0.875]".to_string()
        ]
    );
    assert_eq!(det[7][1], "0.696 [0.610, 0.790]");
    let ml = task_rows(Lang::En, &findings_eval(false));
    assert_eq!(ml.len(), 2);
    assert_eq!(
        ml[0],
        ["Macro AUC".to_string(), "0.812 [0.746, 0.879]".to_string()]
    );
    let mc = task_rows(Lang::Nb, &findings_eval(true));
    assert_eq!(mc.len(), 5);
    assert_eq!(mc[4][1], "0,679 [0,512; 0,800]");
    assert!(task_rows(Lang::En, &binary_run(10, 0.0)).is_empty());
}

/// One look: the app writes each verdict with the report's word in each language and on the
/// report's colour; the three colours are distinct; no other word for a verdict is left in the
/// app's Norwegian catalogue.
#[test]
fn verdicts_look_and_read_as_in_the_report() {
    use crate::gui::step::results::verdict_colours;
    let all = [Verdict::Pass, Verdict::Inconclusive, Verdict::Fail];
    for v in all {
        let (bg, ink) = provestein::report::figures::Color::verdict(v);
        assert_eq!(
            verdict_colours(v),
            (
                egui::Color32::from_rgb(bg.0, bg.1, bg.2),
                egui::Color32::from_rgb(ink.0, ink.1, ink.2)
            )
        );
    }
    let colours: std::collections::HashSet<_> = all.iter().map(|&v| verdict_colours(v).0).collect();
    assert_eq!(colours.len(), 3, "PASS, INCONCLUSIVE and FAIL differ");
    let nb = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/i18n/nb/provestein.ftl"
    ))
    .unwrap();
    assert!(
        !nb.contains("GODKJENT"),
        "one word for PASS in bokmål: BESTÅTT"
    );
    assert_eq!(
        provestein::report::content::verdict_word(provestein::i18n::Lang::Nb, Verdict::Pass),
        "BESTÅTT"
    );
}
