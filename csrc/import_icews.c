/* import_icews.c: ICEWS coded event rows (tab-separated, with a header) into events, actors and places */
#include <stdlib.h>
#include <string.h>
#include "cameo.h"
#include "import_common.h"

enum {
  C_ID, C_DATE, C_SRC_NAME, C_SRC_SECTORS, C_SRC_COUNTRY, C_TEXT, C_CODE, C_INTENSITY, C_TGT_NAME, C_TGT_SECTORS,
  C_TGT_COUNTRY, C_STORY, C_SENTENCE, C_PUBLISHER, C_CITY, C_DISTRICT, C_PROVINCE, C_COUNTRY, C_LAT, C_LON, NCOLS
};

static const char *const column_names[NCOLS] = {
  "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
  "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
  "City", "District", "Province", "Country", "Latitude", "Longitude"
};

#define MAX_COLS 64

typedef struct fields {
  char *f[MAX_COLS];
  size_t n[MAX_COLS];
  int nf;
} fields;

static int split(char *line, size_t len, fields *r) {
  char *p = line, *end = line + len;
  r->nf = 0;
  for (;;) {
    char *tab = memchr(p, '\t', (size_t)(end - p));
    if (r->nf == MAX_COLS) return r->nf + 1;
    r->f[r->nf] = p;
    r->n[r->nf] = tab ? (size_t)(tab - p) : (size_t)(end - p);
    /* ICEWS writes NA for a missing value */
    if (r->n[r->nf] == 2 && p[0] == 'N' && p[1] == 'A') r->n[r->nf] = 0;
    r->nf++;
    if (!tab) return r->nf;
    *tab = '\0';
    p = tab + 1;
  }
}

int dip_icews_header(dip_import *im, char *line, size_t len) {
  dip_import_state *st = im->state;
  fields r;
  int nf = split(line, len, &r);
  for (int c = 0; c < NCOLS; c++) {
    st->icews_cols[c] = -1;
    for (int i = 0; i < nf && i < MAX_COLS; i++)
      if (strlen(column_names[c]) == r.n[i] && !memcmp(r.f[i], column_names[c], r.n[i])) st->icews_cols[c] = i;
    if (st->icews_cols[c] < 0) {
      snprintf(im->err, sizeof im->err, "%s: not an ICEWS file: its header has no column '%s'",
               dip_import_text(im, im->files[im->nfiles - 1]), column_names[c]);
      return DIP_EINVAL;
    }
  }
  st->icews_header = nf;
  return DIP_OK;
}

static int grow_sides(dip_import_state *st);

static int has_sector(const char *sectors, size_t n, const char *what) {
  int suffix = what[0] == '*'; /* "*Ministry": any sector ending so */
  size_t w;
  if (suffix) what++;
  w = strlen(what);
  for (const char *p = sectors, *end = sectors + n; p < end;) {
    const char *comma = memchr(p, ',', (size_t)(end - p));
    size_t len = comma ? (size_t)(comma - p) : (size_t)(end - p);
    if (suffix ? (len >= w && !memcmp(p + len - w, what, w)) : (len == w && !memcmp(p, what, w))) return 1;
    p += len + 1;
  }
  return 0;
}

static int government(const char *sectors, size_t n) {
  static const char *const bodies[] = {
    "Government", "Executive", "Executive Office", "Cabinet", "Military", "Police", "Legislative / Parliamentary",
    "Judicial", "*Ministry", NULL
  };
  for (int i = 0; bodies[i]; i++)
    if (has_sector(sectors, n, bodies[i])) return 1;
  return 0;
}

static const char *kind_from_sectors(const char *sectors, size_t n) {
  if (has_sector(sectors, n, "International Government Organization")) return "organization";
  if (government(sectors, n)) return "agency";
  if (has_sector(sectors, n, "Media") || has_sector(sectors, n, "News")) return "media";
  if (has_sector(sectors, n, "Business") || has_sector(sectors, n, "Multinational Corporation")) return "business";
  return "group";
}

