/* import.c: running an import (format detection, files and folders, lines, roll back) and what importers share */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cameo.h"
#include "import_common.h"

#if !defined(DIP_READ_CHUNK)
/* The read block of ICEWS files, which is also the limit on a line's length:
   a longer line is reported and passed over (its bytes read, not kept). */
#if !defined(DIP_READ_CHUNK)
#define DIP_READ_CHUNK (1u << 22)
#endif
#endif

static const char *const format_names[DIP_NFORMATS] = {
  "auto", "gdelt", "icews", "hsg-travels", "hsg-visits", "csv", "geojson"
};

int dip_format_named(const char *name) {
  for (int f = 1; f < DIP_NFORMATS; f++)
    if (!strcmp(name, format_names[f])) return f;
  return DIP_FORMAT_AUTO;
}

const char *dip_format_name(int format) {
  return format >= 0 && format < DIP_NFORMATS ? format_names[format] : "?";
}

/* ---- growth of the import's own arrays (plain C heap: the import may
   outlive nothing, but is freed apart from the dataset) ---- */

static dip_mem plain_heap = {dip_default_alloc, NULL, 0, 0, NULL, 0};

static int grow(void **arr, uint32_t *cap, uint32_t need, size_t elem) {
  return dip_grow(&plain_heap, arr, cap, need, elem);
}

#define GROW(arr, cap, need) grow((void **)&(arr), &(cap), (need), sizeof *(arr))

/* Appends s[0..n) and a NUL to im->text; the offset, or UINT32_MAX. */
static uint32_t add_text(dip_import *im, const char *s, size_t n) {
  size_t off = im->ntext;
  if (n > UINT32_MAX || off > UINT32_MAX - n - 1) return UINT32_MAX;
  if (off + n + 1 > im->textcap) {
    size_t cap = im->textcap ? im->textcap : 4096;
    char *t;
    while (cap < off + n + 1) cap *= 2;
    if (!(t = realloc(im->text, cap))) return UINT32_MAX;
    im->text = t;
    im->textcap = cap;
  }
  memcpy(im->text + off, s, n);
  im->text[off + n] = '\0';
  im->ntext = off + n + 1;
  return (uint32_t)off;
}

void dip_import_init(dip_import *im, dip_dataset *ds) {
  memset(im, 0, sizeof *im);
  im->ds = ds;
  im->merge_dyads = 1;
}

static void state_free(dip_import *im) {
  dip_import_state *st = im->state;
  if (!st) return;
  dip_hset_free(&st->actor_of_code);
  dip_hset_free(&st->place_of_key);
  dip_hset_free(&st->code_of);
  free(st->codes);
  dip_map_free(&st->state_of_name, &im->ds->mem);
  dip_pending_free(&st->dyads);
  dip_hset_free(&st->records);
  free(st->posts);
  free(st->persons);
  dip_hset_free(&st->person_of_actor);
  dip_hset_free(&st->last_of_origin);
  free(st->located);
  free(st->aliases);
  free(st->sides);
  dip_buf_free(&st->buf);
  dip_buf_free(&st->id);
  free(st);
  im->state = NULL;
}

void dip_import_free(dip_import *im) {
  state_free(im);
  free(im->skips);
  free(im->files);
  free(im->text);
  im->skips = NULL;
  im->files = NULL;
  im->text = NULL;
  im->nskips = im->skipcap = im->nfiles = im->filecap = 0;
  im->ntext = im->textcap = 0;
}

int dip_imp_oom(dip_import *im) {
  if (im->state && !im->state->fatal) im->state->fatal = DIP_ENOMEM;
  return DIP_ENOMEM;
}

int dip_imp_skip(dip_import *im, uint32_t line, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  uint32_t off;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (GROW(im->skips, im->skipcap, im->nskips + 1) || (off = add_text(im, msg, strlen(msg))) == UINT32_MAX)
    return dip_imp_oom(im), -1;
  im->skips[im->nskips].file = im->nfiles ? im->nfiles - 1 : 0;
  im->skips[im->nskips].line = line;
  im->skips[im->nskips].reason = off;
  im->nskips++;
  return 0;
}

uint32_t dip_imp_str(dip_import *im, const char *s, size_t n) {
  uint32_t id = dip_intern(&im->ds->strs, s, n);
  if (id == DIP_NONE) dip_imp_oom(im);
  return id;
}

int dip_imp_date(dip_import *im, const char *s, size_t n, uint32_t *date, const char **why) {
  dip_span span;
  if (dip_date_parse(s, n, &span, why)) return DIP_EINVAL;
  if ((*date = dip_append_date(im->ds, s, n, &span)) == DIP_NONE) return dip_imp_oom(im);
  return DIP_OK;
}

/* ---- places, actors, relations, events ---- */

