//! Step 3: the analysis and the acceptance criteria, set before any result is seen. Each
//! criterion is shown as the sentence it will be judged by; the draft is checked exactly as
//! `batch` checks a plan file, so what passes here runs there.

use eframe::egui;
use provestein::plan::{Bound, Criterion, IntervalKind, Metric};

use crate::gui::i18n::{Lang, Numbers, parse_number, t, tr, widget_number};
use crate::gui::picker::Pick;
use crate::gui::state::App;
use crate::gui::widgets::path_row;

impl App {
    pub fn plan_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.heading(t::PLAN_HEADING.get(lang));
        ui.label(t::PLAN_INTRO.get(lang));
        let mut path = self.plan_path.clone();
        let open = path_row(
            ui,
            lang,
            t::PLAN_FILE.get(lang),
            &mut path,
            "sample-studies/breast-cancer/plan.toml",
            &mut self.picker,
            Pick::File("TOML", &["toml"]),
            t::OPEN_PLAN.get(lang),
        );
        self.plan_path = path;
        if open {
            self.open_plan();
        }
        ui.horizontal(|ui| {
            if ui.button(t::SAVE_PLAN.get(lang)).clicked() {
                self.save_plan();
            }
            let save_as = egui::Id::unique("save-plan-as");
            if ui.button(t::SAVE_PLAN_AS.get(lang)).clicked() {
                let start = self.plan_path.clone();
                self.picker
                    .open(lang, save_as, Pick::Save("plan.toml"), &start);
            }
            if let Some(p) = self.picker.take(save_as) {
                self.plan_path = p.display().to_string();
                self.save_plan();
            }
        });
        if self.fixed_plan_changed() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                t::EDITED_AFTER_RESULTS.get(lang),
            );
        }
        ui.separator();
        ui.strong(t::ANALYSIS.get(lang));
        let a = &mut self.draft.analysis;
        egui::Grid::new("analysis").num_columns(3).show(ui, |ui| {
            let l = ui.label(t::THRESHOLD.get(lang));
            ui.add(
                egui::DragValue::new(&mut a.threshold)
                    .speed(0.005)
                    .range(-1e9..=1e9)
                    .custom_formatter(widget_number(lang))
                    .custom_parser(parse_number),
            )
            .labelled_by(l.id);
            ui.weak(t::THRESHOLD_HELP.get(lang));
            ui.end_row();
            ui.label(t::CONFIDENCE.get(lang));
            ui.horizontal(|ui| {
                for c in [0.90, 0.95, 0.99] {
                    ui.radio_value(
                        &mut a.confidence,
                        c,
                        format!("{} %", Numbers(lang).num(c * 100.0, 0)),
                    );
                }
            });
            ui.weak(t::CONFIDENCE_HELP.get(lang));
            ui.end_row();
            ui.label(t::PROPORTION_INTERVAL.get(lang));
            ui.horizontal(|ui| {
                ui.radio_value(&mut a.proportion_interval, IntervalKind::Wilson, "Wilson");
                ui.radio_value(
                    &mut a.proportion_interval,
                    IntervalKind::ClopperPearson,
                    "Clopper–Pearson",
                );
            });
            ui.weak(t::PROPORTION_INTERVAL_HELP.get(lang));
            ui.end_row();
            ui.label(t::DRIFT_PERIOD.get(lang));
            ui.horizontal(|ui| {
                use provestein::metrics::drift::Period;
                ui.radio_value(&mut a.drift_period, Period::Quarter, t::QUARTER.get(lang));
                ui.radio_value(&mut a.drift_period, Period::Month, t::MONTH.get(lang));
            });
            ui.weak(t::DRIFT_PERIOD_HELP.get(lang));
            ui.end_row();
            let l = ui.label(t::BOOTSTRAP.get(lang));
            ui.add(
                egui::DragValue::new(&mut a.bootstrap)
                    .range(0..=100_000)
                    .speed(50),
            )
            .labelled_by(l.id);
            ui.weak(t::BOOTSTRAP_HELP.get(lang));
            ui.end_row();
            let l = ui.label(t::SEED.get(lang));
            ui.add(egui::DragValue::new(&mut a.seed)).labelled_by(l.id);
            ui.weak(t::SEED_HELP.get(lang));
            ui.end_row();
            let l = ui.label(t::MIN_GROUP.get(lang));
            ui.add(egui::DragValue::new(&mut a.min_group_n).range(1..=100_000))
                .labelled_by(l.id);
            ui.weak(t::MIN_GROUP_HELP.get(lang));
            ui.end_row();
        });
        ui.separator();
        ui.strong(t::CRITERIA.get(lang));
        ui.label(t::CRITERIA_INTRO.get(lang));
        let confidence = self.draft.analysis.confidence;
        let mut remove = None;
        egui::Grid::new("criteria")
            .num_columns(6)
            .striped(true)
            .show(ui, |ui| {
                let heads = [
                    ui.strong(t::CRIT_METRIC.get(lang)).id,
                    ui.strong(t::CRIT_BOUND.get(lang)).id,
                    ui.strong(t::CRIT_DIRECTION.get(lang)).id,
                    ui.strong(t::CRIT_LIMIT.get(lang)).id,
                ];
                ui.end_row();
                for (i, c) in self.draft.acceptance.iter_mut().enumerate() {
                    criterion_row(ui, lang, i, c, heads);
                    if ui.small_button(t::REMOVE.get(lang)).clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
        if let Some(i) = remove {
            self.draft.acceptance.remove(i);
        }
        if ui.button(t::ADD_CRITERION.get(lang)).clicked() {
            self.draft.acceptance.push(Criterion {
                metric: Metric::Sensitivity,
                bound: Bound::CiLow,
                min: Some(0.8),
                max: None,
                interval: None,
                subgroup: None,
                structure: None,
                statistic: None,
                figure: None,
                tolerance: None,
                fp_rate: None,
                finding: None,
            });
        }
        ui.add_space(4.0);
        for c in &self.draft.acceptance {
            ui.label(format!("• {}", sentence(lang, c, confidence)));
        }
        ui.separator();
        self.report_settings(ui);
        ui.separator();
        self.report_details(ui);
        ui.separator();
        match self.check_draft() {
            Ok(_) => {
                ui.label(t::PLAN_READY.get(lang));
                if ui.button(t::GO_RUN.get(lang)).clicked() {
                    self.step = crate::gui::state::Step::Run;
                }
            }
            Err(e) => {
                ui.colored_label(ui.visuals().warn_fg_color, t::PLAN_NOT_READY.get(lang));
                ui.label(e);
            }
        }
        ui.collapsing(t::PLAN_AS_TOML.get(lang), |ui| {
            let mut text = self.draft.to_toml();
            ui.add(
                egui::TextEdit::multiline(&mut text)
                    .code_editor()
                    .interactive(false)
                    .desired_width(f32::INFINITY),
            );
        });
    }
}

impl App {
    /// What the report prints besides the figures: the product, the study design (STARD),
    /// the vendor's claims and who signs. None of it changes a number.
    fn report_details(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.collapsing(t::FOR_THE_REPORT.get(lang), |ui| {
            ui.label(t::FOR_THE_REPORT_INTRO.get(lang));
            let d = &mut self.draft;
            egui::Grid::new("report-details")
                .num_columns(2)
                .show(ui, |ui| {
                    optional_text(
                        ui,
                        t::PRODUCT_NAME.get(lang),
                        &mut d.product.name,
                        "ChestCheck",
                    );
                    optional_text(
                        ui,
                        t::PRODUCT_VENDOR.get(lang),
                        &mut d.product.vendor,
                        "Example AS",
                    );
                    optional_text(
                        ui,
                        t::PRODUCT_VERSION.get(lang),
                        &mut d.product.version,
                        "3.2.1",
                    );
                    optional_text(
                        ui,
                        t::REFERENCE_STANDARD.get(lang),
                        &mut d.study.reference_standard,
                        t::REFERENCE_STANDARD_HINT.get(lang),
                    );
                    optional_text(ui, t::ELIGIBILITY.get(lang), &mut d.study.eligibility, "");
                    optional_text(
                        ui,
                        t::SAMPLING.get(lang),
                        &mut d.study.sampling,
                        t::SAMPLING_HINT.get(lang),
                    );
                });
            ui.add_space(4.0);
            ui.strong(t::CLAIMS.get(lang));
            ui.label(t::CLAIMS_INTRO.get(lang));
            let c = &mut d.claims;
            egui::Grid::new("claims").num_columns(2).show(ui, |ui| {
                for (name, value) in [
                    (
                        provestein::metric::label(lang, Metric::Sensitivity),
                        &mut c.sensitivity,
                    ),
                    (
                        provestein::metric::label(lang, Metric::Specificity),
                        &mut c.specificity,
                    ),
                    (provestein::metric::label(lang, Metric::Auc), &mut c.auc),
                ] {
                    let mut on = value.is_some();
                    let check = ui.checkbox(&mut on, name);
                    let mut v = value.unwrap_or(0.9);
                    ui.add_enabled(
                        on,
                        egui::DragValue::new(&mut v)
                            .speed(0.005)
                            .range(0.0..=1.0)
                            .max_decimals(4)
                            .custom_formatter(widget_number(lang))
                            .custom_parser(parse_number),
                    )
                    .labelled_by(check.id);
                    *value = on.then_some(v);
                    ui.end_row();
                }
                optional_text(
                    ui,
                    t::CLAIMS_SOURCE.get(lang),
                    &mut c.source,
                    "IFU v3.2, p. 14",
                );
            });
        });
    }
}

/// A labelled one-line text field for an optional plan key: empty means not given.
pub(crate) fn optional_text(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut Option<String>,
    hint: &str,
) {
    let l = ui.label(label);
    let mut text = value.clone().unwrap_or_default();
    ui.add(
        egui::TextEdit::singleline(&mut text)
            .desired_width(420.0)
            .hint_text(hint),
    )
    .labelled_by(l.id);
    *value = (!text.trim().is_empty()).then_some(text);
    ui.end_row();
}

/// One criterion's widgets, named for screen readers by the column headers `heads`.
fn criterion_row(ui: &mut egui::Ui, lang: Lang, i: usize, c: &mut Criterion, heads: [egui::Id; 4]) {
    egui::ComboBox::from_id_salt(("metric", i))
        .selected_text(provestein::metric::label(lang, c.metric))
        .show_ui(ui, |ui| {
            for m in Metric::ALL {
                ui.selectable_value(&mut c.metric, m, provestein::metric::label(lang, m));
            }
        })
        .response
        .labelled_by(heads[0]);
    if let Some(k) = c.interval
        && !c.metric.intervals().contains(&k)
    {
        c.interval = None;
    }
    egui::ComboBox::from_id_salt(("bound", i))
        .selected_text(bound_name(lang, c.bound))
        .show_ui(ui, |ui| {
            for b in [Bound::CiLow, Bound::Estimate, Bound::CiHigh] {
                ui.selectable_value(&mut c.bound, b, bound_name(lang, b));
            }
        })
        .response
        .labelled_by(heads[1]);
    let mut at_least = c.max.is_none();
    let mut value = c.min.or(c.max).unwrap_or(0.0);
    egui::ComboBox::from_id_salt(("dir", i))
        .selected_text(if at_least { "≥" } else { "≤" })
        .width(40.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut at_least, true, "≥");
            ui.selectable_value(&mut at_least, false, "≤");
        })
        .response
        .labelled_by(heads[2]);
    ui.add(
        egui::DragValue::new(&mut value)
            .speed(0.005)
            .max_decimals(4)
            .custom_formatter(widget_number(lang))
            .custom_parser(parse_number),
    )
    .labelled_by(heads[3]);
    (c.min, c.max) = if at_least {
        (Some(value), None)
    } else {
        (None, Some(value))
    };
    let mut worst = c.subgroup.is_some();
    ui.checkbox(&mut worst, t::WORST_SUBGROUP.get(lang))
        .on_hover_text(t::WORST_SUBGROUP_HELP.get(lang));
    c.subgroup = worst.then(|| "worst".to_string());
}

