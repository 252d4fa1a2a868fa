/* check_query.c: the indexes (place tree, start order, sides, actor events) and the who-meets-whom queries */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dates.h"
#include "jsonio.h"
#include "model.h"
#include "query.h"
#include "quoted_docs.h"

/* Written with single quotes; turned into JSON by dq. Relations and events
   are in an order of their own, not by date, so that sorting shows. */
static const char world[] =
  "{'format':'diplomacy','version':1,"
  "'places':["
  " {'id':'palais','name':'Palais des Nations','kind':'venue','within':'geneva'},"
  " {'id':'geneva','name':'Geneva','kind':'city','within':'CH'},"
  " {'id':'CH','name':'Switzerland','kind':'country','within':'europe'},"
  " {'id':'europe','name':'Europe','kind':'continent'},"
  " {'id':'FR','name':'France','kind':'country','within':'europe'},"
  " {'id':'paris','name':'Paris','kind':'city','within':'FR'},"
  " {'id':'BE','name':'Belgium','kind':'country','within':'europe'},"
  " {'id':'brussels','name':'Brussels','kind':'city','within':'BE'},"
  " {'id':'moon','name':'The Moon'}],"
  "'actors':["
  " {'id':'RUS','name':'Russia','kind':'state'},"
  " {'id':'USA','name':'United States','kind':'state'},"
  " {'id':'POL','name':'Poland','kind':'state'},"
  " {'id':'NATO','name':'NATO','kind':'organization'},"
  " {'id':'EU','name':'European Union','kind':'organization'},"
  " {'id':'MFA','name':'Russian Foreign Ministry','kind':'agency'},"
  " {'id':'STATE','name':'State Department','kind':'agency'},"
  " {'id':'ryabkov','name':'Sergei Ryabkov','kind':'person'},"
  " {'id':'sherman','name':'Wendy Sherman','kind':'person'},"
  " {'id':'grushko','name':'Alexander Grushko','kind':'person'},"
  " {'id':'stoltenberg','name':'Jens Stoltenberg','kind':'person'},"
  " {'id':'lone','name':'A Lone Envoy','kind':'person'},"
  " {'id':'dual','name':'A Double Hat','kind':'person'},"
  " {'id':'delegate','name':'A Delegate','kind':'person'},"
  " {'id':'timed','name':'A Late Appointee','kind':'person'}],"
  "'relations':["
  " {'actor':'MFA','type':'part_of','target':'RUS'},"
  " {'actor':'STATE','type':'part_of','target':'USA'},"
  " {'actor':'ryabkov','type':'position','target':'MFA','start':'2008'},"
  " {'actor':'sherman','type':'position','target':'STATE'},"
  " {'actor':'grushko','type':'position','target':'MFA','end':'2021-12'},"
  " {'actor':'stoltenberg','type':'position','target':'NATO'},"
  " {'actor':'dual','type':'position','target':'EU'},"
  " {'actor':'dual','type':'position','target':'STATE'},"
  " {'actor':'delegate','type':'position','target':'MFA'},"
  " {'actor':'POL','type':'member_of','target':'NATO','start':'1999-03-12'},"
  " {'actor':'timed','type':'position','target':'STATE','start':'2022-01-10T15:00Z'}],"
  "'events':["
  " {'id':'feb','type':'statement','start':'2022-02','participants':[{'actor':'RUS','role':'speaker'}]},"
  " {'id':'geneva','type':'talks','start':'2022-01-10','place':'palais','participants':["
  "   {'actor':'ryabkov','role':'head'},{'actor':'delegate','role':'member'},{'actor':'sherman','role':'head'}]},"
  " {'id':'nrc','type':'meeting','start':'2022-01-12','place':'brussels','participants':["
  "   {'actor':'NATO','role':'party'},{'actor':'stoltenberg'},{'actor':'grushko'},{'actor':'RUS','role':'party'}]},"
  " {'id':'explicit','type':'meeting','start':'2022-01-11','place':'paris','participants':["
  "   {'actor':'lone','side':'USA'},{'actor':'ryabkov'}]},"
  " {'id':'selfmeet','type':'call','start':'2022-01-13','participants':[{'actor':'lone'},{'actor':'dual'}]},"
  " {'id':'z-brief','type':'briefing','start':'2022-01-10','participants':[{'actor':'MFA','role':'speaker'}]},"
  " {'id':'a-brief','type':'briefing','start':'2022-01-10','place':'geneva','participants':[{'actor':'STATE','role':'speaker'}]},"
  " {'id':'m-minute','type':'statement','start':'2022-01-10T00:00Z'},"
  " {'id':'jan-statement','type':'statement','start':'2022-01','participants':[{'actor':'EU'}]},"
  " {'id':'long-report','type':'report','start':'2021','participants':[{'actor':'USA'}]},"
  " {'id':'long-deploy','type':'deployment','start':'2021-06-01','end':'2022-03-01','participants':[{'actor':'RUS'}]},"
  " {'id':'cancelled','type':'meeting','start':'2022-01-15','status':'cancelled','participants':["
  "   {'actor':'ryabkov'},{'actor':'sherman'}]},"
  " {'id':'late-call','type':'call','start':'2022-01-10T23:30-05:00','participants':[{'actor':'RUS'},{'actor':'USA'}]},"
  " {'id':'dup-rus','type':'meeting','start':'2022-01-16','participants':["
  "   {'actor':'RUS'},{'actor':'ryabkov'},{'actor':'USA'}]},"
  " {'id':'timed-ev','type':'meeting','start':'2022-01-10','place':'palais','participants':["
  "   {'actor':'timed'},{'actor':'ryabkov'}]},"
  " {'id':'timed-early','type':'meeting','start':'2022-01-09','participants':[{'actor':'timed'},{'actor':'ryabkov'}]}]}";

/* The start order, worked out by hand: by start (UTC), then id. */
static const char *const by_start[] = {
  "long-report", "long-deploy", "jan-statement", "timed-early", "a-brief", "geneva", "m-minute", "timed-ev",
  "z-brief", "explicit", "late-call", "nrc", "selfmeet", "cancelled", "dup-rus", "feb",
};
#define NEVENTS (sizeof by_start / sizeof *by_start)

