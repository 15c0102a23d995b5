//! Step 5: the verdict and the evidence. The verdict comes from the plan's threshold and never
//! moves; the threshold slider is for exploring what another operating point would give, with
//! every figure recomputed live from the cases.

use eframe::egui;
use provestein::metrics::confusion::{Confusion, Proportion};
use provestein::{Evaluation, Verdict};

use crate::gui::i18n::{Lang, Numbers, parse_number, range, t, tr, widget_number};
use crate::gui::plots::{self, ForestRow};
use crate::gui::state::App;
#[cfg(test)]
use crate::gui::state::results::binary_of;
use crate::gui::state::results::{ForestMetric, Tab};
use crate::gui::widgets::table;
use provestein::evaluation::BinaryEvaluation;

/// The report's verdict colours (`figures::Color::verdict`: Okabe–Ito hues, darkened for
/// contrast), so that PASS looks the same in the app and on paper; the word always carries the
/// meaning, colour only repeats it.
pub fn verdict_colour(v: Verdict) -> egui::Color32 {
    verdict_colours(v).0
}

/// The verdict banner's background and its text colour, as the PDF and HTML draw them.
pub fn verdict_colours(v: Verdict) -> (egui::Color32, egui::Color32) {
    let (bg, ink) = provestein::report::figures::Color::verdict(v);
    (
        egui::Color32::from_rgb(bg.0, bg.1, bg.2),
        egui::Color32::from_rgb(ink.0, ink.1, ink.2),
    )
}

/// A verdict word as the report prints it: its language's word, on the verdict's colour.
pub fn verdict_text(lang: Lang, v: Verdict) -> egui::RichText {
    let (bg, ink) = verdict_colours(v);
    egui::RichText::new(provestein::report::content::verdict_word(lang, v))
        .background_color(bg)
        .color(ink)
        .strong()
}

/// The confusion matrix at a threshold, from the run's cases (a binary run's; the unit level
/// of a detection run; a multi-finding run's first finding).
#[cfg(test)]
pub fn confusion_at(eval: &Evaluation, threshold: f64) -> Confusion {
    let cases = binary_of(eval, None).map_or(&[][..], |b| &b.cases[..]);
    confusion_of(cases, threshold)
}

/// The confusion matrix of `cases` at a threshold.
pub fn confusion_of(cases: &[provestein::evaluation::CaseResult], threshold: f64) -> Confusion {
    let labels: Vec<bool> = cases.iter().map(|c| c.label).collect();
    let scores: Vec<f64> = cases.iter().map(|c| c.score).collect();
    Confusion::at_threshold(&labels, &scores, threshold)
}

/// The kinds of run whose results differ in shape (`evaluation::TaskEvaluation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Binary,
    Segmentation,
    Detection,
    /// Multi-label or multi-class.
    Findings,
}

impl Kind {
    pub fn of(eval: &Evaluation) -> Kind {
        if eval.segmentation().is_some() {
            Kind::Segmentation
        } else if eval.detection().is_some() {
            Kind::Detection
        } else if eval.findings().is_some() {
            Kind::Findings
        } else {
            Kind::Binary
        }
    }
}

