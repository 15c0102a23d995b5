//! A label map put onto a series' slices by nearest voxel centre (the rule in the module head
//! of [`super`]): per slice, the pixel grid's step in voxel indices must be whole (within
//! [`GRID_TOLERANCE`] over the whole slice), so each pixel takes one voxel with integer
//! arithmetic; a row that runs along the label map's first axis inside the map is read as
//! one contiguous run.

use std::collections::BTreeMap;

use crate::geometry::Plane;

use super::{GRID_TOLERANCE, LabelMap, LabelMapError, LabelMapFileError, invert};

/// One label on the series.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelOnSeries {
    /// The value asked for.
    pub label: u32,
    /// One mask per plane, in the order given, row-major (`rows × columns`, 1 = the label).
    pub masks: Vec<Vec<u8>>,
    /// Voxels of this value in the whole label map; 0: the label is absent from the map.
    pub voxels: u64,
    /// Voxels of this value that no pixel of the series lies on (outside the series).
    pub voxels_outside: u64,
}

/// The labels asked for on a series, and what did not map.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelMasks {
    /// In the order asked.
    pub labels: Vec<LabelOnSeries>,
    /// Indices (into the planes given) of slices that lie on no plane of the label map
    /// (between two of its planes or beyond its ends): their masks are empty.
    pub slices_without_plane: Vec<usize>,
    /// Pixels of the other slices whose centre falls off the label map's grid (empty).
    pub pixels_outside: u64,
    /// Values present in the map (other than 0) that were not asked for, with their voxels.
    pub other_labels: BTreeMap<u16, u64>,
}

impl LabelMasks {
    /// The labels asked for that the map does not hold at all.
    pub fn absent_labels(&self) -> Vec<u32> {
        self.labels
            .iter()
            .filter(|l| l.voxels == 0)
            .map(|l| l.label)
            .collect()
    }

    /// The masks of `label`, if it was asked for.
    pub fn label(&self, label: u32) -> Option<&LabelOnSeries> {
        self.labels.iter().find(|l| l.label == label)
    }
}

/// How far (cosine) an axis of the label map may be from the series' axis it runs along
/// before the grid is called oblique (the voxel-centre check then decides).
const PARALLEL: f64 = 1e-3;

/// A slice in the label map's index space: integer steps per column and per row from the
/// voxel of the first pixel, or no plane of the map.
enum Placement {
    OnPlane {
        first: [i64; 3],
        per_column: [i64; 3],
        per_row: [i64; 3],
    },
    NoPlane,
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

impl LabelMap {
    /// The masks of `labels` on the slices `planes` (one mask per plane and label, as
    /// [`crate::rtstruct::rasterise`] gives one per image), with the counts of what did not
    /// map. Refuses a grid that would need interpolation, and a map no pixel lies on.
    pub fn masks_on(
        &self,
        planes: &[Plane],
        labels: &[u32],
    ) -> Result<LabelMasks, LabelMapFileError> {
        let wrap = |error| LabelMapFileError {
            path: self.path.clone(),
            error,
        };
        // Each distinct label present gets a slot; the table maps a value to slot + 1.
        let mut slot_of_value = vec![0u32; 1 << 16];
        let mut slots: Vec<u16> = Vec::new();
        for &label in labels {
            if let Ok(v) = u16::try_from(label)
                && self.counts.contains_key(&v)
                && slot_of_value[usize::from(v)] == 0
            {
                slots.push(v);
                slot_of_value[usize::from(v)] = slots.len() as u32;
            }
        }
        let mut masks: Vec<Vec<Vec<u8>>> = vec![Vec::with_capacity(planes.len()); slots.len()];
        let mut hits = vec![
            0u64;
            if slots.is_empty() {
                0
            } else {
                self.values.len().div_ceil(64)
            }
        ];
        let mut hit_voxels = vec![0u64; slots.len()];
        let mut slices_without_plane = Vec::new();
        let mut pixels_outside = 0u64;
        let mut mapped = 0u64;
        let [n0, n1, n2] = self.sizes.map(|n| n as i64);
        for (s, plane) in planes.iter().enumerate() {
            let (rows, columns) = (plane.rows as usize, plane.columns as usize);
            for m in masks.iter_mut() {
                m.push(vec![0u8; rows * columns]);
            }
            let (first, per_column, per_row) = match self.place(plane, s).map_err(wrap)? {
                Placement::NoPlane => {
                    slices_without_plane.push(s);
                    continue;
                }
                Placement::OnPlane {
                    first,
                    per_column,
                    per_row,
                } => (first, per_column, per_row),
            };
            let inside = |p: [i64; 3]| {
                (0..n0).contains(&p[0]) && (0..n1).contains(&p[1]) && (0..n2).contains(&p[2])
            };
            let linear = |p: [i64; 3]| (p[0] + n0 * (p[1] + n1 * p[2])) as usize;
            let last_column = (columns as i64) - 1;
            for r in 0..rows {
                let start: [i64; 3] = std::array::from_fn(|a| first[a] + r as i64 * per_row[a]);
                let end: [i64; 3] = std::array::from_fn(|a| start[a] + last_column * per_column[a]);
                let run = per_column == [1, 0, 0] && inside(start) && inside(end);
                for c in 0..columns {
                    let index = if run {
                        linear(start) + c
                    } else {
                        let p: [i64; 3] =
                            std::array::from_fn(|a| start[a] + c as i64 * per_column[a]);
                        if !inside(p) {
                            pixels_outside += 1;
                            continue;
                        }
                        linear(p)
                    };
                    mapped += 1;
                    let slot = slot_of_value[usize::from(self.values[index])];
                    if slot != 0 {
                        let k = slot as usize - 1;
                        masks[k][s][r * columns + c] = 1;
                        let (word, bit) = (index / 64, 1u64 << (index % 64));
                        if hits[word] & bit == 0 {
                            hits[word] |= bit;
                            hit_voxels[k] += 1;
                        }
                    }
                }
            }
        }
        if !planes.is_empty() && mapped == 0 {
            return Err(wrap(LabelMapError::NoOverlap {
                slices: planes.len(),
            }));
        }
        let out = labels
            .iter()
            .map(|&label| {
                let value = u16::try_from(label).ok();
                let voxels = value
                    .and_then(|v| self.counts.get(&v).copied())
                    .unwrap_or(0);
                match value.map(|v| slot_of_value[usize::from(v)]) {
                    Some(slot) if slot != 0 => {
                        let k = slot as usize - 1;
                        LabelOnSeries {
                            label,
                            masks: masks[k].clone(),
                            voxels,
                            voxels_outside: voxels - hit_voxels[k],
                        }
                    }
                    _ => LabelOnSeries {
                        label,
                        masks: planes
                            .iter()
                            .map(|p| vec![0u8; p.rows as usize * p.columns as usize])
                            .collect(),
                        voxels,
                        voxels_outside: voxels,
                    },
                }
            })
            .collect();
        let other_labels = self
            .counts
            .iter()
            .filter(|(v, _)| **v != 0 && !labels.contains(&u32::from(**v)))
            .map(|(v, n)| (*v, *n))
            .collect();
        Ok(LabelMasks {
            labels: out,
            slices_without_plane,
            pixels_outside,
            other_labels,
        })
    }

