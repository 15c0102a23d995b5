//! dicom::labelmap on real files and against its peers:
//! - janct's NRRD (3D Slicer, labels 1 liver, 2 vertebra) onto the three janct CT slices equals,
//!   pixel for pixel, the DICOM SEG highdicom wrote from it (read by dicom::seg), and pynrrd's
//!   masks (crates/dicom/tests/fixtures/labelmap_peers.json);
//! - vhm's NIfTI (DicomRTTool) onto the four vhm CT slices equals nibabel's masks (same file);
//! - the NRRD written again by nibabel (RAS sform; qform only; axes permuted and flipped) and by
//!   pynrrd (RAS space; detached big-endian raw) gives the same masks: the LPS/RAS flip and the
//!   qform are checked by independent writers (run on the fly: `scripts/peers_labelmap.py
//!   --variants`, skipped with a message when python3 with nibabel and pynrrd is absent);
//! - what does not map is counted; bad input is a typed error naming the file, never a panic.
//!
//! The real files are read from `../shared/fixtures/real-ct-contours` beside the project or from
//! `$PROVESTEIN_REAL_CT`; without them the real-data tests say so and are skipped.

mod real_ct;

use std::io::Write;
use std::path::{Path, PathBuf};

use dicom_dictionary_std::tags;
use dicom_object::OpenFileOptions;
use provestein_dicom::geometry::Plane;
use provestein_dicom::labelmap::{self, LabelMap, LabelMapError, Source};
use provestein_dicom::seg::{SourceImage, read_seg_file};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

