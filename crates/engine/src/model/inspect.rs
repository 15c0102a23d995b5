//! What an ONNX file says about itself, read before any plan exists: the desktop app shows it so
//! that a user can fill in `[model] input` and `output` from the real tensor names, and compare
//! the file's SHA-256 with the one the vendor states.

use std::collections::BTreeMap;
use std::path::Path;

use ort::value::{TensorElementType, ValueType};
use serde::{Deserialize, Serialize};

use super::onnx::{open_session, shape_text};
use super::runtime::Runtime;
use crate::error::{Error, Result};

/// An ONNX model's identity, declared inputs and outputs, and metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelInfo {
    /// SHA-256 of the file's bytes, as report.json's `model_sha256`.
    pub sha256: String,
    pub bytes: u64,
    pub inputs: Vec<TensorInfo>,
    pub outputs: Vec<TensorInfo>,
    /// The tool that wrote the file (e.g. "skl2onnx"); `None` when empty.
    pub producer: Option<String>,
    pub graph_name: Option<String>,
    /// The model's doc string, else the graph's.
    pub description: Option<String>,
    pub domain: Option<String>,
    /// The model version; `None` when 0 (what ONNX stores when none was set) or i64::MAX (what
    /// ONNX Runtime reports for some models without one).
    pub version: Option<i64>,
    /// The model's metadata_props (vendors put names, versions, licences here).
    pub custom: BTreeMap<String, String>,
}

/// One declared input or output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TensorInfo {
    pub name: String,
    /// "float32", "int64"… for a tensor; for a sequence its element (e.g.
    /// "map(int64, float32)"); for a map "key → value" (e.g. "int64 → float32").
    pub element_type: String,
    /// Dimensions of a tensor, -1 where dynamic; empty for a sequence or map.
    pub shape: Vec<i64>,
    /// "tensor", "sequence", "map" or "optional".
    pub kind: String,
}

impl TensorInfo {
    /// The shape as "[N, 30]" (N where dynamic); empty for a sequence, map or optional.
    pub fn shape_text(&self) -> String {
        if self.kind == "tensor" {
            shape_text(&self.shape)
        } else {
            String::new()
        }
    }

    fn new(name: &str, t: &ValueType) -> TensorInfo {
        let (kind, element_type, shape) = match t {
            ValueType::Tensor { ty, shape, .. } => {
                let dims: &[i64] = shape;
                ("tensor", element_name(*ty), dims.to_vec())
            }
            ValueType::Sequence(inner) => ("sequence", type_name(inner), Vec::new()),
            ValueType::Map { key, value } => (
                "map",
                format!("{} → {}", element_name(*key), element_name(*value)),
                Vec::new(),
            ),
            ValueType::Optional(inner) => ("optional", type_name(inner), Vec::new()),
        };
        TensorInfo {
            name: name.to_string(),
            element_type,
            shape,
            kind: kind.to_string(),
        }
    }
}

/// Opens the model with ONNX Runtime and reads what it declares. A missing or unreadable file is
/// [`Error::Read`]; a file ONNX Runtime cannot load (not ONNX, truncated) is [`Error::Model`].
pub fn inspect(rt: &Runtime, path: &Path) -> Result<ModelInfo> {
    let bytes = crate::user_file::read(path, "model")?;
    let session = open_session(rt, path)?;
    let outlets = |list: &[ort::value::Outlet]| {
        list.iter()
            .map(|o| TensorInfo::new(o.name(), o.dtype()))
            .collect::<Vec<_>>()
    };
    let meta = session.metadata().map_err(|e| Error::Model {
        path: path.to_path_buf(),
        message: format!("ONNX Runtime cannot read its metadata: {e}"),
    })?;
    let text = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let custom = meta
        .custom_keys()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|k| meta.custom(&k).map(|v| (k, v)))
        .collect();
    Ok(ModelInfo {
        sha256: crate::provenance::sha256_hex(&bytes),
        bytes: bytes.len() as u64,
        inputs: outlets(session.inputs()),
        outputs: outlets(session.outputs()),
        producer: text(meta.producer()),
        graph_name: text(meta.name()),
        description: text(meta.description()).or_else(|| text(meta.graph_description())),
        domain: text(meta.domain()),
        version: meta.version().filter(|&v| v != 0 && v != i64::MAX),
        custom,
    })
}

/// numpy-style names ("float32"), as the plan's messages and vendors' documents write them.
fn element_name(t: TensorElementType) -> String {
    use TensorElementType as T;
    match t {
        T::Float32 => "float32",
        T::Float64 => "float64",
        T::Float16 => "float16",
        T::Bfloat16 => "bfloat16",
        T::Uint8 => "uint8",
        T::Int8 => "int8",
        T::Uint16 => "uint16",
        T::Int16 => "int16",
        T::Uint32 => "uint32",
        T::Int32 => "int32",
        T::Uint64 => "uint64",
        T::Int64 => "int64",
        T::Bool => "bool",
        T::String => "string",
        T::Complex64 => "complex64",
        T::Complex128 => "complex128",
        other => return other.to_string(),
    }
    .to_string()
}

/// A whole type in words, for what a sequence or optional holds.
fn type_name(t: &ValueType) -> String {
    match t {
        ValueType::Tensor { ty, shape, .. } => {
            format!("{} tensor {}", element_name(*ty), shape_text(shape))
        }
        ValueType::Sequence(inner) => format!("sequence({})", type_name(inner)),
        ValueType::Map { key, value } => {
            format!("map({}, {})", element_name(*key), element_name(*value))
        }
        ValueType::Optional(inner) => format!("optional({})", type_name(inner)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(kind: &str, shape: Vec<i64>) -> TensorInfo {
        TensorInfo {
            name: "x".into(),
            element_type: "float32".into(),
            shape,
            kind: kind.into(),
        }
    }

    #[test]
    fn shape_text_writes_dynamic_dimensions_as_n() {
        assert_eq!(info("tensor", vec![-1, 30]).shape_text(), "[N, 30]");
        assert_eq!(
            info("tensor", vec![-1, 1, -1, -1]).shape_text(),
            "[N, 1, N, N]"
        );
        assert_eq!(info("tensor", vec![]).shape_text(), "[]");
        assert_eq!(info("sequence", vec![]).shape_text(), "");
    }

    #[test]
    fn element_types_use_numpy_names() {
        assert_eq!(element_name(TensorElementType::Float32), "float32");
        assert_eq!(element_name(TensorElementType::Int64), "int64");
        assert_eq!(element_name(TensorElementType::String), "string");
    }
}
