/* query.h: the indexes and the who-meets-whom queries (rules 1 to 7 of the format) */
#ifndef DIP_QUERY_H
#define DIP_QUERY_H

#include <stdint.h>
#include "model.h"

/* Events whose span is longer than this go to a short list of their own, so
   that a window can binary-search the start order for the rest. */
#if !defined(DIP_LONG_EVENT)
#define DIP_LONG_EVENT (32 * 86400)
#endif

typedef struct dip_csr {
  uint32_t *off;   /* n + 1 offsets */
  uint32_t *val;
  uint32_t n, nval;
} dip_csr;

typedef struct dip_partner {
  uint32_t actor, count, first, last; /* first and last: events */
} dip_partner;

typedef struct dip_venue {
  uint32_t place, count;
} dip_venue;

/* A growable list of ranks (one actor's events in the delta). */
typedef struct dip_ranks {
  uint32_t *v, n, cap;
} dip_ranks;

/* The delta is merged into the main part once it holds more than this many
   ranks and more than a DIP_DELTA_PART-th of the main part. */
#if !defined(DIP_DELTA_MIN)
#define DIP_DELTA_MIN 256u
#endif
#if !defined(DIP_DELTA_PART)
#define DIP_DELTA_PART 16u
#endif
/* More ranks than this added at once are filed in the delta as one batch. */
#if !defined(DIP_DELTA_BATCH)
#define DIP_DELTA_BATCH 32u
#endif

typedef struct dip_index {
  uint32_t generation;
  uint32_t nevents, nparts, nactors, nplaces; /* the sizes it was built for */
  uint32_t *order;        /* events by start, then id (an event's position here is its rank) */
  uint32_t *rank;         /* each event's position in order */
  /* Participants are numbered again in rank order (the "index participant"),
     so that queries, which walk events in rank order, read memory in order:
     rank r's participants are rparts[r] .. rparts[r + 1] - 1, and side and
     stands are indexed by that number. dip_ipart converts. */
  uint32_t *rparts;
  unsigned char *flags;   /* per rank: status (bits 0-2), meeting class (bit 3) */
  uint32_t qfrom;         /* the current query: ranks below need their span checked */
  int64_t max_short;      /* longest span among the other events */
  uint32_t *longs, nlong; /* ranks of long events, ascending */
  uint32_t *side;         /* of each index participant (rule 3) */
  dip_csr stands;         /* index participant -> actors standing for it (rule 4) */
  dip_csr actor_events;   /* actor -> ranks of events where it stands for someone */
  dip_csr ties;           /* actor -> its position and part_of relations, file order */
  dip_csr joined;         /* actor -> its member_of relations */
  dip_csr members;        /* organization -> member_of relations naming it */
  uint32_t *pre, *post;   /* place tree numbering: x within y iff pre[y] <= pre[x] && post[x] <= post[y] */
  uint32_t *actor_idrank; /* each actor's position in id order, so that sorting by id compares integers */
  uint32_t *place_idrank;
  uint32_t *stamp, stampv;/* per actor, for walks */
  uint32_t *queue;        /* per actor, for walks */
  uint32_t *count, *first, *last; /* per actor, for partners */
  uint32_t *place_count;  /* per place, for venues */
  /* results of the last query, owned here */
  uint32_t *res, nres, rescap;
  dip_partner *partners; uint32_t npartners, partnercap;
  dip_venue *venues; uint32_t nvenues, venuecap;
  /* Keeping up with additions (every field zero in an index just built,
     merged or read from a snapshot). Ranks [0, nmain) are the main part, in
     start-then-id order; ranks [nmain, nevents + nmoved) are the delta, the
     events indexed since, in the order they came. An event whose sides or
     stands changed (a new post or part_of) gets a fresh rank in the delta and
     its old rank the flag "moved", which every query skips. */
  uint32_t nrelations;    /* relations indexed */
  uint32_t ndelta, nmoved;
  uint32_t *dsorted, dsortcap; /* the delta's ranks in start-then-id order (then rank) */
  uint32_t *dins, dinscap;/* per delta rank (minus nmain): the first main rank that comes after it */
  dip_ranks *dpost;       /* per actor: delta ranks where it stands, in dsorted's order (NULL: no delta yet) */
  int64_t dspan;          /* the longest span in the delta */
  uint32_t evcap, rankcap, flagcap, rpcap, ipcap, offcap, valcap; /* capacities while growing; 0: exactly the size */
} dip_index;

