//! Loading de-duplicated events from Parquet (the layout of
//! `dyad export --format parquet`, or a Spark job's output in the same
//! layout) into the store, so the dashboard can serve what a cluster coded.
//!
//! Each Parquet file becomes one synthetic document (`parquet:<path>`,
//! source `parquet`) that owns one raw event row per imported event, so
//! imported rows are told apart from coded ones; a file whose id or content
//! hash is already stored is skipped, so importing twice changes nothing.
//! Not for coding text (see [`crate::ingest`]) nor for writing Parquet (see
//! [`crate::export`]).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};
use rusqlite::{params, Connection};

use crate::ingest::{upsert_actor, ActorCounts};
use crate::{
    civil_from_days, content_hash, now_utc, parse_day, Result, SqlContext, Store, StoreError,
};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Parquet files loaded.
    pub files: u64,
    /// Parquet files skipped because they were loaded before.
    pub skipped_files: u64,
    /// De-duplicated events loaded.
    pub events: u64,
}

/// One imported row.
#[derive(Debug, Default)]
struct ImportedEvent {
    date: String,
    source_code: String,
    source_country: String,
    source_sector: String,
    source_name: String,
    target_code: Option<String>,
    target_country: Option<String>,
    target_sector: Option<String>,
    target_name: Option<String>,
    cameo: String,
    cameo_name: String,
    root: String,
    quad_class: i64,
    goldstein: f64,
    plover_type: String,
    num_mentions: i64,
    num_articles: i64,
    sentence: i64,
    location_name: Option<String>,
    location_country: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    evidence: String,
}

fn text(f: &Field) -> Option<String> {
    match f {
        Field::Str(s) => Some(s.clone()),
        Field::Bytes(b) => Some(String::from_utf8_lossy(b.data()).into_owned()),
        _ => None,
    }
}

fn int(f: &Field) -> Option<i64> {
    match f {
        Field::Byte(v) => Some(i64::from(*v)),
        Field::Short(v) => Some(i64::from(*v)),
        Field::Int(v) => Some(i64::from(*v)),
        Field::Long(v) => Some(*v),
        Field::UByte(v) => Some(i64::from(*v)),
        Field::UShort(v) => Some(i64::from(*v)),
        Field::UInt(v) => Some(i64::from(*v)),
        Field::ULong(v) => i64::try_from(*v).ok(),
        _ => None,
    }
}

fn real(f: &Field) -> Option<f64> {
    match f {
        Field::Float(v) => Some(f64::from(*v)),
        Field::Double(v) => Some(*v),
        other => int(other).map(|v| v as f64),
    }
}

