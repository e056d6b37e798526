//! What the speed examples (`tag_bench`, `parse_bench`) share: their command
//! line (`MODEL_DIR [--docs N] [--rounds R] FILE.jsonl...`) and their input, the
//! `text` field of the first `docs` documents, taken in turn from each JSON
//! lines file so that every source is represented, split into sentences and
//! words by `dyad-text`. Not for anything but benchmarks.

/// A speed example's command line.
pub struct Args {
    /// The model directory.
    pub dir: std::path::PathBuf,
    /// How many documents to read.
    pub docs: usize,
    /// How many timed rounds.
    pub rounds: usize,
    /// The JSON lines files.
    pub files: Vec<String>,
}

impl Args {
    /// Reads the command line of example `name`; `docs` is the default count.
    pub fn parse(name: &str, docs: usize) -> Result<Args, Box<dyn std::error::Error>> {
        let args: Vec<String> = std::env::args().collect();
        let usage = format!("usage: {name} MODEL_DIR [--docs N] [--rounds R] FILE.jsonl...");
        let dir = std::path::PathBuf::from(args.get(1).ok_or(usage.clone())?);
        let mut out = Args {
            dir,
            docs,
            rounds: 3,
            files: Vec::new(),
        };
        let mut it = args.iter().skip(2);
        while let Some(a) = it.next() {
            match a.as_str() {
                "--docs" => out.docs = it.next().ok_or(usage.clone())?.parse()?,
                "--rounds" => out.rounds = it.next().ok_or(usage.clone())?.parse()?,
                f => out.files.push(f.to_string()),
            }
        }
        Ok(out)
    }
}

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
