/* export.c: writing events as CSV (one row per participant), GDELT 2.0 dyadic rows or GeoJSON points */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include "cameo.h"
#include "fileio.h"
#include "import_common.h"
#include "query.h"

typedef struct out {
  dip_dataset *ds;
  FILE *f;
  dip_buf b;
  uint32_t records;
} out;

/* ---- CSV (RFC 4180) ---- */

static void csv_field(dip_buf *b, const char *s) {
  int quote = 0;
  if (!s) return;
  for (const char *p = s; *p; p++)
    if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r') quote = 1;
  if (!quote) {
    dip_buf_add(b, s, strlen(s));
    return;
  }
  dip_buf_char(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') dip_buf_char(b, '"');
    dip_buf_char(b, *p);
  }
  dip_buf_char(b, '"');
}

static void number(dip_buf *b, double v) {
  char num[40];
  snprintf(num, sizeof num, "%.15g", v);
  dip_buf_add(b, num, strlen(num));
}

/* The coordinates of a place, or of the nearest place it is within that has them. */
static int coords_of(dip_dataset *ds, uint32_t place, double *lat, double *lon) {
  for (int depth = 0; place != DIP_NONE && depth < 64; depth++) {
    const dip_place *p = &ds->places[place];
    if (p->has_lat && p->has_lon) {
      *lat = p->lat;
      *lon = p->lon;
      return 1;
    }
    place = p->within;
  }
  return 0;
}

static const char *country_of_place(dip_dataset *ds, uint32_t place) {
  for (int depth = 0; place != DIP_NONE && depth < 64; depth++) {
    if (ds->places[place].country != DIP_NONE) return dip_str(ds, ds->places[place].country);
    place = ds->places[place].within;
  }
  return NULL;
}

static const char *date_text(dip_dataset *ds, uint32_t d) { return d == DIP_NONE ? NULL : dip_str(ds, ds->dates[d].text); }

static void csv_event(out *o, uint32_t h) {
  dip_dataset *ds = o->ds;
  const dip_event *e = &ds->events[h];
  double lat, lon;
  int has = e->place != DIP_NONE && coords_of(ds, e->place, &lat, &lon);
  uint32_t n = e->nparts ? e->nparts : 1;
  for (uint32_t i = 0; i < n; i++) {
    dip_buf *b = &o->b;
    csv_field(b, dip_str(ds, e->id));
    dip_buf_char(b, ',');
    csv_field(b, dip_str(ds, e->type));
    dip_buf_char(b, ',');
    csv_field(b, dip_str(ds, e->cameo));
    dip_buf_char(b, ',');
    csv_field(b, date_text(ds, e->start));
    dip_buf_char(b, ',');
    csv_field(b, date_text(ds, e->end));
    dip_buf_char(b, ',');
    csv_field(b, dip_status_names[e->status]);
    dip_buf_char(b, ',');
    csv_field(b, dip_str(ds, e->title));
    dip_buf_char(b, ',');
    if (e->place != DIP_NONE) {
      csv_field(b, dip_str(ds, ds->places[e->place].id));
      dip_buf_char(b, ',');
      csv_field(b, dip_str(ds, ds->places[e->place].name));
    } else {
      dip_buf_char(b, ',');
    }
    dip_buf_char(b, ',');
    if (has) number(b, lat);
    dip_buf_char(b, ',');
    if (has) number(b, lon);
    dip_buf_char(b, ',');
    csv_field(b, e->place != DIP_NONE ? country_of_place(ds, e->place) : NULL);
    dip_buf_char(b, ',');
    if (e->nparts) {
      const dip_participant *p = &ds->parts[e->parts + i];
      uint32_t side = dip_part_side(ds, e->parts + i);
      csv_field(b, dip_str(ds, ds->actors[p->actor].id));
      dip_buf_char(b, ',');
      csv_field(b, dip_str(ds, ds->actors[p->actor].name));
      dip_buf_char(b, ',');
      csv_field(b, dip_str(ds, ds->actors[p->actor].kind));
      dip_buf_char(b, ',');
      csv_field(b, dip_str(ds, p->role));
      dip_buf_char(b, ',');
      if (side != DIP_NONE) {
        csv_field(b, dip_str(ds, ds->actors[side].id));
        dip_buf_char(b, ',');
        csv_field(b, dip_str(ds, ds->actors[side].name));
      } else {
        dip_buf_char(b, ',');
      }
    } else {
      DIP_BUF_LIT(b, ",,,,,"); /* actor_id .. side_name empty */
    }
    DIP_BUF_LIT(b, "\r\n");
    o->records++;
  }
}

