//! One segmentation case for a person to look at, in the app's viewer: the slices of its
//! series as modality values (Hounsfield units for CT, so the viewer can window them) and, per
//! slice, the truth's and the prediction's mask of each structure. Nothing here is a figure or
//! goes into report.json.
//!
//! What is shown is what the run measured, because it is read by the run's own code: a unit of
//! a prepared run (`run::prepare`, whose index joined the series to its truth and vendor files),
//! its geometry by `series::read`, its masks by `masks::read` and, for a plan with a model, the
//! model's masks by `predict::predict` on the session `prepare` opened. Case ids stay the
//! run's pseudonyms (`Unit::id`); the paths a unit holds stay in memory.

use super::cohort::MaskKind;
use super::{masks, predict, series};
use crate::cohort::view::load_frame;
use crate::model::onnx::IMAGE_BATCH;
use crate::plan::{Plan, PredictionsKind, TruthKind};
use crate::run::source::Model;
use crate::run::{Control, Input, Prepared};

/// Most pixels (all slices together) one case may hold in the viewer: 4 bytes each, so about
/// 400 MB; a larger series is refused before its pixels are decoded.
pub const MAX_VIEW_PIXELS: u64 = 100_000_000;

#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error("the run has no case {0}")]
    NoCase(String),
    #[error("this case is not a segmentation case")]
    NotSegmentation,
    /// The run's own reading left the case out; the reason is the run's.
    #[error("the run leaves this case out: {0}")]
    Excluded(String),
    #[error("slice {slice}: {detail}")]
    Image { slice: usize, detail: String },
    #[error(
        "the case holds {pixels} pixels, above the viewer's limit of {MAX_VIEW_PIXELS}; look at it in a PACS viewer"
    )]
    TooLarge { pixels: u64 },
    /// The model could not be opened or run at all.
    #[error("{0}")]
    Model(String),
    #[error("cancelled")]
    Cancelled,
}

/// One slice: its modality values and each structure's masks (None: empty there).
#[derive(Debug, Clone, PartialEq)]
pub struct SliceView {
    pub width: usize,
    pub height: usize,
    /// Modality values (Rescale Slope/Intercept applied), row-major.
    pub values: Vec<f32>,
    /// Position along the slice normal (mm).
    pub position: f64,
    /// By structure, in the order of [`CaseView::structures`]; row-major, `width × height`.
    pub truth: Vec<Option<Vec<bool>>>,
    pub prediction: Vec<Option<Vec<bool>>>,
    /// The header's window (centre, width), if it has one.
    pub window: Option<(f64, f64)>,
}

/// One case for the viewer: its slices in order of position, the structures, and what could
/// not be shown, in counts.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub structures: Vec<String>,
    pub slices: Vec<SliceView>,
    /// Smallest and largest value over all slices.
    pub range: (f32, f32),
    /// A case that is one slice (`unit = "image"`): that slice's index in `slices`, the one
    /// the run measured.
    pub measured: Option<usize>,
    /// Whether prediction masks were read (false: truth only, see `prediction_note`).
    pub has_prediction: bool,
    /// Why there are no prediction masks, when there are none.
    pub prediction_note: Option<String>,
    /// Counted problems: structures not found, contours off every slice, SEG frames on no image.
    pub notes: Vec<String>,
}

impl CaseView {
    /// The window to start with: the middle slice's header window, else the value range.
    pub fn default_window(&self) -> (f64, f64) {
        if let Some(w) = self
            .slices
            .get(self.slices.len() / 2)
            .and_then(|s| s.window)
        {
            return w;
        }
        let (lo, hi) = (f64::from(self.range.0), f64::from(self.range.1));
        ((lo + hi) / 2.0, (hi - lo).max(1.0))
    }

