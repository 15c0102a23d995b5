//! The segmentation figures of a run (the `evaluate` step for `[study] task = "segmentation"`):
//! per structure every case, the summaries of each figure with patient-bootstrap intervals, the
//! shares within the plan's tolerances, the detection table, subgroups, the worst cases and
//! their tiles; and the acceptance criteria judged on them as the binary ones are.
//!
//! Units: volumes are in mL for a series (mm³ / 1000) and areas in cm² for an image unit
//! (mm² / 100); distances in mm. With `both_empty = "left_out"` a both-empty case's figures are
//! null (counted in `both_empty`, never in a mean); a missed structure or a false alarm keeps
//! its worst-case figures in every mean (`metrics::segmentation`).

use std::collections::BTreeMap;

use super::figures::{
    BothEmpty as FigBothEmpty, Conventions, SegmentationCase, SegmentationFigures,
    SegmentationSubgroup, StructureFigures, StructureSummary, Tile,
};
use super::outcome::SegmentationOutcome;
use crate::acceptance::{Acceptance, CriterionResult, Verdict};
use crate::i18n::Lang;
use crate::metrics::Clusters;
use crate::metrics::segmentation::Presence;
use crate::metrics::segmentation::summary::{self, Direction, FigureSummary, ShareWithin};
use crate::metrics::{Cancelled, Watch};
use crate::plan::segmentation::higher_is_better;
use crate::plan::{BothEmpty, IntervalKind, Metric, Plan, Unit as UnitKind};
use crate::run::Unit;
use crate::{text, words};

/// One scored case: its unit and its figures.
pub(crate) type Case<'a> = (&'a Unit, &'a SegmentationOutcome);

/// The `segmentation` object of report.json from every scored case, in cohort order. `watch`
/// (the run's Cancel) is asked between bootstrap replicates.
pub(crate) fn figures(
    plan: &Plan,
    cases: &[Case<'_>],
    watch: &dyn Watch,
) -> Result<SegmentationFigures, Cancelled> {
    let spec = plan.segmentation_spec();
    let series = matches!(plan.cohort.unit, Some(UnitKind::Series));
    let scale = if series { 1e-3 } else { 1e-2 };
    let left_out = spec.both_empty == BothEmpty::LeftOut;
    let mut structures = BTreeMap::new();
    let mut all_tiles: Vec<Tile> = Vec::new();
    for (k, s) in plan.structure.iter().enumerate() {
        let mut rows: Vec<SegmentationCase> = Vec::with_capacity(cases.len());
        let mut patients: Vec<String> = Vec::with_capacity(cases.len());
        let mut matched: Vec<String> = Vec::new();
        for (unit, outcome) in cases {
            let Some(o) = outcome.structures.get(k) else {
                continue;
            };
            if let Some(m) = &o.matched
                && !matched.contains(m)
            {
                matched.push(m.clone());
            }
            let m = &o.metrics;
            let both_empty = m.presence == Presence::BothEmpty;
            let figure = |v: f64| if both_empty && left_out { f64::NAN } else { v };
            rows.push(SegmentationCase {
                case: unit.id.to_string(),
                presence: m.presence,
                dice: figure(m.dice),
                iou: figure(m.iou),
                hd: figure(m.hausdorff_mm),
                hd95: figure(m.hd95_mm),
                assd: figure(m.assd_mm),
                nsd: figure(m.nsd),
                volume_truth: m.volume_truth * scale,
                volume_pred: m.volume_prediction * scale,
                volume_difference: figure(m.volume_difference * scale),
                truth_empty: matches!(m.presence, Presence::BothEmpty | Presence::FalseAlarm),
                pred_empty: matches!(m.presence, Presence::BothEmpty | Presence::Missed),
                subgroups: unit.subgroups.iter().map(|s| s.to_string()).collect(),
            });
            patients.push(patient_key(plan, unit));
        }
        matched.sort();
        let clusters = Clusters::from_keys(&patients);
        let summary = summarise(plan, &s.name, &rows, &clusters, watch)?;
        let subgroups = subgroups(plan, &rows, &patients, watch)?;
        let mut order: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].presence != Presence::BothEmpty)
            .collect();
        order.sort_by(|&i, &j| {
            super::tile::worse((rows[i].dice, rows[i].hd95), (rows[j].dice, rows[j].hd95))
                .then(i.cmp(&j))
        });
        let worst: Vec<String> = order
            .iter()
            .take(super::tile::KEEP)
            .map(|&i| rows[i].case.clone())
            .collect();
        for id in &worst {
            if let Some(t) = cases
                .iter()
                .flat_map(|(_, o)| o.tiles.iter())
                .find(|t| t.structure == s.name && &t.case == id)
            {
                all_tiles.push(t.clone());
            }
        }
        structures.insert(
            s.name.clone(),
            StructureFigures {
                matched_names: matched,
                cases: rows,
                summary,
                subgroups,
                worst,
            },
        );
    }
    Ok(SegmentationFigures {
        unit: if series { "series" } else { "image" }.to_string(),
        conventions: conventions(plan, Lang::En),
        structures,
        tiles: all_tiles,
    })
}

