/* import_hsg.c: the US Office of the Historian's trips and visits (XML, read with expat) into visits */
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include "import_common.h"

/* A post is taken as held from the first to the last record that shows it,
   split where two records of it are further apart than this. */
#if !defined(DIP_POST_GAP_DAYS)
#define DIP_POST_GAP_DAYS 1461
#endif

enum field {
  F_NONE = -1, F_ID, F_ROLE, F_NAME, F_START, F_END, F_COUNTRY, F_LOCALE, F_REMARKS, F_VISITOR, F_FROM,
  F_DESCRIPTION, NFIELDS
};

static const char *const field_names[NFIELDS] = {
  "id", "role", "name", "start-date", "end-date", "country", "locale", "remarks", "visitor", "from", "description"
};

typedef struct parse {
  dip_import *im;
  XML_Parser parser;
  int format, depth, root_ok, field, rc;
  char root[32];          /* the root element's name */
  uint32_t record_line;
  dip_buf text[NFIELDS];
  dip_buf who, place_id;  /* the trip's who attribute, the country's (or from's) id attribute */
} parse;

static void reset_record(parse *p) {
  for (int i = 0; i < NFIELDS; i++) dip_buf_reset(&p->text[i]);
  dip_buf_reset(&p->who);
  dip_buf_reset(&p->place_id);
}

/* s with runs of white space as one space, trimmed, into b. */
static void squeeze(dip_buf *out, const char *s, size_t n) {
  int space = 0;
  dip_buf_reset(out);
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    /* U+00A0 (no-break space, "Petr Fiala\u00a0") is a space too */
    if (c == '\xC2' && i + 1 < n && s[i + 1] == '\xA0') {
      i++;
      c = ' ';
    }
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = out->n > 0;
      continue;
    }
    if (space) dip_buf_char(out, ' ');
    space = 0;
    dip_buf_char(out, c);
  }
}

static const char *attr(const XML_Char **atts, const char *name) {
  for (int i = 0; atts[i]; i += 2)
    if (!strcmp(atts[i], name)) return atts[i + 1];
  return NULL;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts) {
  parse *p = ud;
  p->depth++;
  if (p->rc) return;
  if (p->depth == 1) {
    p->root_ok = !strcmp(name, p->format == DIP_FORMAT_HSG_TRAVELS ? "trips" : "visits");
    snprintf(p->root, sizeof p->root, "%s", name);
    return;
  }
  if (!p->root_ok) return;
  if (p->depth == 2) {
    const char *who;
    reset_record(p);
    p->record_line = (uint32_t)XML_GetCurrentLineNumber(p->parser);
    if ((who = attr(atts, "who"))) dip_buf_add(&p->who, who, strlen(who));
    return;
  }
  if (p->depth == 3) {
    p->field = F_NONE;
    for (int i = 0; i < NFIELDS; i++)
      if (!strcmp(name, field_names[i])) p->field = i;
    if (p->field == F_COUNTRY || p->field == F_FROM) {
      const char *id = attr(atts, "id");
      if (id) dip_buf_add(&p->place_id, id, strlen(id));
    }
  }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len) {
  parse *p = ud;
  if (p->rc || !p->root_ok || p->depth != 3 || p->field == F_NONE) return;
  dip_buf_add(&p->text[p->field], s, (size_t)len);
}

static int record(parse *p);

static void XMLCALL on_end(void *ud, const XML_Char *name) {
  parse *p = ud;
  (void)name;
  if (!p->rc && p->root_ok && p->depth == 2) {
    p->im->rows++;
    p->rc = record(p);
    if (p->rc) XML_StopParser(p->parser, XML_FALSE);
  }
  if (p->depth == 3) p->field = F_NONE;
  p->depth--;
}

/* ---- records into the model ---- */

static uint32_t str_of(dip_import *im, const dip_buf *b) { return dip_imp_str(im, b->s ? b->s : "", b->n); }

/* The state of an Office of the Historian country id ("korea-south"); the
   place too when place is not NULL. */
static uint32_t hsg_state(dip_import *im, const dip_buf *id, const dip_buf *name, uint32_t *place) {
  int rc;
  const dip_country *c = id->n ? dip_imp_country_named(im, id->s, id->n, &rc) : NULL;
  uint32_t sid, sname, h;
  if (!c && name->n) c = dip_imp_country_named(im, name->s, name->n, &rc);
  if (im->state->fatal) return DIP_NONE;
  if (c) {
    if (place && (*place = dip_imp_country_place(im, c)) == DIP_NONE) return DIP_NONE;
    return dip_imp_state(im, c);
  }
  /* a state the table does not know (Hawaii): its id as the Office writes it */
  if ((sid = str_of(im, id->n ? id : name)) == DIP_NONE || (sname = str_of(im, name->n ? name : id)) == DIP_NONE)
    return DIP_NONE;
  if (place && (*place = dip_imp_place(im, sid, sname, "country", DIP_NONE, NULL, NULL, NULL)) == DIP_NONE)
    return DIP_NONE;
  h = dip_imp_actor(im, sid, sname, DIP_NONE, "state", NULL, NULL, 0, DIP_NONE);
  return h;
}