fn peers() -> Json {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labelmap_peers.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A CT slice: file name, SOP Instance UID, plane.
struct Slice {
    file: String,
    uid: String,
    plane: Plane,
}

fn slices(folder: &str, names: &[&str]) -> Vec<Slice> {
    names
        .iter()
        .map(|name| {
            let obj = OpenFileOptions::new()
                .read_until(tags::PIXEL_DATA)
                .open_file(real_ct::dir().join(folder).join(name))
                .unwrap();
            Slice {
                file: name.to_string(),
                uid: obj
                    .element(tags::SOP_INSTANCE_UID)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .trim_end_matches('\0')
                    .trim()
                    .to_string(),
                plane: Plane::from_object(&obj).unwrap(),
            }
        })
        .collect()
}

fn janct() -> Vec<Slice> {
    slices("janct", &["01.dcm", "02.dcm", "03.dcm"])
}

fn planes(slices: &[Slice]) -> Vec<Plane> {
    slices.iter().map(|s| s.plane.clone()).collect()
}

/// SHA-256 of a 0/1 mask packed 1 bit a pixel, row-major, least significant bit first.
fn digest(mask: &[u8]) -> String {
    let mut packed = vec![0u8; mask.len().div_ceil(8)];
    for (i, &v) in mask.iter().enumerate() {
        if v != 0 {
            packed[i / 8] |= 1 << (i % 8);
        }
    }
    Sha256::digest(&packed)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn ones(mask: &[u8]) -> u64 {
    mask.iter().filter(|v| **v != 0).count() as u64
}

/// The masks of `read` equal the peer's, per label and slice, with the peer's counts.
fn assert_equals_peer(read: &labelmap::LabelMasks, slices: &[Slice], peer: &Json) {
    assert_eq!(
        read.pixels_outside,
        peer["pixels_outside"].as_u64().unwrap()
    );
    assert_eq!(
        read.slices_without_plane.len(),
        peer["slices_without_plane"].as_array().unwrap().len()
    );
    for label in &read.labels {
        let expected = &peer["labels"][label.label.to_string()];
        assert_eq!(
            label.voxels,
            expected["voxels"].as_u64().unwrap(),
            "label {}",
            label.label
        );
        assert_eq!(
            label.voxels_outside,
            expected["voxels_outside"].as_u64().unwrap(),
            "label {}",
            label.label
        );
        for (slice, mask) in slices.iter().zip(&label.masks) {
            let e = &expected["images"][&slice.file];
            assert_eq!(
                ones(mask),
                e["pixels"].as_u64().unwrap(),
                "label {} {}",
                label.label,
                slice.file
            );
            assert_eq!(
                digest(mask),
                e["sha256"].as_str().unwrap(),
                "label {} {}",
                label.label,
                slice.file
            );
        }
    }
}

#[test]
fn janct_nrrd_equals_the_seg_written_from_it_pixel_for_pixel() {
    if !real_ct::present() {
        return;
    }
    let dir = real_ct::dir();
    let map = labelmap::read(&dir.join("source_labels/janct_liver_spine_seg.nrrd")).unwrap();
    assert_eq!(map.source, Source::NrrdLps);
    assert_eq!(map.sizes, [512, 512, 3]);
    let slices = janct();
    let read = map.masks_on(&planes(&slices), &[1, 2]).unwrap();
    assert_equals_peer(&read, &slices, &peer_of("janct_nrrd"));
    assert!(read.other_labels.is_empty() && read.absent_labels().is_empty());

    // highdicom's SEG of this NRRD, read by dicom::seg: segment n is label n.
    let images: Vec<SourceImage> = slices
        .iter()
        .map(|s| SourceImage {
            sop_instance_uid: s.uid.clone(),
            position: Some(s.plane.origin),
            frame_of_reference_uid: None,
            rows: s.plane.rows,
            columns: s.plane.columns,
        })
        .collect();
    let seg = read_seg_file(
        &dir.join("janct/janct_liver_vertebra_seg.dcm"),
        &images,
        0.5,
    )
    .unwrap();
    let mut compared = 0;
    for label in &read.labels {
        for (slice, mask) in slices.iter().zip(&label.masks) {
            let from_seg: Vec<u8> = seg
                .mask(label.label as u16, &slice.uid)
                .map(|m| m.iter().map(|&v| u8::from(v)).collect())
                .unwrap_or_else(|| vec![0; mask.len()]);
            assert!(from_seg == *mask, "label {} on {}", label.label, slice.file);
            compared += ones(mask);
        }
    }
    // 35220 + 35645 + 36233 liver and 4104 + 4200 + 4135 vertebra pixels.
    assert_eq!(compared, 107_098 + 12_439);
}

fn peer_of(name: &str) -> Json {
    peers()[name].clone()
}

#[test]
fn vhm_nifti_equals_nibabel() {
    if !real_ct::present() {
        return;
    }
    let map =
        labelmap::read(&real_ct::dir().join("source_labels/vhm_DicomRTTool_Mask.nii.gz")).unwrap();
    assert_eq!(map.source, Source::NiftiSform);
    // The slices in file order, which is not their z order: each mask follows its plane.
    let slices = slices("vhm", &["CT_1.dcm", "CT_2.dcm", "CT_3.dcm", "CT_4.dcm"]);
    let read = map.masks_on(&planes(&slices), &[1, 2, 3]).unwrap();
    assert_equals_peer(&read, &slices, &peer_of("vhm_nifti"));
    // Label 3 is asked for and absent; nothing else is in the map.
    assert_eq!(read.absent_labels(), vec![3]);
    assert!(read.other_labels.is_empty());
    // DicomRTTool's labels, all on the series: 745 spinal cord and 164 688 body voxels.
    assert_eq!(read.label(1).unwrap().voxels, 745);
    assert_eq!(read.label(2).unwrap().voxels, 164_688);
}

#[test]
fn nibabel_and_pynrrd_rewrites_give_the_same_masks() {
    if !real_ct::present() {
        return;
    }
    let temp = tempfile::tempdir().unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/peers_labelmap.py");
    let run = std::process::Command::new("python3")
        .arg(&script)
        .arg("--variants")
        .arg(temp.path())
        .arg(real_ct::dir())
        .output();
    match run {
        Ok(o) if o.status.success() => {}
        Ok(o) => {
            eprintln!(
                "skipped: {} --variants failed (python3 with nibabel and pynrrd is needed): {}",
                script.display(),
                String::from_utf8_lossy(&o.stderr)
            );
            return;
        }
        Err(e) => {
            eprintln!("skipped: python3 cannot be run ({e})");
            return;
        }
    }
    let slices = janct();
    let planes = planes(&slices);
    let original = labelmap::read(&real_ct::dir().join("source_labels/janct_liver_spine_seg.nrrd"))
        .unwrap()
        .masks_on(&planes, &[1, 2])
        .unwrap();
    for (name, source) in [
        ("janct_ras.nii.gz", Source::NiftiSform),
        ("janct_qform.nii", Source::NiftiQform),
        ("janct_permuted.nii.gz", Source::NiftiSform),
        ("janct_permuted_qform.nii.gz", Source::NiftiQform),
        ("janct_ras.nrrd", Source::NrrdRas),
        ("janct_detached.nhdr", Source::NrrdLps),
    ] {
        let map = labelmap::read(&temp.path().join(name)).unwrap();
        assert_eq!(map.source, source, "{name}");
        let read = map.masks_on(&planes, &[1, 2]).unwrap();
        assert_eq!(read, original, "{name}");
    }
}

#[test]
fn what_does_not_map_is_counted() {
    if !real_ct::present() {
        return;
    }
    let map =
        labelmap::read(&real_ct::dir().join("source_labels/janct_liver_spine_seg.nrrd")).unwrap();
    let slices = janct();
    let full = map.masks_on(&planes(&slices), &[1, 2, 7, 70_000]).unwrap();
    let p01 = slices[0].plane.clone(); // z = -126.69, the map's last plane (k = 2)
    let p02 = slices[1].plane.clone(); // k = 1
    let mut between = p01.clone();
    between.origin[2] -= 0.5; // halfway between two planes
    let mut beyond = p01.clone();
    beyond.origin[2] += 1.0; // one plane past the map's end
    let mut shifted = p02.clone();
    shifted.origin[0] -= 10.0 * p02.column_spacing; // ten columns towards the patient's right (−x)
    let read = map
        .masks_on(&[p01, between, beyond, shifted], &[1, 2, 7, 70_000])
        .unwrap();
    assert_eq!(read.slices_without_plane, vec![1, 2]);
    // The shifted slice: its first ten columns lie off the grid, on every row.
    assert_eq!(read.pixels_outside, 10 * 512);
    assert_eq!(read.absent_labels(), vec![7, 70_000]);
    for (label, whole) in read.labels.iter().zip(&full.labels).take(2) {
        assert_eq!(label.masks[0], whole.masks[0]);
        assert!(
            label.masks[1]
                .iter()
                .chain(&label.masks[2])
                .all(|v| *v == 0)
        );
        // The shifted slice is slice 02 moved ten columns.
        for r in 0..512 {
            for c in 0..512 {
                let want = if c < 10 {
                    0
                } else {
                    whole.masks[1][r * 512 + c - 10]
                };
                assert_eq!(label.masks[3][r * 512 + c], want);
            }
        }
        let on_series = ones(&label.masks[0]) + ones(&label.masks[3]);
        assert_eq!(
            label.voxels_outside,
            label.voxels - on_series,
            "label {}",
            label.label
        );
    }
    // Not asked for: other values are listed.
    let only_liver = map.masks_on(&planes(&slices), &[1]).unwrap();
    assert_eq!(
        only_liver.other_labels.into_iter().collect::<Vec<_>>(),
        vec![(2, 12_439)]
    );
}

// ---- bad input: synthetic files -------------------------------------------------------------

/// A janct-like plane: 512 × 512, 0.810547 mm, axial, at `z`.
fn axial(z: f64) -> Plane {
    Plane::new(
        [-235.199997, -226.800003, z],
        [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
        [0.810547, 0.810547],
        512,
        512,
    )
    .unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// An attached NRRD: the header lines given, a blank line, `data`.
fn nrrd(lines: &[&str], data: &[u8]) -> Vec<u8> {
    let mut out = b"NRRD0004\n".to_vec();
    for l in lines {
        out.extend_from_slice(l.as_bytes());
        out.push(b'\n');
    }
    out.push(b'\n');
    out.extend_from_slice(data);
    out
}

/// A uint8 NRRD of `sizes` with the geometry lines given (all voxels label 1).
fn nrrd_u8(sizes: [usize; 3], geometry: &[&str]) -> Vec<u8> {
    let sizes_line = format!("sizes: {} {} {}", sizes[0], sizes[1], sizes[2]);
    let mut lines = vec![
        "type: uint8",
        "dimension: 3",
        sizes_line.as_str(),
        "encoding: raw",
    ];
    lines.extend_from_slice(geometry);
    nrrd(&lines, &vec![1u8; sizes.iter().product()])
}

const JANCT_GEOMETRY: [&str; 3] = [
    "space: left-posterior-superior",
    "space directions: (0.810547,0,0) (0,0.810547,0) (0,0,1)",
    "space origin: (-235.199997,-226.800003,-128.690002)",
];

/// A little-endian NIfTI-1 (.nii) of int16 with an sform (RAS) and the voxels given.
fn nifti(dims: &[u16], datatype: i16, bitpix: i16, srow: [[f32; 4]; 3], voxels: &[u8]) -> Vec<u8> {
    let mut h = vec![0u8; 348];
    let put = |h: &mut Vec<u8>, at: usize, b: &[u8]| h[at..at + b.len()].copy_from_slice(b);
    put(&mut h, 0, &348i32.to_le_bytes());
    put(&mut h, 40, &(dims.len() as i16).to_le_bytes());
    for (i, d) in dims.iter().enumerate() {
        put(&mut h, 42 + 2 * i, &d.to_le_bytes());
    }
    for i in dims.len()..7 {
        put(&mut h, 42 + 2 * i, &1i16.to_le_bytes());
    }
    put(&mut h, 70, &datatype.to_le_bytes());
    put(&mut h, 72, &bitpix.to_le_bytes());
    for i in 0..4 {
        put(&mut h, 76 + 4 * i, &1f32.to_le_bytes()); // pixdim
    }
    put(&mut h, 108, &352f32.to_le_bytes()); // vox_offset
    h[123] = 2; // mm
    put(&mut h, 254, &1i16.to_le_bytes()); // sform_code
    for (r, row) in srow.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            put(&mut h, 280 + 16 * r + 4 * c, &v.to_le_bytes());
        }
    }
    put(&mut h, 344, b"n+1\0");
    h.extend_from_slice(&[0, 0, 0, 0]);
    h.extend_from_slice(voxels);
    h
}

const IDENTITY: [[f32; 4]; 3] = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
];

fn error(path: &Path) -> LabelMapError {
    let e = labelmap::read(path).unwrap_err();
    assert_eq!(e.path, path, "the error names the file");
    assert!(e.to_string().contains(&path.display().to_string()), "{e}");
    e.error
}

fn on_janct(map: &LabelMap) -> LabelMapError {
    let planes = [axial(-128.690002), axial(-127.690002)];
    let e = map.masks_on(&planes, &[1]).unwrap_err();
    assert_eq!(e.path, map.path);
    e.error
}

#[test]
fn truncated_gzip_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<u8> = (0..64 * 64 * 8).map(|i| (i % 3) as u8).collect();
    let whole = gzip(&data);
    let cut = &whole[..whole.len() / 2];
    let mut lines: Vec<&str> = vec![
        "type: uint8",
        "dimension: 3",
        "sizes: 64 64 8",
        "encoding: gzip",
    ];
    lines.extend_from_slice(&JANCT_GEOMETRY);
    let ok = write(dir.path(), "whole.nrrd", &nrrd(&lines, &whole));
    assert_eq!(
        labelmap::read(&ok).unwrap().counts()[&2],
        (64 * 64 * 8 / 3) as u64
    );
    let path = write(dir.path(), "cut.nrrd", &nrrd(&lines, cut));
    let e = error(&path);
    assert!(
        matches!(
            e,
            LabelMapError::Truncated { .. } | LabelMapError::Corrupt(_)
        ),
        "{e}"
    );
    // A .nii.gz cut short, in its voxels and in its header.
    let nii = gzip(&nifti(&[64, 64, 8], 2, 8, IDENTITY, &data));
    let path = write(dir.path(), "cut.nii.gz", &nii[..nii.len() / 2]);
    let e = error(&path);
    assert!(
        matches!(
            e,
            LabelMapError::Truncated { .. } | LabelMapError::Corrupt(_)
        ),
        "{e}"
    );
    // A gzip stream of two members (bgzip and some writers split it) is read whole.
    let plain = nifti(&[64, 64, 8], 2, 8, IDENTITY, &data);
    let mut members = gzip(&plain[..1000]);
    members.extend(gzip(&plain[1000..]));
    let path = write(dir.path(), "members.nii.gz", &members);
    assert_eq!(labelmap::read(&path).unwrap().counts()[&2], 10_922);
    let path = write(dir.path(), "header.nii.gz", &nii[..40]);
    assert!(matches!(
        error(&path),
        LabelMapError::NotFormat { .. } | LabelMapError::Corrupt(_)
    ));
    // Raw data short of the sizes.
    let mut lines: Vec<&str> = vec![
        "type: short",
        "endian: little",
        "dimension: 3",
        "sizes: 4 4 4",
        "encoding: raw",
    ];
    lines.extend_from_slice(&JANCT_GEOMETRY);
    let path = write(dir.path(), "short.nrrd", &nrrd(&lines, &[0u8; 100]));
    assert!(matches!(
        error(&path),
        LabelMapError::Truncated {
            expected: 128,
            found: 100
        }
    ));
}

