//! The WARC reader: `response` (and HTML `resource`) records of crawled news,
//! their HTTP bodies reduced to article text by [`crate::html`].
//!
//! Not for other record types (`request`, `warcinfo`, `metadata` are skipped),
//! nor for pages that are not HTML or not a 2xx answer: those are skipped too.

use std::io::{self, BufRead, Read};
use std::path::PathBuf;

use flate2::read::{GzDecoder, ZlibDecoder};

use crate::html;
use crate::io::read_line_capped;
use crate::{normalize_date, DocError, Document, Location, MAX_DOC_BYTES};

/// The longest header line accepted.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// The most header lines a record may have.
const MAX_HEADERS: usize = 1024;

/// Reads WARC records lazily, yielding one document per HTML response.
pub struct WarcReader<R> {
    reader: R,
    path: PathBuf,
    offset: u64,
    line: Vec<u8>,
    done: bool,
}

/// A WARC record's named headers.
#[derive(Default)]
struct Header {
    kind: String,
    uri: Option<String>,
    record_id: Option<String>,
    date: Option<String>,
    content_type: String,
    length: Option<u64>,
}

impl<R: BufRead> WarcReader<R> {
    /// Reads from `reader` (already decompressed); `path` names it in errors.
    pub fn new(reader: R, path: PathBuf) -> Self {
        WarcReader {
            reader,
            path,
            offset: 0,
            line: Vec::new(),
            done: false,
        }
    }

    fn at(&self, offset: u64) -> Location {
        Location::Offset(self.path.clone(), offset)
    }

    fn io_error(&mut self, source: io::Error) -> DocError {
        self.done = true;
        DocError::Io {
            at: self.at(self.offset),
            source,
        }
    }

    /// Reads one header line; `None` at the end of input.
    fn header_line(&mut self) -> Result<Option<String>, DocError> {
        let mut line = std::mem::take(&mut self.line);
        let read = read_line_capped(&mut self.reader, &mut line, MAX_HEADER_LINE);
        self.line = line;
        let read = read.map_err(|e| self.io_error(e))?;
        self.offset += read.consumed;
        if read.consumed == 0 {
            return Ok(None);
        }
        if read.truncated {
            return Err(DocError::Warc {
                at: self.at(self.offset - read.consumed),
                message: "header line too long".into(),
            });
        }
        Ok(Some(
            String::from_utf8_lossy(&self.line).trim_end().to_string(),
        ))
    }

