//! End to end through the real binary and the real coder: ingest the shared news
//! folder plus a WARC file built here, check counts, re-ingest without doubling,
//! and kill an ingest midway to check that resuming ends with the same rows.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn news_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news");
    dir.is_dir().then_some(dir)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A WARC response record wrapping an HTML page.
fn warc_record(id: &str, uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-02T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn write_warc(path: &Path) {
    let page = |title: &str, body: &str| {
        format!("<html><head><title>{title}</title><meta property=\"article:published_time\" content=\"2024-03-01T08:00:00Z\"></head><body><nav>Home | World</nav><article><p>{body}</p></article><script>var x = 1;</script></body></html>")
    };
    let mut file = std::fs::File::create(path).unwrap();
    file.write_all(&warc_record(
        "0001",
        "https://news.example/a",
        &page(
            "Serbia and Kosovo",
            "Serbia condemned Kosovo on Friday over the arrests of local officials.",
        ),
    ))
    .unwrap();
    file.write_all(&warc_record(
        "0002",
        "https://news.example/b",
        &page(
            "NATO statement",
            "NATO urged Kosovo to ease tensions with Serbia.",
        ),
    ))
    .unwrap();
}

fn query(db: &Path, sql: &str) -> String {
    let out = dyad()
        .args(["query", "--json", "--db"])
        .arg(db)
        .arg(sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn count(db: &Path, sql: &str) -> u64 {
    let row: serde_json::Value = serde_json::from_str(query(db, sql).trim()).unwrap();
    row.as_object()
        .unwrap()
        .values()
        .next()
        .unwrap()
        .as_u64()
        .unwrap()
}

/// Every stored row, in a stable order, for comparing two stores.
fn dump(db: &Path) -> String {
    let mut all = String::new();
    for sql in [
        "select id, content_hash, events from documents order by id",
        "select doc_id, sentence, date, source_code, target_code, cameo, negated from events order by doc_id, sentence, source_code, target_code, cameo",
        "select date, source_code, target_code, cameo, num_mentions, num_articles from unique_events order by date, source_code, target_code, cameo",
        "select * from dyad_days order by 1, 2, 3",
    ] {
        all.push_str(&query(db, sql));
    }
    all
}

fn ingest(db: &Path, inputs: &[&Path]) -> std::process::Output {
    let out = dyad()
        .arg("ingest")
        .arg("--db")
        .arg(db)
        .args(inputs)
        .output()
        .unwrap();
    // Exit 1: some documents failed (each reported); the rest was stored.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn ingest_news_and_warc_then_reingest_and_resume_after_kill() {
    let Some(news) = news_dir() else {
        println!("SKIPPED: ../shared/data/news is missing");
        return;
    };
    let dir = scratch("ingest");
    let warc = dir.join("crawl.warc");
    write_warc(&warc);

    // 1. A full ingest.
    let db = dir.join("full.db");
    let out = ingest(&db, &[&news, &warc]);
    let report = String::from_utf8_lossy(&out.stderr);
    let documents = count(&db, "select count(*) from documents");
    assert!(documents > 150_000, "{documents} documents; {report}");
    let events = count(&db, "select count(*) from events");
    assert!(events > 10_000, "{events} events");
    // Roll-ups agree with the raw rows: every counted (not negated) event is one mention.
    assert_eq!(
        count(&db, "select sum(num_mentions) from unique_events"),
        count(&db, "select count(*) from events where negated = 0")
    );
    // The WARC pages were reduced to their articles and coded.
    assert_eq!(
        count(
            &db,
            "select count(*) from documents where url like 'https://news.example/%'"
        ),
        2
    );
    assert!(count(&db, "select count(*) from events e join documents d on d.id = e.doc_id where d.url = 'https://news.example/a' and e.source_code like 'SRB%' and e.root = '11'") >= 1);

    // 2. Re-ingesting the same input adds nothing.
    let before = dump(&db);
    ingest(&db, &[&news, &warc]);
    assert_eq!(dump(&db), before, "re-ingest changed the store");

    // 3. Kill an ingest midway, resume it, and compare with the uninterrupted store.
    let killed = dir.join("killed.db");
    let mut child = dyad()
        .arg("ingest")
        .arg("--db")
        .arg(&killed)
        .arg(&news)
        .arg(&warc)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut stored_before_kill = 0;
    while started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(200));
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if killed.exists() {
            stored_before_kill = count(&killed, "select count(*) from documents");
            if stored_before_kill > 2_000 {
                break;
            }
        }
    }
    let _ = child.kill(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(
        stored_before_kill < documents,
        "the ingest finished before it could be killed"
    );
    let after_kill = count(&killed, "select count(*) from documents");
    assert!(
        after_kill >= stored_before_kill,
        "committed documents were lost"
    );
    ingest(&killed, &[&news, &warc]);
    assert_eq!(
        dump(&killed),
        before,
        "a resumed ingest differs from an uninterrupted one"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
