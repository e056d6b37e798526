//! Sentence splitting of whole documents of news text.
//!
//! For: paragraphs (blank lines; in Reuters-style text also a line indented
//! deeper than the document's least indented line), lines that stand apart
//! (a URL alone, a tweet signature, agency credits, a headline with no final
//! stop), and sentence ends inside running text: stops, closing quotes and
//! brackets kept with their sentence, abbreviations that do or do not end a
//! sentence. Single newlines inside a paragraph (wrapped lines) do not end a
//! sentence. Not for: tokenisation rules (see `tokenize`).
//!
//! Everything is streamed: [`Sentences`] looks a bounded distance ahead, holds
//! at most [`MAX_SENTENCE_TOKENS`] tokens, and runs in time linear in the text.

use std::collections::VecDeque;

use crate::normalize::is_separator;
use crate::tables::{
    is_sentence_starter, AbbrevClass, BOILERPLATE_LINE_PREFIXES, BOILERPLATE_SENTENCES, MONTHS,
};
use crate::tokenize::{make_token, RawKind, RawTok, RawTokens};
use crate::{Sentence, SentenceKind, MAX_SENTENCE_TOKENS};

/// The most tokens a line may have to count as a [`SentenceKind::Headline`].
pub const HEADLINE_MAX_TOKENS: usize = 20;

/// Lines longer than this (in bytes, trimmed) are never URL or signature lines.
const SPECIAL_LINE_MAX_BYTES: usize = 300;

/// What a stretch of a paragraph is, before tokenising.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegKind {
    /// Running text, to split into sentences.
    Prose,
    /// A paragraph of one line: a headline if it has no final stop.
    HeadlineCandidate,
    /// A line that is only a URL.
    Url,
    /// A signature or credit line.
    Signature,
}

/// A byte range of the document with its paragraph and kind.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    end: usize,
    para: u32,
    kind: SegKind,
}

/// Walks the lines of a document and yields its segments.
struct Segments<'a> {
    text: &'a str,
    /// Start of the next line; `None` once the text is used up.
    pos: Option<usize>,
    /// Indentation above which an indented line starts a paragraph.
    base_indent: usize,
    next_para: u32,
    para: Option<u32>,
    para_lines: u32,
    /// The prose block being gathered: start, end, lines.
    block: Option<(usize, usize, u32)>,
    out: VecDeque<Segment>,
}

impl<'a> Segments<'a> {
    fn new(text: &'a str) -> Self {
        Segments {
            text,
            pos: Some(0),
            base_indent: min_indent(text),
            next_para: 0,
            para: None,
            para_lines: 0,
            block: None,
            out: VecDeque::new(),
        }
    }

    fn flush_block(&mut self, para_ends: bool) {
        if let (Some((start, end, lines)), Some(para)) = (self.block.take(), self.para) {
            let kind = if para_ends && lines == 1 && self.para_lines == 1 {
                SegKind::HeadlineCandidate
            } else {
                SegKind::Prose
            };
            self.out.push_back(Segment {
                start,
                end,
                para,
                kind,
            });
        }
    }

    fn close_para(&mut self) {
        self.flush_block(true);
        self.para = None;
        self.para_lines = 0;
    }

    fn line(&mut self, start: usize, end: usize) {
        let line = &self.text[start..end];
        let Some((lead, first)) = line.char_indices().find(|&(_, c)| !is_separator(c)) else {
            self.close_para();
            return;
        };
        let indent: usize = line[..lead]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        if self.para.is_some() && indent >= 2 && indent > self.base_indent {
            self.close_para();
        }
        if self.para.is_none() {
            self.para = Some(self.next_para);
            self.next_para = self.next_para.saturating_add(1);
        }
        self.para_lines += 1;
        let ts = start + lead;
        let trail = line[lead..]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_separator(c))
            .map_or(first.len_utf8(), |(k, c)| k + c.len_utf8());
        let te = ts + trail;
        let special = if te - ts <= SPECIAL_LINE_MAX_BYTES {
            let t = &self.text[ts..te];
            if is_url_line(t) {
                Some(SegKind::Url)
            } else if is_signature_line(t) {
                Some(SegKind::Signature)
            } else {
                None
            }
        } else {
            None
        };
        let Some(para) = self.para else { return };
        if let Some(kind) = special {
            self.flush_block(false);
            self.out.push_back(Segment {
                start: ts,
                end: te,
                para,
                kind,
            });
        } else {
            self.block = Some(match self.block {
                Some((s, _, n)) => (s, te, n + 1),
                None => (ts, te, 1),
            });
        }
    }
}

