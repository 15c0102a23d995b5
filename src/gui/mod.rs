//! The desktop shell over the engine: state in one `App`, one module per workflow step
//! (`step/`), plots in `plots`, every word in `i18n`. Runs, model inspection and folder scans
//! work on background threads. See ARCHITECTURE.md.

mod app;
#[cfg(test)]
mod det_viewer_tests;
mod i18n;
mod picker;
mod plots;
mod priority;
#[cfg(test)]
mod progress_tests;
#[cfg(test)]
mod results_tests;
#[cfg(test)]
mod start_tests;
mod state;
mod step;
mod task;
#[cfg(test)]
mod tests;
mod text;
#[cfg(test)]
mod viewer_tests;
mod widgets;

use std::path::PathBuf;

use eframe::egui;

pub use state::App;

pub fn run(plan: Option<PathBuf>) -> anyhow::Result<()> {
    priority::workers();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Prøvestein")
            // eframe's storage (settings, window size) goes to ~/.local/share/provestein/,
            // beside the history.
            .with_app_id("provestein")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([1024.0, 640.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Prøvestein",
        options,
        Box::new(move |cc| {
            let mut app = App::restored(cc.storage);
            app.picker.check_system(&cc.egui_ctx);
            if let Some(p) = plan {
                app.open_plan_file(&p.display().to_string());
            }
            Ok(Box::new(Window(app)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}. On a machine without a display, use `provestein batch PLAN --out DIR`."))
}

struct Window(App);

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.0.ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.0.save_settings(storage);
    }
}
