//! Reading and writing CoNLL-U, the Universal Dependencies file format.
//!
//! For: loading treebanks to train and evaluate on, and printing parses so any
//! CoNLL-U scorer can judge them. A [`Sentence`] keeps its comment lines and its
//! multi-word-token and empty-node lines verbatim, so a file read and written
//! back keeps everything but the columns a tagger or parser fills in.
//!
//! Not for: tokenising raw text (see `dyad-text`) or validating UD guidelines
//! beyond what the format itself requires.
//!
//! The reader is bounded: a line longer than [`MAX_LINE_BYTES`] or a sentence
//! with more than [`MAX_WORDS`] words is an error, and a broken sentence is
//! reported with its line number and skipped, so the rest of a file still loads.

use std::fmt;
use std::io::{self, BufRead, Write};

/// The longest line the reader accepts, in bytes.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// The most words a sentence may have.
pub const MAX_WORDS: usize = 10_000;

/// An error met while reading CoNLL-U, with the line it was found on.
#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    /// A line broke the format.
    #[error("{source_name}:{line}: {message}")]
    Format {
        /// The file (or stream) name given to the reader.
        source_name: String,
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// The underlying reader failed.
    #[error("{source_name}: {error}")]
    Io {
        /// The file (or stream) name given to the reader.
        source_name: String,
        /// The I/O error.
        error: io::Error,
    },
}

/// One syntactic word of a sentence: a basic CoNLL-U word line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// The word form.
    pub form: String,
    /// The lemma (`_` when unknown).
    pub lemma: String,
    /// The universal part-of-speech tag.
    pub upos: String,
    /// The language-specific (Penn) tag.
    pub xpos: String,
    /// Morphological features, verbatim.
    pub feats: String,
    /// The head: 0 for the root, else the 1-based index of the head word.
    pub head: u32,
    /// The dependency relation, with any subtype (`nsubj:pass`).
    pub deprel: String,
    /// Enhanced dependencies, verbatim.
    pub deps: String,
    /// The MISC column, verbatim.
    pub misc: String,
}

/// A sentence: comment lines, words, and verbatim multi-word-token and empty-node lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines without the leading `#` and one following space.
    pub comments: Vec<String>,
    /// The basic words, in order; `words[i]` has CoNLL-U id `i + 1`.
    pub words: Vec<Word>,
    /// Range (`3-4`) and empty-node (`8.1`) lines, each with the number of
    /// words that precede it, so they are written back in place.
    pub extra_lines: Vec<(usize, String)>,
}

impl Sentence {
    /// A sentence of the given word forms, every other column empty (`_`).
    pub fn from_forms<S: AsRef<str>>(forms: &[S]) -> Sentence {
        let words = forms
            .iter()
            .map(|f| Word {
                form: f.as_ref().to_string(),
                ..Word::blank()
            })
            .collect();
        Sentence {
            words,
            ..Sentence::default()
        }
    }

    /// The value of a `# key = value` comment, if present.
    pub fn comment_value(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| {
            let (k, v) = c.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }
}

impl Word {
    /// A word whose every column is `_` and whose head is 0.
    pub fn blank() -> Word {
        let u = || "_".to_string();
        Word {
            form: u(),
            lemma: u(),
            upos: u(),
            xpos: u(),
            feats: u(),
            head: 0,
            deprel: u(),
            deps: u(),
            misc: u(),
        }
    }
}

/// Reads sentences from a CoNLL-U stream, one `Result` per sentence.
///
/// A sentence with a broken line yields an error naming that line; reading
/// then goes on with the next sentence.
pub struct Reader<R> {
    input: R,
    source_name: String,
    line_no: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader over `input`; `source_name` names it in errors.
    pub fn new(input: R, source_name: impl Into<String>) -> Self {
        Reader {
            input,
            source_name: source_name.into(),
            line_no: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    fn format_error(&self, message: impl Into<String>) -> ConlluError {
        ConlluError::Format {
            source_name: self.source_name.clone(),
            line: self.line_no,
            message: message.into(),
        }
    }

    /// Reads one line into `self.buf` (without the newline); `Ok(false)` at end of input.
    fn next_line(&mut self) -> Result<bool, ConlluError> {
        self.buf.clear();
        let mut too_long = false;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    return Err(ConlluError::Io {
                        source_name: self.source_name.clone(),
                        error,
                    })
                }
            };
            if chunk.is_empty() {
                if self.buf.is_empty() && !too_long {
                    return Ok(false);
                }
                break;
            }
            let (take, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            if self.buf.len() + take <= MAX_LINE_BYTES + 1 {
                self.buf.extend_from_slice(&chunk[..take]);
            } else {
                too_long = true;
            }
            self.input.consume(take);
            if found {
                break;
            }
        }
        self.line_no += 1;
        if too_long {
            return Err(self.format_error(format!("line longer than {MAX_LINE_BYTES} bytes")));
        }
        while matches!(self.buf.last(), Some(b'\n' | b'\r')) {
            self.buf.pop();
        }
        Ok(true)
    }

