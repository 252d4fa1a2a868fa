-- realdata_spec.lua: the shared GDELT, ICEWS and Office of the Historian files, checked against readings of the raw files made here
local diplomacy = require "diplomacy"
local json = require "dkjson"

local DATA = "../shared/data/"
local ISO_CODES = "/usr/share/iso-codes/json/iso_3166-1.json"

local support = require "support"
local readable, read_file = support.exists, support.read_file

local function files_of(dir)
  local out = {}
  for i, name in ipairs(support.listing(dir)) do out[i] = dir .. "/" .. name end
  return out
end

if not readable(DATA .. "README.md") then
  pending("skipped: ../shared/data not present")
  return
end

-- Datasets are imported once and shared by the tests of this file.
local cache = {}
local function imported(name)
  if not cache[name] then cache[name] = assert(diplomacy.import(DATA .. name)) end
  return cache[name]
end

-- ---- independent readings of the raw files ----

local function squeeze(s)
  return (s:gsub("\194\160", " "):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

local function unescape(s)
  return (s:gsub("&lt;", "<"):gsub("&gt;", ">"):gsub("&quot;", '"'):gsub("&apos;", "'"):gsub("&amp;", "&"))
end

-- The records of the Office of the Historian's XML files: a table of fields a record.
local function hsg_records(dir, element)
  local out = {}
  local paths = {}
  if dir:match("travels$") then
    for _, sub in ipairs { "president-travels", "secretary-travels" } do
      for _, p in ipairs(files_of(dir .. "/" .. sub)) do paths[#paths + 1] = p end
    end
  else
    paths = files_of(dir)
  end
  for _, path in ipairs(paths) do
    local text = read_file(path)
    for attrs, body in text:gmatch("<" .. element .. "(%f[%s>][^>]*)>(.-)</" .. element .. ">") do
      local r = { who = attrs:match('who="([^"]*)"') }
      for k, v in body:gmatch("<([%w%-]+)[^>]*>(.-)</%1>") do r[k] = unescape(squeeze(v)) end
      r.place_id = body:match('<country id="([^"]*)"') or body:match('<from id="([^"]*)"')
      out[#out + 1] = r
    end
  end
  return out
end

local trips, visits
local function hsg_trips()
  trips = trips or hsg_records(DATA .. "hsg/travels", "trip")
  return trips
end
local function hsg_visits()
  visits = visits or hsg_records(DATA .. "hsg/visits", "visit")
  return visits
end

-- ICEWS rows as tables keyed by the header's column names.
local icews_rows
local function icews()
  if icews_rows then return icews_rows end
  icews_rows = {}
  local header
  for line in io.lines(DATA .. "icews/events.2018.sample.tab") do
    local f = {}
    for v in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = v end
    if not header then
      header = f
    else
      local r = {}
      for i, k in ipairs(header) do r[k] = f[i] ~= "NA" and f[i] or nil end
      icews_rows[#icews_rows + 1] = r
    end
  end
  return icews_rows
end

-- Debian's iso-codes: every name, official name and common name of ISO 3166-1, folded.
local function fold(s)
  return (s:lower():gsub("\195[\160-\182]", "a"):gsub("%W+", " "):gsub("^ ", ""):gsub(" $", ""))
end
local iso
local function iso_names()
  if iso then return iso end
  iso = {}
  for _, c in ipairs(json.decode(read_file(ISO_CODES))["3166-1"]) do
    for _, k in ipairs { "name", "official_name", "common_name" } do
      if c[k] then iso[fold(c[k])] = c.alpha_3 end
    end
  end
  return iso
end

-- ---- 1. countries ----

describe("real data: every country the sources name is its state", function()
  local function check_iso(what, pairs_seen)
    if not readable(ISO_CODES) then return pending("skipped: iso-codes not installed") end
    local names = iso_names()
    local checked = 0
    for _, p in ipairs(pairs_seen) do
      local want = names[fold(p.name)]
      if want then
        checked = checked + 1
        local found = false
        for _, got in ipairs(type(p.got) == "table" and p.got or { p.got }) do found = found or got == want end
        assert.is_true(found, what .. ": '" .. p.name .. "' is not " .. want)
      end
    end
    assert.truthy(checked > 0)
  end

  it("the Office of the Historian: each trip's host, each visit's side, as iso-codes names them", function()
    local seen = {}
    local ds = imported("hsg/travels")
    for _, r in ipairs(hsg_trips()) do
      local e = ds:event("hsg:trip:" .. r.id)
      seen[#seen + 1] = { name = r.country, got = e.participants[2].actor.id }
    end
    local vs = imported("hsg/visits")
    for _, r in ipairs(hsg_visits()) do
      local e = vs:event("hsg:visit:" .. r.id)
      seen[#seen + 1] = { name = r.from, got = e.participants[1].side.id }
    end
    check_iso("hsg", seen)
    assert.equal("state", ds:actor("NLD").kind)
    assert.equal("Netherlands", ds:actor("NLD").name)
    assert.equal("NLD", ds:event("hsg:trip:" .. (function()
      for _, r in ipairs(hsg_trips()) do if r.place_id == "netherlands" then return r.id end end
    end)()).participants[2].actor.id)
    for _, a in ipairs(ds:actors { kind = "state" }) do assert.are_not.equal("netherlands", a.id) end
  end)

  it("ICEWS: each row's countries, and the place's", function()
    local ds = imported("icews/events.2018.sample.tab")
    local seen = {}
    for _, r in ipairs(icews()) do
      local e = ds:event("icews:" .. r["Event ID"] .. ":" .. r["Event Date"])
      if e and r.Country and e.place then
        local q = e.place
        while q.within do q = q.within end
        seen[#seen + 1] = { name = r.Country, got = q.id }
      end
      if e and r["Source Name"] and r["Source Name"] == r["Source Country"] then
        -- a merged row's event lists its actors the other way round
        local ids = {}
        for _, p in ipairs(e.participants) do ids[#ids + 1] = p.actor.id end
        seen[#seen + 1] = { name = r["Source Country"], got = ids }
      end
    end
    check_iso("icews", seen)
    -- the Netherlands: a state, its ministry part of it, its meetings with Slovakia as the rules count them
    assert.equal("state", ds:actor("Netherlands").kind)
    assert.equal("NLD", ds:actor("Netherlands").id)
    assert.equal("NLD", ds:place("Netherlands").id)
    local mfa = ds:actor("Foreign Affairs (Netherlands)")
    assert.equal("agency", mfa.kind)
    assert.equal("NLD", mfa:affiliations()[2].id)
    -- the raw rows: one meeting a sentence of a story, coded once each way
    local n, sentences = 0, {}
    for _, r in ipairs(icews()) do
      local key = (r["Story ID"] or "") .. "/" .. (r["Sentence Number"] or "")
      if (r["CAMEO Code"] or ""):match("^04") and not sentences[key] and
          ((r["Source Country"] == "Netherlands" and r["Target Country"] == "Slovakia") or
           (r["Source Country"] == "Slovakia" and r["Target Country"] == "Netherlands")) then
        sentences[key] = true
        n = n + 1
      end
    end
    local m = ds:meetings("NLD", "SVK")
    assert.equal(n, #m)
    assert.equal(2, #m)
    assert.equal("icews:32887934:2018-06-01", m[1].id)
    assert.equal("icews:32888543:2018-06-01", m[2].id)
  end)

  it("with the Office of the Historian and ICEWS in one dataset, 'Netherlands' is one actor", function()
    local ds = assert(diplomacy.import(DATA .. "icews/events.2018.sample.tab"))
    ds:import(DATA .. "hsg/visits")
    assert.equal("NLD", ds:actor("Netherlands").id)
  end)

  it("GDELT: the FIPS codes of every place are ISO countries", function()
    for _, f in ipairs { "gdelt/gdelt1-events-sample.tsv", "gdelt/20250807220000.export.head.CSV" } do
      for _, p in ipairs(imported(f):places { kind = "country" }) do
        assert.truthy(p.id:match("^%u%u%u$"), f .. ": " .. p.id)
      end
    end
  end)
end)

-- ---- 2. people ----

describe("real data: a visitor is one actor however the records spell the name", function()
  local function guests(ds, id)
    local out = {}
    for _, p in ipairs(ds:event("hsg:visit:" .. id).participants) do
      if p.role == "guest" then out[#out + 1] = p.actor end
    end
    return out
  end
  local function posts(a)
    local out = {}
    for _, r in ipairs(a:relations()) do
      if r.type == "position" and r.actor == a then out[r.title] = r end
    end
    return out
  end

  it("titles joined by 'and' or '&' belong to one person", function()
    local ds = imported("hsg/visits")
    for _, id in ipairs { "2376", "2410" } do
      local g = guests(ds, id)
      assert.equal(1, #g)
      assert.equal("KHM/sihanouk", g[1].id)
    end
    local p = posts(ds:actor("KHM/sihanouk"))
    assert.is_not_nil(p.Premier)
    assert.is_not_nil(p.Prince)
  end)

  it("posts the visitor list names: Chief of State, Acting Prime Minister", function()
    local ds = imported("hsg/visits")
    assert.is_not_nil(posts(guests(ds, "129")[1])["Chief of State"])
    assert.equal("Hubert Maga", guests(ds, "129")[1].name)
    assert.is_not_nil(posts(guests(ds, "149")[1])["Chief of State"])
    assert.is_not_nil(posts(guests(ds, "167")[1])["Acting Prime Minister"])
    assert.equal("Sirik Matak", guests(ds, "167")[1].name)
  end)

  it("no name keeps a space at either end, a no-break space included", function()
    local ds = imported("hsg/visits")
    for _, a in ipairs(ds:actors { kind = "person" }) do
      assert.falsy(a.name:match("^[ \t]") or a.name:match("[ \t]$") or a.name:match("\194\160$"), a.id)
    end
    assert.equal("Petr Fiala", ds:actor("CZE/petr-fiala").name)
  end)

  it("a crown prince is not the late king of his name; Abdullah II is one king however written", function()
    local ds = imported("hsg/visits")
    local g = guests(ds, "3150")
    assert.equal(2, #g)
    assert.equal("JOR/abdullah-ii", g[1].id)
    assert.are_not.equal(ds:actor("JOR/hussein"), g[2])
    assert.is_not_nil(posts(g[2])["Crown Prince"])
    assert.equal("1999-01-05", posts(ds:actor("JOR/hussein")).King["end"])
    -- every visit whose visitor is King Abdullah of Jordan, as written, finds one actor
    for _, r in ipairs(hsg_visits()) do
      if r.place_id == "jordan" and r.visitor:match("^King Abdullah") then
        assert.equal("JOR/abdullah-ii", guests(ds, r.id)[1].id, r.visitor)
      end
    end
    assert.equal(ds:actor("JOR/hussein"), ds:actor("Hussein I"))
  end)

  it("transliterations of one person of one country are one actor with the spellings as aliases", function()
    local ds = imported("hsg/visits")
    for surname, country in pairs { Medvedev = "russia", Koch = "armenia", Sar = "armenia" } do
      local actors, spellings = {}, {}
      for _, r in ipairs(hsg_visits()) do
        local name = (r.visitor:gsub("^Prime Minister ", ""):gsub("^President ", "")):match("^(%a[%a%. ]- " .. surname .. "%a*)$")
        if r.place_id == country and name then
          actors[guests(ds, r.id)[1]] = true
          spellings[name] = true
        end
      end
      local list = {}
      for a in pairs(actors) do list[#list + 1] = a end
      assert.equal(1, #list, surname)
      local names = { [list[1].name] = true }
      for _, a in ipairs(list[1].aliases) do names[a] = true end
      local n = 0
      for s in pairs(spellings) do
        n = n + 1
        assert.is_true(names[s], s)
      end
      assert.truthy(n >= 2, surname)
    end
    -- people of one name in one country are told apart by their dates and posts: no merge across the centuries
    assert.equal("MEX/diaz", ds:actor("MEX/diaz").id)
    assert.are_not.equal(ds:actor("MEX/diaz"), ds:actor("MEX/diaz-ordaz"))
  end)
end)

-- ---- 3. coordinates ----

describe("real data: a place's coordinates do not depend on the order of the rows", function()
  local function reversed(path, keep_header)
    local lines = {}
    for line in io.lines(path) do lines[#lines + 1] = line end
    local out = os.tmpname()
    local f = assert(io.open(out, "wb"))
    local first = 1
    if keep_header then
      f:write(lines[1], "\n")
      first = 2
    end
    for i = #lines, first, -1 do f:write(lines[i], "\n") end
    f:close()
    return out
  end

  -- The points ICEWS rows give a place (named as its deepest level, within its country).
  local function raw_points(file, place)
    local out = {}
    if not file:match("icews") then return out end
    for _, r in ipairs(icews()) do
      local deepest = r.City or r.District or r.Province or r.Country
      if deepest == place.name and r.Latitude then
        out[string.format("%.4f,%.4f", tonumber(r.Latitude), tonumber(r.Longitude))] = true
      end
    end
    return out
  end

  for _, f in ipairs { { "gdelt/gdelt1-events-sample.tsv" }, { "gdelt/20250807220000.export.head.CSV" },
                       { "icews/events.2018.sample.tab", true } } do
    it(f[1] .. ": the same places, with coordinates, either way; every event with a place is on the map", function()
      local ds = imported(f[1])
      local path = reversed(DATA .. f[1], f[2])
      local back = assert(diplomacy.import(path))
      os.remove(path)
      local places = ds:places()
      assert.equal(#places, #back:places())
      for _, p in ipairs(places) do
        local q = back:place(p.id)
        assert.equal(p.lat ~= nil, q.lat ~= nil, p.id)
        if p.lat and (p.lat ~= q.lat or p.lon ~= q.lon) then
          -- only where the file itself gives the place two points (ICEWS puts Syria at 33.5102, 36.2913 and once at 32.7667, 36.85)
          local points = raw_points(f[1], p)
          assert.is_true(points[string.format("%.4f,%.4f", p.lat, p.lon)] and
                         points[string.format("%.4f,%.4f", q.lat, q.lon)] and true or false, p.id)
        end
      end
      local with_place = 0
      for _, e in ipairs(ds:events()) do if e.place then with_place = with_place + 1 end end
      local geo = os.tmpname()
      assert.equal(with_place, ds:export(geo, { format = "geojson" }))
      os.remove(geo)
    end)
  end
end)

-- ---- 4. codes ----

describe("real data: codes", function()
  it("every state keeps its CAMEO code; the Office of the Historian's visits have none", function()
    for _, f in ipairs { "hsg/travels", "icews/events.2018.sample.tab", "gdelt/20250807220000.export.head.CSV" } do
      for _, a in ipairs(imported(f):actors { kind = "state" }) do
        if a.id:match("^%u%u%u$") then assert.equal(a.id == "XKX" and "KSV" or a.id, a.codes and a.codes.cameo, a.id) end
      end
    end
    for _, f in ipairs { "hsg/travels", "hsg/visits" } do
      local text = imported(f):encode()
      local events = assert(text:find('"events"', 1, true)) -- the last array: actors (with their codes) come before
      assert.truthy(text:find('"visit"', events, true))
      assert.is_nil(text:find('"cameo"', events, true), f)
    end
    assert.equal("IGOEEC", imported("icews/events.2018.sample.tab"):actor("EU").codes.cameo)
  end)

  it("named bodies are what their names say, with their sectors", function()
    local ds = imported("icews/events.2018.sample.tab")
    local npc = ds:actor("National People's Congress")
    assert.equal("agency", npc.kind)
    assert.equal("CHN", npc:affiliations()[2].id)
    assert.truthy(npc.extra.icews_sectors:find("Legislative", 1, true))
    local bsf = ds:actor("Border Security Force")
    assert.equal("agency", bsf.kind)
    assert.equal("IND", bsf:affiliations()[2].id)
    assert.truthy(bsf.extra.icews_sectors:find("Police", 1, true))
    local aj = ds:actor("Al Jazeera")
    assert.equal("media", aj.kind)
    assert.equal("QAT", aj.country)
    assert.truthy(aj.extra.icews_sectors:find("News", 1, true))
    assert.equal("region", ds:actor("Africa").kind)
  end)
end)

-- ---- 5. exports that import back ----

describe("real data: every export imports back", function()
  local MEETING = { meeting = true, talks = true, negotiation = true, summit = true, visit = true, call = true,
                    conference = true }
  -- What GDELT can hold of an event: day, type, code, the sides (a state as itself, anything else by kind and country), the place's point.
  local function point(e)
    local q = e.place
    while q and not q.lat do q = q.within end
    return q and string.format("%.4f,%.4f", q.lat, q.lon) or (e.place and "?" or "")
  end
  local function gdelt_sig(e, with_cameo)
    local sides, seen = {}, {}
    for _, p in ipairs(e.participants) do
      local s = p.side
      local k = s.kind == "state" and s.id or (tostring(s.kind) .. ":" .. tostring(s.country))
      if not seen[k] then
        seen[k] = true
        sides[#sides + 1] = k
      end
    end
    table.sort(sides)
    return table.concat({ e.start, e.type, with_cameo and e.cameo or "", table.concat(sides, "+"), point(e) }, "|")
  end
  local function csv_sig(e)
    local parts = {}
    for _, p in ipairs(e.participants) do parts[#parts + 1] = p.actor.id .. "/" .. (p.role or "") .. "/" .. p.side.id end
    return table.concat({ e.id, e.type, e.cameo or "", e.start, e["end"] or "", e.status, e.title or "",
                          e.place and e.place.id or "", table.concat(parts, ";") }, "|")
  end
  local function two_sided(e)
    local seen, n = {}, 0
    for _, p in ipairs(e.participants) do
      if not seen[p.side.id] then seen[p.side.id], n = true, n + 1 end
    end
    return MEETING[e.type] and n >= 2
  end
  local function multiset(ds, sig, keep)
    local out = {}
    for _, e in ipairs(ds:events()) do
      if not keep or keep(e) then
        local k = sig(e)
        out[k] = (out[k] or 0) + 1
      end
    end
    return out
  end

  for _, f in ipairs { "gdelt/gdelt1-events-sample.tsv", "gdelt/20250807220000.export.head.CSV",
                       "icews/events.2018.sample.tab", "hsg/travels", "hsg/visits" } do
    it(f .. ": CSV back into the same events, participants, sides and places", function()
      local ds = imported(f)
      local path = os.tmpname()
      assert.truthy(ds:export(path, { format = "csv" }) >= ds:counts().events)
      local back, skipped = assert(diplomacy.import(path, { format = "csv" }))
      os.remove(path)
      assert.same({}, skipped)
      assert.same(multiset(ds, csv_sig), multiset(back, csv_sig))
      for _, e in ipairs(ds:events()) do
        local b = back:event(e.id)
        if e.place and e.place.lat then assert.near(e.place.lat, b.place.lat, 1e-9) end
      end
    end)

    it(f .. ": GDELT back into the same events, sides and places", function()
      local ds = imported(f)
      local path = os.tmpname()
      local rows = ds:export(path, { format = "gdelt" })
      for line in io.lines(path) do
        local n = select(2, line:gsub("\t", "")) + 1
        assert.equal(61, n)
      end
      local back, skipped = assert(diplomacy.import(path, { format = "gdelt" }))
      os.remove(path)
      assert.same({}, skipped)
      assert.truthy(rows >= back:counts().events)
      assert.equal(ds:counts().events, back:counts().events)
      local hsg = f:match("^hsg") ~= nil
      -- event by event: the rows are written in the dataset's order (the order the CSV export shows), and
      -- each event comes back as the one numbered by its first row
      local order, seen = {}, {}
      local csv = os.tmpname()
      ds:export(csv, { format = "csv" })
      for line in io.lines(csv) do
        local id = line:match("^([^,]*),")
        if id ~= "event_id" and not seen[id] then
          seen[id] = true
          order[#order + 1] = ds:event(id)
        end
      end
      os.remove(csv)
      local returned = {}
      for _, e in ipairs(back:events()) do returned[tonumber(e.id:match("%d+"))] = e end
      do
        local numbers = {}
        for k in pairs(returned) do numbers[#numbers + 1] = k end
        table.sort(numbers)
        for i, k in ipairs(numbers) do numbers[i] = returned[k] end
        returned = numbers
      end
      assert.equal(#order, #returned)
      -- what GDELT cannot write: a side that is no ISO state (Hawaii, a group of no country); the Office's codes are not CAMEO's
      local function representable(e)
        for _, p in ipairs(e.participants) do
          if p.side.kind ~= "state" or not p.side.id:match("^%u%u%u$") then return false end
        end
        return true
      end
      local compared = 0
      local from_gdelt = f:match("^gdelt") ~= nil -- came from GDELT codes: all of it goes back
      -- the Office's thousands of visits are alike: every third of them is compared, to keep the suite fast
      local stride = hsg and 3 or 1
      for i, e in ipairs(order) do
        if i % stride == 0 and (from_gdelt or representable(e)) then
          compared = compared + 1
          assert.equal(gdelt_sig(e, not hsg), gdelt_sig(returned[i], not hsg), e.id)
        end
      end
      assert.truthy(compared > 0)
      if from_gdelt then assert.equal(#order, compared) end
      if f:match("^icews") then
        local a, b = 0, 0
        for _, e in ipairs(ds:events()) do if two_sided(e) then a = a + 1 end end
        for _, e in ipairs(back:events()) do if two_sided(e) then b = b + 1 end end
        assert.equal(484, a)
        assert.truthy(b >= 480, "two-sided meetings back: " .. b)
      end
    end)

    it(f .. ": GeoJSON holds every located event with its point, participants and sides", function()
      local ds = imported(f)
      local path = os.tmpname()
      local n = ds:export(path, { format = "geojson" })
      local doc = json.decode(read_file(path))
      os.remove(path)
      assert.equal(n, #doc.features)
      local located = 0
      for _, e in ipairs(ds:events()) do if point(e) ~= "" and point(e) ~= "?" then located = located + 1 end end
      assert.equal(located, n)
      for k, ft in ipairs(doc.features) do
        local e = ds:event(ft.properties.id)
        assert.equal(e.start, ft.properties.start)
        assert.equal(e.type, ft.properties.type)
        if k % 5 == 1 then -- the point, participants and sides (rule 3) of every fifth, to keep the suite fast
          assert.equal(point(e), string.format("%.4f,%.4f", ft.geometry.coordinates[2], ft.geometry.coordinates[1]))
          assert.equal(#e.participants, #ft.properties.participants)
          for i, p in ipairs(e.participants) do
            assert.equal(p.actor.id, ft.properties.participants[i].actor)
            assert.equal(p.side.id, ft.properties.participants[i].side or p.actor.id)
          end
        end
      end
    end)
  end

  it("a GDELT row whose only actor was Actor2 stays Actor2; targets on the source's side stay", function()
    local ds = imported("gdelt/20250807220000.export.head.CSV")
    local path = os.tmpname()
    ds:export(path, { format = "gdelt" })
    local back = assert(diplomacy.import(path, { format = "gdelt" }))
    os.remove(path)
    local function roles(d)
      local out = {}
      for _, e in ipairs(d:events()) do
        local r = {}
        for _, p in ipairs(e.participants) do r[#r + 1] = p.actor.id .. "=" .. p.role end
        local k = e.start .. "|" .. e.cameo .. "|" .. table.concat(r, ",")
        out[k] = (out[k] or 0) + 1
      end
      return out
    end
    assert.same(roles(ds), roles(back))
    local e = ds:event("gdelt:1256322774")
    assert.equal("USALEG", e.participants[2].actor.id)
  end)
end)

-- ---- 6. ids through JSON ----

describe("real data: every id the dataset answers to survives JSON", function()
  for _, c in ipairs { { "gdelt/20250807220000.export.head.CSV", "gdelt:1256322782", "gdelt:1256322779" },
                       { "hsg/travels", "hsg:trip:4019", "hsg:trip:3992" } } do
    it(c[1] .. ": " .. c[2] .. " after save and load, and importing again adds nothing", function()
      local ds = imported(c[1])
      assert.equal(c[3], ds:event(c[2]).id)
      local path = os.tmpname()
      assert(ds:save(path))
      local back = assert(diplomacy.load(path))
      os.remove(path)
      assert.equal(c[3], back:event(c[2]).id)
      local found = false
      for _, id in ipairs(back:event(c[3]).extra.merged_ids) do found = found or id == c[2] end
      assert.is_true(found)
      local snap = os.tmpname()
      assert(ds:save(snap, { format = "snapshot" }))
      assert.equal(c[3], assert(diplomacy.load(snap)):event(c[2]).id)
      os.remove(snap)
      local before = back:counts().events
      local added, skipped = back:import(DATA .. c[1])
      assert.equal(0, added)
      assert.equal(before, back:counts().events)
      assert.truthy(#skipped > 0)
    end)
  end
end)

-- ---- answers checked by hand and by the raw files ----

describe("real data: answers", function()
  it("Blinken's five most visited countries, 2021 to 2025", function()
    local ds = imported("hsg/travels")
    -- the raw trips, exact duplicates once
    local counts, seen = {}, {}
    for _, r in ipairs(hsg_trips()) do
      local key = table.concat({ r.who, r["start-date"], r["end-date"] or "", r.place_id, r.locale or "", r.remarks or "" }, "|")
      if r.who == "blinken-antony-j" and r["start-date"] >= "2021" and r["start-date"] < "2026" and not seen[key] then
        seen[key] = true
        counts[r.country] = (counts[r.country] or 0) + 1
      end
    end
    local top = ds:partners("Antony Blinken", { kind = "state", from = "2021", to = "2025" })
    local want = { { "Israel", 15 }, { "Belgium", 12 }, { "Egypt", 10 }, { "Germany", 10 }, { "United Kingdom", 9 } }
    local got = {}
    for i = 1, 5 do got[i] = { top[i].actor.name, top[i].count } end
    table.sort(got, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    assert.same(want, got)
    for _, w in ipairs(want) do assert.equal(w[2], counts[w[1]], w[1]) end
  end)

  it("US-China meetings a year, 2015 to 2024, in trips and visits", function()
    local ds = assert(diplomacy.import(DATA .. "hsg/travels"))
    ds:import(DATA .. "hsg/visits")
    local series = ds:series("United States", "China", { by = "year", from = "2015", to = "2024" })
    local got = {}
    for i, s in ipairs(series) do got[i] = s.count end
    assert.same({ 2, 6, 5, 2, 3, 0, 0, 0, 3, 1 }, got)
    -- the raw records: trips to China and visits from China, exact duplicates once
    local raw, seen = {}, {}
    for _, r in ipairs(hsg_trips()) do
      local key = table.concat({ r.who, r["start-date"], r["end-date"] or "", r.place_id, r.locale or "", r.remarks or "" }, "|")
      if r.place_id == "china" and not seen[key] then
        seen[key] = true
        local y = tonumber(r["start-date"]:sub(1, 4))
        raw[y] = (raw[y] or 0) + 1
      end
    end
    for _, r in ipairs(hsg_visits()) do
      if r.place_id == "china" then
        local y = tonumber(r["start-date"]:sub(1, 4))
        raw[y] = (raw[y] or 0) + 1
      end
    end
    for i, y in ipairs { 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024 } do
      assert.equal(raw[y] or 0, got[i], tostring(y))
    end
  end)
end)
