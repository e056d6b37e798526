//! `dyad-docs`: the readers that turn files of news into [`Document`]s.
//!
//! It reads plain text files (one document per file), JSON lines (plain or
//! gzip, one document per line), WARC files of crawled news (plain or gzip,
//! HTML reduced to article text) and folders of any of these, recursively and
//! in a sorted, deterministic order. Every reader is lazy: it yields
//! `Result<Document, DocError>` one item at a time and holds at most one
//! document (capped at [`MAX_DOC_BYTES`]) in memory. An error spoils only the
//! item it names (file, line, byte offset); the stream goes on after it.
//!
//! It is not for coding events or storing them: see `dyad-coder` and
//! `dyad-store`.
#![deny(missing_docs)]

pub mod html;
mod io;
mod jsonl;
mod warc;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use jsonl::JsonLines;
pub use warc::WarcReader;

/// The largest document (text, JSON line or WARC record) a reader accepts, in bytes.
pub const MAX_DOC_BYTES: usize = 16 * 1024 * 1024;

/// One news document, as read; nothing about it is coded yet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// A stable identifier: the JSON `id`, the WARC record id, or the file stem.
    pub id: String,
    /// The publication date as given (`YYYY-MM-DD` when it could be read as one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The article text.
    pub text: String,
    /// Where the document was found on the web.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The publisher or feed (the URL's host for WARC records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Where in the input an error happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A whole file.
    File(PathBuf),
    /// A 1-based line of a JSON lines file.
    Line(PathBuf, u64),
    /// A byte offset into a (decompressed) file, e.g. the start of a WARC record.
    Offset(PathBuf, u64),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(p) => write!(f, "{}", p.display()),
            Location::Line(p, l) => write!(f, "{}:{l}", p.display()),
            Location::Offset(p, o) => write!(f, "{}: byte {o}", p.display()),
        }
    }
}

/// Why one document (or one file) could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DocError {
    /// The file could not be opened or read.
    #[error("{at}: {source}")]
    Io {
        /// Where.
        at: Location,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON line is not a valid document.
    #[error("{at}: invalid JSON document: {message}")]
    Json {
        /// Where.
        at: Location,
        /// What the JSON parser said.
        message: String,
    },
    /// A JSON line has no `text` field.
    #[error("{at}: document has no \"text\" field")]
    MissingText {
        /// Where.
        at: Location,
    },
    /// The document is bigger than [`MAX_DOC_BYTES`].
    #[error("{at}: document of {size} bytes or more exceeds the limit of {limit} bytes")]
    TooLarge {
        /// Where.
        at: Location,
        /// The size seen (at least).
        size: u64,
        /// The limit.
        limit: usize,
    },
    /// The text is not UTF-8.
    #[error("{at}: text is not valid UTF-8 (at byte {offset} of the document)")]
    Encoding {
        /// Where.
        at: Location,
        /// The offset of the first bad byte within the document.
        offset: usize,
    },
    /// A WARC record is malformed.
    #[error("{at}: malformed WARC record: {message}")]
    Warc {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
}

impl DocError {
    /// Where the error happened.
    pub fn location(&self) -> &Location {
        match self {
            DocError::Io { at, .. }
            | DocError::Json { at, .. }
            | DocError::MissingText { at }
            | DocError::TooLarge { at, .. }
            | DocError::Encoding { at, .. }
            | DocError::Warc { at, .. } => at,
        }
    }
}

/// The kind of a file, recognised by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object a line.
    JsonLines,
    /// A WARC file.
    Warc,
    /// A plain text file: one document.
    Text,
}

/// A lazy stream of documents.
pub type DocIter = Box<dyn Iterator<Item = Result<Document, DocError>> + Send>;

/// Reads one file, recognising gzip, JSON lines (first non-blank byte `{`),
/// WARC (`WARC/` at the start) or else plain text.
pub fn read_file(path: &Path) -> DocIter {
    match io::open_sniffed(path) {
        Ok((Format::JsonLines, reader)) => Box::new(JsonLines::new(reader, path.to_path_buf())),
        Ok((Format::Warc, reader)) => Box::new(WarcReader::new(reader, path.to_path_buf())),
        Ok((Format::Text, reader)) => Box::new(std::iter::once(io::read_text(reader, path))),
        Err(source) => Box::new(std::iter::once(Err(DocError::Io {
            at: Location::File(path.to_path_buf()),
            source,
        }))),
    }
}

