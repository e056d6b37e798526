//! PLOVER event types, their modes, and the general contexts, extracted from
//! the LaTeX source of the PLOVER manual.
//!
//! The extractor knows just enough of the manual's structure: the chapter
//! `Event Categories` has one `\section{TYPE}` per event type, with
//! `\subsection{Requires recipient: …}`, `\subsection{Quad category: …}` and
//! mode tables (`tabular` environments whose header row is `Name & Content`);
//! the general contexts are the rows of the `longtable` labelled
//! `tab:general-contexts`. It is not a LaTeX parser: [`latex_to_text`] only
//! strips the markup those tables and paragraphs use.
use crate::error::CodebookError;

/// A PLOVER event type as the manual defines it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverType {
    /// The type's name, upper case (`"ASSAULT"`).
    pub name: String,
    /// The first paragraph of the definition, markup stripped.
    pub definition: String,
    /// Whether the type requires a recipient, when the manual says.
    pub requires_recipient: Option<bool>,
    /// The quad category, 1–4 as for CAMEO's QuadClass, when the manual says.
    pub quad_class: Option<u8>,
    /// The type's modes, in manual order.
    pub modes: Vec<PloverMode>,
    /// The 1-based line of the `\section` in the manual.
    pub line: usize,
}

/// One mode of a PLOVER event type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverMode {
    /// The mode's name (`"firearms"`).
    pub name: String,
    /// What the mode covers, markup stripped.
    pub description: String,
}

/// One PLOVER context (usable with any event type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PloverContext {
    /// The context's name (`"human_rights"`).
    pub name: String,
    /// What the context covers, markup stripped.
    pub description: String,
}

/// What [`parse_manual`] extracts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PloverManual {
    /// The event types, in manual order.
    pub types: Vec<PloverType>,
    /// The general contexts, in manual order.
    pub contexts: Vec<PloverContext>,
}

/// Removes LaTeX comments: everything from an unescaped `%` to the end of the line.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'%' => return &line[..i],
            _ => i += 1,
        }
    }
    line
}

