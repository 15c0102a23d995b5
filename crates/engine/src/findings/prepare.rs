//! Preparing a multi-finding run: the cohort's rows as units (truth checked, rows without one
//! excluded with the reason) and the vendor's score file identified (its SHA-256 and the ids
//! that match no unit).

use crate::cohort::Exclusion;
use crate::cohort::table::Table;
use crate::error::Result;
use crate::plan::Plan;
use crate::run::{Features, Input, Unit};

pub(crate) struct Index {
    pub(crate) rows: usize,
    pub(crate) units: Vec<Unit>,
    pub(crate) excluded: Vec<Exclusion>,
    pub(crate) cohort_sha256: String,
    pub(crate) identifier_warnings: Vec<String>,
    pub(crate) unmatched_predictions: Vec<String>,
    pub(crate) predictions_sha256: Option<String>,
}

/// The cohort indexed for `run::prepare`. A unit's `label` says whether any finding is present
/// (multi-label) or whether it is of the first class (multi-class); the figures read the full
/// truth again from the cohort (`findings::cohort`).
pub(crate) fn index(plan: &Plan, main_model: bool) -> Result<Index> {
    let cohort = super::cohort::read(plan, main_model)?;
    let identifier_warnings = crate::privacy::ids::warnings(
        cohort.units.iter().map(|r| (r.line, r.id.as_str())).chain(
            cohort
                .excluded
                .iter()
                .map(|e| (e.line.unwrap_or(0), e.id.as_str())),
        ),
        |_| false,
        &format!("\"{}\"", plan.cohort.id.as_deref().unwrap_or("id")),
    );
    let (unmatched_predictions, predictions_sha256) = match &plan.predictions {
        Some(spec) => {
            let table = Table::read(&plan.resolve(&spec.path), "vendor predictions")?;
            (
                super::score::unmatched(plan, &table, &cohort.ids)?,
                Some(table.sha256),
            )
        }
        None => (Vec::new(), None),
    };
    let units = cohort
        .units
        .into_iter()
        .map(|r| Unit {
            label: r.truth.has(0)
                || matches!(&r.truth, super::cohort::Truth::Labels(l) if l.iter().any(|&x| x)),
            id: r.id.into(),
            subgroups: r.subgroups.into_iter().map(Into::into).collect(),
            date: r.date,
            patient: r.patient.map(Into::into),
            input: Input::Row {
                line: r.line,
                features: Features::new(Ok(r.features)),
            },
        })
        .collect();
    Ok(Index {
        rows: cohort.rows,
        units,
        excluded: cohort.excluded,
        cohort_sha256: cohort.table.sha256,
        identifier_warnings,
        unmatched_predictions,
        predictions_sha256,
    })
}
