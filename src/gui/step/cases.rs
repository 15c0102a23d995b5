//! Step 6: the cases behind the numbers. False positives and negatives first, sorted by how
//! confident the model was; a DICOM case opens in a viewer with window/level, a CSV case shows
//! its row. Case ids are hidden (shown as a running number) unless the user opts in.

use std::path::PathBuf;

use eframe::egui;
use provestein::cohort::table::Table;
use provestein::evaluation::CaseResult;
use provestein::plan::CohortKind;

use crate::gui::i18n::{Lang, Numbers, t, tr};
use crate::gui::state::App;
use crate::gui::state::cases::{CaseRows, Outcome, Viewer};
use crate::gui::task::Task;

const OUTCOMES: [Outcome; 4] = [Outcome::Tp, Outcome::Fp, Outcome::Fn, Outcome::Tn];

impl App {
    fn open_case_of(&mut self, ctx: &egui::Context, eval: &provestein::Evaluation, i: usize) {
        self.cases.opened = Some(i);
        self.cases.viewer = None;
        let Some(case) = self.results.binary(eval).and_then(|b| b.cases.get(i)) else {
            return;
        };
        if eval.plan.cohort.kind == CohortKind::Dicom && !case.files().is_empty() {
            let mut v = Viewer::new(
                case.files().len(),
                super::occlusion::OcclusionView::new(&eval.plan.explain),
            );
            v.load(ctx, case.files()[0].clone(), 0);
            self.cases.viewer = Some(v);
        } else if self.cases.rows.is_none() && self.cases.rows_loading.is_none() {
            // A large cohort's CSV takes longer than a frame to read: on a worker.
            let plan = eval.plan.clone();
            self.cases.rows_loading = Some(Task::spawn(ctx, move || read_rows(&plan)));
        }
    }

    pub fn cases_step(&mut self, ui: &mut egui::Ui) {
        self.poll_adjudication(ui.ctx());
        let Some(eval) = self.eval.take() else {
            return;
        };
        if eval.segmentation().is_some() {
            self.seg_cases_view(ui, &eval);
        } else if eval.detection().is_some() && eval.plan.cohort.kind == CohortKind::Dicom {
            self.det_cases_view(ui, &eval);
        } else {
            self.cases_view(ui, &eval);
        }
        self.eval = Some(eval);
    }

