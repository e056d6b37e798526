//! `dyad-codebook`: the code tables dyad codes events with.
//!
//! - CAMEO event codes (two, three and four digits) with names, Goldstein
//!   scores and QuadClass ([`EventCode`]);
//! - PLOVER event types with their modes, and the general contexts, extracted
//!   from the PLOVER manual ([`PloverType`], [`PloverContext`]);
//! - the CAMEO → PLOVER crosswalk ([`Codebook::plover`]);
//! - the CAMEO actor-code grammar ([`ActorCode`]).
//!
//! The tables ship in `data/codebook/` (sources and licences in its `NOTICE`)
//! and are compiled into the crate, so [`Codebook::embedded`] needs no data
//! directory. This crate only describes codes; it does not choose them for a
//! sentence (that is the coder's job) and it holds no actor dictionaries.
#![deny(missing_docs)]

pub mod actor;
pub mod cameo;
pub mod crosswalk;
mod error;
pub mod manual;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

pub use actor::{ActorCode, ActorUnits, UnitKind, UnitMeaning};
pub use cameo::{quad_class_name, quad_class_of_root, EventCode};
pub use crosswalk::{CrosswalkRow, PloverMapping};
pub use error::{ActorCodeError, CodebookError};
pub use manual::{PloverContext, PloverManual, PloverMode, PloverType};

const EMBEDDED_EVENTS: &str = include_str!("../../../data/codebook/cameo-event-codes.tsv");
const EMBEDDED_CROSSWALK: &str = include_str!("../../../data/codebook/CAMEO2PLOVER-2021.txt");
const EMBEDDED_MANUAL: &str = include_str!("../../../data/codebook/PLOVER_MANUAL.tex");

/// The event-code tables: CAMEO codes, the PLOVER crosswalk and the PLOVER types.
/// Immutable once built.
#[derive(Debug, Clone)]
pub struct Codebook {
    events: Vec<EventCode>,
    by_code: HashMap<String, usize>,
    crosswalk: Vec<CrosswalkRow>,
    plover_by_code: HashMap<String, usize>,
    manual: PloverManual,
}

/// A disagreement between the crosswalk and the other tables, found by
/// [`Codebook::crosswalk_issues`]. The 2021 crosswalk is a draft and has a few.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum CrosswalkIssue {
    /// A row for a code that is not in the CAMEO table.
    UnknownCode {
        /// The code.
        cameo: String,
        /// The row's line.
        line: usize,
    },
    /// A second row for the same code (the first one is used).
    Duplicate {
        /// The code.
        cameo: String,
        /// The ignored row's line.
        line: usize,
    },
    /// A PLOVER type the manual does not define.
    UnknownType {
        /// The type.
        event_type: String,
        /// The row's line.
        line: usize,
    },
    /// A mode the manual does not list for the row's type.
    UnknownMode {
        /// The type.
        event_type: String,
        /// The mode.
        mode: String,
        /// The row's line.
        line: usize,
    },
    /// A context the manual does not list.
    UnknownContext {
        /// The context.
        context: String,
        /// The row's line.
        line: usize,
    },
}

