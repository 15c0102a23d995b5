//! Step 2: the local cases and their ground truth. A CSV is mapped column by column against a
//! preview of the file; a DICOM folder is surveyed on a background thread (studies, series,
//! modalities, manufacturers, sex and age, and what could not be read, with reasons) before its
//! labels file is joined.

use eframe::egui;
use provestein::cohort::survey::Survey;
use provestein::plan::{Aggregate, CohortKind, JoinKey, Unit};

use crate::gui::i18n::{Numbers, t, tr};
use crate::gui::picker::Pick;
use crate::gui::state::App;
use crate::gui::task::Task;
use crate::gui::widgets::{TableView, column_combo, path_row};

impl App {
    pub fn cohort_done(&self) -> bool {
        let c = &self.draft.cohort;
        let exists = match c.kind {
            CohortKind::Csv => self.draft.resolve(&c.path).is_file(),
            CohortKind::Dicom => {
                self.draft.resolve(&c.path).is_dir()
                    && c.labels
                        .as_ref()
                        .is_some_and(|l| self.draft.resolve(l).is_file())
            }
        };
        // A detection or multi-finding plan's truth is elsewhere ([lesions], [[finding]] label).
        let labelled = !self.needs_cohort_label() || !c.label.is_empty() && !c.positive.is_empty();
        exists
            && labelled
            && (c.kind == CohortKind::Dicom || c.id.as_ref().is_some_and(|i| !i.is_empty()))
    }

    /// Whether the cohort's label column and positive value are the truth (binary plans;
    /// segmentation keeps them as before). A detection plan's truth is its `[lesions]`, a
    /// multi-label plan's each `[[finding]] label`, a multi-class plan's its `[findings]`.
    pub fn needs_cohort_label(&self) -> bool {
        use provestein::plan::Task;
        !matches!(
            self.draft.study.task,
            Task::Detection | Task::Multilabel | Task::Multiclass
        )
    }

    pub fn set_cohort_csv(&mut self, text: String) {
        self.cohort.csv_path = text;
        let path = App::chosen(&self.cohort.csv_path);
        self.cohort.table = Some(TableView::read(&path, "cohort"));
        self.draft.cohort.kind = CohortKind::Csv;
        self.draft.cohort.path = path.clone();
        self.draft.cohort.labels = None;
        self.cohort
            .update_label_values(CohortKind::Csv, &self.draft.cohort.label);
    }

    pub fn set_dicom_folder(&mut self, text: String) {
        self.cohort.folder = text;
        self.cohort.want_scan = true;
        self.draft.cohort.kind = CohortKind::Dicom;
        self.draft.cohort.path = App::chosen(&self.cohort.folder);
        self.draft.cohort.id = None;
        self.draft.cohort.features.clear();
    }

    fn set_labels(&mut self, text: String) {
        self.cohort.labels_path = text;
        let path = App::chosen(&self.cohort.labels_path);
        self.cohort.labels = Some(TableView::read(&path, "labels"));
        self.cohort
            .update_label_values(CohortKind::Dicom, &self.draft.cohort.label);
        self.draft.cohort.labels = Some(path);
    }

    pub fn cohort_step(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        if std::mem::take(&mut self.cohort.want_scan) && !self.cohort.folder.trim().is_empty() {
            let root = App::chosen(&self.cohort.folder);
            self.cohort.survey = None;
            self.cohort.scanning = Some(Task::spawn(ui.ctx(), move || {
                provestein::cohort::survey::survey(&root)
                    .map_err(|e| format!("{}: {e}", root.display()))
            }));
        }
        ui.heading(t::COHORT_HEADING.get(lang));
        ui.label(t::COHORT_INTRO.get(lang));
        ui.horizontal(|ui| {
            let mut kind = self.draft.cohort.kind;
            ui.radio_value(&mut kind, CohortKind::Csv, t::KIND_CSV.get(lang));
            ui.radio_value(&mut kind, CohortKind::Dicom, t::KIND_DICOM.get(lang));
            if kind != self.draft.cohort.kind {
                match kind {
                    CohortKind::Csv => self.set_cohort_csv(self.cohort.csv_path.clone()),
                    CohortKind::Dicom => self.set_dicom_folder(self.cohort.folder.clone()),
                }
            }
        });
        ui.separator();
        match self.draft.cohort.kind {
            CohortKind::Csv => self.csv_panel(ui),
            CohortKind::Dicom => self.dicom_panel(ui),
        }
    }

