//! Load benchmark: times loading the full dictionaries and reports memory.
//!
//! `cargo run --release -p dyad-dict --example bench_load [-- PETRARCH_DIR]`
//!
//! Measures (best and median of several runs): parsing + compiling the embedded dyad
//! dictionaries, and reading the PETRARCH Phoenix files directly. Memory is the growth
//! of the process's resident set (VmRSS, Linux) over one load kept alive, plus the
//! matchers' own byte count. Exits non-zero if a load has bad lines or unexpected sizes.
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use dyad_dict::{petrarch, Dictionaries};

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn stats(mut v: Vec<Duration>) -> String {
    v.sort();
    format!(
        "best {:.1} ms, median {:.1} ms",
        v[0].as_secs_f64() * 1e3,
        v[v.len() / 2].as_secs_f64() * 1e3
    )
}

fn main() -> ExitCode {
    const RUNS: usize = 7;
    let before = rss_kib();
    let start = Instant::now();
    let (d, reports) = Dictionaries::from_texts(dyad_dict::dict::EMBEDDED.iter().copied());
    let first = start.elapsed();
    let after = rss_kib();
    let bad: usize = reports.iter().map(|r| r.errors.len()).sum();
    let s = d.set();
    let ok = bad == 0
        && s.actors.len() > 27_000
        && s.agents.len() > 5_000
        && s.patterns.len() > 4_500
        && s.verbs.len() > 1_500;
    println!(
        "embedded dyad dictionaries: {} lines in {} files; actors {}, agents {}, verbs {}, patterns {}, synsets {}, discards {}, issues {}; {} bad lines",
        reports.iter().map(|r| r.total as u64).sum::<u64>(),
        reports.len(),
        s.actors.len(),
        s.agents.len(),
        s.verbs.len(),
        s.patterns.len(),
        s.synsets.len(),
        s.discards.len(),
        s.issues.len(),
        bad
    );
    let (vocab, nodes, values) = d.nouns().sizes();
    println!("noun matcher: {vocab} tokens, {nodes} trie nodes, {values} values");
    println!("first load {:.1} ms", first.as_secs_f64() * 1e3);
    if let (Some(b), Some(a)) = (before, after) {
        println!(
            "resident memory: {} KiB before, {} KiB after (+{:.1} MiB); matchers {:.1} MiB",
            b,
            a,
            (a.saturating_sub(b)) as f64 / 1024.0,
            d.matcher_bytes() as f64 / 1048576.0
        );
    }
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let (d2, _) = Dictionaries::from_texts(dyad_dict::dict::EMBEDDED.iter().copied());
        times.push(t.elapsed());
        drop(d2);
    }
    println!(
        "load embedded (parse + compile), {RUNS} runs: {}",
        stats(times)
    );

    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch2")
        });
    let files = [
        "CAMEO.2.0.txt",
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
        "Phoenix.agents.txt",
        "Phoenix.discards.txt",
        "Phoenix.IssueCoding.txt",
        "Phoenix.prepositions.txt",
    ];
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    if paths.iter().all(|p| p.exists()) {
        let mut times = Vec::new();
        let mut lines = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            match petrarch::read_files(&paths) {
                Ok((set, reports)) => {
                    let _d = Dictionaries::build(set);
                    times.push(t.elapsed());
                    lines = reports.iter().map(|r| r.total).sum::<u32>();
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
        println!(
            "load PETRARCH Phoenix files ({lines} lines, read + compile), {RUNS} runs: {}",
            stats(times)
        );
    }

    let t = Instant::now();
    let mut n = 0;
    let sentence: Vec<&str> = "for her part , russian foreign ministry spokeswoman maria zakharova said that moscow is watching with concern the deterioration of the situation in the province of kosovo".split(' ').collect();
    let mut ids = Vec::new();
    let mut out = Vec::new();
    for _ in 0..100_000 {
        d.noun_matches(&sentence, &mut ids, &mut out);
        n += out.len();
    }
    let per = t.elapsed().as_secs_f64() / 100_000.0;
    println!(
        "match a {}-token sentence: {:.2} us ({} matches)",
        sentence.len(),
        per * 1e6,
        n / 100_000
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("unexpected load result");
        ExitCode::FAILURE
    }
}
