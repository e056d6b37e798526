//! Error types of the codebook crate.
//!
//! For reporting what went wrong while reading code tables (with file and
//! line) or parsing an actor code (with the offending unit and its offset);
//! not for anything that happens after a table has been loaded.
use std::path::PathBuf;

/// An error while reading or parsing a codebook table.
#[derive(Debug, thiserror::Error)]
pub enum CodebookError {
    /// A table file could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file that could not be read.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a table is malformed.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file (or embedded table) name.
        file: String,
        /// The 1-based line number.
        line: usize,
        /// What is wrong with the line.
        message: String,
    },
    /// A table is well formed line by line but wrong as a whole.
    #[error("{file}: {message}")]
    Invalid {
        /// The file (or embedded table) name.
        file: String,
        /// What is wrong with the table.
        message: String,
    },
}

impl CodebookError {
    pub(crate) fn parse(file: &str, line: usize, message: impl Into<String>) -> Self {
        CodebookError::Parse {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// An error while parsing a CAMEO actor code such as `RUSGOV`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActorCodeError {
    /// The code is empty (after trimming).
    #[error("empty actor code")]
    Empty,
    /// A character that is not an ASCII letter.
    #[error("actor code {code:?}: byte {offset} is not an ASCII letter")]
    NotALetter {
        /// The code as given (trimmed).
        code: String,
        /// The byte offset of the offending character.
        offset: usize,
    },
    /// The length is not a multiple of three.
    #[error("actor code {code:?}: length {len} is not a multiple of 3")]
    BadLength {
        /// The code as given (trimmed).
        code: String,
        /// Its length in bytes.
        len: usize,
    },
    /// More units than the grammar allows.
    #[error("actor code {code:?}: {units} units, at most {max} allowed")]
    TooLong {
        /// The code as given (trimmed).
        code: String,
        /// The number of 3-letter units.
        units: usize,
        /// The most the grammar allows.
        max: usize,
    },
    /// A 3-letter unit that is in no table.
    #[error("actor code {code:?}: unknown unit {unit:?} at byte {offset}")]
    UnknownUnit {
        /// The code as given (trimmed, upper-cased).
        code: String,
        /// The unknown unit.
        unit: String,
        /// Its byte offset in the code.
        offset: usize,
    },
    /// The first unit is known but cannot start a code (e.g. a sector such as `GOV`).
    #[error("actor code {code:?}: {unit:?} is a {kind}, not a country, region or organisation")]
    BadPrimary {
        /// The code as given (trimmed, upper-cased).
        code: String,
        /// The first unit.
        unit: String,
        /// What the unit is.
        kind: String,
    },
}
