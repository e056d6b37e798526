//! The compiled dictionaries: entries plus matchers, lemma index and phrase lookup.
//!
//! [`Dictionaries`] is built once from a [`DictionarySet`] (from the embedded files, a
//! directory of `*.dyad` files, or PETRARCH files) and is then read-only and shareable
//! across threads. [`Dictionaries::lookup_phrase`] composes a CAMEO actor code the way a
//! simple coder would; the real coder uses [`Dictionaries::noun_matches`] and composes
//! codes itself. Not for: event coding, or parsing sentences.
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use crate::date::Date;
use crate::error::{DictError, LineError};
use crate::format::{self, Report};
use crate::matcher::{FxBuild, Match, Matcher, MatcherBuilder};
use crate::model::{
    phrase_text, ActorEntry, AgentEntry, DictionarySet, Origin, Pattern, Placement, Synset,
    VerbBlock, VerbEntry,
};
use crate::text::{simple_tokens, split_hyphens};

/// What a noun-phrase match refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NounRef {
    /// Index into [`Dictionaries::actors`].
    Actor(u32),
    /// Index into [`Dictionaries::agents`].
    Agent(u32),
}

/// How a part of a phrase contributed to a [`Resolution`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The actor (country, organisation, group, person) the code starts from.
    Actor,
    /// An agent adding a sector code (or none, for a spokesperson).
    Agent,
    /// A later actor of the same country whose dated code replaces the composition (a
    /// person's office).
    Office,
}

/// One dictionary entry used by a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// First token of the match.
    pub start: usize,
    /// One past its last token.
    pub end: usize,
    /// The matched tokens, folded, blank-separated.
    pub phrase: String,
    /// The entry.
    pub entry: NounRef,
    /// The code the entry gave (an agent's as `~GOV` / `NGO~`).
    pub code: String,
    /// How it was used.
    pub role: Role,
    /// Where the entry was read.
    pub origin: Origin,
}

/// The code a phrase resolves to and the entries it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The composed CAMEO actor code, e.g. `KOSCOP`.
    pub code: String,
    /// The entries used, in phrase order.
    pub parts: Vec<Part>,
}

/// Longest composed code, in letters (country + three 3-letter segments).
pub const MAX_CODE_LEN: usize = 12;

/// Compiled dictionaries. Immutable once built; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Dictionaries {
    set: DictionarySet,
    nouns: Matcher<NounRef>,
    verb_forms: Matcher<u32>,
    discards: Matcher<u32>,
    issues: Matcher<u32>,
    lemmas: HashMap<Box<str>, Vec<u32>, FxBuild>,
    block_patterns: Vec<Vec<u32>>,
    /// Per pattern: the code root of the verb it was written for, when its comment names
    /// a verb of its block with a code of its own (see [`Dictionaries::patterns_for`]).
    pattern_root: Vec<Option<Box<str>>>,
    synsets: HashMap<Box<str>, u32, FxBuild>,
}

/// The default dictionaries shipped in `data/dictionaries/`, embedded at build time:
/// (path in the repository, text), in load order.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "data/dictionaries/10-actors.dyad",
        include_str!("../../../data/dictionaries/10-actors.dyad"),
    ),
    (
        "data/dictionaries/10-agents.dyad",
        include_str!("../../../data/dictionaries/10-agents.dyad"),
    ),
    (
        "data/dictionaries/10-discards.dyad",
        include_str!("../../../data/dictionaries/10-discards.dyad"),
    ),
    (
        "data/dictionaries/10-issues.dyad",
        include_str!("../../../data/dictionaries/10-issues.dyad"),
    ),
    (
        "data/dictionaries/10-prepositions.dyad",
        include_str!("../../../data/dictionaries/10-prepositions.dyad"),
    ),
    (
        "data/dictionaries/10-verbs.dyad",
        include_str!("../../../data/dictionaries/10-verbs.dyad"),
    ),
    (
        "data/dictionaries/20-countries.dyad",
        include_str!("../../../data/dictionaries/20-countries.dyad"),
    ),
    (
        "data/dictionaries/90-dyad-additions.dyad",
        include_str!("../../../data/dictionaries/90-dyad-additions.dyad"),
    ),
];

