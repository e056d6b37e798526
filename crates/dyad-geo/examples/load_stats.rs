//! Measures how long the embedded gazetteer takes to load and how much memory it adds.
//! Run with `cargo run --release -p dyad-geo --example load_stats`.
use std::time::Instant;

/// Resident set size in KiB, from /proc (Linux only; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let before = rss_kib();
    let started = Instant::now();
    let g = dyad_geo::Gazetteer::embedded();
    let elapsed = started.elapsed();
    let after = rss_kib();
    let (names, loose) = g.key_counts();
    println!(
        "places {} names {names} loose {loose}; load {:.1} ms; RSS +{:.1} MiB (now {:.1} MiB)",
        g.places().len(),
        elapsed.as_secs_f64() * 1000.0,
        after.saturating_sub(before) as f64 / 1024.0,
        after as f64 / 1024.0
    );
    let started = Instant::now();
    let tokens = [
        "Clashes",
        "in",
        "Zubin",
        "Potok",
        ",",
        "Zvečan",
        "and",
        "Leposavik",
        "near",
        "Pristina",
        ".",
    ];
    let mut found = 0;
    for _ in 0..1000 {
        found += g.find_places(&tokens, &["XK"]).len();
    }
    println!(
        "find_places on an 11-token sentence: {:.1} µs each ({found} matches in 1000 runs)",
        started.elapsed().as_secs_f64() * 1e6 / 1000.0
    );
}
