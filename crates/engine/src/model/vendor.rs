//! The vendor's own scores, for cloud products that deliver predictions instead of a model.
//! Scores are joined to the cohort by id; both directions of a mismatch are counted. When the
//! score file is the cohort file itself, a row's score is its own: joined by line, no id hashed.

use foldhash::HashMap;
use foldhash::HashMapExt;

use super::Scored;
use crate::cohort::table::{Table, field};
use crate::error::{Error, Result};
use crate::plan::PredictionsSpec;

pub struct VendorScores {
    /// The score of each id, with the line it was read from (to name both lines of a repeat).
    by_id: HashMap<String, (u64, Scored)>,
    /// Read from the cohort file itself ([`Self::read_rows`]): each row's score by line, in
    /// line order, and `by_id` empty (every id is a cohort id; a repeat is the cohort's error).
    /// NaN where the cell is not a finite number, the reason in `line_errors`: 16 bytes a row
    /// where a `Scored` beside its line was 32, and a million rows are held through prepare.
    by_line: Vec<(u64, f64)>,
    /// Why each NaN of `by_line` is not a score, by line.
    line_errors: Vec<(u64, String)>,
    /// Lines whose id is empty: they match no case and are reported as unmatched.
    empty_id_lines: Vec<u64>,
}

impl VendorScores {
    pub fn read(table: &Table, spec: &PredictionsSpec) -> Result<Self> {
        Self::read_as(table, spec, false)
    }

    /// The scores of the cohort's own table (the plan's `[predictions]` and `[cohort]` name one
    /// file): kept by line, for [`Self::get_row`].
    pub fn read_rows(table: &Table, spec: &PredictionsSpec) -> Result<Self> {
        Self::read_as(table, spec, true)
    }

    fn read_as(table: &Table, spec: &PredictionsSpec, rows: bool) -> Result<Self> {
        let id_col = table.column(&spec.id, "predictions id column")?;
        let score_col = table.column(&spec.score, "predictions score column")?;
        let capacity = if rows { 0 } else { table.rows.len() };
        let mut by_id: HashMap<String, (u64, Scored)> = HashMap::with_capacity(capacity);
        let mut by_line = Vec::with_capacity(table.rows.len() - capacity);
        let mut empty_id_lines = Vec::new();
        let mut line_errors = Vec::new();
        for (line, record) in &table.rows {
            let id = field(record, id_col);
            if id.is_empty() {
                empty_id_lines.push(line);
                continue;
            }
            if rows {
                let value = match score(table, spec, line, field(record, score_col)) {
                    Ok(v) => v,
                    Err(why) => {
                        line_errors.push((line, why));
                        f64::NAN
                    }
                };
                by_line.push((line, value));
                continue;
            }
            if let Some((first_line, _)) = by_id.get(id) {
                return Err(Error::DuplicateId {
                    path: table.path.clone(),
                    first_line: *first_line,
                    second_line: line,
                });
            }
            let scored = score(table, spec, line, field(record, score_col));
            by_id.insert(id.to_string(), (line, scored));
        }
        Ok(VendorScores {
            by_id,
            by_line,
            line_errors,
            empty_id_lines,
        })
    }

    /// Whether the scores were read from the cohort's own table ([`Self::read_rows`]).
    pub fn by_row(&self) -> bool {
        self.by_id.is_empty() && !self.by_line.is_empty()
    }

    /// The score on the cohort's own line `line` ([`Self::read_rows`]), or why there is none.
    pub fn get_row(&self, line: u64) -> Option<std::result::Result<f64, &str>> {
        let i = self.by_line.binary_search_by_key(&line, |(l, _)| *l).ok()?;
        let value = self.by_line[i].1;
        if !value.is_nan() {
            return Some(Ok(value));
        }
        let j = self
            .line_errors
            .binary_search_by_key(&line, |(l, _)| *l)
            .ok()?;
        Some(Err(&self.line_errors[j].1))
    }

    /// The score for a case id, or why there is none; None when the vendor's file has no row
    /// for it.
    pub fn get(&self, id: &str) -> Option<std::result::Result<f64, &str>> {
        self.by_id
            .get(id)
            .map(|(_, s)| s.as_ref().copied().map_err(String::as_str))
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

/// A score cell read as a number, or why it is not one.
fn score(table: &Table, spec: &PredictionsSpec, line: u64, text: &str) -> Scored {
    match table.number(text) {
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(format!(
            "{} line {line}: vendor score {} in column {} is not a finite number",
            table.path.display(),
            crate::error::quote(text),
            crate::error::quote(&spec.score)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores read from the cohort's own file keep each row's score or reason by line.
    #[test]
    fn a_row_score_or_its_reason_is_found_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cohort.csv");
        std::fs::write(
            &path,
            "id,label,score\na,1,0.9\nb,0,high\n\nc,0,inf\nd,1,0.25\n",
        )
        .unwrap();
        let table = Table::read(&path, "cohort").unwrap();
        let spec: PredictionsSpec =
            toml::from_str("path = \"cohort.csv\"\nid = \"id\"\nscore = \"score\"").unwrap();
        let scores = VendorScores::read_rows(&table, &spec).unwrap();
        assert!(scores.by_row());
        assert_eq!(scores.get_row(2), Some(Ok(0.9)));
        let Some(Err(why)) = scores.get_row(3) else {
            panic!("line 3 has no score")
        };
        assert!(why.contains("line 3: vendor score \"high\""), "{why}");
        let Some(Err(why)) = scores.get_row(5) else {
            panic!("line 5's score is infinite")
        };
        assert!(why.contains("line 5: vendor score \"inf\""), "{why}");
        assert_eq!(scores.get_row(6), Some(Ok(0.25)));
        assert_eq!(scores.get_row(4), None, "a blank line has no row");
        let by_id = VendorScores::read(&table, &spec).unwrap();
        assert_eq!(by_id.get("d"), Some(Ok(0.25)));
        assert!(matches!(by_id.get("b"), Some(Err(w)) if w.contains("line 3")));
        assert_eq!(by_id.get("e"), None);
    }
}
