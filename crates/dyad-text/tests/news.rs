//! Samples of the real news in `shared/data/news`: invariants hold, and the
//! splitting looks like news sentences (wrapped Reuters lines are joined,
//! Wikipedia's no-break spaces never reach a token).

use dyad_text::{sentences, SentenceKind, MAX_SENTENCE_TOKENS};

/// The first `n` `text` fields of a JSON-lines file in `shared/data/news`.
fn docs(file: &str, n: usize) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/news")
        .join(file);
    let all = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    all.lines()
        .take(n)
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1));
            v["text"].as_str().unwrap_or_default().to_string()
        })
        .collect()
}

/// Share of prose sentences whose last token is a stop or a closing quote or
/// bracket, and share starting with a lower-case letter.
fn shape(texts: &[String]) -> (f64, f64, usize) {
    let (mut prose, mut stopped, mut lower) = (0usize, 0usize, 0usize);
    for text in texts {
        let mut prev_end = 0;
        for s in sentences(text) {
            assert!(s.tokens.len() <= MAX_SENTENCE_TOKENS);
            assert!(s.start >= prev_end);
            prev_end = s.end;
            for t in &s.tokens {
                assert!(!t.form.contains(char::is_whitespace), "{t:?}");
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
            if s.kind != SentenceKind::Prose {
                continue;
            }
            prose += 1;
            let last = &s.tokens[s.tokens.len() - 1].form;
            if last.ends_with(['.', '!', '?', '"', ')', '\'']) {
                stopped += 1;
            }
            if text[s.start..].starts_with(char::is_lowercase) {
                lower += 1;
            }
        }
    }
    (
        stopped as f64 / prose as f64,
        lower as f64 / prose as f64,
        prose,
    )
}

#[test]
fn reuters_wrapped_lines() {
    let texts = docs("reuters-21578.jsonl", 300);
    let (stopped, lower, n) = shape(&texts);
    eprintln!(
        "reuters: {n} prose sentences, {stopped:.3} end in a stop, {lower:.3} start lower-case"
    );
    assert!(n > 1000);
    assert!(stopped > 0.9, "{stopped}");
    assert!(lower < 0.03, "{lower}");
}

#[test]
fn bbc_articles() {
    let texts = docs("bbc-2004-2005.jsonl", 200);
    let (stopped, lower, n) = shape(&texts);
    eprintln!("bbc: {n} prose sentences, {stopped:.3} end in a stop, {lower:.3} start lower-case");
    assert!(n > 2000);
    assert!(stopped > 0.95, "{stopped}");
    assert!(lower < 0.02, "{lower}");
}

#[test]
fn wikipedia_items_with_no_break_spaces() {
    let texts = docs("wikipedia-current-events.jsonl", 2000);
    assert!(texts.iter().any(|t| t.contains('\u{a0}')));
    let (stopped, lower, n) = shape(&texts);
    eprintln!(
        "wikipedia: {n} prose sentences, {stopped:.3} end in a stop, {lower:.3} start lower-case"
    );
    assert!(stopped > 0.95, "{stopped}");
    assert!(lower < 0.02, "{lower}");
    // "Boeing\u{a0}757" is two tokens.
    let s = sentences(&texts[0]);
    let forms: Vec<&str> = s[0].tokens.iter().map(|t| t.form.as_str()).collect();
    assert!(
        forms.windows(2).any(|w| w == ["Boeing", "757"]),
        "{forms:?}"
    );
}
