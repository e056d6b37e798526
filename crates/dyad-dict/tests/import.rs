//! `import_files`: PETRARCH files in, project-format files out, loadable, bad lines named.
use dyad_dict::import::import_files;
use dyad_dict::{Date, Dictionaries};

#[test]
fn import_then_load_round_trip() {
    let dir = std::env::temp_dir().join(format!("dyad-dict-import-{}", std::process::id()));
    let src = dir.join("src");
    let out = dir.join("out");
    std::fs::create_dir_all(&src).expect("temp dir");
    std::fs::write(
        src.join("My.actors.txt"),
        "KOSOVO [KSV]\n+PRISTINA\nALBIN_KURTI_ #\n\t[KSVOPP]\nBROKEN [ABC\n",
    )
    .expect("write");
    std::fs::write(
        src.join("My.agents.txt"),
        "POLICE {} [~COP]\nNO_CODE_HERE\n",
    )
    .expect("write");
    std::fs::write(
        src.join("My.verbs.txt"),
        "--- CONDEMN [111] ---\nCONDEMN\n- * (FOR ATTACK) [112]\n",
    )
    .expect("write");
    let files = [
        src.join("My.actors.txt"),
        src.join("My.agents.txt"),
        src.join("My.verbs.txt"),
    ];
    let imported = import_files(&files).expect("import");
    let errors: Vec<String> = imported
        .reports
        .iter()
        .flat_map(|r| r.errors.iter().map(|e| e.to_string()))
        .collect();
    assert_eq!(errors.len(), 2);
    assert!(errors[0].contains("My.actors.txt:5: "), "{errors:?}");
    assert!(errors[1].contains("My.agents.txt:2: "), "{errors:?}");
    let names: Vec<&str> = imported.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["10-actors.dyad", "10-agents.dyad", "10-verbs.dyad"]);
    std::fs::create_dir_all(&out).expect("out dir");
    for (n, t) in &imported.files {
        std::fs::write(out.join(n), t).expect("write");
    }
    std::fs::write(
        out.join("90-local.dyad"),
        "actor\nname albin kurti\ncode KOSGOV 2021-03-22..\n",
    )
    .expect("write");
    let (d, reports) = Dictionaries::load_dir(&out).expect("load");
    assert!(reports.iter().all(|r| r.errors.is_empty()));
    let code = |p: &str, y| d.lookup_phrase(p, Date::new(y, 5, 27)).map(|r| r.code);
    assert_eq!(code("Kosovo police", 2023).as_deref(), Some("KOSCOP"));
    assert_eq!(code("Albin Kurti", 2023).as_deref(), Some("KOSGOV"));
    assert_eq!(code("Albin Kurti", 2015).as_deref(), Some("KOSOPP"));
    assert_eq!(d.verbs_for_lemma("condemn").count(), 1);
    assert_eq!(d.patterns_of_block(0).count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
