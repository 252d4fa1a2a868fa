-- diplomacy: who meets whom in diplomatic event data (the Lua face of diplomacy.core)
local core = require "diplomacy.core"
local closest = require "diplomacy.closest"

local type, error, pairs, ipairs, tostring, setmetatable, getmetatable, select =
  type, error, pairs, ipairs, tostring, setmetatable, getmetatable, select
local concat, sort, insert = table.concat, table.sort, table.insert
local format = string.format

local M = { version = "0.1.0" }

local Dataset, Actor, Place, Event, List, Row, Participant = {}, {}, {}, {}, {}, {}, {}
Dataset.__name, Actor.__name, Place.__name, Event.__name = "Dataset", "Actor", "Place", "Event"

-- Private keys of every object: its dataset (which it keeps alive), its
-- handle in the core, and its fields with the dataset generation they were
-- read at. Only this file holds them, so users cannot reach or change them.
local DS, H, FIELDS, GEN = {}, {}, {}, {}

local function typename(v)
  local mt = getmetatable(v)
  return mt and mt.__name or type(v)
end

local function core_of(ds, level)
  if getmetatable(ds) ~= Dataset then
    error(format("Dataset expected, got %s", typename(ds)), (level or 2) + 1)
  end
  if core.closed(ds._c) then error("dataset is closed", (level or 2) + 1) end
  return ds._c
end

---------------------------------------------------------------- lists

local function list(t) return setmetatable(t, List) end

List.__name = "List"
List.__tostring = function(t)
  if #t == 0 then return "(none)" end
  local lines = {}
  for i, v in ipairs(t) do lines[i] = tostring(v) end
  return concat(lines, "\n")
end

