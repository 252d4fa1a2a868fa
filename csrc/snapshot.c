/* snapshot.c: saving and opening the binary snapshot (arrays as they lie in memory, checked on the way in) */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fileio.h"
#include "query.h"
#include "snapshot.h"

#define SNAPSHOT_VERSION 1u
#define ENDIAN_MARK 0x01020304u

/* What must agree between the writing and the reading machine. */
static const uint32_t layout[] = {
  ENDIAN_MARK, (uint32_t)sizeof(dip_date), (uint32_t)sizeof(dip_place), (uint32_t)sizeof(dip_actor),
  (uint32_t)sizeof(dip_relation), (uint32_t)sizeof(dip_event), (uint32_t)sizeof(dip_participant),
  (uint32_t)sizeof(dip_namelink), (uint32_t)sizeof(size_t)
};
#define NLAYOUT (sizeof layout / sizeof layout[0])

int dip_is_snapshot(const char *head, size_t n) { return n >= 8 && memcmp(head, DIP_SNAPSHOT_MAGIC, 8) == 0; }

/* ---- writing ---- */

typedef struct writer {
  FILE *f;
  int failed;
} writer;

static void put(writer *w, const void *p, size_t n) {
  if (!w->failed && n && fwrite(p, 1, n, w->f) != n) w->failed = 1;
}

static void put_u32(writer *w, uint32_t v) { put(w, &v, sizeof v); }
static void put_u64(writer *w, uint64_t v) { put(w, &v, sizeof v); }

static void put_map(writer *w, const dip_map *m) {
  put_u32(w, m->n);
  put_u32(w, m->nslots);
  put(w, m->keys, (size_t)m->nslots * sizeof *m->keys);
  put(w, m->vals, (size_t)m->nslots * sizeof *m->vals);
}

static void put_csr(writer *w, const dip_csr *c) {
  put_u32(w, c->n);
  put_u32(w, c->nval);
  put(w, c->off, ((size_t)c->n + 1) * sizeof *c->off);
  put(w, c->val, (size_t)c->nval * sizeof *c->val);
}

/* Arrays of structs are written element by element through a zeroed copy
   holding only the fields, so that padding and pointers never reach the
   file (and the same dataset always gives the same bytes). */
static void put_dates(writer *w, const dip_date *v, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    dip_date o;
    memset(&o, 0, sizeof o);
    o.span = v[i].span;
    o.text = v[i].text;
    put(w, &o, sizeof o);
  }
}

static void put_places(writer *w, const dip_place *v, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    dip_place o;
    memset(&o, 0, sizeof o);
    o.id = v[i].id, o.name = v[i].name, o.kind = v[i].kind, o.country = v[i].country, o.within = v[i].within;
    o.aliases = v[i].aliases, o.naliases = v[i].naliases;
    o.lat = v[i].lat, o.lon = v[i].lon, o.has_lat = v[i].has_lat, o.has_lon = v[i].has_lon;
    put(w, &o, sizeof o);
  }
}

static void put_actors(writer *w, const dip_actor *v, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    dip_actor o;
    memset(&o, 0, sizeof o);
    o.id = v[i].id, o.name = v[i].name, o.kind = v[i].kind, o.country = v[i].country;
    o.aliases = v[i].aliases, o.naliases = v[i].naliases;
    put(w, &o, sizeof o);
  }
}

static void put_relations(writer *w, const dip_relation *v, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    dip_relation o;
    memset(&o, 0, sizeof o);
    o.actor = v[i].actor, o.target = v[i].target, o.type = v[i].type, o.title = v[i].title;
    o.start = v[i].start, o.end = v[i].end;
    put(w, &o, sizeof o);
  }
}

static void put_events(writer *w, const dip_event *v, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    dip_event o;
    memset(&o, 0, sizeof o);
    o.id = v[i].id, o.type = v[i].type, o.title = v[i].title, o.cameo = v[i].cameo;
    o.start = v[i].start, o.end = v[i].end, o.place = v[i].place, o.part_of = v[i].part_of;
    o.parts = v[i].parts, o.nparts = v[i].nparts, o.status = v[i].status;
    put(w, &o, sizeof o);
  }
}

static void put_parts(writer *w, const dip_participant *v, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    dip_participant o;
    memset(&o, 0, sizeof o);
    o.actor = v[i].actor, o.side = v[i].side, o.role = v[i].role;
    put(w, &o, sizeof o);
  }
}

