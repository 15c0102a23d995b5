//! A delimited text table read whole, with the line number of every row kept so that every
//! message can point at the line a user would open in a spreadsheet or editor.
//!
//! The rows are kept as one text buffer and the end of each field ([`Rows`]), not a record
//! per row: a million-row cohort was three allocations and about 200 bytes a row that way,
//! about 40 bytes this way (its text and 4 bytes a field).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, quote};

pub struct Table {
    pub path: PathBuf,
    pub headers: Vec<String>,
    /// (1-based line in the file, fields) of each row. The header is line 1.
    pub rows: Rows,
    /// `;`-separated files (Excel in Norwegian and most European locales) write decimal commas.
    pub decimal_comma: bool,
    /// SHA-256 of the file's bytes, for the report's provenance.
    pub sha256: String,
}

impl Table {
    /// Reads a CSV file. The delimiter is `,` unless the header line has more `;` than `,`
    /// (a European spreadsheet export), or tabs (a `.tsv`).
    pub fn read(path: &Path, what: &'static str) -> Result<Table> {
        let bytes = crate::user_file::read(path, what)?;
        let delimiter = delimiter(&bytes);
        // The file's hash beside its parsing: both read every byte.
        let (parsed, sha256) = rayon::join(
            || parse(&bytes, delimiter, path),
            || crate::provenance::sha256_hex(&bytes),
        );
        let (headers, rows) = parsed?;
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows,
            decimal_comma: delimiter == b';',
            sha256,
        })
    }

    /// A table of no rows from a file's first line (`check`: the columns without the data).
    pub fn from_header(path: &Path, first_line: &[u8]) -> Result<Table> {
        let delimiter = delimiter(first_line);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(first_line);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| Error::Csv {
                path: path.to_path_buf(),
                message: format!("{e}. Save the file as UTF-8 CSV with one header row."),
            })?
            .iter()
            .map(str::to_string)
            .collect();
        Ok(Table {
            path: path.to_path_buf(),
            headers,
            rows: Rows::default(),
            decimal_comma: delimiter == b';',
            sha256: String::new(),
        })
    }

    /// Index of a named column; `role` says why the plan needs it ("id column", "feature"…).
    pub fn column(&self, name: &str, role: &str) -> Result<usize> {
        self.headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| Error::MissingColumn {
                path: self.path.clone(),
                column: name.to_string(),
                role: role.to_string(),
                available: if looks_like_header(&self.headers) {
                    list_columns_near(&self.headers, name, &self.path)
                } else {
                    String::new()
                },
            })
    }

    /// Index into `rows` of each id in the named column, so that a case's raw row can be shown
    /// (with [`Self::fields`]). Rows with an empty id are left out; an id that appears twice is
    /// [`Error::DuplicateId`], as when the cohort is read.
    pub fn rows_by_id(&self, id_column: &str) -> Result<HashMap<String, usize>> {
        let col = self.column(id_column, "id column")?;
        let mut index: HashMap<String, usize> = HashMap::with_capacity(self.rows.len());
        for (i, (line, record)) in self.rows.iter().enumerate() {
            let id = field(record, col);
            if id.is_empty() {
                continue;
            }
            if let Some(&first) = index.get(id) {
                return Err(Error::DuplicateId {
                    path: self.path.clone(),
                    first_line: self.rows.line(first),
                    second_line: line,
                });
            }
            index.insert(id.to_string(), i);
        }
        Ok(index)
    }

    /// (column name, value) for every column of row `i` of `rows`; empty values where a short
    /// row lacks them.
    pub fn fields(&self, i: usize) -> Vec<(&str, &str)> {
        let record = self.rows.record(i);
        self.headers
            .iter()
            .enumerate()
            .map(|(c, h)| (h.as_str(), field(record, c)))
            .collect()
    }

    /// Parses a number the way the file writes it (decimal comma in `;` files).
    pub fn number(&self, text: &str) -> Option<f64> {
        if self.decimal_comma && text.contains(',') {
            text.replace(',', ".").parse().ok()
        } else {
            text.parse().ok()
        }
    }
}

/// The field at `col`, empty when a short row lacks it.
pub fn field(record: Record<'_>, col: usize) -> &str {
    record.get(col).unwrap_or("")
}

