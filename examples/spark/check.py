"""Checks a run of dyad_spark.py against dyad run directly (see run_test.sh).

  python check.py DIRECT_EVENTS SPARK_EVENTS_DIR DYAD_PARQUET SPARK_PARQUET ERRORS_DIR
                  EXPECTED_ERRORS [ROUND_TRIP_PARQUET]

(a) the raw events equal, as a multiset of (source, target, cameo, doc_id,
sentence, evidence), those of `dyad code`; (b) the de-duplicated Parquet rows,
as a set of (date, source, target, cameo, mentions, articles), equal those of
`dyad export --format parquet` (and, when given, those exported again after
`dyad import-parquet` of Spark's output); (c) the errors output holds exactly
the expected number of failed documents. Parquet is read with Spark, so this
also shows Spark reading dyad's files. Exits 1 on any difference.
"""

import collections
import glob
import json
import os
import sys

from pyspark.sql import SparkSession


def raw_key(e):
    t = e.get("target") or {}
    return (e["source"]["code"], t.get("code"), e["cameo"], e["doc_id"], e["sentence"],
            (e.get("evidence") or {}).get("text"))


def read_jsonl(paths):
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def unique_rows(spark, path):
    df = spark.read.option("basePath", path).parquet(path)
    return {(r["date"], r["source_code"], r["target_code"], r["cameo"], r["num_mentions"],
             r["num_articles"]) for r in df.select(
                 "date", "source_code", "target_code", "cameo", "num_mentions",
                 "num_articles").collect()}


def diff(name, a, b):
    if a == b:
        print(f"ok  {name}: {len(a) if not isinstance(a, collections.Counter) else sum(a.values())} equal")
        return True
    only_a = a - b
    only_b = b - a
    print(f"FAIL {name}: {len(only_a)} only in the first, {len(only_b)} only in the second")
    for x in list(only_a)[:5]:
        print("   first: ", x)
    for x in list(only_b)[:5]:
        print("   second:", x)
    return False


def main():
    direct, spark_events, dyad_pq, spark_pq, errors_dir, expected = sys.argv[1:7]
    round_trip = sys.argv[7] if len(sys.argv) > 7 else None
    ok = True
    a = collections.Counter(raw_key(e) for e in read_jsonl([direct]))
    b = collections.Counter(raw_key(e) for e in read_jsonl(
        sorted(glob.glob(os.path.join(spark_events, "part-*")))))
    ok &= diff("(a) raw events, as a multiset", a, b)

    spark = (SparkSession.builder.master("local[1]").appName("dyad-check")
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    want = unique_rows(spark, dyad_pq)
    ok &= diff("(b) de-duplicated Parquet vs dyad export", want, unique_rows(spark, spark_pq))
    if round_trip:
        ok &= diff("(b') dyad export after import-parquet of Spark's output", want,
                   unique_rows(spark, round_trip))
    spark.stop()

    errs = list(read_jsonl(sorted(glob.glob(os.path.join(errors_dir, "part-*")))))
    for e in errs:
        print("    error:", json.dumps(e)[:160])
    if len(errs) == int(expected) and all(e.get("error") for e in errs):
        print(f"ok  (c) {len(errs)} bad documents in the errors output")
    else:
        print(f"FAIL (c) {len(errs)} errors, expected {expected}")
        ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