    /// Reads the next record; `Ok(None)` at the end, `Ok(Some(None))` for a
    /// record that holds no article.
    fn record(&mut self) -> Result<Option<Option<Document>>, DocError> {
        // Find the version line, skipping the blank lines between records.
        let start;
        loop {
            let here = self.offset;
            match self.header_line()? {
                None => return Ok(None),
                Some(l) if l.is_empty() => continue,
                Some(l) if l.starts_with("WARC/") => {
                    start = here;
                    break;
                }
                Some(_) => {
                    self.resync()?;
                    return Err(DocError::Warc {
                        at: self.at(here),
                        message: "expected a WARC/ version line".into(),
                    });
                }
            }
        }
        let mut header = Header::default();
        let mut count = 0;
        loop {
            let Some(line) = self.header_line()? else {
                self.done = true;
                return Err(DocError::Warc {
                    at: self.at(start),
                    message: "input ends inside a record header".into(),
                });
            };
            if line.is_empty() {
                break;
            }
            count += 1;
            if count > MAX_HEADERS {
                self.resync()?;
                return Err(DocError::Warc {
                    at: self.at(start),
                    message: "too many header lines".into(),
                });
            }
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim().to_string();
            match name.trim().to_ascii_lowercase().as_str() {
                "warc-type" => header.kind = value.to_ascii_lowercase(),
                "warc-target-uri" => header.uri = Some(value.trim_matches(['<', '>']).to_string()),
                "warc-record-id" => {
                    header.record_id = Some(value.trim_matches(['<', '>']).to_string())
                }
                "warc-date" => header.date = Some(value),
                "content-type" => header.content_type = value.to_ascii_lowercase(),
                "content-length" => header.length = value.parse().ok(),
                _ => {}
            }
        }
        let Some(length) = header.length else {
            self.resync()?;
            return Err(DocError::Warc {
                at: self.at(start),
                message: "missing or invalid Content-Length".into(),
            });
        };
        let wanted = header.kind == "response"
            || (header.kind == "resource" && header.content_type.contains("html"));
        if !wanted {
            self.skip(length, start)?;
            return Ok(Some(None));
        }
        let id = header
            .record_id
            .clone()
            .or_else(|| header.uri.clone())
            .unwrap_or_else(|| format!("{}@{start}", self.path.display()));
        if length > MAX_DOC_BYTES as u64 {
            self.skip(length, start)?;
            return Err(DocError::TooLarge {
                at: self.at(start),
                size: length,
                limit: MAX_DOC_BYTES,
            });
        }
        let mut block = Vec::with_capacity(length as usize);
        let got = (&mut self.reader)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| self.io_error(e))?;
        self.offset += got as u64;
        if (got as u64) < length {
            self.done = true;
            return Err(DocError::Warc {
                at: self.at(start),
                message: format!("record {id} truncated: {got} of {length} bytes"),
            });
        }
        let body = if header.kind == "response" {
            match http_body(&block) {
                Ok(Some(b)) => b,
                Ok(None) => return Ok(Some(None)),
                Err(message) => {
                    return Err(DocError::Warc {
                        at: self.at(start),
                        message: format!("record {id}: {message}"),
                    })
                }
            }
        } else {
            HttpBody {
                bytes: block,
                charset: charset_of(&header.content_type),
            }
        };
        let text = decode(&body.bytes, body.charset.as_deref());
        let article = html::article(&text);
        if article.text.trim().is_empty() {
            return Ok(Some(None));
        }
        let date = article
            .date
            .or_else(|| header.date.as_deref().and_then(normalize_date));
        let source = header.uri.as_deref().and_then(host_of);
        Ok(Some(Some(Document {
            id,
            date,
            title: article.title,
            text: article.text,
            url: header.uri,
            source,
        })))
    }

    /// Discards `length` bytes of a record block.
    fn skip(&mut self, length: u64, start: u64) -> Result<(), DocError> {
        let got = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())
            .map_err(|e| self.io_error(e))?;
        self.offset += got;
        if got < length {
            self.done = true;
            return Err(DocError::Warc {
                at: self.at(start),
                message: format!("record truncated: {got} of {length} bytes"),
            });
        }
        Ok(())
    }

    /// Skips lines until the next line that starts with `WARC/` (left
    /// unread) or the end of the input.
    fn resync(&mut self) -> Result<(), DocError> {
        loop {
            let at_end_or_record = match self.reader.fill_buf() {
                Ok(buf) => buf.is_empty() || buf.starts_with(b"WARC/"),
                Err(e) => return Err(self.io_error(e)),
            };
            if at_end_or_record {
                return Ok(());
            }
            let mut line = std::mem::take(&mut self.line);
            let read = read_line_capped(&mut self.reader, &mut line, MAX_HEADER_LINE);
            self.line = line;
            let read = read.map_err(|e| self.io_error(e))?;
            self.offset += read.consumed;
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Document, DocError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.record() {
                Ok(None) => self.done = true,
                Ok(Some(None)) => continue,
                Ok(Some(Some(doc))) => return Some(Ok(doc)),
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

/// An HTTP body and the charset its headers declare.
struct HttpBody {
    bytes: Vec<u8>,
    charset: Option<String>,
}

/// Splits an HTTP response into its decoded body; `Ok(None)` when it is not a
/// successful HTML answer.
fn http_body(block: &[u8]) -> Result<Option<HttpBody>, String> {
    let (head_end, body_start) = match find(block, b"\r\n\r\n") {
        Some(i) => (i, i + 4),
        None => match find(block, b"\n\n") {
            Some(i) => (i, i + 2),
            None => return Err("no end of HTTP headers".into()),
        },
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default();
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("bad HTTP status line {:?}", truncate(status, 60)))?;
    if !(200..300).contains(&code) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => content_type = value,
                "transfer-encoding" => chunked = value.contains("chunked"),
                "content-encoding" => encoding = value,
                _ => {}
            }
        }
    }
    if !content_type.is_empty() && !content_type.contains("html") {
        return Ok(None);
    }
    let mut bytes = block[body_start..].to_vec();
    if chunked {
        bytes = dechunk(&bytes).ok_or("bad chunked transfer encoding")?;
    }
    let inflate = |r: &mut dyn Read| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        r.take(MAX_DOC_BYTES as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("bad {encoding} content: {e}"))?;
        if out.len() > MAX_DOC_BYTES {
            return Err(format!("decoded body exceeds {MAX_DOC_BYTES} bytes"));
        }
        Ok(out)
    };
    bytes = match encoding.as_str() {
        "gzip" | "x-gzip" => inflate(&mut GzDecoder::new(&bytes[..]))?,
        "deflate" => inflate(&mut ZlibDecoder::new(&bytes[..]))?,
        _ => bytes,
    };
    Ok(Some(HttpBody {
        bytes,
        charset: charset_of(&content_type),
    }))
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undoes HTTP chunked transfer encoding; `None` when malformed.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = find(data, b"\n")?;
        let size_line = std::str::from_utf8(&data[..eol]).ok()?.trim();
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        data = &data[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = &data[size..];
        data = data.strip_prefix(b"\r").unwrap_or(data);
        data = data.strip_prefix(b"\n").unwrap_or(data);
    }
}

