//! The voxels of a label map as they stream from the file (raw or decompressed): each value
//! decoded from its type and byte order, scaled when the header says so, checked to be a label
//! (a whole number 0..=65535) and kept as 16 bits, with a count per value.

use std::collections::BTreeMap;
use std::io::Read;

use super::{LabelMapError, MAX_VOXELS};

/// The voxel types both formats can hold as labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
}

impl Scalar {
    pub fn size(self) -> usize {
        match self {
            Scalar::I8 | Scalar::U8 => 1,
            Scalar::I16 | Scalar::U16 => 2,
            Scalar::I32 | Scalar::U32 | Scalar::F32 => 4,
            Scalar::I64 | Scalar::U64 | Scalar::F64 => 8,
        }
    }
}

/// The number of voxels of `sizes`, checked against overflow and [`MAX_VOXELS`] before any
/// allocation.
pub fn voxel_count(sizes: &[u64]) -> Result<usize, LabelMapError> {
    let too_large = || LabelMapError::TooLarge {
        voxels: sizes
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(" × "),
        limit: MAX_VOXELS,
    };
    let n = sizes
        .iter()
        .try_fold(1u64, |acc, &s| acc.checked_mul(s))
        .ok_or_else(too_large)?;
    if n > MAX_VOXELS {
        return Err(too_large());
    }
    if n == 0 {
        return Err(LabelMapError::BadHeader {
            field: "sizes",
            detail: "the label map has no voxels".into(),
        });
    }
    Ok(n as usize)
}

/// Reads `count` voxels of type `scalar` from `reader`. `scale` is (slope, intercept), applied
/// before the check that a value is a label.
pub fn read_labels(
    reader: &mut dyn Read,
    count: usize,
    scalar: Scalar,
    big_endian: bool,
    scale: Option<(f64, f64)>,
) -> Result<(Vec<u16>, BTreeMap<u16, u64>), LabelMapError> {
    let size = scalar.size();
    let expected = count as u64 * size as u64;
    let mut values: Vec<u16> = Vec::new();
    values
        .try_reserve_exact(count)
        .map_err(|_| LabelMapError::TooLarge {
            voxels: count.to_string(),
            limit: MAX_VOXELS,
        })?;
    let mut per_value = vec![0u64; 1 << 16];
    // Whole values per read: 64 KiB a chunk.
    let mut buffer = vec![0u8; 65536];
    let mut filled = 0usize;
    let mut read_bytes = 0u64;
    while values.len() < count {
        let want = ((count - values.len()) * size).min(buffer.len());
        let n = match reader.read(&mut buffer[filled..want.max(filled)]) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => 0,
            Err(e) => return Err(LabelMapError::Corrupt(e.to_string())),
        };
        if n == 0 {
            return Err(LabelMapError::Truncated {
                expected,
                found: read_bytes,
            });
        }
        read_bytes += n as u64;
        filled += n;
        let whole = filled / size * size;
        for chunk in buffer[..whole].chunks_exact(size) {
            let index = values.len() as u64;
            let label = to_label(decode(chunk, scalar, big_endian), scale).ok_or_else(|| {
                LabelMapError::NotALabel {
                    index,
                    value: decode(chunk, scalar, big_endian).map_or(f64::NAN, |v| v.scaled(scale)),
                }
            })?;
            per_value[usize::from(label)] += 1;
            values.push(label);
        }
        buffer.copy_within(whole..filled, 0);
        filled -= whole;
    }
    let counts = per_value
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(v, n)| (v as u16, *n))
        .collect();
    Ok((values, counts))
}

/// One decoded value: integers exactly, floats as they are.
#[derive(Debug, Clone, Copy)]
enum Raw {
    Int(i128),
    Float(f64),
}

impl Raw {
    fn scaled(self, scale: Option<(f64, f64)>) -> f64 {
        let v = match self {
            Raw::Int(i) => i as f64,
            Raw::Float(f) => f,
        };
        match scale {
            Some((slope, intercept)) => v * slope + intercept,
            None => v,
        }
    }
}

