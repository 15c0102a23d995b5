//! A vendor's ONNX model run locally through ONNX Runtime, in batches, on float features.
//! The model's declared input and output are checked against the plan before any case is run,
//! so a mismatch is one clear message instead of a runtime failure on row 1.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use ort::session::{RunOptions, Session};
use ort::value::{TensorElementType, TensorRef, ValueType};

use super::runtime::Runtime;
use crate::error::{Error, Result};
use crate::plan::ModelSpec;

/// Feature rows per ONNX Runtime call: large enough to amortise the call, small enough to
/// report progress and honour cancel promptly.
pub const BATCH: usize = 512;

pub use crate::plan::IMAGE_BATCH;

/// Longest one ONNX Runtime call may take unless the plan says otherwise (`[model]
/// timeout_seconds`): far above any real batch, short enough that a model that loops ends.
pub const TIMEOUT_SECONDS: u64 = 600;

/// Why a batch got no scores although the model loaded: the run goes on, and the batch's units
/// are excluded with this reason (`ExclusionReason::InferenceFailed` / `Timeout`).
#[derive(Debug, Clone, PartialEq)]
pub enum BatchFailure {
    /// ONNX Runtime returned an error for this batch (the message is ONNX Runtime's).
    Failed(String),
    /// The call ran past the time limit and was terminated.
    TimedOut(Duration),
}

pub struct OnnxModel {
    session: Session,
    path: PathBuf,
    input: String,
    output: String,
    positive_index: usize,
    /// The input's declared dimensions; -1 where dynamic.
    input_dims: Vec<i64>,
    /// The input's element type: float32, float64 or uint8 (features are cast to it).
    input_type: TensorElementType,
    /// Longest one ONNX Runtime call may take before it is terminated.
    timeout: Duration,
    /// Some call has returned scores: the model can run at all.
    has_run: bool,
}

impl OnnxModel {
    /// Opens the model and checks that the plan's input (a float32 tensor) and output exist.
    /// The input's shape is checked against the cohort with [`Self::expect_features`] or
    /// [`Self::expect_image`] before any case is run.
    pub fn load(rt: &Runtime, spec: &ModelSpec, path: &Path) -> Result<Self> {
        let err = |message: String| Error::Model {
            path: path.to_path_buf(),
            message,
        };
        let session = open_session(rt, path)?;

        let describe = |outlets: &[ort::value::Outlet]| {
            outlets
                .iter()
                .map(|o| format!("\"{}\" {}", o.name(), type_text(o.dtype())))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let inputs = describe(session.inputs());
        let Some(input) = session.inputs().iter().find(|o| o.name() == spec.input) else {
            return Err(err(format!(
                "it has no input tensor \"{}\"; its inputs are {inputs}. Set [model] input to one of these.",
                spec.input
            )));
        };
        let (input_dims, input_type) = match input.dtype() {
            ValueType::Tensor { ty, shape, .. } => {
                use TensorElementType::{Float32, Float64, Uint8};
                if !matches!(ty, Float32 | Float64 | Uint8) {
                    return Err(err(format!(
                        "input \"{}\" takes {ty:?} values; Prøvestein can feed float32, float64 or uint8. Ask the vendor for a model with one of these inputs.",
                        spec.input
                    )));
                }
                let dims: &[i64] = shape;
                (dims.to_vec(), *ty)
            }
            other => {
                return Err(err(format!(
                    "input \"{}\" is {}, not a tensor",
                    spec.input,
                    type_text(other)
                )));
            }
        };
        if !session.outputs().iter().any(|o| o.name() == spec.output) {
            return Err(err(format!(
                "it has no output \"{}\"; its outputs are {}. Set [model] output to the one with class probabilities.",
                spec.output,
                describe(session.outputs())
            )));
        }
        Ok(OnnxModel {
            session,
            path: path.to_path_buf(),
            input: spec.input.clone(),
            output: spec.output.clone(),
            positive_index: spec.positive_index,
            input_dims,
            input_type,
            timeout: Duration::from_secs(spec.timeout_seconds.unwrap_or(TIMEOUT_SECONDS)),
            has_run: false,
        })
    }

    /// The batch size the model's input fixes (e.g. 1 for a model exported with N = 1), or
    /// None when N is dynamic. [`Self::score`] splits and pads to it, so callers need not.
    pub fn fixed_batch(&self) -> Option<usize> {
        self.input_dims
            .first()
            .filter(|&&d| d > 0)
            .map(|&d| d as usize)
    }

    /// The batch size to use: the plan's (or `default`), unless the model fixes its own.
    pub fn batch_size(&self, planned: Option<usize>, default: usize) -> usize {
        self.fixed_batch()
            .unwrap_or_else(|| planned.unwrap_or(default))
            .max(1)
    }

    /// The input's element type as ONNX names it ("float32", "float64", "uint8").
    pub fn input_type_name(&self) -> &'static str {
        match self.input_type {
            TensorElementType::Float64 => "float64",
            TensorElementType::Uint8 => "uint8",
            _ => "float32",
        }
    }