fn bound_name(lang: Lang, b: Bound) -> &'static str {
    match b {
        Bound::Estimate => t::BOUND_ESTIMATE,
        Bound::CiLow => t::BOUND_LOW,
        Bound::CiHigh => t::BOUND_HIGH,
    }
    .get(lang)
}

/// The criterion in words, e.g. "The lower 95 % bound of sensitivity must be at least 0.8".
pub fn sentence(lang: Lang, c: &Criterion, confidence: f64) -> String {
    let what = match c.bound {
        Bound::Estimate => tr!(
            lang,
            "sent-estimate",
            metric = provestein::metric::name(lang, c.metric)
        ),
        Bound::CiLow => tr!(
            lang,
            "sent-low",
            level = Numbers(lang).num(confidence * 100.0, 0),
            metric = provestein::metric::name(lang, c.metric)
        ),
        Bound::CiHigh => tr!(
            lang,
            "sent-high",
            level = Numbers(lang).num(confidence * 100.0, 0),
            metric = provestein::metric::name(lang, c.metric)
        ),
    };
    let limit = match (c.min, c.max) {
        (Some(m), _) => tr!(lang, "sent-at-least", limit = Numbers(lang).plain(m)),
        (_, Some(m)) => tr!(lang, "sent-at-most", limit = Numbers(lang).plain(m)),
        _ => String::new(),
    };
    let scope = if c.subgroup.is_some() {
        t::SENT_WORST.get(lang)
    } else {
        ""
    };
    // Detection and multi-finding criteria say where they are read: an FP rate, a finding.
    let at = c.fp_rate.map_or(String::new(), |r| {
        tr!(
            lang,
            "sent-fp-rate",
            rate = crate::gui::plots::fp_rate_text(lang, r)
        )
    });
    let of = c.finding.as_ref().map_or(String::new(), |f| {
        tr!(lang, "sent-finding", finding = f.clone())
    });
    format!("{what}{at}{of} {limit}{scope}")
}
