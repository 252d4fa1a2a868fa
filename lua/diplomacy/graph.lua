-- diplomacy.graph: the meeting network, time-respecting paths, series and exports (installed into the module by init.lua)
local type, error, pairs, ipairs, tostring, setmetatable, getmetatable, select, tonumber =
  type, error, pairs, ipairs, tostring, setmetatable, getmetatable, select, tonumber
local concat, sort = table.concat, table.sort
local format, floor, log = string.format, math.floor, math.log
local open, remove, execute, tmpname, osdate = io.open, os.remove, os.execute, os.tmpname, os.date

return function(M, I)
  local core, core_of, actor_of, event_of, place_of = I.core, I.core_of, I.actor_of, I.event_of, I.place_of
  local actor_handle, options, OPTIONS, list, Row, typename, Dataset =
    I.actor_handle, I.options, I.OPTIONS, I.list, I.Row, I.typename, I.Dataset

  local MEETING_KEYS = OPTIONS.meetings
  local REACH_KEYS = { "from", "to", "place", "type", "status", "members", "kind" }
  local SERIES_KEYS = { "from", "to", "place", "type", "status", "members", "by" }
  local PERIODS = { day = true, week = true, month = true, year = true }
  local MEASURES = { degree = true, strength = true, closeness = true, betweenness = true,
                     eigenvector = true, pagerank = true }

  -- Checks a table of plain options (no query keys): each key known, each value of its type.
  local function plain_options(opts, call, spec, level)
    level = level + 1
    if opts == nil then return {} end
    if type(opts) ~= "table" then error(format("%s: options must be a table, got %s", call, typename(opts)), level) end
    local names = {}
    for k in pairs(spec) do names[#names + 1] = k end
    sort(names)
    for k, v in pairs(opts) do
      local want = spec[k]
      if not want then
        error(format("%s: unknown option '%s' (expected %s)", call, tostring(k), concat(names, ", ")), level)
      end
      local got = math.type(v) == "integer" and "integer" or type(v)
      if got ~= want and not (want == "number" and got == "integer") then
        error(format("%s: option '%s' must be a%s %s, got %s", call, k, want == "integer" and "n" or "", want,
          typename(v)), level)
      end
    end
    return opts
  end

  ---------------------------------------------------------------- Graph

  local Graph = { __name = "Graph" }
  Graph.__index = Graph

  local Edge = { __name = "Edge" }
  Edge.__index = Edge
  Edge.__tostring = function(e)
    local span = e.first == e.last and e.first or (tostring(e.first) .. " .. " .. tostring(e.last))
    return format("%4d  %s -- %s  %s", e.weight, e.a.name, e.b.name, span or "")
  end

  local Score = { __name = "Score" }
  Score.__index = Score
  Score.__tostring = function(s) return format("%12.6f  %s", s.score, s.actor.name) end

  local Arrival = { __name = "Arrival" }
  Arrival.__index = Arrival
  Arrival.__tostring = function(r) return format("%-25s %3d  %s", r.at, r.hops, r.actor.name) end

  -- ds._merges counts merge_actors calls (find.lua): they renumber actors, which a graph holds
  local function graph_of(ds, ud) return setmetatable({ _ds = ds, _g = ud, _merges = ds._merges }, Graph) end

  local function check_graph(g, level)
    if getmetatable(g) ~= Graph then error(format("Graph expected, got %s", typename(g)), level + 1) end
    core_of(g._ds, level + 1)
    if g._ds._merges ~= g._merges then
      error("this network was built before actors were merged (merge_actors): build it again", level + 1)
    end
    return g
  end

  -- Nodes (Actors, in id order), their numbers by actor, and the edges, read once.
  local function structure(g)
    local s = g._s
    if s then return s end
    local ds = g._ds
    local handles = core.graph_nodes(g._g)
    local nodes, number = {}, {}
    for i, h in ipairs(handles) do
      local a = actor_of(ds, h)
      nodes[i] = a
      number[a] = i - 1
    end
    local flat, edges = core.graph_edges(ds._c, g._g), {}
    local nbrs, strength = {}, {}
    for i = 1, #nodes do nbrs[i], strength[i] = {}, 0 end
    for k = 1, #flat, 5 do
      local u, v, w = flat[k] + 1, flat[k + 1] + 1, flat[k + 2]
      edges[#edges + 1] = { u = u, v = v, weight = w, first = flat[k + 3], last = flat[k + 4] }
      local nu, nv = nbrs[u], nbrs[v]
      nu[#nu + 1], nv[#nv + 1] = v, u
      strength[u], strength[v] = strength[u] + w, strength[v] + w
    end
    for i = 1, #nodes do sort(nbrs[i]) end
    s = { nodes = nodes, number = number, edges = edges, nbrs = nbrs, strength = strength }
    g._s = s
    return s
  end

  -- The node number (0-based) of an Actor or name; raises when it is not a node.
  local function node_of(g, x, level, optional)
    local ds = g._ds
    local a = actor_of(ds, actor_handle(ds, x, level + 1))
    local n = structure(g).number[a]
    if n == nil and not optional then
      error(format("'%s' is not a node of this graph", a.id), level + 1)
    end
    return n
  end

  local function edge_row(g, e)
    local s = structure(g)
    return setmetatable({ a = s.nodes[e.u], b = s.nodes[e.v], weight = e.weight, first = e.first, last = e.last }, Edge)
  end

  Graph.__tostring = function(g)
    if core.closed(g._ds._c) then return "Graph (dataset closed)" end
    local s = structure(g)
    return format("Graph: %d nodes, %d edges", #s.nodes, #s.edges)
  end

  function Graph:nodes()
    local s = structure(check_graph(self, 2))
    local out = {}
    for i, a in ipairs(s.nodes) do out[i] = a end
    return list(out)
  end

  function Graph:edges()
    local s = structure(check_graph(self, 2))
    local out = {}
    for i, e in ipairs(s.edges) do out[i] = edge_row(self, e) end
    return list(out)
  end

  function Graph:edge(a, b)
    check_graph(self, 2)
    local u, v = node_of(self, a, 2, true), node_of(self, b, 2, true)
    if u == nil or v == nil then return nil end
    local k = core.graph_edge(self._g, u, v)
    if not k then return nil end
    local row = edge_row(self, structure(self).edges[k + 1])
    local events = core.graph_edge_events(self._g, k)
    for i, h in ipairs(events) do events[i] = event_of(self._ds, h) end
    rawset(row, "events", list(events))
    return row
  end

  function Graph:degree(a)
    check_graph(self, 2)
    return #structure(self).nbrs[node_of(self, a, 2) + 1]
  end

  function Graph:strength(a)
    check_graph(self, 2)
    return structure(self).strength[node_of(self, a, 2) + 1]
  end

  function Graph:neighbors(a)
    check_graph(self, 2)
    local s = structure(self)
    local out = {}
    for i, v in ipairs(s.nbrs[node_of(self, a, 2) + 1]) do out[i] = s.nodes[v] end
    return list(out)
  end

  local function by_score_then_id(x, y)
    if x.score ~= y.score then return x.score > y.score end
    return x.actor.id < y.actor.id
  end

  -- Scores as networkx computes them by default; opts.weighted: closeness and
  -- betweenness take 1/weight as an edge's length, eigenvector weighs edges;
  -- PageRank weighs edges unless weighted = false.
  function Graph:centrality(measure, opts)
    check_graph(self, 2)
    if type(measure) ~= "string" or not MEASURES[measure] then
      error(format("centrality: unknown measure '%s' (expected degree, strength, closeness, betweenness, " ..
        "eigenvector or pagerank)", tostring(measure)), 2)
    end
    opts = plain_options(opts, "centrality", { weighted = "boolean" }, 2)
    local weighted = opts.weighted
    if weighted == nil then weighted = measure == "pagerank" end
    local scores = core.centrality(self._g, measure, weighted)
    local s, out = structure(self), {}
    for i, a in ipairs(s.nodes) do out[i] = setmetatable({ actor = a, score = scores[i] }, Score) end
    sort(out, by_score_then_id)
    return list(out)
  end

  -- Groups from a per-node group number (0-based): arrays of Actors in id order.
  local function groups(g, of)
    local s, out = structure(g), {}
    for i, c in ipairs(of) do
      local grp = out[c + 1]
      if not grp then grp = list({}); out[c + 1] = grp end
      grp[#grp + 1] = s.nodes[i]
    end
    return list(out)
  end

  function Graph:components()
    check_graph(self, 2)
    return groups(self, core.components(self._g))
  end

  -- Louvain communities, the largest first; also returns their modularity.
  function Graph:communities(opts)
    check_graph(self, 2)
    opts = plain_options(opts, "communities", { seed = "integer", resolution = "number" }, 2)
    local of, q = core.communities(self._g, opts.seed or 1, opts.resolution or 1)
    return groups(self, of), q
  end

  function Graph:ego(a, radius)
    check_graph(self, 2)
    if radius == nil then radius = 1 end
    if math.type(radius) ~= "integer" or radius < 0 then
      error(format("ego: radius must be an integer of 0 or more, got %s", tostring(radius)), 2)
    end
    return graph_of(self._ds, core.ego(self._g, node_of(self, a, 2), radius))
  end

  ---------------------------------------------------------------- exports

  local function dot_string(s) return '"' .. s:gsub('[\\"]', "\\%0"):gsub("\n", "\\n") .. '"' end

  local function xml(s)
    return (tostring(s):gsub("[&<>\"']", { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;",
      ["'"] = "&apos;" }))
  end

  local function json_string(s)
    return '"' .. s:gsub('[%c"\\]', function(c)
      local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
      return named[c] or format("\\u%04x", c:byte())
    end) .. '"'
  end

  local function json_number(x)
    if math.type(x) == "integer" then return tostring(x) end
    if x ~= x or x == math.huge or x == -math.huge then return "null" end
    -- the shortest form that reads back as the same number: 6.1432, not 6.1432000000000002
    for digits = 15, 16 do
      local s = format("%." .. digits .. "g", x)
      if tonumber(s) == x then return s end
    end
    return format("%.17g", x)
  end

  -- Graphviz: nodes labelled by name, edges as thick as their meetings are many.
  function Graph:to_dot()
    local s = structure(check_graph(self, 2))
    local out = { "graph diplomacy {",
      '  graph [overlap=false, sep="+4", splines=false, outputorder=edgesfirst, fontname="Helvetica"];',
      '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#4a6fa5", fontname="Helvetica", fontsize=11];',
      '  edge [color="#5a6f9066"];' }
    local heaviest = 1
    for _, e in ipairs(s.edges) do if e.weight > heaviest then heaviest = e.weight end end
    for _, a in ipairs(s.nodes) do
      out[#out + 1] = format("  %s [label=%s, tooltip=%s];", dot_string(a.id), dot_string(a.name),
        dot_string(a.kind and (a.id .. " (" .. a.kind .. ")") or a.id))
    end
    for _, e in ipairs(s.edges) do
      local a, b = s.nodes[e.u], s.nodes[e.v]
      local span = e.first and (e.first == e.last and e.first or (e.first .. " .. " .. e.last)) or ""
      out[#out + 1] = format("  %s -- %s [weight=%d, penwidth=%.2f, tooltip=%s%s];", dot_string(a.id), dot_string(b.id),
        e.weight, 1 + 1.5 * log(e.weight), dot_string(format("%d meeting%s %s", e.weight, e.weight == 1 and "" or "s", span)),
        e.weight > 1 and format(", label=%d, fontsize=9%s", e.weight,
          e.weight == heaviest and ', color="#b03a2e", fontcolor="#b03a2e"' or "") or "")
    end
    out[#out + 1] = "}"
    return concat(out, "\n") .. "\n"
  end

  function Graph:to_graphml()
    local s = structure(check_graph(self, 2))
    local out = {
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
      '  <key id="name" for="node" attr.name="name" attr.type="string"/>',
      '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
      '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
      '  <key id="first" for="edge" attr.name="first" attr.type="string"/>',
      '  <key id="last" for="edge" attr.name="last" attr.type="string"/>',
      '  <graph id="diplomacy" edgedefault="undirected">' }
    for _, a in ipairs(s.nodes) do
      out[#out + 1] = format('    <node id="%s"><data key="name">%s</data>%s</node>', xml(a.id), xml(a.name),
        a.kind and format('<data key="kind">%s</data>', xml(a.kind)) or "")
    end
    for _, e in ipairs(s.edges) do
      out[#out + 1] = format('    <edge source="%s" target="%s"><data key="weight">%d</data>%s</edge>',
        xml(s.nodes[e.u].id), xml(s.nodes[e.v].id), e.weight,
        e.first and format('<data key="first">%s</data><data key="last">%s</data>', xml(e.first), xml(e.last)) or "")
    end
    out[#out + 1] = "  </graph>"
    out[#out + 1] = "</graphml>"
    return concat(out, "\n") .. "\n"
  end

  -- The first and last UTC day of a date's span, as YYYY-MM-DD.
  local function days(text)
    local lo, hi = core.parse_date(text)
    return osdate("!%Y-%m-%d", lo), osdate("!%Y-%m-%d", hi)
  end

  -- Gephi: each edge lives from its first meeting's first day to its last
  -- meeting's last day, with one spell per meeting.
  function Graph:to_gexf()
    local s = structure(check_graph(self, 2))
    local out = {
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">',
      '  <meta><creator>diplomacy ' .. xml(M.version) .. '</creator></meta>',
      '  <graph mode="dynamic" defaultedgetype="undirected" timeformat="date">',
      '    <attributes class="node">',
      '      <attribute id="kind" title="kind" type="string"/>',
      '    </attributes>',
      '    <nodes>' }
    for _, a in ipairs(s.nodes) do
      out[#out + 1] = format('      <node id="%s" label="%s">%s</node>', xml(a.id), xml(a.name),
        a.kind and format('<attvalues><attvalue for="kind" value="%s"/></attvalues>', xml(a.kind)) or "")
    end
    out[#out + 1] = "    </nodes>"
    out[#out + 1] = "    <edges>"
    for k, e in ipairs(s.edges) do
      local a, b = s.nodes[e.u], s.nodes[e.v]
      local spells, lo, hi = {}, nil, nil
      for _, h in ipairs(core.graph_edge_events(self._g, k - 1)) do
        local ev = event_of(self._ds, h)
        local from = days(ev.start)
        local _, to = days(ev["end"] or ev.start)
        spells[#spells + 1] = format('<spell start="%s" end="%s"/>', from, to)
        if not lo or from < lo then lo = from end
        if not hi or to > hi then hi = to end
      end
      out[#out + 1] = format('      <edge id="%d" source="%s" target="%s" weight="%d"%s>%s</edge>', k - 1, xml(a.id),
        xml(b.id), e.weight, lo and format(' start="%s" end="%s"', lo, hi) or "",
        #spells > 0 and ("<spells>" .. concat(spells) .. "</spells>") or "")
    end
    out[#out + 1] = "    </edges>"
    out[#out + 1] = "  </graph>"
    out[#out + 1] = "</gexf>"
    return concat(out, "\n") .. "\n"
  end

  -- Node-link JSON, as D3 (and networkx's node_link_graph) read it.
  function Graph:to_json()
    local s = structure(check_graph(self, 2))
    local nodes, links = {}, {}
    for i, a in ipairs(s.nodes) do
      nodes[i] = format('{"id":%s,"name":%s%s}', json_string(a.id), json_string(a.name),
        a.kind and (',"kind":' .. json_string(a.kind)) or "")
    end
    for i, e in ipairs(s.edges) do
      links[i] = format('{"source":%s,"target":%s,"weight":%d%s}', json_string(s.nodes[e.u].id),
        json_string(s.nodes[e.v].id), e.weight,
        e.first and format(',"first":%s,"last":%s', json_string(e.first), json_string(e.last)) or "")
    end
    return '{"directed":false,"multigraph":false,"graph":{},"nodes":[' .. concat(nodes, ",") ..
      '],"links":[' .. concat(links, ",") .. "]}\n"
  end

  local function write_text(path, text)
    local f, err = open(path, "wb")
    if not f then return nil, err end
    local ok, werr = f:write(text)
    local cok, cerr = f:close()
    if not ok or not cok then return nil, format("%s: %s", path, tostring(werr or cerr)) end
    return true
  end

  local function have_dot() return execute("command -v dot >/dev/null 2>&1") == true end

  local WRITERS = { dot = "to_dot", gv = "to_dot", graphml = "to_graphml", gexf = "to_gexf", json = "to_json" }
  local PICTURES = { svg = true, png = true, pdf = true }

  -- Writes the graph in the format its extension names; pictures (.svg,
  -- .png, .pdf) are laid out by Graphviz (neato) when it is installed.
  function Graph:save(path)
    check_graph(self, 2)
    if type(path) ~= "string" then error(format("bad argument to 'save' (path expected, got %s)", typename(path)), 2) end
    local ext = (path:match("%.([%w]+)$") or ""):lower()
    if WRITERS[ext] then return write_text(path, self[WRITERS[ext]](self)) end
    if not PICTURES[ext] then
      error(format("save: unknown extension '.%s' (expected .dot, .gv, .graphml, .gexf, .json, .svg, .png or .pdf)",
        ext), 2)
    end
    if not have_dot() then
      return nil, format("%s: Graphviz is not installed: 'dot' is needed for .%s (Debian package graphviz)", path, ext)
    end
    local src = tmpname()
    local ok, err = write_text(src, self:to_dot())
    if not ok then remove(src); return nil, err end
    local q = function(s) return "'" .. s:gsub("'", "'\\''") .. "'" end
    local done = execute(format("dot -Kneato -T%s -o %s %s 2>/dev/null", ext, q(path), q(src)))
    remove(src)
    if done ~= true then return nil, format("%s: Graphviz 'dot' failed", path) end
    return true
  end

  ---------------------------------------------------------------- the dataset

  -- The meeting network: opts are the query options plus nodes ("sides", "participants" or a kind).
  function Dataset:network(opts)
    local c = core_of(self)
    local q = options(self, opts, "network", 2)
    return graph_of(self, core.network(c, q, q.nodes or "sides"))
  end

  function Dataset:path(a, b, opts)
    local c = core_of(self)
    local ha, hb = actor_handle(self, a, 2), actor_handle(self, b, 2)
    local q = options(self, opts, "path", 2, MEETING_KEYS)
    local events = core.path(c, ha, hb, q)
    if not events then return nil end
    for i, h in ipairs(events) do events[i] = event_of(self, h) end
    return list(events)
  end

  function Dataset:reach(a, opts)
    local c = core_of(self)
    local ha = actor_handle(self, a, 2)
    local q = options(self, opts, "reach", 2, REACH_KEYS)
    local flat, out = core.reach(c, ha, q), {}
    for i = 1, #flat, 3 do
      local actor = actor_of(self, flat[i])
      if not q.kind or actor.kind == q.kind then
        out[#out + 1] = setmetatable({ actor = actor, at = flat[i + 1], hops = flat[i + 2] }, Arrival)
      end
    end
    return list(out)
  end

  function Dataset:series(a, b, opts)
    local c = core_of(self)
    if opts == nil and type(b) == "table" and getmetatable(b) == nil then b, opts = nil, b end
    local ha = actor_handle(self, a, 2)
    local hb = b ~= nil and actor_handle(self, b, 2) or nil
    local q = options(self, opts, "series", 2, SERIES_KEYS)
    local by = opts and opts.by or "month"
    if type(by) ~= "string" or not PERIODS[by] then
      error(format("series: option 'by' must be day, week, month or year, got %s", tostring(by)), 2)
    end
    local flat, out = core.series(c, ha, hb, q, by), {}
    for i = 1, #flat, 2 do out[#out + 1] = setmetatable({ period = flat[i], count = flat[i + 1] }, Row) end
    return list(out)
  end

  -- The place of an event with coordinates: its own, or the nearest enclosing one that has them.
  local function located(place)
    while place do
      if place.lat and place.lon then return place end
      place = place.within
    end
    return nil
  end

  -- GeoJSON (RFC 7946) of the events matching opts (those of ds:events):
  -- each a Point at [lon, lat] of its place, or of the nearest enclosing
  -- place with coordinates; events with neither are left out.
  function Dataset:to_geojson(opts)
    core_of(self)
    local features = {}
    for _, e in ipairs(self:events(opts)) do
      local at = located(e.place)
      if at then
        local ids = {}
        for i, p in ipairs(e.participants) do ids[i] = json_string(p.actor.id) end
        local props = {
          '"id":' .. json_string(e.id), '"type":' .. json_string(e.type),
          '"start":' .. json_string(e.start), '"status":' .. json_string(e.status),
          '"place":' .. json_string(e.place.id), '"place_name":' .. json_string(e.place.name),
          '"located_at":' .. json_string(at.id), '"participants":[' .. concat(ids, ",") .. "]",
        }
        if e.title then props[#props + 1] = '"title":' .. json_string(e.title) end
        if e["end"] then props[#props + 1] = '"end":' .. json_string(e["end"]) end
        features[#features + 1] = format('{"type":"Feature","id":%s,"geometry":{"type":"Point","coordinates":[%s,%s]},' ..
          '"properties":{%s}}', json_string(e.id), json_number(at.lon), json_number(at.lat), concat(props, ","))
      end
    end
    return '{"type":"FeatureCollection","features":[' .. concat(features, ",\n") .. "]}\n"
  end

  M.Graph = Graph
  M.is.graph = function(v) return getmetatable(v) == Graph end
end
