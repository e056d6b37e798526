//! The HTTP API: routes, the limits middleware, parameter parsing and the
//! handlers. Every answer is JSON (errors as `{"error": {"code", "message"}}`),
//! except the dashboard's static files.
//!
//! Routes: `GET /v1/health`, `GET /v1/events`, `GET /v1/dyads/{a}/{b}/trend`,
//! `GET /v1/actors`, `GET /v1/network`, `GET /v1/documents/{id}`,
//! `POST /v1/code`, `POST /v1/ingest` (only with ingest allowed),
//! `GET /v1/openapi.json`, and the dashboard at `/`.
//! Not for: SQL (see [`crate::db`] and `dyad-store`) or coding.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use dyad_docs::Document;
use dyad_store::{EventFilter, Page, Period};
use serde::{Deserialize, Serialize};

use crate::db::{actor_code, Level};
use crate::{assets, ApiError, AppState};

type St = State<Arc<AppState>>;
type ApiResult = Result<Response, ApiError>;

/// The most rows `/v1/events` skips (deeper pages: narrow the filter).
pub const MAX_OFFSET: u64 = 1_000_000;
/// The longest free-text filter, in characters.
pub const MAX_TEXT_FILTER: usize = 200;
/// The longest document id accepted.
pub const MAX_ID_BYTES: usize = 512;

