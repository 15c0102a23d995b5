//! Step 6 for a segmentation run: the cases of a structure, worst first (lowest Dice, then
//! highest HD95), and a viewer that scrolls the case's series with the truth's and the
//! prediction's outlines over the windowed image. Slices by the wheel, the slider or the arrow
//! and page keys; window/level by sliders or by dragging with the right button, as PACS viewers
//! do; the filled masks' opacity by a slider. The run's plan is prepared once on a worker
//! (`run::prepare`, so the viewer reads what the run measured) and each case loads on a worker
//! (`segmentation::view::case`, the model run on it for a model plan): the frame never waits. Case ids stay pseudonyms unless the user opts in, as in the binary case list.

use std::cmp::Ordering as Cmp;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use eframe::egui::{self, Color32, Pos2, Rect, Sense, Stroke, Vec2};
use provestein::Evaluation;
use provestein::cohort::view::DisplayFrame;
use provestein::metrics::segmentation::Presence;
use provestein::segmentation::figures::SegmentationCase;
use provestein::segmentation::view::{self, CaseView};

use super::segmentation::structure_picker;
use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::state::App;
use crate::gui::state::cases::{Contours, SegCases};
use crate::gui::task::Task;

/// Okabe–Ito sky blue for the truth, orange for the prediction; the truth's line is also the
/// thicker one, so the two differ by more than colour.
pub const TRUTH: Color32 = Color32::from_rgb(86, 180, 233);
pub const PREDICTION: Color32 = Color32::from_rgb(230, 159, 0);
const TRUTH_LINE: f32 = 2.0;
const PREDICTION_LINE: f32 = 1.2;

/// Largest side of the image on screen (points).
const VIEW_SIDE: f32 = 560.0;

/// Lowest Dice first (cases without a Dice last), then highest HD95.
pub fn worst_first(a: &SegmentationCase, b: &SegmentationCase) -> Cmp {
    let key = |v: f64| if v.is_finite() { v } else { f64::INFINITY };
    key(a.dice).total_cmp(&key(b.dice)).then_with(|| {
        let d = |v: f64| if v.is_finite() { v } else { f64::NEG_INFINITY };
        d(b.hd95).total_cmp(&d(a.hd95))
    })
}

fn presence_name(lang: Lang, p: Presence) -> &'static str {
    match p {
        Presence::Both => t::PRESENCE_BOTH,
        Presence::BothEmpty => t::PRESENCE_BOTH_EMPTY,
        Presence::Missed => t::PRESENCE_MISSED,
        Presence::FalseAlarm => t::PRESENCE_FALSE_ALARM,
    }
    .get(lang)
}

/// What a case id stands for (a series UID or a path), from memory (`Evaluation::pseudonyms`);
/// the id itself when it is no pseudonym (a case named by its file).
fn original(eval: &Evaluation, id: &str) -> Option<String> {
    eval.pseudonyms
        .binary_search_by(|(p, _)| p.as_str().cmp(id))
        .ok()
        .map(|k| eval.pseudonyms[k].1.clone())
}

