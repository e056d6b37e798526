//! Agreement with the UD English treebanks (EWT and GUM dev sets): the
//! tokeniser on each sentence's `# text` against the treebank's word forms,
//! and the splitter on documents rebuilt from `# text` and `# newpar` against
//! the treebank's sentence ends. `SHOW=N`, `SHOW_GUM=N` and `SHOW_ENDS=1`
//! print the disagreements.

use dyad_text::{normalize, tokenize};

/// (text, gold word forms) of each sentence of a CoNLL-U file in `shared/data/ud`.
fn treebank(file: &str) -> Vec<(String, Vec<String>)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud")
        .join(file);
    let all = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    let (mut text, mut words) = (String::new(), Vec::new());
    for line in all.lines() {
        if let Some(t) = line.strip_prefix("# text = ") {
            text = t.to_string();
        } else if line.is_empty() {
            if !words.is_empty() {
                out.push((std::mem::take(&mut text), std::mem::take(&mut words)));
            }
        } else if !line.starts_with('#') {
            let mut cols = line.split('\t');
            let id = cols.next().unwrap_or_default();
            if id.contains(['-', '.']) {
                continue;
            }
            words.push(normalize(cols.next().unwrap_or_default()));
        }
    }
    out
}

/// Share of sentences tokenised exactly as the treebank does, and the
/// token-level F1 (tokens matched by form, in order).
fn agreement(file: &str, show: usize) -> (f64, f64) {
    let sents = treebank(file);
    let (mut exact, mut gold_n, mut ours_n, mut hit) = (0usize, 0usize, 0usize, 0usize);
    let mut shown = 0;
    for (text, gold) in &sents {
        let ours: Vec<String> = tokenize(text, 0).into_iter().map(|t| t.form).collect();
        gold_n += gold.len();
        ours_n += ours.len();
        // Count matches with a greedy in-order alignment on character offsets.
        let mut gi = gold.iter().scan(0usize, |pos, w| {
            let here = *pos;
            *pos += w.chars().count();
            Some((here, w))
        });
        let mut oi = ours.iter().scan(0usize, |pos, w| {
            let here = *pos;
            *pos += w.chars().count();
            Some((here, w))
        });
        let (mut g, mut o) = (gi.next(), oi.next());
        while let (Some((gp, gw)), Some((op, ow))) = (g, o) {
            if gp == op && gw == ow {
                hit += 1;
            }
            let (ge, oe) = (gp + gw.chars().count(), op + ow.chars().count());
            if ge <= oe {
                g = gi.next();
            }
            if oe <= ge {
                o = oi.next();
            }
        }
        if &ours == gold {
            exact += 1;
        } else if shown < show {
            shown += 1;
            eprintln!("gold: {}\nours: {}\n", gold.join(" "), ours.join(" "));
        }
    }
    let p = hit as f64 / ours_n as f64;
    let r = hit as f64 / gold_n as f64;
    (exact as f64 / sents.len() as f64, 2.0 * p * r / (p + r))
}

#[test]
fn tokenisation_agrees_with_ewt() {
    let show = std::env::var("SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (exact, f1) = agreement("en_ewt-ud-dev.conllu", show);
    eprintln!("EWT dev: {exact:.3} of sentences exact, token F1 {f1:.4}");
    assert!(exact > 0.9, "{exact}");
    assert!(f1 > 0.98, "{f1}");
}

#[test]
fn tokenisation_agrees_with_gum() {
    let show = std::env::var("SHOW_GUM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (exact, f1) = agreement("en_gum-ccby-dev.conllu", show);
    eprintln!("GUM dev: {exact:.3} of sentences exact, token F1 {f1:.4}");
    assert!(exact > 0.95, "{exact}");
    assert!(f1 > 0.99, "{f1}");
}

/// Documents rebuilt from a treebank: paragraphs (`# newpar`) joined by a
/// blank line, sentences by a space; with the byte offsets of the gold
/// sentence ends.
fn documents(file: &str) -> Vec<(String, Vec<usize>)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud")
        .join(file);
    let all = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut docs: Vec<(String, Vec<usize>)> = Vec::new();
    let mut new_par = false;
    for line in all.lines() {
        if line.starts_with("# newdoc") {
            docs.push((String::new(), Vec::new()));
            new_par = false;
        } else if line == "# newpar" || line.starts_with("# newpar ") {
            new_par = true;
        } else if let Some(t) = line.strip_prefix("# text = ") {
            if docs.is_empty() {
                docs.push((String::new(), Vec::new()));
            }
            if let Some((text, ends)) = docs.last_mut() {
                if !text.is_empty() {
                    text.push_str(if new_par { "\n\n" } else { " " });
                }
                text.push_str(t);
                ends.push(text.len());
            }
            new_par = false;
        }
    }
    docs
}

/// Precision and recall of sentence ends against the treebank's.
fn boundaries(file: &str) -> (f64, f64) {
    let (mut gold_n, mut ours_n, mut hit) = (0usize, 0usize, 0usize);
    for (text, gold) in documents(file) {
        let ours: Vec<usize> = dyad_text::sentences(&text).iter().map(|s| s.end).collect();
        gold_n += gold.len();
        ours_n += ours.len();
        hit += ours
            .iter()
            .filter(|e| gold.binary_search(e).is_ok())
            .count();
        if std::env::var("SHOW_ENDS").is_ok() {
            for g in &gold {
                if ours.binary_search(g).is_err() {
                    let a = text.floor_char_boundary(g.saturating_sub(50));
                    let b = text.ceil_char_boundary((g + 30).min(text.len()));
                    eprintln!("missed: {:?} | {:?}", &text[a..*g], &text[*g..b]);
                }
            }
            for o in &ours {
                if gold.binary_search(o).is_err() {
                    let a = text.floor_char_boundary(o.saturating_sub(50));
                    let b = text.ceil_char_boundary((o + 30).min(text.len()));
                    eprintln!("extra: {:?} | {:?}", &text[a..*o], &text[*o..b]);
                }
            }
        }
    }
    (hit as f64 / ours_n as f64, hit as f64 / gold_n as f64)
}

#[test]
fn sentence_ends_agree_with_gum() {
    let (p, r) = boundaries("en_gum-ccby-dev.conllu");
    eprintln!("GUM dev sentence ends: precision {p:.3}, recall {r:.3}");
    assert!(p > 0.97 && r > 0.95, "{p} {r}");
}

#[test]
fn sentence_ends_agree_with_ewt() {
    let (p, r) = boundaries("en_ewt-ud-dev.conllu");
    eprintln!("EWT dev sentence ends: precision {p:.3}, recall {r:.3}");
    assert!(p > 0.95 && r > 0.8, "{p} {r}");
}
