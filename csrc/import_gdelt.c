/* import_gdelt.c: GDELT 1.0 (57 or 58 fields) and 2.0 (61 fields) event rows into events, actors and places */
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
  uint32_t key = dip_imp_str(im, code, n), h;
  if (key == DIP_NONE) return DIP_NONE;
  if ((h = dip_map_get(&st->actor_of_code, key)) != DIP_NONE) return h;
  if ((h = make_actor(im, code, n)) == DIP_NONE) return DIP_NONE;
  if (dip_map_put(&st->actor_of_code, &im->ds->mem, key, h)) return dip_imp_oom(im), DIP_NONE;
  return h;
}

/* ---- places from ActionGeo ---- */

/* Looks key (kind letter and code) up among the places of this import. */
static uint32_t cached_place(dip_import *im, char kind, const char *code, size_t n, uint32_t *key) {
  char buf[128];
  if (n > sizeof buf - 2) n = sizeof buf - 2;
  buf[0] = kind;
  memcpy(buf + 1, code, n);
  *key = dip_imp_str(im, buf, n + 1);
  return *key == DIP_NONE ? DIP_NONE : dip_map_get(&im->state->place_of_key, *key);
}

static int remember_place(dip_import *im, uint32_t key, uint32_t place) {
  if (dip_map_put(&im->state->place_of_key, &im->ds->mem, key, place)) return dip_imp_oom(im);
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

/* The place of the row's action (DIP_NONE without one); *rc set on failure. */
static uint32_t action_place(dip_import *im, const row *r, const double *lat, const double *lon, int *rc) {
  const layout *L = r->lay;
  const char *type = r->f[L->geo_type], *full = r->f[L->geo_name], *cc = r->f[L->geo_cc];
  const char *adm1 = r->f[L->geo_adm1], *fid = r->f[L->geo_fid];
  size_t ncc = r->n[L->geo_cc], nadm1 = r->n[L->geo_adm1], nfid = r->n[L->geo_fid], nfull = r->n[L->geo_name];
  const char *first_comma = memchr(full, ',', nfull), *last_comma = NULL;
  const dip_country *c = ncc ? dip_country_by_fips(cc, ncc) : NULL;
  uint32_t key, country = DIP_NONE, region = DIP_NONE, place;
  int t = r->n[L->geo_type] == 1 ? type[0] - '0' : 0;
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
      if (key == DIP_NONE) goto oom;
      if (c) {
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
    }
  }
  if (t == 1) return country;
  /* the first-level division (a US state, a province) */
  if (nadm1 > 2 || (nadm1 && !ncc)) {
    if ((region = cached_place(im, 'a', adm1, nadm1, &key)) == DIP_NONE) {
      const char *nm = full;
      size_t nl = nfull;
      if (key == DIP_NONE) goto oom;
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
    }
  }
  if (t == 2 || t == 5) return region != DIP_NONE ? region : country;
  /* a city or a landmark */
  if (!nfid || (nfid == 1 && fid[0] == '0')) fid = full, nfid = nfull;
  if (!nfid) return region != DIP_NONE ? region : country;
  if ((place = cached_place(im, 'f', fid, nfid, &key)) == DIP_NONE) {
    size_t nl = first_comma ? (size_t)(first_comma - full) : nfull;
    if (key == DIP_NONE) goto oom;
    place = gdelt_place(im, "gdelt:", fid, nfid, full, nl, "city", region != DIP_NONE ? region : country, lat, lon,
                        c ? c->iso3 : NULL);
    if (place == DIP_NONE || remember_place(im, key, place)) goto oom;
  }
  return place;
oom:
  *rc = dip_imp_oom(im);
  return DIP_NONE;
}

/* ---- rows ---- */

static int split(char *line, size_t len, row *r) {
  char *p = line, *end = line + len;
  r->nf = 0;
  for (;;) {
    char *tab = memchr(p, '\t', (size_t)(end - p));
    if (r->nf == MAX_FIELDS) return r->nf + 1;
    r->f[r->nf] = p;
    if (!tab) {
      r->n[r->nf++] = (size_t)(end - p);
      return r->nf;
    }
    r->n[r->nf++] = (size_t)(tab - p);
    *tab = '\0';
    p = tab + 1;
  }
}

static const struct numeric {
  int field;
  const char *name;
} numerics[] = {
  {F_ISROOT, "IsRootEvent"}, {F_QUAD, "QuadClass"}, {F_GOLDSTEIN, "GoldsteinScale"}, {F_MENTIONS, "NumMentions"},
  {F_SOURCES, "NumSources"}, {F_ARTICLES, "NumArticles"}, {F_TONE, "AvgTone"},
};

