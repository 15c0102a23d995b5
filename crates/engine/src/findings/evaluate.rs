//! The evaluation of a multi-finding run: per finding a binary study's figures (its truth, its
//! score column, its threshold), the figures over all findings (macro and micro AUC; for
//! classes the confusion matrix, per-class one-vs-rest figures, Hand & Till AUC and kappas),
//! and acceptance with Holm's step-down across per-finding criteria.

use std::collections::{BTreeMap, HashMap};

use super::cohort::Truth;
use super::figures::{ClassFigures, FindingsEvaluation, FindingsSummary, MulticlassFigures};
use crate::acceptance::{self, Acceptance, CriterionResult, Verdict};
use crate::cohort::{self, Exclusion, ExclusionReason};
use crate::error::{Error, Result};
use crate::evaluation::{self, BinaryEvaluation, CaseResult, Evaluation};
use crate::metrics::Clusters;
use crate::metrics::detection::Estimate;
use crate::metrics::{Cancelled, Watch};
use crate::plan::{Bound, Criterion, IntervalKind, Plan, Task};
use crate::provenance::Provenance;
use crate::run::control::{Control, Progress, Replicates, cancelled};
use crate::run::prepare::row_exclusion;
use crate::run::{Outcomes, Prepared, Source};

/// One unit with its truth and K scores, in cohort order.
struct Case<'a> {
    unit: &'a crate::run::Unit,
    truth: Truth,
    scores: Vec<f64>,
}

/// `run::evaluate::binary_evaluation`, handed in by the step that owns it.
pub(crate) type Binary = fn(
    &Plan,
    Vec<CaseResult>,
    Option<crate::explain::tabular::Importance>,
    Vec<evaluation::Comparison>,
    &dyn Watch,
) -> std::result::Result<BinaryEvaluation, Cancelled>;

