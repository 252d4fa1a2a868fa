-- queries_spec.lua: who meets whom (rules 1-7 of the dataset format) through the Lua interface
local diplomacy = require "diplomacy"

-- The ids of a list of objects, in order.
local function ids(list)
  local out = {}
  for i, o in ipairs(list) do out[i] = o.id end
  return out
end

-- The error message of f(...), which must raise.
local function error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(err)
end

-- Adds what is listed: places, actors, relations, events, each an array of tables.
local function dataset(t)
  local ds = diplomacy.new()
  for _, p in ipairs(t.places or {}) do ds:add_place(p) end
  for _, a in ipairs(t.actors or {}) do ds:add_actor(a) end
  for _, r in ipairs(t.relations or {}) do ds:add_relation(r) end
  for _, e in ipairs(t.events or {}) do ds:add_event(e) end
  return ds
end

-- Two states with a ministry each; people holding posts in them.
local function diplomats()
  return {
    places = {
      { id = "CHE", name = "Switzerland", kind = "country" },
      { id = "geneva", name = "Geneva", kind = "city", within = "CHE" },
    },
    actors = {
      { id = "RUS", name = "Russia", kind = "state" },
      { id = "USA", name = "United States", kind = "state", aliases = { "US" } },
      { id = "RUS-MFA", name = "Russian Foreign Ministry", kind = "agency" },
      { id = "USA-DOS", name = "State Department", kind = "agency" },
      { id = "ryabkov", name = "Sergei Ryabkov", kind = "person" },
      { id = "grushko", name = "Alexander Grushko", kind = "person" },
      { id = "sherman", name = "Wendy Sherman", kind = "person" },
    },
    relations = {
      { actor = "RUS-MFA", type = "part_of", target = "RUS" },
      { actor = "USA-DOS", type = "part_of", target = "USA" },
      { actor = "ryabkov", type = "position", target = "RUS-MFA", start = "2008-08" },
      { actor = "grushko", type = "position", target = "RUS-MFA", start = "2018-01" },
      { actor = "sherman", type = "position", target = "USA-DOS", start = "2021-04-14" },
    },
    events = {},
  }
end

