//! Actor mentions in one sentence: dictionary matches composed into compound actors
//! ("Russian Foreign Ministry spokeswoman Maria Zakharova" → `RUSGOV`, "Kosovo police" →
//! `KOSCOP`, "the authorities in Kosovo" → `KOSGOV`, "ethnic Serbs in Kosovo" → `KOSETH`),
//! and the references that the document memory must resolve (pronouns, "the five
//! countries", "the alliance", "the boycotters", a bare "police").
//!
//! Not for: deciding who is source or target (see [`crate::clause`]) or resolving
//! references (see [`crate::memory`]).
use dyad_dict::{Date, Dictionaries, NounRef};

use crate::tokens::{pronoun_kind, PronounKind, Tok};

/// What kind of mention a [`Mention`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MentionKind {
    /// A dictionary actor, possibly with agents and a name: its code is known.
    Named,
    /// Only an agent ("police", "the authorities"): its country comes from the memory.
    AgentOnly,
    /// A pronoun.
    Pronoun(PronounKind),
    /// "the five countries", "both countries": the last group of that many actors.
    Group(usize),
    /// "the alliance": the last alliance mentioned.
    Alliance,
    /// "the boycotters": the source of the last event whose verb this noun is made from.
    Doers(String),
    /// "his country", "its army": the country of the nearest earlier actor.
    PossessiveCountry,
    /// A capitalised name not in the dictionaries, to be checked against remembered
    /// people (a misspelt or short name).
    UnknownName,
}

/// One actor mention: a token range and, once resolved, a CAMEO code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The CAMEO code; empty until resolved.
    pub code: String,
    /// The sector codes its agents add (e.g. `COP`), for agent-only mentions.
    pub agent: String,
    /// What kind of mention it is.
    pub kind: MentionKind,
    /// True when it names a person.
    pub person: bool,
    /// The person's surname (folded), when it names one.
    pub surname: Option<String>,
    /// The dictionary entries or rule that gave the code.
    pub rule: String,
}

impl Mention {
    /// The words of the mention, spaced as written ("Al-Qaeda", "Russia's").
    pub fn text(&self, toks: &[Tok]) -> String {
        let words = toks.get(self.start..self.end).unwrap_or(&[]);
        let mut out = String::new();
        for (k, t) in words.iter().enumerate() {
            if k > 0 && t.start > words[k - 1].end {
                out.push(' ');
            }
            out.push_str(&t.form);
        }
        out
    }
}

/// A dictionary match chosen left to right, longest first.
#[derive(Debug, Clone)]
struct Piece {
    start: usize,
    end: usize,
    actor: Option<(String, String)>,
    agent: Option<String>,
}

/// Words that name an ethnic community when they follow a demonym ("Serb minority").
fn is_community_word(w: &str) -> bool {
    matches!(
        w,
        "minority" | "minorities" | "community" | "communities" | "population" | "populations"
    )
}

/// Words that may stand between an agent and the actor it belongs to ("authorities in
/// Kosovo", "an official of the Russian Foreign Ministry").
fn is_linking(w: &str) -> bool {
    matches!(
        w,
        "in" | "of"
            | "from"
            | "the"
            | "northern"
            | "southern"
            | "eastern"
            | "western"
            | "central"
            | "north"
            | "south"
            | "east"
            | "west"
    )
}

/// Nouns for countries in a plural reference ("the five countries").
fn is_country_noun(w: &str) -> bool {
    matches!(
        w,
        "countries" | "nations" | "states" | "governments" | "powers" | "sides" | "allies"
    )
}

fn number_word(w: &str) -> Option<usize> {
    Some(match w {
        "two" | "both" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return w.parse().ok().filter(|n| (2..=30).contains(n)),
    })
}

