-- repl_spec.lua: the prompt behind bin/diplomacy, fed lines as a person would type them
local diplomacy = require "diplomacy"
local repl = require "diplomacy.repl"

-- Runs the prompt on the given lines; returns everything it wrote.
local function session(lines, ds)
  local input = { i = 0 }
  function input:read() self.i = self.i + 1; return lines[self.i] end
  local out = {}
  local output = { write = function(self, ...) for _, s in ipairs { ... } do out[#out + 1] = tostring(s) end return self end,
                   flush = function() end }
  local ok = repl.run(ds or diplomacy.sample(), "the sample", input, output)
  return table.concat(out), ok
end

describe("the REPL", function()
  it("shows an expression's value as a readable line", function()
    local out, ok = session { 'ds:actor("Lavrov")' }
    assert.is_true(ok)
    assert.matches("> Sergei Lavrov %(person, lavrov%)\n", out)
  end)

  it("shows query results one per line", function()
    local out = session { 'ds:meetings("Russia", "US")' }
    assert.matches("2022%-01%-10 talks at Geneva[^\n]*\n2022%-01%-13 meeting at Vienna", out)
  end)

  it("reports errors with where they happened and goes on", function()
    local out = session { 'ds:meetings("Atlantis", "US")', '1 + 1' }
    assert.matches("error: stdin:1: unknown actor 'Atlantis'", out)
    assert.matches("> 2\n", out)
  end)

  it("waits for the rest of an unfinished statement", function()
    local out = session { "for i = 1, 2 do", "print('row ' .. i)", "end" }
    assert.matches(">> ", out)
    assert.matches("row 1\nrow 2", out)
  end)

  it("lists the interface with help()", function()
    local out = session { "help()" }
    for _, name in ipairs { "ds:meetings", "ds:partners", "ds:venues", "ds:events", "ds:members", "diplomacy.load",
                            "ds:network", "g:centrality", "ds:path", "ds:import", "ds:export" } do
      assert.is_truthy(out:find(name, 1, true), name .. " missing from help()")
    end
  end)

  it("shows the first rows of a long list and says how many there are", function()
    local out = session { 'ds:partners("Russia")' }
    local total = #diplomacy.sample():partners("Russia")
    assert.is_true(total > 40)
    assert.matches("%.%.%. and " .. (total - 40) .. " more %(" .. total .. " in all", out)
  end)

  it("shows plain tables, strings and several values", function()
    local out = session { '{ a = 1, "x" }', '"text", nil, true' }
    assert.matches('{ "x", a = 1 }', out)
    assert.matches('"text"\nnil\ntrue', out)
  end)
end)

describe("error messages", function()
  -- Each raise names the line of the caller, not a line inside the module.
  it("point at the line that called the query", function()
    local ds = diplomacy.sample()
    local calls = {
      function() ds:meetings("Atlantis", "US") end,
      function() ds:meetings("Russia", "US", { place = "Atlantis" }) end,
      function() ds:venues("Russia", "Atlantis") end,
      function() ds:partners("Russia", { kind = 1 }) end,
      function() ds:events { actor = "Atlantis" } end,
      function() ds:members("Atlantis") end,
    }
    for i, call in ipairs(calls) do
      local line = debug.getinfo(call, "S").linedefined
      local ok, err = pcall(call)
      assert.is_false(ok)
      assert.matches("repl_spec.lua:" .. line .. ": ", err, nil, "call " .. i)
    end
  end)
end)
