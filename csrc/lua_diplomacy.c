/* lua_diplomacy.c: the core bound to Lua 5.4 as the module 'diplomacy.core' */
#define _POSIX_C_SOURCE 200809L /* sigaction and isatty, for the REPL's terminal block */
#include <float.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "jsonio.h"
#include "query.h"
#include "graph.h"
#include "centrality.h"
#include "temporal.h"
#include "snapshot.h"
#include "import.h"
#include "export_partition.h"
#include "memstats.h"
#include "world.h"
#include "extract.h"
#include "document.h"

#define DATASET "diplomacy.Dataset"
#define JSONBOX "diplomacy.json"
#define MAX_TABLE_DEPTH 64

typedef struct dataset_box {
  dip_dataset *ds; /* NULL once closed */
} dataset_box;

static dip_dataset *check_ds(lua_State *L, int i) {
  dataset_box *b = luaL_checkudata(L, i, DATASET);
  if (!b->ds) luaL_error(L, "dataset is closed");
  return b->ds;
}

/* A userdata created closed, before it owns anything. */
static dataset_box *new_box(lua_State *L) {
  dataset_box *b = lua_newuserdatauv(L, sizeof *b, 0);
  b->ds = NULL;
  luaL_setmetatable(L, DATASET);
  return b;
}

static int ds_gc(lua_State *L) {
  dataset_box *b = luaL_checkudata(L, 1, DATASET);
  dip_close(b->ds);
  b->ds = NULL;
  return 0;
}

static int ds_closed(lua_State *L) {
  dataset_box *b = luaL_checkudata(L, 1, DATASET);
  lua_pushboolean(L, b->ds == NULL);
  return 1;
}

/* Raises for exhausted memory; other codes become nil, message. */
static int fail(lua_State *L, int code, const char *msg) {
  if (code == DIP_ENOMEM) return luaL_error(L, "out of memory");
  luaL_pushfail(L);
  lua_pushstring(L, msg);
  return 2;
}

/* A path for C: one with a zero byte would be cut there, so it is refused. */
static const char *check_path(lua_State *L, int i) {
  size_t n;
  const char *path = luaL_checklstring(L, i, &n);
  if (strlen(path) != n) luaL_argerror(L, i, "path holds a zero byte");
  return path;
}

static int l_new(lua_State *L) {
  dataset_box *b = new_box(L);
  if (!(b->ds = dip_new(NULL, NULL))) return luaL_error(L, "out of memory");
  return 1;
}

static int l_decode(lua_State *L) {
  size_t len;
  const char *text = luaL_checklstring(L, 1, &len);
  const char *name = lua_isnoneornil(L, 2) ? NULL : check_path(L, 2);
  char err[600];
  int code;
  dataset_box *b = new_box(L);
  if (!(b->ds = dip_decode(text, len, name, NULL, NULL, err, sizeof err, &code))) return fail(L, code, err);
  return 1;
}

/* core.load(path [, check_all]) */
static int l_load(lua_State *L) {
  const char *path = check_path(L, 1);
  unsigned flags = lua_toboolean(L, 2) ? DIP_SNAPSHOT_CHECK_ALL : 0u;
  char err[600];
  int code;
  dataset_box *b = new_box(L);
  if (!(b->ds = dip_load_flags(path, NULL, NULL, flags, err, sizeof err, &code))) return fail(L, code, err);
  return 1;
}

/* core.snapshot_info(ds): how an opened snapshot lies in memory, or nil for
   a dataset not opened from one: {mapped = bool, remembered = bool, bytes = n}. */
static int l_snapshot_info(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  if (!ds->image) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, 0, 3);
  lua_pushboolean(L, ds->image_mapped);
  lua_setfield(L, -2, "mapped");
  lua_pushboolean(L, ds->snapshot_trusted);
  lua_setfield(L, -2, "remembered");
  lua_pushinteger(L, (lua_Integer)ds->imagesize);
  lua_setfield(L, -2, "bytes");
  return 1;
}

static int l_encode(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *text;
  size_t len;
  int rc = dip_encode(ds, &text, &len);
  if (rc) return luaL_error(L, "%s", ds->err);
  lua_pushlstring(L, text, len);
  return 1;
}

static int l_save(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *path = check_path(L, 2);
  int rc = dip_save(ds, path);
  if (rc) return fail(L, rc, ds->err);
  lua_pushboolean(L, 1);
  return 1;
}

static int l_save_snapshot(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *path = check_path(L, 2);
  int rc = dip_snapshot_save(ds, path);
  if (rc) return fail(L, rc, ds->err);
  lua_pushboolean(L, 1);
  return 1;
}

/* core.wrap(list, cache, mt, ds, DS, H): replaces each handle in list by its
   object: the one in cache (a weak table by handle), or a new table
   { [DS] = ds, [H] = handle } with metatable mt, put in the cache. The Lua
   layer owns the object model; this is its loop, in C for speed. */
/* Pushes the object of handle h: from the cache at stack index base, or made
   as { [DS] = ds, [H] = h } with the metatable, ds, DS and H at base + 1 .. base + 4. */
static void push_object(lua_State *L, int base, lua_Integer h) {
  if (lua_rawgeti(L, base, h) != LUA_TNIL) return;
  lua_pop(L, 1);
  lua_createtable(L, 0, 4);
  lua_pushvalue(L, base + 3);
  lua_pushvalue(L, base + 2);
  lua_rawset(L, -3);
  lua_pushvalue(L, base + 4);
  lua_pushinteger(L, h);
  lua_rawset(L, -3);
  lua_pushvalue(L, base + 1);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_rawseti(L, base, h);
}

static int l_wrap(lua_State *L) {
  lua_Integer n;
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 6);
  n = (lua_Integer)lua_rawlen(L, 1);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_Integer h;
    if (lua_rawgeti(L, 1, i) != LUA_TNUMBER) return luaL_error(L, "wrap: item %d is not a handle", (int)i);
    h = lua_tointeger(L, -1);
    lua_pop(L, 1);
    push_object(L, 2, h);
    lua_rawseti(L, 1, i);
  }
  lua_settop(L, 1);
  return 1;
}

/* ---- Lua tables to cJSON, for add_* ---- */

static int box_gc(lua_State *L) {
  cJSON **box = luaL_checkudata(L, 1, JSONBOX);
  cJSON_Delete(*box);
  *box = NULL;
  return 0;
}

typedef struct converter {
  lua_State *L;
  char err[200];
} converter;

static int conv_fail(converter *c, const char *path, const char *what) {
  snprintf(c->err, sizeof c->err, "%s%s%s", path, *path ? ": " : "", what);
  return -1;
}

static int is_array_key(const char *key) {
  return key && (!strcmp(key, "aliases") || !strcmp(key, "participants") || !strcmp(key, "sources"));
}

/* Converts the value at the top of the stack (left there) into *out. */
static int to_json(converter *c, const char *path, const char *key, int depth, cJSON **out) {
  lua_State *L = c->L;
  int t = lua_type(L, -1);
  *out = NULL;
  if (depth > MAX_TABLE_DEPTH) return conv_fail(c, path, "tables nested too deep");
  switch (t) {
    case LUA_TSTRING: {
      size_t n;
      const char *s = lua_tolstring(L, -1, &n);
      if (!dip_utf8_valid(s, n)) return conv_fail(c, path, "invalid UTF-8");
      if (strlen(s) != n) return conv_fail(c, path, "string holds a zero byte");
      *out = cJSON_CreateString(s);
      break;
    }
    case LUA_TNUMBER:
      *out = cJSON_CreateNumber(lua_tonumber(L, -1));
      break;
    case LUA_TBOOLEAN:
      *out = cJSON_CreateBool(lua_toboolean(L, -1));
      break;
    case LUA_TTABLE: {
      lua_Integer n = (lua_Integer)lua_rawlen(L, -1), count = 0;
      int array;
      lua_pushnil(L);
      while (lua_next(L, -2)) {
        count++;
        lua_pop(L, 1);
      }
      array = count ? (count == n) : is_array_key(key);
      if (!(*out = array ? cJSON_CreateArray() : cJSON_CreateObject())) break;
      if (array) {
        for (lua_Integer i = 1; i <= n; i++) {
          char sub[160];
          cJSON *item;
          snprintf(sub, sizeof sub, "%s[%lld]", path, (long long)(i - 1));
          lua_rawgeti(L, -1, i);
          if (to_json(c, sub, NULL, depth + 1, &item)) {
            lua_pop(L, 1);
            cJSON_Delete(*out);
            *out = NULL;
            return -1;
          }
          lua_pop(L, 1);
          cJSON_AddItemToArray(*out, item);
        }
      } else {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
          char sub[160];
          cJSON *item;
          const char *k;
          if (lua_type(L, -2) != LUA_TSTRING) {
            lua_pop(L, 2);
            cJSON_Delete(*out);
            *out = NULL;
            return conv_fail(c, path, "keys must be strings (or the table an array 1..n)");
          }
          size_t klen;
          k = lua_tolstring(L, -2, &klen);
          if (strlen(k) != klen || !dip_utf8_valid(k, klen)) {
            lua_pop(L, 2);
            cJSON_Delete(*out);
            *out = NULL;
            return conv_fail(c, path, strlen(k) != klen ? "a key holds a zero byte" : "a key is not valid UTF-8");
          }
          snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
          if (to_json(c, sub, k, depth + 1, &item)) {
            lua_pop(L, 2);
            cJSON_Delete(*out);
            *out = NULL;
            return -1;
          }
          lua_pop(L, 1);
          cJSON_AddItemToObject(*out, k, item);
        }
      }
      break;
    }
    default: {
      char what[80];
      snprintf(what, sizeof what, "cannot store a %s", lua_typename(L, t));
      return conv_fail(c, path, what);
    }
  }
  if (!*out) return conv_fail(c, path, "out of memory");
  return 0;
}