/* A cJSON value as text (handle, length, bytes); NULL values are skipped by the callers. */
static int put_json(writer *w, uint32_t handle, const cJSON *v) {
  char *text = cJSON_PrintUnformatted(v);
  size_t n;
  if (!text) return -1;
  n = strlen(text);
  put_u32(w, handle);
  put_u64(w, n);
  put(w, text, n);
  cJSON_free(text);
  return 0;
}

/* The cJSON values kept beside objects: count, then (handle, text) each. */
#define PUT_JSONS(w, n, field_of)                                 \
  do {                                                            \
    uint32_t count_ = 0;                                          \
    for (uint32_t i = 0; i < (n); i++) count_ += (field_of) != NULL; \
    put_u32(w, count_);                                           \
    for (uint32_t i = 0; i < (n); i++)                            \
      if ((field_of) && put_json(w, i, (field_of))) return -1;    \
  } while (0)

static int write_all(dip_dataset *ds, writer *w) {
  const dip_strtab *t = &ds->strs;
  const dip_index *x = ds->index;
  uint64_t bytes = 0;
  put(w, DIP_SNAPSHOT_MAGIC, 8);
  put_u32(w, SNAPSHOT_VERSION);
  put(w, layout, sizeof layout);
  /* strings: lengths and hashes, then the bytes, each with its NUL */
  put_u32(w, t->n);
  for (uint32_t i = 0; i < t->n; i++) bytes += t->str[i].len + 1u;
  put_u64(w, bytes);
  for (uint32_t i = 0; i < t->n; i++) {
    put_u32(w, t->str[i].len);
    put_u32(w, t->str[i].hash);
  }
  for (uint32_t i = 0; i < t->n; i++) put(w, t->str[i].s, t->str[i].len + 1u);
  put_u32(w, t->nslots);
  put(w, t->slots, (size_t)t->nslots * sizeof *t->slots);
  /* objects */
  put_u32(w, ds->ndates);
  put_dates(w, ds->dates, ds->ndates);
  put_u32(w, ds->nplaces);
  put_places(w, ds->places, ds->nplaces);
  put_u32(w, ds->nactors);
  put_actors(w, ds->actors, ds->nactors);
  put_u32(w, ds->nrelations);
  put_relations(w, ds->relations, ds->nrelations);
  put_u32(w, ds->nevents);
  put_events(w, ds->events, ds->nevents);
  put_u32(w, ds->nparts);
  put_parts(w, ds->parts, ds->nparts);
  put_u32(w, ds->nlists);
  put(w, ds->lists, (size_t)ds->nlists * sizeof *ds->lists);
  put_map(w, &ds->date_of_text);
  put_map(w, &ds->place_of_id);
  put_map(w, &ds->actor_of_id);
  put_map(w, &ds->event_of_id);
  put_map(w, &ds->place_names.head);
  put_u32(w, ds->place_names.n);
  put(w, ds->place_names.links, (size_t)ds->place_names.n * sizeof *ds->place_names.links);
  put_map(w, &ds->actor_names.head);
  put_u32(w, ds->actor_names.n);
  put(w, ds->actor_names.links, (size_t)ds->actor_names.n * sizeof *ds->actor_names.links);
  /* what stays JSON */
  put_u32(w, ds->meta != NULL);
  if (ds->meta && put_json(w, 0, ds->meta)) return -1;
  put_u32(w, ds->extra != NULL);
  if (ds->extra && put_json(w, 0, ds->extra)) return -1;
  PUT_JSONS(w, ds->nplaces, ds->places[i].extra);
  PUT_JSONS(w, ds->nactors, ds->actors[i].codes);
  PUT_JSONS(w, ds->nactors, ds->actors[i].extra);
  PUT_JSONS(w, ds->nrelations, ds->relations[i].extra);
  PUT_JSONS(w, ds->nevents, ds->events[i].sources);
  PUT_JSONS(w, ds->nevents, ds->events[i].extra);
  PUT_JSONS(w, ds->nparts, ds->parts[i].extra);
  /* the indexes */
  put(w, &x->max_short, sizeof x->max_short);
  put_u32(w, x->nlong);
  put(w, x->longs, (size_t)x->nlong * sizeof *x->longs);
  put(w, x->order, (size_t)ds->nevents * sizeof *x->order);
  put(w, x->rank, (size_t)ds->nevents * sizeof *x->rank);
  put(w, x->rparts, ((size_t)ds->nevents + 1) * sizeof *x->rparts);
  put(w, x->flags, (size_t)ds->nevents * sizeof *x->flags);
  put(w, x->side, (size_t)ds->nparts * sizeof *x->side);
  put_csr(w, &x->stands);
  put_csr(w, &x->actor_events);
  put_csr(w, &x->ties);
  put_csr(w, &x->joined);
  put_csr(w, &x->members);
  put(w, x->pre, (size_t)ds->nplaces * sizeof *x->pre);
  put(w, x->post, (size_t)ds->nplaces * sizeof *x->post);
  return w->failed ? -1 : 0;
}

