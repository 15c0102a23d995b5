//! dicom::seg against highdicom and the NRRD label map on real SEGs (janct: 3D Slicer's
//! liver_seg.dcm, highdicom's two-segment janct_liver_vertebra_seg.dcm), its own rules on small
//! synthetic SEGs (frames straddling bytes, fractional thresholds, position matching), and one
//! test per error path.
//!
//! The real files are read from `<project root>/../shared/fixtures/real-ct-contours`, or from
//! `$PROVESTEIN_REAL_CT`; without them the real-data tests say so and are skipped.

mod real_ct;

use std::path::PathBuf;

use dicom_core::value::{DataSetSequence, PixelFragmentSequence, PrimitiveValue};
use dicom_core::{DataElement, Tag, VR};
use dicom_dictionary_std::tags;
use dicom_object::{DefaultDicomObject, InMemDicomObject, OpenFileOptions};
use provestein_dicom::seg::{
    SEG_SOP_CLASS, SegError, SegmentationType, SourceImage, Unmatched, mask_sha256, read_seg,
    read_seg_file,
};
use serde_json::Value as Json;

fn contours() -> PathBuf {
    let dir = real_ct::dir();
    assert!(
        dir.join("janct/liver_seg.dcm").is_file(),
        "real SEG fixtures not found: looked in {} (<project root>/../shared/fixtures/real-ct-contours); \
         set PROVESTEIN_REAL_CT to the real-ct-contours folder",
        dir.display()
    );
    dir
}

