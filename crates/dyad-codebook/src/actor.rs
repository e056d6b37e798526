//! The CAMEO actor-code grammar: a code is a run of 3-letter units, a primary
//! (a country, region or actor type such as `IGO`) followed by further units
//! (sectors such as `GOV`, organisations such as `NAT` for NATO, religions,
//! ethnic groups, regions). `RUSGOV` is Russia's government, `KOSCOP` Kosovo's
//! police, `IGOWSTNAT` NATO (an IGO of the West).
//!
//! This module validates and explains codes against unit tables (ISO 3166
//! alpha-3 plus the CAMEO extras in `data/codebook/actor-codes.tsv`). It does
//! not find actors in text; that is the dictionaries' job.
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::error::{ActorCodeError, CodebookError};

const EMBEDDED_COUNTRIES: &str = include_str!("../../../data/codebook/iso3166-countries.tsv");
const EMBEDDED_UNITS: &str = include_str!("../../../data/codebook/actor-codes.tsv");

/// The most units a code may have: a primary and four more (`NGOUSACHRCTHHLH`).
///
/// CAMEO's common case is a primary and up to two sectors; organisation codes
/// in the PETRARCH dictionaries stack region, religion and organisation units
/// on top, up to five units in all.
pub const MAX_UNITS: usize = 5;

/// What a 3-letter unit stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    /// A country or territory (ISO 3166 alpha-3 or a CAMEO country code such as `KOS`).
    Country,
    /// A region (`WST` the West, `AFR` Africa).
    Region,
    /// A primary actor type (`IGO`, `NGO`, `IMG`, `MNC`).
    ActorType,
    /// A specific organisation or group (`NAT` NATO, `WHO`).
    Organisation,
    /// A sector (`GOV`, `MIL`, `COP`).
    Sector,
    /// A religion (`CHR`, `MOS`).
    Religion,
    /// An ethnic group (`KUR`).
    Ethnic,
    /// Seen in the PETRARCH dictionaries, meaning undocumented.
    Other,
}

impl UnitKind {
    /// The kind's name as written in the unit table.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Country => "country",
            UnitKind::Region => "region",
            UnitKind::ActorType => "actor_type",
            UnitKind::Organisation => "organisation",
            UnitKind::Sector => "sector",
            UnitKind::Religion => "religion",
            UnitKind::Ethnic => "ethnic",
            UnitKind::Other => "other",
        }
    }

    fn parse(s: &str) -> Option<UnitKind> {
        Some(match s {
            "country" => UnitKind::Country,
            "region" => UnitKind::Region,
            "actor_type" => UnitKind::ActorType,
            "organisation" => UnitKind::Organisation,
            "sector" => UnitKind::Sector,
            "religion" => UnitKind::Religion,
            "ethnic" => UnitKind::Ethnic,
            "other" => UnitKind::Other,
            _ => return None,
        })
    }

    /// Whether a unit of this kind may start a code.
    pub fn can_be_primary(self) -> bool {
        !matches!(self, UnitKind::Sector | UnitKind::Organisation)
    }
}

/// One meaning of a 3-letter unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitMeaning {
    /// What kind of unit it is.
    pub kind: UnitKind,
    /// Its English name (`"Government"`, `"Russian Federation"`).
    pub name: String,
    /// For countries with an ISO code: the alpha-2 code (`"RU"`), else empty.
    pub alpha2: String,
}

/// The tables of known units: every meaning of every 3-letter unit, and input aliases.
#[derive(Debug, Clone, Default)]
pub struct ActorUnits {
    meanings: HashMap<String, Vec<UnitMeaning>>,
    aliases: HashMap<String, String>,
}

