//! The first step of a run: the plan as run, the cohort indexed into units, and the run key
//! that says which model, scores, preprocessing and cohort the units' outcomes belong to.
//! Nothing is scored here (but the manifest's fidelity self-test, which must pass before the
//! first case is).

use std::path::Path;

use super::control::{Control, Progress};
use super::source::{Model, Vendor, read_vendor, vendor_rows};
use super::unit::{Features, Input, Unit};
use crate::cohort::table::Table;
use crate::cohort::{self, Exclusion, ExclusionReason};
use crate::error::{Error, Result};
use crate::model::manifest::{Loaded, ManifestUse};
use crate::plan::{CohortKind, Plan, PredictionsKind, Task};
use crate::provenance;

/// A set of case ids, hashed with foldhash (SipHash was a tenth of a 1M-case run).
pub(crate) type IdSet = std::collections::HashSet<String, foldhash::fast::RandomState>;

/// A cohort indexed and its sources identified, ready to be scored in any number of parts.
///
/// The units hold what the analysis needs in memory (dates, patient keys, paths): a
/// serialised index is as sensitive as the cohort itself and stays on the hospital's machines.
/// `manifest`, `guard` and `pseudonyms` are kept as opened here; a caller that ships a
/// `Prepared` elsewhere would prepare again there and compare `run_key`.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The plan as it runs: the plan file, completed by what the vendor's manifest fills.
    pub plan: Plan,
    /// The units to score, in cohort order (CSV rows, DICOM cases).
    pub units: Vec<Unit>,
    /// Rows and files left out while indexing, with their reasons.
    pub excluded: Vec<Exclusion>,
    /// CSV rows or DICOM files read.
    pub rows: usize,
    /// The label value read as negative.
    pub negative: String,
    /// DICOM: label rows that match no image, as "line N" of the labels file.
    pub unmatched_labels: Vec<String>,
    /// CSV ids that look like identifiers (`privacy::ids`), by line.
    pub identifier_warnings: Vec<String>,
    pub cohort_sha256: String,
    /// The main model's SHA-256 (plans with a model).
    pub model_sha256: Option<String>,
    /// The vendor's score file's SHA-256 (plans scored by the vendor).
    pub predictions_sha256: Option<String>,
    /// The ONNX Runtime version (plans with a model).
    pub onnxruntime: Option<String>,
    /// SHA-256 over the effective preprocessing, the model (or the vendor's score file), the
    /// cohort's content and the ONNX Runtime version, and each `[[compare]]` source's file:
    /// outcomes scored under another key belong to another run and are refused.
    pub run_key: String,
    /// The SHA-256 of each `[[compare]]` source's model or score file, by name.
    pub compare_sha256: Vec<(String, String)>,
    /// Vendor ids that match no cohort id (raw: a DICOM cohort's are paths or UIDs, named by
    /// pseudonym when the evaluation is written).
    pub(crate) unmatched_predictions: Vec<String>,
    pub(crate) manifest: Option<(Loaded, ManifestUse)>,
    pub(crate) fidelity: Option<crate::model::fidelity::Fidelity>,
    pub(crate) guard: crate::privacy::Guard,
    pub(crate) pseudonyms: Option<crate::privacy::Pseudonymizer>,
    pub(crate) started: String,
    /// The main model as opened here, for the next step that needs it.
    pub(crate) opened: Opened,
    /// The vendor's scores as read here, lent to `score` so that `run` reads the file once
    /// (a part that finds them taken reads the file again and checks its SHA-256).
    pub(crate) vendor: Lent<Vendor>,
    /// Detection: the marks and lesions read and checked (`detection::read`).
    pub(crate) detection: Option<std::sync::Arc<crate::detection::read::DetectionInput>>,
    /// DICOM cohorts: the folder's entries as listed, for a work folder's index.
    pub(crate) listed: Option<super::listing::Listed>,
}

/// The part of a DICOM cohort one shard scores (`shard::score_shard`): the work folder's index,
/// which files are its own, and the cohort's SHA-256 as prepared (the shard reads only its own
/// files, so it cannot compute it; the merge does).
pub(crate) struct Part<'a> {
    pub(crate) index: &'a super::listing::CohortIndex,
    pub(crate) cohort_sha256: &'a str,
    pub(crate) k: usize,
    pub(crate) n: usize,
}

