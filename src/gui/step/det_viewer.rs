//! Step 6 for a detection run on DICOM images: the units, those with missed lesions first, then
//! those with false marks, and a viewer of a unit's images with the truth lesions (sky blue
//! circles or boxes; dashed when missed) and the marks (orange circles or boxes with their
//! score beside; false marks vermillion and dashed, extra marks thin). Images by the wheel, the
//! slider or the arrow keys; window/level by a right-button drag or the sliders, as the
//! segmentation viewer. The run's plan is prepared once on a worker (with the marks: the
//! vendor's SR, or the model run by the run's own scoring) and each unit loads on a worker
//! (`detection::view::case`), so the frame never waits. Unit ids stay pseudonyms.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use eframe::egui::{self, Color32, Pos2, Sense, Stroke, Vec2};
use provestein::Evaluation;
use provestein::detection::place::Shape;
use provestein::detection::view::{self, DetectionView, MarkStatus};

use super::viewer::{Gray, PREDICTION, Stack, TRUTH, draw_windowed, stack_input};
use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::state::App;
use crate::gui::state::cases::{DetCases, DetPrepared};
use crate::gui::task::Task;

/// Okabe–Ito vermillion: a false mark, apart from the orange of the others.
pub const FALSE_MARK: Color32 = Color32::from_rgb(213, 94, 0);
/// Largest side of the image on screen (points).
const VIEW_SIDE: f32 = 560.0;

/// A mark's status in the app's language.
pub fn status_name(lang: Lang, s: MarkStatus) -> String {
    match s {
        MarkStatus::TruePositive => tr!(lang, "det-view-tp"),
        MarkStatus::FalsePositive => tr!(lang, "det-view-fp"),
        MarkStatus::Extra => tr!(lang, "det-view-extra"),
    }
}

impl App {
    pub(crate) fn det_cases_view(&mut self, ui: &mut egui::Ui, eval: &Evaluation) {
        let lang = self.lang;
        self.poll_det(ui.ctx(), eval);
        ui.heading(tr!(lang, "det-view-heading"));
        let det = &self.cases.det;
        let prepared = match &det.prepared {
            Some(Ok(p)) => p.clone(),
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    tr!(lang, "viewer-no-sources", why = e.clone()),
                );
                return;
            }
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t::VIEWER_INDEXING.get(lang));
                });
                return;
            }
        };
        ui.label(tr!(lang, "det-view-list", units = prepared.units.len()));
        ui.separator();
        let mut clicked = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(360.0);
                egui::ScrollArea::vertical()
                    .id_salt("det-case-list")
                    .max_height(640.0)
                    .show(ui, |ui| {
                        for (i, u) in prepared.units.iter().enumerate() {
                            let text = tr!(
                                lang,
                                "det-view-unit",
                                index = (i + 1),
                                id = u.id.clone(),
                                lesions = u.lesions,
                                missed = u.missed,
                                marks = u.marks,
                                false_marks = u.false_marks
                            );
                            let open = self.cases.det.opened.as_deref() == Some(u.id.as_str());
                            if ui.selectable_label(open, text).clicked() {
                                clicked = Some(u.id.clone());
                            }
                        }
                    });
            });
            ui.separator();
            ui.vertical(|ui| self.det_viewer(ui));
        });
        if let Some(id) = clicked {
            self.open_det_case(ui.ctx(), eval, id);
        }
    }

    /// Opens a unit: its images load on a worker once the run is prepared.
    pub(crate) fn open_det_case(&mut self, ctx: &egui::Context, eval: &Evaluation, id: String) {
        let det = &mut self.cases.det;
        if let Some((_, cancel)) = det.loading.take() {
            cancel.store(true, Ordering::Relaxed);
        }
        det.opened = Some(id);
        det.view = None;
        det.texture = None;
        self.poll_det(ctx, eval);
    }

    /// Takes what the workers finished and starts what is due.
    fn poll_det(&mut self, ctx: &egui::Context, eval: &Evaluation) {
        let control = self.run_control();
        let det = &mut self.cases.det;
        if let Some(r) = det.preparing.as_ref().and_then(Task::poll) {
            det.prepared = Some(r.map(Arc::new));
            det.preparing = None;
        }
        if let Some(r) = det.loading.as_ref().and_then(|(task, _)| task.poll()) {
            det.loading = None;
            if let Ok(v) = &r {
                det.image = v.first_of_interest();
                (det.center, det.width) = v.default_window();
            }
            det.view = Some(r);
        }
        match &det.prepared {
            None if det.preparing.is_none() => {
                let plan = eval.plan.clone();
                det.preparing = Some(Task::spawn(ctx, move || {
                    let prepared =
                        provestein::run::prepare(&plan, &control).map_err(|e| e.to_string())?;
                    let marks = view::viewer_marks(&prepared, &control)?;
                    let units = view::summaries(&prepared, &marks);
                    Ok(DetPrepared {
                        prepared: Arc::new(prepared),
                        marks: Arc::new(marks),
                        units,
                    })
                }));
            }
            Some(Ok(p)) if det.view.is_none() && det.loading.is_none() => {
                let Some(id) = det.opened.clone() else {
                    return;
                };
                let p = p.clone();
                let control = provestein::Control::silent();
                let cancel = control.cancel_flag();
                let task = Task::spawn(ctx, move || {
                    view::case_by_id(&p.prepared, &id, &p.marks, &control)
                        .map_err(|e| e.to_string())
                });
                det.loading = Some((task, cancel));
            }
            _ => {}
        }
    }

    fn det_viewer(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let det = &mut self.cases.det;
        let Some(id) = det.opened.clone() else {
            ui.label(t::PICK_A_CASE.get(lang));
            return;
        };
        ui.strong(id);
        if det.loading.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t::VIEWER_LOADING.get(lang));
            });
            return;
        }
        let Some(Ok(view)) = det.view.take() else {
            if let Some(Err(e)) = &det.view {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            return;
        };
        if !view.images.is_empty() {
            controls(ui, lang, det, &view);
            draw(ui, lang, det, &view);
        }
        det.view = Some(Ok(view));
    }
}

