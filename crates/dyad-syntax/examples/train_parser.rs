//! Trains the dependency parser and writes `parser.bin`:
//! `train_parser [--ud DIR] [--out DIR] [--epochs N] [--max-mb 16] [--predicted-tags | --jackknife K] [--prune-only] [--text FILE] [--clusters]
//! [--save-train FILE] [--train-conllu FILE] [--seeds K] [--seed S] [--explore-p P] [--members DIR]
//! [--add-member FILE]...`.
//! (`--save-train` keeps the (re-tagged) training set; `--train-conllu` trains on such a file.)
//! (`--jackknife K` tags each K-th of the training set with a tagger trained on the rest.)
//! (`--text FILE` is the unlabelled JSON-lines text for word clusters and the jackknifing
//! taggers, default Wikipedia current events; `--clusters` adds word-cluster features learned
//! from it, which did not change dev LAS.)
//! (`--prune-only` shrinks an existing `parser.bin` to `--max-mb` instead of training;
//! `--max-mb` may be fractional.)
//! (`--seeds K` trains K unpruned members with shuffle seeds derived from `--seed`, each
//! stopped early on EWT dev, and sums their weights into one model before pruning: the scores
//! of a K-model ensemble at the cost of one. `--members DIR` saves each member there as
//! `member-SEED.bin` and loads, instead of retraining, a member already saved there (so the
//! directory must hold members of one training set and settings); `--add-member FILE` adds an
//! already trained, unpruned parser to the sum; `--explore-p` sets the error-exploration
//! probability of the members trained here; `--seeds 0` only sums the `--add-member` files.)
//!
//! Trains on EWT train + GUM train, stops early on EWT dev, then reports
//! UAS/LAS on the EWT and GUM test sets. With `--predicted-tags` (and a
//! `tagger.bin` in the output directory) every sentence is re-tagged by the
//! shipped tagger first, so the parser learns from the tags it will see.
use std::path::{Path, PathBuf};

use dyad_syntax::conllu::{read_file, Sentence};
use dyad_syntax::parser::{member_seed, sum_weights, train, Parser, TrainOptions};
use dyad_syntax::tagger::Tagger;

