-- objects_spec.lua: Actors, Places and Events as read-only views; adding, finding and closing
local diplomacy = require "diplomacy"

local function ids(list)
  local out = {}
  for i, o in ipairs(list) do out[i] = o.id end
  return out
end

local function set_of(list)
  local out = {}
  for _, o in ipairs(list) do out[o.id] = true end
  return out
end

local function is_sorted_by_id(list)
  for i = 2, #list do
    if not (list[i - 1].id < list[i].id) then return false end
  end
  return true
end

-- The error message of f(...), which must raise.
local function error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(err)
end

-- Two states, a ministry, one person with a post, a city in a country, one event.
local function small()
  local ds = diplomacy.new()
  ds:add_place { id = "CHE", name = "Switzerland", kind = "country" }
  ds:add_place { id = "geneva", name = "Geneva", kind = "city", within = "CHE" }
  ds:add_actor { id = "RUS", name = "Russia", kind = "state", aliases = { "Moscow" } }
  ds:add_actor { id = "USA", name = "United States", kind = "state", aliases = { "US" } }
  ds:add_actor { id = "RUS-MFA", name = "Russian Foreign Ministry", kind = "agency" }
  ds:add_actor { id = "ryabkov", name = "Sergei Ryabkov", kind = "person" }
  ds:add_relation { actor = "RUS-MFA", type = "part_of", target = "RUS" }
  ds:add_relation { actor = "ryabkov", type = "position", target = "RUS-MFA" }
  ds:add_event { id = "talks", type = "talks", start = "2022-01-10", place = "geneva",
                 participants = { { actor = "ryabkov", role = "head" }, { actor = "USA" } } }
  return ds
end

