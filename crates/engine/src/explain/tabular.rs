//! What a feature model relies on (CSV cohorts with an ONNX model): permutation importance
//! and, per case, the score change when one input is set to the cohort's median.
//!
//! * **Permutation importance.** For each model input, its column is shuffled across the
//!   evaluated cases `permutations` times, the cases are scored again with the very session the
//!   run used (`OnnxModel::score_rows`, so the same input casting), and the drop in ROC AUC is
//!   recorded: AUC as scored − AUC after the shuffle. As scikit-learn's
//!   `sklearn.inspection.permutation_importance(scoring="roc_auc")`, checked against it in
//!   `tests/workflow/explain_tabular.rs`.
//! * **Median substitution.** For a case and an input, the input is set to its median over the
//!   evaluated cases and the case scored again: `change = score with the median − score`. A
//!   negative change means the case's own value raised its score.
//!
//! Why these shapes:
//! * Same seed, same numbers: shuffle r of feature j draws from its own generator, seeded from
//!   (seed, j, r) alone, as the bootstrap seeds replicate r from (seed, r). Nothing depends on the
//!   number of threads or on `rand`'s sampling algorithms (Fisher–Yates with Lemire's bounded
//!   integers is written out here).
//! * The AUC the drops are taken from is the model's AUC on the same rows scored in the same
//!   batches as the shuffled copies, so an input the model ignores (a zero weight, a constant
//!   column) has a drop of exactly 0, not a rounding difference between batch layouts.
//! * Bounded cost: above [`MAX_ROWS`] cases the importance uses a seeded stratified random
//!   subsample of [`MAX_ROWS`] (and says so); the per-case substitution covers every case while
//!   cases × inputs ≤ [`CASE_BUDGET`], else the false negatives and false positives, the most
//!   confident first, up to that budget.
//!
//! An aid to interpretation: a large drop says the model's discrimination on this cohort
//! depends on that input, not that the input causes the condition (correlated inputs share or
//! hide each other's importance).

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::metrics::intervals::quantile_type7;
use crate::plan::{CohortKind, Plan};
use crate::results::CaseResult;
use crate::run::control::Progress;
use crate::words;

/// Largest number of cases the permutation importance is computed on.
pub const MAX_ROWS: usize = 20_000;

/// Per-case substitution covers every case while cases × inputs stays within this many scored
/// rows; above it, only the errors (most confident first) up to this budget.
pub const CASE_BUDGET: usize = 1_000_000;

/// Inputs kept per case (largest |change| first); the report prints 3, the app 5.
pub const TOP: usize = 5;

/// The engine's stage names (the app translates them).
pub const STAGE_IMPORTANCE: &str = "Permutation importance";
pub const STAGE_CASES: &str = "Explaining cases";

