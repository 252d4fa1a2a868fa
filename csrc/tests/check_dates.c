/* check_dates.c: partial ISO 8601 dates parse to the right UTC spans, and impossible ones are refused */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"

/* The expected seconds below come from `date -u -d ... +%s`, not from the code under test. */
#define DAY INT64_C(86400)
#define S_2022_01_01 INT64_C(1640995200)
#define S_2023_01_01 INT64_C(1672531200)
#define S_2022_01_10 INT64_C(1641772800)
#define S_2022_01_11 INT64_C(1641859200)
#define S_2022_02_01 INT64_C(1643673600)
#define S_2022_03_01 INT64_C(1646092800)
#define S_2020_02_01 INT64_C(1580515200)
#define S_2020_02_29 INT64_C(1582934400)
#define S_2020_03_01 INT64_C(1583020800)
#define S_2000_02_29 INT64_C(951782400)
#define S_0001_01_01 INT64_C(-62135596800)
#define S_9999_12_31 INT64_C(253402214400)

static const char syntax_reason[] =
  "not a date (expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss] with optional Z or +hh:mm)";

static void span_is(const char *text, int64_t lo, int64_t hi) {
  dip_span span = {0, 0};
  const char *why = NULL;
  int rc = dip_date_parse(text, strlen(text), &span, &why);
  ck_assert_msg(rc == 0, "'%s' refused: %s", text, why ? why : "(no reason)");
  ck_assert_msg(span.lo == lo, "'%s': lo %lld, expected %lld", text, (long long)span.lo, (long long)lo);
  ck_assert_msg(span.hi == hi, "'%s': hi %lld, expected %lld", text, (long long)span.hi, (long long)hi);
}

static void refused(const char *text, size_t n, const char *reason) {
  dip_span span = {0, 0};
  const char *why = NULL;
  int rc = dip_date_parse(text, n, &span, &why);
  ck_assert_msg(rc == -1, "'%.*s' accepted as [%lld, %lld]", (int)n, text, (long long)span.lo, (long long)span.hi);
  ck_assert_ptr_nonnull(why);
  ck_assert_msg(strcmp(why, reason) == 0, "'%.*s': reason '%s', expected '%s'", (int)n, text, why, reason);
}

START_TEST(test_year) {
  span_is("2022", S_2022_01_01, S_2023_01_01 - 1);
  span_is("2020", S_2020_02_01 - 31 * DAY, S_2020_02_01 - 31 * DAY + 366 * DAY - 1);
  span_is("0001", S_0001_01_01, S_0001_01_01 + 365 * DAY - 1);
  span_is("9999", S_9999_12_31 - 364 * DAY, S_9999_12_31 + DAY - 1);
}
END_TEST

START_TEST(test_month) {
  span_is("2022-01", S_2022_01_01, S_2022_02_01 - 1);
  span_is("2022-02", S_2022_02_01, S_2022_03_01 - 1);
  span_is("2020-02", S_2020_02_01, S_2020_03_01 - 1);
  span_is("2022-12", S_2023_01_01 - 31 * DAY, S_2023_01_01 - 1);
}
END_TEST

START_TEST(test_day) {
  span_is("2022-01-10", S_2022_01_10, S_2022_01_11 - 1);
  span_is("1970-01-01", 0, DAY - 1);
  span_is("1969-12-31", -DAY, -1);
  span_is("2022-12-31", S_2023_01_01 - DAY, S_2023_01_01 - 1);
  span_is("0001-01-01", S_0001_01_01, S_0001_01_01 + DAY - 1);
  span_is("9999-12-31", S_9999_12_31, S_9999_12_31 + DAY - 1);
}
END_TEST

START_TEST(test_minute_and_second) {
  int64_t t = S_2022_01_10 + 14 * 3600 + 30 * 60; /* 1641825000 */
  ck_assert_int_eq(t, INT64_C(1641825000));
  span_is("2022-01-10T14:30", t, t + 59);
  span_is("2022-01-10T14:30:45", t + 45, t + 45);
  span_is("2022-01-10T00:00", S_2022_01_10, S_2022_01_10 + 59);
  span_is("2022-01-10T23:59:59", S_2022_01_11 - 1, S_2022_01_11 - 1);
}
END_TEST

START_TEST(test_zones) {
  int64_t t = INT64_C(1641825000); /* 2022-01-10T14:30Z */
  span_is("2022-01-10T14:30Z", t, t + 59);
  span_is("2022-01-10T14:30:00Z", t, t);
  span_is("2022-01-10T14:30+01:00", INT64_C(1641821400), INT64_C(1641821400) + 59);
  span_is("2022-01-10T14:30:00+01:00", INT64_C(1641821400), INT64_C(1641821400));
  span_is("2022-01-10T14:30+05:30", t - 19800, t - 19800 + 59);
  span_is("2022-01-10T14:30-05:00", t + 18000, t + 18000 + 59);
  span_is("2022-01-10T14:30+00:00", t, t + 59);
  span_is("2022-01-10T14:30-00:00", t, t + 59);
  span_is("2022-01-10T14:30+14:00", t - 14 * 3600, t - 14 * 3600 + 59);
  span_is("2022-01-10T14:30-14:00", t + 14 * 3600, t + 14 * 3600 + 59);
  refused("2022-01-10T14:30+15:00", 22, "time zone offset out of range (-14:00 to +14:00)");
  refused("2022-01-10T14:30+01:60", 22, "time zone offset out of range (-14:00 to +14:00)");
}
END_TEST