uint32_t dip_imp_place(dip_import *im, uint32_t id, uint32_t name, const char *kind, uint32_t within,
                       const double *lat, const double *lon, const char *country) {
  dip_dataset *ds = im->ds;
  dip_place p;
  uint32_t h = dip_map_get(&ds->place_of_id, id);
  if (h != DIP_NONE) {
    dip_imp_place_coords(im, h, lat, lon);
    return h;
  }
  memset(&p, 0, sizeof p);
  p.id = id;
  p.name = name;
  p.within = within;
  p.aliases = ds->nlists;
  p.kind = kind ? dip_imp_str(im, kind, strlen(kind)) : DIP_NONE;
  p.country = country && *country ? dip_imp_str(im, country, strlen(country)) : DIP_NONE;
  if (lat && lon && *lat >= -90 && *lat <= 90 && *lon >= -180 && *lon <= 180) {
    p.lat = *lat, p.lon = *lon;
    p.has_lat = p.has_lon = 1;
  }
  if (im->state->fatal || dip_append_place(ds, &p, &h)) return dip_imp_oom(im), DIP_NONE;
  return h;
}

void dip_imp_place_coords(dip_import *im, uint32_t place, const double *lat, const double *lon) {
  dip_import_state *st = im->state;
  dip_place *p = &im->ds->places[place];
  if (p->has_lat || p->has_lon || !lat || !lon || *lat < -90 || *lat > 90 || *lon < -180 || *lon > 180) return;
  /* a place from before the import: noted, so that a failed import takes the point back */
  if (place < st->mark.nplaces) {
    if (GROW(st->located, st->locatedcap, st->nlocated + 1)) {
      dip_imp_oom(im);
      return;
    }
    st->located[st->nlocated++] = place;
  }
  p->lat = *lat, p->lon = *lon;
  p->has_lat = p->has_lon = 1;
}

static int add_relation(dip_import *im, uint32_t actor, uint32_t type, uint32_t target, uint32_t title,
                        uint32_t start, uint32_t end) {
  dip_relation r;
  memset(&r, 0, sizeof r);
  r.actor = actor;
  r.target = target;
  r.type = type;
  r.title = title;
  r.start = start;
  r.end = end;
  if (dip_append_relation(im->ds, &r)) return dip_imp_oom(im);
  return DIP_OK;
}

uint32_t dip_imp_actor(dip_import *im, uint32_t id, uint32_t name, uint32_t alias, const char *kind,
                       const char *country, const char *cameo, size_t cameo_len, uint32_t part_of) {
  dip_dataset *ds = im->ds;
  dip_actor a;
  uint32_t h = dip_map_get(&ds->actor_of_id, id);
  if (h != DIP_NONE) return h;
  memset(&a, 0, sizeof a);
  a.id = id;
  a.name = name;
  a.aliases = ds->nlists;
  if (alias != DIP_NONE && alias != name) {
    if (dip_append_aliases(ds, &alias, 1, &a.aliases)) return dip_imp_oom(im), DIP_NONE;
    a.naliases = 1;
  }
  a.kind = kind ? dip_imp_str(im, kind, strlen(kind)) : DIP_NONE;
  a.country = country && *country ? dip_imp_str(im, country, strlen(country)) : DIP_NONE;
  if (cameo && cameo_len) {
    char code[64];
    cJSON *s;
    if (cameo_len >= sizeof code) cameo_len = sizeof code - 1;
    memcpy(code, cameo, cameo_len);
    code[cameo_len] = '\0';
    if (!(a.codes = cJSON_CreateObject()) || !(s = cJSON_CreateString(code))) {
      cJSON_Delete(a.codes);
      return dip_imp_oom(im), DIP_NONE;
    }
    cJSON_AddItemToObject(a.codes, "cameo", s);
  }
  if (im->state->fatal || dip_append_actor(ds, &a, &h)) {
    cJSON_Delete(a.codes);
    return dip_imp_oom(im), DIP_NONE;
  }
  /* a new actor has no relations yet: nothing to look for */
  if (part_of != DIP_NONE && add_relation(im, h, ds->words[W_PART_OF], part_of, DIP_NONE, DIP_NONE, DIP_NONE))
    return DIP_NONE;
  return h;
}

int dip_imp_relation(dip_import *im, uint32_t actor, const char *type, uint32_t target, uint32_t title,
                     uint32_t start, uint32_t end) {
  dip_dataset *ds = im->ds;
  uint32_t t = dip_imp_str(im, type, strlen(type));
  if (t == DIP_NONE) return DIP_ENOMEM;
  for (uint32_t i = 0; i < ds->nrelations; i++) {
    const dip_relation *o = &ds->relations[i];
    if (o->actor == actor && o->target == target && o->type == t && o->title == title && o->start == start &&
        o->end == end)
      return DIP_OK;
  }
  return add_relation(im, actor, t, target, title, start, end);
}