/// Finds the actor mentions of a sentence. `date` selects dated codes.
pub fn find_mentions(dict: &Dictionaries, toks: &[Tok], date: Option<Date>) -> Vec<Mention> {
    let folds: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    let pieces = pieces(dict, toks, &folds, date);
    let mut out = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        // Join following pieces into one compound mention.
        let mut j = i;
        while j + 1 < pieces.len() {
            let gap = &folds[pieces[j].end..pieces[j + 1].start];
            let left_has_actor = pieces[i..=j].iter().any(|p| p.actor.is_some());
            let right_has_actor = pieces[j + 1].actor.is_some();
            let join = gap.is_empty()
                || gap == ["'s"]
                || (gap == ["former"] && !right_has_actor)
                || gap == ["'"]
                || (gap.iter().all(|w| is_linking(w) || is_community_word(w))
                    && gap.iter().any(|w| matches!(*w, "in" | "of" | "from"))
                    && right_has_actor
                    && (!left_has_actor || is_ethnic_group(&pieces[i..=j], &folds)));
            if !join {
                break;
            }
            j += 1;
        }
        let start = pieces[i].start;
        let mut end = pieces[j].end;
        // A person's name after a title or actor: capitalised words the dictionaries do
        // not know ("spokeswoman Oana Longescu").
        let mut surname = None;
        while end < toks.len()
            && toks[end].is_capitalised()
            && !toks[end].is_punct()
            && pronoun_kind(&toks[end].fold).is_none()
            && toks[end].fold.len() > 1
            && !is_linking(&toks[end].fold)
            && pieces.get(j + 1).is_none_or(|p| p.start > end)
        {
            surname = Some(toks[end].fold.clone());
            end += 1;
        }
        let group = &pieces[i..=j];
        out.push(compose(
            dict, toks, &folds, group, start, end, surname, date,
        ));
        i = j + 1;
    }
    out.retain(|m| !in_title_or_feature_name(toks, m));
    out.extend(references(toks, &folds, &out));
    out.sort_by_key(|m| m.start);
    out
}

/// True for a name inside the title of a law or treaty, or of a sea, river or other
/// feature of the land ("the Kyoto Protocol", "the Hong Kong Human Rights and Democracy
/// Act", "the Treaty of Lisbon", "the Congo River", "the Gulf of Aden"): no actor there.
fn in_title_or_feature_name(toks: &[Tok], m: &Mention) -> bool {
    let document = |t: &Tok| {
        t.is_capitalised()
            && matches!(
                t.fold.as_str(),
                "river"
                    | "sea"
                    | "ocean"
                    | "gulf"
                    | "lake"
                    | "strait"
                    | "straits"
                    | "canal"
                    | "act"
                    | "protocol"
                    | "agreement"
                    | "agreements"
                    | "accord"
                    | "accords"
                    | "treaty"
                    | "treaties"
                    | "convention"
                    | "conventions"
                    | "declaration"
                    | "charter"
                    | "bill"
                    | "doctrine"
            )
    };
    if m.kind != MentionKind::Named {
        return false;
    }
    // The title ends the name ("Kyoto Protocol") or runs on in capitalised words (and
    // "and", "of") after it; a title word inside a name is part of it ("the Gulf
    // Cooperation Council").
    let mut k = (m.start + 1).max(m.end.saturating_sub(1));
    while k < toks.len() && k < m.end + 8 {
        let t = &toks[k];
        if document(t) {
            return true;
        }
        if k >= m.end && !(t.is_capitalised() || matches!(t.fold.as_str(), "and" | "of" | "on")) {
            break;
        }
        k += 1;
    }
    // "the Treaty of Lisbon", "the Gulf of Aden".
    m.start >= 2 && toks[m.start - 1].fold == "of" && document(&toks[m.start - 2])
}

/// The sentence's folded words as names are matched: a hyphen that joins two words is
/// dropped and a word kept whole with a hyphen is split ("Al-Qaeda", "Guinea-Bissau" →
/// `al qaeda`, `guinea bissau`); with the token each form comes from.
fn hyphen_view<'a>(toks: &[Tok], folds: &[&'a str]) -> (Vec<&'a str>, Vec<usize>) {
    let mut view = Vec::with_capacity(folds.len());
    let mut from = Vec::with_capacity(folds.len());
    for (k, &f) in folds.iter().enumerate() {
        let joining = f == "-"
            && k > 0
            && k + 1 < toks.len()
            && toks[k - 1].end == toks[k].start
            && toks[k].end == toks[k + 1].start;
        if joining {
            continue;
        }
        if f.len() > 1 && f.contains('-') && f.split('-').any(|p| !p.is_empty()) {
            for part in f.split('-').filter(|p| !p.is_empty()) {
                view.push(part);
                from.push(k);
            }
        } else {
            view.push(f);
            from.push(k);
        }
    }
    (view, from)
}

