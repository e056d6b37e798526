//! Readers for the PETRARCH dictionary formats (verbs, actors, agents, discards, issues,
//! prepositions), as documented in PETRARCH2's `dictionaries.rst`.
//!
//! Every line of a file is accounted for: it is either read (entries, comments, blank
//! lines) or reported as a [`LineError`] with file and line; a bad line never stops the
//! rest of the file. Not for: writing PETRARCH files (dyad writes its own format, see
//! [`crate::format`]).
use std::path::Path;
use std::sync::Arc;

use crate::error::{DictError, LineError, LineErrorKind};
use crate::model::{normalize_code, DictionarySet, Origin};

mod actors;
pub(crate) mod agents;
mod lists;
pub(crate) mod verbs;

/// Longest line the readers accept, in bytes.
pub const MAX_LINE: usize = 64 * 1024;
/// Largest file the readers accept, in bytes.
pub const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Which PETRARCH dictionary a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Verb dictionary (`CAMEO.2.0.txt`, `*.verbs.txt`).
    Verbs,
    /// Actor dictionary (`*.actors.txt`).
    Actors,
    /// Agent dictionary (`*.agents.txt`).
    Agents,
    /// Discard list (`*.discards.txt`).
    Discards,
    /// Issue dictionary (`*Issue*.txt`, `*.issues.txt`).
    Issues,
    /// Preposition list (`*.prepositions.txt`).
    Prepositions,
    /// CountryInfo (`CountryInfo.*.txt`), the country list PETRARCH's actors were made
    /// from; read by [`crate::countryinfo`], not by [`read_str`].
    CountryInfo,
}

impl Kind {
    /// Tells the kind from a file name, as PETRARCH's files are named.
    pub fn from_name(path: &Path) -> Option<Kind> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.starts_with("countryinfo") {
            Some(Kind::CountryInfo)
        } else if name.contains("verbs") || name.starts_with("cameo") {
            Some(Kind::Verbs)
        } else if name.contains("actors") {
            Some(Kind::Actors)
        } else if name.contains("agents") {
            Some(Kind::Agents)
        } else if name.contains("discards") {
            Some(Kind::Discards)
        } else if name.contains("issue") {
            Some(Kind::Issues)
        } else if name.contains("preposition") {
            Some(Kind::Prepositions)
        } else {
            None
        }
    }
}

/// The account of one file: how many lines it has, how many were read, which were not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// The file name as given.
    pub file: Arc<str>,
    /// Its kind.
    pub kind: Kind,
    /// Lines in the file (a last line without a newline counts).
    pub total: u32,
    /// Lines read: entries, comments and blank lines.
    pub read: u32,
    /// Lines reported, at most one error per line; `read + errors.len() == total`.
    pub errors: Vec<LineError>,
}

/// A line handler of one format.
pub(crate) trait LineReader {
    /// Reads one line (without its newline); comments in `<!-- -->` are handled before.
    fn line(
        &mut self,
        origin: &Origin,
        text: &str,
        set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind>;
}

/// Reads one PETRARCH file's text into `set`.
pub fn read_str(kind: Kind, file: &str, text: &str, set: &mut DictionarySet) -> FileReport {
    match kind {
        Kind::Actors => run(kind, file, text, set, &mut actors::ActorReader::default()),
        Kind::Agents => run(kind, file, text, set, &mut agents::AgentReader::default()),
        Kind::Verbs => run(kind, file, text, set, &mut verbs::VerbReader::default()),
        Kind::Discards => run(kind, file, text, set, &mut lists::DiscardReader),
        Kind::Issues => run(kind, file, text, set, &mut lists::IssueReader::default()),
        Kind::Prepositions => run(kind, file, text, set, &mut lists::PrepositionReader),
        Kind::CountryInfo => crate::countryinfo::read_str(file, text).1,
    }
}

/// Reads one PETRARCH file, its kind told from its name.
pub fn read_file(path: &Path, set: &mut DictionarySet) -> Result<FileReport, DictError> {
    let kind = Kind::from_name(path).ok_or_else(|| DictError::UnknownKind(path.into()))?;
    let bytes = read_bytes(path)?;
    let name = path.to_string_lossy();
    Ok(read_bytes_as(kind, &name, &bytes, set))
}

/// Reads files of any PETRARCH kinds, in order, into one set.
pub fn read_files<P: AsRef<Path>>(
    paths: &[P],
) -> Result<(DictionarySet, Vec<FileReport>), DictError> {
    let mut set = DictionarySet::default();
    let mut reports = Vec::new();
    for p in paths {
        reports.push(read_file(p.as_ref(), &mut set)?);
    }
    Ok((set, reports))
}

/// Reads a file's bytes, refusing files over [`MAX_FILE`].
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, DictError> {
    let io = |source| DictError::Io {
        path: path.into(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE {
        return Err(DictError::TooLarge {
            path: path.into(),
            size,
            limit: MAX_FILE,
        });
    }
    std::fs::read(path).map_err(io)
}

/// Reads a file's bytes; lines that are not UTF-8 are reported, not guessed.
pub fn read_bytes_as(kind: Kind, file: &str, bytes: &[u8], set: &mut DictionarySet) -> FileReport {
    match std::str::from_utf8(bytes) {
        Ok(text) => read_str(kind, file, text, set),
        Err(_) => {
            // Keep the good lines; mark the bad ones so they are reported.
            let mut bad = Vec::new();
            let mut text = String::with_capacity(bytes.len());
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                match std::str::from_utf8(line) {
                    Ok(l) => text.push_str(l),
                    Err(_) => bad.push(i as u32 + 1),
                }
            }
            let mut report = read_str(kind, file, &text, set);
            let file: Arc<str> = file.into();
            for line in bad {
                report.errors.retain(|e| e.line != line);
                report.errors.push(LineError {
                    file: file.clone(),
                    line,
                    kind: LineErrorKind::Encoding,
                });
            }
            report.errors.sort_by_key(|e| e.line);
            report.read = report.total - report.errors.len() as u32;
            report
        }
    }
}

pub(crate) fn run(
    kind: Kind,
    file: &str,
    text: &str,
    set: &mut DictionarySet,
    reader: &mut dyn LineReader,
) -> FileReport {
    let file: Arc<str> = file.into();
    let mut report = FileReport {
        file: file.clone(),
        kind,
        total: 0,
        read: 0,
        errors: Vec::new(),
    };
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        report.total += 1;
        let origin = Origin {
            file: file.clone(),
            line: i as u32 + 1,
        };
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let result = if line.len() > MAX_LINE {
            Err(LineErrorKind::TooLong(MAX_LINE))
        } else if in_comment || line.trim_start().starts_with("<!--") {
            in_comment = !line.contains("-->");
            Ok(())
        } else {
            reader.line(&origin, line, set)
        };
        match result {
            Ok(()) => report.read += 1,
            Err(kind) => report.errors.push(LineError {
                file: file.clone(),
                line: origin.line,
                kind,
            }),
        }
    }
    report
}

/// Splits a line at its first `#` outside `[...]` into content and comment (`[###]` is
/// a code, not a comment).
pub(crate) fn split_comment(line: &str) -> (&str, &str) {
    let mut depth = 0u32;
    for (i, b) in line.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'#' if depth == 0 => return (&line[..i], &line[i + 1..]),
            _ => {}
        }
    }
    (line, "")
}

