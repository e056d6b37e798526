//! A demo store and server for the browser test, using the TEST-DOUBLE coder
//! of `tests/common` (not dyad's coder: it finds a few country names and
//! trigger words). Until `dyad ingest` and `dyad serve` are wired to the real
//! coder, `browser/run.sh` uses this.
//!
//! ```text
//! demo_db ingest DB PATH...     code PATH... (files or folders) into DB
//! demo_db serve DB ADDR         serve DB read-only on ADDR (port 0: any free one);
//!                               prints "listening on http://HOST:PORT", stops on Ctrl-C
//! ```
use std::process::ExitCode;
use std::sync::Arc;

#[path = "../tests/common/mod.rs"]
mod common;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo_db: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [cmd, db, paths @ ..] if cmd == "ingest" && !paths.is_empty() => {
            let mut store = dyad_store::Store::open(db).map_err(|e| e.to_string())?;
            let options = dyad_store::IngestOptions {
                coder_version: "test double".into(),
                ..Default::default()
            };
            let report = store
                .ingest(
                    dyad_docs::read_paths(paths),
                    &common::test_coder,
                    &options,
                    &mut (),
                )
                .map_err(|e| e.to_string())?;
            let p = report.progress;
            println!(
                "{} read, {} stored, {} skipped, {} failed, {} events in {:.1} s",
                p.read,
                p.stored,
                p.skipped,
                p.failed,
                p.events,
                p.elapsed.as_secs_f64()
            );
            Ok(())
        }
        [cmd, db, addr] if cmd == "serve" => {
            let addr = addr.parse().map_err(|e| format!("address {addr:?}: {e}"))?;
            let code: dyad_server::CodeFn = Arc::new(common::test_coder);
            let state = dyad_server::AppState::new(dyad_server::Config::new(db), Some(code))
                .map_err(|e| e.to_string())?;
            let server =
                dyad_server::Server::start(state, addr, true).map_err(|e| e.to_string())?;
            println!("listening on http://{}", server.addr());
            server.wait().map_err(|e| e.to_string())
        }
        _ => Err("usage: demo_db ingest DB PATH... | demo_db serve DB ADDR".into()),
    }
}
