//! Queries over the store on read-only connections: filtered events, dyad
//! trends (from the roll-up), top actors, one document, and raw SQL.
//!
//! Every query that takes user values binds them as parameters. Not for
//! writing: [`crate::Store`] is the one writer.

use std::path::{Path, PathBuf};

use dyad_event::{Actor, Event, Evidence, Location, Plover};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row};
use serde::Serialize;

use crate::{civil_from_days, days_from_civil, parse_day, schema, Result, SqlContext, StoreError};

/// The most rows one page returns.
pub const MAX_PAGE: u32 = 10_000;

/// A read-only view of a store.
pub struct Reader {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

/// Which events to return; every field narrows the selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub to: Option<String>,
    /// Source actor code prefix (`SRB` matches `SRBGOV`).
    pub source: Option<String>,
    /// Target actor code prefix.
    pub target: Option<String>,
    /// Actor code prefix on either side.
    pub actor: Option<String>,
    /// CAMEO code prefix (`19` matches `190` and `1951`).
    pub cameo: Option<String>,
    /// QuadClass, 1 to 4.
    pub quad_class: Option<u8>,
    /// Words that the evidence sentence contains (case-insensitive for ASCII).
    pub text: Option<String>,
    /// Only events of this document.
    pub doc_id: Option<String>,
    /// Also return negated events (raw events only; never counted).
    pub include_negated: bool,
}

/// A page of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return, at most [`MAX_PAGE`].
    pub limit: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            offset: 0,
            limit: 100,
        }
    }
}

/// A raw event record as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    /// Row id in `events`.
    pub id: i64,
    /// The de-duplicated event it counts towards (none when negated).
    pub unique_id: Option<i64>,
    /// The record.
    pub event: Event,
}

/// A stored document with its events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDocument {
    /// Document id.
    pub id: String,
    /// URL.
    pub url: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Publication date as read.
    pub date: Option<String>,
    /// Publisher.
    pub source: Option<String>,
    /// FNV-1a 64 of the text, hex.
    pub content_hash: String,
    /// Length of the text in characters.
    pub chars: i64,
    /// When it was coded.
    pub coded_at: String,
    /// Coder version.
    pub coder_version: String,
    /// Dictionary version.
    pub dictionary_version: String,
    /// Its events, in sentence order.
    pub events: Vec<StoredEvent>,
}

/// Time buckets of a trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Period {
    /// `YYYY-MM-DD`.
    Day,
    /// The Monday that starts an ISO week, `YYYY-MM-DD`.
    Week,
    /// `YYYY-MM`.
    Month,
    /// `YYYY`.
    Year,
}

impl std::str::FromStr for Period {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Period> {
        match s {
            "day" => Ok(Period::Day),
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(StoreError::Invalid {
                what: "period",
                message: format!("{s:?} (expected day, week, month or year)"),
            }),
        }
    }
}

/// Counts of one direction of a dyad in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct DyadCounts {
    /// De-duplicated events.
    pub events: u64,
    /// Events per QuadClass 1 to 4.
    pub quad: [u64; 4],
    /// Summed Goldstein score of the events.
    pub goldstein: f64,
    /// Raw mentions (event records).
    pub mentions: u64,
}

/// One period of a dyad's trend, both directions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendRow {
    /// The period's label (see [`Period`]).
    pub period: String,
    /// A acting on B.
    pub forward: DyadCounts,
    /// B acting on A.
    pub backward: DyadCounts,
}

/// An actor and how active it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorRow {
    /// CAMEO actor code.
    pub code: String,
    /// Country or organisation part.
    pub country: String,
    /// Sector part.
    pub sector: String,
    /// A name the text used for it.
    pub name: String,
    /// De-duplicated events with it as source.
    pub as_source: u64,
    /// De-duplicated events with it as target.
    pub as_target: u64,
    /// Raw mentions on either side.
    pub mentions: u64,
    /// First day seen.
    pub first_date: Option<String>,
    /// Last day seen.
    pub last_date: Option<String>,
}

/// Checks an actor or CAMEO code prefix: letters and digits only.
pub(crate) fn code_prefix(what: &'static str, s: &str) -> Result<String> {
    let s = s.trim().to_ascii_uppercase();
    if s.is_empty() || s.len() > 32 || !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(StoreError::Invalid {
            what,
            message: format!("{s:?} (letters and digits expected)"),
        });
    }
    Ok(s)
}

