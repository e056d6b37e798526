//! The coder: documents in, events out. Built once ([`Coder::new`]), shared across
//! threads; [`Coder::code_document`] codes one document, [`Coder::code_batch`] many in
//! parallel with the output in input order.
//!
//! Sentences with no actor mention or no candidate verb are skipped before any further
//! analysis. Not for: reading files or writing output formats (the CLI does that).
use std::sync::Arc;

use dyad_codebook::Codebook;
use dyad_dict::{Date, Dictionaries};
use dyad_docs::Document;
use dyad_event::{Actor, Event, Evidence, Plover};
use dyad_geo::Gazetteer;
use dyad_syntax::pipeline::Pipeline;
use dyad_text::SentenceKind;
use rayon::prelude::*;

use crate::clause::{self, Subject};
use crate::dates::{self, Day};
use crate::memory::{Memory, Remembered};
use crate::mentions::{find_mentions, Mention, MentionKind};
use crate::roles::{is_reporting, is_sending, Role, Roles, Tree};
use crate::tokens::{is_determiner_or_preposition, pronoun_kind, PronounKind, Tok};
use crate::verbs::{best_pattern, can_code, default_code, find_verbs};
use crate::{CodeError, CODER_VERBS, MAX_DOCUMENT_BYTES};

/// Loads the embedded dictionaries plus the coder's own verb entries.
pub fn load_dictionaries() -> Result<Arc<Dictionaries>, CodeError> {
    static SHARED: std::sync::OnceLock<Arc<Dictionaries>> = std::sync::OnceLock::new();
    if let Some(d) = SHARED.get() {
        return Ok(d.clone());
    }
    let texts = dyad_dict::dict::EMBEDDED
        .iter()
        .copied()
        .chain(std::iter::once(CODER_VERBS));
    let (d, reports) = Dictionaries::from_texts(texts);
    if let Some(r) = reports.iter().find(|r| !r.errors.is_empty()) {
        if r.file.contains("30-coder") {
            return Err(CodeError::Dictionaries(format!(
                "{}: {:?}",
                r.file,
                r.errors.first()
            )));
        }
    }
    Ok(SHARED.get_or_init(|| Arc::new(d)).clone())
}

/// Options of a coder.
#[derive(Debug, Clone, Default)]
pub struct CoderOptions {
    /// Keep the per-sentence traces (for `--explain`).
    pub explain: bool,
}

/// What the coder saw in one sentence, for `--explain`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SentenceTrace {
    /// Index of the sentence in its document.
    pub sentence: u32,
    /// A CoNLL-U-like table: token, form, folded form, and the coder's reading (actor
    /// code, verb lemma).
    pub table: String,
}

/// Sentence counts of one coded document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocStats {
    /// Sentences (all kinds).
    pub sentences: usize,
    /// Sentences with an actor mention and a candidate verb: the only ones analysed
    /// further.
    pub analysed: usize,
}

/// The event coder. `Send + Sync`; build once and share.
pub struct Coder {
    dict: Arc<Dictionaries>,
    codebook: &'static Codebook,
    gazetteer: &'static Gazetteer,
    syntax: &'static Pipeline,
    options: CoderOptions,
}

/// The result of coding one document: its events and (with `explain`) sentence traces.
pub type Coded = Result<(Vec<Event>, Vec<SentenceTrace>), CodeError>;

/// One resolved mention: its index and the actors it stands for.
type Resolved = Vec<Vec<Remembered>>;

impl Coder {
    /// Builds a coder over the embedded dictionaries, codebook and gazetteer.
    pub fn new(options: CoderOptions) -> Result<Coder, CodeError> {
        Coder::with_dictionaries(load_dictionaries()?, options)
    }

    /// Builds a coder over given dictionaries (e.g. a user's `--dict DIR`, or PETRARCH's
    /// validation dictionaries), with the embedded codebook, gazetteer and syntax models.
    pub fn with_dictionaries(
        dict: Arc<Dictionaries>,
        options: CoderOptions,
    ) -> Result<Coder, CodeError> {
        Ok(Coder {
            dict,
            codebook: Codebook::embedded(),
            gazetteer: Gazetteer::embedded(),
            syntax: Pipeline::embedded().map_err(|e| CodeError::Models(e.to_string()))?,
            options,
        })
    }

    /// Codes many documents in parallel; results come back in input order.
    pub fn code_batch(&self, docs: &[Document]) -> Vec<Coded> {
        docs.par_iter()
            .map(|d| self.code_document_traced(d))
            .collect()
    }

    /// Codes one document.
    pub fn code_document(&self, doc: &Document) -> Result<Vec<Event>, CodeError> {
        self.code_document_traced(doc).map(|(e, _)| e)
    }

    /// Codes one document, with the sentence traces when the coder was built to explain.
    pub fn code_document_traced(
        &self,
        doc: &Document,
    ) -> Result<(Vec<Event>, Vec<SentenceTrace>), CodeError> {
        self.code_document_stats(doc).map(|(e, t, _)| (e, t))
    }

