//! Why an image cannot become a tensor. Its own module, below `pixels` and the frame checks
//! it calls (`rle`, `codestream`), which return it too.

use super::ExclusionReason;

#[derive(Debug, thiserror::Error)]
pub enum PixelError {
    #[error("the object has no Pixel Data (7FE0,0010)")]
    NoPixelData,
    /// The transfer syntax (UID) is unknown or its pixel data cannot be decoded here.
    #[error("pixel data in transfer syntax {0} cannot be decoded")]
    UnsupportedTransferSyntax(String),
    #[error("frame {frame} is out of range: the image has {frames} frame(s)")]
    FrameOutOfRange { frame: u32, frames: u32 },
    /// The decoder failed or panicked; the message is the decoder's (with its causes).
    #[error("decoding failed: {0}")]
    Decode(String),
    /// A kind of image this module does not handle: PALETTE COLOR and other photometric
    /// interpretations, uncompressed YBR_FULL_422, Bits Allocated other than 1/8/16/32,
    /// 32-bit samples in Explicit VR Big Endian, an unusable Modality LUT Sequence.
    #[error("unsupported image: {0}")]
    UnsupportedImage(String),
    #[error("window = \"header\" but the object has no Window Center/Window Width")]
    NoWindowInHeader,
    /// A plan step that cannot apply to this image (e.g. a window on an RGB image).
    #[error("preprocess step not applicable: {0}")]
    NotApplicable(String),
    #[error("invalid preprocess plan: {0}")]
    InvalidPlan(String),
    /// A header value the image is read with is present but unusable (see [`check_header`]).
    #[error("{0}")]
    BadHeader(String),
    /// The image is above the pixel budget, or its compressed frame announces more pixels
    /// than its header.
    #[error("{0}")]
    TooLarge(String),
}

impl PixelError {
    /// The exclusion reason and text a run records for an image that fails here.
    pub fn into_exclusion(self) -> (ExclusionReason, String) {
        match self {
            PixelError::NoPixelData => (ExclusionReason::NoPixelData, self.to_string()),
            PixelError::UnsupportedTransferSyntax(uid) => (
                ExclusionReason::UnsupportedSyntax,
                format!("unsupported transfer syntax {uid}"),
            ),
            PixelError::BadHeader(text) => (ExclusionReason::BadHeader, text),
            PixelError::TooLarge(text) => (ExclusionReason::TooLarge, text),
            other => (ExclusionReason::DecodeError, other.to_string()),
        }
    }
}
