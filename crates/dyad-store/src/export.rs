//! Exports of de-duplicated events: JSON lines, CSV, the GDELT 2.0 event
//! table (tab-separated, GDELT's column names and order) and Parquet
//! partitioned by date (`date=YYYY-MM-DD/part-0.parquet`) for DuckDB, Spark
//! and Polars; and raw event records as JSON lines.
//!
//! Exports stream: memory holds one event (and, for Parquet, one row group).
//! Not for queries that return results to a caller: see [`crate::query`].

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde::Serialize;

use crate::query::{stored_event, EventFilter, Reader, Where};
use crate::{days_from_civil, parse_day, Result, SqlContext, StoreError};

/// The most document ids listed per event (the counts stay exact).
pub const MAX_DOC_IDS: usize = 1000;
/// Rows per Parquet row group.
const ROW_GROUP: usize = 65_536;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per de-duplicated event.
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
    /// GDELT 2.0 event table, tab-separated.
    Gdelt,
    /// A folder of Parquet files partitioned by date.
    Parquet,
}

impl std::str::FromStr for ExportFormat {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "jsonl" => Ok(ExportFormat::Jsonl),
            "csv" => Ok(ExportFormat::Csv),
            "gdelt" => Ok(ExportFormat::Gdelt),
            "parquet" => Ok(ExportFormat::Parquet),
            _ => Err(StoreError::Invalid {
                what: "format",
                message: format!("{s:?} (expected jsonl, csv, gdelt or parquet)"),
            }),
        }
    }
}

/// One de-duplicated event: same day, source, target and CAMEO code, with its
/// mention counts; descriptive fields come from its first mention (by
/// document id, then sentence).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UniqueEvent {
    /// Row id in `unique_events` (GLOBALEVENTID in the GDELT export).
    pub id: i64,
    /// `YYYY-MM-DD`, or `None` when undated.
    pub date: Option<String>,
    /// Source actor code.
    pub source_code: String,
    /// Source country or organisation.
    pub source_country: String,
    /// Source sector.
    pub source_sector: String,
    /// Words that named the source.
    pub source_name: String,
    /// Target actor code.
    pub target_code: Option<String>,
    /// Target country or organisation.
    pub target_country: Option<String>,
    /// Target sector.
    pub target_sector: Option<String>,
    /// Words that named the target.
    pub target_name: Option<String>,
    /// CAMEO code.
    pub cameo: String,
    /// CAMEO name.
    pub cameo_name: String,
    /// CAMEO root.
    pub root: String,
    /// QuadClass.
    pub quad_class: i64,
    /// Goldstein score.
    pub goldstein: f64,
    /// PLOVER type.
    pub plover_type: String,
    /// Raw event records (sentences) that report it.
    pub num_mentions: i64,
    /// Documents that report it.
    pub num_articles: i64,
    /// Distinct document sources that report it.
    pub num_sources: i64,
    /// The documents (at most [`MAX_DOC_IDS`]), sorted.
    pub doc_ids: Vec<String>,
    /// The first mention's sentence index.
    pub sentence: i64,
    /// The first mention's document URL.
    pub url: Option<String>,
    /// The place, when the first mention names one.
    pub location_name: Option<String>,
    /// ISO country of the place.
    pub location_country: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// The first mention's sentence text.
    pub evidence: String,
    /// When it was first coded (`YYYY-MM-DDTHH:MM:SSZ`).
    pub added: String,
}

