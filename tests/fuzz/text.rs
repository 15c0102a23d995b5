//! Mutations of the tabular sample cohort (CSV) and of plans (TOML).

use super::rng::Rng;

/// Feature values no model may be given: each such row must be excluded.
pub const BAD_FEATURES: &[&str] = &[
    "NaN", "nan", "inf", "-inf", "Infinity", "1e300", "-1e300", "1e400", "-1e400", "1e39",
    "-3.5e38", "", "abc", "0x10", "NA", "1.2.3", "--1",
];

/// Other cell values: odd but maybe fine, or maybe an error; never a crash.
const ODD_CELLS: &[&str] = &[
    "\"1\"\"2\"",
    "\"unclosed",
    "\"a\nb\"",
    " 12 ",
    "1,5",
    "-0",
    "1e-400",
    "3.4e38",
    "\u{661}\u{662}",
    "12\0",
    "é",
    "\u{FEFF}1",
    "2",
    "yes",
    "1.0",
    "NA",
    "",
];

/// A CSV cohort case: the bytes, what was done, and the file lines (1-based, header = 1) that
/// must be excluded from the analysis when the run gives a report.
pub struct CsvCase {
    pub bytes: Vec<u8>,
    pub log: String,
    pub must_exclude: Vec<u64>,
}

fn rows(base: &str) -> (String, Vec<Vec<String>>) {
    let mut lines = base.lines();
    let header = lines.next().unwrap().to_string();
    let rows = lines
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn join(header: &str, rows: &[Vec<String>], sep: &str, eol: &str) -> String {
    let mut out = header.replace(',', sep);
    out.push_str(eol);
    for r in rows {
        out.push_str(&r.join(sep));
        out.push_str(eol);
    }
    out
}

fn huge(rng: &mut Rng) -> String {
    let n = *rng.pick(&[10_000usize, 100_000, 1_000_000]);
    "7".repeat(n)
}

/// Bad feature values in distinct rows, nothing else: the run must exclude exactly those rows.
pub fn bad_features(rng: &mut Rng, base: &str) -> CsvCase {
    let (header, mut rows) = rows(base);
    let mut log = Vec::new();
    let mut must = Vec::new();
    let count = rng.range(1, 8);
    for _ in 0..count {
        let r = rng.below(rows.len());
        if must.contains(&(r as u64 + 2)) {
            continue;
        }
        let c = rng.range(1, 30);
        let v = if rng.chance(0.1) {
            huge(rng).replace('7', "x")
        } else {
            rng.pick(BAD_FEATURES).to_string()
        };
        log.push(format!("row {} col {c}={}", r + 2, short(&v)));
        rows[r][c] = v;
        must.push(r as u64 + 2);
    }
    CsvCase {
        bytes: join(&header, &rows, ",", "\n").into_bytes(),
        log: log.join(", "),
        must_exclude: must,
    }
}

/// Anything: odd cells, huge cells, ids and labels, quoting, BOMs, encodings, truncation.
pub fn chaos(rng: &mut Rng, base: &str) -> CsvCase {
    let (mut header, mut rows) = rows(base);
    let mut log = Vec::new();
    for _ in 0..rng.range(1, 6) {
        let r = rng.below(rows.len());
        let ncols = rows[r].len();
        match rng.below(8) {
            0 => {
                let c = rng.below(ncols);
                rows[r][c] = huge(rng);
                log.push(format!("row {} col {c} huge", r + 2));
            }
            1 => {
                rows.push(rows[r].clone());
                log.push(format!("row {} duplicated", r + 2));
            }
            2 => {
                let keep = rng.below(ncols);
                rows[r].truncate(keep);
                log.push(format!("row {} cut to {keep} fields", r + 2));
            }
            3 => {
                let extra = rng.range(1, 5);
                rows[r].extend((0..extra).map(|_| "9".to_string()));
                log.push(format!("row {} +{extra} fields", r + 2));
            }
            4 => {
                let c = *rng.pick(&[0usize, 31, 32]);
                let v = rng.pick(ODD_CELLS).to_string();
                log.push(format!("row {} col {c}={v:?}", r + 2));
                rows[r][c] = v;
            }
            5 => {
                let c = rng.below(ncols);
                let v = rng.pick(BAD_FEATURES).to_string();
                log.push(format!("row {} col {c}={v:?}", r + 2));
                rows[r][c] = v;
            }
            6 => {
                let c = rng.below(ncols);
                let v = rng.pick(ODD_CELLS).to_string();
                log.push(format!("row {} col {c}={v:?}", r + 2));
                rows[r][c] = v;
            }
            _ => {
                let many = rng.range(2, 40);
                rows.truncate(many);
                log.push(format!("{many} rows only"));
            }
        }
    }
    if rng.chance(0.1) {
        // A header cell renamed or doubled.
        let to = *rng.pick(&["", "mean_radius,mean_radius", "Mean_Radius"]);
        header = header.replacen("mean_radius", to, 1);
        log.push("header changed".into());
    }
    let (sep, eol) = match rng.below(6) {
        0 => (";", "\n"),
        1 => ("\t", "\n"),
        2 => (",", "\r\n"),
        3 => (",", "\r"),
        _ => (",", "\n"),
    };
    let mut bytes = join(&header, &rows, sep, eol).into_bytes();
    match rng.below(10) {
        0 => {
            bytes.splice(0..0, [0xEF, 0xBB, 0xBF]);
            log.push("UTF-8 BOM".into());
        }
        1 => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            bytes = vec![0xFF, 0xFE];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            log.push("UTF-16LE".into());
        }
        2 => {
            // Latin-1 bytes that are not UTF-8.
            let at = rng.below(bytes.len());
            bytes.insert(at, 0xE9);
            log.push(format!("latin-1 byte@{at}"));
        }
        3 => {
            let at = rng.below(bytes.len());
            bytes.truncate(at);
            log.push(format!("truncate@{at}"));
        }
        4 => {
            for _ in 0..rng.range(1, 8) {
                let at = rng.below(bytes.len());
                bytes[at] ^= rng.range(1, 255) as u8;
            }
            log.push("byte flips".into());
        }
        5 if rng.chance(0.3) => {
            bytes.clear();
            log.push("empty".into());
        }
        _ => {}
    }
    CsvCase {
        bytes,
        log: log.join(", "),
        must_exclude: Vec::new(),
    }
}