static int united_states(dip_import *im) {
  dip_import_state *st = im->state;
  uint32_t id, name;
  if (st->usa != DIP_NONE) return DIP_OK;
  if ((st->usa = dip_imp_state(im, dip_country_by_iso3("USA", 3))) == DIP_NONE ||
      (st->usa_place = dip_imp_country_place(im, dip_country_by_iso3("USA", 3))) == DIP_NONE)
    return dip_imp_oom(im);
  if ((id = dip_imp_str(im, "USA-DOS", 7)) == DIP_NONE ||
      (name = dip_imp_str(im, "United States Department of State", 33)) == DIP_NONE)
    return dip_imp_oom(im);
  if ((st->usa_dos = dip_imp_actor(im, id, name, DIP_NONE, "agency", "USA", NULL, 0, st->usa)) == DIP_NONE)
    return dip_imp_oom(im);
  return DIP_OK;
}

/* "Antony John Blinken": also known as "Antony Blinken". */
static uint32_t short_name(dip_import *im, const dip_buf *name) {
  const char *s = name->s, *first_space, *last_space;
  char buf[200];
  if (!name->n) return DIP_NONE;
  first_space = strchr(s, ' ');
  last_space = strrchr(s, ' ');
  if (!first_space || first_space == last_space) return DIP_NONE;
  snprintf(buf, sizeof buf, "%.*s%s", (int)(first_space - s), s, last_space);
  return dip_imp_str(im, buf, strlen(buf));
}

static int skip(parse *p, const char *fmt, const char *what) {
  return dip_imp_skip(p->im, p->record_line, fmt, what) ? DIP_ENOMEM : DIP_OK;
}

/* The dates of a record; DIP_EINVAL after recording the skip. */
static int record_dates(parse *p, uint32_t *start, uint32_t *end) {
  dip_import *im = p->im;
  dip_buf *s = &p->text[F_START], *e = &p->text[F_END];
  const char *why;
  int rc;
  char msg[200];
  *end = DIP_NONE;
  if (!s->n) return skip(p, "%s: missing", "start-date") ? DIP_ENOMEM : DIP_EINVAL;
  if ((rc = dip_imp_date(im, s->s, s->n, start, &why))) {
    if (rc == DIP_ENOMEM) return rc;
    snprintf(msg, sizeof msg, "start-date: '%.40s' is not a date", s->s);
    return skip(p, "%s", msg) ? DIP_ENOMEM : DIP_EINVAL;
  }
  if (e->n) {
    if ((rc = dip_imp_date(im, e->s, e->n, end, &why))) {
      if (rc == DIP_ENOMEM) return rc;
      snprintf(msg, sizeof msg, "end-date: '%.40s' is not a date", e->s);
      return skip(p, "%s", msg) ? DIP_ENOMEM : DIP_EINVAL;
    }
    if (im->ds->dates[*end].span.hi < im->ds->dates[*start].span.lo) {
      snprintf(msg, sizeof msg, "end-date '%.20s' is before start-date '%.20s'", e->s, s->s);
      return skip(p, "%s", msg) ? DIP_ENOMEM : DIP_EINVAL;
    }
    if (*end == *start) *end = DIP_NONE;
  }
  return DIP_OK;
}

/* An exact duplicate of an event of this import (same content, another id):
   its id is noted on that event, and 1 returned. */
static int duplicate(parse *p, uint64_t key, const dip_event_in *e, const dip_participant *parts, uint32_t nparts,
                     const char *record_id, int *rc) {
  dip_import *im = p->im;
  dip_dataset *ds = im->ds;
  dip_hset *h = &im->state->records;
  uint32_t pos = UINT32_MAX, slot;
  *rc = DIP_OK;
  while ((slot = dip_hset_next(h, key, &pos)) != UINT32_MAX) {
    dip_event *o = &ds->events[h->vals[slot]];
    cJSON *list, *id;
    int same = o->start == e->start && o->end == e->end && o->place == e->place && o->title == e->title &&
               o->type == e->type && o->nparts == nparts;
    for (uint32_t i = 0; same && i < nparts; i++)
      same = ds->parts[o->parts + i].actor == parts[i].actor && ds->parts[o->parts + i].role == parts[i].role;
    if (!same) continue;
    cJSON **extra = dip_side_slot(ds, &ds->ev_extra, h->vals[slot]);
    if (!extra || (!*extra && !(*extra = cJSON_CreateObject()))) return *rc = dip_imp_oom(im), 1;
    if (!(list = cJSON_GetObjectItemCaseSensitive(*extra, "duplicate_ids")) &&
        !(list = cJSON_AddArrayToObject(*extra, "duplicate_ids")))
      return *rc = dip_imp_oom(im), 1;
    if (!(id = cJSON_CreateString(record_id))) return *rc = dip_imp_oom(im), 1;
    cJSON_AddItemToArray(list, id);
    *rc = dip_imp_alias(im, e->id, h->vals[slot]);
    return 1;
  }
  return 0;
}

