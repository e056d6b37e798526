//! Word lists that steer tokenisation and sentence splitting, kept as data.
//!
//! For: abbreviations that keep their period, hyphen prefixes that keep a
//! hyphenated word whole (as UD English EWT does), contractions split UD-style,
//! words that typically start a sentence, and boilerplate lines of news text.
//! Not for: any logic; the tokeniser and splitter read these tables.

/// How an abbreviation that keeps its period behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevClass {
    /// Always followed by a name or a number ("Mr.", "Gen.", "vs.", "e.g."):
    /// never ends a sentence.
    Never,
    /// Keeps its period only before a number ("No. 10", "Art. 5"); never ends
    /// a sentence.
    BeforeNumber,
    /// Often ends a sentence but is also followed by names ("U.S.", "Inc.",
    /// "Jan."): ends one only when the next word is a typical sentence starter
    /// (see [`SENTENCE_STARTERS`]).
    Ambiguous,
    /// Usually ends a phrase ("etc."): ends a sentence before any capitalised
    /// word.
    Often,
}

/// Abbreviations (without their period, case-sensitive) that keep the period
/// as part of the token. Initialisms of single letters ("U.S.", "e.g.",
/// "a.m.") and single capital initials ("W.") are recognised by pattern, not
/// listed here.
pub const ABBREVIATIONS: &[(&str, AbbrevClass)] = &[
    // Titles and ranks.
    ("Mr", AbbrevClass::Never),
    ("Mrs", AbbrevClass::Never),
    ("Ms", AbbrevClass::Never),
    ("Messrs", AbbrevClass::Never),
    ("Dr", AbbrevClass::Never),
    ("Prof", AbbrevClass::Never),
    ("Gen", AbbrevClass::Never),
    ("Lt", AbbrevClass::Never),
    ("Col", AbbrevClass::Never),
    ("Maj", AbbrevClass::Never),
    ("Capt", AbbrevClass::Never),
    ("Cpt", AbbrevClass::Never),
    ("Sgt", AbbrevClass::Never),
    ("Cpl", AbbrevClass::Never),
    ("Pvt", AbbrevClass::Never),
    ("Adm", AbbrevClass::Never),
    ("Cmdr", AbbrevClass::Never),
    ("Cdr", AbbrevClass::Never),
    ("Brig", AbbrevClass::Never),
    ("Sen", AbbrevClass::Never),
    ("Sens", AbbrevClass::Never),
    ("Rep", AbbrevClass::Never),
    ("Reps", AbbrevClass::Never),
    ("Gov", AbbrevClass::Never),
    ("Govs", AbbrevClass::Never),
    ("Pres", AbbrevClass::Never),
    ("Rev", AbbrevClass::Never),
    ("Hon", AbbrevClass::Never),
    ("Amb", AbbrevClass::Never),
    ("Supt", AbbrevClass::Never),
    ("Insp", AbbrevClass::Never),
    ("Det", AbbrevClass::Never),
    ("Atty", AbbrevClass::Never),
    ("Fr", AbbrevClass::Never),
    ("Mt", AbbrevClass::Never),
    ("Ft", AbbrevClass::Never),
    ("Gens", AbbrevClass::Never),
    // Latin and connectives.
    ("vs", AbbrevClass::Never),
    ("v", AbbrevClass::Never),
    ("Vs", AbbrevClass::Never),
    ("cf", AbbrevClass::Never),
    ("approx", AbbrevClass::Never),
    ("Approx", AbbrevClass::Never),
    ("viz", AbbrevClass::Never),
    ("etc", AbbrevClass::Often),
    ("al", AbbrevClass::Often),
    // Before numbers only.
    ("No", AbbrevClass::BeforeNumber),
    ("Nos", AbbrevClass::BeforeNumber),
    ("no", AbbrevClass::BeforeNumber),
    ("Art", AbbrevClass::BeforeNumber),
    ("Vol", AbbrevClass::BeforeNumber),
    ("vol", AbbrevClass::BeforeNumber),
    ("Fig", AbbrevClass::BeforeNumber),
    ("fig", AbbrevClass::BeforeNumber),
    ("pp", AbbrevClass::BeforeNumber),
    ("c", AbbrevClass::BeforeNumber),
    ("ca", AbbrevClass::BeforeNumber),
    ("Para", AbbrevClass::BeforeNumber),
    // Months.
    ("Jan", AbbrevClass::Ambiguous),
    ("Feb", AbbrevClass::Ambiguous),
    ("Mar", AbbrevClass::Ambiguous),
    ("Apr", AbbrevClass::Ambiguous),
    ("Jun", AbbrevClass::Ambiguous),
    ("Jul", AbbrevClass::Ambiguous),
    ("Aug", AbbrevClass::Ambiguous),
    ("Sep", AbbrevClass::Ambiguous),
    ("Sept", AbbrevClass::Ambiguous),
    ("Oct", AbbrevClass::Ambiguous),
    ("Nov", AbbrevClass::Ambiguous),
    ("Dec", AbbrevClass::Ambiguous),
    // Companies and names.
    ("Inc", AbbrevClass::Ambiguous),
    ("Co", AbbrevClass::Ambiguous),
    ("Cos", AbbrevClass::Ambiguous),
    ("Corp", AbbrevClass::Ambiguous),
    ("Ltd", AbbrevClass::Ambiguous),
    ("Bros", AbbrevClass::Ambiguous),
    ("Jr", AbbrevClass::Ambiguous),
    ("Sr", AbbrevClass::Ambiguous),
    ("St", AbbrevClass::Ambiguous),
    ("Ave", AbbrevClass::Ambiguous),
    ("Blvd", AbbrevClass::Ambiguous),
    ("Rd", AbbrevClass::Ambiguous),
    ("Dept", AbbrevClass::Ambiguous),
    ("Univ", AbbrevClass::Ambiguous),
    ("Assn", AbbrevClass::Ambiguous),
    ("Govt", AbbrevClass::Ambiguous),
    // U.S. states as news agencies abbreviate them.
    ("Ala", AbbrevClass::Ambiguous),
    ("Ariz", AbbrevClass::Ambiguous),
    ("Ark", AbbrevClass::Ambiguous),
    ("Calif", AbbrevClass::Ambiguous),
    ("Colo", AbbrevClass::Ambiguous),
    ("Conn", AbbrevClass::Ambiguous),
    ("Del", AbbrevClass::Ambiguous),
    ("Fla", AbbrevClass::Ambiguous),
    ("Ga", AbbrevClass::Ambiguous),
    ("Ill", AbbrevClass::Ambiguous),
    ("Ind", AbbrevClass::Ambiguous),
    ("Kan", AbbrevClass::Ambiguous),
    ("Kans", AbbrevClass::Ambiguous),
    ("Ky", AbbrevClass::Ambiguous),
    ("La", AbbrevClass::Ambiguous),
    ("Md", AbbrevClass::Ambiguous),
    ("Mass", AbbrevClass::Ambiguous),
    ("Mich", AbbrevClass::Ambiguous),
    ("Minn", AbbrevClass::Ambiguous),
    ("Miss", AbbrevClass::Ambiguous),
    ("Mo", AbbrevClass::Ambiguous),
    ("Mont", AbbrevClass::Ambiguous),
    ("Neb", AbbrevClass::Ambiguous),
    ("Nev", AbbrevClass::Ambiguous),
    ("Okla", AbbrevClass::Ambiguous),
    ("Ore", AbbrevClass::Ambiguous),
    ("Pa", AbbrevClass::Ambiguous),
    ("Tenn", AbbrevClass::Ambiguous),
    ("Tex", AbbrevClass::Ambiguous),
    ("Va", AbbrevClass::Ambiguous),
    ("Vt", AbbrevClass::Ambiguous),
    ("Wash", AbbrevClass::Ambiguous),
    ("Wis", AbbrevClass::Ambiguous),
    ("Wyo", AbbrevClass::Ambiguous),
];

