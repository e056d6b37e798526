//! The embedded dictionaries: load cleanly, with the expected entry counts.
use dyad_dict::Dictionaries;

#[test]
fn embedded_dictionaries_have_no_bad_lines_and_expected_sizes() {
    let (d, reports) = Dictionaries::from_texts(dyad_dict::dict::EMBEDDED.iter().copied());
    for r in &reports {
        assert!(r.errors.is_empty(), "{}: {:?}", r.file, r.errors.first());
        assert_eq!(r.read, r.total);
    }
    let s = d.set();
    println!(
        "actors {} agents {} verbs {} patterns {} synsets {} discards {} issues {}",
        s.actors.len(),
        s.agents.len(),
        s.verbs.len(),
        s.patterns.len(),
        s.synsets.len(),
        s.discards.len(),
        s.issues.len()
    );
    assert!(s.actors.len() > 27_000, "{}", s.actors.len());
    assert!(s.agents.len() > 5_000);
    assert!(s.verbs.len() > 1_500);
    assert!(s.patterns.len() > 4_500);
    assert!(s.discards.len() > 400);
    assert!(s.issues.len() > 3_000);
    assert!(d.verbs_for_lemma("accelerate").count() >= 1);
    assert!(d.synset("CURRENCY").is_some());
}

#[test]
fn every_country_of_countryinfo_has_a_capital_entry_for_its_government() {
    let d = Dictionaries::embedded().expect("loads");
    for (capital, code) in [
        ("Belgrade", "SRBGOV"),
        ("Paris", "FRAGOV"),
        ("Kabul", "AFGGOV"),
        ("Pristina", "KOSGOV"),
    ] {
        assert_eq!(
            d.lookup_phrase(capital, None).map(|r| r.code).as_deref(),
            Some(code),
            "{capital}"
        );
    }
}