/* Whether a name without "(Country)" names a body rather than a person. */
static int body_name(const char *s, size_t n) {
  static const char *const words[] = {
    "Council", "Union", "Nations", "Organization", "Organisation", "Parliament", "Commission", "Bank", "Fund",
    "Court", "Committee", "Association", "Party", "Agency", "Forum", "League", "Alliance", "Ministry", "Assembly",
    "Federation", "Movement", "Front", "Army", "Group", "Corporation", "Company", "Institute", "University",
    "Office", "Department", "Government", "Police", "Unspecified", "Unidentified", "G7", "G20", "G8", "Motors",
    NULL
  };
  for (int i = 0; words[i]; i++) {
    size_t w = strlen(words[i]);
    for (size_t j = 0; j + w <= n; j++)
      if (!memcmp(s + j, words[i], w) && (j == 0 || s[j - 1] == ' ') && (j + w == n || s[j + w] == ' ')) return 1;
  }
  return 0;
}

static int has_word(const char *s, size_t n, const char *const *words) {
  for (int i = 0; words[i]; i++) {
    size_t w = strlen(words[i]);
    for (size_t j = 0; j + w <= n; j++)
      if (!memcmp(s + j, words[i], w) && (j == 0 || s[j - 1] == ' ') && (j + w == n || s[j + w] == ' ')) return 1;
  }
  return 0;
}

enum { NOT_A_BODY, BODY_OF_STATE, BODY_MEDIA };

/* Bodies ICEWS names without "(Country)" that would pass for people: a
   legislature ("National People's Congress"), an armed or police force
   ("Border Security Force"), a news outlet ("Al Jazeera"). */
static int named_body(const char *s, size_t n, const char *sectors, size_t ns) {
  static const char *const legislatures[] = {
    "Congress", "Parliament", "Senate", "Duma", "Knesset", "Majlis", "Legislature", "Bundestag", "Rada", "Sejm",
    "Diet", "Sabha", "Representatives", "Commons", "Lords", NULL
  };
  static const char *const forces[] = {
    "Force", "Forces", "Army", "Navy", "Guard", "Guards", "Police", "Military", "Gendarmerie", "Investigation", NULL
  };
  if (has_sector(sectors, ns, "International Government Organization")) return NOT_A_BODY;
  int caps = n > 1;
  for (size_t i = 0; i < n; i++) caps &= s[i] >= 'A' && s[i] <= 'Z';
  /* spokespeople and journalists have the Media sector too: an outlet has
     News or State Media, or Media with an acronym (BBC) or entertainment */
  if (has_sector(sectors, ns, "*News") || has_sector(sectors, ns, "State Media") ||
      (has_sector(sectors, ns, "Media") && (caps || has_sector(sectors, ns, "*Entertainment"))))
    return BODY_MEDIA;
  if (has_word(s, n, legislatures) && !has_sector(sectors, ns, "Parties")) return BODY_OF_STATE;
  if (has_word(s, n, forces)) return BODY_OF_STATE;
  return NOT_A_BODY;
}

