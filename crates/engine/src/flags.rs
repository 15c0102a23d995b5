//! What the acceptance criteria do not cover, said on page 1 under the verdict.
//!
//! Why: a verdict is only as good as its criteria. A plan that judges the AUC alone passes a
//! model that misses a third of lesions; a vendor claim inside a wide interval looks confirmed
//! when the data simply cannot test it. Each flag names the figure that raised it.
//!
//! The rules, decided here and nowhere else (α = 1 − the plan's confidence, 0.05 at 95 %):
//!
//! * `unconstrained_operating_point`: sensitivity or specificity at the plan threshold has no
//!   acceptance criterion on it (overall or worst subgroup) and the lower bound of its interval
//!   (the plan's `proportion_interval`) is under 0.5, or under the vendor's claim for it;
//! * `calibration_rejected`: Hosmer–Lemeshow p < α, or a calibration-slope interval that
//!   excludes 1 (the slope only when no criterion judges it);
//! * `claim_not_testable`: a vendor claim whose status is
//!   [`ClaimStatus::NotTestable`](crate::acceptance::ClaimStatus) (the rule is in
//!   `acceptance::check_claims`);
//! * `signature_unverified`: a vendor manifest whose signature is not verified;
//! * `outside_intended_use`: cases outside the manifest's age range, modalities, body parts or
//!   views, or from scanner manufacturers the vendor does not report;
//! * `model_exclusions`: the model left more of the units handed to it without a score than
//!   the plan's `[analysis] max_model_exclusions` allows (`acceptance.model_exclusions`); the
//!   verdict is then INCONCLUSIVE, decided in `acceptance`, and this flag says why;
//! * `post_hoc` and `clustered_without_key`: from the [`Context`] the caller knows (the
//!   history's pre-specification; a DICOM cohort's repeated PatientID without `[cohort]
//!   patient`), since the evaluation alone cannot tell.
//!
//! Flags are computed from an `Evaluation` and never change a figure or the verdict.
//! report.json carries `{ "id", "text" }` with the English text; the report and the app render
//! [`Flag::text`] in their own language.

use crate::evaluation::{Evaluation, ProportionMetric};
use crate::model::manifest::Outside;
use crate::plan::{IntervalKind, Metric};

/// What the caller knows beyond the evaluation; the default knows nothing (no flag).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// Set when the history shows the plan changed after an earlier run of the same model on
    /// the same cohort (`provenance.prespecification.post_hoc`).
    pub post_hoc: Option<PostHoc>,
    /// Set for a cohort whose patients have several units and no `[cohort] patient` key
    /// (`cohort.repeated_patients`).
    pub repeated_patients: Option<RepeatedPatients>,
}

pub use crate::results::RepeatedPatients;

pub mod flag;
pub use flag::{Aspect, COIN, Flag, PostHoc};

impl Context {
    /// What the evaluation itself records beyond its figures: the history's pre-specification
    /// (set once the history has been consulted) and a DICOM cohort's repeated PatientID
    /// without a patient key.
    pub fn of(eval: &Evaluation) -> Context {
        Context {
            post_hoc: eval
                .provenance
                .prespecification
                .as_ref()
                .filter(|p| p.post_hoc)
                .map(|p| PostHoc {
                    attempt: p.attempt,
                    changed: p.changed.clone(),
                }),
            repeated_patients: eval.cohort.repeated_patients,
        }
    }
}

/// Sets `eval.flags` from the evaluation: after the run, and again once the history has
/// decided the pre-specification (batch and the app).
pub fn refresh(eval: &mut Evaluation) {
    eval.flags = flags(eval, &Context::of(eval));
}

