-- hardening_spec.lua: paths and keys C would cut, bad numbers, inputs past their limits, folders that loop
local diplomacy = require "diplomacy"
local core = require "diplomacy.core"

local FIX = "spec/fixtures/"

local support = require "support"
local tmpname, exists = support.tmpname, support.exists

local function sh(cmd)
  -- without the sanitizers the specs may run under
  assert(os.execute("env -u LD_PRELOAD " .. cmd))
end


describe("paths and keys", function()
  it("a path holding a zero byte is refused, not cut short", function()
    local ds = diplomacy.sample()
    local dir = tmpname()
    sh("mkdir " .. dir)
    local path = dir .. "/x"
    for _, call in ipairs {
      function() return ds:save(path .. "\0.json") end,
      function() return ds:save(path .. "\0.dips", { format = "snapshot" }) end,
      function() return diplomacy.load(path .. "\0.json") end,
      function() return ds:import(path .. "\0.CSV") end,
      function() return ds:export(path .. "\0.csv") end,
    } do
      local ok, err = pcall(call)
      assert.is_false(ok)
      assert.matches("path holds a zero byte", err, 1, true)
    end
    assert.is_false(exists(path))
    sh("rmdir " .. dir)
  end)

  it("an empty path says so", function()
    local ok, err = diplomacy.sample():save("")
    assert.is_nil(ok)
    assert.equal("empty path: name the file to write", err)
    ok, err = diplomacy.sample():save("", { format = "snapshot" })
    assert.is_nil(ok)
    assert.equal("empty path: name the file to write", err)
    ok, err = diplomacy.load("")
    assert.is_nil(ok)
    assert.equal("empty path: name the file to read", err)
  end)

  it("a table key holding a zero byte is refused", function()
    local ds = diplomacy.new()
    local ok, err = pcall(ds.add_actor, ds, { id = "a", name = "A", ["x\0y"] = 1 })
    assert.is_false(ok)
    assert.matches("a key holds a zero byte", err, 1, true)
    ok, err = pcall(ds.add_actor, ds, { id = "a", name = "A", ["\xff"] = 1 })
    assert.is_false(ok)
    assert.matches("a key is not valid UTF-8", err, 1, true)
    assert.equal(0, ds:counts().actors)
  end)
end)

describe("arguments the core used to trust", function()
  it("communities: a resolution that is not a number 0 or more is refused", function()
    local g = diplomacy.sample():network()
    for _, r in ipairs { 0 / 0, 1 / 0, -1 } do
      local ok, err = pcall(g.communities, g, { resolution = r })
      assert.is_false(ok)
      assert.matches("option 'resolution' must be a finite number, 0 or more", err, 1, true)
    end
    local _, q = g:communities { resolution = 0 }
    assert.is_true(q == q)
  end)

  it("core.partners checks the tables it fills rows from", function()
    local ds = diplomacy.sample()
    local c = ds._c
    for _, args in ipairs {
      { {}, 5, "x", 1, 2, {} },
      { 5, {}, "x", 1, 2, {} },
      { {}, {}, "x", 1, 2, 7 },
    } do
      local ok, err = pcall(core.partners, c, 0, {}, table.unpack(args, 1, 6))
      assert.is_false(ok)
      assert.matches("table expected", err, 1, true)
    end
  end)
end)

