//! Border voxels and the box the distances are computed in.
//!
//! A border voxel is a mask voxel with at least one face neighbour (4-connectivity in 2-D,
//! 6-connectivity in 3-D) outside the mask or outside the image: `mask XOR erode(mask)` with
//! scipy's default cross-shaped structure and background beyond the edge, which is what MONAI's
//! `get_mask_edges` (without `spacing`) and medpy compute. Distances are between voxel centres.

use rayon::prelude::*;

/// A 2-D or 3-D shape as 3 axes, a 2-D grid being one plane.
fn axes3(shape: &[usize]) -> [usize; 3] {
    let mut a = [1; 3];
    a[3 - shape.len()..].copy_from_slice(shape);
    a
}

/// Smallest box `[lo, hi)` holding every voxel set in `a` or `b`; `None` when both are empty.
/// Scans rows: the first and last set voxel of each row bound the last axis.
pub(crate) fn union_box(
    a: &[bool],
    b: &[bool],
    shape: &[usize],
) -> Option<(Vec<usize>, Vec<usize>)> {
    let [_, ny, nx] = axes3(shape);
    let mut lo = [usize::MAX; 3];
    let mut hi = [0; 3];
    for (r, (ra, rb)) in a.chunks_exact(nx).zip(b.chunks_exact(nx)).enumerate() {
        let first = match (ra.iter().position(|&v| v), rb.iter().position(|&v| v)) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => continue,
        };
        let last = ra
            .iter()
            .rposition(|&v| v)
            .max(rb.iter().rposition(|&v| v))
            .expect("the row holds a voxel");
        let (z, y) = (r / ny, r % ny);
        for (axis, c) in [(0, z), (1, y)] {
            lo[axis] = lo[axis].min(c);
            hi[axis] = hi[axis].max(c + 1);
        }
        lo[2] = lo[2].min(first);
        hi[2] = hi[2].max(last + 1);
    }
    if hi[2] == 0 {
        return None;
    }
    let pad = 3 - shape.len();
    Some((lo[pad..].to_vec(), hi[pad..].to_vec()))
}

/// The voxels of `mask` inside `[lo, hi)`, C order, copied row by row. Outside the box both
/// masks are background, so borders and nearest-border distances computed in the box equal
/// those of the whole image.
pub(crate) fn crop(mask: &[bool], shape: &[usize], lo: &[usize], hi: &[usize]) -> Vec<bool> {
    let [_, ny, nx] = axes3(shape);
    let (lo, hi) = (axes3_box(lo, 0), axes3_box(hi, 1));
    let mut out = Vec::with_capacity((hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]));
    for z in lo[0]..hi[0] {
        for y in lo[1]..hi[1] {
            let row = (z * ny + y) * nx;
            out.extend_from_slice(&mask[row + lo[2]..row + hi[2]]);
        }
    }
    out
}

/// A box corner as 3 axes (`fill` on the padded axis: 0 for lo, 1 for hi).
fn axes3_box(corner: &[usize], fill: usize) -> [usize; 3] {
    let mut a = [fill; 3];
    a[3 - corner.len()..].copy_from_slice(corner);
    a
}

/// Mask voxels with a face neighbour that is background or beyond the grid; planes in parallel.
pub(crate) fn border(mask: &[bool], shape: &[usize]) -> Vec<bool> {
    let three = shape.len() == 3;
    let [nz, ny, nx] = axes3(shape);
    let plane = ny * nx;
    let mut out = vec![false; mask.len()];
    out.par_chunks_mut(plane).enumerate().for_each(|(z, o)| {
        let m = &mask[z * plane..(z + 1) * plane];
        let z_edge = three && (z == 0 || z + 1 == nz);
        // In 2-D, or on an edge plane (decided by `z_edge`), the plane stands in for its
        // neighbours: a set voxel is never background in itself.
        let below = if three && !z_edge {
            &mask[(z - 1) * plane..z * plane]
        } else {
            m
        };
        let above = if three && !z_edge {
            &mask[(z + 1) * plane..(z + 2) * plane]
        } else {
            m
        };
        for y in 0..ny {
            let row = y * nx..(y + 1) * nx;
            if z_edge || y == 0 || y + 1 == ny || nx <= 2 {
                o[row.clone()].copy_from_slice(&m[row]); // every voxel touches the edge
                continue;
            }
            // Interior of the row: branch-free, so that it vectorises; its two ends touch the
            // edge of the image.
            let (start, end) = (row.start + 1, row.end - 1);
            o[row.start] = m[row.start];
            o[end] = m[end];
            let inner = start..end;
            let centre = &m[inner.clone()];
            let left = &m[start - 1..end - 1];
            let right = &m[start + 1..end + 1];
            let up = &m[start - nx..end - nx];
            let down = &m[start + nx..end + nx];
            let (b, a) = (&below[inner.clone()], &above[inner.clone()]);
            for (k, o) in o[inner].iter_mut().enumerate() {
                *o = centre[k] & !(left[k] & right[k] & up[k] & down[k] & b[k] & a[k]);
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_of_a_filled_square_is_its_ring_and_the_image_edge_counts_as_outside() {
        // 5×5 image, 3×3 square at rows/cols 1..4: ring of 8, centre kept out.
        let mut m = vec![false; 25];
        for r in 1..4 {
            for c in 1..4 {
                m[r * 5 + c] = true;
            }
        }
        let b = border(&m, &[5, 5]);
        assert_eq!(b.iter().filter(|x| **x).count(), 8);
        assert!(!b[2 * 5 + 2]);
        // The whole image set: only the outer ring is border.
        let full = border(&[true; 25], &[5, 5]);
        assert_eq!(full.iter().filter(|x| **x).count(), 16);
    }

    /// The definition, voxel by voxel, for any number of axes.
    fn border_by_definition(mask: &[bool], shape: &[usize]) -> Vec<bool> {
        let strides: Vec<usize> = (0..shape.len())
            .map(|a| shape[a + 1..].iter().product())
            .collect();
        (0..mask.len())
            .map(|i| {
                mask[i]
                    && (0..shape.len()).any(|a| {
                        let c = i / strides[a] % shape[a];
                        c == 0
                            || c + 1 == shape[a]
                            || !mask[i - strides[a]]
                            || !mask[i + strides[a]]
                    })
            })
            .collect()
    }

    #[test]
    fn border_matches_its_definition_in_2d_and_3d() {
        let mut state = 5u64;
        for shape in [
            vec![7, 9, 11],
            vec![1, 6, 5],
            vec![12, 13],
            vec![1, 8],
            vec![9, 1, 4],
        ] {
            let n: usize = shape.iter().product();
            let mask: Vec<bool> = (0..n)
                .map(|_| {
                    state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (state >> 60) < 12
                })
                .collect();
            assert_eq!(
                border(&mask, &shape),
                border_by_definition(&mask, &shape),
                "{shape:?}"
            );
        }
    }

    #[test]
    fn union_box_and_crop() {
        let mut a = vec![false; 24]; // 2×3×4
        let mut b = vec![false; 24];
        a[4 + 1] = true; // (0,1,1)
        b[12 + 8 + 2] = true; // (1,2,2)
        let (lo, hi) = union_box(&a, &b, &[2, 3, 4]).unwrap();
        assert_eq!((lo.clone(), hi.clone()), (vec![0, 1, 1], vec![2, 3, 3]));
        let c = crop(&b, &[2, 3, 4], &lo, &hi);
        assert_eq!(c.len(), 8);
        assert_eq!(c.iter().position(|x| *x), Some(7));
        assert!(union_box(&[false; 4], &[false; 4], &[2, 2]).is_none());
    }
}
