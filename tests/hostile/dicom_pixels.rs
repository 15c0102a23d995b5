//! Tests of `pixels::to_tensor` and `view::load_frame` on pydicom's test files (see tests/fixtures/dicom/SOURCE.md);
//! reference values come from tests/fixtures/dicom/make_reference.py.

use std::path::{Path, PathBuf};

use dicom_core::VR;
use dicom_dictionary_std::tags;
use dicom_object::{DefaultDicomObject, open_file};
use provestein::cohort::ExclusionReason;
use provestein::cohort::pixels::{Layout, PixelError, Preprocess, Tensor, to_tensor};
use provestein::cohort::view::{DisplayFrame, load_frame, load_model_input};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dicom")
        .join(name)
}

fn open(name: &str) -> DefaultDicomObject {
    open_file(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A `[preprocess]` section body in TOML.
fn plan(body: &str) -> Preprocess {
    toml::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn tensor(name: &str, body: &str) -> Tensor {
    to_tensor(&open(name), &plan(body)).unwrap_or_else(|e| panic!("{name} / {body}: {e}"))
}

fn error(name: &str, body: &str) -> PixelError {
    match to_tensor(&open(name), &plan(body)) {
        Ok(t) => panic!(
            "{name} / {body}: expected an error, got shape {:?}",
            t.shape
        ),
        Err(e) => e,
    }
}

/// A reference written by make_reference.py: (shape, values).
fn reference(name: &str) -> (Vec<usize>, Vec<f64>) {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let u32_at = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap()) as usize;
    let ndim = u32_at(0);
    let shape: Vec<usize> = (0..ndim).map(|d| u32_at(4 + 4 * d)).collect();
    let body = &bytes[4 + 4 * ndim..];
    let values: Vec<f64> = if name.ends_with(".f32") {
        let f = |b: &[u8]| f64::from(f32::from_le_bytes(b.try_into().unwrap()));
        body.chunks_exact(4).map(f).collect()
    } else {
        let f = |b: &[u8]| f64::from_le_bytes(b.try_into().unwrap());
        body.chunks_exact(8).map(f).collect()
    };
    assert_eq!(values.len(), shape.iter().product::<usize>(), "{name}");
    (shape, values)
}

fn max_abs_diff(ours: &[f32], reference: &[f64]) -> f64 {
    assert_eq!(ours.len(), reference.len());
    let diffs = ours
        .iter()
        .zip(reference)
        .map(|(&a, &b)| (f64::from(a) - b).abs());
    diffs.fold(0.0, f64::max)
}

fn bits(t: &Tensor) -> Vec<u32> {
    t.data.iter().map(|v| v.to_bits()).collect()
}

// ---- 1. the same image in seven transfer syntaxes gives bit-identical tensors ----------------

#[test]
fn cross_syntax_identity() {
    let variants = [
        "MR_small_implicit.dcm",         // Implicit VR Little Endian
        "MR_small_bigendian.dcm",        // Explicit VR Big Endian
        "MR_small_expb.dcm",             // Explicit VR Big Endian (dcmtk)
        "MR_small_RLE.dcm",              // RLE Lossless
        "MR_small_jpeg_ls_lossless.dcm", // JPEG-LS Lossless
        "MR_small_jp2klossless.dcm",     // JPEG 2000 Lossless
        "MR_small_padded.dcm",           // Explicit VR LE with trailing padding
    ];
    let plans = [
        "",
        "window = { center = 600, width = 1600 }",
        "window = \"header\"",
        "resize = [32, 32]",
        "channels = 3",
        "normalize = \"minmax\"",
        "resize = [32, 48]\nchannels = 3\nlayout = \"NHWC\"\n\
         normalize = { mean = [0.485, 0.456, 0.406], std = [0.229, 0.224, 0.225] }\n\
         window = \"header\"",
    ];
    for body in plans {
        let want = tensor("MR_small.dcm", body);
        for name in variants {
            let got = tensor(name, body);
            assert_eq!(got.shape, want.shape, "{name} / {body}");
            assert!(bits(&got) == bits(&want), "{name} / {body}: tensors differ");
        }
    }
}

// ---- 2. modality LUT equals pydicom's apply_modality_lut ----------------------------------

/// Default plan = modality LUT only; compares exactly (pydicom's f64 rounded to f32).
fn assert_modality_matches(name: &str, reference_name: &str, stride: usize) {
    let t = tensor(name, "");
    let (shape, want) = reference(reference_name);
    let [c, h, w] = t.shape;
    assert_eq!(
        (c, h / stride, w / stride),
        (1, shape[0], shape[1]),
        "{name}"
    );
    let ours: Vec<f32> = (0..h)
        .step_by(stride)
        .flat_map(|y| (0..w).step_by(stride).map(move |x| (y, x)))
        .map(|(y, x)| t.data[y * w + x])
        .collect();
    let exact = ours.iter().zip(&want).all(|(&a, &b)| a == b as f32);
    let diff = max_abs_diff(&ours, &want);
    println!("{name}: max |ours - pydicom| = {diff}");
    assert!(exact, "{name}: differs from pydicom by up to {diff}");
}

#[test]
fn modality_lut_ct_small() {
    assert_modality_matches("CT_small.dcm", "CT_small.modality.f32", 1);
}

#[test]
fn modality_lut_mr_small() {
    assert_modality_matches("MR_small.dcm", "MR_small.modality.f32", 1);
}

#[test]
fn modality_lut_jpeg2000_lossy_ct() {
    assert_modality_matches("693_J2KI.dcm", "693_J2KI.modality_every4.f32", 4);
}

#[test]
fn modality_lut_sequence() {
    // CT_small plus a Modality LUT Sequence, which takes precedence over its rescale
    assert_modality_matches("CT_small_mlut.dcm", "CT_small_mlut.modality.f32", 1);
}

#[test]
fn modality_lut_off_gives_stored_values() {
    let raw = tensor("CT_small.dcm", "modality_lut = false");
    let hu = tensor("CT_small.dcm", "");
    assert!(raw.data.iter().zip(&hu.data).all(|(r, h)| r - 1024.0 == *h));
}

#[test]
fn samples_32_bit_little_endian() {
    let t = tensor("rtdose_1frame.dcm", "");
    let (_, want) = reference("rtdose_1frame.raw.f32");
    assert_eq!(max_abs_diff(&t.data, &want), 0.0);
}

// ---- 3. windows equal the numpy implementation of PS3.3 C.11.2.1.2.1 ----------------------

#[test]
fn explicit_window_ct_small() {
    let t = tensor("CT_small.dcm", "window = { center = 40, width = 400 }");
    let (_, want) = reference("CT_small.window_40_400.f64");
    let diff = max_abs_diff(&t.data, &want);
    println!("CT_small W400/L40: max |ours - numpy| = {diff:e}");
    assert!(diff <= 1e-6, "{diff}");
    assert!(t.data.iter().all(|v| (0.0..=1.0).contains(v)));
}

#[test]
fn header_window_mr_small() {
    let t = tensor("MR_small.dcm", "window = \"header\"");
    let (_, want) = reference("MR_small.window_header.f64");
    let diff = max_abs_diff(&t.data, &want);
    println!("MR_small header window: max |ours - numpy| = {diff:e}");
    assert!(diff <= 1e-6, "{diff}");
}

#[test]
fn header_window_missing_is_an_error() {
    let e = error("CT_small.dcm", "window = \"header\"");
    assert!(matches!(e, PixelError::NoWindowInHeader), "{e}");
}

// ---- MONOCHROME1 ------------------------------------------------------------------------

fn as_monochrome1(name: &str) -> DefaultDicomObject {
    let mut obj = open(name);
    obj.put_str(tags::PHOTOMETRIC_INTERPRETATION, VR::CS, "MONOCHROME1");
    obj
}

#[test]
fn monochrome1_inverted_over_the_image_range_without_window() {
    let m2 = tensor("CT_small.dcm", "");
    let m1 = to_tensor(&as_monochrome1("CT_small.dcm"), &plan("")).unwrap();
    let (min, max) = (-896.0, 1167.0); // HU range of CT_small
    assert!(
        m1.data
            .iter()
            .zip(&m2.data)
            .all(|(a, b)| *a == max + min - b)
    );
    let kept = plan("invert_monochrome1 = false");
    assert_eq!(
        to_tensor(&as_monochrome1("CT_small.dcm"), &kept).unwrap(),
        m2
    );
}

#[test]
fn monochrome1_inverted_as_one_minus_x_after_window() {
    let body = "window = { center = 40, width = 400 }";
    let m2 = tensor("CT_small.dcm", body);
    let m1 = to_tensor(&as_monochrome1("CT_small.dcm"), &plan(body)).unwrap();
    // inverted in f64 before the cast to f32, so compare to f32 precision
    assert!(
        m1.data
            .iter()
            .zip(&m2.data)
            .all(|(a, b)| (a - (1.0 - b)).abs() <= 1e-7)
    );
}

// ---- 4. unsupported and edge files --------------------------------------------------------

#[test]
fn jpeg_extended_12_bit_is_unsupported() {
    let e = error("JPGExtended.dcm", "");
    assert!(
        matches!(&e, PixelError::UnsupportedTransferSyntax(uid) if uid == "1.2.840.10008.1.2.4.51"),
        "{e:?}"
    );
}

#[test]
fn no_pixel_data() {
    assert!(matches!(error("rtplan.dcm", ""), PixelError::NoPixelData));
}

#[test]
fn frame_out_of_range() {
    let e = error("SC_rgb_rle_2frame.dcm", "frame = 2");
    assert!(
        matches!(
            e,
            PixelError::FrameOutOfRange {
                frame: 2,
                frames: 2
            }
        ),
        "{e:?}"
    );
    let e = error("CT_small.dcm", "frame = 1");
    assert!(
        matches!(
            e,
            PixelError::FrameOutOfRange {
                frame: 1,
                frames: 1
            }
        ),
        "{e:?}"
    );
}

#[test]
fn second_frame_matches_pydicom() {
    // NHWC of an RGB image is pydicom's (rows, columns, samples) order
    let t = tensor(
        "SC_rgb_rle_2frame.dcm",
        "frame = 1\nchannels = 3\nlayout = \"NHWC\"",
    );
    let (shape, want) = reference("SC_rgb_rle_2frame.frame1.f32");
    assert_eq!(t.shape.to_vec(), shape);
    assert_eq!(max_abs_diff(&t.data, &want), 0.0);
    assert_ne!(
        t,
        tensor("SC_rgb_rle_2frame.dcm", "channels = 3\nlayout = \"NHWC\"")
    );
}

#[test]
fn rle_32_bit_is_a_decode_error() {
    let e = error("SC_rgb_rle_32bit.dcm", "channels = 3");
    assert!(
        matches!(&e, PixelError::Decode(m) if m.contains("BitsAllocated")),
        "{e:?}"
    );
}

#[test]
fn big_endian_32_bit_is_unsupported() {
    let e = error("rtdose_expb_1frame.dcm", "");
    assert!(matches!(e, PixelError::UnsupportedImage(_)), "{e:?}");
}

#[test]
fn window_on_colour_is_not_applicable() {
    let e = error("SC_rgb_rle.dcm", "channels = 3\nwindow = \"header\"");
    assert!(matches!(e, PixelError::NotApplicable(_)), "{e:?}");
}

#[test]
fn invalid_plan_is_rejected_before_decoding() {
    let e = error("rtplan.dcm", "channels = 2");
    assert!(matches!(e, PixelError::InvalidPlan(_)), "{e:?}");
}

// ---- colour --------------------------------------------------------------------------------

#[test]
fn ybr_full_converted_like_pydicom() {
    let t = tensor("SC_ybr_full.dcm", "channels = 3\nlayout = \"NHWC\"");
    let (shape, want) = reference("SC_ybr_full.rgb.f32");
    assert_eq!(t.shape.to_vec(), shape);
    let diff = max_abs_diff(&t.data, &want);
    println!("SC_ybr_full: max |ours - pydicom| = {diff}");
    assert_eq!(diff, 0.0);
}

#[test]
fn ybr_full_in_rle_is_converted_too() {
    let body = "channels = 3";
    assert_eq!(
        tensor("SC_ybr_full_rle.dcm", body),
        tensor("SC_ybr_full.dcm", body)
    );
}

#[test]
fn colour_to_one_channel_is_bt601_luma() {
    let rgb = tensor("SC_rgb_rle.dcm", "channels = 3");
    let grey = tensor("SC_rgb_rle.dcm", "");
    let [_, h, w] = rgb.shape;
    assert_eq!(grey.shape, [1, h, w]);
    let n = h * w;
    for i in 0..n {
        let [r, g, b] = [0, 1, 2].map(|c| f64::from(rgb.data[c * n + i]));
        assert_eq!(grey.data[i], (0.299 * r + 0.587 * g + 0.114 * b) as f32);
    }
}

// ---- 5. layout, channels, normalize, resize ------------------------------------------------

#[test]
fn nhwc_is_the_transpose_of_nchw() {
    let body = "channels = 3\nresize = [16, 24]\nnormalize = { mean = [1, 2, 3], std = [2, 4, 8] }";
    let chw = tensor("CT_small.dcm", body);
    let hwc = tensor("CT_small.dcm", &format!("{body}\nlayout = \"NHWC\""));
    assert_eq!((chw.shape, hwc.shape), ([3, 16, 24], [16, 24, 3]));
    for c in 0..3 {
        for y in 0..16 {
            for x in 0..24 {
                assert_eq!(
                    hwc.data[(y * 24 + x) * 3 + c],
                    chw.data[(c * 16 + y) * 24 + x]
                );
            }
        }
    }
    let batch = hwc.into_batch().unwrap();
    assert_eq!(batch.shape(), &[1, 16, 24, 3]);
}

#[test]
fn grey_replicated_into_three_channels() {
    let one = tensor("MR_small.dcm", "window = \"header\"");
    let three = tensor("MR_small.dcm", "window = \"header\"\nchannels = 3");
    assert_eq!(three.shape, [3, 64, 64]);
    for plane in three.data.chunks(64 * 64) {
        assert_eq!(plane, &one.data[..]);
    }
}

#[test]
fn mean_std_per_channel_and_shared() {
    let base = tensor("SC_rgb_rle.dcm", "channels = 3");
    let per = tensor(
        "SC_rgb_rle.dcm",
        "channels = 3\nnormalize = { mean = [10, 20, 30], std = [2, 4, 8] }",
    );
    let shared = tensor(
        "SC_rgb_rle.dcm",
        "channels = 3\nnormalize = { mean = [0.5], std = [0.25] }",
    );
    let n = 100 * 100;
    for (i, &v) in base.data.iter().enumerate() {
        let c = i / n;
        let (m, s) = ([10.0, 20.0, 30.0][c], [2.0, 4.0, 8.0][c]);
        assert_eq!(per.data[i], (v - m) / s);
        assert_eq!(shared.data[i], (v - 0.5) / 0.25);
    }
}

#[test]
fn minmax_spans_zero_to_one() {
    let t = tensor("CT_small.dcm", "normalize = \"minmax\"");
    let min = t.data.iter().copied().fold(f32::INFINITY, f32::min);
    let max = t.data.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    assert_eq!((min, max), (0.0, 1.0));
}

#[test]
fn resize_shapes_and_range() {
    let src = tensor("CT_small.dcm", "");
    let (lo, hi) = (-896.0, 1167.0);
    for (h, w) in [(32, 32), (224, 224), (100, 37)] {
        let t = tensor("CT_small.dcm", &format!("resize = [{h}, {w}]"));
        assert_eq!(t.shape, [1, h, w]);
        // bilinear weights are non-negative: no overshoot, and values are not clamped to [0, 1]
        assert!(t.data.iter().all(|v| (lo - 1e-3..=hi + 1e-3).contains(v)));
        assert!(t.data.iter().any(|v| *v < -100.0));
    }
    let same = tensor("CT_small.dcm", "resize = [128, 128]");
    assert_eq!(same, src);
    let up = tensor(
        "MR_small.dcm",
        "resize = [128, 128]\nchannels = 3\nlayout = \"NHWC\"",
    );
    assert_eq!(up.shape, [128, 128, 3]);
    assert_eq!(plan("layout = \"NHWC\"").layout, Layout::Nhwc);
}

// ---- decoding never panics (needs the pydicom test files; run with --ignored) ----------------

/// `PYDICOM_TEST_FILES=/path/to/pydicom/data/test_files cargo test -- --ignored`
#[test]
#[ignore = "needs PYDICOM_TEST_FILES"]
fn no_panic_on_any_pydicom_test_file() {
    let dir = std::env::var("PYDICOM_TEST_FILES").expect("set PYDICOM_TEST_FILES");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "dcm"))
        .collect();
    paths.sort();
    let p = plan("channels = 3\nresize = [32, 32]");
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        match open_file(&path) {
            Err(e) => println!("{name:42} not opened: {e}"),
            Ok(obj) => match to_tensor(&obj, &p) {
                Ok(t) => println!("{name:42} ok {:?}", t.shape),
                Err(e) => println!("{name:42} {e}"),
            },
        }
    }
}

