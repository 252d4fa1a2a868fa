/* snapshot.c: saving and opening the binary snapshot (arrays as they lie in memory, checked on the way in) */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "checked.h"
#include "fileio.h"
#include "jsonio.h"
#include "query.h"
#include "snapshot.h"

/* 2: participants are three words, their unknown keys a list of (participant, JSON) in order;
   3: the same for events (44 bytes), their sources and their unknown keys;
   4 (never released): every array starts at a multiple of 8 bytes and is used in place when the
      snapshot is opened (mapped), the string table with its offsets and hashes;
   5: the same, arrays of DIP_SNAPSHOT_BIG bytes or more at a multiple of 4096 */
#define SNAPSHOT_VERSION 5u
#define ENDIAN_MARK 0x01020304u

/* What must agree between the writing and the reading machine. */
static const uint32_t layout[] = {
  ENDIAN_MARK, (uint32_t)sizeof(dip_date), (uint32_t)sizeof(dip_place), (uint32_t)sizeof(dip_actor),
  (uint32_t)sizeof(dip_relation), (uint32_t)sizeof(dip_event), (uint32_t)sizeof(dip_participant),
  (uint32_t)sizeof(dip_namelink), (uint32_t)sizeof(size_t), (uint32_t)sizeof(struct dip_str), DIP_AT_BITS
};
#define NLAYOUT (sizeof layout / sizeof layout[0])

int dip_is_snapshot(const char *head, size_t n) { return n >= 8 && memcmp(head, DIP_SNAPSHOT_MAGIC, 8) == 0; }

/* ---- writing ---- */

typedef struct writer {
  FILE *f;
  int failed;
  uint64_t pos;
} writer;

static void put(writer *w, const void *p, size_t n) {
  if (!w->failed && n && fwrite(p, 1, n, w->f) != n) w->failed = 1;
  w->pos += n;
}

/* Zeros up to where an array of size bytes starts: the next multiple of 8,
   or of 4096 for arrays of DIP_SNAPSHOT_BIG bytes or more (snapshot.h), so
   that an opened snapshot uses each where it lies and can map a large one on
   its own, with room to grow after it. */
static void pad_for(writer *w, uint64_t size) {
  static const char zeros[4096];
  uint64_t align = size >= DIP_SNAPSHOT_BIG ? 4096u : 8u;
  put(w, zeros, (size_t)(-w->pos & (align - 1)));
}

static void put_array(writer *w, const void *p, size_t n) {
  pad_for(w, n);
  put(w, p, n);
}

static void put_u32(writer *w, uint32_t v) { put(w, &v, sizeof v); }
static void put_u64(writer *w, uint64_t v) { put(w, &v, sizeof v); }

static void put_map(writer *w, const dip_map *m) {
  put_u32(w, m->n);
  put_u32(w, m->nslots);
  put_array(w, m->keys, (size_t)m->nslots * sizeof *m->keys);
  put_array(w, m->vals, (size_t)m->nslots * sizeof *m->vals);
}

static void put_csr(writer *w, const dip_csr *c) {
  put_u32(w, c->n);
  put_u32(w, c->nval);
  put_array(w, c->off, ((size_t)c->n + 1) * sizeof *c->off);
  put_array(w, c->val, (size_t)c->nval * sizeof *c->val);
}

/* Arrays of structs are written element by element through a zeroed copy
   holding only the fields, so that padding and pointers never reach the
   file (and the same dataset always gives the same bytes). */
static void put_dates(writer *w, const dip_date *v, uint32_t n) {
  pad_for(w, (uint64_t)n * sizeof(dip_date));
  for (uint32_t i = 0; i < n; i++) {
    dip_date o;
    memset(&o, 0, sizeof o);
    o.span = v[i].span;
    o.text = v[i].text;
    put(w, &o, sizeof o);
  }
}

static void put_places(writer *w, const dip_place *v, uint32_t n) {
  pad_for(w, (uint64_t)n * sizeof(dip_place));
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
  pad_for(w, (uint64_t)n * sizeof(dip_actor));
  for (uint32_t i = 0; i < n; i++) {
    dip_actor o;
    memset(&o, 0, sizeof o);
    o.id = v[i].id, o.name = v[i].name, o.kind = v[i].kind, o.country = v[i].country;
    o.aliases = v[i].aliases, o.naliases = v[i].naliases;
    put(w, &o, sizeof o);
  }
}

static void put_relations(writer *w, const dip_relation *v, uint32_t n) {
  pad_for(w, (uint64_t)n * sizeof(dip_relation));
  for (uint32_t i = 0; i < n; i++) {
    dip_relation o;
    memset(&o, 0, sizeof o);
    o.actor = v[i].actor, o.target = v[i].target, o.type = v[i].type, o.title = v[i].title;
    o.start = v[i].start, o.end = v[i].end;
    put(w, &o, sizeof o);
  }
}

static void put_events(writer *w, const dip_event *v, uint32_t n) {
  pad_for(w, (uint64_t)n * sizeof(dip_event));
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
  pad_for(w, (uint64_t)n * sizeof(dip_participant));
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

/* A side table: count, then (handle, text) each, handles in increasing order. */
static int put_side(writer *w, const dip_sidejson *s) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < s->n; i++) count += s->pairs[i].v || s->pairs[i].text;
  put_u32(w, count);
  for (uint32_t i = 0; i < s->n; i++) {
    const struct dip_sidepair *p = &s->pairs[i];
    if (p->text) { /* as the snapshot it came from held it, not parsed yet */
      uint64_t n = p->len;
      put_u32(w, p->h);
      put_u64(w, n);
      put(w, p->text, p->len);
    } else if (p->v && put_json(w, p->h, p->v)) {
      return -1;
    }
  }
  return 0;
}

