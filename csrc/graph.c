/* graph.c: building the meeting graph from the dataset, its lookups, ego graphs and components */
#include <stdlib.h>
#include <string.h>
#include "graph.h"


/* ---- attendance: who stands for whom at one meeting ---- */

int dip_attendance_init(dip_attendance *at, dip_dataset *ds) {
  memset(at, 0, sizeof *at);
  at->mem = &ds->mem;
  at->nactors = ds->nactors;
  at->stamp = dip_alloc_array(at->mem, ds->nactors, sizeof *at->stamp);
  at->side = dip_alloc_array(at->mem, ds->nactors, sizeof *at->side);
  at->who = dip_alloc_array(at->mem, ds->nactors, sizeof *at->who);
  if (!at->stamp || !at->side || !at->who) {
    dip_attendance_free(at);
    return DIP_ENOMEM;
  }
  memset(at->stamp, 0, (size_t)(ds->nactors ? ds->nactors : 1) * sizeof *at->stamp);
  return DIP_OK;
}

void dip_attendance_free(dip_attendance *at) {
  size_t n = at->nactors ? at->nactors : 1;
  if (!at->mem) return;
  DIP_FREE_ARRAY(at->mem, at->stamp, n);
  DIP_FREE_ARRAY(at->mem, at->side, n);
  DIP_FREE_ARRAY(at->mem, at->who, n);
  memset(at, 0, sizeof *at);
}

static void present(dip_attendance *at, uint32_t a, uint32_t side) {
  if (at->stamp[a] != at->stampv) {
    at->stamp[a] = at->stampv;
    at->side[a] = side;
    at->who[at->nwho++] = a;
  } else if (at->side[a] != side) {
    at->side[a] = DIP_MIXED;
  }
}

static int overlaps(dip_span a, dip_span b) { return a.lo <= b.hi && b.lo <= a.hi; }

void dip_attend(dip_dataset *ds, dip_attendance *at, uint32_t e, int members) {
  const dip_index *x = ds->index;
  const dip_event *ev = &ds->events[e];
  dip_span when = ds->dates[ev->start].span;
  at->nwho = 0;
  if (++at->stampv == 0) {
    memset(at->stamp, 0, (size_t)at->nactors * sizeof *at->stamp);
    at->stampv = 1;
  }
  for (uint32_t j = dip_ipart(x, e, 0); j < dip_ipart(x, e, ev->nparts); j++) {
    uint32_t side = x->side[j];
    for (uint32_t k = x->stands.off[j]; k < x->stands.off[j + 1]; k++) {
      uint32_t s = x->stands.val[k];
      present(at, s, side);
      if (!members) continue;
      for (uint32_t r = x->members.off[s]; r < x->members.off[s + 1]; r++) {
        const dip_relation *rel = &ds->relations[x->members.val[r]];
        if (overlaps(dip_relation_span(ds, rel), when)) present(at, rel->actor, side);
      }
    }
  }
}

/* ---- pairs of actors to edges: open addressing over 64-bit keys ---- */

typedef struct pair_map {
  uint64_t *keys; /* UINT64_MAX: empty */
  uint32_t *vals;
  uint32_t n, nslots;
} pair_map;

static uint32_t pair_hash(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return (uint32_t)k;
}

static void pair_map_free(dip_mem *m, pair_map *p) {
  DIP_FREE_ARRAY(m, p->keys, p->nslots);
  DIP_FREE_ARRAY(m, p->vals, p->nslots);
  memset(p, 0, sizeof *p);
}

static int pair_map_rehash(dip_mem *m, pair_map *p, uint32_t nslots) {
  pair_map q = {NULL, NULL, p->n, nslots};
  if (!(q.keys = dip_alloc_array(m, nslots, sizeof *q.keys)) || !(q.vals = dip_alloc_array(m, nslots, sizeof *q.vals))) {
    pair_map_free(m, &q);
    return -1;
  }
  memset(q.keys, 0xff, (size_t)nslots * sizeof *q.keys);
  for (uint32_t i = 0; i < p->nslots; i++) {
    uint32_t s;
    if (p->keys[i] == UINT64_MAX) continue;
    for (s = pair_hash(p->keys[i]) & (nslots - 1); q.keys[s] != UINT64_MAX; s = (s + 1) & (nslots - 1)) {}
    q.keys[s] = p->keys[i];
    q.vals[s] = p->vals[i];
  }
  pair_map_free(m, p);
  *p = q;
  return 0;
}

