/* import_csv.c: the project's own CSV export (one row per event and participant) read back into events */
#include <stdlib.h>
#include <string.h>
#include "import_common.h"

enum {
  K_ID, K_TYPE, K_CAMEO, K_START, K_END, K_STATUS, K_TITLE, K_PLACE_ID, K_PLACE_NAME, K_LAT, K_LON, K_COUNTRY,
  K_ACTOR_ID, K_ACTOR_NAME, K_ACTOR_KIND, K_ROLE, K_SIDE_ID, K_SIDE_NAME, NKEYS
};

static const char *const column_names[NKEYS] = {
  "event_id", "type", "cameo", "start", "end", "status", "title", "place_id", "place_name", "lat", "lon", "country",
  "actor_id", "actor_name", "actor_kind", "role", "side_id", "side_name"
};

#define MAX_CSV_FIELDS 64
/* One event's participants at most (more rows of one event are refused). */
#define MAX_CSV_PARTS 4096

typedef struct csv_record {
  char *f[MAX_CSV_FIELDS];
  size_t n[MAX_CSV_FIELDS];
  int nf;
  uint32_t line;
} csv_record;

typedef struct csv_reader {
  char *text;     /* the whole file; fields are unquoted in place */
  size_t len, pos;
  uint32_t line;
} csv_reader;

/* The next record (RFC 4180: quoted fields may hold commas, quotes doubled,
   line breaks); 0 at the end, -1 for an unterminated quote. */
static int next_record(csv_reader *r, csv_record *rec) {
  rec->nf = 0;
  rec->line = r->line;
  if (r->pos >= r->len) return 0;
  for (;;) {
    char *out = r->text + r->pos, *start = out;
    if (r->pos < r->len && r->text[r->pos] == '"') {
      r->pos++;
      for (;;) {
        if (r->pos >= r->len) return -1;
        if (r->text[r->pos] == '"') {
          if (r->pos + 1 < r->len && r->text[r->pos + 1] == '"') {
            *out++ = '"';
            r->pos += 2;
            continue;
          }
          r->pos++;
          break;
        }
        if (r->text[r->pos] == '\n') r->line++;
        *out++ = r->text[r->pos++];
      }
      /* anything up to the separator after the closing quote is kept as it is */
      while (r->pos < r->len && r->text[r->pos] != ',' && r->text[r->pos] != '\n' && r->text[r->pos] != '\r')
        *out++ = r->text[r->pos++];
    } else {
      while (r->pos < r->len && r->text[r->pos] != ',' && r->text[r->pos] != '\n' && r->text[r->pos] != '\r') r->pos++;
      out = r->text + r->pos;
    }
    if (rec->nf < MAX_CSV_FIELDS) {
      rec->f[rec->nf] = start;
      rec->n[rec->nf] = (size_t)(out - start);
    }
    rec->nf++;
    if (r->pos < r->len && r->text[r->pos] == ',') {
      *out = '\0';
      r->pos++;
      continue;
    }
    if (r->pos < r->len && r->text[r->pos] == '\r') r->pos++;
    if (r->pos < r->len && r->text[r->pos] == '\n') r->pos++;
    *out = '\0';
    r->line++;
    return 1;
  }
}

typedef struct csv_state {
  int col[NKEYS];
  dip_participant *parts;
  uint32_t nparts, partcap;
} csv_state;

static int skip_row(dip_import *im, uint32_t line, const char *what, const char *value, const char *expected) {
  return dip_imp_skip(im, line, "%s: '%.60s' is not %s", what, value, expected) ? DIP_ENOMEM : DIP_OK;
}

static const char *field(const csv_state *cs, const csv_record *rec, int k, size_t *n) {
  int i = cs->col[k];
  if (i < 0 || i >= rec->nf || i >= MAX_CSV_FIELDS) {
    *n = 0;
    return "";
  }
  *n = rec->n[i];
  return rec->f[i];
}

