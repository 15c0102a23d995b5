//! What the Cohort step holds between frames: the cohort file or folder, its preview or
//! survey, the labels. Below the step that draws it and the `App` that holds it.

use provestein::cohort::survey::Survey;
use provestein::plan::CohortKind;

use crate::gui::task::Task;
use crate::gui::widgets::TableView;

#[derive(Default)]
pub struct CohortState {
    pub csv_path: String,
    pub table: Option<Result<TableView, String>>,
    /// Distinct values of the label column (the whole file), for the positive-value choice.
    pub label_values: Vec<String>,
    pub folder: String,
    pub survey: Option<Result<Survey, String>>,
    pub(crate) scanning: Option<Task<Result<Survey, String>>>,
    pub want_scan: bool,
    pub labels_path: String,
    pub labels: Option<Result<TableView, String>>,
    /// A DICOM folder's first readable image as the model will see it.
    pub thumbnail: crate::gui::step::thumbnail::Thumbnail,
}

impl CohortState {
    /// Mirrors an opened plan's cohort.
    pub fn sync_from(&mut self, plan: &provestein::Plan) {
        *self = CohortState::default();
        let c = &plan.cohort;
        let path = plan.resolve(&c.path);
        match c.kind {
            CohortKind::Csv => {
                self.csv_path = path.display().to_string();
                self.table = Some(TableView::read(&path, "cohort"));
                self.update_label_values(CohortKind::Csv, &c.label);
            }
            CohortKind::Dicom => {
                self.folder = path.display().to_string();
                self.want_scan = true;
                if let Some(l) = &c.labels {
                    let l = plan.resolve(l);
                    self.labels_path = l.display().to_string();
                    self.labels = Some(TableView::read(&l, "labels"));
                    self.update_label_values(CohortKind::Dicom, &c.label);
                }
            }
        }
    }

    pub fn poll(&mut self) {
        if let Some(r) = self.scanning.as_ref().and_then(Task::poll) {
            self.survey = Some(r);
            self.scanning = None;
        }
    }

    /// The label column's values, from the table that holds the ground truth.
    pub(crate) fn update_label_values(&mut self, kind: CohortKind, label: &str) {
        let view = match kind {
            CohortKind::Csv => &self.table,
            CohortKind::Dicom => &self.labels,
        };
        self.label_values = match view {
            Some(Ok(v)) => v.distinct(label),
            _ => Vec::new(),
        };
    }

    pub fn is_scanning(&self) -> bool {
        self.scanning.is_some()
    }
}
