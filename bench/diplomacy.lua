-- bench/diplomacy.lua: the workloads of bench/run.py on this project.
--
--   lua5.4 bench/diplomacy.lua data=DATASET.json busy=S121 rare=S010 \
--     pair_a=S115 pair_b=S121 year_from=2010-01-01 year_to=2010-12-31 \
--     month_from=2010-06-01 month_to=2010-06-30 runs=5 load_runs=3 \
--     [snapshot=FILE] [answers=DIR]
--
-- with LUA_PATH reaching lua/ and LUA_CPATH reaching build/ (diplomacy.core)
-- and build/bench/ (benchclock, from bench/clock.c). Every time is wall time
-- on the monotonic clock, taken inside this process around the calls a user
-- makes, answer objects included (the Event, Actor and Place objects of the
-- Lua module); the garbage collector runs between runs, not inside them.
-- Prints one line per result on stdout:
--   R <key> <median s> <rows> <min s> <max s> <runs>     a timed workload
--   R <key> n/a <why>                                    a workload skipped
--   M <key> <value>                                      a measure
-- Workload 1 is run on the JSON, then, with snapshot=FILE, the dataset is
-- saved there as a binary snapshot and opened again from it; the queries run
-- on the dataset last opened. With answers=DIR, writes each workload's
-- answer there (one line per row, sorted) for run.py to compare with the
-- peers'.
local diplomacy = require "diplomacy"
local bc = require "benchclock"
local now = bc.now

local cfg = {}
for _, a in ipairs(arg) do
  local k, v = a:match("^([%w_]+)=(.*)$")
  if not k then error("bad argument '" .. a .. "' (key=value expected)") end
  cfg[k] = v
end
local runs = tonumber(cfg.runs) or 5
local load_runs = tonumber(cfg.load_runs) or 3

local function status()
  local t = {}
  for line in io.lines("/proc/self/status") do
    local k, v = line:match("^(%w+):%s*(%d+) kB")
    if k then t[k] = tonumber(v) * 1024 end
  end
  return t
end

