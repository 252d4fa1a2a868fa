/* check_graph.c: the meeting graph, its centrality (against networkx's values), communities, paths and series */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "centrality.h"
#include "graph.h"
#include "jsonio.h"
#include "temporal.h"

/* Zachary's karate club with its weights, as networkx 2.8.8's karate_club_graph() has it. */
static const uint32_t karate[][3] = {
  {0, 1, 4}, {0, 2, 5}, {0, 3, 3}, {0, 4, 3}, {0, 5, 3}, {0, 6, 3}, {0, 7, 2}, {0, 8, 2}, {0, 10, 2}, {0, 11, 3},
  {0, 12, 1}, {0, 13, 3}, {0, 17, 2}, {0, 19, 2}, {0, 21, 2}, {0, 31, 2}, {1, 2, 6}, {1, 3, 3}, {1, 7, 4},
  {1, 13, 5}, {1, 17, 1}, {1, 19, 2}, {1, 21, 2}, {1, 30, 2}, {2, 3, 3}, {2, 7, 4}, {2, 8, 5}, {2, 9, 1},
  {2, 13, 3}, {2, 27, 2}, {2, 28, 2}, {2, 32, 2}, {3, 7, 3}, {3, 12, 3}, {3, 13, 3}, {4, 6, 2}, {4, 10, 3},
  {5, 6, 5}, {5, 10, 3}, {5, 16, 3}, {6, 16, 3}, {8, 30, 3}, {8, 32, 3}, {8, 33, 4}, {9, 33, 2}, {13, 33, 3},
  {14, 32, 3}, {14, 33, 2}, {15, 32, 3}, {15, 33, 4}, {18, 32, 1}, {18, 33, 2}, {19, 33, 1}, {20, 32, 3},
  {20, 33, 1}, {22, 32, 2}, {22, 33, 3}, {23, 25, 5}, {23, 27, 4}, {23, 29, 3}, {23, 32, 5}, {23, 33, 4},
  {24, 25, 2}, {24, 27, 3}, {24, 31, 2}, {25, 31, 7}, {26, 29, 4}, {26, 33, 2}, {27, 33, 4}, {28, 31, 2},
  {28, 33, 2}, {29, 32, 4}, {29, 33, 2}, {30, 32, 3}, {30, 33, 3}, {31, 32, 4}, {31, 33, 4}, {32, 33, 5}};
#define KARATE_M (sizeof karate / sizeof *karate)

/* networkx 2.8.8 on the club, nodes 0, 33 and 16 (tools/nx_fixtures.py computes all of them). */
static const struct {
  int measure, weighted;
  double v0, v33, v16;
} expected[] = {
  {DIP_DEGREE, 0, 0.48484848484848486, 0.5151515151515151, 0.06060606060606061},
  {DIP_CLOSENESS, 0, 0.5689655172413793, 0.55, 0.28448275862068967},
  {DIP_CLOSENESS, 1, 1.5382907880133188, 1.610317183687696, 0.8091068301225917},
  {DIP_BETWEENNESS, 0, 0.43763528138528146, 0.30407497594997596, 0.0},
  {DIP_BETWEENNESS, 1, 0.39488636363636365, 0.32859848484848486, 0.0},
  {DIP_EIGENVECTOR, 0, 0.35548349418519426, 0.37337121301323506, 0.02363479426059687},
  {DIP_PAGERANK, 1, 0.08850807396280012, 0.09698041880501741, 0.016755401561857987},
};

static dip_mem plain = {dip_default_alloc, NULL, 0, 0, NULL, 0};

static dip_graph *karate_graph(dip_mem *mem) {
  uint32_t a[KARATE_M], b[KARATE_M], w[KARATE_M];
  dip_graph *g = NULL;
  for (size_t i = 0; i < KARATE_M; i++) a[i] = karate[i][0], b[i] = karate[i][1], w[i] = karate[i][2];
  dip_graph_from_edges(mem, 34, KARATE_M, a, b, w, &g);
  return g;
}

static void close_to(double got, double want, double tol, const char *what) {
  ck_assert_msg(fabs(got - want) <= tol * fmax(1.0, fabs(want)), "%s: got %.17g, networkx %.17g", what, got, want);
}

