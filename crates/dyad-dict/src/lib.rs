//! `dyad-dict`: dyad's dictionaries.
//!
//! Reads the PETRARCH dictionary formats ([`petrarch`]) and dyad's own format
//! ([`format`]), keeps entries as plain data ([`model`]), compiles phrase lists into
//! token-sequence matchers ([`matcher`]) and resolves phrases to CAMEO actor codes
//! ([`Dictionaries::lookup_phrase`]). The default dictionaries are embedded in the binary
//! ([`Dictionaries::embedded`]). Not for: coding events (that is `dyad-coder`'s job).
#![deny(missing_docs)]

pub mod date;
pub mod error;
pub mod model;
pub mod petrarch;
pub mod text;

pub use date::{Date, DateRange};
pub use error::{DictError, LineError, LineErrorKind};
pub mod countryinfo;
pub mod dict;
pub mod format;
pub mod import;
pub mod matcher;

pub use dict::{Dictionaries, NounRef, Part, Resolution, Role};
pub use matcher::{Match, Matcher, MatcherBuilder};
pub mod check;
