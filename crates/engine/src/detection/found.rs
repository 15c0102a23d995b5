//! The evaluate step's view of a run whose marks the detector found (`[marks] kind =
//! "model"`): the marks come from the outcomes (`Scored::marks`), not from `prepare`. Each
//! unit's marks join the `DetectionInput` in unit order, then in the order the model gave
//! them (stable, so two runs match marks alike); the padding rows are summed into
//! `DetectionSources::padding_rows`. A unit the detector could not run on is excluded with its
//! reason, and its lesions leave the lesion-level figures with it (the exclusion says how
//! many), since no mark could have hit them.

use std::collections::HashMap;
use std::sync::Arc;

use super::figures::DetectionSources;
use crate::cohort::Exclusion;
use crate::error::{Error, Result};
use crate::metrics::detection::Mark;
use crate::plan::MarksKind;
use crate::run::{Outcomes, Prepared, Scored, Source};

/// The prepared run with the found marks in its detection input and the units that could not
/// be run left out; None for marks read in `prepare` (CSV, SR), which evaluate as they are.
pub(crate) fn with_found_marks(
    prepared: &Prepared,
    outcomes: &Outcomes,
) -> Result<Option<Prepared>> {
    if !prepared
        .plan
        .marks
        .as_ref()
        .is_some_and(|m| m.kind == MarksKind::Model)
    {
        return Ok(None);
    }
    let input = prepared
        .detection
        .as_deref()
        .ok_or_else(|| Error::Outcomes("a detection run prepared without its lesions".into()))?;
    let mut by_unit: HashMap<&str, &Scored> = HashMap::new();
    for s in outcomes.scored.iter().filter(|s| s.source == Source::Main) {
        if by_unit.insert(s.unit.as_str(), s).is_some() {
            return Err(Error::Outcomes(format!(
                "unit {} was scored twice (in two parts); score each unit in one part only",
                s.unit
            )));
        }
    }
    let mut lesions_of = vec![0usize; prepared.units.len()];
    for l in &input.lesions {
        lesions_of[l.lesion.unit] += 1;
    }
    let mut kept = Vec::with_capacity(prepared.units.len());
    let mut new_index: Vec<Option<usize>> = vec![None; prepared.units.len()];
    let mut excluded = prepared.excluded.clone();
    let mut marks = Vec::new();
    let mut padding_rows = 0;
    for (i, unit) in prepared.units.iter().enumerate() {
        let s = by_unit
            .get(unit.id.as_str())
            .ok_or_else(|| Error::Outcomes(format!("unit {} has no unit score", unit.id)))?;
        match (s.outcomes.first(), s.marks()) {
            (Some(Ok(_)), Some(found)) => {
                let at = kept.len();
                new_index[i] = Some(at);
                kept.push(unit.clone());
                padding_rows += s.padding_rows();
                marks.extend(found.iter().map(|m| Mark {
                    unit: at,
                    centre: m.centre,
                    score: m.score,
                    bbox: m.bbox.map(|b| [[b[0], b[1], b[2]], [b[3], b[4], b[5]]]),
                }));
            }
            (Some(Err((reason, detail))), _) => {
                let lesions = lesions_of[i];
                excluded.push(Exclusion {
                    id: unit.id.to_string(),
                    line: None,
                    file: None,
                    reason: *reason,
                    detail: if lesions == 0 {
                        detail.clone()
                    } else {
                        format!(
                            "{detail} (its {lesions} lesion{} left out of the lesion-level figures)",
                            if lesions == 1 { " is" } else { "s are" }
                        )
                    },
                });
            }
            _ => {
                return Err(Error::Outcomes(format!(
                    "unit {} has a score but not the detector's marks: these outcomes were not scored with [marks] kind = \"model\"",
                    unit.id
                )));
            }
        }
    }
    let mut found = input.clone();
    found.marks = marks;
    found.lesions = input
        .lesions
        .iter()
        .filter_map(|l| {
            new_index[l.lesion.unit].map(|u| {
                let mut l = l.clone();
                l.lesion.unit = u;
                l
            })
        })
        .collect();
    found.unit_scores = input.unit_scores.as_ref().map(|s| {
        s.iter()
            .zip(&new_index)
            .filter_map(|(v, k)| k.map(|_| *v))
            .collect()
    });
    let mut sources = input.sources.clone().unwrap_or_else(|| DetectionSources {
        marks: "model".into(),
        ..DetectionSources::default()
    });
    sources.padding_rows = padding_rows;
    found.sources = Some(sources);
    let mut out = prepared.clone();
    out.units = kept;
    out.excluded = excluded;
    out.detection = Some(Arc::new(found));
    Ok(Some(out))
}
