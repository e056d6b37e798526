//! The part-of-speech tagger: UPOS and Penn XPOS tags for a sentence's words.
//!
//! For: tagging words greedily with an averaged perceptron
//! ([`crate::perceptron`]) that predicts the joint `UPOS|XPOS` pair as one
//! class, so the two tags always agree; training it on CoNLL-U treebanks
//! ([`train`]); reading and writing its model file.
//!
//! Not for: lemmas ([`crate::lemma`]) or dependencies ([`crate::parser`]).
//!
//! Two passes: the first reads the sentence right to left, the second left to
//! right, also seeing the first pass's tags to its right. Besides the weights,
//! the model holds a small lexicon learned from the training data: the
//! *ambiguity class* of each frequent word (the set of tags it was seen with)
//! and its *tag prior* (its most frequent tag and how dominant that tag is),
//! and a tag dictionary of frequent words that always had the same tag, which
//! are tagged without scoring.
//!
//! Speed: every word's parts (hashes of the word, its lower case, affixes,
//! shape, lexicon entries) are computed once per word, not per feature. The
//! features that depend on one word only (its own, or a neighbour's at a fixed
//! distance) are summed per frequent word type once, when the model is
//! loaded, into one score vector per position relative to the word being
//! tagged; tagging then adds five such vectors and looks up only the features
//! that combine words or previous tags. This gives the scores of the plain
//! sum. The second pass re-scores only the words whose first-pass margin
//! (best minus second-best score) is below the model's threshold.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::conllu::Sentence;
use crate::perceptron::{argmax, member_seed, FeatureHasher, KeyMap, Model, Trainer, WeightSum};
use crate::pipeline::SyntaxError;

const MAGIC: &[u8; 8] = b"DYADTG05";
/// Magics of older tagger files, which this version refuses with a clear message.
const OLD_MAGICS: [&[u8; 8]; 4] = [b"DYADTG01", b"DYADTG02", b"DYADTG03", b"DYADTG04"];

/// Positions relative to the word being tagged whose word-only features are
/// precomputed per frequent word: the word itself, 1 and 2 words before it,
/// 1 and 2 words after it.
const ROLES: usize = 5;
/// The offset of each role from the word being tagged.
const ROLE_OFFSETS: [isize; ROLES] = [0, -1, -2, 1, 2];
/// Marks a word that is not a precomputed frequent type.
const NO_TYPE: u32 = u32::MAX;
/// Slots of the ring buffer of word-only vectors of the other words (a word
/// needs those of the five words around it).
const RING: usize = 8;

/// The tags of one word: indices into the tagger's tag table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagId(pub u16);

/// How many of its best tags [`Tagger::tag_scored`] reports per word.
pub const TOP: usize = 3;

/// How sure the tagger was of one word ([`Tagger::tag_scored`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    /// Best minus second-best score of the deciding pass (infinite for words
    /// of the tag dictionary).
    pub margin: f32,
    /// The deciding pass's best tags, best first, with their scores; unused
    /// places hold `TagId(u16::MAX)` and minus infinity.
    pub top: [(TagId, f32); TOP],
}

impl Scored {
    /// A word of the tag dictionary: its one tag, never in doubt.
    fn fixed(t: u16) -> Scored {
        let mut top = [(TagId(u16::MAX), f32::NEG_INFINITY); TOP];
        top[0] = (TagId(t), 0.0);
        Scored {
            margin: f32::INFINITY,
            top,
        }
    }

    /// The best tags of `scores` (ties: the lower class first, as argmax).
    fn from_scores(margin: f32, scores: &[f32]) -> Scored {
        let mut top = [(TagId(u16::MAX), f32::NEG_INFINITY); TOP];
        for (c, &x) in scores.iter().enumerate() {
            if x > top[TOP - 1].1 || top[TOP - 1].0 .0 == u16::MAX {
                let mut k = TOP - 1;
                while k > 0 && (x > top[k - 1].1 || top[k - 1].0 .0 == u16::MAX) {
                    top[k] = top[k - 1];
                    k -= 1;
                }
                top[k] = (TagId(c as u16), x);
            }
        }
        Scored { margin, top }
    }
}

/// The tagger: weights, tag table and lexicon. Immutable; share it freely.
#[derive(Debug, Clone)]
pub struct Tagger {
    /// `(UPOS, XPOS)` per class id.
    tags: Vec<(String, String)>,
    /// Lower-case word → hash of its ambiguity class.
    ambiguity: HashMap<String, u64>,
    /// Lower-case word → hash of its most frequent tag and that tag's share band.
    prior: HashMap<String, u64>,
    /// Exact word → its one tag.
    fixed: HashMap<String, u16>,
    /// Lower-case word → its case profile in unlabelled text ([`case_profile`]).
    profile: HashMap<String, u8>,
    /// Lower-case word → its distributional cluster in unlabelled text ([`word_clusters`]).
    clusters: HashMap<String, u16>,
    /// Frequent exact forms whose parts and word-only scores are precomputed on load.
    frequent: Vec<String>,
    /// The second pass re-scores a word only when its first-pass margin is below this.
    margin: f32,
    /// The first pass runs right to left (its tags then carry what lies to the
    /// right of each word into the second, left-to-right pass).
    backward: bool,
    /// The first-pass model (left context only).
    model: Model,
    /// The second-pass model, which also sees the first pass's tags to the right.
    second: Option<Model>,
    /// Tables derived from the above on load ([`Tagger::prepare`]).
    fast: Fast,
}

