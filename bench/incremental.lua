-- bench/incremental.lua: what a change costs once the index is built (issue 12's figures).
--
--   sh bench/incremental.sh [N]          (generates bench/out/N, then runs this)
--   lua5.4 bench/incremental.lua DIR [GDELT.CSV]
--
-- On the generated dataset of DIR (opened from DIR/dataset.snap, saved from
-- DIR/dataset.json the first time), side by side in one process:
--   * add one event, then a query (meetings of the rare and the busy state):
--     the index kept current (the delta) against the same with the index
--     dropped first (a full build, as before the delta);
--   * import a 2,000-row GDELT 2.0 update (the rows of GDELT.CSV, default the
--     shared sample, under fresh ids, repeated to 2,000), then the query:
--     kept current against a full build;
--   * the merge of the delta into the main part, and the queries' times with
--     a delta of a few thousand events against the same once merged.
-- Wall time on the monotonic clock (benchclock); medians, and the slowest.
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;build/bench/?.so;" .. package.cpath
local diplomacy = require "diplomacy"
local core = require "diplomacy.core"
local now = require("benchclock").now

local dir = assert(arg[1], "usage: lua5.4 bench/incremental.lua DIR [GDELT.CSV]")
local gdelt = arg[2] or "../shared/data/gdelt/20250807220000.export.head.CSV"
if not io.open(gdelt) then gdelt = "spec/fixtures/import/gdelt2-governments.CSV" end
local summary = assert(io.open(dir .. "/summary.json")):read("a")
local function pick(key) return assert(summary:match('"' .. key .. '":"([^"]+)"'), key) end
local busy, rare, person = pick("busy_state"), pick("rare_state"), pick("busy_person")

local function median(t)
  local s = table.move(t, 1, #t, 1, {})
  table.sort(s)
  return s[(#s + 1) // 2]
end
local function maximum(t) local m = -math.huge for _, v in ipairs(t) do m = math.max(m, v) end return m end
local function ms(s) return string.format("%9.3f ms", s * 1000) end
local function line(label, t, extra)
  print(string.format("%-52s median %s   max %s   (%d runs)%s", label, ms(median(t)), ms(maximum(t)), #t, extra or ""))
end

local snap = dir .. "/dataset.snap"
if not io.open(snap) then
  local t = now()
  local ds = assert(diplomacy.load(dir .. "/dataset.json"))
  assert(ds:save(snap, { format = "snapshot" }))
  print(string.format("snapshot saved from the JSON in %.1f s", now() - t))
  ds:close()
  collectgarbage()
end
local t0 = now()
local ds = assert(diplomacy.load(snap))
local c = ds._c
print(string.format("%d events, opened in %.2f s", ds:counts().events, now() - t0))

local function query() return #ds:meetings(rare, busy) end
query()

local serial = 0
local function add_one()
  serial = serial + 1
  ds:add_event {
    id = string.format("X%07d", serial), type = "meeting",
    start = string.format("%04d-%02d-%02d", 1995 + serial % 30, 1 + serial % 12, 1 + serial % 28),
    participants = { { actor = rare }, { actor = busy }, { actor = person } },
  }
end

-- 1. one event, then a query
local full, incr = {}, {}
for i = 1, 203 do
  local t = now()
  add_one()
  if i <= 3 then core.index(c, "drop") end
  query()
  local dt = now() - t
  if i <= 3 then full[#full + 1] = dt else incr[#incr + 1] = dt end
end
line("add one event + query, full build (before)", full)
line("add one event + query, kept current", incr)
print(string.format("%-52s %.0fx", "  ratio of medians", median(full) / median(incr)))

-- 2. a GDELT update of 2,000 rows, then a query
local rows = {}
for l in io.lines(gdelt) do rows[#rows + 1] = l end
local update_id = 0
local function write_update(path)
  local f = assert(io.open(path, "w"))
  for i = 1, 2000 do
    update_id = update_id + 1
    f:write((rows[(i - 1) % #rows + 1]:gsub("^%d+", tostring(950000000 + update_id))), "\n")
  end
  f:close()
end
local upd = os.tmpname()
local full_imp, incr_imp, added = {}, {}, 0
for i = 1, 5 do
  write_update(upd)
  local t = now()
  added = ds:import(upd, { format = "gdelt" })
  if i <= 2 then core.index(c, "drop") end
  query()
  local dt = now() - t
  if i <= 2 then full_imp[#full_imp + 1] = dt else incr_imp[#incr_imp + 1] = dt end
end
os.remove(upd)
line(("import %d-row GDELT update (%d events) + query, full"):format(2000, added), full_imp)
line(("import %d-row GDELT update (%d events) + query, kept"):format(2000, added), incr_imp)
print(string.format("%-52s %.0fx", "  ratio of medians", median(full_imp) / median(incr_imp)))

-- 3. queries with a delta against the same once merged
local main, delta = core.index(c, "stats")
print(string.format("delta: %d events beside %d (merged past %d)", delta, main, math.max(256, main // 16)))
local queries = {
  { "meetings(rare, busy)", function() return #ds:meetings(rare, busy) end },
  { "partners(busy)", function() return #ds:partners(busy) end },
  { "venues(busy, nil), 2010", function() return #ds:venues(busy, nil, { from = "2010", to = "2010" }) end },
  { "events of 2010-06", function() return #ds:events { from = "2010-06", to = "2010-06" } end },
}
local with = {}
for k, q in ipairs(queries) do
  local t = {}
  for _ = 1, 7 do local s = now() q[2]() t[#t + 1] = now() - s end
  with[k] = t
end
local t = now()
core.index(c, "merge")
local merge = now() - t
for k, q in ipairs(queries) do
  local tt = {}
  for _ = 1, 7 do local s = now() q[2]() tt[#tt + 1] = now() - s end
  print(string.format("%-30s with the delta %s, merged %s, ratio %.2f", q[1], ms(median(with[k])), ms(median(tt)),
    median(with[k]) / median(tt)))
end
print(string.format("%-52s %s (%d events; amortized over %d additions: %s each)", "merge of the delta", ms(merge),
  delta, math.max(256, main // 16), ms(merge / math.max(256, main // 16))))
