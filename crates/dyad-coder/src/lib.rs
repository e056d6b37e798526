//! `dyad-coder`: turns news documents into CAMEO/PLOVER who-did-what-to-whom events.
//!
//! The pipeline per document: split into sentences (`dyad-text`), find actor mentions
//! from the dictionaries (`dyad-dict`) and compose compound actors ([`mentions`]), find
//! verbs and match their patterns ([`verbs`]); only sentences with both are tagged and
//! parsed (`dyad-syntax`), and source and target come from the dependency tree
//! ([`roles`]), with the surface rules of [`clause`] where the tree names no role;
//! then references are resolved through the document memory ([`memory`]),
//! date each event ([`dates`]), place it (`dyad-geo`) and fill in the codebook fields
//! (`dyad-codebook`). [`eval`] scores events against a gold file the way
//! `score_events.py` does.
//!
//! Not for: reading input files (`dyad-docs`), storing events (`dyad-store`).
#![deny(missing_docs)]

pub mod clause;
pub mod coder;
pub mod dates;
pub mod eval;
pub mod memory;
pub mod mentions;
pub mod petrarch;
pub mod roles;
pub mod tokens;
pub mod verbs;

pub use coder::{Coder, CoderOptions, DocStats, SentenceTrace};

/// The coder's own verb entries (general rules missing from the CAMEO verb dictionary),
/// loaded after the embedded dictionaries.
pub const CODER_VERBS: (&str, &str) = (
    "crates/dyad-coder/data/30-coder-verbs.dyad",
    include_str!("../data/30-coder-verbs.dyad"),
);

/// The most bytes of text one document may have.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Errors of the coder, each naming the document it concerns.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    /// The dictionaries could not be loaded.
    #[error("loading dictionaries: {0}")]
    Dictionaries(String),
    /// The syntax models could not be loaded.
    #[error("loading syntax models: {0}")]
    Models(String),
    /// The document has no text.
    #[error("document {doc_id}: no text")]
    EmptyText {
        /// The document id.
        doc_id: String,
    },
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    #[error("document {doc_id}: {bytes} bytes of text, more than the limit of {limit}")]
    TooLarge {
        /// The document id.
        doc_id: String,
        /// Its size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The document's date is not a date.
    #[error("document {doc_id}: date {date:?} is not a YYYY-MM-DD date")]
    BadDate {
        /// The document id.
        doc_id: String,
        /// The date as given.
        date: String,
    },
    /// The document is not in English.
    #[error("document {doc_id}: not English text ({reason})")]
    NotEnglish {
        /// The document id.
        doc_id: String,
        /// What gave it away.
        reason: String,
    },
}
