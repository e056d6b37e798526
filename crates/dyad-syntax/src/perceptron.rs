//! The averaged multi-class perceptron that the tagger and the parser share.
//!
//! For: learning sparse linear scores over hashed features ([`FeatureHasher`]),
//! averaging the weights lazily during training ([`Trainer`]), and scoring with
//! a compact, immutable, thread-safe [`Model`] laid out for few cache misses,
//! that reads and writes a small binary file (`DYADPM01`).
//!
//! Not for: deciding which features to extract or what the classes mean; the
//! tagger and parser do that.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Write};

/// Builds 64-bit feature keys from a template number and its values.
///
/// Keys are already well mixed, so maps over them use [`KeyHasher`].
#[derive(Debug, Clone, Copy)]
pub struct FeatureHasher(u64);

impl FeatureHasher {
    /// Starts a key for feature template `template`.
    pub fn new(template: u16) -> Self {
        FeatureHasher(
            0xcbf2_9ce4_8422_2325 ^ u64::from(template).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        )
    }

    /// Mixes in a string value.
    pub fn str(mut self, s: &str) -> Self {
        for &b in s.as_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        self
    }

    /// Mixes in an integer value.
    pub fn int(mut self, v: u64) -> Self {
        self.0 = mix(self.0 ^ v.wrapping_mul(0xff51_afd7_ed55_8ccd));
        self
    }

    /// The finished key.
    pub fn finish(self) -> u64 {
        mix(self.0)
    }
}

fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// A pass-through hasher for keys that are already hashes.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A hash map keyed by pre-hashed `u64` feature keys.
pub type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

#[derive(Debug, Clone)]
struct TrainWeight {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u64,
}

/// Learns weights by perceptron updates and averages them over all steps.
#[derive(Debug, Clone)]
pub struct Trainer {
    n_classes: usize,
    weights: KeyMap<Vec<TrainWeight>>,
    step: u64,
}

impl Trainer {
    /// A trainer for `n_classes` classes, all weights zero.
    pub fn new(n_classes: usize) -> Self {
        assert!(n_classes <= usize::from(u16::MAX), "too many classes");
        Trainer {
            n_classes,
            weights: KeyMap::default(),
            step: 0,
        }
    }

    /// The number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the current (unaveraged) scores of `features` into `scores`.
    pub fn scores(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(row) = self.weights.get(f) {
                for w in row {
                    scores[usize::from(w.class)] += w.weight;
                }
            }
        }
    }

    /// Counts one training instance; call once per prediction made.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weight from `guess` to `truth` on `features` (nothing when equal).
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize, amount: f32) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for &f in features {
            let row = self.weights.entry(f).or_default();
            for (class, delta) in [(truth, amount), (guess, -amount)] {
                let class = class as u16;
                let w = match row.iter_mut().position(|w| w.class == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(TrainWeight {
                            class,
                            weight: 0.0,
                            total: 0.0,
                            stamp: step,
                        });
                        let last = row.len() - 1;
                        &mut row[last]
                    }
                };
                w.total += f64::from(w.weight) * (step - w.stamp) as f64;
                w.stamp = step;
                w.weight += delta;
            }
        }
    }

    /// The averaged model so far; weights whose average is below `min_abs` in
    /// magnitude are dropped to keep the model small.
    pub fn averaged(&self, min_abs: f32) -> Model {
        let steps = self.step.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .weights
            .iter()
            .filter_map(|(&key, row)| {
                let kept: Vec<(u16, f32)> = row
                    .iter()
                    .filter_map(|w| {
                        let total = w.total + f64::from(w.weight) * (self.step - w.stamp) as f64;
                        let avg = (total / steps) as f32;
                        (avg.abs() >= min_abs && avg != 0.0).then_some((w.class, avg))
                    })
                    .collect();
                (!kept.is_empty()).then_some((key, kept))
            })
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        Model::from_rows(self.n_classes, rows)
    }
}