/* ---- helpers ---- */

static dip_dataset *load(const char *squoted, dip_alloc_fn alloc, void *ud) {
  char err[512];
  int code;
  char *text = dq(squoted);
  dip_dataset *ds = dip_decode(text, strlen(text), "world.json", alloc, ud, err, sizeof err, &code);
  free(text);
  ck_assert_msg(ds != NULL, "%s", err);
  return ds;
}

static cJSON *object(const char *squoted) {
  char *text = dq(squoted);
  cJSON *o = cJSON_Parse(text);
  free(text);
  ck_assert_msg(o != NULL, "test JSON does not parse: %s", squoted);
  return o;
}

static uint32_t actor(dip_dataset *ds, const char *id) {
  uint32_t h;
  ck_assert_int_eq(dip_find_actor(ds, id, strlen(id), &h), DIP_OK);
  ck_assert_msg(h != DIP_NONE, "no actor '%s'", id);
  return h;
}

static uint32_t place(dip_dataset *ds, const char *id) {
  uint32_t h;
  ck_assert_int_eq(dip_find_place(ds, id, strlen(id), &h), DIP_OK);
  ck_assert_msg(h != DIP_NONE, "no place '%s'", id);
  return h;
}

static uint32_t event(dip_dataset *ds, const char *id) {
  uint32_t h = dip_find_event(ds, id, strlen(id));
  ck_assert_msg(h != DIP_NONE, "no event '%s'", id);
  return h;
}

static dip_span date(dip_dataset *ds, const char *text) {
  dip_span span;
  ck_assert_msg(dip_parse_date(ds, text, strlen(text), &span) == DIP_OK, "%s: %s", text, ds->err);
  return span;
}

static void window(dip_dataset *ds, dip_query *q, const char *from, const char *to) {
  dip_query_init(q);
  if (from) {
    q->has_from = 1;
    q->from = date(ds, from);
  }
  if (to) {
    q->has_to = 1;
    q->to = date(ds, to);
  }
}

/* The ids of the events in ds->index->res, space-separated. */
static const char *result_ids(dip_dataset *ds) {
  static char buf[1024];
  size_t used = 0;
  buf[0] = '\0';
  for (uint32_t i = 0; i < ds->index->nres && used < sizeof buf; i++)
    used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? " " : "",
                             dip_str(ds, ds->events[ds->index->res[i]].id));
  return buf;
}

static void meetings_are(dip_dataset *ds, const char *a, const char *b, const dip_query *q, const char *expected) {
  int rc = dip_meetings(ds, actor(ds, a), actor(ds, b), q);
  ck_assert_msg(rc == DIP_OK, "meetings %s/%s: %s", a, b, ds->err);
  ck_assert_msg(strcmp(result_ids(ds), expected) == 0, "meetings of %s with %s: '%s', expected '%s'", a, b,
                result_ids(ds), expected);
}

/* Both orders give the same meetings. */
static void meet_both_ways(dip_dataset *ds, const char *a, const char *b, const dip_query *q, const char *expected) {
  meetings_are(ds, a, b, q, expected);
  meetings_are(ds, b, a, q, expected);
}

static void events_are(dip_dataset *ds, const dip_query *q, const char *expected) {
  int rc = dip_events(ds, q);
  ck_assert_msg(rc == DIP_OK, "events: %s", ds->err);
  ck_assert_msg(strcmp(result_ids(ds), expected) == 0, "events: '%s', expected '%s'", result_ids(ds), expected);
}

static uint32_t side_of(dip_dataset *ds, const char *ev, uint32_t k) {
  uint32_t e = event(ds, ev);
  ck_assert_uint_lt(k, ds->events[e].nparts);
  ck_assert_uint_eq(dip_part_side(ds, ds->events[e].parts + k), dip_side(ds, e, k));
  return dip_side(ds, e, k);
}

static const char *side_id(dip_dataset *ds, const char *ev, uint32_t k) {
  uint32_t s = side_of(ds, ev, k);
  ck_assert_uint_ne(s, DIP_NONE);
  return dip_str(ds, ds->actors[s].id);
}

#include "counting_alloc.h"


/* ---- the place tree ---- */

START_TEST(test_place_tree) {
  dip_dataset *ds = load(world, NULL, NULL);
  uint32_t palais, geneva, ch, europe, fr, paris, brussels, moon;
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  palais = place(ds, "palais");
  geneva = place(ds, "geneva");
  ch = place(ds, "CH");
  europe = place(ds, "europe");
  fr = place(ds, "FR");
  paris = place(ds, "paris");
  brussels = place(ds, "brussels");
  moon = place(ds, "moon");
  /* down the chain palais < geneva < CH < europe */
  ck_assert(dip_place_within(ds, palais, geneva));
  ck_assert(dip_place_within(ds, palais, ch));
  ck_assert(dip_place_within(ds, palais, europe));
  ck_assert(dip_place_within(ds, geneva, europe));
  ck_assert(dip_place_within(ds, ch, europe));
  ck_assert(dip_place_within(ds, paris, europe));
  ck_assert(dip_place_within(ds, brussels, europe));
  /* a place is within itself */
  ck_assert(dip_place_within(ds, geneva, geneva));
  ck_assert(dip_place_within(ds, moon, moon));
  /* never upwards */
  ck_assert(!dip_place_within(ds, europe, geneva));
  ck_assert(!dip_place_within(ds, europe, palais));
  ck_assert(!dip_place_within(ds, ch, geneva));
  /* siblings and cousins */
  ck_assert(!dip_place_within(ds, ch, fr));
  ck_assert(!dip_place_within(ds, fr, ch));
  ck_assert(!dip_place_within(ds, paris, ch));
  ck_assert(!dip_place_within(ds, geneva, fr));
  ck_assert(!dip_place_within(ds, palais, paris));
  ck_assert(!dip_place_within(ds, paris, geneva));
  /* separate trees */
  ck_assert(!dip_place_within(ds, moon, europe));
  ck_assert(!dip_place_within(ds, europe, moon));
  dip_close(ds);
}
END_TEST

