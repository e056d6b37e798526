//! The part-of-speech tagger: UPOS and Penn XPOS tags for a sentence's words.
//!
//! For: tagging words greedily left to right with an averaged perceptron
//! ([`crate::perceptron`]) that predicts the joint `UPOS|XPOS` pair as one
//! class, so the two tags always agree; training it on CoNLL-U treebanks
//! ([`train`]); reading and writing its model file.
//!
//! Not for: lemmas ([`crate::lemma`]) or dependencies ([`crate::parser`]).
//!
//! Besides the weights, the model holds a small lexicon learned from the
//! training data: the *ambiguity class* of each frequent word (the set of tags
//! it was seen with, a strong feature for the word and its neighbours), and a
//! tag dictionary of frequent words that always had the same tag, which are
//! tagged without scoring.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::conllu::Sentence;
use crate::perceptron::{argmax, FeatureHasher, Model, Trainer};
use crate::pipeline::SyntaxError;

const MAGIC: &[u8; 8] = b"DYADTG03";

/// The tags of one word: indices into the tagger's tag table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagId(pub u16);

/// The tagger: weights, tag table and lexicon. Immutable; share it freely.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// `(UPOS, XPOS)` per class id.
    tags: Vec<(String, String)>,
    /// Lower-case word → hash of its ambiguity class.
    ambiguity: HashMap<String, u64>,
    /// Exact word → its one tag.
    fixed: HashMap<String, u16>,
    /// Lower-case word → its case profile in unlabelled text ([`case_profile`]).
    profile: HashMap<String, u8>,
    /// Lower-case word → its distributional cluster in unlabelled text ([`word_clusters`]).
    clusters: HashMap<String, u16>,
    /// The first-pass model (left context only).
    model: Model,
    /// The second-pass model, which also sees the first pass's tags to the right.
    second: Option<Model>,
}

/// Settings for [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The most passes over the training data.
    pub epochs: usize,
    /// Stop after this many passes without a better dev score.
    pub patience: usize,
    /// Seed of the deterministic shuffle.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_weight: f32,
    /// A word enters the tag dictionary when seen at least this often...
    pub fixed_min_count: u32,
    /// ...and with one tag at least this share of the time.
    pub fixed_min_share: f64,
    /// Train a second pass that also sees the first pass's tags to the right.
    pub two_pass: bool,
    /// Training sentences get ambiguity classes learned from the other folds
    /// of this many (below 2: from all the training data).
    pub lexicon_folds: usize,
    /// Words seen fewer times get no ambiguity class.
    pub ambiguity_min_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            patience: 4,
            seed: 0x5eed,
            min_weight: 0.002,
            fixed_min_count: 20,
            fixed_min_share: 0.995,
            two_pass: true,
            lexicon_folds: 5,
            ambiguity_min_count: 2,
        }
    }
}

/// Precomputed hashes of one word and its parts, shared by all its features.
#[derive(Debug, Clone, Copy, Default)]
struct Tok {
    form: u64,
    norm: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
    shape: u64,
    flags: u64,
    ambiguity: u64,
    profile: u64,
    cluster: u64,
    fixed: Option<u16>,
}

/// A small string hash for feature values.
fn h(s: &str) -> u64 {
    FeatureHasher::new(0xffff).str(s).finish()
}

/// Word-shape hash: `Xxxx`-style classes with repeats collapsed, at most 6 symbols.
fn shape_hash(word: &str) -> u64 {
    let mut hs = FeatureHasher::new(0xfffe);
    let mut last = 0u8;
    let mut n = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'*'
        };
        if k != last {
            hs = hs.int(u64::from(k));
            last = k;
            n += 1;
            if n >= 6 {
                break;
            }
        }
    }
    hs.finish()
}

impl Tagger {
    fn tok(&self, word: &str, lower: &str, first: bool) -> Tok {
        let norm = normalize_digits(lower);
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let n = chars.len();
        let mut prefix = [0u64; 3];
        let mut suffix = [0u64; 4];
        for k in 1..=3 {
            prefix[k - 1] = if n >= k {
                let end = chars.get(k).map_or(lower.len(), |c| c.0);
                h(&lower[..end])
            } else {
                1
            };
        }
        for k in 1..=4 {
            suffix[k - 1] = if n >= k {
                h(&lower[chars[n - k].0..])
            } else {
                1
            };
        }
        let mut flags = 0u64;
        let mut fc = word.chars();
        if fc.next().is_some_and(char::is_uppercase) {
            flags |= 1;
        }
        if word.chars().all(|c| !c.is_lowercase()) && word.chars().any(char::is_uppercase) {
            flags |= 2;
        }
        if word.chars().any(|c| c.is_ascii_digit()) {
            flags |= 4;
        }
        if word.contains('-') {
            flags |= 8;
        }
        if first {
            flags |= 16;
        }
        if !word.chars().any(char::is_alphanumeric) {
            flags |= 32;
        }
        Tok {
            form: h(word),
            norm: h(&norm),
            prefix,
            suffix,
            shape: shape_hash(word),
            flags,
            ambiguity: self.ambiguity.get(lower).copied().unwrap_or(0),
            profile: self.profile.get(lower).map_or(0, |&p| u64::from(p)),
            cluster: self.clusters.get(&norm).map_or(0, |&c| u64::from(c) + 4),
            fixed: self.fixed.get(word).copied(),
        }
    }