fn short(v: &str) -> String {
    if v.len() > 12 {
        format!("<{} bytes>", v.len())
    } else {
        format!("{v:?}")
    }
}

/// Keys a plan mutation sets, by section, and values to set them to.
const KEYS: &[(&str, &str)] = &[
    ("analysis", "bootstrap"),
    ("analysis", "calibration_bins"),
    ("analysis", "threshold"),
    ("analysis", "confidence"),
    ("analysis", "seed"),
    ("analysis", "min_group_n"),
    ("analysis", "prevalence"),
    ("analysis", "target_sensitivity"),
    ("explain", "permutations"),
    ("explain", "patch"),
    ("explain", "stride"),
    ("model", "batch"),
    ("model", "positive_index"),
    ("model", "path"),
    ("model", "input"),
    ("preprocess", "resize"),
    ("preprocess", "channels"),
    ("preprocess", "window"),
    ("cohort", "features"),
    ("cohort", "subgroups"),
    ("cohort", "positive"),
    ("cohort", "path"),
    ("study", "name"),
    ("study", "intended_use"),
    ("report", "language"),
];

const VALUES: &[&str] = &[
    "0",
    "-1",
    "1",
    "1000000000",
    "9223372036854775807",
    "-9223372036854775808",
    "1e9",
    "1.5",
    "nan",
    "inf",
    "-inf",
    "1e308",
    "1000000000000",
    "\"x\"",
    "\"\"",
    "[1, 2]",
    "[65535, 65535]",
    "[0, 0]",
    "{ a = 1 }",
    "{ center = 1e308, width = 0 }",
    "true",
    "\"/dev/zero\"",
    "\"/etc/passwd\"",
    "\"/proc/self/environ\"",
    "\"../../../../../../../../etc/shadow\"",
    "\"/tmp\"",
];

