/* community.c: Louvain communities and modularity, on the pattern of networkx's louvain_communities */
#include <stdlib.h>
#include <string.h>
#include "centrality.h"


/* Stops aggregating when a level raises modularity by no more than this. */
#if !defined(DIP_LOUVAIN_THRESHOLD)
#define DIP_LOUVAIN_THRESHOLD 1e-7
#endif

static uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* One level's graph: weighted, undirected, self-loops apart. */
typedef struct level {
  uint32_t n, nadj;
  uint32_t *off, *adj; /* no self-loops in rows */
  double *w, *loop, *degree;
} level;

static void level_free(dip_mem *m, level *l) {
  DIP_FREE_ARRAY(m, l->off, (size_t)l->n + 1);
  DIP_FREE_ARRAY(m, l->adj, l->nadj ? l->nadj : 1);
  DIP_FREE_ARRAY(m, l->w, l->nadj ? l->nadj : 1);
  DIP_FREE_ARRAY(m, l->loop, l->n ? l->n : 1);
  DIP_FREE_ARRAY(m, l->degree, l->n ? l->n : 1);
  memset(l, 0, sizeof *l);
}

static int level_alloc(dip_mem *m, level *l, uint32_t n, uint32_t nadj) {
  memset(l, 0, sizeof *l);
  l->n = n;
  l->nadj = nadj;
  l->off = dip_alloc_array(m, (size_t)n + 1, sizeof *l->off);
  l->adj = dip_alloc_array(m, nadj, sizeof *l->adj);
  l->w = dip_alloc_array(m, nadj, sizeof *l->w);
  l->loop = dip_alloc_array(m, n, sizeof *l->loop);
  l->degree = dip_alloc_array(m, n, sizeof *l->degree);
  if (l->off && l->adj && l->w && l->loop && l->degree) return 0;
  level_free(m, l);
  return -1;
}

typedef struct louvain {
  dip_mem *m;
  uint64_t rng;
  double resolution, total;   /* total: the sum of all edge weights (m of the formulas) */
  uint32_t *node2com, *order, *touched;
  double *stot, *wcom;        /* per community: total degree; weight from the node being moved */
} louvain;

/* Moves nodes between communities until no move raises modularity.
   Returns whether any node moved. */
static int one_level(louvain *lv, const level *l) {
  double m = lv->total;
  int improved = 0;
  uint32_t moves = 1;
  for (uint32_t v = 0; v < l->n; v++) {
    lv->node2com[v] = v;
    lv->stot[v] = l->degree[v];
    lv->wcom[v] = 0;
    lv->order[v] = v;
  }
  for (uint32_t i = l->n; i > 1; i--) { /* Fisher-Yates */
    uint32_t j = (uint32_t)(splitmix64(&lv->rng) % i), t = lv->order[i - 1];
    lv->order[i - 1] = lv->order[j];
    lv->order[j] = t;
  }
  while (moves > 0) {
    moves = 0;
    for (uint32_t i = 0; i < l->n; i++) {
      uint32_t u = lv->order[i], own = lv->node2com[u], best = own, ntouched = 0;
      double degree = l->degree[u], best_gain = 0, remove_cost;
      for (uint32_t k = l->off[u]; k < l->off[u + 1]; k++) {
        uint32_t c = lv->node2com[l->adj[k]];
        if (lv->wcom[c] == 0) lv->touched[ntouched++] = c;
        lv->wcom[c] += l->w[k];
      }
      lv->stot[own] -= degree;
      remove_cost = -lv->wcom[own] / m + lv->resolution * (lv->stot[own] * degree) / (2 * m * m);
      for (uint32_t t = 0; t < ntouched; t++) {
        uint32_t c = lv->touched[t];
        double gain = remove_cost + lv->wcom[c] / m - lv->resolution * (lv->stot[c] * degree) / (2 * m * m);
        if (gain > best_gain) {
          best_gain = gain;
          best = c;
        }
      }
      for (uint32_t t = 0; t < ntouched; t++) lv->wcom[lv->touched[t]] = 0;
      lv->stot[best] += degree;
      if (best != own) {
        lv->node2com[u] = best;
        improved = 1;
        moves++;
      }
    }
  }
  return improved;
}

/* The graph of the communities of l (renumbered 0..*ncom-1 in order of
   their first node), written to next; node2com is renumbered in place. */