    /// The input's declared shape, e.g. "[N, 1, 64, 64]".
    pub fn input_shape_text(&self) -> String {
        shape_text(&self.input_dims)
    }

    /// The plan's output tensor (`[model] output`), for messages.
    pub fn output_name(&self) -> &str {
        &self.output
    }

    /// The model file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether some call has returned scores: a model that has never run is one ONNX Runtime
    /// cannot run at all, not one that fails on some units.
    pub fn has_run(&self) -> bool {
        self.has_run
    }

    /// Sets the longest one ONNX Runtime call may take.
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Whether this per-case shape is one the model takes (see [`Self::expect_image`]).
    pub fn takes_image(&self, shape: [usize; 3]) -> bool {
        self.fits(&shape)
    }

    fn error(&self, message: String) -> Error {
        Error::Model {
            path: self.path.clone(),
            message,
        }
    }

    fn fits(&self, per_case: &[usize]) -> bool {
        self.input_dims.len() == per_case.len() + 1
            && self.input_dims[1..]
                .iter()
                .zip(per_case)
                .all(|(&d, &n)| d < 0 || d as usize == n)
    }

    /// Checks that the input takes `n` feature values per case: [N, n].
    pub fn expect_features(&self, n: usize) -> Result<()> {
        if self.fits(&[n]) {
            return Ok(());
        }
        Err(self.error(format!(
            "input \"{}\" has shape {} but the plan gives {n} feature column(s) per case, i.e. [N, {n}]. List every model input in [cohort] features, in the model's order.",
            self.input,
            shape_text(&self.input_dims)
        )))
    }

    /// Checks that the input takes images of this per-case shape ([C, H, W] or [H, W, C]);
    /// `file` names the first image of that shape for the message.
    pub fn expect_image(&self, shape: [usize; 3], file: &str) -> Result<()> {
        if self.fits(&shape) {
            return Ok(());
        }
        Err(self.error(format!(
            "input \"{}\" has shape {} but {file} becomes a tensor of shape [N, {}, {}, {}] after [preprocess]. Set [preprocess] resize, channels or layout to match the model.",
            self.input,
            shape_text(&self.input_dims),
            shape[0],
            shape[1],
            shape[2]
        )))
    }

    /// Scores a batch of feature rows (each of the checked length).
    pub fn score_rows(&mut self, rows: &[&[f32]]) -> Result<Vec<f64>> {
        let width = rows.first().map_or(0, |r| r.len());
        let flat: Vec<f32> = rows.iter().flat_map(|r| r.iter().copied()).collect();
        self.score(&[rows.len(), width], &flat)
    }

    /// Scores a batch given as one flat buffer of `shape` = [N, …], cast to the model's input
    /// type (uint8: rounded and clamped to 0–255). A non-finite output is returned as is; the
    /// caller excludes that case with its reason. A batch ONNX Runtime fails on, or that runs
    /// past the time limit, is an error here; [`Self::try_score`] tells it apart.
    pub fn score(&mut self, shape: &[usize], data: &[f32]) -> Result<Vec<f64>> {
        match self.try_score(shape, data)? {
            Ok(scores) => Ok(scores),
            Err(failure) => Err(self.error(failure.describe())),
        }
    }

    /// As [`Self::score`], but a batch ONNX Runtime fails on or terminates at the time limit is
    /// `Ok(Err(_))`, so the run can exclude its units and go on; `Err` is a model that cannot
    /// be used at all (an output of the wrong shape or type). A model with a fixed batch size
    /// gets the batch in pieces of that size, the last padded with copies of its last case
    /// (their scores are dropped).
    pub fn try_score(
        &mut self,
        shape: &[usize],
        data: &[f32],
    ) -> Result<std::result::Result<Vec<f64>, BatchFailure>> {
        let n = shape[0];
        let Some(k) = self.fixed_batch().filter(|&k| k != n) else {
            return self.run_batch(shape, data);
        };
        let per = shape[1..].iter().product::<usize>();
        let mut scores = Vec::with_capacity(n);
        for start in (0..n).step_by(k) {
            let end = (start + k).min(n);
            let mut piece = data[start * per..end * per].to_vec();
            for _ in end..start + k {
                piece.extend_from_slice(&data[(end - 1) * per..end * per]);
            }
            let mut piece_shape = shape.to_vec();
            piece_shape[0] = k;
            match self.run_batch(&piece_shape, &piece)? {
                Ok(s) => scores.extend_from_slice(&s[..end - start]),
                Err(failure) => return Ok(Err(failure)),
            }
        }
        Ok(Ok(scores))
    }