    /// The slice where truth and prediction of `structure` disagree on the most pixels, then
    /// where the two together cover the most (with no prediction: the truth's largest slice).
    /// The report's worst-case tile is chosen the same way; the viewer opens there.
    pub fn worst_slice(&self, structure: usize) -> usize {
        let count = |s: &SliceView| {
            let t = s.truth.get(structure).and_then(Option::as_deref);
            let p = s.prediction.get(structure).and_then(Option::as_deref);
            let at = |m: Option<&[bool]>, i: usize| m.is_some_and(|m| m[i]);
            let n = s.width * s.height;
            let disagree = (0..n).filter(|&i| at(t, i) != at(p, i)).count();
            let union = (0..n).filter(|&i| at(t, i) || at(p, i)).count();
            (disagree, union)
        };
        self.slices
            .iter()
            .enumerate()
            .max_by_key(|(i, s)| (count(s), std::cmp::Reverse(*i)))
            .map_or(0, |(i, _)| i)
    }

    /// The slice where the truth of `structure` has the most pixels (where to start looking).
    pub fn fullest_slice(&self, structure: usize) -> usize {
        self.slices
            .iter()
            .enumerate()
            .max_by_key(|(i, s)| {
                let n = |m: &Option<Vec<bool>>| {
                    m.as_ref().map_or(0, |m| m.iter().filter(|v| **v).count())
                };
                (
                    s.truth.get(structure).map_or(0, n) + s.prediction.get(structure).map_or(0, n),
                    std::cmp::Reverse(*i),
                )
            })
            .map_or(0, |(i, _)| i)
    }
}

/// The index of the unit whose id (the pseudonym every output names it by) is `id`.
pub fn unit_of(prepared: &Prepared, id: &str) -> Option<usize> {
    prepared.units.iter().position(|u| u.id == id)
}

/// [`case`] of the unit named `id`.
pub fn case_by_id(prepared: &Prepared, id: &str, control: &Control) -> Result<CaseView, ViewError> {
    let unit = unit_of(prepared, id).ok_or_else(|| ViewError::NoCase(id.to_string()))?;
    case(prepared, unit, control)
}

/// Loads unit `unit` of a prepared segmentation run: every image of its series in sorted
/// order, decoded, with the truth's masks and the prediction's (the vendor's files, or the
/// plan's model run on the series) as the run's scoring reads them.
pub fn case(prepared: &Prepared, unit: usize, control: &Control) -> Result<CaseView, ViewError> {
    let plan = &prepared.plan;
    let unit = prepared
        .units
        .get(unit)
        .ok_or_else(|| ViewError::NoCase(format!("#{}", unit + 1)))?;
    let Input::Segmentation(input) = &unit.input else {
        return Err(ViewError::NotSegmentation);
    };
    let series = series::read(&input.images).map_err(|(_, d)| ViewError::Excluded(d))?;
    // Headers first: the pixel total is checked before anything is decoded.
    let pixels = series.len() as u64 * series.voxels_per_slice() as u64;
    if pixels > MAX_VIEW_PIXELS {
        return Err(ViewError::TooLarge { pixels });
    }
    let cancelled = || {
        if control.is_cancelled() {
            Err(ViewError::Cancelled)
        } else {
            Ok(())
        }
    };
    let spec = plan.segmentation_spec();
    let mut notes = Vec::new();
    let truth = masks::read(
        truth_kind(plan),
        &input.truth,
        &series,
        &plan.structure,
        spec.threshold,
        "truth",
    )
    .map_err(|(_, d)| ViewError::Excluded(d))?;
    if input.truth.is_empty() {
        notes.push("no truth file refers to this series".to_string());
    } else {
        notes.extend(missing("truth", plan, &truth));
    }
    cancelled()?;
    let (prediction, has_prediction, prediction_note) = if plan.model.is_some() {
        (predicted(prepared, input, &series, control)?, true, None)
    } else if plan.predictions.is_some() {
        let read = masks::read(
            predictions_kind(plan),
            &input.predictions,
            &series,
            &plan.structure,
            spec.threshold,
            "prediction",
        )
        .map_err(|(_, d)| ViewError::Excluded(d))?;
        if input.predictions.is_empty() {
            (
                read.into_iter().map(|m| m.mask).collect(),
                false,
                Some("no prediction file refers to this series".to_string()),
            )
        } else {
            notes.extend(missing("prediction", plan, &read));
            (read.into_iter().map(|m| m.mask).collect(), true, None)
        }
    } else {
        (
            vec![Vec::new(); plan.structure.len()],
            false,
            Some("the plan names no predictions".to_string()),
        )
    };
    cancelled()?;
    let plane = series.voxels_per_slice();
    let per_slice = |mask: &[bool], z: usize| -> Option<Vec<bool>> {
        let m = mask.get(z * plane..(z + 1) * plane)?;
        m.iter().any(|v| *v).then(|| m.to_vec())
    };
    let mut slices = Vec::with_capacity(series.len());
    let mut range = (f32::INFINITY, f32::NEG_INFINITY);
    for (z, &i) in series.order.iter().enumerate() {
        cancelled()?;
        let image = &input.images[i];
        let f = load_frame(&image.path, 0).map_err(|(_, detail)| ViewError::Image {
            slice: z + 1,
            detail,
        })?;
        if f.channels != 1 || f.width as usize != series.columns || f.height as usize != series.rows
        {
            return Err(ViewError::Image {
                slice: z + 1,
                detail: "not a grey image of the series' Rows × Columns".into(),
            });
        }
        for &v in &f.values {
            range = (range.0.min(v), range.1.max(v));
        }
        slices.push(SliceView {
            width: series.columns,
            height: series.rows,
            position: series.slices[z].plane.position(),
            values: f.values,
            truth: truth.iter().map(|m| per_slice(&m.mask, z)).collect(),
            prediction: prediction.iter().map(|m| per_slice(m, z)).collect(),
            window: f.window,
        });
    }
    let measured = input
        .slice
        .and_then(|image| series.order.iter().position(|&i| i == image));
    Ok(CaseView {
        structures: plan.structure.iter().map(|s| s.name.clone()).collect(),
        slices,
        range,
        measured,
        has_prediction,
        prediction_note,
        notes,
    })
}