/* The actor of a source or target; *side set to the state a named person stands for. */
static uint32_t make_icews_actor(dip_import *im, const char *name, size_t n, const char *sectors, size_t ns,
                                 const char *cname, size_t nc, uint32_t *side, int *rc) {
  dip_dataset *ds = im->ds;
  const dip_country *c = dip_imp_country_named(im, cname, nc, rc), *own;
  const dip_cameo_group *g;
  const char *kind, *region;
  int body;
  char id[320];
  uint32_t sid, sname, h, part_of = DIP_NONE;
  *side = DIP_NONE;
  if (*rc) return DIP_NONE;
  if (nc == n && c && !memcmp(name, cname, n)) return dip_imp_state(im, c);
  if ((own = dip_imp_country_named(im, name, n, rc)) && !*rc) return dip_imp_state(im, own);
  if (*rc) return DIP_NONE;
  if ((g = dip_cameo_group_named(name, n))) {
    if ((sid = dip_imp_str(im, g->id, strlen(g->id))) == DIP_NONE) goto oom;
    if ((h = dip_map_get(&ds->actor_of_id, sid)) != DIP_NONE) return h;
    if ((sname = dip_imp_str(im, g->name, strlen(g->name))) == DIP_NONE) goto oom;
    /* its CAMEO code, as GDELT writes it: IGOEEC for an organization of states, the group's own code else */
    snprintf(id, sizeof id, "%s%s", strcmp(g->kind, "organization") ? "" : "IGO", g->code);
    h = dip_imp_actor(im, sid, sname, DIP_NONE, g->kind, NULL, id, strlen(id), DIP_NONE);
    return h == DIP_NONE ? (*rc = DIP_ENOMEM, DIP_NONE) : h;
  }
  if ((region = dip_cameo_region_named(name, n)) && !nc) {
    /* a region named as an actor ("Africa", "Southeast Asia"): CAMEO's region code */
    snprintf(id, sizeof id, "icews:%.*s", (int)(n > 300 ? 300 : n), name);
    if ((sid = dip_imp_str(im, id, strlen(id))) == DIP_NONE || (sname = dip_imp_str(im, name, n)) == DIP_NONE) goto oom;
    h = dip_imp_actor(im, sid, sname, DIP_NONE, "region", NULL, region, 3, DIP_NONE);
    return h == DIP_NONE ? (*rc = DIP_ENOMEM, DIP_NONE) : h;
  }
  snprintf(id, sizeof id, "icews:%.*s", (int)(n > 300 ? 300 : n), name);
  if ((sid = dip_imp_str(im, id, strlen(id))) == DIP_NONE) goto oom;
  h = dip_map_get(&ds->actor_of_id, sid);
  if (n > 3 && name[n - 1] == ')' && memchr(name, '(', n)) {
    /* a sector of a country: "Foreign Affairs (Bangladesh)" */
    kind = kind_from_sectors(sectors, ns);
    if (h != DIP_NONE) return h;
    if (c && !strcmp(kind, "agency") && (part_of = dip_imp_state(im, c)) == DIP_NONE) goto oom;
  } else if ((body = named_body(name, n, sectors, ns)) != NOT_A_BODY) {
    /* a body of the state when its sectors are of government, with the sectors kept */
    kind = body == BODY_MEDIA ? "media" : c && government(sectors, ns) ? "agency" : "group";
    if (h != DIP_NONE) return h;
    if (!strcmp(kind, "agency") && (part_of = dip_imp_state(im, c)) == DIP_NONE) goto oom;
  } else if (body_name(name, n) || (!nc && has_sector(sectors, ns, "International Government Organization") &&
                                    !government(sectors, ns) && !memchr(name, ' ', n))) {
    kind = kind_from_sectors(sectors, ns);
    if (!strcmp(kind, "agency")) kind = "group";
    if (h != DIP_NONE) return h;
  } else {
    /* a named person: the side is the country */
    kind = "person";
    if (c && (*side = dip_imp_state(im, c)) == DIP_NONE) goto oom;
    if (h != DIP_NONE) return h;
  }
  if ((sname = dip_imp_str(im, name, n)) == DIP_NONE) goto oom;
  if ((h = dip_imp_actor(im, sid, sname, DIP_NONE, kind, c ? c->iso3 : NULL, NULL, 0, part_of)) == DIP_NONE) goto oom;
  if (ns) {
    cJSON *extra = cJSON_CreateObject(), *s;
    char *text = malloc(ns + 1);
    if (!extra || !text) {
      cJSON_Delete(extra);
      free(text);
      goto oom;
    }
    memcpy(text, sectors, ns);
    text[ns] = '\0';
    s = cJSON_CreateString(text);
    free(text);
    if (!s) {
      cJSON_Delete(extra);
      goto oom;
    }
    cJSON_AddItemToObject(extra, "icews_sectors", s);
    ds->actors[h].extra = extra;
  }
  return h;
oom:
  *rc = dip_imp_oom(im);
  return DIP_NONE;
}

/* The actor of a name and country, made the first time they are seen in this import. */
static uint32_t icews_actor(dip_import *im, const char *name, size_t n, const char *sectors, size_t ns,
                            const char *cname, size_t nc, uint32_t *side, int *rc) {
  dip_import_state *st = im->state;
  uint64_t key = dip_hash64(cname, nc, dip_hash64(name, n, 'I'));
  uint32_t i = dip_hset_get(&st->actor_of_code, key), h;
  *rc = DIP_OK;
  if (i != UINT32_MAX) {
    *side = st->sides[i];
    return st->sides[i + 1];
  }
  if ((h = make_icews_actor(im, name, n, sectors, ns, cname, nc, side, rc)) == DIP_NONE) return DIP_NONE;
  if (st->nsides > UINT32_MAX - 2 || (st->nsides + 2 > st->sidecap && grow_sides(st)) ||
      dip_hset_add(&st->actor_of_code, key, st->nsides)) {
    *rc = dip_imp_oom(im);
    return DIP_NONE;
  }
  st->sides[st->nsides++] = *side;
  st->sides[st->nsides++] = h;
  return h;
}

