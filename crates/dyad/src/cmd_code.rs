//! `dyad code` and `dyad eval`: coding documents into events, and scoring them.
use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dyad_coder::eval;
use dyad_coder::{Coder, CoderOptions};
use dyad_docs::{DocError, Document};
use dyad_event::Event;

/// Output formats of `dyad code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON event per line.
    Json,
    /// A GDELT-style tab-separated table with a header line.
    Tsv,
}

/// Subcommands of the coder.
#[derive(clap::Subcommand)]
pub enum Commands {
    /// Code news documents into events: plain text files (one document each) or JSON
    /// lines (`id`, `date`, `text`, optional `title`, `url`), told apart by content; `-`
    /// reads standard input.
    Code {
        /// Input files or folders; `-` for standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The date (YYYY-MM-DD) of documents that give none.
        #[arg(long)]
        date: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Print each event with the sentence analysis and rule that produced it.
        #[arg(long)]
        explain: bool,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Score events against a gold file (precision and core recall, as
    /// `score_events.py` computes them), or run PETRARCH's unit-test suite.
    Eval {
        /// Gold events (JSON lines).
        #[arg(required_unless_present = "petrarch")]
        gold: Option<PathBuf>,
        /// Coded events (JSON lines).
        #[arg(required_unless_present = "petrarch")]
        events: Option<PathBuf>,
        /// Run `PETR.UnitTest.records.xml` of this folder with its validation
        /// dictionaries and report the pass rate per category.
        #[arg(long, value_name = "DIR", conflicts_with_all = ["gold", "events"])]
        petrarch: Option<PathBuf>,
        /// With --petrarch: list the records that fail.
        #[arg(long)]
        verbose: bool,
        /// Exit with status 1 when core recall is below this.
        #[arg(long, default_value_t = 0.0)]
        min_recall: f64,
        /// Exit with status 1 when precision is below this.
        #[arg(long, default_value_t = 0.0)]
        min_precision: f64,
    },
}

/// Runs one coder subcommand.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match command {
        Commands::Code {
            files,
            date,
            format,
            explain,
            threads,
        } => code(files, date, format, explain, threads),
        Commands::Eval {
            gold,
            events,
            petrarch,
            verbose,
            min_recall,
            min_precision,
        } => match (petrarch, gold, events) {
            (Some(dir), _, _) => petrarch_suite(&dir, verbose),
            (None, Some(gold), Some(events)) => {
                let g = std::fs::read_to_string(&gold)
                    .with_context(|| format!("reading {}", gold.display()))?;
                let e = std::fs::read_to_string(&events)
                    .with_context(|| format!("reading {}", events.display()))?;
                let golds = eval::read_gold(&g, &gold.display().to_string())?;
                let evs = eval::read_events(&e, &events.display().to_string())?;
                let s = eval::score(&golds, &evs);
                print!("{}", s.report());
                Ok(if s.recall >= min_recall && s.precision >= min_precision {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                })
            }
            _ => anyhow::bail!("dyad eval needs GOLD and EVENTS, or --petrarch DIR"),
        },
    }
}

