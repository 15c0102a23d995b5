//! What a DICOM cohort folder holds, counted before any plan or run: the desktop app shows it
//! when a folder is chosen, so that a wrong export (other modality, missing files, one
//! manufacturer only) is seen before the validation, not in its report.
//!
//! It reads the same headers as a run, through [`dicom::scan`], so it never reads a patient
//! identifier.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use dicom_encoding::transfer_syntax::TransferSyntaxIndex;
use dicom_transfer_syntax_registry::TransferSyntaxRegistry;
use serde::Serialize;

use super::ExclusionReason;
use super::dicom::{self, Rejected};

/// The header attributes a survey reads from each image.
pub const KEYWORDS: [&str; 7] = [
    "Modality",
    "Manufacturer",
    "ManufacturerModelName",
    "PatientSex",
    "PatientAge",
    "SoftwareVersions",
    "BodyPartExamined",
];

/// The key under which an empty or absent value is counted.
pub const MISSING: &str = "(missing)";

/// Counts of what a folder scan found. Counts by attribute are over images.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Survey {
    /// Files found: images + rejected (a DICOMDIR is an index, counted in `dicomdirs`; a file
    /// a DICOMDIR lists that is absent is among the rejected).
    pub files: usize,
    pub images: usize,
    /// Distinct StudyInstanceUIDs and SeriesInstanceUIDs among the images.
    pub studies: usize,
    pub series: usize,
    pub modalities: BTreeMap<String, usize>,
    /// "Manufacturer / ManufacturerModelName".
    pub manufacturers: BTreeMap<String, usize>,
    pub software_versions: BTreeMap<String, usize>,
    pub body_parts: BTreeMap<String, usize>,
    /// PatientSex as written (M, F, O).
    pub sex: BTreeMap<String, usize>,
    /// PatientAge in years, sorted, for the images that state a readable one.
    pub ages: Vec<f64>,
    /// (min, median, max) of `ages`.
    pub age_summary: Option<(f64, f64, f64)>,
    /// Transfer Syntax UID → images; [`syntax_name`] gives the name.
    pub transfer_syntaxes: BTreeMap<String, usize>,
    pub rejected: Vec<Rejected>,
    pub rejected_by_reason: BTreeMap<ExclusionReason, usize>,
    pub dicomdirs: usize,
    /// The first images by relative path (up to `SAMPLE_IMAGES`): where the app looks for one
    /// to show as the model will see it before any run. In memory only, never written out.
    #[serde(skip)]
    pub sample_images: Vec<(String, PathBuf)>,
}

/// How many images a survey keeps as samples: enough to pass a few a run could not read.
pub const SAMPLE_IMAGES: usize = 16;

/// Scans `root` (recursively, headers only) and counts what it holds.
pub fn survey(root: &Path) -> std::io::Result<Survey> {
    let keywords: Vec<String> = KEYWORDS.iter().map(|k| k.to_string()).collect();
    let scan = dicom::scan(root, &keywords)?;
    let mut s = Survey {
        files: scan.images.len() + scan.rejected.len(),
        images: scan.images.len(),
        studies: 0,
        series: 0,
        modalities: BTreeMap::new(),
        manufacturers: BTreeMap::new(),
        software_versions: BTreeMap::new(),
        body_parts: BTreeMap::new(),
        sex: BTreeMap::new(),
        ages: Vec::new(),
        age_summary: None,
        transfer_syntaxes: BTreeMap::new(),
        rejected_by_reason: BTreeMap::new(),
        rejected: scan.rejected,
        dicomdirs: scan.dicomdirs.len(),
        sample_images: Vec::new(),
    };
    let mut by_path: Vec<&dicom::Header> = scan.images.iter().collect();
    by_path.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
    s.sample_images = by_path
        .iter()
        .take(SAMPLE_IMAGES)
        .map(|h| (h.rel_path.clone(), h.path.clone()))
        .collect();
    let mut studies = HashSet::new();
    let mut series = HashSet::new();
    for h in &scan.images {
        let get = |k: &str| h.attributes.get(k).map_or("", String::as_str);
        studies.insert(h.study_instance_uid.as_str());
        series.insert(h.series_instance_uid.as_str());
        count(&mut s.modalities, get("Modality"));
        let maker = [get("Manufacturer"), get("ManufacturerModelName")]
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(" / ");
        count(&mut s.manufacturers, &maker);
        count(&mut s.software_versions, get("SoftwareVersions"));
        count(&mut s.body_parts, get("BodyPartExamined"));
        count(&mut s.sex, get("PatientSex"));
        count(&mut s.transfer_syntaxes, &h.transfer_syntax);
        s.ages.extend(dicom::age_in_years(get("PatientAge")));
    }
    s.studies = studies.len();
    s.series = series.len();
    s.ages.sort_by(f64::total_cmp);
    s.age_summary = summary(&s.ages);
    for r in &s.rejected {
        *s.rejected_by_reason.entry(r.reason).or_default() += 1;
    }
    Ok(s)
}

/// The transfer syntax's name ("RLE Lossless"), or the UID when it is not a known one.
pub fn syntax_name(uid: &str) -> String {
    TransferSyntaxRegistry
        .get(uid)
        .map_or_else(|| uid.to_string(), |ts| ts.name().to_string())
}

