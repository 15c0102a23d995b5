//! The RTSTRUCT reader and rasteriser (`rtstruct.rs`, `geometry.rs`) against an independent
//! rasteriser on real data, and each way a structure set can be bad.

mod real_ct;

use std::path::PathBuf;

use dicom_core::value::{C, DataSetSequence};
use dicom_core::{DataElement, PrimitiveValue, Tag, VR};
use dicom_dictionary_std::tags;
use dicom_object::InMemDicomObject;
use provestein_dicom::geometry::Plane;
use provestein_dicom::rtstruct::{self, DEFAULT_PLANE_TOLERANCE_MM, Image, RtStructError};
use sha2::{Digest, Sha256};

/// The real CT data's folder, present (tests call `real_data_present` first).
fn real_data() -> PathBuf {
    let dir = real_ct::dir();
    assert!(
        dir.join("vhm/RS_Body_SpinalCord.dcm").is_file(),
        "the real CT test data is not at {} (expected <project root>/../shared/fixtures/\
         real-ct-contours, or set PROVESTEIN_REAL_CT to its folder)",
        dir.display()
    );
    dir
}

/// The mask packed 8 pixels a byte, first pixel in the high bit, as numpy.packbits does.
fn packed_sha256(mask: &[u8]) -> String {
    let packed: Vec<u8> = mask
        .chunks(8)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0u8, |b, (i, v)| b | ((*v & 1) << (7 - i)))
        })
        .collect();
    Sha256::digest(&packed)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// vhm (4 CT slices, Eclipse RTSTRUCT): BODY and SpinalCord equal matplotlib's pixel-centre
/// even–odd masks (scripts/peers_segmentation.py) pixel for pixel on every slice. DicomRTTool
/// and rt-utils fill boundary pixels, so our masks are (almost) subsets of theirs: the
/// difference with DicomRTTool's mask is counted here on our masks (and equals the script's),
/// rt-utils's is the script's count.
#[test]
fn vhm_masks_equal_the_independent_rasteriser() {
    if !real_ct::present() {
        return;
    }
    let data = real_data();
    let set = rtstruct::read(&data.join("vhm/RS_Body_SpinalCord.dcm")).unwrap();
    let peers: serde_json::Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/segmentation/vhm_rtstruct_masks.json"
    ))
    .unwrap();
    let files = ["CT_1.dcm", "CT_2.dcm", "CT_3.dcm", "CT_4.dcm"];
    let images: Vec<Image> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (obj, _) =
                provestein_dicom::dicom::open(&data.join("vhm").join(f), Some(tags::PIXEL_DATA))
                    .unwrap();
            Image::from_object(&obj, i).unwrap()
        })
        .collect();
    // DicomRTTool's mask read here too (NIfTI-1, int8, x fastest: voxel (column, row, slice)
    // with slice k at z = 1000 + k mm), so the difference is counted on our own masks.
    let (dims, labels) = read_nifti_int8(&data.join("source_labels/vhm_DicomRTTool_Mask.nii.gz"));
    assert_eq!(dims, [512, 512, 4]);
    let mut beyond_dicomrttool = 0;
    let mut dicomrttool_extra = 0;
    for (name, alias) in [("BODY", "body"), ("SpinalCord", "spinal_cord")] {
        let roi = set.find("nothing", &[alias.to_string()]).unwrap();
        assert_eq!(roi.name, name);
        let r = rtstruct::rasterise(roi, &images, DEFAULT_PLANE_TOLERANCE_MM);
        assert_eq!(
            (r.empty_contours, r.unmatched_contours, r.off_plane_contours),
            (0, 0, 0)
        );
        let peer = peers["structures"][name].as_array().unwrap();
        for ((file, mask), p) in files.iter().zip(&r.masks).zip(peer) {
            assert_eq!(p["file"], *file);
            let count = mask.iter().filter(|v| **v == 1).count() as u64;
            assert_eq!(count, p["count"].as_u64().unwrap(), "{name} {file}");
            assert_eq!(packed_sha256(mask), p["sha256"], "{name} {file}");
            // Boundary-filling tools hold more; rt-utils (cv2.fillPoly) is a superset but for
            // at most one pixel a slice, DicomRTTool but for at most 14 (BODY).
            assert!(p["dicomrttool_count"].as_u64().unwrap() > count);
            assert!(p["rt_utils_count"].as_u64().unwrap() > count);
            assert!(p["ours_not_rt_utils"].as_u64().unwrap() <= 1);
            let image = &images[files.iter().position(|f| f == file).unwrap()];
            let k = (image.plane.position() - 1000.0).round() as usize;
            let (mut ours_only, mut theirs_only) = (0u64, 0u64);
            for (i, ours) in mask.iter().enumerate() {
                let label = labels[k * 512 * 512 + i];
                // Label 1 is SpinalCord; BODY is every labelled voxel (the cord inside it
                // carries label 1 only).
                let theirs = if name == "BODY" {
                    label > 0
                } else {
                    label == 1
                };
                ours_only += u64::from(*ours == 1 && !theirs);
                theirs_only += u64::from(*ours == 0 && theirs);
            }
            assert_eq!(ours_only, p["ours_not_dicomrttool"].as_u64().unwrap());
            assert_eq!(theirs_only, p["dicomrttool_not_ours"].as_u64().unwrap());
            beyond_dicomrttool += ours_only;
            dicomrttool_extra += theirs_only;
        }
    }
    // Over 8 slice masks: DicomRTTool has 1,788 pixels we leave out (its boundary pixels),
    // we have 38 it leaves out (vertex rounding on its side).
    assert_eq!((dicomrttool_extra, beyond_dicomrttool), (1788, 38));
}

