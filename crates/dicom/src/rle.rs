//! The RLE Lossless frame header (DICOM PS3.5 Annex G), checked before dicom-rs decodes it.
//!
//! dicom-transfer-syntax-registry's RLE decoder trusts the frame: it allocates a `u32` per
//! segment the header's first word announces (a damaged header asked for 8.6 GB, and a failed
//! allocation aborts the process), slices the offsets unchecked, inflates each whole segment
//! (PackBits expands up to 64×) before it takes Rows × Columns bytes of it, and indexes past a
//! segment that decodes short. [`check_frame`] refuses every such frame without allocating.

use super::pixel_error::PixelError;

/// The RLE header: the number of segments and 15 offsets, 32-bit little endian.
const HEADER: usize = 64;
const MAX_SEGMENTS: usize = 15;

/// Checks one RLE frame (one fragment) against the image it must hold: `samples` × bytes of
/// `bits` segments, the first at byte 64, each starting after the one before and inside the
/// fragment, each decoding to at least Rows × Columns bytes and not much more.
pub fn check_frame(
    fragment: &[u8],
    rows: u64,
    cols: u64,
    samples: u64,
    bits: u64,
) -> Result<(), PixelError> {
    let damaged = |what: &str| {
        PixelError::Decode(format!(
            "the RLE Lossless frame header is damaged ({what}): not decoded"
        ))
    };
    if fragment.len() < HEADER {
        return Err(damaged("the frame is shorter than its 64-byte header"));
    }
    let word = |i: usize| {
        let b = &fragment[4 * i..4 * i + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
    };
    let count = word(0);
    let needed = samples.saturating_mul(bits.div_ceil(8));
    if !(1..=MAX_SEGMENTS).contains(&count) || count as u64 != needed {
        return Err(damaged(
            "its number of segments is not what Samples per Pixel × Bits Allocated / 8 require",
        ));
    }
    let offsets: Vec<usize> = (1..=count).map(word).collect();
    if offsets[0] != HEADER {
        return Err(damaged("the first segment does not start after the header"));
    }
    if offsets.windows(2).any(|w| w[1] <= w[0]) || offsets[count - 1] >= fragment.len() {
        return Err(damaged(
            "its segment offsets do not increase within the frame",
        ));
    }
    let plane = rows.saturating_mul(cols);
    // Encoders may add a pad byte per segment or row; twice the plane is ample.
    let most = plane.saturating_mul(2).max(plane.saturating_add(64));
    for (i, &start) in offsets.iter().enumerate() {
        let end = offsets.get(i + 1).copied().unwrap_or(fragment.len());
        let decoded = packbits_len(&fragment[start..end]);
        if decoded < plane {
            return Err(PixelError::Decode(
                "an RLE Lossless segment decodes to fewer bytes than Rows × Columns: not decoded"
                    .into(),
            ));
        }
        if decoded > most {
            return Err(PixelError::TooLarge(
                "an RLE Lossless segment decodes to more than twice the bytes Rows × Columns call for: not decoded"
                    .into(),
            ));
        }
    }
    Ok(())
}

/// The number of bytes a PackBits segment decodes to, counted as dicom-rs's reader decodes
/// it (a run cut short by the segment's end counts what it has).
fn packbits_len(segment: &[u8]) -> u64 {
    let (mut i, mut out) = (0usize, 0u64);
    while i < segment.len() {
        let h = segment[i] as i8;
        i += 1;
        match h {
            0..=127 => {
                let n = h as usize + 1;
                out += n.min(segment.len() - i) as u64;
                i += n;
            }
            -127..=-1 => {
                out += (1 - h as i64) as u64;
                i += 1;
            }
            // -128 is a no-op
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame of `segments` segments, each a replicate run of `run` bytes per row.
    fn frame(segments: &[Vec<u8>]) -> Vec<u8> {
        let mut f = vec![0u8; HEADER];
        f[..4].copy_from_slice(&(segments.len() as u32).to_le_bytes());
        let mut at = HEADER;
        for (i, s) in segments.iter().enumerate() {
            f[4 + 4 * i..8 + 4 * i].copy_from_slice(&(at as u32).to_le_bytes());
            at += s.len();
        }
        for s in segments {
            f.extend(s);
        }
        f
    }

    /// `rows` rows of `cols` (≤ 128) equal bytes.
    fn plane(rows: usize, cols: usize) -> Vec<u8> {
        (0..rows)
            .flat_map(|_| [(1 - cols as i64) as u8, 7])
            .collect()
    }

    #[test]
    fn packbits_counts_runs_and_literals() {
        // From the TIFF PackBits example: 24 bytes.
        let s = [
            0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7,
            0xAA,
        ];
        assert_eq!(packbits_len(&s), 24);
        assert_eq!(packbits_len(&[0x80, 0x80]), 0);
        assert_eq!(packbits_len(&[0x05, 1, 2]), 2);
    }

    #[test]
    fn a_valid_frame_passes_and_each_damage_is_refused() {
        let ok = frame(&[plane(4, 8), plane(4, 8)]);
        assert!(check_frame(&ok, 4, 8, 1, 16).is_ok());
        let err = |f: &[u8], samples, bits| check_frame(f, 4, 8, samples, bits).unwrap_err();
        // Wrong count for the image, too many, none.
        assert!(matches!(err(&ok, 1, 8), PixelError::Decode(_)));
        assert!(matches!(err(&ok, 3, 8), PixelError::Decode(_)));
        let mut huge = ok.clone();
        huge[..4].copy_from_slice(&0x8100_0002u32.to_le_bytes());
        assert!(matches!(err(&huge, 1, 16), PixelError::Decode(_)));
        // First offset not 64; offsets not increasing; an offset past the end; short frame.
        let mut f = ok.clone();
        f[4..8].copy_from_slice(&60u32.to_le_bytes());
        assert!(matches!(err(&f, 1, 16), PixelError::Decode(_)));
        let mut f = ok.clone();
        f[8..12].copy_from_slice(&64u32.to_le_bytes());
        assert!(matches!(err(&f, 1, 16), PixelError::Decode(_)));
        let mut f = ok.clone();
        f[8..12].copy_from_slice(&(ok.len() as u32).to_le_bytes());
        assert!(matches!(err(&f, 1, 16), PixelError::Decode(_)));
        assert!(matches!(err(&ok[..40], 1, 16), PixelError::Decode(_)));
        // A segment decoding short, and one decoding far beyond the plane.
        let short = frame(&[plane(3, 8), plane(4, 8)]);
        assert!(matches!(err(&short, 1, 16), PixelError::Decode(_)));
        let long = frame(&[plane(4, 8), plane(40, 8)]);
        assert!(matches!(err(&long, 1, 16), PixelError::TooLarge(_)));
        // The messages name no header value.
        let PixelError::Decode(m) = err(&huge, 1, 16) else {
            unreachable!()
        };
        assert!(!m.contains(&0x8100_0002u32.to_string()), "{m}");
    }
}
