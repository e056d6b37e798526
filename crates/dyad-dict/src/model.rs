//! The dictionary entries, as plain data, independent of the file format they came from.
//!
//! Both the PETRARCH readers and the project-format reader produce a [`DictionarySet`];
//! [`crate::Dictionaries`] compiles one into matchers. Phrases are stored as folded tokens
//! (see [`crate::text`]). Not for: matching or composing codes (see [`crate::dict`]).
use std::fmt;
use std::sync::Arc;

use crate::date::{Date, DateRange};

/// Where an entry was read: file name and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file name as given to the reader.
    pub file: Arc<str>,
    /// 1-based line number.
    pub line: u32,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A phrase as folded tokens, e.g. `["albin", "kurti"]`.
pub type Phrase = Box<[Box<str>]>;

/// Writes a phrase with single blanks between its tokens.
pub fn phrase_text(p: &[Box<str>]) -> String {
    p.join(" ")
}

/// Maps the Kosovo code `KSV` (World Bank, used by PETRARCH) to CAMEO's `KOS` in every
/// 3-letter segment of a code; other codes are returned unchanged.
pub fn normalize_code(code: &str) -> Box<str> {
    let b = code.as_bytes();
    if b.len() % 3 != 0 || !code.is_ascii() || !code.contains("KSV") {
        return code.into();
    }
    let mut out = String::with_capacity(code.len());
    for seg in b.chunks(3) {
        if seg == b"KSV" {
            out.push_str("KOS");
        } else {
            out.push_str(std::str::from_utf8(seg).unwrap_or(""));
        }
    }
    out.into()
}

/// One code of an actor, valid within a date range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// The code, e.g. `KOSGOV`; `---` is PETRARCH's null code (no actor).
    pub code: Box<str>,
    /// When it applies; [`DateRange::ALWAYS`] for an undated code.
    pub range: DateRange,
}

/// An actor: a country, organisation, group or person, with its names and codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    /// The names (first is the primary phrase), folded.
    pub names: Vec<Phrase>,
    /// Codes in file order. Undated codes are defaults; dated ones win within their range.
    pub codes: Vec<DatedCode>,
    /// Where the entry starts.
    pub origin: Origin,
}

impl ActorEntry {
    /// The code that applies on `date`: the first dated code whose range holds the date,
    /// else the last undated code. Without a date: the last undated code, else the dated
    /// code that ends last. The null code `---` gives `None`.
    pub fn code_at(&self, date: Option<Date>) -> Option<&str> {
        let default = self
            .codes
            .iter()
            .rev()
            .find(|c| c.range.is_always())
            .map(|c| &*c.code);
        let found = match date {
            Some(d) => self
                .codes
                .iter()
                .find(|c| !c.range.is_always() && c.range.contains(d))
                .map(|c| &*c.code)
                .or(default),
            None => default.or_else(|| {
                self.codes
                    .iter()
                    .max_by_key(|c| c.range.to.map_or((1, None), |t| (0, Some(t))))
                    .map(|c| &*c.code)
            }),
        };
        found.filter(|c| *c != "---" && !c.is_empty())
    }
}

/// Where an agent's code goes relative to the actor code it modifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placement {
    /// `~GOV`: appended after the actor code (the usual case).
    Suffix,
    /// `NGO~`: put before the actor code (organisations).
    Prefix,
}

/// An agent: a sector word or phrase ("police", "foreign ministry") and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    /// The phrase, folded; one entry per generated plural or substitution.
    pub phrase: Phrase,
    /// The sector code without `~`, e.g. `COP`, `GOVMIL`; empty for an agent that names
    /// who speaks for an actor (a spokesperson) and adds no sector.
    pub code: Box<str>,
    /// Where the code goes.
    pub placement: Placement,
    /// Where the entry was read.
    pub origin: Origin,
}

/// A verb code as written in `[...]`: `042`, `042:043`, `:173`, `---`, `102b`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VerbCode(pub Box<str>);

impl VerbCode {
    /// The part before `:` (the event code); `None` when empty or the null code `---`.
    pub fn primary(&self) -> Option<&str> {
        let p = self.0.split(':').next().unwrap_or("");
        (!p.is_empty() && p != "---").then_some(p)
    }

    /// True for TABARI's `+++` marker of a complex event, which names no code: PETRARCH
    /// does not implement it and codes the verb as if the pattern were absent.
    pub fn is_complex(&self) -> bool {
        &*self.0 == "+++"
    }

    /// The part after `:`, if any: PETRARCH's second code of a code pair.
    pub fn secondary(&self) -> Option<&str> {
        self.0
            .split_once(':')
            .map(|(_, s)| s)
            .filter(|s| !s.is_empty() && *s != "---")
    }
}

