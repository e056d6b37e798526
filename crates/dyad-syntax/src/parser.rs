//! The dependency parser: greedy arc-hybrid transitions scored by an averaged
//! perceptron, producing labelled Universal Dependencies trees.
//!
//! For: parsing one tagged sentence ([`Parser::parse`]) into a well-formed
//! tree (exactly one root, every word one head) with full UD relations such as
//! `nsubj:pass`, and training a parser from CoNLL-U treebanks ([`train`]) with
//! a dynamic oracle and error exploration (Goldberg & Nivre 2013), and
//! folding a seed ensemble of such parsers into one model of the same speed
//! by summing their weights ([`sum_weights`]).
//!
//! Not for: tagging (see [`crate::tagger`]), tokenising, or enhanced
//! dependencies. Non-projective trees are projectivised for training (lifted
//! arcs keep their labels), so the parser only outputs projective trees.
//!
//! Transition system (arc-hybrid, root at the end of the buffer): the buffer
//! is `b0 ..= n+1` where `n+1` is the artificial root; SHIFT moves `b0` onto
//! the stack, LEFT-l attaches `s0` to `b0` and pops it, RIGHT-l attaches `s0`
//! to `s1` and pops it. LEFT to the root is allowed only when the stack holds
//! one word, which guarantees exactly one root.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::conllu::Sentence;
pub use crate::perceptron::member_seed;
use crate::perceptron::{FeatureHasher, Model, Trainer, WeightSum};
use crate::pipeline::SyntaxError;

/// The file magic; the last byte is the feature-set version (`2`: base
/// templates, `3`: plus punctuation and verb counts between words, `4`: the
/// action table and the cluster lexicon stored in the file, plus word-cluster
/// templates when the lexicon is not empty, `5`: set 4 without the templates
/// in [`DROPPED`]). Bumped whenever the templates or the layout change, since
/// old models would score wrongly.
const MAGIC: &[u8; 7] = b"DYADDP0";
const FEATURES_BASE: u8 = b'2';
const FEATURES_BETWEEN: u8 = b'3';
const FEATURES_CLUSTERS: u8 = b'4';
const FEATURES_PRUNED: u8 = b'5';
/// The newest feature set: the one [`train`] produces.
const FEATURES_NEWEST: u8 = FEATURES_PRUNED;

/// The templates feature set 5 leaves out, by their 0-based position in the
/// order [`features`] emits set 4's (before any cluster template): those
/// whose removal cost the least LAS on EWT dev + GUM dev when masked at
/// scoring time in the feature-set-3 model (`parse_eval --ablate`). Each
/// one dropped saves a table lookup per scored transition.
const DROPPED: &[usize] = &[
    2, 11, 17, 18, 19, 26, 27, 30, 32, 35, 36, 37, 40, 42, 46, 47, 48, 50, 51, 52, 57, 60, 61, 65,
    67, 72, 73, 96, 97, 103, 105, 107, 111, 122, 124,
];

/// `DROPPED` as a lookup table over template positions.
const DROPPED_MASK: [bool; 256] = {
    let mut m = [false; 256];
    let mut i = 0;
    while i < DROPPED.len() {
        m[DROPPED[i]] = true;
        i += 1;
    }
    m
};
const ROOT_LABEL: &str = "root";
/// Above this many words a sentence is parsed as a flat chain (keeps time and
/// memory bounded on pathological input).
pub const MAX_WORDS: usize = 2_000;

/// A trained dependency parser: immutable, cheap to share across threads.
#[derive(Debug, Clone)]
pub struct Parser {
    features: u8,
    labels: Vec<String>,
    root: u16,
    /// The transitions the model scores (its classes, in order).
    actions: Vec<Action>,
    /// Lower-cased word (digits as `0`) → its cluster in unlabelled text.
    clusters: HashMap<String, u16>,
    model: Model,
}

/// A transition: SHIFT, or LEFT / RIGHT with a relation label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Shift,
    Left(u16),
    Right(u16),
}

/// The action table of feature sets 2 and 3: SHIFT, then LEFT-l and RIGHT-l
/// for every label.
fn all_actions(n_labels: usize) -> Vec<Action> {
    let mut a = vec![Action::Shift];
    for l in 0..n_labels as u16 {
        a.push(Action::Left(l));
        a.push(Action::Right(l));
    }
    a
}

/// Settings for [`train`].
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// The most passes over the training data.
    pub epochs: usize,
    /// Stop after this many passes without a better dev LAS.
    pub patience: usize,
    /// From this pass on (0-based), wrong predictions are followed
    /// (error exploration).
    pub explore_from: usize,
    /// The probability of following a wrong prediction while exploring.
    pub explore_p: f64,
    /// Seed of the deterministic shuffle and of exploration.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub min_weight: f32,
    /// Word clusters learned from unlabelled text (lower-cased words, digits
    /// as `0`; see [`crate::tagger::word_clusters`]); stored in the model and
    /// used as features. Empty: every word counts as unclustered.
    pub clusters: HashMap<String, u16>,
    /// The final model is pruned (smallest weights first) to at most this
    /// many bytes.
    pub max_bytes: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            patience: 3,
            explore_from: 1,
            explore_p: 0.9,
            seed: 0x9a75e,
            min_weight: 0.05,
            max_bytes: 16 << 20,
            clusters: HashMap::new(),
        }
    }
}

/// Unlabelled and labelled attachment counts over a set of sentences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Attachment {
    /// Words scored (every word, punctuation included).
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and the right universal relation (the part
    /// before any `:`).
    pub labelled: usize,
}

impl Attachment {
    /// Unlabelled attachment score in percent.
    pub fn uas(&self) -> f64 {
        100.0 * self.heads as f64 / self.words.max(1) as f64
    }
    /// Labelled attachment score (universal relations) in percent.
    pub fn las(&self) -> f64 {
        100.0 * self.labelled as f64 / self.words.max(1) as f64
    }
}

// ---------------------------------------------------------------------------
// Transition state and features.

const NONE: u32 = 0;

/// Per-word values that features read, hashed once per sentence.
struct Context {
    /// Punctuation marks before word `i` (index `i`; `n + 1` counts all).
    punct_before: Vec<u32>,
    /// Verbs and auxiliaries before word `i`.
    verbs_before: Vec<u32>,
    word: Vec<u64>,
    suffix: Vec<u64>,
    shape: Vec<u64>,
    xpos: Vec<u64>,
    upos: Vec<u64>,
    /// Word cluster (1 none, 2 root, 3 unclustered, else cluster + 4).
    cluster: Vec<u64>,
    /// Whether there is a cluster lexicon (else no cluster templates).
    use_clusters: bool,
}

fn hash_word(w: &str) -> u64 {
    let mut h = FeatureHasher::new(0xfff0);
    let mut buf = [0u8; 4];
    for c in w.chars() {
        for lc in c.to_lowercase() {
            let lc = if lc.is_ascii_digit() { '0' } else { lc };
            h = h.str(lc.encode_utf8(&mut buf));
        }
    }
    h.finish()
}

/// The last three characters, lower-cased.
fn hash_suffix(w: &str) -> u64 {
    let start = w.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    hash_word(&w[start..]) ^ 0x5u64
}

/// A few bits of orthography: initial capital, all capitals, digit, hyphen,
/// no letter at all.
fn shape(w: &str) -> u64 {
    let mut first = true;
    let (mut cap, mut all_caps, mut digit, mut hyphen, mut letter) =
        (false, true, false, false, false);
    for c in w.chars() {
        if c.is_alphabetic() {
            letter = true;
            if first && c.is_uppercase() {
                cap = true;
            }
            if !c.is_uppercase() {
                all_caps = false;
            }
        }
        digit |= c.is_numeric();
        hyphen |= c == '-';
        first = false;
    }
    u64::from(cap)
        | u64::from(all_caps && letter) << 1
        | u64::from(digit) << 2
        | u64::from(hyphen) << 3
        | u64::from(!letter) << 4
}

fn hash_tag(t: &str) -> u64 {
    FeatureHasher::new(0xfff1).str(t).finish()
}

impl Context {
    fn new(
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
        clusters: &HashMap<String, u16>,
    ) -> Context {
        let n = words.len();
        let mut c = Context {
            punct_before: Vec::with_capacity(n + 2),
            verbs_before: Vec::with_capacity(n + 2),
            word: Vec::with_capacity(n + 2),
            suffix: Vec::with_capacity(n + 2),
            shape: Vec::with_capacity(n + 2),
            xpos: Vec::with_capacity(n + 2),
            upos: Vec::with_capacity(n + 2),
            cluster: Vec::with_capacity(n + 2),
            use_clusters: !clusters.is_empty(),
        };
        let none = hash_tag("<none>");
        let (mut punct, mut verbs) = (0u32, 0u32);
        c.punct_before.push(0);
        c.verbs_before.push(0);
        for i in 0..=n {
            c.punct_before.push(punct);
            c.verbs_before.push(verbs);
            let tag = upos.get(i).copied().unwrap_or("");
            punct += u32::from(tag == "PUNCT");
            verbs += u32::from(tag == "VERB" || tag == "AUX");
        }
        c.word.push(none);
        c.suffix.push(none);
        c.shape.push(none);
        c.xpos.push(none);
        c.upos.push(none);
        c.cluster.push(1);
        let mut norm = String::new();
        for (i, word) in words.iter().enumerate() {
            if clusters.is_empty() {
                c.cluster.push(3);
            } else {
                cluster_key(word, &mut norm);
                c.cluster
                    .push(clusters.get(&norm).map_or(3, |&k| u64::from(k) + 4));
            }
            c.word.push(hash_word(word));
            c.suffix.push(hash_suffix(word));
            c.shape.push(shape(word));
            c.xpos.push(hash_tag(xpos.get(i).copied().unwrap_or("")));
            c.upos.push(hash_tag(upos.get(i).copied().unwrap_or("")));
        }
        let root = hash_tag("<root>");
        c.word.push(root);
        c.suffix.push(root);
        c.shape.push(root);
        c.xpos.push(root);
        c.upos.push(root);
        c.cluster.push(2);
        c
    }
}

