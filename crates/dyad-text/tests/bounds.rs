//! Bad and huge input: bounded sentences, linear time, no panic.

use std::time::Instant;

use dyad_text::{sentence_iter, MAX_SENTENCE_TOKENS, MAX_TOKEN_BYTES};

/// A single "sentence" of `bytes` bytes: words, commas and no stop.
fn one_sentence(bytes: usize) -> String {
    let unit = "the council said, again and again, that ";
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}

/// Streams the sentences of `text`; checks each is bounded; returns the count.
fn bounded(text: &str) -> usize {
    let mut n = 0;
    let mut prev_end = 0;
    for s in sentence_iter(text) {
        assert!(!s.tokens.is_empty() && s.tokens.len() <= MAX_SENTENCE_TOKENS);
        assert!(s.start >= prev_end);
        assert!(s.tokens.iter().all(|t| t.end - t.start <= MAX_TOKEN_BYTES));
        prev_end = s.end;
        n += 1;
    }
    n
}

#[test]
fn five_megabyte_sentence_is_cut_into_bounded_pieces() {
    let text = one_sentence(5 << 20);
    let t = Instant::now();
    let n = bounded(&text);
    let words = text.split_whitespace().count();
    let tokens = words + text.matches(',').count();
    assert_eq!(n, tokens.div_ceil(MAX_SENTENCE_TOKENS));
    eprintln!(
        "5 MB one-sentence input: {n} sentences in {:?}",
        t.elapsed()
    );
}

#[test]
#[ignore = "50 MB: slow in debug builds; run with --ignored (or --release)"]
fn fifty_megabyte_sentence_is_cut_into_bounded_pieces() {
    let text = one_sentence(50 << 20);
    let t = Instant::now();
    let n = bounded(&text);
    assert!(n > (50 << 20) / 40 / MAX_SENTENCE_TOKENS);
    eprintln!(
        "50 MB one-sentence input: {n} sentences in {:?}",
        t.elapsed()
    );
}

#[test]
fn one_huge_word_and_one_huge_line() {
    // 3 MB with no space at all: tokens are cut at MAX_TOKEN_BYTES.
    let word = "x".repeat(3 << 20);
    let n = bounded(&word);
    assert_eq!(
        n,
        (3usize << 20)
            .div_ceil(MAX_TOKEN_BYTES)
            .div_ceil(MAX_SENTENCE_TOKENS)
    );
    // Runs of punctuation, dots, dashes, URLs and quotes.
    for unit in [
        "...",
        "-",
        "\"",
        "http://x.org/",
        "#",
        "@",
        "’",
        "\u{301}",
        "\u{a0}",
        "\n",
        "\n\n",
    ] {
        let text = unit.repeat((1 << 20) / unit.len());
        bounded(&text);
    }
}

#[test]
fn binary_junk_does_not_panic() {
    // A deterministic pseudo-random byte stream, decoded lossily and strictly.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..(1 << 20))
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    match dyad_text::decode(&bytes) {
        Err(dyad_text::TextError::InvalidUtf8 { offset }) => assert!(offset < bytes.len()),
        Ok(_) => panic!("random bytes should not be UTF-8"),
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(bounded(&text) > 0);
}