    fn csv_panel(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let mut path = self.cohort.csv_path.clone();
        if path_row(
            ui,
            lang,
            t::COHORT_FILE.get(lang),
            &mut path,
            "sample-studies/breast-cancer/cohort.csv",
            &mut self.picker,
            Pick::File("CSV", &["csv", "tsv", "txt"]),
            t::OPEN.get(lang),
        ) {
            self.set_cohort_csv(path);
        } else {
            self.cohort.csv_path = path;
        }
        let view = match &self.cohort.table {
            None => {
                ui.label(t::COHORT_NONE.get(lang));
                return;
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            Some(Ok(v)) => v.clone(),
        };
        let cols = &view.headers;
        let needs_features = self.draft.model.is_some();
        let needs_label = self.needs_cohort_label();
        let c = &mut self.draft.cohort;
        let mut id = c.id.clone().unwrap_or_default();
        let mut label_changed = false;
        egui::Grid::new("cohort-map").num_columns(2).show(ui, |ui| {
            column_combo(
                ui,
                t::ID_COLUMN.get(lang),
                "cohort-id",
                &mut id,
                cols,
                t::CHOOSE.get(lang),
            );
            ui.end_row();
            if needs_label {
                label_changed = column_combo(
                    ui,
                    t::LABEL_COLUMN.get(lang),
                    "cohort-label",
                    &mut c.label,
                    cols,
                    t::CHOOSE.get(lang),
                );
                ui.end_row();
                column_combo(
                    ui,
                    t::POSITIVE_VALUE.get(lang),
                    "cohort-positive",
                    &mut c.positive,
                    &self.cohort.label_values,
                    t::CHOOSE.get(lang),
                );
                ui.end_row();
            }
            // The analysis over time: a date per case, kept in memory only.
            let l = ui.label(t::DATE_COLUMN.get(lang));
            let mut date = c.date.clone().unwrap_or_default();
            egui::ComboBox::from_id_salt("cohort-date")
                .selected_text(if date.is_empty() {
                    t::NO_DATE.get(lang).to_string()
                } else {
                    date.clone()
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut date, String::new(), t::NO_DATE.get(lang));
                    for col in cols {
                        ui.selectable_value(&mut date, col.clone(), col);
                    }
                })
                .response
                .labelled_by(l.id);
            c.date = (!date.is_empty()).then_some(date);
            ui.end_row();
        });
        ui.weak(t::ID_COLUMN_HELP.get(lang));
        ui.weak(t::POSITIVE_VALUE_HELP.get(lang));
        c.id = (!id.is_empty()).then_some(id);
        if label_changed {
            self.cohort
                .update_label_values(CohortKind::Csv, &self.draft.cohort.label);
            self.draft.cohort.negative = None;
        }
        let c = &mut self.draft.cohort;
        let taken = |h: &String| Some(h) == c.id.as_ref() || *h == c.label;
        if needs_features {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.strong(t::FEATURES.get(lang));
                ui.label(tr!(lang, "features-help", count = c.features.len()));
                if ui.small_button(t::ALL_OTHER_COLUMNS.get(lang)).clicked() {
                    c.features = cols
                        .iter()
                        .filter(|h| !taken(h) && !c.subgroups.contains(h) && view.is_numeric(h))
                        .cloned()
                        .collect();
                }
                if ui.small_button(t::NONE.get(lang)).clicked() {
                    c.features.clear();
                }
            });
            ui.horizontal_wrapped(|ui| {
                for h in cols.iter().filter(|h| !taken(h)) {
                    let mut on = c.features.contains(h);
                    if ui.checkbox(&mut on, h).changed() {
                        if on {
                            c.features.push(h.clone());
                        } else {
                            c.features.retain(|f| f != h);
                        }
                    }
                }
            });
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.strong(t::SUBGROUPS.get(lang));
            ui.label(t::SUBGROUPS_HELP.get(lang));
        });
        ui.horizontal_wrapped(|ui| {
            for h in cols.iter().filter(|h| !taken(h) && !c.features.contains(h)) {
                let mut on = c.subgroups.contains(h);
                if ui.checkbox(&mut on, h).changed() {
                    if on {
                        c.subgroups.push(h.clone());
                    } else {
                        c.subgroups.retain(|s| s != h);
                    }
                }
            }
        });
        ui.add_space(6.0);
        ui.label(tr!(lang, "rows-in-file", rows = view.n_rows));
        let c = self.draft.cohort.clone();
        view.show(ui, "cohort-preview", |h| {
            if Some(h) == c.id.as_deref() {
                Some(t::ROLE_ID.get(lang).into())
            } else if h == c.label {
                Some(t::ROLE_LABEL.get(lang).into())
            } else if let Some(i) = c.features.iter().position(|f| f == h) {
                Some(format!("{} {}", t::ROLE_FEATURE.get(lang), i + 1))
            } else if c.subgroups.iter().any(|s| s == h) {
                Some(t::ROLE_SUBGROUP.get(lang).into())
            } else {
                None
            }
        });
    }

    fn dicom_panel(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang;
        let mut folder = self.cohort.folder.clone();
        if path_row(
            ui,
            lang,
            t::DICOM_FOLDER.get(lang),
            &mut folder,
            "sample-studies/imaging-demo/images",
            &mut self.picker,
            Pick::Folder,
            t::SCAN.get(lang),
        ) {
            self.set_dicom_folder(folder);
        } else {
            self.cohort.folder = folder;
        }
        if self.cohort.is_scanning() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t::SCANNING.get(lang));
            });
        }
        match &self.cohort.survey {
            Some(Ok(s)) => {
                survey_view(ui, lang, s);
                let pre = self.draft.preprocess.clone().unwrap_or_default();
                self.cohort.thumbnail.update(ui.ctx(), s, &pre);
                ui.add_space(6.0);
                self.cohort.thumbnail.show(ui, lang);
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            None => {}
        }
        ui.separator();
        let mut labels = self.cohort.labels_path.clone();
        if path_row(
            ui,
            lang,
            t::LABELS_FILE.get(lang),
            &mut labels,
            "labels.csv",
            &mut self.picker,
            Pick::File("CSV", &["csv", "tsv", "txt"]),
            t::OPEN.get(lang),
        ) {
            self.set_labels(labels);
        } else {
            self.cohort.labels_path = labels;
        }
        let view = match &self.cohort.labels {
            Some(Ok(v)) => v.clone(),
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
            None => return,
        };
        let needs_label = self.needs_cohort_label();
        let c = &mut self.draft.cohort;
        let mut label_changed = false;
        egui::Grid::new("dicom-map").num_columns(2).show(ui, |ui| {
            let l = ui.label(t::JOIN_KEY.get(lang));
            let mut join = c.join.unwrap_or(JoinKey::Path);
            egui::ComboBox::from_id_salt("join")
                .selected_text(join.name())
                .show_ui(ui, |ui| {
                    for k in [
                        JoinKey::Path,
                        JoinKey::SopInstanceUid,
                        JoinKey::SeriesInstanceUid,
                        JoinKey::StudyInstanceUid,
                        JoinKey::AccessionNumber,
                    ] {
                        ui.selectable_value(&mut join, k, k.name());
                    }
                })
                .response
                .labelled_by(l.id);
            c.join = Some(join);
            ui.end_row();
            let mut jc = c.join_column.clone().unwrap_or_default();
            column_combo(
                ui,
                t::JOIN_COLUMN.get(lang),
                "join-column",
                &mut jc,
                &view.headers,
                t::CHOOSE.get(lang),
            );
            c.join_column = (!jc.is_empty()).then_some(jc);
            ui.end_row();
            if needs_label {
                label_changed = column_combo(
                    ui,
                    t::LABEL_COLUMN.get(lang),
                    "dicom-label",
                    &mut c.label,
                    &view.headers,
                    t::CHOOSE.get(lang),
                );
                ui.end_row();
                column_combo(
                    ui,
                    t::POSITIVE_VALUE.get(lang),
                    "dicom-positive",
                    &mut c.positive,
                    &self.cohort.label_values,
                    t::CHOOSE.get(lang),
                );
                ui.end_row();
            }
            ui.label(t::UNIT.get(lang));
            let mut unit = c.unit.unwrap_or(Unit::Image);
            ui.horizontal(|ui| {
                ui.radio_value(&mut unit, Unit::Image, t::UNIT_IMAGE.get(lang));
                ui.radio_value(&mut unit, Unit::Series, t::UNIT_SERIES.get(lang));
                ui.radio_value(&mut unit, Unit::Study, t::UNIT_STUDY.get(lang));
            });
            c.unit = Some(unit);
            ui.end_row();
            if unit != Unit::Image {
                ui.label(t::AGGREGATE.get(lang));
                let mut agg = c.aggregate.unwrap_or(Aggregate::Max);
                ui.horizontal(|ui| {
                    ui.radio_value(&mut agg, Aggregate::Max, t::AGG_MAX.get(lang));
                    ui.radio_value(&mut agg, Aggregate::Mean, t::AGG_MEAN.get(lang));
                });
                c.aggregate = Some(agg);
                ui.end_row();
            }
        });
        if label_changed {
            self.cohort
                .update_label_values(CohortKind::Dicom, &self.draft.cohort.label);
        }
        let c = &mut self.draft.cohort;
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.strong(t::SUBGROUPS.get(lang));
            ui.label(t::DICOM_SUBGROUPS_HELP.get(lang));
        });
        ui.horizontal_wrapped(|ui| {
            let options: Vec<String> = [
                "PatientSex",
                "Manufacturer",
                "ManufacturerModelName",
                "SoftwareVersions",
                "InstitutionName",
                "BodyPartExamined",
            ]
            .iter()
            .map(|s| s.to_string())
            .chain(c.age_bands.keys().cloned())
            .chain(view.headers.iter().cloned())
            .collect();
            let mut seen = std::collections::BTreeSet::new();
            for h in options {
                if !seen.insert(h.clone()) || h == c.label || Some(&h) == c.join_column.as_ref() {
                    continue;
                }
                let mut on = c.subgroups.contains(&h);
                if ui.checkbox(&mut on, &h).changed() {
                    if on {
                        c.subgroups.push(h.clone());
                    } else {
                        c.subgroups.retain(|s| *s != h);
                    }
                }
            }
        });
        ui.add_space(6.0);
        match &self.draft.preprocess {
            Some(p) => {
                ui.label(t::PREPROCESS_FROM_PLAN.get(lang));
                let text = toml::to_string(p).unwrap_or_default();
                let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
                ui.monospace(lines.join(", ").replace("[window], ", "window: "));
            }
            None if self.draft.model.is_some() => {
                ui.colored_label(ui.visuals().warn_fg_color, t::PREPROCESS_MISSING.get(lang));
            }
            None => {}
        }
        ui.label(tr!(lang, "rows-in-file", rows = view.n_rows));
        let c = self.draft.cohort.clone();
        view.show(ui, "labels-preview", |h| {
            if Some(h) == c.join_column.as_deref() {
                Some(t::ROLE_JOIN.get(lang).into())
            } else if h == c.label {
                Some(t::ROLE_LABEL.get(lang).into())
            } else if c.subgroups.iter().any(|s| s == h) {
                Some(t::ROLE_SUBGROUP.get(lang).into())
            } else {
                None
            }
        });
    }
}