impl App {
    pub fn results_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let Some(eval) = self.eval.take() else {
            return;
        };
        self.results_seen = true;
        // A new run is in flight: what is shown is the previous run's, greyed and said so.
        if self.job.is_some() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                t::RESULTS_OF_PREVIOUS_RUN.get(lang),
            );
            ui.multiply_opacity(0.45);
        }
        verdict_banner(ui, lang, &eval, self.results.tab == Tab::Summary);
        flags_panel(ui, lang, &eval);
        if self.fixed_plan_changed() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                t::RESULTS_OF_OLDER_PLAN.get(lang),
            );
        }
        ui.add_space(4.0);
        let kind = Kind::of(&eval);
        let segmentation = kind == Kind::Segmentation;
        let classes = eval.findings().is_some_and(|f| f.multiclass.is_some());
        ui.horizontal(|ui| {
            for (tab, text) in [
                (Tab::Summary, t::TAB_SUMMARY),
                (Tab::Lesions, t::TAB_LESIONS),
                (Tab::Binary, t::TAB_UNIT_LEVEL),
                (Tab::Threshold, t::TAB_THRESHOLD),
                (Tab::Calibration, t::TAB_CALIBRATION),
                (Tab::Importance, t::TAB_IMPORTANCE),
                (Tab::Subgroups, t::TAB_SUBGROUPS),
                (Tab::Vendor, t::TAB_VENDOR),
                (Tab::Exclusions, t::TAB_EXCLUSIONS),
            ] {
                if tab == Tab::Importance && eval.binary().is_none_or(|b| b.importance.is_none())
                    || tab == Tab::Vendor && eval.manifest.is_none()
                    || segmentation && matches!(tab, Tab::Threshold | Tab::Calibration)
                    || tab == Tab::Lesions && kind != Kind::Detection
                    || tab == Tab::Binary && !matches!(kind, Kind::Detection | Kind::Findings)
                {
                    continue;
                }
                let text = match (kind, tab) {
                    // A segmentation run's summary has no ROC curve.
                    (Kind::Segmentation, Tab::Summary) => t::TAB_SEG_SUMMARY.get(lang).to_string(),
                    (Kind::Detection, Tab::Summary) => t::TAB_DETECTION.get(lang).to_string(),
                    (Kind::Findings, Tab::Summary) if classes => {
                        t::TAB_CLASSES.get(lang).to_string()
                    }
                    (Kind::Findings, Tab::Summary) => t::TAB_FINDINGS.get(lang).to_string(),
                    (Kind::Findings, Tab::Binary) if classes => tr!(
                        lang,
                        "tab-class",
                        class = self.results.finding_shown(&eval).unwrap_or_default()
                    ),
                    (Kind::Findings, Tab::Binary) => tr!(
                        lang,
                        "tab-finding",
                        finding = self.results.finding_shown(&eval).unwrap_or_default()
                    ),
                    _ => text.get(lang).to_string(),
                };
                ui.selectable_value(&mut self.results.tab, tab, text);
            }
        });
        ui.separator();
        // The binary tabs of a multi-finding run name the finding they show, and change it.
        if kind == Kind::Findings
            && matches!(
                self.results.tab,
                Tab::Binary | Tab::Threshold | Tab::Calibration | Tab::Subgroups
            )
        {
            super::findings::finding_picker(ui, lang, &eval, &mut self.results);
        }
        let binary = self.results.binary(&eval);
        if kind == Kind::Detection && self.results.tab == Tab::Binary {
            ui.label(t::UNIT_LEVEL_NOTE.get(lang));
        }
        match (self.results.tab, binary) {
            (Tab::Summary, _) if segmentation => {
                super::segmentation::summary(ui, lang, &eval, &mut self.results.structure)
            }
            (Tab::Subgroups, _) if segmentation => super::segmentation::subgroups(ui, lang, &eval),
            (Tab::Summary, _) if kind == Kind::Detection => {
                super::detection::summary(ui, lang, &eval)
            }
            (Tab::Lesions, _) => super::detection::lesions(ui, lang, &eval),
            (Tab::Summary, _) if kind == Kind::Findings => {
                if let Some(name) = super::findings::summary(ui, lang, &eval) {
                    self.results.open_finding(&eval, &name);
                    self.results.tab = Tab::Binary;
                }
            }
            (Tab::Summary | Tab::Binary, Some(b)) => summary(ui, lang, &eval, b),
            (Tab::Threshold, Some(b)) => threshold_tab(ui, lang, b, &mut self.results.threshold),
            (Tab::Calibration, Some(b)) => calibration_tab(ui, lang, b),
            (Tab::Importance, _) => super::importance::importance_tab(ui, lang, &eval),
            (Tab::Subgroups, Some(b)) => subgroups_tab(ui, lang, b, &mut self.results.forest),
            (Tab::Vendor, _) => super::vendor::vendor_tab(ui, lang, &eval),
            (Tab::Exclusions, _) => exclusions_tab(ui, lang, &eval),
            // A tab whose figures this run does not have (a tab kept from an earlier run).
            (_, _) => {}
        }
        self.eval = Some(eval);
    }
}

