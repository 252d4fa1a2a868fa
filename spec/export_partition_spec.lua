-- export_partition_spec.lua: ds:export(dir, {format = "csv", partition = "year"}), the tables an engine joins
local diplomacy = require "diplomacy"

-- Reads an RFC 4180 CSV file into an array of rows (arrays of fields), the header first.
local function read_csv(path)
  local text = assert(io.open(path)):read("a")
  local rows, row, field, i, quoted = {}, {}, {}, 1, false
  while i <= #text do
    local c = text:sub(i, i)
    if quoted then
      if c == '"' and text:sub(i + 1, i + 1) == '"' then field[#field + 1] = '"'; i = i + 1
      elseif c == '"' then quoted = false
      else field[#field + 1] = c end
    elseif c == '"' then quoted = true
    elseif c == "," then row[#row + 1] = table.concat(field); field = {}
    elseif c == "\n" then row[#row + 1] = table.concat(field); field = {}; rows[#rows + 1] = row; row = {}
    else field[#field + 1] = c end
    i = i + 1
  end
  return rows
end

-- The rows of a table under every year folder, as records keyed by the header, with the year.
local function read_table(dir, name)
  local out = {}
  local p = io.popen("ls '" .. dir .. "/" .. name .. "'")
  for folder in p:lines() do
    local year = assert(folder:match("^year=(%d%d%d%d)$"), folder)
    local rows = read_csv(dir .. "/" .. name .. "/" .. folder .. "/part-0.csv")
    for r = 2, #rows do
      local rec = { year = year }
      for k, key in ipairs(rows[1]) do rec[key] = rows[r][k] end
      out[#out + 1] = rec
    end
  end
  p:close()
  return out
end

local function tmpdir()
  local path = os.tmpname()
  os.remove(path)
  return path
end

describe("a partitioned export", function()
  local ds, dir, counts
  setup(function()
    ds = diplomacy.sample()
    dir = tmpdir()
    counts = assert(ds:export(dir, { format = "csv", partition = "year" }))
  end)
  teardown(function() os.execute("rm -rf '" .. dir .. "'") end)

  it("writes every event once, in the folder of its start's year", function()
    local events = read_table(dir, "events")
    assert.equal(ds:counts().events, #events)
    assert.equal(#events, counts.events)
    for _, rec in ipairs(events) do
      local e = ds:event(rec.event)
      assert.equal(e.start:sub(1, 4), rec.year)
      assert.equal(e.start, rec.start)
      assert.equal(e.type, rec.type)
      assert.equal(e.title or "", rec.title) -- titles with commas come back whole
    end
  end)

  it("gives each participant its side (rule 3)", function()
    local parts = read_table(dir, "participants")
    assert.equal(counts.participants, #parts)
    for _, rec in ipairs(parts) do
      local p = ds:event(rec.event).participants[tonumber(rec.k) + 1]
      assert.equal(p.actor.id, rec.actor)
      assert.equal(p.side.id, rec.side)
    end
  end)

  it("lists who stands for each participant (rule 4), membership apart", function()
    local stands = read_table(dir, "stands")
    assert.equal(counts.stands, #stands)
    local at = {}
    for _, rec in ipairs(stands) do
      local key = rec.event .. "/" .. rec.k
      at[key] = at[key] or {}
      at[key][rec.actor] = rec.by_membership
    end
    -- Ryabkov's delegation at Geneva: he, his ministry and Russia, none by membership
    assert.same({ ryabkov = "0", ["RUS-MFA"] = "0", RUS = "0" }, at["2022-01-10-geneva-talks/0"])
    -- NATO at the NATO-Russia Council: NATO itself, and its members only with membership
    local council = at["2022-01-12-nato-russia-council/1"]
    assert.equal("0", council.NATO)
    assert.equal("1", council.USA)
    assert.equal("1", council.FRA)
  end)

  it("answers meetings by a join of stands with itself, as ds:meetings does", function()
    local stands, meeting = read_table(dir, "stands"), {}
    for _, rec in ipairs(read_table(dir, "events")) do meeting[rec.event] = rec.meeting == "true" end
    local function joined(a, b, members)
      local seen, out = {}, {}
      for _, sa in ipairs(stands) do
        if sa.actor == a and (members or sa.by_membership == "0") then
          for _, sb in ipairs(stands) do
            if sb.event == sa.event and sb.actor == b and sb.side ~= sa.side and (members or sb.by_membership == "0")
              and meeting[sa.event] and not seen[sa.event] then
              seen[sa.event] = true
              out[#out + 1] = sa.event
            end
          end
        end
      end
      table.sort(out)
      return out
    end
    local function ids(list)
      local t = {}
      for i, e in ipairs(list) do t[i] = e.id end
      table.sort(t)
      return t
    end
    for _, pair in ipairs({ { "RUS", "USA" }, { "ryabkov", "USA-DOS" }, { "FRA", "RUS" }, { "NATO", "RUS" } }) do
      for _, members in ipairs({ false, true }) do
        local want = ids(ds:meetings(pair[1], pair[2], { members = members or nil }))
        assert.same(want, joined(pair[1], pair[2], members))
      end
    end
    assert.is_true(#joined("FRA", "RUS", true) > #joined("FRA", "RUS", false))
  end)

  it("writes actors, places and every place a place is within", function()
    assert.equal(ds:counts().actors + 1, #read_csv(dir .. "/actors.csv"))
    assert.equal(ds:counts().places + 1, #read_csv(dir .. "/places.csv"))
    local within = {}
    for _, r in ipairs(read_csv(dir .. "/place_within.csv")) do within[r[1] .. " " .. r[2]] = true end
    for _, p in ipairs(ds:places()) do
      assert.is_true(within[p.id .. " " .. p.id])
      if p.within then assert.is_true(within[p.id .. " " .. p.within.id]) end
    end
  end)

  it("refuses a folder that is not empty, and options it cannot honour", function()
    local ok, err = ds:export(dir, { format = "csv", partition = "year" })
    assert.is_nil(ok)
    assert.equal(dir .. ": exists and is not an empty directory", err)
    assert.has_error(function() ds:export(tmpdir(), { partition = "month" }) end,
      "export: option 'partition' must be \"year\", got month")
    assert.has_error(function() ds:export(tmpdir(), { format = "geojson", partition = "year" }) end,
      "export: a partitioned export is written as csv, got format geojson")
    assert.has_error(function() ds:export(tmpdir(), { partition = "year", from = "2022" }) end,
      "export: option 'from' does not go with 'partition' (every event is written)")
  end)

  it("exports what was added since the last query, in its year", function()
    local more = diplomacy.sample()
    more:meetings("RUS", "USA")
    more:add_event { id = "late-call", type = "call", start = "2023-02-01",
                     participants = { { actor = "RUS" }, { actor = "USA" } } }
    local d = tmpdir()
    local n = assert(more:export(d, { format = "csv", partition = "year" }))
    local found
    for _, rec in ipairs(read_table(d, "events")) do if rec.event == "late-call" then found = rec end end
    os.execute("rm -rf '" .. d .. "'")
    assert.equal(ds:counts().events + 1, n.events)
    assert.equal("2023", found.year)
    assert.equal("true", found.meeting)
  end)
end)

describe("core.memory", function()
  it("counts each structure's bytes and elements, the index once built", function()
    local core = require "diplomacy.core"
    local ds = diplomacy.sample()
    local function items()
      local t = {}
      for _, it in ipairs(core.memory(ds._c)) do t[it.name] = it end
      return t
    end
    local before = items()
    assert.equal(ds:counts().events, before.events.count)
    assert.equal(ds:counts().actors, before.actors.count)
    assert.is_true(before.events.bytes >= before.events.count * 40)
    assert.is_nil(before["index.stands"])
    ds:meetings("RUS", "USA")
    local after = items()
    assert.is_true(after["index.stands"].count >= after.participants.count)
    assert.is_true(after["index.side"].bytes >= after.participants.count * 4)
  end)
end)
