//! `dyad-syntax`: the tagger, lemmatiser and dependency parser of dyad.
//!
//! A sentence here is plain data: its words, and per word a lemma, a UPOS and a
//! Penn XPOS tag, a head index and a Universal Dependencies relation
//! ([`conllu::Sentence`]). Models are averaged perceptrons ([`perceptron`])
//! trained on the English UD treebanks and loaded once, immutable, shared
//! across threads.
//!
//! Not here: splitting text into sentences and tokens (that is `dyad-text`),
//! and anything about events or actors.
#![deny(missing_docs)]

pub mod conllu;
pub mod perceptron;
pub mod eval;
pub mod lemma;
pub mod parser;
pub mod pipeline;
pub mod tagger;
