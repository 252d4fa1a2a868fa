/* centrality.c: degree, strength, closeness, betweenness, eigenvector and PageRank centrality */
#include <math.h>
#include <string.h>
#include "centrality.h"


/* ---- shortest paths from one source: BFS, or Dijkstra over lengths 1/weight ---- */

typedef struct heap_item {
  double d;
  uint32_t v;
} heap_item;

typedef struct sssp {
  const dip_graph *g;
  int weighted;
  double *dist;     /* INFINITY: not reached */
  double *sigma;    /* number of shortest paths */
  uint32_t *order;  /* nodes in the order they were settled */
  uint32_t nsettled;
  unsigned char *done;
  heap_item *heap;  /* 2m + 1 entries at most (lazy deletion) */
  uint32_t nheap;
} sssp;

static double length_of(const dip_graph *g, uint32_t e) { return 1.0 / (double)g->weight[e]; }

static void heap_push(sssp *s, double d, uint32_t v) {
  uint32_t i = s->nheap++;
  while (i > 0) {
    uint32_t p = (i - 1) / 2;
    if (s->heap[p].d <= d) break;
    s->heap[i] = s->heap[p];
    i = p;
  }
  s->heap[i].d = d;
  s->heap[i].v = v;
}

static heap_item heap_pop(sssp *s) {
  heap_item top = s->heap[0], last = s->heap[--s->nheap];
  uint32_t i = 0, n = s->nheap;
  for (;;) {
    uint32_t c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && s->heap[c + 1].d < s->heap[c].d) c++;
    if (last.d <= s->heap[c].d) break;
    s->heap[i] = s->heap[c];
    i = c;
  }
  if (n) s->heap[i] = last;
  return top;
}

static int sssp_init(sssp *s, const dip_graph *g, int weighted) {
  dip_mem *m = (dip_mem *)&g->mem;
  memset(s, 0, sizeof *s);
  s->g = g;
  s->weighted = weighted;
  s->dist = dip_alloc_array(m, g->n, sizeof *s->dist);
  s->sigma = dip_alloc_array(m, g->n, sizeof *s->sigma);
  s->order = dip_alloc_array(m, g->n, sizeof *s->order);
  s->done = dip_alloc_array(m, g->n, sizeof *s->done);
  s->heap = dip_alloc_array(m, 2 * (size_t)g->m + 1, sizeof *s->heap);
  return s->dist && s->sigma && s->order && s->done && s->heap ? 0 : -1;
}

static void sssp_free(sssp *s) {
  dip_mem *m;
  size_t n;
  if (!s->g) return;
  m = (dip_mem *)&s->g->mem;
  n = s->g->n ? s->g->n : 1;
  DIP_FREE_ARRAY(m, s->dist, n);
  DIP_FREE_ARRAY(m, s->sigma, n);
  DIP_FREE_ARRAY(m, s->order, n);
  DIP_FREE_ARRAY(m, s->done, n);
  DIP_FREE_ARRAY(m, s->heap, 2 * (size_t)s->g->m + 1);
}

/* Shortest paths from src, counting them as networkx's Brandes code does:
   a path through v counts for w when dist[v] + length(v, w) == dist[w]. */
static void sssp_run(sssp *s, uint32_t src) {
  const dip_graph *g = s->g;
  for (uint32_t v = 0; v < g->n; v++) {
    s->dist[v] = INFINITY;
    s->sigma[v] = 0;
    s->done[v] = 0;
  }
  s->nsettled = 0;
  s->dist[src] = 0;
  s->sigma[src] = 1;
  if (!s->weighted) {
    uint32_t head = 0;
    s->order[s->nsettled++] = src;
    s->done[src] = 1;
    while (head < s->nsettled) {
      uint32_t v = s->order[head++];
      for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) {
        uint32_t w = g->adj[k];
        if (!s->done[w]) {
          s->done[w] = 1;
          s->dist[w] = s->dist[v] + 1;
          s->order[s->nsettled++] = w;
        }
        if (s->dist[w] == s->dist[v] + 1) s->sigma[w] += s->sigma[v];
      }
    }
    return;
  }
  s->nheap = 0;
  heap_push(s, 0, src);
  while (s->nheap) {
    heap_item it = heap_pop(s);
    uint32_t v = it.v;
    if (s->done[v]) continue;
    s->done[v] = 1;
    s->order[s->nsettled++] = v;
    for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) {
      uint32_t w = g->adj[k];
      double d = s->dist[v] + length_of(g, g->adj_edge[k]);
      if (s->done[w]) continue;
      if (d < s->dist[w]) {
        s->dist[w] = d;
        s->sigma[w] = s->sigma[v];
        heap_push(s, d, w);
      } else if (d == s->dist[w]) {
        s->sigma[w] += s->sigma[v];
      }
    }
  }
}