static int grow_sides(dip_import_state *st) {
  uint32_t cap = st->sidecap ? st->sidecap * 2 : 256;
  uint32_t *t = cap > st->sidecap ? realloc(st->sides, (size_t)cap * sizeof *t) : NULL;
  if (!t) return -1;
  st->sides = t;
  st->sidecap = cap;
  return 0;
}

/* The place of the row: the city within its district, province and country. */
static uint32_t icews_place(dip_import *im, const fields *r, const int *col, const double *lat, const double *lon,
                            int *rc) {
  const dip_country *c = dip_imp_country_named(im, r->f[col[C_COUNTRY]], r->n[col[C_COUNTRY]], rc);
  static const int levels[3] = {C_PROVINCE, C_DISTRICT, C_CITY};
  uint32_t place = DIP_NONE;
  char id[512];
  size_t used;
  int deepest = -1;
  if (*rc) return DIP_NONE;
  for (int i = 0; i < 3; i++)
    if (r->n[col[levels[i]]]) deepest = i;
  if (c) {
    if ((place = dip_imp_country_place(im, c)) == DIP_NONE) goto oom;
    if (deepest < 0) dip_imp_place_coords(im, place, lat, lon);
    used = (size_t)snprintf(id, sizeof id, "icews:%s", c->iso3);
  } else if (r->n[col[C_COUNTRY]]) {
    uint32_t sid, sname;
    used = (size_t)snprintf(id, sizeof id, "icews:%.*s", (int)(r->n[col[C_COUNTRY]] > 100 ? 100 : r->n[col[C_COUNTRY]]),
                            r->f[col[C_COUNTRY]]);
    if ((sid = dip_imp_str(im, id, used)) == DIP_NONE ||
        (sname = dip_imp_str(im, r->f[col[C_COUNTRY]], r->n[col[C_COUNTRY]])) == DIP_NONE)
      goto oom;
    if ((place = dip_imp_place(im, sid, sname, "country", DIP_NONE, deepest < 0 ? lat : NULL, deepest < 0 ? lon : NULL,
                               NULL)) == DIP_NONE)
      goto oom;
  } else {
    return DIP_NONE;
  }
  for (int i = 0; i < 3; i++) {
    int k = col[levels[i]];
    uint32_t sid, sname;
    if (!r->n[k]) continue;
    used += (size_t)snprintf(id + used, sizeof id - used, "/%.*s", (int)(r->n[k] > 120 ? 120 : r->n[k]), r->f[k]);
    if (used >= sizeof id) used = sizeof id - 1;
    if ((sid = dip_imp_str(im, id, used)) == DIP_NONE || (sname = dip_imp_str(im, r->f[k], r->n[k])) == DIP_NONE)
      goto oom;
    place = dip_imp_place(im, sid, sname, i == 2 ? "city" : "region", place, i == deepest ? lat : NULL,
                          i == deepest ? lon : NULL, c ? c->iso3 : NULL);
    if (place == DIP_NONE) goto oom;
  }
  return place;
oom:
  *rc = dip_imp_oom(im);
  return DIP_NONE;
}

