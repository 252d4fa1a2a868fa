/* world.c: the world base's TSV records (P place, A actor, R relation) added to a dataset in one pass */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "jsonio.h"
#include "world.h"
#if defined(__unix__) || defined(__APPLE__)
#include <sys/stat.h>
#endif

#define MAX_FIELDS 10
#define MAX_ALIASES 64

typedef struct field {
  const char *s;
  size_t n;
} field;

/* The last text of a field and its string: kinds, countries and relation types repeat from record to record. */
typedef struct recent {
  const char *s;
  size_t n;
  uint32_t str;
} recent;

typedef struct reader {
  dip_dataset *ds;
  const char *name;
  uint32_t line;
  recent kind, country, type, target, title;
} reader;

static int fail(reader *r, int code, const char *what) {
  snprintf(r->ds->err, sizeof r->ds->err, "%s:%u: %s", r->name ? r->name : "world", (unsigned)r->line, what);
  return code;
}

/* A string field, interned; DIP_NONE for an empty field. Sets *oom on exhausted memory. */
static uint32_t str_of(reader *r, const field *f, int *oom) {
  uint32_t s;
  if (!f->n) return DIP_NONE;
  if ((s = dip_intern(&r->ds->strs, f->s, f->n)) == DIP_NONE) *oom = 1;
  return s;
}

/* str_of for a field whose text often repeats the record before's. */
static uint32_t str_again(reader *r, const field *f, recent *last, int *oom) {
  uint32_t s;
  if (!f->n) return DIP_NONE;
  if (last->s && last->n == f->n && !memcmp(last->s, f->s, f->n)) return last->str;
  if ((s = str_of(r, f, oom)) != DIP_NONE) last->s = f->s, last->n = f->n, last->str = s;
  return s;
}

/* A decimal number as the generator writes coordinates: [-]digits[.digits], at most 15
   significant digits (strtod's exactness is not needed for degrees, and it is slow). */
static int number(const field *f, double *out) {
  const char *p = f->s, *end = f->s + f->n;
  int neg = 0, digits = 0;
  double v = 0, scale = 1;
  if (p < end && *p == '-') neg = 1, p++;
  if (p == end) return -1;
  for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) v = v * 10 + (*p - '0');
  if (p < end && *p == '.') {
    for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
      v = v * 10 + (*p - '0');
      scale *= 10;
    }
  }
  if (p != end || !digits || digits > 15) return -1;
  *out = (neg ? -v : v) / scale;
  return 0;
}

/* UTF-8 check with a fast path for ASCII, which most of the file is. */
static int text_valid(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    /* eight bytes at a time while none has its high bit set */
    for (uint64_t w; j + 8 <= n && (memcpy(&w, s + j, 8), !(w & UINT64_C(0x8080808080808080))); j += 8) {}
    while (j < n && (unsigned char)s[j] < 0x80) j++;
    if (j == n) return 1;
    i = j;
    while (j < n && (unsigned char)s[j] >= 0x80) j++;
    if (!dip_utf8_valid(s + i, j - i)) return 0;
    i = j;
  }
  return 1;
}

static int aliases_of(reader *r, const field *f, uint32_t *off, uint32_t *count) {
  uint32_t list[MAX_ALIASES], n = 0;
  const char *p = f->s, *end = f->s + f->n;
  int oom = 0;
  while (f->n && p <= end) {
    const char *bar = memchr(p, '|', (size_t)(end - p));
    field a;
    a.s = p;
    a.n = (size_t)((bar ? bar : end) - p);
    if (n == MAX_ALIASES) return fail(r, DIP_EINVAL, "too many aliases");
    if (a.n && (list[n++] = str_of(r, &a, &oom)) == DIP_NONE) break;
    if (!bar) break;
    p = bar + 1;
  }
  if (oom) return fail(r, DIP_ENOMEM, "out of memory");
  if (dip_append_aliases(r->ds, list, n, off)) return fail(r, DIP_ENOMEM, "out of memory");
  *count = n;
  return DIP_OK;
}