/* core.add(ds, kind, table) -> handle, or nil, message */
static int l_add(lua_State *L) {
  static const char *const kinds[] = {"place", "actor", "relation", "event", NULL};
  dip_dataset *ds = check_ds(L, 1);
  int kind = luaL_checkoption(L, 2, NULL, kinds), rc;
  converter c = {L, ""};
  cJSON **box;
  uint32_t h = DIP_NONE;
  luaL_checktype(L, 3, LUA_TTABLE);
  box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  luaL_setmetatable(L, JSONBOX);
  lua_pushvalue(L, 3);
  /* the box owns the tree while Lua code (lua_next) may raise */
  if (to_json(&c, "", NULL, 0, box)) {
    lua_pushnil(L);
    lua_pushstring(L, c.err);
    return 2;
  }
  lua_pop(L, 1);
  if (!cJSON_IsObject(*box)) {
    lua_pushnil(L);
    lua_pushstring(L, "expected a table with named fields");
    return 2;
  }
  switch (kind) {
    case 0: rc = dip_add_place(ds, *box, &h); break;
    case 1: rc = dip_add_actor(ds, *box, &h); break;
    case 2: rc = dip_add_relation(ds, *box, &h); break;
    default: rc = dip_add_event(ds, *box, &h); break;
  }
  cJSON_Delete(*box);
  *box = NULL;
  if (rc) return fail(L, rc, ds->err);
  lua_pushinteger(L, h);
  return 1;
}

/* ---- reading objects ---- */

static void set_str(lua_State *L, dip_dataset *ds, const char *key, uint32_t s) {
  if (s == DIP_NONE) return;
  lua_pushstring(L, dip_str(ds, s));
  lua_setfield(L, -2, key);
}

static void set_handle(lua_State *L, const char *key, uint32_t h) {
  if (h == DIP_NONE) return;
  lua_pushinteger(L, h);
  lua_setfield(L, -2, key);
}

static void push_json(lua_State *L, const cJSON *v, int depth);

static void push_json_object(lua_State *L, const cJSON *o, int depth) {
  const cJSON *item;
  int array = cJSON_IsArray(o);
  lua_Integer i = 0;
  lua_createtable(L, 0, 0);
  cJSON_ArrayForEach(item, o) {
    push_json(L, item, depth + 1);
    if (array) lua_rawseti(L, -2, ++i);
    else lua_setfield(L, -2, item->string);
  }
}

/* Extras kept as JSON text (the importers' raw cJSON items) are parsed on the
   way out; the tree sits in a JSONBOX meanwhile, so nothing leaks if Lua raises. */
static void push_raw(lua_State *L, const char *text, int depth) {
  cJSON **box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  luaL_setmetatable(L, JSONBOX);
  *box = cJSON_Parse(text);
  if (*box) push_json(L, *box, depth);
  else lua_pushnil(L);
  cJSON_Delete(*box);
  *box = NULL;
  lua_remove(L, -2);
}

static void push_json(lua_State *L, const cJSON *v, int depth) {
  luaL_checkstack(L, 4, "JSON nested too deep");
  if (depth > DIP_MAX_DEPTH) lua_pushnil(L);
  else if (cJSON_IsString(v)) lua_pushstring(L, v->valuestring);
  else if (cJSON_IsNumber(v)) {
    double d = v->valuedouble;
    if (d == (double)(lua_Integer)d && d >= -9007199254740992.0 && d <= 9007199254740992.0)
      lua_pushinteger(L, (lua_Integer)d);
    else lua_pushnumber(L, d);
  } else if (cJSON_IsBool(v)) lua_pushboolean(L, cJSON_IsTrue(v));
  else if (cJSON_IsObject(v) || cJSON_IsArray(v)) push_json_object(L, v, depth);
  else if (cJSON_IsRaw(v)) push_raw(L, v->valuestring, depth);
  else lua_pushnil(L);
}

static void set_extra(lua_State *L, const cJSON *extra) {
  if (!extra) return;
  push_json_object(L, extra, 0);
  lua_setfield(L, -2, "extra");
}

static void set_aliases(lua_State *L, dip_dataset *ds, uint32_t off, uint32_t n) {
  lua_createtable(L, (int)n, 0);
  for (uint32_t i = 0; i < n; i++) {
    lua_pushstring(L, dip_str(ds, ds->lists[off + i]));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "aliases");
}

static uint32_t check_handle(lua_State *L, int i, uint32_t n) {
  lua_Integer h = luaL_checkinteger(L, i);
  luaL_argcheck(L, h >= 0 && (lua_Unsigned)h < n, i, "no such object");
  return (uint32_t)h;
}

static int l_place_info(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const dip_place *p = &ds->places[check_handle(L, 2, ds->nplaces)];
  lua_createtable(L, 0, 9);
  set_str(L, ds, "id", p->id);
  set_str(L, ds, "name", p->name);
  set_str(L, ds, "kind", p->kind);
  set_handle(L, "within", p->within);
  if (p->has_lat) lua_pushnumber(L, p->lat), lua_setfield(L, -2, "lat");
  if (p->has_lon) lua_pushnumber(L, p->lon), lua_setfield(L, -2, "lon");
  set_str(L, ds, "country", p->country);
  set_aliases(L, ds, p->aliases, p->naliases);
  set_extra(L, p->extra);
  return 1;
}

static int l_actor_info(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const dip_actor *a = &ds->actors[check_handle(L, 2, ds->nactors)];
  lua_createtable(L, 0, 7);
  set_str(L, ds, "id", a->id);
  set_str(L, ds, "name", a->name);
  set_str(L, ds, "kind", a->kind);
  set_str(L, ds, "country", a->country);
  set_aliases(L, ds, a->aliases, a->naliases);
  if (a->codes) push_json_object(L, a->codes, 0);
  else lua_createtable(L, 0, 0);
  lua_setfield(L, -2, "codes");
  set_extra(L, a->extra);
  return 1;
}

static int l_event_info(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const dip_event *e = &ds->events[check_handle(L, 2, ds->nevents)];
  if (dip_index_ready(ds)) return luaL_error(L, "out of memory");
  /* sources and unknown keys still to be parsed (an opened snapshot): out of memory, not an event without them */
  if (dip_event_kept_ready(ds, (uint32_t)(e - ds->events))) return luaL_error(L, "out of memory");
  lua_createtable(L, 0, 12);
  set_str(L, ds, "id", e->id);
  set_str(L, ds, "type", e->type);
  set_str(L, ds, "title", e->title);
  set_str(L, ds, "start", ds->dates[e->start].text);
  if (e->end != DIP_NONE) set_str(L, ds, "end", ds->dates[e->end].text);
  set_handle(L, "place", e->place);
  lua_pushstring(L, dip_status_names[e->status]);
  lua_setfield(L, -2, "status");
  set_handle(L, "part_of", e->part_of);
  set_str(L, ds, "cameo", e->cameo);
  lua_createtable(L, (int)e->nparts, 0);
  for (uint32_t i = 0; i < e->nparts; i++) {
    const dip_participant *p = &ds->parts[e->parts + i];
    lua_createtable(L, 0, 4);
    set_handle(L, "actor", p->actor);
    set_str(L, ds, "role", p->role);
    set_handle(L, "side", ds->index->side[dip_ipart(ds->index, (uint32_t)(e - ds->events), i)]);
    set_extra(L, dip_part_extra(ds, e->parts + i));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "participants");
  if (dip_event_sources(ds, (uint32_t)(e - ds->events))) push_json_object(L, dip_event_sources(ds, (uint32_t)(e - ds->events)), 0);
  else lua_createtable(L, 0, 0);
  lua_setfield(L, -2, "sources");
  set_extra(L, dip_event_extra(ds, (uint32_t)(e - ds->events)));
  return 1;
}