describe("inputs past their limits", function()
  it("load: a device is refused at its first block", function()
    local ds, err = diplomacy.load("/dev/zero")
    assert.is_nil(ds)
    assert.equal("/dev/zero: not a JSON document (byte 0x00 at the start)", err)
  end)

  it("load: a file larger than the limit is refused without reading it", function()
    local path = tmpname()
    sh("truncate -s 65G " .. path)
    local ds, err = diplomacy.load(path)
    os.remove(path)
    assert.is_nil(ds)
    assert.equal(path .. ": larger than 68719476736 bytes, the limit for a document", err)
  end)

  it("load: a file past the 2 GiB of a document read whole is mapped, and a binary one refused at its start", function()
    local path = tmpname()
    sh("truncate -s 3G " .. path)
    local ds, err = diplomacy.load(path)
    os.remove(path)
    assert.is_nil(ds)
    assert.equal(path .. ": not a JSON document (byte 0x00 at the start)", err)
  end)

  it("load: a mapped file is read right to its last byte, whatever its length", function()
    -- the text ends exactly at a page boundary, and one byte short of it
    for _, size in ipairs { 4096, 8192, 8191 } do
      local head = '{"format": "diplomacy", "version": 1, "actors": [{"id": "a", "name": "A", "kind": "state"}], "x": "'
      local text = head .. ("y"):rep(size - #head - 2) .. '"}'
      assert.equal(size, #text)
      local path = tmpname()
      local f = assert(io.open(path, "wb"))
      f:write(text)
      f:close()
      local ds = assert(diplomacy.load(path))
      assert.equal(size - #head - 2, #ds:encode():match('"x":%s*"(y*)"'))
      -- cut inside the string: an error naming the end, no read past it
      f = assert(io.open(path, "wb"))
      f:write(text:sub(1, size - 2))
      f:close()
      local none, err = diplomacy.load(path)
      os.remove(path)
      assert.is_nil(none)
      assert.matches("unexpected end of document", err)
    end
  end)

  it("load: a file larger than what is kept mapped at once reads the same, and its errors say the right line", function()
    -- 40 MB: the reader hands pages back behind it (every 32 MB) and reads them again for the message
    local pad = ("z"):rep(40 * 2 ^ 20)
    local text = '{"format": "diplomacy", "version": 1,\n"x-pad": "' .. pad .. '",\n' ..
      '"actors": [{"id": "a", "name": "A", "kind": "state"}, {"id": "b", "name": "B", "kind": "state"}],\n' ..
      '"events": [{"id": "e", "type": "meeting", "start": "2020", "participants": [{"actor": "a"}, {"actor": "b"}]}]}'
    local path = tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(text)
    f:close()
    local ds = assert(diplomacy.load(path))
    assert.equal(1, #ds:meetings("a", "b"))
    assert.equal(#pad, #ds:encode():match('"x%-pad":%s*"(z*)"'))
    f = assert(io.open(path, "wb"))
    f:write((text:gsub('"start": "2020"', '"start": 2020 x')))
    f:close()
    local none, err = diplomacy.load(path)
    os.remove(path)
    assert.is_nil(none)
    assert.matches(":4:%d+: ", err)
  end)

  it("GDELT: a line past the limit is reported and skipped, the rows around it kept", function()
    local rows = {}
    for line in io.lines(FIX .. "shared/gdelt/20250807220000.export.head.CSV") do
      rows[#rows + 1] = line
      if #rows == 4 then break end
    end
    for _, size in ipairs { 3 * 2 ^ 20, 9 * 2 ^ 20 } do -- within one read, and across several
      local path = tmpname()
      local f = assert(io.open(path, "wb"))
      f:write(rows[1], "\n", rows[2], "\n", ("x"):rep(size), "\n", rows[3], "\n", rows[4], "\n")
      f:close()
      local t = os.clock()
      local ds, skipped = assert(diplomacy.import(path, { format = "gdelt", merge_dyads = false }))
      os.remove(path)
      assert.is_true(os.clock() - t < 2)
      assert.equal(4, ds:counts().events)
      assert.equal(1, #skipped)
      assert.equal(3, skipped[1].line)
      assert.equal("line longer than 1048576 bytes (the limit for a GDELT row)", skipped[1].reason)
    end
  end)

  it("ICEWS: a line past the limit is reported and skipped, the rows around it kept", function()
    local lines = {}
    for line in io.lines(FIX .. "shared/icews/events.2018.sample.tab") do
      lines[#lines + 1] = line
      if #lines == 5 then break end
    end
    local path = tmpname()
    local f = assert(io.open(path, "wb"))
    f:write(lines[1], "\n", lines[2], "\n", lines[3], "\n", ("x"):rep(9 * 2 ^ 20), "\n", lines[4], "\n", lines[5], "\n")
    f:close()
    local ds, skipped = assert(diplomacy.import(path, { format = "icews", merge_dyads = false }))
    os.remove(path)
    assert.equal(4, ds:counts().events)
    assert.equal(1, #skipped)
    assert.equal(4, skipped[1].line)
    assert.equal("line longer than 4194303 bytes (the limit for an ICEWS row)", skipped[1].reason)
  end)

  it("a row holding a zero byte is reported, not cut short into an empty name", function()
    local function first_rows(file, n)
      local out = {}
      for line in io.lines(file) do
        out[#out + 1] = line
        if #out == n then break end
      end
      return out
    end
    local g = first_rows(FIX .. "shared/gdelt/20250807220000.export.head.CSV", 2)
    local i = first_rows(FIX .. "shared/icews/events.2018.sample.tab", 3)
    for _, case in ipairs {
      { "gdelt", g[1]:gsub("\t", "\t\0", 1) .. "\n" .. g[2] .. "\n", 1, "holds a zero byte" },
      { "icews", i[1] .. "\n" .. i[2]:gsub("\t", "\t\0", 1) .. "\n" .. i[3] .. "\n", 2, "field 2: holds a zero byte" },
    } do
      local path = tmpname()
      local f = assert(io.open(path, "wb"))
      f:write(case[2])
      f:close()
      local ds, skipped = assert(diplomacy.import(path, { format = case[1], merge_dyads = false }))
      os.remove(path)
      assert.equal(1, ds:counts().events)
      assert.equal(case[3], skipped[1].line)
      assert.equal(case[4], skipped[1].reason)
      assert.is_table(diplomacy.decode(ds:encode()))
    end
  end)

  it("a folder whose links loop back into it is read once", function()
    local dir = tmpname()
    sh("mkdir -p " .. dir .. "/sub && cp " .. FIX .. "import/hsg-visits-sample.xml " .. dir .. "/sub/")
    for i = 1, 6 do sh("ln -s .. " .. dir .. "/sub/up" .. i .. " && ln -s . " .. dir .. "/self" .. i) end
    local t = os.clock()
    local ds, skipped = diplomacy.import(dir)
    local elapsed = os.clock() - t
    sh("rm -rf " .. dir)
    assert.is_table(skipped)
    local once = assert(diplomacy.import(FIX .. "import/hsg-visits-sample.xml"))
    assert.equal(once:counts().events, ds:counts().events)
    assert.is_true(elapsed < 2)
  end)
end)