/// A plan: `base` with one to three mutations.
pub fn plan(rng: &mut Rng, base: &str) -> (String, String) {
    let mut text = base.to_string();
    let mut log = Vec::new();
    for _ in 0..rng.range(1, 3) {
        match rng.below(10) {
            0..=4 => {
                let (section, key) = rng.pick(KEYS);
                let value = if rng.chance(0.15) {
                    let n = *rng.pick(&[1_000usize, 100_000, 1_000_000]);
                    format!("\"{}\"", "Lorem ipsum ".repeat(n / 12))
                } else {
                    rng.pick(VALUES).to_string()
                };
                log.push(format!("[{section}] {key} = {}", short(&value)));
                text = set_key(&text, section, key, &value);
            }
            5 => {
                let n = *rng.pick(&[100usize, 10_000]);
                log.push(format!("{n} criteria"));
                for _ in 0..n {
                    text.push_str("\n[[acceptance]]\nmetric = \"auc\"\nmin = 0.5\n");
                }
            }
            6 => {
                // A line deleted.
                let lines: Vec<&str> = text.lines().collect();
                let at = rng.below(lines.len());
                log.push(format!("line {} deleted", at + 1));
                text = lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != at)
                    .map(|(_, l)| *l)
                    .collect::<Vec<_>>()
                    .join("\n");
            }
            7 => {
                let mut b = text.into_bytes();
                for _ in 0..rng.range(1, 6) {
                    let at = rng.below(b.len());
                    b[at] = rng.u32() as u8;
                }
                log.push("byte flips".into());
                text = String::from_utf8_lossy(&b).into_owned();
            }
            8 => {
                let at = rng.below(text.len());
                let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap();
                text.truncate(at);
                log.push(format!("truncate@{at}"));
            }
            _ => {
                let n = *rng.pick(&[1_000usize, 100_000]);
                let names: Vec<String> = (0..n).map(|i| format!("\"s{i}\"")).collect();
                log.push(format!("{n} subgroups"));
                text = set_key(
                    &text,
                    "cohort",
                    "subgroups",
                    &format!("[{}]", names.join(",")),
                );
            }
        }
    }
    (text, log.join("; "))
}

/// `text` with `key = value` in `[section]`: the line replaced if there, else added after the
/// section header (or a new section at the end).
pub fn set_key(text: &str, section: &str, key: &str, value: &str) -> String {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut done = false;
    let header = format!("[{section}]");
    let mut skip_continuation = false;
    for line in text.lines() {
        let t = line.trim();
        if skip_continuation {
            // The rest of a multi-line array being replaced.
            if t.starts_with(']') {
                skip_continuation = false;
            }
            continue;
        }
        if t.starts_with('[') {
            if current == section && !done {
                out.push(format!("{key} = {value}"));
                done = true;
            }
            current = t.trim_matches(['[', ']']).to_string();
            out.push(line.to_string());
            continue;
        }
        let is_key = t.split_once('=').is_some_and(|(k, _)| k.trim() == key);
        if current == section && is_key && !done {
            out.push(format!("{key} = {value}"));
            done = true;
            skip_continuation = t.ends_with('[');
            continue;
        }
        out.push(line.to_string());
    }
    if !done {
        if current == section {
            out.push(format!("{key} = {value}"));
        } else if text.contains(&header) {
            // The section exists earlier; append a dotted key at the top (TOML allows
            // `section.key` only before any table header).
            out.insert(0, format!("{section}.{key} = {value}"));
        } else {
            out.push(header);
            out.push(format!("{key} = {value}"));
        }
    }
    out.join("\n") + "\n"
}
