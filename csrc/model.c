/* model.c: adding validated objects to a dataset, and finding them by id or name */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "model.h"
#include "query.h"

const char *const dip_status_names[DIP_NSTATUS] = {
  "held", "held", "planned", "postponed", "cancelled", "reported", "denied"
};

static const char *const word_text[DIP_NWORDS] = {
  "state", "organization", "member_of", "part_of", "position",
  "meeting", "talks", "negotiation", "summit", "visit", "call", "conference"
};

int dip_set_err(dip_dataset *ds, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ds->err, sizeof ds->err, fmt, ap);
  va_end(ap);
  return code;
}

static int oom(dip_dataset *ds) { return dip_set_err(ds, DIP_ENOMEM, "out of memory"); }

dip_dataset *dip_new(dip_alloc_fn alloc, void *ud) {
  dip_mem mem = {alloc ? alloc : dip_default_alloc, ud};
  dip_dataset *ds = dip_alloc(&mem, sizeof *ds);
  if (!ds) return NULL;
  memset(ds, 0, sizeof *ds);
  ds->mem = mem;
  dip_strtab_init(&ds->strs, &ds->mem);
  dip_map_init(&ds->date_of_text);
  dip_map_init(&ds->place_of_id);
  dip_map_init(&ds->actor_of_id);
  dip_map_init(&ds->event_of_id);
  dip_map_init(&ds->place_names.head);
  dip_map_init(&ds->actor_names.head);
  for (int w = 0; w < DIP_NWORDS; w++) {
    ds->words[w] = dip_intern(&ds->strs, word_text[w], strlen(word_text[w]));
    if (ds->words[w] == DIP_NONE) {
      dip_close(ds);
      return NULL;
    }
  }
  return ds;
}

static void free_names(dip_dataset *ds, dip_names *nm) {
  dip_map_free(&nm->head, &ds->mem);
  dip_free(&ds->mem, nm->links, (size_t)nm->cap * sizeof *nm->links);
}

void dip_close(dip_dataset *ds) {
  dip_mem mem;
  if (!ds) return;
  mem = ds->mem;
  dip_index_free(ds);
  for (uint32_t i = 0; i < ds->nplaces; i++) cJSON_Delete(ds->places[i].extra);
  for (uint32_t i = 0; i < ds->nactors; i++) {
    cJSON_Delete(ds->actors[i].codes);
    cJSON_Delete(ds->actors[i].extra);
  }
  for (uint32_t i = 0; i < ds->nrelations; i++) cJSON_Delete(ds->relations[i].extra);
  for (uint32_t i = 0; i < ds->nevents; i++) {
    cJSON_Delete(ds->events[i].sources);
    cJSON_Delete(ds->events[i].extra);
  }
  for (uint32_t i = 0; i < ds->nparts; i++) cJSON_Delete(ds->parts[i].extra);
  cJSON_Delete(ds->meta);
  cJSON_Delete(ds->extra);
  if (ds->outbuf) cJSON_free(ds->outbuf);
  dip_free(&mem, ds->dates, (size_t)ds->datecap * sizeof *ds->dates);
  dip_free(&mem, ds->places, (size_t)ds->placecap * sizeof *ds->places);
  dip_free(&mem, ds->actors, (size_t)ds->actorcap * sizeof *ds->actors);
  dip_free(&mem, ds->relations, (size_t)ds->relationcap * sizeof *ds->relations);
  dip_free(&mem, ds->events, (size_t)ds->eventcap * sizeof *ds->events);
  dip_free(&mem, ds->parts, (size_t)ds->partcap * sizeof *ds->parts);
  dip_free(&mem, ds->lists, (size_t)ds->listcap * sizeof *ds->lists);
  dip_map_free(&ds->date_of_text, &mem);
  dip_map_free(&ds->place_of_id, &mem);
  dip_map_free(&ds->actor_of_id, &mem);
  dip_map_free(&ds->event_of_id, &mem);
  free_names(ds, &ds->place_names);
  free_names(ds, &ds->actor_names);
  dip_strtab_free(&ds->strs);
  dip_free(&mem, ds, sizeof *ds);
}

int dip_is_meeting_type(const dip_dataset *ds, uint32_t type) {
  for (int w = W_MEETING; w <= W_CONFERENCE; w++)
    if (ds->words[w] == type) return 1;
  return 0;
}

dip_span dip_event_span(const dip_dataset *ds, const dip_event *e) {
  dip_span s = ds->dates[e->start].span;
  if (e->end != DIP_NONE) s.hi = ds->dates[e->end].span.hi;
  return s;
}