/// A short name written in capitals ("US", "U.S.", "UN", "NATO").
fn abbreviation(form: &str) -> bool {
    form.len() <= 6
        && form.chars().any(char::is_uppercase)
        && form.chars().all(|c| c.is_uppercase() || c == '.')
}

fn pieces(dict: &Dictionaries, toks: &[Tok], folds: &[&str], date: Option<Date>) -> Vec<Piece> {
    let mut ids = Vec::new();
    let mut matches = Vec::new();
    let (view, from) = hyphen_view(toks, folds);
    dict.noun_matches(&view, &mut ids, &mut matches);
    // Back to sentence tokens; a match must begin and end on a whole token, not on a
    // part of one ("russian" in "pro-Russian").
    let whole_start = |v: usize| v == 0 || from[v - 1] != from[v];
    let whole_end = |v: usize| v == view.len() || from[v] != from[v - 1];
    matches.retain(|m| whole_start(m.start) && whole_end(m.end));
    for m in &mut matches {
        m.start = from[m.start];
        m.end = from[m.end - 1] + 1;
    }
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < folds.len() {
        let best = matches
            .iter()
            .filter(|m| m.start == pos && acceptable(toks, m.start, m.end))
            .filter(|m| {
                m.values.iter().any(|v| match v {
                    NounRef::Actor(_) => dict.entry_code(*v, date).is_some(),
                    NounRef::Agent(_) => true,
                })
            })
            .max_by_key(|m| m.end);
        let Some(m) = best else {
            pos += 1;
            continue;
        };
        let actor = m.values.iter().find_map(|v| match v {
            NounRef::Actor(_) => {
                let code = dict.entry_code(*v, date)?;
                let origin = dict.origin(*v).map(|o| o.to_string()).unwrap_or_default();
                Some((code, origin))
            }
            NounRef::Agent(_) => None,
        });
        let agent = m.values.iter().find_map(|v| match v {
            NounRef::Agent(_) => dict.entry_code(*v, date),
            NounRef::Actor(_) => None,
        });
        out.push(Piece {
            start: m.start,
            end: m.end,
            actor,
            agent,
        });
        pos = m.end;
    }
    // "Russian forces", "Israeli forces", "US forces": the dictionaries leave "forces" out
    // (it is also a verb), but after a nationality adjective or an abbreviation it is the
    // military ("Russia forces Ukraine to retreat" keeps the verb).
    let mut k = 0;
    while k < out.len() {
        let p = &out[k];
        let next = p.end;
        let is_forces = folds.get(next) == Some(&"forces")
            && out.get(k + 1).is_none_or(|q| q.start > next)
            && p.actor.is_some()
            && p.end == p.start + 1
            && (nationality_adjective(folds[p.start]) || abbreviation(&toks[p.start].form));
        if is_forces {
            out.insert(
                k + 1,
                Piece {
                    start: next,
                    end: next + 1,
                    actor: None,
                    agent: Some("~MIL".into()),
                },
            );
            k += 1;
        }
        k += 1;
    }
    out
}

/// "former security officials", "Arnor's former defence minister", "former Gondor
/// prosecutors": CAMEO codes people who held an office as elites (`ELI`), not as the
/// office. True when "former" (or "ex") stands before the group's first agent of a state
/// sector and that agent names people, not an institution ("the former Yugoslav army").
fn former_office_holders(group: &[Piece], folds: &[&str], start: usize) -> bool {
    let Some(office) = group
        .iter()
        .find(|p| p.actor.is_none() && p.agent.is_some())
    else {
        return false;
    };
    let sector = office
        .agent
        .as_deref()
        .unwrap_or_default()
        .trim_matches('~');
    let state_sector = ["GOV", "MIL", "COP", "JUD", "LEG", "SPY"]
        .iter()
        .any(|s| sector.starts_with(s));
    let institution = matches!(
        folds[office.end - 1],
        "army"
            | "ministry"
            | "government"
            | "police"
            | "parliament"
            | "court"
            | "cabinet"
            | "regime"
            | "military"
            | "forces"
            | "force"
    );
    state_sector
        && !institution
        && folds[start.saturating_sub(1)..office.start]
            .iter()
            .any(|w| matches!(*w, "former" | "ex"))
}

