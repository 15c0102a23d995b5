//! Mutations of real DICOM files: truncation, byte flips, lengths that claim more than the file
//! holds, thousands of nested sequences, transfer-syntax swaps, deflate and gzip bombs, corrupt
//! compressed bitstreams, huge Rows/Columns/frames and values that cannot be parsed.
//!
//! A small walker finds the elements of explicit and implicit little-endian data sets so that a
//! mutation can aim at a length field or replace one value; files it cannot walk (big endian,
//! deflated) get the byte-level mutations only.

use std::io::Write;

use super::rng::Rng;

pub const EXPLICIT_LE: &str = "1.2.840.10008.1.2.1";
pub const IMPLICIT_LE: &str = "1.2.840.10008.1.2";
pub const DEFLATE: &str = "1.2.840.10008.1.2.1.99";
pub const RLE: &str = "1.2.840.10008.1.2.5";

/// Transfer syntaxes a swap picks from.
const SYNTAXES: &[&str] = &[
    IMPLICIT_LE,
    EXPLICIT_LE,
    "1.2.840.10008.1.2.2",
    DEFLATE,
    RLE,
    "1.2.840.10008.1.2.4.50",
    "1.2.840.10008.1.2.4.51",
    "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70",
    "1.2.840.10008.1.2.4.80",
    "1.2.840.10008.1.2.4.90",
    "1.2.840.10008.1.2.4.91",
    "1.2.840.10008.1.2.4.201",
    "9.9.9",
];

const PIXEL_DATA: (u16, u16) = (0x7FE0, 0x0010);

/// One element of a walked data set.
#[derive(Debug, Clone)]
pub struct Element {
    pub tag: (u16, u16),
    /// Offset of the tag.
    pub start: usize,
    /// Offset and size (2 or 4) of the length field.
    pub len_at: usize,
    pub len_size: usize,
    /// One past the element's last byte.
    pub end: usize,
    /// Encapsulated pixel data: offsets of each fragment's length field and its data.
    pub fragments: Vec<(usize, usize)>,
}

