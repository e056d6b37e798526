//! API tests against a server running on loopback (127.0.0.1, a free port),
//! over a temporary store filled with the test-double coder. Bad requests
//! (malformed JSON, oversized bodies, unknown actors, SQL-looking filters,
//! garbage bytes) must get 4xx JSON errors and leave the server serving.

mod common;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{get, request, test_coder, Answer};
use dyad_docs::Document;
use dyad_server::{AppState, CodeFn, Config, Server};
use dyad_store::{IngestOptions, Store};
use serde_json::Value;

const SEED_LIKE: &str = "The Serbian Security Council blamed KFOR for what happened. \
This came a day after clashes between Serbs and police in Kosovo on Friday. \
Serbia supported the boycotters in Kosovo. The weather was fine.";

fn temp_db(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "dyad-server-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("dyad.db")
}

fn docs() -> Vec<Document> {
    let d = |id: &str, date: &str, text: &str| Document {
        id: id.into(),
        date: Some(date.into()),
        text: text.into(),
        ..Document::default()
    };
    vec![
        d("seed", "2023-05-27", SEED_LIKE),
        d(
            "w1",
            "2023-04-02",
            "Serbia accused Kosovo of provocations. Talks failed.",
        ),
        d(
            "w2",
            "2022-12-10",
            "Russia supported Serbia over Kosovo. Kosovo blamed Serbia for the attack.",
        ),
        d(
            "w3",
            "2023-05-01",
            "The United States condemned the attack on Israel.",
        ),
    ]
}

fn filled_db(name: &str) -> PathBuf {
    let path = temp_db(name);
    let mut store = Store::open(&path).unwrap();
    let report = store
        .ingest(
            docs().into_iter().map(Ok),
            &test_coder,
            &IngestOptions::default(),
            &mut (),
        )
        .unwrap();
    assert_eq!(report.progress.stored, 4);
    path
}

fn coder() -> Option<CodeFn> {
    Some(Arc::new(test_coder))
}

fn start_with(config: Config, code: Option<CodeFn>) -> Server {
    let state = AppState::new(config, code).unwrap();
    Server::start(state, "127.0.0.1:0".parse().unwrap(), false).unwrap()
}

fn start(name: &str) -> Server {
    start_with(Config::new(filled_db(name)), coder())
}

fn ok_json(addr: SocketAddr, path: &str) -> Value {
    let a = get(addr, path).unwrap();
    assert_eq!(a.status, 200, "{path}: {}", a.text());
    assert_eq!(a.header("content-type"), Some("application/json"));
    a.json()
}

fn assert_error(a: &Answer, status: u16, code: &str) {
    assert_eq!(a.status, status, "{}", a.text());
    let v = a.json();
    assert_eq!(v["error"]["code"], code, "{}", a.text());
    assert!(
        !v["error"]["message"].as_str().unwrap_or("").is_empty(),
        "{}",
        a.text()
    );
}

fn assert_serving(addr: SocketAddr) {
    let v = ok_json(addr, "/v1/health");
    assert_eq!(v["status"], "ok");
}

#[test]
fn health_openapi_and_dashboard() {
    let server = start("health");
    let addr = server.addr();
    let h = ok_json(addr, "/v1/health");
    assert_eq!(h["documents"], 4);
    assert_eq!(h["read_only"], true);
    assert_eq!(h["coder"], true);
    assert!(h["events"].as_u64().unwrap() >= 6);

    let spec = ok_json(addr, "/v1/openapi.json");
    assert!(spec["openapi"].as_str().unwrap().starts_with("3.0"));
    for route in [
        "/v1/health",
        "/v1/events",
        "/v1/dyads/{a}/{b}/trend",
        "/v1/actors",
        "/v1/code",
        "/v1/openapi.json",
    ] {
        assert!(spec["paths"][route].is_object(), "{route}");
    }

    let page = get(addr, "/").unwrap();
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().contains("id=\"dyad-go\""));
    let js = get(addr, "/app.js").unwrap();
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(js.text().contains("v1/events"));
    let css = get(addr, "/app.css").unwrap();
    assert!(css.header("content-type").unwrap().starts_with("text/css"));

    assert_error(&get(addr, "/v1/nothing").unwrap(), 404, "not_found");
    assert_error(
        &request(addr, "DELETE", "/v1/events", &[], b"").unwrap(),
        405,
        "method_not_allowed",
    );
}