local function median(t)
  local s = {}
  for i, v in ipairs(t) do s[i] = v end
  table.sort(s)
  local n = #s
  if n % 2 == 1 then return s[(n + 1) // 2] end
  return (s[n // 2] + s[n // 2 + 1]) / 2
end

local function report(key, times, rows)
  local lo, hi = math.huge, -math.huge
  for _, v in ipairs(times) do lo, hi = math.min(lo, v), math.max(hi, v) end
  print(string.format("R\t%s\t%.9f\t%s\t%.9f\t%.9f\t%d", key, median(times), tostring(rows), lo, hi, #times))
  io.stdout:flush()
end

local function skip(key, why)
  print(string.format("R\t%s\tn/a\t%s", key, (why:gsub("[\t\n]", " "))))
  io.stdout:flush()
end

local function measure(key, name, value)
  print(string.format("M\t%s\t%s", key, tostring(value)))
  io.stdout:flush()
  if name then io.stderr:write(string.format("  %-28s %s\n", name, tostring(value))) end
end

local function write_answer(key, lines)
  if not cfg.answers then return end
  table.sort(lines)
  local f = assert(io.open(cfg.answers .. "/" .. key .. ".txt", "w"))
  for _, l in ipairs(lines) do f:write(l, "\n") end
  f:close()
end

---------------------------------------------------------------- 1 load

-- Loads path load_runs times; each run is diplomacy.load and a first query
-- (a window that matches nothing), which builds the indexes when the load did
-- not bring them. The memory of the first run is measured. Returns the last
-- dataset.
local function loads(key, path)
  local ds
  local reads, indexes, totals = {}, {}, {}
  for i = 1, load_runs do
    if ds then ds:close() end
    ds = nil
    collectgarbage(); collectgarbage(); bc.trim()
    local before = status().VmRSS
    local t0 = now()
    local d, err = diplomacy.load(path)
    local t1 = now()
    if not d then error(err) end
    d:events { from = "0001-01-01", to = "0001-01-01" }
    local t2 = now()
    reads[i], indexes[i], totals[i] = t1 - t0, t2 - t1, t2 - t0
    if i == 1 then
      local after = status().VmRSS
      bc.trim()
      local trimmed = status().VmRSS
      measure(key .. ".rss_delta", nil, after - before)
      measure(key .. ".rss_delta_trimmed", nil, trimmed - before)
    end
    ds = d
    io.stderr:write(string.format("  %s %d/%d: %.3f s (diplomacy.load %.3f s, first query %.3f s)\n",
      key, i, load_runs, t2 - t0, t1 - t0, t2 - t1))
  end
  report(key .. ".read", reads, "-")
  report(key .. ".index", indexes, "-")
  report(key, totals, "-")
  return ds
end

local ds = loads("load.json", cfg.data)
measure("events", nil, ds:counts().events)

-- The binary snapshot (the fastest way the project offers to open a
-- dataset), written from the JSON's dataset, then opened as the JSON was.
if cfg.snapshot then
  os.remove(cfg.snapshot)
  local t0 = now()
  local ok, saved, err = pcall(ds.save, ds, cfg.snapshot, { format = "snapshot" })
  local t = now() - t0
  if ok and saved then
    report("save.snapshot", { t }, "-")
    local f = assert(io.open(cfg.snapshot, "rb"))
    measure("snapshot_bytes", nil, f:seek("end"))
    f:close()
    ds:close()
    ds = loads("load.snapshot", cfg.snapshot)
  else
    skip("load.snapshot", "no snapshot: " .. tostring(ok and err or saved))
  end
end

---------------------------------------------------------------- 2-5 queries

local function timed(key, fn, answer)
  local times, result = {}, nil
  local ok, err = pcall(function()
    for i = 1, runs do
      result = nil
      collectgarbage()
      local t0 = now()
      result = fn()
      times[i] = now() - t0
    end
  end)
  if not ok then skip(key, "error: " .. tostring(err)); return nil end
  report(key, times, #result)
  if answer then
    local lines = {}
    for i, r in ipairs(result) do lines[i] = answer(r) end
    write_answer(key, lines)
  end
  return result
end

local function event_line(e) return e.id end
local function partner_line(r) return r.actor.id .. "\t" .. r.count end
local function venue_line(r) return r.place.id .. "\t" .. r.count end

local year = { from = cfg.year_from, to = cfg.year_to }
local month = { from = cfg.month_from, to = cfg.month_to }

timed("meetings.busy.all", function() return ds:meetings(cfg.pair_a, cfg.pair_b) end, event_line)
timed("meetings.busy.year", function() return ds:meetings(cfg.pair_a, cfg.pair_b, year) end, event_line)
timed("meetings.rare.all", function() return ds:meetings(cfg.rare, cfg.busy) end, event_line)
timed("meetings.rare.year", function() return ds:meetings(cfg.rare, cfg.busy, year) end, event_line)
timed("partners.busy", function() return ds:partners(cfg.busy) end, partner_line)
timed("partners.rare", function() return ds:partners(cfg.rare) end, partner_line)
timed("venues.busy", function() return ds:venues(cfg.pair_a, cfg.pair_b) end, venue_line)
timed("venues.rare", function() return ds:venues(cfg.rare, cfg.busy) end, venue_line)
timed("events.month", function() return ds:events(month) end, event_line)

---------------------------------------------------------------- 6 network

if ds.network == nil then
  skip("network.year", "ds:network does not exist yet")
  skip("betweenness.year", "ds:network does not exist yet")
else
  local opts = { from = cfg.year_from, to = cfg.year_to, nodes = "state" }
  local g
  local times = {}
  local ok, err = pcall(function()
    for i = 1, runs do
      g = nil
      collectgarbage()
      local t0 = now()
      g = ds:network(opts)
      times[i] = now() - t0
    end
  end)
  if not ok then
    skip("network.year", "error: " .. tostring(err))
    skip("betweenness.year", "no network")
  else
    local edges, nodes = g:edges(), g:nodes()
    report("network.year", times, #edges)
    measure("network.nodes", nil, #nodes)
    local lines = {}
    for i, e in ipairs(edges) do lines[i] = e.a.id .. "\t" .. e.b.id .. "\t" .. e.weight end
    write_answer("network.year", lines)
    lines = {}
    for i, n in ipairs(nodes) do lines[i] = n.id end
    write_answer("network.nodes", lines)
    timed("betweenness.year", function() return g:centrality("betweenness") end,
      function(r) return string.format("%s\t%.9f", r.actor.id, r.score) end)
  end
end

---------------------------------------------------------------- 7 memory

collectgarbage()
measure("peak_rss", nil, status().VmHWM)
