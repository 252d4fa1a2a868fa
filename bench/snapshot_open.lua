-- bench/snapshot_open.lua: how long opening a snapshot takes, best of RUNS, against each module build given.
-- Usage (from the repository root, after make and build/gen):
--   build/gen 1000000 /tmp/gen && lua5.4 bench/snapshot_open.lua /tmp/gen/dataset.json 5 build other/build
-- Each build directory holds diplomacy/core.so; the snapshot is saved once by the first one and opened
-- by each in turn, alternating, so that both see the same machine load. Prints seconds per build.
local json, runs = arg[1], tonumber(arg[2] or "5")
local builds = { table.unpack(arg, 3) }
if #builds == 0 then builds = { "build" } end
local snap = os.tmpname()

local function clock()
  local p = assert(io.popen("date +%s.%N"))
  local t = tonumber(p:read("l"))
  p:close()
  return t
end

-- Each build runs in a child process (two core.so cannot share one Lua state).
local function child(build, code)
  local cmd = ("lua5.4 -e \"package.cpath='%s/?.so;'..package.cpath package.path='lua/?.lua;lua/?/init.lua;'..package.path\" -e %q")
    :format(build, code)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  assert(p:close(), out)
  return out
end

child(builds[1], ("local d = require 'diplomacy' assert(assert(d.load(%q)):save(%q, {format = 'snapshot'}))"):format(json, snap))
local best = {}
for _ = 1, runs do
  for _, b in ipairs(builds) do
    local out = child(b, ([[local d = require 'diplomacy'
      local p = io.popen('date +%%s.%%N') local t0 = tonumber(p:read('l')) p:close()
      local ds = assert(d.load(%q))
      p = io.popen('date +%%s.%%N') local t1 = tonumber(p:read('l')) p:close()
      io.write(t1 - t0)]]):format(snap))
    local t = tonumber(out)
    best[b] = math.min(best[b] or math.huge, t)
  end
end
os.remove(snap)
for _, b in ipairs(builds) do print(("%-30s %.3f s"):format(b, best[b])) end
if #builds == 2 then print(("ratio %s / %s: %.2f"):format(builds[1], builds[2], best[builds[1]] / best[builds[2]])) end