/* The place filter of a query takes in everything within the place. */
START_TEST(test_place_filter) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_query q;
  dip_query_init(&q);
  q.place = place(ds, "CH");
  events_are(ds, &q, "a-brief geneva timed-ev");
  q.place = place(ds, "palais");
  events_are(ds, &q, "geneva timed-ev");
  q.place = place(ds, "europe");
  events_are(ds, &q, "a-brief geneva timed-ev explicit nrc");
  q.place = place(ds, "moon");
  events_are(ds, &q, "");
  q.place = place(ds, "europe");
  meetings_are(ds, "RUS", "USA", &q, "geneva timed-ev explicit");
  dip_close(ds);
}
END_TEST

/* ---- start order ---- */

START_TEST(test_rank_order) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_index *x;
  ck_assert_uint_eq(ds->nevents, NEVENTS);
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  x = ds->index;
  for (uint32_t r = 0; r < NEVENTS; r++) {
    const dip_event *e = &ds->events[x->order[r]];
    ck_assert_msg(strcmp(dip_str(ds, e->id), by_start[r]) == 0, "rank %u: '%s', expected '%s'", r,
                  dip_str(ds, e->id), by_start[r]);
    if (r) {
      const dip_event *prev = &ds->events[x->order[r - 1]];
      int64_t lo = ds->dates[e->start].span.lo, before = ds->dates[prev->start].span.lo;
      ck_assert(before < lo || (before == lo && strcmp(dip_str(ds, prev->id), dip_str(ds, e->id)) < 0));
    }
  }
  /* every event is listed once */
  {
    dip_query q;
    dip_query_init(&q);
    ck_assert_int_eq(dip_events(ds, &q), DIP_OK);
    ck_assert_uint_eq(x->nres, NEVENTS);
    for (uint32_t r = 0; r < NEVENTS; r++) ck_assert_uint_eq(x->res[r], x->order[r]);
  }
  dip_close(ds);
}
END_TEST

/* ---- sides (rule 3) and actor events ---- */

START_TEST(test_sides) {
  dip_dataset *ds = load(world, NULL, NULL);
  /* through positions and part_of to the first state */
  ck_assert_str_eq(side_id(ds, "geneva", 0), "RUS");
  ck_assert_str_eq(side_id(ds, "geneva", 1), "RUS");
  ck_assert_str_eq(side_id(ds, "geneva", 2), "USA");
  /* an organization stands for itself; its people fall back to it */
  ck_assert_str_eq(side_id(ds, "nrc", 0), "NATO");
  ck_assert_str_eq(side_id(ds, "nrc", 1), "NATO");
  /* a position that ended before the event does not count: the actor itself */
  ck_assert_str_eq(side_id(ds, "nrc", 2), "grushko");
  ck_assert_str_eq(side_id(ds, "nrc", 3), "RUS");
  /* an explicit side wins */
  ck_assert_str_eq(side_id(ds, "explicit", 0), "USA");
  ck_assert_str_eq(side_id(ds, "explicit", 1), "RUS");
  /* no ties at all: itself; a state beats an organization met earlier in the walk */
  ck_assert_str_eq(side_id(ds, "selfmeet", 0), "lone");
  ck_assert_str_eq(side_id(ds, "selfmeet", 1), "USA");
  /* an agency speaking: its state */
  ck_assert_str_eq(side_id(ds, "z-brief", 0), "RUS");
  ck_assert_str_eq(side_id(ds, "a-brief", 0), "USA");
  ck_assert_str_eq(side_id(ds, "jan-statement", 0), "EU");
  /* a position starting at 15:00 on the event's day overlaps the day; not the day before */
  ck_assert_str_eq(side_id(ds, "timed-ev", 0), "USA");
  ck_assert_str_eq(side_id(ds, "timed-early", 0), "timed");
  dip_close(ds);
}
END_TEST

START_TEST(test_affiliations) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_span day = date(ds, "2022-01-10"), old = date(ds, "2021-01");
  const char *expected;
  char got[256];
  size_t used;
  ck_assert_int_eq(dip_affiliations(ds, actor(ds, "dual"), &day), DIP_OK);
  used = 0;
  got[0] = '\0';
  for (uint32_t i = 0; i < ds->index->nres; i++)
    used += (size_t)snprintf(got + used, sizeof got - used, "%s%s", i ? " " : "", dip_str(ds, ds->actors[ds->index->res[i]].id));
  expected = "dual EU STATE USA"; /* breadth first, relations in file order */
  ck_assert_str_eq(got, expected);
  ck_assert_int_eq(dip_affiliations(ds, actor(ds, "grushko"), &day), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 1);
  ck_assert_int_eq(dip_affiliations(ds, actor(ds, "grushko"), &old), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 3);
  ck_assert_int_eq(dip_affiliations(ds, actor(ds, "grushko"), NULL), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 3);
  ck_assert_int_eq(dip_memberships(ds, actor(ds, "POL"), &day), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 1);
  ck_assert_uint_eq(ds->index->res[0], actor(ds, "NATO"));
  ck_assert_int_eq(dip_memberships(ds, actor(ds, "POL"), &old), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 1);
  {
    dip_span before = date(ds, "1998");
    ck_assert_int_eq(dip_memberships(ds, actor(ds, "POL"), &before), DIP_OK);
    ck_assert_uint_eq(ds->index->nres, 0);
  }
  ck_assert_int_eq(dip_members(ds, actor(ds, "NATO"), NULL), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 1);
  ck_assert_uint_eq(ds->index->res[0], actor(ds, "POL"));
  dip_close(ds);
}
END_TEST

static void ranks_are(dip_dataset *ds, const char *who, const uint32_t *ranks, uint32_t n) {
  const dip_csr *ae = &ds->index->actor_events;
  uint32_t a = actor(ds, who), got = ae->off[a + 1] - ae->off[a];
  char list[256] = "";
  size_t used = 0;
  for (uint32_t i = 0; i < got && used < sizeof list; i++)
    used += (size_t)snprintf(list + used, sizeof list - used, " %u", ae->val[ae->off[a] + i]);
  ck_assert_msg(got == n, "%s: %u events (%s), expected %u", who, got, list, n);
  for (uint32_t i = 0; i < n; i++)
    ck_assert_msg(ae->val[ae->off[a] + i] == ranks[i], "%s: ranks%s", who, list);
}

