//! Marks from the plan's ONNX detector (`[marks] kind = "model"`): each image of a unit
//! preprocessed as `[preprocess]` says (the same decoding as a binary DICOM model run,
//! `run::images::decode`), run, and each row of the `[model] output` tensor read by
//! `[marks] layout` (points or boxes in the model input's pixels, and a score), mapped back to
//! the image's pixels (undoing the resize) and to patient millimetres through the image's plane.
//! Rows below `[marks] min_score` are padding, counted. Runs in the score step, so sharded
//! scoring keeps the marks as it keeps scores.
//!
//! Pixel convention: pixel centres sit on integers, in the model input as in the image (as
//! `geometry::Plane` has it). `[preprocess] resize` stretches the image's `cols × rows` onto
//! the input's `W × H` with the pixel areas aligned (fast_image_resize, like Pillow and
//! torchvision's `align_corners = False`), so input column `u` is image column
//! `(u + ½)·cols/W − ½`, and rows alike. A box's corners are mapped the same way.

use provestein_dicom::geometry::Plane;

use super::read::UnitMark;
use crate::cohort::ExclusionReason;
use crate::cohort::dicom::open_within;
use crate::cohort::pixels::{PixelError, Preprocess, Resize, Tensor, to_tensor};
use crate::error::{Error, Result};
use crate::model::onnx::{BatchFailure, OnnxModel, RawOutput};
use crate::run::Image;

/// Most output rows one image may give: a detector's output is a few hundred candidate rows;
/// more is a wrong `[model] output` (a feature map), refused before any mark is allocated.
pub(crate) const MAX_ROWS: usize = 100_000;

/// The marks of a unit, and the output rows below `min_score` (padding) left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Marks {
    pub marks: Vec<UnitMark>,
    pub padding: usize,
}

/// A unit's marks, or why it has none (an image that cannot be read, decoded or run).
pub(crate) type Predicted = std::result::Result<Marks, (ExclusionReason, String)>;

/// Which column of an output row holds what (`[marks] layout`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RowLayout {
    /// Columns per row (the layout's length, `-` columns included).
    pub columns: usize,
    pub point: Option<[usize; 2]>,
    pub bbox: Option<[usize; 4]>,
    pub score: usize,
    /// The names as the plan writes them, for messages.
    names: Vec<String>,
}

impl RowLayout {
    /// Reads `[marks] layout`. The plan's validation has checked the names; this says again
    /// what is wrong if a layout reaches here unchecked.
    pub(crate) fn parse(names: &[String]) -> std::result::Result<RowLayout, String> {
        let at = |n: &str| names.iter().position(|c| c == n);
        let score = at("score").ok_or("[marks] layout has no score column")?;
        let point = at("x").zip(at("y")).map(|(x, y)| [x, y]);
        let bbox = match (at("x0"), at("y0"), at("x1"), at("y1")) {
            (Some(a), Some(b), Some(c), Some(d)) => Some([a, b, c, d]),
            _ => None,
        };
        if point.is_none() && bbox.is_none() {
            return Err(
                "[marks] layout needs x, y (a point) or x0, y0, x1, y1 (a box)".to_string(),
            );
        }
        Ok(RowLayout {
            columns: names.len(),
            point,
            bbox,
            score,
            names: names.to_vec(),
        })
    }

    fn text(&self) -> String {
        format!("[{}]", self.names.join(", "))
    }
}

/// From the model input's pixels to the image's: `image = (input + ½)·scale − ½` per axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct InputToImage {
    /// Image columns per input column, image rows per input row.
    pub column_scale: f64,
    pub row_scale: f64,
}

impl InputToImage {
    /// The inverse of `[preprocess] resize` for an image of `rows × columns`. Every resize
    /// mode is matched here: a new mode (a crop, a letterbox) does not compile until its
    /// inverse is written.
    pub(crate) fn new(resize: Resize, rows: u32, columns: u32) -> InputToImage {
        match resize {
            Resize::None => InputToImage {
                column_scale: 1.0,
                row_scale: 1.0,
            },
            Resize::To { height, width } => InputToImage {
                column_scale: f64::from(columns) / f64::from(width),
                row_scale: f64::from(rows) / f64::from(height),
            },
        }
    }

