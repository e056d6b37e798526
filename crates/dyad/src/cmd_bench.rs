//! `dyad bench`: split + tag + parse throughput on the news corpus, on one core
//! and on all cores, with spaCy's small English pipeline measured in the same
//! run when its virtual environment (`bench/.venv`) exists.
//!
//! The document selection is the one `bench/spacy/bench_spacy.py` uses: the
//! `*.jsonl` files of the folder in sorted order, the first N documents of each,
//! their `text` field. The benchmark asserts what it measures: every sentence
//! gets one tree with one root, and both runs see the same tokens.
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;

/// Subcommands of the benchmark.
#[derive(clap::Subcommand)]
pub enum Commands {
    /// Split + tag + parse throughput (tokens/s) on one core and all cores, against spaCy.
    Bench(BenchArgs),
}

/// Options of `dyad bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Folder of news JSON lines files.
    #[arg(default_value = "../shared/data/news")]
    news: PathBuf,
    /// The first N documents of each file.
    #[arg(long, default_value_t = 2000)]
    docs: usize,
    /// Python of a virtual environment with spaCy (made by bench/spacy/setup.sh).
    #[arg(long, default_value = "bench/.venv/bin/python")]
    spacy_python: PathBuf,
    /// Skip the spaCy comparison.
    #[arg(long)]
    no_spacy: bool,
}

/// Runs the benchmark.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    let Commands::Bench(args) = command;
    let texts = load_texts(&args.news, args.docs)?;
    let load = Instant::now();
    let pipeline = dyad_syntax::pipeline::Pipeline::embedded()?;
    eprintln!("models loaded in {:.2} s", load.elapsed().as_secs_f64());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut results = Vec::new();
    for threads in [1, cores] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .context("building the thread pool")?;
        let start = Instant::now();
        let (sentences, tokens) = pool.install(|| {
            texts
                .par_iter()
                .map(|text| {
                    let mut counts = (0usize, 0usize);
                    for sentence in dyad_text::sentences(text) {
                        let words: Vec<&str> =
                            sentence.tokens.iter().map(|t| t.form.as_str()).collect();
                        let parsed = pipeline.annotate(&words);
                        let roots = parsed.words.iter().filter(|w| w.head == 0).count();
                        assert!(
                            words.is_empty() || roots == 1,
                            "a sentence got {roots} roots"
                        );
                        counts.0 += 1;
                        counts.1 += words.len();
                    }
                    counts
                })
                .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        });
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{}",
            serde_json::json!({"tool": "dyad", "cores": threads, "docs": texts.len(),
                "sentences": sentences, "tokens": tokens, "seconds": seconds,
                "tokens_per_sec": tokens as f64 / seconds})
        );
        results.push((threads, tokens, tokens as f64 / seconds));
    }
    if results[0].1 != results[1].1 || results[0].1 == 0 {
        bail!("the runs saw different or no tokens: {results:?}");
    }
    if cores > 1 {
        eprintln!(
            "scaling 1 → {cores} cores: {:.2}×",
            results[1].2 / results[0].2
        );
    }
    if !args.no_spacy {
        spacy(&args, results[0].2)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs the spaCy script on the same documents and prints the one-core ratio.
fn spacy(args: &BenchArgs, dyad_one_core: f64) -> anyhow::Result<()> {
    if !args.spacy_python.exists() {
        eprintln!(
            "spaCy not measured: {} is missing (run bash bench/spacy/setup.sh)",
            args.spacy_python.display()
        );
        return Ok(());
    }
    let out = Command::new(&args.spacy_python)
        .arg("bench/spacy/bench_spacy.py")
        .arg(&args.news)
        .args(["--docs", &args.docs.to_string(), "--cores", "1"])
        .output()
        .context("running bench/spacy/bench_spacy.py")?;
    if !out.status.success() {
        bail!(
            "spaCy benchmark failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    for line in stdout.lines() {
        println!("{line}");
        let row: serde_json::Value = serde_json::from_str(line).context("spaCy output")?;
        if let Some(rate) = row.get("tokens_per_sec").and_then(|v| v.as_f64()) {
            eprintln!(
                "dyad / spaCy, one core: {:.1}×",
                dyad_one_core / rate.max(f64::MIN_POSITIVE)
            );
        }
    }
    Ok(())
}

/// The first `docs` texts of each `*.jsonl` file of `folder`, files in sorted order.
fn load_texts(folder: &Path, docs: usize) -> anyhow::Result<Vec<String>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("reading {}", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{}: no *.jsonl files", folder.display());
    }
    let mut texts = Vec::new();
    for path in files {
        let file =
            std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
        for (n, line) in std::io::BufReader::new(file).lines().take(docs).enumerate() {
            let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
            let row: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
            texts.push(row["text"].as_str().unwrap_or_default().to_string());
        }
    }
    Ok(texts)
}
