//! One segmentation case for a person to look at, in the app's viewer: the slices of its
//! series as modality values (Hounsfield units for CT, so the viewer can window them) and, per
//! slice, the truth's and the prediction's mask of each structure. Nothing here is a figure or
//! goes into report.json; the masks come from the readers a run uses (`rtstruct`, `seg`), so
//! what is shown is what was measured.
//!
//! Where a case's files are is found without the run: the plan's contract keys (`[cohort]
//! path`, `[truth]`, `[predictions]`, `[[structure]]`, `[segmentation] threshold`) say where
//! to look, and an [`Index`] of those folders says which images make a series and which truth
//! and prediction files refer to it (RTSTRUCT: the images its contours name, or its
//! RTReferencedSeriesSequence; SEG: its ReferencedSeriesSequence). A file that names no
//! series is tried on every case. The app keeps the index in memory; case ids stay
//! pseudonyms, mapped to series by `Evaluation::pseudonyms`, never written anywhere.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cohort::dicom;
use crate::cohort::view::load_frame;
use crate::run::Control;
use provestein_dicom::geometry::Plane;
use provestein_dicom::labelmap;
use provestein_dicom::rtstruct::{self, DEFAULT_PLANE_TOLERANCE_MM, StructureSet, normalise_name};
use provestein_dicom::seg::{self, SourceImage};

/// Most pixels (all slices together) one case may hold in the viewer: 4 bytes each, so about
/// 400 MB; a larger series is refused before its pixels are decoded.
pub const MAX_VIEW_PIXELS: u64 = 100_000_000;

/// Most files the truth or prediction folder may hold (they are all opened for the index).
pub const MAX_MASK_FILES: usize = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum ViewError {
    #[error("the plan has no {0}: the viewer needs it to find the case's files")]
    PlanKey(&'static str),
    #[error("{key} in the plan is {value:?}; expected {expected}")]
    PlanValue {
        key: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("cannot read the folder {path}: {detail}")]
    Folder { path: String, detail: String },
    #[error("no image of this case was found in the cohort folder (was it moved since the run?)")]
    NoImages,
    #[error("{path}: {detail}")]
    Image { path: String, detail: String },
    #[error(
        "the case holds {pixels} pixels, above the viewer's limit of {MAX_VIEW_PIXELS}; look at it in a PACS viewer"
    )]
    TooLarge { pixels: u64 },
    #[error("{path}: {detail}")]
    Mask { path: String, detail: String },
    #[error("more than {MAX_MASK_FILES} files under {0}")]
    TooManyFiles(String),
    #[error("cancelled")]
    Cancelled,
}

/// How masks are stored in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaskKind {
    Rtstruct,
    Seg,
    /// NIfTI or NRRD label map (truth only): each structure's `label` value.
    Labelmap,
}

impl MaskKind {
    fn parse(key: &'static str, value: &str) -> Result<MaskKind, ViewError> {
        match value {
            "rtstruct" => Ok(MaskKind::Rtstruct),
            "seg" => Ok(MaskKind::Seg),
            other => Err(ViewError::PlanValue {
                key,
                value: other.into(),
                expected: "\"rtstruct\" or \"seg\"",
            }),
        }
    }
}

/// A structure as the plan names it (`[[structure]]`).
#[derive(Debug, Clone, PartialEq)]
pub struct StructureSpec {
    pub name: String,
    pub aliases: Vec<String>,
    /// Segment number in a SEG (else the segment is found by its label).
    pub label: Option<u16>,
}

/// Where the predictions shown come from.
#[derive(Debug, Clone, PartialEq)]
pub enum PredictionSource {
    /// The vendor's own RTSTRUCT or SEG files.
    Files(MaskKind, PathBuf),
    /// An ONNX model: its masks are not read back here yet (see [`CaseView::prediction_note`]).
    Model,
    None,
}

/// Where a plan's images, truth and predictions are, from its contract keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Sources {
    pub cohort: PathBuf,
    pub truth: (MaskKind, PathBuf),
    pub predictions: PredictionSource,
    pub structures: Vec<StructureSpec>,
    /// For FRACTIONAL SEGs.
    pub threshold: f64,
}

