/* bench/clock.c: what bench/diplomacy.lua needs beyond standard Lua.
   `require "benchclock"` gives
     now()   seconds on the monotonic clock (wall time, unlike os.clock);
     trim()  glibc's malloc_trim(0): memory freed by the allocator goes back
             to the system, so that a resident-size delta counts what is
             held, not what was once touched (no-op without glibc). */
#define _GNU_SOURCE
#include <time.h>
#include <lua.h>
#include <lauxlib.h>
#if defined(__GLIBC__) /* defined by time.h */
#include <malloc.h>
#endif

int luaopen_benchclock(lua_State *L);

static int l_now(lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec * 1e-9);
  return 1;
}

static int l_trim(lua_State *L) {
#if defined(__GLIBC__)
  malloc_trim(0);
  lua_pushboolean(L, 1);
#else
  lua_pushboolean(L, 0);
#endif
  return 1;
}

int luaopen_benchclock(lua_State *L) {
  static const luaL_Reg fns[] = {{"now", l_now}, {"trim", l_trim}, {NULL, NULL}};
  luaL_newlib(L, fns);
  return 1;
}
