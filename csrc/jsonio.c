/* jsonio.c: the JSON document in (checked byte by byte before cJSON parses it) and out */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* madvise's MADV_DONTNEED */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "jsonio.h"
#include "fileio.h"
#include "snapshot.h"

/* Line and column (in characters, both from 1) of byte offset pos. */
static void position(const char *text, size_t pos, size_t *line, size_t *col) {
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < pos; i++) {
    unsigned char c = (unsigned char)text[i];
    if (c == '\n') {
      (*line)++;
      *col = 1;
    } else if ((c & 0xC0) != 0x80) {
      (*col)++;
    }
  }
}

/* The length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one. */
static size_t utf8_len(const unsigned char *s, size_t n) {
  uint32_t cp;
  size_t len;
  if (s[0] < 0x80) return 1;
  if (s[0] >= 0xC2 && s[0] <= 0xDF) len = 2, cp = s[0] & 0x1F;
  else if (s[0] >= 0xE0 && s[0] <= 0xEF) len = 3, cp = s[0] & 0x0F;
  else if (s[0] >= 0xF0 && s[0] <= 0xF4) len = 4, cp = s[0] & 0x07;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  return len;
}

int dip_utf8_valid(const char *s, size_t n) {
  for (size_t i = 0, k; i < n; i += k)
    if (!(k = utf8_len((const unsigned char *)s + i, n - i))) return 0;
  return 1;
}

typedef struct doc {
  const char *text;
  size_t len, pos;
  const char *name;
  char *err;
  size_t errsize;
  const char *map;    /* the file's mapping when the text is one, else NULL */
  size_t dropped;     /* bytes of it handed back to the kernel */
} doc;

/* A mapped document is read front to back, twice (the checks, then the
   parse): the pages behind the reader are handed back every DROP_STEP bytes
   (madvise), so that the file never sits in the process whole. Read again
   (an error message counts lines), they come back from the file. */
#define DROP_STEP ((size_t)32 << 20)

static void drop_behind(doc *d, size_t pos) {
  size_t upto, page;
  if (!d->map) return;
  upto = (size_t)(d->text - d->map) + pos;
  if (upto < d->dropped + DROP_STEP) return;
  page = (size_t)sysconf(_SC_PAGESIZE);
  upto -= upto % page;
  (void)madvise((void *)(d->map + d->dropped), upto - d->dropped, MADV_DONTNEED);
  d->dropped = upto;
}

/* Checks what cJSON does not: UTF-8, control characters in strings, depth.
   Returns NULL, or the reason with *at set to the offending offset. */
static const char *prescan(doc *d, const char *text, size_t len, size_t *at) {
  static char depth_msg[64];
  const unsigned char *s = (const unsigned char *)text;
  int in_string = 0;
  size_t depth = 0, next_drop = DROP_STEP;
  for (size_t i = 0; i < len;) {
    unsigned char c = s[i];
    size_t step = utf8_len(s + i, len - i);
    *at = i;
    if (!step) return "invalid UTF-8";
    if (d->map && i >= next_drop) {
      drop_behind(d, i);
      next_drop = i + DROP_STEP;
    }
    if (in_string) {
      if (c == '\\' && i + 5 < len && !memcmp(s + i + 1, "u0000", 5))
        return "\\u0000 in a string (a zero character cannot be kept)";
      if (c == '\\' && i + 1 < len && s[i + 1] < 0x80) step = 2;
      else if (c == '"') in_string = 0;
      else if (c < 0x20) return "control character in a string (escape it)";
    } else if (c == '"') {
      in_string = 1;
    } else if (c == '{' || c == '[') {
      if (++depth > DIP_MAX_DEPTH) {
        snprintf(depth_msg, sizeof depth_msg, "nesting deeper than %d levels", DIP_MAX_DEPTH);
        return depth_msg;
      }
    } else if (c == '}' || c == ']') {
      if (depth) depth--;
    }
    i += step;
  }
  if (in_string || depth > 0) {
    *at = len;
    return "unexpected end of document (is it truncated?)";
  }
  return NULL;
}

static size_t skip_space(const char *text, size_t len, size_t i) {
  while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
  return i;
}

