//! A multi-finding cohort (a CSV table, a row per unit) with each unit's truth: K present/absent
//! labels (multi-label, one column per finding) or one class (multi-class, `[cohort] label`).
//! Read once by `prepare` (units and exclusions) and again by `evaluate` (the truth, with the
//! file's SHA-256 checked against the prepared one), so that a unit carries no new field.

use crate::cohort::csv::MISSING;
use crate::cohort::table::{CommonColumns, Ids, Table, field};
use crate::cohort::{Exclusion, ExclusionReason};
use crate::error::{Error, Result, quote};
use crate::plan::{Plan, Task};

/// A unit's truth.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Truth {
    /// Multi-label: present or absent, per finding in plan order.
    Labels(Vec<bool>),
    /// Multi-class: the index of the true class in plan order.
    Class(usize),
}

impl Truth {
    /// Whether finding `j` is present (multi-class: the unit is of class j).
    pub(crate) fn has(&self, j: usize) -> bool {
        match self {
            Truth::Labels(l) => l[j],
            Truth::Class(c) => *c == j,
        }
    }
}

/// One row of the cohort that became a unit.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) id: String,
    pub(crate) line: u64,
    pub(crate) truth: Truth,
    pub(crate) subgroups: Vec<String>,
    pub(crate) date: Option<jiff::civil::Date>,
    pub(crate) patient: Option<String>,
    /// Model inputs in `[cohort] features` order (empty without a model).
    pub(crate) features: Vec<f32>,
}

pub(crate) struct Cohort {
    pub(crate) rows: usize,
    pub(crate) units: Vec<Row>,
    pub(crate) excluded: Vec<Exclusion>,
    /// Every id of the table (units and exclusions), for vendor rows that match none.
    pub(crate) ids: crate::run::prepare::IdSet,
    pub(crate) table: Table,
}

/// Reads the plan's cohort table. Rows without an id, without a truth or with a truth that is
/// none of the plan's values are excluded with the reason; a repeated id is an error.
pub(crate) fn read(plan: &Plan, need_features: bool) -> Result<Cohort> {
    let table = Table::read(&plan.resolve(&plan.cohort.path), "cohort")?;
    let spec = &plan.cohort;
    let common = CommonColumns::find(&table, spec)?;
    let multiclass = plan.study.task == Task::Multiclass;
    // Multi-label: (column, positive, negative) per finding; multi-class: the class column.
    let mut label_cols = Vec::new();
    if multiclass {
        label_cols.push((
            table.column(&spec.label, "cohort label column")?,
            String::new(),
            None,
        ));
    } else {
        for f in &plan.finding {
            let name = f.label.as_deref().unwrap_or_default();
            let col = table.column(name, "finding label column")?;
            let positive = plan.finding_positive(f);
            let negative = match &spec.negative {
                Some(n) => Some(n.clone()),
                None => {
                    let mut others: Vec<&str> = table
                        .rows
                        .iter()
                        .map(|(_, r)| field(r, col))
                        .filter(|v| *v != positive && !MISSING.contains(v))
                        .collect();
                    others.sort_unstable();
                    others.dedup();
                    if others.len() > 1 {
                        return Err(Error::Csv {
                            path: table.path.clone(),
                            message: format!(
                                "the label column {} of finding {} has values other than the positive {}: {}; give [cohort] negative, or the finding's positive",
                                quote(name),
                                quote(&f.name),
                                quote(&positive),
                                others
                                    .iter()
                                    .take(10)
                                    .map(|v| quote(v))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        });
                    }
                    others.first().map(|v| v.to_string())
                }
            };
            label_cols.push((col, positive, negative));
        }
    }
    let values: Vec<&str> = plan.finding.iter().map(|f| plan.finding_value(f)).collect();
    let feature_cols = if need_features {
        spec.features
            .iter()
            .map(|f| table.column(f, "model feature"))
            .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };

    let mut ids_seen = Ids::new(&table, spec);
    let mut units = Vec::with_capacity(table.rows.len());
    let mut excluded = Vec::new();
    let mut ids = crate::run::prepare::IdSet::default();
    'rows: for (line, record) in &table.rows {
        let id = common.id(record);
        let exclude = |reason, detail: String| Exclusion::new(id, Some(line), None, reason, detail);
        if !ids_seen.admit(line, id, &mut excluded) {
            continue;
        }
        ids.insert(id.to_string());
        let truth = if multiclass {
            let raw = field(record, label_cols[0].0);
            match values.iter().position(|v| *v == raw) {
                Some(c) => Truth::Class(c),
                None if MISSING.contains(&raw) => {
                    excluded.push(exclude(
                        ExclusionReason::MissingLabel,
                        format!("line {line}: no class in column \"{}\"", spec.label),
                    ));
                    continue;
                }
                None => {
                    excluded.push(exclude(
                        ExclusionReason::UnknownLabel,
                        format!(
                            "line {line}: class {} in column \"{}\" is none of the [[finding]] values ({})",
                            quote(raw),
                            spec.label,
                            values.iter().map(|v| quote(v)).collect::<Vec<_>>().join(", ")
                        ),
                    ));
                    continue;
                }
            }
        } else {
            let mut labels = Vec::with_capacity(label_cols.len());
            for ((col, positive, negative), f) in label_cols.iter().zip(&plan.finding) {
                let raw = field(record, *col);
                let column = f.label.as_deref().unwrap_or_default();
                if raw == positive {
                    labels.push(true);
                } else if negative.as_deref() == Some(raw) {
                    labels.push(false);
                } else if MISSING.contains(&raw) {
                    excluded.push(exclude(
                        ExclusionReason::MissingLabel,
                        format!(
                            "line {line}: no label in column \"{column}\" (finding \"{}\")",
                            f.name
                        ),
                    ));
                    continue 'rows;
                } else {
                    excluded.push(exclude(
                        ExclusionReason::UnknownLabel,
                        format!(
                            "line {line}: label {} in column \"{column}\" is neither positive ({}) nor negative ({})",
                            quote(raw),
                            quote(positive),
                            quote(negative.as_deref().unwrap_or("-"))
                        ),
                    ));
                    continue 'rows;
                }
            }
            Truth::Labels(labels)
        };
        let mut features = Vec::with_capacity(feature_cols.len());
        for (&col, name) in feature_cols.iter().zip(&spec.features) {
            let text = field(record, col);
            match table.number(text) {
                Some(v) if v.is_finite() && (v as f32).is_finite() => features.push(v as f32),
                _ => {
                    excluded.push(exclude(
                        ExclusionReason::BadFeature,
                        format!(
                            "line {line}: feature {} is {}, not a finite number",
                            quote(name),
                            quote(text)
                        ),
                    ));
                    continue 'rows;
                }
            }
        }
        units.push(Row {
            id: id.to_string(),
            line,
            truth,
            subgroups: common.subgroups(record),
            date: common.date(record),
            patient: common.patient(record),
            features,
        });
    }
    ids_seen.finish()?;
    let rows = table.rows.len();
    Ok(Cohort {
        rows,
        units,
        excluded,
        ids,
        table,
    })
}
