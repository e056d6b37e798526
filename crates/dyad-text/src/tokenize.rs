//! The tokeniser: one span of text into tokens that follow UD English EWT
//! conventions, each with byte offsets into the original text.
//!
//! For: splitting words, clitics ("do" "n't", "Serbia" "'s"), hyphenated
//! compounds (split as EWT does, except after prefixes such as "non-"),
//! numbers ("120,000", "3.5"), abbreviations that keep their period, URLs,
//! e-mail addresses, @handles and #hashtags. Not for: sentence boundaries
//! (see `split`), or normalisation beyond each token's `form`.
//!
//! Every scan looks ahead a bounded distance and no token is longer than
//! [`crate::MAX_TOKEN_BYTES`], so tokenising is linear in the input.

use std::collections::VecDeque;

use crate::normalize::{is_apostrophe, is_separator, is_word_char, is_word_hyphen, token_form};
use crate::tables::{abbreviation, is_hyphen_prefix, AbbrevClass, CLITICS, FUSED_WORDS};
use crate::{Token, MAX_TOKEN_BYTES};

/// What the tokeniser found; the splitter reads it, callers see only [`Token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawKind {
    /// A word, number or clitic.
    Word,
    /// A word that keeps its final period.
    Abbrev(AbbrevClass),
    /// Punctuation or a symbol.
    Punct,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// An @handle or #hashtag.
    Handle,
}

/// A token before its form is built: a byte range into the text and a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawTok {
    /// Start byte offset into the full text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// What it is.
    pub kind: RawKind,
}

/// URL beginnings, compared ASCII-case-insensitively.
const URL_PREFIXES: &[&str] = &["https://", "http://", "ftp://", "mailto:", "www."];

/// Longest local part and domain of an e-mail address looked at.
const EMAIL_LOCAL_MAX: usize = 64;
const EMAIL_DOMAIN_MAX: usize = 255;

/// An iterator over the raw tokens of `text[start..end]`, with offsets into
/// the whole of `text`.
pub(crate) struct RawTokens<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
    pending: VecDeque<RawTok>,
}

impl<'a> RawTokens<'a> {
    /// Tokens of `text[start..end]`; both must be char boundaries.
    pub fn new(text: &'a str, start: usize, end: usize) -> Self {
        RawTokens {
            text,
            pos: start,
            end,
            pending: VecDeque::new(),
        }
    }

    /// The char at byte `i` if it lies inside the span.
    fn char_at(&self, i: usize) -> Option<char> {
        if i >= self.end {
            return None;
        }
        self.text.get(i..self.end).and_then(|s| s.chars().next())
    }

    /// The char just before byte `i` (looking outside the span too).
    fn char_before(&self, i: usize) -> Option<char> {
        self.text.get(..i).and_then(|s| s.chars().next_back())
    }