/// Builds the `Evaluation` of a multi-finding run (outcomes already checked to cover every
/// unit once). `provenance` is the run's and `binary` builds every binary figure of one
/// finding, both from `run::evaluate`.
pub(crate) fn evaluate(
    prepared: &Prepared,
    outcomes: &Outcomes,
    ctl: &Control,
    provenance: Provenance,
    binary: Binary,
) -> Result<Evaluation> {
    let plan = &prepared.plan;
    let k = plan.finding.len();
    // The truth, read again from the cohort the run was prepared with.
    let cohort = super::cohort::read(plan, false)?;
    if cohort.table.sha256 != prepared.cohort_sha256 {
        return Err(Error::Csv {
            path: cohort.table.path.clone(),
            message: "the file changed after the run was prepared (its SHA-256 differs); prepare the run again".into(),
        });
    }
    let truth: HashMap<&str, &Truth> = cohort
        .units
        .iter()
        .map(|r| (r.id.as_str(), &r.truth))
        .collect();
    let by_unit: HashMap<&str, &crate::run::Scored> = outcomes
        .scored
        .iter()
        .filter(|s| s.source == Source::Main)
        .map(|s| (s.unit.as_str(), s))
        .collect();
    let mut excluded: Vec<Exclusion> = prepared.excluded.clone();
    let mut cases: Vec<Case> = Vec::with_capacity(prepared.units.len());
    for unit in &prepared.units {
        let (Some(scored), Some(t)) = (by_unit.get(unit.id.as_str()), truth.get(unit.id.as_str()))
        else {
            continue;
        };
        match (scored.outcomes.first(), scored.findings()) {
            (Some(Ok(_)), Some(s)) if s.len() == k => cases.push(Case {
                unit,
                truth: (*t).clone(),
                scores: s.to_vec(),
            }),
            (Some(Err((reason, detail))), _) => {
                excluded.push(row_exclusion(unit, *reason, detail.clone()))
            }
            _ => excluded.push(row_exclusion(
                unit,
                ExclusionReason::Unscorable,
                format!("scored without {k} finding scores (an outcome from an older version?)"),
            )),
        }
    }
    // Multi-class: the predicted class, from the plan's column or the argmax.
    let predicted = match plan.study.task {
        Task::Multiclass => Some(predicted_classes(
            prepared,
            &cohort.table,
            &mut cases,
            &mut excluded,
        )?),
        _ => None,
    };
    if cases.is_empty() {
        let reasons: String = cohort::count_by_reason(&excluded)
            .iter()
            .map(|(r, n)| format!(", {n} {}", r.describe()))
            .collect();
        return Err(Error::EmptyCohort {
            path: plan.resolve(&plan.cohort.path),
            rows: prepared.rows,
            excluded: excluded.len(),
            reasons,
        });
    }
    if let Some(key) = &plan.cohort.patient
        && cases
            .iter()
            .all(|c| c.unit.patient.as_deref().unwrap_or_default().is_empty())
    {
        return Err(Error::Csv {
            path: plan.resolve(&plan.cohort.path),
            message: format!(
                "the patient key \"{key}\" is empty for every case, so the cases cannot be grouped by patient; fill it in, or remove patient from [cohort] to report case-level intervals"
            ),
        });
    }
    ctl.check()?;
    // A step per finding and one for the rest, and one per bootstrap replicate: each
    // finding's, the macro/micro AUC's and the multi-class figures'.
    let bootstraps = k as u64 + 1 + u64::from(plan.study.task == Task::Multiclass);
    ctl.report(Progress::Stage {
        name: "Computing statistics",
        total: k as u64 + 1 + bootstraps * plan.analysis.bootstrap as u64,
    });
    let replicates = Replicates::new(ctl);
    let spec = plan.findings_spec();
    let mut per_finding: Vec<(Plan, BinaryEvaluation)> = Vec::with_capacity(k);
    let mut insufficient = Vec::new();
    for (j, f) in plan.finding.iter().enumerate() {
        ctl.check()?;
        let fplan = finding_plan(plan, j);
        let results: Vec<CaseResult> = cases
            .iter()
            .map(|c| CaseResult {
                id: c.unit.id.clone(),
                label: c.truth.has(j),
                score: c.scores[j],
                subgroups: c.unit.subgroups.clone(),
                images: None,
                date: c.unit.date,
                patient: c.unit.patient.clone(),
            })
            .collect();
        let positives = results.iter().filter(|r| r.label).count();
        if positives < spec.min_positives || positives == results.len() {
            insufficient.push(f.name.clone());
        }
        let bin = binary(&fplan, results, None, Vec::new(), &replicates).map_err(cancelled)?;
        per_finding.push((fplan, bin));
        ctl.report(Progress::Advance(1));
    }

    let clusters = clusters_of(plan, &cases);
    let a = &plan.analysis;
    let labels: Vec<Vec<bool>> = (0..k)
        .map(|j| cases.iter().map(|c| c.truth.has(j)).collect())
        .collect();
    let scores: Vec<Vec<f64>> = (0..k)
        .map(|j| cases.iter().map(|c| c.scores[j]).collect())
        .collect();
    let mm = crate::metrics::multiclass::macro_micro_bootstrap_watched(
        &labels,
        &scores,
        &clusters,
        a.bootstrap,
        a.seed,
        a.confidence,
        &replicates,
    )
    .map_err(cancelled)?;
    let (macro_auc, micro_auc) = (mm.macro_auc, mm.micro_auc);
    let multiclass = predicted.map(|predicted| -> Result<MulticlassFigures> {
        let truth: Vec<usize> = cases
            .iter()
            .map(|c| match c.truth {
                Truth::Class(t) => t,
                Truth::Labels(_) => unreachable!("multi-class truth"),
            })
            .collect();
        let flat: Vec<f64> = cases
            .iter()
            .flat_map(|c| c.scores.iter().copied())
            .collect();
        let m = crate::metrics::multiclass::multiclass_watched(
            &truth,
            &predicted,
            &flat,
            k,
            &clusters,
            a.bootstrap,
            a.seed,
            a.confidence,
            &replicates,
        )
        .map_err(cancelled)?;
        Ok(MulticlassFigures {
            per_class: per_class(plan, &truth, &predicted, &clusters, a.confidence),
            confusion: m.confusion,
            hand_till_auc: m.hand_till_auc,
            kappa: m.kappa,
            weighted_kappa: spec.ordinal.then_some(m.weighted_kappa),
            predicted: spec.predicted.clone().unwrap_or_else(|| "argmax".into()),
            skipped: m.skipped,
        })
    });
    let multiclass = multiclass.transpose()?;
    drop(replicates);
    ctl.report(Progress::Advance(1));

    let (criteria, holm) = judge(
        plan,
        &per_finding,
        &insufficient,
        &macro_auc,
        &micro_auc,
        multiclass.as_ref(),
        ctl,
    )
    .map_err(cancelled)?;
    let verdict = criteria
        .iter()
        .map(|c| c.verdict)
        .max()
        .unwrap_or(Verdict::Inconclusive);
    let mut acceptance = Acceptance {
        verdict,
        criteria,
        model_exclusions: None,
    };
    acceptance::limit_model_exclusions(&mut acceptance, plan, prepared.units.len(), &excluded);

    let findings = FindingsEvaluation {
        findings: plan
            .finding
            .iter()
            .zip(per_finding)
            .map(|(f, (_, b))| (f.name.clone(), b))
            .collect::<BTreeMap<_, _>>(),
        findings_summary: FindingsSummary {
            order: plan.finding.iter().map(|f| f.name.clone()).collect(),
            macro_auc,
            micro_auc,
            insufficient,
            holm,
            replicates: a.bootstrap,
            seed: a.seed,
            left_out_of_macro: mm
                .left_out
                .iter()
                .map(|&j| plan.finding[j].name.clone())
                .collect(),
            skipped_macro: mm.skipped_macro,
            skipped_micro: mm.skipped_micro,
        },
        multiclass,
    };
    excluded.sort_by(|a, b| (a.line, &a.file, &a.id).cmp(&(b.line, &b.file, &b.id)));
    let mut conventions = evaluation::conventions(plan, crate::i18n::Lang::En);
    conventions.extend(conventions_of(plan, &findings));
    let included = cases.len();
    // Representativeness is of the units, the same for every finding: the first finding's cases.
    let manifest = crate::run::evaluate::vendor_package(
        prepared,
        plan,
        findings
            .findings
            .values()
            .next()
            .map_or(&[][..], |b| &b.cases[..]),
    );
    let task = match plan.study.task {
        Task::Multiclass => evaluation::TaskEvaluation::Multiclass(findings),
        _ => evaluation::TaskEvaluation::Multilabel(findings),
    };
    Ok(crate::run::evaluate::assemble(
        prepared,
        crate::run::evaluate::Parts {
            conventions,
            included,
            excluded,
            // Each finding has its own positive value: see `findings.<name>`.
            labels: (String::new(), String::new()),
            repeated_patients: None,
            task,
            acceptance,
            claims: Vec::new(),
            manifest,
            provenance,
        },
    ))
}