/* The reason names the range -14:00 to +14:00, so an offset past 14 hours must go too. */
START_TEST(test_offset_past_14_hours_refused) {
  refused("2022-01-10T14:30+14:30", 22, "time zone offset out of range (-14:00 to +14:00)");
  refused("2022-01-10T14:30-14:01", 22, "time zone offset out of range (-14:00 to +14:00)");
}
END_TEST

START_TEST(test_offset_moves_the_day) {
  dip_span span;
  const char *why;
  int y, m, d;
  ck_assert_int_eq(dip_date_parse("2022-01-10T23:30-05:00", 22, &span, &why), 0);
  ck_assert_int_eq(span.lo, INT64_C(1641875400));
  ck_assert_int_eq(span.hi, INT64_C(1641875400) + 59);
  ck_assert(span.lo >= S_2022_01_11 && span.hi < S_2022_01_11 + DAY);
  dip_civil_from_days(span.lo / DAY, &y, &m, &d);
  ck_assert_int_eq(y, 2022);
  ck_assert_int_eq(m, 1);
  ck_assert_int_eq(d, 11);
  /* and backwards across a year: 00:30 at +01:00 is still the previous year in UTC */
  span_is("2022-01-01T00:30+01:00", S_2022_01_01 - 1800, S_2022_01_01 - 1800 + 59);
}
END_TEST

START_TEST(test_leap_years) {
  span_is("2020-02-29", S_2020_02_29, S_2020_02_29 + DAY - 1);
  span_is("2000-02-29", S_2000_02_29, S_2000_02_29 + DAY - 1);
  span_is("2020-03-01", S_2020_03_01, S_2020_03_01 + DAY - 1);
  refused("2021-02-29", 10, "day does not exist in that month");
  refused("2022-02-29", 10, "day does not exist in that month");
  refused("2022-02-30", 10, "day does not exist in that month");
  refused("2020-02-30", 10, "day does not exist in that month");
  refused("1900-02-29", 10, "day does not exist in that month");
  refused("2100-02-29", 10, "day does not exist in that month");
  refused("2022-04-31", 10, "day does not exist in that month");
  refused("2022-06-31", 10, "day does not exist in that month");
  refused("2022-09-31", 10, "day does not exist in that month");
  refused("2022-11-31", 10, "day does not exist in that month");
  span_is("2022-01-31", S_2022_02_01 - DAY, S_2022_02_01 - 1);
}
END_TEST

START_TEST(test_fields_out_of_range) {
  refused("2022-13", 7, "month out of range (01 to 12)");
  refused("2022-00", 7, "month out of range (01 to 12)");
  refused("2022-13-01", 10, "month out of range (01 to 12)");
  refused("2022-01-32", 10, "day does not exist in that month");
  refused("2022-01-00", 10, "day does not exist in that month");
  refused("2022-01-10T25:00", 16, "hour out of range (00 to 23)");
  refused("2022-01-10T24:00", 16, "hour out of range (00 to 23)");
  refused("2022-01-10T24:00:00Z", 20, "hour out of range (00 to 23)");
  refused("2022-01-10T14:60", 16, "minute out of range (00 to 59)");
  refused("2022-01-10T14:30:60", 19, "second out of range (00 to 59)");
  refused("2022-01-10T14:30:60Z", 20, "second out of range (00 to 59)");
  refused("0000", 4, "year 0000 out of range (0001 to 9999)");
  refused("0000-01-01", 10, "year 0000 out of range (0001 to 9999)");
}
END_TEST

static const char *const bad_notations[] = {
  "10/01/2022", "2022-1-10", "2022-01-1", "2022-01-10 14:30", "20220110", "", "2022-01-10T14:30+0100",
  "2022-01-10T14:30+01", "2022-01-10T14", "2022-01-10T1430", "2022-01-10T14:3", "2022-01-10T", "2022-",
  "2022-01-", "22", "202", "20222", "2022x", "2022-01-10Z", "2022-01Z", "2022-01-10T14:30:00.5Z",
  "2022-01-10t14:30", "2022-01-10T14:30z", "2022-01-10T14:30ZZ", "2022-01-10T14:30Z ", " 2022",
  "+2022", "-2022", "2022/01/10", "2022-01-10T14:30:0", "janvier 2022", "2022-01-10T14:30+01:00x",
};

START_TEST(test_other_notations_refused) {
  const char *s = bad_notations[_i];
  refused(s, strlen(s), syntax_reason);
}
END_TEST