dip_span dip_relation_span(const dip_dataset *ds, const dip_relation *r) {
  dip_span s = {INT64_MIN, INT64_MAX};
  if (r->start != DIP_NONE) s.lo = ds->dates[r->start].span.lo;
  if (r->end != DIP_NONE) s.hi = ds->dates[r->end].span.hi;
  return s;
}

int dip_parse_date(dip_dataset *ds, const char *s, size_t n, dip_span *span) {
  const char *why;
  if (dip_date_parse(s, n, span, &why)) return dip_set_err(ds, DIP_EINVAL, "%s", why);
  return DIP_OK;
}

/* ---- names (rule 7) ---- */

/* The interned ASCII-lower-case form of s; DIP_NONE when memory is exhausted,
   or, with add 0, when no such string was ever interned. */
static uint32_t fold(dip_dataset *ds, const char *s, size_t n, int add) {
  char small[128], *buf = small;
  uint32_t id;
  if (n > sizeof small && !(buf = dip_alloc(&ds->mem, n))) return DIP_NONE;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  id = add ? dip_intern(&ds->strs, buf, n) : dip_strtab_find(&ds->strs, buf, n);
  if (buf != small) dip_free(&ds->mem, buf, n);
  return id;
}

static int name_add(dip_dataset *ds, dip_names *nm, uint32_t str, uint32_t obj) {
  uint32_t key = fold(ds, dip_str(ds, str), ds->strs.str[str].len, 1), head;
  if (key == DIP_NONE) return -1;
  head = dip_map_get(&nm->head, key);
  for (uint32_t l = head; l != DIP_NONE; l = nm->links[l].next)
    if (nm->links[l].obj == obj) return 0;
  if (DIP_GROW(&ds->mem, nm->links, nm->cap, nm->n + 1)) return -1;
  if (dip_map_put(&nm->head, &ds->mem, key, nm->n)) return -1;
  nm->links[nm->n].key = key;
  nm->links[nm->n].obj = obj;
  nm->links[nm->n].next = head;
  nm->n++;
  return 0;
}

/* Takes back the links added since there were n (updating a key in place
   never allocates, so this cannot fail). */
static void names_rollback(dip_dataset *ds, dip_names *nm, uint32_t n) {
  while (nm->n > n) {
    dip_namelink *l = &nm->links[--nm->n];
    dip_map_put(&nm->head, &ds->mem, l->key, l->next);
  }
}

static int names_add(dip_dataset *ds, dip_names *nm, uint32_t obj, uint32_t id, uint32_t name,
                     uint32_t aliases, uint32_t naliases) {
  if (name_add(ds, nm, id, obj) || name_add(ds, nm, name, obj)) return -1;
  for (uint32_t i = 0; i < naliases; i++)
    if (name_add(ds, nm, ds->lists[aliases + i], obj)) return -1;
  return 0;
}

typedef const char *(*id_of_fn)(const dip_dataset *, uint32_t);
static const char *place_id(const dip_dataset *ds, uint32_t h) { return dip_str(ds, ds->places[h].id); }
static const char *actor_id(const dip_dataset *ds, uint32_t h) { return dip_str(ds, ds->actors[h].id); }

static int find_named(dip_dataset *ds, dip_names *nm, dip_map *ids, id_of_fn id_of, const char *what,
                      const char *name, size_t n, uint32_t *handle) {
  uint32_t s = dip_strtab_find(&ds->strs, name, n), key, count = 0;
  *handle = DIP_NONE;
  if (s != DIP_NONE && (*handle = dip_map_get(ids, s)) != DIP_NONE) return DIP_OK;
  key = fold(ds, name, n, 0);
  if (key == DIP_NONE) return DIP_OK;
  for (uint32_t l = dip_map_get(&nm->head, key); l != DIP_NONE; l = nm->links[l].next) {
    count++;
    *handle = nm->links[l].obj;
  }
  if (count > 1) {
    /* list the candidates sorted by id, so the message is stable */
    size_t used;
    uint32_t last = DIP_NONE;
    used = (size_t)snprintf(ds->err, sizeof ds->err, "ambiguous %s '%.*s': it could be", what,
                            (int)(n > 80 ? 80 : n), name);
    for (uint32_t k = 0; k < count && used < sizeof ds->err; k++) {
      uint32_t best = DIP_NONE;
      for (uint32_t l = dip_map_get(&nm->head, key); l != DIP_NONE; l = nm->links[l].next) {
        uint32_t o = nm->links[l].obj;
        if (last != DIP_NONE && strcmp(id_of(ds, o), id_of(ds, last)) <= 0) continue;
        if (best == DIP_NONE || strcmp(id_of(ds, o), id_of(ds, best)) < 0) best = o;
      }
      last = best;
      used += (size_t)snprintf(ds->err + used, sizeof ds->err - used, "%s '%s'", k ? "," : "",
                               id_of(ds, best));
    }
    *handle = DIP_NONE;
    return DIP_EINVAL;
  }
  return DIP_OK;
}

