//! A first pass over a DICOM file before dicom-object parses it, so that the file cannot drive
//! the parser into an abort or an unbounded allocation.
//!
//! dicom-object allocates every value at its declared length before reading it, recurses once
//! per nested sequence, and inflates a Deflated data set (or a gzip file) as far as it goes.
//! This pass walks the element structure with the same header decoders (dicom-encoding),
//! reading values only to skip them, and refuses a file whose:
//!
//! - sequences nest deeper than [`MAX_DEPTH`];
//! - declared lengths exceed what remains of the file (for a compressed stream: of the cap);
//! - inflated stream (Deflated Explicit VR Little Endian, gzip) grows past its cap: the
//!   header part at most [`HEADER_ALLOWANCE`], then what Rows × Columns × frames × samples ×
//!   bits say the pixel data needs, plus [`TRAILER_ALLOWANCE`];
//! - pixels (Rows × Columns × frames) exceed the caller's budget.
//!
//! The same read feeds the file's raw bytes to SHA-256, so the cohort fingerprint covers file
//! contents at no second pass. Memory is a buffer, whatever the file says.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use dicom_core::header::{HasLength, Header as _, SequenceItemHeader};
use dicom_core::{Tag, VR};
use dicom_encoding::decode::Decode;
use dicom_encoding::decode::explicit_be::ExplicitVRBigEndianDecoder;
use dicom_encoding::decode::explicit_le::ExplicitVRLittleEndianDecoder;
use dicom_encoding::decode::implicit_le::ImplicitVRLittleEndianDecoder;
use sha2::{Digest, Sha256};

use super::ExclusionReason;

/// Deepest sequence nesting read (dicom-object recurses once per level; 2 000 levels overflow
/// a thread's stack). Real objects nest a few levels; structured reports rarely beyond 20.
pub const MAX_DEPTH: usize = 64;
/// Inflated bytes allowed before the pixel data (or in an object without any).
pub const HEADER_ALLOWANCE: u64 = 64 << 20;
/// Inflated bytes allowed after the pixel data the header announces.
pub const TRAILER_ALLOWANCE: u64 = 16 << 20;

const PIXEL_DATA: Tag = Tag(0x7FE0, 0x0010);
const IMPLICIT_VR_LE: &str = "1.2.840.10008.1.2";
const EXPLICIT_VR_BE: &str = "1.2.840.10008.1.2.2";
const DEFLATED: &str = "1.2.840.10008.1.2.1.99";

/// The image size the header announces (top-level attributes; absent ones are 0, frames 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Geometry {
    pub rows: u64,
    pub columns: u64,
    pub frames: u64,
    pub samples: u64,
    pub bits_allocated: u64,
}

impl Geometry {
    /// Rows × Columns × frames: what the pixel budget counts.
    pub fn pixels(&self) -> u64 {
        self.rows
            .saturating_mul(self.columns)
            .saturating_mul(self.frames.max(1))
    }

    /// Bytes of native pixel data these attributes call for (1-bit samples packed).
    pub fn bytes(&self) -> u64 {
        self.pixels()
            .saturating_mul(self.samples.max(1))
            .saturating_mul(self.bits_allocated)
            .div_ceil(8)
    }
}

/// What the pass found in a file it accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub gzip: bool,
    pub geometry: Geometry,
    /// SHA-256 of the file's bytes as stored (hex), when asked for.
    pub sha256: Option<String>,
}

/// Why a file is refused: its exclusion reason and a message that names no header value.
pub type Refusal = (ExclusionReason, String);

/// Walks the file at `path` (plain or gzip-compressed DICOM); `max_pixels` bounds
/// Rows × Columns × frames. With `hash`, the whole file is read through SHA-256.
pub fn check(path: &Path, max_pixels: u64, hash: bool) -> Result<Checked, Refusal> {
    let unreadable = |e: io::Error| {
        (
            ExclusionReason::Unreadable,
            format!("cannot read the file: {}", e.kind()),
        )
    };
    // Only regular files are opened: opening a named pipe blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(special_file());
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut raw = BufReader::with_capacity(
        1 << 16,
        Hashing {
            inner: file,
            hasher: hash.then(Sha256::new),
        },
    );
    let gzip = raw
        .fill_buf()
        .map_err(unreadable)?
        .starts_with(&[0x1f, 0x8b]);
    let geometry = if gzip {
        let mut inflated = flate2::bufread::GzDecoder::new(&mut raw);
        walk(&mut inflated, None, max_pixels)?
    } else {
        walk(&mut raw, Some(meta.len()), max_pixels)?
    };
    let sha256 = if hash {
        io::copy(&mut raw, &mut io::sink()).map_err(unreadable)?;
        raw.into_inner().hasher.map(|h| {
            h.finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        })
    } else {
        None
    };
    Ok(Checked {
        gzip,
        geometry,
        sha256,
    })
}

