//! The store's schema and its migrations.
//!
//! The schema version is SQLite's `user_version`; [`MIGRATIONS`]`[i]` takes a
//! database from version `i` to `i + 1`, each in its own transaction, when the
//! store is opened read-write. Not for queries: see [`crate::query`].

use std::path::Path;

use rusqlite::Connection;

use crate::{Result, SqlContext, StoreError};

/// Version 1: documents, raw events, de-duplicated events, actors, roll-up.
const V1: &str = r#"
CREATE TABLE documents (
    id                 TEXT PRIMARY KEY,
    url                TEXT,
    title              TEXT,
    date               TEXT,
    source             TEXT,
    content_hash       TEXT NOT NULL,
    chars              INTEGER NOT NULL,
    events             INTEGER NOT NULL,
    coded_at           TEXT NOT NULL,
    coder_version      TEXT NOT NULL,
    dictionary_version TEXT NOT NULL
);
CREATE INDEX documents_content_hash ON documents(content_hash);

CREATE TABLE unique_events (
    id            INTEGER PRIMARY KEY,
    date          TEXT NOT NULL,
    source_code   TEXT NOT NULL,
    target_code   TEXT NOT NULL,
    cameo         TEXT NOT NULL,
    root          TEXT NOT NULL,
    quad_class    INTEGER NOT NULL,
    goldstein     REAL NOT NULL,
    num_mentions  INTEGER NOT NULL,
    num_articles  INTEGER NOT NULL,
    UNIQUE (date, source_code, target_code, cameo)
);
CREATE INDEX unique_events_dyad ON unique_events(source_code, target_code, date);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    doc_id           TEXT NOT NULL,
    sentence         INTEGER NOT NULL,
    date             TEXT,
    source_code      TEXT NOT NULL,
    source_country   TEXT NOT NULL,
    source_sector    TEXT NOT NULL,
    source_text      TEXT NOT NULL,
    source_start     INTEGER,
    source_end       INTEGER,
    target_code      TEXT,
    target_country   TEXT,
    target_sector    TEXT,
    target_text      TEXT,
    target_start     INTEGER,
    target_end       INTEGER,
    cameo            TEXT NOT NULL,
    cameo_name       TEXT NOT NULL,
    root             TEXT NOT NULL,
    quad_class       INTEGER NOT NULL,
    goldstein        REAL NOT NULL,
    plover_type      TEXT NOT NULL,
    plover_mode      TEXT NOT NULL,
    plover_context   TEXT NOT NULL,
    location_name    TEXT,
    location_country TEXT,
    location_lat     REAL,
    location_lon     REAL,
    negated          INTEGER NOT NULL,
    evidence_text    TEXT NOT NULL,
    evidence_verb    TEXT NOT NULL,
    evidence_rule    TEXT NOT NULL,
    sentence_start   INTEGER,
    sentence_end     INTEGER,
    verb_start       INTEGER,
    verb_end         INTEGER,
    unique_id        INTEGER REFERENCES unique_events(id)
);
CREATE INDEX events_doc ON events(doc_id, sentence);
CREATE INDEX events_unique ON events(unique_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_dyad ON events(source_code, target_code);

CREATE TABLE actors (
    code        TEXT PRIMARY KEY,
    country     TEXT NOT NULL,
    sector      TEXT NOT NULL,
    name        TEXT NOT NULL,
    as_source   INTEGER NOT NULL,
    as_target   INTEGER NOT NULL,
    mentions    INTEGER NOT NULL,
    first_date  TEXT,
    last_date   TEXT
);

CREATE TABLE dyad_days (
    source_code   TEXT NOT NULL,
    target_code   TEXT NOT NULL,
    date          TEXT NOT NULL,
    events        INTEGER NOT NULL,
    q1            INTEGER NOT NULL,
    q2            INTEGER NOT NULL,
    q3            INTEGER NOT NULL,
    q4            INTEGER NOT NULL,
    goldstein_sum REAL NOT NULL,
    mentions      INTEGER NOT NULL,
    PRIMARY KEY (source_code, target_code, date)
) WITHOUT ROWID;
CREATE INDEX dyad_days_date ON dyad_days(date);
"#;

/// The migrations, oldest first; the schema version is their count.
pub const MIGRATIONS: &[&str] = &[V1];

/// The schema version this build writes.
pub fn current_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Reads `user_version`.
pub(crate) fn version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .at(path)
}

/// Brings the schema up to [`current_version`], refusing newer files.
pub(crate) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let found = version(conn, path)?;
    let known = current_version();
    if found > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
            .at(path)?;
        // Another process may have migrated while this one waited for the lock.
        if version(&tx, path)? > i as i64 {
            continue;
        }
        tx.execute_batch(sql).at(path)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)
            .at(path)?;
        tx.commit().at(path)?;
    }
    Ok(())
}

/// Checks, for a read-only connection, that the file is a current store.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<()> {
    let found = version(conn, path)?;
    let known = current_version();
    if found > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            known,
        });
    }
    if found < known {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
            found,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_is_idempotent_and_newer_files_are_refused() {
        let dir = std::env::temp_dir().join(format!("dyad-schema-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.db");
        let _ = std::fs::remove_file(&path);
        let store = crate::Store::open(&path).unwrap();
        drop(store);
        let store = crate::Store::open(&path).unwrap();
        assert_eq!(version(&store.conn, &path).unwrap(), current_version());
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        assert!(matches!(
            crate::Store::open(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
