//! DICOM SR TID 1500 (Measurement Report) as detection marks or truth: every region of every
//! measurement group, with its finding, tracking identifier and UID, score, and geometry.
//!
//! dicom-rs has no SR API, so this walks the generic dataset's content tree
//! (ContentSequence items, each a content item with RelationshipType, ValueType and
//! ConceptNameCodeSequence). What is read, decided here:
//! - The document is an SR (a Structured Reporting storage SOP class) whose ContentTemplateSequence
//!   names TID 1500 (DCMR), or whose root concept is (126000, DCM, "Imaging Measurement Report").
//! - Measurement groups are the CONTAINERs (125007, DCM, "Measurement Group") inside the
//!   "Imaging Measurements" CONTAINER (126010, DCM) under the root (TID 1500 row 6 → TID 1410,
//!   1411, 1501). One [`SrFinding`] is made per SCOORD or SCOORD3D item directly in a group (a
//!   TID 1411 volumetric ROI of several planar regions gives several findings sharing `group`);
//!   a group with none is counted in [`SrRead::groups_without_geometry`], never dropped silently.
//! - The finding is the group's CODE item (121071, DCM, "Finding"); the tracking identifier the
//!   TEXT (112039, DCM), the tracking UID the UIDREF (112040, DCM).
//! - The score is the first NUM item directly in the group (document order) whose concept is
//!   (122157, DCM, "Probability") or whose meaning contains, ignoring case, "probability",
//!   "confidence", "certainty", "likelihood" or "score" (highdicom writes a model's probability as
//!   a TID 1419 Measurement: a NUM in the group). Its FloatingPointValue when present, else its
//!   NumericValue, as written (no unit conversion: a "%" stays 0–100; the unit is kept).
//! - SCOORD coordinates are as DICOM writes them (PS3.3 C.18.6.1.1): (column, row) pixel
//!   coordinates of the referenced image, the top-left *corner* of the top-left pixel at (0, 0),
//!   so the first pixel's centre is (0.5, 0.5) — half a pixel from [`crate::geometry::Plane`]'s
//!   convention (centres on integers); [`Point2::to_plane`] converts. SCOORD3D coordinates are
//!   patient mm (x, y, z) in the item's ReferencedFrameOfReferenceUID.
//! - Centre: POINT the point; CIRCLE its first point (the centre); ELLIPSE and ELLIPSOID the
//!   midpoint of the first axis; POLYLINE, POLYGON and MULTIPOINT the mean of the vertices, a
//!   closing vertex equal to the first counted once. Bounding box (axis-aligned in the
//!   coordinates the SCOORD is in): min and max of the vertices; for a CIRCLE the centre ± the
//!   radius; for an ELLIPSE/ELLIPSOID the exact box of the curve (centre ± √Σ semi-axis²
//!   component-wise, the axes being orthogonal as the standard requires).
//! - Bad input is an [`SrError`] naming the content item by its position ("1.5.3": 1-based indices
//!   down the tree, as PS3.3 C.17.3.2.5 numbers items); sizes are checked before allocating: at
//!   most [`MAX_CONTENT_ITEMS`] items, [`MAX_DEPTH`] levels, [`MAX_POINTS`] points a region.

use std::path::{Path, PathBuf};

use dicom_core::Tag;
use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;

/// The Structured Reporting storage SOP classes a TID 1500 document may be stored as (Enhanced,
/// Comprehensive, Comprehensive 3D, Extensible SR).
pub const SR_SOP_CLASSES: [&str; 4] = [
    "1.2.840.10008.5.1.4.1.1.88.22",
    "1.2.840.10008.5.1.4.1.1.88.33",
    "1.2.840.10008.5.1.4.1.1.88.34",
    "1.2.840.10008.5.1.4.1.1.88.35",
];

/// Deepest content tree read: TID 1500 needs five levels (report, measurements, group, region,
/// image); a deeper tree is refused rather than walked.
pub const MAX_DEPTH: usize = 16;
/// Most content items in one document.
pub const MAX_CONTENT_ITEMS: usize = 1_000_000;
/// Most points in one SCOORD or SCOORD3D.
pub const MAX_POINTS: usize = 1 << 20;