#[test]
fn header_sizes_beyond_the_limit_are_refused_before_allocating() {
    let dir = tempfile::tempdir().unwrap();
    // 10¹² voxels, no data: refused from the header.
    let mut lines = vec![
        "type: uint8",
        "dimension: 3",
        "sizes: 10000 10000 10000",
        "encoding: raw",
    ];
    lines.extend_from_slice(&JANCT_GEOMETRY);
    let path = write(dir.path(), "huge.nrrd", &nrrd(&lines, &[]));
    assert!(matches!(error(&path), LabelMapError::TooLarge { .. }));
    // Sizes whose product overflows 64 bits.
    let mut lines = vec![
        "type: uint8",
        "dimension: 3",
        "sizes: 18446744073709551615 2 2",
        "encoding: raw",
    ];
    lines.extend_from_slice(&JANCT_GEOMETRY);
    let path = write(dir.path(), "overflow.nrrd", &nrrd(&lines, &[]));
    assert!(matches!(error(&path), LabelMapError::TooLarge { .. }));
    // NIfTI: 32767³ voxels of int16.
    let path = write(
        dir.path(),
        "huge.nii",
        &nifti(&[32767, 32767, 32767], 4, 16, IDENTITY, &[]),
    );
    assert!(matches!(error(&path), LabelMapError::TooLarge { .. }));
    let message = labelmap::read(&path).unwrap_err().to_string();
    assert!(message.contains("32767 × 32767 × 32767"), "{message}");
}