typedef struct snapshot_out {
  dip_dataset *ds;
} snapshot_out;

static int produce(FILE *f, void *ctx) {
  snapshot_out *o = ctx;
  writer w = {f, 0};
  if (write_all(o->ds, &w)) return w.failed ? DIP_EIO : dip_set_err(o->ds, DIP_ENOMEM, "out of memory");
  return DIP_OK;
}

int dip_snapshot_save(dip_dataset *ds, const char *path) {
  snapshot_out o = {ds};
  int rc = dip_index_update(ds);
  return rc ? rc : dip_write_file(ds, path, produce, &o);
}

/* ---- reading ---- */

typedef struct reader {
  FILE *f;
  uint64_t left;    /* bytes not yet read: no count may ask for more */
  dip_dataset *ds;
  const char *why;  /* set on the first failure */
  int code;
} reader;

static int bad(reader *r, const char *why) {
  if (!r->why) {
    r->why = why;
    r->code = DIP_EINVAL;
  }
  return -1;
}

static int nomem(reader *r) {
  if (!r->why) {
    r->why = "out of memory";
    r->code = DIP_ENOMEM;
  }
  return -1;
}

static int get(reader *r, void *p, size_t n) {
  if (r->why) return -1;
  if (n > r->left) return bad(r, "the snapshot is truncated or damaged");
  if (n && fread(p, 1, n, r->f) != n) return bad(r, ferror(r->f) ? "cannot read the file" : "the snapshot is truncated");
  r->left -= n;
  return 0;
}

static uint32_t get_u32(reader *r) {
  uint32_t v = 0;
  get(r, &v, sizeof v);
  return v;
}

/* An array of n elements read whole into memory of the dataset's allocator. */
static void *get_array(reader *r, uint32_t n, size_t elem) {
  void *p;
  size_t size = (n ? n : 1) * elem;
  if (r->why) return NULL;
  if ((uint64_t)n * elem > r->left) {
    bad(r, "the snapshot is truncated or damaged");
    return NULL;
  }
  if ((size_t)n > SIZE_MAX / elem || !(p = dip_alloc(&r->ds->mem, size))) {
    nomem(r);
    return NULL;
  }
  if (get(r, p, (size_t)n * elem)) {
    dip_free(&r->ds->mem, p, size);
    return NULL;
  }
  return p;
}

static void get_map(reader *r, dip_map *m, uint32_t nvals) {
  uint32_t n = get_u32(r), nslots = get_u32(r);
  if (r->why) return;
  if (nslots & (nslots - 1)) { bad(r, "a hash table is damaged"); return; }
  if (!nslots) return;
  m->keys = get_array(r, nslots, sizeof *m->keys);
  m->nslots = m->keys ? nslots : 0;
  if (!m->keys) return;
  if (!(m->vals = get_array(r, nslots, sizeof *m->vals))) {
    dip_free(&r->ds->mem, m->keys, (size_t)nslots * sizeof *m->keys);
    m->keys = NULL;
    m->nslots = 0;
    return;
  }
  m->n = n;
  {
    /* lookups stop at an empty slot: a full table would never end them */
    uint32_t used = 0;
    for (uint32_t i = 0; i < nslots; i++) {
      if (m->keys[i] == DIP_NONE) continue;
      used++;
      if (m->keys[i] >= r->ds->strs.n || (nvals != DIP_NONE && m->vals[i] != DIP_NONE && m->vals[i] >= nvals))
        bad(r, "a hash table points outside the data");
    }
    if (used != n || used >= nslots) bad(r, "a hash table is damaged");
  }
}