static SHARED: OnceLock<Arc<Dictionaries>> = OnceLock::new();

impl Dictionaries {
    /// Compiles a set of entries. Later entries take precedence over earlier ones for the
    /// same phrase: they come first among a match's values.
    pub fn build(set: DictionarySet) -> Dictionaries {
        let mut nouns = MatcherBuilder::new();
        // A hyphenated word is also entered as its parts ("al-qaeda" as "al qaeda"), the
        // form sentences are matched in (see `Dictionaries::noun_matches`).
        let mut insert_noun = |phrase: &[Box<str>], value: NounRef| {
            nouns.insert(phrase, value);
            if let Some(parts) = split_hyphens(phrase) {
                nouns.insert(&parts, value);
            }
        };
        for (i, a) in set.actors.iter().enumerate().rev() {
            for n in &a.names {
                insert_noun(n, NounRef::Actor(i as u32));
            }
        }
        for (i, a) in set.agents.iter().enumerate().rev() {
            insert_noun(&a.phrase, NounRef::Agent(i as u32));
        }
        let mut verb_forms = MatcherBuilder::new();
        let mut lemmas: HashMap<Box<str>, Vec<u32>, FxBuild> = HashMap::default();
        for (i, v) in set.verbs.iter().enumerate() {
            for f in &v.forms {
                verb_forms.insert(f, i as u32);
            }
            let full: Box<str> = phrase_text(&v.words).into();
            let head = v.words.get(v.head as usize).cloned();
            lemmas.entry(full.clone()).or_default().push(i as u32);
            if let Some(h) = head.filter(|h| *h != full) {
                lemmas.entry(h).or_default().push(i as u32);
            }
        }
        let mut discards = MatcherBuilder::new();
        for (i, d) in set.discards.iter().enumerate() {
            discards.insert(&d.phrase, i as u32);
        }
        let mut issues = MatcherBuilder::new();
        for (i, e) in set.issues.iter().enumerate() {
            for p in &e.phrases {
                issues.insert(p, i as u32);
            }
        }
        let mut block_patterns = vec![Vec::new(); set.verb_blocks.len()];
        for (i, p) in set.patterns.iter().enumerate() {
            if let Some(b) = block_patterns.get_mut(p.block as usize) {
                b.push(i as u32);
            }
        }
        let synsets = set
            .synsets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i as u32))
            .collect();
        let pattern_root = set
            .patterns
            .iter()
            .map(|p| pattern_root(&set, &lemmas, p))
            .collect();
        Dictionaries {
            nouns: nouns.build(),
            verb_forms: verb_forms.build(),
            discards: discards.build(),
            issues: issues.build(),
            lemmas,
            block_patterns,
            pattern_root,
            synsets,
            set,
        }
    }

    /// Reads project-format texts (name, text) in order and compiles them.
    pub fn from_texts<'a, I>(texts: I) -> (Dictionaries, Vec<Report>)
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let mut set = DictionarySet::default();
        let reports = texts
            .into_iter()
            .map(|(n, t)| format::read_str(n, t, &mut set))
            .collect();
        (Dictionaries::build(set), reports)
    }

    /// Loads every `*.dyad` file of a directory, in file-name order (later files take
    /// precedence). Bad lines are in the reports.
    pub fn load_dir(dir: &Path) -> Result<(Dictionaries, Vec<Report>), DictError> {
        let io = |source| DictError::Io {
            path: dir.into(),
            source,
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "dyad") && p.is_file())
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(DictError::EmptyDirectory(dir.into()));
        }
        let mut texts = Vec::new();
        for p in &paths {
            let bytes = crate::petrarch::read_bytes(p)?;
            texts.push((
                p.to_string_lossy().into_owned(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
        Ok(Dictionaries::from_texts(
            texts.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        ))
    }

    /// Loads the embedded default dictionaries (built once per process, then shared).
    /// Fails if any embedded line is unreadable (a test keeps them clean).
    pub fn embedded() -> Result<Arc<Dictionaries>, DictError> {
        if let Some(d) = SHARED.get() {
            return Ok(d.clone());
        }
        let (d, reports) = Dictionaries::from_texts(EMBEDDED.iter().copied());
        let errors: Vec<LineError> = reports.into_iter().flat_map(|r| r.errors).collect();
        if let Some(first) = errors.first() {
            return Err(DictError::Lines {
                count: errors.len(),
                first: Box::new(first.clone()),
            });
        }
        Ok(SHARED.get_or_init(|| Arc::new(d)).clone())
    }

    /// All entries.
    pub fn set(&self) -> &DictionarySet {
        &self.set
    }

    /// Actor entries.
    pub fn actors(&self) -> &[ActorEntry] {
        &self.set.actors
    }

    /// Agent entries.
    pub fn agents(&self) -> &[AgentEntry] {
        &self.set.agents
    }

    /// The matcher over actor names and agent phrases.
    pub fn nouns(&self) -> &Matcher<NounRef> {
        &self.nouns
    }

    /// The matcher over all verb forms (values: indices into `set().verbs`).
    pub fn verb_forms(&self) -> &Matcher<u32> {
        &self.verb_forms
    }

    /// The matcher over discard phrases (values: indices into `set().discards`). Matches
    /// whole tokens; [`crate::model::Discard::stem`] is left to the caller.
    pub fn discards(&self) -> &Matcher<u32> {
        &self.discards
    }

    /// The matcher over issue phrases (values: indices into `set().issues`).
    pub fn issues(&self) -> &Matcher<u32> {
        &self.issues
    }

    /// Verb entries whose base form is `lemma` (folded; a multi-word verb is indexed by its
    /// whole base, `beef up`, and by its verb word, `beef`).
    pub fn verbs_for_lemma<'a>(&'a self, lemma: &str) -> impl Iterator<Item = &'a VerbEntry> + 'a {
        self.lemmas
            .get(lemma)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.set.verbs.get(i as usize))
    }

    /// A verb block.
    pub fn block(&self, block: u32) -> Option<&VerbBlock> {
        self.set.verb_blocks.get(block as usize)
    }

    /// The patterns of a verb block, in file order.
    pub fn patterns_of_block<'a>(&'a self, block: u32) -> impl Iterator<Item = &'a Pattern> + 'a {
        self.block_patterns
            .get(block as usize)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.set.patterns.get(i as usize))
    }

    /// The patterns of `verb`'s block that apply to it, in file order: all but those
    /// written for a verb of the block with a code of another root. CAMEO's
    /// merged verb file keeps, in a comment, the verb a pattern came from (in block
    /// BLAME, "`* (of &CRIME) [173] # CONVICT`" is about convicting, 17, not about
    /// accusing, 11); patterns whose comment names the block itself or no verb, and
    /// patterns of verbs without a code of their own, apply to every verb of the block.
    pub fn patterns_for<'a>(
        &'a self,
        verb: &'a VerbEntry,
    ) -> impl Iterator<Item = &'a Pattern> + 'a {
        let own_root = code_root(verb);
        self.block_patterns
            .get(verb.block as usize)
            .into_iter()
            .flatten()
            .filter(
                move |&&i| match (self.pattern_root.get(i as usize), &own_root) {
                    (Some(Some(root)), Some(own)) => **root == **own,
                    _ => true,
                },
            )
            .filter_map(|&i| self.set.patterns.get(i as usize))
    }

    /// A synset by label (without `&`).
    pub fn synset(&self, name: &str) -> Option<&Synset> {
        self.synsets
            .get(name)
            .and_then(|&i| self.set.synsets.get(i as usize))
    }

    /// All actor and agent matches in a folded token sequence (every start, every
    /// length); values of a match are ordered actors first, then agents, later files
    /// first. `ids` is scratch space reused between calls. A hyphenated entry also
    /// matches its parts without the hyphen (`al-qaeda` matches `al qaeda`).
    pub fn noun_matches<'a, S: AsRef<str>>(
        &'a self,
        tokens: &[S],
        ids: &mut Vec<u32>,
        out: &mut Vec<Match<'a, NounRef>>,
    ) {
        self.nouns.ids_into(tokens, ids);
        self.nouns.find_all_ids(ids, out);
    }

    /// The code an entry gives on `date`, with an agent's placement marker.
    pub fn entry_code(&self, entry: NounRef, date: Option<Date>) -> Option<String> {
        match entry {
            NounRef::Actor(i) => self
                .set
                .actors
                .get(i as usize)?
                .code_at(date)
                .map(String::from),
            NounRef::Agent(i) => {
                let a = self.set.agents.get(i as usize)?;
                Some(match a.placement {
                    Placement::Suffix => format!("~{}", a.code),
                    Placement::Prefix => format!("{}~", a.code),
                })
            }
        }
    }

    /// The origin of an entry.
    pub fn origin(&self, entry: NounRef) -> Option<&Origin> {
        match entry {
            NounRef::Actor(i) => self.set.actors.get(i as usize).map(|a| &a.origin),
            NounRef::Agent(i) => self.set.agents.get(i as usize).map(|a| &a.origin),
        }
    }

    /// Resolves a short phrase ("Kosovo police", "U.S. Secretary of State Antony
    /// Blinken") to an actor code on `date` (`None`: the current/default codes).
    ///
    /// The phrase is split by [`simple_tokens`], hyphenated words into their parts; left
    /// to right, the longest phrase at each position is taken. Before any actor, an actor
    /// entry is preferred; after one, an agent entry. The first actor gives the base
    /// code; agents add their sectors (`~COP` after, `NGO~` before; repeated sectors are
    /// not added; at most [`MAX_CODE_LEN`] letters; a state office replaces a base coded
    /// ELI); a later actor whose code has the same first three letters and is longer (an
    /// office holder: `USA` … `Antony Blinken` → `USAGOV`) replaces the composed code.
    /// Returns `None` when no entry matches.
    pub fn lookup_phrase(&self, phrase: &str, date: Option<Date>) -> Option<Resolution> {
        let tokens = simple_tokens(phrase);
        match split_hyphens(&tokens) {
            Some(parts) => self.lookup_tokens(&parts, date),
            None => self.lookup_tokens(&tokens, date),
        }
    }

    /// [`Dictionaries::lookup_phrase`] on folded tokens.
    pub fn lookup_tokens<S: AsRef<str>>(
        &self,
        tokens: &[S],
        date: Option<Date>,
    ) -> Option<Resolution> {
        let mut ids = Vec::new();
        self.nouns.ids_into(tokens, &mut ids);
        let mut base: Option<String> = None;
        let mut agents: Vec<(Placement, String, usize)> = Vec::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut found = Vec::new();
        let mut pos = 0;
        while pos < ids.len() {
            found.clear();
            self.nouns.matches_at(&ids, pos, &mut found);
            let mut step = 1;
            for m in found.iter().rev() {
                let actor = m.values.iter().find_map(|v| match *v {
                    NounRef::Actor(i) => {
                        let code = self.set.actors.get(i as usize)?.code_at(date)?;
                        Some((*v, code.to_string()))
                    }
                    NounRef::Agent(_) => None,
                });
                let agent = m.values.iter().find_map(|v| match *v {
                    NounRef::Agent(i) => self.set.agents.get(i as usize).map(|a| (*v, a)),
                    NounRef::Actor(_) => None,
                });
                let phrase = tokens[m.start..m.end]
                    .iter()
                    .map(|t| t.as_ref())
                    .collect::<Vec<_>>()
                    .join(" ");
                let choice = match (&base, actor, agent) {
                    (None, Some(a), _) => Some((a, Role::Actor)),
                    (Some(_), _, Some((r, a))) => Some(((r, String::new()), {
                        agents.push((a.placement, a.code.to_string(), parts.len()));
                        Role::Agent
                    })),
                    (None, None, Some((r, a))) => {
                        agents.push((a.placement, a.code.to_string(), parts.len()));
                        Some(((r, String::new()), Role::Agent))
                    }
                    (Some(b), Some(a), None) => {
                        if a.1.len() >= b.len() && a.1.get(..3) == b.get(..3) {
                            Some((a, Role::Office))
                        } else {
                            None
                        }
                    }
                    (_, None, None) => None,
                };
                let Some(((entry, code), role)) = choice else {
                    continue;
                };
                match role {
                    Role::Actor => base = Some(code),
                    Role::Office => {
                        // A name that adds a sector ("… Kurti" → KOSGOV) replaces the
                        // titles before it; one that only repeats the country ("Bree
                        // Prime Minister Romendacil", the name coded BRE) keeps them.
                        if base.as_ref().map_or(true, |b| code.len() > b.len()) {
                            agents.clear();
                        }
                        base = Some(code);
                    }
                    Role::Agent => {}
                }
                let origin = self.origin(entry).cloned().unwrap_or(Origin {
                    file: "".into(),
                    line: 0,
                });
                parts.push(Part {
                    start: m.start,
                    end: m.end,
                    phrase,
                    entry,
                    code: self.entry_code(entry, date).unwrap_or_default(),
                    role,
                    origin,
                });
                step = m.end - pos;
                break;
            }
            pos += step;
        }
        if parts.is_empty() {
            return None;
        }
        let mut code = base.unwrap_or_default();
        for (placement, c, _) in &agents {
            match placement {
                Placement::Suffix => {
                    // "Treasury Secretary James Baker" with Baker coded USAELI (a
                    // public figure) on that date: a state office named with him is his.
                    let office =
                        matches!(c.as_str(), "GOV" | "MIL" | "JUD" | "LEG" | "COP" | "SPY");
                    if office && code.len() == 6 && code.ends_with("ELI") {
                        code.truncate(3);
                    }
                    for seg in c.as_bytes().chunks(3) {
                        let seg = std::str::from_utf8(seg).unwrap_or("");
                        let present = code.len() >= 3
                            && code.as_bytes()[3..].chunks(3).any(|s| s == seg.as_bytes());
                        if !seg.is_empty() && !present && code.len() + seg.len() <= MAX_CODE_LEN {
                            code.push_str(seg);
                        }
                    }
                }
                Placement::Prefix => {
                    if !code.starts_with(c.as_str()) && code.len() + c.len() <= MAX_CODE_LEN {
                        code = format!("{c}{code}");
                    }
                }
            }
        }
        Some(Resolution { code, parts })
    }

    /// Approximate heap bytes of the compiled matchers.
    pub fn matcher_bytes(&self) -> usize {
        self.nouns.heap_bytes()
            + self.verb_forms.heap_bytes()
            + self.discards.heap_bytes()
            + self.issues.heap_bytes()
    }
}

