//! CAMEO event codes: the table of two-, three- and four-digit codes with their
//! names, Goldstein scores and QuadClass.
//!
//! This module reads the tab-separated code table and answers questions about
//! one code (its root, parent, class). It does not map codes to PLOVER (see
//! [`crate::crosswalk`]) and it does not decide which code a sentence gets.
use crate::error::CodebookError;

/// One CAMEO event code with its name, Goldstein score and QuadClass.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCode {
    /// The code, two to four ASCII digits (`"112"`).
    pub code: String,
    /// The CAMEO name (`"Accuse, not specified below"`).
    pub name: String,
    /// The Goldstein conflict–cooperation score, -10 to +10.
    pub goldstein: f32,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
}

impl EventCode {
    /// The two-digit root (`"11"` for `"1121"`).
    pub fn root(&self) -> &str {
        root_of(&self.code)
    }

    /// The code one level up: `"112"` for `"1121"`, `"11"` for `"112"`, `None` for a root.
    pub fn parent(&self) -> Option<&str> {
        parent_of(&self.code)
    }

    /// The number of digits, 2 to 4.
    pub fn level(&self) -> usize {
        self.code.len()
    }

    /// The name of this code's QuadClass.
    pub fn quad_class_name(&self) -> &'static str {
        quad_class_name(self.quad_class)
    }
}

/// The English name of a QuadClass number; `"unknown"` outside 1–4.
pub fn quad_class_name(quad_class: u8) -> &'static str {
    match quad_class {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => "unknown",
    }
}