static int new_id(reader *r, const dip_map *ids, uint32_t id) {
  if (id == DIP_NONE) return fail(r, DIP_EINVAL, "empty id");
  if (dip_map_get(ids, id) != DIP_NONE) return fail(r, DIP_EINVAL, "duplicate id");
  return DIP_OK;
}

static int place_record(reader *r, field *f, int nf) {
  dip_dataset *ds = r->ds;
  dip_place p;
  uint32_t h, within;
  int oom = 0, rc;
  if (nf != 9) return fail(r, DIP_EINVAL, "a place record has 9 fields");
  memset(&p, 0, sizeof p);
  p.id = str_of(r, &f[1], &oom);
  p.name = str_of(r, &f[2], &oom);
  p.kind = str_again(r, &f[3], &r->kind, &oom);
  within = str_again(r, &f[4], &r->country, &oom);
  p.country = str_again(r, &f[5], &r->country, &oom);
  if (oom) return fail(r, DIP_ENOMEM, "out of memory");
  if ((rc = new_id(r, &ds->place_of_id, p.id))) return rc;
  if (p.name == DIP_NONE) return fail(r, DIP_EINVAL, "place without a name");
  p.within = DIP_NONE;
  if (within != DIP_NONE && (p.within = dip_map_get(&ds->place_of_id, within)) == DIP_NONE)
    return fail(r, DIP_EINVAL, "'within' names no earlier place");
  if (f[6].n || f[7].n) {
    if (number(&f[6], &p.lat) || number(&f[7], &p.lon) || p.lat < -90 || p.lat > 90 || p.lon < -180 || p.lon > 180)
      return fail(r, DIP_EINVAL, "bad coordinates");
    p.has_lat = p.has_lon = 1;
  }
  if ((rc = aliases_of(r, &f[8], &p.aliases, &p.naliases))) return rc;
  if (dip_append_place(ds, &p, &h)) return fail(r, DIP_ENOMEM, "out of memory");
  return DIP_OK;
}

static int actor_record(reader *r, field *f, int nf) {
  dip_dataset *ds = r->ds;
  dip_actor a;
  uint32_t h;
  int oom = 0, rc;
  if (nf != 6) return fail(r, DIP_EINVAL, "an actor record has 6 fields");
  memset(&a, 0, sizeof a);
  a.id = str_of(r, &f[1], &oom);
  a.name = str_of(r, &f[2], &oom);
  a.kind = str_again(r, &f[3], &r->kind, &oom);
  a.country = str_again(r, &f[4], &r->country, &oom);
  if (oom) return fail(r, DIP_ENOMEM, "out of memory");
  if ((rc = new_id(r, &ds->actor_of_id, a.id))) return rc;
  if (a.name == DIP_NONE) return fail(r, DIP_EINVAL, "actor without a name");
  if ((rc = aliases_of(r, &f[5], &a.aliases, &a.naliases))) return rc;
  if (dip_append_actor(ds, &a, &h)) return fail(r, DIP_ENOMEM, "out of memory");
  return DIP_OK;
}

static int date_of(reader *r, const field *f, uint32_t *out) {
  dip_span span;
  const char *why;
  uint32_t text;
  *out = DIP_NONE;
  if (!f->n) return DIP_OK;
  /* a date seen before is neither parsed nor added again */
  if ((text = dip_strtab_find(&r->ds->strs, f->s, f->n)) != DIP_NONE &&
      (*out = dip_map_get(&r->ds->date_of_text, text)) != DIP_NONE)
    return DIP_OK;
  if (dip_date_parse(f->s, f->n, &span, &why)) return fail(r, DIP_EINVAL, why);
  if ((*out = dip_append_date(r->ds, f->s, f->n, &span)) == DIP_NONE) return fail(r, DIP_ENOMEM, "out of memory");
  return DIP_OK;
}

