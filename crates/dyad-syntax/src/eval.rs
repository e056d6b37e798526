//! Scoring predicted annotation against a gold treebank.
//!
//! For: UPOS, XPOS and lemma accuracy, and unlabelled and labelled attachment
//! scores (UAS, LAS) of predicted sentences against gold sentences with the
//! same words. Every word counts, punctuation included; LAS compares only the
//! universal part of the relation (before any `:`), so `nsubj:pass` matches
//! `nsubj`. Lemmas compare exactly.
//!
//! Not for: scoring tokenisation or sentence splitting (gold and predicted
//! must have the same words), or enhanced dependencies.

use std::fmt;

use crate::conllu::Sentence;
use crate::pipeline::SyntaxError;

/// Counts of correct predictions over a set of words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Sentences compared.
    pub sentences: usize,
    /// Words compared.
    pub words: usize,
    /// Words with the gold UPOS.
    pub upos: usize,
    /// Words with the gold XPOS.
    pub xpos: usize,
    /// Words with the gold lemma.
    pub lemma: usize,
    /// Words with the gold head.
    pub uas: usize,
    /// Words with the gold head and the gold universal relation.
    pub las: usize,
}

/// The universal part of a relation: `nsubj:pass` → `nsubj`.
pub fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

impl Scores {
    /// Adds the scores of one predicted sentence against its gold sentence;
    /// `index` (0-based) names the sentence in the error when word counts differ.
    pub fn add(
        &mut self,
        gold: &Sentence,
        pred: &Sentence,
        index: usize,
    ) -> Result<(), SyntaxError> {
        if gold.words.len() != pred.words.len() {
            let id = gold
                .comment_value("sent_id")
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            return Err(SyntaxError::Mismatch(format!(
                "sentence {}{id} has {} gold words but {} predicted",
                index + 1,
                gold.words.len(),
                pred.words.len()
            )));
        }
        if let Some((g, p)) = gold
            .words
            .iter()
            .zip(&pred.words)
            .find(|(g, p)| g.form != p.form)
        {
            return Err(SyntaxError::Mismatch(format!(
                "sentence {}: gold word {:?} but predicted {:?}",
                index + 1,
                g.form,
                p.form
            )));
        }
        self.sentences += 1;
        for (g, p) in gold.words.iter().zip(&pred.words) {
            self.words += 1;
            self.upos += usize::from(g.upos == p.upos);
            self.xpos += usize::from(g.xpos == p.xpos);
            self.lemma += usize::from(g.lemma == p.lemma);
            if g.head == p.head {
                self.uas += 1;
                self.las += usize::from(universal(&g.deprel) == universal(&p.deprel));
            }
        }
        Ok(())
    }

    /// `count` as a percentage of the words compared.
    pub fn percent(&self, count: usize) -> f64 {
        100.0 * count as f64 / self.words.max(1) as f64
    }
}

/// Scores `pred` against `gold`, sentence by sentence; an error when the
/// sentence counts or any sentence's words differ.
pub fn evaluate(gold: &[Sentence], pred: &[Sentence]) -> Result<Scores, SyntaxError> {
    if gold.len() != pred.len() {
        return Err(SyntaxError::Mismatch(format!(
            "{} gold sentences but {} predicted",
            gold.len(),
            pred.len()
        )));
    }
    let mut scores = Scores::default();
    for (i, (g, p)) in gold.iter().zip(pred).enumerate() {
        scores.add(g, p, i)?;
    }
    Ok(scores)
}

impl fmt::Display for Scores {
    /// A small table: one metric per line, with counts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sentences {}  words {}", self.sentences, self.words)?;
        for (name, n) in [
            ("UPOS", self.upos),
            ("XPOS", self.xpos),
            ("lemma", self.lemma),
            ("UAS", self.uas),
            ("LAS", self.las),
        ] {
            writeln!(
                f,
                "{name:<6}{:>7.2} %  ({n}/{})",
                self.percent(n),
                self.words
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::parse_str;

    const GOLD: &str = "1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj:pass\t_\t_\n2\twere\tbe\tAUX\tVBD\t_\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn perfect_and_partial_scores() {
        let gold = parse_str(GOLD, "g").unwrap();
        let s = evaluate(&gold, &gold).unwrap();
        assert_eq!(
            (s.words, s.upos, s.xpos, s.lemma, s.uas, s.las),
            (3, 3, 3, 3, 3, 3)
        );
        let pred_text = GOLD
            .replace("nsubj:pass", "nsubj")
            .replace("\tbe\tAUX", "\twere\tVERB")
            .replace("2\tpunct", "1\tpunct");
        let pred = parse_str(&pred_text, "p").unwrap();
        let s = evaluate(&gold, &pred).unwrap();
        assert_eq!((s.upos, s.xpos, s.lemma, s.uas, s.las), (2, 3, 2, 2, 2));
        assert!((s.percent(s.uas) - 66.666).abs() < 0.01);
        assert!(s.to_string().contains("UAS"));
    }

    #[test]
    fn different_words_are_refused() {
        let gold = parse_str(GOLD, "g").unwrap();
        let short = parse_str("1\tThey\t_\t_\t_\t_\t0\troot\t_\t_\n\n", "p").unwrap();
        assert!(evaluate(&gold, &short)
            .unwrap_err()
            .to_string()
            .contains("3 gold words"));
        assert!(evaluate(&gold, &[]).is_err());
        let other = parse_str(&GOLD.replace("They", "We"), "p").unwrap();
        assert!(evaluate(&gold, &other).is_err());
    }

    #[test]
    fn universal_part() {
        assert_eq!(universal("obl:tmod"), "obl");
        assert_eq!(universal("root"), "root");
        assert_eq!(universal(""), "");
    }
}
