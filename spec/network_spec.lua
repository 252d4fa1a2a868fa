-- network_spec.lua: meeting networks, centrality against networkx, time-respecting paths, series and exports
local diplomacy = require "diplomacy"
local json = require "dkjson"

local NX = dofile("spec/fixtures/networkx.lua")

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

local function ids(list)
  local out = {}
  for i, x in ipairs(list) do out[i] = x.id end
  return out
end

local function event_ids(list)
  if not list then return nil end
  return ids(list)
end

-- A dataset whose meeting graph is the given edge list: one state per node,
-- and per edge as many talks between its two states as its weight.
local function dataset_of_edges(nodes, edges)
  local ds = diplomacy.new()
  for _, n in ipairs(nodes) do ds:add_actor { id = n, name = "node " .. n, kind = "state" } end
  local k = 0
  for _, e in ipairs(edges) do
    for _ = 1, e[3] do
      k = k + 1
      ds:add_event { id = string.format("T%05d", k), type = "talks",
        start = string.format("2020-%02d-%02d", 1 + k % 12, 1 + k % 28),
        participants = { { actor = e[1] }, { actor = e[2] } } }
    end
  end
  return ds
end

-- Small hand-built datasets for paths: states A.. and meetings given as {id, start, a, b}.
local function chain_dataset(actors, meetings)
  local ds = diplomacy.new()
  for _, a in ipairs(actors) do ds:add_actor { id = a, name = "State " .. a, kind = "state" } end
  for _, m in ipairs(meetings) do
    local parts = {}
    for i = 3, #m do parts[#parts + 1] = { actor = m[i] } end
    ds:add_event { id = m[1], type = "meeting", start = m[2], participants = parts }
  end
  return ds
end

local function python_with_networkx()
  for _, py in ipairs { "/usr/bin/python3", "python3" } do
    local ok = os.execute(py .. " -c 'import networkx' >/dev/null 2>&1")
    if ok == true then return py end
  end
  return nil
end

local function have_dot() return os.execute("command -v dot >/dev/null 2>&1") == true end

local POWER = { eigenvector = true, pagerank = true, eigenvector_weighted = true, pagerank_unweighted = true }

-- Checks every networkx score of a fixture graph against ds's network.
local function check_scores(g, fixture, name)
  local measures = {
    degree = { "degree" }, strength = { "strength" }, closeness = { "closeness" }, betweenness = { "betweenness" },
    eigenvector = { "eigenvector" }, pagerank = { "pagerank" },
    closeness_weighted = { "closeness", { weighted = true } },
    betweenness_weighted = { "betweenness", { weighted = true } },
    eigenvector_weighted = { "eigenvector", { weighted = true } },
    pagerank_unweighted = { "pagerank", { weighted = false } },
  }
  local checked = 0
  for key, expected in pairs(fixture.scores) do
    local m = assert(measures[key], key)
    local got = {}
    for _, row in ipairs(g:centrality(m[1], m[2])) do got[row.actor.id] = row.score end
    local tolerance = POWER[key] and 1e-9 or 1e-12
    for node, value in pairs(expected) do
      local id = node
      assert(got[id], name .. ": no score for " .. id)
      if math.abs(got[id] - value) > tolerance * math.max(1, math.abs(value)) then
        error(string.format("%s %s of %s: got %.17g, networkx %.17g", name, key, id, got[id], value))
      end
      checked = checked + 1
    end
  end
  return checked
end

local function edge_set(g)
  local set = {}
  for _, e in ipairs(g:edges()) do set[e.a.id .. "|" .. e.b.id] = e.weight end
  return set
end

local function fixture_edge_set(edges)
  local set = {}
  for _, e in ipairs(edges) do
    local a, b = e[1], e[2]
    if b < a then a, b = b, a end
    set[a .. "|" .. b] = e[3]
  end
  return set
end