/* The actor of id, made from the row when the dataset lacks it. */
static uint32_t csv_actor(dip_import *im, const char *id, size_t n, const char *name, size_t nn, const char *kind,
                          size_t nk) {
  uint32_t sid = dip_imp_str(im, id, n), sname, h;
  const dip_country *c;
  char k[64];
  if (sid == DIP_NONE) return DIP_NONE;
  if ((h = dip_map_get(&im->ds->actor_of_id, sid)) != DIP_NONE) return h;
  if ((sname = dip_imp_str(im, nn ? name : id, nn ? nn : n)) == DIP_NONE) return DIP_NONE;
  /* a side without a kind: a state when its id is a country's */
  c = dip_country_by_iso3(id, n);
  if (!nk && c) kind = "state", nk = 5;
  snprintf(k, sizeof k, "%.*s", (int)(nk < 63 ? nk : 63), kind);
  return dip_imp_actor(im, sid, sname, DIP_NONE, nk ? k : NULL, c ? c->iso3 : NULL, NULL, 0, DIP_NONE);
}

/* Adds the event whose rows are rec[0..count) (one per participant). */
static int csv_event(dip_import *im, csv_state *cs, csv_record *recs, uint32_t count) {
  dip_dataset *ds = im->ds;
  const csv_record *r0 = &recs[0];
  dip_event_in e;
  const char *s, *why;
  size_t n, n2;
  uint32_t handle;
  int rc;
  memset(&e, 0, sizeof e);
  e.end = e.place = e.part_of = e.title = e.cameo = DIP_NONE;
  s = field(cs, r0, K_ID, &n);
  if (!n) return dip_imp_skip(im, r0->line, "event_id: missing") ? DIP_ENOMEM : DIP_OK;
  if ((e.id = dip_imp_str(im, s, n)) == DIP_NONE) return DIP_ENOMEM;
  if (dip_map_get(&ds->event_of_id, e.id) != DIP_NONE)
    return dip_imp_skip(im, r0->line, "duplicate event id '%.80s'", s) ? DIP_ENOMEM : DIP_OK;
  s = field(cs, r0, K_TYPE, &n);
  if (!n) return dip_imp_skip(im, r0->line, "type: missing") ? DIP_ENOMEM : DIP_OK;
  if ((e.type = dip_imp_str(im, s, n)) == DIP_NONE) return DIP_ENOMEM;
  s = field(cs, r0, K_START, &n);
  if ((rc = dip_imp_date(im, s, n, &e.start, &why))) return rc == DIP_EINVAL ? skip_row(im, r0->line, "start", s, "a date") : rc;
  s = field(cs, r0, K_END, &n);
  if (n) {
    if ((rc = dip_imp_date(im, s, n, &e.end, &why))) return rc == DIP_EINVAL ? skip_row(im, r0->line, "end", s, "a date") : rc;
    if (ds->dates[e.end].span.hi < ds->dates[e.start].span.lo)
      return dip_imp_skip(im, r0->line, "end '%.30s' is before start", s) ? DIP_ENOMEM : DIP_OK;
  }
  s = field(cs, r0, K_STATUS, &n);
  if (n) {
    int found = 0;
    for (int i = 1; i < DIP_NSTATUS && !found; i++)
      if (strlen(dip_status_names[i]) == n && !memcmp(dip_status_names[i], s, n)) e.status = (unsigned char)i, found = 1;
    if (!found) return skip_row(im, r0->line, "status", s, "a status (held, planned, postponed, cancelled, reported, denied)");
    if (e.status == DIP_HELD) e.status = DIP_STATUS_UNSET; /* written for events that gave none */
  }
  s = field(cs, r0, K_CAMEO, &n);
  if (n && (e.cameo = dip_imp_str(im, s, n)) == DIP_NONE) return DIP_ENOMEM;
  s = field(cs, r0, K_TITLE, &n);
  if (n && (e.title = dip_imp_str(im, s, n)) == DIP_NONE) return DIP_ENOMEM;
  s = field(cs, r0, K_PLACE_ID, &n);
  if (n) {
    const char *lat = field(cs, r0, K_LAT, &n2), *name, *country;
    size_t nname, ncountry, nlon;
    const char *lon = field(cs, r0, K_LON, &nlon);
    double la = 0, lo = 0;
    int has = n2 && nlon;
    uint32_t sid, sname;
    char cc[8];
    if (has && (!dip_is_number(lat, n2) || !dip_is_number(lon, nlon)))
      return dip_imp_skip(im, r0->line, "lat, lon: '%.24s', '%.24s' are not numbers", lat, lon) ? DIP_ENOMEM : DIP_OK;
    if (has) la = strtod(lat, NULL), lo = strtod(lon, NULL);
    name = field(cs, r0, K_PLACE_NAME, &nname);
    country = field(cs, r0, K_COUNTRY, &ncountry);
    snprintf(cc, sizeof cc, "%.*s", (int)(ncountry < 7 ? ncountry : 7), country);
    if ((sid = dip_imp_str(im, s, n)) == DIP_NONE || (sname = dip_imp_str(im, nname ? name : s, nname ? nname : n)) == DIP_NONE ||
        (e.place = dip_imp_place(im, sid, sname, NULL, DIP_NONE, has ? &la : NULL, has ? &lo : NULL,
                                 ncountry == 3 ? cc : NULL)) == DIP_NONE)
      return DIP_ENOMEM;
  }
  cs->nparts = 0;
  for (uint32_t i = 0; i < count; i++) {
    const csv_record *r = &recs[i];
    const char *id = field(cs, r, K_ACTOR_ID, &n), *name, *kind, *role, *side, *side_name;
    size_t nn, nk, nr, ns, nsn;
    dip_participant *p;
    if (!n) continue; /* an event without participants has one row with none */
    name = field(cs, r, K_ACTOR_NAME, &nn);
    kind = field(cs, r, K_ACTOR_KIND, &nk);
    role = field(cs, r, K_ROLE, &nr);
    side = field(cs, r, K_SIDE_ID, &ns);
    side_name = field(cs, r, K_SIDE_NAME, &nsn);
    if (cs->nparts + 1 > cs->partcap) {
      uint32_t cap = cs->partcap ? cs->partcap * 2 : 16;
      dip_participant *t = realloc(cs->parts, (size_t)cap * sizeof *t);
      if (!t) return dip_imp_oom(im);
      cs->parts = t;
      cs->partcap = cap;
    }
    p = &cs->parts[cs->nparts];
    memset(p, 0, sizeof *p);
    p->role = p->side = DIP_NONE;
    if ((p->actor = csv_actor(im, id, n, name, nn, kind, nk)) == DIP_NONE) return dip_imp_oom(im);
    if (nr && (p->role = dip_imp_str(im, role, nr)) == DIP_NONE) return DIP_ENOMEM;
    /* the side as the export computed it (rule 3): given, since the posts behind it are not in the file */
    if (ns && (p->side = csv_actor(im, side, ns, side_name, nsn, "", 0)) == DIP_NONE) return dip_imp_oom(im);
    cs->nparts++;
  }
  if ((rc = dip_imp_event(im, &e, cs->parts, cs->nparts, &handle))) return rc;
  return DIP_OK;
}

