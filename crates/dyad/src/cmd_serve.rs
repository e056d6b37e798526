//! `dyad serve`: the JSON API and the dashboard over a store, with the real
//! coder behind `POST /v1/code` (and `POST /v1/ingest` with `--allow-ingest`).
//!
//! A thin layer over `dyad-server`: arguments, building the coder, printing
//! the address. Not for: routes or limits (they live in `dyad-server`).
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use dyad_server::{AppState, CodeFn, Config, Limits, Server};

/// Arguments of `dyad serve`.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// The store to serve.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Accept `POST /v1/ingest` (opens the store read-write, creating it if needed).
    #[arg(long)]
    allow_ingest: bool,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    max_body: usize,
    /// The longest a request may take, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Requests handled at once; more are refused with 503.
    #[arg(long, default_value_t = 256)]
    max_in_flight: usize,
    /// Queries and coding jobs run at once (default: twice the cores, 2 to 32).
    #[arg(long)]
    workers: Option<usize>,
}

/// The serve subcommand.
#[derive(clap::Subcommand)]
pub enum Commands {
    /// Serve the JSON API (`/v1`, described at `/v1/openapi.json`) and the dashboard (`/`).
    Serve(ServeArgs),
}

/// Builds the real coder once and wraps it as the server's coding function.
fn coder() -> anyhow::Result<CodeFn> {
    let coder = dyad_coder::Coder::new(dyad_coder::CoderOptions::default())
        .context("building the coder")?;
    Ok(Arc::new(move |doc: &dyad_docs::Document| {
        coder.code_document(doc).map_err(|e| e.to_string())
    }))
}

/// Runs `dyad serve`.
pub fn run(command: Commands) -> anyhow::Result<ExitCode> {
    let Commands::Serve(args) = command;
    let defaults = Limits::default();
    let config = Config {
        db: args.db.clone(),
        allow_ingest: args.allow_ingest,
        coder_version: format!("dyad {}", env!("CARGO_PKG_VERSION")),
        dictionary_version: "embedded".to_string(),
        limits: Limits {
            body_bytes: args.max_body.max(1),
            request_timeout: Duration::from_millis(args.timeout_ms.max(1)),
            max_in_flight: args.max_in_flight.max(1),
            max_blocking: args.workers.unwrap_or(defaults.max_blocking).max(1),
            ..defaults
        },
    };
    let code = match coder() {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("dyad serve: warning: {e:#}; /v1/code will answer 503");
            None
        }
    };
    let state =
        AppState::new(config, code).with_context(|| format!("serving {}", args.db.display()))?;
    let server = Server::start(state, args.addr, true)?;
    println!("listening on http://{}", server.addr());
    std::io::stdout().flush().ok();
    server.wait()?;
    Ok(ExitCode::SUCCESS)
}
