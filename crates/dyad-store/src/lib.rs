//! `dyad-store`: the embedded event store.
//!
//! Coded events live in one SQLite file (WAL mode, no server): documents,
//! the raw per-sentence event records, de-duplicated events (one per date,
//! source, target and CAMEO code, with mention and article counts, as GDELT
//! counts them), actors, and a per-dyad-per-day roll-up kept current on
//! ingest so that trends never scan the event table. [`Store`] owns the one
//! read-write connection and ingests ([`ingest`]); [`Reader`] opens read-only
//! connections for queries ([`query`]) and exports ([`export`]: JSON lines,
//! CSV, GDELT 2.0 event table, partitioned Parquet).
//!
//! It is not the coder: ingest takes the coding step as a parameter, so this
//! crate never makes events up. The schema is in [`schema`] and the README.
#![deny(missing_docs)]

pub mod export;
pub mod import;
pub mod ingest;
pub mod query;
pub mod schema;

use std::path::{Path, PathBuf};

pub use dyad_docs;
pub use export::{ExportFormat, UniqueEvent};
pub use import::ImportReport;
pub use ingest::{Failure, IngestObserver, IngestOptions, IngestReport, Progress};
pub use query::{
    ActorRow, DyadCounts, EventFilter, Page, Period, Reader, StoredDocument, StoredEvent, TrendRow,
};

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed on the database at `path`.
    #[error("{path}: {error}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        error: rusqlite::Error,
    },
    /// The database was written by a newer dyad.
    #[error(
        "{path}: schema version {found} is newer than this dyad knows ({known}); upgrade dyad"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// The file is not a dyad store (or is an empty one opened read-only).
    #[error("{path}: not a dyad store (schema version {found})")]
    NotAStore {
        /// The database file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
    },
    /// An argument is not acceptable (bad date, bad actor code, ...).
    #[error("invalid {what}: {message}")]
    Invalid {
        /// What was invalid.
        what: &'static str,
        /// Why.
        message: String,
    },
    /// Writing an export failed.
    #[error("{path}: {error}")]
    Io {
        /// The file written.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// The Parquet writer failed.
    #[error("{path}: parquet: {error}")]
    Parquet {
        /// The file written.
        path: PathBuf,
        /// The Parquet error.
        error: parquet::errors::ParquetError,
    },
    /// The ingest's writer thread or pipeline broke down.
    #[error("ingest pipeline failed: {0}")]
    Pipeline(String),
}

/// Shorthand for results of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Attaches a path to a SQLite error.
pub(crate) trait SqlContext<T> {
    fn at(self, path: &Path) -> Result<T>;
}

impl<T> SqlContext<T> for rusqlite::Result<T> {
    fn at(self, path: &Path) -> Result<T> {
        self.map_err(|error| StoreError::Sqlite {
            path: path.to_path_buf(),
            error,
        })
    }
}

/// The read-write store: one connection, used by one writer.
pub struct Store {
    conn: rusqlite::Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, in WAL mode, migrating
    /// its schema to the current version.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let mut conn = rusqlite::Connection::open(&path).at(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .at(&path)?;
        conn.pragma_update(None, "journal_mode", "WAL").at(&path)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .at(&path)?;
        schema::migrate(&mut conn, &path)?;
        Ok(Store { conn, path })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Opens a read-only connection to the same file.
    pub fn reader(&self) -> Result<Reader> {
        Reader::open(&self.path)
    }
}

/// The 64-bit FNV-1a hash of `bytes`: the store's content hash of a document text.
pub fn content_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The content hash as the 16 hex digits stored in `documents.content_hash`.
pub fn content_hash_hex(text: &str) -> String {
    format!("{:016x}", content_hash(text.as_bytes()))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Parses `YYYY-MM-DD` (a real calendar day) into its parts.
pub(crate) fn parse_day(s: &str) -> Option<(i64, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    let len = days_from_civil(ny, nm, 1) - days_from_civil(y, m, 1);
    (i64::from(d) <= len).then_some((y, m, d))
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fnv_matches_known_values() {
        assert_eq!(content_hash(b""), 0xcbf29ce484222325);
        assert_eq!(content_hash(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(content_hash_hex("a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn days_parse_and_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2023, 5, 29), 19506);
        assert_eq!(parse_day("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(parse_day("2023-02-29"), None);
        assert_eq!(parse_day("2023-13-01"), None);
        assert_eq!(parse_day("2023-1-01"), None);
        assert!(now_utc().ends_with('Z'));
    }

    proptest! {
        #[test]
        fn civil_round_trips(z in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(z);
            prop_assert_eq!(days_from_civil(y, m, d), z);
        }

        #[test]
        fn parse_day_never_panics(s in "\\PC{0,12}") {
            let _ = parse_day(&s);
        }
    }
}
