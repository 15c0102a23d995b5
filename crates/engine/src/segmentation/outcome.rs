//! What scoring one segmentation case yields: each structure's figures and the worst-case
//! tile candidates. Plain data below `run::outcomes` (which carries it) and `evaluate`.

use serde::{Deserialize, Serialize};

use super::figures::Tile;
use crate::metrics::segmentation::SegmentationMetrics;

/// One case's figures, per structure in the plan's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentationOutcome {
    pub structures: Vec<StructureOutcome>,
    /// Tiles of this case kept among the worst of its `score` call (pixels: never serialised,
    /// so a journal or a shipped part holds figures only).
    #[serde(skip)]
    pub tiles: Vec<Tile>,
}

/// One structure of one case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructureOutcome {
    /// The plan's `[[structure]] name`.
    pub structure: String,
    /// The truth's name (ROI name, segment label) that matched; None: the truth files of the
    /// case do not have the structure, an empty truth.
    pub matched: Option<String>,
    pub metrics: SegmentationMetrics,
}