int dip_find_place(dip_dataset *ds, const char *name, size_t n, uint32_t *handle) {
  return find_named(ds, &ds->place_names, &ds->place_of_id, place_id, "place", name, n, handle);
}

int dip_find_actor(dip_dataset *ds, const char *name, size_t n, uint32_t *handle) {
  return find_named(ds, &ds->actor_names, &ds->actor_of_id, actor_id, "actor", name, n, handle);
}

uint32_t dip_find_event(const dip_dataset *ds, const char *id, size_t n) {
  uint32_t s = dip_strtab_find(&ds->strs, id, n);
  return s == DIP_NONE ? DIP_NONE : dip_map_get(&ds->event_of_id, s);
}

/* ---- reading objects from JSON ---- */

typedef struct reader {
  dip_dataset *ds;
  const char *path; /* "events[3]", or "" when adding one object */
} reader;

static const char *type_name(const cJSON *v) {
  if (cJSON_IsObject(v)) return "object";
  if (cJSON_IsArray(v)) return "array";
  if (cJSON_IsString(v)) return "string";
  if (cJSON_IsNumber(v)) return "number";
  if (cJSON_IsBool(v)) return "boolean";
  return "null";
}

static int fail(reader *r, const char *field, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (*r->path && *field)
    return dip_set_err(r->ds, DIP_EINVAL, "%s.%s: %s", r->path, field, msg);
  return dip_set_err(r->ds, DIP_EINVAL, "%s%s: %s", r->path, field, msg);
}

static int rd_oom(reader *r) { return oom(r->ds); }

/* Checks o is an object without duplicate keys. */
static int check_object(reader *r, const cJSON *o, const char *field) {
  if (!cJSON_IsObject(o)) return fail(r, field, "expected an object, got %s", type_name(o));
  for (const cJSON *a = o->child; a; a = a->next)
    for (const cJSON *b = a->next; b; b = b->next)
      if (strcmp(a->string, b->string) == 0)
        return fail(r, field, "duplicate key '%s'", a->string);
  return DIP_OK;
}

static int known(const char *const *keys, const char *k) {
  for (; *keys; keys++)
    if (strcmp(*keys, k) == 0) return 1;
  return 0;
}

/* Moves the keys of o not in keys into a new object *extra (NULL if none). */
static int take_extra(reader *r, cJSON *o, const char *const *keys, cJSON **extra) {
  cJSON *item = o->child, *next;
  *extra = NULL;
  for (; item; item = next) {
    next = item->next;
    if (known(keys, item->string)) continue;
    if (!*extra && !(*extra = cJSON_CreateObject())) return rd_oom(r);
    cJSON_DetachItemViaPointer(o, item);
    cJSON_AddItemToObject(*extra, item->string, item);
  }
  return DIP_OK;
}

static int intern_or_fail(reader *r, const char *s, uint32_t *out) {
  *out = dip_intern(&r->ds->strs, s, strlen(s));
  return *out == DIP_NONE ? rd_oom(r) : DIP_OK;
}

static int rd_string(reader *r, const cJSON *o, const char *key, int required, uint32_t *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  *out = DIP_NONE;
  if (!v) return required ? fail(r, key, "missing") : DIP_OK;
  if (!cJSON_IsString(v)) return fail(r, key, "expected a string, got %s", type_name(v));
  if (required && !*v->valuestring) return fail(r, key, "empty");
  return intern_or_fail(r, v->valuestring, out);
}

static int intern_date(dip_dataset *ds, const char *s, const dip_span *span, uint32_t *out) {
  uint32_t text = dip_intern(&ds->strs, s, strlen(s));
  if (text == DIP_NONE) return oom(ds);
  if ((*out = dip_map_get(&ds->date_of_text, text)) != DIP_NONE) return DIP_OK;
  if (DIP_GROW(&ds->mem, ds->dates, ds->datecap, ds->ndates + 1)) return oom(ds);
  if (dip_map_put(&ds->date_of_text, &ds->mem, text, ds->ndates)) return oom(ds);
  ds->dates[ds->ndates].span = *span;
  ds->dates[ds->ndates].text = text;
  *out = ds->ndates++;
  return DIP_OK;
}

static int rd_date(reader *r, const cJSON *o, const char *key, int required, uint32_t *out) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  dip_span span;
  const char *why;
  *out = DIP_NONE;
  if (!v) return required ? fail(r, key, "missing") : DIP_OK;
  if (!cJSON_IsString(v)) return fail(r, key, "expected a date string, got %s", type_name(v));
  if (dip_date_parse(v->valuestring, strlen(v->valuestring), &span, &why))
    return fail(r, key, "'%.40s': %s", v->valuestring, why);
  return intern_date(r->ds, v->valuestring, &span, out);
}

