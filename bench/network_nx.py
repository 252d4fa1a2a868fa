#!/usr/bin/env python3
"""network_nx.py: networkx on the edge list bench/network_bench.lua exports (a, b, weight per line, tab-separated).

Prints, one per line: version, build (s), betweenness (s), betweenness_weighted (s),
and the scores as id=value pairs, for the Lua side to compare.
"""
import sys
import time

import networkx as nx


def main(path):
    t0 = time.process_time()
    g = nx.Graph()
    with open(path) as f:
        for line in f:
            a, b, w = line.rstrip("\n").split("\t")
            g.add_edge(a, b, weight=int(w), length=1.0 / int(w))
    t1 = time.process_time()
    bc = nx.betweenness_centrality(g)
    t2 = time.process_time()
    bcw = nx.betweenness_centrality(g, weight="length")
    t3 = time.process_time()
    print("version", nx.__version__)
    print("build", t1 - t0)
    print("betweenness", t2 - t1)
    print("betweenness_weighted", t3 - t2)
    print("scores", " ".join("%s=%r" % kv for kv in bc.items()))
    print("scores_weighted", " ".join("%s=%r" % kv for kv in bcw.items()))


if __name__ == "__main__":
    main(sys.argv[1])