/// Builds the router with all routes and limits.
pub fn router(state: Arc<AppState>) -> Router {
    let body_limit = state.config.limits.body_bytes;
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/events", get(events))
        .route("/v1/dyads/{a}/{b}/trend", get(trend))
        .route("/v1/actors", get(actors))
        .route("/v1/network", get(network))
        .route("/v1/documents/{id}", get(document))
        .route("/v1/code", post(code))
        .route("/v1/ingest", post(ingest))
        .route("/v1/openapi.json", get(openapi))
        .route(
            "/",
            get(|| async { asset(assets::INDEX_HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/index.html",
            get(|| async { asset(assets::INDEX_HTML, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { asset(assets::APP_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { asset(assets::APP_CSS, "text/css; charset=utf-8") }),
        )
        .route(
            "/favicon.svg",
            get(|| async { asset(assets::FAVICON_SVG, "image/svg+xml") }),
        )
        .route(
            "/favicon.ico",
            get(|| async { asset(assets::FAVICON_SVG, "image/svg+xml") }),
        )
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Refuses requests beyond the in-flight bound and cuts off slow ones.
async fn guard(State(state): St, req: Request, next: Next) -> Response {
    let Ok(_permit) = state.in_flight.clone().try_acquire_owned() else {
        return ApiError::unavailable("overloaded", "too many requests in flight; retry later")
            .into_response();
    };
    let limit = state.config.limits.request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(
            "timeout",
            format!("the request took longer than {} ms", limit.as_millis()),
        )
        .into_response(),
    }
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

fn json<T: Serialize>(value: &T) -> ApiResult {
    let body = serde_json::to_string(value)
        .map_err(|e| ApiError::internal(format!("serialising the answer: {e}")))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Runs `f` on the blocking pool, holding one of the blocking slots.
async fn blocking<T: Send + 'static>(
    state: &Arc<AppState>,
    f: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = state
        .blocking
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::unavailable("shutting_down", "the server is stopping"))?;
    let st = state.clone();
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f(&st)
    })
    .await
    .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}

/// Query parameters, checked against the names a route knows.
#[derive(Debug, Default)]
pub struct Params {
    map: BTreeMap<String, String>,
}

impl Params {
    /// Collects `pairs`, refusing names not in `known` and repeated names.
    pub fn new(pairs: Vec<(String, String)>, known: &[&str]) -> Result<Params, ApiError> {
        let mut map = BTreeMap::new();
        for (k, v) in pairs {
            if !known.contains(&k.as_str()) {
                return Err(ApiError::bad_param(format!(
                    "unknown parameter {:?} (known: {})",
                    truncate(&k, 64),
                    known.join(", ")
                )));
            }
            if map.insert(k.clone(), v).is_some() {
                return Err(ApiError::bad_param(format!("parameter {k:?} given twice")));
            }
        }
        Ok(Params { map })
    }

    fn from_query(
        q: Result<Query<Vec<(String, String)>>, QueryRejection>,
        known: &[&str],
    ) -> Result<Params, ApiError> {
        let Query(pairs) =
            q.map_err(|e| ApiError::bad_param(format!("query string: {}", e.body_text())))?;
        Params::new(pairs, known)
    }

    /// A text parameter; empty counts as absent.
    pub fn text(&self, name: &str) -> Option<String> {
        self.map
            .get(name)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }

    /// A number parameter within `min..=max`, `default` when absent.
    pub fn number(&self, name: &str, default: u64, min: u64, max: u64) -> Result<u64, ApiError> {
        match self.text(name) {
            None => Ok(default),
            Some(s) => match s.parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(ApiError::bad_param(format!(
                    "{name} = {:?}: a whole number from {min} to {max} expected",
                    truncate(&s, 64)
                ))),
            },
        }
    }

    /// A `YYYY-MM-DD` date parameter.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.text(name) {
            None => Ok(None),
            Some(s) if is_day(&s) => Ok(Some(s)),
            Some(s) => Err(ApiError::bad_param(format!(
                "{name} = {:?}: a date YYYY-MM-DD expected",
                truncate(&s, 64)
            ))),
        }
    }

    /// An actor or CAMEO code prefix parameter.
    pub fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.text(name) {
            None => Ok(None),
            Some(s) => actor_code(&s).map(Some).ok_or_else(|| {
                ApiError::bad_param(format!(
                    "{name} = {:?}: 1 to 32 letters and digits expected",
                    truncate(&s, 64)
                ))
            }),
        }
    }
}

/// Whether `s` looks like a calendar day `YYYY-MM-DD` (month 1–12, day 1–31).
pub fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let m = u32::from(b[5] - b'0') * 10 + u32::from(b[6] - b'0');
    let d = u32::from(b[8] - b'0') * 10 + u32::from(b[9] - b'0');
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

fn truncate(s: &str, chars: usize) -> String {
    s.chars().take(chars).collect()
}

/// Parses the `/v1/events` parameters into a filter and a page.
pub fn event_query(p: &Params, max_page: u32) -> Result<(EventFilter, Page), ApiError> {
    let quad_class = p.number("quad_class", 0, 1, 4)?;
    let text = p.text("q");
    if text
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_TEXT_FILTER)
    {
        return Err(ApiError::bad_param(format!(
            "q: at most {MAX_TEXT_FILTER} characters"
        )));
    }
    let doc_id = p.text("doc_id");
    if doc_id.as_ref().is_some_and(|d| d.len() > MAX_ID_BYTES) {
        return Err(ApiError::bad_param(format!(
            "doc_id: at most {MAX_ID_BYTES} bytes"
        )));
    }
    let include_negated = match p.text("include_negated").as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(s) => {
            return Err(ApiError::bad_param(format!(
                "include_negated = {:?}: true or false expected",
                truncate(s, 64)
            )))
        }
    };
    let filter = EventFilter {
        from: p.date("from")?,
        to: p.date("to")?,
        source: p.code("source")?,
        target: p.code("target")?,
        actor: p.code("actor")?,
        cameo: p.code("cameo")?,
        quad_class: (quad_class > 0).then_some(quad_class as u8),
        text,
        doc_id,
        include_negated,
    };
    let page = Page {
        offset: p.number("offset", 0, 0, MAX_OFFSET)?,
        limit: p.number("limit", 50, 1, u64::from(max_page))? as u32,
    };
    Ok((filter, page))
}

async fn health(State(state): St) -> ApiResult {
    let (documents, events, unique) = blocking(&state, |s| {
        s.store.read(|c| c.reader.counts().map_err(ApiError::from))
    })
    .await?;
    let l = &state.config.limits;
    json(&serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "documents": documents,
        "events": events,
        "unique_events": unique,
        "read_only": !state.store.writable(),
        "coder": state.code.is_some(),
        "limits": {
            "body_bytes": l.body_bytes,
            "request_timeout_ms": l.request_timeout.as_millis() as u64,
            "max_in_flight": l.max_in_flight,
            "max_blocking": l.max_blocking,
            "max_page": l.max_page,
        },
    }))
}

const EVENT_PARAMS: &[&str] = &[
    "from",
    "to",
    "source",
    "target",
    "actor",
    "cameo",
    "quad_class",
    "q",
    "doc_id",
    "include_negated",
    "offset",
    "limit",
];