/// Looks up `word` (without its period) in [`ABBREVIATIONS`].
pub fn abbreviation(word: &str) -> Option<AbbrevClass> {
    if word.len() > 6 {
        return None;
    }
    ABBREVIATIONS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, class)| *class)
}

/// Lower-case prefixes after which a hyphenated word stays one token.
/// UD English EWT and GUM split most hyphenated compounds ("NATO - led",
/// "well - known") but keep words formed with these prefixes whole
/// ("non-violence", "anti-American", "e-mail", "re-elected").
pub const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "arch", "bi", "co", "counter", "cross", "e", "ex", "extra", "inter", "intra", "macro",
    "micro", "mid", "mini", "mis", "multi", "neo", "non", "over", "pan", "post", "pre", "pro",
    "psycho", "re", "semi", "socio", "sub", "super", "trans", "ultra", "un", "under",
];

/// Whether `piece` (the text before a hyphen) is a prefix in [`HYPHEN_PREFIXES`].
pub fn is_hyphen_prefix(piece: &str) -> bool {
    piece.len() <= 7
        && HYPHEN_PREFIXES
            .iter()
            .any(|p| p.eq_ignore_ascii_case(piece))
}

/// Clitic endings split off a word (compared case-insensitively, after the
/// apostrophe is normalised to `'`), longest first. "don't" → "do" "n't",
/// "Serbia's" → "Serbia" "'s", "can't" → "ca" "n't".
pub const CLITICS: &[&str] = &["n't", "'ll", "'re", "'ve", "'s", "'m", "'d"];