static int has_high_bytes(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return 1;
  return 0;
}

/* The code a mirrored row has: a visit (042) is mirrored by its hosting (043). */
static int mirrors(const char *a, size_t na, const char *b, size_t nb) {
  if (na != nb) return 0;
  if (na == 3 && a[0] == '0' && a[1] == '4' && b[0] == '0' && b[1] == '4' &&
      ((a[2] == '2' && b[2] == '3') || (a[2] == '3' && b[2] == '2')))
    return 1;
  if (na == 3 && a[0] == '0' && a[1] == '4' && (a[2] == '2' || a[2] == '3')) return 0;
  return memcmp(a, b, na) == 0;
}

static uint64_t dyad_key(uint32_t date, uint32_t a, uint32_t b, const char *code, size_t n, uint32_t place,
                         uint64_t source) {
  uint32_t v[5];
  uint64_t h;
  v[0] = date;
  v[1] = a < b ? a : b;
  v[2] = a < b ? b : a;
  v[3] = place;
  v[4] = (n == 3 && code[0] == '0' && code[1] == '4' && (code[2] == '2' || code[2] == '3')) ? 42u : 0u;
  h = dip_hash64(v, sizeof v, source);
  return v[4] ? h : dip_hash64(code, n, h);
}

/* Adds the mirrored row's fields to the event's extra as "mirror". */
static int add_mirror(dip_import *im, uint32_t e, const char *key, const dip_buf *fields) {
  cJSON *raw = cJSON_GetObjectItemCaseSensitive(im->ds->events[e].extra, key);
  size_t old, add;
  char *text;
  if (!raw || !cJSON_IsRaw(raw) || fields->failed) return dip_imp_oom(im);
  old = strlen(raw->valuestring);
  add = fields->n;
  if (!(text = cJSON_malloc(old + add + 16))) return dip_imp_oom(im);
  memcpy(text, raw->valuestring, old - 1);
  memcpy(text + old - 1, old > 2 ? ",\"mirror\":" : "\"mirror\":", old > 2 ? 10 : 9);
  {
    size_t at = old - 1 + (old > 2 ? 10 : 9);
    memcpy(text + at, fields->s, add);
    text[at + add] = '}';
    text[at + add + 1] = '\0';
  }
  cJSON_free(raw->valuestring);
  raw->valuestring = text;
  return DIP_OK;
}

/* Tries to merge the row into the meeting of its mirrored row; 1 when it did. */
static int merge_dyad(dip_import *im, uint64_t key, uint32_t date, uint32_t a1, uint32_t a2, const char *code,
                      size_t ncode, uint32_t place, const dip_buf *fields, int *rc) {
  dip_dataset *ds = im->ds;
  dip_hset *h = &im->state->dyads;
  uint32_t pos = UINT32_MAX, slot;
  while ((slot = dip_hset_next(h, key, &pos)) != UINT32_MAX) {
    uint32_t e = h->vals[slot];
    const dip_event *ev;
    const dip_participant *p;
    const char *ecode;
    if (e == DIP_HSET_USED) continue;
    ev = &ds->events[e];
    p = &ds->parts[ev->parts];
    ecode = dip_str(ds, ev->cameo);
    if (ev->start != date || ev->place != place || ev->nparts != 2 || p[0].actor != a2 || p[1].actor != a1 ||
        !mirrors(ecode, strlen(ecode), code, ncode))
      continue;
    h->vals[slot] = DIP_HSET_USED;
    *rc = add_mirror(im, e, "gdelt", fields);
    return 1;
  }
  return 0;
}

