//! `dyad-geo`: the gazetteer and place resolution.
//!
//! [`Gazetteer::embedded`] loads the compact GeoNames-derived gazetteer that
//! ships in `data/geo/` (compiled into the binary), [`Gazetteer::lookup`]
//! finds places by name with spelling-insensitive matching, and
//! [`Gazetteer::find_places`] finds place names in a sentence's tokens,
//! preferring places in the countries the document mentions. [`build`] makes
//! the shipped file from the GeoNames source. This crate does not tokenise
//! text or decide which place is an event's location.
#![deny(missing_docs)]

pub mod build;
mod error;
pub mod fold;
pub mod gazetteer;

pub use error::GeoError;
pub use fold::{fold, loose_key};
pub use gazetteer::{Country, Gazetteer, MatchKind, Place, PlaceMatch};

#[cfg(test)]
mod tests {
    //! Tests against the shipped gazetteer.
    use super::*;

    fn g() -> &'static Gazetteer {
        Gazetteer::embedded()
    }

    fn first<'a>(name: &str, hints: &[&str]) -> &'a Place {
        g().lookup_in(name, hints)
            .first()
            .copied()
            .unwrap_or_else(|| panic!("{name} not found"))
    }

    #[test]
    fn embedded_loads() {
        assert!(g().places().len() > 200_000);
        assert!(g().countries().len() > 240);
        assert_eq!(g().country("KOS").unwrap().iso2, "XK");
        assert_eq!(g().country("Kosovo").unwrap().iso2, "XK");
        assert!(g().is_common_word("police"));
    }

    #[test]
    fn kosovo_places_and_spellings() {
        let zvecan = first("Zvečan", &[]);
        assert_eq!((zvecan.country(), &*zvecan.name), ("XK", "Zvečan"));
        assert_eq!(first("Zvecan", &[]).geonameid, zvecan.geonameid);
        let leposavic = first("Leposavić", &["XK"]);
        assert_eq!(leposavic.country(), "XK");
        assert_eq!(first("Leposavik", &["XK"]).geonameid, leposavic.geonameid);
        let pristina = first("Pristina", &[]);
        assert_eq!(pristina.country(), "XK");
        assert_eq!(first("Prishtina", &[]).geonameid, pristina.geonameid);
        assert_eq!(first("Priština", &[]).geonameid, pristina.geonameid);
        let belgrade = first("Belgrade", &[]);
        assert_eq!(belgrade.country(), "RS");
        assert!((belgrade.lat - 44.8).abs() < 0.1 && (belgrade.lon - 20.46).abs() < 0.1);
        assert!(
            g().lookup("Kosovo").iter().all(|p| p.country() != "XK"),
            "country name is no place key"
        );
    }

    #[test]
    fn ambiguous_names_use_hints_then_population() {
        let paris = g().lookup("Paris");
        assert!(paris.len() > 2);
        assert_eq!(paris[0].country(), "FR");
        assert!(paris.windows(2).all(|w| w[0].population >= w[1].population));
        assert_eq!(first("Paris", &["US"]).country(), "US");
        let m = g().find_places(&["in", "Paris", "today"], &["US"]);
        assert_eq!(m[0].place.country(), "US");
        assert!(m[0].candidates > 2);
    }

    #[test]
    fn seed_sentence() {
        let tokens = [
            "assistance",
            "to",
            "the",
            "northern",
            "municipalities",
            "of",
            "\"",
            "Zvečan",
            "\"",
            ",",
            "\"",
            "Leposavik",
            "\"",
            "and",
            "\"",
            "Zubin",
            "Potok",
            "\"",
            ".",
        ];
        let found = g().find_places(&tokens, &["XK", "RS"]);
        let got: Vec<(usize, usize, &str)> = found
            .iter()
            .map(|m| (m.start, m.end, m.place.country()))
            .collect();
        assert_eq!(got, [(7, 8, "XK"), (11, 12, "XK"), (15, 17, "XK")]);
        assert_eq!(&*found[2].place.name, "Zubin Potok");
        assert_eq!(found[1].kind, MatchKind::Loose);
        // Without hints the exact names still match; the loose "Leposavik"
        // needs the hint, as Leposavić is small.
        let found = g().find_places(&tokens, &[]);
        let got: Vec<usize> = found.iter().map(|m| m.start).collect();
        assert_eq!(got, [7, 15]);
    }

    #[test]
    fn common_words_are_not_places() {
        for sentence in [
            &[
                "The", "Police", "said", "in", "May", "that", "The", "Police", "will", "March", ".",
            ][..],
            &["Police", "said", "."],
            &["May", "brought", "rain"],
            &["the", "police", "may", "march"],
        ] {
            let found = g().find_places(sentence, &[]);
            assert!(
                found.is_empty(),
                "{sentence:?} → {:?}",
                found.iter().map(|m| &m.place.name).collect::<Vec<_>>()
            );
        }
        // Common words that are big cities do match mid-sentence.
        let found = g().find_places(&["flights", "to", "Nice", "resumed"], &[]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].place.country(), "FR");
    }

    #[test]
    fn person_names_next_to_capitalised_words_need_a_hint() {
        let tokens = ["spokeswoman", "Maria", "Zakharova", "said"];
        assert!(g()
            .find_places(&tokens, &["RU"])
            .iter()
            .all(|m| m.place.country() == "RU"));
        assert!(g().find_places(&tokens, &[]).is_empty());
    }
}
