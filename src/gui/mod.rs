//! The desktop shell over the engine: state in one `App`, one function per workflow step, runs
//! on a background thread. See ARCHITECTURE.md.

mod app;
#[cfg(test)]
mod tests;

use eframe::egui;

pub use app::App;

pub fn run() -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Prøvestein")
            .with_inner_size([1280.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Prøvestein",
        options,
        Box::new(|_cc| Ok(Box::new(Window(App::default())))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}. On a machine without a display, use `provestein batch PLAN --out DIR`."))
}

struct Window(App);

impl eframe::App for Window {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.0.ui(ui);
    }
}
