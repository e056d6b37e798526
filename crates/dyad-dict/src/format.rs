//! dyad's own dictionary format: one record per line, plain text, diff-friendly.
//!
//! Each line is a keyword and its fields, separated by blanks; phrases are folded tokens
//! separated by single blanks; `#` at the start of a line (after optional blanks) makes a
//! comment line. Records (see `data/dictionaries/README.md` for the full description):
//!
//! ```text
//! actor KOS                      # starts an actor, with an undated code (optional)
//! name republic of kosovo        # a name of the open actor
//! code KOSGOV 2021-03-22..       # a code, dated FROM..TO (inclusive, either end open)
//! agent ~COP police              # sector agent; NGO~ puts the code first; ~ adds none
//! synset CURRENCY                # verb synset; its members follow
//! member swiss francs            # (&NAME refers to another synset)
//! verbs 042 ACCELERATE           # verb block: default code, name
//! verb - speed | speeds | sped   # a verb: own code or -, base form then other forms
//! pattern 154 * (to border) ; rush      # PETRARCH pattern syntax, optional ; note
//! transform a (a b ATTACK) SAY = a b 015
//! discard story word world golf championships   # sentence|story, word|stem
//! issue TOURISM TOURISM tourism | tourisms      # code, category (- for none), phrases
//! ignore 1 EDUCATION a head start               # 1 sentence / 2 story, category, phrases
//! preposition abaft
//! ```
//!
//! Nothing is generated at load time: plurals and verb forms are written out. Not for:
//! PETRARCH files (see [`crate::petrarch`]).
use std::fmt::Write as _;
use std::sync::Arc;

use crate::date::DateRange;
use crate::error::{LineError, LineErrorKind};
use crate::model::{
    phrase_text, ActorEntry, DatedCode, DictionarySet, Discard, IssueEntry, Origin, PatternItem,
    PatternToken, Placement,
};
use crate::petrarch::verbs::VerbReader;
use crate::petrarch::{check_code, LineReader, MAX_LINE};
use crate::text::phrase_tokens;

/// The account of one project-format file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The file name as given.
    pub file: Arc<str>,
    /// Lines in the file.
    pub total: u32,
    /// Lines read (records, comments, blank lines).
    pub read: u32,
    /// Lines reported; `read + errors.len() == total`.
    pub errors: Vec<LineError>,
}

struct Reader {
    open_actor: Option<usize>,
    verbs: VerbReader,
}

fn tokens(s: &str) -> Result<Box<[Box<str>]>, LineErrorKind> {
    let t = phrase_tokens(s);
    if t.is_empty() {
        return Err(LineErrorKind::EmptyPhrase);
    }
    Ok(t.into())
}

fn phrase_list(s: &str) -> Result<Vec<Box<[Box<str>]>>, LineErrorKind> {
    s.split(" | ").map(tokens).collect()
}

fn field<'a>(
    it: &mut std::str::SplitWhitespace<'a>,
    what: &'static str,
) -> Result<&'a str, LineErrorKind> {
    it.next().ok_or(LineErrorKind::Orphan(what))
}

/// The rest of a line after `n` blank-separated fields.
fn rest_after(line: &str, n: usize) -> &str {
    let mut s = line.trim_start();
    for _ in 0..n {
        s = s.trim_start();
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        s = &s[end..];
    }
    s.trim()
}