    fn toks(&self, words: &[&str]) -> Vec<Tok> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| self.tok(w, &w.to_lowercase(), i == 0))
            .collect()
    }

    /// The number of tag classes (`UPOS|XPOS` pairs).
    pub fn n_tags(&self) -> usize {
        self.tags.len()
    }

    /// The UPOS of a tag.
    pub fn upos(&self, tag: TagId) -> &str {
        self.tags
            .get(usize::from(tag.0))
            .map_or("X", |t| t.0.as_str())
    }

    /// The XPOS (Penn) tag of a tag.
    pub fn xpos(&self, tag: TagId) -> &str {
        self.tags
            .get(usize::from(tag.0))
            .map_or("XX", |t| t.1.as_str())
    }

    /// Tags `words`, one tag per word.
    pub fn tag(&self, words: &[&str]) -> Vec<TagId> {
        let toks = self.toks(words);
        let first = greedy(&self.model, &toks, None, self.tags.len());
        let out = match &self.second {
            Some(m) => greedy(m, &toks, Some(&first), self.tags.len()),
            None => first,
        };
        out.into_iter().map(TagId).collect()
    }

    /// Reads a tagger written by [`Tagger::write`].
    pub fn load(bytes: &[u8]) -> Result<Tagger, SyntaxError> {
        let bad = |m: &str| SyntaxError::model("tagger", m);
        let mut r = ByteReader::new(bytes, "tagger");
        if r.take(8)? != MAGIC {
            return Err(bad("not a dyad tagger model (bad magic)"));
        }
        let n_tags = r.u32()? as usize;
        if n_tags == 0 || n_tags > usize::from(u16::MAX) {
            return Err(bad("bad tag count"));
        }
        let mut tags = Vec::with_capacity(n_tags.min(1024));
        for _ in 0..n_tags {
            tags.push((r.string()?, r.string()?));
        }
        let n_amb = r.u32()? as usize;
        let mut ambiguity = HashMap::with_capacity(n_amb.min(bytes.len() / 10));
        for _ in 0..n_amb {
            let w = r.string()?;
            ambiguity.insert(w, r.u64()?);
        }
        let n_fixed = r.u32()? as usize;
        let mut fixed = HashMap::with_capacity(n_fixed.min(bytes.len() / 4));
        for _ in 0..n_fixed {
            let w = r.string()?;
            let t = r.u16()?;
            if usize::from(t) >= n_tags {
                return Err(bad("tag dictionary names an unknown tag"));
            }
            fixed.insert(w, t);
        }
        let n_profile = r.u32()? as usize;
        let mut profile = HashMap::with_capacity(n_profile.min(bytes.len() / 4));
        for _ in 0..n_profile {
            let w = r.string()?;
            profile.insert(w, r.take(1)?[0]);
        }
        let n_clusters = r.u32()? as usize;
        let mut clusters = HashMap::with_capacity(n_clusters.min(bytes.len() / 4));
        for _ in 0..n_clusters {
            let w = r.string()?;
            clusters.insert(w, r.u16()?);
        }
        let n_models = r.u32()?;
        if !(1..=2).contains(&n_models) {
            return Err(bad("bad model count"));
        }
        let mut models = Vec::new();
        for _ in 0..n_models {
            let len = usize::try_from(r.u64()?).map_err(|_| bad("bad model length"))?;
            let mut part = r.take(len)?;
            let model = Model::read(&mut part).map_err(|e| bad(&format!("weights: {e}")))?;
            if model.n_classes() != n_tags {
                return Err(bad("weights and tag table disagree"));
            }
            models.push(model);
        }
        if !r.rest().is_empty() {
            return Err(bad("trailing bytes after the weights"));
        }
        let second = if models.len() == 2 {
            models.pop()
        } else {
            None
        };
        let model = models.pop().ok_or_else(|| bad("no weights"))?;
        Ok(Tagger {
            tags,
            ambiguity,
            fixed,
            profile,
            clusters,
            model,
            second,
        })
    }

    /// Writes the tagger in dyad's binary format.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&(self.tags.len() as u32).to_le_bytes())?;
        for (u, x) in &self.tags {
            write_string(out, u)?;
            write_string(out, x)?;
        }
        let mut amb: Vec<_> = self.ambiguity.iter().collect();
        amb.sort();
        out.write_all(&(amb.len() as u32).to_le_bytes())?;
        for (w, a) in amb {
            write_string(out, w)?;
            out.write_all(&a.to_le_bytes())?;
        }
        let mut fixed: Vec<_> = self.fixed.iter().collect();
        fixed.sort();
        out.write_all(&(fixed.len() as u32).to_le_bytes())?;
        for (w, t) in fixed {
            write_string(out, w)?;
            out.write_all(&t.to_le_bytes())?;
        }
        let mut profile: Vec<_> = self.profile.iter().collect();
        profile.sort();
        out.write_all(&(profile.len() as u32).to_le_bytes())?;
        for (w, p) in profile {
            write_string(out, w)?;
            out.write_all(&[*p])?;
        }
        let mut clusters: Vec<_> = self.clusters.iter().collect();
        clusters.sort();
        out.write_all(&(clusters.len() as u32).to_le_bytes())?;
        for (w, c) in clusters {
            write_string(out, w)?;
            out.write_all(&c.to_le_bytes())?;
        }
        let models: Vec<&Model> = std::iter::once(&self.model).chain(&self.second).collect();
        out.write_all(&(models.len() as u32).to_le_bytes())?;
        for m in models {
            let mut bytes = Vec::new();
            m.write(&mut bytes)?;
            out.write_all(&(bytes.len() as u64).to_le_bytes())?;
            out.write_all(&bytes)?;
        }
        Ok(())
    }

    /// A copy whose models keep only weights of at least `min_abs` in magnitude.
    pub fn pruned(&self, min_abs: f32) -> Tagger {
        Tagger {
            model: self.model.pruned(min_abs),
            second: self.second.as_ref().map(|m| m.pruned(min_abs)),
            ..self.clone()
        }
    }

    /// The number of weights in the models.
    pub fn n_weights(&self) -> usize {
        self.model.n_weights() + self.second.as_ref().map_or(0, Model::n_weights)
    }
}

