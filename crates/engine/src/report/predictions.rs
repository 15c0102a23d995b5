//! predictions.csv: one row per evaluated case with id, label (1/0), score, the prediction at
//! the plan's threshold, and the subgroup columns. Nothing else from the cohort is written, so
//! the file carries no identifiers beyond the pseudonymous case id. pandas and R read it as is.

use crate::evaluation::Evaluation;

pub fn to_bytes(eval: &Evaluation) -> Vec<u8> {
    rows(
        &eval.cohort.subgroups,
        eval.binary_only().overall.threshold,
        eval.binary_only()
            .cases
            .iter()
            .map(|c| (c.id.as_str(), c.label, c.score, c.subgroups.as_slice())),
    )
}

/// predictions.csv from its parts: subgroup column names, the threshold, and per case (id,
/// label, score, subgroup values). Also how a stored run's file is written again.
pub fn rows<'a>(
    subgroups: &[String],
    threshold: f64,
    cases: impl Iterator<Item = (&'a str, bool, f64, &'a [String])>,
) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "label", "score", "predicted"];
    header.extend(subgroups.iter().map(String::as_str));
    w.write_record(&header).expect("writing to memory");
    for (id, label, score, groups) in cases {
        let mut row = vec![
            id.to_string(),
            u8::from(label).to_string(),
            score.to_string(),
            u8::from(score >= threshold).to_string(),
        ];
        row.extend(groups.iter().cloned());
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