int dip_imp_post(dip_import *im, uint32_t person, uint32_t target, uint32_t title, uint32_t start, uint32_t end) {
  dip_import_state *st = im->state;
  if (GROW(st->posts, st->postcap, st->nposts + 1)) return dip_imp_oom(im);
  st->posts[st->nposts].person = person;
  st->posts[st->nposts].target = target;
  st->posts[st->nposts].title = title;
  st->posts[st->nposts].start = start;
  st->posts[st->nposts].end = end;
  st->posts[st->nposts].lo = im->ds->dates[start].span.lo;
  st->posts[st->nposts].seq = st->nposts;
  st->nposts++;
  return DIP_OK;
}

int dip_imp_event(dip_import *im, dip_event_in *e, const dip_participant *parts, uint32_t nparts, uint32_t *handle) {
  if (im->state->fatal || dip_append_event(im->ds, e, parts, nparts, handle)) {
    cJSON_Delete(e->extra);
    cJSON_Delete(e->sources);
    return dip_imp_oom(im);
  }
  im->added++;
  return DIP_OK;
}

const dip_country *dip_imp_country_named(dip_import *im, const char *s, size_t n, int *rc) {
  dip_import_state *st = im->state;
  uint32_t key, v;
  const dip_country *c;
  *rc = DIP_OK;
  if (!n) return NULL;
  if ((key = dip_imp_str(im, s, n)) == DIP_NONE) return *rc = DIP_ENOMEM, NULL;
  if ((v = dip_map_get(&st->state_of_name, key)) != DIP_NONE) return v ? dip_country_at(v - 1) : NULL;
  c = dip_country_by_name(s, n);
  if (dip_map_put(&st->state_of_name, &im->ds->mem, key, c ? dip_country_index(c) + 1 : 0))
    return *rc = dip_imp_oom(im), NULL;
  return c;
}

uint32_t dip_imp_state(dip_import *im, const dip_country *c) {
  uint32_t id = dip_imp_str(im, c->iso3, 3), name;
  if (id == DIP_NONE) return DIP_NONE;
  if (dip_map_get(&im->ds->actor_of_id, id) != DIP_NONE) return dip_map_get(&im->ds->actor_of_id, id);
  if ((name = dip_imp_str(im, c->name, strlen(c->name))) == DIP_NONE) return DIP_NONE;
  return dip_imp_actor(im, id, name, DIP_NONE, "state", c->iso3, dip_country_cameo(c), 3, DIP_NONE);
}

uint32_t dip_imp_country_place(dip_import *im, const dip_country *c) {
  uint32_t id = dip_imp_str(im, c->iso3, 3), name;
  if (id == DIP_NONE) return DIP_NONE;
  if (dip_map_get(&im->ds->place_of_id, id) != DIP_NONE) return dip_map_get(&im->ds->place_of_id, id);
  if ((name = dip_imp_str(im, c->name, strlen(c->name))) == DIP_NONE) return DIP_NONE;
  return dip_imp_place(im, id, name, "country", DIP_NONE, NULL, NULL, c->iso3);
}

/* ---- raw JSON extras ---- */

cJSON *dip_imp_raw_text_object(const char *key, const char *text) {
  cJSON *o = cJSON_CreateObject(), *raw = o ? cJSON_CreateRaw(text) : NULL;
  if (!raw) {
    cJSON_Delete(o);
    return NULL;
  }
  cJSON_AddItemToObjectCS(o, key, raw);
  return o;
}

cJSON *dip_imp_raw_text_array(const char *text) {
  cJSON *a = cJSON_CreateArray(), *raw = a ? cJSON_CreateRaw(text) : NULL;
  if (!raw) {
    cJSON_Delete(a);
    return NULL;
  }
  cJSON_AddItemToArray(a, raw);
  return a;
}

cJSON *dip_imp_raw_taking(char *text) {
  cJSON *raw = cJSON_CreateNull();
  if (!raw) return NULL;
  raw->type = cJSON_Raw;
  raw->valuestring = text;
  return raw;
}

cJSON *dip_imp_raw_object(const char *key, const dip_buf *b) {
  return b->failed ? NULL : dip_imp_raw_text_object(key, b->s ? b->s : "{}");
}

cJSON *dip_imp_raw_array(const dip_buf *b) { return b->failed ? NULL : dip_imp_raw_text_array(b->s ? b->s : "{}"); }

/* ---- text buffers ---- */

void dip_buf_reset(dip_buf *b) {
  b->n = 0;
  b->failed = 0;
  if (b->s) b->s[0] = '\0';
}

void dip_buf_free(dip_buf *b) {
  free(b->s);
  memset(b, 0, sizeof *b);
}