/// Files at least this large, without a quote character, are parsed in pieces side by side.
const PARALLEL_FROM: usize = 4 << 20;

/// The header and rows of a CSV file's bytes. A large file without any `"` is cut at line
/// ends into pieces parsed side by side (no record can span a line end without quotes); the
/// rows, their line numbers and their fields are those of one parse from the start, and any
/// error is reported by that one parse, so that its message names the same record and line.
fn parse(bytes: &[u8], delimiter: u8, path: &Path) -> Result<(Vec<String>, Rows)> {
    let csv_error = |e: csv::Error| Error::Csv {
        path: path.to_path_buf(),
        message: format!("{e}. Save the file as UTF-8 CSV with one header row."),
    };
    let mut reader = builder(delimiter).from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(str::to_string)
        .collect();
    if headers.iter().all(String::is_empty) {
        return Err(Error::Csv {
            path: path.to_path_buf(),
            message:
                "the file is empty or has no header row. The first line must name the columns."
                    .into(),
        });
    }
    let body = reader.position().byte() as usize;
    if bytes.len() >= PARALLEL_FROM
        && memchr::memchr(b'"', &bytes[body..]).is_none()
        && let Some(rows) =
            parse_in_pieces(bytes, body, delimiter, rayon::current_num_threads() * 4)
    {
        return Ok((headers, rows));
    }
    let too_big = || Error::Csv {
        path: path.to_path_buf(),
        message: "the file holds more than 4 GiB of text; split the cohort".into(),
    };
    let mut rows = rows_from(reader, bytes, 0, 1, Rows::default())
        .map_err(|e| e.map_or_else(too_big, csv_error))?;
    rows.shrink_to_fit();
    Ok((headers, rows))
}

fn builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(delimiter).flexible(true).trim(csv::Trim::All);
    b
}

/// The rows `reader` reads from `bytes` (which it reads from `offset` on, at line `line`),
/// appended to `rows`. Err(None): the text outgrows 32-bit offsets.
fn rows_from(
    mut reader: csv::Reader<&[u8]>,
    bytes: &[u8],
    offset: usize,
    mut line: u64,
    mut rows: Rows,
) -> std::result::Result<Rows, Option<csv::Error>> {
    // Line numbers from byte offsets: the csv crate's own line count skips blank lines.
    let mut counted_to = offset;
    // One record reused for every row: the rows keep their text in `rows` only.
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(Some)? {
        let mut start = record
            .position()
            .map_or(counted_to, |p| offset + p.byte() as usize);
        // A record's position is where parsing began, before any blank lines it skipped.
        while matches!(bytes.get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..start]).count() as u64;
        counted_to = start;
        if record.iter().all(str::is_empty) {
            continue; // blank line, e.g. at the end of a hand-edited file
        }
        rows.push(line, &record).ok_or(None)?;
    }
    Ok(rows)
}

/// The rows after the header (from `body`), parsed in `pieces` cut at line ends; None on any
/// error (the caller parses from the start to report it).
fn parse_in_pieces(bytes: &[u8], body: usize, delimiter: u8, pieces: usize) -> Option<Rows> {
    use rayon::prelude::*;
    let step = (bytes.len() - body).div_ceil(pieces).max(1);
    let mut cuts = vec![body];
    while let Some(&last) = cuts.last() {
        if last >= bytes.len() {
            break;
        }
        let at = (last + step).min(bytes.len());
        let next = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        cuts.push(next);
    }
    let spans: Vec<(usize, usize)> = cuts.windows(2).map(|w| (w[0], w[1])).collect();
    // Each piece's line ends and delimiters, in one pass: the line each piece starts on is
    // 1 + the line ends before it, and both bound the piece's rows and fields.
    let ends: Vec<(u64, usize)> = spans
        .par_iter()
        .map(|&(a, b)| {
            let separators = memchr::memchr2_iter(b'\n', delimiter, &bytes[a..b]);
            separators.fold((0, 0), |(lines, delimiters), at| {
                if bytes[a + at] == b'\n' {
                    (lines + 1, delimiters)
                } else {
                    (lines, delimiters + 1)
                }
            })
        })
        .collect();
    let first = 1 + memchr::memchr_iter(b'\n', &bytes[..body]).count() as u64;
    let lines: Vec<u64> = ends
        .iter()
        .scan(first, |line, &(n, _)| {
            let at = *line;
            *line += n;
            Some(at)
        })
        .collect();
    let parts: Vec<Rows> = spans
        .par_iter()
        .zip(&lines)
        .zip(&ends)
        .map(|((&(a, b), &line), &(line_ends, delimiters))| {
            let piece = &bytes[a..b];
            let reader = builder(delimiter).has_headers(false).from_reader(piece);
            // A piece's arrays sized once from what bounds them (its bytes; a field ends at
            // each delimiter or line end), not grown by doubling: the slack and the copies
            // were a table's worth of memory that the allocator held on to.
            let rows = Rows::with_capacity(
                piece.len(),
                delimiters + line_ends as usize + 1,
                line_ends as usize + 1,
            );
            rows_from(reader, piece, 0, line, rows).ok()
        })
        .collect::<Option<Vec<Rows>>>()?;
    Rows::concat(parts)
}

