//! Border voxels and the box the distances are computed in.
//!
//! A border voxel is a mask voxel with at least one face neighbour (4-connectivity in 2-D,
//! 6-connectivity in 3-D) outside the mask or outside the image: `mask XOR erode(mask)` with
//! scipy's default cross-shaped structure and background beyond the edge, which is what MONAI's
//! `get_mask_edges` (without `spacing`) and medpy compute. Distances are between voxel centres.

/// Smallest box `[lo, hi)` holding every voxel set in `a` or `b`; `None` when both are empty.
pub(crate) fn union_box(
    a: &[bool],
    b: &[bool],
    shape: &[usize],
) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut lo = shape.to_vec();
    let mut hi = vec![0; shape.len()];
    let mut any = false;
    let mut coord = vec![0usize; shape.len()];
    for (x, y) in a.iter().zip(b) {
        if *x || *y {
            any = true;
            for (axis, &c) in coord.iter().enumerate() {
                lo[axis] = lo[axis].min(c);
                hi[axis] = hi[axis].max(c + 1);
            }
        }
        advance(&mut coord, shape);
    }
    any.then_some((lo, hi))
}

/// The next C-order coordinate (last axis fastest).
fn advance(coord: &mut [usize], shape: &[usize]) {
    for axis in (0..shape.len()).rev() {
        coord[axis] += 1;
        if coord[axis] < shape[axis] {
            return;
        }
        coord[axis] = 0;
    }
}

/// The voxels of `mask` inside `[lo, hi)`, C order. Outside the box both masks are background,
/// so borders and nearest-border distances computed in the box equal those of the whole image.
pub(crate) fn crop(mask: &[bool], shape: &[usize], lo: &[usize], hi: &[usize]) -> Vec<bool> {
    let sub: Vec<usize> = lo.iter().zip(hi).map(|(l, h)| h - l).collect();
    let n: usize = sub.iter().product();
    let strides = strides(shape);
    let mut out = Vec::with_capacity(n);
    let mut coord = vec![0usize; sub.len()];
    for _ in 0..n {
        let index: usize = coord
            .iter()
            .zip(lo)
            .zip(&strides)
            .map(|((c, l), s)| (c + l) * s)
            .sum();
        out.push(mask[index]);
        advance(&mut coord, &sub);
    }
    out
}

fn strides(shape: &[usize]) -> Vec<usize> {
    (0..shape.len())
        .map(|axis| shape[axis + 1..].iter().product())
        .collect()
}

/// Mask voxels with a face neighbour that is background or beyond the grid.
pub(crate) fn border(mask: &[bool], shape: &[usize]) -> Vec<bool> {
    let strides = strides(shape);
    let mut coord = vec![0usize; shape.len()];
    let mut out = vec![false; mask.len()];
    for (i, o) in out.iter_mut().enumerate() {
        if mask[i] {
            *o = (0..shape.len()).any(|axis| {
                let c = coord[axis];
                let s = strides[axis];
                c == 0 || c + 1 == shape[axis] || !mask[i - s] || !mask[i + s]
            });
        }
        advance(&mut coord, shape);
    }
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
