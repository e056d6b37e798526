//! Opening files: gzip detection, format sniffing and size-capped reads.
//!
//! Not for parsing any format: the JSON lines and WARC readers do that.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;

use flate2::read::MultiGzDecoder;

use crate::{DocError, Document, Format, Location, MAX_DOC_BYTES};

/// A boxed buffered reader over the (decompressed) content of a file.
pub(crate) type Input = Box<dyn BufRead + Send>;

/// How many leading bytes are looked at to recognise a format.
const SNIFF_BYTES: u64 = 64 * 1024;

/// Opens `path`, undoing gzip (multi-member too) when the file starts with
/// the gzip magic bytes, and recognises the format of the content.
pub(crate) fn open_sniffed(path: &Path) -> io::Result<(Format, Input)> {
    let file = File::open(path)?;
    sniff(Box::new(BufReader::with_capacity(64 * 1024, file)))
}

/// Recognises gzip and the format of any reader.
pub(crate) fn sniff(mut raw: Box<dyn Read + Send>) -> io::Result<(Format, Input)> {
    let mut magic = Vec::with_capacity(2);
    (&mut raw).take(2).read_to_end(&mut magic)?;
    let rejoined: Box<dyn Read + Send> = Box::new(Cursor::new(magic.clone()).chain(raw));
    let mut content: Box<dyn Read + Send> = if magic == [0x1f, 0x8b] {
        Box::new(MultiGzDecoder::new(rejoined))
    } else {
        rejoined
    };
    let mut head = Vec::new();
    (&mut content).take(SNIFF_BYTES).read_to_end(&mut head)?;
    let format = match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::JsonLines,
        _ if head.starts_with(b"WARC/") => Format::Warc,
        _ => Format::Text,
    };
    let input: Input = Box::new(BufReader::with_capacity(
        64 * 1024,
        Cursor::new(head).chain(content),
    ));
    Ok((format, input))
}

/// Reads a whole plain-text document; the id is the file stem (without `.gz`).
pub(crate) fn read_text(reader: Input, path: &Path) -> Result<Document, DocError> {
    let at = || Location::File(path.to_path_buf());
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOC_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| DocError::Io { at: at(), source })?;
    if bytes.len() > MAX_DOC_BYTES {
        return Err(DocError::TooLarge {
            at: at(),
            size: bytes.len() as u64,
            limit: MAX_DOC_BYTES,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| DocError::Encoding {
        at: at(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    Ok(Document {
        id: file_id(path),
        text,
        ..Document::default()
    })
}

/// The id of a plain-text file: its name without the last extension (and
/// without `.gz` before that).
pub(crate) fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    match name.rfind('.') {
        Some(dot) if dot > 0 => name[..dot].to_string(),
        _ => name.to_string(),
    }
}

/// The outcome of [`read_line_capped`].
pub(crate) struct CappedLine {
    /// Bytes consumed, newline included; 0 at the end of the input.
    pub consumed: u64,
    /// True when the line was longer than the cap; `buf` then holds only its start.
    pub truncated: bool,
}

/// Reads one line (up to and including `\n`) into `buf`, keeping at most
/// `cap` bytes and skipping the rest of an overlong line, so memory stays
/// bounded whatever the input.
pub(crate) fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<CappedLine> {
    buf.clear();
    let mut consumed = 0u64;
    let mut truncated = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = cap.saturating_sub(buf.len());
        if take > room {
            truncated = true;
        }
        buf.extend_from_slice(&chunk[..take.min(room)]);
        reader.consume(take);
        consumed += take as u64;
        if done {
            break;
        }
    }
    Ok(CappedLine {
        consumed,
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn capped_lines_skip_the_overlong_rest() {
        let mut r = Cursor::new(b"abcdef\nxy\nlast".to_vec());
        let mut buf = Vec::new();
        let l = read_line_capped(&mut r, &mut buf, 3).unwrap();
        assert_eq!(
            (l.consumed, l.truncated, buf.as_slice()),
            (7, true, &b"abc"[..])
        );
        let l = read_line_capped(&mut r, &mut buf, 3).unwrap();
        assert_eq!(
            (l.consumed, l.truncated, buf.as_slice()),
            (3, false, &b"xy\n"[..])
        );
        let l = read_line_capped(&mut r, &mut buf, 10).unwrap();
        assert_eq!(
            (l.consumed, l.truncated, buf.as_slice()),
            (4, false, &b"last"[..])
        );
        assert_eq!(read_line_capped(&mut r, &mut buf, 10).unwrap().consumed, 0);
    }

    #[test]
    fn formats_are_recognised_by_content_through_gzip() {
        let gz = |data: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        for (data, want) in [
            (&b"  \n {\"text\":\"a\"}"[..], Format::JsonLines),
            (&b"WARC/1.0\r\n"[..], Format::Warc),
            (&b"Plain words."[..], Format::Text),
            (&b""[..], Format::Text),
        ] {
            let (f, mut r) = sniff(Box::new(Cursor::new(data.to_vec()))).unwrap();
            assert_eq!(f, want);
            let mut back = Vec::new();
            r.read_to_end(&mut back).unwrap();
            assert_eq!(back, data);
            let (f, mut r) = sniff(Box::new(Cursor::new(gz(data)))).unwrap();
            assert_eq!(f, want);
            back.clear();
            r.read_to_end(&mut back).unwrap();
            assert_eq!(back, data);
        }
    }

    #[test]
    fn file_ids_drop_extensions() {
        assert_eq!(file_id(Path::new("a/b/story.txt")), "story");
        assert_eq!(file_id(Path::new("story.txt.gz")), "story");
        assert_eq!(file_id(Path::new(".profile")), ".profile");
        assert_eq!(file_id(Path::new("README")), "README");
    }
}
