/* centrality.h: centrality measures and communities of a dip_graph, as networkx defines them */
#ifndef DIP_CENTRALITY_H
#define DIP_CENTRALITY_H

#include <stdint.h>
#include "graph.h"

enum dip_measure {
  DIP_DEGREE,      /* degree / (n - 1) */
  DIP_STRENGTH,    /* the sum of the weights of a node's edges */
  DIP_CLOSENESS,   /* Wasserman and Faust: (r - 1)/sum of distances * (r - 1)/(n - 1), r nodes reached */
  DIP_BETWEENNESS, /* Brandes, normalized by 2/((n - 1)(n - 2)) */
  DIP_EIGENVECTOR, /* power iteration on A + I from the uniform vector, unit Euclidean norm */
  DIP_PAGERANK,    /* damping 0.85, uniform teleport and dangling vectors */
  DIP_NMEASURES
};

/* Power iterations (eigenvector, PageRank) stop, as networkx's do, when the
   L1 change falls below n * DIP_POWER_TOL, or after DIP_POWER_MAX_ITER rounds. */
#if !defined(DIP_POWER_TOL)
#define DIP_POWER_TOL 1e-6
#endif
#if !defined(DIP_POWER_MAX_ITER)
#define DIP_POWER_MAX_ITER 1000
#endif

/* Fills score[0..n) with the measure of each node. weighted: closeness and
   betweenness count an edge's length as 1/weight (Dijkstra); eigenvector and
   PageRank weigh each edge by its weight. Degree and strength ignore it.
   Returns DIP_OK, DIP_EINVAL (no such measure) or DIP_ENOMEM. */
int dip_centrality(const dip_graph *g, int measure, int weighted, double *score);

/* Louvain communities (Blondel et al.), as networkx's louvain_communities
   does it: nodes visited in an order shuffled by a generator seeded with
   seed, a move taken when it raises modularity, levels aggregated until a
   level adds less than 1e-7. comm[v] numbers the communities 0..*ncomm-1,
   the largest first (ties: the one holding the lowest node first). */
int dip_communities(const dip_graph *g, uint64_t seed, double resolution, uint32_t *comm, uint32_t *ncomm);

/* Modularity of a partition (weights counted), for checking communities. */
double dip_modularity(const dip_graph *g, const uint32_t *comm, double resolution);

#endif
