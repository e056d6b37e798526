//! The canonical seed article: every sentence, its paragraph and its kind.

use dyad_text::SentenceKind::{self, *};

/// Where the project's shared data lies: `../shared` beside the repository.
fn shared() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

const EXPECTED: &[(u32, SentenceKind, &str)] = &[
    (0, Prose, "The Serbian Security Council announced that his country's army remains on high alert, and a statement on Saturday attributed the decision to what it described as the \"brutal use of force\" against the Serb minority in northern Kosovo."),
    (1, Prose, "The Serbian Security Council blamed the NATO-led Kosovo Force (KFOR) for what happened, saying it had not \"done its job\"."),
    (2, Prose, "This came a day after clashes between ethnic Serbs and police in Kosovo on Friday, with police cars torched in three northern municipalities, on the border with Serbia."),
    (3, Prose, "Ten people were injured in those clashes after police dispersed with tear gas Serb residents who wanted to prevent Albanian mayors from taking office after they were elected in April in a ballot in which Serbs refused to participate."),
    (4, Prose, "The police also said in a statement that they are taking measures and measures to prevent all criminal activities in the country, and provide assistance to the northern municipalities of \"Zvečan\", \"Leposavik\" and \"Zubin Potok\"."),
    (4, Prose, "It added that it carries out its duties in accordance with the provisions of the law and the constitution in the country to maintain security and public safety."),
    (5, Headline, "Rising tension"),
    (6, Prose, "Tensions in Kosovo began when the authorities organized local elections in the north boycotted by the province's Serb minority, allowing Albanians to control local councils."),
    (7, Prose, "Serbia supported the boycotters, who called for the establishment of an association of Serbian municipalities in northern Kosovo as a form of autonomy for Kosovo's estimated 120,<> Serb minority."),
    (8, Prose, "The Kosovo authorities certified the election results despite very low turnout, and Albanians assumed the presidency of the northern municipalities, provoking the Serb minority who came out to demonstrate."),
    (9, Prose, "The new mayors were escorted by Kosovo police to their municipal buildings, and there were clashes between Serb demonstrators and police forces who used tear gas to disperse them."),
    (10, Headline, "NATO and Russia"),
    (11, Prose, "For his part, NATO urged the authorities in Kosovo to ease tensions with Serbia, and NATO spokeswoman Oana Longescu - in a tweet - called on institutions in Kosovo to calm down immediately and work to resolve the crisis through dialogue."),
    (12, Prose, "The NATO spokeswoman stressed that the alliance-led peacekeeping force in Kosovo would remain vigilant and work to maintain security and stability."),
    (13, Prose, "In a related context, the Russian agency Sputnik quoted a senior official in the Russian Foreign Ministry that Moscow will continue to support Serbia in protecting its rights, sovereignty and territorial integrity, and stressed that any resolution on Kosovo must be acceptable to the Serbs, and approved by the UN Security Council."),
    (14, Prose, "For her part, Russian Foreign Ministry spokeswoman Maria Zakharova said that Moscow is watching with concern the deterioration of the situation in the province of Kosovo, and that she strongly condemns Pristina's provocative steps that brought the situation approaching the hot stage, and directly threatens the security of the entire Balkan region, as she put it."),
    (14, Prose, "Zakharova blamed the United States and the European Union."),
    (15, Headline, "American-European criticism"),
    (16, Prose, "In a joint statement, the United States, France, Italy, Germany and Britain condemned the Kosovo government's decision to forcibly enter municipal buildings in northern Kosovo despite calls for restraint."),
    (17, Prose, "In the statement, the five countries called on the Kosovo authorities to immediately retreat and de-escalate, and expressed concern over Serbia's decision to raise the level of readiness of its armed forces on the border with Kosovo."),
    (18, Prose, "The statement called on all parties to exercise maximum restraint and avoid what it called inflammatory rhetoric."),
    (19, Prose, "U.S. Secretary of State Antony Blinken said earlier he strongly condemned the Kosovo government's actions to gain forcible access to municipal buildings in northern Kosovo."),
    (19, Prose, "He added that these actions were taken by Kosovo against the advice of the United States and Kosovo's European partners."),
    (20, Prose, "The European Union also condemned the clashes between demonstrators and police in northern Kosovo and condemned the attacks on EULEX patrols."),
    (21, Prose, "The sustainability and success of the Republic of Kosovo's institutions' legitimate actions against illegal structures in the north, also depends on coordination with our allies, who are the guarantors of our freedom & independence."),
    (22, Prose, "My full statement: https://t.co/SL6HqgL0ab"),
    (23, Signature, "— Vjosa Osmani (@VjosaOsmaniPRKS) May 26, 2023"),
    (24, Headline, "Kosovar insistence"),
    (25, Prose, "In a statement that did not hint at the possibility of a retreat, Kosovo Prime Minister Albin Kurti said authorities in Pristina understood the \"concerns\" of their international partners, but that \"any other option would be tantamount to non-fulfillment of constitutional obligations.\""),
    (26, Prose, "\"I call on everyone, especially Kosovo's Serb citizens, to cooperate with the new mayors and their councils, which will be multi-ethnic, multicultural and multilingual,\" Corti said."),
];

#[test]
fn seed_article_sentences() {
    let path = shared().join("seed/kosovo-2023-05-27.txt");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = dyad_text::decode(&bytes).expect("the seed is UTF-8");
    let got: Vec<(u32, SentenceKind, &str)> = dyad_text::sentences(text)
        .iter()
        .map(|s| (s.paragraph, s.kind, &text[s.start..s.end]))
        .collect();
    for (i, (g, e)) in got.iter().zip(EXPECTED).enumerate() {
        assert_eq!(g, e, "sentence {i}");
    }
    assert_eq!(got.len(), EXPECTED.len());
}

#[test]
fn seed_article_tokens() {
    let path = shared().join("seed/kosovo-2023-05-27.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let s = dyad_text::sentences(&text);
    let forms = |i: usize| -> Vec<&str> { s[i].tokens.iter().map(|t| t.form.as_str()).collect() };
    assert_eq!(
        forms(1)[..10],
        ["The", "Serbian", "Security", "Council", "blamed", "the", "NATO", "-", "led", "Kosovo"]
    );
    let last = forms(28);
    assert_eq!(
        last[last.len() - 5..],
        ["of", "constitutional", "obligations", ".", "\""]
    );
    // The signature keeps its handle whole, and the em dash reads "--".
    assert_eq!(
        forms(26),
        [
            "--",
            "Vjosa",
            "Osmani",
            "(",
            "@VjosaOsmaniPRKS",
            ")",
            "May",
            "26",
            ",",
            "2023"
        ]
    );
    // "Zvečan" meets "Zvecan" through the folded form.
    let zv = s[4]
        .tokens
        .iter()
        .find(|t| t.form.starts_with("Zve"))
        .expect("Zvečan");
    assert_eq!(zv.folded(), "zvecan");
    assert_eq!(&text[zv.start..zv.end], "Zvečan");
}