/// The verdict, the criterion that decided it, and (on the summary) every criterion in words.
/// Attempt k on this cohort, from the history; a post-hoc run in an amber box, as page 1.
fn prespecification(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    let (text, post_hoc) =
        crate::gui::text::prespecification_text(lang, eval.provenance.prespecification.as_ref());
    if post_hoc {
        egui::Frame::new()
            .fill(egui::Color32::from_rgb(255, 236, 179))
            .stroke(egui::Stroke::new(2.0, egui::Color32::from_rgb(230, 159, 0)))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    egui::RichText::new(text)
                        .color(egui::Color32::BLACK)
                        .strong(),
                );
            });
    } else {
        ui.label(text);
    }
}

fn verdict_banner(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation, all: bool) {
    let v = eval.acceptance.verdict;
    let colour = verdict_colour(v);
    egui::Frame::new()
        .stroke(egui::Stroke::new(2.0, colour))
        .inner_margin(10.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                // One label ("Verdict: PASS"), the word on its colour as the PDF prints it.
                let mut job = egui::text::LayoutJob::default();
                let font = egui::FontId::proportional(26.0);
                job.append(
                    &format!("{}: ", t::VERDICT.get(lang)),
                    0.0,
                    egui::TextFormat::simple(font.clone(), ui.visuals().strong_text_color()),
                );
                let (bg, ink) = verdict_colours(v);
                job.append(
                    provestein::report::content::verdict_word(lang, v),
                    0.0,
                    egui::TextFormat {
                        background: bg,
                        ..egui::TextFormat::simple(font, ink)
                    },
                );
                ui.label(job);
                ui.label(match v {
                    Verdict::Pass => t::VERDICT_PASS.get(lang),
                    Verdict::Fail => t::VERDICT_FAIL.get(lang),
                    Verdict::Inconclusive => t::VERDICT_INCONCLUSIVE.get(lang),
                });
            });
            prespecification(ui, lang, eval);
            let deciding = eval
                .acceptance
                .criteria
                .iter()
                .find(|c| c.verdict == Verdict::Fail)
                .or_else(|| {
                    eval.acceptance
                        .criteria
                        .iter()
                        .find(|c| c.verdict == Verdict::Inconclusive)
                });
            let confidence = eval.plan.analysis.confidence;
            // A segmentation criterion (structure, statistic, figure) is the engine's sentence.
            let sentence = |c: &provestein::acceptance::CriterionResult| {
                if eval.segmentation().is_some() {
                    c.explanation.clone()
                } else if eval.detection().is_some()
                    && !provestein::plan::Metric::DETECTION.contains(&c.metric)
                {
                    // A binary metric of a detection run is the unit-level score's.
                    format!(
                        "{}{}",
                        judged_sentence(lang, c, confidence),
                        t::SENT_UNIT_LEVEL.get(lang)
                    )
                } else {
                    judged_sentence(lang, c, confidence)
                }
            };
            match deciding {
                Some(c) => {
                    ui.label(
                        egui::RichText::new(tr!(lang, "decided-by", criterion = sentence(c)))
                            .strong(),
                    );
                }
                None => {
                    let n = eval.acceptance.criteria.len();
                    ui.label(tr!(lang, "all-passed", count = n));
                }
            }
            if !all {
                return;
            }
            for c in &eval.acceptance.criteria {
                ui.horizontal_wrapped(|ui| {
                    ui.label(verdict_text(lang, c.verdict).monospace());
                    ui.label(sentence(c)).on_hover_text(&c.explanation);
                });
            }
        });
}

/// What the criteria do not cover (`provestein::flags`), as on the report's page 1: each flag's
/// name and its figures, in a warning-coloured frame under the verdict.
fn flags_panel(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    if eval.flags.is_empty() {
        return;
    }
    let warn = ui.visuals().warn_fg_color;
    ui.add_space(4.0);
    egui::Frame::new()
        .stroke(egui::Stroke::new(2.0, plots::ORANGE))
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(t::FLAGS_HEADING.get(lang))
                    .color(warn)
                    .strong(),
            );
            for f in &eval.flags {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(format!("{}:", f.title(lang)))
                            .color(warn)
                            .strong(),
                    );
                    ui.label(f.text(lang));
                });
            }
            ui.label(egui::RichText::new(t::FLAGS_NOTE.get(lang)).small().weak());
        });
}

