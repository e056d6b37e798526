//! Scoring events against a gold file exactly as `score_events.py` does: gold lines list
//! alternative roots and actor-code prefixes (`*` matches anything); root-01 events are
//! not scored; a maximum bipartite matching (core gold events first) pairs events with
//! gold; unmatched events with the key of a matched gold event are duplicates, the rest
//! spurious. Recall is over core gold events.
//!
//! Not for: producing events.
use serde_json::Value;

/// Errors reading a gold or event file.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A line is not JSON.
    #[error("{file}:{line}: not JSON: {message}")]
    NotJson {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// The parser's message.
        message: String,
    },
}

/// A gold event: alternatives for root, source and target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gold {
    /// Its id.
    pub id: String,
    /// Counts toward recall.
    pub core: bool,
    /// Allowed two-digit roots.
    pub root: Vec<String>,
    /// Allowed source prefixes.
    pub source: Vec<String>,
    /// Allowed target prefixes.
    pub target: Vec<String>,
    /// A note.
    pub note: String,
}

/// An event as scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// Two-digit root.
    pub root: String,
    /// The full code.
    pub cameo: String,
    /// Source code, normalised.
    pub source: Option<String>,
    /// Target code, normalised.
    pub target: Option<String>,
    /// The evidence text, for reports.
    pub text: String,
}

/// The result of a scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Events scored (root 01 excluded).
    pub events: usize,
    /// Matched pairs.
    pub matched: usize,
    /// Unmatched events with a matched gold key.
    pub duplicates: usize,
    /// Unmatched events matching no matched gold.
    pub spurious: Vec<Scored>,
    /// Core gold events.
    pub core: usize,
    /// Core gold events matched.
    pub core_hit: usize,
    /// Core gold events missed: (id, note).
    pub missed: Vec<(String, String)>,
    /// Core recall.
    pub recall: f64,
    /// Precision.
    pub precision: f64,
}

fn code_of(v: Option<&Value>) -> Option<String> {
    let v = v?;
    let s = match v {
        Value::Object(o) => o.get("code")?.as_str()?.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    if s.is_empty() {
        return None;
    }
    let up = s.to_uppercase();
    let prefix: String = up.chars().take(3).collect();
    let rest: String = up.chars().skip(3).collect();
    Some(match prefix.as_str() {
        "KSV" | "XKX" => format!("KOS{rest}"),
        _ => up,
    })
}

fn fits(code: Option<&str>, alts: &[String]) -> bool {
    alts.iter()
        .any(|a| a == "*" || code.is_some_and(|c| c.starts_with(&a.to_uppercase())))
}

fn matches(e: &Scored, g: &Gold) -> bool {
    g.root.contains(&e.root)
        && fits(e.source.as_deref(), &g.source)
        && fits(e.target.as_deref(), &g.target)
}

fn read_lines(text: &str, file: &str) -> Result<Vec<Value>, EvalError> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| EvalError::NotJson {
            file: file.to_string(),
            line: n + 1,
            message: e.to_string(),
        })?);
    }
    Ok(out)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(String::from))
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Reads a gold file's text.
pub fn read_gold(text: &str, file: &str) -> Result<Vec<Gold>, EvalError> {
    Ok(read_lines(text, file)?
        .into_iter()
        .map(|v| Gold {
            id: v
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            core: v
                .get("core")
                .is_some_and(|c| c.as_bool().unwrap_or(!c.is_null())),
            root: strings(v.get("root")),
            source: strings(v.get("source")),
            target: strings(v.get("target")),
            note: v
                .get("note")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        })
        .collect())
}