fn retag(tagger: &Tagger, data: &mut [Sentence]) {
    for s in data {
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = tagger.tag(&words);
        let tags: Vec<(String, String)> = tags
            .into_iter()
            .map(|t| (tagger.upos(t).to_string(), tagger.xpos(t).to_string()))
            .collect();
        for (w, (u, x)) in s.words.iter_mut().zip(tags) {
            w.upos = u;
            w.xpos = x;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut ud = PathBuf::from("../shared/data/ud");
    let mut out = PathBuf::from("data/models");
    let mut opts = TrainOptions::default();
    let mut predicted = false;
    let mut prune_only = false;
    let mut clusters = false;
    let mut max_mb: f64 = 16.0;
    let mut seeds: usize = 1;
    let mut members_dir: Option<PathBuf> = None;
    let mut extra_members: Vec<PathBuf> = Vec::new();
    let mut folds: usize = 0;
    let mut save_train: Option<PathBuf> = None;
    let mut train_conllu: Option<PathBuf> = None;
    let mut text_file = PathBuf::from("../shared/data/news/wikipedia-current-events.jsonl");
    let mut i = 1;
    while i < args.len() {
        let val = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--ud" => ud = PathBuf::from(&val),
            "--out" => out = PathBuf::from(&val),
            "--epochs" => opts.epochs = val.parse().unwrap_or(opts.epochs),
            "--jackknife" => folds = val.parse().unwrap_or(0),
            "--save-train" => save_train = Some(PathBuf::from(&val)),
            "--train-conllu" => train_conllu = Some(PathBuf::from(&val)),
            "--text" => text_file = PathBuf::from(&val),
            "--max-mb" => max_mb = val.parse().unwrap_or(max_mb),
            "--seeds" => seeds = val.parse().unwrap_or(seeds),
            "--seed" => opts.seed = val.parse().unwrap_or(opts.seed),
            "--explore-p" => opts.explore_p = val.parse().unwrap_or(opts.explore_p),
            "--members" => members_dir = Some(PathBuf::from(&val)),
            "--add-member" => extra_members.push(PathBuf::from(&val)),
            "--clusters" => {
                clusters = true;
                i += 1;
                continue;
            }
            "--prune-only" => {
                prune_only = true;
                i += 1;
                continue;
            }
            "--predicted-tags" => {
                predicted = true;
                i += 1;
                continue;
            }
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let t0 = std::time::Instant::now();
    let mut log = |m: &str| eprintln!("[{:7.1}s] {m}", t0.elapsed().as_secs_f64());
    let read = |name: &str| -> Vec<Sentence> {
        read_file(&ud.join(name)).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1)
        })
    };
    let mut train_set = match &train_conllu {
        Some(p) => read_file(p).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1)
        }),
        None => {
            let mut t = read("en_ewt-ud-train.conllu");
            t.extend(read("en_gum-ccby-train.conllu"));
            t
        }
    };
    let mut dev = read("en_ewt-ud-dev.conllu");
    let mut tests = vec![
        ("EWT test", read("en_ewt-ud-test.conllu")),
        ("GUM test", read("en_gum-ccby-test.conllu")),
    ];
    let gold_tests = tests.clone();
    // Unlabelled text: the tagger's case profiles and word clusters for the
    // jackknifing taggers (so that they are as good as the shipped one), and
    // the parser's own word clusters.
    let texts = if !clusters && folds < 2 {
        Vec::new()
    } else {
        dyad_syntax::pipeline::read_jsonl_texts(&text_file).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1)
        })
    };
    if clusters {
        opts.clusters = dyad_syntax::tagger::word_clusters(
            &texts,
            &dyad_syntax::tagger::ClusterOptions::default(),
        );
        log(&format!(
            "{} clustered words from {} texts",
            opts.clusters.len(),
            texts.len()
        ));
    }
    let tagger = std::fs::read(out.join("tagger.bin"))
        .ok()
        .and_then(|b| Tagger::load(&b).ok());
    if folds >= 2 {
        // Jackknifing: each fold is tagged by a tagger trained on the others.
        let originals = train_set.clone();
        let tag_dev = dev.clone();
        for k in 0..folds {
            let rest: Vec<Sentence> = originals
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != k)
                .map(|(_, s)| s.clone())
                .collect();
            let topts = dyad_syntax::tagger::TrainOptions::default();
            let t =
                dyad_syntax::tagger::train_with_text(&rest, &tag_dev, &texts, &topts, &mut |_| {})
                    .unwrap_or_else(|e| {
                        eprintln!("error: {e}");
                        std::process::exit(1)
                    });
            let mut fold: Vec<Sentence> = originals
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == k)
                .map(|(_, s)| s.clone())
                .collect();
            retag(&t, &mut fold);
            let mut it = fold.into_iter();
            for (i, s) in train_set.iter_mut().enumerate() {
                if i % folds == k {
                    if let Some(f) = it.next() {
                        *s = f;
                    }
                }
            }
            log(&format!("jackknife: fold {} of {folds} tagged", k + 1));
        }
        if let Some(tagger) = &tagger {
            retag(tagger, &mut dev);
        }
    } else if train_conllu.is_some() && !predicted {
        // A saved (jackknifed) training set: stop early on predicted-tag dev.
        if let Some(tagger) = &tagger {
            retag(tagger, &mut dev);
            log("re-tagged dev data with the tagger");
        }
    } else if predicted {
        let Some(tagger) = &tagger else {
            eprintln!(
                "error: --predicted-tags needs {}",
                out.join("tagger.bin").display()
            );
            std::process::exit(1)
        };
        retag(tagger, &mut train_set);
        retag(tagger, &mut dev);
        log("re-tagged training and dev data with the tagger");
    }
    if let Some(p) = &save_train {
        let r = std::fs::File::create(p).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            for s in &train_set {
                dyad_syntax::conllu::write_sentence(&mut w, s)?;
            }
            std::io::Write::flush(&mut w)
        });
        if let Err(e) = r {
            eprintln!("error: {}: {e}", p.display());
            std::process::exit(1);
        }
    }
    let max_bytes = (max_mb * f64::from(1u32 << 20)) as usize;
    let mut parser = if prune_only {
        load(&out.join("parser.bin"))
    } else if seeds != 1 || members_dir.is_some() || !extra_members.is_empty() {
        // A seed ensemble: unpruned members, weights summed, then pruned.
        let mut members = Vec::new();
        for i in 0..seeds {
            let seed = member_seed(opts.seed, i);
            let file = members_dir
                .as_ref()
                .map(|d| d.join(format!("member-{seed:x}.bin")));
            if let Some(f) = file.as_ref().filter(|f| f.exists()) {
                log(&format!("member {i}: loaded {}", f.display()));
                members.push(load(f));
                continue;
            }
            log(&format!("member {i}: training with seed {seed:#x}"));
            let mopts = TrainOptions {
                seed,
                max_bytes: usize::MAX,
                ..opts.clone()
            };
            let p = train(&train_set, &dev, &mopts, &mut log);
            if let Some(f) = &file {
                if let Err(e) = write(&p, f) {
                    eprintln!("error: {}: {e}", f.display());
                    std::process::exit(1);
                }
                log(&format!("member {i}: wrote {}", f.display()));
            }
            members.push(p);
        }
        for f in &extra_members {
            log(&format!("member: loaded {}", f.display()));
            members.push(load(f));
        }
        let sum = sum_weights(&members).unwrap_or_else(|e| {
            eprintln!("error: {e}");
            std::process::exit(1)
        });
        drop(members);
        let a = sum.score(&dev);
        log(&format!(
            "sum of the members: {} weights ({:.1} MiB), dev UAS {:.2} LAS {:.2}",
            sum.n_weights(),
            sum.written_size() as f64 / f64::from(1u32 << 20),
            a.uas(),
            a.las()
        ));
        sum
    } else {
        opts.max_bytes = max_bytes;
        train(&train_set, &dev, &opts, &mut log)
    };
    let cut = parser.prune_to_size(max_bytes);
    let a = parser.score(&dev);
    log(&format!(
        "pruned at {cut} to {} weights: dev UAS {:.2} LAS {:.2}",
        parser.n_weights(),
        a.uas(),
        a.las()
    ));
    let path = out.join("parser.bin");
    if let Err(e) = write(&parser, &path) {
        eprintln!("error: {}: {e}", path.display());
        std::process::exit(1);
    }
    log(&format!("wrote {}", path.display()));
    for (name, gold) in &gold_tests {
        let a = parser.score(gold);
        log(&format!(
            "{name}, gold tags: UAS {:.2} LAS {:.2}",
            a.uas(),
            a.las()
        ));
    }
    if let Some(tagger) = &tagger {
        for (name, data) in &mut tests {
            retag(tagger, data);
            let a = parser.score(data);
            log(&format!(
                "{name}, predicted tags: UAS {:.2} LAS {:.2}",
                a.uas(),
                a.las()
            ));
        }
    }
}

fn load(path: &Path) -> Parser {
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("error: {}: {e}", path.display());
        std::process::exit(1)
    });
    Parser::load(&bytes).unwrap_or_else(|e| {
        eprintln!("error: {}: {e}", path.display());
        std::process::exit(1)
    })
}

fn write(parser: &Parser, path: &Path) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    use std::io::Write;
    parser.write(&mut f)?;
    f.flush()
}
