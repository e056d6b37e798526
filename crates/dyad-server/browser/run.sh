#!/usr/bin/env bash
# Browser test of the dyad dashboard in headless Chromium.
#
# Installs what it needs when missing (Debian's chromium; playwright-core into
# ./node_modules), builds a store from ../shared/data/news/ plus the seed
# article, starts a server on a free loopback port, runs dashboard.test.mjs
# against it and saves screenshots to $DYAD_SCREENSHOTS (default
# <target>/screenshots). Exit 77: chromium could not be installed (skipped).
#
# Which binaries:
#   DYAD_BIN=path/to/dyad     the real `dyad ingest` + `dyad serve` (real coder)
#   DYAD_DEMO_BIN=path        the demo_db example (TEST-DOUBLE coder), the default
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
shared="${DYAD_SHARED:-$root/../shared}"
target="${CARGO_TARGET_DIR:-$root/target}"
shots="${DYAD_SCREENSHOTS:-$target/screenshots}"
work="$target/browser-test"
mkdir -p "$shots" "$work"

# 1. Chromium.
chromium=/usr/bin/chromium
if [ ! -x "$chromium" ] && command -v apt-get >/dev/null 2>&1; then
  echo "run.sh: installing chromium" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y chromium >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y chromium >/dev/null 2>&1; } || true
fi
if [ ! -x "$chromium" ]; then
  echo "run.sh: SKIPPED: chromium is not installed and could not be installed" >&2
  exit 77
fi

# 2. Node and playwright-core.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "run.sh: installing nodejs and npm" >&2
  apt-get install -y nodejs npm >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y nodejs npm >/dev/null 2>&1; } || true
fi
if ! command -v node >/dev/null 2>&1; then
  echo "run.sh: node is not installed and could not be installed" >&2
  exit 1
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  echo "run.sh: installing playwright-core" >&2
  (cd "$here" && npm install --no-audit --no-fund >/dev/null)
fi

# 3. The store: all of shared/data/news plus the seed article (as a dated JSON line).
db="$work/dashboard.db"
rm -f "$db" "$db-wal" "$db-shm"
node -e '
  const fs = require("fs");
  const [txt, out] = process.argv.slice(1);
  const doc = { id: "kosovo-2023-05-27", date: "2023-05-27", title: "Seed: clashes in northern Kosovo", text: fs.readFileSync(txt, "utf8") };
  fs.writeFileSync(out, JSON.stringify(doc) + "\n");
' "$shared/seed/kosovo-2023-05-27.txt" "$work/seed.jsonl"
news="$shared/data/news"
if [ -n "${DYAD_BIN:-}" ]; then
  # Exit 1 means some documents could not be coded (reported above); the rest is stored.
  status=0
  "$DYAD_BIN" ingest --db "$db" "$news" "$work/seed.jsonl" || status=$?
  [ "$status" -le 1 ] || exit "$status"
  serve=("$DYAD_BIN" serve --db "$db" --addr 127.0.0.1:0)
else
  demo="${DYAD_DEMO_BIN:-}"
  if [ -z "$demo" ]; then
    (cd "$root" && cargo build -q -p dyad-server --example demo_db)
    demo="$target/debug/examples/demo_db"
  fi
  "$demo" ingest "$db" "$news" "$work/seed.jsonl"
  serve=("$demo" serve "$db" 127.0.0.1:0)
fi

# 4. The server, on a free loopback port.
log="$work/server.log"
"${serve[@]}" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's/.*listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$log" | head -n1)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "run.sh: the server did not start" >&2; cat "$log" >&2; exit 1; }
echo "run.sh: server at $url" >&2

# 5. The browser test.
node "$here/dashboard.test.mjs" "$url/" "$shots"