int dip_csv_file(dip_import *im, FILE *f, const char *path) {
  csv_state cs;
  csv_reader rd;
  csv_record *recs = NULL;
  uint32_t nrecs = 0, reccap = 0;
  size_t cap = 1 << 16;
  int rc = DIP_OK, got;
  memset(&cs, 0, sizeof cs);
  memset(&rd, 0, sizeof rd);
  rd.line = 1;
  /* the whole file, as quoted fields may span lines */
  if (!(rd.text = malloc(cap))) return dip_imp_oom(im);
  for (;;) {
    size_t n = fread(rd.text + rd.len, 1, cap - rd.len - 1, f);
    rd.len += n;
    if (rd.len + 1 < cap) break;
    if (cap > SIZE_MAX / 2) {
      free(rd.text);
      return dip_imp_oom(im);
    }
    {
      char *t = realloc(rd.text, cap * 2);
      if (!t) {
        free(rd.text);
        return dip_imp_oom(im);
      }
      rd.text = t;
      cap *= 2;
    }
  }
  if (ferror(f)) {
    free(rd.text);
    snprintf(im->err, sizeof im->err, "%s: read error", path);
    return DIP_EIO;
  }
  rd.text[rd.len] = '\0';
  if (rd.len >= 3 && (unsigned char)rd.text[0] == 0xEF && (unsigned char)rd.text[1] == 0xBB &&
      (unsigned char)rd.text[2] == 0xBF)
    rd.pos = 3;
  /* the header: columns found by name */
  {
    csv_record h;
    if (next_record(&rd, &h) != 1) {
      free(rd.text);
      snprintf(im->err, sizeof im->err, "%s: empty file (expected the header line event_id,type,...)", path);
      return DIP_EINVAL;
    }
    for (int k = 0; k < NKEYS; k++) {
      cs.col[k] = -1;
      for (int i = 0; i < h.nf && i < MAX_CSV_FIELDS; i++)
        if (strlen(column_names[k]) == h.n[i] && !memcmp(h.f[i], column_names[k], h.n[i])) cs.col[k] = i;
      if (cs.col[k] < 0 && (k == K_ID || k == K_TYPE || k == K_START)) {
        free(rd.text);
        snprintf(im->err, sizeof im->err, "%s: not the project's CSV: its header has no column '%s'", path, column_names[k]);
        return DIP_EINVAL;
      }
    }
  }
  /* records, grouped by event: the rows of one event follow each other */
  for (;;) {
    csv_record rec;
    size_t n0, n1;
    const char *id;
    got = next_record(&rd, &rec);
    if (got < 0) {
      if (dip_imp_skip(im, rec.line, "a quoted field is never closed (the rest of the file is left out)")) rc = DIP_ENOMEM;
      got = 0;
    }
    if (got && rec.nf == 1 && rec.n[0] == 0) continue; /* an empty line */
    if (got) im->rows++;
    if (got) {
      int bad = 0;
      for (int i = 0; i < rec.nf && i < MAX_CSV_FIELDS && !bad; i++) bad = !dip_utf8_valid(rec.f[i], rec.n[i]);
      if (bad) {
        if (dip_imp_skip(im, rec.line, "invalid UTF-8")) rc = DIP_ENOMEM;
        if (rc) break;
        continue;
      }
    }
    if (got && (rec.nf > MAX_CSV_FIELDS || rec.nf < cs.col[K_ID] + 1)) {
      if (dip_imp_skip(im, rec.line, "expected %d comma-separated fields, got %d", NKEYS, rec.nf)) rc = DIP_ENOMEM;
      if (rc) break;
      continue;
    }
    id = got ? field(&cs, &rec, K_ID, &n0) : NULL;
    if (nrecs && (!got || (field(&cs, &recs[0], K_ID, &n1), n0 != n1 || memcmp(id, recs[0].f[cs.col[K_ID]], n0)))) {
      if ((rc = csv_event(im, &cs, recs, nrecs)) || im->state->fatal) break;
      nrecs = 0;
    }
    if (!got) break;
    if (nrecs >= MAX_CSV_PARTS) {
      if (dip_imp_skip(im, rec.line, "more than %d rows for one event", MAX_CSV_PARTS)) rc = DIP_ENOMEM;
      if (rc) break;
      continue;
    }
    if (nrecs + 1 > reccap) {
      uint32_t c2 = reccap ? reccap * 2 : 16;
      csv_record *t = realloc(recs, (size_t)c2 * sizeof *t);
      if (!t) {
        rc = dip_imp_oom(im);
        break;
      }
      recs = t;
      reccap = c2;
    }
    recs[nrecs++] = rec;
  }
  if (!rc && im->state->fatal) rc = im->state->fatal;
  free(recs);
  free(cs.parts);
  free(rd.text);
  return rc;
}