/// A DICOM Part 10 file as the mutators see it.
pub struct Walked {
    pub syntax: String,
    /// Where the data set starts (after the file meta group).
    pub body: usize,
    pub explicit: bool,
    /// Top-level elements of the data set (empty when the syntax is not walked).
    pub elements: Vec<Element>,
    /// Elements of the file meta group.
    pub meta: Vec<Element>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn long_vr(vr: &[u8]) -> bool {
    matches!(
        vr,
        b"OB"
            | b"OD"
            | b"OF"
            | b"OL"
            | b"OV"
            | b"OW"
            | b"SQ"
            | b"UC"
            | b"UN"
            | b"UR"
            | b"UT"
            | b"SV"
            | b"UV"
    )
}

/// Reads one element at `at`; `None` when the bytes do not hold one.
fn element(b: &[u8], at: usize, explicit: bool, depth: usize) -> Option<Element> {
    if depth > 64 {
        return None;
    }
    let tag = (u16_at(b, at)?, u16_at(b, at + 2)?);
    let (len_at, len_size, header) = if tag.0 == 0xFFFE || !explicit {
        (at + 4, 4, 8)
    } else {
        let vr = b.get(at + 4..at + 6)?;
        if long_vr(vr) {
            (at + 8, 4, 12)
        } else {
            (at + 6, 2, 8)
        }
    };
    let len = if len_size == 4 {
        u32_at(b, len_at)?
    } else {
        u32::from(u16_at(b, len_at)?)
    };
    let mut e = Element {
        tag,
        start: at,
        len_at,
        len_size,
        end: 0,
        fragments: Vec::new(),
    };
    let mut pos = at + header;
    if len != 0xFFFF_FFFF {
        e.end = pos.checked_add(len as usize)?;
        return (e.end <= b.len()).then_some(e);
    }
    // Undefined length: a sequence of items, or encapsulated pixel data.
    loop {
        let item = (u16_at(b, pos)?, u16_at(b, pos + 2)?);
        let ilen = u32_at(b, pos + 4)?;
        match item {
            (0xFFFE, 0xE0DD) => {
                e.end = pos + 8;
                return Some(e);
            }
            (0xFFFE, 0xE000) if tag == PIXEL_DATA => {
                e.fragments.push((pos + 4, pos + 8));
                pos = (pos + 8).checked_add(ilen as usize)?;
            }
            (0xFFFE, 0xE000) if ilen != 0xFFFF_FFFF => {
                pos = (pos + 8).checked_add(ilen as usize)?;
            }
            (0xFFFE, 0xE000) => {
                pos += 8;
                loop {
                    if (u16_at(b, pos)?, u16_at(b, pos + 2)?) == (0xFFFE, 0xE00D) {
                        pos += 8;
                        break;
                    }
                    pos = element(b, pos, explicit, depth + 1)?.end;
                }
            }
            _ => return None,
        }
        if pos > b.len() {
            return None;
        }
    }
}

/// Walks a Part 10 file; `None` when it has no preamble and meta group.
pub fn walk(b: &[u8]) -> Option<Walked> {
    if b.get(128..132)? != b"DICM" {
        return None;
    }
    let mut pos = 132;
    let mut meta = Vec::new();
    let mut syntax = String::new();
    while u16_at(b, pos)? == 0x0002 {
        let e = element(b, pos, true, 0)?;
        if e.tag == (0x0002, 0x0010) {
            let v = &b[e.len_at + e.len_size..e.end];
            syntax = String::from_utf8_lossy(v)
                .trim_end_matches(['\0', ' '])
                .to_string();
        }
        pos = e.end;
        meta.push(e);
    }
    let explicit = syntax != IMPLICIT_LE;
    let walkable = syntax == EXPLICIT_LE || syntax == IMPLICIT_LE || is_encapsulated(&syntax);
    let mut elements = Vec::new();
    if walkable {
        let mut at = pos;
        while at < b.len() {
            match element(b, at, explicit, 0) {
                Some(e) => {
                    at = e.end;
                    elements.push(e);
                }
                None => {
                    elements.clear();
                    break;
                }
            }
        }
    }
    Some(Walked {
        syntax,
        body: pos,
        explicit,
        elements,
        meta,
    })
}

fn is_encapsulated(syntax: &str) -> bool {
    syntax == RLE || syntax.starts_with("1.2.840.10008.1.2.4.")
}

/// An element's bytes: explicit VR LE when `explicit`, else implicit.
pub fn encode(tag: (u16, u16), vr: &[u8; 2], value: &[u8], explicit: bool) -> Vec<u8> {
    let mut v = value.to_vec();
    if v.len() % 2 == 1 {
        v.push(if vr == b"UI" || vr == b"OB" { 0 } else { b' ' });
    }
    let mut out = Vec::with_capacity(v.len() + 12);
    out.extend_from_slice(&tag.0.to_le_bytes());
    out.extend_from_slice(&tag.1.to_le_bytes());
    if !explicit {
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    } else if long_vr(vr) {
        out.extend_from_slice(vr);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&(v.len() as u32).to_le_bytes());
    } else {
        out.extend_from_slice(vr);
        out.extend_from_slice(&(v.len().min(0xFFFF) as u16).to_le_bytes());
    }
    out.extend_from_slice(&v);
    out
}

/// `file` with the element `bytes` (of tag `tag`) put in place of the top-level element of that
/// tag, or inserted in tag order.
fn put(file: &[u8], w: &Walked, tag: (u16, u16), bytes: &[u8]) -> Vec<u8> {
    let (from, to) = match w.elements.iter().find(|e| e.tag >= tag) {
        Some(e) if e.tag == tag => (e.start, e.end),
        Some(e) => (e.start, e.start),
        None => (file.len(), file.len()),
    };
    [&file[..from], bytes, &file[to..]].concat()
}

