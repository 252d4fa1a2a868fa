#!/bin/sh
# bench/peers.sh: installs what `make bench` compares with, when missing.
# Debian packages with apt-get when run as root (otherwise says what to
# install); DuckDB's node client with npm into bench/node_modules (git-ignored;
# no package.json is written). Environment: BENCH_PYTHON (the Python that
# apt's python3-* packages serve, default /usr/bin/python3) and BENCH_DUCKDB
# (the @duckdb/node-api version, default the one the results were taken with).
set -e
PY=${BENCH_PYTHON:-/usr/bin/python3}
DUCKDB=${BENCH_DUCKDB:-1.5.6-r.1}

missing=""
command -v sqlite3 >/dev/null 2>&1 || missing="$missing sqlite3"
"$PY" -c 'import sqlite3' >/dev/null 2>&1 || missing="$missing python3"
"$PY" -c 'import networkx' >/dev/null 2>&1 || missing="$missing python3-networkx"
"$PY" -c 'import igraph' >/dev/null 2>&1 || missing="$missing python3-igraph"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "bench: missing packages:$missing"
    echo "install them with: sudo apt-get install$missing"
    exit 1
  fi
fi

if [ ! -f bench/node_modules/@duckdb/node-api/package.json ]; then
  echo "bench: installing @duckdb/node-api@$DUCKDB into bench/node_modules"
  npm install --prefix bench --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "@duckdb/node-api@$DUCKDB" >/dev/null
fi
