//! Wall time of the lesion-level analysis (matching, FROC, sensitivity at the seven FP rates,
//! CPM and their patient-bootstrap intervals) on the LIDC-IDRI fixture, copied COPIES times
//! (each copy new patients), so that scripts/bench_detection.py times the numpy way on the very
//! same marks and lesions. Prints the CPM and its interval so the two can be checked alike.
//!
//! `cargo run --release -p provestein-stats --example detection_timing -- COPIES REPLICATES`

use provestein_stats::Clusters;
use provestein_stats::detection::{HitRule, Lesion, Mark, froc, match_marks};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/detection/lidc_froc.json"
);

fn main() {
    let mut args = std::env::args().skip(1);
    let copies: usize = args.next().map_or(1, |a| a.parse().expect("COPIES"));
    let replicates: usize = args.next().map_or(2000, |a| a.parse().expect("REPLICATES"));
    let text = std::fs::read_to_string(FIXTURE).expect("the LIDC fixture");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let units: Vec<String> = serde_json::from_value(v["units"].clone()).expect("units");
    let rows = |key: &str| -> Vec<Vec<f64>> { serde_json::from_value(v[key].clone()).expect(key) };
    let (mark_rows, lesion_rows) = (rows("marks"), rows("lesions"));
    let rates: Vec<f64> = serde_json::from_value(v["rates"].clone()).expect("rates");

    let n = units.len();
    let mut keys = Vec::with_capacity(n * copies);
    let mut marks = Vec::new();
    let mut lesions = Vec::new();
    for c in 0..copies {
        keys.extend(units.iter().map(|u| format!("{c}/{u}")));
        marks.extend(mark_rows.iter().map(|r| Mark {
            unit: c * n + r[0] as usize,
            centre: [r[1], r[2], r[3]],
            score: r[4],
            bbox: None,
        }));
        lesions.extend(lesion_rows.iter().map(|r| Lesion {
            unit: c * n + r[0] as usize,
            centre: [r[1], r[2], r[3]],
            radius: Some(r[4]),
            bbox: None,
        }));
    }
    let clusters = Clusters::from_keys(&keys);
    let start = std::time::Instant::now();
    let matching = match_marks(&marks, &lesions, HitRule::CentreWithinRadius);
    let f = froc(
        &marks, &matching, &lesions, &clusters, &rates, replicates, 20261202, 0.95,
    );
    eprintln!("in-process: {:.3} s", start.elapsed().as_secs_f64());
    println!(
        "units {} marks {} lesions {} cpm {:.6} [{:.4}, {:.4}]",
        keys.len(),
        marks.len(),
        lesions.len(),
        f.cpm.estimate,
        f.cpm.ci_low,
        f.cpm.ci_high
    );
}
