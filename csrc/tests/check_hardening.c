/* check_hardening.c: a snapshot that breaks a rule of the data or the indexes is refused; decode errors carry their code */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "checked.h"
#include "jsonio.h"
#include "model.h"
#include "query.h"
#include "snapshot.h"
#include "counting_alloc.h"

static const char *const world =
  "{\"format\": \"diplomacy\", \"version\": 1,"
  " \"places\": [{\"id\": \"geneva\", \"name\": \"Geneva\", \"within\": \"che\", \"lat\": 46.2, \"lon\": 6.15},"
  "              {\"id\": \"che\", \"name\": \"Switzerland\", \"kind\": \"country\"},"
  "              {\"id\": \"brussels\", \"name\": \"Brussels\"}],"
  " \"actors\": [{\"id\": \"RUS\", \"name\": \"Russia\", \"kind\": \"state\", \"country\": \"RUS\", \"aliases\": [\"Moscow\"]},"
  "              {\"id\": \"USA\", \"name\": \"United States\", \"kind\": \"state\"},"
  "              {\"id\": \"MFA\", \"name\": \"Foreign Ministry\", \"kind\": \"agency\"},"
  "              {\"id\": \"NATO\", \"name\": \"NATO\", \"kind\": \"organization\"}],"
  " \"relations\": [{\"actor\": \"MFA\", \"type\": \"part_of\", \"target\": \"RUS\"},"
  "                 {\"actor\": \"USA\", \"type\": \"member_of\", \"target\": \"NATO\", \"start\": \"1949\"}],"
  " \"events\": [{\"id\": \"e1\", \"type\": \"talks\", \"start\": \"2022-01-10\", \"place\": \"geneva\","
  "               \"participants\": [{\"actor\": \"MFA\"}, {\"actor\": \"USA\"}],"
  "               \"sources\": [{\"publisher\": \"TASS\", \"by\": \"RUS\"}]},"
  "              {\"id\": \"e2\", \"type\": \"summit\", \"start\": \"2022-01-12\", \"end\": \"2022-03-30\","
  "               \"place\": \"brussels\", \"participants\": [{\"actor\": \"NATO\"}, {\"actor\": \"RUS\"}]},"
  "              {\"id\": \"e3\", \"type\": \"call\", \"start\": \"2022-02-01\","
  "               \"participants\": [{\"actor\": \"RUS\"}, {\"actor\": \"USA\"}]}]}";

static dip_dataset *fresh(void) {
  char err[512];
  int code;
  dip_dataset *ds = dip_decode(world, strlen(world), "world.json", NULL, NULL, err, sizeof err, &code);
  ck_assert_msg(ds != NULL, "%s", err);
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  return ds;
}

static uint32_t str_of(dip_dataset *ds, const char *s) {
  uint32_t h = dip_strtab_find(&ds->strs, s, strlen(s));
  ck_assert_uint_ne(h, DIP_NONE);
  return h;
}

/* Saves ds as it is (its index taken as current) and opens the file again;
   returns the message of the refusal, or NULL when it opened. */
static const char *reopen(dip_dataset *ds, char *err, size_t n) {
  char path[] = "/tmp/check_snapshot_XXXXXX";
  int fd = mkstemp(path), code;
  dip_dataset *back;
  ck_assert_int_ge(fd, 0);
  close(fd);
  ds->index->generation = ds->generation; /* what was changed by hand is written, not rebuilt */
  ck_assert_int_eq(dip_snapshot_save(ds, path), DIP_OK);
  /* every part checked: the save remembered the file as checked, but the
     dataset it wrote was damaged by hand after its checks */
  back = dip_snapshot_load(path, NULL, NULL, DIP_SNAPSHOT_CHECK_ALL, err, n, &code);
  unlink(path);
  if (back) {
    dip_close(back);
    return NULL;
  }
  ck_assert_int_ne(code, DIP_OK);
  return err;
}

START_TEST(test_round_trip) {
  dip_dataset *ds = fresh();
  char err[512];
  ck_assert_ptr_null(reopen(ds, err, sizeof err));
  dip_close(ds);
}
END_TEST

