//! NRRD (`.nrrd` with the data after the header's blank line, `.nhdr` with a `data file`),
//! parsed here by hand (no maintained crate): the text header's fields
//! (<http://teem.sourceforge.net/nrrd/format.html>) `type`, `dimension`, `space`, `sizes`,
//! `space directions`, `space origin`, `endian`, `encoding` (raw or gzip), `data file`,
//! `line skip` and `byte skip`; comments and `key:=value` pairs are skipped, other fields
//! (kinds, centers, measurement frame…) do not change where a voxel is.
//!
//! `space origin` is the centre of the first sample; `space directions` are one sample step
//! per axis in the named space. Only `left-posterior-superior` (DICOM's, kept) and
//! `right-anterior-superior` (x and y negated) are read.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use super::voxels::{Scalar, read_labels, voxel_count};
use super::{LabelMapError, Source, Volume};

/// Longest header accepted (bytes) and longest line: a real header is a few hundred bytes.
const MAX_HEADER_BYTES: u64 = 1 << 20;

#[derive(Debug, Default)]
struct Header {
    scalar: Option<Scalar>,
    dimension: Option<usize>,
    space: Option<String>,
    sizes: Option<Vec<u64>>,
    directions: Option<Vec<Option<[f64; 3]>>>,
    origin: Option<[f64; 3]>,
    big_endian: Option<bool>,
    gzip: Option<bool>,
    data_file: Option<String>,
    line_skip: u64,
    byte_skip: i64,
    units: Option<String>,
    /// Old-style per-axis spacing without directions: no orientation.
    spacings: bool,
}

fn bad(field: &'static str, detail: impl Into<String>) -> LabelMapError {
    LabelMapError::BadHeader {
        field,
        detail: detail.into(),
    }
}

fn unreadable(e: impl std::fmt::Display) -> LabelMapError {
    LabelMapError::Unreadable(e.to_string())
}

pub(super) fn read(path: &Path) -> Result<Volume, LabelMapError> {
    let file = provestein_types::user_file::open(path, "label map").map_err(unreadable)?;
    let mut reader = BufReader::new(file);
    let header = parse_header(&mut reader)?;
    let checked = check(&header)?;

    // The data: after the blank line, or in the data file (relative to the header's folder).
    let mut data: Box<dyn BufRead> = match &header.data_file {
        None => Box::new(reader),
        Some(name) => {
            if name == "LIST" || name.contains('%') || name.split_whitespace().count() > 1 {
                return Err(bad(
                    "data file",
                    format!("{name:?}: data split over several files is not read here"),
                ));
            }
            let data_path: PathBuf = path.parent().unwrap_or(Path::new(".")).join(name);
            let file = provestein_types::user_file::open(&data_path, "label map data")
                .map_err(unreadable)?;
            Box::new(BufReader::new(file))
        }
    };
    let bytes = checked.count as u64 * checked.scalar.size() as u64;
    for _ in 0..header.line_skip {
        let mut line = Vec::new();
        let n = (&mut data)
            .take(MAX_HEADER_BYTES)
            .read_until(b'\n', &mut line)
            .map_err(unreadable)?;
        if n == 0 {
            return Err(LabelMapError::Truncated {
                expected: bytes,
                found: 0,
            });
        }
    }
    let gzip = header.gzip.unwrap_or(false);
    if header.byte_skip == -1 {
        if gzip || header.data_file.is_none() {
            return Err(bad(
                "byte skip",
                "-1 (data at the end of the file) is read only for raw data in a detached file",
            ));
        }
        // The data are the last `bytes` bytes of the file: skip the rest.
        let name = header.data_file.as_deref().unwrap_or_default();
        let data_path = path.parent().unwrap_or(Path::new(".")).join(name);
        let length = std::fs::metadata(&data_path).map_err(unreadable)?.len();
        if length < bytes {
            return Err(LabelMapError::Truncated {
                expected: bytes,
                found: length,
            });
        }
        skip(&mut data, length - bytes)?;
    }
    let mut voxels: Box<dyn Read> = if gzip {
        Box::new(MultiGzDecoder::new(data))
    } else {
        data
    };
    if header.byte_skip > 0 {
        skip(&mut voxels, header.byte_skip as u64)?;
    }
    let (values, counts) = read_labels(
        &mut voxels,
        checked.count,
        checked.scalar,
        checked.big_endian,
        None,
    )?;
    Ok(Volume {
        source: checked.source,
        sizes: checked.sizes,
        origin: checked.origin,
        axes: checked.axes,
        values,
        counts,
    })
}

