//! Runs PETRARCH's unit-test suite and prints the pass rate per category (a development
//! aid; the product command is `dyad eval --petrarch DIR`). `-v` lists the failing
//! records; `--only ID` codes the records whose id starts with ID and prints their
//! sentence analysis (tokens, parse, actors, and what became of each verb).
//!
//! `cargo run -p dyad-coder --example petrarch_suite -- ../shared/data/petrarch2 [-v] [--only ID]`
use dyad_coder::CoderOptions;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .ok_or("usage: petrarch_suite DIR [-v] [--only ID]")?,
    );
    let verbose = args.iter().any(|a| a == "-v");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1));
    let xml = std::fs::read_to_string(dir.join("PETR.UnitTest.records.xml"))?;
    let records = dyad_coder::petrarch::read_records(&xml);
    if let Some(prefix) = only {
        let coder = dyad_coder::petrarch::validation_coder(&dir, CoderOptions { explain: true })?;
        for r in records.iter().filter(|r| r.id.starts_with(prefix.as_str())) {
            let doc = dyad_docs::Document {
                id: r.id.clone(),
                date: r.date.clone(),
                text: r.text.clone(),
                ..Default::default()
            };
            println!(
                "== {} {:?}\n{}\nwant {:?}",
                r.id, r.date, r.text, r.expected
            );
            let (events, traces) = coder.code_document_traced(&doc)?;
            for t in traces {
                print!("{}", t.table);
            }
            for e in events {
                let target = e.target.map(|t| t.code).unwrap_or_default();
                println!(
                    "got {} {} {} negated={}",
                    e.source.code, target, e.cameo, e.negated
                );
            }
        }
        return Ok(());
    }
    let coder = dyad_coder::petrarch::validation_coder(&dir, CoderOptions::default())?;
    let results = dyad_coder::petrarch::run(&coder, &records);
    if verbose {
        for r in results.iter().filter(|r| !r.passed) {
            println!("FAIL {} want {:?} got {:?}", r.id, r.expected, r.found);
        }
    }
    let (mut p, mut t) = (0, 0);
    for (c, passed, total) in dyad_coder::petrarch::by_category(&results) {
        println!(
            "{c:10} {passed:4}/{total:<4} {:.1}%",
            100.0 * passed as f64 / total as f64
        );
        p += passed;
        t += total;
    }
    println!(
        "{:10} {p:4}/{t:<4} {:.1}%",
        "all",
        100.0 * p as f64 / t.max(1) as f64
    );
    Ok(())
}