    /// Skips to the blank line that ends the current sentence.
    fn resync(&mut self) {
        loop {
            match self.next_line() {
                Ok(true) if !self.buf.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(true) => return,
                Ok(false) => {
                    self.done = true;
                    return;
                }
                Err(ConlluError::Io { .. }) => {
                    self.done = true;
                    return;
                }
                Err(ConlluError::Format { .. }) => continue,
            }
        }
    }

    fn read_sentence(&mut self) -> Option<Result<Sentence, ConlluError>> {
        let mut sentence = Sentence::default();
        let mut started = false;
        loop {
            match self.next_line() {
                Err(e) => {
                    if matches!(e, ConlluError::Io { .. }) {
                        self.done = true;
                    } else {
                        self.resync();
                    }
                    return Some(Err(e));
                }
                Ok(false) => {
                    self.done = true;
                    return started.then(|| self.finish(sentence));
                }
                Ok(true) => {}
            }
            let line = match std::str::from_utf8(&self.buf) {
                Ok(l) => l.to_string(),
                Err(e) => {
                    let err = self.format_error(format!(
                        "invalid UTF-8 at byte {} of the line",
                        e.valid_up_to()
                    ));
                    self.resync();
                    return Some(Err(err));
                }
            };
            if line.trim().is_empty() {
                if started {
                    return Some(self.finish(sentence));
                }
                continue;
            }
            started = true;
            if let Some(comment) = line.strip_prefix('#') {
                let comment = comment.strip_prefix(' ').unwrap_or(comment);
                sentence.comments.push(comment.to_string());
                continue;
            }
            if let Err(message) = parse_word_line(&line, &mut sentence) {
                let err = self.format_error(message);
                self.resync();
                return Some(Err(err));
            }
            if sentence.words.len() > MAX_WORDS {
                let err = self.format_error(format!("sentence has more than {MAX_WORDS} words"));
                self.resync();
                return Some(Err(err));
            }
        }
    }

    fn finish(&self, sentence: Sentence) -> Result<Sentence, ConlluError> {
        let n = sentence.words.len();
        if n == 0 {
            return Err(self.format_error("sentence without words ends here"));
        }
        if let Some((i, w)) = sentence
            .words
            .iter()
            .enumerate()
            .find(|(_, w)| w.head as usize > n)
        {
            return Err(self.format_error(format!(
                "word {} of the sentence ending here has head {} beyond its {n} words",
                i + 1,
                w.head
            )));
        }
        Ok(sentence)
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Sentence, ConlluError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.read_sentence()
    }
}

/// Parses one non-comment line into `sentence`.
fn parse_word_line(line: &str, sentence: &mut Sentence) -> Result<(), String> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != 10 {
        return Err(format!(
            "expected 10 tab-separated columns, found {}",
            cols.len()
        ));
    }
    let id = cols[0];
    if id.contains('-') || id.contains('.') {
        let valid = id
            .split(['-', '.'])
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !valid {
            return Err(format!("malformed id {id:?}"));
        }
        sentence
            .extra_lines
            .push((sentence.words.len(), line.to_string()));
        return Ok(());
    }
    let expected = sentence.words.len() + 1;
    match id.parse::<usize>() {
        Ok(n) if n == expected => {}
        Ok(n) => return Err(format!("word id {n} where {expected} was expected")),
        Err(_) => return Err(format!("malformed id {id:?}")),
    }
    let head = match cols[6] {
        "_" => 0,
        h => h
            .parse::<u32>()
            .map_err(|_| format!("malformed head {h:?}"))?,
    };
    if cols[1].is_empty() {
        return Err("empty form".to_string());
    }
    sentence.words.push(Word {
        form: cols[1].to_string(),
        lemma: cols[2].to_string(),
        upos: cols[3].to_string(),
        xpos: cols[4].to_string(),
        feats: cols[5].to_string(),
        head,
        deprel: cols[7].to_string(),
        deps: cols[8].to_string(),
        misc: cols[9].to_string(),
    });
    Ok(())
}

/// Reads every sentence of a CoNLL-U string, stopping at the first error.
pub fn parse_str(text: &str, source_name: &str) -> Result<Vec<Sentence>, ConlluError> {
    Reader::new(text.as_bytes(), source_name).collect()
}

/// Reads every sentence of a CoNLL-U file, stopping at the first error.
pub fn read_file(path: &std::path::Path) -> Result<Vec<Sentence>, ConlluError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|error| ConlluError::Io {
        source_name: name.clone(),
        error,
    })?;
    Reader::new(io::BufReader::new(file), name).collect()
}