/// A one-word nationality adjective ("russian", "israeli", "chinese", "british",
/// "french"), not a country's name.
fn nationality_adjective(w: &str) -> bool {
    dyad_dict::import::demonym_plural(&[w.into()]).is_some()
        || ["ese", "ish", "ch"].iter().any(|end| w.ends_with(end))
}

/// Rejects dictionary matches that are ordinary words in this sentence: a one-word
/// lower-case actor name that is a common word, or a match that is only punctuation.
fn acceptable(toks: &[Tok], start: usize, end: usize) -> bool {
    let words = &toks[start..end];
    if words.iter().all(Tok::is_punct) {
        return false;
    }
    // "announced on 17 November": a date, not the Greek group of that name.
    let month = |t: &Tok| dyad_text::MONTH_NAMES.contains(&t.fold.as_str());
    let number = |t: &Tok| t.fold.chars().all(|c| c.is_ascii_digit());
    let date = matches!(words, [a, b] if (number(a) && month(b)) || (month(a) && number(b)));
    let after_preposition = start > 0
        && matches!(
            toks[start - 1].fold.as_str(),
            "on" | "since" | "until" | "by" | "from" | "of" | "in" | "before" | "after" | "to"
        );
    if date && after_preposition {
        return false;
    }
    if words.len() == 1 {
        let w = &words[0];
        // A short word only as an abbreviation: "UN", "EU", "G7", "U.S.".
        let abbreviation = w.form.chars().any(char::is_uppercase)
            && w.form
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.');
        if w.fold.len() <= 2 && !abbreviation {
            return false;
        }
        if matches!(
            w.fold.as_str(),
            "will" | "may" | "said" | "state" | "union" | "party" | "council" | "people"
        ) && !w.is_capitalised()
        {
            return false;
        }
    }
    true
}

/// True when the group is a demonym plus a community word ("Serb minority", "ethnic
/// Serbs"), so that "in Kosovo" after it names the host country.
fn is_ethnic_group(group: &[Piece], folds: &[&str]) -> bool {
    let Some(first) = group.first() else {
        return false;
    };
    let Some(last) = group.last() else {
        return false;
    };
    let before = first.start.checked_sub(1).and_then(|k| folds.get(k));
    let after = folds.get(last.end);
    // "Serbs in Kosovo", "Albanians in Serbia": a people named by its plural demonym;
    // not any plural ("Pakistan Army soldiers in North Waziristan", "the United States
    // in Salt Lake City").
    let demonym_plural = first.actor.is_some() && first.end == first.start + 1 && {
        let w = folds[first.start];
        w.strip_suffix('s').is_some_and(|singular| {
            dyad_dict::import::demonym_plural(&[Box::from(singular)]).is_some()
        })
    };
    before == Some(&"ethnic")
        || after.is_some_and(|w| is_community_word(w))
        || folds[first.start..last.end]
            .iter()
            .any(|w| is_community_word(w))
        || demonym_plural
}

