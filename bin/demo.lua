-- demo.lua: the who-meets-whom report on the built-in sample (run by `make demo`)
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath

local diplomacy = require "diplomacy"
local ds = diplomacy.sample()
local write, format = io.write, string.format

local function where(place)
  if not place then return "(no place)" end
  local names, p = {}, place
  while p do names[#names + 1] = p.name; p = p.within end
  return table.concat(names, ", ", 1, math.min(#names, 2))
end

write(tostring(ds), "\n\n")

local meetings = ds:events { type = { "meeting", "talks", "negotiation", "summit", "visit", "call", "conference" },
                             status = { "held", "planned", "postponed", "reported" } }
write(format("== Meetings (%d) ==\n", #meetings))
for _, e in ipairs(meetings) do
  write(format("%s  %s  %s%s\n", e.start, e.type, where(e.place), e.title and ("  -- " .. e.title) or ""))
  -- participants grouped by side (rule 3)
  local sides, order = {}, {}
  for _, p in ipairs(e.participants) do
    if not sides[p.side] then sides[p.side] = {}; order[#order + 1] = p.side end
    table.insert(sides[p.side], p.actor == p.side and (p.role or "party")
      or format("%s (%s)", p.actor.name, p.role or "participant"))
  end
  if #order > 8 then
    write(format("    %d participants, each on its own side: ", #e.participants))
    local names = {}
    for i, side in ipairs(order) do names[i] = side.id end
    write(table.concat(names, " "), "\n")
  else
    for _, side in ipairs(order) do
      write(format("    side %-40s %s\n", side.name .. ":", table.concat(sides[side], ", ")))
    end
  end
end

-- Other events: kept and queried, never meetings.
local others = {}
for _, e in ipairs(ds:events()) do
  local found = false
  for _, m in ipairs(meetings) do found = found or m == e end
  if not found then others[#others + 1] = e end
end
write(format("\n== Other events (%d): not meetings ==\n", #others))
for _, e in ipairs(others) do write("  ", tostring(e), "\n") end

-- Which states and organizations met which: pairs grouped by the meetings they share.
write("\n== Which states and organizations met which ==\n")
local groups, keys = {}, {}
local function add_pairs(kind)
  for _, a in ipairs(ds:actors { kind = kind }) do
    for _, kind2 in ipairs { "state", "organization" } do
      for _, row in ipairs(ds:partners(a, { kind = kind2 })) do
        local b = row.actor
        if a.id < b.id or kind ~= kind2 then
          local ms = ds:meetings(a, b)
          local ids = {}
          for i, e in ipairs(ms) do ids[i] = e.id end
          local key = table.concat(ids, " ")
          if not groups[key] then groups[key] = { events = ms, pairs = {}, seen = {} }; keys[#keys + 1] = key end
          local pair = a.id < b.id and (a.id .. "|" .. b.id) or (b.id .. "|" .. a.id)
          if not groups[key].seen[pair] then
            groups[key].seen[pair] = true
            table.insert(groups[key].pairs, { a, b })
          end
        end
      end
    end
  end
end
add_pairs("state")
add_pairs("organization")
table.sort(keys, function(x, y) return #groups[x].pairs < #groups[y].pairs end)
for _, key in ipairs(keys) do
  local g = groups[key]
  local at = {}
  for i, e in ipairs(g.events) do at[i] = format("%s %s", e.start, e.place and e.place.name or "") end
  if #g.pairs <= 3 then
    for _, pr in ipairs(g.pairs) do
      write(format("  %s meets %s: %d meeting(s): %s\n", pr[1].name, pr[2].name, #g.events, table.concat(at, "; ")))
    end
  else
    local actors, n = {}, 0
    for _, pr in ipairs(g.pairs) do
      for _, x in ipairs(pr) do if not actors[x] then actors[x] = true; n = n + 1 end end
    end
    write(format("  %d pairs among %d states and organizations met only at: %s\n", #g.pairs, n, table.concat(at, "; ")))
  end
end

write("\nWith members = true, NATO's members also meet Russia at the NATO-Russia Council:\n")
local names = {}
for _, row in ipairs(ds:partners("Russia", { kind = "state", members = true, from = "2022-01-12", to = "2022-01-12" })) do
  names[#names + 1] = row.actor.name
end
write("  ", table.concat(names, ", "), "\n")
