-- memory.lua: bytes per event of each structure (core.memory), the JSON loaded and the snapshot opened
-- usage: lua5.4 bench/memory.lua DIR   (DIR written by `build/gen N DIR`)
-- Prints "name  B/event" per structure and the total, once after loading dataset.json and building
-- the index, once after saving and opening a snapshot (arrays then exactly their size).
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local diplomacy = require "diplomacy"
local core = require "diplomacy.core"

local dir = assert(arg[1], "usage: lua5.4 bench/memory.lua DIR")

local function show(label, ds)
  local n = ds:counts().events
  local total = 0
  print(label)
  for _, item in ipairs(core.memory(ds._c)) do
    if item.bytes > 0 then
      print(string.format("  %-28s %8.1f B/event", item.name, item.bytes / n))
      total = total + item.bytes
    end
  end
  print(string.format("  %-28s %8.1f B/event  (%d events)", "total", total / n, n))
end

local ds = assert(diplomacy.load(dir .. "/dataset.json"))
ds:events { from = "2000-01-01", to = "2000-01-01" }
show("JSON loaded, index built", ds)
local snap = os.tmpname()
assert(ds:save(snap, { format = "snapshot" }))
ds:close()
ds = nil
collectgarbage()
collectgarbage()
ds = assert(diplomacy.load(snap))
os.remove(snap)
show("snapshot opened", ds)