async fn events(
    State(state): St,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from_query(q, EVENT_PARAMS)?;
    let (filter, page) = event_query(&p, state.config.limits.max_page)?;
    let ask = Page {
        offset: page.offset,
        limit: page.limit + 1,
    };
    let mut rows = blocking(&state, move |s| {
        s.store
            .read(|c| c.reader.events(&filter, ask).map_err(ApiError::from))
    })
    .await?;
    let more = rows.len() > page.limit as usize;
    rows.truncate(page.limit as usize);
    json(&serde_json::json!({
        "offset": page.offset,
        "limit": page.limit,
        "next_offset": more.then_some(page.offset + u64::from(page.limit)),
        "events": rows,
    }))
}

async fn trend(
    State(state): St,
    path: Result<Path<(String, String)>, PathRejection>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let Path((a, b)) = path.map_err(|e| ApiError::bad_param(e.body_text()))?;
    let p = Params::from_query(q, &["by"])?;
    let by: Period = p
        .text("by")
        .unwrap_or_else(|| "month".into())
        .parse()
        .map_err(|e: dyad_store::StoreError| ApiError::bad_param(e.to_string()))?;
    let code = |s: &str| {
        actor_code(s).ok_or_else(|| {
            ApiError::bad_param(format!(
                "actor {:?}: 1 to 32 letters and digits expected",
                truncate(s, 64)
            ))
        })
    };
    let (a, b) = (code(&a)?, code(&b)?);
    let (a2, b2) = (a.clone(), b.clone());
    let rows = blocking(&state, move |s| {
        s.store.read(|c| {
            for x in [&a2, &b2] {
                if !c.actor_known(x)? {
                    return Err(ApiError::new(
                        StatusCode::NOT_FOUND,
                        "unknown_actor",
                        format!("no actor code starts with {x:?} in this store"),
                    ));
                }
            }
            c.reader.trend(&a2, &b2, by).map_err(ApiError::from)
        })
    })
    .await?;
    json(&serde_json::json!({"a": a, "b": b, "by": by, "periods": rows}))
}

async fn actors(
    State(state): St,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from_query(q, &["limit"])?;
    let limit = p.number("limit", 50, 1, 1000)? as usize;
    let rows = blocking(&state, move |s| {
        s.store
            .read(|c| c.reader.actors(limit).map_err(ApiError::from))
    })
    .await?;
    json(&serde_json::json!({ "actors": rows }))
}

/// A node of the network: an actor with its events on either side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The actor (code or country part).
    pub code: String,
    /// Events on its edges, either direction.
    pub events: u64,
    /// Mean Goldstein score of those events.
    pub goldstein_mean: f64,
}

/// The nodes of a set of edges, heaviest first.
pub fn nodes_of(edges: &[crate::db::Edge]) -> Vec<Node> {
    let mut acc: BTreeMap<&str, (u64, f64)> = BTreeMap::new();
    for e in edges {
        for code in [&e.source, &e.target] {
            let slot = acc.entry(code.as_str()).or_default();
            slot.0 += e.events;
            slot.1 += e.goldstein_mean * e.events as f64;
        }
    }
    let mut nodes: Vec<Node> = acc
        .into_iter()
        .map(|(code, (events, sum))| Node {
            code: code.to_string(),
            events,
            goldstein_mean: if events > 0 { sum / events as f64 } else { 0.0 },
        })
        .collect();
    nodes.sort_by(|x, y| y.events.cmp(&x.events).then_with(|| x.code.cmp(&y.code)));
    nodes
}

async fn network(
    State(state): St,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let p = Params::from_query(q, &["from", "to", "limit", "level"])?;
    let (from, to) = (p.date("from")?, p.date("to")?);
    let limit = p.number("limit", 80, 1, 500)? as u32;
    let level = match p.text("level").as_deref() {
        None | Some("country") => Level::Country,
        Some("actor") => Level::Actor,
        Some(s) => {
            return Err(ApiError::bad_param(format!(
                "level = {:?}: country or actor expected",
                truncate(s, 64)
            )))
        }
    };
    let edges = blocking(&state, move |s| {
        s.store.read(|c| {
            c.network(level, from.as_deref(), to.as_deref(), limit)
                .map_err(ApiError::from)
        })
    })
    .await?;
    let nodes = nodes_of(&edges);
    json(&serde_json::json!({
        "level": if level == Level::Country { "country" } else { "actor" },
        "nodes": nodes,
        "edges": edges,
    }))
}

