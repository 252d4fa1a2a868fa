/* import_gdelt.c: GDELT 1.0 (57 or 58 fields) and 2.0 (61 fields) event rows into events, actors and places */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "cameo.h"
#include "import_common.h"

#define MAX_FIELDS 62

/* Columns that differ between the layouts (the first 35 are shared). */
typedef struct layout {
  int geo_type, geo_name, geo_cc, geo_adm1, geo_lat, geo_lon, geo_fid, dateadded, url;
} layout;

static const layout gdelt2 = {51, 52, 53, 54, 56, 57, 58, 59, 60};
static const layout gdelt1 = {49, 50, 51, 52, 53, 54, 55, 56, 57};

enum {
  F_ID = 0, F_SQLDATE = 1, F_A1CODE = 5, F_A2CODE = 15, F_ISROOT = 25, F_CODE = 26, F_QUAD = 29,
  F_GOLDSTEIN = 30, F_MENTIONS = 31, F_SOURCES = 32, F_ARTICLES = 33, F_TONE = 34
};

typedef struct row {
  char *f[MAX_FIELDS];
  size_t n[MAX_FIELDS];
  int nf;
  const layout *lay;
} row;

/* What the model needs of a row, read and checked apart from the model (by
   the reader thread): the fields, or why the row is left out. */
enum { P_ID, P_DATE, P_A1, P_A2, P_CODE, P_TYPE, P_NAME, P_CC, P_ADM1, P_LAT, P_LON, P_FID, P_SOURCE, NP };

typedef struct prow {
  const char *f[NP];
  uint32_t n[NP];
  uint32_t lineno;
  uint32_t reason;      /* offset + 1 of why it is left out, in the chunk's reasons; 0: a good row */
  int has_ll;
  char *extra, *sources; /* JSON text (cJSON_malloc) of the rest of the row and of its sources; owned until applied */
} prow;