/// Lower case with every ASCII digit turned into `0`, so numbers share features.
fn normalize_digits(lower: &str) -> String {
    lower
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect()
}

/// Tags `toks` left to right with `model`; `right` holds a first pass's tags
/// when this is the second pass.
fn greedy(model: &Model, toks: &[Tok], right: Option<&[u16]>, n_classes: usize) -> Vec<u16> {
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; n_classes];
    let mut out: Vec<u16> = Vec::with_capacity(toks.len());
    for i in 0..toks.len() {
        let t = match toks[i].fixed {
            Some(t) => t,
            None => {
                features(toks, i, &out, right, n_classes, &mut feats);
                model.scores(&feats, &mut scores);
                argmax(&scores) as u16
            }
        };
        out.push(t);
    }
    out
}

/// The feature keys for word `i`, given the tags already chosen for words
/// before it and, in a second pass, the first pass's tags after it.
fn features(
    toks: &[Tok],
    i: usize,
    prev: &[u16],
    right: Option<&[u16]>,
    n_classes: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    let start = Tok {
        norm: 2,
        form: 2,
        suffix: [2; 4],
        shape: 2,
        ambiguity: 2,
        profile: 2,
        cluster: 2,
        ..Tok::default()
    };
    let end = Tok {
        norm: 3,
        form: 3,
        suffix: [3; 4],
        shape: 3,
        ambiguity: 3,
        profile: 3,
        cluster: 3,
        ..Tok::default()
    };
    let at = |j: isize| -> Tok {
        if j < 0 {
            start
        } else {
            toks.get(j as usize).copied().unwrap_or(end)
        }
    };
    let i_s = i as isize;
    let w = toks[i];
    let (m1, m2, p1w, p2w) = (at(i_s - 1), at(i_s - 2), at(i_s + 1), at(i_s + 2));
    let tag_at = |k: usize| -> u64 {
        if i >= k {
            u64::from(prev[i - k])
        } else {
            (n_classes + k) as u64
        }
    };
    let (t1, t2) = (tag_at(1), tag_at(2));
    let f = FeatureHasher::new;
    out.extend_from_slice(&[
        f(0).finish(),
        f(1).int(w.norm).finish(),
        f(2).int(w.form).finish(),
        f(3).int(w.prefix[0]).finish(),
        f(4).int(w.prefix[1]).finish(),
        f(5).int(w.prefix[2]).finish(),
        f(6).int(w.suffix[0]).finish(),
        f(7).int(w.suffix[1]).finish(),
        f(8).int(w.suffix[2]).finish(),
        f(9).int(w.suffix[3]).finish(),
        f(10).int(w.shape).finish(),
        f(11).int(w.flags).finish(),
        f(12).int(t1).finish(),
        f(13).int(t2).int(t1).finish(),
        f(14).int(t1).int(w.norm).finish(),
        f(15).int(m1.norm).finish(),
        f(16).int(m1.suffix[2]).finish(),
        f(17).int(m2.norm).finish(),
        f(18).int(p1w.norm).finish(),
        f(19).int(p1w.suffix[2]).finish(),
        f(20).int(p2w.norm).finish(),
        f(21).int(m1.norm).int(w.norm).finish(),
        f(22).int(w.norm).int(p1w.norm).finish(),
        f(23).int(w.ambiguity).finish(),
        f(24).int(p1w.ambiguity).finish(),
        f(25).int(p2w.ambiguity).finish(),
        f(26).int(t1).int(p1w.ambiguity).finish(),
        f(27).int(p1w.shape).finish(),
        f(28).int(t1).int(w.suffix[2]).finish(),
        f(29).int(m1.shape).finish(),
        f(30).int(p1w.norm).int(p2w.norm).finish(),
        f(31).int(t1).int(m1.norm).finish(),
        f(32).int(w.ambiguity).int(p1w.ambiguity).finish(),
        f(33).int(t1).int(w.ambiguity).finish(),
        f(34).int(w.shape).int(w.flags).int(w.suffix[1]).finish(),
        f(35).int(p1w.suffix[1]).finish(),
        f(36).int(m1.ambiguity).int(w.norm).finish(),
        f(37).int(t2).finish(),
        f(50).int(w.profile).finish(),
        f(51).int(w.profile).int(w.flags & 17).finish(),
        f(52).int(p1w.profile).finish(),
        f(53).int(m1.profile).int(t1).finish(),
        f(54).int(w.profile).int(w.ambiguity).finish(),
        f(60).int(w.cluster).finish(),
        f(61).int(m1.cluster).finish(),
        f(62).int(p1w.cluster).finish(),
        f(63).int(t1).int(w.cluster).finish(),
        f(64).int(w.cluster).int(p1w.cluster).finish(),
        f(65).int(w.cluster).int(w.suffix[1]).finish(),
    ]);
    if let Some(right) = right {
        let r = |k: usize| -> u64 {
            right
                .get(i + k)
                .map_or((n_classes + 2 + k) as u64, |&t| u64::from(t))
        };
        let (r1, r2) = (r(1), r(2));
        out.extend_from_slice(&[
            f(40).int(r1).finish(),
            f(41).int(r1).int(r2).finish(),
            f(42).int(t1).int(r1).finish(),
            f(43).int(r1).int(w.norm).finish(),
            f(44).int(r1).int(w.suffix[2]).finish(),
            f(45).int(r1).int(w.ambiguity).finish(),
            f(46).int(r(0)).finish(),
        ]);
    }
}

