//! The post-parse tagging pass: re-decides the `UPOS|XPOS` pair of the words
//! the tagger was unsure of, now seeing the dependency tree.
//!
//! For: a third, optional tagging pass that runs after the parser
//! ([`Retagger::retag`]). The tagger works before the parser and cannot see
//! syntax; this pass scores a word again with the tagger's own word features
//! ([`crate::tagger`]'s lexicon: word, affixes, shape, ambiguity class, tag
//! prior, case profile, cluster), its current tag and the tree around it:
//! its relation, the direction and distance to its head, the head's word,
//! tag and relation, and its children's relations and tags. Only words whose
//! tagger margin is below the model's threshold are re-scored, or (when the
//! model has a table of usual pairs) whose relation is unusual for their UPOS,
//! so the pass costs little. Every word is decided from the tags the tagger
//! gave (not from earlier re-decisions), and the tree is not re-parsed.
//! Also its training ([`train`]) on realistic input: training sentences
//! tagged by taggers and parsed by parsers that did not see them
//! ([`jackknife`], [`Analysed`]).
//!
//! Not for: tagging without a parse (that is [`crate::tagger`]), changing
//! heads or relations, lemmas.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::conllu::Sentence;
use crate::parser::Parser;
use crate::perceptron::{member_seed, FeatureHasher, KeyMap, Model, Trainer, WeightSum};
use crate::pipeline::SyntaxError;
use crate::tagger::{
    h, role_features, write_str, ByteReader, Scored, SplitMix, TagId, Tagger, Tok, TOP,
};

const MAGIC: &[u8; 8] = b"DYADRT01";

/// The post-parse tagging pass: weights, the tag table it was trained for,
/// its margin threshold and its table of usual (relation, UPOS) pairs.
/// Immutable; share it freely.
#[derive(Debug, Clone)]
pub struct Retagger {
    tags: Vec<(String, String)>,
    margin: f32,
    /// Weight of the tagger's own scores in the decision.
    alpha: f32,
    usual: Vec<(String, String)>,
    model: Model,
    frame: Frame,
}

/// What selecting words and extracting their features needs besides the
/// weights (derived from the tag table and the usual pairs).
#[derive(Debug, Clone, Default)]
struct Frame {
    n_classes: usize,
    /// Per class: hash of its UPOS.
    upos_h: Vec<u64>,
    /// Keys of the usual (relation, UPOS) pairs; empty: no such check.
    usual: KeyMap<()>,
    /// Features of the word's own form and its head's (the tagger's word
    /// features among them); without them only classes of words (ambiguity
    /// class, prior, suffix, cluster, case) and the tree are seen.
    lexical: bool,
}

impl Frame {
    fn new(tags: &[(String, String)], usual: &[(String, String)], lexical: bool) -> Frame {
        Frame {
            lexical,
            n_classes: tags.len(),
            upos_h: tags.iter().map(|(u, _)| h(u)).collect(),
            usual: usual
                .iter()
                .map(|(l, u)| (pair_key(h(l), h(u)), ()))
                .collect(),
        }
    }

    /// Calls `f(i, features)` for every word to re-score: not in the
    /// tagger's dictionary, and with a margin below `margin` or an unusual
    /// (relation, UPOS) pair. Inputs of different lengths, or tags outside
    /// the tag table, select nothing.
    #[allow(clippy::too_many_arguments)]
    fn visit(
        &self,
        tagger: &Tagger,
        words: &[&str],
        tags: &[u16],
        scored: &[Scored],
        heads: &[u32],
        labels: &[&str],
        margin: f32,
        mut f: impl FnMut(usize, &[u64]),
    ) {
        let n = words.len();
        if tags.len() != n || scored.len() != n || heads.len() != n || labels.len() != n {
            return;
        }
        if tags.iter().any(|&t| usize::from(t) >= self.n_classes) {
            return;
        }
        let mut label_h: Vec<u64> = Vec::new();
        let mut feats: Vec<u64> = Vec::with_capacity(96);
        for i in 0..n {
            let unsure = scored[i].margin < margin;
            if !unsure && self.usual.is_empty() {
                continue;
            }
            if label_h.is_empty() {
                label_h = labels.iter().map(|l| h(l)).collect();
            }
            let unusual = !self.usual.is_empty()
                && !self
                    .usual
                    .contains_key(&pair_key(label_h[i], self.upos_h[usize::from(tags[i])]));
            if !unsure && !unusual {
                continue;
            }
            let tok = tagger.word_tok(words[i], i == 0);
            if tok.fixed.is_some() {
                continue;
            }
            let ctx = Ctx {
                tagger,
                words,
                tags,
                heads,
                label_h: &label_h,
                n_classes: self.n_classes,
                upos_h: &self.upos_h,
                lexical: self.lexical,
            };
            ctx.features(i, &tok, &scored[i], &mut feats);
            f(i, &feats);
        }
    }
}

/// The candidate of `s` (the tagger's best tags) with the highest
/// `alpha` × tagger score + `scores`; `None` when it has none.
fn best_candidate(s: &Scored, alpha: f32, scores: &[f32]) -> Option<u16> {
    let mut best: Option<(u16, f32)> = None;
    for &(TagId(c), base) in &s.top {
        let Some(&own) = scores.get(usize::from(c)) else {
            continue;
        };
        let x = if base.is_finite() { alpha * base } else { 0.0 } + own;
        if best.is_none_or(|(_, b)| x > b) {
            best = Some((c, x));
        }
    }
    best.map(|(c, _)| c)
}

/// Hash key of a (relation, UPOS) pair.
fn pair_key(label: u64, upos: u64) -> u64 {
    FeatureHasher::new(0x7e57).int(label).int(upos).finish()
}