/// The refusal of a named pipe, device or socket.
pub fn special_file() -> Refusal {
    (
        ExclusionReason::SpecialFile,
        "not a regular file (a named pipe, device or socket): not opened".into(),
    )
}

/// A reader that feeds what it reads to SHA-256.
struct Hashing<R> {
    inner: R,
    hasher: Option<Sha256>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        Ok(n)
    }
}

/// A stream with its position and the position it may not pass.
struct Src<'a> {
    r: &'a mut dyn Read,
    pos: u64,
    limit: u64,
    /// A decompressed stream: the limit is a cap, not the file's end.
    inflated: bool,
}

impl Read for Src<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.pos);
        if room == 0 && !buf.is_empty() {
            // At the cap: a byte more means the stream is longer than allowed.
            let mut one = [0u8; 1];
            return match self.r.read(&mut one)? {
                0 => Ok(0),
                _ => Err(io::Error::other(OverCap)),
            };
        }
        let n = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let got = self.r.read(&mut buf[..n])?;
        self.pos += got as u64;
        Ok(got)
    }
}

#[derive(Debug)]
struct OverCap;

impl std::fmt::Display for OverCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("over the cap")
    }
}

impl std::error::Error for OverCap {}

impl Src<'_> {
    fn refuse_io(&self, e: &io::Error) -> Refusal {
        if e.get_ref().is_some_and(|e| e.is::<OverCap>()) {
            return self.over_cap();
        }
        if e.kind() == io::ErrorKind::UnexpectedEof {
            return truncated();
        }
        (
            ExclusionReason::Unreadable,
            format!("cannot read the file: {}", e.kind()),
        )
    }

    fn over_cap(&self) -> Refusal {
        (
            ExclusionReason::TooLarge,
            format!(
                "its compressed data inflate beyond {} MB, more than its header says the image needs: not read further",
                self.limit >> 20
            ),
        )
    }

    /// Checks a declared value length against what remains, before anything is read.
    fn fits(&self, tag: Tag, len: u64) -> Result<(), Refusal> {
        let left = self.limit.saturating_sub(self.pos);
        if len <= left {
            return Ok(());
        }
        Err(if self.inflated {
            (
                ExclusionReason::TooLarge,
                format!(
                    "element ({:04X},{:04X}) declares {len} bytes, more than its header says the object needs: not read",
                    tag.0, tag.1
                ),
            )
        } else {
            (
                ExclusionReason::Unreadable,
                format!(
                    "element ({:04X},{:04X}) declares {len} bytes but only {left} remain in the file: truncated or damaged",
                    tag.0, tag.1
                ),
            )
        })
    }

    fn skip(&mut self, len: u64) -> Result<(), Refusal> {
        let copied = io::copy(&mut (&mut *self).take(len), &mut io::sink())
            .map_err(|e| self.refuse_io(&e))?;
        if copied < len {
            return Err(truncated());
        }
        Ok(())
    }

    fn read_value(&mut self, len: u64) -> Result<Vec<u8>, Refusal> {
        let mut v = vec![0u8; len as usize];
        self.read_exact(&mut v).map_err(|e| self.refuse_io(&e))?;
        Ok(v)
    }
}

fn truncated() -> Refusal {
    (
        ExclusionReason::Unreadable,
        "the file ends inside an element: truncated or damaged".into(),
    )
}

fn damaged(what: &str) -> Refusal {
    (
        ExclusionReason::Unreadable,
        format!("not a readable DICOM file: {what}"),
    )
}

