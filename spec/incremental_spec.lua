-- incremental_spec.lua: an index kept current through additions answers as one built from scratch
local diplomacy = require "diplomacy"

local FIXTURE = "spec/fixtures/import/gdelt2-governments.CSV"

-- A small deterministic generator (a linear congruential one), so that a
-- failing sequence can be replayed from its seed.
local function rng(seed)
  local s = seed
  return function(n)
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n + 1
  end
end

local STATES = { "RUS", "USA", "UKR", "FRA", "CHN", "DEU" }
local ORGS = { "NATO", "EU" }
local TYPES = { "meeting", "talks", "visit", "call", "summit", "statement", "briefing" }
local STATUSES = { "held", "held", "held", "planned", "cancelled", "reported" }

-- A date between 2000 and 2009 at a precision drawn from the generator.
local function date(r)
  local y, m, d = 1999 + r(10), r(12), r(28)
  local p = r(10)
  if p == 1 then return string.format("%04d", y) end
  if p == 2 then return string.format("%04d-%02d", y, m) end
  if p == 3 then return string.format("%04d-%02d-%02dT%02d:30:00+05:00", y, m, d, r(24) - 1) end
  return string.format("%04d-%02d-%02d", y, m, d)
end

local function later(r, start)
  local y = tonumber(start:sub(1, 4))
  return string.format("%04d-%02d-%02d", y + (r(6) == 1 and 1 or 0), 12, 28)
end