    /// Input pixel (x = column, y = row) → image (column, row).
    pub(crate) fn map(&self, x: f64, y: f64) -> (f64, f64) {
        (
            (x + 0.5) * self.column_scale - 0.5,
            (y + 0.5) * self.row_scale - 0.5,
        )
    }
}

/// One image ready to run: its tensor and where its pixels lie in the patient.
struct Ready {
    tensor: Tensor,
    plane: Plane,
    to_image: InputToImage,
}

/// Reads, checks and preprocesses image `k` of a unit.
fn ready(
    model: &OnnxModel,
    image: &Image,
    k: usize,
    pre: &Preprocess,
) -> std::result::Result<Ready, (ExclusionReason, String)> {
    let at = |(reason, detail): (ExclusionReason, String)| {
        (reason, format!("image {}: {detail}", k + 1))
    };
    let (obj, _) = open_within(&image.path, None, pre.max_pixels).map_err(at)?;
    let plane = Plane::from_object(&obj).map_err(|e| {
        at((
            ExclusionReason::BadHeader,
            format!("{e} (a mark's position in mm needs the image's plane)"),
        ))
    })?;
    let tensor = to_tensor(&obj, pre)
        .map_err(PixelError::into_exclusion)
        .map_err(at)?;
    if let Some(why) = crate::run::images::unscorable(model, &tensor) {
        return Err(at(why));
    }
    Ok(Ready {
        to_image: InputToImage::new(pre.resize, plane.rows, plane.columns),
        tensor,
        plane,
    })
}

/// Runs the detector on every image of a unit. `Err` is a model whose output the plan cannot
/// read at all (a shape or column count that does not fit `[marks] layout`): the run stops;
/// `Ok(Err(_))` is this unit left out with the reason.
pub(crate) fn unit_marks(
    model: &mut OnnxModel,
    pre: &Preprocess,
    layout: &RowLayout,
    min_score: Option<f64>,
    images: &[Image],
    batch: usize,
) -> Result<Predicted> {
    let mut ready_images = Vec::with_capacity(images.len().min(batch.max(1)));
    let mut out = Marks::default();
    let mut first = 0;
    for (k, image) in images.iter().enumerate() {
        match ready(model, image, k, pre) {
            Ok(r) => ready_images.push(r),
            Err(why) => return Ok(Err(why)),
        }
        let full = ready_images.len() >= batch.max(1) || k + 1 == images.len();
        let same = ready_images
            .iter()
            .all(|r| r.tensor.shape == ready_images[0].tensor.shape);
        if full || !same {
            // Images of another shape than the batch's go in a batch of their own.
            let rest = if same {
                Vec::new()
            } else {
                vec![ready_images.pop().expect("one was pushed")]
            };
            let n = ready_images.len();
            if let Err(why) = run(model, layout, min_score, &ready_images, first, &mut out)? {
                return Ok(Err(why));
            }
            first += n;
            ready_images = rest;
            if k + 1 == images.len() && !ready_images.is_empty() {
                if let Err(why) = run(model, layout, min_score, &ready_images, first, &mut out)? {
                    return Ok(Err(why));
                }
                ready_images.clear();
            }
        }
    }
    Ok(Ok(out))
}