async fn document(State(state): St, path: Result<Path<String>, PathRejection>) -> ApiResult {
    let Path(id) = path.map_err(|e| ApiError::bad_param(e.body_text()))?;
    if id.len() > MAX_ID_BYTES {
        return Err(ApiError::bad_param(format!(
            "document id: at most {MAX_ID_BYTES} bytes"
        )));
    }
    let doc = blocking(&state, move |s| {
        s.store
            .read(|c| c.reader.document(&id).map_err(ApiError::from))?
            .ok_or_else(|| {
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    "unknown_document",
                    format!("no document {:?} in this store", truncate(&id, 64)),
                )
            })
    })
    .await?;
    json(&doc)
}

/// The JSON body of `POST /v1/code`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// The article text.
    pub text: String,
    /// Its id (default: `api-` and the text's content hash).
    #[serde(default)]
    pub id: Option<String>,
    /// Its date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
    /// Its headline.
    #[serde(default)]
    pub title: Option<String>,
    /// Its URL.
    #[serde(default)]
    pub url: Option<String>,
}

fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(status, "body_too_large", e.body_text())
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_body", e.body_text())
        }
    })
}

/// Parses JSON, telling malformed JSON (400) from a wrong shape (422).
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            e.to_string(),
        ),
        _ => ApiError::new(StatusCode::BAD_REQUEST, "malformed_json", e.to_string()),
    })
}

/// The media type of a request (`text/plain` when none is given).
fn content_type(headers: &HeaderMap) -> &str {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .map_or("text/plain", |v| v.to_str().unwrap_or("?"));
    ct.split(';').next().unwrap_or("").trim()
}

/// Builds the document of a `/v1/code` request from its body.
pub fn code_document(ct: &str, bytes: &[u8]) -> Result<Document, ApiError> {
    let req = if ct.eq_ignore_ascii_case("application/json") {
        parse_json::<CodeRequest>(bytes)?
    } else if ct.eq_ignore_ascii_case("text/plain") {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_body",
                format!("not UTF-8: {e}"),
            )
        })?;
        CodeRequest {
            text: text.to_string(),
            id: None,
            date: None,
            title: None,
            url: None,
        }
    } else {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!(
                "content type {:?}: send text/plain or application/json",
                truncate(ct, 64)
            ),
        ));
    };
    if req.text.trim().is_empty() {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty_text",
            "the text is empty",
        ));
    }
    let id = req
        .id
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("api-{}", dyad_store::content_hash_hex(&req.text)));
    if id.len() > MAX_ID_BYTES {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            format!("id: at most {MAX_ID_BYTES} bytes"),
        ));
    }
    Ok(Document {
        id,
        date: req.date.filter(|d| !d.trim().is_empty()),
        title: req.title,
        text: req.text,
        url: req.url,
        source: None,
    })
}

fn coder_of(state: &AppState) -> Result<crate::CodeFn, ApiError> {
    state.code.clone().ok_or_else(|| {
        ApiError::unavailable(
            "coder_unavailable",
            "the coder is not built into this server",
        )
    })
}

async fn code(
    State(state): St,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let bytes = body_bytes(body)?;
    let doc = code_document(content_type(&headers), &bytes)?;
    let coder = coder_of(&state)?;
    let doc_id = doc.id.clone();
    let events = blocking(&state, move |_| {
        coder(&doc).map_err(|m| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "coding_failed", m))
    })
    .await?;
    json(&serde_json::json!({"doc_id": doc_id, "events": events}))
}

/// The JSON body of `POST /v1/ingest`: documents, or one document.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum IngestRequest {
    /// `{"documents": [...]}`.
    Many {
        /// The documents.
        documents: Vec<Document>,
    },
    /// One document object.
    One(Document),
}

async fn ingest(State(state): St, body: Result<Bytes, BytesRejection>) -> ApiResult {
    if !state.store.writable() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest_disabled",
            "this server is read-only; start it with --allow-ingest",
        ));
    }
    let bytes = body_bytes(body)?;
    let docs = match parse_json::<IngestRequest>(&bytes)? {
        IngestRequest::Many { documents } => documents,
        IngestRequest::One(d) => vec![d],
    };
    if let Some(d) = docs
        .iter()
        .find(|d| d.id.trim().is_empty() || d.id.len() > MAX_ID_BYTES)
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_request",
            format!(
                "document id {:?}: 1 to {MAX_ID_BYTES} bytes expected",
                truncate(&d.id, 64)
            ),
        ));
    }
    let coder = coder_of(&state)?;
    let report = blocking(&state, move |s| {
        let options = dyad_store::IngestOptions {
            coder_version: s.config.coder_version.clone(),
            dictionary_version: s.config.dictionary_version.clone(),
            threads: Some(2),
            ..Default::default()
        };
        let code = |d: &Document| coder(d);
        s.store
            .write(|store| store.ingest(docs.into_iter().map(Ok), &code, &options, &mut ()))
            .ok_or_else(|| ApiError::internal("no writer"))?
            .map_err(ApiError::from)
    })
    .await?;
    let p = report.progress;
    let failures: Vec<_> = report
        .failures
        .iter()
        .map(|f| serde_json::json!({"id": f.id, "message": f.message}))
        .collect();
    json(&serde_json::json!({
        "read": p.read,
        "stored": p.stored,
        "skipped": p.skipped,
        "failed": p.failed,
        "events": p.events,
        "failures": failures,
    }))
}

