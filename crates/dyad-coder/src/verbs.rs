//! Verbs and their patterns: finds verb forms from the dictionaries in a sentence, tells
//! verbs from nouns of the same spelling ("the attacks", "despite calls"), marks passive
//! voice, and chooses the most specific PETRARCH-style pattern of the verb that the words
//! after (or, in the passive, before) it satisfy.
//!
//! Not for: choosing source and target actors (see [`crate::clause`]).
use dyad_dict::model::{PatternItem, PatternToken, VerbEntry};
use dyad_dict::Dictionaries;

use crate::mentions::Mention;
use crate::tokens::{is_adverb, is_be, is_determiner_or_preposition, is_negation, Tok};

/// A verb found in a sentence.
#[derive(Debug, Clone)]
pub struct VerbHit<'d> {
    /// First token of the verb (with its particles, for a multi-word verb).
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// The dictionary entry.
    pub entry: &'d VerbEntry,
    /// The verb's base form, folded ("condemn", "call on").
    pub lemma: String,
    /// True in the passive voice ("were boycotted by").
    pub passive: bool,
    /// True when negated ("did not condemn").
    pub negated: bool,
}

/// A matched pattern: the code it gives and where its actors are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatch {
    /// The event code; `None` for a null pattern (`---`: no event).
    pub code: Option<String>,
    /// The code of the same event seen from the target (`032:033`: a visit is also
    /// hosted), if the pattern gives one.
    pub reverse: Option<String>,
    /// The rule that gave it: `file:line` of the pattern or verb.
    pub rule: String,
    /// The text of the pattern, for `--explain`.
    pub pattern: String,
    /// How many literal words it matched.
    pub specificity: usize,
    /// Index into the mentions of the target the pattern placed, if any.
    pub target: Option<usize>,
    /// Index into the mentions of the source the pattern placed with `$` after the verb,
    /// if any ("rockets were fired from $ toward +").
    pub source: Option<usize>,
    /// One past the last token the pattern consumed after the verb.
    pub consumed_to: usize,
    /// The token ranges its words and synsets matched ("troops" in "sent troops"): what
    /// the pattern names is part of the act, not whom it is done to.
    pub literals: Vec<(usize, usize)>,
    /// The first token its pre-verb elements matched (the verb's own start when it has
    /// none): a negation in between is part of what the pattern codes.
    pub pre_from: usize,
}

/// Finds the verbs of a sentence.
pub fn find_verbs<'d>(dict: &'d Dictionaries, toks: &[Tok]) -> Vec<VerbHit<'d>> {
    let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    let found = dict.verb_forms().find_all(&folds);
    let mut out: Vec<VerbHit<'d>> = Vec::new();
    let mut pos = 0;
    while pos < folds.len() {
        let Some(m) = found
            .iter()
            .filter(|m| m.start == pos)
            .max_by_key(|m| m.end)
        else {
            pos += 1;
            continue;
        };
        // Later files take precedence: the coder's own entries over the CAMEO ones.
        let entry = m
            .values
            .iter()
            .filter_map(|&i| dict.set().verbs.get(i as usize))
            .max_by_key(|v| (v.origin.file.contains("30-coder"), v.origin.line));
        pos = m.end;
        let Some(entry) = entry else { continue };
        if !is_verb_use(toks, &folds, m.start, m.end) {
            continue;
        }
        // An auxiliary ("has criticized", "was not seen") gives way to the verb it helps;
        // a catenative before "to" is not an event itself ("continue to support"). Verb
        // forms used as nouns ("used tear gas", "Ukraine's grain imports") are told apart
        // by the tagger once the sentence is parsed.
        if let Some(p) = out.last() {
            let between = &folds[p.end..m.start];
            if p.end - p.start == 1
                && crate::tokens::is_auxiliary(folds[p.start])
                && between.iter().all(|w| is_adverb(w) || is_negation(w))
            {
                out.pop();
            }
        }
        if crate::tokens::is_catenative(folds[m.start])
            && !crate::tokens::is_intent_verb(folds[m.start])
            && folds.get(m.end) == Some(&"to")
        {
            continue;
        }
        let lemma = entry.words.join(" ");
        let (passive, negated) = voice_and_negation(&folds, m.start, m.end);
        out.push(VerbHit {
            start: m.start,
            end: m.end,
            entry,
            lemma,
            passive,
            negated,
        });
    }
    out
}

