//! The averaged multi-class perceptron that the tagger and the parser share.
//!
//! For: learning sparse linear scores over hashed features ([`FeatureHasher`]),
//! averaging the weights lazily during training ([`Trainer`]), and scoring with
//! a compact, immutable, thread-safe [`Model`] that reads and writes a small
//! binary file.
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
#[derive(Debug, Clone, Default)]
pub struct Model {
    n_classes: usize,
    index: KeyMap<(u32, u32)>,
    classes: Vec<u16>,
    weights: Vec<f32>,
}

const MAGIC: &[u8; 8] = b"DYADPM01";

impl Model {
    fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Model {
        let mut model = Model {
            n_classes,
            ..Model::default()
        };
        model.index.reserve(rows.len());
        for (key, row) in rows {
            let start = model.classes.len() as u32;
            for (c, w) in row {
                model.classes.push(c);
                model.weights.push(w);
            }
            model.index.insert(key, (start, model.classes.len() as u32));
        }
        model
    }

    /// The number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The number of stored (feature, class) weights.
    pub fn n_weights(&self) -> usize {
        self.weights.len()
    }

    /// Writes the sum of the weights of `features` per class into `scores`
    /// (which must hold [`Model::n_classes`] values).
    pub fn scores(&self, features: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for f in features {
            if let Some(&(start, end)) = self.index.get(f) {
                let (s, e) = (start as usize, end as usize);
                for (c, w) in self.classes[s..e].iter().zip(&self.weights[s..e]) {
                    scores[usize::from(*c)] += *w;
                }
            }
        }
    }

    /// A copy without the weights smaller than `min_abs` in magnitude (and
    /// without features left with no weight), to shrink a trained model.
    pub fn pruned(&self, min_abs: f32) -> Model {
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = self
            .index
            .iter()
            .filter_map(|(&key, &(start, end))| {
                let (s, e) = (start as usize, end as usize);
                let kept: Vec<(u16, f32)> = self.classes[s..e]
                    .iter()
                    .zip(&self.weights[s..e])
                    .filter(|(_, w)| w.abs() >= min_abs && **w != 0.0)
                    .map(|(&c, &w)| (c, w))
                    .collect();
                (!kept.is_empty()).then_some((key, kept))
            })
            .collect();
        rows.sort_unstable_by_key(|(k, _)| *k);
        Model::from_rows(self.n_classes, rows)
    }

    /// The size in bytes that [`Model::write`] produces.
    pub fn written_size(&self) -> usize {
        8 + 4 + 4 + 8 + self.index.len() * 10 + self.weights.len() * 4
    }

    /// Writes the model in dyad's binary format: weights are stored as 16-bit
    /// integers with one scale per model, which keeps files small.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        out.write_all(MAGIC)?;
        out.write_all(&(self.n_classes as u32).to_le_bytes())?;
        out.write_all(&scale.to_le_bytes())?;
        out.write_all(&(self.index.len() as u64).to_le_bytes())?;
        let mut keys: Vec<_> = self.index.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| **k);
        for (key, &(start, end)) in keys {
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&((end - start) as u16).to_le_bytes())?;
            for i in start as usize..end as usize {
                out.write_all(&self.classes[i].to_le_bytes())?;
                let q = (self.weights[i] / scale).round().clamp(-32767.0, 32767.0) as i16;
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
        if !scale.is_finite() || n_classes == 0 || n_keys > 1 << 32 {
            return Err(bad("corrupt model header"));
        }
        let mut model = Model {
            n_classes,
            ..Model::default()
        };
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
        model.index.reserve((n_keys as usize).min(bytes.len() / 10));
        for _ in 0..n_keys {
            let key = u64::from_le_bytes(take(8)?.try_into().map_err(|_| bad("key"))?);
            let len = u16::from_le_bytes(take(2)?.try_into().map_err(|_| bad("len"))?);
            let start = model.classes.len() as u32;
            let row = take(usize::from(len) * 4)?;
            for pair in row.chunks_exact(4) {
                let class = u16::from_le_bytes([pair[0], pair[1]]);
                if usize::from(class) >= n_classes {
                    return Err(bad("class out of range"));
                }
                model.classes.push(class);
                model
                    .weights
                    .push(f32::from(i16::from_le_bytes([pair[2], pair[3]])) * scale);
            }
            model.index.insert(key, (start, model.classes.len() as u32));
        }
        Ok(model)
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
