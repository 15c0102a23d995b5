//! Step 1: where the scores come from. An ONNX model is inspected (tensors, hash, metadata) on
//! a background thread before the plan names its input and output; a vendor's score CSV is
//! previewed so the id and score columns are chosen from what the file holds.

use eframe::egui;
use provestein::plan::{ModelSpec, PredictionsSpec};

use crate::gui::i18n::{Numbers, t, tr};
use crate::gui::picker::Pick;
use crate::gui::state::App;
use crate::gui::state::model::Source;
use crate::gui::task::Task;
use crate::gui::widgets::{TableView, column_combo, path_row};

impl App {
    pub fn model_done(&self) -> bool {
        // A detection plan may take the product's marks from a file instead of a model.
        if let (Some(m), None) = (&self.draft.marks, &self.draft.model) {
            return self.draft.resolve(&m.path).exists();
        }
        let findings = !self.draft.finding.is_empty();
        match (&self.draft.model, &self.draft.predictions) {
            (Some(m), _) => {
                !m.input.is_empty() && !m.output.is_empty() && self.draft.resolve(&m.path).is_file()
            }
            // A multi-finding plan's score columns are its findings' `output`s.
            (_, Some(p)) => {
                !p.id.is_empty()
                    && (findings || !p.score.is_empty())
                    && self.draft.resolve(&p.path).is_file()
            }
            _ => false,
        }
    }

    pub fn set_model_path(&mut self, text: String) {
        self.model.source = Source::Onnx;
        self.model.path = text;
        self.model.want_inspect = true;
        let path = App::chosen(&self.model.path);
        let spec = self.draft.model.take().unwrap_or(ModelSpec {
            path: path.clone(),
            input: String::new(),
            output: String::new(),
            positive_index: 1,
            batch: None,
            timeout_seconds: None,
            manifest: None,
        });
        self.draft.model = Some(ModelSpec { path, ..spec });
        self.draft.predictions = None;
    }

    pub fn set_vendor_path(&mut self, text: String) {
        self.model.source = Source::Vendor;
        self.model.vendor_path = text;
        let path = App::chosen(&self.model.vendor_path);
        self.model.vendor = Some(TableView::read(&path, "vendor scores"));
        let spec = self.draft.predictions.take().unwrap_or(PredictionsSpec {
            kind: Default::default(),
            path: path.clone(),
            id: String::new(),
            score: String::new(),
        });
        self.draft.predictions = Some(PredictionsSpec { path, ..spec });
        self.draft.model = None;
    }