    /// Where slice `s` lies in the map's index space, by the rule of the module head.
    fn place(&self, plane: &Plane, s: usize) -> Result<Placement, LabelMapError> {
        let inverse = invert(self.axes).ok_or(LabelMapError::NoOrientation(
            "the voxel axes are degenerate".into(),
        ))?;
        let to_index = |v: [f64; 3]| inverse.map(|row| dot(row, v));
        let step_column = plane.row_direction.map(|x| x * plane.column_spacing);
        let step_row = plane.column_direction.map(|x| x * plane.row_spacing);
        let u = to_index(step_column);
        let w = to_index(step_row);
        let v0 = to_index(std::array::from_fn(|d| plane.origin[d] - self.origin[d]));

        // Each axis of the map runs along the series' rows, columns or slice normal.
        let mut slice_axis = 0;
        let mut best = 0.0;
        for (a, axis) in self.axes.iter().enumerate() {
            let length = dot(*axis, *axis).sqrt();
            let cosines = [plane.row_direction, plane.column_direction, plane.normal]
                .map(|d| (dot(*axis, d) / length).abs());
            if cosines.iter().all(|c| *c < 1.0 - PARALLEL) {
                return Err(LabelMapError::Oblique { axis: a, slice: s });
            }
            if cosines[2] > best {
                best = cosines[2];
                slice_axis = a;
            }
        }
        let (columns, rows) = (
            f64::from(plane.columns.saturating_sub(1)),
            f64::from(plane.rows.saturating_sub(1)),
        );
        let mut first = [0i64; 3];
        let mut per_column = [0i64; 3];
        let mut per_row = [0i64; 3];
        let mut on_plane = true;
        for a in 0..3 {
            per_column[a] = u[a].round() as i64;
            per_row[a] = w[a].round() as i64;
            first[a] = v0[a].round() as i64;
            let drift = columns * (u[a] - u[a].round()).abs() + rows * (w[a] - w[a].round()).abs();
            let offset = (v0[a] - v0[a].round()).abs();
            // Far beyond any map (or a voxel a millionth of a pixel): no plane, or no grid to
            // sample; the integer steps below then stay far from overflow.
            if !v0[a].is_finite() || v0[a].abs() > 1e12 {
                on_plane = false;
                continue;
            }
            if !drift.is_finite() || u[a].abs() > 1e6 || w[a].abs() > 1e6 {
                return Err(LabelMapError::NeedsInterpolation {
                    slice: s,
                    axis: a,
                    offset: drift,
                });
            }
            if drift > GRID_TOLERANCE {
                return Err(if a == slice_axis {
                    LabelMapError::Oblique { axis: a, slice: s }
                } else {
                    LabelMapError::NeedsInterpolation {
                        slice: s,
                        axis: a,
                        offset: drift + offset,
                    }
                });
            }
            if drift + offset > GRID_TOLERANCE {
                if a == slice_axis {
                    on_plane = false;
                } else {
                    return Err(LabelMapError::NeedsInterpolation {
                        slice: s,
                        axis: a,
                        offset: drift + offset,
                    });
                }
            }
        }
        // A slice beyond the map's first or last plane lies on no plane either.
        let t = slice_axis;
        if per_column[t] == 0 && per_row[t] == 0 && !(0..self.sizes[t] as i64).contains(&first[t]) {
            on_plane = false;
        }
        Ok(if on_plane {
            Placement::OnPlane {
                first,
                per_column,
                per_row,
            }
        } else {
            Placement::NoPlane
        })
    }
}
