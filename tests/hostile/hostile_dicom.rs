//! DICOM files built to hurt the reader (issue 14): each reproduction becomes an exclusion with
//! its reason, never an abort, a hang, an unbounded allocation or a silently wrong value. The
//! hostile files are built here from the real fixtures in tests/fixtures/dicom.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::root;
use dicom_core::{DataElement, PrimitiveValue, VR};
use dicom_dictionary_std::tags;
use provestein::Plan;
use provestein::cohort::ExclusionReason;
use provestein::cohort::dicom::{Rejected, open_within, scan};
use provestein::cohort::pixels::{Preprocess, Window, quietly, to_tensor};
use provestein::cohort::prescan::{self, MAX_DEPTH};

const DEFLATED: &str = "1.2.840.10008.1.2.1.99";

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/dicom").join(name)
}

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// Where the file meta group of a file with a preamble ends.
fn meta_end(b: &[u8]) -> usize {
    assert_eq!(&b[128..132], b"DICM");
    144 + u32::from_le_bytes([b[140], b[141], b[142], b[143]]) as usize
}

/// An explicit VR little endian element.
fn element(group: u16, elem: u16, vr: &[u8; 2], value: &[u8]) -> Vec<u8> {
    let mut e = Vec::new();
    e.extend(group.to_le_bytes());
    e.extend(elem.to_le_bytes());
    e.extend(vr);
    if matches!(vr, b"OB" | b"OW" | b"SQ" | b"UN" | b"UT") {
        e.extend([0, 0]);
        e.extend((value.len() as u32).to_le_bytes());
    } else {
        e.extend((value.len() as u16).to_le_bytes());
    }
    e.extend(value);
    e
}

/// A file meta group (with preamble) for `ts`.
fn meta(ts: &str) -> Vec<u8> {
    let ui = |s: &str| {
        let mut v = s.as_bytes().to_vec();
        if v.len() % 2 == 1 {
            v.push(0);
        }
        v
    };
    let mut group = Vec::new();
    group.extend(element(2, 1, b"OB", &[0, 1]));
    group.extend(element(2, 2, b"UI", &ui("1.2.840.10008.5.1.4.1.1.4")));
    group.extend(element(2, 3, b"UI", &ui("1.2.3.4.5.6.7")));
    group.extend(element(2, 0x10, b"UI", &ui(ts)));
    let mut f = vec![0u8; 128];
    f.extend(b"DICM");
    f.extend(element(2, 0, b"UL", &(group.len() as u32).to_le_bytes()));
    f.extend(group);
    f
}

/// `depth` sequences of undefined length, each in an item of the one above.
fn nested(depth: usize) -> Vec<u8> {
    let mut open = Vec::new();
    let mut close = Vec::new();
    for _ in 0..depth {
        open.extend([
            0x40, 0x00, 0x30, 0xA7, b'S', b'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
        ]);
        open.extend([0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
        close.extend([0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0]);
        close.extend([0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0]);
    }
    open.extend(close);
    open
}

fn splice(b: &[u8], at: usize, insert: &[u8]) -> Vec<u8> {
    [&b[..at], insert, &b[at..]].concat()
}

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn rejected<'a>(list: &'a [Rejected], name: &str) -> &'a Rejected {
    list.iter()
        .find(|r| r.rel_path == name)
        .unwrap_or_else(|| panic!("{name} not rejected: {list:?}"))
}

/// Raw deflate of `data` as non-final blocks ending on a byte boundary, so that copies of it
/// can be concatenated into one stream (each copy refers only to its own bytes).
fn deflate_blocks(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data).unwrap();
    enc.flush().unwrap(); // sync flush: byte-aligned, not final
    enc.get_ref().clone()
}

/// The final (empty, stored) deflate block.
const DEFLATE_END: [u8; 5] = [0x01, 0x00, 0x00, 0xFF, 0xFF];

