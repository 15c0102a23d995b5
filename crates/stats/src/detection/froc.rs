//! The FROC curve, sensitivity at FP rates (MONAI's `np.interp`), the CPM and their patient
//! bootstrap (conventions in the module docs of `detection`).

use super::{Estimate, Froc, FrocPoint, Lesion, Mark, Matching, SensitivityAt};
use crate::bootstrap::patient_replicates;
use crate::clustered::Clusters;
use crate::intervals::quantile_type7;
use crate::watch::{Cancelled, Watch};

/// A counted mark: its score, its patient, and whether it is a true positive.
#[derive(Clone, Copy)]
struct Counted {
    score: f64,
    patient: u32,
    tp: bool,
}

#[allow(clippy::too_many_arguments)]
pub(super) fn froc(
    marks: &[Mark],
    matching: &Matching,
    lesions: &[Lesion],
    clusters: &Clusters,
    fp_rates: &[f64],
    replicates: usize,
    seed: u64,
    confidence: f64,
    watch: &dyn Watch,
) -> Result<Froc, Cancelled> {
    assert_eq!(
        matching.lesion_of_mark.len(),
        marks.len(),
        "matching made from other marks"
    );
    assert_eq!(
        matching.lesion_score.len(),
        lesions.len(),
        "matching made from other lesions"
    );
    let units = clusters.units();
    let mut counted: Vec<Counted> = marks
        .iter()
        .zip(&matching.lesion_of_mark)
        .zip(&matching.extra)
        .filter(|((_, hit), extra)| hit.is_some() || !**extra)
        .map(|((m, hit), _)| Counted {
            score: m.score,
            patient: clusters.of[m.unit],
            tp: hit.is_some(),
        })
        .collect();
    counted.sort_by(|a, b| b.score.total_cmp(&a.score));

    // Point estimates: every patient once.
    let ones = vec![1u32; clusters.count];
    let mut lesions_of = vec![0u32; clusters.count];
    for l in lesions {
        lesions_of[clusters.of[l.unit] as usize] += 1;
    }
    let mut units_of = vec![0u32; clusters.count];
    for &c in &clusters.of {
        units_of[c as usize] += 1;
    }
    let sweep = Sweep {
        counted: &counted,
        lesions_of: &lesions_of,
        units_of: &units_of,
    };
    let points = sweep.points(&ones);
    let estimates = at_rates(&points, fp_rates);

    // Bootstrap: per replicate, sensitivity at each rate then the CPM (None: no lesion drawn).
    let defined = !lesions.is_empty() && clusters.count > 1 && replicates > 0;
    let values: Vec<Option<Vec<f64>>> = if defined {
        patient_replicates(clusters.count, replicates, seed, watch, |weight| {
            let points = sweep.points(weight);
            points
                .first()
                .is_some_and(|p| !p.sensitivity.is_nan())
                .then(|| at_rates(&points, fp_rates))
        })?
    } else {
        Vec::new()
    };
    let without_lesions = values.iter().filter(|v| v.is_none()).count();
    let kept: Vec<&Vec<f64>> = values.iter().flatten().collect();
    let interval = |k: usize| -> [f64; 2] {
        if !defined {
            return [f64::NAN; 2];
        }
        let mut column: Vec<f64> = kept.iter().map(|v| v[k]).collect();
        column.sort_unstable_by(f64::total_cmp);
        let tail = (1.0 - confidence) / 2.0;
        [
            quantile_type7(&column, tail),
            quantile_type7(&column, 1.0 - tail),
        ]
    };
    let estimate = |k: usize| {
        let [ci_low, ci_high] = interval(k);
        Estimate {
            estimate: estimates[k],
            ci_low,
            ci_high,
        }
    };
    Ok(Froc {
        sensitivity_at: fp_rates
            .iter()
            .enumerate()
            .map(|(k, &fp_rate)| SensitivityAt {
                fp_rate,
                sensitivity: estimate(k),
            })
            .collect(),
        cpm: estimate(fp_rates.len()),
        points,
        units,
        lesions: lesions.len(),
        replicates,
        seed,
        replicates_without_lesions: without_lesions,
    })
}

