//! Tagging + lemmatising speed on one core over news text tokenised by
//! `dyad-text`: `tag_bench MODEL_DIR [--docs N] [--rounds R] FILE.jsonl...`.
//! Prints words/s for the best of R rounds (the machine is shared).
#[path = "common/bench.rs"]
mod bench;

use dyad_syntax::{lemma::Lemmatizer, tagger::Tagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let bench::Args {
        dir,
        docs,
        rounds,
        files,
    } = bench::Args::parse("tag_bench", 2000)?;
    let mut tagger = Tagger::load(&std::fs::read(dir.join("tagger.bin"))?)?;
    // MARGIN=x overrides the model's second-pass margin (for measuring).
    if let Some(m) = std::env::var("MARGIN").ok().and_then(|m| m.parse().ok()) {
        tagger = tagger.with_second_pass_margin(m);
    }
    if let Some(n) = std::env::var("FREQUENT").ok().and_then(|m| m.parse().ok()) {
        tagger = tagger.with_frequent_words(n);
    }
    let lem = Lemmatizer::load(&std::fs::read(dir.join("lemmas.bin"))?)?;
    let (sentences, taken) = bench::sentences(&files, docs)?;
    let words: usize = sentences.iter().map(Vec::len).sum();
    let mut best = f64::INFINITY;
    let mut check = 0usize;
    for _ in 0..rounds.max(1) {
        let t = std::time::Instant::now();
        for s in &sentences {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            let tags = tagger.tag(&forms);
            for (f, tag) in forms.iter().zip(tags) {
                check += lem.lemma(f, tagger.xpos(tag)).len();
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{}: {taken} docs, {} sentences, {words} words; tag+lemma {:.0} words/s (best of {rounds}; {check})",
        dir.display(),
        sentences.len(),
        words as f64 / best
    );
    Ok(())
}
