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
    assert.equal("Sergei Lavrov (person, lavrov)\n", out)
  end)

  it("shows query results one per line", function()
    local out = session { 'ds:meetings("Russia", "US")' }
    assert.matches("2022%-01%-10 talks at Geneva[^\n]*\n2022%-01%-13 meeting at Vienna", out)
  end)

  it("reports errors with where they happened and goes on", function()
    local out = session { 'ds:meetings("Atlantis", "US")', '1 + 1' }
    assert.matches("^error: stdin:1:14: unknown actor 'Atlantis'", out)
    assert.matches("\n2\n$", out)
  end)

  it("waits for the rest of an unfinished statement", function()
    local out = session { "for i = 1, 2 do", "print('row ' .. i)", "end" }
    assert.equal("row 1\nrow 2\n", out)
  end)

  it("lists the interface with help()", function()
    local out = session { "help()" }
    for _, name in ipairs { "ds:meetings", "ds:partners", "ds:venues", "ds:events", "ds:members", "diplomacy.load",
                            "ds:network", "g:centrality", "ds:path", "ds:import", "ds:export", "ds:find",
                            "ds:alias", "ds:merge_actors", "cameo", "where", "Tab", "Ctrl-C" } do
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

describe("the REPL's printing", function()
  it("shows result rows as a table with a header", function()
    local out = session { 'ds:venues("Russia")' }
    assert.equal("count  place\n-----  -------------------\n    1  Brussels [brussels]\n    1  Geneva [geneva]\n" ..
      "    1  Vienna [vienna]\n", out)
    out = session { 'ds:partners("Russia", {kind = "person"})' }
    assert.matches("^count  actor +first +last\n%-%-%-%-%-  %-+  %-+  %-+\n    1  Wendy Sherman %[sherman%] +2022%-01%-10  2022%-01%-10\n", out)
    out = session { 'ds:network():centrality("degree")' }
    assert.matches("^ +score  actor\n%-+  %-+\n +1  Russia %[RUS%]\n0%.982456  Albania %[ALB%]\n", out)
    out = session { 'ds:series("Russia", "US", {by = "month"})' }
    assert.matches("^count  period\n", out)
  end)

  it("shows groups one block each", function()
    local out = session { 'ds:network{from = "2022-01-10", to = "2022-01-10"}:components()' }
    assert.equal("group 1 (2):\n  Russia (state, RUS)\n  United States (state, USA)\n", out)
  end)

  it("shows nested tables indented with their keys sorted, and cuts long strings", function()
    local out = session { 'ds:event("2021-11-putin-warnings").sources' }
    assert.equal('{\n  {\n    by = Vladimir Putin (person, putin),\n    published = "2021-12-30",\n    publisher = "Press TV"\n  }\n}\n', out)
    out = session { '{ b = { c = { 1, 2 } }, a = string.rep("x", 500) }' }
    assert.matches('^{\n  a = "x+%.%.%.",\n  b = {\n    c = { 1, 2 }\n  }\n}\n$', out)
    assert.is_true(#out < 300)
  end)

  it("shows numbers with the digits that matter and text as text", function()
    assert.equal("6.1432\n0.1\n3\n1e+100\n", session { "6.1432", "0.1 + 0 * 1", "3", "1e100" })
    assert.equal("1.0\n", session { "1.0" })
    local out = session { "ds:network():to_dot()" }
    assert.matches("^graph", out)
    assert.is_nil(out:find('\\n', 1, true))
  end)

  it("writes GeoJSON coordinates with the digits that matter, as text", function()
    local out = session { 'ds:to_geojson{from = "2022-01-10", to = "2022-01-10"}' }
    assert.matches('^{"type":"FeatureCollection"', out)
    assert.matches('"coordinates":%[6%.1432,46%.2044%]', out)
    local all = diplomacy.sample():to_geojson()
    assert.is_nil(all:find("00000", 1, true))
    for lon, lat in all:gmatch('"coordinates":%[([^,]+),([^%]]+)%]') do
      assert.is_true(#lon <= 10 and #lat <= 10, lon .. "," .. lat)
    end
  end)

  it("keeps local names from one line to the next", function()
    assert.equal("42\n", session { "local x = 41", "x + 1" })
    assert.equal("8\n", session { "local function double(n) return 2 * n end", "double(4)" })
    assert.equal("3\n", session { "local a, b <const> = 1, 2", "a + b" })
    assert.equal("nil\n", session { "local y", "y" })
  end)

  it("reads errors as 'error: ' with the column of a one-line input", function()
    assert.equal("error: stdin:1:4: unexpected symbol near '*'\n", session { "1 +* 2" })
    assert.equal("error: stdin:1:4: attempt to call a nil value (method 'meet')\n", session { 'ds:meet("Russia", "US")' })
    local out = session { "ds:partners(", "'Lavrof')" }
    assert.equal("error: stdin:1: unknown actor 'Lavrof' (did you mean: Sergei Lavrov [lavrov])\n", out)
    assert.equal("nil\n\"unknown actor 'Lavrof' (did you mean: Sergei Lavrov [lavrov])\"\n", session { "ds:actor('Lavrof')" })
  end)
end)

describe("the REPL's completion", function()
  local ds = diplomacy.sample()
  local env = setmetatable({ ds = ds, diplomacy = diplomacy }, { __index = _G })
  local function complete(line)
    local _, list = repl.candidates(line, env)
    return list
  end

  it("completes methods, fields and globals", function()
    assert.same({ "meetings" }, complete("ds:mee"))
    assert.same({ "find" }, complete("ds:fin"))
    assert.same({ "meetings", "members", "merge_actors", "meta" }, complete("x = ds:me"))
    assert.same({ "decode" }, complete("diplomacy.dec"))
    assert.same({ "diplomacy" }, complete("diplo"))
    assert.same({ "affiliations", "aliases" }, complete('ds:actor("Russia"):a'))
  end)

  it("completes option keys inside braces", function()
    assert.same({ "kind = " }, complete('ds:partners("Russia", {ki'))
    assert.same({ "from = " }, complete('ds:events{to = "2022", fr'))
  end)

  it("completes actor and place names inside quotes", function()
    assert.same({ "Ryabkov" }, complete('ds:actor("Ryab'))
    assert.same({ "Sergei Lavrov" }, complete('ds:actor("sergei Lav'))
    assert.same({ "Geneva", "Geneve" }, complete("ds:venues('Russia', 'Gen"))
  end)

  it("completes file names in the calls that read and write files", function()
    assert.same({ "spec/fixtures/names.json" }, complete('diplomacy.load("spec/fixtures/nam'))
    assert.same({ "spec/fixtures/import/" }, complete("ds:import('spec/fixtures/imp"))
    assert.same({ 17, "spec/fixtures/import/" }, { repl.complete("ds:import('spec/fixtures/imp", env) })
    assert.same({ 17, 'spec/fixtures/names.json"' }, { repl.complete('diplomacy.load("spec/fixtures/nam', env) })
  end)

  it("replaces the word with the one choice, the choices' common start, or lists them", function()
    assert.same({ 10, 'Sergei Lavrov"' }, { repl.complete('ds:actor("sergei Lav', env) })
    assert.same({ 3, "Genev" }, { repl.complete("ds:venues('Russia', 'Gen", env) })
    local del, insert, listing = repl.complete("ds:me", env, 40)
    assert.equal(0, del)
    assert.equal("", insert)
    assert.equal("meetings      merge_actors\nmembers       meta", listing)
    assert.same({ 0, "" }, { repl.complete("ds:zzz", env) })
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

---------------------------------------------------------------- bin/diplomacy, as a person runs it

local LUA = "lua5.4"

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

local function tmpdir()
  local p = os.tmpname()
  os.remove(p)
  assert(os.execute("mkdir -p " .. shell_quote(p)))
  return p
end

-- Runs bin/diplomacy with args, its standard input from text; returns stdout, stderr, exit code.
local function run(args, text)
  local dir = tmpdir()
  local input, out, err = dir .. "/in", dir .. "/out", dir .. "/err"
  local f = assert(io.open(input, "w"))
  f:write(text or "")
  f:close()
  local ok, _, code = os.execute(string.format("%s bin/diplomacy %s <%s >%s 2>%s", LUA, args, shell_quote(input),
    shell_quote(out), shell_quote(err)))
  local function slurp(p)
    local h = assert(io.open(p))
    local s = h:read("a")
    h:close()
    os.remove(p)
    return s
  end
  local o, e = slurp(out), slurp(err)
  os.remove(input)
  os.remove(dir)
  return o, e, ok and 0 or code
end

describe("bin/diplomacy without a terminal", function()
  it("reads plain lines and writes no prompts and no banner", function()
    local out, err, code = run("", "x = 20\nx + 22\nds:actor('Lavrov')\n")
    assert.equal("42\nSergei Lavrov (person, lavrov)\n", out)
    assert.equal("", err)
    assert.equal(0, code)
  end)

  it("opens JSON and import files together into one dataset, counting what it skipped", function()
    local out, err, code = run("spec/fixtures/names.json spec/fixtures/import/icews-malformed.tab " ..
      "spec/fixtures/import/hsg-visits-sample.xml", "ds:counts().events\nds:find('Lavrov')[1].actor.id\n")
    assert.equal(0, code)
    local icews = assert(err:match("icews%-malformed%.tab: (%d+) events imported, 4 rows skipped"))
    local hsg = assert(err:match("hsg%-visits%-sample%.xml: (%d+) events imported, 0 rows skipped"))
    assert.matches("skipped ", err)
    assert.equal(string.format("%d\n\"icews:Sergey Viktorovich Lavrov\"\n", 4 + tonumber(icews) + tonumber(hsg)), out)
  end)

  it("adds a second dataset file to the first, and reads a snapshot", function()
    local dir = tmpdir()
    local snap = dir .. "/names.snap"
    local ds = assert(diplomacy.load("spec/fixtures/names.json"))
    assert(ds:save(snap, { format = "snapshot" }))
    local out, err, code = run("spec/fixtures/meetings.json " .. shell_quote(snap), "ds:counts().actors\n")
    os.remove(snap)
    os.remove(dir)
    assert.equal(0, code)
    local added = assert(tonumber(err:match("names%.snap: %d+ events, (%d+) actors")))
    local base = assert(diplomacy.load("spec/fixtures/meetings.json")):counts().actors
    assert.equal(string.format("%d\n", base + added), out)
    assert.is_true(added > 0)
  end)

  it("refuses an argument it cannot use", function()
    local _, err, code = run("spec/fixtures/no-such-file.json", "")
    assert.equal(1, code)
    assert.matches("no%-such%-file%.json: No such file", err)
    _, err, code = run("--frobnicate", "")
    assert.equal(1, code)
    assert.matches("unknown option '%-%-frobnicate'", err)
    _, err, code = run("spec/fixtures/import/README.md", "")
    assert.equal(1, code)
    assert.matches("README%.md", err)
  end)

  it("says what it opens with --help", function()
    local out, _, code = run("--help", "")
    assert.equal(0, code)
    for _, word in ipairs { "FILE%.%.%.", "JSON", "snapshot", "import", "GDELT", "ICEWS", "Historian", "skip" } do
      assert.matches(word, out)
    end
  end)
end)

describe("bin/diplomacy on a terminal", function()
  local ptyrun = "build/ptyrun"
  local have = io.open(ptyrun) and true

  -- Plays steps ({"send", text}, {"expect", text}, {"sleep", ms}) at the REPL on a pseudo-terminal
  -- with HOME set to home; returns what the screen showed (escapes and carriage returns taken out)
  -- and the exit status of the run.
  local function pty(home, steps, args)
    local dir = tmpdir()
    local script = dir .. "/script"
    local f = assert(io.open(script, "w"))
    for _, s in ipairs(steps) do f:write(s[1], " ", tostring(s[2]), "\n") end
    f:close()
    local p = assert(io.popen(string.format("HOME=%s %s %s %s bin/diplomacy %s", shell_quote(home), ptyrun,
      shell_quote(script), LUA, args or "")))
    local screen = p:read("a")
    local _, _, code = p:close()
    os.remove(script)
    os.remove(dir)
    screen = screen:gsub("\27%[[%d;?]*[%a@]", ""):gsub("\r", "")
    return screen, code
  end

  local function count(s, pattern)
    local n = 0
    for _ in s:gmatch(pattern) do n = n + 1 end
    return n
  end

  it("edits a line with the arrows: Up recalls it, Left moves into it", function()
    if not have then return pending("skipped: build/ptyrun not built (make test builds it)") end
    local home = tmpdir()
    local screen, code = pty(home, {
      { "expect", "> " }, { "send", "1 + 41\\r" }, { "expect", "42" }, { "expect", "> " },
      { "send", "\\e[A" }, { "sleep", 100 }, { "send", "\\e[D0\\r" }, { "expect", "402" }, { "expect", "> " },
      { "send", "\\x04" },
    })
    assert.equal(0, code)
    assert.matches("\n42\n", screen)
    assert.matches("\n402\n", screen)
    os.remove(home .. "/.diplomacy_history")
    os.remove(home)
  end)

  it("keeps the history in ~/.diplomacy_history from one run to the next, searched with Ctrl-R", function()
    if not have then return pending("skipped: build/ptyrun not built (make test builds it)") end
    local home = tmpdir()
    local _, code = pty(home, { { "expect", "> " }, { "send", "'needle' .. 1\\r" }, { "expect", "needle1" },
                                { "expect", "> " }, { "send", "2 + 2\\r" }, { "expect", "4" }, { "expect", "> " },
                                { "send", "\\x04" } })
    assert.equal(0, code)
    local f = assert(io.open(home .. "/.diplomacy_history"))
    local saved = f:read("a")
    f:close()
    assert.matches("'needle'", saved) -- in libedit's file format, which writes a space as \040
    local screen = pty(home, { { "expect", "> " }, { "send", "\\e[A\\e[A\\r" }, { "expect", "needle1" }, { "expect", "> " },
                               { "send", "\\x12needl" }, { "sleep", 200 }, { "send", "\\r" }, { "sleep", 200 },
                               { "send", "\\r" }, { "expect", "> " }, { "send", "\\x04" } })
    assert.equal(2, count(screen, '\n"needle1"\n'))
    os.remove(home .. "/.diplomacy_history")
    os.remove(home)
  end)

  it("completes methods, option keys and names with Tab", function()
    if not have then return pending("skipped: build/ptyrun not built (make test builds it)") end
    local home = tmpdir()
    local screen, code = pty(home, {
      { "expect", "> " }, { "send", "ds:mee\\t" }, { "sleep", 200 }, { "send", "(\"Russia\", \"US\")\\r" },
      { "expect", "talks at Geneva" }, { "expect", "> " },
      { "send", "ds:actor(\"Ryab\\t" }, { "sleep", 200 }, { "send", ")\\r" }, { "expect", "(person, ryabkov)" }, { "expect", "> " },
      { "send", "ds:partners(\"Russia\", {ki\\t" }, { "sleep", 200 }, { "send", "\"person\"})\\r" },
      { "expect", "Wendy Sherman" }, { "expect", "> " },
      { "send", "\\x04" },
    })
    assert.equal(0, code)
    assert.matches('ds:meetings%("Russia", "US"%)\n2022%-01%-10 talks at Geneva', screen)
    assert.matches('ds:actor%("Ryabkov"%)\nSergei Ryabkov %(person, ryabkov%)', screen)
    assert.matches('ds:partners%("Russia", {kind = "person"}%)\ncount  actor', screen)
    os.remove(home .. "/.diplomacy_history")
    os.remove(home)
  end)

  it("cancels the line with Ctrl-C, interrupts a running loop, and leaves with Ctrl-D", function()
    if not have then return pending("skipped: build/ptyrun not built (make test builds it)") end
    local home = tmpdir()
    local screen, code = pty(home, {
      { "expect", "> " }, { "send", "this is not lua" }, { "sleep", 200 }, { "send", "\\x03" }, { "expect", "^C" }, { "expect", "> " },
      { "send", "2 + 3\\r" }, { "expect", "5" }, { "expect", "> " },
      { "send", "while true do end\\r" }, { "sleep", 300 }, { "send", "\\x03" }, { "expect", "interrupted" }, { "expect", "> " },
      { "send", "'still here'\\r" }, { "expect", "still here" }, { "expect", "> " },
      { "send", "\\x04" },
    })
    assert.equal(0, code)
    assert.matches("this is not lua%^C\n> 2 %+ 3\n5\n", screen)
    assert.matches("error: interrupted\n", screen)
    assert.matches('"still here"\n', screen)
    assert.is_nil(screen:find("error: stdin", 1, true))
    os.remove(home .. "/.diplomacy_history")
    os.remove(home)
  end)
end)
