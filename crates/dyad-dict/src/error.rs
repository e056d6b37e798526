//! Error types of the dictionary layer.
//!
//! Two levels: [`LineError`] is one unreadable line (file and line number, what was wrong);
//! it never stops a load. [`DictError`] is a failure that stops one operation (a file that
//! cannot be read, a file whose format cannot be told). Not for: errors of the coder.
use std::path::PathBuf;
use std::sync::Arc;

/// What was wrong with one dictionary line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineErrorKind {
    /// A code in `[...]` is missing where the format requires one.
    #[error("no code in [...] on this line")]
    MissingCode,
    /// A `[...]` code is malformed (unclosed, empty, blanks in it).
    #[error("malformed code {0:?}")]
    BadCode(String),
    /// A date or date restriction could not be read.
    #[error("bad date: {0}")]
    BadDate(String),
    /// A line that continues an entry appears where no entry is open.
    #[error("{0} with no open entry before it")]
    Orphan(&'static str),
    /// A phrase is empty after removing markers.
    #[error("empty phrase")]
    EmptyPhrase,
    /// Brackets or braces do not balance.
    #[error("unbalanced {0}")]
    Unbalanced(&'static str),
    /// A verb pattern could not be read.
    #[error("bad pattern: {0}")]
    BadPattern(String),
    /// A pattern or synset member uses a synset that has not been defined before it.
    #[error("undefined synset {0}")]
    UndefinedSynset(String),
    /// A transformation line could not be read.
    #[error("bad transformation: {0}")]
    BadTransformation(String),
    /// A substitution set (`!NAME! = a, b`) could not be read or is unknown.
    #[error("bad substitution set: {0}")]
    BadSubstitution(String),
    /// Text after the code that is neither a comment nor blank.
    #[error("unexpected text {0:?}")]
    Trailing(String),
    /// A line of the project format starts with an unknown keyword.
    #[error("unknown record {0:?}")]
    UnknownRecord(String),
    /// A line is longer than the reader accepts.
    #[error("line longer than {0} bytes")]
    TooLong(usize),
    /// The line is not valid UTF-8.
    #[error("not valid UTF-8")]
    Encoding,
}

/// One unreadable dictionary line: file, 1-based line number and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {kind}")]
pub struct LineError {
    /// The file name as given to the reader.
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u32,
    /// What was wrong.
    pub kind: LineErrorKind,
}

/// A failure that stops one dictionary operation.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is larger than the readers accept.
    #[error("{path}: {size} bytes is more than the {limit} bytes a dictionary file may have")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The kind of a PETRARCH file cannot be told from its name.
    #[error("cannot tell which PETRARCH dictionary {0} is from its name (expected a name containing verbs/CAMEO, actors, agents, discards, issue or prepositions)")]
    UnknownKind(PathBuf),
    /// A directory holds no dictionary files.
    #[error("no *.dyad dictionary files in {0}")]
    EmptyDirectory(PathBuf),
    /// The dictionaries loaded with line errors where none are allowed (the embedded set).
    #[error("{count} unreadable dictionary lines, first: {first}")]
    Lines {
        /// How many lines were unreadable.
        count: usize,
        /// The first of them.
        first: Box<LineError>,
    },
}
