//! The whole syntax layer in one call: tag, parse, re-tag and lemmatise a
//! sentence.
//!
//! For: loading the models once (compiled into the binary, or from a model
//! directory; the post-parse tagging pass, [`crate::retagger`], only when its
//! file is there) and filling the lemma, UPOS, XPOS, head and relation
//! columns of a sentence, either from bare words ([`Pipeline::annotate`]) or
//! in place in a CoNLL-U sentence whose words stay as they are
//! ([`Pipeline::annotate_conllu`]). Also the crate's error type,
//! [`SyntaxError`].
//!
//! Not for: splitting text into sentences and words (that is `dyad-text`), or
//! training (see [`crate::tagger::train`], [`crate::lemma::Lemmatizer::train`]
//! and [`crate::parser`]).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::conllu::{ConlluError, Sentence};
use crate::lemma::Lemmatizer;
use crate::parser::Parser;
use crate::retagger::Retagger;
use crate::tagger::{TagId, Tagger};

/// Everything that can go wrong in the syntax layer.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// A model file is missing, truncated or not a model of the expected kind.
    #[error("model {file}: {message}")]
    Model {
        /// The model file (or the name of an embedded model).
        file: String,
        /// What was wrong with it.
        message: String,
    },
    /// A CoNLL-U input was malformed or unreadable.
    #[error(transparent)]
    Conllu(#[from] ConlluError),
    /// Reading or writing a file failed.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
    /// Gold and predicted data do not line up, so they cannot be compared.
    #[error("cannot compare: {0}")]
    Mismatch(String),
    /// Training was asked to learn from no data.
    #[error("no training data: {0}")]
    NoData(String),
}

impl SyntaxError {
    /// A model error for `file`.
    pub fn model(file: impl Into<String>, message: impl Into<String>) -> SyntaxError {
        SyntaxError::Model {
            file: file.into(),
            message: message.into(),
        }
    }

    /// Names the model file of a model error (models are parsed from bytes,
    /// which do not know their file name).
    pub fn in_file(self, file: &str) -> SyntaxError {
        match self {
            SyntaxError::Model { message, .. } => SyntaxError::Model {
                file: file.to_string(),
                message,
            },
            other => other,
        }
    }
}

/// The file names of the models inside a model directory.
pub const TAGGER_FILE: &str = "tagger.bin";
/// The lemmatiser's file name.
pub const LEMMAS_FILE: &str = "lemmas.bin";
/// The parser's file name.
pub const PARSER_FILE: &str = "parser.bin";
/// The post-parse tagging pass's file name (optional in a model directory).
pub const RETAGGER_FILE: &str = "retagger.bin";

static EMBEDDED_TAGGER: &[u8] = include_bytes!("../../../data/models/tagger.bin");
static EMBEDDED_LEMMAS: &[u8] = include_bytes!("../../../data/models/lemmas.bin");
static EMBEDDED_PARSER: &[u8] = include_bytes!("../../../data/models/parser.bin");
static EMBEDDED_RETAGGER: &[u8] = include_bytes!("../../../data/models/retagger.bin");

/// The treebank files in a UD directory that training reads.
pub const TRAIN_FILES: [&str; 2] = ["en_ewt-ud-train.conllu", "en_gum-ccby-train.conllu"];
/// The development files used for early stopping.
pub const DEV_FILES: [&str; 2] = ["en_ewt-ud-dev.conllu", "en_gum-ccby-dev.conllu"];

/// Reads and concatenates CoNLL-U files `names` under `dir`.
pub fn read_treebanks(dir: &Path, names: &[&str]) -> Result<Vec<Sentence>, SyntaxError> {
    let mut all = Vec::new();
    for name in names {
        all.extend(crate::conllu::read_file(&dir.join(name))?);
    }
    Ok(all)
}

