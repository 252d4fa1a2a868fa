-- extract.lua: reading the news, timed: diplomacy.world() opening, and ds:extract in MB of text a second on one core,
-- beside a plain Lua pass (sentence split and state-name co-occurrence, the dev set's baseline method) over the same text.
--   make && lua5.4 bench/extract.lua [MB]      (text: the passages of ../shared/data/text/dev.json, repeated to MB, default 4)
--   lua5.4 bench/extract.lua MB build OTHER/build   also times diplomacy.world() in each build given (a directory
--     holding diplomacy/core.so, e.g. a copy of an earlier build), side by side: each in its own process, taking
--     turns, best of 5 opens a process and of 3 turns; both read this checkout's lua/diplomacy/world.tsv.
package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath
local diplomacy = require "diplomacy"
local clock, format = os.clock, string.format

local function best_of(n, f)
  local best = math.huge
  for _ = 1, n do
    local t = clock()
    f()
    best = math.min(best, clock() - t)
  end
  return best
end

-- The passages: read from the shared dev set (quoted there for evaluation only; nothing is copied here).
local f = io.open("../shared/data/text/dev.json")
if not f then io.stderr:write("bench/extract.lua: ../shared/data/text/dev.json not present\n") os.exit(1) end
local json = f:read("a")
f:close()
local passages = {}
for text in json:gmatch('"text": "(.-[^\\])"') do
  passages[#passages + 1] = text:gsub("\\n", "\n"):gsub('\\"', '"'):gsub("\\u(%x%x%x%x)", function(h)
    return utf8.char(tonumber(h, 16))
  end)
end
local target = (tonumber(arg[1]) or 4) * 1e6
local parts, size = {}, 0
while size < target do
  for _, p in ipairs(passages) do parts[#parts + 1] = p; size = size + #p + 2 end
end
local text = table.concat(parts, "\n\n")
local mb = #text / 1e6

local world
local open_s = best_of(5, function() world = diplomacy.world() end)
world:extract("warm up", { published = "2020-01-01" }) -- the phrase table, built once per dataset

local doc
local extract_s = best_of(3, function() doc = assert(world:extract(text, { published = "2020-01-01" })) end)
local per_passage_s = best_of(3, function()
  for _, p in ipairs(parts) do assert(world:extract(p, { published = "2020-01-01" })) end
end)

-- The peer: split sentences with a Lua pattern, find state names and demonyms (one- and two-word aliases) and
-- meeting words, and pair the states of each sentence that holds one (what the 0.24 baseline does).
local names = {}
for _, a in ipairs(world:actors { kind = "state" }) do
  for _, n in ipairs { a.name, table.unpack(a.aliases) } do names[n] = a.id end
end
local meeting = { met = true, meet = true, meeting = true, talks = true, summit = true, visit = true, visited = true,
                  call = true, conference = true, negotiations = true }
local pairs_found = 0
local peer_s = best_of(3, function()
  pairs_found = 0
  for sentence in text:gmatch("[^%.!?\n]+") do
    local states, seen, trigger, prev = {}, {}, false, nil
    for word in sentence:gmatch("[%a']+") do
      if meeting[word] then trigger = true end
      local id = names[word] or (prev and names[prev .. " " .. word])
      if id and not seen[id] then seen[id] = true; states[#states + 1] = id end
      prev = word
    end
    if trigger then pairs_found = pairs_found + #states * (#states - 1) // 2 end
  end
end)

print(format("text: %.1f MB (%d passages of the dev set, repeated)", mb, #parts))
print(format("diplomacy.world() opens in %.1f ms (best of 5; %d actors, %d places)", open_s * 1e3,
  world:counts().actors, world:counts().places))
print(format("ds:extract, one call:        %6.2f MB/s (%d events)", mb / extract_s, #doc.events))
print(format("ds:extract, one per passage: %6.2f MB/s", mb / per_passage_s))
print(format("plain Lua co-occurrence:     %6.2f MB/s (%d pairs)", mb / peer_s, pairs_found))
print(format("ratio extract / Lua pass:    %6.2f", peer_s / extract_s))

-- diplomacy.world() in each build given, side by side (two core.so cannot share one Lua state).
local builds = { table.unpack(arg, 2) }
if #builds > 0 then
  local best = {}
  local code = "local d = require 'diplomacy' local b = math.huge for _ = 1, 5 do local t = os.clock() d.world() " ..
    "b = math.min(b, os.clock() - t) collectgarbage() end io.write(b)"
  for _ = 1, 3 do
    for _, b in ipairs(builds) do
      local cmd = ("lua5.4 -e \"package.cpath='%s/?.so;'..package.cpath package.path='lua/?.lua;lua/?/init.lua;'..package.path\" -e %q")
        :format(b, code)
      local p = assert(io.popen(cmd))
      local t = tonumber(p:read("a"))
      p:close()
      best[b] = math.min(best[b] or math.huge, (assert(t, "no time from " .. b)))
    end
  end
  for _, b in ipairs(builds) do print(format("diplomacy.world() with %-24s %6.1f ms", b, best[b] * 1e3)) end
  if #builds == 2 then print(format("ratio %s / %s: %.2f", builds[1], builds[2], best[builds[1]] / best[builds[2]])) end
end
