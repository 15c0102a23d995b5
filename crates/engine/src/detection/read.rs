//! The first step of a detection run: the units from the `[cohort]` CSV, the model's marks
//! (`[marks]`) and the truth lesions (`[lesions]`) read with the cohort's CSV reader and
//! checked. A bad number is an error naming the file, line and column; a mark for a unit not in
//! the cohort is counted (`unknown_unit`); a lesion for a unit not in the cohort is an error,
//! since the truth must describe the cohort it judges.

use std::collections::HashMap;

use crate::cohort::Exclusion;
use crate::cohort::table::{CommonColumns, Ids, Table, field};
use crate::error::{Error, Result, quote};
use crate::metrics::detection::{Box3, Lesion, Mark, Point};
use crate::plan::{Coordinates, Plan};

/// What a detection run reads besides the units, kept in memory with `Prepared`.
#[derive(Debug, Clone, Default)]
pub struct DetectionInput {
    /// Every mark of a unit in the cohort (`Mark::unit` indexes `Prepared::units`).
    pub marks: Vec<Mark>,
    pub lesions: Vec<LesionInfo>,
    /// Marks whose unit is not in the cohort (empty ids included): counted, never matched.
    pub unknown_unit: usize,
    /// The model's own unit score (`[detection] unit_score`), per unit; None: the highest
    /// mark score is the unit score.
    pub unit_scores: Option<Vec<f64>>,
    pub marks_sha256: String,
    pub lesions_sha256: String,
    /// DICOM cohorts: the counts of what was read and left out (`detection.sources`).
    pub sources: Option<super::figures::DetectionSources>,
}

/// A mark the model found on one image of a unit (`[marks] kind = "model"`), in patient mm, as
/// the journal keeps it (so sharded scoring merges like any other run's).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UnitMark {
    /// Index into the unit's images.
    pub image: usize,
    pub centre: [f64; 3],
    pub score: f64,
    /// x0, y0, z0, x1, y1, z1 in patient mm (boxes only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f64; 6]>,
}

/// A lesion with what the lesion table shows of it.
#[derive(Debug, Clone)]
pub struct LesionInfo {
    pub lesion: Lesion,
    pub size_mm: Option<f64>,
    pub kind: Option<String>,
}

impl DetectionInput {
    /// The stats crate's lesions, in `lesions` order.
    pub fn lesions(&self) -> Vec<Lesion> {
        self.lesions.iter().map(|l| l.lesion.clone()).collect()
    }

    /// Each unit's score: the model's own, or the highest mark score (0 for a unit without
    /// marks, so that it ranks below every marked unit).
    pub fn unit_score(&self, units: usize) -> Vec<f64> {
        if let Some(s) = &self.unit_scores {
            return s.clone();
        }
        let mut best = vec![f64::NEG_INFINITY; units];
        for m in &self.marks {
            best[m.unit] = best[m.unit].max(m.score);
        }
        best.into_iter()
            .map(|s| if s.is_finite() { s } else { 0.0 })
            .collect()
    }
}

/// The units of the cohort CSV (id, patient, subgroups, date) as the run's units, with the
/// exclusions of rows without an id; the unit score column when the plan names one.
pub(crate) struct Units {
    pub rows: usize,
    pub units: Vec<UnitRow>,
    pub excluded: Vec<Exclusion>,
    pub sha256: String,
    pub unit_scores: Option<Vec<f64>>,
}

pub(crate) struct UnitRow {
    pub id: String,
    pub line: u64,
    pub patient: Option<String>,
    pub subgroups: Vec<String>,
    pub date: Option<jiff::civil::Date>,
}