/// Why an SR cannot be read. `item` is the content item's position ("1.5.3"), "" the root.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SrError {
    #[error("cannot open the file: {0}")]
    Unreadable(String),
    #[error(
        "not a DICOM SR: SOP Class UID is {0:?}, expected an Enhanced, Comprehensive, Comprehensive 3D or Extensible SR"
    )]
    NotSr(String),
    #[error(
        "not a TID 1500 Measurement Report: the template is {template:?} and the root concept {concept:?}; export the marks as a TID 1500 report"
    )]
    NotTid1500 { template: String, concept: String },
    #[error("content item {item}: the content tree is nested deeper than {MAX_DEPTH} levels")]
    TooDeep { item: String },
    #[error("the content tree has more than {MAX_CONTENT_ITEMS} items")]
    TooManyItems,
    #[error("content item {item} ({value_type}): {what}")]
    BadItem {
        item: String,
        value_type: String,
        what: String,
    },
}

/// An [`SrError`] with the file it came from.
#[derive(Debug, thiserror::Error)]
#[error("{}: {error}", path.display())]
pub struct SrFileError {
    pub path: PathBuf,
    #[source]
    pub error: SrError,
}

/// A coded concept (Code Value, Long or URN Code Value; scheme; meaning).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Code {
    pub value: String,
    pub scheme: String,
    pub meaning: String,
}

/// A SCOORD point: (column, row) with the image's top-left corner at (0, 0).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Point2 {
    pub column: f64,
    pub row: f64,
}

impl Point2 {
    /// The same point in [`crate::geometry::Plane`]'s pixel convention (pixel centres on integer
    /// (column, row)): half a pixel less on each axis.
    pub fn to_plane(self) -> (f64, f64) {
        (self.column - 0.5, self.row - 0.5)
    }
}

/// A planar region as the SCOORD's GraphicType says.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Geometry2d {
    Point(Point2),
    /// Open, or closed when the last point equals the first (a 2-D SCOORD has no POLYGON).
    Polyline(Vec<Point2>),
    Multipoint(Vec<Point2>),
    /// Centre and a point on the circle.
    Circle {
        centre: Point2,
        edge: Point2,
    },
    /// Major axis end points, then minor axis end points.
    Ellipse([Point2; 4]),
}

/// A region in patient mm (SCOORD3D).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Geometry3d {
    Point([f64; 3]),
    Polyline(Vec<[f64; 3]>),
    Polygon(Vec<[f64; 3]>),
    Multipoint(Vec<[f64; 3]>),
    /// Two axes' end points (first the major).
    Ellipse([[f64; 3]; 4]),
    /// Three axes' end points.
    Ellipsoid([[f64; 3]; 6]),
}

/// Where a finding is: on an image (pixels) or in the patient (mm).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Geometry {
    Image(Geometry2d),
    Patient {
        geometry: Geometry3d,
        /// ReferencedFrameOfReferenceUID of the SCOORD3D item.
        frame_of_reference: String,
    },
}

/// An axis-aligned box in the geometry's coordinates: (column, row) pixels or (x, y, z) mm.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BoundingBox {
    pub min: Vec<f64>,
    pub max: Vec<f64>,
}

/// A numeric score of a group (see the module's rule).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Score {
    pub value: f64,
    pub concept: Code,
    pub unit: Option<Code>,
}

/// One region of one measurement group.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SrFinding {
    /// 1-based position of the group among the report's measurement groups.
    pub group: usize,
    /// The content item of the region ("1.5.2.6").
    pub item: String,
    pub finding: Option<Code>,
    pub tracking_identifier: Option<String>,
    pub tracking_uid: Option<String>,
    /// The image a SCOORD lies on (first ReferencedSOPSequence item of its IMAGE child).
    pub referenced_sop: Option<String>,
    /// The frame of a multi-frame image, when named (one frame; several are refused).
    pub frame: Option<u32>,
    pub geometry: Geometry,
    /// (column, row) for an image region, (x, y, z) mm for a patient region.
    pub centre: Vec<f64>,
    pub bbox: BoundingBox,
    pub score: Option<Score>,
}

