-- bench/export_answers.lua: the project's answers to the queries of
-- bench/sql/export-queries.sql, beside a partitioned export of the same data.
--
--   lua5.4 bench/export_answers.lua DATA_DIR OUT_DIR
--
-- DATA_DIR is written by build/gen (dataset.json, summary.json). Writes
-- OUT_DIR/export (ds:export(dir, {format = "csv", partition = "year"})) and
-- OUT_DIR/answers.json: for each case, the query's name, its parameters and
-- the rows the project gives, in its order. bench/duckdb_check.mjs then asks
-- DuckDB the same over the export.
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local diplomacy = require "diplomacy"
local core = require "diplomacy.core"

local data, out = assert(arg[1], "usage: DATA_DIR OUT_DIR"), assert(arg[2], "usage: DATA_DIR OUT_DIR")
local summary = assert(io.open(data .. "/summary.json")):read("a")
local function pick(key) return assert(summary:match('"' .. key .. '":"([^"]+)"'), key) end
local busy, rare, person, org = pick("busy_state"), pick("rare_state"), pick("busy_person"), pick("busy_org")
local pa, pb = summary:match('"busy_pair":%["([^"]+)","([^"]+)"%]')

local ds = assert(diplomacy.load(data .. "/dataset.json"))
os.execute("rm -rf '" .. out .. "/export'")
os.execute("mkdir -p '" .. out .. "'")
local counts = assert(ds:export(out .. "/export", { format = "csv", partition = "year" }))
io.stderr:write(string.format("export: %d events, %d participants, %d stands rows (%d by membership), %d partitions\n",
  counts.events, counts.participants, counts.stands, counts.by_membership, counts.partitions))

-- a tiny JSON writer for strings, numbers, booleans and arrays/objects of them
local function json(v)
  local t = type(v)
  if t == "string" then return '"' .. v:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"' end
  if t == "number" or t == "boolean" then return tostring(v) end
  if v == nil then return "null" end
  if v[1] ~= nil or next(v) == nil then
    local parts = {}
    for i, x in ipairs(v) do parts[i] = json(x) end
    return "[" .. table.concat(parts, ",") .. "]"
  end
  local keys, parts = {}, {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys)
  for i, k in ipairs(keys) do parts[i] = json(k) .. ":" .. json(v[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end

local windows = { { nil, nil }, { "2010", "2010" }, { "2003-05-20", "2003-06" } }
local cases = {}
local function case(query, a, b, w, members, place)
  local opts = { from = w[1], to = w[2], members = members or nil, place = place }
  local params = { a = a, b = b, members = members, place = place,
                   from_lo = w[1] and select(1, core.parse_date(w[1])) or -1e15,
                   to_hi = w[2] and select(2, core.parse_date(w[2])) or 1e15 }
  local rows = {}
  if query == "meetings" then
    for _, e in ipairs(ds:meetings(a, b, opts)) do rows[#rows + 1] = { e.id } end
  elseif query == "partners" then
    for _, p in ipairs(ds:partners(a, opts)) do rows[#rows + 1] = { p.actor.id, p.count, p.first, p.last } end
  else
    for _, v in ipairs(ds:venues(a, b, opts)) do rows[#rows + 1] = { v.place.id, v.count } end
  end
  cases[#cases + 1] = { query = query == "venues" and not b and "venues_any" or query, params = params, rows = rows }
end
for _, w in ipairs(windows) do
  for _, members in ipairs({ false, true }) do
    case("meetings", pa, pb, w, members)
    case("meetings", rare, busy, w, members)
    case("meetings", person, busy, w, members)
    case("meetings", org, rare, w, members)
    case("meetings", busy .. "-MFA", pa, w, members)
    case("partners", rare, nil, w, members)
    case("partners", person, nil, w, members)
    case("partners", org, nil, w, members)
    case("venues", pa, pb, w, members)
    case("venues", rare, nil, w, members)
  end
  case("meetings", pa, pb, w, false, "P-" .. pa)
  case("partners", rare, nil, w, false, "P-" .. busy)
end
local f = assert(io.open(out .. "/answers.json", "w"))
f:write(json(cases), "\n")
f:close()
local nrows = 0
for _, c in ipairs(cases) do nrows = nrows + #c.rows end
io.stderr:write(string.format("answers: %d cases, %d rows\n", #cases, nrows))