static int l_relations(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t who = lua_isnoneornil(L, 2) ? DIP_NONE : check_handle(L, 2, ds->nactors);
  lua_Integer n = 0;
  lua_createtable(L, 0, 0);
  for (uint32_t r = 0; r < ds->nrelations; r++) {
    const dip_relation *rel = &ds->relations[r];
    if (who != DIP_NONE && rel->actor != who && rel->target != who) continue;
    lua_createtable(L, 0, 6);
    set_handle(L, "actor", rel->actor);
    set_str(L, ds, "type", rel->type);
    set_handle(L, "target", rel->target);
    set_str(L, ds, "title", rel->title);
    if (rel->start != DIP_NONE) set_str(L, ds, "start", ds->dates[rel->start].text);
    if (rel->end != DIP_NONE) set_str(L, ds, "end", ds->dates[rel->end].text);
    set_extra(L, rel->extra);
    lua_rawseti(L, -2, ++n);
  }
  return 1;
}

static int l_meta(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  if (ds->meta) push_json_object(L, ds->meta, 0);
  else lua_createtable(L, 0, 0);
  return 1;
}

static int l_generation(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  lua_pushinteger(L, ds->generation);
  return 1;
}

/* core.index(ds, what): "stats" gives the ranks of the main part, the delta
   and the moved events; "merge" merges the delta; "drop" drops the index so
   that the next query builds it in full (for benchmarks and specs). */
static int l_index(lua_State *L) {
  static const char *const whats[] = {"stats", "merge", "drop", NULL};
  dip_dataset *ds = check_ds(L, 1);
  int what = luaL_checkoption(L, 2, NULL, whats);
  if (what == 2) {
    dip_index_free(ds);
    return 0;
  }
  if ((what == 1 ? dip_index_update(ds) : dip_index_ready(ds))) return luaL_error(L, "%s", ds->err);
  lua_pushinteger(L, dip_nmain(ds->index));
  lua_pushinteger(L, ds->index->ndelta);
  lua_pushinteger(L, ds->index->nmoved);
  return 3;
}

/* core.memory(ds) -> array of {name, bytes, count}: where the bytes go */
static int l_memory(lua_State *L) {
  dip_memory_item items[32];
  dip_dataset *ds = check_ds(L, 1);
  int n = dip_memory(ds, items, 32);
  if (n > 32) n = 32;
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_createtable(L, 0, 3);
    lua_pushstring(L, items[i].name);
    lua_setfield(L, -2, "name");
    lua_pushinteger(L, (lua_Integer)items[i].bytes);
    lua_setfield(L, -2, "bytes");
    lua_pushinteger(L, (lua_Integer)items[i].count);
    lua_setfield(L, -2, "count");
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static int l_counts(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  lua_pushinteger(L, ds->nplaces);
  lua_pushinteger(L, ds->nactors);
  lua_pushinteger(L, ds->nrelations);
  lua_pushinteger(L, ds->nevents);
  return 4;
}

/* ---- finding ---- */

static int l_find(lua_State *L, int (*find)(dip_dataset *, const char *, size_t, uint32_t *)) {
  dip_dataset *ds = check_ds(L, 1);
  size_t n;
  const char *name = luaL_checklstring(L, 2, &n);
  uint32_t h;
  int rc = find(ds, name, n, &h);
  if (rc) return fail(L, rc, ds->err);
  if (h == DIP_NONE) lua_pushnil(L);
  else lua_pushinteger(L, h);
  return 1;
}

static int l_find_actor(lua_State *L) { return l_find(L, dip_find_actor); }
static int l_find_place(lua_State *L) { return l_find(L, dip_find_place); }

static int l_find_event(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  size_t n;
  const char *id = luaL_checklstring(L, 2, &n);
  uint32_t h = dip_find_event(ds, id, n);
  if (h == DIP_NONE) lua_pushnil(L);
  else lua_pushinteger(L, h);
  return 1;
}

/* core.parse_date(s) -> lo, hi (UTC seconds), or nil, message */
static int l_parse_date(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n), *why;
  dip_span span;
  if (dip_date_parse(s, n, &span, &why)) {
    luaL_pushfail(L);
    lua_pushstring(L, why);
    return 2;
  }
  lua_pushinteger(L, span.lo);
  lua_pushinteger(L, span.hi);
  return 2;
}

/* ---- queries ---- */

/* Pushes t[key] without metamethods: no Lua code may run while ds is in hand. */
static int rawfield(lua_State *L, int t, const char *key) {
  lua_pushstring(L, key);
  return lua_rawget(L, t);
}

/* The events a query may see, from its "cameo" (a code or a prefix) and
   "keep" (an array of event handles, what a `where` function kept): a mask in
   a userdata left on the stack, so nothing leaks on error. */
static void read_event_filter(lua_State *L, dip_dataset *ds, int i, dip_query *q) {
  size_t nc = 0;
  const char *cameo = NULL;
  unsigned char *mask;
  int has_keep;
  if (rawfield(L, i, "cameo") == LUA_TSTRING) cameo = lua_tolstring(L, -1, &nc);
  has_keep = rawfield(L, i, "keep") == LUA_TTABLE;
  if (!cameo && !has_keep) {
    lua_pop(L, 2);
    return;
  }
  mask = lua_newuserdatauv(L, ds->nevents ? ds->nevents : 1, 0);
  memset(mask, 1, ds->nevents ? ds->nevents : 1);
  if (has_keep) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -2);
    memset(mask, 0, ds->nevents ? ds->nevents : 1);
    for (lua_Integer k = 1; k <= n; k++) {
      lua_Integer e;
      lua_rawgeti(L, -2, k);
      e = lua_tointeger(L, -1);
      lua_pop(L, 1);
      if (e >= 0 && (lua_Unsigned)e < ds->nevents) mask[e] = 1;
    }
  }
  if (cameo)
    for (uint32_t e = 0; e < ds->nevents; e++) {
      const char *code = dip_str(ds, ds->events[e].cameo);
      if (mask[e] && (!code || strncmp(code, cameo, nc) != 0)) mask[e] = 0;
    }
  q->keep = mask;
  lua_replace(L, -3); /* the mask stays, in the place of the cameo string */
  lua_pop(L, 1);
}

/* Reads the query table prepared (and checked) by the Lua layer. The type
   list lives in a userdata left on the stack, so nothing leaks on error. */
static void read_query(lua_State *L, dip_dataset *ds, int i, dip_query *q) {
  dip_query_init(q);
  if (lua_isnoneornil(L, i)) return;
  luaL_checktype(L, i, LUA_TTABLE);
  if (rawfield(L, i, "from") == LUA_TSTRING) {
    if (dip_parse_date(ds, lua_tostring(L, -1), lua_rawlen(L, -1), &q->from)) luaL_error(L, "from: %s", ds->err);
    q->has_from = 1;
  }
  if (rawfield(L, i, "to") == LUA_TSTRING) {
    if (dip_parse_date(ds, lua_tostring(L, -1), lua_rawlen(L, -1), &q->to)) luaL_error(L, "to: %s", ds->err);
    q->has_to = 1;
  }
  lua_pop(L, 2);
  if (rawfield(L, i, "place") == LUA_TNUMBER) q->place = check_handle(L, -1, ds->nplaces);
  if (rawfield(L, i, "actor") == LUA_TNUMBER) q->actor = check_handle(L, -1, ds->nactors);
  if (rawfield(L, i, "with") == LUA_TNUMBER) q->with = check_handle(L, -1, ds->nactors);
  rawfield(L, i, "members");
  q->members = lua_toboolean(L, -1);
  if (rawfield(L, i, "kind") == LUA_TSTRING) {
    q->kind = dip_strtab_find(&ds->strs, lua_tostring(L, -1), lua_rawlen(L, -1));
    if (q->kind == DIP_NONE) q->kind = DIP_NONE - 1; /* a kind nothing has */
  }
  lua_pop(L, 5);
  if (rawfield(L, i, "statuses") == LUA_TTABLE) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer k = 1; k <= n; k++) {
      const char *s;
      lua_rawgeti(L, -1, k);
      s = lua_tostring(L, -1);
      for (int st = DIP_HELD; s && st < DIP_NSTATUS; st++)
        if (!strcmp(s, dip_status_names[st])) q->statuses |= 1u << st;
      lua_pop(L, 1);
    }
    if (!q->statuses) q->statuses = 1u << DIP_NSTATUS; /* none that any event has */
  }
  lua_pop(L, 1);
  if (rawfield(L, i, "types") == LUA_TTABLE) {
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    uint32_t *types = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *types, 0);
    for (lua_Integer k = 1; k <= n; k++) {
      lua_rawgeti(L, -2, k);
      types[k - 1] = lua_isstring(L, -1) ? dip_strtab_find(&ds->strs, lua_tostring(L, -1), lua_rawlen(L, -1)) : DIP_NONE;
      lua_pop(L, 1);
    }
    q->types = types;
    q->ntypes = (uint32_t)n;
    if (!n) q->ntypes = 1, types[0] = DIP_NONE; /* an empty list matches nothing */
    lua_replace(L, -2);
  } /* the userdata (or nil) stays on the stack until the call returns */
  read_event_filter(L, ds, i, q);
}