static int relation_record(reader *r, field *f, int nf) {
  dip_dataset *ds = r->ds;
  dip_relation rel;
  uint32_t actor, target;
  int oom = 0, rc;
  if (nf != 7) return fail(r, DIP_EINVAL, "a relation record has 7 fields");
  memset(&rel, 0, sizeof rel);
  actor = str_of(r, &f[1], &oom);
  rel.type = str_again(r, &f[2], &r->type, &oom);
  target = str_again(r, &f[3], &r->target, &oom);
  rel.title = str_again(r, &f[4], &r->title, &oom);
  if (oom) return fail(r, DIP_ENOMEM, "out of memory");
  if (rel.type == DIP_NONE) return fail(r, DIP_EINVAL, "relation without a type");
  if (actor == DIP_NONE || (rel.actor = dip_map_get(&ds->actor_of_id, actor)) == DIP_NONE)
    return fail(r, DIP_EINVAL, "relation 'actor' names no earlier actor");
  if (target == DIP_NONE || (rel.target = dip_map_get(&ds->actor_of_id, target)) == DIP_NONE)
    return fail(r, DIP_EINVAL, "relation 'target' names no earlier actor");
  if ((rc = date_of(r, &f[5], &rel.start)) || (rc = date_of(r, &f[6], &rel.end))) return rc;
  if (rel.start != DIP_NONE && rel.end != DIP_NONE &&
      ds->dates[rel.end].span.hi < ds->dates[rel.start].span.lo)
    return fail(r, DIP_EINVAL, "relation ends before it starts");
  if (dip_append_relation(ds, &rel)) return fail(r, DIP_ENOMEM, "out of memory");
  return DIP_OK;
}

static int record(reader *r, const char *s, size_t n) {
  field f[MAX_FIELDS];
  int nf = 0;
  const char *p = s, *end = s + n;
  if (!text_valid(s, n)) return fail(r, DIP_EINVAL, "not UTF-8");
  for (;;) {
    const char *tab = memchr(p, '\t', (size_t)(end - p));
    if (nf == MAX_FIELDS) return fail(r, DIP_EINVAL, "too many fields");
    f[nf].s = p;
    f[nf].n = (size_t)((tab ? tab : end) - p);
    nf++;
    if (!tab) break;
    p = tab + 1;
  }
  if (f[0].n == 1 && f[0].s[0] == 'P') return place_record(r, f, nf);
  if (f[0].n == 1 && f[0].s[0] == 'A') return actor_record(r, f, nf);
  if (f[0].n == 1 && f[0].s[0] == 'R') return relation_record(r, f, nf);
  return fail(r, DIP_EINVAL, "a record starts with P, A or R and a tab");
}

