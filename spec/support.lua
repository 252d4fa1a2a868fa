-- support.lua: what the specs share: reading and writing files, temporary names, folder listings, errors as text
local M = {}

function M.read_file(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("a")
  f:close()
  return text
end

function M.write_file(path, text)
  local f = assert(io.open(path, "wb"))
  assert(f:write(text))
  assert(f:close())
end

function M.exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end

-- A fresh temporary name (nothing there yet), with ext appended when given.
function M.tmpname(ext)
  local p = os.tmpname()
  os.remove(p)
  return p .. (ext or "")
end

-- The names in a folder (ls -1, sorted; none when it is missing), run without the sanitizers' preload.
function M.listing(dir)
  local p = assert(io.popen("env -u LD_PRELOAD ls -1 '" .. dir .. "' 2>/dev/null"))
  local names = {}
  for name in p:lines() do names[#names + 1] = name end
  p:close()
  return names
end

-- The message of the error f(...) raises; fails the test when it raises none.
function M.error_of(f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(err)
end

return M