impl SrFinding {
    /// The centre in patient mm: a patient region's as it is; an image region's through the
    /// plane of the image it lies on ([`Point2::to_plane`] first). `None` for an image region
    /// without its plane.
    pub fn centre_mm(&self, plane: Option<&crate::geometry::Plane>) -> Option<[f64; 3]> {
        match &self.geometry {
            Geometry::Patient { .. } => Some([self.centre[0], self.centre[1], self.centre[2]]),
            Geometry::Image(_) => {
                let (column, row) = Point2 {
                    column: self.centre[0],
                    row: self.centre[1],
                }
                .to_plane();
                plane.map(|p| p.to_patient(column, row))
            }
        }
    }
}

/// What a TID 1500 report holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SrRead {
    pub sop_instance_uid: String,
    pub findings: Vec<SrFinding>,
    /// Measurement groups read.
    pub groups: usize,
    /// Groups with no SCOORD or SCOORD3D (a measurement or a segment reference only): no mark.
    pub groups_without_geometry: usize,
}

/// Reads a TID 1500 SR file (through the prescan, as every DICOM file here is).
pub fn read_sr_file(path: &Path) -> Result<SrRead, SrFileError> {
    let wrap = |error| SrFileError {
        path: path.to_path_buf(),
        error,
    };
    let (obj, _) =
        super::dicom::open(path, None).map_err(|(_, text)| wrap(SrError::Unreadable(text)))?;
    read_sr(&obj).map_err(wrap)
}

const IMAGING_MEASUREMENTS: &str = "126010";
const MEASUREMENT_GROUP: &str = "125007";
const FINDING: &str = "121071";
const TRACKING_IDENTIFIER: &str = "112039";
const TRACKING_UID: &str = "112040";
const PROBABILITY: &str = "122157";
const SCORE_WORDS: [&str; 5] = [
    "probability",
    "confidence",
    "certainty",
    "likelihood",
    "score",
];

/// Reads a TID 1500 SR already in memory (see [`read_sr_file`]).
pub fn read_sr(obj: &InMemDicomObject) -> Result<SrRead, SrError> {
    let sop_class = text(obj, tags::SOP_CLASS_UID);
    if !SR_SOP_CLASSES.contains(&sop_class.as_str()) {
        return Err(SrError::NotSr(sop_class));
    }
    check_tree(obj)?;
    let template = items(obj, tags::CONTENT_TEMPLATE_SEQUENCE)
        .first()
        .map(|t| text(t, tags::TEMPLATE_IDENTIFIER))
        .unwrap_or_default();
    let concept = concept(obj).map(|c| c.value).unwrap_or_default();
    if template != "1500" && concept != "126000" {
        return Err(SrError::NotTid1500 { template, concept });
    }
    let mut findings = Vec::new();
    let mut groups = 0;
    let mut without = 0;
    for (i, container) in items(obj, tags::CONTENT_SEQUENCE).iter().enumerate() {
        if !is(container, "CONTAINER", IMAGING_MEASUREMENTS) {
            continue;
        }
        let container_id = format!("1.{}", i + 1);
        for (j, group) in items(container, tags::CONTENT_SEQUENCE).iter().enumerate() {
            if !is(group, "CONTAINER", MEASUREMENT_GROUP) {
                continue;
            }
            groups += 1;
            let id = format!("{container_id}.{}", j + 1);
            let read = read_group(group, groups, &id)?;
            if read.is_empty() {
                without += 1;
            }
            findings.extend(read);
        }
    }
    Ok(SrRead {
        sop_instance_uid: text(obj, tags::SOP_INSTANCE_UID),
        findings,
        groups,
        groups_without_geometry: without,
    })
}