/// The main model as `prepare` opened it (after the fidelity self-test), lent to `score` and
/// `evaluate` in turn: `run` uses one session from the self-test to the last case, as it did
/// before the split (a part that finds it lent out opens its own).
pub(crate) type Opened = Lent<Model>;

/// What `prepare` opened and a later step may borrow: taken by the first step that needs it,
/// put back when it is done; a step that finds it taken opens its own.
pub(crate) struct Lent<T>(std::sync::Arc<std::sync::Mutex<Option<T>>>);

impl<T> Clone for Lent<T> {
    fn clone(&self) -> Self {
        Lent(self.0.clone())
    }
}

impl<T> Default for Lent<T> {
    fn default() -> Self {
        Lent(Default::default())
    }
}

impl<T> std::fmt::Debug for Lent<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lent(..)")
    }
}

impl<T> Lent<T> {
    pub(crate) fn take(&self) -> Option<T> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    pub(crate) fn put(&self, value: T) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(value);
    }
}

impl Prepared {
    /// Every unit: the selection `score` takes to score the whole cohort.
    pub fn all(&self) -> Vec<usize> {
        (0..self.units.len()).collect()
    }

    /// Closes the model session kept for the next step, freeing its memory while the prepared
    /// run waits; the next step that needs the model opens it again.
    pub fn close_model(&self) {
        drop(self.opened.take());
    }
}

/// Reads the plan's manifest, model and cohort, and indexes the cohort into units. With a
/// manifest, the fidelity self-test runs here, before anything is scored.
pub fn prepare(plan: &Plan, ctl: &Control) -> Result<Prepared> {
    prepare_in(plan, ctl, Scope::Whole)
}

/// [`prepare`] keeping a DICOM cohort's listing (`Prepared::listed`) for a work folder's
/// index; other runs do not hold a path and a hash per file.
pub(crate) fn prepare_listed(plan: &Plan, ctl: &Control) -> Result<Prepared> {
    prepare_in(plan, ctl, Scope::Listed)
}

/// [`prepare`] of one shard's part of a DICOM cohort: its units only, from its own files.
pub(crate) fn prepare_part(plan: &Plan, ctl: &Control, part: &Part) -> Result<Prepared> {
    prepare_in(plan, ctl, Scope::Part(part))
}

/// What of a DICOM cohort `prepare_in` reads and keeps.
#[derive(Clone, Copy)]
enum Scope<'a> {
    Whole,
    Listed,
    Part(&'a Part<'a>),
}