/// The plan as one finding's binary study: its threshold, its truth column and positive value,
/// and the criteria that name it.
fn finding_plan(plan: &Plan, j: usize) -> Plan {
    let f = &plan.finding[j];
    let mut p = plan.clone();
    p.analysis.threshold = plan.finding_threshold(f);
    match plan.study.task {
        Task::Multiclass => {
            p.cohort.positive = plan.finding_value(f).to_string();
        }
        _ => {
            p.cohort.label = f.label.clone().unwrap_or_default();
            p.cohort.positive = plan.finding_positive(f);
        }
    }
    p.acceptance = plan
        .acceptance
        .iter()
        .filter(|c| c.finding.as_deref() == Some(f.name.as_str()))
        .cloned()
        .collect();
    p
}

/// Patients as clusters (each unit its own without a patient key).
fn clusters_of(plan: &Plan, cases: &[Case]) -> Clusters {
    let keys: Vec<&str> = cases
        .iter()
        .map(|c| match &plan.cohort.patient {
            Some(_) => c.unit.patient.as_deref().unwrap_or_default(),
            None => c.unit.id.as_str(),
        })
        .collect();
    Clusters::from_keys(&keys)
}

/// Each case's predicted class: the plan's `[findings] predicted` column (in the cohort, else
/// the vendor's file; a value that is no class excludes the unit), else the argmax of the K
/// scores with ties to the lower index. `cohort_table` is the cohort as evaluate read it (its
/// SHA-256 checked); the vendor's file is checked against the one the run was prepared with.
fn predicted_classes(
    prepared: &Prepared,
    cohort_table: &crate::cohort::table::Table,
    cases: &mut Vec<Case>,
    excluded: &mut Vec<Exclusion>,
) -> Result<Vec<usize>> {
    let plan = &prepared.plan;
    let Some(column) = plan.findings_spec().predicted else {
        return Ok(cases.iter().map(|c| argmax(&c.scores)).collect());
    };
    let values: Vec<&str> = plan.finding.iter().map(|f| plan.finding_value(f)).collect();
    let vendor;
    let (table, id_name) = match &plan.predictions {
        Some(p) if !cohort_table.headers.iter().any(|h| h == &column) => {
            vendor =
                crate::cohort::table::Table::read(&plan.resolve(&p.path), "vendor predictions")?;
            if prepared.predictions_sha256.as_deref() != Some(vendor.sha256.as_str()) {
                return Err(Error::Csv {
                    path: vendor.path.clone(),
                    message: "the file changed after the run was prepared (its SHA-256 differs); prepare the run again".into(),
                });
            }
            (&vendor, p.id.clone())
        }
        _ => (cohort_table, plan.cohort.id.clone().unwrap_or_default()),
    };
    let col = table.column(&column, "[findings] predicted column")?;
    let id_col = table.column(&id_name, "id column")?;
    let by_id: HashMap<&str, (u64, &str)> = table
        .rows
        .iter()
        .map(|(line, r)| {
            (
                crate::cohort::table::field(r, id_col),
                (line, crate::cohort::table::field(r, col)),
            )
        })
        .collect();
    let mut out = Vec::with_capacity(cases.len());
    let mut kept = Vec::with_capacity(cases.len());
    for c in cases.drain(..) {
        let found = by_id.get(c.unit.id.as_str());
        match found.and_then(|(_, v)| values.iter().position(|x| x == v)) {
            Some(p) => {
                out.push(p);
                kept.push(c);
            }
            None => excluded.push(row_exclusion(
                c.unit,
                ExclusionReason::BadScore,
                match found {
                    Some((line, v)) => format!(
                        "{} line {line}: predicted class \"{v}\" in column \"{column}\" is none of the [[finding]] values",
                        table.path.display()
                    ),
                    None => format!("{} has no row for this unit", table.path.display()),
                },
            )),
        }
    }
    *cases = kept;
    Ok(out)
}

