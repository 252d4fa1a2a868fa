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
  ds:actors{kind=}  ds:places{kind=}              all of them, sorted by id
  ds:members(org, {at=date})                      who is member_of org at a date
  ds:events{from=, to=, place=, type=, status=, actor=, with=, members=}
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

  ds:import(path, {format = "gdelt" | "icews" | "hsg-travels" | "hsg-visits"})
  diplomacy.import(path, opts)  ds:export(path, {format = "csv" | "gdelt" | "geojson"})

  actor:affiliations(date)  actor:memberships(date)  actor:relations()
  event.participants  event.place  event.sources   fields of an event

  Dates: "2022", "2022-01", "2022-01-10", "2022-01-10T14:30+01:00".
  Type an expression to see its value; a statement runs as is. Ctrl-D leaves.]]

-- A readable form of any value: objects and result lists have their own.
local LONG = 40 -- result lists longer than this show their first rows only

local function show(v, depth)
  depth = depth or 0
  local mt = getmetatable(v)
  if mt == diplomacy.List and #v > LONG then
    local lines = {}
    for i = 1, LONG do lines[i] = tostring(v[i]) end
    lines[#lines + 1] = string.format("... and %d more (%d in all; print(x) or ipairs shows every one)", #v - LONG, #v)
    return table.concat(lines, "\n")
  end
  if mt and mt.__tostring then return tostring(v) end
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  if depth > 2 then return "{...}" end
  local parts, n = {}, #v
  for i = 1, n do parts[#parts + 1] = show(v[i], depth + 1) end
  local keys = {}
  for k in pairs(v) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  for _, k in ipairs(keys) do
    local key = type(k) == "string" and k:match("^[%a_][%w_]*$") and k or ("[" .. show(k, depth + 1) .. "]")
    parts[#parts + 1] = key .. " = " .. show(v[k], depth + 1)
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end
M.show = show

function M.help() print(HELP) end

-- Compiles a chunk as an expression first, then as statements; "incomplete"
-- when more lines could finish it.
local function compile(src, env)
  -- the expression is an argument, not a tail call, so errors point at "stdin"
  local f = load("return table.pack(" .. src .. "\n)", "=stdin", "t", env)
  if f then return f, nil, true end
  local err
  f, err = load(src, "=stdin", "t", env)
  if f then return f end
  if err:match("<eof>$") then return nil, "incomplete" end
  return nil, err
end

function M.run(ds, label, input, output)
  input, output = input or io.stdin, output or io.stdout
  local function help() output:write(HELP, "\n") end
  local function print_(...)
    local n, parts = select("#", ...), {}
    for i = 1, n do parts[i] = tostring((select(i, ...))) end
    output:write(table.concat(parts, "\t"), "\n")
  end
  local env = setmetatable({ ds = ds, diplomacy = diplomacy, help = help, show = show, print = print_ },
    { __index = _G })
  output:write(string.format("diplomacy %s -- ds is %s (%s)\nType help() for the interface, Ctrl-D to leave.\n",
    diplomacy.version, label, tostring(ds)))
  local buffer
  while true do
    output:write(buffer and ">> " or "> ")
    output:flush()
    local line = input:read("l")
    if not line then output:write("\n") return true end
    buffer = buffer and (buffer .. "\n" .. line) or line
    local f, err, packed = compile(buffer, env)
    if err == "incomplete" then
      -- keep reading
    else
      buffer = nil
      if not f then
        output:write(err, "\n")
      else
        local results = table.pack(xpcall(f, function(e) return debug.traceback(tostring(e), 2) end))
        if not results[1] then
          local msg = tostring(results[2]):gsub("\nstack traceback:.*", "")
          output:write("error: ", msg, "\n")
        else
          if packed then results = results[2] else results = table.pack(table.unpack(results, 2, results.n)) end
          for i = 1, results.n do output:write(show(results[i]), "\n") end
        end
      end
    end
  end
end

return M