fn prepare_in(plan: &Plan, ctl: &Control, scope: Scope) -> Result<Prepared> {
    let started = provenance::now();
    // What the vendor's manifest gives and the plan leaves out fills the plan as it runs.
    let (effective, manifest) = crate::model::manifest::apply(plan)?;
    let plan = effective;
    ctl.report(Progress::Stage {
        name: "Reading cohort",
        total: 0,
    });
    let model = match &plan.model {
        Some(spec) => Some(
            Model::open(
                &plan,
                spec,
                ctl,
                manifest.as_ref().map(|(loaded, _)| loaded),
            )
            .map_err(|e| match (e, &manifest) {
                // Name what the plan changed from the vendor's package: the likeliest cause.
                (Error::Fidelity(m), Some((_, used))) if !used.overrides.is_empty() => {
                    let keys: Vec<&str> = used.overrides.iter().map(|o| o.key.as_str()).collect();
                    Error::Fidelity(format!(
                        "{m}. The plan overrides the manifest's {}",
                        keys.join(", ")
                    ))
                }
                (e, _) => e,
            })?,
        ),
        None => None,
    };
    let segmentation = plan.study.task == Task::Segmentation;
    let csv_binary = plan.cohort.kind == CohortKind::Csv
        && !segmentation
        && !plan.is_findings()
        && plan.study.task != Task::Detection;
    // A vendor file that is the cohort file itself (scores beside the labels) is read once,
    // and its scores and its cases taken from it side by side.
    let mut one_file = None;
    let vendor = match &plan.predictions {
        Some(spec) if spec.kind == PredictionsKind::Csv && !plan.is_findings() => {
            let path = plan.resolve(&spec.path);
            if csv_binary && path == plan.resolve(&plan.cohort.path) {
                let table = Table::read(&path, "vendor predictions")?;
                let (vendor, index) = rayon::join(
                    || vendor_rows(&table, spec, path.clone()),
                    || index_csv(&plan, ctl, model.is_some(), Some(&table)),
                );
                let vendor = vendor?;
                one_file = Some(index?);
                Some(vendor)
            } else {
                Some(read_vendor(&plan, spec)?)
            }
        }
        _ => None,
    };
    let mut index = match plan.cohort.kind {
        _ if segmentation => index_segmentation(&plan, ctl)?,
        _ if plan.is_findings() => index_findings(&plan, ctl, model.is_some())?,
        CohortKind::Dicom if plan.study.task == Task::Detection => {
            crate::detection::dicom::index(&plan, ctl)?
        }
        _ if plan.study.task == Task::Detection => index_detection(&plan, ctl)?,
        CohortKind::Csv => match one_file {
            Some(index) => index,
            None => index_csv(&plan, ctl, model.is_some(), None)?,
        },
        CohortKind::Dicom => match scope {
            Scope::Part(part) => index_dicom_part(&plan, ctl, part)?,
            Scope::Whole => index_dicom(&plan, ctl, false)?,
            Scope::Listed => index_dicom(&plan, ctl, true)?,
        },
    };
    let unmatched_predictions = match &vendor {
        Some(v) => v.0.unmatched(&index.ids),
        None => std::mem::take(&mut index.unmatched_predictions),
    };
    let mut compare_sha256 = Vec::with_capacity(plan.compare.len());
    for spec in &plan.compare {
        let sha = match (&spec.model, &spec.predictions) {
            (Some(m), _) => {
                provenance::sha256_hex(&crate::user_file::read(&plan.resolve(&m.path), "model")?)
            }
            (None, Some(p)) => Table::read(&plan.resolve(&p.path), "vendor predictions")?.sha256,
            (None, None) => String::new(),
        };
        compare_sha256.push((spec.name.clone(), sha));
    }
    let opened = Opened::default();
    let (model_sha256, onnxruntime, fidelity) = match model {
        Some(m) => {
            let known = (
                Some(m.sha256.clone()),
                Some(m.runtime_version.clone()),
                m.fidelity.clone(),
            );
            opened.put(m);
            known
        }
        None => (None, None, None),
    };
    let predictions_sha256 = vendor
        .as_ref()
        .map(|(_, sha, _)| sha.clone())
        .or(index.predictions_sha256.take());
    let lent_vendor = Lent::default();
    if let Some(v) = vendor {
        lent_vendor.put(v);
    }
    let run_key = run_key(
        &plan,
        model_sha256.as_deref().or(predictions_sha256.as_deref()),
        &index.cohort_sha256,
        onnxruntime.as_deref(),
        &compare_sha256,
    );
    index.units.shrink_to_fit();
    Ok(Prepared {
        plan,
        units: index.units,
        excluded: index.excluded,
        rows: index.rows,
        negative: index.negative,
        unmatched_labels: index.unmatched_labels,
        identifier_warnings: index.identifier_warnings,
        cohort_sha256: index.cohort_sha256,
        model_sha256,
        predictions_sha256,
        onnxruntime,
        run_key,
        compare_sha256,
        unmatched_predictions,
        manifest,
        fidelity,
        guard: index.guard,
        pseudonyms: index.pseudonyms,
        started,
        opened,
        vendor: lent_vendor,
        detection: index.detection,
        listed: index.listed,
    })
}

/// The run key: what makes two parts' outcomes parts of one run.
fn run_key(
    plan: &Plan,
    scores: Option<&str>,
    cohort: &str,
    onnxruntime: Option<&str>,
    compare: &[(String, String)],
) -> String {
    let preprocess = serde_json::to_string(&plan.preprocess).unwrap_or_default();
    let mut text = format!(
        "provestein run key 1\npreprocess {preprocess}\nscores {}\ncohort {cohort}\nonnxruntime {}\n",
        scores.unwrap_or("-"),
        onnxruntime.unwrap_or("-"),
    );
    for (name, sha) in compare {
        text.push_str(&format!("compare {name:?} {sha}\n"));
    }
    provenance::sha256_hex(text.as_bytes())
}

