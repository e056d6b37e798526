//! End-to-end tests of ingest with the test coder (a test double): real news
//! files, a WARC file built here, re-ingest, failures, and kill -9 + resume.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{dump, kosovo_warc, test_coder};
use dyad_docs::read_paths;
use dyad_store::{Failure, IngestObserver, IngestOptions, Progress, Reader, Store};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-store-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn news_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news")
}

fn options() -> IngestOptions {
    IngestOptions {
        coder_version: "test-double".into(),
        dictionary_version: "none".into(),
        ..Default::default()
    }
}

/// Copies the first `lines` lines of each news file into `dir` (the
/// Wikipedia one gzip-compressed, to read gzip JSON lines too).
fn sample_news(dir: &Path, lines: usize) -> usize {
    let mut total = 0;
    for name in [
        "bbc-2004-2005.jsonl",
        "reuters-21578.jsonl",
        "wikipedia-current-events.jsonl",
    ] {
        let file = fs::File::open(news_dir().join(name)).expect("shared/data/news is present");
        let sample: Vec<String> = BufReader::new(file)
            .lines()
            .take(lines)
            .map(|l| l.expect("news line"))
            .collect();
        total += sample.len();
        let mut data = sample.join("\n").into_bytes();
        data.push(b'\n');
        if name.starts_with("wikipedia") {
            fs::write(dir.join(format!("{name}.gz")), common::gzip(&data)).expect("write");
        } else {
            fs::write(dir.join(name), data).expect("write");
        }
    }
    total
}

#[derive(Default)]
struct Seen {
    commits: usize,
    failures: Vec<Failure>,
    last: Progress,
}

impl IngestObserver for Seen {
    fn progress(&mut self, p: &Progress) {
        self.commits += 1;
        self.last = *p;
    }
    fn failure(&mut self, f: &Failure) {
        self.failures.push(f.clone());
    }
}

/// What the test coder finds in the documents at `paths`, counted directly.
fn expected(paths: &[PathBuf]) -> (u64, u64, u64) {
    let mut docs = 0;
    let mut events = 0;
    let mut keys = BTreeSet::new();
    let mut ids = BTreeSet::new();
    let mut hashes = BTreeSet::new();
    for doc in read_paths(paths) {
        let doc = doc.expect("sample documents read");
        let hash = dyad_store::content_hash(doc.text.as_bytes());
        if ids.contains(&doc.id) || hashes.contains(&hash) {
            continue;
        }
        ids.insert(doc.id.clone());
        hashes.insert(hash);
        docs += 1;
        let evs = test_coder(&doc).expect("codes");
        events += evs.len() as u64;
        for e in evs.iter().filter(|e| !e.negated) {
            let day = e.date.clone().filter(|d| d.len() == 10).unwrap_or_default();
            keys.insert((day, e.dedup_key()));
        }
    }
    (docs, events, keys.len() as u64)
}