/// Reads an events file's text (root-01 and code-less events are dropped).
pub fn read_events(text: &str, file: &str) -> Result<Vec<Scored>, EvalError> {
    let mut out = Vec::new();
    for v in read_lines(text, file)? {
        let cameo = match v
            .get("cameo")
            .filter(|c| !c.is_null() && c.as_str() != Some(""))
            .or(v.get("event_code"))
        {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        if cameo.chars().count() < 2 || cameo.starts_with("01") {
            continue;
        }
        let text = match v.get("evidence").or(v.get("text")) {
            Some(Value::Object(o)) => o
                .get("text")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            Some(Value::String(s)) => s.clone(),
            _ => String::new(),
        };
        out.push(Scored {
            root: cameo.chars().take(2).collect(),
            cameo,
            source: code_of(v.get("source")),
            target: code_of(v.get("target")),
            text,
        });
    }
    Ok(out)
}

/// Scores events against gold.
pub fn score(golds: &[Gold], events: &[Scored]) -> Score {
    let mut owner: Vec<Option<usize>> = vec![None; events.len()];
    fn augment(
        g: usize,
        golds: &[Gold],
        events: &[Scored],
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for e in 0..events.len() {
            if seen[e] || !matches(&events[e], &golds[g]) {
                continue;
            }
            seen[e] = true;
            let free = match owner[e] {
                None => true,
                Some(o) => augment(o, golds, events, owner, seen),
            };
            if free {
                owner[e] = Some(g);
                return true;
            }
        }
        false
    }
    let mut order: Vec<usize> = (0..golds.len()).collect();
    order.sort_by_key(|&g| !golds[g].core);
    for g in order {
        let mut seen = vec![false; events.len()];
        augment(g, golds, events, &mut owner, &mut seen);
    }
    let matched_golds: Vec<usize> = owner.iter().flatten().copied().collect();
    let core: Vec<usize> = (0..golds.len()).filter(|&g| golds[g].core).collect();
    let core_hit = core.iter().filter(|g| matched_golds.contains(g)).count();
    let mut duplicates = 0;
    let mut spurious = Vec::new();
    for (e, ev) in events.iter().enumerate() {
        if owner[e].is_some() {
            continue;
        }
        if matched_golds.iter().any(|&g| matches(ev, &golds[g])) {
            duplicates += 1;
        } else {
            spurious.push(ev.clone());
        }
    }
    let tp = matched_golds.len();
    let recall = if core.is_empty() {
        1.0
    } else {
        core_hit as f64 / core.len() as f64
    };
    let precision = if tp + spurious.len() > 0 {
        tp as f64 / (tp + spurious.len()) as f64
    } else {
        0.0
    };
    Score {
        events: events.len(),
        matched: tp,
        duplicates,
        missed: core
            .iter()
            .filter(|g| !matched_golds.contains(g))
            .map(|&g| (golds[g].id.clone(), golds[g].note.clone()))
            .collect(),
        spurious,
        core: core.len(),
        core_hit,
        recall,
        precision,
    }
}

impl Score {
    /// The report `score_events.py` prints.
    pub fn report(&self) -> String {
        let mut s = String::new();
        for (id, note) in &self.missed {
            s.push_str(&format!("missed {id}: {note}\n"));
        }
        for e in &self.spurious {
            let text: String = e.text.chars().take(120).collect();
            s.push_str(&format!(
                "spurious {} {} {}: {}\n",
                e.source.as_deref().unwrap_or("None"),
                e.cameo,
                e.target.as_deref().unwrap_or("None"),
                text
            ));
        }
        s.push_str(&format!(
            "events scored {}, matched {}, duplicates {}, spurious {}\n",
            self.events,
            self.matched,
            self.duplicates,
            self.spurious.len()
        ));
        s.push_str(&format!(
            "core recall {:.3} ({}/{}), precision {:.3}\n",
            self.recall, self.core_hit, self.core, self.precision
        ));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"{"id":"g1","core":true,"root":["11"],"source":["SRB"],"target":["KOS"]}
{"id":"g2","core":true,"root":["02"],"source":["USA"],"target":["*"]}
{"id":"g3","core":false,"root":["14"],"source":["*"],"target":["*"]}
"#;

    #[test]
    fn matching_duplicates_and_spurious() {
        let golds = read_gold(GOLD, "g").expect("gold");
        let ev = r#"{"source":{"code":"SRBGOV"},"target":{"code":"KSVGOV"},"cameo":"111"}
{"source":"SRB","target":"KOS","cameo":"112"}
{"source":"USA","target":null,"cameo":"020"}
{"source":"USA","target":null,"cameo":"010"}
{"source":"FRA","target":"DEU","cameo":"043"}
"#;
        let events = read_events(ev, "e").expect("events");
        assert_eq!(events.len(), 4);
        let s = score(&golds, &events);
        assert_eq!((s.matched, s.duplicates, s.spurious.len()), (2, 1, 1));
        assert_eq!(s.core_hit, 2);
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn bad_line_is_reported_with_its_number() {
        let err = read_gold("{}\nnot json\n", "gold.jsonl").expect_err("bad line");
        assert!(err.to_string().starts_with("gold.jsonl:2:"));
    }
}
