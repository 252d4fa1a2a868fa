-- diplomacy.io: importing GDELT, ICEWS and Office of the Historian records; exporting CSV, GDELT and GeoJSON
local type, error, pairs, ipairs, tostring, setmetatable, next = type, error, pairs, ipairs, tostring, setmetatable, next
local format = string.format

local IMPORT_FORMATS = { gdelt = true, icews = true, ["hsg-travels"] = true, ["hsg-visits"] = true, csv = true }
local EXPORT_FORMATS = { csv = true, gdelt = true, geojson = true }
local EXPORT_QUERY = { "from", "to", "place", "type", "status", "members", "actor", "with" }
-- The format an export path's extension implies, compared without regard to case.
local EXTENSIONS = { csv = "csv", geojson = "geojson", json = "geojson", gdelt = "gdelt", tsv = "gdelt" }

-- A skipped row: { line = n, reason = "...", file = "..." (within a folder) }.
local Skip = { __name = "Skip" }
Skip.__tostring = function(s)
  return format("%s%d: %s", s.file and (s.file .. ":") or "line ", s.line, s.reason)
end

return function(M, x)
  local core, core_of, wrap, options, typename, Dataset, list =
    x.core, x.core_of, x.wrap, x.options, x.typename, x.Dataset, x.list

  local function import_options(opts, call, level)
    level = level + 1
    if opts == nil then return nil, true end
    if type(opts) ~= "table" then error(format("%s: options must be a table, got %s", call, typename(opts)), level) end
    for k, v in pairs(opts) do
      if k == "format" then
        if type(v) ~= "string" or not IMPORT_FORMATS[v] then
          error(format("%s: option 'format' must be gdelt, icews, hsg-travels, hsg-visits or csv, got %s", call,
            type(v) == "string" and ("'" .. v .. "'") or typename(v)), level)
        end
      elseif k == "merge_dyads" then
        if type(v) ~= "boolean" then
          error(format("%s: option 'merge_dyads' must be a boolean, got %s", call, typename(v)), level)
        end
      else
        error(format("%s: unknown option '%s' (expected format, merge_dyads)", call, tostring(k)), level)
      end
    end
    return opts.format, opts.merge_dyads ~= false
  end

  -- Runs an import into core dataset c: the number of events added and the
  -- list of skipped rows, or nil and a message when the file cannot be read.
  local function run(c, path, opts, call)
    if type(path) ~= "string" then
      error(format("bad argument to '%s' (path expected, got %s)", call, typename(path)), 3)
    end
    local fmt, merge = import_options(opts, call, 3)
    local n, skipped = core.import(c, path, fmt, merge)
    if not n then return nil, skipped end
    for i, s in ipairs(skipped) do skipped[i] = setmetatable(s, Skip) end
    return n, list(skipped)
  end

  --- ds:import(path, opts) -> number of events added, list of skipped rows
  --- (or nil, message). opts.format: "gdelt", "icews", "hsg-travels",
  --- "hsg-visits", "csv" (recognised from the content when absent); opts.merge_dyads:
  --- false keeps the two rows of a mirrored meeting as two events.
  function Dataset:import(path, opts)
    return run(core_of(self), path, opts, "import")
  end

  --- diplomacy.import(path, opts) -> a new Dataset and the skipped rows (or nil, message)
  function M.import(path, opts)
    local c = core.new()
    local n, skipped = run(c, path, opts, "import")
    if not n then
      core.close(c)
      return nil, skipped
    end
    return wrap(c), skipped
  end

  --- ds:export(path, opts) -> number of rows (CSV, GDELT) or features (GeoJSON)
  --- written, or nil, message. opts.format: "csv", "gdelt" or "geojson" (else
  --- from the extension); the query options of ds:events choose the events.
  function Dataset:export(path, opts)
    local c = core_of(self)
    if type(path) ~= "string" then
      error(format("bad argument to 'export' (path expected, got %s)", typename(path)), 2)
    end
    if opts ~= nil and type(opts) ~= "table" then
      error(format("export: options must be a table, got %s", typename(opts)), 2)
    end
    if opts and opts.partition ~= nil then
      -- a folder of flat tables, a folder per year, for DuckDB, Spark or BigQuery (docs/scale.md)
      for k in pairs(opts) do
        if k ~= "format" and k ~= "partition" then
          error(format("export: option '%s' does not go with 'partition' (every event is written)", tostring(k)), 2)
        end
      end
      if opts.format ~= nil and opts.format ~= "csv" then
        error(format("export: a partitioned export is written as csv, got format %s", tostring(opts.format)), 2)
      end
      if opts.partition ~= "year" then
        error(format("export: option 'partition' must be \"year\", got %s", tostring(opts.partition)), 2)
      end
      return core.export_partitioned(c, path, "year")
    end
    local fmt, query = nil, {}
    for k, v in pairs(opts or {}) do
      if k == "format" then fmt = v else query[k] = v end
    end
    if fmt == nil then
      local ext = path:match("%.([%w]+)$")
      fmt = ext and EXTENSIONS[ext:lower()]
      if not fmt then
        error(format("export: cannot tell the format from '%s' (give opts.format: csv, gdelt or geojson)", path), 2)
      end
    end
    if type(fmt) ~= "string" or not EXPORT_FORMATS[fmt] then
      error(format("export: option 'format' must be csv, gdelt or geojson, got %s",
        type(fmt) == "string" and ("'" .. fmt .. "'") or typename(fmt)), 2)
    end
    local q = nil
    if next(query) ~= nil then q = options(self, query, "export", 2, EXPORT_QUERY) end
    return core.export(c, path, fmt, q)
  end
end
