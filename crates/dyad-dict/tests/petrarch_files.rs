//! Loads every shipped PETRARCH dictionary file and checks that each line is accounted for.
use std::path::PathBuf;

use dyad_dict::petrarch::{read_files, Kind};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch2")
}

/// The shipped files and how many of their lines are reported (typos in the sources:
/// a 7-digit date, a missing `]`, a code glued to a second entry, ...).
const FILES: [(&str, usize); 12] = [
    ("CAMEO.2.0.txt", 7),
    ("Phoenix.Countries.actors.txt", 8),
    ("Phoenix.International.actors.txt", 4),
    ("Phoenix.MilNonState.actors.txt", 0),
    ("Phoenix.agents.txt", 2),
    ("Phoenix.discards.txt", 0),
    ("Phoenix.IssueCoding.txt", 18),
    ("Phoenix.prepositions.txt", 0),
    ("PETR.Validate.verbs.txt", 0),
    ("PETR.Validate.actors.txt", 0),
    ("PETR.Validate.agents.txt", 0),
    ("PETR.Validate.discards.txt", 0),
];

#[test]
fn every_line_of_every_shipped_file_is_read_or_reported() {
    let paths: Vec<PathBuf> = FILES.iter().map(|(f, _)| dir().join(f)).collect();
    let (set, reports) = read_files(&paths).expect("shipped files are readable");
    for ((r, p), (_, expected)) in reports.iter().zip(&paths).zip(FILES) {
        assert_eq!(r.errors.len(), expected, "{}", r.file);
        let text = std::fs::read_to_string(p).expect("utf-8");
        assert_eq!(r.total as usize, text.lines().count(), "{}", r.file);
        assert_eq!(
            r.read as usize + r.errors.len(),
            r.total as usize,
            "{}",
            r.file
        );
        for e in &r.errors {
            assert!(e
                .to_string()
                .starts_with(&format!("{}:{}: ", r.file, e.line)));
            println!("{e}");
        }
        println!(
            "{:?} {}: {} lines, {} read, {} reported",
            r.kind,
            r.file,
            r.total,
            r.read,
            r.errors.len()
        );
    }
    let errors: usize = reports.iter().map(|r| r.errors.len()).sum();
    println!("actors {} agents {} verbs {} patterns {} synsets {} blocks {} transformations {} discards {} issues {} prepositions {}",
        set.actors.len(), set.agents.len(), set.verbs.len(), set.patterns.len(), set.synsets.len(),
        set.verb_blocks.len(), set.transformations.len(), set.discards.len(), set.issues.len(), set.prepositions.len());
    assert!(reports
        .iter()
        .all(|r| r.kind != Kind::Verbs || r.errors.len() < 20));
    assert!(errors < 100, "{errors} lines reported");
    assert!(set.actors.len() > 20_000);
    assert!(set.patterns.len() > 4_500);
}