/// The image slider, the window sliders and reset, the layers and the legend.
fn controls(ui: &mut egui::Ui, lang: Lang, det: &mut DetCases, view: &DetectionView) {
    let count = view.images.len();
    det.image = det.image.min(count - 1);
    if count > 1 {
        let mut shown = det.image + 1;
        ui.add(egui::Slider::new(&mut shown, 1..=count).text(tr!(lang, "det-view-image")));
        det.image = shown.clamp(1, count) - 1;
    }
    let window = (&mut det.center, &mut det.width);
    crate::gui::widgets::window_row(ui, lang, window, view.range, view.default_window());
    ui.horizontal(|ui| {
        swatch(ui, TRUTH);
        ui.checkbox(&mut det.show_truth, tr!(lang, "det-view-truth"));
        swatch(ui, PREDICTION);
        ui.checkbox(&mut det.show_marks, tr!(lang, "det-view-marks"));
        swatch(ui, FALSE_MARK);
        ui.label(tr!(lang, "det-view-false-legend"));
    });
    if view.off_image > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tr!(lang, "det-view-off-image", n = view.off_image),
        );
    }
    ui.weak(t::VIEWER_HELP.get(lang));
}

fn swatch(ui: &mut egui::Ui, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
}

/// The points of a shape's outline in pixel coordinates (pixel centres at integer + 0.5 on
/// screen, as the texture draws pixel (x, y) over [x, x+1]).
fn outline(shape: &Shape) -> Vec<Pos2> {
    match *shape {
        Shape::Disc {
            column,
            row,
            radius,
        } => (0..=48)
            .map(|k| {
                let a = k as f64 / 48.0 * std::f64::consts::TAU;
                Pos2::new(
                    (column + 0.5 + radius.0 * a.cos()) as f32,
                    (row + 0.5 + radius.1 * a.sin()) as f32,
                )
            })
            .collect(),
        Shape::Rect {
            column0,
            row0,
            column1,
            row1,
        } => {
            let (a, b) = (
                Pos2::new(column0 as f32, row0 as f32),
                Pos2::new(column1 as f32 + 1.0, row1 as f32 + 1.0),
            );
            vec![a, Pos2::new(b.x, a.y), b, Pos2::new(a.x, b.y), a]
        }
    }
}

