//! A segmentation cohort indexed (the `prepare` step): the DICOM folder's images grouped into
//! series (or slices), and the `[truth]` and `[predictions]` files joined to the series they
//! reference. Every side of the join is counted: a series without truth is excluded with its
//! reason, a mask file that references no series of the cohort is listed as unmatched.
//!
//! Joining, decided here: a mask file belongs to each cohort series whose SeriesInstanceUID it
//! names inside a sequence (RTSTRUCT: RT Referenced Series; SEG: Referenced Series Sequence);
//! failing that, to the series of any image whose SOP Instance UID it references (RTSTRUCT:
//! Contour Image Sequence; SEG: source images). A label map (NIfTI, NRRD) belongs to the series
//! whose SeriesInstanceUID is its file name (`1.2.840….nii.gz`): a label map carries no UID, and
//! matching every map against every series' grid would read each map once per series. UIDs,
//! paths and PatientIDs stay in memory.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::cohort::dicom::{Header, Scan, age_band, age_in_years};
use crate::cohort::images::{CONTEXT, DATE, EQUIPMENT, file_exclusion, filtered_out, keywords};
use crate::cohort::{Exclusion, ExclusionReason, parse_date};
use crate::error::{Error, Result};
use crate::plan::{Plan, PredictionsKind, TruthKind, Unit as UnitKind};
use crate::privacy::{Collector, Pseudonymizer};
use crate::provenance;
use crate::run::{Image, Input, SegmentationInput, Unit};

/// Most mask files one `[truth]` or `[predictions]` folder may hold.
const MAX_MASK_FILES: usize = 100_000;

/// What indexing a segmentation cohort yields.
pub(crate) struct Indexed {
    pub rows: usize,
    pub units: Vec<Unit>,
    pub excluded: Vec<Exclusion>,
    /// Truth files that reference no series of the cohort (or cannot be read), by pseudonym.
    pub unmatched_truth: Vec<String>,
    /// Prediction files likewise, by relative path (pseudonymised when written).
    pub unmatched_predictions: Vec<String>,
    pub cohort_sha256: String,
    /// SHA-256 over the prediction files (vendor-scored plans).
    pub predictions_sha256: Option<String>,
    pub guard: crate::privacy::Guard,
    pub pseudonyms: Pseudonymizer,
}

/// The kind of mask file looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MaskKind {
    Rtstruct,
    Seg,
    /// NIfTI or NRRD, joined to the series whose SeriesInstanceUID is its file name.
    Labelmap,
}

impl MaskKind {
    fn modality(self) -> &'static str {
        match self {
            MaskKind::Rtstruct => "RTSTRUCT",
            MaskKind::Seg => "SEG",
            MaskKind::Labelmap => "label map",
        }
    }
}

/// Label map file names the reader knows, and the name without them (the series UID).
const LABELMAP_EXTENSIONS: [&str; 4] = [".nii.gz", ".nii", ".nrrd", ".nhdr"];

fn labelmap_stem(rel_path: &str) -> Option<&str> {
    let name = rel_path.rsplit('/').next().unwrap_or(rel_path);
    LABELMAP_EXTENSIONS.iter().find_map(|e| {
        name.len()
            .checked_sub(e.len())
            .filter(|&cut| name[cut..].eq_ignore_ascii_case(e))
            .map(|cut| &name[..cut])
    })
}

/// One mask file as found: what it references.
struct MaskFile {
    rel_path: String,
    path: PathBuf,
    series: Vec<String>,
    sops: Vec<String>,
    sha256: String,
}