/// Reproduction 1: 2 000 nested sequences (a 72 KB file) aborted the process in the header scan with a
/// stack overflow; now the file is an exclusion. The limit itself is read.
#[test]
fn deeply_nested_sequences_are_excluded_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let mr = bytes("MR_small.dcm");
    let at = meta_end(&mr);
    write(dir.path(), "deep.dcm", &splice(&mr, at, &nested(2_000)));
    write(
        dir.path(),
        "limit.dcm",
        &splice(&mr, at, &nested(MAX_DEPTH)),
    );
    write(
        dir.path(),
        "over.dcm",
        &splice(&mr, at, &nested(MAX_DEPTH + 1)),
    );
    let s = scan(dir.path(), &[]).unwrap();
    let names: Vec<&str> = s.images.iter().map(|h| h.rel_path.as_str()).collect();
    assert_eq!(names, ["limit.dcm"]);
    for name in ["deep.dcm", "over.dcm"] {
        let r = rejected(&s.rejected, name);
        assert_eq!(r.reason, ExclusionReason::Unreadable);
        assert!(
            r.detail.contains("nested more than 64 deep"),
            "{}",
            r.detail
        );
    }
    // The app's folder survey reads the same way.
    let survey = provestein::cohort::survey::survey(dir.path()).unwrap();
    assert_eq!(survey.images, 1);
    assert_eq!(
        survey.rejected_by_reason[&ExclusionReason::Unreadable],
        2,
        "{:?}",
        survey.rejected
    );
    // The image at the limit still decodes like the original.
    let p = Preprocess::default();
    let (obj, _) = open_within(&dir.path().join("limit.dcm"), None, p.max_pixels).unwrap();
    let original = provestein::cohort::dicom::open(&fixture("MR_small.dcm"), None)
        .unwrap()
        .0;
    assert_eq!(
        to_tensor(&obj, &p).unwrap(),
        to_tensor(&original, &p).unwrap()
    );
}

/// MR_small as Deflated Explicit VR Little Endian, with `before` and `after` the image's data
/// set (both already deflated blocks).
fn deflated_mr(before: &[u8], after: &[u8]) -> Vec<u8> {
    let mr = bytes("MR_small.dcm");
    let data = &mr[meta_end(&mr)..];
    [
        meta(DEFLATED),
        before.to_vec(),
        deflate_blocks(data),
        after.to_vec(),
        DEFLATE_END.to_vec(),
    ]
    .concat()
}

/// Reproduction 2: Deflated files of a few MB inflating to gigabytes: the inflated stream is capped by
/// what the header says the image needs.
#[test]
fn a_deflate_bomb_stops_at_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    // The plain deflated image reads as the original does.
    let good = write(dir.path(), "deflated.dcm", &deflated_mr(&[], &[]));
    let p = Preprocess::default();
    let original = provestein::cohort::dicom::open(&fixture("MR_small.dcm"), None)
        .unwrap()
        .0;
    let (obj, _) = open_within(&good, None, p.max_pixels).unwrap();
    assert_eq!(obj.meta().transfer_syntax(), DEFLATED);
    assert_eq!(
        to_tensor(&obj, &p).unwrap(),
        to_tensor(&original, &p).unwrap()
    );
    // 1 MiB private elements: 100 after the 8 KB of pixel data (cap: the data + 16 MiB),
    // 80 before it (cap: 64 MiB of header). Each file is about 100 KB.
    let mib = deflate_blocks(&element(0x0009, 0x1010, b"OB", &vec![0u8; 1 << 20]));
    let after = write(
        dir.path(),
        "bomb_after.dcm",
        &deflated_mr(&[], &mib.repeat(100)),
    );
    let before = write(
        dir.path(),
        "bomb_before.dcm",
        &deflated_mr(&mib.repeat(80), &[]),
    );
    assert!(std::fs::metadata(&after).unwrap().len() < 400_000);
    let s = scan(dir.path(), &[]).unwrap();
    assert_eq!(s.images.len(), 1);
    for name in ["bomb_after.dcm", "bomb_before.dcm"] {
        let r = rejected(&s.rejected, name);
        assert_eq!(r.reason, ExclusionReason::TooLarge, "{name}");
        assert!(
            r.detail.contains("more than its header says"),
            "{}",
            r.detail
        );
    }
    // The same cap in a run's full read.
    let e = open_within(&before, None, p.max_pixels).unwrap_err();
    assert_eq!(e.0, ExclusionReason::TooLarge);
}

/// Reproduction 3: A 1.5 KB file declaring a 4 GiB element was zero-filled to 4 GB per thread: every
/// declared length is checked against what remains before anything is allocated.
#[test]
fn a_declared_length_beyond_the_file_is_refused_before_allocation() {
    let dir = tempfile::tempdir().unwrap();
    let mr = bytes("MR_small.dcm");
    let at = meta_end(&mr);
    let mut huge = element(0x0009, 0x1010, b"OB", &[]);
    huge[8..12].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    let mut small = mr[..at].to_vec();
    small.extend(&huge);
    small.extend([0u8; 64]);
    assert!(small.len() < 1_600);
    write(dir.path(), "huge.dcm", &small);
    // The same inside gzip, where the file's size says nothing: the cap refuses it.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&small).unwrap();
    write(dir.path(), "huge.dcm.gz", &gz.finish().unwrap());
    // And a length in a sequence item.
    let mut item = nested(1);
    item.splice(20..20, huge.iter().copied());
    // ... the item has undefined length, so the element's length is checked against the file.
    write(dir.path(), "in_item.dcm", &splice(&mr, at, &item));

    let started = Instant::now();
    let s = scan(dir.path(), &[]).unwrap();
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(s.images.is_empty(), "{:?}", s.images);
    for name in ["huge.dcm", "in_item.dcm"] {
        let r = rejected(&s.rejected, name);
        assert_eq!(r.reason, ExclusionReason::Unreadable);
        assert!(
            r.detail
                .starts_with("element (0009,1010) declares 4294967280 bytes but only"),
            "{}",
            r.detail
        );
    }
    let r = rejected(&s.rejected, "huge.dcm.gz");
    assert_eq!(r.reason, ExclusionReason::TooLarge, "{}", r.detail);
    assert!(
        r.detail.contains("declares 4294967280 bytes"),
        "{}",
        r.detail
    );
}