START_TEST(test_karate_centrality) {
  dip_graph *g = karate_graph(&plain);
  double score[34];
  ck_assert_ptr_nonnull(g);
  ck_assert_uint_eq(g->n, 34);
  ck_assert_uint_eq(g->m, KARATE_M);
  for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
    char what[64];
    int power = expected[i].measure == DIP_EIGENVECTOR || expected[i].measure == DIP_PAGERANK;
    ck_assert_int_eq(dip_centrality(g, expected[i].measure, expected[i].weighted, score), DIP_OK);
    snprintf(what, sizeof what, "measure %d weighted %d", expected[i].measure, expected[i].weighted);
    close_to(score[0], expected[i].v0, power ? 1e-9 : 1e-12, what);
    close_to(score[33], expected[i].v33, power ? 1e-9 : 1e-12, what);
    close_to(score[16], expected[i].v16, power ? 1e-9 : 1e-12, what);
  }
  ck_assert_int_eq(dip_centrality(g, DIP_STRENGTH, 0, score), DIP_OK);
  ck_assert(score[0] == 42.0); /* 4+5+3+3+3+3+2+2+2+3+1+3+2+2+2+2 */
  ck_assert_int_eq(dip_centrality(g, DIP_NMEASURES, 0, score), DIP_EINVAL);
  dip_graph_free(g);
}
END_TEST

START_TEST(test_structure) {
  dip_graph *g = karate_graph(&plain);
  /* edges by weight descending, then nodes */
  ck_assert_uint_eq(g->weight[0], 7);
  ck_assert_uint_eq(g->ea[0], 25);
  ck_assert_uint_eq(g->eb[0], 31);
  for (uint32_t e = 1; e < g->m; e++) {
    ck_assert(g->weight[e - 1] > g->weight[e] ||
              (g->weight[e - 1] == g->weight[e] &&
               (g->ea[e - 1] < g->ea[e] || (g->ea[e - 1] == g->ea[e] && g->eb[e - 1] < g->eb[e]))));
    ck_assert_uint_lt(g->ea[e], g->eb[e]);
  }
  /* rows sorted, each edge in both rows */
  for (uint32_t v = 0; v < g->n; v++)
    for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) {
      if (k > g->off[v]) ck_assert_uint_lt(g->adj[k - 1], g->adj[k]);
      ck_assert_uint_eq(dip_graph_edge(g, g->adj[k], v), g->adj_edge[k]);
    }
  ck_assert_uint_eq(g->off[1] - g->off[0], 16);
  ck_assert_uint_eq(dip_graph_edge(g, 0, 33), DIP_NONE);
  ck_assert_uint_eq(g->weight[dip_graph_edge(g, 33, 32)], 5);
  ck_assert_uint_eq(dip_graph_node(g, 12), 12);
  dip_graph_free(g);
}
END_TEST

START_TEST(test_bad_edge_lists) {
  uint32_t a[] = {0, 1}, b[] = {1, 0}, loop_a[] = {0, 2}, loop_b[] = {1, 2}, far[] = {1, 9};
  dip_graph *g = (dip_graph *)1;
  ck_assert_int_eq(dip_graph_from_edges(&plain, 3, 2, a, b, NULL, &g), DIP_EINVAL); /* one pair twice */
  ck_assert_ptr_null(g);
  ck_assert_int_eq(dip_graph_from_edges(&plain, 3, 2, loop_a, loop_b, NULL, &g), DIP_EINVAL); /* 2-2 */
  ck_assert_int_eq(dip_graph_from_edges(&plain, 3, 2, a, far, NULL, &g), DIP_EINVAL);
  ck_assert_int_eq(dip_graph_from_edges(&plain, 0, 0, NULL, NULL, NULL, &g), DIP_OK);
  ck_assert_uint_eq(g->n, 0);
  dip_graph_free(g);
}
END_TEST

/* A path 0-1-2-3, a pair 4-5, an isolated 6. */
static dip_graph *small_graph(void) {
  uint32_t a[] = {0, 1, 2, 4}, b[] = {1, 2, 3, 5};
  dip_graph *g;
  ck_assert_int_eq(dip_graph_from_edges(&plain, 7, 4, a, b, NULL, &g), DIP_OK);
  return g;
}

