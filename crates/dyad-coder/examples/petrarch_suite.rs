//! Runs PETRARCH's unit-test suite and prints the pass rate per category (a development
//! aid; the product command is `dyad eval --petrarch DIR`).
//!
//! `cargo run -p dyad-coder --example petrarch_suite -- ../shared/data/petrarch2 [-v]`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: petrarch_suite DIR [-v]")?,
    );
    let verbose = std::env::args().any(|a| a == "-v");
    let xml = std::fs::read_to_string(dir.join("PETR.UnitTest.records.xml"))?;
    let records = dyad_coder::petrarch::read_records(&xml);
    let coder = dyad_coder::petrarch::validation_coder(&dir)?;
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