#[test]
fn events_are_filtered_and_paged() {
    let server = start("events");
    let addr = server.addr();
    let all = ok_json(addr, "/v1/events?limit=500");
    let n = all["events"].as_array().unwrap().len();
    assert!(n >= 6, "{all}");
    assert_eq!(all["next_offset"], Value::Null);

    let v = ok_json(addr, "/v1/events?source=srb&target=KOS");
    let evs = v["events"].as_array().unwrap();
    assert!(!evs.is_empty());
    for e in evs {
        assert!(e["event"]["source"]["code"]
            .as_str()
            .unwrap()
            .starts_with("SRB"));
        assert!(e["event"]["target"]["code"]
            .as_str()
            .unwrap()
            .starts_with("KOS"));
    }

    // Paging: one at a time walks the same rows in the same order.
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let v = ok_json(addr, &format!("/v1/events?limit=1&offset={offset}"));
        seen.extend(
            v["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].clone()),
        );
        match v["next_offset"].as_u64() {
            Some(o) => offset = o,
            None => break,
        }
    }
    let ids: Vec<_> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    assert_eq!(seen, ids);

    let v = ok_json(addr, "/v1/events?quad_class=4");
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["event"]["quad_class"] == 4));
    let v = ok_json(addr, "/v1/events?from=2023-05-01&to=2023-05-31");
    let evs = v["events"].as_array().unwrap();
    assert!(!evs.is_empty());
    assert!(evs
        .iter()
        .all(|e| e["event"]["date"].as_str().unwrap().starts_with("2023-05")));
    let v = ok_json(addr, "/v1/events?q=boycotters");
    assert_eq!(v["events"].as_array().unwrap().len(), 1);
    let v = ok_json(addr, "/v1/events?doc_id=seed&cameo=11");
    assert!(v["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["event"]["doc_id"] == "seed"
            && e["event"]["cameo"].as_str().unwrap().starts_with("11")));

    for bad in [
        "/v1/events?limit=0",
        "/v1/events?limit=100000",
        "/v1/events?offset=-1",
        "/v1/events?quad_class=9",
        "/v1/events?from=yesterday",
        "/v1/events?colour=red",
        "/v1/events?source=S*",
    ] {
        assert_error(&get(addr, bad).unwrap(), 400, "invalid_parameter");
    }
    assert_serving(addr);
}