impl Reader {
    /// Streams the de-duplicated events matching `filter` (date, actors,
    /// CAMEO code, QuadClass) ordered by date, passing each to `each`.
    pub fn unique_events(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(UniqueEvent) -> Result<()>,
    ) -> Result<u64> {
        let mut w = Where::default();
        w.filter("u", filter)?;
        let sql = format!(
            "SELECT u.id, u.date, u.source_code, u.target_code, u.cameo, u.root, u.quad_class, u.goldstein,
                    u.num_mentions, u.num_articles,
                    e.doc_id, e.sentence, e.source_country, e.source_sector, e.source_text,
                    e.target_country, e.target_sector, e.target_text, e.cameo_name, e.plover_type,
                    e.location_name, e.location_country, e.location_lat, e.location_lon, e.evidence_text,
                    d.url, d.source, d.coded_at
             FROM unique_events u JOIN events e ON e.unique_id = u.id JOIN documents d ON d.id = e.doc_id
             {} ORDER BY u.date, u.id, e.doc_id, e.sentence",
            w.sql()
        );
        let path = self.path.clone();
        let mut st = self.conn.prepare(&sql).at(&path)?;
        let mut rows = st.query(rusqlite::params_from_iter(w.params)).at(&path)?;
        let mut current: Option<UniqueEvent> = None;
        let mut sources: Vec<String> = Vec::new();
        let mut count = 0u64;
        let mut finish = |mut ev: UniqueEvent, sources: &mut Vec<String>| -> Result<()> {
            ev.doc_ids.sort();
            ev.doc_ids.dedup();
            sources.sort();
            sources.dedup();
            ev.num_sources = sources.len() as i64;
            sources.clear();
            count += 1;
            each(ev)
        };
        while let Some(r) = rows.next().at(&path)? {
            let id: i64 = r.get(0).at(&path)?;
            let doc_id: String = r.get(10).at(&path)?;
            let source: Option<String> = r.get(26).at(&path)?;
            let coded_at: String = r.get(27).at(&path)?;
            if let Some(ev) = current.as_mut().filter(|c| c.id == id) {
                if ev.doc_ids.last() != Some(&doc_id) && ev.doc_ids.len() < MAX_DOC_IDS {
                    ev.doc_ids.push(doc_id);
                }
                if coded_at < ev.added {
                    ev.added = coded_at;
                }
                if let Some(s) = source {
                    if sources.len() < MAX_DOC_IDS {
                        sources.push(s);
                    }
                }
                continue;
            }
            if let Some(done) = current.take() {
                finish(done, &mut sources)?;
            }
            let date: String = r.get(1).at(&path)?;
            let target_code: String = r.get(3).at(&path)?;
            let has_target = !target_code.is_empty();
            sources.extend(source);
            current = Some(UniqueEvent {
                id,
                date: (!date.is_empty()).then_some(date),
                source_code: r.get(2).at(&path)?,
                target_code: has_target.then_some(target_code),
                cameo: r.get(4).at(&path)?,
                root: r.get(5).at(&path)?,
                quad_class: r.get(6).at(&path)?,
                goldstein: r.get(7).at(&path)?,
                num_mentions: r.get(8).at(&path)?,
                num_articles: r.get(9).at(&path)?,
                num_sources: 0,
                doc_ids: vec![doc_id],
                sentence: r.get(11).at(&path)?,
                source_country: r.get(12).at(&path)?,
                source_sector: r.get(13).at(&path)?,
                source_name: r.get(14).at(&path)?,
                target_country: r
                    .get::<_, Option<String>>(15)
                    .at(&path)?
                    .filter(|_| has_target),
                target_sector: r
                    .get::<_, Option<String>>(16)
                    .at(&path)?
                    .filter(|_| has_target),
                target_name: r
                    .get::<_, Option<String>>(17)
                    .at(&path)?
                    .filter(|_| has_target),
                cameo_name: r.get(18).at(&path)?,
                plover_type: r.get(19).at(&path)?,
                location_name: r.get(20).at(&path)?,
                location_country: r.get(21).at(&path)?,
                lat: r.get(22).at(&path)?,
                lon: r.get(23).at(&path)?,
                evidence: r.get(24).at(&path)?,
                url: r.get(25).at(&path)?,
                added: coded_at,
            });
        }
        if let Some(done) = current.take() {
            finish(done, &mut sources)?;
        }
        Ok(count)
    }

