//! Runs `examples/spark/run_test.sh`: the PySpark job in local mode against
//! `dyad code` and `dyad ingest` + `dyad export --format parquet` on a sample
//! of the shared news file, with a broken JSON line and binary junk injected.
//! Skipped (with a message) when Java or PySpark is unavailable (exit 77).

use std::path::Path;
use std::process::Command;

#[test]
fn spark_job_matches_dyad() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/spark/run_test.sh");
    let out = Command::new("bash")
        .arg(&script)
        .env("DYAD_BIN", env!("CARGO_BIN_EXE_dyad"))
        .output()
        .expect("running run_test.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    match out.status.code() {
        Some(77) => println!("skipped: {}", stdout.lines().last().unwrap_or("")),
        Some(0) => {
            for check in ["ok  (a)", "ok  (b)", "ok  (b')", "ok  (c)"] {
                assert!(stdout.contains(check), "missing {check:?}");
            }
        }
        other => panic!("run_test.sh failed ({other:?})"),
    }
}