fn day_string(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The `date=...` folder a partition file lies in, when it names a real day.
fn partition_day(path: &Path) -> Option<String> {
    path.ancestors().find_map(|p| {
        let name = p.file_name()?.to_str()?;
        let day = name.strip_prefix("date=")?;
        parse_day(day).map(|_| day.to_string())
    })
}

impl ImportedEvent {
    /// Reads a row by column name, so files written by other tools (whose
    /// column order or nullability differ) load too.
    fn from_row(row: &Row, fallback_day: Option<&str>) -> std::result::Result<Self, String> {
        let mut e = ImportedEvent::default();
        let mut date: Option<String> = None;
        for (name, f) in row.get_column_iter() {
            match name.as_str() {
                "event_date" => {
                    date = match f {
                        Field::Date(d) => Some(day_string(i64::from(*d))),
                        other => text(other).filter(|s| parse_day(s).is_some()),
                    }
                }
                "source_code" => e.source_code = text(f).unwrap_or_default(),
                "source_country" => e.source_country = text(f).unwrap_or_default(),
                "source_sector" => e.source_sector = text(f).unwrap_or_default(),
                "source_name" => e.source_name = text(f).unwrap_or_default(),
                "target_code" => e.target_code = text(f).filter(|s| !s.is_empty()),
                "target_country" => e.target_country = text(f),
                "target_sector" => e.target_sector = text(f),
                "target_name" => e.target_name = text(f),
                "cameo" => e.cameo = text(f).unwrap_or_default(),
                "cameo_name" => e.cameo_name = text(f).unwrap_or_default(),
                "root" => e.root = text(f).unwrap_or_default(),
                "quad_class" => e.quad_class = int(f).unwrap_or_default(),
                "goldstein" => e.goldstein = real(f).unwrap_or_default(),
                "plover_type" => e.plover_type = text(f).unwrap_or_default(),
                "num_mentions" => e.num_mentions = int(f).unwrap_or(1),
                "num_articles" => e.num_articles = int(f).unwrap_or(1),
                "sentence" => e.sentence = int(f).unwrap_or_default(),
                "location_name" => e.location_name = text(f),
                "location_country" => e.location_country = text(f),
                "lat" => e.lat = real(f),
                "lon" => e.lon = real(f),
                "evidence" => e.evidence = text(f).unwrap_or_default(),
                _ => {}
            }
        }
        if e.source_code.is_empty() || e.cameo.is_empty() {
            return Err("row has no source_code or cameo".into());
        }
        e.num_mentions = e.num_mentions.max(1);
        e.num_articles = e.num_articles.max(1);
        e.date = date
            .or_else(|| fallback_day.map(str::to_string))
            .unwrap_or_default();
        if e.target_code.is_none() {
            e.target_country = None;
            e.target_sector = None;
            e.target_name = None;
        }
        Ok(e)
    }
}

/// The `.parquet` files under `path` (or `path` itself), sorted.
fn parquet_files(path: &Path) -> Result<Vec<PathBuf>> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |error| StoreError::Io { path: p, error }
    };
    if !fs::metadata(path).map_err(io(path))?.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).map_err(io(&dir))? {
            let p = entry.map_err(io(&dir))?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.starts_with(['.', '_']) {
                continue; // Spark's _SUCCESS and .crc files
            }
            if p.is_dir() {
                stack.push(p);
            } else if name.ends_with(".parquet") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The file's content hash, streamed.
fn file_hash(path: &Path) -> Result<String> {
    // FNV-1a over the bytes, as `content_hash`, but in bounded reads.
    use std::io::Read;
    let io = |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    };
    let mut f = File::open(path).map_err(io)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut h: u64 = 0;
    loop {
        let n = f.read(&mut buf).map_err(io)?;
        if n == 0 {
            break;
        }
        h = h.rotate_left(5) ^ content_hash(&buf[..n]);
    }
    Ok(format!("pq{h:016x}"))
}

impl Store {
    /// Loads the Parquet file or folder at `path` (see the module doc).
    /// A file is loaded in one transaction: all its rows or none.
    pub fn import_parquet(&mut self, path: &Path) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let root = if path.is_dir() {
            path.to_path_buf()
        } else {
            path.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let db = self.path.clone();
        for file in parquet_files(path)? {
            let rel = file.strip_prefix(&root).unwrap_or(&file);
            let doc_id = format!("parquet:{}", rel.display());
            let hash = file_hash(&file)?;
            let pq = |error| StoreError::Parquet {
                path: file.clone(),
                error,
            };
            let reader =
                SerializedFileReader::new(File::open(&file).map_err(|error| StoreError::Io {
                    path: file.clone(),
                    error,
                })?)
                .map_err(pq)?;
            let day = partition_day(&file);
            let tx = self.conn.transaction().at(&db)?;
            let exists: bool = tx
                .query_row(
                    "SELECT EXISTS(SELECT 1 FROM documents WHERE id = ?1 OR content_hash = ?2)",
                    params![doc_id, hash],
                    |r| r.get(0),
                )
                .at(&db)?;
            if exists {
                report.skipped_files += 1;
                continue;
            }
            let coded_at = now_utc();
            let mut n = 0i64;
            for (i, row) in reader.get_row_iter(None).map_err(pq)?.enumerate() {
                let row = row.map_err(pq)?;
                let ev = ImportedEvent::from_row(&row, day.as_deref()).map_err(|m| {
                    StoreError::Invalid {
                        what: "Parquet row",
                        message: format!("{} row {}: {m}", file.display(), i + 1),
                    }
                })?;
                insert_event(&tx, &doc_id, &ev).at(&db)?;
                n += 1;
            }
            tx.execute(
                "INSERT INTO documents (id, url, title, date, source, content_hash, chars, events, coded_at, coder_version, dictionary_version)
                 VALUES (?1, NULL, ?2, ?3, 'parquet', ?4, 0, ?5, ?6, 'parquet-import', '')",
                params![
                    doc_id,
                    format!("imported from {}", file.display()),
                    day,
                    hash,
                    n,
                    coded_at
                ],
            )
            .at(&db)?;
            tx.commit().at(&db)?;
            report.files += 1;
            report.events += n as u64;
        }
        Ok(report)
    }
}

