//! A cohort kept as a folder of DICOM files, as a PACS export delivers it. The folder is scanned
//! recursively and every file's header is read in parallel, up to (not including) the pixel
//! data, so that the scan costs a fraction of a full decode. Files that are not DICOM, cannot be
//! read or hold no image become exclusions with their reason.
//!
//! Patient names and ids are never read into a [`Header`]: only the UIDs needed to join labels
//! and group images, and the attributes the plan names (identifying keywords are refused). The
//! values of identifying attributes are collected apart, into [`Scan::identifiers`], for the
//! output guard (`privacy::guard`) only.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use dicom_core::dictionary::{DataDictionary, DataDictionaryEntry};
use dicom_dictionary_std::{StandardDataDictionary, tags};
use dicom_object::{DefaultDicomObject, OpenFileOptions};
use rayon::prelude::*;

use super::{ExclusionReason, prescan};

/// The keyword a case's date is read from.
pub const DATE: &str = "StudyDate";

/// The equipment attributes whose first appearance the drift analysis reports, read from every
/// image whether or not the plan names them as subgroups.
pub const EQUIPMENT: [&str; 3] = ["Manufacturer", "ManufacturerModelName", "SoftwareVersions"];

/// What the intended-use check compares with a vendor manifest, read from every image too; a
/// case's `equipment` holds these after the [`EQUIPMENT`] values. Kept in memory only.
pub const CONTEXT: [&str; 4] = ["Modality", "BodyPartExamined", "ViewPosition", "PatientAge"];

/// Media Storage SOP Class of a DICOMDIR: an index of the folder, not an image.
const DICOMDIR_CLASS: &str = "1.2.840.10008.1.3.10";

/// Whether `keyword` is an attribute of DICOM PS3.15 Annex E Table E.1-1 that no retain option
/// keeps (`privacy::annex_e`): it can never be a subgroup or filter attribute. The names it
/// replaces (PatientName, PatientID…) are among the table's 620 rows.
pub fn identifying(keyword: &str) -> bool {
    crate::privacy::annex_e::refused(keyword).is_some()
}

/// What the scan keeps of one image file.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Path relative to the cohort folder, with `/` separators (the `path` join key).
    pub rel_path: String,
    pub path: PathBuf,
    pub gzip: bool,
    pub sop_instance_uid: String,
    pub series_instance_uid: String,
    pub study_instance_uid: String,
    pub accession_number: String,
    /// PatientID, read only to tell which images share a patient (`images::build` turns it
    /// into an index at once); never a subgroup, key in a message, or output value.
    pub patient_id: String,
    pub transfer_syntax: String,
    /// SHA-256 of the file's bytes as stored, read in the same pass as the header.
    pub sha256: String,
    /// Keyword → value for every attribute the plan asked for (subgroups, filters, PatientAge)
    /// and those the analysis over time reads (StudyDate, Manufacturer, ManufacturerModelName,
    /// SoftwareVersions; see `images::keywords`). A date is kept in memory only.
    pub attributes: BTreeMap<String, String>,
}

/// A file the scan could not use.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rejected {
    pub rel_path: String,
    pub reason: ExclusionReason,
    pub detail: String,
}

/// The result of scanning a folder.
#[derive(Debug, Default)]
pub struct Scan {
    pub images: Vec<Header>,
    pub rejected: Vec<Rejected>,
    /// DICOMDIR files found (indexes, not images; not counted as cases).
    pub dicomdirs: Vec<String>,
    /// (DICOMDIR, file it lists), paths relative to the cohort folder.
    pub listed: Vec<(String, String)>,
    /// Values of the identifying attributes met in the headers, and the folder and file names
    /// that contain one: in memory only, for the output guard.
    pub identifiers: crate::privacy::Collector,
}

/// Scans `root` recursively; `keywords` are the attributes to keep from each header. An
/// identifying keyword ([`identifying`]) is refused with `InvalidInput` before any file is read,
/// whoever the caller is: plans are checked earlier, but this is where headers are read. The
/// one exception is StudyDate, read for the analysis over time and kept in memory only.
pub fn scan(root: &Path, keywords: &[String]) -> std::io::Result<Scan> {
    refuse_identifying(keywords)?;
    Ok(scan_listed(list(root)?, keywords, |_| true))
}

