#!/bin/sh
# bench/scale.sh [N...]: time and peak memory from 1 million events up, one
# size after the other (default 1000000 10000000 30000000 100000000).
#
# Per size: build/gen N into bench/out/N (kept), then two processes of
# bench/scale.lua: "build" (JSON load, index build, snapshot save) and "open"
# (snapshot open, the bench's queries, an addition, memory by structure).
# SCALE_OPEN_ONLY=1 keeps the build's figures and snapshot of the last run
# (bench/out/N/scale.txt) and measures the opening again.
# A size whose estimated peak exceeds SCALE_MEM_GB (default 12) GiB is not
# run: the line says so and why. Prints a table and the growth of each figure
# from the size before; writes it to bench/scale-results.md.
set -e
cd "$(dirname "$0")/.."
SIZES=${*:-"1000000 10000000 30000000 100000000"}
LIMIT=${SCALE_MEM_GB:-20}
# building (JSON load, index, snapshot save) peaks at about 280 bytes an event
# (measured at 1M and 10M; docs/scale.md); opening the snapshot maps it
PEAK_PER_EVENT=${SCALE_PEAK_PER_EVENT:-280}
make --no-print-directory build/diplomacy/core.so build/gen build/bench/benchclock.so >/dev/null
out=bench/scale-results.md
tmp=$(mktemp)
{
  echo "# bench/scale.sh"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), limit $LIMIT GiB"
  echo
  echo "| events | JSON load | index build | snapshot save | snapshot file | open, checked whole | open (mapped, remembered) | first query | meetings rare | meetings busy | partners busy | events month | network 2010 | first addition + query | addition + query | private B/event | file pages B/event | peak (build) | peak (open) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$out"
prev=""
for N in $SIZES; do
  need=$(awk -v n="$N" -v b="$PEAK_PER_EVENT" 'BEGIN { printf "%.1f", n * b / 1073741824 }')
  if awk -v need="$need" -v lim="$LIMIT" 'BEGIN { exit !(need > lim) }'; then
    echo "| $N | not run: building it (JSON load, index, save) would peak near $need GiB, over the $LIMIT GiB limit |" >>"$out"
    echo "$N: skipped (estimated peak $need GiB > $LIMIT GiB)"
    continue
  fi
  d=bench/out/$N
  if [ ! -f "$d/dataset.json" ]; then
    mkdir -p "$d"
    echo "$N: generating"
    build/gen "$N" "$d" 2>/dev/null
  fi
  if [ -n "${SCALE_OPEN_ONLY:-}" ] && [ -f "$d/dataset.snap" ] && [ -f "$d/scale.txt" ]; then
    # the build's figures of the last run kept, its snapshot opened again
    echo "$N: build figures kept from the last run (SCALE_OPEN_ONLY)"
    grep -E '^M	(json_load|index_build|snapshot_save|peak_build)	' "$d/scale.txt" >"$tmp"
  else
    echo "$N: JSON load, index build, snapshot save"
    ${LUA:-lua5.4} bench/scale.lua build "$d" >"$tmp"
  fi
  echo "$N: snapshot open, queries"
  ${LUA:-lua5.4} bench/scale.lua open "$d" >>"$tmp"
  grep '^B' "$tmp" | awk -F'\t' -v n="$N" '{ printf "  %-28s %8.1f B/event\n", $2, $3 / n }'
  row=$(awk -F'\t' -v n="$N" '
    function t(v) { return v >= 1 ? sprintf("%.2f s", v) : sprintf("%.2f ms", v * 1000) }
    /^M/ { m[$2] = $3 }
    END {
      ms = "json_load index_build snapshot_save"
      split(ms, k, " ")
      line = "| " n
      for (i = 1; i <= 3; i++) line = line " | " t(m[k[i]])
      line = line sprintf(" | %.2f GB", m["snapshot_bytes"] / 1e9)
      ms = "snapshot_open_checked snapshot_open first_query meetings_rare meetings_busy partners_busy events_month network_2010 add_query_first add_query"
      split(ms, k, " ")
      for (i = 1; i <= 10; i++) line = line " | " t(m[k[i]])
      line = line sprintf(" | %.0f | %.0f | %.2f GiB | %.2f GiB |", m["rss_anon_loaded"] / n, m["rss_file_loaded"] / n,
                          m["peak_build"] / 1073741824, m["peak_open"] / 1073741824)
      print line
    }' "$tmp")
  echo "$row" >>"$out"
  echo "$row"
  cp "$tmp" "bench/out/$N/scale.txt"
  prev=$N
done
rm -f "$tmp"
echo >>"$out"
echo "Growth from one size to the next: see docs/scale.md (ratios of the rows above)." >>"$out"
cat "$out"
