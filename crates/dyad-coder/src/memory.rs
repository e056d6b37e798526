//! Document memory: what earlier sentences of the same document said about who is who.
//!
//! A person introduced with a title keeps the title's code ("Kosovo Prime Minister Albin
//! Kurti" … "Kurti said" … "Corti said"); a bare agent ("police") takes the country of
//! the last mention with that agent; "the five countries" is the last coordinated group
//! of five; "the alliance" the last alliance; "the boycotters" the source of the last
//! boycott; a pronoun the nearest compatible actor ("it" and "they" within the two
//! sentences before).
//!
//! Not for: finding mentions (see [`crate::mentions`]); the memory lives for one document.
use crate::mentions::{Mention, MentionKind};
use crate::tokens::PronounKind;

/// How many sentences back a pronoun may find what it stands for.
const PRONOUN_REACH: usize = 2;

/// A resolved actor remembered from earlier sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// Its code.
    pub code: String,
    /// Its words.
    pub text: String,
    /// True for a person.
    pub person: bool,
    /// Folded surname for a person.
    pub surname: Option<String>,
    /// The agent sector codes it was named with.
    pub agent: String,
}

/// The memory of one document.
#[derive(Debug, Default, Clone)]
pub struct Memory {
    /// Remembered actors, oldest first, each with the number of the sentence it was seen in.
    actors: Vec<(Remembered, usize)>,
    /// The number of the sentence being coded.
    sentence: usize,
    groups: Vec<Vec<Remembered>>,
    /// (verb lemma, source) of events coded so far.
    events: Vec<(String, Remembered)>,
}

/// The edit distance between two short strings (bounded work: both are surnames).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// True when `seen` may be a misspelling of the remembered surname `known`: same first
/// sound class is not required (transliteration varies: Kurti/Corti), but the lengths
/// differ by at most one and the edit distance is 1 (up to 5 letters: 2).
pub fn similar_surname(seen: &str, known: &str) -> bool {
    let (ls, lk) = (seen.chars().count(), known.chars().count());
    if seen == known {
        return true;
    }
    if ls < 4 || lk < 4 || ls.abs_diff(lk) > 1 {
        return false;
    }
    let d = edit_distance(seen, known);
    d <= 1 || (d == 2 && ls == lk && seen.chars().last() == known.chars().last())
}

impl Memory {
    /// An empty memory.
    pub fn new() -> Memory {
        Memory::default()
    }

    /// Remembers a resolved mention.
    pub fn remember(&mut self, m: &Mention, text: &str) {
        if m.code.len() < 3 {
            return;
        }
        let actor = Remembered {
            code: m.code.clone(),
            text: text.to_string(),
            person: m.person,
            surname: m.surname.clone(),
            agent: m.agent.clone(),
        };
        self.actors.push((actor, self.sentence));
        if self.actors.len() > 512 {
            self.actors.drain(..256);
        }
    }