/// The entries of a cohort folder as [`scan`] finds them, before any file is opened: a shard
/// compares them with the prepared run's and reads only its own files ([`scan_only`]).
#[derive(Debug)]
pub struct Listing {
    /// Regular files (symbolic links followed to one), sorted, each with its path relative to
    /// the folder.
    files: Vec<(String, PathBuf)>,
    /// Entries refused unopened (named pipes, devices, unreadable entries), with why.
    refused: Vec<(String, Outcome)>,
}

impl Listing {
    /// Every entry's path relative to the folder (`/` separators): the files, then the
    /// refused entries.
    pub fn rel_paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(|(rel, _)| rel.as_str())
            .chain(self.refused.iter().map(|(r, _)| r.as_str()))
    }
}

fn refuse_identifying(keywords: &[String]) -> std::io::Result<()> {
    match keywords
        .iter()
        .find(|k| identifying(k) && k.as_str() != DATE)
    {
        Some(k) => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("\"{k}\" identifies the patient and is never read by Prøvestein"),
        )),
        None => Ok(()),
    }
}

/// Lists `root` recursively without opening a file.
pub fn list(root: &Path) -> std::io::Result<Listing> {
    if !root.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "not a folder",
        ));
    }
    // Only regular files are read (symbolic links followed to one); a named pipe, device or
    // socket is refused by its type unopened (opening a pipe blocks), and an entry that cannot
    // be listed is counted, not dropped.
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut refused: Vec<(String, Outcome)> = Vec::new();
    for entry in walkdir::WalkDir::new(root).follow_links(true) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                files.push((relative(root, e.path()), e.into_path()));
            }
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let (reason, detail) = super::prescan::special_file();
                refused.push((relative(root, e.path()), Outcome::Rejected(reason, detail)));
            }
            Err(e) => {
                let Some(path) = e.path().filter(|p| *p != root) else {
                    continue;
                };
                let detail = if e.loop_ancestor().is_some() {
                    "a symbolic link that loops back to a folder above it: not followed".into()
                } else {
                    match e.io_error() {
                        Some(io) => format!("cannot be read: {}", io.kind()),
                        None => "cannot be read".into(),
                    }
                };
                refused.push((
                    relative(root, path),
                    Outcome::Rejected(ExclusionReason::Unreadable, detail),
                ));
            }
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Listing { files, refused })
}

/// Reads the headers of the listed entries whose relative path `keep` accepts, as [`scan`]
/// reads every one. An identifying keyword is refused as there (read nothing, scan nothing).
pub fn scan_only(
    listing: Listing,
    keywords: &[String],
    keep: impl Fn(&str) -> bool + Sync,
) -> std::io::Result<Scan> {
    refuse_identifying(keywords)?;
    Ok(scan_listed(listing, keywords, keep))
}