static int push_res(lua_State *L, dip_dataset *ds, int rc) {
  dip_index *x;
  if (rc) return luaL_error(L, "%s", ds->err);
  x = ds->index;
  lua_createtable(L, (int)x->nres, 0);
  for (uint32_t i = 0; i < x->nres; i++) {
    lua_pushinteger(L, x->res[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

static uint32_t opt_actor(lua_State *L, dip_dataset *ds, int i) {
  return lua_isnoneornil(L, i) ? DIP_NONE : check_handle(L, i, ds->nactors);
}

static int l_events(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  dip_query q;
  read_query(L, ds, 2, &q);
  return push_res(L, ds, dip_events(ds, &q));
}

static int l_meetings(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors), b = check_handle(L, 3, ds->nactors);
  dip_query q;
  read_query(L, ds, 4, &q);
  return push_res(L, ds, dip_meetings(ds, a, b, &q));
}

/* -> flat array: actor, count, first event, last event, ... */
static int l_partners(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors);
  dip_query q;
  dip_index *x;
  if (!lua_isnoneornil(L, 4)) {
    /* push_object and lua_setmetatable take these on trust */
    luaL_checktype(L, 4, LUA_TTABLE);
    luaL_checktype(L, 5, LUA_TTABLE);
    luaL_checktype(L, 9, LUA_TTABLE);
  }
  read_query(L, ds, 3, &q);
  if (dip_partners(ds, a, &q)) return luaL_error(L, "%s", ds->err);
  x = ds->index;
  if (lua_istable(L, 4)) {
    /* the rows themselves: arguments 4 .. 9 are the actor cache, Actor, the
       dataset, DS, H (as for core.wrap) and the row metatable */
    int base = lua_gettop(L) + 1;
    for (int k = 4; k <= 9; k++) lua_pushvalue(L, k);
    lua_createtable(L, (int)x->npartners, 0);
    for (uint32_t i = 0; i < x->npartners; i++) {
      const dip_partner *p = &x->partners[i];
      lua_createtable(L, 0, 4);
      push_object(L, base, p->actor);
      lua_setfield(L, -2, "actor");
      lua_pushinteger(L, p->count);
      lua_setfield(L, -2, "count");
      lua_pushstring(L, dip_str(ds, ds->dates[ds->events[p->first].start].text));
      lua_setfield(L, -2, "first");
      lua_pushstring(L, dip_str(ds, ds->dates[ds->events[p->last].start].text));
      lua_setfield(L, -2, "last");
      lua_pushvalue(L, base + 5);
      lua_setmetatable(L, -2);
      lua_rawseti(L, -2, i + 1);
    }
    return 1;
  }
  lua_createtable(L, (int)x->npartners * 4, 0);
  for (uint32_t i = 0; i < x->npartners; i++) {
    const dip_partner *p = &x->partners[i];
    lua_pushinteger(L, p->actor), lua_rawseti(L, -2, 4 * i + 1);
    lua_pushinteger(L, p->count), lua_rawseti(L, -2, 4 * i + 2);
    lua_pushstring(L, dip_str(ds, ds->dates[ds->events[p->first].start].text)), lua_rawseti(L, -2, 4 * i + 3);
    lua_pushstring(L, dip_str(ds, ds->dates[ds->events[p->last].start].text)), lua_rawseti(L, -2, 4 * i + 4);
  }
  return 1;
}

/* -> flat array: place, count, ... */
static int l_venues(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors), b = opt_actor(L, ds, 3);
  dip_query q;
  dip_index *x;
  read_query(L, ds, 4, &q);
  if (dip_venues(ds, a, b, &q)) return luaL_error(L, "%s", ds->err);
  x = ds->index;
  lua_createtable(L, (int)x->nvenues * 2, 0);
  for (uint32_t i = 0; i < x->nvenues; i++) {
    lua_pushinteger(L, x->venues[i].place), lua_rawseti(L, -2, 2 * i + 1);
    lua_pushinteger(L, x->venues[i].count), lua_rawseti(L, -2, 2 * i + 2);
  }
  return 1;
}

/* The span of an optional date argument; NULL when absent. */
static const dip_span *opt_date(lua_State *L, dip_dataset *ds, int i, dip_span *span) {
  size_t n;
  const char *s;
  if (lua_isnoneornil(L, i)) return NULL;
  s = luaL_checklstring(L, i, &n);
  if (dip_parse_date(ds, s, n, span)) luaL_error(L, "date '%s': %s", s, ds->err);
  return span;
}

static int l_affiliations(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors);
  dip_span span;
  return push_res(L, ds, dip_affiliations(ds, a, opt_date(L, ds, 3, &span)));
}

static int l_memberships(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors);
  dip_span span;
  return push_res(L, ds, dip_memberships(ds, a, opt_date(L, ds, 3, &span)));
}

static int l_members(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors);
  dip_span span;
  return push_res(L, ds, dip_members(ds, a, opt_date(L, ds, 3, &span)));
}

static uint32_t opt_kind(lua_State *L, dip_dataset *ds, int i) {
  uint32_t k;
  if (lua_isnoneornil(L, i)) return DIP_NONE;
  k = dip_strtab_find(&ds->strs, luaL_checkstring(L, i), lua_rawlen(L, i));
  return k == DIP_NONE ? DIP_NONE - 1 : k;
}

static int l_actors(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  return push_res(L, ds, dip_list_actors(ds, opt_kind(L, ds, 2)));
}

static int l_places(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  return push_res(L, ds, dip_list_places(ds, opt_kind(L, ds, 2)));
}

static int l_within(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t p = check_handle(L, 2, ds->nplaces), y = check_handle(L, 3, ds->nplaces);
  if (dip_index_ready(ds)) return luaL_error(L, "out of memory");
  lua_pushboolean(L, dip_place_within(ds, p, y));
  return 1;
}

/* ---- networks, paths and time (graph.h, centrality.h, temporal.h) ---- */

#define GRAPH "diplomacy.Graph"

/* A graph userdata; its user value is the dataset it was built from, kept alive with it. */
typedef struct graph_box {
  dip_graph *g; /* NULL until built */
} graph_box;

static dip_graph *check_graph(lua_State *L, int i) {
  graph_box *b = luaL_checkudata(L, i, GRAPH);
  if (!b->g) luaL_error(L, "graph is empty");
  return b->g;
}

static int graph_gc(lua_State *L) {
  graph_box *b = luaL_checkudata(L, 1, GRAPH);
  dip_graph_free(b->g);
  b->g = NULL;
  return 0;
}

/* A new, still empty graph box keeping the value at owner alive. */
static graph_box *new_graph_box(lua_State *L, int owner) {
  graph_box *b = lua_newuserdatauv(L, sizeof *b, 1);
  b->g = NULL;
  luaL_setmetatable(L, GRAPH);
  lua_pushvalue(L, owner);
  lua_setiuservalue(L, -2, 1);
  return b;
}

static uint32_t check_node(lua_State *L, const dip_graph *g, int i) {
  lua_Integer v = luaL_checkinteger(L, i);
  luaL_argcheck(L, v >= 0 && (lua_Unsigned)v < g->n, i, "no such node");
  return (uint32_t)v;
}

/* core.network(ds, query, nodes) -> Graph; nodes: "sides", "participants" or a kind */
static int l_network(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *nodes = luaL_optstring(L, 3, "sides");
  int mode = DIP_NODES_KIND;
  uint32_t kind = DIP_NONE;
  dip_query q;
  graph_box *b;
  if (!strcmp(nodes, "sides")) mode = DIP_NODES_SIDES;
  else if (!strcmp(nodes, "participants")) mode = DIP_NODES_PARTICIPANTS;
  else if ((kind = dip_strtab_find(&ds->strs, nodes, strlen(nodes))) == DIP_NONE) kind = DIP_NONE - 1;
  read_query(L, ds, 2, &q);
  b = new_graph_box(L, 1); /* before the graph exists, so that it never lives unowned */
  if (dip_network(ds, &q, mode, kind, &b->g)) return luaL_error(L, "%s", ds->err);
  return 1;
}

/* core.graph_nodes(g) -> array of actor handles, in node order */
static int l_graph_nodes(lua_State *L) {
  dip_graph *g = check_graph(L, 1);
  lua_createtable(L, (int)g->n, 0);
  for (uint32_t v = 0; v < g->n; v++) {
    lua_pushinteger(L, g->actor[v]);
    lua_rawseti(L, -2, v + 1);
  }
  return 1;
}

/* core.graph_edges(ds, g) -> flat array: node a, node b, weight, first start, last start, ... */
static int l_graph_edges(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  dip_graph *g = check_graph(L, 2);
  lua_createtable(L, (int)(5 * (size_t)g->m), 0);
  for (uint32_t e = 0; e < g->m; e++) {
    lua_pushinteger(L, g->ea[e]), lua_rawseti(L, -2, 5 * e + 1);
    lua_pushinteger(L, g->eb[e]), lua_rawseti(L, -2, 5 * e + 2);
    lua_pushinteger(L, g->weight[e]), lua_rawseti(L, -2, 5 * e + 3);
    if (g->first[e] == DIP_NONE || g->first[e] >= ds->nevents || g->last[e] >= ds->nevents) continue;
    lua_pushstring(L, dip_str(ds, ds->dates[ds->events[g->first[e]].start].text)), lua_rawseti(L, -2, 5 * e + 4);
    lua_pushstring(L, dip_str(ds, ds->dates[ds->events[g->last[e]].start].text)), lua_rawseti(L, -2, 5 * e + 5);
  }
  return 1;
}