    /// The actors of this sentence and the [`PRONOUN_REACH`] before it, nearest first.
    fn recent_actors(&self) -> impl Iterator<Item = &Remembered> + '_ {
        let from = self.sentence.saturating_sub(PRONOUN_REACH);
        self.actors
            .iter()
            .rev()
            .take_while(move |(_, s)| *s >= from)
            .map(|(r, _)| r)
    }

    /// Every remembered actor, nearest first.
    fn all_actors(&self) -> impl Iterator<Item = &Remembered> + '_ {
        self.actors.iter().rev().map(|(r, _)| r)
    }

    /// Moves on to the next sentence of the document.
    pub fn next_sentence(&mut self) {
        self.sentence += 1;
    }

    /// Remembers a coordinated group of actors ("the United States, France and Britain").
    pub fn remember_group(&mut self, group: Vec<Remembered>) {
        if group.len() >= 2 && self.groups.last() != Some(&group) {
            self.groups.push(group);
            if self.groups.len() > 64 {
                self.groups.remove(0);
            }
        }
    }

    /// Remembers an event's verb and source, for "the boycotters".
    pub fn remember_event(&mut self, verb: &str, source: Remembered) {
        self.events.push((verb.to_string(), source));
        if self.events.len() > 512 {
            self.events.drain(..256);
        }
    }

    /// The last remembered actor, if any.
    pub fn last(&self) -> Option<&Remembered> {
        self.actors.last().map(|(r, _)| r)
    }

    /// Resolves a mention whose code is not known from its own words. Returns one actor,
    /// or several for a group reference. `before` are the already resolved actors of the
    /// same sentence to the left of it (nearest last).
    pub fn resolve(&self, m: &Mention, before: &[Remembered]) -> Vec<Remembered> {
        let recent = || before.iter().rev().chain(self.all_actors());
        let one = |r: Option<&Remembered>| r.cloned().into_iter().collect::<Vec<_>>();
        match &m.kind {
            MentionKind::Named => Vec::new(),
            MentionKind::AgentOnly => {
                if m.agent.is_empty() {
                    return Vec::new();
                }
                one(recent().find(|r| r.agent == m.agent && r.code.len() >= 3))
                    .into_iter()
                    .map(|r| Remembered {
                        code: compose_agent(&r.code, &m.agent),
                        ..r
                    })
                    .collect()
            }
            // "it" and "they" point back a short way: to this sentence or the two before
            // it ("It said it is joining …" many sentences after the last state is the
            // company the text is about, not that state).
            MentionKind::Pronoun(kind) => {
                let near = || before.iter().rev().chain(self.recent_actors());
                match kind {
                    // A story's protagonist stays "he" or "she" for many sentences.
                    PronounKind::Person => one(recent().find(|r| r.person)),
                    PronounKind::Thing | PronounKind::Plural => one(near().find(|r| !r.person)),
                    PronounKind::Speaker => Vec::new(),
                }
            }
            MentionKind::Group(n) => self
                .groups
                .iter()
                .rev()
                .find(|g| g.len() == *n)
                .cloned()
                .unwrap_or_default(),
            MentionKind::Alliance => one(recent().find(|r| {
                r.code.starts_with("IGO") && r.code.contains("NAT")
                    || r.text.to_lowercase().contains("alliance")
            })),
            MentionKind::Doers(stem) => one(self
                .events
                .iter()
                .rev()
                .find(|(verb, _)| verb == stem || verb.strip_suffix('e') == Some(stem))
                .map(|(_, r)| r)),
            MentionKind::PossessiveCountry => {
                let base = recent().find(|r| r.code.len() >= 3).map(|r| Remembered {
                    code: country_part(&r.code).to_string(),
                    person: false,
                    surname: None,
                    agent: String::new(),
                    text: r.text.clone(),
                });
                one(base.as_ref())
            }
            MentionKind::UnknownName => {
                let Some(seen) = m.surname.as_deref() else {
                    return Vec::new();
                };
                // The remembered surname, or any other word of the name spelt exactly
                // (a family name written first: "Li Wei" … "Li said").
                one(recent().find(|r| {
                    r.person
                        && (r
                            .surname
                            .as_deref()
                            .is_some_and(|known| similar_surname(seen, known))
                            || r.text
                                .split_whitespace()
                                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                                .any(|w| dyad_dict::text::fold(w) == seen))
                }))
            }
        }
    }
}

impl Memory {
    /// Resolves an object pronoun ("disperse them") to the nearest compatible actor whose
    /// code is not one of `exclude` (the verb's own sources).
    pub fn resolve_other(
        &self,
        m: &Mention,
        before: &[Remembered],
        exclude: &[String],
    ) -> Option<Remembered> {
        let MentionKind::Pronoun(kind) = m.kind else {
            return None;
        };
        before
            .iter()
            .rev()
            .chain(self.all_actors())
            .filter(|r| !exclude.contains(&r.code))
            .find(|r| match kind {
                PronounKind::Person => r.person,
                PronounKind::Thing | PronounKind::Plural => !r.person,
                PronounKind::Speaker => false,
            })
            .cloned()
    }
}

