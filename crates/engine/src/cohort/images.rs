//! DICOM images joined to their labels and grouped into cases (an image, a series or a study).
//! Both sides of the join are accounted for: images without a label row are excluded and
//! counted, label rows without an image are listed by their line.
//!
//! A case's path or UID is its key in memory only: every case and exclusion is named by its
//! pseudonym (`privacy::pseudonym`), and no message names a join key (paths carry what PACS
//! exports write into folder names; UIDs and accession numbers are Annex E attributes).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::dicom::{Header, Scan, age_band, age_in_years};
use super::table::{Table, field};
use super::{Exclusion, ExclusionReason, csv::MISSING};
use crate::error::{Error, Result};
use crate::plan::{CohortSpec, JoinKey, Unit};
use crate::privacy::Pseudonymizer;

/// One case of an imaging cohort: its images are scored and, for a series or study, combined.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageCase {
    /// The pseudonym of `key`: how every output names the case.
    pub id: String,
    /// The file path (image), SeriesInstanceUID (series) or StudyInstanceUID (study). In memory
    /// only: the vendor's score file is joined on it.
    pub key: String,
    pub label: bool,
    pub subgroups: Vec<String>,
    pub images: Vec<Header>,
    /// The earliest readable StudyDate among its images (they normally share one); None when
    /// no image has one. In memory only, for the analysis over time.
    pub date: Option<jiff::civil::Date>,
    /// The [`EQUIPMENT`] values of its first image, followed in time by the drift analysis.
    pub equipment: Vec<String>,
    /// Which patient the case belongs to: the index (in order of first appearance) of its
    /// first image's PatientID, so that equal indices mean the same patient; None when the
    /// header has no PatientID. The ID itself never leaves `build`.
    pub patient: Option<String>,
}

impl ImageCase {
    /// The case as a run's unit (`label` decided by the task: a label row, or lesions on it).
    pub(crate) fn into_unit(self, label: bool) -> crate::run::Unit {
        crate::run::Unit {
            id: self.id.into(),
            label,
            subgroups: self.subgroups.into_iter().map(Into::into).collect(),
            date: self.date,
            patient: self.patient.map(Into::into),
            input: crate::run::Input::Images(Box::new(crate::run::DicomCase {
                equipment: self.equipment.into(),
                images: self
                    .images
                    .into_iter()
                    .map(|h| crate::run::Image {
                        rel_path: h.rel_path,
                        path: h.path,
                    })
                    .collect(),
                key: self.key.into(),
            })),
        }
    }
}

pub use super::dicom::{CONTEXT, DATE, EQUIPMENT};

#[derive(Debug)]
pub struct ImageCohort {
    /// Files found in the folder (DICOMDIR indexes not counted).
    pub files: usize,
    pub cases: Vec<ImageCase>,
    pub excluded: Vec<Exclusion>,
    /// Label rows that match no image, as "line N" of the labels file.
    pub unmatched_labels: Vec<String>,
    pub positive: String,
    pub negative: String,
}

/// The header keywords a plan needs read from every file: its subgroups and filters, and
/// always the StudyDate and equipment the analysis over time follows.
pub fn keywords(spec: &CohortSpec) -> Vec<String> {
    let mut k: Vec<String> = spec
        .subgroups
        .iter()
        .filter(|s| !spec.age_bands.contains_key(*s))
        .chain(spec.include.keys())
        .cloned()
        .collect();
    if !spec.age_bands.is_empty() {
        k.push("PatientAge".into());
    }
    k.push(DATE.into());
    k.extend(EQUIPMENT.iter().chain(&CONTEXT).map(|e| e.to_string()));
    k.sort();
    k.dedup();
    k
}

fn join_value(h: &Header, join: JoinKey) -> &str {
    match join {
        JoinKey::Path => &h.rel_path,
        JoinKey::SopInstanceUid => &h.sop_instance_uid,
        JoinKey::SeriesInstanceUid => &h.series_instance_uid,
        JoinKey::StudyInstanceUid => &h.study_instance_uid,
        JoinKey::AccessionNumber => &h.accession_number,
    }
}

/// Why the plan's `include` filter leaves this image out, or None when it keeps it. The
/// image's own value is a header value: not repeated (the plan's values are its own).
pub(crate) fn filtered_out(spec: &CohortSpec, h: &Header) -> Option<String> {
    let (kw, allowed) = spec
        .include
        .iter()
        .find(|(kw, allowed)| !allowed.contains(&h.attributes[*kw]))?;
    Some(format!(
        "its {kw} is none of those the plan includes ({})",
        allowed.join(", ")
    ))
}

