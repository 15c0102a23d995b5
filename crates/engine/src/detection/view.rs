//! One detection case for a person to look at, in the app's viewer: the images (slices) of a
//! unit as modality values, and on each, the truth lesions and the marks that lie on it, drawn
//! as circles or boxes in pixels, each mark with its score and what the matching made of it
//! (true positive, false positive, extra) and each lesion whether it was hit. Read by the run's
//! own code, so what is shown is what was measured. Nothing here goes into report.json.
//!
//! The marks are an argument: a vendor's SR marks are in the prepared input, a model's in the
//! run's outcomes (`Scored.marks`); [`run_marks`] takes them from wherever the run has them.
//! The matching is redone for the unit alone with the plan's rule, which gives the run's result
//! because matching never looks across units.

use super::place::{self, Shape};
use crate::cohort::view::load_frame;
use crate::metrics::detection::{self, Mark};
use crate::run::{Control, Outcomes, Prepared, Source};
use crate::segmentation::view::MAX_VIEW_PIXELS;

#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error("the run has no case {0}")]
    NoCase(String),
    #[error("this run is not a detection run on DICOM images")]
    NotDetection,
    /// The unit's images are not one grid (the reason is the series reader's).
    #[error("the case's images cannot be shown together: {0}")]
    Geometry(String),
    #[error("image {image}: {detail}")]
    Image { image: usize, detail: String },
    #[error(
        "the case holds {pixels} pixels, above the viewer's limit of {MAX_VIEW_PIXELS}; look at it in a PACS viewer"
    )]
    TooLarge { pixels: u64 },
    #[error("cancelled")]
    Cancelled,
}

/// What the run's matching made of a mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkStatus {
    /// The mark counted for a lesion.
    TruePositive,
    /// The mark hit no lesion.
    FalsePositive,
    /// The mark hit a lesion a higher-scored mark already counts for (neither TP nor FP).
    Extra,
}

/// A truth lesion on one image.
#[derive(Debug, Clone, PartialEq)]
pub struct LesionOnImage {
    pub shape: Shape,
    /// Hit by a mark at some score; the counted mark's score.
    pub score: Option<f64>,
    pub size_mm: Option<f64>,
}

/// A mark on one image.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkOnImage {
    pub shape: Shape,
    pub score: f64,
    pub status: MarkStatus,
}

/// One image of the unit: modality values and the items on it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageView {
    pub width: usize,
    pub height: usize,
    /// Modality values (Rescale Slope/Intercept applied), row-major.
    pub values: Vec<f32>,
    /// Position along the normal (mm).
    pub position: f64,
    /// The header's window (centre, width), if it has one.
    pub window: Option<(f64, f64)>,
    pub lesions: Vec<LesionOnImage>,
    pub marks: Vec<MarkOnImage>,
}

/// One unit for the viewer: its images sorted along the normal, and the counts a person needs
/// to trust what is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct DetectionView {
    pub images: Vec<ImageView>,
    /// Smallest and largest value over all images.
    pub range: (f32, f32),
    /// The unit's lesions and marks, and those on no image (more than half the slice spacing
    /// from every image's plane): counted, not drawn.
    pub lesions: usize,
    pub marks: usize,
    pub off_image: usize,
}

impl DetectionView {
    /// The window to start with: the middle image's header window, else the value range.
    pub fn default_window(&self) -> (f64, f64) {
        if let Some(w) = self
            .images
            .get(self.images.len() / 2)
            .and_then(|s| s.window)
        {
            return w;
        }
        let (lo, hi) = (f64::from(self.range.0), f64::from(self.range.1));
        ((lo + hi) / 2.0, (hi - lo).max(1.0))
    }