static void get_csr(reader *r, dip_csr *c, uint32_t rows, uint32_t bound) {
  uint32_t n = get_u32(r), nval = get_u32(r);
  if (r->why) return;
  if (n != rows) { bad(r, "an index does not fit the data"); return; }
  c->off = get_array(r, n + 1, sizeof *c->off);
  if (!c->off) return;
  c->n = n;
  c->val = get_array(r, nval, sizeof *c->val);
  if (!c->val) return;
  c->nval = nval;
  if (c->off[0] != 0 || c->off[n] != nval) { bad(r, "an index is damaged"); return; }
  for (uint32_t i = 0; i < n; i++)
    if (c->off[i] > c->off[i + 1]) { bad(r, "an index is damaged"); return; }
  for (uint32_t i = 0; i < nval; i++)
    if (c->val[i] >= bound) { bad(r, "an index points outside the data"); return; }
}

#define CHECK(r, cond, why) do { if (!(cond)) return bad((r), (why)); } while (0)

static int opt_ref(uint32_t v, uint32_t n) { return v == DIP_NONE || v < n; }

/* Every reference in range, so that nothing a damaged file says is trusted. */
static int check_refs(reader *r) {
  dip_dataset *ds = r->ds;
  uint32_t ns = ds->strs.n;
  for (uint32_t i = 0; i < ds->ndates; i++) CHECK(r, ds->dates[i].text < ns, "a date is damaged");
  for (uint32_t i = 0; i < ds->nlists; i++) CHECK(r, ds->lists[i] < ns, "an alias is damaged");
  for (uint32_t i = 0; i < ds->nplaces; i++) {
    const dip_place *p = &ds->places[i];
    CHECK(r, p->id < ns && p->name < ns && opt_ref(p->kind, ns) && opt_ref(p->country, ns) &&
             opt_ref(p->within, ds->nplaces) && p->aliases <= ds->nlists && p->naliases <= ds->nlists - p->aliases,
          "a place is damaged");
  }
  for (uint32_t i = 0; i < ds->nactors; i++) {
    const dip_actor *a = &ds->actors[i];
    CHECK(r, a->id < ns && a->name < ns && opt_ref(a->kind, ns) && opt_ref(a->country, ns) &&
             a->aliases <= ds->nlists && a->naliases <= ds->nlists - a->aliases,
          "an actor is damaged");
  }
  for (uint32_t i = 0; i < ds->nrelations; i++) {
    const dip_relation *rel = &ds->relations[i];
    CHECK(r, rel->actor < ds->nactors && rel->target < ds->nactors && rel->type < ns && opt_ref(rel->title, ns) &&
             opt_ref(rel->start, ds->ndates) && opt_ref(rel->end, ds->ndates),
          "a relation is damaged");
  }
  for (uint32_t i = 0; i < ds->nevents; i++) {
    const dip_event *e = &ds->events[i];
    CHECK(r, e->id < ns && e->type < ns && opt_ref(e->title, ns) && opt_ref(e->cameo, ns) && e->start < ds->ndates &&
             opt_ref(e->end, ds->ndates) && opt_ref(e->place, ds->nplaces) && opt_ref(e->part_of, ds->nevents) &&
             e->status < DIP_NSTATUS && e->parts <= ds->nparts && e->nparts <= ds->nparts - e->parts,
          "an event is damaged");
  }
  for (uint32_t i = 0; i < ds->nparts; i++) {
    const dip_participant *p = &ds->parts[i];
    CHECK(r, p->actor < ds->nactors && opt_ref(p->side, ds->nactors) && opt_ref(p->role, ns), "a participant is damaged");
  }
  for (int k = 0; k < 2; k++) {
    const dip_names *nm = k ? &ds->actor_names : &ds->place_names;
    uint32_t nobj = k ? ds->nactors : ds->nplaces;
    for (uint32_t i = 0; i < nm->n; i++)
      CHECK(r, nm->links[i].key < ns && nm->links[i].obj < nobj && opt_ref(nm->links[i].next, nm->n),
            "the name index is damaged");
    for (uint32_t i = 0; i < nm->head.nslots; i++)
      CHECK(r, nm->head.keys[i] == DIP_NONE || opt_ref(nm->head.vals[i], nm->n), "the name index is damaged");
  }
  return 0;
}

