//! Reader for PETRARCH agent dictionaries (`Phoenix.agents.txt`).
//!
//! Records: `PHRASE {plural} [~CODE] # comment`, with `{}` for no plural, `[NGO~]` for a
//! code put before the actor code, and substitution sets (`!PERSON! = MAN, MEN, WOMAN`)
//! used inside phrases (`POLICE!PERSON!`). Each generated form becomes its own
//! [`AgentEntry`]. Not for: actors.
//!
//! Differences from PETRARCH: a blank between words is read like `_` (words must be
//! adjacent); a word without a trailing `_` is not treated as a stem.
use std::collections::HashMap;

use super::{bracket_groups, check_code, split_comment, LineReader};
use crate::error::LineErrorKind;
use crate::model::{plural, AgentEntry, DictionarySet, Origin, Placement};
use crate::text::phrase_tokens;

#[derive(Default)]
pub(crate) struct AgentReader {
    /// Substitution sets by marker (`!PERSON!`).
    subs: HashMap<String, Vec<String>>,
}

/// Reads an agent code: `~GOV` (suffix) or `NGO~` (prefix); `~` alone adds no sector.
pub(crate) fn agent_code(inner: &str) -> Result<(Box<str>, Placement), LineErrorKind> {
    let inner = inner.trim();
    let bad = || LineErrorKind::BadCode(inner.chars().take(40).collect());
    if let Some(c) = inner.strip_prefix('~') {
        if c.is_empty() {
            return Ok(("".into(), Placement::Suffix));
        }
        Ok((check_code(c).map_err(|_| bad())?, Placement::Suffix))
    } else if let Some(c) = inner.strip_suffix('~') {
        Ok((check_code(c).map_err(|_| bad())?, Placement::Prefix))
    } else {
        Err(bad())
    }
}

impl AgentReader {
    fn expand(&self, phrase: &str) -> Result<Vec<String>, LineErrorKind> {
        let Some(start) = phrase.find('!') else {
            return Ok(vec![phrase.to_string()]);
        };
        let rest = &phrase[start + 1..];
        let end = rest.find('!').ok_or(LineErrorKind::BadSubstitution(
            phrase.chars().take(40).collect(),
        ))?;
        let marker = &phrase[start..start + end + 2];
        let members = self
            .subs
            .get(marker)
            .ok_or_else(|| LineErrorKind::BadSubstitution(format!("unknown set {marker}")))?;
        let mut out = Vec::new();
        for m in members {
            let replaced = format!("{}{}{}", &phrase[..start], m, &rest[end + 1..]);
            // Sets may be used more than once in a phrase.
            out.extend(self.expand(&replaced)?);
            if out.len() > 1024 {
                return Err(LineErrorKind::BadSubstitution("too many forms".into()));
            }
        }
        Ok(out)
    }
}

