//! `dyad code` and `dyad eval`: coding documents into events, and scoring them.
use std::io::{BufRead, BufReader, Read, Write};
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
    /// reads standard input, streamed one JSON line at a time in constant memory.
    /// Per-document errors are JSON lines (`doc_id`, `line`, `error`) on standard
    /// error or in `--errors FILE`; the exit status is 1 when any document failed.
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
        /// Write per-document errors as JSON lines (`doc_id`, `line`, `error`) to this
        /// file instead of standard error.
        #[arg(long, value_name = "FILE")]
        errors: Option<PathBuf>,
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
            errors,
        } => code(files, date, format, explain, threads, errors),
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
    let coder = dyad_coder::petrarch::validation_coder(dir, dyad_coder::CoderOptions::default())?;
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

/// Documents are coded in chunks of this many, in parallel, output in input order.
const CHUNK_DOCS: usize = 256;
/// A chunk is also closed when its texts reach this many bytes.
const CHUNK_BYTES: usize = 64 << 20;

/// Streams standard input as documents: JSON lines (one document at a time, memory
/// bounded by one line) when the first non-blank byte is `{`, else one plain-text
/// document (read up to a cap).
fn read_stdin() -> Box<dyn Iterator<Item = Result<Document, DocError>>> {
    let mut reader = BufReader::with_capacity(1 << 16, std::io::stdin());
    let first = loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(source) => {
                return Box::new(std::iter::once(Err(DocError::Io {
                    at: dyad_docs::Location::File("-".into()),
                    source,
                })))
            }
        };
        if buf.is_empty() {
            break None;
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => break Some(buf[i]),
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    };
    match first {
        None => Box::new(std::iter::empty()),
        Some(b'{') => Box::new(dyad_docs::JsonLines::new(reader, PathBuf::from("-"))),
        Some(_) => {
            let mut bytes = Vec::new();
            let limit = dyad_docs::MAX_DOC_BYTES as u64 * 64;
            if let Err(source) = reader.take(limit).read_to_end(&mut bytes) {
                return Box::new(std::iter::once(Err(DocError::Io {
                    at: dyad_docs::Location::File("-".into()),
                    source,
                })));
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Box::new(std::iter::once(Ok(Document {
                id: "stdin".into(),
                text,
                ..Document::default()
            })))
        }
    }
}

/// Where per-document errors go: JSON lines on standard error or in a file.
struct ErrorSink {
    out: Box<dyn Write>,
    failed: usize,
}

impl ErrorSink {
    fn open(path: Option<&std::path::Path>) -> anyhow::Result<ErrorSink> {
        let out: Box<dyn Write> = match path {
            Some(p) => Box::new(std::io::BufWriter::new(
                std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
            )),
            None => Box::new(std::io::stderr()),
        };
        Ok(ErrorSink { out, failed: 0 })
    }

    /// Records one failed document; `doc_id` is `None` when the input could not be
    /// read far enough to know it.
    fn report(
        &mut self,
        doc_id: Option<&str>,
        line: Option<u64>,
        error: &str,
    ) -> anyhow::Result<()> {
        self.failed += 1;
        let record = serde_json::json!({"doc_id": doc_id, "line": line, "error": error});
        writeln!(self.out, "{record}").context("writing an error record")?;
        Ok(())
    }

    fn doc_error(&mut self, e: &DocError) -> anyhow::Result<()> {
        let line = match e.location() {
            dyad_docs::Location::Line(_, l) => Some(*l),
            _ => None,
        };
        self.report(None, line, &e.to_string())
    }
}

fn code(
    files: Vec<PathBuf>,
    date: Option<String>,
    format: Format,
    explain: bool,
    threads: Option<usize>,
    errors: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    if let Some(n) = threads {
        // Read by rayon when its global pool starts (on the first batch).
        std::env::set_var("RAYON_NUM_THREADS", n.max(1).to_string());
    }
    let mut sink = ErrorSink::open(errors.as_deref())?;
    let coder = Coder::new(CoderOptions { explain }).context("building the coder")?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if format == Format::Tsv {
        writeln!(out, "{}", TSV_HEADER.join("\t"))?;
    }
    let mut batch: Vec<Document> = Vec::new();
    let mut batch_bytes = 0usize;
    let mut inputs: Vec<Box<dyn Iterator<Item = Result<Document, DocError>>>> = Vec::new();
    for f in files {
        if f.as_os_str() == "-" {
            inputs.push(read_stdin());
        } else {
            inputs.push(Box::new(dyad_docs::read_paths([f])));
        }
    }
    // Inputs are opened lazily: `read_stdin` only peeks at the first bytes.
    for item in inputs.into_iter().flatten() {
        match item {
            Ok(mut doc) => {
                if doc.date.is_none() {
                    doc.date.clone_from(&date);
                }
                batch_bytes += doc.text.len();
                batch.push(doc);
                if batch.len() >= CHUNK_DOCS || batch_bytes >= CHUNK_BYTES {
                    flush(&coder, &mut batch, format, explain, &mut out, &mut sink)?;
                    batch_bytes = 0;
                }
            }
            Err(e) => sink.doc_error(&e)?,
        }
    }
    flush(&coder, &mut batch, format, explain, &mut out, &mut sink)?;
    out.flush()?;
    sink.out.flush()?;
    if sink.failed > 0 {
        if errors.is_some() {
            eprintln!("dyad code: {} document(s) failed", sink.failed);
        }
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
    sink: &mut ErrorSink,
) -> anyhow::Result<()> {
    let results = coder.code_batch(batch.as_slice());
    for (doc, result) in batch.iter().zip(results) {
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
                if explain {
                    // Sentences that had an actor and a verb but gave no event: the
                    // place to look for a missed one.
                    for t in traces
                        .iter()
                        .filter(|t| !events.iter().any(|e| e.sentence == t.sentence))
                    {
                        writeln!(out, "# doc {} sentence {}: no event", doc.id, t.sentence)?;
                        for line in t.table.lines() {
                            writeln!(out, "# {line}")?;
                        }
                    }
                }
            }
            Err(e) => sink.report(Some(&doc.id), None, &e.to_string())?,
        }
    }
    batch.clear();
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn bad_lines_are_reported_as_json_with_their_line() {
        let input = b"{\"id\": \"a\", \"text\": \"ok\"}\n{\"id\": broken\n\x00\xff junk\n";
        let buf = Shared::default();
        let mut sink = ErrorSink {
            out: Box::new(buf.clone()),
            failed: 0,
        };
        let mut good = Vec::new();
        for item in dyad_docs::JsonLines::new(&input[..], PathBuf::from("-")) {
            match item {
                Ok(d) => good.push(d.id),
                Err(e) => sink.doc_error(&e).expect("writing to memory"),
            }
        }
        assert_eq!(good, ["a"]);
        assert_eq!(sink.failed, 2);
        let text = String::from_utf8(buf.0.borrow().clone()).expect("JSON is UTF-8");
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).expect("an error record is JSON"))
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["line"], 2);
        assert_eq!(lines[1]["line"], 3);
        assert!(lines[1]["doc_id"].is_null());
    }
}
