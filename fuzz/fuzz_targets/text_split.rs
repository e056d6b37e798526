//! Fuzzes the text layer: bytes → `decode` → `sentences`, then checks the
//! offset invariants every caller relies on.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = match dyad_text::decode(data) {
        Ok(t) => t,
        Err(dyad_text::TextError::InvalidUtf8 { offset }) => {
            assert!(offset < data.len());
            assert!(std::str::from_utf8(&data[..offset]).is_ok());
            return;
        }
    };
    let mut prev_end = 0;
    let mut prev_para = 0;
    for s in dyad_text::sentences(text) {
        assert!(!s.tokens.is_empty() && s.tokens.len() <= dyad_text::MAX_SENTENCE_TOKENS);
        assert!(s.paragraph >= prev_para);
        prev_para = s.paragraph;
        assert_eq!(s.start, s.tokens[0].start);
        assert_eq!(s.end, s.tokens[s.tokens.len() - 1].end);
        for t in &s.tokens {
            assert!(t.start >= prev_end && t.start < t.end && t.end <= text.len());
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.end - t.start <= dyad_text::MAX_TOKEN_BYTES);
            assert!(!t.form.is_empty() && !t.form.contains(char::is_whitespace));
            prev_end = t.end;
        }
    }
    // The tokeniser alone keeps the same invariants, shifted by its base.
    let mut prev = 7;
    for t in dyad_text::tokenize(text, 7) {
        assert!(t.start >= prev && t.start < t.end && t.end <= text.len() + 7);
        assert!(text.is_char_boundary(t.start - 7) && text.is_char_boundary(t.end - 7));
        prev = t.end;
    }
});
