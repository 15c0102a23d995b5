//! Case ids that look like identifiers. A CSV cohort keeps the id column the plan names (the
//! hospital's pseudonym), but an id that is a Norwegian national identity number, or equal to a
//! PatientID in a DICOM header, is named in a warning (by its line, never its value) by
//! `provestein check` and in the run's report.json (`cohort.identifier_warnings`).

/// A Norwegian fødselsnummer or D-number: 11 digits, a plausible date (DDMMYY; a D-number adds 4
/// to the first digit, an H-number 4 to the third, a synthetic test number 8 to it) and both
/// mod-11 check digits right (weights 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2).
pub fn is_fodselsnummer(value: &str) -> bool {
    let v = value.trim();
    if v.len() != 11 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let d: Vec<u32> = v.bytes().map(|b| u32::from(b - b'0')).collect();
    let day = d[0] * 10 + d[1];
    let month = d[2] * 10 + d[3];
    let day_ok = (1..=31).contains(&day) || (41..=71).contains(&day);
    let month_ok = [0, 40, 80]
        .iter()
        .any(|o| (o + 1..=o + 12).contains(&month));
    day_ok && month_ok && check_digits(&d[..9]) == Some((d[9], d[10]))
}

/// The two check digits of a fødselsnummer's first nine digits (None when one would be 10:
/// no valid number has those nine digits).
pub fn check_digits(first9: &[u32]) -> Option<(u32, u32)> {
    let digit = |sum: u32| match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    };
    let w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    let k1 = digit(first9.iter().zip(w1).map(|(a, b)| a * b).sum())?;
    let w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let k2 = digit(
        first9
            .iter()
            .chain(std::iter::once(&k1))
            .zip(w2)
            .map(|(a, b)| a * b)
            .sum(),
    )?;
    Some((k1, k2))
}

/// Warnings for ids (with their line) that look like identifiers: fødselsnumre, and values
/// equal to a PatientID the headers hold (`patient_id`). At most the first five lines are
/// named; the count covers all.
pub fn warnings<'a>(
    ids: impl Iterator<Item = (u64, &'a str)>,
    patient_id: impl Fn(&str) -> bool,
    what: &str,
) -> Vec<String> {
    let mut fnr = Vec::new();
    let mut pid = Vec::new();
    for (line, id) in ids {
        if is_fodselsnummer(id) {
            fnr.push(line);
        } else if patient_id(id) {
            pid.push(line);
        }
    }
    let lines = |l: &[u64]| {
        let shown: Vec<String> = l.iter().take(5).map(|n| n.to_string()).collect();
        format!(
            "line{} {}{}",
            if l.len() > 1 { "s" } else { "" },
            shown.join(", "),
            if l.len() > 5 { ", …" } else { "" }
        )
    };
    let mut out = Vec::new();
    if !fnr.is_empty() {
        out.push(format!(
            "{} {what} value(s) look like Norwegian national identity numbers (11 digits with valid check digits; {}). Ids are written to predictions.csv and the report: use a pseudonym",
            fnr.len(),
            lines(&fnr)
        ));
    }
    if !pid.is_empty() {
        out.push(format!(
            "{} {what} value(s) equal a PatientID in the DICOM headers ({}). Ids are written to predictions.csv and the report: use a pseudonym",
            pid.len(),
            lines(&pid)
        ));
    }
    out
}

/// `provestein check`: the warnings for a CSV cohort's id column (nothing for DICOM cohorts,
/// whose ids are pseudonyms made by Prøvestein). Reads the cohort file, nothing else.
pub fn check_plan(plan: &crate::Plan) -> crate::Result<Vec<String>> {
    let (crate::plan::CohortKind::Csv, Some(id)) = (plan.cohort.kind, plan.cohort.id.as_deref())
    else {
        return Ok(Vec::new());
    };
    let table = crate::cohort::table::Table::read(&plan.resolve(&plan.cohort.path), "cohort")?;
    let col = table.column(id, "id column")?;
    Ok(warnings(
        table
            .rows
            .iter()
            .map(|(line, r)| (line, crate::cohort::table::field(r, col))),
        |_| false,
        &format!("\"{id}\""),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid number from nine digits (the check digits computed as the algorithm says).
    fn with_check(first9: &str) -> String {
        let d: Vec<u32> = first9.bytes().map(|b| u32::from(b - b'0')).collect();
        let (k1, k2) = check_digits(&d).unwrap();
        format!("{first9}{k1}{k2}")
    }

    #[test]
    fn published_examples_and_d_numbers_are_recognised() {
        // Check digits 6 and 0 computed independently (Python, the weights above).
        assert!(is_fodselsnummer("01010750160"));
        assert!(!is_fodselsnummer("01010750161"), "second check digit off");
        assert!(!is_fodselsnummer("01010750150"), "first check digit off");
        let d = with_check("410107501"); // D-number: day + 40
        assert!(is_fodselsnummer(&d), "{d}");
        assert!(
            !is_fodselsnummer(&with_check("321307501")),
            "day 32, month 13"
        );
        assert!(!is_fodselsnummer("0101075016"), "10 digits");
        assert!(!is_fodselsnummer("case-0123456789"));
    }

    #[test]
    fn warnings_name_lines_never_values() {
        let fnr = "01010750160";
        let ids = [(2, fnr), (3, "P-0001"), (4, "MRN-77"), (5, "x")];
        let w = warnings(ids.into_iter(), |v| v == "MRN-77", "id");
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("line 2") && !w[0].contains(fnr), "{}", w[0]);
        assert!(
            w[1].contains("line 4") && !w[1].contains("MRN-77"),
            "{}",
            w[1]
        );
        assert!(warnings([(2, "P-1")].into_iter(), |_| false, "id").is_empty());
    }
}
