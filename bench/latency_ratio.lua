-- latency_ratio.lua: query times of two bench/latency.lua outputs side by side, as ratios
-- usage: lua5.4 bench/latency_ratio.lua BEFORE.txt AFTER.txt [BEFORE2.txt AFTER2.txt ...]
-- Each pair is one side-by-side run; for every query line the best time over the runs is kept
-- for each side; prints before, after, after/before, and the geometric mean of the ratios.
local function read(path)
  local t, order = {}, {}
  for line in io.lines(path) do
    local label, ms = line:match("^(.-)%s+([%d%.]+) ms")
    if label and not label:match("^load") and not label:match("^index") then
      t[label] = tonumber(ms)
      order[#order + 1] = label
    end
  end
  return t, order
end
assert(#arg >= 2 and #arg % 2 == 0, "usage: lua5.4 bench/latency_ratio.lua BEFORE AFTER [BEFORE AFTER ...]")
local before, after, order = {}, {}, nil
for i = 1, #arg, 2 do
  local b, o = read(arg[i])
  local a = read(arg[i + 1])
  order = order or o
  for k, v in pairs(b) do before[k] = math.min(before[k] or math.huge, v) end
  for k, v in pairs(a) do after[k] = math.min(after[k] or math.huge, v) end
end
local logsum, n = 0, 0
print(string.format("%-44s %10s %10s %7s", "query", "before ms", "after ms", "ratio"))
for _, k in ipairs(order) do
  if before[k] and after[k] then
    local r = after[k] / before[k]
    print(string.format("%-44s %10.3f %10.3f %7.2f", k, before[k], after[k], r))
    logsum, n = logsum + math.log(r), n + 1
  end
end
print(string.format("%-44s %10s %10s %7.2f", "geometric mean of the ratios", "", "", math.exp(logsum / n)))