int dip_buf_grow(dip_buf *b, size_t n) {
  size_t cap = b->cap ? b->cap : 256;
  char *t;
  if (b->failed) return -1;
  while (cap < b->n + n + 1) cap *= 2;
  if (!(t = realloc(b->s, cap))) {
    b->failed = 1;
    return -1;
  }
  b->s = t;
  b->cap = cap;
  return 0;
}

/* Whether any byte of the word is below 0x20, a quote or a backslash. */
static int needs_escape(uint64_t w) {
  const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  uint64_t q = w ^ (ones * '"'), k = w ^ (ones * '\\');
  return (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((k - ones) & ~k)) & highs ? 1 : 0;
}

void dip_buf_json(dip_buf *b, const char *s, size_t n) {
  size_t run = 0, i = 0;
  dip_buf_char(b, '"');
  /* eight bytes at a time while there is nothing to escape */
  while (i + 8 <= n) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if (needs_escape(w)) break;
    i += 8;
  }
  for (; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c > '\\' || (c >= 0x20 && c != '"' && c != '\\')) continue;
    dip_buf_add(b, s + run, i - run);
    run = i + 1;
    if (c == '"') DIP_BUF_LIT(b, "\\\"");
    else if (c == '\\') DIP_BUF_LIT(b, "\\\\");
    else {
      char esc[8];
      snprintf(esc, sizeof esc, "\\u%04x", c);
      dip_buf_add(b, esc, 6);
    }
  }
  dip_buf_add(b, s + run, n - run);
  dip_buf_char(b, '"');
}

void dip_buf_key(dip_buf *b, const char *key) {
  size_t n = strlen(key);
  if (b->n > 1) dip_buf_char(b, ',');
  /* keys are the importers' own words: nothing to escape */
  dip_buf_char(b, '"');
  dip_buf_add(b, key, n);
  dip_buf_char(b, '"');
  dip_buf_char(b, ':');
}

int dip_is_number(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && s[i] == '-') i++;
  if (i == n) return 0;
  if (s[i] == '0') i++;
  else if (s[i] >= '1' && s[i] <= '9') while (i < n && s[i] >= '0' && s[i] <= '9') i++;
  else return 0;
  if (i < n && s[i] == '.') {
    size_t d = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == d) return 0;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    size_t d;
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == d) return 0;
  }
  return i == n;
}

/* ---- hash sets ---- */

uint64_t dip_hash64(const void *s, size_t n, uint64_t seed) {
  const unsigned char *p = s;
  uint64_t h = 1469598103934665603ull ^ seed;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  h ^= h >> 32;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return h;
}

void dip_hset_free(dip_hset *h) {
  free(h->keys);
  free(h->vals);
  memset(h, 0, sizeof *h);
}

int dip_hset_add(dip_hset *h, uint64_t key, uint32_t val) {
  uint32_t mask, i;
  if ((uint64_t)(h->n + 1) * 2 > h->nslots) {
    uint32_t nslots = h->nslots ? h->nslots * 2 : 64;
    uint64_t *keys;
    uint32_t *vals;
    if (!h->nslots ? 0 : h->nslots > UINT32_MAX / 2) return -1;
    keys = malloc((size_t)nslots * sizeof *keys);
    vals = malloc((size_t)nslots * sizeof *vals);
    if (!keys || !vals) {
      free(keys);
      free(vals);
      return -1;
    }
    memset(vals, 0xff, (size_t)nslots * sizeof *vals);
    mask = nslots - 1;
    for (uint32_t j = 0; j < h->nslots; j++) {
      if (h->vals[j] == UINT32_MAX) continue;
      for (i = (uint32_t)h->keys[j] & mask; vals[i] != UINT32_MAX; i = (i + 1) & mask) {}
      keys[i] = h->keys[j];
      vals[i] = h->vals[j];
    }
    free(h->keys);
    free(h->vals);
    h->keys = keys;
    h->vals = vals;
    h->nslots = nslots;
  }
  mask = h->nslots - 1;
  for (i = (uint32_t)key & mask; h->vals[i] != UINT32_MAX; i = (i + 1) & mask) {}
  h->keys[i] = key;
  h->vals[i] = val;
  h->n++;
  return 0;
}

uint32_t dip_hset_get(const dip_hset *h, uint64_t key) {
  uint32_t pos = UINT32_MAX, slot = dip_hset_next(h, key, &pos);
  return slot == UINT32_MAX ? UINT32_MAX : h->vals[slot];
}

