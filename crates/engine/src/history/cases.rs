//! A finished run's cases as one compressed blob (`case_blobs`), instead of a row per case.
//!
//! Why: a row per case with its subgroups as JSON made two 2-million-case runs 761 MB. The
//! blob is columnar, so that deflate sees like next to like: the ids, the labels as bits, the
//! scores as their IEEE 754 bits split into eight byte planes (sign and exponent bytes repeat,
//! so they compress to almost nothing; the scores come back bit for bit), and each subgroup
//! attribute as a dictionary of its values and one index per case.
//!
//! Runs stored before this (history schema 1) keep their `cases` rows; both are read, and the
//! hash chain covers both through the same canonical text of the decoded cases (`chain.rs`),
//! so a run's hash does not depend on how its cases are stored.

use std::io::{Read, Write};

/// One case of a stored run (`StoredRun::cases`), as decoded from its blob or its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCase {
    pub id: String,
    pub label: bool,
    pub score: f64,
    pub subgroups: Vec<String>,
}

/// The `format` column of `case_blobs`: the layout below, deflated.
pub const FORMAT: &str = "columns-1+deflate";

const MAGIC: &[u8; 4] = b"PSC1";

/// The layout before deflate: magic, n, the ids (length-prefixed), the labels (a bit per case,
/// least significant bit first), the scores' bits by byte plane (plane b holds byte b of every
/// score, little-endian), then the subgroups: each case's number of values, and per attribute
/// position a dictionary (count, values) and each case's index into it. Integers are LEB128.
pub fn encode<'a, S: AsRef<str> + 'a>(
    cases: impl ExactSizeIterator<Item = (&'a str, bool, f64, &'a [S])> + Clone,
) -> Vec<u8> {
    let n = cases.len();
    let mut out = Vec::with_capacity(n * 16);
    out.extend_from_slice(MAGIC);
    varint(&mut out, n as u64);
    for (id, ..) in cases.clone() {
        bytes(&mut out, id.as_bytes());
    }
    let mut bits = vec![0u8; n.div_ceil(8)];
    for (i, (_, label, ..)) in cases.clone().enumerate() {
        if label {
            bits[i / 8] |= 1 << (i % 8);
        }
    }
    out.extend_from_slice(&bits);
    let scores: Vec<[u8; 8]> = cases.clone().map(|c| c.2.to_bits().to_le_bytes()).collect();
    for b in 0..8 {
        out.extend(scores.iter().map(|s| s[b]));
    }
    let width = cases.clone().map(|c| c.3.len()).max().unwrap_or(0);
    for (.., groups) in cases.clone() {
        varint(&mut out, groups.len() as u64);
    }
    for j in 0..width {
        let mut dict: Vec<&str> = Vec::new();
        let mut index: std::collections::HashMap<&str, u64> = std::collections::HashMap::new();
        let mut column = Vec::with_capacity(n);
        for (.., groups) in cases.clone() {
            if let Some(v) = groups.get(j) {
                let k = *index.entry(v.as_ref()).or_insert_with(|| {
                    dict.push(v.as_ref());
                    dict.len() as u64 - 1
                });
                column.push(k);
            }
        }
        varint(&mut out, dict.len() as u64);
        for v in dict {
            bytes(&mut out, v.as_bytes());
        }
        for k in column {
            varint(&mut out, k);
        }
    }
    // The fastest level: the columnar layout is what compresses (a million cases' blob was
    // 8.8 MB against 9.0 MB at the default level, in a fraction of the time; deflate had become
    // a tenth of a recorded run). Any level decodes alike.
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(&out).expect("writing to memory");
    z.finish().expect("writing to memory")
}