/// Reads the units from the cohort CSV. A repeated id is an error (as in a binary cohort).
pub(crate) fn units(plan: &Plan) -> Result<Units> {
    let spec = &plan.cohort;
    let table = Table::read(&plan.resolve(&spec.path), "cohort")?;
    let common = CommonColumns::find(&table, spec)?;
    let unit_score = plan.detection_spec().unit_score;
    let score_col = unit_score
        .as_deref()
        .map(|s| table.column(s, "[detection] unit_score column"))
        .transpose()?;
    let mut ids = Ids::new(&table, spec);
    let mut units = Vec::with_capacity(table.rows.len());
    let mut scores = Vec::new();
    let mut excluded = Vec::new();
    for (line, record) in &table.rows {
        let id = common.id(record);
        if !ids.admit(line, id, &mut excluded) {
            continue;
        }
        if let (Some(col), Some(name)) = (score_col, unit_score.as_deref()) {
            scores.push(number(&table, line, record, col, name)?);
        }
        units.push(UnitRow {
            id: id.to_string(),
            line,
            patient: common.patient(record),
            subgroups: common.subgroups(record),
            date: common.date(record),
        });
    }
    ids.finish()?;
    Ok(Units {
        rows: table.rows.len(),
        units,
        excluded,
        sha256: table.sha256.clone(),
        unit_scores: score_col.map(|_| scores),
    })
}

/// A finite number in `col`, or an error naming the file, line and column.
fn number(
    table: &Table,
    line: u64,
    record: crate::cohort::table::Record<'_>,
    col: usize,
    name: &str,
) -> Result<f64> {
    let text = field(record, col);
    match table.number(text) {
        Some(v) if v.is_finite() => Ok(v),
        _ => Err(Error::Csv {
            path: table.path.clone(),
            message: format!(
                "line {line}, column \"{name}\": {} is not a finite number; correct the value or remove the row",
                quote(text)
            ),
        }),
    }
}

/// The columns of a point (and optional box) as the plan names them.
struct Geometry<'a> {
    x: usize,
    y: usize,
    z: Option<usize>,
    bbox: Vec<usize>,
    names: Vec<&'a str>,
}

fn geometry<'a>(
    table: &Table,
    what: &str,
    x: &'a str,
    y: &'a str,
    z: Option<&'a str>,
    bbox: &'a [String],
) -> Result<Geometry<'a>> {
    Ok(Geometry {
        x: table.column(x, &format!("{what} x column"))?,
        y: table.column(y, &format!("{what} y column"))?,
        z: z.map(|z| table.column(z, &format!("{what} z column")))
            .transpose()?,
        bbox: bbox
            .iter()
            .map(|b| table.column(b, &format!("{what} box column")))
            .collect::<Result<Vec<_>>>()?,
        names: std::iter::once(x)
            .chain(std::iter::once(y))
            .chain(z)
            .chain(bbox.iter().map(String::as_str))
            .collect(),
    })
}

impl Geometry<'_> {
    /// The centre and box of one row, scaled to mm by `scale`.
    fn read(
        &self,
        table: &Table,
        line: u64,
        record: crate::cohort::table::Record<'_>,
        scale: f64,
    ) -> Result<(Point, Option<Box3>)> {
        let x = number(table, line, record, self.x, self.names[0])? * scale;
        let y = number(table, line, record, self.y, self.names[1])? * scale;
        let z = match (self.z, self.names.get(2)) {
            (Some(c), Some(name)) => number(table, line, record, c, name)? * scale,
            _ => 0.0,
        };
        let first_box = 2 + usize::from(self.z.is_some());
        let mut corners = Vec::with_capacity(self.bbox.len());
        for (&c, name) in self.bbox.iter().zip(&self.names[first_box..]) {
            corners.push(number(table, line, record, c, name)? * scale);
        }
        let bbox = match corners.as_slice() {
            [] => None,
            [x0, y0, x1, y1] => Some([[*x0, *y0, 0.0], [*x1, *y1, 0.0]]),
            [x0, y0, z0, x1, y1, z1] => Some([[*x0, *y0, *z0], [*x1, *y1, *z1]]),
            _ => unreachable!("Plan::validate checks the box has 4 or 6 columns"),
        };
        if let Some([lo, hi]) = bbox
            && (0..3).any(|k| lo[k] > hi[k])
        {
            return Err(Error::Csv {
                path: table.path.clone(),
                message: format!(
                    "line {line}: the box's first corner lies beyond its second (columns {}); give the smaller coordinates first",
                    self.names[first_box..].join(", ")
                ),
            });
        }
        Ok(([x, y, z], bbox))
    }
}

/// mm per coordinate unit: 1 for mm, `[detection] pixel_mm` (or 1) for pixels.
fn scale(plan: &Plan, coordinates: Coordinates) -> f64 {
    match coordinates {
        Coordinates::Mm => 1.0,
        Coordinates::Pixels => plan.detection_spec().pixel_mm.unwrap_or(1.0),
    }
}