/* Resolves an id reference through ids; what names the kind for messages. */
static int rd_ref(reader *r, const cJSON *o, const char *key, int required, dip_map *ids,
                  const char *what, uint32_t *out) {
  uint32_t s;
  int rc = rd_string(r, o, key, required, &s);
  *out = DIP_NONE;
  if (rc || s == DIP_NONE) return rc;
  if ((*out = dip_map_get(ids, s)) == DIP_NONE)
    return fail(r, key, "no %s has the id '%.80s'", what, dip_str(r->ds, s));
  return DIP_OK;
}

static int rd_country(reader *r, const cJSON *o, uint32_t *out) {
  int rc = rd_string(r, o, "country", 0, out);
  const char *c;
  if (rc || *out == DIP_NONE) return rc;
  c = dip_str(r->ds, *out);
  if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z')
    return fail(r, "country", "'%.40s' is not an ISO 3166-1 alpha-3 code (three capital letters)", c);
  return DIP_OK;
}

/* Appends the aliases to ds->lists; the caller rolls nlists back on failure. */
static int rd_aliases(reader *r, const cJSON *o, uint32_t *off, uint32_t *n) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "aliases"), *a;
  dip_dataset *ds = r->ds;
  uint32_t i = 0;
  *off = ds->nlists;
  *n = 0;
  if (!v) return DIP_OK;
  if (!cJSON_IsArray(v)) return fail(r, "aliases", "expected an array, got %s", type_name(v));
  cJSON_ArrayForEach(a, v) {
    char field[32];
    uint32_t s;
    snprintf(field, sizeof field, "aliases[%u]", i++);
    if (!cJSON_IsString(a)) return fail(r, field, "expected a string, got %s", type_name(a));
    if (!*a->valuestring) return fail(r, field, "empty");
    if (intern_or_fail(r, a->valuestring, &s)) return DIP_ENOMEM;
    if (DIP_GROW(&ds->mem, ds->lists, ds->listcap, ds->nlists + 1)) return rd_oom(r);
    ds->lists[ds->nlists++] = s;
  }
  *n = i;
  return DIP_OK;
}

/* The id of an object; with self DIP_NONE (adding), it must be new in ids. */
static int rd_id(reader *r, const cJSON *o, dip_map *ids, uint32_t self, const char *what, uint32_t *id) {
  int rc = rd_string(r, o, "id", 1, id);
  if (rc) return rc;
  if (self == DIP_NONE && dip_map_get(ids, *id) != DIP_NONE)
    return fail(r, "id", "duplicate %s id '%.80s'", what, dip_str(r->ds, *id));
  return DIP_OK;
}

static const char *const place_keys[] = {"id", "name", "kind", "within", "lat", "lon", "country", "aliases", NULL};
static const char *const actor_keys[] = {"id", "name", "kind", "country", "aliases", "codes", NULL};
static const char *const relation_keys[] = {"actor", "type", "target", "title", "start", "end", NULL};
static const char *const event_keys[] = {"id", "type", "title", "start", "end", "place", "status",
                                         "participants", "sources", "part_of", "cameo", NULL};
static const char *const participant_keys[] = {"actor", "role", "side", NULL};

static int rd_coord(reader *r, const cJSON *o, const char *key, double limit, double *out, unsigned char *has) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  *has = 0;
  if (!v) return DIP_OK;
  if (!cJSON_IsNumber(v)) return fail(r, key, "expected a number, got %s", type_name(v));
  if (!isfinite(v->valuedouble)) return fail(r, key, "not a finite number");
  if (v->valuedouble < -limit || v->valuedouble > limit)
    return fail(r, key, "%g out of range (-%g to %g)", v->valuedouble, limit, limit);
  *out = v->valuedouble;
  *has = 1;
  return DIP_OK;
}

static int read_place(reader *r, cJSON *o, uint32_t self, dip_place *p) {
  dip_dataset *ds = r->ds;
  int rc;
  memset(p, 0, sizeof *p);
  if ((rc = check_object(r, o, ""))) return rc;
  if ((rc = rd_id(r, o, &ds->place_of_id, self, "place", &p->id))) return rc;
  if ((rc = rd_string(r, o, "name", 1, &p->name))) return rc;
  if ((rc = rd_string(r, o, "kind", 0, &p->kind))) return rc;
  if ((rc = rd_ref(r, o, "within", 0, &ds->place_of_id, "place", &p->within))) return rc;
  if (p->within != DIP_NONE && p->within == self)
    return fail(r, "within", "a place cannot be within itself");
  if ((rc = rd_coord(r, o, "lat", 90, &p->lat, &p->has_lat))) return rc;
  if ((rc = rd_coord(r, o, "lon", 180, &p->lon, &p->has_lon))) return rc;
  if ((rc = rd_country(r, o, &p->country))) return rc;
  if ((rc = rd_aliases(r, o, &p->aliases, &p->naliases))) return rc;
  return take_extra(r, o, place_keys, &p->extra);
}