/// The country or organisation part of a code: its first three bytes when they are a
/// whole prefix, else the whole code.
pub fn country_part(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

/// Adds an agent's sector to a remembered actor's country ("Kosovo police" remembered,
/// "police" seen → `KOSCOP`).
pub fn compose_agent(code: &str, agent: &str) -> String {
    let country = country_part(code);
    if code.len() < 3 || code.get(3..).is_some_and(|rest| rest.contains(agent)) {
        return code.to_string();
    }
    format!("{country}{agent}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(code: &str, surname: &str) -> Remembered {
        Remembered {
            code: code.into(),
            text: surname.into(),
            person: true,
            surname: Some(surname.into()),
            agent: String::new(),
        }
    }

    #[test]
    fn misspelt_surname_matches() {
        assert!(similar_surname("corti", "kurti"));
        assert!(similar_surname("erdogan", "erdogan"));
        assert!(similar_surname("netanyahou", "netanyahu"));
        assert!(!similar_surname("smith", "kurti"));
        assert!(!similar_surname("lee", "les"));
    }

    /// A capitalised name the dictionaries do not know.
    fn unknown_name(surname: &str) -> Mention {
        Mention {
            start: 0,
            end: 1,
            code: String::new(),
            agent: String::new(),
            kind: MentionKind::UnknownName,
            person: true,
            surname: Some(surname.into()),
            rule: String::new(),
        }
    }

    #[test]
    fn it_points_back_at_most_two_sentences() {
        let mut mem = Memory::new();
        let state = Mention {
            code: "CAN".into(),
            person: false,
            surname: None,
            ..unknown_name("canada")
        };
        mem.next_sentence();
        mem.remember(&state, "Canada");
        let it = Mention {
            kind: MentionKind::Pronoun(PronounKind::Thing),
            ..unknown_name("it")
        };
        mem.next_sentence();
        mem.next_sentence();
        assert_eq!(mem.resolve(&it, &[])[0].code, "CAN");
        mem.next_sentence();
        assert!(mem.resolve(&it, &[]).is_empty());
    }

    #[test]
    fn unknown_name_resolves_to_remembered_person() {
        let mut mem = Memory::new();
        mem.actors.push((person("TURGOV", "erdogan"), 0));
        assert_eq!(mem.resolve(&unknown_name("erdogen"), &[])[0].code, "TURGOV");
    }

    #[test]
    fn family_name_written_first_matches_exactly() {
        let mut mem = Memory::new();
        let li_wei = Remembered {
            text: "spokesman Li Wei".into(),
            ..person("CHNGOV", "wei")
        };
        mem.actors.push((li_wei, 0));
        assert_eq!(mem.resolve(&unknown_name("li"), &[])[0].code, "CHNGOV");
        // Lower-case words of the name and near-misses of short names do not match.
        assert!(mem.resolve(&unknown_name("spokesman"), &[]).is_empty());
        assert!(mem.resolve(&unknown_name("lu"), &[]).is_empty());
    }

    #[test]
    fn agent_only_takes_remembered_country() {
        let mut mem = Memory::new();
        let police = Remembered {
            code: "FRACOP".into(),
            text: "French police".into(),
            person: false,
            surname: None,
            agent: "COP".into(),
        };
        mem.actors.push((police, 0));
        let m = Mention {
            start: 0,
            end: 1,
            code: String::new(),
            agent: "COP".into(),
            kind: MentionKind::AgentOnly,
            person: false,
            surname: None,
            rule: String::new(),
        };
        assert_eq!(mem.resolve(&m, &[])[0].code, "FRACOP");
    }

    #[test]
    fn group_reference_takes_group_of_that_size() {
        let mut mem = Memory::new();
        let g: Vec<Remembered> = ["USA", "FRA", "DEU"]
            .iter()
            .map(|c| Remembered {
                code: c.to_string(),
                text: c.to_string(),
                person: false,
                surname: None,
                agent: String::new(),
            })
            .collect();
        mem.remember_group(g);
        let m = Mention {
            start: 0,
            end: 3,
            code: String::new(),
            agent: String::new(),
            kind: MentionKind::Group(3),
            person: false,
            surname: None,
            rule: String::new(),
        };
        assert_eq!(mem.resolve(&m, &[]).len(), 3);
        let m2 = Mention {
            kind: MentionKind::Group(4),
            ..m
        };
        assert!(mem.resolve(&m2, &[]).is_empty());
    }
}
