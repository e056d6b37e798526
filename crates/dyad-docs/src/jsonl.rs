//! The JSON lines reader: one document a line, with `id`, `date`, `title`,
//! `text`, `url` and `source` fields (others are ignored).
//!
//! Not for recognising the format or undoing gzip: `read_file` does that.

use std::io::BufRead;
use std::path::PathBuf;

use serde::Deserialize;

use crate::io::read_line_capped;
use crate::{normalize_date, DocError, Document, Location, MAX_DOC_BYTES};

/// Reads JSON lines lazily; blank lines are skipped, a bad line is an error
/// naming `file:line` and the next line is read after it.
pub struct JsonLines<R> {
    reader: R,
    path: PathBuf,
    line: u64,
    buf: Vec<u8>,
    done: bool,
}

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

impl<R: BufRead> JsonLines<R> {
    /// Reads from `reader`; `path` names the input in ids and errors.
    pub fn new(reader: R, path: PathBuf) -> Self {
        JsonLines {
            reader,
            path,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn parse(&self) -> Result<Document, DocError> {
        let at = || Location::Line(self.path.clone(), self.line);
        let raw: Raw = serde_json::from_slice(&self.buf).map_err(|e| DocError::Json {
            at: at(),
            message: e.to_string(),
        })?;
        let text = raw.text.ok_or_else(|| DocError::MissingText { at: at() })?;
        let id = match raw.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            None | Some(serde_json::Value::Null) => {
                format!("{}:{}", self.path.display(), self.line)
            }
            Some(serde_json::Value::String(_)) => {
                return Err(DocError::Json {
                    at: at(),
                    message: "\"id\" is empty".into(),
                })
            }
            Some(_) => {
                return Err(DocError::Json {
                    at: at(),
                    message: "\"id\" must be a string or a number".into(),
                })
            }
        };
        let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        Ok(Document {
            id,
            date: raw.date.as_deref().and_then(normalize_date),
            title: nonempty(raw.title),
            text,
            url: nonempty(raw.url),
            source: nonempty(raw.source),
        })
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Result<Document, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let mut buf = std::mem::take(&mut self.buf);
            let read = read_line_capped(&mut self.reader, &mut buf, MAX_DOC_BYTES);
            self.buf = buf;
            self.line += 1;
            let read = match read {
                Ok(r) => r,
                Err(source) => {
                    self.done = true;
                    return Some(Err(DocError::Io {
                        at: Location::Line(self.path.clone(), self.line),
                        source,
                    }));
                }
            };
            if read.consumed == 0 {
                self.done = true;
                return None;
            }
            if read.truncated {
                return Some(Err(DocError::TooLarge {
                    at: Location::Line(self.path.clone(), self.line),
                    size: read.consumed,
                    limit: MAX_DOC_BYTES,
                }));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse());
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Cursor;

    fn read(data: &str) -> Vec<Result<Document, DocError>> {
        JsonLines::new(
            Cursor::new(data.as_bytes().to_vec()),
            PathBuf::from("f.jsonl"),
        )
        .collect()
    }

    #[test]
    fn broken_lines_are_errors_and_reading_goes_on() {
        let items = read(concat!(
            "{\"id\": 7, \"text\": \"one\", \"date\": \"2023-05-27T08:00:00Z\", \"title\": \"\"}\n",
            "{\"id\": \"x\", \"text\": \n",
            "\n",
            "{\"id\": \"y\"}\n",
            "[1, 2]\n",
            "{\"text\": \"last\", \"url\": \"http://a/b\", \"source\": \"wire\"}",
        ));
        assert_eq!(items.len(), 5);
        let first = items[0].as_ref().unwrap();
        assert_eq!(first.id, "7");
        assert_eq!(first.date.as_deref(), Some("2023-05-27"));
        assert_eq!(first.title, None);
        assert!(matches!(
            &items[1],
            Err(DocError::Json {
                at: Location::Line(_, 2),
                ..
            })
        ));
        assert!(matches!(
            &items[2],
            Err(DocError::MissingText {
                at: Location::Line(_, 4)
            })
        ));
        assert!(items[3].is_err());
        let last = items[4].as_ref().unwrap();
        assert_eq!(last.id, "f.jsonl:6");
        assert_eq!(last.source.as_deref(), Some("wire"));
        assert!(items[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("f.jsonl:2: "));
    }

    #[test]
    fn gzip_json_lines_read_through_read_file() {
        use std::io::Write;
        let path = std::env::temp_dir().join(format!("dyad-docs-{}.jsonl.gz", std::process::id()));
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"{\"id\":\"a\",\"text\":\"Serbia and Kosovo.\"}\n")
            .unwrap();
        let mut data = e.finish().unwrap();
        // a second gzip member, as `cat a.gz b.gz` makes
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"{\"id\":\"b\",\"text\":\"More.\"}\n").unwrap();
        data.extend(e.finish().unwrap());
        std::fs::write(&path, data).unwrap();
        let ids: Vec<String> = crate::read_file(&path).map(|d| d.unwrap().id).collect();
        assert_eq!(ids, ["a", "b"]);
        std::fs::remove_file(&path).unwrap();
    }

    proptest! {
        #[test]
        fn any_bytes_yield_one_item_per_nonblank_line(data in proptest::collection::vec(any::<u8>(), 0..400)) {
            let items: Vec<_> = JsonLines::new(Cursor::new(data.clone()), PathBuf::from("p")).collect();
            let nonblank = data
                .split(|&b| b == b'\n')
                .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
                .count();
            prop_assert_eq!(items.len(), nonblank);
        }

        #[test]
        fn documents_round_trip(id in "[a-z0-9]{1,8}", text in "\\PC{0,50}", title in proptest::option::of("[A-Za-z ]{1,20}")) {
            let doc = Document { id, text, title: title.filter(|t| !t.trim().is_empty()), ..Document::default() };
            let line = serde_json::to_string(&doc).unwrap();
            let items: Vec<_> = JsonLines::new(Cursor::new(line.into_bytes()), PathBuf::from("p")).collect();
            prop_assert_eq!(items.len(), 1);
            prop_assert_eq!(items[0].as_ref().unwrap(), &doc);
        }
    }
}
