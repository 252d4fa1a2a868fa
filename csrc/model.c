/* model.c: adding validated objects to a dataset, and finding them by id or name */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "model.h"
#include "snapshot.h"
#include "query.h"

const char *const dip_status_names[DIP_NSTATUS] = {
  "held", "held", "planned", "postponed", "cancelled", "reported", "denied"
};

const char *const dip_word_text[DIP_NWORDS] = {
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
  dip_mem mem = {alloc ? alloc : dip_default_alloc, ud, 0, 0, NULL, 0};
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
    ds->words[w] = dip_intern(&ds->strs, dip_word_text[w], strlen(dip_word_text[w]));
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
  dip_side_drop(ds, &ds->ev_sources, 0);
  dip_side_drop(ds, &ds->ev_extra, 0);
  dip_side_drop(ds, &ds->part_extra, 0);
  dip_free(&mem, ds->ev_sources.pairs, (size_t)ds->ev_sources.cap * sizeof *ds->ev_sources.pairs);
  dip_free(&mem, ds->ev_extra.pairs, (size_t)ds->ev_extra.cap * sizeof *ds->ev_extra.pairs);
  dip_free(&mem, ds->part_extra.pairs, (size_t)ds->part_extra.cap * sizeof *ds->part_extra.pairs);
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
  dip_snapshot_release(ds);
  mem = ds->mem;
  dip_free(&mem, ds, sizeof *ds);
}

/* ---- JSON kept aside for the few objects that have any ---- */

cJSON *dip_side_value(const dip_sidejson *s, uint32_t i) {
  struct dip_sidepair *p = &s->pairs[i];
  if (!p->v && p->text) {
    /* the table is the dataset's: only its cache of parsed values changes here */
    cJSON *v = cJSON_ParseWithLength(p->text, p->len);
    if (!v) return NULL;
    p->v = v;
    p->text = NULL;
  }
  return p->v;
}