    /// One ONNX Runtime call on a batch of the model's own size, under the time limit.
    fn run_batch(
        &mut self,
        shape: &[usize],
        data: &[f32],
    ) -> Result<std::result::Result<Vec<f64>, BatchFailure>> {
        let n = shape[0];
        let output = self.output.clone();
        let positive_index = self.positive_index;
        let path = self.path.clone();
        let err = |message: String| Error::Model {
            path: path.clone(),
            message,
        };
        let ran = self.run_with(shape, data, |value| {
            let array = match value.try_extract_array::<f32>() {
                Ok(a) => a.mapv(f64::from),
                Err(_) => value
                    .try_extract_array::<f64>()
                    .map(|a| a.to_owned())
                    .map_err(|e| {
                        err(format!(
                            "output \"{output}\" is not a float tensor ({e}). Choose the output with class probabilities."
                        ))
                    })?,
            };
            let out_shape = array.shape().to_vec();
            let scores: Vec<f64> = match out_shape.as_slice() {
                [m] if *m == n => array.iter().copied().collect(),
                [m, k] if *m == n && positive_index < *k => {
                    array.outer_iter().map(|r| r[positive_index]).collect()
                }
                [m, k] if *m == n => {
                    return Err(err(format!(
                        "output \"{output}\" has {k} columns, so positive_index = {positive_index} does not exist. Use the column of the positive class (0-based)."
                    )));
                }
                _ => {
                    return Err(err(format!(
                        "output \"{output}\" has shape {out_shape:?} for {n} cases; expected [{n}] or [{n}, classes]"
                    )));
                }
            };
            Ok(scores)
        })?;
        if ran.is_ok() {
            self.has_run = true;
        }
        Ok(ran)
    }

    /// The input's rank (4 for [N, C, H, W] slices, 5 for [N, C, D, H, W] volumes).
    pub fn input_rank(&self) -> usize {
        self.input_dims.len()
    }

    /// The plan's output tensor as it comes, for outputs that are not one score per case
    /// (segmentation masks): its shape, its values as f32, and whether it holds integers (a
    /// label map). A fixed batch size is not split here: the caller sends what the model takes.
    pub fn run_raw(
        &mut self,
        shape: &[usize],
        data: &[f32],
    ) -> Result<std::result::Result<RawOutput, BatchFailure>> {
        let output = self.output.clone();
        let path = self.path.clone();
        let ran = self.run_with(shape, data, |value| {
            if let Ok(a) = value.try_extract_array::<f32>() {
                return Ok(RawOutput {
                    shape: a.shape().to_vec(),
                    values: a.iter().copied().collect(),
                    integer: false,
                });
            }
            if let Ok(a) = value.try_extract_array::<f64>() {
                return Ok(RawOutput {
                    shape: a.shape().to_vec(),
                    values: a.iter().map(|&v| v as f32).collect(),
                    integer: false,
                });
            }
            macro_rules! integer {
                ($($t:ty),*) => {$(
                    if let Ok(a) = value.try_extract_array::<$t>() {
                        return Ok(RawOutput {
                            shape: a.shape().to_vec(),
                            values: a.iter().map(|&v| v as f32).collect(),
                            integer: true,
                        });
                    }
                )*};
            }
            integer!(i64, i32, u8, i8, u16, i16, u32, u64);
            Err(Error::Model {
                path: path.clone(),
                message: format!(
                    "output \"{output}\" is neither a float tensor of probabilities nor an integer label map"
                ),
            })
        })?;
        if ran.is_ok() {
            self.has_run = true;
        }
        Ok(ran)
    }

