#!/usr/bin/env python3
"""nx_fixtures.py: regenerates spec/fixtures/networkx.lua (and spec/fixtures/meetings.json)
with networkx as the oracle for the centrality values the network specs check.

    python3 tools/nx_fixtures.py        # Debian: apt-get install python3-networkx

Three graphs: Zachary's karate club (nx.karate_club_graph(), with its edge
weights), Padgett's Florentine families (nx.florentine_families_graph(),
every weight 1), and the meeting graph of spec/fixtures/meetings.json, a
small dataset this script writes (sides as nodes: two sides meet at every
meeting of rule 1 where both take part; weight = number of meetings).

For each graph, every score is networkx's own with its default arguments:
degree_centrality, closeness_centrality (wf_improved), betweenness_centrality
(normalized), eigenvector_centrality (unweighted), pagerank (alpha 0.85,
weight='weight'); and the weighted variants the project offers: closeness and
betweenness with distance = 1/weight, eigenvector with weight='weight',
pagerank with weight=None. Also each graph's edge list, so that the specs
rebuild exactly the graph networkx saw.
"""
import json
import os
import random
import sys

import networkx as nx

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIXTURES = os.path.join(ROOT, "spec", "fixtures")

MEETING_TYPES = {"meeting", "talks", "negotiation", "summit", "visit", "call", "conference"}


def meetings_dataset():
    """A small dataset of states and envoys, fixed by its seed."""
    rng = random.Random(20220110)
    states = [{"id": "S%02d" % i, "name": "State %d" % i, "kind": "state"} for i in range(18)]
    envoys = [{"id": "E%02d" % i, "name": "Envoy %d" % i, "kind": "person"} for i in range(6)]
    events = []
    types = ["meeting", "talks", "call", "visit", "summit", "conference", "statement", "briefing"]
    for k in range(90):
        etype = rng.choice(types)
        nsides = rng.choice([2, 2, 2, 3, 3, 4])
        sides = rng.sample(states[:15], nsides)  # S15..S17 meet nobody but themselves
        parts = [{"actor": s["id"]} for s in sides]
        if rng.random() < 0.3:  # an envoy joins a side's delegation, the side given explicitly
            parts.append({"actor": rng.choice(envoys)["id"], "side": sides[0]["id"], "role": "member"})
        status = rng.choice(["held"] * 8 + ["cancelled", "reported", "denied", "planned"])
        day = 1 + rng.randrange(28)
        month = 1 + rng.randrange(12)
        events.append({"id": "M%03d" % k, "type": etype, "start": "2021-%02d-%02d" % (month, day),
                       "status": status, "participants": parts})
    # one side alone at a meeting: a node without edges
    events.append({"id": "M900", "type": "meeting", "start": "2021-06-01",
                   "participants": [{"actor": "S15"}, {"actor": "E05", "side": "S15"}]})
    # two states that only meet each other: a second component
    events.append({"id": "M901", "type": "talks", "start": "2021-07-01",
                   "participants": [{"actor": "S16"}, {"actor": "S17"}]})
    return {"format": "diplomacy", "version": 1, "meta": {"title": "networkx fixture meetings"},
            "actors": states + envoys, "events": events}


def meeting_graph(data):
    g = nx.Graph()
    for e in data["events"]:
        if e["type"] not in MEETING_TYPES or e.get("status", "held") in ("cancelled", "denied"):
            continue
        sides = []
        for p in e["participants"]:
            side = p.get("side", p["actor"])
            if side not in sides:
                sides.append(side)
        g.add_nodes_from(sides)
        for i in range(len(sides)):
            for j in range(i + 1, len(sides)):
                a, b = sides[i], sides[j]
                w = g[a][b]["weight"] + 1 if g.has_edge(a, b) else 1
                g.add_edge(a, b, weight=w)
    return g


def scores(g):
    h = g.copy()
    for a, b, d in h.edges(data=True):
        d["length"] = 1.0 / d["weight"]
    out = {
        "degree": nx.degree_centrality(g),
        "closeness": nx.closeness_centrality(g),
        "betweenness": nx.betweenness_centrality(g),
        "eigenvector": nx.eigenvector_centrality(g),
        "pagerank": nx.pagerank(g),
        "closeness_weighted": nx.closeness_centrality(h, distance="length"),
        "betweenness_weighted": nx.betweenness_centrality(h, weight="length"),
        "eigenvector_weighted": nx.eigenvector_centrality(g, weight="weight"),
        "pagerank_unweighted": nx.pagerank(g, weight=None),
        "strength": dict(g.degree(weight="weight")),
    }
    return out


def lua_string(s):
    return json.dumps(str(s))  # a JSON string of ASCII text is a Lua string too


def lua_value(v, indent):
    pad = "  " * indent
    if isinstance(v, dict):
        items = []
        for k in sorted(v, key=str):
            items.append("%s  [%s] = %s," % (pad, lua_string(k), lua_value(v[k], indent + 1)))
        return "{\n" + "\n".join(items) + "\n" + pad + "}"
    if isinstance(v, (list, tuple)):
        return "{ " + ", ".join(lua_value(x, indent + 1) for x in v) + " }"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    return lua_string(v)


def describe(g, rename):
    edges = [[rename(a), rename(b), int(d.get("weight", 1))] for a, b, d in g.edges(data=True)]
    sc = {k: {rename(n): float(x) for n, x in v.items()} for k, v in scores(g).items()}
    return {"nodes": [rename(n) for n in g.nodes()], "edges": edges, "scores": sc}


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    data = meetings_dataset()
    with open(os.path.join(FIXTURES, "meetings.json"), "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    florentine = nx.florentine_families_graph()
    for a, b in florentine.edges():
        florentine[a][b]["weight"] = 1
    graphs = {
        "karate": describe(nx.karate_club_graph(), lambda n: "k%d" % n),
        "florentine": describe(florentine, str),
        "meetings": describe(meeting_graph(data), str),
    }
    with open(os.path.join(FIXTURES, "networkx.lua"), "w") as f:
        f.write("-- networkx.lua: written by tools/nx_fixtures.py with networkx %s (Python %d.%d); do not edit\n"
                % (nx.__version__, sys.version_info[0], sys.version_info[1]))
        f.write("return %s\n" % lua_value({"networkx": nx.__version__, "graphs": graphs}, 0))


if __name__ == "__main__":
    main()
