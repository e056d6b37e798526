//! `dyad_coder::eval` must score exactly as `score_events.py` does. These tests build small
//! gold and event files, score them in Rust, and (when `python3` and the script are there)
//! run the script on the same files and compare the summary lines.
use std::path::PathBuf;
use std::process::Command;

use dyad_coder::eval::{read_events, read_gold, score};

const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/tools/score_events.py"
);

const GOLD: &str = r#"{"id":"a","core":true,"root":["11"],"source":["SRB"],"target":["KOS","SRBETH"]}
{"id":"b","core":true,"root":["02","10"],"source":["USA"],"target":["KOS"]}
{"id":"c","core":true,"root":["02","10"],"source":["FRA"],"target":["KOS"]}
{"id":"d","core":false,"root":["14"],"source":["*"],"target":["*"]}
{"id":"e","core":true,"root":["17"],"source":["KOSCOP"],"target":["SRB"]}
"#;

const CASES: &[&str] = &[
    // Matches, a duplicate, a spurious event, an unscored statement, KSV/XKX aliases.
    r#"{"source":{"code":"SRBGOV"},"target":{"code":"KSVGOV"},"cameo":"111"}
{"source":{"code":"SRB"},"target":{"code":"XKX"},"cameo":"112"}
{"source":{"code":"USA"},"target":{"code":"KOS"},"cameo":"020"}
{"source":{"code":"USA"},"target":null,"cameo":"010"}
{"source":{"code":"DEU"},"target":{"code":"RUS"},"cameo":"043"}
"#,
    // One event that could take either of two gold lines: the matching must be maximal.
    r#"{"source":"FRA","target":"KOS","cameo":"020"}
{"source":"USA","target":"KOS","cameo":"100"}
{"source":"FRA","target":"KOS","cameo":"1041"}
{"source":"ALB","target":null,"cameo":"141"}
"#,
    // Nothing scored.
    r#"{"source":"USA","target":null,"cameo":"012"}
"#,
    // Many spurious and a non-core absorber.
    r#"{"source":"KOSCOP","target":"SRBCVL","cameo":"175"}
{"source":"GRC","target":"TUR","cameo":"190"}
{"source":"TUR","target":"GRC","cameo":"190"}
{"source":"SRBETH","target":null,"cameo":"143"}
{"source":"SRBETH","target":null,"cameo":"143"}
"#,
];

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write temp file");
    p
}

fn rust_summary(gold: &str, events: &str) -> Vec<String> {
    let g = read_gold(gold, "gold").expect("gold");
    let e = read_events(events, "events").expect("events");
    let report = score(&g, &e).report();
    report
        .lines()
        .filter(|l| l.starts_with("events scored") || l.starts_with("core recall"))
        .map(String::from)
        .collect()
}

#[test]
fn constructed_cases_have_expected_scores() {
    let s = rust_summary(GOLD, CASES[0]);
    assert_eq!(s[0], "events scored 4, matched 2, duplicates 1, spurious 1");
    assert_eq!(s[1], "core recall 0.500 (2/4), precision 0.667");
    let s = rust_summary(GOLD, CASES[1]);
    assert_eq!(s[0], "events scored 4, matched 3, duplicates 1, spurious 0");
    let s = rust_summary(GOLD, CASES[2]);
    assert_eq!(s[1], "core recall 0.000 (0/4), precision 0.000");
}

#[test]
fn agrees_with_score_events_py() {
    let script = PathBuf::from(SCRIPT);
    let python = Command::new("python3").arg("--version").output();
    if !script.exists() || python.is_err() {
        eprintln!("score_events.py or python3 not available; comparison skipped");
        return;
    }
    let gold = temp_file("gold.jsonl", GOLD);
    for (i, case) in CASES.iter().enumerate() {
        let events = temp_file(&format!("events{i}.jsonl"), case);
        let out = Command::new("python3")
            .arg(&script)
            .arg(&gold)
            .arg(&events)
            .output()
            .expect("run score_events.py");
        let text = String::from_utf8_lossy(&out.stdout);
        let py: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with("events scored") || l.starts_with("core recall"))
            .map(String::from)
            .collect();
        assert_eq!(rust_summary(GOLD, case), py, "case {i}");
    }
}