/* Each damage breaks one rule; the message says what is wrong, and where when an object is at fault. */
typedef void (*damage_fn)(dip_dataset *ds);
static void within_cycle(dip_dataset *ds) { ds->places[1].within = 0; }
static void within_self(dip_dataset *ds) { ds->places[2].within = 2; }
static void lon_out_of_range(dip_dataset *ds) { ds->places[0].lon = 500; }
static void lat_not_a_number(dip_dataset *ds) { ds->places[0].lat = 0.0 / 0.0; }
static void runs_overlap(dip_dataset *ds) { ds->events[1].parts = ds->events[0].parts; }
static void rparts_past_the_end(dip_dataset *ds) { ds->index->rparts[ds->nevents] = ds->nparts + 1000; }
static void rparts_overlap(dip_dataset *ds) { ds->index->rparts[1] = 0; }
static void max_short_huge(dip_dataset *ds) { ds->index->max_short = INT64_MAX; }
static void long_events_dropped(dip_dataset *ds) { ds->index->nlong = 0; }
static void flags_wrong(dip_dataset *ds) { ds->index->flags[0] ^= 8u; }
static void order_unsorted(dip_dataset *ds) {
  uint32_t *o = ds->index->order, *rk = ds->index->rank, t = o[0];
  o[0] = o[2], o[2] = t;
  rk[o[0]] = 0, rk[o[2]] = 2;
}
static void name_cycle(dip_dataset *ds) {
  for (uint32_t i = 0; i < ds->actor_names.n; i++) ds->actor_names.links[i].next = i;
}
static void invalid_utf8(dip_dataset *ds) { ((char *)dip_str(ds, ds->actors[1].name))[0] = (char)0xC3; }
static void zero_byte(dip_dataset *ds) { ((char *)dip_str(ds, ds->actors[1].name))[1] = 0; }
static void ids_swapped(dip_dataset *ds) { ds->actors[1].id = ds->actors[0].id; }
static void name_empty(dip_dataset *ds) { ds->actors[1].name = str_of(ds, ""); }
static void country_not_a_code(dip_dataset *ds) { ds->actors[0].country = ds->actors[0].name; }
static void date_text_wrong(dip_dataset *ds) { ds->dates[ds->events[0].start].span.lo -= 86400 * 400; }
static void end_before_start(dip_dataset *ds) { ds->events[1].end = ds->events[0].start; }
static void part_of_self(dip_dataset *ds) { ds->events[2].part_of = 2; }
static void ties_wrong(dip_dataset *ds) { ds->index->ties.val[0] = 1; }
static void place_tree_wrong(dip_dataset *ds) { ds->index->pre[0] = 5, ds->index->post[0] = 4; }
static void actor_events_unsorted(dip_dataset *ds) {
  dip_csr *c = &ds->index->actor_events;
  for (uint32_t a = 0; a < c->n; a++)
    if (c->off[a + 1] - c->off[a] >= 2) {
      uint32_t t = c->val[c->off[a]];
      c->val[c->off[a]] = c->val[c->off[a] + 1], c->val[c->off[a] + 1] = t;
      return;
    }
}
static void source_by_unknown(dip_dataset *ds) {
  cJSON *s = cJSON_GetArrayItem(dip_event_sources(ds, 0), 0);
  cJSON_ReplaceItemInObjectCaseSensitive(s, "by", cJSON_CreateString("nobody"));
}

