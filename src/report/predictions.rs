//! predictions.csv: one row per evaluated case with id, label (1/0), score, the prediction at
//! the plan's threshold, and the subgroup columns. Nothing else from the cohort is written, so
//! the file carries no identifiers beyond the pseudonymous case id. pandas and R read it as is.

use crate::evaluation::Evaluation;

pub fn to_bytes(eval: &Evaluation) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "label", "score", "predicted"];
    header.extend(eval.cohort.subgroups.iter().map(String::as_str));
    w.write_record(&header).expect("writing to memory");
    let threshold = eval.overall.threshold;
    for c in &eval.cases {
        let mut row = vec![
            c.id.clone(),
            u8::from(c.label).to_string(),
            c.score.to_string(),
            u8::from(c.score >= threshold).to_string(),
        ];
        row.extend(c.subgroups.iter().cloned());
        w.write_record(&row).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