// ---- view::load_frame: what the case viewer shows ------------------------------------------

fn frame(path: &Path, n: u32) -> DisplayFrame {
    load_frame(path, n).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn demo_image(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-studies/imaging-demo/images")
        .join(rel)
}

/// Grey value of pixel (y, x) of an RGBA buffer, checking that it is grey and opaque.
fn grey_at(rgba: &[u8], width: u32, y: usize, x: usize) -> u8 {
    let i = 4 * (y * width as usize + x);
    let p = &rgba[i..i + 4];
    assert_eq!((p[0], p[0], p[3]), (p[1], p[2], 255));
    p[0]
}

#[test]
fn view_demo_ct_slice_in_hounsfield_units() {
    // Values read with pydicom 3.0.2 (apply_modality_lut) from this gzipped file.
    let f = frame(&demo_image("study-01/series-1/IM0001.dcm.gz"), 0);
    assert_eq!((f.width, f.height, f.channels, f.frames), (64, 64, 1, 1));
    assert_eq!(f.values.len(), 64 * 64);
    assert_eq!((f.min, f.max), (-38.0, 73.0));
    assert_eq!(
        (f.values[0], f.values[31 * 64 + 17], f.values[63 * 64 + 63]),
        (9.0, -6.0, 28.0)
    );
    assert_eq!(f.window, Some((40.0, 400.0)));
    assert_eq!(f.default_window(), (40.0, 400.0));
    assert_eq!(
        (f.modality.as_str(), f.photometric.as_str()),
        ("CT", "MONOCHROME2")
    );
    assert!(!f.monochrome1);
    // A window whose ends are the image's own extremes: min → black, max → white.
    let (c, w) = (f64::from(f.min + f.max) / 2.0, f64::from(f.max - f.min));
    assert_eq!((c - w / 2.0, c + w / 2.0), (-38.0, 73.0));
    let rgba = f.to_rgba(c, w);
    assert_eq!(rgba.len(), 64 * 64 * 4);
    let at = |v: f32| f.values.iter().position(|&x| x == v).unwrap();
    let (lo, hi) = (at(f.min), at(f.max));
    assert_eq!(grey_at(&rgba, 64, lo / 64, lo % 64), 0);
    assert_eq!(grey_at(&rgba, 64, hi / 64, hi % 64), 255);
}

/// What the model saw, beside the original: the tensor a run makes, with the plan's window,
/// resize and layout, as a grey frame whose values are the tensor's.
#[test]
fn view_model_input_is_the_runs_tensor() {
    let path = demo_image("study-01/series-1/IM0001.dcm.gz");
    let pre: Preprocess = toml::from_str(
        "window = { center = 40, width = 400 }\nresize = [32, 48]\nchannels = 3\nlayout = \"NHWC\"",
    )
    .unwrap();
    let (obj, _) = provestein::cohort::dicom::open(&path, None).unwrap();
    let t = provestein::cohort::pixels::to_tensor(&obj, &pre).unwrap();
    assert_eq!(t.shape, [32, 48, 3]);
    let f = load_model_input(&path, &pre).unwrap();
    assert_eq!((f.width, f.height, f.channels, f.frames), (48, 32, 1, 3));
    let first: Vec<f32> = t.data.chunks_exact(3).map(|p| p[0]).collect();
    assert_eq!(f.values, first);
    assert!(
        f.min >= 0.0 && f.max <= 1.0 && f.max > f.min,
        "windowed to 0–1"
    );
    // The original keeps its Hounsfield units and the rescale back to stored values.
    let o = frame(&path, 0);
    assert!(o.rescale.is_some());
    assert_ne!(o.values.len(), f.values.len());
}

#[test]
fn view_deflated_demo_slice() {
    let f = frame(&demo_image("study-02/series-1/IM0001"), 0);
    assert_eq!((f.width, f.height, f.min, f.max), (64, 64, -34.0, 140.0));
    assert_eq!((f.values[0], f.values[31 * 64 + 17]), (38.0, 38.0));
}

#[test]
fn view_values_equal_pydicom_modality_lut() {
    for (name, reference_name) in [
        ("CT_small.dcm", "CT_small.modality.f32"),
        ("MR_small.dcm", "MR_small.modality.f32"),
        ("CT_small_mlut.dcm", "CT_small_mlut.modality.f32"),
    ] {
        let f = frame(&fixture(name), 0);
        let (shape, want) = reference(reference_name);
        assert_eq!((f.height as usize, f.width as usize), (shape[0], shape[1]));
        assert_eq!(max_abs_diff(&f.values, &want), 0.0, "{name}");
    }
    assert_eq!(frame(&fixture("CT_small.dcm"), 0).window, None);
}

#[test]
fn view_header_window_matches_numpy() {
    // MR_small's header window is 600/1600; the reference is numpy's linear window to [0, 1].
    let f = frame(&fixture("MR_small.dcm"), 0);
    assert_eq!(f.window, Some((600.0, 1600.0)));
    let rgba = f.to_rgba(600.0, 1600.0);
    let (_, want) = reference("MR_small.window_header.f64");
    for (i, w) in want.iter().enumerate() {
        let ours = f64::from(grey_at(&rgba, f.width, i / 64, i % 64));
        assert!(
            (ours - w * 255.0).abs() <= 0.5 + 1e-9,
            "pixel {i}: {ours} vs {}",
            w * 255.0
        );
    }
}

#[test]
fn view_monochrome1_is_flagged_not_inverted_in_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m1.dcm");
    as_monochrome1("MR_small.dcm").write_to_file(&path).unwrap();
    let m1 = frame(&path, 0);
    let m2 = frame(&fixture("MR_small.dcm"), 0);
    assert!(m1.monochrome1 && !m2.monochrome1);
    assert_eq!(m1.photometric, "MONOCHROME1");
    assert_eq!(m1.values, m2.values);
    let (a, b) = (m1.to_rgba(600.0, 1600.0), m2.to_rgba(600.0, 1600.0));
    for i in 0..64 * 64 {
        let (y, x) = (i / 64, i % 64);
        assert_eq!(
            u16::from(grey_at(&a, 64, y, x)) + u16::from(grey_at(&b, 64, y, x)),
            255
        );
    }
}

