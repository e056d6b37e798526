//! Parsing speed on one core over news text split into sentences and words by
//! `dyad-text`: `parse_bench MODEL_DIR [--docs N] [--rounds R] FILE.jsonl...`.
//!
//! Tags every sentence once (timed), then parses the tagged sentences R
//! times and prints words/s of the best round (the machine is shared), the
//! tag + parse rate, and a checksum of the heads so that two builds can be
//! compared on the same input. Rates per CPU second (this thread's CPU time,
//! where Linux reports it) are steadier than wall-clock rates on a busy machine.
//! When the directory holds `retagger.bin`, also times the post-parse tagging
//! pass (tagging with margins, then re-deciding unsure tags from the parses)
//! and prints its cost as a share of tag + parse time.
#[path = "common/bench.rs"]
mod bench;

use dyad_syntax::{parser::Parser, retagger::Retagger, tagger::Tagger};

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
    let r_path = dir.join("retagger.bin");
    if r_path.exists() {
        let retagger = Retagger::load(&std::fs::read(&r_path)?)?;
        let labels = parser.labels();
        let parsed: Vec<(Vec<u32>, Vec<&str>)> = sentences
            .iter()
            .zip(&tagged)
            .map(|(s, (u, x))| {
                let forms: Vec<&str> = s.iter().map(String::as_str).collect();
                let arcs = parser.parse_ids(&forms, u, x);
                (
                    arcs.iter().map(|a| a.0).collect(),
                    arcs.iter()
                        .map(|a| labels.get(usize::from(a.1)).map_or("dep", String::as_str))
                        .collect(),
                )
            })
            .collect();
        let (mut plain_s, mut scored_s, mut retag_s) =
            (f64::INFINITY, f64::INFINITY, f64::INFINITY);
        let mut changed = 0usize;
        for _ in 0..rounds.max(1) {
            let t = std::time::Instant::now();
            for s in &sentences {
                let forms: Vec<&str> = s.iter().map(String::as_str).collect();
                std::hint::black_box(tagger.tag(&forms));
            }
            plain_s = plain_s.min(t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            let scored: Vec<_> = sentences
                .iter()
                .map(|s| {
                    let forms: Vec<&str> = s.iter().map(String::as_str).collect();
                    tagger.tag_scored(&forms)
                })
                .collect();
            scored_s = scored_s.min(t.elapsed().as_secs_f64());
            let t = std::time::Instant::now();
            changed = 0;
            for ((s, (mut tags, scored)), (heads, labels)) in
                sentences.iter().zip(scored).zip(&parsed)
            {
                let forms: Vec<&str> = s.iter().map(String::as_str).collect();
                changed += retagger.retag(&tagger, &forms, &mut tags, &scored, heads, labels);
            }
            retag_s = retag_s.min(t.elapsed().as_secs_f64());
        }
        let extra = (scored_s - plain_s).max(0.0) + retag_s;
        println!(
            "retagger (margin {}): tagging with margins {:.0} words/s (without {:.0}), \
             re-tagging {:.0} words/s, {changed} tags changed; cost {:.1}% of tag+parse time",
            retagger.margin(),
            words as f64 / scored_s,
            words as f64 / plain_s,
            words as f64 / retag_s,
            100.0 * extra / (tag_s + best),
        );
    }
    Ok(())
}

/// CPU time of this thread so far (Linux `schedstat`, nanoseconds), which a
/// busy machine's time slicing does not inflate; `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