/// Serialises a model with `write` and writes it to `dir/name`, creating `dir`;
/// returns the path and the number of bytes.
fn write_model_file(
    dir: &Path,
    name: &str,
    write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> Result<(PathBuf, usize), SyntaxError> {
    let path = dir.join(name);
    let mut bytes = Vec::new();
    write(&mut bytes).map_err(|error| SyntaxError::Io {
        path: path.clone(),
        error,
    })?;
    std::fs::create_dir_all(dir).map_err(|error| SyntaxError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    std::fs::write(&path, &bytes).map_err(|error| SyntaxError::Io {
        path: path.clone(),
        error,
    })?;
    Ok((path, bytes.len()))
}

/// Reads the `text` field of every record of a JSON-lines file (unlabelled
/// text for the tagger's case profiles).
pub fn read_jsonl_texts(path: &Path) -> Result<Vec<String>, SyntaxError> {
    let io_err = |error| SyntaxError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = std::fs::File::open(path).map_err(io_err)?;
    let mut texts = Vec::new();
    for line in std::io::BufRead::lines(std::io::BufReader::new(file)) {
        if let Some(t) = crate::tagger::json_text_field(&line.map_err(io_err)?) {
            texts.push(t);
        }
    }
    Ok(texts)
}

/// Trains the lemmatiser on `train` and writes [`LEMMAS_FILE`] into `out_dir`.
pub fn write_lemmatizer(
    train: &[Sentence],
    out_dir: &Path,
    log: &mut dyn FnMut(&str),
) -> Result<(), SyntaxError> {
    let lem = Lemmatizer::train(train)?;
    let (path, n_bytes) = write_model_file(out_dir, LEMMAS_FILE, |w| lem.write(w))?;
    let (e, r) = lem.sizes();
    log(&format!(
        "wrote {} ({} bytes, {e} exceptions, {r} rules)",
        path.display(),
        n_bytes
    ));
    Ok(())
}

/// Trains the tagger and the lemmatiser on the UD treebanks in `ud_dir`
/// ([`TRAIN_FILES`], early stopping on [`DEV_FILES`]), with case profiles
/// from the unlabelled JSON-lines `text_file` when given, and writes
/// [`TAGGER_FILE`] and [`LEMMAS_FILE`] into `out_dir`.
pub fn train_tagger_files(
    ud_dir: &Path,
    text_file: Option<&Path>,
    out_dir: &Path,
    opts: &crate::tagger::TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<(), SyntaxError> {
    let train = read_treebanks(ud_dir, &TRAIN_FILES)?;
    let dev = read_treebanks(ud_dir, &DEV_FILES)?;
    let texts = match text_file {
        Some(p) => read_jsonl_texts(p)?,
        None => Vec::new(),
    };
    let tagger = crate::tagger::train_with_text(&train, &dev, &texts, opts, log)?;
    let (path, n_bytes) = write_model_file(out_dir, TAGGER_FILE, |w| tagger.write(w))?;
    log(&format!("wrote {} ({} bytes)", path.display(), n_bytes));
    write_lemmatizer(&train, out_dir, log)?;
    let (u, ux) = crate::tagger::tagger_accuracy(&tagger, &dev);
    log(&format!(
        "dev: UPOS {:.2}%, UPOS+XPOS {:.2}%",
        100.0 * u,
        100.0 * ux
    ));
    Ok(())
}

/// The realistic training input of the post-parse tagging pass: EWT + GUM
/// train in `folds` folds, each tagged and parsed by models trained on the
/// other folds ([`crate::retagger::jackknife`]; the parsers train for at most
/// `parser_epochs` passes, stopping early on EWT dev tagged by `tagger`).
pub fn retagger_training_set(
    ud_dir: &Path,
    text_file: Option<&Path>,
    tagger: &Tagger,
    folds: usize,
    parser_epochs: usize,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<crate::retagger::Analysed>, SyntaxError> {
    let dev = read_treebanks(ud_dir, &DEV_FILES)?;
    jackknife_for_retagger(ud_dir, text_file, &dev, tagger, folds, parser_epochs, log)
}

/// [`retagger_training_set`] with the dev sets already read (EWT dev first).
fn jackknife_for_retagger(
    ud_dir: &Path,
    text_file: Option<&Path>,
    dev: &[Sentence],
    tagger: &Tagger,
    folds: usize,
    parser_epochs: usize,
    log: &mut dyn FnMut(&str),
) -> Result<Vec<crate::retagger::Analysed>, SyntaxError> {
    let train = read_treebanks(ud_dir, &TRAIN_FILES)?;
    let mut parse_dev = read_treebanks(ud_dir, &DEV_FILES[..1])?;
    for s in &mut parse_dev {
        retag(tagger, s);
    }
    let texts = match text_file {
        Some(p) => read_jsonl_texts(p)?,
        None => Vec::new(),
    };
    let parser_opts = crate::parser::TrainOptions {
        epochs: parser_epochs,
        max_bytes: 17_400_000,
        ..Default::default()
    };
    crate::retagger::jackknife(
        &train,
        dev,
        &parse_dev,
        &texts,
        folds,
        &crate::tagger::TrainOptions::default(),
        &parser_opts,
        log,
    )
}

/// Trains the post-parse tagging pass for the tagger and parser in
/// `models_dir` and writes [`RETAGGER_FILE`] there: the training set of
/// [`retagger_training_set`], early stopping on EWT dev + GUM dev.
pub fn train_retagger_files(
    ud_dir: &Path,
    text_file: Option<&Path>,
    models_dir: &Path,
    folds: usize,
    parser_epochs: usize,
    opts: &crate::retagger::TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<(), SyntaxError> {
    let read = |name: &str| {
        let path = models_dir.join(name);
        std::fs::read(&path).map_err(|error| SyntaxError::Io { path, error })
    };
    let tagger = Tagger::load(&read(TAGGER_FILE)?).map_err(|e| e.in_file(TAGGER_FILE))?;
    let parser = Parser::load(&read(PARSER_FILE)?)
        .map_err(|e| SyntaxError::model(PARSER_FILE, e.to_string()))?;
    let dev_sentences = read_treebanks(ud_dir, &DEV_FILES)?;
    let train = jackknife_for_retagger(
        ud_dir,
        text_file,
        &dev_sentences,
        &tagger,
        folds,
        parser_epochs,
        log,
    )?;
    let dev: Vec<crate::retagger::Analysed> = dev_sentences
        .iter()
        .map(|s| crate::retagger::Analysed::new(&tagger, &parser, s))
        .collect();
    let r = crate::retagger::train(&tagger, &train, &dev, opts, log)?;
    let (path, n_bytes) = write_model_file(models_dir, RETAGGER_FILE, |w| r.write(w))?;
    log(&format!(
        "wrote {} ({} bytes, {} weights)",
        path.display(),
        n_bytes,
        r.n_weights()
    ));
    Ok(())
}

/// Replaces the UPOS and XPOS of every word of `s` with `tagger`'s.
fn retag(tagger: &Tagger, s: &mut Sentence) {
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let tags = tagger.tag(&forms);
    for (w, t) in s.words.iter_mut().zip(tags) {
        w.upos = tagger.upos(t).to_string();
        w.xpos = tagger.xpos(t).to_string();
    }
}

/// Trains the parser on the UD treebanks in `ud_dir` and writes
/// [`PARSER_FILE`] into `out_dir`, parsing with the tags it will meet in use:
/// the dev sentences (for early stopping) get the tags of the tagger already
/// in `out_dir`, and with `folds >= 2` the training sentences get tags from
/// taggers each trained on the other folds (jackknifing); with `folds < 2`
/// they keep their gold tags. With `seeds >= 2` the parser is a seed ensemble
/// ([`crate::parser::train_ensemble`]), as the shipped one is.
#[allow(clippy::too_many_arguments)]
pub fn train_parser_files(
    ud_dir: &Path,
    text_file: Option<&Path>,
    out_dir: &Path,
    folds: usize,
    seeds: usize,
    tagger_opts: &crate::tagger::TrainOptions,
    parser_opts: &crate::parser::TrainOptions,
    log: &mut dyn FnMut(&str),
) -> Result<(), SyntaxError> {
    let mut train = read_treebanks(ud_dir, &TRAIN_FILES)?;
    let mut dev = read_treebanks(ud_dir, &DEV_FILES)?;
    let tagger_path = out_dir.join(TAGGER_FILE);
    let bytes = std::fs::read(&tagger_path).map_err(|error| SyntaxError::Io {
        path: tagger_path.clone(),
        error,
    })?;
    let tagger = Tagger::load(&bytes).map_err(|e| e.in_file(&tagger_path.display().to_string()))?;
    let dev_gold = dev.clone();
    dev.iter_mut().for_each(|s| retag(&tagger, s));
    if folds >= 2 {
        let texts = match text_file {
            Some(p) => read_jsonl_texts(p)?,
            None => Vec::new(),
        };
        let originals = read_treebanks(ud_dir, &TRAIN_FILES)?;
        for k in 0..folds {
            let rest: Vec<Sentence> = originals
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != k)
                .map(|(_, s)| s.clone())
                .collect();
            log(&format!("jackknife: tagger for fold {} of {folds}", k + 1));
            let t =
                crate::tagger::train_with_text(&rest, &dev_gold, &texts, tagger_opts, &mut |_| {})?;
            for s in train.iter_mut().enumerate().filter(|(i, _)| i % folds == k) {
                retag(&t, s.1);
            }
        }
    }
    let parser = crate::parser::train_ensemble(&train, &dev, parser_opts, seeds, log)?;
    let (path, n_bytes) = write_model_file(out_dir, PARSER_FILE, |w| parser.write(w))?;
    log(&format!("wrote {} ({} bytes)", path.display(), n_bytes));
    Ok(())
}

/// The tagger, lemmatiser, parser and (optional) post-parse tagging pass,
/// loaded and ready; immutable and shared across threads.
#[derive(Debug)]
pub struct Pipeline {
    /// The part-of-speech tagger.
    pub tagger: Tagger,
    /// The lemmatiser.
    pub lemmatizer: Lemmatizer,
    /// The dependency parser.
    pub parser: Parser,
    /// The post-parse tagging pass, which re-decides unsure tags after the
    /// parse; `None`: the tagger's tags are final.
    pub retagger: Option<Retagger>,
}

impl Pipeline {
    /// The models shipped in `data/models/`, compiled into the binary and
    /// loaded on first use.
    pub fn embedded() -> Result<&'static Pipeline, SyntaxError> {
        static CELL: OnceLock<Result<Pipeline, String>> = OnceLock::new();
        let loaded = CELL.get_or_init(|| {
            Pipeline::from_bytes(EMBEDDED_TAGGER, EMBEDDED_LEMMAS, EMBEDDED_PARSER)
                .and_then(|p| p.with_retagger(EMBEDDED_RETAGGER, RETAGGER_FILE))
                .map_err(|e| e.to_string())
        });
        loaded
            .as_ref()
            .map_err(|message| SyntaxError::model("(embedded models)", message.clone()))
    }

    /// Loads the three models from their bytes.
    pub fn from_bytes(
        tagger: &[u8],
        lemmas: &[u8],
        parser: &[u8],
    ) -> Result<Pipeline, SyntaxError> {
        Ok(Pipeline {
            tagger: Tagger::load(tagger).map_err(|e| e.in_file(TAGGER_FILE))?,
            lemmatizer: Lemmatizer::load(lemmas).map_err(|e| e.in_file(LEMMAS_FILE))?,
            parser: Parser::load(parser)
                .map_err(|e| SyntaxError::model(PARSER_FILE, e.to_string()))?,
            retagger: None,
        })
    }

    /// This pipeline with the post-parse tagging pass read from `bytes`
    /// (named `file` in errors); refused when it was trained for another
    /// tagger's tag table.
    pub fn with_retagger(mut self, bytes: &[u8], file: &str) -> Result<Pipeline, SyntaxError> {
        let r = Retagger::load(bytes).map_err(|e| e.in_file(file))?;
        if !r.fits(&self.tagger) {
            return Err(SyntaxError::model(
                file,
                "trained for another tagger (the tag tables differ); retrain it",
            ));
        }
        self.retagger = Some(r);
        Ok(self)
    }

    /// This pipeline without the post-parse tagging pass.
    pub fn without_retagger(mut self) -> Pipeline {
        self.retagger = None;
        self
    }

    /// Loads the models from a directory holding [`TAGGER_FILE`],
    /// [`LEMMAS_FILE`] and [`PARSER_FILE`], and [`RETAGGER_FILE`] when it is
    /// there.
    pub fn from_dir(dir: &Path) -> Result<Pipeline, SyntaxError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|error| SyntaxError::Io { path, error })
        };
        let (t, l, p) = (read(TAGGER_FILE)?, read(LEMMAS_FILE)?, read(PARSER_FILE)?);
        let in_dir = |e: SyntaxError, name: &str| match e {
            SyntaxError::Model { message, .. } => {
                SyntaxError::model(dir.join(name).display().to_string(), message)
            }
            other => other,
        };
        let p = Pipeline {
            tagger: Tagger::load(&t).map_err(|e| in_dir(e, TAGGER_FILE))?,
            lemmatizer: Lemmatizer::load(&l).map_err(|e| in_dir(e, LEMMAS_FILE))?,
            parser: Parser::load(&p).map_err(|e| {
                SyntaxError::model(dir.join(PARSER_FILE).display().to_string(), e.to_string())
            })?,
            retagger: None,
        };
        let r_path = dir.join(RETAGGER_FILE);
        if !r_path.exists() {
            return Ok(p);
        }
        let r = read(RETAGGER_FILE)?;
        p.with_retagger(&r, &r_path.display().to_string())
    }

    /// A new sentence of `words` with predicted lemma, UPOS, XPOS, head and relation.
    pub fn annotate<S: AsRef<str>>(&self, words: &[S]) -> Sentence {
        let mut sentence = Sentence::from_forms(words);
        self.annotate_conllu(&mut sentence);
        sentence
    }

    /// Fills the lemma, UPOS, XPOS, head and relation of every word of
    /// `sentence` with predictions; forms, features, comments, enhanced
    /// dependencies, MISC and multi-word-token lines stay as they are.
    pub fn annotate_conllu(&self, sentence: &mut Sentence) {
        if sentence.words.is_empty() {
            return;
        }
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let (mut tags, scored) = match &self.retagger {
            Some(_) => self.tagger.tag_scored(&forms),
            None => (self.tagger.tag(&forms), Vec::new()),
        };
        let upos: Vec<&str> = tags.iter().map(|t| self.tagger.upos(*t)).collect();
        let xpos: Vec<&str> = tags.iter().map(|t| self.tagger.xpos(*t)).collect();
        let arcs = self.parser.parse_ids(&forms, &upos, &xpos);
        let n = sentence.words.len();
        let labels = self.parser.labels();
        let arcs: Vec<(u32, &str)> = (0..n)
            .map(|i| match arcs.get(i) {
                Some(&(h, l)) if (h as usize) <= n => {
                    (h, labels.get(usize::from(l)).map_or("dep", String::as_str))
                }
                _ => (0, "dep"),
            })
            .collect();
        // The post-parse pass re-decides unsure tags; the tree stays as parsed.
        let mut final_tags: Option<Vec<TagId>> = None;
        if let Some(r) = &self.retagger {
            let heads: Vec<u32> = arcs.iter().map(|a| a.0).collect();
            let labels: Vec<&str> = arcs.iter().map(|a| a.1).collect();
            if r.retag(&self.tagger, &forms, &mut tags, &scored, &heads, &labels) > 0 {
                final_tags = Some(tags);
            }
        }
        let (upos, xpos): (Vec<&str>, Vec<&str>) = match &final_tags {
            Some(t) => (
                t.iter().map(|t| self.tagger.upos(*t)).collect(),
                t.iter().map(|t| self.tagger.xpos(*t)).collect(),
            ),
            None => (upos, xpos),
        };
        let lemmas: Vec<String> = forms
            .iter()
            .zip(&xpos)
            .map(|(f, x)| self.lemmatizer.lemma(f, x))
            .collect();
        for ((((w, lemma), u), x), &(head, deprel)) in sentence
            .words
            .iter_mut()
            .zip(lemmas)
            .zip(&upos)
            .zip(&xpos)
            .zip(&arcs)
        {
            w.lemma = lemma;
            set(&mut w.upos, u);
            set(&mut w.xpos, x);
            w.head = head;
            set(&mut w.deprel, deprel);
        }
    }
}