/// What the model relies on, on this cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Importance {
    /// Shuffles per input (`[explain] permutations`).
    pub permutations: usize,
    /// `[analysis] seed`.
    pub seed: u64,
    /// The interval's coverage (`[analysis] confidence`).
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub confidence: f64,
    /// Cases the importance was computed on: every evaluated case, or a subsample.
    pub n: usize,
    pub n_positive: usize,
    /// True when `n` is a seeded stratified random subsample of the evaluated cases (cohorts
    /// above [`MAX_ROWS`]).
    pub subsampled: bool,
    /// The model's AUC on these cases, scored as the shuffled copies are: what drops are
    /// measured from.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub auc: f64,
    /// One entry per model input, the largest mean drop first.
    pub features: Vec<FeatureImportance>,
    /// Which cases carry a median-substitution explanation.
    pub case_scope: CaseScope,
    /// Per-case explanations, in predictions order (`index` into predictions.csv's rows).
    pub cases: Vec<CaseExplanation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeatureImportance {
    /// The cohort column (`[cohort] features`).
    pub feature: String,
    /// Its position among the model's inputs, 0-based.
    pub index: usize,
    /// Mean over the shuffles of AUC − AUC after shuffling this input.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub mean_drop: f64,
    /// Sample standard deviation (k − 1) of the drops over the shuffles.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub sd: f64,
    /// Percentile range of the drops over the shuffles at `confidence` (R type-7 quantiles):
    /// how much one shuffle's drop varies, not the cohort's sampling uncertainty.
    #[serde(with = "crate::metrics::nullable::pair")]
    #[schemars(with = "[Option<f64>; 2]")]
    pub interval: [f64; 2],
    /// The median over the evaluated cases, as fed to the model (float32) in the per-case
    /// substitution.
    pub median: f32,
    /// Every shuffle's drop, in shuffle order (in memory only).
    #[serde(skip)]
    pub drops: Vec<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseScope {
    /// Every evaluated case.
    All,
    /// The false negatives and false positives at the plan's threshold, most confident first,
    /// up to [`CASE_BUDGET`] scored rows.
    Errors,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CaseExplanation {
    /// Row of the case in predictions.csv (and in `Evaluation::cases`), 0-based.
    pub index: usize,
    pub id: String,
    /// Up to [`TOP`] inputs by |change|, largest first; inputs whose substitution changes
    /// nothing are left out.
    pub top: Vec<FeatureChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FeatureChange {
    pub feature: String,
    /// Score with this input set to the cohort median − the case's score.
    #[serde(with = "crate::metrics::nullable")]
    #[schemars(with = "Option<f64>")]
    pub change: f64,
}

impl Importance {
    /// The explanation of the case at `index` in `Evaluation::cases`, if it has one.
    pub fn case(&self, index: usize) -> Option<&CaseExplanation> {
        self.cases
            .binary_search_by_key(&index, |c| c.index)
            .ok()
            .map(|i| &self.cases[i])
    }
}

/// How the explanation is computed: the plan's settings and the run's batch size.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub permutations: usize,
    pub seed: u64,
    pub confidence: f64,
    /// The plan's threshold (which cases are errors).
    pub threshold: f64,
    /// Rows per model call (the run's `[model] batch`).
    pub batch: usize,
}

impl Settings {
    /// The plan's settings, or None when the plan asks for no explanation of this kind: a
    /// vendor-score plan, an imaging plan, or `[explain] permutations = 0`.
    pub fn of(plan: &Plan) -> Option<Settings> {
        let applies = plan.cohort.kind == CohortKind::Csv
            && plan.model.is_some()
            && !plan.cohort.features.is_empty()
            && plan.explain.permutations > 0;
        applies.then(|| Settings {
            permutations: plan.explain.permutations,
            seed: plan.analysis.seed,
            confidence: plan.analysis.confidence,
            threshold: plan.analysis.threshold,
            batch: plan
                .model
                .as_ref()
                .and_then(|m| m.batch)
                .unwrap_or(crate::model::onnx::BATCH)
                .max(1),
        })
    }
}

/// A model that scores feature rows: in a run, the run's own `OnnxModel::score_rows`.
pub type Scorer<'a> = dyn FnMut(&[&[f32]]) -> Result<Vec<f64>> + 'a;

/// Permutation importance and per-case median substitution.
///
/// `names` are the model's inputs in order; `rows[i]` holds the inputs of `cases[i]` (the
/// evaluated cases in predictions order). `progress` receives two stages (features, then
/// cases); `cancelled` is asked between features and between batches of cases.
pub fn explain(
    names: &[String],
    rows: &[Vec<f32>],
    cases: &[CaseResult],
    settings: &Settings,
    score: &mut Scorer<'_>,
    progress: &dyn Fn(Progress),
    cancelled: &dyn Fn() -> bool,
) -> Result<Importance> {
    assert_eq!(rows.len(), cases.len(), "one feature row per case");
    let width = names.len();
    assert!(
        rows.iter().all(|r| r.len() == width),
        "every row has one value per input"
    );
    let check = || {
        if cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    };
    let labels: Vec<bool> = cases.iter().map(|c| c.label).collect();
    let sample = subsample(&labels, MAX_ROWS, settings.seed);
    let n = sample.len();
    let sample_labels: Vec<bool> = sample.iter().map(|&i| labels[i]).collect();
    let original: Vec<f32> = sample
        .iter()
        .flat_map(|&i| rows[i].iter().copied())
        .collect();

    progress(Progress::Stage {
        name: STAGE_IMPORTANCE,
        total: width as u64,
    });
    let base = score_flat(score, &original, width, settings.batch)?;
    let auc = auc_or_nan(&sample_labels, &base);
    let mut shuffled = original.clone();
    let mut order: Vec<usize> = (0..n).collect();
    let mut features = Vec::with_capacity(width);
    for j in 0..width {
        check()?;
        let mut drops = Vec::with_capacity(settings.permutations);
        for r in 0..settings.permutations {
            order.iter_mut().enumerate().for_each(|(i, o)| *o = i);
            shuffle(&mut order, &mut stream(settings.seed, j as u64, r as u64));
            for (i, &from) in order.iter().enumerate() {
                shuffled[i * width + j] = original[from * width + j];
            }
            let s = score_flat(score, &shuffled, width, settings.batch)?;
            drops.push(auc - auc_or_nan(&sample_labels, &s));
        }
        for i in 0..n {
            shuffled[i * width + j] = original[i * width + j];
        }
        let (mean_drop, sd, interval) = summarise(&drops, settings.confidence);
        features.push(FeatureImportance {
            feature: names[j].clone(),
            index: j,
            mean_drop,
            sd,
            interval,
            median: median(rows.iter().map(|r| r[j])),
            drops,
        });
        progress(Progress::Advance(1));
    }
    // Largest mean drop first; a drop that could not be computed (NaN) last; ties in input order.
    features.sort_by(|a, b| {
        b.mean_drop
            .is_finite()
            .cmp(&a.mean_drop.is_finite())
            .then(b.mean_drop.total_cmp(&a.mean_drop))
            .then(a.index.cmp(&b.index))
    });

    let mut medians = vec![0f32; width];
    for f in &features {
        medians[f.index] = f.median;
    }
    let (case_scope, chosen) = cases_to_explain(cases, settings.threshold, width);
    progress(Progress::Stage {
        name: STAGE_CASES,
        total: chosen.len() as u64,
    });
    let per_call = (settings.batch / (width + 1)).max(1);
    let mut explained = Vec::with_capacity(chosen.len());
    for chunk in chosen.chunks(per_call) {
        check()?;
        // Per case: its own row, then one row per input with that input at the median.
        let mut flat = Vec::with_capacity(chunk.len() * (width + 1) * width);
        for &i in chunk {
            flat.extend_from_slice(&rows[i]);
            for j in 0..width {
                let start = flat.len();
                flat.extend_from_slice(&rows[i]);
                flat[start + j] = medians[j];
            }
        }
        let s = score_flat(score, &flat, width, usize::MAX)?;
        for (k, &i) in chunk.iter().enumerate() {
            let own = s[k * (width + 1)];
            let mut top: Vec<FeatureChange> = (0..width)
                .map(|j| (j, s[k * (width + 1) + 1 + j] - own))
                .filter(|(_, change)| *change != 0.0)
                .map(|(j, change)| FeatureChange {
                    feature: names[j].clone(),
                    change,
                })
                .collect();
            // Largest |change| first; NaN (a non-finite output) last; ties in input order
            // (the sort is stable).
            top.sort_by(|a, b| {
                b.change
                    .is_finite()
                    .cmp(&a.change.is_finite())
                    .then(b.change.abs().total_cmp(&a.change.abs()))
            });
            top.truncate(TOP);
            explained.push(CaseExplanation {
                index: i,
                id: cases[i].id.to_string(),
                top,
            });
        }
        progress(Progress::Advance(chunk.len() as u64));
    }
    explained.sort_by_key(|c| c.index);
    Ok(Importance {
        permutations: settings.permutations,
        seed: settings.seed,
        confidence: settings.confidence,
        n,
        n_positive: sample_labels.iter().filter(|&&l| l).count(),
        subsampled: n < cases.len(),
        auc,
        features,
        case_scope,
        cases: explained,
    })
}

/// Scores a flat row-major buffer of `width` columns in calls of at most `batch` rows.
fn score_flat(
    score: &mut Scorer<'_>,
    flat: &[f32],
    width: usize,
    batch: usize,
) -> Result<Vec<f64>> {
    let rows: Vec<&[f32]> = flat.chunks(width).collect();
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(batch) {
        out.extend(score(chunk)?);
    }
    Ok(out)
}

/// The AUC, or NaN when an output is not finite (such a shuffle has no AUC).
fn auc_or_nan(labels: &[bool], scores: &[f64]) -> f64 {
    if scores.iter().all(|s| s.is_finite()) {
        crate::metrics::auc(labels, scores)
    } else {
        f64::NAN
    }
}

/// Mean, sample standard deviation and the percentile range of the finite drops.
fn summarise(drops: &[f64], confidence: f64) -> (f64, f64, [f64; 2]) {
    let mut v: Vec<f64> = drops.iter().copied().filter(|d| d.is_finite()).collect();
    if v.is_empty() {
        return (f64::NAN, f64::NAN, [f64::NAN; 2]);
    }
    let k = v.len() as f64;
    let mean = v.iter().sum::<f64>() / k;
    let sd = if v.len() > 1 {
        (v.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt()
    } else {
        f64::NAN
    };
    v.sort_unstable_by(f64::total_cmp);
    let tail = (1.0 - confidence) / 2.0;
    let interval = [quantile_type7(&v, tail), quantile_type7(&v, 1.0 - tail)];
    (mean, sd, interval)
}

/// The median (R type 7: the mean of the two middle values when n is even), as float32.
fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f64> = values.map(f64::from).collect();
    v.sort_unstable_by(f64::total_cmp);
    quantile_type7(&v, 0.5) as f32
}

/// Which cases get a median-substitution explanation, in the order they are worked on.
fn cases_to_explain(cases: &[CaseResult], threshold: f64, width: usize) -> (CaseScope, Vec<usize>) {
    let per_case = width + 1;
    if cases.len().saturating_mul(per_case) <= CASE_BUDGET {
        return (CaseScope::All, (0..cases.len()).collect());
    }
    let mut errors: Vec<usize> = (0..cases.len())
        .filter(|&i| (cases[i].score >= threshold) != cases[i].label)
        .collect();
    // As Appendix A orders them: the most confident errors first.
    errors.sort_by(|&a, &b| {
        let (ca, cb) = (&cases[a], &cases[b]);
        (cb.score - threshold)
            .abs()
            .total_cmp(&(ca.score - threshold).abs())
            .then_with(|| ca.id.cmp(&cb.id))
    });
    errors.truncate((CASE_BUDGET / per_case).max(1));
    (CaseScope::Errors, errors)
}

/// All indices when there are at most `max` cases; else a stratified random subsample of
/// `max` (each class in proportion, at least one of each), in cohort order.
fn subsample(labels: &[bool], max: usize, seed: u64) -> Vec<usize> {
    if labels.len() <= max {
        return (0..labels.len()).collect();
    }
    let (mut pos, mut neg): (Vec<usize>, Vec<usize>) = (0..labels.len()).partition(|&i| labels[i]);
    let share = pos.len() as f64 / labels.len() as f64;
    let k_pos = ((max as f64 * share).round() as usize)
        .clamp(usize::from(!pos.is_empty()), pos.len())
        .min(max - usize::from(!neg.is_empty()));
    let k_neg = (max - k_pos).min(neg.len());
    let mut rng = stream(seed, SUBSAMPLE, 0);
    let mut out = Vec::with_capacity(max);
    for (pool, k) in [(&mut pos, k_pos), (&mut neg, k_neg)] {
        partial_shuffle(pool, k, &mut rng);
        out.extend_from_slice(&pool[..k]);
    }
    out.sort_unstable();
    out
}

/// The "feature" number of the subsample's stream, apart from every real input's.
const SUBSAMPLE: u64 = u64::MAX;

/// Fisher–Yates: a uniformly random permutation of `v`.
fn shuffle(v: &mut [usize], rng: &mut Xoshiro256PlusPlus) {
    for i in (1..v.len()).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        v.swap(i, j);
    }
}

/// The first `k` entries become a uniformly random `k`-subset (in random order).
fn partial_shuffle(v: &mut [usize], k: usize, rng: &mut Xoshiro256PlusPlus) {
    let n = v.len();
    for i in 0..k.min(n) {
        let j = i + below(rng, (n - i) as u64) as usize;
        v.swap(i, j);
    }
}

/// Uniform in [0, range) without bias: Lemire (2019) multiply-shift with rejection.
fn below(rng: &mut impl Rng, range: u64) -> u64 {
    loop {
        let wide = u128::from(rng.next_u64()) * u128::from(range);
        let low = wide as u64;
        if low < range && low < range.wrapping_neg() % range {
            continue;
        }
        return (wide >> 64) as u64;
    }
}

/// SplitMix64's output function (Steele, Lea & Flood 2014).
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The generator of shuffle `r` of input `feature`: Xoshiro256++ seeded with four SplitMix64
/// outputs from a key derived from (seed, feature, r) only, in a domain of its own (the
/// bootstrap's replicate streams start from other keys).
fn stream(seed: u64, feature: u64, r: u64) -> Xoshiro256PlusPlus {
    const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
    const DOMAIN: u64 = 0x7065_726D_7574_6521; // "permute!"
    let mut state = mix64(mix64(seed ^ DOMAIN).wrapping_add(feature)) ^ r;
    let mut bytes = [0u8; 32];
    for word in bytes.chunks_exact_mut(8) {
        state = state.wrapping_add(GOLDEN);
        word.copy_from_slice(&mix64(state).to_le_bytes());
    }
    Xoshiro256PlusPlus::from_seed(bytes)
}

/// The convention, in words, for the report's Methods section; None when the plan computes no
/// permutation importance.
pub fn convention(plan: &Plan, lang: Lang) -> Option<String> {
    let s = Settings::of(plan)?;
    let pct = s.confidence * 100.0;
    let (k, seed) = (s.permutations, s.seed);
    let f = crate::i18n::Numbers(lang);
    // The seed as text: Fluent's numbers are f64, and a u64 seed would lose digits.
    Some(words!(
        lang,
        "convention-permutation-importance",
        permutations = k,
        seed = seed.to_string(),
        max_rows = MAX_ROWS,
        confidence = f.plain(pct)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(i: usize, label: bool, score: f64) -> CaseResult {
        CaseResult {
            id: format!("c{i}").into(),
            label,
            score,
            subgroups: Box::default(),
            images: None,
            date: None,
            patient: None,
        }
    }

    #[test]
    fn lemire_below_is_in_range_and_roughly_uniform() {
        let mut rng = stream(1, 2, 3);
        let mut counts = [0u32; 7];
        for _ in 0..7000 {
            counts[below(&mut rng, 7) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (850..1150).contains(&c)),
            "{counts:?}"
        );
        assert_eq!(below(&mut rng, 1), 0);
    }

    #[test]
    fn streams_differ_by_feature_and_shuffle_and_repeat_by_seed() {
        let draw = |s, f, r| stream(s, f, r).next_u64();
        assert_eq!(draw(42, 3, 5), draw(42, 3, 5));
        assert_ne!(draw(42, 3, 5), draw(42, 3, 6));
        assert_ne!(draw(42, 3, 5), draw(42, 4, 5));
        assert_ne!(draw(42, 3, 5), draw(43, 3, 5));
    }

    #[test]
    fn shuffles_are_permutations_and_subsamples_are_stratified() {
        let mut v: Vec<usize> = (0..100).collect();
        shuffle(&mut v, &mut stream(7, 0, 0));
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_ne!(v, sorted);
        let labels: Vec<bool> = (0..1000).map(|i| i % 10 == 0).collect();
        let s = subsample(&labels, 200, 9);
        assert_eq!(s.len(), 200);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(s.iter().filter(|&&i| labels[i]).count(), 20);
        assert_eq!(s, subsample(&labels, 200, 9));
        assert_eq!(subsample(&labels, 2000, 9).len(), 1000);
        // A rare class is kept.
        let rare: Vec<bool> = (0..1000).map(|i| i == 500).collect();
        assert!(subsample(&rare, 100, 1).contains(&500));
    }

    /// A linear model in plain Rust: an ignored input has drop 0 exactly; the used one does not;
    /// substitution matches a hand-edited row.
    #[test]
    fn ignored_inputs_have_no_importance_and_substitution_is_a_hand_edit() {
        let n = 60;
        let rows: Vec<Vec<f32>> = (0..n)
            .map(|i| vec![i as f32, ((i * 7) % 13) as f32, 3.0])
            .collect();
        let weights = [0.05f64, 0.0, 1.0];
        let model = |r: &[f32]| {
            let z: f64 = r.iter().zip(&weights).map(|(&x, w)| f64::from(x) * w).sum();
            1.0 / (1.0 + (-(z - 4.5)).exp())
        };
        let cases: Vec<CaseResult> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| case(i, i % 3 != 0 && i > 20, model(r)))
            .collect();
        let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let settings = Settings {
            permutations: 20,
            seed: 42,
            confidence: 0.95,
            threshold: 0.5,
            batch: 7,
        };
        let mut score = |rows: &[&[f32]]| Ok(rows.iter().map(|r| model(r)).collect());
        let got = explain(
            &names,
            &rows,
            &cases,
            &settings,
            &mut score,
            &|_| {},
            &|| false,
        )
        .unwrap();
        assert_eq!(got.features[0].feature, "a");
        assert!(got.features[0].mean_drop > 0.1);
        for f in &got.features[1..] {
            assert_eq!(f.mean_drop, 0.0, "{}", f.feature);
            assert_eq!(f.interval, [0.0, 0.0]);
            assert_eq!(f.drops, vec![0.0; 20]);
        }
        assert_eq!(got.case_scope, CaseScope::All);
        assert_eq!(got.cases.len(), n);
        let c = got.case(5).unwrap();
        assert_eq!(c.top.len(), 1, "only input a changes the score");
        let mut edited = rows[5].clone();
        edited[0] = got.features[0].median;
        assert_eq!(c.top[0].change, model(&edited) - model(&rows[5]));
        assert_eq!(got.features[0].median, 29.5);
        // Deterministic.
        let again = explain(
            &names,
            &rows,
            &cases,
            &settings,
            &mut score,
            &|_| {},
            &|| false,
        )
        .unwrap();
        assert_eq!(got, again);
        // Cancelled between features.
        let err = explain(
            &names,
            &rows,
            &cases,
            &settings,
            &mut score,
            &|_| {},
            &|| true,
        );
        assert!(matches!(err, Err(Error::Cancelled)));
    }

    #[test]
    fn summaries_of_drops() {
        let (m, sd, iv) = summarise(&[0.1, 0.2, 0.3, f64::NAN], 0.5);
        assert!((m - 0.2).abs() < 1e-15);
        assert!((sd - 0.1).abs() < 1e-15);
        assert!((iv[0] - 0.15).abs() < 1e-15 && (iv[1] - 0.25).abs() < 1e-15);
        assert!(summarise(&[], 0.95).0.is_nan());
        assert_eq!(median([3.0f32, 1.0, 2.0, 10.0].into_iter()), 2.5);
    }
}