/* ---- GDELT 2.0 ---- */

/* The object kept under key in an event's extra (parsed when kept as raw
   text); *owned set when the caller must delete it. */
static cJSON *extra_object(const cJSON *extra, const char *key, int *owned) {
  cJSON *v = extra ? cJSON_GetObjectItemCaseSensitive(extra, key) : NULL;
  *owned = 0;
  if (v && cJSON_IsRaw(v)) {
    *owned = 1;
    return cJSON_Parse(v->valuestring);
  }
  return cJSON_IsObject(v) ? v : NULL;
}

static void extra_field(dip_buf *b, const cJSON *o, const char *key, const char *otherwise) {
  const cJSON *v = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
  if (cJSON_IsNumber(v)) number(b, v->valuedouble);
  else if (cJSON_IsString(v)) dip_buf_add(b, v->valuestring, strlen(v->valuestring));
  else if (otherwise) dip_buf_add(b, otherwise, strlen(otherwise));
}

/* A GDELT field: tabs and newlines would break the row. */
static void tsv_field(dip_buf *b, const char *s, int upper) {
  if (!s) return;
  for (const char *p = s; *p; p++) {
    char c = *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p;
    if (upper && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    dip_buf_char(b, c);
  }
}

static const char *actor_code(dip_dataset *ds, uint32_t a, uint32_t side, char *buf, size_t size) {
  const dip_actor *x = &ds->actors[a];
  const cJSON *c = x->codes ? cJSON_GetObjectItemCaseSensitive(x->codes, "cameo") : NULL;
  const char *country = x->country != DIP_NONE ? dip_str(ds, x->country) : NULL, *kind = dip_str(ds, x->kind);
  if (cJSON_IsString(c)) return c->valuestring;
  /* a state without a country field: its id, when that is an ISO code */
  if (!country && kind && !strcmp(kind, "state") && dip_country_by_iso3(dip_str(ds, x->id), strlen(dip_str(ds, x->id))))
    country = dip_str(ds, x->id);
  if (!country && side != DIP_NONE && ds->actors[side].country != DIP_NONE) country = dip_str(ds, ds->actors[side].country);
  if (!country) {
    /* an organization CAMEO knows (EU, UN, G7), itself or as the side */
    const dip_cameo_group *g = dip_cameo_group_named(dip_str(ds, x->id), strlen(dip_str(ds, x->id)));
    if (!g && side != DIP_NONE) g = dip_cameo_group_named(dip_str(ds, ds->actors[side].id), strlen(dip_str(ds, ds->actors[side].id)));
    if (!g) return kind && !strcmp(kind, "organization") ? "IGO" : "";
    snprintf(buf, size, "%s%s", strcmp(g->kind, "organization") ? "" : "IGO", g->code);
    return buf;
  }
  snprintf(buf, size, "%s%s", country,
           !kind || !strcmp(kind, "state") || !strcmp(kind, "person") ? ""
           : !strcmp(kind, "agency")                                  ? "GOV"
           : !strcmp(kind, "media")                                   ? "MED"
           : !strcmp(kind, "business")                                ? "BUS"
           : !strcmp(kind, "organization")                            ? "IGO"
           : !strcmp(kind, "group")                                   ? "CVL"
                                                                      : "");
  return buf;
}

static void gdelt_actor(out *o, uint32_t part) {
  dip_dataset *ds = o->ds;
  dip_buf *b = &o->b;
  char code[64];
  const char *c, *country;
  size_t n;
  int types = 0;
  if (part == DIP_NONE) {
    for (int i = 0; i < 10; i++) dip_buf_char(b, '\t');
    return;
  }
  {
    uint32_t a = ds->parts[part].actor, side = dip_part_side(ds, part);
    c = actor_code(ds, a, side, code, sizeof code);
    n = strlen(c);
    tsv_field(b, c, 0);
    dip_buf_char(b, '\t');
    tsv_field(b, dip_str(ds, ds->actors[a].name), 1);
    dip_buf_char(b, '\t');
    country = ds->actors[a].country != DIP_NONE ? dip_str(ds, ds->actors[a].country)
              : side != DIP_NONE && ds->actors[side].country != DIP_NONE ? dip_str(ds, ds->actors[side].country)
                                                                          : NULL;
    tsv_field(b, country, 0);
    dip_buf_char(b, '\t');
    for (size_t i = 0; i + 3 <= n; i += 3) {
      const dip_cameo_group *g = dip_cameo_group_of(c + i, 3);
      if (g) {
        dip_buf_add(b, c + i, 3);
        break;
      }
    }
    DIP_BUF_LIT(b, "\t\t\t\t"); /* known group; ethnic, two religions */
    for (size_t i = 0; i + 3 <= n && types < 3; i += 3) {
      if (!dip_cameo_type_of(c + i, 3)) continue;
      dip_buf_add(b, c + i, 3);
      dip_buf_char(b, '\t');
      types++;
    }
    for (; types < 3; types++) dip_buf_char(b, '\t');
  }
}

static const char *fips_of(const char *iso3) {
  const dip_country *c = iso3 ? dip_country_by_iso3(iso3, strlen(iso3)) : NULL;
  return c ? c->fips : NULL;
}

static void gdelt_place(out *o, const dip_event *e, const cJSON *g) {
  dip_dataset *ds = o->ds;
  dip_buf *b = &o->b;
  uint32_t p = e->place;
  double lat, lon;
  const char *kind, *id, *country;
  int type;
  if (p == DIP_NONE) {
    DIP_BUF_LIT(b, "0\t\t\t\t\t\t\t"); /* the type and seven empty fields */
    return;
  }
  kind = dip_str(ds, ds->places[p].kind);
  id = dip_str(ds, ds->places[p].id);
  country = country_of_place(ds, p);
  type = kind && !strcmp(kind, "country") ? 1 : kind && !strcmp(kind, "region") ? 5 : 4;
  if (country && !strcmp(country, "USA") && type != 1) type = type == 5 ? 2 : 3;
  {
    const cJSON *t = g ? cJSON_GetObjectItemCaseSensitive(g, "ActionGeo_Type") : NULL;
    if (cJSON_IsNumber(t) && t->valuedouble >= 1 && t->valuedouble <= 5) type = (int)t->valuedouble;
  }
  number(b, type);
  dip_buf_char(b, '\t');
  for (uint32_t q = p, depth = 0; q != DIP_NONE && depth < 16; q = ds->places[q].within, depth++) {
    if (depth) DIP_BUF_LIT(b, ", ");
    tsv_field(b, dip_str(ds, ds->places[q].name), 0);
  }
  dip_buf_char(b, '\t');
  tsv_field(b, fips_of(country), 0);
  dip_buf_char(b, '\t');
  if (type == 2 || type == 5) {
    tsv_field(b, !strncmp(id, "gdelt:", 6) ? id + 6 : id, 0);
  } else if (type != 1 && ds->places[p].within != DIP_NONE) {
    const char *up = dip_str(ds, ds->places[ds->places[p].within].id);
    const char *ukind = dip_str(ds, ds->places[ds->places[p].within].kind);
    if (ukind && !strcmp(ukind, "region")) tsv_field(b, !strncmp(up, "gdelt:", 6) ? up + 6 : up, 0);
    else tsv_field(b, fips_of(country), 0);
  } else {
    tsv_field(b, fips_of(country), 0);
  }
  DIP_BUF_LIT(b, "\t\t"); /* ADM2 */
  if (coords_of(ds, p, &lat, &lon)) {
    number(b, lat);
    dip_buf_char(b, '\t');
    number(b, lon);
  } else {
    dip_buf_char(b, '\t');
  }
  dip_buf_char(b, '\t');
  if (type == 1) tsv_field(b, fips_of(country), 0);
  else tsv_field(b, !strncmp(id, "gdelt:", 6) ? id + 6 : id, 0);
}

static int quad_class(const char *code) {
  int root = (code[0] - '0') * 10 + (code[1] - '0');
  return root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
}

static void gdelt_row(out *o, const dip_event *e, uint32_t p1, uint32_t p2, const cJSON *g) {
  dip_dataset *ds = o->ds;
  dip_buf *b = &o->b;
  dip_span s = ds->dates[e->start].span;
  int y, m, d;
  char num[64];
  const char *code = dip_str(ds, e->cameo);
  const dip_cameo_code *info;
  const cJSON *sources = dip_event_sources(ds, (uint32_t)(e - ds->events));
  const cJSON *src = sources ? sources->child : NULL, *url = NULL;
  cJSON *parsed = NULL;
  int64_t day = s.lo >= 0 ? s.lo / 86400 : (s.lo - 86399) / 86400;
  dip_civil_from_days(day, &y, &m, &d);
  if (!code) code = dip_cameo_code_for(dip_str(ds, e->type), p1 != DIP_NONE ? dip_str(ds, ds->parts[p1].role) : NULL);
  if (!code) code = "";
  /* a visit seen from the host's side is hosting one (043), and back */
  if (p1 != DIP_NONE && (!strcmp(code, "042") || !strcmp(code, "043"))) {
    const char *role = dip_str(ds, ds->parts[p1].role);
    if (role && !strcmp(role, "host")) code = "043";
    else if (role && !strcmp(role, "guest")) code = "042";
  }
  info = dip_cameo_event(code, strlen(code));
  o->records++;
  snprintf(num, sizeof num, "%u\t%04d%02d%02d\t%04d%02d\t%04d\t%04d.%04d\t", o->records, y, m, d, y, m, y, y,
           (int)((((m - 1) * 30 + d) * 10000 + 182) / 365));
  dip_buf_add(b, num, strlen(num));
  gdelt_actor(o, p1);
  gdelt_actor(o, p2);
  extra_field(b, g, "IsRootEvent", "1");
  dip_buf_char(b, '\t');
  dip_buf_add(b, code, strlen(code));
  dip_buf_char(b, '\t');
  dip_buf_add(b, code, strlen(code) < 3 ? strlen(code) : 3);
  dip_buf_char(b, '\t');
  dip_buf_add(b, code, strlen(code) < 2 ? strlen(code) : 2);
  dip_buf_char(b, '\t');
  if (strlen(code) >= 2) {
    char q[4];
    snprintf(q, sizeof q, "%d", quad_class(code));
    extra_field(b, g, "QuadClass", q);
  }
  dip_buf_char(b, '\t');
  if (info) {
    char gs[16];
    snprintf(gs, sizeof gs, "%.1f", info->goldstein);
    extra_field(b, g, "GoldsteinScale", gs);
  } else {
    extra_field(b, g, "GoldsteinScale", NULL);
  }
  dip_buf_char(b, '\t');
  extra_field(b, g, "NumMentions", "1");
  dip_buf_char(b, '\t');
  extra_field(b, g, "NumSources", "1");
  dip_buf_char(b, '\t');
  extra_field(b, g, "NumArticles", "1");
  dip_buf_char(b, '\t');
  extra_field(b, g, "AvgTone", "0");
  DIP_BUF_LIT(b, "\t0\t\t\t\t\t\t\t\t0\t\t\t\t\t\t\t\t"); /* the actors' geography is not kept */
  gdelt_place(o, e, g);
  dip_buf_char(b, '\t');
  snprintf(num, sizeof num, "%04d%02d%02d000000", y, m, d);
  extra_field(b, g, "DATEADDED", num);
  dip_buf_char(b, '\t');
  if (src && cJSON_IsRaw(src)) {
    parsed = cJSON_Parse(src->valuestring);
    src = parsed;
  }
  if (src) url = cJSON_GetObjectItemCaseSensitive(src, "url");
  if (cJSON_IsString(url)) tsv_field(b, url->valuestring, 0);
  cJSON_Delete(parsed);
  dip_buf_char(b, '\n');
}

/* Whether the pair of actor codes of rows (p1, p2) was written for this event
   already: GDELT tells actors apart by code only, so two guests of one country
   give one row. */
static int pair_written(out *o, uint32_t p1, uint32_t p2, char (*seen)[2][64], uint32_t *nseen, uint32_t max) {
  dip_dataset *ds = o->ds;
  char c1[64], c2[64];
  const char *a = p1 != DIP_NONE ? actor_code(ds, ds->parts[p1].actor, dip_part_side(ds, p1), c1, sizeof c1) : "";
  const char *b = p2 != DIP_NONE ? actor_code(ds, ds->parts[p2].actor, dip_part_side(ds, p2), c2, sizeof c2) : "";
  /* an actor without a code (a state outside ISO 3166, a body of no country)
     cannot be written; its partner's rows stand for the event */
  if ((p1 != DIP_NONE && !*a) || (p2 != DIP_NONE && !*b)) return 1;
  for (uint32_t i = 0; i < *nseen; i++)
    if (!strcmp(seen[i][0], a) && !strcmp(seen[i][1], b)) return 1;
  if (*nseen < max) {
    snprintf(seen[*nseen][0], 64, "%s", a);
    snprintf(seen[*nseen][1], 64, "%s", b);
    (*nseen)++;
  }
  return 0;
}

static void gdelt_event(out *o, uint32_t h) {
  dip_dataset *ds = o->ds;
  const dip_event *e = &ds->events[h];
  int owned, meeting = dip_is_meeting_type(ds, e->type), rows = 0, any_source = 0;
  cJSON *g = extra_object(dip_event_extra(ds, h), "gdelt", &owned);
  char seen[32][2][64];
  uint32_t nseen = 0;
  for (uint32_t i = 0; i < e->nparts; i++) {
    const char *role = dip_str(ds, ds->parts[e->parts + i].role);
    any_source |= role && !strcmp(role, "source");
  }
  for (uint32_t i = 0; i < e->nparts; i++) {
    uint32_t pi = e->parts + i, side_i = dip_part_side(ds, pi);
    const char *role = dip_str(ds, ds->parts[pi].role);
    int alone = 1; /* no participant of another side: pairs within the side are written */
    for (uint32_t j = 0; j < e->nparts; j++)
      if (j != i && dip_part_side(ds, e->parts + j) != side_i) alone = 0;
    if (!meeting) {
      /* a source (or, without one, the first participant) to each of the others */
      int is_source = any_source ? role && !strcmp(role, "source") : i == 0;
      if (!is_source) continue;
      for (uint32_t j = 0; j < e->nparts; j++) {
        const char *rj = dip_str(ds, ds->parts[e->parts + j].role);
        if (j == i || (any_source && rj && !strcmp(rj, "source"))) continue;
        if (pair_written(o, pi, e->parts + j, seen, &nseen, 32)) continue;
        gdelt_row(o, e, pi, e->parts + j, g);
        rows++;
      }
      continue;
    }
    for (uint32_t j = 0; j < e->nparts; j++) {
      uint32_t pj = e->parts + j;
      if (i == j || (!alone && dip_part_side(ds, pj) == side_i)) continue;
      if (pair_written(o, pi, pj, seen, &nseen, 32)) continue;
      gdelt_row(o, e, pi, pj, g);
      rows++;
    }
  }
  if (!rows) {
    /* one participant: Actor2 when its role is the code's target role (the target of a statement, a host) */
    const char *code = dip_str(ds, e->cameo);
    const dip_cameo_mapping *map = code ? dip_cameo_map(code, strlen(code)) : NULL;
    uint32_t first = e->nparts ? e->parts : DIP_NONE;
    const char *role;
    int second;
    char c1[64];
    /* the first participant with a code */
    for (uint32_t i = 0; i < e->nparts; i++)
      if (*actor_code(ds, ds->parts[e->parts + i].actor, dip_part_side(ds, e->parts + i), c1, sizeof c1)) {
        first = e->parts + i;
        break;
      }
    role = first != DIP_NONE ? dip_str(ds, ds->parts[first].role) : NULL;
    second = map && role && !strcmp(role, map->target_role) && strcmp(role, map->source_role);
    if (!map && role && !strcmp(role, "target")) second = 1;
    if (second) gdelt_row(o, e, DIP_NONE, first, g);
    else gdelt_row(o, e, first, DIP_NONE, g);
  }
  if (owned) cJSON_Delete(g);
}

/* ---- GeoJSON ---- */

static void json_str(dip_buf *b, const char *s) {
  if (!s) DIP_BUF_LIT(b, "null");
  else dip_buf_json(b, s, strlen(s));
}

static void geojson_event(out *o, uint32_t h) {
  dip_dataset *ds = o->ds;
  const dip_event *e = &ds->events[h];
  dip_buf *b = &o->b;
  double lat, lon;
  if (e->place == DIP_NONE || !coords_of(ds, e->place, &lat, &lon)) return;
  if (o->records) dip_buf_char(b, ',');
  dip_buf_char(b, '\n');
  o->records++;
  DIP_BUF_LIT(b, "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
  number(b, lon);
  dip_buf_char(b, ',');
  number(b, lat);
  DIP_BUF_LIT(b, "]},\"properties\":{\"id\":");
  json_str(b, dip_str(ds, e->id));
  DIP_BUF_LIT(b, ",\"type\":");
  json_str(b, dip_str(ds, e->type));
  if (e->title != DIP_NONE) {
    DIP_BUF_LIT(b, ",\"title\":");
    json_str(b, dip_str(ds, e->title));
  }
  DIP_BUF_LIT(b, ",\"start\":");
  json_str(b, date_text(ds, e->start));
  if (e->end != DIP_NONE) {
    DIP_BUF_LIT(b, ",\"end\":");
    json_str(b, date_text(ds, e->end));
  }
  DIP_BUF_LIT(b, ",\"status\":");
  json_str(b, dip_status_names[e->status]);
  if (e->cameo != DIP_NONE) {
    DIP_BUF_LIT(b, ",\"cameo\":");
    json_str(b, dip_str(ds, e->cameo));
  }
  DIP_BUF_LIT(b, ",\"place\":");
  json_str(b, dip_str(ds, ds->places[e->place].id));
  DIP_BUF_LIT(b, ",\"place_name\":");
  json_str(b, dip_str(ds, ds->places[e->place].name));
  DIP_BUF_LIT(b, ",\"participants\":[");
  for (uint32_t i = 0; i < e->nparts; i++) {
    const dip_participant *p = &ds->parts[e->parts + i];
    uint32_t side = dip_part_side(ds, e->parts + i);
    if (i) dip_buf_char(b, ',');
    DIP_BUF_LIT(b, "{\"actor\":");
    json_str(b, dip_str(ds, ds->actors[p->actor].id));
    DIP_BUF_LIT(b, ",\"name\":");
    json_str(b, dip_str(ds, ds->actors[p->actor].name));
    if (p->role != DIP_NONE) {
      DIP_BUF_LIT(b, ",\"role\":");
      json_str(b, dip_str(ds, p->role));
    }
    if (side != DIP_NONE) {
      DIP_BUF_LIT(b, ",\"side\":");
      json_str(b, dip_str(ds, ds->actors[side].id));
    }
    dip_buf_char(b, '}');
  }
  DIP_BUF_LIT(b, "]}}");
}

/* ---- driver ---- */

static int flush(out *o) {
  if (o->b.failed) return DIP_ENOMEM;
  if (o->b.n && fwrite(o->b.s, 1, o->b.n, o->f) != o->b.n) return DIP_EIO;
  dip_buf_reset(&o->b);
  return DIP_OK;
}

typedef struct export_job {
  out o;
  int format;
  const uint32_t *events;
  uint32_t n;
} export_job;

/* Writes the records through the buffer, a megabyte at a time. */
static int produce(FILE *f, void *ctx) {
  export_job *job = ctx;
  out *o = &job->o;
  int rc = DIP_OK;
  o->f = f;
  if (job->format == DIP_FORMAT_CSV) {
    static const char header[] = "event_id,type,cameo,start,end,status,title,place_id,place_name,lat,lon,country,"
                                 "actor_id,actor_name,actor_kind,role,side_id,side_name\r\n";
    dip_buf_add(&o->b, header, sizeof header - 1);
  } else if (job->format == DIP_FORMAT_GEOJSON) {
    DIP_BUF_LIT(&o->b, "{\"type\":\"FeatureCollection\",\"features\":[");
  }
  for (uint32_t i = 0; i < job->n && !rc; i++) {
    uint32_t h = job->events ? job->events[i] : i;
    /* JSON an opened snapshot still keeps as text is parsed first: memory
       running out there fails the export, never drops an event's sources */
    if (dip_event_kept_ready(o->ds, h)) {
      rc = DIP_ENOMEM;
      break;
    }
    if (job->format == DIP_FORMAT_CSV) csv_event(o, h);
    else if (job->format == DIP_FORMAT_GDELT) gdelt_event(o, h);
    else geojson_event(o, h);
    if (o->b.n > (1u << 20)) rc = flush(o);
  }
  if (!rc && job->format == DIP_FORMAT_GEOJSON) DIP_BUF_LIT(&o->b, "\n]}\n");
  if (!rc) rc = flush(o);
  return rc == DIP_ENOMEM ? dip_set_err(o->ds, DIP_ENOMEM, "out of memory") : rc;
}

int dip_export(dip_dataset *ds, const char *path, int format, const uint32_t *events, uint32_t n, uint32_t *records) {
  export_job job;
  int rc;
  *records = 0;
  if (format != DIP_FORMAT_CSV && format != DIP_FORMAT_GDELT && format != DIP_FORMAT_GEOJSON)
    return dip_set_err(ds, DIP_EINVAL, "cannot export as '%s' (expected csv, gdelt or geojson)", dip_format_name(format));
  if (dip_index_update(ds)) return dip_set_err(ds, DIP_ENOMEM, "out of memory");
  memset(&job, 0, sizeof job);
  job.o.ds = ds;
  job.format = format;
  job.events = events;
  job.n = n;
  rc = dip_write_file(ds, path, produce, &job);
  dip_buf_free(&job.o.b);
  if (!rc) *records = job.o.records;
  return rc;
}
