/* check_find.c: ranking names (dip_find), aliases, merging actors (also when memory runs out) */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "find.h"
#include "jsonio.h"
#include "model.h"
#include "query.h"
#include "counting_alloc.h"
#include "quoted_docs.h"

static const char *const DOC =
  "{'format':'diplomacy','version':1,"
  "'places':[{'id':'mos','name':'Moscow','kind':'city'}],"
  "'actors':[{'id':'RUS','name':'Russia','kind':'state'},"
  "{'id':'lavrov','name':'Sergey Viktorovich Lavrov','kind':'person'},"
  "{'id':'sarkisian','name':'Serge Sarkisian','kind':'person'},"
  "{'id':'sargsyan','name':'Serzh Sargsyan','kind':'person','aliases':['Sargsyan']},"
  "{'id':'x-last','name':'Zeta Last','kind':'person'}],"
  "'relations':[{'actor':'lavrov','type':'position','target':'RUS','title':'Foreign Minister','start':'2004-03-09'},"
  "{'actor':'sarkisian','type':'position','target':'RUS','title':'Visitor'}],"
  "'events':[{'id':'e1','type':'talks','start':'2010-04-12','place':'mos',"
  "'participants':[{'actor':'sarkisian'},{'actor':'lavrov'}]},"
  "{'id':'e2','type':'talks','start':'2016-03-31','participants':[{'actor':'sargsyan'},{'actor':'x-last'}]}]}";

static dip_dataset *open_doc(dip_alloc_fn alloc, void *ud) {
  char err[256], *text = dq(DOC);
  int code;
  dip_dataset *ds = dip_decode(text, strlen(text), "doc", alloc, ud, err, sizeof err, &code);
  free(text);
  ck_assert_msg(ds != NULL, "%s", err);
  return ds;
}

static uint32_t actor(dip_dataset *ds, const char *name) {
  uint32_t h = 12345;
  ck_assert_int_eq(dip_find_actor(ds, name, strlen(name), &h), DIP_OK);
  return h;
}

static const char *first(dip_dataset *ds, const char *text, const dip_span *at) {
  dip_match out[3];
  uint32_t n = 99;
  ck_assert_int_eq(dip_find(ds, text, strlen(text), DIP_FIND_ACTORS | DIP_FIND_PLACES, DIP_NONE, at, out, 3, &n), DIP_OK);
  ck_assert_uint_le(n, 3);
  if (!n) return "";
  return dip_str(ds, out[0].is_place ? ds->places[out[0].handle].id : ds->actors[out[0].handle].id);
}

