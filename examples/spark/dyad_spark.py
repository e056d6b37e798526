"""Code a news archive into events on Apache Spark with the dyad binary.

    spark-submit --files target/release/dyad dyad_spark.py \
        --input docs.jsonl.gz --output events_parquet [--events raw_events] [--errors errors]

Each partition of documents (JSON lines; gzip or not; WARC files go through
`dyad extract` on the executors) is piped through `dyad code - --errors FILE`,
the event JSON lines are parsed with an explicit schema, de-duplicated with the
store's rule (same day, source, target and CAMEO code -> one event with its
mention, article and source counts and its sorted document ids; negated events
are not counted; a document whose id or text was seen earlier in the input is
not counted again) and written as Parquet partitioned by date, in the layout of
`dyad export --format parquet` (`date=YYYY-MM-DD/*.parquet`, `date=undated` for
undated events, the same columns). Per-document errors go to the errors output
as JSON lines (`doc_id`, `line`, `error`, `partition`).
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

from pyspark import SparkFiles
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

ACTOR = T.StructType([
    T.StructField("code", T.StringType()),
    T.StructField("country", T.StringType()),
    T.StructField("sector", T.StringType()),
    T.StructField("text", T.StringType()),
])

# The event record of `dyad code` (crates/dyad-event), the fields the job uses.
EVENT_SCHEMA = T.StructType([
    T.StructField("doc_id", T.StringType()),
    T.StructField("sentence", T.IntegerType()),
    T.StructField("date", T.StringType()),
    T.StructField("source", ACTOR),
    T.StructField("target", ACTOR),
    T.StructField("cameo", T.StringType()),
    T.StructField("cameo_name", T.StringType()),
    T.StructField("root", T.StringType()),
    T.StructField("quad_class", T.IntegerType()),
    T.StructField("goldstein", T.DoubleType()),
    T.StructField("plover", T.StructType([
        T.StructField("type", T.StringType()),
        T.StructField("mode", T.StringType()),
    ])),
    T.StructField("location", T.StructType([
        T.StructField("name", T.StringType()),
        T.StructField("country", T.StringType()),
        T.StructField("lat", T.DoubleType()),
        T.StructField("lon", T.DoubleType()),
    ])),
    T.StructField("negated", T.BooleanType()),
    T.StructField("evidence", T.StructType([
        T.StructField("text", T.StringType()),
    ])),
])

ERROR_SCHEMA = T.StructType([
    T.StructField("doc_id", T.StringType()),
    T.StructField("line", T.LongType()),
    T.StructField("error", T.StringType()),
    T.StructField("partition", T.IntegerType()),
])

MAX_DOC_IDS = 1000  # as the store's export
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def dyad_path(name):
    """The dyad binary shipped with --files, else the path given."""
    shipped = SparkFiles.get(os.path.basename(name))
    return shipped if os.path.exists(shipped) else name


def code_partition(binary, threads):
    """Pipes one partition's JSON lines through `dyad code`, yielding
    ("e", event line) and ("x", error line) pairs."""

    def run(index, lines):
        exe = dyad_path(binary)
        with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as f:
            err_path = f.name
        proc = subprocess.Popen(
            [exe, "code", "-", "--threads", str(threads), "--errors", err_path],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

        def feed():
            try:
                for line in lines:
                    proc.stdin.write(line.encode("utf-8", "surrogateescape") + b"\n")
            except BrokenPipeError:
                pass
            finally:
                proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for out in proc.stdout:
            yield ("e", out.decode("utf-8", "replace").rstrip("\n"))
        writer.join()
        rc = proc.wait()
        if rc not in (0, 1):  # 1: some documents failed, listed in the errors file
            raise RuntimeError(f"dyad code exited with {rc} on partition {index}")
        with open(err_path, encoding="utf-8", errors="replace") as f:
            for e in f:
                rec = json.loads(e)
                rec["partition"] = index
                yield ("x", json.dumps(rec))
        os.unlink(err_path)

    return run


def extract_warc(binary):
    """Runs `dyad extract` on WARC paths (visible to the executors), yielding JSON lines."""

    def run(paths):
        exe = dyad_path(binary)
        for p in paths:
            proc = subprocess.Popen([exe, "extract", p], stdout=subprocess.PIPE)
            for out in proc.stdout:
                yield out.decode("utf-8", "replace").rstrip("\n")
            if proc.wait() != 0:
                raise RuntimeError(f"dyad extract failed on {p}")

    return run


def doc_key(indexed):
    """(line index, document id, text hash) of a line, or None when it is not a document."""
    line, idx = indexed
    try:
        d = json.loads(line)
        text = d["text"]
        if not isinstance(text, str):
            return None
    except (ValueError, KeyError, TypeError):
        return None
    doc_id = d.get("id")
    doc_id = str(doc_id) if doc_id is not None else None
    h = hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return (idx, doc_id, h, d.get("source"), d.get("url"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", required=True, nargs="+", help="JSON lines (.gz too) or WARC files/folders")
    ap.add_argument("--output", required=True, help="folder for the de-duplicated Parquet")
    ap.add_argument("--events", help="folder for the raw events (JSON lines)")
    ap.add_argument("--errors", help="folder for the errors (default: OUTPUT_errors)")
    ap.add_argument("--dyad", default="dyad", help="the dyad binary (name of a --files entry, or a path)")
    ap.add_argument("--partitions", type=int, default=0, help="input partitions (default: Spark's)")
    ap.add_argument("--compression", default="uncompressed",
                    help="Parquet codec (uncompressed, as dyad export writes, or snappy; dyad import-parquet reads both)")
    ap.add_argument("--timing", action="store_true",
                    help="print the coding stage's and the whole job's times to stderr")
    ap.add_argument("--threads", type=int, default=1, help="dyad threads per task (match spark.task.cpus)")
    a = ap.parse_args()

    started = time.time()
    spark = SparkSession.builder.appName("dyad").getOrCreate()
    sc = spark.sparkContext
    warc = [p for p in a.input if re.search(r"\.warc(\.gz)?$", p)]
    jsonl = [p for p in a.input if p not in warc]
    parts = []
    if jsonl:
        parts.append(sc.textFile(",".join(jsonl), minPartitions=a.partitions or None))
    if warc:
        parts.append(sc.parallelize(warc, len(warc)).mapPartitions(extract_warc(a.dyad)))
    lines = parts[0] if len(parts) == 1 else sc.union(parts)
    if a.partitions:
        lines = lines.coalesce(a.partitions)
    lines = lines.filter(lambda l: l.strip() != "").cache()

    out = lines.mapPartitionsWithIndex(code_partition(a.dyad, a.threads)).cache()
    if a.timing:
        t0 = time.time()
        n_docs = lines.count()
        t1 = time.time()
        n_out = out.count()
        t2 = time.time()
        print(f"dyad-spark timing: {n_docs} documents read in {t1 - t0:.1f} s, coded "
              f"({n_out} events and errors) in {t2 - t1:.1f} s", file=sys.stderr)
    events = spark.read.schema(EVENT_SCHEMA).json(out.filter(lambda r: r[0] == "e").map(lambda r: r[1]))
    errors = spark.read.schema(ERROR_SCHEMA).json(out.filter(lambda r: r[0] == "x").map(lambda r: r[1]))
    errors.write.mode("overwrite").json(a.errors or a.output.rstrip("/") + "_errors")
    if a.events:
        events.write.mode("overwrite").json(a.events)

    # Documents counted: the first with each id and each text, as the store skips the rest.
    docs = lines.zipWithIndex().map(doc_key).filter(lambda d: d is not None).toDF(
        "idx long, doc_id string, hash string, doc_source string, url string")
    first = lambda col: Window.partitionBy(col).orderBy("idx")
    kept = (docs.withColumn("r", F.row_number().over(first("hash"))).filter("r = 1").drop("r")
            .withColumn("r", F.row_number().over(first("doc_id"))).filter("r = 1").drop("r"))

    day = F.when(F.col("date").rlike(DAY.pattern), F.col("date")).otherwise(F.lit(""))
    dropped = docs.select("doc_id").subtract(kept.select("doc_id"))
    ev = (events.filter(~F.coalesce(F.col("negated"), F.lit(False)))
          .join(dropped, "doc_id", "left_anti")
          .join(kept.select("doc_id", "doc_source", "url"), "doc_id", "left")
          .withColumn("day", day)
          .withColumn("tcode", F.coalesce(F.col("target.code"), F.lit(""))))
    ev = ev.withColumn("scode", F.col("source.code"))
    w = Window.partitionBy("day", "scode", "tcode", "cameo").orderBy("doc_id", "sentence")
    firsts = ev.withColumn("r", F.row_number().over(w)).filter("r = 1").drop("r")
    counts = ev.groupBy("day", "scode", "tcode", "cameo").agg(
        F.count(F.lit(1)).alias("num_mentions"),
        F.countDistinct("doc_id").alias("num_articles"),
        F.countDistinct("doc_source").alias("num_sources"),
        F.slice(F.array_sort(F.collect_set("doc_id")), 1, MAX_DOC_IDS).alias("doc_ids"))
    has_t = F.col("tcode") != ""
    unique = firsts.join(counts, ["day", "scode", "tcode", "cameo"]).select(
        F.monotonically_increasing_id().alias("event_id"),
        F.when(F.col("day") != "", F.to_date("day")).alias("event_date"),
        F.col("scode").alias("source_code"),
        F.coalesce("source.country", F.lit("")).alias("source_country"),
        F.coalesce("source.sector", F.lit("")).alias("source_sector"),
        F.coalesce("source.text", F.lit("")).alias("source_name"),
        F.when(has_t, F.col("tcode")).alias("target_code"),
        F.when(has_t, F.col("target.country")).alias("target_country"),
        F.when(has_t, F.col("target.sector")).alias("target_sector"),
        F.when(has_t, F.col("target.text")).alias("target_name"),
        "cameo",
        F.coalesce("cameo_name", F.lit("")).alias("cameo_name"),
        F.coalesce("root", F.lit("")).alias("root"),
        F.coalesce("quad_class", F.lit(0)).cast("int").alias("quad_class"),
        F.coalesce("goldstein", F.lit(0.0)).cast("double").alias("goldstein"),
        F.coalesce("plover.type", F.lit("")).alias("plover_type"),
        "num_mentions", "num_articles", "num_sources", "doc_ids",
        F.col("sentence").cast("int").alias("sentence"),
        "url",
        F.col("location.name").alias("location_name"),
        F.col("location.country").alias("location_country"),
        F.col("location.lat").alias("lat"),
        F.col("location.lon").alias("lon"),
        F.coalesce("evidence.text", F.lit("")).alias("evidence"),
        F.date_format(F.current_timestamp(), "yyyy-MM-dd'T'HH:mm:ss'Z'").alias("added"),
        F.when(F.col("day") != "", F.col("day")).otherwise(F.lit("undated")).alias("date"),
    )
    unique.repartition("date").write.mode("overwrite").partitionBy("date") \
        .option("compression", a.compression).parquet(a.output)
    if a.timing:
        print(f"dyad-spark timing: whole job {time.time() - started:.1f} s", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main()
