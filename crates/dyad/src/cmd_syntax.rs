//! `dyad` subcommands for the syntax layer: `parse`, `train`, `eval-syntax`.
//!
//! For: running the tagger, lemmatiser and parser over text or CoNLL-U,
//! retraining the shipped models from the UD treebanks, and scoring
//! predictions against a gold treebank. Not for: event coding.
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use dyad_syntax::conllu::{self, Sentence};
use dyad_syntax::eval;
use dyad_syntax::pipeline::{self, Pipeline};

/// Subcommands of the syntax layer.
#[derive(clap::Subcommand)]
pub enum Commands {
    /// Tag, lemmatise and parse text or CoNLL-U; prints CoNLL-U.
    Parse(ParseArgs),
    /// Retrain the tagger (and lemmatiser), the parser or the post-parse tagging pass from
    /// the UD treebanks.
    Train(TrainArgs),
    /// Score predicted CoNLL-U against gold (UPOS, XPOS, lemma, UAS, LAS).
    EvalSyntax(EvalArgs),
}

/// What `dyad parse` reads.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum InputKind {
    /// Plain text (UTF-8), split into sentences and words by dyad-text.
    Text,
    /// CoNLL-U: the words are kept as they are; predicted columns are filled in.
    Conllu,
}

/// Arguments of `dyad parse`.
#[derive(clap::Args)]
pub struct ParseArgs {
    /// Input file; `-` or nothing reads standard input.
    pub file: Option<PathBuf>,
    /// The input format.
    #[arg(long, value_enum, default_value = "text")]
    pub input: InputKind,
    /// Load models from this directory instead of the ones built in.
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Print model load and parse times to standard error.
    #[arg(long)]
    pub timing: bool,
}

/// Which model `dyad train` retrains.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TrainWhat {
    /// The part-of-speech tagger and the lemmatiser.
    Tagger,
    /// The dependency parser.
    Parser,
    /// The post-parse tagging pass, for the tagger and parser in `--out`.
    Retagger,
}

/// Arguments of `dyad train`.
#[derive(clap::Args)]
pub struct TrainArgs {
    /// The model to train.
    #[arg(value_enum)]
    pub what: TrainWhat,
    /// Directory holding the UD English EWT and GUM treebanks.
    #[arg(long, default_value = "../shared/data/ud")]
    pub ud: PathBuf,
    /// Where to write the model files.
    #[arg(long, default_value = "data/models")]
    pub out: PathBuf,
    /// The most training passes (early stopping on the dev sets may stop sooner).
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Unlabelled text (JSON lines with a `text` field) for the tagger's
    /// word-case profiles and word clusters.
    #[arg(
        long,
        default_value = "../shared/data/news/wikipedia-current-events.jsonl"
    )]
    pub texts: PathBuf,
    /// Train without unlabelled text.
    #[arg(long)]
    pub no_texts: bool,
    /// Parser: train on tags predicted by taggers trained on the other folds
    /// (jackknifing; default 4; below 2, gold tags). Retagger: tag and parse
    /// each fold with models trained on the others (default 3).
    #[arg(long)]
    pub folds: Option<usize>,
    /// Parser only: a seed ensemble of this many parsers, weights summed (the
    /// shipped parser has 5); 1 trains a single parser.
    #[arg(long, default_value_t = 5)]
    pub seeds: usize,
    /// Parser only: prune the model to at most this many MiB.
    #[arg(long, default_value_t = 16.5)]
    pub max_mb: f64,
}

/// Arguments of `dyad eval-syntax`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// Gold CoNLL-U file.
    pub gold: PathBuf,
    /// Predicted CoNLL-U with the same words; without it, the models annotate
    /// the gold file's words first.
    pub pred: Option<PathBuf>,
    /// Load models from this directory instead of the ones built in.
    #[arg(long)]
    pub models: Option<PathBuf>,
}

/// Runs one subcommand of the syntax layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match command {
        Commands::Parse(a) => quiet_broken_pipe(parse(a)),
        Commands::Train(a) => train(a),
        Commands::EvalSyntax(a) => eval_syntax(a),
    }
}

/// A reader of our output that went away (`dyad parse … | head`) is not an error.
fn quiet_broken_pipe(result: anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    match result {
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
            }) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        other => other,
    }
}