/// The patient a case counts under: the plan's patient key, else the case itself.
fn patient_key(plan: &Plan, unit: &Unit) -> String {
    match (&plan.cohort.patient, &unit.patient) {
        (Some(_), Some(p)) => p.to_string(),
        _ => unit.id.to_string(),
    }
}

fn values(rows: &[SegmentationCase], figure: &str) -> Vec<f64> {
    rows.iter()
        .map(|r| r.figure(figure).unwrap_or(f64::NAN))
        .collect()
}

fn summarise(
    plan: &Plan,
    structure: &str,
    rows: &[SegmentationCase],
    clusters: &Clusters,
    watch: &dyn Watch,
) -> Result<StructureSummary, Cancelled> {
    let a = &plan.analysis;
    let fig = |name: &str| {
        summary::summarize_watched(
            &values(rows, name),
            clusters,
            a.bootstrap,
            a.seed,
            a.confidence,
            watch,
        )
    };
    let count = |p: Presence| rows.iter().filter(|r| r.presence == p).count();
    // Tolerances of the plan, then those of share_within criteria on this structure.
    let mut tolerances: Vec<(String, f64)> =
        plan.segmentation_spec().tolerances.into_iter().collect();
    for c in &plan.acceptance {
        if c.metric == Metric::ShareWithin
            && plan.criterion_structure(c) == Some(structure)
            && let (Some(f), Some(t)) = (&c.figure, c.tolerance)
            && !tolerances.iter().any(|(g, u)| g == f && *u == t)
        {
            tolerances.push((f.clone(), t));
        }
    }
    let share_within: Vec<ShareWithin> = tolerances
        .iter()
        .map(|(figure, tolerance)| {
            let direction = if higher_is_better(figure) {
                Direction::AtLeast
            } else {
                Direction::AtMost
            };
            summary::share_within(
                figure,
                &values(rows, figure),
                *tolerance,
                direction,
                clusters,
                a.confidence,
            )
        })
        .collect();
    let present: Vec<(bool, bool)> = rows
        .iter()
        .map(|r| (!r.truth_empty, !r.pred_empty))
        .collect();
    Ok(StructureSummary {
        cases: rows.len(),
        patients: clusters.count,
        both_empty: count(Presence::BothEmpty),
        missed: count(Presence::Missed),
        false_alarm: count(Presence::FalseAlarm),
        dice: fig("dice")?,
        iou: fig("iou")?,
        hd: fig("hd")?,
        hd95: fig("hd95")?,
        assd: fig("assd")?,
        nsd: fig("nsd")?,
        volume_difference: fig("volume_difference")?,
        share_within,
        detection: summary::detection(&present, clusters, a.confidence),
    })
}

