//! Wall and CPU time of `segmentation_metrics` on the masks scripts/bench_monai_hd95.py saved
//! (`--save DIR`), so that MONAI and this crate are timed on the very same masks, in process
//! (loading excluded), CPU time included: the ratio is CPU time against CPU time.
//!
//! `cargo run --release -p provestein-stats --example segmentation_timing -- DIR [RUNS]`
//! (Linux: CPU time from /proc/self/stat.)

use std::time::Instant;

use provestein_stats::segmentation::{Grid, segmentation_metrics};

const SPACING: [f64; 3] = [2.5, 0.8, 0.8];

/// A numpy `.npy` of dtype `|b1`, C order: (shape, values).
fn read_npy(path: &str) -> (Vec<usize>, Vec<bool>) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(&bytes[..6], b"\x93NUMPY", "{path}: not a .npy file");
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        _ => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
    };
    let header = std::str::from_utf8(&bytes[start..start + header_len]).unwrap();
    assert!(header.contains("'|b1'"), "{path}: dtype must be bool");
    assert!(
        header.contains("'fortran_order': False"),
        "{path}: C order only"
    );
    let shape_text = header.split("'shape': (").nth(1).unwrap();
    let shape: Vec<usize> = shape_text[..shape_text.find(')').unwrap()]
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().parse().unwrap())
        .collect();
    let data = &bytes[start + header_len..];
    assert_eq!(data.len(), shape.iter().product::<usize>(), "{path}: size");
    (shape, data.iter().map(|&b| b != 0).collect())
}

/// User + system CPU seconds of this process so far.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the command name (which may hold spaces) — utime and stime are 14 and 15.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    ticks / 100.0 // USER_HZ is 100 on Linux
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: segmentation_timing DIR [RUNS]");
    let runs: usize = args.next().map_or(5, |r| r.parse().unwrap());
    let (shape, truth) = read_npy(&format!("{dir}/truth.npy"));
    let (shape_p, prediction) = read_npy(&format!("{dir}/prediction.npy"));
    assert_eq!(shape, shape_p);
    let grid = Grid::new(&shape, &SPACING[3 - shape.len()..]).unwrap();
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    let mut last = None;
    for _ in 0..runs {
        let (t0, c0) = (Instant::now(), cpu_seconds());
        last = Some(segmentation_metrics(&truth, &prediction, &grid, 1.0).unwrap());
        wall.push(t0.elapsed().as_secs_f64());
        cpu.push(cpu_seconds() - c0);
    }
    let m = last.unwrap();
    println!(
        "rust hd95 {:.6} mm (hd {:.6}, assd {:.6}, nsd {:.6}, dice {:.6}); median wall {:.3} s, cpu {:.3} s over {runs} runs; threads {}; wall {wall:?}; cpu {cpu:?}",
        m.hd95_mm,
        m.hausdorff_mm,
        m.assd_mm,
        m.nsd,
        m.dice,
        median(wall.clone()),
        median(cpu.clone()),
        rayon::current_num_threads(),
    );
}
