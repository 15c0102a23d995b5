//! Step 5 for a multi-label or multi-class run: per finding (per class, one-vs-rest) its
//! positives, AUC, sensitivity and specificity with the plan's intervals and whether it had
//! enough positives to be judged; a forest plot of the AUCs; macro and micro AUC; for
//! multi-class the K×K confusion matrix, Hand & Till's AUC and the kappas. Clicking a finding
//! opens its binary figures in the binary tabs. Everything is read from
//! `Evaluation::findings()`, never recomputed.

use eframe::egui;
use provestein::Evaluation;
use provestein::evaluation::BinaryEvaluation;
use provestein::findings::figures::{FindingsEvaluation, MulticlassFigures};
use provestein::plan::Metric;

use super::detection::estimate_text;
use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::plots::{self, ForestRow};
use crate::gui::state::results::ResultsState;
use crate::gui::widgets::table;

/// The findings in the plan's order, with their figures (any the order misses, after it).
pub fn ordered(f: &FindingsEvaluation) -> Vec<(&str, &BinaryEvaluation)> {
    let mut v: Vec<(&str, &BinaryEvaluation)> = f
        .findings_summary
        .order
        .iter()
        .filter_map(|n| f.findings.get_key_value(n))
        .map(|(k, b)| (k.as_str(), b))
        .collect();
    for (k, b) in &f.findings {
        if !f.findings_summary.order.contains(k) {
            v.push((k.as_str(), b));
        }
    }
    v
}

/// "0.812 [0.754, 0.861]" of one metric of a finding, under the plan's interval.
fn figure_text(lang: Lang, eval: &Evaluation, b: &BinaryEvaluation, m: Metric) -> String {
    let info = provestein::metric::info(m);
    let f = info.figure(&b.overall, info.interval_in(&eval.plan.analysis));
    let n = Numbers(lang);
    if !f.estimate.is_finite() {
        return "–".into();
    }
    format!("{} {}", n.p3(f.estimate), n.interval(f.interval, 3))
}

/// The per-finding table's rows (without the finding's name): positives of n, AUC,
/// sensitivity and specificity with intervals, and whether it was judged.
pub(crate) fn finding_rows(lang: Lang, eval: &Evaluation) -> Vec<(String, [String; 5])> {
    let Some(f) = eval.findings() else {
        return Vec::new();
    };
    ordered(f)
        .into_iter()
        .map(|(name, b)| {
            let o = &b.overall;
            let insufficient = f.findings_summary.insufficient.iter().any(|i| i == name);
            (
                name.to_string(),
                [
                    format!("{}/{}", o.n_positive, o.n),
                    figure_text(lang, eval, b, Metric::Auc),
                    figure_text(lang, eval, b, Metric::Sensitivity),
                    figure_text(lang, eval, b, Metric::Specificity),
                    if insufficient {
                        tr!(
                            lang,
                            "finding-insufficient",
                            min = eval.plan.findings.as_ref().map_or(10, |s| s.min_positives)
                        )
                    } else {
                        t::TESTED.get(lang).to_string()
                    },
                ],
            )
        })
        .collect()
}

/// The Summary tab of a multi-finding run; returns the finding clicked, if one was.
pub fn summary(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) -> Option<String> {
    let f = eval.findings()?;
    let s = &f.findings_summary;
    let mut clicked = None;
    // A multi-class run's findings are its classes, each one-vs-rest.
    let classes = f.multiclass.is_some();
    ui.label(if classes {
        tr!(
            lang,
            "classes-counts",
            classes = f.findings.len(),
            insufficient = s.insufficient.len(),
            excluded = eval.cohort.excluded.len()
        )
    } else {
        tr!(
            lang,
            "findings-counts",
            findings = f.findings.len(),
            insufficient = s.insufficient.len(),
            excluded = eval.cohort.excluded.len()
        )
    });
    let rows = finding_rows(lang, eval);
    egui::Grid::new("findings-table")
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            for h in [
                if classes { t::CLASS } else { t::FINDING }.get(lang),
                t::POSITIVES_OF_N.get(lang),
                "ROC AUC",
                t::SENSITIVITY_CI.get(lang),
                t::SPECIFICITY_CI.get(lang),
                t::STATUS.get(lang),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for (name, cells) in &rows {
                if ui
                    .link(name)
                    .on_hover_text(t::OPEN_FINDING.get(lang))
                    .clicked()
                {
                    clicked = Some(name.clone());
                }
                for c in cells {
                    ui.label(c);
                }
                ui.end_row();
            }
        });
    ui.weak(
        if classes {
            t::CLASSES_CLICK
        } else {
            t::FINDINGS_CLICK
        }
        .get(lang),
    );
    ui.add_space(8.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(520.0);
            let mut summary_rows = vec![
                [
                    provestein::metric::label(lang, Metric::MacroAuc),
                    estimate_text(lang, &s.macro_auc),
                ],
                [
                    provestein::metric::label(lang, Metric::MicroAuc),
                    estimate_text(lang, &s.micro_auc),
                ],
            ];
            if let Some(m) = &f.multiclass {
                summary_rows.extend(multiclass_rows(lang, m));
            }
            table(
                ui,
                "findings-summary",
                [t::METRIC.get(lang), t::ESTIMATE_CI.get(lang)],
                &summary_rows,
                lang,
            );
            ui.weak(tr!(
                lang,
                "findings-intervals",
                replicates = s.replicates,
                seed = s.seed.to_string()
            ));
            if s.holm {
                ui.weak(t::FINDINGS_HOLM.get(lang));
            }
            if !s.left_out_of_macro.is_empty() {
                ui.label(tr!(
                    lang,
                    "findings-left-out-of-macro",
                    findings = s.left_out_of_macro.join(", ")
                ));
            }
            if s.skipped_macro > 0 || s.skipped_micro > 0 {
                ui.weak(tr!(
                    lang,
                    "findings-skipped",
                    macro_ = s.skipped_macro,
                    micro = s.skipped_micro
                ));
            }
            if !s.insufficient.is_empty() {
                ui.label(tr!(
                    lang,
                    "findings-insufficient-list",
                    findings = s.insufficient.join(", ")
                ));
            }
            if let Some(m) = &f.multiclass {
                ui.add_space(8.0);
                confusion_grid(ui, lang, &s.order, m);
                if !m.per_class.is_empty() {
                    ui.add_space(8.0);
                    ui.strong(t::PER_CLASS.get(lang));
                    table(
                        ui,
                        "multiclass-per-class",
                        [
                            t::CLASS.get(lang),
                            "n",
                            t::SENSITIVITY_CI.get(lang),
                            t::SPECIFICITY_CI.get(lang),
                        ],
                        &per_class_rows(lang, m),
                        lang,
                    );
                }
            }
        });
        ui.vertical(|ui| {
            ui.strong(
                if classes {
                    t::CLASSES_FOREST
                } else {
                    t::FINDINGS_FOREST
                }
                .get(lang),
            );
            let forest: Vec<ForestRow> = ordered(f)
                .into_iter()
                .map(|(name, b)| {
                    let info = provestein::metric::info(Metric::Auc);
                    let fig = info.figure(&b.overall, info.interval_in(&eval.plan.analysis));
                    ForestRow {
                        name: name.to_string(),
                        estimate: fig.estimate,
                        ci: fig.interval,
                        ok: !s.insufficient.iter().any(|i| i == name),
                        n: b.overall.n_positive as u64,
                    }
                })
                .collect();
            plots::forest(
                ui,
                lang,
                "findings-forest",
                &forest,
                s.macro_auc.estimate,
                &provestein::metric::label(lang, Metric::MacroAuc),
                &provestein::metric::label(lang, Metric::Auc),
                0.5,
                620.0,
            );
            ui.weak(t::FINDINGS_FOREST_KEY.get(lang));
        });
    });
    clicked
}

