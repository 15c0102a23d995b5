//! The cohort as a run indexes it: units (a CSV row or a DICOM case) and where each one's
//! input is. Plain data, below the steps that make (`prepare`) and score (`score`) them.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One unit of the cohort: a case with its ground truth and attributes, and where its input is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// How every output names it: the CSV id, or the pseudonym of a DICOM case's key.
    pub id: crate::Id,
    pub label: bool,
    /// Attribute values in the plan's subgroup order. (Boxed slices, not vectors, here and
    /// below: a million-case run holds a million units, and each vector's spare capacity word
    /// was 8 bytes of them.)
    pub subgroups: Box<[crate::Id]>,
    /// The case's date, for the analysis over time (never written, only its month or quarter).
    #[serde(with = "iso_date")]
    pub date: Option<jiff::civil::Date>,
    /// The case's patient (CSV: the plan's column; DICOM: an index standing for PatientID).
    pub patient: Option<crate::Id>,
    pub input: Input,
}

impl Unit {
    /// DICOM: the equipment values of the first image (followed by the drift analysis); none
    /// for a CSV row.
    pub fn equipment(&self) -> &[String] {
        match &self.input {
            Input::Row { .. } => &[],
            Input::Images(case) => &case.equipment,
            Input::Segmentation(s) => &s.equipment,
        }
    }
}

/// Where a unit's model input or vendor score is found. What only DICOM units carry is boxed,
/// so that a CSV row's unit stays small (a million-row cohort holds a million of them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    /// A CSV row: its line and its model inputs.
    Row { line: u64, features: Features },
    /// A DICOM case.
    Images(Box<DicomCase>),
    /// A segmentation case: a series, or one slice of it, with the files that hold its truth
    /// and (vendor-scored plans) its predicted masks.
    Segmentation(Box<SegmentationInput>),
}

/// A CSV row's model inputs in the plan's feature order: none when no source has a model,
/// or `Err` with why, when only a `[[compare]]` model reads them and this row's cannot be
/// read. One pointer, null when there are none (a vendor-scored cohort).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Features(Option<Box<std::result::Result<Vec<f32>, String>>>);

impl Features {
    pub fn new(features: std::result::Result<Vec<f32>, String>) -> Self {
        match features {
            Ok(f) if f.is_empty() => Features(None),
            other => Features(Some(Box::new(other))),
        }
    }

    /// The values (empty when there are none), or why they cannot be read.
    pub fn get(&self) -> std::result::Result<&[f32], &str> {
        match self.0.as_deref() {
            None => Ok(&[]),
            Some(Ok(f)) => Ok(f),
            Some(Err(why)) => Err(why),
        }
    }
}

/// A DICOM case: the path or UID the vendor's scores are joined on, its images, and the
/// equipment values of the first image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DicomCase {
    pub key: Box<str>,
    pub images: Box<[Image]>,
    pub equipment: Box<[String]>,
}

/// Where a segmentation case's images and masks are. The series UID and paths stay in memory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentationInput {
    /// SeriesInstanceUID: units of one series are scored together.
    pub series: String,
    /// Every image of the series, in scan order (sorted along the slice normal when scored);
    /// shared by the units of one series (unit = "image"), so memory grows with the images,
    /// not with their square.
    #[serde(with = "shared")]
    pub images: std::sync::Arc<Vec<Image>>,
    /// `unit = "image"`: which of `images` this case is; None for a whole series.
    pub slice: Option<usize>,
    /// `[truth]` files that reference the series.
    pub truth: Vec<PathBuf>,
    /// `[predictions]` files that reference the series (vendor masks).
    pub predictions: Vec<PathBuf>,
    /// The equipment values of the series' first image.
    pub equipment: Box<[String]>,
}

/// One image of a DICOM case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// Path relative to the cohort folder: the journal's key (never written to an output).
    pub rel_path: String,
    pub path: PathBuf,
}

/// A shared list as a plain list (serde is built without its `rc` feature).
mod shared {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        v: &Arc<Vec<T>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        v.as_slice().serialize(s)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Arc<Vec<T>>, D::Error> {
        Vec::<T>::deserialize(d).map(Arc::new)
    }
}

/// Dates as ISO 8601 text (jiff is built without its serde feature).
mod iso_date {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        d: &Option<jiff::civil::Date>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<jiff::civil::Date>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| {
                crate::cohort::parse_date(&t)
                    .ok_or_else(|| serde::de::Error::custom(format!("not a date: {t}")))
            })
            .transpose()
    }
}

#[cfg(test)]
mod size_tests {
    /// A million-row cohort holds a million units: 112 bytes before equipment and the DICOM
    /// case were boxed and the features made one pointer.
    #[test]
    fn a_unit_is_80_bytes() {
        assert_eq!(std::mem::size_of::<super::Input>(), 24);
        assert_eq!(std::mem::size_of::<super::Unit>(), 80);
    }

    #[test]
    fn features_read_back_as_made() {
        use super::Features;
        assert_eq!(Features::new(Ok(vec![])).get(), Ok(&[][..]));
        assert_eq!(Features::new(Ok(vec![1.5])).get(), Ok(&[1.5f32][..]));
        assert_eq!(Features::new(Err("bad".into())).get(), Err("bad"));
        assert_eq!(Features::new(Ok(vec![])), Features::default());
    }
}
