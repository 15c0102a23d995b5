//! Speed (issue 16 Deliver 7): every segmentation figure of one 512×512×100 CT case (border
//! voxels, the exact EDT of each surface at the other's border voxels, HD, HD95, ASSD, NSD).
//! The masks: two offset ellipsoids filling most of the grid, 0.8×0.8 mm pixels, 2.5 mm slices
//! (scripts/bench_monai_hd95.py builds the same masks for MONAI and saves them as .npy with
//! `--save DIR`; `cargo run --release -p provestein-stats --example segmentation_timing -- DIR`
//! times this crate on those very files). On 2026-12-02, two cores shared with other builds
//! (load about 9), in process, CPU seconds (user + system), alternating the two programs twice:
//! here 0.87 and 0.92 s (median of 7; all figures), MONAI 1.6.1's HD95 alone 4.38 and 4.87 s
//! (median of 3): 5.0× and 5.3× (wall 5.2× both). Before the query-only EDT: 2.55 s.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use provestein_stats::segmentation::{Grid, segmentation_metrics};

const SHAPE: [usize; 3] = [100, 512, 512];
const SPACING: [f64; 3] = [2.5, 0.8, 0.8];

/// Voxels with `Σ((xᵢ − cᵢ)/rᵢ)² ≤ 1`, C order.
fn ellipsoid(centre: [f64; 3], radii: [f64; 3]) -> Vec<bool> {
    let mut m = Vec::with_capacity(SHAPE.iter().product());
    for z in 0..SHAPE[0] {
        for y in 0..SHAPE[1] {
            for x in 0..SHAPE[2] {
                let r = [z as f64, y as f64, x as f64]
                    .iter()
                    .zip(centre.iter().zip(radii))
                    .map(|(p, (c, a))| ((p - c) / a).powi(2))
                    .sum::<f64>();
                m.push(r <= 1.0);
            }
        }
    }
    m
}

fn segmentation(c: &mut Criterion) {
    let truth = ellipsoid([50.0, 256.0, 256.0], [45.0, 230.0, 200.0]);
    let prediction = ellipsoid([52.0, 250.0, 262.0], [44.0, 225.0, 205.0]);
    let grid = Grid::new(&SHAPE, &SPACING).unwrap();
    let mut group = c.benchmark_group("segmentation");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("all figures 512x512x100", |b| {
        b.iter(|| {
            segmentation_metrics(black_box(&truth), black_box(&prediction), &grid, 1.0).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, segmentation);
criterion_main!(benches);