#[test]
fn unknown_nrrd_type_encoding_and_space_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let with = |name: &str, first: &[&str]| {
        let mut lines: Vec<&str> = first.to_vec();
        lines.extend_from_slice(&["dimension: 3", "sizes: 2 2 2"]);
        write(dir.path(), name, &nrrd(&lines, &[1u8; 8]))
    };
    let geometry = JANCT_GEOMETRY.to_vec();
    let mut first = vec!["type: block", "encoding: raw"];
    first.extend_from_slice(&geometry);
    assert!(matches!(
        error(&with("block.nrrd", &first)),
        LabelMapError::UnsupportedType(_)
    ));
    for encoding in ["encoding: bzip2", "encoding: hex", "encoding: ascii"] {
        let mut first = vec!["type: uint8", encoding];
        first.extend_from_slice(&geometry);
        assert!(matches!(
            error(&with("encoding.nrrd", &first)),
            LabelMapError::UnsupportedEncoding(_)
        ));
    }
    let first = vec![
        "type: uint8",
        "encoding: raw",
        "space: scanner-xyz",
        "space directions: (1,0,0) (0,1,0) (0,0,1)",
        "space origin: (0,0,0)",
    ];
    assert!(matches!(
        error(&with("space.nrrd", &first)),
        LabelMapError::UnsupportedSpace(_)
    ));
    let first = vec!["type: uint8", "encoding: raw", "spacings: 1 1 1"];
    assert!(matches!(
        error(&with("nospace.nrrd", &first)),
        LabelMapError::NoOrientation(_)
    ));
    let first = vec!["type: short", "encoding: raw"];
    let mut first = first;
    first.extend_from_slice(&geometry);
    assert!(matches!(
        error(&with("noendian.nrrd", &first)),
        LabelMapError::BadHeader {
            field: "endian",
            ..
        }
    ));
    let path = write(dir.path(), "notnrrd.nrrd", b"P5\n2 2\n255\n....");
    assert!(matches!(error(&path), LabelMapError::NotFormat { .. }));
    let path = write(dir.path(), "labels.png", b"\x89PNG");
    assert!(matches!(error(&path), LabelMapError::UnknownFormat));
    // A folder is not a file.
    let folder = dir.path().join("folder.nrrd");
    std::fs::create_dir(&folder).unwrap();
    assert!(matches!(error(&folder), LabelMapError::Unreadable(_)));
    // A detached header naming a data file that is not there.
    let mut lines = vec![
        "type: uint8",
        "dimension: 3",
        "sizes: 2 2 2",
        "encoding: raw",
        "data file: missing.raw",
    ];
    lines.extend_from_slice(&geometry);
    let mut text = b"NRRD0004\n".to_vec();
    for l in lines {
        text.extend_from_slice(l.as_bytes());
        text.push(b'\n');
    }
    let path = write(dir.path(), "detached.nhdr", &text);
    assert!(matches!(error(&path), LabelMapError::Unreadable(_)));
}