START_TEST(test_components_and_ego) {
  dip_graph *g = small_graph(), *ego;
  uint32_t comp[7], nc;
  double score[7];
  ck_assert_int_eq(dip_components(g, comp, &nc), DIP_OK);
  ck_assert_uint_eq(nc, 3);
  ck_assert_uint_eq(comp[0], 0);
  ck_assert_uint_eq(comp[3], 0);
  ck_assert_uint_eq(comp[4], 1);
  ck_assert_uint_eq(comp[5], 1);
  ck_assert_uint_eq(comp[6], 2);
  ck_assert_int_eq(dip_graph_ego(g, 1, 1, &ego), DIP_OK);
  ck_assert_uint_eq(ego->n, 3);
  ck_assert_uint_eq(ego->m, 2);
  ck_assert_uint_eq(ego->actor[2], 2);
  dip_graph_free(ego);
  ck_assert_int_eq(dip_graph_ego(g, 6, 3, &ego), DIP_OK);
  ck_assert_uint_eq(ego->n, 1);
  ck_assert_uint_eq(ego->m, 0);
  dip_graph_free(ego);
  /* closeness on a disconnected graph (Wasserman and Faust): node 1 reaches 3 of 6 others at 1+1+2 */
  ck_assert_int_eq(dip_centrality(g, DIP_CLOSENESS, 0, score), DIP_OK);
  close_to(score[1], (3.0 / 4.0) * (3.0 / 6.0), 1e-15, "closeness of 1");
  ck_assert(score[6] == 0);
  /* PageRank sums to 1 with a dangling (isolated) node */
  ck_assert_int_eq(dip_centrality(g, DIP_PAGERANK, 0, score), DIP_OK);
  close_to(score[0] + score[1] + score[2] + score[3] + score[4] + score[5] + score[6], 1.0, 1e-6, "pagerank sum");
  dip_graph_free(g);
}
END_TEST

START_TEST(test_communities) {
  /* two 4-cliques joined by one edge */
  uint32_t a[13], b[13], m = 0, comm[34], comm2[8], nc, nc2;
  dip_graph *g;
  for (uint32_t base = 0; base < 8; base += 4)
    for (uint32_t i = 0; i < 4; i++)
      for (uint32_t j = i + 1; j < 4; j++) a[m] = base + i, b[m++] = base + j;
  a[m] = 3, b[m++] = 4;
  ck_assert_int_eq(dip_graph_from_edges(&plain, 8, m, a, b, NULL, &g), DIP_OK);
  ck_assert_int_eq(dip_communities(g, 1, 1.0, comm, &nc), DIP_OK);
  ck_assert_uint_eq(nc, 2);
  for (uint32_t v = 0; v < 8; v++) ck_assert_uint_eq(comm[v], v < 4 ? 0 : 1);
  close_to(dip_modularity(g, comm, 1.0), 12.0 / 13.0 - 0.5, 1e-12, "modularity"); /* 2*(6/13 - (13/26)^2) */
  ck_assert_int_eq(dip_communities(g, 99, 1.0, comm2, &nc2), DIP_OK);
  ck_assert_uint_eq(nc2, 2);
  dip_graph_free(g);
  g = karate_graph(&plain);
  ck_assert_int_eq(dip_communities(g, 1, 1.0, comm, &nc), DIP_OK);
  dip_graph_free(g);
}
END_TEST

/* ---- allocation failures: every allocation in turn fails, nothing leaks ---- */

typedef struct budget {
  long left;
} budget;

static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  budget *bd = ud;
  if (nsize && (!ptr || nsize > osize) && bd->left-- <= 0) return NULL;
  return dip_default_alloc(NULL, ptr, osize, nsize);
}

START_TEST(test_out_of_memory) {
  int succeeded = 0;
  for (long n = 0; n < 200 && !succeeded; n++) {
    budget bd = {n};
    dip_mem mem = {failing_alloc, &bd, 0, 0, NULL, 0};
    dip_graph *g = karate_graph(&mem), *ego = NULL;
    double score[34];
    uint32_t comm[34], nc;
    if (!g) continue;
    if (dip_centrality(g, DIP_BETWEENNESS, 1, score) || dip_centrality(g, DIP_CLOSENESS, 0, score) ||
        dip_centrality(g, DIP_PAGERANK, 1, score) || dip_centrality(g, DIP_EIGENVECTOR, 0, score) ||
        dip_communities(g, 1, 1.0, comm, &nc) || dip_components(g, comm, &nc) || dip_graph_ego(g, 0, 2, &ego)) {
      dip_graph_free(g);
      continue;
    }
    dip_graph_free(ego);
    dip_graph_free(g);
    succeeded = 1;
  }
  ck_assert_msg(succeeded, "never succeeded within the budgets tried");
}
END_TEST

/* ---- from a dataset: network, paths, series ---- */