/// A parsed, tagged sentence seen by the feature extractor.
struct Ctx<'a> {
    tagger: &'a Tagger,
    words: &'a [&'a str],
    tags: &'a [u16],
    heads: &'a [u32],
    label_h: &'a [u64],
    n_classes: usize,
    upos_h: &'a [u64],
    lexical: bool,
}

/// Distance bucket of `d` words: 1, 2, 3, 4–6, 7 or more.
fn distance_bucket(d: usize) -> u64 {
    match d {
        0..=3 => d as u64,
        4..=6 => 4,
        _ => 5,
    }
}

impl Ctx<'_> {
    /// The tag of word `j` (0-based, signed), or a marker outside the sentence.
    fn tag(&self, j: isize) -> u64 {
        if j < 0 {
            self.n_classes as u64 + 1
        } else {
            self.tags
                .get(j as usize)
                .map_or(self.n_classes as u64 + 2, |&t| u64::from(t))
        }
    }

    /// The features of word `i` (with parts `w` and the tagger's view
    /// `sc`), replacing `out`.
    fn features(&self, i: usize, w: &Tok, sc: &Scored, out: &mut Vec<u64>) {
        out.clear();
        let f = FeatureHasher::new;
        let n = self.words.len();
        let t = u64::from(self.tags[i]);
        let u = self.upos_h[usize::from(self.tags[i])];
        let l = self.label_h[i];
        let head = self.heads[i] as usize;
        // The head: its tag, relation and word (markers for the root).
        let (ht, hu, hl, hn, dir, dist) = if head == 0 || head > n {
            (self.n_classes as u64 + 3, 1, 1, 1, 0u64, 0u64)
        } else {
            let j = head - 1;
            let hn = if self.lexical {
                self.tagger.word_tok(self.words[j], j == 0).norm
            } else {
                0
            };
            let tj = usize::from(self.tags[j]);
            (
                tj as u64,
                self.upos_h[tj],
                self.label_h[j],
                hn,
                if j > i { 1 } else { 2 },
                distance_bucket(j.abs_diff(i)),
            )
        };
        // The children: their relations as a sorted set, and each one.
        let mut kids: [u64; 8] = [0; 8];
        let mut n_kids = 0usize;
        let (mut left, mut right) = (0u64, 0u64);
        for (j, &hd) in self.heads.iter().enumerate() {
            if hd as usize == i + 1 {
                if n_kids < kids.len() {
                    kids[n_kids] = self.label_h[j];
                    n_kids += 1;
                    out.push(f(216).int(self.label_h[j]).finish());
                    out.push(
                        f(217)
                            .int(self.label_h[j])
                            .int(self.tag(j as isize))
                            .finish(),
                    );
                    if self.lexical {
                        out.push(f(218).int(self.label_h[j]).int(w.norm).finish());
                    }
                    out.push(f(219).int(self.label_h[j]).int(t).finish());
                }
                if j < i {
                    left += 1;
                } else {
                    right += 1;
                }
            }
        }
        let kids = &mut kids[..n_kids];
        kids.sort_unstable();
        let mut set = FeatureHasher::new(0x5e7);
        let mut last = 0;
        for &k in kids.iter() {
            if k != last {
                set = set.int(k);
                last = k;
            }
        }
        let set = set.finish();
        let (tm1, tp1) = (self.tag(i as isize - 1), self.tag(i as isize + 1));
        out.extend_from_slice(&[
            f(200).finish(),
            f(201).int(t).finish(),
            f(202).int(l).finish(),
            f(203).int(l).int(t).finish(),
            f(205).int(l).int(w.ambiguity).finish(),
            f(206).int(l).int(dir).int(dist).finish(),
            f(207).int(l).int(dir).int(t).finish(),
            f(208).int(ht).finish(),
            f(209).int(l).int(ht).finish(),
            f(210).int(l).int(ht).int(t).finish(),
            f(212).int(hl).int(l).finish(),
            f(213).int(set).finish(),
            f(214).int(set).int(t).finish(),
            f(215).int(set).int(w.ambiguity).finish(),
            f(220).int(left.min(3)).int(right.min(3)).int(l).finish(),
            f(221).int(tm1).int(t).int(tp1).finish(),
            f(222).int(l).int(w.prior).finish(),
            f(224).int(l).int(w.suffix[2]).finish(),
            f(226).int(l).int(w.profile).int(w.flags & 17).finish(),
            f(227).int(l).int(hl).int(hu).finish(),
            f(228).int(dir).int(dist).int(w.ambiguity).finish(),
            f(229).int(l).int(w.cluster).finish(),
            f(230).int(u).int(l).int(hu).finish(),
            f(231).int(l).int(tm1).finish(),
            f(232).int(l).int(tp1).finish(),
        ]);
        // The tagger's doubt: the runner-up tag and how close it came.
        let c2 = u64::from(sc.top[1].0 .0);
        let band = if sc.margin.is_finite() && sc.margin >= 1.0 {
            u64::from(sc.margin.log2() as u8).min(6) + 1
        } else {
            0
        };
        out.extend_from_slice(&[
            f(240).int(t).int(c2).finish(),
            f(241).int(t).int(c2).int(l).finish(),
            f(242).int(band).int(t).int(c2).finish(),
            f(243).int(t).int(c2).int(ht).finish(),
            f(244).int(t).int(c2).int(set).finish(),
            f(245).int(t).int(c2).int(l).int(hl).finish(),
        ]);
        if self.lexical {
            out.extend_from_slice(&[
                f(204).int(l).int(w.norm).finish(),
                f(211).int(hn).int(l).finish(),
                f(223).int(w.norm).int(set).finish(),
                f(225).int(hn).int(w.norm).finish(),
            ]);
            role_features(w, 0, out);
        }
    }
}