static int read_actor(reader *r, cJSON *o, uint32_t self, dip_actor *a) {
  dip_dataset *ds = r->ds;
  cJSON *codes, *c;
  int rc;
  memset(a, 0, sizeof *a);
  if ((rc = check_object(r, o, ""))) return rc;
  if ((rc = rd_id(r, o, &ds->actor_of_id, self, "actor", &a->id))) return rc;
  if ((rc = rd_string(r, o, "name", 1, &a->name))) return rc;
  if ((rc = rd_string(r, o, "kind", 0, &a->kind))) return rc;
  if ((rc = rd_country(r, o, &a->country))) return rc;
  if ((rc = rd_aliases(r, o, &a->aliases, &a->naliases))) return rc;
  if ((codes = cJSON_GetObjectItemCaseSensitive(o, "codes"))) {
    if ((rc = check_object(r, codes, "codes"))) return rc;
    cJSON_ArrayForEach(c, codes) {
      if (!cJSON_IsString(c)) {
        char field[80];
        snprintf(field, sizeof field, "codes.%.60s", c->string);
        return fail(r, field, "expected a string, got %s", type_name(c));
      }
    }
  }
  if ((rc = take_extra(r, o, actor_keys, &a->extra))) return rc;
  if (codes) a->codes = cJSON_DetachItemViaPointer(o, codes);
  return DIP_OK;
}

static int check_order(reader *r, uint32_t start, uint32_t end) {
  dip_dataset *ds = r->ds;
  if (start != DIP_NONE && end != DIP_NONE && ds->dates[end].span.hi < ds->dates[start].span.lo)
    return fail(r, "end", "'%s' is before the start '%s'", dip_str(ds, ds->dates[end].text),
                dip_str(ds, ds->dates[start].text));
  return DIP_OK;
}

static int read_relation(reader *r, cJSON *o, dip_relation *rel) {
  dip_dataset *ds = r->ds;
  int rc;
  memset(rel, 0, sizeof *rel);
  if ((rc = check_object(r, o, ""))) return rc;
  if ((rc = rd_ref(r, o, "actor", 1, &ds->actor_of_id, "actor", &rel->actor))) return rc;
  if ((rc = rd_string(r, o, "type", 1, &rel->type))) return rc;
  if ((rc = rd_ref(r, o, "target", 1, &ds->actor_of_id, "actor", &rel->target))) return rc;
  if ((rc = rd_string(r, o, "title", 0, &rel->title))) return rc;
  if ((rc = rd_date(r, o, "start", 0, &rel->start))) return rc;
  if ((rc = rd_date(r, o, "end", 0, &rel->end))) return rc;
  if ((rc = check_order(r, rel->start, rel->end))) return rc;
  return take_extra(r, o, relation_keys, &rel->extra);
}

static int read_status(reader *r, const cJSON *o, unsigned char *status) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "status");
  *status = DIP_STATUS_UNSET;
  if (!v) return DIP_OK;
  if (!cJSON_IsString(v)) return fail(r, "status", "expected a string, got %s", type_name(v));
  for (int s = DIP_HELD; s < DIP_NSTATUS; s++) {
    if (strcmp(v->valuestring, dip_status_names[s]) == 0) {
      *status = (unsigned char)s;
      return DIP_OK;
    }
  }
  return fail(r, "status",
              "unknown status '%.40s' (expected held, planned, postponed, cancelled, reported or denied)",
              v->valuestring);
}

static int read_sources(reader *r, const cJSON *o) {
  static const char *const text_keys[] = {"publisher", "url", "quote", "title", NULL};
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "sources"), *s;
  uint32_t i = 0;
  int rc;
  if (!v) return DIP_OK;
  if (!cJSON_IsArray(v)) return fail(r, "sources", "expected an array, got %s", type_name(v));
  cJSON_ArrayForEach(s, v) {
    char field[64];
    uint32_t ref;
    reader sub = *r;
    char path[320];
    snprintf(field, sizeof field, "sources[%u]", i);
    if ((rc = check_object(r, s, field))) return rc;
    snprintf(path, sizeof path, "%s%s%s", r->path, *r->path ? "." : "", field);
    sub.path = path;
    for (int k = 0; text_keys[k]; k++) {
      const cJSON *t = cJSON_GetObjectItemCaseSensitive(s, text_keys[k]);
      if (t && !cJSON_IsString(t)) return fail(&sub, text_keys[k], "expected a string, got %s", type_name(t));
    }
    if ((rc = rd_date(&sub, s, "published", 0, &ref))) return rc;
    if ((rc = rd_ref(&sub, s, "by", 0, &r->ds->actor_of_id, "actor", &ref))) return rc;
    i++;
  }
  return DIP_OK;
}

