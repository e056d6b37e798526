//! Source and target from the clause around a verb: the subject to its left (over
//! adverbs, auxiliaries, "continue to", dashed asides, relative "who"), coordinated
//! subjects and objects ("the United States, France and Britain"), the object to its
//! right, the agent of a passive ("boycotted by X"), and the subject a coordinated verb
//! shares with the verb before it ("called on X … and expressed concern").
//!
//! Not for: resolving what a mention refers to (see [`crate::memory`]).
use crate::mentions::{Mention, MentionKind};
use crate::tokens::{is_adverb, is_auxiliary, is_catenative, is_clause_break, is_negation, Tok};
use crate::verbs::VerbHit;

/// Where a verb's subject was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// Mentions (indices), coordinated.
    Mentions(Vec<usize>),
    /// The verb is coordinated with the one before it and shares its subject.
    SharedWithPrevious,
    /// No subject actor.
    None,
}

/// The mentions coordinated with mention `i` ("A, B and C"), in text order. `left`:
/// look to the left of `i` (subjects) or to its right (objects).
pub fn coordinated(folds: &[&str], mentions: &[Mention], i: usize, left: bool) -> Vec<usize> {
    let mut out = vec![i];
    let mut cur = i;
    loop {
        let next = if left {
            cur.checked_sub(1)
        } else {
            Some(cur + 1)
        };
        let Some(n) = next.filter(|&n| n < mentions.len()) else {
            break;
        };
        let (a, b) = if left {
            (mentions[n].end, mentions[cur].start)
        } else {
            (mentions[cur].end, mentions[n].start)
        };
        if a > b {
            break;
        }
        let gap: Vec<&str> = folds[a..b]
            .iter()
            .copied()
            .filter(|w| *w != "the")
            .collect();
        if !matches!(
            gap.as_slice(),
            [","] | ["and"] | [",", "and"] | ["or"] | ["as", "well", "as"]
        ) {
            break;
        }
        // "the military in Maiduguri, Nigeria": a country after a comma that only says
        // where the other mention is, not a second actor.
        let (near, far) = if left {
            (&mentions[n], &mentions[cur])
        } else {
            (&mentions[cur], &mentions[n])
        };
        let placing = gap.as_slice() == [","]
            && far.code.len() == 3
            && near.code.len() > 3
            && near.code.starts_with(far.code.as_str());
        if placing {
            break;
        }
        out.push(n);
        cur = n;
    }
    if left {
        out.reverse();
    }
    out
}

/// Prepositions that put a noun phrase out of subject position.
fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "on" | "in"
            | "with"
            | "of"
            | "for"
            | "against"
            | "to"
            | "from"
            | "at"
            | "by"
            | "between"
            | "over"
            | "about"
            | "into"
            | "among"
    )
}

fn mention_ending_at(mentions: &[Mention], k: usize) -> Option<usize> {
    mentions.iter().position(|m| m.end == k)
}

