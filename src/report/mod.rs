//! Files written from an [`Evaluation`]. Nothing here computes a figure: every output is a view
//! of the same evaluation, so report.json, predictions.csv and the summary always agree.

pub mod json;
pub mod predictions;
pub mod summary;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::evaluation::Evaluation;

/// Writes report.json and predictions.csv into `dir` (created if missing) and returns their
/// paths. Each file is written to a temporary name and renamed, so a crash never leaves half a
/// report behind.
pub fn write_all(eval: &Evaluation, dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let json = dir.join("report.json");
    write_atomic(&json, json::to_string(eval).as_bytes())?;
    let csv = dir.join("predictions.csv");
    write_atomic(&csv, &predictions::to_bytes(eval))?;
    Ok(vec![json, csv])
}

fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("partial");
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}
