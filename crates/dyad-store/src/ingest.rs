//! Ingest: documents in, coded and stored, resumably.
//!
//! Documents are coded in parallel (rayon, in chunks) by the coding function
//! the caller passes; each coded document goes, in input order, through a bounded channel to the one
//! writer (the calling thread), which commits documents with all their events,
//! the de-duplicated events, actors and roll-ups in batches. A document whose
//! id or content hash is already stored is skipped before coding, so a re-run
//! adds nothing and a run after `kill -9` resumes where the last commit left
//! it. A document that cannot be read or coded is reported and not stored
//! (a later run tries it again); the rest goes on.
//!
//! Not a coder: the caller supplies the coding step.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use dyad_docs::{DocError, Document};
use dyad_event::Event;
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use crate::{content_hash_hex, now_utc, parse_day, Result, SqlContext, Store, StoreError};

/// Documents coded together; results go to the writer in input order, so
/// which of two documents with the same text is kept never depends on timing.
const CHUNK_DOCS: usize = 512;
/// Text bytes per chunk at most (besides the last document).
const CHUNK_BYTES: usize = 64 * 1024 * 1024;

/// How an ingest runs.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Stored with every document: which coder made its events.
    pub coder_version: String,
    /// Stored with every document: which dictionaries the coder used.
    pub dictionary_version: String,
    /// Documents per transaction at most.
    pub batch_size: usize,
    /// A transaction is committed at least this often while documents come in.
    pub commit_interval: Duration,
    /// Coded documents waiting for the writer at most (the channel's bound).
    pub channel_capacity: usize,
    /// Coding threads; `None` uses all cores.
    pub threads: Option<usize>,
    /// Failures kept in the report (all are passed to the observer).
    pub max_reported_failures: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            coder_version: String::new(),
            dictionary_version: String::new(),
            batch_size: 512,
            commit_interval: Duration::from_millis(500),
            channel_capacity: 256,
            threads: None,
            max_reported_failures: 1000,
        }
    }
}

/// Counts so far, passed to [`IngestObserver::progress`] after each commit.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    /// Documents (and unreadable items) taken from the input.
    pub read: u64,
    /// Documents stored.
    pub stored: u64,
    /// Documents already in the store (by id or content hash).
    pub skipped: u64,
    /// Items that failed to read or code.
    pub failed: u64,
    /// Raw event records stored.
    pub events: u64,
    /// Time since the ingest began.
    pub elapsed: Duration,
}

/// A document that could not be read or coded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The document id, or for a reading error the place (`file:line`).
    pub id: String,
    /// What went wrong.
    pub message: String,
}

/// The outcome of an ingest.
#[derive(Debug, Clone, Default)]
pub struct IngestReport {
    /// The final counts.
    pub progress: Progress,
    /// The first failures (up to [`IngestOptions::max_reported_failures`]).
    pub failures: Vec<Failure>,
}

/// Sees an ingest as it goes (a progress bar, a log). Called on the writer thread.
pub trait IngestObserver {
    /// After each commit.
    fn progress(&mut self, _progress: &Progress) {}
    /// For each document that failed.
    fn failure(&mut self, _failure: &Failure) {}
}

impl IngestObserver for () {}

/// What a coding worker sends to the writer.
enum Msg {
    Coded(Box<Coded>),
    Skipped,
    Failed(Failure),
}

/// A coded document without its text.
struct Coded {
    doc: Document,
    hash: String,
    chars: usize,
    events: Vec<Event>,
}

/// A pool of read-only connections for the workers' "already stored?" check.
struct Lookup {
    path: std::path::PathBuf,
    pool: Mutex<Vec<Connection>>,
}