    fn cases_view(&mut self, ui: &mut egui::Ui, eval: &provestein::Evaluation) {
        let lang = self.lang;
        let Some(b) = self.results.binary(eval) else {
            return;
        };
        let attributes = &eval.cohort.subgroups;
        let thr = b.overall.threshold;
        self.cases.list.refresh(
            &b.cases,
            attributes.len(),
            thr,
            self.cases.show,
            &self.cases.group,
        );
        ui.heading(t::CASES_HEADING.get(lang));
        // A detection run's cases are its units (by the unit-level score); a multi-finding
        // run's, those of the finding the Results step shows.
        if let Some(name) = self.results.finding_shown(eval) {
            ui.label(tr!(lang, "cases-of-finding", finding = name));
        } else if eval.detection().is_some() {
            ui.label(t::CASES_UNIT_LEVEL.get(lang));
        }
        ui.horizontal_wrapped(|ui| {
            for (k, o) in OUTCOMES.iter().enumerate() {
                ui.checkbox(&mut self.cases.show[k], outcome_name(lang, *o));
            }
            ui.separator();
            let current = match &self.cases.group {
                Some((a, v)) => format!("{} = {v}", attributes[*a]),
                None => t::ALL_GROUPS.get(lang).into(),
            };
            egui::ComboBox::new("case-group", t::SUBGROUP_FILTER.get(lang))
                .selected_text(current)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.cases.group, None, t::ALL_GROUPS.get(lang));
                    for (a, name) in attributes.iter().enumerate() {
                        for v in &self.cases.list.values[a] {
                            ui.selectable_value(
                                &mut self.cases.group,
                                Some((a, v.clone())),
                                format!("{name} = {v}"),
                            );
                        }
                    }
                });
            ui.separator();
            ui.checkbox(&mut self.cases.show_ids, t::SHOW_IDS.get(lang))
                .on_hover_text(t::SHOW_IDS_HELP.get(lang));
        });
        // Taken for the frame (the detail beside it borrows the app), put back after.
        let list = std::mem::take(&mut self.cases.list.order);
        ui.label(tr!(
            lang,
            "cases-shown",
            shown = list.len(),
            cases = b.cases.len()
        ));
        ui.separator();
        let mut clicked = None;
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(360.0);
                // Only the rows in view are laid out: a list of 100 000 cases stays cheap.
                let row = ui.spacing().interact_size.y;
                egui::ScrollArea::vertical()
                    .id_salt("case-list")
                    .max_height(560.0)
                    .show_rows(ui, row, list.len(), |ui, rows| {
                        for &i in &list[rows] {
                            let c = &b.cases[i];
                            let text = format!(
                                "{}  {:<3} {}  {}",
                                case_name(eval, c, i, self.cases.show_ids),
                                Outcome::of(c, thr).code(),
                                if c.label { "+" } else { "-" },
                                Numbers(lang).p3(c.score)
                            );
                            if ui
                                .selectable_label(self.cases.opened == Some(i), text)
                                .clicked()
                            {
                                clicked = Some(i);
                            }
                        }
                    });
            });
            ui.separator();
            ui.vertical(|ui| self.case_detail(ui, eval));
        });
        self.cases.list.order = list;
        if let Some(i) = clicked {
            self.open_case_of(ui.ctx(), eval, i);
        }
    }

    fn case_detail(&mut self, ui: &mut egui::Ui, eval: &provestein::Evaluation) {
        let lang = self.lang;
        let Some(i) = self.cases.opened else {
            ui.label(t::PICK_A_CASE.get(lang));
            return;
        };
        let Some(c) = self
            .results
            .binary(eval)
            .and_then(|b| b.cases.get(i).map(|c| (b, c)))
        else {
            return;
        };
        let (b, c) = c;
        let o = Outcome::of(c, b.overall.threshold);
        ui.strong(format!(
            "{} – {}",
            case_name(eval, c, i, self.cases.show_ids),
            outcome_name(lang, o)
        ));
        ui.label(tr!(
            lang,
            "case-score",
            score = Numbers(lang).num(c.score, 4),
            threshold = Numbers(lang).plain(b.overall.threshold),
            truth = (if c.label {
                &eval.cohort.positive_label
            } else {
                &eval.cohort.negative_label
            })
            .to_string()
        ));
        for (a, v) in eval.cohort.subgroups.iter().zip(&c.subgroups) {
            ui.label(format!("{a}: {v}"));
        }
        super::detection::unit_lesions(ui, lang, eval, &c.id);
        ui.add_space(6.0);
        super::importance::case_features(ui, lang, eval, i);
        if eval.binary().is_some_and(|main| std::ptr::eq(main, b)) {
            self.adjudication_panel(ui, eval, c);
        }
        if let Some(viewer) = &mut self.cases.viewer {
            viewer.show(ui, lang, c.files(), &eval.plan);
            return;
        }
        if let Some(rows) = self.cases.rows_loading.as_ref().and_then(|t| t.poll()) {
            self.cases.rows = Some(rows);
            self.cases.rows_loading = None;
        }
        match &self.cases.rows {
            Some(Ok((table, rows))) => match rows.get(c.id.as_str()) {
                Some(&row) => {
                    egui::ScrollArea::vertical()
                        .id_salt("case-row")
                        .max_height(480.0)
                        .show(ui, |ui| {
                            egui::Grid::new("case-row-grid")
                                .striped(true)
                                .show(ui, |ui| {
                                    for (h, v) in table.fields(row) {
                                        if eval.plan.cohort.id.as_deref() == Some(h)
                                            && !self.cases.show_ids
                                        {
                                            continue;
                                        }
                                        ui.label(h);
                                        ui.monospace(v);
                                        ui.end_row();
                                    }
                                });
                        });
                }
                None => {
                    ui.label(t::ROW_NOT_FOUND.get(lang));
                }
            },
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None if self.cases.rows_loading.is_some() => {
                ui.label(t::CASE_ROW_LOADING.get(lang));
            }
            None => {}
        }
    }
}