static void syntax_error(char *err, size_t errsize, const char *name, const char *text, size_t len, size_t at,
                         const char *what) {
  size_t line, col;
  char buf[96];
  position(text, at, &line, &col);
  if (!what) {
    unsigned char c = at < len ? (unsigned char)text[at] : 0;
    if (skip_space(text, len, at) >= len) what = "unexpected end of document (is it truncated?)";
    else if (c >= 0x20 && c < 0x7f) snprintf(buf, sizeof buf, "unexpected '%c'", c), what = buf;
    else snprintf(buf, sizeof buf, "unexpected byte 0x%02x", c), what = buf;
  }
  if (name) snprintf(err, errsize, "%s:%zu:%zu: %s", name, line, col, what);
  else snprintf(err, errsize, "%zu:%zu: %s", line, col, what);
}


static int doc_syntax(doc *d, size_t at, const char *what) {
  syntax_error(d->err, d->errsize, d->name, d->text, d->len, at, what);
  return DIP_ESYNTAX;
}

/* Parses the value at d->pos with cJSON, moving past it (cJSON stops where
   the value ends and says where). */
static int parse_value(doc *d, cJSON **out) {
  const char *stop = NULL;
  *out = cJSON_ParseWithLengthOpts(d->text + d->pos, d->len - d->pos, &stop, 0);
  if (!*out) {
    size_t at = stop ? (size_t)(stop - d->text) : d->len;
    return doc_syntax(d, at > d->len ? d->len : at, NULL);
  }
  d->pos = (size_t)(stop - d->text);
  return DIP_OK;
}

static int expect(doc *d, char c) {
  d->pos = skip_space(d->text, d->len, d->pos);
  if (d->pos >= d->len || d->text[d->pos] != c) return doc_syntax(d, d->pos, NULL);
  d->pos++;
  return DIP_OK;
}

static int content_error(doc *d, dip_dataset *ds, int rc) {
  if (rc == DIP_ENOMEM) snprintf(d->err, d->errsize, "%s%sout of memory", d->name ? d->name : "", d->name ? ": " : "");
  else snprintf(d->err, d->errsize, "%s%s%s", d->name ? d->name : "", d->name ? ": " : "", ds->err);
  return rc;
}

/* Reads one of the four arrays element by element, so that only one element's
   cJSON tree is alive at a time. */
static int read_array(doc *d, dip_dataset *ds, enum dip_array array) {
  uint32_t i = 0;
  int rc;
  if ((rc = expect(d, '['))) return rc;
  d->pos = skip_space(d->text, d->len, d->pos);
  if (d->pos < d->len && d->text[d->pos] == ']') {
    d->pos++;
    return DIP_OK;
  }
  for (;;) {
    cJSON *o;
    d->pos = skip_space(d->text, d->len, d->pos);
    drop_behind(d, d->pos);
    if ((rc = parse_value(d, &o))) return rc;
    rc = dip_load_element(ds, array, i++, o);
    cJSON_Delete(o);
    if (rc) return content_error(d, ds, rc);
    d->pos = skip_space(d->text, d->len, d->pos);
    if (d->pos < d->len && d->text[d->pos] == ',') {
      d->pos++;
      continue;
    }
    return expect(d, ']');
  }
}

