-- diplomacy.find: finding actors and places by name (ds:find), adding names (ds:alias), merging actors (installed by init.lua)
local type, error, pairs, ipairs, getmetatable, setmetatable, rawget, rawset, next =
  type, error, pairs, ipairs, getmetatable, setmetatable, rawget, rawset, next
local format, concat = string.format, table.concat

return function(M, I)
  local core, core_of, actor_of, place_of, actor_handle, list, Row, typename, Dataset, DS, H, FIELDS, values_of, closest =
    I.core, I.core_of, I.actor_of, I.place_of, I.actor_handle, I.list, I.Row, I.typename, I.Dataset, I.DS, I.H, I.FIELDS,
    I.values_of, I.closest

  local FIND_KEYS = { kind = true, limit = true, at = true }
  local WHAT = { actor = 1, actors = 1, place = 2, places = 2 }

  --- ds:find(text, {kind =, limit =, at =}) -> list of { actor = Actor | place = Place, score = 0..1 }, best first.
  --- kind: "actor", "place" or a kind the dataset has ("person", "city"); at: a date, for the titles of posts.
  function Dataset:find(text, opts)
    local c = core_of(self)
    if type(text) ~= "string" then error(format("bad argument to 'find' (text expected, got %s)", typename(text)), 2) end
    opts = opts or {}
    if type(opts) ~= "table" then error(format("find: options must be a table, got %s", typename(opts)), 2) end
    for k in pairs(opts) do
      if not FIND_KEYS[k] then error(format("find: unknown option '%s' (expected kind, limit, at)", tostring(k)), 2) end
    end
    local what, kind, limit, at = 3, nil, opts.limit or 10, opts.at
    if math.type(limit) ~= "integer" or limit < 1 then
      error(format("find: option 'limit' must be a positive integer, got %s", tostring(limit)), 2)
    end
    if at ~= nil then
      if type(at) ~= "string" then error(format("find: option 'at' must be a date string, got %s", typename(at)), 2) end
      local ok, why = core.parse_date(at)
      if not ok then error(format("find: option 'at': bad date '%s': %s", at, why), 2) end
    end
    if opts.kind ~= nil then
      local k = opts.kind
      if type(k) ~= "string" then error(format("find: option 'kind' must be a string, got %s", typename(k)), 2) end
      if WHAT[k] then
        what = WHAT[k]
      else
        local akinds, pkinds = values_of(self, "actor_kind"), values_of(self, "place_kind")
        what = (akinds[k] and 1 or 0) + (pkinds[k] and 2 or 0)
        if what == 0 then
          local names = { "actor", "place" }
          for n in pairs(akinds) do names[#names + 1] = n end
          for n in pairs(pkinds) do names[#names + 1] = n end
          error(format("find: unknown kind '%s' (the dataset has: %s)", k, concat(closest.order(k, names, 12), ", ")), 2)
        end
        kind = k
      end
    end
    local flat, out = core.find_text(c, text, what, kind, at, limit), {}
    for i = 1, #flat, 3 do
      local obj = flat[i] == "actor" and actor_of(self, flat[i + 1]) or place_of(self, flat[i + 1])
      out[#out + 1] = setmetatable({ [flat[i]] = obj, score = flat[i + 2] }, Row)
    end
    return list(out)
  end

  --- ds:alias(actor, name): name finds actor from now on (rule 7); returns the actor.
  function Dataset:alias(actor, name)
    local c = core_of(self)
    local h = actor_handle(self, actor, 2)
    if type(name) ~= "string" then error(format("bad argument to 'alias' (name expected, got %s)", typename(name)), 2) end
    core.alias(c, h, name)
    return actor_of(self, h)
  end

  --- ds:merge_actors(keep, other): other's events, relations and names move to keep, and other's id finds keep
  --- (saved as keep's "merged_ids"); returns keep.
  function Dataset:merge_actors(keep, other)
    local c = core_of(self)
    local hk, ho = actor_handle(self, keep, 2), actor_handle(self, other, 2)
    if hk == ho then error("merge_actors: an actor cannot be merged with itself", 2) end
    core.merge_actors(c, hk, ho)
    rawset(self, "_merges", (rawget(self, "_merges") or 0) + 1) -- networks built before now are stale
    -- the core renumbered the actors above other: so do the objects handed out,
    -- and other's object now stands for keep
    local function moved(h)
      if h == ho then h = hk end
      return h > ho and h - 1 or h
    end
    local cache, objects = self._actors, {}
    for h, o in pairs(cache) do objects[#objects + 1] = o end
    while next(cache) do cache[next(cache)] = nil end
    for _, o in ipairs(objects) do
      local h = rawget(o, H)
      local nh = moved(h)
      rawset(o, H, nh)
      rawset(o, FIELDS, nil)
      if h ~= ho then cache[nh] = o end
    end
    return actor_of(self, moved(hk))
  end
end