int dip_gdelt_row(dip_import *im, char *line, size_t len, uint32_t lineno) {
  dip_import_state *st = im->state;
  dip_dataset *ds = im->ds;
  const dip_cameo_mapping *map;
  const dip_cameo_code *info;
  const layout *L;
  row r;
  dip_event e;
  dip_participant parts[2];
  uint32_t nparts = 0, a1 = DIP_NONE, a2 = DIP_NONE, id, date, handle, day;
  double lat, lon;
  int has_ll = 0, rc = DIP_OK, nf = split(line, len, &r);
  const char *code;
  size_t ncode;
  dip_buf *b = &st->buf;
  uint64_t source = 0, key = 0;
  int merge;

  if (nf != 57 && nf != 58 && nf != 61)
    return dip_imp_skip(im, lineno, "expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated fields, got %d%s",
                        nf > MAX_FIELDS ? nf - 1 : nf, nf > MAX_FIELDS ? " or more" : "") ? DIP_ENOMEM : DIP_OK;
  L = r.lay = nf == 61 ? &gdelt2 : &gdelt1;
  if (has_high_bytes(line, len)) {
    for (int i = 0; i < nf; i++)
      if (!dip_utf8_valid(r.f[i], r.n[i])) return dip_imp_skip(im, lineno, "field %d: invalid UTF-8", i + 1) ? DIP_ENOMEM : DIP_OK;
  }
  if (!all_digits(r.f[F_ID], r.n[F_ID]) || r.n[F_ID] > 19)
    return dip_imp_skip(im, lineno, "GLOBALEVENTID: '%.24s' is not a number", r.f[F_ID]) ? DIP_ENOMEM : DIP_OK;
  /* the day, as YYYYMMDD */
  if (r.n[F_SQLDATE] != 8 || !all_digits(r.f[F_SQLDATE], 8))
    return dip_imp_skip(im, lineno, "SQLDATE: '%.24s' is not a date (expected YYYYMMDD)", r.f[F_SQLDATE]) ? DIP_ENOMEM : DIP_OK;
  day = (uint32_t)strtoul(r.f[F_SQLDATE], NULL, 10);
  if (day == st->day_key) {
    date = st->day;
  } else {
    char text[11];
    const char *why;
    const char *s = r.f[F_SQLDATE];
    memcpy(text, s, 4);
    text[4] = '-';
    memcpy(text + 5, s + 4, 2);
    text[7] = '-';
    memcpy(text + 8, s + 6, 2);
    text[10] = '\0';
    if ((rc = dip_imp_date(im, text, 10, &date, &why)))
      return rc == DIP_EINVAL ? (dip_imp_skip(im, lineno, "SQLDATE: '%s' is not a date: %s", s, why) ? DIP_ENOMEM : DIP_OK) : rc;
    st->day_key = day;
    st->day = date;
  }
  code = r.f[F_CODE];
  ncode = r.n[F_CODE];
  if (!all_digits(code, ncode) || !(map = dip_cameo_map(code, ncode)) || ncode > 4)
    return dip_imp_skip(im, lineno, "EventCode: '%.24s' is not a CAMEO event code", code) ? DIP_ENOMEM : DIP_OK;
  for (size_t i = 0; i < sizeof numerics / sizeof numerics[0]; i++) {
    int f = numerics[i].field;
    if (r.n[f] && !dip_is_number(r.f[f], r.n[f]))
      return dip_imp_skip(im, lineno, "%s: '%.24s' is not a number", numerics[i].name, r.f[f]) ? DIP_ENOMEM : DIP_OK;
  }
  if (r.n[L->geo_lat] || r.n[L->geo_lon]) {
    char *end;
    if (!dip_is_number(r.f[L->geo_lat], r.n[L->geo_lat]) || !dip_is_number(r.f[L->geo_lon], r.n[L->geo_lon]))
      return dip_imp_skip(im, lineno, "ActionGeo_Lat, ActionGeo_Long: '%.24s', '%.24s' are not numbers",
                          r.f[L->geo_lat], r.f[L->geo_lon]) ? DIP_ENOMEM : DIP_OK;
    lat = strtod(r.f[L->geo_lat], &end);
    lon = strtod(r.f[L->geo_lon], &end);
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
      return dip_imp_skip(im, lineno, "ActionGeo_Lat, ActionGeo_Long: %g, %g out of range", lat, lon) ? DIP_ENOMEM : DIP_OK;
    has_ll = 1;
  }
  if (r.n[L->dateadded] && !((r.n[L->dateadded] == 14 || r.n[L->dateadded] == 8) && all_digits(r.f[L->dateadded], r.n[L->dateadded])))
    return dip_imp_skip(im, lineno, "DATEADDED: '%.24s' is not a date (expected YYYYMMDD or YYYYMMDDhhmmss)",
                        r.f[L->dateadded]) ? DIP_ENOMEM : DIP_OK;
  /* the id must be new */
  dip_buf_reset(&st->id);
  dip_buf_add(&st->id, "gdelt:", 6);
  dip_buf_add(&st->id, r.f[F_ID], r.n[F_ID]);
  if (st->id.failed || (id = dip_imp_str(im, st->id.s, st->id.n)) == DIP_NONE) return dip_imp_oom(im);
  if (dip_map_get(&ds->event_of_id, id) != DIP_NONE)
    return dip_imp_skip(im, lineno, "duplicate event id '%s'", st->id.s) ? DIP_ENOMEM : DIP_OK;

  /* the row is good: its actors and place */
  if (r.n[F_A1CODE] && (a1 = actor_for_code(im, r.f[F_A1CODE], r.n[F_A1CODE])) == DIP_NONE) return dip_imp_oom(im);
  if (r.n[F_A2CODE] && (a2 = actor_for_code(im, r.f[F_A2CODE], r.n[F_A2CODE])) == DIP_NONE) return dip_imp_oom(im);
  memset(&e, 0, sizeof e);
  e.place = action_place(im, &r, has_ll ? &lat : NULL, has_ll ? &lon : NULL, &rc);
  if (rc) return rc;

  /* the rest of the row, kept on the event */
  dip_buf_reset(b);
  dip_buf_char(b, '{');
  for (size_t i = 0; i < sizeof numerics / sizeof numerics[0]; i++) {
    int f = numerics[i].field;
    if (!r.n[f]) continue;
    dip_buf_key(b, numerics[i].name);
    dip_buf_add(b, r.f[f], r.n[f]);
  }
  if (r.n[L->dateadded]) {
    dip_buf_key(b, "DATEADDED");
    dip_buf_json(b, r.f[L->dateadded], r.n[L->dateadded]);
  }
  if (r.n[L->geo_type]) {
    dip_buf_key(b, "ActionGeo_Type");
    dip_buf_add(b, r.f[L->geo_type], r.n[L->geo_type]);
  }
  dip_buf_char(b, '}');

  merge = map->meeting && im->merge_dyads && a1 != DIP_NONE && a2 != DIP_NONE && a1 != a2;
  if (merge) {
    const char *src = nf == 57 ? r.f[L->dateadded] : r.f[L->url];
    size_t nsrc = nf == 57 ? r.n[L->dateadded] : r.n[L->url];
    source = dip_hash64(src, nsrc, 0x9e3779b97f4a7c15ull);
    key = dyad_key(date, a1, a2, code, ncode, e.place, source);
    if (merge_dyad(im, key, date, a1, a2, code, ncode, e.place, b, &rc)) return rc;
  }

  e.id = id;
  e.start = date;
  e.end = e.part_of = DIP_NONE;
  if ((e.type = dip_imp_str(im, map->type, strlen(map->type))) == DIP_NONE ||
      (e.cameo = dip_imp_str(im, code, ncode)) == DIP_NONE)
    return dip_imp_oom(im);
  info = dip_cameo_event(code, ncode);
  e.title = DIP_NONE;
  if (info && (e.title = dip_imp_str(im, info->name, strlen(info->name))) == DIP_NONE) return dip_imp_oom(im);
  if (!(e.extra = dip_imp_raw_object("gdelt", b))) return dip_imp_oom(im);
  if (nf != 57 && r.n[L->url]) {
    dip_buf_reset(b);
    dip_buf_add(b, "{\"url\":", 7);
    dip_buf_json(b, r.f[L->url], r.n[L->url]);
    if (r.n[L->dateadded] == 14) {
      const char *s = r.f[L->dateadded];
      char when[24];
      snprintf(when, sizeof when, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 8, s + 10, s + 12);
      dip_buf_add(b, ",\"published\":", 13);
      dip_buf_json(b, when, 20);
    } else if (r.n[L->dateadded] == 8) {
      const char *s = r.f[L->dateadded];
      char when[16];
      snprintf(when, sizeof when, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
      dip_buf_add(b, ",\"published\":", 13);
      dip_buf_json(b, when, 10);
    }
    dip_buf_char(b, '}');
    if (!(e.sources = dip_imp_raw_array(b))) {
      cJSON_Delete(e.extra);
      return dip_imp_oom(im);
    }
  }
  memset(parts, 0, sizeof parts);
  if (a1 != DIP_NONE) {
    parts[nparts].actor = a1;
    parts[nparts].side = DIP_NONE;
    if ((parts[nparts].role = dip_imp_str(im, map->source_role, strlen(map->source_role))) == DIP_NONE) goto oom;
    nparts++;
  }
  if (a2 != DIP_NONE) {
    parts[nparts].actor = a2;
    parts[nparts].side = DIP_NONE;
    if ((parts[nparts].role = dip_imp_str(im, map->target_role, strlen(map->target_role))) == DIP_NONE) goto oom;
    nparts++;
  }
  if ((rc = dip_imp_event(im, &e, parts, nparts, &handle))) return rc;
  if (merge && dip_hset_add(&st->dyads, key, handle)) return dip_imp_oom(im);
  return DIP_OK;
oom:
  cJSON_Delete(e.extra);
  cJSON_Delete(e.sources);
  return dip_imp_oom(im);
}