/* core.graph_edge(g, u, v) -> edge number (0-based), or nil */
static int l_graph_edge(lua_State *L) {
  dip_graph *g = check_graph(L, 1);
  uint32_t e = dip_graph_edge(g, check_node(L, g, 2), check_node(L, g, 3));
  if (e == DIP_NONE) lua_pushnil(L);
  else lua_pushinteger(L, e);
  return 1;
}

/* core.graph_edge_events(g, e) -> array of event handles, in start order */
static int l_graph_edge_events(lua_State *L) {
  dip_graph *g = check_graph(L, 1);
  lua_Integer e = luaL_checkinteger(L, 2);
  luaL_argcheck(L, e >= 0 && (lua_Unsigned)e < g->m, 2, "no such edge");
  lua_createtable(L, (int)(g->ev_off[e + 1] - g->ev_off[e]), 0);
  for (uint32_t k = g->ev_off[e], i = 1; k < g->ev_off[e + 1]; k++, i++) {
    lua_pushinteger(L, g->ev[k]);
    lua_rawseti(L, -2, i);
  }
  return 1;
}

/* core.centrality(g, measure, weighted) -> array of scores, in node order */
static int l_centrality(lua_State *L) {
  static const char *const measures[] = {"degree", "strength", "closeness", "betweenness", "eigenvector",
                                         "pagerank", NULL};
  dip_graph *g = check_graph(L, 1);
  int measure = luaL_checkoption(L, 2, NULL, measures), weighted = lua_toboolean(L, 3);
  double *score = lua_newuserdatauv(L, (size_t)(g->n ? g->n : 1) * sizeof *score, 0);
  if (dip_centrality(g, measure, weighted, score)) return luaL_error(L, "out of memory");
  lua_createtable(L, (int)g->n, 0);
  for (uint32_t v = 0; v < g->n; v++) {
    lua_pushnumber(L, score[v]);
    lua_rawseti(L, -2, v + 1);
  }
  return 1;
}

static int push_groups(lua_State *L, const uint32_t *group, uint32_t n) {
  lua_createtable(L, (int)n, 0);
  for (uint32_t v = 0; v < n; v++) {
    lua_pushinteger(L, group[v]);
    lua_rawseti(L, -2, v + 1);
  }
  return 1;
}

/* core.components(g) -> array: the component (0-based, largest first) of each node */
static int l_components(lua_State *L) {
  dip_graph *g = check_graph(L, 1);
  uint32_t *comp = lua_newuserdatauv(L, (size_t)(g->n ? g->n : 1) * sizeof *comp, 0), nc;
  if (dip_components(g, comp, &nc)) return luaL_error(L, "out of memory");
  return push_groups(L, comp, g->n);
}

/* core.communities(g, seed, resolution) -> array: the community of each node, and the modularity */
static int l_communities(lua_State *L) {
  dip_graph *g = check_graph(L, 1);
  lua_Integer seed = luaL_optinteger(L, 2, 1);
  double resolution = luaL_optnumber(L, 3, 1.0);
  if (!(resolution >= 0 && resolution <= DBL_MAX))
    return luaL_error(L, "communities: option 'resolution' must be a finite number, 0 or more (got %f)", resolution);
  uint32_t *comm = lua_newuserdatauv(L, (size_t)(g->n ? g->n : 1) * sizeof *comm, 0), nc;
  if (dip_communities(g, (uint64_t)seed, resolution, comm, &nc)) return luaL_error(L, "out of memory");
  push_groups(L, comm, g->n);
  lua_pushnumber(L, dip_modularity(g, comm, resolution));
  return 2;
}

/* core.ego(g, node, radius) -> Graph */
static int l_ego(lua_State *L) {
  dip_graph *g = check_graph(L, 1);
  uint32_t v = check_node(L, g, 2);
  lua_Integer radius = luaL_optinteger(L, 3, 1);
  graph_box *b;
  luaL_argcheck(L, radius >= 0, 3, "radius must be 0 or more");
  lua_getiuservalue(L, 1, 1);
  b = new_graph_box(L, lua_gettop(L));
  if (dip_graph_ego(g, v, radius > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)radius, &b->g))
    return luaL_error(L, "out of memory");
  return 1;
}

/* core.path(ds, a, b, query) -> array of event handles, or nil */
static int l_path(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors), b = check_handle(L, 3, ds->nactors);
  dip_query q;
  int found;
  read_query(L, ds, 4, &q);
  if (dip_path(ds, a, b, &q, &found)) return luaL_error(L, "%s", ds->err);
  if (!found) {
    lua_pushnil(L);
    return 1;
  }
  return push_res(L, ds, DIP_OK);
}

/* core.reach(ds, a, query) -> flat array: actor, arrival start (as written), meetings, ... */
static int l_reach(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors);
  dip_query q;
  dip_index *x;
  read_query(L, ds, 3, &q);
  if (dip_reach(ds, a, &q)) return luaL_error(L, "%s", ds->err);
  x = ds->index;
  lua_createtable(L, (int)x->nres, 0);
  for (uint32_t i = 0; i + 2 < x->nres; i += 3) {
    lua_pushinteger(L, x->res[i]), lua_rawseti(L, -2, i + 1);
    lua_pushstring(L, dip_str(ds, ds->dates[ds->events[x->res[i + 1]].start].text)), lua_rawseti(L, -2, i + 2);
    lua_pushinteger(L, x->res[i + 2]), lua_rawseti(L, -2, i + 3);
  }
  return 1;
}

/* core.series(ds, a, b or nil, query, by) -> flat array: period, count, ... */
static int l_series(lua_State *L) {
  static const char *const periods[] = {"day", "week", "month", "year", NULL};
  dip_dataset *ds = check_ds(L, 1);
  uint32_t a = check_handle(L, 2, ds->nactors), b = opt_actor(L, ds, 3);
  int by = luaL_checkoption(L, 5, "month", periods);
  int64_t key;
  dip_query q;
  dip_index *x;
  read_query(L, ds, 4, &q);
  if (dip_series(ds, a, b, &q, by, &key)) return luaL_error(L, "%s", ds->err);
  x = ds->index;
  lua_createtable(L, (int)(2 * (size_t)x->nres), 0);
  for (uint32_t i = 0; i < x->nres; i++) {
    char label[16];
    dip_period_label(by, key + (by == DIP_BY_WEEK ? 7 * (int64_t)i : (int64_t)i), label);
    lua_pushstring(L, label), lua_rawseti(L, -2, 2 * i + 1);
    lua_pushinteger(L, x->res[i]), lua_rawseti(L, -2, 2 * i + 2);
  }
  return 1;
}

/* ---- the world base, the extractor and whole documents (issue 13) ---- */

#define EXTRACTOR "diplomacy.Extractor"

/* The extractor's phrase table, with an allocator of its own so that it may outlive its dataset. */
typedef struct extractor_box {
  ex_lexicon lx;
  dip_mem mem;
  int built;
} extractor_box;

static int extractor_gc(lua_State *L) {
  extractor_box *b = luaL_checkudata(L, 1, EXTRACTOR);
  if (b->built) ex_lexicon_free(&b->lx);
  b->built = 0;
  return 0;
}

/* core.world_read(ds, text, name) -> true, or nil, message */
static int l_world_read(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  size_t len;
  const char *text = luaL_checklstring(L, 2, &len);
  const char *name = luaL_optstring(L, 3, NULL);
  int rc = dip_world_read(ds, text, len, name);
  if (rc) return fail(L, rc, ds->err);
  lua_pushboolean(L, 1);
  return 1;
}

/* core.world_load(ds, path) -> true, or nil, message */
static int l_world_load(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *path = luaL_checkstring(L, 2);
  int rc = dip_world_load(ds, path);
  if (rc) return fail(L, rc, ds->err);
  lua_pushboolean(L, 1);
  return 1;
}

/* core.extractor(ds, patterns) -> an Extractor for ds as it is now, or nil, message */
static int l_extractor(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  size_t len;
  const char *patterns = luaL_checklstring(L, 2, &len);
  extractor_box *b = lua_newuserdatauv(L, sizeof *b, 0);
  int rc;
  memset(b, 0, sizeof *b);
  luaL_setmetatable(L, EXTRACTOR);
  b->mem.alloc = dip_default_alloc;
  b->built = 1;
  if ((rc = ex_lexicon_build(&b->lx, &b->mem, ds, patterns, len))) {
    char msg[sizeof b->lx.err];
    memcpy(msg, b->lx.err, sizeof msg);
    ex_lexicon_free(&b->lx);
    b->built = 0;
    return fail(L, rc, msg);
  }
  return 1;
}

