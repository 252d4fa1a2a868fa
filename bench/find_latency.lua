-- find_latency.lua: ds:find and "did you mean" latency on the shared data and on 100,000 made-up actors (issue 9)
-- usage: lua5.4 bench/find_latency.lua [SHARED_DATA_DIR]   (default ../shared/data; skipped when absent)
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local diplomacy = require "diplomacy"

-- the best of five, garbage collected before each (CPU time)
local function best(f)
  local t = math.huge
  for _ = 1, 5 do
    collectgarbage()
    local t0 = os.clock()
    f()
    t = math.min(t, os.clock() - t0)
  end
  return t * 1000
end

local QUERIES = { "Blinken", "Lavrof", "Sergei Lavrov", "Dmitry Medvedev", "Sargsian", "King Hussein", "S. V. Lavrov" }

local function run(label, ds)
  print(string.format("%s: %s", label, tostring(ds)))
  for _, q in ipairs(QUERIES) do
    local rows = ds:find(q)
    local first = rows[1] and (rows[1].actor or rows[1].place).name or "-"
    print(string.format("  find %-22s %8.2f ms   first: %s", string.format("%q", q), best(function() ds:find(q) end), first))
  end
  print(string.format("  find %-22s %8.2f ms", '"Secretary of State", at', best(function() ds:find("Secretary of State", { at = "2022-01-10" }) end)))
  print(string.format("  unknown name + suggestions  %8.2f ms", best(function() pcall(ds.actor, ds, "Lavrof") end)))
end

local root = arg[1] or "../shared/data"
if io.open(root .. "/icews/events.2018.sample.tab") then
  local ds = diplomacy.new()
  for _, p in ipairs { "/hsg", "/icews/events.2018.sample.tab", "/gdelt/gdelt1-events-sample.tsv",
                       "/gdelt/20250807220000.export.head.CSV" } do
    assert(ds:import(root .. p))
  end
  run("shared data (Office of the Historian + ICEWS + GDELT)", ds)
else
  print("shared data not found at " .. root .. ": skipped")
end

-- 100,000 people with names made of syllables, seeded, so every run measures the same
math.randomseed(9)
local syl = { "ka", "lo", "ve", "ri", "sa", "mi", "dro", "nov", "ev", "an", "ti", "gor", "bel", "shi", "ya", "tse" }
local function word(n)
  local t = {}
  for i = 1, n do t[i] = syl[math.random(#syl)] end
  local w = table.concat(t)
  return w:sub(1, 1):upper() .. w:sub(2)
end
local ds = diplomacy.new()
for i = 1, 100000 do ds:add_actor { id = "p" .. i, name = word(2) .. " " .. word(3), kind = "person" } end
run("100,000 made-up people", ds)