impl Sources {
    /// The sources of a segmentation plan, read from its keys as the plan writes them
    /// (`Plan::to_toml`), paths resolved against the plan's folder.
    pub fn from_plan(plan: &crate::Plan) -> Result<Sources, ViewError> {
        let value: toml::Table =
            toml::from_str(&plan.to_toml()).map_err(|e| ViewError::PlanValue {
                key: "plan",
                value: e.to_string(),
                expected: "TOML",
            })?;
        Sources::from_table(&value, &|p| plan.resolve(Path::new(p)))
    }

    /// [`Sources::from_plan`] on the plan's TOML table; `resolve` makes a path absolute.
    pub fn from_table(
        plan: &toml::Table,
        resolve: &dyn Fn(&str) -> PathBuf,
    ) -> Result<Sources, ViewError> {
        let section = |name: &'static str| plan.get(name).and_then(toml::Value::as_table);
        let string = |t: Option<&toml::Table>, k: &str| {
            t.and_then(|t| t.get(k))
                .and_then(toml::Value::as_str)
                .map(str::to_string)
        };
        let cohort =
            string(section("cohort"), "path").ok_or(ViewError::PlanKey("[cohort] path"))?;
        let truth = section("truth").ok_or(ViewError::PlanKey("[truth]"))?;
        let truth_kind = string(Some(truth), "kind").ok_or(ViewError::PlanKey("[truth] kind"))?;
        let truth_path = string(Some(truth), "path").ok_or(ViewError::PlanKey("[truth] path"))?;
        let truth_kind = match truth_kind.as_str() {
            "labelmap" => MaskKind::Labelmap,
            other => MaskKind::parse("[truth] kind", other)?,
        };
        let truth = (truth_kind, resolve(&truth_path));
        let predictions = match (
            string(section("predictions"), "kind"),
            string(section("predictions"), "path"),
        ) {
            (Some(kind), Some(path)) => PredictionSource::Files(
                MaskKind::parse("[predictions] kind", &kind)?,
                resolve(&path),
            ),
            _ if section("model").is_some() => PredictionSource::Model,
            _ => PredictionSource::None,
        };
        let structures = plan
            .get("structure")
            .and_then(toml::Value::as_array)
            .ok_or(ViewError::PlanKey("[[structure]]"))?
            .iter()
            .filter_map(toml::Value::as_table)
            .filter_map(|s| {
                Some(StructureSpec {
                    name: s.get("name")?.as_str()?.to_string(),
                    aliases: s
                        .get("aliases")
                        .and_then(toml::Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default(),
                    label: s
                        .get("label")
                        .and_then(toml::Value::as_integer)
                        .and_then(|l| u16::try_from(l).ok()),
                })
            })
            .collect();
        let threshold = section("segmentation")
            .and_then(|s| s.get("threshold"))
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
            .unwrap_or(0.5);
        Ok(Sources {
            cohort: resolve(&cohort),
            truth,
            predictions,
            structures,
            threshold,
        })
    }
}

/// A truth or prediction file and the series it refers to.
#[derive(Debug, Clone)]
struct MaskFile {
    path: PathBuf,
    /// Series Instance UIDs it names; empty when it names none (tried on every case).
    series: HashSet<String>,
    /// An RTSTRUCT read once for the index.
    structures: Option<std::sync::Arc<StructureSet>>,
}

/// Which images make each series of the cohort folder, and which mask files refer to it.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Series Instance UID → image files.
    series: HashMap<String, Vec<PathBuf>>,
    /// Path relative to the cohort folder and SOP Instance UID → Series Instance UID (for
    /// cases that are one image).
    members: HashMap<String, String>,
    truth: Vec<MaskFile>,
    predictions: Vec<MaskFile>,
    /// What could not be read (counted, shown by the viewer).
    pub notes: Vec<String>,
}

