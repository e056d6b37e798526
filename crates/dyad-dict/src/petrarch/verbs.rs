//! Reader for the PETRARCH verb dictionary (`CAMEO.2.0.txt`, `PETR.Validate.verbs.txt`).
//!
//! Constructs: synsets (`&CURRENCY` then `+MEMBER` lines; a label or member ending in `_`
//! gets no plural), verb blocks (`--- ACCELERATE [---] ---`), verbs (`SPEED {SPEEDING
//! SPEEDS SPED}`, `+BEEF_UP [174]`, `WIRE_+TAP {...}`), patterns
//! (`- * (TO BORDER) [154] # RUSH`) and transformations (`~ a (a b ATTACK) SAY = a b 015`).
//! Patterns are kept as plain data ([`Pattern`]); interpreting them against a parse is the
//! coder's job.
use std::collections::HashSet;

use super::{split_comment, LineReader};
use crate::error::LineErrorKind;
use crate::model::{
    plural, verb_forms, DictionarySet, Origin, Pattern, PatternItem, PatternToken, Synset,
    Transformation, VerbBlock, VerbCode, VerbEntry,
};
use crate::text::fold;

enum Context {
    None,
    Synset { idx: usize, plurals: bool },
    Block(u32),
}

pub(crate) struct VerbReader {
    context: Context,
    /// Synset labels defined so far in this file (upper case, without `&` and `_`).
    defined: HashSet<String>,
}

impl Default for VerbReader {
    fn default() -> Self {
        VerbReader {
            context: Context::None,
            defined: HashSet::new(),
        }
    }
}

/// Reads a verb code `[...]` at the start of `s`; returns it and the rest.
fn verb_code(s: &str) -> Result<(VerbCode, &str), LineErrorKind> {
    let s = s.trim_start();
    let inner = s.strip_prefix('[').ok_or(LineErrorKind::MissingCode)?;
    let end = inner.find(']').ok_or(LineErrorKind::Unbalanced("[ ]"))?;
    let code = inner[..end].trim();
    if code.is_empty() || !code.chars().all(super::code_char) {
        return Err(LineErrorKind::BadCode(code.chars().take(40).collect()));
    }
    Ok((VerbCode(code.into()), &inner[end + 1..]))
}

/// Splits a synset label: `AUXVERB1_` → (`AUXVERB1`, no plurals).
fn synset_label(s: &str) -> (String, bool) {
    let t = s.trim();
    match t.strip_suffix('_') {
        Some(l) => (l.to_ascii_uppercase(), false),
        None => (t.to_ascii_uppercase(), true),
    }
}

/// Reads words of a verb, synset member or pattern word list: separated by blanks or `_`.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
}

impl VerbReader {
    fn synset_ref(&self, word: &str) -> Result<Box<str>, LineErrorKind> {
        let name = word.trim_start_matches('&').to_ascii_uppercase();
        if self.defined.contains(&name) {
            Ok(name.into())
        } else {
            Err(LineErrorKind::UndefinedSynset(word.into()))
        }
    }

    fn member(&self, text: &str, plurals: bool) -> Result<Vec<Box<[Box<str>]>>, LineErrorKind> {
        let stop = text.trim_end().ends_with('_');
        let mut tokens: Vec<Box<str>> = Vec::new();
        for w in words(text) {
            if w.starts_with('&') {
                tokens.push(format!("&{}", self.synset_ref(w)?).into());
            } else {
                tokens.push(fold(w).into());
            }
        }
        if tokens.is_empty() {
            return Err(LineErrorKind::EmptyPhrase);
        }
        let mut out = vec![tokens.clone().into_boxed_slice()];
        if plurals && !stop {
            if let Some(last) = tokens.last_mut() {
                if !last.starts_with('&') {
                    *last = plural(last).into();
                    out.push(tokens.into());
                }
            }
        }
        Ok(out)
    }

