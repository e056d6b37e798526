//! The lemmatiser: the dictionary form of a word given its Penn XPOS tag.
//!
//! For: turning `arrested`/VBD into `arrest` and `men`/NNS into `man`. Two
//! tables learned from a treebank ([`Lemmatizer::train`]): suffix rules per
//! XPOS (`-ied` → `-y` for VBD), used for any word, and an exception table of
//! the (word, XPOS) pairs the rules get wrong in the training data (`went`/VBD
//! → `go`). Proper nouns (NNP, NNPS) keep their case; other words are
//! lemmatised in lower case.
//!
//! Not for: choosing the tag (that is [`crate::tagger`]), or morphology beyond
//! the lemma.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write};

use crate::conllu::Sentence;
use crate::pipeline::SyntaxError;
use crate::tagger::{write_str, ByteReader};

const MAGIC: &[u8; 8] = b"DYADLM02";
/// The longest suffix a rule looks at, in characters.
const MAX_SUFFIX: usize = 6;

/// FNV-1a: a fast hash for the short strings of the lemmatiser's tables
/// (they come from the model file, so flooding attacks are not a concern).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut x = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            x ^= u64::from(b);
            x = x.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = x;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// How a rule turns a word into its lemma: drop `strip` characters, append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Edit {
    strip: u8,
    append: String,
}

/// The lemmatiser's tables. Immutable; share it freely.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// XPOS → word → lemma, for the words the rules get wrong.
    exceptions: FastMap<String, FastMap<String, String>>,
    /// XPOS → word suffix → edit (longest stored suffix wins).
    rules: FastMap<String, FastMap<String, Edit>>,
    /// Every lemma of the training data: among the rules that match a word,
    /// the longest whose result is a known lemma wins.
    known: FastSet<String>,
}

fn is_proper(xpos: &str) -> bool {
    xpos == "NNP" || xpos == "NNPS"
}

/// The string a lemma is derived from: the word itself for proper nouns, else its lower case.
fn base(form: &str, xpos: &str) -> String {
    if is_proper(xpos) {
        form.to_string()
    } else {
        form.to_lowercase()
    }
}