impl Index {
    /// Indexes the cohort folder and the truth and prediction files of `sources`.
    pub fn build(sources: &Sources, control: &Control) -> Result<Index, ViewError> {
        let scan = dicom::scan(&sources.cohort, &[]).map_err(|e| ViewError::Folder {
            path: sources.cohort.display().to_string(),
            detail: e.to_string(),
        })?;
        let mut index = Index::default();
        let mut sop_series: HashMap<String, String> = HashMap::new();
        for h in scan.images {
            index
                .members
                .insert(h.rel_path.clone(), h.series_instance_uid.clone());
            index
                .members
                .insert(h.sop_instance_uid.clone(), h.series_instance_uid.clone());
            sop_series.insert(h.sop_instance_uid, h.series_instance_uid.clone());
            index
                .series
                .entry(h.series_instance_uid)
                .or_default()
                .push(h.path);
        }
        if control.is_cancelled() {
            return Err(ViewError::Cancelled);
        }
        let (truth, notes) = mask_files(sources.truth.0, &sources.truth.1, &sop_series)?;
        index.truth = truth;
        index.notes.extend(notes);
        if let PredictionSource::Files(kind, path) = &sources.predictions {
            let (files, notes) = mask_files(*kind, path, &sop_series)?;
            index.predictions = files;
            index.notes.extend(notes);
        }
        Ok(index)
    }

    /// The Series Instance UID a case key names: the series itself, or one image of it (by
    /// its path in the cohort folder or its SOP Instance UID).
    pub fn series_of<'a>(&'a self, key: &'a str) -> Option<&'a str> {
        if self.series.contains_key(key) {
            return Some(key);
        }
        self.members.get(key).map(String::as_str)
    }

    /// Series in the index.
    pub fn series_count(&self) -> usize {
        self.series.len()
    }
}

/// Every regular file under `path` (or `path` itself), sorted, each with the series it names.
fn mask_files(
    kind: MaskKind,
    path: &Path,
    sop_series: &HashMap<String, String>,
) -> Result<(Vec<MaskFile>, Vec<String>), ViewError> {
    let mut paths = Vec::new();
    list_files(path, &mut paths)?;
    paths.sort();
    let read: Vec<Result<MaskFile, String>> = paths
        .into_par_iter()
        .map(|p| {
            if kind == MaskKind::Labelmap {
                // A label map names no series: it is tried on every case, and one that no
                // pixel of the series lies on belongs to another.
                return Ok(MaskFile {
                    path: p,
                    series: HashSet::new(),
                    structures: None,
                });
            }
            let (obj, _) =
                dicom::open(&p, None).map_err(|(_, d)| format!("{}: {d}", file_name(&p)))?;
            let mut series = HashSet::new();
            let mut uids_in = |parent: &str, child: &str| {
                for item in obj
                    .element_by_name_opt(parent)
                    .ok()
                    .flatten()
                    .and_then(|e| e.items())
                    .unwrap_or(&[])
                {
                    for inner in item
                        .element_by_name_opt(child)
                        .ok()
                        .flatten()
                        .and_then(|e| e.items())
                        .unwrap_or(&[])
                    {
                        for s in inner
                            .element_by_name_opt("RTReferencedSeriesSequence")
                            .ok()
                            .flatten()
                            .and_then(|e| e.items())
                            .unwrap_or(&[])
                        {
                            if let Some(uid) = s
                                .element_by_name_opt("SeriesInstanceUID")
                                .ok()
                                .flatten()
                                .and_then(|e| e.to_str().ok())
                            {
                                series.insert(uid.trim_end_matches('\0').trim().to_string());
                            }
                        }
                    }
                }
            };
            let structures = match kind {
                MaskKind::Rtstruct => {
                    uids_in(
                        "ReferencedFrameOfReferenceSequence",
                        "RTReferencedStudySequence",
                    );
                    let set = rtstruct::from_object(&obj)
                        .map_err(|e| format!("{}: {e}", file_name(&p)))?;
                    for roi in &set.rois {
                        for c in &roi.contours {
                            if let Some(s) = c
                                .referenced_sop_instance_uid
                                .as_ref()
                                .and_then(|u| sop_series.get(u))
                            {
                                series.insert(s.clone());
                            }
                        }
                    }
                    Some(std::sync::Arc::new(set))
                }
                MaskKind::Seg => {
                    for item in obj
                        .element_by_name_opt("ReferencedSeriesSequence")
                        .ok()
                        .flatten()
                        .and_then(|e| e.items())
                        .unwrap_or(&[])
                    {
                        if let Some(uid) = item
                            .element_by_name_opt("SeriesInstanceUID")
                            .ok()
                            .flatten()
                            .and_then(|e| e.to_str().ok())
                        {
                            series.insert(uid.trim_end_matches('\0').trim().to_string());
                        }
                    }
                    None
                }
                MaskKind::Labelmap => None,
            };
            Ok(MaskFile {
                path: p,
                series,
                structures,
            })
        })
        .collect();
    let mut files = Vec::new();
    let mut notes = Vec::new();
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(e) => notes.push(e),
        }
    }
    Ok((files, notes))
}