static const struct {
  const char *name;
  damage_fn damage;
  const char *message;
} damages[] = {
  {"within cycle", within_cycle, "places[0].within: a cycle of within links"},
  {"within itself", within_self, "places[2].within: a place cannot be within itself"},
  {"longitude", lon_out_of_range, "places[0].lon: out of range"},
  {"latitude NaN", lat_not_a_number, "places[0].lat: out of range"},
  {"participant runs overlap", runs_overlap, "events[1].participants: shared with another event"},
  {"rparts past the end", rparts_past_the_end, "an index is damaged"},
  {"rparts overlap", rparts_overlap, "an index is damaged"},
  {"max_short", max_short_huge, "an index does not fit the data"},
  {"long events", long_events_dropped, "an index does not fit the data"},
  {"flags", flags_wrong, "an index does not fit the data"},
  {"start order", order_unsorted, "an index is out of order"},
  {"name link cycle", name_cycle, "the name index is damaged"},
  {"invalid UTF-8", invalid_utf8, "invalid UTF-8"},
  {"zero byte", zero_byte, "holds a zero byte"},
  {"ids swapped", ids_swapped, "actors[1].id: duplicate or not indexed"},
  {"empty name", name_empty, "actors[1].name: empty"},
  {"country", country_not_a_code, "actors[0].country: not an ISO 3166-1 alpha-3 code"},
  {"date span", date_text_wrong, "date '2022-01-10': damaged"},
  {"end before start", end_before_start, "events[1].end: before the start"},
  {"part of itself", part_of_self, "events[2].part_of: an event cannot be part of itself"},
  {"ties", ties_wrong, "an index does not fit the data"},
  {"place tree", place_tree_wrong, "the place index is damaged"},
  {"actor events order", actor_events_unsorted, "an index is out of order"},
  {"source by", source_by_unknown, "events[0].sources.by: no such actor"},
};

START_TEST(test_damage_refused) {
  dip_dataset *ds = fresh();
  char err[512];
  const char *msg;
  /* the empty string must exist for name_empty */
  ck_assert_uint_ne(dip_intern(&ds->strs, "", 0), DIP_NONE);
  damages[_i].damage(ds);
  msg = reopen(ds, err, sizeof err);
  ck_assert_msg(msg != NULL, "%s: opened", damages[_i].name);
  ck_assert_msg(strstr(msg, damages[_i].message) != NULL, "%s: got '%s'", damages[_i].name, msg);
  dip_close(ds);
}
END_TEST

/* Each allocation of an opening failing in turn: "out of memory", nothing held, never a crash. */
START_TEST(test_open_allocation_failure) {
  dip_dataset *ds = fresh();
  char path[] = "/tmp/check_hardening_XXXXXX", err[512];
  int fd = mkstemp(path), code, opened = 0;
  ck_assert_int_ge(fd, 0);
  close(fd);
  ck_assert_int_eq(dip_snapshot_save(ds, path), DIP_OK);
  dip_close(ds);
  for (long limit = 0; !opened; limit++) {
    counting c = {0, limit, 0, 0};
    dip_dataset *back = dip_snapshot_load(path, counting_alloc, &c, DIP_SNAPSHOT_CHECK_ALL, err, sizeof err, &code);
    if (back) {
      opened = 1;
      dip_close(back);
    } else {
      ck_assert_int_eq(code, DIP_ENOMEM);
      ck_assert_msg(strstr(err, "out of memory") != NULL, "%s", err);
    }
    ck_assert_int_eq(c.live, 0);
    ck_assert_int_eq(c.mismatches, 0);
  }
  unlink(path);
}
END_TEST

/* Blocks inside the borrowed region (an opened snapshot) are never handed to
   the allocator: growing or resizing one copies it out, contents kept and the
   region untouched; freeing one does nothing. */
START_TEST(test_borrowed_blocks) {
  counting c = {0, -1, 0, 0};
  uint32_t region[16], *arr = region + 4, *small;
  uint32_t cap = 4;
  dip_mem m = {.alloc = counting_alloc, .ud = &c};
  for (uint32_t i = 0; i < 16; i++) region[i] = 100 + i;
  m.lo = (uintptr_t)region;
  m.hi = (uintptr_t)(region + 16);
  ck_assert(dip_borrowed(&m, region + 15));
  ck_assert(!dip_borrowed(&m, region + 16));
  /* a failed growth leaves the borrowed block in place */
  c.fail_after = 0;
  ck_assert_int_eq(dip_grow(&m, (void **)&arr, &cap, 9, sizeof *arr), -1);
  ck_assert_ptr_eq(arr, region + 4);
  ck_assert_uint_eq(cap, 4);
  c.fail_after = -1;
  ck_assert_int_eq(dip_grow(&m, (void **)&arr, &cap, 9, sizeof *arr), 0);
  ck_assert(!dip_borrowed(&m, arr));
  ck_assert_uint_ge(cap, 9);
  for (uint32_t i = 0; i < 4; i++) ck_assert_uint_eq(arr[i], 104 + i);
  arr[0] = 7;
  arr[8] = 8;
  for (uint32_t i = 0; i < 16; i++) ck_assert_uint_eq(region[i], 100 + i);
  ck_assert_int_eq(c.live, (long long)cap * (long long)sizeof *arr);
  /* resized smaller: still a copy */
  small = dip_realloc(&m, region + 8, 8 * sizeof *small, 2 * sizeof *small);
  ck_assert_ptr_nonnull(small);
  ck_assert(!dip_borrowed(&m, small));
  ck_assert_uint_eq(small[0], 108);
  ck_assert_uint_eq(small[1], 109);
  small[0] = 1;
  ck_assert_uint_eq(region[8], 108);
  /* freeing a borrowed block: the allocator is not called (it would find no header of its own) */
  {
    long long live = c.live;
    dip_free(&m, region + 2, 4 * sizeof *region);
    ck_assert_int_eq(c.live, live);
  }
  dip_free(&m, arr, (size_t)cap * sizeof *arr);
  dip_free(&m, small, 2 * sizeof *small);
  ck_assert_int_eq(c.live, 0);
  ck_assert_int_eq(c.mismatches, 0);
  for (uint32_t i = 0; i < 16; i++) ck_assert_uint_eq(region[i], 100 + i);
}
END_TEST