    /// Where to open: the first image with a missed lesion, else with a false mark, else the one
    /// with the most items, else the middle.
    pub fn first_of_interest(&self) -> usize {
        let find = |f: &dyn Fn(&ImageView) -> bool| self.images.iter().position(f);
        find(&|i| i.lesions.iter().any(|l| l.score.is_none()))
            .or_else(|| {
                find(&|i| {
                    i.marks
                        .iter()
                        .any(|m| m.status == MarkStatus::FalsePositive)
                })
            })
            .or_else(|| {
                self.images
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| !i.lesions.is_empty() || !i.marks.is_empty())
                    .max_by_key(|(k, i)| (i.lesions.len() + i.marks.len(), std::cmp::Reverse(*k)))
                    .map(|(k, _)| k)
            })
            .unwrap_or(self.images.len() / 2)
    }
}

/// The marks of a prepared run: the vendor's (in the prepared input), or the model's from the
/// run's outcomes (`Scored.marks`, main source), joined to units by id.
pub fn run_marks(prepared: &Prepared, outcomes: Option<&Outcomes>) -> Vec<Mark> {
    let mut marks = prepared
        .detection
        .as_deref()
        .map(|d| d.marks.clone())
        .unwrap_or_default();
    if let Some(o) = outcomes {
        for s in o.scored.iter().filter(|s| s.source == Source::Main) {
            let (Some(m), Some(unit)) = (s.marks(), unit_of(prepared, &s.unit)) else {
                continue;
            };
            marks.extend(m.iter().map(|m| Mark {
                unit,
                centre: m.centre,
                score: m.score,
                bbox: m.bbox.map(|b| [[b[0], b[1], b[2]], [b[3], b[4], b[5]]]),
            }));
        }
    }
    marks
}

/// The marks the viewer shows for a prepared run: a vendor's SR marks from the prepared input;
/// for `[marks] kind = "model"`, the marks the run's own scoring finds (`run::score` on every
/// unit, the model on the session `prepare` opened). Err: why the model could not be run.
pub fn viewer_marks(prepared: &Prepared, control: &Control) -> Result<Vec<Mark>, String> {
    let model = prepared
        .plan
        .marks
        .as_ref()
        .is_some_and(|m| m.kind == crate::plan::MarksKind::Model);
    if !model {
        return Ok(run_marks(prepared, None));
    }
    let all: Vec<usize> = (0..prepared.units.len()).collect();
    let outcomes = crate::run::score(prepared, &all, control).map_err(|e| e.to_string())?;
    Ok(run_marks(prepared, Some(&outcomes)))
}

/// A unit in the viewer's case list: what the matching made of its lesions and marks.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSummary {
    /// The unit's pseudonym.
    pub id: String,
    pub lesions: usize,
    pub missed: usize,
    pub marks: usize,
    pub false_marks: usize,
}

/// Every unit of the run with its counts, misses first (most first), then false marks (most
/// first), then the rest in the run's order: what a reviewer looks at first.
pub fn summaries(prepared: &Prepared, marks: &[Mark]) -> Vec<UnitSummary> {
    let mut out: Vec<UnitSummary> = prepared
        .units
        .iter()
        .map(|u| UnitSummary {
            id: u.id.to_string(),
            lesions: 0,
            missed: 0,
            marks: 0,
            false_marks: 0,
        })
        .collect();
    if let Some(input) = prepared.detection.as_deref() {
        let lesions = input.lesions();
        let m = detection::match_marks(marks, &lesions, prepared.plan.detection_spec().hit.rule());
        for (l, score) in lesions.iter().zip(&m.lesion_score) {
            if let Some(s) = out.get_mut(l.unit) {
                s.lesions += 1;
                s.missed += usize::from(score.is_none());
            }
        }
        for (k, mark) in marks.iter().enumerate() {
            if let Some(s) = out.get_mut(mark.unit) {
                s.marks += 1;
                s.false_marks += usize::from(m.lesion_of_mark[k].is_none() && !m.extra[k]);
            }
        }
    }
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(out[i].missed),
            std::cmp::Reverse(out[i].false_marks),
            i,
        )
    });
    order.into_iter().map(|i| out[i].clone()).collect()
}

/// The index of the unit whose id (the pseudonym every output names it by) is `id`.
pub fn unit_of(prepared: &Prepared, id: &str) -> Option<usize> {
    prepared.units.iter().position(|u| u.id == id)
}

