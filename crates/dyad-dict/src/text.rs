//! Token folding and simple tokenisation shared by the dictionaries and their lookups.
//!
//! A dictionary phrase and a sentence token meet in *folded* form: lower-cased, accents
//! removed, typographic apostrophes made plain. This module folds tokens, splits
//! dictionary phrases (`ALBIN_KURTI_`, `Albanian leader Ibrahim Rugova`) into folded
//! tokens, and splits a short free-text phrase the way `dyad dict lookup` needs. It is not
//! the project's sentence tokeniser (that lives in `dyad-text`).
use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Folds one token: lower case, accents stripped, `’` → `'`, control characters dropped.
/// Borrows when the token is already folded (plain lower-case ASCII).
pub fn fold(token: &str) -> Cow<'_, str> {
    let plain = token
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_control());
    if plain {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    for c in token.nfkd() {
        if is_combining_mark(c) || c.is_control() {
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{2013}' | '\u{2014}' => out.push('-'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    Cow::Owned(out)
}

/// Splits a dictionary phrase into folded tokens: words are separated by blanks or `_`;
/// a `'s` ending is split off as its own token, as the sentence tokeniser does.
pub fn phrase_tokens(phrase: &str) -> Vec<Box<str>> {
    let mut out = Vec::new();
    for word in phrase.split(|c: char| c == '_' || c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        let f = fold(word);
        push_with_possessive(&f, &mut out);
    }
    out
}

fn push_with_possessive(word: &str, out: &mut Vec<Box<str>>) {
    if word.len() > 2 && word.ends_with("'s") {
        out.push(word[..word.len() - 2].into());
        out.push("'s".into());
    } else if !word.is_empty() {
        out.push(word.into());
    }
}

/// The phrase with each hyphenated word split into its parts, the hyphens dropped
/// (`al-qaeda in iraq` → `al qaeda in iraq`); `None` when no word has an inner hyphen.
/// Sentences are matched against this form, since the sentence tokeniser splits most
/// hyphenated words and keeps some whole.
pub fn split_hyphens<S: AsRef<str>>(phrase: &[S]) -> Option<Vec<Box<str>>> {
    let hyphenated = |w: &str| w.len() > 1 && w.contains('-');
    if !phrase.iter().any(|w| hyphenated(w.as_ref())) {
        return None;
    }
    let parts: Vec<Box<str>> = phrase
        .iter()
        .flat_map(|w| w.as_ref().split('-'))
        .filter(|p| !p.is_empty())
        .map(Box::from)
        .collect();
    (!parts.is_empty()).then_some(parts)
}

/// Splits free text (a lookup phrase) into folded tokens: blanks separate words; leading
/// and trailing punctuation is split off and dropped, except a final `.` of a word that
/// has another `.` in it (abbreviations such as `U.S.`); `'s` becomes its own token.
pub fn simple_tokens(text: &str) -> Vec<Box<str>> {
    let mut out = Vec::new();
    for raw in text.split_whitespace() {
        let word = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
        let mut end = word.len();
        for (i, c) in word.char_indices().rev() {
            if c.is_alphanumeric() {
                break;
            }
            if c == '.' && word[..i].contains('.') {
                break;
            }
            end = i;
        }
        let word = &word[..end];
        if word.is_empty() {
            continue;
        }
        let f = fold(word);
        push_with_possessive(&f, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Vučić"), "vucic");
        assert_eq!(fold("KOSOVO"), "kosovo");
        assert!(matches!(fold("kosovo"), Cow::Borrowed(_)));
        assert_eq!(fold("Russia’s"), "russia's");
    }

    #[test]
    fn phrases() {
        assert_eq!(
            phrase_tokens("ALBIN_KURTI_"),
            vec!["albin".into(), "kurti".into()] as Vec<Box<str>>
        );
        assert_eq!(phrase_tokens("U.S._ARMY").len(), 2);
        assert_eq!(phrase_tokens("Albanian leader Ibrahim Rugova").len(), 4);
    }

    #[test]
    fn hyphenated_words_split() {
        let parts = split_hyphens(&["al-qaeda", "in", "iraq"]).unwrap();
        assert_eq!(
            &*parts,
            ["al", "qaeda", "in", "iraq"].map(Box::from).as_slice()
        );
        assert_eq!(split_hyphens(&["guinea", "bissau"]), None);
        assert_eq!(split_hyphens(&["-"]), None);
    }

    #[test]
    fn lookup_text() {
        let t = simple_tokens("U.S. Secretary of State Antony Blinken's, (Moscow).");
        let t: Vec<&str> = t.iter().map(|s| &**s).collect();
        assert_eq!(
            t,
            [
                "u.s.",
                "secretary",
                "of",
                "state",
                "antony",
                "blinken",
                "'s",
                "moscow"
            ]
        );
    }

    proptest! {
        #[test]
        fn tokenisers_never_panic(s in "\\PC{0,40}") {
            let a = simple_tokens(&s);
            let b = phrase_tokens(&s);
            prop_assert!(a.iter().chain(b.iter()).all(|t| !t.is_empty()));
        }
    }
}