/// Finds the subject of a verb.
pub fn subject(toks: &[Tok], mentions: &[Mention], verbs: &[VerbHit<'_>], v: usize) -> Subject {
    let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    let verb = &verbs[v];
    let mut k = verb.start;
    let mut steps = 0;
    let mut after_to = false;
    while k > 0 && steps < 20 {
        steps += 1;
        if let Some(i) = mention_ending_at(mentions, k) {
            if after_to {
                // "urged X to ease": X is the object of the appeal; the infinitive is
                // what was asked for, not something X did.
                return Subject::None;
            }
            // "the attacks on EULEX patrols": a noun inside a prepositional phrase is
            // not a subject; nor are coordinated nouns beyond one ("tensions with
            // Serbia, and NATO … called").
            let in_pp = |j: usize| {
                let s = mentions[j].start;
                s > 0
                    && (is_preposition(folds[s - 1])
                        || (s > 1 && folds[s - 1] == "the" && is_preposition(folds[s - 2])))
            };
            if in_pp(i) {
                return Subject::None;
            }
            // "after a Russian strike": a mention after an indefinite article modifies a
            // noun; it is not the subject of a verb.
            let s0 = mentions[i].start;
            if s0 > 0 && matches!(folds[s0 - 1], "a" | "an") {
                return Subject::None;
            }
            let mut group = coordinated(&folds, mentions, i, true);
            if let Some(cut) = group.iter().rposition(|&j| in_pp(j)) {
                group.drain(..=cut);
            }
            if matches!(mentions[i].kind, MentionKind::Pronoun(_))
                && matches!(folds[mentions[i].start], "them" | "him")
            {
                return Subject::None;
            }
            return Subject::Mentions(group);
        }
        let w = folds[k - 1];
        if w == "to" {
            after_to = true;
            k -= 1;
            continue;
        }
        if is_adverb(w) || is_auxiliary(w) || is_negation(w) {
            k -= 1;
            continue;
        }
        if is_catenative(w)
            || verbs
                .iter()
                .any(|x| x.end == k && is_catenative(folds[x.start]))
        {
            after_to = false;
            k -= 1;
            continue;
        }
        if matches!(w, "-" | "--") {
            // A dashed aside: "Longescu - in a tweet - called".
            match (k.saturating_sub(12)..k - 1)
                .rev()
                .find(|&j| matches!(folds[j], "-" | "--"))
            {
                Some(j) => {
                    k = j;
                    continue;
                }
                None => return Subject::None,
            }
        }
        if matches!(w, "who" | "which" | "that") {
            let mut j = k - 1;
            if j > 0 && folds[j - 1] == "," {
                j -= 1;
            }
            // A relative clause belongs to the nearest noun only.
            return match mention_ending_at(mentions, j) {
                Some(i) => Subject::Mentions(vec![i]),
                None => Subject::None,
            };
        }
        if w == "and" || (w == "," && folds.get(k.wrapping_sub(2)) == Some(&"and")) {
            // "X called on Y … and expressed concern": a coordinated verb.
            let before = verbs[..v].iter().any(|x| x.end < k);
            return if before {
                Subject::SharedWithPrevious
            } else {
                Subject::None
            };
        }
        if after_to && verbs[..v].iter().any(|x| x.end < k) {
            // A purpose clause: "used tear gas to disperse them" shares the subject.
            return Subject::SharedWithPrevious;
        }
        return Subject::None;
    }
    Subject::None
}

/// Finds the agent of a passive verb ("boycotted by the opposition").
pub fn passive_agent(toks: &[Tok], mentions: &[Mention], verb: &VerbHit<'_>) -> Vec<usize> {
    let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    let Some(by) = (verb.end..(verb.end + 3).min(folds.len())).find(|&k| folds[k] == "by") else {
        return Vec::new();
    };
    match mentions
        .iter()
        .position(|m| m.start > by && m.start <= by + 4)
    {
        Some(i) if (by + 1..mentions[i].start).all(|k| !is_clause_break(folds[k])) => {
            coordinated(&folds, mentions, i, false)
        }
        _ => Vec::new(),
    }
}

/// The noun a passive verb follows ("elections … boycotted"): its patient, when it is a
/// mention.
pub fn passive_patient(
    toks: &[Tok],
    mentions: &[Mention],
    verbs: &[VerbHit<'_>],
    v: usize,
) -> Vec<usize> {
    match subject(toks, mentions, verbs, v) {
        Subject::Mentions(m) => m,
        _ => Vec::new(),
    }
}

/// Finds the object of a verb: the first mention after `from` in the same clause that
/// is not where the act happened ("meet in Singapore").
pub fn object(
    toks: &[Tok],
    mentions: &[Mention],
    verbs: &[VerbHit<'_>],
    v: usize,
    from: usize,
) -> Vec<usize> {
    let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    let limit = (from + 9).min(folds.len());
    for k in from..limit {
        // A place right after the verb ("march peacefully in Myanmar"); after a noun it
        // says whose the noun is ("called on institutions in Kosovo").
        let place = k > from
            && matches!(folds[k - 1], "in" | "at" | "near" | "inside")
            && folds[from..k - 1].iter().all(|w| w.ends_with("ly"));
        if let Some(i) = mentions.iter().position(|m| m.start == k && !place) {
            if matches!(mentions[i].kind, MentionKind::Pronoun(_))
                && !matches!(folds[k], "them" | "him" | "it")
            {
                break;
            }
            return coordinated(&folds, mentions, i, false);
        }
        if folds[k] == ","
            && k > from
            && matches!(
                folds[k - 1],
                "everyone" | "everybody" | "all" | "parties" | "sides"
            )
            && matches!(
                folds.get(k + 1),
                Some(&("especially" | "particularly" | "including" | "notably"))
            )
        {
            // "everyone, especially Kosovo's Serb citizens": the named group.
            continue;
        }
        if is_clause_break(folds[k])
            || verbs
                .iter()
                .enumerate()
                .any(|(j, x)| j != v && x.start == k)
        {
            break;
        }
        if folds[k] == "and" {
            break;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::find_mentions;
    use crate::tokens::toks_of;
    use crate::verbs::find_verbs;

    #[test]
    fn coordinated_subject_and_object() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("Germany, France and Italy condemned Iran and Syria.");
        let m = find_mentions(&d, &toks, None);
        let v = find_verbs(&d, &toks);
        let s = subject(&toks, &m, &v, 0);
        assert!(
            matches!(s, Subject::Mentions(ref x) if x.len() == 3),
            "{s:?}"
        );
        let o = object(&toks, &m, &v, 0, v[0].end);
        assert_eq!(o.len(), 2);
    }

    #[test]
    fn a_place_is_no_object() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("Leaders meet in Singapore.");
        let m = find_mentions(&d, &toks, None);
        let v = find_verbs(&d, &toks);
        assert!(object(&toks, &m, &v, 0, v[0].end).is_empty());
        let toks = toks_of("NATO called on institutions in Kosovo to calm down.");
        let m = find_mentions(&d, &toks, None);
        let v = find_verbs(&d, &toks);
        assert_eq!(object(&toks, &m, &v, 0, v[0].end).len(), 1);
    }

    #[test]
    fn mention_after_article_is_no_subject() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("Two died after a Russian strike on Kharkiv.");
        let m = find_mentions(&d, &toks, None);
        let v = find_verbs(&d, &toks);
        for i in 0..v.len() {
            assert_eq!(subject(&toks, &m, &v, i), Subject::None);
        }
    }

    #[test]
    fn passive_agent_found() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("The talks were boycotted by Venezuela.");
        let m = find_mentions(&d, &toks, None);
        let v = find_verbs(&d, &toks);
        let a = passive_agent(&toks, &m, &v[0]);
        assert_eq!(a.len(), 1);
        assert!(m[a[0]].code.starts_with("VEN"));
    }

    #[test]
    fn subject_over_aside_and_catenative() {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of("Japan will continue to support Vietnam.");
        let m = find_mentions(&d, &toks, None);
        let v = find_verbs(&d, &toks);
        let i = v
            .iter()
            .position(|x| x.lemma == "support")
            .expect("support");
        assert!(matches!(subject(&toks, &m, &v, i), Subject::Mentions(_)));
    }
}
