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
    if let Some(m) = std::env::var("MARGIN").ok().and_then(|m| m.parse().ok()) {
        tagger = tagger.with_second_pass_margin(m);
    }
    if let Some(n) = std::env::var("FREQUENT").ok().and_then(|m| m.parse().ok()) {
        tagger = tagger.with_frequent_words(n);
    }
    // SAVE=FILE writes the tagger with the settings above (same weights).
    if let Some(path) = std::env::var_os("SAVE") {
        let mut bytes = Vec::new();
        tagger.write(&mut bytes)?;
        std::fs::write(&path, &bytes)?;
        println!("wrote {} ({} bytes)", path.to_string_lossy(), bytes.len());
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
    // With OOV=UD_DIR: UPOS errors split by whether the word was in the training data.
    let train_words: std::collections::HashSet<String> = match std::env::var_os("OOV") {
        Some(ud) => dyad_syntax::pipeline::read_treebanks(
            std::path::Path::new(&ud),
            &dyad_syntax::pipeline::TRAIN_FILES,
        )?
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.form.to_lowercase()))
        .collect(),
        None => Default::default(),
    };
    for f in &args[2..] {
        let gold = conllu::read_file(std::path::Path::new(f))?;
        let (mut n, mut u, mut x, mut l) = (0, 0, 0, 0);
        let (mut oov_n, mut oov_err, mut iv_err) = (0, 0, 0);
        let mut confusion: std::collections::HashMap<(String, String), usize> = Default::default();
        let t = std::time::Instant::now();
        for s in &gold {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            for (w, tag) in s.words.iter().zip(tagger.tag(&forms)) {
                n += 1;
                u += usize::from(tagger.upos(tag) == w.upos);
                if !train_words.is_empty() {
                    let oov = !train_words.contains(&w.form.to_lowercase());
                    oov_n += usize::from(oov);
                    if tagger.upos(tag) != w.upos {
                        if oov {
                            oov_err += 1;
                        } else {
                            iv_err += 1;
                        }
                    }
                }
                if tagger.upos(tag) != w.upos && std::env::var_os("UPOS_ERRORS").is_some() {
                    println!(
                        "  upos {} gold {} predicted {}",
                        w.form,
                        w.upos,
                        tagger.upos(tag)
                    );
                }
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
        if !train_words.is_empty() {
            println!("  unseen words {oov_n}: {oov_err} UPOS errors; seen words: {iv_err} errors");
        }
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
