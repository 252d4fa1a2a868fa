-- build_spec.lua: the rockspec builds the same module as the Makefile
describe("the rockspec", function()
  it("compiles every C file of csrc/ into diplomacy.core, and every Lua module of lua/diplomacy/", function()
    local f = assert(io.open("rockspec/diplomacy-scm-1.rockspec", "rb"))
    local text = f:read("a")
    f:close()
    local p = assert(io.popen("ls csrc/*.c lua/diplomacy/*.lua"))
    local missing = {}
    for path in p:lines() do
      if not text:find('"' .. path .. '"', 1, true) then missing[#missing + 1] = path end
    end
    p:close()
    assert.are.same({}, missing)
  end)
end)