const dip_code_info *dip_imp_code(dip_import *im, const char *code, size_t n, int *rc) {
  dip_import_state *st = im->state;
  uint64_t key = dip_hash64(code, n, 0xC0DE);
  uint32_t i = dip_hset_get(&st->code_of, key);
  const dip_cameo_mapping *map;
  const dip_cameo_code *info;
  dip_code_info *c;
  *rc = DIP_OK;
  if (i != UINT32_MAX) return &st->codes[i];
  if (!(map = dip_cameo_map(code, n))) return NULL;
  if (GROW(st->codes, st->codecap, st->ncodes + 1)) return *rc = dip_imp_oom(im), NULL;
  c = &st->codes[st->ncodes];
  info = dip_cameo_event(code, n);
  c->meeting = map->meeting;
  c->type = dip_imp_str(im, map->type, strlen(map->type));
  c->cameo = dip_imp_str(im, code, n);
  c->title = info ? dip_imp_str(im, info->name, strlen(info->name)) : DIP_NONE;
  c->source_role = dip_imp_str(im, map->source_role, strlen(map->source_role));
  c->target_role = dip_imp_str(im, map->target_role, strlen(map->target_role));
  if (st->fatal || dip_hset_add(&st->code_of, key, st->ncodes)) return *rc = dip_imp_oom(im), NULL;
  return &st->codes[st->ncodes++];
}

uint32_t dip_hset_next(const dip_hset *h, uint64_t key, uint32_t *pos) {
  uint32_t mask, i;
  if (!h->nslots) return UINT32_MAX;
  mask = h->nslots - 1;
  i = *pos == UINT32_MAX ? (uint32_t)key & mask : (*pos + 1) & mask;
  for (; h->vals[i] != UINT32_MAX; i = (i + 1) & mask) {
    if (h->keys[i] == key) {
      *pos = i;
      return i;
    }
  }
  return UINT32_MAX;
}

void dip_pending_free(dip_pending *p) {
  dip_hset_free(&p->heads);
  free(p->nodes);
  memset(p, 0, sizeof *p);
}

uint32_t *dip_pending_first(dip_pending *p, uint64_t key) {
  uint32_t pos = UINT32_MAX, slot = dip_hset_next(&p->heads, key, &pos);
  if (slot == UINT32_MAX) return NULL;
  return &p->heads.vals[slot];
}

int dip_pending_push(dip_pending *p, uint64_t key, uint32_t event) {
  uint32_t *first = dip_pending_first(p, key), node = p->nnodes;
  if (GROW(p->nodes, p->nodecap, p->nnodes + 1)) return -1;
  p->nodes[node].event = event;
  p->nodes[node].next = first ? *first : UINT32_MAX;
  p->nnodes++;
  if (first) {
    *first = node;
    return 0;
  }
  return dip_hset_add(&p->heads, key, node);
}

/* ---- dyads: the two rows that code one meeting ---- */

/* The code of the mirrored row: a visit (042) is mirrored by its hosting (043). */
static void mirror_code(const char *code, size_t n, char out[8]) {
  if (n > 7) n = 7;
  memcpy(out, code, n);
  out[n] = '\0';
  if (n == 3 && code[0] == '0' && code[1] == '4' && (code[2] == '2' || code[2] == '3')) out[2] = code[2] == '2' ? '3' : '2';
}

static uint64_t dyad_key(uint32_t date, uint32_t a1, uint32_t a2, const char *code, size_t n, uint32_t place,
                         uint64_t source) {
  uint32_t v[4];
  v[0] = date;
  v[1] = a1;
  v[2] = a2;
  v[3] = place;
  return dip_hash64(code, n, dip_hash64(v, sizeof v, source));
}

int dip_dyad_wait(dip_import *im, uint32_t event, uint32_t date, uint32_t a1, uint32_t a2, const char *code,
                  size_t ncode, uint32_t place, uint64_t source) {
  if (dip_pending_push(&im->state->dyads, dyad_key(date, a1, a2, code, ncode, place, source), event))
    return dip_imp_oom(im);
  return DIP_OK;
}

/* Adds the row's fields to the event's extra[key] (raw JSON text) as "mirror". */
static int add_mirror(dip_import *im, uint32_t e, const char *key, const dip_buf *fields) {
  cJSON *raw = cJSON_GetObjectItemCaseSensitive(dip_event_extra(im->ds, e), key);
  size_t old, at;
  char *text;
  if (!raw || !cJSON_IsRaw(raw) || fields->failed) return dip_imp_oom(im);
  old = strlen(raw->valuestring);
  if (!(text = cJSON_malloc(old + fields->n + 16))) return dip_imp_oom(im);
  memcpy(text, raw->valuestring, old - 1);
  at = old - 1;
  if (old > 2) text[at++] = ',';
  memcpy(text + at, "\"mirror\":", 9);
  at += 9;
  memcpy(text + at, fields->s, fields->n);
  at += fields->n;
  text[at++] = '}';
  text[at] = '\0';
  cJSON_free(raw->valuestring);
  raw->valuestring = text;
  return DIP_OK;
}

