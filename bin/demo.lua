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

-- The meeting network (ds:network): sides as nodes, joined when they meet; its centre, and its picture.
local g = ds:network()
write(format("\n== The meeting network: %d sides, %d pairs that met ==\n", #g:nodes(), #g:edges()))
for _, e in ipairs(g:edges()) do
  if e.weight > 1 then write(format("  %s and %s met %d times (%s to %s)\n", e.a.name, e.b.name, e.weight, e.first, e.last)) end
end
local scores = {}
for _, measure in ipairs { "degree", "betweenness", "closeness", "eigenvector", "pagerank" } do
  scores[measure] = {}
  for _, row in ipairs(g:centrality(measure)) do scores[measure][row.actor] = row.score end
end
write(format("\n  %-36s %8s %12s %10s %12s %9s\n", "centrality (networkx's definitions)", "degree", "betweenness",
  "closeness", "eigenvector", "pagerank"))
local shown = 0
for _, row in ipairs(g:centrality("betweenness")) do
  local a = row.actor
  if shown < 6 or a.id == "NATO" then
    write(format("  %-36s %8.3f %12.3f %10.3f %12.3f %9.4f\n", a.name:sub(1, 36), scores.degree[a], scores.betweenness[a],
      scores.closeness[a], scores.eigenvector[a], scores.pagerank[a]))
  end
  shown = shown + 1
end
write(format("  ... and %d more states, each met only at the OSCE Permanent Council\n", shown - 7))
local communities, modularity = g:communities()
write(format("  Louvain communities: %d (modularity %.3f); components: %d\n", #communities, modularity, #g:components()))

local path = ds:path("Sherman", "Ukraine")
if path then
  local stops = {}
  for i, e in ipairs(path) do stops[i] = e.start .. " " .. (e.place and e.place.name or e.type) end
  write("  news from Sherman could reach Ukraine through: ", table.concat(stops, ", then "), "\n")
end

local ok, err = g:save("demo-network.svg")
if ok then write("\nThe network is drawn in demo-network.svg\n")
else write("\nNo picture: ", err, "\n") end

-- Reading the news: the seed article the sample was coded from by hand, coded again by ds:extract.
local seed = io.open("../shared/seed/article.txt")
if seed then
  local text = seed:read("a")
  seed:close()
  local world = diplomacy.world()
  local doc = assert(world:extract(text, { published = "2021-12-30" }))
  write("\n== Read from ../shared/seed/article.txt by extract (beside the hand-coded sample) ==\n")
  local hand = {}
  for _, e in ipairs(meetings) do hand[#hand + 1] = e end
  local i = 0
  for _, e in ipairs(doc.events) do
    if ({ meeting = 1, talks = 1, negotiation = 1, summit = 1, visit = 1, call = 1, conference = 1 })[e.type] then
      i = i + 1
      local sides, seen = {}, {}
      for _, p in ipairs(e.participants) do
        if not seen[p.side] then seen[p.side] = true; sides[#sides + 1] = p.side end
      end
      local place = e.place and world:place(e.place)
      local h = hand[i]
      write(format("  extract: %-10s %-8s %-8s %-10s %-28s | sample: %s\n", e.start, e.type, e.status,
        place and place.name or "-", table.concat(sides, " "),
        h and format("%s %s %s", h.start, h.type, h.place and h.place.name or "-") or "-"))
    end
  end
  write(format("  and %d events of other kinds (statements, interviews, proposals, denials, warnings)\n", #doc.events - i))
end