/// An attribute's tag, VR and the values a mutation may give it.
type Attribute = ((u16, u16), &'static [u8; 2], &'static [&'static str]);

/// Values a header attribute is set to: huge sizes, zeros and strings that are no numbers.
const VALUES: &[Attribute] = &[
    ((0x0028, 0x0010), b"US", &["0", "1", "65535", "32768", "3"]),
    ((0x0028, 0x0011), b"US", &["0", "1", "65535", "32768", "5"]),
    (
        (0x0028, 0x0008),
        b"IS",
        &[
            "0",
            "-1",
            "2147483647",
            "99999999999",
            "1e9",
            "abc",
            "65535",
        ],
    ),
    (
        (0x0028, 0x0100),
        b"US",
        &["0", "1", "7", "12", "64", "65535"],
    ),
    ((0x0028, 0x0101), b"US", &["0", "17", "33", "65535"]),
    ((0x0028, 0x0102), b"US", &["0", "31", "65535"]),
    ((0x0028, 0x0002), b"US", &["0", "2", "4", "255", "65535"]),
    ((0x0028, 0x0103), b"US", &["2", "65535"]),
    ((0x0028, 0x0006), b"US", &["2", "65535"]),
    (
        (0x0028, 0x0004),
        b"CS",
        &[
            "MONOCHROME3",
            "",
            "RGB",
            "YBR_FULL_422",
            "PALETTE COLOR",
            "MONOCHROME1",
        ],
    ),
    (
        (0x0028, 0x1052),
        b"DS",
        &[
            "abc", "-1024,0", "NaN", "-1e400", "inf", "1e400", "", "1\\2",
        ],
    ),
    (
        (0x0028, 0x1053),
        b"DS",
        &["0", "abc", "NaN", "1e400", "-1e400", "1,5", "-inf"],
    ),
    (
        (0x0028, 0x1050),
        b"DS",
        &["NaN", "abc", "1e400", "40\\", ""],
    ),
    ((0x0028, 0x1051), b"DS", &["0", "-1", "NaN", "abc", "1e400"]),
];

fn us_or_text(vr: &[u8; 2], text: &str) -> Vec<u8> {
    if vr == b"US" {
        text.parse::<u16>().unwrap_or(0).to_le_bytes().to_vec()
    } else {
        text.as_bytes().to_vec()
    }
}

/// A sequence nested `depth` deep (undefined lengths), as one top-level element.
pub fn nested(depth: usize, explicit: bool) -> Vec<u8> {
    let tag = (0x0008u16, 0x1115u16);
    let mut open = Vec::new();
    open.extend_from_slice(&tag.0.to_le_bytes());
    open.extend_from_slice(&tag.1.to_le_bytes());
    if explicit {
        open.extend_from_slice(b"SQ\0\0");
    }
    open.extend_from_slice(&[0xFF; 4]);
    open.extend_from_slice(&[0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF]);
    let close = [
        0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0,
    ];
    let mut out = Vec::with_capacity(depth * (open.len() + close.len()));
    for _ in 0..depth {
        out.extend_from_slice(&open);
    }
    for _ in 0..depth {
        out.extend_from_slice(&close);
    }
    out
}

/// The file meta group rebuilt with another transfer syntax (and group length).
pub fn with_syntax(file: &[u8], w: &Walked, syntax: &str) -> Vec<u8> {
    let mut meta = Vec::new();
    for e in &w.meta {
        match e.tag {
            (0x0002, 0x0000) => {}
            (0x0002, 0x0010) => meta.extend(encode(e.tag, b"UI", syntax.as_bytes(), true)),
            _ => meta.extend_from_slice(&file[e.start..e.end]),
        }
    }
    let mut out = file[..132].to_vec();
    out.extend(encode(
        (0x0002, 0x0000),
        b"UL",
        &(meta.len() as u32).to_le_bytes(),
        true,
    ));
    out.extend(meta);
    out
}

/// A raw deflate stream of `prefix` followed by `zeros_mib` MiB of zero bytes, built without
/// ever holding the zeros: a sync-flushed block of 1 MiB of zeros only refers back one byte,
/// so the same compressed block repeated is a valid stream.
pub fn deflate_bomb(prefix: &[u8], zeros_mib: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    let compressed = |data: &[u8]| {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(data.len() / 100 + 1024);
        c.compress_vec(data, &mut out, FlushCompress::Sync).unwrap();
        while c.total_in() < data.len() as u64 {
            out.reserve(64 * 1024);
            let at = c.total_in() as usize;
            c.compress_vec(&data[at..], &mut out, FlushCompress::Sync)
                .unwrap();
        }
        out
    };
    let mut out = compressed(prefix);
    let block = compressed(&vec![0u8; 1 << 20]);
    out.reserve(block.len() * zeros_mib + 2);
    for _ in 0..zeros_mib {
        out.extend_from_slice(&block);
    }
    // A final fixed-Huffman block holding only its end.
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

/// A Deflated Explicit VR Little Endian file whose data set is `seed`'s up to Pixel Data, then
/// Pixel Data declaring `zeros_mib` MiB of zeros (capped at the 32-bit length).
pub fn deflated_bomb(seed: &[u8], zeros_mib: usize) -> Vec<u8> {
    let w = walk(seed).expect("a walkable seed");
    let pixel = w
        .elements
        .iter()
        .find(|e| e.tag == PIXEL_DATA)
        .expect("seed has pixel data");
    let mut prefix = seed[w.body..pixel.start].to_vec();
    let bytes = ((zeros_mib as u64) << 20).min(0xFFFF_FFFE) as u32;
    prefix.extend_from_slice(&[0xE0, 0x7F, 0x10, 0x00, b'O', b'W', 0, 0]);
    prefix.extend_from_slice(&bytes.to_le_bytes());
    let mut out = with_syntax(seed, &w, DEFLATE);
    out.extend(deflate_bomb(&prefix, zeros_mib));
    out
}

/// A gzip member whose content is `inner` followed by `zeros_mib` MiB of zeros; the trailer's
/// CRC and size are wrong (a reader finds out only after inflating it all).
pub fn gzip_bomb(inner: &[u8], zeros_mib: usize) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.extend(deflate_bomb(inner, zeros_mib));
    out.extend_from_slice(&[0; 8]);
    out
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

pub fn gunzip(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .ok()?;
    Some(out)
}

/// One mutation of `file`, named in `log`.
fn mutate_once(rng: &mut Rng, file: &[u8], log: &mut Vec<String>) -> Vec<u8> {
    let w = walk(file);
    let walked = w.as_ref().filter(|w| !w.elements.is_empty());
    let choice = rng.below(100);
    let n = file.len().max(1);
    match (choice, walked) {
        (0..=11, _) => {
            let at = rng.below(n);
            log.push(format!("truncate@{at}"));
            file[..at].to_vec()
        }
        (12..=25, _) => {
            let mut out = file.to_vec();
            let flips = rng.range(1, 16);
            log.push(format!("flip x{flips}"));
            for _ in 0..flips {
                let at = rng.below(n);
                if let Some(b) = out.get_mut(at) {
                    *b ^= (rng.range(1, 255)) as u8;
                }
            }
            out
        }
        (26..=29, _) => {
            let at = rng.below(n);
            let len = rng.range(1, 64);
            log.push(format!("cut {len}@{at}"));
            let to = (at + len).min(file.len());
            [&file[..at], &file[to..]].concat()
        }
        (30..=44, Some(w)) => {
            // A length field claiming more than the file holds.
            let pixel = w.elements.iter().position(|e| e.tag == PIXEL_DATA);
            let e = match pixel {
                Some(p) if rng.chance(0.4) => &w.elements[p],
                _ => rng.pick(&w.elements),
            };
            let mut out = file.to_vec();
            if !e.fragments.is_empty() && rng.chance(0.5) {
                let (len_at, _) = *rng.pick(&e.fragments);
                let v = *rng.pick(&[0xFFFF_FFF0u32, 0x7FFF_FFFE, 0xFFFF_FFFF, 0x0100_0000]);
                log.push(format!("fragment length {v:#x}"));
                out[len_at..len_at + 4].copy_from_slice(&v.to_le_bytes());
            } else if e.len_size == 4 {
                let remaining = (file.len() - e.len_at) as u32;
                let random = rng.u32() & !1;
                let v = *rng.pick(&[
                    0xFFFF_FFF0u32,
                    0xFFFF_FFFE,
                    0x7FFF_FFFE,
                    remaining.saturating_add(2),
                    random,
                ]);
                log.push(format!("length ({:04x},{:04x})={v:#x}", e.tag.0, e.tag.1));
                out[e.len_at..e.len_at + 4].copy_from_slice(&v.to_le_bytes());
            } else {
                let v = *rng.pick(&[0xFFFEu16, 0xFFFF, 0x8000]);
                log.push(format!("length ({:04x},{:04x})={v:#x}", e.tag.0, e.tag.1));
                out[e.len_at..e.len_at + 2].copy_from_slice(&v.to_le_bytes());
            }
            out
        }
        (45..=64, Some(w)) => {
            let (tag, vr, values) = rng.pick(VALUES);
            let value = rng.pick(values);
            log.push(format!("({:04x},{:04x})={value:?}", tag.0, tag.1));
            put(
                file,
                w,
                *tag,
                &encode(*tag, vr, &us_or_text(vr, value), w.explicit),
            )
        }
        (65..=71, Some(w)) => {
            let depth = *rng.pick(&[200usize, 1000, 2000, 5000, 20000]);
            log.push(format!("nested SQ x{depth}"));
            put(file, w, (0x0008, 0x1115), &nested(depth, w.explicit))
        }
        (72..=81, _) if w.is_some() => {
            let w = w.as_ref().unwrap();
            let syntax = rng.pick(SYNTAXES);
            log.push(format!("syntax {syntax}"));
            let mut out = with_syntax(file, w, syntax);
            out.extend_from_slice(&file[w.body..]);
            out
        }
        (82..=93, Some(w)) => {
            // A corrupt compressed bitstream: bytes changed inside the pixel data only, or an
            // RLE header with a wild segment count and offsets.
            let Some(p) = w.elements.iter().find(|e| e.tag == PIXEL_DATA) else {
                log.push("no pixel data".into());
                return file.to_vec();
            };
            let mut out = file.to_vec();
            let frag = p.fragments.iter().map(|f| f.1).max();
            match frag {
                Some(data) if w.syntax == RLE && rng.chance(0.5) => {
                    let k = rng.below(16);
                    let random = rng.u32();
                    let v = *rng.pick(&[15u32, 0, 255, 0xFFFF_FFFF, random]);
                    log.push(format!("RLE header word {k}={v:#x}"));
                    if data + 4 * k + 4 <= out.len() {
                        out[data + 4 * k..data + 4 * k + 4].copy_from_slice(&v.to_le_bytes());
                    }
                }
                _ => {
                    let from = frag.unwrap_or(p.len_at + p.len_size);
                    let span = p.end.saturating_sub(from).max(1);
                    let flips = rng.range(1, 32);
                    log.push(format!("pixel flip x{flips}"));
                    for _ in 0..flips {
                        let at = from + rng.below(span);
                        if at < out.len() {
                            out[at] = rng.u32() as u8;
                        }
                    }
                }
            }
            out
        }
        _ => {
            // Random bytes inserted.
            let at = rng.below(n);
            let len = rng.range(1, 256);
            log.push(format!("insert {len}@{at}"));
            let junk: Vec<u8> = (0..len).map(|_| rng.u32() as u8).collect();
            [
                &file[..at.min(file.len())],
                &junk,
                &file[at.min(file.len())..],
            ]
            .concat()
        }
    }
}

/// `file` after one to three mutations, and their names.
pub fn mutate(rng: &mut Rng, file: &[u8]) -> (Vec<u8>, String) {
    let mut log = Vec::new();
    let mut out = file.to_vec();
    for _ in 0..rng.range(1, 3) {
        out = mutate_once(rng, &out, &mut log);
    }
    (out, log.join(", "))
}