/// What indexing a cohort yields, whatever its kind.
pub(crate) struct Index {
    pub(crate) rows: usize,
    pub(crate) units: Vec<Unit>,
    pub(crate) excluded: Vec<Exclusion>,
    /// Every id the cohort has (indexed or not), to find vendor scores that match none.
    pub(crate) ids: IdSet,
    pub(crate) unmatched_labels: Vec<String>,
    pub(crate) negative: String,
    pub(crate) cohort_sha256: String,
    pub(crate) guard: crate::privacy::Guard,
    pub(crate) identifier_warnings: Vec<String>,
    pub(crate) pseudonyms: Option<crate::privacy::Pseudonymizer>,
    /// Segmentation: mask files of the vendor that match no series (relative paths).
    pub(crate) unmatched_predictions: Vec<String>,
    /// Segmentation: SHA-256 over the vendor's mask files.
    pub(crate) predictions_sha256: Option<String>,
    /// Detection: marks and lesions.
    pub(crate) detection: Option<std::sync::Arc<crate::detection::read::DetectionInput>>,
    /// DICOM: the folder's entries as listed.
    pub(crate) listed: Option<super::listing::Listed>,
}

/// A detection cohort: the units of the cohort CSV, labelled by whether `[lesions]` has a row
/// for them; the marks are the run's scores (their SHA-256 in the run key), the lesions part
/// of its cohort.
fn index_detection(plan: &Plan, ctl: &Control) -> Result<Index> {
    let read = crate::detection::read::units(plan)?;
    ctl.check()?;
    let index: std::collections::HashMap<&str, usize> = read
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let input = crate::detection::read::marks_and_lesions(plan, &index, read.unit_scores)?;
    let mut label = vec![false; read.units.len()];
    for l in &input.lesions {
        label[l.lesion.unit] = true;
    }
    let identifier_warnings = crate::privacy::ids::warnings(
        read.units.iter().map(|u| (u.line, u.id.as_str())),
        |_| false,
        &format!("\"{}\"", plan.cohort.id.as_deref().unwrap_or("id")),
    );
    let ids = read.units.iter().map(|u| u.id.clone()).collect();
    let units = read
        .units
        .into_iter()
        .zip(label)
        .map(|(u, label)| Unit {
            id: u.id.into(),
            label,
            subgroups: u.subgroups.into_iter().map(Into::into).collect(),
            date: u.date,
            patient: u.patient.map(Into::into),
            input: Input::Row {
                line: u.line,
                features: Features::default(),
            },
        })
        .collect();
    Ok(Index {
        rows: read.rows,
        units,
        excluded: read.excluded,
        ids,
        unmatched_labels: Vec::new(),
        negative: String::new(),
        cohort_sha256: provenance::sha256_hex(
            format!("{}{}", read.sha256, input.lesions_sha256).as_bytes(),
        ),
        guard: crate::privacy::Guard::default(),
        identifier_warnings,
        pseudonyms: None,
        unmatched_predictions: Vec::new(),
        predictions_sha256: Some(input.marks_sha256.clone()),
        detection: Some(std::sync::Arc::new(input)),
        listed: None,
    })
}

fn index_segmentation(plan: &Plan, ctl: &Control) -> Result<Index> {
    let pseudo = ctl.pseudonymizer()?;
    let seg = crate::segmentation::cohort::index(plan, pseudo)?;
    ctl.check()?;
    Ok(Index {
        rows: seg.rows,
        units: seg.units,
        excluded: seg.excluded,
        ids: IdSet::default(),
        unmatched_labels: seg.unmatched_truth,
        negative: String::new(),
        cohort_sha256: seg.cohort_sha256,
        guard: seg.guard,
        identifier_warnings: Vec::new(),
        pseudonyms: Some(seg.pseudonyms),
        unmatched_predictions: seg.unmatched_predictions,
        predictions_sha256: seg.predictions_sha256,
        detection: None,
        listed: None,
    })
}

/// A multi-finding cohort (`crate::findings::cohort`), its vendor file's unmatched ids.
fn index_findings(plan: &Plan, ctl: &Control, main_model: bool) -> Result<Index> {
    let f = crate::findings::prepare::index(plan, main_model)?;
    ctl.check()?;
    Ok(Index {
        rows: f.rows,
        units: f.units,
        excluded: f.excluded,
        ids: IdSet::default(),
        unmatched_labels: Vec::new(),
        negative: String::new(),
        cohort_sha256: f.cohort_sha256,
        guard: crate::privacy::Guard::default(),
        identifier_warnings: f.identifier_warnings,
        pseudonyms: None,
        unmatched_predictions: f.unmatched_predictions,
        predictions_sha256: f.predictions_sha256,
        detection: None,
        listed: None,
    })
}