#[test]
fn four_d_and_non_label_volumes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "4d.nii",
        &nifti(&[4, 4, 2, 3], 2, 8, IDENTITY, &[1u8; 96]),
    );
    assert!(matches!(
        error(&path),
        LabelMapError::NotThreeD { dimensions: 4, .. }
    ));
    // A 4-D NIfTI whose fourth size is 1 is a 3-D map.
    let path = write(
        dir.path(),
        "4d1.nii",
        &nifti(&[4, 4, 2, 1], 2, 8, IDENTITY, &[1u8; 32]),
    );
    assert_eq!(labelmap::read(&path).unwrap().sizes, [4, 4, 2]);
    let mut lines = vec![
        "type: uint8",
        "dimension: 4",
        "sizes: 2 2 2 2",
        "encoding: raw",
    ];
    lines.extend_from_slice(&JANCT_GEOMETRY);
    let path = write(dir.path(), "4d.nrrd", &nrrd(&lines, &[1u8; 16]));
    assert!(matches!(
        error(&path),
        LabelMapError::NotThreeD { dimensions: 4, .. }
    ));
    // A probability map: 0.5 is no label.
    let voxels: Vec<u8> = [0.0f32, 0.5, 1.0, 1.0]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    let path = write(
        dir.path(),
        "probability.nii",
        &nifti(&[2, 2, 1], 16, 32, IDENTITY, &voxels),
    );
    assert!(matches!(
        error(&path),
        LabelMapError::NotALabel { index: 1, value } if value == 0.5
    ));
    // RGB and complex types are not labels.
    let path = write(
        dir.path(),
        "rgb.nii",
        &nifti(&[2, 2, 1], 128, 24, IDENTITY, &[0u8; 12]),
    );
    assert!(matches!(error(&path), LabelMapError::UnsupportedType(_)));
    // Neither sform nor qform: no orientation.
    let mut bytes = nifti(&[2, 2, 1], 2, 8, IDENTITY, &[0u8; 4]);
    bytes[254] = 0;
    let path = write(dir.path(), "noform.nii", &bytes);
    assert!(matches!(error(&path), LabelMapError::NoOrientation(_)));
    // NIfTI-2 is named as such.
    let mut bytes = vec![0u8; 540];
    bytes[..4].copy_from_slice(&540i32.to_le_bytes());
    let path = write(dir.path(), "two.nii", &bytes);
    assert!(matches!(error(&path), LabelMapError::Nifti2));
}

