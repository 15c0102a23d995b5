//! The vendor's own scores, for cloud products that deliver predictions instead of a model.
//! Scores are joined to the cohort by id; both directions of a mismatch are counted.

use foldhash::HashMap;
use foldhash::HashMapExt;

use super::Scored;
use crate::cohort::table::{Table, field};
use crate::error::{Error, Result};
use crate::plan::PredictionsSpec;

pub struct VendorScores {
    /// The score of each id, with the line it was read from (to name both lines of a repeat).
    by_id: HashMap<String, (u64, Scored)>,
    /// Lines whose id is empty: they match no case and are reported as unmatched.
    empty_id_lines: Vec<u64>,
}

impl VendorScores {
    pub fn read(table: &Table, spec: &PredictionsSpec) -> Result<Self> {
        let id_col = table.column(&spec.id, "predictions id column")?;
        let score_col = table.column(&spec.score, "predictions score column")?;
        let mut by_id: HashMap<String, (u64, Scored)> = HashMap::with_capacity(table.rows.len());
        let mut empty_id_lines = Vec::new();
        for (line, record) in &table.rows {
            let id = field(record, id_col);
            if id.is_empty() {
                empty_id_lines.push(*line);
                continue;
            }
            if let Some((first_line, _)) = by_id.get(id) {
                return Err(Error::DuplicateId {
                    path: table.path.clone(),
                    first_line: *first_line,
                    second_line: *line,
                });
            }
            let text = field(record, score_col);
            let scored = match table.number(text) {
                Some(v) if v.is_finite() => Ok(v),
                _ => Err(format!(
                    "{} line {line}: vendor score {} in column {} is not a finite number",
                    table.path.display(),
                    crate::error::quote(text),
                    crate::error::quote(&spec.score)
                )),
            };
            by_id.insert(id.to_string(), (*line, scored));
        }
        Ok(VendorScores {
            by_id,
            empty_id_lines,
        })
    }

    /// The score for a case id, None when the vendor's file has no row for it.
    pub fn get(&self, id: &str) -> Option<&Scored> {
        self.by_id.get(id).map(|(_, s)| s)
    }

    /// Ids in the vendor's file with no matching cohort row, sorted, then rows without an id.
    pub fn unmatched(&self, cohort_ids: &crate::run::prepare::IdSet) -> Vec<String> {
        use rayon::prelude::*;
        let mut ids: Vec<String> = self
            .by_id
            .par_iter()
            .map(|(id, _)| id)
            .filter(|id| !cohort_ids.contains(*id))
            .cloned()
            .collect();
        ids.par_sort_unstable();
        ids.extend(
            self.empty_id_lines
                .iter()
                .map(|l| format!("(no id, line {l})")),
        );
        ids
    }
}
