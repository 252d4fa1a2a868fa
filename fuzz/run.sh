#!/bin/sh
# fuzz/run.sh SECONDS TARGET...: runs each libFuzzer target (built in build/fuzz/) for SECONDS,
# one after the other, from its kept corpus plus seeds from spec/fixtures; prints runs and
# inputs per target. An input that crashes lands in build/fuzz/crashes/TARGET/: copy it to
# spec/fixtures/regress/TARGET/ (spec/regress_spec.lua replays them all under the sanitizers).
set -u
seconds=$1
shift
root=$(pwd)
status=0
for t in "$@"; do
  name=${t#fuzz_}
  corpus=build/fuzz/corpus/$name
  seeds=build/fuzz/seeds/$name
  crashes=build/fuzz/crashes/$name
  mkdir -p "$corpus" "$seeds" "$crashes"
  case $name in
    json) cp spec/fixtures/*.json "$seeds"/ 2>/dev/null
          env -u LD_PRELOAD lua5.4 -e "package.path='lua/?.lua;lua/?/init.lua;'..package.path
            local f = assert(io.open('$seeds/sample.json', 'wb')); f:write(require 'diplomacy.sample'); f:close()" ;;
    snapshot) env -u LD_PRELOAD lua5.4 -e "package.path='lua/?.lua;lua/?/init.lua;'..package.path
            package.cpath='build/?.so;'..package.cpath
            local d = require 'diplomacy'
            assert(d.sample():save('$seeds/sample.dips', {format = 'snapshot'}))
            assert(assert(d.load('spec/fixtures/meetings.json')):save('$seeds/meetings.dips', {format = 'snapshot'}))
            assert(assert(d.import('spec/fixtures/import/gdelt2-governments.CSV')):save('$seeds/gdelt.dips', {format = 'snapshot'}))" ;;
    gdelt) cp spec/fixtures/import/gdelt*.CSV spec/fixtures/shared/gdelt/* "$seeds"/ ;;
    icews) cp spec/fixtures/import/icews*.tab "$seeds"/ && head -c 20000 spec/fixtures/shared/icews/events.2018.sample.tab >"$seeds"/icews-head.tab ;;
    hsg) cp spec/fixtures/import/hsg*.xml "$seeds"/ ;;
    *) [ -d "fuzz/seeds/$name" ] && cp fuzz/seeds/"$name"/* "$seeds"/ ;;
  esac
  dict=
  [ -f "fuzz/$name.dict" ] && dict="-dict=fuzz/$name.dict"
  regress=
  [ -d "spec/fixtures/regress/$name" ] && regress="spec/fixtures/regress/$name"
  log=build/fuzz/$name.log
  echo "== $t: $seconds s"
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$crashes/" $dict "$corpus" "$seeds" $regress >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  inputs=$(ls "$corpus" | wc -l)
  echo "   runs: ${runs:-?}, corpus inputs: $inputs, exit: $rc (log: $log)"
  if [ $rc -ne 0 ]; then
    status=1
    grep -m 3 -E 'ERROR|SUMMARY|abort|Test unit written' "$log" | sed 's/^/   /'
  fi
done
cd "$root"
exit $status