-- The base: states with ministries, organizations, people, places.
local function base(r, world)
  local ds = diplomacy.new()
  ds:add_place{ id = "EUR", name = "Europe", kind = "continent" }
  for _, s in ipairs(STATES) do
    ds:add_place{ id = "P-" .. s, name = "Land " .. s, kind = "country", within = "EUR" }
    ds:add_place{ id = "P-" .. s .. "-C", name = "Capital " .. s, kind = "city", within = "P-" .. s }
    ds:add_actor{ id = s, name = "State " .. s, kind = "state" }
    ds:add_actor{ id = s .. "-MFA", name = "Ministry " .. s, kind = "agency" }
    ds:add_relation{ actor = s .. "-MFA", type = "part_of", target = s }
    world.places[#world.places + 1] = "P-" .. s .. "-C"
    world.actors[#world.actors + 1] = s
    world.actors[#world.actors + 1] = s .. "-MFA"
  end
  for _, o in ipairs(ORGS) do
    ds:add_actor{ id = o, name = "Organization " .. o, kind = "organization" }
    world.actors[#world.actors + 1] = o
  end
  for i = 1, 12 do
    local id = "p" .. i
    ds:add_actor{ id = id, name = "Person " .. i, kind = "person" }
    world.actors[#world.actors + 1] = id
    world.people[#world.people + 1] = id
  end
  return ds
end

local function pick(r, t) return t[r(#t)] end

local function add_event(ds, r, world)
  world.nevents = world.nevents + 1
  local start = date(r)
  local e = { id = string.format("e%05d", world.nevents), type = pick(r, TYPES), start = start,
              status = pick(r, STATUSES), participants = {} }
  if r(8) == 1 and #start == 10 then e["end"] = later(r, start) end
  if r(5) > 1 then e.place = pick(r, world.places) end
  for _ = 1, 1 + r(4) do
    local p = { actor = pick(r, world.actors) }
    if r(10) == 1 then p.side = pick(r, STATES) end
    if r(4) == 1 then p.role = "head" end
    e.participants[#e.participants + 1] = p
  end
  ds:add_event(e)
end

-- A post, a part_of or a membership, sometimes bounded.
local function add_relation(ds, r, world)
  local rel
  local k = r(4)
  if k == 4 then
    -- a state taken into an organization's structure: every one of its
    -- events at those dates changes its stands (many: a full build, or few:
    -- moved to the delta, as the span decides)
    rel = { actor = pick(r, STATES), type = "part_of", target = pick(r, ORGS) }
  elseif k == 1 then
    rel = { actor = pick(r, world.people), type = "position",
            target = r(3) == 1 and pick(r, ORGS) or pick(r, STATES) .. (r(2) == 1 and "-MFA" or "") }
  elseif k == 2 then
    rel = { actor = pick(r, STATES), type = "member_of", target = pick(r, ORGS) }
  else
    world.nagencies = world.nagencies + 1
    local id = "agency" .. world.nagencies
    ds:add_actor{ id = id, name = "Agency " .. world.nagencies, kind = "agency" }
    world.actors[#world.actors + 1] = id
    rel = { actor = id, type = "part_of", target = pick(r, STATES) }
  end
  if r(2) == 1 then
    rel.start = date(r):sub(1, 10)
    if r(2) == 1 then rel["end"] = later(r, rel.start) end
  end
  ds:add_relation(rel)
end

local function add_place(ds, r, world)
  world.nplaces = world.nplaces + 1
  local id = "venue" .. world.nplaces
  ds:add_place{ id = id, name = "Venue " .. world.nplaces, kind = "venue", within = pick(r, world.places) }
  world.places[#world.places + 1] = id
end

-- A GDELT 2.0 update of n rows: the fixture's rows under fresh ids.
local function import_update(ds, r, world, n)
  local rows = {}
  for line in io.lines(FIXTURE) do rows[#rows + 1] = line end
  local path = os.tmpname()
  local f = assert(io.open(path, "w"))
  for _ = 1, n do
    world.ngdelt = world.ngdelt + 1
    local row = pick(r, rows):gsub("^%d+", tostring(910000000 + world.ngdelt))
    f:write(row, "\n")
  end
  f:close()
  local added = ds:import(path, { format = "gdelt" })
  os.remove(path)
  return added
end

-- Every answer the queries give about a few actors, as text.
local function answers(ds, r)
  local out = {}
  local function put(...) out[#out + 1] = table.concat({ ... }, " ") end
  local function ids(list) local t = {} for i, o in ipairs(list) do t[i] = o.id end return table.concat(t, ",") end
  local who = { "RUS", "USA", "UKR", "RUS-MFA", "p1", "p2", "p3", "NATO", "EU" }
  local windows = { {}, { from = "2003", to = "2005-06" }, { from = "2007-03-15", to = "2007-03-20" } }
  for _, w in ipairs(windows) do
    for _, members in ipairs({ false, true }) do
      local opts = { from = w.from, to = w.to, members = members or nil }
      for i = 1, #who do
        local a = who[i]
        put("partners", a, tostring(members), w.from or "")
        for _, p in ipairs(ds:partners(a, opts)) do put(" ", p.actor.id, p.count, p.first, p.last) end
        put("venues", a, ids((function() local t = {} for k, v in ipairs(ds:venues(a, nil, opts)) do t[k] = { id = v.place.id .. "=" .. v.count } end return t end)()))
        put("events", a, ids(ds:events{ actor = a, from = w.from, to = w.to, members = members or nil }))
        for j = i + 1, #who do
          put("meetings", a, who[j], ids(ds:meetings(a, who[j], opts)))
        end
      end
    end
    put("window", ids(ds:events{ from = w.from, to = w.to }))
    put("place", ids(ds:events{ from = w.from, to = w.to, place = "P-RUS" }))
  end
  local g = ds:network{ from = "2002", to = "2008" }
  for _, e in ipairs(g:edges()) do put("edge", e.a.id, e.b.id, e.weight, e.first, e.last) end
  for _, a in ipairs(ds:actors()) do put("actor", a.id) end
  return table.concat(out, "\n")
end

-- The same answers from a copy read afresh (its index built in one go).
local function fresh_answers(ds, r)
  return answers(assert(diplomacy.decode(ds:encode())), r)
end

local function first_difference(a, b)
  local i = 1
  for la, lb in function() return a:match("[^\n]*", i), b:match("[^\n]*", i) end do
    if la ~= lb then return la .. "  <>  " .. lb end
    i = i + #la + 1
    if i > #a then break end
  end
  return "(lengths differ)"
end

describe("an index kept current", function()
  it("takes in a relation that changes the stands of many events, or of a few", function()
    local core = require "diplomacy.core"
    local r = rng(99)
    local world = { places = {}, actors = {}, people = {}, nevents = 0, nagencies = 0, nplaces = 0, ngdelt = 0 }
    local ds = base(r, world)
    for i = 1, 400 do
      ds:add_event { id = string.format("r%03d", i), type = "talks", start = string.format("%04d-05-01", 1990 + i % 20),
                     participants = { { actor = "RUS" }, { actor = i % 2 == 0 and "USA" or "p1" } } }
    end
    assert.equal(0, #ds:meetings("EU", "USA"))
    -- RUS within EU for two years: 40 events move to the delta
    ds:add_relation { actor = "RUS", type = "part_of", target = "EU", start = "2001", ["end"] = "2002" }
    assert.equal(20, #ds:meetings("EU", "USA"))
    local main, delta, moved = core.index(ds._c, "stats")
    assert.equal(40, moved)
    assert.equal(40, delta)
    assert.equal(400, main + delta - moved)
    assert.equal(fresh_answers(ds, r), answers(ds, r))
    -- and for good: all 400 (past a merge's worth, 256), so the index is built again
    ds:add_relation { actor = "RUS", type = "part_of", target = "EU" }
    assert.equal(200, #ds:meetings("EU", "USA"))
    main, delta, moved = core.index(ds._c, "stats")
    assert.equal(0, delta + moved)
    assert.equal(fresh_answers(ds, r), answers(ds, r))
  end)

  for _, seed in ipairs({ 1, 7, 2024 }) do
    it("answers as a full build after random additions, imports and queries (seed " .. seed .. ")", function()
      local r = rng(seed)
      local world = { places = {}, actors = {}, people = {}, nevents = 0, nagencies = 0, nplaces = 0, ngdelt = 0 }
      local ds = base(r, world)
      for _ = 1, 300 do add_event(ds, r, world) end
      for _ = 1, 10 do add_relation(ds, r, world) end
      local checks, grown = 0, false
      for step = 1, 48 do
        local k = r(10)
        if k <= 5 then
          for _ = 1, r(60) do add_event(ds, r, world) end
        elseif k <= 7 then
          add_relation(ds, r, world)
          add_event(ds, r, world)
        elseif k == 8 then
          add_place(ds, r, world)
          add_event(ds, r, world)
        else
          assert.is_true(import_update(ds, r, world, r(6)) >= 0)
        end
        if step % 4 == 0 then
          local mine, theirs = answers(ds, r), fresh_answers(ds, r)
          if mine ~= theirs then error("seed " .. seed .. ", step " .. step .. ": " .. first_difference(mine, theirs)) end
          checks = checks + 1
          grown = grown or ds:counts().events > 300 + 2 * 256
        end
      end
      assert.equal(12, checks)
      -- more than DIP_DELTA_MIN (256) events after the first check: the delta was merged at least once
      assert.is_true(grown, "the sequence should grow the delta past a merge")
      -- a snapshot saved now (the delta merged first) reads back with the same answers
      local path = os.tmpname()
      assert.is_true(ds:save(path, { format = "snapshot" }))
      local back = assert(diplomacy.load(path))
      os.remove(path)
      assert.equal(answers(ds, r), answers(back, r))
    end)
  end
end)