/// The rows of a [`Table`]: every field's text in one buffer, in file order.
#[derive(Debug, Default)]
pub struct Rows {
    text: String,
    /// The end of each field in `text`, the rows' fields one after another.
    ends: Vec<u32>,
    /// Per row: its line in the file and the index in `ends` of its first field.
    starts: Vec<(u64, u32)>,
}

/// One row of a [`Rows`]: its fields by index, as a `csv::StringRecord` gives them.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    text: &'a str,
    /// Where this row's fields end in `text`, and where the one before it ended.
    ends: &'a [u32],
    from: u32,
}

impl Rows {
    /// Appends a row read at `line`; None when the text outgrows 32-bit offsets.
    fn push(&mut self, line: u64, record: &csv::StringRecord) -> Option<()> {
        let first = u32::try_from(self.ends.len()).ok()?;
        self.starts.push((line, first));
        for f in record {
            self.text.push_str(f);
            self.ends.push(u32::try_from(self.text.len()).ok()?);
        }
        Some(())
    }

    /// The rows of `parts` one after another; None when the text outgrows 32-bit offsets.
    fn concat(parts: Vec<Rows>) -> Option<Rows> {
        let mut all = Rows::default();
        all.text
            .reserve_exact(parts.iter().map(|p| p.text.len()).sum());
        all.ends
            .reserve_exact(parts.iter().map(|p| p.ends.len()).sum());
        all.starts
            .reserve_exact(parts.iter().map(|p| p.starts.len()).sum());
        for part in parts {
            let text = u32::try_from(all.text.len()).ok()?;
            let fields = u32::try_from(all.ends.len()).ok()?;
            all.text.push_str(&part.text);
            u32::try_from(all.text.len()).ok()?;
            all.ends.extend(part.ends.iter().map(|e| e + text));
            all.starts
                .extend(part.starts.iter().map(|&(line, f)| (line, f + fields)));
        }
        Some(all)
    }

    fn with_capacity(text: usize, fields: usize, rows: usize) -> Rows {
        Rows {
            text: String::with_capacity(text),
            ends: Vec::with_capacity(fields),
            starts: Vec::with_capacity(rows),
        }
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.starts.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The line of row `i` (the header is line 1).
    pub fn line(&self, i: usize) -> u64 {
        self.starts[i].0
    }

    /// The fields of row `i`.
    pub fn record(&self, i: usize) -> Record<'_> {
        let first = self.starts[i].1 as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.ends.len(), |&(_, next)| next as usize);
        Record {
            text: &self.text,
            ends: &self.ends[first..end],
            from: if first == 0 { 0 } else { self.ends[first - 1] },
        }
    }

    /// (line, fields) of row `i`, None past the last.
    pub fn get(&self, i: usize) -> Option<(u64, Record<'_>)> {
        (i < self.len()).then(|| (self.line(i), self.record(i)))
    }

    /// (line, fields) of every row, in file order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (u64, Record<'_>)> + Clone + '_ {
        (0..self.len()).map(|i| (self.line(i), self.record(i)))
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = (u64, Record<'a>);
    type IntoIter = Box<dyn ExactSizeIterator<Item = (u64, Record<'a>)> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<'a> Record<'a> {
    /// The field at `col`, None past the row's last.
    pub fn get(self, col: usize) -> Option<&'a str> {
        let end = *self.ends.get(col)? as usize;
        let start = match col {
            0 => self.from,
            _ => self.ends[col - 1],
        } as usize;
        Some(&self.text[start..end])
    }

    pub fn len(self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(self) -> bool {
        self.ends.is_empty()
    }

    /// Every field, in order.
    pub fn iter(self) -> impl Iterator<Item = &'a str> {
        (0..self.len()).map(move |c| self.get(c).unwrap_or_default())
    }
}