#[test]
fn view_rgb_second_frame_matches_pydicom() {
    let f = frame(&fixture("SC_rgb_rle_2frame.dcm"), 1);
    assert_eq!((f.width, f.height, f.channels, f.frames), (100, 100, 3, 2));
    assert_eq!(f.photometric, "RGB");
    assert_eq!(f.window, None);
    let (shape, want) = reference("SC_rgb_rle_2frame.frame1.f32"); // H, W, 3
    assert_eq!(shape, [100, 100, 3]);
    assert_eq!(max_abs_diff(&f.values, &want), 0.0);
    let rgba = f.to_rgba(0.0, 1.0);
    assert_eq!(rgba.len(), 100 * 100 * 4);
    let expect: Vec<u8> = want
        .chunks_exact(3)
        .flat_map(|p| [p[0] as u8, p[1] as u8, p[2] as u8, 255])
        .collect();
    assert_eq!(rgba, expect);
}

#[test]
fn view_failures_carry_the_run_reason() {
    let reason = |name: &str, n: u32| load_frame(&fixture(name), n).unwrap_err().0;
    assert_eq!(
        reason("SC_rgb_rle_2frame.dcm", 2),
        ExclusionReason::DecodeError
    );
    assert_eq!(reason("rtplan.dcm", 0), ExclusionReason::NoPixelData);
    assert_eq!(
        reason("JPGExtended.dcm", 0),
        ExclusionReason::UnsupportedSyntax
    );
    let (r, text) = load_frame(&demo_image("notes.txt"), 0).unwrap_err();
    assert_eq!(r, ExclusionReason::NotDicom, "{text}");
}