impl Retagger {
    /// Re-decides the tags of the unsure words of a parsed sentence in
    /// place: `tags` and `scored` from [`Tagger::tag_scored`], `heads`
    /// (1-based, 0 the root) and `labels` from the parser. A word can only
    /// take one of the tagger's best [`TOP`] tags for it. Returns how many
    /// tags changed. Slices of different lengths change nothing.
    pub fn retag(
        &self,
        tagger: &Tagger,
        words: &[&str],
        tags: &mut [TagId],
        scored: &[Scored],
        heads: &[u32],
        labels: &[&str],
    ) -> usize {
        let ids: Vec<u16> = tags.iter().map(|t| t.0).collect();
        let mut scores = vec![0f32; self.frame.n_classes];
        let mut changed = 0;
        self.frame.visit(
            tagger,
            words,
            &ids,
            scored,
            heads,
            labels,
            self.margin,
            |i, feats| {
                self.model.scores(feats, &mut scores);
                if let Some(best) = best_candidate(&scored[i], self.alpha, &scores) {
                    if best != ids[i] {
                        tags[i] = TagId(best);
                        changed += 1;
                    }
                }
            },
        );
        changed
    }

    /// Whether this pass was trained for `tagger`'s tag table (it must be, to
    /// be used with it).
    pub fn fits(&self, tagger: &Tagger) -> bool {
        self.tags == tagger.tag_pairs()
    }

    /// The margin threshold: words the tagger was surer of stay as they are.
    pub fn margin(&self) -> f32 {
        self.margin
    }

    /// A copy with another margin threshold (infinite: every word not in
    /// the tagger's dictionary).
    pub fn with_margin(&self, margin: f32) -> Retagger {
        Retagger {
            margin: if margin.is_nan() {
                f32::INFINITY
            } else {
                margin
            },
            ..self.clone()
        }
    }

    /// A copy without the check of usual (relation, UPOS) pairs: only the
    /// margin selects words.
    pub fn without_usual_pairs(&self) -> Retagger {
        Retagger {
            usual: Vec::new(),
            frame: Frame::new(&self.tags, &[], self.frame.lexical),
            ..self.clone()
        }
    }

    /// The number of weights.
    pub fn n_weights(&self) -> usize {
        self.model.n_weights()
    }

    /// Reads a model written by [`Retagger::write`].
    pub fn load(bytes: &[u8]) -> Result<Retagger, SyntaxError> {
        let bad = |m: &str| SyntaxError::model("retagger", m);
        let mut r = ByteReader::new(bytes, "retagger");
        if r.take(8)? != MAGIC {
            return Err(bad("not a dyad post-parse tagger model (bad magic)"));
        }
        let margin = f32::from_le_bytes(
            r.take(4)?
                .try_into()
                .map_err(|_| bad("bad margin threshold"))?,
        );
        if margin.is_nan() {
            return Err(bad("bad margin threshold"));
        }
        let alpha = f32::from_le_bytes(
            r.take(4)?
                .try_into()
                .map_err(|_| bad("bad tagger score weight"))?,
        );
        if !alpha.is_finite() {
            return Err(bad("bad tagger score weight"));
        }
        let lexical = match r.take(1)?[0] {
            0 => false,
            1 => true,
            _ => return Err(bad("bad feature set")),
        };
        let pairs = |r: &mut ByteReader<'_>, what: &str| {
            let n = r.u32()? as usize;
            if n > bytes.len() / 4 {
                return Err(bad(&format!("bad {what} count")));
            }
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                v.push((r.string()?, r.string()?));
            }
            Ok(v)
        };
        let tags = pairs(&mut r, "tag")?;
        if tags.is_empty() || tags.len() > usize::from(u16::MAX) {
            return Err(bad("bad tag count"));
        }
        let usual = pairs(&mut r, "usual pair")?;
        let len = usize::try_from(r.u64()?).map_err(|_| bad("bad model length"))?;
        let mut part = r.take(len)?;
        let model = Model::read(&mut part).map_err(|e| bad(&format!("weights: {e}")))?;
        if model.n_classes() != tags.len() {
            return Err(bad("weights and tag table disagree"));
        }
        if !r.rest().is_empty() {
            return Err(bad("trailing bytes after the weights"));
        }
        let frame = Frame::new(&tags, &usual, lexical);
        Ok(Retagger {
            tags,
            margin,
            alpha,
            usual,
            model,
            frame,
        })
    }

    /// Writes the model in dyad's binary format.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&self.margin.to_le_bytes())?;
        out.write_all(&self.alpha.to_le_bytes())?;
        out.write_all(&[u8::from(self.frame.lexical)])?;
        for table in [&self.tags, &self.usual] {
            out.write_all(&(table.len() as u32).to_le_bytes())?;
            for (a, b) in table {
                write_str(out, a)?;
                write_str(out, b)?;
            }
        }
        let mut bytes = Vec::new();
        self.model.write(&mut bytes)?;
        out.write_all(&(bytes.len() as u64).to_le_bytes())?;
        out.write_all(&bytes)
    }
}

/// A sentence as the pipeline sees it before this pass: its words with
/// predicted tags, how sure the tagger was of each and the parser's tree,
/// plus the gold tags to learn from or score against. Tags are strings, so
/// that sentences tagged by other taggers (jackknifing) can be used.
#[derive(Debug, Clone)]
pub struct Analysed {
    /// The words with predicted UPOS, XPOS, head and relation.
    pub sentence: Sentence,
    /// The gold `(UPOS, XPOS)` of each word.
    pub gold: Vec<(String, String)>,
    /// The tagger's margin for each word ([`Scored::margin`]).
    pub margins: Vec<f32>,
    /// The tagger's best tags for each word, best first, with their scores
    /// ([`Scored::top`]).
    pub top: Vec<Vec<(String, String, f32)>>,
}