static uint64_t record_key(const dip_event_in *e, const dip_participant *parts, uint32_t nparts) {
  uint32_t v[6];
  v[0] = e->start;
  v[1] = e->end;
  v[2] = e->place;
  v[3] = e->title;
  v[4] = nparts ? parts[0].actor : 0;
  v[5] = nparts > 1 ? parts[1].actor : 0;
  return dip_hash64(v, sizeof v, 7);
}

static int add_visit(parse *p, const char *kind, dip_event_in *e, const dip_participant *parts, uint32_t nparts) {
  dip_import *im = p->im;
  dip_buf *id = &im->state->id;
  const dip_buf *rid = &p->text[F_ID];
  uint64_t key;
  uint32_t handle;
  int rc;
  dip_buf_reset(id);
  DIP_BUF_LIT(id, "hsg:");
  dip_buf_add(id, kind, strlen(kind));
  dip_buf_char(id, ':');
  dip_buf_add(id, rid->s, rid->n);
  if (id->failed || (e->id = dip_imp_str(im, id->s, id->n)) == DIP_NONE ||
      (e->type = dip_imp_str(im, "visit", 5)) == DIP_NONE) {
    cJSON_Delete(e->extra);
    return dip_imp_oom(im);
  }
  key = record_key(e, parts, nparts);
  if (duplicate(p, key, e, parts, nparts, rid->s, &rc)) {
    cJSON_Delete(e->extra);
    return rc;
  }
  if (dip_map_get(&im->ds->event_of_id, e->id) != DIP_NONE) {
    cJSON_Delete(e->extra);
    return dip_imp_skip(im, p->record_line, "duplicate event id '%s'", id->s) ? DIP_ENOMEM : DIP_OK;
  }
  if ((rc = dip_imp_event(im, e, parts, nparts, &handle))) return rc;
  if (dip_hset_add(&im->state->records, key, handle)) return dip_imp_oom(im);
  return DIP_OK;
}

