//! Computing one image's occlusion map: the patch grid, the baseline, the occluded copies
//! scored in batches (`compute`, `Occluder`). Below the maps' rendering (`render`) and the
//! per-case files (`cases`), which use it; `occlusion.rs` only names what is public.

use std::path::Path;

use crate::cohort::dicom::open_within;
use crate::cohort::pixels::{Layout, PixelError, Preprocess, Tensor, to_tensor};
use crate::error::{Error, Result};
use crate::model::onnx::{IMAGE_BATCH, OnnxModel};
use crate::model::runtime;
use crate::plan::{CohortKind, ExplainSpec, OcclusionBaseline, Plan};

/// One image's occlusion map, in the model input's pixel grid.
#[derive(Debug, Clone, PartialEq)]
pub struct OcclusionMap {
    /// Rows and columns of the model's input (after `[preprocess] resize`).
    pub height: usize,
    pub width: usize,
    /// Mean score drop per pixel, row-major (`height` × `width`).
    pub map: Vec<f32>,
    /// Smallest and largest value of `map`.
    pub min: f32,
    pub max: f32,
    /// The model's score for the image as it is.
    pub score: f64,
    /// Side of the patch and step between positions, as asked for (a patch larger than the
    /// image is cut to the image on that axis).
    pub patch: usize,
    pub stride: usize,
    pub baseline: OcclusionBaseline,
    /// Every position scored, in row-major order of their top-left corners.
    pub positions: Vec<Position>,
}

/// One patch position: its top-left corner and the score drop when it is occluded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub y: usize,
    pub x: usize,
    /// Original score − occluded score.
    pub drop: f64,
}

impl OcclusionMap {
    /// The pixel with the largest mean drop, as (row, column); the first one on ties.
    pub fn peak(&self) -> (usize, usize) {
        let mut best = 0;
        for (i, &v) in self.map.iter().enumerate() {
            if v > self.map[best] {
                best = i;
            }
        }
        (best / self.width, best % self.width)
    }

    /// The largest drop of any one patch position (at least the map's `max`).
    pub fn max_drop(&self) -> f64 {
        self.positions
            .iter()
            .map(|p| p.drop)
            .fold(f64::NEG_INFINITY, f64::max)
    }
}

/// Top-left corners along one axis of `len` pixels: 0, stride, 2·stride, … up to
/// `len − patch`, and `len − patch` itself when the steps fall short of it, so that every
/// pixel is covered by at least one patch. A patch longer than the axis is cut to it (one
/// position). Per axis that is ⌈(len − patch) / stride⌉ + 1 positions.
pub fn starts(len: usize, patch: usize, stride: usize) -> Vec<usize> {
    let patch = patch.clamp(1, len.max(1));
    let last = len.saturating_sub(patch);
    let mut v: Vec<usize> = (0..=last).step_by(stride.max(1)).collect();
    if v.last() != Some(&last) {
        v.push(last);
    }
    v
}

/// Where channel `c` of pixel (y, x) is in a tensor of this layout.
#[derive(Debug, Clone, Copy)]
struct Grid {
    channels: usize,
    height: usize,
    width: usize,
    layout: Layout,
}

impl Grid {
    fn of(t: &Tensor, layout: Layout) -> Grid {
        let [a, b, c] = t.shape;
        match layout {
            Layout::Nchw => Grid {
                channels: a,
                height: b,
                width: c,
                layout,
            },
            Layout::Nhwc => Grid {
                channels: c,
                height: a,
                width: b,
                layout,
            },
        }
    }

    fn at(&self, c: usize, y: usize, x: usize) -> usize {
        match self.layout {
            Layout::Nchw => (c * self.height + y) * self.width + x,
            Layout::Nhwc => (y * self.width + x) * self.channels + c,
        }
    }
}

/// The tensor that replaces occluded pixels: every pixel the channel's mean, or the image
/// blurred.
fn baseline_of(t: &Tensor, g: Grid, baseline: OcclusionBaseline, patch: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; t.data.len()];
    let npix = g.height * g.width;
    for c in 0..g.channels {
        let plane: Vec<f32> = (0..npix)
            .map(|i| t.data[g.at(c, i / g.width, i % g.width)])
            .collect();
        let filled = match baseline {
            OcclusionBaseline::Mean => {
                let mean = plane.iter().map(|&v| f64::from(v)).sum::<f64>() / npix as f64;
                vec![mean as f32; npix]
            }
            OcclusionBaseline::Blur => blur(&plane, g.height, g.width, blur_sigma(patch)),
        };
        for (i, v) in filled.into_iter().enumerate() {
            out[g.at(c, i / g.width, i % g.width)] = v;
        }
    }
    out
}