START_TEST(test_actor_events_sorted_and_unique) {
  dip_dataset *ds = load(world, NULL, NULL);
  const dip_csr *ae;
  /* by hand, from by_start: RUS stands for participants in these ranks (in dup-rus twice) */
  static const uint32_t rus[] = {1, 3, 5, 7, 8, 9, 10, 11, 13, 14, 15};
  static const uint32_t usa[] = {0, 4, 5, 7, 9, 10, 12, 13, 14};
  static const uint32_t ryabkov[] = {3, 5, 7, 9, 13, 14};
  static const uint32_t grushko[] = {11};
  static const uint32_t pol[] = {0}; /* not a participant anywhere: membership is not standing */
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  ae = &ds->index->actor_events;
  ck_assert_uint_eq(ae->n, ds->nactors);
  for (uint32_t a = 0; a < ds->nactors; a++) {
    for (uint32_t k = ae->off[a]; k + 1 < ae->off[a + 1]; k++)
      ck_assert_msg(ae->val[k] < ae->val[k + 1], "actor '%s': ranks not strictly increasing",
                    dip_str(ds, ds->actors[a].id));
    for (uint32_t k = ae->off[a]; k < ae->off[a + 1]; k++) ck_assert_uint_lt(ae->val[k], ds->nevents);
  }
  ranks_are(ds, "RUS", rus, sizeof rus / sizeof *rus);
  ranks_are(ds, "USA", usa, sizeof usa / sizeof *usa);
  ranks_are(ds, "ryabkov", ryabkov, sizeof ryabkov / sizeof *ryabkov);
  ranks_are(ds, "grushko", grushko, 1);
  ranks_are(ds, "POL", pol, 0);
  dip_close(ds);
}
END_TEST

/* ---- meetings ---- */

START_TEST(test_meetings) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_query q;
  dip_query_init(&q);
  /* cancelled is out; briefings, statements and reports are not meetings */
  meet_both_ways(ds, "RUS", "USA", &q, "geneva timed-ev explicit late-call dup-rus");
  meet_both_ways(ds, "ryabkov", "sherman", &q, "geneva");
  meet_both_ways(ds, "MFA", "STATE", &q, "geneva timed-ev");
  meet_both_ways(ds, "sherman", "delegate", &q, "geneva");
  /* one delegation does not meet itself */
  meet_both_ways(ds, "ryabkov", "delegate", &q, "");
  meet_both_ways(ds, "RUS", "delegate", &q, "");
  meet_both_ways(ds, "RUS", "RUS", &q, "");
  /* an explicit side, and an actor that is its own side */
  meet_both_ways(ds, "lone", "ryabkov", &q, "explicit");
  meet_both_ways(ds, "lone", "dual", &q, "selfmeet");
  meet_both_ways(ds, "USA", "lone", &q, "selfmeet");
  meet_both_ways(ds, "grushko", "NATO", &q, "nrc");
  meet_both_ways(ds, "grushko", "RUS", &q, "nrc");
  meet_both_ways(ds, "timed", "ryabkov", &q, "timed-early timed-ev");
  /* membership only with the option */
  meet_both_ways(ds, "POL", "RUS", &q, "");
  q.members = 1;
  meet_both_ways(ds, "POL", "RUS", &q, "nrc");
  meet_both_ways(ds, "POL", "grushko", &q, "nrc");
  meet_both_ways(ds, "POL", "NATO", &q, "");
  q.members = 0;
  /* statuses narrowed to cancelled find the cancelled meeting */
  q.statuses = 1u << DIP_CANCELLED;
  meet_both_ways(ds, "ryabkov", "sherman", &q, "cancelled");
  dip_close(ds);
}
END_TEST

START_TEST(test_partners_and_venues) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_query q;
  static const char *const partners[] = {"MFA", "RUS", "delegate", "ryabkov"};
  dip_query_init(&q);
  ck_assert_int_eq(dip_partners(ds, actor(ds, "sherman"), &q), DIP_OK);
  ck_assert_uint_eq(ds->index->npartners, 4);
  for (uint32_t i = 0; i < 4; i++) {
    const dip_partner *p = &ds->index->partners[i];
    ck_assert_str_eq(dip_str(ds, ds->actors[p->actor].id), partners[i]);
    ck_assert_uint_eq(p->count, 1);
    ck_assert_uint_eq(p->first, event(ds, "geneva"));
    ck_assert_uint_eq(p->last, event(ds, "geneva"));
  }
  ck_assert_int_eq(dip_venues(ds, actor(ds, "RUS"), actor(ds, "USA"), &q), DIP_OK);
  ck_assert_uint_eq(ds->index->nvenues, 2);
  ck_assert_uint_eq(ds->index->venues[0].place, place(ds, "palais"));
  ck_assert_uint_eq(ds->index->venues[0].count, 2);
  ck_assert_uint_eq(ds->index->venues[1].place, place(ds, "paris"));
  ck_assert_uint_eq(ds->index->venues[1].count, 1);
  dip_close(ds);
}
END_TEST

/* ---- windows (rule 6) ---- */