fn stroke_path(painter: &egui::Painter, points: &[Pos2], stroke: Stroke, dashed: bool) {
    if dashed {
        painter.extend(egui::Shape::dashed_line(points, stroke, 5.0, 4.0));
    } else {
        painter.add(egui::Shape::line(points.to_vec(), stroke));
    }
}

/// The image with the lesions and marks on it, what the wheel, the keys and a right-button drag
/// do over it, and the items listed below it (what a screen reader and the tests read).
fn draw(ui: &mut egui::Ui, lang: Lang, det: &mut DetCases, view: &DetectionView) {
    let count = view.images.len();
    let img = &view.images[det.image];
    let (w, h) = (img.width as f32, img.height as f32);
    let avail = (ui.available_size() - Vec2::new(0.0, 120.0))
        .min(Vec2::splat(VIEW_SIDE))
        .max(Vec2::splat(64.0));
    let scale = (avail.x / w).min(avail.y / h);
    let (rect, response) = ui.allocate_exact_size(Vec2::new(w, h) * scale, Sense::click_and_drag());
    stack_input(
        ui,
        &response,
        Stack {
            index: &mut det.image,
            wheel: &mut det.wheel,
            center: &mut det.center,
            width: &mut det.width,
        },
        count,
        view.range,
    );
    let img = &view.images[det.image];
    draw_windowed(
        ui,
        rect,
        &mut det.texture,
        "det-image",
        (det.image, det.center, det.width),
        Gray {
            width: img.width,
            height: img.height,
            values: &img.values,
            window: img.window,
            range: view.range,
        },
    );
    let painter = ui.painter().with_clip_rect(rect);
    let to_screen = |p: Pos2| rect.min + p.to_vec2() * scale;
    let n = Numbers(lang);
    if det.show_truth {
        for l in &img.lesions {
            let pts: Vec<Pos2> = outline(&l.shape).into_iter().map(to_screen).collect();
            stroke_path(&painter, &pts, Stroke::new(2.0, TRUTH), l.score.is_none());
        }
    }
    if det.show_marks {
        for m in &img.marks {
            let (colour, width, dashed) = match m.status {
                MarkStatus::TruePositive => (PREDICTION, 1.6, false),
                MarkStatus::FalsePositive => (FALSE_MARK, 1.6, true),
                MarkStatus::Extra => (PREDICTION, 0.8, false),
            };
            let pts: Vec<Pos2> = outline(&m.shape).into_iter().map(to_screen).collect();
            stroke_path(&painter, &pts, Stroke::new(width, colour), dashed);
            let (c, r) = m.shape.centre();
            let (hc, _) = m.shape.half();
            let at = to_screen(Pos2::new((c + hc + 1.5) as f32, (r + 0.5) as f32));
            painter.text(
                at,
                egui::Align2::LEFT_CENTER,
                n.num(m.score, 2),
                egui::FontId::proportional(12.0),
                colour,
            );
        }
    }
    let missed = img.lesions.iter().filter(|l| l.score.is_none()).count();
    let of = |s: MarkStatus| img.marks.iter().filter(|m| m.status == s).count();
    let caption = tr!(
        lang,
        "det-view-caption",
        index = (det.image + 1),
        count = count,
        position = n.num(img.position, 1),
        lesions = img.lesions.len(),
        missed = missed,
        marks = img.marks.len(),
        tp = of(MarkStatus::TruePositive),
        fp = of(MarkStatus::FalsePositive),
        extra = of(MarkStatus::Extra)
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, caption.clone())
    });
    ui.label(caption);
    // Each item in words: what the outlines say, for a reader who does not see colour.
    for l in &img.lesions {
        let size = l.size_mm.map_or_else(|| "–".into(), |s| n.num(s, 1));
        ui.label(match l.score {
            Some(s) => tr!(
                lang,
                "det-view-lesion-hit",
                size = size,
                score = n.num(s, 2)
            ),
            None => tr!(lang, "det-view-lesion-missed", size = size),
        });
    }
    let mut marks: Vec<_> = img.marks.iter().collect();
    marks.sort_by(|a, b| b.score.total_cmp(&a.score));
    for m in marks {
        ui.label(tr!(
            lang,
            "det-view-mark",
            score = n.num(m.score, 3),
            status = status_name(lang, m.status)
        ));
    }
}