fn skip(reader: &mut dyn Read, n: u64) -> Result<(), LabelMapError> {
    let skipped = std::io::copy(&mut reader.take(n), &mut std::io::sink())
        .map_err(|e| LabelMapError::Corrupt(e.to_string()))?;
    if skipped < n {
        return Err(LabelMapError::Truncated {
            expected: n,
            found: skipped,
        });
    }
    Ok(())
}

/// The header's fields, read up to the blank line (or the end of a detached header).
fn parse_header(reader: &mut dyn BufRead) -> Result<Header, LabelMapError> {
    let mut header = Header::default();
    let mut total = 0u64;
    let mut first = true;
    loop {
        let mut line = Vec::new();
        let n = reader
            .take(MAX_HEADER_BYTES - total.min(MAX_HEADER_BYTES))
            .read_until(b'\n', &mut line)
            .map_err(unreadable)?;
        total += n as u64;
        if n == 0 {
            if total >= MAX_HEADER_BYTES {
                return Err(bad(
                    "header",
                    format!("longer than {MAX_HEADER_BYTES} bytes"),
                ));
            }
            break; // end of a detached header
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\n', '\r']);
        if first {
            first = false;
            if !text.starts_with("NRRD000") {
                return Err(LabelMapError::NotFormat {
                    format: "NRRD",
                    what: "the first line is not NRRD000x".into(),
                });
            }
            continue;
        }
        if text.is_empty() {
            break; // the data follow
        }
        if text.starts_with('#') {
            continue;
        }
        let Some(colon) = text.find(':') else {
            return Err(bad("header", format!("the line {text:?} is not a field")));
        };
        if text[colon + 1..].starts_with('=') {
            continue; // key:=value
        }
        let field = text[..colon].trim().to_ascii_lowercase();
        let value = text[colon + 1..].trim();
        field_value(&mut header, &field, value)?;
    }
    Ok(header)
}

fn field_value(h: &mut Header, field: &str, value: &str) -> Result<(), LabelMapError> {
    match field {
        "type" => h.scalar = Some(scalar(value)?),
        "dimension" => {
            h.dimension = Some(
                value
                    .parse()
                    .map_err(|_| bad("dimension", format!("{value:?}")))?,
            )
        }
        "space" => h.space = Some(value.to_ascii_lowercase()),
        "space dimension" => {
            h.space.get_or_insert_with(String::new);
        }
        "sizes" => {
            let sizes = value
                .split_whitespace()
                .map(|s| s.parse::<u64>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| bad("sizes", format!("{value:?} are not whole numbers")))?;
            h.sizes = Some(sizes);
        }
        "space directions" => h.directions = Some(split_directions(value)?),
        "space origin" => {
            h.origin = Some(vector(
                value.trim().trim_start_matches('(').trim_end_matches(')'),
                "space origin",
            )?)
        }
        "endian" => {
            h.big_endian = Some(match value {
                "little" => false,
                "big" => true,
                other => return Err(bad("endian", format!("{other:?}"))),
            })
        }
        "encoding" => {
            h.gzip = Some(match value {
                "raw" => false,
                "gzip" | "gz" => true,
                other => return Err(LabelMapError::UnsupportedEncoding(other.to_string())),
            })
        }
        "data file" | "datafile" => h.data_file = Some(value.to_string()),
        "line skip" | "lineskip" => {
            h.line_skip = value
                .parse()
                .map_err(|_| bad("line skip", format!("{value:?}")))?;
            if h.line_skip > 1_000_000 {
                return Err(bad("line skip", format!("{value} lines")));
            }
        }
        "byte skip" | "byteskip" => {
            h.byte_skip = value
                .parse()
                .ok()
                .filter(|v: &i64| *v >= -1 && *v <= 1 << 40)
                .ok_or_else(|| bad("byte skip", format!("{value:?}")))?;
        }
        "space units" => h.units = Some(value.to_string()),
        "spacings" | "axis mins" | "axismins" => h.spacings = true,
        _ => {}
    }
    Ok(())
}

/// `space directions` as a list: each axis `(x,y,z)` or `none`, separated by white space.
fn split_directions(value: &str) -> Result<Vec<Option<[f64; 3]>>, LabelMapError> {
    let mut list = Vec::new();
    let mut rest = value.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("none") {
            list.push(None);
            rest = after.trim_start();
        } else if rest.starts_with('(') {
            let end = rest
                .find(')')
                .ok_or_else(|| bad("space directions", format!("{value:?}: a ')' is missing")))?;
            list.push(Some(vector(&rest[1..end], "space directions")?));
            rest = rest[end + 1..].trim_start();
        } else {
            return Err(bad("space directions", format!("{value:?}")));
        }
    }
    Ok(list)
}

