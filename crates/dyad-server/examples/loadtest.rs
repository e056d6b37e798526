//! A bounded load test of `/v1/events` and `/v1/code` from a second process
//! on loopback.
//!
//! ```text
//! loadtest [--addr HOST:PORT] [--connections N] [--requests N] [--seconds S] [--news PATH]
//! ```
//!
//! Without `--addr` it builds a temporary store from `--news` (default: the
//! shared Wikipedia news file) with the TEST-DOUBLE coder, starts the server as
//! a child process (this binary with `--serve`), and stops it at the end. Per
//! endpoint it sends at most `--requests` (2000) requests or runs `--seconds`
//! (20), whichever ends first, over `--connections` (8) keep-alive
//! connections, and prints requests/s and p50/p99 latency.
use std::net::SocketAddr;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "../tests/common/mod.rs"]
mod common;

const ARTICLE: &str = "The Serbian Security Council announced that the army remains on high alert. \
The Serbian Security Council blamed KFOR for what happened, saying it had not done its job. \
This came a day after clashes between ethnic Serbs and police in Kosovo on Friday. \
Ten people were injured in those clashes after police dispersed Serb residents. \
Serbia supported the boycotters, who called for an association of Serbian municipalities in Kosovo. \
NATO accused Serbia of escalating the crisis. Talks between Serbia and Kosovo were suspended.";

const EVENT_QUERIES: [&str; 6] = [
    "/v1/events?source=SRB&target=KOS&limit=50",
    "/v1/events?actor=USA&limit=50",
    "/v1/events?quad_class=4&limit=50",
    "/v1/events?q=attack&limit=20",
    "/v1/events?from=2020-01-01&to=2020-12-31&limit=50",
    "/v1/events?cameo=11&offset=100&limit=50",
];

struct Options {
    addr: Option<SocketAddr>,
    connections: usize,
    requests: usize,
    seconds: u64,
    news: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--serve") {
        return serve(&args[1..]);
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loadtest: {e}");
            ExitCode::from(2)
        }
    }
}