fn write_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    let b = s.as_bytes();
    let len = u16::try_from(b.len()).map_err(|_| io::Error::other("string too long"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(b)
}

/// A bounds-checked cursor over model bytes.
pub(crate) struct ByteReader<'a> {
    bytes: &'a [u8],
    pos: usize,
    what: &'static str,
}

impl<'a> ByteReader<'a> {
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Self {
        ByteReader {
            bytes,
            pos: 0,
            what,
        }
    }

    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], SyntaxError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(e) => {
                let s = &self.bytes[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err(SyntaxError::model(
                self.what,
                format!("truncated at byte {}", self.pos),
            )),
        }
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SyntaxError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    pub(crate) fn u16(&mut self) -> Result<u16, SyntaxError> {
        Ok(u16::from_le_bytes(self.array()?))
    }

    pub(crate) fn u32(&mut self) -> Result<u32, SyntaxError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(crate) fn u64(&mut self) -> Result<u64, SyntaxError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    pub(crate) fn string(&mut self) -> Result<String, SyntaxError> {
        let n = usize::from(self.u16()?);
        let at = self.pos;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec())
            .map_err(|_| SyntaxError::model(self.what, format!("invalid UTF-8 at byte {at}")))
    }

    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let r = &self.bytes[self.pos..];
        self.pos = self.bytes.len();
        r
    }
}

pub(crate) fn write_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    write_string(out, s)
}

/// A tiny deterministic PRNG (SplitMix64) for shuffling.
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub(crate) fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains a tagger on `train`, keeping the epoch that tags `dev` best.
///
/// Words whose gold UPOS or XPOS is empty or `_` still train (as that tag).
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Tagger, SyntaxError> {
    train_with_text(train, dev, &[], opts, log)
}

