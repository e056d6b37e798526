//! `dyad codebook` and `dyad geo`: look up CAMEO/PLOVER codes and actor codes,
//! and build or query the gazetteer.
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use dyad_codebook::{ActorCode, Codebook};
use dyad_geo::Gazetteer;
use serde_json::json;

/// Subcommands of the codebook layer.
#[derive(clap::Subcommand)]
pub enum Commands {
    /// Explain a CAMEO event code (`112`) or actor code (`RUSGOV`), or list codes.
    Codebook(CodebookArgs),
    /// The gazetteer: look up places, find them in a sentence, or rebuild it from GeoNames.
    #[command(subcommand)]
    Geo(GeoCommand),
}

/// Arguments of `dyad codebook`.
#[derive(clap::Args)]
pub struct CodebookArgs {
    /// An event code (digits, e.g. 112) or an actor code (letters, e.g. RUSGOV); with --list, a root or prefix.
    pub code: Option<String>,
    /// List event codes: all of them, or those under CODE (e.g. `--list 11`).
    #[arg(long)]
    pub list: bool,
    /// List the PLOVER event types with their modes, and the PLOVER contexts.
    #[arg(long, conflicts_with = "list")]
    pub plover: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Subcommands of `dyad geo`.
#[derive(clap::Subcommand)]
pub enum GeoCommand {
    /// Rebuild the shipped gazetteer from a GeoNames source directory
    /// (places.tsv, countries.json, continents.json, e.g. ../shared/data/geo).
    Build {
        /// The GeoNames source directory.
        src_dir: PathBuf,
        /// Where to write gazetteer.tsv.gz (and common-words.txt with --ud; without
        /// --ud an existing common-words.txt there is used).
        #[arg(long, default_value = "data/geo")]
        out: PathBuf,
        /// Also rebuild common-words.txt from the CoNLL-U treebanks in this directory.
        #[arg(long)]
        ud: Option<PathBuf>,
        /// With --ud: how often a lower-case form must occur to count as a common word.
        #[arg(long, default_value_t = 3)]
        min_count: usize,
    },
    /// Look up a place by name (spelling-insensitive).
    Lookup {
        /// The place name, e.g. Zvecan.
        name: String,
        /// Prefer places in this country (ISO alpha-2/alpha-3 or CAMEO code); repeatable.
        #[arg(long)]
        country: Vec<String>,
        /// Show at most this many places.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Find place names in a sentence (split at spaces and punctuation).
    Find {
        /// The sentence.
        text: String,
        /// Countries the document mentions (hints); repeatable.
        #[arg(long)]
        country: Vec<String>,
        /// Print JSON lines instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Load the embedded gazetteer and report its size and load time.
    Stats,
}

/// Runs one subcommand of the codebook layer.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    match command {
        Commands::Codebook(args) => run_codebook(args),
        Commands::Geo(cmd) => run_geo(cmd),
    }
}

fn run_codebook(args: CodebookArgs) -> anyhow::Result<ExitCode> {
    let book = Codebook::embedded();
    if args.plover {
        return print_plover(book, args.json);
    }
    if args.list {
        let prefix = args.code.as_deref().unwrap_or("").trim();
        let mut any = false;
        for e in book.events_under(prefix) {
            any = true;
            if args.json {
                println!("{}", event_json(book, &e.code));
            } else {
                let indent = "  ".repeat(e.level() - 2);
                println!(
                    "{indent}{:<6}{:>6.1}  Q{}  {}",
                    e.code, e.goldstein, e.quad_class, e.name
                );
            }
        }
        if !any {
            eprintln!("dyad: no event codes under {prefix:?}");
            return Ok(ExitCode::from(1));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(code) = args.code.as_deref().map(str::trim) else {
        anyhow::bail!(
            "give a code (e.g. `dyad codebook 112` or `dyad codebook RUSGOV`), --list or --plover"
        );
    };
    if !code.is_empty() && code.bytes().all(|b| b.is_ascii_digit()) {
        let Some(e) = book.event(code) else {
            eprintln!("dyad: {code} is not a CAMEO event code");
            return Ok(ExitCode::from(1));
        };
        if args.json {
            println!("{}", event_json(book, code));
            return Ok(ExitCode::SUCCESS);
        }
        let root_name = book.event(e.root()).map_or("", |r| r.name.as_str());
        println!("code       {}", e.code);
        println!("name       {}", e.name);
        println!("goldstein  {:.1}", e.goldstein);
        println!("quadclass  {} ({})", e.quad_class, e.quad_class_name());
        println!("root       {} ({root_name})", e.root());
        match book.plover(code) {
            Some(p) => {
                let via = plover_source(book, code);
                let via = if via == code {
                    String::new()
                } else {
                    format!("  (from {via})")
                };
                println!("plover     {}{via}", p.event_type);
                println!(
                    "mode       {}",
                    if p.mode.is_empty() { "-" } else { &p.mode }
                );
                let ctx = if p.context.is_empty() {
                    "-".to_string()
                } else {
                    p.context.join(", ")
                };
                println!("context    {ctx}");
            }
            None => println!("plover     - (PLOVER drops this category)"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    match ActorCode::parse(code) {
        Ok(actor) => {
            let parts = actor.describe();
            if args.json {
                let units: Vec<_> = parts
                    .iter()
                    .map(|(u, m)| {
                        json!({
                            "unit": u,
                            "kind": m.as_ref().map(|m| m.kind.as_str()),
                            "name": m.as_ref().map(|m| m.name.as_str()),
                        })
                    })
                    .collect();
                println!(
                    "{}",
                    json!({"code": actor.code, "primary": actor.primary, "sectors": actor.sectors, "units": units})
                );
            } else {
                if actor.code != code.to_ascii_uppercase() {
                    println!("actor {} (normalised from {code})", actor.code);
                } else {
                    println!("actor {}", actor.code);
                }
                for (unit, meaning) in parts {
                    match meaning {
                        Some(m) => println!("{:<13}{unit} ({})", m.kind.as_str(), m.name),
                        None => println!("{:<13}{unit}", "?"),
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            eprintln!("dyad: {err}");
            Ok(ExitCode::from(1))
        }
    }
}

/// The code whose crosswalk row applies to `code` (itself or an ancestor).
fn plover_source(book: &Codebook, code: &str) -> String {
    let mut c = code;
    loop {
        if book.plover_exact(c).is_some() || c.len() <= 2 {
            return c.to_string();
        }
        c = &c[..c.len() - 1];
    }
}

fn event_json(book: &Codebook, code: &str) -> serde_json::Value {
    let Some(e) = book.event(code) else {
        return serde_json::Value::Null;
    };
    let plover = book.plover(code).map(|p| {
        json!({"type": p.event_type, "mode": p.mode, "context": p.context, "from": plover_source(book, code)})
    });
    json!({
        "code": e.code,
        "name": e.name,
        "goldstein": e.goldstein,
        "quad_class": e.quad_class,
        "quad_class_name": e.quad_class_name(),
        "root": e.root(),
        "root_name": book.event(e.root()).map(|r| r.name.as_str()),
        "plover": plover,
    })
}

fn print_plover(book: &Codebook, as_json: bool) -> anyhow::Result<ExitCode> {
    if as_json {
        for t in book.plover_types() {
            let modes: Vec<_> = t
                .modes
                .iter()
                .map(|m| json!({"name": m.name, "description": m.description}))
                .collect();
            println!(
                "{}",
                json!({"type": t.name, "quad_class": t.quad_class, "requires_recipient": t.requires_recipient,
                       "definition": t.definition, "modes": modes})
            );
        }
        for c in book.plover_contexts() {
            println!(
                "{}",
                json!({"context": c.name, "description": c.description})
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    for t in book.plover_types() {
        let quad = t.quad_class.map_or("?", dyad_codebook::quad_class_name);
        let modes: Vec<&str> = t.modes.iter().map(|m| m.name.as_str()).collect();
        println!(
            "{:<10} {:<21} modes: {}",
            t.name,
            quad,
            if modes.is_empty() {
                "-".into()
            } else {
                modes.join(", ")
            }
        );
    }
    let contexts: Vec<&str> = book
        .plover_contexts()
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    println!("contexts: {}", contexts.join(", "));
    Ok(ExitCode::SUCCESS)
}

fn place_json(p: &dyad_geo::Place, g: &Gazetteer) -> serde_json::Value {
    json!({
        "name": &*p.name,
        "country": p.country(),
        "country_name": g.country(p.country()).map(|c| c.name.as_str()),
        "lat": p.lat,
        "lon": p.lon,
        "population": p.population,
        "geonameid": p.geonameid,
    })
}

fn place_line(p: &dyad_geo::Place, g: &Gazetteer) -> String {
    let country = g.country(p.country()).map_or("", |c| c.name.as_str());
    format!(
        "{}\t{} ({country})\t{:.5}\t{:.5}\tpop {}\tgeonames {}",
        p.name,
        p.country(),
        p.lat,
        p.lon,
        p.population,
        p.geonameid
    )
}

fn run_geo(cmd: GeoCommand) -> anyhow::Result<ExitCode> {
    match cmd {
        GeoCommand::Build {
            src_dir,
            out,
            ud,
            min_count,
        } => {
            let started = Instant::now();
            let words_path = out.join("common-words.txt");
            let words: Vec<String> = match ud {
                Some(ud) => {
                    let words = dyad_geo::build::common_words(&ud, min_count)
                        .with_context(|| format!("reading treebanks in {}", ud.display()))?;
                    let mut text = format!(
                        "# Lower-case English word forms seen at least {min_count} times in the UD English treebanks\n\
                         # (EWT, GUM CC BY part), plus month and weekday names; made by `dyad geo build --ud`. See NOTICE.\n"
                    );
                    for w in &words {
                        text.push_str(w);
                        text.push('\n');
                    }
                    std::fs::create_dir_all(&out)
                        .with_context(|| format!("creating {}", out.display()))?;
                    std::fs::write(&words_path, text)
                        .with_context(|| format!("writing {}", words_path.display()))?;
                    eprintln!("wrote {}: {} words", words_path.display(), words.len());
                    words
                }
                None if words_path.exists() => std::fs::read_to_string(&words_path)
                    .with_context(|| format!("reading {}", words_path.display()))?
                    .lines()
                    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                    .map(|l| l.trim().to_string())
                    .collect(),
                None => Vec::new(),
            };
            let report = dyad_geo::build::build(&src_dir, &out, &words)
                .with_context(|| format!("building the gazetteer from {}", src_dir.display()))?;
            eprintln!(
                "wrote {}: {} places, {} countries, {} names, {} loose keys, {} alternates dropped, {} bytes uncompressed ({:.1} s)",
                out.join("gazetteer.tsv.gz").display(),
                report.places,
                report.countries,
                report.names,
                report.loose,
                report.dropped_alternates,
                report.text_bytes,
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        GeoCommand::Lookup {
            name,
            country,
            limit,
            json: as_json,
        } => {
            let g = Gazetteer::embedded();
            let hints: Vec<&str> = country.iter().map(String::as_str).collect();
            let places = g.lookup_in(&name, &hints);
            if places.is_empty() {
                eprintln!("dyad: no place called {name:?}");
                return Ok(ExitCode::from(1));
            }
            for p in places.iter().take(limit) {
                if as_json {
                    println!("{}", place_json(p, g));
                } else {
                    println!("{}", place_line(p, g));
                }
            }
            if !as_json && places.len() > limit {
                println!("... {} more", places.len() - limit);
            }
            Ok(ExitCode::SUCCESS)
        }
        GeoCommand::Find {
            text,
            country,
            json: as_json,
        } => {
            let g = Gazetteer::embedded();
            let tokens = split_tokens(&text);
            let hints: Vec<&str> = country.iter().map(String::as_str).collect();
            for m in g.find_places(&tokens, &hints) {
                let surface = tokens[m.start..m.end].join(" ");
                if as_json {
                    println!(
                        "{}",
                        json!({"text": surface, "start": m.start, "end": m.end, "candidates": m.candidates,
                               "kind": format!("{:?}", m.kind).to_lowercase(), "place": place_json(m.place, g)})
                    );
                } else {
                    println!(
                        "{surface}\t→ {}\t({} candidates, {:?})",
                        place_line(m.place, g),
                        m.candidates,
                        m.kind
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        GeoCommand::Stats => {
            let started = Instant::now();
            let g = Gazetteer::embedded();
            let elapsed = started.elapsed();
            let (names, loose) = g.key_counts();
            println!("places     {}", g.places().len());
            println!("countries  {}", g.countries().len());
            println!("names      {names}");
            println!("loose keys {loose}");
            println!("load time  {:.1} ms", elapsed.as_secs_f64() * 1000.0);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Splits text at whitespace and detaches punctuation (keeping `-` and `'` inside words).
fn split_tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut start = 0;
        for (i, c) in word.char_indices() {
            let inner = matches!(c, '-' | '\'' | '’') && i > start && i + c.len_utf8() < word.len();
            if !c.is_alphanumeric() && !inner {
                if i > start {
                    out.push(&word[start..i]);
                }
                out.push(&word[i..i + c.len_utf8()]);
                start = i + c.len_utf8();
            }
        }
        if start < word.len() {
            out.push(&word[start..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::split_tokens;

    #[test]
    fn tokens() {
        assert_eq!(
            split_tokens("of \"Zvečan\", Fushë-Kosova's and Zubin Potok."),
            [
                "of",
                "\"",
                "Zvečan",
                "\"",
                ",",
                "Fushë-Kosova's",
                "and",
                "Zubin",
                "Potok",
                "."
            ]
        );
    }
}