impl Iterator for Segments<'_> {
    type Item = Segment;

    fn next(&mut self) -> Option<Segment> {
        loop {
            if let Some(s) = self.out.pop_front() {
                return Some(s);
            }
            let start = self.pos?;
            let end = match self.text[start..].find('\n') {
                Some(k) => {
                    self.pos = Some(start + k + 1);
                    start + k
                }
                None => {
                    self.pos = None;
                    self.text.len()
                }
            };
            self.line(start, end);
            if self.pos.is_none() {
                self.close_para();
            }
        }
    }
}

/// The least indentation (spaces; a tab counts 4) of the non-blank lines.
fn min_indent(text: &str) -> usize {
    let mut least = usize::MAX;
    for line in text.split('\n') {
        let mut indent = 0usize;
        let mut blank = true;
        for c in line.chars() {
            match c {
                ' ' => indent += 1,
                '\t' => indent += 4,
                c if is_separator(c) => {}
                _ => {
                    blank = false;
                    break;
                }
            }
            if indent >= least {
                break;
            }
        }
        if !blank {
            least = least.min(indent);
        }
        if least == 0 {
            break;
        }
    }
    if least == usize::MAX {
        0
    } else {
        least
    }
}

/// Whether a trimmed line is only a URL (with a scheme, `www.`, or a bare
/// `host.tld/path`).
fn is_url_line(t: &str) -> bool {
    if t.chars().any(is_separator) {
        return false;
    }
    let lower_starts = |p: &str| {
        t.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    if ["http://", "https://", "ftp://", "www."]
        .iter()
        .any(|p| lower_starts(p) && t.len() > p.len())
    {
        return true;
    }
    // host.tld/path
    let Some(slash) = t.find('/') else {
        return false;
    };
    let host = &t[..slash];
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && host
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// Whether a trimmed line is a tweet signature ("— Name (@handle) May 26,
/// 2023") or an agency credit line.
fn is_signature_line(t: &str) -> bool {
    let starts_ci = |p: &str| {
        t.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    if BOILERPLATE_LINE_PREFIXES.iter().any(|p| starts_ci(p)) {
        return true;
    }
    let rest = t.trim_start_matches(['—', '–', '―', '-']);
    if rest.len() == t.len() || !rest.starts_with(|c: char| c.is_whitespace()) {
        return false;
    }
    if rest.contains("(@") {
        return true;
    }
    // "— Name, Month D, YYYY" with no handle.
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let n = words.len();
    n >= 3
        && words[n - 1].len() == 4
        && words[n - 1].bytes().all(|b| b.is_ascii_digit())
        && words[n - 2].bytes().all(|b| b.is_ascii_digit())
        && MONTHS.contains(&words[n - 3])
}

/// A possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Terminal {
    /// `.`, `!`, `?` and runs of them.
    Stop,
    /// `...` or `…`.
    Ellipsis,
    /// An abbreviation that may end a sentence.
    Abbrev(AbbrevClass),
}

/// Splits one prose segment into sentences.
struct ProseSplitter<'a> {
    text: &'a str,
    toks: RawTokens<'a>,
    look: VecDeque<RawTok>,
}

impl<'a> ProseSplitter<'a> {
    fn new(text: &'a str, start: usize, end: usize) -> Self {
        ProseSplitter {
            text,
            toks: RawTokens::new(text, start, end),
            look: VecDeque::new(),
        }
    }

    fn peek(&mut self, k: usize) -> Option<RawTok> {
        while self.look.len() <= k {
            let t = self.toks.next()?;
            self.look.push_back(t);
        }
        self.look.get(k).copied()
    }

    fn pop(&mut self) -> Option<RawTok> {
        self.look.pop_front().or_else(|| self.toks.next())
    }

    fn src(&self, t: &RawTok) -> &'a str {
        &self.text[t.start..t.end]
    }

    fn terminal(&self, t: &RawTok) -> Option<Terminal> {
        match t.kind {
            RawKind::Punct => {
                let s = self.src(t);
                if !s
                    .chars()
                    .all(|c| matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇'))
                {
                    None
                } else if s.contains(['!', '?', '‼', '⁇']) || s == "." {
                    Some(Terminal::Stop)
                } else {
                    Some(Terminal::Ellipsis)
                }
            }
            RawKind::Abbrev(c @ (AbbrevClass::Ambiguous | AbbrevClass::Often)) => {
                Some(Terminal::Abbrev(c))
            }
            _ => None,
        }
    }

    /// Whether `t`, right after a sentence end ending at `prev_end`, closes it.
    fn is_closer(&self, t: &RawTok, prev_end: usize) -> bool {
        if t.kind != RawKind::Punct {
            return false;
        }
        match self.src(t) {
            ")" | "]" | "}" | "”" | "’" | "»" | "›" | "''" => true,
            "\"" | "'" => t.start == prev_end,
            _ => false,
        }
    }

    /// Whether a sentence that ended with `term` (and its closers) is over,
    /// judging by what follows.
    fn should_split(&mut self, term: Terminal) -> bool {
        let Some(n0) = self.peek(0) else {
            return true;
        };
        let s0 = self.src(&n0);
        let opening = n0.kind == RawKind::Punct
            && matches!(s0, "\"" | "“" | "‘" | "'" | "«" | "(" | "[" | "``" | "„");
        let word = if opening {
            match self.peek(1) {
                Some(n1) if n1.start == n0.end => n1,
                _ => n0,
            }
        } else {
            n0
        };
        let ws = self.src(&word);
        let Some(c) = ws.chars().next() else {
            return true;
        };
        let upper = c.is_uppercase() || c.is_ascii_digit() || (opening && word == n0);
        match term {
            Terminal::Stop
                if matches!(word.kind, RawKind::Url | RawKind::Email | RawKind::Handle) =>
            {
                true
            }
            Terminal::Stop => {
                !(c.is_lowercase() || (!opening && matches!(c, ',' | ';' | ':' | '%' | ')' | ']')))
            }
            Terminal::Ellipsis | Terminal::Abbrev(AbbrevClass::Often) => {
                upper && !c.is_ascii_digit()
            }
            Terminal::Abbrev(_) => is_sentence_starter(ws) || (opening && c.is_uppercase()),
        }
    }

    /// Whether the next tokens are a citation mark: `[`, a number, `]`.
    fn citation_follows(&mut self) -> bool {
        let (Some(a), Some(b), Some(c)) = (self.peek(0), self.peek(1), self.peek(2)) else {
            return false;
        };
        self.src(&a) == "["
            && self.src(&c) == "]"
            && b.end - b.start <= 4
            && self.src(&b).bytes().all(|x| x.is_ascii_digit())
    }

    /// The raw tokens of the next sentence.
    fn next_sentence(&mut self) -> Option<Vec<RawTok>> {
        let mut cur = Vec::new();
        while let Some(t) = self.pop() {
            cur.push(t);
            if cur.len() >= MAX_SENTENCE_TOKENS {
                break;
            }
            let Some(term) = self.terminal(&t) else {
                continue;
            };
            let mut prev_end = t.end;
            while cur.len() < MAX_SENTENCE_TOKENS {
                match self.peek(0) {
                    Some(n) if self.is_closer(&n, prev_end) => {
                        prev_end = n.end;
                        cur.push(n);
                        self.look.pop_front();
                    }
                    _ => break,
                }
            }
            // A citation mark after the stop stays too: "in 1805. [6]".
            if cur.len() + 3 <= MAX_SENTENCE_TOKENS && self.citation_follows() {
                for _ in 0..3 {
                    if let Some(t) = self.pop() {
                        cur.push(t);
                    }
                }
            }
            if cur.len() >= MAX_SENTENCE_TOKENS || self.should_split(term) {
                break;
            }
        }
        (!cur.is_empty()).then_some(cur)
    }
}

/// What the [`Sentences`] iterator is working through.
enum Active<'a> {
    /// Nothing: take the next segment.
    Idle,
    /// Running text.
    Prose(ProseSplitter<'a>, u32),
    /// A line of one kind, cut at [`MAX_SENTENCE_TOKENS`] if need be.
    Fixed(RawTokens<'a>, u32, SentenceKind),
}

/// An iterator over the sentences of a document; see [`sentence_iter`].
pub struct Sentences<'a> {
    text: &'a str,
    segments: Segments<'a>,
    active: Active<'a>,
}

impl<'a> Sentences<'a> {
    fn start_segment(&mut self, seg: Segment) {
        self.active = match seg.kind {
            SegKind::Prose => {
                Active::Prose(ProseSplitter::new(self.text, seg.start, seg.end), seg.para)
            }
            SegKind::Url => Active::Fixed(
                RawTokens::new(self.text, seg.start, seg.end),
                seg.para,
                SentenceKind::Url,
            ),
            SegKind::Signature => Active::Fixed(
                RawTokens::new(self.text, seg.start, seg.end),
                seg.para,
                SentenceKind::Signature,
            ),
            SegKind::HeadlineCandidate => {
                if is_headline(self.text, seg.start, seg.end) {
                    Active::Fixed(
                        RawTokens::new(self.text, seg.start, seg.end),
                        seg.para,
                        SentenceKind::Headline,
                    )
                } else {
                    Active::Prose(ProseSplitter::new(self.text, seg.start, seg.end), seg.para)
                }
            }
        };
    }

    fn build(&self, raw: &[RawTok], para: u32, kind: SentenceKind) -> Option<Sentence> {
        let first = raw.first()?;
        let last = raw.last()?;
        let kind = if kind == SentenceKind::Prose && raw.len() <= 3 {
            let s = &self.text[first.start..last.end];
            if BOILERPLATE_SENTENCES
                .iter()
                .any(|b| b.eq_ignore_ascii_case(s))
            {
                SentenceKind::Signature
            } else {
                kind
            }
        } else {
            kind
        };
        Some(Sentence {
            start: first.start,
            end: last.end,
            paragraph: para,
            kind,
            tokens: raw.iter().map(|t| make_token(self.text, t, 0)).collect(),
        })
    }
}

impl Iterator for Sentences<'_> {
    type Item = Sentence;

    fn next(&mut self) -> Option<Sentence> {
        loop {
            let (raw, para, kind) = match &mut self.active {
                Active::Idle => {
                    let seg = self.segments.next()?;
                    self.start_segment(seg);
                    continue;
                }
                Active::Prose(splitter, para) => match splitter.next_sentence() {
                    Some(raw) => (raw, *para, SentenceKind::Prose),
                    None => {
                        self.active = Active::Idle;
                        continue;
                    }
                },
                Active::Fixed(toks, para, kind) => {
                    let raw: Vec<RawTok> = toks.by_ref().take(MAX_SENTENCE_TOKENS).collect();
                    if raw.is_empty() {
                        self.active = Active::Idle;
                        continue;
                    }
                    (raw, *para, *kind)
                }
            };
            if let Some(s) = self.build(&raw, para, kind) {
                return Some(s);
            }
        }
    }
}