#[test]
fn trend_actors_network_and_documents() {
    let server = start("trend");
    let addr = server.addr();
    let t = ok_json(addr, "/v1/dyads/SRB/KOS/trend?by=month");
    let periods = t["periods"].as_array().unwrap();
    assert_eq!(periods.first().unwrap()["period"], "2022-12");
    assert_eq!(periods.last().unwrap()["period"], "2023-05");
    assert_eq!(periods.len(), 6, "gaps are filled: {t}");
    let may = periods.last().unwrap();
    assert!(may["forward"]["events"].as_u64().unwrap() >= 1, "{may}");
    let by_year = ok_json(addr, "/v1/dyads/KOS/SRB/trend?by=year");
    assert_eq!(by_year["periods"].as_array().unwrap().len(), 2);

    // Unknown actor: 404, so that a typo is told apart from a quiet dyad.
    assert_error(
        &get(addr, "/v1/dyads/SRB/ZZZ/trend").unwrap(),
        404,
        "unknown_actor",
    );
    assert_error(
        &get(addr, "/v1/dyads/SRB/KOS/trend?by=decade").unwrap(),
        400,
        "invalid_parameter",
    );
    assert_error(
        &get(addr, "/v1/dyads/SRB/%27%20OR%201%3D1%20--/trend").unwrap(),
        400,
        "invalid_parameter",
    );

    let a = ok_json(addr, "/v1/actors?limit=3");
    let actors = a["actors"].as_array().unwrap();
    assert_eq!(actors.len(), 3);
    assert!(actors.iter().any(|x| x["code"] == "SRB"), "{a}");
    assert_error(
        &get(addr, "/v1/actors?limit=abc").unwrap(),
        400,
        "invalid_parameter",
    );

    let net = ok_json(addr, "/v1/network");
    let edges = net["edges"].as_array().unwrap();
    let srb_kos = edges
        .iter()
        .find(|e| e["source"] == "SRB" && e["target"] == "KOS")
        .expect("SRB→KOS edge");
    assert!(srb_kos["events"].as_u64().unwrap() >= 2);
    assert!(srb_kos["goldstein_mean"].as_f64().unwrap() < 0.0);
    assert!(net["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["code"] == "KOS"));
    let net = ok_json(
        addr,
        "/v1/network?level=actor&from=2023-05-01&to=2023-05-31&limit=5",
    );
    assert!(net["edges"].as_array().unwrap().len() <= 5);
    assert_error(
        &get(addr, "/v1/network?level=planet").unwrap(),
        400,
        "invalid_parameter",
    );

    let d = ok_json(addr, "/v1/documents/seed");
    assert_eq!(d["id"], "seed");
    assert!(!d["events"].as_array().unwrap().is_empty());
    assert_error(
        &get(addr, "/v1/documents/nope").unwrap(),
        404,
        "unknown_document",
    );
    assert_serving(addr);
}

#[test]
fn code_returns_the_coder_records_and_refuses_bad_bodies() {
    let db = filled_db("code");
    let mut config = Config::new(&db);
    config.limits.body_bytes = 64 * 1024;
    let server = start_with(config, coder());
    let addr = server.addr();

    let text = "Serbia accused Kosovo of provocations. Kosovo blamed Serbia.";
    let a = request(
        addr,
        "POST",
        "/v1/code",
        &[("content-type", "text/plain")],
        text.as_bytes(),
    )
    .unwrap();
    assert_eq!(a.status, 200, "{}", a.text());
    let v = a.json();
    let doc_id = v["doc_id"].as_str().unwrap().to_string();
    let expected = test_coder(&Document {
        id: doc_id.clone(),
        text: text.into(),
        ..Document::default()
    })
    .unwrap();
    let got: Vec<dyad_event::Event> = serde_json::from_value(v["events"].clone()).unwrap();
    assert_eq!(got, expected);
    assert_eq!(got.len(), 2);

    let body = serde_json::json!({"text": text, "id": "mine", "date": "2023-05-27"}).to_string();
    let a = request(
        addr,
        "POST",
        "/v1/code",
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .unwrap();
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["doc_id"], "mine");
    assert_eq!(v["events"][0]["date"], "2023-05-27");

    let json = [("content-type", "application/json")];
    assert_error(
        &request(addr, "POST", "/v1/code", &json, b"{\"text\": \"abc").unwrap(),
        400,
        "malformed_json",
    );
    assert_error(
        &request(addr, "POST", "/v1/code", &json, b"not json at all").unwrap(),
        400,
        "malformed_json",
    );
    assert_error(
        &request(addr, "POST", "/v1/code", &json, b"{\"text\": 5}").unwrap(),
        422,
        "invalid_request",
    );
    assert_error(
        &request(addr, "POST", "/v1/code", &json, b"{\"body\": \"x\"}").unwrap(),
        422,
        "invalid_request",
    );
    assert_error(
        &request(addr, "POST", "/v1/code", &json, b"{\"text\": \"  \"}").unwrap(),
        422,
        "empty_text",
    );
    assert_error(
        &request(
            addr,
            "POST",
            "/v1/code",
            &json,
            b"{\"text\": \"Serbia @@FAIL@@\"}",
        )
        .unwrap(),
        422,
        "coding_failed",
    );
    assert_error(
        &request(
            addr,
            "POST",
            "/v1/code",
            &[("content-type", "image/png")],
            b"x",
        )
        .unwrap(),
        415,
        "unsupported_media_type",
    );
    assert_error(&get(addr, "/v1/code").unwrap(), 405, "method_not_allowed");

    // Oversized: 200 KiB against a 64 KiB cap.
    let big = "Serbia accused Kosovo. ".repeat(9000);
    let a = request(
        addr,
        "POST",
        "/v1/code",
        &[("content-type", "text/plain")],
        big.as_bytes(),
    )
    .unwrap();
    assert_error(&a, 413, "body_too_large");
    assert_serving(addr);
}

#[test]
fn sql_looking_filters_are_refused_or_match_nothing() {
    let server = start("sql");
    let addr = server.addr();
    let before = ok_json(addr, "/v1/health");
    // Codes must be letters and digits: refused.
    for path in [
        "/v1/events?source=%27%20OR%201%3D1%20--",
        "/v1/events?target=KOS%27%3B%20DROP%20TABLE%20events%3B--",
        "/v1/events?cameo=1%20OR%201%3D1",
        "/v1/events?actor=%25",
        "/v1/events?from=2023-01-01%27%20OR%20%271%27%3D%271",
        "/v1/dyads/SRB%22%20OR%20%221/KOS/trend",
        "/v1/network?from=%27%3B--",
    ] {
        assert_error(&get(addr, path).unwrap(), 400, "invalid_parameter");
    }
    // Free text and ids are bound values: they match literally, i.e. nothing.
    for path in [
        "/v1/events?q=%27%20OR%201%3D1%20--",
        "/v1/events?q=%25",
        "/v1/events?q=_",
        "/v1/events?doc_id=x%27%20OR%20%271%27%3D%271",
        "/v1/events?doc_id=seed%27--",
    ] {
        let v = ok_json(addr, path);
        assert_eq!(v["events"].as_array().unwrap().len(), 0, "{path}: {v}");
    }
    assert_error(
        &get(addr, "/v1/documents/x%27%20OR%20%271%27%3D%271").unwrap(),
        404,
        "unknown_document",
    );
    let after = ok_json(addr, "/v1/health");
    assert_eq!(before["events"], after["events"]);
    assert_eq!(before["documents"], after["documents"]);
}

#[test]
fn garbage_and_broken_requests_leave_it_serving() {
    use std::io::{Read, Write};
    let server = start("garbage");
    let addr = server.addr();
    // Not HTTP at all.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(b"\x00\x01\x02 hello\r\n\r\n").unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    // A body shorter than its content-length, then the client goes away.
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(b"POST /v1/code HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\nSerbia")
        .unwrap();
    drop(s);
    // Bytes that are not UTF-8 in the query are decoded lossily (U+FFFD), so
    // they match nothing as text and are refused as codes.
    let v = ok_json(addr, "/v1/events?q=%FF%FE");
    assert_eq!(v["events"].as_array().unwrap().len(), 0);
    assert_error(
        &get(addr, "/v1/events?source=%E2%82").unwrap(),
        400,
        "invalid_parameter",
    );
    assert_serving(addr);
}

#[test]
fn ingest_needs_the_flag() {
    let server = start("ro");
    let addr = server.addr();
    let body = br#"{"id":"n1","date":"2023-06-01","text":"Serbia accused Kosovo."}"#;
    assert_error(
        &request(
            addr,
            "POST",
            "/v1/ingest",
            &[("content-type", "application/json")],
            body,
        )
        .unwrap(),
        403,
        "ingest_disabled",
    );
    drop(server);

    let db = temp_db("rw");
    let mut config = Config::new(&db);
    config.allow_ingest = true;
    let server = start_with(config, coder());
    let addr = server.addr();
    assert_eq!(ok_json(addr, "/v1/health")["read_only"], false);
    let body = serde_json::json!({"documents": docs()}).to_string();
    let a = request(
        addr,
        "POST",
        "/v1/ingest",
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .unwrap();
    assert_eq!(a.status, 200, "{}", a.text());
    let r = a.json();
    assert_eq!(
        (r["stored"].as_u64(), r["failed"].as_u64()),
        (Some(4), Some(0)),
        "{r}"
    );
    // Again: nothing new.
    let a = request(
        addr,
        "POST",
        "/v1/ingest",
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .unwrap();
    assert_eq!(a.json()["skipped"], 4);
    let one = br#"{"id":"bad","text":"Serbia @@FAIL@@"}"#;
    let a = request(
        addr,
        "POST",
        "/v1/ingest",
        &[("content-type", "application/json")],
        one,
    )
    .unwrap();
    assert_eq!(a.json()["failed"], 1);
    assert_error(
        &request(
            addr,
            "POST",
            "/v1/ingest",
            &[("content-type", "application/json")],
            b"[1,2",
        )
        .unwrap(),
        400,
        "malformed_json",
    );
    let v = ok_json(addr, "/v1/events?source=SRB&target=KOS");
    assert!(!v["events"].as_array().unwrap().is_empty());
    assert_eq!(ok_json(addr, "/v1/health")["documents"], 4);
}

#[test]
fn without_a_coder_code_answers_503() {
    let server = start_with(Config::new(filled_db("nocoder")), None);
    let addr = server.addr();
    assert_eq!(ok_json(addr, "/v1/health")["coder"], false);
    assert_error(
        &request(
            addr,
            "POST",
            "/v1/code",
            &[("content-type", "text/plain")],
            b"Serbia accused Kosovo.",
        )
        .unwrap(),
        503,
        "coder_unavailable",
    );
    assert_serving(addr);
}

#[test]
fn slow_requests_time_out_and_excess_is_refused() {
    let slow: CodeFn = Arc::new(|doc: &Document| {
        std::thread::sleep(Duration::from_millis(if doc.text.contains("slow") {
            1500
        } else {
            0
        }));
        test_coder(doc)
    });
    let mut config = Config::new(filled_db("limits"));
    config.limits.request_timeout = Duration::from_millis(400);
    config.limits.max_in_flight = 2;
    let server = start_with(config, Some(slow));
    let addr = server.addr();
    let t0 = std::time::Instant::now();
    let a = request(
        addr,
        "POST",
        "/v1/code",
        &[("content-type", "text/plain")],
        b"a slow text",
    )
    .unwrap();
    assert_error(&a, 503, "timeout");
    assert!(t0.elapsed() < Duration::from_millis(1400));

    // Two slow requests in flight fill the bound; a third is refused at once.
    let hold: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(move || {
                request(
                    addr,
                    "POST",
                    "/v1/code",
                    &[("content-type", "text/plain")],
                    b"slow",
                )
                .map(|a| a.status)
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(150));
    assert_error(&get(addr, "/v1/health").unwrap(), 503, "overloaded");
    for h in hold {
        assert_eq!(h.join().unwrap().unwrap(), 503);
    }
    assert_serving(addr);
}

#[test]
fn a_missing_store_is_an_error_when_read_only() {
    let path = temp_db("missing");
    let err = AppState::new(Config::new(&path), None)
        .err()
        .expect("no store");
    assert!(err.to_string().contains("no such store"), "{err}");
}

#[test]
fn slow_headers_are_cut_off_and_connections_are_bounded() {
    use std::io::{Read, Write};
    let mut config = Config::new(filled_db("conns"));
    config.limits.header_timeout = Duration::from_millis(300);
    config.limits.max_connections = 2;
    let server = start_with(config, coder());
    let addr = server.addr();
    // Two clients that never finish their headers hold both connection slots...
    let mut idle: Vec<_> = (0..2)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(addr).unwrap();
            s.write_all(b"GET /v1/hea").unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            s
        })
        .collect();
    // ...until the header time limit closes them; then a real request gets through.
    let t0 = std::time::Instant::now();
    for s in &mut idle {
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
    }
    assert!(t0.elapsed() < Duration::from_secs(4), "{:?}", t0.elapsed());
    assert_serving(addr);
}