/// Hand & Till's AUC and the kappas of a multi-class run.
pub(crate) fn multiclass_rows(lang: Lang, m: &MulticlassFigures) -> Vec<[String; 2]> {
    let mut rows = vec![
        [
            provestein::metric::label(lang, Metric::HandTillAuc),
            estimate_text(lang, &m.hand_till_auc),
        ],
        [
            provestein::metric::label(lang, Metric::Kappa),
            estimate_text(lang, &m.kappa),
        ],
    ];
    if let Some(w) = &m.weighted_kappa {
        rows.push([
            provestein::metric::label(lang, Metric::WeightedKappa),
            estimate_text(lang, w),
        ]);
    }
    rows
}

/// The K×K confusion matrix: rows the true class, columns the predicted one.
fn confusion_grid(ui: &mut egui::Ui, lang: Lang, classes: &[String], m: &MulticlassFigures) {
    ui.strong(tr!(
        lang,
        "multiclass-confusion",
        predicted = m.predicted.clone()
    ));
    let k = m.confusion.len();
    let name = |i: usize| classes.get(i).cloned().unwrap_or_else(|| format!("{i}"));
    egui::Grid::new("multiclass-confusion")
        .num_columns(k + 1)
        .striped(true)
        .show(ui, |ui| {
            ui.weak(t::TRUTH_PREDICTED.get(lang));
            for p in 0..k {
                ui.strong(name(p));
            }
            ui.end_row();
            for (tr_, row) in m.confusion.iter().enumerate() {
                ui.strong(name(tr_));
                for (p, count) in row.iter().enumerate() {
                    let text = egui::RichText::new(count.to_string()).monospace();
                    ui.label(if p == tr_ { text.strong() } else { text });
                }
                ui.end_row();
            }
        });
}

/// Which finding the binary tabs show (a combo box named "Finding").
pub fn finding_picker(
    ui: &mut egui::Ui,
    lang: Lang,
    eval: &Evaluation,
    results: &mut ResultsState,
) {
    let Some(f) = eval.findings() else {
        return;
    };
    let Some(shown) = results.finding_shown(eval) else {
        return;
    };
    let mut chosen = shown.to_string();
    ui.horizontal(|ui| {
        let word = if f.multiclass.is_some() {
            t::CLASS
        } else {
            t::FINDING
        };
        let label = ui.label(word.get(lang));
        egui::ComboBox::from_id_salt("finding-picker")
            .selected_text(&chosen)
            .show_ui(ui, |ui| {
                for (name, _) in ordered(f) {
                    ui.selectable_value(&mut chosen, name.to_string(), name);
                }
            })
            .response
            .labelled_by(label.id);
        if f.findings_summary.insufficient.contains(&chosen) {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                tr!(
                    lang,
                    "finding-insufficient",
                    min = eval.plan.findings.as_ref().map_or(10, |s| s.min_positives)
                ),
            );
        }
    });
    if chosen != shown {
        results.open_finding(eval, &chosen);
    }
    ui.separator();
}

/// Each class's sensitivity and specificity one-vs-rest from the predicted class (the
/// confusion matrix's rows and columns), with their intervals.
pub(crate) fn per_class_rows(lang: Lang, m: &MulticlassFigures) -> Vec<[String; 4]> {
    m.per_class
        .iter()
        .map(|c| {
            [
                c.class.clone(),
                c.n.to_string(),
                estimate_text(lang, &c.sensitivity),
                estimate_text(lang, &c.specificity),
            ]
        })
        .collect()
}
