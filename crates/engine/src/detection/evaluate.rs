//! The third step of a detection run: the unit level as a binary classifier's figures
//! (`run::evaluate::binary_evaluation`), the lesion-level figures (marks matched to lesions,
//! FROC, sensitivity at each FP rate, CPM, lesions by size and type, marks counted, "right unit,
//! wrong place"), and the acceptance of both kinds of criteria.

use std::collections::{BTreeMap, HashMap};

use super::figures::{
    DetectionEvaluation, DetectionFigures, LesionFigures, LesionRow, MarkCounts, Stratum,
    WrongPlace,
};
use super::read::DetectionInput;
use crate::acceptance::{self, Acceptance, Verdict};

use crate::error::{Error, Result};
use crate::evaluation::{self, BinaryEvaluation, CaseResult, Evaluation};
use crate::i18n::Lang;
use crate::metrics::Clusters;
use crate::metrics::clustered::ratio_proportion;
use crate::metrics::confusion::Proportion;
use crate::metrics::detection::{self, Froc, Matching};
use crate::metrics::{Cancelled, Watch};
use crate::plan::{IntervalKind, Metric, Plan};
use crate::run::control::{Progress, Replicates, cancelled};
use crate::run::{Control, Outcomes, Prepared, Source};
use crate::{text, words};

/// Most lesions the lesion table lists (the missed first, then the lowest-scored hits).
const WORST: usize = 20;

/// The evaluation of a prepared detection run from its units' outcomes (the unit scores).
pub(crate) fn evaluate(
    prepared: &Prepared,
    outcomes: &Outcomes,
    ctl: &Control,
) -> Result<Evaluation> {
    // Marks the detector found come with the outcomes (`found`).
    let found = super::found::with_found_marks(prepared, outcomes)?;
    let prepared = found.as_ref().unwrap_or(prepared);
    let plan = &prepared.plan;
    let input = prepared
        .detection
        .as_deref()
        .ok_or_else(|| Error::Outcomes("a detection run prepared without its marks".into()))?;
    let by_unit: HashMap<&str, f64> = outcomes
        .scored
        .iter()
        .filter(|s| s.source == Source::Main)
        .filter_map(|s| match s.outcomes.first() {
            Some(Ok(score)) => Some((s.unit.as_str(), *score)),
            _ => None,
        })
        .collect();
    let mut cases = Vec::with_capacity(prepared.units.len());
    for unit in &prepared.units {
        let score = *by_unit
            .get(unit.id.as_str())
            .ok_or_else(|| Error::Outcomes(format!("unit {} has no unit score", unit.id)))?;
        cases.push(CaseResult {
            id: unit.id.clone(),
            label: unit.label,
            score,
            subgroups: unit.subgroups.clone(),
            images: crate::results::CaseImages::boxed(Box::default(), unit.equipment().into()),
            date: unit.date,
            patient: unit.patient.clone(),
        });
    }
    let with_lesions = cases.iter().filter(|c| c.label).count();
    if with_lesions == 0 || with_lesions == cases.len() {
        let lesions = plan
            .lesions
            .as_ref()
            .map(|l| plan.resolve(&l.path))
            .unwrap_or_default();
        return Err(Error::Csv {
            path: lesions,
            message: format!(
                "{} of the cohort's {} units have a lesion: the unit-level figures need units with and without lesions; check that [lesions] unit names the cohort's ids",
                with_lesions,
                cases.len()
            ),
        });
    }
    if let Some(key) = &plan.cohort.patient
        && cases
            .iter()
            .all(|r| r.patient.as_deref().unwrap_or_default().is_empty())
    {
        return Err(Error::Csv {
            path: plan.resolve(&plan.cohort.path),
            message: format!(
                "the patient key \"{key}\" is empty for every unit, so the units cannot be grouped by patient; fill it in, or remove patient from [cohort] to report unit-level intervals"
            ),
        });
    }
    ctl.check()?;
    // One step for the figures, one per replicate of the unit-level and the FROC bootstraps.
    ctl.report(Progress::Stage {
        name: "Computing statistics",
        total: 2 * plan.analysis.bootstrap as u64 + 1,
    });
    let replicates = Replicates::new(ctl);
    let unit_level =
        crate::run::evaluate::binary_evaluation(plan, cases, None, Vec::new(), &replicates)
            .map_err(cancelled)?;
    let figures = figures(plan, prepared, input, &unit_level, &replicates).map_err(cancelled)?;
    drop(replicates);
    ctl.report(Progress::Advance(1));
    let acceptance = judge(plan, &unit_level, &figures);
    let claims = acceptance::check_claims(plan, &unit_level.overall);
    let mut conventions = evaluation::conventions(plan, Lang::En);
    conventions.extend(self::conventions(plan, Lang::En));
    let mut excluded = prepared.excluded.clone();
    excluded.sort_by(|a, b| (a.line, &a.file).cmp(&(b.line, &b.file)));
    let manifest = crate::run::evaluate::vendor_package(prepared, plan, &unit_level.cases);
    let repeated_patients = evaluation::repeated_patients(plan, &unit_level.cases);
    Ok(crate::run::evaluate::assemble(
        prepared,
        crate::run::evaluate::Parts {
            conventions,
            included: unit_level.cases.len(),
            excluded,
            // The unit label is "has at least one lesion" ([lesions]), not a cohort column.
            labels: ("lesion".to_string(), "no lesion".to_string()),
            repeated_patients,
            task: evaluation::TaskEvaluation::Detection(DetectionEvaluation {
                unit_level,
                detection: figures,
            }),
            acceptance,
            claims,
            manifest,
            provenance: crate::run::evaluate::run_provenance(prepared),
        },
    ))
}