static int get_strings(reader *r) {
  dip_strtab *t = &r->ds->strs;
  uint32_t n = get_u32(r);
  uint64_t bytes = 0;
  uint32_t *lens;
  char *chunk, *p;
  size_t size;
  get(r, &bytes, sizeof bytes);
  if (r->why) return -1;
  if (bytes > r->left || bytes > SIZE_MAX - 2 * sizeof(size_t)) return bad(r, "the string table is damaged");
  /* lengths and hashes arrive interleaved, as the table keeps them */
  if (!(lens = get_array(r, n, 2 * sizeof *lens))) return -1;
  size = sizeof(size_t) + (size_t)bytes;
  if (!(chunk = dip_alloc(&r->ds->mem, size)) || !(t->chunks = dip_alloc(&r->ds->mem, sizeof *t->chunks))) {
    dip_free(&r->ds->mem, chunk, size);
    dip_free(&r->ds->mem, lens, (size_t)(n ? n : 1) * 2 * sizeof *lens);
    return nomem(r);
  }
  memcpy(chunk, &size, sizeof size);
  t->chunks[0] = chunk;
  t->nchunks = t->chunkcap = 1;
  t->chunksize = t->chunkused = size;
  if (!(t->str = dip_alloc(&r->ds->mem, (size_t)(n ? n : 1) * sizeof *t->str))) {
    dip_free(&r->ds->mem, lens, (size_t)(n ? n : 1) * 2 * sizeof *lens);
    return nomem(r);
  }
  t->cap = n ? n : 1;
  p = chunk + sizeof(size_t);
  if (get(r, p, (size_t)bytes)) {
    dip_free(&r->ds->mem, lens, (size_t)(n ? n : 1) * 2 * sizeof *lens);
    return -1;
  }
  for (uint32_t i = 0; i < n; i++) {
    uint32_t len = lens[2 * i];
    if ((uint64_t)(p - chunk - (ptrdiff_t)sizeof(size_t)) + len + 1 > bytes || p[len] != '\0') {
      dip_free(&r->ds->mem, lens, (size_t)(n ? n : 1) * 2 * sizeof *lens);
      return bad(r, "the string table is damaged");
    }
    t->str[i].s = p;
    t->str[i].len = len;
    t->str[i].hash = lens[2 * i + 1];
    p += len + 1;
    t->n = i + 1;
  }
  dip_free(&r->ds->mem, lens, (size_t)(n ? n : 1) * 2 * sizeof *lens);
  {
    uint32_t nslots = get_u32(r);
    if (r->why) return -1;
    uint32_t used = 0;
    if (nslots & (nslots - 1) || (nslots && (uint64_t)n * 2 > nslots) || (n && !nslots))
      return bad(r, "the string table is damaged");
    if (nslots && !(t->slots = get_array(r, nslots, sizeof *t->slots))) return -1;
    t->nslots = nslots;
    for (uint32_t i = 0; i < nslots; i++) {
      if (t->slots[i] > n) return bad(r, "the string table is damaged");
      used += t->slots[i] != 0;
    }
    if (used != n) return bad(r, "the string table is damaged");
  }
  return 0;
}

/* Reads one list of (handle, JSON text) into the field chosen by set. */
typedef cJSON **(*slot_fn)(dip_dataset *ds, uint32_t handle);
static cJSON **place_extra(dip_dataset *ds, uint32_t h) { return h < ds->nplaces ? &ds->places[h].extra : NULL; }
static cJSON **actor_codes(dip_dataset *ds, uint32_t h) { return h < ds->nactors ? &ds->actors[h].codes : NULL; }
static cJSON **actor_extra(dip_dataset *ds, uint32_t h) { return h < ds->nactors ? &ds->actors[h].extra : NULL; }
static cJSON **relation_extra(dip_dataset *ds, uint32_t h) { return h < ds->nrelations ? &ds->relations[h].extra : NULL; }
static cJSON **event_sources(dip_dataset *ds, uint32_t h) { return h < ds->nevents ? &ds->events[h].sources : NULL; }
static cJSON **event_extra(dip_dataset *ds, uint32_t h) { return h < ds->nevents ? &ds->events[h].extra : NULL; }
static cJSON **part_extra(dip_dataset *ds, uint32_t h) { return h < ds->nparts ? &ds->parts[h].extra : NULL; }
static cJSON **meta_slot(dip_dataset *ds, uint32_t h) { return h == 0 ? &ds->meta : NULL; }
static cJSON **extra_slot(dip_dataset *ds, uint32_t h) { return h == 0 ? &ds->extra : NULL; }