fn peers() -> Json {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/segmentation/seg_peers.json");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// The three janct CT slices as the cohort: UID, position, grid from their headers.
fn janct_images() -> Vec<SourceImage> {
    let dir = contours().join("janct");
    ["01.dcm", "02.dcm", "03.dcm"]
        .iter()
        .map(|f| {
            let obj = OpenFileOptions::new()
                .read_until(tags::PIXEL_DATA)
                .open_file(dir.join(f))
                .unwrap();
            let p = obj
                .element(tags::IMAGE_POSITION_PATIENT)
                .unwrap()
                .to_multi_float64()
                .unwrap();
            SourceImage {
                sop_instance_uid: obj
                    .element(tags::SOP_INSTANCE_UID)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .trim_end_matches('\0')
                    .trim()
                    .to_string(),
                position: Some([p[0], p[1], p[2]]),
                frame_of_reference_uid: Some(
                    obj.element(tags::FRAME_OF_REFERENCE_UID)
                        .unwrap()
                        .to_str()
                        .unwrap()
                        .trim_end_matches('\0')
                        .to_string(),
                ),
                rows: obj.element(tags::ROWS).unwrap().to_int().unwrap(),
                columns: obj.element(tags::COLUMNS).unwrap().to_int().unwrap(),
            }
        })
        .collect()
}

fn open(name: &str) -> DefaultDicomObject {
    dicom_object::open_file(contours().join("janct").join(name)).unwrap()
}

/// Every (segment, image) of the peer equals ours in pixel count and packed-mask SHA-256.
fn assert_equals_peer(read: &provestein_dicom::seg::SegRead, expected: &Json, what: &str) -> usize {
    let mut compared = 0;
    for (number, entry) in expected.as_object().unwrap() {
        let number: u16 = number.parse().unwrap();
        for (uid, want) in entry["images"].as_object().unwrap() {
            let mask = read
                .mask(number, uid)
                .unwrap_or_else(|| panic!("{what}: no mask for segment {number} on {uid}"));
            let pixels = mask.iter().filter(|v| **v).count() as u64;
            assert_eq!(
                pixels,
                want["pixels"].as_u64().unwrap(),
                "{what}: segment {number}, {uid}"
            );
            assert_eq!(
                mask_sha256(mask),
                want["sha256"].as_str().unwrap(),
                "{what}: segment {number}, {uid}"
            );
            compared += 1;
        }
    }
    compared
}

#[test]
fn janct_segs_equal_highdicom_per_segment_and_image() {
    if !real_ct::present() {
        return;
    }
    let images = janct_images();
    let peers = peers();
    for (file, labels) in [
        ("liver_seg.dcm", vec!["Liver"]),
        ("janct_liver_vertebra_seg.dcm", vec!["Liver", "Vertebra"]),
    ] {
        let read = read_seg_file(&contours().join("janct").join(file), &images, 0.5).unwrap();
        assert_eq!(read.kind, SegmentationType::Binary);
        assert_eq!((read.rows, read.columns), (512, 512));
        let got: Vec<&str> = read.segments.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(got, labels, "{file}");
        assert!(read.unmatched.is_empty(), "{file}: {:?}", read.unmatched);
        assert_eq!(read.masks.len(), 3 * labels.len());
        let spacing = read.pixel_spacing.unwrap();
        assert!((spacing[0] - 0.810547).abs() < 1e-6, "{file}: {spacing:?}");
        assert_eq!(read.orientation, Some([1.0, 0.0, 0.0, 0.0, 1.0, 0.0]));
        let n = assert_equals_peer(&read, &peers["files"][file]["segments"], file);
        assert_eq!(n, 3 * labels.len());
    }
}

#[test]
fn two_segment_seg_equals_the_nrrd_it_was_written_from() {
    if !real_ct::present() {
        return;
    }
    let read = read_seg_file(
        &contours().join("janct/janct_liver_vertebra_seg.dcm"),
        &janct_images(),
        0.5,
    )
    .unwrap();
    // NRRD label 1 is the liver, 2 the vertebra: the segment numbers.
    let n = assert_equals_peer(&read, &peers()["nrrd"]["labels"], "nrrd");
    assert_eq!(n, 6);
    // Liver on 03.dcm (the lowest slice) is 36233 pixels in all three readings.
    let lowest = &janct_images()[2].sop_instance_uid;
    assert_eq!(
        read.mask(1, lowest).unwrap().iter().filter(|v| **v).count(),
        36233
    );
}

/// Rewrites every per-frame item with `edit`.
fn edit_frames(obj: &mut InMemDicomObject, edit: impl Fn(&mut InMemDicomObject)) {
    let mut items = obj
        .element(tags::PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE)
        .unwrap()
        .items()
        .unwrap()
        .to_vec();
    items.iter_mut().for_each(edit);
    obj.put(DataElement::new(
        tags::PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE,
        VR::SQ,
        DataSetSequence::from(items),
    ));
}

#[test]
fn frames_without_source_uids_are_placed_by_position() {
    if !real_ct::present() {
        return;
    }
    let images = janct_images();
    let mut obj = open("janct_liver_vertebra_seg.dcm");
    edit_frames(&mut obj, |item| {
        item.remove_element(tags::DERIVATION_IMAGE_SEQUENCE);
    });
    let read = read_seg(&obj, &images, 0.5).unwrap();
    assert!(read.unmatched.is_empty());
    assert_eq!(
        assert_equals_peer(&read, &peers()["nrrd"]["labels"], "by position"),
        6
    );

    // Images 0.5 mm off every frame: nothing lands, all six frames counted.
    let shifted: Vec<SourceImage> = images
        .iter()
        .map(|i| SourceImage {
            position: i.position.map(|p| [p[0], p[1], p[2] + 0.5]),
            ..i.clone()
        })
        .collect();
    let read = read_seg(&obj, &shifted, 0.5).unwrap();
    assert!(read.masks.is_empty());
    assert_eq!(read.unmatched.len(), 6);
    assert!(
        read.unmatched
            .iter()
            .all(|u| matches!(u.reason, Unmatched::NoImageAtPosition(_)))
    );

    // The right positions in another frame of reference: nothing lands either.
    let elsewhere: Vec<SourceImage> = images
        .iter()
        .map(|i| SourceImage {
            frame_of_reference_uid: Some("1.2.3".into()),
            ..i.clone()
        })
        .collect();
    let read = read_seg(&obj, &elsewhere, 0.5).unwrap();
    assert!(read.masks.is_empty());
    assert_eq!(read.unmatched.len(), 6);
}

#[test]
fn frames_for_images_outside_the_cohort_are_counted() {
    if !real_ct::present() {
        return;
    }
    let images = janct_images();
    let cohort = &images[..2]; // 03.dcm left out
    let read = read_seg_file(
        &contours().join("janct/janct_liver_vertebra_seg.dcm"),
        cohort,
        0.5,
    )
    .unwrap();
    assert_eq!(read.masks.len(), 4);
    assert_eq!(read.unmatched.len(), 2, "one frame per segment on 03.dcm");
    for u in &read.unmatched {
        assert_eq!(
            u.reason,
            Unmatched::UidNotInCohort(images[2].sop_instance_uid.clone())
        );
    }
    let mut segments: Vec<u16> = read.unmatched.iter().map(|u| u.segment).collect();
    segments.sort();
    assert_eq!(segments, [1, 2]);

    // An image of another grid is counted, not resampled.
    let mut small = images.clone();
    small[0].rows = 256;
    let read = read_seg_file(&contours().join("janct/liver_seg.dcm"), &small, 0.5).unwrap();
    assert_eq!(read.unmatched.len(), 1);
    assert!(matches!(
        read.unmatched[0].reason,
        Unmatched::GridDiffers {
            image: (256, 512),
            seg: (512, 512),
            ..
        }
    ));
}

// --- synthetic SEGs ---------------------------------------------------------------------

fn put(obj: &mut InMemDicomObject, tag: Tag, vr: VR, value: PrimitiveValue) {
    obj.put(DataElement::new(tag, vr, value));
}

fn sequence(obj: &mut InMemDicomObject, tag: Tag, items: Vec<InMemDicomObject>) {
    obj.put(DataElement::new(tag, VR::SQ, DataSetSequence::from(items)));
}

/// A SEG of `rows` × `columns` with one frame per (segment, z) in `frames`, positioned only
/// (no source UIDs), two segments defined.
fn synthetic(
    kind: &str,
    rows: u16,
    columns: u16,
    frames: &[(u16, f64)],
    data: Vec<u8>,
) -> InMemDicomObject {
    let mut obj = InMemDicomObject::new_empty();
    put(
        &mut obj,
        tags::SOP_CLASS_UID,
        VR::UI,
        PrimitiveValue::from(SEG_SOP_CLASS),
    );
    put(
        &mut obj,
        tags::SOP_INSTANCE_UID,
        VR::UI,
        PrimitiveValue::from("1.2.3.4"),
    );
    put(
        &mut obj,
        tags::SEGMENTATION_TYPE,
        VR::CS,
        PrimitiveValue::from(kind),
    );
    let bits: u16 = if kind == "BINARY" { 1 } else { 8 };
    put(
        &mut obj,
        tags::BITS_ALLOCATED,
        VR::US,
        PrimitiveValue::from(bits),
    );
    if kind == "FRACTIONAL" {
        put(
            &mut obj,
            tags::MAXIMUM_FRACTIONAL_VALUE,
            VR::US,
            PrimitiveValue::from(200u16),
        );
    }
    put(&mut obj, tags::ROWS, VR::US, PrimitiveValue::from(rows));
    put(
        &mut obj,
        tags::COLUMNS,
        VR::US,
        PrimitiveValue::from(columns),
    );
    put(
        &mut obj,
        tags::NUMBER_OF_FRAMES,
        VR::IS,
        PrimitiveValue::from(frames.len().to_string()),
    );
    let segments = [(1u16, "Liver"), (2, "Spinal Cord")]
        .iter()
        .map(|(n, label)| {
            let mut s = InMemDicomObject::new_empty();
            put(
                &mut s,
                tags::SEGMENT_NUMBER,
                VR::US,
                PrimitiveValue::from(*n),
            );
            put(
                &mut s,
                tags::SEGMENT_LABEL,
                VR::LO,
                PrimitiveValue::from(*label),
            );
            s
        })
        .collect();
    sequence(&mut obj, tags::SEGMENT_SEQUENCE, segments);
    let per_frame = frames
        .iter()
        .map(|(segment, z)| {
            let mut id = InMemDicomObject::new_empty();
            put(
                &mut id,
                tags::REFERENCED_SEGMENT_NUMBER,
                VR::US,
                PrimitiveValue::from(*segment),
            );
            let mut pos = InMemDicomObject::new_empty();
            put(
                &mut pos,
                tags::IMAGE_POSITION_PATIENT,
                VR::FD,
                PrimitiveValue::F64(vec![0.0, 0.0, *z].into()),
            );
            let mut item = InMemDicomObject::new_empty();
            sequence(&mut item, tags::SEGMENT_IDENTIFICATION_SEQUENCE, vec![id]);
            sequence(&mut item, tags::PLANE_POSITION_SEQUENCE, vec![pos]);
            item
        })
        .collect();
    sequence(
        &mut obj,
        tags::PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE,
        per_frame,
    );
    put(
        &mut obj,
        tags::PIXEL_DATA,
        VR::OB,
        PrimitiveValue::from(data),
    );
    obj
}

fn image(uid: &str, z: f64, rows: u32, columns: u32) -> SourceImage {
    SourceImage {
        sop_instance_uid: uid.into(),
        position: Some([0.0, 0.0, z]),
        frame_of_reference_uid: None,
        rows,
        columns,
    }
}

fn ones(mask: &ndarray::Array2<bool>) -> Vec<usize> {
    mask.iter()
        .enumerate()
        .filter(|(_, v)| **v)
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn binary_frames_that_straddle_bytes_are_unpacked_least_significant_bit_first() {
    // 3 × 3 = 9 bits a frame, three frames = 27 bits in 4 bytes. Wanted pixels (row-major):
    // frame 1 {0, 8}, frame 2 {4} (bit 13), frame 3 {1, 8} (bits 19 and 26).
    let mut bits = [0u8; 4];
    for b in [0usize, 8, 13, 19, 26] {
        bits[b / 8] |= 1 << (b % 8);
    }
    let obj = synthetic(
        "BINARY",
        3,
        3,
        &[(1, 0.0), (1, 1.0), (2, 1.0)],
        bits.to_vec(),
    );
    let images = [image("a", 0.0, 3, 3), image("b", 1.0, 3, 3)];
    let read = read_seg(&obj, &images, 0.5).unwrap();
    assert_eq!(ones(read.mask(1, "a").unwrap()), [0, 8]);
    assert_eq!(ones(read.mask(1, "b").unwrap()), [4]);
    assert_eq!(ones(read.mask(2, "b").unwrap()), [1, 8]);
    assert!(read.mask(2, "a").is_none(), "no frame: empty by convention");
    assert_eq!(read.segment_by_label("Spinal Cord").unwrap().number, 2);
    assert_eq!(
        provestein_dicom::seg::pack_bits(read.mask(1, "a").unwrap()),
        [0b0000_0001, 0b0000_0001]
    );
}

#[test]
fn fractional_values_are_thresholded_as_a_share_of_the_maximum() {
    // MaximumFractionalValue 200: threshold 0.5 keeps values ≥ 100.
    let obj = synthetic("FRACTIONAL", 2, 2, &[(1, 0.0)], vec![0, 99, 100, 200]);
    let images = [image("a", 0.0, 2, 2)];
    let read = read_seg(&obj, &images, 0.5).unwrap();
    assert_eq!(read.kind, SegmentationType::Fractional { maximum: 200 });
    assert_eq!(ones(read.mask(1, "a").unwrap()), [2, 3]);
    let read = read_seg(&obj, &images, 0.495).unwrap();
    assert_eq!(ones(read.mask(1, "a").unwrap()), [1, 2, 3]);
    assert_eq!(
        ones(read_seg(&obj, &images, 1.0).unwrap().mask(1, "a").unwrap()),
        [3]
    );
    assert!(matches!(
        read_seg(&obj, &images, 0.0),
        Err(SegError::BadThreshold(_))
    ));
    assert!(matches!(
        read_seg(&obj, &images, f64::NAN),
        Err(SegError::BadThreshold(_))
    ));
}

// --- error paths ------------------------------------------------------------------------

#[test]
fn truncated_pixel_data_is_refused_before_allocating() {
    if !real_ct::present() {
        return;
    }
    let mut obj = open("liver_seg.dcm");
    let data = obj
        .element(tags::PIXEL_DATA)
        .unwrap()
        .to_bytes()
        .unwrap()
        .to_vec();
    assert_eq!(data.len(), 98304); // 512 × 512 × 3 bits
    put(
        &mut obj,
        tags::PIXEL_DATA,
        VR::OB,
        PrimitiveValue::from(data[..98302].to_vec()),
    );
    let err = read_seg(&obj, &janct_images(), 0.5).unwrap_err();
    assert!(
        matches!(
            err,
            SegError::TruncatedPixelData {
                expected: 98304,
                found: 98302
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("Pixel Data (7FE0,0010) is truncated")
    );

    // A header announcing a huge grid with a few bytes of data: refused, nothing allocated.
    put(
        &mut obj,
        tags::NUMBER_OF_FRAMES,
        VR::IS,
        PrimitiveValue::from("2000000000"),
    );
    let err = read_seg(&obj, &janct_images(), 0.5).unwrap_err();
    assert!(matches!(err, SegError::TooLarge(_)), "{err}");
    assert!(
        err.to_string().contains("512 × 512 × 2000000000 frames"),
        "{err}"
    );

    // Synthetic: 3 frames of 3 × 3 need 4 bytes.
    let obj = synthetic("BINARY", 3, 3, &[(1, 0.0), (1, 1.0), (2, 1.0)], vec![0; 3]);
    let err = read_seg(&obj, &[], 0.5).unwrap_err();
    assert!(
        matches!(
            err,
            SegError::TruncatedPixelData {
                expected: 4,
                found: 3
            }
        ),
        "{err}"
    );
}

#[test]
fn a_frame_count_other_than_the_functional_groups_is_refused() {
    if !real_ct::present() {
        return;
    }
    let mut obj = open("liver_seg.dcm");
    put(
        &mut obj,
        tags::NUMBER_OF_FRAMES,
        VR::IS,
        PrimitiveValue::from("2"),
    );
    let err = read_seg(&obj, &janct_images(), 0.5).unwrap_err();
    assert!(
        matches!(
            err,
            SegError::FrameCountMismatch {
                number_of_frames: 2,
                items: 3
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("PerFrameFunctionalGroupsSequence (5200,9230) has 3")
    );
}

#[test]
fn a_frame_of_an_undefined_segment_is_refused() {
    if !real_ct::present() {
        return;
    }
    let mut obj = open("janct_liver_vertebra_seg.dcm");
    let first = obj
        .element(tags::SEGMENT_SEQUENCE)
        .unwrap()
        .items()
        .unwrap()[0]
        .clone();
    sequence(&mut obj, tags::SEGMENT_SEQUENCE, vec![first]);
    let err = read_seg(&obj, &janct_images(), 0.5).unwrap_err();
    assert!(
        matches!(
            err,
            SegError::UnknownSegment {
                frame: 4,
                segment: 2
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("frame 4 refers to segment 2"));
}

#[test]
fn other_malformed_headers_give_typed_errors() {
    let base = synthetic("BINARY", 3, 3, &[(1, 0.0)], vec![0; 2]);
    let mut obj = base.clone();
    put(
        &mut obj,
        tags::SOP_CLASS_UID,
        VR::UI,
        PrimitiveValue::from("1.2.840.10008.5.1.4.1.1.2"),
    );
    assert!(matches!(read_seg(&obj, &[], 0.5), Err(SegError::NotSeg(_))));
    let mut obj = base.clone();
    put(
        &mut obj,
        tags::SEGMENTATION_TYPE,
        VR::CS,
        PrimitiveValue::from("LABELMAP"),
    );
    assert!(matches!(
        read_seg(&obj, &[], 0.5),
        Err(SegError::UnsupportedType(_))
    ));
    let mut obj = base.clone();
    put(
        &mut obj,
        tags::BITS_ALLOCATED,
        VR::US,
        PrimitiveValue::from(8u16),
    );
    assert!(matches!(
        read_seg(&obj, &[], 0.5),
        Err(SegError::BadValue { .. })
    ));
    let mut obj = base.clone();
    obj.remove_element(tags::ROWS);
    assert!(matches!(
        read_seg(&obj, &[], 0.5),
        Err(SegError::Missing { .. })
    ));
    let mut obj = base.clone();
    obj.remove_element(tags::PIXEL_DATA);
    assert!(matches!(
        read_seg(&obj, &[], 0.5),
        Err(SegError::Missing { .. })
    ));
    let mut obj = base.clone();
    obj.put(DataElement::new(
        tags::PIXEL_DATA,
        VR::OB,
        PixelFragmentSequence::new(vec![], vec![vec![0u8; 2]]),
    ));
    assert!(matches!(
        read_seg(&obj, &[], 0.5),
        Err(SegError::Encapsulated)
    ));
    let mut obj = base.clone();
    edit_frames(&mut obj, |item| {
        item.remove_element(tags::PLANE_POSITION_SEQUENCE);
    });
    let read = read_seg(&obj, &[image("a", 0.0, 3, 3)], 0.5).unwrap();
    assert_eq!(read.unmatched[0].reason, Unmatched::NoReference);
}

#[test]
fn frames_of_one_segment_on_one_image_are_united() {
    // Two 2 × 2 frames of segment 1 at z = 0: pixels {0} and {3}, 8 bits in one byte.
    let obj = synthetic("BINARY", 2, 2, &[(1, 0.0), (1, 0.0)], vec![0b1000_0001]);
    let read = read_seg(&obj, &[image("a", 0.004, 2, 2)], 0.5).unwrap();
    assert_eq!(ones(read.mask(1, "a").unwrap()), [0, 3]);
    assert_eq!(read.masks.len(), 1);
}

/// Every 17th byte of liver_seg.dcm's header overwritten in turn (0xFF, then 0x00): a result or a typed
/// error each time, never a panic.
#[test]
fn damaged_headers_never_panic() {
    if !real_ct::present() {
        return;
    }
    let bytes = std::fs::read(contours().join("janct/liver_seg.dcm")).unwrap();
    let images = janct_images();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.dcm");
    // Everything before the 98304 bytes of pixel data.
    let header = bytes.len() - 98304;
    let (mut ok, mut refused) = (0, 0);
    for at in (0..header).step_by(17) {
        for value in [0xFF, 0x00] {
            let mut damaged = bytes.clone();
            damaged[at] = value;
            std::fs::write(&path, &damaged).unwrap();
            match std::panic::catch_unwind(|| read_seg_file(&path, &images, 0.5)) {
                Ok(Ok(_)) => ok += 1,
                Ok(Err(e)) => {
                    assert!(!e.to_string().is_empty());
                    refused += 1
                }
                Err(_) => panic!("read_seg_file panicked with byte {at} set to {value:#04x}"),
            }
        }
    }
    eprintln!("damaged headers: {ok} read, {refused} refused");
    assert!(ok > 0 && refused > 0, "ok {ok}, refused {refused}");
}

/// highdicom-written SEGs of 5 × 7 frames (35 bits: BINARY frames start mid-byte), two
/// segments, one BINARY and one FRACTIONAL, against highdicom's reading (fractional at ≥ 0.5 of
/// the maximum). scripts/make_seg_synthetic.py made both files and the peer values.
#[test]
fn highdicom_written_synthetic_segs_equal_highdicom_reading() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/segmentation");
    let peers: Json = serde_json::from_str(
        &std::fs::read_to_string(dir.join("synthetic_seg_peers.json")).unwrap(),
    )
    .unwrap();
    let images: Vec<SourceImage> = peers["images"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let p: Vec<f64> = serde_json::from_value(i["position"].clone()).unwrap();
            SourceImage {
                sop_instance_uid: i["sop_instance_uid"].as_str().unwrap().into(),
                position: Some([p[0], p[1], p[2]]),
                frame_of_reference_uid: None,
                rows: 5,
                columns: 7,
            }
        })
        .collect();
    for (file, kind) in [
        ("synthetic_binary_5x7.dcm", SegmentationType::Binary),
        (
            "synthetic_fractional_5x7.dcm",
            SegmentationType::Fractional { maximum: 255 },
        ),
    ] {
        let read = read_seg_file(&dir.join(file), &images, 0.5).unwrap();
        assert_eq!(read.kind, kind, "{file}");
        assert_eq!(
            u64::from(read.frames),
            peers["files"][file]["frames"].as_u64().unwrap()
        );
        assert!(read.unmatched.is_empty(), "{file}");
        assert_eq!(read.pixel_spacing, Some([0.5, 0.75]), "{file}");
        // Segment 2 has no frame on the middle slice: highdicom reads an empty mask there.
        let mut expected = peers["files"][file]["segments"].clone();
        let middle = &images[1].sop_instance_uid;
        assert_eq!(expected["2"]["images"][middle]["pixels"], 0);
        assert!(read.mask(2, middle).is_none());
        expected["2"]["images"]
            .as_object_mut()
            .unwrap()
            .remove(middle);
        assert_eq!(assert_equals_peer(&read, &expected, file), 5, "{file}");
    }
}