static int trip(parse *p) {
  dip_import *im = p->im;
  dip_import_state *st = im->state;
  dip_buf *name = &p->text[F_NAME], *role = &p->text[F_ROLE], *locale = &p->text[F_LOCALE];
  dip_buf *country = &p->text[F_COUNTRY], *sq = &st->buf;
  dip_event_in e;
  dip_participant parts[2];
  uint32_t person, host, country_place, start, end, sid, sname, title, target;
  int president, rc;
  char idbuf[200];
  if (!p->text[F_ID].n) return skip(p, "%s: missing", "id");
  if (!name->n) return skip(p, "%s: missing", "name");
  if (!p->place_id.n && !country->n) return skip(p, "%s: missing", "country");
  president = role->n && !strcmp(role->s, "president");
  if (!president && !(role->n && !strcmp(role->s, "secretary")))
    return skip(p, "role: '%.40s' is neither president nor secretary", role->s ? role->s : "");
  if ((rc = record_dates(p, &start, &end))) return rc == DIP_EINVAL ? DIP_OK : rc;
  if ((rc = united_states(im))) return rc;
  /* the traveller, with the post for the trip's dates */
  snprintf(idbuf, sizeof idbuf, "%s", p->who.n ? p->who.s : name->s);
  if ((sid = dip_imp_str(im, idbuf, strlen(idbuf))) == DIP_NONE || (sname = str_of(im, name)) == DIP_NONE)
    return dip_imp_oom(im);
  if ((person = dip_imp_actor(im, sid, sname, short_name(im, name), "person", "USA", NULL, 0, DIP_NONE)) == DIP_NONE)
    return dip_imp_oom(im);
  target = president ? st->usa : st->usa_dos;
  if ((title = dip_imp_str(im, president ? "President" : "Secretary of State", president ? 9 : 18)) == DIP_NONE ||
      dip_imp_post(im, person, target, title, start, end == DIP_NONE ? start : end))
    return dip_imp_oom(im);
  /* the host country, and the locale within it */
  if ((host = hsg_state(im, &p->place_id, country, &country_place)) == DIP_NONE) return dip_imp_oom(im);
  memset(&e, 0, sizeof e);
  e.place = country_place;
  if (locale->n) {
    /* "Savelletri, Fasano, Apulia": the first place named */
    const char *comma = memchr(locale->s, ',', locale->n);
    size_t n = comma ? (size_t)(comma - locale->s) : locale->n;
    char pid[300];
    uint32_t lid, lname;
    squeeze(sq, locale->s, n);
    snprintf(pid, sizeof pid, "hsg:%s/%s", dip_str(im->ds, im->ds->places[country_place].id), sq->s ? sq->s : "");
    if (sq->n) {
      if ((lid = dip_imp_str(im, pid, strlen(pid))) == DIP_NONE || (lname = str_of(im, sq)) == DIP_NONE ||
          (e.place = dip_imp_place(im, lid, lname, "city", country_place, NULL, NULL,
                                   dip_str(im->ds, im->ds->places[country_place].country))) == DIP_NONE)
        return dip_imp_oom(im);
    }
  }
  e.start = start;
  e.end = end;
  e.part_of = e.cameo = DIP_NONE;
  squeeze(sq, p->text[F_REMARKS].s, p->text[F_REMARKS].n);
  e.title = DIP_NONE;
  if (sq->n && (e.title = str_of(im, sq)) == DIP_NONE) return dip_imp_oom(im);
  if (locale->n && memchr(locale->s, ',', locale->n)) {
    cJSON *s;
    squeeze(sq, locale->s, locale->n);
    if (!(e.extra = cJSON_CreateObject()) || !(s = cJSON_CreateString(sq->s ? sq->s : ""))) {
      cJSON_Delete(e.extra);
      return dip_imp_oom(im);
    }
    cJSON_AddItemToObject(e.extra, "locale", s);
  }
  memset(parts, 0, sizeof parts);
  parts[0].actor = person;
  parts[0].side = st->usa;
  parts[1].actor = host;
  parts[1].side = DIP_NONE;
  if ((parts[0].role = dip_imp_str(im, "guest", 5)) == DIP_NONE || (parts[1].role = dip_imp_str(im, "host", 4)) == DIP_NONE) {
    cJSON_Delete(e.extra);
    return dip_imp_oom(im);
  }
  return add_visit(p, "trip", &e, parts, 2);
}

/* Titles a visitor's name may start with, longest first where one begins another. */
static const char *const titles[] = {
  "President of the Council of Ministers", "Chairman of the Presidency", "Acting Prime Minister", "Chief of State",
  "Interim Prime Minister", "Prime Minister-Prince", "Prime Ministere", "Prime Minister", "Prime Minster",
  "President-elect", "President-Elect", "President- elect", "President- designate", "Provisional President",
  "Interim President", "Acting President", "Vice President", "President", "Vice Premier", "Premier",
  "Chancellor-elect", "Federal Chancellor", "Chancellor", "Crown Prince", "Prince", "Princess", "Grand Duke",
  "Grand Duchess", "Queen", "King", "Emperor", "Empress", "Shah", "Sultan", "Emir", "Amir", "Sheikh", "Pope",
  "Taoiseach", "Governor General", "Regent", "Lieutenant General", "Brigadier General", "General", "Junta Member",
  "Chairman", "Chief Executive", "Head of State", "Secretary General", "First Secretary", NULL
};

/* The length of the title s starts with (0 if none); *clean the title as it should read. */
static size_t title_at(const char *s, size_t n, const char **clean) {
  for (int i = 0; titles[i]; i++) {
    size_t t = strlen(titles[i]);
    if (t <= n && !strncmp(s, titles[i], t) && (t == n || s[t] == ' ' || s[t] == ',')) {
      *clean = titles[i];
      if (!strcmp(*clean, "Prime Minster") || !strcmp(*clean, "Prime Ministere")) *clean = "Prime Minister";
      if (!strcmp(*clean, "President-Elect") || !strcmp(*clean, "President- elect")) *clean = "President-elect";
      if (!strcmp(*clean, "President- designate")) *clean = "President-designate";
      return t;
    }
  }
  /* "Prime MinisterHaidar al- Abadi": a missing space */
  if (n > 14 && !strncmp(s, "Prime Minister", 14) && s[14] >= 'A' && s[14] <= 'Z') {
    *clean = "Prime Minister";
    return 14;
  }
  *clean = NULL;
  return 0;
}

/* The visitors of one record ("President X and Prime Minister Y"): each a
   title and a name, split where a part after " and " or ", " starts with a title. */
typedef struct visitor {
  const char *title, *title2; /* "Premier and Prince Sihanouk": one person, two titles */
  size_t start, len;          /* the name within the squeezed text */
} visitor;

