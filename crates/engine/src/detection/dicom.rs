//! A DICOM detection cohort indexed (the `prepare` step): the folder's images grouped into
//! units (`[cohort] unit = "image" | "series" | "study"`), the truth lesions from DICOM SEG
//! (each connected component a lesion, specks below `[lesions] min_voxels` counted) or SR TID
//! 1500, and the vendor's marks from SR TID 1500, all in patient millimetres and joined to the
//! unit whose images they reference. Every file, component and item left out is counted in
//! `DetectionSources`. UIDs, paths and PatientIDs stay in memory.
//!
//! Decided here:
//! - The images are scanned, filtered, grouped and pseudonymised exactly as a binary DICOM
//!   cohort's (`cohort::images::group`); there is no labels file: a unit is positive when at
//!   least one lesion lies on it.
//! - A truth file covers each cohort series it names inside a sequence (SEG: Referenced Series
//!   Sequence; SR: the evidence's series), or failing that the series of the images it
//!   references (as a segmentation cohort joins its masks). An image of a covered series with
//!   no lesion is negative; an image of a series no truth file covers is excluded ("no truth
//!   file references this image") rather than counted negative on no evidence; an image of a
//!   series whose truth file could not be read, or whose SEG has frames on images missing from
//!   the folder, is excluded with that reason.
//! - A vendor SR that references no image of the cohort is an unmatched mark file; a unit no
//!   vendor SR references has no marks (the vendor found nothing there).
//! - A lesion or mark on a unit excluded from the cohort (filtered, say) is not used: its unit's
//!   exclusion accounts for it; marks are counted in `unknown_unit`.

mod place;
mod seg;
mod sr;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::figures::DetectionSources;
use super::read::{DetectionInput, LesionInfo};
use crate::cohort::ExclusionReason;
use crate::cohort::images::{self, Labelled};
use crate::error::{Error, Result};
use crate::metrics::detection::{Box3, Lesion, Mark};
use crate::plan::{LesionsKind, MarksKind, Plan, Unit as UnitKind};
use crate::privacy::Collector;
use crate::provenance;
use crate::run::prepare::Index;
use crate::run::{Control, Unit};

/// Most lesions (or marks) one unit may have: a SEG of noise would otherwise make millions.
const MAX_PER_UNIT: usize = 10_000;

/// A lesion or mark found, in patient mm, on the unit whose key (path, series or study UID)
/// it holds; joined to a unit index once the cohort is grouped.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Item {
    pub key: String,
    pub centre: [f64; 3],
    pub radius: Option<f64>,
    pub bbox: Option<Box3>,
    pub size_mm: Option<f64>,
    pub kind: Option<String>,
    pub score: f64,
}

/// What reading the truth and mark files found, and what it left out.
#[derive(Default)]
pub(super) struct Found {
    pub lesions: Vec<Item>,
    pub marks: Vec<Item>,
    /// Series UID → None when a truth file covers it, Some(why) when its truth file could not
    /// be read.
    pub covered: HashMap<String, Option<String>>,
    /// (relative path, why), truth and mark files that reference nothing of the cohort.
    pub unmatched_truth: Vec<(String, String)>,
    pub unmatched_marks: Vec<(String, String)>,
    pub sources: DetectionSources,
    /// Identifying values met in the files, for the output guard.
    pub ids: Collector,
    /// "relative path\tSHA-256" of each file read, for the SHA-256 over the files.
    pub truth_lines: Vec<String>,
    pub mark_lines: Vec<String>,
}

impl Found {
    /// Marks the series as covered by a truth file, unless another file's failure is recorded
    /// (a reading failure of any of its truth files excludes the series).
    pub fn cover(&mut self, series: &str) {
        self.covered.entry(series.to_string()).or_insert(None);
    }

    pub fn cover_failed(&mut self, series: &str, why: String) {
        self.covered.insert(series.to_string(), Some(why));
    }
}

/// A file under a `[lesions]` or `[marks]` path.
pub(super) struct File {
    pub rel: String,
    pub path: PathBuf,
}

/// The files under `root`, their path components offered to the guard once every identifier
/// is known (see `index`).
fn files(root: &Path, section: &str) -> Result<Vec<File>> {
    let (paths, rels) = crate::segmentation::cohort::files_under(root, section)?;
    Ok(paths
        .into_iter()
        .zip(rels)
        .map(|(path, rel)| File { rel, path })
        .collect())
}

