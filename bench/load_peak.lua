-- load_peak.lua: peak and final resident memory of loading a JSON document (VmHWM, VmRSS)
-- usage: lua5.4 bench/load_peak.lua DIR   (DIR written by `build/gen N DIR`)
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local diplomacy = require "diplomacy"
local function status(key)
  for line in io.lines("/proc/self/status") do
    local v = line:match("^" .. key .. ":%s+(%d+)")
    if v then return tonumber(v) * 1024 end
  end
end
local dir = assert(arg[1], "usage: lua5.4 bench/load_peak.lua DIR")
local base = status("VmRSS")
local t = os.clock()
local ds = assert(diplomacy.load(dir .. "/dataset.json"))
local secs = os.clock() - t
local n = ds:counts().events
print(string.format("load %.2f s (cpu); peak %.0f B/event (%.0f MB), after %.0f B/event (%.0f MB), %d events",
  secs, (status("VmHWM") - base) / n, status("VmHWM") / 2^20, (status("VmRSS") - base) / n, status("VmRSS") / 2^20, n))