impl LineReader for AgentReader {
    fn line(
        &mut self,
        origin: &Origin,
        text: &str,
        set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind> {
        let (content, _comment) = split_comment(text);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            return Ok(());
        }
        if trimmed.starts_with('!') && trimmed.contains('=') && !trimmed.contains('[') {
            let (marker, list) = trimmed.split_once('=').unwrap_or((trimmed, ""));
            let marker = marker.trim();
            if marker.len() < 3
                || !marker.ends_with('!')
                || marker[1..marker.len() - 1].contains('!')
            {
                return Err(LineErrorKind::BadSubstitution(
                    marker.chars().take(40).collect(),
                ));
            }
            let members: Vec<String> = list
                .split(',')
                .map(|m| m.split_whitespace().collect::<String>())
                .filter(|m| !m.is_empty())
                .collect();
            if members.is_empty() {
                return Err(LineErrorKind::BadSubstitution("empty list".into()));
            }
            if members.iter().any(|m| m.contains('!')) {
                return Err(LineErrorKind::BadSubstitution(
                    "a member contains '!'".into(),
                ));
            }
            self.subs.insert(marker.to_string(), members);
            return Ok(());
        }
        let open = trimmed.find('[').ok_or(LineErrorKind::MissingCode)?;
        let (head, code_part) = trimmed.split_at(open);
        let groups = bracket_groups(code_part)?;
        let [code] = groups[..] else {
            return Err(LineErrorKind::BadCode(code_part.chars().take(40).collect()));
        };
        let (code, placement) = agent_code(code)?;
        let (phrase, plurals) = match head.find('{') {
            Some(i) => {
                let inner = &head[i + 1..];
                let close = inner.find('}').ok_or(LineErrorKind::Unbalanced("{ }"))?;
                if !inner[close + 1..].trim().is_empty() {
                    return Err(LineErrorKind::Trailing(inner[close + 1..].trim().into()));
                }
                let forms: Vec<String> = inner[..close]
                    .split([' ', '\t', ','])
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect();
                (&head[..i], Some(forms))
            }
            None => (head, None),
        };
        let mut phrases: Vec<Vec<Box<str>>> = Vec::new();
        for form in self.expand(phrase.trim())? {
            let tokens = phrase_tokens(&form);
            if tokens.is_empty() {
                return Err(LineErrorKind::EmptyPhrase);
            }
            phrases.push(tokens);
        }
        let substituted = phrase.contains('!');
        match plurals {
            Some(forms) => {
                for f in forms {
                    for form in self.expand(&f)? {
                        let tokens = phrase_tokens(&form);
                        if !tokens.is_empty() {
                            phrases.push(tokens);
                        }
                    }
                }
            }
            None if !substituted => {
                let mut p = phrases[0].clone();
                if let Some(last) = p.last_mut() {
                    *last = plural(last).into();
                }
                phrases.push(p);
            }
            None => {}
        }
        for p in phrases {
            set.agents.push(AgentEntry {
                phrase: p.into(),
                code: code.clone(),
                placement,
                origin: origin.clone(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{phrase_text, DictionarySet, Placement};
    use crate::petrarch::{read_str, Kind};

    fn read(text: &str) -> (DictionarySet, crate::petrarch::FileReport) {
        let mut set = DictionarySet::default();
        let r = read_str(Kind::Agents, "a.agents.txt", text, &mut set);
        (set, r)
    }

    fn phrases(set: &DictionarySet) -> Vec<String> {
        set.agents.iter().map(|a| phrase_text(&a.phrase)).collect()
    }

    #[test]
    fn regular_plural_and_code() {
        let (set, r) = read("AMBASSADOR [~GOV] # LRP 02 Jun 2004\n");
        assert!(r.errors.is_empty());
        assert_eq!(phrases(&set), ["ambassador", "ambassadors"]);
        assert_eq!(&*set.agents[0].code, "GOV");
        assert_eq!(set.agents[0].placement, Placement::Suffix);
    }

    #[test]
    fn null_and_irregular_plurals() {
        let (set, _) =
            read("POLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG] # mj\n");
        assert_eq!(
            phrases(&set),
            ["police", "attorney general", "attorneys general"]
        );
    }

    #[test]
    fn prefix_code() {
        let (set, _) = read("HUMAN_RIGHTS_BODY  [NGO~] # BNL 07 Dec 2001\n");
        assert_eq!(set.agents[0].placement, Placement::Prefix);
        assert_eq!(&*set.agents[0].code, "NGO");
    }

    #[test]
    fn substitution_sets() {
        let (set, r) = read("!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n!MINIST! = MINISTER, MINISTRY\nPOLICE!PERSON!  [~COP]\nFOREIGN_!MINIST! [~GOV]\nHUSBAND!PERSON![~AGR]\n");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let p = phrases(&set);
        assert_eq!(
            &p[..5],
            [
                "policeman",
                "policemen",
                "policewoman",
                "policewomen",
                "policeperson"
            ]
        );
        assert_eq!(&p[5..7], ["foreign minister", "foreign ministry"]);
        assert_eq!(p.len(), 12);
    }

    #[test]
    fn self_referring_substitution_is_refused() {
        let (set, r) = read("!A! = X!A!, Y\n!A!_B [~GOV]\n");
        assert_eq!(r.errors.len(), 2);
        assert!(set.agents.is_empty());
    }

    #[test]
    fn malformed_lines() {
        let (set, r) = read(
            "ISLAMIC_EXTREMIST\nCONGRESS [~LEG}\n!MINST!_OF_SILLY_WALKS [~GOV]\nARMY [~MIL]\n",
        );
        let lines: Vec<u32> = r.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 3]);
        assert_eq!(
            r.errors[0].to_string(),
            "a.agents.txt:1: no code in [...] on this line"
        );
        assert_eq!(phrases(&set), ["army", "armies"]);
    }
}
