//! Reader for CountryInfo (`CountryInfo.120116.txt`): country names, adjectives and
//! demonyms, and capitals, by ISO alpha-3 code.
//!
//! Only `<CountryCode>`, `<CountryName>`, `<Nationality>` and `<Capital>` are used; the
//! other sections (cities, regions, leaders, comments) are read and skipped. Not for:
//! leaders (the PETRARCH actor files carry them, with dates).
use crate::error::LineErrorKind;
use crate::model::{normalize_code, DictionarySet, Origin};
use crate::petrarch::{run, FileReport, Kind, LineReader};
use crate::text::phrase_tokens;

/// One country of CountryInfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO alpha-3 code (`KSV` read as `KOS`); 6 letters for a territory of another
    /// country (`USAASM`).
    pub code: Box<str>,
    /// The country name, folded tokens.
    pub name: Box<[Box<str>]>,
    /// Adjectives, demonyms and other names, folded.
    pub nationality: Vec<Box<[Box<str>]>>,
    /// Names of the capital, folded.
    pub capitals: Vec<Box<[Box<str>]>>,
    /// Where `<Country>` was read.
    pub origin: Origin,
}

#[derive(Default)]
struct Reader {
    countries: Vec<Country>,
    open: Option<Country>,
    section: Option<String>,
}

fn one_line_tag<'a>(t: &'a str, tag: &str) -> Option<&'a str> {
    t.strip_prefix('<')?
        .strip_prefix(tag)?
        .strip_prefix('>')?
        .strip_suffix('>')?
        .strip_suffix(tag)?
        .strip_suffix("</")
}

impl LineReader for Reader {
    fn line(
        &mut self,
        origin: &Origin,
        text: &str,
        _set: &mut DictionarySet,
    ) -> Result<(), LineErrorKind> {
        let (content, _) = crate::petrarch::split_comment(text);
        let t = content.trim();
        if t.is_empty() {
            return Ok(());
        }
        if t == "<Country>" {
            self.section = None;
            self.open = Some(Country {
                code: "".into(),
                name: Box::new([]),
                nationality: Vec::new(),
                capitals: Vec::new(),
                origin: origin.clone(),
            });
            return Ok(());
        }
        if t == "</Country>" {
            let c = self
                .open
                .take()
                .ok_or(LineErrorKind::Orphan("</Country>"))?;
            if c.code.is_empty() || c.name.is_empty() {
                return Err(LineErrorKind::MissingCode);
            }
            self.countries.push(c);
            return Ok(());
        }
        if let Some(open) = self.open.as_mut() {
            if let Some(code) = one_line_tag(t, "CountryCode") {
                let code = code.trim();
                if !matches!(code.len(), 3 | 6) || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(LineErrorKind::BadCode(code.chars().take(20).collect()));
                }
                open.code = normalize_code(code);
                return Ok(());
            }
            if let Some(name) = one_line_tag(t, "CountryName") {
                open.name = phrase_tokens(name).into();
                return Ok(());
            }
        }
        if let Some(tag) = t.strip_prefix("</") {
            if self.section.as_deref() == tag.strip_suffix('>') {
                self.section = None;
            }
            return Ok(());
        }
        if t.starts_with('<') && t.ends_with('>') && !t[1..].contains('<') {
            if self.section.is_none() {
                self.section = Some(t[1..t.len() - 1].to_string());
            }
            return Ok(());
        }
        let target = match (self.section.as_deref(), self.open.as_mut()) {
            (Some("Nationality"), Some(c)) => &mut c.nationality,
            (Some("Capital"), Some(c)) => &mut c.capitals,
            _ => return Ok(()),
        };
        let name = t.split('[').next().unwrap_or("");
        let tokens = phrase_tokens(name);
        if tokens.is_empty() {
            return Err(LineErrorKind::EmptyPhrase);
        }
        target.push(tokens.into());
        Ok(())
    }
}

/// Reads CountryInfo text; lines that cannot be read are in the report.
pub fn read_str(file: &str, text: &str) -> (Vec<Country>, FileReport) {
    let mut reader = Reader::default();
    let mut set = DictionarySet::default();
    let mut report = run(Kind::Actors, file, text, &mut set, &mut reader);
    report.kind = Kind::CountryInfo;
    (reader.countries, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_nationality_and_capital() {
        let text = "<!-- doc\n-->\n<Country>\n#<CountryCode>[YUGKSV <20920427]</CountryCode>\n<CountryCode>KSV</CountryCode>\n<CountryName>KOSOVO</CountryName>\n<Nationality>\n\tKOSOVAR_\n\tKOSOVA_\n</Nationality>\n<Capital>\n\tPRISTINA_\n</Capital>\n<Leaders>\n\t<Governors>\n\t\tJOHN_HILARY_SMITH_\t[19730101 - 19780101]\n\t</Governors>\n</Leaders>\n</Country>\n<Country>\n<CountryName>NOWHERE</CountryName>\n</Country>\n";
        let (c, r) = read_str("ci.txt", text);
        assert_eq!(c.len(), 1);
        assert_eq!(&*c[0].code, "KOS");
        assert_eq!(c[0].nationality.len(), 2);
        assert_eq!(&*c[0].capitals[0][0], "pristina");
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].line, 22);
    }
}

#[cfg(test)]
mod prop {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn every_line_accounted_for(text in "[<>/A-Za-z_#\\[\\] \t\n-]{0,300}") {
            let (_, r) = super::read_str("p.txt", &text);
            prop_assert_eq!(r.read as usize + r.errors.len(), text.lines().count());
        }
    }
}
