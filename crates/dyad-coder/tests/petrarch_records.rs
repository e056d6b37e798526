//! PETRARCH's unit-test suite as a regression net: the pass count may not fall below the
//! last recorded floor, and the records that exercise a rule of dyad's own (listed with
//! the rule) must pass. Reads `../shared/data/petrarch2`; skipped when it is absent.
//!
//! When a change raises the count, raise `FLOOR` to the new figure (the suite's report:
//! `cargo run --release -p dyad-coder --example petrarch_suite -- ../shared/data/petrarch2`).
use std::path::PathBuf;

use dyad_coder::petrarch::{read_records, run, validation_coder};
use dyad_coder::CoderOptions;

/// Records passing at the last count (of 284).
const FLOOR: usize = 230;

/// Records that test one rule each, with the rule.
const MUST_PASS: &[(&str, &str)] = &[
    (
        "VERB-23",
        "an xcomp without 'to' takes the head's actor object as its subject",
    ),
    (
        "COMPOUND-17",
        "a possessor's country outranks the dictionary's office for a titled name",
    ),
    (
        "COMPOUND-19",
        "modifiers between the possessor and the title are skipped",
    ),
    (
        "DEMO-27",
        "a passive clause misread as xcomp is not where the object is searched",
    ),
    ("DEMO-00", "subject of 'is about to restore'"),
    (
        "SYNSET-24b",
        "an infinitive on the object of a verb is the verb's subject's act",
    ),
    (
        "DEMO-04",
        "a pattern coded +++ (complex event) falls back to the verb's code",
    ),
    (
        "DEMO-21",
        "the possessor of a subject split by the parse ('death and injury toll')",
    ),
    (
        "DEMO-32",
        "an object the parse hangs on the verb's oblique noun is the verb's",
    ),
    (
        "DEMO-05",
        "a passive with no agent takes the source a pattern places after the verb",
    ),
    (
        "AGENTS-18",
        "'former' before an office makes the holders elites (ELI)",
    ),
    (
        "COMPOUND-07B",
        "an actor read as an apposition inside a listed coordination",
    ),
    (
        "SYNSET-23e",
        "the author of a thing acted upon: 'memos sent by Bree'",
    ),
    (
        "COMPOUND-29",
        "a bare noun in an object's place is no verb: 'promised raids'",
    ),
    (
        "VERB-18",
        "a bare noun subject may be a mistagged verb: 'Ethiopia departs from Libya'",
    ),
    (
        "PATTERN-01",
        "the subject of a passive verb does its infinitive: 'was seen to break'",
    ),
    (
        "DATE-11",
        "a pronoun subject of the complement hands the target to the clause's own object",
    ),
];

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch2")
}

#[test]
fn suite_does_not_regress() {
    let dir = suite_dir();
    let Ok(xml) = std::fs::read_to_string(dir.join("PETR.UnitTest.records.xml")) else {
        eprintln!("skipped: {} not found", dir.display());
        return;
    };
    let records = read_records(&xml);
    assert_eq!(records.len(), 284, "the suite file changed");
    let coder = validation_coder(&dir, CoderOptions::default()).expect("validation coder");
    let results = run(&coder, &records);
    let passed = results.iter().filter(|r| r.passed).count();
    assert!(
        passed >= FLOOR,
        "PETRARCH suite: {passed} of {} pass, below the floor of {FLOOR}",
        results.len()
    );
    for (id, rule) in MUST_PASS {
        let r = results
            .iter()
            .find(|r| r.id == *id)
            .unwrap_or_else(|| panic!("record {id} not in the suite"));
        assert!(
            r.passed,
            "{id} ({rule}): want {:?}, got {:?}",
            r.expected, r.found
        );
    }
}