impl Reader {
    fn line(
        &mut self,
        origin: &Origin,
        line: &str,
        set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind> {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            return Ok(());
        }
        let mut f = t.split_whitespace();
        let key = f.next().unwrap_or("");
        if key != "name" && key != "code" {
            self.open_actor = None;
        }
        match key {
            "actor" => {
                let mut codes = Vec::new();
                if let Some(c) = f.next() {
                    codes.push(DatedCode {
                        code: check_code(c)?,
                        range: DateRange::ALWAYS,
                    });
                }
                if let Some(x) = f.next() {
                    return Err(LineErrorKind::Trailing(x.into()));
                }
                set.actors.push(ActorEntry {
                    names: Vec::new(),
                    codes,
                    origin: origin.clone(),
                });
                self.open_actor = Some(set.actors.len() - 1);
            }
            "name" => {
                let idx = self.open_actor.ok_or(LineErrorKind::Orphan("name"))?;
                set.actors[idx].names.push(tokens(rest_after(t, 1))?);
            }
            "code" => {
                let idx = self.open_actor.ok_or(LineErrorKind::Orphan("code"))?;
                let code = check_code(field(&mut f, "code")?)?;
                let range = match f.next() {
                    Some(r) => DateRange::parse_iso(r)
                        .map_err(|e| LineErrorKind::BadDate(e.to_string()))?,
                    None => DateRange::ALWAYS,
                };
                if let Some(x) = f.next() {
                    return Err(LineErrorKind::Trailing(x.into()));
                }
                set.actors[idx].codes.push(DatedCode { code, range });
            }
            "agent" => {
                let spec = field(&mut f, "agent code")?;
                let (code, placement) = crate::petrarch::agents::agent_code(spec)?;
                set.agents.push(crate::model::AgentEntry {
                    phrase: tokens(rest_after(t, 2))?,
                    code,
                    placement,
                    origin: origin.clone(),
                });
            }
            "synset" => {
                let name = field(&mut f, "synset name")?;
                self.verbs.line(origin, &format!("&{name}_"), set)?;
            }
            "member" => {
                let words = rest_after(t, 1)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("_");
                self.verbs.line(origin, &format!("+{words}_"), set)?;
            }
            "verbs" => {
                let code = field(&mut f, "block code")?;
                self.verbs.line(
                    origin,
                    &format!("--- {} [{code}] ---", rest_after(t, 2)),
                    set,
                )?;
            }
            "verb" => {
                let code = field(&mut f, "verb code")?;
                let forms: Vec<String> = rest_after(t, 2)
                    .split(" | ")
                    .map(|p| p.split_whitespace().collect::<Vec<_>>().join("_"))
                    .collect();
                let base = forms
                    .first()
                    .filter(|b| !b.is_empty())
                    .ok_or(LineErrorKind::EmptyPhrase)?;
                let mut s = format!("{base} {{{}}}", forms[1..].join(" "));
                if code != "-" {
                    let _ = write!(s, " [{code}]");
                }
                self.verbs.line(origin, &s, set)?;
            }
            "pattern" => {
                let code = field(&mut f, "pattern code")?;
                let rest = rest_after(t, 2);
                let (body, note) = rest.split_once(" ; ").unwrap_or((rest, ""));
                self.verbs
                    .line(origin, &format!("- {body} [{code}] # {note}"), set)?;
            }
            "transform" => {
                self.verbs
                    .line(origin, &format!("~ {}", rest_after(t, 1)), set)?;
            }
            "discard" => {
                let scope = field(&mut f, "discard scope")?;
                let kind = field(&mut f, "discard kind")?;
                let story = match scope {
                    "story" => true,
                    "sentence" => false,
                    x => return Err(LineErrorKind::UnknownRecord(format!("discard {x}"))),
                };
                let stem = match kind {
                    "stem" => true,
                    "word" => false,
                    x => return Err(LineErrorKind::UnknownRecord(format!("discard {scope} {x}"))),
                };
                set.discards.push(Discard {
                    phrase: tokens(rest_after(t, 3))?,
                    story,
                    stem,
                    origin: origin.clone(),
                });
            }
            "issue" | "ignore" => {
                let first = field(&mut f, "issue code")?;
                let cat = field(&mut f, "issue category")?;
                let (code, ignore) = if key == "issue" {
                    (first, 0)
                } else {
                    match first {
                        "1" => ("", 1),
                        "2" => ("", 2),
                        x => return Err(LineErrorKind::UnknownRecord(format!("ignore {x}"))),
                    }
                };
                set.issues.push(IssueEntry {
                    code: code.into(),
                    category: (cat != "-").then(|| cat.into()),
                    phrases: phrase_list(rest_after(t, 3))?,
                    ignore,
                    origin: origin.clone(),
                });
            }
            "preposition" => {
                let w = field(&mut f, "preposition")?;
                if let Some(x) = f.next() {
                    return Err(LineErrorKind::Trailing(x.into()));
                }
                set.prepositions.push(crate::text::fold(w).into());
            }
            other => {
                return Err(LineErrorKind::UnknownRecord(
                    other.chars().take(20).collect(),
                ))
            }
        }
        Ok(())
    }
}

