//! Prints the actor mentions the coder finds in a sentence (a development aid).
//!
//! `cargo run -p dyad-coder --example mentions -- "SENTENCE"`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::env::args().nth(1).unwrap_or_default();
    let d = dyad_coder::coder::load_dictionaries()?;
    let toks = dyad_coder::tokens::toks_of(&text);
    for m in dyad_coder::mentions::find_mentions(&d, &toks, dyad_dict::Date::new(2023, 5, 27)) {
        println!(
            "{:?} {:?} code={} agent={} person={} surname={:?} rule={}",
            m.text(&toks),
            m.kind,
            m.code,
            m.agent,
            m.person,
            m.surname,
            m.rule
        );
    }
    for v in dyad_coder::verbs::find_verbs(&d, &toks) {
        println!(
            "verb {} {}..{} passive={} negated={}",
            v.lemma, v.start, v.end, v.passive, v.negated
        );
    }
    Ok(())
}
