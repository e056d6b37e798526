//! Codes one plain-text file with a given date and prints the events as JSON lines
//! (a development aid; the product command is `dyad code`).
//!
//! `cargo run -p dyad-coder --example code_text -- FILE DATE`
use dyad_coder::{Coder, CoderOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: code_text FILE [DATE]")?;
    let date = args.next();
    let text = std::fs::read_to_string(&path)?;
    let id = std::path::Path::new(&path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = dyad_docs::Document {
        id,
        date,
        text,
        ..Default::default()
    };
    let coder = Coder::new(CoderOptions::default())?;
    for e in coder.code_document(&doc)? {
        println!("{}", serde_json::to_string(&e)?);
    }
    Ok(())
}
