//! Test doubles shared by the store's tests and its `ingest_child` example.
//!
//! `test_coder` is NOT dyad's coder: it derives one event from each sentence
//! that names two countries from a small table, with a CAMEO code picked by a
//! keyword, so that ingest, de-duplication and queries can be tested
//! deterministically without the real coder.
#![allow(dead_code)]

use dyad_docs::Document;
use dyad_event::{Actor, Event, Evidence, Plover};

const COUNTRIES: [(&str, &str); 24] = [
    ("Serbia", "SRB"),
    ("Kosovo", "KOS"),
    ("Russia", "RUS"),
    ("Ukraine", "UKR"),
    ("United States", "USA"),
    ("U.S.", "USA"),
    ("China", "CHN"),
    ("Iran", "IRN"),
    ("Israel", "ISR"),
    ("France", "FRA"),
    ("Germany", "DEU"),
    ("Britain", "GBR"),
    ("Japan", "JPN"),
    ("India", "IND"),
    ("Pakistan", "PAK"),
    ("Iraq", "IRQ"),
    ("Syria", "SYR"),
    ("Turkey", "TUR"),
    ("Brazil", "BRA"),
    ("Canada", "CAN"),
    ("Mexico", "MEX"),
    ("Egypt", "EGY"),
    ("Afghanistan", "AFG"),
    ("Lebanon", "LBN"),
];

/// (keyword, CAMEO code, root, QuadClass, Goldstein)
const VERBS: [(&str, &str, &str, u8, f32); 5] = [
    ("attack", "190", "19", 4, -10.0),
    ("accuse", "112", "11", 3, -2.0),
    (" aid", "070", "07", 2, 7.0),
    ("talks", "040", "04", 1, 1.0),
    ("", "010", "01", 1, 0.0),
];

/// Splits text into sentences with their byte ranges.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for i in 0..b.len() {
        let end_mark = matches!(b[i], b'.' | b'!' | b'?');
        let next_space = b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace());
        if end_mark && next_space && !text[start..=i].ends_with("U.S.") {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    out.into_iter()
        .filter(|(s, e)| !text[*s..*e].trim().is_empty())
        .collect()
}

/// The deterministic test coder (a test double, never shipped).
pub fn test_coder(doc: &Document) -> Result<Vec<Event>, String> {
    if doc.text.contains("@@FAIL@@") {
        return Err("the test coder refuses this document".into());
    }
    let mut events = Vec::new();
    for (n, (s, e)) in sentences(&doc.text).into_iter().enumerate() {
        let sentence = &doc.text[s..e];
        let mut found: Vec<(usize, &str, &str)> = Vec::new();
        for (name, code) in COUNTRIES {
            if let Some(at) = sentence.find(name) {
                if !found.iter().any(|f| f.2 == code) {
                    found.push((at, name, code));
                }
            }
        }
        found.sort();
        if found.len() < 2 {
            continue;
        }
        let lower = sentence.to_ascii_lowercase();
        let (verb, cameo, root, quad, goldstein) = VERBS
            .iter()
            .copied()
            .find(|v| lower.contains(v.0))
            .unwrap_or(VERBS[4]);
        let actor = |(at, name, code): (usize, &str, &str)| Actor {
            span: Some([s + at, s + at + name.len()]),
            ..Actor::from_code(code, name)
        };
        events.push(Event {
            doc_id: doc.id.clone(),
            sentence: n as u32,
            date: doc.date.clone(),
            source: actor(found[0]),
            target: Some(actor(found[1])),
            cameo: cameo.into(),
            cameo_name: format!("test {cameo}"),
            root: root.into(),
            quad_class: quad,
            goldstein,
            plover: Plover::default(),
            location: None,
            negated: lower.contains(" not "),
            evidence: Evidence {
                text: sentence.trim().to_string(),
                verb: verb.into(),
                rule: "test double".into(),
                sentence_span: Some([s, e]),
                verb_span: None,
            },
        });
    }
    Ok(events)
}

