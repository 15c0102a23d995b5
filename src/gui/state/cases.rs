//! What the Cases step holds between frames: which outcomes and group are shown, the case
//! opened and its viewer. Below the step that draws it and the `App` that holds it.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use eframe::egui;
use provestein::adjudication::{AdjudicatedAnalysis, Adjudication};
use provestein::cohort::table::Table;
use provestein::cohort::view::DisplayFrame;
use provestein::detection::view::DetectionView;
use provestein::evaluation::CaseResult;
use provestein::run::Prepared;
use provestein::segmentation::view::CaseView;

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

/// The binary case viewer: every frame of every file of a case, one image at a time, windowed,
/// zoomed and panned. The image shown stays while the next one loads on a worker.
pub struct Viewer {
    /// The file shown (index into the case's files) and its frame (0-based).
    pub file: usize,
    pub frame_no: u32,
    /// Frames in each file: 1 until the file has been opened.
    pub frames: Vec<u32>,
    /// The header's window has been applied: the case's later images keep the reader's.
    pub(crate) windowed: bool,
    pub frame: Option<Result<DisplayFrame, String>>,
    pub(crate) loading: Option<Task<Result<DisplayFrame, String>>>,
    pub center: f64,
    pub width: f64,
    pub(crate) texture: Option<egui::TextureHandle>,
    /// (center, width) the texture was made with.
    pub(crate) drawn: Option<(f64, f64)>,
    /// Magnification and the part of the image shown.
    pub zoom: crate::gui::step::zoom::Zoom,
    /// Wheel movement not yet a whole notch.
    pub wheel: f32,
    /// The occlusion map of the image shown (ONNX image plans).
    pub occlusion: OcclusionView,
    /// What the model saw of the file shown, beside it.
    pub input: crate::gui::step::model_input::ModelInput,
}

impl Viewer {
    /// A viewer of a case's `files`, nothing loaded yet.
    pub fn new(files: usize, occlusion: OcclusionView) -> Viewer {
        Viewer {
            file: 0,
            frame_no: 0,
            frames: vec![1; files],
            windowed: false,
            frame: None,
            loading: None,
            center: 0.0,
            width: 1.0,
            texture: None,
            drawn: None,
            zoom: Default::default(),
            wheel: 0.0,
            occlusion,
            input: Default::default(),
        }
    }

    /// Images of the case as far as known: every frame of the files opened, one for each other.
    pub fn count(&self) -> usize {
        self.frames.iter().map(|&n| n as usize).sum()
    }

    /// The position of the image shown among [`Self::count`].
    pub fn index(&self) -> usize {
        self.frames[..self.file]
            .iter()
            .map(|&n| n as usize)
            .sum::<usize>()
            + self.frame_no as usize
    }

    /// (file, frame) of the image at position `k` (clamped to the last).
    pub fn at(&self, k: usize) -> (usize, u32) {
        let mut k = k;
        for (f, &n) in self.frames.iter().enumerate() {
            if k < n as usize {
                return (f, k as u32);
            }
            k -= n as usize;
        }
        let last = self.frames.len().saturating_sub(1);
        (last, self.frames.get(last).map_or(0, |n| n - 1))
    }
}

pub struct CasesState {
    pub show: [bool; 4],
    /// (attribute index, value) to keep, or all.
    pub group: Option<(usize, String)>,
    pub show_ids: bool,
    /// Index into `Evaluation::cases` of the case being looked at.
    pub opened: Option<usize>,
    /// The cohort CSV, by case id (CSV cohorts; read on a worker when the first case opens).
    pub(crate) rows: Option<Result<CaseRows, String>>,
    pub(crate) rows_loading: Option<Task<Result<CaseRows, String>>>,
    /// The list as last filtered and sorted.
    pub(crate) list: CaseList,
    pub viewer: Option<Viewer>,
    /// A segmentation run's cases and their viewer.
    pub seg: SegCases,
    /// A DICOM detection run's units and their viewer.
    pub det: DetCases,
    /// The reviewer's judgements on the run's errors.
    pub adjudication: AdjudicationState,
}