static void drop_parts(dip_dataset *ds, uint32_t from) {
  while (ds->nparts > from) cJSON_Delete(ds->parts[--ds->nparts].extra);
}

/* Appends the participants to ds->parts; the caller drops them on failure. */
static int read_participants(reader *r, cJSON *o, dip_event *e) {
  dip_dataset *ds = r->ds;
  cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "participants"), *p;
  uint32_t i = 0;
  int rc;
  e->parts = ds->nparts;
  e->nparts = 0;
  if (!v) return DIP_OK;
  if (!cJSON_IsArray(v)) return fail(r, "participants", "expected an array, got %s", type_name(v));
  cJSON_ArrayForEach(p, v) {
    char path[320];
    reader sub = *r;
    dip_participant part;
    snprintf(path, sizeof path, "%s%sparticipants[%u]", r->path, *r->path ? "." : "", i);
    sub.path = path;
    if ((rc = check_object(&sub, p, ""))) return rc;
    if ((rc = rd_ref(&sub, p, "actor", 1, &ds->actor_of_id, "actor", &part.actor))) return rc;
    if ((rc = rd_string(&sub, p, "role", 0, &part.role))) return rc;
    if ((rc = rd_ref(&sub, p, "side", 0, &ds->actor_of_id, "actor", &part.side))) return rc;
    if (DIP_GROW(&ds->mem, ds->parts, ds->partcap, ds->nparts + 1)) return rd_oom(r);
    if ((rc = take_extra(&sub, p, participant_keys, &part.extra))) return rc;
    ds->parts[ds->nparts++] = part;
    i++;
  }
  e->nparts = i;
  return DIP_OK;
}

static int read_event(reader *r, cJSON *o, uint32_t self, dip_event *e) {
  dip_dataset *ds = r->ds;
  cJSON *sources;
  int rc;
  memset(e, 0, sizeof *e);
  e->parts = ds->nparts;
  if ((rc = check_object(r, o, ""))) return rc;
  if ((rc = rd_id(r, o, &ds->event_of_id, self, "event", &e->id))) return rc;
  if ((rc = rd_string(r, o, "type", 1, &e->type))) return rc;
  if ((rc = rd_string(r, o, "title", 0, &e->title))) return rc;
  if ((rc = rd_date(r, o, "start", 1, &e->start))) return rc;
  if ((rc = rd_date(r, o, "end", 0, &e->end))) return rc;
  if ((rc = check_order(r, e->start, e->end))) return rc;
  if ((rc = rd_ref(r, o, "place", 0, &ds->place_of_id, "place", &e->place))) return rc;
  if ((rc = read_status(r, o, &e->status))) return rc;
  if ((rc = rd_ref(r, o, "part_of", 0, &ds->event_of_id, "event", &e->part_of))) return rc;
  if (e->part_of != DIP_NONE && e->part_of == self) return fail(r, "part_of", "an event cannot be part of itself");
  if ((rc = rd_string(r, o, "cameo", 0, &e->cameo))) return rc;
  if ((rc = read_sources(r, o))) return rc;
  if ((rc = read_participants(r, o, e))) return rc;
  if ((rc = take_extra(r, o, event_keys, &e->extra))) return rc;
  if ((sources = cJSON_GetObjectItemCaseSensitive(o, "sources")))
    e->sources = cJSON_DetachItemViaPointer(o, sources);
  return DIP_OK;
}

/* ---- adding one object ---- */

static void touch(dip_dataset *ds) { ds->generation++; }

int dip_add_place(dip_dataset *ds, cJSON *o, uint32_t *handle) {
  reader r = {ds, ""};
  uint32_t lists = ds->nlists, links = ds->place_names.n;
  dip_place p;
  int rc;
  if (DIP_GROW(&ds->mem, ds->places, ds->placecap, ds->nplaces + 1)) return oom(ds);
  if ((rc = read_place(&r, o, DIP_NONE, &p))) {
    ds->nlists = lists;
    return rc;
  }
  if (dip_map_put(&ds->place_of_id, &ds->mem, p.id, ds->nplaces) ||
      names_add(ds, &ds->place_names, ds->nplaces, p.id, p.name, p.aliases, p.naliases)) {
    dip_map_put(&ds->place_of_id, &ds->mem, p.id, DIP_NONE);
    names_rollback(ds, &ds->place_names, links);
    ds->nlists = lists;
    cJSON_Delete(p.extra);
    return oom(ds);
  }
  ds->places[ds->nplaces] = p;
  *handle = ds->nplaces++;
  touch(ds);
  return DIP_OK;
}

