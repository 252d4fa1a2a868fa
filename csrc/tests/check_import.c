/* check_import.c: importing GDELT, ICEWS and Office of the Historian files, roll back, and exporting */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cameo.h"
#include "fips.h"
#include "import.h"
#include "jsonio.h"
#include "query.h"

#define FIX "spec/fixtures/import/"
#define DATA "../shared/data/"

static dip_dataset *import_file(const char *path, int format, int merge, dip_import *im) {
  dip_dataset *ds = dip_new(NULL, NULL);
  ck_assert_ptr_nonnull(ds);
  dip_import_init(im, ds);
  im->format = format;
  im->merge_dyads = merge;
  ck_assert_msg(dip_import_run(im, path) == DIP_OK, "%s: %s", path, im->err);
  return ds;
}

static const dip_event *event(dip_dataset *ds, const char *id) {
  uint32_t h = dip_find_event(ds, id, strlen(id));
  ck_assert_msg(h != DIP_NONE, "no event '%s'", id);
  return &ds->events[h];
}

static uint32_t actor(dip_dataset *ds, const char *name) {
  uint32_t h;
  ck_assert_int_eq(dip_find_actor(ds, name, strlen(name), &h), DIP_OK);
  ck_assert_msg(h != DIP_NONE, "no actor '%s'", name);
  return h;
}

static const char *skip_reason(const dip_import *im, uint32_t i) { return dip_import_text(im, im->skips[i].reason); }

START_TEST(test_cameo_tables) {
  const dip_cameo_code *c = dip_cameo_event("043", 3);
  ck_assert_ptr_nonnull(c);
  ck_assert_str_eq(c->name, "Host a visit");
  ck_assert(c->goldstein == 2.8);
  ck_assert_str_eq(dip_cameo_event("044", 3)->name, "Meet at a 'third' location");
  ck_assert_ptr_null(dip_cameo_event("047", 3));
  ck_assert_str_eq(dip_cameo_map("042", 3)->type, "visit");
  ck_assert_str_eq(dip_cameo_map("042", 3)->source_role, "guest");
  ck_assert_str_eq(dip_cameo_map("043", 3)->source_role, "host");
  ck_assert_str_eq(dip_cameo_map("045", 3)->source_role, "mediator");
  ck_assert_str_eq(dip_cameo_map("046", 3)->type, "negotiation");
  ck_assert_str_eq(dip_cameo_map("041", 3)->type, "call");
  ck_assert_str_eq(dip_cameo_map("0211", 4)->type, "appeal");
  ck_assert_str_eq(dip_cameo_map("154", 3)->type, "force posture");
  ck_assert_int_eq(dip_cameo_map("040", 3)->meeting, 1);
  ck_assert_int_eq(dip_cameo_map("130", 3)->meeting, 0);
  ck_assert_ptr_null(dip_cameo_map("21", 2));
  ck_assert_str_eq(dip_cameo_group_of("NAT", 3)->id, "NATO");
  ck_assert_str_eq(dip_cameo_group_named("European Union", 14)->id, "EU");
  ck_assert_str_eq(dip_cameo_code_for("visit", "host"), "043");
  ck_assert_str_eq(dip_cameo_code_for("statement", "source"), "010");
}
END_TEST

START_TEST(test_country_tables) {
  ck_assert_str_eq(dip_country_by_fips("RS", 2)->iso3, "RUS");
  ck_assert_str_eq(dip_country_by_fips("UP", 2)->iso3, "UKR");
  ck_assert_str_eq(dip_country_by_fips("GM", 2)->iso3, "DEU");
  ck_assert_str_eq(dip_country_by_fips("SZ", 2)->iso3, "CHE");
  ck_assert_str_eq(dip_country_by_fips("GZ", 2)->iso3, "PSE");
  ck_assert_ptr_null(dip_country_by_fips("QQ", 2));
  ck_assert_str_eq(dip_country_by_name("Russian Federation", 18)->iso3, "RUS");
  ck_assert_str_eq(dip_country_by_name("korea-south", 11)->iso3, "KOR");
  ck_assert_str_eq(dip_country_by_name("Occupied Palestinian Territory", 30)->iso3, "PSE");
  ck_assert_str_eq(dip_country_by_name("Cote d'Ivoire", 13)->iso3, "CIV");
  ck_assert_str_eq(dip_country_by_cameo("ROM", 3)->iso3, "ROU");
  ck_assert_str_eq(dip_country_by_iso3("CSK", 3)->name, "Czechoslovakia");
}
END_TEST