static int visitors(const char *s, size_t n, visitor *out, int max) {
  int count = 0;
  size_t i = 0;
  while (i < n && count < max) {
    const char *title, *title2 = NULL;
    size_t t = title_at(s + i, n - i, &title), name_start = i + t, end = n;
    while (name_start < n && s[name_start] == ' ') name_start++;
    if (t) {
      /* a second title of the same person: "Premier and Prince X", "Premier & Prince X" */
      size_t sep = !strncmp(s + name_start, "and ", 4) ? 4 : !strncmp(s + name_start, "& ", 2) ? 2 : 0;
      size_t t2 = sep ? title_at(s + name_start + sep, n - name_start - sep, &title2) : 0;
      if (t2) {
        name_start += sep + t2;
        while (name_start < n && s[name_start] == ' ') name_start++;
      } else {
        title2 = NULL;
      }
    }
    /* where the next visitor starts */
    for (size_t j = name_start; j < n; j++) {
      size_t sep = 0;
      const char *next;
      if (!strncmp(s + j, " and ", 5)) sep = 5;
      else if (!strncmp(s + j, ", ", 2)) sep = 2;
      else if (!strncmp(s + j, " & ", 3)) sep = 3;
      if (sep && j > name_start && title_at(s + j + sep, n - j - sep, &next)) {
        end = j;
        break;
      }
    }
    out[count].title = title;
    out[count].title2 = title2;
    out[count].start = name_start;
    out[count].len = end > name_start ? end - name_start : 0;
    if (!title && !out[count].len) break;
    count++;
    i = end;
    if (i < n) {
      if (!strncmp(s + i, " and ", 5)) i += 5;
      else if (!strncmp(s + i, ", ", 2)) i += 2;
      else if (!strncmp(s + i, " & ", 3)) i += 3;
    }
  }
  return count;
}

/* ---- one person, however the records spell the name ---- */

/* Two visits of one person's names this far apart are two people. */
#if !defined(DIP_PERSON_GAP_DAYS)
#define DIP_PERSON_GAP_DAYS 7305
#endif

static int is_monarch(const char *title) {
  static const char *const monarchs[] = {"King", "Queen", "Emperor", "Empress", "Shah", "Sultan", "Emir", "Amir",
                                         "Grand Duke", "Grand Duchess", NULL};
  for (int i = 0; title && monarchs[i]; i++)
    if (!strcmp(title, monarchs[i])) return 1;
  return 0;
}

static int is_roman(const char *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (t[i] != 'i' && t[i] != 'v' && t[i] != 'x') return 0;
  return n > 0;
}

/* The words of a name, as compared: its slug's words without initials
   ("Dimitry A. Medvedev": "dimitry medvedev"), a regnal numeral kept. */
static size_t name_key(const char *name, char *out, size_t size) {
  char slug[300];
  size_t n = dip_slug(name, strlen(name), slug, sizeof slug), len = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && slug[j] != '-') j++;
    if (j - i > 1 || (j == n && is_roman(slug + i, 1))) {
      if (len && len + 1 < size) out[len++] = ' ';
      for (size_t k = i; k < j && len + 1 < size; k++) out[len++] = slug[k];
    }
    i = j + 1;
  }
  out[len] = '\0';
  return len;
}

typedef struct words {
  const char *w[16];
  size_t n[16];
  int count;
} words;

static void split_words(const char *s, words *out) {
  out->count = 0;
  while (*s && out->count < 16) {
    const char *e = strchr(s, ' ');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    out->w[out->count] = s;
    out->n[out->count++] = n;
    s += n + (e ? 1 : 0);
  }
}

static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb) {
  size_t row[33];
  if (na > 32 || nb > 32) return 99;
  for (size_t j = 0; j <= nb; j++) row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[nb];
}

/* Two spellings of one word: the same first letter and a few letters apart
   (Dimitry/Dmitri, Kocharian/Kochariyan, Sarkisian/Sargsyan); numerals never. */
static int word_like(const char *a, size_t na, const char *b, size_t nb) {
  size_t m = na < nb ? na : nb;
  if (na == nb && !memcmp(a, b, na)) return 1;
  if (a[0] != b[0] || is_roman(a, na) || is_roman(b, nb)) return 0;
  return edit_distance(a, na, b, nb) <= (m <= 4 ? 1u : m < 8 ? 2u : 3u);
}

static int is_word(const words *w, int i, const char *s) {
  return w->n[i] == strlen(s) && !memcmp(w->w[i], s, w->n[i]);
}

/* Whether two names (keys) spell one person: word by word alike (two words at
   least); or the shorter, a regnal name, followed by a patronymic ("Abdullah
   II" and "Abdullah II bin Al-Hussein"); or, for monarchs, with and without
   the numeral ("Hussein", "Hussein I"). */
