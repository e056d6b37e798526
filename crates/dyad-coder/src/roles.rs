//! Source and target from the dependency parse: who is the subject, object, passive agent
//! or patient of a verb, read off the Universal Dependencies tree that `dyad-syntax`
//! predicts for the sentence.
//!
//! - subject: the verb's `nsubj`; else, up the tree, the subject a coordinated verb
//!   (`conj`), a subject-control infinitive (`xcomp`: "vowed to wage war") or a purpose
//!   clause (`advcl` with "to") shares; the noun a participle or relative clause modifies
//!   ("police firing tear gas", "Serbs who boycotted"); a relative pronoun stands for
//!   that noun. An object-control infinitive ("urged X to ease") has no subject of its
//!   own: what X was asked to do is not something X did.
//! - object: the verb's `obj`/`iobj`, else an `obl` with a preposition that marks whom an
//!   action is aimed at ("fired at", "clashed with"); when the object is not an actor, an
//!   actor that it is about ("condemned Pristina's steps", "the attack on KFOR").
//! - passive: the agent is the `obl:agent` ("by X"), the patient the `nsubj:pass` or the
//!   noun a reduced passive modifies ("elections boycotted by Serbs").
//! - every actor brings the actors coordinated with it (`conj`): "the United States,
//!   France, Italy, Germany and Britain condemned" has five subjects.
//!
//! The answer distinguishes "the parse names a role and it is not an actor" (no event
//! from that role) from "the parse names no such role" (the caller may fall back on
//! [`crate::clause`]'s surface rules, which is how a parse error is survived).
//!
//! Not for: parsing (that is `dyad-syntax`) or resolving what a mention refers to (see
//! [`crate::memory`]).
use dyad_syntax::conllu::Sentence;

use crate::mentions::{Mention, MentionKind};
use crate::tokens::Tok;

/// A sentence's dependency tree in the coder's token indices.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    head: Vec<Option<usize>>,
    rel: Vec<String>,
    upos: Vec<String>,
    xpos: Vec<String>,
    lemma: Vec<String>,
    children: Vec<Vec<usize>>,
}

impl Tree {
    /// The tree of a parsed sentence whose words are the coder's tokens, in order.
    pub fn from_sentence(s: &Sentence) -> Tree {
        let n = s.words.len();
        let head: Vec<Option<usize>> = s
            .words
            .iter()
            .map(|w| (w.head as usize).checked_sub(1).filter(|&h| h < n))
            .collect();
        let mut children = vec![Vec::new(); n];
        for (i, h) in head.iter().enumerate() {
            if let Some(h) = *h {
                children[h].push(i);
            }
        }
        Tree {
            head,
            rel: s.words.iter().map(|w| w.deprel.clone()).collect(),
            upos: s.words.iter().map(|w| w.upos.clone()).collect(),
            xpos: s.words.iter().map(|w| w.xpos.clone()).collect(),
            lemma: s.words.iter().map(|w| w.lemma.to_lowercase()).collect(),
            children,
        }
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.head.len()
    }

    /// True for a tree of no words.
    pub fn is_empty(&self) -> bool {
        self.head.is_empty()
    }

    /// The head of word `i` (`None` for the root).
    pub fn head(&self, i: usize) -> Option<usize> {
        self.head.get(i).copied().flatten()
    }

    /// The relation of word `i` to its head, with any subtype (`nsubj:pass`).
    pub fn rel(&self, i: usize) -> &str {
        self.rel.get(i).map_or("", String::as_str)
    }

    /// The universal part of the relation (`nsubj` for `nsubj:pass`).
    pub fn base_rel(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split(':').next().unwrap_or(r)
    }

    /// The universal part-of-speech tag of word `i`.
    pub fn upos(&self, i: usize) -> &str {
        self.upos.get(i).map_or("", String::as_str)
    }

    fn children(&self, i: usize) -> &[usize] {
        self.children.get(i).map_or(&[], Vec::as_slice)
    }