/// The cluster-lexicon form of a word: lower case, ASCII digits as `0`.
fn cluster_key(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        for lc in c.to_lowercase() {
            out.push(if lc.is_ascii_digit() { '0' } else { lc });
        }
    }
}

/// The parser configuration. Word indices are 1-based; `n + 1` is the root;
/// 0 means "none".
struct State {
    n: u32,
    stack: Vec<u32>,
    b0: u32,
    head: Vec<u32>,
    label: Vec<u16>,
    lc1: Vec<u32>,
    lc2: Vec<u32>,
    rc1: Vec<u32>,
    rc2: Vec<u32>,
    lval: Vec<u8>,
    rval: Vec<u8>,
    lset: Vec<u64>,
    rset: Vec<u64>,
}

impl State {
    fn new(n: u32) -> State {
        let len = n as usize + 2;
        State {
            n,
            stack: Vec::with_capacity(len),
            b0: 1,
            head: vec![NONE; len],
            label: vec![u16::MAX; len],
            lc1: vec![NONE; len],
            lc2: vec![NONE; len],
            rc1: vec![NONE; len],
            rc2: vec![NONE; len],
            lval: vec![0; len],
            rval: vec![0; len],
            lset: vec![0; len],
            rset: vec![0; len],
        }
    }

    fn terminal(&self) -> bool {
        self.stack.is_empty() && self.b0 == self.n + 1
    }

    fn s(&self, i: usize) -> u32 {
        let l = self.stack.len();
        if i < l {
            self.stack[l - 1 - i]
        } else {
            NONE
        }
    }

    fn b(&self, i: u32) -> u32 {
        let x = self.b0 + i;
        if x <= self.n + 1 {
            x
        } else {
            NONE
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, l: u16) {
        let (hu, du) = (h as usize, d as usize);
        self.head[du] = h;
        self.label[du] = l;
        let bit = 1u64 << (l % 64);
        if d < h {
            if self.lc1[hu] == NONE || d < self.lc1[hu] {
                self.lc2[hu] = self.lc1[hu];
                self.lc1[hu] = d;
            } else if self.lc2[hu] == NONE || d < self.lc2[hu] {
                self.lc2[hu] = d;
            }
            self.lval[hu] = self.lval[hu].saturating_add(1);
            self.lset[hu] |= bit;
        } else {
            if self.rc1[hu] == NONE || d > self.rc1[hu] {
                self.rc2[hu] = self.rc1[hu];
                self.rc1[hu] = d;
            } else if self.rc2[hu] == NONE || d > self.rc2[hu] {
                self.rc2[hu] = d;
            }
            self.rval[hu] = self.rval[hu].saturating_add(1);
            self.rset[hu] |= bit;
        }
    }

    /// Applies `action`; it must be valid.
    fn apply(&mut self, action: Action) {
        match action {
            Action::Shift => {
                self.stack.push(self.b0);
                self.b0 += 1;
            }
            Action::Left(l) => {
                if let Some(s0) = self.stack.pop() {
                    self.add_arc(self.b0, s0, l);
                }
            }
            Action::Right(l) => {
                if let Some(s0) = self.stack.pop() {
                    let s1 = self.s(0);
                    self.add_arc(s1, s0, l);
                }
            }
        }
    }

    /// Which of `actions` are allowed now.
    fn valid(&self, root: u16, actions: &[Action], out: &mut [bool]) {
        valid_actions(self.stack.len(), self.at_root(), root, actions, out);
    }

    /// Whether the buffer holds only the root.
    fn at_root(&self) -> bool {
        self.b0 == self.n + 1
    }
}

/// Which of `actions` are allowed with `depth` words on the stack and, when
/// `at_root`, only the root in the buffer (depths above 2 allow what 2 does).
fn valid_actions(depth: usize, at_root: bool, root: u16, actions: &[Action], out: &mut [bool]) {
    for (o, &a) in out.iter_mut().zip(actions) {
        *o = match a {
            Action::Shift => !at_root,
            Action::Left(l) => {
                depth > 0
                    && if at_root {
                        depth == 1 && l == root
                    } else {
                        l != root
                    }
            }
            Action::Right(l) => depth >= 2 && l != root,
        };
    }
}

/// The allowed actions of every kind of state, worked out once per parse
/// rather than once per transition: they depend only on the stack depth (0,
/// 1, or more) and on whether the buffer holds only the root.
struct ValidTable {
    /// Six masks of `actions.len()` values, by [`ValidTable::kind`].
    masks: Vec<bool>,
    /// How many actions each mask allows.
    counts: [usize; 6],
}

impl ValidTable {
    fn new(root: u16, actions: &[Action]) -> ValidTable {
        let nc = actions.len();
        let mut t = ValidTable {
            masks: vec![false; 6 * nc],
            counts: [0; 6],
        };
        for depth in 0..3 {
            for at_root in [false, true] {
                let k = ValidTable::kind(depth, at_root);
                let mask = &mut t.masks[k * nc..(k + 1) * nc];
                valid_actions(depth, at_root, root, actions, mask);
                t.counts[k] = mask.iter().filter(|&&v| v).count();
            }
        }
        t
    }

    fn kind(depth: usize, at_root: bool) -> usize {
        depth.min(2) * 2 + usize::from(at_root)
    }

    /// The allowed actions in state `st`, and how many there are.
    fn get(&self, st: &State) -> (&[bool], usize) {
        let k = ValidTable::kind(st.stack.len(), st.at_root());
        let nc = self.masks.len() / 6;
        (&self.masks[k * nc..(k + 1) * nc], self.counts[k])
    }
}

fn dist_bucket(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    let d = a.abs_diff(b);
    u64::from(match d {
        0..=5 => d,
        6..=9 => 6,
        10..=14 => 7,
        _ => 8,
    })
}

/// Fills `out` with the hashed features of the state.
fn features(c: &Context, st: &State, version: u8, out: &mut Vec<u64>) {
    emit_features(c, st, version, out, Buffer::InOrder, Buffer::InOrder);
}

/// The templates a parse can score less often than on every transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// Templates that read the stack: scored on every transition.
    Rest,
    /// Templates that read nothing but the first three buffer words (and
    /// the bias): the same while the buffer's front word is.
    Front,
    /// Templates that read the buffer's front word and its left children
    /// (and their labels and children): the same until the front word
    /// changes or takes a left child.
    Children,
}

/// Where [`emit_features`] puts the keys of a [`Group`] of templates.
enum Buffer<'a> {
    /// In `out`, in template order (what [`features`] gives).
    InOrder,
    /// Replacing the contents of this vector, apart from `out`.
    Apart(&'a mut Vec<u64>),
    /// Left out.
    Skipped,
}

/// Hashes template after template, numbering them in the order they come.
struct Emitter<'a> {
    /// The number of templates emitted so far.
    t: u16,
    /// Whether the templates in [`DROPPED`] are left out.
    pruned: bool,
    out: &'a mut Vec<u64>,
    front: Buffer<'a>,
    children: Buffer<'a>,
}

impl Emitter<'_> {
    /// The key of the next template with values `vals`, or `None` when it is dropped.
    fn key(&mut self, vals: &[u64]) -> Option<u64> {
        self.t += 1;
        if self.pruned && DROPPED_MASK[usize::from(self.t - 1) & 0xff] {
            return None;
        }
        let mut h = FeatureHasher::new(self.t);
        for &v in vals {
            h = h.int(v);
        }
        Some(h.finish())
    }

    /// Emits a template of [`Group::Rest`].
    fn push(&mut self, vals: &[u64]) {
        self.push_in(Group::Rest, vals);
    }

    /// Emits a template of `group`.
    fn push_in(&mut self, group: Group, vals: &[u64]) {
        let dest = match group {
            Group::Rest => None,
            Group::Front => Some(&self.front),
            Group::Children => Some(&self.children),
        };
        if let Some(Buffer::Skipped) = dest {
            self.t += 1;
            return;
        }
        let Some(k) = self.key(vals) else { return };
        let dest = match group {
            Group::Rest => None,
            Group::Front => Some(&mut self.front),
            Group::Children => Some(&mut self.children),
        };
        match dest {
            Some(Buffer::Apart(v)) => v.push(k),
            _ => self.out.push(k),
        }
    }
}