int dip_add_actor(dip_dataset *ds, cJSON *o, uint32_t *handle) {
  reader r = {ds, ""};
  uint32_t lists = ds->nlists, links = ds->actor_names.n;
  dip_actor a;
  int rc;
  if (DIP_GROW(&ds->mem, ds->actors, ds->actorcap, ds->nactors + 1)) return oom(ds);
  if ((rc = read_actor(&r, o, DIP_NONE, &a))) {
    ds->nlists = lists;
    return rc;
  }
  if (dip_map_put(&ds->actor_of_id, &ds->mem, a.id, ds->nactors) ||
      names_add(ds, &ds->actor_names, ds->nactors, a.id, a.name, a.aliases, a.naliases)) {
    dip_map_put(&ds->actor_of_id, &ds->mem, a.id, DIP_NONE);
    names_rollback(ds, &ds->actor_names, links);
    ds->nlists = lists;
    cJSON_Delete(a.extra);
    cJSON_Delete(a.codes);
    return oom(ds);
  }
  ds->actors[ds->nactors] = a;
  *handle = ds->nactors++;
  touch(ds);
  return DIP_OK;
}

int dip_add_relation(dip_dataset *ds, cJSON *o, uint32_t *handle) {
  reader r = {ds, ""};
  dip_relation rel;
  int rc;
  if (DIP_GROW(&ds->mem, ds->relations, ds->relationcap, ds->nrelations + 1)) return oom(ds);
  if ((rc = read_relation(&r, o, &rel))) return rc;
  ds->relations[ds->nrelations] = rel;
  *handle = ds->nrelations++;
  touch(ds);
  return DIP_OK;
}

int dip_add_event(dip_dataset *ds, cJSON *o, uint32_t *handle) {
  reader r = {ds, ""};
  uint32_t parts = ds->nparts;
  dip_event e;
  int rc;
  if (DIP_GROW(&ds->mem, ds->events, ds->eventcap, ds->nevents + 1)) return oom(ds);
  if ((rc = read_event(&r, o, DIP_NONE, &e)) || dip_map_put(&ds->event_of_id, &ds->mem, e.id, ds->nevents)) {
    drop_parts(ds, parts);
    if (rc) return rc;
    cJSON_Delete(e.extra);
    cJSON_Delete(e.sources);
    return oom(ds);
  }
  ds->events[ds->nevents] = e;
  *handle = ds->nevents++;
  touch(ds);
  return DIP_OK;
}

/* ---- loading a whole document ---- */

static int array_of(reader *r, cJSON *root, const char *key, cJSON **arr) {
  *arr = cJSON_GetObjectItemCaseSensitive(root, key);
  if (*arr && !cJSON_IsArray(*arr)) return fail(r, key, "expected an array, got %s", type_name(*arr));
  return DIP_OK;
}

/* Registers the ids of an array's objects before their fields are read, so
   that references may point forward in the file. */
static int preregister(dip_dataset *ds, cJSON *arr, const char *key, const char *what, dip_map *ids,
                       void **objs, uint32_t *n, uint32_t *cap, size_t size) {
  uint32_t count = (uint32_t)cJSON_GetArraySize(arr), i = 0;
  cJSON *o;
  if (dip_grow(&ds->mem, objs, cap, count, size)) return oom(ds);
  cJSON_ArrayForEach(o, arr) {
    char path[64];
    reader r = {ds, path};
    uint32_t id;
    int rc;
    snprintf(path, sizeof path, "%s[%u]", key, i);
    if ((rc = check_object(&r, o, ""))) return rc;
    if ((rc = rd_id(&r, o, ids, DIP_NONE, what, &id))) return rc;
    if (dip_map_put(ids, &ds->mem, id, i)) return oom(ds);
    memset((char *)*objs + (size_t)i * size, 0, size);
    i++;
    *n = i;
  }
  return DIP_OK;
}

static int check_within_cycles(dip_dataset *ds) {
  unsigned char *state = dip_alloc(&ds->mem, ds->nplaces ? ds->nplaces : 1);
  int rc = DIP_OK;
  if (!state) return oom(ds);
  memset(state, 0, ds->nplaces ? ds->nplaces : 1);
  for (uint32_t i = 0; i < ds->nplaces && rc == DIP_OK; i++) {
    uint32_t p = i;
    while (p != DIP_NONE && state[p] == 0) {
      state[p] = 1;
      p = ds->places[p].within;
    }
    if (p != DIP_NONE && state[p] == 1)
      rc = dip_set_err(ds, DIP_EINVAL, "places[%u].within: a cycle of within links passes through '%s'", p,
                       dip_str(ds, ds->places[p].id));
    for (p = i; p != DIP_NONE && state[p] == 1; p = ds->places[p].within) state[p] = 2;
  }
  dip_free(&ds->mem, state, ds->nplaces ? ds->nplaces : 1);
  return rc;
}

