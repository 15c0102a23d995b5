//! What the Model step holds between frames: the score source chosen and the model's
//! inspection. Below the step that draws it and the `App` that holds it.

use provestein::model::inspect::ModelInfo;

use crate::gui::task::Task;
use crate::gui::widgets::TableView;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    #[default]
    Onnx,
    Vendor,
}

#[derive(Default)]
pub struct ModelState {
    pub source: Source,
    pub path: String,
    pub info: Option<Result<ModelInfo, String>>,
    pub(crate) inspecting: Option<Task<Result<ModelInfo, String>>>,
    /// Set when the path changed and the model should be inspected on the next frame.
    pub want_inspect: bool,
    pub vendor_path: String,
    pub vendor: Option<Result<TableView, String>>,
    /// The vendor's manifest, as typed or chosen (empty: none).
    pub manifest: String,
}

impl ModelState {
    /// Mirrors an opened plan's score source.
    pub fn sync_from(&mut self, plan: &provestein::Plan) {
        *self = ModelState::default();
        if let Some(m) = &plan.model {
            self.source = Source::Onnx;
            self.path = plan.resolve(&m.path).display().to_string();
            self.manifest = m
                .manifest
                .as_ref()
                .map(|p| plan.resolve(p).display().to_string())
                .unwrap_or_default();
            self.want_inspect = true;
        } else if let Some(p) = &plan.predictions {
            self.source = Source::Vendor;
            self.vendor_path = plan.resolve(&p.path).display().to_string();
            self.vendor = Some(TableView::read(&plan.resolve(&p.path), "vendor scores"));
        }
    }

    pub fn poll(&mut self) {
        if let Some(r) = self.inspecting.as_ref().and_then(Task::poll) {
            self.info = Some(r);
            self.inspecting = None;
        }
    }

    pub fn is_inspecting(&self) -> bool {
        self.inspecting.is_some()
    }
}
