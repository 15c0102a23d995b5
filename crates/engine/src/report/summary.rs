//! The few lines `batch` prints: enough for a person at a terminal to see the verdict and why.

use std::fmt::Write;

use crate::evaluation::{Evaluation, TaskEvaluation};
use crate::i18n::Lang;
use crate::metric;

pub fn text(eval: &Evaluation) -> String {
    let bin = match &eval.task {
        TaskEvaluation::Binary(b) => b,
        TaskEvaluation::Segmentation(s) => return segmentation(eval, &s.segmentation),
        TaskEvaluation::Detection(d) => &d.unit_level,
        TaskEvaluation::Multilabel(f) | TaskEvaluation::Multiclass(f) => {
            return findings(eval, f);
        }
    };
    let o = &bin.overall;
    let c = &eval.cohort;
    let a = &eval.plan.analysis;
    let mut s = String::new();
    let _ = writeln!(s, "{}", eval.study.name);
    let _ = writeln!(
        s,
        "Cohort: {}, {} evaluated ({} positive, {} negative), {} excluded{}",
        count(c.rows, "row", "rows"),
        c.included,
        o.n_positive,
        o.n_negative,
        c.excluded.len(),
        by_reason(eval)
    );
    if let Some(m) = o.n_patients {
        let _ = writeln!(
            s,
            "Patients: {m}; intervals are patient-level (Obuchowski AUC, cluster Wilson / Clopper–Pearson, patient bootstrap)"
        );
    }
    if let Some(r) = c.repeated_patients {
        let _ = writeln!(
            s,
            "Warning: the {} cases come from {} (PatientID repeats) and the intervals treat them as independent: add patient = \"PatientID\" to [cohort]",
            r.units,
            count(r.patients, "patient", "patients")
        );
    }
    if !c.unmatched_predictions.is_empty() {
        let _ = writeln!(
            s,
            "Vendor scores without a cohort row: {} (listed in report.json)",
            c.unmatched_predictions.len()
        );
    }
    let _ = writeln!(
        s,
        "Threshold {} (score ≥ threshold is positive); {}% intervals\n",
        o.threshold,
        o.confidence * 100.0
    );
    metric_lines(&mut s, o, a);
    if let Some(c) = &o.calibration {
        let _ = writeln!(
            s,
            "Calibration: ECE {}, Hosmer–Lemeshow p = {:.3}",
            num(c.ece),
            c.hosmer_lemeshow.p
        );
    }
    if let Some(y) = &o.thresholds.youden {
        let _ = writeln!(
            s,
            "Youden-optimal threshold {} (sensitivity {}, specificity {}); average precision {}\n",
            num(y.point.threshold),
            num(y.point.sensitivity.estimate),
            num(y.point.specificity.estimate),
            num(o.precision_recall.average_precision)
        );
    }
    for a in &bin.subgroups {
        subgroup_lines(&mut s, a);
    }
    if let Some(d) = &bin.drift {
        drift_lines(&mut s, d);
    }
    for c in &bin.comparisons {
        let _ = writeln!(
            s,
            "Compared with {} on {}: AUC {} vs {}, difference {} {} (DeLong p = {:.4}); McNemar p: sensitivity {:.4}, specificity {:.4}\n",
            c.name,
            count(c.n, "case", "cases"),
            num(c.delong.auc_a),
            num(c.delong.auc_b),
            num(c.delong.difference),
            ci(c.delong.ci),
            c.delong.p_value,
            c.mcnemar.sensitivity.mcnemar.p_value,
            c.mcnemar.specificity.mcnemar.p_value
        );
    }
    for w in bin.sample_size.iter().filter(|w| !w.can_pass) {
        let _ = writeln!(s, "Warning: {}: {}", w.metric, w.note);
    }
    verdict_lines(&mut s, eval);
    s
}

/// The criteria, the verdict and what the criteria do not cover: the summary's last lines.
fn verdict_lines(s: &mut String, eval: &Evaluation) {
    let _ = writeln!(s, "Acceptance criteria (fixed in the plan):");
    for r in &eval.acceptance.criteria {
        let _ = writeln!(s, "  {:<12} {}", r.verdict.label(), r.explanation);
    }
    let _ = writeln!(s, "\nVerdict: {}", eval.acceptance.verdict.label());
    if !eval.flags.is_empty() {
        let _ = writeln!(s, "Not covered by the criteria:");
        for f in &eval.flags {
            let _ = writeln!(s, "  - {}", f.text(crate::i18n::Lang::En));
        }
    }
}

