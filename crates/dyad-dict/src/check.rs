//! Consistency checks over compiled dictionaries: duplicates, conflicts, unreachable
//! patterns. Used by `dyad dict check`.
//!
//! Not for: line-level errors (the readers report those while loading).
use std::collections::HashMap;
use std::fmt;

use crate::dict::Dictionaries;
use crate::model::{phrase_text, Origin, PatternToken, Placement};

/// The kind of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// The same phrase with the same meaning twice: the second adds nothing.
    Duplicate,
    /// The same phrase with different codes; the later entry wins.
    Conflict,
    /// A pattern no verb can reach (same as an earlier pattern of its block, or its block
    /// has no verbs).
    Unreachable,
}

/// One finding, with the entries involved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind.
    pub kind: FindingKind,
    /// What was found.
    pub message: String,
    /// The entries involved, earliest first.
    pub origins: Vec<Origin>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            FindingKind::Duplicate => "duplicate",
            FindingKind::Conflict => "conflict",
            FindingKind::Unreachable => "unreachable",
        };
        write!(f, "{kind}: {}", self.message)?;
        for o in &self.origins {
            write!(f, " [{o}]")?;
        }
        Ok(())
    }
}

/// Runs every check; findings are ordered by kind, then by the first origin's position.
pub fn check(d: &Dictionaries) -> Vec<Finding> {
    let set = d.set();
    let mut out = Vec::new();
    let mut by_phrase: HashMap<&[Box<str>], Vec<usize>> = HashMap::new();
    for (i, a) in set.actors.iter().enumerate() {
        for n in &a.names {
            by_phrase.entry(n).or_default().push(i);
        }
    }
    for (phrase, entries) in &by_phrase {
        for w in entries.windows(2) {
            let (a, b) = (&set.actors[w[0]], &set.actors[w[1]]);
            let kind = if a.codes == b.codes {
                FindingKind::Duplicate
            } else {
                FindingKind::Conflict
            };
            let code = |e: &crate::model::ActorEntry| {
                e.codes
                    .iter()
                    .map(|c| {
                        if c.range.is_always() {
                            c.code.to_string()
                        } else {
                            format!("{} {}", c.code, c.range)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let message = if w[0] == w[1] {
                format!(
                    "actor name {:?} listed twice in one entry",
                    phrase_text(phrase)
                )
            } else if kind == FindingKind::Duplicate {
                format!(
                    "actor name {:?} with the same codes ({})",
                    phrase_text(phrase),
                    code(a)
                )
            } else {
                format!(
                    "actor name {:?}: [{}] then [{}]; the later wins",
                    phrase_text(phrase),
                    code(a),
                    code(b)
                )
            };
            out.push(Finding {
                kind,
                message,
                origins: vec![a.origin.clone(), b.origin.clone()],
            });
        }
    }
    let mut agents: HashMap<&[Box<str>], Vec<usize>> = HashMap::new();
    for (i, a) in set.agents.iter().enumerate() {
        agents.entry(&a.phrase).or_default().push(i);
    }
    for (phrase, entries) in &agents {
        for w in entries.windows(2) {
            let (a, b) = (&set.agents[w[0]], &set.agents[w[1]]);
            let spec = |x: &crate::model::AgentEntry| match x.placement {
                Placement::Suffix => format!("~{}", x.code),
                Placement::Prefix => format!("{}~", x.code),
            };
            let same = a.code == b.code && a.placement == b.placement;
            out.push(Finding {
                kind: if same {
                    FindingKind::Duplicate
                } else {
                    FindingKind::Conflict
                },
                message: if same {
                    format!("agent {:?} {}", phrase_text(phrase), spec(a))
                } else {
                    format!(
                        "agent {:?}: {} then {}; the later wins",
                        phrase_text(phrase),
                        spec(a),
                        spec(b)
                    )
                },
                origins: vec![a.origin.clone(), b.origin.clone()],
            });
        }
    }
    let mut forms: HashMap<&[Box<str>], Vec<usize>> = HashMap::new();
    for (i, v) in set.verbs.iter().enumerate() {
        for f in &v.forms {
            let e = forms.entry(f).or_default();
            if e.last() != Some(&i) {
                e.push(i);
            }
        }
    }
    for (form, verbs) in &forms {
        for w in verbs.windows(2) {
            let (a, b) = (&set.verbs[w[0]], &set.verbs[w[1]]);
            let name = |v: &crate::model::VerbEntry| {
                d.block(v.block)
                    .map_or(String::new(), |b| b.name.to_string())
            };
            let kind = if a.block == b.block {
                FindingKind::Duplicate
            } else {
                FindingKind::Conflict
            };
            out.push(Finding {
                kind,
                message: format!(
                    "verb form {:?} in blocks {} and {}",
                    phrase_text(form),
                    name(a),
                    name(b)
                ),
                origins: vec![a.origin.clone(), b.origin.clone()],
            });
        }
    }
    type Key<'a> = (&'a [PatternToken], &'a [PatternToken], bool, bool);
    for (b, block) in set.verb_blocks.iter().enumerate() {
        let has_verbs = set.verbs.iter().any(|v| v.block as usize == b);
        let mut seen: HashMap<Key<'_>, &Origin> = HashMap::new();
        for p in d.patterns_of_block(b as u32) {
            if !has_verbs {
                out.push(Finding {
                    kind: FindingKind::Unreachable,
                    message: format!(
                        "pattern [{}] in block {} which has no verbs",
                        p.code.0, block.name
                    ),
                    origins: vec![p.origin.clone()],
                });
                continue;
            }
            let key = (&p.pre[..], &p.post[..], p.pre_joined, p.post_joined);
            match seen.get(&key) {
                Some(first) => out.push(Finding {
                    kind: FindingKind::Unreachable,
                    message: format!(
                        "pattern [{}] of block {} repeats an earlier pattern, which matches first",
                        p.code.0, block.name
                    ),
                    origins: vec![(*first).clone(), p.origin.clone()],
                }),
                None => {
                    seen.insert(key, &p.origin);
                }
            }
        }
    }
    out.sort_by(|a, b| {
        let pos = |f: &Finding| f.origins.first().map(|o| (o.file.clone(), o.line));
        (a.kind, pos(a)).cmp(&(b.kind, pos(b)))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DictionarySet;

    #[test]
    fn finds_each_kind() {
        let text = "actor KOS\nname pristina\nname pristina\nactor KOSGOV\nname pristina\nagent ~COP police\nagent ~COP police\nagent ~MIL police\nverbs 042 RUSH\nverb - rush\npattern 154 * (to border)\npattern 155 * (to border)\nverbs 050 EMPTY\npattern 051 * talks\n";
        let mut set = DictionarySet::default();
        let r = crate::format::read_str("c.dyad", text, &mut set);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let f = check(&Dictionaries::build(set));
        let kinds: Vec<FindingKind> = f.iter().map(|x| x.kind).collect();
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == FindingKind::Duplicate)
                .count(),
            2
        );
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == FindingKind::Conflict)
                .count(),
            2
        );
        assert_eq!(
            kinds
                .iter()
                .filter(|k| **k == FindingKind::Unreachable)
                .count(),
            2
        );
        assert!(f
            .iter()
            .any(|x| x.to_string().contains("[c.dyad:11] [c.dyad:12]")));
    }
}