/// The SHA-256 of a file's bytes, or why it cannot be read.
pub(super) fn sha256(path: &Path) -> std::result::Result<String, String> {
    std::fs::read(path)
        .map(|b| provenance::sha256_hex(&b))
        .map_err(|e| format!("cannot be read: {}", e.kind()))
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// Indexes a DICOM detection cohort: the units (labelled by whether a lesion lies on them), and
/// the `DetectionInput` with lesions and, for SR marks, the marks (for `kind = "model"` the
/// marks come from the score step).
pub(crate) fn index(plan: &Plan, ctl: &Control) -> Result<Index> {
    let (Some(marks_spec), Some(lesions_spec)) = (&plan.marks, &plan.lesions) else {
        return Err(Error::PlanInvalid {
            path: plan.resolve(&plan.cohort.path),
            message: "a detection plan needs [marks] and [lesions]".into(),
        });
    };
    let spec = &plan.cohort;
    let unit = spec.unit.unwrap_or(UnitKind::Image);
    let root = plan.resolve(&spec.path);
    let mut scan =
        crate::cohort::dicom::scan(&root, &images::keywords(spec)).map_err(|source| {
            Error::Read {
                what: "DICOM folder",
                path: root.clone(),
                source,
            }
        })?;
    ctl.check()?;
    let truth_root = plan.resolve(&lesions_spec.path);
    let truth_files = files(&truth_root, "[lesions]")?;
    let mark_files = match marks_spec.kind {
        MarksKind::Sr => files(&plan.resolve(&marks_spec.path), "[marks]")?,
        MarksKind::Model | MarksKind::Csv => Vec::new(),
    };
    // Truth and mark files kept inside the cohort folder are neither images nor exclusions.
    let theirs: HashSet<PathBuf> = truth_files
        .iter()
        .chain(&mark_files)
        .map(|f| canonical(&f.path))
        .collect();
    scan.images
        .retain(|h| !theirs.contains(&canonical(&h.path)));
    scan.rejected
        .retain(|r| !theirs.contains(&canonical(&root.join(&r.rel_path))));
    let manifest = scan.manifest_sha256();

    let mut found = Found {
        sources: DetectionSources {
            marks: match marks_spec.kind {
                MarksKind::Model => "model",
                MarksKind::Sr | MarksKind::Csv => "sr",
            }
            .into(),
            lesions: match lesions_spec.kind {
                LesionsKind::Sr => "sr",
                LesionsKind::Seg | LesionsKind::Csv => "seg",
            }
            .into(),
            truth_files: truth_files.len(),
            mark_files: mark_files.len(),
            min_voxels: lesions_spec.min_voxels.unwrap_or(1),
            ..DetectionSources::default()
        },
        ..Found::default()
    };
    {
        let mut places = place::Places::new(&scan.images);
        let needs_radius = matches!(
            plan.detection_spec().hit,
            crate::plan::Hit::Rule(crate::plan::detection::HitName::CentreWithinRadius)
        );
        for f in &truth_files {
            ctl.check()?;
            match lesions_spec.kind {
                LesionsKind::Sr => sr::read_file(
                    f,
                    sr::Role::Truth { needs_radius },
                    unit,
                    &mut places,
                    &mut found,
                )?,
                LesionsKind::Seg | LesionsKind::Csv => {
                    seg::read_file(f, unit, found.sources.min_voxels, &mut places, &mut found)
                }
            }
        }
        for f in &mark_files {
            ctl.check()?;
            sr::read_file(f, sr::Role::Marks, unit, &mut places, &mut found)?;
        }
    }
    found.sources.truth_files_unmatched = found.unmatched_truth.len();
    found.sources.mark_files_unmatched = found.unmatched_marks.len();

    // Every identifier known: the guard, and the file names that hold one.
    let mut ids = std::mem::take(&mut scan.identifiers);
    ids.merge(std::mem::take(&mut found.ids));
    ids.add_path_components(
        truth_files
            .iter()
            .chain(&mark_files)
            .map(|f| f.rel.as_str()),
    );
    let guard = ids.guard();

    let pseudo = ctl.pseudonymizer()?;
    let covered = &found.covered;
    let label_of = |h: &crate::cohort::dicom::Header| -> Labelled {
        let modality = h.attributes.get("Modality").map(String::as_str);
        if matches!(modality, Some("SEG" | "RTSTRUCT" | "SR")) {
            return Err((
                ExclusionReason::NoPixelData,
                "a segmentation or report object in the cohort folder that [lesions] and [marks] do not name".into(),
            ));
        }
        match covered.get(&h.series_instance_uid) {
            Some(None) => Ok(false),
            Some(Some(why)) => Err((ExclusionReason::Unscorable, why.clone())),
            None => Err((
                ExclusionReason::NoLabel,
                "no truth file references this image".into(),
            )),
        }
    };
    let grouped = images::group(scan, spec, &pseudo, &truth_root, label_of)?;
    ctl.check()?;

    let by_key: HashMap<&str, usize> = grouped
        .cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    let (lesions, marks, unknown_unit) = join(&found, &by_key, grouped.cases.len())?;
    let mut label = vec![false; grouped.cases.len()];
    for l in &lesions {
        label[l.lesion.unit] = true;
    }
    let ids: crate::run::prepare::IdSet = grouped.cases.iter().map(|c| c.key.clone()).collect();
    let units: Vec<Unit> = grouped
        .cases
        .into_iter()
        .zip(label)
        .map(|(case, label)| case.into_unit(label))
        .collect();

    let over = |lines: &mut Vec<String>| {
        lines.sort();
        provenance::sha256_hex(lines.concat().as_bytes())
    };
    let lesions_sha256 = over(&mut found.truth_lines);
    let marks_sha256 = over(&mut found.mark_lines);
    let unmatched_labels = found
        .unmatched_truth
        .iter()
        .map(|(rel, why)| format!("truth file {}: {why}", pseudo.pseudonym(rel)))
        .collect();
    let unmatched_predictions = found
        .unmatched_marks
        .iter()
        .map(|(rel, _)| rel.clone())
        .collect();
    let model = marks_spec.kind == MarksKind::Model;
    let input = DetectionInput {
        marks,
        lesions,
        unknown_unit,
        unit_scores: None,
        marks_sha256: marks_sha256.clone(),
        lesions_sha256: lesions_sha256.clone(),
        sources: Some(found.sources),
    };
    Ok(Index {
        rows: grouped.files,
        units,
        excluded: grouped.excluded,
        ids,
        unmatched_labels,
        negative: String::new(),
        cohort_sha256: provenance::sha256_hex(
            format!("detection dicom\n{manifest}\n{lesions_sha256}").as_bytes(),
        ),
        guard,
        identifier_warnings: Vec::new(),
        pseudonyms: Some(pseudo),
        unmatched_predictions,
        predictions_sha256: (!model).then_some(marks_sha256),
        detection: Some(Arc::new(input)),
        listed: None,
    })
}

/// The lesions and marks joined to the units by key, lesions in unit order (file order within
/// a unit); marks on a unit not in the cohort counted. More than [`MAX_PER_UNIT`] of either on
/// one unit is refused.
fn join(
    found: &Found,
    by_key: &HashMap<&str, usize>,
    units: usize,
) -> Result<(Vec<LesionInfo>, Vec<Mark>, usize)> {
    let mut per_unit = vec![(0usize, 0usize); units];
    let mut lesions = Vec::with_capacity(found.lesions.len());
    for l in &found.lesions {
        let Some(&unit) = by_key.get(l.key.as_str()) else {
            continue;
        };
        per_unit[unit].0 += 1;
        lesions.push(LesionInfo {
            lesion: Lesion {
                unit,
                centre: l.centre,
                radius: l.radius,
                bbox: l.bbox,
            },
            size_mm: l.size_mm,
            kind: l.kind.clone(),
        });
    }
    lesions.sort_by_key(|l| l.lesion.unit);
    let mut marks = Vec::with_capacity(found.marks.len());
    let mut unknown = 0;
    for m in &found.marks {
        let Some(&unit) = by_key.get(m.key.as_str()) else {
            unknown += 1;
            continue;
        };
        per_unit[unit].1 += 1;
        marks.push(Mark {
            unit,
            centre: m.centre,
            score: m.score,
            bbox: m.bbox,
        });
    }
    if let Some((lesions, marks)) = per_unit
        .iter()
        .find(|(l, m)| *l > MAX_PER_UNIT || *m > MAX_PER_UNIT)
    {
        return Err(Error::Outcomes(format!(
            "a unit has {lesions} lesions and {marks} marks, above the limit of {MAX_PER_UNIT} of each a unit: check [lesions] min_voxels and that the files are detection results"
        )));
    }
    Ok((lesions, marks, unknown))
}

#[cfg(test)]
mod tests;
