//! Occlusion maps (`explain::occlusion`) on the imaging demo, whose toy model is a matched
//! filter for bright blobs: the map's peak lies on the lesion of a true positive, the baseline
//! changes the map but not where it peaks, patch and stride give the positions they should,
//! and `batch --explain` writes one readable PNG per case asked for, lists them in index.csv
//! and the report, and refuses plans that have no image model.

use crate::common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{onnxruntime, root};
use provestein::Plan;
use provestein::cohort::pixels::{Layout, Tensor};
use provestein::explain::occlusion::{self, CAPTION, Occluder, OcclusionMap};
use provestein::plan::{ExplainSpec, OcclusionBaseline};

fn demo() -> PathBuf {
    root().join("sample-studies/imaging-demo")
}

fn demo_plan() -> Plan {
    Plan::load(&demo().join("plan.toml")).unwrap()
}

fn occluder() -> Occluder {
    Occluder::open(&demo_plan(), Some(&onnxruntime())).unwrap()
}

/// (file, label, the model's score as the generator computed it) for every labelled image.
fn demo_images() -> Vec<(String, bool, f64)> {
    let read = |name: &str| -> Vec<Vec<String>> {
        let text = std::fs::read_to_string(demo().join(name)).unwrap();
        text.lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let scores: HashMap<String, f64> = read("expected_scores.csv")
        .into_iter()
        .map(|r| (r[0].clone(), r[1].parse().unwrap()))
        .collect();
    read("labels.csv")
        .into_iter()
        .filter_map(|r| {
            let score = *scores.get(&r[0])?;
            Some((r[0].clone(), r[3] == "1", score))
        })
        .collect()
}

fn true_positives() -> Vec<String> {
    demo_images()
        .into_iter()
        .filter(|(_, label, score)| *label && *score >= 0.5)
        .map(|(f, _, _)| f)
        .collect()
}

/// Where the lesion is: the brightest point of the windowed image (the tensor the model
/// sees) after smoothing at the lesion's scale, away from the border the model's valid
/// convolution does not reach.
fn lesion(t: &Tensor) -> (usize, usize) {
    let [_, h, w] = t.shape;
    let smooth = occlusion::blur(&t.data, h, w, 2.5);
    let mut best = (0, 0);
    let mut top = f32::NEG_INFINITY;
    for y in 6..h - 6 {
        for x in 6..w - 6 {
            if smooth[y * w + x] > top {
                top = smooth[y * w + x];
                best = (y, x);
            }
        }
    }
    best
}

fn distance(a: (usize, usize), b: (usize, usize)) -> f64 {
    let dy = a.0 as f64 - b.0 as f64;
    let dx = a.1 as f64 - b.1 as f64;
    (dy * dy + dx * dx).sqrt()
}

fn spec(patch: usize, stride: usize, baseline: OcclusionBaseline) -> ExplainSpec {
    ExplainSpec {
        patch,
        stride,
        baseline,
        ..ExplainSpec::default()
    }
}

#[test]
fn the_peak_of_a_true_positive_lies_on_its_lesion() {
    let mut occ = occluder();
    let tps = true_positives();
    assert!(tps.len() >= 10, "{} true positives", tps.len());
    for file in &tps {
        let (map, t) = occ.file(&demo().join("images").join(file)).unwrap();
        assert!(map.score >= 0.5, "{file}: score {}", map.score);
        let (peak, at) = (map.peak(), lesion(&t));
        // Within one patch position's half-side (patch 16, stride 8: a pixel's mean drop is
        // taken over the 1–4 positions covering it).
        assert!(
            distance(peak, at) <= 10.0,
            "{file}: the map peaks at {peak:?}, the lesion is at {at:?}"
        );
        // Covering the lesion takes a real part of the score away (down to whatever else in
        // the image the filter responds to next), not noise.
        assert!(
            map.max_drop() > 0.1,
            "{file}: largest drop {} of {}",
            map.max_drop(),
            map.score
        );
        assert!(map.max > 0.0 && map.max >= map.min);
    }
}

#[test]
fn the_baseline_changes_the_map_not_where_it_peaks() {
    let mut occ = occluder();
    let mut moved = Vec::new();
    for file in true_positives() {
        let path = demo().join("images").join(&file);
        let (mean, _) = occ
            .file_with(&path, &spec(16, 8, OcclusionBaseline::Mean))
            .unwrap();
        let (blur, _) = occ
            .file_with(&path, &spec(16, 8, OcclusionBaseline::Blur))
            .unwrap();
        assert_eq!(mean.baseline, OcclusionBaseline::Mean);
        assert_eq!(blur.baseline, OcclusionBaseline::Blur);
        assert_eq!(
            mean.score, blur.score,
            "{file}: the image itself is the same"
        );
        let differ = mean
            .map
            .iter()
            .zip(&blur.map)
            .filter(|(a, b)| (*a - *b).abs() > 1e-4)
            .count();
        assert!(differ > 0, "{file}: the baseline changed nothing");
        moved.push(distance(mean.peak(), blur.peak()));
    }
    // The peak stays within a stride of where it was (on the demo it does not move at all:
    // both baselines remove the lesion, and what the filter finds next is elsewhere).
    assert!(moved.iter().all(|&d| d <= 8.0), "peaks moved by {moved:?}");
}

#[test]
fn patch_and_stride_give_the_positions_they_should() {
    let mut occ = occluder();
    let path = demo().join("images").join(&true_positives()[0]);
    let t = occ.tensor(&path).unwrap();
    assert_eq!(t.shape, [1, 64, 64]);
    // Per axis ⌈(64 − patch) / stride⌉ + 1 corners, the last at 64 − patch.
    for (patch, stride, per_axis, last) in [
        (16, 8, 7, 48),
        (16, 16, 4, 48),
        (20, 11, 5, 44),
        (12, 7, 9, 52),
        (10, 10, 7, 54),
        (64, 8, 1, 0),
        (100, 8, 1, 0),
    ] {
        let map = occ
            .map(&t, &spec(patch, stride, OcclusionBaseline::Mean))
            .unwrap();
        assert_eq!(
            map.positions.len(),
            per_axis * per_axis,
            "patch {patch}, stride {stride}"
        );
        assert_eq!((map.patch, map.stride), (patch, stride));
        assert_eq!((map.height, map.width), (64, 64));
        assert_eq!(map.map.len(), 64 * 64);
        let ys: Vec<usize> = map.positions.iter().map(|p| p.y).collect();
        assert_eq!(*ys.iter().max().unwrap(), last);
        assert!(ys.iter().all(|y| y % stride == 0 || *y == last));
        assert_eq!(occlusion::starts(64, patch, stride).len(), per_axis);
    }
    // A patch as large as the image replaces all of it: every pixel's drop is that one drop.
    let whole = occ.map(&t, &spec(64, 8, OcclusionBaseline::Mean)).unwrap();
    let d = whole.positions[0].drop as f32;
    assert!(whole.map.iter().all(|&v| (v - d).abs() < 1e-6));
}

#[test]
fn an_occluded_copy_is_scored_as_the_model_scores_it() {
    // The drop at one position equals scoring that occluded copy by hand.
    let mut occ = occluder();
    let path = demo().join("images").join(&true_positives()[0]);
    let t = occ.tensor(&path).unwrap();
    let map = occ.map(&t, &spec(16, 8, OcclusionBaseline::Mean)).unwrap();
    let mean = t.data.iter().map(|&v| f64::from(v)).sum::<f64>() / t.data.len() as f64;
    let p = map.positions[17];
    let mut copy = t.clone();
    for y in p.y..p.y + 16 {
        for x in p.x..p.x + 16 {
            copy.data[y * 64 + x] = mean as f32;
        }
    }
    let whole = occ
        .map(&copy, &spec(64, 64, OcclusionBaseline::Mean))
        .unwrap();
    assert!(
        (map.score - p.drop - whole.score).abs() < 1e-6,
        "{} − {} vs {}",
        map.score,
        p.drop,
        whole.score
    );
    // And the pixel map averages the positions covering each pixel: (0, 0) has one.
    assert_eq!(map.map[0], map.positions[0].drop as f32);
    let _ = Layout::Nchw;
}

fn batch(plan: &Path, out: &Path, extra: &[&str]) -> Output {
    common::cli()
        .arg("batch")
        .arg(plan)
        .arg("--out")
        .arg(out)
        .arg("--no-history")
        .args(extra)
        .env("ORT_DYLIB_PATH", onnxruntime())
        .output()
        .unwrap()
}

/// (width, height, tEXt chunks) of a PNG, read with the `png` crate.
fn read_png(path: &Path) -> (u32, u32, Vec<(String, String)>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    assert_eq!(frame.color_type, png::ColorType::Rgb);
    let info = reader.info();
    let texts = info
        .uncompressed_latin1_text
        .iter()
        .map(|c| (c.keyword.clone(), c.text.clone()))
        .collect();
    (info.width, info.height, texts)
}

#[test]
fn batch_explain_writes_one_png_per_false_negative_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = batch(&demo().join("plan.toml"), &out, &["--explain", "fn"]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.code().unwrap() <= 2,
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The false negatives at the plan's threshold, from predictions.csv.
    let predictions = std::fs::read_to_string(out.join("predictions.csv")).unwrap();
    let mut lines = predictions.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (id, label, score) = (col("id"), col("label"), col("score"));
    let fns: Vec<String> = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| r[label] == "1" && r[score].parse::<f64>().unwrap() < 0.5)
        .map(|r| r[id].to_string())
        .collect();
    assert!(!fns.is_empty());

    let explain = out.join("explain");
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(&explain)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    pngs.sort();
    assert_eq!(pngs.len(), fns.len(), "{pngs:?} for {fns:?}");
    for id in &fns {
        let name = format!("{}_fn.png", id.replace('/', "_"));
        let path = explain.join(&name);
        assert!(path.is_file(), "no {name}");
        assert!(
            stdout.contains(&format!("Wrote {}", path.display())),
            "{stdout}"
        );
        let (w, h, texts) = read_png(&path);
        // Two 320-pixel panels (the 64-pixel input enlarged 5×) and the caption strip.
        assert!(w >= 2 * 320 && h > 320, "{w}×{h}");
        assert!(
            texts.contains(&("Description".into(), CAPTION.into())),
            "{texts:?}"
        );
    }
    let index = std::fs::read_to_string(explain.join("index.csv")).unwrap();
    let rows: Vec<&str> = index.lines().collect();
    assert_eq!(
        rows[0],
        "case_id,outcome,score,image_score,score_drop_max,file,image"
    );
    assert_eq!(rows.len(), fns.len() + 1);
    for r in &rows[1..] {
        let cells: Vec<&str> = r.split(',').collect();
        assert!(fns.contains(&cells[0].to_string()), "{r}");
        assert_eq!(cells[1], "fn");
        assert!(cells[2].parse::<f64>().unwrap() < 0.5);
        assert!(cells[4].parse::<f64>().is_ok());
        assert!(
            explain
                .join(cells[5].trim_start_matches("explain/"))
                .is_file()
        );
        assert_eq!(cells[6], "the case's only image");
    }
    // The report names them, with the caveat.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Explanations"));
    assert!(html.contains("Occlusion maps are an aid to interpretation, not proof of reasoning"));
    assert!(html.contains(&format!("{}_fn.png", fns[0].replace('/', "_"))));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(json["occlusion_maps"].as_array().unwrap().len(), fns.len());

    // Without --explain, report.json has no such key.
    let plain = dir.path().join("plain");
    let o = batch(&demo().join("plan.toml"), &plain, &["-q"]);
    assert!(o.status.code().unwrap() <= 2);
    let json = std::fs::read_to_string(plain.join("report.json")).unwrap();
    assert!(!json.contains("occlusion_maps"));
    assert!(!plain.join("explain").exists());
}