/// Lookup tables derived from a [`Tagger`]'s lexicon and models, keyed by word hashes.
#[derive(Debug, Clone, Default)]
struct Fast {
    /// Hash of the lower-case word → ambiguity class.
    ambiguity: KeyMap<u64>,
    /// Hash of the lower-case word → tag prior.
    prior: KeyMap<u64>,
    /// Hash of the lower-case word → case profile.
    profile: KeyMap<u8>,
    /// Hash of the lower-case, digit-folded word → cluster.
    clusters: KeyMap<u16>,
    /// Hash of the exact word → its one tag.
    fixed: KeyMap<u16>,
    /// Hash of the exact word → index of a precomputed frequent type.
    types: KeyMap<u32>,
    /// The parts of each frequent type (without the sentence-start flag).
    type_toks: Vec<Tok>,
    /// Per model (first, second pass): per frequent type, [`ROLES`] score
    /// vectors of `n_classes` each.
    roles: [Vec<f32>; 2],
    /// Per model: the [`ROLES`] vectors of the before-the-sentence token, then
    /// those of the after-the-sentence token.
    edges: [Vec<f32>; 2],
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
    /// How many of the most frequent training words get precomputed scores.
    pub frequent_words: usize,
    /// The second pass re-scores only words whose first-pass margin is below
    /// this (infinite: every word not in the tag dictionary).
    pub second_pass_margin: f32,
    /// Run the first pass right to left.
    pub backward_first_pass: bool,
    /// The second pass trains on first-pass tags of the training set from
    /// this many models, each trained without the sentences it tags.
    pub jackknife_folds: usize,
    /// Each pass is trained this many times with different shuffle seeds and
    /// the averaged weights are averaged again (a seed ensemble at the cost
    /// of one model); the jackknife fold models too with `ensemble_folds`.
    pub seeds: usize,
    /// The jackknife fold models are seed ensembles too.
    pub ensemble_folds: bool,
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
            frequent_words: 2000,
            second_pass_margin: 20.0,
            backward_first_pass: true,
            jackknife_folds: 5,
            seeds: 1,
            ensemble_folds: false,
        }
    }
}

/// Precomputed hashes of one word and its parts, shared by all its features.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tok {
    pub(crate) form: u64,
    pub(crate) norm: u64,
    pub(crate) prefix: [u64; 3],
    pub(crate) suffix: [u64; 4],
    pub(crate) shape: u64,
    pub(crate) flags: u64,
    pub(crate) ambiguity: u64,
    pub(crate) prior: u64,
    pub(crate) profile: u64,
    pub(crate) cluster: u64,
    /// For a hyphenated word, the ambiguity class of its part after the last
    /// hyphen (`NATO-led` → `led`); else 0.
    pub(crate) tail: u64,
    pub(crate) fixed: Option<u16>,
}

/// A pseudo-word beyond the sentence's edge, every part set to `id`.
const fn boundary(id: u64) -> Tok {
    Tok {
        form: id,
        norm: id,
        prefix: [0; 3],
        suffix: [id; 4],
        shape: id,
        flags: 0,
        ambiguity: id,
        prior: id,
        profile: id,
        cluster: id,
        tail: id,
        fixed: None,
    }
}

/// The pseudo-word before a sentence.
const START: Tok = boundary(2);

/// The pseudo-word after a sentence.
const END: Tok = boundary(3);

/// The flag bit of the first word of a sentence.
const FIRST_FLAG: u64 = 16;

/// A small string hash for feature values.
pub(crate) fn h(s: &str) -> u64 {
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

/// The lower case of `word` into `buf` (ASCII without allocating).
fn lower_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        buf.push_str(&word.to_lowercase());
    }
}

/// The part of a lower-case word after its last hyphen, when the word has
/// letters on both sides of it.
fn hyphen_tail(lower: &str) -> Option<&str> {
    let at = lower.rfind('-')?;
    let (head, tail) = (&lower[..at], &lower[at + 1..]);
    (head.chars().any(char::is_alphanumeric) && tail.chars().any(char::is_alphabetic))
        .then_some(tail)
}

/// Case, digit, hyphen and punctuation flags of a word (without [`FIRST_FLAG`]).
fn word_flags(word: &str) -> u64 {
    let (mut upper, mut lower, mut digit, mut alnum) = (false, false, false, false);
    for c in word.chars() {
        upper |= c.is_uppercase();
        lower |= c.is_lowercase();
        digit |= c.is_ascii_digit();
        alnum |= c.is_alphanumeric();
    }
    let mut flags = 0u64;
    if word.chars().next().is_some_and(char::is_uppercase) {
        flags |= 1;
    }
    if upper && !lower {
        flags |= 2;
    }
    if digit {
        flags |= 4;
    }
    if word.contains('-') {
        flags |= 8;
    }
    if !alnum {
        flags |= 32;
    }
    flags
}

/// Reusable buffers of [`Tagger::tag`].
#[derive(Default)]
struct Scratch {
    lower: String,
    norm: String,
    toks: Vec<Tok>,
    types: Vec<u32>,
    /// Word-only score vectors of the words that are not frequent types,
    /// word `j` in slot `j % RING`.
    local: Vec<f32>,
    /// The words before this one have their vectors computed (or skipped) in this pass.
    done: usize,
    feats: Vec<u64>,
    scores: Vec<f32>,
    first: Vec<u16>,
    margins: Vec<f32>,
    todo: Vec<bool>,
}

impl Tagger {
    /// The parts of `word` (position flags aside), looked up and hashed afresh.
    fn make_tok(&self, word: &str, lower: &mut String, norm: &mut String) -> Tok {
        self.make_tok_hashed(word, h(word), lower, norm)
    }