static const char doc[] =
  "{\"format\": \"diplomacy\", \"version\": 1,"
  " \"actors\": ["
  "  {\"id\": \"A\", \"name\": \"A\", \"kind\": \"state\"}, {\"id\": \"B\", \"name\": \"B\", \"kind\": \"state\"},"
  "  {\"id\": \"C\", \"name\": \"C\", \"kind\": \"state\"}, {\"id\": \"D\", \"name\": \"D\", \"kind\": \"state\"},"
  "  {\"id\": \"MA\", \"name\": \"A's ministry\", \"kind\": \"agency\"},"
  "  {\"id\": \"pa\", \"name\": \"envoy of A\", \"kind\": \"person\"}],"
  " \"relations\": [{\"actor\": \"MA\", \"type\": \"part_of\", \"target\": \"A\"},"
  "  {\"actor\": \"pa\", \"type\": \"position\", \"target\": \"MA\"}],"
  " \"events\": ["
  "  {\"id\": \"e1\", \"type\": \"talks\", \"start\": \"2022-01-03\","
  "   \"participants\": [{\"actor\": \"pa\"}, {\"actor\": \"B\"}]},"
  "  {\"id\": \"e2\", \"type\": \"meeting\", \"start\": \"2022-01-01\","
  "   \"participants\": [{\"actor\": \"B\"}, {\"actor\": \"C\"}]},"
  "  {\"id\": \"e3\", \"type\": \"call\", \"start\": \"2022-01-05\","
  "   \"participants\": [{\"actor\": \"C\"}, {\"actor\": \"D\"}]},"
  "  {\"id\": \"e4\", \"type\": \"call\", \"start\": \"2022-01-05\","
  "   \"participants\": [{\"actor\": \"B\"}, {\"actor\": \"C\"}]},"
  "  {\"id\": \"e5\", \"type\": \"meeting\", \"start\": \"2022-02-07\", \"status\": \"cancelled\","
  "   \"participants\": [{\"actor\": \"A\"}, {\"actor\": \"D\"}]},"
  "  {\"id\": \"e6\", \"type\": \"statement\", \"start\": \"2022-01-04\","
  "   \"participants\": [{\"actor\": \"A\"}, {\"actor\": \"D\"}]},"
  "  {\"id\": \"e7\", \"type\": \"meeting\", \"start\": \"2022-01-20\","
  "   \"participants\": [{\"actor\": \"D\"}]}"
  " ]}";

static dip_dataset *load_doc(void) {
  char err[300];
  int code;
  dip_dataset *ds = dip_decode(doc, sizeof doc - 1, "doc", NULL, NULL, err, sizeof err, &code);
  ck_assert_msg(ds != NULL, "%s", err);
  return ds;
}

static uint32_t actor(dip_dataset *ds, const char *name) {
  uint32_t h = DIP_NONE;
  ck_assert_int_eq(dip_find_actor(ds, name, strlen(name), &h), DIP_OK);
  ck_assert_uint_ne(h, DIP_NONE);
  return h;
}

static const char *event_id(dip_dataset *ds, uint32_t e) { return dip_str(ds, ds->events[e].id); }

START_TEST(test_network_from_dataset) {
  dip_dataset *ds = load_doc();
  dip_query q;
  dip_graph *g;
  dip_query_init(&q);
  ck_assert_int_eq(dip_network(ds, &q, DIP_NODES_SIDES, DIP_NONE, &g), DIP_OK);
  /* sides A, B, C, D; D alone at e7 is a node all the same; e5 (cancelled) and e6 (a statement) do not count */
  ck_assert_uint_eq(g->n, 4);
  ck_assert_uint_eq(g->m, 3);
  ck_assert_uint_eq(g->weight[0], 2); /* B-C: e2 and e4 */
  ck_assert_str_eq(dip_str(ds, ds->actors[g->actor[g->ea[0]]].id), "B");
  ck_assert_str_eq(dip_str(ds, ds->actors[g->actor[g->eb[0]]].id), "C");
  ck_assert_str_eq(event_id(ds, g->first[0]), "e2");
  ck_assert_str_eq(event_id(ds, g->last[0]), "e4");
  ck_assert_str_eq(event_id(ds, g->ev[g->ev_off[0]]), "e2");
  ck_assert_str_eq(event_id(ds, g->ev[g->ev_off[0] + 1]), "e4");
  ck_assert_uint_eq(dip_graph_edge(g, 0, 3), DIP_NONE); /* A and D never met */
  dip_graph_free(g);
  /* participants: the envoy, not A */
  ck_assert_int_eq(dip_network(ds, &q, DIP_NODES_PARTICIPANTS, DIP_NONE, &g), DIP_OK);
  ck_assert_uint_ne(dip_graph_node(g, actor(ds, "pa")), DIP_NONE);
  ck_assert_uint_eq(dip_graph_node(g, actor(ds, "A")), DIP_NONE);
  dip_graph_free(g);
  /* a kind: agencies standing for a participant */
  ck_assert_int_eq(dip_network(ds, &q, DIP_NODES_KIND, ds->words[W_STATE], &g), DIP_OK);
  ck_assert_uint_eq(g->n, 4);
  dip_graph_free(g);
  ck_assert_int_eq(dip_network(ds, &q, DIP_NODES_KIND, dip_strtab_find(&ds->strs, "agency", 6), &g), DIP_OK);
  ck_assert_uint_eq(g->n, 1);
  ck_assert_uint_eq(g->m, 0);
  dip_graph_free(g);
  dip_close(ds);
}
END_TEST

