//! `dyad-server`: `dyad serve` — a JSON API and an embedded dashboard over a
//! dyad store.
//!
//! The API ([`api`]) answers event queries, dyad trends, actor lists and an
//! actor network from the store, and codes posted text with an injected
//! coding function ([`CodeFn`]); the dashboard ([`assets`]) is plain HTML,
//! JS and CSS compiled into the binary. Limits that keep it up ([`Limits`]):
//! a request body cap, a per-request time limit, a header-read time limit, a
//! bound on open connections, on requests in flight and on blocking work
//! (SQLite and coding run on the blocking pool), parameterised SQL only, and
//! JSON errors with status codes ([`error`]). Read-only unless built with
//! [`Config::allow_ingest`].
//!
//! Not for: coding (the caller passes the coder) or storing logic
//! (`dyad-store`); this crate only serves them.
#![deny(missing_docs)]

pub mod api;
pub mod assets;
pub mod db;
pub mod error;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use dyad_docs::Document;
use dyad_event::Event;
use tokio::sync::{Notify, Semaphore};

pub use error::{ApiError, ServerError};

/// The coding function: one document in, its events out (or why not).
pub type CodeFn = Arc<dyn Fn(&Document) -> Result<Vec<Event>, String> + Send + Sync>;

/// Limits that keep the server up under any input.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The largest request body accepted, in bytes (larger: 413).
    pub body_bytes: usize,
    /// The longest a request may take, reading its body included (longer: 503).
    pub request_timeout: Duration,
    /// Requests handled at once; more are refused at once with 503.
    pub max_in_flight: usize,
    /// Blocking jobs (SQLite queries, coding) at once; more wait for a slot
    /// within the request's time limit.
    pub max_blocking: usize,
    /// The most events one `/v1/events` page returns.
    pub max_page: u32,
    /// Open connections at most; further ones wait in the listen queue.
    pub max_connections: usize,
    /// The longest a client may take to send a request's headers, idle
    /// keep-alive included; then the connection is closed.
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            body_bytes: 1024 * 1024,
            request_timeout: Duration::from_secs(10),
            max_in_flight: 256,
            max_blocking: (cores * 2).clamp(2, 32),
            max_page: 500,
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store file.
    pub db: PathBuf,
    /// Accept `POST /v1/ingest` (opens the store read-write, creating it if needed).
    pub allow_ingest: bool,
    /// Stored with documents ingested over the API.
    pub coder_version: String,
    /// Stored with documents ingested over the API.
    pub dictionary_version: String,
    /// The limits.
    pub limits: Limits,
}

impl Config {
    /// A read-only server over `db` with the default limits.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            allow_ingest: false,
            coder_version: format!("dyad-server {}", env!("CARGO_PKG_VERSION")),
            dictionary_version: String::new(),
            limits: Limits::default(),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// The store: pooled read-only connections and, with ingest allowed, the writer.
    pub store: db::Db,
    /// The coder; `None` when this binary has none (`/v1/code` answers 503).
    pub code: Option<CodeFn>,
    /// The configuration.
    pub config: Config,
    pub(crate) in_flight: Arc<Semaphore>,
    pub(crate) blocking: Arc<Semaphore>,
}

impl AppState {
    /// Opens the store (read-only unless ingest is allowed) and builds the state.
    pub fn new(config: Config, code: Option<CodeFn>) -> Result<Arc<AppState>, ServerError> {
        let store = db::Db::open(&config.db, config.allow_ingest, config.limits.max_blocking)?;
        Ok(Arc::new(AppState {
            store,
            code,
            in_flight: Arc::new(Semaphore::new(config.limits.max_in_flight.max(1))),
            blocking: Arc::new(Semaphore::new(config.limits.max_blocking.max(1))),
            config,
        }))
    }
}

/// A server running on its own thread and runtime.
pub struct Server {
    addr: SocketAddr,
    stop: Arc<Notify>,
    thread: Option<std::thread::JoinHandle<Result<(), ServerError>>>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free one) and serves `state` on a new
    /// thread until [`Server::stop`], or Ctrl-C when `on_ctrl_c` is set.
    pub fn start(
        state: Arc<AppState>,
        addr: SocketAddr,
        on_ctrl_c: bool,
    ) -> Result<Server, ServerError> {
        let listener =
            std::net::TcpListener::bind(addr).map_err(|error| ServerError::Bind { addr, error })?;
        listener
            .set_nonblocking(true)
            .map_err(|error| ServerError::Bind { addr, error })?;
        let addr = listener
            .local_addr()
            .map_err(|error| ServerError::Bind { addr, error })?;
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(workers)
            .max_blocking_threads(state.config.limits.max_blocking + 4)
            .enable_io()
            .enable_time()
            .build()
            .map_err(ServerError::Runtime)?;
        let stop = Arc::new(Notify::new());
        let stop2 = stop.clone();
        let thread = std::thread::Builder::new()
            .name("dyad-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener =
                        tokio::net::TcpListener::from_std(listener).map_err(ServerError::Serve)?;
                    if on_ctrl_c {
                        let stop3 = stop2.clone();
                        tokio::spawn(async move {
                            if tokio::signal::ctrl_c().await.is_ok() {
                                stop3.notify_one();
                            }
                        });
                    }
                    serve(listener, state, stop2).await;
                    Ok(())
                })
            })
            .map_err(ServerError::Runtime)?;
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Asks it to stop (in-flight requests finish).
    pub fn stop(&self) {
        self.stop.notify_one();
    }

    /// Waits until it has stopped.
    pub fn wait(mut self) -> Result<(), ServerError> {
        match self.thread.take().map(|t| t.join()) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(ServerError::Crashed),
            None => Ok(()),
        }
    }
}

/// Accepts connections until `stop` is notified: at most
/// [`Limits::max_connections`] at once, each served over HTTP/1.1 with the
/// header-read time limit; on stop, open connections finish their current
/// request (up to 5 s) and close.
async fn serve(listener: tokio::net::TcpListener, state: Arc<AppState>, stop: Arc<Notify>) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let limits = state.config.limits.clone();
    let router = api::router(state);
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        let permit = tokio::select! {
            p = slots.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = stop.notified() => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors or a connection reset before
                    // accept: wait a moment and go on.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stop.notified() => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .keep_alive(true);
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            let _permit = permit;
            let _ = conn.await;
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            self.stop.notify_one();
            let _ = t.join();
        }
    }
}