/// Runs one batch of equal-shaped images (`first` is the first one's index in the unit) and
/// adds their marks.
fn run(
    model: &mut OnnxModel,
    layout: &RowLayout,
    min_score: Option<f64>,
    batch: &[Ready],
    first: usize,
    out: &mut Marks,
) -> Result<std::result::Result<(), (ExclusionReason, String)>> {
    let shape = batch[0].tensor.shape;
    let per = shape.iter().product::<usize>();
    // A model exported for a fixed batch size gets the batch padded with copies of its last
    // image; their rows are not read.
    let n = model.fixed_batch().unwrap_or(batch.len()).max(batch.len());
    let mut data = Vec::with_capacity(n * per);
    for r in batch {
        data.extend_from_slice(&r.tensor.data);
    }
    for _ in batch.len()..n {
        data.extend_from_slice(&batch[batch.len() - 1].tensor.data);
    }
    let output = match model.run_raw(&[n, shape[0], shape[1], shape[2]], &data)? {
        Ok(o) => o,
        Err(f) => {
            let reason = match f {
                BatchFailure::TimedOut(_) => ExclusionReason::Timeout,
                BatchFailure::Failed(_) => ExclusionReason::InferenceFailed,
            };
            return Ok(Err((reason, f.describe())));
        }
    };
    let (rows, _) = rows_of(&output, n, layout).map_err(|m| model_error(model, m))?;
    let [c, m] = [layout.columns, rows];
    for (b, r) in batch.iter().enumerate() {
        let values = &output.values[b * m * c..(b + 1) * m * c];
        match read_rows(values, layout, min_score, &r.to_image, &r.plane) {
            Ok((marks, padding)) => {
                out.padding += padding;
                out.marks.extend(marks.into_iter().map(|mut mark| {
                    mark.image = first + b;
                    mark
                }));
            }
            Err(detail) => {
                return Ok(Err((
                    ExclusionReason::BadScore,
                    format!(
                        "image {}: output \"{}\" {detail}",
                        first + b + 1,
                        model.output_name()
                    ),
                )));
            }
        }
    }
    Ok(Ok(()))
}

fn model_error(model: &OnnxModel, message: String) -> Error {
    Error::Model {
        path: model.path().to_path_buf(),
        message: format!("output \"{}\" {message}", model.output_name()),
    }
}

/// The rows per image of an output of `n` images, checked against the layout: `[n, M, C]`, or
/// `[M, C]` for one image, with C the layout's length and M at most [`MAX_ROWS`]. The message
/// (after the tensor's name) says what is wrong.
pub(crate) fn rows_of(
    output: &RawOutput,
    n: usize,
    layout: &RowLayout,
) -> std::result::Result<(usize, usize), String> {
    let (m, c) = match output.shape.as_slice() {
        [b, m, c] if *b == n => (*m, *c),
        [m, c] if n == 1 => (*m, *c),
        other => {
            return Err(format!(
                "has shape {other:?} for a batch of {n} image(s); a detector's marks are [N, rows, columns] or [rows, columns] for one image"
            ));
        }
    };
    if c != layout.columns {
        return Err(format!(
            "has shape {:?}: {c} values per row, but [marks] layout = {} names {}; name every column of a row (\"-\" for one to ignore)",
            output.shape,
            layout.text(),
            layout.columns
        ));
    }
    if m > MAX_ROWS {
        return Err(format!(
            "has shape {:?}: {m} rows per image, more than the {MAX_ROWS} a detector's marks may have; is [model] output the tensor of marks?",
            output.shape
        ));
    }
    Ok((m, c))
}