    /// Writes the raw event records matching `filter` as JSON lines (the
    /// event record shape, one per sentence); returns how many.
    pub fn export_raw_jsonl(&self, filter: &EventFilter, out: &mut dyn Write) -> Result<u64> {
        let mut w = Where::default();
        w.filter("e", filter)?;
        if !filter.include_negated {
            w.push("e.negated = 0", vec![]);
        }
        let sql = format!(
            "SELECT {} FROM events e {} ORDER BY e.date, e.doc_id, e.sentence, e.id",
            crate::query::EVENT_COLUMNS,
            w.sql()
        );
        let path = self.path.clone();
        let mut st = self.conn.prepare(&sql).at(&path)?;
        let mut rows = st.query(rusqlite::params_from_iter(w.params)).at(&path)?;
        let mut n = 0;
        while let Some(r) = rows.next().at(&path)? {
            let ev = stored_event(r).at(&path)?;
            let line = serde_json::to_string(&ev.event)
                .map_err(|e| StoreError::Pipeline(e.to_string()))?;
            writeln!(out, "{line}").map_err(|error| StoreError::Io {
                path: PathBuf::from("<output>"),
                error,
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Exports the de-duplicated events matching `filter`. `out` is a file
    /// (or `None` for standard output) for the text formats, and a folder for
    /// Parquet. `header` adds a header line to CSV and GDELT output. Returns
    /// the number of events written.
    pub fn export(
        &self,
        format: ExportFormat,
        filter: &EventFilter,
        out: Option<&Path>,
        header: bool,
    ) -> Result<u64> {
        if format == ExportFormat::Parquet {
            let dir = out.ok_or_else(|| StoreError::Invalid {
                what: "output",
                message: "Parquet export needs an output folder".into(),
            })?;
            return self.export_parquet(filter, dir);
        }
        let name = out.map_or_else(|| PathBuf::from("<stdout>"), Path::to_path_buf);
        let io = |error| StoreError::Io {
            path: name.clone(),
            error,
        };
        let mut sink: Box<dyn Write> = match out {
            Some(p) => Box::new(BufWriter::new(File::create(p).map_err(io)?)),
            None => Box::new(BufWriter::new(std::io::stdout().lock())),
        };
        if header {
            match format {
                ExportFormat::Csv => writeln!(sink, "{}", CSV_COLUMNS.join(",")).map_err(io)?,
                ExportFormat::Gdelt => {
                    writeln!(sink, "{}", GDELT_COLUMNS.join("\t")).map_err(io)?
                }
                _ => {}
            }
        }
        let n = self.unique_events(filter, &mut |ev| {
            let line = match format {
                ExportFormat::Jsonl => {
                    serde_json::to_string(&ev).map_err(|e| StoreError::Pipeline(e.to_string()))?
                }
                ExportFormat::Csv => csv_row(&ev),
                _ => gdelt_row(&ev),
            };
            writeln!(sink, "{line}").map_err(io)
        })?;
        sink.flush().map_err(io)?;
        Ok(n)
    }

    fn export_parquet(&self, filter: &EventFilter, dir: &Path) -> Result<u64> {
        fs::create_dir_all(dir).map_err(|error| StoreError::Io {
            path: dir.to_path_buf(),
            error,
        })?;
        let mut part: Option<Partition> = None;
        let n = self.unique_events(filter, &mut |ev| {
            let key = ev.date.clone().unwrap_or_else(|| "undated".into());
            if part.as_ref().is_none_or(|p| p.key != key) {
                if let Some(p) = part.take() {
                    p.close()?;
                }
                part = Some(Partition::create(dir, key)?);
            }
            match part.as_mut() {
                Some(p) => p.push(&ev),
                None => Ok(()),
            }
        })?;
        if let Some(p) = part.take() {
            p.close()?;
        }
        Ok(n)
    }
}

/// CSV columns, in order.
pub const CSV_COLUMNS: [&str; 28] = [
    "id",
    "date",
    "source_code",
    "source_country",
    "source_sector",
    "source_name",
    "target_code",
    "target_country",
    "target_sector",
    "target_name",
    "cameo",
    "cameo_name",
    "root",
    "quad_class",
    "goldstein",
    "plover_type",
    "num_mentions",
    "num_articles",
    "num_sources",
    "doc_ids",
    "sentence",
    "url",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "evidence",
    "added",
];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn csv_row(e: &UniqueEvent) -> String {
    let fields = [
        e.id.to_string(),
        opt(&e.date),
        e.source_code.clone(),
        e.source_country.clone(),
        e.source_sector.clone(),
        e.source_name.clone(),
        opt(&e.target_code),
        opt(&e.target_country),
        opt(&e.target_sector),
        opt(&e.target_name),
        e.cameo.clone(),
        e.cameo_name.clone(),
        e.root.clone(),
        e.quad_class.to_string(),
        e.goldstein.to_string(),
        e.plover_type.clone(),
        e.num_mentions.to_string(),
        e.num_articles.to_string(),
        e.num_sources.to_string(),
        e.doc_ids.join(";"),
        e.sentence.to_string(),
        opt(&e.url),
        opt(&e.location_name),
        opt(&e.location_country),
        opt(&e.lat),
        opt(&e.lon),
        e.evidence.clone(),
        e.added.clone(),
    ];
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// The GDELT 2.0 event table's 61 columns, in GDELT's order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// A TSV field: tabs and line breaks become spaces.
fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The sector split into GDELT's three-letter type codes.
fn type_codes(sector: &str) -> [String; 3] {
    let mut out: [String; 3] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = sector.get(i * 3..i * 3 + 3).unwrap_or_default().to_string();
    }
    out
}

fn gdelt_row(e: &UniqueEvent) -> String {
    let mut f: Vec<String> = Vec::with_capacity(61);
    f.push(e.id.to_string());
    match e.date.as_deref().and_then(parse_day) {
        Some((y, m, d)) => {
            let doy = days_from_civil(y, m, d) - days_from_civil(y, 1, 1) + 1;
            f.push(format!("{y:04}{m:02}{d:02}"));
            f.push(format!("{y:04}{m:02}"));
            f.push(format!("{y:04}"));
            f.push(format!("{:.4}", y as f64 + doy as f64 / 365.0));
        }
        None => f.extend(std::iter::repeat_n(String::new(), 4)),
    }
    let actor = |f: &mut Vec<String>, code: &str, name: &str, country: &str, sector: &str| {
        f.push(code.to_string());
        f.push(tsv(name));
        f.push(country.to_string());
        f.extend(std::iter::repeat_n(String::new(), 4)); // known group, ethnic, religion 1, religion 2
        f.extend(type_codes(sector));
    };
    actor(
        &mut f,
        &e.source_code,
        &e.source_name,
        &e.source_country,
        &e.source_sector,
    );
    actor(
        &mut f,
        e.target_code.as_deref().unwrap_or_default(),
        e.target_name.as_deref().unwrap_or_default(),
        e.target_country.as_deref().unwrap_or_default(),
        e.target_sector.as_deref().unwrap_or_default(),
    );
    f.push(u8::from(e.sentence == 0).to_string());
    f.push(e.cameo.clone());
    f.push(e.cameo.get(..3).unwrap_or(&e.cameo).to_string());
    f.push(e.root.clone());
    f.push(e.quad_class.to_string());
    f.push(format!("{:.1}", e.goldstein));
    f.push(e.num_mentions.to_string());
    f.push(e.num_sources.to_string());
    f.push(e.num_articles.to_string());
    f.push(String::new()); // AvgTone
    f.extend(std::iter::repeat_n(String::new(), 16)); // Actor1Geo_*, Actor2Geo_*
    f.push(String::new()); // ActionGeo_Type
    f.push(tsv(e.location_name.as_deref().unwrap_or_default()));
    f.extend(std::iter::repeat_n(String::new(), 3)); // country (FIPS), ADM1, ADM2
    f.push(opt(&e.lat));
    f.push(opt(&e.lon));
    f.push(String::new()); // FeatureID
    f.push(e.added.chars().filter(char::is_ascii_digit).collect());
    f.push(tsv(e
        .url
        .as_deref()
        .unwrap_or(e.doc_ids.first().map_or("", String::as_str))));
    f.join("\t")
}

/// The Parquet schema of the export (see the README).
pub const PARQUET_SCHEMA: &str = "
message dyad_event {
  required int64 event_id;
  optional int32 event_date (DATE);
  required binary source_code (UTF8);
  required binary source_country (UTF8);
  required binary source_sector (UTF8);
  required binary source_name (UTF8);
  optional binary target_code (UTF8);
  optional binary target_country (UTF8);
  optional binary target_sector (UTF8);
  optional binary target_name (UTF8);
  required binary cameo (UTF8);
  required binary cameo_name (UTF8);
  required binary root (UTF8);
  required int32 quad_class;
  required double goldstein;
  required binary plover_type (UTF8);
  required int64 num_mentions;
  required int64 num_articles;
  required int64 num_sources;
  required group doc_ids (LIST) {
    repeated group list {
      required binary element (UTF8);
    }
  }
  required int32 sentence;
  optional binary url (UTF8);
  optional binary location_name (UTF8);
  optional binary location_country (UTF8);
  optional double lat;
  optional double lon;
  required binary evidence (UTF8);
  required binary added (UTF8);
}
";

/// One column's buffered values and levels.
enum Column {
    I64(Vec<i64>),
    I32(Vec<i32>, Option<Vec<i16>>),
    F64(Vec<f64>, Option<Vec<i16>>),
    Str(Vec<ByteArray>, Option<Vec<i16>>),
    List(Vec<ByteArray>, Vec<i16>, Vec<i16>),
}

impl Column {
    fn clear(&mut self) {
        let defs = match self {
            Column::I64(v) => {
                v.clear();
                None
            }
            Column::I32(v, d) => {
                v.clear();
                d.as_mut()
            }
            Column::F64(v, d) => {
                v.clear();
                d.as_mut()
            }
            Column::Str(v, d) => {
                v.clear();
                d.as_mut()
            }
            Column::List(v, d, r) => {
                v.clear();
                r.clear();
                Some(d)
            }
        };
        if let Some(d) = defs {
            d.clear();
        }
    }
}

/// Pushes an optional value and its definition level.
fn push_opt<T>(values: &mut Vec<T>, defs: &mut Option<Vec<i16>>, v: Option<T>) {
    let present = v.is_some();
    values.extend(v);
    if let Some(d) = defs {
        d.push(i16::from(present));
    }
}

/// An open partition file.
struct Partition {
    key: String,
    path: PathBuf,
    writer: SerializedFileWriter<File>,
    columns: Vec<Column>,
    rows: usize,
}

impl Partition {
    fn create(dir: &Path, key: String) -> Result<Partition> {
        let folder = dir.join(format!("date={key}"));
        let path = folder.join("part-0.parquet");
        let io = |error| StoreError::Io {
            path: path.clone(),
            error,
        };
        fs::create_dir_all(&folder).map_err(io)?;
        let file = File::create(&path).map_err(io)?;
        let pq = |error| StoreError::Parquet {
            path: path.clone(),
            error,
        };
        let schema = Arc::new(parse_message_type(PARQUET_SCHEMA).map_err(pq)?);
        let props = Arc::new(WriterProperties::builder().build());
        let writer = SerializedFileWriter::new(file, schema, props).map_err(pq)?;
        let s = || Column::Str(Vec::new(), None);
        let os = || Column::Str(Vec::new(), Some(Vec::new()));
        let columns = vec![
            Column::I64(Vec::new()),
            Column::I32(Vec::new(), Some(Vec::new())),
            s(),
            s(),
            s(),
            s(),
            os(),
            os(),
            os(),
            os(),
            s(),
            s(),
            s(),
            Column::I32(Vec::new(), None),
            Column::F64(Vec::new(), None),
            s(),
            Column::I64(Vec::new()),
            Column::I64(Vec::new()),
            Column::I64(Vec::new()),
            Column::List(Vec::new(), Vec::new(), Vec::new()),
            Column::I32(Vec::new(), None),
            os(),
            os(),
            os(),
            Column::F64(Vec::new(), Some(Vec::new())),
            Column::F64(Vec::new(), Some(Vec::new())),
            s(),
            s(),
        ];
        Ok(Partition {
            key,
            path,
            writer,
            columns,
            rows: 0,
        })
    }

    fn push(&mut self, e: &UniqueEvent) -> Result<()> {
        let b = |s: &str| ByteArray::from(s.as_bytes().to_vec());
        let ob = |s: &Option<String>| s.as_deref().map(b);
        let date = e
            .date
            .as_deref()
            .and_then(parse_day)
            .map(|(y, m, d)| days_from_civil(y, m, d) as i32);
        let mut c = self.columns.iter_mut();
        let mut next = || c.next();
        let strs = [
            Some(b(&e.source_code)),
            Some(b(&e.source_country)),
            Some(b(&e.source_sector)),
            Some(b(&e.source_name)),
            ob(&e.target_code),
            ob(&e.target_country),
            ob(&e.target_sector),
            ob(&e.target_name),
            Some(b(&e.cameo)),
            Some(b(&e.cameo_name)),
            Some(b(&e.root)),
        ];
        if let Some(Column::I64(v)) = next() {
            v.push(e.id);
        }
        if let Some(Column::I32(v, d)) = next() {
            push_opt(v, d, date);
        }
        for s in strs {
            if let Some(Column::Str(v, d)) = next() {
                if d.is_some() {
                    push_opt(v, d, s);
                } else {
                    v.extend(s);
                }
            }
        }
        if let Some(Column::I32(v, _)) = next() {
            v.push(e.quad_class as i32);
        }
        if let Some(Column::F64(v, _)) = next() {
            v.push(e.goldstein);
        }
        if let Some(Column::Str(v, _)) = next() {
            v.push(b(&e.plover_type));
        }
        for n in [e.num_mentions, e.num_articles, e.num_sources] {
            if let Some(Column::I64(v)) = next() {
                v.push(n);
            }
        }
        if let Some(Column::List(v, d, r)) = next() {
            if e.doc_ids.is_empty() {
                d.push(0);
                r.push(0);
            }
            for (i, id) in e.doc_ids.iter().enumerate() {
                v.push(b(id));
                d.push(1);
                r.push(i16::from(i > 0));
            }
        }
        if let Some(Column::I32(v, _)) = next() {
            v.push(e.sentence as i32);
        }
        for s in [ob(&e.url), ob(&e.location_name), ob(&e.location_country)] {
            if let Some(Column::Str(v, d)) = next() {
                push_opt(v, d, s);
            }
        }
        for x in [e.lat, e.lon] {
            if let Some(Column::F64(v, d)) = next() {
                push_opt(v, d, x);
            }
        }
        for s in [&e.evidence, &e.added] {
            if let Some(Column::Str(v, _)) = next() {
                v.push(b(s));
            }
        }
        self.rows += 1;
        if self.rows >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let path = self.path.clone();
        let pq = |error| StoreError::Parquet {
            path: path.clone(),
            error,
        };
        let mut group = self.writer.next_row_group().map_err(pq)?;
        let mut columns = self.columns.iter_mut();
        while let Some(mut w) = group.next_column().map_err(pq)? {
            let Some(col) = columns.next() else {
                return Err(StoreError::Pipeline(
                    "parquet schema and columns disagree".into(),
                ));
            };
            match col {
                Column::I64(v) => w.typed::<Int64Type>().write_batch(v, None, None),
                Column::I32(v, d) => w.typed::<Int32Type>().write_batch(v, d.as_deref(), None),
                Column::F64(v, d) => w.typed::<DoubleType>().write_batch(v, d.as_deref(), None),
                Column::Str(v, d) => w
                    .typed::<ByteArrayType>()
                    .write_batch(v, d.as_deref(), None),
                Column::List(v, d, r) => {
                    w.typed::<ByteArrayType>().write_batch(v, Some(d), Some(r))
                }
            }
            .map_err(pq)?;
            w.close().map_err(pq)?;
            col.clear();
        }
        group.close().map_err(pq)?;
        self.rows = 0;
        Ok(())
    }

    fn close(mut self) -> Result<()> {
        self.flush()?;
        let path = self.path.clone();
        self.writer
            .close()
            .map_err(|error| StoreError::Parquet { path, error })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }

    #[test]
    fn parquet_schema_parses_and_has_one_leaf_per_column() {
        let schema = parse_message_type(PARQUET_SCHEMA).unwrap();
        let descr = parquet::schema::types::SchemaDescriptor::new(Arc::new(schema));
        assert_eq!(descr.num_columns(), 28);
        assert_eq!(
            type_codes("GOVMIL"),
            ["GOV".to_string(), "MIL".into(), String::new()]
        );
    }
}
