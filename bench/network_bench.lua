-- network_bench.lua: times a one-year state network and its betweenness on the generated dataset, beside networkx
--   lua5.4 bench/network_bench.lua [/tmp/gen1m/dataset.json] [2020]
-- (data: cc -O2 -o build/gen bench/gen.c && build/gen 1000000 /tmp/gen1m)
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath

local diplomacy = require "diplomacy"
local path = arg[1] or "/tmp/gen1m/dataset.json"
local year = arg[2] or "2020"
local clock, format = os.clock, string.format

local function timed(what, f)
  local t0 = clock()
  local a, b = f()
  local dt = clock() - t0
  io.write(format("%-52s %9.3f s\n", what, dt))
  return a, b, dt
end

local ds = timed("load " .. path, function() return assert(diplomacy.load(path)) end)
io.write(tostring(ds), "\n")
timed("index (first query)", function() return ds:events { from = "1990", to = "1990" } end)
local g = timed(format("network {nodes = 'state', year %s}", year),
  function() return ds:network { nodes = "state", from = year, to = year } end)
local g2, _, again = timed("the same network again", function() return ds:network { nodes = "state", from = year, to = year } end)
assert(#g2:edges() == #g:edges())
local nodes, edges = g:nodes(), g:edges()
local meetings = 0
for _, e in ipairs(edges) do meetings = meetings + e.weight end
io.write(format("  %d nodes, %d edges, %d node pairs met (sum of weights)\n", #nodes, #edges, meetings))
local sides = timed(format("network {nodes = 'sides', year %s}", year), function() return ds:network { from = year, to = year } end)
io.write(format("  %d nodes, %d edges\n", #sides:nodes(), #sides:edges()))
local bc = timed("betweenness (unweighted, Brandes BFS)", function() return g:centrality("betweenness") end)
local bcw = timed("betweenness (weighted, 1/weight, Dijkstra)", function() return g:centrality("betweenness", { weighted = true }) end)
timed("pagerank", function() return g:centrality("pagerank") end)
timed("communities (Louvain)", function() return g:communities() end)

local summary = {}
do
  local f = io.open(path:gsub("[^/]*$", "") .. "summary.json")
  if f then
    local text = f:read("a")
    f:close()
    for k, v in text:gmatch('"(%w+_%w+)"%s*:%s*"([^"]+)"') do summary[k] = v end
  end
end
local busy, rare = summary.busy_state or "S000", summary.rare_state or "S199"
timed(format("path %s -> %s, year %s", busy, rare, year), function() return ds:path(busy, rare, { from = year, to = year }) end)
local r = timed(format("reach from %s, year %s", rare, year), function() return ds:reach(rare, { from = year, to = year }) end)
io.write(format("  %d actors reached\n", #r))
r = timed(format("reach from %s, all 30 years", rare), function() return ds:reach(rare) end)
io.write(format("  %d actors reached\n", #r))
timed(format("series %s by month, all years", busy), function() return ds:series(busy, nil, { by = "month" }) end)

-- the same edges for networkx
local tsv = os.tmpname()
local f = assert(io.open(tsv, "w"))
for _, e in ipairs(edges) do f:write(e.a.id, "\t", e.b.id, "\t", e.weight, "\n") end
f:close()
local out = os.tmpname()
local py = os.getenv("PYTHON") or "/usr/bin/python3"
local ok = os.execute(format("%s bench/network_nx.py %s > %s", py, tsv, out))
if ok then
  local nx = {}
  for line in io.lines(out) do
    local what, value = line:match("^(%S+)%s+(.+)$")
    if what then nx[what] = value end
  end
  io.write(format("%-52s %9.3f s\n", "networkx " .. (nx.version or "?") .. ": graph from the edge list", tonumber(nx.build)))
  io.write(format("%-52s %9.3f s\n", "networkx betweenness (unweighted)", tonumber(nx.betweenness)))
  io.write(format("%-52s %9.3f s\n", "networkx betweenness (weighted, length 1/weight)", tonumber(nx.betweenness_weighted)))
  -- agreement
  local scores = {}
  for id, v in (nx.scores or ""):gmatch("(%S+)=(%S+)") do scores[id] = tonumber(v) end
  local worst = 0
  for _, row in ipairs(bc) do
    local d = math.abs(row.score - (scores[row.actor.id] or math.huge))
    if d > worst then worst = d end
  end
  io.write(format("largest difference from networkx's betweenness: %.3g\n", worst))
  local wscores = {}
  for id, v in (nx.scores_weighted or ""):gmatch("(%S+)=(%S+)") do wscores[id] = tonumber(v) end
  worst = 0
  for _, row in ipairs(bcw) do
    local d = math.abs(row.score - (wscores[row.actor.id] or math.huge))
    if d > worst then worst = d end
  end
  io.write(format("largest difference from networkx's weighted betweenness: %.3g\n", worst))
else
  io.write("networkx: not run (", py, " with networkx is needed: apt-get install python3-networkx)\n")
end
os.remove(tsv)
os.remove(out)
io.write(format("(second network build: %.3f s)\n", again))