    fn child_with(&self, i: usize, rel: &str) -> Option<usize> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| self.rel(c) == rel)
    }

    /// The preposition (`case` dependent) of a nominal, folded.
    fn case_of(&self, i: usize) -> Option<&str> {
        self.children(i)
            .iter()
            .find(|&&c| self.base_rel(c) == "case" && self.upos(c) == "ADP")
            .map(|&c| self.lemma[c].as_str())
    }

    /// True when word `i` has an infinitive marker "to" ("… to disperse them").
    pub fn to_infinitive(&self, i: usize) -> bool {
        self.children(i)
            .iter()
            .any(|&c| self.rel(c) == "mark" && self.lemma[c] == "to")
    }

    /// True when word `i` names an act that has not happened: an infinitive of intent
    /// ("wanted to prevent", "plans to attack", "efforts to stop"; the verb of intent is
    /// the event, with its own code), after an adjective of possibility ("ready to
    /// send"), asked about ("whether to arrest"), under "if" or "unless", or only possible
    /// in a main clause ("could attack").
    pub fn intended(&self, i: usize) -> bool {
        // "efforts to stop the parade", "a plan to attack", "a bid to oust": an
        // infinitive that modifies a noun of aim names an aim, not an act ("tear gas to
        // disperse them" is often parsed the same way and is an act).
        let aim = |h: usize| is_aim_noun(&self.lemma[h]);
        let aimed = |v: usize| {
            self.rel(v) == "acl" && self.to_infinitive(v) && self.head(v).is_some_and(aim)
        };
        // "the power to suspend or bar him": the second verb shares the aim.
        if aimed(i) || (self.rel(i) == "conj" && self.head(i).is_some_and(aimed)) {
            return true;
        }
        // The same infinitive attached to the verb instead ("abandoned its efforts | to
        // attack"): the object before it names an aim.
        if self.rel(i) == "advcl" && self.to_infinitive(i) {
            let aim_object = self.head(i).is_some_and(|h| {
                self.children(h)
                    .iter()
                    .any(|&o| o < i && self.base_rel(o) == "obj" && aim(o))
            });
            if aim_object {
                return true;
            }
        }
        // "It could take up to 15 years", "Britain should take its share", "Iran may
        // attack": in a main clause, what must, should, could, may or would happen has not
        // happened. Not in reported speech ("indicated it would act now", "said they
        // would seek extradition" report an intent), and not "will" (news reports a
        // planned act as the act).
        let main_clause = match self.rel(i) {
            "root" => true,
            "conj" => self.head(i).is_some_and(|h| self.rel(h) == "root"),
            _ => false,
        };
        let modal = main_clause
            && self.children(i).iter().any(|&c| {
                self.base_rel(c) == "aux"
                    && matches!(
                        self.lemma[c].as_str(),
                        "must" | "should" | "could" | "might" | "would" | "may"
                    )
            });
        if modal {
            return true;
        }
        // "if they win the election", "unless Serbia withdraws": a condition, not an act
        // ("asked if Kosovo attacked", read as a complement, is a question).
        // "if it continues to challenge North Korea": the condition covers the act its
        // verb goes on to name.
        let conditional = |v: usize| {
            matches!(self.rel(v), "advcl" | "ccomp")
                && self.children(v).iter().any(|&c| {
                    self.base_rel(c) == "mark" && matches!(self.lemma[c].as_str(), "if" | "unless")
                })
        };
        let condition =
            conditional(i) || (self.rel(i) == "xcomp" && self.head(i).is_some_and(conditional));
        if condition {
            return true;
        }
        // "how to deal with", "whether to arrest them": a question, not an act.
        let wh_to = i >= 2
            && self.lemma[i - 1] == "to"
            && matches!(
                self.lemma[i - 2].as_str(),
                "how" | "whether" | "what" | "where"
            );
        if wh_to {
            return true;
        }
        if self.to_infinitive(i)
            && self.head(i).is_some_and(|h| {
                // A participle such as "set" or "prepared" only after "be" ("is set
                // to meet", not "set up checkpoints to prepare").
                let adjective = self.upos(h) == "ADJ"
                    || self.children(h).iter().any(|&c| {
                        matches!(self.base_rel(c), "aux" | "cop") && self.lemma[c] == "be"
                    });
                adjective && unrealised_adjective(&self.lemma[h])
            })
        {
            return true;
        }
        let infinitive =
            self.rel(i) == "xcomp" || (self.rel(i) == "advcl" && self.to_infinitive(i));
        infinitive
            && self.head(i).is_some_and(|h| {
                matches!(
                    self.lemma[h].as_str(),
                    "want"
                        | "wish"
                        | "hope"
                        | "plan"
                        | "intend"
                        | "aim"
                        | "seek"
                        | "threaten"
                        | "vow"
                        | "pledge"
                        | "promise"
                        | "offer"
                        | "propose"
                )
            })
    }

    /// True when word `i` is negated by a dependent "not", "n't" or "never".
    /// So is the infinitive of a negated verb or of a verb that says the act did not
    /// happen ("did not agree to meet", "refused to condemn", "failed to stop", "denied
    /// supporting").
    pub fn negated(&self, i: usize) -> bool {
        let own = self.children(i).iter().any(|&c| {
            self.base_rel(c) == "advmod" && matches!(self.lemma[c].as_str(), "not" | "never")
        });
        own || (matches!(self.rel(i), "xcomp" | "ccomp")
            && self.head(i).is_some_and(|h| {
                matches!(
                    self.lemma[h].as_str(),
                    "refuse" | "fail" | "decline" | "avoid" | "neglect" | "cease" | "deny"
                ) || self.negated(h)
            }))
    }

    /// True when word `i` is a passive verb (it has a passive subject or auxiliary).
    pub fn passive(&self, i: usize) -> bool {
        self.children(i)
            .iter()
            .any(|&c| matches!(self.rel(c), "nsubj:pass" | "aux:pass"))
    }

    /// True when no word of `spans` belongs to the clause of another verb below `v`: on
    /// the way up from each to `v` there is no verb of a clause of its own that is not one
    /// of `spans`' words ("urged X to de-escalate" is one pattern; "entered the market to
    /// arrange repurchase agreements" does not give "entered … agreements"). A word the
    /// parse does not put under `v` at all is let be: the parse may be wrong.
    pub fn within_clause(&self, v: usize, spans: &[(usize, usize)]) -> bool {
        let literal = |k: usize| spans.iter().any(|&(a, b)| a <= k && k < b);
        let ancestors =
            |k: usize| std::iter::successors(self.head(k), |&x| self.head(x)).take(self.len());
        spans.iter().flat_map(|&(a, b)| a..b).all(|k| {
            let Some(depth) = ancestors(k).position(|x| x == v) else {
                return true;
            };
            !ancestors(k)
                .take(depth)
                .any(|x| self.opens_clause(x) && !literal(x))
        })
    }

    /// True when verb `x` heads a clause of its own below another word ("to arrange …",
    /// "a deal bringing Turkey closer to …"); a past participle modifying a noun
    /// ("assurances sent from Bree on …") is inside the noun phrase.
    fn opens_clause(&self, x: usize) -> bool {
        let clause = matches!(
            self.base_rel(x),
            "xcomp" | "advcl" | "ccomp" | "csubj" | "parataxis" | "conj"
        ) || (self.base_rel(x) == "acl"
            && self.xpos.get(x).is_none_or(|t| t != "VBN"));
        clause && matches!(self.upos(x), "VERB" | "AUX")
    }

    /// True when word `i` has a nominal predicate after its object ("called him a
    /// giant", "called Uganda a threat"): it names, it does not phone or summon.
    pub fn names_as(&self, i: usize) -> bool {
        self.children(i)
            .iter()
            .any(|&c| self.rel(c) == "xcomp" && matches!(self.upos(c), "NOUN" | "PROPN" | "ADJ"))
    }

    /// True when word `i` is a participle that describes a noun ("MPs associated with
    /// Hamas", "militants returning from Iraq", "Libyans facing arrest warrants"): no
    /// subject, no "to", no "by" agent.
    pub fn describes(&self, i: usize) -> bool {
        // "arrested two MPs associated with Hamas" read as object + predicate.
        let participle_after_object = self.rel(i) == "xcomp"
            && self.xpos.get(i).is_some_and(|x| x == "VBN")
            && self.head(i).is_some_and(|h| {
                self.children(h)
                    .iter()
                    .any(|&o| o < i && self.base_rel(o) == "obj")
            });
        let modifier = self.rel(i) == "acl"
            && self
                .head(i)
                .is_some_and(|h| matches!(self.upos(h), "NOUN" | "PROPN" | "PRON"));
        (modifier || participle_after_object)
            && !self.to_infinitive(i)
            && !self.children(i).iter().any(|&c| {
                self.base_rel(c) == "nsubj"
                    || self.rel(c) == "obl:agent"
                    || (self.base_rel(c) == "obl" && self.case_of(c) == Some("by"))
            })
    }
}

/// What the parse says about one role of a verb.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// These mentions (indices, in text order) fill the role.
    Actors(Vec<usize>),
    /// The role is filled by something that is not an actor ("the attack killed…").
    NotActor,
    /// The parse names nothing in this role.
    Unfilled,
}

/// Prepositions of an oblique that name whom an action is aimed at or where it took
/// place ("fired at", "clashed with", "held elections in"): with no actor object, the
/// actor they name is the target.
fn aims_at(prep: &str) -> bool {
    matches!(
        prep,
        "against"
            | "on"
            | "upon"
            | "with"
            | "to"
            | "toward"
            | "towards"
            | "at"
            | "into"
            | "over"
            | "from"
            | "for"
            | "about"
            | "of"
            | "in"
            | "inside"
            | "near"
    )
}

/// Verbs of arriving somewhere: the place named after "in" is whom the visit is to.
fn is_arrival(lemma: &str) -> bool {
    matches!(
        lemma,
        "arrive" | "land" | "visit" | "travel" | "fly" | "return" | "come" | "go"
    )
}