/// Indexes the plan's DICOM cohort into segmentation units.
pub(crate) fn index(plan: &Plan, pseudo: Pseudonymizer) -> Result<Indexed> {
    let spec = &plan.cohort;
    let root = plan.resolve(&spec.path);
    let truth_spec = plan
        .truth
        .as_ref()
        .expect("validated: a segmentation plan has [truth]");
    let truth_kind = match truth_spec.kind {
        TruthKind::Rtstruct => MaskKind::Rtstruct,
        TruthKind::Seg => MaskKind::Seg,
        TruthKind::Labelmap => MaskKind::Labelmap,
    };
    let mut ids = Collector::default();
    let truth_root = plan.resolve(&truth_spec.path);
    let (truth_files, mut unmatched_truth_raw) =
        mask_files(&truth_root, truth_kind, "[truth]", &mut ids)?;
    let (pred_files, mut unmatched_pred_raw, predictions_sha256) = match &plan.predictions {
        Some(p) if p.kind != PredictionsKind::Csv => {
            let kind = if p.kind == PredictionsKind::Rtstruct {
                MaskKind::Rtstruct
            } else {
                MaskKind::Seg
            };
            let pred_root = plan.resolve(&p.path);
            let (files, unmatched) = mask_files(&pred_root, kind, "[predictions]", &mut ids)?;
            let mut lines: Vec<String> = files
                .iter()
                .map(|f| format!("{}\t{}\n", f.rel_path, f.sha256))
                .collect();
            lines.sort();
            let sha = provenance::sha256_hex(lines.concat().as_bytes());
            (files, unmatched, Some(sha))
        }
        _ => (Vec::new(), Vec::new(), None),
    };

    let mut scan =
        crate::cohort::dicom::scan(&root, &keywords(spec)).map_err(|source| Error::Read {
            what: "DICOM folder",
            path: root.clone(),
            source,
        })?;
    let manifest = scan.manifest_sha256();
    let mask_paths: HashSet<PathBuf> = truth_files
        .iter()
        .chain(&pred_files)
        .map(|f| canonical(&f.path))
        .collect();
    ids.merge(std::mem::take(&mut scan.identifiers));
    let guard = ids.guard();
    let rows = scan.images.len() + scan.rejected.len();
    let (groups, mut excluded) = group_series(scan, plan, &pseudo, &mask_paths);

    // Which series each mask file belongs to.
    let sop_series: HashMap<&str, &str> = groups
        .values()
        .flatten()
        .map(|h| (h.sop_instance_uid.as_str(), h.series_instance_uid.as_str()))
        .collect();
    let join = |files: &[MaskFile], unmatched: &mut Vec<(String, String)>| {
        let mut by_series: HashMap<String, Vec<PathBuf>> = HashMap::new();
        for f in files {
            let mut series: Vec<&str> = f
                .series
                .iter()
                .map(String::as_str)
                .filter(|s| groups.contains_key(*s))
                .collect();
            if series.is_empty() {
                series = f
                    .sops
                    .iter()
                    .filter_map(|s| sop_series.get(s.as_str()).copied())
                    .collect();
            }
            series.sort_unstable();
            series.dedup();
            if series.is_empty() {
                unmatched.push((
                    f.rel_path.clone(),
                    "references no series of the cohort".to_string(),
                ));
            }
            for s in series {
                by_series
                    .entry(s.to_string())
                    .or_default()
                    .push(f.path.clone());
            }
        }
        by_series
    };
    let truth_by_series = join(&truth_files, &mut unmatched_truth_raw);
    let pred_by_series = join(&pred_files, &mut unmatched_pred_raw);
    let vendor = plan.predictions.is_some();

    let unit_kind = spec.unit.unwrap_or(UnitKind::Image);
    let mut units = Vec::new();
    let mut patients: HashMap<String, usize> = HashMap::new();
    for (series, members) in groups {
        let images: std::sync::Arc<Vec<Image>> = std::sync::Arc::new(
            members
                .iter()
                .map(|h| Image {
                    rel_path: h.rel_path.clone(),
                    path: h.path.clone(),
                })
                .collect(),
        );
        let ids_of = |pseudo: &Pseudonymizer| -> Vec<(String, Option<usize>)> {
            match unit_kind {
                UnitKind::Image => members
                    .iter()
                    .enumerate()
                    .map(|(i, h)| (pseudo.pseudonym(&h.rel_path), Some(i)))
                    .collect(),
                _ => vec![(pseudo.pseudonym(&series), None)],
            }
        };
        let truth = truth_by_series.get(&series).cloned().unwrap_or_default();
        let predictions = pred_by_series.get(&series).cloned().unwrap_or_default();
        let missing = if truth.is_empty() {
            Some((
                ExclusionReason::NoLabel,
                "no [truth] file references this series".to_string(),
            ))
        } else if vendor && predictions.is_empty() {
            Some((
                ExclusionReason::NoScore,
                "no [predictions] file references this series".to_string(),
            ))
        } else {
            None
        };
        if let Some((reason, detail)) = missing {
            for (id, _) in ids_of(&pseudo) {
                excluded.push(Exclusion {
                    id,
                    line: None,
                    file: None,
                    reason,
                    detail: detail.clone(),
                });
            }
            continue;
        }
        let first = &members[0];
        let subgroups: Vec<String> = spec
            .subgroups
            .iter()
            .map(|name| match spec.age_bands.get(name) {
                Some(edges) => age_band(age_in_years(&first.attributes["PatientAge"]), edges),
                None => first.attributes[name].clone(),
            })
            .collect();
        let date = members
            .iter()
            .filter_map(|h| parse_date(&h.attributes[DATE]))
            .min();
        let equipment: Vec<String> = EQUIPMENT
            .iter()
            .chain(&CONTEXT)
            .map(|k| first.attributes[*k].clone())
            .collect();
        let patient = Some(first.patient_id.as_str())
            .filter(|p| !p.is_empty())
            .map(|p| {
                let next = patients.len();
                format!(
                    "patient {}",
                    *patients.entry(p.to_string()).or_insert(next) + 1
                )
            });
        for (id, slice) in ids_of(&pseudo) {
            units.push(Unit {
                id: id.into(),
                label: false,
                subgroups: subgroups.iter().map(crate::Id::from).collect(),
                date,
                patient: patient.as_deref().map(crate::Id::from),
                input: Input::Segmentation(Box::new(SegmentationInput {
                    series: series.clone(),
                    images: images.clone(),
                    slice,
                    truth: truth.clone(),
                    predictions: predictions.clone(),
                    equipment: equipment.clone().into(),
                })),
            });
        }
    }
    let mut seen = HashSet::new();
    if let Some(u) = units.iter().find(|u| !seen.insert(u.id.clone())) {
        return Err(Error::Outcomes(format!(
            "two cases have the same pseudonym {}; please report this to the Prøvestein developers",
            u.id
        )));
    }
    excluded.sort_by(|a, b| a.id.cmp(&b.id));
    let named = |raw: Vec<(String, String)>, what: &str| -> Vec<String> {
        raw.into_iter()
            .map(|(rel, why)| format!("{what} file {}: {why}", pseudo.pseudonym(&rel)))
            .collect()
    };
    let unmatched_truth = named(unmatched_truth_raw, "truth");
    let unmatched_predictions = unmatched_pred_raw.into_iter().map(|(rel, _)| rel).collect();
    let mut truth_lines: Vec<String> = truth_files
        .iter()
        .map(|f| format!("{}\t{}\n", f.rel_path, f.sha256))
        .collect();
    truth_lines.sort();
    let cohort_sha256 = provenance::sha256_hex(
        format!(
            "segmentation\n{manifest}\n{}",
            provenance::sha256_hex(truth_lines.concat().as_bytes())
        )
        .as_bytes(),
    );
    Ok(Indexed {
        rows,
        units,
        excluded,
        unmatched_truth,
        unmatched_predictions,
        cohort_sha256,
        predictions_sha256,
        guard,
        pseudonyms: pseudo,
    })
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

/// The scan's images by series (after the plan's `include` filter), and the files excluded.
/// Mask files inside the cohort folder are neither images nor exclusions.
fn group_series(
    scan: Scan,
    plan: &Plan,
    pseudo: &Pseudonymizer,
    mask_paths: &HashSet<PathBuf>,
) -> (BTreeMap<String, Vec<Header>>, Vec<Exclusion>) {
    let spec = &plan.cohort;
    let mut excluded: Vec<Exclusion> = scan
        .rejected
        .into_iter()
        .filter(|r| !mask_paths.contains(&canonical(&spec_path(plan, &r.rel_path))))
        .map(|r| {
            let detail = match r.reason {
                ExclusionReason::MissingFile => {
                    "listed in a DICOMDIR but not in the folder: the export may be incomplete"
                        .to_string()
                }
                _ => r.detail,
            };
            file_exclusion(pseudo, &r.rel_path, r.reason, detail)
        })
        .collect();
    let mut groups: BTreeMap<String, Vec<Header>> = BTreeMap::new();
    for h in scan.images {
        if mask_paths.contains(&canonical(&h.path)) {
            continue;
        }
        let modality = h.attributes.get("Modality").map(String::as_str);
        if matches!(modality, Some("SEG" | "RTSTRUCT")) {
            excluded.push(file_exclusion(
                pseudo,
                &h.rel_path,
                ExclusionReason::NoPixelData,
                "a segmentation object in the cohort folder that neither [truth] nor [predictions] names".into(),
            ));
            continue;
        }
        if let Some(detail) = filtered_out(spec, &h) {
            excluded.push(file_exclusion(
                pseudo,
                &h.rel_path,
                ExclusionReason::Filtered,
                detail,
            ));
            continue;
        }
        if h.series_instance_uid.is_empty() {
            excluded.push(file_exclusion(
                pseudo,
                &h.rel_path,
                ExclusionReason::Unscorable,
                "the image has no SeriesInstanceUID, so no truth file can reference its series"
                    .into(),
            ));
            continue;
        }
        groups
            .entry(h.series_instance_uid.clone())
            .or_default()
            .push(h);
    }
    (groups, excluded)
}

fn spec_path(plan: &Plan, rel: &str) -> PathBuf {
    plan.resolve(&plan.cohort.path).join(rel)
}

/// The mask files under `root` (a file or a folder), with what each references; files that
/// are not of the kind asked for, or cannot be read, are returned as unmatched (rel path, why).
/// Their identifying values and path components go to `ids` for the output guard.
#[allow(clippy::type_complexity)]
fn mask_files(
    root: &Path,
    kind: MaskKind,
    section: &str,
    ids: &mut Collector,
) -> Result<(Vec<MaskFile>, Vec<(String, String)>)> {
    let (paths, rels) = files_under(root, section)?;
    ids.add_path_components(rels.iter().map(String::as_str));
    let mut found = Vec::new();
    let mut unmatched = Vec::new();
    for (path, rel_path) in paths.into_iter().zip(rels) {
        let bytes_sha = match std::fs::read(&path) {
            Ok(b) => provenance::sha256_hex(&b),
            Err(e) => {
                unmatched.push((rel_path, format!("cannot be read: {}", e.kind())));
                continue;
            }
        };
        if kind == MaskKind::Labelmap {
            match labelmap_stem(&rel_path) {
                Some(stem) => {
                    let series = vec![stem.to_string()];
                    found.push(MaskFile {
                        rel_path,
                        path,
                        series,
                        sops: Vec::new(),
                        sha256: bytes_sha,
                    });
                }
                // A detached NRRD's data file is read through its .nhdr.
                None if rel_path.ends_with(".raw") || rel_path.ends_with(".raw.gz") => {}
                None => unmatched.push((
                    rel_path,
                    "not a label map by its name (.nii, .nii.gz, .nrrd, .nhdr)".into(),
                )),
            }
            continue;
        }
        let header = match provestein_dicom::joins::mask_header(&path) {
            Ok(h) => h,
            Err((_, detail)) => {
                unmatched.push((rel_path, detail));
                continue;
            }
        };
        ids.merge(header.identifiers);
        let modality = header.modality;
        if modality != kind.modality() {
            unmatched.push((
                rel_path,
                format!(
                    "its Modality is \"{modality}\", not {} as {section} kind says",
                    kind.modality()
                ),
            ));
            continue;
        }
        let (series, sops) = (header.series, header.sops);
        found.push(MaskFile {
            rel_path,
            path,
            series,
            sops,
            sha256: bytes_sha,
        });
    }
    Ok((found, unmatched))
}

/// Every regular file under `root` (a file, or a folder walked recursively, at most
/// [`MAX_MASK_FILES`]) sorted, with its path relative to `root` (or to a file's folder), `/`
/// separated. Shared by the segmentation cohort's masks and the detection cohort's SEG and SR.
pub(crate) fn files_under(root: &Path, section: &str) -> Result<(Vec<PathBuf>, Vec<String>)> {
    let mut paths = Vec::new();
    if root.is_file() {
        paths.push(root.to_path_buf());
    } else if root.is_dir() {
        walk(root, &mut paths, 0).map_err(|source| Error::Read {
            what: "mask folder",
            path: root.to_path_buf(),
            source,
        })?;
        paths.sort();
    } else {
        return Err(Error::Read {
            what: "mask files",
            path: root.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{section} path is neither a file nor a folder"),
            ),
        });
    }
    if paths.len() > MAX_MASK_FILES {
        return Err(Error::Read {
            what: "mask folder",
            path: root.to_path_buf(),
            source: std::io::Error::other(format!(
                "{} files, above the limit of {MAX_MASK_FILES}",
                paths.len()
            )),
        });
    }
    let base = if root.is_file() {
        root.parent().unwrap_or(root)
    } else {
        root
    };
    let rels: Vec<String> = paths
        .iter()
        .map(|p| {
            p.strip_prefix(base)
                .unwrap_or(p)
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect();
    Ok((paths, rels))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 32 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let meta = std::fs::metadata(&path)?;
        if meta.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if meta.is_file() {
            out.push(path);
            if out.len() > MAX_MASK_FILES {
                return Ok(());
            }
        }
    }
    Ok(())
}