/// Reads files and folders (recursively, in sorted order, skipping hidden
/// entries) as one lazy stream of documents.
pub fn read_paths<I, P>(paths: I) -> Documents
where
    I: IntoIterator<Item = P>,
    P: Into<PathBuf>,
{
    let mut pending: Vec<PathBuf> = paths.into_iter().map(Into::into).collect();
    pending.reverse();
    Documents {
        pending,
        current: None,
    }
}

/// The stream of documents returned by [`read_paths`].
pub struct Documents {
    /// Paths still to visit, the next one last.
    pending: Vec<PathBuf>,
    current: Option<DocIter>,
}

impl Iterator for Documents {
    type Item = Result<Document, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(current) = self.current.as_mut() {
                if let Some(item) = current.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let path = self.pending.pop()?;
            let meta = match fs::metadata(&path) {
                Ok(m) => m,
                Err(source) => {
                    return Some(Err(DocError::Io {
                        at: Location::File(path),
                        source,
                    }))
                }
            };
            if meta.is_dir() {
                match list_dir(&path) {
                    Ok(mut children) => {
                        children.reverse();
                        self.pending.extend(children);
                    }
                    Err(source) => {
                        return Some(Err(DocError::Io {
                            at: Location::File(path),
                            source,
                        }))
                    }
                }
            } else {
                self.current = Some(read_file(&path));
            }
        }
    }
}

/// The visible entries of a folder, sorted by name; symbolic links to folders
/// are not followed (so a link loop cannot trap the walk).
fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_symlink() && entry.path().is_dir() {
            continue;
        }
        out.push(entry.path());
    }
    out.sort();
    Ok(out)
}

/// Reduces a date-like string to `YYYY-MM-DD` when it starts with one
/// (`2023-05-27T10:00:00Z` → `2023-05-27`, `20230527` → `2023-05-27`); other
/// strings come back trimmed, empty ones as `None`.
pub fn normalize_date(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10)
    {
        return Some(s[..10].to_string());
    }
    if digits(0..8) && !b.get(8).is_some_and(u8::is_ascii_digit) {
        return Some(format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..8]));
    }
    Some(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_reduced_to_days() {
        assert_eq!(
            normalize_date("2023-05-27T10:00:00Z").as_deref(),
            Some("2023-05-27")
        );
        assert_eq!(normalize_date(" 20230527 ").as_deref(), Some("2023-05-27"));
        assert_eq!(
            normalize_date("May 27, 2023").as_deref(),
            Some("May 27, 2023")
        );
        assert_eq!(normalize_date("  "), None);
        assert_eq!(normalize_date("2023-5").as_deref(), Some("2023-5"));
    }

    #[test]
    fn walk_is_sorted_recursive_and_skips_hidden() {
        let dir = std::env::temp_dir().join(format!("dyad-docs-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("b/inner")).unwrap();
        fs::write(dir.join("a.txt"), "first").unwrap();
        fs::write(dir.join("b/inner/c.txt"), "third").unwrap();
        fs::write(dir.join("b/b.txt"), "second").unwrap();
        fs::write(dir.join(".hidden"), "never").unwrap();
        fs::write(
            dir.join("d.jsonl"),
            "{\"id\":\"x\",\"text\":\"fourth\"}\n\n{\"text\":\"fifth\"}\n",
        )
        .unwrap();
        let docs: Vec<Document> = read_paths([&dir]).map(|d| d.unwrap()).collect();
        let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["first", "second", "third", "fourth", "fifth"]);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[3].id, "x");
        assert_eq!(docs[4].id, format!("{}:3", dir.join("d.jsonl").display()));
        let missing: Vec<_> = read_paths([dir.join("nope")]).collect();
        assert!(matches!(missing.as_slice(), [Err(DocError::Io { .. })]));
        fs::remove_dir_all(&dir).unwrap();
    }
}