fn serve(args: &[String]) -> ExitCode {
    let Some(db) = args.first() else {
        return ExitCode::from(2);
    };
    let code: dyad_server::CodeFn = Arc::new(common::test_coder);
    let started = dyad_server::AppState::new(dyad_server::Config::new(db), Some(code))
        .map_err(|e| e.to_string())
        .and_then(|s| {
            dyad_server::Server::start(s, "127.0.0.1:0".parse().expect("address"), true)
                .map_err(|e| e.to_string())
        });
    match started {
        Ok(server) => {
            println!("{}", server.addr());
            let _ = server.wait();
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("loadtest --serve: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        addr: None,
        connections: 8,
        requests: 2000,
        seconds: 20,
        news: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/news/wikipedia-current-events.jsonl"
        )
        .into(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
        let num = |v: String| v.parse::<u64>().map_err(|e| format!("{a} {v}: {e}"));
        match a.as_str() {
            "--addr" => o.addr = Some(value()?.parse().map_err(|e| format!("--addr: {e}"))?),
            "--connections" => o.connections = num(value()?)?.clamp(1, 256) as usize,
            "--requests" => o.requests = num(value()?)?.clamp(1, 1_000_000) as usize,
            "--seconds" => o.seconds = num(value()?)?.clamp(1, 600),
            "--news" => o.news = value()?,
            _ => return Err(format!("unknown argument {a:?}")),
        }
    }
    Ok(o)
}

struct ChildServer(Child);

impl Drop for ChildServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_child(news: &str) -> Result<(SocketAddr, ChildServer), String> {
    let dir = std::env::temp_dir().join(format!("dyad-loadtest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let db = dir.join("dyad.db");
    let t0 = Instant::now();
    let mut store = dyad_store::Store::open(&db).map_err(|e| e.to_string())?;
    let report = store
        .ingest(
            dyad_docs::read_paths([news]),
            &common::test_coder,
            &dyad_store::IngestOptions::default(),
            &mut (),
        )
        .map_err(|e| e.to_string())?;
    drop(store);
    println!(
        "store: {} documents, {} events (test-double coder) in {:.1} s",
        report.progress.stored,
        report.progress.events,
        t0.elapsed().as_secs_f64()
    );
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .arg("--serve")
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let out = child.stdout.take().ok_or("no stdout")?;
    let guard = ChildServer(child);
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line)
        .map_err(|e| e.to_string())?;
    let addr = line
        .trim()
        .parse()
        .map_err(|e| format!("server said {line:?}: {e}"))?;
    Ok((addr, guard))
}

struct Outcome {
    sent: usize,
    errors: usize,
    statuses: Vec<(u16, usize)>,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

fn hammer(o: &Options, addr: SocketAddr, make: fn(usize) -> (String, &'static [u8])) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let lat = Arc::new(Mutex::new(Vec::with_capacity(o.requests)));
    let statuses = Arc::new(Mutex::new(std::collections::BTreeMap::<u16, usize>::new()));
    let errors = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(o.seconds);
    let t0 = Instant::now();
    let handles: Vec<_> = (0..o.connections)
        .map(|_| {
            let (next, lat, statuses, errors) =
                (next.clone(), lat.clone(), statuses.clone(), errors.clone());
            let total = o.requests;
            std::thread::spawn(move || {
                let mut client = None;
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total || Instant::now() >= deadline {
                        break;
                    }
                    if client.is_none() {
                        client = common::Client::connect(addr).ok();
                    }
                    let Some(c) = client.as_mut() else {
                        errors.fetch_add(1, Ordering::Relaxed);
                        continue;
                    };
                    let (path, body) = make(i);
                    let start = Instant::now();
                    let (method, headers): (&str, &[(&str, &str)]) = if body.is_empty() {
                        ("GET", &[])
                    } else {
                        ("POST", &[("content-type", "text/plain")])
                    };
                    match c.send(method, &path, headers, body) {
                        Ok(a) => {
                            mine.push(start.elapsed());
                            if let Ok(mut s) = statuses.lock() {
                                *s.entry(a.status).or_default() += 1;
                            }
                        }
                        Err(_) => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            client = None;
                        }
                    }
                }
                if let Ok(mut l) = lat.lock() {
                    l.extend(mine);
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    let elapsed = t0.elapsed();
    let mut latencies = std::mem::take(&mut *lat.lock().unwrap_or_else(|p| p.into_inner()));
    latencies.sort();
    let statuses = statuses
        .lock()
        .map(|s| s.iter().map(|(k, v)| (*k, *v)).collect())
        .unwrap_or_default();
    Outcome {
        sent: latencies.len(),
        errors: errors.load(Ordering::Relaxed),
        statuses,
        elapsed,
        latencies,
    }
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn report(name: &str, o: &Outcome) {
    println!(
        "{name:<11} {:>6} requests in {:>5.2} s: {:>8.0} req/s, p50 {:>6.2} ms, p99 {:>6.2} ms, max {:>6.2} ms; statuses {:?}, transport errors {}",
        o.sent,
        o.elapsed.as_secs_f64(),
        o.sent as f64 / o.elapsed.as_secs_f64().max(1e-9),
        pct(&o.latencies, 0.5),
        pct(&o.latencies, 0.99),
        pct(&o.latencies, 1.0),
        o.statuses,
        o.errors
    );
}

fn run(args: &[String]) -> Result<(), String> {
    let o = parse(args)?;
    let (addr, _child) = match o.addr {
        Some(a) => (a, None),
        None => {
            let (a, c) = start_child(&o.news)?;
            (a, Some(c))
        }
    };
    println!(
        "server {addr}; {} connections; at most {} requests or {} s per endpoint",
        o.connections, o.requests, o.seconds
    );
    let events = hammer(&o, addr, |i| {
        (EVENT_QUERIES[i % EVENT_QUERIES.len()].to_string(), b"")
    });
    report("/v1/events", &events);
    let code = hammer(&o, addr, |_| ("/v1/code".to_string(), ARTICLE.as_bytes()));
    report("/v1/code", &code);
    let health = common::get(addr, "/v1/health").map_err(|e| e.to_string())?;
    println!("after the load: /v1/health {}", health.status);
    Ok(())
}