/// A file as messages name it: its name only. Folders in a DICOM export are often named after
/// the patient, and the viewer's messages are on a screen that may be shared.
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn list_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), ViewError> {
    let folder_error = |e: std::io::Error| ViewError::Folder {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(folder_error)?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    if !meta.is_dir() {
        return Ok(());
    }
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(folder_error)? {
            let p = entry.map_err(folder_error)?.path();
            if p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.') || n == "DICOMDIR")
            {
                continue;
            }
            let Ok(m) = std::fs::metadata(&p) else {
                continue;
            };
            if m.is_dir() {
                stack.push(p);
            } else if m.is_file() {
                out.push(p);
                if out.len() > MAX_MASK_FILES {
                    return Err(ViewError::TooManyFiles(path.display().to_string()));
                }
            }
        }
    }
    Ok(())
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

/// One decoded image of the case before its masks.
struct Loaded {
    sop_instance_uid: String,
    frame_of_reference_uid: String,
    plane: Plane,
    values: Vec<f32>,
    window: Option<(f64, f64)>,
}

/// Loads the case whose key (series UID, or one of its images) `key` is: every image of its
/// series, decoded, and the masks of every structure from the truth and prediction files that
/// refer to it. `TODO(issue 16)`: predictions of an ONNX model are not read here yet — the
/// lead wires this to the engine's predict function (`PredictionSource::Model`); meanwhile the
/// case shows the truth only, with a note saying so.
pub fn case(
    sources: &Sources,
    index: &Index,
    key: &str,
    control: &Control,
) -> Result<CaseView, ViewError> {
    let series = index.series_of(key).ok_or(ViewError::NoImages)?;
    let paths = index.series.get(series).ok_or(ViewError::NoImages)?;
    // Headers first: the pixel total is checked before anything is decoded.
    let headers: Vec<(PathBuf, Plane, String, String)> = paths
        .par_iter()
        .map(|p| {
            let (obj, _) = dicom::open(p, None).map_err(|(_, detail)| ViewError::Image {
                path: file_name(p),
                detail,
            })?;
            let plane = Plane::from_object(&obj).map_err(|e| ViewError::Image {
                path: file_name(p),
                detail: e.to_string(),
            })?;
            Ok((
                p.clone(),
                plane,
                dicom::text(&obj, "SOPInstanceUID"),
                dicom::text(&obj, "FrameOfReferenceUID"),
            ))
        })
        .collect::<Result<_, ViewError>>()?;
    let pixels: u64 = headers
        .iter()
        .map(|(_, p, _, _)| u64::from(p.rows) * u64::from(p.columns))
        .sum();
    if pixels > MAX_VIEW_PIXELS {
        return Err(ViewError::TooLarge { pixels });
    }
    let mut images: Vec<Loaded> = headers
        .into_par_iter()
        .map(|(path, plane, sop, frame_of_reference)| {
            if control.is_cancelled() {
                return Err(ViewError::Cancelled);
            }
            let f = load_frame(&path, 0).map_err(|(_, detail)| ViewError::Image {
                path: file_name(&path),
                detail,
            })?;
            if f.channels != 1 || f.width != plane.columns || f.height != plane.rows {
                return Err(ViewError::Image {
                    path: file_name(&path),
                    detail: "not a grey image of its header's Rows × Columns".into(),
                });
            }
            Ok(Loaded {
                sop_instance_uid: sop,
                frame_of_reference_uid: frame_of_reference,
                plane,
                values: f.values,
                window: f.window,
            })
        })
        .collect::<Result<_, ViewError>>()?;
    images.sort_by(|a, b| a.plane.position().total_cmp(&b.plane.position()));

    let mut notes = Vec::new();
    let truth_files = files_for(&index.truth, series);
    let truth = masks(
        sources.truth.0,
        &truth_files,
        &images,
        &sources.structures,
        sources.threshold,
        "truth",
        &mut notes,
    );
    let (prediction, has_prediction, prediction_note) = match &sources.predictions {
        PredictionSource::Files(kind, _) => {
            let files = files_for(&index.predictions, series);
            let note = files
                .is_empty()
                .then(|| "no prediction file refers to this series".to_string());
            let m = masks(
                *kind,
                &files,
                &images,
                &sources.structures,
                sources.threshold,
                "prediction",
                &mut notes,
            );
            (m, note.is_none(), note)
        }
        PredictionSource::Model => (
            empty_masks(images.len(), sources.structures.len()),
            false,
            Some("the model's masks are not shown in the viewer yet: truth only".into()),
        ),
        PredictionSource::None => (
            empty_masks(images.len(), sources.structures.len()),
            false,
            Some("the plan names no predictions".into()),
        ),
    };
    if truth_files.is_empty() {
        notes.push("no truth file refers to this series".into());
    }
    let range = images
        .iter()
        .flat_map(|i| &i.values)
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let slices = images
        .into_iter()
        .zip(truth.into_iter().zip(prediction))
        .map(|(i, (truth, prediction))| SliceView {
            width: i.plane.columns as usize,
            height: i.plane.rows as usize,
            position: i.plane.position(),
            values: i.values,
            truth,
            prediction,
            window: i.window,
        })
        .collect();
    Ok(CaseView {
        structures: sources.structures.iter().map(|s| s.name.clone()).collect(),
        slices,
        range,
        has_prediction,
        prediction_note,
        notes,
    })
}

fn files_for<'a>(files: &'a [MaskFile], series: &str) -> Vec<&'a MaskFile> {
    files
        .iter()
        .filter(|f| f.series.is_empty() || f.series.contains(series))
        .collect()
}

