//! predictions.csv: one row per evaluated case with id, label (1/0), score, the prediction at
//! the plan's threshold, and the subgroup columns (a segmentation run: one row per case and
//! structure with its figures). Nothing else from the cohort is written, so
//! the file carries no identifiers beyond the pseudonymous case id. pandas and R read it as is.

use crate::evaluation::{Evaluation, TaskEvaluation};
use crate::segmentation::figures::{FIGURES, SegmentationFigures};

pub fn to_bytes(eval: &Evaluation) -> Vec<u8> {
    match &eval.task {
        TaskEvaluation::Binary(b) => rows(
            &eval.cohort.subgroups,
            b.overall.threshold,
            b.cases
                .iter()
                .map(|c| (c.id.as_str(), c.label, c.score, &c.subgroups[..])),
        ),
        TaskEvaluation::Segmentation(s) => segmentation(&eval.cohort.subgroups, &s.segmentation),
        // CONTRACT (issue 17): a row per unit with its unit score (detection) and per unit
        // and finding (multi-finding); the helpers refine.
        TaskEvaluation::Detection(d) => rows(
            &eval.cohort.subgroups,
            d.unit_level.overall.threshold,
            d.unit_level
                .cases
                .iter()
                .map(|c| (c.id.as_str(), c.label, c.score, &c.subgroups[..])),
        ),
        TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
            findings(&eval.cohort.subgroups, f)
        }
    }
}

/// predictions.csv of a multi-finding run: one row per unit and finding (in the plan's order)
/// with the finding's label (1/0; multi-class: of this class), score and prediction at the
/// finding's threshold, then the subgroup columns.
pub fn findings(subgroups: &[String], f: &crate::findings::FindingsEvaluation) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "finding", "label", "score", "predicted"];
    header.extend(subgroups.iter().map(String::as_str));
    w.write_record(&header).expect("writing to memory");
    let per: Vec<(&String, &crate::evaluation::BinaryEvaluation)> = f
        .findings_summary
        .order
        .iter()
        .filter_map(|name| f.findings.get(name).map(|b| (name, b)))
        .collect();
    let n = per.first().map_or(0, |(_, b)| b.cases.len());
    for i in 0..n {
        for (name, b) in &per {
            let c = &b.cases[i];
            let mut row = vec![
                c.id.to_string(),
                name.to_string(),
                u8::from(c.label).to_string(),
                c.score.to_string(),
                u8::from(c.score >= b.overall.threshold).to_string(),
            ];
            row.extend((0..subgroups.len()).map(|g| {
                c.subgroups
                    .get(g)
                    .map(|s| s.to_string())
                    .unwrap_or_default()
            }));
            w.write_record(&row).expect("writing to memory");
        }
    }
    w.into_inner().expect("writing to memory")
}

/// predictions.csv of a segmentation run: one row per case and structure, with its presence
/// and every figure (empty where left out), distances in mm and volumes in mL, then the
/// subgroup columns.
pub fn segmentation(subgroups: &[String], seg: &SegmentationFigures) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "structure", "presence"];
    header.extend(FIGURES);
    header.extend(["volume_truth", "volume_pred", "truth_empty", "pred_empty"]);
    header.extend(subgroups.iter().map(String::as_str));
    w.write_record(&header).expect("writing to memory");
    let value = |x: f64| {
        if x.is_finite() {
            x.to_string()
        } else {
            String::new()
        }
    };
    for (name, st) in &seg.structures {
        for c in &st.cases {
            let presence = serde_json::to_value(c.presence)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut row = vec![c.case.clone(), name.clone(), presence];
            row.extend(
                FIGURES
                    .iter()
                    .map(|f| value(c.figure(f).unwrap_or(f64::NAN))),
            );
            row.extend([
                value(c.volume_truth),
                value(c.volume_pred),
                u8::from(c.truth_empty).to_string(),
                u8::from(c.pred_empty).to_string(),
            ]);
            // One value per subgroup column, whatever the case holds: a short row would make
            // the CSV writer fail.
            row.extend(
                (0..subgroups.len()).map(|i| c.subgroups.get(i).cloned().unwrap_or_default()),
            );
            w.write_record(&row).expect("writing to memory");
        }
    }
    w.into_inner().expect("writing to memory")
}

/// predictions.csv from its parts: subgroup column names, the threshold, and per case (id,
/// label, score, subgroup values). Also how a stored run's file is written again.
/// Fields are written one by one into one buffer (a row of Strings per case was a tenth of a
/// million-case run).
pub fn rows<'a, S: AsRef<str> + 'a>(
    subgroups: &[String],
    threshold: f64,
    cases: impl Iterator<Item = (&'a str, bool, f64, &'a [S])>,
) -> Vec<u8> {
    use std::fmt::Write;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "label", "score", "predicted"];
    header.extend(subgroups.iter().map(String::as_str));
    w.write_record(&header).expect("writing to memory");
    let mut number = String::new();
    for (id, label, score, groups) in cases {
        number.clear();
        write!(number, "{score}").expect("writing to memory");
        let bit = |b: bool| if b { "1" } else { "0" };
        w.write_field(id).expect("writing to memory");
        w.write_field(bit(label)).expect("writing to memory");
        w.write_field(&number).expect("writing to memory");
        w.write_field(bit(score >= threshold))
            .expect("writing to memory");
        for g in groups {
            w.write_field(g.as_ref()).expect("writing to memory");
        }
        w.write_record(None::<&[u8]>).expect("writing to memory");
    }
    w.into_inner().expect("writing to memory")
}
