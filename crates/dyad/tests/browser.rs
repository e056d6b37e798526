//! Runs the dashboard's browser test (`crates/dyad-server/browser/run.sh`:
//! headless Chromium against the real `dyad serve` on loopback, over a store that
//! the real `dyad ingest` filled from the shared news and the seed article).
//! Skipped, with a printed message, only when Chromium cannot be installed
//! (run.sh exits 77).

use std::path::PathBuf;
use std::process::Command;

#[test]
fn dashboard_in_headless_chromium() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../dyad-server");
    let shared = manifest.join("../../../shared");
    if !shared.join("data/news").is_dir() {
        println!("SKIPPED: no shared data at {}", shared.display());
        return;
    }
    // target/<profile>/deps/browser-… → target/
    let exe = std::env::current_exe().expect("test executable");
    let target = exe
        .parent()
        .and_then(|d| d.parent())
        .and_then(|d| d.parent())
        .expect("target dir");
    let mut cmd = Command::new("bash");
    cmd.arg(manifest.join("browser/run.sh"))
        .env("DYAD_BIN", env!("CARGO_BIN_EXE_dyad"))
        .env("DYAD_SHARED", &shared)
        .env("DYAD_SCREENSHOTS", target.join("screenshots"))
        .env("CARGO_TARGET_DIR", target);
    let status = cmd.status().expect("running browser/run.sh");
    match status.code() {
        Some(0) => {}
        Some(77) => {
            println!("SKIPPED: chromium could not be installed; the dashboard was not tested")
        }
        other => panic!("the browser test failed (exit {other:?}); see the output above"),
    }
}
