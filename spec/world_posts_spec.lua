-- world_posts_spec.lua: the world's leaders with titled, dated posts (tools/world/gen.mjs from the Phoenix
-- dictionary and the Office of the Historian's visits and trips), found by title and date, and used by ds:extract
local diplomacy = require "diplomacy"

local world = diplomacy.world()

-- The posts of `who` (an actor) with this title at this state holding on day `at`.
local function holds(who, title, state, at)
  for _, r in ipairs(world:relations(who)) do
    if r.type == "position" and r.title == title and r.target.id == state and (r.start or "") <= at and
       (r["end"] == nil or r["end"] >= at) then
      return true
    end
  end
  return false
end

local function found(query, at, id)
  for _, row in ipairs(world:find(query, { at = at, kind = "person", limit = 400 })) do
    if row.actor.id == id then return true end
  end
  return false
end

describe("the world's leaders", function()
  it("give heads of state and government and foreign ministers their titles, dated", function()
    local lavrov = world:actor("Sergey Lavrov")
    assert.are.equal("person", lavrov.kind)
    assert.is_true(holds(lavrov, "Foreign Minister", "RUS", "2014-05-01"))
    assert.is_false(holds(lavrov, "Foreign Minister", "RUS", "1999-05-01")) -- Igor Ivanov's time
    assert.is_true(holds(world:actor("Angela Merkel"), "Chancellor", "DEU", "2010-06-01"))
    assert.is_true(holds(world:actor("John Kerry"), "Secretary of State", "USA", "2015-01-01"))
    assert.is_false(holds(world:actor("John Kerry"), "Secretary of State", "USA", "2010-01-01"))
    -- one person, two posts in turn
    assert.is_true(holds(world:actor("Boris Johnson"), "Foreign Secretary", "GBR", "2017-01-01"))
    assert.is_true(holds(world:actor("Boris Johnson"), "Prime Minister", "GBR", "2020-06-01"))
    assert.is_false(holds(world:actor("Boris Johnson"), "Prime Minister", "GBR", "2017-01-01"))
    -- the Phoenix codes stay beside the titles
    local government = false
    for _, r in ipairs(world:relations(lavrov)) do government = government or r.title == "government" end
    assert.is_true(government)
  end)

  it("find the holders of a title on a date", function()
    assert.is_true(found("Foreign Minister", "2014-05-01", world:actor("Sergey Lavrov").id))
    assert.is_true(found("Chancellor", "2010-06-01", world:actor("Angela Merkel").id))
    assert.is_false(found("Chancellor", "1995-06-01", world:actor("Angela Merkel").id))
  end)

  it("hold each leader the Office of the Historian records on a visit in that post on those days", function()
    local f = io.open("../shared/data/hsg/visits/2010.xml")
    if not f then pending("skipped: ../shared/data not present") return end
    local xml = f:read("a")
    f:close()
    local states = { ["united-kingdom"] = "GBR", germany = "DEU", japan = "JPN", india = "IND", china = "CHN",
                     france = "FRA", israel = "ISR" }
    local titles = { "Prime Minister", "Chancellor", "President" }
    local checked = 0
    for visit in xml:gmatch("<visit>(.-)</visit>") do
      local start, visitor = visit:match("<start%-date>(.-)</start%-date>"), visit:match("<visitor>%s*(.-)%s*</visitor>")
      local state = states[visit:match('<from id="(.-)"') or ""]
      for _, title in ipairs(titles) do
        local name = state and visitor and visitor:match("^" .. title:gsub(" ", "%%s+") .. "%s+(%S+.*)$")
        if name and not name:find(" and ") then
          local ok, who = pcall(world.actor, world, name)
          assert.is_true(ok, name)
          assert.is_true(holds(who, title, state, start), title .. " " .. name .. " " .. start)
          checked = checked + 1
          break
        end
      end
    end
    assert.is_true(checked >= 20, "visits checked: " .. checked)
  end)
end)

describe("ds:extract with the world's titles", function()
  local text = "The Russian foreign minister met his Chinese counterpart in Beijing on Monday."

  it("names the one holder of a post on the day of publication", function()
    local doc = assert(world:extract(text, { published = "2014-05-01" }))
    assert.are.equal(1, #doc.events)
    local actors = {}
    for _, p in ipairs(doc.events[1].participants) do actors[p.side] = p.actor end
    assert.are.equal(world:actor("Sergey Lavrov").id, actors.RUS)
    assert.are.equal("CHN", actors.CHN) -- "counterpart" is no title the world holds
  end)

  it("lets the state stand in when the world knows no holder that day", function()
    local doc = assert(world:extract(text, { published = "1985-05-01" }))
    assert.are.equal(1, #doc.events)
    for _, p in ipairs(doc.events[1].participants) do assert.are.equal(p.side, p.actor) end
  end)
end)