/// A synonym set (`&CURRENCY`) of the verb dictionary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// The label without `&`, upper case as written, e.g. `CURRENCY` (a trailing `_`
    /// that turns off plurals is removed).
    pub name: Box<str>,
    /// Member phrases, folded, with generated plurals; a member token starting with `&`
    /// refers to another synset.
    pub members: Vec<Phrase>,
    /// Where the label was read.
    pub origin: Origin,
}

/// A verb synonym block (`--- ACCELERATE [---] ---`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbBlock {
    /// The block's description, e.g. `ACCELERATE`.
    pub name: Box<str>,
    /// The block's default code for its verbs.
    pub code: VerbCode,
    /// Where the header was read.
    pub origin: Origin,
}

/// A verb of a block with its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbEntry {
    /// Index of its block in [`DictionarySet::verb_blocks`].
    pub block: u32,
    /// The base form, folded tokens (`["beef", "up"]` for `+BEEF_UP`).
    pub words: Phrase,
    /// Index in `words` of the verb word (the one marked `+`; 0 for one-word verbs).
    pub head: u32,
    /// All forms including the base, each as folded tokens, the verb word at `head`.
    pub forms: Vec<Phrase>,
    /// The verb's own code; `None`: the block's code applies.
    pub code: Option<VerbCode>,
    /// Where it was read.
    pub origin: Origin,
}

/// One element of a verb pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PatternItem {
    /// A word, folded.
    Word(Box<str>),
    /// A synset reference (`&MILITARY`), by label without `&`.
    Synset(Box<str>),
    /// `$`: the source actor goes here.
    Source,
    /// `+`: the target actor goes here.
    Target,
    /// `%`: a compound actor, both source and target.
    Compound,
    /// `^`: skip this noun phrase.
    Skip,
    /// `{...}`: a noun phrase; the last word is its head.
    NounPhrase(Vec<PatternToken>),
    /// `(...)`: a prepositional phrase; the first item is the preposition.
    Prepositional(Vec<PatternToken>),
}

/// A pattern element and whether it was joined by `_` to the element before it (the
/// words must then be adjacent).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PatternToken {
    /// The element.
    pub item: PatternItem,
    /// Written with `_` to the previous element.
    pub joined: bool,
}

/// A verb pattern (`- * (TO BORDER) [154] # RUSH`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Index of its block in [`DictionarySet::verb_blocks`].
    pub block: u32,
    /// Elements before the verb (`*`), in written order.
    pub pre: Vec<PatternToken>,
    /// Elements after the verb, in written order.
    pub post: Vec<PatternToken>,
    /// The last pre-verb element was joined to `*` with `_`.
    pub pre_joined: bool,
    /// The first post-verb element was joined to `*` with `_`.
    pub post_joined: bool,
    /// The code the pattern gives.
    pub code: VerbCode,
    /// The comment after `#`, often the verb the pattern was written for.
    pub comment: Box<str>,
    /// Where it was read.
    pub origin: Origin,
}

/// An actor slot of a transformation: a letter variable, `.` (unspecified) or `_` (absent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transformation {
    /// Top source variable.
    pub source: Box<str>,
    /// Lower (embedded) source.
    pub inner_source: Box<str>,
    /// Lower target.
    pub inner_target: Box<str>,
    /// Lower verb (a verb phrase, or `Q` for any verb).
    pub inner_verb: Box<str>,
    /// Top verb.
    pub verb: Box<str>,
    /// Result source.
    pub out_source: Box<str>,
    /// Result target.
    pub out_target: Box<str>,
    /// Result code, or `Q` for the lower verb's code.
    pub out_code: Box<str>,
    /// Where it was read.
    pub origin: Origin,
}

/// A discard phrase: a sentence (or story) containing it is not coded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    /// The phrase, folded.
    pub phrase: Phrase,
    /// `+`: discard the whole story, not just the sentence.
    pub story: bool,
    /// The phrase's last word is a stem (no trailing `_`): it matches words it begins.
    pub stem: bool,
    /// Where it was read.
    pub origin: Origin,
}

/// An issue phrase and its issue code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueEntry {
    /// The issue code, e.g. `EDUCATION_REFORM`; empty for an ignore phrase.
    pub code: Box<str>,
    /// The category of the enclosing `<ISSUE CATEGORY="...">` block, if any.
    pub category: Option<Box<str>>,
    /// All expanded phrases (`n:`, `v:`, `+` expansions), folded.
    pub phrases: Vec<Phrase>,
    /// `~phrase`: an ignore phrase (cancels issue coding in its sentence); `~~`: in its
    /// story.
    pub ignore: u8,
    /// Where it was read.
    pub origin: Origin,
}

