-- import_spec.lua: GDELT, ICEWS and Office of the Historian files in, CSV, GDELT and GeoJSON out
local diplomacy = require "diplomacy"
local json = require "dkjson"

-- The shared data sits beside the repository (CI lays a copy there too); the
-- tests that need all of it are skipped in a clone without it. Rows that tests
-- look at one by one come from samples of the same files kept in the repository.
local DATA = "../shared/data/"
local SAMPLE = "spec/fixtures/shared/"
local FIX = "spec/fixtures/import/"

local HAVE_DATA = (function()
  local f = io.open(DATA .. "README.md", "rb")
  if f then f:close() end
  return f ~= nil
end)()

-- True (and the test marked pending) when the shared data is absent.
local function without_data()
  if HAVE_DATA then return false end
  pending("skipped: ../shared/data not present")
  return true
end

local function sh(cmd)
  local p = assert(io.popen(cmd))
  local out = p:read("a")
  p:close()
  return out
end

-- The number an awk program prints for file(s).
local function awk(program, files)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(program)
  f:close()
  -- awk runs without the sanitizers the specs may be run under (LD_PRELOAD)
  local out = sh("env -u LD_PRELOAD LC_ALL=C awk -f '" .. path .. "' " .. files)
  os.remove(path)
  return assert(tonumber(out:match("%d+")), "awk printed " .. out)
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

local function error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(err)
end

-- The events an import must give, counted apart from the importer: every
-- row, less one for each row that pairs with an earlier unpaired row of its
-- mirrored dyad (the rule the README states). GDELT 1.0 (57, 58 fields) and 2.0 (61).
local GDELT_EVENTS = [[
BEGIN { FS = "\t" }
NF != 57 && NF != 58 && NF != 61 { next }
{
  rows++
  code = $27; a1 = $6; a2 = $16
  if (NF == 61) { t = $52; full = $53; cc = $54; adm = $55; fid = $59; src = $61 }
  else { t = $50; full = $51; cc = $52; adm = $53; fid = $56; src = (NF == 58 ? $58 : $57) }
  if (substr(code, 1, 2) != "04" || a1 == "" || a2 == "" || a1 == a2) next
  if (t == 1) place = "c" cc
  else if (t == 2 || t == 5) place = (length(adm) > 2 ? "a" adm : "c" cc)
  else if (t == 3 || t == 4) place = "f" ((fid == "" || fid == "0") ? full : fid)
  else place = "-"
  mirror = code
  if (code == "042") mirror = "043"
  if (code == "043") mirror = "042"
  key = $2 "|" a1 "|" a2 "|" code "|" place "|" src
  other = $2 "|" a2 "|" a1 "|" mirror "|" place "|" src
  if (waiting[other] > 0) { waiting[other]--; merged++ } else waiting[key]++
}
END { print rows - merged }
]]

-- ICEWS: the same, the source document being the story and its sentence.
local ICEWS_EVENTS = [[
BEGIN { FS = "\t" }
NR == 1 { next }
{
  rows++
  code = $7; a1 = ($3 == "NA" ? "" : $3); a2 = ($9 == "NA" ? "" : $9)
  if (substr(code, 1, 2) != "04" || a1 == "" || a2 == "" || a1 == a2 || $12 == "NA") next
  mirror = code
  if (code == "042") mirror = "043"
  if (code == "043") mirror = "042"
  place = $18 "|" $17 "|" $16 "|" $15
  key = $2 "|" a1 "|" a2 "|" code "|" place "|" $12 "|" $13
  other = $2 "|" a2 "|" a1 "|" mirror "|" place "|" $12 "|" $13
  if (waiting[other] > 0) { waiting[other]--; merged++ } else waiting[key]++
}
END { print rows - merged }
]]

