-- gc_spec.lua: finalizers that close the dataset, add to it or query it while a big result is
-- being built cannot crash the process or change the answer (run under the sanitizers by make test)
local diplomacy = require "diplomacy"
local core = require "diplomacy.core"

-- 80 states and N meetings among them, one document: big answers take many allocations.
local N = 600

local function big()
  local parts = { '{"format": "diplomacy", "version": 1, "actors": [' }
  for i = 1, 80 do
    parts[#parts + 1] = ('%s{"id": "s%02d", "name": "State %d", "kind": "state"}'):format(i > 1 and "," or "", i, i)
  end
  parts[#parts + 1] = '], "events": ['
  for i = 1, N do
    local a, b = i % 80 + 1, (i * 7 + 3) % 80 + 1
    if a == b then b = a % 80 + 1 end
    parts[#parts + 1] = ('%s{"id": "e%05d", "type": "meeting", "start": "2022-%02d-%02d",'
      .. ' "participants": [{"actor": "s%02d"}, {"actor": "s%02d"}], "sources": [{"url": "u%d"}]}')
      :format(i > 1 and "," or "", i, i % 12 + 1, i % 28 + 1, a, b, i)
  end
  parts[#parts + 1] = "]}"
  return assert(diplomacy.decode(table.concat(parts)))
end

-- Objects whose finalizers run action, brought to the point where the collector
-- has started calling them (a few per step, every step small): the rest come due
-- at the allocations of the next call, in the middle of its work.
local function arm(n, action)
  local fired, armed = 0, false
  collectgarbage("collect")
  -- steps of a few bytes (log2 of the step size 1; a 0 would leave a setting as it is)
  collectgarbage("incremental", 100, 100, 1)
  for _ = 1, n do
    setmetatable({}, { __gc = function()
      fired = fired + 1
      if armed then action() end
    end })
  end
  while fired == 0 do collectgarbage("step", 0) end
  armed = true
end

local function disarm()
  collectgarbage("incremental", 200, 100, 13)
  collectgarbage("collect")
end

local function ids(list)
  local out = {}
  for i, x in ipairs(list) do out[i] = x.id or x.actor.id .. "=" .. x.count end
  return table.concat(out, " ")
end

-- The core's answers to the calls below, as flat text (handles are enough to compare).
local function flat(t)
  local out = {}
  for i, v in ipairs(t) do out[i] = type(v) == "table" and (v.id or tostring(v.count)) or tostring(v) end
  return table.concat(out, " ")
end

local calls = {
  events = function(ds) return flat(core.events(ds._c, {})) end,
  actors = function(ds) return flat(core.actors(ds._c)) end,
  partners = function(ds) return flat(core.partners(ds._c, 0, {})) end,
  venues = function(ds) return flat(core.venues(ds._c, 0, nil, {})) end,
  event_info = function(ds)
    local out = {}
    for h = 0, N - 1, 7 do
      local e = core.event_info(ds._c, h)
      out[#out + 1] = e.id .. ":" .. e.participants[1].side .. ":" .. e.participants[2].side .. ":" .. e.sources[1].url
    end
    return table.concat(out, " ")
  end,
  relations = function(ds) return flat(core.relations(ds._c)) end,
  wrapped = function(ds) return ids(ds:events()) end,
}

describe("finalizers during a call", function()
  after_each(disarm)

  for name, call in pairs(calls) do
    it(name .. ": one that closes the dataset is refused inside the call, which answers whole", function()
      local ds = big()
      local want = call(ds)
      local refused, k = {}, 0
      arm(1000, function()
        k = k + 1
        local ok, err
        if k % 2 == 0 then
          ok, err = pcall(ds.close, ds)
        else
          ok, err = pcall(function() local c <close> = ds._c end) -- the dataset's __close
        end
        if not ok then refused[#refused + 1] = err end
      end)
      local ok, got = pcall(call, ds)
      -- a call made of several core calls (wrapped) may see a close that came between two of them
      if ok then assert.equal(want, got) else assert.matches("dataset is closed", got, 1, true) end
      collectgarbage("collect")
      assert.is_true(#refused > 0 or core.closed(ds._c))
      for _, err in ipairs(refused) do assert.matches("another call of diplomacy.core is running", err, 1, true) end
      ds:close()
      assert.is_true(core.closed(ds._c))
    end)

    it(name .. ": one that adds to the dataset is refused inside the call; nothing it adds is lost", function()
      local ds = big()
      local want = call(ds)
      local added, refused = 0, {}
      arm(1000, function()
        local ok, err = pcall(function()
          ds:add_event { id = "late" .. added, type = "meeting", start = "2023-06-01",
            participants = { { actor = "s79" }, { actor = "s80" } } }
        end)
        if ok then added = added + 1 else refused[#refused + 1] = err end
      end)
      local got = call(ds)
      collectgarbage("collect")
      assert.is_true(added + #refused > 0)
      for _, err in ipairs(refused) do assert.matches("another call of diplomacy.core is running", err, 1, true) end
      if name ~= "actors" and name ~= "events" and name ~= "wrapped" then assert.equal(want, got) end
      assert.equal(N + added, ds:counts().events)
    end)

    it(name .. ": one that runs other queries leaves the answer its own", function()
      local ds = big()
      local want = call(ds)
      local inner = 0
      arm(1000, function()
        inner = inner + 1
        pcall(core.events, ds._c, { from = "2022-05-01", to = "2022-05-02" })
        pcall(core.partners, ds._c, 1, {})
        pcall(core.venues, ds._c, 2, nil, {})
        pcall(core.actors, ds._c, "nothing")
      end)
      local got = call(ds)
      collectgarbage("collect")
      assert.is_true(inner > 0)
      assert.equal(want, got)
    end)
  end

  it("the module takes calls again after one that raised, and leaves the collector as it was", function()
    local ds = big()
    assert.is_true(collectgarbage("isrunning"))
    assert.has_error(function() core.event_info(ds._c, 10 ^ 9) end)
    assert.is_true(collectgarbage("isrunning"))
    -- inside a coroutine that dies of the error too
    local co = coroutine.create(function() core.event_info(ds._c, -1) end)
    assert.is_false((coroutine.resume(co)))
    assert.is_true(collectgarbage("isrunning"))
    assert.equal(N, #core.events(ds._c, {})) -- not refused as if the failed call still ran
    -- and a collector the user stopped stays stopped
    collectgarbage("stop")
    ds:events()
    assert.is_false(collectgarbage("isrunning"))
    collectgarbage("restart")
  end)

  it("leaves the collector's pause alone: small calls on a large heap do not start a collection each", function()
    local ds = big()
    local heap = {}
    for i = 1, 100000 do heap[i] = { i } end -- a large heap, as a loaded session has
    collectgarbage("collect")
    -- a sentinel that counts finished collection cycles: each one finalizes it, and it makes the next
    local cycles, counting = 0, true
    local function sentinel()
      setmetatable({}, { __gc = function() if counting then cycles = cycles + 1; sentinel() end end })
    end
    sentinel()
    for h = 1, 20000 do core.actor_info(ds._c, h % 80) end
    counting = false
    -- restarting a stopped collector after every call cancelled its pause: hundreds of cycles
    assert.is_true(cycles <= 2, cycles .. " collection cycles during 20,000 small calls")
    assert.equal(100000, #heap)
  end)

  it("errors still name the function", function()
    local ok, err = pcall(core.events, 42)
    assert.is_false(ok)
    assert.matches("bad argument #1 to '[%w.]*events'", err)
  end)
end)