START_TEST(test_gdelt_malformed_rows) {
  dip_import im;
  dip_dataset *ds = import_file(FIX "gdelt2-malformed.CSV", DIP_FORMAT_AUTO, 1, &im);
  static const uint32_t lines[] = {4, 5, 6, 7, 8, 10};
  ck_assert_uint_eq(im.added, 4);
  ck_assert_uint_eq(im.rows, 10);
  ck_assert_uint_eq(im.nskips, 6);
  for (uint32_t i = 0; i < 6; i++) ck_assert_uint_eq(im.skips[i].line, lines[i]);
  ck_assert_str_eq(skip_reason(&im, 0), "expected 57 or 58 (GDELT 1.0) or 61 (GDELT 2.0) tab-separated fields, got 30");
  ck_assert_str_eq(skip_reason(&im, 2), "EventCode: '0x1' is not a CAMEO event code");
  ck_assert_str_eq(skip_reason(&im, 3), "GoldsteinScale: 'high' is not a number");
  ck_assert_str_eq(skip_reason(&im, 4), "duplicate event id 'gdelt:1256322770'");
  ck_assert_str_eq(dip_str(ds, event(ds, "gdelt:1256322772")->cameo), "010");
  ck_assert_str_eq(dip_str(ds, event(ds, "gdelt:1256322770")->cameo), "080");
  dip_import_free(&im);
  dip_close(ds);
}
END_TEST

START_TEST(test_gdelt_actors_and_dyads) {
  dip_import im;
  dip_dataset *ds = import_file(FIX "gdelt2-governments.CSV", DIP_FORMAT_GDELT, 1, &im);
  dip_query q;
  uint32_t rusgov = actor(ds, "RUSGOV"), rus = actor(ds, "Russia"), usa = actor(ds, "United States");
  const dip_event *e;
  ck_assert_uint_eq(im.added, 3);
  ck_assert_uint_eq(im.nskips, 0);
  ck_assert_str_eq(dip_str(ds, ds->actors[rusgov].kind), "agency");
  ck_assert_str_eq(dip_str(ds, ds->actors[actor(ds, "NATO")].name), "North Atlantic Treaty Organization");
  /* RUSGOV part_of RUS */
  {
    int found = 0;
    for (uint32_t r = 0; r < ds->nrelations; r++)
      found |= ds->relations[r].actor == rusgov && ds->relations[r].target == rus &&
               !strcmp(dip_str(ds, ds->relations[r].type), "part_of");
    ck_assert(found);
  }
  dip_query_init(&q);
  ck_assert_int_eq(dip_meetings(ds, rus, usa, &q), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 1);
  e = &ds->events[ds->index->res[0]];
  ck_assert_str_eq(dip_str(ds, e->id), "gdelt:900000001");
  ck_assert_uint_eq(e->nparts, 2);
  ck_assert(cJSON_IsRaw(cJSON_GetObjectItemCaseSensitive(dip_event_extra(ds, ds->index->res[0]), "gdelt")));
  ck_assert_ptr_nonnull(strstr(cJSON_GetObjectItemCaseSensitive(dip_event_extra(ds, ds->index->res[0]), "gdelt")->valuestring, "\"mirror\":{"));
  /* the merged row's id finds the event */
  ck_assert_ptr_eq(event(ds, "gdelt:900000002"), e);
  dip_import_free(&im);
  dip_close(ds);
  /* kept apart */
  ds = import_file(FIX "gdelt2-governments.CSV", DIP_FORMAT_GDELT, 0, &im);
  ck_assert_uint_eq(im.added, 4);
  dip_import_free(&im);
  dip_close(ds);
}
END_TEST

START_TEST(test_icews_fixture) {
  dip_import im;
  dip_dataset *ds = import_file(FIX "icews-malformed.tab", DIP_FORMAT_AUTO, 1, &im);
  const dip_event *e;
  ck_assert_uint_eq(im.added, 2);
  ck_assert_uint_eq(im.nskips, 4);
  ck_assert_str_eq(skip_reason(&im, 1), "Event Date: '2018-13-01' is not a date (expected YYYY-MM-DD)");
  e = event(ds, "icews:32889836:2018-06-01");
  ck_assert_str_eq(dip_str(ds, e->type), "meeting");
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->parts[e->parts].actor].name), "Foreign Affairs (Bangladesh)");
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->parts[e->parts].actor].kind), "agency");
  ck_assert_str_eq(dip_str(ds, ds->places[e->place].name), "Hanoi");
  ck_assert_ptr_eq(event(ds, "icews:32889837:2018-06-01"), e);
  dip_import_free(&im);
  dip_close(ds);
}
END_TEST