fn empty_masks(slices: usize, structures: usize) -> Vec<Vec<Option<Vec<bool>>>> {
    vec![vec![None; structures]; slices]
}

/// Masks per slice, per structure, united over `files` (a structure in two files is drawn as
/// both say). Problems are counted into `notes`, named by `what` ("truth", "prediction").
fn masks(
    kind: MaskKind,
    files: &[&MaskFile],
    images: &[Loaded],
    structures: &[StructureSpec],
    threshold: f64,
    what: &str,
    notes: &mut Vec<String>,
) -> Vec<Vec<Option<Vec<bool>>>> {
    let mut out = empty_masks(images.len(), structures.len());
    let mut found = vec![false; structures.len()];
    let mut unite = |slice: usize, s: usize, mask: &mut dyn Iterator<Item = bool>| {
        let n = images[slice].plane.rows as usize * images[slice].plane.columns as usize;
        let target = out[slice][s].get_or_insert_with(|| vec![false; n]);
        for (t, m) in target.iter_mut().zip(mask) {
            *t |= m;
        }
    };
    match kind {
        MaskKind::Rtstruct => {
            let rt_images: Vec<rtstruct::Image> = images
                .iter()
                .map(|i| rtstruct::Image {
                    sop_instance_uid: i.sop_instance_uid.clone(),
                    plane: i.plane.clone(),
                })
                .collect();
            for file in files {
                let Some(set) = &file.structures else {
                    continue;
                };
                for (s, spec) in structures.iter().enumerate() {
                    let Some(roi) = set.find(&spec.name, &spec.aliases) else {
                        continue;
                    };
                    found[s] = true;
                    let r = rtstruct::rasterise(roi, &rt_images, DEFAULT_PLANE_TOLERANCE_MM);
                    if r.unmatched_contours + r.off_plane_contours > 0 {
                        notes.push(format!(
                            "{what} {}: {} contour(s) on no slice of this series, {} off their slice's plane",
                            spec.name, r.unmatched_contours, r.off_plane_contours
                        ));
                    }
                    for (slice, mask) in r.masks.iter().enumerate() {
                        if mask.iter().any(|v| *v != 0) {
                            unite(slice, s, &mut mask.iter().map(|v| *v != 0));
                        }
                    }
                }
            }
        }
        MaskKind::Labelmap => {
            let planes: Vec<Plane> = images.iter().map(|i| i.plane.clone()).collect();
            let labels: Vec<u32> = structures
                .iter()
                .filter_map(|s| s.label.map(u32::from))
                .collect();
            for file in files {
                let on = labelmap::read(&file.path).and_then(|m| m.masks_on(&planes, &labels));
                let on = match on {
                    Ok(on) => on,
                    // Another series' map.
                    Err(e) if matches!(e.error, labelmap::LabelMapError::NoOverlap { .. }) => {
                        continue;
                    }
                    Err(e) => {
                        notes.push(format!("{what} {}: {}", file_name(&file.path), e.error));
                        continue;
                    }
                };
                if !on.slices_without_plane.is_empty() {
                    notes.push(format!(
                        "{what}: {} slice(s) lie on no plane of the label map",
                        on.slices_without_plane.len()
                    ));
                }
                for (s, spec) in structures.iter().enumerate() {
                    let Some(l) = spec.label.and_then(|l| on.label(u32::from(l))) else {
                        continue;
                    };
                    found[s] = true;
                    for (slice, mask) in l.masks.iter().enumerate() {
                        if mask.iter().any(|v| *v != 0) {
                            unite(slice, s, &mut mask.iter().map(|v| *v != 0));
                        }
                    }
                }
            }
        }
        MaskKind::Seg => {
            let sources: Vec<SourceImage> = images
                .iter()
                .map(|i| SourceImage {
                    sop_instance_uid: i.sop_instance_uid.clone(),
                    position: Some(i.plane.origin),
                    frame_of_reference_uid: Some(i.frame_of_reference_uid.clone())
                        .filter(|u| !u.is_empty()),
                    rows: i.plane.rows,
                    columns: i.plane.columns,
                })
                .collect();
            let at: HashMap<&str, usize> = images
                .iter()
                .enumerate()
                .map(|(k, i)| (i.sop_instance_uid.as_str(), k))
                .collect();
            for file in files {
                let read = match seg::read_seg_file(&file.path, &sources, threshold) {
                    Ok(r) => r,
                    Err(e) => {
                        notes.push(format!("{what} {}: {}", file_name(&file.path), e.error));
                        continue;
                    }
                };
                // A file that names no series and lands nothing is another series' file.
                if read.masks.is_empty() && file.series.is_empty() {
                    continue;
                }
                if !read.unmatched.is_empty() {
                    notes.push(format!(
                        "{what}: {} SEG frame(s) on no image of this series",
                        read.unmatched.len()
                    ));
                }
                for (s, spec) in structures.iter().enumerate() {
                    let wanted: Vec<String> = std::iter::once(&spec.name)
                        .chain(&spec.aliases)
                        .map(|n| normalise_name(n))
                        .collect();
                    let segment = spec
                        .label
                        .filter(|l| read.segments.iter().any(|g| g.number == *l))
                        .or_else(|| {
                            read.segments
                                .iter()
                                .find(|g| wanted.contains(&normalise_name(&g.label)))
                                .map(|g| g.number)
                        });
                    let Some(segment) = segment else {
                        continue;
                    };
                    found[s] = true;
                    for ((number, uid), mask) in &read.masks {
                        if *number != segment {
                            continue;
                        }
                        if let Some(&slice) = at.get(uid.as_str()) {
                            unite(slice, s, &mut mask.iter().copied());
                        }
                    }
                }
            }
        }
    }
    if !files.is_empty() {
        for (spec, found) in structures.iter().zip(found) {
            if !found {
                notes.push(format!(
                    "{what}: no structure named {} (or an alias) in this series' files",
                    spec.name
                ));
            }
        }
    }
    // An all-false mask is an empty one.
    for slice in &mut out {
        for m in slice.iter_mut() {
            if m.as_ref().is_some_and(|m| !m.iter().any(|v| *v)) {
                *m = None;
            }
        }
    }
    out
}