/// Each unit's patient (cluster), or one cluster per unit without a patient key.
fn clusters(plan: &Plan, prepared: &Prepared) -> Clusters {
    if plan.cohort.patient.is_none() {
        return Clusters::singletons(prepared.units.len());
    }
    let keys: Vec<&str> = prepared
        .units
        .iter()
        .map(|u| u.patient.as_deref().unwrap_or_default())
        .collect();
    Clusters::from_keys(&keys)
}

/// The lesion-level figures.
fn figures(
    plan: &Plan,
    prepared: &Prepared,
    input: &DetectionInput,
    unit_level: &BinaryEvaluation,
    watch: &dyn Watch,
) -> Result<DetectionFigures, Cancelled> {
    let spec = plan.detection_spec();
    let a = &plan.analysis;
    let rule = spec.hit.rule();
    let lesions = input.lesions();
    let matching = detection::match_marks(&input.marks, &lesions, rule);
    let clusters = clusters(plan, prepared);
    let froc: Froc = detection::froc_watched(
        &input.marks,
        &matching,
        &lesions,
        &clusters,
        &spec.fp_rates,
        a.bootstrap,
        a.seed,
        a.confidence,
        watch,
    )?;
    let ids: Vec<&str> = prepared.units.iter().map(|u| u.id.as_str()).collect();
    let scores: HashMap<&str, f64> = unit_level
        .cases
        .iter()
        .map(|c| (c.id.as_str(), c.score))
        .collect();
    let unit_scores: Vec<f64> = ids
        .iter()
        .map(|id| scores.get(id).copied().unwrap_or(f64::NAN))
        .collect();
    let threshold = unit_level.overall.threshold;
    Ok(DetectionFigures {
        hit: rule,
        froc: froc.points.clone(),
        sensitivity_at: froc.sensitivity_at.clone(),
        cpm: froc.cpm,
        lesions: lesion_figures(plan, input, &matching, &clusters, &ids),
        marks: mark_counts(input, &matching),
        wrong_place: wrong_place(input, &matching, &unit_scores, threshold, &ids),
        units: prepared.units.len(),
        units_with_lesions: prepared.units.iter().filter(|u| u.label).count(),
        patients: clusters.count,
        replicates: froc.replicates,
        seed: froc.seed,
        sources: input.sources.clone(),
        tiles: super::tile::tiles(prepared, input, &matching),
    })
}

