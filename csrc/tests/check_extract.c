/* check_extract.c: the extractor's tokenizer, sentence splitter, date resolver, names and titles, and coder */
#define _DEFAULT_SOURCE
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "extract.h"
#include "extract_dates.h"
#include "extract_text.h"
#include "jsonio.h"

static dip_mem mem = {dip_default_alloc, NULL, 0, 0, NULL, 0};

/* ---- tokenizer ---- */

static void tokens_are(const char *text, const char *const *want, int n) {
  ex_text t;
  ck_assert_int_eq(ex_text_split(&t, &mem, text, strlen(text)), 0);
  ck_assert_msg((int)t.ntok == n, "'%s': %u tokens, expected %d", text, (unsigned)t.ntok, n);
  for (int i = 0; i < n; i++) {
    const ex_token *k = &t.tok[i];
    ck_assert_msg(k->len == strlen(want[i]) && !memcmp(text + k->off, want[i], k->len), "'%s': token %d is '%.*s', expected '%s'",
                  text, i, (int)k->len, text + k->off, want[i]);
  }
  ex_text_free(&t);
}

START_TEST(test_tokens_possessive_and_abbreviations) {
  static const char *const a[] = {"Russia", "'s", "Deputy", "Foreign", "Minister", "Sergei", "Ryabkov"};
  static const char *const b[] = {"U.S.", "Secretary", "of", "State", "met", "Dr.", "Zuma", "on", "Feb.", "17", "."};
  static const char *const c[] = {"Russia", "\xE2\x80\x99s", "US", "-", "led", "alliance"};
  static const char *const d[] = {"Côte", "d'Ivoire", "and", "O'Brien", "met", "at", "3:40", "pm"};
  tokens_are("Russia's Deputy Foreign Minister Sergei Ryabkov", a, 7);
  tokens_are("U.S. Secretary of State met Dr. Zuma on Feb. 17.", b, 11);
  tokens_are("Russia\xE2\x80\x99s US-led alliance", c, 6);
  tokens_are("Côte d'Ivoire and O'Brien met at 3:40 pm", d, 8);
}
END_TEST

START_TEST(test_token_flags) {
  const char *text = "Russia's U.S. envoy\nmet";
  ex_text t;
  ck_assert_int_eq(ex_text_split(&t, &mem, text, strlen(text)), 0);
  ck_assert_uint_eq(t.ntok, 5);
  ck_assert(t.tok[0].flags & TK_CAP);
  ck_assert(t.tok[1].flags & TK_POSSESSIVE);
  ck_assert(t.tok[1].flags & TK_GLUED);
  ck_assert(t.tok[2].flags & TK_ABBREV);
  ck_assert(!(t.tok[3].flags & TK_CAP));
  ck_assert(t.tok[4].flags & TK_NEWLINE);
  ex_text_free(&t);
}
END_TEST

/* ---- sentences ---- */

static void sentences_are(const char *text, const char *const *want, int n) {
  ex_text t;
  ck_assert_int_eq(ex_text_split(&t, &mem, text, strlen(text)), 0);
  ck_assert_msg((int)t.nsent == n, "'%s': %u sentences, expected %d", text, (unsigned)t.nsent, n);
  for (int i = 0; i < n; i++) {
    const ex_token *a = &t.tok[t.sent[i].first], *b = &t.tok[t.sent[i].first + t.sent[i].count - 1];
    size_t len = b->off + b->len - a->off;
    ck_assert_msg(len == strlen(want[i]) && !memcmp(text + a->off, want[i], len), "sentence %d is '%.*s', expected '%s'", i,
                  (int)len, text + a->off, want[i]);
  }
  ex_text_free(&t);
}

START_TEST(test_sentences_keep_abbreviations) {
  static const char *const a[] = {"Dr. Amara Osei met the U.S. envoy on Feb. 9 in Accra.", "Talks went on."};
  static const char *const b[] = {"\"We will meet again.\"", "The minister left."};
  static const char *const c[] = {"LIMA, Peru, Sept. 3, Agency", "Ministers met today."};
  static const char *const d[] = {"Is it over?", "No!", "2019 was different."};
  sentences_are("Dr. Amara Osei met the U.S. envoy on Feb. 9 in Accra. Talks went on.", a, 2);
  sentences_are("\"We will meet again.\" The minister left.", b, 2);
  sentences_are("LIMA, Peru, Sept. 3, Agency\n\nMinisters met today.", c, 2);
  sentences_are("Is it over? No! 2019 was different.", d, 3);
}
END_TEST