/// Walks preamble, file meta group and data set; `file_size` is None for a gzip stream.
fn walk(r: &mut dyn Read, file_size: Option<u64>, max_pixels: u64) -> Result<Geometry, Refusal> {
    let mut src = Src {
        r,
        pos: 0,
        limit: file_size.unwrap_or(HEADER_ALLOWANCE),
        inflated: file_size.is_none(),
    };
    let mut head = Vec::with_capacity(132);
    (&mut src)
        .take(132)
        .read_to_end(&mut head)
        .map_err(|e| src.refuse_io(&e))?;
    // dicom-object reads from the "DICM" magic on; a file without the preamble is accepted.
    let rest: Vec<u8> = match (head.get(128..132), head.get(0..4)) {
        (Some(b"DICM"), _) => Vec::new(),
        (_, Some(b"DICM")) => head[4..].to_vec(),
        _ => {
            return Err((
                ExclusionReason::NotDicom,
                "no DICOM file signature (\"DICM\" at byte 128)".into(),
            ));
        }
    };
    let (pos, limit, inflated) = (src.pos - rest.len() as u64, src.limit, src.inflated);
    let mut chained = io::Cursor::new(rest).chain(src);
    let mut src = Src {
        r: &mut chained,
        pos,
        limit,
        inflated,
    };
    let ts = meta_group(&mut src)?;
    let ts = ts.trim_end_matches(['\0', ' ']);
    match ts {
        IMPLICIT_VR_LE => dataset(
            &mut src,
            &ImplicitVRLittleEndianDecoder::default(),
            false,
            max_pixels,
        ),
        EXPLICIT_VR_BE => dataset(
            &mut src,
            &ExplicitVRBigEndianDecoder::default(),
            true,
            max_pixels,
        ),
        DEFLATED => {
            let mut inflater = flate2::read::DeflateDecoder::new(&mut src);
            let mut inner = Src {
                r: &mut inflater,
                pos: 0,
                limit: HEADER_ALLOWANCE,
                inflated: true,
            };
            dataset(
                &mut inner,
                &ExplicitVRLittleEndianDecoder::default(),
                false,
                max_pixels,
            )
        }
        // Every other syntax (encapsulated ones included) encodes the data set as Explicit VR
        // Little Endian; one dicom-object does not know is refused by it afterwards.
        _ => dataset(
            &mut src,
            &ExplicitVRLittleEndianDecoder::default(),
            false,
            max_pixels,
        ),
    }
}

/// The file meta group as dicom-object reads it (its group length first, then elements until
/// that many bytes are read); returns the Transfer Syntax UID.
fn meta_group(src: &mut Src<'_>) -> Result<String, Refusal> {
    let decoder = ExplicitVRLittleEndianDecoder::default();
    let header = |src: &mut Src<'_>| {
        decoder
            .decode_header(src)
            .map_err(|_| damaged("the file meta information cannot be read"))
    };
    let (first, _) = header(src)?;
    if first.tag() != Tag(0x0002, 0x0000) || first.length().get() != Some(4) {
        return Err(damaged("no file meta information group length"));
    }
    let v = src.read_value(4)?;
    let group_length = u64::from(u32::from_le_bytes([v[0], v[1], v[2], v[3]]));
    let mut read = 0u64;
    let mut ts = String::new();
    while read < group_length {
        let (h, n) = header(src)?;
        let len = u64::from(
            h.length()
                .get()
                .ok_or_else(|| damaged("an undefined length in the file meta information"))?,
        );
        src.fits(h.tag(), len)?;
        if h.tag() == Tag(0x0002, 0x0010) && len <= 128 {
            ts = String::from_utf8_lossy(&src.read_value(len)?).into_owned();
        } else {
            src.skip(len)?;
        }
        read += n as u64 + len;
    }
    Ok(ts)
}

/// An open sequence, item or encapsulated pixel data, with its end when its length is defined.
enum Open {
    Sequence(Option<u64>),
    Item(Option<u64>),
    Fragments,
}

