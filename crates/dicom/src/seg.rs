//! DICOM SEG (Segmentation Storage) as ground truth or a vendor's output: per segment, per
//! source image (SOP Instance UID), a mask on that image's grid.
//!
//! dicom-rs has no SEG API, so this reads the generic dataset: SegmentSequence, the
//! per-frame functional groups (segment number, source image, position) and the pixel data,
//! BINARY (1 bit a pixel, frames packed back to back, least significant bit first, so a frame
//! may start mid-byte) or FRACTIONAL (1 byte a pixel, 0..=MaximumFractionalValue).
//!
//! Conventions, decided here:
//! - A frame goes to the image its ReferencedSOPInstanceUID names. A frame that names an image
//!   outside the cohort is counted in [`SegRead::unmatched`], never moved to another image by
//!   position; a frame that names none is matched by ImagePositionPatient, within
//!   [`POSITION_TOLERANCE_MM`], to an image of the same FrameOfReferenceUID (an image or SEG
//!   without one is not checked).
//! - A frame whose image has another Rows × Columns is counted too (no resampling here).
//! - Frames of one segment on one image are united (logical or).
//! - FRACTIONAL: a pixel is in the mask when value / MaximumFractionalValue ≥ the caller's
//!   threshold.
//! - A segment with no frame on an image means an empty mask there: [`SegRead::mask`] gives
//!   `None`, and the caller decides what empty means.
//!
//! The geometry needed here (positions, orientation, spacing) stays small and local so that it
//! can later join the image-plane module.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dicom_core::Tag;
use dicom_core::value::Value;
use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;
use ndarray::Array2;
use sha2::{Digest, Sha256};

/// Segmentation Storage SOP Class UID.
pub const SEG_SOP_CLASS: &str = "1.2.840.10008.5.1.4.1.1.66.4";

/// Largest distance (mm) between a frame's ImagePositionPatient and an image's for the frame to
/// lie on that image when it names no source image. Writers round positions to 6 significant
/// digits (3D Slicer: `-2.352000e+02` for -235.199997), far below this; slices lie ≥ 0.1 mm
/// apart in any CT or MR series.
pub const POSITION_TOLERANCE_MM: f64 = 0.01;

/// Why a SEG cannot be read. Each message names the attribute and what to do.
#[derive(Debug, thiserror::Error)]
pub enum SegError {
    #[error("cannot open the file: {0}")]
    Unreadable(String),
    #[error(
        "not a DICOM SEG: SOP Class UID is {0:?}, expected {SEG_SOP_CLASS} (Segmentation Storage)"
    )]
    NotSeg(String),
    #[error("{keyword} {tag} is missing; a DICOM SEG must have it (re-export the segmentation)")]
    Missing { keyword: &'static str, tag: Tag },
    #[error("{keyword} {tag} is unusable: {what}")]
    BadValue {
        keyword: &'static str,
        tag: Tag,
        what: String,
    },
    #[error(
        "SegmentationType {0:?} is not read here: only BINARY and FRACTIONAL (LABELMAP SEGs are a DICOM 2024 addition; export BINARY)"
    )]
    UnsupportedType(String),
    #[error(
        "the pixel data is encapsulated (compressed); decompress the SEG first (e.g. `dcmdjpeg`/`gdcmconv --raw`)"
    )]
    Encapsulated,
    #[error(
        "Pixel Data (7FE0,0010) is truncated: Rows × Columns × NumberOfFrames need {expected} bytes, it has {found}"
    )]
    TruncatedPixelData { expected: u64, found: u64 },
    #[error(
        "NumberOfFrames (0028,0008) is {number_of_frames} but PerFrameFunctionalGroupsSequence (5200,9230) has {items} item(s)"
    )]
    FrameCountMismatch { number_of_frames: u64, items: usize },
    #[error(
        "frame {frame} refers to segment {segment}, which SegmentSequence (0062,0002) does not define"
    )]
    UnknownSegment { frame: u32, segment: u16 },
    #[error("segment number {0} appears twice in SegmentSequence (0062,0002)")]
    DuplicateSegment(u16),
    #[error("the fractional threshold {0} must lie in (0, 1]")]
    BadThreshold(f64),
    #[error("the SEG is too large: {0}")]
    TooLarge(String),
}

/// A [`SegError`] with the file it came from.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", path.display())]
pub struct SegFileError {
    pub path: PathBuf,
    #[source]
    pub error: SegError,
}