/// Reads one project-format file's text into `set`. Bad lines are reported, never fatal.
pub fn read_str(file: &str, text: &str, set: &mut DictionarySet) -> Report {
    let file: Arc<str> = file.into();
    let mut reader = Reader {
        open_actor: None,
        verbs: VerbReader::default(),
    };
    let mut report = Report {
        file: file.clone(),
        total: 0,
        read: 0,
        errors: Vec::new(),
    };
    for (i, line) in text.lines().enumerate() {
        report.total += 1;
        let origin = Origin {
            file: file.clone(),
            line: i as u32 + 1,
        };
        let result = if line.len() > MAX_LINE {
            Err(LineErrorKind::TooLong(MAX_LINE))
        } else {
            reader.line(&origin, line, set)
        };
        match result {
            Ok(()) => report.read += 1,
            Err(kind) => report.errors.push(LineError {
                file: file.clone(),
                line: origin.line,
                kind,
            }),
        }
    }
    report
}

fn write_item(item: &PatternItem, out: &mut String) {
    match item {
        PatternItem::Word(w) => out.push_str(w),
        PatternItem::Synset(n) => {
            out.push('&');
            out.push_str(n);
        }
        PatternItem::Source => out.push('$'),
        PatternItem::Target => out.push('+'),
        PatternItem::Compound => out.push('%'),
        PatternItem::Skip => out.push('^'),
        PatternItem::NounPhrase(t) => {
            out.push('{');
            write_tokens(t, out);
            out.push('}');
        }
        PatternItem::Prepositional(t) => {
            out.push('(');
            write_tokens(t, out);
            out.push(')');
        }
    }
}

fn write_tokens(toks: &[PatternToken], out: &mut String) {
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            out.push(if t.joined { '_' } else { ' ' });
        }
        write_item(&t.item, out);
    }
}