impl Viewer {
    /// Loads `frame` of the file at `path` on a worker; the image shown stays until it lands.
    fn load(&mut self, ctx: &egui::Context, path: PathBuf, frame: u32) {
        self.occlusion.clear();
        self.loading = Some(Task::spawn(ctx, move || {
            provestein::cohort::view::load_frame(&path, frame)
                .map_err(|(_, detail)| format!("{}: {detail}", path.display()))
        }));
    }

    /// Shows the image at position `k` of the case (file and frame), loading it.
    fn go_to(&mut self, ctx: &egui::Context, files: &[PathBuf], k: usize) {
        let (file, frame) = self.at(k);
        if (file, frame) != (self.file, self.frame_no)
            && let Some(path) = files.get(file)
        {
            (self.file, self.frame_no) = (file, frame);
            self.load(ctx, path.clone(), frame);
        }
    }

    fn show(&mut self, ui: &mut egui::Ui, lang: Lang, files: &[PathBuf], plan: &provestein::Plan) {
        if let Some(r) = self.loading.as_ref().and_then(Task::poll) {
            if let Ok(f) = &r {
                if let Some(n) = self.frames.get_mut(self.file) {
                    *n = f.frames.max(1);
                }
                if !self.windowed {
                    (self.center, self.width) = f.default_window();
                    self.windowed = true;
                }
            }
            self.frame = Some(r);
            self.loading = None;
            self.texture = None;
            self.drawn = None;
        }
        let count = self.count();
        let mut k = self.index();
        if count > 1 {
            ui.horizontal(|ui| {
                ui.label(tr!(lang, "image-of", index = (k + 1), count = count));
                if ui.button("<").clicked() && k > 0 {
                    k -= 1;
                }
                let mut shown = k + 1;
                ui.add(
                    egui::Slider::new(&mut shown, 1..=count)
                        .show_value(false)
                        .text(t::VIEWER_IMAGES.get(lang)),
                );
                k = shown.clamp(1, count) - 1;
                if ui.button(">").clicked() && k + 1 < count {
                    k += 1;
                }
                if self.loading.is_some() {
                    ui.spinner();
                }
            });
        }
        if k != self.index() {
            self.go_to(ui.ctx(), files, k);
        }
        if self.frame.is_none() {
            ui.spinner();
            return;
        }
        let frame = match &self.frame {
            Some(Ok(f)) => f,
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            None => return,
        };
        // The controls in a column beside the image, so that the image has the pane's height:
        // stacked above it, with an occlusion map's legend below, a 64² CT was left 150 px
        // of a 900 px window.
        let mut image = self.index();
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(CONTROLS, ui.available_height()),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(CONTROLS);
                    if frame.channels == 1 {
                        let span = (frame.max - frame.min).max(1.0) as f64;
                        // The ranges hold the header's and the presets' windows too, which may be wider
                        // than the pixel range.
                        let presets = frame.presets();
                        let (lo, hi, top) = presets.iter().fold(
                            (frame.min as f64 - span, frame.max as f64 + span, span * 2.0),
                            |(lo, hi, top), &(_, c, w)| {
                                (lo.min(c - w), hi.max(c + w), top.max(w * 2.0))
                            },
                        );
                        // One slider a row: the column is narrow.
                        crate::gui::widgets::window_sliders(
                            ui,
                            lang,
                            (&mut self.center, &mut self.width),
                            lo..=hi,
                            top,
                            frame.default_window(),
                        );
                        ui.horizontal_wrapped(|ui| {
                            ui.label(t::WINDOW_PRESETS.get(lang));
                            for (p, c, w) in presets {
                                let on = (self.center, self.width) == (c, w);
                                if ui
                                    .selectable_label(on, preset_name(lang, p))
                                    .on_hover_text(format!("{c} / {w}"))
                                    .clicked()
                                {
                                    (self.center, self.width) = (c, w);
                                }
                            }
                        });
                    }
                    ui.horizontal(|ui| {
                        ui.label(t::VIEWER_ZOOM.get(lang));
                        if ui.button("−").clicked() {
                            self.zoom.by(1.0 / 1.5, self.zoom.center);
                        }
                        ui.label(format!("{:.0} %", self.zoom.factor * 100.0));
                        if ui.button("+").clicked() {
                            self.zoom.by(1.5, self.zoom.center);
                        }
                        if ui.button(t::VIEWER_FIT.get(lang)).clicked() {
                            self.zoom = Default::default();
                        }
                    });
                    if super::occlusion::OcclusionView::available(plan)
                        && let Some(file) = files.get(self.file)
                    {
                        self.occlusion.controls(ui, lang, plan, file);
                    }
                    if let Some(file) = files.get(self.file) {
                        self.input.controls(ui, lang, plan, self.file, file);
                    }
                    ui.label(format!(
                        "{} {} × {}, {}, {}",
                        frame.modality,
                        frame.width,
                        frame.height,
                        frame.photometric,
                        tr!(lang, "frames", count = frame.frames)
                    ));
                    self.occlusion.legend(ui, lang);
                },
            );
            ui.vertical(|ui| {
                let avail =
                    (ui.available_size() - egui::vec2(0.0, CAPTION)).min(egui::vec2(720.0, 720.0));
                // Beside the model's input, each has half the room (and the input's caption a line).
                let (halves, below) = if self.input.show {
                    (2.0, CAPTION)
                } else {
                    (1.0, 0.0)
                };
                let avail = egui::vec2((avail.x - 8.0) / halves, avail.y - below);
                let scale = (avail.x / frame.width as f32).min(avail.y / frame.height as f32);
                let size = egui::vec2(frame.width as f32, frame.height as f32) * scale.max(0.05);
                let uv = self.zoom.uv();
                let (rect, response) = if self.input.show {
                    let input = &mut self.input;
                    ui.horizontal_top(|ui| {
                        let r = ui.allocate_exact_size(size, egui::Sense::click_and_drag());
                        input.show(ui, lang, size, uv);
                        r
                    })
                    .inner
                } else {
                    ui.allocate_exact_size(size, egui::Sense::click_and_drag())
                };
                // Input first, so that this frame draws what it asked for: Ctrl-wheel and a left drag
                // zoom and pan, a right drag windows (as the other viewers), the wheel alone is kept
                // for moving through the images.
                self.zoom.input(ui, &response);
                let range = (frame.min, frame.max);
                super::viewer::stack_input(
                    ui,
                    &response,
                    super::viewer::Stack {
                        index: &mut image,
                        wheel: &mut self.wheel,
                        center: &mut self.center,
                        width: &mut self.width,
                    },
                    count,
                    range,
                );
                if self.drawn != Some((self.center, self.width)) || self.texture.is_none() {
                    let rgba = frame.to_rgba(self.center, self.width);
                    let image = egui::ColorImage::from_rgba_unmultiplied(
                        [frame.width as usize, frame.height as usize],
                        &rgba,
                    );
                    self.texture = Some(ui.ctx().load_texture(
                        "case-image",
                        image,
                        egui::TextureOptions::NEAREST,
                    ));
                    self.drawn = Some((self.center, self.width));
                }
                let uv = self.zoom.uv();
                if let Some(tex) = &self.texture {
                    ui.painter().image(tex.id(), rect, uv, egui::Color32::WHITE);
                }
                self.occlusion.overlay(ui, rect, uv);
                let caption = pixel_caption(lang, frame, &self.zoom, rect, response.hover_pos());
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::accesskit::Role::Image,
                        true,
                        t::VIEWER_IMAGE.get(lang),
                    )
                });
                ui.label(caption);
            });
        });
        if image != self.index() {
            self.go_to(ui.ctx(), files, image);
        }
    }
}

