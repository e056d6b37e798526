//! Compiled multi-word matchers over token sequences.
//!
//! Phrases (sequences of folded tokens) are interned into `u32` token ids and compiled
//! into a trie keyed by (node, token id). Matching a sentence looks each token up once
//! (one hash lookup, no allocation), then walks the trie from every start position. A
//! built [`Matcher`] is immutable, `Send + Sync` when its values are, and meant to be
//! shared by `Arc`. Not for: folding tokens (see [`crate::text::fold`]), or choosing
//! between overlapping matches (the caller's policy).
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast, non-cryptographic hasher for the matcher's tables (keys are not
/// attacker-chosen: they come from the dictionaries).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash-map builder using [`FxHasher`].
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// The id given to a token that is in no phrase.
pub const UNKNOWN: u32 = u32::MAX;

/// Collects phrases and their values; [`MatcherBuilder::build`] compiles them.
#[derive(Debug, Clone)]
pub struct MatcherBuilder<T> {
    vocab: HashMap<Box<str>, u32, FxBuild>,
    phrases: Vec<(Box<[u32]>, T)>,
}

impl<T> Default for MatcherBuilder<T> {
    fn default() -> Self {
        MatcherBuilder {
            vocab: HashMap::default(),
            phrases: Vec::new(),
        }
    }
}

impl<T> MatcherBuilder<T> {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a phrase (folded tokens) with its value. Empty phrases are ignored. Values of
    /// one phrase keep their insertion order.
    pub fn insert<S: AsRef<str>>(&mut self, phrase: &[S], value: T) {
        if phrase.is_empty() {
            return;
        }
        let mut ids = Vec::with_capacity(phrase.len());
        for t in phrase {
            let t = t.as_ref();
            let next = self.vocab.len() as u32;
            let id = match self.vocab.get(t) {
                Some(&id) => id,
                None => {
                    self.vocab.insert(t.into(), next);
                    next
                }
            };
            ids.push(id);
        }
        self.phrases.push((ids.into(), value));
    }

    /// Compiles the trie.
    pub fn build(self) -> Matcher<T> {
        let mut edges: HashMap<u64, u32, FxBuild> = HashMap::default();
        edges.reserve(self.phrases.len() * 2);
        let mut nodes: u32 = 1;
        let mut max_len = 0;
        let mut terminal: Vec<(u32, usize)> = Vec::with_capacity(self.phrases.len());
        for (i, (ids, _)) in self.phrases.iter().enumerate() {
            max_len = max_len.max(ids.len());
            let mut node = 0u32;
            for &id in ids.iter() {
                let key = (u64::from(node) << 32) | u64::from(id);
                node = *edges.entry(key).or_insert_with(|| {
                    nodes += 1;
                    nodes - 1
                });
            }
            terminal.push((node, i));
        }
        terminal.sort_by_key(|&(node, i)| (node, i));
        let mut node_values = vec![(0u32, 0u32); nodes as usize];
        let mut slots: Vec<Option<T>> = self.phrases.into_iter().map(|(_, v)| Some(v)).collect();
        let mut values = Vec::with_capacity(terminal.len());
        for (node, i) in terminal {
            let entry = &mut node_values[node as usize];
            if entry.1 == 0 {
                entry.0 = values.len() as u32;
            }
            entry.1 += 1;
            if let Some(v) = slots[i].take() {
                values.push(v);
            }
        }
        Matcher {
            vocab: self.vocab,
            edges,
            node_values,
            values,
            max_len,
        }
    }
}

/// One match: tokens `start..end` of the input, and the values of that phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<'a, T> {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The values stored for the phrase, in insertion order.
    pub values: &'a [T],
}

/// A compiled phrase matcher.
#[derive(Debug, Clone)]
pub struct Matcher<T> {
    vocab: HashMap<Box<str>, u32, FxBuild>,
    edges: HashMap<u64, u32, FxBuild>,
    node_values: Vec<(u32, u32)>,
    values: Vec<T>,
    max_len: usize,
}

impl<T> Matcher<T> {
    /// The id of a folded token, or [`UNKNOWN`].
    #[inline]
    pub fn token_id(&self, folded: &str) -> u32 {
        self.vocab.get(folded).copied().unwrap_or(UNKNOWN)
    }

    /// Fills `out` with the ids of `tokens` (folded), reusing its allocation.
    pub fn ids_into<S: AsRef<str>>(&self, tokens: &[S], out: &mut Vec<u32>) {
        out.clear();
        out.extend(tokens.iter().map(|t| self.token_id(t.as_ref())));
    }

    /// Number of distinct tokens, trie nodes and stored values.
    pub fn sizes(&self) -> (usize, usize, usize) {
        (self.vocab.len(), self.node_values.len(), self.values.len())
    }

    /// Approximate heap bytes held by the matcher (tables and keys, not the values'
    /// own heap data).
    pub fn heap_bytes(&self) -> usize {
        let keys: usize = self.vocab.keys().map(|k| k.len()).sum();
        keys + self.vocab.capacity() * (std::mem::size_of::<(Box<str>, u32)>() + 1)
            + self.edges.capacity() * (std::mem::size_of::<(u64, u32)>() + 1)
            + self.node_values.capacity() * 8
            + self.values.capacity() * std::mem::size_of::<T>()
    }

