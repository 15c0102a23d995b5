//! Re-validation: two stored runs side by side. Usually each run is a different set of patients
//! (a later cohort, or the same site after a software update), and the tests are unpaired:
//! DeLong's unpaired test for the AUC (as pROC `roc.test(paired = FALSE)`), the pooled
//! two-proportion z-test with Newcombe's interval for sensitivity, specificity, PPV, NPV and
//! accuracy (as for subgroups), each at its own run's threshold. Two runs on the same cases
//! (the same cohort SHA-256 and the same case ids with the same labels: a new model version, or
//! the same model at another threshold) are paired instead: the paired DeLong test for the AUC
//! (pROC `roc.test(paired = TRUE)`) and McNemar's exact test on the discordant cases for
//! sensitivity, specificity and accuracy; PPV and NPV, whose denominators are the model's own
//! calls, have no such test here and are shown untested. The two plans are compared as the
//! pre-specification check compares them (`prespec::diff`). Changes in who the cohort is
//! (subgroup shares, prevalence) are tested the same way, Holm-corrected within an attribute,
//! and a value seen in only one run (a new manufacturer, a new software version) is flagged.
//! Differences are B − A.

use serde::Serialize;

use crate::error::Result;
use crate::evaluation::Evaluation;
use crate::history::StoredRun;
use crate::history::prespec::{self, PlanDiff};
use crate::metrics::confusion::{Confusion, Proportion};
use crate::metrics::{
    compare_proportions, discordant_pairs, holm, mcnemar_exact, paired_delong, unpaired_delong,
};