fn ct() -> dicom_object::DefaultDicomObject {
    provestein::cohort::dicom::open(&fixture("CT_small.dcm"), None)
        .unwrap()
        .0
}

fn with(
    mut obj: dicom_object::DefaultDicomObject,
    tag: dicom_core::Tag,
    vr: VR,
    value: &str,
) -> dicom_object::DefaultDicomObject {
    obj.put(DataElement::new(tag, vr, PrimitiveValue::from(value)));
    obj
}

fn excluded(obj: &dicom_object::DefaultDicomObject, p: &Preprocess) -> (ExclusionReason, String) {
    to_tensor(obj, p).unwrap_err().into_exclusion()
}

/// Reproduction 4: Decoded sizes capped: the plan's pixel budget (`[preprocess] max_pixels`, bounded by
/// `check`), and a compressed frame announcing another size than the header.
#[test]
fn the_pixel_budget_and_codestream_sizes_bound_decoding() {
    // CT_small is 128 × 128.
    let e = open_within(&fixture("CT_small.dcm"), None, 16_383).unwrap_err();
    assert_eq!(e.0, ExclusionReason::TooLarge);
    assert!(e.1.contains("16384 pixels"), "{}", e.1);
    assert!(open_within(&fixture("CT_small.dcm"), None, 16_384).is_ok());

    let plan_text = std::fs::read_to_string(root().join("tests/fixtures/dicom-cohort/plan.toml"))
        .unwrap()
        .replace("[preprocess]\n", "[preprocess]\nmax_pixels = 3000000000\n");
    let base = root().join("tests/fixtures/dicom-cohort");
    let e = Plan::parse(&plan_text, &base.join("plan.toml"), base.clone())
        .unwrap_err()
        .to_string();
    assert!(e.contains("[preprocess] max_pixels = 3000000000"), "{e}");
    let ok = plan_text.replace("3000000000", "1000000");
    let plan = Plan::parse(&ok, &base.join("plan.toml"), base).unwrap();
    assert_eq!(plan.preprocess.unwrap().max_pixels, 1_000_000);

    // JPEG-LS, JPEG 2000 and J2K frames whose own header says another size than Rows/Columns.
    let p = Preprocess::default();
    for name in [
        "MR_small_jpeg_ls_lossless.dcm",
        "MR_small_jp2klossless.dcm",
        "693_J2KI.dcm",
    ] {
        let (obj, _) = open_within(&fixture(name), None, p.max_pixels).unwrap();
        assert!(to_tensor(&obj, &p).is_ok(), "{name}");
        let mut obj = obj;
        obj.put(DataElement::new(
            tags::ROWS,
            VR::US,
            PrimitiveValue::from(4000u16),
        ));
        let (reason, detail) = excluded(&obj, &p);
        assert_eq!(reason, ExclusionReason::TooLarge, "{name}: {detail}");
        assert!(detail.contains("a compressed frame declares"), "{detail}");
    }
}

/// `obj` with its pixel data fragments replaced.
fn with_fragments(
    mut obj: dicom_object::DefaultDicomObject,
    fragments: Vec<Vec<u8>>,
) -> dicom_object::DefaultDicomObject {
    let seq = dicom_core::value::PixelFragmentSequence::new(Vec::<u32>::new(), fragments);
    obj.put(DataElement::new(tags::PIXEL_DATA, VR::OB, seq));
    obj
}

/// The first pixel data fragment of an encapsulated object.
fn fragment0(obj: &dicom_object::DefaultDicomObject) -> Vec<u8> {
    obj.get(tags::PIXEL_DATA)
        .unwrap()
        .value()
        .fragments()
        .unwrap()[0]
        .clone()
}