static int names_match(const char *a, const char *b, int monarchs) {
  words x, y;
  const words *s, *l;
  split_words(a, &x);
  split_words(b, &y);
  if (x.count == y.count && x.count >= 2) {
    for (int i = 0; i < x.count; i++)
      if (!word_like(x.w[i], x.n[i], y.w[i], y.n[i])) return 0;
    return 1;
  }
  s = x.count < y.count ? &x : &y;
  l = x.count < y.count ? &y : &x;
  if (!s->count) return 0;
  for (int i = 0; i < s->count; i++)
    if (s->n[i] != l->n[i] || memcmp(s->w[i], l->w[i], s->n[i])) return 0;
  if (s->count >= 2 && is_roman(s->w[s->count - 1], s->n[s->count - 1]) &&
      (is_word(l, s->count, "bin") || is_word(l, s->count, "ibn") || is_word(l, s->count, "ben")))
    return 1;
  return monarchs && l->count == s->count + 1 && is_roman(l->w[s->count], l->n[s->count]);
}

/* A person's spellings are looked for among the latest visitors of the same
   country only, so that a file of many visitors reads in linear time. */
#if !defined(DIP_PERSON_CANDIDATES)
#define DIP_PERSON_CANDIDATES 256
#endif

static uint32_t person_record(const dip_import_state *st, uint32_t actor) {
  return dip_hset_get(&st->person_of_actor, actor);
}

/* The actor of a visitor: by id (country and name), else another spelling
   of a person of the same country met before whose posts fit and whose
   visits are near enough in time (the spelling becomes an alias), else new.
   An heir after a monarch of the same name is another person (Crown Prince
   Hussein, 2023, is not King Hussein, who died in 1999). */
static uint32_t visitor_actor(dip_import *im, uint32_t origin, const char *ccode, const char *name, const visitor *v,
                              uint32_t start, uint32_t end) {
  dip_import_state *st = im->state;
  dip_dataset *ds = im->ds;
  char key[300], slug[300], id[400];
  const char *country = ds->actors[origin].country != DIP_NONE ? dip_str(ds, ds->actors[origin].country) : NULL;
  int64_t lo = ds->dates[start].span.lo, hi = ds->dates[end != DIP_NONE ? end : start].span.hi;
  int64_t gap = (int64_t)DIP_PERSON_GAP_DAYS * 86400;
  int monarch = is_monarch(v->title) || is_monarch(v->title2);
  int other = (v->title && !is_monarch(v->title)) || (v->title2 && !is_monarch(v->title2));
  int heir = v->title && !strcmp(v->title, "Crown Prince");
  uint32_t sid, sname, skey, person = DIP_NONE, rec = UINT32_MAX;
  name_key(name, key, sizeof key);
  dip_slug(name, strlen(name), slug, sizeof slug);
  snprintf(id, sizeof id, "%s/%s", ccode, slug);
  if ((sid = dip_imp_str(im, id, strlen(id))) == DIP_NONE || (sname = dip_imp_str(im, name, strlen(name))) == DIP_NONE ||
      (skey = dip_imp_str(im, key, strlen(key))) == DIP_NONE)
    return DIP_NONE;
  if ((person = dip_map_get(&ds->actor_of_id, sid)) != DIP_NONE) {
    rec = person_record(st, person);
    if (rec != UINT32_MAX && heir && st->persons[rec].monarch) {
      int y, m, d;
      dip_civil_from_days(lo >= 0 ? lo / 86400 : (lo - 86399) / 86400, &y, &m, &d);
      snprintf(id, sizeof id, "%s/%s-%04d", ccode, slug, y);
      if ((sid = dip_imp_str(im, id, strlen(id))) == DIP_NONE) return DIP_NONE;
      person = dip_map_get(&ds->actor_of_id, sid);
      rec = person != DIP_NONE ? person_record(st, person) : UINT32_MAX;
    }
  }
  if (person == DIP_NONE) {
    uint32_t seen = 0;
    for (uint32_t i = dip_hset_get(&st->last_of_origin, origin); i != UINT32_MAX && seen < DIP_PERSON_CANDIDATES;
         i = st->persons[i].before, seen++) {
      const dip_hsg_person *q = &st->persons[i];
      if (q->origin != origin || lo > q->last + gap || hi < q->first - gap) continue;
      if ((monarch && !q->monarch) || (other && !q->other && q->monarch) || (heir && q->monarch)) continue;
      if (q->key != skey && !names_match(key, dip_str(ds, q->key), monarch && q->monarch)) continue;
      person = q->actor;
      rec = i;
      break;
    }
    if (person != DIP_NONE) {
      if (person >= st->mark.nactors && dip_append_actor_alias(ds, person, sname)) return dip_imp_oom(im), DIP_NONE;
    } else {
      if ((person = dip_imp_actor(im, sid, sname, DIP_NONE, "person", country, NULL, 0, DIP_NONE)) == DIP_NONE)
        return DIP_NONE;
      rec = person_record(st, person);
    }
  }
  if (rec == UINT32_MAX) {
    dip_hsg_person *q;
    if (st->npersons == st->personcap) {
      uint32_t cap = st->personcap ? st->personcap * 2 : 256;
      dip_hsg_person *t = cap > st->personcap ? realloc(st->persons, (size_t)cap * sizeof *t) : NULL;
      if (!t) return dip_imp_oom(im), DIP_NONE;
      st->persons = t;
      st->personcap = cap;
    }
    rec = st->npersons;
    q = &st->persons[rec];
    q->actor = person;
    q->origin = origin;
    q->before = dip_hset_get(&st->last_of_origin, origin);
    if (dip_hset_add(&st->person_of_actor, person, rec)) return dip_imp_oom(im), DIP_NONE;
    {
      /* the origin's latest record: its entry is updated in place, or added */
      uint32_t pos = UINT32_MAX, slot = dip_hset_next(&st->last_of_origin, origin, &pos);
      if (slot != UINT32_MAX) st->last_of_origin.vals[slot] = rec;
      else if (dip_hset_add(&st->last_of_origin, origin, rec)) return dip_imp_oom(im), DIP_NONE;
    }
    st->npersons++;
    q->key = skey;
    q->first = lo;
    q->last = hi;
    q->monarch = q->other = 0;
  }
  {
    dip_hsg_person *q = &st->persons[rec];
    if (lo < q->first) q->first = lo;
    if (hi > q->last) q->last = hi;
    q->monarch |= (unsigned char)monarch;
    q->other |= (unsigned char)other;
  }
  return person;
}

