//! Character-level normalisation: the display form, the folded matching form,
//! and the classification of characters the tokeniser relies on.
//!
//! For: NFC, mapping typographic quotes, dashes and spaces to their plain
//! ASCII forms, folding for accent- and case-insensitive matching
//! ("Zvečan" meets "Zvecan"). Not for: anything that needs offsets (the
//! tokeniser keeps offsets into the original text and only normalises each
//! token's `form`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Whether `c` separates tokens and never appears in a token's form:
/// whitespace (including NBSP and the other Unicode spaces), control
/// characters, and invisible format characters (zero-width space and joiners,
/// soft hyphen, byte-order mark, bidirectional marks).
pub fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control() || is_invisible(c)
}

/// Invisible format characters treated like spaces.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// The ASCII replacement of a typographic quote, dash or ellipsis, if `c` is one.
/// En dashes (ranges, and spaced dashes alike) map to `-`, em dashes to `--`.
pub fn punct_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' | '\u{FE63}'
        | '\u{FF0D}' => "-",
        '\u{2014}' | '\u{2015}' | '\u{2E3A}' | '\u{2E3B}' | '\u{FE58}' => "--",
        '\u{2026}' => "...",
        _ => return None,
    })
}

/// Whether `c` is an apostrophe-like character (`'`, `’`, `‘`, `ʼ`, `′`).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}')
}

/// Whether `c` is a hyphen that may join the parts of a word.
pub fn is_word_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Whether `c` is part of a word: a letter, digit or combining mark.
pub fn is_word_char(c: char) -> bool {
    // U+034F (combining grapheme joiner) is a combining mark but invisible: a separator.
    c.is_alphanumeric() || (is_combining_mark(c) && !is_invisible(c))
}

/// NFC plus quote, dash, ellipsis and space normalisation, for display and
/// matching. Unicode spaces become a plain space (newlines and tabs are kept),
/// invisible format characters are removed. Offsets are not preserved.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_normalized(&mut out, c);
    }
    nfc_in_place(out)
}

/// Pushes the normalised form of one character (no NFC).
fn push_normalized(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c);
    } else if let Some(r) = punct_replacement(c) {
        out.push_str(r);
    } else if is_invisible(c) {
    } else if c.is_whitespace() {
        out.push(' ');
    } else {
        out.push(c);
    }
}

/// Applies NFC if the string is not already in NFC.
fn nfc_in_place(s: String) -> String {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
}

/// The folded form for matching: lower-case, diacritics stripped (NFD, then
/// combining marks dropped), letters without a decomposition mapped to ASCII
/// (đ→d, ł→l, ß→ss, ø→o, æ→ae, œ→oe, þ→th, ı→i), quotes and dashes normalised
/// as in [`normalize`], invisible characters dropped.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        for b in s.bytes() {
            out.push(b.to_ascii_lowercase() as char);
        }
        return out;
    }
    for c in s.nfd() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_combining_mark(c) || is_invisible(c) {
        } else if let Some(r) = punct_replacement(c) {
            out.push_str(r);
        } else if let Some(r) = fold_letter(c) {
            out.push_str(r);
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            for l in c.to_lowercase() {
                if !is_combining_mark(l) {
                    out.push(l);
                }
            }
        }
    }
    out
}

/// ASCII replacements for Latin letters that NFD does not decompose.
fn fold_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'ß' | 'ẞ' => "ss",
        'ø' | 'Ø' => "o",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        'ı' => "i",
        'ħ' | 'Ħ' => "h",
        'ŧ' | 'Ŧ' => "t",
        'ŋ' | 'Ŋ' => "n",
        'ĸ' => "k",
        'ſ' => "s",
        _ => return None,
    })
}

/// Builds a token's form from its original text: the same as [`normalize`]
/// (tokens hold no spaces), so that a tagger trained on treebank forms put
/// through [`normalize`] sees exactly what it will see at run time.
pub fn token_form(raw: &str) -> String {
    if raw.is_ascii() {
        raw.to_string()
    } else {
        normalize(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_strips_diacritics_and_case() {
        assert_eq!(fold("Zvečan"), "zvecan");
        assert_eq!(fold("ZVEČAN"), "zvecan");
        assert_eq!(fold("Đakovica"), "dakovica");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Søren Æbelø"), "soren aebelo");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Kosovo’s"), "kosovo's");
        assert_eq!(fold("Zve\u{0063}\u{030C}an"), "zvecan");
    }

    #[test]
    fn normalize_maps_quotes_dashes_spaces() {
        assert_eq!(normalize("“Hi” – it’s — done…"), "\"Hi\" - it's -- done...");
        assert_eq!(normalize("Boeing\u{a0}757"), "Boeing 757");
        assert_eq!(normalize("a\u{200B}b"), "ab");
        assert_eq!(normalize("Zvec\u{030C}an"), "Zvečan");
        assert_eq!(normalize("line\nnext"), "line\nnext");
    }

    #[test]
    fn token_forms() {
        assert_eq!(token_form("’s"), "'s");
        assert_eq!(token_form("\u{2013}"), "-");
        assert_eq!(token_form("\u{2014}"), "--");
        assert_eq!(token_form("n’t"), "n't");
        assert_eq!(token_form("Zvec\u{030C}an"), "Zvečan");
    }

    #[test]
    fn separators() {
        assert!(is_separator('\u{a0}'));
        assert!(is_separator('\u{feff}'));
        assert!(is_separator('\0'));
        assert!(!is_separator('a'));
        assert!(!is_separator('\u{2014}'));
        // The combining grapheme joiner is a mark, but an invisible one: no word char.
        assert!(is_separator('\u{34f}') && !is_word_char('\u{34f}'));
        assert!(is_word_char('\u{301}'));
    }
}
