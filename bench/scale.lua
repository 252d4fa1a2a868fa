-- bench/scale.lua: one size of bench/scale.sh, in two processes of its own.
--
--   lua5.4 bench/scale.lua build DIR   JSON load, index build, snapshot saved to DIR/dataset.snap
--   lua5.4 bench/scale.lua open DIR    the snapshot opened, the bench's queries, one addition, memory
--
-- Prints "M key value" lines (seconds, bytes) for bench/scale.sh, and with
-- open the bytes per event of each structure (core.memory) as "B name bytes".
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;build/bench/?.so;" .. package.cpath
local diplomacy = require "diplomacy"
local core = require "diplomacy.core"
local bc = require "benchclock"
local now = bc.now

local mode, dir = arg[1], arg[2]
assert((mode == "build" or mode == "open") and dir, "usage: lua5.4 bench/scale.lua build|open DIR")
local summary = assert(io.open(dir .. "/summary.json")):read("a")
local function pick(key) return assert(summary:match('"' .. key .. '":"([^"]+)"'), key) end
local busy, rare = pick("busy_state"), pick("rare_state")
local pa, pb = summary:match('"busy_pair":%["([^"]+)","([^"]+)"%]')

local function status(key)
  for line in io.lines("/proc/self/status") do
    local v = line:match("^" .. key .. ":%s+(%d+) kB")
    if v then return tonumber(v) * 1024 end
  end
end
local function M(key, v) print(string.format("M\t%s\t%s", key, v)) io.stdout:flush() end

if mode == "build" then
  local t = now()
  local ds = assert(diplomacy.load(dir .. "/dataset.json"))
  M("json_load", now() - t)
  t = now()
  ds:meetings(rare, busy)
  M("index_build", now() - t)
  t = now()
  assert(ds:save(dir .. "/dataset.snap", { format = "snapshot" }))
  M("snapshot_save", now() - t)
  M("peak_build", status("VmHWM"))
  os.exit(0)
end

-- opened with every part checked (as a snapshot from someone else is, the first time)
do
  local t = now()
  local checked = assert(diplomacy.load(dir .. "/dataset.snap", { check = "all" }))
  M("snapshot_open_checked", now() - t)
  checked:close()
  checked = nil
end
collectgarbage()
bc.trim()
local base, base_anon = status("VmRSS"), status("RssAnon")
local t = now()
local ds = assert(diplomacy.load(dir .. "/dataset.snap"))
M("snapshot_open", now() - t)
local info = core.snapshot_info(ds._c)
M("mapped", info and info.mapped and 1 or 0)
M("remembered", info and info.remembered and 1 or 0)
M("snapshot_bytes", info and info.bytes or 0)

-- the median of three runs of f
local function timed(key, f)
  local times = {}
  for i = 1, 3 do
    local s = now()
    f()
    times[i] = now() - s
  end
  table.sort(times)
  M(key, times[2])
end
t = now()
ds:meetings(rare, busy)
M("first_query", now() - t)
local n = ds:counts().events
M("events", n)
timed("meetings_rare", function() return ds:meetings(rare, busy) end)
timed("meetings_busy", function() return ds:meetings(pa, pb) end)
timed("meetings_busy_2010", function() return ds:meetings(pa, pb, { from = "2010", to = "2010" }) end)
timed("partners_rare", function() return ds:partners(rare) end)
timed("partners_busy", function() return ds:partners(busy) end)
timed("venues_busy", function() return ds:venues(pa, pb) end)
timed("events_month", function() return ds:events { from = "2010-06", to = "2010-06" } end)
timed("network_2010", function() return ds:network { from = "2010", to = "2010", nodes = "state" } end)
collectgarbage()
bc.trim()
M("rss_loaded", status("VmRSS") - base)
M("rss_anon_loaded", status("RssAnon") - base_anon)
M("rss_file_loaded", status("RssFile"))
for _, item in ipairs(core.memory(ds._c)) do print(string.format("B\t%s\t%d\t%d", item.name, item.bytes, item.count)) end
t = now()
ds:add_event { id = "X-scale-1", type = "meeting", start = "2010-06-15",
               participants = { { actor = rare }, { actor = busy } } }
ds:meetings(rare, busy)
M("add_query_first", now() - t)
timed("add_query", function()
  local k = math.random(1e9)
  ds:add_event { id = "X-scale-r" .. k, type = "meeting", start = "2011-06-15",
                 participants = { { actor = rare }, { actor = busy } } }
  return ds:meetings(rare, busy)
end)
collectgarbage()
bc.trim()
M("rss_after_adds", status("VmRSS") - base)
M("peak_open", status("VmHWM"))