impl App {
    pub(crate) fn seg_cases_view(&mut self, ui: &mut egui::Ui, eval: &Evaluation) {
        let lang = self.lang;
        let Some(seg) = eval.segmentation() else {
            return;
        };
        self.poll_seg(ui.ctx(), eval);
        ui.heading(t::SEG_CASES_HEADING.get(lang));
        let picked = ui
            .horizontal(|ui| {
                let p = structure_picker(
                    ui,
                    lang,
                    "seg-case-structure",
                    seg,
                    &mut self.cases.seg.structure,
                );
                ui.separator();
                ui.checkbox(&mut self.cases.show_ids, t::SHOW_IDS.get(lang))
                    .on_hover_text(t::SHOW_IDS_HELP.get(lang));
                p
            })
            .inner;
        let Some((name, s)) = picked else {
            return;
        };
        let mut order: Vec<usize> = (0..s.cases.len()).collect();
        order.sort_by(|&a, &b| worst_first(&s.cases[a], &s.cases[b]));
        ui.label(tr!(
            lang,
            "seg-cases-shown",
            cases = s.cases.len(),
            structure = name
        ));
        ui.separator();
        let mut clicked = None;
        let n = Numbers(lang);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(420.0);
                egui::ScrollArea::vertical()
                    .id_salt("seg-case-list")
                    .max_height(640.0)
                    .show(ui, |ui| {
                        for &i in &order {
                            let c = &s.cases[i];
                            let text = format!(
                                "{}  Dice {}  HD95 {}  {}",
                                self.seg_case_name(eval, &c.case, i),
                                n.num(c.dice, 3),
                                n.num(c.hd95, 1),
                                presence_name(lang, c.presence)
                            );
                            let open = self.cases.seg.opened.as_deref() == Some(c.case.as_str());
                            if ui.selectable_label(open, text).clicked() {
                                clicked = Some(c.case.clone());
                            }
                        }
                    });
            });
            ui.separator();
            ui.vertical(|ui| self.seg_viewer(ui, eval, name));
        });
        if let Some(id) = clicked {
            self.open_seg_case(ui.ctx(), eval, id);
        }
    }

    /// "#3 case-…" (its place in the run's case list and its pseudonym), or what the pseudonym
    /// stands for when the user has opted in.
    fn seg_case_name(&self, eval: &Evaluation, id: &str, i: usize) -> String {
        if self.cases.show_ids {
            original(eval, id).unwrap_or_else(|| id.to_string())
        } else {
            format!("#{} {id}", i + 1)
        }
    }

    /// Opens a case: its series and masks load on a worker once the folders are indexed.
    pub(crate) fn open_seg_case(&mut self, ctx: &egui::Context, eval: &Evaluation, id: String) {
        let seg = &mut self.cases.seg;
        if let Some((_, cancel)) = seg.loading.take() {
            cancel.store(true, Ordering::Relaxed);
        }
        seg.opened = Some(id);
        seg.view = None;
        seg.image = None;
        seg.fill = None;
        seg.contours = None;
        self.poll_seg(ctx, eval);
    }

    /// Takes what the workers finished and starts what is due: the run's plan prepared once,
    /// the case once it is.
    fn poll_seg(&mut self, ctx: &egui::Context, eval: &Evaluation) {
        let control = self.run_control();
        let seg = &mut self.cases.seg;
        if let Some(r) = seg.preparing.as_ref().and_then(Task::poll) {
            seg.prepared = Some(r.map(Arc::new));
            seg.preparing = None;
        }
        if let Some(r) = seg.loading.as_ref().and_then(|(task, _)| task.poll()) {
            seg.loading = None;
            if let Ok(v) = &r {
                let structure = structure_in(v, eval, seg.structure);
                seg.slice = v
                    .measured
                    .or_else(|| structure.map(|k| v.worst_slice(k)))
                    .unwrap_or(v.slices.len() / 2);
                (seg.center, seg.width) = v.default_window();
            }
            seg.view = Some(r);
        }
        let Some(id) = seg.opened.clone() else {
            return;
        };
        match &seg.prepared {
            None if seg.preparing.is_none() => {
                let plan = eval.plan.clone();
                seg.preparing = Some(Task::spawn(ctx, move || {
                    // The model session it opens is kept for the cases' predictions.
                    provestein::run::prepare(&plan, &control).map_err(|e| e.to_string())
                }));
            }
            Some(Ok(prepared)) if seg.view.is_none() && seg.loading.is_none() => {
                let prepared = prepared.clone();
                let control = provestein::Control::silent();
                let cancel = control.cancel_flag();
                let task = Task::spawn(ctx, move || {
                    view::case_by_id(&prepared, &id, &control).map_err(|e| e.to_string())
                });
                seg.loading = Some((task, cancel));
            }
            _ => {}
        }
    }

    fn seg_viewer(&mut self, ui: &mut egui::Ui, eval: &Evaluation, structure: &str) {
        let lang = self.lang;
        let Some(id) = self.cases.seg.opened.clone() else {
            ui.label(t::PICK_A_CASE.get(lang));
            return;
        };
        let n = Numbers(lang);
        if let Some(c) = eval
            .segmentation()
            .and_then(|s| s.structures.get(structure))
            .and_then(|s| s.cases.iter().find(|c| c.case == id))
        {
            ui.strong(format!(
                "{} – {structure}: {}",
                id,
                presence_name(lang, c.presence)
            ));
            ui.label(tr!(
                lang,
                "seg-case-figures",
                dice = n.num(c.dice, 3),
                hd95 = n.num(c.hd95, 2),
                assd = n.num(c.assd, 2),
                volume_truth = n.num(c.volume_truth, 2),
                volume_pred = n.num(c.volume_pred, 2)
            ));
        }
        let seg = &mut self.cases.seg;
        let error = |ui: &mut egui::Ui, e: &str| {
            ui.colored_label(ui.visuals().error_fg_color, e);
        };
        match &seg.prepared {
            Some(Err(e)) => {
                error(ui, &tr!(lang, "viewer-no-sources", why = e.clone()));
                return;
            }
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t::VIEWER_INDEXING.get(lang));
                });
                return;
            }
            _ => {}
        }
        if seg.loading.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t::VIEWER_LOADING.get(lang));
            });
            return;
        }
        match &seg.view {
            Some(Err(e)) => {
                error(ui, e);
                return;
            }
            None => return,
            Some(Ok(_)) => {}
        }
        // Taken out while it is drawn, so that the viewer's state can change beside it.
        let Some(Ok(view)) = seg.view.take() else {
            return;
        };
        if view.slices.is_empty() {
            seg.view = Some(Ok(view));
            return;
        }
        let k = view.structures.iter().position(|s| s == structure);
        if let Some(note) = &view.prediction_note {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                tr!(lang, "viewer-truth-only", why = note.clone()),
            );
        }
        for note in &view.notes {
            ui.weak(note);
        }
        viewer_controls(ui, lang, seg, &view);
        draw(ui, lang, seg, &view, k);
        seg.view = Some(Ok(view));
    }
}

