-- bench/snapshot_open.lua: opening a snapshot and answering a first query, against each module build given.
-- Usage (from the repository root, after make and build/gen):
--   build/gen 4000000 /tmp/gen4m && lua5.4 bench/snapshot_open.lua /tmp/gen4m 5 build OTHER/build
-- DIR holds dataset.json and summary.json (build/gen's). Each build directory holds diplomacy/core.so;
-- each build saves its own snapshot of the JSON once (DIR/open-<n>.snap: snapshot versions differ
-- between builds), then the builds take turns, RUNS times, so that they see the same machine load.
-- Each run is a fresh process that opens the snapshot and answers meetings(rare, busy) (rare and busy
-- from summary.json): the time to the first answer is what a user waits for. A build that knows
-- `check = "all"` is also timed opening with every part checked. Prints the median and the range.
local dir, runs = assert(arg[1], "usage: lua5.4 bench/snapshot_open.lua DIR [RUNS] BUILD..."), tonumber(arg[2] or "5")
local builds = { table.unpack(arg, 3) }
if #builds == 0 then builds = { "build" } end
local summary = assert(io.open(dir .. "/summary.json")):read("a")
local rare = assert(summary:match('"rare_state":"([^"]+)"'))
local busy = assert(summary:match('"busy_state":"([^"]+)"'))

-- Each build runs in a child process (two core.so cannot share one Lua state).
local function child(build, code)
  local cmd = ("lua5.4 -e \"package.cpath='%s/?.so;build/bench/?.so;'..package.cpath package.path='lua/?.lua;lua/?/init.lua;'..package.path\" -e %q")
    :format(build, code)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  assert(p:close(), out)
  return out
end

local snaps = {}
for i, b in ipairs(builds) do
  snaps[b] = ("%s/open-%d.snap"):format(dir, i)
  child(b, ("local d = require 'diplomacy' local ds = assert(d.load(%q)) ds:meetings(%q, %q) assert(ds:save(%q, {format = 'snapshot'}))")
    :format(dir .. "/dataset.json", rare, busy, snaps[b]))
end

local timing = [[local clock = require 'benchclock' local d = require 'diplomacy'
  local t0 = clock.now()
  local ok, ds = pcall(d.load, %q, %s)
  if not ok then io.write('-') return end
  ds = assert(ds)
  local t1 = clock.now()
  local n = #ds:meetings(%q, %q)
  local t2 = clock.now()
  io.write(t1 - t0, ' ', t2 - t0, ' ', n)]]
local times = {}
for _ = 1, runs do
  for _, b in ipairs(builds) do
    for _, how in ipairs { "nil", "{check = 'all'}" } do
      local out = child(b, timing:format(snaps[b], how, rare, busy))
      local open, first, n = out:match("^(%S+) (%S+) (%d+)$")
      if open then
        local key = b .. "\t" .. how
        times[key] = times[key] or { open = {}, first = {}, rows = n }
        table.insert(times[key].open, tonumber(open))
        table.insert(times[key].first, tonumber(first))
      end
    end
  end
end
for _, b in ipairs(builds) do os.remove(snaps[b]) end

local function median(t)
  table.sort(t)
  return t[(#t + 1) // 2], t[1], t[#t]
end
local function ms(v) return v >= 1 and ("%.2f s"):format(v) or ("%.1f ms"):format(v * 1000) end
local firsts = {}
for _, b in ipairs(builds) do
  for _, how in ipairs { "nil", "{check = 'all'}" } do
    local t = times[b .. "\t" .. how]
    if t then
      local om, olo, ohi = median(t.open)
      local fm, flo, fhi = median(t.first)
      firsts[#firsts + 1] = fm
      print(("%-24s %-16s open %s (%s to %s); open + meetings(%s, %s) [%s rows] %s (%s to %s)")
        :format(b, how == "nil" and "default" or "check = all", ms(om), ms(olo), ms(ohi), rare, busy, t.rows, ms(fm),
          ms(flo), ms(fhi)))
    end
  end
end
if #builds == 2 and times[builds[1] .. "\tnil"] and times[builds[2] .. "\tnil"] then
  local a = median(times[builds[1] .. "\tnil"].first)
  local c = median(times[builds[2] .. "\tnil"].first)
  print(("open + first answer, %s over %s: %.3g×"):format(builds[1], builds[2], a / c))
end
