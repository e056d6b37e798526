//! `dyad-text`: the text layer of dyad — normalisation, sentence splitting and
//! tokenisation of news text, every token keeping byte offsets into the
//! original text.
//!
//! For: turning a document's text into [`Sentence`]s of [`Token`]s whose
//! `form` follows UD English EWT conventions (what the tagger and parser were
//! trained on), and the [`normalize`] / [`fold`] forms used for display and
//! dictionary matching. Not for: tagging, parsing or any language other than
//! English; not for reading files (see `decode` for bytes → text).
//!
//! ```
//! let text = "Serbia's army is on alert. NATO-led KFOR didn't act.";
//! let s = dyad_text::sentences(text);
//! assert_eq!(s.len(), 2);
//! let forms: Vec<&str> = s[1].tokens.iter().map(|t| t.form.as_str()).collect();
//! assert_eq!(forms, ["NATO", "-", "led", "KFOR", "did", "n't", "act", "."]);
//! assert_eq!(&text[s[1].tokens[0].start..s[1].tokens[0].end], "NATO");
//! ```
#![deny(missing_docs)]

mod normalize;
mod split;
mod tables;
mod tokenize;

pub use normalize::{fold, normalize};
pub use split::{sentence_iter, sentences, Sentences, HEADLINE_MAX_TOKENS};
pub use tables::{
    AbbrevClass, ABBREVIATIONS, BOILERPLATE_LINE_PREFIXES, BOILERPLATE_SENTENCES, CLITICS,
    FUSED_WORDS, HYPHEN_PREFIXES, MONTH_NAMES, SENTENCE_STARTERS, WEEKDAY_NAMES,
};
pub use tokenize::tokenize;

/// The most tokens a [`Sentence`] holds: longer runs without a sentence end
/// are cut into pieces of at most this many tokens, so any input yields
/// bounded sentences in linear time.
pub const MAX_SENTENCE_TOKENS: usize = 200;

/// The most bytes a [`Token`] spans: a longer run (a 50 MB "word" of binary
/// junk, say) is cut at a char boundary into several tokens.
pub const MAX_TOKEN_BYTES: usize = 1024;

/// One token: a byte range into the original text and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Start byte offset into the original text.
    pub start: usize,
    /// End byte offset (exclusive) into the original text.
    pub end: usize,
    /// The text the tagger sees: `normalize` of the token's original text
    /// (NFC, curly quotes as `'` and `"`, en dashes as `-`, em dashes as `--`,
    /// `…` as `...`); never empty, never contains whitespace.
    pub form: String,
}

impl Token {
    /// The folded form for matching: `fold(&self.form)`.
    pub fn folded(&self) -> String {
        fold(&self.form)
    }
}

/// What kind of line or sentence a [`Sentence`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SentenceKind {
    /// Ordinary running text.
    Prose,
    /// A short line with no final stop standing alone as a paragraph
    /// ("Rising tension").
    Headline,
    /// A line that is only a URL.
    Url,
    /// A tweet or social-media signature line ("— Name (@handle) May 26,
    /// 2023") or agency boilerplate ("REUTER", "(Reporting by …)").
    Signature,
}

/// One sentence (or headline, URL line, signature line) of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Start byte offset of its first token.
    pub start: usize,
    /// End byte offset (exclusive) of its last token.
    pub end: usize,
    /// The paragraph it is in, counting non-empty paragraphs from 0.
    pub paragraph: u32,
    /// What kind of sentence it is.
    pub kind: SentenceKind,
    /// Its tokens, at least one and at most [`MAX_SENTENCE_TOKENS`].
    pub tokens: Vec<Token>,
}

/// Errors of the text layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// The bytes are not valid UTF-8.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// The byte offset of the first invalid byte.
        offset: usize,
    },
}

/// Checks that `bytes` are UTF-8 and returns them as text.
pub fn decode(bytes: &[u8]) -> Result<&str, TextError> {
    std::str::from_utf8(bytes).map_err(|e| TextError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_names_the_bad_offset() {
        assert_eq!(decode(b"abc"), Ok("abc"));
        assert_eq!(decode(b""), Ok(""));
        assert_eq!(
            decode(b"Zve\xc4\x8dan \xff rest"),
            Err(TextError::InvalidUtf8 { offset: 8 })
        );
        // A truncated multi-byte sequence at the end.
        assert_eq!(decode(b"ab\xc4"), Err(TextError::InvalidUtf8 { offset: 2 }));
        let msg = TextError::InvalidUtf8 { offset: 8 }.to_string();
        assert!(msg.contains("offset 8"), "{msg}");
    }

    #[test]
    fn folded_token() {
        let t = Token {
            start: 0,
            end: 7,
            form: "Zvečan".to_string(),
        };
        assert_eq!(t.folded(), "zvecan");
    }
}
