//! Re-validation: two stored runs side by side. Each run is a different set of patients (a
//! later cohort, or the same site after a software update), so every test here is unpaired:
//! DeLong's unpaired test for the AUC (as pROC `roc.test(paired = FALSE)`), the pooled
//! two-proportion z-test with Newcombe's interval for sensitivity, specificity, PPV, NPV and
//! accuracy (as for subgroups), each at its own run's threshold. Changes in who the cohort is
//! (subgroup shares, prevalence) are tested the same way, Holm-corrected within an attribute,
//! and a value seen in only one run (a new manufacturer, a new software version) is flagged.
//! Differences are B − A.

use serde::Serialize;

use crate::history::StoredRun;
use crate::metrics::confusion::{Confusion, Proportion};
use crate::metrics::{compare_proportions, holm, unpaired_delong};

#[derive(Debug, Clone, Serialize)]
pub struct RunComparison {
    pub a: i64,
    pub b: i64,
    pub same_plan: bool,
    pub same_model: bool,
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
    pub ci: [f64; 2],
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
    attributes: Vec<String>,
    run: &'a StoredRun,
}

fn side(run: &StoredRun) -> Side<'_> {
    let labels: Vec<bool> = run.cases.iter().map(|c| c.label).collect();
    let scores: Vec<f64> = run.cases.iter().map(|c| c.score).collect();
    Side {
        confusion: Confusion::at_threshold(&labels, &scores, run.threshold()),
        labels,
        scores,
        attributes: run.subgroup_names(),
        run,
    }
}

fn confidence_of(run: &StoredRun) -> f64 {
    run.report()["overall"]["confidence"]
        .as_f64()
        .unwrap_or(0.95)
}

/// Compares run `b` with run `a` (the baseline), at `b`'s confidence level.
pub fn compare(a: &StoredRun, b: &StoredRun) -> RunComparison {
    let confidence = confidence_of(b);
    let alpha = 1.0 - confidence;
    let (sa, sb) = (side(a), side(b));
    let mut metrics = Vec::new();
    let proportion = |name: &str, pa: Proportion, pb: Proportion| {
        let c = compare_proportions(pb, pa, confidence);
        MetricChange {
            metric: name.into(),
            a: pa.estimate(),
            b: pb.estimate(),
            difference: c.difference,
            ci: c.ci,
            p_value: c.p_value,
            test: "pooled two-proportion z-test, Newcombe interval",
            significant: c.p_value < alpha,
        }
    };
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
    let prevalence = |s: &Side| Proportion {
        x: s.labels.iter().filter(|&&l| l).count() as u64,
        n: s.labels.len() as u64,
    };
    let mut prev = proportion("prevalence", prevalence(&sa), prevalence(&sb));
    prev.significant = prev.p_value < alpha;

    let mut flags = Vec::new();
    for m in metrics.iter().chain(std::iter::once(&prev)) {
        if m.significant {
            flags.push(format!(
                "{} changed from {:.3} to {:.3} (difference {:+.3}, {:.0}% CI [{:.3}, {:.3}], p = {:.4})",
                m.metric,
                m.a,
                m.b,
                m.difference,
                confidence * 100.0,
                m.ci[0],
                m.ci[1],
                m.p_value
            ));
        }
    }
    let composition = composition(&sa, &sb, alpha, &mut flags);
    equipment(a, b, &mut flags);
    metrics.push(prev);
    RunComparison {
        a: a.summary.id,
        b: b.summary.id,
        same_plan: a.summary.plan_sha256 == b.summary.plan_sha256,
        same_model: a.summary.model_sha256 == b.summary.model_sha256,
        confidence,
        metrics,
        composition,
        flags,
    }
}

/// Scanner manufacturers, models and software versions (DICOM runs record them under
/// `drift.equipment` whether or not they are subgroups) that one run saw and the other did not.
fn equipment(a: &StoredRun, b: &StoredRun, flags: &mut Vec<String>) {
    let seen = |r: &StoredRun| -> std::collections::BTreeMap<(String, String), u64> {
        r.report()["drift"]["equipment"]
            .as_array()
            .map(|eq| {
                eq.iter()
                    .map(|e| {
                        (
                            (
                                e["attribute"].as_str().unwrap_or_default().to_string(),
                                e["value"].as_str().unwrap_or_default().to_string(),
                            ),
                            e["cases"].as_u64().unwrap_or(0),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let (ea, eb) = (seen(a), seen(b));
    if ea.is_empty() || eb.is_empty() {
        return; // a run without equipment records (a CSV cohort) says nothing here
    }
    for ((attribute, value), n) in &eb {
        if !ea.contains_key(&(attribute.clone(), value.clone())) {
            flags.push(format!(
                "{attribute} = {value} is new in run #{} ({n} cases), not seen in run #{}",
                b.summary.id, a.summary.id
            ));
        }
    }
    for ((attribute, value), n) in &ea {
        if !eb.contains_key(&(attribute.clone(), value.clone())) {
            flags.push(format!(
                "{attribute} = {value} is no longer seen in run #{} ({n} cases in run #{})",
                b.summary.id, a.summary.id
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
    for (ia, name) in sa.attributes.iter().enumerate() {
        let Some(ib) = sb.attributes.iter().position(|n| n == name) else {
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
    if !c.same_plan {
        let _ = writeln!(s, "The runs used different plans (their SHA-256 differ).");
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
        let _ = writeln!(
            s,
            "  {:<12} {:>7.3} {:>7.3} {:>+8.3}  [{:>7.3}, {:>7.3}]   {:>8.4}{}",
            m.metric,
            m.a,
            m.b,
            m.difference,
            m.ci[0],
            m.ci[1],
            m.p_value,
            if m.significant { "  *" } else { "" }
        );
    }
    let _ = writeln!(
        s,
        "  (* p < {:.2}; AUC: unpaired DeLong; proportions: pooled z-test, Newcombe interval)",
        1.0 - c.confidence
    );
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