/// An excluded file, named by the pseudonym of its path (the path itself is not written: its
/// folder names may carry a PatientID or a name).
pub fn file_exclusion(
    pseudo: &Pseudonymizer,
    rel_path: &str,
    reason: ExclusionReason,
    detail: String,
) -> Exclusion {
    Exclusion {
        id: pseudo.pseudonym(rel_path),
        line: None,
        file: None,
        reason,
        detail,
    }
}

/// Joins scanned images to the labels table and groups them by the plan's unit; cases and
/// exclusions are named by their pseudonyms.
pub fn build(
    scan: Scan,
    labels: &Table,
    spec: &CohortSpec,
    pseudo: &Pseudonymizer,
) -> Result<ImageCohort> {
    let join = spec.join.unwrap_or(JoinKey::Path);
    let default_column = match join {
        JoinKey::Path => "file",
        other => other.name(),
    };
    let join_col_name = spec.join_column.as_deref().unwrap_or(default_column);
    let join_col = labels.column(join_col_name, "labels join column (join_column)")?;
    let label_col = labels.column(&spec.label, "label column")?;
    let negative = super::csv::resolve_negative(labels, spec, label_col)?;

    let mut rows: HashMap<String, (u64, String)> = HashMap::new();
    for (line, record) in &labels.rows {
        let key = field(record, join_col).replace('\\', "/");
        if key.is_empty() {
            continue;
        }
        if let Some((first_line, _)) = rows.get(&key) {
            // The key itself (a path, UID or accession number) is not repeated.
            return Err(Error::Labels {
                path: labels.path.clone(),
                message: format!(
                    "lines {first_line} and {line} have the same {join_col_name}; each image needs one label row: remove the duplicate"
                ),
            });
        }
        rows.insert(key, (line, field(record, label_col).to_string()));
    }

    let mut used: HashSet<String> = HashSet::new();
    if join == JoinKey::Path {
        // A row naming a file that was found but rejected (not DICOM, no image…) is matched:
        // the file's exclusion already accounts for it.
        used.extend(scan.rejected.iter().map(|r| r.rel_path.clone()));
    }
    let grouped = group(scan, spec, pseudo, &labels.path, |h| {
        let key = join_value(h, join).to_string();
        let row = rows.get(&key);
        if row.is_some() {
            used.insert(key);
        }
        let Some((line, raw)) = row else {
            // A path, UID or accession number never goes into a message that ends up in
            // report.json.
            return Err((
                ExclusionReason::NoLabel,
                format!(
                    "{} has no row with this image's {join_col_name}",
                    labels.path.display()
                ),
            ));
        };
        if *raw == spec.positive {
            Ok(true)
        } else if *raw == negative {
            Ok(false)
        } else if MISSING.contains(&raw.as_str()) {
            Err((
                ExclusionReason::MissingLabel,
                format!("label row at line {line} has no label"),
            ))
        } else {
            Err((
                ExclusionReason::UnknownLabel,
                format!(
                    "label {} (line {line}) is neither positive ({}) nor negative ({})",
                    crate::error::quote(raw),
                    crate::error::quote(&spec.positive),
                    crate::error::quote(&negative)
                ),
            ))
        }
    })?;
    let mut unmatched: Vec<(u64, String)> = rows
        .into_iter()
        .filter(|(k, _)| !used.contains(k))
        .map(|(k, (line, _))| (line, k))
        .collect();
    unmatched.sort();
    // Keys (paths, UIDs, accession numbers) are named by their line in the labels file.
    let unmatched_labels = unmatched
        .into_iter()
        .map(|(line, _)| format!("line {line}"))
        .collect();
    Ok(ImageCohort {
        files: grouped.files,
        cases: grouped.cases,
        excluded: grouped.excluded,
        unmatched_labels,
        positive: spec.positive.clone(),
        negative,
    })
}

/// The key of the case an image belongs to: its path, SeriesInstanceUID or StudyInstanceUID.
pub(crate) fn unit_key(h: &Header, unit: Unit) -> &str {
    match unit {
        Unit::Image => &h.rel_path,
        Unit::Series => &h.series_instance_uid,
        Unit::Study => &h.study_instance_uid,
    }
}