/// Checks a `YYYY-MM-DD` day.
pub(crate) fn day(what: &'static str, s: &str) -> Result<String> {
    parse_day(s.trim())
        .map(|_| s.trim().to_string())
        .ok_or_else(|| StoreError::Invalid {
            what,
            message: format!("{s:?} (YYYY-MM-DD expected)"),
        })
}

/// A WHERE clause under construction.
#[derive(Default)]
pub(crate) struct Where {
    pub(crate) clauses: Vec<String>,
    pub(crate) params: Vec<Value>,
}

impl Where {
    pub(crate) fn push(&mut self, clause: &str, values: Vec<Value>) {
        let mut c = String::with_capacity(clause.len() + 8);
        let mut values = values.into_iter();
        for (i, part) in clause.split('?').enumerate() {
            if i > 0 {
                if let Some(v) = values.next() {
                    self.params.push(v);
                }
                c.push_str(&format!("?{}", self.params.len()));
            }
            c.push_str(part);
        }
        self.clauses.push(c);
    }

    pub(crate) fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// Adds the filter's conditions over table alias `t` (which has `date`,
    /// `source_code`, `target_code`, `cameo`, `quad_class`).
    pub(crate) fn filter(&mut self, t: &str, f: &EventFilter) -> Result<()> {
        let glob = |p: String| Value::Text(format!("{p}*"));
        if let Some(d) = &f.from {
            self.push(
                &format!("{t}.date >= ?"),
                vec![Value::Text(day("from date", d)?)],
            );
        }
        if let Some(d) = &f.to {
            self.push(
                &format!("{t}.date <= ?"),
                vec![Value::Text(day("to date", d)?)],
            );
        }
        if f.from.is_some() || f.to.is_some() {
            self.push(&format!("{t}.date <> ''"), vec![]);
        }
        if let Some(s) = &f.source {
            self.push(
                &format!("{t}.source_code GLOB ?"),
                vec![glob(code_prefix("source", s)?)],
            );
        }
        if let Some(s) = &f.target {
            self.push(
                &format!("{t}.target_code GLOB ?"),
                vec![glob(code_prefix("target", s)?)],
            );
        }
        if let Some(s) = &f.actor {
            let g = glob(code_prefix("actor", s)?);
            self.push(
                &format!("({t}.source_code GLOB ? OR {t}.target_code GLOB ?)"),
                vec![g.clone(), g],
            );
        }
        if let Some(s) = &f.cameo {
            self.push(
                &format!("{t}.cameo GLOB ?"),
                vec![glob(code_prefix("CAMEO code", s)?)],
            );
        }
        if let Some(q) = f.quad_class {
            if !(1..=4).contains(&q) {
                return Err(StoreError::Invalid {
                    what: "QuadClass",
                    message: format!("{q} (1 to 4 expected)"),
                });
            }
            self.push(
                &format!("{t}.quad_class = ?"),
                vec![Value::Integer(i64::from(q))],
            );
        }
        Ok(())
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(crate) const EVENT_COLUMNS: &str = "e.id, e.unique_id, e.doc_id, e.sentence, e.date,
    e.source_code, e.source_country, e.source_sector, e.source_text, e.source_start, e.source_end,
    e.target_code, e.target_country, e.target_sector, e.target_text, e.target_start, e.target_end,
    e.cameo, e.cameo_name, e.root, e.quad_class, e.goldstein, e.plover_type, e.plover_mode, e.plover_context,
    e.location_name, e.location_country, e.location_lat, e.location_lon, e.negated,
    e.evidence_text, e.evidence_verb, e.evidence_rule, e.sentence_start, e.sentence_end, e.verb_start, e.verb_end";

/// Rebuilds an event from a row of [`EVENT_COLUMNS`].
pub(crate) fn stored_event(r: &Row<'_>) -> rusqlite::Result<StoredEvent> {
    let span = |a: usize, b: usize| -> rusqlite::Result<Option<[usize; 2]>> {
        let s: Option<i64> = r.get(a)?;
        let e: Option<i64> = r.get(b)?;
        Ok(match (s, e) {
            (Some(s), Some(e)) => Some([s.max(0) as usize, e.max(0) as usize]),
            _ => None,
        })
    };
    let target = match r.get::<_, Option<String>>(11)? {
        Some(code) => Some(Actor {
            code,
            country: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
            sector: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
            text: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            span: span(15, 16)?,
        }),
        None => None,
    };
    let location = match r.get::<_, Option<String>>(25)? {
        Some(name) => Some(Location {
            name,
            country: r.get::<_, Option<String>>(26)?.unwrap_or_default(),
            lat: r.get::<_, Option<f64>>(27)?.unwrap_or_default(),
            lon: r.get::<_, Option<f64>>(28)?.unwrap_or_default(),
        }),
        None => None,
    };
    let context: String = r.get(24)?;
    Ok(StoredEvent {
        id: r.get(0)?,
        unique_id: r.get(1)?,
        event: Event {
            doc_id: r.get(2)?,
            sentence: r.get(3)?,
            date: r.get(4)?,
            source: Actor {
                code: r.get(5)?,
                country: r.get(6)?,
                sector: r.get(7)?,
                text: r.get(8)?,
                span: span(9, 10)?,
            },
            target,
            cameo: r.get(17)?,
            cameo_name: r.get(18)?,
            root: r.get(19)?,
            quad_class: r.get(20)?,
            goldstein: r.get::<_, f64>(21)? as f32,
            plover: Plover {
                event_type: r.get(22)?,
                mode: r.get(23)?,
                context: serde_json::from_str(&context).unwrap_or_default(),
            },
            location,
            negated: r.get(29)?,
            evidence: Evidence {
                text: r.get(30)?,
                verb: r.get(31)?,
                rule: r.get(32)?,
                sentence_span: span(33, 34)?,
                verb_span: span(35, 36)?,
            },
        },
    })
}

impl Reader {
    /// Opens `path` read-only (`SQLITE_OPEN_READ_ONLY`); the file must be a
    /// store of the current schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Reader> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Err(StoreError::Io {
                path,
                error: std::io::Error::new(std::io::ErrorKind::NotFound, "no such store"),
            });
        }
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .at(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .at(&path)?;
        schema::check(&conn, &path)?;
        Ok(Reader { conn, path })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Raw event records matching `filter`, ordered by date, document and
    /// sentence.
    pub fn events(&self, filter: &EventFilter, page: Page) -> Result<Vec<StoredEvent>> {
        let mut w = Where::default();
        w.filter("e", filter)?;
        if let Some(t) = &filter.text {
            w.push(
                "e.evidence_text LIKE ? ESCAPE '\\'",
                vec![Value::Text(format!("%{}%", like_escape(t)))],
            );
        }
        if let Some(d) = &filter.doc_id {
            w.push("e.doc_id = ?", vec![Value::Text(d.clone())]);
        }
        if !filter.include_negated {
            w.push("e.negated = 0", vec![]);
        }
        let n = w.params.len();
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM events e {} ORDER BY e.date, e.doc_id, e.sentence, e.id LIMIT ?{} OFFSET ?{}",
            w.sql(),
            n + 1,
            n + 2
        );
        let mut params = w.params;
        params.push(Value::Integer(i64::from(page.limit.min(MAX_PAGE))));
        params.push(Value::Integer(page.offset.min(i64::MAX as u64) as i64));
        let mut st = self.conn.prepare(&sql).at(&self.path)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(params), stored_event)
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// One document and its events.
    pub fn document(&self, id: &str) -> Result<Option<StoredDocument>> {
        let doc = self
            .conn
            .query_row(
                "SELECT id, url, title, date, source, content_hash, chars, coded_at, coder_version, dictionary_version
                 FROM documents WHERE id = ?1",
                [id],
                |r| {
                    Ok(StoredDocument {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        title: r.get(2)?,
                        date: r.get(3)?,
                        source: r.get(4)?,
                        content_hash: r.get(5)?,
                        chars: r.get(6)?,
                        coded_at: r.get(7)?,
                        coder_version: r.get(8)?,
                        dictionary_version: r.get(9)?,
                        events: Vec::new(),
                    })
                },
            )
            .optional()
            .at(&self.path)?;
        let Some(mut doc) = doc else { return Ok(None) };
        let mut st = self
            .conn
            .prepare(&format!(
                "SELECT {EVENT_COLUMNS} FROM events e WHERE e.doc_id = ?1 ORDER BY e.sentence, e.id"
            ))
            .at(&self.path)?;
        doc.events = st
            .query_map([id], stored_event)
            .at(&self.path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .at(&self.path)?;
        Ok(Some(doc))
    }

    /// The dyad A–B over time, both directions, from the roll-up table: one
    /// row per period from the first to the last with events (empty periods
    /// included). `a` and `b` are actor code prefixes.
    pub fn trend(&self, a: &str, b: &str, by: Period) -> Result<Vec<TrendRow>> {
        let a = format!("{}*", code_prefix("actor", a)?);
        let b = format!("{}*", code_prefix("actor", b)?);
        let bucket = match by {
            Period::Day => "date",
            Period::Week => "date(date, 'weekday 0', '-6 days')",
            Period::Month => "substr(date, 1, 7)",
            Period::Year => "substr(date, 1, 4)",
        };
        let sql = format!(
            "SELECT {bucket} AS period, CASE WHEN source_code GLOB ?1 AND target_code GLOB ?2 THEN 0 ELSE 1 END AS dir,
                    sum(events), sum(q1), sum(q2), sum(q3), sum(q4), sum(goldstein_sum), sum(mentions)
             FROM dyad_days
             WHERE date <> '' AND ((source_code GLOB ?1 AND target_code GLOB ?2) OR (source_code GLOB ?2 AND target_code GLOB ?1))
             GROUP BY period, dir ORDER BY period, dir"
        );
        let mut st = self.conn.prepare(&sql).at(&self.path)?;
        let mut rows = st.query([&a, &b]).at(&self.path)?;
        let mut out: Vec<TrendRow> = Vec::new();
        while let Some(r) = rows.next().at(&self.path)? {
            let period: Option<String> = r.get(0).at(&self.path)?;
            let Some(period) = period else { continue };
            let dir: i64 = r.get(1).at(&self.path)?;
            let n =
                |i: usize| -> Result<u64> { Ok(r.get::<_, i64>(i).at(&self.path)?.max(0) as u64) };
            let counts = DyadCounts {
                events: n(2)?,
                quad: [n(3)?, n(4)?, n(5)?, n(6)?],
                goldstein: r.get(7).at(&self.path)?,
                mentions: n(8)?,
            };
            if out.last().is_none_or(|l| l.period != period) {
                out.push(TrendRow {
                    period,
                    forward: DyadCounts::default(),
                    backward: DyadCounts::default(),
                });
            }
            if let Some(last) = out.last_mut() {
                if dir == 0 {
                    last.forward = counts;
                } else {
                    last.backward = counts;
                }
            }
        }
        Ok(fill_gaps(out, by))
    }

    /// The `top` actors by de-duplicated events on either side.
    pub fn actors(&self, top: usize) -> Result<Vec<ActorRow>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT code, country, sector, name, as_source, as_target, mentions, first_date, last_date
                 FROM actors ORDER BY as_source + as_target DESC, mentions DESC, code LIMIT ?1",
            )
            .at(&self.path)?;
        let rows = st
            .query_map([top.min(i64::MAX as usize) as i64], |r| {
                Ok(ActorRow {
                    code: r.get(0)?,
                    country: r.get(1)?,
                    sector: r.get(2)?,
                    name: r.get(3)?,
                    as_source: r.get::<_, i64>(4)?.max(0) as u64,
                    as_target: r.get::<_, i64>(5)?.max(0) as u64,
                    mentions: r.get::<_, i64>(6)?.max(0) as u64,
                    first_date: r.get(7)?,
                    last_date: r.get(8)?,
                })
            })
            .at(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().at(&self.path)
    }

    /// Counts of documents, raw events and de-duplicated events.
    pub fn counts(&self) -> Result<(u64, u64, u64)> {
        self.conn
            .query_row(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events), (SELECT count(*) FROM unique_events)",
                [],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64, r.get::<_, i64>(2)? as u64)),
            )
            .at(&self.path)
    }

    /// Runs any read-only SQL, passing the column names and each row (as JSON
    /// values) to `each`; `each` returns `false` to stop early.
    pub fn query(
        &self,
        sql: &str,
        each: &mut dyn FnMut(&[String], Vec<serde_json::Value>) -> bool,
    ) -> Result<()> {
        let mut st = self.conn.prepare(sql).at(&self.path)?;
        let columns: Vec<String> = st.column_names().iter().map(|s| s.to_string()).collect();
        let mut rows = st.query([]).at(&self.path)?;
        while let Some(r) = rows.next().at(&self.path)? {
            let mut values = Vec::with_capacity(columns.len());
            for i in 0..columns.len() {
                let v = match r.get_ref(i).at(&self.path)? {
                    rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                    rusqlite::types::ValueRef::Integer(n) => n.into(),
                    rusqlite::types::ValueRef::Real(x) => serde_json::Number::from_f64(x)
                        .map_or(serde_json::Value::Null, serde_json::Value::Number),
                    rusqlite::types::ValueRef::Text(t) => {
                        String::from_utf8_lossy(t).into_owned().into()
                    }
                    rusqlite::types::ValueRef::Blob(b) => format!("<{} bytes>", b.len()).into(),
                };
                values.push(v);
            }
            if !each(&columns, values) {
                break;
            }
        }
        Ok(())
    }
}