START_TEST(test_hsg_fixture) {
  dip_import im;
  dip_dataset *ds = import_file(FIX "hsg-trips-broken.xml", DIP_FORMAT_HSG_TRAVELS, 1, &im);
  const dip_event *e;
  ck_assert_uint_eq(im.added, 2);
  ck_assert_uint_eq(im.nskips, 2);
  ck_assert_uint_eq(im.skips[0].line, 47);
  ck_assert_uint_eq(im.skips[1].line, 63);
  e = event(ds, "hsg:trip:4048");
  ck_assert_str_eq(dip_str(ds, e->type), "visit");
  ck_assert_str_eq(dip_str(ds, ds->places[e->place].name), "Geneva");
  ck_assert_str_eq(dip_str(ds, ds->places[ds->places[e->place].within].id), "CHE");
  ck_assert_str_eq(dip_str(ds, ds->dates[e->start].text), "2022-01-21");
  ck_assert_uint_eq(e->end, DIP_NONE);
  ck_assert_ptr_eq(event(ds, "hsg:trip:4019"), event(ds, "hsg:trip:3992"));
  dip_import_free(&im);
  dip_close(ds);
  ds = import_file(FIX "hsg-visits-sample.xml", DIP_FORMAT_AUTO, 1, &im);
  ck_assert_uint_eq(im.added, 5);
  ck_assert_str_eq(dip_str(ds, ds->actors[actor(ds, "Donald Tusk")].country), "POL");
  dip_import_free(&im);
  dip_close(ds);
}
END_TEST

START_TEST(test_unknown_format) {
  dip_dataset *ds = dip_new(NULL, NULL);
  dip_import im;
  dip_import_init(&im, ds);
  ck_assert_int_eq(dip_import_run(&im, FIX "README.md"), DIP_EINVAL);
  ck_assert_ptr_nonnull(strstr(im.err, "cannot tell the format"));
  ck_assert_int_eq(dip_import_run(&im, FIX "no-such-file"), DIP_EIO);
  ck_assert_ptr_nonnull(strstr(im.err, "No such file"));
  dip_import_free(&im);
  dip_close(ds);
}
END_TEST

/* ---- allocation failure: the import is taken back whole ---- */

static long budget = -1;

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (budget == 0) return NULL;
  if (budget > 0) budget--;
  return realloc(ptr, nsize);
}

static char *encoded(dip_dataset *ds) {
  const char *text;
  size_t len;
  char *copy;
  long saved = budget;
  budget = -1;
  ck_assert_int_eq(dip_encode(ds, &text, &len), DIP_OK);
  copy = strdup(text);
  budget = saved;
  return copy;
}

static void fail_everywhere(const char *path) {
  int succeeded = 0;
  for (long n = 0; n < 20000 && !succeeded; n++) {
    dip_dataset *ds;
    dip_import im;
    char *before, *after;
    int rc;
    budget = -1;
    ds = dip_new(failing_alloc, NULL);
    ck_assert_ptr_nonnull(ds);
    {
      /* something there before, that must stay as it was */
      cJSON *o = cJSON_Parse("{\"id\":\"RUS\",\"name\":\"Russia\",\"kind\":\"state\"}");
      uint32_t h;
      ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
      cJSON_Delete(o);
    }
    {
      /* a place the import gives the coordinates it lacks (Washington of the
         GDELT fixtures): a failed import takes them back */
      cJSON *o = cJSON_Parse("{\"id\":\"gdelt:531871\",\"name\":\"Washington\"}");
      uint32_t h;
      ck_assert_int_eq(dip_add_place(ds, o, &h), DIP_OK);
      cJSON_Delete(o);
    }
    before = encoded(ds);
    dip_import_init(&im, ds);
    budget = n;
    rc = dip_import_run(&im, path);
    budget = -1;
    if (rc == DIP_OK) {
      succeeded = 1;
    } else {
      ck_assert_int_eq(rc, DIP_ENOMEM);
      after = encoded(ds);
      ck_assert_str_eq(before, after);
      ck_assert_uint_eq(ds->nactors, 1);
      free(after);
    }
    free(before);
    dip_import_free(&im);
    dip_close(ds);
  }
  ck_assert(succeeded);
}

START_TEST(test_rollback_gdelt) { fail_everywhere(FIX "gdelt2-governments.CSV"); }
END_TEST

START_TEST(test_rollback_icews) { fail_everywhere(FIX "icews-malformed.tab"); }
END_TEST

START_TEST(test_rollback_hsg) { fail_everywhere(FIX "hsg-trips-broken.xml"); }
END_TEST

START_TEST(test_rollback_csv) { fail_everywhere(FIX "gdelt2-governments-export.csv"); }
END_TEST

/* ---- export ---- */

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text;
  long n;
  ck_assert_ptr_nonnull(f);
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  rewind(f);
  text = malloc((size_t)n + 1);
  ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
  text[n] = '\0';
  fclose(f);
  return text;
}