impl Analysed {
    /// Tags `gold`'s words with `tagger` and parses them with `parser`.
    pub fn new(tagger: &Tagger, parser: &Parser, gold: &Sentence) -> Analysed {
        let forms: Vec<&str> = gold.words.iter().map(|w| w.form.as_str()).collect();
        let (tags, scored) = tagger.tag_scored(&forms);
        let mut sentence = gold.clone();
        for (w, &t) in sentence.words.iter_mut().zip(&tags) {
            w.upos = tagger.upos(t).to_string();
            w.xpos = tagger.xpos(t).to_string();
        }
        Analysed::from_tagged(tagger, sentence, gold, &scored, Some(parser))
    }

    /// `sentence` (already tagged by `tagger`, with `scored` from it),
    /// parsed by `parser` when given, with the gold tags of `gold`.
    fn from_tagged(
        tagger: &Tagger,
        mut sentence: Sentence,
        gold: &Sentence,
        scored: &[Scored],
        parser: Option<&Parser>,
    ) -> Analysed {
        if let Some(parser) = parser {
            let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
            let upos: Vec<&str> = sentence.words.iter().map(|w| w.upos.as_str()).collect();
            let xpos: Vec<&str> = sentence.words.iter().map(|w| w.xpos.as_str()).collect();
            let arcs = parser.parse(&forms, &upos, &xpos);
            for (k, w) in sentence.words.iter_mut().enumerate() {
                let (hd, l) = arcs.get(k).cloned().unwrap_or((0, "dep".to_string()));
                w.head = hd;
                w.deprel = l;
            }
        }
        Analysed {
            sentence,
            gold: gold
                .words
                .iter()
                .map(|w| (w.upos.clone(), w.xpos.clone()))
                .collect(),
            margins: scored.iter().map(|s| s.margin).collect(),
            top: scored
                .iter()
                .map(|s| {
                    s.top
                        .iter()
                        .filter(|(t, x)| usize::from(t.0) < tagger.n_tags() && x.is_finite())
                        .map(|&(t, x)| (tagger.upos(t).to_string(), tagger.xpos(t).to_string(), x))
                        .collect()
                })
                .collect(),
        }
    }

    /// The sentence as CoNLL-U, the gold tags, the margin and the best tags
    /// in each word's MISC column
    /// (`GoldUpos=…|GoldXpos=…|Margin=…|Top=UPOS/XPOS:score;…`), for saving.
    pub fn to_conllu(&self) -> Sentence {
        let mut s = self.sentence.clone();
        for (k, w) in s.words.iter_mut().enumerate() {
            let (gu, gx) = self.gold.get(k).cloned().unwrap_or_default();
            let m = self.margins.get(k).copied().unwrap_or(f32::INFINITY);
            let top: Vec<String> = self
                .top
                .get(k)
                .map(|t| t.iter().map(|(u, x, v)| format!("{u}/{x}:{v}")).collect())
                .unwrap_or_default();
            w.misc = format!(
                "GoldUpos={gu}|GoldXpos={gx}|Margin={m}|Top={}",
                top.join(";")
            );
        }
        s
    }

    /// Reads back a sentence written by [`Analysed::to_conllu`].
    pub fn from_conllu(s: &Sentence) -> Result<Analysed, SyntaxError> {
        let n = s.words.len();
        let (mut gold, mut margins, mut tops) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for w in &s.words {
            let (mut gu, mut gx, mut m, mut top) = (None, None, None, None);
            for part in w.misc.split('|') {
                match part.split_once('=') {
                    Some(("GoldUpos", v)) => gu = Some(v.to_string()),
                    Some(("GoldXpos", v)) => gx = Some(v.to_string()),
                    Some(("Margin", v)) => m = v.parse::<f32>().ok().filter(|m| !m.is_nan()),
                    Some(("Top", v)) => {
                        top = v
                            .split(';')
                            .filter(|c| !c.is_empty())
                            .map(|c| {
                                let (tag, score) = c.rsplit_once(':')?;
                                let (u, x) = tag.split_once('/')?;
                                let score = score.parse::<f32>().ok().filter(|x| x.is_finite())?;
                                Some((u.to_string(), x.to_string(), score))
                            })
                            .collect::<Option<Vec<_>>>()
                    }
                    _ => {}
                }
            }
            match (gu, gx, m, top) {
                (Some(u), Some(x), Some(m), Some(top)) => {
                    gold.push((u, x));
                    margins.push(m);
                    tops.push(top);
                }
                _ => {
                    return Err(SyntaxError::Mismatch(format!(
                        "word {:?} of a sentence lacks a readable GoldUpos, GoldXpos, Margin or Top in MISC",
                        w.form
                    )))
                }
            }
        }
        Ok(Analysed {
            sentence: s.clone(),
            gold,
            margins,
            top: tops,
        })
    }
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
    /// The margin threshold the model is used with (and scored on dev with).
    pub margin: f32,
    /// Training words are those with a margin below this (at least as many
    /// as the model will re-score, so it meets more cases).
    pub train_margin: f32,
    /// Weight of the tagger's own scores in the decision (0: the model
    /// alone chooses among the tagger's best tags).
    pub alpha: f32,
    /// Train this many models with different shuffle seeds and average
    /// their weights (a seed ensemble at the cost of one model).
    pub seeds: usize,
    /// Use features of the word's and its head's own forms (else only word
    /// classes and the tree).
    pub lexical: bool,
    /// Also re-score words whose (relation, UPOS) pair is unusual.
    pub unusual: bool,
    /// A (relation, UPOS) pair is usual when at least this share of the
    /// relation's words in the training set have that gold UPOS.
    pub usual_share: f64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            patience: 3,
            seed: 0x7e7a9,
            min_weight: 0.002,
            margin: 10.0,
            train_margin: f32::INFINITY,
            alpha: 0.25,
            seeds: 5,
            lexical: false,
            unusual: true,
            usual_share: 0.1,
        }
    }
}