static int visit(parse *p) {
  dip_import *im = p->im;
  dip_import_state *st = im->state;
  dip_dataset *ds = im->ds;
  dip_buf *sq = &st->buf;
  dip_event_in e;
  dip_participant parts[9];
  visitor who[8];
  uint32_t start, end, origin, nparts = 0;
  int rc, n;
  char text[600];
  if (!p->text[F_ID].n) return skip(p, "%s: missing", "id");
  if (!p->text[F_VISITOR].n) return skip(p, "%s: missing", "visitor");
  if (!p->place_id.n && !p->text[F_FROM].n) return skip(p, "%s: missing", "from");
  if ((rc = record_dates(p, &start, &end))) return rc == DIP_EINVAL ? DIP_OK : rc;
  if ((rc = united_states(im))) return rc;
  squeeze(&p->who, p->text[F_FROM].s, p->text[F_FROM].n);
  if ((origin = hsg_state(im, &p->place_id, &p->who, NULL)) == DIP_NONE) return dip_imp_oom(im);
  squeeze(sq, p->text[F_VISITOR].s, p->text[F_VISITOR].n);
  snprintf(text, sizeof text, "%s", sq->s ? sq->s : "");
  n = visitors(text, strlen(text), who, 8);
  memset(parts, 0, sizeof parts);
  for (int i = 0; i < n; i++) {
    char name[300];
    uint32_t person, title = DIP_NONE;
    const char *ccode = ds->actors[origin].country != DIP_NONE ? dip_str(ds, ds->actors[origin].country)
                                                               : dip_str(ds, ds->actors[origin].id);
    size_t len = who[i].len;
    while (len && (text[who[i].start + len - 1] == ' ' || text[who[i].start + len - 1] == ',')) len--;
    if (!len) snprintf(name, sizeof name, "%s of %s", who[i].title ? who[i].title : "Leader", dip_str(ds, ds->actors[origin].name));
    else snprintf(name, sizeof name, "%.*s", (int)len, text + who[i].start);
    if ((person = visitor_actor(im, origin, ccode, name, &who[i], start, end)) == DIP_NONE) return dip_imp_oom(im);
    for (int k = 0; k < 2; k++) {
      const char *t = k ? who[i].title2 : who[i].title;
      if (!t) continue;
      if ((title = dip_imp_str(im, t, strlen(t))) == DIP_NONE ||
          dip_imp_post(im, person, origin, title, start, end == DIP_NONE ? start : end))
        return dip_imp_oom(im);
    }
    parts[nparts].actor = person;
    parts[nparts].side = origin;
    if ((parts[nparts].role = dip_imp_str(im, "guest", 5)) == DIP_NONE) return dip_imp_oom(im);
    nparts++;
  }
  if (!nparts) return skip(p, "visitor: '%.60s' names nobody", text);
  parts[nparts].actor = st->usa;
  parts[nparts].side = DIP_NONE;
  if ((parts[nparts].role = dip_imp_str(im, "host", 4)) == DIP_NONE) return dip_imp_oom(im);
  nparts++;
  memset(&e, 0, sizeof e);
  e.start = start;
  e.end = end;
  e.part_of = e.cameo = DIP_NONE;
  e.place = st->usa_place;
  squeeze(sq, p->text[F_DESCRIPTION].s, p->text[F_DESCRIPTION].n);
  e.title = DIP_NONE;
  if (sq->n && (e.title = str_of(im, sq)) == DIP_NONE) return dip_imp_oom(im);
  return add_visit(p, "visit", &e, parts, nparts);
}