/// Nouns that name an aim, a readiness or an undertaking rather than an act ("efforts",
/// "a bid", "plans", "an accord to supply"): an infinitive after them has not happened.
fn is_aim_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "effort"
            | "attempt"
            | "plan"
            | "bid"
            | "campaign"
            | "push"
            | "drive"
            | "proposal"
            | "offer"
            | "call"
            | "demand"
            | "request"
            | "order"
            | "decision"
            | "pledge"
            | "promise"
            | "threat"
            | "intention"
            | "readiness"
            | "willingness"
            | "right"
            | "permission"
            | "power"
            | "authority"
            | "ability"
            | "capacity"
            | "deadline"
            | "chance"
            | "opportunity"
            | "invitation"
            | "appeal"
            | "warning"
            | "accord"
            | "agreement"
            | "deal"
            | "treaty"
            | "pact"
            | "commitment"
            | "bill"
            | "law"
            | "resolution"
            | "mandate"
            | "way"
            | "step"
            | "move"
            | "measure"
            | "strategy"
            | "scheme"
            | "programme"
            | "program"
            | "initiative"
            | "idea"
            | "legislation"
            | "motion"
    )
}

/// Adjectives, and participles after "be", whose infinitive is not an act that happened:
/// "it will be illegal to accuse the state", "hard for most people to defy it", "ready to
/// attack", "is set to meet", "is expected to call", "is scheduled to visit" (unlike "was
/// quick to condemn" or "is about to restore").
fn unrealised_adjective(lemma: &str) -> bool {
    matches!(
        lemma,
        "illegal"
            | "unlawful"
            | "legal"
            | "hard"
            | "difficult"
            | "easy"
            | "impossible"
            | "possible"
            | "unlikely"
            | "likely"
            | "ready"
            | "willing"
            | "unwilling"
            | "eager"
            | "keen"
            | "determined"
            | "prepared"
            | "reluctant"
            | "necessary"
            | "important"
            | "wrong"
            | "due"
            | "set"
            | "supposed"
            | "expect"
            | "schedule"
            | "poise"
            | "slate"
    )
}

/// Nouns that count the people named after "of" ("tens of thousands of protesters").
fn is_quantity(w: &str) -> bool {
    matches!(
        w,
        "tens" | "dozens" | "scores" | "hundreds" | "thousands" | "millions" | "number" | "group"
    )
}

/// Participles whose agent is the author of the thing they modify ("memos sent by Bree",
/// "the attack carried out by X", "a plan drafted by Y"): that author is what a verb
/// acting on the thing is aimed at; "elections boycotted by X" is not X's.
fn authored(lemma: &str) -> bool {
    matches!(
        lemma,
        "send"
            | "make"
            | "carry"
            | "issue"
            | "propose"
            | "submit"
            | "present"
            | "write"
            | "deliver"
            | "offer"
            | "draft"
            | "launch"
            | "commit"
            | "conduct"
            | "perpetrate"
            | "stage"
            | "sign"
            | "table"
            | "announce"
            | "put"
    )
}

/// Nouns for things two parties do together.
fn is_joint_undertaking(lemma: &str) -> bool {
    matches!(
        lemma,
        "meeting"
            | "talk"
            | "talks"
            | "summit"
            | "negotiation"
            | "dialogue"
            | "relation"
            | "relations"
            | "tie"
            | "ties"
            | "cooperation"
            | "partnership"
            | "alliance"
            | "agreement"
            | "treaty"
            | "deal"
            | "exercise"
    )
}

/// Verbs that report speech or thought: their complement is what was said.
pub(crate) fn is_reporting(lemma: &str) -> bool {
    matches!(
        lemma,
        "say"
            | "tell"
            | "add"
            | "state"
            | "announce"
            | "note"
            | "report"
            | "claim"
            | "stress"
            | "explain"
            | "indicate"
            | "reiterate"
            | "insist"
            | "write"
            | "declare"
            | "confirm"
            | "mention"
            | "believe"
            | "think"
            | "argue"
            | "suggest"
            | "emphasize"
            | "emphasise"
    )
}

/// Verbs whose passive passes its subject to an infinitive that reports a fact ("was
/// reported to have attacked", "was seen to break"); "is expected to", "was told to" do
/// not report an act.
/// Nouns for a person's relatives and personal agents: "Trump's daughter" is not Trump.
fn is_relation(lemma: &str) -> bool {
    matches!(
        lemma,
        "daughter"
            | "son"
            | "wife"
            | "husband"
            | "widow"
            | "widower"
            | "brother"
            | "sister"
            | "mother"
            | "father"
            | "cousin"
            | "nephew"
            | "niece"
            | "uncle"
            | "aunt"
            | "grandson"
            | "granddaughter"
            | "grandfather"
            | "grandmother"
            | "child"
            | "family"
            | "relative"
            | "lawyer"
            | "attorney"
            | "friend"
            | "girlfriend"
            | "boyfriend"
            | "partner"
            | "fiancé"
            | "fiancee"
            | "fiance"
    )
}

/// Verbs of sending: whom they send does the act of the infinitive after them.
pub(crate) fn is_sending(lemma: &str) -> bool {
    matches!(
        lemma,
        "send" | "deploy" | "dispatch" | "despatch" | "mobilise" | "mobilize"
    )
}

fn is_raising(lemma: &str) -> bool {
    (is_reporting(lemma) && lemma != "tell")
        || matches!(
            lemma,
            "see" | "hear" | "know" | "find" | "show" | "allege" | "understand" | "observe"
        )
}

/// Reads verb roles off a tree for one sentence's mentions.
pub struct Roles<'a> {
    tree: &'a Tree,
    mention_of: Vec<Option<usize>>,
    mentions: &'a [Mention],
    toks: &'a [Tok],
    /// The tagger read some word of the sentence as a verb or auxiliary.
    has_verb: bool,
}