/// The index of the structure listed in the case's view, by name.
fn structure_in(v: &CaseView, eval: &Evaluation, chosen: usize) -> Option<usize> {
    let seg = eval.segmentation()?;
    let name = seg.structures.keys().nth(chosen)?;
    v.structures.iter().position(|s| s == name)
}

/// The slice slider, the window sliders and reset, the layers and the fill's opacity.
fn viewer_controls(ui: &mut egui::Ui, lang: Lang, seg: &mut SegCases, view: &CaseView) {
    let count = view.slices.len();
    seg.slice = seg.slice.min(count - 1);
    ui.horizontal(|ui| {
        let mut shown = seg.slice + 1;
        ui.add(egui::Slider::new(&mut shown, 1..=count).text(t::VIEWER_SLICE.get(lang)));
        seg.slice = shown.clamp(1, count) - 1;
    });
    let window = (&mut seg.center, &mut seg.width);
    crate::gui::widgets::window_row(ui, lang, window, view.range, view.default_window());
    ui.horizontal(|ui| {
        swatch(ui, TRUTH);
        ui.checkbox(&mut seg.show_truth, t::VIEWER_TRUTH.get(lang));
        swatch(ui, PREDICTION);
        ui.add_enabled(
            view.has_prediction,
            egui::Checkbox::new(&mut seg.show_prediction, t::VIEWER_PREDICTION.get(lang)),
        );
        ui.separator();
        ui.add(
            egui::Slider::new(&mut seg.opacity, 0.0..=1.0)
                .fixed_decimals(2)
                .text(t::VIEWER_OPACITY.get(lang)),
        );
    });
    ui.weak(t::VIEWER_HELP.get(lang));
}

/// Room kept below the image for its caption.
const CAPTION: f32 = 24.0;

