-- diplomacy.closest: words ordered by how close they are to a word (for "did you mean" lists)
local sort, lower, byte, min = table.sort, string.lower, string.byte, math.min

local M = {}

-- Levenshtein distance between two strings, compared without regard to case.
function M.distance(a, b)
  a, b = lower(a), lower(b)
  local prev, cur = {}, {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    cur[0] = i
    local ca = byte(a, i)
    for j = 1, #b do
      cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca == byte(b, j) and 0 or 1))
    end
    prev, cur = cur, prev
  end
  return prev[#b]
end

-- The words closest to word first (a shared start counts as close), then by
-- the words themselves; at most limit of them.
function M.order(word, words, limit)
  local score = {}
  for _, w in ipairs(words) do
    local d = M.distance(word, w)
    local lw, lword = lower(w), lower(word)
    if lw:sub(1, #lword) == lword or lword:sub(1, #lw) == lw then d = d - 100 end
    score[w] = d
  end
  local out = {}
  for _, w in ipairs(words) do out[#out + 1] = w end
  sort(out, function(x, y)
    if score[x] ~= score[y] then return score[x] < score[y] end
    return x < y
  end)
  local seen, uniq = {}, {}
  for _, w in ipairs(out) do
    if not seen[w] then
      seen[w] = true
      uniq[#uniq + 1] = w
    end
  end
  if limit and #uniq > limit then
    for i = #uniq, limit + 1, -1 do uniq[i] = nil end
  end
  return uniq
end

return M