    /// Runs the model on one batch under the time limit and hands the plan's output to
    /// `extract`; a failed or stopped call is `Ok(Err(_))`.
    fn run_with<R>(
        &mut self,
        shape: &[usize],
        data: &[f32],
        extract: impl FnOnce(&ort::value::DynValue) -> Result<R>,
    ) -> Result<std::result::Result<R, BatchFailure>> {
        let shaped =
            |e: ndarray::ShapeError| self.error(format!("cannot shape the input batch: {e}"));
        let built = |e: ort::Error| self.error(format!("cannot build the input tensor: {e}"));
        let (as_f64, as_u8): (Vec<f64>, Vec<u8>);
        let tensor: ort::session::SessionInputValue<'_> = match self.input_type {
            TensorElementType::Float64 => {
                as_f64 = data.iter().map(|&v| f64::from(v)).collect();
                let x = ndarray::ArrayViewD::from_shape(shape, &as_f64).map_err(shaped)?;
                TensorRef::from_array_view(x).map_err(built)?.into()
            }
            TensorElementType::Uint8 => {
                as_u8 = data
                    .iter()
                    .map(|&v| v.round().clamp(0.0, 255.0) as u8)
                    .collect();
                let x = ndarray::ArrayViewD::from_shape(shape, &as_u8).map_err(shaped)?;
                TensorRef::from_array_view(x).map_err(built)?.into()
            }
            _ => {
                let x = ndarray::ArrayViewD::from_shape(shape, data).map_err(shaped)?;
                TensorRef::from_array_view(x).map_err(built)?.into()
            }
        };
        let path = self.path.clone();
        let err = |message: String| Error::Model {
            path: path.clone(),
            message,
        };
        let mut options =
            RunOptions::new().map_err(|e| err(format!("cannot set up the run: {e}")))?;
        // A failed or stopped batch becomes an exclusion that says why; ONNX Runtime's own
        // log line for it would only clutter the terminal.
        options
            .set_log_level(ort::logging::LogLevel::Fatal)
            .map_err(|e| err(format!("cannot set up the run: {e}")))?;
        let timeout = self.timeout;
        let timed_out = AtomicBool::new(false);
        // A watchdog terminates the call at the time limit: a model with an endless loop
        // (a Loop with a huge trip count) then ends its batch instead of the run.
        let ran = std::thread::scope(|s| {
            let (finished, wait) = mpsc::channel::<()>();
            let (options, timed_out) = (&options, &timed_out);
            s.spawn(move || {
                if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(timeout) {
                    timed_out.store(true, Ordering::SeqCst);
                    let _ = options.terminate();
                }
            });
            let ran = self
                .session
                .run_with_options(ort::inputs![self.input.as_str() => tensor], options);
            drop(finished);
            ran
        });
        let outputs = match ran {
            Ok(outputs) => outputs,
            Err(_) if timed_out.load(Ordering::SeqCst) => {
                return Ok(Err(BatchFailure::TimedOut(timeout)));
            }
            Err(e) => return Ok(Err(BatchFailure::Failed(e.to_string()))),
        };
        let value = &outputs[self.output.as_str()];
        extract(value).map(Ok)
    }
}

/// A model's output tensor as it came (see [`OnnxModel::run_raw`]).
#[derive(Debug, Clone, PartialEq)]
pub struct RawOutput {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
    /// An integer tensor: a label map, not probabilities.
    pub integer: bool,
}

impl BatchFailure {
    /// What happened, for an exclusion's detail or an error.
    pub fn describe(&self) -> String {
        match self {
            BatchFailure::Failed(e) => format!("inference failed: {e}"),
            BatchFailure::TimedOut(t) => format!(
                "inference ran past the time limit of {} s and was stopped; raise [model] timeout_seconds if the model is slow but sound",
                t.as_secs()
            ),
        }
    }
}

/// Opens an ONNX session on the file (from the file, not from memory, so that a large model's
/// external data files are found beside it).
pub(crate) fn open_session(rt: &Runtime, path: &Path) -> Result<Session> {
    if !path.exists() {
        return Err(Error::Read {
            what: "model",
            path: path.to_path_buf(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    // ONNX Runtime's threads spin while waiting for work by default; here they share the
    // cores with the image decoders, so spinning would take CPU from decoding.
    Session::builder(&rt.env)
        .and_then(|b| b.with_intra_op_spinning(false).map_err(ort::Error::from))
        .and_then(|mut b| b.commit_from_file(path))
        .map_err(|e| Error::Model {
            path: path.to_path_buf(),
            message: format!("ONNX Runtime cannot open it: {e}. Is it an ONNX file, and complete?"),
        })
}

/// "[N, 30]": dimensions with N for a dynamic one.
pub(crate) fn shape_text(dims: &[i64]) -> String {
    let parts: Vec<String> = dims
        .iter()
        .map(|&d| {
            if d < 0 {
                "N".to_string()
            } else {
                d.to_string()
            }
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

fn type_text(t: &ValueType) -> String {
    match t {
        ValueType::Tensor { ty, shape, .. } => format!("{ty:?} {}", shape_text(shape)),
        other => format!("{other:?}"),
    }
}