START_TEST(test_sentence_lowercase_after_period_continues) {
  static const char *const a[] = {"The talks ended at 5 p.m. local time."};
  sentences_are("The talks ended at 5 p.m. local time.", a, 1);
}
END_TEST

/* ---- dates: every expression against publication days of each weekday, across month and year ends ---- */

/* The oracle: libc's calendar, not the code under test. */
static time_t day_of(const char *ymd) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
  tm.tm_year -= 1900, tm.tm_mon -= 1, tm.tm_hour = 12;
  return timegm(&tm);
}

static void fmt_day(time_t t, char *buf) {
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, 32, "%Y-%m-%d", &tm);
}

static void fmt_month(time_t t, int add, char *buf) {
  struct tm tm;
  gmtime_r(&t, &tm);
  tm.tm_mon += add;
  tm.tm_mday = 1;
  t = timegm(&tm);
  gmtime_r(&t, &tm);
  strftime(buf, 32, "%Y-%m", &tm);
}

static int wday_of(time_t t) { /* 0 Monday .. 6 Sunday */
  struct tm tm;
  gmtime_r(&t, &tm);
  return (tm.tm_wday + 6) % 7;
}

/* Reads the first date expression of text and resolves it. */
static int resolve(const char *text, const char *pub, int future, ex_when *w) {
  ex_text t;
  ex_date_expr e;
  int rc = -2;
  ck_assert_int_eq(ex_text_split(&t, &mem, text, strlen(text)), 0);
  for (uint32_t i = 0; i < t.ntok; i++)
    if (ex_date_read(&t, i, t.ntok, &e)) {
      rc = ex_date_resolve(&e, (int64_t)(day_of(pub) / 86400), future, w);
      break;
    }
  ex_text_free(&t);
  return rc;
}

static void when_is(const char *text, const char *pub, int future, const char *start, const char *end) {
  ex_when w;
  int rc = resolve(text, pub, future, &w);
  ck_assert_msg(rc == 0, "'%s' (published %s): no date (%d)", text, pub, rc);
  ck_assert_msg(!strcmp(w.start, start) && !strcmp(w.end, end), "'%s' (published %s, future %d): %s/%s, expected %s/%s", text,
                pub, future, w.start, w.end, start, end);
}