impl Lookup {
    fn contains(&self, id: &str, hash: &str) -> Result<bool> {
        let conn = match self.pool.lock().ok().and_then(|mut p| p.pop()) {
            Some(c) => c,
            None => Connection::open_with_flags(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .at(&self.path)?,
        };
        let found = document_exists(&conn, id, hash).at(&self.path);
        if let Ok(mut p) = self.pool.lock() {
            p.push(conn);
        }
        found
    }
}

/// How often an actor acted, was acted upon, and was mentioned in one update.
pub(crate) struct ActorCounts {
    pub(crate) as_source: i64,
    pub(crate) as_target: i64,
    pub(crate) mentions: i64,
}

/// Adds one actor's counts to the `actors` roll-up, keeping the shortest
/// non-empty name and widening its first and last dates to `day`.
pub(crate) fn upsert_actor(
    conn: &Connection,
    (code, country, sector): (&str, &str, &str),
    name: &str,
    counts: ActorCounts,
    day: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO actors (code, country, sector, name, as_source, as_target, mentions, first_date, last_date)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
         ON CONFLICT (code) DO UPDATE SET
           name = CASE WHEN name = '' OR (excluded.name <> '' AND excluded.name < name) THEN excluded.name ELSE name END,
           as_source = as_source + excluded.as_source,
           as_target = as_target + excluded.as_target,
           mentions = mentions + excluded.mentions,
           first_date = CASE WHEN first_date IS NULL OR excluded.first_date < first_date THEN excluded.first_date ELSE first_date END,
           last_date = CASE WHEN last_date IS NULL OR excluded.last_date > last_date THEN excluded.last_date ELSE last_date END",
    )?
    .execute(params![
        code,
        country,
        sector,
        name,
        counts.as_source,
        counts.as_target,
        counts.mentions,
        day
    ])?;
    Ok(())
}

fn document_exists(conn: &Connection, id: &str, hash: &str) -> rusqlite::Result<bool> {
    let mut st = conn.prepare_cached(
        "SELECT 1 FROM documents WHERE id = ?1 UNION ALL SELECT 1 FROM documents WHERE content_hash = ?2 LIMIT 1",
    )?;
    Ok(st
        .query_row(params![id, hash], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The date an event is counted on: its own, else its document's, when it is a
/// real `YYYY-MM-DD` day; `""` otherwise.
fn event_day(event: &Event, doc: &Document) -> String {
    event
        .date
        .as_deref()
        .filter(|d| parse_day(d).is_some())
        .or(doc.date.as_deref().filter(|d| parse_day(d).is_some()))
        .unwrap_or("")
        .to_string()
}

impl Store {
    /// Codes and stores `docs`. `code` is called in parallel, once per
    /// document not yet stored; its error string is reported with the
    /// document id. Returns when the input is exhausted and all is committed.
    pub fn ingest<I, C>(
        &mut self,
        docs: I,
        code: &C,
        options: &IngestOptions,
        observer: &mut dyn IngestObserver,
    ) -> Result<IngestReport>
    where
        I: Iterator<Item = Result<Document, DocError>> + Send,
        C: Fn(&Document) -> Result<Vec<Event>, String> + Sync,
    {
        let start = Instant::now();
        let lookup = Lookup {
            path: self.path.clone(),
            pool: Mutex::new(Vec::new()),
        };
        let (tx, rx) = sync_channel::<Msg>(options.channel_capacity.max(1));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads.unwrap_or(0))
            .build()
            .map_err(|e| StoreError::Pipeline(e.to_string()))?;
        let mut report = IngestReport::default();
        let path = self.path.clone();
        let lookup_error: Mutex<Option<StoreError>> = Mutex::new(None);

        let written = std::thread::scope(|scope| {
            let lookup = &lookup;
            let lookup_error = &lookup_error;
            scope.spawn(move || {
                let mut docs = docs;
                let process = |item: Result<Document, DocError>| -> Result<Msg> {
                    let doc = match item {
                        Err(e) => {
                            return Ok(Msg::Failed(Failure {
                                id: e.location().to_string(),
                                message: e.to_string(),
                            }))
                        }
                        Ok(doc) => doc,
                    };
                    let hash = content_hash_hex(&doc.text);
                    if lookup.contains(&doc.id, &hash)? {
                        return Ok(Msg::Skipped);
                    }
                    // A panicking coder spoils one document, not the ingest.
                    let coded =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| code(&doc)))
                            .unwrap_or_else(|_| Err("the coder panicked on this document".into()));
                    Ok(match coded {
                        Ok(events) => {
                            let chars = doc.text.chars().count();
                            let doc = Document {
                                text: String::new(),
                                ..doc
                            };
                            Msg::Coded(Box::new(Coded {
                                doc,
                                hash,
                                chars,
                                events,
                            }))
                        }
                        Err(message) => Msg::Failed(Failure {
                            id: doc.id,
                            message,
                        }),
                    })
                };
                loop {
                    // A chunk of documents, coded in parallel, sent in input order.
                    let mut chunk = Vec::new();
                    let mut bytes = 0;
                    while chunk.len() < CHUNK_DOCS && bytes < CHUNK_BYTES {
                        let Some(item) = docs.next() else { break };
                        bytes += item.as_ref().map_or(0, |d| d.text.len());
                        chunk.push(item);
                    }
                    if chunk.is_empty() {
                        return;
                    }
                    let coded: Vec<Result<Msg>> =
                        pool.install(|| chunk.into_par_iter().map(process).collect());
                    for msg in coded {
                        match msg {
                            Ok(m) => {
                                if tx.send(m).is_err() {
                                    return;
                                }
                            }
                            Err(e) => {
                                if let Ok(mut slot) = lookup_error.lock() {
                                    slot.get_or_insert(e);
                                }
                                return;
                            }
                        }
                    }
                }
            });
            let written = self.write_loop(&rx, options, observer, &mut report, start);
            if written.is_err() {
                // Leave the connection usable; what was committed stays.
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            drop(rx);
            written
        });
        if let Some(e) = lookup_error.into_inner().ok().flatten() {
            return Err(e);
        }
        written.map_err(|e| match e {
            StoreError::Sqlite { error, .. } => StoreError::Sqlite { path, error },
            other => other,
        })?;
        report.progress.elapsed = start.elapsed();
        Ok(report)
    }

    /// The writer: drains the channel into batched transactions.
    fn write_loop(
        &mut self,
        rx: &std::sync::mpsc::Receiver<Msg>,
        options: &IngestOptions,
        observer: &mut dyn IngestObserver,
        report: &mut IngestReport,
        start: Instant,
    ) -> Result<()> {
        let path = self.path.clone();
        let coded_at = now_utc();
        let mut in_tx = 0usize;
        let mut tx_started = Instant::now();
        loop {
            let wait = options.commit_interval.saturating_sub(tx_started.elapsed());
            let msg = if in_tx == 0 {
                rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                rx.recv_timeout(wait)
            };
            let msg = match msg {
                Ok(m) => Some(m),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    if in_tx > 0 {
                        self.conn.execute_batch("COMMIT").at(&path)?;
                        report.progress.elapsed = start.elapsed();
                        observer.progress(&report.progress);
                    }
                    return Ok(());
                }
            };
            if let Some(msg) = msg {
                report.progress.read += 1;
                match msg {
                    Msg::Skipped => report.progress.skipped += 1,
                    Msg::Failed(f) => {
                        report.progress.failed += 1;
                        observer.failure(&f);
                        if report.failures.len() < options.max_reported_failures {
                            report.failures.push(f);
                        }
                    }
                    Msg::Coded(coded) => {
                        if in_tx == 0 {
                            self.conn.execute_batch("BEGIN IMMEDIATE").at(&path)?;
                            tx_started = Instant::now();
                        }
                        in_tx += 1;
                        match write_document(&self.conn, &coded, &coded_at, options).at(&path)? {
                            Some(n) => {
                                report.progress.stored += 1;
                                report.progress.events += n as u64;
                            }
                            None => report.progress.skipped += 1,
                        }
                    }
                }
            }
            if in_tx > 0
                && (in_tx >= options.batch_size.max(1)
                    || tx_started.elapsed() >= options.commit_interval)
            {
                self.conn.execute_batch("COMMIT").at(&path)?;
                in_tx = 0;
                report.progress.elapsed = start.elapsed();
                observer.progress(&report.progress);
            }
        }
    }
}

