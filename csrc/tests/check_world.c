/* check_world.c: the world base's TSV records: read whole, or refused with the line and nothing added */
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <stdio.h>
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

/* Fields that repeat the record before's (kinds, countries, relation types, dates) and then change. */
static const char repeats[] =
  "P\tAAA\tAland\tcountry\t\tAAA\t\t\t\n"
  "P\tBBB\tBland\tcountry\t\tBBB\t\t\t\n"
  "P\tgn1\tAtown\tcity\tAAA\tAAA\t1\t1\t\n"
  "P\tgn2\tBtown\tcity\tBBB\tBBB\t2\t2\t\n"
  "P\tgn3\tAville\ttown\tAAA\tAAA\t3\t3\t\n"
  "A\tAAA\tAland\tstate\tAAA\t\n"
  "A\tp1\tAnna\tperson\tAAA\t\n"
  "A\tp2\tBert\tperson\tBBB\t\n"
  "R\tp1\tposition\tAAA\tPresident\t2001-02-03\t2001-02-03\n"
  "R\tp2\tposition\tAAA\tPresident\t2001-02-03\t2005\n"
  "R\tp2\tposition\tAAA\tPrime Minister\t2005\t\n"
  "R\tp1\tmember_of\tAAA\t\t\t2001-02-03\n";

START_TEST(test_repeated_fields) {
  dip_dataset *ds = dip_new(NULL, NULL);
  const dip_relation *r;
  ck_assert_int_eq(dip_world_read(ds, repeats, strlen(repeats), "r.tsv"), DIP_OK);
  ck_assert_str_eq(dip_str(ds, ds->places[1].kind), "country");
  ck_assert_str_eq(dip_str(ds, ds->places[3].kind), "city");
  ck_assert_str_eq(dip_str(ds, ds->places[4].kind), "town");
  ck_assert_uint_eq(ds->places[2].within, 0);
  ck_assert_uint_eq(ds->places[3].within, 1);
  ck_assert_str_eq(dip_str(ds, ds->places[3].country), "BBB");
  ck_assert_str_eq(dip_str(ds, ds->actors[2].country), "BBB");
  r = ds->relations;
  ck_assert_str_eq(dip_str(ds, r[1].title), "President");
  ck_assert_str_eq(dip_str(ds, r[2].title), "Prime Minister");
  ck_assert_uint_eq(r[3].title, DIP_NONE);
  ck_assert_str_eq(dip_str(ds, r[3].type), "member_of");
  /* one date, written four times, is one date */
  ck_assert_uint_eq(r[0].start, r[0].end);
  ck_assert_uint_eq(r[1].start, r[0].start);
  ck_assert_uint_eq(r[3].end, r[0].start);
  ck_assert_uint_eq(r[2].start, r[1].end);
  ck_assert_str_eq(dip_str(ds, ds->dates[r[2].start].text), "2005");
  dip_close(ds);
}
END_TEST

static int find(dip_dataset *ds, const char *name, uint32_t *h) { return dip_find_actor(ds, name, strlen(name), h); }

/* Names compare without regard to ASCII case, eight bytes at a time: only A-Z fold, never '@' '[' or the
   bytes of UTF-8 sequences whose low seven bits spell a capital (0xC9 of "É" is 0x49 'I' without its high bit). */
START_TEST(test_names_fold_only_letters) {
  dip_dataset *ds = dip_new(NULL, NULL);
  static const char text[] = "A\tx1\tAZ@[`{\xc3\x89Mixed Case Name Zed\tstate\t\t\n";
  uint32_t h;
  ck_assert_int_eq(dip_world_read(ds, text, strlen(text), "f.tsv"), DIP_OK);
  ck_assert_int_eq(find(ds, "az@[`{\xc3\x89mixed case name zed", &h), DIP_OK);
  ck_assert_uint_eq(h, 0);
  ck_assert_int_eq(find(ds, "AZ@[`{\xc3\x89MIXED CASE NAME ZED", &h), DIP_OK);
  ck_assert_uint_eq(h, 0);
  /* '@' and '`', '[' and '{' differ by the case bit but are not letters; "É" is not "é" (c3 a9) */
  ck_assert_int_eq(find(ds, "az`[`{\xc3\x89mixed case name zed", &h), DIP_OK);
  ck_assert_uint_eq(h, DIP_NONE);
  ck_assert_int_eq(find(ds, "az@{`{\xc3\x89mixed case name zed", &h), DIP_OK);
  ck_assert_uint_eq(h, DIP_NONE);
  ck_assert_int_eq(find(ds, "az@[`{\xc3\xa9mixed case name zed", &h), DIP_OK);
  ck_assert_uint_eq(h, DIP_NONE);
  dip_close(ds);
}
END_TEST

/* The file read from disk as from memory; an empty file is an empty world; a folder is refused. */
START_TEST(test_file_reads_as_text) {
  dip_dataset *ds = dip_new(NULL, NULL);
  char path[] = "/tmp/check_world_XXXXXX";
  int fd = mkstemp(path);
  FILE *f;
  uint32_t h;
  ck_assert_int_ge(fd, 0);
  ck_assert_ptr_nonnull(f = fdopen(fd, "wb"));
  ck_assert_uint_eq(fwrite(good, 1, strlen(good), f), strlen(good));
  ck_assert_int_eq(fclose(f), 0);
  ck_assert_int_eq(dip_world_load(ds, path), DIP_OK);
  ck_assert_uint_eq(ds->nplaces, 2);
  ck_assert_uint_eq(ds->nrelations, 2);
  ck_assert_int_eq(dip_find_place(ds, "Zenda Road", 10, &h), DIP_OK);
  ck_assert_str_eq(dip_str(ds, ds->places[h].id), "gn1");
  dip_close(ds);
  ds = dip_new(NULL, NULL);
  ck_assert_ptr_nonnull(f = fopen(path, "wb"));
  ck_assert_int_eq(fclose(f), 0);
  ck_assert_int_eq(dip_world_load(ds, path), DIP_OK);
  ck_assert_uint_eq(ds->nplaces, 0);
  ck_assert_int_ne(dip_world_load(ds, "/tmp"), DIP_OK);
  ck_assert_uint_eq(ds->nplaces, 0);
  dip_close(ds);
  remove(path);
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
  tcase_add_test(tc, test_repeated_fields);
  tcase_add_test(tc, test_names_fold_only_letters);
  tcase_add_test(tc, test_file_reads_as_text);
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