/// Every flag the evaluation and the context raise, most serious first.
pub fn flags(eval: &Evaluation, ctx: &Context) -> Vec<Flag> {
    let mut out = Vec::new();
    if let Some(m) = eval
        .acceptance
        .model_exclusions
        .as_ref()
        .filter(|m| m.over_limit)
    {
        out.push(Flag::ModelExclusions(m.clone()));
    }
    if let Some(p) = &ctx.post_hoc {
        out.push(Flag::PostHoc(p.clone()));
    }
    if let Some(r) = ctx.repeated_patients {
        out.push(Flag::ClusteredWithoutKey(r));
    }
    out.extend(unconstrained(eval));
    out.extend(calibration(eval));
    let untestable: Vec<(Metric, f64, [f64; 2])> = eval
        .claims
        .iter()
        .filter(|c| c.status == crate::acceptance::ClaimStatus::NotTestable)
        .map(|c| {
            let ci = [c.ci[0].unwrap_or(f64::NAN), c.ci[1].unwrap_or(f64::NAN)];
            (c.metric, c.claimed, ci)
        })
        .collect();
    if !untestable.is_empty() {
        out.push(Flag::ClaimNotTestable {
            claims: untestable,
            margin: crate::acceptance::CLAIM_MARGIN,
        });
    }
    if let Some(m) = &eval.manifest {
        if !m.used.signature.is_verified() {
            out.push(Flag::SignatureUnverified(m.used.signature.clone()));
        }
        let r = &m.representativeness;
        let aspects: Vec<(Aspect, Outside)> = [
            (Aspect::Age, &r.age_outside),
            (Aspect::Modality, &r.modality_outside),
            (Aspect::BodyPart, &r.body_part_outside),
            (Aspect::View, &r.view_outside),
            (Aspect::Manufacturer, &r.unreported_manufacturers),
        ]
        .into_iter()
        .filter_map(|(a, o)| o.as_ref().filter(|o| o.outside > 0).map(|o| (a, o.clone())))
        .collect();
        if !aspects.is_empty() {
            out.push(Flag::OutsideIntendedUse {
                n: eval.cohort.included,
                aspects,
            });
        }
    }
    out
}

fn unconstrained(eval: &Evaluation) -> Vec<Flag> {
    let plan = &eval.plan;
    let Some(b) = eval.binary() else {
        return Vec::new();
    };
    let m = &b.overall.metrics;
    let interval = plan.analysis.proportion_interval;
    let pick = |p: &ProportionMetric| match interval {
        IntervalKind::ClopperPearson => p.clopper_pearson,
        _ => p.wilson,
    };
    [
        (Metric::Sensitivity, &m.sensitivity, plan.claims.sensitivity),
        (Metric::Specificity, &m.specificity, plan.claims.specificity),
    ]
    .into_iter()
    .filter(|(metric, ..)| !plan.acceptance.iter().any(|c| c.metric == *metric))
    .filter_map(|(metric, p, claim)| {
        let ci = pick(p);
        let lo = ci[0];
        if !lo.is_finite() {
            return None;
        }
        let under_coin = lo < COIN;
        let under_claim = claim.filter(|&c| lo < c);
        (under_coin || under_claim.is_some()).then_some(Flag::UnconstrainedOperatingPoint {
            metric,
            threshold: b.overall.threshold,
            estimate: p.estimate,
            ci,
            interval: if interval == IntervalKind::ClopperPearson {
                IntervalKind::ClopperPearson
            } else {
                IntervalKind::Wilson
            },
            under_coin,
            under_claim,
        })
    })
    .collect()
}

fn calibration(eval: &Evaluation) -> Option<Flag> {
    let b = eval.binary()?;
    let c = b.overall.calibration.as_ref()?;
    // 1 − 0.95 is 0.050000000000000044 in binary: rounded for the text.
    let alpha = ((1.0 - b.overall.confidence) * 1e9).round() / 1e9;
    let hl = Some(c.hosmer_lemeshow).filter(|h| h.p.is_finite() && h.p < alpha);
    let judged = eval
        .plan
        .acceptance
        .iter()
        .any(|a| a.metric == Metric::CalibrationSlope);
    let [lo, hi] = c.slope.ci;
    let slope = Some(c.slope)
        .filter(|_| !judged && lo.is_finite() && hi.is_finite() && (lo > 1.0 || hi < 1.0));
    (hl.is_some() || slope.is_some()).then_some(Flag::CalibrationRejected {
        hosmer_lemeshow: hl,
        slope,
        alpha,
    })
}
