-- diplomacy.repl: the read-eval-print loop behind bin/diplomacy, with readable printing and help()
local diplomacy = require "diplomacy"

local M = {}

local HELP = [[
diplomacy ]] .. diplomacy.version .. [[ -- who meets whom in diplomatic event data

  ds                          the dataset loaded at start
  diplomacy.load(path)        a Dataset from a JSON file (or nil, message)
  diplomacy.decode(text)      the same from a string
  diplomacy.sample()          the built-in sample (the January 2022 security talks)
  diplomacy.new()             an empty Dataset

  ds:actor(name)  ds:place(name)  ds:event(id)     one object (names: id, name or alias, any case)
  ds:find(text, {kind=, limit=, at=})             actors and places whose names fit, best first
  ds:alias(actor, name)  ds:merge_actors(keep, other)    another name; two spellings made one
  ds:actors{kind=}  ds:places{kind=}              all of them, sorted by id
  ds:members(org, {at=date})                      who is member_of org at a date
  ds:events{from=, to=, place=, type=, status=, actor=, with=, members=, cameo=, where=}
  ds:meetings(a, b, opts)                         meetings at which a and b meet
  ds:partners(a, opts)                            who meets a, how often, first and last
  ds:venues(a, b, opts)                           where a meets b (b optional)
  ds:relations(actor)                             posts, memberships, parts
  ds:add_place(t) ds:add_actor(t) ds:add_relation(t) ds:add_event(t)
  ds:save(path)  ds:save(path, {format = "snapshot"})  ds:encode()  ds:counts()  ds:meta()

  ds:network(opts)  (opts.nodes = "sides", "participants" or a kind)  the meeting graph g:
    g:nodes() g:edges() g:edge(a, b) g:degree(a) g:strength(a) g:neighbors(a) g:ego(a, r)
    g:centrality("betweenness") (degree, strength, closeness, eigenvector, pagerank)
    g:components() g:communities() g:save("net.svg") (.png .dot .graphml .gexf .json)
  ds:path(a, b, opts)  ds:reach(a, opts)  ds:series(a, b, {by = "month"})  ds:to_geojson(opts)

  ds:import(path, {format = "gdelt" | "icews" | "hsg-travels" | "hsg-visits" | "csv"})
  diplomacy.import(path, opts)  ds:export(path, {format = "csv" | "gdelt" | "geojson"})
  ds:export(dir, {format = "csv", partition = "year"})   flat tables a folder per year

  diplomacy.world()               states, organizations, cities and leaders, ready to query
  ds:extract(text, {published = "2021-12-30"})   the events a news text reports, as a document
  ds:add(doc)                     adds a whole document (all or nothing); diplomacy.extract(text, opts)

  actor:affiliations(date)  actor:memberships(date)  actor:relations()
  event.participants  event.place  event.sources   fields of an event

  Dates: "2022", "2022-01", "2022-01-10", "2022-01-10T14:30+01:00".
  Every query takes cameo = "04" (a CAMEO code or prefix) and where = function(event) ... end.
  Type an expression to see its value; a statement runs as is; `local` names stay.
  Tab completes names, methods, option keys and actor names in quotes; Up/Down and
  Ctrl-R walk the history (~/.diplomacy_history); Ctrl-C cancels; Ctrl-D leaves.]]

-- A readable form of any value: objects and result lists have their own.
local LONG = 40     -- result lists longer than this show their first rows only
local WIDE = 72     -- a table that fits in this many columns prints on one line
local CELL = 48     -- table cells are cut to this width
local STRING = 200  -- strings inside tables are cut to this length

local function number(v)
  if math.type(v) == "float" then
    if v ~= v or v == math.huge or v == -math.huge then return tostring(v) end
    local s = string.format("%.14g", v)
    if not s:find("[%.eEn]") then s = s .. ".0" end
    return s
  end
  return tostring(v)
end

local function is_object(v)
  local mt = getmetatable(v)
  return mt == diplomacy.Actor or mt == diplomacy.Place or mt == diplomacy.Event
end

local function cut(s, n)
  if #s <= n then return s end
  return s:sub(1, n - 3) .. "..."
end