/// Walks the data set without recursion.
fn dataset<D: Decode>(
    src: &mut Src<'_>,
    decoder: &D,
    big_endian: bool,
    max_pixels: u64,
) -> Result<Geometry, Refusal> {
    let mut g = Geometry {
        frames: 1,
        ..Geometry::default()
    };
    let mut stack: Vec<Open> = Vec::new();
    let mut depth = 0usize;
    loop {
        // Close what ends here.
        while let Some(end) = stack.last().and_then(|o| match o {
            Open::Sequence(e) | Open::Item(e) => *e,
            Open::Fragments => None,
        }) {
            if end > src.pos {
                break;
            }
            if end < src.pos {
                return Err(damaged("an element runs past the end of its sequence"));
            }
            if matches!(stack.pop(), Some(Open::Sequence(_))) {
                depth -= 1;
            }
        }
        match stack.last() {
            Some(Open::Sequence(_) | Open::Fragments) => {
                let fragments = matches!(stack.last(), Some(Open::Fragments));
                match decoder.decode_item_header(&mut *src) {
                    Ok(SequenceItemHeader::Item { len }) => {
                        if fragments {
                            let len = len.get().ok_or_else(|| {
                                damaged("a pixel data fragment of undefined length")
                            })?;
                            src.fits(PIXEL_DATA, u64::from(len))?;
                            src.skip(u64::from(len))?;
                        } else {
                            let end = match len.get() {
                                Some(l) => {
                                    src.fits(Tag(0xFFFE, 0xE000), u64::from(l))?;
                                    Some(src.pos + u64::from(l))
                                }
                                None => None,
                            };
                            stack.push(Open::Item(end));
                        }
                    }
                    Ok(SequenceItemHeader::SequenceDelimiter) => {
                        stack.pop();
                        depth -= 1;
                    }
                    Ok(SequenceItemHeader::ItemDelimiter) => {
                        return Err(damaged("an item delimiter outside an item"));
                    }
                    // dicom-parser takes the end of the file inside the pixel data fragments
                    // as the end of the object.
                    Err(_) if fragments && at_end(src)? => return Ok(g),
                    Err(_) => return Err(damaged("a sequence item cannot be read")),
                }
            }
            _ => {
                let (h, _) = match decoder.decode_header(&mut *src) {
                    Ok(h) => h,
                    Err(_) if stack.is_empty() && at_end(src)? => return Ok(g),
                    Err(_) => return Err(damaged("an element header cannot be read")),
                };
                let tag = h.tag();
                if tag == Tag(0xFFFE, 0xE00D) {
                    if matches!(stack.last(), Some(Open::Item(_))) {
                        stack.pop();
                    }
                    continue;
                }
                let top = stack.is_empty();
                if top && tag == PIXEL_DATA {
                    if g.pixels() > max_pixels {
                        return Err(over_budget(g.pixels(), max_pixels));
                    }
                    if src.inflated {
                        // Native data need the bytes the header states; compressed fragments
                        // may exceed them slightly for noise-like images.
                        let need =
                            g.bytes()
                                .saturating_mul(if h.length().is_undefined() { 2 } else { 1 });
                        // The cap becomes what the header says; it may shrink.
                        src.limit = src
                            .pos
                            .saturating_add(need)
                            .saturating_add(TRAILER_ALLOWANCE);
                    }
                }
                let len = h.length().get();
                if h.vr() == VR::SQ || (len.is_none() && tag != PIXEL_DATA) {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(damaged(&format!(
                            "sequences nested more than {MAX_DEPTH} deep"
                        )));
                    }
                    let end = match len {
                        Some(l) => {
                            src.fits(tag, u64::from(l))?;
                            Some(src.pos + u64::from(l))
                        }
                        None => None,
                    };
                    stack.push(Open::Sequence(end));
                    continue;
                }
                let Some(len) = len else {
                    depth += 1;
                    stack.push(Open::Fragments);
                    continue;
                };
                let len = u64::from(len);
                src.fits(tag, len)?;
                if top && tag.0 == 0x0028 && len <= 16 {
                    let v = src.read_value(len)?;
                    read_geometry(&mut g, tag, &v, big_endian);
                } else {
                    src.skip(len)?;
                }
            }
        }
    }
}

/// Whether the stream is at its end (a header that could not be read because nothing is left).
fn at_end(src: &mut Src<'_>) -> Result<bool, Refusal> {
    // The failed header read consumed what there was; the end is where nothing more comes.
    let mut one = [0u8; 1];
    match src.read(&mut one) {
        Ok(0) => Ok(true),
        Ok(_) => Ok(false),
        Err(e) => Err(src.refuse_io(&e)),
    }
}

fn read_geometry(g: &mut Geometry, tag: Tag, v: &[u8], big_endian: bool) {
    let us = || {
        let b = [*v.first()?, *v.get(1)?];
        Some(u64::from(if big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        }))
    };
    match tag.1 {
        0x0010 => g.rows = us().unwrap_or(0),
        0x0011 => g.columns = us().unwrap_or(0),
        0x0002 => g.samples = us().unwrap_or(1),
        0x0100 => g.bits_allocated = us().unwrap_or(0),
        0x0008 => {
            g.frames = std::str::from_utf8(v)
                .ok()
                .and_then(|s| s.trim_matches(['\0', ' ']).parse::<u64>().ok())
                .filter(|&n| n > 0)
                .unwrap_or(1);
        }
        _ => {}
    }
}

/// The refusal of an image above the pixel budget.
pub fn over_budget(pixels: u64, max_pixels: u64) -> Refusal {
    (
        ExclusionReason::TooLarge,
        format!(
            "the image has {pixels} pixels (rows × columns × frames), above the budget of {max_pixels} ([preprocess] max_pixels)"
        ),
    )
}