/// One word to learn from or score: its features, the tagger's best tags
/// and its gold tag (`u16::MAX` when the tag table lacks it).
struct Instance {
    feats: Vec<u64>,
    scored: Scored,
    gold: u16,
}

/// The words of `set` that `frame` selects at `margin`, per sentence.
fn instances(
    tagger: &Tagger,
    frame: &Frame,
    set: &[Analysed],
    margin: f32,
) -> Vec<Vec<(usize, Instance)>> {
    let ids: HashMap<(&str, &str), u16> = tagger
        .tag_pairs()
        .iter()
        .enumerate()
        .map(|(i, (u, x))| ((u.as_str(), x.as_str()), i as u16))
        .collect();
    let id = |u: &str, x: &str| ids.get(&(u, x)).copied().unwrap_or(u16::MAX);
    set.iter()
        .map(|a| {
            let words: Vec<&str> = a.sentence.words.iter().map(|w| w.form.as_str()).collect();
            let tags: Vec<u16> = a
                .sentence
                .words
                .iter()
                .map(|w| id(&w.upos, &w.xpos))
                .collect();
            let scored: Vec<Scored> = (0..words.len())
                .map(|i| {
                    let mut top = [(TagId(u16::MAX), f32::NEG_INFINITY); TOP];
                    let cands = a.top.get(i).map_or(&[][..], Vec::as_slice);
                    for (slot, (u, x, v)) in top.iter_mut().zip(cands) {
                        *slot = (TagId(id(u, x)), *v);
                    }
                    Scored {
                        margin: a.margins.get(i).copied().unwrap_or(f32::INFINITY),
                        top,
                    }
                })
                .collect();
            let heads: Vec<u32> = a.sentence.words.iter().map(|w| w.head).collect();
            let labels: Vec<&str> = a.sentence.words.iter().map(|w| w.deprel.as_str()).collect();
            let mut out = Vec::new();
            frame.visit(
                tagger,
                &words,
                &tags,
                &scored,
                &heads,
                &labels,
                margin,
                |i, feats| {
                    out.push((
                        i,
                        Instance {
                            feats: feats.to_vec(),
                            scored: scored[i],
                            gold: a.gold.get(i).map_or(u16::MAX, |(u, x)| id(u, x)),
                        },
                    ))
                },
            );
            out
        })
        .collect()
}

/// UPOS accuracy of `set` (every word) when the selected words of `inst`
/// take the best candidate under `model`; with `None`, the tags before this
/// pass.
fn upos_accuracy(
    tagger: &Tagger,
    set: &[Analysed],
    inst: &[Vec<(usize, Instance)>],
    model: Option<&Model>,
    alpha: f32,
) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    let mut scores = vec![0f32; tagger.n_tags()];
    for (a, ins) in set.iter().zip(inst) {
        let mut upos: Vec<&str> = a.sentence.words.iter().map(|w| w.upos.as_str()).collect();
        if let Some(m) = model {
            for (i, x) in ins {
                m.scores(&x.feats, &mut scores);
                if let Some(b) = best_candidate(&x.scored, alpha, &scores) {
                    upos[*i] = tagger.upos(TagId(b));
                }
            }
        }
        for (p, (g, _)) in upos.iter().zip(&a.gold) {
            ok += usize::from(p == g);
            n += 1;
        }
    }
    ok as f64 / n.max(1) as f64
}

/// The (relation, UPOS) pairs of `train` (predicted relation, gold UPOS)
/// whose share of the relation's words is at least `share`.
fn usual_pairs(train: &[Analysed], share: f64) -> Vec<(String, String)> {
    let mut counts: HashMap<(&str, &str), usize> = HashMap::new();
    let mut totals: HashMap<&str, usize> = HashMap::new();
    for a in train {
        for (w, (gu, _)) in a.sentence.words.iter().zip(&a.gold) {
            *counts.entry((w.deprel.as_str(), gu.as_str())).or_default() += 1;
            *totals.entry(w.deprel.as_str()).or_default() += 1;
        }
    }
    let mut usual: Vec<(String, String)> = counts
        .into_iter()
        .filter(|((l, _), c)| *c as f64 >= share * totals.get(l).copied().unwrap_or(0) as f64)
        .map(|((l, u), _)| (l.to_string(), u.to_string()))
        .collect();
    usual.sort();
    usual
}

