-- snapshot_spec.lua: the binary snapshot opens to the same dataset, and a damaged one is refused
local diplomacy = require "diplomacy"

local function tmpname()
  local p = os.tmpname()
  os.remove(p)
  return p
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function ids(list)
  local out = {}
  for i, x in ipairs(list) do out[i] = x.id or (x.actor and x.actor.id .. "=" .. x.count) or (x.place.id .. "=" .. x.count) end
  return table.concat(out, " ")
end

describe("the snapshot", function()
  local path
  before_each(function() path = tmpname() end)
  after_each(function() os.remove(path) end)

  it("opens with diplomacy.load to the dataset that was saved", function()
    local ds = diplomacy.sample()
    assert.is_true(ds:save(path, { format = "snapshot" }))
    local back = assert(diplomacy.load(path))
    assert.same(ds:counts(), back:counts())
    assert.equal(ds:encode(), back:encode())
    assert.equal(ids(ds:meetings("Russia", "United States")), ids(back:meetings("Russia", "United States")))
    assert.equal(ids(ds:partners("Russia", { members = true })), ids(back:partners("Russia", { members = true })))
    assert.equal(ids(ds:venues("Russia")), ids(back:venues("Russia")))
    assert.equal(ids(ds:members("OSCE", { at = "2022-01-13" })), ids(back:members("OSCE", { at = "2022-01-13" })))
    assert.equal("Russia", back:actor("moscow").name)
  end)

  it("keeps unknown keys and the objects added after loading", function()
    local ds = assert(diplomacy.decode([[{"format": "diplomacy", "version": 1, "note": "top",
      "actors": [{"id": "a", "name": "A", "kind": "state", "x-colour": "red"}]}]]))
    ds:add_actor { id = "b", name = "B", kind = "state" }
    ds:add_event { id = "e", type = "call", start = "2022-01-10T23:30-05:00",
                   participants = { { actor = "a", note = 1 }, { actor = "b" } }, sources = { { url = "u", extra = true } } }
    assert.is_true(ds:save(path, { format = "snapshot" }))
    local back = assert(diplomacy.load(path))
    assert.equal("red", back:actor("a").extra["x-colour"])
    assert.equal(1, back:event("e").participants[1].extra.note)
    assert.equal(true, back:event("e").sources[1].extra)
    assert.equal(1, #back:meetings("a", "b", { from = "2022-01-11", to = "2022-01-11" }))
    -- the opened dataset takes new objects like any other
    back:add_event { id = "f", type = "meeting", start = "2023", participants = { { actor = "a" }, { actor = "b" } } }
    assert.equal(2, #back:meetings("a", "b"))
  end)

  it("keeps the unknown keys of the few participants and events that have any, and events' sources, each on its own object", function()
    local ds = assert(diplomacy.decode([[{"format": "diplomacy", "version": 1,
      "actors": [{"id": "a", "name": "A", "kind": "state"}, {"id": "b", "name": "B", "kind": "state"}]}]]))
    for i = 1, 60 do
      local first = { actor = "a" }
      if i % 7 == 0 then first.note = "n" .. i end
      ds:add_event { id = "e" .. i, type = "meeting", start = "2020-01-" .. string.format("%02d", i % 28 + 1),
                     participants = { first, { actor = "b", role = i % 5 == 0 and "host" or nil } },
                     sources = i % 9 == 0 and { { url = "u" .. i } } or nil, ["x-k"] = i % 4 == 0 and i or nil }
    end
    -- a refused event takes back the keys of its participants read before the error
    local ok = pcall(ds.add_event, ds, { id = "bad", type = "meeting", start = "2020", ["x-k"] = "stale",
                                         participants = { { actor = "a", stale = true }, { actor = "nobody" } } })
    assert.is_false(ok)
    ds:add_event { id = "after", type = "meeting", start = "2021", participants = { { actor = "a" }, { actor = "b" } } }
    assert.is_nil(ds:event("after").participants[1].extra)
    assert.is_nil(ds:event("after").extra)
    assert.is_true(ds:save(path, { format = "snapshot" }))
    local back = assert(diplomacy.load(path))
    assert.equal(ds:encode(), back:encode())
    for i = 1, 60 do
      local e = back:event("e" .. i)
      assert.equal(i % 7 == 0 and ("n" .. i) or nil, e.participants[1].extra and e.participants[1].extra.note)
      assert.is_nil(e.participants[2].extra)
      assert.equal(i % 9 == 0 and ("u" .. i) or nil, e.sources[1] and e.sources[1].url)
      assert.equal(i % 4 == 0 and i or nil, e.extra and e.extra["x-k"])
    end
    assert.is_nil(back:event("after").participants[1].extra)
    assert.equal(61, #back:meetings("a", "b"))
  end)

  it("refuses a snapshot of another format version, saying which", function()
    assert.is_true(diplomacy.sample():save(path, { format = "snapshot" }))
    local good = read(path)
    write(path, good:sub(1, 8) .. string.pack("<I4", 1) .. good:sub(13))
    local back, err = diplomacy.load(path)
    assert.is_nil(back)
    assert.matches("format version 1, and this library reads version 5: load the JSON", err, 1, true)
  end)

  it("refuses a truncated or damaged file with a message, never crashing", function()
    local ds = diplomacy.sample()
    assert.is_true(ds:save(path, { format = "snapshot" }))
    local good = read(path)
    for _, cut in ipairs { 8, 12, 100, #good // 2, #good - 1 } do
      write(path, good:sub(1, cut))
      local back, err = diplomacy.load(path)
      assert.is_nil(back)
      assert.matches("^" .. path:gsub("%p", "%%%0") .. ": ", err)
    end
    -- flip bytes all over the file: each result is a dataset or a refusal
    local refused = 0
    for i = 60, #good, 997 do
      local b = good:byte(i)
      write(path, good:sub(1, i - 1) .. string.char((b + 101) % 256) .. good:sub(i + 1))
      local back, err = diplomacy.load(path)
      if back then back:meetings("RUS", "USA") else refused = refused + 1; assert.is_string(err) end
    end
    assert.is_true(refused > 0)
    write(path, good .. "x")
    assert.matches("after the end", select(2, diplomacy.load(path)))
  end)

  it("leaves the old file as it was when it cannot be written", function()
    local ds = diplomacy.sample()
    local ok, err = ds:save("/nonexistent-dir/x.dips", { format = "snapshot" })
    assert.is_nil(ok)
    assert.matches("/nonexistent%-dir/x.dips: ", err)
  end)

  it("checks its options", function()
    local ds = diplomacy.sample()
    assert.has_error(function() ds:save(path, { fromat = "snapshot" }) end, nil)
    local ok, err = pcall(ds.save, ds, path, { format = "xml" })
    assert.is_false(ok)
    assert.matches("option 'format'", err)
  end)
end)
