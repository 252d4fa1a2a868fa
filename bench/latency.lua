-- latency.lua: load time, memory and query latencies on one generated dataset (issue 3's figures)
-- usage: lua5.4 bench/latency.lua DIR   (DIR written by `build/gen N DIR`; its summary.json names the actors)
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local diplomacy = require "diplomacy"

local dir = assert(arg[1], "usage: lua5.4 bench/latency.lua DIR")
local summary = assert(io.open(dir .. "/summary.json")):read("a")
local function pick(key) return assert(summary:match('"' .. key .. '":"([^"]+)"'), key) end
local busy, rare = pick("busy_state"), pick("rare_state")
local pair = { summary:match('"busy_pair":%["([^"]+)","([^"]+)"%]') }

local function rss_kb()
  for line in io.lines("/proc/self/status") do
    local v = line:match("^VmRSS:%s+(%d+)")
    if v then return tonumber(v) end
  end
end

local function report(label, seconds, rows)
  print(string.format("%-44s %10.3f ms%s", label, seconds * 1000, rows and ("  " .. rows .. " rows") or ""))
end

-- the best of five, garbage collected before each, answer objects included
local function time(label, f)
  local best, n = math.huge, nil
  for _ = 1, 5 do
    collectgarbage()
    collectgarbage()
    local t = os.clock()
    n = f()
    best = math.min(best, os.clock() - t)
  end
  report(label, best, n)
end

local base = rss_kb()
local t = os.clock()
local ds = assert(diplomacy.load(dir .. "/dataset.json"))
report("load dataset.json", os.clock() - t)
t = os.clock()
ds:events { from = "2000-01-01", to = "2000-01-01" }
report("index (first query)", os.clock() - t)
collectgarbage()
local events = ds:counts().events
print(string.format("%-44s %10.0f bytes an event (RSS)", "memory, JSON loaded", (rss_kb() - base) * 1024 / events))
local snap = os.tmpname()
assert(ds:save(snap, { format = "snapshot" }))
ds:close()
ds = nil
collectgarbage()
collectgarbage()
t = os.clock()
ds = assert(diplomacy.load(snap))
report("load the snapshot (indexes included)", os.clock() - t)
-- (memory after opening the snapshot is measured in a process of its own by make bench)
os.remove(snap)

time(("meetings(%s, %s)"):format(pair[1], pair[2]), function() return #ds:meetings(pair[1], pair[2]) end)
time(("meetings(%s, %s), one year"):format(pair[1], pair[2]),
  function() return #ds:meetings(pair[1], pair[2], { from = "2010", to = "2010" }) end)
time(("meetings(%s, %s)"):format(busy, rare), function() return #ds:meetings(busy, rare) end)
time(("meetings(%s, %s), one year"):format(busy, rare),
  function() return #ds:meetings(busy, rare, { from = "2010", to = "2010" }) end)
time(("partners(%s)"):format(busy), function() return #ds:partners(busy) end)
time(("partners(%s)"):format(rare), function() return #ds:partners(rare) end)
time(("venues(%s, %s)"):format(pair[1], pair[2]), function() return #ds:venues(pair[1], pair[2]) end)
time(("venues(%s)"):format(rare), function() return #ds:venues(rare) end)
time("events, one month", function() return #ds:events { from = "2010-06", to = "2010-06" } end)
time("events, one year", function() return #ds:events { from = "2010", to = "2010" } end)
time(("events of %s, one year"):format(busy), function() return #ds:events { actor = busy, from = "2010", to = "2010" } end)
time(("events of %s, one year"):format(rare), function() return #ds:events { actor = rare, from = "2010", to = "2010" } end)
