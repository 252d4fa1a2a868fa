/* extract_dates.c: reading date expressions from tokens and resolving them against the publication date */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"
#include "extract_dates.h"

static const char *const month_names[12][3] = {
  {"january", "jan", NULL}, {"february", "feb", NULL}, {"march", "mar", NULL}, {"april", "apr", NULL},
  {"may", NULL, NULL}, {"june", "jun", NULL}, {"july", "jul", NULL}, {"august", "aug", NULL},
  {"september", "sep", "sept"}, {"october", "oct", NULL}, {"november", "nov", NULL}, {"december", "dec", NULL}
};
static const char *const weekday_names[7] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

typedef struct cursor {
  const ex_text *t;
  uint32_t end;
} cursor;

/* The folded text of token i ("" past the end); abbreviation periods dropped. */
static const char *word(const cursor *c, uint32_t i, char *buf, size_t cap) {
  const ex_token *k;
  size_t n;
  buf[0] = '\0';
  if (i >= c->end) return buf;
  k = &c->t->tok[i];
  n = k->len;
  if ((k->flags & TK_ABBREV) && n > 1) n--;
  if (!ex_fold(c->t->s + k->off, n, buf, cap)) buf[0] = '\0';
  return buf;
}

static int is(const cursor *c, uint32_t i, const char *w) {
  char buf[32];
  return !strcmp(word(c, i, buf, sizeof buf), w);
}

static int month_at(const cursor *c, uint32_t i) {
  char buf[32];
  const char *w = word(c, i, buf, sizeof buf);
  const ex_token *k;
  if (i >= c->end) return 0;
  k = &c->t->tok[i];
  for (int m = 0; m < 12; m++)
    for (int j = 0; j < 3 && month_names[m][j]; j++)
      if (!strcmp(w, month_names[m][j])) {
        /* "may" and "march" are words too: a month is capitalized; an abbreviation needs its period */
        if (!(k->flags & TK_CAP)) return 0;
        if (j > 0 && !(k->flags & TK_ABBREV) && strlen(w) < 4) return 0;
        return m + 1;
      }
  return 0;
}

static int weekday_at(const cursor *c, uint32_t i) {
  char buf[32];
  const char *w = word(c, i, buf, sizeof buf);
  for (int d = 0; d < 7; d++)
    if (!strcmp(w, weekday_names[d])) return d + 1;
  return 0;
}

/* A day of the month (1..31), possibly with an ordinal suffix: 13, 21st. */
static int day_at(const cursor *c, uint32_t i) {
  const ex_token *k;
  const char *s;
  int v = 0;
  uint32_t j = 0;
  if (i >= c->end) return 0;
  k = &c->t->tok[i];
  if (!(k->flags & TK_NUMBER)) return 0;
  s = c->t->s + k->off;
  while (j < k->len && j < 2 && s[j] >= '0' && s[j] <= '9') v = v * 10 + (s[j++] - '0');
  if (j < k->len) {
    char suf[4];
    if (k->len - j != 2 || !ex_fold(s + j, 2, suf, sizeof suf)) return 0;
    if (strcmp(suf, "st") && strcmp(suf, "nd") && strcmp(suf, "rd") && strcmp(suf, "th")) return 0;
  }
  return v >= 1 && v <= 31 ? v : 0;
}

static int year_at(const cursor *c, uint32_t i) {
  const ex_token *k;
  const char *s;
  int v = 0;
  if (i >= c->end) return 0;
  k = &c->t->tok[i];
  if (!(k->flags & TK_NUMBER) || k->len != 4) return 0;
  s = c->t->s + k->off;
  for (int j = 0; j < 4; j++) {
    if (s[j] < '0' || s[j] > '9') return 0;
    v = v * 10 + (s[j] - '0');
  }
  return v >= 1900 && v <= 2199 ? v : 0;
}

static int is_dash(const cursor *c, uint32_t i) {
  return is(c, i, "-") || is(c, i, "\xE2\x80\x93") || is(c, i, "to") || is(c, i, "through") || is(c, i, "until");
}

/* ", 2016" or " 2016" after a calendar date. */
static uint32_t year_after(const cursor *c, uint32_t i, int *y) {
  if ((*y = year_at(c, i))) return 1;
  if (is(c, i, ",") && (*y = year_at(c, i + 1))) return 2;
  return 0;
}