#[test]
fn a_label_map_on_another_grid_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let read = |name: &str, geometry: &[&str]| {
        labelmap::read(&write(dir.path(), name, &nrrd_u8([512, 512, 3], geometry))).unwrap()
    };
    // The janct grid itself maps.
    let same = read("same.nrrd", &JANCT_GEOMETRY);
    let planes = [axial(-128.690002), axial(-127.690002)];
    let masks = same.masks_on(&planes, &[1]).unwrap();
    assert_eq!(ones(&masks.labels[0].masks[0]), 512 * 512);
    // Resampled to 1 mm in-plane: pixel centres fall between voxel centres.
    let resampled = read(
        "resampled.nrrd",
        &[
            JANCT_GEOMETRY[0],
            "space directions: (1,0,0) (0,1,0) (0,0,1)",
            JANCT_GEOMETRY[2],
        ],
    );
    assert!(matches!(
        on_janct(&resampled),
        LabelMapError::NeedsInterpolation { .. }
    ));
    // Shifted by half a voxel in-plane.
    let shifted = read(
        "shifted.nrrd",
        &[
            JANCT_GEOMETRY[0],
            JANCT_GEOMETRY[1],
            "space origin: (-234.7947235,-226.800003,-128.690002)",
        ],
    );
    let e = on_janct(&shifted);
    assert!(
        matches!(e, LabelMapError::NeedsInterpolation { axis: 0, offset, .. } if (offset - 0.5).abs() < 1e-3),
        "{e}"
    );
    // Rotated 30° about the slice axis.
    let (c, s) = (
        0.810547 * 30f64.to_radians().cos(),
        0.810547 * 30f64.to_radians().sin(),
    );
    let rotated_line = format!("space directions: ({c},{s},0) ({},{c},0) (0,0,1)", -s);
    let rotated = read(
        "rotated.nrrd",
        &[JANCT_GEOMETRY[0], &rotated_line, JANCT_GEOMETRY[2]],
    );
    assert!(matches!(on_janct(&rotated), LabelMapError::Oblique { .. }));
    // Tilted slices: the third axis leans out of the slice plane.
    let tilted = read(
        "tilted.nrrd",
        &[
            JANCT_GEOMETRY[0],
            "space directions: (0.810547,0,0.0) (0,0.810547,0.01) (0,0,1)",
            JANCT_GEOMETRY[2],
        ],
    );
    assert!(matches!(on_janct(&tilted), LabelMapError::Oblique { .. }));
    // Another patient's z range: no pixel lies on the map.
    let elsewhere = read(
        "elsewhere.nrrd",
        &[
            JANCT_GEOMETRY[0],
            JANCT_GEOMETRY[1],
            "space origin: (-235.199997,-226.800003,500)",
        ],
    );
    assert!(matches!(
        on_janct(&elsewhere),
        LabelMapError::NoOverlap { slices: 2 }
    ));
    // A map a light year away, and one with voxels a billionth of a millimetre: errors, no
    // overflow.
    let far = read(
        "far.nrrd",
        &[
            JANCT_GEOMETRY[0],
            JANCT_GEOMETRY[1],
            "space origin: (1e300,-226.800003,-128.690002)",
        ],
    );
    assert!(matches!(
        on_janct(&far),
        LabelMapError::NoOverlap { slices: 2 }
    ));
    let tiny = read(
        "tiny.nrrd",
        &[
            JANCT_GEOMETRY[0],
            "space directions: (1e-9,0,0) (0,1e-9,0) (0,0,1)",
            JANCT_GEOMETRY[2],
        ],
    );
    assert!(matches!(
        on_janct(&tiny),
        LabelMapError::NeedsInterpolation { .. }
    ));
}

