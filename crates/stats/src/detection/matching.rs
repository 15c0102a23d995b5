//! Marks to lesions: the hit rules and the greedy one-to-one matching (conventions in the
//! module docs of `detection`).

use std::collections::HashMap;

use super::{Box3, HitRule, Lesion, Mark, Matching, Point};

pub(super) fn match_marks(marks: &[Mark], lesions: &[Lesion], rule: HitRule) -> Matching {
    let mut by_unit: HashMap<usize, Vec<usize>> = HashMap::new();
    for (l, lesion) in lesions.iter().enumerate() {
        by_unit.entry(lesion.unit).or_default().push(l);
    }
    // Descending score; the stable sort keeps lower mark indices first among equal scores.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by(|&a, &b| marks[b].score.total_cmp(&marks[a].score));

    let mut lesion_of_mark = vec![None; marks.len()];
    let mut extra = vec![false; marks.len()];
    let mut lesion_score = vec![None; lesions.len()];
    for m in order {
        let mark = &marks[m];
        let Some(candidates) = by_unit.get(&mark.unit) else {
            continue; // a lesion-free unit: a false positive
        };
        let mut best: Option<(f64, usize)> = None;
        let mut hits_any = false;
        for &l in candidates {
            if !hits(mark, &lesions[l], rule) {
                continue;
            }
            hits_any = true;
            if lesion_score[l].is_some() {
                continue;
            }
            let d = distance(&mark.centre, &lesions[l].centre);
            // Candidates are in ascending lesion index, so `<` keeps the lower index on ties.
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, l));
            }
        }
        match best {
            Some((_, l)) => {
                lesion_of_mark[m] = Some(l);
                lesion_score[l] = Some(mark.score);
            }
            None => extra[m] = hits_any,
        }
    }
    Matching {
        lesion_of_mark,
        extra,
        lesion_score,
    }
}

/// Whether `mark` hits `lesion` under `rule` (same unit assumed).
pub(super) fn hits(mark: &Mark, lesion: &Lesion, rule: HitRule) -> bool {
    match rule {
        HitRule::CentreWithinRadius => lesion
            .radius
            .is_some_and(|r| distance(&mark.centre, &lesion.centre) <= r),
        HitRule::DistanceMm(d) => distance(&mark.centre, &lesion.centre) <= d,
        HitRule::Iou(t) => match (&mark.bbox, &lesion.bbox) {
            (Some(a), Some(b)) => iou(a, b) >= t,
            _ => false,
        },
    }
}

fn distance(a: &Point, b: &Point) -> f64 {
    let sq: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
    sq.sqrt()
}

/// Intersection over union of two axis-aligned boxes. An axis on which both boxes are flat
/// (a 2-D unit's z) is left out of the volumes when the boxes lie in the same plane, so the IoU
/// of 2-D boxes is their area ratio; boxes in different planes do not overlap. 0 when the union
/// is empty (or both boxes are points).
pub(super) fn iou(a: &Box3, b: &Box3) -> f64 {
    let (mut inter, mut vol_a, mut vol_b) = (1.0, 1.0, 1.0);
    let mut axes = 0;
    for axis in 0..3 {
        let (a_lo, a_hi) = (a[0][axis].min(a[1][axis]), a[0][axis].max(a[1][axis]));
        let (b_lo, b_hi) = (b[0][axis].min(b[1][axis]), b[0][axis].max(b[1][axis]));
        if a_lo == a_hi && b_lo == b_hi {
            if a_lo != b_lo {
                return 0.0;
            }
            continue;
        }
        axes += 1;
        inter *= (a_hi.min(b_hi) - a_lo.max(b_lo)).max(0.0);
        vol_a *= a_hi - a_lo;
        vol_b *= b_hi - b_lo;
    }
    let union = vol_a + vol_b - inter;
    if axes > 0 && union > 0.0 {
        inter / union
    } else {
        0.0
    }
}