Row.__name = "Row"
Row.__tostring = function(r)
  if r.score and (r.actor or r.place) then return format("%.3f  %s", r.score, tostring(r.actor or r.place)) end
  if r.place then return format("%4d  %s", r.count, r.place.name) end
  if r.actor and r.count then
    local span = r.first == r.last and r.first or (r.first .. " .. " .. r.last)
    return format("%4d  %-40s %s", r.count, r.actor.name, span)
  end
  if r.period then return format("%s  %d", r.period, r.count) end
  local parts = {}
  for k, v in pairs(r) do parts[#parts + 1] = k .. " = " .. tostring(v) end
  sort(parts)
  return "{ " .. concat(parts, ", ") .. " }"
end

Participant.__name = "Participant"
Participant.__tostring = function(p)
  local s = format("%-8s %s", p.role or "", p.actor.name)
  if p.side ~= p.actor then s = s .. "  (side: " .. p.side.name .. ")" end
  return s
end

---------------------------------------------------------------- objects

local function object(ds, cache, mt, h)
  local o = cache[h]
  if not o then
    o = setmetatable({ [DS] = ds, [H] = h }, mt)
    cache[h] = o
  end
  return o
end

local function actor_of(ds, h) return h and object(ds, ds._actors, Actor, h) end
local function place_of(ds, h) return h and object(ds, ds._places, Place, h) end
local function event_of(ds, h) return h and object(ds, ds._events, Event, h) end
-- each kind's object function -> the dataset's cache field and metatable
local caches = { [actor_of] = { "_actors", Actor }, [place_of] = { "_places", Place }, [event_of] = { "_events", Event } }

local function wrap_all(ds, handles, of)
  local c = caches[of]
  core.wrap(handles, ds[c[1]], c[2], ds, DS, H)
  return list(handles)
end

-- The fields of an object, read from the core once per change of the dataset
-- (an event's sides follow the relations, which may be added later).
local function fields(o, load)
  local ds, f = rawget(o, DS), rawget(o, FIELDS)
  local gen = core.generation(core_of(ds, 3))
  if not f or rawget(o, GEN) ~= gen then
    f = load(ds, rawget(o, H))
    rawset(o, FIELDS, f)
    rawset(o, GEN, gen)
  end
  return f, ds
end

-- Table fields are handed out as copies, so that changing one cannot change
-- what the next lookup sees; objects inside stay the same objects.
local function copy(v)
  if type(v) ~= "table" then return v end
  local mt = getmetatable(v)
  if mt == Actor or mt == Place or mt == Event then return v end
  local t = {}
  for k, x in pairs(v) do t[k] = copy(x) end
  return setmetatable(t, mt)
end

local function readonly(t) error(format("%s is read-only", typename(t)), 2) end

local function load_actor(ds, h)
  local f = core.actor_info(core_of(ds, 3), h)
  setmetatable(f.aliases, List)
  return f
end

local function load_place(ds, h)
  local f = core.place_info(core_of(ds, 3), h)
  f.within = place_of(ds, f.within)
  return f
end

local function load_event(ds, h)
  local f = core.event_info(core_of(ds, 3), h)
  f.place = place_of(ds, f.place)
  f.part_of = event_of(ds, f.part_of)
  for _, p in ipairs(f.participants) do
    p.actor = actor_of(ds, p.actor)
    p.side = actor_of(ds, p.side)
    setmetatable(p, Participant)
  end
  setmetatable(f.participants, List)
  setmetatable(f.sources, List)
  for _, s in ipairs(f.sources) do
    if s.by then s.by = ds:actor(s.by) end
  end
  return f
end

-- pairs(object) walks its fields, as a person looking at it expects.
local function pairs_with(load)
  return function(o)
    local f = fields(o, load)
    local function step(_, k)
      local v
      k, v = next(f, k)
      return k, copy(v)
    end
    return step, o, nil
  end
end

local function index_with(load, methods)
  return function(o, k)
    local m = methods[k]
    if m ~= nil then return m end
    return copy((fields(o, load))[k])
  end
end

-- Actor ---------------------------------------------------------------

local actor_methods = {}

local function date_arg(date, what, level)
  if date == nil then return nil end
  if type(date) ~= "string" then
    error(format("bad argument to '%s' (date string expected, got %s)", what, typename(date)), level + 1)
  end
  local ok, why = core.parse_date(date)
  if not ok then error(format("%s: bad date '%s': %s", what, date, why), level + 1) end
  return date
end

function actor_methods:affiliations(date)
  local _, ds = fields(self, load_actor)
  date = date_arg(date, "affiliations", 2)
  return wrap_all(ds, core.affiliations(core_of(ds), rawget(self, H), date), actor_of)
end

function actor_methods:memberships(date)
  local _, ds = fields(self, load_actor)
  date = date_arg(date, "memberships", 2)
  return wrap_all(ds, core.memberships(core_of(ds), rawget(self, H), date), actor_of)
end

function actor_methods:relations()
  local _, ds = fields(self, load_actor)
  local rels = core.relations(core_of(ds), rawget(self, H))
  for i, r in ipairs(rels) do
    r.actor, r.target = actor_of(ds, r.actor), actor_of(ds, r.target)
    rels[i] = setmetatable(r, Row)
  end
  return list(rels)
end

Actor.__index = index_with(load_actor, actor_methods)
Actor.__pairs = pairs_with(load_actor)
Actor.__newindex = readonly
-- Two lookups of one actor are one object; after merge_actors, the object of
-- the merged actor stands for the one kept, so equality compares handles.
Actor.__eq = function(a, b)
  return rawget(a, DS) == rawget(b, DS) and rawget(a, H) == rawget(b, H)
end
Actor.__tostring = function(a)
  local f = fields(a, load_actor)
  return format("%s (%s%s)", f.name, f.kind and (f.kind .. ", ") or "", f.id)
end

-- Place ---------------------------------------------------------------

Place.__index = index_with(load_place, {})
Place.__pairs = pairs_with(load_place)
Place.__newindex = readonly
Place.__tostring = function(p)
  local f = fields(p, load_place)
  local s = format("%s (%s%s)", f.name, f.kind and (f.kind .. ", ") or "", f.id)
  if f.within then s = s .. " in " .. f.within.name end
  return s
end

-- Event ---------------------------------------------------------------

Event.__index = index_with(load_event, {})
Event.__pairs = pairs_with(load_event)
Event.__newindex = readonly

local function who(f)
  local n = #f.participants
  if n == 0 then return "" end
  -- participants grouped by side, sides in order of first appearance
  local order, by = {}, {}
  for _, p in ipairs(f.participants) do
    local side = p.side
    if not by[side] then
      by[side] = {}
      order[#order + 1] = side
    end
    if p.actor ~= side then insert(by[side], p.actor.name) end
  end
  if #order > 6 then
    local names = {}
    for i = 1, 4 do names[i] = order[i].name end
    return format("%d participants: %s, ... and %d more", n, concat(names, ", "), #order - 4)
  end
  local groups = {}
  for i, side in ipairs(order) do
    local names = by[side]
    groups[i] = #names > 0 and format("%s (%s)", side.name, concat(names, ", ")) or side.name
  end
  return concat(groups, " | ")
end

Event.__tostring = function(e)
  local f = fields(e, load_event)
  local date = f["end"] and (f.start .. ".." .. f["end"]) or f.start
  local parts = { date, f.type }
  if f.status ~= "held" then parts[#parts + 1] = "(" .. f.status .. ")" end
  if f.place then parts[#parts + 1] = "at " .. f.place.name end
  local s = concat(parts, " ")
  local w = who(f)
  if w ~= "" then s = s .. ": " .. w end
  return s .. "  [" .. f.id .. "]"
end

---------------------------------------------------------------- names and options

-- " (did you mean: Sergei Lavrov [lavrov], ...)" for a name nothing has, from ds:find's best few.
local function suggestion(ds, name, what)
  local flat = core.find_text(ds._c, name, what == "actor" and 1 or 2, nil, nil, 3)
  if #flat == 0 then return "" end
  local parts = {}
  for i = 1, #flat, 3 do
    local f = (what == "actor" and core.actor_info or core.place_info)(ds._c, flat[i + 1])
    parts[#parts + 1] = format("%s [%s]", f.name, f.id)
  end
  return " (did you mean: " .. concat(parts, ", ") .. ")"
end

local function unknown_name(ds, name, what)
  return format("unknown %s '%s'%s", what, name, suggestion(ds, name, what))
end

local function resolve(ds, x, what, find, mt, level)
  level = level + 1
  if getmetatable(x) == mt then
    if rawget(x, DS) ~= ds then error(format("%s '%s' belongs to another dataset", what, x.id), level) end
    return rawget(x, H)
  end
  if type(x) ~= "string" then
    error(format("%s expected (an object, id, name or alias), got %s", what, typename(x)), level)
  end
  local h, err = find(ds._c, x)
  if err then error(err, level) end
  if not h then error(unknown_name(ds, x, what:lower()), level) end
  return h
end

-- Not tail calls: a tail call would drop a frame and the error levels would miss the caller.
local function actor_handle(ds, x, level)
  local h = resolve(ds, x, "Actor", core.find_actor, Actor, level + 1)
  return h
end

local function place_handle(ds, x, level)
  local h = resolve(ds, x, "Place", core.find_place, Place, level + 1)
  return h
end

local STATUSES = { held = true, planned = true, postponed = true, cancelled = true, reported = true, denied = true }

local OPTIONS = {
  events = { "from", "to", "place", "type", "status", "members", "actor", "with" },
  meetings = { "from", "to", "place", "type", "status", "members" },
  partners = { "from", "to", "place", "type", "status", "members", "kind" },
  venues = { "from", "to", "place", "type", "status", "members" },
  network = { "from", "to", "place", "type", "status", "members", "nodes" },
  list = { "kind" },
  members = { "at" },
}

-- Values of the dataset (kinds, types, ...), counted, read again when it changes.
local function values_of(ds, what)
  local gen = core.generation(ds._c)
  local cache = ds._values
  if not cache or cache.gen ~= gen then
    cache = { gen = gen }
    ds._values = cache
  end
  local v = cache[what]
  if not v then
    v = core.values(ds._c, what)
    cache[what] = v
  end
  return v
end

-- The error for a value that names nothing the dataset has: its values, closest first.
local function unknown_value(call, key, word, value, have, extra)
  local names = {}
  for k in pairs(have) do names[#names + 1] = k end
  for _, k in ipairs(extra or {}) do names[#names + 1] = k end
  local listed = #names > 0 and closest.order(value, names, 12) or {}
  return format("%s: option '%s': unknown %s '%s' (%s)", call, key, word, value,
    #listed > 0 and ("the dataset has: " .. concat(listed, ", ") .. (#names > #listed and ", ..." or ""))
      or ("the dataset has no " .. word .. " at all"))
end

local QUERY_EXTRAS = { "cameo", "where" }

-- The words the format defines (dataset-format.md): a real category even where the
-- data has none of it (the answer is then empty); any other word must be in the data.
local function set(t) local s = {} for _, k in ipairs(t) do s[k] = true end return s end
local FORMAT_TYPES = set { "meeting", "talks", "negotiation", "summit", "visit", "call", "conference", "statement",
  "briefing", "interview", "proposal", "report", "denial", "warning", "threat", "deployment", "withdrawal", "exercise" }
local FORMAT_KINDS = {
  actor_kind = set { "state", "organization", "agency", "person", "group", "media" },
  place_kind = set { "venue", "city", "region", "country", "continent", "virtual" },
}

local function strings(v, key, call, level, check)
  if type(v) == "string" then v = { v } end
  if type(v) ~= "table" then
    error(format("%s: option '%s' must be a string or an array of strings, got %s", call, key, typename(v)), level + 1)
  end
  local out = {}
  for i, s in ipairs(v) do
    if type(s) ~= "string" then
      error(format("%s: option '%s'[%d] must be a string, got %s", call, key, i, typename(s)), level + 1)
    end
    if check and not check[s] then
      error(unknown_value(call, key, key, s, check), level + 1)
    end
    out[i] = s
  end
  return out
end

-- Checks an options table against the keys call allows; returns the table the
-- core reads, with names resolved to handles. A typo is an error.
local function options(ds, opts, call, level, keys)
  level = level + 1
  local q = {}
  if opts == nil then return q end
  if type(opts) ~= "table" then error(format("%s: options must be a table, got %s", call, typename(opts)), level) end
  keys = keys or OPTIONS[call]
  local queries = false -- every query that reads events takes cameo and where too
  for _, name in ipairs(keys) do queries = queries or name == "from" end
  if queries then
    local all = {}
    for i, name in ipairs(keys) do all[i] = name end
    for _, name in ipairs(QUERY_EXTRAS) do all[#all + 1] = name end
    keys = all
  end
  for k, v in pairs(opts) do
    local allowed = false
    for _, name in ipairs(keys) do allowed = allowed or name == k end
    if not allowed then
      error(format("%s: unknown option '%s' (expected %s)", call, tostring(k), concat(keys, ", ")), level)
    end
    if k == "from" or k == "to" or k == "at" then
      if type(v) ~= "string" then error(format("%s: option '%s' must be a date string, got %s", call, k, typename(v)), level) end
      local ok, why = core.parse_date(v)
      if not ok then error(format("%s: option '%s': bad date '%s': %s", call, k, v, why), level) end
      q[k] = v
    elseif k == "place" then
      q.place = place_handle(ds, v, level)
    elseif k == "actor" or k == "with" then
      q[k] = actor_handle(ds, v, level)
    elseif k == "type" then
      -- types compare without regard to case: each stands for every type of the dataset it fits
      local have, types = values_of(ds, "event_type"), {}
      for _, t in ipairs(strings(v, "type", call, level)) do
        local found = false
        for name in pairs(have) do
          if name:lower() == t:lower() then types[#types + 1], found = name, true end
        end
        if not found and FORMAT_TYPES[t:lower()] then types[#types + 1], found = t:lower(), true end
        if not found then error(unknown_value(call, "type", "type", t, have), level) end
      end
      q.types = types
    elseif k == "cameo" then
      if type(v) ~= "string" or not v:match("^%d%d?%d?%d?$") then
        error(format("%s: option 'cameo' must be a CAMEO code or prefix of 1 to 4 digits (\"04\", \"042\"), got %s",
          call, type(v) == "string" and ("'" .. v .. "'") or typename(v)), level)
      end
      q.cameo = v
    elseif k == "where" then
      if type(v) ~= "function" then
        error(format("%s: option 'where' must be a function of the Event, got %s", call, typename(v)), level)
      end
    elseif k == "status" then
      q.statuses = strings(v, "status", call, level, STATUSES)
    elseif k == "members" then
      if type(v) ~= "boolean" then error(format("%s: option 'members' must be a boolean, got %s", call, typename(v)), level) end
      q.members = v
    elseif k == "kind" or k == "nodes" then
      if type(v) ~= "string" then error(format("%s: option '%s' must be a string, got %s", call, k, typename(v)), level) end
      if k == "nodes" and v ~= "sides" and v ~= "participants" and not values_of(ds, "actor_kind")[v]
          and not FORMAT_KINDS.actor_kind[v] then
        error(unknown_value(call, "nodes", "nodes kind", v, values_of(ds, "actor_kind"), { "sides", "participants" }),
          level)
      elseif k == "kind" then
        local which = call == "places" and "place_kind" or "actor_kind"
        local have = values_of(ds, which)
        if not have[v] and not FORMAT_KINDS[which][v] then error(unknown_value(call, "kind", "kind", v, have), level) end
      end
      q[k] = v
    end
  end
  if q.with and not q.actor then error(format("%s: option 'with' needs 'actor'", call), level) end
  if opts.where ~= nil then
    -- the events the other options keep, then those where keeps: the core sees their handles
    local where, keep, pre = opts.where, {}, {}
    for key, val in pairs(q) do pre[key] = val end
    pre.kind, pre.nodes = nil, nil -- actor and with stay: for events they narrow what where sees
    if not pre.statuses then pre.statuses = { "held", "planned", "postponed", "cancelled", "reported", "denied" } end
    for _, h in ipairs(core.events(ds._c, pre)) do
      if where(event_of(ds, h)) then keep[#keep + 1] = h end
    end
    q.keep = keep
  end
  return q
end

M._options = options

---------------------------------------------------------------- the dataset

local function wrap(c)
  return setmetatable({
    _c = c,
    _actors = setmetatable({}, { __mode = "v" }),
    _places = setmetatable({}, { __mode = "v" }),
    _events = setmetatable({}, { __mode = "v" }),
  }, Dataset)
end

Dataset.__index = Dataset

function Dataset.__close(ds) if getmetatable(ds) == Dataset then core.close(ds._c) end end
Dataset.close = Dataset.__close

function Dataset.__tostring(ds)
  if core.closed(ds._c) then return "Dataset (closed)" end
  local np, na, nr, ne = core.counts(ds._c)
  local title = core.meta(ds._c).title
  return format("Dataset%s: %d events, %d actors, %d places, %d relations",
    type(title) == "string" and (" '" .. title .. "'") or "", ne, na, np, nr)
end

function Dataset:counts()
  local np, na, nr, ne = core.counts(core_of(self))
  return { places = np, actors = na, relations = nr, events = ne }
end

function Dataset:meta() return core.meta(core_of(self)) end

-- JSON by default; {format = "snapshot"} writes the binary snapshot, which
-- diplomacy.load opens far faster (its indexes included).
function Dataset:save(path, opts)
  local c = core_of(self)
  if type(path) ~= "string" then error(format("bad argument to 'save' (path expected, got %s)", typename(path)), 2) end
  local fmt = "json"
  if opts ~= nil then
    if type(opts) ~= "table" then error(format("save: options must be a table, got %s", typename(opts)), 2) end
    for k, v in pairs(opts) do
      if k ~= "format" then error(format("save: unknown option '%s' (expected format)", tostring(k)), 2) end
      if v ~= "json" and v ~= "snapshot" then
        error(format("save: option 'format' must be \"json\" or \"snapshot\", got %s", tostring(v)), 2)
      end
      fmt = v
    end
  end
  if fmt == "snapshot" then return core.save_snapshot(c, path) end
  return core.save(c, path)
end

function Dataset:encode() return core.encode(core_of(self)) end

local function adder(kind, of)
  return function(self, t)
    local c = core_of(self)
    if type(t) ~= "table" then error(format("add_%s: table expected, got %s", kind, typename(t)), 2) end
    local h, err = core.add(c, kind, t)
    if not h then error(format("add_%s: %s", kind, err), 2) end
    return of(self, h)
  end
end

Dataset.add_place = adder("place", place_of)
Dataset.add_actor = adder("actor", actor_of)
Dataset.add_event = adder("event", event_of)
Dataset.add_relation = adder("relation", function(ds, h)
  local rels = core.relations(ds._c)
  local r = rels[h + 1]
  r.actor, r.target = actor_of(ds, r.actor), actor_of(ds, r.target)
  return setmetatable(r, Row)
end)

local function finder(find, of, what)
  return function(self, name)
    local c = core_of(self)
    if getmetatable(name) == of then return name end
    if type(name) ~= "string" then error(format("bad argument to '%s' (name expected, got %s)", what, typename(name)), 2) end
    local h, err = find(c, name)
    if err then error(err, 2) end
    -- The contract's nil for a name nothing has, with the closest names as a second value (as io.open does)
    if not h then return nil, unknown_name(self, name, what) end
    return (of == Actor and actor_of or place_of)(self, h)
  end
end

Dataset.actor = finder(core.find_actor, Actor, "actor")
Dataset.place = finder(core.find_place, Place, "place")

function Dataset:event(id)
  local c = core_of(self)
  if getmetatable(id) == Event then return id end
  if type(id) ~= "string" then error(format("bad argument to 'event' (id expected, got %s)", typename(id)), 2) end
  return event_of(self, core.find_event(c, id))
end

function Dataset:actors(opts)
  local c = core_of(self)
  local q = options(self, opts, "actors", 2, OPTIONS.list)
  return wrap_all(self, core.actors(c, q.kind), actor_of)
end

function Dataset:places(opts)
  local c = core_of(self)
  local q = options(self, opts, "places", 2, OPTIONS.list)
  return wrap_all(self, core.places(c, q.kind), place_of)
end

function Dataset:members(org, opts)
  local c = core_of(self)
  local h = actor_handle(self, org, 2)
  local q = options(self, opts, "members", 2)
  return wrap_all(self, core.members(c, h, q.at), actor_of)
end

function Dataset:events(opts)
  local c = core_of(self)
  local q = options(self, opts, "events", 2)
  return wrap_all(self, core.events(c, q), event_of)
end

function Dataset:meetings(a, b, opts)
  local c = core_of(self)
  local ha, hb = actor_handle(self, a, 2), actor_handle(self, b, 2)
  local q = options(self, opts, "meetings", 2)
  return wrap_all(self, core.meetings(c, ha, hb, q), event_of)
end

function Dataset:partners(a, opts)
  local c = core_of(self)
  local ha = actor_handle(self, a, 2)
  local q = options(self, opts, "partners", 2)
  return list(core.partners(c, ha, q, self._actors, Actor, self, DS, H, Row))
end

function Dataset:venues(a, b, opts)
  local c = core_of(self)
  if opts == nil and type(b) == "table" and getmetatable(b) == nil then b, opts = nil, b end
  local ha = actor_handle(self, a, 2)
  local hb = b ~= nil and actor_handle(self, b, 2) or nil
  local q = options(self, opts, "venues", 2)
  local flat, out = core.venues(c, ha, hb, q), {}
  for i = 1, #flat, 2 do
    out[#out + 1] = setmetatable({ place = place_of(self, flat[i]), count = flat[i + 1] }, Row)
  end
  return list(out)
end

function Dataset:relations(actor)
  local c = core_of(self)
  local h = actor ~= nil and actor_handle(self, actor, 2) or nil
  local rels = core.relations(c, h)
  for i, r in ipairs(rels) do
    r.actor, r.target = actor_of(self, r.actor), actor_of(self, r.target)
    rels[i] = setmetatable(r, Row)
  end
  return list(rels)
end

---------------------------------------------------------------- module

function M.new() return wrap(core.new()) end

-- opts.check = "all": check every part of a snapshot even when it was
-- checked whole before and is unchanged since (then it opens without checks).
function M.load(path, opts)
  if type(path) ~= "string" then error(format("bad argument to 'load' (path expected, got %s)", typename(path)), 2) end
  if opts ~= nil and type(opts) ~= "table" then
    error(format("bad argument #2 to 'load' (table of options expected, got %s)", typename(opts)), 2)
  end
  local check_all = false
  for k, v in pairs(opts or {}) do
    if k ~= "check" then error(format("load: unknown option '%s' (expected check)", tostring(k)), 2) end
    if v ~= "all" and v ~= "remembered" then
      error(format("load: option 'check': expected \"all\" or \"remembered\", got %s", tostring(v)), 2)
    end
    check_all = v == "all"
  end
  local c, err = core.load(path, check_all)
  if not c then return nil, err end
  return wrap(c)
end

function M.decode(text)
  if type(text) ~= "string" then error(format("bad argument to 'decode' (string expected, got %s)", typename(text)), 2) end
  local c, err = core.decode(text)
  if not c then return nil, err end
  return wrap(c)
end

function M.sample()
  local c = assert(core.decode(require "diplomacy.sample", "sample"))
  return wrap(c)
end

M.Dataset, M.Actor, M.Place, M.Event, M.List = Dataset, Actor, Place, Event, List
M.is = {
  dataset = function(v) return getmetatable(v) == Dataset end,
  actor = function(v) return getmetatable(v) == Actor end,
  place = function(v) return getmetatable(v) == Place end,
  event = function(v) return getmetatable(v) == Event end,
}

-- Networks, paths and time (diplomacy/graph.lua), given what it needs from here.
require("diplomacy.graph")(M, {
  core = core, core_of = core_of, actor_of = actor_of, event_of = event_of, place_of = place_of,
  actor_handle = actor_handle, options = options, OPTIONS = OPTIONS, list = list, Row = Row,
  typename = typename, Dataset = Dataset,
})

-- Importing GDELT, ICEWS and Office of the Historian records; exporting CSV, GDELT, GeoJSON (diplomacy/io.lua).
require("diplomacy.io")(M, {
  core = core, core_of = core_of, wrap = wrap, options = options, typename = typename, Dataset = Dataset,
  list = list,
})

-- Finding by name, aliases and merged actors (diplomacy/find.lua).
M.Row = Row
require("diplomacy.find")(M, {
  core = core, core_of = core_of, actor_of = actor_of, place_of = place_of, actor_handle = actor_handle, list = list,
  Row = Row, typename = typename, Dataset = Dataset, DS = DS, H = H, FIELDS = FIELDS, values_of = values_of,
  closest = closest,
})

-- The world base, reading the news and adding whole documents (diplomacy/extract.lua).
require("diplomacy.extract")(M, {
  core = core, core_of = core_of, wrap = wrap, typename = typename, Dataset = Dataset,
})

return M
