//! The frame header of a compressed frame (JPEG SOF, JPEG-LS SOF55, JPEG 2000 SIZ), checked
//! against Rows, Columns and Samples per Pixel before a decoder allocates what it says.
//!
//! jpeg-decoder, CharLS and openjp2 size their buffers from the codestream, not from the
//! DICOM header: CharLS allocates width × height × components (up to 255) × bytes at once.
//! A frame may span fragments (its header in the second), and a JPEG 2000 frame may come
//! wrapped in a JP2 file, which openjp2 also reads; both are followed here.

use std::borrow::Cow;

use super::pixel_error::PixelError;

/// The JP2 signature box, as openjp2 recognises a wrapped codestream.
const JP2_SIGNATURE: [u8; 12] = [
    0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A,
];
const SOI: [u8; 2] = [0xFF, 0xD8];
const SOC_SIZ: [u8; 4] = [0xFF, 0x4F, 0xFF, 0x51];

/// What the start of a compressed frame says.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    /// Height, width and components from the frame header.
    Size { h: u32, w: u32, components: u32 },
    /// The bytes end before the frame header.
    Short,
    /// Not a frame header this module reads (the decoder refuses the frame or reads no size).
    Unknown,
}

/// Whether a fragment begins a codestream (JPEG family, JPEG 2000 or JP2).
fn starts(f: &[u8]) -> bool {
    f.starts_with(&SOI) || f.starts_with(&SOC_SIZ) || f.starts_with(&JP2_SIGNATURE)
}

/// Checks each codestream among `fragments` (one starts at a fragment that begins with SOI,
/// SOC or the JP2 signature and runs on through fragments that do not) against the image.
pub fn check_fragments(
    fragments: &[Vec<u8>],
    rows: u64,
    cols: u64,
    samples: u64,
) -> Result<(), PixelError> {
    for (i, first) in fragments.iter().enumerate() {
        if !starts(first) {
            continue;
        }
        let mut data = Cow::Borrowed(first.as_slice());
        let mut next = i + 1;
        let header = loop {
            match header(&data) {
                Header::Short if next < fragments.len() && !starts(&fragments[next]) => {
                    data.to_mut().extend_from_slice(&fragments[next]);
                    next += 1;
                }
                other => break other,
            }
        };
        match header {
            Header::Size { h, w, components } => {
                if (u64::from(h), u64::from(w)) != (rows, cols) {
                    return Err(PixelError::TooLarge(format!(
                        "a compressed frame declares {h} × {w} pixels, the header {rows} × {cols}: not decoded"
                    )));
                }
                if u64::from(components) > samples {
                    return Err(PixelError::TooLarge(
                        "a compressed frame declares more components than Samples per Pixel: not decoded".into(),
                    ));
                }
                if u64::from(components) < samples {
                    return Err(PixelError::BadHeader(
                        "a compressed frame declares fewer components than Samples per Pixel: the header does not describe it".into(),
                    ));
                }
            }
            Header::Short => {
                return Err(PixelError::Decode(
                    "a compressed frame ends before its frame header (JPEG SOF or JPEG 2000 SIZ): not decoded".into(),
                ));
            }
            Header::Unknown => {}
        }
    }
    Ok(())
}

fn be16(data: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([
        *data.get(i)?,
        *data.get(i + 1)?,
    ])))
}

fn be32(data: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(i..i + 4)?.try_into().ok()?))
}

/// The frame header at the start of `data`.
fn header(data: &[u8]) -> Header {
    if data.starts_with(&SOI) {
        jpeg(data)
    } else if data.starts_with(&SOC_SIZ) {
        siz(data)
    } else if data.starts_with(&JP2_SIGNATURE) {
        jp2(data)
    } else if SOI.starts_with(data) || SOC_SIZ.starts_with(data) {
        Header::Short
    } else {
        Header::Unknown
    }
}

/// JPEG (baseline to lossless) and JPEG-LS: marker segments up to the first SOF (C0–CF except
/// C4, C8, CC) or SOF55 (F7): Lf, P, Y, X, Nf.
fn jpeg(data: &[u8]) -> Header {
    let mut i = 2;
    loop {
        let Some(&b) = data.get(i) else {
            return Header::Short;
        };
        if b != 0xFF {
            return Header::Unknown;
        }
        let Some(&marker) = data.get(i + 1) else {
            return Header::Short;
        };
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let sof = matches!(marker, 0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC))
            || marker == 0xF7;
        if sof {
            return match (be16(data, i + 5), be16(data, i + 7), data.get(i + 9)) {
                (Some(h), Some(w), Some(&n)) => Header::Size {
                    h,
                    w,
                    components: u32::from(n),
                },
                _ => Header::Short,
            };
        }
        if matches!(marker, 0xD0..=0xD9 | 0x01) {
            i += 2;
            continue;
        }
        let Some(len) = be16(data, i + 2) else {
            return Header::Short;
        };
        i += 2 + len as usize;
    }
}