/// A gzipped NIfTI-1 volume of int8 (datatype 256): its three dimensions and voxels.
fn read_nifti_int8(path: &std::path::Path) -> ([usize; 3], Vec<i8>) {
    use std::io::Read;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut bytes)
        .unwrap();
    let i16_at = |o: usize| i16::from_le_bytes([bytes[o], bytes[o + 1]]);
    assert_eq!(i32::from_le_bytes(bytes[0..4].try_into().unwrap()), 348);
    assert_eq!(i16_at(70), 256, "datatype int8");
    let dims = [i16_at(42), i16_at(44), i16_at(46)].map(|d| d as usize);
    let offset = f32::from_le_bytes(bytes[108..112].try_into().unwrap()) as usize;
    let n = dims.iter().product::<usize>();
    let voxels = bytes[offset..offset + n].iter().map(|b| *b as i8).collect();
    (dims, voxels)
}

// ---- synthetic structure sets: one test per way of being bad ----

fn element(tag: Tag, vr: VR, value: PrimitiveValue) -> DataElement<InMemDicomObject> {
    DataElement::new(tag, vr, value)
}

fn sequence(tag: Tag, items: Vec<InMemDicomObject>) -> DataElement<InMemDicomObject> {
    DataElement::new(tag, VR::SQ, DataSetSequence::from(items))
}

fn contour(kind: &str, data: Vec<f64>, points: Option<i32>, uid: &str) -> InMemDicomObject {
    let mut item = InMemDicomObject::from_element_iter([
        element(
            tags::CONTOUR_GEOMETRIC_TYPE,
            VR::CS,
            PrimitiveValue::from(kind),
        ),
        element(
            tags::CONTOUR_DATA,
            VR::DS,
            PrimitiveValue::F64(C::from_vec(data)),
        ),
        sequence(
            tags::CONTOUR_IMAGE_SEQUENCE,
            vec![InMemDicomObject::from_element_iter([element(
                tags::REFERENCED_SOP_INSTANCE_UID,
                VR::UI,
                PrimitiveValue::from(uid),
            )])],
        ),
    ]);
    if let Some(n) = points {
        item.put(element(
            tags::NUMBER_OF_CONTOUR_POINTS,
            VR::IS,
            PrimitiveValue::from(n),
        ));
    }
    item
}

