//! Scores a tagger and lemmatiser directory on treebank files:
//! `tag_eval MODEL_DIR FILE.conllu...` (the CLI's `dyad eval-syntax` scores the full pipeline).
use dyad_syntax::{conllu, lemma::Lemmatizer, tagger::Tagger};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(args.get(1).ok_or("usage: tag_eval MODEL_DIR FILE...")?);
    let t = std::time::Instant::now();
    let mut tagger = Tagger::load(&std::fs::read(dir.join("tagger.bin"))?)?;
    if let Some(p) = std::env::var("PRUNE").ok().and_then(|p| p.parse().ok()) {
        tagger = tagger.pruned(p);
        let mut bytes = Vec::new();
        tagger.write(&mut bytes)?;
        println!(
            "pruned at {p}: {} weights, {} bytes",
            tagger.n_weights(),
            bytes.len()
        );
    }
    let lem = match std::env::var_os("RETRAIN_LEMMAS") {
        // Train the lemmatiser afresh from the UD train files in this directory.
        Some(ud) => Lemmatizer::train(&dyad_syntax::pipeline::read_treebanks(
            std::path::Path::new(&ud),
            &dyad_syntax::pipeline::TRAIN_FILES,
        )?)?,
        None => Lemmatizer::load(&std::fs::read(dir.join("lemmas.bin"))?)?,
    };
    println!("load {:.3}s", t.elapsed().as_secs_f64());
    for f in &args[2..] {
        let gold = conllu::read_file(std::path::Path::new(f))?;
        let (mut n, mut u, mut x, mut l) = (0, 0, 0, 0);
        let mut confusion: std::collections::HashMap<(String, String), usize> = Default::default();
        let t = std::time::Instant::now();
        for s in &gold {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for (w, tag) in s.words.iter().zip(tagger.tag(&forms)) {
                n += 1;
                u += usize::from(tagger.upos(tag) == w.upos);
                if tagger.upos(tag) != w.upos {
                    *confusion
                        .entry((w.upos.clone(), tagger.upos(tag).to_string()))
                        .or_default() += 1;
                }
                x += usize::from(tagger.xpos(tag) == w.xpos);
                let pl = lem.lemma(&w.form, tagger.xpos(tag));
                l += usize::from(pl == w.lemma);
                if pl != w.lemma && std::env::var_os("LEMMA_ERRORS").is_some() {
                    println!(
                        "  lemma {} {} gold {} predicted {pl}",
                        w.form,
                        tagger.xpos(tag),
                        w.lemma
                    );
                }
            }
        }
        let p = |c: usize| 100.0 * c as f64 / n as f64;
        println!(
            "{f}: {n} words, UPOS {:.2} XPOS {:.2} lemma {:.2} ({:.0} words/s)",
            p(u),
            p(x),
            p(l),
            n as f64 / t.elapsed().as_secs_f64()
        );
        if std::env::var_os("CONFUSION").is_some() {
            let mut c: Vec<_> = confusion.into_iter().collect();
            c.sort_by_key(|e| std::cmp::Reverse(e.1));
            for ((g, p), k) in c.iter().take(15) {
                println!("  gold {g} predicted {p}: {k}");
            }
        }
    }
    Ok(())
}
