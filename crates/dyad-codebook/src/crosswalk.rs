//! The CAMEO → PLOVER crosswalk: for a CAMEO code, the PLOVER event type,
//! mode and context list.
//!
//! This module parses the crosswalk text (`CODE: TYPE, mode, context # comment`
//! lines) and keeps every row. Fallback from a code without a row to its parent
//! lives in [`crate::Codebook::plover`]; the meaning of PLOVER types, modes and
//! contexts lives in [`crate::manual`].
use crate::cameo::is_code_shape;
use crate::error::CodebookError;

/// The PLOVER coding of one CAMEO code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverMapping {
    /// The PLOVER event type, upper case (`"ACCUSE"`).
    pub event_type: String,
    /// The PLOVER mode, empty when the crosswalk gives none (`"disapprove"`).
    pub mode: String,
    /// The PLOVER contexts, possibly none (`["crime", "corruption"]`).
    pub context: Vec<String>,
}

/// One row of the crosswalk as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrosswalkRow {
    /// The CAMEO code the row is for.
    pub cameo: String,
    /// Its PLOVER coding.
    pub mapping: PloverMapping,
    /// The comment after `#`, usually the CAMEO name.
    pub comment: String,
    /// The 1-based line of the row in its file.
    pub line: usize,
}

/// Parses the crosswalk. Blank lines and lines starting with `#` are skipped;
/// a line of `~` characters ends the table. Every other line must be
/// `CODE: TYPE[, mode[, context[; context...]]] [# comment]`.
pub fn parse_crosswalk(text: &str, file: &str) -> Result<Vec<CrosswalkRow>, CodebookError> {
    let mut rows = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line.chars().all(|c| c == '~') {
            break;
        }
        let (body, comment) = match line.split_once('#') {
            Some((b, c)) => (b.trim(), c.trim()),
            None => (line, ""),
        };
        let Some((code, rest)) = body.split_once(':') else {
            return Err(CodebookError::parse(
                file,
                line_no,
                "expected \"CODE: TYPE, mode, context\"",
            ));
        };
        let code = code.trim();
        if !is_code_shape(code) {
            return Err(CodebookError::parse(
                file,
                line_no,
                format!("{code:?} is not a 2- to 4-digit CAMEO code"),
            ));
        }
        let mut parts = rest.splitn(3, ',').map(str::trim);
        let event_type = parts.next().unwrap_or("");
        if event_type.is_empty() || !event_type.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(CodebookError::parse(
                file,
                line_no,
                format!("PLOVER type {event_type:?} is not an upper-case word"),
            ));
        }
        let mode = parts.next().unwrap_or("");
        if mode.contains(char::is_whitespace) {
            return Err(CodebookError::parse(
                file,
                line_no,
                format!("mode {mode:?} contains a space"),
            ));
        }
        let context: Vec<String> = parts
            .next()
            .unwrap_or("")
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(bad) = context.iter().find(|c| c.contains(char::is_whitespace)) {
            return Err(CodebookError::parse(
                file,
                line_no,
                format!("context {bad:?} contains a space"),
            ));
        }
        rows.push(CrosswalkRow {
            cameo: code.to_string(),
            mapping: PloverMapping {
                event_type: event_type.to_string(),
                mode: mode.to_string(),
                context,
            },
            comment: comment.to_string(),
            line: line_no,
        });
    }
    if rows.is_empty() {
        return Err(CodebookError::Invalid {
            file: file.to_string(),
            message: "no crosswalk rows".into(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_rows_with_modes_contexts_and_comments() {
        let text = "# head\n\n11: ACCUSE\n1121: ACCUSE, allege, crime; corruption # Accuse of crime\n\
                    110: ACCUSE, disapprove,    # Disapprove\n0861: RETREAT, access , peacekeeping\n~~~\n99: JUNK\n";
        let rows = parse_crosswalk(text, "c.txt").unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].cameo, "11");
        assert_eq!(rows[0].mapping.mode, "");
        assert!(rows[0].mapping.context.is_empty());
        assert_eq!(rows[1].mapping.context, vec!["crime", "corruption"]);
        assert_eq!(rows[1].comment, "Accuse of crime");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[2].mapping.mode, "disapprove");
        assert_eq!(rows[3].mapping.mode, "access");
        assert_eq!(rows[3].mapping.context, vec!["peacekeeping"]);
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse_crosswalk("11: ACCUSE\nnonsense\n", "c.txt").unwrap_err();
        assert!(err.to_string().starts_with("c.txt:2:"), "{err}");
        let err = parse_crosswalk("1x: ACCUSE\n", "c.txt").unwrap_err();
        assert!(err.to_string().starts_with("c.txt:1:"), "{err}");
        let err = parse_crosswalk("11: accuse\n", "c.txt").unwrap_err();
        assert!(err.to_string().contains("upper-case"), "{err}");
        assert!(parse_crosswalk("# only comments\n", "c.txt").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,300}") {
            let _ = parse_crosswalk(&text, "p.txt");
        }

        #[test]
        fn well_formed_rows_parse(code in "[0-2][0-9]{1,3}", t in "[A-Z]{3,9}", m in "[a-z-]{0,8}", c in "[a-z_]{0,10}") {
            let text = format!("{code}: {t}, {m}, {c} # note\n");
            let rows = parse_crosswalk(&text, "p.txt").unwrap();
            prop_assert_eq!(&rows[0].cameo, &code);
            prop_assert_eq!(&rows[0].mapping.event_type, &t);
            prop_assert_eq!(&rows[0].mapping.mode, &m);
            prop_assert_eq!(rows[0].mapping.context.len(), usize::from(!c.is_empty()));
        }
    }
}