/// The Cases step's adjudication: the judgements that stand for this run (read from the
/// history once), the comment being written, and the worker recording one (which also
/// recomputes the analysis the report shows).
#[derive(Default)]
pub struct AdjudicationState {
    pub comment: String,
    /// The judgement that stands for each adjudicated case, by case id.
    pub by_case: HashMap<String, Adjudication>,
    pub(crate) loading: Option<Task<Result<Vec<Adjudication>, String>>>,
    pub(crate) loaded: bool,
    pub(crate) recording: Option<Task<Result<Recorded, String>>>,
    pub error: Option<String>,
}

/// What recording a judgement gives back: every judgement that stands, and the analysis with
/// them (None when it cannot be computed, `adjudication::analyse` says when).
pub(crate) type Recorded = (Vec<Adjudication>, Option<AdjudicatedAnalysis>);

impl Default for CasesState {
    fn default() -> Self {
        CasesState {
            // Errors first: what a reviewer looks at.
            show: [false, true, true, false],
            group: None,
            show_ids: false,
            opened: None,
            rows: None,
            rows_loading: None,
            list: CaseList::default(),
            viewer: None,
            seg: SegCases::default(),
            det: DetCases::default(),
            adjudication: AdjudicationState::default(),
        }
    }
}

/// The cohort CSV, and each case id's row in it.
pub(crate) type CaseRows = (Table, HashMap<String, usize>);

/// The Cases step's list as last made: the cases the filters keep, most confident first, and
/// each subgroup attribute's values. Made again only when the cases shown or the filters
/// change: sorting 100 000 cases every frame made each frame of the step slow.
#[derive(Default)]
pub(crate) struct CaseList {
    key: Option<ListKey>,
    /// Indices into the cases, in the order listed.
    pub order: Vec<usize>,
    /// Per subgroup attribute, its values in order of first appearance.
    pub values: Vec<Vec<String>>,
}

/// What a list was made from: the cases (by address and count: a finding's or the run's),
/// the threshold (bits), the outcomes shown and the group kept.
#[derive(Clone, PartialEq)]
struct ListKey {
    cases: (usize, usize),
    threshold: u64,
    show: [bool; 4],
    group: Option<(usize, String)>,
}

