/* extract_dates.h: date expressions of news text ("on Thursday", "next week", "Feb. 17", "February 13-14") read and resolved */
#ifndef DIP_EXTRACT_DATES_H
#define DIP_EXTRACT_DATES_H

#include <stdint.h>
#include "extract_text.h"

enum ex_date_kind {
  XD_NONE, XD_DAY_OFFSET, XD_WEEKDAY, XD_WEEK, XD_MONTH_REL, XD_YEAR_REL, XD_CALENDAR, XD_YEAR
};

/* What the text says, before the publication date gives it a place in time. */
typedef struct ex_date_expr {
  enum ex_date_kind kind;
  int offset;         /* DAY_OFFSET: days; WEEKDAY: -1 last, 0 bare, +1 next; WEEK, MONTH_REL, YEAR_REL: -1, 0, +1 */
  int weekday;        /* 0 Monday .. 6 Sunday */
  int y, m, d;        /* CALENDAR: y 0 when not written, d 0 for a month; YEAR: y */
  int y2, m2, d2;     /* CALENDAR ranges: the last day (m2 0: no range) */
} ex_date_expr;

/* A resolved date: ISO 8601 text at the precision the text supports, end "" unless a span. */
typedef struct ex_when {
  char start[32], end[32];
} ex_when;

/* Reads a date expression starting at token i (sentence tokens end before
   token end); returns the number of tokens it takes, 0 when none starts there. */
uint32_t ex_date_read(const ex_text *t, uint32_t i, uint32_t end, ex_date_expr *e);

/* Resolves e against the publication day (days since 1970-01-01); future: 1
   for planned events, 0 for past ones, -1 unknown (the nearest candidate).
   Returns 0, or -1 when the date does not exist (February 30). */
int ex_date_resolve(const ex_date_expr *e, int64_t pub, int future, ex_when *out);

/* 0 Monday .. 6 Sunday of a day count. */
int ex_weekday(int64_t days);

#endif