int dip_imp_alias(dip_import *im, uint32_t id, uint32_t event) {
  dip_import_state *st = im->state;
  cJSON **extra = dip_side_slot(im->ds, &im->ds->ev_extra, event), *list, *s;
  /* kept as "merged_ids" in the event's extra, so that JSON keeps the id too */
  if (!extra || (!*extra && !(*extra = cJSON_CreateObject()))) return dip_imp_oom(im);
  if (!(list = cJSON_GetObjectItemCaseSensitive(*extra, "merged_ids")) &&
      !(list = cJSON_AddArrayToObject(*extra, "merged_ids")))
    return dip_imp_oom(im);
  if (!(s = cJSON_CreateString(dip_str(im->ds, id)))) return dip_imp_oom(im);
  cJSON_AddItemToArray(list, s);
  if (GROW(st->aliases, st->aliascap, st->naliases + 1) || dip_map_put(&im->ds->event_of_id, &im->ds->mem, id, event))
    return dip_imp_oom(im);
  st->aliases[st->naliases++] = id;
  return DIP_OK;
}

int dip_dyad_merge(dip_import *im, const char *extra_key, uint32_t row_id, uint32_t date, uint32_t a1, uint32_t a2,
                   const char *code, size_t ncode, uint32_t place, uint64_t source, const dip_buf *fields, int *rc) {
  dip_dataset *ds = im->ds;
  dip_pending *pend = &im->state->dyads;
  char mirror[8];
  uint32_t *link;
  mirror_code(code, ncode, mirror);
  *rc = DIP_OK;
  link = dip_pending_first(pend, dyad_key(date, a2, a1, mirror, strlen(mirror), place, source));
  for (; link && *link != UINT32_MAX && *link != DIP_HSET_USED; link = &pend->nodes[*link].next) {
    uint32_t e = pend->nodes[*link].event;
    const dip_event *ev = &ds->events[e];
    const dip_participant *p = &ds->parts[ev->parts];
    if (ev->start != date || ev->place != place || ev->nparts != 2 || p[0].actor != a2 || p[1].actor != a1 ||
        strcmp(dip_str(ds, ev->cameo), mirror))
      continue;
    *link = pend->nodes[*link].next;
    if (!(*rc = add_mirror(im, e, extra_key, fields))) *rc = dip_imp_alias(im, row_id, e);
    return 1;
  }
  return 0;
}

/* ---- reading files ---- */

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int add_file(dip_import *im, const char *name) {
  uint32_t off;
  if (GROW(im->files, im->filecap, im->nfiles + 1) || (off = add_text(im, name, strlen(name))) == UINT32_MAX)
    return dip_imp_oom(im);
  im->files[im->nfiles++] = off;
  return DIP_OK;
}

static int io_error(dip_import *im, const char *path, int e) {
  snprintf(im->err, sizeof im->err, "%s: %s", path, strerror(e ? e : EIO));
  return DIP_EIO;
}

/* What kind of file f holds, from its first bytes (f is rewound). */
static int sniff(FILE *f) {
  char head[4096];
  size_t n = fread(head, 1, sizeof head - 1, f), i = 0;
  int tabs = 0;
  rewind(f);
  head[n] = '\0';
  if (n >= 3 && (unsigned char)head[0] == 0xEF && (unsigned char)head[1] == 0xBB && (unsigned char)head[2] == 0xBF) i = 3;
  while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) i++;
  if (i < n && head[i] == '<') {
    /* the first element that is not a declaration, comment or doctype */
    for (const char *p = head + i; (p = strchr(p, '<')); p++) {
      if (p[1] == '?' || p[1] == '!') continue;
      if (!strncmp(p + 1, "trips", 5)) return DIP_FORMAT_HSG_TRAVELS;
      if (!strncmp(p + 1, "visits", 6)) return DIP_FORMAT_HSG_VISITS;
      return DIP_FORMAT_AUTO;
    }
    return DIP_FORMAT_AUTO;
  }
  if (!strncmp(head + i, "Event ID\t", 9)) return DIP_FORMAT_ICEWS;
  if (!strncmp(head + i, "event_id,", 9)) return DIP_FORMAT_CSV;
  if (!strncmp(head + i, "GLOBALEVENTID", 13)) return DIP_FORMAT_GDELT;
  for (; i < n && head[i] != '\n'; i++) tabs += head[i] == '\t';
  if (tabs == 56 || tabs == 57 || tabs == 60) return DIP_FORMAT_GDELT;
  return DIP_FORMAT_AUTO;
}

