//! A helper process for the kill-and-resume test: ingests PATH into DB with the
//! test coder (a test double, not dyad's coder), sleeping SLEEP_MS per
//! document so that the test can kill it midway.
//!
//! Usage: `ingest_child DB SLEEP_MS PATH...`
use std::time::Duration;

#[path = "../tests/common/mod.rs"]
mod common;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, sleep_ms, paths @ ..] = args.as_slice() else {
        return Err("usage: ingest_child DB SLEEP_MS PATH...".into());
    };
    let sleep = Duration::from_millis(sleep_ms.parse()?);
    let coder = |doc: &dyad_docs::Document| {
        std::thread::sleep(sleep);
        common::test_coder(doc)
    };
    let mut store = dyad_store::Store::open(db)?;
    let options = dyad_store::IngestOptions {
        coder_version: "test-double".into(),
        dictionary_version: "none".into(),
        batch_size: 16,
        commit_interval: Duration::from_millis(20),
        threads: Some(2),
        ..Default::default()
    };
    let report = store.ingest(dyad_docs::read_paths(paths), &coder, &options, &mut ())?;
    println!("{:?}", report.progress);
    Ok(())
}
