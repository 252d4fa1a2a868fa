/* dates.h: ISO 8601 calendar dates of partial precision, as spans of UTC seconds */
#ifndef DIP_DATES_H
#define DIP_DATES_H

#include <stddef.h>
#include <stdint.h>

/* A date stands for every second from lo to hi, both inclusive, in UTC. */
typedef struct dip_span {
  int64_t lo;
  int64_t hi;
} dip_span;

/* Parses s[0..n) as "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-MM-DDThh:mm" or
   "YYYY-MM-DDThh:mm:ss", the last two optionally followed by "Z" or "+hh:mm".
   Returns 0 and fills span, or -1 and points *why at a lower-case reason. */
int dip_date_parse(const char *s, size_t n, dip_span *span, const char **why);

/* Days from 1970-01-01 to the given proleptic Gregorian date. */
int64_t dip_days_from_civil(int y, int m, int d);

/* The calendar date of a day count (inverse of dip_days_from_civil). */
void dip_civil_from_days(int64_t days, int *y, int *m, int *d);

#endif
