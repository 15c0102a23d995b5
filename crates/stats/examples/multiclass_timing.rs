//! Wall time of the multi-class figures with their patient-bootstrap intervals (confusion,
//! Hand & Till AUC, kappa, quadratic kappa; macro and micro AUC of the one-vs-rest findings) on
//! the scikit-learn digits fixture, copied COPIES times (each copy new patients, two units per
//! patient), so that scripts/bench_multiclass.py times the scikit-learn way on the same input.
//!
//! `cargo run --release -p provestein-stats --example multiclass_timing -- COPIES REPLICATES`

use provestein_stats::Clusters;
use provestein_stats::multiclass::{macro_micro_auc_ci, multiclass};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/multiclass/digits_scores.csv"
);

fn main() {
    let mut args = std::env::args().skip(1);
    let copies: usize = args.next().map_or(1, |a| a.parse().expect("COPIES"));
    let replicates: usize = args.next().map_or(2000, |a| a.parse().expect("REPLICATES"));
    let text = std::fs::read_to_string(FIXTURE).expect("the digits fixture");
    let mut truth = Vec::new();
    let mut scores = Vec::new();
    for line in text.lines().skip(1) {
        let mut cells = line.split(',');
        truth.push(cells.next().unwrap().parse::<usize>().unwrap());
        scores.extend(cells.map(|c| c.parse::<f64>().unwrap()));
    }
    let k = scores.len() / truth.len();
    let (truth, scores) = (truth.repeat(copies), scores.repeat(copies));
    let n = truth.len();
    let predicted: Vec<usize> = (0..n)
        .map(|i| {
            let row = &scores[i * k..(i + 1) * k];
            (0..k).fold(0, |b, c| if row[c] > row[b] { c } else { b })
        })
        .collect();
    let keys: Vec<String> = (0..n).map(|i| (i / 2).to_string()).collect();
    let clusters = Clusters::from_keys(&keys);
    let labels: Vec<Vec<bool>> = (0..k)
        .map(|c| truth.iter().map(|&t| t == c).collect())
        .collect();
    let columns: Vec<Vec<f64>> = (0..k)
        .map(|c| (0..n).map(|i| scores[i * k + c]).collect())
        .collect();
    let start = std::time::Instant::now();
    let m = multiclass(
        &truth, &predicted, &scores, k, &clusters, replicates, 7, 0.95,
    );
    let (macro_auc, micro_auc) =
        macro_micro_auc_ci(&labels, &columns, &clusters, replicates, 7, 0.95);
    eprintln!("in-process: {:.3} s", start.elapsed().as_secs_f64());
    println!(
        "units {n} M {:.6} [{:.4}, {:.4}] kappa {:.6} qwk {:.6} macro {:.6} [{:.4}, {:.4}] micro {:.6}",
        m.hand_till_auc.estimate,
        m.hand_till_auc.ci_low,
        m.hand_till_auc.ci_high,
        m.kappa.estimate,
        m.weighted_kappa.estimate,
        macro_auc.estimate,
        macro_auc.ci_low,
        macro_auc.ci_high,
        micro_auc.estimate
    );
}
