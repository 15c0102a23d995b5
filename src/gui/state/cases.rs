//! What the Cases step holds between frames: which outcomes and group are shown, the case
//! opened and its viewer. Below the step that draws it and the `App` that holds it.

use std::collections::HashMap;

use eframe::egui;
use provestein::cohort::table::Table;
use provestein::cohort::view::DisplayFrame;
use provestein::evaluation::CaseResult;

use crate::gui::step::occlusion::OcclusionView;
use crate::gui::task::Task;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Tp,
    Fp,
    Fn,
    Tn,
}

impl Outcome {
    pub fn of(c: &CaseResult, threshold: f64) -> Outcome {
        match (c.label, c.score >= threshold) {
            (true, true) => Outcome::Tp,
            (false, true) => Outcome::Fp,
            (true, false) => Outcome::Fn,
            (false, false) => Outcome::Tn,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Outcome::Tp => "TP",
            Outcome::Fp => "FP",
            Outcome::Fn => "FN",
            Outcome::Tn => "TN",
        }
    }
}

pub struct Viewer {
    pub file: usize,
    pub frame: Option<Result<DisplayFrame, String>>,
    pub(crate) loading: Option<Task<Result<DisplayFrame, String>>>,
    pub center: f64,
    pub width: f64,
    pub(crate) texture: Option<egui::TextureHandle>,
    /// (center, width) the texture was made with.
    pub(crate) drawn: Option<(f64, f64)>,
    /// The occlusion map of the image shown (ONNX image plans).
    pub occlusion: OcclusionView,
}

pub struct CasesState {
    pub show: [bool; 4],
    /// (attribute index, value) to keep, or all.
    pub group: Option<(usize, String)>,
    pub show_ids: bool,
    /// Index into `Evaluation::cases` of the case being looked at.
    pub opened: Option<usize>,
    /// The cohort CSV, by case id (CSV cohorts; read when the first case opens).
    pub(crate) rows: Option<Result<CaseRows, String>>,
    pub viewer: Option<Viewer>,
}

impl Default for CasesState {
    fn default() -> Self {
        CasesState {
            // Errors first: what a reviewer looks at.
            show: [false, true, true, false],
            group: None,
            show_ids: false,
            opened: None,
            rows: None,
            viewer: None,
        }
    }
}

/// The cohort CSV, and each case id's row in it.
pub(crate) type CaseRows = (Table, HashMap<String, usize>);
