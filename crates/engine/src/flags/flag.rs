//! A flag as data: what page 1 lists under "not covered by the criteria", with its figures
//! and its words in each language. `flags` decides which are raised; `Evaluation` holds them.

use serde::{Serialize, Serializer};

use crate::i18n::Lang;
use crate::metric;
use crate::metrics::calibration::{Estimate, HosmerLemeshow};
use crate::model::manifest::Outside;
use crate::model::signature::Status as Signature;
use crate::plan::{IntervalKind, Metric};
use crate::provenance::PlanPart;
use crate::results::RepeatedPatients;
use crate::{text, words};

/// A lower bound under this is no better than a coin for the cases it should find.
pub const COIN: f64 = 0.5;

#[derive(Debug, Clone, PartialEq)]
pub struct PostHoc {
    /// This run's attempt on the model and cohort (1 = the first).
    pub attempt: usize,
    /// What changed since the first earlier run (`provenance.prespecification.changed`).
    pub changed: Vec<PlanPart>,
}

/// One thing the criteria miss, with the figures that show it.
#[derive(Debug, Clone, PartialEq)]
pub enum Flag {
    UnconstrainedOperatingPoint {
        metric: Metric,
        threshold: f64,
        estimate: f64,
        ci: [f64; 2],
        interval: IntervalKind,
        /// The lower bound is under [`COIN`].
        under_coin: bool,
        /// The vendor's claim, when the lower bound is under it.
        under_claim: Option<f64>,
    },
    CalibrationRejected {
        /// Hosmer–Lemeshow, when it rejects.
        hosmer_lemeshow: Option<HosmerLemeshow>,
        /// The slope, when its interval excludes 1.
        slope: Option<Estimate>,
        alpha: f64,
    },
    /// Every claim the data cannot test, one flag: (metric, claimed, interval).
    ClaimNotTestable {
        claims: Vec<(Metric, f64, [f64; 2])>,
        margin: f64,
    },
    SignatureUnverified(Signature),
    OutsideIntendedUse {
        /// Evaluated cases.
        n: usize,
        /// What the vendor names that cases fall outside, with the counts.
        aspects: Vec<(Aspect, Outside)>,
    },
    PostHoc(PostHoc),
    ClusteredWithoutKey(RepeatedPatients),
    /// The model left more units unscored than the plan allows (the verdict is INCONCLUSIVE).
    ModelExclusions(crate::acceptance::ModelExclusions),
}

/// Which part of the vendor's intended use or population a case falls outside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    Age,
    Modality,
    BodyPart,
    View,
    Manufacturer,
}