fn decode(bytes: &[u8], scalar: Scalar, big_endian: bool) -> Option<Raw> {
    macro_rules! num {
        ($t:ty) => {{
            let a = <[u8; std::mem::size_of::<$t>()]>::try_from(bytes).ok()?;
            if big_endian {
                <$t>::from_be_bytes(a)
            } else {
                <$t>::from_le_bytes(a)
            }
        }};
    }
    Some(match scalar {
        Scalar::I8 => Raw::Int(i128::from(bytes[0] as i8)),
        Scalar::U8 => Raw::Int(i128::from(bytes[0])),
        Scalar::I16 => Raw::Int(i128::from(num!(i16))),
        Scalar::U16 => Raw::Int(i128::from(num!(u16))),
        Scalar::I32 => Raw::Int(i128::from(num!(i32))),
        Scalar::U32 => Raw::Int(i128::from(num!(u32))),
        Scalar::I64 => Raw::Int(i128::from(num!(i64))),
        Scalar::U64 => Raw::Int(i128::from(num!(u64))),
        Scalar::F32 => Raw::Float(f64::from(num!(f32))),
        Scalar::F64 => Raw::Float(num!(f64)),
    })
}

/// A label from a decoded value: a whole number 0..=65535 after scaling, else `None`.
fn to_label(raw: Option<Raw>, scale: Option<(f64, f64)>) -> Option<u16> {
    match (raw?, scale) {
        (Raw::Int(i), None) => u16::try_from(i).ok(),
        (raw, scale) => {
            let v = raw.scaled(scale);
            let r = v.round();
            ((v - r).abs() <= 1e-6 && (0.0..=65535.0).contains(&r)).then_some(r as u16)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_decode_by_type_and_byte_order() {
        let le = [0x02u8, 0x01];
        let (v, counts) = read_labels(&mut &le[..], 1, Scalar::U16, false, None).unwrap();
        assert_eq!(v, vec![0x0102]);
        assert_eq!(counts[&0x0102], 1);
        let (v, _) = read_labels(&mut &le[..], 1, Scalar::U16, true, None).unwrap();
        assert_eq!(v, vec![0x0201]);
        let f = 3.0f32.to_be_bytes();
        let (v, _) = read_labels(&mut &f[..], 1, Scalar::F32, true, None).unwrap();
        assert_eq!(v, vec![3]);
        // scl_slope 2, intercept 1: raw 4 is label 9.
        let (v, _) = read_labels(&mut &[4u8][..], 1, Scalar::U8, false, Some((2.0, 1.0))).unwrap();
        assert_eq!(v, vec![9]);
    }

    #[test]
    fn non_labels_and_short_data_are_refused() {
        let e = read_labels(&mut &[0xffu8][..], 1, Scalar::I8, false, None).unwrap_err();
        assert!(
            matches!(e, LabelMapError::NotALabel { value, .. } if value == -1.0),
            "{e}"
        );
        let half = 0.5f32.to_le_bytes();
        let e = read_labels(&mut &half[..], 1, Scalar::F32, false, None).unwrap_err();
        assert!(matches!(e, LabelMapError::NotALabel { .. }), "{e}");
        let nan = f64::NAN.to_le_bytes();
        let e = read_labels(&mut &nan[..], 1, Scalar::F64, false, None).unwrap_err();
        assert!(matches!(e, LabelMapError::NotALabel { .. }), "{e}");
        let big = 70000u32.to_le_bytes();
        let e = read_labels(&mut &big[..], 1, Scalar::U32, false, None).unwrap_err();
        assert!(matches!(e, LabelMapError::NotALabel { .. }), "{e}");
        let e = read_labels(&mut &[1u8, 2, 3][..], 2, Scalar::U16, false, None).unwrap_err();
        assert!(
            matches!(
                e,
                LabelMapError::Truncated {
                    expected: 4,
                    found: 3
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn sizes_are_checked_before_allocating() {
        let e = voxel_count(&[10_000, 10_000, 10_000]).unwrap_err();
        assert!(matches!(e, LabelMapError::TooLarge { .. }), "{e}");
        let e = voxel_count(&[u64::MAX, 3, 1]).unwrap_err();
        assert!(matches!(e, LabelMapError::TooLarge { .. }), "{e}");
        assert!(voxel_count(&[4, 0, 2]).is_err());
        assert_eq!(voxel_count(&[4, 3, 2]).unwrap(), 24);
    }
}