/// An image's label as its source gives it, or why the image is left out.
pub(crate) type Labelled = std::result::Result<bool, (ExclusionReason, String)>;

/// Scanned images grouped into cases, before any join to labels beyond `label_of`'s.
pub(crate) struct Grouped {
    pub files: usize,
    pub cases: Vec<ImageCase>,
    pub excluded: Vec<Exclusion>,
}

/// Groups scanned images by the plan's unit (`[cohort] unit`), after its `include` filter, each
/// image labelled by `label_of` (asked once per image, in scan order, filtered images
/// included): the pseudonyms, patient keys, subgroups, dates and equipment of every imaging
/// cohort, binary or detection. `source` names the file a pseudonym collision is reported on.
pub(crate) fn group(
    scan: Scan,
    spec: &CohortSpec,
    pseudo: &Pseudonymizer,
    source: &std::path::Path,
    mut label_of: impl FnMut(&Header) -> Labelled,
) -> Result<Grouped> {
    let files = scan.images.len() + scan.rejected.len();
    let mut excluded: Vec<Exclusion> = scan
        .rejected
        .into_iter()
        .map(|r| {
            // A missing file's detail names the DICOMDIR that lists it: a path too.
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
    let unit = spec.unit.unwrap_or(Unit::Image);
    // Unit key → (label, subgroups, images), in scan order.
    let mut groups: BTreeMap<String, Vec<(bool, Vec<String>, Header)>> = BTreeMap::new();

    for h in scan.images {
        // Asked first, so that a labels row of a filtered image still counts as matched.
        let labelled = label_of(&h);
        if let Some(detail) = filtered_out(spec, &h) {
            excluded.push(file_exclusion(
                pseudo,
                &h.rel_path,
                ExclusionReason::Filtered,
                detail,
            ));
            continue;
        }
        let label = match labelled {
            Ok(label) => label,
            Err((reason, detail)) => {
                excluded.push(file_exclusion(pseudo, &h.rel_path, reason, detail));
                continue;
            }
        };
        let subgroups = spec
            .subgroups
            .iter()
            .map(|name| match spec.age_bands.get(name) {
                Some(edges) => age_band(age_in_years(&h.attributes["PatientAge"]), edges),
                None => h.attributes[name].clone(),
            })
            .collect();
        let unit_key = unit_key(&h, unit).to_string();
        groups
            .entry(unit_key)
            .or_default()
            .push((label, subgroups, h));
    }

    let mut cases = Vec::with_capacity(groups.len());
    let mut patients: HashMap<String, usize> = HashMap::new();
    let mut named: HashMap<String, String> = HashMap::new();
    for (key, members) in groups {
        let id = pseudo.pseudonym(&key);
        if let Some(other) = named.insert(id.clone(), key.clone()) {
            // Two keys, one pseudonym: about 2 in a million at two million cases.
            return Err(Error::Labels {
                path: source.to_path_buf(),
                message: format!(
                    "two cases have the same pseudonym {id}{}; please report this to the Prøvestein developers",
                    if other == key {
                        ""
                    } else {
                        " (different keys)"
                    }
                ),
            });
        }
        let label = members[0].0;
        if members.iter().any(|m| m.0 != label) {
            let positives = members.iter().filter(|m| m.0).count();
            excluded.push(Exclusion {
                id,
                line: None,
                file: None,
                reason: ExclusionReason::ConflictingLabels,
                detail: format!(
                    "{positives} of its {} images are labelled positive and the others negative",
                    members.len()
                ),
            });
            continue;
        }
        let subgroups = members[0].1.clone();
        let date = members
            .iter()
            .filter_map(|m| super::parse_date(&m.2.attributes[DATE]))
            .min();
        let equipment = EQUIPMENT
            .iter()
            .chain(&CONTEXT)
            .map(|k| members[0].2.attributes[*k].clone())
            .collect();
        let patient = Some(members[0].2.patient_id.as_str())
            .filter(|p| !p.is_empty())
            .map(|p| {
                let next = patients.len();
                format!(
                    "patient {}",
                    *patients.entry(p.to_string()).or_insert(next) + 1
                )
            });
        cases.push(ImageCase {
            id,
            key,
            label,
            subgroups,
            images: members.into_iter().map(|m| m.2).collect(),
            date,
            equipment,
            patient,
        });
    }
    excluded.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(Grouped {
        files,
        cases,
        excluded,
    })
}