fn survey_view(ui: &mut egui::Ui, lang: crate::gui::i18n::Lang, s: &Survey) {
    let counts = |m: &std::collections::BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    egui::Grid::new("survey")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            ui.label(t::SURVEY_FILES.get(lang));
            ui.label(tr!(
                lang,
                "survey-counts",
                files = s.files,
                images = s.images,
                studies = s.studies,
                series = s.series
            ));
            ui.end_row();
            ui.label(t::MODALITIES.get(lang));
            ui.label(counts(&s.modalities));
            ui.end_row();
            ui.label(t::MANUFACTURERS.get(lang));
            ui.label(counts(&s.manufacturers));
            ui.end_row();
            ui.label(t::SEX.get(lang));
            ui.label(counts(&s.sex));
            ui.end_row();
            ui.label(t::AGE.get(lang));
            ui.label(match s.age_summary {
                Some((lo, med, hi)) => tr!(
                    lang,
                    "age-summary",
                    low = Numbers(lang).plain(lo),
                    high = Numbers(lang).plain(hi),
                    median = Numbers(lang).plain(med),
                    images = s.ages.len()
                ),
                None => t::NO_AGES.get(lang).into(),
            });
            ui.end_row();
            ui.label(t::TRANSFER_SYNTAXES.get(lang));
            ui.label(
                s.transfer_syntaxes
                    .iter()
                    .map(|(k, v)| format!("{} {v}", provestein::cohort::survey::syntax_name(k)))
                    .collect::<Vec<_>>()
                    .join(", "),
            );
            ui.end_row();
            ui.label(t::NOT_USABLE.get(lang));
            if s.rejected.is_empty() {
                ui.label("0");
            } else {
                ui.label(
                    s.rejected_by_reason
                        .iter()
                        .map(|(r, n)| format!("{} {n}", r.describe()))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            ui.end_row();
        });
    if !s.rejected.is_empty() {
        egui::CollapsingHeader::new(tr!(lang, "not-usable-list", files = s.rejected.len()))
            .id_salt("rejected")
            .show(ui, |ui| {
                egui::Grid::new("rejected-grid")
                    .striped(true)
                    .show(ui, |ui| {
                        for r in s.rejected.iter().take(200) {
                            ui.monospace(&r.rel_path);
                            ui.label(r.reason.describe());
                            ui.label(&r.detail);
                            ui.end_row();
                        }
                    });
            });
    }
}