/// Whether the one-line paragraph `text[start..end]` is a headline: at most
/// [`HEADLINE_MAX_TOKENS`] tokens, starting with a capital or a digit, with
/// no stop anywhere, not ending in `,` `;` `:` and holding no URL or address.
fn is_headline(text: &str, start: usize, end: usize) -> bool {
    let toks: Vec<RawTok> = RawTokens::new(text, start, end)
        .take(HEADLINE_MAX_TOKENS + 1)
        .collect();
    if toks.is_empty() || toks.len() > HEADLINE_MAX_TOKENS {
        return false;
    }
    if toks
        .iter()
        .any(|t| matches!(t.kind, RawKind::Url | RawKind::Email))
    {
        return false;
    }
    let src = |t: &RawTok| &text[t.start..t.end];
    // A stop anywhere makes it running text.
    if toks.iter().any(|t| {
        t.kind == RawKind::Punct
            && src(t)
                .chars()
                .all(|c| matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇'))
    }) {
        return false;
    }
    let first = toks
        .iter()
        .find(|t| t.kind != RawKind::Punct || src(t).chars().any(char::is_alphanumeric));
    let Some(first) = first else { return false };
    if !src(first)
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let last = toks.iter().rev().find(|t| {
        !(t.kind == RawKind::Punct
            && matches!(
                src(t),
                ")" | "]" | "}" | "”" | "’" | "»" | "\"" | "'" | "''"
            ))
    });
    let Some(last) = last else { return false };
    match last.kind {
        RawKind::Punct => !matches!(
            src(last).chars().next(),
            Some('.' | '!' | '?' | '…' | ',' | ';' | ':')
        ),
        RawKind::Abbrev(AbbrevClass::Often | AbbrevClass::Ambiguous) => false,
        _ => true,
    }
}

/// An iterator over the sentences of a whole document, streaming: it holds
/// at most a few lines' state and one sentence's tokens at a time.
pub fn sentence_iter(text: &str) -> Sentences<'_> {
    Sentences {
        text,
        segments: Segments::new(text),
        active: Active::Idle,
    }
}

