//! Shared by the server's tests and examples: a deterministic test-double
//! coder and a small HTTP/1.1 client over `std::net::TcpStream`.
//!
//! `test_coder` is NOT dyad's coder: it finds a few country names and one of a
//! few trigger words per sentence and makes one event from them, so that the
//! server can be tested without the real coder.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use dyad_docs::Document;
use dyad_event::{Actor, Event, Evidence, Plover};

/// (name, actor code) — longest names first where one contains another.
const NAMES: [(&str, &str); 22] = [
    ("Serbian", "SRBGOV"),
    ("Serbia", "SRB"),
    ("Serbs", "SRB"),
    ("Kosovo", "KOS"),
    ("NATO", "IGOWSTNAT"),
    ("KFOR", "IGOWSTNAT"),
    ("Russia", "RUS"),
    ("Ukraine", "UKR"),
    ("United States", "USA"),
    ("China", "CHN"),
    ("Iran", "IRN"),
    ("Israel", "ISR"),
    ("France", "FRA"),
    ("Germany", "DEU"),
    ("Britain", "GBR"),
    ("India", "IND"),
    ("Pakistan", "PAK"),
    ("Iraq", "IRQ"),
    ("Syria", "SYR"),
    ("Turkey", "TUR"),
    ("Afghanistan", "AFG"),
    ("Albania", "ALB"),
];

/// (trigger, CAMEO, name, root, QuadClass, Goldstein, PLOVER type)
const TRIGGERS: [(&str, &str, &str, &str, u8, f32, &str); 8] = [
    (
        "attack",
        "190",
        "Use conventional military force",
        "19",
        4,
        -10.0,
        "ASSAULT",
    ),
    (
        "clashes",
        "190",
        "Use conventional military force",
        "19",
        4,
        -10.0,
        "ASSAULT",
    ),
    ("blamed", "112", "Accuse", "11", 3, -2.0, "ACCUSE"),
    ("accused", "112", "Accuse", "11", 3, -2.0, "ACCUSE"),
    (
        "condemned",
        "111",
        "Criticize or denounce",
        "11",
        3,
        -2.0,
        "ACCUSE",
    ),
    (
        "supported",
        "050",
        "Engage in diplomatic cooperation",
        "05",
        1,
        3.5,
        "COOPERATE",
    ),
    ("talks", "040", "Consult", "04", 1, 1.0, "CONSULT"),
    ("aid", "070", "Provide aid", "07", 2, 7.0, "AID"),
];

/// Sentences of `text` as byte ranges (split after `.`, `!`, `?` before white space).
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..b.len() {
        if matches!(b[i], b'.' | b'!' | b'?')
            && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace())
        {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    out.into_iter()
        .map(|(s, e)| {
            let t = &text[s..e];
            let lead = t.len() - t.trim_start().len();
            (s + lead, s + lead + t.trim().len())
        })
        .filter(|(s, e)| e > s)
        .collect()
}

/// The deterministic test-double coder (never shipped).
pub fn test_coder(doc: &Document) -> Result<Vec<Event>, String> {
    if doc.text.contains("@@FAIL@@") {
        return Err(format!("document {}: the test coder refuses it", doc.id));
    }
    let mut events = Vec::new();
    for (n, (s, e)) in sentences(&doc.text).into_iter().enumerate() {
        let sentence = &doc.text[s..e];
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for (name, code) in NAMES {
            if let Some(at) = sentence.find(name) {
                let overlaps = found.iter().any(|f| at < f.1 && f.0 < at + name.len());
                if !overlaps && !found.iter().any(|f| f.2 == code) {
                    found.push((at, at + name.len(), code));
                }
            }
        }
        found.sort();
        let trigger = TRIGGERS
            .iter()
            .filter_map(|t| sentence.find(t.0).map(|at| (at, t)))
            .min_by_key(|(at, _)| *at);
        let (Some(&(ss, se, scode)), Some((vat, t))) = (found.first(), trigger) else {
            continue;
        };
        let actor = |a: usize, b: usize, code: &str| {
            let mut x = Actor::from_code(code, &sentence[a..b]);
            x.span = Some([s + a, s + b]);
            x
        };
        events.push(Event {
            doc_id: doc.id.clone(),
            sentence: n as u32,
            date: doc.date.clone(),
            source: actor(ss, se, scode),
            target: found.get(1).map(|&(a, b, c)| actor(a, b, c)),
            cameo: t.1.into(),
            cameo_name: t.2.into(),
            root: t.3.into(),
            quad_class: t.4,
            goldstein: t.5,
            plover: Plover {
                event_type: t.6.into(),
                ..Plover::default()
            },
            location: None,
            negated: false,
            evidence: Evidence {
                text: sentence.to_string(),
                verb: t.0.to_string(),
                rule: format!("test double: {}", t.0),
                sentence_span: Some([s, e]),
                verb_span: Some([s + vat, s + vat + t.0.len()]),
            },
        });
    }
    Ok(events)
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A keep-alive HTTP/1.1 connection.
pub struct Client {
    addr: SocketAddr,
    reader: BufReader<TcpStream>,
}

impl Client {
    /// Connects to `addr`.
    pub fn connect(addr: SocketAddr) -> std::io::Result<Client> {
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        stream.set_write_timeout(Some(Duration::from_secs(30)))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            addr,
            reader: BufReader::new(stream),
        })
    }

    /// Sends one request and reads its answer.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Answer> {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nhost: {}\r\ncontent-length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes())?;
        // A server may answer (413) before reading the whole body and close.
        if let Err(e) = stream.write_all(body) {
            if e.kind() != std::io::ErrorKind::BrokenPipe
                && e.kind() != std::io::ErrorKind::ConnectionReset
            {
                return Err(e);
            }
        }
        stream.flush()?;
        read_answer(&mut self.reader)
    }
}

fn bad(msg: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, msg.to_string())
}

fn read_answer(r: &mut BufReader<TcpStream>) -> std::io::Result<Answer> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(&format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(bad("connection closed in the headers"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let get = |n: &str| headers.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let mut body = Vec::new();
    if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| bad("bad chunk size"))?;
            if size == 0 {
                line.clear();
                r.read_line(&mut line)?;
                break;
            }
            let mut chunk = vec![0; size + 2];
            r.read_exact(&mut chunk)?;
            chunk.truncate(size);
            body.extend(chunk);
        }
    } else if let Some(n) = get("content-length") {
        let n: usize = n.parse().map_err(|_| bad("bad content-length"))?;
        body.resize(n, 0);
        r.read_exact(&mut body)?;
    } else {
        r.read_to_end(&mut body)?;
    }
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// One request on a fresh connection.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Answer> {
    Client::connect(addr)?.send(method, path, headers, body)
}

/// `GET path` on a fresh connection.
pub fn get(addr: SocketAddr, path: &str) -> std::io::Result<Answer> {
    request(addr, "GET", path, &[], b"")
}
