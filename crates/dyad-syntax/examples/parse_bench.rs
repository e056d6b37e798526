//! Parsing speed on one core over news text split into sentences and words by
//! `dyad-text`: `parse_bench MODEL_DIR [--docs N] [--rounds R] FILE.jsonl...`.
//!
//! Tags every sentence once (timed), then parses the tagged sentences R
//! times and prints words/s of the best round (the machine is shared), the
//! tag + parse rate, and a checksum of the heads so that two builds can be
//! compared on the same input. Rates per CPU second (this thread's CPU time,
//! where Linux reports it) are steadier than wall-clock rates on a busy machine.
#[path = "common/bench.rs"]
mod bench;

use dyad_syntax::{parser::Parser, tagger::Tagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bench::Args {
        dir,
        docs,
        rounds,
        files,
    } = bench::Args::parse("parse_bench", 500)?;
    let t = std::time::Instant::now();
    let tagger = Tagger::load(&std::fs::read(dir.join("tagger.bin"))?)?;
    let tagger_load = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let parser = Parser::load(&std::fs::read(dir.join("parser.bin"))?)?;
    let parser_load = t.elapsed().as_secs_f64();
    let (sentences, taken) = bench::sentences(&files, docs)?;
    let words: usize = sentences.iter().map(Vec::len).sum();
    let t = std::time::Instant::now();
    let tagged: Vec<(Vec<&str>, Vec<&str>)> = sentences
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            let tags = tagger.tag(&forms);
            (
                tags.iter().map(|&t| tagger.upos(t)).collect(),
                tags.iter().map(|&t| tagger.xpos(t)).collect(),
            )
        })
        .collect();
    let tag_s = t.elapsed().as_secs_f64();
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut check = 0u64;
    for _ in 0..rounds.max(1) {
        check = 0;
        let cpu = thread_cpu_seconds();
        let t = std::time::Instant::now();
        for (s, (u, x)) in sentences.iter().zip(&tagged) {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            for (i, (h, l)) in parser.parse_ids(&forms, u, x).into_iter().enumerate() {
                check = check
                    .wrapping_mul(31)
                    .wrapping_add(u64::from(h) * 64 + u64::from(l) + i as u64);
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
    }
    println!(
        "{}: {taken} docs, {} sentences, {words} words; load tagger {tagger_load:.2}s parser {parser_load:.2}s; \
         tag {:.0} words/s, parse {:.0} words/s (best of {rounds}; {:.0} per CPU second), tag+parse {:.0} words/s; checksum {check:016x}",
        dir.display(),
        sentences.len(),
        words as f64 / tag_s,
        words as f64 / best,
        words as f64 / best_cpu,
        words as f64 / (tag_s + best),
    );
    Ok(())
}

/// CPU time of this thread so far (Linux `schedstat`, nanoseconds), which a
/// busy machine's time slicing does not inflate; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
