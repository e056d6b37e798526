//! Trains the tagger and lemmatiser: `train_tagger UD_DIR OUT_DIR [EPOCHS [MIN_WEIGHT]]`.
//! (The CLI's `dyad train tagger` does the same.) Environment: `TEXTS` (JSON
//! lines of unlabelled text), `AMB_MIN`, `LEXICON_FOLDS`, `JACKKNIFE`,
//! `MARGIN`, `BACKWARD=0|1`, `PATIENCE`, `SEEDS` (models averaged per pass,
//! `TrainOptions::seeds`), `ENSEMBLE_FOLDS=0|1` (the jackknife fold models
//! averaged too) override the training options;
//! `LEMMAS_ONLY` trains only the lemmatiser.
/// The value of environment variable `name`, when it is set and parses.
fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ud = args.get(1).map_or("../shared/data/ud", String::as_str);
    let out = args.get(2).map_or("data/models", String::as_str);
    let mut opts = dyad_syntax::tagger::TrainOptions::default();
    if let Some(e) = args.get(3).and_then(|e| e.parse().ok()) {
        opts.epochs = e;
    }
    let flag = |name: &str| std::env::var(name).ok().map(|v| v != "0");
    if let Some(m) = env("AMB_MIN") {
        opts.ambiguity_min_count = m;
    }
    if let Some(f) = env("LEXICON_FOLDS") {
        opts.lexicon_folds = f;
    }
    if let Some(k) = env("JACKKNIFE") {
        opts.jackknife_folds = k;
    }
    if let Some(m) = env("MARGIN") {
        opts.second_pass_margin = m;
    }
    if let Some(b) = flag("BACKWARD") {
        opts.backward_first_pass = b;
    }
    if let Some(p) = env("PATIENCE") {
        opts.patience = p;
    }
    if let Some(k) = env("SEEDS") {
        opts.seeds = k;
    }
    if let Some(b) = flag("ENSEMBLE_FOLDS") {
        opts.ensemble_folds = b;
    }
    if let Some(m) = args.get(4).and_then(|m| m.parse().ok()) {
        opts.min_weight = m;
    }
    let t = std::time::Instant::now();
    if std::env::var_os("LEMMAS_ONLY").is_some() {
        let train = dyad_syntax::pipeline::read_treebanks(
            std::path::Path::new(ud),
            &dyad_syntax::pipeline::TRAIN_FILES,
        );
        let r = train.and_then(|t| {
            dyad_syntax::pipeline::write_lemmatizer(&t, std::path::Path::new(out), &mut |m| {
                eprintln!("{m}")
            })
        });
        if let Err(e) = r {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
        return;
    }
    let r = dyad_syntax::pipeline::train_tagger_files(
        std::path::Path::new(ud),
        std::env::var_os("TEXTS")
            .as_deref()
            .map(std::path::Path::new),
        std::path::Path::new(out),
        &opts,
        &mut |m| eprintln!("[{:7.1}s] {m}", t.elapsed().as_secs_f64()),
    );
    if let Err(e) = r {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