/// JPEG 2000 SIZ: Lsiz, Rsiz, Xsiz, Ysiz, XOsiz, YOsiz, four tile values, Csiz.
fn siz(data: &[u8]) -> Header {
    let field = |i| be32(data, i);
    match (field(8), field(12), field(16), field(20), be16(data, 40)) {
        (Some(x), Some(y), Some(xo), Some(yo), Some(c)) => {
            match (y.checked_sub(yo), x.checked_sub(xo)) {
                (Some(h), Some(w)) => Header::Size {
                    h,
                    w,
                    components: c,
                },
                _ => Header::Unknown,
            }
        }
        _ => Header::Short,
    }
}

/// A JP2 file: top-level boxes up to the contiguous codestream box ("jp2c").
fn jp2(data: &[u8]) -> Header {
    let mut at = 0usize;
    loop {
        let Some(len) = be32(data, at) else {
            return Header::Short;
        };
        let Some(kind) = data.get(at + 4..at + 8) else {
            return Header::Short;
        };
        let (start, len) = match len {
            0 => (at + 8, u64::MAX),
            1 => {
                let Some(large) = data.get(at + 8..at + 16) else {
                    return Header::Short;
                };
                (
                    at + 16,
                    u64::from_be_bytes(large.try_into().unwrap_or([0; 8])),
                )
            }
            2..=7 => return Header::Unknown,
            n => (at + 8, u64::from(n)),
        };
        if kind == b"jp2c" {
            let code = data.get(start..).unwrap_or_default();
            return if code.starts_with(&SOC_SIZ) {
                siz(code)
            } else if SOC_SIZ.starts_with(code) {
                Header::Short
            } else {
                Header::Unknown
            };
        }
        match usize::try_from(len).ok().and_then(|l| at.checked_add(l)) {
            Some(end) if len != u64::MAX && end > at => at = end,
            _ => return Header::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG start with an APP0 segment, then SOF0 of `h` × `w` and `n` components.
    fn jpeg_start(h: u16, w: u16, n: u8) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x06, 1, 2, 3, 4];
        v.extend([0xFF, 0xC0, 0x00, 0x0B, 8]);
        v.extend(h.to_be_bytes());
        v.extend(w.to_be_bytes());
        v.extend([n, 1, 0x11, 0]);
        v
    }

    fn j2k_start(h: u32, w: u32, c: u16) -> Vec<u8> {
        let mut v = SOC_SIZ.to_vec();
        v.extend([0, 41, 0, 0]);
        v.extend(w.to_be_bytes());
        v.extend(h.to_be_bytes());
        v.extend([0u8; 24]);
        v.extend(c.to_be_bytes());
        v
    }

    #[test]
    fn headers_are_read_across_fragments_and_inside_jp2() {
        let j = jpeg_start(64, 32, 1);
        assert_eq!(
            header(&j),
            Header::Size {
                h: 64,
                w: 32,
                components: 1
            }
        );
        assert_eq!(header(&j[..12]), Header::Short);
        assert_eq!(header(&[0xFF]), Header::Short);
        assert_eq!(header(b"garbage"), Header::Unknown);
        // A frame split before its SOF is checked across its fragments.
        let split = vec![j[..12].to_vec(), j[12..].to_vec()];
        assert!(check_fragments(&split, 64, 32, 1).is_ok());
        assert!(matches!(
            check_fragments(&split, 640, 32, 1),
            Err(PixelError::TooLarge(_))
        ));
        // One that ends before it is refused.
        assert!(matches!(
            check_fragments(&[j[..12].to_vec()], 64, 32, 1),
            Err(PixelError::Decode(_))
        ));
        // A JP2 file: signature, a header box, the codestream box.
        let mut jp2 = JP2_SIGNATURE.to_vec();
        jp2.extend([0, 0, 0, 12]);
        jp2.extend(b"ftypjp2 ");
        let code = j2k_start(64, 32, 3);
        jp2.extend((8 + code.len() as u32).to_be_bytes());
        jp2.extend(b"jp2c");
        jp2.extend(&code);
        assert_eq!(
            header(&jp2),
            Header::Size {
                h: 64,
                w: 32,
                components: 3
            }
        );
        assert!(check_fragments(&[jp2.clone()], 64, 32, 3).is_ok());
        assert!(check_fragments(&[jp2], 64, 64, 3).is_err());
    }

    #[test]
    fn components_must_be_the_samples_per_pixel() {
        let many = jpeg_start(64, 32, 255);
        assert!(matches!(
            check_fragments(&[many], 64, 32, 1),
            Err(PixelError::TooLarge(_))
        ));
        let grey = j2k_start(64, 32, 1);
        assert!(matches!(
            check_fragments(std::slice::from_ref(&grey), 64, 32, 3),
            Err(PixelError::BadHeader(_))
        ));
        assert!(check_fragments(&[grey], 64, 32, 1).is_ok());
    }
}
