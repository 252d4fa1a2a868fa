-- diplomacy-scm-1.rockspec: builds and installs the module from a checkout (`luarocks make rockspec/diplomacy-scm-1.rockspec`)
rockspec_format = "3.0"
package = "diplomacy"
version = "scm-1"
source = {
  url = "git+file:///dev/null", -- built from the checkout by `luarocks make`
}
description = {
  summary = "Who meets whom in diplomatic event data: a C core with a Lua 5.4 interface",
  detailed = [[
Load who-met-whom records (talks, summits, calls, visits) with their actors
(states, alliances, ministries, officials with their posts) and ask who meets
whom, when, where, how often and through whom.]],
  license = "MIT",
}
dependencies = { "lua >= 5.4, < 5.5" }
external_dependencies = {
  CJSON = { header = "cjson/cJSON.h", library = "cjson" },
  EXPAT = { header = "expat.h", library = "expat" },
  EDIT = { header = "histedit.h", library = "edit" },
}
build = {
  type = "builtin",
  modules = {
    ["diplomacy"] = "lua/diplomacy/init.lua",
    ["diplomacy.repl"] = "lua/diplomacy/repl.lua",
    ["diplomacy.graph"] = "lua/diplomacy/graph.lua",
    ["diplomacy.io"] = "lua/diplomacy/io.lua",
    ["diplomacy.find"] = "lua/diplomacy/find.lua",
    ["diplomacy.closest"] = "lua/diplomacy/closest.lua",
    ["diplomacy.sample"] = "lua/diplomacy/sample.lua",
    ["diplomacy.extract"] = "lua/diplomacy/extract.lua",
    ["diplomacy.core"] = {
      sources = { "csrc/mem.c", "csrc/intern.c", "csrc/dates.c", "csrc/model.c", "csrc/query.c",
                  "csrc/jsonio.c", "csrc/fileio.c", "csrc/snapshot.c", "csrc/checked.c",
                  "csrc/graph.c", "csrc/centrality.c", "csrc/community.c", "csrc/temporal.c",
                  "csrc/import.c", "csrc/import_gdelt.c", "csrc/import_icews.c", "csrc/import_hsg.c", "csrc/import_csv.c",
                  "csrc/export.c", "csrc/cameo.c", "csrc/fips.c", "csrc/find.c",
                  "csrc/export_partition.c", "csrc/memstats.c",
                  "csrc/world.c", "csrc/document.c", "csrc/extract.c", "csrc/extract_text.c",
                  "csrc/extract_dates.c", "csrc/extract_lexicon.c", "csrc/lua_diplomacy.c" },
      libraries = { "cjson", "expat", "pthread", "m", "edit" },
      incdirs = { "$(CJSON_INCDIR)", "$(EXPAT_INCDIR)", "$(EDIT_INCDIR)" },
      libdirs = { "$(CJSON_LIBDIR)", "$(EXPAT_LIBDIR)", "$(EDIT_LIBDIR)" },
    },
  },
  -- data files read at run time, installed beside the Lua modules (diplomacy/world.tsv, ...)
  install = {
    bin = { diplomacy = "bin/diplomacy" },
    lua = { ["diplomacy.world"] = "lua/diplomacy/world.tsv",
            ["diplomacy.extract_patterns"] = "lua/diplomacy/extract_patterns.txt" },
  },
}