impl Codebook {
    /// The codebook compiled into the binary, parsed on first use.
    ///
    /// # Panics
    /// Only if the embedded tables are malformed, which this crate's tests rule out.
    pub fn embedded() -> &'static Codebook {
        static BOOK: OnceLock<Codebook> = OnceLock::new();
        BOOK.get_or_init(|| {
            Codebook::from_strs(
                EMBEDDED_EVENTS,
                "cameo-event-codes.tsv",
                EMBEDDED_CROSSWALK,
                "CAMEO2PLOVER-2021.txt",
                EMBEDDED_MANUAL,
                "PLOVER_MANUAL.tex",
            )
            .expect("embedded codebook tables are valid (checked by tests)")
        })
    }

    /// Reads the event-code table, the crosswalk and the PLOVER manual from files.
    pub fn from_files(
        events: &Path,
        crosswalk: &Path,
        manual: &Path,
    ) -> Result<Codebook, CodebookError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|source| CodebookError::Io {
                path: p.to_path_buf(),
                source,
            })
        };
        Codebook::from_strs(
            &read(events)?,
            &events.display().to_string(),
            &read(crosswalk)?,
            &crosswalk.display().to_string(),
            &read(manual)?,
            &manual.display().to_string(),
        )
    }

    /// Parses the three tables from text; the names are used in errors.
    pub fn from_strs(
        events: &str,
        events_file: &str,
        crosswalk: &str,
        crosswalk_file: &str,
        manual: &str,
        manual_file: &str,
    ) -> Result<Codebook, CodebookError> {
        let events = cameo::parse_event_table(events, events_file)?;
        let by_code = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.clone(), i))
            .collect();
        let crosswalk = crosswalk::parse_crosswalk(crosswalk, crosswalk_file)?;
        let mut plover_by_code = HashMap::new();
        for (i, row) in crosswalk.iter().enumerate() {
            plover_by_code.entry(row.cameo.clone()).or_insert(i);
        }
        let manual = manual::parse_manual(manual, manual_file)?;
        Ok(Codebook {
            events,
            by_code,
            crosswalk,
            plover_by_code,
            manual,
        })
    }

    /// The event code `code` (`"112"`), if the table has it.
    pub fn event(&self, code: &str) -> Option<&EventCode> {
        self.by_code.get(code.trim()).map(|&i| &self.events[i])
    }

    /// All event codes in code order.
    pub fn events(&self) -> &[EventCode] {
        &self.events
    }

    /// The event codes starting with `prefix` (a root such as `"11"`, or any prefix), in code order.
    pub fn events_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a EventCode> + 'a {
        self.events
            .iter()
            .filter(move |e| e.code.starts_with(prefix))
    }

    /// The PLOVER coding of `code`: its own crosswalk row, else its parent's
    /// (4-digit → 3-digit → root). `None` when no row applies (roots 01 and 02,
    /// which PLOVER drops) or the code is not a CAMEO code shape.
    pub fn plover(&self, code: &str) -> Option<&PloverMapping> {
        let mut current = code.trim();
        if !cameo::is_code_shape(current) {
            return None;
        }
        loop {
            if let Some(&i) = self.plover_by_code.get(current) {
                return Some(&self.crosswalk[i].mapping);
            }
            current = cameo::parent_of(current)?;
        }
    }

    /// The crosswalk row written for exactly `code`, without fallback.
    pub fn plover_exact(&self, code: &str) -> Option<&CrosswalkRow> {
        self.plover_by_code
            .get(code.trim())
            .map(|&i| &self.crosswalk[i])
    }

    /// Every crosswalk row as written, in file order (duplicates included).
    pub fn crosswalk_rows(&self) -> &[CrosswalkRow] {
        &self.crosswalk
    }

    /// The PLOVER event types from the manual, in manual order.
    pub fn plover_types(&self) -> &[PloverType] {
        &self.manual.types
    }

    /// The PLOVER type named `name` (case-insensitive).
    pub fn plover_type(&self, name: &str) -> Option<&PloverType> {
        self.manual
            .types
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
    }

    /// The PLOVER general contexts from the manual, in manual order.
    pub fn plover_contexts(&self) -> &[PloverContext] {
        &self.manual.contexts
    }

    /// Where the crosswalk disagrees with the CAMEO table or the PLOVER manual, sorted.
    pub fn crosswalk_issues(&self) -> Vec<CrosswalkIssue> {
        let contexts: BTreeSet<&str> = self
            .manual
            .contexts
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let mut issues = Vec::new();
        for (i, row) in self.crosswalk.iter().enumerate() {
            let line = row.line;
            if self.event(&row.cameo).is_none() {
                issues.push(CrosswalkIssue::UnknownCode {
                    cameo: row.cameo.clone(),
                    line,
                });
            }
            if self.plover_by_code.get(&row.cameo) != Some(&i) {
                issues.push(CrosswalkIssue::Duplicate {
                    cameo: row.cameo.clone(),
                    line,
                });
            }
            let m = &row.mapping;
            match self.plover_type(&m.event_type) {
                None => issues.push(CrosswalkIssue::UnknownType {
                    event_type: m.event_type.clone(),
                    line,
                }),
                Some(t) => {
                    if !m.mode.is_empty() && !t.modes.iter().any(|md| md.name == m.mode) {
                        issues.push(CrosswalkIssue::UnknownMode {
                            event_type: m.event_type.clone(),
                            mode: m.mode.clone(),
                            line,
                        });
                    }
                }
            }
            for c in &m.context {
                if !contexts.contains(c.as_str()) {
                    issues.push(CrosswalkIssue::UnknownContext {
                        context: c.clone(),
                        line,
                    });
                }
            }
        }
        issues.sort();
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_112() {
        let book = Codebook::embedded();
        let e = book.event("112").unwrap();
        assert_eq!(e.name, "Accuse, not specified below");
        assert_eq!(e.goldstein, -2.0);
        assert_eq!(e.quad_class, 3);
        assert_eq!(e.quad_class_name(), "verbal conflict");
        assert_eq!(e.root(), "11");
        let p = book.plover("112").unwrap();
        assert_eq!(
            (p.event_type.as_str(), p.mode.as_str()),
            ("ACCUSE", "disapprove")
        );
        assert!(p.context.is_empty());
    }

    #[test]
    fn table_has_every_level_and_agrees_with_root_rule() {
        let book = Codebook::embedded();
        let roots = book.events().iter().filter(|e| e.level() == 2).count();
        assert_eq!(roots, 20);
        assert!(book.events().len() > 300);
        for e in book.events() {
            assert_eq!(
                Some(e.quad_class),
                quad_class_of_root(e.root()),
                "{}",
                e.code
            );
            if let Some(parent) = e.parent() {
                assert!(book.event(parent).is_some(), "parent of {} missing", e.code);
            }
            assert_eq!(book.event(&e.code), Some(e));
        }
        assert_eq!(book.event("190").unwrap().goldstein, -10.0);
        assert_eq!(book.event("057").unwrap().quad_class, 1);
        assert!(book.event("999").is_none());
        assert!(book.event("").is_none());
    }

    #[test]
    fn every_code_resolves_to_plover_except_dropped_roots() {
        let book = Codebook::embedded();
        for e in book.events() {
            let mapped = book.plover(&e.code);
            if e.root() == "01" || e.root() == "02" {
                assert!(mapped.is_none(), "{} should be dropped", e.code);
            } else {
                assert!(mapped.is_some(), "{} has no PLOVER mapping", e.code);
            }
        }
    }

    #[test]
    fn plover_falls_back_to_parent() {
        let book = Codebook::embedded();
        // 0213 has no row; its parent 021 has none; root 02 is dropped.
        assert!(book.plover("0213").is_none());
        // 1711 has a row; a made-up 4-digit child of 173 falls back to 173.
        assert_eq!(book.plover("1739").unwrap().mode, "arrest");
        assert_eq!(
            book.plover("1121").unwrap().context,
            vec!["crime", "corruption"]
        );
        assert_eq!(book.plover("1712").unwrap().event_type, "ASSAULT");
        assert!(book.plover("abc").is_none());
        assert!(book.plover("1").is_none());
    }

    #[test]
    fn every_crosswalk_row_names_a_real_code() {
        let book = Codebook::embedded();
        // The crosswalk adds 1213 and 1214 (reject judicial / intelligence
        // cooperation, by analogy with 1013 and 1014); CAMEO 1.1b3 has neither.
        let not_cameo = ["1213", "1214"];
        for row in book.crosswalk_rows() {
            let known = book.event(&row.cameo).is_some();
            assert_eq!(
                known,
                !not_cameo.contains(&row.cameo.as_str()),
                "line {}: {}",
                row.line,
                row.cameo
            );
        }
        let issues = book.crosswalk_issues();
        let unknown: Vec<&str> = issues
            .iter()
            .filter_map(|i| match i {
                CrosswalkIssue::UnknownCode { cameo, .. } => Some(cameo.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(unknown, not_cameo);
        assert!(!issues
            .iter()
            .any(|i| matches!(i, CrosswalkIssue::UnknownType { .. })));
        // Known drafts' slips: a second row for root 08 and for 175.
        let dups: Vec<&str> = issues
            .iter()
            .filter_map(|i| match i {
                CrosswalkIssue::Duplicate { cameo, .. } => Some(cameo.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(dups, ["08", "175"]);
        assert!(issues.contains(&CrosswalkIssue::UnknownContext {
            context: "democracy".into(),
            line: book.plover_exact("0811").unwrap().line
        }));
    }

    #[test]
    fn plover_types_from_manual() {
        let book = Codebook::embedded();
        let names: Vec<&str> = book
            .plover_types()
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "AGREE",
                "CONSULT",
                "SUPPORT",
                "CONCEDE",
                "COOPERATE",
                "AID",
                "RETREAT",
                "REQUEST",
                "ACCUSE",
                "REJECT",
                "THREATEN",
                "PROTEST",
                "SANCTION",
                "MOBILIZE",
                "COERCE",
                "ASSAULT"
            ]
        );
        for t in book.plover_types() {
            assert!(t.quad_class.is_some(), "{}", t.name);
            assert!(t.requires_recipient.is_some(), "{}", t.name);
            assert!(!t.definition.is_empty(), "{}", t.name);
        }
        let consult = book.plover_type("consult").unwrap();
        let modes: Vec<&str> = consult.modes.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(modes, ["visit", "third-party", "multilateral", "phone"]);
        let assault = book.plover_type("ASSAULT").unwrap();
        assert!(assault.modes.iter().any(|m| m.name == "firearms"));
        assert!(
            !assault.modes.iter().any(|m| m.name == "execute"),
            "commented-out row kept"
        );
        let threaten = book.plover_type("THREATEN").unwrap();
        let restrict = threaten
            .modes
            .iter()
            .find(|m| m.name == "restrict")
            .unwrap();
        assert!(
            restrict
                .description
                .contains("banning of political activities"),
            "{}",
            restrict.description
        );
        assert_eq!(
            book.plover_type("SANCTION").unwrap().requires_recipient,
            Some(true)
        );
        let contexts = book.plover_contexts();
        assert_eq!(contexts.len(), 37);
        assert_eq!(contexts[0].name, "military");
        assert!(contexts.iter().any(|c| c.name == "political_institutions"));
        assert!(contexts.iter().any(|c| c.name == "reparations"));
    }

    #[test]
    fn from_files_reports_missing_file() {
        let err = Codebook::from_files(
            Path::new("/nonexistent/events.tsv"),
            Path::new("x"),
            Path::new("y"),
        )
        .unwrap_err();
        assert!(err.to_string().contains("/nonexistent/events.tsv"));
    }
}
