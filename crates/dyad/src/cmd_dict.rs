//! `dyad dict …`: look up phrases, check and import dictionaries.
//!
//! A thin layer over `dyad-dict`: argument parsing and printing only.
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use dyad_dict::{Date, Dictionaries};

/// Subcommands of the dict layer.
#[derive(clap::Subcommand)]
pub enum Commands {
    /// Dictionaries: look up phrases, check, import PETRARCH files.
    #[command(subcommand)]
    Dict(DictCommand),
}

/// `dyad dict` subcommands.
#[derive(clap::Subcommand)]
pub enum DictCommand {
    /// Resolve a phrase to an actor code and print the entries it came from.
    Lookup {
        /// The phrase, e.g. "Kosovo police".
        phrase: String,
        /// The date the phrase is read at (YYYY-MM-DD); default: current entries.
        #[arg(long)]
        date: Option<String>,
        /// A directory of *.dyad files to use instead of the built-in dictionaries.
        #[arg(long)]
        dict: Option<PathBuf>,
    },
    /// Report unreadable lines, duplicates, conflicts and unreachable patterns.
    Check {
        /// A directory of *.dyad files to check instead of the built-in dictionaries.
        #[arg(long)]
        dict: Option<PathBuf>,
        /// How many findings of each kind to print (0: all).
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Convert PETRARCH dictionaries (and CountryInfo) into dyad's format.
    ImportPetrarch {
        /// PETRARCH files; the kind is told from the name (verbs/CAMEO, actors, agents,
        /// discards, issue, prepositions, CountryInfo).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output directory (created if missing); hand-curated 90-*.dyad files are kept.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs one subcommand of the dict layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    let Commands::Dict(cmd) = command;
    match cmd {
        DictCommand::Lookup { phrase, date, dict } => {
            lookup(&phrase, date.as_deref(), dict.as_deref())
        }
        DictCommand::Check { dict, limit } => check(dict.as_deref(), limit),
        DictCommand::ImportPetrarch { files, out } => import(&files, &out),
    }
}

fn load(dict: Option<&Path>) -> anyhow::Result<(std::sync::Arc<Dictionaries>, usize)> {
    match dict {
        None => Ok((
            Dictionaries::embedded().context("loading the built-in dictionaries")?,
            0,
        )),
        Some(dir) => {
            let (d, reports) = Dictionaries::load_dir(dir)?;
            let mut bad = 0;
            for e in reports.iter().flat_map(|r| &r.errors) {
                eprintln!("{e}");
                bad += 1;
            }
            Ok((std::sync::Arc::new(d), bad))
        }
    }
}

fn lookup(phrase: &str, date: Option<&str>, dict: Option<&Path>) -> anyhow::Result<ExitCode> {
    let date = date.map(Date::parse_iso).transpose().context("--date")?;
    let (d, _) = load(dict)?;
    let mut out = String::new();
    let code = match d.lookup_phrase(phrase, date) {
        None => {
            writeln!(out, "no entry matches {phrase:?}")?;
            ExitCode::from(1)
        }
        Some(r) => {
            writeln!(out, "{}", r.code)?;
            for p in &r.parts {
                let role = match p.role {
                    dyad_dict::Role::Actor => "actor",
                    dyad_dict::Role::Agent => "agent",
                    dyad_dict::Role::Office => "office",
                };
                writeln!(
                    out,
                    "  {:<32} {:<6} {:<12} {}",
                    p.phrase, role, p.code, p.origin
                )?;
            }
            ExitCode::SUCCESS
        }
    };
    emit(&out)?;
    Ok(code)
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn emit(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

fn check(dict: Option<&Path>, limit: usize) -> anyhow::Result<ExitCode> {
    let (d, bad) = load(dict)?;
    let findings = dyad_dict::check::check(&d);
    let mut shown = std::collections::HashMap::new();
    let mut out = String::new();
    for f in &findings {
        let n = shown.entry(f.kind).or_insert(0usize);
        *n += 1;
        if limit == 0 || *n <= limit {
            writeln!(out, "{f}")?;
        }
    }
    let count = |k| findings.iter().filter(|f| f.kind == k).count();
    use dyad_dict::check::FindingKind as K;
    writeln!(
        out,
        "{} unreadable lines, {} duplicates, {} conflicts, {} unreachable patterns",
        bad,
        count(K::Duplicate),
        count(K::Conflict),
        count(K::Unreachable)
    )?;
    emit(&out)?;
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn import(files: &[PathBuf], out: &Path) -> anyhow::Result<ExitCode> {
    let imported = dyad_dict::import::import_files(files)?;
    let mut bad = 0;
    for r in &imported.reports {
        for e in &r.errors {
            eprintln!("{e}");
            bad += 1;
        }
        eprintln!(
            "{}: {} lines, {} read, {} reported",
            r.file,
            r.total,
            r.read,
            r.errors.len()
        );
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    for (name, text) in &imported.files {
        let path = out.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