int dip_load_json(dip_dataset *ds, cJSON *root) {
  static const char *const top_keys[] = {"format", "version", "meta", "places", "actors", "relations", "events", NULL};
  reader top = {ds, ""};
  cJSON *places, *actors, *relations, *events, *meta, *v, *o;
  uint32_t i;
  int rc;
  if (!cJSON_IsObject(root)) return dip_set_err(ds, DIP_EINVAL, "top level: expected an object, got %s", type_name(root));
  if ((rc = check_object(&top, root, "top level"))) return rc;
  v = cJSON_GetObjectItemCaseSensitive(root, "format");
  if (!v) return fail(&top, "format", "missing (expected \"diplomacy\")");
  if (!cJSON_IsString(v) || strcmp(v->valuestring, "diplomacy") != 0)
    return fail(&top, "format", "unsupported format (expected \"diplomacy\")");
  v = cJSON_GetObjectItemCaseSensitive(root, "version");
  if (!v) return fail(&top, "version", "missing (expected 1)");
  if (!cJSON_IsNumber(v) || v->valuedouble != 1) return fail(&top, "version", "unsupported version (expected 1)");
  meta = cJSON_GetObjectItemCaseSensitive(root, "meta");
  if (meta && (rc = check_object(&top, meta, "meta"))) return rc;
  if ((rc = array_of(&top, root, "places", &places)) || (rc = array_of(&top, root, "actors", &actors)) ||
      (rc = array_of(&top, root, "relations", &relations)) || (rc = array_of(&top, root, "events", &events)))
    return rc;

  if (places) {
    if ((rc = preregister(ds, places, "places", "place", &ds->place_of_id, (void **)&ds->places, &ds->nplaces,
                          &ds->placecap, sizeof *ds->places)))
      return rc;
    i = 0;
    cJSON_ArrayForEach(o, places) {
      char path[64];
      reader r = {ds, path};
      dip_place *p = &ds->places[i];
      snprintf(path, sizeof path, "places[%u]", i);
      if ((rc = read_place(&r, o, i, p))) return rc;
      if (names_add(ds, &ds->place_names, i, p->id, p->name, p->aliases, p->naliases)) return oom(ds);
      i++;
    }
    if ((rc = check_within_cycles(ds))) return rc;
  }
  if (actors) {
    if ((rc = preregister(ds, actors, "actors", "actor", &ds->actor_of_id, (void **)&ds->actors, &ds->nactors,
                          &ds->actorcap, sizeof *ds->actors)))
      return rc;
    i = 0;
    cJSON_ArrayForEach(o, actors) {
      char path[64];
      reader r = {ds, path};
      dip_actor *a = &ds->actors[i];
      snprintf(path, sizeof path, "actors[%u]", i);
      if ((rc = read_actor(&r, o, i, a))) return rc;
      if (names_add(ds, &ds->actor_names, i, a->id, a->name, a->aliases, a->naliases)) return oom(ds);
      i++;
    }
  }
  if (relations) {
    if (dip_grow(&ds->mem, (void **)&ds->relations, &ds->relationcap, (uint32_t)cJSON_GetArraySize(relations),
                 sizeof *ds->relations))
      return oom(ds);
    i = 0;
    cJSON_ArrayForEach(o, relations) {
      char path[64];
      reader r = {ds, path};
      snprintf(path, sizeof path, "relations[%u]", i);
      if ((rc = read_relation(&r, o, &ds->relations[i]))) return rc;
      ds->nrelations = ++i;
    }
  }
  if (events) {
    if ((rc = preregister(ds, events, "events", "event", &ds->event_of_id, (void **)&ds->events, &ds->nevents,
                          &ds->eventcap, sizeof *ds->events)))
      return rc;
    i = 0;
    cJSON_ArrayForEach(o, events) {
      char path[64];
      reader r = {ds, path};
      snprintf(path, sizeof path, "events[%u]", i);
      if ((rc = read_event(&r, o, i, &ds->events[i]))) return rc;
      i++;
    }
  }
  if (meta) ds->meta = cJSON_DetachItemViaPointer(root, meta);
  if ((rc = take_extra(&top, root, top_keys, &ds->extra))) return rc;
  touch(ds);
  return DIP_OK;
}