impl ActorUnits {
    /// The unit tables compiled into the binary.
    ///
    /// # Panics
    /// Only if the embedded tables are malformed, which this crate's tests rule out.
    pub fn embedded() -> &'static ActorUnits {
        static UNITS: OnceLock<ActorUnits> = OnceLock::new();
        UNITS.get_or_init(|| {
            ActorUnits::from_strs(
                EMBEDDED_COUNTRIES,
                "iso3166-countries.tsv",
                EMBEDDED_UNITS,
                "actor-codes.tsv",
            )
            .expect("embedded actor-code tables are valid (checked by tests)")
        })
    }

    /// Reads the country table (`alpha3 alpha2 status name`) and the unit table (`code kind name`).
    pub fn from_files(countries: &Path, units: &Path) -> Result<ActorUnits, CodebookError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|source| CodebookError::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        ActorUnits::from_strs(
            &read(countries)?,
            &countries.display().to_string(),
            &read(units)?,
            &units.display().to_string(),
        )
    }

    /// Parses both tables from text; the file names are used in errors.
    pub fn from_strs(
        countries: &str,
        countries_file: &str,
        units: &str,
        units_file: &str,
    ) -> Result<ActorUnits, CodebookError> {
        let mut out = ActorUnits::default();
        for (line_no, fields) in tsv_rows(countries, countries_file, 4)? {
            let (code, alpha2, name) = (fields[0], fields[1], fields[3]);
            check_unit(code, countries_file, line_no)?;
            out.add(code, UnitKind::Country, name, alpha2);
        }
        for (line_no, fields) in tsv_rows(units, units_file, 3)? {
            let (code, kind, name) = (fields[0], fields[1], fields[2]);
            check_unit(code, units_file, line_no)?;
            if kind == "alias" {
                let target = name.strip_prefix('=').unwrap_or(name);
                check_unit(target, units_file, line_no)?;
                out.aliases.insert(code.to_string(), target.to_string());
                continue;
            }
            let kind = UnitKind::parse(kind).ok_or_else(|| {
                CodebookError::parse(units_file, line_no, format!("unknown unit kind {kind:?}"))
            })?;
            out.add(code, kind, name, "");
        }
        for (alias, target) in &out.aliases {
            if !out.meanings.contains_key(target) {
                return Err(CodebookError::Invalid {
                    file: units_file.to_string(),
                    message: format!("alias {alias} points to unknown unit {target}"),
                });
            }
        }
        Ok(out)
    }

    fn add(&mut self, code: &str, kind: UnitKind, name: &str, alpha2: &str) {
        self.meanings
            .entry(code.to_string())
            .or_default()
            .push(UnitMeaning {
                kind,
                name: name.to_string(),
                alpha2: alpha2.to_string(),
            });
    }

    /// Every meaning of a unit (after alias normalisation), most specific table first.
    pub fn meanings(&self, unit: &str) -> &[UnitMeaning] {
        let unit = self.normalise(unit);
        self.meanings.get(unit).map_or(&[], Vec::as_slice)
    }

    /// The canonical spelling of a unit: `KSV` → `KOS`; others unchanged.
    pub fn normalise<'a>(&'a self, unit: &'a str) -> &'a str {
        self.aliases.get(unit).map_or(unit, String::as_str)
    }

    /// The meaning of `unit` at `position` (0 = primary): at the primary,
    /// countries come first; after it, non-country meanings come first, so
    /// `MUS` is Mauritius in `MUSGOV` but Muslim in `IMGMUSALQ`.
    pub fn meaning_at(&self, unit: &str, position: usize) -> Option<&UnitMeaning> {
        let all = self.meanings(unit);
        let rank = |m: &UnitMeaning| -> u8 {
            let country = m.kind == UnitKind::Country;
            match (position == 0, country, m.kind.can_be_primary()) {
                (true, true, _) => 0,
                (true, false, true) => 1,
                (true, false, false) => 3,
                (false, false, _) => 0,
                (false, true, _) => 2,
            }
        };
        all.iter().min_by_key(|m| rank(m))
    }

    /// The number of distinct units known.
    pub fn len(&self) -> usize {
        self.meanings.len()
    }

    /// True when no units are known.
    pub fn is_empty(&self) -> bool {
        self.meanings.is_empty()
    }

    /// All known units with their meanings, sorted by unit.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[UnitMeaning])> {
        let mut v: Vec<(&str, &[UnitMeaning])> = self
            .meanings
            .iter()
            .map(|(k, m)| (k.as_str(), m.as_slice()))
            .collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v.into_iter()
    }
}

fn check_unit(code: &str, file: &str, line: usize) -> Result<(), CodebookError> {
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(CodebookError::parse(
            file,
            line,
            format!("{code:?} is not a 3-letter upper-case unit"),
        ))
    }
}

/// Data rows of a tab-separated table with a header line; `#` lines and blank
/// lines skipped; each row must have at least `min_fields` fields.
fn tsv_rows<'a>(
    text: &'a str,
    file: &str,
    min_fields: usize,
) -> Result<Vec<(usize, Vec<&'a str>)>, CodebookError> {
    let mut rows = Vec::new();
    let mut header = true;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if header {
            header = false;
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() < min_fields {
            return Err(CodebookError::parse(
                file,
                index + 1,
                format!(
                    "expected {min_fields} tab-separated fields, found {}",
                    fields.len()
                ),
            ));
        }
        rows.push((index + 1, fields));
    }
    Ok(rows)
}

