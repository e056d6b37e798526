//! The server's view of the store: a small pool of read-only connections
//! (each a `dyad_store::Reader` plus a raw read-only SQLite connection for
//! the two queries the store lacks: the actor network and whether an actor
//! code is known) and, when ingest is allowed, the one writer.
//!
//! Every SQL statement here is a fixed string with bound parameters; user
//! values never become SQL text. Not for: query logic the store already has.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use dyad_store::{Reader, Store, StoreError};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

/// One pooled read-only connection pair.
pub struct Conn {
    /// The store's reader.
    pub reader: Reader,
    raw: Connection,
    path: PathBuf,
}

/// The store as the server uses it.
pub struct Db {
    path: PathBuf,
    pool: Mutex<Vec<Conn>>,
    pool_max: usize,
    writer: Option<Mutex<Store>>,
}

/// An edge of the actor network: events from `source` to `target`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source actor (code or country part).
    pub source: String,
    /// Target actor.
    pub target: String,
    /// De-duplicated events.
    pub events: u64,
    /// Mean Goldstein score of those events.
    pub goldstein_mean: f64,
    /// Raw mentions.
    pub mentions: u64,
}

/// How actors are grouped in the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// By the three-letter country or organisation part.
    Country,
    /// By the full actor code.
    Actor,
}

fn sql_err(path: &Path, error: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        error,
    }
}

/// Checks an actor code or prefix: 1 to 32 ASCII letters and digits.
pub fn actor_code(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_uppercase();
    (!s.is_empty() && s.len() <= 32 && s.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(s)
}

const NETWORK_COUNTRY: &str = "SELECT s, t, sum(events), sum(goldstein_sum), sum(mentions) FROM (
    SELECT substr(source_code, 1, 3) AS s, substr(target_code, 1, 3) AS t, events, goldstein_sum, mentions
    FROM dyad_days
    WHERE target_code <> '' AND date <> '' AND (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2))
  WHERE s <> t GROUP BY s, t ORDER BY 3 DESC, s, t LIMIT ?3";

const NETWORK_ACTOR: &str =
    "SELECT source_code, target_code, sum(events), sum(goldstein_sum), sum(mentions)
  FROM dyad_days
  WHERE target_code <> '' AND source_code <> target_code AND date <> ''
    AND (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)
  GROUP BY source_code, target_code ORDER BY 3 DESC, 1, 2 LIMIT ?3";

impl Conn {
    fn open(path: &Path) -> Result<Conn, StoreError> {
        let reader = Reader::open(path)?;
        let raw = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| sql_err(path, e))?;
        raw.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| sql_err(path, e))?;
        Ok(Conn {
            reader,
            raw,
            path: path.to_path_buf(),
        })
    }

    /// Whether any actor code starts with `prefix` (already checked by [`actor_code`]).
    pub fn actor_known(&self, prefix: &str) -> Result<bool, StoreError> {
        self.raw
            .query_row(
                "SELECT 1 FROM actors WHERE code GLOB ?1 LIMIT 1",
                [format!("{prefix}*")],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
            .map_err(|e| sql_err(&self.path, e))
    }

    /// The `limit` heaviest directed edges between different actors, over
    /// dated de-duplicated events between `from` and `to` (inclusive, when given).
    pub fn network(
        &self,
        level: Level,
        from: Option<&str>,
        to: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Edge>, StoreError> {
        let sql = match level {
            Level::Country => NETWORK_COUNTRY,
            Level::Actor => NETWORK_ACTOR,
        };
        let mut st = self.raw.prepare(sql).map_err(|e| sql_err(&self.path, e))?;
        let rows = st
            .query_map(rusqlite::params![from, to, i64::from(limit)], |r| {
                let events = r.get::<_, i64>(2)?.max(0) as u64;
                let sum: f64 = r.get(3)?;
                Ok(Edge {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    events,
                    goldstein_mean: if events > 0 { sum / events as f64 } else { 0.0 },
                    mentions: r.get::<_, i64>(4)?.max(0) as u64,
                })
            })
            .map_err(|e| sql_err(&self.path, e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| sql_err(&self.path, e))
    }
}

impl Db {
    /// Opens the store at `path`: read-only (it must exist), or read-write
    /// (created if needed) when `writable`.
    pub fn open(path: &Path, writable: bool, pool_max: usize) -> Result<Db, StoreError> {
        let writer = if writable {
            Some(Mutex::new(Store::open(path)?))
        } else {
            None
        };
        let first = Conn::open(path)?;
        Ok(Db {
            path: path.to_path_buf(),
            pool: Mutex::new(vec![first]),
            pool_max: pool_max.max(1),
            writer,
        })
    }

    /// The store file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether ingest is possible.
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    /// Runs `f` on a pooled read-only connection (blocking; call from the blocking pool).
    pub fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Conn) -> Result<T, E>,
    ) -> Result<T, E> {
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let conn = match pooled {
            Some(c) => c,
            None => Conn::open(&self.path)?,
        };
        let out = f(&conn);
        if let Ok(mut p) = self.pool.lock() {
            if p.len() < self.pool_max {
                p.push(conn);
            }
        }
        out
    }

    /// Runs `f` with the writer (blocking); `None` when the store is read-only.
    pub fn write<T>(&self, f: impl FnOnce(&mut Store) -> T) -> Option<T> {
        let w = self.writer.as_ref()?;
        let mut guard = match w.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        Some(f(&mut guard))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn actor_codes_are_checked() {
        assert_eq!(actor_code(" srb ").as_deref(), Some("SRB"));
        assert_eq!(actor_code("' OR 1=1 --"), None);
        assert_eq!(actor_code("SRB*"), None);
        assert_eq!(actor_code(""), None);
        assert_eq!(actor_code(&"A".repeat(33)), None);
    }

    proptest! {
        #[test]
        fn accepted_codes_are_alphanumeric(s in "\\PC{0,40}") {
            if let Some(c) = actor_code(&s) {
                prop_assert!(c.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
            }
        }
    }
}