/// CharLS allocates width × height × components × bytes from the frame's SOF55 (up to 255
/// components), jpeg-decoder from the first SOF it meets, which may sit in a later fragment of
/// the frame: both are checked against the header before decoding.
#[test]
fn codestream_components_and_split_frames_are_checked() {
    let p = Preprocess::default();
    let (obj, _) = open_within(
        &fixture("MR_small_jpeg_ls_lossless.dcm"),
        None,
        p.max_pixels,
    )
    .unwrap();
    let mut f = fragment0(&obj);
    let sof = f.windows(2).position(|w| w == [0xFF, 0xF7]).unwrap();
    assert_eq!(f[sof + 9], 1);
    f[sof + 9] = 255;
    let (reason, detail) = excluded(&with_fragments(obj.clone(), vec![f]), &p);
    assert_eq!(reason, ExclusionReason::TooLarge, "{detail}");
    assert!(detail.contains("more components"), "{detail}");
    assert!(!detail.contains("255"), "{detail}");
    // Matching samples are no way around it: only 1 or 3 samples are decoded.
    let mut f = fragment0(&obj);
    f[sof + 9] = 255;
    let mut many = with_fragments(obj.clone(), vec![f]);
    many.put(DataElement::new(
        tags::SAMPLES_PER_PIXEL,
        VR::US,
        PrimitiveValue::from(255u16),
    ));
    let (reason, detail) = excluded(&many, &p);
    assert_eq!(reason, ExclusionReason::DecodeError, "{detail}");
    assert!(detail.contains("Samples per Pixel"), "{detail}");

    // The same frame split before its SOF55 decodes as before; with another size, it is
    // refused; cut off before it, it is refused too.
    let f = fragment0(&obj);
    let split = vec![f[..sof].to_vec(), f[sof..].to_vec()];
    let whole = to_tensor(&obj, &p).unwrap();
    assert_eq!(
        to_tensor(&with_fragments(obj.clone(), split), &p).unwrap(),
        whole
    );
    let mut big = f.clone();
    big[sof + 5..sof + 7].copy_from_slice(&4000u16.to_be_bytes());
    let split = vec![big[..sof].to_vec(), big[sof..].to_vec()];
    let (reason, detail) = excluded(&with_fragments(obj.clone(), split), &p);
    assert_eq!(reason, ExclusionReason::TooLarge, "{detail}");
    assert!(detail.contains("a compressed frame declares"), "{detail}");
    let (reason, detail) = excluded(&with_fragments(obj, vec![f[..sof].to_vec()]), &p);
    assert_eq!(reason, ExclusionReason::DecodeError, "{detail}");
    assert!(detail.contains("ends before its frame header"), "{detail}");
}

/// Reproduction 5: Values that cannot be parsed exclude the image with the reason; absent ones keep their
/// defaults. (dicom-pixeldata took an unreadable intercept as 0: a CT image changed class.)
#[test]
fn unparseable_header_values_exclude_the_image() {
    let p = Preprocess::default();
    let reference = to_tensor(&ct(), &p).unwrap();
    for bad in ["abc", "-1024,0", "NaN", "-1e400", "1\\2"] {
        for (tag, name) in [
            (tags::RESCALE_INTERCEPT, "Rescale Intercept"),
            (tags::RESCALE_SLOPE, "Rescale Slope"),
        ] {
            let (reason, detail) = excluded(&with(ct(), tag, VR::DS, bad), &p);
            assert_eq!(reason, ExclusionReason::BadHeader, "{name} {bad}");
            assert!(detail.starts_with(name), "{detail}");
            assert!(!detail.contains(bad), "the value is not echoed: {detail}");
        }
    }
    // Absent: slope 1, intercept 0, as the standard defines. CT_small's are 1 and -1024.
    let mut absent = ct();
    absent.remove_element(tags::RESCALE_INTERCEPT);
    absent.remove_element(tags::RESCALE_SLOPE);
    let t = to_tensor(&absent, &p).unwrap();
    assert_eq!(t.data[0], reference.data[0] + 1024.0);
    // Not read when the plan does not use them.
    let raw = Preprocess {
        modality_lut: false,
        ..Preprocess::default()
    };
    assert!(to_tensor(&with(ct(), tags::RESCALE_INTERCEPT, VR::DS, "abc"), &raw).is_ok());

    let header = Preprocess {
        window: Window::Header,
        ..Preprocess::default()
    };
    for (tag, name) in [
        (tags::WINDOW_CENTER, "Window Center"),
        (tags::WINDOW_WIDTH, "Window Width"),
    ] {
        let (reason, detail) = excluded(&with(ct(), tag, VR::DS, "4O"), &header);
        assert_eq!(reason, ExclusionReason::BadHeader, "{detail}");
        assert!(detail.starts_with(name), "{detail}");
        assert!(to_tensor(&with(ct(), tag, VR::DS, "4O"), &p).is_ok());
    }

    // Bits that contradict each other; Rows that do not match the pixel data.
    let mut bits = ct();
    bits.put(DataElement::new(
        tags::BITS_STORED,
        VR::US,
        PrimitiveValue::from(17u16),
    ));
    let (reason, detail) = excluded(&bits, &p);
    assert_eq!(reason, ExclusionReason::BadHeader, "{detail}");
    let mut high = ct();
    high.put(DataElement::new(
        tags::HIGH_BIT,
        VR::US,
        PrimitiveValue::from(11u16),
    ));
    high.put(DataElement::new(
        tags::BITS_STORED,
        VR::US,
        PrimitiveValue::from(16u16),
    ));
    assert_eq!(excluded(&high, &p).0, ExclusionReason::BadHeader);
    for rows in [64u16, 256] {
        let mut r = ct();
        r.put(DataElement::new(
            tags::ROWS,
            VR::US,
            PrimitiveValue::from(rows),
        ));
        let (reason, detail) = excluded(&r, &p);
        assert_eq!(reason, ExclusionReason::BadHeader, "{rows}: {detail}");
        assert!(
            detail.contains("pixel data hold 32768 bytes"),
            "{rows}: {detail}"
        );
    }
}

