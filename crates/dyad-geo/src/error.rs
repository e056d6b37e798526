//! Error type of the gazetteer crate: reading the shipped gazetteer or the
//! GeoNames source it is built from, with file, line and what was wrong.
//! Not used for lookups, which cannot fail.
use std::path::PathBuf;

/// An error while loading or building a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
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
        /// What is wrong.
        message: String,
    },
    /// A file is wrong as a whole (missing section, bad compression, bad JSON).
    #[error("{file}: {message}")]
    Invalid {
        /// The file (or embedded table) name.
        file: String,
        /// What is wrong.
        message: String,
    },
}

impl GeoError {
    pub(crate) fn parse(file: &str, line: usize, message: impl Into<String>) -> Self {
        GeoError::Parse {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        GeoError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