/* Reads an ICEWS file line by line: the header, then the rows. */
static int read_icews(dip_import *im, FILE *f, const char *path) {
  dip_import_state *st = im->state;
  char *buf = NULL;
  size_t cap = DIP_READ_CHUNK, have = 0;
  uint32_t lineno = 0;
  int eof = 0, rc = DIP_OK, skipping = 0;
  if (!(buf = malloc(cap))) return dip_imp_oom(im);
  while (!eof || have) {
    size_t start = 0;
    if (!eof) {
      size_t got = fread(buf + have, 1, cap - have, f);
      if (got < cap - have) {
        if (ferror(f)) {
          rc = io_error(im, path, errno);
          break;
        }
        eof = 1;
      }
      have += got;
    }
    if (skipping) {
      /* the rest of a line already reported as too long */
      char *nl = memchr(buf, '\n', have);
      if (!nl) {
        have = 0;
        continue;
      }
      have -= (size_t)(nl + 1 - buf);
      memmove(buf, nl + 1, have);
      skipping = 0;
    }
    for (;;) {
      char *nl = memchr(buf + start, '\n', have - start), *line = buf + start;
      size_t len;
      if (!nl) {
        if (!eof) break;
        if (start == have) break;
        len = have - start; /* the last line, without a newline */
        start = have;
      } else {
        len = (size_t)(nl - line);
        start += len + 1;
      }
      if (len && line[len - 1] == '\r') len--;
      lineno++;
      if (lineno == 1 && len >= 3 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
          (unsigned char)line[2] == 0xBF)
        line += 3, len -= 3;
      line[len] = '\0';
      if (!st->icews_header) {
        if ((rc = dip_icews_header(im, line, len))) break;
        continue;
      }
      if (len == 0) continue;
      im->rows++;
      rc = dip_icews_row(im, line, len, lineno);
      if (rc || st->fatal) break;
    }
    if (rc || st->fatal) break;
    if (start < have) {
      memmove(buf, buf + start, have - start);
      have -= start;
    } else {
      have = 0;
    }
    if (have == cap && !eof) { /* a line as long as the buffer: reported, then passed over */
      if (dip_imp_skip(im, ++lineno, "line longer than %zu bytes (the limit for an ICEWS row)", cap - 1)) {
        rc = DIP_ENOMEM;
        break;
      }
      skipping = 1;
      have = 0;
    }
    if (eof && !have) break;
  }
  free(buf);
  if (!rc && st->fatal) rc = st->fatal;
  if (!rc && !st->icews_header) {
    snprintf(im->err, sizeof im->err, "%s: empty file (expected the ICEWS header line)", path);
    rc = DIP_EINVAL;
  }
  return rc;
}

static int import_file(dip_import *im, const char *path, const char *shown, int in_folder) {
  FILE *f = fopen(path, "rb");
  int format = im->format, rc;
  if (!f) return io_error(im, path, errno);
  if (format == DIP_FORMAT_AUTO || in_folder) {
    int found = sniff(f);
    if (in_folder) {
      /* a folder's other XML files (such as the role code table) are left alone */
      if (found != DIP_FORMAT_HSG_TRAVELS && found != DIP_FORMAT_HSG_VISITS) found = -1;
      else if (format != DIP_FORMAT_AUTO && found != format) found = -1;
      if (found < 0) {
        fclose(f);
        return DIP_OK;
      }
    } else if (found == DIP_FORMAT_AUTO) {
      fclose(f);
      snprintf(im->err, sizeof im->err,
               "%s: cannot tell the format (give opts.format: gdelt, icews, hsg-travels, hsg-visits or csv)", path);
      return DIP_EINVAL;
    }
    format = found;
  }
  if ((rc = add_file(im, shown))) {
    fclose(f);
    return rc;
  }
  im->state->icews_header = 0;
  if (format == DIP_FORMAT_HSG_TRAVELS || format == DIP_FORMAT_HSG_VISITS) {
    rc = dip_hsg_file(im, f, format);
    if (rc == DIP_EIO) io_error(im, path, errno);
  } else if (format == DIP_FORMAT_GDELT) {
    struct stat fst;
    /* room for the events to come, at about 400 bytes a row (a guess only) */
    if (fstat(fileno(f), &fst) == 0 && fst.st_size > 0 && fst.st_size / 400 < (off_t)(DIP_MAX_COUNT / 4))
      dip_append_reserve(im->ds, (uint32_t)(fst.st_size / 400), 2 * (uint32_t)(fst.st_size / 400));
    rc = dip_gdelt_file(im, f, path);
  } else if (format == DIP_FORMAT_ICEWS) {
    rc = read_icews(im, f, path);
  } else if (format == DIP_FORMAT_CSV) {
    rc = dip_csv_file(im, f, path);
  } else {
    snprintf(im->err, sizeof im->err, "%s: format '%s' cannot be imported", path, dip_format_name(format));
    rc = DIP_EINVAL;
  }
  fclose(f);
  return rc;
}

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The folders an import has entered, by device and inode: a symbolic link
   back to one of them (or a second way to the same folder) is not followed
   again, so that a loop of links costs one visit, not exponential time. */