/// Tells a verb from a noun or adjective of the same spelling by its left neighbour.
fn is_verb_use(toks: &[Tok], folds: &[&str], start: usize, end: usize) -> bool {
    let word = folds[start];
    if start > 0 && toks[start].is_capitalised() && !matches!(folds[start - 1], "\"" | "'") {
        return false;
    }
    if end - start == 1 && word.len() < 3 {
        return false;
    }
    let prev = if start > 0 { folds[start - 1] } else { "" };
    if is_determiner_or_preposition(prev) && prev != "'s" {
        // "by" before a participle is an agent ("by calling"); keep "to" infinitives.
        return false;
    }
    if prev == "'s" {
        return false;
    }
    // "-ing" after a noun-like word is usually a verb, after "of" a noun (handled above).
    true
}

fn voice_and_negation(folds: &[&str], start: usize, end: usize) -> (bool, bool) {
    let word = folds[start];
    let participle = word.ends_with("ed") || word.ends_with("en") || word.ends_with("wn");
    let mut k = start;
    let mut passive = false;
    let mut negated = false;
    while k > 0 {
        let w = folds[k - 1];
        if is_negation(w) {
            negated = true;
        } else if is_be(w) && participle {
            passive = true;
        } else if !(is_adverb(w) || crate::tokens::is_auxiliary(w)) {
            break;
        }
        k -= 1;
    }
    if participle && folds.get(end) == Some(&"by") {
        passive = true;
    }
    (passive, negated)
}

/// The window of tokens after a verb that its pattern may use: up to the end of the
/// clause, at most 14 tokens.
pub fn post_window(folds: &[&str], end: usize) -> usize {
    let mut k = end;
    while k < folds.len() && k < end + 14 {
        if matches!(folds[k], "." | ";" | "!" | "?") {
            break;
        }
        k += 1;
    }
    k
}

struct Cursor<'a> {
    dict: &'a Dictionaries,
    folds: &'a [&'a str],
    mentions: &'a [Mention],
    limit: usize,
    words: usize,
    literals: Vec<(usize, usize)>,
    target: Option<usize>,
    source: Option<usize>,
}