/// A WARC response record around `html`.
pub fn warc_response(id: &str, uri: &str, html: &str) -> Vec<u8> {
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-05-30T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http.as_bytes());
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// A gzip member of `data`.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).expect("gzip to memory");
    e.finish().expect("gzip to memory")
}

/// A small WARC file (gzip, one member per record) of Kosovo news.
pub fn kosovo_warc() -> Vec<u8> {
    let pages = [
        ("urn:uuid:k1", "https://news.example/k1", "2023-05-29", "<p>Serbia accused Kosovo of provocation. Kosovo did not accuse Serbia.</p><p>Russia backed Serbia.</p>"),
        ("urn:uuid:k2", "https://other.example/k2", "2023-05-29", "<article><h1>Clashes</h1><p>Serbia accused Kosovo of provocation in the north.</p></article>"),
        ("urn:uuid:k3", "https://news.example/k3", "2023-05-31", "<p>Kosovo held talks with Serbia in Brussels.</p><nav><p>Serbia attack Kosovo menu</p></nav>"),
    ];
    let mut out = Vec::new();
    for (id, uri, date, body) in pages {
        let html = format!("<html><head><title>{id}</title><meta property=\"article:published_time\" content=\"{date}T08:00:00Z\"></head><body>{body}</body></html>");
        out.extend(gzip(&warc_response(id, uri, &html)));
    }
    out
}

/// All rows of a store in a canonical, order-independent text form (row ids
/// and coding times left out), for comparing two stores.
pub fn dump(path: &std::path::Path) -> Vec<String> {
    let reader = dyad_store::Reader::open(path).expect("open store");
    let mut out = Vec::new();
    let queries = [
        "SELECT id, url, title, date, source, content_hash, chars, events, coder_version, dictionary_version FROM documents ORDER BY id",
        "SELECT e.doc_id, e.sentence, e.date, e.source_code, e.target_code, e.cameo, e.quad_class, e.goldstein, e.negated, e.evidence_text, e.source_start, e.sentence_start, u.date, u.source_code, u.target_code, u.cameo FROM events e LEFT JOIN unique_events u ON u.id = e.unique_id ORDER BY e.doc_id, e.sentence, e.id",
        "SELECT date, source_code, target_code, cameo, root, quad_class, goldstein, num_mentions, num_articles FROM unique_events ORDER BY date, source_code, target_code, cameo",
        "SELECT source_code, target_code, date, events, q1, q2, q3, q4, round(goldstein_sum, 6), mentions FROM dyad_days ORDER BY source_code, target_code, date",
        "SELECT code, country, sector, name, as_source, as_target, mentions, first_date, last_date FROM actors ORDER BY code",
    ];
    for q in queries {
        reader
            .query(q, &mut |_, row| {
                out.push(serde_json::to_string(&row).expect("json"));
                true
            })
            .expect("dump query");
        out.push("--".into());
    }
    out
}

/// A denser test double for measuring the writer: one event for every
/// sentence, its actors and code picked by a hash of the sentence.
pub fn dense_test_coder(doc: &Document) -> Result<Vec<Event>, String> {
    let mut events = Vec::new();
    for (n, (s, e)) in sentences(&doc.text).into_iter().enumerate() {
        let h = dyad_store::content_hash(&doc.text.as_bytes()[s..e]) as usize;
        let (_, a) = COUNTRIES[h % COUNTRIES.len()];
        let (_, b) = COUNTRIES[(h / 31) % COUNTRIES.len()];
        let (verb, cameo, root, quad, goldstein) = VERBS[(h / 977) % VERBS.len()];
        events.push(Event {
            doc_id: doc.id.clone(),
            sentence: n as u32,
            date: doc.date.clone(),
            source: Actor::from_code(a, a),
            target: Some(Actor::from_code(b, b)),
            cameo: cameo.into(),
            cameo_name: String::new(),
            root: root.into(),
            quad_class: quad,
            goldstein,
            plover: Plover::default(),
            location: None,
            negated: false,
            evidence: Evidence {
                text: doc.text[s..e].trim().to_string(),
                verb: verb.into(),
                rule: "dense test double".into(),
                sentence_span: Some([s, e]),
                verb_span: None,
            },
        });
    }
    Ok(events)
}
