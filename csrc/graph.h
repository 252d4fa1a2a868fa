/* graph.h: the weighted meeting graph (who meets whom over a query) and its structure */
#ifndef DIP_GRAPH_H
#define DIP_GRAPH_H

#include <stdint.h>
#include "query.h"

/* Who the nodes of a network are. */
enum dip_nodes {
  DIP_NODES_SIDES,        /* the sides of the participants (rule 3) */
  DIP_NODES_PARTICIPANTS, /* the participants' actors as listed */
  DIP_NODES_KIND          /* every actor of one kind standing for a participant (rule 4) */
};

/* An undirected graph whose nodes are actors. Nodes are numbered in the
   order of their actors' ids, so node order is id order. Edges are numbered
   by weight descending, then by their nodes. The graph owns its memory
   (through its own copy of the allocator), so it outlives nothing it needs. */
typedef struct dip_graph {
  dip_mem mem;
  uint32_t n, m;
  uint32_t *actor;          /* n: the actor of each node */
  uint32_t *off;            /* n + 1: adjacency rows */
  uint32_t *adj, *adj_edge; /* 2m: neighbor and edge, each row sorted by neighbor */
  uint32_t *ea, *eb;        /* m: the two nodes of each edge, ea < eb */
  uint32_t *weight;         /* m: meetings */
  uint32_t *first, *last;   /* m: the earliest and the latest meeting (events) */
  uint32_t *ev_off, *ev;    /* m + 1 offsets into ev: each edge's meetings in start order */
  uint32_t nev;
} dip_graph;

/* The meeting graph of the meetings matching q (rule 1 and q's filters).
   kind is a string handle, used with DIP_NODES_KIND. On DIP_OK *out is the
   new graph; otherwise *out is NULL and ds->err says why. */
int dip_network(dip_dataset *ds, const dip_query *q, int nodes, uint32_t kind, dip_graph **out);

/* A graph from an edge list over nodes 0..n-1 (actor i is node i; edges
   must join distinct nodes, each pair at most once), for tests and tools.
   Edges get no meetings. Returns DIP_OK, DIP_EINVAL or DIP_ENOMEM. */
int dip_graph_from_edges(dip_mem *mem, uint32_t n, uint32_t m, const uint32_t *a, const uint32_t *b,
                         const uint32_t *weight, dip_graph **out);

void dip_graph_free(dip_graph *g);

/* The edge joining nodes u and v, or DIP_NONE. */
uint32_t dip_graph_edge(const dip_graph *g, uint32_t u, uint32_t v);
/* The node of actor, or DIP_NONE. */
uint32_t dip_graph_node(const dip_graph *g, uint32_t actor);

/* The subgraph induced by the nodes within radius hops of node (networkx's
   ego_graph); edges keep their meetings. */
int dip_graph_ego(const dip_graph *g, uint32_t node, uint32_t radius, dip_graph **out);

/* Connected components: comp[v] numbers them 0..*ncomp-1, the largest first
   (ties: the one holding the lowest node first). */
int dip_components(const dip_graph *g, uint32_t *comp, uint32_t *ncomp);

/* Who is present at a meeting (rule 4) and for which sides: filled by
   dip_attend for one event, read through who[] and side[]. */
#define DIP_MIXED (UINT32_MAX - 1)

typedef struct dip_attendance {
  dip_mem *mem;
  uint32_t nactors;
  uint32_t *stamp, stampv;  /* per actor: present at the current event when stamp == stampv */
  uint32_t *side;           /* per present actor: the one side it stands for, or DIP_MIXED */
  uint32_t *who, nwho;      /* the present actors in order of first appearance */
} dip_attendance;

int dip_attendance_init(dip_attendance *at, dip_dataset *ds);
void dip_attendance_free(dip_attendance *at);
/* Fills at for event e: every actor standing for a participant (with
   members: by membership too). Two present actors a != b meet (rule 5)
   exactly when side[a] != side[b] or side[a] == DIP_MIXED. The index must
   be current. */
void dip_attend(dip_dataset *ds, dip_attendance *at, uint32_t e, int members);

static inline int dip_attend_meet(const dip_attendance *at, uint32_t a, uint32_t b) {
  return a != b && (at->side[a] != at->side[b] || at->side[a] == DIP_MIXED);
}

#endif