/// Merges one de-duplicated event into `unique_events`, the roll-ups and the
/// actors, and stores it as a raw event of the synthetic document.
fn insert_event(conn: &Connection, doc_id: &str, e: &ImportedEvent) -> rusqlite::Result<()> {
    let target = e.target_code.clone().unwrap_or_default();
    let (uid, fresh): (i64, bool) = conn
        .prepare_cached(
            "INSERT INTO unique_events (date, source_code, target_code, cameo, root, quad_class, goldstein, num_mentions, num_articles)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (date, source_code, target_code, cameo) DO UPDATE SET
               num_mentions = num_mentions + excluded.num_mentions,
               num_articles = num_articles + excluded.num_articles
             RETURNING id, num_articles = ?9",
        )?
        .query_row(
            params![
                e.date,
                e.source_code,
                target,
                e.cameo,
                e.root,
                e.quad_class,
                e.goldstein,
                e.num_mentions,
                e.num_articles
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    let new = i64::from(fresh);
    let q = |k: i64| new * i64::from(e.quad_class == k);
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
        e.source_code,
        target,
        e.date,
        new,
        q(1),
        q(2),
        q(3),
        q(4),
        new as f64 * e.goldstein,
        e.num_mentions
    ])?;
    let mut sides = vec![(
        e.source_code.as_str(),
        e.source_country.as_str(),
        e.source_sector.as_str(),
        e.source_name.as_str(),
        new,
        0i64,
    )];
    if let Some(t) = &e.target_code {
        sides.push((
            t.as_str(),
            e.target_country.as_deref().unwrap_or_default(),
            e.target_sector.as_deref().unwrap_or_default(),
            e.target_name.as_deref().unwrap_or_default(),
            0,
            new,
        ));
    }
    let day = (!e.date.is_empty()).then_some(e.date.as_str());
    for (code, country, sector, name, as_source, as_target) in sides {
        let counts = ActorCounts {
            as_source,
            as_target,
            mentions: e.num_mentions,
        };
        upsert_actor(conn, (code, country, sector), name.trim(), counts, day)?;
    }
    conn.prepare_cached(
        "INSERT INTO events (doc_id, sentence, date, source_code, source_country, source_sector, source_text,
            target_code, target_country, target_sector, target_text,
            cameo, cameo_name, root, quad_class, goldstein, plover_type, plover_mode, plover_context,
            location_name, location_country, location_lat, location_lon, negated,
            evidence_text, evidence_verb, evidence_rule, unique_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, '', '[]',
                 ?18, ?19, ?20, ?21, 0, ?22, '', 'imported from Parquet', ?23)",
    )?
    .execute(rusqlite::params_from_iter([
        &doc_id as &dyn rusqlite::ToSql,
        &e.sentence,
        &(!e.date.is_empty()).then_some(&e.date),
        &e.source_code,
        &e.source_country,
        &e.source_sector,
        &e.source_name,
        &e.target_code,
        &e.target_country,
        &e.target_sector,
        &e.target_name,
        &e.cameo,
        &e.cameo_name,
        &e.root,
        &e.quad_class,
        &e.goldstein,
        &e.plover_type,
        &e.location_name,
        &e.location_country,
        &e.lat,
        &e.lon,
        &e.evidence,
        &uid,
    ]))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EventFilter, ExportFormat};

    fn event(doc: &str, date: &str, cameo: &str) -> dyad_event::Event {
        let mut e: dyad_event::Event = serde_json::from_value(serde_json::json!({
            "doc_id": doc, "sentence": 0, "date": date,
            "source": {"code": "USAGOV", "country": "USA", "sector": "GOV", "text": "Washington"},
            "target": {"code": "RUS", "country": "RUS", "sector": "", "text": "Russia"},
            "cameo": cameo, "cameo_name": "x", "root": &cameo[..2], "quad_class": 1, "goldstein": 1.0,
            "plover": {"event_type": "CONSULT", "mode": "", "context": []},
            "negated": false,
            "evidence": {"text": "Washington met Russia.", "verb": "met", "rule": "r"}
        }))
        .expect("a valid event");
        e.doc_id = doc.into();
        e
    }

    proptest::proptest! {
        #[test]
        fn partition_day_is_a_real_day_or_none(name in "\\PC{0,24}") {
            proptest::prop_assume!(!name.contains(['/', '\\']));
            let p = Path::new("out").join(format!("date={name}")).join("part-0.parquet");
            if let Some(d) = partition_day(&p) {
                proptest::prop_assert!(parse_day(&d).is_some());
                proptest::prop_assert_eq!(d, name);
            }
        }

        #[test]
        fn day_string_round_trips(days in -719_000i64..2_932_000) {
            let s = day_string(days);
            let (y, m, d) = parse_day(&s).expect("a valid day");
            proptest::prop_assert_eq!(crate::days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn a_row_without_source_or_code_is_an_error_not_a_panic() {
        let row = parquet::record::Row::new(vec![("cameo".to_string(), Field::Str("040".into()))]);
        assert!(ImportedEvent::from_row(&row, None).is_err());
        let row = parquet::record::Row::new(vec![
            ("source_code".to_string(), Field::Str("USA".into())),
            ("cameo".to_string(), Field::Str("040".into())),
            ("num_mentions".to_string(), Field::Long(-3)),
            ("target_country".to_string(), Field::Str("RUS".into())),
        ]);
        let e = ImportedEvent::from_row(&row, Some("2024-01-02")).expect("a row");
        assert_eq!(
            (e.date.as_str(), e.num_mentions, e.target_country),
            ("2024-01-02", 1, None)
        );
    }

    #[test]
    fn export_then_import_round_trips_and_is_idempotent() {
        let dir = std::env::temp_dir().join(format!("dyad-import-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        let mut a = Store::open(dir.join("a.db")).expect("store a");
        let docs = ["d1", "d2", "d3"].map(|id| {
            Ok(dyad_docs::Document {
                id: id.into(),
                text: format!("text of {id}"),
                date: Some("2024-01-02".into()),
                ..Default::default()
            })
        });
        let code = |d: &dyad_docs::Document| {
            Ok(vec![
                event(&d.id, "2024-01-02", "040"),
                event(&d.id, "2024-01-03", "190"),
            ])
        };
        a.ingest(docs.into_iter(), &code, &Default::default(), &mut ())
            .expect("ingest");
        let out = dir.join("pq");
        let reader = a.reader().expect("reader");
        let n = reader
            .export(
                ExportFormat::Parquet,
                &EventFilter::default(),
                Some(&out),
                false,
            )
            .expect("export");
        assert_eq!(n, 2);
        let mut b = Store::open(dir.join("b.db")).expect("store b");
        let r = b.import_parquet(&out).expect("import");
        assert_eq!((r.files, r.events, r.skipped_files), (2, 2, 0));
        let again = b.import_parquet(&out).expect("import again");
        assert_eq!((again.files, again.skipped_files), (0, 2));
        let mut rows = Vec::new();
        b.reader()
            .expect("reader b")
            .unique_events(&EventFilter::default(), &mut |e| {
                rows.push((
                    e.date,
                    e.source_code,
                    e.target_code,
                    e.cameo,
                    e.num_mentions,
                    e.num_articles,
                ));
                Ok(())
            })
            .expect("query");
        assert_eq!(
            rows,
            vec![
                (
                    Some("2024-01-02".into()),
                    "USAGOV".into(),
                    Some("RUS".into()),
                    "040".into(),
                    3,
                    3
                ),
                (
                    Some("2024-01-03".into()),
                    "USAGOV".into(),
                    Some("RUS".into()),
                    "190".into(),
                    3,
                    3
                ),
            ]
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