/// Depth and size of the whole tree, before anything is read from it (iterative: no recursion
/// on untrusted nesting).
fn check_tree(obj: &InMemDicomObject) -> Result<(), SrError> {
    let mut stack: Vec<(&InMemDicomObject, String, usize)> = vec![(obj, "1".into(), 1)];
    let mut count = 0usize;
    while let Some((node, id, depth)) = stack.pop() {
        for (i, child) in items(node, tags::CONTENT_SEQUENCE).iter().enumerate() {
            count += 1;
            if count > MAX_CONTENT_ITEMS {
                return Err(SrError::TooManyItems);
            }
            let child_id = format!("{id}.{}", i + 1);
            if depth + 1 > MAX_DEPTH {
                return Err(SrError::TooDeep { item: child_id });
            }
            stack.push((child, child_id, depth + 1));
        }
    }
    Ok(())
}

fn read_group(
    group: &InMemDicomObject,
    number: usize,
    id: &str,
) -> Result<Vec<SrFinding>, SrError> {
    let children = items(group, tags::CONTENT_SEQUENCE);
    let mut finding = None;
    let mut tracking_identifier = None;
    let mut tracking_uid = None;
    let mut score = None;
    for (i, child) in children.iter().enumerate() {
        let child_id = format!("{id}.{}", i + 1);
        let value_type = text(child, tags::VALUE_TYPE);
        let Some(name) = concept(child) else { continue };
        match (value_type.as_str(), name.value.as_str()) {
            ("CODE", FINDING) if finding.is_none() => {
                finding = Some(
                    items(child, tags::CONCEPT_CODE_SEQUENCE)
                        .first()
                        .map(code)
                        .ok_or_else(|| bad(&child_id, "CODE", "no ConceptCodeSequence"))?,
                );
            }
            ("TEXT", TRACKING_IDENTIFIER) => {
                tracking_identifier = Some(text(child, tags::TEXT_VALUE));
            }
            ("UIDREF", TRACKING_UID) => tracking_uid = Some(text(child, tags::UID)),
            ("NUM", _) if score.is_none() && is_score(&name) => {
                score = Some(read_score(child, name, &child_id)?);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (i, child) in children.iter().enumerate() {
        let child_id = format!("{id}.{}", i + 1);
        let value_type = text(child, tags::VALUE_TYPE);
        let (geometry, referenced_sop, frame) = match value_type.as_str() {
            "SCOORD" => {
                let g = read_scoord(child, &child_id)?;
                let (sop, frame) = image_reference(child, &child_id)?;
                (Geometry::Image(g), sop, frame)
            }
            "SCOORD3D" => {
                let g = read_scoord3d(child, &child_id)?;
                let frame_of_reference = text(child, tags::REFERENCED_FRAME_OF_REFERENCE_UID);
                if frame_of_reference.is_empty() {
                    return Err(bad(
                        &child_id,
                        "SCOORD3D",
                        "no ReferencedFrameOfReferenceUID (3006,0024): its mm are in no known space",
                    ));
                }
                (
                    Geometry::Patient {
                        geometry: g,
                        frame_of_reference,
                    },
                    None,
                    None,
                )
            }
            _ => continue,
        };
        let (centre, bbox) = centre_and_box(&geometry);
        out.push(SrFinding {
            group: number,
            item: child_id,
            finding: finding.clone(),
            tracking_identifier: tracking_identifier.clone(),
            tracking_uid: tracking_uid.clone(),
            referenced_sop,
            frame,
            geometry,
            centre,
            bbox,
            score: score.clone(),
        });
    }
    Ok(out)
}

fn is_score(name: &Code) -> bool {
    if name.value == PROBABILITY && name.scheme == "DCM" {
        return true;
    }
    let meaning = name.meaning.to_lowercase();
    SCORE_WORDS.iter().any(|w| meaning.contains(w))
}

fn read_score(item: &InMemDicomObject, concept: Code, id: &str) -> Result<Score, SrError> {
    let measured = items(item, tags::MEASURED_VALUE_SEQUENCE);
    let Some(m) = measured.first() else {
        return Err(bad(
            id,
            "NUM",
            "no MeasuredValueSequence: the score has no value",
        ));
    };
    let float = m
        .element_opt(tags::FLOATING_POINT_VALUE)
        .ok()
        .flatten()
        .and_then(|e| e.to_float64().ok());
    let value = match float {
        Some(v) => v,
        None => m
            .element_opt(tags::NUMERIC_VALUE)
            .ok()
            .flatten()
            .ok_or_else(|| bad(id, "NUM", "no NumericValue (0040,A30A)"))?
            .to_float64()
            .map_err(|_| bad(id, "NUM", "NumericValue is not a number"))?,
    };
    if !value.is_finite() {
        return Err(bad(id, "NUM", "the score is not a finite number"));
    }
    Ok(Score {
        value,
        concept,
        unit: items(m, tags::MEASUREMENT_UNITS_CODE_SEQUENCE)
            .first()
            .map(code),
    })
}

/// The SOP Instance UID and frame of a SCOORD's IMAGE child (SELECTED FROM).
fn image_reference(
    scoord: &InMemDicomObject,
    id: &str,
) -> Result<(Option<String>, Option<u32>), SrError> {
    let Some(image) = items(scoord, tags::CONTENT_SEQUENCE)
        .iter()
        .find(|c| text(c, tags::VALUE_TYPE) == "IMAGE")
    else {
        return Ok((None, None));
    };
    let Some(sop) = items(image, tags::REFERENCED_SOP_SEQUENCE).first() else {
        return Ok((None, None));
    };
    let uid = text(sop, tags::REFERENCED_SOP_INSTANCE_UID);
    let frames = match sop
        .element_opt(tags::REFERENCED_FRAME_NUMBER)
        .ok()
        .flatten()
    {
        None => Vec::new(),
        Some(e) => {
            if e.value().multiplicity() as usize > MAX_POINTS {
                return Err(bad(id, "SCOORD", "too many ReferencedFrameNumber values"));
            }
            e.to_multi_int::<u32>()
                .map_err(|_| bad(id, "SCOORD", "ReferencedFrameNumber is not a frame number"))?
        }
    };
    if frames.len() > 1 {
        return Err(bad(
            id,
            "SCOORD",
            &format!(
                "the region names {} frames; a region on one frame is expected",
                frames.len()
            ),
        ));
    }
    Ok(((!uid.is_empty()).then_some(uid), frames.first().copied()))
}

/// GraphicType and GraphicData of a (3-D) SCOORD, the number of values checked first.
fn graphic(item: &InMemDicomObject, id: &str, dims: usize) -> Result<(String, Vec<f64>), SrError> {
    let value_type = if dims == 2 { "SCOORD" } else { "SCOORD3D" };
    let kind = text(item, tags::GRAPHIC_TYPE);
    let element = item
        .element_opt(tags::GRAPHIC_DATA)
        .ok()
        .flatten()
        .ok_or_else(|| bad(id, value_type, "no GraphicData (0070,0022)"))?;
    let n = element.value().multiplicity() as usize;
    if n > MAX_POINTS * dims {
        return Err(bad(
            id,
            value_type,
            &format!("{n} values, above the {MAX_POINTS}-point limit"),
        ));
    }
    if n == 0 || !n.is_multiple_of(dims) {
        return Err(bad(
            id,
            value_type,
            &format!("GraphicData has {n} values, not a whole number of {dims}-D points"),
        ));
    }
    let data = element
        .to_multi_float64()
        .map_err(|_| bad(id, value_type, "GraphicData is not a list of numbers"))?;
    if data.iter().any(|v| !v.is_finite()) {
        return Err(bad(
            id,
            value_type,
            "GraphicData holds a value that is not finite",
        ));
    }
    Ok((kind, data))
}

fn expect_points(kind: &str, n: usize, id: &str, value_type: &str) -> Result<(), SrError> {
    let ok = match kind {
        "POINT" => n == 1,
        "CIRCLE" => n == 2,
        "ELLIPSE" => n == 4,
        "ELLIPSOID" => n == 6,
        "POLYLINE" | "POLYGON" => n >= 2,
        "MULTIPOINT" => n >= 1,
        _ => {
            return Err(bad(
                id,
                value_type,
                &format!(
                    "GraphicType {kind:?} is not read (POINT, MULTIPOINT, POLYLINE, POLYGON, CIRCLE, ELLIPSE, ELLIPSOID are)"
                ),
            ));
        }
    };
    if ok {
        Ok(())
    } else {
        Err(bad(id, value_type, &format!("a {kind} with {n} point(s)")))
    }
}

fn read_scoord(item: &InMemDicomObject, id: &str) -> Result<Geometry2d, SrError> {
    let (kind, data) = graphic(item, id, 2)?;
    let points: Vec<Point2> = data
        .chunks_exact(2)
        .map(|p| Point2 {
            column: p[0],
            row: p[1],
        })
        .collect();
    if matches!(kind.as_str(), "POLYGON" | "ELLIPSOID") {
        return Err(bad(
            id,
            "SCOORD",
            &format!("GraphicType {kind} exists only in SCOORD3D"),
        ));
    }
    expect_points(&kind, points.len(), id, "SCOORD")?;
    Ok(match kind.as_str() {
        "POINT" => Geometry2d::Point(points[0]),
        "CIRCLE" => Geometry2d::Circle {
            centre: points[0],
            edge: points[1],
        },
        "ELLIPSE" => Geometry2d::Ellipse([points[0], points[1], points[2], points[3]]),
        "MULTIPOINT" => Geometry2d::Multipoint(points),
        _ => Geometry2d::Polyline(points),
    })
}

fn read_scoord3d(item: &InMemDicomObject, id: &str) -> Result<Geometry3d, SrError> {
    let (kind, data) = graphic(item, id, 3)?;
    let points: Vec<[f64; 3]> = data.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect();
    if kind == "CIRCLE" {
        return Err(bad(
            id,
            "SCOORD3D",
            "GraphicType CIRCLE exists only in SCOORD",
        ));
    }
    expect_points(&kind, points.len(), id, "SCOORD3D")?;
    Ok(match kind.as_str() {
        "POINT" => Geometry3d::Point(points[0]),
        "ELLIPSE" => Geometry3d::Ellipse([points[0], points[1], points[2], points[3]]),
        "ELLIPSOID" => Geometry3d::Ellipsoid(std::array::from_fn(|i| points[i])),
        "MULTIPOINT" => Geometry3d::Multipoint(points),
        "POLYGON" => Geometry3d::Polygon(points),
        _ => Geometry3d::Polyline(points),
    })
}

/// Centre and box by the module's rules, in the geometry's own coordinates.
fn centre_and_box(geometry: &Geometry) -> (Vec<f64>, BoundingBox) {
    let p2 = |p: &Point2| vec![p.column, p.row];
    let p3 = |p: &[f64; 3]| p.to_vec();
    match geometry {
        Geometry::Image(g) => match g {
            Geometry2d::Point(p) => (p2(p), span(&[p2(p)])),
            Geometry2d::Polyline(v) | Geometry2d::Multipoint(v) => {
                let v: Vec<Vec<f64>> = v.iter().map(p2).collect();
                (mean_distinct(&v), span(&v))
            }
            Geometry2d::Circle { centre, edge } => {
                let c = p2(centre);
                let r = (edge.column - centre.column).hypot(edge.row - centre.row);
                let bbox = BoundingBox {
                    min: c.iter().map(|x| x - r).collect(),
                    max: c.iter().map(|x| x + r).collect(),
                };
                (c, bbox)
            }
            Geometry2d::Ellipse(a) => ellipse(&a.iter().map(p2).collect::<Vec<_>>()),
        },
        Geometry::Patient { geometry, .. } => match geometry {
            Geometry3d::Point(p) => (p3(p), span(&[p3(p)])),
            Geometry3d::Polyline(v) | Geometry3d::Polygon(v) | Geometry3d::Multipoint(v) => {
                let v: Vec<Vec<f64>> = v.iter().map(p3).collect();
                (mean_distinct(&v), span(&v))
            }
            Geometry3d::Ellipse(a) => ellipse(&a.iter().map(p3).collect::<Vec<_>>()),
            Geometry3d::Ellipsoid(a) => ellipse(&a.iter().map(p3).collect::<Vec<_>>()),
        },
    }
}

/// Mean of the vertices, a last vertex equal to the first counted once.
fn mean_distinct(v: &[Vec<f64>]) -> Vec<f64> {
    let n = if v.len() > 1 && v.first() == v.last() {
        v.len() - 1
    } else {
        v.len()
    };
    let dims = v[0].len();
    (0..dims)
        .map(|d| v[..n].iter().map(|p| p[d]).sum::<f64>() / n as f64)
        .collect()
}

fn span(v: &[Vec<f64>]) -> BoundingBox {
    let dims = v[0].len();
    BoundingBox {
        min: (0..dims)
            .map(|d| v.iter().map(|p| p[d]).fold(f64::INFINITY, f64::min))
            .collect(),
        max: (0..dims)
            .map(|d| v.iter().map(|p| p[d]).fold(f64::NEG_INFINITY, f64::max))
            .collect(),
    }
}

/// Axis end points in pairs: centre the first axis' midpoint, box centre ± √Σ semi-axis².
fn ellipse(ends: &[Vec<f64>]) -> (Vec<f64>, BoundingBox) {
    let dims = ends[0].len();
    let centre: Vec<f64> = (0..dims).map(|d| (ends[0][d] + ends[1][d]) / 2.0).collect();
    let half: Vec<f64> = (0..dims)
        .map(|d| {
            ends.chunks_exact(2)
                .map(|axis| {
                    let s = (axis[1][d] - axis[0][d]) / 2.0;
                    s * s
                })
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let bbox = BoundingBox {
        min: centre.iter().zip(&half).map(|(c, h)| c - h).collect(),
        max: centre.iter().zip(&half).map(|(c, h)| c + h).collect(),
    };
    (centre, bbox)
}

fn is(item: &InMemDicomObject, value_type: &str, code_value: &str) -> bool {
    text(item, tags::VALUE_TYPE) == value_type
        && concept(item).is_some_and(|c| c.value == code_value)
}

fn concept(item: &InMemDicomObject) -> Option<Code> {
    items(item, tags::CONCEPT_NAME_CODE_SEQUENCE)
        .first()
        .map(code)
}

fn code(item: &InMemDicomObject) -> Code {
    let value = [
        tags::CODE_VALUE,
        tags::LONG_CODE_VALUE,
        tags::URN_CODE_VALUE,
    ]
    .into_iter()
    .map(|t| text(item, t))
    .find(|v| !v.is_empty())
    .unwrap_or_default();
    Code {
        value,
        scheme: text(item, tags::CODING_SCHEME_DESIGNATOR),
        meaning: text(item, tags::CODE_MEANING),
    }
}

fn bad(item: &str, value_type: &str, what: &str) -> SrError {
    SrError::BadItem {
        item: item.to_string(),
        value_type: value_type.to_string(),
        what: what.to_string(),
    }
}

fn items(obj: &InMemDicomObject, tag: Tag) -> &[InMemDicomObject] {
    obj.element_opt(tag)
        .ok()
        .flatten()
        .and_then(|e| e.items())
        .unwrap_or_default()
}

fn text(obj: &InMemDicomObject, tag: Tag) -> String {
    obj.element_opt(tag)
        .ok()
        .flatten()
        .and_then(|e| e.to_str().ok())
        .map(|s| s.trim_end_matches('\0').trim().to_string())
        .unwrap_or_default()
}