/// BINARY or FRACTIONAL (with its MaximumFractionalValue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentationType {
    Binary,
    Fractional { maximum: u8 },
}

/// One item of SegmentSequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub number: u16,
    pub label: String,
}

/// An image of the cohort a frame can land on.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceImage {
    pub sop_instance_uid: String,
    /// ImagePositionPatient, for frames that name no source image.
    pub position: Option<[f64; 3]>,
    /// FrameOfReferenceUID: a position is only compared within the SEG's frame of reference.
    pub frame_of_reference_uid: Option<String>,
    pub rows: u32,
    pub columns: u32,
}

/// Why a frame is on no image of the cohort.
#[derive(Debug, Clone, PartialEq)]
pub enum Unmatched {
    /// The frame names a source image the cohort does not hold.
    UidNotInCohort(String),
    /// The frame names no source image and no cohort image (of the SEG's frame of reference)
    /// lies at its position.
    NoImageAtPosition([f64; 3]),
    /// The frame names no source image and has no position either.
    NoReference,
    /// The image's Rows × Columns differ from the SEG's.
    GridDiffers {
        sop_instance_uid: String,
        image: (u32, u32),
        seg: (u32, u32),
    },
}

/// A frame left out, with its 1-based number, its segment and why.
#[derive(Debug, Clone, PartialEq)]
pub struct UnmatchedFrame {
    pub frame: u32,
    pub segment: u16,
    pub reason: Unmatched,
}

/// What a SEG holds for the cohort.
#[derive(Debug, Clone)]
pub struct SegRead {
    pub sop_instance_uid: String,
    pub kind: SegmentationType,
    pub rows: u32,
    pub columns: u32,
    pub frames: u32,
    pub segments: Vec<Segment>,
    /// ImageOrientationPatient (row then column direction cosines) of the shared functional
    /// groups, else of the first frame's; `None` when neither has it.
    pub orientation: Option<[f64; 6]>,
    /// PixelSpacing (row spacing, column spacing) in mm, found as the orientation is.
    pub pixel_spacing: Option<[f64; 2]>,
    /// (segment number, SOP Instance UID) → mask, Rows × Columns, row-major.
    pub masks: BTreeMap<(u16, String), Array2<bool>>,
    pub unmatched: Vec<UnmatchedFrame>,
}

impl SegRead {
    /// The mask of a segment on an image; `None` when the SEG has no frame for that pair
    /// (an empty mask by this module's convention).
    pub fn mask(&self, segment: u16, sop_instance_uid: &str) -> Option<&Array2<bool>> {
        self.masks.get(&(segment, sop_instance_uid.to_string()))
    }

    /// The segment of that label (exact after trimming; aliases are the plan's business).
    pub fn segment_by_label(&self, label: &str) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.label.trim() == label.trim())
    }
}

/// Reads a SEG file for the images of a cohort. `threshold` applies to FRACTIONAL SEGs only.
pub fn read_seg_file(
    path: &Path,
    images: &[SourceImage],
    threshold: f64,
) -> Result<SegRead, SegFileError> {
    let wrap = |error| SegFileError {
        path: path.to_path_buf(),
        error,
    };
    let (obj, _) =
        super::dicom::open(path, None).map_err(|(_, text)| wrap(SegError::Unreadable(text)))?;
    read_seg(&obj, images, threshold).map_err(wrap)
}