static const char *const pubs[] = {
  "2021-12-27", "2021-12-28", "2021-12-29", "2021-12-30", "2021-12-31", "2022-01-01", "2022-01-02",
  "2020-02-24", "2020-02-26", "2020-02-29", "2020-03-01", "2023-04-30", "2023-05-01", "2024-12-31"
};
static const char *const weekday_words[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

START_TEST(test_relative_days) {
  const char *pub = pubs[_i];
  time_t p = day_of(pub);
  char want[32];
  fmt_day(p, want);
  when_is("They met today.", pub, 0, want, "");
  fmt_day(p - 86400, want);
  when_is("They met yesterday.", pub, 0, want, "");
  fmt_day(p + 86400, want);
  when_is("They meet tomorrow.", pub, 1, want, "");
}
END_TEST

START_TEST(test_weekdays) {
  const char *pub = pubs[_i];
  time_t p = day_of(pub);
  for (int d = 0; d < 7; d++) {
    char text[64], want[32];
    int back = (wday_of(p) - d + 7) % 7, ahead = (d - wday_of(p) + 7) % 7;
    snprintf(text, sizeof text, "They met on %s.", weekday_words[d]);
    fmt_day(p - back * 86400, want);
    when_is(text, pub, 0, want, "");                 /* past: on or before publication */
    fmt_day(p + ahead * 86400, want);
    when_is(text, pub, 1, want, "");                 /* future: on or after */
    snprintf(text, sizeof text, "They met last %s.", weekday_words[d]);
    fmt_day(p - (back ? back : 7) * 86400, want);
    when_is(text, pub, 0, want, "");
    snprintf(text, sizeof text, "They meet next %s.", weekday_words[d]);
    fmt_day(p + (ahead ? ahead : 7) * 86400, want);
    when_is(text, pub, 1, want, "");
  }
}
END_TEST

START_TEST(test_weeks_and_months) {
  const char *pub = pubs[_i];
  time_t p = day_of(pub), monday = p - wday_of(p) * 86400;
  char a[32], b[32];
  fmt_day(monday + 7 * 86400, a);
  fmt_day(monday + 13 * 86400, b);
  when_is("They meet next week.", pub, 1, a, b);
  fmt_day(monday - 7 * 86400, a);
  fmt_day(monday - 86400, b);
  when_is("They met last week.", pub, 0, a, b);
  fmt_month(p, 1, a);
  when_is("Talks are due next month.", pub, 1, a, "");
  fmt_month(p, -1, a);
  when_is("Talks were held last month.", pub, 0, a, "");
  fmt_month(p, 0, a);
  when_is("Earlier in the month, they met.", pub, 0, a, "");
  when_is("Earlier this month, they met.", pub, 0, a, "");
}
END_TEST

/* A month and day without a year: the next one for planned events, the last one for past ones. */
START_TEST(test_calendar_days_without_year) {
  const char *pub = pubs[_i];
  static const struct { const char *text; int m, d; } cases[] = {
    {"on January 10", 1, 10}, {"on Feb. 17", 2, 17}, {"on 13 December", 12, 13}, {"on Sept. 3", 9, 3}, {"on May 1st", 5, 1}
  };
  time_t p = day_of(pub);
  struct tm tm;
  gmtime_r(&p, &tm);
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    char want[32];
    int y = tm.tm_year + 1900;
    int before = cases[k].m - 1 < tm.tm_mon || (cases[k].m - 1 == tm.tm_mon && cases[k].d < tm.tm_mday);
    int after = cases[k].m - 1 > tm.tm_mon || (cases[k].m - 1 == tm.tm_mon && cases[k].d > tm.tm_mday);
    snprintf(want, sizeof want, "%04d-%02d-%02d", before ? y + 1 : y, cases[k].m, cases[k].d);
    when_is(cases[k].text, pub, 1, want, "");
    snprintf(want, sizeof want, "%04d-%02d-%02d", after ? y - 1 : y, cases[k].m, cases[k].d);
    when_is(cases[k].text, pub, 0, want, "");
  }
}
END_TEST

START_TEST(test_spans_and_explicit_years) {
  when_is("on February 13-14", "2019-01-20", 1, "2019-02-13", "2019-02-14");
  when_is("from September 13-16", "2005-09-04", 1, "2005-09-13", "2005-09-16");
  when_is("from May 31 to June 6", "2013-06-10", 0, "2013-05-31", "2013-06-06");
  when_is("from November 6 to 8", "2011-10-31", 1, "2011-11-06", "2011-11-08");
  when_is("from December 30 to January 2", "2021-12-01", 1, "2021-12-30", "2022-01-02");
  when_is("13-14 February", "2019-01-20", 1, "2019-02-13", "2019-02-14");
  when_is("on Tuesday, 13 December 2016", "2016-12-15", 0, "2016-12-13", "");
  when_is("on Tuesday, April 21", "2020-04-22", 0, "2020-04-21", "");
  when_is("on October 31, 2011", "2030-01-01", 1, "2011-10-31", "");
  when_is("in January 2022", "2021-12-30", 1, "2022-01", "");
  when_is("in March", "2021-12-30", 1, "2022-03", "");
  when_is("in 2019", "2021-12-30", 0, "2019", "");
}
END_TEST

START_TEST(test_impossible_and_non_dates) {
  ex_when w;
  ck_assert_int_eq(resolve("on February 30", "2021-01-05", 1, &w), -1);
  ck_assert_int_eq(resolve("on April 31, 2020", "2020-01-05", 1, &w), -1);
  ck_assert_int_eq(resolve("on February 29", "2021-01-05", 1, &w), 0); /* 2024 is the next with one */
  ck_assert_str_eq(w.start, "2024-02-29");
  ck_assert_int_eq(resolve("after a January attack", "2021-01-05", 0, &w), -2);
  ck_assert_int_eq(resolve("the minister may visit", "2021-01-05", 1, &w), -2);
  ck_assert_int_eq(resolve("40 March", "2021-01-05", 1, &w), -2);
}
END_TEST

/* ---- names, titles and the coder, on a small world of made-up places and made-up people ---- */

