//! The fidelity self-test, run before any case is scored: is the model file the one the
//! manifest describes (SHA-256), and does the local pipeline reproduce the vendor's outputs for
//! its test vectors? A DICOM vector goes through exactly the decoding and `[preprocess]` the
//! cohort's images go through, so a missing window, a wrong inversion or another resize shows
//! here, not as quietly wrong figures later. A `.npy` vector is the vendor's tensor fed to the
//! model as it is (it tests the model and runtime, not the pipeline); `features` likewise.

use crate::cohort::pixels::{PixelError, Preprocess, to_tensor};
use crate::error::{Error, Result};
use crate::model::manifest::Loaded;
use crate::model::onnx::OnnxModel;

pub use crate::model::manifest::{Fidelity, VectorResult};

/// Runs the self-test; an error if it fails, naming the vector, the expected and the actual
/// output and what to check.
pub fn check(
    loaded: &Loaded,
    model: &mut OnnxModel,
    model_sha256: &str,
    preprocess: Option<&Preprocess>,
    positive_index: usize,
) -> Result<Fidelity> {
    let m = &loaded.manifest;
    let sha_ok = m
        .model
        .sha256
        .as_ref()
        .map(|s| s.eq_ignore_ascii_case(model_sha256));
    let mut vectors = Vec::new();
    for (i, v) in m.test_vectors.iter().enumerate() {
        let expected = if v.output.len() == 1 {
            v.output[0]
        } else {
            v.output.get(positive_index).copied().unwrap_or(f64::NAN)
        };
        let (input, kind, scored) = match (&v.input, &v.features) {
            (Some(p), _) => {
                let path = loaded.resolve(p);
                let is_npy = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("npy"));
                let scored = if is_npy {
                    npy_tensor(&path).and_then(|(shape, data)| score(model, &shape, &data))
                } else {
                    dicom_tensor(&path, preprocess).and_then(|(shape, data)| {
                        let s = [shape[1], shape[2], shape[3]];
                        model
                            .expect_image(s, &p.display().to_string())
                            .map_err(|e| e.to_string())?;
                        score(model, &shape, &data)
                    })
                };
                let kind = if is_npy {
                    "tensor (.npy)"
                } else {
                    "DICOM pipeline"
                };
                (p.display().to_string(), kind, scored)
            }
            (None, Some(f)) => (
                format!("features #{}", i + 1),
                "features",
                model
                    .score_rows(&[f.as_slice()])
                    .map_err(|e| e.to_string())
                    .and_then(first),
            ),
            (None, None) => unreachable!("checked when the manifest was read"),
        };
        let (actual, error) = match scored {
            Ok(a) => (Some(a), None),
            Err(e) => (None, Some(e)),
        };
        let ok = actual.is_some_and(|a| (a - expected).abs() <= v.tolerance);
        vectors.push(VectorResult {
            input,
            kind: kind.into(),
            expected,
            actual,
            tolerance: v.tolerance,
            ok,
            error,
        });
    }
    let f = Fidelity {
        model_sha256_matches: sha_ok,
        passed: vectors.iter().filter(|v| v.ok).count(),
        total: vectors.len(),
        vectors,
    };
    if f.passes() {
        return Ok(f);
    }
    let path = loaded.path.display();
    let message = if sha_ok == Some(false) {
        format!(
            "the model file's SHA-256 {model_sha256} is not the {} that the manifest {path} describes: this is not the model the vendor validated",
            m.model.sha256.clone().unwrap_or_default()
        )
    } else {
        let bad: Vec<String> = f
            .vectors
            .iter()
            .filter(|v| !v.ok)
            .map(|v| match (&v.actual, &v.error) {
                (Some(a), _) => format!(
                    "{} ({}): expected {}, got {a} (difference {:.3e}, tolerance {})",
                    v.input,
                    v.kind,
                    v.expected,
                    (a - v.expected).abs(),
                    v.tolerance
                ),
                (None, Some(e)) => format!("{} ({}): {e}", v.input, v.kind),
                (None, None) => v.input.clone(),
            })
            .collect();
        format!(
            "{}. The local pipeline does not reproduce the vendor's outputs: {}. Check the plan's [preprocess] against the manifest's, and that the model file is the vendor's",
            f.summary(),
            bad.join("; ")
        )
    };
    Err(Error::Fidelity(message))
}

fn first(v: Vec<f64>) -> std::result::Result<f64, String> {
    v.first()
        .copied()
        .ok_or_else(|| "the model gave no output".into())
}

fn score(model: &mut OnnxModel, shape: &[usize], data: &[f32]) -> std::result::Result<f64, String> {
    model
        .score(shape, data)
        .map_err(|e| e.to_string())
        .and_then(first)
}

/// A DICOM file through the cohort's own decoding and preprocessing: [1, C, H, W].
fn dicom_tensor(
    path: &std::path::Path,
    pre: Option<&Preprocess>,
) -> std::result::Result<(Vec<usize>, Vec<f32>), String> {
    crate::user_file::check(path, "test vector").map_err(|e| e.to_string())?;
    let default = Preprocess::default();
    let budget = pre.unwrap_or(&default).max_pixels;
    let (obj, _) = crate::cohort::dicom::open_within(path, None, budget).map_err(|(_, d)| d)?;
    let t = to_tensor(&obj, pre.unwrap_or(&default)).map_err(|e: PixelError| {
        let (_, detail) = e.into_exclusion();
        detail
    })?;
    Ok((vec![1, t.shape[0], t.shape[1], t.shape[2]], t.data))
}

/// A `.npy` tensor of float32 or float64 as written by numpy; a leading batch axis of 1 is
/// added when its shape has none.
fn npy_tensor(path: &std::path::Path) -> std::result::Result<(Vec<usize>, Vec<f32>), String> {
    let bytes = crate::user_file::read(path, "test vector").map_err(|e| e.to_string())?;
    let npy = npyz::NpyFile::new(&bytes[..]).map_err(|e| format!("not a .npy file: {e}"))?;
    let shape: Vec<usize> = npy.shape().iter().map(|&d| d as usize).collect();
    let data: Vec<f32> = match npy.dtype() {
        npyz::DType::Plain(t) if t.type_char() == npyz::TypeChar::Float && t.size_field() == 4 => {
            npy.into_vec::<f32>().map_err(|e| e.to_string())?
        }
        npyz::DType::Plain(t) if t.type_char() == npyz::TypeChar::Float && t.size_field() == 8 => {
            npy.into_vec::<f64>()
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|x| x as f32)
                .collect()
        }
        other => {
            return Err(format!(
                "the tensor's type {other:?} is not float32 or float64"
            ));
        }
    };
    Ok((shape, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A named pipe given as a test vector is refused by type instead of blocking for ever.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_as_a_test_vector_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("vector.npy");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo unavailable; skipped");
            return;
        }
        let e = npy_tensor(&fifo).unwrap_err();
        assert!(e.contains("is a named pipe, not a file"), "{e}");
        let e = dicom_tensor(&dir.path().join("vector.npy"), None).unwrap_err();
        assert!(e.contains("is a named pipe, not a file"), "{e}");
    }
}