    pub fn model_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        if std::mem::take(&mut self.model.want_inspect) && !self.model.path.trim().is_empty() {
            let path = App::chosen(&self.model.path);
            self.model.info = None;
            self.model.inspecting = Some(Task::spawn(ui.ctx(), move || {
                let rt = provestein::model::runtime::load(None).map_err(|e| e.to_string())?;
                provestein::model::inspect::inspect(rt, &path).map_err(|e| e.to_string())
            }));
        }
        ui.heading(t::MODEL_HEADING.get(lang));
        ui.label(t::MODEL_INTRO.get(lang));
        ui.add_space(6.0);
        egui::Grid::new("study").num_columns(2).show(ui, |ui| {
            let l = ui.label(t::STUDY_NAME.get(lang));
            ui.add(
                egui::TextEdit::singleline(&mut self.draft.study.name)
                    .desired_width(520.0)
                    .hint_text(t::STUDY_NAME_HINT.get(lang)),
            )
            .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(t::INTENDED_USE.get(lang));
            ui.add(
                egui::TextEdit::multiline(&mut self.draft.study.intended_use)
                    .desired_width(520.0)
                    .desired_rows(3)
                    .hint_text(t::INTENDED_USE_HINT.get(lang)),
            )
            .labelled_by(l.id);
            ui.end_row();
        });
        ui.add_space(6.0);
        if let (Some(m), None) = (&self.draft.marks, &self.draft.model) {
            // The marks are read from the plan's [marks] file; the plan file is where they change.
            ui.separator();
            ui.label(match m.kind {
                provestein::plan::MarksKind::Sr => {
                    tr!(lang, "marks-source-sr", path = m.path.display().to_string())
                }
                _ => tr!(
                    lang,
                    "marks-source",
                    path = m.path.display().to_string(),
                    unit = m.unit.clone(),
                    score = m.score.clone()
                ),
            });
            ui.weak(t::MARKS_EDIT_IN_PLAN.get(lang));
            return;
        }
        ui.horizontal(|ui| {
            let before = self.model.source;
            ui.radio_value(
                &mut self.model.source,
                Source::Onnx,
                t::SOURCE_ONNX.get(lang),
            );
            ui.radio_value(
                &mut self.model.source,
                Source::Vendor,
                t::SOURCE_VENDOR.get(lang),
            );
            if before != self.model.source {
                match self.model.source {
                    Source::Onnx => self.set_model_path(self.model.path.clone()),
                    Source::Vendor => self.set_vendor_path(self.model.vendor_path.clone()),
                }
            }
        });
        ui.separator();
        match self.model.source {
            Source::Onnx => self.onnx_panel(ui),
            Source::Vendor => self.vendor_panel(ui),
        }
    }

    fn onnx_panel(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let mut path = self.model.path.clone();
        if path_row(
            ui,
            lang,
            t::MODEL_FILE.get(lang),
            &mut path,
            "models/bc_logreg.onnx",
            &mut self.picker,
            Pick::File("ONNX", &["onnx"]),
            t::INSPECT.get(lang),
        ) {
            self.set_model_path(path);
        } else {
            self.model.path = path;
        }
        // The vendor's validation package: checked (fidelity, signature) before the run.
        let mut manifest = self.model.manifest.clone();
        let use_it = path_row(
            ui,
            lang,
            t::MANIFEST_FILE.get(lang),
            &mut manifest,
            t::MANIFEST_HINT.get(lang),
            &mut self.picker,
            Pick::File("TOML", &["toml"]),
            t::MANIFEST_USE.get(lang),
        );
        self.model.manifest = manifest;
        if use_it && let Some(m) = self.draft.model.as_mut() {
            let text = self.model.manifest.trim();
            m.manifest = (!text.is_empty()).then(|| App::chosen(text));
        }
        if self.model.is_inspecting() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t::INSPECTING.get(lang));
            });
            return;
        }
        let info = match &self.model.info {
            None => {
                ui.label(t::MODEL_NONE.get(lang));
                return;
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            Some(Ok(info)) => info.clone(),
        };
        egui::Grid::new("model-meta")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                ui.label("SHA-256");
                ui.monospace(&info.sha256);
                ui.end_row();
                ui.label(t::FILE_SIZE.get(lang));
                ui.label(if info.bytes >= 1_000_000 {
                    format!("{} MB", Numbers(lang).num(info.bytes as f64 / 1e6, 1))
                } else {
                    format!("{} kB", Numbers(lang).num(info.bytes as f64 / 1e3, 1))
                });
                ui.end_row();
                for (k, v) in [
                    (t::PRODUCER.get(lang), info.producer.clone()),
                    (t::GRAPH.get(lang), info.graph_name.clone()),
                    (t::DESCRIPTION.get(lang), info.description.clone()),
                    (t::DOMAIN.get(lang), info.domain.clone()),
                    (
                        t::MODEL_VERSION.get(lang),
                        info.version.map(|v| v.to_string()),
                    ),
                ] {
                    if let Some(v) = v.filter(|v| !v.is_empty()) {
                        ui.label(k);
                        ui.add(egui::Label::new(v).wrap());
                        ui.end_row();
                    }
                }
                for (k, v) in &info.custom {
                    ui.label(k);
                    ui.label(v);
                    ui.end_row();
                }
            });
        ui.add_space(6.0);
        ui.strong(t::TENSORS.get(lang));
        egui::Grid::new("tensors")
            .num_columns(4)
            .striped(true)
            .show(ui, |ui| {
                ui.strong(t::ROLE.get(lang));
                ui.strong(t::NAME.get(lang));
                ui.strong(t::SHAPE.get(lang));
                ui.strong(t::TYPE.get(lang));
                ui.end_row();
                for (role, list) in [
                    (t::INPUT.get(lang), &info.inputs),
                    (t::OUTPUT.get(lang), &info.outputs),
                ] {
                    for ti in list {
                        ui.label(role);
                        ui.monospace(&ti.name);
                        ui.monospace(ti.shape_text());
                        ui.label(&ti.element_type);
                        ui.end_row();
                    }
                }
            });
        let binary = self.draft.study.task.is_binary();
        let Some(spec) = self.draft.model.as_mut() else {
            return;
        };
        let inputs: Vec<String> = info.inputs.iter().map(|x| x.name.clone()).collect();
        let outputs: Vec<String> = info.outputs.iter().map(|x| x.name.clone()).collect();
        if !inputs.contains(&spec.input) {
            spec.input = inputs.first().cloned().unwrap_or_default();
        }
        if !outputs.contains(&spec.output) {
            spec.output = outputs
                .iter()
                .find(|o| o.contains("prob"))
                .or(outputs.last())
                .cloned()
                .unwrap_or_default();
        }
        ui.add_space(6.0);
        egui::Grid::new("model-map").num_columns(2).show(ui, |ui| {
            column_combo(
                ui,
                t::MODEL_INPUT.get(lang),
                "model-input",
                &mut spec.input,
                &inputs,
                "-",
            );
            ui.end_row();
            column_combo(
                ui,
                t::MODEL_OUTPUT.get(lang),
                "model-output",
                &mut spec.output,
                &outputs,
                "-",
            );
            ui.end_row();
            // A segmentation model's channels are the plan's `[[structure]] channel`s.
            if binary {
                let l = ui.label(t::POSITIVE_INDEX.get(lang));
                ui.add(egui::DragValue::new(&mut spec.positive_index).range(0..=64))
                    .labelled_by(l.id)
                    .on_hover_text(t::POSITIVE_INDEX_HELP.get(lang));
                ui.end_row();
            }
        });
    }

    fn vendor_panel(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let mut path = self.model.vendor_path.clone();
        if path_row(
            ui,
            lang,
            t::VENDOR_FILE.get(lang),
            &mut path,
            "vendor_scores.csv",
            &mut self.picker,
            Pick::File("CSV", &["csv", "tsv", "txt"]),
            t::OPEN.get(lang),
        ) {
            self.set_vendor_path(path);
        } else {
            self.model.vendor_path = path;
        }
        let view = match &self.model.vendor {
            None => {
                ui.label(t::VENDOR_NONE.get(lang));
                return;
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            Some(Ok(v)) => v.clone(),
        };
        // A multi-finding plan's score columns are its findings' outputs, not one score.
        let findings: Vec<(String, String)> = self
            .draft
            .finding
            .iter()
            .map(|f| {
                let output = match &f.output {
                    provestein::plan::findings::Output::Column(c) => c.clone(),
                    provestein::plan::findings::Output::Index(i) => format!("#{i}"),
                };
                (f.name.clone(), output)
            })
            .collect();
        let Some(spec) = self.draft.predictions.as_mut() else {
            return;
        };
        egui::Grid::new("vendor-map").num_columns(2).show(ui, |ui| {
            column_combo(
                ui,
                t::ID_COLUMN.get(lang),
                "vendor-id",
                &mut spec.id,
                &view.headers,
                t::CHOOSE.get(lang),
            );
            ui.end_row();
            if findings.is_empty() {
                column_combo(
                    ui,
                    t::SCORE_COLUMN.get(lang),
                    "vendor-score",
                    &mut spec.score,
                    &view.headers,
                    t::CHOOSE.get(lang),
                );
                ui.end_row();
            }
            for (name, output) in &findings {
                ui.label(tr!(lang, "finding-score-column", finding = name.clone()));
                ui.monospace(output);
                ui.end_row();
            }
        });
        ui.label(tr!(lang, "rows-in-file", rows = view.n_rows));
        let (id, score) = (spec.id.clone(), spec.score.clone());
        view.show(ui, "vendor-preview", |h| {
            if h == id {
                Some(t::ROLE_ID.get(lang).into())
            } else if h == score || findings.iter().any(|(_, o)| o == h) {
                Some(t::ROLE_SCORE.get(lang).into())
            } else {
                None
            }
        });
    }
}