static int get_jsons(reader *r, slot_fn slot) {
  uint32_t count = get_u32(r);
  for (uint32_t k = 0; k < count && !r->why; k++) {
    uint32_t h = get_u32(r);
    uint64_t n = 0;
    cJSON **where;
    char *text;
    get(r, &n, sizeof n);
    if (r->why) return -1;
    if (!(where = slot(r->ds, h)) || *where || n > r->left) return bad(r, "a kept JSON value is damaged");
    if (!(text = malloc((size_t)n + 1))) return nomem(r);
    if (get(r, text, (size_t)n)) {
      free(text);
      return -1;
    }
    text[n] = '\0';
    *where = cJSON_ParseWithLength(text, (size_t)n);
    free(text);
    if (!*where) return bad(r, "a kept JSON value is damaged");
  }
  return r->why ? -1 : 0;
}

/* Reads an array of n elements into arr; CLEAR then runs on each element,
   before the dataset (which frees what they point to) counts them: arrays
   from the file carry pointers of the process that wrote it. */
#define GET_OBJECTS(r, arr, n, cap, CLEAR)                   \
  do {                                                       \
    uint32_t n_ = get_u32(r);                                \
    if (!((arr) = get_array((r), n_, sizeof *(arr)))) break; \
    for (uint32_t i_ = 0; i_ < n_; i_++) { CLEAR(&(arr)[i_]); } \
    (n) = n_;                                                \
    (cap) = n_ ? n_ : 1;                                     \
  } while (0)
#define NOTHING(x) (void)(x)
#define CLEAR_EXTRA(x) ((x)->extra = NULL)
#define CLEAR_ACTOR(x) ((x)->codes = (x)->extra = NULL)
#define CLEAR_EVENT(x) ((x)->sources = (x)->extra = NULL)