fn scan_listed(listing: Listing, keywords: &[String], keep: impl Fn(&str) -> bool + Sync) -> Scan {
    let Listing { files, refused } = listing;
    let refused: Vec<(String, Outcome)> = refused.into_iter().filter(|(r, _)| keep(r)).collect();
    let mut results: Vec<(String, Outcome)> = files
        .par_iter()
        .filter(|(rel, _)| keep(rel))
        .map(|(rel, p)| (rel.clone(), read_header(p, keywords)))
        .collect();
    results.extend(refused);
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut scan = Scan::default();
    for (rel_path, outcome) in results {
        match outcome {
            Outcome::Image(mut h, found) => {
                h.rel_path = rel_path;
                scan.images.push(*h);
                scan.identifiers.merge(found);
            }
            Outcome::DicomDir(listed) => {
                let dir = rel_path.rsplit_once('/').map_or("", |(d, _)| d);
                for file in listed {
                    let path = if dir.is_empty() {
                        file
                    } else {
                        format!("{dir}/{file}")
                    };
                    scan.listed.push((rel_path.clone(), path));
                }
                scan.dicomdirs.push(rel_path);
            }
            Outcome::Rejected(reason, detail) => scan.rejected.push(Rejected {
                rel_path,
                reason,
                detail,
            }),
        }
    }
    // Files a DICOMDIR lists that are not in the folder: an incomplete export.
    let found: std::collections::HashSet<&str> = scan
        .images
        .iter()
        .map(|h| h.rel_path.as_str())
        .chain(scan.rejected.iter().map(|r| r.rel_path.as_str()))
        .collect();
    let missing: Vec<Rejected> = scan
        .listed
        .iter()
        .filter(|(_, p)| !found.contains(p.as_str()))
        .map(|(dicomdir, p)| Rejected {
            rel_path: p.clone(),
            reason: ExclusionReason::MissingFile,
            detail: format!(
                "listed in {dicomdir} but not in the folder: the export may be incomplete"
            ),
        })
        .collect();
    scan.rejected.extend(missing);
    let paths: Vec<&str> = scan
        .images
        .iter()
        .map(|h| h.rel_path.as_str())
        .chain(scan.rejected.iter().map(|r| r.rel_path.as_str()))
        .collect();
    let mut identifiers = std::mem::take(&mut scan.identifiers);
    identifiers.add_path_components(paths.into_iter());
    scan.identifiers = identifiers;
    scan
}

impl Scan {
    /// SHA-256 of the sorted list of files with the SHA-256 of each image file's contents,
    /// computed as the scan read it ([`Header::sha256`]): a fingerprint of the folder for the
    /// report's provenance and the run journal's key, which changes when an image is changed
    /// in place.
    pub fn manifest_sha256(&self) -> String {
        let mut lines: Vec<String> = self
            .images
            .iter()
            .map(|h| format!("{}\t{}\n", h.rel_path, h.sha256))
            .chain(self.rejected.iter().map(|r| format!("{}\t-\n", r.rel_path)))
            .collect();
        lines.sort();
        crate::provenance::sha256_hex(lines.concat().as_bytes())
    }
}

#[derive(Debug)]
enum Outcome {
    Image(Box<Header>, crate::privacy::Collector),
    /// A DICOMDIR and the files it lists, relative to its own folder.
    DicomDir(Vec<String>),
    Rejected(ExclusionReason, String),
}