/// Like [`features`], with the keys of the [`Group::Front`] templates put
/// where `front` says and those of the [`Group::Children`] ones where
/// `children` says.
fn emit_features<'a>(
    c: &Context,
    st: &State,
    version: u8,
    out: &mut Vec<u64>,
    mut front: Buffer<'a>,
    mut children: Buffer<'a>,
) {
    out.clear();
    for b in [&mut front, &mut children] {
        if let Buffer::Apart(v) = b {
            v.clear();
        }
    }
    let w = |i: u32| c.word[i as usize];
    let p = |i: u32| c.xpos[i as usize];
    let u = |i: u32| c.upos[i as usize];
    let sf = |i: u32| c.suffix[i as usize];
    let sh = |i: u32| c.shape[i as usize];
    let lab = |i: u32| {
        if i == NONE {
            0xffff_u64
        } else {
            u64::from(st.label[i as usize])
        }
    };
    let kid = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
    let s0 = st.s(0);
    let s1 = st.s(1);
    let s2 = st.s(2);
    let b0 = st.b(0);
    let b1 = st.b(1);
    let b2 = st.b(2);
    let s0l1 = kid(&st.lc1, s0);
    let s0l2 = kid(&st.lc2, s0);
    let s0r1 = kid(&st.rc1, s0);
    let s0r2 = kid(&st.rc2, s0);
    let s1l1 = kid(&st.lc1, s1);
    let s1r1 = kid(&st.rc1, s1);
    let s1r2 = kid(&st.rc2, s1);
    let b0l1 = kid(&st.lc1, b0);
    let b0l2 = kid(&st.lc2, b0);
    let s0l1l1 = kid(&st.lc1, s0l1);
    let s0r1r1 = kid(&st.rc1, s0r1);
    let b0l1l1 = kid(&st.lc1, b0l1);

    let mut e = Emitter {
        t: 0,
        pruned: version >= FEATURES_PRUNED,
        out,
        front,
        children,
    };
    // Bias.
    e.push_in(Group::Front, &[]);
    // Single words.
    for (x, g) in [
        (s0, Group::Rest),
        (s1, Group::Rest),
        (b0, Group::Front),
        (b1, Group::Front),
    ] {
        e.push_in(g, &[w(x)]);
        e.push_in(g, &[p(x)]);
        e.push_in(g, &[w(x), p(x)]);
        e.push_in(g, &[u(x)]);
    }
    for (x, g) in [(s2, Group::Rest), (b2, Group::Front)] {
        e.push_in(g, &[w(x)]);
        e.push_in(g, &[p(x)]);
        e.push_in(g, &[w(x), p(x)]);
    }
    // Orthography (evidence that survives tagging errors).
    for (x, g) in [
        (s0, Group::Rest),
        (s1, Group::Rest),
        (b0, Group::Front),
        (b1, Group::Front),
    ] {
        e.push_in(g, &[sf(x)]);
        e.push_in(g, &[sh(x)]);
    }
    e.push(&[sf(s0), sf(b0)]);
    e.push(&[sf(s1), sf(s0)]);
    e.push(&[sh(s0), sh(b0)]);
    e.push(&[sf(s0), p(b0)]);
    e.push(&[p(s0), sf(b0)]);
    // Word pairs.
    e.push(&[w(s0), p(s0), w(b0), p(b0)]);
    e.push(&[w(s0), p(s0), w(b0)]);
    e.push(&[w(s0), w(b0), p(b0)]);
    e.push(&[w(s0), p(s0), p(b0)]);
    e.push(&[p(s0), w(b0), p(b0)]);
    e.push(&[w(s0), w(b0)]);
    e.push(&[p(s0), p(b0)]);
    e.push_in(Group::Front, &[p(b0), p(b1)]);
    e.push_in(Group::Front, &[w(b0), p(b1)]);
    e.push_in(Group::Front, &[p(b0), w(b1)]);
    e.push(&[w(s1), p(s1), w(s0), p(s0)]);
    e.push(&[w(s1), p(s1), w(s0)]);
    e.push(&[w(s1), w(s0), p(s0)]);
    e.push(&[w(s1), p(s1), p(s0)]);
    e.push(&[p(s1), w(s0), p(s0)]);
    e.push(&[w(s1), w(s0)]);
    e.push(&[p(s1), p(s0)]);
    e.push(&[w(s1), w(b0)]);
    e.push(&[p(s1), p(b0)]);
    e.push(&[u(s1), u(s0), u(b0)]);
    // Tag trigrams.
    e.push_in(Group::Front, &[p(b0), p(b1), p(b2)]);
    e.push(&[p(s0), p(b0), p(b1)]);
    e.push(&[p(s1), p(s0), p(b0)]);
    e.push(&[p(s2), p(s1), p(s0)]);
    e.push(&[p(s0), p(s0l1), p(b0)]);
    e.push(&[p(s0), p(s0r1), p(b0)]);
    e.push(&[p(s0), p(b0), p(b0l1)]);
    e.push(&[p(s1), p(s0), p(s0l1)]);
    e.push(&[p(s1), p(s0), p(s0r1)]);
    e.push(&[p(s1), p(s1r1), p(s0)]);
    e.push(&[p(s1), p(s1l1), p(s0)]);
    e.push(&[p(s0), p(s0l1), p(s0l2)]);
    e.push(&[p(s0), p(s0r1), p(s0r2)]);
    e.push_in(Group::Children, &[p(b0), p(b0l1), p(b0l2)]);
    e.push(&[p(s1), p(s1r1), p(s1r2)]);
    // Distance.
    let d0 = dist_bucket(s0, b0);
    let d1 = dist_bucket(s1, s0);
    e.push(&[w(s0), d0]);
    e.push(&[p(s0), d0]);
    e.push(&[w(b0), d0]);
    e.push(&[p(b0), d0]);
    e.push(&[w(s0), w(b0), d0]);
    e.push(&[p(s0), p(b0), d0]);
    e.push(&[p(s1), p(s0), d1]);
    e.push(&[w(s1), w(s0), d1]);
    // Valency.
    let val = |v: &Vec<u8>, i: u32| {
        if i == NONE {
            99
        } else {
            u64::from(v[i as usize])
        }
    };
    e.push(&[w(s0), val(&st.rval, s0)]);
    e.push(&[p(s0), val(&st.rval, s0)]);
    e.push(&[w(s0), val(&st.lval, s0)]);
    e.push(&[p(s0), val(&st.lval, s0)]);
    e.push_in(Group::Children, &[w(b0), val(&st.lval, b0)]);
    e.push_in(Group::Children, &[p(b0), val(&st.lval, b0)]);
    e.push(&[p(s1), val(&st.rval, s1)]);
    e.push(&[p(s1), val(&st.lval, s1)]);
    // Children (second and third order).
    for (x, g) in [
        (s0l1, Group::Rest),
        (s0r1, Group::Rest),
        (b0l1, Group::Children),
        (s1r1, Group::Rest),
    ] {
        e.push_in(g, &[w(x)]);
        e.push_in(g, &[p(x)]);
        e.push_in(g, &[lab(x)]);
    }
    for (x, g) in [
        (s0l2, Group::Rest),
        (s0r2, Group::Rest),
        (b0l2, Group::Children),
        (s1l1, Group::Rest),
    ] {
        e.push_in(g, &[p(x)]);
        e.push_in(g, &[lab(x)]);
    }
    e.push(&[p(s0), lab(s0l1), lab(s0l2)]);
    e.push(&[p(s0), lab(s0r1), lab(s0r2)]);
    e.push_in(Group::Children, &[p(b0), lab(b0l1), lab(b0l2)]);
    e.push(&[p(s0), p(s0l1l1)]);
    e.push(&[p(s0), p(s0r1r1)]);
    e.push_in(Group::Children, &[p(b0), p(b0l1l1)]);
    e.push(&[w(s0), p(b0), lab(s0l1)]);
    e.push(&[p(s0), w(b0), lab(b0l1)]);
    // Label sets.
    let set = |v: &Vec<u64>, i: u32| if i == NONE { 1 } else { v[i as usize] };
    e.push(&[w(s0), set(&st.rset, s0)]);
    e.push(&[p(s0), set(&st.rset, s0)]);
    e.push(&[w(s0), set(&st.lset, s0)]);
    e.push(&[p(s0), set(&st.lset, s0)]);
    e.push_in(Group::Children, &[w(b0), set(&st.lset, b0)]);
    e.push_in(Group::Children, &[p(b0), set(&st.lset, b0)]);
    e.push(&[p(s1), set(&st.rset, s1)]);
    if version >= FEATURES_BETWEEN {
        // Punctuation and verbs between s1..s0 and s0..b0.
        let between = |v: &Vec<u32>, a: u32, b: u32| -> u64 {
            if a == NONE || b == NONE {
                return 9;
            }
            let (lo, hi) = (a.min(b) as usize, a.max(b) as usize);
            u64::from(v[hi].saturating_sub(v[lo + 1]).min(3))
        };
        let pb0 = between(&c.punct_before, s0, b0);
        let vb0 = between(&c.verbs_before, s0, b0);
        let pb1 = between(&c.punct_before, s1, s0);
        let vb1 = between(&c.verbs_before, s1, s0);
        e.push(&[p(s0), p(b0), pb0]);
        e.push(&[p(s0), p(b0), vb0]);
        e.push(&[p(s1), p(s0), pb1]);
        e.push(&[p(s1), p(s0), vb1]);
        e.push(&[w(s0), pb0, vb0]);
        e.push(&[w(b0), pb0, vb0]);
        e.push(&[pb0, vb0, d0]);
    }
    if version >= FEATURES_CLUSTERS && c.use_clusters {
        // Word clusters: evidence that survives tagging errors.
        let cl = |i: u32| c.cluster[i as usize];
        for (x, g) in [
            (s0, Group::Rest),
            (s1, Group::Rest),
            (s2, Group::Rest),
            (b0, Group::Front),
            (b1, Group::Front),
            (b2, Group::Front),
            (s0l1, Group::Rest),
            (s0r1, Group::Rest),
            (b0l1, Group::Children),
        ] {
            e.push_in(g, &[cl(x)]);
        }
        e.push(&[cl(s0), cl(b0)]);
        e.push(&[cl(s1), cl(s0)]);
        e.push(&[cl(s0), p(b0)]);
        e.push(&[p(s0), cl(b0)]);
        e.push(&[cl(s1), p(s0)]);
        e.push(&[p(s1), cl(s0)]);
        e.push_in(Group::Front, &[cl(b0), cl(b1)]);
        e.push(&[cl(s0), cl(b0), d0]);
        e.push(&[cl(s0), p(s0), cl(b0), p(b0)]);
    }
    // Whether the buffer front is the root and how deep the stack is (not in
    // set 5: leaving it out at scoring time raised dev LAS).
    if e.pruned {
        return;
    }
    e.push(&[
        u64::from(b0 == st.n + 1),
        (st.stack.len() as u64).min(4),
        p(s0),
    ]);
}