/// A judged criterion in the user's language: the rule, then the value it was judged on; the
/// engine's own sentence (English) is the hover text.
fn judged_sentence(
    lang: Lang,
    c: &provestein::acceptance::CriterionResult,
    confidence: f64,
) -> String {
    let rule = super::plan::sentence(
        lang,
        &provestein::plan::Criterion {
            metric: c.metric,
            bound: c.bound,
            min: c.min,
            max: c.max,
            interval: Some(c.interval),
            subgroup: c.subgroup.clone(),
            structure: c.structure.clone(),
            statistic: c.statistic,
            figure: c.figure.clone(),
            tolerance: c.tolerance,
            fp_rate: c.fp_rate,
            finding: c.finding.clone(),
        },
        // Holm's step-down judges a per-finding criterion at its own level.
        c.confidence.unwrap_or(confidence),
    );
    let value = match c.judged {
        Some(v) => tr!(
            lang,
            "judged-value",
            value = Numbers(lang).num(v, 4),
            interval = c.interval.name()
        ),
        None => t::NOT_ESTIMABLE.get(lang).to_string(),
    };
    match &c.subgroup {
        Some(g) => format!("{rule}: {value} ({g})"),
        None => format!("{rule}: {value}"),
    }
}

/// The headline figures with their intervals; copyable as tab-separated text.
fn summary(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation, b: &BinaryEvaluation) {
    let o = &b.overall;
    ui.label(tr!(
        lang,
        "cases-line",
        cases = o.n,
        positives = o.n_positive,
        negatives = o.n_negative,
        excluded = eval.cohort.excluded.len(),
        threshold = Numbers(lang).plain(o.threshold),
        level = Numbers(lang).num(o.confidence * 100.0, 0)
    ));
    let rows = summary_rows_of(lang, eval, b);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(480.0);
            table(
                ui,
                "metrics",
                [
                    t::METRIC.get(lang),
                    t::ESTIMATE.get(lang),
                    t::INTERVAL.get(lang),
                    t::METHOD.get(lang),
                ],
                &rows,
                lang,
            );
            ui.add_space(8.0);
            confusion_grid(ui, lang, &o.confusion);
        });
        ui.vertical(|ui| {
            ui.strong(t::ROC_TITLE.get(lang));
            plots::roc(ui, lang, b, None, 420.0);
        });
    });
}

/// The summary table's rows: every metric of the registry, in its order, under the plan's
/// interval (a proportion with its x/n).
#[cfg(test)]
pub(crate) fn summary_rows(lang: Lang, eval: &Evaluation) -> Vec<[String; 4]> {
    match binary_of(eval, None) {
        Some(b) => summary_rows_of(lang, eval, b),
        None => Vec::new(),
    }
}

/// [`summary_rows`] of one binary study of the run (a finding's, the unit level's).
pub(crate) fn summary_rows_of(
    lang: Lang,
    eval: &Evaluation,
    b: &BinaryEvaluation,
) -> Vec<[String; 4]> {
    let o = &b.overall;
    provestein::metric::ALL
        .iter()
        .map(|info| {
            let f = info.figure(o, info.interval_in(&eval.plan.analysis));
            [
                info.label(lang),
                Numbers(lang).num(f.estimate, 4),
                range(lang, f.interval, 4),
                match f.count {
                    Some((x, n)) => format!("{} ({x}/{n})", f.method),
                    None => f.method.into(),
                },
            ]
        })
        .collect()
}

