//! Queries and exports over a small store built with the test coder (a test double).

mod common;

use std::fs;
use std::path::PathBuf;

use common::{kosovo_warc, test_coder};
use dyad_store::{EventFilter, ExportFormat, IngestOptions, Page, Period, Reader, Store};

fn build(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("dyad-store-q-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("in")).unwrap();
    fs::write(dir.join("in/kosovo.warc.gz"), kosovo_warc()).unwrap();
    let lines = [
        r#"{"id":"a1","date":"2023-05-02","source":"wire","text":"Serbia accused Kosovo of lying. Russia held talks with Serbia."}"#,
        r#"{"id":"a2","date":"2023-05-02","source":"paper","text":"Serbia accused Kosovo again, said the minister."}"#,
        r#"{"id":"a3","date":"2023-05-20","text":"Kosovo forces attack Serbia, officials in Serbia said."}"#,
        r#"{"id":"a4","date":"2023-06-15","text":"The United States sent aid to Kosovo."}"#,
        r#"{"id":"a5","text":"China and Japan, undated."}"#,
    ];
    fs::write(dir.join("in/news.jsonl"), lines.join("\n")).unwrap();
    let db = dir.join("q.db");
    let mut store = Store::open(&db).unwrap();
    let report = store
        .ingest(
            dyad_docs::read_paths([dir.join("in")]),
            &test_coder,
            &IngestOptions::default(),
            &mut (),
        )
        .unwrap();
    assert_eq!(report.progress.stored, 8);
    (dir, db)
}

#[test]
fn filters_trends_actors_and_documents() {
    let (dir, db) = build("filters");
    let r = Reader::open(&db).unwrap();
    let srb = EventFilter {
        source: Some("srb".into()),
        ..Default::default()
    };
    let events = r.events(&srb, Page::default()).unwrap();
    assert_eq!(
        events.len(),
        4,
        "a1, a2, k1, k2 (the negated sentence of k1 is left out)"
    );
    assert!(events
        .iter()
        .all(|e| e.event.source.code == "SRB" && !e.event.negated));
    let with_negated = r
        .events(
            &EventFilter {
                include_negated: true,
                ..srb.clone()
            },
            Page::default(),
        )
        .unwrap();
    assert_eq!(with_negated.len(), 4, "the negated one is KOS->SRB");
    let may = EventFilter {
        from: Some("2023-05-01".into()),
        to: Some("2023-05-31".into()),
        cameo: Some("11".into()),
        text: Some("again".into()),
        ..Default::default()
    };
    let found = r
        .events(
            &may,
            Page {
                offset: 0,
                limit: 10,
            },
        )
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].event.doc_id, "a2");
    assert!(r
        .events(
            &EventFilter {
                from: Some("May".into()),
                ..Default::default()
            },
            Page::default()
        )
        .is_err());
    assert!(r
        .events(
            &EventFilter {
                actor: Some("S%".into()),
                ..Default::default()
            },
            Page::default()
        )
        .is_err());
    let page2 = r
        .events(
            &EventFilter::default(),
            Page {
                offset: 2,
                limit: 2,
            },
        )
        .unwrap();
    let all = r
        .events(
            &EventFilter::default(),
            Page {
                offset: 0,
                limit: 100,
            },
        )
        .unwrap();
    assert_eq!(page2, all[2..4].to_vec());

    let days = r.trend("SRB", "KOS", Period::Day).unwrap();
    assert_eq!(days.first().unwrap().period, "2023-05-02");
    assert_eq!(days.last().unwrap().period, "2023-05-31");
    assert_eq!(days.len(), 30, "empty days are filled in");
    let d2 = &days[0];
    assert_eq!(
        (d2.forward.events, d2.forward.quad, d2.forward.mentions),
        (1, [0, 0, 1, 0], 2)
    );
    assert_eq!(d2.forward.goldstein, -2.0);
    let months = r.trend("SRB", "KOS", Period::Month).unwrap();
    assert_eq!(months.len(), 1);
    assert_eq!(months[0].forward.events, 2, "2 May and 29 May accusations");
    assert_eq!(
        months[0].backward.quad,
        [1, 0, 0, 1],
        "talks on 31 May, attack on 20 May"
    );
    assert_eq!(months[0].backward.goldstein, -9.0);
    let weeks = r.trend("KOS", "SRB", Period::Week).unwrap();
    assert_eq!(weeks[0].period, "2023-05-01", "weeks start on Monday");

    let actors = r.actors(3).unwrap();
    assert_eq!(actors[0].code, "SRB");
    assert_eq!(actors.len(), 3);

    let doc = r
        .document("urn:uuid:k1")
        .unwrap()
        .expect("WARC page stored");
    assert_eq!(doc.url.as_deref(), Some("https://news.example/k1"));
    assert_eq!(doc.date.as_deref(), Some("2023-05-29"));
    assert_eq!(doc.events.len(), 3);
    assert!(doc.events[1].event.negated && doc.events[1].unique_id.is_none());
    assert!(r.document("nope").unwrap().is_none());

    // Read-only: writes are refused.
    assert!(r.query("DELETE FROM documents", &mut |_, _| true).is_err());
    let mut n = 0;
    r.query("SELECT id FROM documents", &mut |cols, _| {
        assert_eq!(cols, ["id"]);
        n += 1;
        n < 3
    })
    .unwrap();
    assert_eq!(n, 3, "stopping early works");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exports_write_every_event_once() {
    let (dir, db) = build("exports");
    let r = Reader::open(&db).unwrap();
    let (_, _, unique) = r.counts().unwrap();
    let all = EventFilter::default();

    let jsonl = dir.join("e.jsonl");
    assert_eq!(
        r.export(ExportFormat::Jsonl, &all, Some(&jsonl), false)
            .unwrap(),
        unique
    );
    let text = fs::read_to_string(&jsonl).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len() as u64, unique);
    let srb_kos = rows
        .iter()
        .find(|v| v["date"] == "2023-05-29" && v["source_code"] == "SRB" && v["cameo"] == "112")
        .unwrap();
    assert_eq!(srb_kos["num_mentions"], 2);
    assert_eq!(srb_kos["num_sources"], 2, "news.example and other.example");
    assert_eq!(
        srb_kos["doc_ids"],
        serde_json::json!(["urn:uuid:k1", "urn:uuid:k2"])
    );

    let csv = dir.join("e.csv");
    r.export(ExportFormat::Csv, &all, Some(&csv), true).unwrap();
    let csv = fs::read_to_string(&csv).unwrap();
    assert_eq!(csv.lines().count() as u64, unique + 1);
    assert!(csv.starts_with("id,date,source_code"));

    let tsv = dir.join("e.tsv");
    let filter = EventFilter {
        actor: Some("KOS".into()),
        ..Default::default()
    };
    let n = r
        .export(ExportFormat::Gdelt, &filter, Some(&tsv), true)
        .unwrap();
    let tsv = fs::read_to_string(&tsv).unwrap();
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len() as u64, n + 1);
    assert!(lines.iter().all(|l| l.split('\t').count() == 61));
    let header: Vec<&str> = lines[0].split('\t').collect();
    let row: Vec<&str> = lines[1].split('\t').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("SQLDATE"), "20230502");
    assert_eq!(col("MonthYear"), "202305");
    assert_eq!(col("Actor1Code"), "SRB");
    assert_eq!(col("Actor2Code"), "KOS");
    assert_eq!(col("EventRootCode"), "11");
    assert_eq!(col("NumArticles"), "2");
    assert_eq!(col("GoldsteinScale"), "-2.0");

    let pq = dir.join("parquet");
    let n = r
        .export(ExportFormat::Parquet, &all, Some(&pq), false)
        .unwrap();
    assert_eq!(n, unique);
    let mut total = 0;
    let mut partitions = Vec::new();
    for entry in fs::read_dir(&pq).unwrap() {
        let part = entry.unwrap().path();
        partitions.push(part.file_name().unwrap().to_string_lossy().into_owned());
        let file = fs::File::open(part.join("part-0.parquet")).unwrap();
        use parquet::file::reader::FileReader;
        let reader = parquet::file::serialized_reader::SerializedFileReader::new(file).unwrap();
        let rows = reader.metadata().file_metadata().num_rows();
        total += rows;
        let mut iter = reader.get_row_iter(None).unwrap();
        let first = iter.next().unwrap().unwrap().to_string();
        assert!(first.contains("doc_ids: ["), "{first}");
    }
    partitions.sort();
    assert_eq!(total as u64, unique);
    assert!(partitions.contains(&"date=2023-05-29".to_string()));
    assert!(partitions.contains(&"date=undated".to_string()));
    fs::remove_dir_all(&dir).unwrap();
}