/// [`case`] of the unit named `id`.
pub fn case_by_id(
    prepared: &Prepared,
    id: &str,
    marks: &[Mark],
    control: &Control,
) -> Result<DetectionView, ViewError> {
    let unit = unit_of(prepared, id).ok_or_else(|| ViewError::NoCase(id.to_string()))?;
    case(prepared, unit, marks, control)
}

/// Loads unit `unit` of a prepared DICOM detection run with the lesions of its input and the
/// unit's marks among `marks` (the whole run's may be given), matched with the plan's rule.
pub fn case(
    prepared: &Prepared,
    unit: usize,
    marks: &[Mark],
    control: &Control,
) -> Result<DetectionView, ViewError> {
    let input = prepared
        .detection
        .as_deref()
        .ok_or(ViewError::NotDetection)?;
    let u = prepared
        .units
        .get(unit)
        .ok_or_else(|| ViewError::NoCase(format!("#{}", unit + 1)))?;
    let (images, _) = place::unit_images(u).ok_or(ViewError::NotDetection)?;
    let series = place::unit_series(u).map_err(ViewError::Geometry)?;
    // Headers first: the pixel total is checked before anything is decoded.
    let pixels = series.len() as u64 * series.voxels_per_slice() as u64;
    if pixels > MAX_VIEW_PIXELS {
        return Err(ViewError::TooLarge { pixels });
    }
    let lesions: Vec<&super::read::LesionInfo> = input
        .lesions
        .iter()
        .filter(|l| l.lesion.unit == unit)
        .collect();
    let own: Vec<Mark> = marks.iter().filter(|m| m.unit == unit).cloned().collect();
    let plain: Vec<_> = lesions.iter().map(|l| l.lesion.clone()).collect();
    let matching = detection::match_marks(&own, &plain, prepared.plan.detection_spec().hit.rule());
    let mut view = DetectionView {
        images: Vec::with_capacity(series.len()),
        range: (f32::INFINITY, f32::NEG_INFINITY),
        lesions: lesions.len(),
        marks: own.len(),
        off_image: 0,
    };
    for (z, &i) in series.order.iter().enumerate() {
        if control.is_cancelled() {
            return Err(ViewError::Cancelled);
        }
        let f = load_frame(&images[i].path, 0).map_err(|(_, detail)| ViewError::Image {
            image: z + 1,
            detail,
        })?;
        if f.channels != 1 || f.width as usize != series.columns || f.height as usize != series.rows
        {
            return Err(ViewError::Image {
                image: z + 1,
                detail: "not a grey image of the unit's Rows × Columns".into(),
            });
        }
        for &v in &f.values {
            view.range = (view.range.0.min(v), view.range.1.max(v));
        }
        view.images.push(ImageView {
            width: series.columns,
            height: series.rows,
            values: f.values,
            position: series.slices[z].plane.position(),
            window: f.window,
            lesions: Vec::new(),
            marks: Vec::new(),
        });
    }
    // Each item on the image nearest it, when it lies within half the spacing of it.
    for (k, l) in lesions.iter().enumerate() {
        let z = place::nearest_slice(&series, l.lesion.centre);
        if !place::on_slice(&series, z, l.lesion.centre) {
            view.off_image += 1;
            continue;
        }
        view.images[z].lesions.push(LesionOnImage {
            shape: place::lesion_shape(&series, z, l),
            score: matching.lesion_score[k],
            size_mm: l.size_mm,
        });
    }
    for (k, m) in own.iter().enumerate() {
        let z = place::nearest_slice(&series, m.centre);
        if !place::on_slice(&series, z, m.centre) {
            view.off_image += 1;
            continue;
        }
        let status = match (matching.lesion_of_mark[k], matching.extra[k]) {
            (Some(_), _) => MarkStatus::TruePositive,
            (None, true) => MarkStatus::Extra,
            (None, false) => MarkStatus::FalsePositive,
        };
        view.images[z].marks.push(MarkOnImage {
            shape: place::mark_shape(&series, z, m),
            score: m.score,
            status,
        });
    }
    Ok(view)
}

#[cfg(test)]
#[path = "view_tests.rs"]
mod tests;
