//! NIfTI-1 (`.nii`, `.nii.gz`): the 348-byte header parsed by the `nifti` crate (byte order
//! found from dim[0]), then checked here (3-D, a label type, spatial units, an orientation)
//! before the voxels at vox_offset are read.
//!
//! Orientation: sform when sform_code > 0, else qform when qform_code > 0 (nibabel's
//! `get_best_affine`); the affine gives RAS+ mm, turned into DICOM's LPS+ by negating x and y.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;
use nifti::NiftiHeader;

use super::voxels::{Scalar, read_labels, voxel_count};
use super::{LabelMapError, Source, Volume};

const HEADER_BYTES: usize = 348;
const NIFTI2_HEADER_BYTES: i32 = 540;

pub(super) fn read(path: &Path) -> Result<Volume, LabelMapError> {
    let file = provestein_types::user_file::open(path, "label map")
        .map_err(|e| LabelMapError::Unreadable(e.to_string()))?;
    let mut raw = BufReader::new(file);
    let gzip = raw
        .fill_buf()
        .map_err(|e| LabelMapError::Unreadable(e.to_string()))?
        .starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn Read> = if gzip {
        Box::new(BufReader::new(MultiGzDecoder::new(raw)))
    } else {
        Box::new(raw)
    };
    let mut bytes = [0u8; HEADER_BYTES];
    read_exact(&mut reader, &mut bytes, "the header")?;
    let sizeof_hdr = i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    if sizeof_hdr == NIFTI2_HEADER_BYTES || sizeof_hdr.swap_bytes() == NIFTI2_HEADER_BYTES {
        return Err(LabelMapError::Nifti2);
    }
    if sizeof_hdr != HEADER_BYTES as i32 && sizeof_hdr.swap_bytes() != HEADER_BYTES as i32 {
        return Err(LabelMapError::NotFormat {
            format: "NIfTI-1",
            what: format!("sizeof_hdr is {sizeof_hdr}, not 348"),
        });
    }
    let header = NiftiHeader::from_reader(&bytes[..]).map_err(|e| LabelMapError::NotFormat {
        format: "NIfTI-1",
        what: e.to_string(),
    })?;
    if &header.magic == b"ni1\0" {
        return Err(LabelMapError::HeaderOnly);
    }
    let big_endian = header.endianness == nifti::Endianness::Big;

    let dims = usize::from(header.dim[0]);
    if !(1..=7).contains(&dims) {
        return Err(LabelMapError::BadHeader {
            field: "dim[0]",
            detail: format!("{dims} dimensions"),
        });
    }
    let sizes: Vec<u64> = header.dim[1..=dims].iter().map(|&d| u64::from(d)).collect();
    if sizes.iter().skip(3).any(|&s| s != 1) {
        return Err(LabelMapError::NotThreeD {
            dimensions: dims,
            sizes,
        });
    }
    let grid: [u64; 3] = std::array::from_fn(|a| sizes.get(a).copied().unwrap_or(1));
    let count = voxel_count(&grid)?;
    let scalar = scalar(header.datatype)?;
    if header.bitpix != 8 * scalar.size() as i16 {
        return Err(LabelMapError::BadHeader {
            field: "bitpix",
            detail: format!(
                "{} bits, but datatype {} has {}",
                header.bitpix,
                header.datatype,
                8 * scalar.size()
            ),
        });
    }
    // NIfTI xyzt_units, spatial part: 0 unknown (taken as mm, as every reader does), 2 mm.
    match header.xyzt_units & 0x07 {
        0 | 2 => {}
        1 => return Err(unit("metres")),
        3 => return Err(unit("micrometres")),
        other => return Err(unit(&format!("code {other}"))),
    }
    let (source, affine) = affine(&header)?;
    // LPS = diag(-1, -1, 1) · RAS.
    let lps = |row: usize, column: usize| {
        let v = affine[row][column];
        if row < 2 { -v } else { v }
    };
    let axes = std::array::from_fn(|a| std::array::from_fn(|d| lps(d, a)));
    let origin = std::array::from_fn(|d| lps(d, 3));

    // The voxels start at vox_offset (at least just after the header and the 4 extension bytes;
    // some writers leave 0 in a .nii, which readers take as 352).
    let offset = header.vox_offset;
    if !(0.0..=1e9).contains(&offset) {
        return Err(LabelMapError::BadHeader {
            field: "vox_offset",
            detail: format!("{offset}"),
        });
    }
    let skip = (offset as u64).max(HEADER_BYTES as u64 + 4) - HEADER_BYTES as u64;
    let skipped = std::io::copy(&mut (&mut reader).take(skip), &mut std::io::sink())
        .map_err(|e| LabelMapError::Corrupt(e.to_string()))?;
    if skipped < skip {
        return Err(LabelMapError::Truncated {
            expected: skip,
            found: skipped,
        });
    }
    let slope = f64::from(header.scl_slope);
    let intercept = f64::from(header.scl_inter);
    let scale =
        (slope.is_finite() && slope != 0.0 && (slope != 1.0 || intercept != 0.0)).then(|| {
            (
                slope,
                if intercept.is_finite() {
                    intercept
                } else {
                    0.0
                },
            )
        });
    let (values, counts) = read_labels(&mut reader, count, scalar, big_endian, scale)?;
    Ok(Volume {
        source,
        sizes: grid.map(|s| s as usize),
        origin,
        axes,
        values,
        counts,
    })
}