static int is_pred(const sssp *s, uint32_t v, uint32_t w, uint32_t e) {
  if (!s->weighted) return s->dist[v] + 1 == s->dist[w];
  return s->dist[v] + length_of(s->g, e) == s->dist[w];
}

/* ---- the measures ---- */

/* Brandes on an unweighted graph: breadth-first levels as integers, and the
   backward pass takes as predecessors the neighbours one level up. The
   general version below computes the same with doubles and a heap. */
static int betweenness_unweighted(const dip_graph *g, double *score) {
  dip_mem *m = (dip_mem *)&g->mem;
  uint32_t n = g->n, *order = dip_alloc_array(m, n, sizeof *order);
  int32_t *level = dip_alloc_array(m, n, sizeof *level);
  double *sigma = dip_alloc_array(m, n, sizeof *sigma), *delta = dip_alloc_array(m, n, sizeof *delta);
  int rc = DIP_ENOMEM;
  if (!order || !level || !sigma || !delta) goto done;
  for (uint32_t v = 0; v < n; v++) score[v] = 0;
  for (uint32_t src = 0; src < n; src++) {
    uint32_t head = 0, tail = 1;
    for (uint32_t v = 0; v < n; v++) level[v] = -1, sigma[v] = 0, delta[v] = 0;
    level[src] = 0;
    sigma[src] = 1;
    order[0] = src;
    while (head < tail) {
      uint32_t v = order[head++];
      int32_t next = level[v] + 1;
      double paths = sigma[v];
      for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) {
        uint32_t w = g->adj[k];
        if (level[w] < 0) level[w] = next, order[tail++] = w;
        if (level[w] == next) sigma[w] += paths;
      }
    }
    for (uint32_t i = tail; i-- > 0;) {
      uint32_t w = order[i];
      int32_t up = level[w] - 1;
      double coeff = (1 + delta[w]) / sigma[w];
      for (uint32_t k = g->off[w]; k < g->off[w + 1]; k++) {
        uint32_t v = g->adj[k];
        if (level[v] == up) delta[v] += sigma[v] * coeff;
      }
      if (w != src) score[w] += delta[w];
    }
  }
  if (n > 2) {
    double scale = 1.0 / ((double)(n - 1) * (double)(n - 2));
    for (uint32_t v = 0; v < n; v++) score[v] *= scale;
  }
  rc = DIP_OK;
done:
  DIP_FREE_ARRAY(m, order, n ? n : 1);
  DIP_FREE_ARRAY(m, level, n ? n : 1);
  DIP_FREE_ARRAY(m, sigma, n ? n : 1);
  DIP_FREE_ARRAY(m, delta, n ? n : 1);
  return rc;
}

static int betweenness(const dip_graph *g, int weighted, double *score) {
  dip_mem *m = (dip_mem *)&g->mem;
  sssp s;
  if (!weighted) return betweenness_unweighted(g, score);
  double *delta = dip_alloc_array(m, g->n, sizeof *delta);
  int rc = DIP_ENOMEM;
  if (sssp_init(&s, g, weighted) || !delta) goto done;
  for (uint32_t v = 0; v < g->n; v++) score[v] = 0;
  for (uint32_t src = 0; src < g->n; src++) {
    sssp_run(&s, src);
    for (uint32_t i = 0; i < s.nsettled; i++) delta[s.order[i]] = 0;
    for (uint32_t i = s.nsettled; i-- > 0;) {
      uint32_t w = s.order[i];
      double coeff = (1 + delta[w]) / s.sigma[w];
      for (uint32_t k = g->off[w]; k < g->off[w + 1]; k++) {
        uint32_t v = g->adj[k];
        if (s.done[v] && is_pred(&s, v, w, g->adj_edge[k])) delta[v] += s.sigma[v] * coeff;
      }
      if (w != src) score[w] += delta[w];
    }
  }
  if (g->n > 2) {
    double scale = 1.0 / ((double)(g->n - 1) * (double)(g->n - 2));
    for (uint32_t v = 0; v < g->n; v++) score[v] *= scale;
  }
  rc = DIP_OK;
done:
  sssp_free(&s);
  DIP_FREE_ARRAY(m, delta, g->n ? g->n : 1);
  return rc;
}

