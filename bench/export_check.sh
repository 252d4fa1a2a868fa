#!/bin/sh
# bench/export_check.sh [N]: exports build/gen's N events (default 20,000) as
# partitioned CSV and checks that DuckDB over it (and over its Parquet copy)
# answers meetings, partners and venues exactly as the project does.
set -e
cd "$(dirname "$0")/.."
N=${1:-20000}
make --no-print-directory build/diplomacy/core.so build/gen >/dev/null
sh bench/peers.sh >/dev/null
[ -f "bench/out/$N/dataset.json" ] || { mkdir -p "bench/out/$N"; build/gen "$N" "bench/out/$N" 2>/dev/null; }
${LUA:-lua5.4} bench/export_answers.lua "bench/out/$N" "bench/out/$N/export-check"
exec node bench/duckdb_check.mjs "bench/out/$N/export-check"
