//! Step 7: export. The same files `batch` writes (report.json, predictions.csv), from the same
//! evaluation, so a report exported here and one made by a script agree to the last digit.

use eframe::egui;

use crate::gui::app::{App, path_row, pick_folder};
use crate::gui::i18n::t;

impl App {
    pub fn report_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        ui.heading(t::REPORT_HEADING.get(lang));
        ui.label(t::REPORT_INTRO.get(lang));
        let mut dir = self.out_dir.clone();
        let go = path_row(
            ui,
            lang,
            t::OUTPUT_FOLDER.get(lang),
            &mut dir,
            "provestein-report",
            pick_folder,
            t::EXPORT.get(lang),
        );
        self.out_dir = dir;
        if go {
            self.export();
        }
        ui.weak(t::NO_IDENTIFIERS.get(lang));
        if !self.exported.is_empty() {
            ui.add_space(6.0);
            ui.strong(t::WRITTEN.get(lang));
            for f in &self.exported {
                ui.monospace(f.display().to_string());
            }
        }
    }

    pub fn export(&mut self) {
        let Some(eval) = &self.eval else {
            return;
        };
        let dir = App::chosen(&self.out_dir);
        match provestein::report::write_all(eval, &dir) {
            Ok(files) => {
                self.set_info(t::EXPORTED.fill(self.lang, &[&files.len(), &dir.display()]));
                self.exported = files;
            }
            Err(e) => self.set_error(e.to_string()),
        }
    }
}
