//! Same as `dyad dict import-petrarch FILES... --out DIR`, for use without the CLI crate:
//! `cargo run -p dyad-dict --example import_petrarch -- DIR FILES...`.
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, files)) = args.split_first() else {
        eprintln!("usage: import_petrarch OUT_DIR FILES...");
        return ExitCode::from(2);
    };
    let imported = match dyad_dict::import::import_files(files) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut bad = 0;
    for r in &imported.reports {
        for e in &r.errors {
            eprintln!("{e}");
            bad += 1;
        }
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("error: {out}: {e}");
        return ExitCode::from(2);
    }
    for (name, text) in &imported.files {
        let path = std::path::Path::new(out).join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
        eprintln!("wrote {}", path.display());
    }
    if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