START_TEST(test_length_is_honoured) {
  dip_span span;
  const char *why;
  /* parsing stops at n: what follows does not count */
  span_is("2022-01-10", S_2022_01_10, S_2022_01_11 - 1);
  ck_assert_int_eq(dip_date_parse("2022-01-10T14:30", 10, &span, &why), 0);
  ck_assert_int_eq(span.lo, S_2022_01_10);
  ck_assert_int_eq(span.hi, S_2022_01_11 - 1);
  ck_assert_int_eq(dip_date_parse("2022-01-10", 4, &span, &why), 0);
  ck_assert_int_eq(span.lo, S_2022_01_01);
  /* a NUL inside the given length is a wrong character, not an end */
  refused("2022\0", 5, syntax_reason);
  refused("2022-01-10", 3, syntax_reason);
  refused("2022-01-10", 0, syntax_reason);
}
END_TEST

START_TEST(test_known_day_numbers) {
  int y, m, d;
  ck_assert_int_eq(dip_days_from_civil(1970, 1, 1), 0);
  ck_assert_int_eq(dip_days_from_civil(1969, 12, 31), -1);
  ck_assert_int_eq(dip_days_from_civil(2022, 1, 10), S_2022_01_10 / DAY);
  ck_assert_int_eq(dip_days_from_civil(2000, 2, 29), S_2000_02_29 / DAY);
  ck_assert_int_eq(dip_days_from_civil(1, 1, 1), S_0001_01_01 / DAY);
  ck_assert_int_eq(dip_days_from_civil(9999, 12, 31), S_9999_12_31 / DAY);
  dip_civil_from_days(S_2020_02_29 / DAY, &y, &m, &d);
  ck_assert(y == 2020 && m == 2 && d == 29);
  dip_civil_from_days(S_0001_01_01 / DAY, &y, &m, &d);
  ck_assert(y == 1 && m == 1 && d == 1);
  dip_civil_from_days(-1, &y, &m, &d);
  ck_assert(y == 1969 && m == 12 && d == 31);
}
END_TEST

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_length(int y, int m) {
  static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : len[m - 1];
}

/* Walks every day from 0001-01-01 to 9999-12-31 with a calendar of its own. */
START_TEST(test_civil_round_trip) {
  int y = 1, m = 1, d = 1;
  int64_t first = dip_days_from_civil(1, 1, 1), last = dip_days_from_civil(9999, 12, 31);
  ck_assert_int_eq(last - first + 1, INT64_C(3652059)); /* 9999 years of 365 days and 2424 leap days */
  for (int64_t z = first; z <= last; z++) {
    int cy, cm, cd;
    dip_civil_from_days(z, &cy, &cm, &cd);
    if (cy != y || cm != m || cd != d)
      ck_abort_msg("day %lld: %04d-%02d-%02d, expected %04d-%02d-%02d", (long long)z, cy, cm, cd, y, m, d);
    if (dip_days_from_civil(y, m, d) != z)
      ck_abort_msg("%04d-%02d-%02d: day %lld, expected %lld", y, m, d, (long long)dip_days_from_civil(y, m, d),
                   (long long)z);
    if (++d > month_length(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        y++;
      }
    }
  }
  ck_assert(y == 10000 && m == 1 && d == 1);
}
END_TEST

/* Every day of a few years parses to the span the day count gives. */
START_TEST(test_every_day_parses) {
  for (int y = 1999; y <= 2025; y++) {
    for (int m = 1; m <= 12; m++) {
      for (int d = 1; d <= 31; d++) {
        char text[40];
        dip_span span;
        const char *why;
        int rc;
        snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
        rc = dip_date_parse(text, 10, &span, &why);
        if (d > month_length(y, m)) {
          ck_assert_msg(rc == -1, "'%s' accepted", text);
        } else {
          ck_assert_msg(rc == 0, "'%s' refused: %s", text, why);
          ck_assert_int_eq(span.lo, dip_days_from_civil(y, m, d) * DAY);
          ck_assert_int_eq(span.hi, span.lo + DAY - 1);
        }
      }
    }
  }
}
END_TEST

static Suite *dates_suite(void) {
  Suite *s = suite_create("dates");
  TCase *tc = tcase_create("parse");
  tcase_add_test(tc, test_year);
  tcase_add_test(tc, test_month);
  tcase_add_test(tc, test_day);
  tcase_add_test(tc, test_minute_and_second);
  tcase_add_test(tc, test_zones);
  tcase_add_test(tc, test_offset_past_14_hours_refused);
  tcase_add_test(tc, test_offset_moves_the_day);
  tcase_add_test(tc, test_leap_years);
  tcase_add_test(tc, test_fields_out_of_range);
  tcase_add_loop_test(tc, test_other_notations_refused, 0, (int)(sizeof bad_notations / sizeof *bad_notations));
  tcase_add_test(tc, test_length_is_honoured);
  suite_add_tcase(s, tc);
  tc = tcase_create("civil");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, test_known_day_numbers);
  tcase_add_test(tc, test_civil_round_trip);
  tcase_add_test(tc, test_every_day_parses);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(dates_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