/// A parsed, validated CAMEO actor code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorCode {
    /// The whole code, upper case, aliases normalised (`"KOSGOV"` for input `ksvgov`).
    pub code: String,
    /// The first unit (`"IGO"`).
    pub primary: String,
    /// The units after the primary (`["WST", "NAT"]`).
    pub sectors: Vec<String>,
}

impl ActorCode {
    /// Parses and validates `code` against the embedded unit tables.
    pub fn parse(code: &str) -> Result<ActorCode, ActorCodeError> {
        ActorCode::parse_with(code, ActorUnits::embedded())
    }

    /// Parses and validates `code` against `units`. Surrounding whitespace is
    /// ignored and letters are upper-cased; every unit must be known, the first
    /// must be able to start a code, and there may be at most [`MAX_UNITS`].
    pub fn parse_with(code: &str, units: &ActorUnits) -> Result<ActorCode, ActorCodeError> {
        let trimmed = code.trim();
        if trimmed.is_empty() {
            return Err(ActorCodeError::Empty);
        }
        if let Some((offset, _)) = trimmed
            .char_indices()
            .find(|(_, c)| !c.is_ascii_alphabetic())
        {
            return Err(ActorCodeError::NotALetter {
                code: trimmed.to_string(),
                offset,
            });
        }
        let upper = trimmed.to_ascii_uppercase();
        if upper.len() % 3 != 0 {
            return Err(ActorCodeError::BadLength {
                code: upper.clone(),
                len: upper.len(),
            });
        }
        let count = upper.len() / 3;
        if count > MAX_UNITS {
            return Err(ActorCodeError::TooLong {
                code: upper,
                units: count,
                max: MAX_UNITS,
            });
        }
        let mut parts: Vec<String> = Vec::with_capacity(count);
        for i in 0..count {
            let unit = &upper[i * 3..i * 3 + 3];
            let Some(meaning) = units.meaning_at(unit, i) else {
                return Err(ActorCodeError::UnknownUnit {
                    code: upper.clone(),
                    unit: unit.to_string(),
                    offset: i * 3,
                });
            };
            if i == 0 && !meaning.kind.can_be_primary() {
                return Err(ActorCodeError::BadPrimary {
                    code: upper.clone(),
                    unit: unit.to_string(),
                    kind: meaning.kind.as_str().to_string(),
                });
            }
            parts.push(units.normalise(unit).to_string());
        }
        let primary = parts.remove(0);
        Ok(ActorCode {
            code: std::iter::once(primary.as_str())
                .chain(parts.iter().map(String::as_str))
                .collect(),
            primary,
            sectors: parts,
        })
    }

    /// Each unit with its meaning in this position, against the embedded tables.
    pub fn describe(&self) -> Vec<(String, Option<UnitMeaning>)> {
        self.describe_with(ActorUnits::embedded())
    }

    /// Each unit with its meaning in this position, against `units`.
    pub fn describe_with(&self, units: &ActorUnits) -> Vec<(String, Option<UnitMeaning>)> {
        std::iter::once(&self.primary)
            .chain(self.sectors.iter())
            .enumerate()
            .map(|(i, u)| (u.clone(), units.meaning_at(u, i).cloned()))
            .collect()
    }

    /// The ISO alpha-2 code of the primary when it is a country with one
    /// (`"RU"` for `RUSGOV`; `"XK"`, the code GeoNames and the EU use, for `KOS`).
    pub fn country_alpha2(&self) -> Option<String> {
        if self.primary == "KOS" {
            return Some("XK".to_string());
        }
        ActorUnits::embedded()
            .meaning_at(&self.primary, 0)
            .filter(|m| m.kind == UnitKind::Country && !m.alpha2.is_empty())
            .map(|m| m.alpha2.clone())
    }
}