static int aggregate(louvain *lv, const level *l, level *next) {
  dip_mem *m = lv->m;
  uint32_t nc = 0, *newid = lv->order, *count = NULL, *pos = NULL, *mark = NULL;
  uint32_t *cadj = NULL;
  double *cw = NULL;
  size_t nraw = 0;
  int rc = -1;
  for (uint32_t v = 0; v < l->n; v++) newid[v] = DIP_NONE;
  for (uint32_t v = 0; v < l->n; v++) {
    uint32_t c = lv->node2com[v];
    if (newid[c] == DIP_NONE) newid[c] = 0; /* present */
  }
  for (uint32_t c = 0; c < l->n; c++)
    if (newid[c] != DIP_NONE) newid[c] = nc++;
  for (uint32_t v = 0; v < l->n; v++) lv->node2com[v] = newid[lv->node2com[v]];
  /* rows of the communities: neighbor communities merged with a marker array */
  if (!(count = dip_alloc_array(m, (size_t)nc + 1, sizeof *count)) || !(mark = dip_alloc_array(m, nc, sizeof *mark)))
    goto done;
  memset(count, 0, ((size_t)nc + 1) * sizeof *count);
  for (uint32_t v = 0; v < l->n; v++) count[lv->node2com[v] + 1] += l->off[v + 1] - l->off[v];
  for (uint32_t c = 0; c < nc; c++) count[c + 1] += count[c];
  nraw = count[nc];
  if (!(pos = dip_alloc_array(m, (size_t)nc + 1, sizeof *pos)) || !(cadj = dip_alloc_array(m, nraw, sizeof *cadj)) ||
      !(cw = dip_alloc_array(m, nraw, sizeof *cw)))
    goto done;
  memcpy(pos, count, ((size_t)nc + 1) * sizeof *pos);
  if (level_alloc(m, next, nc, (uint32_t)nraw)) goto done;
  for (uint32_t c = 0; c < nc; c++) {
    next->loop[c] = 0;
    next->degree[c] = 0;
  }
  for (uint32_t v = 0; v < l->n; v++) {
    uint32_t c = lv->node2com[v];
    next->loop[c] += l->loop[v];
    next->degree[c] += l->degree[v];
    for (uint32_t k = l->off[v]; k < l->off[v + 1]; k++) {
      uint32_t d = lv->node2com[l->adj[k]];
      if (d == c) {
        if (v < l->adj[k]) next->loop[c] += l->w[k]; /* each inner edge once */
        continue;
      }
      cadj[pos[c]] = d;
      cw[pos[c]++] = l->w[k];
    }
  }
  /* merge repeated neighbors within each row */
  for (uint32_t c = 0; c < nc; c++) mark[c] = DIP_NONE;
  next->off[0] = 0;
  for (uint32_t c = 0, out = 0; c < nc; c++) {
    uint32_t start = out;
    for (uint32_t k = count[c]; k < pos[c]; k++) {
      uint32_t d = cadj[k];
      if (mark[d] == DIP_NONE || mark[d] < start) {
        mark[d] = out;
        next->adj[out] = d;
        next->w[out++] = cw[k];
      } else {
        next->w[mark[d]] += cw[k];
      }
    }
    next->off[c + 1] = out;
  }
  rc = 0;
done:
  DIP_FREE_ARRAY(m, count, (size_t)nc + 1);
  DIP_FREE_ARRAY(m, pos, (size_t)nc + 1);
  DIP_FREE_ARRAY(m, mark, nc ? nc : 1);
  DIP_FREE_ARRAY(m, cadj, nraw ? nraw : 1);
  DIP_FREE_ARRAY(m, cw, nraw ? nraw : 1);
  return rc;
}

double dip_modularity(const dip_graph *g, const uint32_t *comm, double resolution) {
  /* sums per community: inner weight and total degree; communities number < n */
  double total = 0, q = 0;
  dip_mem *m = (dip_mem *)&g->mem;
  double *inner = dip_alloc_array(m, g->n, sizeof *inner), *deg = dip_alloc_array(m, g->n, sizeof *deg);
  if (!inner || !deg) {
    DIP_FREE_ARRAY(m, inner, g->n ? g->n : 1);
    DIP_FREE_ARRAY(m, deg, g->n ? g->n : 1);
    return 0; /* NAN would be more honest; callers only compare */
  }
  for (uint32_t v = 0; v < g->n; v++) inner[v] = deg[v] = 0;
  for (uint32_t e = 0; e < g->m; e++) {
    double w = g->weight[e];
    total += w;
    deg[comm[g->ea[e]]] += w;
    deg[comm[g->eb[e]]] += w;
    if (comm[g->ea[e]] == comm[g->eb[e]]) inner[comm[g->ea[e]]] += w;
  }
  if (total > 0)
    for (uint32_t c = 0; c < g->n; c++) q += inner[c] / total - resolution * deg[c] * deg[c] / (4 * total * total);
  DIP_FREE_ARRAY(m, inner, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, deg, g->n ? g->n : 1);
  return q;
}

static const uint32_t *cmp_size, *cmp_low;