START_TEST(test_paths) {
  dip_dataset *ds = load_doc();
  dip_query q;
  int found;
  dip_index *x;
  dip_query_init(&q);
  /* A's envoy meets B on the 3rd; B meets C on the 5th (e4); the same day C meets D (e3, earlier by id) */
  ck_assert_int_eq(dip_path(ds, actor(ds, "A"), actor(ds, "D"), &q, &found), DIP_OK);
  ck_assert_int_eq(found, 1);
  x = ds->index;
  ck_assert_uint_eq(x->nres, 3);
  ck_assert_str_eq(event_id(ds, x->res[0]), "e1");
  ck_assert_str_eq(event_id(ds, x->res[1]), "e4");
  ck_assert_str_eq(event_id(ds, x->res[2]), "e3");
  /* B and C met on the 1st, before A's news reached B: C hears it on the 5th */
  ck_assert_int_eq(dip_path(ds, actor(ds, "A"), actor(ds, "C"), &q, &found), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 2);
  /* D to A: D's meetings come after; none */
  ck_assert_int_eq(dip_path(ds, actor(ds, "D"), actor(ds, "A"), &q, &found), DIP_OK);
  ck_assert_int_eq(found, 0);
  /* reach from A: triples in arrival order, then id */
  ck_assert_int_eq(dip_reach(ds, actor(ds, "A"), &q), DIP_OK);
  x = ds->index;
  ck_assert_uint_eq(x->nres, 9); /* B, then C and D on the 5th */
  ck_assert_str_eq(dip_str(ds, ds->actors[x->res[0]].id), "B");
  ck_assert_uint_eq(x->res[2], 1);
  ck_assert_str_eq(dip_str(ds, ds->actors[x->res[3]].id), "C");
  ck_assert_str_eq(dip_str(ds, ds->actors[x->res[6]].id), "D");
  ck_assert_uint_eq(x->res[8], 3);
  dip_close(ds);
}
END_TEST

START_TEST(test_series) {
  dip_dataset *ds = load_doc();
  dip_query q;
  int64_t first;
  char label[16];
  dip_query_init(&q);
  ck_assert_int_eq(dip_series(ds, actor(ds, "C"), DIP_NONE, &q, DIP_BY_DAY, &first), DIP_OK);
  ck_assert_uint_eq(ds->index->nres, 5); /* the 1st to the 5th */
  ck_assert_uint_eq(ds->index->res[0], 1);
  ck_assert_uint_eq(ds->index->res[2], 0);
  ck_assert_uint_eq(ds->index->res[4], 2);
  dip_period_label(DIP_BY_DAY, first, label);
  ck_assert_str_eq(label, "2022-01-01");
  ck_assert_int_eq(dip_series(ds, actor(ds, "C"), actor(ds, "B"), &q, DIP_BY_WEEK, &first), DIP_OK);
  dip_period_label(DIP_BY_WEEK, first, label);
  ck_assert_str_eq(label, "2021-W52");
  ck_assert_uint_eq(ds->index->nres, 2);
  ck_assert_uint_eq(ds->index->res[0], 1);
  ck_assert_uint_eq(ds->index->res[1], 1);
  dip_period_label(DIP_BY_WEEK, dip_days_from_civil(2020, 12, 28), label);
  ck_assert_str_eq(label, "2020-W53");
  dip_period_label(DIP_BY_MONTH, 2022 * 12 + 11, label);
  ck_assert_str_eq(label, "2022-12");
  dip_close(ds);
}
END_TEST

static Suite *graph_suite(void) {
  Suite *s = suite_create("graph");
  TCase *tc = tcase_create("algorithms");
  tcase_add_test(tc, test_karate_centrality);
  tcase_add_test(tc, test_structure);
  tcase_add_test(tc, test_bad_edge_lists);
  tcase_add_test(tc, test_components_and_ego);
  tcase_add_test(tc, test_communities);
  tcase_add_test(tc, test_out_of_memory);
  suite_add_tcase(s, tc);
  tc = tcase_create("dataset");
  tcase_add_test(tc, test_network_from_dataset);
  tcase_add_test(tc, test_paths);
  tcase_add_test(tc, test_series);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(graph_suite());
  int failed;
  srunner_run_all(sr, CK_ENV);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