static const char world_json[] =
  "{\"format\":\"diplomacy\",\"version\":1,"
  "\"places\":[{\"id\":\"RUR\",\"name\":\"Ruritania\",\"kind\":\"country\",\"country\":\"RUR\"},"
  "{\"id\":\"strel\",\"name\":\"Strelsau\",\"kind\":\"city\",\"within\":\"RUR\",\"country\":\"RUR\"},"
  "{\"id\":\"SVK\",\"name\":\"Slovakia\",\"kind\":\"country\",\"country\":\"SVK\"},"
  "{\"id\":\"vie\",\"name\":\"Vienna\",\"kind\":\"city\",\"country\":\"AUT\"}],"
  "\"actors\":[{\"id\":\"RUR\",\"name\":\"Ruritania\",\"kind\":\"state\",\"aliases\":[\"Ruritanian\",\"Strelsau\"]},"
  "{\"id\":\"SVK\",\"name\":\"Slovakia\",\"kind\":\"state\",\"aliases\":[\"Slovak\"]},"
  "{\"id\":\"AUT\",\"name\":\"Austria\",\"kind\":\"state\",\"aliases\":[\"Austrian\"]},"
  "{\"id\":\"OSCE\",\"name\":\"Organization for Security and Co-operation in Europe\",\"kind\":\"organization\"},"
  "{\"id\":\"elphberg\",\"name\":\"Rudolf Elphberg\",\"kind\":\"person\"}],"
  "\"relations\":[{\"actor\":\"elphberg\",\"type\":\"position\",\"target\":\"RUR\",\"title\":\"King\",\"start\":\"2001\"}]}";

typedef struct fixture {
  dip_dataset *ds;
  ex_lexicon lx;
  char *patterns;
} fixture;

static void open_fixture(fixture *f) {
  char err[300];
  int code;
  FILE *in = fopen("lua/diplomacy/extract_patterns.txt", "rb");
  long n;
  ck_assert_msg(in != NULL, "run from the repository root: lua/diplomacy/extract_patterns.txt not found");
  fseek(in, 0, SEEK_END);
  n = ftell(in);
  fseek(in, 0, SEEK_SET);
  f->patterns = malloc((size_t)n + 1);
  ck_assert_ptr_nonnull(f->patterns);
  ck_assert_int_eq((long)fread(f->patterns, 1, (size_t)n, in), n);
  fclose(in);
  f->ds = dip_decode(world_json, strlen(world_json), "world", NULL, NULL, err, sizeof err, &code);
  ck_assert_msg(f->ds != NULL, "%s", err);
  ck_assert_int_eq(ex_lexicon_build(&f->lx, &mem, f->ds, f->patterns, (size_t)n), DIP_OK);
}

static void close_fixture(fixture *f) {
  ex_lexicon_free(&f->lx);
  dip_close(f->ds);
  free(f->patterns);
}

static cJSON *extract(fixture *f, const char *text, const char *pub) {
  cJSON *doc = NULL;
  char err[400];
  int rc = dip_extract(f->ds, &f->lx, text, strlen(text), pub, NULL, &doc, err, sizeof err);
  ck_assert_msg(rc == DIP_OK, "extract failed: %s", err);
  return doc;
}

static const cJSON *event_at(const cJSON *doc, int i) {
  const cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "events"), i);
  ck_assert_msg(ev != NULL, "no event %d", i);
  return ev;
}

static const char *str_of(const cJSON *o, const char *k);

/* The first event of a type (a denial is an event too: "X denied that ... met"). */
static const cJSON *event_of_type(const cJSON *doc, const char *type) {
  const cJSON *ev;
  cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(doc, "events"))
    if (!strcmp(str_of(ev, "type"), type)) return ev;
  ck_abort_msg("no %s event", type);
  return NULL;
}

static const char *str_of(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : "(none)";
}

/* The sides of an event, sorted and joined by spaces. */
static void sides_of(const cJSON *ev, char *buf, size_t cap) {
  const char *sides[16];
  int n = 0;
  const cJSON *p;
  cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(ev, "participants")) {
    const char *s = str_of(p, "side");
    int seen = 0;
    for (int i = 0; i < n; i++) seen |= !strcmp(sides[i], s);
    if (!seen && n < 16) sides[n++] = s;
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && strcmp(sides[j - 1], sides[j]) > 0; j--) {
      const char *t = sides[j];
      sides[j] = sides[j - 1], sides[j - 1] = t;
    }
  buf[0] = '\0';
  for (int i = 0; i < n; i++) {
    strncat(buf, sides[i], cap - strlen(buf) - 2);
    if (i + 1 < n) strncat(buf, " ", cap - strlen(buf) - 1);
  }
}