/// The argument of `\name{...}` at the start of `line` (after whitespace), if any.
fn command_arg<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let rest = line.trim_start().strip_prefix('\\')?.strip_prefix(name)?;
    let rest = rest.strip_prefix('{')?;
    let mut depth = 1usize;
    for (i, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&rest[..i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Converts a fragment of LaTeX to plain text: commands are dropped but their
/// brace arguments kept (`\textit{x}` → `x`), except reference-like commands
/// whose argument is dropped too (`\label`, `\ref`, `\autoref`, `\cite`…);
/// `\_` and friends become the character, TeX quotes and dashes become
/// Unicode, `~` a space, `$` is dropped; whitespace is collapsed.
pub fn latex_to_text(s: &str) -> String {
    const DROP_ARG: &[&str] = &[
        "label", "ref", "autoref", "cite", "citep", "citet", "url", "hline", "cline",
    ];
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                i += 1;
                let Some(&next) = chars.get(i) else { break };
                if !next.is_ascii_alphabetic() {
                    // `\\` is a line break; `\_`, `\&` … are the character.
                    out.push(if next == '\\' { ' ' } else { next });
                    i += 1;
                    continue;
                }
                let start = i;
                while i < chars.len() && chars[i].is_ascii_alphabetic() {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                match name.as_str() {
                    "ldots" | "dots" => out.push_str("..."),
                    "AA" => out.push('Å'),
                    _ => {}
                }
                // An optional argument is always dropped.
                if chars.get(i) == Some(&'[') {
                    while i < chars.len() && chars[i] != ']' {
                        i += 1;
                    }
                    i += 1;
                }
                if DROP_ARG.contains(&name.as_str()) && chars.get(i) == Some(&'{') {
                    let mut depth = 0usize;
                    while i < chars.len() {
                        match chars[i] {
                            '{' => depth += 1,
                            '}' => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    i += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                }
            }
            '{' | '}' | '$' => i += 1,
            '~' => {
                out.push(' ');
                i += 1;
            }
            '`' if chars.get(i + 1) == Some(&'`') => {
                out.push('"');
                i += 2;
            }
            '\'' if chars.get(i + 1) == Some(&'\'') => {
                out.push('"');
                i += 2;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 3;
                } else {
                    out.push('–');
                    i += 2;
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits the body of a tabular environment into rows of cells (rows end at
/// `\\`), dropping `\hline` and empty rows.
fn table_rows(body: &str) -> Vec<Vec<String>> {
    body.split("\\\\")
        .map(|row| {
            row.replace("\\hline", " ")
                .replace("\\cline{1-2}", " ")
                .trim()
                .to_string()
        })
        .filter(|row| !row.is_empty())
        .map(|row| split_cells(&row))
        .collect()
}

/// Splits a row at unescaped `&`.
fn split_cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut prev_backslash = false;
    for c in row.chars() {
        if c == '&' && !prev_backslash {
            cells.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
        prev_backslash = c == '\\' && !prev_backslash;
    }
    cells.push(cur);
    cells
}

/// Turns `Name & Content` table rows into (name, description) pairs; a row
/// with an empty first cell continues the previous row's description.
fn name_rows(rows: &[Vec<String>]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for cells in rows {
        let name = latex_to_text(cells.first().map(String::as_str).unwrap_or(""));
        let desc = latex_to_text(&cells.get(1..).unwrap_or(&[]).join(" "));
        if name.eq_ignore_ascii_case("name") || name.eq_ignore_ascii_case("code") {
            continue;
        }
        if name.is_empty() {
            if let Some(last) = out.last_mut() {
                if !desc.is_empty() {
                    last.1.push(' ');
                    last.1.push_str(&desc);
                }
            }
            continue;
        }
        out.push((name, desc));
    }
    out
}

fn quad_from_words(words: &str) -> Option<u8> {
    let w = words.trim().to_ascii_uppercase();
    match w.as_str() {
        "VERBAL COOPERATION" => Some(1),
        "MATERIAL COOPERATION" => Some(2),
        "VERBAL CONFLICT" => Some(3),
        "MATERIAL CONFLICT" => Some(4),
        _ => None,
    }
}

/// Extracts the event types (with modes) and the general contexts from the
/// PLOVER manual's LaTeX. Fails, naming the line, when the manual lacks the
/// `Event Categories` chapter, a type has a malformed name, or no contexts table is found.
pub fn parse_manual(text: &str, file: &str) -> Result<PloverManual, CodebookError> {
    let lines: Vec<&str> = text.lines().map(strip_comment).collect();
    let mut manual = PloverManual::default();

    // Event types.
    let start = lines
        .iter()
        .position(|l| command_arg(l, "chapter").map(str::trim) == Some("Event Categories"))
        .ok_or_else(|| CodebookError::Invalid {
            file: file.to_string(),
            message: "no \\chapter{Event Categories}".into(),
        })?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| command_arg(l, "chapter").is_some())
        .map_or(lines.len(), |p| start + 1 + p);
    let mut current: Option<PloverType> = None;
    let mut in_intro = false;
    let mut intro = String::new();
    let mut table: Option<String> = None;
    for (offset, line) in lines[start + 1..end].iter().enumerate() {
        let line_no = start + 2 + offset;
        if let Some(body) = table.as_mut() {
            if line.contains("\\end{tabular}") {
                let rows = table_rows(body);
                if let Some(t) = current.as_mut() {
                    for (name, description) in name_rows(&rows) {
                        t.modes.push(PloverMode { name, description });
                    }
                }
                table = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
            continue;
        }
        if let Some(name) = command_arg(line, "section") {
            if let Some(mut t) = current.take() {
                t.definition = first_paragraph(&intro);
                manual.types.push(t);
            }
            let name = latex_to_text(name);
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
                return Err(CodebookError::parse(
                    file,
                    line_no,
                    format!("event type {name:?} is not an upper-case word"),
                ));
            }
            current = Some(PloverType {
                name,
                definition: String::new(),
                requires_recipient: None,
                quad_class: None,
                modes: Vec::new(),
                line: line_no,
            });
            intro.clear();
            in_intro = true;
            continue;
        }
        if let Some(sub) = command_arg(line, "subsection") {
            in_intro = false;
            if let Some(t) = current.as_mut() {
                if let Some(v) = sub.strip_prefix("Requires recipient:") {
                    t.requires_recipient = match v.trim().to_ascii_lowercase().as_str() {
                        "yes" => Some(true),
                        "no" => Some(false),
                        _ => None,
                    };
                } else if let Some(v) = sub.strip_prefix("Quad category:") {
                    t.quad_class = quad_from_words(v);
                }
            }
            continue;
        }
        if line.contains("\\begin{tabular}") {
            in_intro = false;
            table = Some(String::new());
            continue;
        }
        if in_intro {
            intro.push_str(line);
            intro.push('\n');
        }
    }
    if let Some(mut t) = current.take() {
        t.definition = first_paragraph(&intro);
        manual.types.push(t);
    }
    if manual.types.is_empty() {
        return Err(CodebookError::Invalid {
            file: file.to_string(),
            message: "no event types under \\chapter{Event Categories}".into(),
        });
    }

    // General contexts.
    let label = lines
        .iter()
        .position(|l| l.contains("\\label{tab:general-contexts}"))
        .ok_or_else(|| CodebookError::Invalid {
            file: file.to_string(),
            message: "no table labelled tab:general-contexts".into(),
        })?;
    let body_start = lines[label..]
        .iter()
        .position(|l| l.contains("\\endlastfoot"))
        .map(|p| label + p + 1)
        .ok_or_else(|| {
            CodebookError::parse(file, label + 1, "contexts table has no \\endlastfoot")
        })?;
    let body_end = lines[body_start..]
        .iter()
        .position(|l| l.contains("\\end{longtable}"))
        .map(|p| body_start + p)
        .ok_or_else(|| CodebookError::parse(file, body_start, "contexts table is not closed"))?;
    let body = lines[body_start..body_end].join("\n");
    for (name, description) in name_rows(&table_rows(&body)) {
        manual.contexts.push(PloverContext { name, description });
    }
    if manual.contexts.is_empty() {
        return Err(CodebookError::parse(
            file,
            label + 1,
            "contexts table has no rows",
        ));
    }
    Ok(manual)
}

fn first_paragraph(text: &str) -> String {
    text.split("\n\n")
        .map(latex_to_text)
        .find(|p| !p.is_empty())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SAMPLE: &str = r"\chapter{Intro}
\begin{longtable}{|p{.21\textwidth}|L{.73\textwidth}|}
\caption{General contexts}
\label{tab:general-contexts} \\
\hline
Name & Content \\
\endlastfoot
\hyperref[context:military]{military} & military, \textit{excluding} militia \\
human\_rights & unspecified ``human rights'' \\
\end{longtable}
\chapter{Event Categories}
\section{AGREE}

Agree to, offer---or promise.

Second paragraph.
\subsection{Requires recipient: No}
\subsection{Quad category: VERBAL COOPERATION}
\section{THREATEN}
Threaten.
\subsection{Requires recipient: Yes}
\begin{tabular}{|l|l|}
\hline
Name & Content \\
\hline
restrict & Restrict movement  \\
& as well as bans \\
%return & commented out \\
arrest & Arrest, detain 50\% \\
\hline
\end{tabular}
\subsection{Quad category: MATERIAL CONFLICT}
\chapter{Contexts}
\section{Military}
";

    #[test]
    fn extracts_types_modes_and_contexts() {
        let m = parse_manual(SAMPLE, "m.tex").unwrap();
        assert_eq!(m.types.len(), 2);
        let agree = &m.types[0];
        assert_eq!(agree.name, "AGREE");
        assert_eq!(agree.definition, "Agree to, offer—or promise.");
        assert_eq!(agree.requires_recipient, Some(false));
        assert_eq!(agree.quad_class, Some(1));
        assert!(agree.modes.is_empty());
        let threaten = &m.types[1];
        assert_eq!(threaten.requires_recipient, Some(true));
        assert_eq!(threaten.quad_class, Some(4));
        let names: Vec<&str> = threaten.modes.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["restrict", "arrest"]);
        assert_eq!(
            threaten.modes[0].description,
            "Restrict movement as well as bans"
        );
        assert_eq!(threaten.modes[1].description, "Arrest, detain 50%");
        assert_eq!(m.contexts.len(), 2);
        assert_eq!(m.contexts[0].name, "military");
        assert_eq!(m.contexts[0].description, "military, excluding militia");
        assert_eq!(m.contexts[1].name, "human_rights");
        assert_eq!(m.contexts[1].description, "unspecified \"human rights\"");
    }

    #[test]
    fn latex_markup_is_stripped() {
        assert_eq!(
            latex_to_text(r"\plcat{ACCUSE} `disapprove'"),
            "ACCUSE `disapprove'"
        );
        assert_eq!(
            latex_to_text(r"see \autoref{chapter:contexts} now"),
            "see now"
        );
        assert_eq!(latex_to_text(r"a\_b \& c~d"), "a_b & c d");
        assert_eq!(latex_to_text(r"\hyperref[x:y]{name}"), "name");
        assert_eq!(latex_to_text("1--2 a---b \\ldots"), "1–2 a—b ...");
    }

    #[test]
    fn missing_structure_is_an_error() {
        assert!(parse_manual("no chapters here", "m.tex").is_err());
        let no_contexts = "\\chapter{Event Categories}\n\\section{AGREE}\n";
        let err = parse_manual(no_contexts, "m.tex").unwrap_err().to_string();
        assert!(err.contains("general-contexts"), "{err}");
        let bad_type = "\\chapter{Event Categories}\n\\section{Agree things}\n";
        let err = parse_manual(bad_type, "m.tex").unwrap_err().to_string();
        assert!(err.starts_with("m.tex:2:"), "{err}");
    }

    proptest! {
        #[test]
        fn latex_to_text_never_panics(s in "\\PC{0,200}") {
            let t = latex_to_text(&s);
            prop_assert!(!t.contains("  "));
        }

        #[test]
        fn parse_manual_never_panics(s in "(\\\\chapter\\{Event Categories\\}\n|\\\\section\\{[A-Z]{1,5}\\}\n|\\\\begin\\{tabular\\}\n|\\\\end\\{tabular\\}\n|[a-z&\\\\ ]{0,10}\n|\\\\label\\{tab:general-contexts\\}\n|\\\\endlastfoot\n|\\\\end\\{longtable\\}\n){0,12}") {
            let _ = parse_manual(&s, "p.tex");
        }
    }
}