/// Longest list of column names a message carries, in bytes.
const COLUMNS_MAX: usize = 2000;

/// The delimiter of a file starting with `bytes`: `,` unless the header line has more `;` than
/// `,` (a European spreadsheet export), or tabs (a `.tsv`).
fn delimiter(bytes: &[u8]) -> u8 {
    let header_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let count = |c: u8| header_line.iter().filter(|&&b| b == c).count();
    if count(b'\t') > count(b',').max(count(b';')) {
        b'\t'
    } else if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// Whether a first line reads as column names, so that a message may list them: at least two
/// non-empty names, each short and printable, none that looks like data (a number, a date, a
/// run of six digits as in an id). A file that is not a table (the plan names /etc/passwd, a
/// CSV without a header row) is then never quoted in a message.
pub fn looks_like_header(headers: &[String]) -> bool {
    let named = headers.iter().filter(|h| !h.is_empty()).count();
    named >= 2
        && headers.iter().all(|h| {
            h.chars().count() <= 64
                && !h.chars().any(char::is_control)
                && h.trim().parse::<f64>().is_err()
                && h.trim().replace(',', ".").parse::<f64>().is_err()
                && super::parse_date(h).is_none()
                && !has_digit_run(h, 6)
        })
}

/// Whether `text` has `n` ASCII digits in a row.
fn has_digit_run(text: &str, n: usize) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= n {
            return true;
        }
    }
    false
}

/// The names closest to `wanted` (at most [`NEAREST`], similar enough to be a typo or another
/// spelling) first, then the others in file order, up to [`COLUMNS_MAX`] bytes; past that, how
/// to list every one. The one that was meant is never hidden behind the cut.
pub fn list_columns_near(headers: &[String], wanted: &str, path: &Path) -> String {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(f64, usize)> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            (
                strsim::normalized_damerau_levenshtein(&h.to_lowercase(), &wanted),
                i,
            )
        })
        .filter(|(sim, _)| *sim >= 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let near: Vec<usize> = scored.iter().take(NEAREST).map(|&(_, i)| i).collect();
    let order: Vec<&String> = near
        .iter()
        .map(|&i| &headers[i])
        .chain(
            headers
                .iter()
                .enumerate()
                .filter(|(i, _)| !near.contains(i))
                .map(|(_, h)| h),
        )
        .collect();
    let mut out = String::new();
    for (k, h) in order.iter().enumerate() {
        let q = quote(h);
        if out.len() + q.len() > COLUMNS_MAX {
            out.push_str(&format!(
                " … ({} in all; `provestein columns {}` lists every one)",
                headers.len(),
                path.display()
            ));
            break;
        }
        match k {
            0 => {}
            k if k == near.len() => out.push_str("; the others: "),
            _ => out.push_str(", "),
        }
        out.push_str(&q);
    }
    out
}

/// How many near names [`list_columns_near`] puts first.
const NEAREST: usize = 3;

/// "a, b, c … (40 in all)": enough of a list to spot a typo without flooding the terminal.
pub fn summarize(items: &[String], max: usize) -> String {
    let shown: Vec<String> = items.iter().take(max).map(|s| quote(s)).collect();
    if items.len() > max {
        format!("{} … ({} in all)", shown.join(", "), items.len())
    } else {
        shown.join(", ")
    }
}

