#!/usr/bin/env bash
# Runs dyad_spark.py in Spark local mode on a fixed sample of the shared news
# file (plus a broken JSON line and a binary-junk line) and checks it against
# `dyad code` and `dyad ingest` + `dyad export --format parquet` (see check.py).
# Exit 77: skipped (no Java, or PySpark could not be installed).
# Environment: DYAD_BIN (default: target/debug/dyad), SAMPLE_LINES (3000),
# SPARK_MASTER (local[2]), WORK (a scratch folder; default: a temporary one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dyad="${DYAD_BIN:-$root/target/debug/dyad}"
lines="${SAMPLE_LINES:-3000}"
master="${SPARK_MASTER:-local[2]}"
news="$root/../shared/data/news/wikipedia-current-events.jsonl"

if ! command -v java >/dev/null 2>&1; then
    echo "SKIP: java not found; PySpark needs a Java runtime (17 or later)"
    exit 77
fi
[ -x "$dyad" ] || { echo "no dyad binary at $dyad (set DYAD_BIN)"; exit 1; }
[ -f "$news" ] || { echo "SKIP: $news not found"; exit 77; }

venv="$here/.venv"
if ! "$venv/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
    python3 -m venv "$venv"
    if ! "$venv/bin/pip" install -q pyspark; then
        echo "SKIP: could not install pyspark into $venv"
        exit 77
    fi
fi
export PYSPARK_PYTHON="$venv/bin/python"

if [ -n "${WORK:-}" ]; then
    work="$WORK"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
head -n "$lines" "$news" > "$work/head.jsonl"
half=$((lines / 2))
{
    head -n "$half" "$work/head.jsonl"
    echo '{"id": "broken-1", "date": "2020-01-01", "text": "unterminated'
    printf '\x00\x9f\xff junk \xc3\x28 bytes\x01\n'
    tail -n +"$((half + 1))" "$work/head.jsonl"
} > "$work/sample.jsonl"

echo "== dyad code (direct)"
rc=0
"$dyad" code - --errors "$work/direct_errors.jsonl" < "$work/sample.jsonl" > "$work/direct.jsonl" || rc=$?
[ "$rc" -le 1 ] || { echo "dyad code failed ($rc)"; exit 1; }
echo "== dyad ingest + export"
rm -rf "$work/dyad.db"* "$work/dyad_pq"
"$dyad" ingest "$work/sample.jsonl" --db "$work/dyad.db" >/dev/null 2>&1 || true
"$dyad" export --format parquet --db "$work/dyad.db" --out "$work/dyad_pq"

echo "== spark-submit ($master)"
start=$(date +%s)
"$venv/bin/spark-submit" --master "$master" --conf spark.ui.enabled=false \
    --conf spark.log.level=WARN --files "$dyad" "$here/dyad_spark.py" \
    --input "$work/sample.jsonl" --output "$work/spark_pq" --events "$work/spark_events" \
    --errors "$work/spark_errors" --dyad "$(basename "$dyad")" --partitions 2 \
    2> "$work/spark.log" || { tail -40 "$work/spark.log"; exit 1; }
echo "   job took $(( $(date +%s) - start )) s"

echo "== dyad import-parquet of Spark's output, exported again"
rm -rf "$work/import.db"* "$work/round_pq"
"$dyad" import-parquet "$work/spark_pq" --db "$work/import.db"
"$dyad" import-parquet "$work/spark_pq" --db "$work/import.db"
"$dyad" export --format parquet --db "$work/import.db" --out "$work/round_pq"

echo "== check"
"$venv/bin/python" "$here/check.py" "$work/direct.jsonl" "$work/spark_events" \
    "$work/dyad_pq" "$work/spark_pq" "$work/spark_errors" 2 "$work/round_pq" 2>> "$work/spark.log"