#[test]
fn news_and_warc_ingest_once_and_reingest_adds_nothing() {
    let dir = temp_dir("news");
    let input = dir.join("input");
    fs::create_dir_all(&input).unwrap();
    let lines = sample_news(&input, 2000);
    fs::write(input.join("kosovo.warc.gz"), kosovo_warc()).unwrap();
    let db = dir.join("dyad.db");
    let paths = vec![input.clone()];
    let (docs, events, unique) = expected(&paths);
    assert!(
        docs > lines as u64 * 9 / 10,
        "nearly every news line is a distinct document"
    );
    assert!(
        events > 100,
        "the test coder finds events in the news ({events})"
    );

    let mut store = Store::open(&db).unwrap();
    let mut seen = Seen::default();
    let report = store
        .ingest(read_paths(&paths), &test_coder, &options(), &mut seen)
        .unwrap();
    assert_eq!(report.progress.stored, docs);
    assert_eq!(report.progress.events, events);
    assert_eq!(report.progress.failed, 0, "{:?}", report.failures);
    assert!(seen.commits >= 1);
    assert_eq!(seen.last.stored, docs);

    let reader = Reader::open(&db).unwrap();
    assert_eq!(reader.counts().unwrap(), (docs, events, unique));
    let mut rollup = Vec::new();
    reader
        .query(
            "SELECT (SELECT sum(events) FROM dyad_days), (SELECT count(*) FROM unique_events),
                    (SELECT sum(mentions) FROM dyad_days), (SELECT count(*) FROM events WHERE negated = 0)",
            &mut |_, row| {
                rollup = row;
                true
            },
        )
        .unwrap();
    assert_eq!(
        rollup[0], rollup[1],
        "the roll-up counts every de-duplicated event once"
    );
    assert_eq!(rollup[2], rollup[3], "and every counted mention");

    // The two Kosovo pages of 29 May report the same accusation: one event, two articles.
    let mut dedup = Vec::new();
    reader
        .query(
            "SELECT num_mentions, num_articles FROM unique_events WHERE date = '2023-05-29' AND source_code = 'SRB' AND target_code = 'KOS' AND cameo = '112'",
            &mut |_, row| {
                dedup.push(row);
                true
            },
        )
        .unwrap();
    assert_eq!(
        dedup,
        vec![vec![serde_json::json!(2), serde_json::json!(2)]]
    );

    let before = dump(&db);
    let again = store
        .ingest(read_paths(&paths), &test_coder, &options(), &mut ())
        .unwrap();
    assert_eq!(again.progress.stored, 0);
    assert_eq!(again.progress.skipped, report.progress.read);
    same(&dump(&db), &before);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn failing_documents_are_reported_and_the_rest_goes_on() {
    let dir = temp_dir("fail");
    let input = dir.join("in.jsonl");
    let mut f = fs::File::create(&input).unwrap();
    writeln!(
        f,
        "{{\"id\":\"ok1\",\"date\":\"2023-05-01\",\"text\":\"Serbia held talks with Kosovo.\"}}"
    )
    .unwrap();
    writeln!(
        f,
        "{{\"id\":\"bad\",\"text\":\"@@FAIL@@ Serbia and Kosovo.\"}}"
    )
    .unwrap();
    writeln!(f, "{{\"id\": \"broken\", ").unwrap();
    writeln!(f, "{{\"id\":\"ok2\",\"text\":\"Russia and Ukraine.\"}}").unwrap();
    writeln!(f, "{{\"id\":\"panics\",\"text\":\"@@PANIC@@\"}}").unwrap();
    writeln!(
        f,
        "{{\"id\":\"dup-of-ok2\",\"text\":\"Russia and Ukraine.\"}}"
    )
    .unwrap();
    drop(f);
    let db = dir.join("f.db");
    let mut store = Store::open(&db).unwrap();
    let mut seen = Seen::default();
    let coder = |d: &dyad_docs::Document| {
        if d.text == "@@PANIC@@" {
            panic!("a buggy coder");
        }
        test_coder(d)
    };
    let report = store
        .ingest(read_paths([&input]), &coder, &options(), &mut seen)
        .unwrap();
    assert_eq!(report.progress.read, 6);
    assert_eq!(report.progress.stored, 2);
    assert_eq!(report.progress.skipped, 1, "same text as ok2");
    assert_eq!(report.progress.failed, 3);
    let mut ids: Vec<&str> = seen.failures.iter().map(|f| f.id.as_str()).collect();
    ids.sort();
    let mut want = vec![
        "bad".to_string(),
        "panics".to_string(),
        format!("{}:3", input.display()),
    ];
    want.sort();
    assert_eq!(ids, want);
    let reader = Reader::open(&db).unwrap();
    assert!(reader.document("bad").unwrap().is_none());
    let ok1 = reader.document("ok1").unwrap().expect("stored");
    assert_eq!(ok1.events.len(), 1);
    assert_eq!(ok1.events[0].event.cameo, "040");
    assert_eq!(ok1.coder_version, "test-double");
    fs::remove_dir_all(&dir).unwrap();
}

/// Asserts two dumps are equal, showing the first difference only.
fn same(a: &[String], b: &[String]) {
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        panic!("stores differ at row {i}: {:?} vs {:?}", a.get(i), b.get(i));
    }
}

fn child_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let bin = profile_dir
        .join("examples")
        .join(format!("ingest_child{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} missing: cargo test builds examples",
        bin.display()
    );
    bin
}

