//! One module per workflow step; each adds its `…_step` drawing method to `App`.

pub mod adjudicate;
pub mod cases;
pub mod cohort;
pub mod det_viewer;
pub mod detection;
pub mod findings;
pub mod history;
pub mod importance;
pub mod model;
pub mod model_input;
pub mod occlusion;
pub mod plan;
pub mod report;
pub mod report_settings;
pub mod results;
pub mod run;
pub mod segmentation;
pub mod start;
pub mod thumbnail;
pub mod vendor;
pub mod viewer;
pub mod zoom;