/// `read`: the cohort file when `prepare` has read it already (it is also the score file).
fn index_csv(plan: &Plan, ctl: &Control, main_model: bool, read: Option<&Table>) -> Result<Index> {
    let owned;
    let table = match read {
        Some(t) => t,
        None => {
            owned = Table::read(&plan.resolve(&plan.cohort.path), "cohort")?;
            &owned
        }
    };
    // A `[[compare]]` model reads the features a vendor-scored plan does not: read apart, so
    // that a row only it cannot read is left out of that comparison only.
    let compare_features = if !main_model && plan.compare.iter().any(|c| c.model.is_some()) {
        let with = cohort::csv::read(table, &plan.cohort, true, |c| c)?;
        let mut by_id: std::collections::HashMap<crate::Id, std::result::Result<Vec<f32>, String>> =
            with.cases
                .into_iter()
                .map(|c| (c.id, Ok(c.features)))
                .collect();
        by_id.extend(
            with.excluded
                .into_iter()
                .map(|e| (e.id.into(), Err(e.detail))),
        );
        Some(by_id)
    } else {
        None
    };
    let cohort = cohort::csv::read(table, &plan.cohort, main_model, |case| {
        let features = match &compare_features {
            Some(by_id) => by_id.get(&case.id).cloned().unwrap_or(Ok(Vec::new())),
            None => Ok(case.features),
        };
        Unit {
            id: case.id,
            label: case.label,
            subgroups: case.subgroups.into(),
            date: case.date,
            patient: case.patient,
            input: Input::Row {
                line: case.line,
                features: Features::new(features),
            },
        }
    })?;
    ctl.check()?;
    let identifier_warnings = crate::privacy::ids::warnings(
        cohort
            .cases
            .iter()
            .map(|u| match u.input {
                Input::Row { line, .. } => (line, u.id.as_str()),
                _ => (0, u.id.as_str()),
            })
            .chain(
                cohort
                    .excluded
                    .iter()
                    .map(|e| (e.line.unwrap_or(0), e.id.as_str())),
            ),
        |_| false,
        &format!("\"{}\"", plan.cohort.id.as_deref().unwrap_or("id")),
    );
    // The ids the vendor's are matched against; not needed when the vendor's file is this
    // one (`read`), where every id is a cohort id.
    let ids = if read.is_some() {
        IdSet::default()
    } else {
        cohort
            .cases
            .iter()
            .map(|c| c.id.to_string())
            .chain(cohort.excluded.iter().map(|e| e.id.clone()))
            .collect()
    };
    Ok(Index {
        rows: cohort.rows,
        units: cohort.cases,
        excluded: cohort.excluded,
        ids,
        unmatched_labels: Vec::new(),
        negative: cohort.negative,
        cohort_sha256: table.sha256.clone(),
        guard: crate::privacy::Guard::default(),
        identifier_warnings,
        pseudonyms: None,
        unmatched_predictions: Vec::new(),
        predictions_sha256: None,
        detection: None,
        listed: None,
    })
}

/// `listed`: keep the folder's entries (`Prepared::listed`).
fn index_dicom(plan: &Plan, ctl: &Control, listed: bool) -> Result<Index> {
    let spec = &plan.cohort;
    let root = plan.resolve(&spec.path);
    let scan = cohort::dicom::scan(&root, &cohort::images::keywords(spec))
        .map_err(|source| dicom_folder(&root, source))?;
    let manifest = scan.manifest_sha256();
    // Every listed entry: the images, the files refused, the DICOMDIRs (not the files a
    // DICOMDIR names that are missing: they are not in the folder).
    let entries: Option<Vec<(String, Option<String>)>> = listed.then(|| {
        scan.images
            .iter()
            .map(|h| (h.rel_path.clone(), Some(h.sha256.clone())))
            .chain(
                scan.rejected
                    .iter()
                    .filter(|r| r.reason != ExclusionReason::MissingFile)
                    .map(|r| (r.rel_path.clone(), None)),
            )
            .chain(scan.dicomdirs.iter().map(|d| (d.clone(), None)))
            .collect()
    });
    let pseudo = ctl.pseudonymizer()?;
    let labels = read_labels(plan)?;
    let cohort_sha256 = provenance::sha256_hex(format!("{}{manifest}", labels.sha256).as_bytes());
    let kept = entries.map(|entries| super::listing::Listed {
        entries,
        labels_sha256: labels.sha256.clone(),
    });
    let mut index = dicom_index(plan, ctl, scan, &labels, pseudo, cohort_sha256)?;
    index.listed = kept;
    Ok(index)
}

