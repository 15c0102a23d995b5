//! The case viewer's occlusion map, for a DICOM case of a plan with an ONNX image model: patch
//! and stride (from the plan's `[explain]`), a button that computes the map on a worker thread
//! (`explain::occlusion`, the same engine as `batch --explain`), the map drawn over the image
//! with an opacity slider, its scale, and the caption that it is an aid to interpretation,
//! not proof of reasoning.

use std::path::Path;

use eframe::egui;
use provestein::Plan;
use provestein::explain::occlusion::{self, Occluder, OcclusionMap};
use provestein::plan::ExplainSpec;

use crate::gui::i18n::{Lang, Numbers, parse_number, t, tr, widget_number};
use crate::gui::task::Task;

pub struct OcclusionView {
    pub patch: usize,
    pub stride: usize,
    /// The map's weight over the image, 0 to 1.
    pub opacity: f32,
    computing: Option<Task<Result<OcclusionMap, String>>>,
    pub map: Option<Result<OcclusionMap, String>>,
    texture: Option<egui::TextureHandle>,
}

impl OcclusionView {
    pub fn new(spec: &ExplainSpec) -> Self {
        OcclusionView {
            patch: spec.patch,
            stride: spec.stride,
            opacity: occlusion::OPACITY,
            computing: None,
            map: None,
            texture: None,
        }
    }

    /// Whether the plan can have maps: an ONNX model on a DICOM cohort.
    pub fn available(plan: &Plan) -> bool {
        occlusion::check_plan(plan).is_ok()
    }

    /// Forgets the map (another image is shown). A computation under way is dropped: its
    /// thread ends on its own and its result goes nowhere.
    pub fn clear(&mut self) {
        self.computing = None;
        self.map = None;
        self.texture = None;
    }

    /// Patch, stride and the button (above the image); picks up a finished map.
    pub fn controls(&mut self, ui: &mut egui::Ui, lang: Lang, plan: &Plan, file: &Path) {
        if let Some(r) = self.computing.as_ref().and_then(Task::poll) {
            self.map = Some(r);
            self.texture = None;
            self.computing = None;
        }
        ui.horizontal(|ui| {
            let l = ui.label(t::OCCLUSION_PATCH.get(lang));
            ui.add(egui::DragValue::new(&mut self.patch).range(1..=1024))
                .labelled_by(l.id);
            let l = ui.label(t::OCCLUSION_STRIDE.get(lang));
            ui.add(egui::DragValue::new(&mut self.stride).range(1..=1024))
                .labelled_by(l.id);
            let button = ui
                .add_enabled(
                    self.computing.is_none(),
                    egui::Button::new(t::OCCLUSION_BUTTON.get(lang)),
                )
                .on_hover_text(t::OCCLUSION_HELP.get(lang));
            if button.clicked() {
                self.start(ui.ctx(), plan, file);
            }
            if self.computing.is_some() {
                ui.spinner();
                ui.label(t::OCCLUSION_RUNNING.get(lang));
            }
        });
        if let Some(Err(e)) = &self.map {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }

    fn start(&mut self, ctx: &egui::Context, plan: &Plan, file: &Path) {
        let spec = ExplainSpec {
            patch: self.patch,
            stride: self.stride,
            ..plan.explain.clone()
        };
        let (plan, file) = (plan.clone(), file.to_path_buf());
        self.map = None;
        self.texture = None;
        self.computing = Some(Task::spawn(ctx, move || {
            Occluder::open(&plan, None)
                .and_then(|mut o| o.file_with(&file, &spec))
                .map(|(map, _)| map)
                .map_err(|e| e.to_string())
        }));
    }

    /// The map over the image drawn at `rect`.
    pub fn overlay(&mut self, ui: &egui::Ui, rect: egui::Rect, uv: egui::Rect) {
        let Some(Ok(map)) = &self.map else {
            return;
        };
        let tex = self.texture.get_or_insert_with(|| {
            let rgba: Vec<u8> = occlusion::overlay_rgb(map)
                .into_iter()
                .flat_map(|[r, g, b]| [r, g, b, 255])
                .collect();
            let image = egui::ColorImage::from_rgba_unmultiplied([map.width, map.height], &rgba);
            ui.ctx()
                .load_texture("occlusion-map", image, egui::TextureOptions::NEAREST)
        });
        let alpha = (self.opacity.clamp(0.0, 1.0) * 255.0).round() as u8;
        ui.painter()
            .image(tex.id(), rect, uv, egui::Color32::from_white_alpha(alpha));
    }

    /// Under the image: opacity, the colour scale, what was computed and the caption.
    pub fn legend(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let Some(Ok(map)) = &self.map else {
            return;
        };
        ui.add(
            egui::Slider::new(&mut self.opacity, 0.0..=1.0)
                .fixed_decimals(2)
                .custom_formatter(widget_number(lang))
                .custom_parser(parse_number)
                .text(t::OCCLUSION_OPACITY.get(lang)),
        );
        let (lo, hi) = occlusion::range(map);
        ui.horizontal(|ui| {
            ui.monospace(format!("{lo:+.3}"));
            let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 12.0), egui::Sense::hover());
            const STEPS: usize = 40;
            for k in 0..STEPS {
                let x0 = rect.left() + rect.width() * k as f32 / STEPS as f32;
                let x1 = rect.left() + rect.width() * (k + 1) as f32 / STEPS as f32;
                let [r, g, b] = occlusion::colour((k as f32 + 0.5) / STEPS as f32);
                ui.painter().rect_filled(
                    egui::Rect::from_x_y_ranges(x0..=x1, rect.y_range()),
                    0.0,
                    egui::Color32::from_rgb(r, g, b),
                );
            }
            ui.monospace(format!("{hi:+.3}"));
        });
        ui.label(t::OCCLUSION_SCALE.get(lang));
        ui.label(tr!(
            lang,
            "occlusion-legend",
            patch = map.patch.to_string(),
            patch2 = map.patch.to_string(),
            stride = map.stride.to_string(),
            positions = map.positions.len(),
            score = Numbers(lang).num(map.score, 4),
            drop = Numbers(lang).num(map.max_drop(), 4)
        ));
        ui.strong(t::OCCLUSION_CAPTION.get(lang));
    }
}
