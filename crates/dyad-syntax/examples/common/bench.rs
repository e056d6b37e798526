//! News sentences for the speed examples (`tag_bench`, `parse_bench`): the
//! `text` field of the first `docs` documents, taken in turn from each JSON
//! lines file so that every source is represented, split into sentences and
//! words by `dyad-text`. Not for anything but benchmarks.

/// The sentences (as word lists) of at most `docs` documents of `files`, and
/// the number of documents taken.
pub fn sentences(files: &[String], docs: usize) -> std::io::Result<(Vec<Vec<String>>, usize)> {
    let mut texts: Vec<Vec<String>> = Vec::new();
    for f in files {
        let t = std::fs::read_to_string(f)?;
        texts.push(
            t.lines()
                .filter_map(dyad_syntax::tagger::json_text_field)
                .take(docs)
                .collect(),
        );
    }
    let mut sentences: Vec<Vec<String>> = Vec::new();
    let mut taken = 0;
    'outer: for k in 0..docs {
        for t in &texts {
            if taken >= docs {
                break 'outer;
            }
            if let Some(text) = t.get(k) {
                taken += 1;
                for s in dyad_text::sentences(text) {
                    sentences.push(s.tokens.into_iter().map(|t| t.form).collect());
                }
            }
        }
    }
    Ok((sentences, taken))
}