/* The slot of key: holding it, or empty where it goes. */
static uint32_t pair_slot(const pair_map *p, uint64_t key) {
  uint32_t s = pair_hash(key) & (p->nslots - 1);
  while (p->keys[s] != UINT64_MAX && p->keys[s] != key) s = (s + 1) & (p->nslots - 1);
  return s;
}

/* ---- building ---- */

typedef struct build {
  dip_dataset *ds;
  const dip_query *q;
  int nodes;
  uint32_t kind;
  dip_attendance at;
  uint32_t *node_of;                 /* per actor: provisional node, or DIP_NONE */
  uint32_t *nodes_v, nnodes;         /* actors, in order of appearance */
  uint32_t *here, nhere;             /* the nodes at the current meeting (actors) */
  pair_map pairs;                    /* (actor, actor) -> provisional edge */
  uint32_t *pa, *pb, *pw, *pfirst, *plast, nedges, edgecap; /* provisional edges */
  uint32_t *inc_edge, *inc_event, ninc, inccap; /* (edge, meeting) incidences, in visit order */
} build;

static int grow_edges(build *b) {
  dip_mem *m = &b->ds->mem;
  uint32_t cap = b->edgecap, c;
  if (b->nedges < cap) return 0;
  /* grow each array to the same new capacity */
  c = cap;
  if (DIP_GROW(m, b->pa, c, b->nedges + 1)) return -1;
  c = cap;
  if (DIP_GROW(m, b->pb, c, b->nedges + 1)) return -1;
  c = cap;
  if (DIP_GROW(m, b->pw, c, b->nedges + 1)) return -1;
  c = cap;
  if (DIP_GROW(m, b->pfirst, c, b->nedges + 1)) return -1;
  c = cap;
  if (DIP_GROW(m, b->plast, c, b->nedges + 1)) return -1;
  b->edgecap = c;
  return 0;
}

static int add_incidence(build *b, uint32_t edge, uint32_t e) {
  dip_mem *m = &b->ds->mem;
  uint32_t cap = b->inccap, c = cap;
  if (b->ninc == cap) {
    if (DIP_GROW(m, b->inc_edge, c, b->ninc + 1)) return -1;
    c = cap;
    if (DIP_GROW(m, b->inc_event, c, b->ninc + 1)) return -1;
    b->inccap = c;
  }
  b->inc_edge[b->ninc] = edge;
  b->inc_event[b->ninc++] = e;
  return 0;
}

static int add_pair(build *b, uint32_t u, uint32_t v, uint32_t e) {
  uint64_t key = u < v ? ((uint64_t)u << 32 | v) : ((uint64_t)v << 32 | u);
  uint32_t s, edge;
  if ((b->pairs.n + 1) * 2 > b->pairs.nslots) {
    if (b->pairs.nslots >= (1u << 31) ||
        pair_map_rehash(&b->ds->mem, &b->pairs, b->pairs.nslots ? b->pairs.nslots * 2 : 64))
      return -1;
  }
  s = pair_slot(&b->pairs, key);
  if (b->pairs.keys[s] == UINT64_MAX) {
    if (grow_edges(b)) return -1;
    edge = b->nedges++;
    b->pairs.keys[s] = key;
    b->pairs.vals[s] = edge;
    b->pairs.n++;
    b->pa[edge] = u < v ? u : v;
    b->pb[edge] = u < v ? v : u;
    b->pw[edge] = 0;
    b->pfirst[edge] = e;
  } else {
    edge = b->pairs.vals[s];
  }
  if (b->pw[edge] == DIP_MAX_COUNT) return -1;
  b->pw[edge]++;
  b->plast[edge] = e; /* meetings come in start order */
  return add_incidence(b, edge, e);
}