impl Flag {
    /// The stable id report.json carries.
    pub fn id(&self) -> &'static str {
        match self {
            Flag::UnconstrainedOperatingPoint { .. } => "unconstrained_operating_point",
            Flag::CalibrationRejected { .. } => "calibration_rejected",
            Flag::ClaimNotTestable { .. } => "claim_not_testable",
            Flag::SignatureUnverified(_) => "signature_unverified",
            Flag::OutsideIntendedUse { .. } => "outside_intended_use",
            Flag::PostHoc(_) => "post_hoc",
            Flag::ClusteredWithoutKey(_) => "clustered_without_key",
            Flag::ModelExclusions(_) => "model_exclusions",
        }
    }

    /// A few words naming the flag, for a table's first column.
    pub fn title(&self, lang: Lang) -> &'static str {
        match self {
            Flag::UnconstrainedOperatingPoint {
                metric: Metric::Specificity,
                ..
            } => text!(lang, "flag-title-specificity"),
            Flag::UnconstrainedOperatingPoint { .. } => text!(lang, "flag-title-sensitivity"),
            Flag::CalibrationRejected { .. } => text!(lang, "flag-title-calibration"),
            Flag::ClaimNotTestable { claims, .. } if claims.len() > 1 => {
                text!(lang, "flag-title-claims")
            }
            Flag::ClaimNotTestable { .. } => text!(lang, "flag-title-claim"),
            Flag::SignatureUnverified(_) => text!(lang, "flag-title-signature"),
            Flag::OutsideIntendedUse { .. } => text!(lang, "flag-title-outside"),
            Flag::PostHoc(_) => text!(lang, "flag-title-post-hoc"),
            Flag::ClusteredWithoutKey(_) => text!(lang, "flag-title-clustered"),
            Flag::ModelExclusions(_) => text!(lang, "flag-title-model-exclusions"),
        }
    }

    /// The flag in a sentence with its figures, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let f = crate::i18n::Numbers(lang);
        match self {
            Flag::UnconstrainedOperatingPoint {
                metric,
                threshold,
                estimate,
                ci,
                interval,
                under_coin,
                under_claim,
            } => {
                let name = capitalised(metric_name(lang, *metric));
                let what = format!("{name} {} {}", f.p3(*estimate), f.ci(*ci),);
                let iv = metric::interval_name(match interval {
                    IntervalKind::ClopperPearson => IntervalKind::ClopperPearson,
                    _ => IntervalKind::Wilson,
                });
                let coin = f.plain(COIN);
                let under = match (under_coin, under_claim) {
                    (true, Some(c)) => words!(
                        lang,
                        "flag-under-coin-and-claim",
                        coin = coin,
                        claim = f.plain(*c)
                    ),
                    (true, None) => words!(lang, "flag-under-coin", coin = coin),
                    (false, Some(c)) => words!(lang, "flag-under-claim", claim = f.plain(*c)),
                    (false, None) => String::new(),
                };
                words!(
                    lang,
                    "flag-unconstrained",
                    what = what,
                    threshold = f.plain(*threshold),
                    interval = iv,
                    under = under
                )
            }
            Flag::CalibrationRejected {
                hosmer_lemeshow,
                slope,
                alpha,
            } => {
                let mut parts = Vec::new();
                if let Some(h) = hosmer_lemeshow {
                    parts.push(words!(
                        lang,
                        "flag-hosmer-lemeshow",
                        p = f.p3(h.p),
                        alpha = f.plain(*alpha),
                        chi2 = f.num(h.chi2, 2),
                        df = h.df
                    ));
                }
                if let Some(s) = slope {
                    parts.push(words!(
                        lang,
                        "flag-slope-excludes-one",
                        estimate = f.p3(s.estimate),
                        ci = f.ci(s.ci)
                    ));
                }
                words!(lang, "flag-calibration", parts = parts.join("; "))
            }
            Flag::ClaimNotTestable { claims, margin } => {
                let m = f.plain(*margin);
                if let [(metric, claimed, ci)] = claims.as_slice() {
                    return words!(
                        lang,
                        "flag-claim-not-testable",
                        metric = metric_name(lang, *metric),
                        claimed = f.plain(*claimed),
                        ci = f.ci(*ci),
                        margin = m,
                        lowest = f.p3(claimed - margin)
                    );
                }
                let list: Vec<String> = claims
                    .iter()
                    .map(|(metric, claimed, ci)| {
                        format!(
                            "{} {} {}",
                            metric_name(lang, *metric),
                            f.plain(*claimed),
                            f.ci(*ci)
                        )
                    })
                    .collect();
                words!(
                    lang,
                    "flag-claims-not-testable",
                    claims = list.join("; "),
                    margin = m
                )
            }
            Flag::SignatureUnverified(s) => signature_text(lang, s),
            Flag::OutsideIntendedUse { n, aspects } => {
                let parts: Vec<String> = aspects
                    .iter()
                    .map(|(a, o)| {
                        let mut values: Vec<String> = o
                            .values
                            .iter()
                            .take(3)
                            .map(|(v, k)| format!("{v}: {k}"))
                            .collect();
                        if o.values.len() > 3 {
                            values.push("…".into());
                        }
                        words!(
                            lang,
                            "flag-outside-aspect",
                            aspect = aspect_name(lang, *a),
                            outside = o.outside,
                            known = o.known,
                            values = values.join(", ")
                        )
                    })
                    .collect();
                let total = aspects.iter().map(|(_, o)| o.outside).max().unwrap_or(0);
                words!(
                    lang,
                    "flag-outside-intended-use",
                    total = total,
                    n = *n,
                    aspects = parts.join("; ")
                )
            }
            Flag::PostHoc(p) => {
                let changed: Vec<&str> = p.changed.iter().map(|c| changed_word(lang, *c)).collect();
                let changed = if changed.is_empty() {
                    text!(lang, "flag-changed-plan").to_string()
                } else {
                    let and = text!(lang, "list-and");
                    match changed.split_last() {
                        Some((last, [])) => last.to_string(),
                        Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
                        None => String::new(),
                    }
                };
                words!(
                    lang,
                    "flag-post-hoc",
                    attempt = p.attempt,
                    changed = changed
                )
            }
            Flag::ClusteredWithoutKey(r) => words!(
                lang,
                "flag-clustered-without-key",
                units = r.units,
                patients = r.patients
            ),
            Flag::ModelExclusions(m) => words!(
                lang,
                "flag-model-exclusions",
                excluded = m.excluded,
                units = m.units,
                share = f.pct(m.share),
                limit = f.pct(m.limit)
            ),
        }
    }
}

/// A flag as report.json holds it (its JSON Schema). Reading a report rebuilds the flags from
/// its figures (`flags::refresh`) rather than from this text.
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
struct Written {
    /// The stable id (`Flag::id`).
    id: String,
    /// The flag in a sentence, in English.
    text: String,
}

impl schemars::JsonSchema for Flag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Flag".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Written::json_schema(g)
    }
}

/// report.json: `{ "id": …, "text": … }`, the text in English.
impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Flag", 2)?;
        st.serialize_field("id", self.id())?;
        st.serialize_field("text", &self.text(Lang::En))?;
        st.end()
    }
}

fn metric_name(lang: Lang, m: Metric) -> &'static str {
    metric::name(lang, m)
}

fn aspect_name(lang: Lang, a: Aspect) -> &'static str {
    match a {
        Aspect::Age => text!(lang, "aspect-age"),
        Aspect::Modality => text!(lang, "aspect-modality"),
        Aspect::BodyPart => text!(lang, "aspect-body-part"),
        Aspect::View => text!(lang, "aspect-view"),
        Aspect::Manufacturer => text!(lang, "aspect-manufacturer"),
    }
}

/// The pre-specification's names of what changed, in the report's language.
fn changed_word(lang: Lang, c: PlanPart) -> &'static str {
    match c {
        PlanPart::Threshold => text!(lang, "changed-threshold"),
        PlanPart::Criteria => text!(lang, "changed-criteria"),
        PlanPart::Analysis => text!(lang, "changed-analysis"),
        PlanPart::Cohort => text!(lang, "changed-cohort"),
        PlanPart::Model => text!(lang, "changed-model"),
        PlanPart::Preprocess => text!(lang, "changed-preprocess"),
        PlanPart::Compare => text!(lang, "changed-compare"),
    }
}

fn signature_text(lang: Lang, s: &Signature) -> String {
    match s {
        Signature::Unsigned => text!(lang, "flag-signature-unsigned").into(),
        Signature::NotVerified { pinned_keys } => {
            words!(lang, "flag-signature-not-verified", keys = *pinned_keys)
        }
        Signature::Malformed { message } => {
            words!(lang, "flag-signature-malformed", message = message.as_str())
        }
        Signature::Verified { .. } => String::new(),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
