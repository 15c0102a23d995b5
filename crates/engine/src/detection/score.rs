//! The second step of a detection run: each unit's score, the model's own (`[detection]
//! unit_score`) or the highest of its marks (0 without marks), as the outcome of the unit from
//! the main source, so that parts scored apart merge and are checked as any other run's.

use crate::run::{Outcomes, Prepared, Scored, Source};

/// The outcomes of the units at `units` (indices into `prepared.units`).
pub(crate) fn score(prepared: &Prepared, units: &[usize]) -> Outcomes {
    let scores = prepared
        .detection
        .as_ref()
        .map(|d| d.unit_score(prepared.units.len()))
        .unwrap_or_default();
    Outcomes {
        run_key: prepared.run_key.clone(),
        scored: units
            .iter()
            .map(|&i| Scored {
                source: Source::Main,
                unit: prepared.units[i].id.clone(),
                outcomes: vec![Ok(scores.get(i).copied().unwrap_or(0.0))],
                segmentation: None,
                findings: None,
                marks: None,
            })
            .collect(),
    }
}
