-- extract.lua: diplomacy.world(), ds:extract(text, opts), diplomacy.extract and ds:add(doc) over the C core
local format, type, pairs, tostring = string.format, type, pairs, tostring
local open, searchpath = io.open, package.searchpath

return function(M, P)
  local core, core_of, wrap, typename, Dataset = P.core, P.core_of, P.wrap, P.typename, P.Dataset

  -- Data files installed beside the Lua modules (lua/diplomacy/ in a checkout, the rock's
  -- Lua tree once installed), found along package.path as a module would be.
  local function data_path(name, ext)
    local path = searchpath("diplomacy." .. name, (package.path:gsub("%.lua", "." .. ext)))
    if not path then error(format("diplomacy: cannot find the data file '%s.%s' beside the Lua modules", name, ext), 3) end
    return path
  end

  local function data_file(name, ext)
    local path = data_path(name, ext)
    local f, err = open(path, "rb")
    if not f then error("diplomacy: " .. err, 3) end
    local text = f:read("a")
    f:close()
    return text, path
  end

  local patterns
  local function pattern_text()
    if not patterns then patterns = data_file("extract_patterns", "txt") end
    return patterns
  end

  -- The world base (tools/world/README.md): states, organizations, places and people.
  function M.world()
    local path = data_path("world", "tsv")
    local c = core.new()
    local ok, err = core.world_load(c, path)
    if not ok then error(err, 2) end
    local ds = wrap(c)
    rawset(ds, "_world", true)
    return ds
  end

  local EXTRACT_OPTIONS = { published = true, source = true }

  -- The extractor's phrase table is built once per state of the dataset.
  local function extractor(ds, c)
    local gen = core.generation(c)
    if ds._extractor_gen ~= gen or not ds._extractor then
      local x, err = core.extractor(c, pattern_text())
      if not x then error("extract: " .. err, 3) end
      rawset(ds, "_extractor", x)
      rawset(ds, "_extractor_gen", gen)
    end
    return ds._extractor
  end

  function Dataset:extract(text, opts)
    local c = core_of(self)
    if type(text) ~= "string" then error(format("bad argument to 'extract' (string expected, got %s)", typename(text)), 2) end
    local published, source
    if opts ~= nil then
      if type(opts) ~= "table" then error(format("extract: options must be a table, got %s", typename(opts)), 2) end
      for k in pairs(opts) do
        if not EXTRACT_OPTIONS[k] then
          error(format("extract: unknown option '%s' (expected published, source)", tostring(k)), 2)
        end
      end
      published, source = opts.published, opts.source
      if published ~= nil and type(published) ~= "string" then
        error(format("extract: option 'published' must be a date string, got %s", typename(published)), 2)
      end
      if source ~= nil and type(source) ~= "table" then
        error(format("extract: option 'source' must be a table, got %s", typename(source)), 2)
      end
    end
    if self._world then return core.extract(c, extractor(self, c), text, published, source) end
    -- Names resolve in ds first, then in the world: both in one dataset, kept while ds is unchanged.
    local gen = core.generation(c)
    if self._names_gen ~= gen or not self._names then
      local names = M.world()
      local ok, err = core.absorb(names._c, c)
      if not ok then error("extract: " .. err, 2) end
      rawset(self, "_names", names)
      rawset(self, "_names_gen", gen)
    end
    local names = self._names
    return core.extract(names._c, extractor(names, names._c), text, published, source, c)
  end

  local shared_world
  function M.extract(text, opts)
    if not shared_world then shared_world = M.world() end
    return shared_world:extract(text, opts)
  end

  -- A document (the table extract returns) as JSON text: keys in a fixed order, arrays as arrays even when empty.
  local ARRAYS = { actors = true, places = true, relations = true, events = true, participants = true, sources = true,
                   aliases = true }
  local FIRST = { "format", "version", "id", "type", "status", "start", "end", "place", "name", "kind", "actor",
                  "target", "title", "role", "side" }
  local RANK = {}
  for i, k in ipairs(FIRST) do RANK[k] = i end
  local function quote(s)
    return '"' .. s:gsub('[%c"\\]', function(ch)
      local map = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r" }
      return map[ch] or format("\\u%04x", ch:byte())
    end) .. '"'
  end
  local function encode(v, key, out, indent)
    local t = type(v)
    if t == "string" then out[#out + 1] = quote(v)
    elseif t == "number" then out[#out + 1] = (math.type(v) == "integer" or v ~= v // 1) and tostring(v) or format("%d", v)
    elseif t == "boolean" then out[#out + 1] = tostring(v)
    elseif t == "table" then
      local pad = "\n" .. string.rep("  ", indent + 1)
      if ARRAYS[key] or #v > 0 then
        if #v == 0 then out[#out + 1] = "[]" return end
        out[#out + 1] = "["
        for i, x in ipairs(v) do
          out[#out + 1] = (i > 1 and "," or "") .. pad
          encode(x, nil, out, indent + 1)
        end
        out[#out + 1] = "\n" .. string.rep("  ", indent) .. "]"
      else
        local keys = {}
        for k in pairs(v) do keys[#keys + 1] = tostring(k) end
        table.sort(keys, function(a, b)
          local ra, rb = RANK[a] or 99, RANK[b] or 99
          if ra ~= rb then return ra < rb end
          return a < b
        end)
        if #keys == 0 then out[#out + 1] = "{}" return end
        out[#out + 1] = "{"
        for i, k in ipairs(keys) do
          out[#out + 1] = (i > 1 and "," or "") .. pad .. quote(k) .. ": "
          encode(v[k], k, out, indent + 1)
        end
        out[#out + 1] = "\n" .. string.rep("  ", indent) .. "}"
      end
    else out[#out + 1] = "null" end
  end
  function M.to_json(doc)
    if type(doc) ~= "table" then error(format("bad argument to 'to_json' (table expected, got %s)", typename(doc)), 2) end
    local out = {}
    encode(doc, nil, out, 0)
    return table.concat(out) .. "\n"
  end

  function Dataset:add(doc)
    local c = core_of(self)
    if type(doc) ~= "table" then error(format("bad argument to 'add' (document table expected, got %s)", typename(doc)), 2) end
    local n, err = core.add_document(c, doc)
    if not n then error("add: " .. err, 2) end
    return n
  end
end