/// Replaces `s` with `value`, reusing its buffer.
fn set(s: &mut String, value: &str) {
    s.clear();
    s.push_str(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_files_are_written_with_their_directory() {
        let dir = std::env::temp_dir().join(format!("dyad-models-{}", std::process::id()));
        let (path, n) = write_model_file(&dir, LEMMAS_FILE, |w| {
            w.extend_from_slice(b"lemmas");
            Ok(())
        })
        .unwrap();
        assert_eq!(n, 6);
        assert_eq!(std::fs::read(&path).unwrap(), b"lemmas");
        let err = write_model_file(&dir, TAGGER_FILE, |_| {
            Err(std::io::Error::other("no space"))
        })
        .unwrap_err();
        assert!(err.to_string().contains(TAGGER_FILE), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn embedded_models_load_and_annotate() {
        let p = Pipeline::embedded().unwrap();
        let s = p.annotate(&[
            "The", "police", "arrested", "two", "men", "in", "Kosovo", ".",
        ]);
        let upos: Vec<&str> = s.words.iter().map(|w| w.upos.as_str()).collect();
        assert_eq!(
            upos,
            ["DET", "NOUN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT"]
        );
        assert_eq!(s.words[2].lemma, "arrest");
        assert_eq!(s.words[4].lemma, "man");
        assert_eq!(s.words.iter().filter(|w| w.head == 0).count(), 1);
        assert_eq!(s.words[2].head, 0);
        assert_eq!(s.words[1].deprel, "nsubj");
    }

    #[test]
    fn annotate_conllu_keeps_forms_and_other_columns() {
        let p = Pipeline::embedded().unwrap();
        let text = "# sent_id = x\n1-2\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tca\t_\t_\t_\tF=1\t_\t_\t_\tM\n2\tn't\t_\t_\t_\t_\t_\t_\t_\t_\n3\tgo\t_\t_\t_\t_\t_\t_\t_\t_\n\n";
        let mut s = crate::conllu::parse_str(text, "t").unwrap().remove(0);
        let before = s.clone();
        p.annotate_conllu(&mut s);
        assert_eq!(s.comments, before.comments);
        assert_eq!(s.extra_lines, before.extra_lines);
        assert_eq!(s.words[0].feats, "F=1");
        assert_eq!(s.words[0].misc, "M");
        assert_eq!(s.words[1].lemma, "not");
        assert!(s.words.iter().all(|w| w.upos != "_" && w.deprel != "_"));
    }

    #[test]
    fn missing_model_dir_names_the_file() {
        let err = Pipeline::from_dir(Path::new("/nonexistent/models")).unwrap_err();
        assert!(err.to_string().contains("tagger.bin"), "{err}");
    }

    #[test]
    fn a_retagger_must_load_and_fit_the_tagger() {
        let p = Pipeline::from_bytes(EMBEDDED_TAGGER, EMBEDDED_LEMMAS, EMBEDDED_PARSER).unwrap();
        assert!(p.retagger.is_none());
        let err = p.with_retagger(b"junk", "x/retagger.bin").unwrap_err();
        assert!(err.to_string().contains("x/retagger.bin"), "{err}");
        // A pass trained for another tagger (the toy one) is refused.
        let (_, toy) = crate::retagger::tests::trained_once();
        let mut bytes = Vec::new();
        toy.write(&mut bytes).unwrap();
        let p = Pipeline::from_bytes(EMBEDDED_TAGGER, EMBEDDED_LEMMAS, EMBEDDED_PARSER).unwrap();
        let err = p.with_retagger(&bytes, "retagger.bin").unwrap_err();
        assert!(err.to_string().contains("another tagger"), "{err}");
    }

    #[test]
    fn the_retagger_changes_tags_not_trees() {
        let (tagger, toy) = crate::retagger::tests::trained_once();
        let base = Pipeline::from_bytes(EMBEDDED_TAGGER, EMBEDDED_LEMMAS, EMBEDDED_PARSER).unwrap();
        let mut with = Pipeline {
            tagger: tagger.clone(),
            retagger: Some(toy.with_margin(f32::INFINITY)),
            ..base
        };
        let words = ["You", "say", "that", "fish", "sleep", "."];
        let a = with.annotate(&words);
        with.retagger = None;
        let b = with.annotate(&words);
        for (x, y) in a.words.iter().zip(&b.words) {
            assert_eq!((x.head, &x.deprel), (y.head, &y.deprel));
        }
        assert!(a.words.iter().all(|w| !w.upos.is_empty() && w.upos != "_"));
    }

    #[test]
    fn corrupt_models_are_errors_naming_the_model() {
        let err = Pipeline::from_bytes(b"junk", EMBEDDED_LEMMAS, EMBEDDED_PARSER).unwrap_err();
        assert!(err.to_string().contains("tagger.bin"), "{err}");
        let err = Pipeline::from_bytes(EMBEDDED_TAGGER, b"junk", EMBEDDED_PARSER).unwrap_err();
        assert!(err.to_string().contains("lemmas.bin"), "{err}");
    }
}