#[test]
fn a_finer_label_map_is_sampled_at_the_pixel_centres_and_axes_may_be_permuted() {
    let dir = tempfile::tempdir().unwrap();
    // 4 × 6 voxels of 0.5 mm in-plane (value = 1 + i + 4j, i along x), 2 planes 2 mm apart.
    let values: Vec<u8> = (0..2)
        .flat_map(|_k| (0..6).flat_map(|j| (0..4).map(move |i| (1 + i + 4 * j) as u8)))
        .collect();
    let lines = [
        "type: uint8",
        "dimension: 3",
        "sizes: 4 6 2",
        "encoding: raw",
        "space: right-anterior-superior",
        // RAS: i runs to the patient's right (LPS −x), j anterior (LPS −y).
        "space directions: (-0.5,0,0) (0,-0.5,0) (0,0,2)",
        "space origin: (0,0,10)",
    ];
    let path = write(dir.path(), "fine.nrrd", &nrrd(&lines, &values));
    let map = labelmap::read(&path).unwrap();
    // LPS: voxel (i, j) sits at x = 0.5 i, y = 0.5 j (RAS origin 0 is LPS origin 0).
    assert_eq!(map.to_patient([2.0, 4.0, 1.0]), [1.0, 2.0, 12.0]);
    // A 1 mm plane at z = 12 (k = 1), 2 columns × 3 rows from (0, 0): takes every other voxel.
    let plane = Plane::new(
        [0.0, 0.0, 12.0],
        [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
        [1.0, 1.0],
        3,
        2,
    )
    .unwrap();
    let read = map.masks_on(&[plane], &[1, 3, 9, 11, 17, 19, 2]).unwrap();
    for (label, want) in read.labels.iter().zip([
        [1, 0, 0, 0, 0, 0],
        [0, 1, 0, 0, 0, 0],
        [0, 0, 1, 0, 0, 0],
        [0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0],
    ]) {
        assert_eq!(label.masks[0], want, "label {}", label.label);
    }
    // Voxel 2 lies between the pixel centres: on no pixel, so outside the series.
    assert_eq!(read.label(2).unwrap().voxels_outside, 2);
    assert_eq!(
        read.label(1).unwrap().voxels_outside,
        1,
        "k = 0's voxel 1 is on no slice"
    );
    // A plane whose rows run along −y and columns along +x: the same voxels, rows reversed.
    let flipped = Plane::new(
        [0.0, 2.0, 12.0],
        [1.0, 0.0, 0.0, 0.0, -1.0, 0.0],
        [1.0, 1.0],
        3,
        2,
    )
    .unwrap();
    let read = map.masks_on(&[flipped], &[1, 19]).unwrap();
    assert_eq!(read.labels[0].masks[0], [0, 0, 0, 0, 1, 0]);
    assert_eq!(read.labels[1].masks[0], [0, 1, 0, 0, 0, 0]);
    // A sagittal plane (rows along y, columns along −z... here columns along y, rows along z).
    let sagittal = Plane::new(
        [1.0, 0.0, 10.0],
        [0.0, 1.0, 0.0, 0.0, 0.0, 1.0],
        [2.0, 1.0],
        2,
        3,
    )
    .unwrap();
    let read = map.masks_on(&[sagittal], &[3, 11, 19]).unwrap();
    // Column c → y = c mm → j = 2c; row r → z = 10 + 2r → k = r; x = 1 → i = 2.
    assert_eq!(read.labels[0].masks[0], [1, 0, 0, 1, 0, 0]);
    assert_eq!(read.labels[1].masks[0], [0, 1, 0, 0, 1, 0]);
    assert_eq!(read.labels[2].masks[0], [0, 0, 1, 0, 0, 1]);
    assert!(read.slices_without_plane.is_empty() && read.pixels_outside == 0);
}

/// Bytes of valid small files changed at random (a fixed seed): every result is a label map or
/// a typed error, never a panic, and a map that reads is put onto a series without one either.
#[test]
fn damaged_files_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<u8> = (0..4 * 6 * 2).map(|i| (i % 5) as u8).collect();
    let nrrd_file = nrrd(
        &[
            "type: uint8",
            "dimension: 3",
            "sizes: 4 6 2",
            "encoding: raw",
            "space: left-posterior-superior",
            "space directions: (1,0,0) (0,1,0) (0,0,2)",
            "space origin: (0,0,0)",
        ],
        &values,
    );
    let nifti_file = nifti(&[4, 6, 2], 2, 8, IDENTITY, &values);
    let plane = Plane::new(
        [0.0, 0.0, 2.0],
        [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
        [1.0, 1.0],
        6,
        4,
    )
    .unwrap();
    let mut state = 0x2026_1202_u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    let (mut read, mut refused) = (0, 0);
    for round in 0..600 {
        let (name, original) = if round % 3 == 0 {
            ("damaged.nrrd", &nrrd_file)
        } else if round % 3 == 1 {
            ("damaged.nii", &nifti_file)
        } else {
            ("damaged.nii.gz", &nifti_file)
        };
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            // Mostly the header, where the sizes and the geometry are.
            let at = next()
                % bytes
                    .len()
                    .min(if next() % 4 == 0 { usize::MAX } else { 360 });
            bytes[at] = match next() % 4 {
                0 => 0xff,
                1 => 0,
                2 => bytes[at] ^ (1 << (next() % 8)),
                _ => b"0123456789-.e,( )"[next() % 17],
            };
        }
        if next() % 8 == 0 {
            bytes.truncate(next() % bytes.len());
        }
        let bytes = if name.ends_with(".gz") {
            gzip(&bytes)
        } else {
            bytes
        };
        let path = write(dir.path(), name, &bytes);
        match labelmap::read(&path) {
            Ok(map) => {
                read += 1;
                let _ = map.masks_on(std::slice::from_ref(&plane), &[0, 1, 2, 3, 4, 255]);
            }
            Err(e) => {
                refused += 1;
                assert!(!e.to_string().is_empty());
            }
        }
    }
    // Both outcomes occur: the damage reaches the checks and leaves some files readable.
    assert!(read > 20 && refused > 20, "{read} read, {refused} refused");
}
