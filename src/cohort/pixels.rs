//! TEMPORARY interface stub while the pixel pipeline is written; replaced before it lands.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Preprocess {
    pub frame: u32,
}

pub struct Tensor {
    pub shape: [usize; 3],
    pub data: Vec<f32>,
}

#[derive(Debug, thiserror::Error)]
pub enum PixelError {
    #[error("no pixel data")]
    NoPixelData,
    #[error("unsupported transfer syntax {0}")]
    UnsupportedTransferSyntax(String),
    #[error("frame {frame} out of range ({frames} frames)")]
    FrameOutOfRange { frame: u32, frames: u32 },
    #[error("{0}")]
    Decode(String),
}

pub fn to_tensor(
    _obj: &dicom_object::DefaultDicomObject,
    _p: &Preprocess,
) -> Result<Tensor, PixelError> {
    Err(PixelError::Decode("not yet".into()))
}