/// One shard's part of a DICOM cohort: the folder listed and checked against the work folder's
/// index, and only the shard's own files read, each checked against its SHA-256 there.
fn index_dicom_part(plan: &Plan, ctl: &Control, part: &Part) -> Result<Index> {
    let spec = &plan.cohort;
    let root = plan.resolve(&spec.path);
    let listing = cohort::dicom::list(&root).map_err(|source| dicom_folder(&root, source))?;
    let pseudo = ctl.pseudonymizer()?;
    let files = part
        .index
        .files_of(&root, listing.rel_paths(), &pseudo, part.k, part.n)?;
    let scan = cohort::dicom::scan_only(listing, &cohort::images::keywords(spec), |rel| {
        files.contains_key(rel)
    })
    .map_err(|source| dicom_folder(&root, source))?;
    // The first of the shard's files that is not as prepared: another hash, or now refused.
    let first = scan
        .images
        .iter()
        .find(|h| files[&h.rel_path] != h.sha256)
        .map(|h| h.rel_path.as_str())
        .or(scan.rejected.first().map(|r| r.rel_path.as_str()));
    if first.is_some() || scan.images.len() != files.len() {
        let first = first
            .map(|rel| format!(" (the first: {})", pseudo.pseudonym(rel)))
            .unwrap_or_default();
        return Err(Error::Shard {
            path: root,
            message: format!(
                "a file of this shard changed since `provestein prepare`{first}; restore it, or prepare a new work folder"
            ),
        });
    }
    let labels = read_labels(plan)?;
    if labels.sha256 != part.index.labels_sha256 {
        return Err(Error::Shard {
            path: labels.path.clone(),
            message: "changed since `provestein prepare`; restore it, or prepare a new work folder"
                .into(),
        });
    }
    dicom_index(
        plan,
        ctl,
        scan,
        &labels,
        pseudo,
        part.cohort_sha256.to_string(),
    )
}

fn dicom_folder(root: &Path, source: std::io::Error) -> Error {
    Error::Read {
        what: "DICOM folder",
        path: root.to_path_buf(),
        source,
    }
}

fn read_labels(plan: &Plan) -> Result<Table> {
    let labels = plan
        .cohort
        .labels
        .as_deref()
        .unwrap_or(Path::new("labels.csv"));
    Table::read(&plan.resolve(labels), "labels")
}

/// The units of scanned DICOM images joined to their labels.
fn dicom_index(
    plan: &Plan,
    ctl: &Control,
    scan: cohort::dicom::Scan,
    labels: &Table,
    pseudo: crate::privacy::Pseudonymizer,
    cohort_sha256: String,
) -> Result<Index> {
    let guard = scan.identifiers.guard();
    let cohort = cohort::images::build(scan, labels, &plan.cohort, &pseudo)?;
    ctl.check()?;
    let units = cohort
        .cases
        .into_iter()
        .map(|case| {
            let label = case.label;
            case.into_unit(label)
        })
        .collect::<Vec<_>>();
    Ok(Index {
        rows: cohort.files,
        ids: units
            .iter()
            .filter_map(|u| match &u.input {
                Input::Images(case) => Some(case.key.to_string()),
                Input::Row { .. } | Input::Segmentation(_) => None,
            })
            .collect(),
        units,
        excluded: cohort.excluded,
        unmatched_labels: cohort.unmatched_labels,
        negative: cohort.negative,
        cohort_sha256,
        guard,
        identifier_warnings: Vec::new(),
        pseudonyms: Some(pseudo),
        unmatched_predictions: Vec::new(),
        predictions_sha256: None,
        detection: None,
        listed: None,
    })
}

/// A unit's exclusion while scoring, as the evaluation lists it.
pub(crate) fn row_exclusion(unit: &Unit, reason: ExclusionReason, detail: String) -> Exclusion {
    Exclusion {
        id: unit.id.to_string(),
        line: match unit.input {
            Input::Row { line, .. } => Some(line),
            Input::Images { .. } | Input::Segmentation(_) => None,
        },
        file: None,
        reason,
        detail,
    }
}