static int is_node(build *b, uint32_t a, uint32_t e) {
  const dip_dataset *ds = b->ds;
  const dip_event *ev = &ds->events[e];
  switch (b->nodes) {
    case DIP_NODES_SIDES:
      for (uint32_t k = 0; k < ev->nparts; k++)
        if (ds->index->side[dip_ipart(ds->index, e, k)] == a) return 1;
      return 0;
    case DIP_NODES_PARTICIPANTS:
      for (uint32_t j = ev->parts; j < ev->parts + ev->nparts; j++)
        if (ds->parts[j].actor == a) return 1;
      return 0;
    default:
      return ds->actors[a].kind == b->kind;
  }
}

static int visit_meeting(dip_dataset *ds, uint32_t e, void *vctx) {
  build *b = vctx;
  dip_attendance *at = &b->at;
  dip_attend(ds, at, e, b->q->members);
  b->nhere = 0;
  for (uint32_t i = 0; i < at->nwho; i++) {
    uint32_t a = at->who[i];
    if (!is_node(b, a, e)) continue;
    b->here[b->nhere++] = a;
    if (b->node_of[a] == DIP_NONE) {
      b->node_of[a] = b->nnodes;
      b->nodes_v[b->nnodes++] = a;
    }
  }
  for (uint32_t i = 0; i < b->nhere; i++)
    for (uint32_t j = i + 1; j < b->nhere; j++)
      if (dip_attend_meet(at, b->here[i], b->here[j]) && add_pair(b, b->here[i], b->here[j], e)) return DIP_ENOMEM;
  return 0;
}

static void build_free(build *b) {
  dip_mem *m = &b->ds->mem;
  uint32_t na = b->ds->nactors ? b->ds->nactors : 1;
  dip_attendance_free(&b->at);
  DIP_FREE_ARRAY(m, b->node_of, na);
  DIP_FREE_ARRAY(m, b->nodes_v, na);
  DIP_FREE_ARRAY(m, b->here, na);
  pair_map_free(m, &b->pairs);
  DIP_FREE_ARRAY(m, b->pa, b->edgecap);
  DIP_FREE_ARRAY(m, b->pb, b->edgecap);
  DIP_FREE_ARRAY(m, b->pw, b->edgecap);
  DIP_FREE_ARRAY(m, b->pfirst, b->edgecap);
  DIP_FREE_ARRAY(m, b->plast, b->edgecap);
  DIP_FREE_ARRAY(m, b->inc_edge, b->inccap);
  DIP_FREE_ARRAY(m, b->inc_event, b->inccap);
}

void dip_graph_free(dip_graph *g) {
  dip_mem m;
  if (!g) return;
  m = g->mem;
  DIP_FREE_ARRAY(&m, g->actor, g->n ? g->n : 1);
  DIP_FREE_ARRAY(&m, g->off, (size_t)g->n + 1);
  DIP_FREE_ARRAY(&m, g->adj, g->m ? 2 * (size_t)g->m : 1);
  DIP_FREE_ARRAY(&m, g->adj_edge, g->m ? 2 * (size_t)g->m : 1);
  DIP_FREE_ARRAY(&m, g->ea, g->m ? g->m : 1);
  DIP_FREE_ARRAY(&m, g->eb, g->m ? g->m : 1);
  DIP_FREE_ARRAY(&m, g->weight, g->m ? g->m : 1);
  DIP_FREE_ARRAY(&m, g->first, g->m ? g->m : 1);
  DIP_FREE_ARRAY(&m, g->last, g->m ? g->m : 1);
  DIP_FREE_ARRAY(&m, g->ev_off, (size_t)g->m + 1);
  DIP_FREE_ARRAY(&m, g->ev, g->nev ? g->nev : 1);
  dip_free(&m, g, sizeof *g);
}