static int read_document(doc *d, dip_dataset *ds) {
  static const char *const arrays[] = {"places", "actors", "relations", "events"};
  unsigned seen = 0;
  int rc;
  if ((rc = expect(d, '{'))) return rc;
  d->pos = skip_space(d->text, d->len, d->pos);
  if (d->pos < d->len && d->text[d->pos] == '}') d->pos++;
  else for (;;) {
    cJSON *key, *value;
    size_t key_at;
    int array = -1;
    d->pos = skip_space(d->text, d->len, d->pos);
    key_at = d->pos;
    if (d->pos >= d->len || d->text[d->pos] != '"') return doc_syntax(d, d->pos, NULL);
    if ((rc = parse_value(d, &key))) return rc;
    if ((rc = expect(d, ':'))) {
      cJSON_Delete(key);
      return rc;
    }
    d->pos = skip_space(d->text, d->len, d->pos);
    for (int a = 0; a < 4; a++)
      if (!strcmp(key->valuestring, arrays[a])) array = a;
    if ((array >= 0 && (seen & (1u << array))) || (ds->extra && cJSON_GetObjectItemCaseSensitive(ds->extra, key->valuestring)) ||
        (!strcmp(key->valuestring, "format") && (ds->loading & DIP_SEEN_FORMAT)) ||
        (!strcmp(key->valuestring, "version") && (ds->loading & DIP_SEEN_VERSION)) ||
        (!strcmp(key->valuestring, "meta") && ds->meta)) {
      snprintf(ds->err, sizeof ds->err, "top level: duplicate key '%.80s'", key->valuestring);
      cJSON_Delete(key);
      (void)key_at;
      return content_error(d, ds, DIP_EINVAL);
    }
    if (array >= 0 && d->pos < d->len && d->text[d->pos] == '[') {
      seen |= 1u << array;
      cJSON_Delete(key);
      if ((rc = read_array(d, ds, (enum dip_array)array))) return rc;
    } else {
      if ((rc = parse_value(d, &value))) {
        cJSON_Delete(key);
        return rc;
      }
      rc = dip_load_top(ds, key->valuestring, value);
      cJSON_Delete(key);
      if (rc) return content_error(d, ds, rc);
    }
    d->pos = skip_space(d->text, d->len, d->pos);
    if (d->pos < d->len && d->text[d->pos] == ',') {
      d->pos++;
      continue;
    }
    if ((rc = expect(d, '}'))) return rc;
    break;
  }
  d->pos = skip_space(d->text, d->len, d->pos);
  if (d->pos < d->len) return doc_syntax(d, d->pos, "text after the end of the document");
  if ((rc = dip_load_end(ds))) return content_error(d, ds, rc);
  return DIP_OK;
}

/* dip_decode of text[0..len), which is all of map when map is not NULL. */
static dip_dataset *decode(const char *text, size_t len, const char *name, dip_alloc_fn alloc, void *ud, char *err,
                           size_t errsize, int *code, const char *map) {
  const char *why;
  size_t at = 0;
  dip_dataset *ds;
  doc d = {text, len, 0, name, err, errsize, map, 0};
  *code = DIP_ESYNTAX;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
    /* a UTF-8 byte order mark: skipped, as JSON readers may (RFC 8259, 8.1) */
    text += 3;
    len -= 3;
    d.text = text;
    d.len = len;
  }
  if (skip_space(text, len, 0) == len) {
    syntax_error(err, errsize, name, text, len, len, "empty document");
    return NULL;
  }
  if ((why = prescan(&d, text, len, &at))) {
    syntax_error(err, errsize, name, text, len, at, why);
    return NULL;
  }
  d.dropped = 0; /* the second pass reads from the start again */
  d.pos = skip_space(text, len, 0);
  if (text[d.pos] != '{') {
    /* not an object: a syntax error if cJSON says so, else the wrong kind of document */
    cJSON *root;
    if ((*code = parse_value(&d, &root))) return NULL;
    cJSON_Delete(root);
    d.pos = skip_space(text, len, d.pos);
    if (d.pos < len) {
      *code = DIP_ESYNTAX;
      syntax_error(err, errsize, name, text, len, d.pos, "text after the end of the document");
      return NULL;
    }
    *code = DIP_EINVAL;
    snprintf(err, errsize, "%s%stop level: expected an object, got %s", name ? name : "", name ? ": " : "",
             text[0] == '[' || text[skip_space(text, len, 0)] == '[' ? "array" : "a single value");
    return NULL;
  }
  if (!(ds = dip_new(alloc, ud))) {
    *code = DIP_ENOMEM;
    snprintf(err, errsize, "%s%sout of memory", name ? name : "", name ? ": " : "");
    return NULL;
  }
  if ((*code = read_document(&d, ds))) {
    dip_close(ds);
    return NULL;
  }
  return ds;
}

dip_dataset *dip_decode(const char *text, size_t len, const char *name, dip_alloc_fn alloc, void *ud, char *err,
                        size_t errsize, int *code) {
  return decode(text, len, name, alloc, ud, err, errsize, code, NULL);
}