#[test]
fn killed_ingest_resumes_to_the_same_rows_as_an_uninterrupted_one() {
    let dir = temp_dir("kill");
    let input = dir.join("input");
    fs::create_dir_all(&input).unwrap();
    sample_news(&input, 300);
    fs::write(input.join("kosovo.warc.gz"), kosovo_warc()).unwrap();
    let paths = vec![input.clone()];
    let (docs, _, _) = expected(&paths);

    // Uninterrupted, in process.
    let whole = dir.join("whole.db");
    Store::open(&whole)
        .unwrap()
        .ingest(read_paths(&paths), &test_coder, &options(), &mut ())
        .unwrap();

    // Killed midway (SIGKILL), then resumed.
    let killed = dir.join("killed.db");
    let mut child = std::process::Command::new(child_binary())
        .arg(&killed)
        .arg("3")
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn ingest_child");
    let start = Instant::now();
    let mut stored_at_kill = 0;
    while start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(20));
        if let Ok(r) = Reader::open(&killed) {
            if let Ok((n, _, _)) = r.counts() {
                if n >= docs / 4 {
                    stored_at_kill = n;
                    break;
                }
            }
        }
    }
    child.kill().expect("SIGKILL the child");
    let _ = child.wait();
    assert!(
        stored_at_kill > 0,
        "the child committed documents before the kill"
    );
    let (after_kill, _, _) = Reader::open(&killed).unwrap().counts().unwrap();
    assert!(after_kill >= stored_at_kill, "nothing committed was lost");
    assert!(after_kill < docs, "killed midway ({after_kill} of {docs})");

    let status = std::process::Command::new(child_binary())
        .arg(&killed)
        .arg("0")
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("resume");
    assert!(status.success());
    same(&dump(&killed), &dump(&whole));
    fs::remove_dir_all(&dir).unwrap();
}

/// The full news corpus (about 183,000 documents); run in release with
/// `cargo test -p dyad-store --release -- --ignored --nocapture`.
#[test]
#[ignore]
fn full_news_ingest_rate() {
    let dir = temp_dir("full");
    let db = dir.join("full.db");
    let start = Instant::now();
    let report = Store::open(&db)
        .unwrap()
        .ingest(read_paths([news_dir()]), &test_coder, &options(), &mut ())
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let p = report.progress;
    println!(
        "full news: {} read, {} stored, {} duplicate texts skipped, {} events in {secs:.1} s: {:.0} documents/s, {:.0} events/s",
        p.read,
        p.stored,
        p.skipped,
        p.events,
        p.read as f64 / secs,
        p.events as f64 / secs
    );
    assert_eq!(p.failed, 0);
    assert!(p.read > 180_000, "every line of the three files");
    assert_eq!(p.stored + p.skipped, p.read);
    let start = Instant::now();
    let again = Store::open(&db)
        .unwrap()
        .ingest(read_paths([news_dir()]), &test_coder, &options(), &mut ())
        .unwrap();
    println!(
        "re-ingest (all skipped) in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    assert_eq!(again.progress.stored, 0);
    let reader = Reader::open(&db).unwrap();
    let start = Instant::now();
    let trend = reader
        .trend("USA", "IRQ", dyad_store::Period::Month)
        .unwrap();
    println!(
        "trend USA IRQ by month: {} rows in {:?}",
        trend.len(),
        start.elapsed()
    );
    assert!(!trend.is_empty());
    let out = dir.join("parquet");
    let start = Instant::now();
    let n = reader
        .export(
            dyad_store::ExportFormat::Parquet,
            &Default::default(),
            Some(&out),
            false,
        )
        .unwrap();
    println!("parquet export: {n} events in {:?}", start.elapsed());

    // The writer under load: one event for every sentence of every document.
    let dense = dir.join("dense.db");
    let start = Instant::now();
    let report = Store::open(&dense)
        .unwrap()
        .ingest(
            read_paths([news_dir()]),
            &common::dense_test_coder,
            &options(),
            &mut (),
        )
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let p = report.progress;
    let (_, _, unique) = Reader::open(&dense).unwrap().counts().unwrap();
    println!(
        "dense: {} documents, {} events ({unique} de-duplicated) in {secs:.1} s: {:.0} events/s, db {} MB",
        p.stored,
        p.events,
        p.events as f64 / secs,
        fs::metadata(&dense).map_or(0, |m| m.len()) / 1_000_000
    );
    fs::remove_dir_all(&dir).unwrap();
}