/* A graph with its arrays allocated for n nodes, m edges and nev meetings. */
static dip_graph *graph_new(dip_mem *mem, uint32_t n, uint32_t m, uint32_t nev) {
  dip_graph *g;
  if ((uint64_t)m * 2 > DIP_MAX_COUNT) return NULL;
  if (!(g = dip_alloc(mem, sizeof *g))) return NULL;
  memset(g, 0, sizeof *g);
  g->mem = *mem;
  g->n = n;
  g->m = m;
  g->nev = nev;
  g->actor = dip_alloc_array(mem, n, sizeof *g->actor);
  g->off = dip_alloc_array(mem, (size_t)n + 1, sizeof *g->off);
  g->adj = dip_alloc_array(mem, 2 * (size_t)m, sizeof *g->adj);
  g->adj_edge = dip_alloc_array(mem, 2 * (size_t)m, sizeof *g->adj_edge);
  g->ea = dip_alloc_array(mem, m, sizeof *g->ea);
  g->eb = dip_alloc_array(mem, m, sizeof *g->eb);
  g->weight = dip_alloc_array(mem, m, sizeof *g->weight);
  g->first = dip_alloc_array(mem, m, sizeof *g->first);
  g->last = dip_alloc_array(mem, m, sizeof *g->last);
  g->ev_off = dip_alloc_array(mem, (size_t)m + 1, sizeof *g->ev_off);
  g->ev = dip_alloc_array(mem, nev, sizeof *g->ev);
  if (!g->actor || !g->off || !g->adj || !g->adj_edge || !g->ea || !g->eb || !g->weight || !g->first || !g->last ||
      !g->ev_off || !g->ev) {
    dip_graph_free(g);
    return NULL;
  }
  return g;
}

static const dip_dataset *cmp_ds;
static const uint32_t *cmp_w, *cmp_a, *cmp_b;

static int by_actor_id(const void *pa, const void *pb) {
  return strcmp(dip_str(cmp_ds, cmp_ds->actors[*(const uint32_t *)pa].id),
                dip_str(cmp_ds, cmp_ds->actors[*(const uint32_t *)pb].id));
}

/* Edges by weight descending, then by their nodes (which are in id order). */
static int by_weight_then_nodes(const void *pa, const void *pb) {
  uint32_t x = *(const uint32_t *)pa, y = *(const uint32_t *)pb;
  if (cmp_w[x] != cmp_w[y]) return cmp_w[x] > cmp_w[y] ? -1 : 1;
  if (cmp_a[x] != cmp_a[y]) return cmp_a[x] < cmp_a[y] ? -1 : 1;
  if (cmp_b[x] != cmp_b[y]) return cmp_b[x] < cmp_b[y] ? -1 : 1;
  return 0;
}

typedef struct half_edge {
  uint32_t u, v, e;
} half_edge;

static int by_row_then_neighbor(const void *pa, const void *pb) {
  const half_edge *a = pa, *b = pb;
  if (a->u != b->u) return a->u < b->u ? -1 : 1;
  if (a->v != b->v) return a->v < b->v ? -1 : 1;
  return 0;
}

/* Builds off/adj/adj_edge from ea/eb. */
static int build_adjacency(dip_graph *g) {
  size_t nh = 2 * (size_t)g->m;
  half_edge *h = dip_alloc_array(&g->mem, nh, sizeof *h);
  if (!h) return -1;
  for (uint32_t e = 0; e < g->m; e++) {
    h[2 * (size_t)e] = (half_edge){g->ea[e], g->eb[e], e};
    h[2 * (size_t)e + 1] = (half_edge){g->eb[e], g->ea[e], e};
  }
  qsort(h, nh, sizeof *h, by_row_then_neighbor);
  memset(g->off, 0, ((size_t)g->n + 1) * sizeof *g->off);
  for (size_t i = 0; i < nh; i++) {
    g->off[h[i].u + 1]++;
    g->adj[i] = h[i].v;
    g->adj_edge[i] = h[i].e;
  }
  for (uint32_t v = 0; v < g->n; v++) g->off[v + 1] += g->off[v];
  DIP_FREE_ARRAY(&g->mem, h, nh ? nh : 1);
  return 0;
}