#[allow(clippy::too_many_arguments)]
fn compose(
    dict: &Dictionaries,
    toks: &[Tok],
    folds: &[&str],
    group: &[Piece],
    start: usize,
    end: usize,
    surname: Option<String>,
    date: Option<Date>,
) -> Mention {
    let span = &folds[start..end];
    let has_actor = group.iter().any(|p| p.actor.is_some());
    let former = former_office_holders(group, folds, start);
    let agent: String = if former {
        "ELI".into()
    } else {
        group
            .iter()
            .filter(|p| p.actor.is_none())
            .filter_map(|p| p.agent.as_deref())
            .map(|a| a.trim_matches('~').to_string())
            .collect()
    };
    let mut rule: Vec<String> = group
        .iter()
        .filter_map(|p| p.actor.as_ref().map(|a| a.1.clone()))
        .collect();
    if !has_actor {
        return Mention {
            start,
            end,
            code: String::new(),
            agent,
            kind: MentionKind::AgentOnly,
            person: surname.is_some(),
            surname,
            rule: "agent-only mention".into(),
        };
    }
    let mut code = if former {
        rule.push("rule: former office holders are elites (ELI)".into());
        let actor = group
            .iter()
            .find_map(|p| p.actor.as_ref().map(|a| a.0.as_str()))
            .unwrap_or_default();
        if actor.ends_with("ELI") {
            actor.to_string()
        } else {
            format!("{actor}ELI")
        }
    } else {
        let (words, _) = hyphen_view(&toks[start..end], span);
        dict.lookup_tokens(&words, date)
            .map(|r| r.code)
            .unwrap_or_default()
    };
    // "police in Yerevan": the capital is where the police are, not its government
    // (the capital's metonym code `ARMGOV` would make `ARMGOVCOP`).
    let placed_by_in = group.first().is_some_and(|p| p.actor.is_none())
        && group
            .iter()
            .find(|p| p.actor.is_some())
            .is_some_and(|p| p.start > 0 && folds[p.start - 1] == "in");
    if placed_by_in && code.len() > 3 && !agent.is_empty() {
        code = format!("{}{agent}", crate::memory::country_part(&code));
        rule.push("rule: agent placed in a country's city".into());
    }
    if code.len() == 3
        && span.len() == 2
        && span[1] == "forces"
        && (nationality_adjective(span[0]) || abbreviation(&toks[start].form))
    {
        code.push_str("MIL");
        rule.push("rule: nationality + forces".into());
    }
    // Ethnic communities: "ethnic Serbs in Kosovo", "the Serb minority in northern
    // Kosovo" are Kosovo's Serbs; "the Serb minority" alone is Serbia's ethnic group.
    let before = start.checked_sub(1).and_then(|k| folds.get(k)).copied();
    let after = folds.get(end).copied();
    let community = before == Some("ethnic")
        || after.is_some_and(is_community_word)
        || span.iter().any(|w| is_community_word(w));
    let actors: Vec<&str> = group
        .iter()
        .filter_map(|p| p.actor.as_ref().map(|a| a.0.as_str()))
        .collect();
    if community || is_ethnic_group(group, folds) && actors.len() >= 2 {
        let first = actors.first().copied().unwrap_or("");
        let host = group
            .iter()
            .skip(1)
            .find(|p| {
                p.actor.is_some() && {
                    let k = p.start;
                    k > 0 && matches!(folds[k - 1], "in" | "northern" | "southern" | "the")
                }
            })
            .and_then(|p| p.actor.as_ref().map(|a| a.0.as_str()));
        let country = host.unwrap_or(first);
        if country.len() >= 3 && community {
            code = format!("{}ETH", crate::memory::country_part(country));
            rule.push("rule: ethnic community".into());
        } else if let Some(h) = host {
            if h.len() >= 3 {
                code = format!("{}ETH", crate::memory::country_part(h));
                rule.push("rule: ethnic group in host country".into());
            }
        }
    }
    let last_piece = &group[group.len() - 1];
    let org_word = |w: &str| {
        matches!(
            w,
            "council"
                | "ministry"
                | "force"
                | "forces"
                | "union"
                | "party"
                | "states"
                | "army"
                | "government"
                | "nations"
                | "republic"
                | "kingdom"
                | "police"
                | "agency"
        )
    };
    let n = end - start;
    let person = surname.is_some()
        || (last_piece.actor.is_some()
            && n >= 2
            && toks[end - 2..end].iter().all(Tok::is_capitalised)
            && code.len() > 3
            && !span[n - 2..].iter().any(|w| org_word(w)));
    let surname = surname.or_else(|| person.then(|| span.last().map(|s| s.to_string())).flatten());
    Mention {
        start,
        end,
        code,
        agent,
        kind: MentionKind::Named,
        person,
        surname,
        rule: rule.join(" + "),
    }
}