/// The two-digit root of a verb's own code, if it has one.
fn code_root(v: &VerbEntry) -> Option<String> {
    v.code
        .as_ref()
        .and_then(|c| c.primary())
        .map(|c| c.get(..2).unwrap_or(c).to_string())
}

/// The code root of the verb a pattern was written for, when its comment names a verb
/// of its block (not the block itself) that has a code of its own; `None` otherwise.
fn pattern_root(
    set: &DictionarySet,
    lemmas: &HashMap<Box<str>, Vec<u32>, FxBuild>,
    pat: &Pattern,
) -> Option<Box<str>> {
    let note = pat.comment.trim();
    if note.is_empty() || note.contains(char::is_whitespace) {
        return None;
    }
    let note = crate::text::fold(&note.replace('_', " ")).into_owned();
    let block = set.verb_blocks.get(pat.block as usize)?;
    if crate::text::fold(&block.name.replace('_', " ")) == note.as_str() {
        return None;
    }
    lemmas.get(note.as_str())?.iter().find_map(|&i| {
        let v = set.verbs.get(i as usize)?;
        code_root(v)
            .filter(|_| v.block == pat.block)
            .map(String::into_boxed_str)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str = "actor SRB\nname serbian\nactor IGOUNO\nname security council\nagent ~GOV security council\nagent NGO~ human rights body\nagent ~ spokesman\nactor\nname aleksandar vucic\ncode SRBGOV 2012-07-27..\n";

    fn dicts() -> Dictionaries {
        let (d, r) = Dictionaries::from_texts([("t.dyad", TEXT)]);
        assert!(r[0].errors.is_empty());
        d
    }

    #[test]
    fn a_pattern_written_for_a_verb_of_another_code_does_not_carry_over() {
        let text = "verbs 112 BLAME\nverb 112 accuse | accuses | accused\nverb 173 convict | convicts | convicted\nverb - fault | faults | faulted\npattern 173 * of crimes ; CONVICT\npattern 111 * of lies ; BLAME\npattern 114 * of delay ; pas 3/2/91\n";
        let (d, r) = Dictionaries::from_texts([("v.dyad", text)]);
        assert!(r[0].errors.is_empty(), "{:?}", r[0].errors);
        let verb = |base: &str| {
            d.set()
                .verbs
                .iter()
                .find(|v| phrase_text(&v.words) == base)
                .expect("verb")
        };
        let codes = |base: &str| -> Vec<String> {
            d.patterns_for(verb(base))
                .map(|p| p.code.0.to_string())
                .collect()
        };
        // "accused X of crimes" is an accusation, not a conviction.
        assert_eq!(codes("accuse"), ["111", "114"]);
        assert_eq!(codes("convict"), ["173", "111", "114"]);
        // A verb with no code of its own takes every pattern of its block.
        assert_eq!(codes("fault"), ["173", "111", "114"]);
    }

    #[test]
    fn agent_preferred_after_an_actor_actor_before() {
        let d = dicts();
        let code = |p: &str| d.lookup_phrase(p, Date::new(2023, 5, 27)).map(|r| r.code);
        assert_eq!(code("Serbian Security Council").as_deref(), Some("SRBGOV"));
        assert_eq!(code("Security Council").as_deref(), Some("IGOUNO"));
        assert_eq!(code("Serbian human rights body").as_deref(), Some("NGOSRB"));
        assert_eq!(
            code("Serbian spokesman Aleksandar Vucic").as_deref(),
            Some("SRBGOV")
        );
        assert_eq!(code("Aleksandar Vucic").as_deref(), Some("SRBGOV"));
        assert_eq!(
            d.lookup_phrase("Aleksandar Vucic", Date::new(2000, 1, 1)),
            None
        );
    }

    #[test]
    fn a_state_office_named_with_a_public_figure_is_his() {
        let text = "actor\nname james baker\ncode USAELI\nagent ~GOV treasury secretary\n\
                    agent ~ spokesman\nactor IMGMUSALQ\nname al-qaeda\n";
        let (d, r) = Dictionaries::from_texts([("t.dyad", text)]);
        assert!(r[0].errors.is_empty(), "{:?}", r[0].errors);
        let code = |p: &str| d.lookup_phrase(p, None).map(|r| r.code);
        assert_eq!(
            code("Treasury Secretary James Baker").as_deref(),
            Some("USAGOV")
        );
        assert_eq!(code("James Baker").as_deref(), Some("USAELI"));
        assert_eq!(code("spokesman James Baker").as_deref(), Some("USAELI"));
        // A hyphenated entry is found in both spellings.
        assert_eq!(code("Al-Qaeda").as_deref(), Some("IMGMUSALQ"));
        assert_eq!(code("al Qaeda").as_deref(), Some("IMGMUSALQ"));
    }

    #[test]
    fn all_matches_for_the_coder() {
        let d = dicts();
        let mut ids = Vec::new();
        let mut out = Vec::new();
        d.noun_matches(
            &["the", "serbian", "security", "council"],
            &mut ids,
            &mut out,
        );
        let spans: Vec<(usize, usize, usize)> = out
            .iter()
            .map(|m| (m.start, m.end, m.values.len()))
            .collect();
        assert_eq!(spans, [(1, 2, 1), (2, 4, 2)]);
        assert!(matches!(out[1].values[0], NounRef::Actor(_)));
        assert!(matches!(out[1].values[1], NounRef::Agent(_)));
    }

    proptest! {
        #[test]
        fn lookup_never_panics(p in "\\PC{0,60}") {
            let d = dicts();
            if let Some(r) = d.lookup_phrase(&p, None) {
                prop_assert!(r.code.len() <= MAX_CODE_LEN + 3);
            }
        }
    }
}