/// The cases of a blob made by [`encode`]; an error says what is wrong with it.
pub fn decode(blob: &[u8]) -> Result<Vec<StoredCase>, String> {
    let mut raw = Vec::new();
    flate2::read::DeflateDecoder::new(blob)
        .read_to_end(&mut raw)
        .map_err(|e| format!("the stored cases do not decompress: {e}"))?;
    let mut r = Reader { b: &raw, at: 0 };
    if r.take(4)? != MAGIC {
        return Err("the stored cases are not in a known layout".into());
    }
    let n = usize::try_from(r.varint()?).map_err(|_| "too many cases")?;
    // Each case needs at least a byte for its id's length: a bound before allocating.
    if n > raw.len() {
        return Err("the stored case count exceeds the data".into());
    }
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        ids.push(r.string()?);
    }
    let bits = r.take(n.div_ceil(8))?.to_vec();
    let planes = r.take(8 * n)?.to_vec();
    let widths: Vec<usize> = (0..n)
        .map(|_| r.varint().map(|w| w as usize))
        .collect::<Result<_, _>>()?;
    let width = widths.iter().copied().max().unwrap_or(0);
    let mut groups: Vec<Vec<String>> = widths.iter().map(|&w| Vec::with_capacity(w)).collect();
    for j in 0..width {
        let size = r.varint()? as usize;
        if size > raw.len() {
            return Err("a subgroup dictionary exceeds the data".into());
        }
        let dict: Vec<String> = (0..size).map(|_| r.string()).collect::<Result<_, _>>()?;
        for (i, g) in groups.iter_mut().enumerate() {
            if widths[i] > j {
                let k = r.varint()? as usize;
                g.push(
                    dict.get(k)
                        .cloned()
                        .ok_or("a subgroup index is out of range")?,
                );
            }
        }
    }
    if r.at != raw.len() {
        return Err("the stored cases have trailing data".into());
    }
    Ok(ids
        .into_iter()
        .zip(groups)
        .enumerate()
        .map(|(i, (id, subgroups))| {
            let mut le = [0u8; 8];
            for (b, byte) in le.iter_mut().enumerate() {
                *byte = planes[b * n + i];
            }
            StoredCase {
                id,
                label: bits[i / 8] >> (i % 8) & 1 == 1,
                score: f64::from_bits(u64::from_le_bytes(le)),
                subgroups,
            }
        })
        .collect())
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, k: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(k).filter(|&e| e <= self.b.len());
        let end = end.ok_or("the stored cases end too early")?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a number in the stored cases is too long".into())
    }

    fn string(&mut self) -> Result<String, String> {
        let k = self.varint()? as usize;
        String::from_utf8(self.take(k)?.to_vec()).map_err(|_| "a stored text is not UTF-8".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_come_back_bit_for_bit() {
        let cases = vec![
            StoredCase {
                id: "p1, \"quoted\"\nnewline".into(),
                label: true,
                score: 0.1 + 0.2,
                subgroups: vec!["Tromsø".into(), "F".into()],
            },
            StoredCase {
                id: String::new(),
                label: false,
                score: -0.0,
                subgroups: vec![String::new(), "M".into()],
            },
            StoredCase {
                id: "x".into(),
                label: true,
                score: f64::MIN_POSITIVE,
                subgroups: vec!["Tromsø".into()],
            },
        ];
        let blob = encode(
            cases
                .iter()
                .map(|c| (c.id.as_str(), c.label, c.score, c.subgroups.as_slice())),
        );
        let back = decode(&blob).unwrap();
        assert_eq!(back, cases);
        assert_eq!(back[1].score.to_bits(), (-0.0f64).to_bits());
        let none: Vec<StoredCase> = Vec::new();
        let empty = encode(
            none.iter()
                .map(|c| (c.id.as_str(), c.label, c.score, c.subgroups.as_slice())),
        );
        assert_eq!(decode(&empty).unwrap(), none);
        // A damaged blob is an error, never a panic.
        assert!(decode(&blob[..blob.len() / 2]).is_err());
        assert!(decode(b"not deflate").is_err());
    }
}
