//! `dyad code` as a user runs it: the real binary on the bundled seed article and on a
//! JSON-lines batch with bad lines, in each output format and with `--explain`.
use std::io::Write;
use std::process::{Command, Stdio};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/kosovo-2023-05-27.txt"
);

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

#[test]
fn seed_article_gives_explained_events_in_json_and_tsv() {
    let out = dyad()
        .args(["code", SEED, "--date", "2023-05-27", "--threads", "1"])
        .output()
        .expect("runs dyad");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let events: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON event per line"))
        .collect();
    assert!(events.len() >= 20, "{} events", events.len());
    let condemn = |src: &str| {
        events.iter().any(|e| {
            e["source"]["code"] == src && e["root"] == "11" && e["target"]["code"] == "KOSGOV"
        })
    };
    for src in ["USA", "FRA", "ITA", "DEU", "GBR"] {
        assert!(condemn(src), "{src} condemns the Kosovo government");
    }
    assert!(events.iter().all(|e| e["evidence"]["rule"]
        .as_str()
        .is_some_and(|r| r.contains("roles:"))));

    let tsv = dyad()
        .args(["code", SEED, "--date", "2023-05-27", "--format", "tsv"])
        .output()
        .expect("runs dyad");
    let tsv = String::from_utf8(tsv.stdout).expect("UTF-8");
    let mut rows = tsv.lines();
    let header = rows.next().expect("a header");
    assert!(header.starts_with("doc_id\tdate\tsource"), "{header}");
    assert_eq!(rows.count(), events.len());

    let explained = dyad()
        .args(["code", SEED, "--date", "2023-05-27", "--explain"])
        .output()
        .expect("runs dyad");
    let explained = String::from_utf8(explained.stdout).expect("UTF-8");
    assert!(explained.contains("# rule: "));
    // The parse is shown: the five coordinated subjects of "condemned".
    assert!(explained
        .lines()
        .any(|l| l.contains("\tcondemned\t") && l.contains("root")));
    assert!(explained.contains("subject from parse"));
    // So are the analysed sentences that gave no event, for reading a miss.
    assert!(explained.contains(": no event"));
}

#[test]
fn bad_documents_are_reported_and_the_batch_goes_on() {
    let batch = concat!(
        "{\"id\": \"ok\", \"date\": \"2024-03-12\", \"text\": \"Germany condemned Russia.\"}\n",
        "{\"id\": broken\n",
        "{\"id\": \"no-text\", \"date\": \"2024-03-12\"}\n",
        "{\"id\": \"bad-date\", \"date\": \"12 March\", \"text\": \"Chile praised Peru.\"}\n",
        "{\"id\": \"german\", \"text\": \"Die Regierung hat am Montag die Entscheidung des Gerichts ",
        "kritisiert und eine neue Untersuchung gefordert, die von der Opposition abgelehnt wurde.\"}\n",
        "{\"id\": \"ok2\", \"date\": \"2024-03-12\", \"text\": \"Japan urged China to release the fishermen.\"}\n",
    );
    let mut child = dyad()
        .args(["code", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs dyad");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(batch.as_bytes())
        .expect("writes the batch");
    let out = child.wait_with_output().expect("dyad finishes");
    assert_eq!(out.status.code(), Some(1), "some documents failed");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8");
    let ids: Vec<String> = stdout
        .lines()
        .map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).expect("JSON event");
            e["doc_id"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert!(ids.iter().any(|i| i == "ok") && ids.iter().any(|i| i == "ok2"));
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    let errors: Vec<serde_json::Value> = stderr
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let failed = |key: &str, value: serde_json::Value| errors.iter().any(|e| e[key] == value);
    assert!(
        failed("line", 2.into()),
        "the broken line is named: {stderr}"
    );
    assert!(
        failed("line", 3.into()),
        "the line with no text is named: {stderr}"
    );
    for id in ["bad-date", "german"] {
        assert!(failed("doc_id", id.into()), "{id} is reported: {stderr}");
    }
}