fn swatch(ui: &mut egui::Ui, colour: Color32) {
    let (rect, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
    ui.painter().rect_filled(rect, 2.0, colour);
}

/// The image with its filled masks and outlines, and what the wheel, the keys and a right-button
/// drag do over it.
fn draw(ui: &mut egui::Ui, lang: Lang, seg: &mut SegCases, view: &CaseView, k: Option<usize>) {
    let count = view.slices.len();
    let slice = &view.slices[seg.slice];
    let (w, h) = (slice.width as f32, slice.height as f32);
    let avail = (ui.available_size() - Vec2::new(0.0, CAPTION))
        .min(Vec2::splat(VIEW_SIDE))
        .max(Vec2::splat(64.0));
    let scale = (avail.x / w).min(avail.y / h);
    let (rect, response) = ui.allocate_exact_size(Vec2::new(w, h) * scale, Sense::click_and_drag());

    stack_input(
        ui,
        &response,
        Stack {
            index: &mut seg.slice,
            wheel: &mut seg.wheel,
            center: &mut seg.center,
            width: &mut seg.width,
        },
        count,
        view.range,
    );
    let slice = &view.slices[seg.slice];
    draw_windowed(
        ui,
        rect,
        &mut seg.image,
        "seg-slice",
        (seg.slice, seg.center, seg.width),
        Gray {
            width: slice.width,
            height: slice.height,
            values: &slice.values,
            window: slice.window,
            range: view.range,
        },
    );
    let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
    let masks = k.map(|k| (slice.truth[k].as_deref(), slice.prediction[k].as_deref()));
    let (truth, prediction) = masks.unwrap_or((None, None));
    let truth = truth.filter(|_| seg.show_truth);
    let prediction = prediction.filter(|_| seg.show_prediction && view.has_prediction);

    // Filled masks, at the chosen opacity.
    let alpha = (seg.opacity.clamp(0.0, 1.0) * 255.0).round() as u8;
    if alpha > 0 && (truth.is_some() || prediction.is_some()) {
        let fill_key = (
            seg.slice,
            k.unwrap_or(usize::MAX),
            seg.show_truth,
            seg.show_prediction,
            alpha,
        );
        if seg.fill.as_ref().is_none_or(|(_, k)| *k != fill_key) {
            let rgba = fill(truth, prediction, slice.width * slice.height, alpha);
            let image =
                egui::ColorImage::from_rgba_unmultiplied([slice.width, slice.height], &rgba);
            let texture = ui
                .ctx()
                .load_texture("seg-fill", image, egui::TextureOptions::NEAREST);
            seg.fill = Some((texture, fill_key));
        }
        if let Some((tex, _)) = &seg.fill {
            ui.painter().image(tex.id(), rect, uv, Color32::WHITE);
        }
    }

    // Outlines along pixel edges, made once per slice and structure.
    let contour_key = (seg.slice, k.unwrap_or(usize::MAX));
    if seg.contours.as_ref().is_none_or(|(k, _)| *k != contour_key) {
        let all = k.map(|k| (slice.truth[k].as_deref(), slice.prediction[k].as_deref()));
        let (t, p) = all.unwrap_or((None, None));
        let outlines: Contours = [
            t.map_or_else(Vec::new, |m| outline(m, slice.width, slice.height)),
            p.map_or_else(Vec::new, |m| outline(m, slice.width, slice.height)),
        ];
        seg.contours = Some((contour_key, outlines));
    }
    if let Some((_, [t_lines, p_lines])) = &seg.contours {
        let to_screen = |p: Pos2| rect.min + p.to_vec2() * scale;
        let painter = ui.painter().with_clip_rect(rect);
        for (lines, show, colour, width) in [
            (t_lines, truth.is_some(), TRUTH, TRUTH_LINE),
            (p_lines, prediction.is_some(), PREDICTION, PREDICTION_LINE),
        ] {
            if !show {
                continue;
            }
            for [a, b] in lines {
                painter.line_segment([to_screen(*a), to_screen(*b)], Stroke::new(width, colour));
            }
        }
    }
    let pixels = |m: Option<&[bool]>| m.map_or(0, |m| m.iter().filter(|v| **v).count());
    let caption = tr!(
        lang,
        "viewer-slice-of",
        index = (seg.slice + 1),
        count = count,
        position = Numbers(lang).num(slice.position, 1),
        truth = pixels(truth),
        prediction = pixels(prediction)
    );
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, caption.clone())
    });
    ui.label(caption);
}