// ---------------------------------------------------------------------------
// Parsing.

impl Parser {
    /// The relation labels the parser can output.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The number of stored weights.
    pub fn n_weights(&self) -> usize {
        self.model.n_weights()
    }

    fn dep(&self) -> u16 {
        self.labels
            .iter()
            .position(|l| l == "dep")
            .map_or(self.labels.len().min(2) as u16 / 2, |i| i as u16)
    }

    fn n_classes(&self) -> usize {
        self.actions.len()
    }

    /// Parses one tagged sentence. Returns, per word, its head (1-based; 0 is
    /// the root) and relation. The result is always a tree with exactly one
    /// root word; missing tags count as unknown.
    pub fn parse(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Vec<(u32, String)> {
        self.parse_ids(words, upos, xpos)
            .into_iter()
            .map(|(h, l)| (h, self.label_str(l).to_string()))
            .collect()
    }

    fn label_str(&self, l: u16) -> &str {
        self.labels
            .get(usize::from(l))
            .map_or("dep", String::as_str)
    }

    /// Like [`Parser::parse`], returning label indices into
    /// [`Parser::labels`].
    pub fn parse_ids(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Vec<(u32, u16)> {
        self.parse_masked(words, upos, xpos, &[])
    }

    /// Like [`Parser::parse_ids`], with the features of the templates at
    /// the positions in `masked` (0-based, in the order [`features`] emits
    /// them) replaced by keys the model has no weights for: what the parse
    /// would be without those templates (for template ablation).
    fn parse_masked(
        &self,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
        masked: &[usize],
    ) -> Vec<(u32, u16)> {
        let n = words.len();
        if n == 0 {
            return Vec::new();
        }
        if n > MAX_WORDS || self.labels.is_empty() {
            return flat_chain(n, self.root, self.dep());
        }
        let ctx = Context::new(words, upos, xpos, &self.clusters);
        let mut st = State::new(n as u32);
        let nc = self.n_classes();
        let mut feats = Vec::with_capacity(160);
        let mut scores = vec![0f32; nc];
        let table = ValidTable::new(self.root, &self.actions);
        // The sums of the templates of [`Group::Front`] and
        // [`Group::Children`], and the buffer front word they are for
        // (`NONE`: to compute); the state's other templates are added to
        // their total.
        let stride = self.model.stride();
        let (mut front_feats, mut children_feats) = (Vec::new(), Vec::new());
        let (mut front_b0, mut children_b0) = (NONE, NONE);
        let (mut front_acc, mut children_acc) = (vec![0i32; stride], vec![0i32; stride]);
        let mut acc = vec![0i32; stride];
        while !st.terminal() {
            let (valid, n_valid) = table.get(&st);
            if n_valid == 0 {
                // An action table without a way on (only from a damaged
                // model): stop; `finish` falls back to a chain.
                break;
            }
            let best = if n_valid == 1 {
                // One way on (e.g. SHIFT onto an empty stack): nothing to score.
                valid.iter().position(|&v| v).unwrap_or(0)
            } else if masked.is_empty() {
                let (new_front, new_children) = (st.b0 != front_b0, st.b0 != children_b0);
                let to = |new: bool, v| {
                    if new {
                        Buffer::Apart(v)
                    } else {
                        Buffer::Skipped
                    }
                };
                let (front, children) = (
                    to(new_front, &mut front_feats),
                    to(new_children, &mut children_feats),
                );
                emit_features(&ctx, &st, self.features, &mut feats, front, children);
                if new_front {
                    front_acc.fill(0);
                    self.model.add(&front_feats, &mut front_acc);
                    front_b0 = st.b0;
                }
                if new_children {
                    children_acc.fill(0);
                    self.model.add(&children_feats, &mut children_acc);
                    children_b0 = st.b0;
                }
                for ((a, f), c) in acc.iter_mut().zip(&front_acc).zip(&children_acc) {
                    *a = f + c;
                }
                self.model.add(&feats, &mut acc);
                self.model.finish(&acc, &mut scores);
                best_valid(&scores, valid)
            } else {
                features(&ctx, &st, self.features, &mut feats);
                for &m in masked {
                    if let Some(f) = feats.get_mut(m) {
                        *f = FeatureHasher::new(0xfffe).int(m as u64).finish();
                    }
                }
                self.model.scores(&feats, &mut scores);
                best_valid(&scores, valid)
            };
            match self.actions.get(best) {
                Some(&a) => {
                    if let Action::Left(_) = a {
                        // The front word takes a left child.
                        children_b0 = NONE;
                    }
                    st.apply(a);
                }
                None => break,
            }
        }
        finish(&st, n, self.root, self.dep())
    }

    /// Reads a parser written by [`Parser::write`].
    pub fn load(bytes: &[u8]) -> Result<Parser, SyntaxError> {
        let bad = |m: &str| SyntaxError::model("parser", m);
        if bytes.len() < 12 || &bytes[..7] != MAGIC {
            return Err(bad("not a dyad parser model (bad magic)"));
        }
        let features = bytes[7];
        if !(FEATURES_BASE..=FEATURES_NEWEST).contains(&features) {
            return Err(bad(
                "unknown feature-set version (a model from a newer dyad? retrain the parser)",
            ));
        }
        let n_labels = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        if n_labels > 4096 {
            return Err(bad("too many labels"));
        }
        let mut pos = 12;
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let len = *bytes.get(pos).ok_or_else(|| bad("truncated label table"))? as usize;
            let s = bytes
                .get(pos + 1..pos + 1 + len)
                .ok_or_else(|| bad("truncated label table"))?;
            let s = std::str::from_utf8(s).map_err(|_| bad("label is not UTF-8"))?;
            labels.push(s.to_string());
            pos += 1 + len;
        }
        let root = labels
            .iter()
            .position(|l| l == ROOT_LABEL)
            .ok_or_else(|| bad("no root label"))? as u16;
        let mut actions = all_actions(labels.len());
        let mut clusters = HashMap::new();
        if features >= FEATURES_CLUSTERS {
            let mut take = |n: usize| -> Result<&[u8], SyntaxError> {
                let s = bytes
                    .get(pos..pos + n)
                    .ok_or_else(|| bad("truncated action or cluster table"))?;
                pos += n;
                Ok(s)
            };
            let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            let n_actions = u32_at(take(4)?) as usize;
            if n_actions > 1 + 2 * labels.len() {
                return Err(bad("too many actions"));
            }
            actions.clear();
            for _ in 0..n_actions {
                let b = take(3)?;
                let l = u16::from_le_bytes([b[1], b[2]]);
                if usize::from(l) >= labels.len() {
                    return Err(bad("action label out of range"));
                }
                actions.push(match b[0] {
                    0 => Action::Shift,
                    1 => Action::Left(l),
                    2 => Action::Right(l),
                    _ => return Err(bad("unknown action kind")),
                });
            }
            let n_clusters = u32_at(take(4)?) as usize;
            clusters.reserve(n_clusters.min(bytes.len() / 4));
            for _ in 0..n_clusters {
                let len = usize::from(take(1)?[0]);
                let w = std::str::from_utf8(take(len)?)
                    .map_err(|_| bad("cluster word is not UTF-8"))?
                    .to_string();
                let b = take(2)?;
                clusters.insert(w, u16::from_le_bytes([b[0], b[1]]));
            }
        }
        let mut rest = &bytes[pos..];
        let model = Model::read(&mut rest).map_err(|e| bad(&e.to_string()))?;
        if model.n_classes() != actions.len() {
            return Err(bad("class count does not match the action table"));
        }
        Ok(Parser {
            features,
            labels,
            root,
            actions,
            clusters,
            model,
        })
    }

    /// Drops the smallest weights so that the written model is at most
    /// `max_bytes` long, keeping as many as fit: the cut-off doubles until
    /// the counted size fits, then is bisected (40 steps) down to the
    /// smallest that fits; one copy is built at the end. Returns the cut-off.
    pub fn prune_to_size(&mut self, max_bytes: usize) -> f32 {
        let fixed = self.written_size() - self.model.written_size();
        if self.written_size() <= max_bytes {
            return 0.0;
        }
        let fits = |cut: f32| fixed + self.model.written_size_pruned(cut) <= max_bytes;
        let mut hi = 0.01f32;
        while !fits(hi) && hi < 1e30 {
            hi *= 2.0;
        }
        let mut lo = hi / 2.0;
        if fits(lo) {
            lo = 0.0;
        }
        for _ in 0..40 {
            let mid = lo + (hi - lo) / 2.0;
            if mid <= lo || mid >= hi {
                break;
            }
            if fits(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        self.model = self.model.pruned(hi);
        hi
    }

    /// Writes the parser: magic, label table, (feature set 4:) action table
    /// and cluster lexicon, then the perceptron model.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&[self.features])?;
        out.write_all(&(self.labels.len() as u32).to_le_bytes())?;
        for l in &self.labels {
            let b = l.as_bytes();
            let len = b.len().min(255);
            out.write_all(&[len as u8])?;
            out.write_all(&b[..len])?;
        }
        if self.features >= FEATURES_CLUSTERS {
            out.write_all(&(self.actions.len() as u32).to_le_bytes())?;
            for a in &self.actions {
                let (kind, l) = match *a {
                    Action::Shift => (0u8, 0u16),
                    Action::Left(l) => (1, l),
                    Action::Right(l) => (2, l),
                };
                out.write_all(&[kind])?;
                out.write_all(&l.to_le_bytes())?;
            }
            let mut words: Vec<(&String, &u16)> = self
                .clusters
                .iter()
                .filter(|(w, _)| w.len() <= 255)
                .collect();
            words.sort();
            out.write_all(&(words.len() as u32).to_le_bytes())?;
            for (w, c) in words {
                out.write_all(&[w.len() as u8])?;
                out.write_all(w.as_bytes())?;
                out.write_all(&c.to_le_bytes())?;
            }
        }
        self.model.write(out)
    }

    /// The size in bytes that [`Parser::write`] produces.
    pub fn written_size(&self) -> usize {
        let labels: usize = self.labels.iter().map(|l| 1 + l.len().min(255)).sum();
        let clusters: usize = if self.features >= FEATURES_CLUSTERS {
            8 + 3 * self.actions.len()
                + self
                    .clusters
                    .keys()
                    .filter(|w| w.len() <= 255)
                    .map(|w| 3 + w.len())
                    .sum::<usize>()
        } else {
            0
        };
        8 + 4 + labels + clusters + self.model.written_size()
    }

    /// Parses every sentence of `gold` with its own tags and counts how many
    /// heads and universal relations are right (every word counts).
    pub fn score(&self, gold: &[Sentence]) -> Attachment {
        self.score_masked(gold, &[])
    }

    /// The number of feature templates the model's feature set emits per
    /// scored state (without word clusters: the cluster templates follow).
    pub fn n_templates(&self) -> usize {
        let c = Context::new(&["a"], &["X"], &["X"], &HashMap::new());
        let mut st = State::new(1);
        st.apply(Action::Shift);
        let mut out = Vec::new();
        features(&c, &st, self.features, &mut out);
        out.len()
    }

    /// Like [`Parser::score`] with the templates at the positions in
    /// `masked` left out at scoring time (see [`Parser::n_templates`]): how
    /// much the trained model leans on them.
    pub fn score_masked(&self, gold: &[Sentence], masked: &[usize]) -> Attachment {
        let mut a = Attachment::default();
        for s in gold {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let upos: Vec<&str> = s.words.iter().map(|w| w.upos.as_str()).collect();
            let xpos: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
            let pred = self.parse_masked(&words, &upos, &xpos, masked);
            for (g, (h, l)) in s.words.iter().zip(pred) {
                a.words += 1;
                if g.head == h {
                    a.heads += 1;
                    if universal(&g.deprel) == universal(self.label_str(l)) {
                        a.labelled += 1;
                    }
                }
            }
        }
        a
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

fn best_valid(scores: &[f32], valid: &[bool]) -> usize {
    let mut best = usize::MAX;
    for (i, (&s, &ok)) in scores.iter().zip(valid).enumerate() {
        if ok && (best == usize::MAX || s > scores[best]) {
            best = i;
        }
    }
    if best == usize::MAX {
        0
    } else {
        best
    }
}

/// Converts a final state to CoNLL-U heads (root = 0).
fn finish(st: &State, n: usize, root: u16, dep: u16) -> Vec<(u32, u16)> {
    let root_idx = n as u32 + 1;
    let out: Vec<(u32, u16)> = (1..=n)
        .map(|d| {
            let h = st.head[d];
            if h == root_idx {
                (0, st.label[d])
            } else {
                (h, st.label[d])
            }
        })
        .collect();
    if is_tree(&out) {
        out
    } else {
        flat_chain(n, root, dep)
    }
}

/// A fallback tree: the first word is the root, every other word depends on
/// the word before it.
fn flat_chain(n: usize, root: u16, dep: u16) -> Vec<(u32, u16)> {
    (0..n)
        .map(|i| if i == 0 { (0, root) } else { (i as u32, dep) })
        .collect()
}

fn is_tree(heads: &[(u32, u16)]) -> bool {
    let n = heads.len() as u32;
    if heads.iter().filter(|(h, _)| *h == 0).count() != 1 || heads.iter().any(|(h, _)| *h > n) {
        return false;
    }
    for start in 1..=n {
        let mut x = start;
        let mut steps = 0;
        while x != 0 {
            x = heads[x as usize - 1].0;
            steps += 1;
            if steps > n {
                return false;
            }
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Training.

/// Lifts non-projective arcs (to the head's head) until the tree is
/// projective. `heads` is 1-based with 0 the root.
fn projectivize(heads: &mut [u32]) {
    let n = heads.len();
    let dominates = |heads: &[u32], h: u32, mut k: u32| {
        let mut steps = 0;
        while k != 0 && steps <= n {
            if k == h {
                return true;
            }
            k = heads[k as usize - 1];
            steps += 1;
        }
        h == 0
    };
    for _ in 0..n * n + 1 {
        let mut worst: Option<(u32, usize)> = None;
        for d in 1..=n as u32 {
            let h = heads[d as usize - 1];
            if h == 0 {
                continue;
            }
            let (a, b) = (h.min(d), h.max(d));
            if (a + 1..b).any(|k| !dominates(heads, h, k)) {
                let span = (b - a) as usize;
                if worst.is_none_or(|(_, s)| span < s) {
                    worst = Some((d, span));
                }
            }
        }
        let Some((d, _)) = worst else { return };
        let h = heads[d as usize - 1];
        heads[d as usize - 1] = heads[h as usize - 1];
    }
}

/// A gold sentence prepared for the oracle (arc-hybrid indexing: the root is
/// `n + 1`).
struct GoldTree {
    words: Vec<String>,
    upos: Vec<String>,
    xpos: Vec<String>,
    head: Vec<u32>,
    label: Vec<u16>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Structural costs of SHIFT, LEFT and RIGHT (arc-hybrid dynamic oracle).
fn costs(st: &State, gold: &[u32]) -> (u32, u32, u32) {
    let n = st.n;
    let s0 = st.s(0);
    let s1 = st.s(1);
    let b0 = st.b0;
    let deps_in_buffer =
        |x: u32| -> u32 { (b0..=n).filter(|&d| gold[d as usize] == x).count() as u32 };
    let mut shift = 0;
    if b0 <= n {
        let depth = st.stack.len();
        let bh = gold[b0 as usize];
        for (i, &x) in st.stack.iter().enumerate() {
            if i + 1 < depth && x == bh {
                shift += 1;
            }
            if gold[x as usize] == b0 {
                shift += 1;
            }
        }
    }
    let (mut left, mut right) = (0, 0);
    if s0 != NONE {
        let h = gold[s0 as usize];
        let kids = deps_in_buffer(s0);
        left = kids + u32::from((s1 != NONE && h == s1) || (h > b0 && h <= n + 1));
        right = kids + u32::from(h >= b0 && h <= n + 1);
    }
    (shift, left, right)
}

/// Trains a parser on `train`, keeping the model that scores the best LAS on
/// `dev` (each sentence parsed with the tags it carries, so pass predicted
/// tags to train on predicted tags). `log` receives one line per pass.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Parser {
    // Label table: "root" first, then by frequency.
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for s in train {
        for w in &s.words {
            if w.deprel != ROOT_LABEL && !w.deprel.is_empty() && w.deprel != "_" {
                *counts.entry(w.deprel.as_str()).or_default() += 1;
            }
        }
    }
    let mut by_freq: Vec<(&str, usize)> = counts.into_iter().collect();
    by_freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut labels = vec![ROOT_LABEL.to_string()];
    labels.extend(
        by_freq
            .iter()
            .take(4000)
            .filter(|(l, _)| l.len() <= 255)
            .map(|(l, _)| l.to_string()),
    );
    let label_id = |l: &str| labels.iter().position(|x| x == l).map(|i| i as u16);

    // Gold trees.
    let mut trees = Vec::new();
    let mut skipped = 0usize;
    let mut lifted = 0usize;
    for s in train {
        let n = s.words.len();
        if n == 0 || n > MAX_WORDS {
            continue;
        }
        let mut heads: Vec<u32> = s.words.iter().map(|w| w.head).collect();
        let ok = heads.iter().all(|&h| h as usize <= n)
            && heads.iter().filter(|&&h| h == 0).count() == 1
            && is_tree(&heads.iter().map(|&h| (h, 0)).collect::<Vec<_>>());
        if !ok {
            skipped += 1;
            continue;
        }
        let before = heads.clone();
        projectivize(&mut heads);
        lifted += before.iter().zip(&heads).filter(|(a, b)| a != b).count();
        let mut head = vec![NONE; n + 2];
        let mut label = vec![0u16; n + 2];
        let mut bad_label = false;
        for (i, w) in s.words.iter().enumerate() {
            head[i + 1] = if heads[i] == 0 {
                n as u32 + 1
            } else {
                heads[i]
            };
            let rel = if heads[i] == 0 {
                ROOT_LABEL
            } else {
                w.deprel.as_str()
            };
            match label_id(rel) {
                Some(l) if (l == 0) == (heads[i] == 0) => label[i + 1] = l,
                _ => bad_label = true,
            }
        }
        if bad_label {
            skipped += 1;
            continue;
        }
        trees.push(GoldTree {
            words: s.words.iter().map(|w| w.form.clone()).collect(),
            upos: s.words.iter().map(|w| w.upos.clone()).collect(),
            xpos: s.words.iter().map(|w| w.xpos.clone()).collect(),
            head,
            label,
        });
    }
    log(&format!(
        "parser: {} training sentences ({} skipped), {} labels, {} arcs lifted to projectivise",
        trees.len(),
        skipped,
        labels.len(),
        lifted
    ));

    // Actions: SHIFT and the (direction, label) pairs of the gold trees;
    // pairs never seen in training would only be noise to score.
    let mut seen = vec![[false; 2]; labels.len()];
    for t in &trees {
        for d in 1..t.head.len() - 1 {
            // [left, right]: LEFT attaches a dependent to a head on its right.
            let right = usize::from(t.head[d] < d as u32);
            if let Some(x) = seen.get_mut(usize::from(t.label[d])) {
                x[right] = true;
            }
        }
    }
    let mut actions = vec![Action::Shift];
    for (l, [left, right]) in seen.iter().enumerate() {
        if *left || l == 0 {
            actions.push(Action::Left(l as u16));
        }
        if *right && l != 0 {
            actions.push(Action::Right(l as u16));
        }
    }
    let nc = actions.len();
    let feature_set = FEATURES_NEWEST;
    let mut trainer = Trainer::new(nc);
    let mut rng = Rng(opts.seed | 1);
    let mut order: Vec<usize> = (0..trees.len()).collect();
    let mut best: Option<(f64, Parser)> = None;
    let mut since_best = 0;
    let mut feats = Vec::with_capacity(128);
    let mut scores = vec![0f32; nc];
    let mut valid = vec![false; nc];
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let explore = epoch >= opts.explore_from;
        let (mut steps, mut errors) = (0usize, 0usize);
        for &ti in &order {
            let t = &trees[ti];
            let words: Vec<&str> = t.words.iter().map(String::as_str).collect();
            let upos: Vec<&str> = t.upos.iter().map(String::as_str).collect();
            let xpos: Vec<&str> = t.xpos.iter().map(String::as_str).collect();
            let ctx = Context::new(&words, &upos, &xpos, &opts.clusters);
            let mut st = State::new(words.len() as u32);
            while !st.terminal() {
                features(&ctx, &st, feature_set, &mut feats);
                trainer.scores(&feats, &mut scores);
                st.valid(0, &actions, &mut valid);
                if !valid.contains(&true) {
                    // Only when the training trees lack every RIGHT arc.
                    break;
                }
                let (cs, cl, cr) = costs(&st, &t.head);
                let s0 = st.s(0) as usize;
                let s1 = st.s(1);
                let gl = t.label[s0];
                let cost = |c: usize| -> u32 {
                    match actions[c] {
                        Action::Shift => cs,
                        Action::Left(l) => cl + u32::from(t.head[s0] == st.b0 && l != gl),
                        Action::Right(l) => {
                            cr + u32::from(t.head[s0] == s1 && s1 != NONE && l != gl)
                        }
                    }
                };
                let min_cost = (0..nc).filter(|&c| valid[c]).map(cost).min().unwrap_or(0);
                let pred = best_valid(&scores, &valid);
                let mut gold_best = usize::MAX;
                for (c, &ok) in valid.iter().enumerate() {
                    if ok
                        && cost(c) == min_cost
                        && (gold_best == usize::MAX || scores[c] > scores[gold_best])
                    {
                        gold_best = c;
                    }
                }
                if gold_best == usize::MAX {
                    gold_best = pred;
                }
                let wrong = cost(pred) > min_cost;
                if wrong {
                    trainer.update(&feats, gold_best, pred, 1.0);
                    errors += 1;
                }
                trainer.tick();
                steps += 1;
                let next = if wrong && explore && rng.unit() < opts.explore_p {
                    pred
                } else {
                    gold_best
                };
                st.apply(actions[next]);
            }
        }
        let parser = Parser {
            features: feature_set,
            labels: labels.clone(),
            root: 0,
            actions: actions.clone(),
            clusters: opts.clusters.clone(),
            model: trainer.averaged(opts.min_weight),
        };
        let a = parser.score(dev);
        log(&format!(
            "parser: pass {}: train error {:.2}% ({} steps); dev UAS {:.2} LAS {:.2}; {} weights",
            epoch + 1,
            100.0 * errors as f64 / steps.max(1) as f64,
            steps,
            a.uas(),
            a.las(),
            parser.n_weights()
        ));
        let las = if dev.is_empty() {
            epoch as f64
        } else {
            a.las()
        };
        if best.as_ref().is_none_or(|(b, _)| las > *b) {
            best = Some((las, parser));
            since_best = 0;
        } else {
            since_best += 1;
            if since_best >= opts.patience {
                log("parser: stopping early");
                break;
            }
        }
    }
    let mut parser = match best {
        Some((_, p)) => p,
        None => Parser {
            features: feature_set,
            labels,
            root: 0,
            actions,
            clusters: opts.clusters.clone(),
            model: trainer.averaged(opts.min_weight),
        },
    };
    if parser.written_size() > opts.max_bytes {
        let cut = parser.prune_to_size(opts.max_bytes);
        let a = parser.score(dev);
        log(&format!(
            "parser: pruned weights below {cut:.3}: {} weights, dev UAS {:.2} LAS {:.2}",
            parser.n_weights(),
            a.uas(),
            a.las()
        ));
    }
    parser
}

/// A seed ensemble of `seeds` parsers (members trained unpruned with
/// [`member_seed`]s of `opts.seed`, weights summed by [`sum_weights`]), pruned
/// to `opts.max_bytes`; with `seeds <= 1` the single model of [`train`].
pub fn train_ensemble(
    train_set: &[Sentence],
    dev: &[Sentence],
    opts: &TrainOptions,
    seeds: usize,
    log: &mut dyn FnMut(&str),
) -> Result<Parser, SyntaxError> {
    if seeds <= 1 {
        return Ok(train(train_set, dev, opts, log));
    }
    let mut members = Vec::with_capacity(seeds);
    for i in 0..seeds {
        let seed = member_seed(opts.seed, i);
        log(&format!(
            "parser: member {} of {seeds}, seed {seed:#x}",
            i + 1
        ));
        let member_opts = TrainOptions {
            seed,
            max_bytes: usize::MAX,
            ..opts.clone()
        };
        members.push(train(train_set, dev, &member_opts, log));
    }
    let mut parser = sum_weights(&members)?;
    drop(members);
    let cut = parser.prune_to_size(opts.max_bytes);
    let a = parser.score(dev);
    log(&format!(
        "parser: {seeds} members summed, pruned below {cut:.3}: {} weights, dev UAS {:.2} LAS {:.2}",
        parser.n_weights(),
        a.uas(),
        a.las()
    ));
    Ok(parser)
}

/// One parser whose weights are the sums of the weights of `members`.
///
/// Scores are linear in the weights, so the sum scores every transition as
/// the ensemble of the members would (the sum of their scores, up to the
/// 16-bit quantisation of the result) at the cost of one model: train the
/// members on the same data with different [`TrainOptions::seed`]s, unpruned
/// (a large [`TrainOptions::max_bytes`]), sum them, then
/// [`Parser::prune_to_size`]. The members must share the feature set, the
/// labels and the word clusters; their action tables may differ in order
/// but every member's actions must be in the first member's table.
pub fn sum_weights(members: &[Parser]) -> Result<Parser, SyntaxError> {
    let bad = |m: &str| SyntaxError::model("parser ensemble", m);
    let Some(first) = members.first() else {
        return Err(bad("no members to sum"));
    };
    let mut sum = WeightSum::default();
    for (i, m) in members.iter().enumerate() {
        if m.features != first.features || m.labels != first.labels || m.clusters != first.clusters
        {
            return Err(bad(&format!(
                "member {i} differs from member 0 in feature set, labels or clusters"
            )));
        }
        // Class of this member → class of the first member.
        let map: Vec<u16> = m
            .actions
            .iter()
            .map(|a| first.actions.iter().position(|b| b == a).map(|c| c as u16))
            .collect::<Option<_>>()
            .ok_or_else(|| bad(&format!("member {i} has an action member 0 lacks")))?;
        sum.add(&m.model, |c| map.get(usize::from(c)).copied())
            .ok_or_else(|| bad(&format!("member {i}: a weight of a class it does not have")))?;
    }
    Ok(Parser {
        model: sum.into_model(first.actions.len(), 1.0, 0.0),
        ..first.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::parse_str;

    const TOY: &str = "1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tchase\tchase\tVERB\tVBP\t_\t0\troot\t_\t_
3\tcats\tcat\tNOUN\tNNS\t_\t2\tobj\t_\t_
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tBig\tbig\tADJ\tJJ\t_\t2\tamod\t_\t_
2\tdogs\tdog\tNOUN\tNNS\t_\t3\tnsubj\t_\t_
3\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

    fn toy_parser() -> Parser {
        let data = parse_str(TOY, "toy").unwrap();
        let opts = TrainOptions {
            epochs: 10,
            min_weight: 0.0,
            ..TrainOptions::default()
        };
        train(&data, &data, &opts, &mut |_| {})
    }

    #[test]
    fn an_ensemble_fits_its_budget_and_parses() {
        let data = parse_str(TOY, "toy").unwrap();
        let opts = TrainOptions {
            epochs: 10,
            min_weight: 0.0,
            ..TrainOptions::default()
        };
        let single = train_ensemble(&data, &data, &opts, 1, &mut |_| {}).unwrap();
        assert_eq!(single.score(&data), toy_parser().score(&data));
        let budget = TrainOptions {
            max_bytes: toy_parser().written_size(),
            ..opts
        };
        let mut lines = Vec::new();
        let three =
            train_ensemble(&data, &data, &budget, 3, &mut |l| lines.push(l.to_string())).unwrap();
        assert!(three.written_size() <= budget.max_bytes);
        assert!(three.score(&data).las() > 50.0);
        assert!(lines.iter().any(|l| l.contains("3 members summed")));
    }

    #[test]
    fn summed_weights_score_as_the_ensemble() {
        let data = parse_str(TOY, "toy").unwrap();
        let p = toy_parser();
        let opts = TrainOptions {
            epochs: 10,
            min_weight: 0.0,
            seed: member_seed(TrainOptions::default().seed, 1),
            ..TrainOptions::default()
        };
        let q = train(&data, &data, &opts, &mut |_| {});
        // A model added to itself scores twice as high: the same parses.
        let pp = sum_weights(&[p.clone(), p.clone()]).unwrap();
        assert_eq!(pp.score(&data), p.score(&data));
        assert_eq!(pp.n_weights(), p.n_weights());
        // Two members: every state scores as the sum of their scores.
        let s = sum_weights(&[p.clone(), q.clone()]).unwrap();
        let words = ["Big", "dogs", "bark", "."];
        let tags = ["ADJ", "NOUN", "VERB", "PUNCT"];
        let ctx = Context::new(&words, &tags, &tags, &HashMap::new());
        let mut st = State::new(4);
        let nc = p.n_classes();
        let (mut a, mut b, mut c) = (vec![0f32; nc], vec![0f32; nc], vec![0f32; nc]);
        let mut feats = Vec::new();
        let mut compared = 0;
        for _ in 0..3 {
            st.apply(Action::Shift);
            features(&ctx, &st, p.features, &mut feats);
            p.model.scores(&feats, &mut a);
            q.model.scores(&feats, &mut b);
            s.model.scores(&feats, &mut c);
            let top = c.iter().fold(1f32, |m, x| m.max(x.abs()));
            for i in 0..nc {
                assert!((a[i] + b[i] - c[i]).abs() <= 1e-2 * top, "class {i}");
                compared += usize::from(c[i] != 0.0);
            }
        }
        assert!(compared > 0);
        // Members must agree on labels; an empty ensemble is an error.
        let mut other = q.clone();
        other.labels.push("extra".to_string());
        assert!(sum_weights(&[p.clone(), other]).is_err());
        assert!(sum_weights(&[]).is_err());
        assert_ne!(member_seed(7, 1) | 1, member_seed(7, 0) | 1);
        assert_eq!(member_seed(7, 0), 7);
    }

    #[test]
    fn pruning_keeps_as_many_weights_as_fit() {
        let full = toy_parser();
        let size = full.written_size();
        let budget = size - (size - 200) / 2;
        let mut p = full.clone();
        let cut = p.prune_to_size(budget);
        assert!(cut > 0.0);
        assert!(p.written_size() <= budget);
        assert!(p.n_weights() < full.n_weights());
        // A slightly lower cut-off would not have fitted.
        let mut q = full.clone();
        q.model = q.model.pruned(cut * 0.999);
        assert!(q.written_size() > budget || q.n_weights() == p.n_weights());
        let mut r = full.clone();
        assert_eq!(r.prune_to_size(size), 0.0);
        assert_eq!(r.n_weights(), full.n_weights());
    }

    #[test]
    fn learns_toy_trees_and_round_trips() {
        let p = toy_parser();
        let data = parse_str(TOY, "toy").unwrap();
        assert_eq!(p.score(&data).heads, 8);
        let mut bytes = Vec::new();
        p.write(&mut bytes).unwrap();
        let q = Parser::load(&bytes).unwrap();
        assert_eq!(q.score(&data), p.score(&data));
        let r = q.parse(&["Dogs", "chase", "cats", "."], &[], &[]);
        assert_eq!(r.len(), 4);
    }

    #[test]
    fn feature_set_5_is_set_4_without_the_dropped_templates() {
        let words = ["The", "talks", "failed", "in", "Geneva", "."];
        let upos = ["DET", "NOUN", "VERB", "ADP", "PROPN", "PUNCT"];
        let xpos = ["DT", "NNS", "VBD", "IN", "NNP", "."];
        let c = Context::new(&words, &upos, &xpos, &HashMap::new());
        let mut st = State::new(words.len() as u32);
        for a in [Action::Shift, Action::Shift, Action::Left(0), Action::Shift] {
            st.apply(a);
        }
        let (mut f4, mut f5) = (Vec::new(), Vec::new());
        features(&c, &st, FEATURES_CLUSTERS, &mut f4);
        features(&c, &st, FEATURES_PRUNED, &mut f5);
        assert_eq!(f4.len(), 130);
        // The dropped templates and the final stack-depth template go.
        assert_eq!(f5.len(), f4.len() - DROPPED.len() - 1);
        let kept: Vec<u64> = f4[..f4.len() - 1]
            .iter()
            .enumerate()
            .filter(|(i, _)| !DROPPED.contains(i))
            .map(|(_, &f)| f)
            .collect();
        assert_eq!(f5, kept);
    }

    #[test]
    fn the_valid_table_allows_what_the_state_does() {
        let actions = all_actions(3);
        let table = ValidTable::new(2, &actions);
        let mut st = State::new(4);
        let mut valid = vec![false; actions.len()];
        let plan = [
            Action::Shift,
            Action::Shift,
            Action::Shift,
            Action::Left(0),
            Action::Shift,
            Action::Right(1),
            Action::Right(0),
            Action::Left(2),
        ];
        for a in plan {
            st.valid(2, &actions, &mut valid);
            let (mask, count) = table.get(&st);
            assert_eq!(mask, &valid[..]);
            assert_eq!(count, valid.iter().filter(|&&v| v).count());
            st.apply(a);
        }
        assert!(st.terminal());
    }

    #[test]
    fn buffer_templates_apart_are_the_same_keys() {
        let words = ["The", "talks", "failed", "in", "Geneva", "."];
        let upos = ["DET", "NOUN", "VERB", "ADP", "PROPN", "PUNCT"];
        let xpos = ["DT", "NNS", "VBD", "IN", "NNP", "."];
        let mut clusters = HashMap::new();
        clusters.insert("talks".to_string(), 7);
        let c = Context::new(&words, &upos, &xpos, &clusters);
        let mut st = State::new(words.len() as u32);
        for a in [Action::Shift, Action::Shift, Action::Left(0), Action::Shift] {
            for version in [FEATURES_CLUSTERS, FEATURES_PRUNED] {
                let (mut all, mut rest, mut front, mut children, mut skipped) =
                    (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
                features(&c, &st, version, &mut all);
                let (f, ch) = (Buffer::Apart(&mut front), Buffer::Apart(&mut children));
                emit_features(&c, &st, version, &mut rest, f, ch);
                let (f, ch) = (Buffer::Skipped, Buffer::Skipped);
                emit_features(&c, &st, version, &mut skipped, f, ch);
                assert!(!front.is_empty() && !children.is_empty());
                assert_eq!(rest, skipped);
                let mut joined = [rest, front, children].concat();
                joined.sort_unstable();
                all.sort_unstable();
                assert_eq!(joined, all);
            }
            st.apply(a);
        }
    }

    #[test]
    fn scoring_front_word_templates_less_often_keeps_the_trees() {
        let p = &crate::pipeline::Pipeline::embedded().unwrap().parser;
        let text = "The talks , which began on Monday in Geneva , failed after the rebels \
                    walked out and the government said it would not negotiate .";
        let words: Vec<&str> = text.split_whitespace().collect();
        let upos = [
            "DET", "NOUN", "PUNCT", "PRON", "VERB", "ADP", "PROPN", "ADP", "PROPN",
        ];
        let xpos = ["DT", "NNS", ",", "WDT", "VBD", "IN", "NNP", "IN", "NNP"];
        // A mask that hides nothing takes the plain path, scoring every
        // template on every transition.
        for n in [1, 2, 5, words.len()] {
            let plain = p.parse_masked(&words[..n], &upos, &xpos, &[usize::MAX]);
            assert_eq!(p.parse_ids(&words[..n], &upos, &xpos), plain);
        }
    }

    #[test]
    fn masking_templates_changes_scores_not_trees() {
        let p = toy_parser();
        let data = parse_str(TOY, "toy").unwrap();
        assert_eq!(p.score_masked(&data, &[]), p.score(&data));
        let all: Vec<usize> = (0..p.n_templates()).collect();
        assert_eq!(p.n_templates(), 130 - DROPPED.len() - 1);
        let words: Vec<&str> = data[0].words.iter().map(|w| w.form.as_str()).collect();
        let heads = p.parse_masked(&words, &[], &[], &all);
        assert!(is_tree(&heads));
        assert_eq!(p.score_masked(&data, &all).words, p.score(&data).words);
    }

    #[test]
    fn corrupt_models_are_errors() {
        assert!(Parser::load(b"").is_err());
        assert!(Parser::load(b"DYADDP02\xff\xff\xff\xff").is_err());
        let p = toy_parser();
        let mut bytes = Vec::new();
        p.write(&mut bytes).unwrap();
        bytes.truncate(bytes.len() - 5);
        assert!(Parser::load(&bytes).is_err());
    }

    #[test]
    fn unknown_versions_and_truncated_tables_are_errors() {
        let err = Parser::load(b"DYADDP09\x01\x00\x00\x00\x04root").unwrap_err();
        assert!(err.to_string().contains("feature-set version"), "{err}");
        let p = toy_parser();
        let mut bytes = Vec::new();
        p.write(&mut bytes).unwrap();
        // Cut inside the action table (magic, label count, labels, then it).
        let labels: usize = p.labels().iter().map(|l| 1 + l.len()).sum();
        assert!(Parser::load(&bytes[..12 + labels + 6]).is_err());
    }

    #[test]
    fn learns_only_the_actions_of_the_training_trees() {
        let p = toy_parser();
        // SHIFT, LEFT-root, and per label only the directions seen in TOY.
        assert_eq!(p.actions[0], Action::Shift);
        assert!(p.actions.contains(&Action::Left(0)));
        let nsubj = p.labels().iter().position(|l| l == "nsubj").unwrap() as u16;
        let obj = p.labels().iter().position(|l| l == "obj").unwrap() as u16;
        assert!(p.actions.contains(&Action::Left(nsubj)));
        assert!(!p.actions.contains(&Action::Right(nsubj)));
        assert!(p.actions.contains(&Action::Right(obj)));
        assert!(!p.actions.contains(&Action::Left(obj)));
        assert_eq!(p.actions.len(), 1 + 1 + 4);
    }

    #[test]
    fn cluster_features_train_and_round_trip() {
        let data = parse_str(TOY, "toy").unwrap();
        let clusters: HashMap<String, u16> = [("dogs", 1), ("cats", 3), ("chase", 2), ("bark", 4)]
            .into_iter()
            .map(|(w, c)| (w.to_string(), c))
            .collect();
        // Averaging needs passes without errors to forget the first one.
        let opts = TrainOptions {
            epochs: 20,
            patience: 20,
            min_weight: 0.0,
            clusters,
            ..TrainOptions::default()
        };
        let p = train(&data, &data, &opts, &mut |_| {});
        assert_eq!(p.score(&data).heads, 8);
        let mut bytes = Vec::new();
        p.write(&mut bytes).unwrap();
        assert_eq!(bytes.len(), p.written_size());
        let q = Parser::load(&bytes).unwrap();
        assert_eq!(q.clusters.len(), 4);
        assert_eq!(q.score(&data), p.score(&data));
        // An unseen word in a known cluster's place still gets a tree.
        let r = q.parse(&["Cats", "bark", "."], &["NOUN", "VERB", "PUNCT"], &[]);
        assert_eq!(r.iter().filter(|(h, _)| *h == 0).count(), 1);
    }

    #[test]
    fn an_action_table_without_a_way_on_still_gives_trees() {
        let mut p = toy_parser();
        // No RIGHT actions: a stack of two at the root has no valid action.
        // (The weights no longer line up with the actions; only termination
        // and the fallback are checked.)
        p.actions.retain(|a| !matches!(a, Action::Right(_)));
        let q = p;
        for words in [&["Dogs", "chase", "cats", "."][..], &["a", "b"], &["x"]] {
            let out = q.parse_ids(words, &[], &[]);
            assert_eq!(out.len(), words.len());
            assert!(is_tree(&out));
        }
    }

    #[test]
    fn training_trees_without_right_arcs_terminate() {
        let data = parse_str(
            "1\tBig\tbig\tADJ\tJJ\t_\t2\tamod\t_\t_\n2\tdogs\tdog\tNOUN\tNNS\t_\t0\troot\t_\t_\n\n",
            "left",
        )
        .unwrap();
        let p = train(&data, &data, &TrainOptions::default(), &mut |_| {});
        assert!(p.actions.iter().all(|a| !matches!(a, Action::Right(_))));
        for words in [&["Big", "dogs"][..], &["a", "b", "c", "d"]] {
            assert!(is_tree(&p.parse_ids(words, &[], &[])));
        }
    }

    #[test]
    fn one_word_and_long_inputs_are_trees() {
        let p = toy_parser();
        assert!(p.parse(&[], &[], &[]).is_empty());
        assert_eq!(
            p.parse(&["Hi"], &["INTJ"], &["UH"]),
            vec![(0, "root".to_string())]
        );
        let words: Vec<&str> = (0..600)
            .map(|i| if i % 7 == 6 { "." } else { "dogs" })
            .collect();
        let out = p.parse_ids(&words, &[], &[]);
        assert_eq!(out.len(), 600);
        assert!(is_tree(&out));
        let huge = vec!["x"; MAX_WORDS + 1];
        assert!(is_tree(&p.parse_ids(&huge, &[], &[])));
    }

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // 1->3, 2->4 cross (heads 1-based, 0 root).
        let mut h = vec![0, 4, 1, 1];
        projectivize(&mut h);
        let tree: Vec<(u32, u16)> = h.iter().map(|&x| (x, 0)).collect();
        assert!(is_tree(&tree));
        for (d, &hd) in h.iter().enumerate() {
            let d = d as u32 + 1;
            if hd == 0 {
                continue;
            }
            let (a, b) = (hd.min(d), hd.max(d));
            for k in a + 1..b {
                let mut x = k;
                while x != 0 && x != hd {
                    x = h[x as usize - 1];
                }
                assert!(x == hd, "arc {hd}->{d} not projective in {h:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn always_a_tree(words in proptest::collection::vec("[a-zA-Z.,]{0,6}", 0..60)) {
            let p = toy_parser();
            let w: Vec<&str> = words.iter().map(String::as_str).collect();
            let tags: Vec<&str> = w.iter().map(|_| "NOUN").collect();
            let out = p.parse(&w, &tags, &[]);
            proptest::prop_assert_eq!(out.len(), w.len());
            if !w.is_empty() {
                let ids: Vec<(u32, u16)> = out.iter().map(|(h, _)| (*h, 0)).collect();
                proptest::prop_assert!(is_tree(&ids));
            }
        }
    }
}