describe("who meets whom", function()
  describe("delegations (rules 3 and 5)", function()
    local ds
    before_each(function()
      local t = diplomats()
      t.events = {
        { id = "geneva-talks", type = "talks", start = "2022-01-10", place = "geneva",
          participants = { { actor = "ryabkov", role = "head" }, { actor = "grushko", role = "member" },
                           { actor = "sherman", role = "head" } } },
      }
      ds = dataset(t)
    end)

    it("does not make two members of one delegation meet each other", function()
      assert.same({}, ids(ds:meetings("ryabkov", "grushko")))
      assert.same({}, ids(ds:meetings("grushko", "ryabkov")))
    end)

    it("makes each member meet the other side's head", function()
      assert.same({ "geneva-talks" }, ids(ds:meetings("ryabkov", "sherman")))
      assert.same({ "geneva-talks" }, ids(ds:meetings("grushko", "sherman")))
      assert.same({ "geneva-talks" }, ids(ds:meetings("sherman", "grushko")))
    end)

    it("makes the states and ministries behind them meet", function()
      assert.same({ "geneva-talks" }, ids(ds:meetings("Russia", "United States")))
      assert.same({ "geneva-talks" }, ids(ds:meetings("RUS-MFA", "USA-DOS")))
      assert.same({ "geneva-talks" }, ids(ds:meetings("Russia", "sherman")))
      assert.same({ "geneva-talks" }, ids(ds:meetings("grushko", "USA")))
    end)

    it("does not make a delegate meet his own state or ministry", function()
      assert.same({}, ids(ds:meetings("ryabkov", "RUS")))
      assert.same({}, ids(ds:meetings("RUS-MFA", "RUS")))
    end)

    it("does not make an actor meet itself", function()
      assert.same({}, ids(ds:meetings("RUS", "Russia")))
    end)

    it("gives the participants their state as side", function()
      local sides = {}
      for _, p in ipairs(ds:event("geneva-talks").participants) do sides[p.actor.id] = p.side.id end
      assert.same({ ryabkov = "RUS", grushko = "RUS", sherman = "USA" }, sides)
    end)

    it("counts as partners only the other side", function()
      local partners = {}
      for _, row in ipairs(ds:partners("grushko")) do partners[row.actor.id] = row.count end
      assert.same({ USA = 1, ["USA-DOS"] = 1, sherman = 1 }, partners)
    end)
  end)

  describe("explicit sides", function()
    local ds
    before_each(function()
      local t = diplomats()
      table.insert(t.actors, { id = "interpreter", name = "A. Interpreter", kind = "person" })
      t.events = {
        { id = "talks", type = "talks", start = "2022-01-10",
          participants = { { actor = "ryabkov" }, { actor = "sherman" },
                           { actor = "interpreter", role = "member", side = "USA" } } },
      }
      ds = dataset(t)
    end)

    it("puts a participant on the side written in the data", function()
      assert.equal("USA", ds:event("talks").participants[3].side.id)
      assert.same({}, ids(ds:meetings("interpreter", "sherman")))
      assert.same({ "talks" }, ids(ds:meetings("interpreter", "ryabkov")))
      assert.same({ "talks" }, ids(ds:meetings("interpreter", "RUS")))
    end)

    it("lets an organization be a side, standing for the participant", function()
      local d = dataset {
        actors = {
          { id = "RUS", name = "Russia", kind = "state" },
          { id = "UKR", name = "Ukraine", kind = "state" },
          { id = "POL", name = "Poland", kind = "state" },
          { id = "OSCE", name = "OSCE", kind = "organization" },
        },
        events = {
          { id = "tcg", type = "meeting", start = "2022-01-27",
            participants = { { actor = "RUS" }, { actor = "UKR" }, { actor = "POL", role = "mediator", side = "OSCE" } } },
        },
      }
      assert.same({ "tcg" }, ids(d:meetings("OSCE", "RUS")))
      assert.same({ "tcg" }, ids(d:meetings("POL", "UKR")))
      assert.same({}, ids(d:meetings("POL", "OSCE")))
    end)

    it("takes the first state of a breadth-first walk, relations in file order", function()
      local d = dataset {
        actors = {
          { id = "FRA", name = "France", kind = "state" },
          { id = "DEU", name = "Germany", kind = "state" },
          { id = "FRA-MFA", name = "French Foreign Ministry", kind = "agency" },
          { id = "envoy", name = "A joint envoy", kind = "person" },
          { id = "RUS", name = "Russia", kind = "state" },
        },
        relations = {
          { actor = "envoy", type = "position", target = "FRA-MFA" },
          { actor = "envoy", type = "position", target = "DEU" },
          { actor = "FRA-MFA", type = "part_of", target = "FRA" },
        },
        events = {
          { id = "e", type = "meeting", start = "2022-03-01", participants = { { actor = "envoy" }, { actor = "RUS" } } },
        },
      }
      -- Germany is one step away, France two: Germany is met first
      assert.equal("DEU", d:event("e").participants[1].side.id)
      -- France still stands for the envoy, through the ministry (rule 4)
      assert.same({ "e" }, ids(d:meetings("FRA", "RUS")))
    end)

    it("prefers a state to an organization on the walk", function()
      local d = dataset {
        actors = {
          { id = "EU", name = "European Union", kind = "organization" },
          { id = "FRA", name = "France", kind = "state" },
          { id = "diplomat", name = "A French diplomat", kind = "person" },
          { id = "eu-official", name = "An EU official", kind = "person" },
        },
        relations = {
          { actor = "diplomat", type = "position", target = "EU" },
          { actor = "diplomat", type = "position", target = "FRA" },
          { actor = "eu-official", type = "position", target = "EU" },
        },
        events = {
          { id = "e", type = "meeting", start = "2022-03-01",
            participants = { { actor = "diplomat" }, { actor = "eu-official" } } },
        },
      }
      local parts = d:event("e").participants
      assert.equal("FRA", parts[1].side.id)
      assert.equal("EU", parts[2].side.id)
    end)
  end)

  describe("people with no posts", function()
    local ds
    before_each(function()
      ds = dataset {
        actors = {
          { id = "RUS", name = "Russia", kind = "state" },
          { id = "alice", name = "Alice Analyst", kind = "person" },
          { id = "bob", name = "Bob Broker", kind = "person" },
        },
        events = {
          { id = "call", type = "call", start = "2022-01-05", participants = { { actor = "alice" }, { actor = "bob" } } },
          { id = "visit", type = "visit", start = "2022-01-06", participants = { { actor = "alice" }, { actor = "RUS" } } },
        },
      }
    end)

    it("makes each its own side", function()
      for _, p in ipairs(ds:event("call").participants) do
        assert.is_true(rawequal(p.actor, p.side))
      end
    end)

    it("makes them meet each other and states", function()
      assert.same({ "call" }, ids(ds:meetings("alice", "bob")))
      assert.same({ "visit" }, ids(ds:meetings("RUS", "alice")))
      assert.same({}, ids(ds:meetings("RUS", "bob")))
    end)
  end)

  describe("posts and memberships that start or end around the event (rule 2)", function()
    -- One envoy with a post in the ministry bounded as given, at talks on 10 January 2022.
    local function envoy_with_post(bounds)
      local t = diplomats()
      table.insert(t.actors, { id = "envoy", name = "An Envoy", kind = "person" })
      table.insert(t.relations, { actor = "envoy", type = "position", target = "RUS-MFA",
                                  start = bounds.start, ["end"] = bounds["end"] })
      t.events = {
        { id = "talks", type = "talks", start = "2022-01-10",
          participants = { { actor = "envoy" }, { actor = "sherman" } } },
      }
      return dataset(t)
    end

    local cases = {
      { bounds = { ["end"] = "2021" }, holds = false },
      { bounds = { ["end"] = "2021-12" }, holds = false },
      { bounds = { ["end"] = "2022-01-09" }, holds = false },
      { bounds = { ["end"] = "2022-01-10" }, holds = true },
      { bounds = { ["end"] = "2022-01" }, holds = true },
      { bounds = { ["end"] = "2022" }, holds = true },
      { bounds = { start = "2022-01-11" }, holds = false },
      { bounds = { start = "2022-02" }, holds = false },
      { bounds = { start = "2023" }, holds = false },
      { bounds = { start = "2022-01-10" }, holds = true },
      { bounds = { start = "2022-01" }, holds = true },
      { bounds = { start = "2022" }, holds = true },
      { bounds = { start = "2021-06", ["end"] = "2022-01-10T09:00Z" }, holds = true },
      { bounds = {}, holds = true },
    }
    for _, case in ipairs(cases) do
      local label = ("start %s, end %s"):format(case.bounds.start or "open", case.bounds["end"] or "open")
      it(("a post with %s %s a side at a 2022-01-10 event"):format(label, case.holds and "gives" or "does not give"),
        function()
          local ds = envoy_with_post(case.bounds)
          assert.equal(case.holds and "RUS" or "envoy", ds:event("talks").participants[1].side.id)
          assert.equal(case.holds and 1 or 0, #ds:meetings("Russia", "United States"))
          -- the envoy meets Sherman either way
          assert.equal(1, #ds:meetings("envoy", "sherman"))
        end)
    end

    it("gives affiliations at a date by the same rule", function()
      local ds = envoy_with_post { ["end"] = "2022-01" }
      local function set(date)
        local out = {}
        for _, a in ipairs(ds:actor("envoy"):affiliations(date)) do out[a.id] = true end
        return out
      end
      assert.same({ envoy = true, ["RUS-MFA"] = true, RUS = true }, set("2022-01-31"))
      assert.same({ envoy = true }, set("2022-02-01"))
    end)
  end)

  describe("windows (rule 6)", function()
    local ds
    before_each(function()
      ds = dataset {
        actors = {
          { id = "RUS", name = "Russia", kind = "state" },
          { id = "USA", name = "United States", kind = "state" },
        },
        events = {
          { id = "january", type = "talks", start = "2022-01", participants = { { actor = "RUS" }, { actor = "USA" } } },
          { id = "late-evening", type = "call", start = "2022-01-10T23:30-05:00",
            participants = { { actor = "RUS" }, { actor = "USA" } } },
          { id = "autumn", type = "negotiation", start = "2021-11", ["end"] = "2021-12",
            participants = { { actor = "RUS" }, { actor = "USA" } } },
          { id = "long-dialogue", type = "negotiation", start = "2021-03-01", ["end"] = "2021-09-30",
            participants = { { actor = "RUS" }, { actor = "USA" } } },
          { id = "march", type = "summit", start = "2022-03-03",
            participants = { { actor = "RUS" }, { actor = "USA" } } },
        },
      }
    end)

    -- The same window through meetings and through events.
    local function both(opts)
      local m = ids(ds:meetings("RUS", "USA", opts))
      assert.same(m, ids(ds:events(opts)))
      return m
    end

    it("matches a month-long event from its last day and to its first day", function()
      assert.same({ "january", "march" }, both { from = "2022-01-31" })
      assert.same({ "long-dialogue", "autumn", "january" }, both { to = "2022-01-01" })
      assert.same({ "january" }, both { from = "2022-01-01", to = "2022-01-01" })
      assert.same({ "january" }, both { from = "2022-01-31", to = "2022-01-31" })
    end)

    it("does not match a month-long event from the day after it", function()
      assert.same({ "march" }, both { from = "2022-02-01" })
      assert.same({ "long-dialogue", "autumn" }, both { to = "2021-12-31" })
    end)

    it("compares a time with an offset in UTC", function()
      -- 23:30 at UTC-5 on 10 January is 04:30 UTC on 11 January
      assert.same({ "january", "late-evening" }, both { from = "2022-01-11", to = "2022-01-11" })
      assert.same({ "january" }, both { from = "2022-01-10", to = "2022-01-10" })
      assert.same({ "january" }, both { from = "2022-01-11", to = "2022-01-11T04:29Z" })
      assert.same({ "january", "late-evening" }, both { from = "2022-01-11T04:30Z", to = "2022-01-11T04:30Z" })
    end)

    it("matches an event with an end anywhere in its span", function()
      assert.same({ "autumn" }, both { from = "2021-12-15", to = "2021-12-20" })
      assert.same({ "long-dialogue" }, both { from = "2021-06-01", to = "2021-06-02" })
      assert.same({ "long-dialogue", "autumn" }, both { from = "2021-09-30", to = "2021-11-01" })
    end)

    it("takes a year as its whole span", function()
      assert.same({ "january", "late-evening", "march" }, both { from = "2022", to = "2022" })
      assert.same({ "long-dialogue", "autumn" }, both { from = "2021", to = "2021" })
    end)

    it("sorts by the beginning of the start in UTC, then by id", function()
      ds:add_event { id = "a-early-utc", type = "call", start = "2022-01-11T01:00Z",
                     participants = { { actor = "RUS" }, { actor = "USA" } } }
      ds:add_event { id = "a-same-day", type = "call", start = "2022-03-03",
                     participants = { { actor = "RUS" }, { actor = "USA" } } }
      assert.same({ "long-dialogue", "autumn", "january", "a-early-utc", "late-evening", "a-same-day", "march" },
        ids(ds:meetings("RUS", "USA")))
    end)
  end)

  describe("places (rule 6)", function()
    local ds
    before_each(function()
      local t = diplomats()
      table.insert(t.places, { id = "intercontinental", name = "Hotel InterContinental", kind = "venue", within = "geneva" })
      table.insert(t.places, { id = "AUT", name = "Austria", kind = "country" })
      table.insert(t.places, { id = "vienna", name = "Vienna", kind = "city", within = "AUT" })
      t.events = {
        { id = "hotel-talks", type = "talks", start = "2022-01-10", place = "intercontinental",
          participants = { { actor = "ryabkov" }, { actor = "sherman" } } },
        { id = "vienna-talks", type = "talks", start = "2022-01-13", place = "vienna",
          participants = { { actor = "RUS" }, { actor = "USA" } } },
        { id = "phone-call", type = "call", start = "2022-01-20",
          participants = { { actor = "RUS" }, { actor = "USA" } } },
      }
      ds = dataset(t)
    end)

    it("finds an event at a venue in a city in the country asked for", function()
      assert.same({ "hotel-talks" }, ids(ds:meetings("RUS", "USA", { place = "Switzerland" })))
      assert.same({ "hotel-talks" }, ids(ds:meetings("RUS", "USA", { place = "Geneva" })))
      assert.same({ "hotel-talks" }, ids(ds:meetings("RUS", "USA", { place = "Hotel InterContinental" })))
      assert.same({ "vienna-talks" }, ids(ds:meetings("RUS", "USA", { place = "AUT" })))
      assert.same({ "hotel-talks" }, ids(ds:events { place = ds:place("CHE") }))
    end)

    it("leaves out events without a place when a place is asked for", function()
      assert.same({ "hotel-talks", "vienna-talks", "phone-call" }, ids(ds:meetings("RUS", "USA")))
      for _, e in ipairs(ds:events { place = "CHE" }) do assert.is_not_nil(e.place) end
      assert.same({ "hotel-talks" }, ids(ds:events { place = "CHE", type = { "talks", "call" } }))
    end)

    it("raises for an unknown place", function()
      assert.matches("unknown place 'Atlantis'", error_of(ds.meetings, ds, "RUS", "USA", { place = "Atlantis" }))
    end)
  end)

  describe("statuses and types (rule 1)", function()
    local ds
    before_each(function()
      local both = function() return { { actor = "RUS" }, { actor = "USA" } } end
      ds = dataset {
        actors = {
          { id = "RUS", name = "Russia", kind = "state" },
          { id = "USA", name = "United States", kind = "state" },
        },
        events = {
          { id = "held", type = "talks", start = "2022-01-10", participants = both() },
          { id = "planned", type = "summit", start = "2022-02-01", status = "planned", participants = both() },
          { id = "cancelled", type = "summit", start = "2022-02-24", status = "cancelled", participants = both() },
          { id = "denied", type = "meeting", start = "2022-03-01", status = "denied", participants = both() },
          { id = "briefing", type = "briefing", start = "2022-01-11",
            participants = { { actor = "RUS", role = "speaker" }, { actor = "USA", role = "target" } } },
          { id = "dinner", type = "dinner", start = "2022-01-12", participants = both() },
        },
      }
    end)

    it("does not count cancelled and denied meetings, nor non-meeting types", function()
      assert.same({ "held", "planned" }, ids(ds:meetings("RUS", "USA")))
    end)

    it("lists them all as events", function()
      assert.same({ "held", "briefing", "dinner", "planned", "cancelled", "denied" }, ids(ds:events()))
      assert.same({ "held", "briefing", "dinner", "planned", "cancelled", "denied" }, ids(ds:events { actor = "RUS" }))
    end)

    it("finds cancelled meetings when asked for that status", function()
      assert.same({ "cancelled" }, ids(ds:meetings("RUS", "USA", { status = "cancelled" })))
      assert.same({ "cancelled", "denied" }, ids(ds:meetings("RUS", "USA", { status = { "cancelled", "denied" } })))
      assert.same({ "held" }, ids(ds:meetings("RUS", "USA", { status = "held" })))
    end)

    it("never makes a briefing a meeting, even when asked for its type", function()
      assert.same({}, ids(ds:meetings("RUS", "USA", { type = "briefing" })))
      assert.same({ "briefing" }, ids(ds:events { type = "briefing" }))
    end)

    it("narrows meetings by type", function()
      assert.same({ "planned" }, ids(ds:meetings("RUS", "USA", { type = "summit" })))
      assert.same({ "held", "planned" }, ids(ds:meetings("RUS", "USA", { type = { "talks", "summit" } })))
    end)

    it("treats an event with no status as held", function()
      assert.same({ "held", "briefing", "dinner" }, ids(ds:events { status = "held" }))
    end)
  end)

  describe("the members option (rule 4)", function()
    local ds
    before_each(function()
      local two = function() return { { actor = "NATO", role = "party" }, { actor = "RUS", role = "party" } } end
      ds = dataset {
        places = { { id = "brussels", name = "Brussels", kind = "city" } },
        actors = {
          { id = "RUS", name = "Russia", kind = "state" },
          { id = "UKR", name = "Ukraine", kind = "state" },
          { id = "FRA", name = "France", kind = "state" },
          { id = "MKD", name = "North Macedonia", kind = "state" },
          { id = "FIN", name = "Finland", kind = "state" },
          { id = "NATO", name = "North Atlantic Treaty Organization", kind = "organization" },
          { id = "COE", name = "Council of Europe", kind = "organization" },
        },
        relations = {
          { actor = "FRA", type = "member_of", target = "NATO", start = "1949-04-04" },
          { actor = "MKD", type = "member_of", target = "NATO", start = "2020-03-27" },
          { actor = "FIN", type = "member_of", target = "NATO", start = "2023-04-04" },
          { actor = "RUS", type = "member_of", target = "COE", start = "1996-02-28", ["end"] = "2022-03-16" },
        },
        events = {
          { id = "nrc-2019", type = "meeting", start = "2019-07-05", place = "brussels", participants = two() },
          { id = "nrc-2022", type = "meeting", start = "2022-01-12", place = "brussels", participants = two() },
          { id = "coe-feb", type = "meeting", start = "2022-02-01",
            participants = { { actor = "COE" }, { actor = "UKR" } } },
          { id = "coe-apr", type = "meeting", start = "2022-04-01",
            participants = { { actor = "COE" }, { actor = "UKR" } } },
        },
      }
    end)

    it("makes a member meet Russia at a NATO-Russia meeting only with members = true", function()
      assert.same({}, ids(ds:meetings("France", "Russia")))
      assert.same({}, ids(ds:meetings("France", "Russia", { members = false })))
      assert.same({ "nrc-2019", "nrc-2022" }, ids(ds:meetings("France", "Russia", { members = true })))
    end)

    it("counts a membership only at dates it holds", function()
      assert.same({ "nrc-2022" }, ids(ds:meetings("MKD", "RUS", { members = true })))
      assert.same({}, ids(ds:meetings("FIN", "RUS", { members = true })))
      assert.same({ "coe-feb" }, ids(ds:meetings("RUS", "UKR", { members = true })))
      assert.same({}, ids(ds:meetings("RUS", "UKR")))
    end)

    it("lets members stand for a delegate of the organization", function()
      ds:add_actor { id = "stoltenberg", name = "Jens Stoltenberg", kind = "person" }
      ds:add_relation { actor = "stoltenberg", type = "position", target = "NATO", title = "Secretary General" }
      ds:add_event { id = "nato-visit", type = "visit", start = "2022-05-01",
                     participants = { { actor = "stoltenberg" }, { actor = "UKR" } } }
      assert.equal("NATO", ds:event("nato-visit").participants[1].side.id)
      assert.same({ "nato-visit" }, ids(ds:meetings("FRA", "UKR", { members = true, from = "2022-05" })))
      assert.same({}, ids(ds:meetings("FRA", "UKR", { from = "2022-05" })))
    end)

    it("does not make a member meet its own organization", function()
      assert.same({}, ids(ds:meetings("FRA", "NATO", { members = true })))
    end)

    it("makes members partners and events of the organization's meetings", function()
      local function partners(opts)
        local out = {}
        for _, row in ipairs(ds:partners("RUS", opts)) do out[row.actor.id] = row.count end
        return out
      end
      assert.same({ NATO = 2 }, partners())
      assert.same({ NATO = 2, FRA = 2, MKD = 1, UKR = 1 }, partners { members = true })
      assert.same({ "nrc-2022" }, ids(ds:events { actor = "MKD", members = true }))
      assert.same({}, ids(ds:events { actor = "MKD" }))
    end)

    it("raises for a members option that is not a boolean", function()
      assert.matches("members", error_of(ds.meetings, ds, "FRA", "RUS", { members = "yes" }))
    end)
  end)

  describe("partners, venues and events", function()
    local ds
    before_each(function()
      local t = diplomats()
      table.insert(t.actors, { id = "CHN", name = "China", kind = "state" })
      table.insert(t.places, { id = "AUT", name = "Austria", kind = "country" })
      table.insert(t.places, { id = "vienna", name = "Vienna", kind = "city", within = "AUT" })
      table.insert(t.places, { id = "beijing", name = "Beijing", kind = "city" })
      t.events = {
        { id = "summit-2021", type = "summit", start = "2021-06-16", place = "geneva",
          participants = { { actor = "RUS" }, { actor = "USA" } } },
        { id = "geneva-talks", type = "talks", start = "2022-01-10", place = "geneva",
          participants = { { actor = "ryabkov" }, { actor = "sherman" } } },
        { id = "vienna-meeting", type = "meeting", start = "2022-01-13", place = "vienna",
          participants = { { actor = "RUS" }, { actor = "USA" } } },
        { id = "beijing-visit", type = "visit", start = "2022-02-04", place = "beijing",
          participants = { { actor = "RUS", role = "guest" }, { actor = "CHN", role = "host" } } },
        { id = "call", type = "call", start = "2022-02-12",
          participants = { { actor = "RUS" }, { actor = "USA" } } },
        { id = "mfa-briefing", type = "briefing", start = "2022-01-05", place = "geneva",
          participants = { { actor = "RUS-MFA", role = "speaker" }, { actor = "USA", role = "target" } } },
      }
      ds = dataset(t)
    end)

    it("counts partners with their first and last meeting, most first", function()
      local rows = ds:partners("Russia")
      local by = {}
      for i, row in ipairs(rows) do by[row.actor.id] = { i, row.count, row.first, row.last } end
      assert.same({ 1, 4, "2021-06-16", "2022-02-12" }, by.USA)
      assert.same({ 1, "2022-01-10", "2022-01-10" }, { table.unpack(by.sherman, 2) })
      assert.same({ 1, "2022-01-10", "2022-01-10" }, { table.unpack(by["USA-DOS"], 2) })
      assert.same({ 1, "2022-02-04", "2022-02-04" }, { table.unpack(by.CHN, 2) })
      assert.equal(4, #rows)
      -- ties by id
      assert.same({ "USA", "CHN", "USA-DOS", "sherman" }, (function()
        local out = {}
        for i, row in ipairs(rows) do out[i] = row.actor.id end
        return out
      end)())
    end)

    it("keeps only partners of a kind", function()
      local rows = ds:partners("RUS", { kind = "state" })
      assert.equal(2, #rows)
      assert.equal("USA", rows[1].actor.id)
      assert.equal("CHN", rows[2].actor.id)
      local people = ds:partners("RUS", { kind = "person" })
      assert.equal(1, #people)
      assert.equal("sherman", people[1].actor.id)
      assert.matches("unknown kind 'planet' %(the dataset has: state, ", error_of(ds.partners, ds, "RUS", { kind = "planet" }))
    end)

    it("narrows partners by window", function()
      local rows = ds:partners("RUS", { from = "2022-01-12", to = "2022-01-31", kind = "state" })
      assert.equal(1, #rows)
      assert.equal("USA", rows[1].actor.id)
      assert.equal(1, rows[1].count)
      assert.equal("2022-01-13", rows[1].first)
      assert.equal("2022-01-13", rows[1].last)
    end)

    it("counts venues of the meetings of two actors", function()
      local rows = ds:venues("RUS", "USA")
      assert.equal(2, #rows)
      assert.equal("geneva", rows[1].place.id)
      assert.equal(2, rows[1].count)
      assert.equal("vienna", rows[2].place.id)
      assert.equal(1, rows[2].count)
    end)

    it("counts venues of an actor's meetings with anyone", function()
      local rows = ds:venues("RUS")
      local got = {}
      for i, row in ipairs(rows) do got[i] = row.place.id .. "=" .. row.count end
      -- ties by id; the briefing at Geneva is no meeting
      assert.same({ "geneva=2", "beijing=1", "vienna=1" }, got)
      local with_opts = ds:venues("RUS", { from = "2022" })
      got = {}
      for i, row in ipairs(with_opts) do got[i] = row.place.id .. "=" .. row.count end
      assert.same({ "beijing=1", "geneva=1", "vienna=1" }, got)
    end)

    it("lists the events where an actor stands for a participant", function()
      assert.same({ "summit-2021", "mfa-briefing", "geneva-talks", "vienna-meeting", "beijing-visit", "call" },
        ids(ds:events { actor = "RUS" }))
      assert.same({ "geneva-talks" }, ids(ds:events { actor = "sherman" }))
    end)

    it("lists with 'with' only the meetings where the two meet", function()
      assert.same({ "summit-2021", "geneva-talks", "vienna-meeting", "call" },
        ids(ds:events { actor = "RUS", with = "USA" }))
      assert.same(ids(ds:meetings("RUS", "USA")), ids(ds:events { actor = "RUS", with = "USA" }))
      assert.same({ "beijing-visit" }, ids(ds:events { actor = "China", with = "Russia" }))
    end)

    it("raises for 'with' without 'actor'", function()
      assert.matches("'with'", error_of(ds.events, ds, { with = "USA" }))
    end)
  end)

  describe("empty answers", function()
    -- Each call on a fresh dataset, so that no earlier answer has left memory behind.
    local function fresh()
      return dataset {
        actors = {
          { id = "RUS", name = "Russia", kind = "state" },
          { id = "OSCE", name = "OSCE", kind = "organization" },
        },
      }
    end

    it("gives empty lists when nothing matches", function()
      assert.same({}, ids(diplomacy.new():actors()))
      assert.same({}, ids(diplomacy.new():places()))
      assert.same({}, ids(diplomacy.new():events()))
      assert.same({}, ids(fresh():actors { kind = "person" })) -- kinds and types the format defines
      assert.same({}, ids(fresh():places { kind = "city" }))
      assert.same({}, ids(fresh():events { type = "summit" }))
      assert.same({}, ids(fresh():events { where = function() return false end }))
      assert.same({}, ids(fresh():events { cameo = "19" }))
      assert.same({}, ids(fresh():members("OSCE")))
      assert.same({}, ids(fresh():meetings("RUS", "OSCE")))
      assert.same({}, ids(fresh():events { actor = "RUS" }))
      assert.equal(0, #fresh():partners("RUS"))
      assert.equal(0, #fresh():venues("RUS"))
      assert.equal(0, #fresh():venues("RUS", "OSCE"))
      assert.same({}, ids(fresh():actor("RUS"):memberships()))
      assert.equal("(none)", tostring(fresh():meetings("RUS", "OSCE")))
    end)
  end)

  describe("argument checking", function()
    local ds
    before_each(function()
      local t = diplomats()
      table.insert(t.actors, { id = "USA-2", name = "Another US", kind = "agency", aliases = { "us" } })
      ds = dataset(t)
    end)

    it("raises for an ambiguous name, listing the ids", function()
      local err = error_of(ds.meetings, ds, "RUS", "Us")
      assert.matches("ambiguous", err)
      assert.matches("'USA'", err)
      assert.matches("'USA%-2'", err)
      assert.matches("ambiguous", error_of(ds.partners, ds, "us"))
      assert.matches("ambiguous", error_of(ds.events, ds, { actor = "uS" }))
    end)

    it("raises for a name that is one actor's alias and, in another case, another's", function()
      -- "US" is an alias of USA, "us" one of USA-2: both fit, whatever the case
      assert.matches("ambiguous", error_of(ds.actor, ds, "US"))
      assert.equal("USA", ds:actor("USA").id)
    end)

    it("raises unknown actor 'X' for a name that fits nothing", function()
      assert.matches("unknown actor 'Ruritania'", error_of(ds.meetings, ds, "Ruritania", "RUS"))
      assert.matches("unknown actor 'Ruritania'", error_of(ds.venues, ds, "RUS", "Ruritania"))
      assert.matches("unknown actor 'Ruritania'", error_of(ds.events, ds, { actor = "Ruritania" }))
      assert.matches("unknown actor 'Ruritania'", error_of(ds.members, ds, "Ruritania"))
    end)

    it("raises for a misspelt option", function()
      assert.matches("unknown option 'form'", error_of(ds.meetings, ds, "RUS", "USA-DOS", { form = "2022" }))
      assert.matches("unknown option 'form'", error_of(ds.events, ds, { form = "2022" }))
      assert.matches("unknown option 'form'", error_of(ds.partners, ds, "RUS", { form = "2022" }))
      assert.matches("unknown option 'form'", error_of(ds.venues, ds, "RUS", "USA-DOS", { form = "2022" }))
      assert.matches("unknown option 'with'", error_of(ds.meetings, ds, "RUS", "USA-DOS", { with = "RUS" }))
    end)

    it("raises for a bad date, naming the option", function()
      local err = error_of(ds.meetings, ds, "RUS", "USA-DOS", { from = "2022-02-30" })
      assert.matches("'from'", err)
      assert.matches("2022%-02%-30", err)
      assert.matches("'to'", error_of(ds.events, ds, { to = "next week" }))
      assert.matches("'from'", error_of(ds.partners, ds, "RUS", { from = "2022-1-5" }))
      assert.matches("'to'", error_of(ds.events, ds, { to = 2022 }))
    end)

    it("raises for wrong types", function()
      assert.matches("options must be a table", error_of(ds.meetings, ds, "RUS", "USA-DOS", "2022"))
      assert.matches("Actor expected", error_of(ds.meetings, ds, 42, "RUS"))
      assert.matches("Actor expected", error_of(ds.meetings, ds, "RUS", nil))
      assert.matches("'type'", error_of(ds.events, ds, { type = 5 }))
      assert.matches("'status'", error_of(ds.events, ds, { status = "canceled" }))
      assert.matches("Place expected", error_of(ds.events, ds, { place = true }))
      assert.matches("Dataset expected", error_of(ds.meetings, nil, "RUS", "USA"))
    end)

    it("raises for an actor of another dataset", function()
      local other = diplomacy.sample()
      assert.matches("another dataset", error_of(ds.meetings, ds, other:actor("RUS"), "USA-DOS"))
    end)
  end)

  describe("on the sample", function()
    local ds
    before_each(function() ds = diplomacy.sample() end)

    it("has Russia meet the United States in Geneva on 10 and in Vienna on 13 January", function()
      local m = ds:meetings("Russia", "United States")
      assert.equal(2, #m)
      assert.equal("2022-01-10", m[1].start)
      assert.equal("Geneva", m[1].place.name)
      assert.equal("2022-01-13", m[2].start)
      assert.equal("Vienna", m[2].place.name)
      assert.same({ "2022-01-10-geneva-talks", "2022-01-13-osce-vienna" }, ids(m))
    end)

    it("has Russia meet NATO in Brussels on 12 January", function()
      local m = ds:meetings("RUS", "NATO")
      assert.same({ "2022-01-12-nato-russia-council" }, ids(m))
      assert.equal("Brussels", m[1].place.name)
      assert.equal("2022-01-12", m[1].start)
    end)

    it("has Ryabkov meet Sherman, and not Russia", function()
      assert.same({ "2022-01-10-geneva-talks" }, ids(ds:meetings("Ryabkov", "Sherman")))
      assert.same({}, ids(ds:meetings("Ryabkov", "Russia")))
    end)

    it("makes Zakharova's briefing an event but no meeting", function()
      assert.same({ "2021-12-zakharova-briefing" }, ids(ds:events { actor = "Zakharova", type = "briefing" }))
      assert.same({}, ids(ds:partners("Zakharova")))
      assert.same({}, ids(ds:meetings("Zakharova", "United States")))
    end)

    it("accepts aliases: Moscow and US", function()
      assert.same(ids(ds:meetings("Russia", "United States")), ids(ds:meetings("Moscow", "US")))
    end)

    it("makes every NATO member meet Russia on 12 January with members", function()
      local members = ds:members("NATO", { at = "2022-01-12" })
      for _, state in ipairs(members) do
        local m = ds:meetings(state, "RUS", { members = true, place = "Belgium" })
        assert.same({ "2022-01-12-nato-russia-council" }, ids(m), state.id)
      end
      -- Finland is not a member in the sample
      assert.same({}, ids(ds:meetings("Finland", "RUS", { members = true, place = "Belgium" })))
    end)

    it("finds the January meetings in Europe", function()
      assert.same({ "2022-01-10-geneva-talks", "2022-01-12-nato-russia-council", "2022-01-13-osce-vienna" },
        ids(ds:meetings("RUS", "USA", { place = "Europe", members = true })))
    end)

    it("prints results one line per event, with the date and the place", function()
      local m = ds:meetings("Russia", "United States")
      local text = tostring(m)
      local lines = {}
      for line in text:gmatch("[^\n]+") do lines[#lines + 1] = line end
      assert.equal(#m, #lines)
      assert.matches("2022%-01%-10", lines[1])
      assert.matches("Geneva", lines[1])
      assert.matches("2022%-01%-13", lines[2])
      assert.matches("Vienna", lines[2])
    end)

    it("iterates results with ipairs", function()
      local seen = {}
      for i, e in ipairs(ds:meetings("Russia", "United States")) do
        assert.is_true(diplomacy.is.event(e))
        seen[i] = e.id
      end
      assert.same({ "2022-01-10-geneva-talks", "2022-01-13-osce-vienna" }, seen)
      for _, row in ipairs(ds:partners("Ryabkov")) do
        assert.is_true(diplomacy.is.actor(row.actor))
        assert.is_number(row.count)
      end
    end)

    it("prints partner and venue rows readably", function()
      local text = tostring(ds:venues("Russia", "United States"))
      assert.matches("Geneva", text)
      assert.matches("Vienna", text)
      text = tostring(ds:partners("Ryabkov"))
      assert.matches("Wendy Sherman", text)
      assert.matches("2022%-01%-10", text)
    end)
  end)
end)
