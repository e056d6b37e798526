//! Prints the sentences of a text file, one a line: paragraph, kind, and the
//! token forms separated by spaces (with `--raw`, the sentence's original text).
//! `cargo run -p dyad-text --example split [--raw] FILE`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let raw = args.iter().any(|a| a == "--raw");
    let Some(path) = args.iter().find(|a| *a != "--raw").cloned() else {
        eprintln!("usage: split [--raw] FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let text = match dyad_text::decode(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    for s in dyad_text::sentence_iter(text) {
        if raw {
            println!("{}\t{:?}\t{:?}", s.paragraph, s.kind, &text[s.start..s.end]);
        } else {
            let forms: Vec<&str> = s.tokens.iter().map(|t| t.form.as_str()).collect();
            println!("{}\t{:?}\t{}", s.paragraph, s.kind, forms.join(" "));
        }
    }
    ExitCode::SUCCESS
}