/* A region (a large array of a mapped snapshot, with address space reserved
   after it) grows in place while its room lasts, its contents kept; past its
   room it is copied out like any borrowed block, and freeing it does nothing. */
START_TEST(test_borrowed_region_grows_in_place) {
  counting c = {0, -1, 0, 0};
  size_t page = (size_t)sysconf(_SC_PAGESIZE), room = 4 * page;
  unsigned char *base = mmap(NULL, room, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *p, *q;
  dip_region g;
  dip_mem m = {.alloc = counting_alloc, .ud = &c};
  ck_assert_ptr_ne(base, MAP_FAILED);
  ck_assert_int_eq(mprotect(base, page, PROT_READ | PROT_WRITE), 0);
  memset(base, 7, page);
  g.base = (uintptr_t)base;
  g.open = page;
  g.cap = room;
  m.lo = (uintptr_t)base;
  m.hi = (uintptr_t)base + room;
  m.regions = &g;
  m.nregions = 1;
  /* two pages and a bit: in place, writable, the first page as it was */
  p = dip_realloc(&m, base, page, 2 * page + 10);
  ck_assert_ptr_eq(p, base);
  ck_assert_uint_ge(g.open, 2 * page + 10);
  ck_assert_uint_le(g.open, room);
  for (size_t i = 0; i < page; i++) ck_assert_uint_eq(p[i], 7);
  memset(p + page, 9, page + 10);
  ck_assert_int_eq(c.attempts, 0);
  /* more than the room: copied out, the region untouched */
  q = dip_realloc(&m, base, 2 * page + 10, room + page);
  ck_assert_ptr_nonnull(q);
  ck_assert_ptr_ne(q, base);
  ck_assert(!dip_borrowed(&m, q));
  for (size_t i = 0; i < page; i++) ck_assert_uint_eq(q[i], 7);
  for (size_t i = page; i < 2 * page + 10; i++) ck_assert_uint_eq(q[i], 9);
  ck_assert_uint_eq(base[0], 7);
  dip_free(&m, base, 2 * page + 10); /* borrowed: nothing */
  dip_free(&m, q, room + page);
  ck_assert_int_eq(c.live, 0);
  ck_assert_int_eq(c.mismatches, 0);
  munmap(base, room);
}
END_TEST

/* A snapshot of the fresh dataset (with unknown keys on event 2) saved to a
   temporary file and remembered as checked whole in a record folder of the
   test's own, as a save of a large file or a checked opening of a mapped one
   does. remembered_end puts everything back. */
typedef struct remembered {
  char path[40], cache[40];
  char *saved_env;
  struct stat st;
  char *want_sources, *want_extra; /* what the lazily parsed JSON must read back as */
} remembered;

static void remembered_begin(remembered *m) {
  dip_dataset *ds = fresh();
  const char *was = getenv("DIPLOMACY_CACHE_DIR");
  unsigned char head[12];
  uint32_t version;
  cJSON *extra = cJSON_CreateObject(), **slot;
  FILE *f;
  int fd;
  snprintf(m->path, sizeof m->path, "/tmp/check_remembered_XXXXXX");
  snprintf(m->cache, sizeof m->cache, "/tmp/check_cache_XXXXXX");
  m->saved_env = was ? strdup(was) : NULL;
  ck_assert_int_ge(fd = mkstemp(m->path), 0);
  close(fd);
  ck_assert_ptr_nonnull(mkdtemp(m->cache));
  ck_assert_int_eq(setenv("DIPLOMACY_CACHE_DIR", m->cache, 1), 0);
  ck_assert_ptr_nonnull(extra);
  cJSON_AddStringToObject(extra, "x-note", "kept");
  ck_assert_ptr_nonnull(slot = dip_side_slot(ds, &ds->ev_extra, 2));
  *slot = extra;
  m->want_sources = cJSON_PrintUnformatted(dip_event_sources(ds, 0));
  m->want_extra = cJSON_PrintUnformatted(dip_event_extra(ds, 2));
  ck_assert_int_eq(dip_snapshot_save(ds, m->path), DIP_OK);
  dip_close(ds);
  ck_assert_int_eq(stat(m->path, &m->st), 0);
  ck_assert_ptr_nonnull(f = fopen(m->path, "rb"));
  ck_assert_uint_eq(fread(head, 1, sizeof head, f), sizeof head);
  fclose(f);
  memcpy(&version, head + 8, sizeof version);
  dip_checked_record(&m->st, version, 1);
  ck_assert(dip_checked_known(&m->st, version));
}

static void remembered_end(remembered *m) {
  char rec[200];
  snprintf(rec, sizeof rec, "%s/checked-%llx-%llx", m->cache, (unsigned long long)m->st.st_dev,
           (unsigned long long)m->st.st_ino);
  unlink(rec);
  ck_assert_int_eq(rmdir(m->cache), 0);
  if (m->saved_env) setenv("DIPLOMACY_CACHE_DIR", m->saved_env, 1);
  else unsetenv("DIPLOMACY_CACHE_DIR");
  free(m->saved_env);
  cJSON_free(m->want_sources);
  cJSON_free(m->want_extra);
  unlink(m->path);
}

/* Each allocation of opening a remembered snapshot (no checks, kept JSON
   parsed when asked for) failing in turn: "out of memory", nothing held;
   once it opens, the sources and unknown keys read lazily are the saved ones. */
START_TEST(test_remembered_open_allocation_failure) {
  remembered m;
  char err[512];
  int code, opened = 0;
  remembered_begin(&m);
  for (long limit = 0; !opened; limit++) {
    counting c = {0, limit, 0, 0};
    dip_dataset *back = dip_snapshot_load(m.path, counting_alloc, &c, 0, err, sizeof err, &code);
    if (back) {
      char *got_sources, *got_extra;
      opened = 1;
      ck_assert(back->snapshot_trusted);
      got_sources = cJSON_PrintUnformatted(dip_event_sources(back, 0));
      got_extra = cJSON_PrintUnformatted(dip_event_extra(back, 2));
      ck_assert_ptr_nonnull(got_sources);
      ck_assert_ptr_nonnull(got_extra);
      ck_assert_str_eq(got_sources, m.want_sources);
      ck_assert_str_eq(got_extra, m.want_extra);
      ck_assert_ptr_null(dip_event_sources(back, 1));
      cJSON_free(got_sources);
      cJSON_free(got_extra);
      dip_close(back);
    } else {
      ck_assert_int_eq(code, DIP_ENOMEM);
      ck_assert_msg(strstr(err, "out of memory") != NULL, "%s", err);
      ck_assert_msg(strstr(err, m.path) != NULL, "%s", err);
    }
    ck_assert_int_eq(c.live, 0);
    ck_assert_int_eq(c.mismatches, 0);
  }
  remembered_end(&m);
}
END_TEST

/* cJSON's allocations, failing at one chosen call (counted from when the hooks are set) */
static long cjson_calls, cjson_fail_at;
static void *failing_malloc(size_t n) { return ++cjson_calls == cjson_fail_at ? NULL : malloc(n); }
static void failing_hooks(long fail_at) {
  cJSON_Hooks h = {failing_malloc, free};
  cjson_calls = 0;
  cjson_fail_at = fail_at;
  cJSON_InitHooks(&h);
}

/* The kept JSON of a remembered snapshot is parsed when first asked for: when
   memory runs out there, the document made of the dataset is refused (NULL,
   as for any other allocation failure), never made without the sources or
   unknown keys; and they are read once memory is back. */
START_TEST(test_lazy_parse_allocation_failure) {
  remembered m;
  char err[512];
  int code, done = 0;
  remembered_begin(&m);
  for (long k = 1; !done; k++) {
    dip_dataset *back = dip_snapshot_load(m.path, NULL, NULL, 0, err, sizeof err, &code);
    cJSON *doc;
    ck_assert_msg(back != NULL, "%s", err);
    ck_assert(back->snapshot_trusted);
    failing_hooks(k);
    doc = dip_to_json(back);
    cJSON_InitHooks(NULL);
    done = cjson_calls < k; /* nothing failed: every allocation was tried */
    if (doc) {
      char *text = cJSON_PrintUnformatted(doc);
      ck_assert_ptr_nonnull(text);
      ck_assert_msg(strstr(text, "\"sources\":[{\"publisher\":\"TASS\",\"by\":\"RUS\"}]") != NULL,
                    "allocation %ld failing: the sources are missing: %s", k, text);
      ck_assert_msg(strstr(text, "\"x-note\":\"kept\"") != NULL, "allocation %ld failing: the unknown keys are missing", k);
      cJSON_free(text);
      cJSON_Delete(doc);
    }
    /* memory back: read as saved */
    ck_assert_ptr_nonnull(dip_event_sources(back, 0));
    ck_assert_ptr_nonnull(dip_event_extra(back, 2));
    dip_close(back);
  }
  /* what the binding asks before it shows an event: ready, or out of memory, never ready without them */
  done = 0;
  for (long k = 1; !done; k++) {
    dip_dataset *back = dip_snapshot_load(m.path, NULL, NULL, 0, err, sizeof err, &code);
    int rc;
    ck_assert_msg(back != NULL, "%s", err);
    failing_hooks(k);
    rc = dip_event_kept_ready(back, 0);
    cJSON_InitHooks(NULL);
    done = cjson_calls < k;
    ck_assert(rc == DIP_OK || rc == DIP_ENOMEM);
    if (rc == DIP_OK) ck_assert_ptr_nonnull(back->ev_sources.pairs[0].v); /* parsed, not left as text */
    ck_assert_ptr_nonnull(dip_event_sources(back, 0));
    dip_close(back);
  }
  remembered_end(&m);
}
END_TEST

/* Text after a single value is a syntax error, reported as one (the code was DIP_OK). */
START_TEST(test_decode_trailing_text_code) {
  static const char *const texts[] = {"1 2", "[] x", "\"a\" \"b\"", "true false"};
  for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
    char err[200];
    int code = -1;
    dip_dataset *ds = dip_decode(texts[i], strlen(texts[i]), NULL, NULL, NULL, err, sizeof err, &code);
    ck_assert_ptr_null(ds);
    ck_assert_int_eq(code, DIP_ESYNTAX);
    ck_assert_msg(strstr(err, "text after the end of the document") != NULL, "%s: %s", texts[i], err);
  }
}
END_TEST

static Suite *snapshot_suite(void) {
  Suite *s = suite_create("snapshot");
  TCase *tc = tcase_create("checks");
  tcase_add_test(tc, test_round_trip);
  tcase_add_loop_test(tc, test_damage_refused, 0, (int)(sizeof damages / sizeof damages[0]));
  tcase_add_test(tc, test_open_allocation_failure);
  tcase_add_test(tc, test_borrowed_blocks);
  tcase_add_test(tc, test_borrowed_region_grows_in_place);
  tcase_add_test(tc, test_remembered_open_allocation_failure);
  tcase_add_test(tc, test_lazy_parse_allocation_failure);
  suite_add_tcase(s, tc);
  tc = tcase_create("decode");
  tcase_add_test(tc, test_decode_trailing_text_code);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(snapshot_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
