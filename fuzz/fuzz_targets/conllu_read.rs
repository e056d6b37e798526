//! Fuzzes the CoNLL-U reader: arbitrary bytes → `conllu::Reader`, then checks
//! the invariants callers rely on, and that what was read writes back and
//! reads again to the same sentence.
#![no_main]

use dyad_syntax::conllu::{self, Reader, MAX_WORDS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut count = 0usize;
    for item in Reader::new(data, "fuzz") {
        count += 1;
        // A reader never yields more items than the input has lines, plus one.
        assert!(count <= data.len() + 1);
        let Ok(sentence) = item else { continue };
        let n = sentence.words.len();
        assert!(n >= 1 && n <= MAX_WORDS);
        for w in &sentence.words {
            assert!(w.head as usize <= n);
            assert!(!w.form.is_empty());
            assert!(!w.form.contains(['\t', '\n']));
        }
        for (before, line) in &sentence.extra_lines {
            assert!(*before <= n);
            assert!(!line.contains('\n'));
        }
        // Writing and reading back gives the same words and heads.
        let mut out = Vec::new();
        conllu::write_sentence(&mut out, &sentence).expect("writing to memory");
        let again: Vec<_> = Reader::new(&out[..], "again").collect();
        if let [Ok(back)] = &again[..] {
            assert_eq!(back.words.len(), n);
            for (a, b) in back.words.iter().zip(&sentence.words) {
                assert_eq!(a.form, b.form);
                assert_eq!(a.head, b.head);
            }
        }
    }
});