    /// Codes one document and counts its sentences: all of them, and those that held an
    /// actor and a verb and so went on to source/target analysis.
    pub fn code_document_stats(
        &self,
        doc: &Document,
    ) -> Result<(Vec<Event>, Vec<SentenceTrace>, DocStats), CodeError> {
        let mut stats = DocStats::default();
        let text = doc.text.as_str();
        if text.trim().is_empty() {
            return Err(CodeError::EmptyText {
                doc_id: doc.id.clone(),
            });
        }
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(CodeError::TooLarge {
                doc_id: doc.id.clone(),
                bytes: text.len(),
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        let day = match doc.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            Some(d) => Some(Day::parse_iso(d).ok_or_else(|| CodeError::BadDate {
                doc_id: doc.id.clone(),
                date: d.to_string(),
            })?),
            None => dates::dateline(text),
        };
        check_english(&doc.id, text)?;
        let dict_date = day.and_then(|d| Date::new(d.year as u16, d.month as u8, d.day as u8));
        let mut memory = Memory::new();
        let mut events = Vec::new();
        let mut traces = Vec::new();
        let mut hints: Vec<String> = Vec::new();
        // A document that is only a headline-like line ("Italy condemns Libya's move",
        // one sentence without a final stop) is coded; otherwise headlines are section
        // titles or repeat the lead.
        let headlines_only = !dyad_text::sentence_iter(text).any(|s| s.kind == SentenceKind::Prose);
        for (si, s) in dyad_text::sentence_iter(text).enumerate() {
            stats.sentences += 1;
            let codable = s.kind == SentenceKind::Prose
                || (headlines_only && s.kind == SentenceKind::Headline);
            if !codable {
                continue;
            }
            memory.next_sentence();
            let toks: Vec<Tok> = s
                .tokens
                .iter()
                .map(|t| Tok::new(&t.form, t.start, t.end))
                .collect();
            // Discard phrases (sports, entertainment…): a sentence discard skips the
            // sentence, a story discard the whole document.
            match self.discarded(&toks) {
                Some(true) => return Ok((Vec::new(), Vec::new(), stats)),
                Some(false) => continue,
                None => {}
            }
            let mentions = find_mentions(&self.dict, &toks, dict_date);
            let resolved = self.resolve(&mentions, &toks, &memory);
            for r in resolved.iter().flatten() {
                let c = r.code.get(..3).unwrap_or("").to_string();
                if !c.is_empty() && !hints.contains(&c) && hints.len() < 16 {
                    hints.push(c);
                }
            }
            let has_actor = resolved.iter().any(|r| !r.is_empty());
            let verbs = if has_actor {
                find_verbs(&self.dict, &toks)
            } else {
                Vec::new()
            };
            if verbs.iter().any(|v| can_code(&self.dict, v)) {
                stats.analysed += 1;
                let forms: Vec<&str> = toks.iter().map(|t| t.form.as_str()).collect();
                let tree = Tree::from_sentence(&self.syntax.annotate(&forms));
                let ctx = SentenceCtx {
                    doc,
                    tree: &tree,
                    si: si as u32,
                    sentence_span: [s.start, s.end],
                    text: text.get(s.start..s.end).unwrap_or(""),
                    toks: &toks,
                    day,
                    hints: &hints,
                };
                let mut notes = Vec::new();
                let found = self.sentence_events(
                    &ctx,
                    (&mentions, &resolved),
                    &verbs,
                    &mut memory,
                    &mut notes,
                );
                if self.options.explain {
                    let mut t = trace(si as u32, &ctx, &mentions, &resolved, &verbs);
                    for n in notes {
                        t.table.push_str(&n);
                        t.table.push('\n');
                    }
                    traces.push(t);
                }
                events.extend(found);
            }
            for (m, r) in mentions.iter().zip(&resolved) {
                if r.len() == 1 {
                    let mut m2 = m.clone();
                    m2.code = r[0].code.clone();
                    if m.kind != MentionKind::Named {
                        m2.person = r[0].person;
                        m2.surname = r[0].surname.clone();
                        if m2.agent.is_empty() {
                            m2.agent = r[0].agent.clone();
                        }
                    }
                    memory.remember(&m2, &m.text(&toks));
                }
            }
        }
        Ok((events, traces, stats))
    }

    /// `Some(true)`: a story discard phrase; `Some(false)`: a sentence discard phrase.
    fn discarded(&self, toks: &[Tok]) -> Option<bool> {
        let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
        let found = self.dict.discards().find_all(&folds);
        let mut sentence = false;
        for m in &found {
            for &i in m.values {
                match self.dict.set().discards.get(i as usize) {
                    Some(d) if d.story => return Some(true),
                    Some(_) => sentence = true,
                    None => {}
                }
            }
        }
        sentence.then_some(false)
    }

    fn resolve(&self, mentions: &[Mention], toks: &[Tok], memory: &Memory) -> Resolved {
        let mut out: Resolved = Vec::with_capacity(mentions.len());
        let speaker = quote_speaker(toks, mentions, memory);
        for m in mentions {
            let before: Vec<Remembered> = out.iter().flatten().cloned().collect();
            let possessor = match m.kind {
                MentionKind::AgentOnly => possessor_of(m, toks, mentions, &out),
                _ => None,
            };
            // Where the quotation opens that "it" or "they" stands in, if it does.
            let quote_open = matches!(
                m.kind,
                MentionKind::Pronoun(PronounKind::Thing | PronounKind::Plural)
            )
            .then(|| quotation_start(toks, m.start))
            .flatten();
            let r = match &m.kind {
                // "Ithilen's awful and evil minister Calimehtar": the title's country in
                // the text outranks the dictionary's older office for the name.
                MentionKind::Named if titled_name(m, toks) => {
                    match possessor_of(m, toks, mentions, &out) {
                        Some(c) if Some(c.as_str()) != m.code.get(..3) => vec![Remembered {
                            code: crate::memory::compose_agent(&c, &m.agent),
                            text: m.text(toks),
                            person: true,
                            surname: m.surname.clone(),
                            agent: m.agent.clone(),
                        }],
                        _ => named_codes(m, toks),
                    }
                }
                MentionKind::Named => named_codes(m, toks),
                MentionKind::Pronoun(PronounKind::Person)
                    if unknown_person_before(m, toks, mentions, &out) =>
                {
                    Vec::new()
                }
                MentionKind::Pronoun(PronounKind::Thing)
                    if unknown_speaker_it(m, toks, mentions, &out) =>
                {
                    Vec::new()
                }
                MentionKind::Pronoun(PronounKind::Speaker) => speaker.clone().into_iter().collect(),
                // Inside a quotation, "it" and "they" stand for what the speaker named
                // there, not for the actors of the report around it ("Either they need to
                // grow up …").
                MentionKind::Pronoun(PronounKind::Thing | PronounKind::Plural)
                    if quote_open.is_some() =>
                {
                    let quoted: Vec<Remembered> = mentions
                        .iter()
                        .zip(&out)
                        .filter(|(o, _)| quote_open.is_some_and(|open| o.start > open))
                        .flat_map(|(_, r)| r.iter().cloned())
                        .collect();
                    Memory::new().resolve(m, &quoted)
                }
                // "his country's army", "Serbia's police": the possessor's country.
                MentionKind::AgentOnly if possessor.is_some() => {
                    possessor.iter().map(|c| placed_agent(c, m, toks)).collect()
                }
                _ => {
                    let r = memory.resolve(m, &before);
                    let last = toks
                        .get(m.end.saturating_sub(1))
                        .map_or("", |t| t.fold.as_str());
                    let r = if r.is_empty()
                        && m.kind == MentionKind::AgentOnly
                        && last.len() > 6
                        && last.ends_with("ers")
                    {
                        // "the boycotters": the source of the last boycott.
                        let doers = Mention {
                            kind: MentionKind::Doers(last[..last.len() - 3].to_string()),
                            ..m.clone()
                        };
                        memory.resolve(&doers, &before)
                    } else {
                        r
                    };
                    if r.is_empty() && m.kind == MentionKind::AgentOnly {
                        same_sentence_country(toks, m, mentions)
                            .iter()
                            .map(|c| placed_agent(c, m, toks))
                            .collect()
                    } else {
                        r
                    }
                }
            };
            out.push(r);
        }
        distribute_agents(toks, mentions, &mut out);
        out
    }

    /// The events of one sentence; with `explain`, a line per verb on what became of it
    /// goes to `notes`.
    fn sentence_events(
        &self,
        ctx: &SentenceCtx<'_>,
        (mentions, resolved): (&[Mention], &Resolved),
        verbs: &[crate::verbs::VerbHit<'_>],
        memory: &mut Memory,
        notes: &mut Vec<String>,
    ) -> Vec<Event> {
        let explain = self.options.explain;
        let codes_of = |ix: &[usize]| -> Vec<String> {
            ix.iter()
                .flat_map(|&i| resolved[i].iter().map(|r| r.code.clone()))
                .collect()
        };
        let folds: Vec<&str> = ctx.toks.iter().map(|t| t.fold.as_str()).collect();
        let date = ctx.day.map(|d| dates::sentence_date(d, &folds).to_string());
        let mut out = Vec::new();
        let mut last_subject: Vec<usize> = Vec::new();
        let resolvable: Vec<bool> = mentions
            .iter()
            .zip(resolved)
            .map(|(m, r)| !r.is_empty() || matches!(m.kind, MentionKind::Pronoun(_)))
            .collect();
        let roles = Roles::new(ctx.tree, mentions, &resolvable, ctx.toks);
        // Verb forms used as verbs: not inside a mention ("the Organization of …
        // Cooperation") and read as a verb by the tagger and parser.
        let verbs: Vec<crate::verbs::VerbHit<'_>> = verbs
            .iter()
            .filter(|v| {
                let vw = roles.verb_word(v.start, v.end);
                let inside = mentions
                    .iter()
                    .any(|m| m.start <= v.start && v.start < m.end);
                let keep = !inside && roles.verb_like(vw);
                if !keep && explain {
                    notes.push(format!(
                        "{}: tagged {}, not a verb here",
                        v.lemma,
                        ctx.tree.upos(vw)
                    ));
                }
                keep
            })
            .cloned()
            .collect();
        let verbs = verbs.as_slice();
        for (v, found_verb) in verbs.iter().enumerate() {
            let vw = roles.verb_word(found_verb.start, found_verb.end);
            if ctx.tree.intended(vw) {
                if explain {
                    notes.push(format!(
                        "{}: an act that has not happened (intended, possible, conditional or asked about), not an event",
                        found_verb.lemma
                    ));
                }
                continue;
            }
            let mut verb = found_verb.clone();
            verb.passive |= ctx.tree.passive(vw);
            verb.negated |= ctx.tree.negated(vw);
            // "Abbas said such attacks were against …" (`REPORT * attack`): who reports
            // an attack is not its attacker, so a reporting verb's pattern of violence
            // (roots 18–20) is not used; nor a pattern whose words belong to another
            // verb's clause ("entered the market to arrange repurchase agreements").
            // "claimed the attack" is the claimant's own act.
            let reporter = is_reporting(&verb.lemma) && verb.lemma != "claim";
            let pattern = best_pattern(&self.dict, &verb, ctx.toks, mentions, |p| {
                let violent = p
                    .code
                    .as_deref()
                    .is_some_and(|c| matches!(c.get(..2), Some("18" | "19" | "20")));
                !(violent && reporter) && ctx.tree.within_clause(vw, &p.literals)
            });
            if let Some(p) = &pattern {
                // "&NEGATVAUXVRB * OVER EFFORTS": the pattern's code already says
                // what the negated verb means.
                if (p.pre_from..verb.start).any(|k| crate::tokens::is_negation(folds[k])) {
                    verb.negated = false;
                }
            }
            let verb = &verb;
            let (code, reverse, rule) = match &pattern {
                Some(p) => (
                    p.code.clone(),
                    p.reverse.clone(),
                    format!("{} [{}]", p.rule, p.pattern),
                ),
                None => {
                    let (code, reverse) = default_code(&self.dict, verb);
                    (code, reverse, format!("verb {}", verb.entry.origin))
                }
            };
            let mut how: Vec<&str> = Vec::new();
            let subj = match roles.subject(vw) {
                Role::Actors(a) => {
                    how.push("subject from parse");
                    a
                }
                Role::NotActor => Vec::new(),
                Role::Unfilled => {
                    how.push("subject from surface");
                    match clause::subject(ctx.toks, mentions, verbs, v) {
                        Subject::Mentions(m) => m,
                        Subject::SharedWithPrevious => last_subject.clone(),
                        Subject::None => Vec::new(),
                    }
                }
            };
            if !subj.is_empty() {
                last_subject = subj.clone();
                let group: Vec<Remembered> =
                    subj.iter().flat_map(|&i| resolved[i].clone()).collect();
                if group.len() >= 2 && group.iter().all(|r| r.code.len() == 3) {
                    memory.remember_group(group);
                }
            }
            let Some(code) = code else {
                if explain {
                    notes.push(format!(
                        "verb {}: {rule}: the pattern codes no event",
                        verb.lemma
                    ));
                }
                continue;
            };
            // "MPs associated with Hamas", "people coming to Britain": a participle that
            // describes a noun is no event, except a conflict act seen as it happens
            // ("protesters throwing stones", roots 14–20).
            // "Blair called him a giant": calling someone something is no call.
            if verb.lemma == "call" && pattern.is_none() && ctx.tree.names_as(vw) {
                if explain {
                    notes.push(format!(
                        "verb {} ({code}): names its object, not an event",
                        verb.lemma
                    ));
                }
                continue;
            }
            if ctx.tree.describes(vw) && !contentious(&code) {
                if explain {
                    notes.push(format!(
                        "verb {} ({code}): a participle describing a noun, not an event",
                        verb.lemma
                    ));
                }
                continue;
            }
            // The actors a pattern places itself with `$` and `+` ("fired from $ toward +").
            let pattern_source = pattern.as_ref().and_then(|p| p.source);
            let pattern_target = pattern.as_ref().and_then(|p| p.target);
            let (sources, targets) = if verb.passive {
                let mut agent = match roles.agent(vw) {
                    Role::Actors(a) => a,
                    Role::NotActor => Vec::new(),
                    Role::Unfilled => clause::passive_agent(ctx.toks, mentions, verb),
                };
                // "rockets were fired from Gaza toward Israel" (`* (from $) (toward +)`):
                // with no "by", the pattern names who acted.
                let mut agent_from_pattern = false;
                if let (true, Some(s)) = (agent.is_empty(), pattern_source) {
                    how.push("source from pattern");
                    agent = clause::coordinated(&folds, mentions, s, false);
                    agent_from_pattern = true;
                }
                if agent.is_empty() {
                    if explain {
                        notes.push(format!(
                            "verb {} ({code}): passive with no agent actor",
                            verb.lemma
                        ));
                    }
                    continue;
                }
                let patient = match (pattern_target, roles.patient(vw)) {
                    (Some(t), _) if agent_from_pattern => {
                        clause::coordinated(&folds, mentions, t, false)
                    }
                    (_, Role::Actors(a)) => a,
                    (_, Role::NotActor) => Vec::new(),
                    (_, Role::Unfilled) => clause::passive_patient(ctx.toks, mentions, verbs, v),
                };
                how.push("passive");
                (agent, patient)
            } else {
                let targets = match pattern_target {
                    Some(t) => {
                        how.push("target from pattern");
                        clause::coordinated(&folds, mentions, t, false)
                    }
                    None => match if code.starts_with("01") {
                        roles.statement_object(vw, (verb.start, verb.end))
                    } else {
                        roles.object(vw, (verb.start, verb.end))
                    } {
                        Role::Actors(a) => {
                            how.push("object from parse");
                            a
                        }
                        // No actor object: a verb that acts on a clause ("allowed that
                        // Mordor isn't …") targets the clause's subject; statements don't.
                        object => match (object, code.starts_with("01")) {
                            (Role::NotActor, true) => Vec::new(),
                            (object, statement) => {
                                let clause_subject = if statement {
                                    Role::Unfilled
                                } else {
                                    roles.complement_subject(vw)
                                };
                                match (clause_subject, object) {
                                    (Role::Actors(a), _) => {
                                        how.push("target: subject of the complement clause");
                                        a
                                    }
                                    (Role::NotActor, _) | (_, Role::NotActor) => Vec::new(),
                                    // "X said (that) it …": the clause is what was said;
                                    // and a statement is made to someone the parse
                                    // names, never to the next name along ("…, an AMC
                                    // spokesman said in Milwaukee").
                                    _ if statement || roles.has_clausal_complement(vw) => {
                                        Vec::new()
                                    }
                                    _ => {
                                        how.push("object from surface");
                                        let from = pattern
                                            .as_ref()
                                            .map_or(verb.end, |p| p.consumed_to.max(verb.end));
                                        let o = clause::object(ctx.toks, mentions, verbs, v, from);
                                        if o.is_empty() && from != verb.end {
                                            clause::object(ctx.toks, mentions, verbs, v, verb.end)
                                        } else {
                                            o
                                        }
                                    }
                                }
                            }
                        },
                    },
                };
                // "sent troops to Libya" (`* &MILITARY`): what a verb of giving or
                // sending moves, when it is only the pattern's word or a bare agent the
                // pattern names ("military personnel"), is not its target; whom it goes
                // to is.
                let literal = |i: &usize| {
                    let m = &mentions[*i];
                    pattern.as_ref().is_some_and(|p| {
                        let matched = |k: usize| p.literals.iter().any(|&(a, b)| a <= k && k < b);
                        (m.start..m.end)
                            .all(|k| is_determiner_or_preposition(folds[k]) || matched(k))
                            || (m.kind == MentionKind::AgentOnly && (m.start..m.end).any(matched))
                    })
                };
                let targets = if pattern_target.is_none()
                    && is_transfer(&verb.lemma)
                    && targets.iter().any(literal)
                {
                    let rest: Vec<usize> =
                        targets.iter().copied().filter(|i| !literal(i)).collect();
                    let moved_end = targets
                        .iter()
                        .filter(|i| literal(i))
                        .map(|&i| mentions[i].end)
                        .max();
                    let from = pattern
                        .as_ref()
                        .map(|p| p.consumed_to.max(moved_end.unwrap_or(0)));
                    match from {
                        Some(f) if rest.is_empty() && folds.get(f) == Some(&"to") => {
                            how.push("object after the pattern's words");
                            clause::object(ctx.toks, mentions, verbs, v, f)
                        }
                        _ => rest,
                    }
                } else {
                    targets
                };
                match pattern_source {
                    // "trade from $ to +": the pattern names the source after the verb.
                    Some(s) => {
                        how.push("source from pattern");
                        (clause::coordinated(&folds, mentions, s, false), targets)
                    }
                    None => (subj, targets),
                }
            };
            let rule = format!("{rule}; roles: {}", how.join(", "));
            if explain {
                notes.push(format!(
                    "verb {} ({code}): sources {:?}, targets {:?}; {rule}",
                    verb.lemma,
                    codes_of(&sources),
                    codes_of(&targets)
                ));
            }
            let src: Vec<(Remembered, &Mention)> = sources
                .iter()
                .flat_map(|&i| resolved[i].iter().map(move |r| (r.clone(), &mentions[i])))
                .collect();
            if src.is_empty() {
                continue;
            }
            let src_codes: Vec<String> = src.iter().map(|(r, _)| r.code.clone()).collect();
            let mut tgt: Vec<(Remembered, &Mention)> = Vec::new();
            for &i in &targets {
                let m = &mentions[i];
                if matches!(m.kind, MentionKind::Pronoun(_)) {
                    let before: Vec<Remembered> = resolved[..i].iter().flatten().cloned().collect();
                    if let Some(r) = memory.resolve_other(m, &before, &src_codes) {
                        tgt.push((r, m));
                    }
                } else {
                    tgt.extend(resolved[i].iter().map(|r| (r.clone(), m)));
                }
            }
            let mutual = reciprocal(&code)
                || mutual_verb(&verb.lemma)
                || (code.starts_with("04") && at_a_gathering(ctx.toks, verb));
            // Beyond four parties ("attended by representatives from Brazil, Mexico,
            // Guatemala, …") a multilateral act is not a set of dyads.
            // The agents of a passive act on each other only in a meeting or an accord
            // ("the meeting was attended by France and Germany"), not in support or aid
            // given together ("a project financed by the African Development Bank, Norway
            // and Denmark").
            let joint_in_passive = ["03", "04", "057", "0871"]
                .iter()
                .any(|p| code.starts_with(p));
            if tgt.is_empty()
                && (!verb.passive || joint_in_passive)
                && (2..=MAX_MUTUAL_PARTIES).contains(&src.len())
                && (mutual || roles.object_is_theirs(vw))
            {
                // "Uganda and Kenya signed a trade agreement": each acts toward the others.
                for (s, sm) in &src {
                    memory.remember_event(&verb.lemma, s.clone());
                    for (t, tm) in src.iter().filter(|(t, _)| t.code != s.code) {
                        let target = (t.clone(), *tm);
                        out.push(self.event(
                            ctx,
                            &code,
                            &rule,
                            verb,
                            (s, sm),
                            Some(&target),
                            date.clone(),
                        ));
                    }
                }
                continue;
            }
            if tgt.is_empty() && !monadic(&code) {
                // Most CAMEO events need someone acted upon; protests and force posture
                // can stand alone.
                for (s, _) in &src {
                    memory.remember_event(&verb.lemma, s.clone());
                }
                continue;
            }
            for (s, sm) in &src {
                memory.remember_event(&verb.lemma, s.clone());
                let pairs: Vec<Option<&(Remembered, &Mention)>> = if tgt.is_empty() {
                    vec![None]
                } else {
                    tgt.iter().map(Some).collect()
                };
                for t in pairs {
                    if let Some((t, tm)) = t {
                        // "the minister criticised Somalia": a bare agent placed by the
                        // very state it acts on is a guess that made it act on itself. (An
                        // attack or protest there, roots 14–20, is kept: "a suicide bomber
                        // attacks a market in Sheikh Zuweid, Egypt".)
                        let self_placed = sm.kind == MentionKind::AgentOnly
                            && !contentious(&code)
                            && tm.kind == MentionKind::Named
                            && t.code.len() == 3
                            && s.code.starts_with(&t.code);
                        if t.code == s.code || self_placed || visit_at_home(&code, &s.code, &t.code)
                        {
                            continue;
                        }
                    }
                    out.push(self.event(ctx, &code, &rule, verb, (s, sm), t, date.clone()));
                    if let (Some(reverse), Some((t, tm))) = (&reverse, t) {
                        // A code pair (`032:033`): the target's side of the same event
                        // ("left for X" is a visit to X and X hosting it).
                        let rule = format!("{rule}; target's side of {code}:{reverse}");
                        let visitor = (s.clone(), *sm);
                        out.push(self.event(
                            ctx,
                            reverse,
                            &rule,
                            verb,
                            (t, tm),
                            Some(&visitor),
                            date.clone(),
                        ));
                    }
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        ctx: &SentenceCtx<'_>,
        code: &str,
        rule: &str,
        verb: &crate::verbs::VerbHit<'_>,
        source: (&Remembered, &Mention),
        target: Option<&(Remembered, &Mention)>,
        date: Option<String>,
    ) -> Event {
        // "Chileans protested": the people of a country, not its state.
        let people = source.1.end > source.1.start
            && ctx.toks[source.1.end - 1]
                .fold
                .strip_suffix('s')
                .is_some_and(|stem| dyad_dict::import::demonym_plural(&[stem.into()]).is_some());
        let official = (!people)
            .then(|| official_complaint(code, &source.0.code, &verb.lemma))
            .flatten();
        let (code, rule) = match official {
            Some(c) => (
                c,
                format!("{rule}; a state's protest is an official complaint"),
            ),
            None => (code, rule.to_string()),
        };
        let rule = rule.as_str();
        let actor = |r: &Remembered, m: &Mention| {
            let mut a = Actor::from_code(&r.code, &m.text(ctx.toks));
            let (s, e) = (
                ctx.toks[m.start].start,
                ctx.toks[m.end.saturating_sub(1).max(m.start)].end,
            );
            a.span = Some([s, e]);
            a
        };
        let info = self
            .codebook
            .event(code)
            .or_else(|| code.get(..3).and_then(|c| self.codebook.event(c)))
            .or_else(|| code.get(..2).and_then(|c| self.codebook.event(c)));
        let plover = self
            .codebook
            .plover(code)
            .map(|p| Plover {
                event_type: p.event_type.clone(),
                mode: p.mode.clone(),
                context: p.context.clone(),
            })
            .unwrap_or_default();
        let forms: Vec<&str> = ctx.toks[verb.start..verb.end]
            .iter()
            .map(|t| t.form.as_str())
            .collect();
        let verb_span = [ctx.toks[verb.start].start, ctx.toks[verb.end - 1].end];
        let surface: Vec<&str> = ctx.toks.iter().map(|t| t.form.as_str()).collect();
        let hints: Vec<&str> = ctx.hints.iter().map(String::as_str).collect();
        let location = self
            .gazetteer
            .find_places(&surface, &hints)
            .first()
            .map(|p| p.place.to_location());
        Event {
            doc_id: ctx.doc.id.clone(),
            sentence: ctx.si,
            date,
            source: actor(source.0, source.1),
            target: target.map(|(r, m)| actor(r, m)),
            cameo: code.to_string(),
            cameo_name: info.map(|i| i.name.clone()).unwrap_or_default(),
            root: dyad_codebook::cameo::root_of(code).to_string(),
            quad_class: info.map_or(0, |i| i.quad_class),
            goldstein: info.map_or(0.0, |i| i.goldstein),
            plover,
            location,
            negated: verb.negated,
            evidence: Evidence {
                text: ctx.text.to_string(),
                verb: forms.join(" "),
                rule: format!("{rule}; source: {}", source.1.rule),
                sentence_span: Some(ctx.sentence_span),
                verb_span: Some(verb_span),
            },
        }
    }
}

/// "The Philippines protested China's actions": a state that protests complains
/// officially (114); demonstrations (14) are what people in the street do.
fn official_complaint(code: &str, source: &str, lemma: &str) -> Option<&'static str> {
    if !code.starts_with("14") || lemma != "protest" {
        return None;
    }
    let sector = source.get(3..).unwrap_or("");
    let state = !source.starts_with("NGO")
        && (sector.is_empty()
            || ["GOV", "MIL", "LEG", "JUD", "SPY"]
                .iter()
                .any(|s| sector.starts_with(s)));
    state.then_some("114")
}

/// For a bare agent the document has not placed yet ("Colombian police dispersed the
/// protesters"): the country of the nearest named state actor in the same sentence,
/// except one that names whose embassy it is ("demonstrators outside the U.S. embassy",
/// "bombers attacked the U.S. and Israeli embassies": an embassy stands abroad), what a
/// matter is about ("the Iraq war") or where someone travels ("a visit to Japan").
fn same_sentence_country(toks: &[Tok], m: &Mention, mentions: &[Mention]) -> Option<String> {
    if m.agent.is_empty() {
        return None;
    }
    let named: Vec<&Mention> = mentions
        .iter()
        .filter(|o| o.kind == MentionKind::Named && o.code.len() >= 3)
        .collect();
    // Right to left, so that "the U.S. and Israeli embassies" marks both.
    let embassy = |w: &str| matches!(w, "embassy" | "embassies" | "consulate" | "consulates");
    let mut embassy_of = vec![false; named.len()];
    for k in (0..named.len()).rev() {
        let end = named[k].end;
        if toks[named[k].start..end].iter().any(|t| embassy(&t.fold)) {
            embassy_of[k] = true;
            continue;
        }
        embassy_of[k] = match toks.get(end).map(|t| t.fold.as_str()) {
            Some("'s") => toks.get(end + 1).is_some_and(|t| embassy(&t.fold)),
            Some(w) if embassy(w) => true,
            Some("and" | ",") => named
                .get(k + 1)
                .is_some_and(|n| n.start == end + 1 && embassy_of[k + 1]),
            _ => false,
        };
    }
    // "the legality of the Iraq war", "the Kosovo crisis": a name that only says what a
    // matter is about places no one.
    let topic_word = |t: &Tok| {
        matches!(
            t.form.as_str(),
            "war"
                | "wars"
                | "invasion"
                | "occupation"
                | "conflict"
                | "crisis"
                | "inquiry"
                | "policy"
                | "deal"
                | "dossier"
                | "debate"
                | "question"
                | "issue"
                | "affair"
                | "scandal"
                | "row"
                | "dispute"
                | "intervention"
                | "referendum"
        )
    };
    // … or after one and "of" ("the invasion of Iraq"; "a scandal in Egypt" says where),
    // or where someone travels ("on his return from a visit to Japan").
    let travel = |t: &Tok| {
        matches!(
            t.fold.as_str(),
            "visit" | "visits" | "trip" | "tour" | "return" | "journey" | "flight" | "mission"
        )
    };
    let topic = |o: &Mention| {
        let before = |n: usize| o.start.checked_sub(n).map(|k| &toks[k]);
        toks.get(o.end).is_some_and(topic_word)
            || (before(1).is_some_and(|t| t.fold == "of") && before(2).is_some_and(topic_word))
            || (before(1).is_some_and(|t| matches!(t.fold.as_str(), "to" | "from"))
                && before(2).is_some_and(travel))
    };
    named
        .iter()
        .zip(&embassy_of)
        .filter(|(o, e)| {
            !**e && !topic(o) && !o.code.starts_with("IGO") && !o.code.starts_with("NGO")
        })
        .min_by_key(|(o, _)| o.start.abs_diff(m.start))
        .map(|(o, _)| crate::memory::country_part(&o.code).to_string())
}

/// "Mr Chirac denied it - he is going to …": a person the dictionaries do not know, named
/// with a title of address after the last known person of the sentence, is whom "he" or
/// "she" stands for, so the pronoun names no actor.
fn unknown_person_before(
    m: &Mention,
    toks: &[Tok],
    mentions: &[Mention],
    resolved: &Resolved,
) -> bool {
    // A mention that resolved to an actor: a known person ("Mr Blair" after "Tony Blair").
    let known = |k: usize| {
        mentions
            .iter()
            .zip(resolved)
            .any(|(o, r)| o.start <= k && k < o.end && !r.is_empty())
    };
    let from = mentions
        .iter()
        .zip(resolved)
        .filter(|(o, r)| o.end <= m.start && r.iter().any(|x| x.person))
        .map(|(o, _)| o.end)
        .max()
        .unwrap_or(0);
    (from..m.start.saturating_sub(1)).any(|k| {
        matches!(
            toks[k].fold.as_str(),
            "mr" | "mrs" | "ms" | "mr." | "mrs." | "ms."
        ) && toks[k + 1].is_capitalised()
            && !known(k + 1)
    })
}

/// "BMC said it has entered a joint venture with Italy", "The company says it will …": "it"
/// right after a reporting verb whose subject is no known actor stands for that subject,
/// not for the last state named.
fn unknown_speaker_it(
    m: &Mention,
    toks: &[Tok],
    mentions: &[Mention],
    resolved: &Resolved,
) -> bool {
    if toks[m.start].fold != "it" {
        return false;
    }
    let mut k = m.start;
    if k > 0 && toks[k - 1].fold == "that" {
        k -= 1;
    }
    let reporting = k >= 2
        && matches!(
            toks[k - 1].fold.as_str(),
            "said" | "says" | "announced" | "announces" | "added" | "reported" | "stated"
        );
    if !reporting {
        return false;
    }
    let subject = &toks[k - 2];
    let known = mentions
        .iter()
        .zip(resolved)
        .any(|(o, r)| o.start <= k - 2 && k - 2 < o.end && !r.is_empty());
    let word = subject.form.chars().any(char::is_alphanumeric);
    word && !known && pronoun_kind(&subject.fold).is_none()
}

/// The country code of the mention that possesses `m` ("Serbia 's police", "Ithilen 's
/// awful and evil minister"): up to four lower-case modifiers may stand between.
fn possessor_of(
    m: &Mention,
    toks: &[Tok],
    mentions: &[Mention],
    resolved: &Resolved,
) -> Option<String> {
    let mut k = m.start;
    while k > 0 && m.start - k < 4 && is_modifier(&toks[k - 1]) {
        k -= 1;
    }
    if k < 2 || toks[k - 1].fold != "'s" {
        return None;
    }
    let i = mentions.iter().position(|p| p.end == k - 1)?;
    let r = resolved.get(i)?.first()?;
    r.code.get(..3).map(str::to_string)
}

/// A bare agent ("police") placed in a country: `SRB` and "police" → `SRBCOP`.
fn placed_agent(country: &str, m: &Mention, toks: &[Tok]) -> Remembered {
    Remembered {
        code: crate::memory::compose_agent(country, &m.agent),
        text: m.text(toks),
        person: false,
        surname: None,
        agent: m.agent.clone(),
    }
}

/// The actors a named mention's own code gives; PETRARCH writes several actors of one
/// name as `FRO/BIL/SAM`.
fn named_codes(m: &Mention, toks: &[Tok]) -> Vec<Remembered> {
    m.code
        .split('/')
        .filter(|c| c.len() >= 3 && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
        .map(|c| Remembered {
            code: c.to_string(),
            text: m.text(toks),
            person: m.person,
            surname: m.surname.clone(),
            agent: m.agent.clone(),
        })
        .collect()
}

/// True for a title followed by a name the dictionaries code ("minister Calimehtar").
fn titled_name(m: &Mention, toks: &[Tok]) -> bool {
    !m.agent.is_empty()
        && m.code.len() > 3
        && m.end > m.start + 1
        && toks[m.end - 1].is_capitalised()
}

/// A word that may stand between a possessor and its noun: a lower-case content word
/// ("awful", "longtime") or "and" / a comma joining two of them.
fn is_modifier(t: &Tok) -> bool {
    let w = t.fold.as_str();
    if w == "and" || w == "," {
        return true;
    }
    t.form.chars().next().is_some_and(char::is_lowercase)
        && w.chars().all(|c| c.is_alphabetic() || c == '-')
        && !matches!(
            w,
            "the"
                | "a"
                | "an"
                | "of"
                | "in"
                | "on"
                | "at"
                | "for"
                | "to"
                | "by"
                | "with"
                | "from"
                | "that"
                | "who"
                | "which"
                | "said"
                | "says"
                | "is"
                | "was"
                | "are"
                | "were"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "not"
        )
}

struct SentenceCtx<'a> {
    doc: &'a Document,
    si: u32,
    sentence_span: [usize; 2],
    text: &'a str,
    toks: &'a [Tok],
    tree: &'a Tree,
    day: Option<Day>,
    hints: &'a [String],
}

/// The speaker of a quotation in this sentence (`"…," Corti said.`): the actor named
/// right after the closing quote mark before a speech verb.
fn quote_speaker(toks: &[Tok], mentions: &[Mention], memory: &Memory) -> Option<Remembered> {
    let q = toks.iter().rposition(|t| t.form == "\"")?;
    let m = mentions.iter().find(|m| m.start > q && m.start <= q + 2)?;
    let next = toks.get(m.end)?.fold.as_str();
    if !matches!(
        next,
        "said" | "says" | "added" | "told" | "stressed" | "wrote"
    ) {
        return None;
    }
    if m.code.len() >= 3 {
        return Some(Remembered {
            code: m.code.clone(),
            text: m.text(toks),
            person: m.person,
            surname: m.surname.clone(),
            agent: m.agent.clone(),
        });
    }
    memory.resolve(m, &[]).into_iter().next()
}

/// The position of the quotation mark that opens the quotation word `pos` stands in, if
/// it stands in one (an odd number of straight quotes before it in the sentence).
fn quotation_start(toks: &[Tok], pos: usize) -> Option<usize> {
    let quotes: Vec<usize> = (0..pos.min(toks.len()))
        .filter(|&k| toks[k].form == "\"")
        .collect();
    (quotes.len() % 2 == 1).then(|| quotes[quotes.len() - 1])
}

/// Codes whose act is mutual, so that coordinated actors with no object do it to each
/// other: intent to cooperate, meet or settle (030–032, 036, 037), consult, phone, meet
/// or negotiate (040, 041, 044, 046), diplomatic cooperation and agreements (050, 057),
/// material cooperation (06), a truce (0871). Not visits, praise, aid, mediation or
/// concessions ("Russia and Bulgaria refused to attend" is no visit to each other);
/// any code is mutual when the object is "their" own ("delayed their meeting").
fn reciprocal(code: &str) -> bool {
    code == "0871"
        || matches!(
            code.get(..3),
            Some(
                "030"
                    | "031"
                    | "032"
                    | "036"
                    | "037"
                    | "040"
                    | "041"
                    | "044"
                    | "046"
                    | "050"
                    | "057"
                    | "060"
                    | "061"
                    | "062"
                    | "063"
                    | "064"
            )
        )
}

/// "France and Germany attended the summit", "the meeting was attended by France and
/// Germany": those who attend one gathering meet each other. True when the verb's object
/// (before a passive verb, its subject) is a meeting, summit, conference or talks.
fn at_a_gathering(toks: &[Tok], verb: &crate::verbs::VerbHit<'_>) -> bool {
    let window = if verb.passive {
        verb.start.saturating_sub(4)..verb.start
    } else {
        verb.end..(verb.end + 4).min(toks.len())
    };
    toks[window].iter().any(|t| {
        matches!(
            t.fold.as_str(),
            "meeting" | "meetings" | "summit" | "summits" | "conference" | "talks"
        )
    })
}

/// The most coordinated actors that act on each other ("Uganda and Kenya signed").
const MAX_MUTUAL_PARTIES: usize = 4;

/// Protests, force posture, coercion and violence (roots 14–20): acts seen as they
/// happen, which the rules against descriptions and guessed places let stand.
fn contentious(code: &str) -> bool {
    code.get(..2).is_some_and(|root| root >= "14")
}

/// A visit (042, 043) by an actor of a country to a place in that same country ("Putin
/// visited Chechnya") is travel at home, not a visit to someone.
fn visit_at_home(code: &str, source: &str, target: &str) -> bool {
    matches!(code, "042" | "043") && target.len() == 3 && source.get(..3) == Some(target)
}

/// Verbs of sending and giving, whose object is what moves ("sent troops").
fn is_transfer(lemma: &str) -> bool {
    is_sending(lemma)
        || matches!(
            lemma,
            "offer" | "provide" | "ship" | "supply" | "give" | "deliver" | "transfer"
        )
}

/// Verbs that coordinated subjects with no object do to each other ("protesters and
/// police clashed", "the two armies fought").
fn mutual_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "clash" | "fight" | "battle" | "skirmish" | "scuffle" | "brawl"
    )
}

/// True for event codes that need no target: protests (14) and force posture (15).
fn monadic(code: &str) -> bool {
    matches!(code.get(..2), Some("14" | "15"))
}

/// A plural agent with coordinated countries belongs to each of them: "the Arnor, Gondor
/// and Osgiliath governments" are three governments, and so are "lawmakers in Fornost
/// and Gondor" and "the ambassadors of Arnor, Osgiliath and Gondor".
fn distribute_agents(toks: &[Tok], mentions: &[Mention], resolved: &mut Resolved) {
    let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    for i in 0..mentions.len() {
        let m = &mentions[i];
        let agent_first = m.kind == MentionKind::Named
            && !m.agent.is_empty()
            && folds[m.start..m.end]
                .iter()
                .any(|w| matches!(*w, "in" | "of" | "from"))
            && folds[m.start].ends_with('s');
        if agent_first {
            let group = clause::coordinated(&folds, mentions, i, false);
            let mut countries = vec![crate::memory::country_part(&m.code).to_string()];
            for &j in group.iter().filter(|&&j| j != i) {
                if mentions[j].kind != MentionKind::Named || !mentions[j].agent.is_empty() {
                    continue;
                }
                for r in resolved[j].iter_mut() {
                    if r.code.len() == 3 {
                        countries.push(r.code.clone());
                        r.code = crate::memory::compose_agent(&r.code, &m.agent);
                    }
                }
            }
            // "Lawmakers and officials in Fornost and Gondor": the place applies to the
            // agents listed before it as well.
            let left = clause::coordinated(&folds, mentions, i, true);
            for &j in left.iter().filter(|&&j| j != i) {
                if mentions[j].kind != MentionKind::AgentOnly || mentions[j].agent.is_empty() {
                    continue;
                }
                resolved[j] = countries
                    .iter()
                    .map(|c| placed_agent(c, &mentions[j], toks))
                    .collect();
            }
            continue;
        }
        let last = folds.get(m.end.wrapping_sub(1)).copied().unwrap_or("");
        if m.kind != MentionKind::Named || m.agent.is_empty() || !last.ends_with('s') {
            continue;
        }
        let group = clause::coordinated(&folds, mentions, i, true);
        for &j in group.iter().filter(|&&j| j != i) {
            if mentions[j].kind != MentionKind::Named {
                continue;
            }
            for r in resolved[j].iter_mut() {
                if r.code.len() == 3 {
                    r.code = crate::memory::compose_agent(&r.code, &m.agent);
                }
            }
        }
    }
}

fn trace(
    si: u32,
    ctx: &SentenceCtx<'_>,
    mentions: &[Mention],
    resolved: &Resolved,
    verbs: &[crate::verbs::VerbHit<'_>],
) -> SentenceTrace {
    let mut table = String::new();
    for (k, t) in ctx.toks.iter().enumerate() {
        let actor = mentions
            .iter()
            .zip(resolved)
            .find(|(m, _)| m.start <= k && k < m.end)
            .map(|(m, r)| {
                let codes: Vec<&str> = r.iter().map(|x| x.code.as_str()).collect();
                format!("actor={}|rule={}", codes.join(","), m.rule)
            });
        let verb = verbs.iter().find(|v| v.start <= k && k < v.end).map(|v| {
            format!(
                "verb={}|entry={}{}{}",
                v.lemma,
                v.entry.origin,
                if v.passive { "|passive" } else { "" },
                if v.negated { "|negated" } else { "" }
            )
        });
        let misc = [actor, verb]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("|");
        table.push_str(&format!(
            "{}\t{}\t{}\t{}\t_\t_\t{}\t{}\t_\t{}\n",
            k + 1,
            t.form,
            t.fold,
            ctx.tree.upos(k),
            ctx.tree.head(k).map_or(0, |h| h + 1),
            ctx.tree.rel(k),
            if misc.is_empty() {
                "_".to_string()
            } else {
                misc
            }
        ));
    }
    SentenceTrace {
        sentence: si,
        table,
    }
}

/// Rejects text that is not English: mostly non-Latin letters, or more function words of
/// other languages than of English.
fn check_english(doc_id: &str, text: &str) -> Result<(), CodeError> {
    let sample: String = text.chars().take(20_000).collect();
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    let latin = sample.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if letters >= 50 && latin * 2 < letters {
        return Err(CodeError::NotEnglish {
            doc_id: doc_id.into(),
            reason: "mostly non-Latin letters".into(),
        });
    }
    let words: Vec<String> = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() >= 12 {
        let common = words
            .iter()
            .filter(|w| {
                matches!(
                    w.as_str(),
                    "the"
                        | "of"
                        | "and"
                        | "to"
                        | "in"
                        | "a"
                        | "is"
                        | "that"
                        | "for"
                        | "on"
                        | "with"
                        | "was"
                        | "said"
                        | "by"
                        | "it"
                        | "as"
                        | "from"
                        | "at"
                        | "has"
                )
            })
            .count();
        // Function words of the languages most often met in news feeds besides English.
        let foreign = words
            .iter()
            .filter(|w| {
                matches!(
                    w.as_str(),
                    "der"
                        | "die"
                        | "und"
                        | "das"
                        | "ist"
                        | "nicht"
                        | "mit"
                        | "sich"
                        | "dem"
                        | "den"
                        | "ein"
                        | "eine"
                        | "le"
                        | "les"
                        | "et"
                        | "des"
                        | "est"
                        | "une"
                        | "dans"
                        | "pour"
                        | "qui"
                        | "el"
                        | "los"
                        | "las"
                        | "y"
                        | "por"
                        | "con"
                        | "una"
                        | "del"
                        | "il"
                        | "di"
                        | "che"
                        | "per"
                        | "non"
                        | "och"
                        | "att"
                        | "ne"
                        | "na"
                        | "je"
                        | "da"
                        | "se"
                        | "za"
                        | "og"
                        | "af"
                        | "het"
                        | "een"
                        | "van"
                        | "niet"
                        | "um"
                        | "uma"
                        | "para"
                        | "ja"
                        | "ei"
                        | "ve"
                        | "bir"
                )
            })
            .count();
        // Tables of figures have few English function words but are not another language.
        if foreign >= 3 && foreign > common {
            return Err(CodeError::NotEnglish {
                doc_id: doc_id.into(),
                reason: format!(
                    "{common} common English and {foreign} other function words in {}",
                    words.len()
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document {
            id: "t".into(),
            date: Some("2023-05-27".into()),
            text: text.into(),
            ..Document::default()
        }
    }

    #[test]
    fn quotation_start_finds_the_open_quote() {
        let toks = crate::tokens::toks_of("\"They will pay,\" Russia said, \"and so will they.\"");
        let they = |n: usize| {
            toks.iter()
                .enumerate()
                .filter(|(_, t)| t.fold == "they")
                .nth(n)
                .map(|(k, _)| k)
                .unwrap()
        };
        assert_eq!(quotation_start(&toks, they(0)), Some(0));
        let russia = toks.iter().position(|t| t.form == "Russia").unwrap();
        assert_eq!(quotation_start(&toks, russia), None);
        assert!(quotation_start(&toks, they(1)).is_some_and(|q| q > russia));
    }

    #[test]
    fn statements_are_aimed_only_at_whom_the_parse_names() {
        let c = Coder::new(CoderOptions::default()).expect("coder");
        let statements = |text: &str| -> Vec<(String, String)> {
            c.code_document(&doc(text))
                .expect("codes")
                .into_iter()
                .filter(|e| e.root.starts_with("01"))
                .map(|e| (e.source.code, e.target.map(|t| t.code).unwrap_or_default()))
                .collect()
        };
        // The place a statement was made from or in is no addressee (Reuters).
        assert!(statements(
            "Negotiations ended Saturday after United Auto Workers negotiators voted to \
             reject the concessions, an AMC spokesman said by telephone from Milwaukee."
        )
        .is_empty());
        assert!(statements(
            "In a speech in Uganda, the Kenyan president said the economy was growing."
        )
        .is_empty());
        assert_eq!(
            statements("The Kenyan president told Ugandan officials that the economy grew."),
            [("KENGOV".to_string(), "UGA".to_string())]
        );
    }

    fn triples(text: &str) -> Vec<(String, String, String)> {
        let c = Coder::new(CoderOptions::default()).expect("coder");
        c.code_document(&doc(text))
            .expect("codes")
            .into_iter()
            .filter(|e| !e.root.starts_with("01"))
            .map(|e| {
                (
                    e.source.code,
                    e.cameo,
                    e.target.map(|t| t.code).unwrap_or_default(),
                )
            })
            .collect()
    }

    #[test]
    fn a_state_protest_is_an_official_complaint() {
        assert_eq!(official_complaint("141", "PHL", "protest"), Some("114"));
        assert_eq!(official_complaint("140", "JPNGOV", "protest"), Some("114"));
        assert_eq!(official_complaint("141", "PHLOPP", "protest"), None);
        assert_eq!(official_complaint("141", "NGOHRI", "protest"), None);
        assert_eq!(official_complaint("141", "PHL", "march"), None);
        assert_eq!(official_complaint("111", "PHL", "protest"), None);
    }

    #[test]
    fn coordinated_sources_give_one_event_each() {
        let t = triples("Spain and Portugal condemned Morocco on Tuesday.");
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t
            .iter()
            .all(|(_, c, tg)| c == "111" && tg.starts_with("MAR")));
    }

    #[test]
    fn what_was_said_is_no_target_of_the_saying() {
        // "said it would …": no statement event aimed at whoever "it" might be.
        let t = triples("Brazil said it would open an embassy in Angola.");
        assert!(t.iter().all(|(_, c, _)| !c.starts_with("01")), "{t:?}");
        // A verb that acts on a clause does take the clause's subject.
        let t = triples("Japan welcomed that China would release the fishermen.");
        assert!(
            t.iter()
                .any(|(s, _, tg)| s == "JPN" && tg.starts_with("CHN")),
            "{t:?}"
        );
    }

    #[test]
    fn title_keeps_code_and_misspelling() {
        let t = triples(
            "Greek Prime Minister Nikos Andreou met reporters. \"We call on everyone to stay calm,\" Andrew said. Andreou blamed Turkey.",
        );
        assert!(
            t.iter()
                .any(|(s, c, tg)| s == "GRCGOV" && c == "112" && tg.starts_with("TUR")),
            "{t:?}"
        );
    }

    #[test]
    fn discard_phrases_skip_story() {
        assert!(triples("Spain condemned Italy after the Champions League final.").is_empty());
        assert!(!triples("Spain condemned Italy after the final.").is_empty());
    }

    #[test]
    fn bad_inputs_are_errors() {
        let c = Coder::new(CoderOptions::default()).expect("coder");
        assert!(matches!(
            c.code_document(&doc("  ")),
            Err(CodeError::EmptyText { .. })
        ));
        let mut d = doc("Serbia condemned Kosovo.");
        d.date = Some("27/05/2023x".into());
        assert!(matches!(
            c.code_document(&d),
            Err(CodeError::BadDate { .. })
        ));
        let german = "Die Regierung hat am Freitag erklärt, dass sie die Gespräche mit den Nachbarn fortsetzen wird und keine neuen Maßnahmen plant. Der Minister sagte, man werde die Lage genau beobachten und weitere Schritte prüfen, bevor eine Entscheidung fällt über die Zukunft des Landes.";
        assert!(matches!(
            c.code_document(&doc(german)),
            Err(CodeError::NotEnglish { .. })
        ));
    }
}

#[cfg(test)]
mod prop_tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Any text, any date string: an error or events, never a panic; events point
        /// inside the text.
        #[test]
        fn any_input_codes_without_panic(
            text in "(\\PC|[\"'.,;-]|Serbia|France|condemned|police|he|the| ){0,80}",
            date in "(2023-05-27|[0-9-]{0,12}|)",
        ) {
            let coder = Coder::new(CoderOptions { explain: true }).expect("coder");
            let doc = Document { id: "p".into(), date: Some(date), text: text.clone(), ..Document::default() };
            if let Ok(events) = coder.code_document(&doc) {
                for e in events {
                    if let Some([s, t]) = e.evidence.sentence_span {
                        prop_assert!(s <= t && t <= text.len());
                    }
                }
            }
        }
    }
}