START_TEST(test_windows) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_query q;
  /* one day: the month and the long deployment overlap it; 23:30 at -05:00 on the 10th is the 11th in UTC */
  window(ds, &q, "2022-01-11", "2022-01-11");
  events_are(ds, &q, "long-deploy jan-statement explicit late-call");
  meet_both_ways(ds, "RUS", "USA", &q, "explicit late-call");
  window(ds, &q, NULL, "2022-01-10");
  events_are(ds, &q, "long-report long-deploy jan-statement timed-early a-brief geneva m-minute timed-ev z-brief");
  window(ds, &q, NULL, "2022-01-11T04:29Z");
  events_are(ds, &q, "long-report long-deploy jan-statement timed-early a-brief geneva m-minute timed-ev z-brief explicit");
  window(ds, &q, NULL, "2022-01-11T04:30Z");
  events_are(ds, &q, "long-report long-deploy jan-statement timed-early a-brief geneva m-minute timed-ev z-brief explicit late-call");
  window(ds, &q, "2022-01-11T05:30+01:00", "2022-01-11T05:30+01:00");
  events_are(ds, &q, "long-deploy jan-statement explicit late-call");
  /* the edges of partial dates */
  window(ds, &q, "2022-02-28T23:59:59Z", NULL);
  events_are(ds, &q, "long-deploy feb");
  window(ds, &q, "2022-03-01T23:59Z", NULL);
  events_are(ds, &q, "long-deploy");
  window(ds, &q, "2022-03-02", NULL);
  events_are(ds, &q, "");
  window(ds, &q, "2022-02", "2022-02");
  events_are(ds, &q, "long-deploy feb");
  window(ds, &q, "2021-12", "2021-12");
  events_are(ds, &q, "long-report long-deploy");
  window(ds, &q, NULL, "2021-06-01T00:00Z");
  events_are(ds, &q, "long-report long-deploy");
  window(ds, &q, NULL, "2021-05-31");
  events_are(ds, &q, "long-report");
  window(ds, &q, "2022-01-16", "2022-01-16");
  events_are(ds, &q, "long-deploy jan-statement dup-rus");
  window(ds, &q, "2022-01-09T23:59:59Z", "2022-01-10T00:00Z");
  events_are(ds, &q, "long-deploy jan-statement timed-early a-brief geneva m-minute timed-ev z-brief");
  window(ds, &q, "2022", NULL);
  events_are(ds, &q, "long-deploy jan-statement timed-early a-brief geneva m-minute timed-ev z-brief "
                     "explicit late-call nrc selfmeet cancelled dup-rus feb");
  window(ds, &q, "2023", NULL);
  events_are(ds, &q, "");

  /* one actor's events through a window, long events before it included */
  window(ds, &q, "2022-02-01", NULL);
  q.actor = actor(ds, "RUS");
  events_are(ds, &q, "long-deploy feb");
  window(ds, &q, "2022-01-12", NULL);
  q.actor = actor(ds, "ryabkov");
  events_are(ds, &q, "cancelled dup-rus");
  window(ds, &q, "2022-01-10", "2022-01-10");
  q.actor = actor(ds, "ryabkov");
  events_are(ds, &q, "geneva timed-ev");
  q.with = actor(ds, "sherman");
  events_are(ds, &q, "geneva");
  dip_close(ds);
}
END_TEST

/* The members option widens whom an actor stands for; with no actor there
   is nobody to widen, and every event is listed as without the option. */
START_TEST(test_events_with_members_and_no_actor) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_query q;
  dip_query_init(&q);
  q.members = 1;
  ck_assert_int_eq(dip_events(ds, &q), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, NEVENTS);
  window(ds, &q, "2022-01-11", "2022-01-11");
  q.members = 1;
  events_are(ds, &q, "long-deploy jan-statement explicit late-call");
  dip_close(ds);
}
END_TEST

START_TEST(test_type_status_and_kind_filters) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_query q;
  uint32_t types[2];
  dip_query_init(&q);
  types[0] = dip_strtab_find(&ds->strs, "briefing", 8);
  types[1] = dip_strtab_find(&ds->strs, "call", 4);
  ck_assert_uint_ne(types[0], DIP_NONE);
  ck_assert_uint_ne(types[1], DIP_NONE);
  q.types = types;
  q.ntypes = 1;
  events_are(ds, &q, "a-brief z-brief");
  q.ntypes = 2;
  events_are(ds, &q, "a-brief z-brief late-call selfmeet");
  meet_both_ways(ds, "RUS", "USA", &q, "late-call");
  q.ntypes = 0;
  q.statuses = 1u << DIP_CANCELLED;
  events_are(ds, &q, "cancelled");
  /* held is the default of an event without a status */
  q.statuses = 1u << DIP_HELD;
  meet_both_ways(ds, "ryabkov", "sherman", &q, "geneva");
  q.statuses = 0;
  /* partners of one kind */
  q.kind = dip_strtab_find(&ds->strs, "state", 5);
  ck_assert_int_eq(dip_partners(ds, actor(ds, "sherman"), &q), DIP_OK);
  ck_assert_uint_eq(ds->index->npartners, 1);
  ck_assert_uint_eq(ds->index->partners[0].actor, actor(ds, "RUS"));
  dip_close(ds);
}
END_TEST

START_TEST(test_lists_sorted_by_id) {
  dip_dataset *ds = load(world, NULL, NULL);
  uint32_t state = dip_strtab_find(&ds->strs, "state", 5);
  ck_assert_int_eq(dip_list_actors(ds, DIP_NONE), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, ds->nactors);
  for (uint32_t i = 1; i < ds->index->nres; i++)
    ck_assert_int_lt(strcmp(dip_str(ds, ds->actors[ds->index->res[i - 1]].id), dip_str(ds, ds->actors[ds->index->res[i]].id)), 0);
  ck_assert_int_eq(dip_list_actors(ds, state), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 3);
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->index->res[0]].id), "POL");
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->index->res[1]].id), "RUS");
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->index->res[2]].id), "USA");
  ck_assert_int_eq(dip_list_places(ds, dip_strtab_find(&ds->strs, "city", 4)), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 3);
  ck_assert_str_eq(dip_str(ds, ds->places[ds->index->res[0]].id), "brussels");
  ck_assert_str_eq(dip_str(ds, ds->places[ds->index->res[1]].id), "geneva");
  ck_assert_str_eq(dip_str(ds, ds->places[ds->index->res[2]].id), "paris");
  dip_close(ds);
}
END_TEST

