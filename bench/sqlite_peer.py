"""bench/sqlite_peer.py: the workloads of bench/run.py on SQLite.

    python3 bench/sqlite_peer.py data=DIR busy=S121 rare=S010 pair_a=S115 \
        pair_b=S121 year_from=... year_to=... month_from=... month_to=... \
        runs=5 load_runs=3 [answers=DIR]

Load (workload 1): the sqlite3 command-line shell runs bench/sql/sqlite-load.sql
in DIR (creates DIR/sqlite.db from the TSV files with .import, then the
indexes); timed from its start to its exit, plus opening the file from
Python. Queries (2-5 and the network's edge list): bench/sql/sqlite-queries.sql
through Python's sqlite3 module, timed with time.perf_counter() around
execute() and fetchall(), so the rows are Python tuples when the clock stops.
Writes DIR/edges.tsv and DIR/nodes.txt (the one-year state network) for
bench/graph_peer.py. Prints the same R/M lines as bench/diplomacy.lua.
"""
import os
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
cfg = dict(a.split("=", 1) for a in sys.argv[1:])
runs = int(cfg.get("runs", 5))
load_runs = int(cfg.get("load_runs", 3))
data = cfg["data"]
db = os.path.join(data, "sqlite.db")


def queries(path):
    text = open(path, encoding="utf-8").read()
    out = {}
    for part in re.split(r"^-- name: ", text, flags=re.M)[1:]:
        name, body = part.split("\n", 1)
        out[name.strip()] = body
    return out


def report(key, times, rows):
    print("R\t%s\t%.9f\t%s\t%.9f\t%.9f\t%d" % (key, statistics.median(times), rows,
                                             min(times), max(times), len(times)), flush=True)


def measure(key, value):
    print("M\t%s\t%s" % (key, value), flush=True)


def write_answer(key, lines):
    if "answers" not in cfg:
        return
    with open(os.path.join(cfg["answers"], key + ".txt"), "w", encoding="utf-8") as f:
        for line in sorted(lines):
            f.write(line + "\n")


# ---------------------------------------------------------------- 1 load

load_sql = open(os.path.join(HERE, "sql", "sqlite-load.sql"), "rb").read()
times = []
con = None
for i in range(load_runs):
    if con is not None:
        con.close()
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    t0 = time.perf_counter()
    subprocess.run(["sqlite3", "sqlite.db"], input=load_sql, cwd=data,
                   stdout=subprocess.DEVNULL, check=True)
    con = sqlite3.connect(db)
    con.execute("SELECT count(*) FROM sqlite_schema").fetchall()
    times.append(time.perf_counter() - t0)
    print("  load %d/%d: %.3f s" % (i + 1, load_runs, times[-1]), file=sys.stderr, flush=True)
report("load", times, "-")
measure("events", con.execute("SELECT count(*) FROM events").fetchone()[0])
measure("db_bytes", os.path.getsize(db))
measure("version", sqlite3.sqlite_version)

# ---------------------------------------------------------------- 2-5 queries

Q = queries(os.path.join(HERE, "sql", "sqlite-queries.sql"))
year = {"from": cfg["year_from"], "to": cfg["year_to"]}
month = {"from": cfg["month_from"], "to": cfg["month_to"]}


def timed(key, name, params, answer=None):
    sql = Q[name]
    times, rows = [], None
    for _ in range(runs):
        rows = None
        t0 = time.perf_counter()
        rows = con.execute(sql, params).fetchall()
        times.append(time.perf_counter() - t0)
    report(key, times, len(rows))
    if answer:
        write_answer(key, [answer(r) for r in rows])
    return rows, times


def first(r):
    return r[0]


def counted(r):
    return "%s\t%d" % (r[0], r[1])


busy, rare, pa, pb = cfg["busy"], cfg["rare"], cfg["pair_a"], cfg["pair_b"]
timed("meetings.busy.all", "meetings", {"a": pa, "b": pb}, first)
timed("meetings.busy.year", "meetings_window", dict(a=pa, b=pb, **year), first)
timed("meetings.rare.all", "meetings", {"a": rare, "b": busy}, first)
timed("meetings.rare.year", "meetings_window", dict(a=rare, b=busy, **year), first)
timed("partners.busy", "partners", {"a": busy}, counted)
timed("partners.rare", "partners", {"a": rare}, counted)
timed("venues.busy", "venues", {"a": pa, "b": pb}, counted)
timed("venues.rare", "venues", {"a": rare, "b": busy}, counted)
timed("events.month", "events_window", month, first)

# ---------------------------------------------------------------- 6 the network's edge list

times = []
for _ in range(runs):
    t0 = time.perf_counter()
    edges = con.execute(Q["network_edges"], year).fetchall()
    nodes = con.execute(Q["network_nodes"], year).fetchall()
    times.append(time.perf_counter() - t0)
report("network.year", times, len(edges))
measure("network.nodes", len(nodes))
write_answer("network.year", ["%s\t%s\t%d" % e for e in edges])
write_answer("network.nodes", [n[0] for n in nodes])
with open(os.path.join(data, "edges.tsv"), "w", encoding="utf-8") as f:
    for e in edges:
        f.write("%s\t%s\t%d\n" % e)
with open(os.path.join(data, "nodes.txt"), "w", encoding="utf-8") as f:
    for n in nodes:
        f.write(n[0] + "\n")

# ---------------------------------------------------------------- peak memory

con.close()
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
shell = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
measure("peak_rss", max(own, shell))
measure("peak_rss_python", own)
measure("peak_rss_shell", shell)