describe("objects", function()
  local ds
  before_each(function() ds = diplomacy.sample() end)

  describe("identity", function()
    it("gives the same object for two lookups of one actor", function()
      local a, b = ds:actor("RUS"), ds:actor("Russia")
      assert.equal(a, b)
      assert.is_true(rawequal(a, b))
      assert.is_true(rawequal(ds:actor("Moscow"), a))
    end)

    it("gives the same object through different routes", function()
      local e = ds:event("2022-01-10-geneva-talks")
      assert.is_true(rawequal(e, ds:event("2022-01-10-geneva-talks")))
      assert.is_true(rawequal(e.place, ds:place("Geneva")))
      assert.is_true(rawequal(e.participants[1].actor, ds:actor("Sergei Ryabkov")))
      assert.is_true(rawequal(ds:place("geneva").within, ds:place("Switzerland")))
      local found
      for _, m in ipairs(ds:meetings("Russia", "United States")) do
        if m.id == e.id then found = m end
      end
      assert.is_true(rawequal(e, found))
    end)

    it("keeps identity across a garbage collection while the object is held", function()
      local a = ds:actor("USA")
      collectgarbage("collect")
      collectgarbage("collect")
      assert.is_true(rawequal(a, ds:actor("United States")))
    end)

    it("tells objects of different things apart", function()
      assert.are_not.equal(ds:actor("RUS"), ds:actor("USA"))
      -- an actor and a place may share an id; they are still different things
      assert.are_not.equal(ds:actor("RUS"), ds:place("RUS"))
    end)
  end)

  describe("tostring", function()
    it("names an actor", function()
      local s = tostring(ds:actor("ryabkov"))
      assert.matches("Sergei Ryabkov", s, 1, true)
      assert.not_matches("^table:", s)
    end)

    it("names a place", function()
      assert.matches("Geneva", tostring(ds:place("geneva")), 1, true)
    end)

    it("gives an event's date and place", function()
      local s = tostring(ds:event("2022-01-10-geneva-talks"))
      assert.matches("2022-01-10", s, 1, true)
      assert.matches("Geneva", s, 1, true)
      assert.not_matches("\n", s)
    end)

    it("describes a dataset", function()
      local s = tostring(ds)
      assert.matches("Dataset", s, 1, true)
      assert.matches(tostring(ds:counts().events) .. " events", s, 1, true)
    end)
  end)

  describe("lifetime", function()
    it("keeps its dataset alive", function()
      local e, a, p
      do
        local sample = diplomacy.sample()
        e = sample:event("2022-01-10-geneva-talks")
        a = sample:actor("Maria Zakharova")
        p = sample:place("vienna")
      end
      collectgarbage("collect")
      collectgarbage("collect")
      assert.equal("Geneva", e.place.name)
      assert.equal("Russia", e.participants[1].side.name)
      assert.equal("Sergei Ryabkov", e.participants[1].actor.name)
      assert.equal("Maria Zakharova", a.name)
      assert.truthy(set_of(a:affiliations("2022-01-01")).RUS)
      assert.equal("Austria", p.within.name)
    end)

    it("keeps its dataset alive for objects not read before the dataset was dropped", function()
      local e
      do e = diplomacy.sample():event("2022-01-12-nato-russia-council") end
      collectgarbage("collect")
      collectgarbage("collect")
      local sides = {}
      for _, part in ipairs(e.participants) do sides[part.side.id] = true end
      assert.same({ RUS = true, NATO = true }, sides)
    end)
  end)

  describe("read-only fields", function()
    it("refuses assignment to an actor, a place and an event", function()
      local a, p, e = ds:actor("RUS"), ds:place("geneva"), ds:event("2022-01-10-geneva-talks")
      assert.matches("read%-only", error_of(function() a.name = "Muscovy" end))
      assert.matches("read%-only", error_of(function() p.within = nil end))
      assert.matches("read%-only", error_of(function() e.status = "cancelled" end))
      assert.matches("read%-only", error_of(function() e.new_field = 1 end))
      assert.equal("Russia", a.name)
      assert.equal("held", e.status)
    end)

    it("does not let a change to a returned table alter what later lookups see", function()
      local e = ds:event("2022-01-10-geneva-talks")
      pcall(function() e.participants[1].role = "observer" end)
      pcall(function() e.participants[2] = nil end)
      pcall(function() ds:actor("USA").aliases[1] = "Ruritania" end)
      local again = ds:event("2022-01-10-geneva-talks")
      assert.equal("head", again.participants[1].role)
      assert.equal(2, #again.participants)
      assert.is_nil(ds:actor("Ruritania"))
      local found = false
      for _, alias in ipairs(ds:actor("USA").aliases) do found = found or alias == "Ruritania" end
      assert.is_false(found)
    end)
  end)

  describe("Event", function()
    it("has id, type, title, start, end, place and status", function()
      local e = ds:event("2022-01-10-geneva-talks")
      assert.equal("2022-01-10-geneva-talks", e.id)
      assert.equal("talks", e.type)
      assert.equal("Russia-US talks on security guarantees", e.title)
      assert.equal("2022-01-10", e.start)
      assert.is_nil(e["end"])
      assert.is_true(diplomacy.is.place(e.place))
      assert.equal("geneva", e.place.id)
      assert.equal("held", e.status)
    end)

    it("gives end as written", function()
      local e = ds:event("2021-11-putin-warnings")
      assert.equal("2021-11", e.start)
      assert.equal("2021-12", e["end"])
    end)

    it("defaults the status to held", function()
      -- the briefing is written without a status
      assert.equal("held", ds:event("2021-12-zakharova-briefing").status)
      assert.equal("reported", ds:event("2021-11-russia-troop-buildup").status)
    end)

    it("lists participants with actor, role and side (rule 3)", function()
      local e = ds:event("2022-01-10-geneva-talks")
      assert.equal(2, #e.participants)
      local ryabkov, sherman = e.participants[1], e.participants[2]
      assert.is_true(rawequal(ds:actor("ryabkov"), ryabkov.actor))
      assert.equal("head", ryabkov.role)
      -- Ryabkov -> Foreign Ministry -> Russia: the first state on the walk
      assert.is_true(rawequal(ds:actor("RUS"), ryabkov.side))
      assert.is_true(rawequal(ds:actor("USA"), sherman.side))
    end)

    it("gives a participant with no post and no side itself as side", function()
      local e = ds:event("2021-11-putin-warnings")
      local west
      for _, p in ipairs(e.participants) do
        if p.actor.id == "west" then west = p end
      end
      assert.is_true(rawequal(west.actor, west.side))
    end)

    it("takes a side written in the data over the walk", function()
      local small_ds = small()
      small_ds:add_event { id = "mediated", type = "meeting", start = "2022-02-01",
                           participants = { { actor = "ryabkov", side = "USA" }, { actor = "RUS" } } }
      local e = small_ds:event("mediated")
      assert.equal("USA", e.participants[1].side.id)
      assert.equal("RUS", e.participants[2].side.id)
      assert.is_nil(e.participants[2].role)
    end)

    it("lists sources, with by as an Actor", function()
      local e = ds:event("2021-12-zakharova-briefing")
      assert.equal(2, #e.sources)
      for _, s in ipairs(e.sources) do
        assert.equal("Press TV", s.publisher)
        assert.equal("2021-12-30", s.published)
        assert.is_true(rawequal(ds:actor("zakharova"), s.by))
      end
      assert.matches("firm legal guarantees", e.sources[1].quote, 1, true)
    end)

    it("gives part_of as an Event", function()
      local d = small()
      d:add_event { id = "round-2", type = "talks", start = "2022-02-10", part_of = "talks" }
      local round = d:event("round-2")
      assert.is_true(diplomacy.is.event(round.part_of))
      assert.is_true(rawequal(d:event("talks"), round.part_of))
      assert.is_nil(d:event("talks").part_of)
    end)

    it("gives no place for an event without one", function()
      assert.is_nil(ds:event("2021-12-us-response").place)
    end)

    it("returns nil for an unknown event id", function()
      assert.is_nil(ds:event("no-such-event"))
    end)

    it("shows the sides the dataset gives now, after a relation is added", function()
      local d = diplomacy.new()
      d:add_actor { id = "RUS", name = "Russia", kind = "state" }
      d:add_actor { id = "ryabkov", name = "Sergei Ryabkov", kind = "person" }
      d:add_actor { id = "sherman", name = "Wendy Sherman", kind = "person" }
      local e = d:add_event { id = "e", type = "talks", start = "2022-01-10",
                              participants = { { actor = "ryabkov" }, { actor = "sherman" } } }
      assert.equal("ryabkov", e.participants[1].side.id)
      d:add_relation { actor = "ryabkov", type = "position", target = "RUS" }
      -- the queries already see Russia at the talks; the Event must agree
      assert.equal(1, #d:meetings("RUS", "sherman"))
      assert.equal("RUS", d:event("e").participants[1].side.id)
    end)
  end)

  describe("Place", function()
    it("has id, name, kind, within, lat, lon, country and aliases", function()
      local p = ds:place("Wien")
      assert.equal("vienna", p.id)
      assert.equal("Vienna", p.name)
      assert.equal("city", p.kind)
      assert.is_true(diplomacy.is.place(p.within))
      assert.equal("AUT", p.within.id)
      assert.near(48.2082, p.lat, 1e-9)
      assert.near(16.3738, p.lon, 1e-9)
      assert.equal("AUT", p.country)
      assert.same({ "Wien" }, { table.unpack(p.aliases) })
    end)

    it("gives within as nil at the top of the tree", function()
      assert.is_nil(ds:place("Europe").within)
    end)
  end)

  describe("Actor", function()
    it("has id, name, kind, country and aliases", function()
      local a = ds:actor("USA")
      assert.equal("United States", a.name)
      assert.equal("state", a.kind)
      assert.equal("USA", a.country)
      assert.same({ "US", "United States of America", "Washington", "America" }, { table.unpack(a.aliases) })
    end)

    it("gives an empty aliases array when there are none", function()
      assert.same({}, { table.unpack(ds:actor("UKR").aliases) })
    end)

    it("gives its affiliation set at a date (rule 2)", function()
      local set = set_of(ds:actor("Maria Zakharova"):affiliations("2022-01-01"))
      assert.same({ zakharova = true, ["RUS-MFA"] = true, RUS = true }, set)
    end)

    it("leaves out posts not held at the date", function()
      -- Zakharova became spokesperson in August 2015
      assert.same({ zakharova = true }, set_of(ds:actor("zakharova"):affiliations("2010")))
      -- Putin was not President between May 2008 and May 2012
      assert.is_nil(set_of(ds:actor("putin"):affiliations("2010-01-01")).RUS)
      assert.truthy(set_of(ds:actor("putin"):affiliations("2022-01-01")).RUS)
    end)

    it("gives its memberships at a date", function()
      assert.same({ NATO = true, OSCE = true }, set_of(ds:actor("France"):memberships("2022-01-13")))
      -- Finland joined NATO only after the sample's time
      assert.same({ OSCE = true }, set_of(ds:actor("Finland"):memberships("2022-01-13")))
      -- North Macedonia joined NATO on 27 March 2020
      assert.is_nil(set_of(ds:actor("North Macedonia"):memberships("2020-03-26")).NATO)
      assert.truthy(set_of(ds:actor("North Macedonia"):memberships("2020-03-27")).NATO)
    end)

    it("raises for a bad date", function()
      assert.matches("2022%-13", error_of(function() ds:actor("RUS"):memberships("2022-13") end))
      assert.matches("date", error_of(function() ds:actor("RUS"):affiliations(20220101) end))
    end)
  end)

  describe("closing", function()
    it("can be closed twice", function()
      local d = diplomacy.new()
      d:close()
      assert.has_no.errors(function() d:close() end)
    end)

    it("raises 'dataset is closed' for calls on a closed dataset", function()
      local d = diplomacy.sample()
      d:close()
      assert.matches("dataset is closed", error_of(d.actor, d, "RUS"))
      assert.matches("dataset is closed", error_of(d.meetings, d, "RUS", "USA"))
      assert.matches("dataset is closed", error_of(d.events, d))
      assert.matches("dataset is closed", error_of(d.encode, d))
      assert.matches("dataset is closed", error_of(d.save, d, os.tmpname()))
      assert.matches("dataset is closed", error_of(d.add_actor, d, { id = "x", name = "X" }))
    end)

    it("closes at the end of a block with <close>", function()
      local kept
      do
        local d <close> = diplomacy.sample()
        kept = d
        assert.equal(1, #d:meetings("Ryabkov", "Sherman"))
      end
      assert.matches("dataset is closed", error_of(kept.meetings, kept, "RUS", "USA"))
    end)

    it("raises for objects whose fields were never read once the dataset is closed", function()
      local d = diplomacy.sample()
      local a = d:actor("RUS")
      d:close()
      assert.matches("dataset is closed", error_of(function() return a.name end))
    end)
  end)

  describe("add_*", function()
    it("adds a whole valid object and returns it", function()
      local d = diplomacy.new()
      local p = d:add_place { id = "geneva", name = "Geneva", kind = "city", lat = 46.2, lon = 6.14,
                              aliases = { "Genève" } }
      assert.is_true(diplomacy.is.place(p))
      assert.is_true(rawequal(p, d:place("genève")))
      local a = d:add_actor { id = "RUS", name = "Russia", kind = "state", codes = { cameo = "RUS" } }
      assert.is_true(rawequal(a, d:actor("Russia")))
      local b = d:add_actor { id = "USA", name = "United States", kind = "state" }
      local r = d:add_relation { actor = "USA", type = "member_of", target = "RUS", start = "2022" }
      assert.is_true(rawequal(b, r.actor))
      assert.equal("member_of", r.type)
      local e = d:add_event { id = "e", type = "talks", start = "2022-01-10", place = "geneva",
                              participants = { { actor = "RUS", role = "party" }, { actor = "USA" } },
                              sources = { { publisher = "Press TV", by = "RUS" } } }
      assert.is_true(rawequal(e, d:event("e")))
      assert.is_true(rawequal(p, e.place))
      assert.is_true(rawequal(a, e.sources[1].by))
      assert.same({ places = 1, actors = 2, relations = 1, events = 1 }, d:counts())
    end)

    it("raises naming the field, and leaves the dataset as it was", function()
      local d = small()
      local before = d:counts()
      local before_text = d:encode()
      local bad = { id = "new", type = "talks", start = "2022-02-01",
                    participants = { { actor = "RUS" }, { actor = "USA", side = "NOWHERE" } } }
      local err = error_of(d.add_event, d, bad)
      assert.matches("add_event: participants%[1%]%.side: ", err)
      assert.matches("NOWHERE", err)
      assert.same(before, d:counts())
      assert.equal(before_text, d:encode())
      assert.is_nil(d:event("new"))
      -- the id is still free
      bad.participants[2].side = "USA"
      local e = d:add_event(bad)
      assert.equal("new", e.id)
      assert.equal(before.events + 1, d:counts().events)
    end)

    it("names the field for each kind of object", function()
      local d = small()
      local before = d:counts()
      local cases = {
        { d.add_place, { id = "x", name = "X", lat = 91 }, "^add_place: lat: " },
        { d.add_place, { id = "x", name = "X", within = "atlantis" }, "^add_place: within: .*atlantis" },
        { d.add_place, { id = "geneva", name = "Geneva again" }, "^add_place: id: .*geneva" },
        { d.add_actor, { id = "x" }, "^add_actor: name: " },
        { d.add_actor, { id = "x", name = "X", aliases = { "ok", 5 } }, "^add_actor: aliases%[1%]: " },
        { d.add_actor, { id = "x", name = "X", country = "Russia" }, "^add_actor: country: " },
        { d.add_relation, { actor = "RUS", type = "part_of", target = "USA", start = "2022-02-30" },
          "^add_relation: start: " },
        { d.add_relation, { actor = "RUS", type = "part_of", target = "nobody" }, "^add_relation: target: " },
        { d.add_event, { id = "x", type = "talks" }, "^add_event: start: " },
        { d.add_event, { id = "x", type = "talks", start = "2022-02", ["end"] = "2022-01" }, "^add_event: end: " },
        { d.add_event, { id = "x", type = "talks", start = "2022", status = "finished" }, "^add_event: status: " },
        { d.add_event, { id = "x", type = "talks", start = "2022", sources = { { by = "nobody" } } },
          "^add_event: sources%[0%]%.by: " },
      }
      for _, case in ipairs(cases) do
        local err = error_of(case[1], d, case[2])
        assert.matches(case[3], (err:gsub("^[^:]*:%d+: ", "")))
      end
      assert.same(before, d:counts())
    end)

    it("raises for a value Lua cannot store", function()
      local d = small()
      assert.matches("add_actor: .*function", error_of(d.add_actor, d, { id = "x", name = "X", note = print }))
      assert.matches("add_actor: ", error_of(d.add_actor, d, "RUS"))
      assert.is_nil(d:actor("x"))
    end)
  end)

  describe("names (rule 7)", function()
    it("finds an actor by id, name and alias in any ASCII case", function()
      local rus = ds:actor("RUS")
      for _, name in ipairs { "RUS", "rus", "Russia", "RUSSIA", "russia", "Russian Federation", "the kremlin",
                              "MOSCOW" } do
        assert.is_true(rawequal(rus, ds:actor(name)), name)
      end
    end)

    it("finds a place by id, name and alias in any ASCII case", function()
      local geneva = ds:place("geneva")
      for _, name in ipairs { "GENEVA", "Geneva", "geneve", "GeNeVe" } do
        assert.is_true(rawequal(geneva, ds:place(name)), name)
      end
    end)

    it("raises for an ambiguous name, listing the candidate ids", function()
      local d = small()
      d:add_actor { id = "USA-DOS", name = "State Department", kind = "agency", aliases = { "Foreign Ministry" } }
      d:add_actor { id = "RUS-MID", name = "MID", kind = "agency", aliases = { "foreign ministry" } }
      local err = error_of(d.actor, d, "Foreign Ministry")
      assert.matches("ambiguous", err)
      assert.matches("USA%-DOS", err)
      assert.matches("RUS%-MID", err)
      assert.matches("ambiguous", error_of(d.meetings, d, "FOREIGN MINISTRY", "RUS"))
    end)

    it("returns nil for an unknown name from ds:actor and ds:place, with the closest names as a second value", function()
      assert.same({ nil, "unknown actor 'Ruritania'" }, { ds:actor("Ruritania") })
      assert.same({ nil, "unknown place 'Atlantis'" }, { ds:place("Atlantis") })
      assert.same({ nil, "unknown actor 'Lavrof' (did you mean: Sergei Lavrov [lavrov])" }, { ds:actor("Lavrof") })
      assert.matches("unknown place 'Genva' %(did you mean: Geneva %[geneva%]", select(2, ds:place("Genva")))
    end)

    it("raises unknown actor 'X' from a query", function()
      assert.matches("unknown actor 'Ruritania'", error_of(ds.meetings, ds, "Ruritania", "Russia"))
      assert.matches("unknown actor 'Ruritania'", error_of(ds.meetings, ds, "Russia", "Ruritania"))
      assert.matches("unknown actor 'Ruritania'", error_of(ds.partners, ds, "Ruritania"))
    end)
  end)

  describe("lists", function()
    it("lists actors of a kind, sorted by id", function()
      local states = ds:actors { kind = "state" }
      local expected = 0
      for _, a in ipairs(ds:actors()) do
        if a.kind == "state" then expected = expected + 1 end
      end
      assert.is_true(expected > 50)
      assert.equal(expected, #states)
      for _, a in ipairs(states) do assert.equal("state", a.kind) end
      assert.is_true(is_sorted_by_id(states))
    end)

    it("lists every actor without a kind", function()
      local all = ds:actors()
      assert.equal(ds:counts().actors, #all)
      assert.is_true(is_sorted_by_id(all))
    end)

    it("lists places of a kind, sorted by id", function()
      assert.same({ "brussels", "geneva", "moscow", "vienna" }, ids(ds:places { kind = "city" }))
      assert.equal("places: option 'kind': unknown kind 'planet' (the dataset has: city, continent, country, region, virtual)",
        error_of(ds.places, ds, { kind = "planet" }):gsub("^[^:]*:%d+: ", ""))
    end)

    it("raises for a misspelt option", function()
      assert.matches("unknown option 'knd'", error_of(ds.actors, ds, { knd = "state" }))
    end)
  end)

  describe("members", function()
    -- The members of org at an ISO date, read off the relations.
    local function members_from_relations(org, date)
      local out = {}
      for _, r in ipairs(ds:relations()) do
        if r.type == "member_of" and r.target.id == org and (r.start == nil or r.start <= date)
           and (r["end"] == nil or r["end"] >= date) then
          out[r.actor.id] = true
        end
      end
      return out
    end

    it("gives the 30 NATO members of January 2022", function()
      local members = ds:members("NATO", { at = "2022-01-13" })
      assert.equal(30, #members)
      assert.same(members_from_relations("NATO", "2022-01-13"), set_of(members))
      assert.is_true(is_sorted_by_id(members))
    end)

    it("gives the 57 OSCE participating States of January 2022", function()
      local members = ds:members("OSCE", { at = "2022-01-13" })
      assert.equal(57, #members)
      assert.same(members_from_relations("OSCE", "2022-01-13"), set_of(members))
      assert.is_true(is_sorted_by_id(members))
    end)

    it("gives fewer members at an earlier date", function()
      local founders = ds:members("NATO", { at = "1949-12-31" })
      assert.same(members_from_relations("NATO", "1949-12-31"), set_of(founders))
      assert.equal(12, #founders)
      assert.is_nil(set_of(founders).DEU)
    end)

    it("gives every member at any time without a date", function()
      local all = 0
      for _, r in ipairs(ds:relations()) do
        if r.type == "member_of" and r.target.id == "NATO" then all = all + 1 end
      end
      assert.equal(all, #ds:members("NATO"))
    end)

    it("accepts the organization by name", function()
      assert.equal(30, #ds:members("North Atlantic Treaty Organization", { at = "2022-01-13" }))
    end)

    it("raises for a bad date and a misspelt option", function()
      assert.matches("'at'", error_of(ds.members, ds, "NATO", { at = "2022-13-01" }))
      assert.matches("unknown option 'date'", error_of(ds.members, ds, "NATO", { date = "2022" }))
    end)
  end)
end)