/// The width of the viewer's column of controls beside the image.
const CONTROLS: f32 = 380.0;

/// Room kept below the image for the pixel readout (two lines: the help wraps under a narrow image).
const CAPTION: f32 = 40.0;

/// "Row r, column c: stored s, value v" for the pixel under the pointer (HU for CT), or the
/// help on how to move the image.
fn pixel_caption(
    lang: Lang,
    frame: &provestein::cohort::view::DisplayFrame,
    zoom: &crate::gui::step::zoom::Zoom,
    rect: egui::Rect,
    pointer: Option<egui::Pos2>,
) -> String {
    use provestein::cohort::view::PixelValue;
    let at = pointer.map(|p| zoom.uv_at(rect, p)).and_then(|uv| {
        let (x, y) = (uv.x * frame.width as f32, uv.y * frame.height as f32);
        (x >= 0.0 && y >= 0.0).then_some((y as u32, x as u32))
    });
    let Some(((row, column), value)) = at.and_then(|(r, c)| Some(((r, c), frame.pixel(r, c)?)))
    else {
        return t::VIEWER_CASE_HELP.get(lang).to_string();
    };
    let n = Numbers(lang);
    let hu = frame.modality.trim().eq_ignore_ascii_case("CT");
    match value {
        PixelValue::Grey { value, stored } => tr!(
            lang,
            "viewer-pixel",
            row = row,
            column = column,
            stored = stored.map_or_else(|| "–".to_string(), |s| n.num(s, 0)),
            value = n.num(f64::from(value), if value.fract() == 0.0 { 0 } else { 2 }),
            unit = (if hu { "HU" } else { "" }).to_string()
        ),
        PixelValue::Rgb([r, g, b]) => tr!(
            lang,
            "viewer-pixel-rgb",
            row = row,
            column = column,
            rgb = format!("{r:.0}, {g:.0}, {b:.0}")
        ),
    }
}