impl CaseList {
    /// The list of `cases` at `threshold` under the filters, made again when any changed.
    pub fn refresh(
        &mut self,
        cases: &[CaseResult],
        attributes: usize,
        threshold: f64,
        show: [bool; 4],
        group: &Option<(usize, String)>,
    ) {
        let key = ListKey {
            cases: (cases.as_ptr() as usize, cases.len()),
            threshold: threshold.to_bits(),
            show,
            group: group.clone(),
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        if self.key.as_ref().map(|k| k.cases) != Some(key.cases) {
            self.values = vec![Vec::new(); attributes];
            let mut seen = std::collections::HashSet::new();
            for c in cases {
                for (a, v) in c.subgroups.iter().enumerate().take(attributes) {
                    if seen.insert((a, v.as_str())) {
                        self.values[a].push(v.to_string());
                    }
                }
            }
        }
        const OUTCOMES: [Outcome; 4] = [Outcome::Tp, Outcome::Fp, Outcome::Fn, Outcome::Tn];
        let mut order: Vec<usize> = (0..cases.len())
            .filter(|&i| {
                let c = &cases[i];
                let o = Outcome::of(c, threshold);
                show[OUTCOMES.iter().position(|x| *x == o).unwrap_or(0)]
                    && group
                        .as_ref()
                        .is_none_or(|(a, v)| c.subgroups.get(*a).is_some_and(|s| s == v))
            })
            .collect();
        // Most confident first; a stable sort keeps cohort order among equals.
        order.sort_by(|&x, &y| {
            let kx = (cases[x].score - threshold).abs();
            let ky = (cases[y].score - threshold).abs();
            ky.total_cmp(&kx)
        });
        self.order = order;
        self.key = Some(key);
    }
}

/// A segmentation run's Cases step: the structure listed, the case opened, and the viewer's
/// slice, window, opacity and layers. The run's plan is prepared once (`run::prepare`: the
/// cohort indexed as the run indexed it) and each case loads (`view::case`), both on a worker.
pub struct SegCases {
    /// The structure listed and drawn (index into the run's structures, in name order).
    pub structure: usize,
    /// The case id (a pseudonym) being looked at.
    pub opened: Option<String>,
    /// The run's plan prepared (its units, whose ids are the evaluation's case ids), or why not.
    pub prepared: Option<Result<Arc<Prepared>, String>>,
    pub(crate) preparing: Option<Task<Result<Prepared, String>>>,
    pub(crate) loading: Option<Loading>,
    pub view: Option<Result<CaseView, String>>,
    pub slice: usize,
    /// Window centre and width, in the image's values (HU for CT).
    pub center: f64,
    pub width: f64,
    /// Alpha of the filled masks, 0 (contours only) to 1.
    pub opacity: f32,
    pub show_truth: bool,
    pub show_prediction: bool,
    /// Wheel movement not yet a whole notch (touchpads scroll in points).
    pub wheel: f32,
    /// The image texture and the (slice, centre, width) it was made for.
    pub(crate) image: Option<(egui::TextureHandle, (usize, f64, f64))>,
    /// The filled masks' texture and the (slice, structure, layers, opacity) it was made for.
    pub(crate) fill: Option<(egui::TextureHandle, FillKey)>,
    /// Contour segments (pixel-edge runs, in pixel units) of the truth and the prediction, for
    /// (slice, structure).
    pub(crate) contours: Option<((usize, usize), Contours)>,
}

/// A case loading on a worker, and the flag that cancels it when another case is opened.
pub(crate) type Loading = (Task<Result<CaseView, String>>, Arc<AtomicBool>);

pub(crate) type FillKey = (usize, usize, bool, bool, u8);

/// Truth and prediction outlines as segments between pixel corners.
pub(crate) type Contours = [Vec<[egui::Pos2; 2]>; 2];

impl Default for SegCases {
    fn default() -> Self {
        SegCases {
            structure: 0,
            opened: None,
            prepared: None,
            preparing: None,
            loading: None,
            view: None,
            slice: 0,
            center: 40.0,
            width: 400.0,
            opacity: 0.3,
            show_truth: true,
            show_prediction: true,
            wheel: 0.0,
            image: None,
            fill: None,
            contours: None,
        }
    }
}

/// What a DICOM detection run's list and viewer have been given by their workers: the run's
/// plan prepared with the marks the viewer shows and the case list (misses, then false marks,
/// first), and the opened unit's images with its lesions and marks.
pub struct DetPrepared {
    pub prepared: Arc<Prepared>,
    pub marks: Arc<Vec<provestein::metrics::detection::Mark>>,
    pub units: Vec<provestein::detection::view::UnitSummary>,
}

/// A unit loading on a worker, and the flag that cancels it when another unit is opened.
pub(crate) type DetLoading = (Task<Result<DetectionView, String>>, Arc<AtomicBool>);

/// A DICOM detection run's Cases step: the unit opened, the image shown, the window.
pub struct DetCases {
    pub opened: Option<String>,
    pub prepared: Option<Result<Arc<DetPrepared>, String>>,
    pub(crate) preparing: Option<Task<Result<DetPrepared, String>>>,
    pub(crate) loading: Option<DetLoading>,
    pub view: Option<Result<DetectionView, String>>,
    /// Index into the view's images.
    pub image: usize,
    pub center: f64,
    pub width: f64,
    pub show_truth: bool,
    pub show_marks: bool,
    pub wheel: f32,
    /// The image texture and the (image, centre, width) it was made for.
    pub(crate) texture: Option<(egui::TextureHandle, (usize, f64, f64))>,
}

impl Default for DetCases {
    fn default() -> Self {
        DetCases {
            opened: None,
            prepared: None,
            preparing: None,
            loading: None,
            view: None,
            image: 0,
            center: 40.0,
            width: 400.0,
            show_truth: true,
            show_marks: true,
            wheel: 0.0,
            texture: None,
        }
    }
}