/// The summary of a multi-finding run: the cohort, per finding its positives, AUC and
/// sensitivity/specificity at its threshold (insufficient findings marked), macro/micro AUC,
/// for classes Hand & Till AUC and kappas, then the verdict.
fn findings(eval: &Evaluation, f: &crate::findings::FindingsEvaluation) -> String {
    let c = &eval.cohort;
    let sum = &f.findings_summary;
    let mut s = String::new();
    let _ = writeln!(s, "{}", eval.study.name);
    let _ = writeln!(
        s,
        "Cohort: {}, {} evaluated ({} per unit), {} excluded{}",
        count(c.rows, "row", "rows"),
        count(c.included, "unit", "units"),
        count(sum.order.len(), "finding", "findings"),
        c.excluded.len(),
        by_reason(eval)
    );
    if !c.unmatched_predictions.is_empty() {
        let _ = writeln!(
            s,
            "Vendor scores without a cohort row: {} (listed in report.json)",
            c.unmatched_predictions.len()
        );
    }
    let _ = writeln!(
        s,
        "{}% intervals; score ≥ the finding's threshold is positive\n",
        eval.plan.analysis.confidence * 100.0
    );
    for name in &sum.order {
        let Some(b) = f.findings.get(name) else {
            continue;
        };
        let o = &b.overall;
        let a = &eval.plan.analysis;
        let m = |id, kind| metric::info(id).figure(o, kind);
        let (auc, sens, spec) = (
            m(crate::plan::Metric::Auc, a.auc_interval),
            m(crate::plan::Metric::Sensitivity, a.proportion_interval),
            m(crate::plan::Metric::Specificity, a.proportion_interval),
        );
        let _ = writeln!(
            s,
            "{name}: {} positive of {}; AUC {} {}; at {}: sensitivity {} {}, specificity {} {}{}",
            o.n_positive,
            o.n,
            num(auc.estimate),
            ci(auc.interval),
            o.threshold,
            num(sens.estimate),
            ci(sens.interval),
            num(spec.estimate),
            ci(spec.interval),
            if sum.insufficient.contains(name) {
                " — INSUFFICIENT positives: not judged"
            } else {
                ""
            }
        );
    }
    let e = |x: &crate::metrics::detection::Estimate| {
        format!("{} {}", num(x.estimate), ci([x.ci_low, x.ci_high]))
    };
    let _ = writeln!(
        s,
        "\nMacro AUC {}; micro AUC {} (patient bootstrap, {} replicates)",
        e(&sum.macro_auc),
        e(&sum.micro_auc),
        sum.replicates
    );
    if let Some(m) = &f.multiclass {
        let _ = writeln!(
            s,
            "Hand & Till AUC {}; kappa {}{}",
            e(&m.hand_till_auc),
            e(&m.kappa),
            m.weighted_kappa
                .as_ref()
                .map(|w| format!("; quadratic-weighted kappa {}", e(w)))
                .unwrap_or_default()
        );
    }
    if sum.holm {
        let _ = writeln!(
            s,
            "Per-finding criteria judged with Holm's step-down across findings"
        );
    }
    s.push('\n');
    verdict_lines(&mut s, eval);
    s
}

/// The summary of a segmentation run: the cohort, per structure the counts, Dice and HD95
/// (mean and median with intervals) and the shares within tolerance, then the verdict.
fn segmentation(
    eval: &Evaluation,
    seg: &crate::segmentation::figures::SegmentationFigures,
) -> String {
    let c = &eval.cohort;
    let mut s = String::new();
    let _ = writeln!(s, "{}", eval.study.name);
    let _ = writeln!(
        s,
        "Cohort: {}, {} evaluated ({} per case), {} excluded{}",
        count(c.rows, "file", "files"),
        count(c.included, "case", "cases"),
        count(seg.structures.len(), "structure", "structures"),
        c.excluded.len(),
        by_reason(eval)
    );
    if eval.plan.cohort.patient.is_none() {
        let _ = writeln!(
            s,
            "No patient key: each case counts as its own patient in the intervals"
        );
    }
    let _ = writeln!(
        s,
        "{}% intervals: patient bootstrap for means and medians, clustered {} for shares\n",
        eval.plan.analysis.confidence * 100.0,
        match eval.plan.analysis.proportion_interval {
            crate::plan::IntervalKind::ClopperPearson => "Clopper–Pearson",
            _ => "Wilson",
        }
    );
    for (name, st) in &seg.structures {
        let m = &st.summary;
        let _ = writeln!(
            s,
            "{name}: {} from {}; both empty {}, missed {}, false alarm {}",
            count(m.cases, "case", "cases"),
            count(m.patients, "patient", "patients"),
            m.both_empty,
            m.missed,
            m.false_alarm
        );
        for (label, f) in [("Dice", &m.dice), ("HD95 mm", &m.hd95)] {
            let _ = writeln!(
                s,
                "  {label:<8} mean {} {}  median {} {}  (n {})",
                num(f.mean),
                ci(f.mean_ci),
                num(f.median),
                ci(f.median_ci),
                f.n
            );
        }
        for w in &m.share_within {
            let sign = match w.direction {
                crate::metrics::segmentation::summary::Direction::AtLeast => "≥",
                crate::metrics::segmentation::summary::Direction::AtMost => "≤",
            };
            let p = &w.proportion;
            let _ = writeln!(
                s,
                "  {} {sign} {}: {}/{} = {} {}",
                w.figure,
                w.tolerance,
                p.x,
                p.n,
                num(p.estimate),
                ci(p.wilson)
            );
        }
    }
    s.push('\n');
    verdict_lines(&mut s, eval);
    s
}