#[test]
fn a_study_case_is_explained_by_its_first_image() {
    let dir = tempfile::tempdir().unwrap();
    let text = common::imaging_demo_plan()
        .replace("unit = \"image\"", "unit = \"study\"")
        .replace("bootstrap = 2000", "bootstrap = 0");
    let plan = common::write_plan(dir.path(), &text);
    let out = dir.path().join("out");
    let o = batch(&plan, &out, &["--explain", "all", "-q"]);
    assert!(
        o.status.code().unwrap() <= 2,
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let index = std::fs::read_to_string(out.join("explain/index.csv")).unwrap();
    assert!(
        index.contains("the case's first image"),
        "a study of several images says which one is shown:\n{index}"
    );
}

#[test]
fn explain_is_refused_without_an_image_model() {
    let dir = tempfile::tempdir().unwrap();
    let bc = root().join("sample-studies/breast-cancer");
    for (plan, needs) in [
        ("plan-vendor-scores.toml", "[predictions]"),
        ("plan.toml", "image model"),
    ] {
        let out = dir.path().join(plan);
        let o = batch(&bc.join(plan), &out, &["--explain", "fn,fp"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(3), "{plan}: {err}");
        assert!(
            err.contains("--explain") && err.contains("occlusion maps"),
            "{err}"
        );
        assert!(err.contains(needs) && err.contains("ONNX"), "{plan}: {err}");
        // Refused before the run: nothing was written.
        assert!(!out.exists());
    }
    let o = batch(
        &demo().join("plan.toml"),
        &dir.path().join("x"),
        &["--explain", "false"],
    );
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tp, fp, fn, tn or all"));
}

#[test]
fn maps_render_with_their_scale() {
    let mut occ = occluder();
    let path = demo().join("images").join(&true_positives()[0]);
    let (map, t): (OcclusionMap, Tensor) = occ.file(&path).unwrap();
    let a = occlusion::render_png(&map, &t, occ.layout(), Some("case · true positive")).unwrap();
    let b = occlusion::render_png(&map, &t, occ.layout(), Some("case · true positive")).unwrap();
    assert_eq!(a, b, "the same map gives the same bytes");
    let (lo, hi) = occlusion::range(&map);
    assert_eq!(lo, -hi);
    assert!(hi >= map.max && -lo >= -map.min);
    let colours = occlusion::overlay_rgb(&map);
    let (py, px) = map.peak();
    assert_eq!(
        colours[py * 64 + px],
        occlusion::colour((map.max - lo) / (hi - lo))
    );
}