static int write_all(dip_dataset *ds, writer *w) {
  const dip_strtab *t = &ds->strs;
  const dip_index *x = ds->index;
  uint64_t bytes = 0;
  put(w, DIP_SNAPSHOT_MAGIC, 8);
  put_u32(w, SNAPSHOT_VERSION);
  put(w, layout, sizeof layout);
  /* strings: the table as it lies in memory, its offsets into the bytes that
     follow (one chunk, led by its size as the table's chunks are), then the
     bytes, each string with its NUL, then the lookup slots */
  put_u32(w, t->n);
  for (uint32_t i = 0; i < t->n; i++) bytes += t->str[i].len + 1u;
  put_u64(w, bytes);
  pad_for(w, (uint64_t)t->n * sizeof(struct dip_str));
  {
    uint64_t at = sizeof(size_t);
    for (uint32_t i = 0; i < t->n; i++) {
      struct dip_str o;
      memset(&o, 0, sizeof o);
      o.at = at, o.len = t->str[i].len, o.hash = t->str[i].hash;
      put(w, &o, sizeof o);
      at += t->str[i].len + 1u;
    }
  }
  pad_for(w, sizeof(size_t) + bytes);
  {
    size_t size = sizeof(size_t) + (size_t)bytes;
    put(w, &size, sizeof size);
  }
  for (uint32_t i = 0; i < t->n; i++) put(w, dip_strtab_text(t, i), t->str[i].len + 1u);
  put_u32(w, t->nslots);
  put_array(w, t->slots, (size_t)t->nslots * sizeof *t->slots);
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
  put_array(w, ds->lists, (size_t)ds->nlists * sizeof *ds->lists);
  put_map(w, &ds->date_of_text);
  put_map(w, &ds->place_of_id);
  put_map(w, &ds->actor_of_id);
  put_map(w, &ds->event_of_id);
  put_map(w, &ds->place_names.head);
  put_u32(w, ds->place_names.n);
  put_array(w, ds->place_names.links, (size_t)ds->place_names.n * sizeof *ds->place_names.links);
  put_map(w, &ds->actor_names.head);
  put_u32(w, ds->actor_names.n);
  put_array(w, ds->actor_names.links, (size_t)ds->actor_names.n * sizeof *ds->actor_names.links);
  /* what stays JSON */
  put_u32(w, ds->meta != NULL);
  if (ds->meta && put_json(w, 0, ds->meta)) return -1;
  put_u32(w, ds->extra != NULL);
  if (ds->extra && put_json(w, 0, ds->extra)) return -1;
  PUT_JSONS(w, ds->nplaces, ds->places[i].extra);
  PUT_JSONS(w, ds->nactors, ds->actors[i].codes);
  PUT_JSONS(w, ds->nactors, ds->actors[i].extra);
  PUT_JSONS(w, ds->nrelations, ds->relations[i].extra);
  if (put_side(w, &ds->ev_sources) || put_side(w, &ds->ev_extra) || put_side(w, &ds->part_extra)) return -1;
  /* the indexes */
  put(w, &x->max_short, sizeof x->max_short);
  put_u32(w, x->nlong);
  put_array(w, x->longs, (size_t)x->nlong * sizeof *x->longs);
  put_array(w, x->order, (size_t)ds->nevents * sizeof *x->order);
  put_array(w, x->rank, (size_t)ds->nevents * sizeof *x->rank);
  put_array(w, x->rparts, ((size_t)ds->nevents + 1) * sizeof *x->rparts);
  put_array(w, x->flags, (size_t)ds->nevents * sizeof *x->flags);
  put_array(w, x->side, (size_t)ds->nparts * sizeof *x->side);
  put_csr(w, &x->stands);
  put_csr(w, &x->actor_events);
  put_csr(w, &x->ties);
  put_csr(w, &x->joined);
  put_csr(w, &x->members);
  put_array(w, x->pre, (size_t)ds->nplaces * sizeof *x->pre);
  put_array(w, x->post, (size_t)ds->nplaces * sizeof *x->post);
  return w->failed ? -1 : 0;
}

typedef struct snapshot_out {
  dip_dataset *ds;
} snapshot_out;

static int produce(FILE *f, void *ctx) {
  snapshot_out *o = ctx;
  writer w = {f, 0, 0};
  if (write_all(o->ds, &w)) return w.failed ? DIP_EIO : dip_set_err(o->ds, DIP_ENOMEM, "out of memory");
  return DIP_OK;
}

int dip_snapshot_save(dip_dataset *ds, const char *path) {
  snapshot_out o = {ds};
  struct stat st;
  int rc = dip_index_update(ds);
  if (!rc) rc = dip_write_file(ds, path, produce, &o);
  /* written from a dataset whose every part was checked on its way in:
     remembered as checked, so that opening it maps it without a second look */
  if (!rc && stat(path, &st) == 0 && (uint64_t)st.st_size >= DIP_SNAPSHOT_MAP_FROM)
    dip_checked_record(&st, SNAPSHOT_VERSION, 1);
  return rc;
}

/* ---- reading ---- */

#define HUGE ((uintptr_t)2 << 20)

static int json_ok(const cJSON *v, int depth);
struct reader;
static int check_strings(struct reader *r);

typedef struct reader {
  const unsigned char *base; /* the whole file, mapped or read */
  uint64_t size, pos;
  int fd;           /* the file, while large arrays are mapped on their own */
  uintptr_t next, end; /* the address space reserved for them, not yet used */
  dip_dataset *ds;
  int trusted;      /* checked whole before and unchanged since (checked.h): the checks are skipped */
  const char *why;  /* set on the first failure */
  int code;
  char msg[200];    /* why, when it names the object at fault */
} reader;

static int bad(reader *r, const char *why) {
  if (!r->why) {
    r->why = why;
    r->code = DIP_EINVAL;
  }
  return -1;
}

/* A failure naming what and where: "events[12].end: before the start". */
static int badf(reader *r, const char *fmt, ...) {
  va_list ap;
  if (r->why) return -1;
  va_start(ap, fmt);
  vsnprintf(r->msg, sizeof r->msg, fmt, ap);
  va_end(ap);
  r->why = r->msg;
  r->code = DIP_EINVAL;
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
  if (n > r->size - r->pos) return bad(r, "the snapshot is truncated or damaged");
  memcpy(p, r->base + r->pos, n);
  r->pos += n;
  return 0;
}

static uint32_t get_u32(reader *r) {
  uint32_t v = 0;
  get(r, &v, sizeof v);
  return v;
}

/* size bytes where they lie in the file, from the next multiple of 8; NULL
   when the file is too short (r->why set). */
static const unsigned char *take(reader *r, uint64_t size) {
  const unsigned char *p;
  uint64_t align = size >= DIP_SNAPSHOT_BIG ? 4096u : 8u, at = (r->pos + align - 1) & ~(align - 1);
  if (r->why) return NULL;
  if (at > r->size || size > r->size - at) {
    bad(r, "the snapshot is truncated or damaged");
    return NULL;
  }
  p = r->base + at;
  r->pos = at + size;
  return p;
}

/* An array of n elements used where it lies (the dataset's memory knows the
   file as borrowed: growing the array copies it out, freeing it does nothing).
   An empty array is a fresh element of its own, so that nothing ever writes
   past the file's end. */
static void *borrow(reader *r, uint32_t n, size_t elem) {
  const unsigned char *p = take(r, (uint64_t)n * elem);
  void *q;
  if (!p) return NULL;
  if (n && (uint64_t)n * elem >= DIP_SNAPSHOT_BIG && r->next) {
    /* a large array of a mapped file: mapped again on its own, with room
       reserved after it, so that it grows where it is (dip_realloc) */
    dip_mem *m = &r->ds->mem;
    uintptr_t page = 4096u, len = (uintptr_t)n * elem, flen = (len + page - 1) & ~(page - 1),
              cap = (len + len / 2 + ((uintptr_t)16 << 20) + page - 1) & ~(page - 1),
              off = (uintptr_t)(p - r->base),
              /* at the same place within 2 MiB as in the file, so that the
                 page cache's large pages map whole (a fault maps many pages) */
              at = ((r->next + HUGE - 1) & ~(HUGE - 1)) + (off & (HUGE - 1));
    if (m->nregions < DIP_SNAPSHOT_REGIONS && at <= r->end && cap <= r->end - at) {
      q = mmap((void *)at, flen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, r->fd, (off_t)off);
      if (q != MAP_FAILED) {
        m->regions[m->nregions].base = at;
        m->regions[m->nregions].open = flen;
        m->regions[m->nregions].cap = cap;
        m->nregions++;
        r->next = at + cap;
        return q;
      }
    }
  }
  if (n) return (void *)(uintptr_t)p;
  if (!(q = dip_alloc(&r->ds->mem, elem))) nomem(r);
  else memset(q, 0, elem);
  return q;
}

