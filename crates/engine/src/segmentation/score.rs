//! Scoring segmentation cases (the `score` step for `[study] task = "segmentation"`): one
//! series at a time (its planes, truth masks and predicted masks in memory, then dropped), the
//! figures of every case of it per structure, and tiles for the worst cases.
//!
//! A 3-D case (unit = "series") is measured on the grid (slices, rows, columns) with spacing
//! (slice spacing, PixelSpacing row, PixelSpacing column) in mm; a 2-D case (unit = "image") on
//! its slice's (rows, columns) grid.
//!
//! Journal: the outcomes of a segmentation case (figures per structure) are not recorded, so a
//! resumed segmentation run scores every case again; the figures are the same.

use std::collections::HashMap;

use super::cohort::MaskKind;
use super::figures::Tile;
use super::outcome::{SegmentationOutcome, StructureOutcome};
use super::{masks, predict, series, tile};
use crate::cohort::ExclusionReason;
use crate::error::Result;
use crate::metrics::segmentation::{Grid, segmentation_metrics};
use crate::model::onnx::IMAGE_BATCH;
use crate::plan::{Plan, PredictionsKind, TruthKind};
use crate::run::control::{Control, Outcome, Progress};
use crate::run::source::Model;
use crate::run::{SegmentationInput, Unit};

/// One case's outcome: Ok(1) with its figures, or the reason it has none.
pub(crate) type Scored = (Outcome, Option<SegmentationOutcome>);

/// Scores `units` (any selection), series by series; results in `units` order.
pub(crate) fn score(
    plan: &Plan,
    units: &[&Unit],
    ctl: &Control,
    mut model: Option<&mut Model>,
) -> Result<Vec<Scored>> {
    ctl.report(Progress::Stage {
        name: "Segmenting and measuring",
        total: units.len() as u64,
    });
    // Units of one series, in first-appearance order.
    let mut by_series: Vec<(String, Vec<usize>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        let key = match &u.input {
            crate::run::Input::Segmentation(s) => s.series.as_str(),
            _ => u.id.as_str(),
        };
        let slot = *at.entry(key).or_insert_with(|| {
            by_series.push((key.to_string(), Vec::new()));
            by_series.len() - 1
        });
        by_series[slot].1.push(i);
    }
    let mut out: Vec<Option<Scored>> = vec![None; units.len()];
    let mut worst: Vec<Vec<(f64, f64, usize)>> = vec![Vec::new(); plan.structure.len()];
    let mut tiles: Vec<Vec<Tile>> = vec![Vec::new(); units.len()];
    for (_, members) in by_series {
        ctl.check()?;
        let crate::run::Input::Segmentation(input) = &units[members[0]].input else {
            for &i in &members {
                out[i] = Some((
                    Err((
                        ExclusionReason::Unscorable,
                        "not a segmentation case".into(),
                    )),
                    None,
                ));
            }
            continue;
        };
        let scored = score_series(plan, input, model.as_deref_mut())?;
        match scored {
            Err(reason) => {
                for &i in &members {
                    out[i] = Some((Err(reason.clone()), None));
                }
            }
            Ok(ready) => {
                for &i in &members {
                    let unit = units[i];
                    let crate::run::Input::Segmentation(own) = &unit.input else {
                        continue;
                    };
                    let result = measure(plan, &ready, own.slice);
                    match result {
                        Ok(structures) => {
                            for (k, s) in structures.iter().enumerate() {
                                consider_tile(
                                    plan,
                                    &ready,
                                    own,
                                    unit,
                                    k,
                                    s,
                                    i,
                                    &mut worst[k],
                                    &mut tiles,
                                );
                            }
                            out[i] = Some((
                                Ok(1.0),
                                Some(SegmentationOutcome {
                                    structures,
                                    tiles: Vec::new(),
                                }),
                            ));
                        }
                        Err(reason) => out[i] = Some((Err(reason), None)),
                    }
                }
            }
        }
        ctl.report(Progress::Advance(members.len() as u64));
    }
    for (i, t) in tiles.into_iter().enumerate() {
        if let Some((_, Some(o))) = out[i].as_mut() {
            o.tiles = t;
        }
    }
    Ok(out
        .into_iter()
        .map(|o| o.expect("every unit is in a series"))
        .collect())
}

/// A series read: geometry, truth and predicted masks per structure.
struct Ready<'a> {
    series: series::Series,
    input: &'a SegmentationInput,
    truth: Vec<masks::StructureMask>,
    prediction: Vec<Vec<bool>>,
}