/* core.extract(ds, extractor, text, published or nil, source table or nil, base or nil) -> document table, or nil,
   message; names resolve in ds, and the document carries what base (default ds) lacks */
static int l_extract(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1), *base = lua_isnoneornil(L, 6) ? ds : check_ds(L, 6);
  extractor_box *x = luaL_checkudata(L, 2, EXTRACTOR);
  size_t len;
  const char *text = luaL_checklstring(L, 3, &len);
  const char *published = luaL_optstring(L, 4, NULL);
  cJSON **source, **doc;
  char err[400];
  int rc;
  if (!x->built) return luaL_error(L, "extractor is closed");
  source = lua_newuserdatauv(L, sizeof *source, 0);
  *source = NULL;
  luaL_setmetatable(L, JSONBOX);
  if (!lua_isnoneornil(L, 5)) {
    converter c = {L, ""};
    luaL_checktype(L, 5, LUA_TTABLE);
    lua_pushvalue(L, 5);
    if (to_json(&c, "source", NULL, 0, source)) return fail(L, DIP_EINVAL, c.err);
    lua_pop(L, 1);
    if (!cJSON_IsObject(*source)) return fail(L, DIP_EINVAL, "source: expected a table with named fields");
  }
  /* the document is owned by a box from the moment it exists, so a raise while it becomes a table frees it */
  doc = lua_newuserdatauv(L, sizeof *doc, 0);
  *doc = NULL;
  luaL_setmetatable(L, JSONBOX);
  rc = dip_extract_for(ds, base, &x->lx, text, len, published, *source, doc, err, sizeof err);
  cJSON_Delete(*source);
  *source = NULL;
  if (rc) return fail(L, rc, err);
  push_json(L, *doc, 0);
  cJSON_Delete(*doc);
  *doc = NULL;
  return 1;
}

/* core.absorb(ds, other) -> true, or nil, message: other's whole document added to ds (objects ds has by id kept) */
static int l_absorb(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1), *other = check_ds(L, 2);
  cJSON **box = lua_newuserdatauv(L, sizeof *box, 0);
  uint32_t added;
  int rc;
  *box = NULL;
  luaL_setmetatable(L, JSONBOX);
  if (!(*box = dip_to_json(other))) return luaL_error(L, "out of memory");
  rc = dip_add_document(ds, *box, &added);
  cJSON_Delete(*box);
  *box = NULL;
  if (rc) return fail(L, rc, ds->err);
  lua_pushboolean(L, 1);
  return 1;
}

/* core.add_document(ds, doc) -> number of events added, or nil, message */
static int l_add_document(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  converter c = {L, ""};
  cJSON **box;
  uint32_t added = 0;
  int rc;
  luaL_checktype(L, 2, LUA_TTABLE);
  box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = NULL;
  luaL_setmetatable(L, JSONBOX);
  lua_pushvalue(L, 2);
  if (to_json(&c, "", NULL, 0, box)) return fail(L, DIP_EINVAL, c.err);
  lua_pop(L, 1);
  rc = dip_add_document(ds, *box, &added);
  cJSON_Delete(*box);
  *box = NULL;
  if (rc) return fail(L, rc, ds->err);
  lua_pushinteger(L, (lua_Integer)added);
  return 1;
}

static const luaL_Reg graph_meta[] = {
  {"__gc", graph_gc},
  {NULL, NULL}
};

/* ---- end of networks, paths and time ---- */

/* ---- importing and exporting (import.h) ---- */

#define IMPORTBOX "diplomacy.import"

static int import_gc(lua_State *L) {
  dip_import_free(luaL_checkudata(L, 1, IMPORTBOX));
  return 0;
}

/* core.import(ds, path, format or nil, merge_dyads) -> added, skipped, rows;
   or nil, message. The import's C memory lives in a userdata until done. */
static int l_import(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *path = check_path(L, 2), *format = luaL_optstring(L, 3, NULL);
  dip_import *im = lua_newuserdatauv(L, sizeof *im, 0);
  int rc;
  dip_import_init(im, ds);
  luaL_setmetatable(L, IMPORTBOX);
  if (format && (im->format = dip_format_named(format)) == DIP_FORMAT_AUTO)
    return luaL_error(L, "unknown format '%s'", format);
  im->merge_dyads = lua_isnoneornil(L, 4) || lua_toboolean(L, 4);
  if ((rc = dip_import_run(im, path))) {
    if (rc == DIP_ENOMEM) return luaL_error(L, "out of memory");
    luaL_pushfail(L);
    lua_pushstring(L, im->err);
    dip_import_free(im);
    return 2;
  }
  lua_pushinteger(L, im->added);
  lua_createtable(L, (int)im->nskips, 0);
  for (uint32_t i = 0; i < im->nskips; i++) {
    const dip_skip *k = &im->skips[i];
    const char *file = im->nfiles ? dip_import_text(im, im->files[k->file]) : path;
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, k->line);
    lua_setfield(L, -2, "line");
    lua_pushstring(L, dip_import_text(im, k->reason));
    lua_setfield(L, -2, "reason");
    if (strcmp(file, path)) {
      lua_pushstring(L, file);
      lua_setfield(L, -2, "file");
    }
    lua_rawseti(L, -2, i + 1);
  }
  lua_pushinteger(L, im->rows);
  dip_import_free(im);
  return 3;
}

/* core.export(ds, path, format, query or nil) -> records written, or nil, message */
static int l_export(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *path = check_path(L, 2), *name = luaL_checkstring(L, 3);
  int format = dip_format_named(name), rc;
  uint32_t written, *events = NULL, n = ds->nevents;
  if (format != DIP_FORMAT_CSV && format != DIP_FORMAT_GDELT && format != DIP_FORMAT_GEOJSON)
    return luaL_error(L, "unknown export format '%s' (expected csv, gdelt or geojson)", name);
  if (!lua_isnoneornil(L, 4)) {
    dip_query q;
    read_query(L, ds, 4, &q);
    if (dip_events(ds, &q)) return luaL_error(L, "%s", ds->err);
    n = ds->index->nres;
    events = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *events, 0);
    if (n) memcpy(events, ds->index->res, (size_t)n * sizeof *events);
  }
  if ((rc = dip_export(ds, path, format, events, n, &written))) return fail(L, rc, ds->err);
  lua_pushinteger(L, written);
  return 1;
}

/* core.export_partitioned(ds, dir, "year") -> counts table, or nil, message */
static int l_export_partitioned(lua_State *L) {
  static const char *const bys[] = {"year", NULL};
  dip_dataset *ds = check_ds(L, 1);
  const char *dir = luaL_checkstring(L, 2);
  int by = luaL_checkoption(L, 3, "year", bys) + DIP_PARTITION_YEAR, rc;
  dip_partition_counts n;
  if ((rc = dip_export_partitioned(ds, dir, by, &n))) return fail(L, rc, ds->err);
  lua_createtable(L, 0, 5);
  lua_pushinteger(L, n.partitions);
  lua_setfield(L, -2, "partitions");
  lua_pushinteger(L, n.events);
  lua_setfield(L, -2, "events");
  lua_pushinteger(L, n.participants);
  lua_setfield(L, -2, "participants");
  lua_pushinteger(L, (lua_Integer)n.stands);
  lua_setfield(L, -2, "stands");
  lua_pushinteger(L, (lua_Integer)n.by_membership);
  lua_setfield(L, -2, "by_membership");
  return 1;
}

/* ---- end of importing and exporting ---- */


/* ---- finding by name: ds:find, ds:alias, ds:merge_actors, and the names and values the REPL offers ---- */

#include "find.h"

/* core.find(ds, text, what, kind, at, limit) -> flat array: "actor"|"place", handle, score, ... */
static int l_find_text(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  size_t n;
  const char *text = luaL_checklstring(L, 2, &n);
  lua_Integer what = luaL_checkinteger(L, 3), limit = luaL_optinteger(L, 6, 10);
  uint32_t kind = DIP_NONE, count;
  dip_span at, *atp = NULL;
  dip_match *out;
  if (lua_isstring(L, 4)) {
    kind = dip_strtab_find(&ds->strs, lua_tostring(L, 4), lua_rawlen(L, 4));
    if (kind == DIP_NONE) {
      lua_newtable(L);
      return 1;
    }
  }
  if (lua_isstring(L, 5)) {
    if (dip_parse_date(ds, lua_tostring(L, 5), lua_rawlen(L, 5), &at)) return luaL_error(L, "at: %s", ds->err);
    atp = &at;
  }
  luaL_argcheck(L, limit >= 1 && limit <= 100000, 6, "limit must be 1 to 100000");
  out = lua_newuserdatauv(L, (size_t)limit * sizeof *out, 0);
  if (dip_find(ds, text, n, (unsigned)what, kind, atp, out, (uint32_t)limit, &count)) return luaL_error(L, "out of memory");
  lua_createtable(L, (int)count * 3, 0);
  for (uint32_t i = 0; i < count; i++) {
    lua_pushstring(L, out[i].is_place ? "place" : "actor");
    lua_rawseti(L, -2, 3 * i + 1);
    lua_pushinteger(L, out[i].handle);
    lua_rawseti(L, -2, 3 * i + 2);
    lua_pushnumber(L, out[i].score);
    lua_rawseti(L, -2, 3 * i + 3);
  }
  return 1;
}