static int is_digits(const char *s, size_t n) {
  if (!n) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

static int skip(dip_import *im, uint32_t line, const char *what, const fields *r, int k, const char *expected) {
  return dip_imp_skip(im, line, "%s: '%.40s' is not %s", what, r->f[k], expected) ? DIP_ENOMEM : DIP_OK;
}

int dip_icews_row(dip_import *im, char *line, size_t len, uint32_t lineno) {
  dip_import_state *st = im->state;
  dip_dataset *ds = im->ds;
  const int *col = st->icews_cols;
  const dip_cameo_mapping *map;
  fields r;
  dip_event_in e;
  dip_participant parts[2];
  uint32_t src, tgt, src_side, tgt_side, date, id, handle;
  double lat = 0, lon = 0;
  int has_ll = 0, rc = DIP_OK, nf = split(line, len, &r), merge;
  const char *why;
  dip_buf *b = &st->buf;
  uint64_t story = 0;

  if (nf != st->icews_header)
    return dip_imp_skip(im, lineno, "expected %d tab-separated fields, got %d%s", st->icews_header,
                        nf > MAX_COLS ? nf - 1 : nf, nf > MAX_COLS ? " or more" : "") ? DIP_ENOMEM : DIP_OK;
  if (!dip_utf8_valid(line, len) || memchr(line, 0, len)) {
    for (int i = 0; i < nf; i++)
      if (!dip_utf8_valid(r.f[i], r.n[i]) || memchr(r.f[i], 0, r.n[i]))
        return dip_imp_skip(im, lineno, "field %d: %s", i + 1, memchr(r.f[i], 0, r.n[i]) ? "holds a zero byte" : "invalid UTF-8")
                   ? DIP_ENOMEM : DIP_OK;
  }
  if (!is_digits(r.f[col[C_ID]], r.n[col[C_ID]])) return skip(im, lineno, "Event ID", &r, col[C_ID], "a number");
  if (r.n[col[C_DATE]] != 10 || (rc = dip_imp_date(im, r.f[col[C_DATE]], 10, &date, &why))) {
    if (rc == DIP_ENOMEM) return rc;
    return dip_imp_skip(im, lineno, "Event Date: '%.40s' is not a date (expected YYYY-MM-DD)", r.f[col[C_DATE]])
             ? DIP_ENOMEM : DIP_OK;
  }
  if (!is_digits(r.f[col[C_CODE]], r.n[col[C_CODE]]) || r.n[col[C_CODE]] > 4 ||
      !(map = dip_cameo_map(r.f[col[C_CODE]], r.n[col[C_CODE]])))
    return skip(im, lineno, "CAMEO Code", &r, col[C_CODE], "a CAMEO event code");
  if (r.n[col[C_INTENSITY]] && !dip_is_number(r.f[col[C_INTENSITY]], r.n[col[C_INTENSITY]]))
    return skip(im, lineno, "Intensity", &r, col[C_INTENSITY], "a number");
  if (r.n[col[C_STORY]] && !is_digits(r.f[col[C_STORY]], r.n[col[C_STORY]]))
    return skip(im, lineno, "Story ID", &r, col[C_STORY], "a number");
  if (r.n[col[C_SENTENCE]] && !is_digits(r.f[col[C_SENTENCE]], r.n[col[C_SENTENCE]]))
    return skip(im, lineno, "Sentence Number", &r, col[C_SENTENCE], "a number");
  if (r.n[col[C_LAT]] || r.n[col[C_LON]]) {
    if (!dip_is_number(r.f[col[C_LAT]], r.n[col[C_LAT]]) || !dip_is_number(r.f[col[C_LON]], r.n[col[C_LON]]))
      return dip_imp_skip(im, lineno, "Latitude, Longitude: '%.24s', '%.24s' are not numbers", r.f[col[C_LAT]],
                          r.f[col[C_LON]]) ? DIP_ENOMEM : DIP_OK;
    lat = strtod(r.f[col[C_LAT]], NULL);
    lon = strtod(r.f[col[C_LON]], NULL);
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
      return dip_imp_skip(im, lineno, "Latitude, Longitude: %g, %g out of range", lat, lon) ? DIP_ENOMEM : DIP_OK;
    has_ll = 1;
  }
  if (!r.n[col[C_SRC_NAME]] && !r.n[col[C_TGT_NAME]])
    return dip_imp_skip(im, lineno, "no Source Name and no Target Name") ? DIP_ENOMEM : DIP_OK;
  /* the id: Event ID with the date, as the Event ID alone repeats */
  dip_buf_reset(&st->id);
  DIP_BUF_LIT(&st->id, "icews:");
  dip_buf_add(&st->id, r.f[col[C_ID]], r.n[col[C_ID]]);
  dip_buf_char(&st->id, ':');
  dip_buf_add(&st->id, r.f[col[C_DATE]], 10);
  if (st->id.failed || (id = dip_imp_str(im, st->id.s, st->id.n)) == DIP_NONE) return dip_imp_oom(im);
  if (dip_map_get(&ds->event_of_id, id) != DIP_NONE)
    return dip_imp_skip(im, lineno, "duplicate event id '%s'", st->id.s) ? DIP_ENOMEM : DIP_OK;

  src = tgt = src_side = tgt_side = DIP_NONE;
  if (r.n[col[C_SRC_NAME]] &&
      (src = icews_actor(im, r.f[col[C_SRC_NAME]], r.n[col[C_SRC_NAME]], r.f[col[C_SRC_SECTORS]],
                         r.n[col[C_SRC_SECTORS]], r.f[col[C_SRC_COUNTRY]], r.n[col[C_SRC_COUNTRY]], &src_side, &rc)) == DIP_NONE)
    return rc ? rc : dip_imp_oom(im);
  if (r.n[col[C_TGT_NAME]] &&
      (tgt = icews_actor(im, r.f[col[C_TGT_NAME]], r.n[col[C_TGT_NAME]], r.f[col[C_TGT_SECTORS]],
                         r.n[col[C_TGT_SECTORS]], r.f[col[C_TGT_COUNTRY]], r.n[col[C_TGT_COUNTRY]], &tgt_side, &rc)) == DIP_NONE)
    return rc ? rc : dip_imp_oom(im);
  memset(&e, 0, sizeof e);
  e.place = icews_place(im, &r, col, has_ll ? &lat : NULL, has_ll ? &lon : NULL, &rc);
  if (rc) return rc;

  dip_buf_reset(b);
  dip_buf_char(b, '{');
  dip_buf_key(b, "Event ID");
  dip_buf_json(b, r.f[col[C_ID]], r.n[col[C_ID]]);
  if (r.n[col[C_INTENSITY]]) {
    dip_buf_key(b, "Intensity");
    dip_buf_add(b, r.f[col[C_INTENSITY]], r.n[col[C_INTENSITY]]);
  }
  if (r.n[col[C_STORY]]) {
    dip_buf_key(b, "Story ID");
    dip_buf_json(b, r.f[col[C_STORY]], r.n[col[C_STORY]]);
  }
  if (r.n[col[C_SENTENCE]]) {
    dip_buf_key(b, "Sentence Number");
    dip_buf_add(b, r.f[col[C_SENTENCE]], r.n[col[C_SENTENCE]]);
  }
  dip_buf_char(b, '}');

  merge = map->meeting && im->merge_dyads && src != DIP_NONE && tgt != DIP_NONE && src != tgt && r.n[col[C_STORY]];
  if (merge) {
    story = dip_hash64(r.f[col[C_STORY]], r.n[col[C_STORY]], 0x9e3779b97f4a7c15ull);
    story = dip_hash64(r.f[col[C_SENTENCE]], r.n[col[C_SENTENCE]], story);
    if (dip_dyad_merge(im, "icews", id, date, src, tgt, r.f[col[C_CODE]], r.n[col[C_CODE]], e.place, story, b, &rc))
      return rc;
  }

  e.id = id;
  e.start = date;
  e.end = e.part_of = DIP_NONE;
  if ((e.type = dip_imp_str(im, map->type, strlen(map->type))) == DIP_NONE ||
      (e.cameo = dip_imp_str(im, r.f[col[C_CODE]], r.n[col[C_CODE]])) == DIP_NONE)
    return dip_imp_oom(im);
  e.title = DIP_NONE;
  if (r.n[col[C_TEXT]] && (e.title = dip_imp_str(im, r.f[col[C_TEXT]], r.n[col[C_TEXT]])) == DIP_NONE)
    return dip_imp_oom(im);
  if (!(e.extra = dip_imp_raw_object("icews", b))) return dip_imp_oom(im);
  if (r.n[col[C_PUBLISHER]]) {
    dip_buf_reset(b);
    DIP_BUF_LIT(b, "{\"publisher\":");
    dip_buf_json(b, r.f[col[C_PUBLISHER]], r.n[col[C_PUBLISHER]]);
    dip_buf_char(b, '}');
    if (!(e.sources = dip_imp_raw_array(b))) {
      cJSON_Delete(e.extra);
      return dip_imp_oom(im);
    }
  }
  {
    uint32_t np = 0;
    memset(parts, 0, sizeof parts);
    if (src != DIP_NONE) {
      parts[np].actor = src;
      parts[np].side = src_side;
      if ((parts[np++].role = dip_imp_str(im, map->source_role, strlen(map->source_role))) == DIP_NONE) goto oom;
    }
    if (tgt != DIP_NONE) {
      parts[np].actor = tgt;
      parts[np].side = tgt_side;
      if ((parts[np++].role = dip_imp_str(im, map->target_role, strlen(map->target_role))) == DIP_NONE) goto oom;
    }
    if ((rc = dip_imp_event(im, &e, parts, np, &handle))) return rc;
  }
  if (merge) return dip_dyad_wait(im, handle, date, src, tgt, r.f[col[C_CODE]], r.n[col[C_CODE]], e.place, story);
  return DIP_OK;
oom:
  cJSON_Delete(e.extra);
  cJSON_Delete(e.sources);
  return dip_imp_oom(im);
}
