/* check_world.c: the world base's TSV records: read whole, or refused with the line and nothing added */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "world.h"

static const char good[] =
  "# a comment\n"
  "P\tRUR\tRuritania\tcountry\t\tRUR\t47.5\t15.25\tKingdom of Ruritania\n"
  "P\tgn1\tStrelsau\tcity\tRUR\tRUR\t-47.125\t-15.5\tStrelsaw|Zenda Road\n"
  "A\tRUR\tRuritania\tstate\tRUR\tRuritanian|Strelsau\n"
  "A\tLEAGUE\tLeague of Small States\torganization\t\t\n"
  "A\tph:RUDOLF\tRudolf Elphberg\tperson\tRUR\t\n"
  "R\tRUR\tmember_of\tLEAGUE\t\t1920-01-10\t\n"
  "R\tph:RUDOLF\tposition\tRUR\tgovernment\t1894\t1899-06\n";

START_TEST(test_reads_every_record) {
  dip_dataset *ds = dip_new(NULL, NULL);
  uint32_t h;
  ck_assert_int_eq(dip_world_read(ds, good, strlen(good), "good.tsv"), DIP_OK);
  ck_assert_uint_eq(ds->nplaces, 2);
  ck_assert_uint_eq(ds->nactors, 3);
  ck_assert_uint_eq(ds->nrelations, 2);
  ck_assert_int_eq(dip_find_place(ds, "Zenda Road", 10, &h), DIP_OK);
  ck_assert_str_eq(dip_str(ds, ds->places[h].id), "gn1");
  ck_assert_uint_eq(ds->places[h].within, 0);
  ck_assert(ds->places[h].lat == -47.125 && ds->places[h].lon == -15.5);
  ck_assert_int_eq(dip_find_actor(ds, "ruritanian", 10, &h), DIP_OK);
  ck_assert_str_eq(dip_str(ds, ds->actors[h].id), "RUR");
  ck_assert_str_eq(dip_str(ds, ds->dates[ds->relations[1].end].text), "1899-06");
  dip_close(ds);
}
END_TEST

static const struct { const char *text, *message; } bad[] = {
  {"P\tX\tXland\tcountry\t\t\t1\t2\n", "w.tsv:1: a place record has 9 fields"},
  {"A\tX\tXland\tstate\t\t\nA\tX\tXland again\tstate\t\t\n", "w.tsv:2: duplicate id"},
  {"P\tc\tCity\tcity\tNOWHERE\t\t\t\t\n", "w.tsv:1: 'within' names no earlier place"},
  {"P\tc\tCity\tcity\t\t\t91\t0\t\n", "w.tsv:1: bad coordinates"},
  {"P\tc\tCity\tcity\t\t\t1.5x\t0\t\n", "w.tsv:1: bad coordinates"},
  {"A\tX\tXland\tstate\t\t\nR\tX\tmember_of\tY\t\t\t\n", "w.tsv:2: relation 'target' names no earlier actor"},
  {"A\tX\tXland\tstate\t\t\nR\tX\tmember_of\tX\t\t2021-02-30\t\n", "w.tsv:2: "},
  {"A\tX\tXland\tstate\t\t\nR\tX\tmember_of\tX\t\t2021\t2020\n", "w.tsv:2: relation ends before it starts"},
  {"A\tX\tX\xC3\x28land\tstate\t\t\n", "w.tsv:1: not UTF-8"},
  {"Q\tX\n", "w.tsv:1: a record starts with P, A or R and a tab"},
  {"A\t\tNameless\tstate\t\t\n", "w.tsv:1: empty id"},
};

START_TEST(test_refuses_and_adds_nothing) {
  dip_dataset *ds = dip_new(NULL, NULL);
  ck_assert_int_eq(dip_world_read(ds, good, strlen(good), "good.tsv"), DIP_OK);
  ck_assert_int_eq(dip_world_read(ds, bad[_i].text, strlen(bad[_i].text), "w.tsv"), DIP_EINVAL);
  ck_assert_msg(!strncmp(ds->err, bad[_i].message, strlen(bad[_i].message)), "'%s', expected '%s'", ds->err, bad[_i].message);
  ck_assert_uint_eq(ds->nplaces, 2);
  ck_assert_uint_eq(ds->nactors, 3);
  ck_assert_uint_eq(ds->nrelations, 2);
  dip_close(ds);
}
END_TEST

START_TEST(test_missing_file) {
  dip_dataset *ds = dip_new(NULL, NULL);
  ck_assert_int_eq(dip_world_load(ds, "/nonexistent/world.tsv"), DIP_EIO);
  ck_assert_msg(strstr(ds->err, "/nonexistent/world.tsv: ") == ds->err, "%s", ds->err);
  dip_close(ds);
}
END_TEST

START_TEST(test_shipped_world_reads) {
  dip_dataset *ds = dip_new(NULL, NULL);
  uint32_t h;
  ck_assert_int_eq(dip_world_load(ds, "lua/diplomacy/world.tsv"), DIP_OK);
  ck_assert_uint_gt(ds->nplaces, 20000);
  ck_assert_int_eq(dip_find_actor(ds, "XKX", 3, &h), DIP_OK);
  ck_assert_uint_ne(h, DIP_NONE);
  dip_close(ds);
}
END_TEST

static Suite *world_suite(void) {
  Suite *s = suite_create("world");
  TCase *tc = tcase_create("tsv");
  tcase_add_test(tc, test_reads_every_record);
  tcase_add_loop_test(tc, test_refuses_and_adds_nothing, 0, (int)(sizeof bad / sizeof *bad));
  tcase_add_test(tc, test_missing_file);
  tcase_add_test(tc, test_shipped_world_reads);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(world_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