/// The model's masks of the series, on the session `prepare` opened (lent back after), or on
/// one opened again as `score` does when it is lent out.
fn predicted(
    prepared: &Prepared,
    input: &crate::run::SegmentationInput,
    series: &series::Series,
    control: &Control,
) -> Result<Vec<Vec<bool>>, ViewError> {
    let plan = &prepared.plan;
    let Some(spec) = &plan.model else {
        return Ok(vec![Vec::new(); plan.structure.len()]);
    };
    let mut model = match prepared.opened.take() {
        Some(m) => m,
        None => {
            Model::open(plan, spec, control, None).map_err(|e| ViewError::Model(e.to_string()))?
        }
    };
    if prepared
        .model_sha256
        .as_deref()
        .is_some_and(|sha| sha != model.sha256)
    {
        return Err(ViewError::Model(format!(
            "{}: the model changed since the run was prepared",
            plan.resolve(&spec.path).display()
        )));
    }
    let pre = plan.preprocess.clone().unwrap_or_default();
    let batch = model.onnx.batch_size(spec.batch, IMAGE_BATCH);
    let out = predict::predict(
        &mut model.onnx,
        &pre,
        &input.images,
        series,
        &plan.structure,
        &plan.segmentation_spec(),
        batch,
    );
    prepared.opened.put(model);
    match out {
        Ok(Ok(p)) => Ok(p),
        Ok(Err((_, d))) => Err(ViewError::Excluded(d)),
        Err(e) => Err(ViewError::Model(e.to_string())),
    }
}

fn truth_kind(plan: &Plan) -> MaskKind {
    match plan.truth.as_ref().map(|t| t.kind) {
        Some(TruthKind::Seg) => MaskKind::Seg,
        Some(TruthKind::Labelmap) => MaskKind::Labelmap,
        _ => MaskKind::Rtstruct,
    }
}

fn predictions_kind(plan: &Plan) -> MaskKind {
    match plan.predictions.as_ref().map(|p| p.kind) {
        Some(PredictionsKind::Seg) => MaskKind::Seg,
        _ => MaskKind::Rtstruct,
    }
}

/// Structures none of the files had (their masks are empty, as the run counts them).
fn missing(what: &str, plan: &Plan, read: &[masks::StructureMask]) -> Vec<String> {
    plan.structure
        .iter()
        .zip(read)
        .filter(|(_, m)| m.matched.is_none())
        .map(|(s, _)| {
            format!(
                "{what}: no structure named {} (or an alias) in this series' files",
                s.name
            )
        })
        .collect()
}