/// The columns every CSV cohort may name beside its truth (`[cohort] id`, `patient`,
/// `subgroups`, `date`), found once and read per row alike by the binary, detection and
/// multi-finding readers.
pub struct CommonColumns {
    pub id: usize,
    pub patient: Option<usize>,
    pub subgroups: Vec<usize>,
    pub date: Option<usize>,
}

impl CommonColumns {
    /// Finds the columns the plan names; a missing one is an error naming it and the file.
    pub fn find(table: &Table, spec: &crate::plan::CohortSpec) -> Result<CommonColumns> {
        let id_name = spec.id.as_deref().unwrap_or_default(); // required for CSV by validate
        Ok(CommonColumns {
            id: table.column(id_name, "cohort id column")?,
            patient: spec
                .patient
                .as_deref()
                .map(|p| table.column(p, "cohort patient column"))
                .transpose()?,
            subgroups: spec
                .subgroups
                .iter()
                .map(|s| table.column(s, "subgroup column"))
                .collect::<Result<Vec<_>>>()?,
            date: spec
                .date
                .as_deref()
                .map(|d| table.column(d, "cohort date column"))
                .transpose()?,
        })
    }

    pub fn id<'a>(&self, record: Record<'a>) -> &'a str {
        field(record, self.id)
    }

    pub fn patient(&self, record: Record<'_>) -> Option<String> {
        self.patient.map(|c| field(record, c).to_string())
    }

    pub fn subgroups(&self, record: Record<'_>) -> Vec<String> {
        self.subgroups
            .iter()
            .map(|&c| field(record, c).to_string())
            .collect()
    }

    /// The patient key, one `Id` per patient (`interner` shared with [`Self::subgroup_ids`]).
    pub fn patient_id(
        &self,
        record: Record<'_>,
        interner: &mut crate::id::Interner,
    ) -> Option<crate::Id> {
        self.patient.map(|c| interner.get(field(record, c)))
    }

    /// The subgroup values, each value one `Id` however many cases have it.
    pub fn subgroup_ids(
        &self,
        record: Record<'_>,
        interner: &mut crate::id::Interner,
    ) -> Vec<crate::Id> {
        self.subgroups
            .iter()
            .map(|&c| interner.get(field(record, c)))
            .collect()
    }

    /// An unreadable date leaves the unit undated, never excluded.
    pub fn date(&self, record: Record<'_>) -> Option<jiff::civil::Date> {
        self.date
            .and_then(|c| crate::cohort::parse_date(field(record, c)))
    }
}

/// The unit ids of a cohort table as its rows give them: a row without one is excluded with
/// the reason (counted, never dropped), a repeated one is an error naming both lines
/// ([`Ids::finish`], after the rows).
pub struct Ids<'a> {
    path: &'a Path,
    column: &'a str,
    /// Every admitted id with its line, in row order.
    seen: Vec<(&'a str, u64)>,
}

impl<'a> Ids<'a> {
    pub fn new(table: &'a Table, spec: &'a crate::plan::CohortSpec) -> Ids<'a> {
        Ids {
            path: &table.path,
            column: spec.id.as_deref().unwrap_or_default(),
            seen: Vec::with_capacity(table.rows.len()),
        }
    }

    /// Whether the row at `line` with id `id` is a unit: false (and its exclusion pushed) when
    /// the id is empty.
    pub fn admit(
        &mut self,
        line: u64,
        id: &'a str,
        excluded: &mut Vec<crate::cohort::Exclusion>,
    ) -> bool {
        if id.is_empty() {
            excluded.push(crate::cohort::Exclusion::new(
                id,
                Some(line),
                None,
                crate::cohort::ExclusionReason::MissingId,
                format!("line {line}: the id column \"{}\" is empty", self.column),
            ));
            return false;
        }
        self.seen.push((id, line));
        true
    }

    /// The first repeated id, as reading row by row would meet it: the error names the line of
    /// its first occurrence and the earliest line that repeats an earlier id.
    ///
    /// Sorted, not hashed: (hash, row) pairs sorted on both cores, equal ids side by side. A
    /// hash set of a million ids cost a cache miss per row (7% of a million-case run).
    pub fn finish(self) -> Result<()> {
        use std::hash::BuildHasher;
        let state = foldhash::fast::FixedState::default();
        match first_repeat(&self.seen, |id| state.hash_one(id)) {
            Some((first, second)) => Err(Error::DuplicateId {
                path: self.path.to_path_buf(),
                first_line: first,
                second_line: second,
            }),
            None => Ok(()),
        }
    }
}