fn score_series<'a>(
    plan: &Plan,
    input: &'a SegmentationInput,
    model: Option<&mut Model>,
) -> Result<std::result::Result<Ready<'a>, (ExclusionReason, String)>> {
    let series = match series::read(&input.images) {
        Ok(s) => s,
        Err(e) => return Ok(Err(e)),
    };
    let spec = plan.segmentation_spec();
    let truth_kind = match plan.truth.as_ref().map(|t| t.kind) {
        Some(TruthKind::Seg) => MaskKind::Seg,
        Some(TruthKind::Labelmap) => MaskKind::Labelmap,
        _ => MaskKind::Rtstruct,
    };
    let truth = match masks::read(
        truth_kind,
        &input.truth,
        &series,
        &plan.structure,
        spec.threshold,
        "truth",
    ) {
        Ok(t) => t,
        Err(e) => return Ok(Err(e)),
    };
    let prediction = if let Some(m) = model {
        let pre = plan.preprocess.clone().unwrap_or_default();
        let batch = m
            .onnx
            .batch_size(plan.model.as_ref().and_then(|s| s.batch), IMAGE_BATCH);
        match predict::predict(
            &mut m.onnx,
            &pre,
            &input.images,
            &series,
            &plan.structure,
            &spec,
            batch,
        )? {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        }
    } else {
        let kind = match plan.predictions.as_ref().map(|p| p.kind) {
            Some(PredictionsKind::Seg) => MaskKind::Seg,
            _ => MaskKind::Rtstruct,
        };
        match masks::read(
            kind,
            &input.predictions,
            &series,
            &plan.structure,
            spec.threshold,
            "prediction",
        ) {
            Ok(p) => p.into_iter().map(|m| m.mask).collect(),
            Err(e) => return Ok(Err(e)),
        }
    };
    Ok(Ok(Ready {
        series,
        input,
        truth,
        prediction,
    }))
}

/// The masks of one case (the whole series, or the sorted slice of image `slice`).
fn case_masks<'r>(
    ready: &'r Ready<'_>,
    k: usize,
    slice: Option<usize>,
) -> (&'r [bool], &'r [bool], Option<usize>) {
    let t = &ready.truth[k].mask;
    let p = &ready.prediction[k];
    match slice {
        None => (t, p, None),
        Some(image) => {
            let z = ready
                .series
                .order
                .iter()
                .position(|&i| i == image)
                .expect("every image of the series is sorted");
            let plane = ready.series.voxels_per_slice();
            let r = z * plane..(z + 1) * plane;
            (&t[r.clone()], &p[r], Some(z))
        }
    }
}

fn measure(
    plan: &Plan,
    ready: &Ready<'_>,
    slice: Option<usize>,
) -> std::result::Result<Vec<StructureOutcome>, (ExclusionReason, String)> {
    let s = &ready.series;
    let grid = match slice {
        None => Grid::new(
            &[s.len(), s.rows, s.columns],
            &[s.slice_spacing, s.row_spacing, s.column_spacing],
        ),
        Some(_) => Grid::new(&[s.rows, s.columns], &[s.row_spacing, s.column_spacing]),
    }
    .map_err(|e| (ExclusionReason::Unscorable, e.to_string()))?;
    let tolerance = plan.segmentation_spec().nsd_tolerance_mm;
    plan.structure
        .iter()
        .enumerate()
        .map(|(k, spec)| {
            let (t, p, _) = case_masks(ready, k, slice);
            let metrics = segmentation_metrics(t, p, &grid, tolerance)
                .map_err(|e| (ExclusionReason::Unscorable, e.to_string()))?;
            Ok(StructureOutcome {
                structure: spec.name.clone(),
                matched: ready.truth[k].matched.clone(),
                metrics,
            })
        })
        .collect()
}

/// Draws this case's tile for structure `k` if it is among the [`tile::KEEP`] worst so far.
#[allow(clippy::too_many_arguments)]
fn consider_tile(
    plan: &Plan,
    ready: &Ready<'_>,
    own: &SegmentationInput,
    unit: &Unit,
    k: usize,
    s: &StructureOutcome,
    index: usize,
    worst: &mut Vec<(f64, f64, usize)>,
    tiles: &mut [Vec<Tile>],
) {
    let key = (s.metrics.dice, s.metrics.hd95_mm);
    if s.metrics.presence == crate::metrics::segmentation::Presence::BothEmpty {
        return;
    }
    if worst.len() >= tile::KEEP
        && worst
            .last()
            .is_some_and(|w| tile::worse(key, (w.0, w.1)) != std::cmp::Ordering::Less)
    {
        return;
    }
    let (t, p, z) = case_masks(ready, k, own.slice);
    let plane = ready.series.voxels_per_slice();
    let slices = t.len() / plane;
    let Some(local) = tile::worst_slice(t, p, slices, plane) else {
        return;
    };
    let sorted = z.unwrap_or(local);
    let image = &ready.input.images[ready.series.order[sorted]];
    let r = local * plane..(local + 1) * plane;
    let Some(drawn) = tile::draw(
        image,
        plan.preprocess.as_ref(),
        &t[r.clone()],
        &p[r],
        ready.series.rows,
        ready.series.columns,
        &s.structure,
        &unit.id,
        if own.slice.is_some() { 0 } else { sorted },
        s.metrics.dice,
    ) else {
        return;
    };
    worst.push((key.0, key.1, index));
    worst.sort_by(|a, b| tile::worse((a.0, a.1), (b.0, b.1)).then(a.2.cmp(&b.2)));
    tiles[index].push(drawn);
    if worst.len() > tile::KEEP {
        let (_, _, dropped) = worst.pop().expect("more than KEEP");
        tiles[dropped].retain(|t| t.structure != s.structure);
    }
}
