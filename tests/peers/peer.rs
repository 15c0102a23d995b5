//! Helpers shared by the peer-comparison tests: reading the reference fixtures and printing
//! every comparison as `DIFF <name> <abs diff>` (see with `--nocapture`).
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

pub fn reference(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Minimal CSV reader for the reference files (no embedded commas; quotes stripped).
pub fn read_csv(rel: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(reference(rel)).unwrap();
    let mut lines = text.lines().map(|l| {
        l.split(',')
            .map(|f| f.trim().trim_matches('"').to_string())
            .collect::<Vec<_>>()
    });
    (lines.next().unwrap(), lines.collect())
}

pub fn json(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(reference(rel)).unwrap()).unwrap()
}

pub fn num(v: &Value, pointer: &str) -> f64 {
    v.pointer(pointer)
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("{pointer} missing"))
}

pub fn column(header: &[String], rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = header.iter().position(|h| h == name).unwrap();
    rows.iter().map(|r| r[i].clone()).collect()
}

pub fn floats(v: Vec<String>) -> Vec<f64> {
    v.iter().map(|s| s.parse().unwrap()).collect()
}

pub fn close(name: &str, got: f64, want: f64, tol: f64) {
    let diff = (got - want).abs();
    println!("DIFF {name} {diff:.3e}");
    assert!(
        diff <= tol,
        "{name}: got {got}, want {want} (diff {diff:e})"
    );
}

pub fn breast_cancer(score: &str) -> (Vec<bool>, Vec<f64>) {
    let (h, rows) = read_csv("breast_cancer/bc_test_predictions.csv");
    let labels = column(&h, &rows, "label")
        .iter()
        .map(|l| l == "1")
        .collect();
    (labels, floats(column(&h, &rows, score)))
}

/// aSAH: labels (Poor = positive) and the named marker.
pub fn asah(marker: &str) -> (Vec<bool>, Vec<f64>) {
    let (h, rows) = read_csv("asah/asah.csv");
    let labels = column(&h, &rows, "outcome")
        .iter()
        .map(|o| o == "Poor")
        .collect();
    (labels, floats(column(&h, &rows, marker)))
}