static int all_digits(const char *s, size_t n) {
  if (!n) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* ---- actors from CAMEO actor codes ---- */

static uint32_t actor_for_code(dip_import *im, const char *code, size_t n);

static const char *token_label(const char *t, const dip_country **country) {
  const dip_cameo_type *ty;
  const dip_cameo_group *g;
  const char *r;
  *country = NULL;
  if ((ty = dip_cameo_type_of(t, 3))) return ty->label;
  if ((g = dip_cameo_group_of(t, 3))) return g->name;
  if ((*country = dip_country_by_cameo(t, 3))) return (*country)->name;
  if ((r = dip_cameo_region(t, 3))) return r;
  return NULL;
}

static const char *token_kind(const char *t) {
  const dip_cameo_type *ty = dip_cameo_type_of(t, 3);
  const dip_cameo_group *g;
  if (ty) return ty->kind;
  if ((g = dip_cameo_group_of(t, 3))) return g->kind;
  return "group";
}

static int well_formed(const char *code, size_t n) {
  if (n % 3 || n > 45) return 0;
  for (size_t i = 0; i < n; i += 3) {
    int upper = 1, lower = 1;
    for (size_t j = i; j < i + 3; j++) {
      char c = code[j];
      upper &= (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      lower &= c >= 'a' && c <= 'z'; /* ethnic groups are lower case in CAMEO */
    }
    if (!upper && !lower) return 0;
  }
  return 1;
}

static uint32_t new_actor(dip_import *im, const char *id, size_t idlen, const char *name, const char *kind,
                          const char *country, const char *code, size_t n, uint32_t part_of) {
  uint32_t sid = dip_imp_str(im, id, idlen), sname = dip_imp_str(im, name, strlen(name));
  if (sid == DIP_NONE || sname == DIP_NONE) return DIP_NONE;
  return dip_imp_actor(im, sid, sname, DIP_NONE, kind, country, code, n, part_of);
}

/* The actor a CAMEO actor code stands for, created with its parents. */
static uint32_t make_actor(dip_import *im, const char *code, size_t n) {
  dip_dataset *ds = im->ds;
  const dip_country *c0 = NULL, *c;
  const dip_cameo_group *g;
  const char *label, *region = NULL;
  char name[300];
  size_t used = 0;
  if (!well_formed(code, n)) return new_actor(im, code, n, code, "group", NULL, code, n, DIP_NONE);
  token_label(code, &c0);
  if (!c0) region = dip_cameo_region(code, 3);
  if (n == 3) {
    const dip_cameo_type *ty;
    if (c0) return dip_imp_state(im, c0);
    if (region) return new_actor(im, code, 3, region, "region", NULL, code, 3, DIP_NONE);
    if ((g = dip_cameo_group_of(code, 3))) return new_actor(im, g->id, strlen(g->id), g->name, g->kind, NULL, code, 3, DIP_NONE);
    if ((ty = dip_cameo_type_of(code, 3))) return new_actor(im, code, 3, ty->label, ty->kind, NULL, code, 3, DIP_NONE);
    return new_actor(im, code, 3, code, "group", NULL, code, 3, DIP_NONE);
  }
  if (c0 || region) {
    /* a body or a group of a country (or region): the prefix is its parent */
    const char *last = code + n - 3, *kind = token_kind(last);
    uint32_t parent = actor_for_code(im, code, n - 3), pkind;
    const char *where = c0 ? c0->name : region;
    int agency = !strcmp(kind, "agency");
    if (parent == DIP_NONE) return DIP_NONE;
    if ((g = dip_cameo_group_of(last, 3)))
      return new_actor(im, g->id, strlen(g->id), g->name, g->kind, NULL, code, n, DIP_NONE);
    for (size_t i = 3; i < n; i += 3) {
      char tok[4];
      memcpy(tok, code + i, 3);
      tok[3] = '\0';
      label = token_label(tok, &c);
      used += (size_t)snprintf(name + used, sizeof name - used, "%s%s", i > 3 ? " / " : "", label ? label : tok);
      if (used >= sizeof name) used = sizeof name - 1;
    }
    snprintf(name + used, sizeof name - used, " (%s)", where);
    pkind = ds->actors[parent].kind;
    agency = agency && pkind != DIP_NONE &&
             (!strcmp(dip_str(ds, pkind), "state") || !strcmp(dip_str(ds, pkind), "agency"));
    return new_actor(im, code, n, name, kind, c0 ? c0->iso3 : NULL, code, n, agency ? parent : DIP_NONE);
  }
  /* a known group after the sector and region parts (IGOWSTNAT: NATO) */
  for (size_t i = 0; i < n; i += 3) {
    if (!(g = dip_cameo_group_of(code + i, 3))) continue;
    if (i + 3 == n) return new_actor(im, g->id, strlen(g->id), g->name, g->kind, NULL, code, n, DIP_NONE);
    {
      uint32_t parent = actor_for_code(im, code, n - 3);
      const char *last = code + n - 3, *kind = token_kind(last);
      char tok[4];
      if (parent == DIP_NONE) return DIP_NONE;
      memcpy(tok, last, 3);
      tok[3] = '\0';
      label = token_label(tok, &c);
      snprintf(name, sizeof name, "%s (%s)", label ? label : tok, dip_str(ds, ds->actors[parent].name));
      return new_actor(im, code, n, name, kind, NULL, code, n, !strcmp(kind, "agency") ? parent : DIP_NONE);
    }
  }
  /* sectors only (GOVMIL, MNCUSA): one actor, with the country a part names */
  {
    const dip_country *country = NULL;
    const char *kind = "group";
    for (size_t i = 0; i < n; i += 3) {
      char tok[4];
      memcpy(tok, code + i, 3);
      tok[3] = '\0';
      label = token_label(tok, &c);
      if (c) {
        if (!country) country = c;
        continue;
      }
      kind = token_kind(tok);
      used += (size_t)snprintf(name + used, sizeof name - used, "%s%s", used ? " / " : "", label ? label : tok);
      if (used >= sizeof name) used = sizeof name - 1;
    }
    if (country) snprintf(name + used, sizeof name - used, "%s(%s)", used ? " " : "", country->name);
    return new_actor(im, code, n, name, kind, country ? country->iso3 : NULL, code, n, DIP_NONE);
  }
}

static uint32_t actor_for_code(dip_import *im, const char *code, size_t n) {
  dip_import_state *st = im->state;
  uint64_t key = dip_hash64(code, n, 'A');
  uint32_t h = dip_hset_get(&st->actor_of_code, key);
  if (h != UINT32_MAX) return h;
  if ((h = make_actor(im, code, n)) == DIP_NONE) return DIP_NONE;
  if (dip_hset_add(&st->actor_of_code, key, h)) return dip_imp_oom(im), DIP_NONE;
  return h;
}

/* ---- places from ActionGeo ---- */

/* Looks a place of this import up by kind letter and code. */
static uint32_t cached_place(dip_import *im, char kind, const char *code, size_t n, uint64_t *key) {
  uint32_t h;
  *key = dip_hash64(code, n, (uint64_t)kind);
  h = dip_hset_get(&im->state->place_of_key, *key);
  return h == UINT32_MAX ? DIP_NONE : h;
}

static int remember_place(dip_import *im, uint64_t key, uint32_t place) {
  if (dip_hset_add(&im->state->place_of_key, key, place)) return dip_imp_oom(im);
  return DIP_OK;
}

static uint32_t gdelt_place(dip_import *im, const char *prefix, const char *code, size_t n, const char *name,
                            size_t namelen, const char *kind, uint32_t within, const double *lat, const double *lon,
                            const char *country) {
  char id[160];
  int idlen = snprintf(id, sizeof id, "%s%.*s", prefix, (int)(n > 120 ? 120 : n), code);
  uint32_t sid = dip_imp_str(im, id, (size_t)idlen), sname;
  if (sid == DIP_NONE) return DIP_NONE;
  if (!namelen) name = code, namelen = n;
  if ((sname = dip_imp_str(im, name, namelen)) == DIP_NONE) return DIP_NONE;
  return dip_imp_place(im, sid, sname, kind, within, lat, lon, country);
}

static void read_coords(const prow *r, int has_ll, double *la, double *lo, const double **lat, const double **lon) {
  if (!has_ll || *lat) return;
  *la = strtod(r->f[P_LAT], NULL);
  *lo = strtod(r->f[P_LON], NULL);
  *lat = la;
  *lon = lo;
}

/* The place of the row's action (DIP_NONE without one); *rc set on failure. */
static uint32_t action_place(dip_import *im, const prow *r, int has_ll, int *rc) {
  double la = 0, lo = 0;
  const double *lat = NULL, *lon = NULL; /* read when a place is made */
  const char *type = r->f[P_TYPE], *full = r->f[P_NAME], *cc = r->f[P_CC];
  const char *adm1 = r->f[P_ADM1], *fid = r->f[P_FID];
  size_t ncc = r->n[P_CC], nadm1 = r->n[P_ADM1], nfid = r->n[P_FID], nfull = r->n[P_NAME];
  const char *first_comma = memchr(full, ',', nfull), *last_comma = NULL;
  const dip_country *c = NULL;
  uint64_t key;
  uint32_t country = DIP_NONE, region = DIP_NONE, place;
  int t = r->n[P_TYPE] == 1 ? type[0] - '0' : 0;
  *rc = DIP_OK;
  if (t < 1 || t > 5) return DIP_NONE;
  for (size_t i = nfull; i-- > 0;)
    if (full[i] == ',') {
      last_comma = full + i;
      break;
    }
  /* the country */
  if (ncc) {
    if ((country = cached_place(im, 'c', cc, ncc, &key)) == DIP_NONE) {
      read_coords(r, has_ll, &la, &lo, &lat, &lon);
      if ((c = dip_country_by_fips(cc, ncc))) {
        uint32_t sid = dip_imp_str(im, c->iso3, 3), sname = dip_imp_str(im, c->name, strlen(c->name));
        if (sid == DIP_NONE || sname == DIP_NONE) goto oom;
        country = dip_imp_place(im, sid, sname, "country", DIP_NONE, t == 1 ? lat : NULL, t == 1 ? lon : NULL, c->iso3);
      } else {
        const char *nm = last_comma ? last_comma + 2 : full;
        size_t nl = last_comma ? (size_t)(full + nfull - nm) : nfull;
        if (last_comma && nfull < (size_t)(last_comma - full) + 2) nm = full, nl = nfull;
        country = gdelt_place(im, "FIPS:", cc, ncc, nm, nl, "country", DIP_NONE, t == 1 ? lat : NULL,
                              t == 1 ? lon : NULL, NULL);
      }
      if (country == DIP_NONE || remember_place(im, key, country)) goto oom;
    } else if (t == 1 && has_ll) {
      read_coords(r, has_ll, &la, &lo, &lat, &lon);
      dip_imp_place_coords(im, country, lat, lon);
    }
  }
  if (t == 1) return country;
  /* the first-level division (a US state, a province) */
  if (nadm1 > 2 || (nadm1 && !ncc)) {
    if ((region = cached_place(im, 'a', adm1, nadm1, &key)) == DIP_NONE) {
      const char *nm = full;
      size_t nl = nfull;
      if (!c && ncc) c = dip_country_by_fips(cc, ncc);
      read_coords(r, has_ll, &la, &lo, &lat, &lon);
      if (t == 3 || t == 4) {
        /* "City, Region, Country": the region is between the first and the last comma */
        if (first_comma && last_comma && first_comma < last_comma) {
          nm = first_comma + 1;
          while (*nm == ' ') nm++;
          nl = (size_t)(last_comma - nm);
        } else {
          nm = adm1, nl = nadm1;
        }
      } else if (first_comma) {
        nl = (size_t)(first_comma - full);
      }
      region = gdelt_place(im, "gdelt:", adm1, nadm1, nm, nl, "region", country, (t == 2 || t == 5) ? lat : NULL,
                           (t == 2 || t == 5) ? lon : NULL, c ? c->iso3 : NULL);
      if (region == DIP_NONE || remember_place(im, key, region)) goto oom;
    } else if ((t == 2 || t == 5) && has_ll) {
      read_coords(r, has_ll, &la, &lo, &lat, &lon);
      dip_imp_place_coords(im, region, lat, lon);
    }
  }
  if (t == 2 || t == 5) return region != DIP_NONE ? region : country;
  /* a city or a landmark */
  if (!nfid || (nfid == 1 && fid[0] == '0')) fid = full, nfid = nfull;
  if (!nfid) return region != DIP_NONE ? region : country;
  if ((place = cached_place(im, 'f', fid, nfid, &key)) == DIP_NONE) {
    size_t nl = first_comma ? (size_t)(first_comma - full) : nfull;
    if (!c && ncc) c = dip_country_by_fips(cc, ncc);
    read_coords(r, has_ll, &la, &lo, &lat, &lon);
    place = gdelt_place(im, "gdelt:", fid, nfid, full, nl, "city", region != DIP_NONE ? region : country, lat, lon,
                        c ? c->iso3 : NULL);
    if (place == DIP_NONE || remember_place(im, key, place)) goto oom;
  }
  return place;
oom:
  *rc = dip_imp_oom(im);
  return DIP_NONE;
}

/* ---- rows: read and checked (no model), then applied ---- */

static void add_field(row *r, char *start, char *end) {
  if (r->nf < MAX_FIELDS) {
    r->f[r->nf] = start;
    r->n[r->nf] = (size_t)(end - start);
  }
  r->nf++;
}

/* Splits the line at its tabs (each becomes a NUL); returns the number of
   fields (MAX_FIELDS + 1 for more) and sets *high when a byte is not ASCII. */
static int split(char *line, size_t len, row *r, int *high) {
  char *start = line;
  size_t i = 0;
  unsigned char any = 0;
  r->nf = 0;
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  {
    /* eight bytes at a time: a byte equal to a tab, or with its top bit set */
    uint64_t hi = 0;
    for (; i + 8 <= len; i += 8) {
      uint64_t w, t, m;
      memcpy(&w, line + i, 8);
      hi |= w;
      t = w ^ 0x0909090909090909ull;
      m = (t - 0x0101010101010101ull) & ~t & 0x8080808080808080ull;
      while (m) {
        size_t at = i + (size_t)(__builtin_ctzll(m) >> 3);
        m &= m - 1;
        if (line[at] != '\t') continue; /* a false match after a real one */
        add_field(r, start, line + at);
        line[at] = '\0';
        start = line + at + 1;
      }
    }
    any = (hi & 0x8080808080808080ull) != 0;
  }
#endif
  for (; i < len; i++) {
    any |= (unsigned char)line[i] & 0x80;
    if (line[i] != '\t') continue;
    add_field(r, start, line + i);
    line[i] = '\0';
    start = line + i + 1;
  }
  add_field(r, start, line + len);
  *high = any != 0;
  return r->nf > MAX_FIELDS ? MAX_FIELDS + 1 : r->nf;
}

/* Whether a number (checked as JSON already) lies within [-limit, limit]. */
static int in_range(const char *s, size_t n, int limit) {
  size_t i = s[0] == '-';
  int whole = 0;
  for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
    whole = whole * 10 + (s[i] - '0');
    if (whole > limit) return 0;
  }
  if (i < n && s[i] != '.') return fabs(strtod(s, NULL)) <= limit; /* an exponent */
  if (whole < limit) return 1;
  for (i++; i < n; i++)
    if (s[i] != '0') return 0;
  return 1;
}

static const struct numeric {
  int field;
  const char *name, *key; /* key: as it is written in the extra's JSON */
} numerics[] = {
  {F_ISROOT, "IsRootEvent", "\"IsRootEvent\":"}, {F_QUAD, "QuadClass", "\"QuadClass\":"},
  {F_GOLDSTEIN, "GoldsteinScale", "\"GoldsteinScale\":"}, {F_MENTIONS, "NumMentions", "\"NumMentions\":"},
  {F_SOURCES, "NumSources", "\"NumSources\":"}, {F_ARTICLES, "NumArticles", "\"NumArticles\":"},
  {F_TONE, "AvgTone", "\"AvgTone\":"},
};

/* Where a reader keeps its text: the JSON being built, and the reasons of rows left out. */
typedef struct reader {
  dip_buf json, reasons;
} reader;

static int leave_out(reader *rd, prow *p, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;

static int vleave_out(reader *rd, prow *p, const char *fmt, va_list ap) {
  char msg[300];
  size_t off = rd->reasons.n;
  vsnprintf(msg, sizeof msg, fmt, ap);
  dip_buf_add(&rd->reasons, msg, strlen(msg) + 1); /* with its NUL */
  if (rd->reasons.failed || off >= UINT32_MAX) return -1;
  p->reason = (uint32_t)off + 1;
  return 0;
}

static int leave_out(reader *rd, prow *p, const char *fmt, ...) {
  va_list ap;
  int rc;
  va_start(ap, fmt);
  rc = vleave_out(rd, p, fmt, ap);
  va_end(ap);
  return rc;
}

/* The text of b in a block of its own (cJSON_malloc), or NULL. */
static char *copy_text(const dip_buf *b) {
  char *t;
  if (b->failed || !(t = cJSON_malloc(b->n + 1))) return NULL;
  memcpy(t, b->s, b->n + 1);
  return t;
}

/* Reads and checks one row into p, touching no dataset (so that it may run
   on another thread). Returns 0, or -1 when memory is exhausted. */
/* DATEADDED (YYYYMMDD or YYYYMMDDhhmmss, n 8 or 14, digits checked) as an ISO date written to
   out (room for 21): 20250807220000 is "2025-08-07T22:00:00Z", 20130203 "2013-02-03". Returns
   its length. Both the check that it is a real date and the source's "published" use it. */
static size_t dateadded_iso(const char *s, size_t n, char *out) {
  memcpy(out, "0000-00-00T00:00:00Z", 21);
  memcpy(out, s, 4);
  memcpy(out + 5, s + 4, 2);
  memcpy(out + 8, s + 6, 2);
  if (n != 14) return 10;
  memcpy(out + 11, s + 8, 2);
  memcpy(out + 14, s + 10, 2);
  memcpy(out + 17, s + 12, 2);
  return 20;
}

static int read_row(reader *rd, char *line, size_t len, uint32_t lineno, prow *p) {
  const layout *L;
  row r;
  dip_buf *b = &rd->json;
  size_t start;
  int high, nf = split(line, len, &r, &high);
  memset(p, 0, sizeof *p);
  p->lineno = lineno;
  if (nf != 57 && nf != 58 && nf != 61)
    return leave_out(rd, p, "expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated fields, got %d%s",
                     nf > MAX_FIELDS ? nf - 1 : nf, nf > MAX_FIELDS ? " or more" : "");
  L = r.lay = nf == 61 ? &gdelt2 : &gdelt1;
  if (high) {
    for (int i = 0; i < nf; i++)
      if (!dip_utf8_valid(r.f[i], r.n[i])) return leave_out(rd, p, "field %d: invalid UTF-8", i + 1);
  }
  if (!all_digits(r.f[F_ID], r.n[F_ID]) || r.n[F_ID] > 19)
    return leave_out(rd, p, "GLOBALEVENTID: '%.24s' is not a number", r.f[F_ID]);
  if (r.n[F_SQLDATE] != 8 || !all_digits(r.f[F_SQLDATE], 8))
    return leave_out(rd, p, "SQLDATE: '%.24s' is not a date (expected YYYYMMDD)", r.f[F_SQLDATE]);
  {
    char text[11];
    const char *s = r.f[F_SQLDATE], *why;
    dip_span span;
    memcpy(text, s, 4);
    text[4] = '-';
    memcpy(text + 5, s + 4, 2);
    text[7] = '-';
    memcpy(text + 8, s + 6, 2);
    if (dip_date_parse(text, 10, &span, &why)) return leave_out(rd, p, "SQLDATE: '%s' is not a date: %s", s, why);
  }
  if (!all_digits(r.f[F_CODE], r.n[F_CODE]) || r.n[F_CODE] > 4 || !dip_cameo_map(r.f[F_CODE], r.n[F_CODE]))
    return leave_out(rd, p, "EventCode: '%.24s' is not a CAMEO event code", r.f[F_CODE]);
  for (size_t i = 0; i < sizeof numerics / sizeof numerics[0]; i++) {
    int f = numerics[i].field;
    if (r.n[f] && !dip_is_number(r.f[f], r.n[f]))
      return leave_out(rd, p, "%s: '%.24s' is not a number", numerics[i].name, r.f[f]);
  }
  /* written into the kept JSON as it is: anything but digits would break it */
  if (r.n[L->geo_type] && !all_digits(r.f[L->geo_type], r.n[L->geo_type]))
    return leave_out(rd, p, "ActionGeo_Type: '%.24s' is not a number", r.f[L->geo_type]);
  if (r.n[L->geo_lat] || r.n[L->geo_lon]) {
    if (!dip_is_number(r.f[L->geo_lat], r.n[L->geo_lat]) || !dip_is_number(r.f[L->geo_lon], r.n[L->geo_lon]))
      return leave_out(rd, p, "ActionGeo_Lat, ActionGeo_Long: '%.24s', '%.24s' are not numbers", r.f[L->geo_lat],
                       r.f[L->geo_lon]);
    if (!in_range(r.f[L->geo_lat], r.n[L->geo_lat], 90) || !in_range(r.f[L->geo_lon], r.n[L->geo_lon], 180))
      return leave_out(rd, p, "ActionGeo_Lat, ActionGeo_Long: %.24s, %.24s out of range", r.f[L->geo_lat],
                       r.f[L->geo_lon]);
    p->has_ll = 1;
  }
  if (r.n[L->dateadded] &&
      !((r.n[L->dateadded] == 14 || r.n[L->dateadded] == 8) && all_digits(r.f[L->dateadded], r.n[L->dateadded])))
    return leave_out(rd, p, "DATEADDED: '%.24s' is not a date (expected YYYYMMDD or YYYYMMDDhhmmss)",
                     r.f[L->dateadded]);
  if (r.n[L->dateadded]) {
    /* it becomes the source's "published", which must be a date that exists */
    const char *why;
    char when[24];
    dip_span span;
    if (dip_date_parse(when, dateadded_iso(r.f[L->dateadded], r.n[L->dateadded], when), &span, &why))
      return leave_out(rd, p, "DATEADDED: '%.24s' is not a date: %s", r.f[L->dateadded], why);
  }

#define TAKE(k, i) (p->f[k] = r.f[i], p->n[k] = (uint32_t)r.n[i])
  TAKE(P_ID, F_ID);
  TAKE(P_DATE, F_SQLDATE);
  TAKE(P_A1, F_A1CODE);
  TAKE(P_A2, F_A2CODE);
  TAKE(P_CODE, F_CODE);
  TAKE(P_TYPE, L->geo_type);
  TAKE(P_NAME, L->geo_name);
  TAKE(P_CC, L->geo_cc);
  TAKE(P_ADM1, L->geo_adm1);
  TAKE(P_LAT, L->geo_lat);
  TAKE(P_LON, L->geo_lon);
  TAKE(P_FID, L->geo_fid);
  /* the document both rows of a dyad come from: the URL (the day added without one) */
  if (nf == 57) TAKE(P_SOURCE, L->dateadded);
  else TAKE(P_SOURCE, L->url);
#undef TAKE

  /* the rest of the row, kept on the event */
  dip_buf_reset(b);
  start = 0;
  dip_buf_char(b, '{');
  for (size_t i = 0; i < sizeof numerics / sizeof numerics[0]; i++) {
    int f = numerics[i].field;
    if (!r.n[f]) continue;
    if (b->n > start + 1) dip_buf_char(b, ',');
    dip_buf_add(b, numerics[i].key, strlen(numerics[i].key));
    dip_buf_add(b, r.f[f], r.n[f]);
  }
  if (r.n[L->dateadded]) { /* digits: nothing to escape */
    if (b->n > start + 1) dip_buf_char(b, ',');
    DIP_BUF_LIT(b, "\"DATEADDED\":\"");
    dip_buf_add(b, r.f[L->dateadded], r.n[L->dateadded]);
    dip_buf_char(b, '"');
  }
  if (r.n[L->geo_type]) {
    if (b->n > start + 1) dip_buf_char(b, ',');
    DIP_BUF_LIT(b, "\"ActionGeo_Type\":");
    dip_buf_add(b, r.f[L->geo_type], r.n[L->geo_type]);
  }
  dip_buf_char(b, '}');
  if (!(p->extra = copy_text(b))) return -1;
  if (nf != 57 && r.n[L->url]) {
    dip_buf_reset(b);
    DIP_BUF_LIT(b, "{\"url\":");
    dip_buf_json(b, r.f[L->url], r.n[L->url]);
    if (r.n[L->dateadded] == 14 || r.n[L->dateadded] == 8) {
      char when[24];
      DIP_BUF_LIT(b, ",\"published\":\"");
      dip_buf_add(b, when, dateadded_iso(r.f[L->dateadded], r.n[L->dateadded], when));
      dip_buf_char(b, '"');
    }
    dip_buf_char(b, '}');
    if (!(p->sources = copy_text(b))) {
      cJSON_free(p->extra);
      p->extra = NULL;
      return -1;
    }
  }
  return 0;
}

static void drop_row(prow *p) {
  cJSON_free(p->extra);
  cJSON_free(p->sources);
  p->extra = p->sources = NULL;
}

/* Puts a row read by read_row into the dataset (rc as the importers return). */
static int apply_row(dip_import *im, prow *p, const reader *rd) {
  dip_import_state *st = im->state;
  dip_dataset *ds = im->ds;
  const dip_code_info *map;
  dip_event_in e;
  dip_participant parts[2];
  uint32_t nparts = 0, a1 = DIP_NONE, a2 = DIP_NONE, id, date, handle, day;
  int fresh, rc = DIP_OK, merge;
  uint64_t source = 0;
  if (p->reason) return dip_imp_skip(im, p->lineno, "%s", rd->reasons.s + p->reason - 1) ? DIP_ENOMEM : DIP_OK;
  /* the day (checked), as YYYYMMDD */
  day = (uint32_t)strtoul(p->f[P_DATE], NULL, 10);
  if (day == st->day_key) {
    date = st->day;
  } else {
    char text[11];
    const char *why, *s = p->f[P_DATE];
    memcpy(text, s, 4);
    text[4] = '-';
    memcpy(text + 5, s + 4, 2);
    text[7] = '-';
    memcpy(text + 8, s + 6, 2);
    text[10] = '\0';
    if ((rc = dip_imp_date(im, text, 10, &date, &why))) return rc;
    st->day_key = day;
    st->day = date;
  }
  if (!(map = dip_imp_code(im, p->f[P_CODE], p->n[P_CODE], &rc))) return rc ? rc : dip_imp_oom(im);
  /* the id must be new */
  dip_buf_reset(&st->id);
  DIP_BUF_LIT(&st->id, "gdelt:");
  dip_buf_add(&st->id, p->f[P_ID], p->n[P_ID]);
  {
    uint32_t strings = ds->strs.n;
    if (st->id.failed || (id = dip_imp_str(im, st->id.s, st->id.n)) == DIP_NONE) return dip_imp_oom(im);
    fresh = ds->strs.n > strings; /* a string new to the dataset is no event's id yet */
  }
  if (!fresh && dip_map_get(&ds->event_of_id, id) != DIP_NONE)
    return dip_imp_skip(im, p->lineno, "duplicate event id '%s'", st->id.s) ? DIP_ENOMEM : DIP_OK;
  /* its actors and place */
  if ((p->n[P_A1] && (a1 = actor_for_code(im, p->f[P_A1], p->n[P_A1])) == DIP_NONE) ||
      (p->n[P_A2] && (a2 = actor_for_code(im, p->f[P_A2], p->n[P_A2])) == DIP_NONE))
    return dip_imp_oom(im);
  memset(&e, 0, sizeof e);
  e.place = action_place(im, p, p->has_ll, &rc);
  if (rc) return rc;
  merge = map->meeting && im->merge_dyads && a1 != DIP_NONE && a2 != DIP_NONE && a1 != a2;
  if (merge) {
    dip_buf fields; /* a view of the row's JSON text */
    source = dip_hash64(p->f[P_SOURCE], p->n[P_SOURCE], 0x9e3779b97f4a7c15ull);
    fields.s = p->extra;
    fields.n = strlen(fields.s);
    fields.cap = fields.n + 1;
    fields.failed = 0;
    if (dip_dyad_merge(im, "gdelt", id, date, a1, a2, p->f[P_CODE], p->n[P_CODE], e.place, source, &fields, &rc))
      return rc;
  }
  e.id = id;
  e.start = date;
  e.end = e.part_of = DIP_NONE;
  e.type = map->type;
  e.cameo = map->cameo;
  e.title = map->title;
  {
    cJSON *raw;
    if (!(e.extra = cJSON_CreateObject()) || !(raw = dip_imp_raw_taking(p->extra))) {
      cJSON_Delete(e.extra);
      return dip_imp_oom(im);
    }
    cJSON_AddItemToObjectCS(e.extra, "gdelt", raw);
    p->extra = NULL; /* the event's now */
    if (p->sources) {
      if (!(e.sources = cJSON_CreateArray()) || !(raw = dip_imp_raw_taking(p->sources))) {
        cJSON_Delete(e.sources);
        cJSON_Delete(e.extra);
        return dip_imp_oom(im);
      }
      cJSON_AddItemToArray(e.sources, raw);
      p->sources = NULL;
    }
  }
  memset(parts, 0, sizeof parts);
  if (a1 != DIP_NONE) {
    parts[nparts].actor = a1;
    parts[nparts].side = DIP_NONE;
    parts[nparts++].role = map->source_role;
  }
  if (a2 != DIP_NONE) {
    parts[nparts].actor = a2;
    parts[nparts].side = DIP_NONE;
    parts[nparts++].role = map->target_role;
  }
  if ((rc = dip_imp_event(im, &e, parts, nparts, &handle))) return rc;
  if (merge) return dip_dyad_wait(im, handle, date, a1, a2, p->f[P_CODE], p->n[P_CODE], e.place, source);
  return DIP_OK;
}

/* ---- a file: a reader thread reads and checks rows while this one applies them ---- */

#if !defined(DIP_GDELT_CHUNK)
#define DIP_GDELT_CHUNK (4u << 20)
#endif
#define READY_MAX 3
/* A line longer than this is reported and skipped (its bytes read, not kept),
   so that one huge line costs time linear in its size and bounded memory;
   GDELT rows are a few hundred bytes. */
#if !defined(DIP_GDELT_MAX_LINE)
#define DIP_GDELT_MAX_LINE (1u << 20)
#endif

typedef struct chunk {
  char *text;              /* whole lines, each ended by a NUL where its newline was */
  size_t cap;
  prow *rows;
  uint32_t nrows, rowcap;
  reader rd;
  struct chunk *next;
} chunk;

/* Room for one more row in c: 0, or -1 when memory (or the count) runs out. */
static int row_room(chunk *c) {
  uint32_t cap;
  prow *t;
  if (c->nrows < c->rowcap) return 0;
  if (c->rowcap > UINT32_MAX / 2) return -1;
  cap = c->rowcap ? c->rowcap * 2 : 4096;
  if (!(t = realloc(c->rows, (size_t)cap * sizeof *t))) return -1;
  c->rows = t;
  c->rowcap = cap;
  return 0;
}

/* The next row of c (room made) refused before its fields are read: line lineno, and why. */
static int refuse_row(chunk *c, uint32_t lineno, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;

static int refuse_row(chunk *c, uint32_t lineno, const char *fmt, ...) {
  prow *p = &c->rows[c->nrows];
  va_list ap;
  int rc;
  memset(p, 0, sizeof *p);
  p->lineno = lineno;
  va_start(ap, fmt);
  rc = vleave_out(&c->rd, p, fmt, ap);
  va_end(ap);
  return rc;
}

static int refuse_too_long(chunk *c, uint32_t lineno) {
  return refuse_row(c, lineno, "line longer than %u bytes (the limit for a GDELT row)", (unsigned)DIP_GDELT_MAX_LINE);
}

typedef struct pipeline {
  dip_import *im;
  FILE *f;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  chunk *ready, *ready_tail, *spare;
  int nready, done, stop, err; /* err: errno of a read error, or ENOMEM */
  int unbounded;               /* no thread: the reader reads it all before the rows are applied */
  int skipping;                /* the rest of a line too long to keep is being passed over */
  char *carry;                 /* the start of a line the last chunk cut */
  size_t ncarry, carrycap;
  uint32_t lineno;
} pipeline;

static void chunk_free(chunk *c) {
  for (uint32_t i = 0; i < c->nrows; i++) drop_row(&c->rows[i]);
  free(c->text);
  free(c->rows);
  dip_buf_free(&c->rd.json);
  dip_buf_free(&c->rd.reasons);
  free(c);
}

/* Fills a chunk with the next lines of the file; 1 at the end of the file. */
static int fill(pipeline *pl, chunk *c, int *err) {
  size_t have, got, end, start = 0;
  int eof = 0, too_long = 0;
  c->nrows = 0;
  dip_buf_reset(&c->rd.reasons);
  if (pl->ncarry + DIP_GDELT_CHUNK > c->cap) {
    size_t cap = pl->ncarry + DIP_GDELT_CHUNK;
    char *t = realloc(c->text, cap + 1);
    if (!t) return *err = ENOMEM, 1;
    c->text = t;
    c->cap = cap;
  }
  if (pl->ncarry) memcpy(c->text, pl->carry, pl->ncarry);
  have = pl->ncarry;
  got = fread(c->text + have, 1, c->cap - have, pl->f);
  if (got < c->cap - have) {
    if (ferror(pl->f)) return *err = errno ? errno : EIO, 1;
    eof = 1;
  }
  have += got;
  if (pl->skipping) {
    /* the end of a line already reported as too long */
    char *nl = memchr(c->text, '\n', have);
    if (!nl) {
      c->text[0] = '\0';
      return eof;
    }
    have -= (size_t)(nl + 1 - c->text);
    memmove(c->text, nl + 1, have);
    pl->skipping = 0;
  }
  /* whole lines only; the rest waits for the next chunk */
  end = have;
  if (!eof) /* a line longer than a chunk is carried (up to the limit): the next chunk grows to hold it */
    while (end > 0 && c->text[end - 1] != '\n') end--;
  if (!eof && have - end > DIP_GDELT_MAX_LINE) {
    /* the line after the whole ones is too long: reported below, its bytes dropped */
    too_long = 1;
    have = end;
  }
  pl->ncarry = have - end;
  if (pl->ncarry > pl->carrycap) {
    char *t = realloc(pl->carry, pl->ncarry);
    if (!t) return *err = ENOMEM, 1;
    pl->carry = t;
    pl->carrycap = pl->ncarry;
  }
  if (pl->ncarry) memcpy(pl->carry, c->text + end, pl->ncarry);
  c->text[end] = '\0';
  while (start < end) {
    char *line = c->text + start, *nl = memchr(line, '\n', end - start);
    size_t len = nl ? (size_t)(nl - line) : end - start;
    start += len + 1;
    pl->lineno++;
    if (len && line[len - 1] == '\r') len--;
    line[len] = '\0';
    if (pl->lineno == 1 && len >= 3 && (unsigned char)line[0] == 0xEF && (unsigned char)line[1] == 0xBB &&
        (unsigned char)line[2] == 0xBF)
      line += 3, len -= 3;
    if (len == 0 || (pl->lineno == 1 && !strncmp(line, "GLOBALEVENTID", 13))) continue;
    if (row_room(c)) return *err = ENOMEM, 1;
    if (len > DIP_GDELT_MAX_LINE) {
      if (refuse_too_long(c, pl->lineno)) return *err = ENOMEM, 1;
    } else if (memchr(line, 0, len)) {
      /* C strings would end there: the row is refused rather than cut */
      if (refuse_row(c, pl->lineno, "holds a zero byte")) return *err = ENOMEM, 1;
    } else if (read_row(&c->rd, line, len, pl->lineno, &c->rows[c->nrows])) {
      return *err = ENOMEM, 1;
    }
    c->nrows++;
  }
  if (too_long) {
    if (row_room(c) || refuse_too_long(c, ++pl->lineno)) return *err = ENOMEM, 1;
    c->nrows++;
    pl->skipping = 1;
  }
  return eof && pl->ncarry == 0;
}

static void *reader_main(void *arg) {
  pipeline *pl = arg;
  for (;;) {
    chunk *c;
    int err = 0, last;
    pthread_mutex_lock(&pl->mu);
    while (pl->nready >= READY_MAX && !pl->stop && !pl->unbounded) pthread_cond_wait(&pl->cv, &pl->mu);
    if (pl->stop) {
      pthread_mutex_unlock(&pl->mu);
      break;
    }
    if ((c = pl->spare)) pl->spare = c->next;
    pthread_mutex_unlock(&pl->mu);
    if (!c && !(c = calloc(1, sizeof *c))) err = ENOMEM;
    last = err ? 1 : fill(pl, c, &err);
    pthread_mutex_lock(&pl->mu);
    if (c) {
      c->next = NULL;
      if (pl->ready_tail) pl->ready_tail->next = c;
      else pl->ready = c;
      pl->ready_tail = c;
      pl->nready++;
    }
    if (last) {
      pl->done = 1;
      pl->err = err;
    }
    pthread_cond_broadcast(&pl->cv);
    pthread_mutex_unlock(&pl->mu);
    if (last) break;
  }
  return NULL;
}

int dip_gdelt_file(dip_import *im, FILE *f, const char *path) {
  pipeline pl;
  pthread_t thread;
  int rc = DIP_OK, threaded;
  memset(&pl, 0, sizeof pl);
  pl.im = im;
  pl.f = f;
  pthread_mutex_init(&pl.mu, NULL);
  pthread_cond_init(&pl.cv, NULL);
  threaded = pthread_create(&thread, NULL, reader_main, &pl) == 0;
  if (!threaded) {
    pl.unbounded = 1; /* no thread to be had: read it all first */
    reader_main(&pl);
  }
  for (;;) {
    chunk *c;
    pthread_mutex_lock(&pl.mu);
    while (!pl.ready && !pl.done) pthread_cond_wait(&pl.cv, &pl.mu);
    c = pl.ready;
    if (c) {
      pl.ready = c->next;
      if (!pl.ready) pl.ready_tail = NULL;
      pl.nready--;
      pthread_cond_broadcast(&pl.cv);
    }
    pthread_mutex_unlock(&pl.mu);
    if (!c) break;
    for (uint32_t i = 0; i < c->nrows && !rc; i++) {
      im->rows++;
      rc = apply_row(im, &c->rows[i], &c->rd);
      if (!rc && im->state->fatal) rc = im->state->fatal;
    }
    for (uint32_t i = 0; i < c->nrows; i++) drop_row(&c->rows[i]);
    c->nrows = 0;
    pthread_mutex_lock(&pl.mu);
    c->next = pl.spare;
    pl.spare = c;
    if (rc) pl.stop = 1;
    pthread_cond_broadcast(&pl.cv);
    pthread_mutex_unlock(&pl.mu);
    if (rc) break;
  }
  if (threaded) pthread_join(thread, NULL);
  while (pl.ready) {
    chunk *c = pl.ready;
    pl.ready = c->next;
    chunk_free(c);
  }
  while (pl.spare) {
    chunk *c = pl.spare;
    pl.spare = c->next;
    chunk_free(c);
  }
  free(pl.carry);
  pthread_mutex_destroy(&pl.mu);
  pthread_cond_destroy(&pl.cv);
  if (!rc && pl.err == ENOMEM) rc = dip_imp_oom(im);
  else if (!rc && pl.err) {
    snprintf(im->err, sizeof im->err, "%s: %s", path, strerror(pl.err));
    rc = DIP_EIO;
  }
  return rc;
}