    /// The longest phrase length, in tokens.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    #[inline]
    fn child(&self, node: u32, id: u32) -> Option<u32> {
        if id == UNKNOWN {
            return None;
        }
        self.edges
            .get(&((u64::from(node) << 32) | u64::from(id)))
            .copied()
    }

    #[inline]
    fn values_at(&self, node: u32) -> &[T] {
        let (start, len) = self.node_values[node as usize];
        &self.values[start as usize..(start + len) as usize]
    }

    /// Every phrase occurrence starting at `start`, shortest first.
    pub fn matches_at<'a>(&'a self, ids: &[u32], start: usize, out: &mut Vec<Match<'a, T>>) {
        let mut node = 0;
        for (k, &id) in ids.iter().enumerate().skip(start) {
            match self.child(node, id) {
                Some(n) => node = n,
                None => return,
            }
            let v = self.values_at(node);
            if !v.is_empty() {
                out.push(Match {
                    start,
                    end: k + 1,
                    values: v,
                });
            }
        }
    }

    /// The longest phrase starting at `start`, if any.
    pub fn longest_at<'a>(&'a self, ids: &[u32], start: usize) -> Option<Match<'a, T>> {
        let mut node = 0;
        let mut best = None;
        for (k, &id) in ids.iter().enumerate().skip(start) {
            match self.child(node, id) {
                Some(n) => node = n,
                None => break,
            }
            let v = self.values_at(node);
            if !v.is_empty() {
                best = Some(Match {
                    start,
                    end: k + 1,
                    values: v,
                });
            }
        }
        best
    }

    /// Every phrase occurrence in the sentence (all starts, all lengths), by start then
    /// length. `out` is cleared first.
    pub fn find_all_ids<'a>(&'a self, ids: &[u32], out: &mut Vec<Match<'a, T>>) {
        out.clear();
        for start in 0..ids.len() {
            self.matches_at(ids, start, out);
        }
    }

    /// Leftmost-longest, non-overlapping matches. `out` is cleared first.
    pub fn leftmost_longest_ids<'a>(&'a self, ids: &[u32], out: &mut Vec<Match<'a, T>>) {
        out.clear();
        let mut start = 0;
        while start < ids.len() {
            match self.longest_at(ids, start) {
                Some(m) => {
                    start = m.end;
                    out.push(m);
                }
                None => start += 1,
            }
        }
    }

    /// Convenience: every occurrence in folded `tokens` (allocates the result).
    pub fn find_all<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Match<'_, T>> {
        let mut ids = Vec::new();
        self.ids_into(tokens, &mut ids);
        let mut out = Vec::new();
        self.find_all_ids(&ids, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn m() -> Matcher<u32> {
        let mut b = MatcherBuilder::new();
        b.insert(&["kosovo"], 1);
        b.insert(&["kosovo", "police"], 2);
        b.insert(&["police"], 3);
        b.insert(&["kosovo"], 4);
        b.insert::<&str>(&[], 5);
        b.build()
    }

    #[test]
    fn all_and_longest() {
        let m = m();
        let all = m.find_all(&["the", "kosovo", "police", "said"]);
        let got: Vec<(usize, usize, Vec<u32>)> = all
            .iter()
            .map(|x| (x.start, x.end, x.values.to_vec()))
            .collect();
        assert_eq!(got, [(1, 2, vec![1, 4]), (1, 3, vec![2]), (2, 3, vec![3])]);
        let mut ids = Vec::new();
        m.ids_into(&["kosovo", "police", "police"], &mut ids);
        let mut out = Vec::new();
        m.leftmost_longest_ids(&ids, &mut out);
        assert_eq!(
            out.iter().map(|x| (x.start, x.end)).collect::<Vec<_>>(),
            [(0, 2), (2, 3)]
        );
        assert_eq!(m.max_len(), 2);
    }

    #[test]
    fn shared_between_threads() {
        let m = std::sync::Arc::new(m());
        let h = {
            let m = m.clone();
            std::thread::spawn(move || m.find_all(&["police"]).len())
        };
        assert_eq!(h.join().ok(), Some(1));
    }

    proptest! {
        #[test]
        fn finds_every_inserted_phrase(phrases in proptest::collection::vec(proptest::collection::vec("[a-c]{1,2}", 1..4), 1..20)) {
            let mut b = MatcherBuilder::new();
            for (i, p) in phrases.iter().enumerate() {
                b.insert(p, i);
            }
            let m = b.build();
            for (i, p) in phrases.iter().enumerate() {
                let found = m.find_all(p);
                prop_assert!(found.iter().any(|x| x.start == 0 && x.end == p.len() && x.values.contains(&i)));
            }
        }
    }
}

#[cfg(test)]
mod send_sync {
    /// Compiles only if the compiled dictionaries can be shared between threads.
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn compiled_structures_are_send_and_sync() {
        assert_send_sync::<super::Matcher<u32>>();
        assert_send_sync::<crate::Dictionaries>();
    }
}