/// The blur baseline's Gaussian σ: a quarter of the patch, so that the kernel's ±2σ span is
/// the patch and structure smaller than the patch is smoothed away (at least 1 pixel).
pub fn blur_sigma(patch: usize) -> f64 {
    (patch as f64 / 4.0).max(1.0)
}

/// A separable Gaussian blur of one plane, borders mirrored (…, 2, 1, | 0, 1, 2, …), the
/// kernel cut at 3σ and normalised. Written here rather than taken from the `image` crate,
/// whose filters work on its own pixel types (and clamp floats to [0, 1]); model inputs are
/// arbitrary floats (Hounsfield units, z-scores).
pub fn blur(plane: &[f32], height: usize, width: usize, sigma: f64) -> Vec<f32> {
    let r = (3.0 * sigma).ceil() as isize;
    let kernel: Vec<f64> = (-r..=r)
        .map(|d| (-((d * d) as f64) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f64 = kernel.iter().sum();
    let kernel: Vec<f64> = kernel.iter().map(|k| k / total).collect();
    let mirror = |i: isize, n: usize| -> usize {
        if n == 1 {
            return 0;
        }
        let period = 2 * (n as isize - 1);
        let m = i.rem_euclid(period);
        (if m < n as isize { m } else { period - m }) as usize
    };
    let mut rows = vec![0.0f32; plane.len()];
    for y in 0..height {
        for x in 0..width {
            let mut acc = 0.0;
            for (k, w) in kernel.iter().enumerate() {
                let xx = mirror(x as isize + k as isize - r, width);
                acc += w * f64::from(plane[y * width + xx]);
            }
            rows[y * width + x] = acc as f32;
        }
    }
    let mut out = vec![0.0f32; plane.len()];
    for y in 0..height {
        for x in 0..width {
            let mut acc = 0.0;
            for (k, w) in kernel.iter().enumerate() {
                let yy = mirror(y as isize + k as isize - r, height);
                acc += w * f64::from(rows[yy * width + x]);
            }
            out[y * width + x] = acc as f32;
        }
    }
    out
}

/// Computes the occlusion map of one preprocessed image (`tensor`, laid out as `layout`):
/// the original and every occluded copy scored by `model`, `batch` copies per call.
pub fn compute(
    model: &mut OnnxModel,
    tensor: &Tensor,
    layout: Layout,
    spec: &ExplainSpec,
    batch: usize,
) -> Result<OcclusionMap> {
    if spec.patch == 0 || spec.stride == 0 {
        return Err(Error::Explain(format!(
            "[explain] patch = {} and stride = {}: both must be at least 1 (pixels of the model's input)",
            spec.patch, spec.stride
        )));
    }
    let g = Grid::of(tensor, layout);
    let (h, w) = (g.height, g.width);
    let (ph, pw) = (spec.patch.min(h), spec.patch.min(w));
    let base = baseline_of(tensor, g, spec.baseline, spec.patch);
    let ys = starts(h, spec.patch, spec.stride);
    let xs = starts(w, spec.patch, spec.stride);
    let corners: Vec<(usize, usize)> = ys
        .iter()
        .flat_map(|&y| xs.iter().map(move |&x| (y, x)))
        .collect();

    let mut shape = vec![1];
    shape.extend(tensor.shape);
    let score = single(model.score(&shape, &tensor.data)?, "the image")?;

    let batch = batch.max(1);
    let n = tensor.data.len();
    let mut positions = Vec::with_capacity(corners.len());
    let mut data = Vec::with_capacity(batch.min(corners.len()) * n);
    for chunk in corners.chunks(batch) {
        data.clear();
        for &(y0, x0) in chunk {
            let start = data.len();
            data.extend_from_slice(&tensor.data);
            for y in y0..y0 + ph {
                for x in x0..x0 + pw {
                    for c in 0..g.channels {
                        let i = g.at(c, y, x);
                        data[start + i] = base[i];
                    }
                }
            }
        }
        shape[0] = chunk.len();
        let scores = model.score(&shape, &data)?;
        for (&(y, x), s) in chunk.iter().zip(scores) {
            let s = single(
                vec![s],
                &format!("the copy occluded at row {y}, column {x}"),
            )?;
            positions.push(Position {
                y,
                x,
                drop: score - s,
            });
        }
    }

    let mut sum = vec![0.0f64; h * w];
    let mut count = vec![0u32; h * w];
    for p in &positions {
        for y in p.y..p.y + ph {
            for x in p.x..p.x + pw {
                sum[y * w + x] += p.drop;
                count[y * w + x] += 1;
            }
        }
    }
    let map: Vec<f32> = sum
        .iter()
        .zip(&count)
        .map(|(s, &k)| (s / f64::from(k.max(1))) as f32)
        .collect();
    let (min, max) = map
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    Ok(OcclusionMap {
        height: h,
        width: w,
        map,
        min,
        max,
        score,
        patch: spec.patch,
        stride: spec.stride,
        baseline: spec.baseline,
        positions,
    })
}

fn single(scores: Vec<f64>, what: &str) -> Result<f64> {
    match scores.as_slice() {
        [s] if s.is_finite() => Ok(*s),
        [s] => Err(Error::Explain(format!(
            "the model's score for {what} is {s}; an occlusion map needs finite scores"
        ))),
        _ => Err(Error::Explain(format!(
            "the model gave {} scores for {what}; expected one",
            scores.len()
        ))),
    }
}

/// What a plan needs for occlusion maps, in words, or `Ok` when it has it: a binary task (maps
/// explain a score), an ONNX model (a vendor's score file cannot be asked about occluded
/// images) run on a DICOM cohort (a feature model has no pixels to occlude).
pub fn check_plan(plan: &Plan) -> std::result::Result<(), String> {
    if plan.study.task == crate::plan::Task::Detection {
        return Err("they explain a classifier's score; a detection study's marks, misses and wrong places are listed in the report instead: run without --explain".into());
    }
    if plan.study.task == crate::plan::Task::Segmentation {
        return Err("they explain a classifier's score; a segmentation study's worst cases are drawn in the report instead: run without --explain".into());
    }
    if !plan.study.task.is_binary() {
        return Err(format!(
            "they are made for binary image classifiers; a {} study reads its scores from a CSV cohort, which has no pixels to occlude: run without --explain",
            plan.study.task.name()
        ));
    }
    if plan.model.is_none() {
        return Err("occlusion maps need the model itself: this plan takes the vendor's scores from [predictions], and a score file cannot score occluded copies of an image. Give a [model] section with the vendor's ONNX file.".into());
    }
    if plan.cohort.kind != CohortKind::Dicom {
        return Err("occlusion maps are for image models: this plan's model takes feature columns ([cohort] kind = \"csv\"), which have no pixels to occlude. They need a DICOM cohort ([cohort] kind = \"dicom\") and an ONNX image model; for a feature model, permutation importance ([explain] permutations) is the explanation.".into());
    }
    Ok(())
}

/// A plan's image model, opened once, for maps of any number of images.
pub struct Occluder {
    model: OnnxModel,
    pre: Preprocess,
    batch: usize,
    /// The plan's `[explain]`: patch, stride and baseline.
    pub spec: ExplainSpec,
}

impl Occluder {
    /// Opens the plan's model (ONNX Runtime from `onnxruntime`, or found as a run finds it).
    pub fn open(plan: &Plan, onnxruntime: Option<&Path>) -> Result<Occluder> {
        check_plan(plan).map_err(Error::Explain)?;
        let spec = plan.model.as_ref().expect("checked");
        let rt = runtime::load(onnxruntime)?;
        let model = OnnxModel::load(rt, spec, &plan.resolve(&spec.path))?;
        Ok(Occluder {
            model,
            pre: plan.preprocess.clone().unwrap_or_default(),
            batch: spec.batch.unwrap_or(IMAGE_BATCH),
            spec: plan.explain.clone(),
        })
    }

    /// The model input for one DICOM file, decoded as a run decodes it
    /// (`run::images::decode`: open, then `to_tensor` with the plan's `[preprocess]`).
    pub fn tensor(&self, path: &Path) -> Result<Tensor> {
        let failed = |detail: String| Error::Explain(format!("{}: {detail}", path.display()));
        let (obj, _) = open_within(path, None, self.pre.max_pixels).map_err(|(_, d)| failed(d))?;
        let t = to_tensor(&obj, &self.pre)
            .map_err(PixelError::into_exclusion)
            .map_err(|(_, d)| failed(d))?;
        self.model
            .expect_image(t.shape, &path.display().to_string())?;
        Ok(t)
    }

    /// The occlusion map of one DICOM file with the plan's `[explain]`, and the tensor it is of.
    pub fn file(&mut self, path: &Path) -> Result<(OcclusionMap, Tensor)> {
        let spec = self.spec.clone();
        self.file_with(path, &spec)
    }

    /// The same with another patch, stride or baseline (the app's controls).
    pub fn file_with(&mut self, path: &Path, spec: &ExplainSpec) -> Result<(OcclusionMap, Tensor)> {
        let t = self.tensor(path)?;
        let map = self.map(&t, spec)?;
        Ok((map, t))
    }

    /// The occlusion map of a tensor [`Self::tensor`] made.
    pub fn map(&mut self, t: &Tensor, spec: &ExplainSpec) -> Result<OcclusionMap> {
        compute(&mut self.model, t, self.pre.layout, spec, self.batch)
    }

    /// The layout of the tensors [`Self::tensor`] makes.
    pub fn layout(&self) -> Layout {
        self.pre.layout
    }
}

/// The model input as one grey plane in [0, 1] for display: the channels' mean, stretched
/// from its minimum (black) to its maximum (white), so that faint structure a model may
/// respond to is visible whatever the input's units.
pub fn grey(t: &Tensor, layout: Layout) -> (usize, usize, Vec<f32>) {
    let g = Grid::of(t, layout);
    let mut v: Vec<f32> = (0..g.height * g.width)
        .map(|i| {
            let (y, x) = (i / g.width, i % g.width);
            (0..g.channels).map(|c| t.data[g.at(c, y, x)]).sum::<f32>() / g.channels as f32
        })
        .collect();
    let (lo, hi) = v
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    for x in &mut v {
        *x = (*x - lo) / span;
    }
    (g.height, g.width, v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_cover_every_pixel() {
        assert_eq!(starts(64, 16, 8), vec![0, 8, 16, 24, 32, 40, 48]);
        assert_eq!(starts(64, 16, 12), vec![0, 12, 24, 36, 48]);
        assert_eq!(starts(64, 16, 10), vec![0, 10, 20, 30, 40, 48]);
        assert_eq!(starts(10, 16, 8), vec![0]);
        assert_eq!(starts(5, 1, 1), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn blur_keeps_a_constant_and_the_total() {
        let flat = vec![3.5f32; 7 * 5];
        for v in blur(&flat, 7, 5, 2.0) {
            assert!((v - 3.5).abs() < 1e-5);
        }
        let mut spike = vec![0.0f32; 21 * 21];
        spike[10 * 21 + 10] = 1.0;
        let b = blur(&spike, 21, 21, 1.5);
        let total: f32 = b.iter().sum();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
        assert!(b[10 * 21 + 10] < 0.1 && b[10 * 21 + 10] == b.iter().copied().fold(0.0, f32::max));
        assert_eq!(b[10 * 21 + 8], b[10 * 21 + 12]);
    }

    #[test]
    fn layouts_index_the_same_pixel() {
        let nchw = Grid {
            channels: 3,
            height: 2,
            width: 4,
            layout: Layout::Nchw,
        };
        let nhwc = Grid {
            layout: Layout::Nhwc,
            ..nchw
        };
        assert_eq!(nchw.at(2, 1, 3), 2 * 8 + 4 + 3);
        assert_eq!(nhwc.at(2, 1, 3), (4 + 3) * 3 + 2);
    }

    #[test]
    fn the_mean_baseline_is_per_channel() {
        let t = Tensor {
            shape: [2, 1, 2],
            data: vec![1.0, 3.0, 10.0, 30.0],
        };
        let g = Grid::of(&t, Layout::Nchw);
        assert_eq!(
            baseline_of(&t, g, OcclusionBaseline::Mean, 1),
            vec![2.0, 2.0, 20.0, 20.0]
        );
    }
}