/* An array of n elements copied into the dataset's memory (for arrays whose
   elements hold pointers, which are cleared after). */
static void *copy_array(reader *r, uint32_t n, size_t elem) {
  const unsigned char *p = take(r, (uint64_t)n * elem);
  void *q;
  if (!p) return NULL;
  if ((size_t)n > SIZE_MAX / elem || !(q = dip_alloc(&r->ds->mem, (n ? n : 1) * elem))) {
    nomem(r);
    return NULL;
  }
  memcpy(q, p, (size_t)n * elem);
  return q;
}

static void get_map(reader *r, dip_map *m, uint32_t nvals) {
  uint32_t n = get_u32(r), nslots = get_u32(r);
  if (r->why) return;
  if (nslots & (nslots - 1) || n >= nslots + (nslots == 0)) { bad(r, "a hash table is damaged"); return; }
  if (!nslots) return;
  if (!(m->keys = borrow(r, nslots, sizeof *m->keys)) || !(m->vals = borrow(r, nslots, sizeof *m->vals))) {
    m->keys = NULL;
    return;
  }
  m->nslots = nslots;
  m->n = n;
  if (!r->trusted) {
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
  if (n != rows || n == UINT32_MAX) { bad(r, "an index does not fit the data"); return; }
  c->off = borrow(r, n + 1, sizeof *c->off);
  if (!c->off) return;
  c->n = n;
  c->val = borrow(r, nval, sizeof *c->val);
  if (!c->val) return;
  c->nval = nval;
  if (c->off[0] != 0 || c->off[n] != nval) { bad(r, "an index is damaged"); return; }
  if (r->trusted) return;
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

/* The lookup slots as dip_intern leaves them: each string, in order, in the
   first free slot from its hash (a table built one string at a time and one
   built again whole agree). Checked by building them again beside the file's
   and comparing, which also finds a text met twice (ids and words compare by
   handle). */
static int check_slots(reader *r) {
  const dip_strtab *t = &r->ds->strs;
  uint32_t mask = t->nslots - 1, *slots;
  int rc = 0;
  if (!t->n) return 0;
  if (!(slots = dip_alloc(&r->ds->mem, (size_t)t->nslots * sizeof *slots))) return nomem(r);
  memset(slots, 0, (size_t)t->nslots * sizeof *slots);
  for (uint32_t e = 0; e < t->n && !rc; e++) {
    const char *s = dip_strtab_text(t, e);
    uint32_t len = t->str[e].len, h = t->str[e].hash, i, o;
    for (i = h & mask; (o = slots[i]) != 0; i = (i + 1) & mask) {
      o--;
      if (t->str[o].hash == h && t->str[o].len == len && memcmp(dip_strtab_text(t, o), s, len) == 0) {
        rc = badf(r, "string %u: the same text as string %u", e, o);
        break;
      }
    }
    slots[i] = e + 1;
  }
  if (!rc && memcmp(slots, t->slots, (size_t)t->nslots * sizeof *slots) != 0) rc = bad(r, "the string table is damaged");
  dip_free(&r->ds->mem, slots, (size_t)t->nslots * sizeof *slots);
  return rc;
}

static int get_strings(reader *r) {
  dip_strtab *t = &r->ds->strs;
  uint32_t n = get_u32(r), nslots;
  uint64_t bytes = 0;
  size_t size;
  const unsigned char *chunk;
  get(r, &bytes, sizeof bytes);
  if (r->why) return -1;
  if (bytes > r->size || bytes > DIP_AT_MASK - sizeof(size_t)) return bad(r, "the string table is damaged");
  if (!(t->str = borrow(r, n, sizeof *t->str))) return -1;
  t->n = n;
  t->cap = n ? n : 1;
  size = sizeof(size_t) + (size_t)bytes;
  if (!(chunk = take(r, size))) return -1;
  {
    size_t said;
    memcpy(&said, chunk, sizeof said);
    if (said != size) return bad(r, "the string table is damaged");
  }
  if (!(t->chunks = dip_alloc(&r->ds->mem, sizeof *t->chunks))) return nomem(r);
  t->chunks[0] = (char *)(uintptr_t)chunk;
  t->nchunks = t->chunkcap = 1;
  t->chunksize = t->chunkused = size;
  nslots = get_u32(r);
  if (r->why) return -1;
  if (nslots & (nslots - 1) || (uint64_t)n * 2 > nslots || !nslots) return bad(r, "the string table is damaged");
  if (!(t->slots = borrow(r, nslots, sizeof *t->slots))) return -1;
  t->nslots = nslots;
  if (r->trusted) return 0;
  /* each string inside the bytes and ended by its NUL, valid text, hashed as the table says */
  for (uint32_t i = 0; i < n; i++) {
    uint64_t at = t->str[i].at;
    uint32_t len = t->str[i].len;
    if (at >> DIP_AT_BITS || at < sizeof(size_t) || at > size || len >= size - at || chunk[at + len] != '\0')
      return bad(r, "the string table is damaged");
  }
  if (check_strings(r)) return -1;
  for (uint32_t i = 0; i < n; i++)
    if (t->str[i].hash != dip_strtab_hash(dip_strtab_text(t, i), t->str[i].len)) return bad(r, "the string table is damaged");
  return check_slots(r);
}

/* Reads one list of (handle, JSON text) into the field chosen by set. */
typedef cJSON **(*slot_fn)(dip_dataset *ds, uint32_t handle);
static cJSON **place_extra(dip_dataset *ds, uint32_t h) { return h < ds->nplaces ? &ds->places[h].extra : NULL; }
static cJSON **actor_codes(dip_dataset *ds, uint32_t h) { return h < ds->nactors ? &ds->actors[h].codes : NULL; }
static cJSON **actor_extra(dip_dataset *ds, uint32_t h) { return h < ds->nactors ? &ds->actors[h].extra : NULL; }
static cJSON **relation_extra(dip_dataset *ds, uint32_t h) { return h < ds->nrelations ? &ds->relations[h].extra : NULL; }
static cJSON **meta_slot(dip_dataset *ds, uint32_t h) { return h == 0 ? &ds->meta : NULL; }
static cJSON **extra_slot(dip_dataset *ds, uint32_t h) { return h == 0 ? &ds->extra : NULL; }

/* One kept value: its length and text, parsed into *v (NULL on failure, r->why set). */
static int get_json(reader *r, cJSON **v) {
  uint64_t n = 0;
  const char *text;
  *v = NULL;
  get(r, &n, sizeof n);
  if (r->why) return -1;
  if (n > r->size - r->pos) return bad(r, "a kept JSON value is damaged");
  text = (const char *)r->base + r->pos;
  r->pos += n;
  *v = dip_utf8_valid(text, (size_t)n) ? cJSON_ParseWithLength(text, (size_t)n) : NULL;
  if (!*v || !json_ok(*v, 0)) {
    cJSON_Delete(*v);
    *v = NULL;
    return bad(r, "a kept JSON value is damaged");
  }
  return 0;
}

static int get_jsons(reader *r, slot_fn slot) {
  uint32_t count = get_u32(r);
  for (uint32_t k = 0; k < count && !r->why; k++) {
    uint32_t h = get_u32(r);
    cJSON **where;
    if (r->why) return -1;
    if (!(where = slot(r->ds, h)) || *where) return bad(r, "a kept JSON value is damaged");
    if (get_json(r, where)) return -1;
  }
  return r->why ? -1 : 0;
}

/* A side table of nobj objects (what names them): (handle, value) pairs,
   handles in increasing order, each value an array (sources) or an object
   (unknown keys; with keys for participants, as the JSON loader makes them). */
enum side_kind { SIDE_ARRAY, SIDE_OBJECT, SIDE_KEYS };
static int get_side(reader *r, dip_sidejson *s, uint32_t nobj, const char *what, enum side_kind kind) {
  dip_dataset *ds = r->ds;
  uint32_t count = get_u32(r);
  if (r->why) return -1;
  if (count > nobj) return badf(r, "%s: more kept values than objects", what);
  if (DIP_GROW(&ds->mem, s->pairs, s->cap, count)) return nomem(r);
  for (uint32_t k = 0; k < count; k++) {
    uint32_t h = get_u32(r);
    cJSON *v;
    int fits;
    if (r->why) return -1;
    if (h >= nobj || (k && h <= s->pairs[k - 1].h)) return badf(r, "%s: a kept value for %u is out of place", what, h);
    if (r->trusted) {
      /* checked when the file was: parsed when first asked for (dip_side_value) */
      uint64_t n = 0;
      get(r, &n, sizeof n);
      if (r->why) return -1;
      if (n > r->size - r->pos || n > UINT32_MAX) return bad(r, "a kept JSON value is damaged");
      s->pairs[k].h = h;
      s->pairs[k].len = (uint32_t)n;
      s->pairs[k].v = NULL;
      s->pairs[k].text = (const char *)r->base + r->pos;
      s->n = k + 1;
      r->pos += n;
      continue;
    }
    if (get_json(r, &v)) return -1;
    fits = kind == SIDE_ARRAY ? cJSON_IsArray(v) : cJSON_IsObject(v) && (kind == SIDE_OBJECT || v->child);
    if (!fits) {
      cJSON_Delete(v);
      return badf(r, "%s[%u]: not %s", what, h,
                  kind == SIDE_ARRAY ? "an array" : kind == SIDE_OBJECT ? "an object" : "an object with keys");
    }
    if (dip_side_push(ds, s, h, v)) {
      cJSON_Delete(v);
      return nomem(r);
    }
  }
  return 0;
}

/* ---- what the JSON loader checks, and what the indexes rely on ----
   A snapshot is accepted only when the document saved from it would load:
   every string valid UTF-8 without a zero byte and found where the table says,
   ids unique, dates as their text says, coordinates in range, no cycle of
   within links, participants' runs apart. The indexes are checked as far as
   queries rely on them: runs bounded, lists sorted, the long-event list and
   the longest short span as a rebuild would make them. */

static int is_country(const char *c, uint32_t len) {
  return len == 3 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' && c[2] <= 'Z';
}

static int check_strings(reader *r) {
  const dip_strtab *t = &r->ds->strs;
  for (uint32_t i = 0; i < t->n; i++) {
    const unsigned char *s = (const unsigned char *)dip_strtab_text(t, i);
    uint32_t len = t->str[i].len, k = 0;
    while (k < len && s[k] && s[k] < 0x80) k++; /* plain ASCII, the usual case */
    if (k < len && (memchr(s, 0, len) || !dip_utf8_valid((const char *)s, len)))
      return badf(r, "string %u: %s", i, memchr(s, 0, len) ? "holds a zero byte" : "invalid UTF-8");
  }
  return 0;
}

/* Each object's id leads back to it through its map, and so does each id it also
   answers to (the "merged_ids" in its extra: merged records, merged actors); the
   map holds nothing else. */
static int check_ids(reader *r, const dip_map *m, uint32_t n, uint32_t (*id_of)(const dip_dataset *, uint32_t),
                     const cJSON *(*extra_of)(const dip_dataset *, uint32_t), const char *what) {
  uint32_t merged = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t id = id_of(r->ds, i);
    const cJSON *list = extra_of ? extra_of(r->ds, i) : NULL, *v;
    if (!r->ds->strs.str[id].len) return badf(r, "%s[%u].id: empty", what, i);
    if (dip_map_get(m, id) != i) return badf(r, "%s[%u].id: duplicate or not indexed", what, i);
    if (list) list = cJSON_GetObjectItemCaseSensitive(list, "merged_ids");
    if (list && !cJSON_IsArray(list)) return badf(r, "%s[%u].merged_ids: expected an array of ids", what, i);
    if (list) cJSON_ArrayForEach(v, list) {
      uint32_t s = cJSON_IsString(v) ? dip_strtab_find(&r->ds->strs, v->valuestring, strlen(v->valuestring)) : DIP_NONE;
      if (s == DIP_NONE || s == id || dip_map_get(m, s) != i)
        return badf(r, "%s[%u].merged_ids: an id not indexed as this object's", what, i);
      if (merged == UINT32_MAX) return badf(r, "%s: the id index does not fit the data", what);
      merged++;
    }
  }
  if (m->n != (uint64_t)n + merged) return badf(r, "%s: the id index does not fit the data", what);
  return 0;
}
static const cJSON *actor_kept(const dip_dataset *ds, uint32_t i) { return ds->actors[i].extra; }
static const cJSON *event_kept(const dip_dataset *ds, uint32_t i) { return dip_event_extra(ds, i); }
static uint32_t place_id(const dip_dataset *ds, uint32_t i) { return ds->places[i].id; }
static uint32_t actor_id(const dip_dataset *ds, uint32_t i) { return ds->actors[i].id; }
static uint32_t event_id(const dip_dataset *ds, uint32_t i) { return ds->events[i].id; }
static uint32_t date_text(const dip_dataset *ds, uint32_t i) { return ds->dates[i].text; }

static int check_aliases(reader *r, const char *what, uint32_t i, uint32_t off, uint32_t n) {
  for (uint32_t k = 0; k < n; k++)
    if (!r->ds->strs.str[r->ds->lists[off + k]].len) return badf(r, "%s[%u].aliases[%u]: empty", what, i, k);
  return 0;
}

static int check_country(reader *r, const char *what, uint32_t i, uint32_t c) {
  if (c != DIP_NONE && !is_country(dip_str(r->ds, c), r->ds->strs.str[c].len))
    return badf(r, "%s[%u].country: not an ISO 3166-1 alpha-3 code", what, i);
  return 0;
}

static int check_order(reader *r, const char *what, uint32_t i, uint32_t start, uint32_t end) {
  const dip_dataset *ds = r->ds;
  if (start != DIP_NONE && end != DIP_NONE && ds->dates[end].span.hi < ds->dates[start].span.lo)
    return badf(r, "%s[%u].end: before the start", what, i);
  return 0;
}

/* The within links form a forest: each walk up ends at a root, none comes back. */
static int check_within(reader *r) {
  dip_dataset *ds = r->ds;
  uint32_t n = ds->nplaces;
  unsigned char *state = dip_alloc(&ds->mem, n ? n : 1);
  int rc = 0;
  if (!state) return nomem(r);
  memset(state, 0, n ? n : 1);
  for (uint32_t i = 0; i < n && !rc; i++) {
    uint32_t p = i;
    while (p != DIP_NONE && state[p] == 0) {
      state[p] = 1;
      p = ds->places[p].within;
    }
    if (p != DIP_NONE && state[p] == 1) rc = badf(r, "places[%u].within: a cycle of within links", p);
    for (p = i; p != DIP_NONE && state[p] == 1; p = ds->places[p].within) state[p] = 2;
  }
  dip_free(&ds->mem, state, n ? n : 1);
  return rc;
}

/* Each event's participants are a run of their own: no two events share one. */
static int check_runs(reader *r) {
  dip_dataset *ds = r->ds;
  unsigned char *taken = dip_alloc(&ds->mem, ds->nparts ? ds->nparts : 1);
  int rc = 0;
  if (!taken) return nomem(r);
  memset(taken, 0, ds->nparts ? ds->nparts : 1);
  for (uint32_t e = 0; e < ds->nevents && !rc; e++)
    for (uint32_t k = 0; k < ds->events[e].nparts && !rc; k++) {
      uint32_t p = ds->events[e].parts + k;
      if (taken[p]) rc = badf(r, "events[%u].participants: shared with another event", e);
      taken[p] = 1;
    }
  dip_free(&ds->mem, taken, ds->nparts ? ds->nparts : 1);
  return rc;
}

/* Name chains: each head's chain holds links of its key, every link is in
   exactly one chain, and no chain comes back on itself. */
static int check_names(reader *r, const dip_names *nm) {
  dip_dataset *ds = r->ds;
  unsigned char *seen = dip_alloc(&ds->mem, nm->n ? nm->n : 1);
  uint32_t visited = 0;
  int rc = 0;
  if (!seen) return nomem(r);
  memset(seen, 0, nm->n ? nm->n : 1);
  for (uint32_t i = 0; i < nm->head.nslots && !rc; i++) {
    uint32_t key = nm->head.keys[i];
    if (key == DIP_NONE) continue;
    for (uint32_t l = nm->head.vals[i]; l != DIP_NONE && !rc; l = nm->links[l].next) {
      if (seen[l] || nm->links[l].key != key) rc = bad(r, "the name index is damaged");
      seen[l] = 1;
      visited++;
    }
  }
  if (!rc && visited != nm->n) rc = bad(r, "the name index is damaged");
  dip_free(&ds->mem, seen, nm->n ? nm->n : 1);
  return rc;
}

static int check_objects(reader *r) {
  dip_dataset *ds = r->ds;
  for (uint32_t i = 0; i < ds->ndates; i++) {
    dip_span span;
    const char *why;
    const dip_date *d = &ds->dates[i];
    if (dip_date_parse(dip_str(ds, d->text), ds->strs.str[d->text].len, &span, &why) || span.lo != d->span.lo ||
        span.hi != d->span.hi)
      return badf(r, "date '%.40s': damaged", dip_str(ds, d->text));
  }
  if (check_ids(r, &ds->date_of_text, ds->ndates, date_text, NULL, "dates") ||
      check_ids(r, &ds->place_of_id, ds->nplaces, place_id, NULL, "places"))
    return -1;
  for (uint32_t i = 0; i < ds->nplaces; i++) {
    const dip_place *p = &ds->places[i];
    if (!ds->strs.str[p->name].len) return badf(r, "places[%u].name: empty", i);
    if (p->has_lat > 1 || p->has_lon > 1) return badf(r, "places[%u]: damaged", i);
    if (p->has_lat && !(p->lat >= -90 && p->lat <= 90)) return badf(r, "places[%u].lat: out of range", i);
    if (p->has_lon && !(p->lon >= -180 && p->lon <= 180)) return badf(r, "places[%u].lon: out of range", i);
    if (p->within == i) return badf(r, "places[%u].within: a place cannot be within itself", i);
    if (check_country(r, "places", i, p->country) || check_aliases(r, "places", i, p->aliases, p->naliases)) return -1;
  }
  for (uint32_t i = 0; i < ds->nactors; i++) {
    const dip_actor *a = &ds->actors[i];
    if (!ds->strs.str[a->name].len) return badf(r, "actors[%u].name: empty", i);
    if (check_country(r, "actors", i, a->country) || check_aliases(r, "actors", i, a->aliases, a->naliases)) return -1;
  }
  for (uint32_t i = 0; i < ds->nrelations; i++) {
    const dip_relation *rel = &ds->relations[i];
    if (!ds->strs.str[rel->type].len) return badf(r, "relations[%u].type: empty", i);
    if (check_order(r, "relations", i, rel->start, rel->end)) return -1;
  }
  for (uint32_t i = 0; i < ds->nevents; i++) {
    const dip_event *e = &ds->events[i];
    if (!ds->strs.str[e->type].len) return badf(r, "events[%u].type: empty", i);
    if (e->part_of == i) return badf(r, "events[%u].part_of: an event cannot be part of itself", i);
    if (check_order(r, "events", i, e->start, e->end)) return -1;
  }
  return check_within(r) || check_runs(r) || check_names(r, &ds->place_names) || check_names(r, &ds->actor_names)
             ? -1 : 0;
}

/* A kept JSON value as the document would hold it: objects without a key
   twice, not nested deeper than a document may be. */
static int json_ok(const cJSON *v, int depth) {
  if (depth > DIP_MAX_DEPTH) return 0;
  if (cJSON_IsString(v) && !v->valuestring) return 0;
  if (cJSON_IsNumber(v) && !isfinite(v->valuedouble)) return 0;
  if (cJSON_IsObject(v)) {
    uint32_t k = 0;
    for (const cJSON *a = v->child; a; a = a->next, k++) {
      if (!a->string) return 0;
      /* a long object is rare enough here that pairs are compared only up to a bound */
      if (k < 256)
        for (const cJSON *b = a->next; b; b = b->next)
          if (b->string && !strcmp(a->string, b->string)) return 0;
    }
  }
  if (cJSON_IsObject(v) || cJSON_IsArray(v))
    for (const cJSON *a = v->child; a; a = a->next)
      if (!json_ok(a, depth + 1)) return 0;
  return 1;
}

/* What add_event and the loader check of sources and codes. */
static int check_kept(reader *r) {
  static const char *const texts[] = {"publisher", "url", "quote", "title", "by", NULL};
  dip_dataset *ds = r->ds;
  if ((ds->meta && !cJSON_IsObject(ds->meta)) || (ds->extra && !cJSON_IsObject(ds->extra)))
    return bad(r, "the kept metadata is damaged");
  /* actors and events may answer to merged ids, kept in their extra: checked once it is read */
  if (check_ids(r, &ds->actor_of_id, ds->nactors, actor_id, actor_kept, "actors") ||
      check_ids(r, &ds->event_of_id, ds->nevents, event_id, event_kept, "events"))
    return -1;
  for (uint32_t i = 0; i < ds->nactors; i++) {
    const cJSON *c;
    if (!ds->actors[i].codes) continue;
    if (!cJSON_IsObject(ds->actors[i].codes)) return badf(r, "actors[%u].codes: not an object", i);
    cJSON_ArrayForEach(c, ds->actors[i].codes) if (!cJSON_IsString(c)) return badf(r, "actors[%u].codes: not a string", i);
  }
  for (uint32_t j = 0; j < ds->ev_sources.n; j++) {
    uint32_t i = ds->ev_sources.pairs[j].h;
    const cJSON *s, *src = ds->ev_sources.pairs[j].v;
    if (!cJSON_IsArray(src)) return badf(r, "events[%u].sources: not an array", i);
    cJSON_ArrayForEach(s, src) {
      const cJSON *v;
      dip_span span;
      const char *why;
      if (!cJSON_IsObject(s)) return badf(r, "events[%u].sources: not an object", i);
      for (int k = 0; texts[k]; k++)
        if ((v = cJSON_GetObjectItemCaseSensitive(s, texts[k])) && !cJSON_IsString(v))
          return badf(r, "events[%u].sources.%s: not a string", i, texts[k]);
      if ((v = cJSON_GetObjectItemCaseSensitive(s, "published")) &&
          (!cJSON_IsString(v) || dip_date_parse(v->valuestring, strlen(v->valuestring), &span, &why)))
        return badf(r, "events[%u].sources.published: not a date", i);
      if ((v = cJSON_GetObjectItemCaseSensitive(s, "by"))) {
        uint32_t id = dip_strtab_find(&ds->strs, v->valuestring, strlen(v->valuestring));
        if (id == DIP_NONE || dip_map_get(&ds->actor_of_id, id) == DIP_NONE)
          return badf(r, "events[%u].sources.by: no such actor", i);
      }
    }
  }
  return 0;
}

/* A CSR row list is sorted and free of repeats (binary searches rely on it). */
static int rows_ascend(const dip_csr *c) {
  for (uint32_t a = 0; a < c->n; a++)
    for (uint32_t k = c->off[a] + 1; k < c->off[a + 1]; k++)
      if (c->val[k - 1] >= c->val[k]) return 0;
  return 1;
}

/* Each relation list of an actor holds that actor's relations of the right type, in file order, and all of them. */
static int relations_fit(const dip_dataset *ds, const dip_csr *c, int by_target, uint32_t type1, uint32_t type2) {
  uint32_t total = 0;
  for (uint32_t a = 0; a < c->n; a++)
    for (uint32_t k = c->off[a]; k < c->off[a + 1]; k++) {
      const dip_relation *rel = &ds->relations[c->val[k]];
      if ((by_target ? rel->target : rel->actor) != a || (rel->type != type1 && rel->type != type2)) return 0;
      if (k > c->off[a] && c->val[k - 1] >= c->val[k]) return 0;
    }
  for (uint32_t i = 0; i < ds->nrelations; i++) total += ds->relations[i].type == type1 || ds->relations[i].type == type2;
  return total == c->nval;
}

/* One rank of the start order as the index builder would lay it out: in
   order of start (window searches bisect it), long events listed, the
   longest short span kept, flags those of the event. Runs on ranks in order;
   *nlong, *max_short and *last carry from one rank to the next. */
static int check_rank(reader *r, uint32_t i, const dip_event *e, uint32_t *nlong, int64_t *max_short, int64_t *last) {
  const dip_dataset *ds = r->ds;
  const dip_index *x = ds->index;
  int64_t lo = ds->dates[e->start].span.lo, hi = ds->dates[e->end != DIP_NONE ? e->end : e->start].span.hi;
  unsigned st = e->status == DIP_STATUS_UNSET ? DIP_HELD : e->status;
  if (lo < *last) return bad(r, "an index is out of order");
  *last = lo;
  if (hi - lo > DIP_LONG_EVENT) {
    if (*nlong >= x->nlong || x->longs[*nlong] != i) return bad(r, "an index does not fit the data");
    (*nlong)++;
  } else if (hi - lo > *max_short) {
    *max_short = hi - lo;
  }
  if (x->flags[i] != (unsigned char)(st | (dip_is_meeting_type(ds, e->type) ? 8u : 0u)))
    return bad(r, "an index does not fit the data");
  return 0;
}

static int check_index(reader *r) {
  dip_dataset *ds = r->ds;
  dip_index *x = ds->index;
  if (!rows_ascend(&x->actor_events)) return bad(r, "an index is out of order");
  if (!relations_fit(ds, &x->ties, 0, ds->words[W_POSITION], ds->words[W_PART_OF]) ||
      !relations_fit(ds, &x->joined, 0, ds->words[W_MEMBER_OF], ds->words[W_MEMBER_OF]) ||
      !relations_fit(ds, &x->members, 1, ds->words[W_MEMBER_OF], ds->words[W_MEMBER_OF]))
    return bad(r, "an index does not fit the data");
  for (uint32_t p = 0; p < ds->nplaces; p++) {
    uint32_t w = ds->places[p].within;
    if (x->pre[p] >= 2 * ds->nplaces || x->post[p] >= 2 * ds->nplaces || x->pre[p] >= x->post[p] ||
        (w != DIP_NONE && !(x->pre[w] < x->pre[p] && x->post[p] < x->post[w])))
      return bad(r, "the place index is damaged");
  }
  return 0;
}

/* Arrays of objects without pointers are used where they lie; those whose
   objects hold pointers (JSON of the process that wrote the file) are copied
   and the pointers cleared, before the dataset (which frees what they point
   to) counts them. */
#define BORROW_OBJECTS(r, arr, n, cap)                    \
  do {                                                    \
    uint32_t n_ = get_u32(r);                             \
    if (!((arr) = borrow((r), n_, sizeof *(arr)))) break; \
    (n) = n_;                                             \
    (cap) = n_ ? n_ : 1;                                  \
  } while (0)
#define COPY_OBJECTS(r, arr, n, cap, CLEAR)                       \
  do {                                                            \
    uint32_t n_ = get_u32(r);                                     \
    if (!((arr) = copy_array((r), n_, sizeof *(arr)))) break;     \
    for (uint32_t i_ = 0; i_ < n_; i_++) { CLEAR(&(arr)[i_]); }   \
    (n) = n_;                                                     \
    (cap) = n_ ? n_ : 1;                                          \
  } while (0)
#define CLEAR_EXTRA(x) ((x)->extra = NULL)
#define CLEAR_ACTOR(x) ((x)->codes = (x)->extra = NULL)

/* The header: what kind of file, which version, which machine. */
static int read_header(reader *r) {
  char magic[8];
  uint32_t theirs[NLAYOUT], version;
  get(r, magic, 8);
  if (r->why || !dip_is_snapshot(magic, 8)) return bad(r, "not a diplomacy snapshot");
  version = get_u32(r);
  if (r->why) return -1;
  if (version != SNAPSHOT_VERSION)
    return badf(r, "a snapshot of format version %u, and this library reads version %u: load the JSON it was saved "
                   "from, or open it with the version that wrote it and save it again as JSON",
                version, SNAPSHOT_VERSION);
  get(r, theirs, sizeof theirs);
  if (r->why) return -1;
  if (memcmp(theirs, layout, sizeof layout) != 0)
    return bad(r, "a snapshot made on another kind of machine: load the JSON instead");
  return 0;
}

static int read_all(reader *r) {
  dip_dataset *ds = r->ds;
  dip_index *x;
  int64_t max_short = 0, last = INT64_MIN;
  if (read_header(r)) return -1;
  /* the fresh dataset's own string table gives way to the file's */
  dip_strtab_free(&ds->strs);
  if (get_strings(r)) return -1;
  for (int w = 0; w < DIP_NWORDS; w++)
    if ((ds->words[w] = dip_strtab_find(&ds->strs, dip_word_text[w], strlen(dip_word_text[w]))) == DIP_NONE)
      return bad(r, "the string table is damaged");
  BORROW_OBJECTS(r, ds->dates, ds->ndates, ds->datecap);
  COPY_OBJECTS(r, ds->places, ds->nplaces, ds->placecap, CLEAR_EXTRA);
  COPY_OBJECTS(r, ds->actors, ds->nactors, ds->actorcap, CLEAR_ACTOR);
  COPY_OBJECTS(r, ds->relations, ds->nrelations, ds->relationcap, CLEAR_EXTRA);
  BORROW_OBJECTS(r, ds->events, ds->nevents, ds->eventcap);
  BORROW_OBJECTS(r, ds->parts, ds->nparts, ds->partcap);
  BORROW_OBJECTS(r, ds->lists, ds->nlists, ds->listcap);
  if (r->why) return -1;
  get_map(r, &ds->date_of_text, ds->ndates);
  get_map(r, &ds->place_of_id, ds->nplaces);
  get_map(r, &ds->actor_of_id, ds->nactors);
  get_map(r, &ds->event_of_id, ds->nevents);
  get_map(r, &ds->place_names.head, DIP_NONE);
  BORROW_OBJECTS(r, ds->place_names.links, ds->place_names.n, ds->place_names.cap);
  get_map(r, &ds->actor_names.head, DIP_NONE);
  BORROW_OBJECTS(r, ds->actor_names.links, ds->actor_names.n, ds->actor_names.cap);
  if (r->why || (!r->trusted && (check_refs(r) || check_objects(r)))) return -1;
  if (get_jsons(r, meta_slot) || get_jsons(r, extra_slot) || get_jsons(r, place_extra) ||
      get_jsons(r, actor_codes) || get_jsons(r, actor_extra) || get_jsons(r, relation_extra) ||
      get_side(r, &ds->ev_sources, ds->nevents, "events' sources", SIDE_ARRAY) ||
      get_side(r, &ds->ev_extra, ds->nevents, "events' unknown keys", SIDE_OBJECT) ||
      get_side(r, &ds->part_extra, ds->nparts, "participants' unknown keys", SIDE_KEYS) ||
      (!r->trusted && check_kept(r)))
    return -1;
  /* the indexes */
  if (!(x = dip_index_new(ds))) return nomem(r);
  get(r, &x->max_short, sizeof x->max_short);
  {
    uint32_t nlong = get_u32(r);
    if (!r->why && nlong > ds->nevents) return bad(r, "an index does not fit the data");
    if (!(x->longs = borrow(r, nlong, sizeof *x->longs))) return -1;
    x->nlong = nlong;
  }
  if (!(x->order = borrow(r, ds->nevents, sizeof *x->order)) || !(x->rank = borrow(r, ds->nevents, sizeof *x->rank)) ||
      !(x->rparts = borrow(r, ds->nevents + 1, sizeof *x->rparts)) ||
      !(x->flags = borrow(r, ds->nevents, sizeof *x->flags)) || !(x->side = borrow(r, ds->nparts, sizeof *x->side)))
    return -1;
  CHECK(r, x->rparts[0] == 0 && x->rparts[ds->nevents] <= ds->nparts, "an index is damaged");
  for (uint32_t i = 0, nlong = 0; !r->trusted && i <= ds->nevents; i++) {
    const dip_event *e;
    if (i == ds->nevents) {
      CHECK(r, nlong == x->nlong && max_short == x->max_short, "an index does not fit the data");
      break;
    }
    CHECK(r, x->order[i] < ds->nevents && x->rank[i] < ds->nevents && x->order[x->rank[i]] == i,
          "an index points outside the data");
    e = &ds->events[x->order[i]];
    /* each rank's run of index participants is as long as its event's list */
    CHECK(r, x->rparts[i] <= ds->nparts && e->nparts <= ds->nparts - x->rparts[i] &&
             x->rparts[i + 1] == x->rparts[i] + e->nparts && (x->flags[i] & 7u) < DIP_NSTATUS,
          "an index is damaged");
    if (check_rank(r, i, e, &nlong, &max_short, &last)) return -1;
  }
  for (uint32_t i = 0; !r->trusted && i < x->nlong; i++) CHECK(r, x->longs[i] < ds->nevents, "an index points outside the data");
  for (uint32_t i = 0; !r->trusted && i < ds->nparts; i++) CHECK(r, x->side[i] < ds->nactors, "an index points outside the data");
  get_csr(r, &x->stands, x->rparts[ds->nevents], ds->nactors);
  get_csr(r, &x->actor_events, ds->nactors, ds->nevents);
  get_csr(r, &x->ties, ds->nactors, ds->nrelations);
  get_csr(r, &x->joined, ds->nactors, ds->nrelations);
  get_csr(r, &x->members, ds->nactors, ds->nrelations);
  if (r->why) return -1;
  if (!(x->pre = borrow(r, ds->nplaces, sizeof *x->pre)) || !(x->post = borrow(r, ds->nplaces, sizeof *x->post)))
    return -1;
  if (!r->trusted && check_index(r)) return -1;
  if (dip_index_scratch(ds, x)) return nomem(r);
  if (r->pos != r->size) return bad(r, "text after the end of the snapshot");
  ds->generation = x->generation = 1;
  return 0;
}

/* The whole file in memory: mapped (private pages: what is never written
   stays shared with the page cache and with other processes) when it is a
   regular file of DIP_SNAPSHOT_MAP_FROM bytes or more, else read into the
   dataset's memory. Either way the dataset owns it from then on (dip_close
   lets it go). */
/* The dataset owns the file's bytes (size of them at p) from here on: base
   and area are what was mapped or allocated with them, and the range its
   memory treats as borrowed. */
static void keep_image(dip_dataset *ds, void *p, size_t size, int mapped, void *base, size_t area) {
  ds->image = p;
  ds->imagesize = size;
  ds->image_mapped = (unsigned char)mapped;
  ds->imagebase = base;
  ds->imagearea = area;
  ds->mem.lo = (uintptr_t)base;
  ds->mem.hi = (uintptr_t)base + area;
}

static int take_file(reader *r, dip_dataset *ds, int fd, const struct stat *st, const char *path, char *err,
                     size_t errsize) {
  uint64_t size = (uint64_t)st->st_size;
  void *p;
  if (!S_ISREG(st->st_mode)) {
    snprintf(err, errsize, "%s: not a regular file (a snapshot is opened from a file)", path);
    return DIP_EIO;
  }
  if (size > DIP_MAX_MAPPED || size >= SIZE_MAX - 16) {
    snprintf(err, errsize, "%s: larger than %llu bytes, the most a snapshot may hold", path,
             (unsigned long long)DIP_MAX_MAPPED);
    return DIP_EINVAL;
  }
  if (size >= DIP_SNAPSHOT_MAP_FROM && size > 0 && size <= SIZE_MAX / 4) {
    /* the file at the start of an address range reserved (no memory, no
       access) with room for the large arrays to be mapped again after it */
    uintptr_t page = 4096u, fsize = ((uintptr_t)size + page - 1) & ~(page - 1),
              room = fsize * 2 + (uintptr_t)DIP_SNAPSHOT_REGIONS * (((uintptr_t)16 << 20) + HUGE) + HUGE;
    int paged = sysconf(_SC_PAGESIZE) == 4096;
    char *area = paged ? mmap(NULL, fsize + room, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                       : MAP_FAILED;
    if (area != MAP_FAILED) {
      /* the file from a 2 MiB boundary (see borrow) */
      char *start = (char *)(((uintptr_t)area + HUGE - 1) & ~(HUGE - 1));
      p = mmap(start, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
      if (p == MAP_FAILED || !(ds->mem.regions = dip_alloc(&ds->mem, DIP_SNAPSHOT_REGIONS * sizeof(dip_region)))) {
        munmap(area, fsize + room);
      } else {
        r->next = (uintptr_t)start + fsize + page; /* a page of no access between file and arrays */
        r->end = (uintptr_t)area + fsize + room;
        r->fd = fd;
        keep_image(ds, p, (size_t)size, 1, area, fsize + room);
        return DIP_OK;
      }
    } else if ((p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
      keep_image(ds, p, (size_t)size, 1, p, (size_t)size);
      return DIP_OK;
    }
  }
  if (!(p = dip_alloc(&ds->mem, (size_t)size + 1))) {
    snprintf(err, errsize, "%s: out of memory", path);
    return DIP_ENOMEM;
  }
  for (size_t done = 0; done < size;) {
    ssize_t got = pread(fd, (char *)p + done, (size_t)size - done, (off_t)done);
    if (got <= 0) {
      if (got < 0 && errno == EINTR) continue;
      snprintf(err, errsize, "%s: %s", path, got < 0 ? strerror(errno) : "the file shrank while it was read");
      dip_free(&ds->mem, p, (size_t)size + 1);
      return DIP_EIO;
    }
    done += (size_t)got;
  }
  keep_image(ds, p, (size_t)size, 0, p, (size_t)size + 1);
  return DIP_OK;
}

void dip_snapshot_release(dip_dataset *ds) {
  if (!ds->image) return;
  ds->mem.lo = ds->mem.hi = 0; /* nothing borrowed from here on: the block below is freed */
  if (ds->image_mapped) {
    munmap(ds->imagebase, ds->imagearea); /* the regions with it */
    dip_free(&ds->mem, ds->mem.regions, DIP_SNAPSHOT_REGIONS * sizeof(dip_region));
    ds->mem.regions = NULL;
    ds->mem.nregions = 0;
  } else {
    dip_free(&ds->mem, ds->imagebase, ds->imagearea);
  }
  ds->image = NULL;
}

static int same_file(const struct stat *a, const struct stat *b) {
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
         a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
         a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

dip_dataset *dip_snapshot_load(const char *path, dip_alloc_fn alloc, void *ud, unsigned flags, char *err, size_t errsize,
                               int *code) {
  reader r;
  struct stat st, after;
  int fd, rc;
  memset(&r, 0, sizeof r);
  if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) != 0) {
    *code = DIP_EIO;
    snprintf(err, errsize, "%s: %s", path, strerror(errno));
    if (fd >= 0) close(fd);
    return NULL;
  }
  if (!(r.ds = dip_new(alloc, ud))) {
    close(fd);
    *code = DIP_ENOMEM;
    snprintf(err, errsize, "%s: out of memory", path);
    return NULL;
  }
  if ((*code = take_file(&r, r.ds, fd, &st, path, err, errsize)) != DIP_OK) {
    close(fd);
    dip_close(r.ds);
    return NULL;
  }
  r.base = r.ds->image;
  r.size = (uint64_t)st.st_size;
  r.trusted = !(flags & DIP_SNAPSHOT_CHECK_ALL) && dip_checked_known(&st, SNAPSHOT_VERSION);
  rc = read_all(&r);
  close(fd);
  if (rc) {
    *code = r.code ? r.code : DIP_EINVAL;
    snprintf(err, errsize, "%s: %s", path, r.why ? r.why : "damaged snapshot");
    dip_close(r.ds);
    return NULL;
  }
  /* checked whole, and the file the same after as before: remembered */
  if (!r.trusted && r.ds->image_mapped && stat(path, &after) == 0 && same_file(&st, &after))
    dip_checked_record(&st, SNAPSHOT_VERSION, 0);
  r.ds->snapshot_trusted = r.trusted;
  *code = DIP_OK;
  return r.ds;
}