impl std::fmt::Display for ActorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_examples() {
        let c = ActorCode::parse("IGOWSTNAT").unwrap();
        assert_eq!(c.primary, "IGO");
        assert_eq!(c.sectors, ["WST", "NAT"]);
        let c = ActorCode::parse("RUSGOV").unwrap();
        assert_eq!(
            (c.primary.as_str(), c.sectors.as_slice()),
            ("RUS", &["GOV".to_string()][..])
        );
        assert_eq!(c.country_alpha2().as_deref(), Some("RU"));
        let c = ActorCode::parse("KOSCOP").unwrap();
        assert_eq!(c.primary, "KOS");
        assert_eq!(c.country_alpha2().as_deref(), Some("XK"));
        assert_eq!(ActorCode::parse("IGOUNO").unwrap().country_alpha2(), None);
        let c = ActorCode::parse(" ksvgov ").unwrap();
        assert_eq!(c.code, "KOSGOV");
        assert_eq!(c.primary, "KOS");
        let c = ActorCode::parse("SRBMILREB").unwrap();
        assert_eq!(c.sectors, ["MIL", "REB"]);
        let c = ActorCode::parse("NGOUSACHRCTHHLH").unwrap();
        assert_eq!(c.sectors.len(), 4);
    }

    #[test]
    fn explains_units_by_position() {
        let c = ActorCode::parse("IMGMUSALQ").unwrap();
        let d = c.describe();
        assert_eq!(d[0].1.as_ref().unwrap().kind, UnitKind::ActorType);
        assert_eq!(d[1].1.as_ref().unwrap().kind, UnitKind::Religion);
        assert_eq!(d[2].1.as_ref().unwrap().name, "Al-Qaeda");
        let c = ActorCode::parse("MUSGOV").unwrap();
        assert_eq!(c.describe()[0].1.as_ref().unwrap().kind, UnitKind::Country);
        let c = ActorCode::parse("RUSGOV").unwrap();
        assert_eq!(c.describe()[1].1.as_ref().unwrap().name, "Government");
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(ActorCode::parse("  "), Err(ActorCodeError::Empty));
        assert!(matches!(
            ActorCode::parse("RUS1"),
            Err(ActorCodeError::NotALetter { offset: 3, .. })
        ));
        assert!(matches!(
            ActorCode::parse("RUSG"),
            Err(ActorCodeError::BadLength { len: 4, .. })
        ));
        assert!(matches!(
            ActorCode::parse("RUSGOVMILREBOPPCOP"),
            Err(ActorCodeError::TooLong { units: 6, .. })
        ));
        assert!(matches!(
            ActorCode::parse("RUSQQQ"),
            Err(ActorCodeError::UnknownUnit { offset: 3, ref unit, .. }) if unit == "QQQ"
        ));
        assert!(matches!(
            ActorCode::parse("GOVRUS"),
            Err(ActorCodeError::BadPrimary { .. })
        ));
        assert!(ActorCode::parse("ÉÉÉ").is_err());
    }

    #[test]
    fn every_phoenix_unit_used_in_the_seed_domain_is_known() {
        for code in [
            "SRB",
            "SRBGOV",
            "SRBCOP",
            "KOSGOV",
            "KOSCOP",
            "USAGOV",
            "EURGOV",
            "IGOUNO",
            "IGOEUREEC",
            "NGOHRIAMN",
            "UAF",
            "CVL",
        ] {
            match code {
                "UAF" | "CVL" => assert!(ActorCode::parse(code).is_err(), "{code} is a sector"),
                _ => assert!(ActorCode::parse(code).is_ok(), "{code}"),
            }
        }
    }

    #[test]
    fn table_errors_carry_lines() {
        let err = ActorUnits::from_strs(
            "alpha3\talpha2\tstatus\tname\nRU\tRU\tcurrent\tRussia\n",
            "c.tsv",
            "code\tkind\tname\n",
            "u.tsv",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("c.tsv:2:"), "{err}");
        let err = ActorUnits::from_strs(
            "alpha3\talpha2\tstatus\tname\n",
            "c.tsv",
            "code\tkind\tname\nGOV\tsectr\tGovernment\n",
            "u.tsv",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("u.tsv:2:"), "{err}");
        let err = ActorUnits::from_strs(
            "alpha3\talpha2\tstatus\tname\n",
            "c.tsv",
            "code\tkind\tname\nKSV\talias\t=KOS\n",
            "u.tsv",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("alias"), "{err}");
    }

    #[test]
    fn embedded_tables_load() {
        let units = ActorUnits::embedded();
        assert!(units.len() > 400);
        assert_eq!(units.normalise("KSV"), "KOS");
        assert_eq!(units.meaning_at("KOS", 0).unwrap().name, "Kosovo");
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = ActorCode::parse(&s);
        }

        #[test]
        fn parsed_codes_are_consistent(s in "[A-Za-z]{3,15}") {
            if let Ok(c) = ActorCode::parse(&s) {
                let joined: String = std::iter::once(c.primary.clone()).chain(c.sectors.iter().cloned()).collect();
                prop_assert_eq!(&joined, &c.code);
                prop_assert_eq!(c.code.len(), s.len());
                prop_assert_eq!(ActorCode::parse(&c.code).unwrap(), c.clone());
            }
        }
    }
}