-- Nested tables as inspect.lua shows them: keys sorted, indented, long strings cut.
local function nested(v, indent, seen)
  local t = type(v)
  if t == "string" then return string.format("%q", cut(v, STRING)):gsub("\\\n", "\\n") end
  if t == "number" then return number(v) end
  if t ~= "table" or is_object(v) then return tostring(v) end
  local mt = getmetatable(v)
  if mt and mt.__tostring and mt ~= diplomacy.List and not (mt == diplomacy.Row) then return tostring(v) end
  if seen[v] then return "<cycle>" end
  seen[v] = true
  local n, keys, parts = #v, {}, {}
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b)
    if type(a) ~= type(b) then return type(a) == "number" end
    if type(a) == "number" or type(a) == "string" then return a < b end
    return tostring(a) < tostring(b)
  end)
  local flat = true
  for i = 1, n do
    parts[#parts + 1] = nested(v[i], indent .. "  ", seen)
    flat = flat and (type(v[i]) ~= "table" or is_object(v[i]))
  end
  for _, k in ipairs(keys) do
    local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or ("[" .. nested(k, indent, seen) .. "]")
    parts[#parts + 1] = key .. " = " .. nested(v[k], indent .. "  ", seen)
    flat = flat and (type(v[k]) ~= "table" or is_object(v[k]))
  end
  seen[v] = nil
  if #parts == 0 then return "{}" end
  local line = "{ " .. table.concat(parts, ", ") .. " }"
  if flat and #line + #indent <= WIDE and not line:find("\n") then return line end
  return "{\n" .. indent .. "  " .. table.concat(parts, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

-- Columns of result rows, in an order a reader expects; others follow by name.
local COLUMNS = { "count", "weight", "score", "hops", "period", "at", "actor", "place", "a", "b", "type", "target", "title",
                  "first", "last", "start", "end" }

local function cell(v)
  if v == nil then return "" end
  local mt = getmetatable(v)
  if mt == diplomacy.Actor or mt == diplomacy.Place then return cut(v.name .. " [" .. v.id .. "]", CELL) end
  if mt == diplomacy.Event then return v.id end
  if type(v) == "number" then
    if math.type(v) == "float" then return string.format("%.6g", v) end
    return tostring(v)
  end
  if type(v) == "table" then return "{...}" end
  return cut(tostring(v), CELL)
end

-- Whether a list holds result rows: plain records of scalars and objects.
local function is_rows(v)
  local first = v[1]
  if type(first) ~= "table" or is_object(first) or #first > 0 then return false end
  local mt = getmetatable(first)
  if mt == nil or mt == diplomacy.List then return false end -- plain tables (sources) print nested
  for _, x in pairs(first) do
    if type(x) == "table" and not is_object(x) then return false end
    if type(x) == "function" then return false end
  end
  return next(first) ~= nil
end

local function rows_table(v, shown)
  local have = {}
  for i = 1, shown do for k in pairs(v[i]) do if type(k) == "string" then have[k] = true end end end
  local cols = {}
  for _, k in ipairs(COLUMNS) do if have[k] then cols[#cols + 1] = k; have[k] = nil end end
  local rest = {}
  for k in pairs(have) do rest[#rest + 1] = k end
  table.sort(rest)
  for _, k in ipairs(rest) do cols[#cols + 1] = k end
  local cells, width, numeric = {}, {}, {}
  for j, k in ipairs(cols) do width[j], numeric[j] = #k, true end
  for i = 1, shown do
    cells[i] = {}
    for j, k in ipairs(cols) do
      local x = v[i][k]
      cells[i][j] = cell(x)
      if #cells[i][j] > width[j] then width[j] = #cells[i][j] end
      if x ~= nil and type(x) ~= "number" then numeric[j] = false end
    end
  end
  local function line(items)
    local out = {}
    for j, s in ipairs(items) do
      local pad = string.rep(" ", width[j] - #s)
      out[j] = numeric[j] and (pad .. s) or (j == #items and s or s .. pad)
    end
    return (table.concat(out, "  "):gsub("%s+$", ""))
  end
  local lines = { line(cols) }
  local rule = {}
  for j = 1, #cols do rule[j] = string.rep("-", width[j]) end
  lines[2] = table.concat(rule, "  ")
  for i = 1, shown do lines[#lines + 1] = line(cells[i]) end
  return table.concat(lines, "\n")
end

local function more(v, shown)
  if #v <= shown then return nil end
  return string.format("... and %d more (%d in all; print(x) or ipairs shows every one)", #v - shown, #v)
end

local function show(v)
  local mt = getmetatable(v)
  if mt == diplomacy.List then
    if #v == 0 then return "(none)" end
    local shown = math.min(#v, LONG)
    local text
    if is_rows(v) then
      text = rows_table(v, shown)
    elseif getmetatable(v[1]) == diplomacy.List then
      -- groups (components, communities): one block each
      local blocks, lines = {}, 0
      for i = 1, #v do
        local names, n = {}, math.min(#v[i], math.max(LONG - lines, 5))
        for k = 1, n do names[k] = "  " .. tostring(v[i][k]) end
        if n < #v[i] then names[#names + 1] = string.format("  ... and %d more", #v[i] - n) end
        blocks[#blocks + 1] = string.format("group %d (%d):\n%s", i, #v[i], table.concat(names, "\n"))
        lines = lines + n + 1
        shown = i
        if lines >= LONG then break end
      end
      text = table.concat(blocks, "\n")
    elseif type(v[1]) == "table" and not is_object(v[1]) and not (getmetatable(v[1]) or {}).__tostring then
      local items = {}
      for i = 1, shown do items[i] = v[i] end
      text = nested(items, "", {})
    else
      local lines = {}
      for i = 1, shown do lines[i] = tostring(v[i]) end
      text = table.concat(lines, "\n")
    end
    local tail = more(v, shown)
    return tail and (text .. "\n" .. tail) or text
  end
  if mt and mt.__tostring then return tostring(v) end
  if type(v) == "string" then
    if v:find("\n") then return v end -- text results (GeoJSON, DOT, ...) as text
    return string.format("%q", v)
  end
  if type(v) == "number" then return number(v) end
  if type(v) ~= "table" then return tostring(v) end
  return nested(v, "", {})
end
M.show = show

function M.help() print(HELP) end

---------------------------------------------------------------- reading and running a chunk

-- `local x = ...` typed at the prompt would end with its line: it becomes an
-- assignment in the prompt's environment, so the name stays.
local function keep_locals(src)
  local name, rest = src:match("^%s*local%s+function%s+([%a_][%w_]*)(.*)$")
  if name then return name .. " = function" .. rest end
  local names, attribs, value = src:match("^%s*local%s+([%a_][%w_%s,<>]*)()=(.*)$")
  if names and not names:find("<close>") then
    names = names:gsub("<%s*const%s*>", "")
    return names .. "=" .. src:match("^%s*local%s+[%a_][%w_%s,<>]*=(.*)$")
  end
  (function() return attribs, value end)()
  names = src:match("^%s*local%s+([%a_][%w_%s,]*)$")
  if names then
    local out = {}
    for n in names:gmatch("[%a_][%w_]*") do out[#out + 1] = n end
    return table.concat(out, ", ") .. " = nil"
  end
  return src
end
M.keep_locals = keep_locals

-- Compiles a chunk as an expression first, then as statements; "incomplete"
-- when more lines could finish it.
local function compile(src, env)
  -- the expression is an argument, not a tail call, so errors point at "stdin"
  -- a line break before the parenthesis only when a comment would swallow it, so errors name the right line
  local f, experr = load("return table.pack(" .. src .. (src:find("--", 1, true) and "\n)" or ")"), "=stdin", "t", env)
  if f then return f, nil, true end
  local err
  f, err = load(keep_locals(src), "=stdin", "t", env)
  if f then return f end
  if err:match("<eof>$") then return nil, "incomplete" end
  -- "1 +* 2": as a statement it fails at its first word; as an expression, where it really goes wrong
  local first = src:match("^%s*([^%s]+)")
  if first and err:match("near '" .. first:gsub("%p", "%%%0"):sub(1, 20)) and not experr:match("<eof>$") then
    return nil, experr
  end
  return nil, err
end

-- The column an error is about, when the input was one line: the token a
-- syntax error is near, or the name a runtime error quotes.
local function with_column(msg, src)
  if src:find("\n") then return msg end
  local where, rest = msg:match("^(stdin:1:)%s*(.*)$")
  if not where then return msg end
  local token = rest:match("near '([^']+)'$") or rest:match("%((%a+) '([^']+)'%)$") and select(2, rest:match("%((%a+) '([^']+)'%)$"))
    or rest:match("'([^']+)'")
  if not token then return msg end
  local col = src:find(token, 1, true)
  if not col then return msg end
  return string.format("stdin:1:%d: %s", col, rest)
end
M.with_column = with_column

---------------------------------------------------------------- completion

local KEYWORDS = { "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
                   "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while" }
local OPTION_KEYS = { "actor", "at", "by", "cameo", "format", "from", "kind", "limit", "members", "nodes", "place",
                      "resolution", "seed", "status", "to", "type", "weighted", "where", "with" }
local OBJECT_FIELDS = {
  [diplomacy.Actor] = { "affiliations", "aliases", "country", "id", "kind", "memberships", "name", "relations" },
  [diplomacy.Place] = { "aliases", "country", "id", "kind", "lat", "lon", "name", "within" },
  [diplomacy.Event] = { "cameo", "end", "id", "part_of", "participants", "place", "sources", "start", "status",
                        "title", "type" },
}

-- The value an expression such as `ds` or `diplomacy.world` names, or nil.
local function lookup(chain, env)
  local v = env
  for name in chain:gmatch("[^%.:]+") do
    if type(v) ~= "table" then return nil end
    local ok, x = pcall(function() return v[name] end)
    if not ok then return nil end
    v = x
  end
  return v
end

local function members_of(v)
  local out, seen = {}, {}
  local function add(k)
    if type(k) == "string" and k:match("^[%a_][%w_]*$") and not k:match("^_") and not seen[k] then
      seen[k] = true
      out[#out + 1] = k
    end
  end
  local mt = getmetatable(v)
  if mt and OBJECT_FIELDS[mt] then
    for _, k in ipairs(OBJECT_FIELDS[mt]) do add(k) end
    return out
  end
  if type(v) == "table" then for k in pairs(v) do add(k) end end
  local depth = 0
  while mt and type(mt.__index) == "table" and depth < 5 do
    for k in pairs(mt.__index) do add(k) end
    mt = getmetatable(mt.__index)
    depth = depth + 1
  end
  if type(v) == "string" then for k in pairs(string) do add(k) end end
  return out
end

local function starting(words, prefix, suffix)
  local out, lp = {}, prefix:lower()
  for _, w in ipairs(words) do
    if w:sub(1, #prefix) == prefix or (lp ~= "" and w:lower():sub(1, #lp) == lp) then out[#out + 1] = w .. (suffix or "") end
  end
  table.sort(out)
  return out
end

-- The names a quoted string may complete to: every actor's and place's names and aliases.
local function names_of(ds)
  if not diplomacy.is.dataset(ds) then return {} end
  local ok, gen = pcall(function() return ds:counts() end)
  if not ok then return {} end
  local key = gen.actors .. "/" .. gen.places .. "/" .. tostring(ds)
  if ds._repl_names and ds._repl_names.key == key then return ds._repl_names.list end
  local core = require "diplomacy.core"
  local list, seen = {}, {}
  for _, kind in ipairs { "actor", "place" } do
    for _, n in ipairs(core.names(ds._c, kind)) do
      if not seen[n] then seen[n] = true; list[#list + 1] = n end
    end
  end
  rawset(ds, "_repl_names", { key = key, list = list })
  return list
end

-- File names that start with typed (a path), for the calls that read and write files;
-- folders end with "/".
local function files_starting(typed)
  local dir, rest = typed:match("^(.*/)([^/]*)$")
  if not dir then dir, rest = "", typed end
  local p = io.popen("ls -1Ap -- " .. "'" .. (dir == "" and "." or dir):gsub("'", "'\\''") .. "' 2>/dev/null")
  if not p then return {} end
  local out = {}
  for name in p:lines() do
    if name:sub(1, #rest) == rest and not (rest == "" and name:match("^%.")) then out[#out + 1] = dir .. name end
  end
  p:close()
  table.sort(out)
  return out
end

-- Where an unfinished string starts in line (the index after its quote), or nil.
local function open_string(line)
  local i, quote, start = 1, nil, nil
  while i <= #line do
    local c = line:sub(i, i)
    if quote then
      if c == "\\" then i = i + 1
      elseif c == quote then quote = nil end
    elseif c == '"' or c == "'" then
      quote, start = c, i + 1
    elseif line:sub(i, i + 1) == "--" then
      return nil
    end
    i = i + 1
  end
  return quote and start or nil
end

-- The call expression that ends before (just before its last "." or ":"), when it
-- holds nothing but names, string and number literals: `ds:actor("Russia")`.
local function call_before(before)
  if not before:match("%)[%.:]$") then return nil end
  local depth, i = 0, #before - 1
  while i >= 1 do
    local c = before:sub(i, i)
    if c == ")" then depth = depth + 1
    elseif c == "(" then depth = depth - 1
    elseif depth == 0 and not c:match("[%w_%.:]") then break end
    i = i - 1
  end
  local expr = before:sub(i + 1, #before - 1)
  if depth ~= 0 or not expr:match("^[%a_]") then return nil end
  local bare = expr:gsub('"[^"]*"', ""):gsub("'[^']*'", "")
  if not bare:match("^[%w_%.:%(%), ]*$") then return nil end
  return expr
end

-- The word before the cursor and what it may become: (word, candidates). Inside a
-- string the word is all of the string typed so far (names have spaces), and the
-- candidates are whole names; elsewhere it is the identifier before the cursor.
function M.candidates(line, env)
  local s = open_string(line)
  if s then
    local typed = line:sub(s)
    if line:sub(1, s - 2):match("[%.:]?[%a_]*[lL]oad%s*%(%s*$") or line:sub(1, s - 2):match("import%s*%(%s*$")
        or line:sub(1, s - 2):match("save%s*%(%s*$") or line:sub(1, s - 2):match("export%s*%(%s*$")
        or line:sub(1, s - 2):match("open%s*%(%s*$") then
      return typed, files_starting(typed), line:sub(s - 1, s - 1)
    end
    return typed, starting(names_of(env.ds), typed), line:sub(s - 1, s - 1)
  end
  local text = line:match("[%a_][%w_]*$") or ""
  local before = line:sub(1, #line - #text)
  local chain = before:match("([%a_][%w_%.:]*)[%.:]$")
  if chain then
    local v = lookup(chain, env)
    if v == nil then return text, {} end
    return text, starting(members_of(v), text)
  end
  -- after a call: ds:actor("Russia"):af -- the call is made when it has only names and literals
  local expr = call_before(before)
  if expr then
    local f = load("return " .. expr, "=completion", "t", env)
    local ok, v = false, nil
    if f then ok, v = pcall(f) end
    if ok and v ~= nil then return text, starting(members_of(v), text) end
    return text, {}
  end
  -- inside an options table, at a key
  local depth = 0
  for c in before:gmatch("[{}]") do depth = depth + (c == "{" and 1 or -1) end
  if depth > 0 and before:match("[{,]%s*$") then return text, starting(OPTION_KEYS, text, " = ") end
  local words = {}
  for _, k in ipairs(KEYWORDS) do words[#words + 1] = k end
  for k in pairs(env) do if type(k) == "string" then words[#words + 1] = k end end
  for k in pairs(_G) do if type(k) == "string" and rawget(env, k) == nil then words[#words + 1] = k end end
  return text, starting(words, text)
end

local LISTED = 100 -- Tab lists at most this many choices

-- Choices in columns, as shells list them.
local function columns(words, width)
  local wide = 0
  for _, w in ipairs(words) do wide = math.max(wide, #w) end
  local per = math.max(1, (width + 2) // (wide + 2))
  local rows = {}
  local shown = math.min(#words, LISTED)
  local nrows = (shown + per - 1) // per
  for r = 1, nrows do
    local cells = {}
    for c = 0, per - 1 do
      local w = words[c * nrows + r]
      if w and c * nrows + r <= shown then cells[#cells + 1] = w .. string.rep(" ", wide - #w) end
    end
    rows[r] = (table.concat(cells, "  "):gsub("%s+$", ""))
  end
  if #words > shown then rows[#rows + 1] = string.format("... and %d more", #words - shown) end
  return table.concat(rows, "\n")
end

-- What Tab does with the line before the cursor: how many bytes to take back, what
-- to put in their place, and the choices to list (when there are several).
function M.complete(line, env, width)
  local word, list, quote = M.candidates(line, env)
  if #list == 0 then return 0, "", nil end
  if #list == 1 then return #word, list[1] .. (list[1]:match("/$") and "" or quote or ""), nil end
  local common = list[1]
  for i = 2, #list do
    local k = 0
    while k < #common and common:sub(k + 1, k + 1) == list[i]:sub(k + 1, k + 1) do k = k + 1 end
    common = common:sub(1, k)
  end
  if #common > #word then return #word, common, nil end
  return 0, "", columns(list, width or 80)
end

---------------------------------------------------------------- the loop

local function history_path()
  local home = os.getenv("HOME")
  if not home or home == "" then return nil end
  return home .. "/.diplomacy_history"
end

-- Runs the prompt. With input and output given (objects with read and write),
-- or when standard input is not a terminal, it reads plain lines and writes no
-- prompts; on a terminal it edits lines with libedit.
function M.run(ds, label, input, output)
  local core = require "diplomacy.core"
  local terminal = input == nil and output == nil and core.isatty()
  input, output = input or io.stdin, output or io.stdout
  local function help() output:write(HELP, "\n") end
  local function print_(...)
    local n, parts = select("#", ...), {}
    for i = 1, n do
      local v = (select(i, ...))
      parts[i] = type(v) == "number" and number(v) or tostring(v)
    end
    output:write(table.concat(parts, "\t"), "\n")
  end
  local env = setmetatable({ ds = ds, diplomacy = diplomacy, help = help, show = show, print = print_ },
    { __index = _G })
  local history = terminal and history_path()
  local read
  if terminal then
    output:write(string.format("diplomacy %s -- ds is %s (%s)\nType help() for the interface, Tab to complete, Ctrl-D to leave.\n",
      diplomacy.version, label, tostring(ds)))
    output:flush()
    if history then core.history_load(history) end
    local width = tonumber(os.getenv("COLUMNS")) or 80
    core.set_completer(function(line)
      local ok, del, insert, listing = pcall(M.complete, line, env, width)
      if not ok then return 0, "", nil end
      return del, insert, listing
    end)
    read = function(more)
      local line = core.readline(more and ">> " or "> ")
      if line and line:find("%S") then
        core.add_history(line)
        if history then core.history_save(history) end
      end
      return line
    end
  else
    read = function() return input:read("l") end
  end
  local buffer
  while true do
    local line = read(buffer ~= nil)
    if line == false then
      -- Ctrl-C: the line (and any unfinished statement) is dropped
      output:write("^C\n")
      buffer = nil
    elseif line == nil then
      if terminal then output:write("\n") end
      if terminal then core.set_completer(nil) end
      return true
    else
      buffer = buffer and (buffer .. "\n" .. line) or line
      local f, err, packed = compile(buffer, env)
      if err == "incomplete" then
        -- keep reading
      else
        local src = buffer
        buffer = nil
        if not f then
          output:write("error: ", with_column(err, src), "\n")
        else
          if terminal then core.interruptible(true) end
          local results = table.pack(xpcall(f, function(e) return debug.traceback(tostring(e), 2) end))
          if terminal then core.interruptible(false) end
          if not results[1] then
            local msg = tostring(results[2]):gsub("\nstack traceback:.*", "")
            output:write("error: ", with_column(msg, src), "\n")
          else
            if packed then results = results[2] else results = table.pack(table.unpack(results, 2, results.n)) end
            for i = 1, results.n do output:write(show(results[i]), "\n") end
          end
        end
      end
    end
    output:flush()
  end
end

return M