    fn verb(&self, block: u32, text: &str, origin: &Origin) -> Result<VerbEntry, LineErrorKind> {
        let (head_part, rest) = match text.find(['{', '[']) {
            Some(i) => (&text[..i], &text[i..]),
            None => (text, ""),
        };
        let base = verb_words(head_part)?;
        let mut rest = rest.trim_start();
        let mut forms = vec![base.0.clone().into_boxed_slice()];
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner.find('}').ok_or(LineErrorKind::Unbalanced("{ }"))?;
            for f in inner[..close]
                .split([',', ' ', '\t'])
                .filter(|f| !f.is_empty())
            {
                let (tokens, _) = verb_words(f)?;
                forms.push(tokens.into());
            }
            rest = inner[close + 1..].trim_start();
        } else {
            let (tokens, head) = &base;
            for form in verb_forms(&tokens[*head as usize]) {
                let mut t = tokens.clone();
                t[*head as usize] = form.into();
                forms.push(t.into());
            }
        }
        let code = if rest.starts_with('[') {
            let (code, tail) = verb_code(rest)?;
            if !tail.trim().is_empty() {
                return Err(LineErrorKind::Trailing(
                    tail.trim().chars().take(40).collect(),
                ));
            }
            Some(code)
        } else if rest.is_empty() {
            None
        } else {
            return Err(LineErrorKind::Trailing(rest.chars().take(40).collect()));
        };
        Ok(VerbEntry {
            block,
            words: base.0.into(),
            head: base.1,
            forms,
            code,
            origin: origin.clone(),
        })
    }

    fn pattern(
        &self,
        block: u32,
        text: &str,
        comment: &str,
        origin: &Origin,
    ) -> Result<Pattern, LineErrorKind> {
        let open = text.rfind('[').ok_or(LineErrorKind::MissingCode)?;
        let (body, code_part) = text.split_at(open);
        let (code, tail) = verb_code(code_part)?;
        if !tail.trim().is_empty() {
            return Err(LineErrorKind::Trailing(
                tail.trim().chars().take(40).collect(),
            ));
        }
        let mut lexer = Lexer { s: body, pos: 0 };
        let items = self.items(&mut lexer, None)?;
        let star = items
            .iter()
            .position(|t| matches!(t, Lexed::Star(_)))
            .ok_or_else(|| LineErrorKind::BadPattern("no * for the verb".into()))?;
        let mut pre = Vec::new();
        let mut post = Vec::new();
        let mut pre_joined = false;
        let mut post_joined = false;
        let mut after = false;
        let mut join_next = false;
        for (i, t) in items.into_iter().enumerate() {
            match t {
                Lexed::Star(joined) => {
                    if i != star {
                        return Err(LineErrorKind::BadPattern("more than one *".into()));
                    }
                    pre_joined = joined && !pre.is_empty();
                    after = true;
                    join_next = true;
                }
                Lexed::Token(mut tok) => {
                    if after {
                        if post.is_empty() && join_next {
                            post_joined = tok.joined;
                            tok.joined = false;
                        }
                        post.push(tok);
                    } else {
                        pre.push(tok);
                    }
                }
            }
        }
        if let Some(first) = pre.first_mut() {
            first.joined = false;
        }
        Ok(Pattern {
            block,
            pre,
            post,
            pre_joined,
            post_joined,
            code,
            comment: comment.trim().into(),
            origin: origin.clone(),
        })
    }

    /// Reads items up to the closing delimiter `close` (or the end).
    fn items(&self, lx: &mut Lexer<'_>, close: Option<char>) -> Result<Vec<Lexed>, LineErrorKind> {
        let mut out = Vec::new();
        loop {
            let Some((joined, tok)) = lx.next() else {
                return match close {
                    None => Ok(out),
                    Some(_) => Err(LineErrorKind::Unbalanced("( ) or { }")),
                };
            };
            let item = match tok {
                "(" | "{" => {
                    let (end, is_prep) = if tok == "(" {
                        (')', true)
                    } else {
                        ('}', false)
                    };
                    let inner = self.items(lx, Some(end))?;
                    let mut toks = Vec::new();
                    for l in inner {
                        match l {
                            Lexed::Token(t) => toks.push(t),
                            Lexed::Star(_) => {
                                return Err(LineErrorKind::BadPattern("* inside a group".into()))
                            }
                        }
                    }
                    if let Some(first) = toks.first_mut() {
                        first.joined = false;
                    }
                    if is_prep {
                        PatternItem::Prepositional(toks)
                    } else {
                        PatternItem::NounPhrase(toks)
                    }
                }
                ")" | "}" => {
                    let c = tok.chars().next();
                    if close == c {
                        return Ok(out);
                    }
                    return Err(LineErrorKind::Unbalanced("( ) or { }"));
                }
                "*" => {
                    out.push(Lexed::Star(joined));
                    continue;
                }
                "$" => PatternItem::Source,
                "+" => PatternItem::Target,
                "%" => PatternItem::Compound,
                "^" => PatternItem::Skip,
                w if w.starts_with('&') => PatternItem::Synset(self.synset_ref(w)?),
                w => PatternItem::Word(fold(w).into()),
            };
            out.push(Lexed::Token(PatternToken { item, joined }));
        }
    }
}