/// Trains the pass for `tagger` on `train` (sentences tagged and parsed by
/// models that did not see them, [`jackknife`]), keeping the epoch that
/// scores best (UPOS) on `dev` (tagged and parsed by the shipped models).
/// The model learns corrections to the tagger's scores: a word's decision
/// is the best of its candidates by `alpha` × tagger score + model score.
pub fn train(
    tagger: &Tagger,
    train: &[Analysed],
    dev: &[Analysed],
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Retagger, SyntaxError> {
    let tags = tagger.tag_pairs().to_vec();
    let usual = if opts.unusual {
        usual_pairs(train, opts.usual_share)
    } else {
        Vec::new()
    };
    let frame = Frame::new(&tags, &usual, opts.lexical);
    let train_inst = instances(tagger, &frame, train, opts.train_margin);
    let dev_inst = instances(tagger, &frame, dev, opts.margin);
    let n_train: usize = train_inst.iter().map(Vec::len).sum();
    if n_train == 0 {
        return Err(SyntaxError::NoData(
            "no training word for the post-parse tagger".into(),
        ));
    }
    let n_dev: usize = dev_inst.iter().map(Vec::len).sum();
    let alpha = opts.alpha;
    let base = upos_accuracy(tagger, dev, &dev_inst, None, alpha);
    log(&format!(
        "retagger: {} usual pairs, {n_train} training words, {n_dev} dev words re-scored; dev UPOS before {:.2}%",
        usual.len(),
        100.0 * base
    ));
    let nc = tags.len();
    let model = if opts.seeds <= 1 {
        run_epochs(tagger, &train_inst, dev, &dev_inst, opts, opts.seed, log)
    } else {
        let mut sum = WeightSum::default();
        for k in 0..opts.seeds {
            let m = run_epochs(
                tagger,
                &train_inst,
                dev,
                &dev_inst,
                &TrainOptions {
                    min_weight: 0.0,
                    ..opts.clone()
                },
                member_seed(opts.seed, k),
                log,
            );
            sum.add(&m, Some).ok_or_else(|| {
                SyntaxError::model("retagger", "seed ensemble: a class out of range")
            })?;
        }
        let m = sum.into_model(nc, opts.seeds as f64, f64::from(opts.min_weight));
        let acc = upos_accuracy(tagger, dev, &dev_inst, Some(&m), alpha);
        log(&format!(
            "retagger: {} seeds averaged, dev UPOS {:.2}%, {} weights",
            opts.seeds,
            100.0 * acc,
            m.n_weights()
        ));
        m
    };
    Ok(Retagger {
        frame,
        tags,
        margin: opts.margin,
        alpha,
        usual,
        model,
    })
}

/// Perceptron epochs over `train_inst` shuffled with `seed`, keeping the
/// averaged model that scores `dev` best.
fn run_epochs(
    tagger: &Tagger,
    train_inst: &[Vec<(usize, Instance)>],
    dev: &[Analysed],
    dev_inst: &[Vec<(usize, Instance)>],
    opts: &TrainOptions,
    seed: u64,
    log: &mut dyn FnMut(&str),
) -> Model {
    let (nc, alpha) = (tagger.n_tags(), opts.alpha);
    let mut trainer = Trainer::new(nc);
    let mut order: Vec<usize> = (0..train_inst.len()).collect();
    let mut rng = SplitMix::new(seed);
    let mut scores = vec![0f32; nc];
    let mut best: Option<(f64, Model)> = None;
    let mut since_best = 0;
    for epoch in 1..=opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut right, mut total, mut kept, mut reachable) = (0usize, 0usize, 0usize, 0usize);
        for &si in &order {
            for (_, x) in &train_inst[si] {
                let in_reach = x.scored.top.iter().any(|(t, _)| t.0 == x.gold);
                total += 1;
                kept += usize::from(x.scored.top[0].0 .0 == x.gold);
                if x.gold == u16::MAX || !in_reach {
                    continue;
                }
                reachable += 1;
                trainer.scores(&x.feats, &mut scores);
                let Some(g) = best_candidate(&x.scored, alpha, &scores) else {
                    continue;
                };
                trainer.update(&x.feats, usize::from(x.gold), usize::from(g), 1.0);
                trainer.tick();
                right += usize::from(g == x.gold);
            }
        }
        let model = trainer.averaged(opts.min_weight);
        let acc = upos_accuracy(tagger, dev, dev_inst, Some(&model), alpha);
        log(&format!(
            "retagger epoch {epoch}: train {:.2}% (tagger {:.2}%, gold among candidates {:.2}%), dev UPOS {:.2}%, {} weights",
            100.0 * right as f64 / total.max(1) as f64,
            100.0 * kept as f64 / total.max(1) as f64,
            100.0 * reachable as f64 / total.max(1) as f64,
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
    match best {
        Some((_, m)) => m,
        None => trainer.averaged(opts.min_weight),
    }
}

/// Realistic training input for [`train`]: `train` split into `folds`
/// (sentence `i` in fold `i % folds`); each fold tagged by a tagger trained
/// on the other folds (early stopping on the gold `tag_dev`), then parsed by
/// a parser trained on the other folds with their jackknifed tags (early
/// stopping on `parse_dev`, which must carry predicted tags).
#[allow(clippy::too_many_arguments)]
pub fn jackknife(
    train: &[Sentence],
    tag_dev: &[Sentence],
    parse_dev: &[Sentence],
    texts: &[String],
    folds: usize,
    tagger_opts: &crate::tagger::TrainOptions,
    parser_opts: &crate::parser::TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<Analysed>, SyntaxError> {
    let folds = folds.max(2);
    // Jackknifed tags and how sure their taggers were.
    let mut tagged: Vec<Option<Analysed>> = vec![None; train.len()];
    for k in 0..folds {
        let rest: Vec<Sentence> = train
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .map(|(_, s)| s.clone())
            .collect();
        log(&format!("retagger jackknife: tagger of fold {}", k + 1));
        let t = crate::tagger::train_with_text(&rest, tag_dev, texts, tagger_opts, &mut |_| {})?;
        for i in (0..train.len()).filter(|i| i % folds == k) {
            let forms: Vec<&str> = train[i].words.iter().map(|w| w.form.as_str()).collect();
            let (tags, scored) = t.tag_scored(&forms);
            let mut s = train[i].clone();
            for (w, tg) in s.words.iter_mut().zip(tags) {
                w.upos = t.upos(tg).to_string();
                w.xpos = t.xpos(tg).to_string();
            }
            tagged[i] = Some(Analysed::from_tagged(&t, s, &train[i], &scored, None));
        }
    }
    let mut tagged: Vec<Analysed> = tagged.into_iter().flatten().collect();
    if tagged.len() != train.len() {
        return Err(SyntaxError::NoData(
            "a jackknife fold was not tagged".into(),
        ));
    }
    // Jackknifed parses of the jackknifed tags (the parsers learn from the
    // gold trees, so the parses are set only once every parser is trained).
    let mut parses: Vec<Vec<(u32, String)>> = vec![Vec::new(); tagged.len()];
    for k in 0..folds {
        let rest: Vec<Sentence> = tagged
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .map(|(_, a)| a.sentence.clone())
            .collect();
        log(&format!("retagger jackknife: parser of fold {}", k + 1));
        let p = crate::parser::train(&rest, parse_dev, parser_opts, log);
        for i in (0..tagged.len()).filter(|i| i % folds == k) {
            let s = &tagged[i].sentence;
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let upos: Vec<&str> = s.words.iter().map(|w| w.upos.as_str()).collect();
            let xpos: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
            parses[i] = p.parse(&forms, &upos, &xpos);
        }
    }
    for (a, arcs) in tagged.iter_mut().zip(parses) {
        for (w, (hd, l)) in a.sentence.words.iter_mut().zip(arcs) {
            w.head = hd;
            w.deprel = l;
        }
    }
    Ok(tagged)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::conllu::Word;
    use proptest::prelude::*;

    /// `(form, gold UPOS, gold XPOS, head, relation)` rows as a gold sentence.
    fn gold(rows: &[(&str, &str, &str, u32, &str)]) -> Sentence {
        Sentence {
            words: rows
                .iter()
                .map(|(f, u, x, h, l)| Word {
                    form: f.to_string(),
                    upos: u.to_string(),
                    xpos: x.to_string(),
                    head: *h,
                    deprel: l.to_string(),
                    ..Word::blank()
                })
                .collect(),
            ..Sentence::default()
        }
    }

    /// "that" as a determiner (`det`) and as a conjunction (`mark`), with
    /// a few subjects and verbs around it.
    fn toy() -> Vec<Sentence> {
        let mut v = Vec::new();
        let subjects = ["I", "We", "They", "You"];
        let verbs = ["know", "see", "say", "think"];
        let nouns = [("dog", "dogs"), ("cat", "cats"), ("bird", "birds")];
        for s in subjects {
            for verb in verbs {
                for (one, many) in nouns {
                    v.push(gold(&[
                        (s, "PRON", "PRP", 2, "nsubj"),
                        (verb, "VERB", "VBP", 0, "root"),
                        ("that", "DET", "DT", 4, "det"),
                        (one, "NOUN", "NN", 2, "obj"),
                        (".", "PUNCT", ".", 2, "punct"),
                    ]));
                    v.push(gold(&[
                        (s, "PRON", "PRP", 2, "nsubj"),
                        (verb, "VERB", "VBP", 0, "root"),
                        ("that", "SCONJ", "IN", 5, "mark"),
                        (many, "NOUN", "NNS", 5, "nsubj"),
                        ("sleep", "VERB", "VBP", 2, "ccomp"),
                        (".", "PUNCT", ".", 2, "punct"),
                    ]));
                }
            }
        }
        v
    }

    /// `gold` as the pipeline would see it when the tagger called every
    /// "that" a determiner, unsure (the conjunction a close second), and the
    /// parser got the tree right.
    fn misread(gold: &Sentence) -> Analysed {
        let mut sentence = gold.clone();
        let (mut margins, mut top) = (Vec::new(), Vec::new());
        for w in &mut sentence.words {
            if w.form == "that" {
                w.upos = "DET".into();
                w.xpos = "DT".into();
                margins.push(0.5);
                top.push(vec![
                    ("DET".to_string(), "DT".to_string(), 1.0),
                    ("SCONJ".to_string(), "IN".to_string(), 0.5),
                ]);
            } else {
                margins.push(f32::INFINITY);
                top.push(vec![(w.upos.clone(), w.xpos.clone(), 5.0)]);
            }
        }
        Analysed {
            gold: gold
                .words
                .iter()
                .map(|w| (w.upos.clone(), w.xpos.clone()))
                .collect(),
            margins,
            top,
            sentence,
        }
    }

    fn trained() -> (Tagger, Retagger) {
        let data = toy();
        let tagger = crate::tagger::train(
            &data,
            &data,
            &crate::tagger::TrainOptions::default(),
            &mut |_| {},
        )
        .unwrap();
        let set: Vec<Analysed> = data.iter().map(misread).collect();
        let opts = TrainOptions {
            unusual: true,
            ..TrainOptions::default()
        };
        let r = train(&tagger, &set, &set, &opts, &mut |_| {}).unwrap();
        (tagger, r)
    }

    /// The id of the tag pair `(u, x)`.
    fn id(tagger: &Tagger, u: &str, x: &str) -> u16 {
        tagger
            .tag_pairs()
            .iter()
            .position(|p| p.0 == u && p.1 == x)
            .unwrap() as u16
    }

    fn retag_that(tagger: &Tagger, r: &Retagger, label: &str, head: u32, margin: f32) -> String {
        let words = ["You", "say", "that", "fish", "sleep", "."];
        let (mut tags, mut scored) = tagger.tag_scored(&words);
        let (dt, sc) = (id(tagger, "DET", "DT"), id(tagger, "SCONJ", "IN"));
        tags[2] = TagId(dt);
        scored[2].margin = margin;
        scored[2].top[0] = (TagId(dt), 1.0);
        scored[2].top[1] = (TagId(sc), 0.5);
        scored[2].top[2] = (TagId(u16::MAX), f32::NEG_INFINITY);
        for s in &mut scored {
            s.margin = s.margin.max(1e6);
        }
        scored[2].margin = margin;
        let heads = [2, 0, head, 5, 2, 2];
        let labels = ["nsubj", "root", label, "nsubj", "ccomp", "punct"];
        r.retag(tagger, &words, &mut tags, &scored, &heads, &labels);
        tagger.upos(tags[2]).to_string()
    }

    #[test]
    fn the_relation_decides_and_the_model_round_trips() {
        let (tagger, r) = trained();
        assert!(r.fits(&tagger));
        assert_eq!(retag_that(&tagger, &r, "mark", 5, 0.5), "SCONJ");
        assert_eq!(retag_that(&tagger, &r, "det", 4, 0.5), "DET");
        // A sure word (margin above the threshold) keeps its tag.
        let sure = r.without_usual_pairs();
        assert_eq!(retag_that(&tagger, &sure, "mark", 5, 1e6), "DET");
        let mut bytes = Vec::new();
        r.write(&mut bytes).unwrap();
        let back = Retagger::load(&bytes).unwrap();
        assert_eq!(back.margin(), r.margin());
        assert_eq!(back.n_weights(), r.n_weights());
        assert_eq!(retag_that(&tagger, &back, "mark", 5, 0.5), "SCONJ");
        let mut again = Vec::new();
        back.write(&mut again).unwrap();
        assert_eq!(again, bytes);
        // Truncated, extended or foreign bytes are errors naming the model.
        for bad in [&bytes[..bytes.len() - 3], &bytes[..7], b"DYADTG05xxxx"] {
            let e = Retagger::load(bad).unwrap_err().to_string();
            assert!(e.contains("retagger"), "{e}");
        }
        let mut long = bytes.clone();
        long.push(0);
        assert!(Retagger::load(&long).is_err());
    }

    #[test]
    fn usual_pairs_select_words_the_tagger_was_sure_of() {
        let (tagger, r) = trained();
        // `mark` is never a DET in training: the pair is unusual, so even a
        // sure "that" is re-scored.
        assert_eq!(retag_that(&tagger, &r, "mark", 5, 1e6), "SCONJ");
        assert!(r.usual.iter().any(|(l, u)| l == "mark" && u == "SCONJ"));
        assert!(!r.usual.iter().any(|(l, u)| l == "mark" && u == "DET"));
    }

    #[test]
    fn analysed_sentences_round_trip_through_conllu() {
        let data = toy();
        let a = misread(&data[1]);
        let back = Analysed::from_conllu(&a.to_conllu()).unwrap();
        assert_eq!(back.gold, a.gold);
        assert_eq!(back.margins, a.margins);
        assert_eq!(back.top, a.top);
        assert_eq!(back.sentence.words[2].upos, "DET");
        let err = Analysed::from_conllu(&data[0]).unwrap_err().to_string();
        assert!(err.contains("GoldUpos"), "{err}");
    }

    #[test]
    fn tag_scored_agrees_with_tag() {
        let (tagger, _) = trained();
        let words = ["They", "see", "that", "cats", "sleep", ".", "zork"];
        let (tags, scored) = tagger.tag_scored(&words);
        assert_eq!(tags, tagger.tag(&words));
        assert_eq!(scored.len(), words.len());
        for (s, t) in scored.iter().zip(&tags) {
            assert!(s.margin >= 0.0);
            assert_eq!(s.top[0].0, *t);
            assert!(s.top[0].1 >= s.top[1].1 && s.top[1].1 >= s.top[2].1);
            if s.margin.is_finite() {
                assert!((s.top[0].1 - s.top[1].1 - s.margin).abs() < 1e-3);
            }
        }
        assert_eq!(tagger.tag_scored(&[]), (Vec::new(), Vec::new()));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn load_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let mut b = MAGIC.to_vec();
            b.extend(&bytes);
            let _ = Retagger::load(&b);
            let _ = Retagger::load(&bytes);
        }

        #[test]
        fn retag_never_panics_on_any_tree(
            heads in proptest::collection::vec(any::<u32>(), 0..12),
            labels in proptest::collection::vec("[a-z:]{0,8}", 0..12),
            margin in any::<f32>(),
            tag in any::<u16>(),
        ) {
            let (tagger, r) = trained_once();
            let n = heads.len();
            let words: Vec<&str> = ["that", "dogs", "", "é", "."].iter().cycle().take(n).copied().collect();
            let mut tags = vec![TagId(tag % 8); n];
            let top = [(TagId(tag % 8), 1.0), (TagId(tag), 0.5), (TagId(3), f32::NEG_INFINITY)];
            let scored = vec![Scored { margin, top }; n];
            let labels: Vec<&str> = labels.iter().map(String::as_str).cycle().take(n).collect();
            let before = tags.clone();
            let changed = r.with_margin(f32::INFINITY).retag(tagger, &words, &mut tags, &scored, &heads, &labels);
            prop_assert_eq!(tags.len(), n);
            prop_assert_eq!(changed, tags.iter().zip(&before).filter(|(a, b)| a != b).count());
        }
    }

    /// One trained toy pair (for the property tests and the pipeline's).
    pub(crate) fn trained_once() -> &'static (Tagger, Retagger) {
        static CELL: std::sync::OnceLock<(Tagger, Retagger)> = std::sync::OnceLock::new();
        CELL.get_or_init(trained)
    }
}
