//! PETRARCH's unit-test suite (`PETR.UnitTest.records.xml`): reads its records and runs
//! them through a coder built on the suite's own validation dictionaries, reporting the
//! pass rate per category. A record passes when the set of (source, target, code) events
//! the coder finds (negated ones left out) equals the record's expected set; a record that
//! expects no events (or an input error) passes when none are found.
//!
//! Not for: PETRARCH's parse trees — the `<Parse>` elements are ignored; dyad codes the text.
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use dyad_dict::Dictionaries;
use dyad_docs::Document;

use crate::coder::{Coder, CoderOptions};
use crate::CodeError;

/// One unit-test record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRecord {
    /// The record id (`DEMO-00`).
    pub id: String,
    /// Its category (`DEMO`, `ACTOR`, …).
    pub category: String,
    /// Its date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The sentence.
    pub text: String,
    /// Expected (source, target, code); empty when no event is expected.
    pub expected: BTreeSet<(String, String, String)>,
}

/// The outcome of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordResult {
    /// The record id.
    pub id: String,
    /// Its category.
    pub category: String,
    /// Passed.
    pub passed: bool,
    /// What the coder found.
    pub found: BTreeSet<(String, String, String)>,
    /// What was expected.
    pub expected: BTreeSet<(String, String, String)>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pos = tag.find(&format!("{name}="))?;
    let rest = tag[pos + name.len() + 1..].trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

fn tag_attr(tag: &str, name: &str) -> Option<String> {
    // Tolerates `noevents = "True"` with blanks around `=`.
    let compact: String = {
        let mut out = String::with_capacity(tag.len());
        let mut chars = tag.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' && matches!(chars.peek(), Some('=')) {
                continue;
            }
            out.push(c);
            if c == '=' {
                while matches!(chars.peek(), Some(' ')) {
                    chars.next();
                }
            }
        }
        out
    };
    attr(&compact, name)
}

fn norm_code(c: &str) -> String {
    let c = c.trim();
    if c == "---" {
        String::new()
    } else {
        c.to_string()
    }
}

/// Decodes the five predefined XML entities (`&amp;` last, so `&amp;lt;` stays `&lt;`).
fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Reads the records of a unit-test file.
pub fn read_records(xml: &str) -> Vec<UnitRecord> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<Sentence ") {
        let Some(len) = rest[start..].find("</Sentence>") else {
            break;
        };
        let block = &rest[start..start + len];
        rest = &rest[start + len + "</Sentence>".len()..];
        let head_end = block.find('>').unwrap_or(block.len());
        let head = &block[..head_end];
        let date = tag_attr(head, "date")
            .filter(|d| d.len() == 8)
            .map(|d| format!("{}-{}-{}", &d[0..4], &d[4..6], &d[6..8]));
        let text = block
            .find("<Text>")
            .and_then(|a| {
                block[a + 6..]
                    .find("</Text>")
                    .map(|b| &block[a + 6..a + 6 + b])
            })
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let text = unescape_xml(&text);
        let mut expected = BTreeSet::new();
        let mut b = block;
        while let Some(p) = b.find("<EventCoding") {
            let e = b[p..].find('>').map_or(b.len(), |e| p + e);
            let tag = &b[p..e];
            if let (Some(s), Some(c)) = (tag_attr(tag, "sourcecode"), tag_attr(tag, "eventcode")) {
                let t = tag_attr(tag, "targetcode").unwrap_or_default();
                expected.insert((norm_code(&s), norm_code(&t), c.trim().to_string()));
            }
            b = &b[e..];
        }
        out.push(UnitRecord {
            id: tag_attr(head, "id").unwrap_or_default(),
            category: tag_attr(head, "category").unwrap_or_default(),
            date,
            text,
            expected,
        });
    }
    out
}

/// Builds a coder on the PETRARCH validation dictionaries of `dir`
/// (`PETR.Validate.{verbs,actors,agents,discards}.txt`).
pub fn validation_coder(dir: &Path, options: CoderOptions) -> Result<Coder, CodeError> {
    let files: Vec<_> = ["verbs", "actors", "agents", "discards"]
        .iter()
        .map(|k| dir.join(format!("PETR.Validate.{k}.txt")))
        .collect();
    let (set, _reports) = dyad_dict::petrarch::read_files(&files)
        .map_err(|e| CodeError::Dictionaries(e.to_string()))?;
    Coder::with_dictionaries(Arc::new(Dictionaries::build(set)), options)
}

/// Runs the records through the coder.
pub fn run(coder: &Coder, records: &[UnitRecord]) -> Vec<RecordResult> {
    records
        .iter()
        .map(|r| {
            let doc = Document {
                id: r.id.clone(),
                date: r.date.clone(),
                text: r.text.clone(),
                ..Document::default()
            };
            let found: BTreeSet<(String, String, String)> = coder
                .code_document(&doc)
                .map(|events| {
                    events
                        .into_iter()
                        .filter(|e| !e.negated)
                        .map(|e| {
                            (
                                e.source.code,
                                e.target.map(|t| t.code).unwrap_or_default(),
                                e.cameo,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            RecordResult {
                id: r.id.clone(),
                category: r.category.clone(),
                passed: found == r.expected,
                found,
                expected: r.expected.clone(),
            }
        })
        .collect()
}

/// Pass counts per category, in first-seen order: (category, passed, total).
pub fn by_category(results: &[RecordResult]) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    for r in results {
        let i = match out.iter().position(|c| c.0 == r.category) {
            Some(i) => i,
            None => {
                out.push((r.category.clone(), 0, 0));
                out.len() - 1
            }
        };
        out[i].2 += 1;
        if r.passed {
            out[i].1 += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<Sentences>
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties with Gondor.
</Text>
<Parse>(ROOT)</Parse>
</Sentence>
<Sentence date = "19950102" id ="X-01" category="ERROR" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing here.</Text>
</Sentence>
</Sentences>"#;

    #[test]
    fn reads_records() {
        let r = read_records(XML);
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].id, "DEMO-00");
        assert_eq!(r[0].date.as_deref(), Some("1995-01-01"));
        assert!(r[0].text.starts_with("Arnor is about"));
        assert!(r[0]
            .expected
            .contains(&("ARN".into(), "GON".into(), "064".into())));
        assert!(r[1].expected.is_empty());
        // Blanks around `=` in the attributes, as some records have them.
        assert_eq!(r[1].id, "X-01");
        assert_eq!(r[1].date.as_deref(), Some("1995-01-02"));
    }

    #[test]
    fn xml_entities_are_decoded() {
        assert_eq!(
            unescape_xml("A &amp; B &lt;C&gt; &amp;lt;"),
            "A & B <C> &lt;"
        );
    }

    #[test]
    fn categories_count() {
        let rr = vec![
            RecordResult {
                id: "a".into(),
                category: "A".into(),
                passed: true,
                found: BTreeSet::new(),
                expected: BTreeSet::new(),
            },
            RecordResult {
                id: "b".into(),
                category: "A".into(),
                passed: false,
                found: BTreeSet::new(),
                expected: BTreeSet::new(),
            },
        ];
        assert_eq!(by_category(&rr), vec![("A".to_string(), 1, 2)]);
    }
}
