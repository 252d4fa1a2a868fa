"""bench/run.py: `make bench`. Side by side with SQLite, DuckDB, networkx and
igraph on the generator's data; the table on stdout and in bench/results.md.

Run from the repository root by `make bench` (which builds build/gen, the
module and build/bench/benchclock.so, and installs the peers first) with
Debian's python3 (the one python3-networkx and python3-igraph install into).
Environment:
  BENCH_SIZES       event counts, default "10000 100000 1000000"
  BENCH_RUNS        runs of each query workload, default 5 (the median is shown)
  BENCH_LOAD_RUNS   runs of each load, default 3
  BENCH_OUT         data directory, default bench/out (one directory per size)
  BENCH_RESULTS     the Markdown file written, default bench/results.md
  LUA               default lua5.4

For each size: build/gen N bench/out/N (once; the generator is deterministic),
bench/out/N/simple.json (the same events with each participant replaced by
its effective side, no relations: the peers' question as a native dataset),
then one process per system, each timing itself (see the scripts):
  rules     bench/diplomacy.lua on dataset.json (the format's full rules)
  simple    bench/diplomacy.lua on simple.json (the peers' dyadic question)
  SQLite    bench/sqlite_peer.py (sqlite3 shell for the load, Python's sqlite3)
  DuckDB    bench/duckdb_peer.mjs (node, @duckdb/node-api)
  networkx  bench/graph_peer.py on the edge list SQLite answered
  igraph    the same
Each writes its answers to bench/out/N/answers/SYSTEM/; the answers of
systems asked the same question are compared (row counts, then the rows
themselves) and every difference is printed as a WARNING.
"""
import datetime
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
os.chdir(ROOT)

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "10000 100000 1000000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
LOAD_RUNS = int(os.environ.get("BENCH_LOAD_RUNS", "3"))
OUT = os.environ.get("BENCH_OUT", "bench/out")
RESULTS = os.environ.get("BENCH_RESULTS", "bench/results.md")
LUA = os.environ.get("LUA", "lua5.4")
GEN = "build/gen"

SYSTEMS = ["rules", "simple", "sqlite", "duckdb", "networkx", "igraph"]
LABEL = {"rules": "diplomacy (rules)", "simple": "diplomacy (simple)", "sqlite": "SQLite",
         "duckdb": "DuckDB", "networkx": "networkx", "igraph": "igraph"}
SHORT = {"rules": "rules", "simple": "simple", "sqlite": "SQLite", "duckdb": "DuckDB",
         "networkx": "networkx", "igraph": "igraph"}
PEERS = ["sqlite", "duckdb", "networkx", "igraph"]
QUERY_KEYS = ["meetings.busy.all", "meetings.busy.year", "meetings.rare.all", "meetings.rare.year",
              "partners.busy", "partners.rare", "venues.busy", "venues.rare", "events.month"]

YEAR = ("2010-01-01", "2010-12-31")
MONTH = ("2010-06-01", "2010-06-30")

warnings = []


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def warn(msg):
    warnings.append(msg)
    log("WARNING: " + msg)


# ---------------------------------------------------------------- data

def generate(n):
    d = os.path.join(OUT, str(n))
    summary = os.path.join(d, "summary.json")
    if not os.path.exists(summary) or os.path.getmtime(summary) < os.path.getmtime(GEN):
        log("== generating %d events into %s" % (n, d))
        os.makedirs(d, exist_ok=True)
        subprocess.run([GEN, str(n), d], check=True, stderr=subprocess.DEVNULL)
    simple = os.path.join(d, "simple.json")
    if not os.path.exists(simple) or os.path.getmtime(simple) < os.path.getmtime(summary):
        log("== writing %s" % simple)
        t0 = time.perf_counter()
        write_simple(d, simple)
        log("   %.1f s" % (time.perf_counter() - t0))
    with open(summary, encoding="utf-8") as f:
        return d, json.load(f)