/* The first byte that is not white space (nor a byte order mark) of text[0..len), or 0x20. */
static unsigned first_byte(const char *text, size_t len) {
  size_t i = len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
  i = skip_space(text, len, i);
  return i < len ? (unsigned char)text[i] : 0x20;
}

/* Whether the start of a file can begin a JSON value (the first read decides). */
static int looks_like_json(const char *text, size_t len) {
  unsigned c = first_byte(text, len);
  return c == 0x20 || (c && strchr("{[\"-0123456789tfn", (int)c) != NULL);
}

dip_dataset *dip_load(const char *path, dip_alloc_fn alloc, void *ud, char *err, size_t errsize, int *code) {
  return dip_load_flags(path, alloc, ud, 0, err, errsize, code);
}

dip_dataset *dip_load_flags(const char *path, dip_alloc_fn alloc, void *ud, unsigned flags, char *err, size_t errsize,
                            int *code) {
  FILE *f = *path ? fopen(path, "rb") : NULL;
  char *text = NULL;
  size_t len = 0, cap = 0;
  dip_dataset *ds;
  char head[8];
  if (!*path) {
    *code = DIP_EIO;
    snprintf(err, errsize, "empty path: name the file to read");
    return NULL;
  }
  if (!f) {
    *code = DIP_EIO;
    snprintf(err, errsize, "%s: %s", path, strerror(errno));
    return NULL;
  }
  if (fread(head, 1, sizeof head, f) == sizeof head && dip_is_snapshot(head, sizeof head)) {
    fclose(f);
    return dip_snapshot_load(path, alloc, ud, flags, err, errsize, code);
  }
  rewind(f);
  {
    struct stat st;
    int regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    if (regular && (uint64_t)st.st_size > DIP_MAX_MAPPED) {
      fclose(f);
      *code = DIP_EINVAL;
      snprintf(err, errsize, "%s: larger than %llu bytes, the limit for a document", path,
               (unsigned long long)DIP_MAX_MAPPED);
      return NULL;
    }
    if (regular && (uint64_t)st.st_size >= DIP_MAP_FROM && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX - 65536) {
      /* a file is mapped, not copied: the text is read in place, and zeros
         follow it (an anonymous page after the file's), so that no reader
         can run past its end into unmapped memory */
      size_t n = (size_t)st.st_size, page = (size_t)sysconf(_SC_PAGESIZE), span = n + page;
      char *region = mmap(NULL, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (region != MAP_FAILED) {
        if (mmap(region, n, PROT_READ, MAP_PRIVATE | MAP_FIXED, fileno(f), 0) != MAP_FAILED) {
          fclose(f);
          if (n >= 65536 && !looks_like_json(region, 65536)) {
            *code = DIP_ESYNTAX;
            snprintf(err, errsize, "%s: not a JSON document (byte 0x%02x at the start)", path, first_byte(region, 65536));
            munmap(region, span);
            return NULL;
          }
          (void)madvise(region, n, MADV_SEQUENTIAL);
          ds = decode(region, n, path, alloc, ud, err, errsize, code, region);
          munmap(region, span);
          return ds;
        }
        munmap(region, span);
      }
    }
    /* otherwise read into memory, within the limit of a document read whole */
  }
  for (;;) {
    size_t got;
    if (len == 65536 && cap == 65536 && !looks_like_json(text, len)) {
      /* a device or a large binary file: refused after its first block (small files get decode's message) */
      fclose(f);
      *code = DIP_ESYNTAX;
      snprintf(err, errsize, "%s: not a JSON document (byte 0x%02x at the start)", path, first_byte(text, len));
      free(text);
      return NULL;
    }
    if (len > DIP_MAX_DOCUMENT) {
      free(text);
      fclose(f);
      *code = DIP_EINVAL;
      snprintf(err, errsize, "%s: longer than %zu bytes, the limit for a document", path, (size_t)DIP_MAX_DOCUMENT);
      return NULL;
    }
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      char *t = ncap > cap ? realloc(text, ncap) : NULL;
      if (!t) {
        free(text);
        fclose(f);
        *code = DIP_ENOMEM;
        snprintf(err, errsize, "%s: out of memory", path);
        return NULL;
      }
      text = t;
      cap = ncap;
    }
    got = fread(text + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    int e = errno;
    free(text);
    fclose(f);
    *code = DIP_EIO;
    snprintf(err, errsize, "%s: %s", path, strerror(e));
    return NULL;
  }
  fclose(f);
  ds = dip_decode(text, len, path, alloc, ud, err, errsize, code);
  free(text);
  return ds;
}

/* ---- out ---- */

static int add_str(dip_dataset *ds, cJSON *o, const char *key, uint32_t s) {
  return s == DIP_NONE || cJSON_AddStringToObject(o, key, dip_str(ds, s)) ? 0 : -1;
}

static int add_date(dip_dataset *ds, cJSON *o, const char *key, uint32_t d) {
  return d == DIP_NONE ? 0 : add_str(ds, o, key, ds->dates[d].text);
}

static int add_aliases(dip_dataset *ds, cJSON *o, uint32_t off, uint32_t n) {
  cJSON *arr;
  if (!n) return 0;
  if (!(arr = cJSON_AddArrayToObject(o, "aliases"))) return -1;
  for (uint32_t i = 0; i < n; i++) {
    cJSON *s = cJSON_CreateString(dip_str(ds, ds->lists[off + i]));
    if (!s) return -1;
    cJSON_AddItemToArray(arr, s);
  }
  return 0;
}

/* Adds a copy of v to o under key: 0, or -1 when memory runs out (then
   nothing is added and nothing is left over: the copy is deleted when its
   key could not be). */
static int add_copy(cJSON *o, const char *key, const cJSON *v) {
  cJSON *copy = cJSON_Duplicate(v, 1);
  if (!copy) return -1;
  if (!cJSON_AddItemToObject(o, key, copy)) {
    cJSON_Delete(copy);
    return -1;
  }
  return 0;
}

/* Appends copies of the unknown keys kept in extra. */
static int add_extra(cJSON *o, const cJSON *extra) {
  const cJSON *item;
  if (!extra) return 0;
  cJSON_ArrayForEach(item, extra)
    if (add_copy(o, item->string, item)) return -1;
  return 0;
}

static cJSON *place_json(dip_dataset *ds, const dip_place *p) {
  cJSON *o = cJSON_CreateObject();
  if (!o || add_str(ds, o, "id", p->id) || add_str(ds, o, "name", p->name) || add_str(ds, o, "kind", p->kind) ||
      (p->within != DIP_NONE && add_str(ds, o, "within", ds->places[p->within].id)) ||
      (p->has_lat && !cJSON_AddNumberToObject(o, "lat", p->lat)) ||
      (p->has_lon && !cJSON_AddNumberToObject(o, "lon", p->lon)) || add_str(ds, o, "country", p->country) ||
      add_aliases(ds, o, p->aliases, p->naliases) || add_extra(o, p->extra)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *actor_json(dip_dataset *ds, const dip_actor *a) {
  cJSON *o = cJSON_CreateObject();
  if (!o || add_str(ds, o, "id", a->id) || add_str(ds, o, "name", a->name) || add_str(ds, o, "kind", a->kind) ||
      add_str(ds, o, "country", a->country) || add_aliases(ds, o, a->aliases, a->naliases) ||
      (a->codes && add_copy(o, "codes", a->codes)) ||
      add_extra(o, a->extra)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *relation_json(dip_dataset *ds, const dip_relation *r) {
  cJSON *o = cJSON_CreateObject();
  if (!o || add_str(ds, o, "actor", ds->actors[r->actor].id) || add_str(ds, o, "type", r->type) ||
      add_str(ds, o, "target", ds->actors[r->target].id) || add_str(ds, o, "title", r->title) ||
      add_date(ds, o, "start", r->start) || add_date(ds, o, "end", r->end) || add_extra(o, r->extra)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *participant_json(dip_dataset *ds, uint32_t h) {
  const dip_participant *p = &ds->parts[h];
  cJSON *o = cJSON_CreateObject();
  if (!o || add_str(ds, o, "actor", ds->actors[p->actor].id) || add_str(ds, o, "role", p->role) ||
      (p->side != DIP_NONE && add_str(ds, o, "side", ds->actors[p->side].id)) || add_extra(o, dip_part_extra(ds, h))) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

static cJSON *event_json(dip_dataset *ds, const dip_event *e) {
  uint32_t h = (uint32_t)(e - ds->events);
  const cJSON *kept;
  cJSON *o, *parts;
  /* kept JSON not parsed yet (an opened snapshot) is parsed now: memory running out there fails the event */
  if (dip_event_kept_ready(ds, h)) return NULL;
  kept = dip_event_sources(ds, h);
  o = cJSON_CreateObject();
  if (!o || add_str(ds, o, "id", e->id) || add_str(ds, o, "type", e->type) || add_str(ds, o, "title", e->title) ||
      add_date(ds, o, "start", e->start) || add_date(ds, o, "end", e->end) ||
      (e->place != DIP_NONE && add_str(ds, o, "place", ds->places[e->place].id)) ||
      (e->status != DIP_STATUS_UNSET && !cJSON_AddStringToObject(o, "status", dip_status_names[e->status])))
    goto fail;
  if (e->nparts) {
    if (!(parts = cJSON_AddArrayToObject(o, "participants"))) goto fail;
    for (uint32_t i = 0; i < e->nparts; i++) {
      cJSON *p = participant_json(ds, e->parts + i);
      if (!p) goto fail;
      cJSON_AddItemToArray(parts, p);
    }
  }
  if (kept && add_copy(o, "sources", kept)) goto fail;
  if ((e->part_of != DIP_NONE && add_str(ds, o, "part_of", ds->events[e->part_of].id)) ||
      add_str(ds, o, "cameo", e->cameo) || add_extra(o, dip_event_extra(ds, h)))
    goto fail;
  return o;
fail:
  cJSON_Delete(o);
  return NULL;
}

cJSON *dip_to_json(dip_dataset *ds) {
  cJSON *root = cJSON_CreateObject(), *arr;
  if (!root || !cJSON_AddStringToObject(root, "format", "diplomacy") || !cJSON_AddNumberToObject(root, "version", 1))
    goto fail;
  if (ds->meta && add_copy(root, "meta", ds->meta)) goto fail;
#define ARRAY(key, n, make, objs)                          \
  if (!(arr = cJSON_AddArrayToObject(root, key))) goto fail; \
  for (uint32_t i = 0; i < (n); i++) {                     \
    cJSON *item = make(ds, &(objs)[i]);                    \
    if (!item) goto fail;                                  \
    cJSON_AddItemToArray(arr, item);                       \
  }
  ARRAY("places", ds->nplaces, place_json, ds->places)
  ARRAY("actors", ds->nactors, actor_json, ds->actors)
  ARRAY("relations", ds->nrelations, relation_json, ds->relations)
  ARRAY("events", ds->nevents, event_json, ds->events)
#undef ARRAY
  if (add_extra(root, ds->extra)) goto fail;
  return root;
fail:
  cJSON_Delete(root);
  return NULL;
}

int dip_encode(dip_dataset *ds, const char **text, size_t *len) {
  cJSON *root = dip_to_json(ds);
  if (ds->outbuf) cJSON_free(ds->outbuf);
  ds->outbuf = NULL;
  if (!root) return dip_set_err(ds, DIP_ENOMEM, "out of memory");
  ds->outbuf = cJSON_Print(root);
  cJSON_Delete(root);
  if (!ds->outbuf) return dip_set_err(ds, DIP_ENOMEM, "out of memory");
  *text = ds->outbuf;
  *len = strlen(ds->outbuf);
  return DIP_OK;
}

typedef struct text_out {
  const char *text;
  size_t len;
} text_out;

static int put_text(FILE *f, void *ctx) {
  const text_out *t = ctx;
  return fwrite(t->text, 1, t->len, f) != t->len || fputc('\n', f) == EOF ? DIP_EIO : DIP_OK;
}

int dip_save(dip_dataset *ds, const char *path) {
  text_out t;
  int rc = dip_encode(ds, &t.text, &t.len);
  if (!rc) rc = dip_write_file(ds, path, put_text, &t);
  /* the text is large and kept only for encode's caller */
  if (ds->outbuf) cJSON_free(ds->outbuf);
  ds->outbuf = NULL;
  return rc;
}
