//! The event record: the one type every later stage of dyad agrees on.
//!
//! The coder produces [`Event`]s; the store, the server, the exports and the
//! evaluation consume them. The JSON form is the one fixed in `design.md`:
//! `source`, `target` and `cameo` are what `score_events.py` reads.
//!
//! This crate holds plain data and (de)serialisation only; it knows nothing of
//! how events are found, stored or shown.
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into the original document text.
pub type Span = [usize; 2];

/// One coded event: who did what to whom, when and where, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The id of the document the event came from.
    pub doc_id: String,
    /// The 0-based index of the sentence within its document.
    pub sentence: u32,
    /// The event's date, `YYYY-MM-DD`, when the document or text gives one.
    #[serde(default)]
    pub date: Option<String>,
    /// The actor who acts.
    pub source: Actor,
    /// The actor acted upon, when the sentence names one.
    #[serde(default)]
    pub target: Option<Actor>,
    /// The CAMEO event code, two to four digits (e.g. `"111"`).
    pub cameo: String,
    /// The CAMEO name of `cameo`.
    #[serde(default)]
    pub cameo_name: String,
    /// The two-digit CAMEO root of `cameo`.
    #[serde(default)]
    pub root: String,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    #[serde(default)]
    pub quad_class: u8,
    /// The Goldstein score of `cameo`, from -10 to +10.
    #[serde(default)]
    pub goldstein: f32,
    /// The PLOVER event type, mode and context.
    #[serde(default)]
    pub plover: Plover,
    /// Where the event happened, when the sentence names a place.
    #[serde(default)]
    pub location: Option<Location>,
    /// True when the event is negated ("did not condemn"); such events are not counted.
    #[serde(default)]
    pub negated: bool,
    /// The words and rule that produced the event.
    #[serde(default)]
    pub evidence: Evidence,
}

/// An actor as coded: a CAMEO actor code split into its parts, and the words that named it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// The full CAMEO actor code, e.g. `"RUSGOV"`.
    pub code: String,
    /// The country or organisation part, e.g. `"RUS"` or `"IGO"`.
    #[serde(default)]
    pub country: String,
    /// The sector part, e.g. `"GOV"`; empty when the actor is a whole country.
    #[serde(default)]
    pub sector: String,
    /// The words in the text that named the actor.
    #[serde(default)]
    pub text: String,
    /// Byte range of `text` in the document, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// The PLOVER coding of an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    /// The PLOVER event type, e.g. `"ACCUSE"`.
    #[serde(rename = "type", default)]
    pub event_type: String,
    /// The PLOVER mode, empty when the text gives none.
    #[serde(default)]
    pub mode: String,
    /// PLOVER contexts the text supports.
    #[serde(default)]
    pub context: Vec<String>,
}

/// A place resolved from a gazetteer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The place's name as the gazetteer spells it.
    pub name: String,
    /// ISO 3166-1 alpha-2 country code (`XK` for Kosovo).
    #[serde(default)]
    pub country: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// Why the coder produced an event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The sentence the event was found in.
    #[serde(default)]
    pub text: String,
    /// The trigger words (the verb and its particles).
    #[serde(default)]
    pub verb: String,
    /// The dictionary entry or rule that produced the code.
    #[serde(default)]
    pub rule: String,
    /// Byte range of the sentence in the document, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_span: Option<Span>,
    /// Byte range of the trigger words in the document, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb_span: Option<Span>,
}

impl Actor {
    /// Builds an actor from a CAMEO code, splitting off the three-letter country or
    /// organisation part; the rest (up to two sector codes) is the sector.
    pub fn from_code(code: &str, text: &str) -> Actor {
        let code = code.trim().to_uppercase();
        let split = code.char_indices().nth(3).map_or(code.len(), |(i, _)| i);
        Actor {
            country: code[..split].to_string(),
            sector: code[split..].to_string(),
            code,
            text: text.to_string(),
            span: None,
        }
    }
}

impl Event {
    /// The same-day de-duplication key used by the store and the Spark job:
    /// date, source code, target code (empty when none) and CAMEO code.
    pub fn dedup_key(&self) -> (String, String, String, String) {
        (
            self.date.clone().unwrap_or_default(),
            self.source.code.clone(),
            self.target
                .as_ref()
                .map(|t| t.code.clone())
                .unwrap_or_default(),
            self.cameo.clone(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_code_splits_into_country_and_sector() {
        let a = Actor::from_code("rusgov", "Moscow");
        assert_eq!(
            (a.code.as_str(), a.country.as_str(), a.sector.as_str()),
            ("RUSGOV", "RUS", "GOV")
        );
        let b = Actor::from_code("USA", "Washington");
        assert_eq!((b.country.as_str(), b.sector.as_str()), ("USA", ""));
        let c = Actor::from_code("IGOWSTNAT", "NATO");
        assert_eq!((c.country.as_str(), c.sector.as_str()), ("IGO", "WSTNAT"));
        assert_eq!(Actor::from_code("é", "").country, "É");
    }

    #[test]
    fn design_md_record_round_trips() {
        let json = r#"{"doc_id":"kosovo-2023-05-27","sentence":16,"date":"2023-05-27",
          "source":{"code":"USAGOV","country":"USA","sector":"GOV","text":"Antony Blinken"},
          "target":{"code":"KOSGOV","country":"KOS","sector":"GOV","text":"the Kosovo government"},
          "cameo":"111","cameo_name":"Criticize or denounce","root":"11","quad_class":3,"goldstein":-2.0,
          "plover":{"type":"ACCUSE","mode":"","context":[]},
          "location":{"name":"Zvečan","country":"XK","lat":42.9,"lon":20.84},
          "negated":false,
          "evidence":{"text":"s","verb":"condemned","rule":"verb pattern id"}}"#;
        let event: Event = serde_json::from_str(json).unwrap();
        assert_eq!(event.target.as_ref().unwrap().code, "KOSGOV");
        assert_eq!(event.plover.event_type, "ACCUSE");
        let again: Event = serde_json::from_str(&serde_json::to_string(&event).unwrap()).unwrap();
        assert_eq!(again, event);
        assert_eq!(
            event.dedup_key(),
            (
                "2023-05-27".into(),
                "USAGOV".into(),
                "KOSGOV".into(),
                "111".into()
            )
        );
    }
}