/// Writes a sentence in CoNLL-U, followed by the blank line that ends it.
pub fn write_sentence(out: &mut impl Write, sentence: &Sentence) -> io::Result<()> {
    for c in &sentence.comments {
        writeln!(out, "# {c}")?;
    }
    let mut extra = sentence.extra_lines.iter().peekable();
    for (i, w) in sentence.words.iter().enumerate() {
        while let Some((_, line)) = extra.next_if(|(before, _)| *before == i) {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "{}\t{w}", i + 1)?;
    }
    for (_, line) in extra {
        writeln!(out, "{line}")?;
    }
    writeln!(out)
}

impl fmt::Display for Word {
    /// The nine columns after the id, tab-separated; empty fields print as `_`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = |s: &str| if s.is_empty() { "_" } else { s }.to_string();
        write!(
            f,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            c(&self.form),
            c(&self.lemma),
            c(&self.upos),
            c(&self.xpos),
            c(&self.feats),
            self.head,
            c(&self.deprel),
            c(&self.deps),
            c(&self.misc)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = Don't go.\n1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tDo\tdo\tAUX\tVB\tMood=Imp\t3\taux\t3:aux\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t3:advmod\t_\n3\tgo\tgo\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t3:punct\t_\n\n";

    #[test]
    fn reads_words_comments_and_ranges() {
        let s = &parse_str(SAMPLE, "t").unwrap()[0];
        assert_eq!(s.comment_value("sent_id"), Some("s1"));
        assert_eq!(s.words.len(), 4);
        assert_eq!(s.words[1].form, "n't");
        assert_eq!(s.words[2].head, 0);
        assert_eq!(s.words[0].deprel, "aux");
        assert_eq!(s.extra_lines.len(), 1);
    }

    #[test]
    fn write_round_trips() {
        let s = parse_str(SAMPLE, "t").unwrap();
        let mut out = Vec::new();
        write_sentence(&mut out, &s[0]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), SAMPLE);
    }

    #[test]
    fn broken_line_is_reported_with_its_number_and_the_rest_loads() {
        let text =
            "1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n\n1\tb\tb\tX\n\n1\tc\tc\tX\tX\t_\t0\troot\t_\t_\n";
        let results: Vec<_> = Reader::new(text.as_bytes(), "f.conllu").collect();
        assert_eq!(results.len(), 3);
        let err = results[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("f.conllu:3:"), "{err}");
        assert_eq!(results[2].as_ref().unwrap().words[0].form, "c");
    }

    #[test]
    fn bad_ids_and_heads_are_errors() {
        let skip = "2\ta\ta\tX\tX\t_\t0\troot\t_\t_\n";
        assert!(parse_str(skip, "t")
            .unwrap_err()
            .to_string()
            .contains("expected"));
        let far = "1\ta\ta\tX\tX\t_\t5\troot\t_\t_\n";
        assert!(parse_str(far, "t")
            .unwrap_err()
            .to_string()
            .contains("head 5"));
        let bad = "1\ta\ta\tX\tX\t_\tx\troot\t_\t_\n";
        assert!(parse_str(bad, "t")
            .unwrap_err()
            .to_string()
            .contains("malformed head"));
    }

    #[test]
    fn long_lines_and_invalid_utf8_are_errors() {
        let long = format!(
            "1\t{}\t_\t_\t_\t_\t0\t_\t_\t_\n",
            "a".repeat(MAX_LINE_BYTES + 10)
        );
        assert!(parse_str(&long, "t")
            .unwrap_err()
            .to_string()
            .contains("longer"));
        let bytes = b"1\t\xff\t_\t_\t_\t_\t0\t_\t_\t_\n".to_vec();
        let r: Vec<_> = Reader::new(&bytes[..], "t").collect();
        assert!(r[0].as_ref().unwrap_err().to_string().contains("UTF-8"));
    }

    #[test]
    fn reads_the_real_treebank_heads_in_range() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/ud/en_ewt-ud-dev.conllu");
        let sentences = read_file(&path).unwrap();
        assert!(sentences.len() > 2000);
        for s in &sentences {
            assert_eq!(s.words.iter().filter(|w| w.head == 0).count(), 1);
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000)) {
            for s in Reader::new(&bytes[..], "p").flatten() {
                proptest::prop_assert!(!s.words.is_empty());
            }
        }

        #[test]
        fn never_panics_on_line_shaped_input(lines in proptest::collection::vec("[0-9.\\-]{0,3}(\t[a-z_0-9]{0,3}){0,10}", 0..30)) {
            let text = lines.join("\n");
            for s in Reader::new(text.as_bytes(), "p").flatten() {
                let n = s.words.len() as u32;
                proptest::prop_assert!(s.words.iter().all(|w| w.head <= n));
            }
        }
    }
}
