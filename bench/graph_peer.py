"""bench/graph_peer.py: workload 6 (the one-year state network and its
betweenness) on networkx or igraph, from the edge list SQLite answered.

    python3 bench/graph_peer.py networkx|igraph data=DIR runs=5 [answers=DIR]

Reads DIR/nodes.txt and DIR/edges.tsv (written by bench/sqlite_peer.py; not
timed). Times with time.perf_counter(): "network.year", building the graph
from those lists (nodes, then edges with their weights); "betweenness.year",
unweighted betweenness normalized as networkx does by default, sorted by
score descending then id, like g:centrality("betweenness") of this project.
igraph's raw scores are scaled by 2 / ((n - 1)(n - 2)) to networkx's. Prints
the same R/M lines as bench/diplomacy.lua.
"""
import os
import resource
import statistics
import sys
import time

which = sys.argv[1]
cfg = dict(a.split("=", 1) for a in sys.argv[2:])
runs = int(cfg.get("runs", 5))
data = cfg["data"]


def report(key, times, rows):
    print("R\t%s\t%.9f\t%s\t%.9f\t%.9f\t%d" % (key, statistics.median(times), rows,
                                             min(times), max(times), len(times)), flush=True)


def measure(key, value):
    print("M\t%s\t%s" % (key, value), flush=True)


with open(os.path.join(data, "nodes.txt"), encoding="utf-8") as f:
    nodes = [line.rstrip("\n") for line in f]
with open(os.path.join(data, "edges.tsv"), encoding="utf-8") as f:
    edges = []
    for line in f:
        a, b, w = line.rstrip("\n").split("\t")
        edges.append((a, b, int(w)))

if which == "networkx":
    import networkx as nx
    measure("version", nx.__version__)

    def build():
        g = nx.Graph()
        g.add_nodes_from(nodes)
        g.add_weighted_edges_from(edges)
        return g

    def betweenness(g):
        bc = nx.betweenness_centrality(g)
        return sorted(bc.items(), key=lambda kv: (-kv[1], kv[0]))
elif which == "igraph":
    import igraph as ig
    measure("version", ig.__version__)

    def build():
        index = {name: i for i, name in enumerate(nodes)}
        g = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b, _ in edges])
        g.vs["name"] = nodes
        g.es["weight"] = [w for _, _, w in edges]
        return g

    def betweenness(g):
        n = g.vcount()
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        raw = g.betweenness(directed=False)
        names = g.vs["name"]
        return sorted(((names[i], s * scale) for i, s in enumerate(raw)), key=lambda kv: (-kv[1], kv[0]))
else:
    sys.exit("graph_peer.py: networkx or igraph expected, got " + which)

times, g = [], None
for _ in range(runs):
    g = None
    t0 = time.perf_counter()
    g = build()
    times.append(time.perf_counter() - t0)
report("network.year", times, len(edges))
measure("network.nodes", len(nodes))

times, scores = [], None
for _ in range(runs):
    t0 = time.perf_counter()
    scores = betweenness(g)
    times.append(time.perf_counter() - t0)
report("betweenness.year", times, len(scores))
if "answers" in cfg:
    with open(os.path.join(cfg["answers"], "betweenness.year.txt"), "w", encoding="utf-8") as f:
        for line in sorted("%s\t%.9f" % kv for kv in scores):
            f.write(line + "\n")

measure("peak_rss", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