fn confusion_grid(ui: &mut egui::Ui, lang: Lang, c: &Confusion) {
    egui::Grid::new(ui.next_auto_id())
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            ui.strong(t::TRULY_POSITIVE.get(lang));
            ui.strong(t::TRULY_NEGATIVE.get(lang));
            ui.end_row();
            ui.strong(t::CALLED_POSITIVE.get(lang));
            ui.label(format!("TP {}", c.tp));
            ui.label(format!("FP {}", c.fp));
            ui.end_row();
            ui.strong(t::CALLED_NEGATIVE.get(lang));
            ui.label(format!("FN {}", c.fn_));
            ui.label(format!("TN {}", c.tn));
            ui.end_row();
        });
}

fn threshold_tab(ui: &mut egui::Ui, lang: Lang, b: &BinaryEvaluation, threshold: &mut f64) {
    let o = &b.overall;
    ui.label(tr!(
        lang,
        "threshold-intro",
        threshold = Numbers(lang).plain(o.threshold)
    ));
    let (lo, hi) = b.cases.iter().fold((0.0f64, 1.0f64), |(a, b), c| {
        (a.min(c.score), b.max(c.score))
    });
    ui.horizontal(|ui| {
        ui.add(
            egui::Slider::new(threshold, lo..=hi)
                .step_by(0.001)
                .fixed_decimals(3)
                .min_decimals(3)
                .custom_formatter(widget_number(lang))
                .custom_parser(parse_number)
                .text(t::EXPLORE_THRESHOLD.get(lang)),
        );
        if ui.button(t::RESET_THRESHOLD.get(lang)).clicked() {
            *threshold = o.threshold;
        }
    });
    let c = confusion_of(&b.cases, *threshold);
    let conf = o.confidence;
    let row = |name: &str, p: Proportion| -> [String; 4] {
        let (l, h) = p.wilson(conf);
        [
            name.to_string(),
            Numbers(lang).num(p.estimate(), 4),
            range(lang, [l, h], 4),
            format!("{}/{}", p.x, p.n),
        ]
    };
    let rows: Vec<[String; 4]> = provestein::metric::proportions()
        .filter_map(|info| {
            Some(row(
                &info.label(lang),
                provestein::metric::at(&c, info.metric)?,
            ))
        })
        .collect();
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(440.0);
            ui.strong(tr!(
                lang,
                "at-threshold",
                threshold = Numbers(lang).num(*threshold, 3)
            ));
            table(
                ui,
                "live-metrics",
                [
                    t::METRIC.get(lang),
                    t::ESTIMATE.get(lang),
                    t::INTERVAL.get(lang),
                    t::COUNT.get(lang),
                ],
                &rows,
                lang,
            );
            ui.add_space(6.0);
            confusion_grid(ui, lang, &c);
        });
        ui.vertical(|ui| {
            plots::scores(ui, lang, b, *threshold, 560.0, 200.0);
            plots::roc(ui, lang, b, Some(&c), 300.0);
        });
    });
}

fn calibration_tab(ui: &mut egui::Ui, lang: Lang, b: &BinaryEvaluation) {
    let Some(cal) = b.overall.calibration.as_ref() else {
        ui.label(t::NO_CALIBRATION.get(lang));
        return;
    };
    ui.horizontal_top(|ui| {
        plots::reliability(ui, lang, b, 440.0);
        ui.vertical(|ui| {
            let rows = vec![
                [
                    provestein::metric::label(lang, provestein::plan::Metric::CalibrationSlope),
                    Numbers(lang).num(cal.slope.estimate, 3),
                    range(lang, cal.slope.ci, 3),
                    t::IDEAL_ONE.get(lang).into(),
                ],
                [
                    provestein::metric::label(
                        lang,
                        provestein::plan::Metric::CalibrationInTheLarge,
                    ),
                    Numbers(lang).num(cal.citl.estimate, 3),
                    range(lang, cal.citl.ci, 3),
                    t::IDEAL_ZERO.get(lang).into(),
                ],
                [
                    "ECE".into(),
                    Numbers(lang).num(cal.ece, 4),
                    String::new(),
                    t::IDEAL_ZERO.get(lang).into(),
                ],
                [
                    "Hosmer–Lemeshow".into(),
                    format!("χ² {}", Numbers(lang).num(cal.hosmer_lemeshow.chi2, 2)),
                    format!("p = {}", Numbers(lang).p_value(cal.hosmer_lemeshow.p)),
                    String::new(),
                ],
            ];
            table(
                ui,
                "calibration",
                [
                    t::METRIC.get(lang),
                    t::ESTIMATE.get(lang),
                    t::INTERVAL.get(lang),
                    "",
                ],
                &rows,
                lang,
            );
            ui.add_space(8.0);
            let bins: Vec<[String; 4]> = cal
                .bins
                .iter()
                .map(|b| {
                    let empty = b.n == 0;
                    [
                        format!(
                            "{}–{}",
                            Numbers(lang).num(b.lo, 2),
                            Numbers(lang).num(b.hi, 2)
                        ),
                        format!("{}", b.n),
                        if empty {
                            "–".into()
                        } else {
                            Numbers(lang).num(b.mean_predicted, 3)
                        },
                        if empty {
                            "–".into()
                        } else {
                            format!(
                                "{} ({})",
                                Numbers(lang).p3(b.observed),
                                range(lang, b.ci, 3)
                            )
                        },
                    ]
                })
                .collect();
            table(
                ui,
                "bins",
                [
                    t::BIN.get(lang),
                    "n",
                    t::AXIS_PREDICTED.get(lang),
                    t::AXIS_OBSERVED.get(lang),
                ],
                &bins,
                lang,
            );
        });
    });
}