/// Three comma-separated finite numbers.
fn vector(text: &str, field: &'static str) -> Result<[f64; 3], LabelMapError> {
    let values: Vec<f64> = text
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad(field, format!("({text}) is not a vector of numbers")))?;
    let v = <[f64; 3]>::try_from(values)
        .map_err(|v| bad(field, format!("{} values where 3 are expected", v.len())))?;
    if v.iter().any(|x| !x.is_finite()) {
        return Err(bad(
            field,
            format!("({text}) holds a value that is not finite"),
        ));
    }
    Ok(v)
}

/// NRRD type names (every spelling the format allows) that hold labels.
fn scalar(name: &str) -> Result<Scalar, LabelMapError> {
    Ok(match name {
        "signed char" | "int8" | "int8_t" => Scalar::I8,
        "uchar" | "unsigned char" | "uint8" | "uint8_t" => Scalar::U8,
        "short" | "short int" | "signed short" | "signed short int" | "int16" | "int16_t" => {
            Scalar::I16
        }
        "ushort" | "unsigned short" | "unsigned short int" | "uint16" | "uint16_t" => Scalar::U16,
        "int" | "signed int" | "int32" | "int32_t" => Scalar::I32,
        "uint" | "unsigned int" | "uint32" | "uint32_t" => Scalar::U32,
        "longlong"
        | "long long"
        | "long long int"
        | "signed long long"
        | "signed long long int"
        | "int64"
        | "int64_t" => Scalar::I64,
        "ulonglong" | "unsigned long long" | "unsigned long long int" | "uint64" | "uint64_t" => {
            Scalar::U64
        }
        "float" => Scalar::F32,
        "double" => Scalar::F64,
        other => {
            return Err(LabelMapError::UnsupportedType(format!(
                "NRRD type {other:?}"
            )));
        }
    })
}

struct Checked {
    source: Source,
    scalar: Scalar,
    big_endian: bool,
    count: usize,
    sizes: [usize; 3],
    origin: [f64; 3],
    axes: [[f64; 3]; 3],
}

/// Every field a voxel's place and value need, present and consistent.
fn check(h: &Header) -> Result<Checked, LabelMapError> {
    let missing = |field: &'static str| bad(field, "the field is missing");
    let scalar = h.scalar.ok_or_else(|| missing("type"))?;
    let dimension = h.dimension.ok_or_else(|| missing("dimension"))?;
    let sizes = h.sizes.clone().ok_or_else(|| missing("sizes"))?;
    if sizes.len() != dimension {
        return Err(bad(
            "sizes",
            format!("{} sizes for dimension {dimension}", sizes.len()),
        ));
    }
    if dimension != 3 {
        return Err(LabelMapError::NotThreeD {
            dimensions: dimension,
            sizes,
        });
    }
    let count = voxel_count(&sizes)?;
    h.gzip.ok_or_else(|| missing("encoding"))?;
    let big_endian = match (h.big_endian, scalar.size()) {
        (Some(b), _) => b,
        (None, 1) => false,
        (None, _) => {
            return Err(bad(
                "endian",
                "the field is missing and the type has more than one byte",
            ));
        }
    };
    let source = match h.space.as_deref() {
        Some("left-posterior-superior" | "lps") => Source::NrrdLps,
        Some("right-anterior-superior" | "ras") => Source::NrrdRas,
        Some("") => {
            return Err(LabelMapError::NoOrientation(
                "`space dimension` without a named `space`".into(),
            ));
        }
        Some(other) => return Err(LabelMapError::UnsupportedSpace(other.to_string())),
        None if h.spacings => {
            return Err(LabelMapError::NoOrientation(
                "only `spacings`, no `space` and `space directions`".into(),
            ));
        }
        None => return Err(LabelMapError::NoOrientation("no `space` field".into())),
    };
    if let Some(units) = &h.units
        && units
            .split_whitespace()
            .any(|u| u.trim_matches('"') != "mm")
    {
        return Err(bad(
            "space units",
            format!("{units}; save the label map in mm"),
        ));
    }
    let directions = h
        .directions
        .as_ref()
        .ok_or_else(|| LabelMapError::NoOrientation("no `space directions` field".into()))?;
    if directions.len() != 3 || directions.iter().any(Option::is_none) {
        return Err(bad(
            "space directions",
            "three spatial axes, each a vector, are needed",
        ));
    }
    let origin = h
        .origin
        .ok_or_else(|| LabelMapError::NoOrientation("no `space origin` field".into()))?;
    let flip = |v: [f64; 3]| match source {
        Source::NrrdRas => [-v[0], -v[1], v[2]],
        _ => v,
    };
    let axes = std::array::from_fn(|a| flip(directions[a].unwrap_or_default()));
    Ok(Checked {
        source,
        scalar,
        big_endian,
        count,
        sizes: std::array::from_fn(|a| sizes[a] as usize),
        origin: flip(origin),
        axes,
    })
}