static int read_all(reader *r) {
  dip_dataset *ds = r->ds;
  dip_index *x;
  char magic[8];
  uint32_t theirs[NLAYOUT];
  get(r, magic, 8);
  if (r->why || !dip_is_snapshot(magic, 8)) return bad(r, "not a diplomacy snapshot");
  if (get_u32(r) != SNAPSHOT_VERSION) return bad(r, "a snapshot of another version: load the JSON instead");
  get(r, theirs, sizeof theirs);
  if (r->why) return -1;
  if (memcmp(theirs, layout, sizeof layout) != 0)
    return bad(r, "a snapshot made on another kind of machine: load the JSON instead");
  /* the fresh dataset's own string table gives way to the file's */
  dip_strtab_free(&ds->strs);
  if (get_strings(r)) return -1;
  for (int w = 0; w < DIP_NWORDS; w++)
    if ((ds->words[w] = dip_strtab_find(&ds->strs, dip_word_text[w], strlen(dip_word_text[w]))) == DIP_NONE)
      return bad(r, "the string table is damaged");
  GET_OBJECTS(r, ds->dates, ds->ndates, ds->datecap, NOTHING);
  GET_OBJECTS(r, ds->places, ds->nplaces, ds->placecap, CLEAR_EXTRA);
  GET_OBJECTS(r, ds->actors, ds->nactors, ds->actorcap, CLEAR_ACTOR);
  GET_OBJECTS(r, ds->relations, ds->nrelations, ds->relationcap, CLEAR_EXTRA);
  GET_OBJECTS(r, ds->events, ds->nevents, ds->eventcap, CLEAR_EVENT);
  GET_OBJECTS(r, ds->parts, ds->nparts, ds->partcap, CLEAR_EXTRA);
  GET_OBJECTS(r, ds->lists, ds->nlists, ds->listcap, NOTHING);
  if (r->why) return -1;
  get_map(r, &ds->date_of_text, ds->ndates);
  get_map(r, &ds->place_of_id, ds->nplaces);
  get_map(r, &ds->actor_of_id, ds->nactors);
  get_map(r, &ds->event_of_id, ds->nevents);
  get_map(r, &ds->place_names.head, DIP_NONE);
  GET_OBJECTS(r, ds->place_names.links, ds->place_names.n, ds->place_names.cap, NOTHING);
  get_map(r, &ds->actor_names.head, DIP_NONE);
  GET_OBJECTS(r, ds->actor_names.links, ds->actor_names.n, ds->actor_names.cap, NOTHING);
  if (r->why || check_refs(r)) return -1;
  if (get_jsons(r, meta_slot) || get_jsons(r, extra_slot) || get_jsons(r, place_extra) ||
      get_jsons(r, actor_codes) || get_jsons(r, actor_extra) || get_jsons(r, relation_extra) ||
      get_jsons(r, event_sources) || get_jsons(r, event_extra) || get_jsons(r, part_extra))
    return -1;
  /* the indexes */
  if (!(x = dip_index_new(ds))) return nomem(r);
  get(r, &x->max_short, sizeof x->max_short);
  {
    uint32_t nlong = get_u32(r);
    if (!r->why && nlong > ds->nevents) return bad(r, "an index does not fit the data");
    if (!(x->longs = get_array(r, nlong, sizeof *x->longs))) return -1;
    x->nlong = nlong;
  }
  if (!(x->order = get_array(r, ds->nevents, sizeof *x->order)) || !(x->rank = get_array(r, ds->nevents, sizeof *x->rank)) ||
      !(x->rparts = get_array(r, ds->nevents + 1, sizeof *x->rparts)) ||
      !(x->flags = get_array(r, ds->nevents, sizeof *x->flags)) || !(x->side = get_array(r, ds->nparts, sizeof *x->side)))
    return -1;
  CHECK(r, x->rparts[0] == 0, "an index is damaged");
  for (uint32_t i = 0; i < ds->nevents; i++) {
    const dip_event *e;
    CHECK(r, x->order[i] < ds->nevents && x->rank[i] < ds->nevents && x->order[x->rank[i]] == i,
          "an index points outside the data");
    e = &ds->events[x->order[i]];
    /* each rank's run of index participants is as long as its event's list */
    CHECK(r, x->rparts[i] <= ds->nparts && x->rparts[i + 1] >= x->rparts[i] &&
             x->rparts[i + 1] - x->rparts[i] == e->nparts && (x->flags[i] & 7u) < DIP_NSTATUS,
          "an index is damaged");
  }
  for (uint32_t i = 0; i < x->nlong; i++) CHECK(r, x->longs[i] < ds->nevents, "an index points outside the data");
  for (uint32_t i = 0; i < ds->nparts; i++) CHECK(r, x->side[i] < ds->nactors, "an index points outside the data");
  get_csr(r, &x->stands, x->rparts[ds->nevents], ds->nactors);
  get_csr(r, &x->actor_events, ds->nactors, ds->nevents);
  get_csr(r, &x->ties, ds->nactors, ds->nrelations);
  get_csr(r, &x->joined, ds->nactors, ds->nrelations);
  get_csr(r, &x->members, ds->nactors, ds->nrelations);
  if (r->why) return -1;
  if (!(x->pre = get_array(r, ds->nplaces, sizeof *x->pre)) || !(x->post = get_array(r, ds->nplaces, sizeof *x->post)))
    return -1;
  if (dip_index_scratch(ds, x)) return nomem(r);
  if (fgetc(r->f) != EOF) return bad(r, "text after the end of the snapshot");
  ds->generation = x->generation = 1;
  return 0;
}

dip_dataset *dip_snapshot_load(const char *path, dip_alloc_fn alloc, void *ud, char *err, size_t errsize, int *code) {
  reader r = {NULL, 0, NULL, NULL, 0};
  struct stat st;
  if (!(r.f = fopen(path, "rb")) || fstat(fileno(r.f), &st) != 0) {
    *code = DIP_EIO;
    snprintf(err, errsize, "%s: %s", path, strerror(errno));
    if (r.f) fclose(r.f);
    return NULL;
  }
  r.left = (uint64_t)st.st_size;
  if (!(r.ds = dip_new(alloc, ud))) {
    fclose(r.f);
    *code = DIP_ENOMEM;
    snprintf(err, errsize, "%s: out of memory", path);
    return NULL;
  }
  if (read_all(&r)) {
    fclose(r.f);
    *code = r.code ? r.code : DIP_EINVAL;
    snprintf(err, errsize, "%s: %s", path, r.why ? r.why : "damaged snapshot");
    dip_close(r.ds);
    return NULL;
  }
  fclose(r.f);
  *code = DIP_OK;
  return r.ds;
}