START_TEST(test_names_resolve_by_alias_and_demonym) {
  fixture f;
  char key[64];
  uint32_t words, head;
  open_fixture(&f);
  ck_assert_uint_gt(ex_phrase_key(&mem, "Ruritanian", 10, key, sizeof key, &words), 0);
  head = ex_lexicon_find(&f.lx, key, strlen(key));
  ck_assert_uint_ne(head, DIP_NONE);
  ck_assert_uint_eq(f.lx.entries[head].kind, LX_ACTOR);
  ck_assert_str_eq(dip_str(f.ds, f.ds->actors[f.lx.entries[head].value].id), "RUR");
  /* organizations by their ids too, and phrases by their folded words */
  ck_assert_uint_ne(ex_lexicon_find(&f.lx, "osce", 4), DIP_NONE);
  ck_assert_uint_gt(ex_phrase_key(&mem, "Deputy Foreign Minister", 23, key, sizeof key, &words), 0);
  ck_assert_str_eq(key, "deputy foreign minister");
  ck_assert_uint_eq(words, 3);
  head = ex_lexicon_find(&f.lx, key, strlen(key));
  ck_assert_uint_ne(head, DIP_NONE);
  ck_assert_uint_eq(f.lx.entries[head].kind, LX_TITLE);
  /* a person's last name alone */
  head = ex_lexicon_find(&f.lx, "elphberg", 8);
  ck_assert_uint_ne(head, DIP_NONE);
  ck_assert_uint_eq(f.lx.entries[head].kind, LX_SURNAME);
  close_fixture(&f);
}
END_TEST

START_TEST(test_title_and_country_make_a_person) {
  fixture f;
  cJSON *doc;
  const cJSON *ev, *actor, *rel;
  char sides[64];
  open_fixture(&f);
  doc = extract(&f, "Slovak Foreign Minister Jana Novakova met her Ruritanian counterpart in Vienna on Monday.", "2024-03-07");
  ev = event_at(doc, 0);
  ck_assert_str_eq(str_of(ev, "type"), "meeting");
  ck_assert_str_eq(str_of(ev, "status"), "held");
  ck_assert_str_eq(str_of(ev, "start"), "2024-03-04");
  ck_assert_str_eq(str_of(ev, "place"), "vie");
  sides_of(ev, sides, sizeof sides);
  ck_assert_str_eq(sides, "RUR SVK");
  actor = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "actors"), 0);
  ck_assert_str_eq(str_of(actor, "name"), "Jana Novakova");
  ck_assert_str_eq(str_of(actor, "kind"), "person");
  rel = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "relations"), 0);
  ck_assert_str_eq(str_of(rel, "type"), "position");
  ck_assert_str_eq(str_of(rel, "target"), "SVK");
  ck_assert_str_eq(str_of(rel, "title"), "Slovak Foreign Minister");
  cJSON_Delete(doc);
  close_fixture(&f);
}
END_TEST

START_TEST(test_later_mentions_by_surname_and_dataset_people) {
  fixture f;
  cJSON *doc;
  const cJSON *ev;
  char sides[64];
  open_fixture(&f);
  /* Novakova is known from the second sentence on; Elphberg is the dataset's king */
  doc = extract(&f, "Austrian Chancellor Karl Huber hosted Slovak President Jana Novakova.\n"
                    "Novakova will meet Elphberg in Strelsau on March 12.", "2024-03-07");
  ev = event_at(doc, 1);
  ck_assert_str_eq(str_of(ev, "status"), "planned");
  ck_assert_str_eq(str_of(ev, "start"), "2024-03-12");
  ck_assert_str_eq(str_of(ev, "place"), "strel");
  sides_of(ev, sides, sizeof sides);
  ck_assert_str_eq(sides, "RUR SVK");
  sides_of(event_at(doc, 0), sides, sizeof sides);
  ck_assert_str_eq(sides, "AUT SVK");
  cJSON_Delete(doc);
  close_fixture(&f);
}
END_TEST

