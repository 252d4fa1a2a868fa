#!/usr/bin/env bash
# bench/import_bench.sh: GDELT 2.0 import speed beside DuckDB's read_csv and SQLite's .import, on one file.
#
#   bench/import_bench.sh [ROWS]        (default 1000000; run from the repository root after `make`)
#
# Builds a GDELT 2.0 export of ROWS rows by repeating the 199 real rows of
# ../shared/data/gdelt/20250807220000.export.head.CSV with fresh GLOBALEVENTIDs
# (so that no row is a duplicate; their dyads still merge as in the real file),
# then times, on that same file in the same run, each best of 3 wall-clock runs:
#   - diplomacy: ds:import(path, {format = "gdelt"}) in a fresh process, every
#     row mapped into events, actors, places and relations (the dataset is
#     not freed inside the clock);
#   - DuckDB (@duckdb/node-api, installed with npm into $DUCK_DIR, default
#     /tmp/duck, when missing): CREATE TABLE AS SELECT * FROM read_csv(...,
#     all_varchar) into an in-memory database, all cores (version $DUCKDB,
#     default 1.5.6-r.1);
#   - SQLite (Debian's sqlite3): .import into a 61-column table of an
#     in-memory database.
# Scratch files go to $BENCH_DIR (default /tmp/import_bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
DATA=${DATA:-../shared/data/gdelt/20250807220000.export.head.CSV}
DIR=${BENCH_DIR:-/tmp/import_bench}
DUCK_DIR=${DUCK_DIR:-/tmp/duck}
FILE="$DIR/gdelt2-$ROWS.export.CSV"
mkdir -p "$DIR"

[ -f build/diplomacy/core.so ] || make >/dev/null

if [ ! -s "$FILE" ]; then
  awk -F'\t' -v OFS='\t' -v rows="$ROWS" '
    { line[NR] = $0 }
    END {
      id = 2000000000
      for (i = 0; i < rows; i++) {
        $0 = line[i % NR + 1]
        $1 = id + i
        print
      }
    }' "$DATA" > "$FILE"
fi
BYTES=$(wc -c < "$FILE")
echo "file: $FILE ($ROWS rows, $BYTES bytes)"

now() { date +%s.%N; }
best() { sort -g | head -1; }

cat > "$DIR/import.lua" <<'EOF'
local d = require "diplomacy"
local function now() local p = io.popen("date +%s.%N"); local t = tonumber(p:read("l")); p:close(); return t end
local ds = d.new()
local t0 = now()
local n, skipped = ds:import(arg[1], { format = "gdelt" })
local t1 = now()
assert(n, skipped)
local c = ds:counts()
io.stderr:write(string.format("diplomacy: %d events (%d skipped), %d actors, %d places, %d relations\n",
  n, #skipped, c.actors, c.places, c.relations))
print(string.format("%.3f", t1 - t0))
os.exit(0, false) -- the dataset is left to the OS, outside the clock
EOF
diplomacy_run() { LUA_PATH='lua/?.lua;lua/?/init.lua;;' LUA_CPATH='build/?.so;;' lua5.4 "$DIR/import.lua" "$FILE"; }

if [ ! -d "$DUCK_DIR/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$DUCK_DIR"
  (cd "$DUCK_DIR" && npm install --silent --no-save --no-package-lock "@duckdb/node-api@${DUCKDB:-1.5.6-r.1}" >/dev/null)
fi
cat > "$DIR/duck.mjs" <<'EOF'
import { createRequire } from 'node:module';
const require = createRequire(process.env.DUCK_DIR + '/node_modules/');
const { DuckDBInstance } = require('@duckdb/node-api');
const file = process.argv[2];
const t0 = performance.now();
const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(`CREATE TABLE events AS SELECT * FROM read_csv('${file}', delim = '\t', header = false, quote = '',
  escape = '', all_varchar = true, auto_detect = false, columns = {${
    Array.from({ length: 61 }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}})`);
const t1 = performance.now();
const n = (await con.runAndReadAll('SELECT count(*) FROM events')).getRows()[0][0];
console.error(`duckdb: ${n} rows`);
console.log(((t1 - t0) / 1000).toFixed(3));
EOF
duck_run() { DUCK_DIR="$DUCK_DIR" node "$DIR/duck.mjs" "$FILE"; }

cols=$(seq 0 60 | sed 's/^/c/; s/$/ TEXT/' | paste -sd, -)
sqlite_run() {
  local t0 t1
  t0=$(now)
  sqlite3 :memory: "CREATE TABLE events($cols);" ".mode tabs" ".import $FILE events" \
    "SELECT count(*) FROM events;" >/dev/null
  t1=$(now)
  printf '%.3f\n' "$(echo "$t1 - $t0" | bc)"
}

D=$(for i in 1 2 3; do diplomacy_run; done | best)
K=$(for i in 1 2 3; do duck_run; done | best)
S=$(for i in 1 2 3; do sqlite_run; done | best)
rate() { echo "$ROWS / $1" | bc; }
printf '%-10s %8s s  %10s rows/s\n' diplomacy "$D" "$(rate "$D")" duckdb "$K" "$(rate "$K")" sqlite "$S" "$(rate "$S")"
printf 'diplomacy is %.1fx DuckDB, %.1fx SQLite\n' "$(echo "$K / $D" | bc -l)" "$(echo "$S / $D" | bc -l)"