/// Whole words UD English splits into two tokens without an apostrophe:
/// (word, byte length of the first part).
pub const FUSED_WORDS: &[(&str, usize)] =
    &[("cannot", 3), ("gonna", 3), ("wanna", 3), ("gotta", 3)];

/// Words that, capitalised, almost always start a sentence. After an
/// ambiguous abbreviation ("U.S.", "Inc.") the splitter ends the sentence only
/// when one of these follows: "the U.S. The talks" splits, "U.S. Secretary"
/// does not.
pub const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "All",
    "Also",
    "Although",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Earlier",
    "Each",
    "Even",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "My",
    "No",
    "Nor",
    "Not",
    "Now",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Such",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Thus",
    "To",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "With",
    "Yet",
    "You",
];

/// Whether `word` is in [`SENTENCE_STARTERS`].
pub fn is_sentence_starter(word: &str) -> bool {
    word.len() <= 10 && SENTENCE_STARTERS.contains(&word)
}

/// Sentences that are only news-agency boilerplate (a story's closing
/// credit), compared case-insensitively with the whole sentence text; such a
/// sentence gets [`crate::SentenceKind::Signature`].
pub const BOILERPLATE_SENTENCES: &[&str] =
    &["reuter", "reuters", "afp", "(ap)", "ap", "-- reuters"];

/// Line beginnings (compared case-insensitively) of credit lines that are
/// boilerplate, not news: such a line is a [`crate::SentenceKind::Signature`].
pub const BOILERPLATE_LINE_PREFIXES: &[&str] = &[
    "(reporting by",
    "(additional reporting by",
    "(writing by",
    "(editing by",
    "(compiled by",
    "follow us on",
    "pic.twitter.com/",
];

/// Month names in full, lower case (as folded text has them), January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names, lower case, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Month names and their common abbreviations, for recognising the date that
/// ends a tweet signature ("— Name (@handle) May 26, 2023").
pub const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviation_lookup_is_case_sensitive() {
        assert_eq!(abbreviation("Gen"), Some(AbbrevClass::Never));
        assert_eq!(abbreviation("gen"), None);
        assert_eq!(abbreviation("etc"), Some(AbbrevClass::Often));
        assert_eq!(abbreviation("Inc"), Some(AbbrevClass::Ambiguous));
        assert_eq!(abbreviation("Tuesday"), None);
    }

    #[test]
    fn prefixes_and_starters() {
        assert!(is_hyphen_prefix("Non"));
        assert!(is_hyphen_prefix("anti"));
        assert!(!is_hyphen_prefix("NATO"));
        assert!(is_sentence_starter("The"));
        assert!(!is_sentence_starter("Secretary"));
    }

    #[test]
    fn fused_words_split_inside_the_word() {
        for (w, n) in FUSED_WORDS {
            assert!(*n > 0 && *n < w.len(), "{w}");
        }
    }
}