START_TEST(test_export_csv_quoting) {
  static const char doc[] =
    "{\"format\":\"diplomacy\",\"version\":1,"
    "\"places\":[{\"id\":\"g\",\"name\":\"Geneva, Switzerland\",\"lat\":46.2,\"lon\":6.15}],"
    "\"actors\":[{\"id\":\"a\",\"name\":\"A \\\"the first\\\"\",\"kind\":\"state\"},{\"id\":\"b\",\"name\":\"B\",\"kind\":\"state\"}],"
    "\"events\":[{\"id\":\"e1\",\"type\":\"talks\",\"start\":\"2022-01-10\",\"place\":\"g\",\"title\":\"line one\\nline two\","
    "\"participants\":[{\"actor\":\"a\",\"role\":\"head\"},{\"actor\":\"b\"}]},"
    "{\"id\":\"e2\",\"type\":\"statement\",\"start\":\"2022-01-11\"}]}";
  char err[200], path[] = "/tmp/check_import_XXXXXX";
  int code, fd = mkstemp(path);
  dip_dataset *ds = dip_decode(doc, sizeof doc - 1, NULL, NULL, NULL, err, sizeof err, &code);
  uint32_t n;
  char *text;
  ck_assert_int_ge(fd, 0);
  close(fd);
  ck_assert_msg(ds != NULL, "%s", err);
  ck_assert_int_eq(dip_export(ds, path, DIP_FORMAT_CSV, NULL, ds->nevents, &n), DIP_OK);
  ck_assert_uint_eq(n, 3);
  text = slurp(path);
  ck_assert_str_eq(text,
                   "event_id,type,cameo,start,end,status,title,place_id,place_name,lat,lon,country,actor_id,actor_name,"
                   "actor_kind,role,side_id,side_name\r\n"
                   "e1,talks,,2022-01-10,,held,\"line one\nline two\",g,\"Geneva, Switzerland\",46.2,6.15,,a,"
                   "\"A \"\"the first\"\"\",state,head,a,\"A \"\"the first\"\"\"\r\n"
                   "e1,talks,,2022-01-10,,held,\"line one\nline two\",g,\"Geneva, Switzerland\",46.2,6.15,,b,B,state,,b,B\r\n"
                   "e2,statement,,2022-01-11,,held,,,,,,,,,,,,\r\n");
  free(text);
  ck_assert_int_eq(dip_export(ds, path, DIP_FORMAT_GEOJSON, NULL, ds->nevents, &n), DIP_OK);
  ck_assert_uint_eq(n, 1); /* e2 has no place */
  text = slurp(path);
  ck_assert_ptr_nonnull(strstr(text, "\"coordinates\":[6.15,46.2]"));
  free(text);
  ck_assert_int_eq(dip_export(ds, path, DIP_FORMAT_GDELT, NULL, ds->nevents, &n), DIP_OK);
  /* a and b have no CAMEO code (no codes.cameo, no ISO id), so GDELT cannot
     tell them apart: the talks give one row (both ways would come back as
     two events), the statement another */
  ck_assert_uint_eq(n, 2);
  unlink(path);
  ck_assert_int_eq(dip_export(ds, "/no/such/dir/x.csv", DIP_FORMAT_CSV, NULL, ds->nevents, &n), DIP_EIO);
  dip_close(ds);
}
END_TEST

/* ---- the shared data, when it is there (CI has it beside the clone) ---- */

START_TEST(test_shared_data) {
  /* the same counts as the awk programs of spec/import_spec.lua derive */
  static const struct {
    const char *path;
    uint32_t events;
  } files[] = {
    {DATA "gdelt/20250807220000.export.head.CSV", 197}, {DATA "gdelt/gdelt1-events-sample.tsv", 703},
    {DATA "icews/events.2018.sample.tab", 3271},        {DATA "hsg/travels", 4269},
    {DATA "hsg/visits", 3264},
  };
  if (access(DATA "README.md", R_OK) != 0) return;
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    dip_import im;
    dip_dataset *ds = import_file(files[i].path, DIP_FORMAT_AUTO, 1, &im);
    ck_assert_msg(im.added == files[i].events, "%s: %u events", files[i].path, im.added);
    ck_assert_uint_eq(im.nskips, 0);
    dip_import_free(&im);
    dip_close(ds);
  }
}
END_TEST

static Suite *import_suite(void) {
  Suite *s = suite_create("import");
  TCase *tc = tcase_create("import");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_cameo_tables);
  tcase_add_test(tc, test_country_tables);
  tcase_add_test(tc, test_gdelt_malformed_rows);
  tcase_add_test(tc, test_gdelt_actors_and_dyads);
  tcase_add_test(tc, test_icews_fixture);
  tcase_add_test(tc, test_hsg_fixture);
  tcase_add_test(tc, test_unknown_format);
  tcase_add_test(tc, test_rollback_gdelt);
  tcase_add_test(tc, test_rollback_icews);
  tcase_add_test(tc, test_rollback_hsg);
  tcase_add_test(tc, test_rollback_csv);
  tcase_add_test(tc, test_export_csv_quoting);
  tcase_add_test(tc, test_shared_data);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(import_suite());
  int failed;
  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