/* Month D[-D2 | to [Month2] D2][, YYYY] */
static uint32_t month_first(const cursor *c, uint32_t i, ex_date_expr *e) {
  uint32_t j = i;
  int m = month_at(c, j), d, m2, d2;
  if (!m || !(d = day_at(c, j + 1))) return 0;
  e->kind = XD_CALENDAR, e->m = m, e->d = d;
  j += 2;
  if (is_dash(c, j)) {
    if ((m2 = month_at(c, j + 1)) && (d2 = day_at(c, j + 2))) e->m2 = m2, e->d2 = d2, j += 3;
    else if ((d2 = day_at(c, j + 1)) && d2 > d) e->m2 = m, e->d2 = d2, j += 2;
  }
  j += year_after(c, j, &e->y);
  if (e->m2) e->y2 = e->y;
  return j - i;
}

/* D[-D2] Month[, YYYY] and D Month to D2 Month2 */
static uint32_t day_first(const cursor *c, uint32_t i, ex_date_expr *e) {
  uint32_t j = i;
  int d = day_at(c, j), m, d2 = 0, m2;
  if (!d) return 0;
  if (is(c, j + 1, "-") && (d2 = day_at(c, j + 2)) && d2 > d) j += 2;
  else d2 = 0;
  if (!(m = month_at(c, j + 1))) return 0;
  e->kind = XD_CALENDAR, e->d = d, e->m = m;
  j += 2;
  if (d2) e->m2 = m, e->d2 = d2;
  else if (is_dash(c, j) && (d2 = day_at(c, j + 1)) && (m2 = month_at(c, j + 2))) e->m2 = m2, e->d2 = d2, j += 3;
  j += year_after(c, j, &e->y);
  if (e->m2) e->y2 = e->y;
  return j - i;
}

uint32_t ex_date_read(const ex_text *t, uint32_t i, uint32_t end, ex_date_expr *e) {
  cursor c = {t, end};
  int v, m, y;
  uint32_t k;
  memset(e, 0, sizeof *e);
  if (i >= end) return 0;
  if (is(&c, i, "today") || is(&c, i, "tonight")) return e->kind = XD_DAY_OFFSET, 1;
  if (is(&c, i, "yesterday")) return e->kind = XD_DAY_OFFSET, e->offset = -1, 1;
  if (is(&c, i, "tomorrow")) return e->kind = XD_DAY_OFFSET, e->offset = 1, 1;
  if (is(&c, i, "this") && (is(&c, i + 1, "morning") || is(&c, i + 1, "afternoon") || is(&c, i + 1, "evening")))
    return e->kind = XD_DAY_OFFSET, 2;
  if ((v = weekday_at(&c, i))) {
    uint32_t j = i + 1 + (is(&c, i + 1, ",") ? 1 : 0);
    if ((k = month_first(&c, j, e)) || (k = day_first(&c, j, e))) return j - i + k;
    memset(e, 0, sizeof *e);
    return e->kind = XD_WEEKDAY, e->weekday = v - 1, 1;
  }
  if (is(&c, i, "last") || is(&c, i, "next") || is(&c, i, "this") || is(&c, i, "coming")) {
    int off = is(&c, i, "last") ? -1 : is(&c, i, "next") || is(&c, i, "coming") ? 1 : 0;
    if ((v = weekday_at(&c, i + 1))) return e->kind = XD_WEEKDAY, e->weekday = v - 1, e->offset = off, 2;
    if (is(&c, i + 1, "week")) return e->kind = XD_WEEK, e->offset = off, 2;
    if (is(&c, i + 1, "month")) return e->kind = XD_MONTH_REL, e->offset = off, 2;
    if (is(&c, i + 1, "year")) return e->kind = XD_YEAR_REL, e->offset = off, 2;
    return 0;
  }
  if ((is(&c, i, "earlier") || is(&c, i, "later")) && (is(&c, i + 1, "this") || is(&c, i + 1, "in"))) {
    uint32_t j = i + 2 + (is(&c, i + 2, "the") ? 1 : 0);
    if (is(&c, j, "month")) return e->kind = XD_MONTH_REL, j + 1 - i;
    if (is(&c, j, "week")) return e->kind = XD_WEEK, j + 1 - i;
    if (is(&c, j, "year")) return e->kind = XD_YEAR_REL, j + 1 - i;
    return 0;
  }
  if ((k = month_first(&c, i, e)) || (k = day_first(&c, i, e))) return k;
  memset(e, 0, sizeof *e);
  if ((m = month_at(&c, i))) {
    /* a month alone: "in January", "January 2022"; not "a January attack" */
    if ((y = year_at(&c, i + 1))) return e->kind = XD_CALENDAR, e->m = m, e->y = y, 2;
    if (i > 0 && (is(&c, i - 1, "in") || is(&c, i - 1, "since") || is(&c, i - 1, "until") || is(&c, i - 1, "by") ||
                  is(&c, i - 1, "early") || is(&c, i - 1, "late") || is(&c, i - 1, "mid")))
      return e->kind = XD_CALENDAR, e->m = m, 1;
    return 0;
  }
  if ((y = year_at(&c, i)) && i > 0 && is(&c, i - 1, "in")) return e->kind = XD_YEAR, e->y = y, 1;
  return 0;
}