START_TEST(test_find_ranks) {
  dip_dataset *ds = open_doc(NULL, NULL);
  ck_assert_str_eq(first(ds, "Lavrov", NULL), "lavrov");
  ck_assert_str_eq(first(ds, "Lavrof", NULL), "lavrov");
  ck_assert_str_eq(first(ds, "Sergei Lavrov", NULL), "lavrov");
  ck_assert_str_eq(first(ds, "s. lavrov", NULL), "lavrov");
  ck_assert_str_eq(first(ds, "Sarkisian", NULL), "sarkisian");
  ck_assert_str_eq(first(ds, "Serzh Sargsyan", NULL), "sargsyan");
  ck_assert_str_eq(first(ds, "Foreign Minister", NULL), "lavrov");
  ck_assert_str_eq(first(ds, "Moskva", NULL), "");
  ck_assert_str_eq(first(ds, "Moscow", NULL), "mos");
  ck_assert_str_eq(first(ds, "", NULL), "");
  ck_assert_str_eq(first(ds, "\xc3\x28 \xff\xfe", NULL), ""); /* bytes that are no UTF-8 are skipped */
  {
    dip_span before;
    ck_assert_int_eq(dip_parse_date(ds, "2000", 4, &before), DIP_OK);
    ck_assert_str_eq(first(ds, "Foreign Minister", &before), ""); /* not yet in the post */
  }
  {
    /* a long text: tokens are cut, never overrun */
    char longtext[2000];
    memset(longtext, 'a', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    for (size_t i = 50; i < sizeof longtext - 1; i += 50) longtext[i] = ' ';
    first(ds, longtext, NULL);
  }
  dip_close(ds);
}
END_TEST

START_TEST(test_alias) {
  dip_dataset *ds = open_doc(NULL, NULL);
  uint32_t h = actor(ds, "lavrov");
  ck_assert_int_eq(dip_actor_add_alias(ds, h, "Sergei Lavrov", 13), DIP_OK);
  ck_assert_uint_eq(actor(ds, "sergei lavrov"), h);
  ck_assert_int_eq(dip_actor_add_alias(ds, h, "Sergei Lavrov", 13), DIP_OK);
  ck_assert_uint_eq(ds->actors[h].naliases, 1);
  ck_assert_int_eq(dip_actor_add_alias(ds, h, "", 0), DIP_EINVAL);
  dip_close(ds);
}
END_TEST

/* The merged dataset as a reader sees it. */
static void check_merged(dip_dataset *ds) {
  uint32_t keep = actor(ds, "sargsyan");
  ck_assert_uint_eq(ds->nactors, 4);
  ck_assert_uint_eq(actor(ds, "sarkisian"), keep);
  ck_assert_uint_eq(actor(ds, "Serge Sarkisian"), keep);
  ck_assert_str_eq(dip_str(ds, ds->actors[actor(ds, "x-last")].id), "x-last"); /* renumbered */
  ck_assert_uint_eq(ds->parts[ds->events[0].parts].actor, keep);
  ck_assert_uint_eq(ds->relations[1].actor, keep);
  for (uint32_t i = 0; i < ds->nparts; i++) ck_assert_uint_lt(ds->parts[i].actor, ds->nactors);
}

START_TEST(test_merge) {
  dip_dataset *ds = open_doc(NULL, NULL), *back;
  const char *text;
  size_t len;
  char err[256];
  int code;
  ck_assert_int_eq(dip_merge_actors(ds, actor(ds, "sargsyan"), actor(ds, "sarkisian")), DIP_OK);
  check_merged(ds);
  ck_assert_int_eq(dip_merge_actors(ds, actor(ds, "RUS"), actor(ds, "Russia")), DIP_EINVAL);
  ck_assert_int_eq(dip_encode(ds, &text, &len), DIP_OK);
  ck_assert_ptr_nonnull(strstr(text, "\"merged_ids\""));
  back = dip_decode(text, len, "again", NULL, NULL, err, sizeof err, &code);
  ck_assert_msg(back != NULL, "%s", err);
  check_merged(back);
  dip_close(back);
  dip_close(ds);
}
END_TEST

/* Memory running out at each allocation in turn: the merge is done or the dataset is as it was. */
START_TEST(test_merge_allocation_failure) {
  int done = 0;
  for (long k = 0; !done && k < 10000; k++) {
    counting c = {0, -1, 0, 0};
    dip_dataset *ds = open_doc(counting_alloc, &c);
    uint32_t keep = actor(ds, "sargsyan"), other = actor(ds, "sarkisian");
    int rc;
    c.fail_after = c.attempts + k;
    rc = dip_merge_actors(ds, keep, other);
    c.fail_after = -1;
    if (rc == DIP_OK) {
      check_merged(ds);
      done = 1;
    } else {
      ck_assert_int_eq(rc, DIP_ENOMEM);
      ck_assert_uint_eq(ds->nactors, 5);
      ck_assert_uint_eq(actor(ds, "sarkisian"), other);
      ck_assert_uint_eq(actor(ds, "Serge Sarkisian"), other);
      ck_assert_uint_eq(actor(ds, "x-last"), 4);
    }
    dip_close(ds);
    ck_assert_int_eq(c.live, 0);
    ck_assert_int_eq(c.mismatches, 0);
  }
  ck_assert(done);
}
END_TEST

int main(void) {
  Suite *s = suite_create("find");
  TCase *tc = tcase_create("find");
  SRunner *sr;
  int failed;
  tcase_add_test(tc, test_find_ranks);
  tcase_add_test(tc, test_alias);
  tcase_add_test(tc, test_merge);
  tcase_add_test(tc, test_merge_allocation_failure);
  suite_add_tcase(s, tc);
  sr = srunner_create(s);
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