/* core.alias(ds, actor, name) */
static int l_alias(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t h = check_handle(L, 2, ds->nactors);
  size_t n;
  const char *name = luaL_checklstring(L, 3, &n);
  if (dip_actor_add_alias(ds, h, name, n)) return luaL_error(L, "%s", ds->err);
  return 0;
}

/* core.merge_actors(ds, keep, other) */
static int l_merge_actors(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  uint32_t keep = check_handle(L, 2, ds->nactors), other = check_handle(L, 3, ds->nactors);
  if (dip_merge_actors(ds, keep, other)) return luaL_error(L, "%s", ds->err);
  return 0;
}

/* core.names(ds, "actor"|"place") -> every name and alias, once each (for completion) */
static int l_names(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  int places = luaL_checkstring(L, 2)[0] == 'p';
  uint32_t n = places ? ds->nplaces : ds->nactors, k = 0;
  lua_createtable(L, (int)n, 0);
  for (uint32_t h = 0; h < n; h++) {
    uint32_t name = places ? ds->places[h].name : ds->actors[h].name;
    uint32_t off = places ? ds->places[h].aliases : ds->actors[h].aliases;
    uint32_t na = places ? ds->places[h].naliases : ds->actors[h].naliases;
    lua_pushstring(L, dip_str(ds, name));
    lua_rawseti(L, -2, ++k);
    for (uint32_t i = 0; i < na; i++) {
      lua_pushstring(L, dip_str(ds, ds->lists[off + i]));
      lua_rawseti(L, -2, ++k);
    }
  }
  return 1;
}

/* core.values(ds, what) -> the distinct values with their counts, { [value] = n }:
   what is "actor_kind", "place_kind", "event_type", "relation_type" or "status" */
static int l_values(lua_State *L) {
  dip_dataset *ds = check_ds(L, 1);
  const char *what = luaL_checkstring(L, 2);
  lua_Integer *count;
  uint32_t ns = ds->strs.n;
  int status = !strcmp(what, "status");
  if (!status && strcmp(what, "actor_kind") && strcmp(what, "place_kind") && strcmp(what, "event_type") &&
      strcmp(what, "relation_type"))
    return luaL_argerror(L, 2, "unknown kind of value");
  count = lua_newuserdatauv(L, (size_t)(status ? DIP_NSTATUS : ns ? ns : 1) * sizeof *count, 0);
  memset(count, 0, (size_t)(status ? DIP_NSTATUS : ns ? ns : 1) * sizeof *count);
  if (status) {
    for (uint32_t i = 0; i < ds->nevents; i++) count[ds->events[i].status == DIP_STATUS_UNSET ? DIP_HELD : ds->events[i].status]++;
  } else if (what[0] == 'a') {
    for (uint32_t i = 0; i < ds->nactors; i++) if (ds->actors[i].kind != DIP_NONE) count[ds->actors[i].kind]++;
  } else if (what[0] == 'p') {
    for (uint32_t i = 0; i < ds->nplaces; i++) if (ds->places[i].kind != DIP_NONE) count[ds->places[i].kind]++;
  } else if (what[0] == 'e') {
    for (uint32_t i = 0; i < ds->nevents; i++) count[ds->events[i].type]++;
  } else {
    for (uint32_t i = 0; i < ds->nrelations; i++) count[ds->relations[i].type]++;
  }
  lua_newtable(L);
  for (uint32_t s = 0; s < (status ? (uint32_t)DIP_NSTATUS : ns); s++) {
    if (!count[s]) continue;
    lua_pushinteger(L, count[s]);
    lua_setfield(L, -2, status ? dip_status_names[s] : dip_str(ds, s));
  }
  return 1;
}

static const luaL_Reg finding_functions[] = {
  {"alias", l_alias},
  {"find_text", l_find_text},
  {"merge_actors", l_merge_actors},
  {"names", l_names},
  {"values", l_values},
  {NULL, NULL}
};

/* ---- end of finding by name ---- */

/* ---- the REPL's terminal: line editing (libedit), history, completion, Ctrl-C ---- */

/* libedit's own interface (histedit.h), not its readline emulation: the lua5.4
   program may carry GNU readline, whose symbols would stand in for those. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <histedit.h>

#define COMPLETER "diplomacy.completer"

static EditLine *editor;                   /* made on the first core.readline, kept for the process */
static History *history_list;
static char prompt_text[32];
static lua_State *completion_L;            /* the state whose completer runs, while a line is read */
static int line_cancelled;
static lua_State *volatile interrupt_L;    /* the state a Ctrl-C interrupts, while a chunk runs */

/* core.isatty() -> whether standard input and output are both terminals */
static int l_isatty(lua_State *L) {
  lua_pushboolean(L, isatty(0) && isatty(1));
  return 1;
}

static char *current_prompt(EditLine *e) {
  (void)e;
  return prompt_text;
}

/* Runs the Lua completer with the line up to the cursor: it returns how many bytes
   before the cursor to replace, the text to put there and, for several choices, a listing. */
static int call_completer(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, COMPLETER);
  if (!lua_isfunction(L, -1)) return 0;
  lua_pushvalue(L, 1);
  lua_call(L, 1, 3);
  return 3;
}

/* Tab. The Lua strings stay on the stack while libedit copies them; nothing of ours is
   allocated, so a failing completer leaves nothing behind. */
static unsigned char on_complete(EditLine *e, int ch) {
  lua_State *L = completion_L;
  const LineInfo *li = el_line(e);
  lua_Integer del;
  const char *insert, *listing;
  unsigned char rc;
  int top;
  (void)ch;
  if (!L) return CC_ERROR;
  top = lua_gettop(L);
  if (!lua_checkstack(L, 5)) return CC_ERROR;
  lua_pushcfunction(L, call_completer);
  lua_pushlstring(L, li->buffer, (size_t)(li->cursor - li->buffer));
  if (lua_pcall(L, 1, 3, 0) != LUA_OK) {
    lua_settop(L, top);
    return CC_REFRESH_BEEP;
  }
  del = lua_tointeger(L, top + 1);
  insert = lua_type(L, top + 2) == LUA_TSTRING ? lua_tostring(L, top + 2) : NULL;
  listing = lua_type(L, top + 3) == LUA_TSTRING ? lua_tostring(L, top + 3) : NULL;
  rc = CC_REFRESH_BEEP;
  if (del > 0 && del <= li->cursor - li->buffer) el_deletestr(e, (int)del);
  if (insert && *insert && el_insertstr(e, insert) == 0) rc = CC_REFRESH;
  if (listing) {
    fputs("\n", stdout);
    fputs(listing, stdout);
    fputs("\n", stdout);
    fflush(stdout);
    rc = CC_REDISPLAY;
  }
  lua_settop(L, top);
  return rc;
}

/* Ctrl-C while typing: the terminal does not raise SIGINT in edit mode (isig is off
   there), so the key ends the line, and core.readline drops it. */
static unsigned char on_cancel(EditLine *e, int ch) {
  (void)e, (void)ch;
  line_cancelled = 1;
  return CC_NEWLINE;
}

static int editor_open(void) {
  HistEvent ev;
  if (editor) return 0;
  if (!(history_list = history_init())) return -1;
  if (!(editor = el_init("diplomacy", stdin, stdout, stderr))) {
    history_end(history_list);
    history_list = NULL;
    return -1;
  }
  history(history_list, &ev, H_SETSIZE, 1000);
  history(history_list, &ev, H_SETUNIQUE, 1);
  el_set(editor, EL_EDITOR, "emacs");
  el_set(editor, EL_SIGNAL, 1); /* the terminal is put back when the process is stopped or killed */
  el_set(editor, EL_PROMPT, current_prompt);
  el_set(editor, EL_HIST, history, history_list);
  el_set(editor, EL_ADDFN, "diplomacy-complete", "complete a name, a method or an option key", on_complete);
  el_set(editor, EL_ADDFN, "diplomacy-cancel", "drop the line being typed", on_cancel);
  el_set(editor, EL_BIND, "^I", "diplomacy-complete", NULL);
  el_set(editor, EL_BIND, "^C", "diplomacy-cancel", NULL);
  el_set(editor, EL_BIND, "^R", "em-inc-search-prev", NULL);
  el_set(editor, EL_SETTY, "-d", "-isig", NULL);
  el_source(editor, NULL); /* the user's ~/.editrc, if any */
  return 0;
}

/* core.set_completer(fn): fn(line_before_cursor) returns bytes to replace, text, listing */
static int l_set_completer(lua_State *L) {
  if (!lua_isnil(L, 1)) luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, COMPLETER);
  return 0;
}