/// The index of the highest score; ties go to the lower index.
pub(crate) fn argmax(scores: &[f64]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// Per class, one-vs-rest from the predicted class: sensitivity (its units predicted as it) and
/// specificity (the other units predicted as another class), with patient-clustered intervals
/// (`metrics::multiclass::class_rates`: the ratio estimator and Korn & Graubard's Wilson interval,
/// as a binary study's sensitivity).
fn per_class(
    plan: &Plan,
    truth: &[usize],
    predicted: &[usize],
    clusters: &crate::metrics::clustered::Clusters,
    confidence: f64,
) -> Vec<ClassFigures> {
    let k = plan.finding.len();
    let est = |p: &crate::metrics::clustered::ClusteredProportion| Estimate {
        estimate: p.estimate,
        ci_low: p.wilson[0],
        ci_high: p.wilson[1],
    };
    crate::metrics::multiclass::class_rates(truth, predicted, k, clusters, confidence)
        .iter()
        .enumerate()
        .map(|(c, r)| ClassFigures {
            class: plan.finding[c].name.clone(),
            n: r.sensitivity.n,
            sensitivity: est(&r.sensitivity),
            specificity: est(&r.specificity),
        })
        .collect()
}

/// The plan's criteria in its order: figures over all findings on their bootstrap intervals;
/// per-finding binary figures on the finding's figures, with Holm's step-down across them when
/// more than one is judged on an interval ([`holm_step_down`]). A finding below the guardrail
/// is not judged (INCONCLUSIVE, saying why). Returns the criteria and whether Holm applied.
fn judge(
    plan: &Plan,
    per_finding: &[(Plan, BinaryEvaluation)],
    insufficient: &[String],
    macro_auc: &Estimate,
    micro_auc: &Estimate,
    multiclass: Option<&MulticlassFigures>,
    watch: &dyn Watch,
) -> std::result::Result<(Vec<CriterionResult>, bool), Cancelled> {
    use crate::plan::Metric;
    let index_of = |name: &str| plan.finding.iter().position(|f| f.name == name);
    let min_positives = plan.findings_spec().min_positives;
    let mut out: Vec<Option<CriterionResult>> = vec![None; plan.acceptance.len()];
    // Per-finding criteria judged on an interval: the Holm family.
    let mut family: Vec<(usize, usize)> = Vec::new();
    for (i, c) in plan.acceptance.iter().enumerate() {
        if c.metric.is_findings() {
            let e = match c.metric {
                Metric::MacroAuc => Some(macro_auc),
                Metric::MicroAuc => Some(micro_auc),
                Metric::HandTillAuc => multiclass.map(|m| &m.hand_till_auc),
                Metric::Kappa => multiclass.map(|m| &m.kappa),
                Metric::WeightedKappa => multiclass.and_then(|m| m.weighted_kappa.as_ref()),
                _ => None,
            };
            let (est, ci) = e.map_or((f64::NAN, [f64::NAN; 2]), |e| {
                (e.estimate, [e.ci_low, e.ci_high])
            });
            out[i] = Some(acceptance::judge_figure(
                c,
                IntervalKind::Bootstrap,
                est,
                ci,
            ));
            continue;
        }
        let Some(j) = c.finding.as_deref().and_then(index_of) else {
            continue;
        };
        let name = &plan.finding[j].name;
        let (fplan, bin) = &per_finding[j];
        let mut r = judge_one(fplan, c, &bin.overall, &bin.subgroups);
        r.finding = Some(name.clone());
        if insufficient.contains(name) {
            r.verdict = Verdict::Inconclusive;
            r.explanation = format!(
                "finding \"{name}\" is not judged: it has {} positives and {} negatives, fewer than [findings] min_positives = {min_positives} positives or no negative",
                bin.overall.n_positive, bin.overall.n_negative
            );
        } else {
            r.explanation = format!("finding \"{name}\": {}", r.explanation);
            if c.bound != Bound::Estimate {
                family.push((i, j));
            }
        }
        out[i] = Some(r);
    }
    let holm = family.len() > 1;
    if holm {
        for (i, r) in holm_step_down(plan, per_finding, &family, watch)? {
            out[i] = Some(r);
        }
    }
    Ok((out.into_iter().flatten().collect(), holm))
}

/// One criterion on one finding's figures, through the binary acceptance rule.
fn judge_one(
    fplan: &Plan,
    c: &Criterion,
    overall: &crate::results::Overall,
    subgroups: &[crate::metrics::AttributeReport],
) -> CriterionResult {
    let mut one = fplan.clone();
    one.acceptance = vec![c.clone()];
    acceptance::judge(&one, overall, subgroups)
        .criteria
        .pop()
        .expect("one criterion")
}

/// Holm's step-down on interval levels: with m criteria left, each is judged on its interval at
/// confidence 1 − (1 − c)/m (c the plan's confidence); those that pass are accepted and leave
/// the family, and the step repeats with the rest; when none passes, the rest keep their
/// verdict at that step's level. A passing interval bound at level 1 − α/m is a one-sided test
/// at α/(2m), so this is Holm's procedure on those tests, and it controls the chance that any
/// per-finding criterion passes wrongly at (1 − c)/2, as one criterion does alone.
fn holm_step_down(
    plan: &Plan,
    per_finding: &[(Plan, BinaryEvaluation)],
    family: &[(usize, usize)],
    watch: &dyn Watch,
) -> std::result::Result<Vec<(usize, CriterionResult)>, Cancelled> {
    let alpha = 1.0 - plan.analysis.confidence;
    let total = family.len();
    let mut left: Vec<(usize, usize)> = family.to_vec();
    let mut done = Vec::with_capacity(total);
    let mut step = 0;
    while !left.is_empty() {
        step += 1;
        let m = left.len();
        let level = 1.0 - alpha / m as f64;
        let mut judged: Vec<((usize, usize), CriterionResult)> = Vec::with_capacity(m);
        for &(i, j) in &left {
            let c = &plan.acceptance[i];
            let (fplan, bin) = &per_finding[j];
            let mut at = fplan.clone();
            at.analysis.confidence = level;
            let labels: Vec<bool> = bin.cases.iter().map(|r| r.label).collect();
            let scores: Vec<f64> = bin.cases.iter().map(|r| r.score).collect();
            let clusters = evaluation::clusters(&at, &bin.cases);
            let overall = evaluation::overall_watched(
                &labels,
                &scores,
                &at.analysis,
                clusters.as_ref(),
                true,
                watch,
            )?;
            let subgroups = if c.subgroup.is_some() {
                evaluation::subgroups(&at, &bin.cases).reports
            } else {
                Vec::new()
            };
            let mut r = judge_one(&at, c, &overall, &subgroups);
            let name = &plan.finding[j].name;
            r.finding = Some(name.clone());
            r.confidence = Some(level);
            r.explanation = format!(
                "finding \"{name}\": {}; Holm's step-down across {total} per-finding criteria, step {step}: judged on the {:.2}% interval (1 − {alpha:.3}/{m})",
                r.explanation,
                level * 100.0
            );
            judged.push(((i, j), r));
        }
        let any_pass = judged.iter().any(|(_, r)| r.verdict == Verdict::Pass);
        if !any_pass {
            done.extend(judged.into_iter().map(|((i, _), r)| (i, r)));
            break;
        }
        left.clear();
        for ((i, j), r) in judged {
            if r.verdict == Verdict::Pass {
                done.push((i, r));
            } else {
                left.push((i, j));
            }
        }
    }
    Ok(done)
}

/// What a multi-finding run decided, for report.json `conventions`.
fn conventions_of(plan: &Plan, f: &FindingsEvaluation) -> Vec<String> {
    let spec = plan.findings_spec();
    let mut out = vec![
        format!(
            "Each finding is analysed as a binary study on its own truth and score (score ≥ its threshold is positive); a finding with fewer than {} positives (or no negative) is reported but not judged.",
            spec.min_positives
        ),
        format!(
            "Scores: activation \"{}\" applied to the {} outputs before any figure.",
            match spec.activation {
                crate::plan::Activation::None => "none",
                crate::plan::Activation::Sigmoid => "sigmoid",
                crate::plan::Activation::Softmax => "softmax",
            },
            plan.finding.len()
        ),
        "Macro AUC is the mean of the findings' AUCs; micro AUC is one AUC over every unit × finding; both with a patient-bootstrap percentile interval.".to_string(),
    ];
    if f.findings_summary.holm {
        out.push("Per-finding criteria judged on an interval are judged with Holm's step-down: with m left, at confidence 1 − (1 − c)/m; those that pass leave and the rest are judged again.".to_string());
    }
    if let Some(m) = &f.multiclass {
        out.push(if m.predicted == "argmax" {
            "The predicted class is the class with the highest score; ties go to the class listed first.".to_string()
        } else {
            format!("The predicted class is the vendor's, column \"{}\".", m.predicted)
        });
        out.push("Per-class sensitivity and specificity are one-vs-rest from the predicted class, with patient-clustered Wilson intervals (ratio estimator, Korn & Graubard 1998); Hand & Till AUC and kappas have patient-bootstrap percentile intervals.".to_string());
    }
    out
}