/// The QuadClass the standard CAMEO rule gives a root: 01–05 → 1, 06–09 → 2,
/// 10–14 → 3, 15–20 → 4; `None` for anything else.
pub fn quad_class_of_root(root: &str) -> Option<u8> {
    if root.len() != 2 || !root.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=9 => Some(2),
        10..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// The first two characters of a code (the whole code if shorter).
pub fn root_of(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// The parent of a CAMEO code: drop the last digit, but never below two digits.
pub fn parent_of(code: &str) -> Option<&str> {
    if code.len() > 2 {
        code.get(..code.len() - 1)
    } else {
        None
    }
}

/// True when `code` has the shape of a CAMEO event code: 2 to 4 ASCII digits.
pub fn is_code_shape(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit())
}

/// Parses the event-code table: a header line `code name goldstein quad_class`
/// (tab-separated; the `quad_class` column may be missing or empty, in which
/// case the root rule fills it), then one code per line. Lines starting with
/// `#` and blank lines are skipped. `file` names the source in errors.
pub fn parse_event_table(text: &str, file: &str) -> Result<Vec<EventCode>, CodebookError> {
    let mut out: Vec<EventCode> = Vec::new();
    let mut header_seen = false;
    let mut has_quad = false;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !header_seen {
            header_seen = true;
            if fields.first().map(|f| f.eq_ignore_ascii_case("code")) == Some(true) {
                has_quad = fields.len() >= 4;
                continue;
            }
            return Err(CodebookError::parse(
                file,
                line_no,
                "expected a header line starting with \"code\"",
            ));
        }
        if fields.len() < 3 {
            return Err(CodebookError::parse(
                file,
                line_no,
                format!(
                    "expected at least 3 tab-separated fields, found {}",
                    fields.len()
                ),
            ));
        }
        let code = fields[0];
        if !is_code_shape(code) {
            return Err(CodebookError::parse(
                file,
                line_no,
                format!("{code:?} is not a 2- to 4-digit CAMEO code"),
            ));
        }
        let name = fields[1];
        if name.is_empty() {
            return Err(CodebookError::parse(file, line_no, "empty name"));
        }
        let goldstein: f32 = fields[2].parse().map_err(|_| {
            CodebookError::parse(
                file,
                line_no,
                format!("Goldstein score {:?} is not a number", fields[2]),
            )
        })?;
        if !(-10.0..=10.0).contains(&goldstein) {
            return Err(CodebookError::parse(
                file,
                line_no,
                format!("Goldstein score {goldstein} outside -10..=10"),
            ));
        }
        let rule = quad_class_of_root(root_of(code));
        let quad_field = if has_quad {
            fields.get(3).copied()
        } else {
            None
        };
        let quad_class = match quad_field {
            Some(q) if !q.is_empty() => match q.parse::<u8>() {
                Ok(n @ 1..=4) => n,
                _ => {
                    return Err(CodebookError::parse(
                        file,
                        line_no,
                        format!("QuadClass {q:?} is not 1, 2, 3 or 4"),
                    ))
                }
            },
            _ => rule.ok_or_else(|| {
                CodebookError::parse(file, line_no, format!("no QuadClass for root of {code}"))
            })?,
        };
        out.push(EventCode {
            code: code.to_string(),
            name: name.to_string(),
            goldstein,
            quad_class,
        });
    }
    if out.is_empty() {
        return Err(CodebookError::Invalid {
            file: file.to_string(),
            message: "no event codes".into(),
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    for pair in out.windows(2) {
        if pair[0].code == pair[1].code {
            return Err(CodebookError::Invalid {
                file: file.to_string(),
                message: format!("code {} appears twice", pair[0].code),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_rows_and_derives_missing_quad_class() {
        let text = "code\tname\tgoldstein\n11\tDisapprove\t-2.0\n112\tAccuse\t-2\n";
        let codes = parse_event_table(text, "t.tsv").unwrap();
        assert_eq!(codes.len(), 2);
        assert_eq!(codes[1].code, "112");
        assert_eq!(codes[1].quad_class, 3);
        assert_eq!(codes[1].root(), "11");
        assert_eq!(codes[1].parent(), Some("11"));
        assert_eq!(codes[0].parent(), None);
    }

    #[test]
    fn errors_carry_file_and_line() {
        let text = "code\tname\tgoldstein\tquad_class\n01\tx\t0\t1\n1x\ty\t0\t1\n";
        let err = parse_event_table(text, "t.tsv").unwrap_err().to_string();
        assert!(err.starts_with("t.tsv:3:"), "{err}");
        let text = "code\tname\tgoldstein\tquad_class\n01\tx\tzero\t1\n";
        let err = parse_event_table(text, "t.tsv").unwrap_err().to_string();
        assert!(err.starts_with("t.tsv:2:") && err.contains("zero"), "{err}");
        let text = "code\tname\tgoldstein\tquad_class\n01\tx\t0\t7\n";
        assert!(parse_event_table(text, "t.tsv").is_err());
        let text = "code\tname\tgoldstein\tquad_class\n01\tx\t0\t1\n01\ty\t0\t1\n";
        assert!(parse_event_table(text, "t.tsv")
            .unwrap_err()
            .to_string()
            .contains("twice"));
    }

    #[test]
    fn root_rule() {
        assert_eq!(quad_class_of_root("01"), Some(1));
        assert_eq!(quad_class_of_root("05"), Some(1));
        assert_eq!(quad_class_of_root("06"), Some(2));
        assert_eq!(quad_class_of_root("09"), Some(2));
        assert_eq!(quad_class_of_root("10"), Some(3));
        assert_eq!(quad_class_of_root("14"), Some(3));
        assert_eq!(quad_class_of_root("15"), Some(4));
        assert_eq!(quad_class_of_root("20"), Some(4));
        assert_eq!(quad_class_of_root("21"), None);
        assert_eq!(quad_class_of_root("00"), None);
        assert_eq!(quad_class_of_root("1"), None);
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}") {
            let _ = parse_event_table(&text, "p.tsv");
        }

        #[test]
        fn valid_rows_round_trip(code in "[0-2][0-9]{1,3}", g in -10.0f32..10.0) {
            let text = format!("code\tname\tgoldstein\n{code}\tSome name\t{g}\n");
            match quad_class_of_root(root_of(&code)) {
                Some(q) => {
                    let rows = parse_event_table(&text, "p.tsv").unwrap();
                    prop_assert_eq!(&rows[0].code, &code);
                    prop_assert_eq!(rows[0].quad_class, q);
                    prop_assert!((rows[0].goldstein - g).abs() < 1e-3);
                }
                None => prop_assert!(parse_event_table(&text, "p.tsv").is_err()),
            }
        }
    }
}