/* Room for every record at once: growing by doubling would copy the arrays many times over. */
static int reserve(dip_dataset *ds, const char *text, size_t len) {
  uint32_t np = 0, na = 0, nr = 0, nl = 0;
  const char *p = text, *end = text + len;
  while (p < end) {
    const char *nl_at = memchr(p, '\n', (size_t)(end - p)), *eol = nl_at ? nl_at : end;
    if (*p == 'P') np++;
    else if (*p == 'A') na++;
    else if (*p == 'R') nr++;
    if (*p == 'P' || *p == 'A') {
      /* aliases, the last field: one more than its bars when not empty (an over-estimate is harmless, but
         every slot of the maps reserved is written, so a close count keeps the tables small) */
      const char *q = eol;
      while (q > p && q[-1] != '\t') q--;
      if (q < eol && !(eol - q == 1 && *q == '\r')) {
        nl++;
        while ((q = memchr(q, '|', (size_t)(eol - q))) != NULL) nl++, q++;
      }
    }
    p = nl_at ? nl_at + 1 : end;
  }
  if (np > DIP_MAX_COUNT - ds->nplaces || na > DIP_MAX_COUNT - ds->nactors || nr > DIP_MAX_COUNT - ds->nrelations ||
      nl > DIP_MAX_COUNT - ds->nlists)
    return -1;
  if (DIP_GROW(&ds->mem, ds->places, ds->placecap, ds->nplaces + np) ||
      DIP_GROW(&ds->mem, ds->actors, ds->actorcap, ds->nactors + na) ||
      DIP_GROW(&ds->mem, ds->relations, ds->relationcap, ds->nrelations + nr) ||
      DIP_GROW(&ds->mem, ds->lists, ds->listcap, ds->nlists + nl))
    return -1;
  /* strings: ids, names, aliases and their folded forms; the maps of ids and names */
  if (dip_strtab_reserve(&ds->strs, 3 * np + 3 * na + 2 * nl + nr) || dip_map_reserve(&ds->place_of_id, &ds->mem, np) ||
      dip_map_reserve(&ds->actor_of_id, &ds->mem, na) ||
      dip_map_reserve(&ds->place_names.head, &ds->mem, 2 * np + nl) ||
      dip_map_reserve(&ds->actor_names.head, &ds->mem, 2 * na + nl) ||
      DIP_GROW(&ds->mem, ds->place_names.links, ds->place_names.cap, ds->place_names.n + 2 * np + nl) ||
      DIP_GROW(&ds->mem, ds->actor_names.links, ds->actor_names.cap, ds->actor_names.n + 2 * na + nl))
    return -1;
  return 0;
}

int dip_world_read(dip_dataset *ds, const char *text, size_t len, const char *name) {
  reader r;
  dip_mark mark;
  const char *p = text, *end = text + len;
  int rc = DIP_OK;
  memset(&r, 0, sizeof r);
  r.ds = ds;
  r.name = name;
  dip_mark_take(ds, &mark);
  if (reserve(ds, text, len)) return fail(&r, DIP_ENOMEM, "out of memory");
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    r.line++;
    if (n && p[n - 1] == '\r') n--;
    if (n && p[0] != '#' && (rc = record(&r, p, n))) break;
    p = nl ? nl + 1 : end;
  }
  if (rc) dip_mark_rollback(ds, &mark);
  return rc;
}

#if defined(__unix__) || defined(__APPLE__)
/* Refuses what is not a regular file (a folder or a device has no size to read: ftell would give a
   nonsense one). The file is read, not mapped: a mapped file cut short by another process while it
   is read would end the process with SIGBUS. Returns 1 with *rc set when it refused the path. */
static int refuse_irregular(dip_dataset *ds, const char *path, int *rc) {
  struct stat st;
  if (stat(path, &st) || S_ISREG(st.st_mode)) return 0;
  *rc = dip_set_err(ds, DIP_EIO, "%s: not a regular file", path);
  return 1;
}
#endif

int dip_world_load(dip_dataset *ds, const char *path) {
  FILE *f;
  char *buf;
  long size;
  size_t got;
  int rc;
#if defined(__unix__) || defined(__APPLE__)
  if (refuse_irregular(ds, path, &rc)) return rc;
#endif
  if (!(f = fopen(path, "rb"))) return dip_set_err(ds, DIP_EIO, "%s: %s", path, strerror(errno));
  if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
    fclose(f);
    return dip_set_err(ds, DIP_EIO, "%s: cannot find its size", path);
  }
  if (!(buf = dip_alloc(&ds->mem, (size_t)size + 1))) {
    fclose(f);
    return dip_set_err(ds, DIP_ENOMEM, "out of memory");
  }
  got = fread(buf, 1, (size_t)size, f);
  fclose(f);
  if (got != (size_t)size) {
    dip_free(&ds->mem, buf, (size_t)size + 1);
    return dip_set_err(ds, DIP_EIO, "%s: read %zu of %ld bytes", path, got, size);
  }
  rc = dip_world_read(ds, buf, got, path);
  dip_free(&ds->mem, buf, (size_t)size + 1);
  return rc;
}
