//! Property tests: offsets, coverage and bounds hold on any input.
//!
//! Characters deliberately dropped (never inside a token): whitespace
//! (including NBSP and the other Unicode spaces), control characters, and
//! invisible format characters (zero-width space and joiners, soft hyphen,
//! byte-order mark, bidirectional marks).

use dyad_text::{sentences, tokenize, Token, MAX_SENTENCE_TOKENS, MAX_TOKEN_BYTES};
use proptest::prelude::*;

/// Whether the tokeniser drops `c` (see the module doc).
fn dropped(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
        )
}

/// Checks the token invariants over `text` (offsets relative to `base`).
fn check_tokens(text: &str, toks: &[Token], base: usize) -> Result<(), TestCaseError> {
    let mut prev_end = base;
    let mut covered = vec![false; text.len()];
    for t in toks {
        prop_assert!(t.start >= prev_end, "overlap or disorder at {t:?}");
        prop_assert!(t.start < t.end, "empty token {t:?}");
        prop_assert!(t.end <= base + text.len(), "outside text {t:?}");
        let (s, e) = (t.start - base, t.end - base);
        prop_assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "not a char boundary {t:?}"
        );
        prop_assert!(e - s <= MAX_TOKEN_BYTES, "token too long {t:?}");
        prop_assert!(!t.form.is_empty(), "empty form {t:?}");
        prop_assert_eq!(
            &t.form,
            &dyad_text::normalize(&text[t.start - base..t.end - base])
        );
        prop_assert!(!t.form.chars().any(dropped), "space in form {t:?}");
        prop_assert!(
            !text[s..e].chars().any(dropped),
            "token spans a separator {t:?}"
        );
        covered[s..e].iter_mut().for_each(|c| *c = true);
        prev_end = t.end;
    }
    for (i, c) in text.char_indices() {
        prop_assert!(dropped(c) || covered[i], "char {c:?} at {i} not covered");
    }
    Ok(())
}

fn check_document(text: &str) -> Result<(), TestCaseError> {
    let ss = sentences(text);
    let mut all = Vec::new();
    let mut prev_end = 0;
    let mut prev_para = 0;
    for s in &ss {
        prop_assert!(!s.tokens.is_empty() && s.tokens.len() <= MAX_SENTENCE_TOKENS);
        prop_assert!(s.start >= prev_end && s.start < s.end);
        prop_assert_eq!(s.start, s.tokens[0].start);
        prop_assert_eq!(s.end, s.tokens[s.tokens.len() - 1].end);
        prop_assert!(s.paragraph >= prev_para && s.paragraph <= prev_para + 1);
        prev_end = s.end;
        prev_para = s.paragraph;
        all.extend(s.tokens.iter().cloned());
    }
    if let Some(first) = ss.first() {
        prop_assert_eq!(first.paragraph, 0);
    }
    check_tokens(text, &all, 0)
}

/// Text made of the characters news text is made of, to reach deep paths.
fn newsy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("U.S."),
            Just("Gen."),
            Just("Mr."),
            Just("etc."),
            Just("don't"),
            Just("Serbia's"),
            Just("NATO-led"),
            Just("non-stop"),
            Just("120,000"),
            Just("3.5"),
            Just("$1m"),
            Just("https://t.co/x_(y))."),
            Just("a.b@example.com"),
            Just("@handle"),
            Just("#tag"),
            Just("— Name (@h) May 26, 2023"),
            Just("Rising tension"),
            Just("\"Quote.\""),
            Just("“Curly.”"),
            Just("’s"),
            Just("..."),
            Just("…"),
            Just("?!"),
            Just("–"),
            Just("\u{a0}"),
            Just("\u{200b}"),
            Just("\u{301}"),
            Just("Zvečan"),
            Just("\n"),
            Just("\n\n"),
            Just("\n    "),
            Just(" "),
            Just(" "),
            Just("The"),
            Just("word"),
            Just("."),
            Just(","),
            Just("("),
            Just(")"),
            Just("'"),
            Just("-"),
            Just("REUTER"),
            Just("www.x.org"),
            Just("\u{2011}"),
            Just("\u{2010}"),
            Just("N.C."),
            Just("’"),
            Just("pic.twitter.com/a"),
            Just("No. 5"),
            Just("e.g."),
            Just("\r\n"),
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn tokenize_invariants_on_any_string(s in any::<String>(), base in 0usize..1000) {
        let toks = tokenize(&s, base);
        check_tokens(&s, &toks, base)?;
    }

    #[test]
    fn sentence_invariants_on_any_string(s in any::<String>()) {
        check_document(&s)?;
    }

    #[test]
    fn sentence_invariants_on_newsy_text(s in newsy()) {
        check_document(&s)?;
    }

    #[test]
    fn tokenize_invariants_on_newsy_text(s in newsy()) {
        let toks = tokenize(&s, 0);
        check_tokens(&s, &toks, 0)?;
    }

    #[test]
    fn sentences_tokenise_like_tokenize_within_a_line(s in "[A-Za-z0-9 ,'\\-]{0,80}") {
        // Without stops or line breaks a sentence's tokens are the tokeniser's.
        let from_sentences: Vec<Token> = sentences(&s).into_iter().flat_map(|x| x.tokens).collect();
        prop_assert_eq!(from_sentences, tokenize(&s, 0));
    }

    #[test]
    fn decode_accepts_exactly_utf8(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        match dyad_text::decode(&bytes) {
            Ok(text) => prop_assert_eq!(text.as_bytes(), &bytes[..]),
            Err(dyad_text::TextError::InvalidUtf8 { offset }) => {
                prop_assert!(std::str::from_utf8(&bytes[..offset]).is_ok());
                prop_assert!(std::str::from_utf8(&bytes).is_err());
            }
        }
    }

    #[test]
    fn fold_is_idempotent_and_lowercase(s in any::<String>()) {
        let f = dyad_text::fold(&s);
        prop_assert_eq!(dyad_text::fold(&f), f.clone());
    }

    #[test]
    fn fold_ignores_case_and_accents(s in "[a-zA-Z ]{0,40}") {
        let upper = s.to_uppercase();
        prop_assert_eq!(dyad_text::fold(&upper), s.to_lowercase());
        // Adding a combining accent to every letter changes nothing.
        let accented: String = s.chars().flat_map(|c| [c, '\u{301}']).collect();
        prop_assert_eq!(dyad_text::fold(&accented), dyad_text::fold(&s));
    }
}