impl<'a> Roles<'a> {
    /// Indexes the mentions of a sentence against its tree. `resolvable[i]` says whether
    /// mention `i` stands for an actor (an unknown name nobody was introduced with does
    /// not, and the search for an actor goes on past it).
    pub fn new(
        tree: &'a Tree,
        mentions: &'a [Mention],
        resolvable: &[bool],
        toks: &'a [Tok],
    ) -> Roles<'a> {
        let mut mention_of = vec![None; tree.len()];
        for (i, m) in mentions.iter().enumerate() {
            if !resolvable.get(i).copied().unwrap_or(true) {
                continue;
            }
            for slot in mention_of.iter_mut().take(m.end).skip(m.start) {
                *slot = Some(i);
            }
        }
        Roles {
            tree,
            mention_of,
            mentions,
            toks,
            has_verb: (0..tree.len()).any(|k| matches!(tree.upos(k), "VERB" | "AUX")),
        }
    }

    /// The word of a verb's token span that heads it in the tree: the one tagged as a
    /// verb ("tapped" of "wire tapped"), else the one whose head lies outside the span
    /// ("called" of "called on").
    pub fn verb_word(&self, start: usize, end: usize) -> usize {
        let end = end.min(self.tree.len());
        (start..end)
            .find(|&k| self.tree.upos(k) == "VERB")
            .or_else(|| {
                (start..end).find(|&k| self.tree.head(k).is_none_or(|h| h < start || h >= end))
            })
            .unwrap_or(start)
    }

    /// True when the verb's object is a joint undertaking of its subjects ("Gondor and
    /// Osgiliath delayed their meeting", "renewed their ties"): coordinated subjects then
    /// act toward each other.
    pub fn object_is_theirs(&self, v: usize) -> bool {
        let t = self.tree;
        t.children(v)
            .iter()
            .filter(|&&c| t.base_rel(c) == "obj" && is_joint_undertaking(&t.lemma[c]))
            .any(|&o| {
                t.children(o).iter().any(|&p| {
                    t.rel(p) == "nmod:poss" && matches!(self.toks[p].fold.as_str(), "their")
                })
            })
    }

    /// False when the tagger reads a dictionary verb form as another word class ("very
    /// close to the border", "the attacks", "used tear gas", "grain imports").
    pub fn verb_like(&self, v: usize) -> bool {
        let t = self.tree;
        // After an auxiliary, over adverbs ("did not even ever clash"), it is a verb.
        let mut k = v;
        while k > 0 && v - k < 6 {
            k -= 1;
            let w = self.toks[k].fold.as_str();
            if crate::tokens::is_auxiliary(w) {
                return true;
            }
            if !(t.upos(k) == "ADV" || crate::tokens::is_negation(w)) {
                break;
            }
        }
        match t.upos(v) {
            "ADV" | "ADJ" | "ADP" | "DET" | "PRON" | "NUM" | "PART" | "CCONJ" | "SCONJ" => false,
            // A noun with a determiner, possessor or adjective, or inside a compound, is
            // a noun, and so is a verb's object or oblique ("promised raids"); a bare one
            // elsewhere may be a mistagged verb ("Ethiopia departs from Libya",
            // "Hezbollah fires rockets" read as a noun phrase).
            "NOUN" | "PROPN" => {
                // A headline-style sentence the tagger read without any verb ("Hezbollah
                // fires rockets at Israel"): the -s form right after an actor is the verb.
                // Not a title such as "2019 Chilean protests": the actor is a noun and
                // words follow.
                // Also when a verb comes only later ("The European Union calls for
                // Colombia's security forces to avoid …"), if a preposition or a name
                // follows, as after a verb.
                let no_verb_before = (0..v).all(|k| !matches!(t.upos(k), "VERB" | "AUX"));
                let verb_like_next = self.toks.get(v + 1).is_some_and(|n| {
                    matches!(n.fold.as_str(), "for" | "on" | "to" | "against" | "with")
                        || self.mention_at(v + 1).is_some()
                });
                let headline_verb = (!self.has_verb || (no_verb_before && verb_like_next))
                    && v > 0
                    && self.mention_at(v - 1).is_some()
                    && t.upos(v - 1) != "ADJ"
                    && self.toks[v].fold.ends_with('s')
                    && self
                        .toks
                        .get(v + 1)
                        .is_some_and(|n| n.form.chars().next().is_some_and(char::is_alphanumeric));
                if headline_verb {
                    return true;
                }
                // A compound noun that ends its phrase is a name or title ("2019 Papua
                // protests", "victim support - all working together").
                let compound_phrase = t.children(v).iter().any(|&c| t.rel(c) == "compound")
                    && self.toks.get(v + 1).is_none_or(|n| n.is_punct());
                if compound_phrase {
                    return false;
                }
                let verb_head = t.head(v).is_some_and(|h| t.upos(h) == "VERB");
                t.base_rel(v) != "compound"
                    && !(verb_head && matches!(t.base_rel(v), "obj" | "iobj" | "obl"))
                    && !t
                        .children(v)
                        .iter()
                        .any(|&c| matches!(t.rel(c), "det" | "nmod:poss" | "amod"))
            }
            _ => true,
        }
    }

    /// The mention that word `i` is part of, if any.
    pub fn mention_at(&self, i: usize) -> Option<usize> {
        self.mention_of.get(i).copied().flatten()
    }

    /// The subject of the active verb `v`.
    pub fn subject(&self, v: usize) -> Role {
        if let Some(m) = self.inverted_speaker(v) {
            return self.actors(self.mentions[m].start);
        }
        self.subject_at(v, 0)
    }

    /// `"…," said Lawrence Cohn`, `"…," says the ministry`: after a quotation, a verb of
    /// saying is followed by its speaker (the parse often reads it as the object). The
    /// mention of the speaker, if any.
    fn inverted_speaker(&self, v: usize) -> Option<usize> {
        let t = self.tree;
        if v == 0 || !is_reporting(&t.lemma[v]) {
            return None;
        }
        let quote = |w: &str| matches!(w, "\"" | "'" | "''" | "\u{201d}");
        let before = self.toks[v - 1].fold.as_str();
        let after_quotation =
            quote(before) || (before == "," && v >= 2 && quote(&self.toks[v - 2].fold));
        if !after_quotation {
            return None;
        }
        let mut k = v + 1;
        while k < self.toks.len() && matches!(self.toks[k].fold.as_str(), "the" | "a" | "an") {
            k += 1;
        }
        self.mention_at(k).filter(|&m| self.mentions[m].start > v)
    }

    fn subject_at(&self, v: usize, depth: usize) -> Role {
        let t = self.tree;
        if depth > 6 || v >= t.len() {
            return Role::Unfilled;
        }
        if !self.reliable(v) {
            return Role::Unfilled;
        }
        let subjects: Vec<usize> = t
            .children(v)
            .iter()
            .copied()
            .filter(|&c| t.rel(c) == "nsubj")
            .collect();
        // "Eriador's death toll has risen": the possessor of a subject that is no actor
        // (of the first one, when the parse splits "death and injury toll" in two).
        // Not a relative or lawyer of the possessor ("Trump's daughter Ivanka visits
        // Japan"): that is someone else.
        if !subjects.is_empty() && subjects.iter().all(|&s| self.mention_at(s).is_none()) {
            let possessor = subjects
                .iter()
                .filter(|&&s| !is_relation(&t.lemma[s]))
                .find_map(|&s| t.child_with(s, "nmod:poss"))
                .filter(|&p| self.mention_at(p).is_some());
            if let Some(p) = possessor {
                return self.actors(p);
            }
        }
        // "An explosion … in Angren, Uzbekistan kills three": a name after a first
        // subject that is no actor is the parse splitting off a place.
        let after_comma = |s: usize| {
            self.mention_at(s).is_some_and(|m| {
                let start = self.mentions[m].start;
                start > 0 && self.toks[start - 1].fold == ","
            })
        };
        if subjects.len() >= 2
            && self.mention_at(subjects[0]).is_none()
            && subjects[1..].iter().all(|&s| after_comma(s))
        {
            return Role::NotActor;
        }
        if let Some(&nearest) = subjects
            .iter()
            .filter(|&&s| s < v)
            .max()
            .or(subjects.first())
        {
            // A second subject is the parse splitting a coordination ("France, Italy,
            // Germany and Britain condemned" with "Germany" as a subject of its own):
            // kept when the words join it to the nearest one; a dateline is not.
            let joined = self.joined_mentions(nearest);
            return self.union(
                subjects
                    .iter()
                    .filter(|&&s| {
                        s == nearest || self.mention_at(s).is_some_and(|m| joined.contains(&m))
                    })
                    .map(|&s| self.filler(s, v)),
            );
        }
        let Some(h) = t.head(v) else {
            return Role::Unfilled;
        };
        match t.rel(v) {
            "conj" if self.is_predicate(h) => self.subject_at(h, depth + 1),
            "xcomp" | "advcl" if t.rel(v) == "xcomp" || self.tree.to_infinitive(v) => {
                // "saw police beat protesters", "indicated it deplored Libya" (a clause
                // read as object + xcomp): with no "to", the object does the act.
                if t.rel(v) == "xcomp" && !t.to_infinitive(v) {
                    if let Some(o) = t.child_with(h, "obj").filter(|&o| o < v) {
                        if self.mention_at(o).is_some() {
                            return self.actors(o);
                        }
                    }
                }
                // "sent troops to attack Libya": those sent do the act.
                if is_sending(&t.lemma[h]) {
                    if let Some(o) = t.child_with(h, "obj").filter(|&o| o < v) {
                        if self.mention_at(o).is_some() {
                            return self.actors(o);
                        }
                    }
                }
                // "urged X to ease": what X was asked to do is not X's act; "used tear
                // gas to disperse", "vowed to wage war": the subject is shared.
                let actor_object = t.children(h).iter().any(|&c| {
                    let addressee = matches!(t.base_rel(c), "obj" | "iobj")
                        || (t.base_rel(c) == "obl" && matches!(t.case_of(c), Some("on" | "upon")));
                    addressee && self.mention_at(c).is_some()
                });
                if actor_object {
                    return Role::NotActor;
                }
                // "Gollum was seen to break into …", "Hamas was reported to have fired":
                // the passive verb's subject does the act.
                if t.rel(v) == "xcomp" && t.passive(h) && is_raising(&t.lemma[h]) {
                    if let Some(s) = t.child_with(h, "nsubj:pass") {
                        return self.filler(s, h);
                    }
                }
                self.subject_at(h, depth + 1)
            }
            // A participle modifying a noun that is no actor is often a misread clause
            // ("after police dispersed …" read as "clashes … dispersed"): left to the
            // surface rules.
            "acl" | "acl:relcl" if !t.passive(v) => match self.actors(h) {
                // "is inching nearer to accord with", "took steps to restore": an
                // infinitive on the object of a verb is that verb's subject's act, or
                // its indirect object's ("gave China the right to inspect").
                Role::NotActor
                    if t.rel(v) == "acl"
                        && t.to_infinitive(v)
                        && matches!(t.base_rel(h), "obj" | "xcomp") =>
                {
                    match t.head(h).filter(|&p| self.is_predicate(p)) {
                        Some(p) => match t.child_with(p, "iobj") {
                            Some(i) => self.actors(i),
                            None => self.subject_at(p, depth + 1),
                        },
                        None => Role::Unfilled,
                    }
                }
                Role::NotActor => Role::Unfilled,
                found => found,
            },
            _ => Role::Unfilled,
        }
    }

    /// The agent of the passive verb `v` ("by X").
    pub fn agent(&self, v: usize) -> Role {
        let t = self.tree;
        if !self.reliable(v) {
            return Role::Unfilled;
        }
        match t.children(v).iter().copied().find(|&c| {
            t.rel(c) == "obl:agent" || (t.base_rel(c) == "obl" && t.case_of(c) == Some("by"))
        }) {
            // "hit by the heaviest storm in a century, causing the closure of schools":
            // the agent's own words, not a clause about it.
            Some(a) => self.actors_below(a, false),
            None => Role::Unfilled,
        }
    }

    /// The patient of the passive verb `v`: its passive subject, or the noun a reduced
    /// passive modifies.
    pub fn patient(&self, v: usize) -> Role {
        let t = self.tree;
        if !self.reliable(v) {
            return Role::Unfilled;
        }
        if let Some(s) = t.child_with(v, "nsubj:pass") {
            return self.filler(s, v);
        }
        match (t.rel(v), t.head(v)) {
            ("acl" | "acl:relcl", Some(h)) => self.actors(h),
            ("conj", Some(h)) if self.is_predicate(h) && t.passive(h) => self.patient(h),
            _ => Role::Unfilled,
        }
    }

    /// The object of the active verb `v`, or the actor an aimed-at oblique names. `span`
    /// is the verb's token range: a particle of a phrasal verb that the parse made a
    /// preposition ("cordoned off the roads") marks an object.
    pub fn object(&self, v: usize, span: (usize, usize)) -> Role {
        if self.inverted_speaker(v).is_some() {
            return Role::NotActor;
        }
        self.object_at(v, span, 0)
    }

    /// The target of a statement (a verb coded 01x) by the same rules as [`Roles::object`],
    /// except that a place is where it was said, not whom it was said to ("said in a
    /// speech in Dalian", "announced in Edinburgh").
    pub fn statement_object(&self, v: usize, span: (usize, usize)) -> Role {
        let t = self.tree;
        match self.object(v, span) {
            Role::Actors(found) => {
                let addressed: Vec<usize> = found
                    .into_iter()
                    .filter(|&m| {
                        let place = (self.mentions[m].start..self.mentions[m].end)
                            .any(|k| matches!(t.case_of(k), Some("in" | "inside" | "near" | "at")));
                        !place
                    })
                    .collect();
                if addressed.is_empty() {
                    Role::NotActor
                } else {
                    Role::Actors(addressed)
                }
            }
            other => other,
        }
    }

    fn object_within(&self, v: usize, depth: usize) -> Role {
        if depth > 3 {
            return Role::Unfilled;
        }
        self.object_at(v, (v, v + 1), depth)
    }

    fn object_at(&self, v: usize, span: (usize, usize), depth: usize) -> Role {
        let t = self.tree;
        if !self.reliable(v) {
            return Role::Unfilled;
        }
        let mut seen = Role::Unfilled;
        for &c in t.children(v) {
            if matches!(t.base_rel(c), "obj" | "iobj") {
                // "accused Pakistan of sheltering militants" with "Pakistan" read as a
                // compound of "militants": a compound cut off from its noun by a
                // preposition or verb is the object itself.
                let stray = t.children(c).iter().copied().find(|&k| {
                    t.base_rel(k) == "compound"
                        && self.mention_at(k).is_some()
                        && (k + 1..c).any(|w| matches!(t.upos(w), "ADP" | "VERB" | "SCONJ"))
                });
                if let Some(k) = stray {
                    return self.actors(k);
                }
                match self.actors_below(c, true) {
                    Role::Actors(a) => return Role::Actors(a),
                    other => seen = other,
                }
            }
        }
        // "cordoned off for construction the roads leading into Mordor": a noun takes no
        // object, so an object the parse hangs on the verb's oblique noun is the verb's.
        if seen == Role::Unfilled {
            for &c in t.children(v) {
                let stray = (t.base_rel(c) == "obl" && matches!(t.upos(c), "NOUN" | "PROPN"))
                    .then(|| t.child_with(c, "obj"))
                    .flatten();
                if let Some(o) = stray {
                    match self.actors_below(o, true) {
                        Role::Actors(a) => return Role::Actors(a),
                        other => seen = other,
                    }
                }
            }
        }
        let mut aimed = false;
        for &c in t.children(v) {
            let restating = matches!(t.base_rel(c), "appos" | "parataxis")
                && matches!(t.upos(c), "NOUN" | "PROPN")
                && t.case_of(c).is_none();
            if t.base_rel(c) != "obl" && !(aimed && restating) {
                aimed = false;
                continue;
            }
            // A nominal with no preposition right after an aimed-at oblique restates it
            // ("call on everyone, especially Kosovo's Serb citizens").
            let case = t.case_of(c);
            let particle = t
                .children(c)
                .iter()
                .any(|&k| t.base_rel(k) == "case" && span.0 <= k && k < span.1);
            aimed = particle || case.map_or(aimed && t.rel(c) != "obl:tmod", aims_at);
            if aimed {
                // A place ("in Kosovo") is a target when it is named; "in the country"
                // is a setting.
                let locative = matches!(case, Some("in" | "inside" | "near"));
                let found = self.actors_below(c, true);
                let found = match found {
                    Role::Actors(a) if locative => {
                        // A capital standing for its government ("Santiago" → CHLGOV) is
                        // where it happened after "in", not whom it was aimed at, unless
                        // someone arrived there.
                        let capital = |m: &Mention| self.is_capital(m) && !is_arrival(&t.lemma[v]);
                        let named: Vec<usize> = a
                            .into_iter()
                            .filter(|&m| self.mentions[m].kind == MentionKind::Named)
                            .filter(|&m| !capital(&self.mentions[m]))
                            .collect();
                        if named.is_empty() {
                            Role::NotActor
                        } else {
                            Role::Actors(named)
                        }
                    }
                    other => other,
                };
                if matches!(found, Role::Actors(_)) {
                    return found;
                }
                // "call on everyone, especially Croatia's leaders": the words single out
                // whom, whatever the parse made of the aside.
                if let Some(m) = self.singled_out(c) {
                    return self.actors(self.mentions[m].start);
                }
                if found == Role::NotActor && seen == Role::Unfilled {
                    seen = Role::NotActor;
                }
            }
        }
        // What the verb is about may be the object of its infinitive ("threatened to
        // attack Israel", "signed an accord to supply Gondor").
        for &c in t.children(v) {
            if c != v && matches!(t.rel(c), "xcomp" | "advcl") && self.tree.to_infinitive(c) {
                if let Role::Actors(a) = self.object_within(c, depth + 1) {
                    return Role::Actors(a);
                }
            }
        }
        // "condemned the attack carried out by Hamas" misread as a clause whose subject
        // is "the attack": the author named by "by" is the target.
        for &c in t.children(v) {
            let reduced_relative = t.rel(c) == "ccomp"
                && authored(&t.lemma[c])
                && !t
                    .children(c)
                    .iter()
                    .any(|&k| matches!(t.base_rel(k), "mark" | "aux" | "aux:pass" | "cop"))
                && t.child_with(c, "nsubj")
                    .is_some_and(|n| t.upos(n) == "NOUN" && self.mention_at(n).is_none());
            if !reduced_relative {
                continue;
            }
            for &k in t.children(c) {
                if t.base_rel(k) == "obl" && t.case_of(k) == Some("by") {
                    if let Role::Actors(a) = self.actors(k) {
                        return Role::Actors(a);
                    }
                }
            }
        }
        seen
    }

    /// True for a one-word name coded as a government: a capital standing for it
    /// ("Santiago" → `CHLGOV`).
    fn is_capital(&self, m: &Mention) -> bool {
        m.end == m.start + 1 && m.code.get(3..).is_some_and(|s| s == "GOV")
    }

    /// The mention a ", especially …" / ", including …" aside right after word `i`
    /// singles out (within four words).
    fn singled_out(&self, i: usize) -> Option<usize> {
        let words = self.toks;
        let mut k = i + 1;
        if words.get(k).is_some_and(|w| w.fold == ",") {
            k += 1;
        }
        let marker = words.get(k)?.fold.as_str();
        if !matches!(
            marker,
            "especially" | "particularly" | "notably" | "including"
        ) {
            return None;
        }
        (k + 1..(k + 5).min(words.len())).find_map(|w| self.mention_at(w))
    }

    /// True when the verb's complement is a clause ("said that …", "said it had …"):
    /// its object is what was said, not an actor near the verb.
    pub fn has_clausal_complement(&self, v: usize) -> bool {
        self.tree.child_with(v, "ccomp").is_some()
    }

    /// The subject of the verb's clausal complement ("allowed that Mordor isn't …"): the
    /// target of a verb that acts on what the clause is about.
    pub fn complement_subject(&self, v: usize) -> Role {
        let t = self.tree;
        if is_reporting(&t.lemma[v]) {
            // "X said that Y …": what Y does is reported, not done to Y.
            return Role::NotActor;
        }
        match t.child_with(v, "ccomp") {
            Some(c) if self.reliable(v) => match t
                .child_with(c, "nsubj")
                .or_else(|| t.child_with(c, "nsubj:pass"))
            {
                // "questioned whether he has a future with the Orcs": a pronoun there
                // is mostly the subject again, so the clause's own target is the target.
                Some(s) if t.upos(s) == "PRON" => match self.object_within(c, 1) {
                    Role::Actors(a) => Role::Actors(a),
                    _ => Role::NotActor,
                },
                Some(s) => self.actors(s),
                None => Role::Unfilled,
            },
            _ => Role::Unfilled,
        }
    }

    /// False when the parse gives the verb a place no verb should have (a dependent of a
    /// determiner, a nominal relation): then its roles come from the surface rules.
    fn reliable(&self, v: usize) -> bool {
        let t = self.tree;
        if !self.is_predicate(v) {
            return false;
        }
        let infinitive = t.to_infinitive(v);
        if infinitive && t.children(v).iter().any(|&c| t.base_rel(c) == "nsubj") {
            // "X called on Y to retreat" read with X as the subject of "retreat".
            return false;
        }
        let head_is_nominal = t
            .head(v)
            .is_some_and(|h| matches!(t.upos(h), "NOUN" | "PROPN" | "PRON" | "NUM"));
        match t.base_rel(v) {
            "root" => !infinitive,
            "conj" | "ccomp" | "advcl" | "xcomp" | "parataxis" | "csubj" => true,
            "acl" => head_is_nominal,
            _ => false,
        }
    }

    /// The mentions that the words join to the mention at word `i` ("A, B and C").
    fn joined_mentions(&self, i: usize) -> Vec<usize> {
        let Some(m) = self.mention_at(i) else {
            return Vec::new();
        };
        let folds: Vec<&str> = self.toks.iter().map(|t| t.fold.as_str()).collect();
        let mut out = crate::clause::coordinated(&folds, self.mentions, m, true);
        out.extend(crate::clause::coordinated(&folds, self.mentions, m, false));
        out
    }

    /// The actors of several roles together; not an actor only when none has one.
    fn union(&self, roles: impl Iterator<Item = Role>) -> Role {
        let mut out: Vec<usize> = Vec::new();
        let mut any = Role::Unfilled;
        for r in roles {
            match r {
                Role::Actors(a) => {
                    for m in a {
                        if !out.contains(&m) {
                            out.push(m);
                        }
                    }
                }
                Role::NotActor => any = Role::NotActor,
                Role::Unfilled => {}
            }
        }
        if out.is_empty() {
            any
        } else {
            out.sort_by_key(|&m| self.mentions[m].start);
            Role::Actors(out)
        }
    }

    /// True for words that can head a clause (verbs, and predicates with a copula).
    fn is_predicate(&self, i: usize) -> bool {
        matches!(self.tree.upos(i), "VERB" | "AUX")
            || self
                .tree
                .children(i)
                .iter()
                .any(|&c| self.tree.base_rel(c) == "cop")
    }

    /// The role of the subject word `s` of verb `v`: a relative pronoun stands for the
    /// noun its clause modifies.
    fn filler(&self, s: usize, v: usize) -> Role {
        let t = self.tree;
        if matches!(self.toks[s].fold.as_str(), "who" | "which" | "that")
            && self.mention_at(s).is_none()
        {
            if let ("acl:relcl", Some(h)) = (t.rel(v), t.head(v)) {
                // "Serb demonstrators and police forces who used tear gas": after a
                // coordination, "who" is the conjunct right before it.
                let nearest = s.checked_sub(1).and_then(|p| self.mention_at(p));
                return match (self.actors(h), nearest) {
                    (Role::Actors(a), Some(n)) if a.len() > 1 && a.contains(&n) => {
                        Role::Actors(vec![n])
                    }
                    (found, _) => found,
                };
            }
        }
        self.actors(s)
    }

    /// The actors of nominal `i`: its mention and those coordinated with it. A name whose
    /// parse head lies outside the mention ("Evil Mordor" headed by "Evil") is found
    /// through its `flat` or `compound` dependents.
    fn actors(&self, i: usize) -> Role {
        let t = self.tree;
        // "Tens of thousands of protesters", "dozens of soldiers": those counted.
        if self.mention_at(i).is_none() && is_quantity(&self.toks[i].fold) {
            let counted = t
                .children(i)
                .iter()
                .copied()
                .find(|&c| c > i && t.base_rel(c) == "nmod" && t.case_of(c) == Some("of"));
            if let Some(c) = counted {
                return self.actors(c);
            }
        }
        let Some(first) = self.mention_at(i).or_else(|| {
            t.children(i)
                .iter()
                .filter(|&&c| matches!(t.base_rel(c), "flat" | "compound"))
                .find_map(|&c| self.mention_at(c))
        }) else {
            return Role::NotActor;
        };
        let mut out = vec![first];
        let mut stack: Vec<usize> = (self.mentions[first].start..self.mentions[first].end)
            .chain(std::iter::once(i))
            .flat_map(|k| self.tree.children(k).iter().copied())
            .collect();
        let mut steps = 0;
        while let Some(c) = stack.pop() {
            steps += 1;
            if steps > 64 {
                break;
            }
            let joined = match self.tree.rel(c) {
                "conj" => true,
                // "Mordor, the Shire, Fornost and Bree" with "the Shire" read as an
                // apposition: another actor the words list, not a second name.
                "appos" => self.mention_at(c).is_some_and(|m| {
                    self.mentions[m].code.get(..3) != self.mentions[first].code.get(..3)
                        && self.joined_mentions(i).contains(&m)
                }),
                _ => false,
            };
            if !joined {
                continue;
            }
            if let Some(m) = self.mention_at(c) {
                if !out.contains(&m) {
                    out.push(m);
                    stack.extend(
                        (self.mentions[m].start..self.mentions[m].end)
                            .flat_map(|k| self.tree.children(k).iter().copied()),
                    );
                }
            }
        }
        out.sort_by_key(|&m| self.mentions[m].start);
        Role::Actors(out)
    }

    /// The actors of nominal `i`, or when it is no actor, of the nearest word below it
    /// that modifies it, breadth first ("Pristina's steps", "an attack by Osgiliath
    /// soldiers", "a resumption of diplomatic ties with Osgiliath", "the Serb minority",
    /// "the roads leading into Mordor").
    /// `clauses`: whether to look inside a clause that modifies it, and at places, as
    /// well (not for a passive's agent: "affected by downturns in New York" names no
    /// agent).
    fn actors_below(&self, i: usize, clauses: bool) -> Role {
        if let Role::Actors(a) = self.actors(i) {
            return Role::Actors(a);
        }
        let t = self.tree;
        let mut level = vec![i];
        for _ in 0..4 {
            let mut next: Vec<usize> = level
                .iter()
                .flat_map(|&k| {
                    let clause = t.base_rel(k) == "acl";
                    // An oblique under a quantity word ("much of a future", "some of
                    // the villages") is a modifier like `nmod`.
                    let nominal = matches!(t.upos(k), "ADJ" | "ADV" | "PRON" | "NUM" | "DET");
                    t.children(k).iter().copied().filter(move |&c| {
                        matches!(t.base_rel(c), "nmod" | "amod" | "compound")
                            || (clauses && t.base_rel(c) == "acl")
                            || (nominal && t.base_rel(c) == "obl")
                            || (clause && matches!(t.rel(c), "obj" | "iobj" | "obl" | "xcomp"))
                            || (clause && t.rel(c) == "obl:agent" && authored(&t.lemma[k]))
                    })
                })
                .collect();
            next.sort_unstable();
            // "talks in Beijing": a capital there is the place, not its government; nor
            // is a place under a passive's agent; nor anything below them.
            next.retain(|&c| {
                let in_capital = t.case_of(c) == Some("in")
                    && self
                        .mention_at(c)
                        .is_some_and(|m| self.is_capital(&self.mentions[m]));
                let place = !clauses && matches!(t.case_of(c), Some("in" | "at" | "near"));
                !(in_capital || place)
            });
            for &c in &next {
                if let Role::Actors(a) = self.actors(c) {
                    return Role::Actors(a);
                }
            }
            if next.is_empty() {
                break;
            }
            level = next;
        }
        Role::NotActor
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::find_mentions;
    use crate::tokens::toks_of;

    fn setup(text: &str) -> (Vec<Tok>, Vec<Mention>, Tree) {
        let d = crate::coder::load_dictionaries().expect("dictionaries");
        let toks = toks_of(text);
        let m = find_mentions(&d, &toks, None);
        let p = dyad_syntax::pipeline::Pipeline::embedded().expect("models");
        let tree = {
            let forms: Vec<&str> = toks.iter().map(|t| t.form.as_str()).collect();
            Tree::from_sentence(&p.annotate(&forms))
        };
        (toks, m, tree)
    }

    fn codes(r: &Role, m: &[Mention]) -> Vec<String> {
        match r {
            Role::Actors(a) => a.iter().map(|&i| m[i].code.clone()).collect(),
            other => vec![format!("{other:?}")],
        }
    }

    fn word(toks: &[Tok], w: &str) -> usize {
        toks.iter()
            .position(|t| t.fold == w)
            .expect("word in sentence")
    }

    #[test]
    fn coordinated_subjects_and_possessor_object() {
        let (toks, m, tree) = setup("Germany, France and Italy condemned Iran's nuclear tests.");
        let r = Roles::new(&tree, &m, &[], &toks);
        let v = word(&toks, "condemned");
        assert_eq!(codes(&r.subject(v), &m), ["DEU", "FRA", "ITA"]);
        assert_eq!(codes(&r.object(v, (v, v + 1)), &m), ["IRN"]);
    }

    #[test]
    fn passive_agent_and_patient() {
        let (toks, m, tree) = setup("Venezuela was criticised by Brazil on Monday.");
        let r = Roles::new(&tree, &m, &[], &toks);
        let v = word(&toks, "criticised");
        assert!(tree.passive(v));
        assert_eq!(codes(&r.agent(v), &m), ["BRA"]);
        assert_eq!(codes(&r.patient(v), &m), ["VEN"]);
    }

    #[test]
    fn object_control_infinitive_has_no_subject() {
        let (toks, m, tree) = setup("Japan urged China to release the fishermen.");
        let r = Roles::new(&tree, &m, &[], &toks);
        assert_eq!(codes(&r.subject(word(&toks, "urged")), &m), ["JPN"]);
        assert_eq!(r.subject(word(&toks, "release")), Role::NotActor);
    }

    #[test]
    fn infinitive_on_the_object_is_the_subjects_act() {
        let (toks, m, tree) = setup("Chile took steps to restore ties with Peru.");
        let r = Roles::new(&tree, &m, &[], &toks);
        assert_eq!(codes(&r.subject(word(&toks, "restore")), &m), ["CHL"]);
        let (toks, m, tree) = setup("Japan gave China the right to inspect the site.");
        let r = Roles::new(&tree, &m, &[], &toks);
        assert_eq!(codes(&r.subject(word(&toks, "inspect")), &m), ["CHN"]);
    }

    #[test]
    fn those_sent_do_the_act() {
        let (toks, m, tree) = setup("Egypt sent troops to attack Libya.");
        let r = Roles::new(&tree, &m, &[], &toks);
        let troops = r.mention_at(word(&toks, "troops")).map(|i| vec![i]);
        assert_eq!(
            Some(r.subject(word(&toks, "attack"))),
            troops.map(Role::Actors)
        );
    }

    #[test]
    fn coordinated_verb_shares_its_subject() {
        let (toks, m, tree) = setup("Egypt hosted the talks and praised Jordan for its help.");
        let r = Roles::new(&tree, &m, &[], &toks);
        assert_eq!(codes(&r.subject(word(&toks, "praised")), &m), ["EGY"]);
        assert_eq!(
            codes(&r.object(word(&toks, "praised"), (0, 0)), &m),
            ["JOR"]
        );
    }

    #[test]
    fn intended_and_denied_acts() {
        let (toks, _, tree) = setup("Serbia wanted to block the road and denied attacking Kosovo.");
        assert!(tree.intended(word(&toks, "block")));
        assert!(!tree.intended(word(&toks, "wanted")));
        assert!(tree.negated(word(&toks, "attacking")));
        assert!(!tree.negated(word(&toks, "denied")));
    }

    #[test]
    fn a_relative_is_not_the_possessor() {
        let (toks, m, tree) = setup("President Donald Trump's daughter Ivanka visits Japan.");
        let r = Roles::new(&tree, &m, &[], &toks);
        assert_ne!(codes(&r.subject(word(&toks, "visits")), &m), ["USAGOV"]);
    }

    #[test]
    fn a_place_under_a_passive_agent_is_no_agent() {
        let (toks, m, tree) = setup(
            "The Tokyo market should not be affected by the downturns of markets in New York and London.",
        );
        let r = Roles::new(&tree, &m, &[], &toks);
        assert_eq!(r.agent(word(&toks, "affected")), Role::NotActor);
    }

    #[test]
    fn a_patterns_words_stay_in_the_verbs_clause() {
        let (toks, _, tree) =
            setup("The Federal Reserve entered the market to arrange repurchase agreements.");
        let agreements = word(&toks, "agreements");
        let market = word(&toks, "market");
        let entered = word(&toks, "entered");
        assert!(!tree.within_clause(entered, &[(agreements, agreements + 1)]));
        assert!(tree.within_clause(entered, &[(market, market + 1)]));
        let (toks, _, tree) = setup("NATO urged Kosovo to de-escalate.");
        let to = word(&toks, "to");
        assert!(tree.within_clause(word(&toks, "urged"), &[(to, to + 2)]));
    }

    #[test]
    fn calling_someone_something_names_them() {
        let (toks, _, tree) = setup("Kenya called Uganda a threat to peace.");
        assert!(tree.names_as(word(&toks, "called")));
        let (toks, _, tree) = setup("Kenya called Uganda on Monday.");
        assert!(!tree.names_as(word(&toks, "called")));
    }

    #[test]
    fn participles_that_describe_a_noun() {
        let (toks, _, tree) =
            setup("Israeli police arrested two Palestinian MPs associated with Hamas.");
        assert!(tree.describes(word(&toks, "associated")));
        let (toks, _, tree) = setup("Australia is worried about militants returning from Syria.");
        assert!(tree.describes(word(&toks, "returning")));
        let (toks, _, tree) = setup("The elections boycotted by the Serbs were void.");
        assert!(!tree.describes(word(&toks, "boycotted")));
    }

    #[test]
    fn an_ability_or_power_to_act_is_no_act() {
        let (toks, _, tree) = setup("The court has the power to suspend or bar the mayor.");
        assert!(tree.intended(word(&toks, "suspend")));
        assert!(tree.intended(word(&toks, "bar")));
        let (toks, _, tree) = setup("It would hurt Israel's ability to launch attacks on Iran.");
        assert!(tree.intended(word(&toks, "launch")));
    }

    #[test]
    fn infinitive_after_an_adjective_of_possibility_is_no_act() {
        let (toks, _, tree) = setup("The law makes it illegal to accuse Poland of crimes.");
        assert!(tree.intended(word(&toks, "accuse")));
        let (toks, _, tree) = setup("Russia was quick to condemn the attack.");
        assert!(!tree.intended(word(&toks, "condemn")));
        let (toks, _, tree) = setup("They discussed ways to implement sanctions against Iran.");
        assert!(tree.intended(word(&toks, "implement")));
        let (toks, _, tree) = setup("The police will consider whether to arrest them.");
        assert!(tree.intended(word(&toks, "arrest")));
        let (toks, _, tree) = setup("Serbia will respond if Kosovo attacks its police.");
        assert!(tree.intended(word(&toks, "attacks")));
    }

    #[test]
    fn a_statement_is_not_aimed_at_where_it_was_made() {
        let (toks, m, tree) =
            setup("In a speech in Uganda, the Kenyan president said the economy was growing.");
        let r = Roles::new(&tree, &m, &[], &toks);
        let v = word(&toks, "said");
        assert!(!matches!(
            r.statement_object(v, (v, v + 1)),
            Role::Actors(_)
        ));
        let (toks, m, tree) = setup("The Kenyan president told Ugandan officials that it grew.");
        let r = Roles::new(&tree, &m, &[], &toks);
        let v = word(&toks, "told");
        assert_eq!(codes(&r.statement_object(v, (v, v + 1)), &m), ["UGA"]);
    }

    #[test]
    fn infinitive_object_is_the_target() {
        let (toks, m, tree) = setup("Iran threatened to attack Israel.");
        let r = Roles::new(&tree, &m, &[], &toks);
        let v = word(&toks, "threatened");
        assert_eq!(codes(&r.object(v, (v, v + 1)), &m), ["ISR"]);
    }

    #[test]
    fn non_actor_subject_is_not_an_actor() {
        let (toks, m, tree) = setup("The explosion damaged the embassy of Canada.");
        let r = Roles::new(&tree, &m, &[], &toks);
        assert_eq!(r.subject(word(&toks, "damaged")), Role::NotActor);
    }
}