/// The (first, second) lines of the repeat met first in row order, by sorting (hash, row).
fn first_repeat(seen: &[(&str, u64)], hash: impl Fn(&str) -> u64 + Sync) -> Option<(u64, u64)> {
    use rayon::prelude::*;
    let mut keyed: Vec<(u64, usize)> = seen
        .par_iter()
        .enumerate()
        .map(|(k, (id, _))| (hash(id), k))
        .collect();
    keyed.par_sort_unstable();
    // (second occurrence, first occurrence) as rows; the earliest second one wins.
    let mut repeat: Option<(usize, usize)> = None;
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        for (j, &(_, b)) in run.iter().enumerate().skip(1) {
            // Rows in a run ascend: the first with the same text is its first occurrence;
            // an equal hash of another text is passed over.
            let text = seen[b].0;
            if let Some(&(_, a)) = run[..j].iter().find(|(_, a)| seen[*a].0 == text) {
                if repeat.is_none_or(|(second, _)| b < second) {
                    repeat = Some((b, a));
                }
                break;
            }
        }
    }
    repeat.map(|(second, first)| (seen[first].1, seen[second].1))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(rows: &Rows) -> Vec<(u64, Vec<String>)> {
        rows.iter()
            .map(|(line, r)| (line, r.iter().map(str::to_string).collect()))
            .collect()
    }

    /// A large file parsed in pieces gives the rows, fields and line numbers of one parse from
    /// the start, for any number of pieces: blank lines, CRLF and LF, short and long rows,
    /// spaces to trim, semicolons, a last line without its line end.
    #[test]
    fn pieces_parse_as_one() {
        let mut text = String::from("\u{feff}id;label;score\n");
        for i in 0..120_000u32 {
            match i % 7 {
                0 => text.push('\n'),
                1 => text.push_str(&format!("p{i}; 1 ;0,{i}\r\n")),
                2 => text.push_str(&format!("p{i};0\n")),
                3 => text.push_str(&format!("p{i};1;0,5;extra\n")),
                4 => text.push_str(";;\n"),
                _ => text.push_str(&format!(" p{i} ;0;{i}e-6\n")),
            }
        }
        text.push_str("last;1;0,1");
        let bytes = text.as_bytes();
        assert!(
            bytes.len() < PARALLEL_FROM,
            "the pieces are called directly"
        );
        let mut reader = builder(b';').from_reader(bytes);
        reader.headers().unwrap();
        let body = reader.position().byte() as usize;
        let one = rows_of(&rows_from(reader, bytes, 0, 1, Rows::default()).unwrap());
        // Blank (i % 7 == 0) and all-empty (i % 7 == 4) rows are skipped: 17,143 of each.
        assert_eq!(one.len(), 120_000 - 2 * 17_143 + 1);
        assert_eq!(one[0], (3, vec!["p1".into(), "1".into(), "0,1".into()]));
        for pieces in [2, 3, 8, 64] {
            let got = parse_in_pieces(bytes, body, b';', pieces).unwrap();
            assert_eq!(rows_of(&got), one, "{pieces} pieces");
        }
    }

    /// A file large enough to be parsed in pieces reports a bad record as one parse does: the
    /// same record, line and byte.
    #[test]
    fn an_error_in_a_large_file_is_reported_as_one_parse_reports_it() {
        let mut bytes = b"id,label,score\n".to_vec();
        while bytes.len() < PARALLEL_FROM + 1000 {
            bytes.extend_from_slice(b"case,1,0.25\n");
        }
        let at = bytes.len() - 500;
        bytes[at] = 0xff; // not UTF-8
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, &bytes).unwrap();
        let Err(Error::Csv { message, .. }) = Table::read(&p, "test") else {
            panic!("invalid UTF-8 is an error")
        };
        let mut serial = builder(b',').from_reader(bytes.as_slice());
        serial.headers().unwrap();
        let Err(Some(e)) = rows_from(serial, &bytes, 0, 1, Rows::default()) else {
            panic!("one parse fails too")
        };
        assert_eq!(
            message,
            format!("{e}. Save the file as UTF-8 CSV with one header row.")
        );
        assert!(message.contains("line"), "{message}");
    }

    fn read(text: &[u8]) -> Table {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        std::fs::write(&p, text).unwrap();
        Table::read(&p, "test").unwrap()
    }

    #[test]
    fn excel_bom_is_not_part_of_the_first_column_name() {
        let t = read(b"\xEF\xBB\xBFid,score\n1,0.5\n");
        assert_eq!(t.column("id", "id").unwrap(), 0);
    }

    #[test]
    fn semicolon_files_use_decimal_commas() {
        let t = read(b"id;score\n1;0,25\n\n2;1e-3\n");
        assert_eq!(t.column("score", "s").unwrap(), 1);
        assert_eq!(t.number(field(t.rows.record(0), 1)), Some(0.25));
        assert_eq!(t.rows.len(), 2, "blank line skipped");
        assert_eq!(
            t.rows.line(1),
            4,
            "line numbers count the header and blank lines: {:?}",
            t.rows.iter().map(|r| r.0).collect::<Vec<_>>()
        );
        assert_eq!(t.number("abc"), None);
    }

    #[test]
    fn a_short_row_reads_as_empty_fields() {
        let t = read(b"id,a,b\n1,2\n");
        assert_eq!(field(t.rows.record(0), 2), "");
    }

    #[test]
    fn rows_of_any_width_keep_their_own_fields() {
        let t = read(b"id,a\n\"x,1\",\"\"\n,\n3,b,extra, more \nlast\n");
        let rows: Vec<(u64, Vec<&str>)> = t
            .rows
            .iter()
            .map(|(line, r)| (line, r.iter().collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, vec!["x,1", ""]),
                (4, vec!["3", "b", "extra", "more"]),
                (5, vec!["last"]),
            ],
            "the row of empty fields is skipped as blank; fields trimmed"
        );
        assert_eq!(t.rows.get(3).map(|r| r.0), None);
        assert_eq!(field(t.rows.record(2), 1), "");
    }

    #[test]
    fn rows_are_found_by_id_with_their_named_fields() {
        let t = read(b"id;age;score\nA;61;0,5\n\n;70;0,1\nB;45\n");
        let by_id = t.rows_by_id("id").unwrap();
        assert_eq!(
            by_id.len(),
            2,
            "the row without an id is left out: {by_id:?}"
        );
        assert_eq!(
            t.fields(by_id["A"]),
            [("id", "A"), ("age", "61"), ("score", "0,5")]
        );
        assert_eq!(
            t.rows.line(by_id["B"]),
            5,
            "line numbers count the blank line"
        );
        assert_eq!(
            t.fields(by_id["B"]),
            [("id", "B"), ("age", "45"), ("score", "")]
        );
        assert!(matches!(
            t.rows_by_id("ID").unwrap_err(),
            Error::MissingColumn { .. }
        ));
    }

    #[test]
    fn a_duplicate_id_names_both_lines() {
        let t = read(b"id,x\na,1\nb,2\na,3\n");
        match t.rows_by_id("id").unwrap_err() {
            Error::DuplicateId {
                first_line,
                second_line,
                ..
            } => assert_eq!((first_line, second_line), (2, 4)),
            other => panic!("{other:?}"),
        }
    }

    /// The sorted check reports the repeat that reading row by row with a hash set would meet
    /// first, on many random id columns (small alphabets make many repeats), with the real hash
    /// and with one that collides on purpose (the id's length).
    #[test]
    fn the_sorted_duplicate_check_meets_the_first_repeat_a_row_by_row_check_meets() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let path = Path::new("cohort.csv");
        for case in 0..400 {
            let n = rng.random_range(1..300);
            let alphabet = rng.random_range(1..(4 * n).max(2));
            let texts: Vec<String> = (0..n)
                .map(|_| format!("p{}", rng.random_range(0..alphabet)))
                .collect();
            let mut ids = Ids {
                path,
                column: "id",
                seen: Vec::new(),
            };
            for (k, t) in texts.iter().enumerate() {
                assert!(ids.admit(k as u64 + 2, t, &mut Vec::new()));
            }
            let mut seen = std::collections::HashMap::new();
            let expected = texts.iter().enumerate().find_map(|(k, t)| {
                seen.insert(t.as_str(), k as u64 + 2)
                    .map(|first| (first, k as u64 + 2))
            });
            assert_eq!(
                first_repeat(&ids.seen, |id| id.len() as u64),
                expected,
                "case {case}, colliding hash"
            );
            match (ids.finish(), expected) {
                (Ok(()), None) => {}
                (
                    Err(Error::DuplicateId {
                        first_line,
                        second_line,
                        ..
                    }),
                    Some(e),
                ) => {
                    assert_eq!((first_line, second_line), e, "case {case}")
                }
                (got, e) => panic!("case {case}: {got:?} vs {e:?}"),
            }
        }
        let mut empty = Vec::new();
        let mut ids = Ids {
            path,
            column: "id",
            seen: Vec::new(),
        };
        assert!(!ids.admit(2, "", &mut empty));
        assert_eq!(empty.len(), 1, "an empty id is an exclusion, counted");
    }

    #[test]
    fn a_missing_column_lists_what_is_there() {
        let t = read(b"id,score\n1,0.5\n");
        let e = t.column("scor", "score column").unwrap_err().to_string();
        assert!(
            e.contains("no column \"scor\"") && e.contains("\"score\""),
            "{e}"
        );
    }

    /// The meant column comes first, before the cut of a long header; the cut says how to see
    /// every column.
    #[test]
    fn a_missing_column_lists_the_nearest_names_first() {
        let mut names: Vec<String> = (0..400)
            .map(|i| format!("a_long_column_name_{i}"))
            .collect();
        names.push("Mean Radius".into());
        let t = read(format!("{}\n", names.join(",")).as_bytes());
        let e = t
            .column("mean_radius", "model feature")
            .unwrap_err()
            .to_string();
        let listed = e.split("Columns present").nth(1).unwrap_or_default();
        assert!(
            listed.starts_with(": \"Mean Radius\"; the others: \"a_long_column_name_0\", "),
            "{e}"
        );
        assert!(e.contains("(401 in all; `provestein columns "), "{e}");
    }

    #[test]
    fn a_duplicate_id_is_not_repeated() {
        let t = read(b"id,x\nACC12345678,1\nACC12345678,3\n");
        let e = t.rows_by_id("id").unwrap_err().to_string();
        assert!(e.contains("lines 2 and 3"), "{e}");
        assert!(!e.contains("ACC12345678"), "{e}");
    }

    #[test]
    fn every_column_is_listed_when_the_first_line_is_a_header() {
        let names: Vec<String> = (0..33).map(|i| format!("column_{i:02}")).collect();
        let t = read(format!("{}\n", names.join(",")).as_bytes());
        let e = t
            .column("column_99", "score column")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("\"column_00\"") && e.contains("\"column_32\""),
            "{e}"
        );
        let many: Vec<String> = (0..1000)
            .map(|i| format!("a_long_column_name_{i}"))
            .collect();
        let listed = list_columns_near(&many, "label", Path::new("f.csv"));
        assert!(listed.len() < COLUMNS_MAX + 80, "{}", listed.len());
        assert!(
            listed.ends_with("(1000 in all; `provestein columns f.csv` lists every one)"),
            "{listed}"
        );
    }

    #[test]
    fn a_file_that_is_not_a_table_is_not_quoted() {
        for text in [
            &b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"[..],
            b"12345678901,1,0.8\n23456789012,0,0.1\n",
            b"id,2024-03-07\n",
        ] {
            let t = read(text);
            let e = t
                .column("label", "cohort label column")
                .unwrap_err()
                .to_string();
            assert!(e.contains("does not look like a CSV table"), "{e}");
            let first = String::from_utf8_lossy(text);
            let first = first.lines().next().unwrap();
            for part in first.split([':', ',', ';']).filter(|p| p.len() > 2) {
                assert!(!e.contains(part), "{part:?} in {e}");
            }
        }
    }
}