enum Lexed {
    Star(bool),
    Token(PatternToken),
}

/// Splits pattern text into words and delimiters, noting `_` joins.
struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<(bool, &'a str)> {
        let mut joined = false;
        let bytes = self.s.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'_' => joined = true,
                b' ' | b'\t' => joined = false,
                _ => break,
            }
            self.pos += 1;
        }
        if self.pos >= bytes.len() {
            return None;
        }
        let start = self.pos;
        if matches!(bytes[start], b'(' | b')' | b'{' | b'}' | b'*') {
            self.pos += 1;
            return Some((joined, &self.s[start..self.pos]));
        }
        while self.pos < bytes.len()
            && !matches!(
                bytes[self.pos],
                b'(' | b')' | b'{' | b'}' | b'*' | b'_' | b' ' | b'\t'
            )
        {
            self.pos += 1;
        }
        Some((joined, &self.s[start..self.pos]))
    }
}

/// Reads the words of a verb (`WIRE_+TAP`): folded tokens and the index of the verb word.
fn verb_words(s: &str) -> Result<(Vec<Box<str>>, u32), LineErrorKind> {
    let mut tokens = Vec::new();
    let mut head = None;
    for w in words(s) {
        if let Some(v) = w.strip_prefix('+') {
            if head.is_some() || v.is_empty() {
                return Err(LineErrorKind::BadPattern(format!(
                    "verb {s:?} marks more than one word with +"
                )));
            }
            head = Some(tokens.len() as u32);
            tokens.push(fold(v).into());
        } else {
            tokens.push(fold(w).into());
        }
    }
    if tokens.is_empty() {
        return Err(LineErrorKind::EmptyPhrase);
    }
    Ok((tokens, head.unwrap_or(0)))
}

fn transformation(text: &str, origin: &Origin) -> Result<Transformation, LineErrorKind> {
    let bad = || LineErrorKind::BadTransformation(text.trim().chars().take(60).collect());
    let body = text.trim_start().strip_prefix('~').ok_or_else(bad)?;
    let (lhs, rhs) = body.split_once('=').ok_or_else(bad)?;
    let (source, rest) = lhs.split_once('(').ok_or_else(bad)?;
    let (inner, verb) = rest.split_once(')').ok_or_else(bad)?;
    let inner: Vec<&str> = inner.split_whitespace().collect();
    let out: Vec<&str> = rhs.split_whitespace().collect();
    let (source, verb) = (source.trim(), verb.trim());
    if inner.len() != 3
        || out.len() != 3
        || source.contains(' ')
        || source.is_empty()
        || verb.is_empty()
        || verb.contains(' ')
    {
        return Err(bad());
    }
    Ok(Transformation {
        source: source.into(),
        inner_source: inner[0].into(),
        inner_target: inner[1].into(),
        inner_verb: inner[2].into(),
        verb: verb.into(),
        out_source: out[0].into(),
        out_target: out[1].into(),
        out_code: out[2].into(),
        origin: origin.clone(),
    })
}