/* Membership counts only while it lasts, and reaches long events before a window. */
START_TEST(test_members_over_time) {
  dip_dataset *ds = load(world, NULL, NULL);
  static const char *const additions[] = {
    "{'id':'SWE','name':'Sweden','kind':'state'}",
    "{'id':'FIN','name':'Finland','kind':'state'}",
  };
  static const char *const relations[] = {
    "{'actor':'SWE','type':'member_of','target':'NATO','start':'2024-03-07'}",
    "{'actor':'FIN','type':'member_of','target':'NATO','start':'2021-01','end':'2022-01-11T23:59:59Z'}",
  };
  dip_query q;
  uint32_t h;
  for (int i = 0; i < 2; i++) {
    cJSON *o = object(additions[i]);
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
    o = object(relations[i]);
    ck_assert_int_eq(dip_add_relation(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
  }
  {
    cJSON *o = object("{'id':'exercise','type':'exercise','start':'2021-10-01','end':'2022-02-28',"
                      "'participants':[{'actor':'NATO'}]}");
    ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
    o = object("{'id':'nrc-2','type':'meeting','start':'2022-01-12T09:00Z','participants':[{'actor':'NATO'},{'actor':'RUS'}]}");
    ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
  }
  dip_query_init(&q);
  q.members = 1;
  meet_both_ways(ds, "POL", "RUS", &q, "nrc nrc-2");
  meet_both_ways(ds, "SWE", "RUS", &q, "");
  /* Finland's membership ends the day before the NRC */
  meet_both_ways(ds, "FIN", "RUS", &q, "");
  ck_assert_int_eq(dip_memberships(ds, actor(ds, "FIN"), NULL), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 1);
  ck_assert_int_eq(dip_members(ds, actor(ds, "NATO"), NULL), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 3);
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->index->res[0]].id), "FIN");
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->index->res[1]].id), "POL");
  ck_assert_str_eq(dip_str(ds, ds->actors[ds->index->res[2]].id), "SWE");
  {
    dip_span day = date(ds, "2022-01-12");
    ck_assert_int_eq(dip_members(ds, actor(ds, "NATO"), &day), DIP_OK);
    ck_assert_uint_eq(ds->index->nres, 1);
  }
  /* one member's events through a window: the long exercise started months before */
  window(ds, &q, "2022-02-01", NULL);
  q.members = 1;
  q.actor = actor(ds, "POL");
  events_are(ds, &q, "exercise");
  q.members = 0;
  events_are(ds, &q, "");
  window(ds, &q, "2022-01-12", "2022-01-12");
  q.members = 1;
  q.actor = actor(ds, "POL");
  events_are(ds, &q, "exercise nrc nrc-2");
  /* standing is judged at an event's start: Finland was a member when the exercise began */
  q.actor = actor(ds, "FIN");
  events_are(ds, &q, "exercise");
  window(ds, &q, "2021-11", "2021-11");
  q.members = 1;
  q.actor = actor(ds, "FIN");
  events_are(ds, &q, "exercise");
  dip_close(ds);
}
END_TEST

/* ---- the index follows changes ---- */