enum Models {
    Embedded(&'static Pipeline),
    Owned(Box<Pipeline>),
}

impl Models {
    fn get(&self) -> &Pipeline {
        match self {
            Models::Embedded(p) => p,
            Models::Owned(p) => p,
        }
    }
}

fn load_models(dir: Option<&Path>) -> anyhow::Result<Models> {
    Ok(match dir {
        Some(d) => Models::Owned(Box::new(
            Pipeline::from_dir(d)
                .with_context(|| format!("loading models from {}", d.display()))?,
        )),
        None => Models::Embedded(Pipeline::embedded()?),
    })
}

fn open_input(file: Option<&Path>) -> anyhow::Result<(Box<dyn BufRead>, String)> {
    match file {
        None => Ok((Box::new(io::stdin().lock()), "<stdin>".into())),
        Some(p) if p.as_os_str() == "-" => Ok((Box::new(io::stdin().lock()), "<stdin>".into())),
        Some(p) => {
            let f = std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?;
            Ok((Box::new(io::BufReader::new(f)), p.display().to_string()))
        }
    }
}

fn parse(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let models = load_models(args.models.as_deref())?;
    let pipeline = models.get();
    let load = t0.elapsed();
    let (mut input, name) = open_input(args.file.as_deref())?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let t1 = Instant::now();
    let mut errors = 0usize;
    let mut n_words = 0usize;
    match args.input {
        InputKind::Conllu => {
            for item in conllu::Reader::new(input, name) {
                match item {
                    Ok(mut s) => {
                        pipeline.annotate_conllu(&mut s);
                        n_words += s.words.len();
                        conllu::write_sentence(&mut out, &s)?;
                    }
                    Err(e) => {
                        errors += 1;
                        eprintln!("dyad: error: {e} (sentence skipped)");
                    }
                }
            }
        }
        InputKind::Text => {
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .with_context(|| format!("reading {name}"))?;
            let text = dyad_text::decode(&bytes).with_context(|| format!("reading {name}"))?;
            for (i, s) in dyad_text::sentences(text).iter().enumerate() {
                let forms: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
                let mut sentence = pipeline.annotate(&forms);
                let raw = text.get(s.start..s.end).unwrap_or_default();
                let one_line: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
                sentence.comments =
                    vec![format!("sent_id = {}", i + 1), format!("text = {one_line}")];
                mark_spaces(&mut sentence, s);
                n_words += sentence.words.len();
                conllu::write_sentence(&mut out, &sentence)?;
            }
        }
    }
    out.flush()?;
    if args.timing {
        let secs = t1.elapsed().as_secs_f64();
        eprintln!(
            "models loaded in {:.3} s; {n_words} words annotated in {secs:.3} s ({:.0} words/s)",
            load.as_secs_f64(),
            n_words as f64 / secs.max(1e-9)
        );
    }
    Ok(if errors > 0 {
        eprintln!("dyad: {errors} broken sentence(s) in the input");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Sets `SpaceAfter=No` on words directly followed by the next one in the text.
fn mark_spaces(sentence: &mut Sentence, s: &dyad_text::Sentence) {
    for (w, pair) in sentence.words.iter_mut().zip(s.tokens.windows(2)) {
        if pair[0].end == pair[1].start {
            w.misc = "SpaceAfter=No".into();
        }
    }
}

/// The most passes of the fold parsers that parse the retagger's training set.
const RETAGGER_PARSER_EPOCHS: usize = 8;

fn train(args: TrainArgs) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let mut log = |m: &str| eprintln!("[{:7.1} s] {m}", t0.elapsed().as_secs_f64());
    let texts = (!args.no_texts).then_some(args.texts.as_path());
    let mut tagger_opts = dyad_syntax::tagger::TrainOptions::default();
    match args.what {
        TrainWhat::Tagger => {
            if let Some(e) = args.epochs {
                tagger_opts.epochs = e;
            }
            pipeline::train_tagger_files(&args.ud, texts, &args.out, &tagger_opts, &mut log)?;
        }
        TrainWhat::Parser => {
            let mut parser_opts = dyad_syntax::parser::TrainOptions::default();
            if let Some(e) = args.epochs {
                parser_opts.epochs = e;
            }
            if !(args.max_mb > 0.0 && args.max_mb.is_finite()) {
                bail!("--max-mb must be a positive number of MiB");
            }
            parser_opts.max_bytes = (args.max_mb * f64::from(1u32 << 20)) as usize;
            pipeline::train_parser_files(
                &args.ud,
                texts,
                &args.out,
                args.folds.unwrap_or(4),
                args.seeds,
                &tagger_opts,
                &parser_opts,
                &mut log,
            )?;
        }
        TrainWhat::Retagger => {
            let mut opts = dyad_syntax::retagger::TrainOptions::default();
            if let Some(e) = args.epochs {
                opts.epochs = e;
            }
            pipeline::train_retagger_files(
                &args.ud,
                texts,
                &args.out,
                args.folds.unwrap_or(3),
                RETAGGER_PARSER_EPOCHS,
                &opts,
                &mut log,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_syntax(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let gold = conllu::read_file(&args.gold)?;
    if gold.is_empty() {
        bail!("{}: no sentences", args.gold.display());
    }
    let pred = match &args.pred {
        Some(p) => conllu::read_file(p)?,
        None => {
            let models = load_models(args.models.as_deref())?;
            let pipeline = models.get();
            gold.iter()
                .map(|g| {
                    let mut s = g.clone();
                    pipeline.annotate_conllu(&mut s);
                    s
                })
                .collect()
        }
    };
    let scores = eval::evaluate(&gold, &pred)
        .with_context(|| format!("comparing with {}", args.gold.display()))?;
    let mut out = io::stdout().lock();
    writeln!(out, "gold: {}", args.gold.display())?;
    match &args.pred {
        Some(p) => writeln!(out, "predicted: {}", p.display())?,
        None => writeln!(out, "predicted: dyad's models on the gold words")?,
    }
    write!(out, "{scores}")?;
    Ok(ExitCode::SUCCESS)
}