    fn make_tok_hashed(
        &self,
        word: &str,
        word_h: u64,
        lower: &mut String,
        norm: &mut String,
    ) -> Tok {
        let form = word_h;
        lower_into(word, lower);
        let lower_h = h(lower);
        let norm_h = if lower.bytes().any(|b| b.is_ascii_digit()) {
            norm.clear();
            norm.extend(
                lower
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '0' } else { c }),
            );
            h(norm)
        } else {
            lower_h
        };
        let mut prefix = [1u64; 3];
        if !lower.is_empty() {
            let mut ends = lower
                .char_indices()
                .map(|(i, _)| i)
                .skip(1)
                .chain(std::iter::once(lower.len()));
            for p in prefix.iter_mut() {
                match ends.next() {
                    Some(end) => *p = h(&lower[..end]),
                    None => break,
                }
            }
        }
        let mut suffix = [1u64; 4];
        let mut starts = lower.char_indices().rev().map(|(i, _)| i);
        for s in suffix.iter_mut() {
            match starts.next() {
                Some(start) => *s = h(&lower[start..]),
                None => break,
            }
        }
        let f = &self.fast;
        let ambiguity = f.ambiguity.get(&lower_h).copied().unwrap_or(0);
        let tail = hyphen_tail(lower).map_or(0, |t| f.ambiguity.get(&h(t)).copied().unwrap_or(1));
        Tok {
            tail,
            form,
            norm: norm_h,
            prefix,
            suffix,
            shape: shape_hash(word),
            flags: word_flags(word),
            ambiguity,
            prior: f.prior.get(&lower_h).copied().unwrap_or(0),
            profile: f.profile.get(&lower_h).map_or(0, |&p| u64::from(p)),
            cluster: f.clusters.get(&norm_h).map_or(0, |&c| u64::from(c) + 4),
            fixed: f.fixed.get(&word_h).copied(),
        }
    }

    /// The parts of one word, `first` when it opens its sentence (for the
    /// post-parse pass, [`crate::retagger`], which reuses the word features).
    pub(crate) fn word_tok(&self, word: &str, first: bool) -> Tok {
        let (mut lower, mut norm) = (String::new(), String::new());
        let mut t = self.make_tok(word, &mut lower, &mut norm);
        if first {
            t.flags |= FIRST_FLAG;
        }
        t
    }

    /// The `(UPOS, XPOS)` pair of every class id.
    pub fn tag_pairs(&self) -> &[(String, String)] {
        &self.tags
    }

    /// The parts of every word of a sentence, computed afresh (training).
    fn toks(&self, words: &[&str]) -> Vec<Tok> {
        let (mut lower, mut norm) = (String::new(), String::new());
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut t = self.make_tok(w, &mut lower, &mut norm);
                if i == 0 {
                    t.flags |= FIRST_FLAG;
                }
                t
            })
            .collect()
    }

    /// Builds the hash-keyed lexicon tables from the string-keyed ones.
    fn prepare_lexicon(&mut self) {
        let f = &mut self.fast;
        f.ambiguity = self.ambiguity.iter().map(|(w, &a)| (h(w), a)).collect();
        f.prior = self.prior.iter().map(|(w, &a)| (h(w), a)).collect();
        f.profile = self.profile.iter().map(|(w, &p)| (h(w), p)).collect();
        f.clusters = self.clusters.iter().map(|(w, &c)| (h(w), c)).collect();
        f.fixed = self.fixed.iter().map(|(w, &t)| (h(w), t)).collect();
        f.types = KeyMap::default();
        f.type_toks.clear();
        f.roles = [Vec::new(), Vec::new()];
        f.edges = [Vec::new(), Vec::new()];
    }

    /// Builds every derived table: the lexicon, then the parts and word-only
    /// score vectors of the frequent types under each model.
    fn prepare(&mut self) {
        self.prepare_lexicon();
        let (mut lower, mut norm) = (String::new(), String::new());
        let mut types = KeyMap::default();
        let mut type_toks = Vec::with_capacity(self.frequent.len());
        for w in &self.frequent {
            let form = h(w);
            if types.contains_key(&form) {
                continue;
            }
            types.insert(form, type_toks.len() as u32);
            type_toks.push(self.make_tok_hashed(w, form, &mut lower, &mut norm));
        }
        let nc = self.tags.len();
        let models: [Option<&Model>; 2] = [Some(&self.model), self.second.as_ref()];
        let mut roles = [Vec::new(), Vec::new()];
        let mut edges = [Vec::new(), Vec::new()];
        for (p, m) in models.iter().enumerate() {
            let Some(m) = m else { continue };
            let role_vectors = |toks: &mut dyn Iterator<Item = &Tok>, out: &mut Vec<f32>| {
                let mut feats: Vec<u64> = Vec::with_capacity(32);
                for t in toks {
                    for r in 0..ROLES {
                        let at = out.len();
                        out.resize(at + nc, 0.0);
                        feats.clear();
                        role_features(t, r, &mut feats);
                        m.scores(&feats, &mut out[at..]);
                    }
                }
            };
            let mut v = Vec::with_capacity(type_toks.len() * ROLES * nc);
            role_vectors(&mut type_toks.iter(), &mut v);
            roles[p] = v;
            let mut e = Vec::with_capacity(2 * ROLES * nc);
            role_vectors(&mut [START, END].iter(), &mut e);
            edges[p] = e;
        }
        self.fast.types = types;
        self.fast.type_toks = type_toks;
        self.fast.roles = roles;
        self.fast.edges = edges;
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
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.tag_with(words, &mut s, None),
            Err(_) => self.tag_with(words, &mut Scratch::default(), None),
        })
    }

    /// Like [`Tagger::tag`], also returning per word how sure the tagger
    /// was: the margin of the deciding pass and its best [`TOP`] tags.
    pub fn tag_scored(&self, words: &[&str]) -> (Vec<TagId>, Vec<Scored>) {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
        }
        let mut margins = Vec::with_capacity(words.len());
        let tags = SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut s) => self.tag_with(words, &mut s, Some(&mut margins)),
            Err(_) => self.tag_with(words, &mut Scratch::default(), Some(&mut margins)),
        });
        (tags, margins)
    }

    fn tag_with(
        &self,
        words: &[&str],
        s: &mut Scratch,
        mut scored: Option<&mut Vec<Scored>>,
    ) -> Vec<TagId> {
        let n = words.len();
        if n == 0 {
            return Vec::new();
        }
        let nc = self.tags.len();
        s.toks.clear();
        s.types.clear();
        for (i, w) in words.iter().enumerate() {
            let form = h(w);
            let (mut t, k) = match self.fast.types.get(&form) {
                Some(&k) => (self.fast.type_toks[k as usize], k),
                None => (
                    self.make_tok_hashed(w, form, &mut s.lower, &mut s.norm),
                    NO_TYPE,
                ),
            };
            if i == 0 {
                t.flags |= FIRST_FLAG;
            }
            s.toks.push(t);
            s.types.push(k);
        }
        s.scores.clear();
        s.scores.resize(nc, 0.0);
        if s.local.len() < RING * ROLES * nc {
            s.local.resize(RING * ROLES * nc, 0.0);
        }
        // Pass 1: every word not in the tag dictionary.
        if self.backward {
            s.toks.reverse();
            s.types.reverse();
        }
        s.done = 0;
        let mut first = std::mem::take(&mut s.first);
        let mut margins = std::mem::take(&mut s.margins);
        first.clear();
        margins.clear();
        let mut first_scored: Vec<Scored> = Vec::new();
        for i in 0..n {
            let (t, m) = match s.toks[i].fixed {
                Some(t) => {
                    if scored.is_some() {
                        first_scored.push(Scored::fixed(t));
                    }
                    (t, f32::INFINITY)
                }
                None => {
                    let (t, m) = self.score(0, &self.model, s, i, &first, None);
                    if scored.is_some() {
                        first_scored.push(Scored::from_scores(m, &s.scores));
                    }
                    (t, m)
                }
            };
            first.push(t);
            margins.push(m);
        }
        if self.backward {
            s.toks.reverse();
            s.types.reverse();
            first.reverse();
            margins.reverse();
            first_scored.reverse();
        }
        let out = match &self.second {
            None => {
                if let Some(out) = scored {
                    out.extend_from_slice(&first_scored);
                }
                first.iter().map(|&t| TagId(t)).collect()
            }
            Some(second) => {
                // Pass 2: only the words the first pass was unsure of.
                s.todo.clear();
                s.todo.extend(margins.iter().map(|&m| m < self.margin));
                s.done = 0;
                let mut out: Vec<u16> = Vec::with_capacity(n);
                for i in 0..n {
                    let t = if s.todo[i] {
                        let (t, m) = self.score(1, second, s, i, &out, Some(&first));
                        if let Some(sc) = scored.as_deref_mut() {
                            sc.push(Scored::from_scores(m, &s.scores));
                        }
                        t
                    } else {
                        if let Some(sc) = scored.as_deref_mut() {
                            sc.push(
                                first_scored
                                    .get(i)
                                    .copied()
                                    .unwrap_or(Scored::fixed(first[i])),
                            );
                        }
                        first[i]
                    };
                    out.push(t);
                }
                out.into_iter().map(TagId).collect()
            }
        };
        s.first = first;
        s.margins = margins;
        out
    }

    /// Computes under `model` the word-only vectors of the words within two
    /// of word `i` that are not frequent types and not yet done in this pass.
    /// Words are scored in increasing order, so a slot is overwritten only
    /// when its word is more than two words behind.
    fn local_vectors(&self, model: &Model, s: &mut Scratch, i: usize) {
        let nc = self.tags.len();
        let last = (i + 2).min(s.toks.len().saturating_sub(1));
        for j in s.done.max(i.saturating_sub(2))..=last {
            if s.types[j] != NO_TYPE {
                continue;
            }
            for r in 0..ROLES {
                s.feats.clear();
                role_features(&s.toks[j], r, &mut s.feats);
                let at = ((j % RING) * ROLES + r) * nc;
                model.scores(&s.feats, &mut s.local[at..at + nc]);
            }
        }
        s.done = s.done.max(last + 1);
    }

    /// The best tag of word `i` under model `p` and its margin over the second best.
    fn score(
        &self,
        p: usize,
        model: &Model,
        s: &mut Scratch,
        i: usize,
        prev: &[u16],
        right: Option<&[u16]>,
    ) -> (u16, f32) {
        let nc = self.tags.len();
        self.local_vectors(model, s, i);
        context_features(&s.toks, i, prev, right, nc, &mut s.feats);
        model.scores(&s.feats, &mut s.scores);
        let n = s.toks.len() as isize;
        for (r, off) in ROLE_OFFSETS.iter().enumerate() {
            let j = i as isize + off;
            let v: &[f32] = if j < 0 {
                &self.fast.edges[p][r * nc..(r + 1) * nc]
            } else if j >= n {
                &self.fast.edges[p][(ROLES + r) * nc..(ROLES + r + 1) * nc]
            } else {
                let j = j as usize;
                match s.types[j] {
                    NO_TYPE => {
                        let at = ((j % RING) * ROLES + r) * nc;
                        &s.local[at..at + nc]
                    }
                    k => {
                        let at = (k as usize * ROLES + r) * nc;
                        &self.fast.roles[p][at..at + nc]
                    }
                }
            };
            for (a, b) in s.scores.iter_mut().zip(v) {
                *a += b;
            }
        }
        let (mut best, mut b1, mut b2) = (0usize, f32::NEG_INFINITY, f32::NEG_INFINITY);
        for (c, &x) in s.scores.iter().enumerate() {
            if x > b1 {
                b2 = b1;
                b1 = x;
                best = c;
            } else if x > b2 {
                b2 = x;
            }
        }
        (best as u16, b1 - b2)
    }

    /// Reads a tagger written by [`Tagger::write`].
    pub fn load(bytes: &[u8]) -> Result<Tagger, SyntaxError> {
        let bad = |m: &str| SyntaxError::model("tagger", m);
        let mut r = ByteReader::new(bytes, "tagger");
        let magic = r.take(8)?;
        if OLD_MAGICS.iter().any(|m| m.as_slice() == magic) {
            return Err(bad(&format!(
                "tagger model format {} is no longer read (this version reads {}); \
                 retrain it with `dyad train tagger`",
                String::from_utf8_lossy(magic),
                String::from_utf8_lossy(MAGIC)
            )));
        }
        if magic != MAGIC {
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
        let ambiguity = r.table(10, ByteReader::u64)?;
        let prior = r.table(10, ByteReader::u64)?;
        let fixed = r.table(4, |r| {
            let t = r.u16()?;
            if usize::from(t) >= n_tags {
                return Err(bad("tag dictionary names an unknown tag"));
            }
            Ok(t)
        })?;
        let profile = r.table(4, |r| Ok(r.take(1)?[0]))?;
        let clusters = r.table(4, ByteReader::u16)?;
        let n_frequent = r.u32()? as usize;
        if n_frequent > 1_000_000 {
            return Err(bad("too many frequent words"));
        }
        let mut frequent = Vec::with_capacity(n_frequent.min(bytes.len() / 2));
        for _ in 0..n_frequent {
            frequent.push(r.string()?);
        }
        let margin = f32::from_le_bytes(
            r.take(4)?
                .try_into()
                .map_err(|_| bad("bad second-pass margin"))?,
        );
        if margin.is_nan() {
            return Err(bad("bad second-pass margin"));
        }
        let backward = match r.take(1)?[0] {
            0 => false,
            1 => true,
            _ => return Err(bad("bad first-pass direction")),
        };
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
        let mut t = Tagger {
            tags,
            ambiguity,
            prior,
            fixed,
            profile,
            clusters,
            frequent,
            margin,
            backward,
            model,
            second,
            fast: Fast::default(),
        };
        t.prepare();
        Ok(t)
    }

    /// Writes the tagger in dyad's binary format.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&(self.tags.len() as u32).to_le_bytes())?;
        for (u, x) in &self.tags {
            write_string(out, u)?;
            write_string(out, x)?;
        }
        write_table(out, &self.ambiguity, |o, a| o.write_all(&a.to_le_bytes()))?;
        write_table(out, &self.prior, |o, a| o.write_all(&a.to_le_bytes()))?;
        write_table(out, &self.fixed, |o, t| o.write_all(&t.to_le_bytes()))?;
        write_table(out, &self.profile, |o, p| o.write_all(&[*p]))?;
        write_table(out, &self.clusters, |o, c| o.write_all(&c.to_le_bytes()))?;
        out.write_all(&(self.frequent.len() as u32).to_le_bytes())?;
        for w in &self.frequent {
            write_string(out, w)?;
        }
        out.write_all(&self.margin.to_le_bytes())?;
        out.write_all(&[u8::from(self.backward)])?;
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
        let mut t = Tagger {
            model: self.model.pruned(min_abs),
            second: self.second.as_ref().map(|m| m.pruned(min_abs)),
            ..self.clone()
        };
        t.prepare();
        t
    }

    /// A copy that re-scores a word in the second pass only when its
    /// first-pass margin is below `margin` (infinite: every word).
    pub fn with_second_pass_margin(&self, margin: f32) -> Tagger {
        Tagger {
            margin: if margin.is_nan() {
                f32::INFINITY
            } else {
                margin
            },
            ..self.clone()
        }
    }

    /// A copy that precomputes scores for only the `n` most frequent words
    /// (less memory and a faster load, slower tagging; same tags).
    pub fn with_frequent_words(&self, n: usize) -> Tagger {
        let mut t = self.clone();
        t.frequent.truncate(n);
        t.prepare();
        t
    }

    /// The second pass's margin threshold ([`Tagger::with_second_pass_margin`]).
    pub fn second_pass_margin(&self) -> f32 {
        self.margin
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

/// Tags `toks` left to right with `model` scoring every feature afresh (the
/// plain, slower way used while training); `right` holds a first pass's tags
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

/// The plain first pass over `toks`, right to left when `backward`.
fn first_pass(model: &Model, toks: &[Tok], backward: bool, n_classes: usize) -> Vec<u16> {
    if backward {
        let rev: Vec<Tok> = toks.iter().rev().copied().collect();
        let mut out = greedy(model, &rev, None, n_classes);
        out.reverse();
        out
    } else {
        greedy(model, toks, None, n_classes)
    }
}

/// The token at signed position `j`, or the pseudo-words outside the sentence.
fn tok_at(toks: &[Tok], j: isize) -> Tok {
    if j < 0 {
        START
    } else {
        toks.get(j as usize).copied().unwrap_or(END)
    }
}

/// The features that depend on one word only, for that word in role `role`
/// ([`ROLE_OFFSETS`]) relative to the word being tagged, appended to `out`.
pub(crate) fn role_features(t: &Tok, role: usize, out: &mut Vec<u64>) {
    let f = FeatureHasher::new;
    match role {
        0 => out.extend_from_slice(&[
            f(0).finish(),
            f(1).int(t.norm).finish(),
            f(2).int(t.form).finish(),
            f(3).int(t.prefix[0]).finish(),
            f(4).int(t.prefix[1]).finish(),
            f(5).int(t.prefix[2]).finish(),
            f(6).int(t.suffix[0]).finish(),
            f(7).int(t.suffix[1]).finish(),
            f(8).int(t.suffix[2]).finish(),
            f(9).int(t.suffix[3]).finish(),
            f(10).int(t.shape).finish(),
            f(23).int(t.ambiguity).finish(),
            f(50).int(t.profile).finish(),
            f(54).int(t.profile).int(t.ambiguity).finish(),
            f(60).int(t.cluster).finish(),
            f(65).int(t.cluster).int(t.suffix[1]).finish(),
            f(66).int(t.tail).finish(),
            f(72).int(t.prior).finish(),
        ]),
        1 => out.extend_from_slice(&[
            f(15).int(t.norm).finish(),
            f(16).int(t.suffix[2]).finish(),
            f(29).int(t.shape).finish(),
            f(61).int(t.cluster).finish(),
        ]),
        2 => out.push(f(17).int(t.norm).finish()),
        3 => out.extend_from_slice(&[
            f(18).int(t.norm).finish(),
            f(19).int(t.suffix[2]).finish(),
            f(24).int(t.ambiguity).finish(),
            f(27).int(t.shape).finish(),
            f(35).int(t.suffix[1]).finish(),
            f(52).int(t.profile).finish(),
            f(62).int(t.cluster).finish(),
            f(73).int(t.prior).finish(),
        ]),
        _ => out.extend_from_slice(&[f(20).int(t.norm).finish(), f(25).int(t.ambiguity).finish()]),
    }
}

/// The features that combine words, or a word with tags: those of word `i`
/// given the tags already chosen before it and, in a second pass, the first
/// pass's tags after it. Replaces `out`.
fn context_features(
    toks: &[Tok],
    i: usize,
    prev: &[u16],
    right: Option<&[u16]>,
    n_classes: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    let i_s = i as isize;
    let w = tok_at(toks, i_s);
    let (m1, p1w, p2w) = (
        tok_at(toks, i_s - 1),
        tok_at(toks, i_s + 1),
        tok_at(toks, i_s + 2),
    );
    let tag_at = |k: usize| -> u64 {
        match i.checked_sub(k).and_then(|j| prev.get(j)) {
            Some(&t) => u64::from(t),
            None => (n_classes + k) as u64,
        }
    };
    let (t1, t2) = (tag_at(1), tag_at(2));
    let f = FeatureHasher::new;
    out.extend_from_slice(&[
        f(11).int(w.flags).finish(),
        f(12).int(t1).finish(),
        f(13).int(t2).int(t1).finish(),
        f(14).int(t1).int(w.norm).finish(),
        f(21).int(m1.norm).int(w.norm).finish(),
        f(22).int(w.norm).int(p1w.norm).finish(),
        f(26).int(t1).int(p1w.ambiguity).finish(),
        f(28).int(t1).int(w.suffix[2]).finish(),
        f(30).int(p1w.norm).int(p2w.norm).finish(),
        f(31).int(t1).int(m1.norm).finish(),
        f(32).int(w.ambiguity).int(p1w.ambiguity).finish(),
        f(33).int(t1).int(w.ambiguity).finish(),
        f(34).int(w.shape).int(w.flags).int(w.suffix[1]).finish(),
        f(36).int(m1.ambiguity).int(w.norm).finish(),
        f(37).int(t2).finish(),
        f(51).int(w.profile).int(w.flags & 17).finish(),
        f(53).int(m1.profile).int(t1).finish(),
        f(63).int(t1).int(w.cluster).finish(),
        f(64).int(w.cluster).int(p1w.cluster).finish(),
        f(74).int(t1).int(w.prior).finish(),
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

/// All feature keys of word `i` (word-only and combined), as training uses them.
fn features(
    toks: &[Tok],
    i: usize,
    prev: &[u16],
    right: Option<&[u16]>,
    n_classes: usize,
    out: &mut Vec<u64>,
) {
    context_features(toks, i, prev, right, n_classes, out);
    for (r, off) in ROLE_OFFSETS.iter().enumerate() {
        role_features(&tok_at(toks, i as isize + off), r, out);
    }
}

fn write_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    let b = s.as_bytes();
    let len = u16::try_from(b.len()).map_err(|_| io::Error::other("string too long"))?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(b)
}

/// Writes a word-keyed table sorted by word (so that files are deterministic): its
/// length, then each word and its value; [`ByteReader::table`] reads it back.
fn write_table<W: Write, V: Ord>(
    out: &mut W,
    table: &HashMap<String, V>,
    mut value: impl FnMut(&mut W, &V) -> io::Result<()>,
) -> io::Result<()> {
    let mut rows: Vec<_> = table.iter().collect();
    rows.sort();
    out.write_all(&(rows.len() as u32).to_le_bytes())?;
    for (w, v) in rows {
        write_string(out, w)?;
        value(out, v)?;
    }
    Ok(())
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

    /// A table written by `write_table`; `min_entry` bounds the capacity reserved
    /// up front by the bytes an entry needs at least, so a corrupt count cannot
    /// reserve more memory than the file could fill.
    fn table<V>(
        &mut self,
        min_entry: usize,
        mut value: impl FnMut(&mut Self) -> Result<V, SyntaxError>,
    ) -> Result<HashMap<String, V>, SyntaxError> {
        let n = self.u32()? as usize;
        let mut table = HashMap::with_capacity(n.min(self.bytes.len() / min_entry));
        for _ in 0..n {
            let w = self.string()?;
            table.insert(w, value(self)?);
        }
        Ok(table)
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
    let prior = tag_priors(&lower_counts, opts.ambiguity_min_count);
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
        fold_ambiguity.push((
            ambiguity_classes(&counts, opts.ambiguity_min_count),
            tag_priors(&counts, opts.ambiguity_min_count),
        ));
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
    let mut by_count: Vec<(&String, u32)> = exact_counts
        .iter()
        .map(|(w, c)| (w, c.values().sum::<u32>()))
        .collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let frequent: Vec<String> = by_count
        .iter()
        .take(opts.frequent_words)
        .map(|(w, _)| (*w).clone())
        .collect();
    let mut tagger = Tagger {
        tags,
        ambiguity,
        prior,
        fixed,
        profile: case_profile(texts),
        clusters: word_clusters(texts, &ClusterOptions::default()),
        frequent,
        margin: opts.second_pass_margin,
        backward: opts.backward_first_pass,
        model: Model::default(),
        second: None,
        fast: Fast::default(),
    };
    tagger.prepare_lexicon();
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
            let (amb, pri) = &fold_ambiguity[si % opts.lexicon_folds];
            for (tok, w) in train_toks[si].iter_mut().zip(&s.words) {
                let lower = w.form.to_lowercase();
                tok.ambiguity = amb.get(&lower).copied().unwrap_or(0);
                tok.prior = pri.get(&lower).copied().unwrap_or(0);
                tok.tail = hyphen_tail(&lower).map_or(0, |t| amb.get(t).copied().unwrap_or(1));
            }
        }
    }
    let dev_toks = contexts(dev);
    let dev_gold = gold_ids(&tagger, dev);
    let all: Vec<usize> = (0..train.len()).collect();
    // The first pass learns from the sentences in its reading direction.
    let backward = opts.backward_first_pass;
    fn reversed<T: Copy>(v: &[Vec<T>], backward: bool) -> Vec<Vec<T>> {
        v.iter()
            .map(|s| {
                let mut s = s.clone();
                if backward {
                    s.reverse();
                }
                s
            })
            .collect()
    }
    let (p1_toks, p1_gold) = (reversed(&train_toks, backward), reversed(&gold, backward));
    let (p1_dev_toks, p1_dev_gold) = (reversed(&dev_toks, backward), reversed(&dev_gold, backward));
    let pass1 = Pass {
        toks: &p1_toks,
        gold: &p1_gold,
        right: None,
        dev_toks: &p1_dev_toks,
        dev_gold: &p1_dev_gold,
        dev_right: None,
        n_classes,
    };
    let first = run_seeds(&pass1, &all, opts, "pass 1", log)?;
    if opts.two_pass {
        // First-pass tags for the training set, each fold tagged by a model
        // trained on the other folds, so the second pass learns from tags as
        // noisy as it will see.
        let folds = opts.jackknife_folds.max(2);
        let mut right_train: Vec<Vec<u16>> = vec![Vec::new(); train.len()];
        for fold in 0..folds {
            let rest: Vec<usize> = (0..train.len()).filter(|i| i % folds != fold).collect();
            let fold_opts = TrainOptions {
                seeds: if opts.ensemble_folds { opts.seeds } else { 1 },
                ..opts.clone()
            };
            let m = run_seeds(&pass1, &rest, &fold_opts, &format!("fold {fold}"), log)?;
            for i in (0..train.len()).filter(|i| i % folds == fold) {
                right_train[i] = first_pass(&m, &train_toks[i], backward, n_classes);
            }
        }
        let right_dev: Vec<Vec<u16>> = dev_toks
            .iter()
            .map(|t| first_pass(&first, t, backward, n_classes))
            .collect();
        let pass2 = Pass {
            toks: &train_toks,
            gold: &gold,
            right: Some(&right_train),
            dev_toks: &dev_toks,
            dev_gold: &dev_gold,
            dev_right: Some(&right_dev),
            n_classes,
        };
        let second = run_seeds(&pass2, &all, opts, "pass 2", log)?;
        tagger.second = Some(second);
    }
    tagger.model = first;
    tagger.prepare();
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

/// Tag priors from per-word tag counts: for each word seen at least
/// `min_count` times, a hash of its most frequent tag and how dominant that
/// tag is (at least 90 %, at least 70 %, less).
fn tag_priors(counts: &HashMap<String, HashMap<u16, u32>>, min_count: u32) -> HashMap<String, u64> {
    let mut priors = HashMap::new();
    for (w, counts) in counts {
        let total: u32 = counts.values().sum();
        if total < min_count {
            continue;
        }
        let Some((&tag, &c)) = counts
            .iter()
            .max_by_key(|(t, c)| (**c, std::cmp::Reverse(**t)))
        else {
            continue;
        };
        let share = f64::from(c) / f64::from(total);
        let band = if share >= 0.9 {
            0
        } else if share >= 0.7 {
            1
        } else {
            2
        };
        let code = FeatureHasher::new(0xfffc)
            .int(u64::from(tag))
            .int(band)
            .finish();
        priors.insert(w.clone(), code | 4);
    }
    priors
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

/// [`run_epochs`] once per seed ([`TrainOptions::seeds`]), the models'
/// weights averaged into one: scores are linear in the weights, so the
/// average scores like the ensemble of the seed models (summed scores, divided
/// by their number) at the cost of one model. Weights are pruned at
/// [`TrainOptions::min_weight`] only after averaging.
fn run_seeds(
    pass: &Pass<'_>,
    which: &[usize],
    opts: &TrainOptions,
    name: &str,
    log: &mut dyn FnMut(&str),
) -> Result<Model, SyntaxError> {
    if opts.seeds <= 1 {
        return Ok(run_epochs(pass, which, opts, name, log));
    }
    let Pass {
        dev_toks,
        dev_gold,
        dev_right,
        n_classes,
        ..
    } = *pass;
    let mut sum = WeightSum::default();
    for k in 0..opts.seeds {
        let seed_opts = TrainOptions {
            seed: member_seed(opts.seed, k),
            min_weight: 0.0,
            ..opts.clone()
        };
        let m = run_epochs(pass, which, &seed_opts, &format!("{name} seed {k}"), log);
        sum.add(&m, Some)
            .ok_or_else(|| SyntaxError::model("tagger", "seed ensemble: a class out of range"))?;
    }
    let model = sum.into_model(n_classes, opts.seeds as f64, f64::from(opts.min_weight));
    let acc = dev_accuracy(&model, dev_toks, dev_gold, dev_right, n_classes);
    log(&format!(
        "tagger {name}: {} seeds averaged, dev UPOS|XPOS {:.2}%, {} weights",
        opts.seeds,
        100.0 * acc,
        model.n_weights()
    ));
    Ok(model)
}

/// UPOS|XPOS accuracy of the plain greedy tagging of `dev_toks` with `model`.
fn dev_accuracy(
    model: &Model,
    dev_toks: &[Vec<Tok>],
    dev_gold: &[Vec<u16>],
    dev_right: Option<&[Vec<u16>]>,
    n_classes: usize,
) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for (k, ts) in dev_toks.iter().enumerate() {
        let pred = greedy(model, ts, dev_right.map(|r| r[k].as_slice()), n_classes);
        ok += pred
            .iter()
            .zip(&dev_gold[k])
            .filter(|(p, g)| p == g)
            .count();
        n += pred.len();
    }
    ok as f64 / n.max(1) as f64
}

/// The data of one tagging pass: training and dev sentences, their gold tags
/// and, for the second pass, the first pass's tags to the right.
#[derive(Clone, Copy)]
struct Pass<'a> {
    toks: &'a [Vec<Tok>],
    gold: &'a [Vec<u16>],
    right: Option<&'a [Vec<u16>]>,
    dev_toks: &'a [Vec<Tok>],
    dev_gold: &'a [Vec<u16>],
    dev_right: Option<&'a [Vec<u16>]>,
    n_classes: usize,
}

/// Perceptron epochs over the sentences `which` of the training set, keeping
/// the averaged model that tags the dev set best.
fn run_epochs(
    pass: &Pass<'_>,
    which: &[usize],
    opts: &TrainOptions,
    name: &str,
    log: &mut dyn FnMut(&str),
) -> Model {
    let Pass {
        toks,
        gold,
        right,
        dev_toks,
        dev_gold,
        dev_right,
        n_classes,
    } = *pass;
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
        let acc = dev_accuracy(&model, dev_toks, dev_gold, dev_right, n_classes);
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

    /// The plain two-pass tagging that training evaluates with (every feature
    /// scored afresh, every word re-scored in the second pass).
    fn reference_tags(t: &Tagger, words: &[&str]) -> Vec<u16> {
        let toks = t.toks(words);
        let first = first_pass(&t.model, &toks, t.backward, t.n_tags());
        match &t.second {
            Some(m) => greedy(m, &toks, Some(&first), t.n_tags()),
            None => first,
        }
    }

    #[test]
    fn fast_tagging_matches_plain_scoring() {
        let mut data = toy();
        data.push(sent(&[
            ("Zebras", "NOUN", "NNS"),
            ("well-fed", "ADJ", "JJ"),
            ("sleep", "VERB", "VBP"),
            ("in", "ADP", "IN"),
            ("1999", "NUM", "CD"),
            ("!", "PUNCT", "."),
        ]));
        let opts = TrainOptions {
            frequent_words: 7,
            second_pass_margin: f32::INFINITY,
            ..TrainOptions::default()
        };
        let t = train(&data, &data, &opts, &mut |_| {}).unwrap();
        assert!(t.fast.type_toks.len() == 7 && t.second.is_some());
        let sentences: [&[&str]; 6] = [
            &["The", "horse", "jumps", "."],
            &["A", "dog", "well-fed", "sleeps", "in", "2001", "!"],
            &["cat"],
            &["The", "The", "The", "zebra", "eats", "Fish", "today", "."],
            &["", "ÄÖÜ", "1,000", "\u{200b}"],
            &[
                "Zorbs", "the", "qux", "blips", "a", "dog", "zany", "frobs", "in", "1999", "and",
                "Cats", "sleep", "well-fed", "wugs", "run", "The", "The", "snarfs", "eat", "!",
                "glorp", "blarg", "fish", "cow", "yips", ".",
            ],
        ];
        for words in sentences {
            let fast: Vec<u16> = t.tag(words).into_iter().map(|x| x.0).collect();
            assert_eq!(fast, reference_tags(&t, words), "{words:?}");
        }
        // With a zero margin the second pass changes nothing.
        let t0 = t.with_second_pass_margin(0.0);
        let words = ["A", "dog", "well-fed", "sleeps", "."];
        let toks = t0.toks(&words);
        let first = first_pass(&t0.model, &toks, t0.backward, t0.n_tags());
        let got: Vec<u16> = t0.tag(&words).into_iter().map(|x| x.0).collect();
        assert_eq!(got, first);
    }

    #[test]
    fn seed_ensembles_average_weights() {
        let data = toy();
        let opts = TrainOptions {
            seeds: 3,
            second_pass_margin: f32::INFINITY,
            ..TrainOptions::default()
        };
        let t = train(&data, &data, &opts, &mut |_| {}).unwrap();
        let words = ["The", "horse", "jumps", "."];
        let up: Vec<&str> = t.tag(&words).iter().map(|&x| t.upos(x)).collect();
        assert_eq!(up, ["DET", "NOUN", "VERB", "PUNCT"]);
        let fast: Vec<u16> = t.tag(&words).into_iter().map(|x| x.0).collect();
        assert_eq!(fast, reference_tags(&t, &words));
        // One model averaged with itself twice scores as before.
        let mut sum = WeightSum::default();
        sum.add(&t.model, Some).unwrap();
        sum.add(&t.model, Some).unwrap();
        let again = sum.into_model(t.n_tags(), 2.0, 0.0);
        assert_eq!(again.n_weights(), t.model.n_weights());
        let toks = t.toks(&words);
        let (mut a, mut b) = (vec![0f32; t.n_tags()], vec![0f32; t.n_tags()]);
        let mut feats = Vec::new();
        for i in 0..toks.len() {
            features(&toks, i, &[], None, t.n_tags(), &mut feats);
            t.model.scores(&feats, &mut a);
            again.scores(&feats, &mut b);
            for (x, y) in a.iter().zip(&b) {
                assert!((x - y).abs() <= 1e-3 * x.abs().max(1.0), "{x} {y}");
            }
        }
        assert_ne!(member_seed(7, 1), member_seed(7, 2));
        assert_eq!(member_seed(7, 0), 7);
    }

    #[test]
    fn old_model_files_are_refused_clearly() {
        let err = Tagger::load(b"DYADTG02\x01\x00\x00\x00").unwrap_err();
        assert!(err.to_string().contains("no longer read"), "{err}");
        assert_eq!(hyphen_tail("nato-led"), Some("led"));
        assert_eq!(hyphen_tail("-led"), None);
        assert_eq!(hyphen_tail("1990-91"), None);
        assert_eq!(hyphen_tail("x-"), None);
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
            let mut bytes = MAGIC.to_vec();
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