    /// The end of a URL starting at `start`, if one does.
    fn scan_url(&self, start: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let prefix = URL_PREFIXES.iter().find(|p| {
            bytes
                .get(start..start + p.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
                && start + p.len() <= self.end
        })?;
        let body = start + prefix.len();
        if !self
            .char_at(body)
            .is_some_and(|c| is_word_char(c) || c == '/')
        {
            return None;
        }
        let limit = start.saturating_add(MAX_TOKEN_BYTES);
        let mut i = body;
        let (mut opens, mut closes) = (0usize, 0usize);
        while let Some(c) = self.char_at(i) {
            if is_separator(c) || matches!(c, '"' | '<' | '>' | '“' | '”' | '«' | '»' | '‘')
            {
                break;
            }
            let n = i + c.len_utf8();
            if n > limit {
                break;
            }
            match c {
                '(' | '[' => opens += 1,
                ')' | ']' => closes += 1,
                _ => {}
            }
            i = n;
        }
        // Trailing punctuation belongs to the sentence, not the URL.
        while i > body {
            let Some(c) = self.char_before(i) else { break };
            let trim = match c {
                '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '’' | '*' => true,
                ')' | ']' if closes > opens => {
                    closes -= 1;
                    true
                }
                _ => false,
            };
            if !trim {
                break;
            }
            i -= c.len_utf8();
        }
        Some(i)
    }

    /// The end of an @handle or #hashtag starting at `start`, if one does.
    fn scan_handle(&self, start: usize, sigil: char) -> Option<usize> {
        if self.char_before(start).is_some_and(is_word_char) {
            return None;
        }
        let body = start + 1;
        let first = self.char_at(body)?;
        let ok = match sigil {
            '#' => first.is_alphabetic() || first == '_',
            _ => is_word_char(first) || first == '_',
        };
        if !ok {
            return None;
        }
        let limit = start.saturating_add(MAX_TOKEN_BYTES);
        let mut i = body;
        while let Some(c) = self.char_at(i) {
            let n = i + c.len_utf8();
            if !(is_word_char(c) || c == '_') || n > limit {
                break;
            }
            i = n;
        }
        Some(i)
    }

    /// The end of an e-mail address starting at `start`, if one does. Looks
    /// at most [`EMAIL_LOCAL_MAX`] + [`EMAIL_DOMAIN_MAX`] bytes ahead.
    fn scan_email(&self, start: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let end = self.end;
        let at_ok =
            |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
        if !bytes.get(start).is_some_and(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let mut i = start;
        while i < end && i - start < EMAIL_LOCAL_MAX && at_ok(bytes[i]) {
            i += 1;
        }
        if i >= end || bytes[i] != b'@' {
            return None;
        }
        let dom = i + 1;
        let mut j = dom;
        while j < end
            && j - dom < EMAIL_DOMAIN_MAX
            && (bytes[j].is_ascii_alphanumeric() || matches!(bytes[j], b'.' | b'-'))
        {
            j += 1;
        }
        while j > dom && matches!(bytes[j - 1], b'.' | b'-') {
            j -= 1;
        }
        let domain = self.text.get(dom..j)?;
        let tld = domain.rsplit('.').next()?;
        if !domain.contains('.')
            || tld.len() < 2
            || !tld.bytes().all(|b| b.is_ascii_alphabetic())
            || !bytes.get(dom).is_some_and(|b| b.is_ascii_alphanumeric())
        {
            return None;
        }
        Some(j)
    }

    /// Scans a word starting at `start` and queues its pieces.
    fn scan_word(&mut self, start: usize) -> usize {
        let limit = start.saturating_add(MAX_TOKEN_BYTES);
        let mut i = start;
        let mut prev = '\0';
        let mut seg_chars = 0usize;
        let mut joined = false; // the word holds a hyphen or apostrophe
        while let Some(c) = self.char_at(i) {
            let n = i + c.len_utf8();
            if n > limit {
                break;
            }
            if is_word_char(c) || c == '_' {
                i = n;
                prev = c;
                seg_chars += 1;
                continue;
            }
            let next = self.char_at(n);
            let join = match c {
                '.' if self.scan_url(n).is_some() => false,
                '.' => next.is_some_and(|nc| {
                    (prev.is_ascii_digit() && nc.is_ascii_digit())
                        || (seg_chars == 1 && prev.is_alphabetic() && nc.is_alphabetic())
                        || (prev.is_alphanumeric() && nc.is_lowercase())
                }),
                // Times and dates: "5:30", "08/16/2000".
                ':' | '/' => prev.is_ascii_digit() && next.is_some_and(|nc| nc.is_ascii_digit()),
                ',' => {
                    prev.is_ascii_digit() && {
                        let b = self.text.as_bytes();
                        n + 3 <= self.end
                            && b[n..n + 3].iter().all(u8::is_ascii_digit)
                            && !(n + 3 < self.end && b[n + 3].is_ascii_digit())
                    }
                }
                '&' => prev.is_ascii_uppercase() && next.is_some_and(|nc| nc.is_ascii_uppercase()),
                c if is_apostrophe(c) => next.is_some_and(char::is_alphabetic),
                c if is_word_hyphen(c) => next.is_some_and(is_word_char),
                _ => false,
            };
            if !join {
                break;
            }
            if is_apostrophe(c) || is_word_hyphen(c) {
                joined = true;
            }
            seg_chars = 0;
            prev = c;
            i = n;
        }
        let word_end = i;
        // An abbreviation keeps its period; in a hyphenated word ("R-N.C."),
        // the part after the last hyphen does.
        let mut class = None;
        if self.char_at(word_end) == Some('.') && self.char_at(word_end + 1) != Some('.') {
            let word = &self.text[start..word_end];
            let tail = match word.char_indices().rev().find(|&(_, c)| is_word_hyphen(c)) {
                Some((h, c)) if joined => &word[h + c.len_utf8()..],
                _ => word,
            };
            if !tail.is_empty() && !tail.contains(is_apostrophe) {
                class = self.abbrev_class(tail, word_end + 1);
            }
        }
        let before = self.pending.len();
        self.split_word(start, word_end);
        if let Some(class) = class {
            if self.pending.len() > before {
                if let Some(last) = self.pending.back_mut() {
                    last.end = word_end + 1;
                    last.kind = RawKind::Abbrev(class);
                    return word_end + 1;
                }
            }
        }
        word_end
    }

    /// The abbreviation class of `word` followed by a period ending at `after`.
    fn abbrev_class(&self, word: &str, after: usize) -> Option<AbbrevClass> {
        let mut chars = word.chars();
        let first = chars.next()?;
        if chars.next().is_none() && first.is_uppercase() {
            // A single capital initial: "George W. Bush".
            return Some(AbbrevClass::Ambiguous);
        }
        if is_initialism(word) {
            return Some(AbbrevClass::Ambiguous);
        }
        match abbreviation(word)? {
            AbbrevClass::BeforeNumber => {
                // "No. 10": only when a number follows closely.
                let mut i = after;
                for _ in 0..4 {
                    match self.char_at(i) {
                        Some(c) if is_separator(c) => i += c.len_utf8(),
                        Some(c) => return c.is_ascii_digit().then_some(AbbrevClass::BeforeNumber),
                        None => return None,
                    }
                }
                None
            }
            class => Some(class),
        }
    }

    /// Queues the pieces of the word `text[start..end]`: fused words, clitics
    /// and hyphenated compounds split as UD English does.
    fn split_word(&mut self, start: usize, end: usize) {
        let word = &self.text[start..end];
        for (fused, first_len) in FUSED_WORDS {
            if word.eq_ignore_ascii_case(fused) {
                self.push_word(start, start + first_len);
                self.push_word(start + first_len, end);
                return;
            }
        }
        if is_phone_number(word) {
            self.push_word(start, end);
            return;
        }
        let stem_end = clitic_start(word).map_or(end, |k| start + k);
        self.split_hyphens(start, stem_end);
        if stem_end < end {
            self.push_word(stem_end, end);
        }
    }

    /// Queues `text[start..end]` split at hyphens, except after a prefix
    /// listed in [`crate::tables::HYPHEN_PREFIXES`].
    fn split_hyphens(&mut self, start: usize, end: usize) {
        let word = &self.text[start..end];
        let mut piece_start = start; // start of the token being built
        let mut part_start = start; // start of the part since the last hyphen
        for (k, c) in word.char_indices() {
            if !is_word_hyphen(c) {
                continue;
            }
            let h = start + k;
            let part = &self.text[part_start..h];
            let hl = c.len_utf8();
            if !is_hyphen_prefix(part) || h == piece_start {
                if h > piece_start {
                    self.push_word(piece_start, h);
                }
                self.pending.push_back(RawTok {
                    start: h,
                    end: h + hl,
                    kind: RawKind::Punct,
                });
                piece_start = h + hl;
            }
            part_start = h + hl;
        }
        if end > piece_start {
            self.push_word(piece_start, end);
        }
    }

    fn push_word(&mut self, start: usize, end: usize) {
        if end > start {
            self.pending.push_back(RawTok {
                start,
                end,
                kind: RawKind::Word,
            });
        }
    }

    /// The end of a punctuation token starting at `start` with `c`.
    fn scan_punct(&self, start: usize, c: char) -> usize {
        let limit = start.saturating_add(MAX_TOKEN_BYTES);
        let mut i = start + c.len_utf8();
        let run = |mut i: usize, ok: &dyn Fn(char) -> bool| {
            while let Some(n) = self.char_at(i) {
                if !ok(n) || i + n.len_utf8() > limit {
                    break;
                }
                i += n.len_utf8();
            }
            i
        };
        match c {
            '.' | '!' | '?' => i = run(i, &|n| matches!(n, '.' | '!' | '?')),
            // Runs of one symbol ("--", "===", "___", "**") are one token.
            '-' | '`' | '=' | '_' | '*' | '~' | '+' | '#' | '<' | '>' | '^' => {
                i = run(i, &|n| n == c)
            }
            '\'' if self.char_at(i) == Some('\'') => i += 1,
            _ => {}
        }
        // Combining marks stay with what they follow.
        run(i, &|n| {
            !n.is_ascii() && is_word_char(n) && !n.is_alphanumeric()
        })
    }
}

impl Iterator for RawTokens<'_> {
    type Item = RawTok;

    fn next(&mut self) -> Option<RawTok> {
        if let Some(t) = self.pending.pop_front() {
            return Some(t);
        }
        let c = loop {
            let c = self.char_at(self.pos)?;
            if !is_separator(c) {
                break c;
            }
            self.pos += c.len_utf8();
        };
        let start = self.pos;
        if let Some(end) = self.scan_url(start) {
            self.pos = end;
            return Some(RawTok {
                start,
                end,
                kind: RawKind::Url,
            });
        }
        if c == '@' || c == '#' {
            if let Some(end) = self.scan_handle(start, c) {
                self.pos = end;
                return Some(RawTok {
                    start,
                    end,
                    kind: RawKind::Handle,
                });
            }
        }
        if c.is_ascii_alphanumeric() {
            if let Some(end) = self.scan_email(start) {
                self.pos = end;
                return Some(RawTok {
                    start,
                    end,
                    kind: RawKind::Email,
                });
            }
        }
        if is_word_char(c) {
            self.pos = self.scan_word(start);
            return self.pending.pop_front();
        }
        let end = self.scan_punct(start, c);
        self.pos = end;
        Some(RawTok {
            start,
            end,
            kind: RawKind::Punct,
        })
    }
}

/// Whether `word` is a phone number, "853-3242" or "713-853-3242", which UD
/// English keeps whole (other digit ranges, "15-20", are split).
fn is_phone_number(word: &str) -> bool {
    let groups: Vec<&str> = word.split('-').collect();
    let digits = |g: &str, n: usize| g.len() == n && g.bytes().all(|b| b.is_ascii_digit());
    match groups[..] {
        [a, b] => digits(a, 3) && digits(b, 4),
        [a, b, c] => digits(a, 3) && digits(b, 3) && digits(c, 4),
        _ => false,
    }
}

/// Whether `word` is single letters joined by periods ("U.S", "e.g", "a.m").
fn is_initialism(word: &str) -> bool {
    let mut parts = 0;
    for part in word.split('.') {
        let mut cs = part.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if c.is_alphabetic() => parts += 1,
            _ => return false,
        }
    }
    parts >= 2
}