START_TEST(test_index_refresh) {
  dip_dataset *ds = load(world, NULL, NULL);
  dip_query q;
  uint32_t h, gen;
  cJSON *o;
  dip_query_init(&q);
  meet_both_ways(ds, "USA", "grushko", &q, "");
  meet_both_ways(ds, "lone", "dual", &q, "selfmeet");
  gen = ds->index->generation;

  o = object("{'id':'new-talks','type':'talks','start':'2022-03-05','place':'paris',"
             "'participants':[{'actor':'sherman'},{'actor':'grushko'}]}");
  ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  meet_both_ways(ds, "USA", "grushko", &q, "new-talks");
  ck_assert_uint_ne(ds->index->generation, gen);
  ck_assert_uint_eq(ds->index->order[ds->nevents - 1], h);
  q.place = place(ds, "FR");
  events_are(ds, &q, "explicit new-talks");
  q.place = DIP_NONE;

  /* an event earlier than all the others goes first */
  o = object("{'id':'ancient','type':'summit','start':'1990-11-19','participants':[{'actor':'USA'},{'actor':'RUS'}]}");
  ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  meet_both_ways(ds, "RUS", "USA", &q, "ancient geneva timed-ev explicit late-call dup-rus");
  /* merged into the main part, it takes the first rank */
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  ck_assert_uint_eq(ds->index->ndelta, 0);
  ck_assert_uint_eq(ds->index->order[0], h);

  /* a relation changes sides: lone joins the State Department, the side of dual */
  o = object("{'actor':'lone','type':'position','target':'STATE'}");
  ck_assert_int_eq(dip_add_relation(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  meet_both_ways(ds, "lone", "dual", &q, "");
  ck_assert_str_eq(side_id(ds, "selfmeet", 0), "USA");
  meet_both_ways(ds, "STATE", "ryabkov", &q, "geneva timed-ev explicit");

  /* a membership, with the option */
  o = object("{'actor':'USA','type':'member_of','target':'NATO','start':'1949'}");
  ck_assert_int_eq(dip_add_relation(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  q.members = 1;
  meet_both_ways(ds, "USA", "grushko", &q, "nrc new-talks");
  q.members = 0;

  /* a place added under another is within it once the index is current */
  o = object("{'id':'lake','name':'Lake Geneva','within':'geneva'}");
  ck_assert_int_eq(dip_add_place(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  ck_assert(dip_place_within(ds, h, place(ds, "CH")));
  ck_assert(!dip_place_within(ds, h, place(ds, "FR")));
  /* and an actor added later has no events until it takes part in one */
  o = object("{'id':'newcomer','name':'Newcomer','kind':'state'}");
  ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  meet_both_ways(ds, "newcomer", "RUS", &q, "");
  o = object("{'id':'first-visit','type':'visit','start':'2022-04','participants':[{'actor':'newcomer'},{'actor':'MFA'}]}");
  ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_OK);
  cJSON_Delete(o);
  meet_both_ways(ds, "newcomer", "RUS", &q, "first-visit");
  dip_close(ds);
}
END_TEST

/* ---- memory ---- */

START_TEST(test_query_allocation_failure) {
  counting c = {0, -1, 0, 0};
  dip_dataset *ds = load(world, counting_alloc, &c);
  dip_query q;
  long n;
  dip_query_init(&q);
  q.members = 1;
  /* building the index */
  for (n = 0; n < 100000; n++) {
    int rc;
    c.fail_after = c.attempts + n;
    rc = dip_meetings(ds, actor(ds, "POL"), actor(ds, "RUS"), &q);
    c.fail_after = -1;
    if (rc == DIP_OK) break;
    ck_assert_msg(rc == DIP_ENOMEM, "failing after %ld: %d %s", n, rc, ds->err);
    ck_assert_str_eq(ds->err, "out of memory");
  }
  ck_assert_msg(n > 10, "the index needed only %ld allocations", n);
  ck_assert_str_eq(result_ids(ds), "nrc");
  /* the queries' own memory, the index being current */
  for (n = 0; n < 1000; n++) {
    int rc;
    c.fail_after = c.attempts + n;
    rc = dip_venues(ds, actor(ds, "RUS"), DIP_NONE, &q);
    c.fail_after = -1;
    if (rc == DIP_OK) break;
    ck_assert_msg(rc == DIP_ENOMEM, "venues failing after %ld: %d %s", n, rc, ds->err);
  }
  ck_assert_uint_eq(ds->index->nvenues, 3);
  q.members = 0;
  for (n = 0; n < 1000; n++) {
    int rc;
    c.fail_after = c.attempts + n;
    rc = dip_events(ds, &q);
    c.fail_after = -1;
    if (rc == DIP_OK) break;
    ck_assert_msg(rc == DIP_ENOMEM, "events failing after %ld: %d %s", n, rc, ds->err);
  }
  ck_assert_uint_eq(ds->index->nres, NEVENTS);
  dip_close(ds);
  ck_assert_msg(c.live == 0, "%lld bytes left after close", c.live);
}
END_TEST

/* A partners query that runs out of memory leaves nothing behind that
   changes the next answer. */
START_TEST(test_partners_allocation_failure) {
  counting c = {0, -1, 0, 0};
  dip_dataset *ds = load(world, counting_alloc, &c);
  static const char *const partners[] = {"MFA", "RUS", "delegate", "ryabkov"};
  dip_query q;
  long n, failures = 0;
  dip_query_init(&q);
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  for (n = 0; n < 1000; n++) {
    int rc;
    c.fail_after = c.attempts + n;
    rc = dip_partners(ds, actor(ds, "sherman"), &q);
    c.fail_after = -1;
    if (rc == DIP_OK) break;
    ck_assert_msg(rc == DIP_ENOMEM, "partners failing after %ld: %d %s", n, rc, ds->err);
    failures++;
  }
  ck_assert_int_gt(failures, 0);
  for (int round = 0; round < 2; round++) {
    if (round) ck_assert_int_eq(dip_partners(ds, actor(ds, "sherman"), &q), DIP_OK);
    ck_assert_msg(ds->index->npartners == 4, "round %d: %u partners, expected 4", round, ds->index->npartners);
    for (uint32_t i = 0; i < 4; i++) {
      ck_assert_str_eq(dip_str(ds, ds->actors[ds->index->partners[i].actor].id), partners[i]);
      ck_assert_uint_eq(ds->index->partners[i].count, 1);
    }
  }
  dip_close(ds);
}
END_TEST

/* The events of RUS with USA (with membership), then every event, as one string. */
static void answers_of(dip_dataset *ds, char *buf, size_t size) {
  dip_query q;
  dip_query_init(&q);
  q.members = 1;
  ck_assert_int_eq(dip_meetings(ds, actor(ds, "RUS"), actor(ds, "USA"), &q), DIP_OK);
  snprintf(buf, size, "%s |", result_ids(ds));
  q.members = 0;
  ck_assert_int_eq(dip_events(ds, &q), DIP_OK);
  snprintf(buf + strlen(buf), size - strlen(buf), " %s", result_ids(ds));
}

/* Keeping the index current runs out of memory at each allocation in turn:
   each time the query says so, and once memory is there again the answers
   are a full build's, with every block freed with its own size. */
START_TEST(test_refresh_allocation_failure) {
  static const char *const additions[] = {
    "event:{'id':'e1','type':'talks','start':'2022-03-01','participants':[{'actor':'RUS'},{'actor':'USA'}]}",
    "relation:{'actor':'lone','type':'position','target':'STATE'}",
    "place:{'id':'lake','name':'Lake Geneva','within':'geneva'}",
    "actor:{'id':'newcomer','name':'Newcomer','kind':'state'}",
    "event:{'id':'e0','type':'summit','start':'1990-11-19','place':'lake','participants':[{'actor':'newcomer'},{'actor':'RUS'}]}",
    "relation:{'actor':'RUS','type':'member_of','target':'EU'}",
    "merge:{'id':'e2','type':'call','start':'2022-01-11','participants':[{'actor':'sherman'},{'actor':'grushko'}]}",
  };
  counting c = {0, -1, 0, 0};
  dip_dataset *ds = load(world, counting_alloc, &c);
  char kept[2048], full[2048];
  answers_of(ds, kept, sizeof kept);
  for (size_t i = 0; i < sizeof additions / sizeof *additions; i++) {
    const char *colon = strchr(additions[i], ':');
    uint32_t h;
    long n, failures = 0;
    int rc = DIP_OK;
    int merge = !strncmp(additions[i], "merge", 5);
    {
      cJSON *o = object(colon + 1);
      if (!strncmp(additions[i], "event", 5) || merge) rc = dip_add_event(ds, o, &h);
      else if (!strncmp(additions[i], "relation", 8)) rc = dip_add_relation(ds, o, &h);
      else if (!strncmp(additions[i], "place", 5)) rc = dip_add_place(ds, o, &h);
      else rc = dip_add_actor(ds, o, &h);
      cJSON_Delete(o);
      ck_assert_msg(rc == DIP_OK, "%s: %s", additions[i], ds->err);
    }
    if (merge) { /* the event taken into the delta, then merged */
      ck_assert_int_eq(dip_index_ready(ds), DIP_OK);
      ck_assert_uint_eq(ds->index->ndelta, 1);
    }
    for (n = 0; n < 100000; n++) {
      c.fail_after = c.attempts + n;
      rc = merge ? dip_index_update(ds) : dip_index_ready(ds);
      c.fail_after = -1;
      if (rc == DIP_OK) break;
      ck_assert_msg(rc == DIP_ENOMEM, "%s, failing after %ld: %d %s", additions[i], n, rc, ds->err);
      failures++;
    }
    ck_assert_msg(failures > 0, "%s: no allocation to fail", additions[i]);
    answers_of(ds, kept, sizeof kept);
    dip_index_free(ds);
    answers_of(ds, full, sizeof full);
    ck_assert_str_eq(kept, full);
    /* and kept current from here (the next round starts from a built index) */
  }
  ck_assert_msg(strstr(kept, "e0") && strstr(kept, "e1"), "%s", kept);
  dip_close(ds);
  ck_assert_msg(c.live == 0, "%lld bytes left after close", c.live);
  ck_assert_msg(c.mismatches == 0, "%ld blocks freed with a size other than their own", c.mismatches);
}
END_TEST

/* Additions taken in without a rebuild, then merged: every block freed with
   its own size, the answers a full build's. */
START_TEST(test_delta_sizes_and_answers) {
  counting c = {0, -1, 0, 0};
  dip_dataset *ds = load(world, counting_alloc, &c);
  char kept[2048], full[2048];
  uint32_t most = 0;
  answers_of(ds, kept, sizeof kept);
  for (int i = 0; i < 300; i++) {
    char doc[256];
    cJSON *o;
    uint32_t h;
    snprintf(doc, sizeof doc,
             "{'id':'x%03d','type':'%s','start':'20%02d-0%d-1%d','participants':[{'actor':'%s'},{'actor':'%s'}]}", i,
             i % 3 ? "meeting" : "statement", 10 + i % 13, 1 + i % 9, i % 10, i % 2 ? "ryabkov" : "RUS",
             i % 5 ? "USA" : "sherman");
    o = object(doc);
    ck_assert_int_eq(dip_add_event(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
    if (i % 7 == 0) {
      answers_of(ds, kept, sizeof kept);
      if (ds->index->ndelta > most) most = ds->index->ndelta;
    }
  }
  /* taken in without a rebuild, and merged once past DIP_DELTA_MIN */
  ck_assert_uint_gt(most, 200);
  ck_assert_uint_lt(ds->index->ndelta, most);
  answers_of(ds, kept, sizeof kept);
  dip_index_free(ds);
  answers_of(ds, full, sizeof full);
  ck_assert_str_eq(kept, full);
  dip_close(ds);
  ck_assert_msg(c.live == 0, "%lld bytes left after close", c.live);
  ck_assert_msg(c.mismatches == 0, "%ld blocks freed with a size other than their own", c.mismatches);
}
END_TEST

/* Every block the index frees is freed with the size it was allocated with
   (the allocator hook is told osize, as lua_Alloc is). */
static void index_round(const char *doc) {
  counting c = {0, -1, 0, 0};
  dip_dataset *ds = load(doc, counting_alloc, &c);
  dip_query q;
  dip_query_init(&q);
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  ck_assert_int_eq(dip_events(ds, &q), DIP_OK);
  if (ds->nactors >= 2) {
    ck_assert_int_eq(dip_meetings(ds, 0, 1, &q), DIP_OK);
    ck_assert_int_eq(dip_partners(ds, 0, &q), DIP_OK);
    ck_assert_int_eq(dip_venues(ds, 0, DIP_NONE, &q), DIP_OK);
  }
  {
    cJSON *o = object("{'id':'added','name':'Added'}");
    uint32_t h;
    ck_assert_int_eq(dip_add_actor(ds, o, &h), DIP_OK);
    cJSON_Delete(o);
  }
  ck_assert_int_eq(dip_list_actors(ds, DIP_NONE), DIP_OK); /* a rebuild frees the old index */
  dip_close(ds);
  ck_assert_msg(c.live == 0, "%lld bytes left after close", c.live);
  ck_assert_msg(c.mismatches == 0, "%ld blocks freed with a size other than their own", c.mismatches);
}

START_TEST(test_index_frees_with_true_sizes) {
  index_round(world);
}
END_TEST

/* The same with arrays of length zero: no places, no long events, no memberships. */
START_TEST(test_index_frees_with_true_sizes_when_empty) {
  index_round("{'format':'diplomacy','version':1,'actors':[{'id':'a','name':'A'},{'id':'b','name':'B'}],"
              "'events':[{'id':'e','type':'meeting','start':'2022-01-10','participants':[{'actor':'a'},{'actor':'b'}]}]}");
}
END_TEST

START_TEST(test_empty_dataset) {
  dip_dataset *ds = dip_new(NULL, NULL);
  dip_query q;
  dip_query_init(&q);
  ck_assert_int_eq(dip_index_update(ds), DIP_OK);
  ck_assert_int_eq(dip_events(ds, &q), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 0);
  q.has_from = 1;
  q.from = date(ds, "2022");
  ck_assert_int_eq(dip_events(ds, &q), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 0);
  ck_assert_int_eq(dip_list_actors(ds, DIP_NONE), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 0);
  dip_close(ds);
}
END_TEST

static Suite *query_suite(void) {
  Suite *s = suite_create("query");
  TCase *tc = tcase_create("index");
  tcase_add_test(tc, test_place_tree);
  tcase_add_test(tc, test_place_filter);
  tcase_add_test(tc, test_rank_order);
  tcase_add_test(tc, test_sides);
  tcase_add_test(tc, test_affiliations);
  tcase_add_test(tc, test_actor_events_sorted_and_unique);
  tcase_add_test(tc, test_empty_dataset);
  suite_add_tcase(s, tc);
  tc = tcase_create("queries");
  tcase_add_test(tc, test_meetings);
  tcase_add_test(tc, test_partners_and_venues);
  tcase_add_test(tc, test_windows);
  tcase_add_test(tc, test_events_with_members_and_no_actor);
  tcase_add_test(tc, test_type_status_and_kind_filters);
  tcase_add_test(tc, test_lists_sorted_by_id);
  tcase_add_test(tc, test_members_over_time);
  tcase_add_test(tc, test_index_refresh);
  suite_add_tcase(s, tc);
  tc = tcase_create("memory");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_query_allocation_failure);
  tcase_add_test(tc, test_partners_allocation_failure);
  tcase_add_test(tc, test_refresh_allocation_failure);
  tcase_add_test(tc, test_delta_sizes_and_answers);
  tcase_add_test(tc, test_index_frees_with_true_sizes);
  tcase_add_test(tc, test_index_frees_with_true_sizes_when_empty);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(query_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
