//! The Plan step's report settings: every plan key the report prints that is not a
//! criterion: the local prevalence (`[analysis] prevalence`), the site (`[study] setting`),
//! the report's language (`[report] language`), who signs (`[report] sign_off`) and the
//! explanations (`[explain]`, and which cases get occlusion maps). They edit the draft like
//! every other widget of the step, so they reach the plan file as it is saved and run (a plan
//! that was run is never rewritten: the edit is saved beside it).

use eframe::egui;
use provestein::explain::occlusion::ExplainOutcome;
use provestein::plan::{OcclusionBaseline, SignOff};

use crate::gui::i18n::{Lang, parse_number, t, widget_number};
use crate::gui::state::App;

impl App {
    pub fn report_settings(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.strong(t::REPORT_SETTINGS.get(lang));
        ui.label(t::REPORT_SETTINGS_INTRO.get(lang));
        egui::Grid::new("report-settings")
            .num_columns(3)
            .show(ui, |ui| {
                prevalence_row(ui, lang, &mut self.draft.analysis.prevalence);
                let l = ui.label(t::SITE.get(lang));
                let mut site = self.draft.study.setting.clone().unwrap_or_default();
                ui.add(
                    egui::TextEdit::singleline(&mut site)
                        .desired_width(420.0)
                        // In a grid cell the available width is last frame's column width.
                        .min_size(egui::vec2(420.0, 0.0))
                        .hint_text(t::SITE_HINT.get(lang)),
                )
                .labelled_by(l.id);
                let site = (!site.trim().is_empty()).then_some(site);
                if site != self.draft.study.setting {
                    self.draft.study.setting = site;
                }
                ui.weak(t::SITE_HELP.get(lang));
                ui.end_row();
                let l = ui.label(t::PLAN_REPORT_LANGUAGE.get(lang));
                let language = &mut self.draft.report.language;
                egui::ComboBox::from_id_salt("plan-report-lang")
                    .selected_text(language.name())
                    .show_ui(ui, |ui| {
                        for l in Lang::ALL {
                            ui.selectable_value(language, l, l.name());
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.weak(t::PLAN_REPORT_LANGUAGE_HELP.get(lang));
                ui.end_row();
            });
        ui.add_space(4.0);
        self.signers(ui);
        ui.add_space(4.0);
        self.explanations(ui);
    }

    /// `[report] sign_off`: role and name per signer; none given prints the two defaults.
    fn signers(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.label(t::SIGNERS.get(lang));
        let signers = &mut self.draft.report.sign_off;
        if signers.is_empty() {
            ui.weak(t::SIGNERS_DEFAULT.get(lang));
        }
        let mut remove = None;
        egui::Grid::new("signers").num_columns(3).show(ui, |ui| {
            if !signers.is_empty() {
                ui.strong(t::SIGNER_ROLE.get(lang));
                ui.strong(t::SIGNER_NAME.get(lang));
                ui.end_row();
            }
            for (i, s) in signers.iter_mut().enumerate() {
                ui.add(
                    egui::TextEdit::singleline(&mut s.role)
                        .desired_width(240.0)
                        .min_size(egui::vec2(240.0, 0.0))
                        .hint_text(t::SIGNER_ROLE.get(lang)),
                )
                .on_hover_text(t::SIGNER_ROLE.get(lang));
                ui.add(
                    egui::TextEdit::singleline(&mut s.name)
                        .desired_width(240.0)
                        .min_size(egui::vec2(240.0, 0.0))
                        .hint_text(t::SIGNER_NAME_HINT.get(lang)),
                )
                .on_hover_text(t::SIGNER_NAME.get(lang));
                if ui.small_button(t::REMOVE.get(lang)).clicked() {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
        if let Some(i) = remove {
            signers.remove(i);
        }
        if ui.button(t::ADD_SIGNER.get(lang)).clicked() {
            // The first signer added starts from the report's two default roles.
            if signers.is_empty() {
                signers.extend([
                    SignOff {
                        role: t::SIGNER_PHYSICIST.get(lang).into(),
                        name: String::new(),
                    },
                    SignOff {
                        role: t::SIGNER_CLINICAL_LEAD.get(lang).into(),
                        name: String::new(),
                    },
                ]);
            } else {
                signers.push(SignOff {
                    role: String::new(),
                    name: String::new(),
                });
            }
        }
    }

    /// Occlusion maps (which cases, `[explain]` patch, stride, baseline) and permutation
    /// importance (`[explain] permutations`); none of them changes a figure or the verdict.
    fn explanations(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.label(t::EXPLANATIONS.get(lang));
        let can = self.can_explain();
        ui.add_enabled_ui(can, |ui| {
            ui.checkbox(&mut self.occlusion_maps, t::OCCLUSION_MAPS.get(lang));
            ui.horizontal_wrapped(|ui| {
                ui.label(t::EXPLAIN_OUTCOMES.get(lang));
                for (o, name) in [
                    (ExplainOutcome::Fn, t::FALSE_NEGATIVES),
                    (ExplainOutcome::Fp, t::FALSE_POSITIVES),
                    (ExplainOutcome::Tp, t::TRUE_POSITIVES),
                    (ExplainOutcome::Tn, t::TRUE_NEGATIVES),
                ] {
                    let mut on = self.explain_outcomes.contains(&o);
                    if ui.checkbox(&mut on, name.get(lang)).changed() {
                        self.explain_outcomes.retain(|x| *x != o);
                        if on {
                            self.explain_outcomes.push(o);
                        }
                    }
                }
            });
        });
        if !can {
            ui.weak(t::EXPLAIN_NEEDS_IMAGES.get(lang));
        }
        let e = &mut self.draft.explain;
        egui::Grid::new("explain-settings")
            .num_columns(3)
            .show(ui, |ui| {
                let l = ui.label(t::OCCLUSION_PATCH.get(lang));
                ui.add(egui::DragValue::new(&mut e.patch).range(1..=4096))
                    .labelled_by(l.id);
                ui.weak(t::OCCLUSION_PATCH_HELP.get(lang));
                ui.end_row();
                let l = ui.label(t::OCCLUSION_STRIDE.get(lang));
                ui.add(egui::DragValue::new(&mut e.stride).range(1..=4096))
                    .labelled_by(l.id);
                ui.weak(t::OCCLUSION_STRIDE_HELP.get(lang));
                ui.end_row();
                ui.label(t::OCCLUSION_BASELINE.get(lang));
                ui.horizontal(|ui| {
                    ui.radio_value(
                        &mut e.baseline,
                        OcclusionBaseline::Mean,
                        t::BASELINE_MEAN.get(lang),
                    );
                    ui.radio_value(
                        &mut e.baseline,
                        OcclusionBaseline::Blur,
                        t::BASELINE_BLUR.get(lang),
                    );
                });
                ui.weak(t::OCCLUSION_BASELINE_HELP.get(lang));
                ui.end_row();
                let l = ui.label(t::PERMUTATIONS.get(lang));
                ui.add(egui::DragValue::new(&mut e.permutations).range(0..=1000))
                    .labelled_by(l.id);
                ui.weak(t::PERMUTATIONS_HELP.get(lang));
                ui.end_row();
            });
    }
}

/// `[analysis] prevalence`: a checkbox and the share in per cent. The plan holds a fraction;
/// it is written back only when the user changes it, so showing it never edits the plan.
fn prevalence_row(ui: &mut egui::Ui, lang: Lang, prevalence: &mut Option<f64>) {
    let mut on = prevalence.is_some();
    let check = ui.checkbox(&mut on, t::LOCAL_PREVALENCE.get(lang));
    let mut value = prevalence.unwrap_or(0.05);
    let r = ui
        .add_enabled(
            on,
            egui::DragValue::new(&mut value)
                .range(0.0001..=0.9999)
                .speed(0.001)
                .custom_formatter(move |v, _| {
                    format!("{} %", widget_number(lang)(v * 100.0, 0..=2))
                })
                .custom_parser(|s| parse_number(s.trim_end_matches('%')).map(|v| v / 100.0)),
        )
        .labelled_by(check.id);
    if check.changed() || r.changed() {
        *prevalence = on.then_some(value);
    }
    ui.weak(if on {
        t::LOCAL_PREVALENCE_HELP.get(lang)
    } else {
        t::LOCAL_PREVALENCE_NONE.get(lang)
    });
    ui.end_row();
}