/// References that are not dictionary matches: pronouns, "the N countries", "the
/// alliance", "the Xers", "his country", and capitalised unknown names.
fn references(toks: &[Tok], folds: &[&str], found: &[Mention]) -> Vec<Mention> {
    let covered = |k: usize| found.iter().any(|m| m.start <= k && k < m.end);
    let mut out = Vec::new();
    let mut k = 0;
    while k < folds.len() {
        if covered(k) {
            k += 1;
            continue;
        }
        let w = folds[k];
        let mk = |start, end, kind, rule: &str| Mention {
            start,
            end,
            code: String::new(),
            agent: String::new(),
            kind,
            person: false,
            surname: None,
            rule: rule.to_string(),
        };
        // "his country('s)", "its army" handled as a possessive country.
        if matches!(w, "his" | "her" | "its" | "their") && folds.get(k + 1) == Some(&"country") {
            out.push(mk(
                k,
                k + 2,
                MentionKind::PossessiveCountry,
                "rule: possessive country",
            ));
            k += 2;
            continue;
        }
        if let Some(p) = pronoun_kind(w) {
            // Possessive determiners do not act ("his decision"), but are kept so that the
            // clause rules can see them; subject pronouns are the useful ones.
            if matches!(
                w,
                "he" | "she" | "it" | "they" | "i" | "we" | "them" | "him"
            ) {
                out.push(mk(k, k + 1, MentionKind::Pronoun(p), "rule: pronoun"));
            }
            k += 1;
            continue;
        }
        if matches!(w, "the" | "both" | "all") {
            let (n, noun_at) = match (w, folds.get(k + 1).and_then(|x| number_word(x))) {
                ("both", _) => (Some(2), k + 1),
                (_, Some(n)) => (Some(n), k + 2),
                _ => (None, k + 1),
            };
            if let Some(noun) = folds.get(noun_at) {
                if let Some(n) = n.filter(|_| is_country_noun(noun)) {
                    out.push(mk(
                        k,
                        noun_at + 1,
                        MentionKind::Group(n),
                        "rule: plural reference",
                    ));
                    k = noun_at + 1;
                    continue;
                }
                if w == "the" && *noun == "alliance" {
                    out.push(mk(k, k + 2, MentionKind::Alliance, "rule: the alliance"));
                    k += 2;
                    continue;
                }
                // "the boycotters", but not "the leaders of Gondor" (Gondor's leaders).
                let of_named = matches!(folds.get(noun_at + 1), Some(&("of" | "from" | "in")))
                    && covered(noun_at + 2);
                if w == "the"
                    && noun.len() > 6
                    && noun.ends_with("ers")
                    && !covered(noun_at)
                    && !of_named
                {
                    let stem = &noun[..noun.len() - 3];
                    out.push(mk(
                        k,
                        noun_at + 1,
                        MentionKind::Doers(stem.to_string()),
                        "rule: agent noun reference",
                    ));
                    k = noun_at + 1;
                    continue;
                }
            }
        }
        // A capitalised unknown word that is not sentence-initial, followed by a speech or
        // action verb, may be a remembered person's (misspelt) surname, also after "Mr"
        // or "Mrs"; not a noun with "of" ("Tens of thousands").
        if toks[k].is_capitalised()
            && toks[k].form.chars().skip(1).all(char::is_lowercase)
            && toks[k].fold.chars().count() >= 2
            && !crate::dates::is_calendar_word(&toks[k].fold)
            && folds.get(k + 1).is_some()
            && !covered(k + 1)
            && !toks[k + 1].is_capitalised()
            && folds[k + 1] != "of"
            && (k > 0 || !dyad_text::SENTENCE_STARTERS.contains(&toks[k].form.as_str()))
            && (k == 0
                || !toks[k - 1].is_capitalised()
                || matches!(folds[k - 1], "mr" | "mrs" | "ms" | "mr." | "mrs." | "ms."))
        {
            out.push(Mention {
                surname: Some(w.to_string()),
                person: true,
                ..mk(k, k + 1, MentionKind::UnknownName, "rule: remembered name")
            });
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::toks_of;

    fn dict() -> std::sync::Arc<Dictionaries> {
        crate::coder::load_dictionaries().expect("embedded dictionaries load")
    }

    fn codes(text: &str) -> Vec<(String, String)> {
        let d = dict();
        let toks = toks_of(text);
        find_mentions(&d, &toks, Date::new(2023, 5, 27))
            .into_iter()
            .map(|m| (m.text(&toks), m.code))
            .collect()
    }

    #[test]
    fn compound_actor_with_agent() {
        let c = codes("Turkish police arrested three men.");
        assert_eq!(c[0], ("Turkish police".to_string(), "TURCOP".to_string()));
    }

    #[test]
    fn nationality_adjective_before_forces_is_the_military() {
        let c = codes("Russian forces and French forces left.");
        assert_eq!(c[0], ("Russian forces".to_string(), "RUSMIL".to_string()));
        assert_eq!(c[1], ("French forces".to_string(), "FRAMIL".to_string()));
        let c = codes("Russia forces Ukraine to retreat.");
        assert_eq!(c[0], ("Russia".to_string(), "RUS".to_string()));
    }

    #[test]
    fn agent_in_a_capital_takes_the_country() {
        let c = codes("Police in Yerevan detained protesters.");
        assert_eq!(c[0].1, "ARMCOP", "{c:?}");
    }

    #[test]
    fn former_office_holders_are_elites() {
        let c = codes("Former Turkish ministers met former police officers.");
        assert_eq!(c[0].1, "TURELI", "{c:?}");
        let d = dict();
        let toks = toks_of("Turkish former ministers spoke.");
        let m = find_mentions(&d, &toks, None);
        assert_eq!(m[0].code, "TURELI", "{m:?}");
        let toks = toks_of("Former ministers spoke.");
        let m = find_mentions(&d, &toks, None);
        assert_eq!(m[0].agent, "ELI", "{m:?}");
        // An institution stays itself; a current office is unchanged.
        let c = codes("The former Yugoslav army and Turkish ministers left.");
        assert!(!c.iter().any(|(_, code)| code.ends_with("ELI")), "{c:?}");
    }

    #[test]
    fn names_inside_a_law_or_treaty_are_no_actors() {
        let c = codes("The Senate passed the Hong Kong Human Rights and Democracy Act.");
        assert!(!c.iter().any(|(_, code)| code.starts_with("HKG")), "{c:?}");
        let c = codes("Canada left the Kyoto Protocol and the Treaty of Lisbon.");
        assert!(
            !c.iter()
                .any(|(_, code)| code.starts_with("JPN") || code.starts_with("PRT")),
            "{c:?}"
        );
        let c = codes("Canada and Japan signed an agreement.");
        assert_eq!(c.len(), 2, "{c:?}");
        let c = codes("Ships crossed the Gulf of Aden and the Congo River.");
        assert!(c.iter().all(|(_, code)| code.is_empty()), "{c:?}");
        let c = codes("Obama met the Gulf Cooperation Council.");
        assert!(c.iter().any(|(_, code)| code.starts_with("IGO")), "{c:?}");
    }

    #[test]
    fn agent_linked_by_in() {
        let c = codes("They urged the authorities in Ukraine to act.");
        assert!(c.iter().any(|(_, code)| code == "UKRGOV"), "{c:?}");
    }

    #[test]
    fn ethnic_group_in_host_country() {
        let c = codes("Ethnic Albanians in Serbia protested on Monday.");
        assert!(c.iter().any(|(_, code)| code.starts_with("SRB")), "{c:?}");
        let c = codes("The Hungarian minority in Romania voted.");
        assert!(c.iter().any(|(_, code)| code == "ROUETH"), "{c:?}");
        let c = codes("Serbs in Kosovo protested.");
        assert!(c.iter().any(|(_, code)| code == "KOSETH"), "{c:?}");
        // Any other plural is no people: soldiers of a state stay its military.
        let c = codes("He met Egyptian Army soldiers in Cairo.");
        assert!(!c.iter().any(|(_, code)| code.ends_with("ETH")), "{c:?}");
    }

    #[test]
    fn name_after_title_is_a_person() {
        let d = dict();
        let toks = toks_of("German Foreign Ministry spokeswoman Petra Neumann said so.");
        let m = find_mentions(&d, &toks, None);
        assert_eq!(m[0].code, "DEUGOV");
        assert!(m[0].person);
        assert_eq!(m[0].surname.as_deref(), Some("neumann"));
    }

    #[test]
    fn plural_references() {
        let d = dict();
        let toks = toks_of("The two countries signed it, and the alliance left.");
        let m = find_mentions(&d, &toks, None);
        assert!(m.iter().any(|m| m.kind == MentionKind::Group(2)));
        assert!(m
            .iter()
            .any(|m| m.kind == MentionKind::Alliance || m.code.starts_with("IGO")));
        let toks = toks_of("Later the stormtroopers left.");
        let m = find_mentions(&d, &toks, None);
        assert!(
            m.iter()
                .any(|m| matches!(&m.kind, MentionKind::Doers(s) if s == "stormtroop")),
            "{m:?}"
        );
    }
}