/// Reads a SEG already in memory (see [`read_seg_file`]).
pub fn read_seg(
    obj: &InMemDicomObject,
    images: &[SourceImage],
    threshold: f64,
) -> Result<SegRead, SegError> {
    if !(threshold > 0.0 && threshold <= 1.0) {
        return Err(SegError::BadThreshold(threshold));
    }
    let sop_class = text(obj, tags::SOP_CLASS_UID);
    if sop_class != SEG_SOP_CLASS {
        return Err(SegError::NotSeg(sop_class));
    }
    let seg_type = text(obj, tags::SEGMENTATION_TYPE);
    let bits = uint(obj, tags::BITS_ALLOCATED, "BitsAllocated")?;
    let kind = match seg_type.as_str() {
        "BINARY" => {
            expect_bits(bits, 1)?;
            SegmentationType::Binary
        }
        "FRACTIONAL" => {
            expect_bits(bits, 8)?;
            let maximum = uint(
                obj,
                tags::MAXIMUM_FRACTIONAL_VALUE,
                "MaximumFractionalValue",
            )?;
            let maximum = u8::try_from(maximum)
                .ok()
                .filter(|m| *m > 0)
                .ok_or_else(|| {
                    bad(
                        tags::MAXIMUM_FRACTIONAL_VALUE,
                        "MaximumFractionalValue",
                        format!("{maximum} is not in 1..=255"),
                    )
                })?;
            SegmentationType::Fractional { maximum }
        }
        "" => return Err(missing(tags::SEGMENTATION_TYPE, "SegmentationType")),
        other => return Err(SegError::UnsupportedType(other.to_string())),
    };
    let rows = uint(obj, tags::ROWS, "Rows")?;
    let columns = uint(obj, tags::COLUMNS, "Columns")?;
    if rows == 0 || columns == 0 {
        return Err(bad(
            tags::ROWS,
            "Rows",
            format!("the grid is {rows} × {columns}"),
        ));
    }
    let frames = match obj.element_opt(tags::NUMBER_OF_FRAMES).ok().flatten() {
        Some(_) => uint(obj, tags::NUMBER_OF_FRAMES, "NumberOfFrames")?,
        None => 1,
    };
    let segments = read_segments(obj)?;

    // Sizes from the header against the pixel data, before anything is allocated.
    let pixels_per_frame = u64::from(rows) * u64::from(columns);
    let total_bits = pixels_per_frame
        .checked_mul(u64::from(frames))
        .and_then(|n| {
            n.checked_mul(if kind == SegmentationType::Binary {
                1
            } else {
                8
            })
        })
        .ok_or_else(|| SegError::TooLarge(format!("{rows} × {columns} × {frames} frames")))?;
    // The masks take a byte a pixel: the budget every DICOM read here has bounds them.
    let budget = super::pixels::DEFAULT_MAX_PIXELS;
    if pixels_per_frame.saturating_mul(u64::from(frames)) > budget {
        return Err(SegError::TooLarge(format!(
            "{rows} × {columns} × {frames} frames is above the {budget}-pixel budget"
        )));
    }
    let expected = total_bits.div_ceil(8);
    let data = pixel_data(obj)?;
    if (data.len() as u64) < expected {
        return Err(SegError::TruncatedPixelData {
            expected,
            found: data.len() as u64,
        });
    }

    let per_frame = items(obj, tags::PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
    if per_frame.len() as u64 != u64::from(frames) {
        return Err(SegError::FrameCountMismatch {
            number_of_frames: u64::from(frames),
            items: per_frame.len(),
        });
    }
    let shared = items(obj, tags::SHARED_FUNCTIONAL_GROUPS_SEQUENCE).first();
    // Orientation and spacing: the shared groups, else the first frame's (writers put them in
    // either place when they do not vary).
    let shared_or_first = |sequence, tag| {
        shared
            .and_then(|s| nested_floats(s, sequence, tag))
            .or_else(|| {
                per_frame
                    .first()
                    .and_then(|f| nested_floats(f, sequence, tag))
            })
    };
    let orientation = shared_or_first(
        tags::PLANE_ORIENTATION_SEQUENCE,
        tags::IMAGE_ORIENTATION_PATIENT,
    )
    .and_then(|v| <[f64; 6]>::try_from(v).ok());
    let pixel_spacing = shared_or_first(tags::PIXEL_MEASURES_SEQUENCE, tags::PIXEL_SPACING)
        .and_then(|v| <[f64; 2]>::try_from(v).ok());

    let frame_of_reference = text(obj, tags::FRAME_OF_REFERENCE_UID);
    let by_uid: BTreeMap<&str, &SourceImage> = images
        .iter()
        .map(|i| (i.sop_instance_uid.as_str(), i))
        .collect();
    let mut masks: BTreeMap<(u16, String), Array2<bool>> = BTreeMap::new();
    let mut unmatched = Vec::new();
    let (r, c) = (rows as usize, columns as usize);
    let per_frame_pixels = r * c;
    for (index, item) in per_frame.iter().enumerate() {
        let frame = index as u32 + 1;
        let segment = frame_segment(item, shared, frame)?;
        if !segments.iter().any(|s| s.number == segment) {
            return Err(SegError::UnknownSegment { frame, segment });
        }
        let image = match locate(item, shared, images, &by_uid, &frame_of_reference) {
            Ok(image) => image,
            Err(reason) => {
                unmatched.push(UnmatchedFrame {
                    frame,
                    segment,
                    reason,
                });
                continue;
            }
        };
        if (image.rows, image.columns) != (rows, columns) {
            unmatched.push(UnmatchedFrame {
                frame,
                segment,
                reason: Unmatched::GridDiffers {
                    sop_instance_uid: image.sop_instance_uid.clone(),
                    image: (image.rows, image.columns),
                    seg: (rows, columns),
                },
            });
            continue;
        }
        let mask = masks
            .entry((segment, image.sop_instance_uid.clone()))
            .or_insert_with(|| Array2::from_elem((r, c), false));
        let start = index * per_frame_pixels;
        // Row-major, as the frame is stored.
        match kind {
            SegmentationType::Binary => {
                for (p, out) in mask.iter_mut().enumerate() {
                    let bit = start + p;
                    *out |= (data[bit / 8] >> (bit % 8)) & 1 == 1;
                }
            }
            SegmentationType::Fractional { maximum } => {
                let cut = threshold * f64::from(maximum);
                for (out, &v) in mask.iter_mut().zip(&data[start..start + per_frame_pixels]) {
                    *out |= f64::from(v) >= cut;
                }
            }
        }
    }
    Ok(SegRead {
        sop_instance_uid: text(obj, tags::SOP_INSTANCE_UID),
        kind,
        rows,
        columns,
        frames,
        segments,
        orientation,
        pixel_spacing,
        masks,
        unmatched,
    })
}

/// A mask packed 1 bit a pixel, row-major, least significant bit first (the DICOM BINARY
/// order, numpy's `packbits(bitorder="little")`): what peers' SHA-256 digests are taken of.
pub fn pack_bits(mask: &Array2<bool>) -> Vec<u8> {
    let mut out = vec![0u8; mask.len().div_ceil(8)];
    for (i, &v) in mask.iter().enumerate() {
        if v {
            out[i / 8] |= 1 << (i % 8);
        }
    }
    out
}

/// SHA-256 (hex) of [`pack_bits`].
pub fn mask_sha256(mask: &Array2<bool>) -> String {
    Sha256::digest(pack_bits(mask))
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read_segments(obj: &InMemDicomObject) -> Result<Vec<Segment>, SegError> {
    let list = items(obj, tags::SEGMENT_SEQUENCE);
    if list.is_empty() {
        return Err(missing(tags::SEGMENT_SEQUENCE, "SegmentSequence"));
    }
    let mut segments: Vec<Segment> = Vec::with_capacity(list.len());
    for item in list {
        let number = uint(item, tags::SEGMENT_NUMBER, "SegmentNumber")?;
        let number = u16::try_from(number).map_err(|_| {
            bad(
                tags::SEGMENT_NUMBER,
                "SegmentNumber",
                format!("{number} is above 65535"),
            )
        })?;
        if segments.iter().any(|s| s.number == number) {
            return Err(SegError::DuplicateSegment(number));
        }
        segments.push(Segment {
            number,
            label: text(item, tags::SEGMENT_LABEL),
        });
    }
    Ok(segments)
}

/// The segment a frame belongs to: per-frame SegmentIdentificationSequence, else the shared one.
fn frame_segment(
    item: &InMemDicomObject,
    shared: Option<&InMemDicomObject>,
    frame: u32,
) -> Result<u16, SegError> {
    let from = |o: &InMemDicomObject| {
        items(o, tags::SEGMENT_IDENTIFICATION_SEQUENCE)
            .first()
            .and_then(|s| {
                s.element_opt(tags::REFERENCED_SEGMENT_NUMBER)
                    .ok()
                    .flatten()
            })
            .map(|e| e.to_int::<u16>())
    };
    match from(item).or_else(|| shared.and_then(from)) {
        Some(Ok(n)) => Ok(n),
        Some(Err(_)) => Err(bad(
            tags::REFERENCED_SEGMENT_NUMBER,
            "ReferencedSegmentNumber",
            format!("frame {frame}: not a number in 0..=65535"),
        )),
        None => Err(bad(
            tags::SEGMENT_IDENTIFICATION_SEQUENCE,
            "SegmentIdentificationSequence",
            format!("frame {frame} names no segment"),
        )),
    }
}

/// The cohort image a frame lies on, by source UID, else by position (see the module's rules).
fn locate<'a>(
    item: &InMemDicomObject,
    shared: Option<&InMemDicomObject>,
    images: &'a [SourceImage],
    by_uid: &BTreeMap<&str, &'a SourceImage>,
    frame_of_reference: &str,
) -> Result<&'a SourceImage, Unmatched> {
    let uids: Vec<String> = items(item, tags::DERIVATION_IMAGE_SEQUENCE)
        .iter()
        .flat_map(|d| items(d, tags::SOURCE_IMAGE_SEQUENCE))
        .map(|s| text(s, tags::REFERENCED_SOP_INSTANCE_UID))
        .filter(|u| !u.is_empty())
        .collect();
    if let Some(first) = uids.first() {
        return uids
            .iter()
            .find_map(|u| by_uid.get(u.as_str()).copied())
            .ok_or_else(|| Unmatched::UidNotInCohort(first.clone()));
    }
    let position = nested_floats(
        item,
        tags::PLANE_POSITION_SEQUENCE,
        tags::IMAGE_POSITION_PATIENT,
    )
    .or_else(|| {
        shared.and_then(|s| {
            nested_floats(
                s,
                tags::PLANE_POSITION_SEQUENCE,
                tags::IMAGE_POSITION_PATIENT,
            )
        })
    })
    .and_then(|v| <[f64; 3]>::try_from(v).ok())
    .ok_or(Unmatched::NoReference)?;
    images
        .iter()
        .filter(|i| match i.frame_of_reference_uid.as_deref() {
            Some(uid) if !uid.is_empty() && !frame_of_reference.is_empty() => {
                uid == frame_of_reference
            }
            _ => true,
        })
        .filter_map(|i| i.position.map(|p| (distance(p, position), i)))
        .filter(|(d, _)| *d <= POSITION_TOLERANCE_MM)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, i)| i)
        .ok_or(Unmatched::NoImageAtPosition(position))
}

fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    a.iter()
        .zip(&b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

fn pixel_data(obj: &InMemDicomObject) -> Result<std::borrow::Cow<'_, [u8]>, SegError> {
    let element = obj
        .element_opt(tags::PIXEL_DATA)
        .ok()
        .flatten()
        .ok_or_else(|| missing(tags::PIXEL_DATA, "PixelData"))?;
    if matches!(element.value(), Value::PixelSequence(_)) {
        return Err(SegError::Encapsulated);
    }
    element
        .to_bytes()
        .map_err(|_| bad(tags::PIXEL_DATA, "PixelData", "not a byte string".into()))
}

fn items(obj: &InMemDicomObject, tag: Tag) -> &[InMemDicomObject] {
    obj.element_opt(tag)
        .ok()
        .flatten()
        .and_then(|e| e.items())
        .unwrap_or_default()
}

/// A number list inside the first item of a sequence (e.g. PlanePositionSequence →
/// ImagePositionPatient); `None` when absent or not numbers.
fn nested_floats(obj: &InMemDicomObject, sequence: Tag, tag: Tag) -> Option<Vec<f64>> {
    items(obj, sequence)
        .first()?
        .element_opt(tag)
        .ok()
        .flatten()?
        .to_multi_float64()
        .ok()
        .filter(|v| v.iter().all(|x| x.is_finite()))
}

fn text(obj: &InMemDicomObject, tag: Tag) -> String {
    obj.element_opt(tag)
        .ok()
        .flatten()
        .and_then(|e| e.to_str().ok())
        .map(|s| s.trim_end_matches('\0').trim().to_string())
        .unwrap_or_default()
}

fn uint(obj: &InMemDicomObject, tag: Tag, keyword: &'static str) -> Result<u32, SegError> {
    obj.element_opt(tag)
        .ok()
        .flatten()
        .ok_or_else(|| missing(tag, keyword))?
        .to_int::<u32>()
        .map_err(|_| bad(tag, keyword, "not a non-negative whole number".into()))
}

fn expect_bits(bits: u32, want: u32) -> Result<(), SegError> {
    if bits == want {
        Ok(())
    } else {
        Err(bad(
            tags::BITS_ALLOCATED,
            "BitsAllocated",
            format!("{bits}, but this SegmentationType needs {want}"),
        ))
    }
}

fn missing(tag: Tag, keyword: &'static str) -> SegError {
    SegError::Missing { keyword, tag }
}

fn bad(tag: Tag, keyword: &'static str, what: String) -> SegError {
    SegError::BadValue { keyword, tag, what }
}