impl LineReader for VerbReader {
    fn line(
        &mut self,
        origin: &Origin,
        text: &str,
        set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind> {
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Ok(());
        }
        if let Some(rest) = trimmed.strip_prefix("---") {
            let (content, _) = split_comment(rest);
            let content = content.trim().trim_end_matches('-').trim();
            let (name, code) = match content.find('[') {
                Some(i) => (content[..i].trim(), verb_code(&content[i..])?.0),
                None => (content, VerbCode("---".into())),
            };
            set.verb_blocks.push(VerbBlock {
                name: name.into(),
                code,
                origin: origin.clone(),
            });
            self.context = Context::Block(set.verb_blocks.len() as u32 - 1);
            return Ok(());
        }
        let (content, comment) = split_comment(trimmed);
        let content = content.trim();
        if content.is_empty() {
            return Ok(());
        }
        if let Some(label) = content.strip_prefix('&') {
            let (name, plurals) = synset_label(label);
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(LineErrorKind::BadPattern(format!(
                    "bad synset label {label:?}"
                )));
            }
            set.synsets.push(Synset {
                name: name.clone().into(),
                members: Vec::new(),
                origin: origin.clone(),
            });
            self.defined.insert(name);
            self.context = Context::Synset {
                idx: set.synsets.len() - 1,
                plurals,
            };
            return Ok(());
        }
        if content.starts_with('~') {
            set.transformations.push(transformation(content, origin)?);
            return Ok(());
        }
        match self.context {
            Context::Synset { idx, plurals } => {
                let member = content
                    .strip_prefix('+')
                    .ok_or_else(|| LineErrorKind::Trailing(content.chars().take(40).collect()))?;
                let m = self.member(member, plurals)?;
                set.synsets[idx].members.extend(m);
                Ok(())
            }
            Context::Block(block) => {
                if let Some(p) = content.strip_prefix('-') {
                    let p = self.pattern(block, p, comment, origin)?;
                    set.patterns.push(p);
                } else {
                    let v = self.verb(block, content, origin)?;
                    set.verbs.push(v);
                }
                Ok(())
            }
            Context::None => Err(LineErrorKind::Orphan("verb, pattern or synset member")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::phrase_text;
    use crate::petrarch::{read_str, Kind};

    fn read(text: &str) -> (DictionarySet, crate::petrarch::FileReport) {
        let mut set = DictionarySet::default();
        let r = read_str(Kind::Verbs, "v.verbs.txt", text, &mut set);
        (set, r)
    }

    fn w(s: &str) -> PatternItem {
        PatternItem::Word(s.into())
    }

    #[test]
    fn synsets_with_and_without_plurals() {
        let (set, r) =
            read("&AUXVERB1_\n+WAS\n+IS_TO\n&CURRENCY\n# note\n+MONEY\n+CASH_\n+AUSTRIAN FLORIN\n");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(&*set.synsets[0].name, "AUXVERB1");
        let m: Vec<String> = set.synsets[0]
            .members
            .iter()
            .map(|p| phrase_text(p))
            .collect();
        assert_eq!(m, ["was", "is to"]);
        let m: Vec<String> = set.synsets[1]
            .members
            .iter()
            .map(|p| phrase_text(p))
            .collect();
        assert_eq!(
            m,
            [
                "money",
                "moneys",
                "cash",
                "austrian florin",
                "austrian florins"
            ]
        );
    }

    #[test]
    fn embedded_synset_member() {
        let (set, r) =
            read("&TIETYPES\n+MILITARY\n&ACCORDSYN  # embedded\n+&TIETYPES\n+&UNDEFINED\n");
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].line, 5);
        assert_eq!(&*set.synsets[1].members[0][0], "&TIETYPES");
    }

