//! `dyad` subcommands for the store layer: `ingest`, `extract`, `query`,
//! `trend`, `actors` and `export`.
//!
//! A thin layer over `dyad-store` and `dyad-docs`: argument parsing, the
//! progress line, tables, the terminal and SVG charts. Not for coding logic.
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use dyad_event::Event;
use dyad_store::dyad_docs::{self, Document};
use dyad_store::{
    EventFilter, ExportFormat, Failure, IngestObserver, IngestOptions, Period, Progress, Reader,
    Store, TrendRow,
};

/// The coder `dyad ingest` codes documents with: dictionaries and models are
/// loaded once and shared by every worker thread.
fn coder() -> anyhow::Result<impl Fn(&Document) -> Result<Vec<Event>, String> + Sync> {
    let coder = dyad_coder::Coder::new(dyad_coder::CoderOptions::default())
        .map_err(|e| anyhow::anyhow!("building the coder: {e}"))?;
    Ok(move |doc: &Document| coder.code_document(doc).map_err(|e| e.to_string()))
}

/// The coder and dictionary versions stored with every document.
fn coder_versions() -> (String, String) {
    (
        format!("dyad-coder {}", env!("CARGO_PKG_VERSION")),
        format!("embedded-{}", env!("CARGO_PKG_VERSION")),
    )
}

