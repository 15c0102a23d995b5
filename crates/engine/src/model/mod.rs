//! Where scores come from: the vendor's ONNX model run locally through ONNX Runtime, or the
//! vendor's own score file for cloud products that ship no model.

pub mod fidelity;
pub mod inspect;
pub mod manifest;
pub mod onnx;
pub mod runtime;
pub mod signature;
pub mod vendor;

/// The score of one case, or why it has none (the reason text names the case).
pub type Scored = std::result::Result<f64, String>;