impl Cursor<'_> {
    /// Matches items from `p`; returns the position after the last one.
    fn items(&mut self, items: &[PatternToken], mut p: usize, first_joined: bool) -> Option<usize> {
        for (n, tok) in items.iter().enumerate() {
            let joined = tok.joined || (n == 0 && first_joined);
            p = self.item(&tok.item, p, joined)?;
        }
        Some(p)
    }

    fn item(&mut self, item: &PatternItem, p: usize, joined: bool) -> Option<usize> {
        let last = if joined { p + 1 } else { self.limit };
        match item {
            PatternItem::Word(w) => {
                (p..last.min(self.limit))
                    .find(|&q| self.word_at(w, q))
                    .map(|q| {
                        self.words += 1;
                        self.literals.push((q, q + 1));
                        q + 1
                    })
            }
            PatternItem::Synset(name) => {
                let set = self.dict.synset(name)?;
                for q in p..last.min(self.limit) {
                    for member in &set.members {
                        let n = member.len();
                        if n > 0
                            && q + n <= self.limit
                            && member
                                .iter()
                                .zip(&self.folds[q..q + n])
                                .all(|(a, b)| &**a == *b)
                        {
                            self.words += 1;
                            self.literals.push((q, q + n));
                            return Some(q + n);
                        }
                    }
                }
                None
            }
            PatternItem::Prepositional(inner) | PatternItem::NounPhrase(inner) => {
                self.items(inner, p, joined)
            }
            PatternItem::Target | PatternItem::Source => {
                let (i, m) = self
                    .mentions
                    .iter()
                    .enumerate()
                    .find(|(_, m)| m.start >= p && m.start < self.limit.min(p + 5))?;
                // Only determiners and prepositions before the actor, or a head noun
                // it qualifies with "of" ("with the leaders of Gondor").
                let head_of = |k: usize| self.folds.get(k + 1) == Some(&"of");
                if (p..m.start).any(|k| !is_determiner_or_preposition(self.folds[k]) && !head_of(k))
                {
                    return None;
                }
                if matches!(item, PatternItem::Target) {
                    self.target = Some(i);
                } else {
                    self.source = Some(i);
                }
                Some(m.end)
            }
            PatternItem::Skip => {
                if let Some(m) = self
                    .mentions
                    .iter()
                    .find(|m| m.start >= p && m.start < p + 4)
                {
                    Some(m.end)
                } else {
                    (p < self.limit).then_some(p + 1)
                }
            }
            PatternItem::Compound => Some(p),
        }
    }

    fn word_at(&self, w: &str, q: usize) -> bool {
        let f = self.folds[q];
        f == w || f.strip_suffix('s') == Some(w) || w.strip_suffix('s') == Some(f)
    }
}

/// Matches a pattern's pre-verb elements in the clause before the verb (at most eight
/// words, not across a comma or semicolon): the first token matched and the number of
/// words, or `None`.
fn pre_match(
    dict: &Dictionaries,
    folds: &[&str],
    mentions: &[Mention],
    verb_start: usize,
    pre: &[PatternToken],
    joined_to_verb: bool,
) -> Option<(usize, usize)> {
    let mut lo = verb_start.saturating_sub(8);
    if let Some(b) = (lo..verb_start)
        .rev()
        .find(|&k| matches!(folds[k], "," | ";"))
    {
        lo = b + 1;
    }
    (lo..verb_start).find_map(|q| {
        let mut cur = Cursor {
            dict,
            folds,
            mentions,
            limit: verb_start,
            words: 0,
            literals: Vec::new(),
            target: None,
            source: None,
        };
        let end = cur.items(pre, q, true)?;
        (!joined_to_verb || end == verb_start).then_some((q, cur.words))
    })
}

/// Chooses the most specific pattern of the verb's block that the sentence satisfies and
/// `accept` lets be. Returns `None` when no pattern matches (the verb's own code then
/// applies).
pub fn best_pattern(
    dict: &Dictionaries,
    verb: &VerbHit<'_>,
    toks: &[Tok],
    mentions: &[Mention],
    accept: impl Fn(&PatternMatch) -> bool,
) -> Option<PatternMatch> {
    let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    let limit = post_window(&folds, verb.end);
    let mut best: Option<PatternMatch> = None;
    for pat in dict.patterns_for(verb.entry) {
        if pat.code.is_complex() {
            continue;
        }
        // Pre-verb elements, in order, in the words of the clause before the verb
        // ("UNEXPECTEDLY &NEGATVAUXVRB * OVER"); a joined last one ends at the verb.
        let pre = if pat.pre.is_empty() {
            Some((verb.start, 0))
        } else {
            pre_match(dict, &folds, mentions, verb.start, &pat.pre, pat.pre_joined)
        };
        let Some((pre_from, pre_words)) = pre else {
            continue;
        };
        let mut cur = Cursor {
            dict,
            folds: &folds,
            mentions,
            limit,
            words: pre_words,
            literals: Vec::new(),
            target: None,
            source: None,
        };
        let mut end = cur.items(&pat.post, verb.end, pat.post_joined);
        if end.is_none() && verb.passive {
            // In the passive the object stands before the verb ("elections boycotted by").
            let mut back = Cursor {
                dict,
                folds: &folds,
                mentions,
                limit: verb.start,
                words: pre_words,
                literals: Vec::new(),
                target: None,
                source: None,
            };
            if back
                .items(&pat.post, verb.start.saturating_sub(5), false)
                .is_some()
            {
                end = Some(verb.end);
                cur = back;
            }
        }
        let Some(end) = end else { continue };
        let spec = cur.words;
        let better = match &best {
            None => true,
            Some(b) => spec > b.specificity,
        };
        if better {
            let found = PatternMatch {
                code: pat.code.primary().map(str::to_string),
                reverse: pat.code.secondary().map(str::to_string),
                rule: format!("pattern {}", pat.origin),
                pattern: format!("{} ; {}", pat.code.0, pat.comment),
                specificity: spec,
                target: cur.target,
                source: cur.source,
                consumed_to: end,
                literals: cur.literals,
                pre_from,
            };
            if accept(&found) {
                best = Some(found);
            }
        }
    }
    best
}