/// The edit that turns `from` into `to`.
fn edit_between(from: &str, to: &str) -> Edit {
    let common = from
        .chars()
        .zip(to.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let from_len = from.chars().count();
    let append: String = to.chars().skip(common).collect();
    Edit {
        strip: u8::try_from(from_len - common).unwrap_or(u8::MAX),
        append,
    }
}

/// Applies `edit` to `word`, or `None` when it would strip more than the word has.
fn apply(word: &str, edit: &Edit) -> Option<String> {
    let n = word.chars().count();
    let strip = usize::from(edit.strip);
    if strip > n || (strip == n && edit.append.is_empty()) {
        return None;
    }
    let cut = word
        .char_indices()
        .nth(n - strip)
        .map_or(word.len(), |(i, _)| i);
    let mut out = String::with_capacity(cut + edit.append.len());
    out.push_str(&word[..cut]);
    out.push_str(&edit.append);
    Some(out)
}

/// The suffixes of `word` from the longest considered down to the empty one.
fn suffixes(word: &str) -> impl Iterator<Item = &str> {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    (0..=MAX_SUFFIX.min(n))
        .rev()
        .map(move |k| if k == 0 { "" } else { &word[starts[n - k]..] })
}

impl Lemmatizer {
    /// The lemma of `form` tagged `xpos`.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        let exceptions = self.exceptions.get(xpos);
        if let Some(l) = exceptions.and_then(|m| m.get(form)) {
            return l.clone();
        }
        let b = base(form, xpos);
        if let Some(l) = exceptions.and_then(|m| m.get(&b)) {
            return l.clone();
        }
        match self.rule_lemma(&b, xpos) {
            Some(l) => l,
            None => b,
        }
    }

    fn by_rule(&self, b: &str, xpos: &str) -> String {
        self.rule_lemma(b, xpos).unwrap_or_else(|| b.to_string())
    }

    /// The lemma the suffix rules give `b`, or `None` when no rule applies.
    fn rule_lemma(&self, b: &str, xpos: &str) -> Option<String> {
        let rules = self.rules.get(xpos)?;
        // Byte starts of the last 1, 2, … MAX_SUFFIX characters.
        let mut starts = [0usize; MAX_SUFFIX];
        let mut k = 0;
        for (i, _) in b.char_indices().rev().take(MAX_SUFFIX) {
            starts[k] = i;
            k += 1;
        }
        let mut first = None;
        for len in (0..=k).rev() {
            let suf = if len == 0 { "" } else { &b[starts[len - 1]..] };
            if let Some(l) = rules.get(suf).and_then(|e| apply(b, e)) {
                if self.known.contains(&l) {
                    return Some(l);
                }
                first.get_or_insert(l);
            }
        }
        first
    }

    /// Learns the tables from the gold lemmas and XPOS tags of `train`.
    /// Words with an empty or `_` lemma are skipped.
    pub fn train(train: &[Sentence]) -> Result<Lemmatizer, SyntaxError> {
        // (xpos, base) -> lemma -> count
        let mut seen: HashMap<(String, String), HashMap<String, u32>> = HashMap::new();
        for w in train.iter().flat_map(|s| &s.words) {
            if w.lemma.is_empty() || w.lemma == "_" && w.form != "_" {
                continue;
            }
            *seen
                .entry((w.xpos.clone(), base(&w.form, &w.xpos)))
                .or_default()
                .entry(w.lemma.clone())
                .or_default() += 1;
        }
        if seen.is_empty() {
            return Err(SyntaxError::NoData("no lemmas in the training set".into()));
        }
        let best_lemma = |m: &HashMap<String, u32>| -> String {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(l, _)| l.clone())
                .unwrap_or_default()
        };
        // Rule statistics over word types: (xpos, suffix) -> edit -> count.
        let mut stats: HashMap<(String, String), HashMap<Edit, u32>> = HashMap::new();
        for ((xpos, b), lemmas) in &seen {
            let edit = edit_between(b, &best_lemma(lemmas));
            for suf in suffixes(b) {
                *stats
                    .entry((xpos.clone(), suf.to_string()))
                    .or_default()
                    .entry(edit.clone())
                    .or_default() += 1;
            }
        }
        let best_edit = |m: &HashMap<Edit, u32>| -> Option<(Edit, u32)> {
            m.iter()
                .max_by(|a, b| {
                    a.1.cmp(b.1)
                        .then_with(|| b.0.strip.cmp(&a.0.strip))
                        .then_with(|| b.0.append.cmp(&a.0.append))
                })
                .map(|(e, c)| (e.clone(), *c))
        };
        let mut lem = Lemmatizer {
            known: seen.values().map(&best_lemma).collect(),
            ..Lemmatizer::default()
        };
        for ((xpos, suf), edits) in &stats {
            let Some((edit, count)) = best_edit(edits) else {
                continue;
            };
            if !suf.is_empty() && count < 2 {
                continue;
            }
            // Drop a rule that says the same as the next shorter suffix.
            if !suf.is_empty() {
                let parent: &str = suf.char_indices().nth(1).map_or("", |(i, _)| &suf[i..]);
                let parent_edit = stats
                    .get(&(xpos.clone(), parent.to_string()))
                    .and_then(best_edit);
                if parent_edit.is_some_and(|(p, _)| p == edit) {
                    continue;
                }
            }
            lem.rules
                .entry(xpos.clone())
                .or_default()
                .insert(suf.clone(), edit);
        }
        // Exceptions: every training (word, XPOS) type the rules get wrong.
        for ((xpos, b), lemmas) in &seen {
            let want = best_lemma(lemmas);
            if lem.by_rule(b, xpos) != want {
                lem.exceptions
                    .entry(xpos.clone())
                    .or_default()
                    .insert(b.clone(), want);
            }
        }
        Ok(lem)
    }

    /// The number of exception entries and of rules.
    pub fn sizes(&self) -> (usize, usize) {
        (
            self.exceptions.values().map(FastMap::len).sum(),
            self.rules.values().map(FastMap::len).sum(),
        )
    }

    /// Writes the lemmatiser in dyad's binary format.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        let mut ex: Vec<(&String, &String, &String)> = self
            .exceptions
            .iter()
            .flat_map(|(x, m)| m.iter().map(move |(w, l)| (x, w, l)))
            .collect();
        ex.sort();
        out.write_all(&(ex.len() as u32).to_le_bytes())?;
        for (x, w, l) in ex {
            write_str(out, x)?;
            write_str(out, w)?;
            write_str(out, l)?;
        }
        let mut rules: Vec<(&String, &String, &Edit)> = self
            .rules
            .iter()
            .flat_map(|(x, m)| m.iter().map(move |(s, e)| (x, s, e)))
            .collect();
        rules.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        out.write_all(&(rules.len() as u32).to_le_bytes())?;
        for (x, s, e) in rules {
            write_str(out, x)?;
            write_str(out, s)?;
            out.write_all(&[e.strip])?;
            write_str(out, &e.append)?;
        }
        let mut known: Vec<&String> = self.known.iter().collect();
        known.sort();
        out.write_all(&(known.len() as u32).to_le_bytes())?;
        for k in known {
            write_str(out, k)?;
        }
        Ok(())
    }

    /// Reads a lemmatiser written by [`Lemmatizer::write`].
    pub fn load(bytes: &[u8]) -> Result<Lemmatizer, SyntaxError> {
        let mut r = ByteReader::new(bytes, "lemmatiser");
        if r.take(8)? != MAGIC {
            return Err(SyntaxError::model(
                "lemmatiser",
                "not a dyad lemmatiser model (bad magic)",
            ));
        }
        let mut lem = Lemmatizer::default();
        let n = r.u32()?;
        for _ in 0..n {
            let (x, w, l) = (r.string()?, r.string()?, r.string()?);
            lem.exceptions.entry(x).or_default().insert(w, l);
        }
        let n = r.u32()?;
        for _ in 0..n {
            let (x, s) = (r.string()?, r.string()?);
            let strip = r.take(1)?[0];
            let append = r.string()?;
            lem.rules
                .entry(x)
                .or_default()
                .insert(s, Edit { strip, append });
        }
        let n = r.u32()?;
        for _ in 0..n {
            lem.known.insert(r.string()?);
        }
        if !r.rest().is_empty() {
            return Err(SyntaxError::model(
                "lemmatiser",
                "trailing bytes after the tables",
            ));
        }
        Ok(lem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::Word;

    fn data() -> Vec<Sentence> {
        let rows = [
            ("tried", "VBD", "try"),
            ("cried", "VBD", "cry"),
            ("dried", "VBD", "dry"),
            ("walked", "VBD", "walk"),
            ("talked", "VBD", "talk"),
            ("jumped", "VBD", "jump"),
            ("went", "VBD", "go"),
            ("men", "NNS", "man"),
            ("dogs", "NNS", "dog"),
            ("cats", "NNS", "cat"),
            ("Cats", "NNS", "cat"),
            ("Kosovo", "NNP", "Kosovo"),
            ("Americans", "NNPS", "American"),
            ("Serbs", "NNPS", "Serb"),
            ("I", "PRP", "I"),
        ];
        vec![Sentence {
            words: rows
                .iter()
                .map(|(f, x, l)| Word {
                    form: f.to_string(),
                    xpos: x.to_string(),
                    lemma: l.to_string(),
                    ..Word::blank()
                })
                .collect(),
            ..Sentence::default()
        }]
    }

    #[test]
    fn learns_rules_exceptions_and_keeps_proper_nouns() {
        let lem = Lemmatizer::train(&data()).unwrap();
        assert_eq!(lem.lemma("went", "VBD"), "go");
        assert_eq!(lem.lemma("applied", "VBD"), "apply");
        assert_eq!(lem.lemma("Parked", "VBD"), "park");
        assert_eq!(lem.lemma("birds", "NNS"), "bird");
        assert_eq!(lem.lemma("Pristina", "NNP"), "Pristina");
        assert_eq!(lem.lemma("Albanians", "NNPS"), "Albanian");
        assert_eq!(lem.lemma("I", "PRP"), "I");
        assert_eq!(lem.lemma("the", "DT"), "the");
        for w in &data()[0].words {
            assert_eq!(lem.lemma(&w.form, &w.xpos), w.lemma, "{}", w.form);
        }
    }

    #[test]
    fn round_trips_and_rejects_damage() {
        let lem = Lemmatizer::train(&data()).unwrap();
        let mut bytes = Vec::new();
        lem.write(&mut bytes).unwrap();
        let back = Lemmatizer::load(&bytes).unwrap();
        assert_eq!(back.lemma("applied", "VBD"), "apply");
        assert_eq!(back.sizes(), lem.sizes());
        for cut in [0, 7, 9, bytes.len() - 1] {
            assert!(Lemmatizer::load(&bytes[..cut]).is_err());
        }
        bytes.push(0);
        assert!(Lemmatizer::load(&bytes).is_err());
    }

    #[test]
    fn never_panics_on_odd_words() {
        let lem = Lemmatizer::train(&data()).unwrap();
        for w in ["", "d", "é", "ßß", "ied", "\u{0301}ied", "日本"] {
            let _ = lem.lemma(w, "VBD");
            let _ = lem.lemma(w, "UNKNOWN");
        }
        assert!(Lemmatizer::train(&[]).is_err());
    }

    proptest::proptest! {
        #[test]
        fn damaged_tables_never_panic(at in 0usize..10_000, byte in proptest::prelude::any::<u8>()) {
            let lem = Lemmatizer::train(&data()).unwrap();
            let mut bytes = Vec::new();
            lem.write(&mut bytes).unwrap();
            let i = at % bytes.len();
            bytes[i] ^= byte;
            if let Ok(l) = Lemmatizer::load(&bytes) {
                let _ = l.lemma("tried", "VBD");
            }
        }

        #[test]
        fn any_word_gets_a_lemma(w in "\\PC{0,12}", x in "(VBD|NNS|NNP|VBG|JJ|XX)") {
            let lem = Lemmatizer::train(&data()).unwrap();
            let _ = lem.lemma(&w, &x);
        }
    }
}