fn verb_form(p: &[Box<str>], head: u32) -> String {
    p.iter()
        .enumerate()
        .map(|(i, w)| {
            if p.len() > 1 && i as u32 == head {
                format!("+{w}")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the actors of a set.
pub fn write_actors(actors: &[ActorEntry], out: &mut String) {
    for a in actors {
        let mut codes = a.codes.iter();
        match a.codes.first() {
            Some(c) if c.range.is_always() => {
                let _ = writeln!(out, "actor {}", c.code);
                codes.next();
            }
            _ => out.push_str("actor\n"),
        }
        for n in &a.names {
            let _ = writeln!(out, "name {}", phrase_text(n));
        }
        for c in codes {
            if c.range.is_always() {
                let _ = writeln!(out, "code {}", c.code);
            } else {
                let _ = writeln!(out, "code {} {}", c.code, c.range);
            }
        }
    }
}

/// Writes every part of a set (actors, agents, verbs, discards, issues, prepositions) in
/// the project format, each part only if it has entries.
pub fn write_set(set: &DictionarySet, out: &mut String) {
    write_actors(&set.actors, out);
    for a in &set.agents {
        let code = match a.placement {
            Placement::Suffix => format!("~{}", a.code),
            Placement::Prefix => format!("{}~", a.code),
        };
        let _ = writeln!(out, "agent {code} {}", phrase_text(&a.phrase));
    }
    for s in &set.synsets {
        let _ = writeln!(out, "synset {}", s.name);
        for m in &s.members {
            let _ = writeln!(out, "member {}", phrase_text(m));
        }
    }
    let mut verbs = set.verbs.iter().peekable();
    let mut patterns = set.patterns.iter().peekable();
    for (b, block) in set.verb_blocks.iter().enumerate() {
        let _ = writeln!(out, "verbs {} {}", block.code.0, block.name);
        while let Some(v) = verbs.next_if(|v| v.block as usize == b) {
            let forms: Vec<String> = v.forms.iter().map(|f| verb_form(f, v.head)).collect();
            let code = v.code.as_ref().map_or("-", |c| &c.0);
            let _ = writeln!(out, "verb {code} {}", forms.join(" | "));
        }
        while let Some(p) = patterns.next_if(|p| p.block as usize == b) {
            let mut text = String::new();
            write_tokens(&p.pre, &mut text);
            if !p.pre.is_empty() {
                text.push(if p.pre_joined { '_' } else { ' ' });
            }
            text.push('*');
            if !p.post.is_empty() {
                text.push(if p.post_joined { '_' } else { ' ' });
                write_tokens(&p.post, &mut text);
            }
            let note = p.comment.split_whitespace().collect::<Vec<_>>().join(" ");
            if note.is_empty() {
                let _ = writeln!(out, "pattern {} {text}", p.code.0);
            } else {
                let _ = writeln!(out, "pattern {} {text} ; {note}", p.code.0);
            }
        }
    }
    for t in &set.transformations {
        let _ = writeln!(
            out,
            "transform {} ({} {} {}) {} = {} {} {}",
            t.source,
            t.inner_source,
            t.inner_target,
            t.inner_verb,
            t.verb,
            t.out_source,
            t.out_target,
            t.out_code
        );
    }
    for d in &set.discards {
        let scope = if d.story { "story" } else { "sentence" };
        let kind = if d.stem { "stem" } else { "word" };
        let _ = writeln!(out, "discard {scope} {kind} {}", phrase_text(&d.phrase));
    }
    for i in &set.issues {
        if i.phrases.is_empty() {
            continue;
        }
        let phrases: Vec<String> = i.phrases.iter().map(|p| phrase_text(p)).collect();
        let cat = i.category.as_deref().unwrap_or("-");
        if i.ignore > 0 {
            let _ = writeln!(out, "ignore {} {cat} {}", i.ignore, phrases.join(" | "));
        } else {
            let _ = writeln!(out, "issue {} {cat} {}", i.code, phrases.join(" | "));
        }
    }
    for p in &set.prepositions {
        let _ = writeln!(out, "preposition {p}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::petrarch::{read_str as read_petrarch, Kind};
    use proptest::prelude::*;

    const SAMPLE: &str = "# comment\n\nactor\nname albin kurti\nname kurti\ncode KOSOPP ..2020-02-02\ncode KSVGOV 2021-03-22..\nactor RUS\nname russia\nagent ~COP police\nagent NGO~ human rights body\nagent ~ spokeswoman\nsynset MILITARY\nmember army\nverbs 042 RUSH\nverb - rush | rushes | rushed | rushing\nverb 174 +beef up | +beefs up\npattern 154 &military * (to border) ; rush\ntransform a (a b ATTACK) SAY = a b 015\ndiscard story word world golf championships\nissue TOURISM TOURISM tourism | tourisms\nignore 1 - a head start\npreposition abaft\n";

    #[test]
    fn every_record_kind() {
        let mut set = DictionarySet::default();
        let r = read_str("s.dyad", SAMPLE, &mut set);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(r.read, r.total);
        let k = &set.actors[0];
        assert_eq!(k.code_at(Date::new(2015, 1, 1)), Some("KOSOPP"));
        assert_eq!(k.code_at(Date::new(2023, 5, 27)), Some("KOSGOV"));
        assert_eq!(set.actors[1].code_at(None), Some("RUS"));
        assert_eq!(set.agents.len(), 3);
        assert_eq!(set.agents[1].placement, Placement::Prefix);
        assert_eq!(&*set.agents[2].code, "");
        assert_eq!(set.synsets[0].members.len(), 1);
        assert_eq!(set.verbs[0].forms.len(), 4);
        assert_eq!(set.verbs[1].head, 0);
        assert_eq!(set.verbs[1].forms.len(), 2);
        assert_eq!(&*set.patterns[0].comment, "rush");
        assert_eq!(set.transformations.len(), 1);
        assert!(set.discards[0].story && !set.discards[0].stem);
        assert_eq!(set.issues[0].phrases.len(), 2);
        assert_eq!(set.issues[1].ignore, 1);
        assert_eq!(set.prepositions.len(), 1);
    }

    #[test]
    fn write_then_read_gives_the_same_entries() {
        let mut set = DictionarySet::default();
        read_str("s.dyad", SAMPLE, &mut set);
        let mut text = String::new();
        write_set(&set, &mut text);
        let mut again = DictionarySet::default();
        let r = read_str("s.dyad", &text, &mut again);
        assert!(r.errors.is_empty(), "{:?}\n{text}", r.errors);
        let strip = |s: &DictionarySet| {
            let mut s = s.clone();
            s.actors.iter_mut().for_each(|a| a.origin.line = 0);
            (
                s.actors,
                s.agents.len(),
                s.verbs.iter().map(|v| v.forms.clone()).collect::<Vec<_>>(),
                s.patterns
                    .iter()
                    .map(|p| (p.pre.clone(), p.post.clone(), p.code.clone()))
                    .collect::<Vec<_>>(),
                s.issues
                    .iter()
                    .map(|i| i.phrases.clone())
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(strip(&set), strip(&again));
    }

    #[test]
    fn petrarch_patterns_survive_the_round_trip() {
        let text = "&GENINT\n+GENEVA\n--- ACCORD  [---] ---\nACCORD\n- SO IN_AND_*_OUT_AGAIN NOW [074]\n- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]  #\n- $ * (AS &GENINT) (IN {PEACE TALK}) (WITH +)  [045]\n- * [###]\n";
        let mut set = DictionarySet::default();
        let r = read_petrarch(Kind::Verbs, "v.txt", text, &mut set);
        assert!(r.errors.is_empty());
        let mut out = String::new();
        write_set(&set, &mut out);
        let mut again = DictionarySet::default();
        let r = read_str("v.dyad", &out, &mut again);
        assert!(r.errors.is_empty(), "{:?}\n{out}", r.errors);
        for (a, b) in set.patterns.iter().zip(&again.patterns) {
            assert_eq!(
                (&a.pre, &a.post, a.pre_joined, a.post_joined, &a.code),
                (&b.pre, &b.post, b.pre_joined, b.post_joined, &b.code)
            );
        }
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let mut set = DictionarySet::default();
        let r = read_str(
            "x.dyad",
            "name orphan\nactor KOS\ncode KOSGOV 2021-13-01..\nfrobnicate\nname kosovo\n",
            &mut set,
        );
        let msgs: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 4);
        assert!(msgs[0].starts_with("x.dyad:1: name with no open entry"));
        assert!(msgs[1].starts_with("x.dyad:3: bad date"));
        assert!(msgs[2].starts_with("x.dyad:4: unknown record"));
        // An unknown record closes the open actor, so line 5 has none to attach to.
        assert!(msgs[3].starts_with("x.dyad:5: name with no open entry"));
        assert_eq!(set.actors[0].names.len(), 0);
    }

    proptest! {
        #[test]
        fn reader_accounts_for_every_line(text in "[a-z~|.&*()#0-9 \n-]{0,200}") {
            let mut set = DictionarySet::default();
            let r = read_str("p.dyad", &text, &mut set);
            prop_assert_eq!(r.read as usize + r.errors.len(), text.lines().count());
        }
    }
}