fn petrarch_suite(dir: &std::path::Path, verbose: bool) -> anyhow::Result<ExitCode> {
    let file = dir.join("PETR.UnitTest.records.xml");
    let xml =
        std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let records = dyad_coder::petrarch::read_records(&xml);
    let coder = dyad_coder::petrarch::validation_coder(dir)?;
    let results = dyad_coder::petrarch::run(&coder, &records);
    if verbose {
        for r in results.iter().filter(|r| !r.passed) {
            println!("FAIL {} want {:?} got {:?}", r.id, r.expected, r.found);
        }
    }
    let (mut passed_all, mut total_all) = (0, 0);
    for (c, passed, total) in dyad_coder::petrarch::by_category(&results) {
        println!(
            "{c:10} {passed:4}/{total:<4} {:5.1}%",
            100.0 * passed as f64 / total.max(1) as f64
        );
        passed_all += passed;
        total_all += total;
    }
    println!(
        "{:10} {passed_all:4}/{total_all:<4} {:5.1}%",
        "all",
        100.0 * passed_all as f64 / total_all.max(1) as f64
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads standard input as documents: JSON lines when the first non-blank byte is `{`,
/// else one plain-text document.
fn read_stdin() -> Vec<Result<Document, DocError>> {
    let mut bytes = Vec::new();
    let limit = dyad_docs::MAX_DOC_BYTES as u64 * 64;
    if let Err(source) = std::io::stdin().take(limit).read_to_end(&mut bytes) {
        return vec![Err(DocError::Io {
            at: dyad_docs::Location::File("-".into()),
            source,
        })];
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        dyad_docs::JsonLines::new(BufReader::new(&bytes[..]), PathBuf::from("-")).collect()
    } else {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        vec![Ok(Document {
            id: "stdin".into(),
            text,
            ..Document::default()
        })]
    }
}

fn code(
    files: Vec<PathBuf>,
    date: Option<String>,
    format: Format,
    explain: bool,
    threads: Option<usize>,
) -> anyhow::Result<ExitCode> {
    if let Some(n) = threads {
        // Read by rayon when its global pool starts (on the first batch).
        std::env::set_var("RAYON_NUM_THREADS", n.max(1).to_string());
    }
    let coder = Coder::new(CoderOptions { explain }).context("building the coder")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if format == Format::Tsv {
        writeln!(out, "{}", TSV_HEADER.join("\t"))?;
    }
    let mut failed = 0usize;
    let mut batch: Vec<Document> = Vec::new();
    let mut inputs: Vec<Box<dyn Iterator<Item = Result<Document, DocError>>>> = Vec::new();
    for f in files {
        if f.as_os_str() == "-" {
            inputs.push(Box::new(read_stdin().into_iter()));
        } else {
            inputs.push(Box::new(dyad_docs::read_paths([f])));
        }
    }
    for item in inputs.into_iter().flatten() {
        match item {
            Ok(mut doc) => {
                if doc.date.is_none() {
                    doc.date.clone_from(&date);
                }
                batch.push(doc);
                if batch.len() >= 256 {
                    failed += flush(&coder, &mut batch, format, explain, &mut out)?;
                }
            }
            Err(e) => {
                eprintln!("dyad code: {e}");
                failed += 1;
            }
        }
    }
    failed += flush(&coder, &mut batch, format, explain, &mut out)?;
    out.flush()?;
    if failed > 0 {
        eprintln!("dyad code: {failed} document(s) failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn flush(
    coder: &Coder,
    batch: &mut Vec<Document>,
    format: Format,
    explain: bool,
    out: &mut impl Write,
) -> anyhow::Result<usize> {
    let mut failed = 0;
    let results = coder.code_batch(batch.as_slice());
    for result in results {
        match result {
            Ok((events, traces)) => {
                for e in &events {
                    match format {
                        Format::Json => writeln!(out, "{}", serde_json::to_string(e)?)?,
                        Format::Tsv => writeln!(out, "{}", tsv_row(e))?,
                    }
                    if explain {
                        writeln!(out, "# rule: {}", e.evidence.rule)?;
                        writeln!(out, "# text = {}", e.evidence.text)?;
                        if let Some(t) = traces.iter().find(|t| t.sentence == e.sentence) {
                            for line in t.table.lines() {
                                writeln!(out, "# {line}")?;
                            }
                        }
                    }
                }
            }
            Err(e) => {
                eprintln!("dyad code: {e}");
                failed += 1;
            }
        }
    }
    batch.clear();
    Ok(failed)
}

const TSV_HEADER: [&str; 18] = [
    "doc_id",
    "date",
    "source",
    "source_country",
    "source_sector",
    "target",
    "target_country",
    "target_sector",
    "cameo",
    "root",
    "quad_class",
    "goldstein",
    "plover",
    "location",
    "lat",
    "lon",
    "negated",
    "sentence",
];

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn tsv_row(e: &Event) -> String {
    let t = e.target.clone().unwrap_or_default();
    let loc = e.location.clone().unwrap_or_default();
    let has_loc = e.location.is_some();
    [
        clean(&e.doc_id),
        e.date.clone().unwrap_or_default(),
        e.source.code.clone(),
        e.source.country.clone(),
        e.source.sector.clone(),
        t.code,
        t.country,
        t.sector,
        e.cameo.clone(),
        e.root.clone(),
        e.quad_class.to_string(),
        e.goldstein.to_string(),
        e.plover.event_type.clone(),
        clean(&loc.name),
        if has_loc {
            loc.lat.to_string()
        } else {
            String::new()
        },
        if has_loc {
            loc.lon.to_string()
        } else {
            String::new()
        },
        e.negated.to_string(),
        clean(&e.evidence.text),
    ]
    .join("\t")
}