/// One line per metric of the registry, in its order: the estimate under the plan's interval
/// (and a proportion's x/n), then any other interval that is not another formula for the same
/// proportion (the AUC's bootstrap).
fn metric_lines(s: &mut String, o: &crate::results::Overall, a: &crate::plan::Analysis) {
    let width = metric::ALL
        .iter()
        .map(|i| i.label(Lang::En).chars().count())
        .max()
        .unwrap_or(0);
    for info in &metric::ALL {
        let chosen = info.interval_in(a);
        let f = info.figure(o, chosen);
        let mut line = format!(
            "  {:<width$} {} {} {:<16}",
            info.label(Lang::En),
            num(f.estimate),
            ci(f.interval),
            f.method
        );
        if let Some((x, n)) = f.count {
            let _ = write!(line, " {x}/{n}");
        } else {
            for &k in info.intervals().iter().filter(|&&k| k != chosen) {
                let g = info.figure(o, k);
                let _ = write!(line, " {} {}", ci(g.interval), g.method);
            }
        }
        let _ = writeln!(s, "{}", line.trim_end());
    }
    s.push('\n');
}

fn by_reason(eval: &Evaluation) -> String {
    let parts: Vec<String> = eval
        .cohort
        .excluded_by_reason
        .iter()
        .map(|(r, n)| format!("{n} {}", r.describe()))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.join(", "))
    }
}

/// Four decimals through the report's formatter (English: the summary is what `batch`
/// prints); a missing figure keeps the column's width.
fn num(x: f64) -> String {
    if x.is_finite() {
        crate::i18n::Numbers(crate::i18n::Lang::En).num(x, 4)
    } else {
        "  —   ".to_string()
    }
}

fn ci(v: [f64; 2]) -> String {
    if v[0].is_finite() && v[1].is_finite() {
        crate::i18n::Numbers(crate::i18n::Lang::En).interval(v, 4)
    } else {
        "[  not computed  ]".to_string()
    }
}

/// One line per group: n, sensitivity, specificity, AUC, and whether the group can be judged.
fn subgroup_lines(s: &mut String, a: &crate::metrics::AttributeReport) {
    use crate::metrics::Status;
    let _ = writeln!(
        s,
        "Subgroups by {} (DPD {}, EOD {}):",
        a.attribute,
        num(a.fairness.demographic_parity_difference),
        num(a.fairness.equalized_odds_difference)
    );
    for g in &a.groups {
        let worse: Vec<&str> = [
            ("sensitivity", &g.vs_rest.sensitivity),
            ("specificity", &g.vs_rest.specificity),
            ("AUC", &g.vs_rest.auc),
        ]
        .into_iter()
        .filter(|(_, t)| t.as_ref().is_some_and(|t| t.significantly_worse))
        .map(|(name, _)| name)
        .collect();
        let status = match g.status {
            Status::Insufficient => "insufficient data".to_string(),
            Status::Ok if worse.is_empty() => String::new(),
            Status::Ok => format!("significantly worse {}", worse.join(", ")),
        };
        let _ = writeln!(
            s,
            "  {:<20} n {:>5}  sens {}  spec {}  AUC {}  {status}",
            g.group,
            g.n,
            num(g.tpr.estimate),
            num(g.tnr.estimate),
            num(g.auc.auc)
        );
    }
    s.push('\n');
}

/// The analysis over time in two or three lines: periods, flags, new equipment.
fn drift_lines(s: &mut String, d: &crate::metrics::drift::Drift) {
    let (first, last) = (
        d.periods.first().map_or("", |p| p.period.as_str()),
        d.periods.last().map_or("", |p| p.period.as_str()),
    );
    let _ = writeln!(
        s,
        "Drift by {}: {} {first} to {last} ({}, {} undated, {} implausible dates left out)",
        d.period.name(),
        count(
            d.periods.iter().map(|p| p.span).sum::<u32>(),
            "period",
            "periods"
        ),
        count(d.dated, "dated case", "dated cases"),
        d.undated,
        d.excluded_dates.total()
    );
    let flagged: Vec<&str> = d.flagged().map(|p| p.period.as_str()).collect();
    let _ = writeln!(
        s,
        "  significantly worse than the rest: {}",
        if flagged.is_empty() {
            "none".to_string()
        } else {
            flagged.join(", ")
        }
    );
    for v in d.new_mid_cohort() {
        let _ = writeln!(
            s,
            "  new mid-cohort: {} = {} from {} ({})",
            v.attribute,
            v.value,
            v.first_seen,
            count(v.cases, "case", "cases")
        );
    }
    s.push('\n');
}

/// A count with its noun in English number: "1 case", "2 cases" (the summary is English; the
/// report's words, in both languages, take their plurals from the catalogue).
fn count<N: TryInto<u64> + Copy + std::fmt::Display>(n: N, one: &str, other: &str) -> String {
    let singular = n.try_into().is_ok_and(|n| n == 1);
    format!("{n} {}", if singular { one } else { other })
}