/// Reproduction 6: A panic inside a caught decode is returned as its message, and the thread is left as it
/// was (the command line's panic hook prints nothing while [`quietly`] runs).
#[test]
fn panics_in_caught_calls_are_quiet_exclusions() {
    use provestein::cohort::pixels::in_quiet_catch;
    assert!(!in_quiet_catch());
    let r: Result<(), String> = quietly(|| {
        assert!(in_quiet_catch());
        panic!("decoder bug")
    });
    assert_eq!(r.unwrap_err(), "decoder bug");
    assert!(!in_quiet_catch());
    // Nested calls restore the outer state.
    let r = quietly(|| {
        let _ = quietly(|| panic!("inner"));
        in_quiet_catch()
    });
    assert_eq!(r, Ok(true));
}

/// Where the first fragment of encapsulated pixel data starts (after the offset table item).
fn first_fragment(b: &[u8]) -> usize {
    let pixel_data = [
        0xE0, 0x7F, 0x10, 0x00, b'O', b'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
    ];
    let at = b.windows(12).rposition(|w| w == pixel_data).unwrap() + 12;
    assert_eq!(b[at..at + 4], [0xFE, 0xFF, 0x00, 0xE0]);
    let table = u32::from_le_bytes(b[at + 4..at + 8].try_into().unwrap()) as usize;
    let item = at + 8 + table;
    assert_eq!(b[item..item + 4], [0xFE, 0xFF, 0x00, 0xE0]);
    item + 8
}

/// The fuzzer's last abort: a damaged RLE Lossless segment header (its count word 0x81000002)
/// made dicom-rs's decoder allocate 8 657 043 464 bytes, and the failed allocation aborted the
/// process. The frame header is now checked first (PS3.5 G.3.1) and the image excluded.
#[test]
fn a_damaged_rle_segment_header_is_excluded_not_an_abort() {
    let p = Preprocess::default();
    let fuzzed = root().join("tests/fixtures/fuzz/rle-segments-8gib.dcm");
    let (obj, _) = open_within(&fuzzed, None, p.max_pixels).unwrap();
    let (reason, detail) = excluded(&obj, &p);
    assert_eq!(reason, ExclusionReason::DecodeError, "{detail}");
    assert!(detail.contains("RLE Lossless frame header"), "{detail}");

    // The same damage, and others, made to MR_small_RLE (64 × 64, 16 bits: 2 segments).
    let dir = tempfile::tempdir().unwrap();
    let good = bytes("MR_small_RLE.dcm");
    let at = first_fragment(&good);
    assert_eq!(good[at..at + 8], [2, 0, 0, 0, 64, 0, 0, 0]);
    let (obj, _) = open_within(&fixture("MR_small_RLE.dcm"), None, p.max_pixels).unwrap();
    assert!(to_tensor(&obj, &p).is_ok());
    let word = |i: usize, v: u32| {
        let mut b = good.clone();
        b[at + 4 * i..at + 4 * i + 4].copy_from_slice(&v.to_le_bytes());
        b
    };
    let second = u32::from_le_bytes(good[at + 8..at + 12].try_into().unwrap());
    for (name, data, what) in [
        ("count.dcm", word(0, 0x8100_0002), "number of segments"),
        ("three.dcm", word(0, 3), "number of segments"),
        ("first.dcm", word(1, 68), "first segment"),
        ("order.dcm", word(2, 64), "do not increase"),
        ("beyond.dcm", word(2, 0x7FFF_0000), "do not increase"),
        ("short.dcm", word(2, second - 40), "fewer bytes"),
    ] {
        let path = write(dir.path(), name, &data);
        let (obj, _) = open_within(&path, None, p.max_pixels).unwrap();
        let (reason, detail) = excluded(&obj, &p);
        assert_eq!(reason, ExclusionReason::DecodeError, "{name}: {detail}");
        assert!(detail.contains(what), "{name}: {detail}");
        assert!(!detail.contains("2164260866"), "{detail}");
    }
}