/// Everything read from a set of dictionary files, before compilation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DictionarySet {
    /// Actors, in load order (later entries take precedence for the same phrase).
    pub actors: Vec<ActorEntry>,
    /// Agents, in load order.
    pub agents: Vec<AgentEntry>,
    /// Verb synsets.
    pub synsets: Vec<Synset>,
    /// Verb blocks.
    pub verb_blocks: Vec<VerbBlock>,
    /// Verbs.
    pub verbs: Vec<VerbEntry>,
    /// Verb patterns.
    pub patterns: Vec<Pattern>,
    /// Verb transformations.
    pub transformations: Vec<Transformation>,
    /// Discards.
    pub discards: Vec<Discard>,
    /// Issues.
    pub issues: Vec<IssueEntry>,
    /// Prepositions (PETRARCH's preposition list), folded.
    pub prepositions: Vec<Box<str>>,
}

impl DictionarySet {
    /// Appends another set; block indices of its verbs and patterns are shifted.
    pub fn extend(&mut self, other: DictionarySet) {
        let shift = self.verb_blocks.len() as u32;
        self.actors.extend(other.actors);
        self.agents.extend(other.agents);
        self.synsets.extend(other.synsets);
        self.verb_blocks.extend(other.verb_blocks);
        self.verbs.extend(other.verbs.into_iter().map(|mut v| {
            v.block += shift;
            v
        }));
        self.patterns
            .extend(other.patterns.into_iter().map(|mut p| {
                p.block += shift;
                p
            }));
        self.transformations.extend(other.transformations);
        self.discards.extend(other.discards);
        self.issues.extend(other.issues);
        self.prepositions.extend(other.prepositions);
    }
}

/// Regular English plural of a word (folded): `-ies` after consonant + `y`, `-es` after
/// `s`, `x`, `z`, `ch`, `sh`, else `-s`.
pub fn plural(word: &str) -> String {
    let b = word.as_bytes();
    let n = b.len();
    if n >= 2 && b[n - 1] == b'y' && !b"aeiou".contains(&b[n - 2]) {
        format!("{}ies", &word[..n - 1])
    } else if word.ends_with('s')
        || word.ends_with('x')
        || word.ends_with('z')
        || word.ends_with("ch")
        || word.ends_with("sh")
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// Regular English verb forms of a word (folded): third person, past, gerund.
pub fn verb_forms(word: &str) -> [String; 3] {
    let b = word.as_bytes();
    let n = b.len();
    let s = plural(word);
    if n >= 2 && b[n - 1] == b'e' {
        [s, format!("{word}d"), format!("{}ing", &word[..n - 1])]
    } else if n >= 2 && b[n - 1] == b'y' && !b"aeiou".contains(&b[n - 2]) {
        [s, format!("{}ied", &word[..n - 1]), format!("{word}ing")]
    } else {
        [s, format!("{word}ed"), format!("{word}ing")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kosovo_codes() {
        assert_eq!(&*normalize_code("KSVGOV"), "KOSGOV");
        assert_eq!(&*normalize_code("YUGKSV"), "YUGKOS");
        assert_eq!(&*normalize_code("USAGOV"), "USAGOV");
        assert_eq!(&*normalize_code("~KSV"), "~KSV");
    }

    #[test]
    fn inflection() {
        assert_eq!(plural("ministry"), "ministries");
        assert_eq!(plural("boss"), "bosses");
        assert_eq!(plural("day"), "days");
        assert_eq!(
            verb_forms("accelerate"),
            ["accelerates", "accelerated", "accelerating"].map(String::from)
        );
        assert_eq!(verb_forms("query")[1], "queried");
    }

    #[test]
    fn dated_resolution() {
        let o = Origin {
            file: "t".into(),
            line: 1,
        };
        let d = |s| Date::parse_iso(s).ok();
        let e = ActorEntry {
            names: vec![],
            codes: vec![
                DatedCode {
                    code: "KOSOPP".into(),
                    range: DateRange::ALWAYS,
                },
                DatedCode {
                    code: "KOSGOV".into(),
                    range: DateRange::parse_iso("2021-03-22..").unwrap(),
                },
            ],
            origin: o,
        };
        assert_eq!(e.code_at(d("2015-01-01")), Some("KOSOPP"));
        assert_eq!(e.code_at(d("2023-05-27")), Some("KOSGOV"));
        assert_eq!(e.code_at(None), Some("KOSOPP"));
    }
}