fn relative(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Opens a DICOM file (plain or gzip-compressed), reading up to `until` (None: everything),
/// after [`prescan::check`] has accepted it with the default pixel budget (a run uses the
/// plan's: [`open_within`]). The file is streamed, so a header read stops before the pixel
/// data and costs little.
pub fn open(
    path: &Path,
    until: Option<dicom_core::Tag>,
) -> Result<(DefaultDicomObject, bool), (ExclusionReason, String)> {
    open_within(path, until, super::pixels::DEFAULT_MAX_PIXELS).map(|(obj, c)| (obj, c.gzip))
}

/// [`open`] with a pixel budget (Rows × Columns × frames, the plan's `[preprocess]
/// max_pixels`): a file [`prescan::check`] refuses is never handed to dicom-object.
pub fn open_within(
    path: &Path,
    until: Option<dicom_core::Tag>,
    max_pixels: u64,
) -> Result<(DefaultDicomObject, prescan::Checked), (ExclusionReason, String)> {
    let checked = prescan::check(path, max_pixels, false)?;
    Ok((parse(path, until)?, checked))
}

/// dicom-object's reading of a file the prescan accepted; a panic in it is an exclusion.
fn parse(
    path: &Path,
    until: Option<dicom_core::Tag>,
) -> Result<DefaultDicomObject, (ExclusionReason, String)> {
    let unreadable = |e: std::io::Error| {
        (
            ExclusionReason::Unreadable,
            format!("cannot read the file: {}", e.kind()),
        )
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut raw = std::io::BufReader::new(file);
    let gzip = raw
        .fill_buf()
        .map_err(unreadable)?
        .starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read> = if gzip {
        Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    let mut head = Vec::with_capacity(132);
    (&mut reader)
        .take(132)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    // dicom-object reads from the "DICM" magic on; a file without the 128-byte preamble is
    // accepted too.
    let start: Box<dyn Read> = match (head.get(128..132), head.get(0..4)) {
        (Some(b"DICM"), _) => Box::new(std::io::Cursor::new(b"DICM".to_vec())),
        (_, Some(b"DICM")) => Box::new(std::io::Cursor::new(head)),
        _ => {
            return Err((
                ExclusionReason::NotDicom,
                "no DICOM file signature (\"DICM\" at byte 128)".into(),
            ));
        }
    };
    let mut options = OpenFileOptions::new().read_preamble(dicom_object::file::ReadPreamble::Never);
    if let Some(tag) = until {
        options = options.read_until(tag);
    }
    // dicom-object's messages can quote values read from the file: only the fact is kept.
    let damaged = || {
        (
            ExclusionReason::Unreadable,
            "not a readable DICOM file: its structure is damaged or not DICOM".to_string(),
        )
    };
    match super::pixels::quietly(|| options.from_reader(start.chain(reader))) {
        Ok(Ok(obj)) => Ok(obj),
        Ok(Err(_)) | Err(_) => Err(damaged()),
    }
}

/// Text of an element by keyword, trimmed; empty when absent. Looked up by tag with `get`:
/// dicom-object's `element_by_name_opt` builds and drops an error with a captured backtrace
/// for every absent attribute, which cost more than the rest of the lookup.
pub fn text(obj: &DefaultDicomObject, keyword: &str) -> String {
    StandardDataDictionary
        .by_name(keyword)
        .and_then(|entry| obj.get(entry.tag()))
        .and_then(|e| e.to_str().ok())
        .map(|s| s.trim_end_matches('\0').trim().to_string())
        .unwrap_or_default()
}

fn read_header(path: &Path, keywords: &[String]) -> Outcome {
    // One read checks the file's structure and hashes its contents to the end; dicom-object
    // then reads the header again from the page cache.
    let checked = match prescan::check(path, super::pixels::MAX_PIXELS_LIMIT, true) {
        Ok(c) => c,
        Err((reason, detail)) => return Outcome::Rejected(reason, detail),
    };
    let obj = match parse(path, Some(tags::PIXEL_DATA)) {
        Ok(x) => x,
        Err((reason, detail)) => return Outcome::Rejected(reason, detail),
    };
    let gzip = checked.gzip;
    let meta = obj.meta();
    if meta.media_storage_sop_class_uid().trim_end_matches('\0') == DICOMDIR_CLASS {
        return Outcome::DicomDir(dicomdir_files(&obj));
    }
    // The header read stops before Pixel Data, so an image is recognised by its matrix size.
    if obj.get(tags::ROWS).is_none() || obj.get(tags::COLUMNS).is_none() {
        return Outcome::Rejected(
            ExclusionReason::NoPixelData,
            "no image in this object (no Rows/Columns: a report, plan, waveform…)".into(),
        );
    }
    let attributes = keywords
        .iter()
        .map(|k| (k.clone(), text(&obj, k)))
        .collect();
    let mut found = crate::privacy::Collector::default();
    collect_identifiers(&obj, &mut found);
    Outcome::Image(
        Box::new(Header {
            rel_path: String::new(),
            path: path.to_path_buf(),
            gzip,
            sop_instance_uid: text(&obj, "SOPInstanceUID"),
            series_instance_uid: text(&obj, "SeriesInstanceUID"),
            study_instance_uid: text(&obj, "StudyInstanceUID"),
            accession_number: text(&obj, "AccessionNumber"),
            patient_id: text(&obj, "PatientID"),
            transfer_syntax: meta.transfer_syntax().trim_end_matches('\0').to_string(),
            sha256: checked.sha256.unwrap_or_default(),
            attributes,
        }),
        found,
    )
}

/// The identifying values of an object read outside the scan (RTSTRUCT and SEG files), for
/// the output guard.
pub fn identifiers_of(obj: &dicom_object::InMemDicomObject) -> crate::privacy::Collector {
    let mut found = crate::privacy::Collector::default();
    collect_identifiers(obj, &mut found);
    found
}

/// Adds the values of the identifying attributes in `obj` (and in its sequences' items) to
/// `found`: those the guard watches (`annex_e::Row::guarded`), with text value representations
/// other than times, numbers and ages; of person names only the patient's (PatientName,
/// OtherPatientNames, PatientBirthName…), not staff such as the referring physician, whose name
/// a report may rightly carry in its sign-off.
fn collect_identifiers(
    obj: &dicom_object::InMemDicomObject,
    found: &mut crate::privacy::Collector,
) {
    use dicom_core::VR;
    for e in obj.iter() {
        if e.vr() == VR::SQ {
            for item in e.items().unwrap_or_default() {
                collect_identifiers(item, found);
            }
            continue;
        }
        let tag = dicom_core::header::Header::tag(e);
        let Some(row) =
            crate::privacy::annex_e::by_tag((u32::from(tag.0) << 16) | u32::from(tag.1))
        else {
            continue;
        };
        let text = matches!(
            e.vr(),
            VR::AE
                | VR::CS
                | VR::DA
                | VR::DT
                | VR::LO
                | VR::LT
                | VR::SH
                | VR::ST
                | VR::UC
                | VR::UI
                | VR::UR
                | VR::UT
        );
        let patient_name = e.vr() == VR::PN && row.keyword.contains("Patient");
        if !row.guarded() || !(text || patient_name) {
            continue;
        }
        let kind = match e.vr() {
            VR::UI => crate::privacy::guard::Kind::Uid,
            VR::PN => crate::privacy::guard::Kind::PersonName,
            _ => crate::privacy::guard::Kind::Text,
        };
        if let Ok(v) = e.to_str() {
            found.add(row.keyword, &v, kind);
        }
    }
}

/// The ReferencedFileID of every record in a DICOMDIR, as `/`-separated relative paths.
fn dicomdir_files(obj: &DefaultDicomObject) -> Vec<String> {
    let Ok(Some(records)) = obj.element_opt(tags::DIRECTORY_RECORD_SEQUENCE) else {
        return Vec::new();
    };
    records
        .items()
        .unwrap_or_default()
        .iter()
        .filter_map(|item| item.element_opt(tags::REFERENCED_FILE_ID).ok().flatten())
        .filter_map(|e| e.to_multi_str().ok())
        .map(|parts| {
            parts
                .iter()
                .map(|p| p.trim_end_matches('\0').trim())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

/// Checks that `keyword` names a standard DICOM attribute that does not identify the patient
/// (no Annex E attribute that the profile's retain options do not keep) and is not a date. A date (VR DA or DT: StudyDate, AcquisitionDate…) as a subgroup or filter
/// would write exact dates into predictions.csv or an exclusion's message; the analysis over
/// time reads StudyDate itself and reports only months and quarters.
pub fn check_keyword(keyword: &str) -> Result<(), String> {
    let entry = StandardDataDictionary.by_name(keyword);
    let date = entry.is_some_and(|e| {
        matches!(
            e.vr(),
            dicom_core::dictionary::VirtualVr::Exact(dicom_core::VR::DA | dicom_core::VR::DT)
        )
    });
    // A date of the patient's (PatientBirthDate) is named as an identifier; the others
    // (StudyDate, AcquisitionDate…) as dates, which is why they are refused here.
    if identifying(keyword) && (!date || keyword.starts_with("Patient")) {
        return Err(format!(
            "\"{keyword}\" identifies the patient (DICOM PS3.15 Annex E, Basic Application Level Confidentiality Profile) and is never read or written by Prøvestein"
        ));
    }
    if entry.is_none() {
        return Err(format!(
            "\"{keyword}\" is not a DICOM keyword (they are written like PatientSex, Manufacturer, ViewPosition)"
        ));
    }
    if date {
        return Err(format!(
            "\"{keyword}\" is a date, and exact dates are never written by Prøvestein; the analysis over time reads StudyDate itself and reports months or quarters ([analysis] drift_period)"
        ));
    }
    Ok(())
}

/// PatientAge (an AS value such as "045Y", "006M", "003W", "010D") in years.
pub fn age_in_years(age: &str) -> Option<f64> {
    let age = age.trim();
    let (n, unit) = age.split_at(age.len().checked_sub(1)?);
    let n: f64 = n.trim().parse().ok()?;
    let per_year = match unit {
        "Y" | "y" => 1.0,
        "M" | "m" => 12.0,
        "W" | "w" => 52.1775,
        "D" | "d" => 365.25,
        _ => return None,
    };
    Some(n / per_year)
}

/// The band an age falls in, for band edges `[e0, e1, …, ek]`: "<e1", "e1-(e2−1)", …, ">=ek".
/// Ages below e0 fall in the first band; a missing age gives "".
pub fn age_band(years: Option<f64>, edges: &[f64]) -> String {
    let Some(y) = years else {
        return String::new();
    };
    let fmt = |x: f64| format!("{}", x);
    let k = edges.len();
    if k < 2 || y < edges[1] {
        return format!("<{}", fmt(edges.get(1).copied().unwrap_or(edges[0])));
    }
    for w in edges.windows(2).skip(1) {
        if y < w[1] {
            return format!("{}-{}", fmt(w[0]), fmt(w[1] - 1.0));
        }
    }
    format!(">={}", fmt(edges[k - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_read_in_every_as_unit() {
        assert_eq!(age_in_years("045Y"), Some(45.0));
        assert_eq!(age_in_years("006M"), Some(0.5));
        assert_eq!(age_in_years("000Y"), Some(0.0));
        assert!((age_in_years("365D").unwrap() - 0.999316).abs() < 1e-6);
        assert_eq!(age_in_years(""), None);
        assert_eq!(age_in_years("45"), None);
    }

    #[test]
    fn age_bands_are_labelled_as_the_issue_says() {
        let e = [0.0, 18.0, 40.0, 65.0];
        let b = |y: f64| age_band(Some(y), &e);
        assert_eq!(b(3.0), "<18");
        assert_eq!(b(18.0), "18-39");
        assert_eq!(b(39.9), "18-39");
        assert_eq!(b(40.0), "40-64");
        assert_eq!(b(65.0), ">=65");
        assert_eq!(b(90.0), ">=65");
        assert_eq!(age_band(None, &e), "");
    }

    #[test]
    fn scan_refuses_identifying_keywords_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        for k in [
            "PatientName",
            "PatientID",
            "PatientBirthDate",
            "AccessionNumber",
            "OtherPatientIDs",
            "StudyID",
        ] {
            let e = scan(dir.path(), &["PatientSex".into(), k.into()]).unwrap_err();
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{k}");
            assert!(e.to_string().contains(k), "{e}");
        }
        assert!(scan(dir.path(), &["PatientSex".into()]).is_ok());
    }

    #[test]
    fn identifying_and_unknown_keywords_are_refused() {
        assert!(check_keyword("PatientSex").is_ok());
        assert!(check_keyword("ViewPosition").is_ok());
        assert!(check_keyword("PatientAge").is_ok());
        assert!(check_keyword("StationName").is_ok());
        for k in [
            "PatientName",
            "StudyInstanceUID",
            "AccessionNumber",
            "PatientAddress",
        ] {
            assert!(check_keyword(k).unwrap_err().contains("Annex E"), "{k}");
        }
        assert!(
            check_keyword("Manufactrer")
                .unwrap_err()
                .contains("not a DICOM keyword")
        );
        for date in [
            "StudyDate",
            "AcquisitionDate",
            "ContentDate",
            "AcquisitionDateTime",
        ] {
            assert!(
                check_keyword(date).unwrap_err().contains("is a date"),
                "{date}"
            );
        }
    }
}