START_TEST(test_modality_and_one_event_per_meeting) {
  fixture f;
  cJSON *doc;
  open_fixture(&f);
  doc = extract(&f, "Ruritania and Slovakia postponed talks planned for April 2.", "2024-03-07");
  ck_assert_str_eq(str_of(event_at(doc, 0), "status"), "postponed");
  cJSON_Delete(doc);
  doc = extract(&f, "Ruritania denied that its envoy met Slovak officials last week.", "2024-03-07");
  ck_assert_str_eq(str_of(event_of_type(doc, "meeting"), "status"), "denied");
  ck_assert_str_eq(str_of(event_of_type(doc, "meeting"), "start"), "2024-02-26");
  ck_assert_str_eq(str_of(event_of_type(doc, "meeting"), "end"), "2024-03-03");
  cJSON_Delete(doc);
  /* told twice: one event */
  doc = extract(&f, "Ruritania will hold talks with Slovakia on April 2. The April 2 talks will take place in Vienna.",
                "2024-03-07");
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "events")), 1);
  ck_assert_str_eq(str_of(event_at(doc, 0), "place"), "vie");
  cJSON_Delete(doc);
  /* a dateline names where the story was filed, not a participant */
  doc = extract(&f, "STRELSAU, March 3 (Agency) - Slovak and Austrian officials met on Monday.", "2024-03-07");
  {
    char sides[64];
    sides_of(event_of_type(doc, "meeting"), sides, sizeof sides);
    ck_assert_str_eq(sides, "AUT SVK");
  }
  cJSON_Delete(doc);
  /* who tells of a meeting is not at it */
  doc = extract(&f, "Jana Novakova, the Slovak spokesperson, said Ruritania and Austria held talks on Monday.", "2024-03-07");
  {
    char sides[64];
    sides_of(event_of_type(doc, "talks"), sides, sizeof sides);
    ck_assert_str_eq(sides, "AUT RUR");
  }
  cJSON_Delete(doc);
  /* nothing particular: no event */
  doc = extract(&f, "Ruritania rejects any talks with Slovakia.", "2024-03-07");
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "events")), 0);
  cJSON_Delete(doc);
  close_fixture(&f);
}
END_TEST

START_TEST(test_bad_input) {
  fixture f;
  cJSON *doc = NULL;
  char err[400];
  static const char bad[] = "Talks \xC3\x28 ended.";
  open_fixture(&f);
  ck_assert_int_eq(dip_extract(f.ds, &f.lx, bad, sizeof bad - 1, NULL, NULL, &doc, err, sizeof err), DIP_EINVAL);
  ck_assert_ptr_null(doc);
  ck_assert_msg(strstr(err, "not UTF-8") != NULL, "%s", err);
  ck_assert_int_eq(dip_extract(f.ds, &f.lx, "x", 1, "2021-02-30", NULL, &doc, err, sizeof err), DIP_EINVAL);
  ck_assert_msg(strstr(err, "published") != NULL, "%s", err);
  doc = extract(&f, "", "2024-03-07");
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "events")), 0);
  cJSON_Delete(doc);
  close_fixture(&f);
}
END_TEST

static Suite *extract_suite(void) {
  Suite *s = suite_create("extract");
  TCase *tc = tcase_create("text");
  int npubs = (int)(sizeof pubs / sizeof *pubs);
  tcase_add_test(tc, test_tokens_possessive_and_abbreviations);
  tcase_add_test(tc, test_token_flags);
  tcase_add_test(tc, test_sentences_keep_abbreviations);
  tcase_add_test(tc, test_sentence_lowercase_after_period_continues);
  suite_add_tcase(s, tc);
  tc = tcase_create("dates");
  tcase_add_loop_test(tc, test_relative_days, 0, npubs);
  tcase_add_loop_test(tc, test_weekdays, 0, npubs);
  tcase_add_loop_test(tc, test_weeks_and_months, 0, npubs);
  tcase_add_loop_test(tc, test_calendar_days_without_year, 0, npubs);
  tcase_add_test(tc, test_spans_and_explicit_years);
  tcase_add_test(tc, test_impossible_and_non_dates);
  suite_add_tcase(s, tc);
  tc = tcase_create("coder");
  tcase_add_test(tc, test_names_resolve_by_alias_and_demonym);
  tcase_add_test(tc, test_title_and_country_make_a_person);
  tcase_add_test(tc, test_later_mentions_by_surname_and_dataset_people);
  tcase_add_test(tc, test_modality_and_one_event_per_meeting);
  tcase_add_test(tc, test_bad_input);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(extract_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
