//! Step 7: export. The same files `batch` writes (report.pdf, report.html, report.json,
//! predictions.csv), from the same evaluation, so a report exported here and one made by a
//! script agree to the last digit. The PDF and HTML are written in the plan's report language
//! (as `batch` writes them) unless another is chosen here, as `batch --lang` would.

use eframe::egui;

use crate::gui::i18n::{t, tr};
use crate::gui::picker::Pick;
use crate::gui::state::App;
use crate::gui::widgets::path_row;

impl App {
    pub fn report_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.heading(t::REPORT_HEADING.get(lang));
        ui.label(t::REPORT_INTRO.get(lang));
        let mut dir = self.out_dir.clone();
        let before = self.out_dir.clone();
        let go = path_row(
            ui,
            lang,
            t::OUTPUT_FOLDER.get(lang),
            &mut dir,
            "provestein-report",
            &mut self.picker,
            Pick::Folder,
            t::EXPORT.get(lang),
        );
        if dir != before {
            self.out_dir_chosen = true;
        }
        self.out_dir = dir;
        let planned = self.planned_report_lang();
        let mut report_lang = self.report_lang.unwrap_or(planned);
        ui.horizontal(|ui| {
            let l = ui.label(t::REPORT_LANGUAGE.get(lang));
            egui::ComboBox::from_id_salt("report-lang")
                .selected_text(report_lang.name())
                .show_ui(ui, |ui| {
                    for l in provestein::i18n::Lang::ALL {
                        ui.selectable_value(&mut report_lang, l, l.name());
                    }
                })
                .response
                .labelled_by(l.id);
        });
        if report_lang != self.report_lang.unwrap_or(planned) {
            self.report_lang = Some(report_lang);
        }
        if go {
            self.export();
        }
        ui.weak(t::NO_IDENTIFIERS.get(lang));
        if let Some(eval) = &self.eval {
            ui.add_space(6.0);
            egui::Grid::new("report-what")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    ui.label(t::VERDICT.get(lang));
                    ui.strong(provestein::report::content::verdict_word(
                        lang,
                        eval.acceptance.verdict,
                    ));
                    ui.end_row();
                    ui.label(t::STUDY_NAME.get(lang));
                    ui.label(&eval.study.name);
                    ui.end_row();
                    ui.label(t::STEP_CASES.get(lang));
                    ui.label(format!(
                        "{} / {}",
                        crate::gui::text::evaluated_cases(eval),
                        eval.cohort.rows
                    ));
                    ui.end_row();
                    ui.label("SHA-256 (plan)");
                    ui.monospace(eval.provenance.plan_sha256.clone().unwrap_or_default());
                    ui.end_row();
                    ui.label(t::REPORT_PRESPEC.get(lang));
                    ui.label(
                        crate::gui::text::prespecification_text(
                            lang,
                            eval.provenance.prespecification.as_ref(),
                        )
                        .0,
                    );
                    ui.end_row();
                    ui.label(t::RUN_TIME.get(lang));
                    ui.label(format!(
                        "{} – {}",
                        crate::gui::text::short_time(&eval.provenance.started),
                        crate::gui::text::short_time(&eval.provenance.finished)
                    ));
                    ui.end_row();
                });
        }
        if !self.exported.is_empty() {
            ui.add_space(6.0);
            ui.strong(t::WRITTEN.get(lang));
            for f in &self.exported {
                ui.monospace(f.display().to_string());
            }
        }
    }

    /// The report language the plan of the shown results sets (`[report] language`).
    fn planned_report_lang(&self) -> provestein::i18n::Lang {
        self.eval
            .as_ref()
            .map_or(self.draft.report.language, |e| e.plan.report.language)
    }

    pub fn export(&mut self) {
        let Some(eval) = &self.eval else {
            return;
        };
        let dir = App::chosen(&self.out_dir);
        let options = provestein::report::Options {
            lang: self.report_lang.unwrap_or(self.planned_report_lang()),
            pdf: true,
            html: true,
        };
        // The occlusion maps the report lists, made in the folder the run chose.
        let maps = |files: Vec<std::path::PathBuf>| match &self.maps_dir {
            Some(from) => {
                provestein::explain::occlusion::copy_maps(&eval.occlusion_maps, from, &dir)
                    .map(|copied| files.into_iter().chain(copied).collect())
            }
            None => Ok(files),
        };
        match provestein::report::write(eval, &dir, options).and_then(maps) {
            Ok(files) => {
                self.set_info(tr!(
                    self.lang,
                    "exported",
                    files = files.len(),
                    folder = dir.display().to_string()
                ));
                self.exported = files;
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }
}
