-- module_spec.lua: the module table, reading and writing the dataset format
local diplomacy = require "diplomacy"
local json = require "dkjson"

-- A Lua pattern that matches s literally.
local function literal(s) return (s:gsub("%p", "%%%0")) end

local function write_file(path, text)
  local f = assert(io.open(path, "wb"))
  assert(f:write(text))
  assert(f:close())
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- The names in a directory (ls -A), sorted.
local function listing(dir)
  local p = assert(io.popen("ls -A '" .. dir .. "'"))
  local names = {}
  for line in p:lines() do names[#names + 1] = line end
  p:close()
  table.sort(names)
  return names
end

local function make_temp_dir()
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir '" .. dir .. "'"))
  return dir
end

local function remove_dir(dir) os.execute("rm -rf '" .. dir .. "'") end

-- The JSON text as Lua tables (null kept as json.null).
local function decoded(text)
  local value, _, err = json.decode(text, 1, json.null)
  assert(value, err)
  return value
end

local MINIMAL = '{"format": "diplomacy", "version": 1}'

describe("the diplomacy module", function()
  local temp = {}
  local function tmpname()
    local path = os.tmpname()
    temp[#temp + 1] = path
    return path
  end
  after_each(function()
    for _, path in ipairs(temp) do os.remove(path) end
    temp = {}
  end)

  it("has a version string like 0.1.0", function()
    assert.is_string(diplomacy.version)
    assert.matches("^%d+%.%d+%.%d+", diplomacy.version)
  end)

  it("makes an empty dataset with new()", function()
    local ds = diplomacy.new()
    assert.same({ places = 0, actors = 0, relations = 0, events = 0 }, ds:counts())
    assert.same({}, ds:events())
    assert.same({}, ds:actors())
    assert.same({}, ds:places())
    assert.same({ nil, "unknown actor 'Russia'" }, { ds:actor("Russia") })
  end)

  it("gives two independent datasets from two calls to new()", function()
    local a, b = diplomacy.new(), diplomacy.new()
    a:add_actor { id = "RUS", name = "Russia" }
    assert.equal(1, a:counts().actors)
    assert.equal(0, b:counts().actors)
  end)

  describe("decode", function()
    it("reads a minimal document", function()
      local ds = assert(diplomacy.decode(MINIMAL))
      assert.equal(0, ds:counts().events)
    end)

    it("returns nil and line:column: what for bad JSON, without a path", function()
      local text = '{\n  "format": "diplomacy",\n  "version": 1 ?\n}'
      local ds, msg = diplomacy.decode(text)
      assert.is_nil(ds)
      assert.is_string(msg)
      -- the stray '?' is on line 3, column 16
      assert.matches("^3:16: ", msg)
      assert.matches("'%?'", msg)
    end)

    it("refuses an escaped zero character, which would cut the string short", function()
      local ds, msg = diplomacy.decode('{"format": "diplomacy", "version": 1, "meta": {"title": "a\\u0000b"}}')
      assert.is_nil(ds)
      assert.matches("^1:59: \\u0000 in a string", msg)
      -- an escaped backslash before u0000 is ordinary text
      ds = assert(diplomacy.decode('{"format": "diplomacy", "version": 1, "meta": {"title": "a\\\\u0000b"}}'))
      assert.equal("a\\u0000b", ds:meta().title)
    end)

    it("counts columns in characters, not bytes", function()
      local before = '{"format": "diplomacy", "version": 1, "meta": {"title": "Genève, Zürich"} '
      local ds, msg = diplomacy.decode(before .. '?}')
      assert.is_nil(ds)
      assert.matches("^1:" .. (utf8.len(before) + 1) .. ": ", msg)
    end)

    it("says a truncated document ends too early, at its end", function()
      for _, text in ipairs {
        '{"format": "diplomacy", "version": 1,\n "events": [\n  {"id": "a", "type": "talks"',
        '{"format": "diplomacy", "version": 1,\n "meta": {"title": "cut short',
        '{"format": "diplomacy"',
      } do
        local ds, msg = diplomacy.decode(text)
        assert.is_nil(ds)
        local last_line = text:match("[^\n]*$")
        local _, breaks = text:gsub("\n", "")
        assert.matches("^" .. (breaks + 1) .. ":" .. (utf8.len(last_line) + 1) .. ": .*end of", msg)
      end
    end)

    it("reads a document that starts with a UTF-8 byte order mark, or points at the mark", function()
      local ds, msg = diplomacy.decode("\239\187\191" .. MINIMAL)
      if not ds then assert.matches("^1:1: ", msg) end
    end)

    it("reports an empty document", function()
      local ds, msg = diplomacy.decode("  \n")
      assert.is_nil(ds)
      assert.matches("^%d+:%d+: .*empty", msg)
    end)

    it("reports text after the end of the document", function()
      local ds, msg = diplomacy.decode(MINIMAL .. "\n{}")
      assert.is_nil(ds)
      assert.matches("^2:1: ", msg)
    end)

    it("returns nil and events[0].start: what for a bad date, without a path", function()
      local ds, msg = diplomacy.decode [[
        {"format": "diplomacy", "version": 1,
         "events": [{"id": "e", "type": "talks", "start": "2022-02-30"}]}]]
      assert.is_nil(ds)
      assert.matches("^events%[0%]%.start: ", msg)
      assert.matches("2022%-02%-30", msg)
    end)

    it("numbers the array entries from 0 in messages", function()
      local ds, msg = diplomacy.decode [[
        {"format": "diplomacy", "version": 1,
         "actors": [{"id": "RUS", "name": "Russia"}],
         "events": [{"id": "ok", "type": "talks", "start": "2022-01-10"},
                    {"id": "bad", "type": "talks", "start": "2022-01-10",
                     "participants": [{"actor": "RUS"}, {"actor": "NOBODY"}]}]}]]
      assert.is_nil(ds)
      assert.matches("^events%[1%]%.participants%[1%]%.actor: ", msg)
      assert.matches("NOBODY", msg)
    end)

    it("refuses a dangling reference, a missing id and a foreign format", function()
      local cases = {
        { [[{"format": "diplomacy", "version": 1, "events": [{"id": "e", "type": "talks", "start": "2022", "place": "nowhere"}]}]],
          "^events%[0%]%.place: .*nowhere" },
        { [[{"format": "diplomacy", "version": 1, "actors": [{"name": "Russia"}]}]], "^actors%[0%]%.id: " },
        { [[{"format": "geojson", "version": 1}]], "^format: " },
        { [[{"format": "diplomacy", "version": 2}]], "^version: " },
      }
      for _, case in ipairs(cases) do
        local ds, msg = diplomacy.decode(case[1])
        assert.is_nil(ds)
        assert.matches(case[2], msg)
      end
    end)

    it("raises for an argument that is not a string", function()
      local ok, err = pcall(diplomacy.decode, 42)
      assert.is_false(ok)
      assert.matches("string expected", err)
    end)
  end)

  describe("load", function()
    it("reads a file", function()
      local path = tmpname()
      write_file(path, MINIMAL)
      assert.is_truthy(diplomacy.load(path))
    end)

    it("returns nil and path:line:column: what for bad JSON", function()
      local path = tmpname()
      write_file(path, '{\n  "format": "diplomacy",\n  "version": 1 ?\n}')
      local ds, msg = diplomacy.load(path)
      assert.is_nil(ds)
      assert.matches("^" .. literal(path) .. ":3:16: ", msg)
    end)

    it("returns nil and path: events[0].start: what for bad content", function()
      local path = tmpname()
      write_file(path, [[
        {"format": "diplomacy", "version": 1,
         "events": [{"id": "e", "type": "talks", "start": "2022-13"}]}]])
      local ds, msg = diplomacy.load(path)
      assert.is_nil(ds)
      assert.matches("^" .. literal(path) .. ": events%[0%]%.start: ", msg)
      assert.matches("month", msg)
    end)

    it("returns nil and a message naming the file when it is missing", function()
      local dir = make_temp_dir()
      local path = dir .. "/missing.json"
      local ds, msg = diplomacy.load(path)
      remove_dir(dir)
      assert.is_nil(ds)
      assert.matches("^" .. literal(path) .. ": ", msg)
      assert.matches("No such file", msg)
    end)
  end)

  describe("save and load", function()
    -- An unknown key at every level, and dates of every precision.
    local DOCUMENT = [[
{
  "format": "diplomacy",
  "version": 1,
  "x_top": {"nested": [1, 2.5, "text", true, false, null]},
  "meta": {"title": "Round trip", "published": "2022-01", "x_meta": {"editor": "A. N. Other"}},
  "places": [
    {"id": "CHE", "name": "Switzerland", "kind": "country", "country": "CHE"},
    {"id": "geneva", "name": "Geneva", "kind": "city", "within": "CHE", "lat": 46.2044, "lon": 6.1432,
     "aliases": ["Genève", "Genf"], "x_place": "lakeside"}
  ],
  "actors": [
    {"id": "RUS", "name": "Russia", "kind": "state", "country": "RUS", "aliases": ["Moscow"],
     "codes": {"cameo": "RUS", "wikidata": "Q159"}, "x_actor": [7, 8]},
    {"id": "USA", "name": "United States", "kind": "state", "country": "USA"},
    {"id": "ryabkov", "name": "Sergei Ryabkov", "kind": "person"}
  ],
  "relations": [
    {"actor": "ryabkov", "type": "position", "target": "RUS", "title": "Deputy Foreign Minister",
     "start": "2008-08", "end": "2030", "x_relation": {"source": "kremlin.ru"}}
  ],
  "events": [
    {"id": "series", "type": "talks", "title": "Strategic stability dialogue", "start": "2021", "end": "2022-01"},
    {"id": "geneva-talks", "type": "talks", "title": "Russia-US talks", "start": "2022-01-10T14:30+01:00",
     "end": "2022-01-10T20:00:00Z", "place": "geneva", "status": "held", "part_of": "series", "cameo": "046",
     "participants": [
       {"actor": "ryabkov", "role": "head", "x_participant": "interpreter present"},
       {"actor": "USA", "role": "party", "side": "USA"}
     ],
     "sources": [
       {"publisher": "Press TV", "published": "2021-12-30", "by": "RUS", "quote": "talks \"in Geneva\"",
        "x_source": {"page": 2}}
     ],
     "x_event": 12.75}
  ]
}]]

    it("keeps every field, unknown keys at every level included", function()
      local ds = assert(diplomacy.decode(DOCUMENT))
      local path = tmpname()
      assert.is_true(ds:save(path))
      assert.same(decoded(DOCUMENT), decoded(read_file(path)))
      local again = assert(diplomacy.load(path))
      assert.same(decoded(DOCUMENT), decoded(again:encode()))
    end)

    it("writes dates back exactly as they were written", function()
      local ds = assert(diplomacy.decode(DOCUMENT))
      local path = tmpname()
      assert.is_true(ds:save(path))
      local text = read_file(path)
      for _, date in ipairs { "2022-01-10T14:30+01:00", "2022-01-10T20:00:00Z", "2021-12-30", "2008-08", "2030",
                              "2022-01", "2021" } do
        assert.matches('"' .. literal(date) .. '"', text)
      end
      local e = assert(diplomacy.load(path)):event("geneva-talks")
      assert.equal("2022-01-10T14:30+01:00", e.start)
      assert.equal("2022-01-10T20:00:00Z", e["end"])
      assert.equal("2021-12-30", e.sources[1].published)
    end)

    it("keeps objects added with add_* through a save and a load", function()
      local ds = diplomacy.new()
      ds:add_actor { id = "RUS", name = "Russia", kind = "state", x_note = "added" }
      ds:add_event { id = "e", type = "call", start = "2022-02", participants = { { actor = "RUS" } } }
      local path = tmpname()
      assert.is_true(ds:save(path))
      local again = assert(diplomacy.load(path))
      assert.equal("Russia", again:actor("RUS").name)
      assert.equal("2022-02", again:event("e").start)
      assert.equal("added", decoded(again:encode()).actors[1].x_note)
    end)

    it("returns nil and a message when the directory is missing, and writes nothing", function()
      local dir = make_temp_dir()
      local path = dir .. "/no-such-dir/out.json"
      local ok, msg = diplomacy.sample():save(path)
      assert.is_nil(ok)
      assert.matches(literal(path), msg)
      assert.same({}, listing(dir))
      remove_dir(dir)
    end)

    it("leaves an existing file untouched when a save fails", function()
      local dir = make_temp_dir()
      local path = dir .. "/data.json"
      write_file(path, "precious contents")
      -- nothing new can be made in the directory: not as a user (chmod), nor as root (chattr +i)
      os.execute("chmod 555 '" .. dir .. "'")
      local probe = io.open(dir .. "/probe", "w")
      if probe then
        probe:close()
        os.remove(dir .. "/probe")
        os.execute("chattr +i '" .. dir .. "' 2>/dev/null")
        probe = io.open(dir .. "/probe", "w")
        if probe then probe:close() os.remove(dir .. "/probe") end
      end
      local ok, msg
      if not probe then ok, msg = diplomacy.sample():save(path) end
      local contents, names = read_file(path), listing(dir)
      os.execute("chattr -i '" .. dir .. "' 2>/dev/null")
      os.execute("chmod 755 '" .. dir .. "'")
      remove_dir(dir)
      if probe then return pending("no way to make a directory read-only here") end
      assert.is_nil(ok)
      assert.matches(literal(path), msg)
      assert.equal("precious contents", contents)
      assert.same({ "data.json" }, names)
    end)

    it("leaves no temporary file behind when the final rename fails", function()
      local dir = make_temp_dir()
      local target = dir .. "/taken"
      assert(os.execute("mkdir '" .. target .. "'"))
      local ok, msg = diplomacy.sample():save(target)
      assert.is_nil(ok)
      assert.matches(literal(target), msg)
      assert.same({ "taken" }, listing(dir))
      remove_dir(dir)
    end)

    it("replaces an existing file on success", function()
      local path = tmpname()
      write_file(path, "old contents")
      assert.is_true(diplomacy.sample():save(path))
      local again = assert(diplomacy.load(path))
      assert.equal(diplomacy.sample():counts().events, again:counts().events)
      assert.is_false(exists(path .. ".tmp"))
    end)
  end)

  describe("encode", function()
    it("returns the JSON text of the dataset", function()
      local ds = diplomacy.new()
      ds:add_actor { id = "RUS", name = "Russia" }
      local text = ds:encode()
      assert.is_string(text)
      local doc = decoded(text)
      assert.equal("diplomacy", doc.format)
      assert.equal(1, doc.version)
      assert.equal("Russia", doc.actors[1].name)
    end)

    it("gives text that decode reads back to the same text", function()
      local sample = diplomacy.sample()
      local text = sample:encode()
      local again = assert(diplomacy.decode(text))
      assert.equal(text, again:encode())
      assert.same(sample:counts(), again:counts())
    end)
  end)

  describe("sample", function()
    it("holds the January 2022 talks", function()
      local ds = diplomacy.sample()
      assert.is_truthy(ds:event("2022-01-10-geneva-talks"))
      assert.is_truthy(ds:actor("Sergei Ryabkov"))
      assert.is_truthy(ds:place("Geneva"))
    end)

    it("gives a fresh dataset each time", function()
      local a, b = diplomacy.sample(), diplomacy.sample()
      a:add_actor { id = "extra", name = "Extra" }
      assert.is_nil(b:actor("extra"))
      assert.equal("Extra", a:actor("extra").name)
    end)
  end)
end)
