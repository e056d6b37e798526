#!/usr/bin/env bash
# Throughput: `dyad code` alone on one core vs the Spark job in local[1] and
# local[2] on the same sample (first LINES lines of the shared news file).
# Prints documents per second per core. Needs the venv made by run_test.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dyad="${DYAD_BIN:-$root/target/debug/dyad}"
lines="${LINES:-60000}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
head -n "$lines" "$root/../shared/data/news/wikipedia-current-events.jsonl" > "$work/m.jsonl"
export PYSPARK_PYTHON="$here/.venv/bin/python"
now() { date +%s.%N; }
rate() { python3 -c "import sys; n,t,c=map(float,sys.argv[1:]); print(f'{t:7.1f} s  {n/t:8.0f} docs/s  {n/t/c:8.0f} docs/s/core')" "$@"; }

t0=$(now); "$dyad" code - --threads 1 < "$work/m.jsonl" > "$work/direct.jsonl" || true; t1=$(now)
echo "dyad code, 1 thread:   $(rate "$lines" "$(echo "$t1 - $t0" | bc)" 1)"
for n in 1 2; do
    t0=$(now)
    "$here/.venv/bin/spark-submit" --master "local[$n]" --conf spark.ui.enabled=false \
        --files "$dyad" "$here/dyad_spark.py" --input "$work/m.jsonl" --output "$work/pq$n" \
        --dyad "$(basename "$dyad")" --partitions 4 --timing 2> "$work/spark$n.log"
    grep "dyad-spark timing" "$work/spark$n.log" || true
    t1=$(now)
    echo "spark local[$n]:       $(rate "$lines" "$(echo "$t1 - $t0" | bc)" "$n")"
done