/// Subcommands of the store layer.
#[derive(clap::Subcommand)]
pub enum Commands {
    /// Code documents (files, folders, JSON lines, WARC; gzip too) into the store; resumable.
    Ingest {
        /// Files or folders (read recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The store.
        #[arg(long, default_value = "dyad.db")]
        db: PathBuf,
        /// Coding threads (default: all cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Documents per transaction.
        #[arg(long, default_value_t = 512)]
        batch: usize,
    },
    /// Load de-duplicated events from Parquet (`dyad export --format parquet`'s layout,
    /// e.g. a Spark job's output) into the store; files loaded before are skipped.
    ImportParquet {
        /// A Parquet file, or a folder of them (read recursively).
        path: PathBuf,
        /// The store.
        #[arg(long, default_value = "dyad.db")]
        db: PathBuf,
    },
    /// Print the documents read from files or folders as JSON lines (no coding).
    Extract {
        /// Files or folders (read recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Run read-only SQL over the store.
    Query {
        /// The SQL statement.
        sql: String,
        /// The store.
        #[arg(long, default_value = "dyad.db")]
        db: PathBuf,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// A dyad's events over time, both directions: table, terminal chart, optional SVG.
    Trend {
        /// First actor (code prefix, e.g. SRB).
        a: String,
        /// Second actor (code prefix, e.g. KOS).
        b: String,
        /// Period: day, week, month or year.
        #[arg(long, default_value = "month")]
        by: String,
        /// Write an SVG chart to this file.
        #[arg(long)]
        plot: Option<PathBuf>,
        /// The store.
        #[arg(long, default_value = "dyad.db")]
        db: PathBuf,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The most active actors.
    Actors {
        /// How many.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// The store.
        #[arg(long, default_value = "dyad.db")]
        db: PathBuf,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Export de-duplicated events as jsonl, csv, gdelt (GDELT 2.0 event table) or parquet.
    Export {
        /// jsonl, csv, gdelt or parquet.
        #[arg(long, default_value = "jsonl")]
        format: String,
        /// Output file (standard output if absent), or folder for parquet.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        to: Option<String>,
        /// Actor code prefix on either side.
        #[arg(long)]
        actor: Option<String>,
        /// Source actor code prefix.
        #[arg(long)]
        source: Option<String>,
        /// Target actor code prefix.
        #[arg(long)]
        target: Option<String>,
        /// CAMEO code prefix.
        #[arg(long)]
        code: Option<String>,
        /// QuadClass (1-4).
        #[arg(long)]
        quad: Option<u8>,
        /// jsonl only: the raw per-sentence event records instead of de-duplicated events.
        #[arg(long)]
        raw: bool,
        /// csv and gdelt: leave out the header line.
        #[arg(long)]
        no_header: bool,
        /// The store.
        #[arg(long, default_value = "dyad.db")]
        db: PathBuf,
    },
}

/// Runs one subcommand of the store layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match dispatch(command) {
        // A reader that stops early (`dyad export | head`) is not an error.
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn import_parquet(path: &std::path::Path, db: &std::path::Path) -> anyhow::Result<ExitCode> {
    let mut store =
        dyad_store::Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let r = store
        .import_parquet(path)
        .with_context(|| format!("importing {}", path.display()))?;
    eprintln!(
        "dyad import-parquet: {} file(s), {} event(s) loaded; {} file(s) already loaded",
        r.files, r.events, r.skipped_files
    );
    Ok(ExitCode::SUCCESS)
}

fn dispatch(command: Commands) -> anyhow::Result<ExitCode> {
    match command {
        Commands::Ingest {
            paths,
            db,
            jobs,
            batch,
        } => ingest(&paths, &db, jobs, batch),
        Commands::ImportParquet { path, db } => import_parquet(&path, &db),
        Commands::Extract { paths } => extract(&paths),
        Commands::Query { sql, db, json } => query(&db, &sql, json),
        Commands::Trend {
            a,
            b,
            by,
            plot,
            db,
            json,
        } => trend(&db, &a, &b, &by, plot.as_deref(), json),
        Commands::Actors { top, db, json } => actors(&db, top, json),
        Commands::Export {
            format,
            out,
            from,
            to,
            actor,
            source,
            target,
            code,
            quad,
            raw,
            no_header,
            db,
        } => {
            let filter = EventFilter {
                from,
                to,
                source,
                target,
                actor,
                cameo: code,
                quad_class: quad,
                ..Default::default()
            };
            export(&db, &format, out.as_deref(), &filter, raw, !no_header)
        }
    }
}

/// The progress line (on a terminal) and the failure log.
struct Console {
    show: bool,
    last_draw: Instant,
    spinner: usize,
}

impl Console {
    fn draw(&mut self, p: &Progress, done: bool) {
        if !self.show || (!done && self.last_draw.elapsed() < Duration::from_millis(100)) {
            return;
        }
        self.last_draw = Instant::now();
        self.spinner = (self.spinner + 1) % 4;
        let secs = p.elapsed.as_secs_f64().max(1e-3);
        let mark = if done {
            '✓'
        } else {
            ['|', '/', '-', '\\'][self.spinner]
        };
        eprint!(
            "\r{mark} {} documents stored, {} skipped, {} failed | {} events | {:.0} docs/s   ",
            p.stored,
            p.skipped,
            p.failed,
            p.events,
            (p.stored + p.skipped) as f64 / secs
        );
        if done {
            eprintln!();
        }
    }
}

impl IngestObserver for Console {
    fn progress(&mut self, p: &Progress) {
        self.draw(p, false);
    }
    fn failure(&mut self, f: &Failure) {
        if self.show {
            eprint!("\r\x1b[K");
        }
        eprintln!("dyad: {}: {}", f.id, f.message);
    }
}

fn ingest(
    paths: &[PathBuf],
    db: &Path,
    jobs: Option<usize>,
    batch: usize,
) -> anyhow::Result<ExitCode> {
    let code = coder()?;
    let (coder_version, dictionary_version) = coder_versions();
    let mut store = Store::open(db).with_context(|| format!("opening {}", db.display()))?;
    let options = IngestOptions {
        coder_version,
        dictionary_version,
        batch_size: batch,
        threads: jobs,
        ..Default::default()
    };
    let mut console = Console {
        show: std::io::stdout().is_terminal() && std::io::stderr().is_terminal(),
        last_draw: Instant::now(),
        spinner: 0,
    };
    let report = store.ingest(dyad_docs::read_paths(paths), &code, &options, &mut console)?;
    let p = report.progress;
    console.draw(&p, true);
    println!(
        "{} documents read: {} stored, {} already in {}, {} failed; {} events in {:.1} s",
        p.read,
        p.stored,
        p.skipped,
        db.display(),
        p.failed,
        p.events,
        p.elapsed.as_secs_f64()
    );
    Ok(if p.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn extract(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0u64;
    for item in dyad_docs::read_paths(paths) {
        match item {
            Ok(doc) => writeln!(out, "{}", serde_json::to_string(&doc)?)?,
            Err(e) => {
                failed += 1;
                eprintln!("dyad: {e}");
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn open(db: &Path) -> anyhow::Result<Reader> {
    Reader::open(db).with_context(|| format!("opening {} read-only", db.display()))
}

/// The most rows a table prints (JSON output has no limit).
const MAX_TABLE_ROWS: usize = 10_000;

fn cell(v: &serde_json::Value) -> String {
    let s = match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let s = s.replace(['\n', '\r', '\t'], " ");
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn print_table(header: &[String], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let line = |out: &mut dyn Write, cells: &[String]| -> std::io::Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", parts.join("  ").trim_end())
    };
    line(&mut out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut out, &rule)?;
    for r in rows {
        line(&mut out, r)?;
    }
    out.flush()
}

fn query(db: &Path, sql: &str, json: bool) -> anyhow::Result<ExitCode> {
    let reader = open(db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut truncated = false;
    let mut write_error: Option<std::io::Error> = None;
    reader.query(sql, &mut |cols, values| {
        if json {
            // Written by hand to keep the columns in their SQL order.
            let fields: Vec<String> = cols
                .iter()
                .zip(&values)
                .map(|(c, v)| format!("{}:{v}", serde_json::Value::String(c.clone())))
                .collect();
            if let Err(e) = writeln!(out, "{{{}}}", fields.join(",")) {
                write_error = Some(e);
                return false;
            }
            return true;
        }
        if header.is_empty() {
            header = cols.to_vec();
        }
        if rows.len() >= MAX_TABLE_ROWS {
            truncated = true;
            return false;
        }
        rows.push(values.iter().map(cell).collect());
        true
    })?;
    if let Some(e) = write_error {
        return Err(e.into());
    }
    out.flush()?;
    drop(out);
    if !json {
        if header.is_empty() {
            println!("(no rows)");
        } else {
            print_table(&header, &rows)?;
            if truncated {
                eprintln!("dyad: only the first {MAX_TABLE_ROWS} rows shown; use --json for all");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn trend(
    db: &Path,
    a: &str,
    b: &str,
    by: &str,
    plot: Option<&Path>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let period: Period = by.parse()?;
    let reader = open(db)?;
    let rows = reader.trend(a, b, period)?;
    let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
    if json {
        for r in &rows {
            println!("{}", serde_json::to_string(r)?);
        }
    } else if rows.is_empty() {
        println!("no dated events between {a} and {b}");
    } else {
        print_trend(&a, &b, &rows)?;
    }
    if let Some(path) = plot {
        let is_svg = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        anyhow::ensure!(
            is_svg,
            "{}: only SVG charts are written (use a .svg file name)",
            path.display()
        );
        std::fs::write(path, svg_chart(&a, &b, &rows))
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!("dyad: chart written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Width of each half of the terminal chart.
const HALF: usize = 20;

fn print_trend(a: &str, b: &str, rows: &[TrendRow]) -> std::io::Result<()> {
    let header: Vec<String> = [
        "period".to_string(),
        format!("{a}>{b}"),
        "q1".into(),
        "q2".into(),
        "q3".into(),
        "q4".into(),
        "goldstein".into(),
        format!("{b}>{a}"),
        "q1".into(),
        "q2".into(),
        "q3".into(),
        "q4".into(),
        "goldstein".into(),
        format!("{:>HALF$}|{:<HALF$}", "conflict", "cooperation"),
    ]
    .to_vec();
    let max = rows
        .iter()
        .map(|r| {
            let q = |i: usize| r.forward.quad[i] + r.backward.quad[i];
            (q(0) + q(1)).max(q(2) + q(3))
        })
        .max()
        .unwrap_or(0)
        .max(1);
    let scale = |n: u64| ((n as f64 / max as f64) * HALF as f64).ceil() as usize;
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![r.period.clone()];
            for c in [&r.forward, &r.backward] {
                cells.push(c.events.to_string());
                cells.extend(c.quad.iter().map(u64::to_string));
                cells.push(format!("{:.1}", c.goldstein));
            }
            let q = |i: usize| r.forward.quad[i] + r.backward.quad[i];
            let conflict = scale(q(2) + q(3));
            let coop = scale(q(0) + q(1));
            cells.push(format!(
                "{:>HALF$}|{:<HALF$}",
                "▒".repeat(conflict),
                "█".repeat(coop)
            ));
            cells
        })
        .collect();
    print_table(&header, &table)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A line of the Goldstein panel: colour, label, value of a row.
type Series = (&'static str, String, fn(&TrendRow) -> f64);

/// An SVG chart: event counts per period (cooperation up, conflict down, both
/// directions) above the summed Goldstein score of each direction.
fn svg_chart(a: &str, b: &str, rows: &[TrendRow]) -> String {
    let (w, left, right) = (960.0_f64, 70.0_f64, 20.0_f64);
    let plot_w = w - left - right;
    let (top1, h1) = (50.0_f64, 200.0_f64);
    let (top2, h2) = (300.0_f64, 160.0_f64);
    let h = top2 + h2 + 50.0;
    let n = rows.len().max(1) as f64;
    let step = plot_w / n;
    let q = |r: &TrendRow, i: usize| (r.forward.quad[i] + r.backward.quad[i]) as f64;
    let max_count = rows
        .iter()
        .map(|r| (q(r, 0) + q(r, 1)).max(q(r, 2) + q(r, 3)))
        .fold(1.0_f64, f64::max);
    let max_g = rows
        .iter()
        .map(|r| r.forward.goldstein.abs().max(r.backward.goldstein.abs()))
        .fold(1.0_f64, f64::max);
    let mid1 = top1 + h1 / 2.0;
    let mid2 = top2 + h2 / 2.0;
    let mut s = String::new();
    s.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    ));
    s.push_str(&format!(
        "<text x=\"{left}\" y=\"24\" font-size=\"16\">{} and {}: events per period</text>\n",
        xml_escape(a),
        xml_escape(b)
    ));
    s.push_str(&format!(
        "<text x=\"{left}\" y=\"{}\" fill=\"#2a7\">cooperation (QuadClass 1-2) ▲</text><text x=\"{}\" y=\"{}\" fill=\"#c33\">▼ conflict (QuadClass 3-4)</text>\n",
        top1 - 6.0,
        left + 260.0,
        top1 - 6.0
    ));
    for (i, r) in rows.iter().enumerate() {
        let x = left + i as f64 * step;
        let bw = (step * 0.8).max(0.5);
        let up = (q(r, 0) + q(r, 1)) / max_count * h1 / 2.0;
        let down = (q(r, 2) + q(r, 3)) / max_count * h1 / 2.0;
        let title = xml_escape(&format!(
            "{}: {} cooperation, {} conflict",
            r.period,
            q(r, 0) + q(r, 1),
            q(r, 2) + q(r, 3)
        ));
        if up > 0.0 {
            s.push_str(&format!(
                "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"{bw:.2}\" height=\"{up:.2}\" fill=\"#2a7\"><title>{title}</title></rect>\n",
                mid1 - up
            ));
        }
        if down > 0.0 {
            s.push_str(&format!(
                "<rect x=\"{x:.2}\" y=\"{mid1:.2}\" width=\"{bw:.2}\" height=\"{down:.2}\" fill=\"#c33\"><title>{title}</title></rect>\n"
            ));
        }
    }
    s.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{mid1}\" x2=\"{}\" y2=\"{mid1}\" stroke=\"#444\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max_count}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max_count}</text>\n",
        w - right,
        left - 6.0,
        top1 + 10.0,
        left - 6.0,
        top1 + h1
    ));
    // Goldstein lines.
    s.push_str(&format!(
        "<text x=\"{left}\" y=\"{}\" font-size=\"14\">summed Goldstein score</text>\n",
        top2 - 12.0
    ));
    s.push_str(&format!(
        "<line x1=\"{left}\" y1=\"{mid2}\" x2=\"{}\" y2=\"{mid2}\" stroke=\"#444\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{max_g:.1}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">-{max_g:.1}</text>\n",
        w - right,
        left - 6.0,
        top2 + 10.0,
        left - 6.0,
        top2 + h2
    ));
    let series: [Series; 2] = [
        ("#36c", format!("{a} → {b}"), |r| r.forward.goldstein),
        ("#e80", format!("{b} → {a}"), |r| r.backward.goldstein),
    ];
    for (k, (color, label, value)) in series.iter().enumerate() {
        let points: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let x = left + (i as f64 + 0.4) * step;
                let y = mid2 - value(r) / max_g * h2 / 2.0;
                format!("{x:.2},{y:.2}")
            })
            .collect();
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{}\"/>\n<text x=\"{}\" y=\"{}\" fill=\"{color}\">{}</text>\n",
            points.join(" "),
            left + 220.0 + k as f64 * 140.0,
            top2 - 12.0,
            xml_escape(label)
        ));
    }
    // Period labels: about ten along the axis.
    let every = (rows.len() / 10).max(1);
    for (i, r) in rows.iter().enumerate().step_by(every) {
        let x = left + (i as f64 + 0.4) * step;
        s.push_str(&format!(
            "<text x=\"{x:.2}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            top2 + h2 + 20.0,
            xml_escape(&r.period)
        ));
    }
    s.push_str("</svg>\n");
    s
}

fn actors(db: &Path, top: usize, json: bool) -> anyhow::Result<ExitCode> {
    let reader = open(db)?;
    let rows = reader.actors(top)?;
    if json {
        for r in &rows {
            println!("{}", serde_json::to_string(r)?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let header: Vec<String> = [
        "code",
        "name",
        "events",
        "as_source",
        "as_target",
        "mentions",
        "first",
        "last",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.code.clone(),
                cell(&serde_json::Value::String(r.name.clone())),
                (r.as_source + r.as_target).to_string(),
                r.as_source.to_string(),
                r.as_target.to_string(),
                r.mentions.to_string(),
                r.first_date.clone().unwrap_or_default(),
                r.last_date.clone().unwrap_or_default(),
            ]
        })
        .collect();
    print_table(&header, &table)?;
    Ok(ExitCode::SUCCESS)
}

fn export(
    db: &Path,
    format: &str,
    out: Option<&Path>,
    filter: &EventFilter,
    raw: bool,
    header: bool,
) -> anyhow::Result<ExitCode> {
    let format: ExportFormat = format.parse()?;
    let reader = open(db)?;
    let n = if raw {
        anyhow::ensure!(format == ExportFormat::Jsonl, "--raw is for --format jsonl");
        match out {
            Some(p) => {
                let file = std::fs::File::create(p)
                    .with_context(|| format!("creating {}", p.display()))?;
                let mut w = std::io::BufWriter::new(file);
                let n = reader.export_raw_jsonl(filter, &mut w)?;
                w.flush()?;
                n
            }
            None => {
                let stdout = std::io::stdout();
                let mut w = std::io::BufWriter::new(stdout.lock());
                let n = reader.export_raw_jsonl(filter, &mut w)?;
                w.flush()?;
                n
            }
        }
    } else {
        reader.export(format, filter, out, header)?
    };
    if let Some(p) = out {
        eprintln!("dyad: {n} events written to {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_store::DyadCounts;

    #[test]
    fn the_ingest_coder_codes_a_real_document() {
        let code = coder().expect("the embedded coder builds");
        let doc = Document {
            id: "t1".into(),
            date: Some("2024-03-01".into()),
            title: None,
            text: "Serbia condemned Kosovo on Friday.".into(),
            url: None,
            source: None,
        };
        let events = code(&doc).expect("codes");
        assert!(events
            .iter()
            .any(|e| e.source.code.starts_with("SRB") && e.root == "11"));
    }

    #[test]
    fn svg_chart_is_well_formed_and_escaped() {
        let row = |p: &str, q: [u64; 4], g: f64| TrendRow {
            period: p.into(),
            forward: DyadCounts {
                events: q.iter().sum(),
                quad: q,
                goldstein: g,
                mentions: 1,
            },
            backward: DyadCounts::default(),
        };
        let svg = svg_chart(
            "A<B",
            "KOS",
            &[
                row("2023-05", [1, 0, 2, 0], -3.0),
                row("2023-06", [0, 0, 0, 0], 0.0),
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        assert!(svg.contains("A&lt;B"));
        assert_eq!(
            svg.matches("<rect").count(),
            3,
            "background, one up and one down bar"
        );
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert!(svg_chart("A", "B", &[]).ends_with("</svg>\n"));
    }

    #[test]
    fn cells_are_flattened_and_cut() {
        assert_eq!(cell(&serde_json::json!("a\nb")), "a b");
        assert_eq!(cell(&serde_json::Value::Null), "");
        assert_eq!(cell(&serde_json::json!(1.5)), "1.5");
        assert_eq!(cell(&serde_json::json!("x".repeat(70))).chars().count(), 61);
    }
}
