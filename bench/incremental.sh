#!/bin/sh
# bench/incremental.sh [N]: the cost of a change once the index is built, on
# build/gen's dataset of N events (default 1,000,000) in bench/out/N.
set -e
cd "$(dirname "$0")/.."
N=${1:-1000000}
make --no-print-directory build/diplomacy/core.so build/gen build/bench/benchclock.so >/dev/null
[ -f "bench/out/$N/dataset.json" ] || { mkdir -p "bench/out/$N"; build/gen "$N" "bench/out/$N" 2>/dev/null; }
exec ${LUA:-lua5.4} bench/incremental.lua "bench/out/$N" ${GDELT:+"$GDELT"}