typedef struct dip_query {
  int has_from, has_to;
  dip_span from, to;
  uint32_t place;          /* DIP_NONE: anywhere */
  const uint32_t *types;   /* strings; ntypes 0: any type */
  uint32_t ntypes;
  unsigned statuses;       /* bit per enum dip_status; 0: the default */
  int members;             /* rule 4 with membership */
  uint32_t kind;           /* string, for partners; DIP_NONE: any */
  uint32_t actor, with;    /* for events; DIP_NONE: none */
  const unsigned char *keep; /* per event handle, nonzero keeps it (cameo, where); NULL: every event */
} dip_query;

/* The index participant of participant k of event e (see dip_index.rparts). */
static inline uint32_t dip_ipart(const dip_index *x, uint32_t e, uint32_t k) { return x->rparts[x->rank[e]] + k; }

void dip_query_init(dip_query *q);
void dip_index_free(dip_dataset *ds);
/* A new empty index for the dataset's present sizes, in place of any old
   one; NULL when memory is exhausted. */
dip_index *dip_index_new(dip_dataset *ds);
/* Allocates the per-actor and per-place work arrays of an index whose sizes
   are set, and numbers actors and places in id order; 0, or -1 when memory
   is exhausted. */
int dip_index_scratch(dip_dataset *ds, dip_index *x);
/* Brings the indexes up to date for queries: built in full the first time,
   then kept current at a cost that follows the change (objects appended since
   go to the delta). DIP_ENOMEM when memory is exhausted. A change to the
   dataset other than appending objects must drop the index (dip_index_free). */
int dip_index_ready(dip_dataset *ds);
/* The same, with any delta merged into the main part: the index as a
   snapshot stores it (every rank in start-then-id order, none moved). */
int dip_index_update(dip_dataset *ds);
/* The number of ranks (events indexed plus moved ones) and of the main part. */
static inline uint32_t dip_nranks(const dip_index *x) { return x->nevents + x->nmoved; }
static inline uint32_t dip_nmain(const dip_index *x) { return x->nevents + x->nmoved - x->ndelta; }

/* Each query leaves its answer in ds->index (res, partners or venues). */
int dip_events(dip_dataset *ds, const dip_query *q);
int dip_meetings(dip_dataset *ds, uint32_t a, uint32_t b, const dip_query *q);
int dip_partners(dip_dataset *ds, uint32_t a, const dip_query *q);
/* b may be DIP_NONE: a's meetings with anyone */
int dip_venues(dip_dataset *ds, uint32_t a, uint32_t b, const dip_query *q);

/* Rule 2: the affiliation set of actor at span (NULL: at any time), in
   breadth-first order, left in res. */
int dip_affiliations(dip_dataset *ds, uint32_t actor, const dip_span *at);
/* Organizations actor is member_of at span (NULL: any time), sorted by id, in res. */
int dip_memberships(dip_dataset *ds, uint32_t actor, const dip_span *at);
/* Members of org at span (NULL: any time), sorted by id, in res. */
int dip_members(dip_dataset *ds, uint32_t org, const dip_span *at);
/* Rule 3: the side of participant k of event e. */
uint32_t dip_side(dip_dataset *ds, uint32_t e, uint32_t k);
/* The same for a participant given by its place in ds->parts. */
uint32_t dip_part_side(dip_dataset *ds, uint32_t part);
/* Whether place x is place y or within it (0 also when the index cannot be built for want of memory). */
int dip_place_within(dip_dataset *ds, uint32_t x, uint32_t y);

/* Calls visit(ds, e, ctx) for each event matching q's window, place, type and
   status (with meetings set: only meetings, rule 1; q->actor and q->with are
   ignored), in start order, then id. Stops at the first nonzero return and
   returns it. The index must be current (dip_index_update). */
typedef int (*dip_visit_fn)(dip_dataset *ds, uint32_t e, void *ctx);
int dip_each_event(dip_dataset *ds, const dip_query *q, int meetings, dip_visit_fn visit, void *ctx);
/* Rule 4: whether actor stands for participant k of event e. */
int dip_stands_for(dip_dataset *ds, uint32_t actor, uint32_t e, uint32_t k, int members);
/* Rule 5: whether a and b meet at event e (class and status not checked). */
int dip_meet(dip_dataset *ds, uint32_t a, uint32_t b, uint32_t e, int members);

/* Objects sorted by id: all actors or places (of kind, unless DIP_NONE), in res. */
int dip_list_actors(dip_dataset *ds, uint32_t kind);
int dip_list_places(dip_dataset *ds, uint32_t kind);

#endif
