//! Reader for PETRARCH actor dictionaries (`Phoenix.*.actors.txt`).
//!
//! Records: a primary phrase with optional codes (`KOSOVO [KSV] # comment`), synonyms
//! (`+KOSOVAR`), and date restrictions on lines starting with blanks
//! (`\t[KSVGOV >110407]`, `\t[USAGOV 450703-470121]`, `\t[ELI]`). Not for: agents.
use super::{bracket_groups, check_code, split_comment, LineReader};
use crate::date::DateRange;
use crate::error::LineErrorKind;
use crate::model::{ActorEntry, DatedCode, DictionarySet, Origin};
use crate::text::phrase_tokens;

#[derive(Default)]
pub(crate) struct ActorReader {
    /// Index of the open entry in `set.actors`, if any.
    open: Option<usize>,
}

/// Reads the inside of one `[...]` group: `CODE` or `CODE restriction`.
pub(crate) fn dated_code(inner: &str) -> Result<DatedCode, LineErrorKind> {
    let inner = inner.trim();
    let (code, rest) = match inner.find(char::is_whitespace) {
        Some(i) => (&inner[..i], inner[i..].trim()),
        None => (inner, ""),
    };
    let code = check_code(code)?;
    let range = if rest.is_empty() {
        DateRange::ALWAYS
    } else {
        DateRange::parse_petrarch(rest).map_err(|e| LineErrorKind::BadDate(e.to_string()))?
    };
    Ok(DatedCode { code, range })
}

impl LineReader for ActorReader {
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
        let indented = text.starts_with([' ', '\t']);
        if indented && trimmed.starts_with('[') {
            let idx = self.open.ok_or(LineErrorKind::Orphan("date restriction"))?;
            let codes = bracket_groups(trimmed)?
                .into_iter()
                .map(dated_code)
                .collect::<Result<Vec<_>, _>>()?;
            set.actors[idx].codes.extend(codes);
            return Ok(());
        }
        let (phrase, codes) = match trimmed.find('[') {
            Some(i) => (&trimmed[..i], &trimmed[i..]),
            None => (trimmed, ""),
        };
        if let Some(syn) = phrase.strip_prefix('+') {
            let idx = self.open.ok_or(LineErrorKind::Orphan("synonym"))?;
            if !codes.is_empty() {
                return Err(LineErrorKind::Trailing(codes.chars().take(40).collect()));
            }
            let tokens = phrase_tokens(syn);
            if tokens.is_empty() {
                return Err(LineErrorKind::EmptyPhrase);
            }
            set.actors[idx].names.push(tokens.into());
            return Ok(());
        }
        self.open = None;
        let tokens = phrase_tokens(phrase);
        if tokens.is_empty() {
            return Err(LineErrorKind::EmptyPhrase);
        }
        let codes = bracket_groups(codes)?
            .into_iter()
            .map(dated_code)
            .collect::<Result<Vec<_>, _>>()?;
        set.actors.push(ActorEntry {
            names: vec![tokens.into()],
            codes,
            origin: origin.clone(),
        });
        self.open = Some(set.actors.len() - 1);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::date::Date;
    use crate::error::LineErrorKind;
    use crate::model::DictionarySet;
    use crate::petrarch::{read_str, Kind};

    fn read(text: &str) -> (DictionarySet, crate::petrarch::FileReport) {
        let mut set = DictionarySet::default();
        let r = read_str(Kind::Actors, "a.actors.txt", text, &mut set);
        (set, r)
    }

    #[test]
    fn primary_with_code_and_synonyms() {
        let (set, r) = read("AFGHANISTAN_  [AFG]\n+AFGHAN_ \n+HELMAND # Other provinces\n");
        assert!(r.errors.is_empty());
        let a = &set.actors[0];
        assert_eq!(a.names.len(), 3);
        assert_eq!(&*a.names[0][0], "afghanistan");
        assert_eq!(a.code_at(None), Some("AFG"));
    }

    #[test]
    fn date_restrictions_with_blank_after_sign() {
        let text = "HASHIM_THACI_ #\n\t[KSVGOV > 080109]\nKOSOVO [KSV] # World Bank\n+PRISTINA\n\t[YUGKSV <920428]\n\t[FRYKSV 920428-990610]\n\t[KSV >080217]\n";
        let (set, r) = read(text);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let d = |y, m, dd| Date::new(y, m, dd);
        assert_eq!(set.actors[0].code_at(d(2010, 1, 1)), Some("KOSGOV"));
        assert_eq!(set.actors[1].code_at(d(1991, 1, 1)), Some("YUGKOS"));
        assert_eq!(set.actors[1].code_at(d(1995, 1, 1)), Some("FRYKOS"));
        assert_eq!(set.actors[1].code_at(d(2023, 5, 27)), Some("KOS"));
    }

    #[test]
    fn several_codes_on_primary_line_and_bare_default() {
        let (set, r) = read("JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt\nKOFI_ANNAN_\n\t[IGOUNO 970101-061231] \n\t[ELI]# IGOrulers.txt\n");
        assert!(r.errors.is_empty());
        assert_eq!(set.actors[0].code_at(Date::new(1990, 1, 1)), Some("IGOUNO"));
        assert_eq!(set.actors[0].code_at(Date::new(2000, 1, 1)), Some("ELI"));
        assert_eq!(set.actors[1].code_at(Date::new(2000, 1, 1)), Some("IGOUNO"));
    }

    #[test]
    fn blank_separated_synonym_and_null_code() {
        let (set, r) = read("IBRAHIM_RUGOVA #\n+Albanian leader Ibrahim Rugova\n\t[KSVGOV 020304-060121]\nBOROMIR  [---]\n");
        assert!(r.errors.is_empty());
        assert_eq!(set.actors[0].names[1].len(), 4);
        assert_eq!(set.actors[1].code_at(None), None);
    }

    #[test]
    fn validation_suite_codes() {
        let (set, r) = read("ISILDUR  [+++]\nLORIEN  [ELR/GAL]\nPALESTINIAN [pse]\n");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert_eq!(set.actors[1].code_at(None), Some("ELR/GAL"));
        assert_eq!(set.actors[2].code_at(None), Some("PSE"));
    }

    #[test]
    fn malformed_lines_are_reported_and_the_rest_is_read() {
        let text = "+ORPHAN\nBAN_KI-MOON\n\t[IGOUNO >20070101]\n\t[KORGOVBUS 2004017-20061201]\nISRAEL [ISR\nJORDAN [JOR]\n";
        let (set, r) = read(text);
        let lines: Vec<u32> = r.errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 4, 5]);
        assert!(matches!(r.errors[1].kind, LineErrorKind::BadDate(_)));
        assert!(r.errors[1]
            .to_string()
            .starts_with("a.actors.txt:4: bad date"));
        assert_eq!(set.actors.len(), 2);
        assert_eq!(r.read + 3, r.total);
    }
}