/// Reproduction 7: A named pipe in the cohort folder is refused by its type, never opened (opening one
/// blocks until a writer comes); symbolic links are followed to regular files only.
#[test]
fn named_pipes_are_refused_unopened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("MR_small.dcm"), dir.path().join("a.dcm")).unwrap();
    let fifo = dir.path().join("pipe.dcm");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    std::os::unix::fs::symlink(&fifo, dir.path().join("link_to_pipe.dcm")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("a.dcm"), dir.path().join("link.dcm")).unwrap();
    std::os::unix::fs::symlink("/no/such/file", dir.path().join("dangling.dcm")).unwrap();

    let (tx, rx) = std::sync::mpsc::channel();
    let root = dir.path().to_path_buf();
    std::thread::spawn(move || tx.send(scan(&root, &[]).unwrap()).unwrap());
    let s = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the scan blocked on the named pipe");
    let names: Vec<&str> = s.images.iter().map(|h| h.rel_path.as_str()).collect();
    assert_eq!(names, ["a.dcm", "link.dcm"]);
    for name in ["pipe.dcm", "link_to_pipe.dcm"] {
        assert_eq!(
            rejected(&s.rejected, name).reason,
            ExclusionReason::SpecialFile
        );
    }
    assert_eq!(
        rejected(&s.rejected, "dangling.dcm").reason,
        ExclusionReason::Unreadable
    );
    // Asked directly, the prescan refuses it too.
    assert_eq!(
        prescan::check(&fifo, 1, false).unwrap_err().0,
        ExclusionReason::SpecialFile
    );
}

/// Reproduction 9: The cohort fingerprint covers contents: an image changed in place, same size, changes
/// it, so `batch --resume` (whose journal key holds it) scores that image again.
#[test]
fn the_cohort_fingerprint_covers_file_contents() {
    let dir = tempfile::tempdir().unwrap();
    let mut mr = bytes("MR_small.dcm");
    write(dir.path(), "a.dcm", &mr);
    write(dir.path(), "b.dcm", &bytes("CT_small.dcm"));
    let before = scan(dir.path(), &[]).unwrap();
    assert_eq!(before.images.len(), 2);
    assert!(
        before
            .images
            .iter()
            .all(|h| h.sha256.len() == 64 && h.sha256.bytes().all(|b| b.is_ascii_hexdigit()))
    );
    let n = mr.len();
    mr[n - 10] ^= 0x40; // one pixel
    write(dir.path(), "a.dcm", &mr);
    let after = scan(dir.path(), &[]).unwrap();
    assert_eq!(
        std::fs::metadata(dir.path().join("a.dcm")).unwrap().len() as usize,
        n
    );
    assert_ne!(before.manifest_sha256(), after.manifest_sha256());
    assert_ne!(before.images[0].sha256, after.images[0].sha256);
    assert_eq!(before.images[1].sha256, after.images[1].sha256);
    // The same bytes give the same fingerprint.
    assert_eq!(
        after.manifest_sha256(),
        scan(dir.path(), &[]).unwrap().manifest_sha256()
    );
    // It is the SHA-256 of the file as stored.
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(&mr)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(after.images[0].sha256, want);
}

/// A seeded xorshift generator: the fuzzed folder is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Where the value of the first explicit VR LE element `tag` with a 2-byte length starts.
fn value_at(b: &[u8], group: u16, elem: u16) -> Option<usize> {
    let mut pat = group.to_le_bytes().to_vec();
    pat.extend(elem.to_le_bytes());
    b.windows(4).position(|w| w == pat).map(|i| i + 8)
}

/// The fixtures the fuzzer mutates (real files of every transfer syntax the reader knows).
const SEEDS: [&str; 16] = [
    "693_J2KI.dcm",
    "CT_small.dcm",
    "CT_small_mlut.dcm",
    "MR_small.dcm",
    "MR_small_RLE.dcm",
    "MR_small_bigendian.dcm",
    "MR_small_expb.dcm",
    "MR_small_implicit.dcm",
    "MR_small_jp2klossless.dcm",
    "MR_small_jpeg_ls_lossless.dcm",
    "SC_rgb_rle.dcm",
    "SC_rgb_rle_2frame.dcm",
    "SC_ybr_full.dcm",
    "SC_ybr_full_rle.dcm",
    "rtdose_1frame.dcm",
    "zipMR.gz",
];