fn preset_name(lang: Lang, p: provestein::cohort::view::Preset) -> &'static str {
    use provestein::cohort::view::Preset;
    match p {
        Preset::Brain => t::PRESET_BRAIN,
        Preset::Lung => t::PRESET_LUNG,
        Preset::Mediastinum => t::PRESET_MEDIASTINUM,
        Preset::Bone => t::PRESET_BONE,
        Preset::Abdomen => t::PRESET_ABDOMEN,
        Preset::Default => t::PRESET_DEFAULT,
    }
    .get(lang)
}

fn outcome_name(lang: Lang, o: Outcome) -> &'static str {
    match o {
        Outcome::Tp => t::OUT_TP,
        Outcome::Fp => t::OUT_FP,
        Outcome::Fn => t::OUT_FN,
        Outcome::Tn => t::OUT_TN,
    }
    .get(lang)
}

/// "#12", or the case id when the user has opted in. A DICOM case's id is a pseudonym, shown
/// as "#12 case-…"; opting in shows what it stands for, from memory (`Evaluation::pseudonyms`):
/// its path in the cohort folder, or its series or study UID.
fn case_name(eval: &provestein::Evaluation, c: &CaseResult, i: usize, show_ids: bool) -> String {
    let original = || {
        eval.pseudonyms
            .binary_search_by(|(p, _)| p.as_str().cmp(&c.id))
            .ok()
            .map(|k| eval.pseudonyms[k].1.clone())
    };
    match (show_ids, c.files().is_empty()) {
        (false, true) => format!("#{}", i + 1),
        (false, false) => format!("#{} {}", i + 1, c.id),
        (true, true) => c.id.to_string(),
        (true, false) => original().unwrap_or_else(|| c.id.to_string()),
    }
}

fn read_rows(plan: &provestein::Plan) -> Result<CaseRows, String> {
    let table =
        Table::read(&plan.resolve(&plan.cohort.path), "cohort").map_err(|e| e.to_string())?;
    let rows = table
        .rows_by_id(plan.cohort.id.as_deref().unwrap_or_default())
        .map_err(|e| e.to_string())?;
    Ok((table, rows))
}
