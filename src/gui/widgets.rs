//! Widgets and dialogs more than one step draws: a CSV preview (`TableView`), a column choice,
//! a path row with its file dialog (`picker`), a table that copies to the clipboard. Below the steps and
//! the app's state; they know nothing of `App`.

use std::sync::Arc;

use eframe::egui;
use provestein::cohort::table::{Table, field};

use super::i18n::{Lang, t};
use super::picker::{Pick, Picker};

/// A CSV read once, with its first rows as a preview: what a spreadsheet would show. The
/// whole table is kept (shared, so the view is cheap to clone each frame) for the label
/// values and the case rows.
#[derive(Clone)]
pub struct TableView {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Data rows in the file (the preview holds at most `PREVIEW_ROWS`).
    pub n_rows: usize,
    pub table: Arc<Table>,
}

pub const PREVIEW_ROWS: usize = 12;

impl TableView {
    pub fn read(path: &std::path::Path, what: &'static str) -> Result<TableView, String> {
        let t = Table::read(path, what).map_err(|e| e.to_string())?;
        Ok(TableView {
            headers: t.headers.clone(),
            rows: t
                .rows
                .iter()
                .take(PREVIEW_ROWS)
                .map(|(_, r)| r.iter().map(str::to_string).collect())
                .collect(),
            n_rows: t.rows.len(),
            table: Arc::new(t),
        })
    }

    /// Whether every value of the column in the preview is a number (as the file writes them).
    pub fn is_numeric(&self, column: &str) -> bool {
        let Some(c) = self.headers.iter().position(|h| h == column) else {
            return false;
        };
        self.rows
            .iter()
            .all(|r| r.get(c).is_some_and(|v| self.table.number(v).is_some()))
    }

    /// Distinct values of a column over the whole file (at most 50, sorted).
    pub fn distinct(&self, column: &str) -> Vec<String> {
        let Some(c) = self.headers.iter().position(|h| h == column) else {
            return Vec::new();
        };
        let mut v: Vec<String> = self
            .table
            .rows
            .iter()
            .map(|(_, r)| field(r, c).to_string())
            .collect();
        v.sort();
        v.dedup();
        v.truncate(50);
        v
    }

    /// Draws the preview; `role` names a column's part in the plan (shown under its name).
    pub fn show(&self, ui: &mut egui::Ui, id: &str, role: impl Fn(&str) -> Option<String>) {
        egui::ScrollArea::horizontal()
            .id_salt(id)
            .max_height(320.0)
            .show(ui, |ui| {
                egui::Grid::new(id).striped(true).show(ui, |ui| {
                    for h in &self.headers {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for h in &self.headers {
                        match role(h) {
                            Some(r) => ui.colored_label(egui::Color32::from_rgb(0, 114, 178), r),
                            None => ui.weak("-"),
                        };
                    }
                    ui.end_row();
                    for row in &self.rows {
                        for v in row {
                            ui.label(v);
                        }
                        ui.end_row();
                    }
                });
            });
    }
}

/// A label and a combo box over column names (two grid cells; the label names the combo box
/// for screen readers); returns true when the choice changed.
pub fn column_combo(
    ui: &mut egui::Ui,
    label: &str,
    id: &str,
    value: &mut String,
    columns: &[String],
    none: &str,
) -> bool {
    let before = value.clone();
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id)
        .selected_text(if value.is_empty() {
            none.to_string()
        } else {
            value.clone()
        })
        .show_ui(ui, |ui| {
            for c in columns {
                ui.selectable_value(value, c.clone(), c);
            }
        })
        .response
        .labelled_by(l.id);
    *value != before
}

/// A path row: label, text field, "Browse…" and an action button. Returns true when the user
/// asks for the path to be used (Enter in the field, the action button, or a dialog choice,
/// which may come frames later from the in-app dialog).
#[allow(clippy::too_many_arguments)]
pub fn path_row(
    ui: &mut egui::Ui,
    lang: Lang,
    label: &str,
    text: &mut String,
    hint: &str,
    picker: &mut Picker,
    pick: Pick,
    action: &str,
) -> bool {
    let mut use_it = false;
    // By label, not by the Ui: a choice may come frames later, after the layout moved.
    let id = egui::Id::unique(("path-row", label));
    if let Some(p) = picker.take(id) {
        *text = p.display().to_string();
        use_it = true;
    }
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let r = ui.add(
            egui::TextEdit::singleline(text)
                .desired_width(520.0)
                .hint_text(hint),
        );
        let r = r.labelled_by(l.id);
        if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            use_it = true;
        }
        if ui.button(t::BROWSE.get(lang)).clicked() {
            picker.open(lang, id, pick, text);
            if let Some(p) = picker.take(id) {
                *text = p.display().to_string();
                use_it = true;
            }
        }
        if ui.button(action).clicked() {
            use_it = true;
        }
    });
    use_it
}

/// A striped table with a "Copy" button that puts it on the clipboard as tab-separated text,
/// which spreadsheets paste into cells.
pub fn table<const N: usize>(
    ui: &mut egui::Ui,
    id: &str,
    header: [&str; N],
    rows: &[[String; N]],
    lang: Lang,
) {
    egui::Grid::new(id)
        .num_columns(N)
        .striped(true)
        .show(ui, |ui| {
            for h in header {
                ui.strong(h);
            }
            ui.end_row();
            for r in rows {
                for c in r {
                    ui.label(c);
                }
                ui.end_row();
            }
        });
    if ui.small_button(t::COPY_TABLE.get(lang)).clicked() {
        let mut text = header.join("\t");
        for r in rows {
            text.push('\n');
            text.push_str(&r.join("\t"));
        }
        ui.ctx().copy_text(text);
    }
}

/// Window centre and width sliders and "Reset window" (to `default`), as every image viewer
/// has them; the caller lays them out (a row, or a narrow column).
pub fn window_sliders(
    ui: &mut egui::Ui,
    lang: Lang,
    (center, width): (&mut f64, &mut f64),
    centers: std::ops::RangeInclusive<f64>,
    widest: f64,
    default: (f64, f64),
) {
    ui.add(
        egui::Slider::new(center, centers)
            .fixed_decimals(0)
            .text(t::WINDOW_CENTER.get(lang)),
    );
    ui.add(
        egui::Slider::new(width, 1.0..=widest)
            .fixed_decimals(0)
            .logarithmic(true)
            .text(t::WINDOW_WIDTH.get(lang)),
    );
    if ui.button(t::WINDOW_RESET.get(lang)).clicked() {
        (*center, *width) = default;
    }
}

/// [`window_sliders`] in a row for an image whose values span `range`: centres a span beyond
/// either end, widths up to twice the span.
pub fn window_row(
    ui: &mut egui::Ui,
    lang: Lang,
    window: (&mut f64, &mut f64),
    range: (f32, f32),
    default: (f64, f64),
) {
    let (lo, hi) = (f64::from(range.0), f64::from(range.1));
    let span = (hi - lo).max(1.0);
    ui.horizontal(|ui| {
        window_sliders(
            ui,
            lang,
            window,
            (lo - span)..=(hi + span),
            span * 2.0,
            default,
        );
    });
}
