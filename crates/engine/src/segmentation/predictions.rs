//! predictions.csv of a segmentation run: one row per (case, structure) with the case's
//! figures, its presence (both, both_empty, missed, false_alarm) and the subgroup columns. The
//! case is named by its id (a pseudonym); nothing else from the cohort is written. A figure
//! left out (both empty under `both_empty = "left_out"`) is an empty cell.

use super::figures::SegmentationFigures;

/// The file's bytes; `subgroups` are the plan's subgroup names (the columns' headers).
pub fn to_bytes(figures: &SegmentationFigures, subgroups: &[String]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["id", "structure", "presence"];
    header.extend(super::figures::FIGURES);
    header.extend(["volume_truth", "volume_pred"]);
    header.extend(subgroups.iter().map(String::as_str));
    w.write_record(&header).expect("writing to memory");
    let cell = |v: f64| {
        if v.is_finite() {
            v.to_string()
        } else {
            String::new()
        }
    };
    for (name, s) in &figures.structures {
        for c in &s.cases {
            let presence = serde_json::to_value(c.presence)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut row = vec![c.case.clone(), name.clone(), presence];
            row.extend(
                super::figures::FIGURES
                    .iter()
                    .map(|f| cell(c.figure(f).unwrap_or(f64::NAN))),
            );
            row.extend([cell(c.volume_truth), cell(c.volume_pred)]);
            row.extend(c.subgroups.iter().cloned());
            w.write_record(&row).expect("writing to memory");
        }
    }
    w.into_inner().expect("writing to memory")
}