fn subgroups_tab(ui: &mut egui::Ui, lang: Lang, b: &BinaryEvaluation, metric: &mut ForestMetric) {
    use provestein::plan::Metric;
    let label = |m: Metric| provestein::metric::label(lang, m);
    if b.subgroups.is_empty() {
        ui.label(t::NO_SUBGROUPS.get(lang));
        return;
    }
    ui.horizontal(|ui| {
        ui.label(t::FOREST_METRIC.get(lang));
        ui.radio_value(
            metric,
            ForestMetric::Sensitivity,
            label(Metric::Sensitivity),
        );
        ui.radio_value(
            metric,
            ForestMetric::Specificity,
            label(Metric::Specificity),
        );
        ui.radio_value(metric, ForestMetric::Auc, label(Metric::Auc));
    });
    let m = &b.overall.metrics;
    let overall = match metric {
        ForestMetric::Sensitivity => m.sensitivity.estimate,
        ForestMetric::Specificity => m.specificity.estimate,
        ForestMetric::Auc => m.auc.estimate,
    };
    let mut rows = Vec::new();
    let mut table_rows: Vec<[String; 5]> = Vec::new();
    for a in &b.subgroups {
        for g in &a.groups {
            let (est, ci, ok) = match metric {
                ForestMetric::Sensitivity => {
                    (g.tpr.estimate, g.tpr.wilson, g.gates.sensitivity.is_ok())
                }
                ForestMetric::Specificity => {
                    (g.tnr.estimate, g.tnr.wilson, g.gates.specificity.is_ok())
                }
                ForestMetric::Auc => (g.auc.auc, g.auc.ci, g.gates.auc.is_ok()),
            };
            let name = format!("{} = {}", a.attribute, g.group);
            table_rows.push([
                name.clone(),
                g.n.to_string(),
                Numbers(lang).num(est, 3),
                range(lang, ci, 3),
                if ok {
                    t::TESTED.get(lang).into()
                } else {
                    format!("{}: {}", t::INSUFFICIENT.get(lang), g.reasons.join("; "))
                },
            ]);
            rows.push(ForestRow {
                name,
                estimate: est,
                ci,
                ok,
                n: g.n,
            });
        }
    }
    let axis = match metric {
        ForestMetric::Sensitivity => label(Metric::Sensitivity),
        ForestMetric::Specificity => label(Metric::Specificity),
        ForestMetric::Auc => label(Metric::Auc),
    };
    plots::forest(
        ui,
        lang,
        "forest",
        &rows,
        overall,
        t::WHOLE_COHORT.get(lang),
        &axis,
        0.0,
        760.0,
    );
    ui.weak(t::FOREST_KEY.get(lang));
    ui.add_space(6.0);
    table(
        ui,
        "subgroup-table",
        [
            t::GROUP.get(lang),
            "n",
            t::ESTIMATE.get(lang),
            t::INTERVAL.get(lang),
            t::STATUS.get(lang),
        ],
        &table_rows,
        lang,
    );
    for (attr, f) in &b.fairness {
        ui.label(tr!(
            lang,
            "fairness-line",
            attribute = attr,
            equalized = Numbers(lang).num(f.equalized_odds_difference, 3),
            parity = Numbers(lang).num(f.demographic_parity_difference, 3)
        ));
    }
}

