//! The score sources of a plan as a run opens them: the vendor's model (loaded, hashed and
//! self-tested) and the vendor's score file. Below both `prepare`, which opens them first, and
//! `score`, which scores with them.

use std::path::PathBuf;

use super::control::{Control, Progress};
use crate::cohort::table::Table;
use crate::error::Result;
use crate::model::onnx::OnnxModel;
use crate::model::runtime;
use crate::model::vendor::VendorScores;
use crate::plan::{ModelSpec, Plan, PredictionsSpec};
use crate::provenance;

/// The vendor's model, opened and hashed.
pub(crate) struct Model {
    pub(crate) onnx: OnnxModel,
    pub(crate) sha256: String,
    pub(crate) runtime_version: String,
    /// The fidelity self-test's result (the main model, with a manifest).
    pub(crate) fidelity: Option<crate::model::fidelity::Fidelity>,
}

impl Model {
    /// Opens the model; with the vendor's manifest, the fidelity self-test runs before any
    /// case is scored and stops the run if it fails.
    pub(crate) fn open(
        plan: &Plan,
        spec: &ModelSpec,
        ctl: &Control,
        manifest: Option<&crate::model::manifest::Loaded>,
    ) -> Result<Model> {
        let rt = runtime::load(ctl.onnxruntime.as_deref())?;
        let path = plan.resolve(&spec.path);
        let bytes = crate::user_file::read(&path, "model")?;
        let mut onnx = OnnxModel::load(rt, spec, &path)?;
        let sha256 = provenance::sha256_hex(&bytes);
        let fidelity = match manifest {
            Some(m) => {
                ctl.report(Progress::Stage {
                    name: "Fidelity self-test",
                    total: m.manifest.test_vectors.len() as u64,
                });
                let f = crate::model::fidelity::check(
                    m,
                    &mut onnx,
                    &sha256,
                    plan.preprocess.as_ref(),
                    spec.positive_index,
                )?;
                ctl.report(Progress::Advance(f.total as u64));
                Some(f)
            }
            None => None,
        };
        Ok(Model {
            onnx,
            sha256,
            runtime_version: rt.version.clone(),
            fidelity,
        })
    }
}

/// A vendor's scores, its file's SHA-256 and path.
pub(crate) type Vendor = (VendorScores, String, PathBuf);

pub(crate) fn read_vendor(plan: &Plan, spec: &PredictionsSpec) -> Result<Vendor> {
    let path = plan.resolve(&spec.path);
    let table = Table::read(&path, "vendor predictions")?;
    Ok((VendorScores::read(&table, spec)?, table.sha256, path))
}

/// The vendor's scores from the cohort's own table (the plan names one file for both), kept
/// by line (`VendorScores::read_rows`).
pub(crate) fn vendor_rows(table: &Table, spec: &PredictionsSpec, path: PathBuf) -> Result<Vendor> {
    Ok((
        VendorScores::read_rows(table, spec)?,
        table.sha256.clone(),
        path,
    ))
}