/// Like [`train`], also learning each word's case profile from unlabelled
/// `texts` (how often it is capitalised inside a sentence), a strong hint
/// for telling proper nouns from common words.
pub fn train_with_text(
    train: &[Sentence],
    dev: &[Sentence],
    texts: &[String],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Tagger, SyntaxError> {
    if train.iter().all(|s| s.words.is_empty()) {
        return Err(SyntaxError::NoData(
            "the tagger's training set is empty".into(),
        ));
    }
    // Tag table and per-word counts.
    let mut tag_ids: HashMap<(String, String), u16> = HashMap::new();
    let mut tags: Vec<(String, String)> = Vec::new();
    let mut gold: Vec<Vec<u16>> = Vec::with_capacity(train.len());
    let mut lower_counts: HashMap<String, HashMap<u16, u32>> = HashMap::new();
    let mut exact_counts: HashMap<String, HashMap<u16, u32>> = HashMap::new();
    for s in train {
        let mut g = Vec::with_capacity(s.words.len());
        for w in &s.words {
            let key = (w.upos.clone(), w.xpos.clone());
            let id = match tag_ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = u16::try_from(tags.len())
                        .map_err(|_| SyntaxError::NoData("too many distinct tags".into()))?;
                    tags.push(key.clone());
                    tag_ids.insert(key, id);
                    id
                }
            };
            g.push(id);
            *lower_counts
                .entry(w.form.to_lowercase())
                .or_default()
                .entry(id)
                .or_default() += 1;
            *exact_counts
                .entry(w.form.clone())
                .or_default()
                .entry(id)
                .or_default() += 1;
        }
        gold.push(g);
    }
    let ambiguity = ambiguity_classes(&lower_counts, opts.ambiguity_min_count);
    // Per fold, the ambiguity classes learned without that fold, so that the
    // training sentences meet unknown words as often as new text does.
    let mut fold_ambiguity = Vec::with_capacity(opts.lexicon_folds);
    for k in 0..opts.lexicon_folds {
        let mut counts: HashMap<String, HashMap<u16, u32>> = HashMap::new();
        for (si, s) in train.iter().enumerate() {
            if si % opts.lexicon_folds == k {
                continue;
            }
            for (w, &t) in s.words.iter().zip(&gold[si]) {
                *counts
                    .entry(w.form.to_lowercase())
                    .or_default()
                    .entry(t)
                    .or_default() += 1;
            }
        }
        fold_ambiguity.push(ambiguity_classes(&counts, opts.ambiguity_min_count));
    }
    let mut fixed = HashMap::new();
    for (w, counts) in &exact_counts {
        let total: u32 = counts.values().sum();
        let (&best, &c) = match counts
            .iter()
            .max_by_key(|(t, c)| (**c, std::cmp::Reverse(**t)))
        {
            Some(b) => b,
            None => continue,
        };
        if total >= opts.fixed_min_count && f64::from(c) >= opts.fixed_min_share * f64::from(total)
        {
            fixed.insert(w.clone(), best);
        }
    }
    log(&format!(
        "tagger: {} sentences, {} tag pairs, {} ambiguity entries, {} fixed words",
        train.len(),
        tags.len(),
        ambiguity.len(),
        fixed.len()
    ));
    let mut tagger = Tagger {
        tags,
        ambiguity,
        fixed,
        profile: case_profile(texts),
        clusters: word_clusters(texts, &ClusterOptions::default()),
        model: Model::default(),
        second: None,
    };
    log(&format!(
        "tagger: case profiles of {} words from {} unlabelled texts",
        tagger.profile.len(),
        texts.len()
    ));
    let n_classes = tagger.tags.len();
    let contexts = |set: &[Sentence]| -> Vec<Vec<Tok>> {
        set.iter()
            .map(|s| {
                let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
                tagger.toks(&forms)
            })
            .collect()
    };
    let mut train_toks = contexts(train);
    if opts.lexicon_folds >= 2 {
        for (si, s) in train.iter().enumerate() {
            let amb = &fold_ambiguity[si % opts.lexicon_folds];
            for (tok, w) in train_toks[si].iter_mut().zip(&s.words) {
                tok.ambiguity = amb.get(&w.form.to_lowercase()).copied().unwrap_or(0);
            }
        }
    }
    let dev_toks = contexts(dev);
    let dev_gold = gold_ids(&tagger, dev);
    let all: Vec<usize> = (0..train.len()).collect();
    let first = run_epochs(
        &train_toks,
        &gold,
        &all,
        None,
        &dev_toks,
        &dev_gold,
        None,
        n_classes,
        opts,
        "pass 1",
        log,
    );
    if opts.two_pass {
        // First-pass tags for the training set, each half tagged by a model
        // trained on the other half, so the second pass learns from tags as
        // noisy as it will see.
        let mut right_train: Vec<Vec<u16>> = vec![Vec::new(); train.len()];
        for fold in 0..2 {
            let rest: Vec<usize> = (0..train.len()).filter(|i| i % 2 != fold).collect();
            let m = run_epochs(
                &train_toks,
                &gold,
                &rest,
                None,
                &dev_toks,
                &dev_gold,
                None,
                n_classes,
                opts,
                &format!("fold {fold}"),
                log,
            );
            for i in (0..train.len()).filter(|i| i % 2 == fold) {
                right_train[i] = greedy(&m, &train_toks[i], None, n_classes);
            }
        }
        let right_dev: Vec<Vec<u16>> = dev_toks
            .iter()
            .map(|t| greedy(&first, t, None, n_classes))
            .collect();
        let second = run_epochs(
            &train_toks,
            &gold,
            &all,
            Some(&right_train),
            &dev_toks,
            &dev_gold,
            Some(&right_dev),
            n_classes,
            opts,
            "pass 2",
            log,
        );
        tagger.second = Some(second);
    }
    tagger.model = first;
    Ok(tagger)
}

/// Ambiguity classes from per-word tag counts: for each word seen at least
/// `min_count` times, a hash of the set of tags that make up at least 5 % of its uses.
fn ambiguity_classes(
    counts: &HashMap<String, HashMap<u16, u32>>,
    min_count: u32,
) -> HashMap<String, u64> {
    let mut ambiguity = HashMap::new();
    for (w, counts) in counts {
        let total: u32 = counts.values().sum();
        if total < min_count {
            continue;
        }
        let mut set: Vec<u16> = counts
            .iter()
            .filter(|(_, &c)| f64::from(c) >= 0.05 * f64::from(total))
            .map(|(&t, _)| t)
            .collect();
        set.sort_unstable();
        let mut hs = FeatureHasher::new(0xfffd);
        for t in set {
            hs = hs.int(u64::from(t));
        }
        ambiguity.insert(w.clone(), hs.finish() | 4);
    }
    ambiguity
}