#[derive(Debug, Clone, Serialize)]
pub struct RunComparison {
    pub a: i64,
    pub b: i64,
    pub same_plan: bool,
    pub same_model: bool,
    /// The same cases in both runs (same cohort SHA-256, case ids and labels): paired tests.
    pub paired: bool,
    /// What differs between the two plans in what they analyse (threshold, criteria, …).
    pub plan_changes: PlanDiff,
    pub confidence: f64,
    pub metrics: Vec<MetricChange>,
    pub composition: Vec<CompositionChange>,
    /// What changed significantly, in sentences.
    pub flags: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricChange {
    pub metric: String,
    pub a: f64,
    pub b: f64,
    pub difference: f64,
    /// NaN (null) where the test has no interval (McNemar) or nothing was tested.
    pub ci: [f64; 2],
    /// NaN (null) when not tested.
    pub p_value: f64,
    pub test: &'static str,
    pub significant: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompositionChange {
    pub attribute: String,
    pub value: String,
    pub n_a: u64,
    pub n_b: u64,
    pub share_a: f64,
    pub share_b: f64,
    pub p_value: f64,
    pub p_holm: f64,
    pub flagged: bool,
}

struct Side<'a> {
    labels: Vec<bool>,
    scores: Vec<f64>,
    confusion: Confusion,
    /// The run's report.json, read (`StoredRun::evaluation`).
    eval: Evaluation,
    /// Its binary figures (a copy: `Side::of` refuses another kind of run).
    binary: crate::evaluation::BinaryEvaluation,
    run: &'a StoredRun,
}

impl<'a> Side<'a> {
    fn of(run: &'a StoredRun) -> Result<Side<'a>> {
        let eval = run.evaluation()?;
        let Some(binary) = eval.binary().filter(|_| eval.study.task.is_binary()) else {
            return Err(crate::error::Error::Report {
                what: format!("run #{}", run.summary.id),
                message: format!(
                    "is a {} run; `history compare` compares binary classification runs in this version",
                    eval.study.task.name()
                ),
            });
        };
        let binary = binary.clone();
        let threshold = binary.overall.threshold;
        let labels: Vec<bool> = run.cases.iter().map(|c| c.label).collect();
        let scores: Vec<f64> = run.cases.iter().map(|c| c.score).collect();
        Ok(Side {
            confusion: Confusion::at_threshold(&labels, &scores, threshold),
            labels,
            scores,
            binary,
            eval,
            run,
        })
    }

    /// The operating threshold the run judged at.
    fn threshold(&self) -> f64 {
        self.binary().overall.threshold
    }

    /// The run's binary figures (`Side::of` refuses another kind of run).
    fn binary(&self) -> &crate::evaluation::BinaryEvaluation {
        &self.binary
    }

    /// The plan's subgroup attributes, in the order of each case's `subgroups`.
    fn attributes(&self) -> &[String] {
        &self.eval.cohort.subgroups
    }
}

/// Compares run `b` with run `a` (the baseline), at `b`'s confidence level. An error when a
/// run's report.json does not read (`report::json::read`).
pub fn compare(a: &StoredRun, b: &StoredRun) -> Result<RunComparison> {
    let (sa, sb) = (Side::of(a)?, Side::of(b)?);
    let confidence = sb.binary().overall.confidence;
    let alpha = 1.0 - confidence;
    let same_cases = same_cases(&sa, &sb);
    let mut metrics = match &same_cases {
        Some(b_scores) => paired_metrics(&sa, &sb, b_scores, confidence),
        None => unpaired_metrics(&sa, &sb, confidence),
    };
    let prevalence = |s: &Side| Proportion {
        x: s.labels.iter().filter(|&&l| l).count() as u64,
        n: s.labels.len() as u64,
    };
    let mut prev = proportion_change("prevalence", prevalence(&sa), prevalence(&sb), confidence);
    if same_cases.is_some() {
        prev.p_value = f64::NAN;
        prev.ci = [f64::NAN; 2];
        prev.test = "the same cases: not tested";
    }
    prev.significant = prev.p_value < alpha;

    let mut flags = Vec::new();
    for m in metrics.iter().chain(std::iter::once(&prev)) {
        if m.significant {
            let ci = if m.ci[0].is_finite() {
                format!(
                    ", {:.0}% CI [{:.3}, {:.3}]",
                    confidence * 100.0,
                    m.ci[0],
                    m.ci[1]
                )
            } else {
                String::new()
            };
            flags.push(format!(
                "{} changed from {:.3} to {:.3} (difference {:+.3}{ci}, p = {:.4}, {})",
                m.metric, m.a, m.b, m.difference, m.p_value, m.test
            ));
        }
    }
    let composition = composition(&sa, &sb, alpha, &mut flags);
    equipment(&sa, &sb, &mut flags);
    metrics.push(prev);
    Ok(RunComparison {
        a: a.summary.id,
        b: b.summary.id,
        same_plan: a.summary.plan_sha256 == b.summary.plan_sha256,
        // A vendor's score file stands for the model when there is none.
        same_model: a.summary.model_sha256 == b.summary.model_sha256
            && sa.eval.provenance.predictions_sha256 == sb.eval.provenance.predictions_sha256,
        paired: same_cases.is_some(),
        plan_changes: prespec::diff(&a.plan_toml, &b.plan_toml),
        confidence,
        metrics,
        composition,
        flags,
    })
}

/// A proportion of run B against run A: pooled z-test, Newcombe interval.
fn proportion_change(name: &str, pa: Proportion, pb: Proportion, confidence: f64) -> MetricChange {
    let c = compare_proportions(pb, pa, confidence);
    MetricChange {
        metric: name.into(),
        a: pa.estimate(),
        b: pb.estimate(),
        difference: c.difference,
        ci: c.ci,
        p_value: c.p_value,
        test: "pooled two-proportion z-test, Newcombe interval",
        significant: c.p_value < 1.0 - confidence,
    }
}

/// Run B's scores in run A's case order when both runs scored the same cases: the same cohort
/// SHA-256, and the same case ids, each with the same label. None otherwise.
fn same_cases(sa: &Side, sb: &Side) -> Option<Vec<f64>> {
    let cohort = |s: &Side| s.eval.provenance.cohort_sha256.clone();
    let (a, b) = (sa.run, sb.run);
    if cohort(sa) != cohort(sb) || a.cases.len() != b.cases.len() || a.cases.is_empty() {
        return None;
    }
    let by_id: std::collections::HashMap<&str, (bool, f64)> = b
        .cases
        .iter()
        .map(|c| (c.id.as_str(), (c.label, c.score)))
        .collect();
    if by_id.len() != b.cases.len() {
        return None; // repeated ids: cases cannot be matched one to one
    }
    a.cases
        .iter()
        .map(|c| match by_id.get(c.id.as_str()) {
            Some(&(label, score)) if label == c.label => Some(score),
            _ => None,
        })
        .collect()
}

/// Paired tests on the same cases (`b_scores` in A's case order), each run at its threshold.
fn paired_metrics(sa: &Side, sb: &Side, b_scores: &[f64], confidence: f64) -> Vec<MetricChange> {
    let alpha = 1.0 - confidence;
    let (ta, tb) = (sa.threshold(), sb.threshold());
    let pairs = discordant_pairs(&sa.labels, &sa.scores, ta, b_scores, tb);
    let mcnemar =
        |name: &str, a: Proportion, b: Proportion, test: crate::metrics::McNemar| MetricChange {
            metric: name.into(),
            a: a.estimate(),
            b: b.estimate(),
            difference: b.estimate() - a.estimate(),
            ci: [f64::NAN; 2],
            p_value: test.p_value,
            test: "exact McNemar test on the discordant cases (paired)",
            significant: test.p_value < alpha,
        };
    let (se, sp) = (pairs.sensitivity, pairs.specificity);
    let accuracy = mcnemar_exact(
        se.only_a_correct + sp.only_a_correct,
        se.only_b_correct + sp.only_b_correct,
    );
    let (ca, cb) = (&sa.confusion, &sb.confusion);
    let untested = |name: &str, a: Proportion, b: Proportion| MetricChange {
        metric: name.into(),
        a: a.estimate(),
        b: b.estimate(),
        difference: b.estimate() - a.estimate(),
        ci: [f64::NAN; 2],
        p_value: f64::NAN,
        test: "not tested (paired PPV and NPV have no exact test here)",
        significant: false,
    };
    // B first: pROC's difference is its first curve's AUC minus its second's.
    let d = paired_delong(&sa.labels, b_scores, &sa.scores, confidence);
    vec![
        mcnemar("sensitivity", se.a(), se.b(), se.mcnemar),
        mcnemar("specificity", sp.a(), sp.b(), sp.mcnemar),
        untested("ppv", ca.ppv(), cb.ppv()),
        untested("npv", ca.npv(), cb.npv()),
        mcnemar("accuracy", ca.accuracy(), cb.accuracy(), accuracy),
        MetricChange {
            metric: "auc".into(),
            a: d.auc_b,
            b: d.auc_a,
            difference: d.difference,
            ci: d.ci,
            p_value: d.p_value,
            test: "paired DeLong test (pROC roc.test, paired = TRUE)",
            significant: d.p_value < alpha,
        },
    ]
}

/// Unpaired tests: different patients in the two runs.
fn unpaired_metrics(sa: &Side, sb: &Side, confidence: f64) -> Vec<MetricChange> {
    let alpha = 1.0 - confidence;
    let mut metrics = Vec::new();
    let proportion =
        |name: &str, pa: Proportion, pb: Proportion| proportion_change(name, pa, pb, confidence);
    let (ca, cb) = (&sa.confusion, &sb.confusion);
    metrics.push(proportion(
        "sensitivity",
        ca.sensitivity(),
        cb.sensitivity(),
    ));
    metrics.push(proportion(
        "specificity",
        ca.specificity(),
        cb.specificity(),
    ));
    metrics.push(proportion("ppv", ca.ppv(), cb.ppv()));
    metrics.push(proportion("npv", ca.npv(), cb.npv()));
    metrics.push(proportion("accuracy", ca.accuracy(), cb.accuracy()));
    let d = unpaired_delong(&sb.labels, &sb.scores, &sa.labels, &sa.scores);
    metrics.push(MetricChange {
        metric: "auc".into(),
        a: d.auc_b,
        b: d.auc_a,
        difference: d.difference,
        ci: d.ci(confidence),
        p_value: d.p_value,
        test: "unpaired DeLong test (pROC), Welch-type t interval",
        significant: d.p_value < alpha,
    });
    metrics
}

/// Scanner manufacturers, models and software versions (DICOM runs record them under
/// `drift.equipment` whether or not they are subgroups) that one run saw and the other did not.
fn equipment(sa: &Side, sb: &Side, flags: &mut Vec<String>) {
    let seen = |s: &Side| -> std::collections::BTreeMap<(String, String), u64> {
        s.binary()
            .drift
            .iter()
            .flat_map(|d| &d.equipment)
            .map(|e| ((e.attribute.clone(), e.value.clone()), e.cases))
            .collect()
    };
    let (ea, eb) = (seen(sa), seen(sb));
    if ea.is_empty() || eb.is_empty() {
        return; // a run without equipment records (a CSV cohort) says nothing here
    }
    for ((attribute, value), n) in &eb {
        if !ea.contains_key(&(attribute.clone(), value.clone())) {
            flags.push(format!(
                "{attribute} = {value} is new in run #{} ({n} cases), not seen in run #{}",
                sb.run.summary.id, sa.run.summary.id
            ));
        }
    }
    for ((attribute, value), n) in &ea {
        if !eb.contains_key(&(attribute.clone(), value.clone())) {
            flags.push(format!(
                "{attribute} = {value} is no longer seen in run #{} ({n} cases in run #{})",
                sb.run.summary.id, sa.run.summary.id
            ));
        }
    }
}

/// Shares of each value of each attribute both runs record.
fn composition(
    sa: &Side,
    sb: &Side,
    alpha: f64,
    flags: &mut Vec<String>,
) -> Vec<CompositionChange> {
    let mut out = Vec::new();
    for (ia, name) in sa.attributes().iter().enumerate() {
        let Some(ib) = sb.attributes().iter().position(|n| n == name) else {
            continue;
        };
        let count = |s: &Side, i: usize| {
            let mut m = std::collections::BTreeMap::<String, u64>::new();
            for c in &s.run.cases {
                *m.entry(c.subgroups.get(i).cloned().unwrap_or_default())
                    .or_default() += 1;
            }
            m
        };
        let (ma, mb) = (count(sa, ia), count(sb, ib));
        let (na, nb) = (sa.run.cases.len() as u64, sb.run.cases.len() as u64);
        let values: std::collections::BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
        let mut rows: Vec<CompositionChange> = values
            .into_iter()
            .map(|v| {
                let (xa, xb) = (
                    ma.get(v).copied().unwrap_or(0),
                    mb.get(v).copied().unwrap_or(0),
                );
                let c = compare_proportions(
                    Proportion { x: xb, n: nb },
                    Proportion { x: xa, n: na },
                    1.0 - alpha,
                );
                CompositionChange {
                    attribute: name.clone(),
                    value: if v.is_empty() {
                        "(missing)".into()
                    } else {
                        v.clone()
                    },
                    n_a: xa,
                    n_b: xb,
                    share_a: xa as f64 / na as f64,
                    share_b: xb as f64 / nb as f64,
                    p_value: c.p_value,
                    p_holm: f64::NAN,
                    flagged: false,
                }
            })
            .collect();
        let adjusted = holm(&rows.iter().map(|r| r.p_value).collect::<Vec<_>>());
        for (r, p) in rows.iter_mut().zip(adjusted) {
            r.p_holm = p;
            let appeared = r.n_a == 0 && r.n_b > 0;
            let vanished = r.n_a > 0 && r.n_b == 0;
            r.flagged = appeared || vanished || p < alpha;
            if appeared {
                flags.push(format!(
                    "{} = {} is new in run #{} ({} cases), absent from run #{}",
                    r.attribute, r.value, sb.run.summary.id, r.n_b, sa.run.summary.id
                ));
            } else if vanished {
                flags.push(format!(
                    "{} = {} is absent from run #{} ({} cases in run #{})",
                    r.attribute, r.value, sb.run.summary.id, r.n_a, sa.run.summary.id
                ));
            } else if r.flagged {
                flags.push(format!(
                    "{} = {}: share changed from {:.1}% to {:.1}% (Holm p = {:.4})",
                    r.attribute,
                    r.value,
                    100.0 * r.share_a,
                    100.0 * r.share_b,
                    r.p_holm
                ));
            }
        }
        out.extend(rows);
    }
    out
}

/// The comparison as the text `history compare` prints.
pub fn text(c: &RunComparison) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Run #{} (A) against run #{} (B); differences are B − A.",
        c.a, c.b
    );
    if c.plan_changes.is_empty() {
        if !c.same_plan {
            let _ = writeln!(
                s,
                "The plan files differ (their SHA-256), but not in what they analyse."
            );
        }
    } else {
        let parts: Vec<&str> = c.plan_changes.parts.iter().map(|p| p.name()).collect();
        let _ = writeln!(s, "The plans differ in: {}", parts.join(", "));
        for k in &c.plan_changes.keys {
            let _ = writeln!(s, "  {}", k.describe());
        }
    }
    if c.paired {
        let _ = writeln!(
            s,
            "The same cases in both runs (same cohort SHA-256, case ids and labels): paired tests."
        );
    }
    let _ = writeln!(
        s,
        "{}",
        if c.same_model {
            "Same model file."
        } else {
            "Different model files (or a vendor's scores): a model change."
        }
    );
    let _ = writeln!(
        s,
        "\n  {:<12} {:>7} {:>7} {:>8}  {:<20} {:>8}",
        "metric",
        "A",
        "B",
        "B − A",
        format!("{:.0}% CI", c.confidence * 100.0),
        "p"
    );
    for m in &c.metrics {
        let ci = if m.ci[0].is_finite() {
            format!("[{:>7.3}, {:>7.3}]", m.ci[0], m.ci[1])
        } else {
            format!("{:<18}", "–")
        };
        let p = if m.p_value.is_finite() {
            format!("{:>8.4}", m.p_value)
        } else {
            format!("{:>8}", "–")
        };
        let _ = writeln!(
            s,
            "  {:<12} {:>7.3} {:>7.3} {:>+8.3}  {ci}   {p}{}",
            m.metric,
            m.a,
            m.b,
            m.difference,
            if m.significant { "  *" } else { "" }
        );
    }
    if c.paired {
        let _ = writeln!(
            s,
            "  (* p < {:.2}; paired: AUC paired DeLong; sensitivity, specificity, accuracy exact McNemar, no interval; PPV, NPV not tested)",
            1.0 - c.confidence
        );
    } else {
        let _ = writeln!(
            s,
            "  (* p < {:.2}; AUC: unpaired DeLong; proportions: pooled z-test, Newcombe interval)",
            1.0 - c.confidence
        );
    }
    if !c.composition.is_empty() {
        let _ = writeln!(s, "\nCohort composition (share of cases):");
        for r in &c.composition {
            let _ = writeln!(
                s,
                "  {:<28} {:>6.1}% ({:>5}) {:>6.1}% ({:>5})  Holm p {:>7.4}{}",
                format!("{} = {}", r.attribute, r.value),
                100.0 * r.share_a,
                r.n_a,
                100.0 * r.share_b,
                r.n_b,
                r.p_holm,
                if r.flagged { "  *" } else { "" }
            );
        }
    }
    if c.flags.is_empty() {
        let _ = writeln!(s, "\nNo significant change.");
    } else {
        let _ = writeln!(s, "\nChanges:");
        for f in &c.flags {
            let _ = writeln!(s, "  - {f}");
        }
    }
    s
}