-- Office of the Historian: records less exact duplicates (the same content under another id).
local function hsg_events(element, fields)
  return [[
function squeeze(s) { gsub(/[ \t\r\n]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
function value(rec, name,    v) {
  if (match(rec, "<" name "[^>]*/>")) return ""
  if (!match(rec, "<" name "[^>]*>[^<]*</" name ">")) return ""
  v = substr(rec, RSTART, RLENGTH); sub(/^<[^>]*>/, "", v); sub(/<[^<]*$/, "", v)
  return squeeze(v)
}
function attr(rec, name, a,    v) {
  if (!match(rec, "<" name " [^>]*" a "=\"[^\"]*\"")) return ""
  v = substr(rec, RSTART, RLENGTH); sub(/.*="/, "", v); sub(/"$/, "", v); return v
}
/<]] .. element .. [[[ >]/ { rec = ""; open = 1 }
open { rec = rec " " $0 }
/<\/]] .. element .. [[>/ {
  open = 0; records++
  start = value(rec, "start-date"); end = value(rec, "end-date"); if (end == start) end = ""
  ]] .. fields .. [[

  if (seen[key]++) dups++
}
END { print records - dups }
]]
end

local TRIPS = hsg_events("trip", [[
  locale = value(rec, "locale"); sub(/,.*/, "", locale); locale = squeeze(locale)
  key = attr(rec, "trip", "who") "|" start "|" end "|" attr(rec, "country", "id") "|" locale "|" value(rec, "remarks")]])
local VISITS = hsg_events("visit", [[
  key = value(rec, "visitor") "|" attr(rec, "from", "id") "|" start "|" end "|" value(rec, "description")]])

describe("importing the shared data", function()
  local files = {
    { "gdelt/20250807220000.export.head.CSV", GDELT_EVENTS, 199 },
    { "gdelt/gdelt1-events-sample.tsv", GDELT_EVENTS, 710 },
    { "icews/events.2018.sample.tab", ICEWS_EVENTS, 3705 },
  }
  for _, f in ipairs(files) do
    it(f[1] .. ": every row becomes an event or merges into its dyad's", function()
      if without_data() then return end
      local path = DATA .. f[1]
      local ds, skipped = assert(diplomacy.import(path))
      assert.same({}, skipped)
      assert.equal(awk(f[2], path), ds:counts().events)
      -- without merging, one event a row
      local apart, skipped2 = diplomacy.import(path, { merge_dyads = false })
      assert.equal(0, #skipped2)
      assert.equal(f[3], apart:counts().events)
      assert.equal(f[3], awk("END { print NR - (FILENAME ~ /icews/ ? 1 : 0) }", path))
    end)
  end

  it("hsg/travels (a folder of folders): every trip, exact duplicates once", function()
    if without_data() then return end
    local ds, skipped = assert(diplomacy.import(DATA .. "hsg/travels"))
    assert.same({}, skipped)
    local trips = DATA .. "hsg/travels/president-travels/*.xml " .. DATA .. "hsg/travels/secretary-travels/*.xml"
    assert.equal(4271, awk("/<trip / { n++ } END { print n }", trips))
    assert.equal(awk(TRIPS, trips), ds:counts().events)
    -- trips 3992 and 4019 are one
    local e = ds:event("hsg:trip:3992")
    assert.equal(e, ds:event("hsg:trip:4019"))
    assert.same({ "4019" }, e.extra.duplicate_ids)
  end)

  it("hsg/visits: every visit, exact duplicates once", function()
    if without_data() then return end
    local ds, skipped = assert(diplomacy.import(DATA .. "hsg/visits", { format = "hsg-visits" }))
    assert.same({}, skipped)
    local visits = DATA .. "hsg/visits/*.xml"
    assert.equal(3264, awk("/<visit>/ { n++ } END { print n }", visits))
    assert.equal(awk(VISITS, visits), ds:counts().events)
  end)

  it("tells the format from the content", function()
    if without_data() then return end
    for f, id in pairs {
      ["gdelt/20250807220000.export.head.CSV"] = "gdelt:1256322770",
      ["gdelt/gdelt1-events-sample.tsv"] = "gdelt:564111644",
      ["icews/events.2018.sample.tab"] = "icews:32889836:2018-06-01",
      ["hsg/travels/secretary-travels/blinken-antony-j.xml"] = "hsg:trip:4048",
      ["hsg/visits/2020.xml"] = "hsg:visit:3251",
    } do
      local ds = assert(diplomacy.import(DATA .. f))
      assert.is_not_nil(ds:event(id), f)
    end
  end)
end)

describe("GDELT rows", function()
  local ds
  setup(function() ds = assert(diplomacy.import(SAMPLE .. "gdelt/20250807220000.export.head.CSV")) end)

  it("a real row end to end: the UAE and the US consult at Washington, one event for both rows", function()
    local e = ds:event("gdelt:1256322778")
    assert.equal("meeting", e.type)
    assert.equal("040", e.cameo)
    assert.equal("Consult, not specified below", e.title)
    assert.equal("2025-07-31", e.start)
    assert.equal("Washington", e.place.name)
    assert.equal("District of Columbia", e.place.within.name)
    assert.equal("United States", e.place.within.within.name)
    assert.equal("USA", e.place.within.within.id)
    assert.near(38.8951, e.place.lat, 1e-9)
    assert.near(-77.0364, e.place.lon, 1e-9)
    assert.equal(2, #e.participants)
    assert.equal("ARE", e.participants[1].actor.id)
    assert.equal("United Arab Emirates", e.participants[1].actor.name)
    assert.equal("USA", e.participants[2].actor.id)
    assert.equal("party", e.participants[1].role)
    -- the rest of the row, and of the mirrored row
    local g = e.extra.gdelt
    assert.equal(1, g.GoldsteinScale)
    assert.equal(1, g.QuadClass)
    assert.equal(1, g.NumMentions)
    assert.near(-1.53714773697694, g.AvgTone, 1e-12)
    assert.equal("20250807220000", g.DATEADDED)
    assert.is_table(g.mirror)
    assert.equal("2025-08-07T22:00:00Z", e.sources[1].published)
    assert.truthy(e.sources[1].url:find("trump-says-he-would-meet-with-putin", 1, true))
    -- its mirrored rows (1256322782 and 1256322783) are in the events of 778 and 779, and their ids find them
    assert.equal("gdelt:1256322779", ds:event("gdelt:1256322782").id)
    assert.equal(e, ds:event("gdelt:1256322783"))
    assert.equal(2, #ds:meetings("United Arab Emirates", "United States"))
  end)

  it("keeps event codes as strings, with their leading zeros", function()
    local e = ds:event("gdelt:1256322772")
    assert.equal("010", e.cameo)
    assert.equal("statement", e.type)
    assert.equal("source", e.participants[1].role)
    assert.equal(ds:event("gdelt:1256322770").cameo, "080")
    assert.equal("yield", ds:event("gdelt:1256322770").type)
  end)

  it("translates FIPS 10-4 country codes to ISO 3166", function()
    local mecca = ds:event("gdelt:1256322770").place
    assert.equal("Mecca", mecca.name)
    assert.equal("SAU", mecca.country)
    assert.equal("Saudi Arabia", mecca.within.within.name)
    assert.equal("country", ds:place("UKR") and ds:place("UKR").kind or "country")
  end)

  it("GDELT 1.0 rows of 57 and 58 fields", function()
    local old = assert(diplomacy.import(SAMPLE .. "gdelt/gdelt1-events-sample.tsv"))
    local e = old:event("gdelt:1552839") -- 57 fields: no SOURCEURL
    assert.equal("1312", e.cameo)
    assert.equal("threaten", e.type)
    assert.equal("1982-01-02", e.start)
    assert.equal("CAN", e.participants[1].actor.id)
    assert.equal("POL", e.participants[2].actor.id)
    assert.equal(0, #e.sources)
    local f = old:event("gdelt:564111644") -- 58 fields
    assert.equal("http://wtop.com/lifestyle/2016/07/deepest-darkest-secrets-now-display-national-postal-museum/",
      f.sources[1].url)
    assert.equal("National Postal Museum", f.place.name)
  end)

  it("composite actor codes: governments are part of their state, IGO codes their organization", function()
    local g = assert(diplomacy.import(FIX .. "gdelt2-governments.CSV"))
    local rus = g:actor("RUSGOV")
    assert.equal("agency", rus.kind)
    assert.equal("Government (Russia)", rus.name)
    assert.equal("RUSGOV", rus.codes.cameo)
    assert.same({ "RUSGOV", "RUS" }, (function()
      local out = {}
      for i, a in ipairs(rus:affiliations()) do out[i] = a.id end
      return out
    end)())
    -- the two rows of the visit are one event, found as a meeting of the states
    local m = g:meetings("Russia", "United States")
    assert.equal(1, #m)
    assert.equal("gdelt:900000001", m[1].id)
    assert.equal("visit", m[1].type)
    assert.equal("guest", m[1].participants[1].role)
    assert.equal("host", m[1].participants[2].role)
    assert.equal("RUS", m[1].participants[1].side.id)
    -- the media are not the state
    assert.equal("media", g:actor("USAMED").kind)
    assert.equal(0, #g:meetings("Russian Federation" == nil and "x" or "Military (Russia)", "United States"))
    -- IGOWSTNAT is NATO
    local nato = g:actor("NATO")
    assert.equal("North Atlantic Treaty Organization", nato.name)
    assert.equal("organization", nato.kind)
    assert.equal(1, #g:meetings("NATO", "Russia", { type = "negotiation" }))
  end)

  it("merge_dyads = false keeps both rows", function()
    local g = assert(diplomacy.import(FIX .. "gdelt2-governments.CSV", { merge_dyads = false }))
    assert.equal(4, g:counts().events)
    assert.equal(2, #g:meetings("Russia", "United States"))
  end)

  it("imports into an existing dataset, joining its actors and places by id", function()
    local s = diplomacy.sample()
    local before = s:counts()
    local n, skipped = s:import(FIX .. "gdelt2-governments.CSV")
    assert.equal(3, n)
    assert.same({}, skipped)
    assert.equal(before.events + 3, s:counts().events)
    -- the sample's Russia and United States, not new ones
    assert.equal("RUS", s:actor("RUSGOV"):relations()[1].target.id)
    assert.equal(1, #s:meetings("Russia", "United States", { from = "2025-07-31", to = "2025-07-31" }))
    -- importing again adds nothing: the ids are taken
    local again, skipped2 = s:import(FIX .. "gdelt2-governments.CSV")
    assert.equal(0, again)
    assert.equal(4, #skipped2)
    assert.truthy(skipped2[1].reason:find("duplicate event id 'gdelt:900000001'", 1, true))
  end)
end)

describe("ICEWS rows", function()
  local ds
  setup(function() ds = assert(diplomacy.import(SAMPLE .. "icews/events.2018.sample.tab", { format = "icews" })) end)

  it("a real consult between two named people, with their countries as sides", function()
    local m = ds:meetings("Mike Pompeo", "Kim Yong-chol")
    assert.equal(9, #m) -- nine stories that day, each coded both ways
    assert.equal(9, awk([[BEGIN { FS = "\t" } $3 == "Mike Pompeo" && $9 == "Kim Yong-chol" && $7 ~ /^04/ { n++ }
      END { print n }]], SAMPLE .. "icews/events.2018.sample.tab"))
    local e = ds:event("icews:32890036:2018-06-01")
    local found = false
    for _, x in ipairs(m) do found = found or x == e end
    assert.is_true(found)
    assert.equal("meeting", e.type)
    assert.equal("040", e.cameo)
    assert.equal("Consult", e.title)
    assert.equal("2018-06-01", e.start)
    assert.equal("person", e.participants[1].actor.kind)
    assert.equal("Kim Yong-chol", e.participants[1].actor.name)
    assert.equal("PRK", e.participants[1].side.id)
    assert.equal("USA", e.participants[2].side.id)
    assert.equal("New York City", e.place.name)
    assert.equal("state of New York", e.place.within.name)
    assert.equal("United States", e.place.within.within.name)
    assert.equal("Associated Press Newswires", e.sources[1].publisher)
    assert.equal("47400698", e.extra.icews["Story ID"])
    assert.equal(4, e.extra.icews["Sentence Number"])
    assert.equal(1, e.extra.icews.Intensity)
    assert.equal("32890037", e.extra.icews.mirror["Event ID"])
    assert.equal(e, ds:event("icews:32890037:2018-06-01"))
    assert.truthy(#ds:meetings("United States", "North Korea") >= 2)
  end)

  it("sectors of a country become its ministry, part of the state", function()
    local mfa = ds:actor("Foreign Affairs (Bangladesh)")
    assert.equal("agency", mfa.kind)
    assert.equal("BGD", mfa.country)
    assert.equal("Bangladesh", mfa:relations()[1].target.name)
    assert.equal("part_of", mfa:relations()[1].type)
    local e = ds:event("icews:32889836:2018-06-01")
    assert.equal(1, #ds:meetings("Bangladesh", "Vietnam", { from = "2018-06-01", to = "2018-06-01" }))
    assert.equal("BGD", e.participants[1].side.id)
    assert.equal("EU", ds:actor("European Union").id)
  end)
end)

describe("Office of the Historian records", function()
  local ds
  setup(function()
    if not HAVE_DATA then return end
    ds = assert(diplomacy.import(DATA .. "hsg/travels"))
    assert(ds:import(DATA .. "hsg/visits"))
  end)

  it("Blinken's trip to Geneva of 21 January 2022", function()
    if without_data() then return end
    local e = ds:event("hsg:trip:4048")
    assert.equal("visit", e.type)
    assert.equal("2022-01-21", e.start)
    assert.is_nil(e["end"])
    assert.equal("Met with Russian Foreign Minister Sergey Lavrov.", e.title)
    assert.equal("Geneva", e.place.name)
    assert.equal("Switzerland", e.place.within.name)
    assert.equal("Antony John Blinken", e.participants[1].actor.name)
    assert.equal("guest", e.participants[1].role)
    assert.equal("USA", e.participants[1].side.id)
    assert.equal("CHE", e.participants[2].actor.id)
    assert.equal("host", e.participants[2].role)
    local m = ds:meetings("Antony Blinken", "Switzerland", { from = "2022-01-21", to = "2022-01-21" })
    assert.equal(1, #m)
    assert.equal(e, m[1])
    -- the post for the trips' dates
    local post = ds:actor("Antony Blinken"):relations()[1]
    assert.equal("position", post.type)
    assert.equal("Secretary of State", post.title)
    assert.equal("USA-DOS", post.target.id)
    assert.equal("2021-03-15", post.start)
  end)

  it("Blinken's partners among states, and the venues of the United States", function()
    if without_data() then return end
    local p = ds:partners("Antony Blinken", { kind = "state" })
    assert.equal("Israel", p[1].actor.name)
    assert.equal(15, p[1].count)
    for _, row in ipairs(p) do
      assert.equal("state", row.actor.kind)
      assert.are_not.equal("USA", row.actor.id)
    end
    local v = ds:venues("United States")
    assert.equal("United States", v[1].place.name) -- the visits to the United States
    assert.equal(3264, v[1].count)
    assert.equal("Paris", v[2].place.name)
    assert.equal("London", v[3].place.name)
  end)

  it("visitors: title and name taken apart, side their country", function()
    local v = assert(diplomacy.import(FIX .. "hsg-visits-sample.xml"))
    local kyr = v:actor("Kyriakos Mitsotakis")
    assert.equal("person", kyr.kind)
    assert.equal("GRC", kyr.country)
    local post = kyr:relations()[1]
    assert.equal("Prime Minister", post.title)
    assert.equal("Greece", post.target.name)
    assert.equal(3, #v:meetings("Kyriakos Mitsotakis", "United States"))
    -- "President Andrzej Duda and Prime Minister Donald Tusk": two guests of one side
    local e = v:event("hsg:visit:3246")
    assert.equal(3, #e.participants)
    assert.equal("Andrzej Duda", e.participants[1].actor.name)
    assert.equal("Donald Tusk", e.participants[2].actor.name)
    assert.equal("POL", e.participants[2].side.id)
    assert.equal("President", v:actor("Andrzej Duda"):relations()[1].title)
    assert.equal("USA", e.participants[3].actor.id)
  end)
end)

describe("malformed input", function()
  it("GDELT: each bad row reported with its line, the good ones kept", function()
    local ds, skipped = assert(diplomacy.import(FIX .. "gdelt2-malformed.CSV"))
    assert.equal(4, ds:counts().events)
    local lines = {}
    for i, s in ipairs(skipped) do lines[i] = s.line end
    assert.same({ 4, 5, 6, 7, 8, 10 }, lines)
    assert.equal("expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated fields, got 30", skipped[1].reason)
    assert.truthy(skipped[2].reason:find("SQLDATE: '20251345' is not a date", 1, true))
    assert.equal("EventCode: '0x1' is not a CAMEO event code", skipped[3].reason)
    assert.equal("GoldsteinScale: 'high' is not a number", skipped[4].reason)
    assert.equal("duplicate event id 'gdelt:1256322770'", skipped[5].reason)
    assert.truthy(skipped[6].reason:find("got 50", 1, true)) -- the truncated last line
    assert.equal("line 4: expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated fields, got 30",
      tostring(skipped[1]))
    for _, id in ipairs { "1256322770", "1256322771", "1256322772", "1256322779" } do
      assert.is_not_nil(ds:event("gdelt:" .. id), id)
    end
  end)

  it("ICEWS: wrong field counts, bad dates and codes, a truncated file", function()
    local ds, skipped = assert(diplomacy.import(FIX .. "icews-malformed.tab"))
    assert.equal(2, ds:counts().events) -- one consult (two rows) and one other
    local lines = {}
    for i, s in ipairs(skipped) do lines[i] = s.line end
    assert.same({ 5, 6, 7, 8 }, lines)
    assert.equal("expected 20 tab-separated fields, got 12", skipped[1].reason)
    assert.equal("Event Date: '2018-13-01' is not a date (expected YYYY-MM-DD)", skipped[2].reason)
    assert.equal("CAMEO Code: 'xyz' is not a CAMEO event code", skipped[3].reason)
  end)

  it("XML: a bad date and broken XML are reported, the trips before kept, duplicates once", function()
    local ds, skipped = assert(diplomacy.import(FIX .. "hsg-trips-broken.xml"))
    assert.equal(2, ds:counts().events) -- 3992 (and its duplicate 4019), 4048
    assert.equal(2, #skipped)
    assert.equal(47, skipped[1].line)
    assert.equal("start-date: '2022-02-30' is not a date", skipped[1].reason)
    assert.equal(63, skipped[2].line)
    assert.truthy(skipped[2].reason:find("^broken XML"))
  end)

  it("a file of no known kind, a missing file, and bad options", function()
    local ds, err = diplomacy.import("README.md")
    assert.is_nil(ds)
    assert.truthy(err:find("cannot tell the format", 1, true))
    ds, err = diplomacy.import("no/such/file.CSV", { format = "gdelt" })
    assert.is_nil(ds)
    assert.truthy(err:find("No such file", 1, true))
    assert.truthy(error_of(diplomacy.import, FIX .. "gdelt2-malformed.CSV", { formt = "gdelt" })
      :find("unknown option 'formt'", 1, true))
    assert.truthy(error_of(diplomacy.import, FIX .. "gdelt2-malformed.CSV", { format = "geojson" })
      :find("option 'format' must be gdelt, icews, hsg-travels, hsg-visits or csv, got 'geojson'", 1, true))
    assert.truthy(error_of(diplomacy.import, 42):find("path expected, got number", 1, true))
    ds, err = diplomacy.import(FIX .. "hsg-visits-sample.xml", { format = "hsg-travels" })
    assert.is_nil(ds)
    assert.equal(FIX .. "hsg-visits-sample.xml: not a file of trips (<trips>) (its root element is <visits>)", err)
    -- the wrong format: every row is reported, nothing added
    local n, skipped = diplomacy.new():import(FIX .. "icews-malformed.tab", { format = "gdelt" })
    assert.equal(0, n)
    assert.equal(8, #skipped)
  end)

  it("a failed import leaves the dataset as it was", function()
    local ds = diplomacy.sample()
    local before = ds:encode()
    local n, err = ds:import(FIX .. "README.md", { format = "icews" })
    assert.is_nil(n)
    assert.truthy(err:find("not an ICEWS file", 1, true))
    assert.equal(before, ds:encode())
  end)
end)

describe("saving imported data", function()
  it("keeps the rest of each row through save and load", function()
    local ds = assert(diplomacy.import(FIX .. "gdelt2-governments.CSV"))
    local path = os.tmpname()
    assert(ds:save(path))
    local back = assert(diplomacy.load(path))
    os.remove(path)
    local e = back:event("gdelt:900000001")
    assert.equal(1, e.extra.gdelt.GoldsteinScale)
    assert.equal(1, e.extra.gdelt.mirror.NumArticles)
    assert.equal("2025-08-07T22:00:00Z", e.sources[1].published)
    assert.equal("042", e.cameo)
    assert.equal("RUSGOV", back:actor("RUSGOV").codes.cameo)
  end)
end)

describe("export", function()
  local ds
  setup(function()
    ds = assert(diplomacy.import(FIX .. "gdelt2-governments.CSV"))
    ds:add_event { id = "quoted", type = "meeting", start = "2025-08-01", title = 'Talks on "peace", at last',
      place = "gdelt:531871", participants = { { actor = "RUS" }, { actor = "NATO", role = "party" } } }
  end)

  it("CSV: one row per event and participant, with side and role, quoted as RFC 4180 says", function()
    local path = os.tmpname()
    assert.equal(8, ds:export(path, { format = "csv" })) -- 4 events of 2 participants each
    local text = read_file(path)
    os.remove(path)
    local lines = {}
    for line in text:gmatch("([^\r\n]*)\r\n") do lines[#lines + 1] = line end
    assert.equal(9, #lines)
    assert.equal("event_id,type,cameo,start,end,status,title,place_id,place_name,lat,lon,country,"
      .. "actor_id,actor_name,actor_kind,role,side_id,side_name", lines[1])
    assert.equal('gdelt:900000001,visit,042,2025-07-31,,held,Make a visit,gdelt:531871,Washington,38.8951,-77.0364,USA,'
      .. 'RUSGOV,Government (Russia),agency,guest,RUS,Russia', lines[2])
    assert.equal('quoted,meeting,,2025-08-01,,held,"Talks on ""peace"", at last",gdelt:531871,Washington,38.8951,'
      .. '-77.0364,USA,RUS,Russia,state,,RUS,Russia', lines[8])
  end)

  it("writes just the header when the query options match no event", function()
    local path = os.tmpname()
    assert.equal(0, ds:export(path, { format = "csv", from = "1900", to = "1900" }))
    local text = read_file(path)
    os.remove(path)
    assert.equal("event_id,type,cameo,start,end,status,title,place_id,place_name,lat,lon,country,"
      .. "actor_id,actor_name,actor_kind,role,side_id,side_name\r\n", text)
  end)

  it("GeoJSON: points at [lon, lat]", function()
    local path = os.tmpname()
    assert.equal(4, ds:export(path, { format = "geojson" }))
    local doc = assert(json.decode(read_file(path)))
    os.remove(path)
    assert.equal("FeatureCollection", doc.type)
    local f = doc.features[1]
    assert.equal("Point", f.geometry.type)
    assert.same({ -77.0364, 38.8951 }, f.geometry.coordinates)
    assert.equal("gdelt:900000001", f.properties.id)
    assert.equal("RUS", f.properties.participants[1].side)
  end)

  it("GDELT: dyadic rows of 61 fields that import again into the same meetings", function()
    local path = os.tmpname()
    local rows = ds:export(path, { format = "gdelt", type = { "visit", "negotiation" } })
    assert.equal(4, rows) -- each meeting both ways
    for line in read_file(path):gmatch("[^\n]+") do
      local n = select(2, line:gsub("\t", "")) + 1
      assert.equal(61, n)
    end
    local back, skipped = assert(diplomacy.import(path, { format = "gdelt" }))
    os.remove(path)
    assert.same({}, skipped)
    assert.equal(2, back:counts().events)
    assert.equal(1, #back:meetings("Russia", "United States"))
    assert.equal(1, #back:meetings("NATO", "Russia"))
    assert.equal("Washington", back:events()[1].place.name)
  end)

  it("tells the format from the extension, and refuses what it cannot tell", function()
    local path = os.tmpname() .. ".csv"
    assert.equal(8, ds:export(path))
    os.remove(path)
    assert.truthy(error_of(ds.export, ds, "out.txt"):find("cannot tell the format", 1, true))
    assert.truthy(error_of(ds.export, ds, "out.csv", { format = "xml" }):find("must be csv, gdelt or geojson", 1, true))
    assert.truthy(error_of(ds.export, ds, "out.csv", { frm = "2020" }):find("unknown option 'frm'", 1, true))
    local n, err = ds:export("/no/such/dir/out.csv")
    assert.is_nil(n)
    assert.truthy(err:find("/no/such/dir/out.csv", 1, true))
  end)
end)

-- Issue 10: what the shared-data spec (realdata_spec.lua) checks at scale, on small files of the repository.
describe("exports that import back, ids through JSON", function()
  it("CSV: format = 'csv' reads the project's own CSV back, quoted fields and sides included", function()
    local ds = diplomacy.sample()
    ds:add_event { id = "quoted, \"twice\"", type = "meeting", start = "2022-01-14", title = 'Line one\nline "two"',
      participants = { { actor = "RUS" } } }
    local path = os.tmpname()
    ds:export(path, { format = "csv" })
    local back, skipped = assert(diplomacy.import(path, { format = "csv" }))
    local again = assert(diplomacy.import(path)) -- told from the header
    os.remove(path)
    assert.same({}, skipped)
    assert.equal(ds:counts().events, back:counts().events)
    assert.equal(ds:counts().events, again:counts().events)
    for _, e in ipairs(ds:events()) do
      local b = back:event(e.id)
      assert.equal(e.type, b.type)
      assert.equal(e.start, b.start)
      assert.equal(e.title, b.title)
      assert.equal(#e.participants, #b.participants)
      for i, p in ipairs(e.participants) do
        assert.equal(p.actor.id, b.participants[i].actor.id)
        assert.equal(p.role, b.participants[i].role)
        assert.equal(p.side.id, b.participants[i].side.id)
      end
    end
    -- the meetings the rules find are found again (the sides come with each row)
    assert.equal(#ds:meetings("Russia", "United States"), #back:meetings("Russia", "United States"))
    -- a quote never closed is reported, the rows before it kept
    local bad = os.tmpname()
    local f = assert(io.open(bad, "wb"))
    f:write("event_id,type,start\r\na,meeting,2020-01-01\r\nb,meeting,\"2020\r\n")
    f:close()
    local ds2, sk = assert(diplomacy.import(bad, { format = "csv" }))
    os.remove(bad)
    assert.equal(1, ds2:counts().events)
    assert.truthy(sk[1].reason:find("never closed", 1, true))
    -- a row that is not UTF-8 is reported with its line, the others kept
    f = assert(io.open(bad, "wb"))
    f:write("event_id,type,start\r\na,meeting,2020-01-01\r\nb,meet\255ing,2020\r\nc,meeting,2021\r\n")
    f:close()
    ds2, sk = assert(diplomacy.import(bad, { format = "csv" }))
    os.remove(bad)
    assert.equal(2, ds2:counts().events)
    assert.same({ line = 3, reason = "invalid UTF-8" }, sk[1])
  end)

  it("GDELT: an event without a place has 61 fields; a lone target stays Actor2; an organization keeps its code", function()
    local ds = diplomacy.new()
    ds:add_actor { id = "EU", name = "European Union", kind = "organization" }
    ds:add_actor { id = "RUS", name = "Russia", kind = "state" }
    ds:add_actor { id = "RUSLEG", name = "Legislature (Russia)", kind = "agency", codes = { cameo = "RUSLEG" } }
    ds:add_relation { actor = "RUSLEG", type = "part_of", target = "RUS" }
    ds:add_event { id = "a", type = "statement", cameo = "010", start = "2020-01-01",
      participants = { { actor = "RUS", role = "target" } } }
    ds:add_event { id = "b", type = "coerce", cameo = "173", start = "2020-01-02",
      participants = { { actor = "RUS", role = "source" }, { actor = "RUSLEG", role = "target" } } }
    ds:add_event { id = "c", type = "meeting", cameo = "040", start = "2020-01-03",
      participants = { { actor = "EU", role = "party" }, { actor = "RUS", role = "party" } } }
    local path = os.tmpname()
    ds:export(path, { format = "gdelt" })
    local text = read_file(path)
    for line in text:gmatch("[^\n]+") do assert.equal(61, select(2, line:gsub("\t", "")) + 1) end
    local back = assert(diplomacy.import(path, { format = "gdelt" }))
    os.remove(path)
    local ev = back:events()
    assert.equal(3, #ev)
    assert.equal("target", ev[1].participants[1].role)
    assert.equal("010", ev[1].cameo)
    assert.equal("RUSLEG", ev[2].participants[2].actor.id)
    assert.equal(1, #back:meetings("EU", "Russia"))
  end)

  it("merged_ids: the other ids of an event are kept in JSON and found after loading; bad ones are refused", function()
    local doc = [[{"format":"diplomacy","version":1,"events":[
      {"id":"gdelt:1","type":"meeting","start":"2020","merged_ids":["gdelt:2"]}]}]]
    local ds = assert(diplomacy.decode(doc))
    assert.equal("gdelt:1", ds:event("gdelt:2").id)
    local back = assert(diplomacy.decode(ds:encode()))
    assert.equal("gdelt:1", back:event("gdelt:2").id)
    local _, err = diplomacy.decode([[{"format":"diplomacy","version":1,"events":[
      {"id":"a","type":"meeting","start":"2020","merged_ids":["b"]},{"id":"b","type":"meeting","start":"2020"}]}]])
    assert.equal("events[1].id: duplicate event id 'b'", err)
    _, err = diplomacy.decode([[{"format":"diplomacy","version":1,"events":[
      {"id":"a","type":"meeting","start":"2020"},{"id":"b","type":"meeting","start":"2020","merged_ids":["a"]}]}]])
    assert.equal("events[1].merged_ids[0]: 'a' is already the id of an event", err)
    _, err = diplomacy.decode([[{"format":"diplomacy","version":1,"events":[
      {"id":"a","type":"meeting","start":"2020","merged_ids":"b"}]}]])
    assert.equal("events[0].merged_ids: expected an array of ids, got string", err)
    -- the importers write them: a merged dyad answers to its second row after a JSON round trip
    local g = assert(diplomacy.import(FIX .. "gdelt2-governments.CSV"))
    local again = assert(diplomacy.decode(g:encode()))
    assert.equal("gdelt:900000001", again:event("gdelt:900000002").id)
    local added, skipped = again:import(FIX .. "gdelt2-governments.CSV")
    assert.equal(0, added)
    assert.equal(4, #skipped)
  end)

  it("visitors: one person however spelled, posts of compound titles, the heir apart from the king", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    -- records as the Office writes them (hsg/visits/1950.xml, 2000.xml, 2020.xml: visits 2376, 2381, 2006, 2084, 2126, 3150)
    f:write([[<?xml version="1.0" encoding="UTF-8"?>
<visits>
<visit><id>2381</id><start-date>1959-03-23</start-date><end-date>1959-03-23</end-date><visitor>King Hussein</visitor><from id="jordan">Jordan</from><description>Private visit.</description></visit>
<visit><id>2376</id><start-date>1958-09-28</start-date><end-date>1958-09-28</end-date><visitor>Premier and Prince Sihanouk</visitor><from id="cambodia">Cambodia</from><description>Informal visit.</description></visit>
<visit><id>2006</id><start-date>2008-11-14</start-date><end-date>2008-11-15</end-date><visitor>President Dimitry Medvedev</visitor><from id="russia">Russia</from><description>Summit.</description></visit>
<visit><id>2084</id><start-date>2010-04-12</start-date><end-date>2010-04-13</end-date><visitor>President Dmitri Medvedev</visitor><from id="russia">Russia</from><description>Summit.</description></visit>
<visit><id>2126</id><start-date>2010-06-22</start-date><end-date>2010-06-24</end-date><visitor>President Dmitriy Medvedev </visitor><from id="russia">Russia</from><description>Working visit.</description></visit>
<visit><id>3150</id><start-date>2023-02-02</start-date><end-date>2023-02-02</end-date><visitor>King Abdullah and Crown Prince Hussein</visitor><from id="jordan">Jordan</from><description>Private visit.</description></visit>
</visits>
]])
    f:close()
    local ds = assert(diplomacy.import(path))
    os.remove(path)
    local m = ds:actor("Dmitriy Medvedev")
    assert.equal("RUS/dimitry-medvedev", m.id)
    assert.equal(m, ds:actor("Dmitri Medvedev"))
    assert.equal(1, #ds:event("hsg:visit:2376").participants - 1)
    assert.equal("KHM/sihanouk", ds:event("hsg:visit:2376").participants[1].actor.id)
    local heir = ds:event("hsg:visit:3150").participants[2].actor
    assert.equal("JOR/hussein-2023", heir.id)
    assert.are_not.equal(ds:actor("JOR/hussein"), heir)
  end)
end)