/// The counted marks in descending score order and each patient's lesions and units: all a
/// curve needs, for the cohort (weights 1) or a replicate (weights = times drawn).
struct Sweep<'a> {
    counted: &'a [Counted],
    lesions_of: &'a [u32],
    units_of: &'a [u32],
}

impl Sweep<'_> {
    /// The FROC points, the (+∞, 0, 0) origin first. A patient drawn 0 times contributes no
    /// threshold; sensitivity NaN without lesions, FP per unit NaN without units.
    fn points(&self, weight: &[u32]) -> Vec<FrocPoint> {
        let weighted = |per: &[u32]| -> f64 {
            per.iter()
                .zip(weight)
                .map(|(&n, &w)| u64::from(n) * u64::from(w))
                .sum::<u64>() as f64
        };
        let (lesions, units) = (weighted(self.lesions_of), weighted(self.units_of));
        let mut points = vec![FrocPoint {
            threshold: f64::INFINITY,
            fp_per_unit: 0.0 / units,
            sensitivity: 0.0 / lesions,
        }];
        let (mut tp, mut fp) = (0u64, 0u64);
        let mut drawn = self
            .counted
            .iter()
            .filter(|c| weight[c.patient as usize] > 0)
            .peekable();
        while let Some(c) = drawn.next() {
            let w = u64::from(weight[c.patient as usize]);
            if c.tp {
                tp += w;
            } else {
                fp += w;
            }
            if drawn.peek().is_none_or(|next| next.score != c.score) {
                points.push(FrocPoint {
                    threshold: c.score,
                    fp_per_unit: fp as f64 / units,
                    sensitivity: tp as f64 / lesions,
                });
            }
        }
        points
    }
}

/// Sensitivity at each rate (np.interp on the curve), then their mean (the CPM) last.
fn at_rates(points: &[FrocPoint], fp_rates: &[f64]) -> Vec<f64> {
    let fp: Vec<f64> = points.iter().map(|p| p.fp_per_unit).collect();
    let sens: Vec<f64> = points.iter().map(|p| p.sensitivity).collect();
    let mut values: Vec<f64> = fp_rates.iter().map(|&r| interp(r, &fp, &sens)).collect();
    let cpm = values.iter().sum::<f64>() / values.len() as f64;
    values.push(cpm);
    values
}

/// `numpy.interp(x, xp, fp)` for one x, reproducing numpy's arithmetic (`arr_interp` in
/// numpy/core/src/multiarray/compiled_base.c): below the first point the first value, above the
/// last the last value; otherwise j = the last index with xp[j] ≤ x, and fp[j] when x = xp[j] (or
/// j is the last index), else fp[j] + slope·(x − xp[j]). `xp` must be non-decreasing; with
/// repeated xp values the last of the run wins, as in numpy. NaN when `xp` is empty or x or an xp
/// is NaN (a cohort without units).
pub fn interp(x: f64, xp: &[f64], fp: &[f64]) -> f64 {
    assert_eq!(xp.len(), fp.len(), "one value per point");
    let n = xp.len();
    if n == 0 || x.is_nan() || xp.iter().any(|v| v.is_nan()) {
        return f64::NAN;
    }
    if x > xp[n - 1] {
        return fp[n - 1];
    }
    if x < xp[0] {
        return fp[0];
    }
    // Last j with xp[j] <= x (xp[0] <= x holds here).
    let j = xp.partition_point(|&v| v <= x) - 1;
    if j == n - 1 || xp[j] == x {
        return fp[j];
    }
    let slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
    let y = slope * (x - xp[j]) + fp[j];
    if y.is_nan() {
        let y = slope * (x - xp[j + 1]) + fp[j + 1];
        if y.is_nan() && fp[j] == fp[j + 1] {
            return fp[j];
        }
        return y;
    }
    y
}
