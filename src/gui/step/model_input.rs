//! The case viewer's "what the model saw": the tensor a run made from the file shown (the
//! plan's `[preprocess]`: frame, window, resize, channels, normalisation), drawn beside the
//! original with the same part of the image zoomed. Made on a worker, once per file.

use std::path::Path;

use eframe::egui;
use provestein::cohort::view::DisplayFrame;

use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::task::Task;

/// The model input of the file shown, when asked for.
#[derive(Default)]
pub struct ModelInput {
    pub show: bool,
    /// The file (index into the case's files) the input was made from.
    pub file: Option<usize>,
    pub frame: Option<Result<DisplayFrame, String>>,
    pub(crate) loading: Option<Task<Result<DisplayFrame, String>>>,
    pub(crate) texture: Option<egui::TextureHandle>,
}

impl ModelInput {
    /// The checkbox, and the input of `file` (index `k`) made on a worker when it is asked for.
    pub fn controls(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        plan: &provestein::Plan,
        k: usize,
        file: &Path,
    ) {
        ui.checkbox(&mut self.show, t::VIEWER_MODEL_INPUT.get(lang))
            .on_hover_text(t::VIEWER_MODEL_INPUT_HELP.get(lang));
        if let Some(r) = self.loading.as_ref().and_then(Task::poll) {
            self.frame = Some(r);
            self.loading = None;
            self.texture = None;
        }
        if self.show && self.file != Some(k) {
            let (path, pre) = (
                file.to_path_buf(),
                plan.preprocess.clone().unwrap_or_default(),
            );
            self.file = Some(k);
            self.frame = None;
            self.texture = None;
            self.loading = Some(Task::spawn(ui.ctx(), move || {
                provestein::cohort::view::load_model_input(&path, &pre)
                    .map_err(|(_, detail)| format!("{}: {detail}", path.display()))
            }));
        }
    }

    /// Draws the input into a `size` rectangle, the part `uv` of it, with its caption below.
    pub fn show(&mut self, ui: &mut egui::Ui, lang: Lang, size: egui::Vec2, uv: egui::Rect) {
        ui.vertical(|ui| match &self.frame {
            None => {
                ui.allocate_ui(size, |ui| ui.spinner());
            }
            Some(Err(e)) => {
                ui.set_max_width(size.x);
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            Some(Ok(f)) => {
                let tex = self.texture.get_or_insert_with(|| {
                    // The window spans the tensor's values: it was windowed already.
                    let (c, w) = f.default_window();
                    let image = egui::ColorImage::from_rgba_unmultiplied(
                        [f.width as usize, f.height as usize],
                        &f.to_rgba(c, w),
                    );
                    ui.ctx()
                        .load_texture("model-input", image, egui::TextureOptions::NEAREST)
                });
                let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
                ui.painter().image(tex.id(), rect, uv, egui::Color32::WHITE);
                let caption = tr!(
                    lang,
                    "viewer-model-input-caption",
                    channels = f.frames,
                    height = f.height,
                    width = f.width,
                    min = Numbers(lang).num(f64::from(f.min), 3),
                    max = Numbers(lang).num(f64::from(f.max), 3)
                );
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, caption.clone())
                });
                ui.label(caption);
            }
        });
    }
}