fn exclusions_tab(ui: &mut egui::Ui, lang: Lang, eval: &Evaluation) {
    let c = &eval.cohort;
    ui.label(tr!(
        lang,
        "exclusions-line",
        rows = c.rows,
        cases = c.included,
        excluded = c.excluded.len()
    ));
    if !c.excluded_by_reason.is_empty() {
        let rows: Vec<[String; 2]> = c
            .excluded_by_reason
            .iter()
            .map(|(r, n)| [r.describe().to_string(), n.to_string()])
            .collect();
        table(
            ui,
            "excl-reasons",
            [t::REASON.get(lang), t::COUNT.get(lang)],
            &rows,
            lang,
        );
        ui.add_space(6.0);
        let rows: Vec<[String; 3]> = c
            .excluded
            .iter()
            .take(500)
            .map(|e| {
                let at = match (&e.file, e.line) {
                    (Some(f), _) => f.clone(),
                    (None, Some(l)) => format!("line {l}"),
                    // A DICOM file, by the pseudonym of its path.
                    _ => e.id.clone(),
                };
                [at, e.reason.describe().to_string(), e.detail.clone()]
            })
            .collect();
        table(
            ui,
            "excl-list",
            [t::WHERE.get(lang), t::REASON.get(lang), t::DETAIL.get(lang)],
            &rows,
            lang,
        );
    }
    if !c.unmatched_predictions.is_empty() || !c.unmatched_labels.is_empty() {
        ui.label(tr!(
            lang,
            "unmatched",
            scores = c.unmatched_predictions.len(),
            labels = c.unmatched_labels.len()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use provestein::metric;

    /// A vendor-scores run on 20 positives (14 above the threshold) and 80 negatives (4 above):
    /// sensitivity 14/20, specificity 76/80; no bootstrap, so it takes well under a second.
    fn small_run() -> Evaluation {
        let mut csv = String::from("id,label,score\n");
        for (i, (label, score)) in std::iter::repeat_n((1, 0.8), 14)
            .chain(std::iter::repeat_n((1, 0.3), 6))
            .chain(std::iter::repeat_n((0, 0.1), 76))
            .chain(std::iter::repeat_n((0, 0.6), 4))
            .enumerate()
        {
            csv.push_str(&format!("c{i},{label},{score}\n"));
        }
        crate::gui::results_tests::vendor_scores_run("Tables", &csv)
    }

    #[test]
    fn the_summary_table_lists_the_registrys_metrics_in_its_order_in_the_apps_language() {
        let eval = small_run();
        for lang in Lang::ALL {
            let rows = summary_rows(lang, &eval);
            let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
            let registry: Vec<String> = metric::ALL.iter().map(|i| i.label(lang)).collect();
            assert_eq!(names, registry, "{lang:?}");
        }
        let en = summary_rows(Lang::En, &eval);
        assert_eq!(en[0][0], "Sensitivity");
        assert_eq!(en[0][1], "0.7000");
        assert_eq!(en[0][3], "Wilson (14/20)");
        assert_eq!(en[1][3], "Wilson (76/80)");
        assert_eq!(en[5][3], "DeLong");
        // The bokmål names are the engine catalogue's, capitalised for a table.
        let nb = summary_rows(Lang::Nb, &eval);
        let nb_names: Vec<&str> = nb.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            nb_names,
            [
                "Sensitivitet",
                "Spesifisitet",
                "PPV",
                "NPV",
                "Treffsikkerhet",
                "ROC AUC",
                "Brier-skår",
                "Kalibreringsstigning",
                "Kalibrering i det store",
            ]
        );
        assert_eq!(nb[0][1], "0,7000");
    }
}