/// Averaged weights, frozen for scoring: immutable and shared across threads.
///
/// Layout (built for scoring speed, not for updates): an open-addressing
/// table of 8-byte slots, each the upper half of a feature key and a payload
/// that holds the row inline when it has one weight, or points to its row in
/// `data`: packed (class, weight) pairs for short rows, the number of a dense
/// block of [`Model::n_classes`] weights for long rows. The keys' lower
/// halves live in a parallel array read only when writing or pruning.
/// Weights are 16-bit integers with one scale per model (the file format's
/// own quantisation), summed exactly as integers and scaled once per call, so
/// a model scores the same before writing and after reading.
#[derive(Debug, Clone, Default)]
pub struct Model {
    n_classes: usize,
    /// `n_classes` rounded up to a multiple of 8 (row stride of `dense`).
    stride: usize,
    scale: f32,
    /// `(key >> 32) << 32 | payload`; payload 0 marks an empty slot.
    slots: Vec<u64>,
    /// The lower half of the key of each occupied slot (the upper half is
    /// in the slot).
    low_keys: Vec<u32>,
    n_keys: usize,
    n_weights: usize,
    /// Rows: a header (`DENSE | block` or the length), then packed pairs
    /// `class | (weight as u16) << 16`. `data[0]` is unused.
    data: Vec<u32>,
    /// Dense rows, `stride` weights each.
    dense: Vec<i16>,
    /// The largest weight magnitude of each dense row.
    dense_max: Vec<u16>,
}

/// Payload flag: the row is one pair, `class << 16 | weight as u16`.
const INLINE: u32 = 1 << 31;
/// Row header flag: the row is a dense block.
const DENSE: u32 = 1 << 31;
/// Rows with at least this many weights (and at least a quarter of the
/// classes) are stored densely.
const DENSE_MIN: usize = 12;
/// Class counts up to this use a stack accumulator.
const STACK_CLASSES: usize = 512;
/// Class counts up to this use a small stack accumulator (zeroing 512
/// values on every call costs more than scoring a short feature list).
const SMALL_CLASSES: usize = 128;

/// Calls `f` with `n` zeros, on the stack unless `n` is large.
fn with_zeroed<T: Copy + Default, R>(n: usize, f: impl FnOnce(&mut [T]) -> R) -> R {
    if n <= SMALL_CLASSES {
        f(&mut [T::default(); SMALL_CLASSES][..n])
    } else if n <= STACK_CLASSES {
        f(&mut [T::default(); STACK_CLASSES][..n])
    } else {
        f(&mut vec![T::default(); n])
    }
}

const MAGIC: &[u8; 8] = b"DYADPM01";

fn pack(class: u16, q: i16) -> u32 {
    u32::from(class) | u32::from(q as u16) << 16
}

fn unpack(p: u32) -> (u16, i16) {
    (p as u16, (p >> 16) as u16 as i16)
}

/// Quantised rows in one flat buffer: `(key, start, len)` into `pairs`.
#[derive(Debug, Default)]
struct Rows {
    index: Vec<(u64, u32, u32)>,
    pairs: Vec<(u16, i16)>,
}

impl Rows {
    fn from_vecs(rows: Vec<(u64, Vec<(u16, i16)>)>) -> Rows {
        let mut out = Rows::default();
        for (k, r) in rows {
            out.push(k, &r);
        }
        out
    }

    fn push(&mut self, key: u64, row: &[(u16, i16)]) {
        let start = self.pairs.len() as u32;
        self.pairs.extend_from_slice(row);
        self.index.push((key, start, row.len() as u32));
    }
}