describe("ds:network", function()
  it("is the meeting graph of the sample, sides as nodes", function()
    local ds = diplomacy.sample()
    local g = ds:network()
    assert.is_true(diplomacy.is.graph(g))
    local e = g:edge("Russia", "United States")
    assert.are.equal(2, e.weight)
    assert.are.equal("RUS", e.a.id)
    assert.are.equal("USA", e.b.id)
    assert.are.equal("2022-01-10", e.first)
    assert.are.equal("2022-01-13", e.last)
    assert.are.equal(2, #e.events)
    assert.are.equal(e.first, e.events[1].start)
    assert.are.equal(e.last, e.events[2].start)
    -- edges: weight descending, then ids, a.id < b.id
    local edges = g:edges()
    assert.are.equal("RUS", edges[1].a.id)
    for i, x in ipairs(edges) do
      assert.is_true(x.a.id < x.b.id)
      if i > 1 then
        local p = edges[i - 1]
        assert.is_true(p.weight > x.weight or (p.weight == x.weight and (p.a.id < x.a.id or
          (p.a.id == x.a.id and p.b.id < x.b.id))))
      end
    end
    -- nodes sorted by id
    local nodes = ids(g:nodes())
    local sorted = { table.unpack(nodes) }
    table.sort(sorted)
    assert.are.same(sorted, nodes)
    assert.is_nil(g:edge("Ukraine", "NATO"))
    assert.are.equal(#g:neighbors("Russia"), g:degree("Russia"))
  end)

  it("follows the query options", function()
    local ds = diplomacy.sample()
    local g = ds:network { from = "2022-01-10", to = "2022-01-10" }
    assert.are.same({ "RUS", "USA" }, ids(g:nodes()))
    assert.are.equal(1, g:edge("RUS", "USA").weight)
    assert.matches("unknown type 'sumit' %(the dataset has: ", select(2, pcall(ds.network, ds, { type = "sumit" })))
    local none = ds:network { from = "2022-01-10", to = "2022-01-10", type = "summit" }
    assert.are.equal(0, #none:nodes())
    assert.are.equal(0, #none:edges())
  end)

  it("takes participants or an actor kind as nodes", function()
    local ds = diplomacy.sample()
    local p = ds:network { nodes = "participants", from = "2022-01-10", to = "2022-01-10" }
    assert.are.same({ "ryabkov", "sherman" }, ids(p:nodes()))
    assert.are.equal(1, p:edge("Ryabkov", "Sherman").weight)
    -- every state standing for a participant; with members, NATO's members meet Russia on the 12th
    local plain = ds:network { nodes = "state", from = "2022-01-12", to = "2022-01-12" }
    assert.are.same({ "RUS" }, ids(plain:nodes()))
    local members = ds:network { nodes = "state", members = true, from = "2022-01-12", to = "2022-01-12" }
    assert.is_true(#members:nodes() > 20)
    assert.are.equal(1, members:edge("RUS", "USA").weight)
    assert.is_nil(members:edge("USA", "FRA")) -- allies on NATO's side do not meet each other
    for _, a in ipairs(members:nodes()) do assert.are.equal("state", a.kind) end
    -- the agencies: Russia's Foreign Ministry meets the State Department at Geneva
    local agencies = ds:network { nodes = "agency", from = "2022-01-10", to = "2022-01-10" }
    assert.are.equal(2, #agencies:nodes())
    assert.are.equal(1, #agencies:edges())
  end)

  it("keeps a node that meets nobody", function()
    local ds = chain_dataset({ "A", "B", "C" }, {
      { "m1", "2022-01-01", "A", "B" },
      { "m2", "2022-01-02", "C" }, -- a meeting with one side only
    })
    local g = ds:network()
    assert.are.same({ "A", "B", "C" }, ids(g:nodes()))
    assert.are.equal(0, g:degree("C"))
    assert.are.equal(0, g:strength("C"))
    assert.are.equal(0, #g:neighbors("C"))
    assert.are.equal(2, #g:components())
  end)

  it("keeps its dataset alive, and says so when the dataset is closed", function()
    local g = diplomacy.sample():network()
    collectgarbage()
    collectgarbage()
    assert.are.equal("RUS", g:centrality("degree")[1].actor.id)
    local ds = diplomacy.sample()
    local h = ds:network()
    local e = h:ego("NATO")
    ds:close()
    assert.has_error(function() h:nodes() end, "dataset is closed")
    assert.has_error(function() e:edges() end, "dataset is closed")
    assert.are.equal("Graph (dataset closed)", tostring(h))
  end)

  it("rejects bad options and names", function()
    local ds = diplomacy.sample()
    assert.has_error(function() ds:network { node = "sides" } end)
    assert.has_error(function() ds:network { nodes = 3 } end)
    local g = ds:network()
    assert.has_error(function() g:degree("Wendy Sherman") end, "'sherman' is not a node of this graph")
    assert.has_error(function() g:degree("Nobody") end, "unknown actor 'Nobody'")
    assert.has_error(function() g:centrality("fame") end)
    assert.has_error(function() g:centrality("degree", { weigthed = true }) end)
    assert.has_error(function() g:ego("Russia", -1) end)
  end)
end)

describe("centrality, as networkx computes it", function()
  it("on Zachary's karate club", function()
    local fx = NX.graphs.karate
    local g = dataset_of_edges(fx.nodes, fx.edges):network()
    assert.are.equal(34, #g:nodes())
    assert.are.same(fixture_edge_set(fx.edges), edge_set(g))
    assert.are.equal(34 * 10, check_scores(g, fx, "karate"))
  end)

  it("on Padgett's Florentine families", function()
    local fx = NX.graphs.florentine
    local g = dataset_of_edges(fx.nodes, fx.edges):network()
    assert.are.same(fixture_edge_set(fx.edges), edge_set(g))
    assert.are.equal(15 * 10, check_scores(g, fx, "florentine"))
    local top = g:centrality("betweenness")[1]
    assert.are.equal("Medici", top.actor.id)
  end)

  it("on the meeting graph of a dataset (with an isolated node and two components)", function()
    local fx = NX.graphs.meetings
    local ds = assert(diplomacy.load("spec/fixtures/meetings.json"))
    local g = ds:network()
    assert.are.same(fixture_edge_set(fx.edges), edge_set(g))
    local nodes = {}
    for i, n in ipairs(fx.nodes) do nodes[i] = n end
    table.sort(nodes)
    assert.are.same(nodes, ids(g:nodes()))
    assert.are.equal(0, g:degree("S15"))
    assert.are.equal(#nodes * 10, check_scores(g, fx, "meetings"))
  end)

  it("sorts by score descending, then id", function()
    local g = diplomacy.sample():network()
    local rows = g:centrality("degree")
    for i = 2, #rows do
      local p, x = rows[i - 1], rows[i]
      assert.is_true(p.score > x.score or (p.score == x.score and p.actor.id < x.actor.id))
    end
    assert.are.equal("RUS", rows[1].actor.id)
  end)
end)

describe("graph structure", function()
  local fx = NX.graphs.karate
  local g = dataset_of_edges(fx.nodes, fx.edges):network()

  it("gives degree, strength and neighbors", function()
    assert.are.equal(16, g:degree("k0"))
    assert.are.equal(fx.scores.strength.k0, g:strength("k0"))
    local n = ids(g:neighbors("k33"))
    assert.are.equal(17, #n)
    local sorted = { table.unpack(n) }
    table.sort(sorted)
    assert.are.same(sorted, n)
  end)

  it("cuts ego graphs", function()
    local e0 = g:ego("k0", 0)
    assert.are.same({ "k0" }, ids(e0:nodes()))
    local e1 = g:ego("k0")
    assert.are.equal(17, #e1:nodes())
    assert.are.equal(g:edge("k0", "k1").weight, e1:edge("k0", "k1").weight)
    assert.are.equal(#g:edge("k0", "k1").events, #e1:edge("k0", "k1").events)
    -- the ego graph is induced: edges among the neighbors are kept
    assert.is_not_nil(e1:edge("k1", "k2"))
    assert.are.equal(34, #g:ego("k0", 5):nodes())
  end)

  it("finds components, largest first", function()
    local ds = chain_dataset({ "A", "B", "C", "D", "E", "F" }, {
      { "m1", "2022-01-01", "E", "F" }, { "m2", "2022-01-01", "A", "B" }, { "m3", "2022-01-01", "B", "C" },
      { "m4", "2022-01-01", "D" },
    })
    local comps = ds:network():components()
    assert.are.equal(3, #comps)
    assert.are.same({ "A", "B", "C" }, ids(comps[1]))
    assert.are.same({ "E", "F" }, ids(comps[2]))
    assert.are.same({ "D" }, ids(comps[3]))
  end)

  it("finds communities with Louvain, the same ones every time", function()
    local c1, q1 = g:communities()
    local c2, q2 = g:communities()
    assert.are.equal(q1, q2)
    assert.are.equal(#c1, #c2)
    for i = 1, #c1 do assert.are.same(ids(c1[i]), ids(c2[i])) end
    assert.is_true(q1 > 0.40, "modularity " .. q1) -- the best known partition of the weighted club: about 0.445
    local n = 0
    for i, c in ipairs(c1) do
      n = n + #c
      if i > 1 then assert.is_true(#c1[i - 1] >= #c) end
    end
    assert.are.equal(34, n)
    assert.has_error(function() g:communities { seed = "x" } end)
    local c3 = g:communities { seed = 7, resolution = 0.5 }
    assert.is_true(#c3 >= 1)
  end)
end)

describe("time-respecting paths", function()
  it("follows a chain of meetings forward in time", function()
    local ds = chain_dataset({ "A", "B", "C", "D" }, {
      { "m1", "2022-01-01", "A", "B" }, { "m2", "2022-01-02", "B", "C" }, { "m3", "2022-01-03", "C", "D" },
    })
    assert.are.same({ "m1", "m2", "m3" }, event_ids(ds:path("A", "D")))
    assert.are.same({ "m2", "m3" }, event_ids(ds:path("B", "D")))
    assert.are.same({}, event_ids(ds:path("A", "A")))
    assert.is_nil(ds:path("D", "A")) -- D's only meeting comes after C's news
  end)

  it("ignores a meeting that happens before the chain reaches its participant", function()
    local ds = chain_dataset({ "A", "B", "C" }, {
      { "m1", "2022-01-01", "B", "C" }, { "m2", "2022-01-02", "A", "B" },
    })
    assert.is_nil(ds:path("A", "C"))
    assert.are.same({ "m2" }, event_ids(ds:path("A", "B")))
    assert.are.same({ "m1", "m2" }, event_ids(ds:path("C", "A")))
  end)

  it("chains two meetings on the same day in either order", function()
    -- on one day; by id, B-C comes before A-B, yet A's news reaches C that day
    local ds = chain_dataset({ "A", "B", "C" }, {
      { "z-ab", "2022-01-05", "A", "B" }, { "a-bc", "2022-01-05", "B", "C" },
    })
    assert.are.same({ "z-ab", "a-bc" }, event_ids(ds:path("A", "C")))
    local r = ds:reach("A")
    assert.are.equal(2, #r)
    assert.are.equal("C", r[2].actor.id)
    assert.are.equal(2, r[2].hops)
    assert.are.equal("2022-01-05", r[2].at)
  end)

  it("compares times of day within a day", function()
    local ds = chain_dataset({ "A", "B", "C" }, {
      { "m1", "2022-01-05T15:00Z", "A", "B" }, { "m2", "2022-01-05T09:00Z", "B", "C" },
    })
    assert.is_nil(ds:path("A", "C"))
    -- 09:00 in New York is 14:00 UTC, before 15:00 UTC
    local ds2 = chain_dataset({ "A", "B", "C" }, {
      { "m1", "2022-01-05T14:30Z", "A", "B" }, { "m2", "2022-01-05T10:00-05:00", "B", "C" },
    })
    assert.are.same({ "m1", "m2" }, event_ids(ds2:path("A", "C")))
  end)

  it("prefers the earliest arrival, then the fewest meetings", function()
    local ds = chain_dataset({ "A", "B", "C", "D", "E" }, {
      { "m1", "2022-01-01", "A", "C" }, { "m2", "2022-01-02", "C", "E" },
      { "m3", "2022-01-03", "A", "B" },
      { "m4", "2022-01-05", "E", "D" }, { "m5", "2022-01-05", "B", "D" },
      { "m6", "2022-01-09", "A", "D" },
    })
    -- arriving on the 5th beats the direct meeting on the 9th; of the two
    -- chains arriving on the 5th, the one with two meetings wins
    assert.are.same({ "m3", "m5" }, event_ids(ds:path("A", "D")))
    local r = ds:reach("A")
    local got = {}
    for i, row in ipairs(r) do got[i] = { row.actor.id, row.at, row.hops } end
    assert.are.same({ { "C", "2022-01-01", 1 }, { "E", "2022-01-02", 2 }, { "B", "2022-01-03", 1 },
      { "D", "2022-01-05", 2 } }, got)
  end)

  it("counts hops at the moment of arrival, not better ones found later", function()
    local ds = chain_dataset({ "A", "B", "C", "D" }, {
      { "m1", "2022-01-01", "A", "B" }, { "m2", "2022-01-02", "B", "C" },
      { "m3", "2022-01-03", "A", "C" }, { "m4", "2022-01-04", "C", "D" },
    })
    -- C arrives on the 2nd after two meetings; on the 4th, D hears it from C,
    -- and C by then has it after one meeting (m3): D's chain is m3, m4
    assert.are.same({ "m1", "m2" }, event_ids(ds:path("A", "C")))
    assert.are.same({ "m3", "m4" }, event_ids(ds:path("A", "D")))
    for _, row in ipairs(ds:reach("A")) do
      if row.actor.id == "C" then assert.are.equal(2, row.hops) end
      if row.actor.id == "D" then assert.are.equal(2, row.hops) end
    end
  end)

  it("keeps within the window and the other query options", function()
    local ds = chain_dataset({ "A", "B", "C" }, {
      { "m1", "2022-01-01", "A", "B" }, { "m2", "2022-02-01", "B", "C" },
    })
    assert.is_nil(ds:path("A", "C", { to = "2022-01-31" }))
    assert.is_nil(ds:path("A", "C", { from = "2022-01-02" }))
    assert.are.same({ "m1", "m2" }, event_ids(ds:path("A", "C", { from = "2022-01" })))
    assert.has_error(function() ds:path("A", "C", { nodes = "sides" }) end)
  end)

  it("passes news between actors that meet (rule 5), institutions included", function()
    local ds = diplomacy.new()
    ds:add_actor { id = "RUS", name = "Russia", kind = "state" }
    ds:add_actor { id = "USA", name = "United States", kind = "state" }
    ds:add_actor { id = "FRA", name = "France", kind = "state" }
    ds:add_actor { id = "RUS-MFA", name = "Russian Foreign Ministry", kind = "agency" }
    for _, p in ipairs { { "ryabkov", "Ryabkov" }, { "lavrov", "Lavrov" }, { "sherman", "Sherman" },
      { "blinken", "Blinken" }, { "aide", "Aide" }, { "fr", "French envoy" } } do
      ds:add_actor { id = p[1], name = p[2], kind = "person" }
    end
    ds:add_relation { actor = "RUS-MFA", type = "part_of", target = "RUS" }
    ds:add_relation { actor = "ryabkov", type = "position", target = "RUS-MFA" }
    ds:add_relation { actor = "lavrov", type = "position", target = "RUS-MFA" }
    ds:add_relation { actor = "aide", type = "position", target = "RUS-MFA" }
    ds:add_relation { actor = "sherman", type = "position", target = "USA" }
    ds:add_relation { actor = "blinken", type = "position", target = "USA" }
    ds:add_relation { actor = "fr", type = "position", target = "FRA" }
    ds:add_event { id = "geneva", type = "talks", start = "2022-01-10",
      participants = { { actor = "ryabkov" }, { actor = "aide" }, { actor = "sherman" } } }
    ds:add_event { id = "paris", type = "meeting", start = "2022-01-20",
      participants = { { actor = "lavrov" }, { actor = "fr" } } }
    -- Sherman meets Ryabkov, the aide, the Ministry and Russia (who stand for them)
    local r = {}
    for _, row in ipairs(ds:reach("sherman")) do r[row.actor.id] = row.hops end
    assert.are.equal(1, r["ryabkov"])
    assert.are.equal(1, r["RUS"])
    assert.are.equal(1, r["RUS-MFA"])
    assert.is_nil(r["USA"]) -- Sherman's own side does not meet her
    -- Russia, reached at Geneva, stands for Lavrov in Paris: the French hear it
    assert.are.same({ "geneva", "paris" }, event_ids(ds:path("sherman", "fr")))
    assert.are.equal(2, r["fr"])
    assert.is_nil(r["lavrov"]) -- Lavrov meets no one who had it
    local people = ds:reach("sherman", { kind = "person" })
    assert.are.same({ "aide", "ryabkov", "fr" }, (function()
      local out = {}
      for i, row in ipairs(people) do out[i] = row.actor.id end
      return out
    end)())
  end)
end)

describe("ds:series", function()
  local ds = diplomacy.sample()

  it("counts meetings per period with the empty ones as zeros", function()
    local s = ds:series("Russia", "United States", { by = "day", from = "2022-01-09", to = "2022-01-14" })
    local got = {}
    for i, row in ipairs(s) do got[i] = row.period .. "=" .. row.count end
    assert.are.same({ "2022-01-09=0", "2022-01-10=1", "2022-01-11=0", "2022-01-12=0", "2022-01-13=1",
      "2022-01-14=0" }, got)
    local m = ds:series("Russia", "USA", { by = "month", from = "2021-11", to = "2022-02" })
    got = {}
    for i, row in ipairs(m) do got[i] = row.period .. "=" .. row.count end
    assert.are.same({ "2021-11=0", "2021-12=0", "2022-01=2", "2022-02=0" }, got)
  end)

  it("counts a's meetings with anyone when b is absent, by ISO week or year", function()
    local w = ds:series("Russia", { by = "week", from = "2022-01-01", to = "2022-01-16" })
    local got = {}
    for i, row in ipairs(w) do got[i] = row.period .. "=" .. row.count end
    -- 1 January 2022 is a Saturday of ISO week 2021-W52
    assert.are.same({ "2021-W52=0", "2022-W01=0", "2022-W02=3" }, got)
    local y = ds:series("Russia", nil, { by = "year" })
    assert.are.equal("2022", y[1].period)
    assert.are.equal(3, y[1].count)
    assert.are.same({}, ds:series("Ukraine", "NATO", { by = "year" }))
  end)

  it("defaults to months and rejects other periods", function()
    assert.are.equal("2022-01", ds:series("Russia", "USA")[1].period)
    assert.has_error(function() ds:series("Russia", "USA", { by = "fortnight" }) end)
    assert.has_error(function() ds:series("Russia", "USA", { per = "day" }) end)
  end)
end)

describe("exports", function()
  local ds = diplomacy.sample()
  local g = ds:network { nodes = "state", members = true, from = "2022-01-10", to = "2022-01-12" }
  local temp = {}
  local function tmpname(ext)
    local path = os.tmpname() .. ext
    temp[#temp + 1] = path
    return path
  end
  teardown(function()
    for _, p in ipairs(temp) do os.remove(p) end
  end)

  it("writes DOT", function()
    local dot = g:to_dot()
    assert.truthy(dot:find('^graph diplomacy {'))
    assert.truthy(dot:find('"RUS" %[label="Russia"'))
    assert.truthy(dot:find('"RUS" %-%- "USA" %[weight=2'))
  end)

  it("writes node-link JSON", function()
    local data = assert(json.decode(g:to_json()))
    assert.are.equal(#g:nodes(), #data.nodes)
    assert.are.equal(#g:edges(), #data.links)
    assert.are.same({ source = "RUS", target = "USA", weight = 2, first = "2022-01-10", last = "2022-01-12" },
      data.links[1])
    local names = {}
    for _, node in ipairs(data.nodes) do names[node.id] = node.name end
    assert.are.equal("Russia", names.RUS)
    assert.are.equal("state", data.nodes[1].kind)
  end)

  it("writes GraphML and GEXF that networkx reads", function()
    local graphml, gexf = tmpname(".graphml"), tmpname(".gexf")
    assert.is_true(g:save(graphml))
    assert.is_true(g:save(gexf))
    assert.truthy(read_file(graphml):find('<edge source="RUS" target="USA"><data key="weight">2</data>', 1, true))
    assert.truthy(read_file(gexf):find('<spell start="2022-01-10" end="2022-01-10"/>', 1, true))
    local py = python_with_networkx()
    if not py then
      print("network_spec: python3 with networkx is not installed; GraphML and GEXF not read back")
      return
    end
    local script = tmpname(".py")
    local f = assert(io.open(script, "w"))
    f:write([[
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
h = nx.read_gexf(sys.argv[2])
print(g.number_of_nodes(), g.number_of_edges(), g["RUS"]["USA"]["weight"], g.nodes["RUS"]["name"],
      h.number_of_nodes(), h.number_of_edges(), h["RUS"]["USA"]["weight"], h.nodes["RUS"]["label"],
      len(h["RUS"]["USA"]["spells"]))
]])
    f:close()
    local p = assert(io.popen(py .. " " .. script .. " " .. graphml .. " " .. gexf .. " 2>&1"))
    local out = p:read("a")
    p:close()
    local n, m = #g:nodes(), #g:edges()
    assert.are.equal(string.format("%d %d 2 Russia %d %d 2.0 Russia 2\n", n, m, n, m), out)
  end)

  it("writes GeoJSON with [lon, lat], at the nearest place with coordinates", function()
    local data = assert(json.decode(ds:to_geojson { from = "2022-01-10", to = "2022-01-13" }))
    assert.are.equal("FeatureCollection", data.type)
    assert.is_true(#data.features >= 3)
    local geneva = ds:place("Geneva")
    local seen = {}
    for _, f in ipairs(data.features) do
      assert.are.equal("Feature", f.type)
      assert.are.equal("Point", f.geometry.type)
      local lon, lat = f.geometry.coordinates[1], f.geometry.coordinates[2]
      assert.is_true(lon >= -180 and lon <= 180 and lat >= -90 and lat <= 90)
      local at = ds:place(f.properties.located_at)
      assert.are.equal(at.lon, lon)
      assert.are.equal(at.lat, lat)
      seen[f.properties.id] = f
    end
    local talks = assert(seen["2022-01-10-geneva-talks"] or (function()
      for id, f in pairs(seen) do if f.properties.place_name == "Geneva" or f.properties.located_at == "geneva" then return f end end
    end)())
    assert.are.same({ geneva.lon, geneva.lat }, talks.geometry.coordinates)
    -- a place without coordinates takes its enclosing city's
    local d2 = diplomacy.new()
    d2:add_place { id = "city", name = "City", lat = 10.5, lon = -20.25 }
    d2:add_place { id = "hall", name = "Hall", within = "city" }
    d2:add_place { id = "nowhere", name = "Nowhere" }
    d2:add_actor { id = "A", name = "A", kind = "state" }
    d2:add_event { id = "e1", type = "meeting", start = "2022-01-01", place = "hall", participants = { { actor = "A" } } }
    d2:add_event { id = "e2", type = "meeting", start = "2022-01-01", place = "nowhere", participants = { { actor = "A" } } }
    local g2 = assert(json.decode(d2:to_geojson()))
    assert.are.equal(1, #g2.features)
    assert.are.same({ -20.25, 10.5 }, g2.features[1].geometry.coordinates)
    assert.are.equal("city", g2.features[1].properties.located_at)
    assert.are.equal("hall", g2.features[1].properties.place)
  end)

  it("draws SVG through Graphviz, or says it cannot", function()
    local svg = tmpname(".svg")
    local ok, err = g:save(svg)
    if have_dot() then
      assert.is_true(ok, err)
      local text = read_file(svg)
      assert.truthy(text:find("<svg", 1, true))
      assert.truthy(text:find("Russia", 1, true))
    else
      assert.is_nil(ok)
      assert.truthy(err:find("Graphviz is not installed", 1, true))
    end
    assert.has_error(function() g:save(tmpname(".xyz")) end)
    local bad_ok, bad_err = g:save("/nonexistent-dir/x.graphml")
    assert.is_nil(bad_ok)
    assert.is_string(bad_err)
  end)
end)