/// `n` mutated files in `dir` (truncation, byte flips, length fields, nesting, transfer
/// syntax, huge dimensions, unparseable values, deflate bombs), named by their mutation.
fn fuzzed_folder(dir: &Path, n: usize, seed: u64) {
    let mut rng = Rng(seed);
    let seeds: Vec<Vec<u8>> = SEEDS.iter().map(|s| bytes(s)).collect();
    let mib = deflate_blocks(&vec![0u8; 1 << 20]);
    for i in 0..n {
        let k = rng.below(SEEDS.len());
        let mut b = seeds[k].clone();
        let plain = &b[128..132] == b"DICM";
        let start = if plain { meta_end(&b) } else { 0 };
        let kind = rng.below(9);
        let name = match kind {
            0 => {
                b.truncate(rng.below(b.len()));
                "truncated"
            }
            1 => {
                for _ in 0..1 + rng.below(20) {
                    let at = rng.below(b.len());
                    b[at] ^= 1 << rng.below(8);
                }
                "flipped"
            }
            2 => {
                let at = start + rng.below(b.len().saturating_sub(start + 4));
                let v = [0xFFFF_FFFFu32, 0x7FFF_FFFF, 0xFFFF_FFF0, rng.next() as u32][rng.below(4)];
                if at + 4 <= b.len() {
                    b[at..at + 4].copy_from_slice(&v.to_le_bytes());
                }
                "length"
            }
            3 if plain => {
                b = splice(&b, start, &nested(100 + rng.below(3_000)));
                "nested"
            }
            4 if plain => {
                let ts = [
                    "1.2.840.10008.1.2",
                    "1.2.840.10008.1.2.2",
                    "1.2.840.10008.1.2.4.50",
                    "1.2.840.10008.1.2.4.90",
                    "1.2.840.10008.1.2.5",
                    DEFLATED,
                    "1.2.3.4",
                ][rng.below(7)];
                b = [meta(ts), b[start..].to_vec()].concat();
                "syntax"
            }
            5 => {
                for (g, e) in [(0x0028, 0x0010), (0x0028, 0x0011), (0x0028, 0x0008)] {
                    if let Some(at) = value_at(&b, g, e)
                        && at + 2 <= b.len()
                        && rng.below(2) == 0
                    {
                        b[at..at + 2].copy_from_slice(&[0xFF, 0x7F]);
                    }
                }
                "dimensions"
            }
            6 => {
                for (g, e) in [(0x0028, 0x1052), (0x0028, 0x1053), (0x0028, 0x0101)] {
                    if let Some(at) = value_at(&b, g, e)
                        && at + 3 <= b.len()
                    {
                        b[at..at + 3].copy_from_slice(b"N,a");
                    }
                }
                "values"
            }
            7 => {
                // One element of 17–80 MiB of zeros after the pixel data: refused at its
                // header (tests/hostile_dicom's bomb test inflates up to the cap itself).
                let copies = 17 + rng.below(64);
                let mut header = element(0x0009, 0x1010, b"OB", &[]);
                header[8..12].copy_from_slice(&((copies as u32) << 20).to_le_bytes());
                let tail = [deflate_blocks(&header), mib.repeat(copies)].concat();
                b = deflated_mr(&[], &tail);
                "bomb"
            }
            _ => "original",
        };
        write(dir, &format!("{i:03}_{name}_{}", SEEDS[k]), &b);
    }
}