static int closeness(const dip_graph *g, int weighted, double *score) {
  sssp s;
  int rc = DIP_ENOMEM;
  if (sssp_init(&s, g, weighted)) goto done;
  for (uint32_t src = 0; src < g->n; src++) {
    double total = 0, c = 0;
    sssp_run(&s, src);
    for (uint32_t i = 0; i < s.nsettled; i++) total += s.dist[s.order[i]];
    if (total > 0 && g->n > 1) {
      c = ((double)s.nsettled - 1.0) / total;
      c *= ((double)s.nsettled - 1.0) / (double)(g->n - 1);
    }
    score[src] = c;
  }
  rc = DIP_OK;
done:
  sssp_free(&s);
  return rc;
}

static int eigenvector(const dip_graph *g, int weighted, double *score) {
  dip_mem *m = (dip_mem *)&g->mem;
  double *last = dip_alloc_array(m, g->n, sizeof *last);
  if (!last) return DIP_ENOMEM;
  for (uint32_t v = 0; v < g->n; v++) score[v] = 1.0 / (double)g->n;
  for (int iter = 0; iter < DIP_POWER_MAX_ITER; iter++) {
    double norm = 0, change = 0;
    memcpy(last, score, (size_t)g->n * sizeof *last);
    /* x = (A + I) xlast */
    for (uint32_t v = 0; v < g->n; v++)
      for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++)
        score[g->adj[k]] += last[v] * (weighted ? (double)g->weight[g->adj_edge[k]] : 1.0);
    for (uint32_t v = 0; v < g->n; v++) norm = hypot(norm, score[v]);
    if (norm == 0) norm = 1;
    for (uint32_t v = 0; v < g->n; v++) {
      score[v] /= norm;
      change += fabs(score[v] - last[v]);
    }
    if (change < (double)g->n * DIP_POWER_TOL) break;
  }
  DIP_FREE_ARRAY(m, last, g->n ? g->n : 1);
  return DIP_OK;
}

static int pagerank(const dip_graph *g, int weighted, double *score) {
  const double alpha = 0.85;
  dip_mem *m = (dip_mem *)&g->mem;
  double *last = dip_alloc_array(m, g->n, sizeof *last), *inv = dip_alloc_array(m, g->n, sizeof *inv);
  double n = (double)g->n;
  if (!last || !inv) {
    DIP_FREE_ARRAY(m, last, g->n ? g->n : 1);
    DIP_FREE_ARRAY(m, inv, g->n ? g->n : 1);
    return DIP_ENOMEM;
  }
  for (uint32_t v = 0; v < g->n; v++) {
    double s = 0;
    for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) s += weighted ? (double)g->weight[g->adj_edge[k]] : 1.0;
    inv[v] = s != 0 ? 1.0 / s : 0; /* 0: dangling (an isolated node) */
    score[v] = 1.0 / n;
  }
  for (int iter = 0; iter < DIP_POWER_MAX_ITER; iter++) {
    double dangling = 0, change = 0;
    memcpy(last, score, (size_t)g->n * sizeof *last);
    for (uint32_t v = 0; v < g->n; v++)
      if (inv[v] == 0) dangling += last[v];
    for (uint32_t w = 0; w < g->n; w++) {
      double in = 0;
      for (uint32_t k = g->off[w]; k < g->off[w + 1]; k++) {
        uint32_t v = g->adj[k];
        in += last[v] * ((weighted ? (double)g->weight[g->adj_edge[k]] : 1.0) * inv[v]);
      }
      score[w] = alpha * (in + dangling * (1.0 / n)) + (1 - alpha) * (1.0 / n);
    }
    for (uint32_t v = 0; v < g->n; v++) change += fabs(score[v] - last[v]);
    if (change < n * DIP_POWER_TOL) break;
  }
  DIP_FREE_ARRAY(m, last, g->n ? g->n : 1);
  DIP_FREE_ARRAY(m, inv, g->n ? g->n : 1);
  return DIP_OK;
}

int dip_centrality(const dip_graph *g, int measure, int weighted, double *score) {
  switch (measure) {
    case DIP_DEGREE:
      for (uint32_t v = 0; v < g->n; v++)
        score[v] = g->n <= 1 ? 1.0 : (double)(g->off[v + 1] - g->off[v]) * (1.0 / (double)(g->n - 1));
      return DIP_OK;
    case DIP_STRENGTH:
      for (uint32_t v = 0; v < g->n; v++) {
        double s = 0;
        for (uint32_t k = g->off[v]; k < g->off[v + 1]; k++) s += g->weight[g->adj_edge[k]];
        score[v] = s;
      }
      return DIP_OK;
    case DIP_CLOSENESS: return closeness(g, weighted, score);
    case DIP_BETWEENNESS: return betweenness(g, weighted, score);
    case DIP_EIGENVECTOR: return g->n ? eigenvector(g, weighted, score) : DIP_OK;
    case DIP_PAGERANK: return g->n ? pagerank(g, weighted, score) : DIP_OK;
    default: return DIP_EINVAL;
  }
}