fn count(map: &mut BTreeMap<String, usize>, value: &str) {
    let key = if value.is_empty() { MISSING } else { value };
    *map.entry(key.to_string()).or_default() += 1;
}

/// (min, median, max) of sorted values; the median of an even count is the mean of the middle
/// two.
fn summary(sorted: &[f64]) -> Option<(f64, f64, f64)> {
    let n = sorted.len();
    let median = match n {
        0 => return None,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    };
    Some((sorted[0], median, sorted[n - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn demo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-studies/imaging-demo/images")
    }

    fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
    }

    /// Expected values were counted with pydicom 3.0.2 over the demo's files, and agree with
    /// its README (written by scripts/make_sample_imaging.py).
    #[test]
    fn imaging_demo_is_counted_exactly() {
        let s = survey(&demo()).unwrap();
        assert_eq!((s.files, s.images), (50, 48));
        assert_eq!((s.studies, s.series), (20, 26));
        assert_eq!(s.modalities, counts(&[("CT", 48)]));
        assert_eq!(
            s.manufacturers,
            counts(&[
                ("ACME Medical / Acme CT 64", 21),
                ("Fjord Systems / Fjord Helix S", 14),
                ("Nordlys Imaging / Aurora 128", 13),
            ])
        );
        assert_eq!(
            s.software_versions,
            counts(&[("VA20A", 21), ("FS-2.0.7", 14), ("3.1.4", 13)])
        );
        assert_eq!(s.body_parts, counts(&[("CHEST", 48)]));
        assert_eq!(s.sex, counts(&[("F", 28), ("M", 20)]));
        assert_eq!(s.ages.len(), 48);
        assert_eq!(s.age_summary, Some((25.0, 43.0, 82.0)));
        assert_eq!(
            s.transfer_syntaxes,
            counts(&[
                ("1.2.840.10008.1.2", 11),
                ("1.2.840.10008.1.2.1", 14),
                ("1.2.840.10008.1.2.1.99", 12),
                ("1.2.840.10008.1.2.5", 11),
            ])
        );
        assert_eq!(
            s.rejected_by_reason,
            [
                (ExclusionReason::NotDicom, 1),
                (ExclusionReason::NoPixelData, 1)
            ]
            .into_iter()
            .collect()
        );
        let mut rejected: Vec<&str> = s.rejected.iter().map(|r| r.rel_path.as_str()).collect();
        rejected.sort();
        assert_eq!(rejected, ["notes.txt", "study-03/report/SR0001.dcm"]);
        assert_eq!(s.dicomdirs, 0);
    }

    #[test]
    fn no_patient_identifier_reaches_the_survey() {
        let json = serde_json::to_string(&survey(&demo()).unwrap()).unwrap();
        // The demo's made-up names and ids (see its README) must not appear.
        for needle in ["Demo^Patient", "DEMO-"] {
            assert!(!json.contains(needle), "{needle} in {json}");
        }
    }

    #[test]
    fn other_files_and_empty_values_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/dicom");
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let copy = |from: &str, to: &str| {
            std::fs::copy(fixtures.join(from), dir.path().join(to)).unwrap();
        };
        // Values read with pydicom: MR_small is MR, TOSHIBA_MEC MRT50H1, F, no PatientAge;
        // SC_rgb_rle_2frame is OT, no Manufacturer, F, 024Y; neither has BodyPartExamined.
        // rtplan is DICOM without an image.
        copy("MR_small.dcm", "a.dcm");
        copy("SC_rgb_rle_2frame.dcm", "sub/b");
        copy("rtplan.dcm", "plan.dcm");
        std::fs::write(dir.path().join("readme.txt"), "not DICOM").unwrap();
        std::fs::write(dir.path().join("Thumbs.db"), [0u8; 200]).unwrap();
        let s = survey(dir.path()).unwrap();
        assert_eq!((s.files, s.images, s.studies, s.series), (5, 2, 2, 2));
        assert_eq!(
            s.rejected_by_reason,
            [
                (ExclusionReason::NotDicom, 2),
                (ExclusionReason::NoPixelData, 1)
            ]
            .into_iter()
            .collect()
        );
        assert_eq!(s.modalities, counts(&[("MR", 1), ("OT", 1)]));
        assert_eq!(
            s.manufacturers,
            counts(&[("TOSHIBA_MEC / MRT50H1", 1), (MISSING, 1)])
        );
        assert_eq!(s.sex, counts(&[("F", 2)]));
        assert_eq!(s.body_parts, counts(&[(MISSING, 2)]));
        assert_eq!(s.ages, [24.0]);
        assert_eq!(s.age_summary, Some((24.0, 24.0, 24.0)));
        assert_eq!(
            s.transfer_syntaxes,
            counts(&[("1.2.840.10008.1.2.1", 1), ("1.2.840.10008.1.2.5", 1)])
        );
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        assert!(survey(Path::new("/no/such/folder")).is_err());
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(summary(&[1.0, 2.0, 9.0]), Some((1.0, 2.0, 9.0)));
        assert_eq!(summary(&[1.0, 2.0, 4.0, 9.0]), Some((1.0, 3.0, 9.0)));
        assert_eq!(summary(&[]), None);
    }

    #[test]
    fn syntax_names_come_from_the_registry() {
        assert_eq!(syntax_name("1.2.840.10008.1.2.5"), "RLE Lossless");
        assert_eq!(syntax_name("1.2.3.4"), "1.2.3.4");
    }
}