/* Turns the provisional nodes and edges of b into a graph. */
static int finish_graph(build *b, dip_graph **out) {
  dip_dataset *ds = b->ds;
  dip_mem *m = &ds->mem;
  uint32_t *perm = NULL, *newpos = NULL, *fill = NULL;
  dip_graph *g;
  int rc = DIP_ENOMEM;
  if (!(g = graph_new(m, b->nnodes, b->nedges, b->ninc))) return DIP_ENOMEM;
  /* nodes in id order */
  memcpy(g->actor, b->nodes_v, (size_t)b->nnodes * sizeof *g->actor);
  cmp_ds = ds;
  qsort(g->actor, g->n, sizeof *g->actor, by_actor_id);
  for (uint32_t v = 0; v < g->n; v++) b->node_of[g->actor[v]] = v;
  for (uint32_t e = 0; e < b->nedges; e++) {
    uint32_t u = b->node_of[b->pa[e]], v = b->node_of[b->pb[e]];
    b->pa[e] = u < v ? u : v;
    b->pb[e] = u < v ? v : u;
  }
  /* edges in their final order */
  if (!(perm = dip_alloc_array(m, b->nedges, sizeof *perm)) || !(newpos = dip_alloc_array(m, b->nedges, sizeof *newpos)) ||
      !(fill = dip_alloc_array(m, (size_t)b->nedges + 1, sizeof *fill)))
    goto done;
  for (uint32_t e = 0; e < b->nedges; e++) perm[e] = e;
  cmp_w = b->pw;
  cmp_a = b->pa;
  cmp_b = b->pb;
  qsort(perm, b->nedges, sizeof *perm, by_weight_then_nodes);
  for (uint32_t i = 0; i < b->nedges; i++) {
    uint32_t e = perm[i];
    newpos[e] = i;
    g->ea[i] = b->pa[e];
    g->eb[i] = b->pb[e];
    g->weight[i] = b->pw[e];
    g->first[i] = b->pfirst[e];
    g->last[i] = b->plast[e];
  }
  /* meetings per edge: a stable counting sort keeps start order */
  g->ev_off[0] = 0;
  for (uint32_t i = 0; i < g->m; i++) g->ev_off[i + 1] = g->ev_off[i] + g->weight[i];
  memcpy(fill, g->ev_off, ((size_t)g->m + 1) * sizeof *fill);
  for (uint32_t k = 0; k < b->ninc; k++) g->ev[fill[newpos[b->inc_edge[k]]]++] = b->inc_event[k];
  if (build_adjacency(g)) goto done;
  rc = DIP_OK;
done:
  DIP_FREE_ARRAY(m, perm, b->nedges ? b->nedges : 1);
  DIP_FREE_ARRAY(m, newpos, b->nedges ? b->nedges : 1);
  DIP_FREE_ARRAY(m, fill, (size_t)b->nedges + 1);
  if (rc) dip_graph_free(g);
  else *out = g;
  return rc;
}

int dip_network(dip_dataset *ds, const dip_query *q, int nodes, uint32_t kind, dip_graph **out) {
  build b;
  uint32_t na = ds->nactors;
  int rc;
  *out = NULL;
  if ((rc = dip_index_ready(ds))) return rc;
  memset(&b, 0, sizeof b);
  b.ds = ds;
  b.q = q;
  b.nodes = nodes;
  b.kind = kind;
  if (dip_attendance_init(&b.at, ds) || !(b.node_of = dip_alloc_array(&ds->mem, na, sizeof *b.node_of)) ||
      !(b.nodes_v = dip_alloc_array(&ds->mem, na, sizeof *b.nodes_v)) || !(b.here = dip_alloc_array(&ds->mem, na, sizeof *b.here))) {
    rc = DIP_ENOMEM;
    goto done;
  }
  memset(b.node_of, 0xff, (size_t)(na ? na : 1) * sizeof *b.node_of);
  if ((rc = dip_each_event(ds, q, 1, visit_meeting, &b))) goto done;
  rc = finish_graph(&b, out);
done:
  build_free(&b);
  return rc ? dip_set_err(ds, rc, "out of memory") : DIP_OK;
}