fn unit(what: &str) -> LabelMapError {
    LabelMapError::BadHeader {
        field: "xyzt_units",
        detail: format!("spatial unit {what}; save the label map in mm"),
    }
}

fn read_exact(reader: &mut dyn Read, buf: &mut [u8], what: &str) -> Result<(), LabelMapError> {
    reader.read_exact(buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            LabelMapError::NotFormat {
                format: "NIfTI-1",
                what: format!("{what} is cut short"),
            }
        } else {
            LabelMapError::Corrupt(e.to_string())
        }
    })
}

/// NIfTI-1 datatype codes that hold labels.
fn scalar(datatype: i16) -> Result<Scalar, LabelMapError> {
    Ok(match datatype {
        2 => Scalar::U8,
        4 => Scalar::I16,
        8 => Scalar::I32,
        16 => Scalar::F32,
        64 => Scalar::F64,
        256 => Scalar::I8,
        512 => Scalar::U16,
        768 => Scalar::U32,
        1024 => Scalar::I64,
        1280 => Scalar::U64,
        other => {
            let name = match other {
                1 => "binary (1 bit)",
                32 => "complex64",
                128 => "RGB24",
                1536 => "float128",
                1792 => "complex128",
                2048 => "complex256",
                2304 => "RGBA32",
                _ => "unknown",
            };
            return Err(LabelMapError::UnsupportedType(format!(
                "NIfTI datatype {other} ({name})"
            )));
        }
    })
}

/// The voxel → RAS mm affine (3 rows of 4) and which transform it came from.
fn affine(h: &NiftiHeader) -> Result<(Source, [[f64; 4]; 3]), LabelMapError> {
    if h.sform_code > 0 {
        let rows = [h.srow_x, h.srow_y, h.srow_z].map(|r| r.map(f64::from));
        if rows.iter().flatten().any(|v| !v.is_finite()) {
            return Err(LabelMapError::BadHeader {
                field: "srow_x/srow_y/srow_z",
                detail: "a value is not a finite number".into(),
            });
        }
        return Ok((Source::NiftiSform, rows));
    }
    if h.qform_code <= 0 {
        return Err(LabelMapError::NoOrientation(
            "both sform_code and qform_code are 0".into(),
        ));
    }
    // Quaternion (a, b, c, d) with a = sqrt(1 − b² − c² − d²) (nifti1_io: when that is below
    // zero by rounding, (b, c, d) is normalised and a = 0).
    let (mut b, mut c, mut d) = (
        f64::from(h.quatern_b),
        f64::from(h.quatern_c),
        f64::from(h.quatern_d),
    );
    let spacing = [h.pixdim[1], h.pixdim[2], h.pixdim[3]].map(f64::from);
    let offset = [h.quatern_x, h.quatern_y, h.quatern_z].map(f64::from);
    if [b, c, d]
        .iter()
        .chain(&spacing)
        .chain(&offset)
        .any(|v| !v.is_finite())
    {
        return Err(LabelMapError::BadHeader {
            field: "quatern_b/c/d, qoffset or pixdim",
            detail: "a value is not a finite number".into(),
        });
    }
    if spacing.iter().any(|s| *s <= 0.0) {
        return Err(LabelMapError::BadHeader {
            field: "pixdim",
            detail: format!("voxel sizes {spacing:?} must be positive"),
        });
    }
    let rest = 1.0 - (b * b + c * c + d * d);
    let a = if rest < 1e-7 {
        let n = (b * b + c * c + d * d).sqrt();
        (b, c, d) = (b / n, c / n, d / n);
        0.0
    } else {
        rest.sqrt()
    };
    let r = [
        [
            a * a + b * b - c * c - d * d,
            2.0 * (b * c - a * d),
            2.0 * (b * d + a * c),
        ],
        [
            2.0 * (b * c + a * d),
            a * a + c * c - b * b - d * d,
            2.0 * (c * d - a * b),
        ],
        [
            2.0 * (b * d - a * c),
            2.0 * (c * d + a * b),
            a * a + d * d - c * c - b * b,
        ],
    ];
    // qfac (pixdim[0]): −1 flips the third axis; 0 is taken as 1, as the standard says.
    let qfac = if h.pixdim[0] < 0.0 { -1.0 } else { 1.0 };
    let scale = [spacing[0], spacing[1], spacing[2] * qfac];
    let rows = std::array::from_fn(|i| {
        [
            r[i][0] * scale[0],
            r[i][1] * scale[1],
            r[i][2] * scale[2],
            offset[i],
        ]
    });
    Ok((Source::NiftiQform, rows))
}
