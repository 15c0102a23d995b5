//! One module per workflow step; each adds its `…_step` drawing method to `App`.

pub mod cases;
pub mod cohort;
pub mod history;
pub mod importance;
pub mod model;
pub mod occlusion;
pub mod plan;
pub mod report;
pub mod results;
pub mod run;
pub mod vendor;

use std::sync::Arc;

use eframe::egui;
use provestein::cohort::table::{Table, field};

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
