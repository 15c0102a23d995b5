//! Where the time of a DICOM run goes: scan, decode+preprocess (one thread), inference.
//! `cargo run --release --example profile_dicom -- out/bench-dicom/plan.toml`
use std::time::Instant;

fn main() {
    let plan_path = std::env::args().nth(1).expect("plan.toml");
    let plan = provestein::Plan::load(plan_path.as_ref()).unwrap();
    let root = plan.resolve(&plan.cohort.path);
    let t = Instant::now();
    let scan = provestein::cohort::dicom::scan(&root, &[]).unwrap();
    println!(
        "scan: {} files in {:.3} s",
        scan.images.len(),
        t.elapsed().as_secs_f64()
    );
    let pre = plan.preprocess.clone().unwrap_or_default();
    let t = Instant::now();
    let mut tensors = Vec::new();
    for h in scan.images.iter().take(500) {
        let (obj, _) = provestein::cohort::dicom::open(&h.path, None).unwrap();
        tensors.push(provestein::cohort::pixels::to_tensor(&obj, &pre).unwrap());
    }
    let per = t.elapsed().as_secs_f64() / 500.0;
    println!(
        "open+decode+preprocess: {:.3} ms per image (1 thread)",
        per * 1e3
    );
    let t = Instant::now();
    for h in scan.images.iter().take(500) {
        let _ = provestein::cohort::dicom::open(&h.path, None).unwrap();
    }
    println!(
        "open only: {:.3} ms per image",
        t.elapsed().as_secs_f64() / 500.0 * 1e3
    );
    let rt = provestein::model::runtime::load(None).unwrap();
    let mut m = provestein::model::onnx::OnnxModel::load(
        rt,
        plan.model.as_ref().unwrap(),
        &plan.resolve(&plan.model.as_ref().unwrap().path),
    )
    .unwrap();
    let s = tensors[0].shape;
    for bs in [32usize, 512] {
        let n = bs.min(tensors.len());
        let data: Vec<f32> = tensors[..n]
            .iter()
            .flat_map(|t| t.data.iter().copied())
            .collect();
        let t = Instant::now();
        let reps = (500 / n).max(1);
        for _ in 0..reps {
            m.score(&[n, s[0], s[1], s[2]], &data).unwrap();
        }
        println!(
            "inference batch {bs}: {:.3} ms per image",
            t.elapsed().as_secs_f64() / (reps * n) as f64 * 1e3
        );
    }
}
