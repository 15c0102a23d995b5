//! report.json: the [`Evaluation`] itself, pretty-printed. Its schema is documented in
//! docs/report-json.md; NaN figures (not estimable) are written as null.

use crate::evaluation::Evaluation;

pub fn to_string(eval: &Evaluation) -> String {
    let mut s = serde_json::to_string_pretty(eval).expect("an evaluation always serialises");
    s.push('\n');
    s
}
