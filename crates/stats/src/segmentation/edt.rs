//! Exact Euclidean distance transform in physical units (Felzenszwalb & Huttenlocher 2012,
//! "Distance transforms of sampled functions"): one 1-D lower-envelope pass per axis, O(voxels).
//!
//! The squared distance separates over axes, so each pass adds one axis' `(Δi·spacing)²` to the
//! minimum found so far; positions are in millimetres, so anisotropic spacing needs no rescaling.
//! Values are squared distances; `f64::INFINITY` where the grid holds no feature at all.

use rayon::prelude::*;

/// Squared distance (mm²) from every voxel to the nearest `feature` voxel; C order, last axis
/// contiguous (as numpy). `shape` and `spacing` have the same length and `feature.len()` is their
/// product (checked by the caller).
pub(crate) fn squared_edt(feature: &[bool], shape: &[usize], spacing: &[f64]) -> Vec<f64> {
    let mut d: Vec<f64> = feature
        .iter()
        .map(|&f| if f { 0.0 } else { f64::INFINITY })
        .collect();
    if d.is_empty() {
        return d;
    }
    for (axis, &s) in spacing.iter().enumerate() {
        pass(&mut d, shape, axis, s);
    }
    d
}

/// One axis: the lines along `axis` are independent, processed in parallel by outer block.
fn pass(d: &mut [f64], shape: &[usize], axis: usize, spacing: f64) {
    let n = shape[axis];
    let stride: usize = shape[axis + 1..].iter().product();
    let block = n * stride; // one index of the axes before `axis`
    d.par_chunks_mut(block).for_each(|chunk| {
        let mut line = vec![0.0; n];
        let mut out = vec![0.0; n];
        let mut scratch = Scratch::new(n);
        for offset in 0..stride {
            for (i, v) in line.iter_mut().enumerate() {
                *v = chunk[offset + i * stride];
            }
            lower_envelope(&line, spacing, &mut out, &mut scratch);
            for (i, v) in out.iter().enumerate() {
                chunk[offset + i * stride] = *v;
            }
        }
    });
}

struct Scratch {
    /// Grid index of the parabola forming the envelope's k-th piece.
    v: Vec<usize>,
    /// The k-th piece's left boundary (mm).
    z: Vec<f64>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Scratch {
            v: vec![0; n],
            z: vec![0.0; n + 1],
        }
    }
}

/// `out[q] = min_p f[p] + ((q − p)·s)²`. Parabolas with `f = ∞` (no feature on that line yet)
/// are left out, which keeps the intersections finite and exact; a line without any finite value
/// stays infinite.
fn lower_envelope(f: &[f64], s: f64, out: &mut [f64], sc: &mut Scratch) {
    let n = f.len();
    let mut k: usize = 0;
    let mut any = false;
    for q in 0..n {
        if !f[q].is_finite() {
            continue;
        }
        let xq = q as f64 * s;
        if !any {
            any = true;
            sc.v[0] = q;
            sc.z[0] = f64::NEG_INFINITY;
            sc.z[1] = f64::INFINITY;
            k = 0;
            continue;
        }
        // z[0] = −∞, so the loop stops at k = 0 at the latest.
        let inter = loop {
            let p = sc.v[k];
            let xp = p as f64 * s;
            let inter = ((f[q] + xq * xq) - (f[p] + xp * xp)) / (2.0 * (xq - xp));
            if inter <= sc.z[k] {
                k -= 1;
            } else {
                break inter;
            }
        };
        k += 1;
        sc.v[k] = q;
        sc.z[k] = inter;
        sc.z[k + 1] = f64::INFINITY;
    }
    if !any {
        out.fill(f64::INFINITY);
        return;
    }
    let mut k = 0;
    for (q, o) in out.iter_mut().enumerate() {
        let xq = q as f64 * s;
        while sc.z[k + 1] < xq {
            k += 1;
        }
        let p = sc.v[k];
        // (Δi)·s, not i·s − p·s: the same rounding as scipy's EDT, so that a distance that is
        // exactly the surface Dice tolerance counts as within it on both sides.
        let dx = (q as f64 - p as f64) * s;
        *o = dx * dx + f[p];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force over all feature pairs, for small grids.
    fn brute(feature: &[bool], shape: &[usize], spacing: &[f64]) -> Vec<f64> {
        let coords = |mut i: usize| {
            let mut c = vec![0usize; shape.len()];
            for a in (0..shape.len()).rev() {
                c[a] = i % shape[a];
                i /= shape[a];
            }
            c
        };
        (0..feature.len())
            .map(|i| {
                let ci = coords(i);
                feature
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| **f)
                    .map(|(j, _)| {
                        let cj = coords(j);
                        (0..shape.len())
                            .map(|a| ((ci[a] as f64 - cj[a] as f64) * spacing[a]).powi(2))
                            .sum::<f64>()
                    })
                    .fold(f64::INFINITY, f64::min)
            })
            .collect()
    }

    #[test]
    fn matches_brute_force_on_anisotropic_random_grids() {
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as f64 / (1u64 << 31) as f64
        };
        for (shape, spacing, density) in [
            (vec![7, 9, 5], vec![2.5, 0.7, 1.3], 0.05),
            (vec![11, 6], vec![0.3, 1.9], 0.1),
            (vec![4, 5, 6], vec![1.0, 1.0, 1.0], 0.02),
            (vec![6, 6, 6], vec![3.0, 0.5, 0.5], 0.004),
        ] {
            let n: usize = shape.iter().product();
            let feature: Vec<bool> = (0..n).map(|_| next() < density).collect();
            let got = squared_edt(&feature, &shape, &spacing);
            let want = brute(&feature, &shape, &spacing);
            for (g, w) in got.iter().zip(&want) {
                assert!(
                    (g == w) || (g - w).abs() < 1e-9,
                    "{shape:?} {spacing:?}: {g} vs {w}"
                );
            }
        }
    }

    #[test]
    fn no_feature_is_infinite_everywhere() {
        let d = squared_edt(&[false; 12], &[3, 4], &[1.0, 2.0]);
        assert!(d.iter().all(|v| v.is_infinite()));
    }
}