/// Reproduction 8: A folder of 635 fuzzed files runs through `batch` to a report, every bad file excluded
/// by its reason; (6) decoders that panic on some of them cost those files and print nothing;
/// (10) no exclusion repeats a header value. Set HOSTILE_DICOM_DIR to keep the folder (to
/// measure `batch` with /usr/bin/time -v).
#[test]
fn a_fuzzed_folder_runs_to_a_report_with_every_file_accounted_for() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("HOSTILE_DICOM_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_path_buf());
    let images = dir.join("images");
    std::fs::create_dir_all(&images).unwrap();
    fuzzed_folder(&images, 635, 14);
    let mut labels = String::from("file,label\n");
    let mut names: Vec<String> = std::fs::read_dir(&images)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for (i, n) in names.iter().enumerate() {
        labels.push_str(&format!("{n},{}\n", i % 2));
    }
    std::fs::write(dir.join("labels.csv"), labels).unwrap();
    let plan = std::fs::read_to_string(root().join("tests/fixtures/dicom-cohort/plan.toml"))
        .unwrap()
        .replace(
            "path = \"../../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        )
        .replace("path = \"../dicom\"", "path = \"images\"");
    let plan = common::write_plan(&dir, &plan);
    let out = dir.join("out");

    let started = Instant::now();
    let o = common::with_history(
        &[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
        &dir.join("history.sqlite"),
    );
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{}",
        common::output_text(&o)
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let cohort = &report["cohort"];
    let excluded = cohort["excluded"].as_array().unwrap();
    assert_eq!(cohort["rows"], 635);
    assert_eq!(
        cohort["included"].as_u64().unwrap() as usize + excluded.len(),
        635
    );
    let counts = &cohort["excluded_by_reason"];
    eprintln!("635 fuzzed files in {took:?}: {counts}");
    for reason in ["unreadable", "too_large", "bad_header", "decode_error"] {
        assert!(counts[reason].as_u64().unwrap_or(0) > 0, "{counts}");
    }
    assert!(cohort["included"].as_u64().unwrap() > 100, "{counts}");
    let details: Vec<&str> = excluded
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    // Damaged RLE segments made dicom-rs's decoder panic (caught) or abort; their frame
    // headers are now refused before it runs.
    assert!(
        details.iter().any(|d| d.contains("RLE Lossless segment")),
        "{details:?}"
    );

    // No exclusion repeats an identifier or value from the headers it read.
    let mut values = Vec::new();
    for seed in SEEDS {
        let (obj, _) = provestein::cohort::dicom::open(&fixture(seed), None).unwrap();
        for k in [
            "PatientID",
            "PatientName",
            "SOPInstanceUID",
            "StudyInstanceUID",
            "AccessionNumber",
            "RescaleIntercept",
        ] {
            let v = provestein::cohort::dicom::text(&obj, k);
            if v.len() > 3 {
                values.push(v);
            }
        }
    }
    for d in &details {
        for v in &values {
            assert!(!d.contains(v.as_str()), "{v} in {d}");
        }
    }
}

/// A run journal in memory: what `batch --resume` reads back from the history.
#[derive(Default)]
struct MemoryJournal(
    std::sync::Mutex<
        std::collections::HashMap<
            String,
            std::collections::HashMap<String, provestein::run::Outcome>,
        >,
    >,
);

impl provestein::run::Journal for MemoryJournal {
    fn recorded(
        &self,
        source: &str,
    ) -> provestein::Result<std::collections::HashMap<String, provestein::run::Outcome>> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .get(source)
            .cloned()
            .unwrap_or_default())
    }

    fn record(
        &self,
        source: &str,
        outcomes: &[(String, provestein::run::Outcome)],
    ) -> provestein::Result<()> {
        let mut j = self.0.lock().unwrap();
        j.entry(source.to_string())
            .or_default()
            .extend(outcomes.iter().cloned());
        Ok(())
    }
}

/// Reproduction 9, end to end: a resumed run takes the journal's scores while the cohort is unchanged, and
/// scores again once an image is changed in place (same size), since the journal is keyed by
/// the cohort's fingerprint.
#[test]
fn a_resumed_run_scores_an_image_changed_in_place_again() {
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("images");
    std::fs::create_dir(&images).unwrap();
    for (name, from) in [
        ("a.dcm", "MR_small.dcm"),
        ("b.dcm", "CT_small.dcm"),
        ("c.dcm", "MR_small_implicit.dcm"),
    ] {
        std::fs::copy(fixture(from), images.join(name)).unwrap();
    }
    std::fs::write(
        dir.path().join("labels.csv"),
        "file,label\na.dcm,1\nb.dcm,0\nc.dcm,1\n",
    )
    .unwrap();
    let plan = std::fs::read_to_string(root().join("tests/fixtures/dicom-cohort/plan.toml"))
        .unwrap()
        .replace(
            "path = \"../../../models/",
            &format!("path = \"{}/", root().join("models").display()),
        )
        .replace("path = \"../dicom\"", "path = \"images\"");
    let plan = Plan::load(&common::write_plan(dir.path(), &plan)).unwrap();
    let journal = std::sync::Arc::new(MemoryJournal::default());
    let run = || {
        let mut ctl = common::control();
        ctl.journal = Some(journal.clone());
        provestein::run(&plan, &ctl).unwrap()
    };
    let score = |eval: &provestein::Evaluation, file: &str| {
        let id = common::pseudonym(file);
        eval.binary()
            .unwrap()
            .cases
            .iter()
            .find(|c| c.id == id)
            .unwrap()
            .score
    };
    let first = run();
    // Mark what the journal holds, so that a reused score is told from a new one.
    const MARK: f64 = 0.123_456;
    for outcomes in journal.0.lock().unwrap().values_mut() {
        for o in outcomes.values_mut() {
            *o = Ok(MARK);
        }
    }
    let resumed = run();
    for f in ["a.dcm", "b.dcm", "c.dcm"] {
        assert_eq!(score(&resumed, f), MARK, "{f} taken from the journal");
    }
    // One pixel of a.dcm changed; the file keeps its size.
    let mut a = std::fs::read(images.join("a.dcm")).unwrap();
    let n = a.len();
    a[n - 100] ^= 0x7F;
    std::fs::write(images.join("a.dcm"), &a).unwrap();
    let changed = run();
    assert_ne!(score(&changed, "a.dcm"), MARK, "a.dcm scored again");
    assert_eq!(score(&changed, "b.dcm"), score(&first, "b.dcm"));
}
