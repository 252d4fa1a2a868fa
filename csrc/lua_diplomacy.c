/* lua_diplomacy.c: the core bound to Lua 5.4 as the module 'diplomacy.core' */
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

static int l_load(lua_State *L) {
  const char *path = check_path(L, 1);
  char err[600];
  int code;
  dataset_box *b = new_box(L);
  if (!(b->ds = dip_load(path, NULL, NULL, err, sizeof err, &code))) return fail(L, code, err);
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
  if (dip_index_update(ds)) return luaL_error(L, "out of memory");
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
    set_extra(L, p->extra);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "participants");
  if (e->sources) push_json_object(L, e->sources, 0);
  else lua_createtable(L, 0, 0);
  lua_setfield(L, -2, "sources");
  set_extra(L, e->extra);
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
  if (dip_index_update(ds)) return luaL_error(L, "out of memory");
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

static const luaL_Reg graph_meta[] = {
  {"__close", graph_gc},
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

/* ---- end of importing and exporting ---- */

static const luaL_Reg dataset_meta[] = {
  {"__close", ds_gc},
  {"__gc", ds_gc},
  {NULL, NULL}
};

static const luaL_Reg functions[] = {
  {"actor_info", l_actor_info},
  {"actors", l_actors},
  {"add", l_add},
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
  {"find_actor", l_find_actor},
  {"find_event", l_find_event},
  {"find_place", l_find_place},
  {"generation", l_generation},
  {"graph_edge", l_graph_edge},
  {"graph_edge_events", l_graph_edge_events},
  {"graph_edges", l_graph_edges},
  {"graph_nodes", l_graph_nodes},
  {"import", l_import},
  {"load", l_load},
  {"meetings", l_meetings},
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
  {NULL, NULL}
};

/* ---- the collector held still while a function of the module runs ----
   Any allocation (a push, a new table) may run a finalizer, and a finalizer
   may close the dataset, add to it or run another query, whose results
   replace those in its index. So that no function holds a pointer into the
   dataset, its index or a graph across such a call, each runs with the
   collector stopped, in a protected call that restarts it however the
   function ends; finalizers due meanwhile run at the next step after. Inside
   a finalizer the collector cannot run anyway (lua_gc answers -1). */
static int guarded(lua_State *L) {
  const luaL_Reg *f = lua_touserdata(L, lua_upvalueindex(1));
  int n = lua_gettop(L), stopped = lua_gc(L, LUA_GCISRUNNING) == 1, status;
  if (stopped) lua_gc(L, LUA_GCSTOP);
  lua_pushcfunction(L, f->func);
  lua_insert(L, 1);
  status = lua_pcall(L, n, LUA_MULTRET, 0);
  if (stopped) lua_gc(L, LUA_GCRESTART);
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

/* luaL_setfuncs for the table at the top, each function run by guarded. */
static void set_guarded(lua_State *L, const luaL_Reg *fs) {
  for (const luaL_Reg *f = fs; f->name; f++) {
    lua_pushlightuserdata(L, (void *)f);
    lua_pushcclosure(L, guarded, 1);
    lua_setfield(L, -2, f->name);
  }
}

int luaopen_diplomacy_core(lua_State *L);

int luaopen_diplomacy_core(lua_State *L) {
  luaL_newmetatable(L, DATASET);
  luaL_setfuncs(L, dataset_meta, 0);
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
  lua_pop(L, 1);
  luaL_newlibtable(L, functions);
  set_guarded(L, functions);
  return 1;
}