int ex_weekday(int64_t days) {
  int64_t w = (days + 3) % 7; /* 1970-01-01 was a Thursday */
  return (int)(w < 0 ? w + 7 : w);
}

static int days_in_month(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 ? 28 + leap : dm[m - 1];
}

static void put_day(char *buf, int64_t days) {
  int y, m, d;
  dip_civil_from_days(days, &y, &m, &d);
  snprintf(buf, 32, "%04d-%02d-%02d", y, m, d);
}

/* The year for month m (day d, 0 for the whole month) without a written year. */
static int pick_year(int m, int d, int64_t pub, int future) {
  int py, pm, pd, best = 0;
  int64_t bestdist = 0;
  dip_civil_from_days(pub, &py, &pm, &pd);
  for (int y = py - 4; y <= py + 4; y++) { /* four years each way: a 29 February comes round */
    int dd = d ? d : 1;
    int64_t lo, hi, dist;
    if (dd > days_in_month(y, m)) continue;
    lo = dip_days_from_civil(y, m, dd);
    hi = d ? lo : dip_days_from_civil(y, m, days_in_month(y, m));
    if (future == 1 && hi < pub) continue;
    if (future == 0 && lo > pub) continue;
    dist = lo > pub ? lo - pub : hi < pub ? pub - hi : 0;
    if (!best || dist < bestdist) best = y, bestdist = dist;
  }
  return best ? best : py;
}

int ex_date_resolve(const ex_date_expr *e, int64_t pub, int future, ex_when *out) {
  int py, pm, pd;
  memset(out, 0, sizeof *out);
  dip_civil_from_days(pub, &py, &pm, &pd);
  switch (e->kind) {
    case XD_DAY_OFFSET:
      put_day(out->start, pub + e->offset);
      return 0;
    case XD_WEEKDAY: {
      int delta = e->weekday - ex_weekday(pub); /* -6 .. 6 */
      int64_t day;
      if (e->offset < 0) day = pub + (delta < 0 ? delta : delta - 7);
      else if (e->offset > 0) day = pub + (delta > 0 ? delta : delta + 7);
      else if (future == 1) day = pub + (delta >= 0 ? delta : delta + 7);
      else day = pub + (delta <= 0 ? delta : delta - 7);
      put_day(out->start, day);
      return 0;
    }
    case XD_WEEK: {
      int64_t monday = pub - ex_weekday(pub) + 7 * (int64_t)e->offset;
      put_day(out->start, monday);
      put_day(out->end, monday + 6);
      return 0;
    }
    case XD_MONTH_REL: {
      int m = pm + e->offset, y = py;
      if (m < 1) m += 12, y--;
      if (m > 12) m -= 12, y++;
      snprintf(out->start, sizeof out->start, "%04d-%02d", y, m);
      return 0;
    }
    case XD_YEAR_REL:
      snprintf(out->start, sizeof out->start, "%04d", py + e->offset);
      return 0;
    case XD_YEAR:
      snprintf(out->start, sizeof out->start, "%04d", e->y);
      return 0;
    case XD_CALENDAR: {
      int y = e->y ? e->y : pick_year(e->m, e->d, pub, future);
      if (e->d > 0 && e->d > days_in_month(y, e->m)) return -1;
      if (!e->d) {
        snprintf(out->start, sizeof out->start, "%04d-%02d", y, e->m);
        return 0;
      }
      snprintf(out->start, sizeof out->start, "%04d-%02d-%02d", y, e->m, e->d);
      if (e->m2) {
        int y2 = e->y2 ? e->y2 : (e->m2 < e->m ? y + 1 : y);
        if (e->d2 > days_in_month(y2, e->m2)) return -1;
        if (dip_days_from_civil(y2, e->m2, e->d2) <= dip_days_from_civil(y, e->m, e->d)) return -1;
        snprintf(out->end, sizeof out->end, "%04d-%02d-%02d", y2, e->m2, e->d2);
      }
      return 0;
    }
    default:
      return -1;
  }
}
