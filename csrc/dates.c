/* dates.c: parsing and validation of partial ISO 8601 dates into UTC spans */
#include "dates.h"

static const char date_syntax[] =
  "not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss] with optional Z or +hh:mm)";

int64_t dip_days_from_civil(int y, int m, int d) {
  /* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar */
  int64_t yy = (int64_t)y - (m <= 2);
  int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  int64_t yoe = yy - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void dip_civil_from_days(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t dd = doy - (153 * mp + 2) / 5 + 1;
  int64_t mm = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yoe + era * 400 + (mm <= 2));
  *m = (int)mm;
  *d = (int)dd;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Reads exactly k decimal digits at s[*i]; -1 when they are not there. */
static int digits(const char *s, size_t n, size_t *i, int k) {
  int v = 0;
  if (*i + (size_t)k > n) return -1;
  for (int j = 0; j < k; j++) {
    char c = s[*i + (size_t)j];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  *i += (size_t)k;
  return v;
}

int dip_date_parse(const char *s, size_t n, dip_span *span, const char **why) {
  size_t i = 0;
  int y, m = 1, d = 1, hh = 0, mi = 0, ss = 0, off = 0;
  int64_t day, len;
  *why = date_syntax;
  if ((y = digits(s, n, &i, 4)) < 0) return -1;
  if (y < 1) { *why = "year 0000 out of range (0001 to 9999)"; return -1; }
  if (i == n) {
    span->lo = dip_days_from_civil(y, 1, 1) * 86400;
    span->hi = dip_days_from_civil(y + 1, 1, 1) * 86400 - 1;
    return 0;
  }
  if (s[i++] != '-' || (m = digits(s, n, &i, 2)) < 0) return -1;
  if (m < 1 || m > 12) { *why = "month out of range (01 to 12)"; return -1; }
  if (i == n) {
    span->lo = dip_days_from_civil(y, m, 1) * 86400;
    span->hi = span->lo + (int64_t)days_in_month(y, m) * 86400 - 1;
    return 0;
  }
  if (s[i++] != '-' || (d = digits(s, n, &i, 2)) < 0) return -1;
  if (d < 1 || d > days_in_month(y, m)) { *why = "day does not exist in that month"; return -1; }
  day = dip_days_from_civil(y, m, d) * 86400;
  if (i == n) { span->lo = day; span->hi = day + 86399; return 0; }
  if (s[i++] != 'T' || (hh = digits(s, n, &i, 2)) < 0) return -1;
  if (i >= n || s[i++] != ':' || (mi = digits(s, n, &i, 2)) < 0) return -1;
  len = 60;
  if (i < n && s[i] == ':') {
    i++;
    if ((ss = digits(s, n, &i, 2)) < 0) return -1;
    len = 1;
  }
  if (hh > 23) { *why = "hour out of range (00 to 23)"; return -1; }
  if (mi > 59) { *why = "minute out of range (00 to 59)"; return -1; }
  if (ss > 59) { *why = "second out of range (00 to 59)"; return -1; }
  if (i < n && s[i] == 'Z') {
    i++;
  } else if (i < n && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i++] == '-' ? -1 : 1, oh, om;
    if ((oh = digits(s, n, &i, 2)) < 0) return -1;
    if (i >= n || s[i++] != ':' || (om = digits(s, n, &i, 2)) < 0) return -1;
    if (om > 59 || oh * 60 + om > 14 * 60) { *why = "time zone offset out of range (-14:00 to +14:00)"; return -1; }
    off = sign * (oh * 3600 + om * 60);
  }
  if (i != n) return -1;
  span->lo = day + hh * 3600 + mi * 60 + ss - off;
  span->hi = span->lo + len - 1;
  return 0;
}
