//! Segmentation figures against MONAI 1.6 and medpy 0.5 on synthetic 2-D/3-D masks with
//! anisotropic spacing and on the janct liver/vertebra DICOM SEG (masks stored as runs in
//! tests/fixtures/segmentation/metrics.json; scripts/peers_segmentation_metrics.py regenerates it).
//!
//! `monai` holds float64 values (MONAI's border voxels, scipy's EDT, MONAI's reductions) and is
//! matched to 1e-6 mm; `monai_f32` is MONAI's public functions, which return float32, matched to
//! 1e-6 relative; `medpy` (pooled HD95, float64) to 1e-6.

use crate::peer::*;

use provestein::metrics::segmentation::{Grid, Presence, segmentation_metrics, surface_distances};
use serde_json::Value;

const TOL: f64 = 1e-6;

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}

fn mask(runs: &Value, len: usize) -> Vec<bool> {
    let mut m = vec![false; len];
    for run in runs.as_array().unwrap() {
        let (start, n) = (
            run[0].as_u64().unwrap() as usize,
            run[1].as_u64().unwrap() as usize,
        );
        m[start..start + n].fill(true);
    }
    m
}

fn relative(name: &str, got: f64, want: f64) {
    close(name, got, want, TOL * want.abs().max(1.0));
}

#[test]
fn segmentation_figures_match_monai_and_medpy() {
    let reference = json("segmentation/metrics.json");
    let cases = reference["cases"].as_array().unwrap();
    assert!(cases.len() >= 7, "metrics.json holds {} cases", cases.len());
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let shape = usizes(&case["shape"]);
        let spacing: Vec<f64> = case["spacing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        let tolerance = num(case, "/tolerance_mm");
        let grid = Grid::new(&shape, &spacing).unwrap();
        let len = shape.iter().product();
        let truth = mask(&case["truth"], len);
        let prediction = mask(&case["prediction"], len);
        let m = segmentation_metrics(&truth, &prediction, &grid, tolerance).unwrap();
        assert_eq!(m.presence, Presence::Both, "{name}");
        let d = surface_distances(&truth, &prediction, &grid)
            .unwrap()
            .unwrap();
        assert_eq!(
            d.prediction_to_truth.len() as f64,
            num(case, "/monai/n_border_pred"),
            "{name}: border voxels"
        );
        assert_eq!(
            d.truth_to_prediction.len() as f64,
            num(case, "/monai/n_border_truth"),
            "{name}: border voxels"
        );

        close(
            &format!("{name}.monai.hausdorff"),
            m.hausdorff_mm,
            num(case, "/monai/hausdorff"),
            TOL,
        );
        close(
            &format!("{name}.monai.hd95"),
            m.hd95_mm,
            num(case, "/monai/hd95"),
            TOL,
        );
        close(
            &format!("{name}.monai.assd"),
            m.assd_mm,
            num(case, "/monai/assd"),
            TOL,
        );
        close(
            &format!("{name}.monai.nsd"),
            m.nsd,
            num(case, "/monai/nsd"),
            TOL,
        );
        close(
            &format!("{name}.hd95_pooled"),
            d.pooled_percentile(0.95),
            num(case, "/monai/hd95_pooled"),
            TOL,
        );
        close(
            &format!("{name}.assd_mean_of_directed_means"),
            d.mean_of_directed_means(),
            num(case, "/monai/assd_mean_of_directed_means"),
            TOL,
        );

        for key in ["hausdorff", "hd95", "assd", "nsd", "dice", "iou"] {
            let ours = match key {
                "hausdorff" => m.hausdorff_mm,
                "hd95" => m.hd95_mm,
                "assd" => m.assd_mm,
                "nsd" => m.nsd,
                "dice" => m.dice,
                _ => m.iou,
            };
            relative(
                &format!("{name}.monai_f32.{key}"),
                ours,
                num(case, &format!("/monai_f32/{key}")),
            );
        }

        if !case["medpy"].is_null() {
            close(
                &format!("{name}.medpy.hd"),
                m.hausdorff_mm,
                num(case, "/medpy/hausdorff"),
                TOL,
            );
            // medpy pools both directions before the percentile: our pooled_percentile, not hd95_mm.
            close(
                &format!("{name}.medpy.hd95_pooled"),
                d.pooled_percentile(0.95),
                num(case, "/medpy/hd95"),
                TOL,
            );
            close(
                &format!("{name}.medpy.assd"),
                m.assd_mm,
                num(case, "/medpy/assd"),
                TOL,
            );
            close(
                &format!("{name}.medpy.dice"),
                m.dice,
                num(case, "/medpy/dice"),
                TOL,
            );
        }

        let voxel: f64 = spacing.iter().product();
        let (t, p) = (
            truth.iter().filter(|x| **x).count(),
            prediction.iter().filter(|x| **x).count(),
        );
        close(
            &format!("{name}.volume_difference"),
            m.volume_difference,
            (p as f64 - t as f64) * voxel,
            1e-9,
        );
    }
}

/// Where the two HD95 conventions part: the janct liver against itself dilated by two voxels.
/// Most border voxels of both lie on the other surface (distance 0), so the pooled 95th
/// percentile is 0 while the dilated surface's own 95th percentile is a pixel (0.81 mm).
#[test]
fn hd95_conventions_differ_where_one_direction_is_mostly_zero() {
    let reference = json("segmentation/metrics.json");
    let Some(case) = reference["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "janct_liver_vs_liver_dilated")
    else {
        panic!(
            "metrics.json lacks the janct case: run scripts/peers_segmentation_metrics.py ../shared/fixtures/real-ct-contours"
        );
    };
    assert!(num(case, "/monai/hd95") > 0.8);
    assert_eq!(num(case, "/medpy/hd95"), 0.0);
}
