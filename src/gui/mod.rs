//! The desktop shell. For now a window that says what the tool does and how to run a plan; the
//! guided Plan → Run → Evaluation → Report workflow is built on the same engine API as `batch`.

use eframe::egui;

pub fn run() -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Prøvestein")
            .with_inner_size([720.0, 420.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Prøvestein",
        options,
        Box::new(|_cc| Ok(Box::new(Placeholder))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}. On a machine without a display, use `provestein batch PLAN --out DIR`."))
}

struct Placeholder;

impl eframe::App for Placeholder {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Prøvestein — local validation of AI models");
            ui.add_space(8.0);
            ui.label("The guided desktop workflow is being built. Today, run a validation plan from a terminal:");
            ui.add_space(4.0);
            ui.code("provestein batch sample-studies/breast-cancer/plan.toml --out out/");
            ui.add_space(8.0);
            ui.label("It writes report.json and predictions.csv and exits 0 (PASS), 1 (FAIL) or 2 (INCONCLUSIVE).");
        });
    }
}