static int record(parse *p) {
  int rc = p->format == DIP_FORMAT_HSG_TRAVELS ? trip(p) : visit(p);
  for (int i = 0; i < NFIELDS; i++)
    if (p->text[i].failed) rc = dip_imp_oom(p->im);
  if (p->who.failed || p->place_id.failed || p->im->state->buf.failed) rc = dip_imp_oom(p->im);
  return rc;
}

int dip_hsg_file(dip_import *im, FILE *f, int format) {
  parse p;
  char *chunk = malloc(1 << 16);
  int rc = DIP_OK;
  memset(&p, 0, sizeof p);
  p.im = im;
  p.format = format;
  p.field = F_NONE;
  if (!chunk || !(p.parser = XML_ParserCreate("UTF-8"))) {
    free(chunk);
    return dip_imp_oom(im);
  }
  XML_SetUserData(p.parser, &p);
  XML_SetElementHandler(p.parser, on_start, on_end);
  XML_SetCharacterDataHandler(p.parser, on_text);
  for (;;) {
    size_t got = fread(chunk, 1, 1 << 16, f);
    int last = got < (1 << 16);
    if (last && ferror(f)) {
      rc = DIP_EIO;
      break;
    }
    if (XML_Parse(p.parser, chunk, (int)got, last) == XML_STATUS_ERROR) {
      if (p.rc) {
        rc = p.rc;
        break;
      }
      /* broken XML: the records read so far stay; the rest of the file cannot be read */
      if (dip_imp_skip(im, (uint32_t)XML_GetCurrentLineNumber(p.parser), "broken XML: %s (the rest of the file is left out)",
                       XML_ErrorString(XML_GetErrorCode(p.parser))))
        rc = DIP_ENOMEM;
      break;
    }
    if (p.rc) {
      rc = p.rc;
      break;
    }
    if (last) break;
  }
  if (!rc && p.root[0] && !p.root_ok) {
    snprintf(im->err, sizeof im->err, "%s: not a file of %s (its root element is <%s>)",
             im->nfiles ? dip_import_text(im, im->files[im->nfiles - 1]) : "?",
             format == DIP_FORMAT_HSG_TRAVELS ? "trips (<trips>)" : "visits (<visits>)", p.root);
    rc = DIP_EINVAL;
  }
  XML_ParserFree(p.parser);
  free(chunk);
  for (int i = 0; i < NFIELDS; i++) dip_buf_free(&p.text[i]);
  dip_buf_free(&p.who);
  dip_buf_free(&p.place_id);
  return rc;
}

/* ---- posts into position relations ---- */

static int cmp_post(const void *a, const void *b) {
  const dip_post *x = a, *y = b;
  if (x->person != y->person) return x->person < y->person ? -1 : 1;
  if (x->target != y->target) return x->target < y->target ? -1 : 1;
  if (x->title != y->title) return x->title < y->title ? -1 : 1;
  return 0;
}

/* By post, then start, then the order seen: one sort, in n log n (a file of
   many visits of one person must not take quadratic time). */
static int cmp_post_start(const void *a, const void *b) {
  const dip_post *x = a, *y = b;
  int c = cmp_post(a, b);
  if (c) return c;
  if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int dip_hsg_finish(dip_import *im) {
  dip_import_state *st = im->state;
  dip_dataset *ds = im->ds;
  uint32_t i = 0;
  qsort(st->posts, st->nposts, sizeof *st->posts, cmp_post_start);
  while (i < st->nposts) {
    uint32_t j = i;
    while (j < st->nposts && !cmp_post(&st->posts[i], &st->posts[j])) j++;
    for (uint32_t k = i; k < j;) {
      uint32_t first = st->posts[k].start, last = st->posts[k].end, m = k + 1;
      while (m < j && ds->dates[st->posts[m].start].span.lo - ds->dates[last].span.hi <= (int64_t)DIP_POST_GAP_DAYS * 86400) {
        if (ds->dates[st->posts[m].end].span.hi > ds->dates[last].span.hi) last = st->posts[m].end;
        m++;
      }
      if (dip_imp_relation(im, st->posts[k].person, "position", st->posts[k].target, st->posts[k].title, first, last))
        return DIP_ENOMEM;
      k = m;
    }
    i = j;
  }
  return DIP_OK;
}