impl Model {
    fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Model {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, (_, w)| m.max(w.abs()));
        let scale = if max > 0.0 && max.is_finite() {
            max / 32767.0
        } else {
            1.0
        };
        let quantised = rows
            .into_iter()
            .map(|(k, r)| {
                let q: Vec<(u16, i16)> = r
                    .into_iter()
                    .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                (k, q)
            })
            .filter(|(_, q)| !q.is_empty())
            .collect();
        Model::from_quantised(n_classes, scale, Rows::from_vecs(quantised))
    }

    /// Builds the table from quantised rows (classes below `n_classes`).
    /// Long rows (the features seen most often in training) are laid out
    /// first, so that the rows scoring touches most share cache lines.
    fn from_quantised(n_classes: usize, scale: f32, rows: Rows) -> Model {
        let Rows { mut index, pairs } = rows;
        index.sort_unstable_by_key(|&(k, _, len)| (std::cmp::Reverse(len), k));
        let n_rows = index.len();
        let stride = n_classes.div_ceil(8) * 8;
        let size = (n_rows + n_rows / 3 + 1).next_power_of_two().max(16);
        let mut m = Model {
            n_classes,
            stride,
            scale,
            slots: vec![0; size],
            low_keys: vec![0; size],
            n_keys: 0,
            n_weights: 0,
            data: vec![0],
            dense: Vec::new(),
            dense_max: Vec::new(),
        };
        let mask = size - 1;
        for (key, start, len) in index {
            let row = &pairs[start as usize..(start + len) as usize];
            let payload = if row.len() == 1 && row[0].0 < 1 << 15 {
                INLINE | u32::from(row[0].0) << 16 | u32::from(row[0].1 as u16)
            } else {
                let at = m.data.len() as u32;
                if row.len() >= DENSE_MIN && row.len() * 4 >= n_classes {
                    let block = m.dense.len() / stride;
                    m.dense.resize(m.dense.len() + stride, 0);
                    for &(c, q) in row {
                        m.dense[block * stride + usize::from(c)] = q;
                    }
                    m.dense_max
                        .push(row.iter().map(|(_, q)| q.unsigned_abs()).max().unwrap_or(0));
                    m.data.push(DENSE | block as u32);
                } else {
                    m.data.push(row.len() as u32);
                    m.data.extend(row.iter().map(|&(c, q)| pack(c, q)));
                }
                at
            };
            let high = key & !0xffff_ffff;
            let mut i = (key as usize) & mask;
            loop {
                let slot = m.slots[i];
                if slot == 0 {
                    m.slots[i] = high | u64::from(payload);
                    m.low_keys[i] = key as u32;
                    m.n_keys += 1;
                    m.n_weights += row.len();
                    break;
                }
                if slot & !0xffff_ffff == high {
                    // A repeated key (corrupt input, or the same upper half
                    // in one probe run) keeps its first row.
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        m
    }

    /// The number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The number of stored (feature, class) weights.
    pub fn n_weights(&self) -> usize {
        self.n_weights
    }

    /// The quantised row of a payload.
    fn row(&self, payload: u32) -> Vec<(u16, i16)> {
        if payload & INLINE != 0 {
            return vec![((payload >> 16) as u16 & 0x7fff, payload as u16 as i16)];
        }
        let at = payload as usize;
        let head = self.data[at];
        if head & DENSE != 0 {
            let start = (head & !DENSE) as usize * self.stride;
            self.dense[start..start + self.n_classes]
                .iter()
                .enumerate()
                .filter(|(_, &q)| q != 0)
                .map(|(c, &q)| (c as u16, q))
                .collect()
        } else {
            self.data[at + 1..at + 1 + head as usize]
                .iter()
                .map(|&p| unpack(p))
                .collect()
        }
    }

    /// All rows, sorted by key.
    fn rows(&self) -> Vec<(u64, Vec<(u16, i16)>)> {
        let mut rows: Vec<(u64, Vec<(u16, i16)>)> = self
            .slots
            .iter()
            .zip(&self.low_keys)
            .filter(|(s, _)| **s as u32 != 0)
            .map(|(&s, &low)| ((s & !0xffff_ffff) | u64::from(low), self.row(s as u32)))
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        rows
    }

    /// Writes the sum of the weights of `features` per class into `scores`
    /// (which must hold [`Model::n_classes`] values).
    pub fn scores(&self, features: &[u64], scores: &mut [f32]) {
        with_zeroed(self.stride, |acc: &mut [i32]| {
            self.add(features, acc);
            self.finish(acc, scores);
        });
    }

    /// The length of the integer sums that [`Model::add`] adds into.
    pub(crate) fn stride(&self) -> usize {
        self.stride
    }

    /// Adds the integer weights of `features` into `acc` ([`Model::stride`]
    /// long); [`Model::finish`] turns the sums into scores. Sums are exact,
    /// so features may be added in any order and in several calls.
    pub(crate) fn add(&self, features: &[u64], acc: &mut [i32]) {
        with_zeroed(self.stride, |acc16: &mut [i16]| {
            self.accumulate(features, acc, acc16)
        });
    }

    /// Writes the scores of the integer sums `acc` into `scores`.
    pub(crate) fn finish(&self, acc: &[i32], scores: &mut [f32]) {
        let n = scores.len().min(acc.len());
        let (head, tail) = scores.split_at_mut(n);
        for (s, &a) in head.iter_mut().zip(acc) {
            *s = a as f32 * self.scale;
        }
        tail.fill(0.0);
    }

    /// Adds the integer weights of `features` into `acc` (`stride` long),
    /// summing dense rows in 16-bit lanes (`acc16`, zero on entry) for as
    /// long as the rows' largest weights prove that no lane can overflow.
    fn accumulate(&self, features: &[u64], acc: &mut [i32], acc16: &mut [i16]) {
        if self.slots.is_empty() {
            return;
        }
        let mut bound = 0u32;
        let mask = self.slots.len() - 1;
        const BATCH: usize = 64;
        let mut home = [0u64; BATCH];
        let mut found = [0u32; BATCH];
        for chunk in features.chunks(BATCH) {
            // Load every feature's home slot first: the loads are independent,
            // so their cache misses overlap.
            for (h, k) in home.iter_mut().zip(chunk) {
                *h = self.slots[(*k as usize) & mask];
            }
            let mut n = 0;
            for (&k, &first) in chunk.iter().zip(&home) {
                let high = k & !0xffff_ffff;
                let mut slot = first;
                let mut i = (k as usize) & mask;
                while slot as u32 != 0 && slot & !0xffff_ffff != high {
                    i = (i + 1) & mask;
                    slot = self.slots[i];
                }
                if slot as u32 != 0 {
                    found[n] = slot as u32;
                    n += 1;
                }
            }
            // Touch each row's header, again so that the misses overlap.
            let mut heads = [0u32; BATCH];
            for (h, &p) in heads.iter_mut().zip(&found[..n]) {
                *h = if p & INLINE != 0 {
                    0
                } else {
                    self.data[p as usize]
                };
            }
            for (&p, &head) in found[..n].iter().zip(&heads) {
                if p & INLINE != 0 {
                    let c = ((p >> 16) & 0x7fff) as usize;
                    if let Some(x) = acc.get_mut(c) {
                        *x += i32::from(p as u16 as i16);
                    }
                } else if head & DENSE != 0 {
                    let block = (head & !DENSE) as usize;
                    let max = u32::from(self.dense_max[block]);
                    if bound + max > i16::MAX as u32 {
                        flush16(acc, acc16);
                        bound = 0;
                    }
                    bound += max;
                    let start = block * self.stride;
                    let row = &self.dense[start..start + acc16.len()];
                    for (x, &q) in acc16.iter_mut().zip(row) {
                        *x = x.wrapping_add(q);
                    }
                } else {
                    let at = p as usize + 1;
                    for &pair in &self.data[at..at + head as usize] {
                        let (c, q) = unpack(pair);
                        if let Some(x) = acc.get_mut(usize::from(c)) {
                            *x += i32::from(q);
                        }
                    }
                }
            }
        }
        if bound > 0 {
            flush16(acc, acc16);
        }
    }

    /// A copy without the weights smaller than `min_abs` in magnitude (and
    /// without features left with no weight), to shrink a trained model.
    pub fn pruned(&self, min_abs: f32) -> Model {
        let rows = self
            .rows()
            .into_iter()
            .map(|(k, r)| {
                let kept: Vec<(u16, i16)> = r
                    .into_iter()
                    .filter(|&(_, q)| (f32::from(q) * self.scale).abs() >= min_abs)
                    .collect();
                (k, kept)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        Model::from_quantised(self.n_classes, self.scale, Rows::from_vecs(rows))
    }

    /// The size in bytes that [`Model::write`] would produce after
    /// [`Model::pruned`]`(min_abs)`, counted without building the copy.
    pub fn written_size_pruned(&self, min_abs: f32) -> usize {
        let keep = |q: i16| q != 0 && (f32::from(q) * self.scale).abs() >= min_abs;
        let (mut keys, mut weights) = (0usize, 0usize);
        for &slot in &self.slots {
            let p = slot as u32;
            if p == 0 {
                continue;
            }
            let kept = if p & INLINE != 0 {
                usize::from(keep(p as u16 as i16))
            } else {
                let head = self.data[p as usize];
                if head & DENSE != 0 {
                    let start = (head & !DENSE) as usize * self.stride;
                    self.dense[start..start + self.n_classes]
                        .iter()
                        .filter(|&&q| keep(q))
                        .count()
                } else {
                    let at = p as usize + 1;
                    self.data[at..at + head as usize]
                        .iter()
                        .filter(|&&pair| keep(unpack(pair).1))
                        .count()
                }
            };
            keys += usize::from(kept > 0);
            weights += kept;
        }
        8 + 4 + 4 + 8 + keys * 10 + weights * 4
    }

    /// The size in bytes that [`Model::write`] produces.
    pub fn written_size(&self) -> usize {
        8 + 4 + 4 + 8 + self.n_keys * 10 + self.n_weights * 4
    }

    /// Writes the model in dyad's binary format: weights are stored as 16-bit
    /// integers with one scale per model, which keeps files small.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&(self.n_classes as u32).to_le_bytes())?;
        out.write_all(&self.scale.to_le_bytes())?;
        out.write_all(&(self.n_keys as u64).to_le_bytes())?;
        for (key, row) in self.rows() {
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&(row.len() as u16).to_le_bytes())?;
            for (c, q) in row {
                out.write_all(&c.to_le_bytes())?;
                out.write_all(&q.to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Reads a model written by [`Model::write`], checking its structure.
    pub fn read(input: &mut impl Read) -> io::Result<Model> {
        let bad = |m: &str| io::Error::new(io::ErrorKind::InvalidData, m.to_string());
        let mut magic = [0u8; 8];
        input.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(bad("not a dyad perceptron model (bad magic)"));
        }
        let n_classes = read_u32(input)? as usize;
        let scale = f32::from_le_bytes(read_array(input)?);
        let n_keys = u64::from_le_bytes(read_array(input)?);
        if !scale.is_finite() || n_classes == 0 || n_classes > 1 << 16 || n_keys > 1 << 32 {
            return Err(bad("corrupt model header"));
        }
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes)?;
        let mut pos = 0usize;
        let mut take = |n: usize| -> io::Result<&[u8]> {
            let s = bytes
                .get(pos..pos + n)
                .ok_or_else(|| bad("model file is truncated"))?;
            pos += n;
            Ok(s)
        };
        // Each key takes at least 10 bytes, so a corrupt count cannot over-allocate.
        let mut rows = Rows {
            index: Vec::with_capacity((n_keys as usize).min(bytes.len() / 10)),
            pairs: Vec::with_capacity(bytes.len() / 4),
        };
        // The row number that last used each class (to drop repeats).
        let mut seen = vec![u64::MAX; n_classes];
        for row_no in 0..n_keys {
            let key = u64::from_le_bytes(take(8)?.try_into().map_err(|_| bad("key"))?);
            let len = u16::from_le_bytes(take(2)?.try_into().map_err(|_| bad("len"))?);
            let row = take(usize::from(len) * 4)?;
            let start = rows.pairs.len();
            for pair in row.chunks_exact(4) {
                let class = u16::from_le_bytes([pair[0], pair[1]]);
                if usize::from(class) >= n_classes {
                    return Err(bad("class out of range"));
                }
                let q = i16::from_le_bytes([pair[2], pair[3]]);
                if q != 0 && seen[usize::from(class)] != row_no {
                    seen[usize::from(class)] = row_no;
                    rows.pairs.push((class, q));
                }
            }
            let kept = rows.pairs.len() - start;
            if kept > 0 {
                rows.index.push((key, start as u32, kept as u32));
            }
        }
        Ok(Model::from_quantised(n_classes, scale, rows))
    }
}

/// Adds the 16-bit partial sums into `acc` and clears them.
fn flush16(acc: &mut [i32], acc16: &mut [i16]) {
    for (x, y) in acc.iter_mut().zip(acc16.iter_mut()) {
        *x += i32::from(*y);
        *y = 0;
    }
}

fn read_array<const N: usize>(input: &mut impl Read) -> io::Result<[u8; N]> {
    let mut b = [0u8; N];
    input.read_exact(&mut b)?;
    Ok(b)
}

fn read_u32(input: &mut impl Read) -> io::Result<u32> {
    Ok(u32::from_le_bytes(read_array(input)?))
}

/// The index of the highest score (the first one on ties).
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

/// The shuffle seed of member `i` of a seed ensemble whose first member has
/// `seed` (member 0 is `seed` itself, so it is the single model trained with it).
pub fn member_seed(seed: u64, i: usize) -> u64 {
    seed.wrapping_add((i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The weights of several models added up, unquantised, per feature key and
/// class. Scores are linear in the weights, so the model built from the sum
/// scores every input as the ensemble of the models would (the sum, or with a
/// divisor the mean, of their scores) at the cost of one model: train the
/// members with different [`member_seed`]s, add each, then
/// [`WeightSum::into_model`].
#[derive(Debug, Default)]
pub struct WeightSum {
    rows: KeyMap<Vec<(u16, f64)>>,
}

impl WeightSum {
    /// Adds the weights of `model`, its class `c` counted as class
    /// `class_of(c)`; `None` when `class_of` has no class for one of them.
    pub fn add(&mut self, model: &Model, class_of: impl Fn(u16) -> Option<u16>) -> Option<()> {
        let scale = f64::from(model.scale);
        for (key, row) in model.rows() {
            let sum = self.rows.entry(key).or_default();
            for (class, q) in row {
                let c = class_of(class)?;
                let w = f64::from(q) * scale;
                match sum.iter_mut().find(|(x, _)| *x == c) {
                    Some((_, s)) => *s += w,
                    None => sum.push((c, w)),
                }
            }
        }
        Some(())
    }

    /// The model of `n_classes` classes whose weights are the sums divided by
    /// `divisor`, less those below `min_abs` in magnitude, quantised to 16 bits
    /// with one scale as [`Model::write`] stores them.
    pub fn into_model(self, n_classes: usize, divisor: f64, min_abs: f64) -> Model {
        let rows: Vec<(u64, Vec<(u16, f64)>)> = self
            .rows
            .into_iter()
            .map(|(k, r)| {
                let kept: Vec<(u16, f64)> = r
                    .into_iter()
                    .map(|(c, w)| (c, w / divisor))
                    .filter(|&(c, w)| usize::from(c) < n_classes && w != 0.0 && w.abs() >= min_abs)
                    .collect();
                (k, kept)
            })
            .filter(|(_, r)| !r.is_empty())
            .collect();
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f64, |m, &(_, w)| m.max(w.abs()));
        let scale = if max > 0.0 && max.is_finite() {
            max / 32767.0
        } else {
            1.0
        };
        let quantised = rows
            .into_iter()
            .filter_map(|(k, r)| {
                let mut q: Vec<(u16, i16)> = r
                    .into_iter()
                    .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect();
                q.sort_unstable_by_key(|&(c, _)| c);
                (!q.is_empty()).then_some((k, q))
            })
            .collect();
        Model::from_quantised(n_classes, scale as f32, Rows::from_vecs(quantised))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feats(word: &str) -> Vec<u64> {
        vec![
            FeatureHasher::new(0).str(word).finish(),
            FeatureHasher::new(1).str(&word[word.len() - 1..]).finish(),
        ]
    }

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let data = [
            ("dogs", 0),
            ("cats", 0),
            ("run", 1),
            ("sing", 1),
            ("eat", 1),
        ];
        let mut t = Trainer::new(2);
        let mut scores = [0.0; 2];
        for _ in 0..10 {
            for (w, y) in data {
                let f = feats(w);
                t.scores(&f, &mut scores);
                let guess = argmax(&scores);
                t.update(&f, y, guess, 1.0);
                t.tick();
            }
        }
        let model = t.averaged(0.0);
        let mut bytes = Vec::new();
        model.write(&mut bytes).unwrap();
        let loaded = Model::read(&mut &bytes[..]).unwrap();
        for m in [&model, &loaded] {
            for (w, y) in data {
                m.scores(&feats(w), &mut scores);
                assert_eq!(argmax(&scores), y, "{w}");
            }
            m.scores(&feats("birds"), &mut scores);
            assert_eq!(argmax(&scores), 0, "unseen plural shares the -s feature");
        }
    }

    proptest::proptest! {
        /// The fast layout (inline, sparse and dense rows; 16-bit partial
        /// sums) scores exactly like a plain sum of the quantised weights, and
        /// survives a write/read round trip unchanged.
        #[test]
        fn scores_equal_plain_sums(
            rows in proptest::collection::vec(
                (0u64..400, proptest::collection::vec((0u16..37, -32767i16..32767), 0..40)),
                0..200,
            ),
            feats in proptest::collection::vec(0u64..450, 0..300),
        ) {
            let n_classes = 37;
            let mut by_key: std::collections::BTreeMap<u64, Vec<(u16, i16)>> = Default::default();
            for (k, row) in rows {
                let key = FeatureHasher::new(3).int(k).finish();
                let mut r: Vec<(u16, i16)> = Vec::new();
                for (c, q) in row {
                    if q != 0 && !r.iter().any(|&(d, _)| d == c) {
                        r.push((c, q));
                    }
                }
                if !r.is_empty() {
                    by_key.insert(key, r);
                }
            }
            let model = Model::from_quantised(n_classes, 0.5, Rows::from_vecs(by_key.clone().into_iter().collect()));
            let keys: Vec<u64> = feats.iter().map(|&k| FeatureHasher::new(3).int(k).finish()).collect();
            let mut plain = vec![0i64; n_classes];
            for k in &keys {
                for &(c, q) in by_key.get(k).map_or(&[][..], Vec::as_slice) {
                    plain[usize::from(c)] += i64::from(q);
                }
            }
            let mut scores = vec![0f32; n_classes];
            model.scores(&keys, &mut scores);
            for (s, p) in scores.iter().zip(&plain) {
                proptest::prop_assert_eq!(*s, *p as f32 * 0.5);
            }
            let mut bytes = Vec::new();
            model.write(&mut bytes).unwrap();
            proptest::prop_assert_eq!(bytes.len(), model.written_size());
            let loaded = Model::read(&mut &bytes[..]).unwrap();
            let mut again = vec![0f32; n_classes];
            loaded.scores(&keys, &mut again);
            proptest::prop_assert_eq!(scores, again);
        }
    }

    #[test]
    fn corrupt_files_are_errors() {
        assert!(Model::read(&mut &b"nonsense"[..]).is_err());
        let mut t = Trainer::new(3);
        t.update(&[1, 2], 0, 2, 1.0);
        t.tick();
        let mut bytes = Vec::new();
        t.averaged(0.0).write(&mut bytes).unwrap();
        bytes.truncate(bytes.len() - 3);
        assert!(Model::read(&mut &bytes[..]).is_err());
    }

    #[test]
    fn hasher_separates_templates_and_values() {
        let a = FeatureHasher::new(1).str("ab").finish();
        assert_ne!(a, FeatureHasher::new(2).str("ab").finish());
        assert_ne!(a, FeatureHasher::new(1).str("a").str("b").finish());
        assert_ne!(
            FeatureHasher::new(1).int(3).finish(),
            FeatureHasher::new(1).int(4).finish()
        );
    }
}
