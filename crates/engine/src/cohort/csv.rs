//! A cohort kept as one CSV table: a row per case, with id, label, model inputs and attributes.

use std::collections::BTreeMap;

use super::table::{Ids, Table, field};
use super::{Case, Cohort, Exclusion, ExclusionReason};
use crate::error::{Error, Result, quote};
use crate::plan::CohortSpec;

/// Values that mean "no label" rather than a third class.
pub(crate) const MISSING: [&str; 5] = ["", "NA", "N/A", "NaN", "nan"];

/// Most label values a message lists; a column with more is not a label column.
const LABELS_LISTED: usize = 10;

/// Reads the cohort table named by the plan (`spec.path` already resolved to `table.path`).
/// `need_features` is false when the vendor's scores replace the model.
pub fn read<C>(
    table: &Table,
    spec: &CohortSpec,
    need_features: bool,
    mut make: impl FnMut(Case) -> C,
) -> Result<Cohort<C>> {
    let common = super::table::CommonColumns::find(table, spec)?;
    let label_col = table.column(&spec.label, "cohort label column")?;
    let feature_cols = if need_features {
        spec.features
            .iter()
            .map(|f| table.column(f, "model feature"))
            .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    let negative = resolve_negative(table, spec, label_col)?;
    let mut ids = Ids::new(table, spec);
    let mut cases = Vec::with_capacity(table.rows.len());
    let mut excluded = Vec::new();
    let mut interner = crate::id::Interner::default();

    for (line, record) in &table.rows {
        let id = common.id(record);
        let exclude = |reason, detail: String| Exclusion::new(id, Some(line), None, reason, detail);
        if !ids.admit(line, id, &mut excluded) {
            continue;
        }
        let raw_label = field(record, label_col);
        let label = if raw_label == spec.positive {
            true
        } else if raw_label == negative {
            false
        } else if MISSING.contains(&raw_label) {
            excluded.push(exclude(
                ExclusionReason::MissingLabel,
                format!("line {line}: no label in column \"{}\"", spec.label),
            ));
            continue;
        } else {
            excluded.push(exclude(
                ExclusionReason::UnknownLabel,
                format!(
                    "line {line}: label {} is neither positive ({}) nor negative ({})",
                    quote(raw_label),
                    quote(&spec.positive),
                    quote(&negative)
                ),
            ));
            continue;
        };
        let mut features = Vec::with_capacity(feature_cols.len());
        let mut bad = None;
        for (&col, name) in feature_cols.iter().zip(&spec.features) {
            let text = field(record, col);
            match table.number(text) {
                Some(v) if v.is_finite() => features.push(v as f32),
                _ => {
                    bad = Some(format!(
                        "line {line}: feature {} is {}, not a finite number",
                        quote(name),
                        quote(text)
                    ));
                    break;
                }
            }
        }
        if let Some(detail) = bad {
            excluded.push(exclude(ExclusionReason::BadFeature, detail));
            continue;
        }
        cases.push(make(Case {
            id: id.into(),
            line,
            label,
            features,
            subgroups: common.subgroup_ids(record, &mut interner),
            date: common.date(record),
            patient: common.patient_id(record, &mut interner),
        }));
    }
    ids.finish()?;

    Ok(Cohort {
        path: table.path.clone(),
        rows: table.rows.len(),
        cases,
        excluded,
        subgroup_names: spec.subgroups.clone(),
        positive: spec.positive.clone(),
        negative,
    })
}

/// The negative label value: the plan's, or else the single other value in the data. Guessing
/// between several would decide the ground truth for the user, so that is an error instead.
pub(crate) fn resolve_negative(
    table: &Table,
    spec: &CohortSpec,
    label_col: usize,
) -> Result<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, record) in &table.rows {
        *counts.entry(field(record, label_col)).or_default() += 1;
    }
    // The values are listed only when there are few, as a label column has: many values
    // mean the plan names another column (an id, a date), whose values must not be echoed.
    let labels = || {
        if counts.len() > LABELS_LISTED {
            format!(
                "{} different values (a label column has a few; check that cohort.label names it)",
                counts.len()
            )
        } else {
            counts
                .iter()
                .map(|(v, n)| {
                    format!(
                        "{} ({n} {})",
                        quote(v),
                        if *n == 1 { "row" } else { "rows" }
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    if let Some(n) = &spec.negative {
        if n == &spec.positive {
            return Err(Error::Labels {
                path: table.path.clone(),
                message: format!("cohort.positive and cohort.negative are both \"{n}\""),
            });
        }
        // Neither value in the column: every row would be excluded as "neither class", so
        // the plan's values are wrong for this file; say what the file holds.
        // (An empty file, or labels all missing, are counted as such further on.)
        let labelled = counts.keys().any(|v| !MISSING.contains(v));
        if labelled
            && !counts.contains_key(spec.positive.as_str())
            && !counts.contains_key(n.as_str())
        {
            return Err(Error::Labels {
                path: table.path.clone(),
                message: format!(
                    "no row has the positive label \"{}\" or the negative label \"{n}\" in column \"{}\"; values found: {}. Set cohort.positive and cohort.negative to the values that mean disease present and absent.",
                    spec.positive,
                    spec.label,
                    labels()
                ),
            });
        }
        return Ok(n.clone());
    }
    if !counts.contains_key(spec.positive.as_str()) {
        return Err(Error::Labels {
            path: table.path.clone(),
            message: format!(
                "no row has the positive label \"{}\" in column \"{}\"; values found: {}. Set cohort.positive to the value that means disease present.",
                spec.positive,
                spec.label,
                labels()
            ),
        });
    }
    let others: Vec<&str> = counts
        .keys()
        .copied()
        .filter(|v| *v != spec.positive && !MISSING.contains(v))
        .collect();
    match others.as_slice() {
        [one] => Ok(one.to_string()),
        [] => Err(Error::Labels {
            path: table.path.clone(),
            message: format!(
                "every labelled row in column \"{}\" is positive (\"{}\"); a validation needs negative cases too",
                spec.label, spec.positive
            ),
        }),
        _ => Err(Error::Labels {
            path: table.path.clone(),
            message: format!(
                "column \"{}\" has several values besides the positive \"{}\": {}. Set cohort.negative to the value that means no disease; rows with any other value are then excluded and counted.",
                spec.label,
                spec.positive,
                labels()
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> (tempfile::TempDir, Table) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.csv");
        std::fs::write(&p, text).unwrap();
        let t = Table::read(&p, "cohort").unwrap();
        (dir, t)
    }

    fn spec() -> CohortSpec {
        toml::from_str("kind = \"csv\"\npath = \"c.csv\"\nid = \"id\"\nlabel = \"label\"\npositive = \"1\"\nnegative = \"0\"\nfeatures = [\"f\"]\n")
            .unwrap()
    }

    #[test]
    fn exclusions_quote_a_cell_short() {
        let huge = "y".repeat(100_000);
        let (_dir, t) = table(&format!("id,label,f\na,{huge},1\nb,1,{huge}\nc,0,2\n"));
        let cohort = read(&t, &spec(), true, |c| c).unwrap();
        assert_eq!(cohort.excluded.len(), 2);
        for e in &cohort.excluded {
            assert!(
                e.detail.contains(&format!("\"{}…\"", "y".repeat(80))),
                "{}",
                e.detail
            );
            assert!(e.detail.len() < 400, "{}", e.detail.len());
        }
    }

    #[test]
    fn label_values_are_listed_only_when_few() {
        let mut s = spec();
        s.negative = None;
        let (_dir, t) = table("id,label,f\na,1,1\nb,0,1\nc,2,1\n");
        let e = read(&t, &s, true, |c| c).unwrap_err().to_string();
        assert!(
            e.contains("\"0\" (1 row), \"1\" (1 row), \"2\" (1 row)"),
            "{e}"
        );
        let rows: String = (0..20).map(|i| format!("r{i},ACC{i:08},1\n")).collect();
        let (_dir, t) = table(&format!("id,label,f\nz,1,1\n{rows}"));
        let e = read(&t, &s, true, |c| c).unwrap_err().to_string();
        assert!(e.contains("21 different values"), "{e}");
        assert!(!e.contains("ACC"), "{e}");
    }

    /// Labels that are neither of the plan's values: the error shows the values found and the
    /// expected ones, instead of excluding every row as "neither class".
    #[test]
    fn labels_of_neither_class_show_the_values_found() {
        let (_dir, t) = table(
            "id,label,f
a,M,1
b,B,1
c,B,2
",
        );
        let e = read(&t, &spec(), true, |c| c).unwrap_err().to_string();
        assert!(
            e.contains("no row has the positive label \"1\" or the negative label \"0\""),
            "{e}"
        );
        assert!(
            e.contains("values found: \"B\" (2 rows), \"M\" (1 row)"),
            "{e}"
        );
    }
}