/// Case profiles of words in unlabelled text: per lower-case word seen at
/// least twice, a code for how often it is capitalised when not at the start
/// of a sentence (six bands) and how frequent it is (four bands).
pub fn case_profile(texts: &[String]) -> HashMap<String, u8> {
    // lower-case word -> (capitalised inside a sentence, lower-case inside, all)
    let mut counts: HashMap<String, (u32, u32, u32)> = HashMap::new();
    for text in texts {
        let mut at_start = true;
        for raw in text.split_whitespace() {
            let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
            if word.chars().any(char::is_alphabetic) {
                let e = counts.entry(word.to_lowercase()).or_default();
                e.2 = e.2.saturating_add(1);
                if !at_start {
                    if word.chars().next().is_some_and(char::is_uppercase) {
                        e.0 = e.0.saturating_add(1);
                    } else {
                        e.1 = e.1.saturating_add(1);
                    }
                }
            }
            let end = raw.trim_end_matches(['"', '\'', ')', '\u{201d}', '\u{2019}']);
            at_start = end.ends_with(['.', '!', '?', ':']) || (word.is_empty() && at_start);
        }
    }
    counts
        .into_iter()
        .filter(|(_, c)| c.2 >= 2)
        .map(|(w, (cap, low, all))| {
            let mid = cap + low;
            let band = if mid < 2 {
                6
            } else {
                let r = f64::from(cap) / f64::from(mid);
                [0.02, 0.2, 0.5, 0.8, 0.98]
                    .iter()
                    .take_while(|&&t| r >= t)
                    .count() as u8
            };
            let freq = (all.ilog2() / 2).min(3) as u8;
            (w, 4 + band * 4 + freq)
        })
        .collect()
}

/// Settings of [`word_clusters`].
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Number of clusters.
    pub clusters: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// At most this many (most frequent) words are clustered.
    pub max_words: usize,
    /// Contexts are the left and right neighbours among this many most frequent words.
    pub contexts: usize,
    /// k-means iterations.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            clusters: 256,
            min_count: 5,
            max_words: 60_000,
            contexts: 300,
            iterations: 8,
        }
    }
}

/// Groups words of unlabelled text by the company they keep: each frequent
/// word (lower case, digits as `0`) is described by its left and right
/// neighbours among the most frequent words, and the descriptions are
/// clustered by spherical k-means, seeded deterministically with the most
/// frequent words. Words in one cluster tend to share a part of speech.
pub fn word_clusters(texts: &[String], opts: &ClusterOptions) -> HashMap<String, u16> {
    let k = opts.clusters.clamp(1, usize::from(u16::MAX));
    let mut counts: HashMap<String, u32> = HashMap::new();
    let tokenize = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .map(|raw| {
                let w = raw.trim_matches(|c: char| !c.is_alphanumeric());
                let w = if w.is_empty() { raw } else { w };
                normalize_digits(&w.to_lowercase())
            })
            .collect()
    };
    for t in texts {
        for w in tokenize(t) {
            *counts.entry(w).or_default() += 1;
        }
    }
    let mut by_freq: Vec<(&String, u32)> = counts
        .iter()
        .filter(|(_, &c)| c >= opts.min_count)
        .map(|(w, &c)| (w, c))
        .collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    by_freq.truncate(opts.max_words);
    if by_freq.len() < k {
        return HashMap::new();
    }
    let index: HashMap<&str, usize> = by_freq
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let n_ctx = opts.contexts.min(by_freq.len());
    let dim = 2 * n_ctx;
    let mut vecs: Vec<HashMap<u32, f32>> = vec![HashMap::new(); by_freq.len()];
    for t in texts {
        let ids: Vec<Option<usize>> = tokenize(t)
            .iter()
            .map(|w| index.get(w.as_str()).copied())
            .collect();
        for (i, id) in ids.iter().enumerate() {
            let Some(id) = *id else { continue };
            if let Some(Some(l)) = i.checked_sub(1).map(|j| ids[j]) {
                if l < n_ctx {
                    *vecs[id].entry(l as u32).or_default() += 1.0;
                }
            }
            if let Some(Some(r)) = ids.get(i + 1) {
                if *r < n_ctx {
                    *vecs[id].entry((n_ctx + r) as u32).or_default() += 1.0;
                }
            }
        }
    }
    let sparse: Vec<Vec<(u32, f32)>> = vecs
        .into_iter()
        .map(|m| {
            let mut v: Vec<(u32, f32)> = m.into_iter().map(|(d, c)| (d, c.sqrt())).collect();
            v.sort_unstable_by_key(|e| e.0);
            let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt().max(1e-9);
            v.iter_mut().for_each(|e| e.1 /= norm);
            v
        })
        .collect();
    // Seeds: the most frequent word, then again and again the word least
    // like every seed so far (ties to the more frequent).
    let mut seeds: Vec<usize> = vec![0];
    let mut closest = vec![f32::NEG_INFINITY; sparse.len()];
    let mut dense = vec![0f32; dim];
    while seeds.len() < k {
        let last = seeds[seeds.len() - 1];
        dense.iter_mut().for_each(|x| *x = 0.0);
        for &(d, x) in &sparse[last] {
            dense[d as usize] = x;
        }
        for (i, v) in sparse.iter().enumerate() {
            let dot: f32 = v.iter().map(|&(d, x)| x * dense[d as usize]).sum();
            closest[i] = closest[i].max(dot);
        }
        seeds.iter().for_each(|&i| closest[i] = f32::INFINITY);
        let mut next = 0;
        for i in 1..closest.len() {
            if closest[i] < closest[next] {
                next = i;
            }
        }
        seeds.push(next);
    }
    // Centroids stored dimension-major: centroid[d * k + c].
    let mut centroid = vec![0f32; dim * k];
    for (c, &w) in seeds.iter().enumerate() {
        for &(d, x) in &sparse[w] {
            centroid[d as usize * k + c] = x;
        }
    }
    let mut assign = vec![0u16; sparse.len()];
    let mut scores = vec![0f32; k];
    for _ in 0..opts.iterations.max(1) {
        for (i, v) in sparse.iter().enumerate() {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for &(d, x) in v {
                let row = &centroid[d as usize * k..(d as usize + 1) * k];
                for (s, c) in scores.iter_mut().zip(row) {
                    *s += x * c;
                }
            }
            assign[i] = argmax(&scores) as u16;
        }
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for (v, &a) in sparse.iter().zip(&assign) {
            for &(d, x) in v {
                centroid[d as usize * k + usize::from(a)] += x;
            }
        }
        for c in 0..k {
            let norm = (0..dim)
                .map(|d| centroid[d * k + c] * centroid[d * k + c])
                .sum::<f32>()
                .sqrt();
            if norm > 0.0 {
                (0..dim).for_each(|d| centroid[d * k + c] /= norm);
            }
        }
    }
    by_freq
        .iter()
        .zip(assign)
        .map(|((w, _), a)| ((*w).clone(), a))
        .collect()
}