/// The most periods a trend fills in.
const MAX_FILLED: usize = 200_000;

/// Inserts empty rows for periods without events between the first and last.
fn fill_gaps(rows: Vec<TrendRow>, by: Period) -> Vec<TrendRow> {
    let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
        return rows;
    };
    let labels = period_labels(&first.period, &last.period, by);
    if labels.is_empty() || labels.len() > MAX_FILLED {
        return rows;
    }
    let mut out = Vec::with_capacity(labels.len());
    let mut it = rows.into_iter().peekable();
    for label in labels {
        match it.peek() {
            Some(r) if r.period == label => out.extend(it.next()),
            _ => out.push(TrendRow {
                period: label,
                forward: DyadCounts::default(),
                backward: DyadCounts::default(),
            }),
        }
    }
    out.extend(it);
    out
}

/// Every period label from `first` to `last`; empty when they do not parse.
fn period_labels(first: &str, last: &str, by: Period) -> Vec<String> {
    let mut out = Vec::new();
    match by {
        Period::Day | Period::Week => {
            let (Some((y0, m0, d0)), Some((y1, m1, d1))) = (parse_day(first), parse_day(last))
            else {
                return out;
            };
            let step = if by == Period::Day { 1 } else { 7 };
            let (a, b) = (days_from_civil(y0, m0, d0), days_from_civil(y1, m1, d1));
            if b < a || (b - a) as usize / step > MAX_FILLED {
                return out;
            }
            let mut z = a;
            while z <= b {
                let (y, m, d) = civil_from_days(z);
                out.push(format!("{y:04}-{m:02}-{d:02}"));
                z += step as i64;
            }
        }
        Period::Month => {
            let parse = |s: &str| -> Option<(i64, u32)> {
                Some((s.get(0..4)?.parse().ok()?, s.get(5..7)?.parse().ok()?))
            };
            let (Some((mut y, mut m)), Some((y1, m1))) = (parse(first), parse(last)) else {
                return out;
            };
            while (y, m) <= (y1, m1) && out.len() <= MAX_FILLED && (1..=12).contains(&m) {
                out.push(format!("{y:04}-{m:02}"));
                (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            }
        }
        Period::Year => {
            let (Ok(a), Ok(b)) = (first.parse::<i64>(), last.parse::<i64>()) else {
                return out;
            };
            if b >= a && ((b - a) as usize) < MAX_FILLED {
                out.extend((a..=b).map(|y| format!("{y:04}")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_filled() {
        assert_eq!(
            period_labels("2023-11", "2024-02", Period::Month),
            ["2023-11", "2023-12", "2024-01", "2024-02"]
        );
        assert_eq!(
            period_labels("2023-02-27", "2023-03-02", Period::Day).len(),
            4
        );
        assert_eq!(
            period_labels("2023-05-01", "2023-05-15", Period::Week),
            ["2023-05-01", "2023-05-08", "2023-05-15"]
        );
        assert!(period_labels("x", "2023-05-15", Period::Week).is_empty());
        assert_eq!(
            period_labels("1999", "2001", Period::Year),
            ["1999", "2000", "2001"]
        );
    }

    #[test]
    fn codes_and_days_are_checked() {
        assert_eq!(code_prefix("actor", " srb ").unwrap(), "SRB");
        assert!(code_prefix("actor", "S*").is_err());
        assert!(code_prefix("actor", "").is_err());
        assert!(day("d", "2023-02-30").is_err());
        assert_eq!(like_escape("50%_a\\"), "50\\%\\_a\\\\");
    }
}