int dip_graph_from_edges(dip_mem *mem, uint32_t n, uint32_t m, const uint32_t *a, const uint32_t *b,
                         const uint32_t *weight, dip_graph **out) {
  dip_graph *g;
  uint32_t *perm = NULL, *pa = NULL, *pb = NULL;
  int rc = DIP_ENOMEM;
  *out = NULL;
  for (uint32_t e = 0; e < m; e++)
    if (a[e] >= n || b[e] >= n || a[e] == b[e] || (weight && weight[e] == 0)) return DIP_EINVAL;
  if (!(g = graph_new(mem, n, m, 0))) return DIP_ENOMEM;
  if (!(perm = dip_alloc_array(mem, m, sizeof *perm)) || !(pa = dip_alloc_array(mem, m, sizeof *pa)) ||
      !(pb = dip_alloc_array(mem, m, sizeof *pb)))
    goto done;
  for (uint32_t v = 0; v < n; v++) g->actor[v] = v;
  for (uint32_t e = 0; e < m; e++) {
    perm[e] = e;
    pa[e] = a[e] < b[e] ? a[e] : b[e];
    pb[e] = a[e] < b[e] ? b[e] : a[e];
    g->weight[e] = weight ? weight[e] : 1;
  }
  cmp_w = g->weight;
  cmp_a = pa;
  cmp_b = pb;
  qsort(perm, m, sizeof *perm, by_weight_then_nodes);
  for (uint32_t i = 0; i < m; i++) {
    g->ea[i] = pa[perm[i]];
    g->eb[i] = pb[perm[i]];
  }
  for (uint32_t i = 0; i < m; i++) pa[i] = g->weight[perm[i]];
  for (uint32_t i = 0; i < m; i++) {
    g->weight[i] = pa[i];
    g->first[i] = g->last[i] = DIP_NONE;
    g->ev_off[i] = 0;
  }
  g->ev_off[m] = 0;
  if (build_adjacency(g)) goto done;
  for (uint32_t v = 0; v < n; v++)
    for (uint32_t k = g->off[v] + 1; k < g->off[v + 1]; k++)
      if (g->adj[k] == g->adj[k - 1]) {
        rc = DIP_EINVAL;
        goto done;
      }
  rc = DIP_OK;
done:
  DIP_FREE_ARRAY(mem, perm, m ? m : 1);
  DIP_FREE_ARRAY(mem, pa, m ? m : 1);
  DIP_FREE_ARRAY(mem, pb, m ? m : 1);
  if (rc) dip_graph_free(g);
  else *out = g;
  return rc;
}