/* core.readline(prompt) -> the line; nil at the end of input; false when Ctrl-C dropped it */
static int l_readline(lua_State *L) {
  const char *prompt = luaL_optstring(L, 1, "");
  const char *line;
  int count = 0;
  size_t n;
  if (editor_open()) return luaL_error(L, "cannot start line editing (out of memory)");
  snprintf(prompt_text, sizeof prompt_text, "%s", prompt);
  line_cancelled = 0;
  completion_L = L;
  line = el_gets(editor, &count); /* libedit's buffer: nothing to free */
  completion_L = NULL;
  if (line_cancelled) {
    lua_pushboolean(L, 0);
    return 1;
  }
  if (!line || count <= 0) return 0;
  n = (size_t)count;
  if (n && line[n - 1] == '\n') n--;
  lua_pushlstring(L, line, n);
  return 1;
}

/* core.add_history(line) */
static int l_add_history(lua_State *L) {
  const char *line = luaL_checkstring(L, 1);
  HistEvent ev;
  if (editor_open()) return luaL_error(L, "cannot start line editing (out of memory)");
  history(history_list, &ev, H_ENTER, line);
  return 0;
}

/* core.history_load(path), core.history_save(path): true, or nil, message */
static int l_history_load(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  HistEvent ev;
  if (editor_open()) return luaL_error(L, "cannot start line editing (out of memory)");
  if (history(history_list, &ev, H_LOAD, path) < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: cannot read the history", path);
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int l_history_save(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  HistEvent ev;
  if (editor_open()) return luaL_error(L, "cannot start line editing (out of memory)");
  if (history(history_list, &ev, H_SAVE, path) < 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: cannot write the history", path);
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static void interrupt_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted");
}

/* As lua.c does: the handler only sets a hook, which raises at the next Lua step. */
static void on_run_sigint(int sig) {
  lua_State *L = interrupt_L;
  signal(sig, SIG_DFL); /* a second Ctrl-C ends the process, for C code that never returns */
  if (L) lua_sethook(L, interrupt_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

/* core.interruptible(on): while on, Ctrl-C raises "interrupted" in the running Lua code */
static int l_interruptible(lua_State *L) {
  static struct sigaction old;
  static int installed;
  if (lua_toboolean(L, 1)) {
    struct sigaction on;
    memset(&on, 0, sizeof on);
    on.sa_handler = on_run_sigint;
    sigemptyset(&on.sa_mask);
    interrupt_L = L;
    if (!installed) sigaction(SIGINT, &on, &old);
    else sigaction(SIGINT, &on, NULL);
    installed = 1;
  } else if (installed) {
    sigaction(SIGINT, &old, NULL);
    installed = 0;
    interrupt_L = NULL;
    if (lua_gethook(L) == interrupt_hook) lua_sethook(L, NULL, 0, 0);
  }
  return 0;
}

static const luaL_Reg terminal_functions[] = {
  {"add_history", l_add_history},
  {"history_load", l_history_load},
  {"history_save", l_history_save},
  {"interruptible", l_interruptible},
  {"isatty", l_isatty},
  {"readline", l_readline},
  {"set_completer", l_set_completer},
  {NULL, NULL}
};

/* ---- end of the REPL's terminal ---- */

static const luaL_Reg dataset_meta[] = {
  {"__gc", ds_gc},
  {NULL, NULL}
};

static const luaL_Reg functions[] = {
  {"actor_info", l_actor_info},
  {"absorb", l_absorb},
  {"actors", l_actors},
  {"add", l_add},
  {"add_document", l_add_document},
  {"affiliations", l_affiliations},
  {"centrality", l_centrality},
  {"close", ds_gc},
  {"closed", ds_closed},
  {"communities", l_communities},
  {"components", l_components},
  {"counts", l_counts},
  {"decode", l_decode},
  {"ego", l_ego},
  {"encode", l_encode},
  {"event_info", l_event_info},
  {"events", l_events},
  {"export", l_export},
  {"export_partitioned", l_export_partitioned},
  {"extract", l_extract},
  {"extractor", l_extractor},
  {"find_actor", l_find_actor},
  {"find_event", l_find_event},
  {"find_place", l_find_place},
  {"generation", l_generation},
  {"graph_edge", l_graph_edge},
  {"graph_edge_events", l_graph_edge_events},
  {"graph_edges", l_graph_edges},
  {"graph_nodes", l_graph_nodes},
  {"import", l_import},
  {"index", l_index},
  {"load", l_load},
  {"snapshot_info", l_snapshot_info},
  {"meetings", l_meetings},
  {"memory", l_memory},
  {"members", l_members},
  {"memberships", l_memberships},
  {"meta", l_meta},
  {"network", l_network},
  {"new", l_new},
  {"parse_date", l_parse_date},
  {"partners", l_partners},
  {"path", l_path},
  {"place_info", l_place_info},
  {"places", l_places},
  {"reach", l_reach},
  {"relations", l_relations},
  {"save", l_save},
  {"save_snapshot", l_save_snapshot},
  {"series", l_series},
  {"venues", l_venues},
  {"wrap", l_wrap},
  {"within", l_within},
  {"world_load", l_world_load},
  {"world_read", l_world_read},
  {NULL, NULL}
};

/* ---- one call of the module at a time ----
   Any allocation (a push, a new table) may run a finalizer, and a finalizer
   may close the dataset, add to it or run another query, whose results
   replace those in its index. So that no function has a pointer into the
   dataset, its index or a graph pulled away under it, each runs in a
   protected call that counts how deep the module is: a call that comes in
   while another runs (from a finalizer, the only Lua code that can run
   inside one) is refused with an error, which Lua reports as a warning of
   that finalizer; the outer call goes on untouched. The same holds for an
   explicit close (__close) of a dataset or a graph. Stopping the collector
   instead would also do, but restarting it cancels its pause after every
   call, and a program holding a large heap then collects without end. */
static int *call_depth(lua_State *L, int upvalue) {
  return lua_touserdata(L, lua_upvalueindex(upvalue));
}

static int guarded(lua_State *L) {
  const luaL_Reg *f = lua_touserdata(L, lua_upvalueindex(1));
  int *depth = call_depth(L, 2), n = lua_gettop(L), status;
  if (*depth > 0)
    return luaL_error(L, "%s: another call of diplomacy.core is running (a finalizer cannot use the module meanwhile)",
                      f->name);
  lua_pushcfunction(L, f->func);
  lua_insert(L, 1);
  ++*depth;
  status = lua_pcall(L, n, LUA_MULTRET, 0);
  --*depth;
  if (status != LUA_OK) {
    /* luaL_argerror cannot name a function called from C: name it here */
    const char *msg = lua_tostring(L, -1);
    if (msg && !strncmp(msg, "bad argument #", 14) && strstr(msg, " to '?'")) {
      char name[64];
      snprintf(name, sizeof name, " to '%s'", f->name);
      luaL_gsub(L, msg, " to '?'", name);
    }
    return lua_error(L);
  }
  return lua_gettop(L);
}

/* luaL_setfuncs for the table at the top, each function run by guarded; the depth
   counter (a userdata) is just below the table. */
static void set_guarded(lua_State *L, const luaL_Reg *fs) {
  for (const luaL_Reg *f = fs; f->name; f++) {
    lua_pushlightuserdata(L, (void *)f);
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, guarded, 2);
    lua_setfield(L, -2, f->name);
  }
}

/* __close of a dataset or a graph: refused while a call of the module runs (the
   object may be the one in use); __gc needs no such care, as an object in use is
   reachable. */
static int close_checked(lua_State *L) {
  if (*call_depth(L, 2) > 0)
    return luaL_error(L, "close: another call of diplomacy.core is running (a finalizer cannot close a dataset meanwhile)");
  return lua_tocfunction(L, lua_upvalueindex(1))(L);
}

static void set_close(lua_State *L, lua_CFunction gc, int depth) {
  lua_pushcfunction(L, gc);
  lua_pushvalue(L, depth);
  lua_pushcclosure(L, close_checked, 2);
  lua_setfield(L, -2, "__close");
}

int luaopen_diplomacy_core(lua_State *L);

int luaopen_diplomacy_core(lua_State *L) {
  int *depth = lua_newuserdatauv(L, sizeof *depth, 0), d = lua_gettop(L);
  *depth = 0;
  luaL_newmetatable(L, DATASET);
  luaL_setfuncs(L, dataset_meta, 0);
  set_close(L, ds_gc, d);
  lua_pop(L, 1);
  luaL_newmetatable(L, JSONBOX);
  lua_pushcfunction(L, box_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newmetatable(L, IMPORTBOX);
  lua_pushcfunction(L, import_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newmetatable(L, GRAPH);
  luaL_setfuncs(L, graph_meta, 0);
  set_close(L, graph_gc, d);
  lua_pop(L, 1);
  luaL_newmetatable(L, EXTRACTOR);
  lua_pushcfunction(L, extractor_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  luaL_newlibtable(L, functions);
  set_guarded(L, functions);
  set_guarded(L, finding_functions);
  /* not guarded: the terminal runs the user's own code (l_interruptible) and waits for keys */
  luaL_setfuncs(L, terminal_functions, 0);
  return 1;
}