/// Whether a character may appear in a code: letters, digits and `- ~ _ : + # / ?`
/// (`+++`, `###` and `ELR/GAL` occur in PETRARCH's validation dictionaries).
pub(crate) fn code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '~' | '_' | ':' | '+' | '#' | '/' | '?')
}

/// Reads the `[...]` groups of `s` (which must hold nothing else but blanks); returns the
/// inner texts.
pub(crate) fn bracket_groups(s: &str) -> Result<Vec<&str>, LineErrorKind> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let Some(inner) = rest.strip_prefix('[') else {
            return Err(LineErrorKind::Trailing(rest.chars().take(40).collect()));
        };
        let end = inner.find(']').ok_or(LineErrorKind::Unbalanced("[ ]"))?;
        out.push(inner[..end].trim());
        rest = inner[end + 1..].trim_start();
    }
    Ok(out)
}

/// Checks and normalises an actor or agent code (see [`code_char`]); upper-cased; `KSV`
/// mapped to `KOS`.
pub(crate) fn check_code(code: &str) -> Result<Box<str>, LineErrorKind> {
    if code.is_empty() || !code.chars().all(code_char) {
        return Err(LineErrorKind::BadCode(code.chars().take(40).collect()));
    }
    Ok(normalize_code(&code.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kinds_from_names() {
        let k = |s: &str| Kind::from_name(Path::new(s));
        assert_eq!(k("CAMEO.2.0.txt"), Some(Kind::Verbs));
        assert_eq!(k("PETR.Validate.verbs.txt"), Some(Kind::Verbs));
        assert_eq!(k("Phoenix.Countries.actors.txt"), Some(Kind::Actors));
        assert_eq!(k("Phoenix.agents.txt"), Some(Kind::Agents));
        assert_eq!(k("Phoenix.discards.txt"), Some(Kind::Discards));
        assert_eq!(k("Phoenix.IssueCoding.txt"), Some(Kind::Issues));
        assert_eq!(k("Phoenix.prepositions.txt"), Some(Kind::Prepositions));
        assert_eq!(k("notes.txt"), None);
    }

    #[test]
    fn multi_line_xml_comments_are_read() {
        let text = "<!-- one\n# two\n-->\nHAMAS [PSEREBHMS]\n";
        let mut set = DictionarySet::default();
        let r = read_str(Kind::Actors, "t.actors.txt", text, &mut set);
        assert_eq!((r.total, r.read), (4, 4));
        assert_eq!(set.actors.len(), 1);
    }

    #[test]
    fn non_utf8_lines_are_reported() {
        let bytes = b"HAMAS [PSEREBHMS]\nBAD\xff [XXX]\nISRAEL [ISR]\n";
        let mut set = DictionarySet::default();
        let r = read_bytes_as(Kind::Actors, "t.actors.txt", bytes, &mut set);
        assert_eq!((r.total, r.read, r.errors.len()), (3, 2, 1));
        assert_eq!(r.errors[0].to_string(), "t.actors.txt:2: not valid UTF-8");
        assert_eq!(set.actors.len(), 2);
    }

    proptest! {
        #[test]
        fn every_line_accounted_for(text in "[-+~&!<>#\\[\\]{}()$%^*:= \tA-Z_a-z0-9\n]{0,300}") {
            for kind in [Kind::Verbs, Kind::Actors, Kind::Agents, Kind::Discards, Kind::Issues, Kind::Prepositions] {
                let mut set = DictionarySet::default();
                let r = read_str(kind, "p.txt", &text, &mut set);
                prop_assert_eq!(r.total as usize, text.lines().count());
                prop_assert_eq!(r.read as usize + r.errors.len(), r.total as usize);
            }
        }
    }
}