def tsv(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            yield dict(zip(header, line.rstrip("\n").split("\t")))


def write_simple(d, path):
    """The events of the generator's tables with each participant replaced by
    its effective side (participants.tsv), no relations: on these data, the
    format's rules ask exactly the peers' dyadic question."""
    dump = lambda o: json.dumps(o, ensure_ascii=False, separators=(",", ":"))
    sides = {}
    for p in tsv(os.path.join(d, "participants.tsv")):
        s = sides.setdefault(p["event"], [])
        if p["side"] not in s:
            s.append(p["side"])
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write('{"format":"diplomacy","version":1,\n"meta":{"title":"The generator\'s events, '
                'participants replaced by their sides (bench/run.py)"},\n"places":[')
        sep = "\n"
        for p in tsv(os.path.join(d, "places.tsv")):
            o = {"id": p["id"], "name": p["name"]}
            for k in ("kind", "within", "country"):
                if p[k]:
                    o[k] = p[k]
            for k in ("lat", "lon"):
                if p[k]:
                    o[k] = float(p[k])
            f.write(sep + dump(o))
            sep = ",\n"
        f.write('],\n"actors":[')
        sep = "\n"
        for a in tsv(os.path.join(d, "actors.tsv")):
            o = {"id": a["id"], "name": a["name"]}
            for k in ("kind", "country"):
                if a[k]:
                    o[k] = a[k]
            f.write(sep + dump(o))
            sep = ",\n"
        f.write('],\n"events":[')
        sep = "\n"
        for e in tsv(os.path.join(d, "events.tsv")):
            o = {"id": e["id"], "type": e["type"]}
            for k in ("title", "start", "end", "place", "status"):
                if e[k]:
                    o[k] = e[k]
            o["participants"] = [{"actor": s} for s in sides.pop(e["id"], [])]
            f.write(sep + dump(o))
            sep = ",\n"
        f.write("]}\n")
    os.replace(tmp, path)


# ---------------------------------------------------------------- systems

def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def run_system(name, d, params):
    d = os.path.abspath(d)
    answers = os.path.join(d, "answers", name)
    os.makedirs(answers, exist_ok=True)
    for old in os.listdir(answers):
        os.remove(os.path.join(answers, old))
    args = ["%s=%s" % kv for kv in params.items()] + ["answers=" + answers]
    env = dict(os.environ)
    if name in ("rules", "simple"):
        data = os.path.join(d, "dataset.json" if name == "rules" else "simple.json")
        env["LUA_PATH"] = "lua/?.lua;lua/?/init.lua;;"
        env["LUA_CPATH"] = "build/?.so;build/bench/?.so;;"
        snap = os.path.join(d, "dataset.snap" if name == "rules" else "simple.snap")
        cmd = [LUA, "bench/diplomacy.lua", "data=" + data, "snapshot=" + snap] + args
    elif name == "sqlite":
        cmd = [sys.executable, "bench/sqlite_peer.py", "data=" + d] + args
    elif name == "duckdb":
        cmd = ["node", "bench/duckdb_peer.mjs", "data=" + d] + args
    else:
        cmd = [sys.executable, "bench/graph_peer.py", name, "data=" + d, "runs=%d" % RUNS,
               "answers=" + answers]
    before = loadavg()
    build = None
    if name in ("rules", "simple"):
        build = "%s, build/diplomacy/core.so of %s UTC" % (
            command_output(["git", "describe", "--always", "--dirty"]),
            datetime.datetime.fromtimestamp(os.path.getmtime("build/diplomacy/core.so"),
                                            datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"))
    log("== %s, %s  (load average %s)" % (os.path.basename(d), LABEL[name], before))
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, text=True)
    res = {"R": {}, "M": {}, "wall": time.perf_counter() - t0, "load_before": before, "load_after": loadavg()}
    for line in proc.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "R" and f[2] == "n/a":
            res["R"][f[1]] = {"na": f[3] if len(f) > 3 else ""}
        elif f[0] == "R":
            res["R"][f[1]] = {"median": float(f[2]), "rows": None if f[3] == "-" else int(f[3]),
                              "min": float(f[4]), "max": float(f[5]), "runs": int(f[6])}
        elif f[0] == "M":
            res["M"][f[1]] = f[2]
        else:
            log("   " + line)
    for k, r in res["R"].items():
        if "na" in r:
            log("   %-22s n/a (%s)" % (k, r["na"]))
        else:
            log("   %-22s %10s%s" % (k, fmt_time(r["median"]), "" if r["rows"] is None else "  rows %d" % r["rows"]))
    res["returncode"] = proc.returncode
    if build:
        res["build"] = build
    if proc.returncode != 0:
        warn("%s: %s exited with status %d" % (os.path.basename(d), LABEL[name], proc.returncode))
    return res


# ---------------------------------------------------------------- answers

def read_answer(d, system, key):
    path = os.path.join(d, "answers", system, key + ".txt")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def compare(n, d, res, key, systems, numeric=False):
    """Warns when systems asked the same question answer differently: first
    the row counts, then the rows (one line each in the answer files)."""
    answers = {}
    for s in systems:
        r = res.get(s, {}).get("R", {}).get(key)
        if r is not None and "na" in r:
            continue
        a = read_answer(d, s, key)
        if a is not None:
            answers[s] = a
    have = list(answers)
    if len(have) < 2:
        return
    counts = {s: len(answers[s]) for s in have}
    ref = have[0]
    if len(set(counts.values())) > 1:
        warn("%d events, %s: row counts differ: %s" % (
            n, key, ", ".join("%s %d" % (SHORT[s], counts[s]) for s in have)))
    a = answers[ref]
    for s in have[1:]:
        b = answers[s]
        if numeric:
            da = dict(line.split("\t") for line in a)
            db = dict(line.split("\t") for line in b)
            worst = max((abs(float(da[k]) - float(db[k])) for k in da if k in db), default=0.0)
            missing = sorted(set(da) ^ set(db))
            if worst > 1e-6 or missing:
                warn("%d events, %s: %s and %s differ: largest score difference %.3g%s" % (
                    n, key, SHORT[ref], SHORT[s], worst,
                    (", nodes in one only: " + " ".join(missing[:10])) if missing else ""))
            continue
        if a != b:
            sa, sb = set(a), set(b)
            only_a, only_b = sorted(sa - sb), sorted(sb - sa)
            warn("%d events, %s: %s and %s answer differently: %d rows only in %s (%s), %d only in %s (%s)" % (
                n, key, SHORT[ref], SHORT[s], len(only_a), SHORT[ref], "; ".join(only_a[:5]).replace("\t", " "),
                len(only_b), SHORT[s], "; ".join(only_b[:5]).replace("\t", " ")))


def check_answers(n, d, res):
    same = ["simple", "sqlite", "duckdb"]
    for key in QUERY_KEYS:
        compare(n, d, res, key, (["rules"] if key == "events.month" else []) + same)
    compare(n, d, res, "network.year", same)
    compare(n, d, res, "network.nodes", same)
    compare(n, d, res, "betweenness.year", ["simple", "networkx", "igraph"], numeric=True)


# ---------------------------------------------------------------- the table

def fmt_time(s):
    if s is None:
        return "—"
    if s < 1e-3:
        return "%.3f ms" % (s * 1e3)
    if s < 1:
        return "%.3g ms" % (s * 1e3)
    return "%.3g s" % s


def fmt_bytes(b):
    if b is None:
        return "—"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if b >= size:
            return "%.3g %s" % (b / size, unit)
    return "%d B" % b


def fmt_ratio(r):
    if r >= 100:
        return "%.0f×" % r
    return "%.3g×" % r


def value(res, system, key):
    r = res.get(system, {}).get("R", {}).get(key)
    if r is None or "na" in r:
        return None
    return r["median"]


def measure(res, system, key):
    v = res.get(system, {}).get("M", {}).get(key)
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def per_event(res, how="load.json"):
    """Workload 7: bytes per loaded event of each system (diplomacy's after
    the JSON load or the snapshot open: how)."""
    out = {}
    for s in ("rules", "simple"):
        ev, delta = measure(res, s, "events"), measure(res, s, how + ".rss_delta_trimmed")
        if ev and delta is not None:
            out[s] = delta / ev
    ev = measure(res, "sqlite", "events")
    if ev and measure(res, "sqlite", "db_bytes") is not None:
        out["sqlite"] = measure(res, "sqlite", "db_bytes") / ev
    ev = measure(res, "duckdb", "events")
    if ev and measure(res, "duckdb", "rss_delta") is not None:
        out["duckdb"] = measure(res, "duckdb", "rss_delta") / ev
    return out


def rows_cell(res, key):
    rows = {s: res[s]["R"][key]["rows"] for s in SYSTEMS
            if s in res and key in res[s]["R"] and "na" not in res[s]["R"][key]
            and res[s]["R"][key]["rows"] is not None}
    if not rows:
        return ""
    same = [rows[s] for s in ("simple", "sqlite", "duckdb", "networkx", "igraph") if s in rows]
    cell = []
    if "rules" in rows:
        cell.append(str(rows["rules"]))
    if same:
        if len(set(same)) == 1:
            cell.append(str(same[0]))
        else:
            cell.append(" ≠ ".join("%s %d" % (SHORT[s], rows[s]) for s in rows if s != "rules") + " ⚠")
    return " / ".join(cell)


def ratio_cell(res, key, base, values=None):
    get = (lambda s: values.get(s)) if values is not None else (lambda s: value(res, s, key))
    b = get(base)
    if not b:
        return ""
    parts = []
    for p in PEERS:
        v = get(p)
        if v is not None:
            parts.append("%s %s" % (SHORT[p], fmt_ratio(v / b)))
    return ", ".join(parts)


def table(results, summaries):
    head = ["events", "workload", "rows (rules / same question)"] + [LABEL[s] for s in SYSTEMS] + \
           ["peer ÷ diplomacy (simple)", "peer ÷ diplomacy (rules)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n in SIZES:
        if n not in results:
            continue
        res, sm = results[n], summaries[n]
        busy, rare, (pa, pb) = sm["busy_state"], sm["rare_state"], sm["busy_pair"]
        rows = [
            ("1", "load until queries can run: snapshot", "load.snapshot", "load"),
            ("1", "load until queries can run: JSON", "load.json", "load"),
            ("1a", "… JSON: `diplomacy.load`", "load.json.read", None),
            ("1b", "… JSON: first query (index build)", "load.json.index", None),
            ("2", "meetings(%s, %s), all time" % (pa, pb), "meetings.busy.all", None),
            ("2", "meetings(%s, %s), %s" % (pa, pb, YEAR[0][:4]), "meetings.busy.year", None),
            ("2", "meetings(%s, %s), all time" % (rare, busy), "meetings.rare.all", None),
            ("2", "meetings(%s, %s), %s" % (rare, busy, YEAR[0][:4]), "meetings.rare.year", None),
            ("3", "partners(%s)" % busy, "partners.busy", None),
            ("3", "partners(%s)" % rare, "partners.rare", None),
            ("4", "venues(%s, %s)" % (pa, pb), "venues.busy", None),
            ("4", "venues(%s, %s)" % (rare, busy), "venues.rare", None),
            ("5", "events, %s" % MONTH[0][:7], "events.month", None),
            ("6", "state network, %s" % YEAR[0][:4], "network.year", None),
            ("6", "betweenness on it", "betweenness.year", None),
        ]
        first = True
        for num, label, dkey, pkey in rows:
            pkey = pkey or dkey
            cells = [("%d" % n) if first else "", "%s %s" % (num, label), rows_cell(res, dkey)]
            first = False
            times = {}
            for s in SYSTEMS:
                key = dkey if s in ("rules", "simple") else pkey
                r = res.get(s, {}).get("R", {}).get(key)
                times[s] = value(res, s, key)
                cells.append("n/a" if r is not None and "na" in r else fmt_time(times[s]) if r else "")
            cells.append(ratio_cell(res, None, "simple", times))
            cells.append(ratio_cell(res, None, "rules", times))
            lines.append("| " + " | ".join(cells) + " |")
        for label, how in (("JSON load", "load.json"), ("snapshot open", "load.snapshot")):
            pe = per_event(res, how)
            if not any(s in pe for s in ("rules", "simple")):
                continue
            cells = ["", "7 memory per loaded event (diplomacy: %s)" % label, ""]
            cells += [("%.0f B" % pe[s]) if s in pe else "" for s in SYSTEMS]
            cells += [ratio_cell(res, None, "simple", pe), ratio_cell(res, None, "rules", pe)]
            lines.append("| " + " | ".join(cells) + " |")
        files = {}
        for s in ("rules", "simple"):
            if measure(res, s, "snapshot_bytes") is not None and measure(res, s, "events"):
                files[s] = measure(res, s, "snapshot_bytes") / measure(res, s, "events")
        if files and "sqlite" in per_event(res):
            files["sqlite"] = per_event(res)["sqlite"]
            cells = ["", "7 file per event (diplomacy: snapshot; SQLite: database)", ""]
            cells += [("%.0f B" % files[s]) if s in files else "" for s in SYSTEMS]
            cells += [ratio_cell(res, None, "simple", files), ratio_cell(res, None, "rules", files)]
            lines.append("| " + " | ".join(cells) + " |")
        peak = {s: measure(res, s, "peak_rss") for s in SYSTEMS if measure(res, s, "peak_rss") is not None}
        cells = ["", "peak memory (process RSS)", ""] + [fmt_bytes(peak.get(s)) if s in peak else "" for s in SYSTEMS]
        cells += ["", ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(results, n):
    """The issue's targets, checked on size n (the largest of this run)."""
    res = results[n]
    out = []

    def mark(ok):
        return "met" if ok else "**missed**"

    for base in ("simple", "rules"):
        out.append("Against diplomacy (%s):" % base)
        out.append("")
        for key in QUERY_KEYS:
            d = value(res, base, key)
            peers = [v for v in (value(res, "sqlite", key), value(res, "duckdb", key)) if v is not None]
            if d is None or not peers:
                continue
            best = min(peers)
            rows = res[base]["R"][key]["rows"]
            line = "- %s: faster peer %s, diplomacy %s: %s (target 10×) %s" % (
                key, fmt_time(best), fmt_time(d), fmt_ratio(best / d), mark(best / d >= 10))
            if rows is not None and rows < 1000:
                line += "; %d rows in %s (target < 1 ms) %s" % (rows, fmt_time(d), mark(d < 1e-3))
            out.append(line)
        dk, sq = value(res, "duckdb", "load"), value(res, "sqlite", "load")
        for how, what in (("load.snapshot", "snapshot, the fastest way to open a dataset"),
                          ("load.json", "JSON")):
            d = value(res, base, how)
            if d is None or dk is None or sq is None:
                continue
            out.append("- load (%s): %s; DuckDB %s: %s (target ≥ 1×) %s; SQLite %s: %s (target 3×) %s" % (
                what, fmt_time(d), fmt_time(dk), fmt_ratio(dk / d), mark(dk >= d), fmt_time(sq),
                fmt_ratio(sq / d), mark(sq >= 3 * d)))
        net, bc = value(res, base, "network.year"), value(res, base, "betweenness.year")
        edges = min([v for v in (value(res, "sqlite", "network.year"), value(res, "duckdb", "network.year"))
                     if v is not None], default=None)
        if net is None or bc is None:
            out.append("- network and betweenness: n/a (no result from diplomacy: %s)" % (
                res.get(base, {}).get("R", {}).get("network.year", {}).get("na", "it did not run")))
        elif edges is not None:
            for g, want in (("networkx", 10), ("igraph", 1)):
                gb, gc = value(res, g, "network.year"), value(res, g, "betweenness.year")
                if gb is None or gc is None:
                    continue
                peer = edges + gb + gc
                out.append("- network + betweenness: %s (faster SQL edge list + graph + betweenness) %s, "
                           "diplomacy %s: %s (target %d×) %s; betweenness alone %s vs %s: %s" % (
                               g, fmt_time(peer), fmt_time(net + bc), fmt_ratio(peer / (net + bc)), want,
                               mark(peer / (net + bc) >= want), fmt_time(gc), fmt_time(bc), fmt_ratio(gc / bc)))
        for how, what in (("load.json", "after the JSON load"), ("load.snapshot", "after the snapshot open")):
            pe = per_event(res, how)
            if base in pe and "sqlite" in pe:
                out.append("- memory per event (%s): %.0f B vs SQLite's file %.0f B (target ≤) %s" % (
                    what, pe[base], pe["sqlite"], mark(pe[base] <= pe["sqlite"])))
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- machine

def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    return cpu, mem


def command_output(cmd):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True).stdout.strip()
    except OSError:
        return "?"


def main():
    """With --report, measures nothing: the table and results.md again from
    bench/out/N/results.json and the answer files of the last run."""
    report_only = "--report" in sys.argv[1:]
    results, summaries, meta = {}, {}, {}
    for n in SIZES:
        if report_only:
            d = os.path.join(OUT, str(n))
            path = os.path.join(d, "results.json")
            if not os.path.exists(path):
                log("no %s: size %d left out" % (path, n))
                continue
            with open(os.path.join(d, "summary.json"), encoding="utf-8") as f:
                summaries[n] = json.load(f)
            with open(path, encoding="utf-8") as f:
                res = json.load(f)
            meta[n] = res.pop("meta", {"finished": datetime.datetime.fromtimestamp(
                os.path.getmtime(path), datetime.timezone.utc).isoformat(timespec="minutes")})
            results[n] = res
            for s, r in res.items():
                if r.get("returncode"):
                    warn("%d: %s exited with status %d" % (n, LABEL[s], r["returncode"]))
            check_answers(n, d, res)
            continue
        t0 = datetime.datetime.now(datetime.timezone.utc)
        d, sm = generate(n)
        summaries[n] = sm
        params = {"busy": sm["busy_state"], "rare": sm["rare_state"], "pair_a": sm["busy_pair"][0],
                  "pair_b": sm["busy_pair"][1], "year_from": YEAR[0], "year_to": YEAR[1],
                  "month_from": MONTH[0], "month_to": MONTH[1], "runs": RUNS, "load_runs": LOAD_RUNS}
        res = {}
        for s in SYSTEMS:
            if s in ("networkx", "igraph") and not os.path.exists(os.path.join(d, "edges.tsv")):
                continue
            res[s] = run_system(s, d, params)
        results[n] = res
        check_answers(n, d, res)
        meta[n] = {"started": t0.isoformat(timespec="minutes"),
                   "finished": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes"),
                   "runs": RUNS, "load_runs": LOAD_RUNS}
        with open(os.path.join(d, "results.json"), "w", encoding="utf-8") as f:
            json.dump(dict(res, meta=meta[n]), f, indent=1)
    if not results:
        sys.exit("bench: no results")
    cpu, mem = machine()
    t = table(results, summaries)
    print()
    print(t)
    print()
    tg = targets(results, max(results))
    print("Targets (%d events):\n" % max(results))
    print(tg)
    if warnings:
        print("Answer checks: %d WARNING(s):" % len(warnings))
        for w in warnings:
            print("- " + w)
    else:
        print("Answer checks: the systems asked the same question agree (row counts and rows).")

    rules_vs = []
    for n in SIZES:
        if n not in results:
            continue
        res = results[n]
        diffs = []
        for key in QUERY_KEYS + ["network.year"]:
            a, b = res.get("rules", {}).get("R", {}).get(key), res.get("simple", {}).get("R", {}).get(key)
            if a and b and "na" not in a and "na" not in b and a["rows"] != b["rows"]:
                diffs.append("%s %d vs %d" % (key, a["rows"], b["rows"]))
        if diffs:
            rules_vs.append("- %d events: %s" % (n, "; ".join(diffs)))

    builds = sorted({r["build"] for res in results.values() for r in res.values() if "build" in r})
    versions = {
        "diplomacy": " and ".join(builds) if builds else "(not recorded)",
        "Lua": command_output([LUA, "-v"]).split("  ")[0].replace("Lua ", ""),
        "SQLite": command_output(["sqlite3", "--version"]).split(" ")[0],
        "Python": sys.version.split()[0],
        "node": command_output(["node", "--version"]),
    }
    for n in results:
        for s, k in (("duckdb", "DuckDB"), ("networkx", "networkx"), ("igraph", "igraph")):
            v = results[n].get(s, {}).get("M", {}).get("version")
            if v:
                versions[k] = v
    threads = next((results[n]["duckdb"]["M"].get("threads") for n in results if "duckdb" in results[n]), "?")

    md = []
    md.append("# Benchmark results")
    md.append("")
    runs = sorted({(m.get("runs", RUNS), m.get("load_runs", LOAD_RUNS)) for m in meta.values()})
    md.append("Written by `make bench` (bench/run.py%s); sizes %s; median of %s runs per query workload "
              "and of %s loads." % ("; re-rendered from the saved measurements by `bench/run.py --report`"
                                    if report_only else "",
                                    ", ".join("{:,}".format(n) for n in results),
                                    "/".join(str(r[0]) for r in runs), "/".join(str(r[1]) for r in runs)))
    md.append("")
    for n in results:
        when = meta[n].get("started", "")
        md.append("- %d events: measured %s%s UTC" % (n, (when.replace("T", " ")[:16] + " to ") if when else
                                                     "until ", meta[n]["finished"].replace("T", " ")[:16]))
    md.append("- Machine: %d cores (nproc), %s, %.1f GB of memory, %s" % (
        os.cpu_count(), cpu, mem / 1e9, command_output(["uname", "-sr"])))
    loads = [float(r[k].split()[0]) for res in results.values() for r in res.values()
             for k in ("load_before", "load_after") if k in r]
    md.append("- The machine is shared: other developers run builds and tests on the same 2 cores. The "
              "1-minute load average, sampled before and after each system's process, ranged from %.2f to "
              "%.2f, so single runs are noisy; the medians less so." % (min(loads), max(loads)))
    md.append("- Versions: " + ", ".join("%s %s" % kv for kv in versions.items()) +
              "; DuckDB with %s threads." % threads)
    md.append("")
    md.append(t)
    md.append("")
    md.append("## Which rows are which")
    md.append("""
- **diplomacy (rules)**: this project on the generator's `dataset.json`, answering the format's full
  question (rules 1-7 of dataset-format.md: affiliation sets through posts and ministries at the
  event's date, sides, every actor that stands for a participant). Its row counts are the first
  number of the rows column; they differ from the peers' by design (for example `partners` of a
  state lists the persons and ministries that meet it, not only the other sides).
- **diplomacy (simple)**: this project on `simple.json`: the same events, each participant replaced
  by its effective side (from `participants.tsv`), no relations. There the rules ask exactly the
  peers' question, so its answers must equal theirs (the second number of the rows column); the
  ratios in "peer ÷ diplomacy (simple)" are like with like.
- **SQLite** and **DuckDB** answer the dyadic question over the flat tables, with each participant's
  effective side precomputed by the generator: A meets B at a meeting (an event of the meeting class,
  not cancelled or denied) where some participant's side is A and another's is B. SQL in
  `bench/sql/`. Load: SQLite's shell imports the TSV files (`.import`) and builds three indexes;
  DuckDB reads them with `read_csv` into an in-memory database.
- **networkx** and **igraph** (row 6) build the graph from the edge list SQLite answered (nodes, then
  weighted edges) and compute unweighted betweenness, normalized as networkx does; the SQLite and
  DuckDB cells of the network row are the time of their edge-list queries (edges and nodes). The
  diplomacy cell is `ds:network{from, to, nodes = "state"}` from the loaded events, and the
  betweenness row `g:centrality("betweenness")`.
- Times are wall-clock, taken inside each system around the user's call (not process start):
  Lua with `clock_gettime(CLOCK_MONOTONIC)` (bench/clock.c), Python with `time.perf_counter()`,
  node with `performance.now()`. Answer objects are included: Lua Event/Actor/Place objects,
  Python tuples from `fetchall()`, JS arrays from `getRows()`. SQLite's load is timed around the
  `sqlite3` shell process (it has no in-process timer for `.import`); DuckDB's from creating the
  instance. The Lua collector runs between runs, not inside them.
- Row 1 for diplomacy is `diplomacy.load` plus a first query (a window matching nothing), which
  builds the indexes when the load did not bring them: from the binary snapshot (the fastest way
  the project offers to open a dataset; written by `ds:save(path, {format = "snapshot"})` from the
  JSON's dataset, not timed here) and from the JSON (1a and 1b split it). The queries run on the
  dataset opened from the snapshot. The peers' cells are the same in both rows: their one load.
- Row 7: diplomacy, the growth of the process's resident memory over load and index build, after
  `malloc_trim` (after the JSON load, and after the snapshot open); SQLite, the database file
  (tables and indexes); DuckDB, the growth of node's resident memory over the load. "peak memory"
  is each process's peak resident size (for SQLite the larger of Python's and the `sqlite3`
  shell's).
- Ratios are peer time ÷ diplomacy time (above 1: diplomacy is faster); for row 7, peer bytes ÷
  diplomacy bytes.""")
    md.append("")
    md.append("## Targets of issue 5 (%d events)" % max(results))
    md.append("")
    md.append(tg)
    md.append("## Answer checks")
    md.append("")
    if warnings:
        for w in warnings:
            md.append("- WARNING: " + w)
    else:
        md.append("The systems asked the same question agree, row for row: diplomacy (simple), SQLite and "
                  "DuckDB on every query and on the network's edges and nodes (and diplomacy (rules) too on "
                  "the events of a window); networkx, igraph and diplomacy on betweenness (within 1e-6).")
    if rules_vs:
        md.append("")
        md.append("Expected differences, full rules against the simple question (row counts, rules vs simple):")
        md.append("")
        md.extend(rules_vs)
    md.append("")
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    log("wrote %s" % RESULTS)


if __name__ == "__main__":
    main()
