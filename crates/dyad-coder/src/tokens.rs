//! The coder's view of a sentence's tokens: surface form, folded form, byte span, and a
//! few word-class tests the clause rules need (determiners, auxiliaries, pronouns).
//!
//! Not for: tokenising (that is `dyad-text`) or tagging (that is `dyad-syntax`).

/// One token of a sentence as the coder sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// The token as written (normalised by `dyad-text`).
    pub form: String,
    /// Its folded form, as the dictionaries are written.
    pub fold: String,
    /// Start byte offset in the document.
    pub start: usize,
    /// End byte offset in the document.
    pub end: usize,
}

impl Tok {
    /// Builds a token, folding its form.
    pub fn new(form: &str, start: usize, end: usize) -> Tok {
        Tok {
            form: form.to_string(),
            fold: dyad_dict::text::fold(form).into_owned(),
            start,
            end,
        }
    }

    /// True when the token starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.form.chars().next().is_some_and(char::is_uppercase)
    }

    /// True when the token has no letter or digit.
    pub fn is_punct(&self) -> bool {
        !self.form.chars().any(char::is_alphanumeric)
    }
}

/// Splits plain text into tokens (for tests and tools; the coder uses `dyad-text`).
pub fn toks_of(text: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for s in dyad_text::sentences(text) {
        for t in s.tokens {
            out.push(Tok::new(&t.form, t.start, t.end));
        }
    }
    out
}

/// Words that begin a noun phrase or a prepositional phrase: a verb-form right after one
/// is a noun ("the attacks", "despite calls").
pub fn is_determiner_or_preposition(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "my"
            | "your"
            | "this"
            | "these"
            | "those"
            | "of"
            | "for"
            | "despite"
            | "between"
            | "after"
            | "before"
            | "on"
            | "in"
            | "with"
            | "by"
            | "from"
            | "against"
            | "any"
            | "all"
            | "some"
            | "no"
            | "'s"
            | "'"
            | "new"
            | "joint"
            | "such"
            | "amid"
            | "over"
            | "about"
            | "into"
            | "at"
            | "under"
            | "without"
            | "further"
            | "more"
            | "fresh"
            | "renewed"
            | "recent"
            | "deadly"
            | "violent"
            | "two"
            | "three"
            | "several"
            | "many"
            | "other"
            | "military"
            | "armed"
    )
}

/// Auxiliary and modal verbs.
pub fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "will"
            | "would"
            | "shall"
            | "should"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "has"
            | "have"
            | "had"
            | "did"
            | "does"
            | "do"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "'s"
            | "'ve"
            | "'d"
            | "'ll"
    )
}

/// Forms of "be" that make a following participle passive.
pub fn is_be(w: &str) -> bool {
    matches!(
        w,
        "is" | "are" | "was" | "were" | "be" | "been" | "being" | "get" | "got"
    )
}

/// Negation words.
pub fn is_negation(w: &str) -> bool {
    matches!(
        w,
        "not" | "n't" | "never" | "no" | "neither" | "nor" | "cannot"
    )
}

/// Adverbs that may stand between a subject and its verb ("also", "-ly" words).
pub fn is_adverb(w: &str) -> bool {
    matches!(
        w,
        "also"
            | "still"
            | "now"
            | "later"
            | "earlier"
            | "already"
            | "then"
            | "again"
            | "reportedly"
            | "once"
            | "jointly"
            | "further"
            | "even"
            | "just"
            | "repeatedly"
            | "previously"
            | "recently"
            | "too"
            | "yet"
            | "first"
            | "swiftly"
    ) || (w.len() > 4
        && w.ends_with("ly")
        && !matches!(
            w,
            "italy" | "ally" | "rally" | "family" | "assembly" | "supply" | "only"
        ))
}

/// Verbs of intent ("vowed to", "threatened to", "plans to"): before "to" they are the
/// event (an intent, a threat, a promise) and the infinitive has not happened. ("Wanted
/// to" is an intent too, but no event.)
pub fn is_intent_verb(w: &str) -> bool {
    matches!(
        w,
        "plan"
            | "plans"
            | "planned"
            | "seek"
            | "seeks"
            | "sought"
            | "vow"
            | "vows"
            | "vowed"
            | "promise"
            | "promises"
            | "promised"
            | "pledge"
            | "pledges"
            | "pledged"
            | "threaten"
            | "threatens"
            | "threatened"
    )
}

/// Verbs that take a "to"-infinitive whose subject is their own ("continue to support").
pub fn is_catenative(w: &str) -> bool {
    is_intent_verb(w)
        || matches!(
            w,
            "continue"
                | "continues"
                | "continued"
                | "want"
                | "wants"
                | "wanted"
                | "decide"
                | "decides"
                | "decided"
                | "agree"
                | "agrees"
                | "agreed"
                | "try"
                | "tries"
                | "tried"
                | "begin"
                | "begins"
                | "began"
                | "start"
                | "starts"
                | "started"
                | "intend"
                | "intends"
                | "intended"
                | "hope"
                | "hopes"
                | "hoped"
                | "going"
                | "used"
                | "appear"
                | "appears"
                | "appeared"
                | "seem"
                | "seems"
                | "seemed"
                | "work"
                | "works"
                | "worked"
                | "move"
                | "moved"
                | "moves"
                | "came"
                | "come"
                | "comes"
                | "about"
                | "set"
                | "expected"
                | "ready"
                | "due"
                | "likely"
                | "poised"
                | "able"
                | "willing"
                | "prepared"
                | "preparing"
                | "trying"
                | "seeking"
                | "planning"
                | "continuing"
        )
}

/// Words that end a clause for the purpose of finding a verb's object.
pub fn is_clause_break(w: &str) -> bool {
    matches!(
        w,
        "," | ";"
            | ":"
            | "."
            | "!"
            | "?"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "because"
            | "while"
            | "when"
            | "but"
            | "although"
            | "though"
            | "if"
            | "as"
            | "\""
            | "saying"
            | "where"
            | "since"
            | "until"
            | "--"
    )
}

/// Personal pronouns that can stand for an actor, with what they can refer to.
pub fn pronoun_kind(w: &str) -> Option<PronounKind> {
    Some(match w {
        "he" | "she" | "him" | "her" | "his" => PronounKind::Person,
        "it" | "its" => PronounKind::Thing,
        "they" | "them" | "their" => PronounKind::Plural,
        "i" | "we" | "me" | "us" | "my" | "our" => PronounKind::Speaker,
        _ => return None,
    })
}

/// What a pronoun may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PronounKind {
    /// he, she: a person.
    Person,
    /// it: a country, organisation or group.
    Thing,
    /// they: a group, organisation, or several actors.
    Plural,
    /// I, we: the speaker of a quotation.
    Speaker,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_classifies() {
        let t = Tok::new("Zvečan", 0, 7);
        assert_eq!(t.fold, "zvecan");
        assert!(t.is_capitalised());
        assert!(Tok::new(",", 0, 1).is_punct());
        assert!(is_adverb("strongly"));
        assert!(!is_adverb("italy"));
        assert_eq!(pronoun_kind("she"), Some(PronounKind::Person));
        assert_eq!(pronoun_kind("Serbia"), None);
    }

    #[test]
    fn toks_of_splits_possessive() {
        let t = toks_of("Kosovo's police.");
        let f: Vec<&str> = t.iter().map(|t| t.fold.as_str()).collect();
        assert!(f.contains(&"kosovo"));
        assert!(f.contains(&"police"));
    }
}