/// The `charset=` parameter of a content type.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        p.trim()
            .strip_prefix("charset=")
            .map(|c| c.trim_matches(['"', '\'']).to_ascii_lowercase())
    })
}

/// Decodes HTML bytes: a declared Latin-1/Windows-1252 charset (in the HTTP
/// header or a `<meta charset>`) is mapped, anything else is read as UTF-8
/// with invalid bytes replaced.
fn decode(bytes: &[u8], charset: Option<&str>) -> String {
    let declared = charset.map(str::to_string).or_else(|| {
        let head = &bytes[..bytes.len().min(4096)];
        let head = String::from_utf8_lossy(head).to_ascii_lowercase();
        let at = head.find("charset=")?;
        let rest = head[at + 8..].trim_start_matches(['"', '\'']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        Some(rest[..end].to_string())
    });
    match declared.as_deref() {
        Some("iso-8859-1" | "latin1" | "latin-1" | "windows-1252" | "cp1252" | "us-ascii")
            if std::str::from_utf8(bytes).is_err() =>
        {
            bytes.iter().map(|&b| cp1252(b)).collect()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// One Windows-1252 byte as a character.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// The host part of a URL, without `www.`.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Cursor;

    /// Builds one WARC record.
    pub(crate) fn record(
        kind: &str,
        id: &str,
        uri: &str,
        content_type: &str,
        block: &[u8],
    ) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2023-06-01T12:00:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub(crate) fn response(id: &str, uri: &str, html: &str) -> Vec<u8> {
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        record(
            "response",
            id,
            uri,
            "application/http; msgtype=response",
            http.as_bytes(),
        )
    }

    const PAGE: &str = r#"<html><head><title>Site | Clashes</title>
        <meta property="og:title" content="Clashes in Zve&#269;an">
        <meta property="article:published_time" content="2023-05-29T18:00:00+02:00">
        <script>var x = "<p>not text</p>";</script></head>
        <body><nav><p>Home</p></nav><article><h1>Clashes</h1>
        <p>Serbia condemned &amp; Kosovo replied.</p><p>NATO  sent troops.</p></article>
        <footer><p>Copyright</p></footer></body></html>"#;

    fn read(data: Vec<u8>) -> Vec<Result<Document, DocError>> {
        WarcReader::new(Cursor::new(data), PathBuf::from("t.warc")).collect()
    }

    #[test]
    fn responses_become_articles_and_other_records_are_skipped() {
        let mut data = record(
            "warcinfo",
            "urn:uuid:0",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        );
        data.extend(record(
            "request",
            "urn:uuid:1",
            "https://www.example.com/a",
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        data.extend(response("urn:uuid:2", "https://www.example.com/a", PAGE));
        let not_found = "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>";
        data.extend(record(
            "response",
            "urn:uuid:3",
            "https://example.com/b",
            "application/http",
            not_found.as_bytes(),
        ));
        let image = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{89}PNG";
        data.extend(record(
            "response",
            "urn:uuid:4",
            "https://example.com/c.png",
            "application/http",
            image.as_bytes(),
        ));
        let items = read(data);
        assert_eq!(items.len(), 1);
        let doc = items[0].as_ref().unwrap();
        assert_eq!(doc.id, "urn:uuid:2");
        assert_eq!(doc.title.as_deref(), Some("Clashes in Zvečan"));
        assert_eq!(doc.date.as_deref(), Some("2023-05-29"));
        assert_eq!(
            doc.text,
            "Clashes\n\nSerbia condemned & Kosovo replied.\n\nNATO sent troops."
        );
        assert_eq!(doc.url.as_deref(), Some("https://www.example.com/a"));
        assert_eq!(doc.source.as_deref(), Some("example.com"));
    }

    #[test]
    fn chunked_gzip_and_latin1_bodies_are_decoded() {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b"<p>Caf\xe9 talks in Pristina.</p>").unwrap();
        let gz = e.finish().unwrap();
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        let (a, b) = gz.split_at(gz.len() / 2);
        for part in [a, b] {
            http.extend(format!("{:x}\r\n", part.len()).as_bytes());
            http.extend(part);
            http.extend(b"\r\n");
        }
        http.extend(b"0\r\n\r\n");
        let items = read(record(
            "response",
            "urn:x",
            "http://n.example/x",
            "application/http",
            &http,
        ));
        assert_eq!(items.len(), 1);
        let doc = items[0].as_ref().unwrap();
        assert_eq!(doc.text, "Café talks in Pristina.");
        assert_eq!(
            doc.date.as_deref(),
            Some("2023-06-01"),
            "falls back on WARC-Date"
        );
    }

    #[test]
    fn truncated_and_garbled_records_are_errors() {
        let mut data = b"garbage line\r\n".to_vec();
        data.extend(response("urn:ok", "http://a.example/", "<p>Fine.</p>"));
        let mut last = response("urn:cut", "http://a.example/2", "<p>Cut short.</p>");
        last.truncate(last.len() - 10);
        data.extend(last);
        let items = read(data);
        assert_eq!(items.len(), 3);
        assert!(matches!(
            &items[0],
            Err(DocError::Warc {
                at: Location::Offset(_, 0),
                ..
            })
        ));
        assert_eq!(items[1].as_ref().unwrap().text, "Fine.");
        assert!(items[2]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("truncated"));
    }

    #[test]
    fn gzip_warc_with_one_member_per_record_reads_through_read_file() {
        use std::io::Write;
        let mut data = Vec::new();
        for i in 0..3 {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&response(
                &format!("urn:{i}"),
                "http://a.example/",
                &format!("<p>Story {i}.</p>"),
            ))
            .unwrap();
            data.extend(e.finish().unwrap());
        }
        let path = std::env::temp_dir().join(format!("dyad-docs-{}.warc.gz", std::process::id()));
        std::fs::write(&path, data).unwrap();
        let texts: Vec<String> = crate::read_file(&path).map(|d| d.unwrap().text).collect();
        assert_eq!(texts, ["Story 0.", "Story 1.", "Story 2."]);
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn hosts_are_extracted() {
        assert_eq!(
            host_of("https://www.BBC.co.uk:443/news?x").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(host_of("nothing"), None);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic_and_end(data in proptest::collection::vec(any::<u8>(), 0..600)) {
            let mut input = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n".to_vec();
            input.extend(&data);
            let items = read(input);
            prop_assert!(items.len() <= data.len() + 2);
            let _ = read(data);
        }

        #[test]
        fn any_paragraph_text_survives(words in proptest::collection::vec("[A-Za-z]{1,10}", 1..20)) {
            let sentence = words.join(" ");
            let items = read(response("urn:p", "http://a.example/", &format!("<p>{sentence}</p>")));
            prop_assert_eq!(items.len(), 1);
            prop_assert_eq!(&items[0].as_ref().unwrap().text, &sentence);
        }
    }
}