typedef struct folders_seen {
  struct stat *seen;
  uint32_t n, cap;
} folders_seen;

/* 1 when path's folder was entered before, 0 when it is new (and now recorded), -1 out of memory. */
static int enter_folder(folders_seen *fs, const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return 0; /* opendir reports it */
  for (uint32_t i = 0; i < fs->n; i++)
    if (fs->seen[i].st_dev == st.st_dev && fs->seen[i].st_ino == st.st_ino) return 1;
  if (GROW(fs->seen, fs->cap, fs->n + 1)) return -1;
  fs->seen[fs->n++] = st;
  return 0;
}

/* Imports the XML files of a folder and its subfolders, in name order. */
static int import_folder(dip_import *im, const char *path, const char *shown, int depth, folders_seen *fs) {
  DIR *d;
  struct dirent *de;
  char **names = NULL;
  uint32_t n = 0, cap = 0;
  int rc = DIP_OK, seen;
  if (depth > 8) return DIP_OK;
  if ((seen = enter_folder(fs, path))) return seen < 0 ? dip_imp_oom(im) : DIP_OK;
  if (!(d = opendir(path))) return io_error(im, path, errno);
  while ((de = readdir(d))) {
    char *name;
    if (de->d_name[0] == '.') continue;
    if (GROW(names, cap, n + 1) || !(name = malloc(strlen(de->d_name) + 1))) {
      rc = dip_imp_oom(im);
      break;
    }
    strcpy(name, de->d_name);
    names[n++] = name;
  }
  closedir(d);
  if (!rc && n) qsort(names, n, sizeof *names, cmp_names);
  for (uint32_t i = 0; i < n && !rc; i++) {
    size_t plen = strlen(path) + strlen(names[i]) + 2, slen = strlen(shown) + strlen(names[i]) + 2;
    char *full = malloc(plen), *sub = malloc(slen);
    size_t nl = strlen(names[i]);
    if (!full || !sub) {
      rc = dip_imp_oom(im);
    } else {
      snprintf(full, plen, "%s/%s", path, names[i]);
      snprintf(sub, slen, "%s%s%s", shown, *shown ? "/" : "", names[i]);
      if (is_dir(full)) rc = import_folder(im, full, sub, depth + 1, fs);
      else if (nl > 4 && !strcmp(names[i] + nl - 4, ".xml")) rc = import_file(im, full, sub, 1);
    }
    free(full);
    free(sub);
  }
  for (uint32_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return rc;
}

int dip_import_run(dip_import *im, const char *path) {
  dip_import_state *st;
  int rc;
  im->added = im->rows = 0;
  im->err[0] = '\0';
  if (!(st = calloc(1, sizeof *st))) return dip_imp_oom(im);
  im->state = st;
  dip_map_init(&st->state_of_name);
  st->day_key = UINT32_MAX;
  st->usa = st->usa_dos = st->usa_place = DIP_NONE;
  dip_mark_take(im->ds, &st->mark);
  if (is_dir(path)) {
    if (im->format != DIP_FORMAT_AUTO && im->format != DIP_FORMAT_HSG_TRAVELS && im->format != DIP_FORMAT_HSG_VISITS) {
      snprintf(im->err, sizeof im->err, "%s: a folder (only the Office of the Historian's records come as folders)", path);
      rc = DIP_EINVAL;
    } else {
      folders_seen fs = {NULL, 0, 0};
      rc = import_folder(im, path, "", 0, &fs);
      free(fs.seen);
      if (!rc && !im->nfiles) {
        snprintf(im->err, sizeof im->err, "%s: no trips or visits XML files in this folder", path);
        rc = DIP_EINVAL;
      }
    }
  } else {
    rc = import_file(im, path, path, 0);
  }
  if (!rc && st->nposts) rc = dip_hsg_finish(im);
  if (!rc && st->fatal) rc = st->fatal;
  if (rc) {
    if (rc == DIP_ENOMEM && !im->err[0]) snprintf(im->err, sizeof im->err, "%s: out of memory", path);
    for (uint32_t i = 0; i < st->naliases; i++)
      dip_map_put(&im->ds->event_of_id, &im->ds->mem, st->aliases[i], DIP_NONE);
    for (uint32_t i = 0; i < st->nlocated; i++) /* the points given to places from before */
      im->ds->places[st->located[i]].has_lat = im->ds->places[st->located[i]].has_lon = 0;
    dip_mark_rollback(im->ds, &st->mark);
    im->added = 0;
  }
  state_free(im);
  return rc;
}