/// Every mark read and what became of it: true positive, false positive (and of those, on a
/// lesion-free unit), extra (a further mark on a lesion already hit), or for an unknown unit.
pub(crate) fn mark_counts(input: &DetectionInput, matching: &Matching) -> MarkCounts {
    let mut has_lesion = vec![false; input.marks.iter().map(|m| m.unit + 1).max().unwrap_or(0)];
    for l in &input.lesions {
        if l.lesion.unit < has_lesion.len() {
            has_lesion[l.lesion.unit] = true;
        }
    }
    let mut c = MarkCounts {
        total: input.marks.len() + input.unknown_unit,
        true_positive: 0,
        false_positive: 0,
        on_lesion_free_units: 0,
        extra: 0,
        unknown_unit: input.unknown_unit,
    };
    for (i, m) in input.marks.iter().enumerate() {
        if matching.lesion_of_mark[i].is_some() {
            c.true_positive += 1;
        } else if matching.extra[i] {
            c.extra += 1;
        } else {
            c.false_positive += 1;
            if !has_lesion[m.unit] {
                c.on_lesion_free_units += 1;
            }
        }
    }
    c
}

/// "Right unit, wrong place": units called positive (unit score ≥ the operating threshold)
/// that have at least one lesion, and none of whose marks scored at or above the threshold hits
/// a lesion (every mark shown at the operating point misses; a unit called positive by the
/// model's own unit score with no mark at or above the threshold counts too).
pub(crate) fn wrong_place(
    input: &DetectionInput,
    matching: &Matching,
    unit_scores: &[f64],
    threshold: f64,
    ids: &[&str],
) -> WrongPlace {
    let n = unit_scores.len();
    let mut has_lesion = vec![false; n];
    for l in &input.lesions {
        has_lesion[l.lesion.unit] = true;
    }
    let mut hit_at_threshold = vec![false; n];
    for (i, m) in input.marks.iter().enumerate() {
        if m.score >= threshold && (matching.lesion_of_mark[i].is_some() || matching.extra[i]) {
            hit_at_threshold[m.unit] = true;
        }
    }
    let units: Vec<String> = (0..n)
        .filter(|&u| unit_scores[u] >= threshold && has_lesion[u] && !hit_at_threshold[u])
        .map(|u| ids[u].to_string())
        .collect();
    WrongPlace {
        threshold,
        count: units.len(),
        units,
    }
}

/// Lesions hit at any score, overall, by size stratum and by type, with sensitivity
/// clustered by patient (ratio estimator over each patient's lesions).
fn lesion_figures(
    plan: &Plan,
    input: &DetectionInput,
    matching: &Matching,
    clusters: &Clusters,
    ids: &[&str],
) -> LesionFigures {
    let confidence = plan.analysis.confidence;
    let edges = plan.detection_spec().size_strata;
    let hit: Vec<bool> = matching.lesion_score.iter().map(Option::is_some).collect();
    let stratum = |name: String, members: &[usize]| {
        let mut per_patient = vec![Proportion { x: 0, n: 0 }; clusters.count];
        for &i in members {
            let p = &mut per_patient[clusters.of[input.lesions[i].lesion.unit] as usize];
            p.n += 1;
            p.x += u64::from(hit[i]);
        }
        Stratum {
            name,
            lesions: members.len(),
            hit: members.iter().filter(|&&i| hit[i]).count(),
            sensitivity: ratio_proportion(&per_patient, confidence),
        }
    };
    let by_size = if edges.is_empty() {
        Vec::new()
    } else {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, l) in input.lesions.iter().enumerate() {
            let key = match l.size_mm {
                Some(s) => edges.iter().take_while(|&&e| s >= e).count(),
                None => edges.len() + 1,
            };
            groups.entry(key).or_default().push(i);
        }
        groups
            .into_iter()
            .map(|(k, members)| {
                let name = match k {
                    _ if k == edges.len() + 1 => "size not given".to_string(),
                    0 => format!("< {} mm", edges[0]),
                    _ if k == edges.len() => format!("≥ {} mm", edges[k - 1]),
                    _ => format!("{}–{} mm", edges[k - 1], edges[k]),
                };
                stratum(name, &members)
            })
            .collect()
    };
    let by_type = if plan
        .lesions
        .as_ref()
        .is_some_and(|l| l.kind_column.is_some())
    {
        let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, l) in input.lesions.iter().enumerate() {
            let key = l.kind.clone().unwrap_or_else(|| "type not given".into());
            groups.entry(key).or_default().push(i);
        }
        groups
            .into_iter()
            .map(|(name, members)| stratum(name, &members))
            .collect()
    } else {
        Vec::new()
    };
    let mut order: Vec<usize> = (0..input.lesions.len()).collect();
    // Missed first (in file order), then hits from the lowest score up.
    order.sort_by(|&a, &b| {
        let key = |i: usize| matching.lesion_score[i].unwrap_or(f64::NEG_INFINITY);
        key(a).total_cmp(&key(b)).then(a.cmp(&b))
    });
    let worst = order
        .into_iter()
        .take(WORST)
        .map(|i| {
            let l = &input.lesions[i];
            LesionRow {
                unit: ids[l.lesion.unit].to_string(),
                centre: l.lesion.centre,
                size_mm: l.size_mm,
                kind: l.kind.clone(),
                score: matching.lesion_score[i],
            }
        })
        .collect();
    let total = input.lesions.len();
    let found = hit.iter().filter(|&&h| h).count();
    LesionFigures {
        total,
        hit: found,
        missed: total - found,
        by_size,
        by_type,
        worst,
    }
}