/// Stores one document and its events inside the open transaction; `None`
/// when the document (by id or hash) is already there.
fn write_document(
    conn: &Connection,
    coded: &Coded,
    coded_at: &str,
    options: &IngestOptions,
) -> rusqlite::Result<Option<usize>> {
    let doc = &coded.doc;
    if document_exists(conn, &doc.id, &coded.hash)? {
        return Ok(None);
    }
    conn.prepare_cached(
        "INSERT INTO documents (id, url, title, date, source, content_hash, chars, events, coded_at, coder_version, dictionary_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        doc.id,
        doc.url,
        doc.title,
        doc.date,
        doc.source,
        coded.hash,
        coded.chars as i64,
        coded.events.len() as i64,
        coded_at,
        options.coder_version,
        options.dictionary_version,
    ])?;

    // Group the counted (non-negated) events by their de-duplication key.
    let mut groups: BTreeMap<(String, String, String, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in coded.events.iter().enumerate() {
        if !e.negated {
            let (_, s, t, c) = e.dedup_key();
            groups
                .entry((event_day(e, doc), s, t, c))
                .or_default()
                .push(i);
        }
    }
    let mut unique_of: Vec<Option<i64>> = vec![None; coded.events.len()];
    for ((date, source, target, cameo), members) in &groups {
        let first = &coded.events[members[0]];
        let mentions = members.len() as i64;
        let (uid, articles): (i64, i64) = conn
            .prepare_cached(
                "INSERT INTO unique_events (date, source_code, target_code, cameo, root, quad_class, goldstein, num_mentions, num_articles)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)
                 ON CONFLICT (date, source_code, target_code, cameo) DO UPDATE SET
                   num_mentions = num_mentions + excluded.num_mentions,
                   num_articles = num_articles + 1
                 RETURNING id, num_articles",
            )?
            .query_row(
                params![
                    date,
                    source,
                    target,
                    cameo,
                    first.root,
                    first.quad_class,
                    f64::from(first.goldstein),
                    mentions
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
        let new = i64::from(articles == 1);
        for &m in members {
            unique_of[m] = Some(uid);
        }
        let q = |k: u8| new * i64::from(first.quad_class == k);
        conn.prepare_cached(
            "INSERT INTO dyad_days (source_code, target_code, date, events, q1, q2, q3, q4, goldstein_sum, mentions)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
             ON CONFLICT (source_code, target_code, date) DO UPDATE SET
               events = events + excluded.events, q1 = q1 + excluded.q1, q2 = q2 + excluded.q2,
               q3 = q3 + excluded.q3, q4 = q4 + excluded.q4,
               goldstein_sum = goldstein_sum + excluded.goldstein_sum,
               mentions = mentions + excluded.mentions",
        )?
        .execute(params![
            source,
            target,
            date,
            new,
            q(1),
            q(2),
            q(3),
            q(4),
            new as f64 * f64::from(first.goldstein),
            mentions
        ])?;
        let mut sides = vec![(&first.source, new, 0i64)];
        if let Some(t) = &first.target {
            sides.push((t, 0, new));
        }
        for (actor, as_source, as_target) in sides {
            let day = (!date.is_empty()).then_some(date.as_str());
            let counts = ActorCounts {
                as_source,
                as_target,
                mentions,
            };
            upsert_actor(
                conn,
                (&actor.code, &actor.country, &actor.sector),
                actor.text.trim(),
                counts,
                day,
            )?;
        }
    }

    let mut insert = conn.prepare_cached(
        "INSERT INTO events (doc_id, sentence, date, source_code, source_country, source_sector, source_text, source_start, source_end,
            target_code, target_country, target_sector, target_text, target_start, target_end,
            cameo, cameo_name, root, quad_class, goldstein, plover_type, plover_mode, plover_context,
            location_name, location_country, location_lat, location_lon, negated,
            evidence_text, evidence_verb, evidence_rule, sentence_start, sentence_end, verb_start, verb_end, unique_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                 ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36)",
    )?;
    let span = |s: Option<[usize; 2]>, i: usize| s.map(|s| s[i] as i64);
    for (e, uid) in coded.events.iter().zip(&unique_of) {
        let t = e.target.as_ref();
        let l = e.location.as_ref();
        let context = serde_json::to_string(&e.plover.context).unwrap_or_else(|_| "[]".into());
        let date = e.date.clone().or_else(|| doc.date.clone());
        insert.execute(rusqlite::params_from_iter([
            &coded.doc.id as &dyn rusqlite::ToSql,
            &e.sentence,
            &date,
            &e.source.code,
            &e.source.country,
            &e.source.sector,
            &e.source.text,
            &span(e.source.span, 0),
            &span(e.source.span, 1),
            &t.map(|t| &t.code),
            &t.map(|t| &t.country),
            &t.map(|t| &t.sector),
            &t.map(|t| &t.text),
            &span(t.and_then(|t| t.span), 0),
            &span(t.and_then(|t| t.span), 1),
            &e.cameo,
            &e.cameo_name,
            &e.root,
            &e.quad_class,
            &f64::from(e.goldstein),
            &e.plover.event_type,
            &e.plover.mode,
            &context,
            &l.map(|l| &l.name),
            &l.map(|l| &l.country),
            &l.map(|l| l.lat),
            &l.map(|l| l.lon),
            &e.negated,
            &e.evidence.text,
            &e.evidence.verb,
            &e.evidence.rule,
            &span(e.evidence.sentence_span, 0),
            &span(e.evidence.sentence_span, 1),
            &span(e.evidence.verb_span, 0),
            &span(e.evidence.verb_span, 1),
            uid,
        ]))?;
    }
    Ok(Some(coded.events.len()))
}
