//! Golden tests: sentences and short documents with the events expected from them.
//!
//! Each line of `tests/golden/sentences.jsonl` holds `id`, `date`, `text` and `events`
//! (`[source, CAMEO root, target]`; root-01 statements and negated events left out; target
//! `""` when none), plus `known_failure: true` (with a `why`) for an expectation the coder
//! does not meet yet: reported, not failed. Refresh with
//! `DYAD_BLESS=1 cargo test -p dyad-coder --test golden`, then review the diff by hand: a
//! blessed line is only right when a reader agrees with it. Known failures are never
//! overwritten by blessing.
use dyad_coder::{Coder, CoderOptions};
use serde_json::{json, Value};

const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/sentences.jsonl");

fn coded(coder: &Coder, id: &str, date: &str, text: &str) -> Vec<Vec<String>> {
    let doc = dyad_docs::Document {
        id: id.into(),
        date: Some(date.into()),
        text: text.into(),
        ..Default::default()
    };
    let mut out: Vec<Vec<String>> = coder
        .code_document(&doc)
        .expect("golden documents code")
        .into_iter()
        .filter(|e| !e.root.starts_with("01") && !e.negated)
        .map(|e| {
            vec![
                e.source.code,
                e.root,
                e.target.map(|t| t.code).unwrap_or_default(),
            ]
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn golden_sentences() {
    let coder = Coder::new(CoderOptions::default()).expect("coder");
    let text = std::fs::read_to_string(FILE).expect("golden file");
    let bless = std::env::var("DYAD_BLESS").is_ok_and(|v| v == "1");
    let mut lines = Vec::new();
    let mut failures = Vec::new();
    let mut known = Vec::new();
    let mut known_fixed = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut case: Value = serde_json::from_str(line).expect("golden line is JSON");
        let id = case["id"].as_str().unwrap_or("").to_string();
        let got = coded(
            &coder,
            &id,
            case["date"].as_str().unwrap_or("2024-01-01"),
            case["text"].as_str().unwrap_or(""),
        );
        let mut want: Vec<Vec<String>> =
            serde_json::from_value(case["events"].clone()).expect("events");
        want.sort();
        want.dedup();
        let known_failure = case["known_failure"].as_bool().unwrap_or(false);
        if got != want {
            let line = format!("{id}: want {want:?}, got {got:?}");
            if known_failure {
                known.push(line);
            } else {
                failures.push(line);
            }
        } else if known_failure {
            known_fixed.push(id.clone());
        }
        if bless && !known_failure {
            case["events"] = json!(got);
        }
        lines.push(serde_json::to_string(&case).expect("serialise"));
    }
    if bless {
        std::fs::write(FILE, lines.join("\n") + "\n").expect("write golden file");
        return;
    }
    eprintln!("{} cases, {} known failures:", lines.len(), known.len());
    for k in &known {
        eprintln!("  known: {k}");
    }
    assert!(
        failures.is_empty(),
        "golden failures ({}):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        known_fixed.is_empty(),
        "known failures that now pass (remove the flag): {known_fixed:?}"
    );
    assert!(lines.len() >= 200, "too few golden cases: {}", lines.len());
}