/// The plan's criteria: lesion_sensitivity at its FP rate and the CPM on their patient
/// bootstrap intervals, every other (binary) criterion on the unit level as a binary plan's.
pub(crate) fn judge(
    plan: &Plan,
    unit_level: &BinaryEvaluation,
    figures: &DetectionFigures,
) -> Acceptance {
    let criteria = plan
        .acceptance
        .iter()
        .map(|c| match c.metric {
            Metric::LesionSensitivity | Metric::Cpm => {
                let interval = IntervalKind::Bootstrap;
                let estimate = if c.metric == Metric::Cpm {
                    Some(figures.cpm)
                } else {
                    figures
                        .sensitivity_at
                        .iter()
                        .find(|s| Some(s.fp_rate) == c.fp_rate)
                        .map(|s| s.sensitivity)
                };
                let (e, ci) = estimate.map_or((f64::NAN, [f64::NAN; 2]), |e| {
                    (e.estimate, [e.ci_low, e.ci_high])
                });
                let mut r = acceptance::judge_figure(c, interval, e, ci);
                if let Some(rate) = c.fp_rate {
                    r.explanation = format!("at {rate} FP per unit: {}", r.explanation);
                }
                r.fp_rate = c.fp_rate;
                r
            }
            _ => {
                let mut one = plan.clone();
                one.acceptance = vec![c.clone()];
                let mut r = acceptance::judge(&one, &unit_level.overall, &unit_level.subgroups)
                    .criteria
                    .remove(0);
                r.explanation = format!("unit level: {}", r.explanation);
                r
            }
        })
        .collect::<Vec<_>>();
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

/// The detection conventions in words: the hit criterion, the tie rule, what counts as a false
/// positive and over what, the unit score, and "right unit, wrong place".
pub fn conventions(plan: &Plan, lang: Lang) -> Vec<String> {
    let f = crate::i18n::Numbers(lang);
    let spec = plan.detection_spec();
    let hit = match spec.hit.rule() {
        detection::HitRule::CentreWithinRadius => text!(lang, "det-hit-radius").to_string(),
        detection::HitRule::DistanceMm(d) => words!(lang, "det-hit-distance", mm = f.plain(d)),
        detection::HitRule::Iou(t) => words!(lang, "det-hit-iou", iou = f.plain(t)),
    };
    let unit_score = match &spec.unit_score {
        Some(col) => words!(lang, "det-unit-score-column", column = col.clone()),
        None => text!(lang, "det-unit-score-max").to_string(),
    };
    vec![
        hit,
        text!(lang, "det-ties").to_string(),
        text!(lang, "det-fp").to_string(),
        unit_score,
        words!(
            lang,
            "det-wrong-place",
            threshold = f.plain(plan.analysis.threshold)
        ),
        text!(lang, "det-intervals").to_string(),
    ]
}