/// RGBA of the filled masks: the truth's colour, the prediction's, their mean where both.
fn fill(truth: Option<&[bool]>, prediction: Option<&[bool]>, n: usize, alpha: u8) -> Vec<u8> {
    let mut rgba = vec![0u8; n * 4];
    for i in 0..n {
        let t = truth.is_some_and(|m| m[i]);
        let p = prediction.is_some_and(|m| m[i]);
        let c = match (t, p) {
            (false, false) => continue,
            (true, false) => TRUTH,
            (false, true) => PREDICTION,
            (true, true) => Color32::from_rgb(
                ((u16::from(TRUTH.r()) + u16::from(PREDICTION.r())) / 2) as u8,
                ((u16::from(TRUTH.g()) + u16::from(PREDICTION.g())) / 2) as u8,
                ((u16::from(TRUTH.b()) + u16::from(PREDICTION.b())) / 2) as u8,
            ),
        };
        rgba[i * 4..i * 4 + 4].copy_from_slice(&[c.r(), c.g(), c.b(), alpha]);
    }
    rgba
}

/// A mask's outline as segments along pixel edges (pixel (x, y) covers [x, x+1] × [y, y+1]),
/// runs along a row or column merged into one segment.
pub fn outline(mask: &[bool], width: usize, height: usize) -> Vec<[Pos2; 2]> {
    let inside = |x: i64, y: i64| {
        x >= 0
            && y >= 0
            && (x as usize) < width
            && (y as usize) < height
            && mask[y as usize * width + x as usize]
    };
    let mut out = Vec::new();
    // Horizontal edges: between row y-1 and row y.
    for y in 0..=height as i64 {
        let mut start: Option<i64> = None;
        for x in 0..=width as i64 {
            let edge = x < width as i64 && inside(x, y - 1) != inside(x, y);
            match (edge, start) {
                (true, None) => start = Some(x),
                (false, Some(s)) => {
                    out.push([Pos2::new(s as f32, y as f32), Pos2::new(x as f32, y as f32)]);
                    start = None;
                }
                _ => {}
            }
        }
    }
    // Vertical edges: between column x-1 and column x.
    for x in 0..=width as i64 {
        let mut start: Option<i64> = None;
        for y in 0..=height as i64 {
            let edge = y < height as i64 && inside(x - 1, y) != inside(x, y);
            match (edge, start) {
                (true, None) => start = Some(y),
                (false, Some(s)) => {
                    out.push([Pos2::new(x as f32, s as f32), Pos2::new(x as f32, y as f32)]);
                    start = None;
                }
                _ => {}
            }
        }
    }
    out
}

/// Where a viewer stands in its stack of images and how it windows them. The wheel, the arrow
/// and page keys move through the stack and a right-button drag sets the window, as PACS
/// viewers do; shared by the segmentation and detection viewers.
pub(crate) struct Stack<'a> {
    pub index: &'a mut usize,
    /// Wheel movement not yet a whole notch (touchpads scroll in points).
    pub wheel: &'a mut f32,
    pub center: &'a mut f64,
    pub width: &'a mut f64,
}

/// Applies this frame's wheel, keys and drag over `response` to `s` (`count` images, values in
/// `range`). Input first, so that this frame draws what it asked for. Only in a frame's first
/// pass: a pass egui discards and runs again sees the same events, and the image and window are
/// the app's state, not egui's, so a second pass would apply them twice.
pub(crate) fn stack_input(
    ui: &mut egui::Ui,
    response: &egui::Response,
    s: Stack,
    count: usize,
    range: (f32, f32),
) {
    let step = |index: &mut usize, steps: i64| {
        if steps != 0 {
            *index = (*index as i64 + steps).clamp(0, count as i64 - 1) as usize;
        }
    };
    let first_pass = ui.ctx().current_pass_index() == 0;
    let over = response.contains_pointer();
    if over {
        // The page does not scroll under the image: the wheel is the viewer's.
        ui.input_mut(|i| i.smooth_scroll_delta = Vec2::ZERO);
    }
    if over && first_pass {
        // A notch is a line (a wheel) or about 40 points (a touchpad); what is left of a notch
        // waits for the next event. X11 reports one wheel notch twice in a frame (the button and
        // the server's emulated scroll valuator, seen under Xvfb), so lines count once a frame:
        // the largest, not the sum.
        let (lines, points) = ui.input(|i| {
            i.events.iter().fold((0.0f32, 0.0f32), |(l, p), e| match e {
                // With Ctrl (Cmd) the wheel zooms (`zoom::Zoom::input`).
                egui::Event::MouseWheel { modifiers, .. } if modifiers.command => (l, p),
                egui::Event::MouseWheel { unit, delta, .. } => match unit {
                    egui::MouseWheelUnit::Line if delta.y.abs() > l.abs() => (delta.y, p),
                    egui::MouseWheelUnit::Line => (l, p),
                    egui::MouseWheelUnit::Point => (l, p + delta.y / 40.0),
                    egui::MouseWheelUnit::Page => (l, p + delta.y * 10.0),
                },
                _ => (l, p),
            })
        });
        *s.wheel += lines + points;
        let notches = s.wheel.trunc();
        *s.wheel -= notches;
        // Content moving down (a positive delta) is the wheel turned up: the previous image.
        step(s.index, -(notches as i64));
    }
    if first_pass && (over || ui.memory(|m| m.focused().is_none())) {
        let steps: i64 = ui.input_mut(|i| {
            let mut n = 0;
            for (key, d) in [
                (egui::Key::ArrowUp, -1),
                (egui::Key::ArrowDown, 1),
                (egui::Key::PageUp, -10),
                (egui::Key::PageDown, 10),
            ] {
                while i.consume_key(egui::Modifiers::NONE, key) {
                    n += d;
                }
            }
            n
        });
        step(s.index, steps);
    }
    if first_pass && response.dragged_by(egui::PointerButton::Secondary) {
        // Right and left: wider and narrower; down and up: a higher and lower level. About a
        // thousandth of the value range per point (4 HU for CT).
        let d = response.drag_delta();
        let sens = (f64::from(range.1 - range.0) / 1000.0).max(0.05);
        *s.width = (*s.width + f64::from(d.x) * sens).max(1.0);
        *s.center += f64::from(d.y) * sens;
    }
}