static int by_size_then_lowest(const void *pa, const void *pb) {
  uint32_t x = *(const uint32_t *)pa, y = *(const uint32_t *)pb;
  if (cmp_size[x] != cmp_size[y]) return cmp_size[x] > cmp_size[y] ? -1 : 1;
  return cmp_low[x] < cmp_low[y] ? -1 : cmp_low[x] > cmp_low[y];
}

/* Renumbers comm (values < n) so the largest community is 0, ties by lowest node. */
static int renumber(dip_mem *m, uint32_t n, uint32_t *comm, uint32_t *ncomm) {
  uint32_t *size = dip_alloc_array(m, n, sizeof *size), *low = dip_alloc_array(m, n, sizeof *low);
  uint32_t *order = dip_alloc_array(m, n, sizeof *order), nc = 0;
  int rc = DIP_ENOMEM;
  if (!size || !low || !order) goto done;
  for (uint32_t c = 0; c < n; c++) size[c] = 0, low[c] = DIP_NONE;
  for (uint32_t v = 0; v < n; v++) {
    if (size[comm[v]]++ == 0) low[comm[v]] = v;
  }
  for (uint32_t c = 0; c < n; c++)
    if (size[c]) order[nc++] = c;
  cmp_size = size;
  cmp_low = low;
  qsort(order, nc, sizeof *order, by_size_then_lowest);
  for (uint32_t i = 0; i < nc; i++) low[order[i]] = i; /* low reused: the new number */
  for (uint32_t v = 0; v < n; v++) comm[v] = low[comm[v]];
  *ncomm = nc;
  rc = DIP_OK;
done:
  DIP_FREE_ARRAY(m, size, n ? n : 1);
  DIP_FREE_ARRAY(m, low, n ? n : 1);
  DIP_FREE_ARRAY(m, order, n ? n : 1);
  return rc;
}

int dip_communities(const dip_graph *g, uint64_t seed, double resolution, uint32_t *comm, uint32_t *ncomm) {
  dip_mem *m = (dip_mem *)&g->mem;
  louvain lv;
  level cur, next;
  uint32_t n = g->n;
  double mod;
  int rc = DIP_ENOMEM;
  memset(&lv, 0, sizeof lv);
  memset(&cur, 0, sizeof cur);
  memset(&next, 0, sizeof next);
  lv.m = m;
  lv.rng = seed;
  lv.resolution = resolution;
  for (uint32_t v = 0; v < n; v++) comm[v] = v;
  *ncomm = n;
  for (uint32_t e = 0; e < g->m; e++) lv.total += g->weight[e];
  if (n == 0) return DIP_OK;
  if (lv.total == 0) return renumber(m, n, comm, ncomm);
  if (!(lv.node2com = dip_alloc_array(m, n, sizeof *lv.node2com)) || !(lv.order = dip_alloc_array(m, n, sizeof *lv.order)) ||
      !(lv.touched = dip_alloc_array(m, n, sizeof *lv.touched)) || !(lv.stot = dip_alloc_array(m, n, sizeof *lv.stot)) ||
      !(lv.wcom = dip_alloc_array(m, n, sizeof *lv.wcom)) || level_alloc(m, &cur, n, 2 * g->m))
    goto done;
  for (uint32_t v = 0; v <= n; v++) cur.off[v] = g->off[v];
  for (uint32_t k = 0; k < 2 * g->m; k++) {
    cur.adj[k] = g->adj[k];
    cur.w[k] = g->weight[g->adj_edge[k]];
  }
  for (uint32_t v = 0; v < n; v++) {
    cur.loop[v] = 0;
    cur.degree[v] = 0;
    for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) cur.degree[v] += cur.w[k];
  }
  mod = dip_modularity(g, comm, resolution);
  for (;;) {
    double newmod;
    int improved = one_level(&lv, &cur);
    if (aggregate(&lv, &cur, &next)) goto done;
    for (uint32_t v = 0; v < n; v++) comm[v] = lv.node2com[comm[v]];
    level_free(m, &cur);
    cur = next;
    memset(&next, 0, sizeof next);
    newmod = dip_modularity(g, comm, resolution);
    if (!improved || newmod - mod <= DIP_LOUVAIN_THRESHOLD) break;
    mod = newmod;
  }
  rc = renumber(m, n, comm, ncomm);
done:
  level_free(m, &cur);
  level_free(m, &next);
  DIP_FREE_ARRAY(m, lv.node2com, n);
  DIP_FREE_ARRAY(m, lv.order, n);
  DIP_FREE_ARRAY(m, lv.touched, n);
  DIP_FREE_ARRAY(m, lv.stot, n);
  DIP_FREE_ARRAY(m, lv.wcom, n);
  return rc;
}
