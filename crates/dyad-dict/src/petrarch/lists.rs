//! Readers for PETRARCH's simple lists: discards (`Phoenix.discards.txt`), issues
//! (`Phoenix.IssueCoding.txt`) and prepositions (`Phoenix.prepositions.txt`).
//!
//! Discards: `+?PHRASE # comment` (`+`: discard the story). Issues: `<ISSUE CATEGORY="X">`
//! blocks of `PHRASE [CODE]` lines with `n:` (noun forms), `v:` (verb forms) and `a+b`
//! (`a b` and `a-b`) expansions, and `~`/`~~` ignore phrases. Prepositions: one per line.
//! Not for: matching these lists against text (see [`crate::Dictionaries`]).
use super::{split_comment, LineReader};
use crate::error::LineErrorKind;
use crate::model::{plural, verb_forms, DictionarySet, Discard, IssueEntry, Origin};
use crate::text::{fold, phrase_tokens};

/// Most phrases one issue line may expand to.
pub const MAX_EXPANSIONS: usize = 256;

pub(crate) struct DiscardReader;

impl LineReader for DiscardReader {
    fn line(
        &mut self,
        origin: &Origin,
        text: &str,
        set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind> {
        let (content, _) = split_comment(text);
        let t = content.trim();
        if t.is_empty() {
            return Ok(());
        }
        let (story, phrase) = match t.strip_prefix('+') {
            Some(p) => (true, p.trim()),
            None => (false, t),
        };
        let tokens = phrase_tokens(phrase);
        if tokens.is_empty() {
            return Err(LineErrorKind::EmptyPhrase);
        }
        set.discards.push(Discard {
            phrase: tokens.into(),
            story,
            stem: !phrase.ends_with('_'),
            origin: origin.clone(),
        });
        Ok(())
    }
}

pub(crate) struct PrepositionReader;

impl LineReader for PrepositionReader {
    fn line(
        &mut self,
        _origin: &Origin,
        text: &str,
        set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind> {
        let (content, _) = split_comment(text);
        let t = content.trim();
        if t.is_empty() {
            return Ok(());
        }
        if t.contains(char::is_whitespace) {
            return Err(LineErrorKind::Trailing(t.chars().take(40).collect()));
        }
        set.prepositions.push(fold(t).into());
        Ok(())
    }
}

#[derive(Default)]
pub(crate) struct IssueReader {
    category: Option<Box<str>>,
}

/// Variants of one `+`-free part: `n:x` → x, plural; `v:x` → verb forms; else itself.
fn part_variants(part: &str) -> Vec<String> {
    let lower = fold(part).into_owned();
    if let Some(n) = lower.strip_prefix("n:") {
        vec![n.to_string(), plural(n)]
    } else if let Some(v) = lower.strip_prefix("v:") {
        let [s, ed, ing] = verb_forms(v);
        vec![v.to_string(), s, ed, ing]
    } else {
        vec![lower]
    }
}

/// Expands an issue phrase into all the phrases it stands for.
pub(crate) fn expand_issue(phrase: &str) -> Result<Vec<String>, LineErrorKind> {
    let mut acc: Vec<String> = vec![String::new()];
    for word in phrase.split_whitespace() {
        // Variants of this word: parts joined by ' ' or '-'.
        let parts: Vec<&str> = word.split('+').collect();
        let mut word_vars: Vec<String> = Vec::new();
        let seps: &[&str] = if parts.len() > 1 { &[" ", "-"] } else { &[""] };
        for sep in seps {
            let mut vars = vec![String::new()];
            for (i, p) in parts.iter().enumerate() {
                if p.is_empty() {
                    return Err(LineErrorKind::EmptyPhrase);
                }
                let pv = part_variants(p);
                let mut next = Vec::with_capacity(vars.len() * pv.len());
                for v in &vars {
                    for x in &pv {
                        next.push(if i == 0 {
                            x.clone()
                        } else {
                            format!("{v}{sep}{x}")
                        });
                    }
                }
                vars = next;
            }
            word_vars.extend(vars);
        }
        let mut next = Vec::with_capacity(acc.len() * word_vars.len());
        for a in &acc {
            for w in &word_vars {
                next.push(if a.is_empty() {
                    w.clone()
                } else {
                    format!("{a} {w}")
                });
            }
        }
        if next.len() > MAX_EXPANSIONS {
            return Err(LineErrorKind::Trailing(format!(
                "expands to more than {MAX_EXPANSIONS} phrases"
            )));
        }
        acc = next;
    }
    acc.retain(|p| !p.is_empty());
    if acc.is_empty() {
        return Err(LineErrorKind::EmptyPhrase);
    }
    Ok(acc)
}

impl LineReader for IssueReader {
    fn line(
        &mut self,
        origin: &Origin,
        text: &str,
        set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind> {
        let (content, _) = split_comment(text);
        let t = content.trim();
        if t.is_empty() {
            return Ok(());
        }
        if t.eq_ignore_ascii_case("</ISSUE>") {
            self.category = None;
            return Ok(());
        }
        if let Some(attrs) = t.strip_prefix("<ISSUE") {
            let attrs = attrs
                .strip_suffix('>')
                .ok_or(LineErrorKind::Unbalanced("< >"))?;
            let cat = attrs
                .split_once("CATEGORY=\"")
                .and_then(|(_, r)| r.split_once('"'))
                .map(|(c, _)| c);
            self.category = cat.map(Into::into);
            return Ok(());
        }
        let (ignore, body) = if let Some(b) = t.strip_prefix("~~") {
            (2, b)
        } else if let Some(b) = t.strip_prefix('~') {
            (1, b)
        } else {
            (0, t)
        };
        let (phrase, code) = if ignore > 0 {
            if body.contains('[') {
                return Err(LineErrorKind::Trailing("code on an ignore phrase".into()));
            }
            (body, "")
        } else {
            let open = body.find('[').ok_or(LineErrorKind::MissingCode)?;
            let rest = &body[open + 1..];
            let close = rest.find(']').ok_or(LineErrorKind::Unbalanced("[ ]"))?;
            let code = rest[..close].trim();
            if !rest[close + 1..].trim().is_empty() {
                return Err(LineErrorKind::Trailing(
                    rest[close + 1..].trim().chars().take(40).collect(),
                ));
            }
            if code.is_empty() || code.contains(char::is_whitespace) {
                return Err(LineErrorKind::BadCode(code.into()));
            }
            (&body[..open], code)
        };
        let phrases = expand_issue(phrase)?
            .iter()
            .map(|p| phrase_tokens(p).into_boxed_slice())
            .filter(|p| !p.is_empty())
            .collect();
        set.issues.push(IssueEntry {
            code: code.into(),
            category: self.category.clone(),
            phrases,
            ignore,
            origin: origin.clone(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::phrase_text;
    use crate::petrarch::{read_str, Kind};

    #[test]
    fn discards() {
        let mut set = DictionarySet::default();
        let r = read_str(
            Kind::Discards,
            "d.discards.txt",
            "# c\nMONTHS LATER\n+World Golf Championships   # pas\nBASEBALL_\n+\n",
            &mut set,
        );
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].line, 5);
        assert!(!set.discards[0].story && set.discards[0].stem);
        assert!(set.discards[1].story);
        assert_eq!(
            phrase_text(&set.discards[1].phrase),
            "world golf championships"
        );
        assert!(!set.discards[2].stem);
    }

    #[test]
    fn issue_expansions() {
        assert_eq!(expand_issue("n:teacher").unwrap(), ["teacher", "teachers"]);
        assert_eq!(
            expand_issue("al+zarqawi network").unwrap(),
            ["al zarqawi network", "al-zarqawi network"]
        );
        assert_eq!(expand_issue("pre+n:school").unwrap().len(), 4);
        assert_eq!(expand_issue("ethnic v:purge").unwrap()[2], "ethnic purged");
    }

    #[test]
    fn issue_file() {
        let text = "<ISSUE CATEGORY=\"EDUCATION\" TYPE=\"ALL\">\nn:preschool [EARLY_CHILDHOOD_EDUCATION]\ntouristry[TOURISM]\n~a head start\n~~enterprise engineering consultants\n</ISSUE>\nintimidation of press [MEDIA_CENSORSHIP]intimidation of the media [MEDIA_CENSORSHIP]\nislamic jihad [NAMED_TERROR_GROUP]\n";
        let mut set = DictionarySet::default();
        let r = read_str(Kind::Issues, "i.txt", text, &mut set);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].line, 7);
        assert_eq!(set.issues[0].category.as_deref(), Some("EDUCATION"));
        assert_eq!(set.issues[0].phrases.len(), 2);
        assert_eq!(&*set.issues[1].code, "TOURISM");
        assert_eq!((set.issues[2].ignore, set.issues[3].ignore), (1, 2));
        assert_eq!(set.issues[4].category, None);
    }

    #[test]
    fn prepositions() {
        let mut set = DictionarySet::default();
        let r = read_str(
            Kind::Prepositions,
            "p.txt",
            "abaft\napropos \nin front\n",
            &mut set,
        );
        assert_eq!(r.errors.len(), 1);
        assert_eq!(set.prepositions.len(), 2);
    }
}