/// True when the verb can give an event at all: its own or its block's code, or a
/// pattern of its block, is not the null code. Sentences whose verbs cannot are not
/// parsed.
pub fn can_code(dict: &Dictionaries, verb: &VerbHit<'_>) -> bool {
    default_code(dict, verb).0.is_some()
        || dict
            .patterns_of_block(verb.entry.block)
            .any(|p| p.code.primary().is_some())
}

/// The code a verb gives when no pattern matches (its own, else its block's), and the
/// code of the same event seen from the target when the pair gives one (`032:033`).
pub fn default_code(dict: &Dictionaries, verb: &VerbHit<'_>) -> (Option<String>, Option<String>) {
    let code = match &verb.entry.code {
        Some(c) => Some(c),
        // A light verb takes its meaning from its object ("take care", "take on a
        // role", "face questions", "give a speech"): the code of a block it was only
        // filed under (171 APPREHEND for "take", 040 MEET_PEOPLE for "face") applies
        // only through a pattern; a block named after it is its own code.
        None => dict
            .block(verb.entry.block)
            .filter(|b| !is_light_verb(&verb.lemma) || b.name.eq_ignore_ascii_case(&verb.lemma))
            .map(|b| &b.code),
    };
    match code {
        Some(c) => (
            c.primary().map(str::to_string),
            c.secondary().map(str::to_string),
        ),
        None => (None, None),
    }
}

/// Verbs whose meaning comes from their object or particle.
fn is_light_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "take"
            | "enter"
            | "give"
            | "face"
            | "head"
            | "lead"
            | "serve"
            | "consider"
            | "leave"
            | "go"
            | "break"
            | "deal"
            | "join"
            | "keep"
            | "make"
            | "get"
            | "put"
            | "set"
            | "bring"
            | "have"
            | "run"
            | "turn"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::toks_of;

    #[test]
    fn verbs_and_nouns() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("Rebels attacked the town despite the attacks.");
        let v = find_verbs(&d, &toks);
        assert_eq!(
            v.len(),
            1,
            "{:?}",
            v.iter().map(|v| &v.lemma).collect::<Vec<_>>()
        );
        assert_eq!(v[0].lemma, "attack");
    }

    #[test]
    fn passive_and_negation() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("The vote was boycotted by the opposition, which did not condemn it.");
        let v = find_verbs(&d, &toks);
        assert!(v.iter().any(|v| v.lemma == "boycott" && v.passive));
        assert!(v.iter().any(|v| v.lemma == "condemn" && v.negated));
    }

    #[test]
    fn pattern_with_preposition_wins() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("Police dispersed the crowd with tear gas.");
        let v = find_verbs(&d, &toks);
        let p = best_pattern(&d, &v[0], &toks, &[], |_| true).expect("a pattern");
        assert_eq!(p.code.as_deref(), Some("175"));
    }
}