/// The byte offset in `word` where a clitic ("n't", "'s", "'ll", ...) starts,
/// if the word ends in one and something comes before it.
fn clitic_start(word: &str) -> Option<usize> {
    // Find the last apostrophe; clitics are short, so look at the tail only.
    let (ap, ap_char) = word
        .char_indices()
        .rev()
        .take(4)
        .find(|&(_, c)| is_apostrophe(c))?;
    let after = &word[ap + ap_char.len_utf8()..];
    let before = &word[..ap];
    if after.eq_ignore_ascii_case("t") && (before.ends_with('n') || before.ends_with('N')) {
        let n_at = ap - 1;
        return (n_at > 0).then_some(n_at);
    }
    let known = CLITICS
        .iter()
        .any(|c| c.starts_with('\'') && c[1..].eq_ignore_ascii_case(after));
    (known && !before.is_empty()).then_some(ap)
}

/// Builds the public token for a raw one.
pub(crate) fn make_token(text: &str, t: &RawTok, base: usize) -> Token {
    Token {
        start: base + t.start,
        end: base + t.end,
        form: token_form(&text[t.start..t.end]),
    }
}

/// Tokenises one span of text. Offsets are `base + offset in text`.
pub fn tokenize(text: &str, base: usize) -> Vec<Token> {
    RawTokens::new(text, 0, text.len())
        .map(|t| make_token(text, &t, base))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(s: &str) -> Vec<String> {
        tokenize(s, 0).into_iter().map(|t| t.form).collect()
    }

    fn check(s: &str, expected: &[&str]) {
        assert_eq!(forms(s), expected, "tokenising {s:?}");
    }

    #[test]
    fn clitics_split_ud_style() {
        check("don't", &["do", "n't"]);
        check("can't", &["ca", "n't"]);
        check("won't", &["wo", "n't"]);
        check("DON'T", &["DO", "N'T"]);
        check("Serbia's", &["Serbia", "'s"]);
        check("Kosovo’s", &["Kosovo", "'s"]);
        check(
            "I'm we'll they're you've she'd",
            &[
                "I", "'m", "we", "'ll", "they", "'re", "you", "'ve", "she", "'d",
            ],
        );
        check("countries' leaders", &["countries", "'", "leaders"]);
        check("O'Brien", &["O'Brien"]);
        check("cannot gonna", &["can", "not", "gon", "na"]);
        check("n't", &["n't"]);
    }

    #[test]
    fn hyphens_follow_ewt() {
        check("NATO-led", &["NATO", "-", "led"]);
        check("well-known", &["well", "-", "known"]);
        check("non-fulfillment", &["non-fulfillment"]);
        check("anti-American", &["anti-American"]);
        check("e-mail", &["e-mail"]);
        check("multi-ethnic", &["multi-ethnic"]);
        check("de-escalate", &["de", "-", "escalate"]);
        check("al-Qaeda's", &["al", "-", "Qaeda", "'s"]);
        check("American-European", &["American", "-", "European"]);
        check("Tu-154", &["Tu", "-", "154"]);
        check("-- well", &["--", "well"]);
    }

    #[test]
    fn numbers() {
        check("120,000 people", &["120,000", "people"]);
        check("3.5%", &["3.5", "%"]);
        check("1,655.8", &["1,655.8"]);
        check("$1m (£522,000)", &["$", "1m", "(", "£", "522,000", ")"]);
        check("1,2", &["1", ",", "2"]);
        check("120,<> Serb", &["120", ",", "<", ">", "Serb"]);
        check("1986/87 and/or", &["1986/87", "and", "/", "or"]);
        check("at 5:30 on 08/16/2000", &["at", "5:30", "on", "08/16/2000"]);
        check(
            "call 713-853-3242 or 853-3242",
            &["call", "713-853-3242", "or", "853-3242"],
        );
        check("15-20 mln", &["15", "-", "20", "mln"]);
        check("in 1987.", &["in", "1987", "."]);
    }

    #[test]
    fn abbreviations_keep_their_period() {
        check("U.S. forces", &["U.S.", "forces"]);
        check("the U.S.", &["the", "U.S."]);
        check("U.S.,", &["U.S.", ","]);
        check("e.g. this", &["e.g.", "this"]);
        check("Gen. Smith", &["Gen.", "Smith"]);
        check("Mr. and Dr. Jones", &["Mr.", "and", "Dr.", "Jones"]);
        check("Apple Inc.", &["Apple", "Inc."]);
        check("Jan. 5", &["Jan.", "5"]);
        check("fish, etc.", &["fish", ",", "etc."]);
        check("George W. Bush", &["George", "W.", "Bush"]);
        check("No. 10", &["No.", "10"]);
        check("said no.", &["said", "no", "."]);
        check("at 5 p.m.", &["at", "5", "p.m."]);
        check("said.", &["said", "."]);
        check("etc...", &["etc", "..."]);
        check("U.S.-led", &["U.S.", "-", "led"]);
        check("SCO v. Novell", &["SCO", "v.", "Novell"]);
        check("(R-N.C.)", &["(", "R", "-", "N.C.", ")"]);
        check(
            "Port\u{2011}au\u{2010}N.C.",
            &["Port", "-", "au", "-", "N.C."],
        );
        check("pre-Gen.", &["pre-Gen."]);
    }

    #[test]
    fn urls_emails_handles() {
        check(
            "My full statement: https://t.co/SL6HqgL0ab",
            &["My", "full", "statement", ":", "https://t.co/SL6HqgL0ab"],
        );
        check(
            "(see http://a.com/x_(y)).",
            &["(", "see", "http://a.com/x_(y)", ")", "."],
        );
        check("www.bbc.co.uk.", &["www.bbc.co.uk", "."]);
        check("[http://x.org/a?b=1]", &["[", "http://x.org/a?b=1", "]"]);
        check("mail a.b@example.com.", &["mail", "a.b@example.com", "."]);
        check("(@VjosaOsmaniPRKS)", &["(", "@VjosaOsmaniPRKS", ")"]);
        check("#Kosovo #1", &["#Kosovo", "#", "1"]);
        check("user@host", &["user", "@", "host"]);
        check(
            "in 1975.http://x.org/a",
            &["in", "1975", ".", "http://x.org/a"],
        );
    }

    #[test]
    fn invisible_combining_joiner_separates() {
        check("!\u{34f}", &["!"]);
        check("a\u{34f}b", &["a", "b"]);
        check("cafe\u{301}", &["caf\u{e9}"]);
    }

    #[test]
    fn punctuation() {
        check("Wait... what?!", &["Wait", "...", "what", "?!"]);
        check("format.? ===", &["format", ".?", "==="]);
        check("see file.pdf", &["see", "file.pdf"]);
        check("“Hi,” he said", &["\"", "Hi", ",", "\"", "he", "said"]);
        check("a – b — c", &["a", "-", "b", "--", "c"]);
        check("2002–2026", &["2002", "-", "2026"]);
        check("``quote''", &["``", "quote", "''"]);
        check("freedom & independence", &["freedom", "&", "independence"]);
        check("AT&T", &["AT&T"]);
        check("wait…", &["wait", "..."]);
    }

    #[test]
    fn spaces_never_inside_forms() {
        check("Boeing\u{a0}757", &["Boeing", "757"]);
        check("a\u{200B}b", &["a", "b"]);
        check("Zve\u{010D}an", &["Zvečan"]);
        check("Zvec\u{030C}an", &["Zvečan"]);
        check("", &[]);
        check(" \n\t ", &[]);
    }

    #[test]
    fn offsets_are_into_the_original() {
        let text = "Kosovo’s “army”";
        let toks = tokenize(text, 100);
        let spans: Vec<&str> = toks
            .iter()
            .map(|t| &text[t.start - 100..t.end - 100])
            .collect();
        assert_eq!(spans, ["Kosovo", "’s", "“", "army", "”"]);
    }

    #[test]
    fn long_words_are_cut() {
        let s = "a".repeat(MAX_TOKEN_BYTES * 3 + 5);
        let toks = tokenize(&s, 0);
        assert_eq!(toks.len(), 4);
        assert!(toks.iter().all(|t| t.end - t.start <= MAX_TOKEN_BYTES));
        let dots = ".".repeat(MAX_TOKEN_BYTES + 1);
        assert_eq!(tokenize(&dots, 0).len(), 2);
    }
}
