-- robustness_spec.lua: damaged documents and import files are refused or read, never a crash (seeded, so it repeats)
local diplomacy = require "diplomacy"

-- A copy of text with a few random bytes replaced, cut out or copied in.
local function mutate(text, pieces)
  local s = text
  for _ = 1, math.random(1, 4) do
    local p = math.random(1, #s)
    local r = math.random(1, 3)
    if r == 1 then
      s = s:sub(1, p - 1) .. pieces[math.random(#pieces)] .. s:sub(p + 1)
    elseif r == 2 then
      s = s:sub(1, p - 1) .. s:sub(p + math.random(1, 50))
    else
      local a = math.random(1, #s)
      s = s:sub(1, p) .. s:sub(a, a + math.random(0, 40)) .. s:sub(p + 1)
    end
  end
  return s
end

describe("damaged input", function()
  before_each(function() math.randomseed(20220110) end)

  it("a mutated document is either read whole or refused with a message", function()
    local text = require "diplomacy.sample"
    local pieces = { "{", "}", "[", "]", '"', ",", ":", "\\", "\0", "\xff", "\xc3", "0", "-", "e", "null", " " }
    local read, refused = 0, 0
    for _ = 1, 400 do
      local ds, err = diplomacy.decode(mutate(text, pieces))
      if ds then
        read = read + 1
        -- what was read answers queries and writes back
        assert.is_table(ds:events())
        assert.is_string(ds:encode())
      else
        refused = refused + 1
        assert.is_string(err)
        assert.matches("^%S", err)
      end
    end
    assert.is_true(read > 0 and refused > 0, ("read %d, refused %d"):format(read, refused))
  end)

  it("a mutated import file keeps its good rows and reports the others", function()
    local pieces = { "\t", "\n", "<", ">", '"', "&", "\0", "\xff", "0", "-", "NA", "", ",", "\r" }
    local files = { "spec/fixtures/shared/gdelt/20250807220000.export.head.CSV", "spec/fixtures/import/hsg-visits-sample.xml",
                    "spec/fixtures/import/gdelt2-governments-export.csv" }
    for _, f in ipairs(files) do
      local text = assert(io.open(f, "rb")):read("a"):sub(1, 40000)
      for _ = 1, 25 do
        local path = os.tmpname()
        local h = assert(io.open(path, "wb"))
        h:write(mutate(text, pieces))
        h:close()
        local ds = diplomacy.new()
        local added, skipped = ds:import(path)
        os.remove(path)
        if added then
          assert.equal(added, ds:counts().events)
          for _, s in ipairs(skipped) do assert.is_string(s.reason) end
        else
          assert.is_string(skipped)
        end
      end
    end
  end)
end)
