//! Speed targets: 2000 stratified bootstrap replicates at n = 100 000 well under 0.5 s on two
//! cores, and DeLong at n = 100 000 (O(n log n)). The patient-level (clustered) statistics at
//! the same n from 38 000 patients (~2.6 units each, as in screening): Obuchowski's variance
//! (O(n log n), as DeLong), the clustered rates, and 2000 patient bootstrap replicates.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use provestein::metrics::clustered::clustered_rates;
use provestein::metrics::{Clusters, cluster_bootstrap, delong, obuchowski, stratified_bootstrap};
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

/// n units from `patients` patients: the first `patients` units one each, the rest each given a
/// random patient (so 1 + ~Poisson(n/patients − 1) units a patient); a patient effect shifts
/// both the label and the score of all its units, so they are alike, as in a screening cohort.
fn clustered_cohort(n: usize, patients: usize) -> (Vec<bool>, Vec<f64>, Clusters) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20261202);
    // Roughly normal patient effect (Irwin–Hall of 3, variance 1).
    let effect: Vec<f64> = (0..patients)
        .map(|_| (rng.random::<f64>() + rng.random::<f64>() + rng.random::<f64>() - 1.5) * 2.0)
        .collect();
    let of: Vec<u32> = (0..n)
        .map(|u| {
            if u < patients {
                u as u32
            } else {
                rng.random_range(0..patients as u32)
            }
        })
        .collect();
    let mut labels = Vec::with_capacity(n);
    let mut scores = Vec::with_capacity(n);
    for &k in &of {
        let e = effect[k as usize];
        let y = rng.random_bool(1.0 / (1.0 + (1.2 - 2.0 * e).exp()));
        let u: f64 = rng.random();
        let logit = (u / (1.0 - u)).ln() * 0.6 + if y { 1.3 } else { 0.0 } + e - 0.5;
        labels.push(y);
        scores.push((1e3 / (1.0 + (-logit).exp())).round() / 1e3);
    }
    (
        labels,
        scores,
        Clusters {
            of,
            count: patients,
        },
    )
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

    let (y, s, k) = clustered_cohort(100_000, 38_000);
    let mut g = c.benchmark_group("n=100000, 38000 patients");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("cluster_bootstrap 2000 replicates", |b| {
        b.iter(|| cluster_bootstrap(black_box(&y), black_box(&s), black_box(&k), 2000, 42, 0.95))
    });
    g.bench_function("obuchowski", |b| {
        b.iter(|| obuchowski(black_box(&y), black_box(&s), black_box(&k)))
    });
    g.bench_function("clustered_rates", |b| {
        b.iter(|| clustered_rates(black_box(&y), black_box(&s), 0.5, black_box(&k), 0.95))
    });
    g.finish();
}

criterion_group!(bench, benches);
criterion_main!(bench);
