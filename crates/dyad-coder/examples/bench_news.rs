//! Throughput of the coder on the shared news corpora, on one thread and on two.
//!
//! `cargo run --release -p dyad-coder --example bench_news -- ../shared/data/news/reuters-21578.jsonl [MAX_DOCS]`
//!
//! Prints documents, sentences, the share of sentences analysed past the cheap
//! actor/verb prefilter (only those are tagged and parsed), events, and sentences per
//! second for each thread count. It checks what it measures: both runs must code the
//! same events, and fewer sentences must be parsed than read.
use std::time::Instant;

use dyad_coder::{Coder, CoderOptions};
use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: bench_news FILE.jsonl [MAX_DOCS]")?;
    let max: usize = args.next().map_or(Ok(2000), |s| s.parse())?;
    let docs: Vec<dyad_docs::Document> = dyad_docs::read_file(std::path::Path::new(&path))
        .filter_map(Result::ok)
        .take(max)
        .collect();
    let Some(first) = docs.first() else {
        return Err(format!("{path}: no documents").into());
    };
    let coder = Coder::new(CoderOptions::default())?;
    // Warm up: dictionaries, codebook, gazetteer and syntax models are built once.
    let _ = coder.code_document(first);
    let mut counts = Vec::new();
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let start = Instant::now();
        let results: Vec<_> = pool.install(|| {
            docs.par_iter()
                .map(|d| coder.code_document_stats(d))
                .collect()
        });
        let secs = start.elapsed().as_secs_f64();
        let (mut sentences, mut analysed, mut events, mut failed) = (0, 0, 0, 0);
        for r in results {
            match r {
                Ok((e, _, s)) => {
                    sentences += s.sentences;
                    analysed += s.analysed;
                    events += e.len();
                }
                Err(_) => failed += 1,
            }
        }
        println!(
            "{threads} thread(s): {} docs ({failed} rejected), {sentences} sentences, {analysed} analysed ({:.1}%), {events} events, {:.2} s, {:.0} sentences/s",
            docs.len(),
            100.0 * analysed as f64 / sentences.max(1) as f64,
            secs,
            sentences as f64 / secs
        );
        if analysed >= sentences {
            return Err("the prefilter let every sentence through to the parser".into());
        }
        counts.push((sentences, analysed, events));
    }
    if counts.windows(2).any(|w| w[0] != w[1]) {
        return Err(format!("thread counts disagree: {counts:?}").into());
    }
    Ok(())
}