/// Reads `[marks]` and `[lesions]` against the cohort's unit ids (`index`: id → unit).
pub(crate) fn marks_and_lesions(
    plan: &Plan,
    index: &HashMap<&str, usize>,
    unit_scores: Option<Vec<f64>>,
) -> Result<DetectionInput> {
    let (Some(ms), Some(ls)) = (&plan.marks, &plan.lesions) else {
        return Err(Error::Csv {
            path: plan.resolve(&plan.cohort.path),
            message: "a detection plan needs [marks] and [lesions]".into(),
        });
    };
    let marks_table = Table::read(&plan.resolve(&ms.path), "marks")?;
    let unit_col = marks_table.column(&ms.unit, "[marks] unit column")?;
    let score_col = marks_table.column(&ms.score, "[marks] score column")?;
    let g = geometry(
        &marks_table,
        "[marks]",
        &ms.x,
        &ms.y,
        ms.z.as_deref(),
        &ms.bbox,
    )?;
    let s = scale(plan, ms.coordinates);
    let mut marks = Vec::with_capacity(marks_table.rows.len());
    let mut unknown_unit = 0;
    for (line, record) in &marks_table.rows {
        let (centre, bbox) = g.read(&marks_table, line, record, s)?;
        let score = number(&marks_table, line, record, score_col, &ms.score)?;
        match index.get(field(record, unit_col)) {
            Some(&unit) => marks.push(Mark {
                unit,
                centre,
                score,
                bbox,
            }),
            None => unknown_unit += 1,
        }
    }

    let lesions_table = Table::read(&plan.resolve(&ls.path), "lesions")?;
    let unit_col = lesions_table.column(&ls.unit, "[lesions] unit column")?;
    let radius_col = ls
        .radius
        .as_deref()
        .map(|r| lesions_table.column(r, "[lesions] radius column"))
        .transpose()?;
    let size_col = ls
        .size
        .as_deref()
        .map(|r| lesions_table.column(r, "[lesions] size column"))
        .transpose()?;
    let kind_col = ls
        .kind_column
        .as_deref()
        .map(|r| lesions_table.column(r, "[lesions] type column"))
        .transpose()?;
    let g = geometry(
        &lesions_table,
        "[lesions]",
        &ls.x,
        &ls.y,
        ls.z.as_deref(),
        &ls.bbox,
    )?;
    let s = scale(plan, ls.coordinates);
    let mut lesions = Vec::with_capacity(lesions_table.rows.len());
    for (line, record) in &lesions_table.rows {
        let id = field(record, unit_col);
        let Some(&unit) = index.get(id) else {
            return Err(Error::Csv {
                path: lesions_table.path.clone(),
                message: format!(
                    "line {line}: the lesion's unit {} (column \"{}\") is not in the cohort {}; every lesion must belong to a unit of the cohort: add the unit or remove the row",
                    quote(id),
                    ls.unit,
                    plan.resolve(&plan.cohort.path).display()
                ),
            });
        };
        let (centre, bbox) = g.read(&lesions_table, line, record, s)?;
        let radius = match (radius_col, ls.radius.as_deref()) {
            (Some(c), Some(name)) => {
                let r = number(&lesions_table, line, record, c, name)? * s;
                if r < 0.0 {
                    return Err(Error::Csv {
                        path: lesions_table.path.clone(),
                        message: format!(
                            "line {line}, column \"{name}\": a radius cannot be negative"
                        ),
                    });
                }
                Some(r)
            }
            _ => None,
        };
        let size_mm = match (size_col, ls.size.as_deref()) {
            (Some(c), Some(name)) if !field(record, c).is_empty() => {
                Some(number(&lesions_table, line, record, c, name)? * s)
            }
            _ => None,
        };
        let kind = kind_col
            .map(|c| field(record, c).to_string())
            .filter(|k| !k.is_empty());
        lesions.push(LesionInfo {
            lesion: Lesion {
                unit,
                centre,
                radius,
                bbox,
            },
            size_mm,
            kind,
        });
    }
    Ok(DetectionInput {
        marks,
        lesions,
        unknown_unit,
        unit_scores,
        marks_sha256: marks_table.sha256.clone(),
        lesions_sha256: lesions_table.sha256.clone(),
        sources: None,
    })
}
