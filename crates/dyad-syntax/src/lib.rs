//! `dyad-syntax`: the tagger, lemmatiser and dependency parser of dyad.
//!
//! A sentence here is plain data: its words, and per word a lemma, a UPOS and a
//! Penn XPOS tag, a head index and a Universal Dependencies relation
//! ([`conllu::Sentence`]). Models are averaged perceptrons ([`perceptron`])
//! trained on the English UD treebanks and loaded once, immutable, shared
//! across threads.
//!
//! Start with [`pipeline::Pipeline`]: `Pipeline::embedded()` loads the models
//! shipped in `data/models/` (compiled in) once; `annotate` tags, lemmatises
//! and parses a sentence's words; `annotate_conllu` fills the predicted columns
//! of a CoNLL-U sentence. [`eval`] scores predictions against a treebank;
//! [`tagger::train`], [`lemma::Lemmatizer::train`] and [`parser::train`] learn
//! the models (the `dyad train` command wraps them). [`retagger`] is an
//! optional third tagging pass that re-decides unsure tags after the parse
//! (not shipped; a model directory may hold it). Errors: [`SyntaxError`].
//!
//! Not here: splitting text into sentences and tokens (that is `dyad-text`),
//! and anything about events or actors.
#![deny(missing_docs)]

pub mod conllu;
pub mod eval;
pub mod lemma;
pub mod parser;
pub mod perceptron;
pub mod pipeline;
pub mod retagger;
pub mod tagger;

pub use pipeline::SyntaxError;