async fn openapi() -> Response {
    asset(assets::OPENAPI_JSON, "application/json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn params(pairs: &[(&str, &str)]) -> Result<Params, ApiError> {
        Params::new(
            pairs
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            EVENT_PARAMS,
        )
    }

    #[test]
    fn event_parameters_are_checked() {
        let p = params(&[("source", "srb"), ("quad_class", "4"), ("limit", "10")]).unwrap();
        let (f, page) = event_query(&p, 500).unwrap();
        assert_eq!(f.source.as_deref(), Some("SRB"));
        assert_eq!(f.quad_class, Some(4));
        assert_eq!(page.limit, 10);
        for bad in [
            ("source", "' OR 1=1 --"),
            ("quad_class", "5"),
            ("limit", "501"),
            ("from", "2023-13-01"),
            ("include_negated", "maybe"),
        ] {
            let e = event_query(&params(&[bad]).unwrap(), 500).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{bad:?}");
        }
        assert!(params(&[("sql", "1")]).is_err());
        assert!(params(&[("q", "a"), ("q", "b")]).is_err());
        let (f, _) = event_query(&params(&[("q", "' OR 1=1 --")]).unwrap(), 500).unwrap();
        assert_eq!(f.text.as_deref(), Some("' OR 1=1 --"));
    }

    #[test]
    fn days_are_checked() {
        assert!(is_day("2023-05-27"));
        assert!(!is_day("2023-5-27"));
        assert!(!is_day("2023-00-10"));
        assert!(!is_day("２０２３-05-27"));
    }

    #[test]
    fn code_bodies_are_checked() {
        let d = code_document("text/plain", b"Serbia warned Kosovo.").unwrap();
        assert!(d.id.starts_with("api-"));
        let d = code_document(
            "application/json",
            br#"{"text":"x y","id":"a1","date":"2023-05-27"}"#,
        )
        .unwrap();
        assert_eq!(
            (d.id.as_str(), d.date.as_deref()),
            ("a1", Some("2023-05-27"))
        );
        let e = code_document("application/json", b"{\"text\": ").unwrap_err();
        assert_eq!(
            (e.status, e.code),
            (StatusCode::BAD_REQUEST, "malformed_json")
        );
        let e = code_document("application/json", br#"{"txt":"x"}"#).unwrap_err();
        assert_eq!(e.status, StatusCode::UNPROCESSABLE_ENTITY);
        let e = code_document("text/plain", b"  ").unwrap_err();
        assert_eq!(e.code, "empty_text");
        let e = code_document("image/png", b"x").unwrap_err();
        assert_eq!(e.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let e = code_document("text/plain", &[0xff, 0xfe]).unwrap_err();
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn nodes_sum_their_edges() {
        let e = |s: &str, t: &str, n: u64, g: f64| crate::db::Edge {
            source: s.into(),
            target: t.into(),
            events: n,
            goldstein_mean: g,
            mentions: n,
        };
        let nodes = nodes_of(&[e("SRB", "KOS", 3, -4.0), e("KOS", "SRB", 1, 4.0)]);
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0].events, 4);
        assert!((nodes[0].goldstein_mean - (-2.0)).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn event_query_never_panics(k in "[a-z_]{1,16}", v in "\\PC{0,40}") {
            if let Ok(p) = Params::new(vec![(k, v)], EVENT_PARAMS) {
                let _ = event_query(&p, 500);
            }
        }

        #[test]
        fn code_document_never_panics(body in proptest::collection::vec(any::<u8>(), 0..200)) {
            let _ = code_document("application/json", &body);
            let _ = code_document("text/plain", &body);
        }
    }
}
