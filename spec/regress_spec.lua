-- regress_spec.lua: every input kept in spec/fixtures/regress/ (crashers found by make fuzz) is read or refused
-- with a message, and what is read answers queries and saves JSON that loads again
local diplomacy = require "diplomacy"

local ROOT = "spec/fixtures/regress/"

local support = require "support"
local files, read = support.listing, support.read_file

-- How each target's inputs enter through the Lua interface: a dataset, or nil and a message.
local open = {
  json = function(path) return diplomacy.decode(read(path), path) end,
  snapshot = function(path) return diplomacy.load(path) end,
  gdelt = function(path) return diplomacy.import(path, { format = "gdelt" }) end,
  icews = function(path) return diplomacy.import(path, { format = "icews" }) end,
  hsg = function(path)
    return diplomacy.import(path, { format = read(path):find("<visits", 1, true) and "hsg-visits" or "hsg-travels" })
  end,
}

local function exercise(ds)
  local events = ds:events()
  assert.equal(ds:counts().events, #events)
  local actors = ds:actors()
  for i = 1, math.min(3, #actors) do
    assert.is_table(ds:partners(actors[i]))
    assert.is_table(ds:venues(actors[i]))
    if actors[i + 1] then assert.is_table(ds:meetings(actors[i], actors[i + 1])) end
  end
  for i = 1, math.min(8, #events) do assert.is_table(events[i].participants) end
  local back, err = diplomacy.decode(ds:encode())
  assert.is_table(back, err)
  assert.same(ds:counts(), back:counts())
end

describe("inputs that once broke the project", function()
  local count = 0
  for target, enter in pairs(open) do
    for _, name in ipairs(files(ROOT .. target)) do
      if name ~= "README.md" then
        count = count + 1
        it(target .. "/" .. name, function()
          local ds, err = enter(ROOT .. target .. "/" .. name)
          if ds then exercise(ds) else assert.is_string(err) end
        end)
      end
    end
  end

  it("are all found", function()
    assert.is_true(count >= 1)
  end)
end)