/// One image's rows (`values` is M × C, row-major) as marks in patient mm, and the padding rows
/// (score below `min_score`) counted. A non-finite value in a column the layout reads is an
/// error naming the row and column (1-based).
pub(crate) fn read_rows(
    values: &[f32],
    layout: &RowLayout,
    min_score: Option<f64>,
    to_image: &InputToImage,
    plane: &Plane,
) -> std::result::Result<(Vec<UnitMark>, usize), String> {
    let c = layout.columns;
    let used: Vec<usize> = std::iter::once(layout.score)
        .chain(layout.point.into_iter().flatten())
        .chain(layout.bbox.into_iter().flatten())
        .collect();
    let mut marks = Vec::new();
    let mut padding = 0;
    for (i, row) in values.chunks_exact(c).enumerate() {
        if let Some(&j) = used.iter().find(|&&j| !row[j].is_finite()) {
            return Err(format!(
                "row {} column {} ({}) is {}, not a finite number",
                i + 1,
                j + 1,
                layout.names[j],
                row[j]
            ));
        }
        let score = f64::from(row[layout.score]);
        if min_score.is_some_and(|t| score < t) {
            padding += 1;
            continue;
        }
        let v = |j: usize| f64::from(row[j]);
        let corners = layout.bbox.map(|[x0, y0, x1, y1]| {
            let (c0, r0) = to_image.map(v(x0), v(y0));
            let (c1, r1) = to_image.map(v(x1), v(y1));
            (c0, r0, c1, r1)
        });
        let (column, row_at) = match (layout.point, corners) {
            (Some([x, y]), _) => to_image.map(v(x), v(y)),
            (None, Some((c0, r0, c1, r1))) => ((c0 + c1) / 2.0, (r0 + r1) / 2.0),
            (None, None) => unreachable!("RowLayout::parse needs a point or a box"),
        };
        let bbox = corners.map(|(c0, r0, c1, r1)| {
            // The box's four corners in mm, and the axis-aligned box around them (the box
            // itself on an axial, coronal or sagittal plane).
            let pts = [
                plane.to_patient(c0, r0),
                plane.to_patient(c1, r0),
                plane.to_patient(c0, r1),
                plane.to_patient(c1, r1),
            ];
            let lo = |a: usize| pts.iter().map(|p| p[a]).fold(f64::INFINITY, f64::min);
            let hi = |a: usize| pts.iter().map(|p| p[a]).fold(f64::NEG_INFINITY, f64::max);
            [lo(0), lo(1), lo(2), hi(0), hi(1), hi(2)]
        });
        marks.push(UnitMark {
            image: 0,
            centre: plane.to_patient(column, row_at),
            score,
            bbox,
        });
    }
    Ok((marks, padding))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(names: &[&str]) -> RowLayout {
        RowLayout::parse(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    /// An axial plane: 0.5 mm columns, 0.8 mm rows, first pixel at (-100, -50, 30).
    fn plane() -> Plane {
        Plane::new(
            [-100.0, -50.0, 30.0],
            [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
            [0.8, 0.5],
            200,
            300,
        )
        .unwrap()
    }

    #[test]
    fn layout_names_columns() {
        let l = layout(&["-", "score", "x", "y"]);
        assert_eq!(
            (l.columns, l.score, l.point, l.bbox),
            (4, 1, Some([2, 3]), None)
        );
        let l = layout(&["x0", "y0", "x1", "y1", "score", "-"]);
        assert_eq!((l.columns, l.bbox, l.point), (6, Some([0, 1, 2, 3]), None));
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(RowLayout::parse(&names(&["x", "score"])).is_err());
        assert!(RowLayout::parse(&names(&["x", "y"])).is_err());
    }

    #[test]
    fn resize_is_undone_exactly() {
        // 300 columns × 200 rows squeezed to 64 × 64: input pixel centres map back to where
        // the resize took them from.
        let m = InputToImage::new(
            Resize::To {
                height: 64,
                width: 64,
            },
            200,
            300,
        );
        // The input's first and last pixel centres are half an input pixel in from the edges.
        assert_eq!(m.map(0.0, 0.0), (300.0 / 128.0 - 0.5, 200.0 / 128.0 - 0.5));
        assert_eq!(
            m.map(63.0, 63.0),
            (299.5 - 300.0 / 128.0, 199.5 - 200.0 / 128.0)
        );
        // The input's edges are the image's edges.
        assert_eq!(m.map(-0.5, -0.5), (-0.5, -0.5));
        assert_eq!(m.map(63.5, 63.5), (299.5, 199.5));
        // The centre is the centre.
        assert_eq!(m.map(31.5, 31.5), (149.5, 99.5));
        let none = InputToImage::new(Resize::None, 200, 300);
        assert_eq!(none.map(12.0, 7.0), (12.0, 7.0));
    }

    #[test]
    fn a_point_lands_in_patient_mm() {
        let m = InputToImage::new(
            Resize::To {
                height: 100,
                width: 150,
            },
            200,
            300,
        );
        // Input (10, 20) → image column (10.5)·2 − 0.5 = 20.5, row (20.5)·2 − 0.5 = 40.5.
        let (marks, padding) = read_rows(
            &[10.0, 20.0, 0.9],
            &layout(&["x", "y", "score"]),
            None,
            &m,
            &plane(),
        )
        .unwrap();
        assert_eq!(padding, 0);
        assert_eq!(marks.len(), 1);
        let c = marks[0].centre;
        assert!((c[0] - (-100.0 + 20.5 * 0.5)).abs() < 1e-12, "{c:?}");
        assert!((c[1] - (-50.0 + 40.5 * 0.8)).abs() < 1e-12, "{c:?}");
        assert_eq!(c[2], 30.0);
        assert!((marks[0].score - 0.9f32 as f64).abs() == 0.0);
        assert_eq!(marks[0].bbox, None);
    }

    #[test]
    fn a_box_gives_its_centre_and_its_extent() {
        let m = InputToImage::new(Resize::None, 200, 300);
        let (marks, _) = read_rows(
            &[0.5, 0.25, 10.0, 20.0, 4.0, 0.7],
            &layout(&["-", "score", "x0", "y0", "x1", "y1"]),
            None,
            &m,
            &plane(),
        )
        .unwrap();
        let mark = &marks[0];
        // Centre of columns 10..4 and rows 20..0.7 (corners in either order).
        assert!((mark.centre[0] - (-100.0 + 7.0 * 0.5)).abs() < 1e-12);
        assert!((mark.centre[1] - (-50.0 + (20.0 + 0.7f32 as f64) / 2.0 * 0.8)).abs() < 1e-12);
        assert_eq!(mark.score, 0.25);
        let b = mark.bbox.unwrap();
        assert!((b[0] - (-100.0 + 4.0 * 0.5)).abs() < 1e-12);
        assert!((b[3] - (-100.0 + 10.0 * 0.5)).abs() < 1e-12);
        assert!((b[1] - (-50.0 + 0.7f32 as f64 * 0.8)).abs() < 1e-9);
        assert!((b[4] - (-50.0 + 20.0 * 0.8)).abs() < 1e-12);
        assert_eq!((b[2], b[5]), (30.0, 30.0));
    }

    #[test]
    fn rows_below_min_score_are_padding() {
        let m = InputToImage::new(Resize::None, 200, 300);
        let rows = [5.0, 5.0, 0.8, 0.0, 0.0, -1.0, 7.0, 7.0, 0.1];
        let l = layout(&["x", "y", "score"]);
        let (marks, padding) = read_rows(&rows, &l, Some(0.0), &m, &plane()).unwrap();
        assert_eq!((marks.len(), padding), (2, 1));
        let (marks, padding) = read_rows(&rows, &l, None, &m, &plane()).unwrap();
        assert_eq!((marks.len(), padding), (3, 0));
    }

    #[test]
    fn a_nan_names_its_row_and_column() {
        let m = InputToImage::new(Resize::None, 200, 300);
        let rows = [5.0, 5.0, 0.8, 1.0, f32::NAN, 0.5];
        let e = read_rows(&rows, &layout(&["x", "y", "score"]), None, &m, &plane()).unwrap_err();
        assert_eq!(e, "row 2 column 2 (y) is NaN, not a finite number");
        // A column the layout ignores may hold anything.
        let rows = [5.0, 6.0, f32::INFINITY, 0.8];
        let l = layout(&["x", "y", "-", "score"]);
        assert_eq!(read_rows(&rows, &l, None, &m, &plane()).unwrap().0.len(), 1);
    }

    #[test]
    fn output_shapes_are_checked_against_the_layout() {
        let l = layout(&["x", "y", "score"]);
        let out = |shape: Vec<usize>| RawOutput {
            values: vec![0.0; shape.iter().product()],
            shape,
            integer: false,
        };
        assert_eq!(rows_of(&out(vec![2, 5, 3]), 2, &l), Ok((5, 3)));
        assert_eq!(rows_of(&out(vec![5, 3]), 1, &l), Ok((5, 3)));
        let e = rows_of(&out(vec![2, 5, 4]), 2, &l).unwrap_err();
        assert_eq!(
            e,
            "has shape [2, 5, 4]: 4 values per row, but [marks] layout = [x, y, score] names 3; name every column of a row (\"-\" for one to ignore)"
        );
        assert!(
            rows_of(&out(vec![5, 3]), 2, &l)
                .unwrap_err()
                .contains("batch of 2")
        );
        let huge = RawOutput {
            values: Vec::new(),
            shape: vec![1, MAX_ROWS + 1, 3],
            integer: false,
        };
        assert!(
            rows_of(&huge, 1, &l)
                .unwrap_err()
                .contains("more than the 100000")
        );
    }
}