uint32_t dip_graph_edge(const dip_graph *g, uint32_t u, uint32_t v) {
  uint32_t lo, hi;
  if (u >= g->n || v >= g->n) return DIP_NONE;
  lo = g->off[u];
  hi = g->off[u + 1];
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (g->adj[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < g->off[u + 1] && g->adj[lo] == v ? g->adj_edge[lo] : DIP_NONE;
}

uint32_t dip_graph_node(const dip_graph *g, uint32_t actor) {
  /* nodes are in id order, not handle order: a linear scan (graphs are small beside the data) */
  for (uint32_t v = 0; v < g->n; v++)
    if (g->actor[v] == actor) return v;
  return DIP_NONE;
}

int dip_graph_ego(const dip_graph *g, uint32_t node, uint32_t radius, dip_graph **out) {
  dip_mem *m = (dip_mem *)&g->mem;
  uint32_t *dist = NULL, *queue = NULL, *newid = NULL, n = 0, head = 0, ne = 0, nev = 0;
  dip_graph *h = NULL;
  int rc = DIP_ENOMEM;
  *out = NULL;
  if (node >= g->n) return DIP_EINVAL;
  if (!(dist = dip_alloc_array(m, g->n, sizeof *dist)) || !(queue = dip_alloc_array(m, g->n, sizeof *queue)) ||
      !(newid = dip_alloc_array(m, g->n, sizeof *newid)))
    goto done;
  memset(dist, 0xff, (size_t)g->n * sizeof *dist);
  dist[node] = 0;
  queue[n++] = node;
  while (head < n) {
    uint32_t v = queue[head++];
    if (dist[v] >= radius) continue;
    for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++)
      if (dist[g->adj[k]] == DIP_NONE) {
        dist[g->adj[k]] = dist[v] + 1;
        queue[n++] = g->adj[k];
      }
  }
  /* kept nodes keep their relative (id) order; kept edges theirs */
  n = 0;
  for (uint32_t v = 0; v < g->n; v++) newid[v] = dist[v] != DIP_NONE ? n++ : DIP_NONE;
  for (uint32_t e = 0; e < g->m; e++)
    if (newid[g->ea[e]] != DIP_NONE && newid[g->eb[e]] != DIP_NONE) {
      ne++;
      nev += g->ev_off[e + 1] - g->ev_off[e];
    }
  if (!(h = graph_new(m, n, ne, nev))) goto done;
  for (uint32_t v = 0; v < g->n; v++)
    if (newid[v] != DIP_NONE) h->actor[newid[v]] = g->actor[v];
  h->ev_off[0] = 0;
  for (uint32_t e = 0, i = 0; e < g->m; e++) {
    uint32_t k0 = g->ev_off[e], k1 = g->ev_off[e + 1];
    if (newid[g->ea[e]] == DIP_NONE || newid[g->eb[e]] == DIP_NONE) continue;
    h->ea[i] = newid[g->ea[e]];
    h->eb[i] = newid[g->eb[e]];
    h->weight[i] = g->weight[e];
    h->first[i] = g->first[e];
    h->last[i] = g->last[e];
    memcpy(h->ev + h->ev_off[i], g->ev + k0, (size_t)(k1 - k0) * sizeof *h->ev);
    h->ev_off[i + 1] = h->ev_off[i] + (k1 - k0);
    i++;
  }
  if (build_adjacency(h)) goto done;
  rc = DIP_OK;
done:
  DIP_FREE_ARRAY(m, dist, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, queue, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, newid, g->n ? g->n : 1);
  if (rc) dip_graph_free(h);
  else *out = h;
  return rc;
}

/* ---- components ---- */

static const uint32_t *cmp_size, *cmp_low;

static int by_size_then_lowest(const void *pa, const void *pb) {
  uint32_t x = *(const uint32_t *)pa, y = *(const uint32_t *)pb;
  if (cmp_size[x] != cmp_size[y]) return cmp_size[x] > cmp_size[y] ? -1 : 1;
  return cmp_low[x] < cmp_low[y] ? -1 : cmp_low[x] > cmp_low[y];
}

int dip_components(const dip_graph *g, uint32_t *comp, uint32_t *ncomp) {
  dip_mem *m = (dip_mem *)&g->mem;
  uint32_t *queue = NULL, *size = NULL, *low = NULL, *order = NULL, *rank = NULL, nc = 0;
  int rc = DIP_ENOMEM;
  if (!(queue = dip_alloc_array(m, g->n, sizeof *queue)) || !(size = dip_alloc_array(m, g->n, sizeof *size)) ||
      !(low = dip_alloc_array(m, g->n, sizeof *low)) || !(order = dip_alloc_array(m, g->n, sizeof *order)) ||
      !(rank = dip_alloc_array(m, g->n, sizeof *rank)))
    goto done;
  for (uint32_t v = 0; v < g->n; v++) comp[v] = DIP_NONE;
  for (uint32_t s = 0; s < g->n; s++) {
    uint32_t head = 0, n = 0;
    if (comp[s] != DIP_NONE) continue;
    comp[s] = nc;
    queue[n++] = s;
    while (head < n) {
      uint32_t v = queue[head++];
      for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++)
        if (comp[g->adj[k]] == DIP_NONE) {
          comp[g->adj[k]] = nc;
          queue[n++] = g->adj[k];
        }
    }
    size[nc] = n;
    low[nc] = s; /* visited in node order: s is the lowest */
    order[nc] = nc;
    nc++;
  }
  cmp_size = size;
  cmp_low = low;
  qsort(order, nc, sizeof *order, by_size_then_lowest);
  for (uint32_t i = 0; i < nc; i++) rank[order[i]] = i;
  for (uint32_t v = 0; v < g->n; v++) comp[v] = rank[comp[v]];
  *ncomp = nc;
  rc = DIP_OK;
done:
  DIP_FREE_ARRAY(m, queue, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, size, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, low, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, order, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, rank, g->n ? g->n : 1);
  return rc;
}