    #[test]
    fn block_verbs_and_forms() {
        let text = "---  ACCELERATE   [---]  ---\nACCELERATE \nHURRY {HURRIES HURRYING HURRIED }\nASK     [020]\n+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]\nWIRE_+TAP {WIRE_+TAPS WIRE_+TAPPED  WIRE_+TAPPING }\n+BEEF_UP  [174]\n+ANGERED_BY {}\n+IS_DETERMINED {+WAS_DETERMINED , +BE_DETERMINED , +ARE_DETERMINED} [030]\nPUT {PUTS PUTTING }  # HUX 11/26/97\n";
        let (set, r) = read(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(&*set.verb_blocks[0].name, "ACCELERATE");
        assert_eq!(set.verb_blocks[0].code.primary(), None);
        let v = &set.verbs;
        assert_eq!(v[0].forms.len(), 4);
        assert_eq!(phrase_text(&v[0].forms[2]), "accelerated");
        assert_eq!(phrase_text(&v[1].forms[3]), "hurried");
        assert_eq!(v[2].code.as_ref().and_then(|c| c.primary()), Some("020"));
        assert_eq!(
            (phrase_text(&v[3].words).as_str(), v[3].head),
            ("ask for", 0)
        );
        assert_eq!(v[3].forms.len(), 4);
        assert_eq!(
            (phrase_text(&v[4].words).as_str(), v[4].head),
            ("wire tap", 1)
        );
        assert_eq!(phrase_text(&v[5].forms[1]), "beefs up");
        assert_eq!(v[6].forms.len(), 1);
        assert_eq!(v[7].forms.len(), 4);
        assert_eq!(v[8].forms.len(), 3);
    }

    #[test]
    fn patterns_with_groups_and_markers() {
        let text = "&MILITARY\n+ARMY\n--- RUSH [---] ---\nRUSH\n- * (TO)                                              [042:043]     # RUSH\n- * {ARMS SHIPMENT}  [072]  # EXPEDITE\n- &MILITARY *   [154]   # RUSH\n- * (TO {BANNED PARTIES}) $     [1722]        # ADD\n- $ * (AS &MILITARY) (IN TALK) (WITH +)  [045]\n- * TALKS (IN ^) (WITH)  [044:044]\n- % * [030:030]  # pas 14.09.18\n- * (BEFORE COURT)   [:173]   # APPEAR\n";
        let (set, r) = read(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let p = &set.patterns;
        assert_eq!(p.len(), 8);
        assert_eq!(p[0].code.primary(), Some("042"));
        assert_eq!(p[0].code.secondary(), Some("043"));
        assert_eq!(
            p[0].post[0].item,
            PatternItem::Prepositional(vec![PatternToken {
                item: w("to"),
                joined: false
            }])
        );
        assert!(matches!(&p[1].post[0].item, PatternItem::NounPhrase(t) if t.len() == 2));
        assert_eq!(p[2].pre[0].item, PatternItem::Synset("MILITARY".into()));
        assert_eq!(p[3].post[1].item, PatternItem::Source);
        assert_eq!(p[4].pre[0].item, PatternItem::Source);
        assert!(
            matches!(&p[4].post[2].item, PatternItem::Prepositional(t) if t[1].item == PatternItem::Target)
        );
        assert!(
            matches!(&p[5].post[1].item, PatternItem::Prepositional(t) if t[1].item == PatternItem::Skip)
        );
        assert_eq!(p[6].pre[0].item, PatternItem::Compound);
        assert_eq!(p[7].code.primary(), None);
        assert_eq!(p[7].code.secondary(), Some("173"));
        assert_eq!(&*p[7].comment, "APPEAR");
    }

    #[test]
    fn joined_pattern_words() {
        let text = "&GENINT\n+GENEVA\n--- ACCORD  [---] ---\nACCORD\n- SO IN_AND_*_OUT_AGAIN NOW [074]\n- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]  #\n";
        let (set, r) = read(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let p = &set.patterns[0];
        assert!(p.pre_joined && p.post_joined);
        assert_eq!(p.pre.len(), 3);
        assert!(p.pre[2].joined && !p.pre[1].joined);
        assert_eq!(p.post.len(), 3);
        assert!(set.patterns[1].post[1].joined);
    }

    #[test]
    fn validation_suite_codes() {
        let (set, r) = read("--- BLAST  [+++]  ---\nBLAST\n- * DIPLXMATIC  [###]  # -PAS 95.12.18\n--- REPORT  [025?] ---\n");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(&*set.patterns[0].code.0, "###");
        assert_eq!(&*set.verb_blocks[1].code.0, "025?");
    }

    #[test]
    fn transformations() {
        let (set, r) = read("~ a (a b ATTACK) SAY = a b 015\n~ a (b . ATTACK ) WANT = a b 021\n#~ a (a b WILL_ATTACK) SAY = a b 138\n~ a (a b) SAY = a b\n");
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].line, 4);
        let t = &set.transformations[1];
        assert_eq!(
            (&*t.inner_target, &*t.verb, &*t.out_code),
            (".", "WANT", "021")
        );
    }

    #[test]
    fn malformed_verb_lines() {
        let text = "ORPHAN\n--- X [01] ---\nX\n- * TALKS\n- * (TO [042]\n- * &NOPE [042]\n- TALKS [010]\n- * TALKS [042]\n";
        let (set, r) = read(text);
        let lines: Vec<u32> = r.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 4, 5, 6, 7]);
        assert_eq!(set.patterns.len(), 1);
        assert!(r.errors[3].to_string().contains("undefined synset &NOPE"));
    }
}