/// A square from (x0, y0) to (x1, y1) at height z, in mm.
fn square(x0: f64, y0: f64, x1: f64, y1: f64, z: f64) -> Vec<f64> {
    vec![x0, y0, z, x1, y0, z, x1, y1, z, x0, y1, z]
}

fn structure_set(
    modality: &str,
    roi_number: i32,
    contours: Vec<InMemDicomObject>,
) -> InMemDicomObject {
    InMemDicomObject::from_element_iter([
        element(tags::MODALITY, VR::CS, PrimitiveValue::from(modality)),
        sequence(
            tags::STRUCTURE_SET_ROI_SEQUENCE,
            vec![InMemDicomObject::from_element_iter([
                element(tags::ROI_NUMBER, VR::IS, PrimitiveValue::from(1)),
                element(tags::ROI_NAME, VR::LO, PrimitiveValue::from("Spinal Cord")),
            ])],
        ),
        sequence(
            tags::ROI_CONTOUR_SEQUENCE,
            vec![InMemDicomObject::from_element_iter([
                element(
                    tags::REFERENCED_ROI_NUMBER,
                    VR::IS,
                    PrimitiveValue::from(roi_number),
                ),
                sequence(tags::CONTOUR_SEQUENCE, contours),
            ])],
        ),
    ])
}

/// Three 10×10 axial images with 1 mm pixels at z = 0, 2, 4 (UIDs a, b, c).
fn images() -> Vec<Image> {
    ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(i, uid)| Image {
            sop_instance_uid: uid.to_string(),
            plane: Plane::new(
                [0.0, 0.0, 2.0 * i as f64],
                [1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
                [1.0, 1.0],
                10,
                10,
            )
            .unwrap(),
        })
        .collect()
}

#[test]
fn contours_match_by_uid_then_by_position_and_the_rest_is_counted() {
    let set = rtstruct::from_object(&structure_set(
        "RTSTRUCT",
        1,
        vec![
            // By UID: centres 2..=4 × 2..=4 on image a.
            contour(
                "CLOSED_PLANAR",
                square(1.5, 1.5, 4.5, 4.5, 0.0),
                Some(4),
                "a",
            ),
            // Unknown UID, z = 2.9 is within half the spacing (1 mm) of image b? No: 0.9 < 1.
            contour("CLOSED_PLANAR", square(0.5, 0.5, 2.5, 2.5, 2.9), None, "zz"),
            // Unknown UID and z = 7: no image within 1 mm.
            contour("CLOSED_PLANAR", square(0.5, 0.5, 2.5, 2.5, 7.0), None, "zz"),
            // On image c's UID but 0.5 mm off its plane.
            contour("CLOSED_PLANAR", square(0.5, 0.5, 2.5, 2.5, 4.5), None, "c"),
            // Between pixel centres: nothing inside, counted.
            contour("CLOSED_PLANAR", square(6.2, 6.2, 6.8, 8.0, 0.0), None, "a"),
            // Not an area: skipped and counted.
            contour("OPEN_PLANAR", square(0.0, 0.0, 9.0, 9.0, 0.0), None, "a"),
        ],
    ))
    .unwrap();
    let roi = set.find("spinal_cord", &[]).unwrap();
    assert_eq!(roi.skipped_not_closed, 1);
    let r = rtstruct::rasterise(roi, &images(), DEFAULT_PLANE_TOLERANCE_MM);
    let counts: Vec<usize> = r
        .masks
        .iter()
        .map(|m| m.iter().filter(|v| **v == 1).count())
        .collect();
    // b's contour is 0.9 mm off its plane: matched by position, then skipped as off-plane.
    assert_eq!(counts, vec![9, 0, 0]);
    assert_eq!(
        (r.empty_contours, r.unmatched_contours, r.off_plane_contours),
        (1, 1, 2)
    );
    // Within the tolerance the position match rasterises: 2 × 2 centres on b.
    let r = rtstruct::rasterise(roi, &images(), 1.0);
    assert_eq!(r.masks[1].iter().filter(|v| **v == 1).count(), 4);
    assert_eq!(r.masks[2].iter().filter(|v| **v == 1).count(), 4);
}