/// Dice and HD95 per subgroup of each `[cohort] subgroups` attribute; groups below
/// `[analysis] min_group_n` cases are shown, not judged (`sufficient = false`).
fn subgroups(
    plan: &Plan,
    rows: &[SegmentationCase],
    patients: &[String],
    watch: &dyn Watch,
) -> Result<Vec<SegmentationSubgroup>, Cancelled> {
    let a = &plan.analysis;
    let mut out = Vec::new();
    for (j, attribute) in plan.cohort.subgroups.iter().enumerate() {
        let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            groups
                .entry(r.subgroups.get(j).map_or("", String::as_str))
                .or_default()
                .push(i);
        }
        for (group, members) in groups {
            let keys: Vec<&str> = members.iter().map(|&i| patients[i].as_str()).collect();
            let clusters = Clusters::from_keys(&keys);
            let pick = |name: &str| -> Result<FigureSummary, Cancelled> {
                let v: Vec<f64> = members
                    .iter()
                    .map(|&i| rows[i].figure(name).unwrap_or(f64::NAN))
                    .collect();
                summary::summarize_watched(&v, &clusters, a.bootstrap, a.seed, a.confidence, watch)
            };
            out.push(SegmentationSubgroup {
                attribute: attribute.clone(),
                group: group.to_string(),
                cases: members.len(),
                patients: clusters.count,
                sufficient: members.len() as u64 >= a.min_group_n,
                dice: pick("dice")?,
                hd95: pick("hd95")?,
            });
        }
    }
    Ok(out)
}

/// The conventions every figure follows, in `lang`.
pub(crate) fn conventions(plan: &Plan, lang: Lang) -> Conventions {
    let spec = plan.segmentation_spec();
    let binarise = match (plan.model.is_some(), spec.binarise) {
        (true, crate::plan::Binarise::Argmax) => text!(lang, "seg-convention-argmax").to_string(),
        _ => words!(lang, "seg-convention-threshold", threshold = spec.threshold),
    };
    Conventions {
        binarise,
        nsd_tolerance_mm: spec.nsd_tolerance_mm,
        both_empty: match spec.both_empty {
            BothEmpty::Reported => FigBothEmpty::Reported,
            BothEmpty::LeftOut => FigBothEmpty::LeftOut,
        },
        worst_distance: text!(lang, "seg-convention-worst-distance").to_string(),
        rasterisation: text!(lang, "seg-convention-rasterisation").to_string(),
        surface: text!(lang, "seg-convention-surface").to_string(),
        intervals: words!(
            lang,
            "seg-convention-intervals",
            replicates = plan.analysis.bootstrap,
            seed = plan.analysis.seed
        ),
    }
}

/// The plan's criteria judged on the figures, as `acceptance::judge` judges binary ones.
pub(crate) fn judge(plan: &Plan, figures: &SegmentationFigures) -> Acceptance {
    let criteria: Vec<CriterionResult> = plan
        .acceptance
        .iter()
        .map(|c| {
            let interval = plan.interval_for(c);
            let structure = plan.criterion_structure(c).unwrap_or_default().to_string();
            let (estimate, ci) = match figures.structures.get(&structure) {
                None => (f64::NAN, [f64::NAN; 2]),
                Some(s) if c.metric == Metric::ShareWithin => s
                    .summary
                    .share_within
                    .iter()
                    .find(|w| {
                        Some(&w.figure) == c.figure.as_ref() && Some(w.tolerance) == c.tolerance
                    })
                    .map(|w| {
                        let p = &w.proportion;
                        let ci = if interval == IntervalKind::ClopperPearson {
                            p.clopper_pearson
                        } else {
                            p.wilson
                        };
                        (p.estimate, ci)
                    })
                    .unwrap_or((f64::NAN, [f64::NAN; 2])),
                Some(s) => match s.summary.figure(c.metric.name()) {
                    Some(f) => match c.statistic.unwrap_or_default() {
                        crate::plan::Statistic::Mean => (f.mean, f.mean_ci),
                        crate::plan::Statistic::Median => (f.median, f.median_ci),
                    },
                    None => (f64::NAN, [f64::NAN; 2]),
                },
            };
            let mut r = crate::acceptance::judge_figure(c, interval, estimate, ci);
            r.explanation = format!("{structure}: {}", r.explanation);
            r.structure = Some(structure);
            r.statistic =
                (c.metric != Metric::ShareWithin).then(|| c.statistic.unwrap_or_default());
            r.figure = c.figure.clone();
            r.tolerance = c.tolerance;
            r
        })
        .collect();
    let verdict = criteria
        .iter()
        .map(|c| c.verdict)
        .max()
        .unwrap_or(Verdict::Inconclusive);
    Acceptance {
        verdict,
        criteria,
        model_exclusions: None,
    }
}