/// Splits and tokenises a whole document. Paragraphs are separated by blank
/// lines (and, in text whose paragraphs start with an indented line, by
/// indentation), counted from 0 over non-empty paragraphs.
pub fn sentences(text: &str) -> Vec<Sentence> {
    sentence_iter(text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (paragraph, kind, original text) of each sentence.
    fn split(text: &str) -> Vec<(u32, SentenceKind, &str)> {
        sentences(text)
            .into_iter()
            .map(|s| (s.paragraph, s.kind, &text[s.start..s.end]))
            .collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(_, _, t)| t).collect()
    }

    use SentenceKind::*;

    #[test]
    fn stops_split() {
        assert_eq!(
            texts("He left. She stayed! Why? 2023 was hard."),
            ["He left.", "She stayed!", "Why?", "2023 was hard."]
        );
        assert_eq!(texts("Really?! Yes."), ["Really?!", "Yes."]);
        assert_eq!(
            texts("Read it. https://t.co/x @someone said so."),
            ["Read it.", "https://t.co/x @someone said so."]
        );
        assert_eq!(
            texts("It fell by 3.5 pct. Shares rose."),
            ["It fell by 3.5 pct.", "Shares rose."]
        );
    }

    #[test]
    fn lowercase_after_stop_does_not_split() {
        assert_eq!(texts("\"Why?\" he asked."), ["\"Why?\" he asked."]);
        assert_eq!(texts("Wait... and see."), ["Wait... and see."]);
        assert_eq!(texts("Wait... Then go."), ["Wait...", "Then go."]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(
            texts("Gen. Smith met Sen. Jones and Mr. Brown in St. Louis on Jan. 5."),
            ["Gen. Smith met Sen. Jones and Mr. Brown in St. Louis on Jan. 5."]
        );
        assert_eq!(
            texts("U.S. Secretary of State Antony Blinken spoke. He left."),
            ["U.S. Secretary of State Antony Blinken spoke.", "He left."]
        );
        assert_eq!(
            texts("Sanctions were imposed by the U.S. The talks failed."),
            ["Sanctions were imposed by the U.S.", "The talks failed."]
        );
        assert_eq!(
            texts("He met U.S. Treasury officials."),
            ["He met U.S. Treasury officials."]
        );
        assert_eq!(
            texts("They sold guns, tanks, etc. Nobody objected."),
            ["They sold guns, tanks, etc.", "Nobody objected."]
        );
        assert_eq!(
            texts("It was Apple Inc. It grew."),
            ["It was Apple Inc.", "It grew."]
        );
        assert_eq!(texts("See No. 10 Downing St."), ["See No. 10 Downing St."]);
        assert_eq!(
            texts("e.g. Kosovo and Serbia vs. Russia."),
            ["e.g. Kosovo and Serbia vs. Russia."]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay() {
        assert_eq!(
            texts("He said \"no.\" Then he left."),
            ["He said \"no.\"", "Then he left."]
        );
        assert_eq!(
            texts("He said “no.” Then (quietly.) he left."),
            ["He said “no.”", "Then (quietly.) he left."]
        );
        assert_eq!(texts("(It ended.) Next one."), ["(It ended.)", "Next one."]);
        assert_eq!(
            texts("He stayed until 1805.[6] Then (c. 1806) he left. [7]"),
            ["He stayed until 1805.[6]", "Then (c. 1806) he left. [7]"]
        );
    }

    #[test]
    fn quotations_spanning_sentences() {
        assert_eq!(
            texts("\"We will stay. We will not leave,\" Kurti said. Police came."),
            [
                "\"We will stay.",
                "We will not leave,\" Kurti said.",
                "Police came."
            ]
        );
        assert_eq!(
            texts("He spoke. \"It is over.\" She agreed."),
            ["He spoke.", "\"It is over.\"", "She agreed."]
        );
    }

    #[test]
    fn wrapped_lines_do_not_split() {
        let text = "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought\nsince early January.\n    The dry period means the temporao will be late.";
        assert_eq!(
            split(text),
            [
                (0, Prose, "Showers continued throughout the week in\nthe Bahia cocoa zone, alleviating the drought\nsince early January."),
                (1, Prose, "The dry period means the temporao will be late."),
            ]
        );
    }

    #[test]
    fn all_lines_indented_is_not_a_paragraph_per_line() {
        let text = "    One sentence that is\n    wrapped over lines.\n    Another one.";
        assert_eq!(
            split(text),
            [
                (0, Prose, "One sentence that is\n    wrapped over lines."),
                (0, Prose, "Another one."),
            ]
        );
    }

    #[test]
    fn headlines_urls_signatures() {
        let text = "Rising tension\n\nTensions rose. Police came.\n\nMy full statement: https://t.co/SL6HqgL0ab\n\n— Vjosa Osmani (@VjosaOsmaniPRKS) May 26, 2023\n\nhttps://example.com/a?b=c\n\n\n\nNATO and Russia\n\nthe lower-case line\n";
        assert_eq!(
            split(text),
            [
                (0, Headline, "Rising tension"),
                (1, Prose, "Tensions rose."),
                (1, Prose, "Police came."),
                (2, Prose, "My full statement: https://t.co/SL6HqgL0ab"),
                (
                    3,
                    Signature,
                    "— Vjosa Osmani (@VjosaOsmaniPRKS) May 26, 2023"
                ),
                (4, Url, "https://example.com/a?b=c"),
                (5, Headline, "NATO and Russia"),
                (6, Prose, "the lower-case line"),
            ]
        );
    }

    #[test]
    fn special_lines_inside_a_paragraph() {
        let text = "Read it here:\npic.twitter.com/abc123\n— Some One (@someone) May 1, 2023\n(Reporting by A. Person; Editing by B. Person)";
        assert_eq!(
            split(text),
            [
                (0, Prose, "Read it here:"),
                (0, Url, "pic.twitter.com/abc123"),
                (0, Signature, "— Some One (@someone) May 1, 2023"),
                (
                    0,
                    Signature,
                    "(Reporting by A. Person; Editing by B. Person)"
                ),
            ]
        );
    }

    #[test]
    fn agency_boilerplate() {
        let text = "Prices fell 2 pct.        REUTER";
        assert_eq!(
            split(text),
            [(0, Prose, "Prices fell 2 pct."), (0, Signature, "REUTER")]
        );
    }

    #[test]
    fn headline_rules() {
        assert!(is_headline("Rising tension", 0, 14));
        assert!(is_headline("\"Kosovo\" in crisis", 0, 18));
        assert!(!is_headline("Tension rises.", 0, 14));
        assert!(!is_headline("rising tension", 0, 14));
        assert!(!is_headline("Figures were:", 0, 13));
        assert!(!is_headline("Underwriters are Sachs and Co.", 0, 30));
        assert!(is_headline("U.S. warns Russia", 0, 17));
        let long = "Word ".repeat(HEADLINE_MAX_TOKENS + 1);
        assert!(!is_headline(&long, 0, long.len()));
    }

    #[test]
    fn paragraphs_count_non_empty_ones() {
        let text = "\n\n \u{a0}\n One.\r\n\r\nTwo.\n\n\n\u{200b}\nThree.";
        assert_eq!(
            split(text),
            [(0, Prose, "One."), (1, Prose, "Two."), (2, Prose, "Three.")]
        );
    }

    #[test]
    fn long_runs_are_cut() {
        let text = "word ".repeat(MAX_SENTENCE_TOKENS * 2 + 7);
        let s = sentences(&text);
        assert_eq!(s.len(), 3);
        assert!(s.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS));
        assert_eq!(s[2].tokens.len(), 7);
    }

    #[test]
    fn empty_and_blank_input() {
        assert!(sentences("").is_empty());
        assert!(sentences("\n\n  \t\u{a0}\n").is_empty());
    }

    #[test]
    fn min_indent_of_lines() {
        assert_eq!(min_indent("a\n    b"), 0);
        assert_eq!(min_indent("    a\n\n  \t\n    b"), 4);
        assert_eq!(min_indent(""), 0);
    }

    #[test]
    fn url_and_signature_lines() {
        assert!(is_url_line("https://t.co/SL6HqgL0ab"));
        assert!(is_url_line("www.example.org"));
        assert!(is_url_line("pic.twitter.com/abc"));
        assert!(!is_url_line("see https://t.co/x"));
        assert!(!is_url_line("1986/87"));
        assert!(!is_url_line("and/or"));
        assert!(is_signature_line(
            "— Vjosa Osmani (@VjosaOsmaniPRKS) May 26, 2023"
        ));
        assert!(is_signature_line("- Jane Doe, March 3, 2021"));
        assert!(!is_signature_line("— and then they left"));
        assert!(!is_signature_line("Reporting by the BBC found fraud."));
        assert!(!is_signature_line("-5 degrees (@ noon)"));
    }
}