static uint32_t side_find(const dip_sidejson *s, uint32_t h) {
  uint32_t lo = 0, hi = s->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (s->pairs[mid].h < h) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

cJSON *dip_side_get(const dip_sidejson *s, uint32_t h) {
  uint32_t i;
  if (!s->n || h > s->pairs[s->n - 1].h) return NULL;
  i = side_find(s, h);
  return i < s->n && s->pairs[i].h == h ? dip_side_value(s, i) : NULL;
}

/* Handle h's value parsed if it is still text: 0, or -1 when that parse failed for want of memory. */
static int side_ready(const dip_sidejson *s, uint32_t h) {
  uint32_t i;
  if (!s->n || h > s->pairs[s->n - 1].h) return 0;
  i = side_find(s, h);
  if (i >= s->n || s->pairs[i].h != h) return 0;
  return dip_side_value(s, i) || !s->pairs[i].text ? 0 : -1;
}

int dip_event_kept_ready(const dip_dataset *ds, uint32_t e) {
  const dip_event *ev = &ds->events[e];
  if (side_ready(&ds->ev_sources, e) || side_ready(&ds->ev_extra, e)) return DIP_ENOMEM;
  for (uint32_t k = 0; k < ev->nparts; k++)
    if (side_ready(&ds->part_extra, ev->parts + k)) return DIP_ENOMEM;
  return DIP_OK;
}

int dip_side_push(dip_dataset *ds, dip_sidejson *s, uint32_t h, cJSON *v) {
  if (DIP_GROW(&ds->mem, s->pairs, s->cap, s->n + 1)) return oom(ds);
  s->pairs[s->n].h = h;
  s->pairs[s->n].len = 0;
  s->pairs[s->n].v = v;
  s->pairs[s->n].text = NULL;
  s->n++;
  return DIP_OK;
}

cJSON **dip_side_slot(dip_dataset *ds, dip_sidejson *s, uint32_t h) {
  uint32_t lo = side_find(s, h);
  if (lo < s->n && s->pairs[lo].h == h) {
    if (!dip_side_value(s, lo) && s->pairs[lo].text) {
      oom(ds);
      return NULL;
    }
    return &s->pairs[lo].v;
  }
  if (DIP_GROW(&ds->mem, s->pairs, s->cap, s->n + 1)) {
    oom(ds);
    return NULL;
  }
  /* an object that had none gets one (a merge into an earlier event): rare */
  memmove(s->pairs + lo + 1, s->pairs + lo, (size_t)(s->n - lo) * sizeof *s->pairs);
  s->pairs[lo].h = h;
  s->pairs[lo].len = 0;
  s->pairs[lo].v = NULL;
  s->pairs[lo].text = NULL;
  s->n++;
  return &s->pairs[lo].v;
}

void dip_side_drop(dip_dataset *ds, dip_sidejson *s, uint32_t from) {
  (void)ds;
  while (s->n && s->pairs[s->n - 1].h >= from) cJSON_Delete(s->pairs[--s->n].v);
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
  size_t i = 0;
  if (n > sizeof small && !(buf = dip_alloc(&ds->mem, n))) return DIP_NONE;
  /* eight bytes a step: a byte below 0x80 that is at least 'A' and not above 'Z' gets 0x20 added
     (the sums stay below 0x100, so no byte carries into the next) */
  for (; i + 8 <= n; i += 8) {
    const uint64_t ones = UINT64_C(0x0101010101010101), high = ones * 0x80;
    uint64_t w, low, upper;
    memcpy(&w, s + i, 8);
    low = w & ~high;
    upper = (low + ones * (0x80 - 'A')) & ~(low + ones * (0x80 - 'Z' - 1)) & ~w & high;
    w |= upper >> 2;
    memcpy(buf + i, &w, 8);
  }
  for (; i < n; i++) {
    char c = s[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  id = add ? dip_intern(&ds->strs, buf, n) : dip_strtab_find(&ds->strs, buf, n);
  if (buf != small) dip_free(&ds->mem, buf, n);
  return id;
}

/* Whether s[0..n) has an ASCII capital (else it is its own folded form). */
static int has_upper(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] >= 'A' && s[i] <= 'Z') return 1;
  return 0;
}

static int name_add(dip_dataset *ds, dip_names *nm, uint32_t str, uint32_t obj) {
  const char *s = dip_str(ds, str);
  size_t n = ds->strs.str[str].len;
  uint32_t key = has_upper(s, n) ? fold(ds, s, n, 1) : str, head;
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

/* Where the object being read sits, formatted only when something is wrong:
   "events[3].participants[1]", or nothing when adding one object. */
typedef struct reader {
  dip_dataset *ds;
  const char *array;  /* "events", or NULL when adding one object */
  uint32_t index;
  const char *sub;    /* "participants" or "sources", or NULL */
  uint32_t subindex;
  int defer;          /* loading a document: references stay ids until dip_load_end */
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
  char msg[400], where[200];
  size_t n = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  where[0] = '\0';
  if (r->array) n += (size_t)snprintf(where, sizeof where, "%s[%u]", r->array, r->index);
  if (r->sub && n < sizeof where)
    n += (size_t)snprintf(where + n, sizeof where - n, "%s%s[%u]", n ? "." : "", r->sub, r->subindex);
  if (*field && n < sizeof where) snprintf(where + n, sizeof where - n, "%s%s", n ? "." : "", field);
  if (!where[0]) return dip_set_err(r->ds, DIP_EINVAL, "%s", msg);
  return dip_set_err(r->ds, DIP_EINVAL, "%s: %s", where, msg);
}

static int rd_oom(reader *r) { return oom(r->ds); }

/* The known keys of an object, found in one pass: slot[k] holds keys[k]'s
   value or NULL. Duplicate keys are refused; *unknown counts the others. */
static int collect(reader *r, const cJSON *o, const char *field, const char *const *keys, const cJSON **slot,
                   int *unknown) {
  int nkeys = 0;
  if (!cJSON_IsObject(o)) return fail(r, field, "expected an object, got %s", type_name(o));
  while (keys[nkeys]) slot[nkeys++] = NULL;
  *unknown = 0;
  for (const cJSON *item = o->child; item; item = item->next) {
    int k = 0;
    while (k < nkeys && strcmp(keys[k], item->string) != 0) k++;
    if (k < nkeys) {
      if (slot[k]) return fail(r, field, "duplicate key '%s'", item->string);
      slot[k] = item;
    } else {
      (*unknown)++;
      for (const cJSON *b = item->next; b; b = b->next)
        if (strcmp(item->string, b->string) == 0) return fail(r, field, "duplicate key '%s'", item->string);
    }
  }
  return DIP_OK;
}

static int known(const char *const *keys, const char *k) {
  for (; *keys; keys++)
    if (strcmp(*keys, k) == 0) return 1;
  return 0;
}

/* Moves the keys of o not in keys into a new object *extra (NULL if none). */
static int take_extra(reader *r, cJSON *o, const char *const *keys, int unknown, cJSON **extra) {
  cJSON *item, *next;
  *extra = NULL;
  if (!unknown) return DIP_OK;
  for (item = o->child; item; item = next) {
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

static int rd_string(reader *r, const cJSON *v, const char *key, int required, uint32_t *out) {
  *out = DIP_NONE;
  if (!v) return required ? fail(r, key, "missing") : DIP_OK;
  if (!cJSON_IsString(v)) return fail(r, key, "expected a string, got %s", type_name(v));
  if (required && !*v->valuestring) return fail(r, key, "empty");
  return intern_or_fail(r, v->valuestring, out);
}

static int intern_date(dip_dataset *ds, const char *s, const dip_span *span, uint32_t *out) {
  *out = dip_append_date(ds, s, strlen(s), span);
  return *out == DIP_NONE ? oom(ds) : DIP_OK;
}

static int rd_date(reader *r, const cJSON *v, const char *key, int required, uint32_t *out) {
  dip_span span;
  const char *why;
  uint32_t text;
  *out = DIP_NONE;
  if (!v) return required ? fail(r, key, "missing") : DIP_OK;
  if (!cJSON_IsString(v)) return fail(r, key, "expected a date string, got %s", type_name(v));
  /* a date seen before is neither parsed nor interned again */
  text = dip_strtab_find(&r->ds->strs, v->valuestring, strlen(v->valuestring));
  if (text != DIP_NONE && (*out = dip_map_get(&r->ds->date_of_text, text)) != DIP_NONE) return DIP_OK;
  if (dip_date_parse(v->valuestring, strlen(v->valuestring), &span, &why))
    return fail(r, key, "'%.40s': %s", v->valuestring, why);
  return intern_date(r->ds, v->valuestring, &span, out);
}

/* Resolves an id reference through ids; what names the kind for messages. */
static int rd_ref(reader *r, const cJSON *v, const char *key, int required, dip_map *ids, const char *what,
                  uint32_t *out) {
  uint32_t s;
  int rc = rd_string(r, v, key, required, &s);
  *out = DIP_NONE;
  if (rc || s == DIP_NONE) return rc;
  if (r->defer) {
    *out = s; /* the id, resolved when the whole document is in */
    return DIP_OK;
  }
  if ((*out = dip_map_get(ids, s)) == DIP_NONE)
    return fail(r, key, "no %s has the id '%.80s'", what, dip_str(r->ds, s));
  return DIP_OK;
}

static int rd_country(reader *r, const cJSON *v, uint32_t *out) {
  int rc = rd_string(r, v, "country", 0, out);
  const char *c;
  if (rc || *out == DIP_NONE) return rc;
  c = dip_str(r->ds, *out);
  if (strlen(c) != 3 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2] < 'A' || c[2] > 'Z')
    return fail(r, "country", "'%.40s' is not an ISO 3166-1 alpha-3 code (three capital letters)", c);
  return DIP_OK;
}

/* Appends the aliases to ds->lists; the caller rolls nlists back on failure. */
static int rd_aliases(reader *r, const cJSON *v, uint32_t *off, uint32_t *n) {
  dip_dataset *ds = r->ds;
  const cJSON *a;
  uint32_t i = 0;
  *off = ds->nlists;
  *n = 0;
  if (!v) return DIP_OK;
  if (!cJSON_IsArray(v)) return fail(r, "aliases", "expected an array, got %s", type_name(v));
  cJSON_ArrayForEach(a, v) {
    uint32_t s;
    if (!cJSON_IsString(a) || !*a->valuestring) {
      char field[32];
      snprintf(field, sizeof field, "aliases[%u]", i);
      if (!cJSON_IsString(a)) return fail(r, field, "expected a string, got %s", type_name(a));
      return fail(r, field, "empty");
    }
    if (intern_or_fail(r, a->valuestring, &s)) return DIP_ENOMEM;
    if (DIP_GROW(&ds->mem, ds->lists, ds->listcap, ds->nlists + 1)) return rd_oom(r);
    ds->lists[ds->nlists++] = s;
    i++;
  }
  *n = i;
  return DIP_OK;
}

/* The id of an object, which must be new in ids. */
static int rd_id(reader *r, const cJSON *v, dip_map *ids, const char *what, uint32_t *id) {
  int rc = rd_string(r, v, "id", 1, id);
  if (rc) return rc;
  if (dip_map_get(ids, *id) != DIP_NONE)
    return fail(r, "id", "duplicate %s id '%.80s'", what, dip_str(r->ds, *id));
  return DIP_OK;
}

static int rd_coord(reader *r, const cJSON *v, const char *key, double limit, double *out, unsigned char *has) {
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

static const char *const place_keys[] = {"id", "name", "kind", "within", "lat", "lon", "country", "aliases", NULL};
enum { P_ID, P_NAME, P_KIND, P_WITHIN, P_LAT, P_LON, P_COUNTRY, P_ALIASES, P_NKEYS };

static int read_place(reader *r, cJSON *o, dip_place *p) {
  dip_dataset *ds = r->ds;
  const cJSON *v[P_NKEYS];
  int rc, unknown;
  memset(p, 0, sizeof *p);
  if ((rc = collect(r, o, "", place_keys, v, &unknown))) return rc;
  if ((rc = rd_id(r, v[P_ID], &ds->place_of_id, "place", &p->id))) return rc;
  if ((rc = rd_string(r, v[P_NAME], "name", 1, &p->name))) return rc;
  if ((rc = rd_string(r, v[P_KIND], "kind", 0, &p->kind))) return rc;
  if ((rc = rd_ref(r, v[P_WITHIN], "within", 0, &ds->place_of_id, "place", &p->within))) return rc;
  if ((rc = rd_coord(r, v[P_LAT], "lat", 90, &p->lat, &p->has_lat))) return rc;
  if ((rc = rd_coord(r, v[P_LON], "lon", 180, &p->lon, &p->has_lon))) return rc;
  if ((rc = rd_country(r, v[P_COUNTRY], &p->country))) return rc;
  if ((rc = rd_aliases(r, v[P_ALIASES], &p->aliases, &p->naliases))) return rc;
  return take_extra(r, o, place_keys, unknown, &p->extra);
}

static const char *const actor_keys[] = {"id", "name", "kind", "country", "aliases", "codes", NULL};
enum { A_ID, A_NAME, A_KIND, A_COUNTRY, A_ALIASES, A_CODES, A_NKEYS };

static int read_actor(reader *r, cJSON *o, dip_actor *a) {
  dip_dataset *ds = r->ds;
  const cJSON *v[A_NKEYS], *c;
  int rc, unknown;
  memset(a, 0, sizeof *a);
  if ((rc = collect(r, o, "", actor_keys, v, &unknown))) return rc;
  if ((rc = rd_id(r, v[A_ID], &ds->actor_of_id, "actor", &a->id))) return rc;
  if ((rc = rd_string(r, v[A_NAME], "name", 1, &a->name))) return rc;
  if ((rc = rd_string(r, v[A_KIND], "kind", 0, &a->kind))) return rc;
  if ((rc = rd_country(r, v[A_COUNTRY], &a->country))) return rc;
  if ((rc = rd_aliases(r, v[A_ALIASES], &a->aliases, &a->naliases))) return rc;
  if (v[A_CODES]) {
    if (!cJSON_IsObject(v[A_CODES])) return fail(r, "codes", "expected an object, got %s", type_name(v[A_CODES]));
    cJSON_ArrayForEach(c, v[A_CODES]) {
      if (!cJSON_IsString(c)) {
        char field[80];
        snprintf(field, sizeof field, "codes.%.60s", c->string);
        return fail(r, field, "expected a string, got %s", type_name(c));
      }
    }
  }
  if ((rc = take_extra(r, o, actor_keys, unknown, &a->extra))) return rc;
  if (v[A_CODES]) a->codes = cJSON_DetachItemViaPointer(o, (cJSON *)v[A_CODES]);
  return DIP_OK;
}

static int check_order(reader *r, uint32_t start, uint32_t end) {
  dip_dataset *ds = r->ds;
  if (start != DIP_NONE && end != DIP_NONE && ds->dates[end].span.hi < ds->dates[start].span.lo)
    return fail(r, "end", "'%s' is before the start '%s'", dip_str(ds, ds->dates[end].text),
                dip_str(ds, ds->dates[start].text));
  return DIP_OK;
}

static const char *const relation_keys[] = {"actor", "type", "target", "title", "start", "end", NULL};
enum { R_ACTOR, R_TYPE, R_TARGET, R_TITLE, R_START, R_END, R_NKEYS };

static int read_relation(reader *r, cJSON *o, dip_relation *rel) {
  dip_dataset *ds = r->ds;
  const cJSON *v[R_NKEYS];
  int rc, unknown;
  memset(rel, 0, sizeof *rel);
  if ((rc = collect(r, o, "", relation_keys, v, &unknown))) return rc;
  if ((rc = rd_ref(r, v[R_ACTOR], "actor", 1, &ds->actor_of_id, "actor", &rel->actor))) return rc;
  if ((rc = rd_string(r, v[R_TYPE], "type", 1, &rel->type))) return rc;
  if ((rc = rd_ref(r, v[R_TARGET], "target", 1, &ds->actor_of_id, "actor", &rel->target))) return rc;
  if ((rc = rd_string(r, v[R_TITLE], "title", 0, &rel->title))) return rc;
  if ((rc = rd_date(r, v[R_START], "start", 0, &rel->start))) return rc;
  if ((rc = rd_date(r, v[R_END], "end", 0, &rel->end))) return rc;
  if ((rc = check_order(r, rel->start, rel->end))) return rc;
  return take_extra(r, o, relation_keys, unknown, &rel->extra);
}

static int read_status(reader *r, const cJSON *v, unsigned char *status) {
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

static const char *const source_keys[] = {"publisher", "url", "quote", "title", "published", "by", NULL};
enum { S_PUBLISHER, S_URL, S_QUOTE, S_TITLE, S_PUBLISHED, S_BY, S_NKEYS };

/* Sources are kept whole (unknown keys and all); here they are only checked. */
static int read_sources(reader *r, const cJSON *list) {
  const cJSON *s;
  reader sub = *r;
  int rc;
  if (!list) return DIP_OK;
  if (!cJSON_IsArray(list)) return fail(r, "sources", "expected an array, got %s", type_name(list));
  sub.sub = "sources";
  sub.subindex = 0;
  cJSON_ArrayForEach(s, list) {
    const cJSON *v[S_NKEYS];
    uint32_t ref;
    int unknown;
    if ((rc = collect(&sub, s, "", source_keys, v, &unknown))) return rc;
    for (int k = S_PUBLISHER; k <= S_TITLE; k++)
      if (v[k] && !cJSON_IsString(v[k])) return fail(&sub, source_keys[k], "expected a string, got %s", type_name(v[k]));
    if ((rc = rd_date(&sub, v[S_PUBLISHED], "published", 0, &ref))) return rc;
    if (!sub.defer && (rc = rd_ref(&sub, v[S_BY], "by", 0, &r->ds->actor_of_id, "actor", &ref))) return rc;
    if (sub.defer && (rc = rd_string(&sub, v[S_BY], "by", 0, &ref))) return rc;
    sub.subindex++;
  }
  return DIP_OK;
}

static void drop_parts(dip_dataset *ds, uint32_t from) {
  if (ds->nparts > from) ds->nparts = from;
  dip_side_drop(ds, &ds->part_extra, from);
}

static const char *const participant_keys[] = {"actor", "role", "side", NULL};
enum { PA_ACTOR, PA_ROLE, PA_SIDE, PA_NKEYS };

/* Appends the participants to ds->parts; the caller drops them on failure. */
static int read_participants(reader *r, const cJSON *list, dip_event_in *e) {
  dip_dataset *ds = r->ds;
  cJSON *p;
  reader sub = *r;
  int rc;
  e->parts = ds->nparts;
  e->nparts = 0;
  if (!list) return DIP_OK;
  if (!cJSON_IsArray(list)) return fail(r, "participants", "expected an array, got %s", type_name(list));
  sub.sub = "participants";
  sub.subindex = 0;
  cJSON_ArrayForEach(p, list) {
    const cJSON *v[PA_NKEYS];
    dip_participant part;
    cJSON *extra = NULL;
    int unknown;
    if ((rc = collect(&sub, p, "", participant_keys, v, &unknown))) return rc;
    if ((rc = rd_ref(&sub, v[PA_ACTOR], "actor", 1, &ds->actor_of_id, "actor", &part.actor))) return rc;
    if ((rc = rd_string(&sub, v[PA_ROLE], "role", 0, &part.role))) return rc;
    if ((rc = rd_ref(&sub, v[PA_SIDE], "side", 0, &ds->actor_of_id, "actor", &part.side))) return rc;
    if (DIP_GROW(&ds->mem, ds->parts, ds->partcap, ds->nparts + 1)) return rd_oom(r);
    if ((rc = take_extra(&sub, p, participant_keys, unknown, &extra))) return rc;
    if (extra && dip_side_push(ds, &ds->part_extra, ds->nparts, extra)) {
      cJSON_Delete(extra);
      return rd_oom(r);
    }
    ds->parts[ds->nparts++] = part;
    sub.subindex++;
  }
  e->nparts = sub.subindex;
  return DIP_OK;
}

static const char *const event_keys[] = {"id", "type", "title", "start", "end", "place", "status",
                                         "participants", "sources", "part_of", "cameo", NULL};
enum { E_ID, E_TYPE, E_TITLE, E_START, E_END, E_PLACE, E_STATUS, E_PARTICIPANTS, E_SOURCES, E_PART_OF, E_CAMEO,
       E_NKEYS };

/* The other ids an event answers to (the second row of a merged dyad, the
   record ids of exact duplicates), kept in its extra as "merged_ids": each a
   string that no event has as its id, nor answers to yet. */
static int rd_merged_ids(reader *r, const cJSON *extra, uint32_t own) {
  const cJSON *list = extra ? cJSON_GetObjectItemCaseSensitive(extra, "merged_ids") : NULL;
  uint32_t k = 0, id;
  char field[48];
  int rc;
  if (!list) return DIP_OK;
  if (!cJSON_IsArray(list)) return fail(r, "merged_ids", "expected an array of ids, got %s", type_name(list));
  for (const cJSON *v = list->child; v; v = v->next, k++) {
    snprintf(field, sizeof field, "merged_ids[%u]", k);
    if (!cJSON_IsString(v)) return fail(r, field, "expected a string, got %s", type_name(v));
    if (!v->valuestring[0]) return fail(r, field, "empty id");
    if ((rc = intern_or_fail(r, v->valuestring, &id))) return rc;
    if (id == own || dip_map_get(&r->ds->event_of_id, id) != DIP_NONE)
      return fail(r, field, "'%.80s' is already the id of an event", v->valuestring);
  }
  return DIP_OK;
}

/* Makes event h answer to its merged ids too (checked by rd_merged_ids). */
static int answer_merged_ids(dip_dataset *ds, uint32_t h) {
  const cJSON *extra = dip_event_extra(ds, h);
  const cJSON *list = extra ? cJSON_GetObjectItemCaseSensitive(extra, "merged_ids") : NULL;
  for (const cJSON *v = cJSON_IsArray(list) ? list->child : NULL; v; v = v->next) {
    uint32_t id = dip_intern(&ds->strs, v->valuestring, strlen(v->valuestring));
    if (id == DIP_NONE || dip_map_put(&ds->event_of_id, &ds->mem, id, h)) return oom(ds);
  }
  return DIP_OK;
}

static int read_event(reader *r, cJSON *o, dip_event_in *e) {
  dip_dataset *ds = r->ds;
  const cJSON *v[E_NKEYS];
  int rc, unknown;
  memset(e, 0, sizeof *e);
  e->parts = ds->nparts;
  if ((rc = collect(r, o, "", event_keys, v, &unknown))) return rc;
  if ((rc = rd_id(r, v[E_ID], &ds->event_of_id, "event", &e->id))) return rc;
  if ((rc = rd_string(r, v[E_TYPE], "type", 1, &e->type))) return rc;
  if ((rc = rd_string(r, v[E_TITLE], "title", 0, &e->title))) return rc;
  if ((rc = rd_date(r, v[E_START], "start", 1, &e->start))) return rc;
  if ((rc = rd_date(r, v[E_END], "end", 0, &e->end))) return rc;
  if ((rc = check_order(r, e->start, e->end))) return rc;
  if ((rc = rd_ref(r, v[E_PLACE], "place", 0, &ds->place_of_id, "place", &e->place))) return rc;
  if ((rc = read_status(r, v[E_STATUS], &e->status))) return rc;
  if ((rc = rd_ref(r, v[E_PART_OF], "part_of", 0, &ds->event_of_id, "event", &e->part_of))) return rc;
  if ((rc = rd_string(r, v[E_CAMEO], "cameo", 0, &e->cameo))) return rc;
  if ((rc = read_sources(r, v[E_SOURCES]))) return rc;
  if ((rc = read_participants(r, v[E_PARTICIPANTS], e))) return rc;
  if ((rc = take_extra(r, o, event_keys, unknown, &e->extra))) return rc;
  if ((rc = rd_merged_ids(r, e->extra, e->id))) {
    cJSON_Delete(e->extra);
    e->extra = NULL;
    return rc;
  }
  if (v[E_SOURCES]) e->sources = cJSON_DetachItemViaPointer(o, (cJSON *)v[E_SOURCES]);
  return DIP_OK;
}

/* Stores e as event ds->nevents (room for it made by the caller), its
   sources and extra in the side tables: DIP_OK, or DIP_ENOMEM with nothing
   changed and e's JSON still the caller's. */
static int store_event(dip_dataset *ds, const dip_event_in *in) {
  dip_event *e;
  if ((in->sources && DIP_GROW(&ds->mem, ds->ev_sources.pairs, ds->ev_sources.cap, ds->ev_sources.n + 1)) ||
      (in->extra && DIP_GROW(&ds->mem, ds->ev_extra.pairs, ds->ev_extra.cap, ds->ev_extra.n + 1)))
    return oom(ds);
  e = &ds->events[ds->nevents];
  e->id = in->id, e->type = in->type, e->title = in->title, e->cameo = in->cameo;
  e->start = in->start, e->end = in->end, e->place = in->place, e->part_of = in->part_of;
  e->parts = in->parts, e->nparts = in->nparts, e->status = in->status;
  /* cannot fail: room was made above */
  if (in->sources) dip_side_push(ds, &ds->ev_sources, ds->nevents, in->sources);
  if (in->extra) dip_side_push(ds, &ds->ev_extra, ds->nevents, in->extra);
  ds->nevents++;
  return DIP_OK;
}

/* ---- adding one object ---- */

static void touch(dip_dataset *ds) { ds->generation++; }

int dip_add_place(dip_dataset *ds, cJSON *o, uint32_t *handle) {
  reader r = {ds, NULL, 0, NULL, 0, 0};
  uint32_t lists = ds->nlists;
  dip_place p;
  int rc = read_place(&r, o, &p);
  if (!rc && (rc = dip_append_place(ds, &p, handle))) cJSON_Delete(p.extra);
  if (rc) ds->nlists = lists;
  return rc;
}

/* The "merged_ids" of an actor about to be added: ids no actor has yet. */
static int check_merged(dip_dataset *ds, const cJSON *extra) {
  const cJSON *m = cJSON_GetObjectItemCaseSensitive(extra, "merged_ids"), *v;
  uint32_t k = 0;
  if (!m) return DIP_OK;
  if (!cJSON_IsArray(m)) return dip_set_err(ds, DIP_EINVAL, "merged_ids: expected an array of ids");
  cJSON_ArrayForEach(v, m) {
    uint32_t s;
    if (!cJSON_IsString(v) || !v->valuestring[0])
      return dip_set_err(ds, DIP_EINVAL, "merged_ids[%u]: expected an id (a non-empty string)", k);
    s = dip_strtab_find(&ds->strs, v->valuestring, strlen(v->valuestring));
    if (s != DIP_NONE && dip_map_get(&ds->actor_of_id, s) != DIP_NONE)
      return dip_set_err(ds, DIP_EINVAL, "merged_ids[%u]: the id '%.80s' is taken by another actor", k, v->valuestring);
    k++;
  }
  return DIP_OK;
}

int dip_add_actor(dip_dataset *ds, cJSON *o, uint32_t *handle) {
  reader r = {ds, NULL, 0, NULL, 0, 0};
  uint32_t lists = ds->nlists;
  dip_actor a;
  int rc = read_actor(&r, o, &a);
  if (!rc && a.extra && (rc = check_merged(ds, a.extra))) {
    cJSON_Delete(a.extra);
    cJSON_Delete(a.codes);
  } else if (!rc && (rc = dip_append_actor(ds, &a, handle))) {
    cJSON_Delete(a.extra);
    cJSON_Delete(a.codes);
  }
  if (!rc && a.extra && (rc = dip_register_merged(ds, *handle, "actor"))) return rc;
  if (rc) ds->nlists = lists;
  return rc;
}

int dip_add_relation(dip_dataset *ds, cJSON *o, uint32_t *handle) {
  reader r = {ds, NULL, 0, NULL, 0, 0};
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
  reader r = {ds, NULL, 0, NULL, 0, 0};
  uint32_t parts = ds->nparts;
  dip_event_in e;
  int rc;
  if (DIP_GROW(&ds->mem, ds->events, ds->eventcap, ds->nevents + 1)) return oom(ds);
  if ((rc = read_event(&r, o, &e))) {
    drop_parts(ds, parts); /* read_event keeps nothing when it fails */
    return rc;
  }
  if (dip_map_put(&ds->event_of_id, &ds->mem, e.id, ds->nevents) || (rc = store_event(ds, &e))) {
    if (rc) dip_map_put(&ds->event_of_id, &ds->mem, e.id, DIP_NONE);
    drop_parts(ds, parts);
    cJSON_Delete(e.extra);
    cJSON_Delete(e.sources);
    return oom(ds);
  }
  *handle = ds->nevents - 1;
  touch(ds);
  return answer_merged_ids(ds, *handle);
}

/* ---- loading a document, one element at a time ---- */

int dip_load_top(dip_dataset *ds, const char *key, cJSON *value) {
  reader top = {ds, NULL, 0, NULL, 0, 1};
  int rc;
  if (!strcmp(key, "format")) {
    if (!cJSON_IsString(value) || strcmp(value->valuestring, "diplomacy") != 0)
      rc = fail(&top, "format", "unsupported format (expected \"diplomacy\")");
    else rc = DIP_OK, ds->loading |= DIP_SEEN_FORMAT;
  } else if (!strcmp(key, "version")) {
    if (!cJSON_IsNumber(value) || value->valuedouble != 1) rc = fail(&top, "version", "unsupported version (expected 1)");
    else rc = DIP_OK, ds->loading |= DIP_SEEN_VERSION;
  } else if (!strcmp(key, "meta")) {
    static const char *const none[] = {NULL};
    int unknown;
    if ((rc = collect(&top, value, "meta", none, NULL, &unknown)) == DIP_OK) {
      cJSON_Delete(ds->meta);
      ds->meta = value;
      return DIP_OK;
    }
  } else if (!strcmp(key, "places") || !strcmp(key, "actors") || !strcmp(key, "relations") || !strcmp(key, "events")) {
    rc = fail(&top, key, "expected an array, got %s", type_name(value));
  } else {
    if (!ds->extra && !(ds->extra = cJSON_CreateObject())) rc = oom(ds);
    else {
      cJSON_AddItemToObject(ds->extra, key, value);
      return DIP_OK;
    }
  }
  cJSON_Delete(value);
  return rc;
}

int dip_load_element(dip_dataset *ds, enum dip_array array, uint32_t i, cJSON *o) {
  static const char *const names[] = {"places", "actors", "relations", "events"};
  reader r = {ds, names[array], i, NULL, 0, 1};
  int rc;
  switch (array) {
    case DIP_PLACES: {
      dip_place p;
      if (DIP_GROW(&ds->mem, ds->places, ds->placecap, ds->nplaces + 1)) return oom(ds);
      if ((rc = read_place(&r, o, &p))) return rc;
      ds->places[ds->nplaces] = p; /* owned by the dataset from here, even if what follows fails */
      if (dip_map_put(&ds->place_of_id, &ds->mem, p.id, ds->nplaces++) ||
          names_add(ds, &ds->place_names, ds->nplaces - 1, p.id, p.name, p.aliases, p.naliases))
        return oom(ds);
      return DIP_OK;
    }
    case DIP_ACTORS: {
      dip_actor a;
      if (DIP_GROW(&ds->mem, ds->actors, ds->actorcap, ds->nactors + 1)) return oom(ds);
      if ((rc = read_actor(&r, o, &a))) return rc;
      ds->actors[ds->nactors] = a;
      if (dip_map_put(&ds->actor_of_id, &ds->mem, a.id, ds->nactors++) ||
          names_add(ds, &ds->actor_names, ds->nactors - 1, a.id, a.name, a.aliases, a.naliases))
        return oom(ds);
      if (a.extra) {
        char path[40];
        snprintf(path, sizeof path, "actors[%u]", i);
        return dip_register_merged(ds, ds->nactors - 1, path);
      }
      return DIP_OK;
    }
    case DIP_RELATIONS:
      if (DIP_GROW(&ds->mem, ds->relations, ds->relationcap, ds->nrelations + 1)) return oom(ds);
      if ((rc = read_relation(&r, o, &ds->relations[ds->nrelations]))) return rc;
      ds->nrelations++;
      return DIP_OK;
    default: {
      dip_event_in e;
      if (DIP_GROW(&ds->mem, ds->events, ds->eventcap, ds->nevents + 1)) return oom(ds);
      if ((rc = read_event(&r, o, &e))) return rc;
      if (store_event(ds, &e)) {
        cJSON_Delete(e.extra);
        cJSON_Delete(e.sources);
        return oom(ds);
      }
      if (dip_map_put(&ds->event_of_id, &ds->mem, e.id, ds->nevents - 1)) return oom(ds);
      return answer_merged_ids(ds, ds->nevents - 1);
    }
  }
}

/* Resolves a reference kept as an id while loading. */
static int resolve(dip_dataset *ds, const char *path, const char *field, dip_map *ids, const char *what,
                   uint32_t *ref) {
  uint32_t h;
  if (*ref == DIP_NONE) return DIP_OK;
  if ((h = dip_map_get(ids, *ref)) == DIP_NONE)
    return dip_set_err(ds, DIP_EINVAL, "%s.%s: no %s has the id '%.80s'", path, field, what, dip_str(ds, *ref));
  *ref = h;
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

static int resolve_sources(dip_dataset *ds, uint32_t e) {
  const cJSON *s;
  uint32_t j = 0;
  cJSON_ArrayForEach(s, dip_event_sources(ds, e)) {
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(s, "by");
    uint32_t id;
    if (by && cJSON_IsString(by)) {
      id = dip_strtab_find(&ds->strs, by->valuestring, strlen(by->valuestring));
      if (id == DIP_NONE || dip_map_get(&ds->actor_of_id, id) == DIP_NONE)
        return dip_set_err(ds, DIP_EINVAL, "events[%u].sources[%u].by: no actor has the id '%.80s'", e, j,
                           by->valuestring);
    }
    j++;
  }
  return DIP_OK;
}

int dip_load_end(dip_dataset *ds) {
  char path[64], field[64];
  int rc;
  if (!(ds->loading & DIP_SEEN_FORMAT)) return dip_set_err(ds, DIP_EINVAL, "format: missing (expected \"diplomacy\")");
  if (!(ds->loading & DIP_SEEN_VERSION)) return dip_set_err(ds, DIP_EINVAL, "version: missing (expected 1)");
  for (uint32_t i = 0; i < ds->nplaces; i++) {
    snprintf(path, sizeof path, "places[%u]", i);
    if ((rc = resolve(ds, path, "within", &ds->place_of_id, "place", &ds->places[i].within))) return rc;
    if (ds->places[i].within == i) return dip_set_err(ds, DIP_EINVAL, "%s.within: a place cannot be within itself", path);
  }
  if ((rc = check_within_cycles(ds))) return rc;
  for (uint32_t i = 0; i < ds->nrelations; i++) {
    snprintf(path, sizeof path, "relations[%u]", i);
    if ((rc = resolve(ds, path, "actor", &ds->actor_of_id, "actor", &ds->relations[i].actor)) ||
        (rc = resolve(ds, path, "target", &ds->actor_of_id, "actor", &ds->relations[i].target)))
      return rc;
  }
  for (uint32_t i = 0; i < ds->nevents; i++) {
    dip_event *e = &ds->events[i];
    snprintf(path, sizeof path, "events[%u]", i);
    if ((rc = resolve(ds, path, "place", &ds->place_of_id, "place", &e->place)) ||
        (rc = resolve(ds, path, "part_of", &ds->event_of_id, "event", &e->part_of)))
      return rc;
    if (e->part_of == i) return dip_set_err(ds, DIP_EINVAL, "%s.part_of: an event cannot be part of itself", path);
    for (uint32_t k = 0; k < e->nparts; k++) {
      dip_participant *p = &ds->parts[e->parts + k];
      snprintf(field, sizeof field, "participants[%u].actor", k);
      if ((rc = resolve(ds, path, field, &ds->actor_of_id, "actor", &p->actor))) return rc;
      snprintf(field, sizeof field, "participants[%u].side", k);
      if ((rc = resolve(ds, path, field, &ds->actor_of_id, "actor", &p->side))) return rc;
    }
    if (dip_event_sources(ds, i) && (rc = resolve_sources(ds, i))) return rc;
  }
  ds->loading = 0;
  touch(ds);
  return DIP_OK;
}

/* ---- bulk appends for the importers (import.c): objects built by the caller
   from interned strings, without cJSON documents; added by csrc/import.c's
   author, kept here because they need the name index ---- */

void dip_mark_take(const dip_dataset *ds, dip_mark *m) {
  m->nplaces = ds->nplaces;
  m->nactors = ds->nactors;
  m->nrelations = ds->nrelations;
  m->nevents = ds->nevents;
  m->nparts = ds->nparts;
  m->nlists = ds->nlists;
  m->ndates = ds->ndates;
  m->place_links = ds->place_names.n;
  m->actor_links = ds->actor_names.n;
}

void dip_mark_rollback(dip_dataset *ds, const dip_mark *m) {
  while (ds->nevents > m->nevents) {
    dip_event *e = &ds->events[--ds->nevents];
    dip_map_put(&ds->event_of_id, &ds->mem, e->id, DIP_NONE);
  }
  dip_side_drop(ds, &ds->ev_sources, m->nevents);
  dip_side_drop(ds, &ds->ev_extra, m->nevents);
  drop_parts(ds, m->nparts);
  while (ds->nrelations > m->nrelations) cJSON_Delete(ds->relations[--ds->nrelations].extra);
  while (ds->nactors > m->nactors) {
    dip_actor *a = &ds->actors[--ds->nactors];
    dip_map_put(&ds->actor_of_id, &ds->mem, a->id, DIP_NONE);
    cJSON_Delete(a->codes);
    cJSON_Delete(a->extra);
  }
  while (ds->nplaces > m->nplaces) {
    dip_place *p = &ds->places[--ds->nplaces];
    dip_map_put(&ds->place_of_id, &ds->mem, p->id, DIP_NONE);
    cJSON_Delete(p->extra);
  }
  while (ds->ndates > m->ndates) dip_map_put(&ds->date_of_text, &ds->mem, ds->dates[--ds->ndates].text, DIP_NONE);
  names_rollback(ds, &ds->place_names, m->place_links);
  names_rollback(ds, &ds->actor_names, m->actor_links);
  ds->nlists = m->nlists;
  dip_index_free(ds); /* it may have taken in what is taken back */
  touch(ds);
}

uint32_t dip_append_date(dip_dataset *ds, const char *s, size_t n, const dip_span *span) {
  uint32_t text = dip_intern(&ds->strs, s, n), d;
  if (text == DIP_NONE) return DIP_NONE;
  if ((d = dip_map_get(&ds->date_of_text, text)) != DIP_NONE) return d;
  if (DIP_GROW(&ds->mem, ds->dates, ds->datecap, ds->ndates + 1)) return DIP_NONE;
  if (dip_map_put(&ds->date_of_text, &ds->mem, text, ds->ndates)) return DIP_NONE;
  memset(&ds->dates[ds->ndates], 0, sizeof ds->dates[ds->ndates]); /* padding too: snapshots write it */
  ds->dates[ds->ndates].span = *span;
  ds->dates[ds->ndates].text = text;
  return ds->ndates++;
}

int dip_append_aliases(dip_dataset *ds, const uint32_t *strs, uint32_t n, uint32_t *off) {
  *off = ds->nlists;
  if (DIP_GROW(&ds->mem, ds->lists, ds->listcap, ds->nlists + n)) return oom(ds);
  if (n) memcpy(ds->lists + ds->nlists, strs, (size_t)n * sizeof *strs);
  ds->nlists += n;
  return DIP_OK;
}

int dip_append_actor_alias(dip_dataset *ds, uint32_t actor, uint32_t alias) {
  dip_actor *a = &ds->actors[actor];
  uint32_t off = ds->nlists;
  if (alias == a->name || alias == a->id) return DIP_OK;
  for (uint32_t i = 0; i < a->naliases; i++)
    if (ds->lists[a->aliases + i] == alias) return DIP_OK;
  if (DIP_GROW(&ds->mem, ds->lists, ds->listcap, ds->nlists + a->naliases + 1)) return oom(ds);
  memmove(ds->lists + off, ds->lists + a->aliases, (size_t)a->naliases * sizeof *ds->lists);
  ds->lists[off + a->naliases] = alias;
  ds->nlists += a->naliases + 1;
  a->aliases = off;
  a->naliases++;
  if (name_add(ds, &ds->actor_names, alias, actor)) return oom(ds);
  touch(ds);
  return DIP_OK;
}

int dip_append_place(dip_dataset *ds, const dip_place *p, uint32_t *handle) {
  uint32_t links = ds->place_names.n;
  if (DIP_GROW(&ds->mem, ds->places, ds->placecap, ds->nplaces + 1)) return oom(ds);
  if (dip_map_put(&ds->place_of_id, &ds->mem, p->id, ds->nplaces) ||
      names_add(ds, &ds->place_names, ds->nplaces, p->id, p->name, p->aliases, p->naliases)) {
    dip_map_put(&ds->place_of_id, &ds->mem, p->id, DIP_NONE);
    names_rollback(ds, &ds->place_names, links);
    return oom(ds);
  }
  ds->places[ds->nplaces] = *p;
  *handle = ds->nplaces++;
  touch(ds);
  return DIP_OK;
}

int dip_append_actor(dip_dataset *ds, const dip_actor *a, uint32_t *handle) {
  uint32_t links = ds->actor_names.n;
  if (DIP_GROW(&ds->mem, ds->actors, ds->actorcap, ds->nactors + 1)) return oom(ds);
  if (dip_map_put(&ds->actor_of_id, &ds->mem, a->id, ds->nactors) ||
      names_add(ds, &ds->actor_names, ds->nactors, a->id, a->name, a->aliases, a->naliases)) {
    dip_map_put(&ds->actor_of_id, &ds->mem, a->id, DIP_NONE);
    names_rollback(ds, &ds->actor_names, links);
    return oom(ds);
  }
  ds->actors[ds->nactors] = *a;
  *handle = ds->nactors++;
  touch(ds);
  return DIP_OK;
}

int dip_append_relation(dip_dataset *ds, const dip_relation *r) {
  if (DIP_GROW(&ds->mem, ds->relations, ds->relationcap, ds->nrelations + 1)) return oom(ds);
  ds->relations[ds->nrelations++] = *r;
  touch(ds);
  return DIP_OK;
}

int dip_append_reserve(dip_dataset *ds, uint32_t events, uint32_t parts) {
  if (events > DIP_MAX_COUNT - ds->nevents || parts > DIP_MAX_COUNT - ds->nparts) return oom(ds);
  if (DIP_GROW(&ds->mem, ds->events, ds->eventcap, ds->nevents + events) ||
      DIP_GROW(&ds->mem, ds->parts, ds->partcap, ds->nparts + parts))
    return oom(ds);
  return DIP_OK;
}

int dip_append_event(dip_dataset *ds, const dip_event_in *e, const dip_participant *parts, uint32_t nparts,
                     uint32_t *handle) {
  dip_event_in in = *e;
  if (DIP_GROW(&ds->mem, ds->events, ds->eventcap, ds->nevents + 1) ||
      DIP_GROW(&ds->mem, ds->parts, ds->partcap, ds->nparts + nparts) ||
      dip_map_put(&ds->event_of_id, &ds->mem, e->id, ds->nevents))
    return oom(ds);
  in.parts = ds->nparts;
  in.nparts = nparts;
  if (store_event(ds, &in)) {
    dip_map_put(&ds->event_of_id, &ds->mem, e->id, DIP_NONE);
    return DIP_ENOMEM;
  }
  if (nparts) memcpy(ds->parts + ds->nparts, parts, (size_t)nparts * sizeof *parts);
  ds->nparts += nparts;
  *handle = ds->nevents - 1;
  touch(ds);
  return DIP_OK;
}

/* ---- names added later: aliases and merged actors (the REPL's ds:alias and ds:merge_actors) ---- */

/* The ids an actor also answers to (its extra "merged_ids"), or NULL. */
static const cJSON *merged_ids(const dip_actor *a) {
  const cJSON *m = a->extra ? cJSON_GetObjectItemCaseSensitive(a->extra, "merged_ids") : NULL;
  return cJSON_IsArray(m) ? m : NULL;
}

/* Makes actor h's merged ids find it, by id (ids map) and by name. Reads as
   loading does: path names the actor in messages. */
static int register_merged(dip_dataset *ds, uint32_t h, const char *path) {
  const cJSON *m = ds->actors[h].extra ? cJSON_GetObjectItemCaseSensitive(ds->actors[h].extra, "merged_ids") : NULL;
  const cJSON *v;
  uint32_t k = 0;
  if (!m) return DIP_OK;
  if (!cJSON_IsArray(m)) return dip_set_err(ds, DIP_EINVAL, "%s.merged_ids: expected an array of ids", path);
  cJSON_ArrayForEach(v, m) {
    uint32_t s, was;
    if (!cJSON_IsString(v) || !v->valuestring[0])
      return dip_set_err(ds, DIP_EINVAL, "%s.merged_ids[%u]: expected an id (a non-empty string)", path, k);
    if ((s = dip_intern(&ds->strs, v->valuestring, strlen(v->valuestring))) == DIP_NONE) return oom(ds);
    was = dip_map_get(&ds->actor_of_id, s);
    if (was != DIP_NONE && was != h)
      return dip_set_err(ds, DIP_EINVAL, "%s.merged_ids[%u]: the id '%.80s' is taken by another actor", path, k,
                         v->valuestring);
    if (dip_map_put(&ds->actor_of_id, &ds->mem, s, h) || name_add(ds, &ds->actor_names, s, h)) return oom(ds);
    k++;
  }
  return DIP_OK;
}

int dip_register_merged(dip_dataset *ds, uint32_t h, const char *path) { return register_merged(ds, h, path); }

int dip_actor_add_alias(dip_dataset *ds, uint32_t h, const char *name, size_t n) {
  dip_actor *a = &ds->actors[h];
  uint32_t s, *run, off, na = a->naliases;
  if (!n) return dip_set_err(ds, DIP_EINVAL, "alias: a name cannot be empty");
  if ((s = dip_intern(&ds->strs, name, n)) == DIP_NONE) return oom(ds);
  if (s == a->name || s == a->id) return DIP_OK;
  for (uint32_t i = 0; i < na; i++)
    if (ds->lists[a->aliases + i] == s) return DIP_OK;
  /* a new run: ds->lists may move while it grows, so copy the old one first */
  if (!(run = dip_alloc_array(&ds->mem, (size_t)na + 1, sizeof *run))) return oom(ds);
  if (na) memcpy(run, ds->lists + a->aliases, (size_t)na * sizeof *run);
  run[na] = s;
  if (dip_append_aliases(ds, run, na + 1, &off) || name_add(ds, &ds->actor_names, s, h)) {
    DIP_FREE_ARRAY(&ds->mem, run, na + 1);
    return oom(ds);
  }
  DIP_FREE_ARRAY(&ds->mem, run, na + 1);
  a->aliases = off;
  a->naliases = na + 1;
  touch(ds);
  return DIP_OK;
}

/* Appends s to run (of *n, room for cap) unless it is there or is skip. */
static void run_add(uint32_t *run, uint32_t *n, uint32_t s, uint32_t skip) {
  if (s == skip) return;
  for (uint32_t i = 0; i < *n; i++)
    if (run[i] == s) return;
  run[(*n)++] = s;
}

/* Moves the members of from that into lacks into into (both cJSON objects). */
static void move_missing_keys(cJSON *from, cJSON *into, const char *except) {
  cJSON *item, *next;
  if (!from || !into) return;
  for (item = from->child; item; item = next) {
    next = item->next;
    if ((except && !strcmp(item->string, except)) || cJSON_GetObjectItemCaseSensitive(into, item->string)) continue;
    cJSON_DetachItemViaPointer(from, item);
    if (!cJSON_AddItemToObject(into, item->string, item)) cJSON_Delete(item);
  }
}

static uint32_t renumber(uint32_t h, uint32_t keep, uint32_t other) {
  if (h == DIP_NONE) return h;
  if (h == other) h = keep;
  return h > other ? h - 1 : h;
}

int dip_merge_actors(dip_dataset *ds, uint32_t keep, uint32_t other) {
  dip_actor *k = &ds->actors[keep], *o = &ds->actors[other];
  const cJSON *om = merged_ids(o), *km = merged_ids(k), *v;
  uint32_t cap = k->naliases + o->naliases + 1, n = 0, off;
  uint32_t *run;
  cJSON *ids = NULL;
  dip_map id_map;
  dip_names names;
  if (keep == other) return dip_set_err(ds, DIP_EINVAL, "merge_actors: an actor cannot be merged with itself");
  /* everything that can fail first, into new structures; the dataset changes only after */
  if (!(run = dip_alloc_array(&ds->mem, cap, sizeof *run))) return oom(ds);
  for (uint32_t i = 0; i < k->naliases; i++) run_add(run, &n, ds->lists[k->aliases + i], k->name);
  run_add(run, &n, o->name, k->name);
  for (uint32_t i = 0; i < o->naliases; i++) run_add(run, &n, ds->lists[o->aliases + i], k->name);
  if (dip_append_aliases(ds, run, n, &off)) {
    DIP_FREE_ARRAY(&ds->mem, run, cap);
    return oom(ds);
  }
  DIP_FREE_ARRAY(&ds->mem, run, cap);
  if (!(ids = cJSON_CreateArray())) return oom(ds);
  if (km) cJSON_ArrayForEach(v, km) if (cJSON_IsString(v) && !cJSON_AddItemToArray(ids, cJSON_CreateString(v->valuestring))) goto nomem;
  if (!cJSON_AddItemToArray(ids, cJSON_CreateString(dip_str(ds, o->id)))) goto nomem;
  if (om) cJSON_ArrayForEach(v, om) if (cJSON_IsString(v) && !cJSON_AddItemToArray(ids, cJSON_CreateString(v->valuestring))) goto nomem;
  if (cJSON_GetArraySize(ids) != (int)((km ? cJSON_GetArraySize(km) : 0) + 1 + (om ? cJSON_GetArraySize(om) : 0)))
    goto nomem; /* cJSON_CreateString failed inside */
  /* the id map and the name index, as they will be with other gone */
  dip_map_init(&id_map);
  memset(&names, 0, sizeof names);
  dip_map_init(&names.head);
  for (uint32_t h = 0; h < ds->nactors; h++) {
    const dip_actor *a = &ds->actors[h];
    uint32_t nh = h > other ? h - 1 : h;
    const cJSON *m = h == keep ? ids : merged_ids(a);
    if (h == other) continue;
    if (dip_map_put(&id_map, &ds->mem, a->id, nh) ||
        names_add(ds, &names, nh, a->id, a->name, h == keep ? off : a->aliases, h == keep ? n : a->naliases))
      goto nomem_maps;
    if (m) cJSON_ArrayForEach(v, m) {
      uint32_t s;
      if (!cJSON_IsString(v)) continue;
      if ((s = dip_intern(&ds->strs, v->valuestring, strlen(v->valuestring))) == DIP_NONE ||
          dip_map_put(&id_map, &ds->mem, s, nh) || name_add(ds, &names, s, nh))
        goto nomem_maps;
    }
  }
  /* commit */
  dip_map_free(&ds->actor_of_id, &ds->mem);
  free_names(ds, &ds->actor_names);
  ds->actor_of_id = id_map;
  ds->actor_names = names;
  k->aliases = off;
  k->naliases = n;
  if (!k->extra && !(k->extra = cJSON_CreateObject())) {
    cJSON_Delete(ids); /* the ids still find keep through the maps; only the saved file lacks them */
  } else {
    cJSON_DeleteItemFromObjectCaseSensitive(k->extra, "merged_ids");
    if (!cJSON_AddItemToObject(k->extra, "merged_ids", ids)) cJSON_Delete(ids);
  }
  if (!k->codes) k->codes = o->codes, o->codes = NULL;
  move_missing_keys(o->codes, k->codes, NULL);
  if (!k->kind) k->kind = o->kind;
  if (!k->country) k->country = o->country;
  move_missing_keys(o->extra, k->extra, "merged_ids");
  cJSON_Delete(o->codes);
  cJSON_Delete(o->extra);
  for (uint32_t i = 0; i < ds->nparts; i++) {
    ds->parts[i].actor = renumber(ds->parts[i].actor, keep, other);
    ds->parts[i].side = renumber(ds->parts[i].side, keep, other);
  }
  for (uint32_t i = 0; i < ds->nrelations; i++) {
    ds->relations[i].actor = renumber(ds->relations[i].actor, keep, other);
    ds->relations[i].target = renumber(ds->relations[i].target, keep, other);
  }
  memmove(ds->actors + other, ds->actors + other + 1, (size_t)(ds->nactors - other - 1) * sizeof *ds->actors);
  ds->nactors--;
  /* actors renumbered: the index is built again. Kept, it would be taken for
     one that only missed appended objects whenever actors were added since it
     was built (nactors then still above the index's), and answer with the old
     numbers. */
  dip_index_free(ds);
  touch(ds);
  return DIP_OK;
nomem_maps:
  dip_map_free(&id_map, &ds->mem);
  free_names(ds, &names);
nomem:
  cJSON_Delete(ids);
  return oom(ds);
}
