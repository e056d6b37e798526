//! Scores the shipped parser and measures its speed:
//! `parse_eval [--ud DIR] [--models DIR] [--ablate | --dev]`.
//!
//! Prints UAS/LAS (every word, universal relations) on EWT dev/test and GUM
//! dev/test with gold and with predicted tags, model load times, and one-core
//! throughput of tagging + parsing in words per second. With `--ablate` it
//! instead scores EWT dev + GUM dev (predicted tags) once per feature
//! template with that template left out at scoring time, weakest first. With
//! `--dev` it scores only EWT dev and GUM dev with predicted tags (to choose
//! between models without looking at the test sets).
use std::path::PathBuf;
use std::time::Instant;

use dyad_syntax::conllu::{read_file, Sentence};
use dyad_syntax::parser::Parser;
use dyad_syntax::tagger::Tagger;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut ud = PathBuf::from("../shared/data/ud");
    let mut models = PathBuf::from("data/models");
    let mut ablate = false;
    let mut dev_only = false;
    let mut i = 1;
    while i < args.len() {
        if args[i] == "--ablate" {
            ablate = true;
            i += 1;
            continue;
        }
        if args[i] == "--dev" {
            dev_only = true;
            i += 1;
            continue;
        }
        if i + 1 >= args.len() {
            eprintln!("missing value after {}", args[i]);
            std::process::exit(2);
        }
        match args[i].as_str() {
            "--ud" => ud = PathBuf::from(&args[i + 1]),
            "--models" => models = PathBuf::from(&args[i + 1]),
            other => {
                eprintln!("unknown argument {other}");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let fail = |m: String| -> ! {
        eprintln!("error: {m}");
        std::process::exit(1)
    };
    let read_bytes =
        |f: &str| std::fs::read(models.join(f)).unwrap_or_else(|e| fail(format!("{f}: {e}")));
    let t = Instant::now();
    let parser = Parser::load(&read_bytes("parser.bin")).unwrap_or_else(|e| fail(e.to_string()));
    println!(
        "parser load {:.3}s, {} weights",
        t.elapsed().as_secs_f64(),
        parser.n_weights()
    );
    let t = Instant::now();
    let tagger = Tagger::load(&read_bytes("tagger.bin")).unwrap_or_else(|e| fail(e.to_string()));
    println!("tagger load {:.3}s", t.elapsed().as_secs_f64());
    if ablate {
        let mut sets = Vec::new();
        for name in ["en_ewt-ud-dev.conllu", "en_gum-ccby-dev.conllu"] {
            let mut s: Vec<Sentence> =
                read_file(&ud.join(name)).unwrap_or_else(|e| fail(e.to_string()));
            retag(&tagger, &mut s);
            sets.push(s);
        }
        let base: Vec<_> = sets.iter().map(|s| parser.score(s)).collect();
        println!(
            "all templates: EWT dev UAS {:.2} LAS {:.2}, GUM dev UAS {:.2} LAS {:.2}",
            base[0].uas(),
            base[0].las(),
            base[1].uas(),
            base[1].las()
        );
        let mut rows = Vec::new();
        for t in 0..parser.n_templates() {
            let a: Vec<_> = sets.iter().map(|s| parser.score_masked(s, &[t])).collect();
            // Labelled words lost over both dev sets when the template is left out.
            let lost: i64 = a
                .iter()
                .zip(&base)
                .map(|(a, b)| b.labelled as i64 - a.labelled as i64)
                .sum();
            rows.push((
                lost,
                t,
                a[0].las() - base[0].las(),
                a[1].las() - base[1].las(),
            ));
        }
        rows.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        for (lost, t, de, dg) in rows {
            println!(
                "template {t:3}: {lost:5} labelled words lost; EWT LAS {de:+.2}, GUM LAS {dg:+.2}"
            );
        }
        return;
    }
    for name in [
        "en_ewt-ud-dev.conllu",
        "en_ewt-ud-test.conllu",
        "en_gum-ccby-dev.conllu",
        "en_gum-ccby-test.conllu",
    ] {
        if dev_only && !name.contains("-dev") {
            continue;
        }
        let gold: Vec<Sentence> = read_file(&ud.join(name)).unwrap_or_else(|e| fail(e.to_string()));
        if !dev_only {
            let a = parser.score(&gold);
            println!("{name} gold tags: UAS {:.2} LAS {:.2}", a.uas(), a.las());
        }
        let mut pred = gold.clone();
        let (mut words, mut upos_ok) = (0usize, 0usize);
        for s in &mut pred {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let tags = tagger.tag(&forms);
            for (w, t) in s.words.iter_mut().zip(tags) {
                words += 1;
                upos_ok += usize::from(w.upos == tagger.upos(t));
                w.upos = tagger.upos(t).to_string();
                w.xpos = tagger.xpos(t).to_string();
            }
        }
        let a = parser.score(&pred);
        println!(
            "{name} predicted tags (UPOS {:.2}): UAS {:.2} LAS {:.2}",
            100.0 * upos_ok as f64 / words.max(1) as f64,
            a.uas(),
            a.las()
        );
        if name.contains("ewt-ud-test") {
            let sents: Vec<Vec<&str>> = gold
                .iter()
                .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
                .collect();
            let t = Instant::now();
            let mut n = 0usize;
            let mut tagged = Vec::with_capacity(sents.len());
            for s in &sents {
                let tags = tagger.tag(s);
                let upos: Vec<&str> = tags.iter().map(|&t| tagger.upos(t)).collect();
                let xpos: Vec<&str> = tags.iter().map(|&t| tagger.xpos(t)).collect();
                tagged.push((upos, xpos));
                n += s.len();
            }
            let tag_s = t.elapsed().as_secs_f64();
            let t = Instant::now();
            for (s, (u, x)) in sents.iter().zip(&tagged) {
                std::hint::black_box(parser.parse_ids(s, u, x));
            }
            let parse_s = t.elapsed().as_secs_f64();
            println!(
                "one core: tag {:.0} words/s, parse {:.0} words/s, tag+parse {:.0} words/s ({n} words)",
                n as f64 / tag_s,
                n as f64 / parse_s,
                n as f64 / (tag_s + parse_s)
            );
        }
    }
}

fn retag(tagger: &Tagger, data: &mut [Sentence]) {
    for s in data {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags = tagger.tag(&forms);
        for (w, t) in s.words.iter_mut().zip(tags) {
            w.upos = tagger.upos(t).to_string();
            w.xpos = tagger.xpos(t).to_string();
        }
    }
}
