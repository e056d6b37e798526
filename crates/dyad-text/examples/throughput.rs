//! Measures splitting + tokenising speed on news JSON lines: the first N
//! documents (`--docs N`, default all) of each file, in sorted file order,
//! their `text` field. `cargo run --release -p dyad-text --example throughput
//! -- DIR [--docs N]`. Prints one JSON line.

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = None;
    let mut limit = usize::MAX;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--docs" {
            match it.next().and_then(|n| n.parse().ok()) {
                Some(n) => limit = n,
                None => {
                    eprintln!("--docs needs a number");
                    return ExitCode::from(2);
                }
            }
        } else {
            dir = Some(a.clone());
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: throughput DIR [--docs N]");
        return ExitCode::from(2);
    };
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            return ExitCode::FAILURE;
        }
    };
    files.sort();
    let mut texts = Vec::new();
    for f in &files {
        let Ok(all) = std::fs::read_to_string(f) else {
            eprintln!("{}: unreadable", f.display());
            return ExitCode::FAILURE;
        };
        for line in all.lines().take(limit) {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                texts.push(v["text"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    let t = Instant::now();
    let (mut sentences, mut tokens) = (0usize, 0usize);
    for text in &texts {
        for s in dyad_text::sentence_iter(text) {
            sentences += 1;
            tokens += s.tokens.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{{\"tool\":\"dyad-text\",\"cores\":1,\"docs\":{},\"sentences\":{sentences},\"tokens\":{tokens},\"bytes\":{bytes},\"seconds\":{secs:.3},\"mb_per_sec\":{:.1},\"tokens_per_sec\":{:.0}}}",
        texts.len(),
        bytes as f64 / 1e6 / secs,
        tokens as f64 / secs
    );
    ExitCode::SUCCESS
}