fn error_of(obj: InMemDicomObject) -> RtStructError {
    rtstruct::from_object(&obj).unwrap_err()
}

#[test]
fn not_an_rtstruct_is_refused() {
    let e = error_of(structure_set("CT", 1, vec![]));
    assert!(
        matches!(e, RtStructError::NotRtStruct(ref m) if m == "CT"),
        "{e}"
    );
}

#[test]
fn a_missing_structure_set_roi_sequence_is_refused() {
    let obj = InMemDicomObject::from_element_iter([element(
        tags::MODALITY,
        VR::CS,
        PrimitiveValue::from("RTSTRUCT"),
    )]);
    let e = error_of(obj);
    assert!(e.to_string().contains("StructureSetROISequence"), "{e}");
}

#[test]
fn a_contour_of_an_unknown_roi_is_refused() {
    let e = error_of(structure_set("RTSTRUCT", 7, vec![]));
    assert!(e.to_string().contains("ROI 7"), "{e}");
}

#[test]
fn contour_data_not_in_threes_is_refused() {
    let c = contour("CLOSED_PLANAR", vec![1.0; 10], None, "a");
    let e = error_of(structure_set("RTSTRUCT", 1, vec![c]));
    assert!(e.to_string().contains("not a multiple of three"), "{e}");
}

#[test]
fn a_nan_coordinate_is_refused() {
    let mut data = square(0.0, 0.0, 1.0, 1.0, 0.0);
    data[4] = f64::NAN;
    let e = error_of(structure_set(
        "RTSTRUCT",
        1,
        vec![contour("CLOSED_PLANAR", data, None, "a")],
    ));
    assert!(e.to_string().contains("not a finite number"), "{e}");
}

#[test]
fn a_point_count_that_disagrees_is_refused() {
    let c = contour(
        "CLOSED_PLANAR",
        square(0.0, 0.0, 1.0, 1.0, 0.0),
        Some(5),
        "a",
    );
    let e = error_of(structure_set("RTSTRUCT", 1, vec![c]));
    assert!(
        e.to_string().contains("Number of Contour Points says 5"),
        "{e}"
    );
}

#[test]
fn too_many_points_in_a_contour_is_refused() {
    let n = rtstruct::MAX_POINTS + 1;
    let c = contour("CLOSED_PLANAR", vec![0.0; 3 * n], None, "a");
    let e = error_of(structure_set("RTSTRUCT", 1, vec![c]));
    assert!(matches!(e, RtStructError::TooMany { .. }), "{e}");
}

#[test]
fn an_image_without_geometry_is_refused_by_name() {
    let obj = InMemDicomObject::from_element_iter([element(
        tags::SOP_INSTANCE_UID,
        VR::UI,
        PrimitiveValue::from("a"),
    )]);
    let e = Image::from_object(&obj, 3).unwrap_err();
    assert!(
        e.to_string().contains("image 3") && e.to_string().contains("ImagePositionPatient"),
        "{e}"
    );
}

#[test]
fn too_many_contours_are_refused_before_they_are_read() {
    let n = rtstruct::MAX_CONTOURS + 1;
    let contours = vec![InMemDicomObject::new_empty(); n];
    let e = error_of(structure_set("RTSTRUCT", 1, contours));
    assert!(
        matches!(e, RtStructError::TooMany { count, .. } if count == n),
        "{e}"
    );
}

#[test]
fn a_file_that_is_not_dicom_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("RS_broken.dcm");
    std::fs::write(&path, b"not a structure set").unwrap();
    let e = rtstruct::read(&path).unwrap_err();
    assert!(
        matches!(e, RtStructError::Open { .. }) && e.to_string().contains("RS_broken.dcm"),
        "{e}"
    );
}
