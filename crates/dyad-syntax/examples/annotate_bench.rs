//! Whole-pipeline speed on one core, as `dyad bench` runs it but without the
//! sentence splitting: `annotate_bench MODEL_DIR [--docs N] [--rounds R] FILE.jsonl...`.
//!
//! Splits the documents into sentences once (untimed), then annotates every
//! sentence (tag, parse, post-parse tagging pass, lemmatise, fill the CoNLL-U
//! columns) R times and prints words per CPU second of the best round (CPU
//! time of this thread, steadier than wall-clock time on a busy machine), and
//! a checksum of every predicted column, so two builds can be compared.
#[path = "common/bench.rs"]
mod bench;

use std::hash::{Hash, Hasher};

use dyad_syntax::pipeline::Pipeline;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bench::Args {
        dir,
        docs,
        rounds,
        files,
    } = bench::Args::parse("annotate_bench", 1500)?;
    let pipeline = Pipeline::from_dir(&dir)?;
    let (sentences, taken) = bench::sentences(&files, docs)?;
    let words: usize = sentences.iter().map(Vec::len).sum();
    let mut best_cpu = f64::INFINITY;
    let mut best_wall = f64::INFINITY;
    let mut check = 0u64;
    for _ in 0..rounds.max(1) {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let cpu = thread_cpu_seconds();
        let t = std::time::Instant::now();
        for s in &sentences {
            let parsed = pipeline.annotate(s);
            for w in &parsed.words {
                (&w.lemma, &w.upos, &w.xpos, w.head, &w.deprel).hash(&mut h);
            }
        }
        best_wall = best_wall.min(t.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (cpu, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(b - a);
        }
        check = h.finish();
    }
    println!(
        "{}: {taken} docs, {} sentences, {words} words; annotate {:.0} words/s, {:.0} per CPU second (best of {rounds}); checksum {check:016x}",
        dir.display(),
        sentences.len(),
        words as f64 / best_wall,
        words as f64 / best_cpu,
    );
    Ok(())
}

/// CPU time of this thread so far (Linux `schedstat`, nanoseconds); `None` elsewhere.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