/// The `text` field of a JSON-lines record, unescaped; `None` when absent or malformed.
pub fn json_text_field(line: &str) -> Option<String> {
    let key = line.find("\"text\"")?;
    let rest = line[key + 6..].trim_start();
    let rest = rest.strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' | 't' | 'r' => out.push(' '),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let code = u32::from_str_radix(&hex, 16).ok()?;
                    out.push(char::from_u32(code).unwrap_or(' '));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Gold tag ids of `set` (an unknown tag pair counts as class `u16::MAX`, never right).
fn gold_ids(tagger: &Tagger, set: &[Sentence]) -> Vec<Vec<u16>> {
    let ids: HashMap<(&str, &str), u16> = tagger
        .tags
        .iter()
        .enumerate()
        .map(|(i, (u, x))| ((u.as_str(), x.as_str()), i as u16))
        .collect();
    set.iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| {
                    ids.get(&(w.upos.as_str(), w.xpos.as_str()))
                        .copied()
                        .unwrap_or(u16::MAX)
                })
                .collect()
        })
        .collect()
}

/// Perceptron epochs over the sentences `which` of the training set, keeping
/// the averaged model that tags the dev set best.
#[allow(clippy::too_many_arguments)]
fn run_epochs(
    toks: &[Vec<Tok>],
    gold: &[Vec<u16>],
    which: &[usize],
    right: Option<&[Vec<u16>]>,
    dev_toks: &[Vec<Tok>],
    dev_gold: &[Vec<u16>],
    dev_right: Option<&[Vec<u16>]>,
    n_classes: usize,
    opts: &TrainOptions,
    name: &str,
    log: &mut dyn FnMut(&str),
) -> Model {
    let mut trainer = Trainer::new(n_classes);
    let mut order = which.to_vec();
    let mut rng = SplitMix::new(opts.seed);
    let mut best: Option<(f64, Model)> = None;
    let mut since_best = 0;
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0f32; n_classes];
    let mut prev: Vec<u16> = Vec::new();
    for epoch in 1..=opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut right_n, mut total) = (0usize, 0usize);
        for &si in &order {
            let ts = &toks[si];
            let r = right.map(|r| r[si].as_slice());
            prev.clear();
            for i in 0..ts.len() {
                let truth = gold[si][i];
                let guess = match ts[i].fixed {
                    Some(t) => t,
                    None => {
                        features(ts, i, &prev, r, n_classes, &mut feats);
                        trainer.scores(&feats, &mut scores);
                        let g = argmax(&scores) as u16;
                        trainer.update(&feats, usize::from(truth), usize::from(g), 1.0);
                        trainer.tick();
                        g
                    }
                };
                right_n += usize::from(guess == truth);
                total += 1;
                prev.push(guess);
            }
        }
        let model = trainer.averaged(opts.min_weight);
        let (mut ok, mut n) = (0usize, 0usize);
        for (k, ts) in dev_toks.iter().enumerate() {
            let pred = greedy(&model, ts, dev_right.map(|r| r[k].as_slice()), n_classes);
            ok += pred
                .iter()
                .zip(&dev_gold[k])
                .filter(|(p, g)| p == g)
                .count();
            n += pred.len();
        }
        let acc = ok as f64 / n.max(1) as f64;
        log(&format!(
            "tagger {name} epoch {epoch}: train {:.2}%, dev UPOS|XPOS {:.2}%, {} weights",
            100.0 * right_n as f64 / total.max(1) as f64,
            100.0 * acc,
            model.n_weights()
        ));
        if best.as_ref().is_none_or(|(b, _)| acc > *b) {
            best = Some((acc, model));
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= opts.patience {
                break;
            }
        }
    }
    best.map(|(_, m)| m)
        .unwrap_or_else(|| trainer.averaged(opts.min_weight))
}