/// One image of a stack as the viewers show it: modality values, the header's window, the
/// stack's value range.
pub(crate) struct Gray<'a> {
    pub width: usize,
    pub height: usize,
    pub values: &'a [f32],
    pub window: Option<(f64, f64)>,
    pub range: (f32, f32),
}

/// Draws `img` windowed at `key` = (image, centre, width) into `rect`, its texture made again
/// only when the image or the window changed (`cache` holds it between frames).
pub(crate) fn draw_windowed(
    ui: &egui::Ui,
    rect: Rect,
    cache: &mut Option<(egui::TextureHandle, (usize, f64, f64))>,
    name: &str,
    key: (usize, f64, f64),
    img: Gray,
) {
    if cache.as_ref().is_none_or(|(_, k)| *k != key) {
        let frame = DisplayFrame {
            width: img.width as u32,
            height: img.height as u32,
            channels: 1,
            values: img.values.to_vec(),
            frames: 1,
            window: img.window,
            min: img.range.0,
            max: img.range.1,
            monochrome1: false,
            modality: String::new(),
            photometric: String::new(),
            rescale: None,
        };
        let rgba = frame.to_rgba(key.1, key.2);
        let image = egui::ColorImage::from_rgba_unmultiplied([img.width, img.height], &rgba);
        let texture = ui
            .ctx()
            .load_texture(name, image, egui::TextureOptions::NEAREST);
        *cache = Some((texture, key));
    }
    let uv = Rect::from_min_max(Pos2::ZERO, Pos2::new(1.0, 1.0));
    if let Some((tex, _)) = cache {
        ui.painter().image(tex.id(), rect, uv, Color32::WHITE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_has_four_outline_segments_around_its_pixels() {
        // 2×2 square at (1, 1) in a 4×4 mask.
        let mut m = vec![false; 16];
        for (x, y) in [(1, 1), (2, 1), (1, 2), (2, 2)] {
            m[y * 4 + x] = true;
        }
        let mut segs: Vec<[(f32, f32); 2]> = outline(&m, 4, 4)
            .into_iter()
            .map(|[a, b]| [(a.x, a.y), (b.x, b.y)])
            .collect();
        segs.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(
            segs,
            [
                [(1.0, 1.0), (1.0, 3.0)],
                [(1.0, 1.0), (3.0, 1.0)],
                [(1.0, 3.0), (3.0, 3.0)],
                [(3.0, 1.0), (3.0, 3.0)],
            ]
        );
        // A mask touching the border is closed by the border.
        assert_eq!(outline(&[true], 1, 1).len(), 4);
        assert!(outline(&[false; 4], 2, 2).is_empty());
    }
}
