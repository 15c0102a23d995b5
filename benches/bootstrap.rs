//! Speed targets: 2000 stratified bootstrap replicates at n = 100 000 well under 0.5 s on two
//! cores, and DeLong at n = 100 000 (O(n log n)).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use provestein::metrics::{delong, stratified_bootstrap};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// n cases, prevalence ~0.3, probabilities rounded to 1e-4 so that ties occur (~10 000 distinct
/// scores for 100 000 cases), positives shifted upwards (AUC ≈ 0.8).
fn cohort(n: usize) -> (Vec<bool>, Vec<f64>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20240601);
    let labels: Vec<bool> = (0..n).map(|_| rng.random_bool(0.3)).collect();
    let scores = labels
        .iter()
        .map(|&y| {
            let u: f64 = rng.random();
            let p = if y { u.sqrt() } else { u * u.sqrt() };
            (p * 1e4).round() / 1e4
        })
        .collect();
    (labels, scores)
}

fn benches(c: &mut Criterion) {
    let (y, s) = cohort(100_000);
    let mut g = c.benchmark_group("n=100000");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("stratified_bootstrap 2000 replicates", |b| {
        b.iter(|| stratified_bootstrap(black_box(&y), black_box(&s), 2000, 42, 0.95))
    });
    g.bench_function("delong", |b| {
        b.iter(|| delong(black_box(&y), black_box(&s)))
    });
    g.finish();
}

criterion_group!(bench, benches);
criterion_main!(bench);