/// `(UPOS accuracy, UPOS+XPOS accuracy)` of `tagger` on gold sentences.
pub fn tagger_accuracy(tagger: &Tagger, gold: &[Sentence]) -> (f64, f64) {
    let (mut u, mut both, mut n) = (0usize, 0usize, 0usize);
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, t) in s.words.iter().zip(tagger.tag(&forms)) {
            let (pu, px) = (tagger.upos(t), tagger.xpos(t));
            u += usize::from(pu == w.upos);
            both += usize::from(pu == w.upos && px == w.xpos);
            n += 1;
        }
    }
    let n = n.max(1) as f64;
    (u as f64 / n, both as f64 / n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::Word;

    fn sent(pairs: &[(&str, &str, &str)]) -> Sentence {
        Sentence {
            words: pairs
                .iter()
                .map(|(f, u, x)| Word {
                    form: f.to_string(),
                    upos: u.to_string(),
                    xpos: x.to_string(),
                    ..Word::blank()
                })
                .collect(),
            ..Sentence::default()
        }
    }

    fn toy() -> Vec<Sentence> {
        let mut v = Vec::new();
        let nouns = ["dog", "cat", "man", "bird", "cow", "fish", "girl", "boy"];
        let verbs = ["barks", "sleeps", "runs", "sings", "eats", "walks"];
        for (i, n) in nouns.iter().enumerate() {
            for (j, verb) in verbs.iter().enumerate() {
                if (i + j) % 2 == 0 {
                    continue;
                }
                v.push(sent(&[
                    (if j % 2 == 0 { "The" } else { "A" }, "DET", "DT"),
                    (n, "NOUN", "NN"),
                    (verb, "VERB", "VBZ"),
                    (".", "PUNCT", "."),
                ]));
            }
        }
        v
    }

    #[test]
    fn learns_toy_data_generalises_and_round_trips() {
        let data = toy();
        let t = train(&data, &data, &TrainOptions::default(), &mut |_| {}).unwrap();
        let tags = t.tag(&["The", "horse", "jumps", "."]);
        let up: Vec<&str> = tags.iter().map(|&x| t.upos(x)).collect();
        assert_eq!(up, ["DET", "NOUN", "VERB", "PUNCT"]);
        let mut bytes = Vec::new();
        t.write(&mut bytes).unwrap();
        let back = Tagger::load(&bytes).unwrap();
        assert_eq!(back.tag(&["The", "horse", "jumps", "."]), tags);
        assert_eq!(back.xpos(tags[2]), "VBZ");
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        let data = toy();
        let t = train(&data, &[], &TrainOptions::default(), &mut |_| {}).unwrap();
        assert!(t.tag(&[]).is_empty());
        assert_eq!(t.tag(&["", "ÄÖÜ", "1,000", "\u{200b}"]).len(), 4);
        assert!(train(&[], &[], &TrainOptions::default(), &mut |_| {}).is_err());
    }

    #[test]
    fn truncated_or_foreign_files_are_errors() {
        let data = toy();
        let t = train(&data, &[], &TrainOptions::default(), &mut |_| {}).unwrap();
        let mut bytes = Vec::new();
        t.write(&mut bytes).unwrap();
        for cut in [0, 5, 12, bytes.len() / 2, bytes.len() - 1] {
            assert!(Tagger::load(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(Tagger::load(b"DYADLM01xxxx").is_err());
    }

    #[test]
    fn case_profiles_and_json_text() {
        let texts = vec![
            "Officials in Kosovo said the police left. Police in Kosovo said so.".to_string(),
            "Then Kosovo police and the police of Kosovo met.".to_string(),
        ];
        let p = case_profile(&texts);
        assert_ne!(p["kosovo"], p["police"]);
        assert!(!p.contains_key("officials"));
        assert_eq!(
            json_text_field(r#"{"id": "x", "text": "A \"q\" \u00e9\nb"}"#).as_deref(),
            Some("A \"q\" é b")
        );
        assert_eq!(json_text_field(r#"{"text": "open"#), None);
        assert_eq!(json_text_field("{}"), None);
    }

    #[test]
    fn clusters_group_words_by_context() {
        let mut texts = Vec::new();
        // Nouns and verbs alternate, so each group's neighbours are the other group.
        for n in ["dog", "cat", "cow", "horse"] {
            for v in ["runs", "sleeps", "eats"] {
                texts.push(format!("{n} {v} {n} {v} horse eats"));
            }
        }
        let opts = ClusterOptions {
            clusters: 2,
            min_count: 2,
            max_words: 100,
            contexts: 20,
            iterations: 5,
        };
        let c = word_clusters(&texts, &opts);
        assert_eq!(c["dog"], c["horse"]);
        assert_eq!(c["runs"], c["eats"]);
        assert_ne!(c["dog"], c["runs"]);
        assert!(word_clusters(&[], &opts).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn damaged_model_files_never_panic(
            at in 0usize..4096,
            byte in proptest::prelude::any::<u8>(),
            junk in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
        ) {
            let _ = Tagger::load(&junk);
            let mut bytes = b"DYADTG03".to_vec();
            bytes.extend_from_slice(&junk);
            let _ = Tagger::load(&bytes);
            let data = toy();
            let opts = TrainOptions { epochs: 2, ..TrainOptions::default() };
            let t = train(&data, &[], &opts, &mut |_| {}).unwrap();
            let mut good = Vec::new();
            t.write(&mut good).unwrap();
            let i = at % good.len();
            good[i] ^= byte;
            if let Ok(t) = Tagger::load(&good) {
                let _ = t.tag(&["The", "dog", "runs"]);
            }
        }
    }

    #[test]
    fn shuffle_is_deterministic_permutation() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        SplitMix::new(7).shuffle(&mut a);
        SplitMix::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        let mut s = a.clone();
        s.sort_unstable();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
    }
}
