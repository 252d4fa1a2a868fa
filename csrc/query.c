/* query.c: indexes over the dataset and the queries of who meets whom */
#include <stdlib.h>
#include <string.h>
#include "query.h"

static int oom(dip_dataset *ds) { return dip_set_err(ds, DIP_ENOMEM, "out of memory"); }

void dip_query_init(dip_query *q) {
  memset(q, 0, sizeof *q);
  q->place = q->kind = q->actor = q->with = DIP_NONE;
}

#define DIP_FLAG_STATUS 7u
#define DIP_FLAG_MEETING 8u
#define DIP_FLAG_MOVED 16u /* the event has a newer rank */


static void csr_free(dip_mem *m, dip_csr *c) {
  dip_free(m, c->off, ((size_t)c->n + 1) * sizeof *c->off);
  DIP_FREE_ARRAY(m, c->val, c->nval);
  memset(c, 0, sizeof *c);
}

/* The number of elements an index array holds: its capacity while growing, else its size. */
static size_t held(uint32_t cap, size_t n) { return cap ? cap : (n ? n : 1); }

static void delta_free(dip_dataset *ds, dip_index *x) {
  dip_mem *m = &ds->mem;
  if (x->dpost) {
    for (uint32_t a = 0; a < x->nactors; a++) DIP_FREE_ARRAY(m, x->dpost[a].v, x->dpost[a].cap);
    DIP_FREE_ARRAY(m, x->dpost, x->nactors);
  }
  DIP_FREE_ARRAY(m, x->dsorted, x->dsortcap);
  DIP_FREE_ARRAY(m, x->dins, x->dinscap);
  x->dpost = NULL;
  x->dsorted = x->dins = NULL;
  x->dsortcap = x->dinscap = x->ndelta = 0;
  x->dspan = 0;
}

static void index_clear(dip_dataset *ds, dip_index *x) {
  dip_mem *m = &ds->mem;
  uint32_t nranks = dip_nranks(x), nactors = x->nactors, nplaces = x->nplaces;
  delta_free(ds, x);
  dip_free(m, x->order, held(x->rankcap, nranks) * sizeof *x->order);
  dip_free(m, x->flags, held(x->flagcap, nranks) * sizeof *x->flags);
  dip_free(m, x->rank, held(x->evcap, x->nevents) * sizeof *x->rank);
  dip_free(m, x->rparts, (x->rpcap ? x->rpcap : (size_t)nranks + 1) * sizeof *x->rparts);
  DIP_FREE_ARRAY(m, x->longs, x->nlong);
  dip_free(m, x->side, held(x->ipcap, x->nparts) * sizeof *x->side);
  dip_free(m, x->stands.off, (x->offcap ? x->offcap : (size_t)x->stands.n + 1) * sizeof *x->stands.off);
  dip_free(m, x->stands.val, held(x->valcap, x->stands.nval) * sizeof *x->stands.val);
  csr_free(m, &x->actor_events);
  csr_free(m, &x->ties);
  csr_free(m, &x->joined);
  csr_free(m, &x->members);
  DIP_FREE_ARRAY(m, x->pre, nplaces);
  DIP_FREE_ARRAY(m, x->post, nplaces);
  DIP_FREE_ARRAY(m, x->stamp, nactors);
  DIP_FREE_ARRAY(m, x->queue, nactors);
  DIP_FREE_ARRAY(m, x->count, nactors);
  DIP_FREE_ARRAY(m, x->first, nactors);
  DIP_FREE_ARRAY(m, x->last, nactors);
  DIP_FREE_ARRAY(m, x->place_count, nplaces);
  DIP_FREE_ARRAY(m, x->actor_idrank, nactors);
  DIP_FREE_ARRAY(m, x->place_idrank, nplaces);
  DIP_FREE_ARRAY(m, x->res, x->rescap);
  DIP_FREE_ARRAY(m, x->partners, x->partnercap);
  DIP_FREE_ARRAY(m, x->venues, x->venuecap);
  memset(x, 0, sizeof *x);
}

void dip_index_free(dip_dataset *ds) {
  dip_index *x = ds->index;
  if (!x) return;
  index_clear(ds, x);
  dip_free(&ds->mem, x, sizeof *x);
  ds->index = NULL;
}

/* ---- building ---- */

/* The dataset whose objects qsort is comparing (qsort has no context argument). */
static const dip_dataset *sort_ds;

/* qsort, but never handed the NULL of an array nothing was pushed to (undefined even for 0 elements). */
static void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *)) {
  if (n > 1) qsort(base, n, size, cmp);
}

typedef struct start_key {
  int64_t lo;
  uint32_t event;
} start_key;

static int by_start_then_id(const void *pa, const void *pb) {
  const start_key *a = pa, *b = pb;
  if (a->lo != b->lo) return a->lo < b->lo ? -1 : 1;
  return strcmp(dip_str(sort_ds, sort_ds->events[a->event].id), dip_str(sort_ds, sort_ds->events[b->event].id));
}

/* Whether the events' ids ascend in storage order (as in most files): then a
   stable sort by start alone gives the order by start, then id. */
static int ids_ascend(const dip_dataset *ds) {
  for (uint32_t e = 1; e < ds->nevents; e++)
    if (strcmp(dip_str(ds, ds->events[e - 1].id), dip_str(ds, ds->events[e].id)) >= 0) return 0;
  return 1;
}

/* A stable least-significant-digit radix sort of the keys by start, 16 bits a pass. */
static int radix_sort(dip_dataset *ds, start_key *keys, uint32_t n) {
  start_key *tmp = dip_alloc_array(&ds->mem, n, sizeof *tmp), *from = keys, *to = tmp;
  uint32_t *count = dip_alloc_array(&ds->mem, 65536, sizeof *count);
  if (!tmp || !count) {
    DIP_FREE_ARRAY(&ds->mem, tmp, n);
    DIP_FREE_ARRAY(&ds->mem, count, 65536);
    return -1;
  }
  for (int shift = 0; shift < 64; shift += 16) {
    uint32_t sum = 0;
    memset(count, 0, 65536 * sizeof *count);
    /* the sign bit flipped, so that negative starts come first */
    for (uint32_t i = 0; i < n; i++) count[(((uint64_t)from[i].lo ^ (1ull << 63)) >> shift) & 0xffff]++;
    for (uint32_t d = 0; d < 65536; d++) {
      uint32_t c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (uint32_t i = 0; i < n; i++) to[count[(((uint64_t)from[i].lo ^ (1ull << 63)) >> shift) & 0xffff]++] = from[i];
    start_key *t = from;
    from = to;
    to = t;
  }
  /* four passes leave the result back in keys */
  DIP_FREE_ARRAY(&ds->mem, tmp, n);
  DIP_FREE_ARRAY(&ds->mem, count, 65536);
  return 0;
}

/* Fills a CSR of n rows from (row, value) pairs given by a callback pass. */
typedef struct csr_builder {
  dip_dataset *ds;
  dip_csr *c;
  int counting;
  uint32_t *fill;
} csr_builder;

static void csr_emit(csr_builder *b, uint32_t row, uint32_t val) {
  if (b->counting) b->c->off[row + 1]++;
  else b->c->val[b->fill[row]++] = val;
}

static int csr_begin(csr_builder *b, dip_dataset *ds, dip_csr *c, uint32_t n) {
  b->ds = ds;
  b->c = c;
  b->counting = 1;
  b->fill = NULL;
  c->n = n;
  c->nval = 0;
  c->val = NULL;
  if (!(c->off = dip_alloc_array(&ds->mem, (size_t)n + 1, sizeof *c->off))) return -1;
  memset(c->off, 0, ((size_t)n + 1) * sizeof *c->off);
  return 0;
}

static int csr_middle(csr_builder *b) {
  dip_csr *c = b->c;
  uint64_t total = 0;
  for (uint32_t i = 0; i < c->n; i++) {
    total += c->off[i + 1];
    if (total > DIP_MAX_COUNT) return -1;
    c->off[i + 1] = (uint32_t)total;
  }
  c->nval = (uint32_t)total;
  if (!(c->val = dip_alloc_array(&b->ds->mem, c->nval, sizeof *c->val))) return -1;
  if (!(b->fill = dip_alloc_array(&b->ds->mem, c->n, sizeof *b->fill))) return -1;
  memcpy(b->fill, c->off, (size_t)c->n * sizeof *b->fill);
  b->counting = 0;
  return 0;
}

static void csr_end(csr_builder *b) {
  DIP_FREE_ARRAY(&b->ds->mem, b->fill, b->c->n ? b->c->n : 1);
  b->fill = NULL;
}

static int build_relations(dip_dataset *ds, dip_index *x) {
  csr_builder t, j, m;
  int rc = -1;
  memset(&t, 0, sizeof t);
  memset(&j, 0, sizeof j);
  memset(&m, 0, sizeof m);
  if (csr_begin(&t, ds, &x->ties, ds->nactors) || csr_begin(&j, ds, &x->joined, ds->nactors) ||
      csr_begin(&m, ds, &x->members, ds->nactors))
    goto done;
  for (int pass = 0; pass < 2; pass++) {
    for (uint32_t r = 0; r < ds->nrelations; r++) {
      const dip_relation *rel = &ds->relations[r];
      if (rel->type == ds->words[W_POSITION] || rel->type == ds->words[W_PART_OF]) csr_emit(&t, rel->actor, r);
      if (rel->type == ds->words[W_MEMBER_OF]) {
        csr_emit(&j, rel->actor, r);
        csr_emit(&m, rel->target, r);
      }
    }
    if (pass == 0 && (csr_middle(&t) || csr_middle(&j) || csr_middle(&m))) goto done;
  }
  rc = 0;
done:
  if (t.fill || t.c) csr_end(&t);
  if (j.fill || j.c) csr_end(&j);
  if (m.fill || m.c) csr_end(&m);
  return rc;
}

static int overlaps(dip_span a, dip_span b) { return a.lo <= b.hi && b.lo <= a.hi; }

/* Rule 2: the walk fills x->queue[0..n) with the affiliation set in
   breadth-first order and stamps its members. */
static uint32_t walk_affiliations(dip_dataset *ds, dip_index *x, uint32_t actor, const dip_span *at) {
  uint32_t n = 0, head = 0, v = ++x->stampv;
  if (v == 0) { /* the stamp wrapped: clear and start over */
    memset(x->stamp, 0, (size_t)ds->nactors * sizeof *x->stamp);
    v = x->stampv = 1;
  }
  x->stamp[actor] = v;
  x->queue[n++] = actor;
  while (head < n) {
    uint32_t a = x->queue[head++];
    for (uint32_t k = x->ties.off[a]; k < x->ties.off[a + 1]; k++) {
      const dip_relation *rel = &ds->relations[x->ties.val[k]];
      if (at && !overlaps(dip_relation_span(ds, rel), *at)) continue;
      if (x->stamp[rel->target] == v) continue;
      x->stamp[rel->target] = v;
      x->queue[n++] = rel->target;
    }
  }
  return n;
}

/* Rule 3 for one participant, whose affiliation set the last walk left in the queue. */
static uint32_t side_from_walk(dip_dataset *ds, dip_index *x, const dip_participant *p, uint32_t n) {
  if (p->side != DIP_NONE) return p->side;
  for (uint32_t i = 0; i < n; i++)
    if (ds->actors[x->queue[i]].kind == ds->words[W_STATE]) return x->queue[i];
  for (uint32_t i = 0; i < n; i++)
    if (ds->actors[x->queue[i]].kind == ds->words[W_ORGANIZATION]) return x->queue[i];
  return p->actor;
}

/* Rules 3 and 4 for every participant, in rank order: each one's side, and
   the actors standing for it as one row of the stands CSR (rows come in
   order, so the values are appended as they come). */
static int build_stands(dip_dataset *ds, dip_index *x) {
  dip_csr *c = &x->stands;
  uint32_t *vals = NULL, nvals = 0, cap = 0, np = x->rparts[x->nevents];
  if (!(x->side = dip_alloc_array(&ds->mem, ds->nparts, sizeof *x->side))) return -1;
  c->n = np;
  if (!(c->off = dip_alloc_array(&ds->mem, (size_t)np + 1, sizeof *c->off))) return -1;
  for (uint32_t r = 0; r < x->nevents; r++) {
    const dip_event *ev = &ds->events[x->order[r]];
    dip_span at = ds->dates[ev->start].span;
    for (uint32_t k = 0; k < ev->nparts; k++) {
      const dip_participant *p = &ds->parts[ev->parts + k];
      uint32_t ip = x->rparts[r] + k, n = walk_affiliations(ds, x, p->actor, &at), side = side_from_walk(ds, x, p, n);
      int extra = x->stamp[side] != x->stampv;
      x->side[ip] = side;
      c->off[ip] = nvals;
      if (nvals > DIP_MAX_COUNT - n - 1 || DIP_GROW(&ds->mem, vals, cap, nvals + n + (uint32_t)extra)) goto fail;
      if (n) memcpy(vals + nvals, x->queue, (size_t)n * sizeof *vals);
      nvals += n;
      if (extra) vals[nvals++] = side;
    }
  }
  c->off[np] = nvals;
  /* the rows keep exactly their size, so that freeing knows it */
  if (!(c->val = dip_alloc_array(&ds->mem, nvals, sizeof *c->val))) goto fail;
  if (nvals) memcpy(c->val, vals, (size_t)nvals * sizeof *vals);
  c->nval = nvals;
  dip_free(&ds->mem, vals, (size_t)cap * sizeof *vals);
  return 0;
fail:
  dip_free(&ds->mem, vals, (size_t)cap * sizeof *vals);
  return -1;
}

/* Each actor's events, as ranks in ascending order. One walk in rank order
   (the random accesses) writes (actor, rank) pairs; a stable counting sort by
   actor then lays out the rows, already in rank order. */
static int build_actor_events(dip_dataset *ds, dip_index *x) {
  dip_csr *c = &x->actor_events;
  uint32_t *lastrank = NULL, *pair_actor = NULL, *pair_rank = NULL, n = 0, cap = 0;
  int rc = -1;
  c->n = ds->nactors;
  if (!(lastrank = dip_alloc_array(&ds->mem, ds->nactors, sizeof *lastrank)) ||
      !(c->off = dip_alloc_array(&ds->mem, (size_t)ds->nactors + 1, sizeof *c->off)))
    goto done;
  cap = x->stands.nval;
  if (!(pair_actor = dip_alloc_array(&ds->mem, cap, sizeof *pair_actor)) || !(pair_rank = dip_alloc_array(&ds->mem, cap, sizeof *pair_rank)))
    goto done;
  memset(lastrank, 0xff, (size_t)(ds->nactors ? ds->nactors : 1) * sizeof *lastrank);
  for (uint32_t r = 0, nranks = dip_nranks(x); r < nranks; r++) {
    for (uint32_t ip = x->rparts[r]; ip < x->rparts[r + 1]; ip++) {
      for (uint32_t s = x->stands.off[ip]; s < x->stands.off[ip + 1]; s++) {
        uint32_t a = x->stands.val[s];
        if (lastrank[a] == r) continue;
        lastrank[a] = r;
        pair_actor[n] = a;
        pair_rank[n++] = r;
      }
    }
  }
  memset(c->off, 0, ((size_t)ds->nactors + 1) * sizeof *c->off);
  for (uint32_t i = 0; i < n; i++) c->off[pair_actor[i] + 1]++;
  for (uint32_t a = 0; a < ds->nactors; a++) c->off[a + 1] += c->off[a];
  if (!(c->val = dip_alloc_array(&ds->mem, n, sizeof *c->val))) goto done;
  c->nval = n;
  /* lastrank now serves as each row's next free position */
  memcpy(lastrank, c->off, (size_t)ds->nactors * sizeof *lastrank);
  for (uint32_t i = 0; i < n; i++) c->val[lastrank[pair_actor[i]]++] = pair_rank[i];
  rc = 0;
done:
  DIP_FREE_ARRAY(&ds->mem, lastrank, ds->nactors);
  DIP_FREE_ARRAY(&ds->mem, pair_actor, cap);
  DIP_FREE_ARRAY(&ds->mem, pair_rank, cap);
  return rc;
}

static int build_places(dip_dataset *ds, dip_index *x) {
  uint32_t n = ds->nplaces, clock = 0, *child_off = NULL, *child = NULL, *stack = NULL, *it = NULL;
  int rc = -1;
  if (!(x->pre = dip_alloc_array(&ds->mem, n, sizeof *x->pre)) || !(x->post = dip_alloc_array(&ds->mem, n, sizeof *x->post)) ||
      !(child_off = dip_alloc_array(&ds->mem, (size_t)n + 2, sizeof *child_off)) || !(child = dip_alloc_array(&ds->mem, n, sizeof *child)) ||
      !(stack = dip_alloc_array(&ds->mem, n, sizeof *stack)) || !(it = dip_alloc_array(&ds->mem, n, sizeof *it)))
    goto done;
  /* children lists, then an iterative depth-first numbering from each root */
  memset(child_off, 0, ((size_t)n + 2) * sizeof *child_off);
  for (uint32_t p = 0; p < n; p++)
    if (ds->places[p].within != DIP_NONE) child_off[ds->places[p].within + 2]++;
  for (uint32_t p = 0; p < n; p++) child_off[p + 2] += child_off[p + 1];
  for (uint32_t p = 0; p < n; p++)
    if (ds->places[p].within != DIP_NONE) child[child_off[ds->places[p].within + 1]++] = p;
  for (uint32_t root = 0; root < n; root++) {
    uint32_t top = 0;
    if (ds->places[root].within != DIP_NONE) continue;
    stack[top++] = root;
    x->pre[root] = clock++;
    it[root] = child_off[root];
    while (top) {
      uint32_t p = stack[top - 1];
      if (it[p] < child_off[p + 1]) {
        uint32_t c = child[it[p]++];
        x->pre[c] = clock++;
        it[c] = child_off[c];
        stack[top++] = c;
      } else {
        x->post[p] = clock++;
        top--;
      }
    }
  }
  rc = 0;
done:
  DIP_FREE_ARRAY(&ds->mem, child_off, (size_t)n + 2);
  DIP_FREE_ARRAY(&ds->mem, child, n ? n : 1);
  DIP_FREE_ARRAY(&ds->mem, stack, n ? n : 1);
  DIP_FREE_ARRAY(&ds->mem, it, n ? n : 1);
  return rc;
}

/* Builds the whole index anew. */
static int index_build(dip_dataset *ds) {
  dip_index *x;
  uint32_t ne = ds->nevents;
  if (!(x = dip_index_new(ds))) return oom(ds);
  if (!(x->order = dip_alloc_array(&ds->mem, ne, sizeof *x->order)) || dip_index_scratch(ds, x))
    goto fail;
  {
    /* the starts sit beside the events while sorting, not behind two lookups */
    start_key *keys = dip_alloc_array(&ds->mem, ne, sizeof *keys);
    if (!keys) goto fail;
    for (uint32_t e = 0; e < ne; e++) {
      keys[e].lo = ds->dates[ds->events[e].start].span.lo;
      keys[e].event = e;
    }
    sort_ds = ds;
    if (ids_ascend(ds)) {
      if (radix_sort(ds, keys, ne)) {
        DIP_FREE_ARRAY(&ds->mem, keys, ne);
        goto fail;
      }
    } else {
      sort_array(keys, ne, sizeof *keys, by_start_then_id);
    }
    for (uint32_t r = 0; r < ne; r++) x->order[r] = keys[r].event;
    DIP_FREE_ARRAY(&ds->mem, keys, ne);
  }
  x->max_short = 0;
  for (uint32_t r = 0; r < ne; r++) {
    dip_span s = dip_event_span(ds, &ds->events[x->order[r]]);
    if (s.hi - s.lo > DIP_LONG_EVENT) x->nlong++;
    else if (s.hi - s.lo > x->max_short) x->max_short = s.hi - s.lo;
  }
  if (!(x->rank = dip_alloc_array(&ds->mem, ne, sizeof *x->rank)) || !(x->flags = dip_alloc_array(&ds->mem, ne, sizeof *x->flags)) ||
      !(x->rparts = dip_alloc_array(&ds->mem, (size_t)ne + 1, sizeof *x->rparts)))
    goto fail;
  x->rparts[0] = 0;
  for (uint32_t r = 0; r < ne; r++) {
    const dip_event *ev = &ds->events[x->order[r]];
    unsigned st = ev->status == DIP_STATUS_UNSET ? DIP_HELD : ev->status;
    x->rank[x->order[r]] = r;
    x->rparts[r + 1] = x->rparts[r] + ev->nparts;
    x->flags[r] = (unsigned char)(st | (dip_is_meeting_type(ds, ev->type) ? DIP_FLAG_MEETING : 0));
  }
  if (!(x->longs = dip_alloc_array(&ds->mem, x->nlong, sizeof *x->longs))) goto fail;
  for (uint32_t r = 0, k = 0; r < ne; r++) {
    dip_span s = dip_event_span(ds, &ds->events[x->order[r]]);
    if (s.hi - s.lo > DIP_LONG_EVENT) x->longs[k++] = r;
  }
  if (build_relations(ds, x) || build_stands(ds, x) || build_actor_events(ds, x) || build_places(ds, x)) goto fail;
  x->generation = ds->generation;
  return DIP_OK;
fail:
  dip_index_free(ds);
  return oom(ds);
}

static int by_actor_string_id(const void *pa, const void *pb) {
  return strcmp(dip_str(sort_ds, sort_ds->actors[*(const uint32_t *)pa].id),
                dip_str(sort_ds, sort_ds->actors[*(const uint32_t *)pb].id));
}

static int by_place_string_id(const void *pa, const void *pb) {
  return strcmp(dip_str(sort_ds, sort_ds->places[*(const uint32_t *)pa].id),
                dip_str(sort_ds, sort_ds->places[*(const uint32_t *)pb].id));
}

/* rank[h] = position of object h in id order (ids are unique, so it is total). */
static int number_by_id(dip_dataset *ds, uint32_t n, int (*cmp)(const void *, const void *), uint32_t **rank) {
  uint32_t *order = dip_alloc_array(&ds->mem, n, sizeof *order);
  if (!order || !(*rank = dip_alloc_array(&ds->mem, n, sizeof **rank))) {
    DIP_FREE_ARRAY(&ds->mem, order, n);
    return -1;
  }
  for (uint32_t i = 0; i < n; i++) order[i] = i;
  sort_ds = ds;
  sort_array(order, n, sizeof *order, cmp);
  for (uint32_t i = 0; i < n; i++) (*rank)[order[i]] = i;
  DIP_FREE_ARRAY(&ds->mem, order, n);
  return 0;
}

static int id_ranks(dip_dataset *ds, dip_index *x) {
  return number_by_id(ds, x->nactors, by_actor_string_id, &x->actor_idrank) ||
         number_by_id(ds, x->nplaces, by_place_string_id, &x->place_idrank) ? -1 : 0;
}

dip_index *dip_index_new(dip_dataset *ds) {
  dip_index *x;
  dip_index_free(ds);
  if (!(x = dip_alloc(&ds->mem, sizeof *x))) return NULL;
  memset(x, 0, sizeof *x);
  x->nevents = ds->nevents;
  x->nparts = ds->nparts;
  x->nactors = ds->nactors;
  x->nplaces = ds->nplaces;
  x->nrelations = ds->nrelations;
  ds->index = x;
  return x;
}

int dip_index_scratch(dip_dataset *ds, dip_index *x) {
  uint32_t na = x->nactors;
  if (!(x->stamp = dip_alloc_array(&ds->mem, na, sizeof *x->stamp)) || !(x->queue = dip_alloc_array(&ds->mem, na, sizeof *x->queue)) ||
      !(x->count = dip_alloc_array(&ds->mem, na, sizeof *x->count)) || !(x->first = dip_alloc_array(&ds->mem, na, sizeof *x->first)) ||
      !(x->last = dip_alloc_array(&ds->mem, na, sizeof *x->last)) ||
      !(x->place_count = dip_alloc_array(&ds->mem, x->nplaces, sizeof *x->place_count)))
    return -1;
  memset(x->stamp, 0, (size_t)(na ? na : 1) * sizeof *x->stamp);
  memset(x->count, 0, (size_t)(na ? na : 1) * sizeof *x->count);
  memset(x->place_count, 0, (size_t)(x->nplaces ? x->nplaces : 1) * sizeof *x->place_count);
  x->stampv = 0;
  return id_ranks(ds, x);
}

/* ---- keeping the index current as objects are added ---- */

/* Grows an index array whose capacity cap (0: exactly n elements) must reach
   need, by an eighth at a time: the arrays are large, and a merge leaves room
   for a whole delta. */
static int grow_to(dip_dataset *ds, void **arr, uint32_t *cap, size_t n, uint32_t need, size_t elem) {
  uint32_t ncap;
  void *p;
  if (!*cap) *cap = (uint32_t)(n ? n : 1);
  if (need <= *cap) return 0;
  if (need > DIP_MAX_COUNT) return -1;
  ncap = *cap + *cap / 8 + 64;
  if (ncap < need || ncap > DIP_MAX_COUNT) ncap = need;
  if ((size_t)ncap > SIZE_MAX / elem || !(p = dip_realloc(&ds->mem, *arr, (size_t)*cap * elem, (size_t)ncap * elem)))
    return -1;
  *arr = p;
  *cap = ncap;
  return 0;
}
#define GROW_TO(ds, arr, cap, n, need) grow_to((ds), (void **)&(arr), &(cap), (n), (need), sizeof *(arr))

/* Gives an exactly sized array (of at least one element) a new exact size. */
static int resize(dip_dataset *ds, void **arr, size_t oldn, size_t newn, size_t elem) {
  void *p = dip_realloc(&ds->mem, *arr, (oldn ? oldn : 1) * elem, (newn ? newn : 1) * elem);
  if (!p) return -1;
  *arr = p;
  return 0;
}
#define RESIZE(ds, arr, oldn, newn) resize((ds), (void **)&(arr), (oldn), (newn), sizeof *(arr))

/* Start, then id: the order of ranks (without the tie-break by rank). */
static int rank_key_cmp(const dip_dataset *ds, uint32_t ra, uint32_t rb) {
  const dip_index *x = ds->index;
  const dip_event *a = &ds->events[x->order[ra]], *b = &ds->events[x->order[rb]];
  int64_t la = ds->dates[a->start].span.lo, lb = ds->dates[b->start].span.lo;
  if (la != lb) return la < lb ? -1 : 1;
  return strcmp(dip_str(ds, a->id), dip_str(ds, b->id));
}

/* The order of delta ranks: start, id, then rank (an event moved twice has two). */
static int delta_cmp(const dip_dataset *ds, uint32_t ra, uint32_t rb) {
  int c = rank_key_cmp(ds, ra, rb);
  return c ? c : (ra < rb ? -1 : ra > rb);
}

static int by_delta_order(const void *pa, const void *pb) {
  return delta_cmp(sort_ds, *(const uint32_t *)pa, *(const uint32_t *)pb);
}

/* Where r belongs in the sorted list v[0..n). */
static uint32_t delta_slot(const dip_dataset *ds, const uint32_t *v, uint32_t n, uint32_t r) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (delta_cmp(ds, v[mid], r) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static int ranks_insert(dip_dataset *ds, dip_ranks *l, uint32_t r) {
  uint32_t at;
  if (DIP_GROW(&ds->mem, l->v, l->cap, l->n + 1)) return -1;
  at = delta_slot(ds, l->v, l->n, r);
  memmove(l->v + at + 1, l->v + at, (size_t)(l->n - at) * sizeof *l->v);
  l->v[at] = r;
  l->n++;
  return 0;
}

static uint32_t next_stamp(dip_dataset *ds, dip_index *x) {
  if (++x->stampv == 0) {
    memset(x->stamp, 0, (size_t)ds->nactors * sizeof *x->stamp);
    x->stampv = 1;
  }
  return x->stampv;
}

/* The first main rank that comes after rank r. */
static uint32_t main_after(const dip_dataset *ds, uint32_t r) {
  uint32_t lo = 0, hi = dip_nmain(ds->index);
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (rank_key_cmp(ds, mid, r) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static int delta_begin(dip_dataset *ds, dip_index *x, uint32_t need) {
  if (!x->dpost) {
    if (!(x->dpost = dip_alloc_array(&ds->mem, x->nactors, sizeof *x->dpost))) return -1;
    memset(x->dpost, 0, (size_t)(x->nactors ? x->nactors : 1) * sizeof *x->dpost);
  }
  return DIP_GROW(&ds->mem, x->dsorted, x->dsortcap, need) || DIP_GROW(&ds->mem, x->dins, x->dinscap, need) ? -1 : 0;
}

/* Files the delta rank r: in dsorted, in the list of each actor standing for
   one of its participants, and with the first main rank that comes after it. */
static int delta_insert(dip_dataset *ds, dip_index *x, uint32_t r) {
  uint32_t nmain = dip_nmain(x), d = r - nmain, at, v;
  if (delta_begin(ds, x, d + 1)) return -1;
  x->dins[d] = main_after(ds, r);
  at = delta_slot(ds, x->dsorted, d, r);
  memmove(x->dsorted + at + 1, x->dsorted + at, (size_t)(d - at) * sizeof *x->dsorted);
  x->dsorted[at] = r;
  v = next_stamp(ds, x);
  for (uint32_t ip = x->rparts[r]; ip < x->rparts[r + 1]; ip++)
    for (uint32_t k = x->stands.off[ip]; k < x->stands.off[ip + 1]; k++) {
      uint32_t a = x->stands.val[k];
      if (x->stamp[a] == v) continue;
      x->stamp[a] = v;
      if (ranks_insert(ds, &x->dpost[a], r)) return -1;
    }
  return 0;
}

/* Gives event e (new, or moved out of its old rank) the next rank, in the
   delta: its flags, its participants' sides and stands, its delta lists. */
static int append_rank(dip_dataset *ds, dip_index *x, uint32_t e) {
  const dip_event *ev = &ds->events[e];
  uint32_t r = dip_nranks(x), ip0 = x->rparts[r], np = ev->nparts, nval = x->stands.nval;
  unsigned st = ev->status == DIP_STATUS_UNSET ? DIP_HELD : ev->status;
  dip_span at = ds->dates[ev->start].span, span = dip_event_span(ds, ev);
  int fresh = e >= x->nevents;
  if (r >= DIP_MAX_COUNT - 1 || np > DIP_MAX_COUNT - 1 - ip0) return -1;
  if (GROW_TO(ds, x->order, x->rankcap, r, r + 1) || GROW_TO(ds, x->flags, x->flagcap, r, r + 1) || GROW_TO(ds, x->rparts, x->rpcap, (size_t)r + 1, r + 2) || GROW_TO(ds, x->side, x->ipcap, ip0, ip0 + np) ||
      GROW_TO(ds, x->stands.off, x->offcap, (size_t)ip0 + 1, ip0 + np + 1) ||
      (fresh && GROW_TO(ds, x->rank, x->evcap, x->nevents, e + 1)))
    return -1;
  x->order[r] = e;
  x->rank[e] = r;
  x->flags[r] = (unsigned char)(st | (dip_is_meeting_type(ds, ev->type) ? DIP_FLAG_MEETING : 0));
  x->rparts[r + 1] = ip0 + np;
  for (uint32_t k = 0; k < np; k++) {
    const dip_participant *p = &ds->parts[ev->parts + k];
    uint32_t n = walk_affiliations(ds, x, p->actor, &at), side = side_from_walk(ds, x, p, n);
    int extra = x->stamp[side] != x->stampv;
    if (nval > DIP_MAX_COUNT - n - 1 || GROW_TO(ds, x->stands.val, x->valcap, nval, nval + n + (uint32_t)extra))
      return -1;
    x->side[ip0 + k] = side;
    memcpy(x->stands.val + nval, x->queue, (size_t)n * sizeof *x->queue);
    nval += n;
    if (extra) x->stands.val[nval++] = side;
    x->stands.off[ip0 + k + 1] = nval;
  }
  x->stands.nval = nval;
  x->stands.n = x->nparts = ip0 + np;
  if (fresh) x->nevents++;
  else x->nmoved++;
  x->ndelta++;
  if (span.hi - span.lo > x->dspan) x->dspan = span.hi - span.lo;
  return 0;
}

typedef struct actor_rank {
  uint32_t actor, pos; /* pos: the rank's place in the batch's order */
} actor_rank;

static int by_actor_then_pos(const void *pa, const void *pb) {
  const actor_rank *a = pa, *b = pb;
  if (a->actor != b->actor) return a->actor < b->actor ? -1 : 1;
  return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Files the delta ranks from first on, all at once: the batch sorted, then
   merged into dsorted and into each actor's list from the back, in
   O(delta + batch log batch) rather than a memmove per rank and actor. */
static int delta_file_batch(dip_dataset *ds, dip_index *x, uint32_t first) {
  uint32_t nmain = dip_nmain(x), nranks = dip_nranks(x), k = nranks - first, old = first - nmain, npairs = 0, cap = 0;
  uint32_t *batch = NULL;
  actor_rank *pairs = NULL;
  int rc = -1;
  if (delta_begin(ds, x, nranks - nmain) || !(batch = dip_alloc_array(&ds->mem, k, sizeof *batch))) goto done;
  for (uint32_t i = 0; i < k; i++) {
    batch[i] = first + i;
    x->dins[first + i - nmain] = main_after(ds, first + i);
  }
  sort_ds = ds;
  sort_array(batch, k, sizeof *batch, by_delta_order);
  for (uint32_t i = old, j = k, to = old + k; j > 0;) {
    if (i > 0 && delta_cmp(ds, x->dsorted[i - 1], batch[j - 1]) > 0) x->dsorted[--to] = x->dsorted[--i];
    else x->dsorted[--to] = batch[--j];
  }
  /* (actor, place in the batch) for each actor standing in each new rank, once */
  for (uint32_t i = 0; i < k; i++) {
    uint32_t r = batch[i], v = next_stamp(ds, x);
    for (uint32_t ip = x->rparts[r]; ip < x->rparts[r + 1]; ip++)
      for (uint32_t s = x->stands.off[ip]; s < x->stands.off[ip + 1]; s++) {
        uint32_t a = x->stands.val[s];
        if (x->stamp[a] == v) continue;
        x->stamp[a] = v;
        if (DIP_GROW(&ds->mem, pairs, cap, npairs + 1)) goto done;
        pairs[npairs].actor = a;
        pairs[npairs++].pos = i;
      }
  }
  sort_array(pairs, npairs, sizeof *pairs, by_actor_then_pos);
  for (uint32_t g = 0; g < npairs;) {
    uint32_t a = pairs[g].actor, e = g;
    dip_ranks *l = &x->dpost[a];
    while (e < npairs && pairs[e].actor == a) e++;
    if (DIP_GROW(&ds->mem, l->v, l->cap, l->n + (e - g))) goto done;
    for (uint32_t i = l->n, j = e, to = l->n + (e - g); j > g;) {
      uint32_t r = batch[pairs[j - 1].pos];
      if (i > 0 && delta_cmp(ds, l->v[i - 1], r) > 0) l->v[--to] = l->v[--i];
      else l->v[--to] = r, j--;
    }
    l->n += e - g;
    g = e;
  }
  rc = 0;
done:
  DIP_FREE_ARRAY(&ds->mem, batch, k);
  DIP_FREE_ARRAY(&ds->mem, pairs, cap);
  return rc;
}

/* Files the ranks appended from first on: one by one when they are few. */
static int delta_file(dip_dataset *ds, dip_index *x, uint32_t first) {
  uint32_t nranks = dip_nranks(x);
  if (nranks - first > DIP_DELTA_BATCH) return delta_file_batch(ds, x, first);
  for (uint32_t r = first; r < nranks; r++)
    if (delta_insert(ds, x, r)) return -1;
  return 0;
}

static uint32_t delta_limit(const dip_index *x) {
  uint32_t part = dip_nmain(x) / DIP_DELTA_PART;
  return part > DIP_DELTA_MIN ? part : DIP_DELTA_MIN;
}

/* Merges the delta into the main part and drops moved ranks: one pass over
   the ranks in their combined order lays every per-rank array out anew. */
static int index_merge(dip_dataset *ds, dip_index *x) {
  dip_mem *m = &ds->mem;
  const dip_csr *ae = &x->actor_events;
  uint32_t nmain = dip_nmain(x), nranks = dip_nranks(x), n = x->nevents, nd = x->ndelta, k = 0, np = 0, nval = 0,
           nlong = 0, li = 0, ip = 0, v = 0, room = 0, ncap = 0, ipcap = 0, valcap = 0, na = x->nactors, naev = 0,
           aecap = 0, longcap = x->nlong + nd;
  uint32_t *seq = NULL, *order = NULL, *rparts = NULL, *side = NULL, *off = NULL, *val = NULL, *longs = NULL,
           *map = NULL, *aeoff = NULL, *aeval = NULL;
  unsigned char *flags = NULL;
  int64_t max_short = x->max_short;
  uint64_t bound = ae->nval;
  int rc = -1;
  if (!(seq = dip_alloc_array(m, n, sizeof *seq)) || !(map = dip_alloc_array(m, nranks, sizeof *map))) goto done;
  memset(map, 0xff, (size_t)(nranks ? nranks : 1) * sizeof *map);
  for (uint32_t i = 0, j = 0; i < nmain || j < nd;) {
    uint32_t r;
    /* a delta rank comes before the main ranks from its dins on */
    if (j < nd && (i >= nmain || x->dins[x->dsorted[j] - nmain] <= i)) r = x->dsorted[j++];
    else r = i++;
    if (x->flags[r] & DIP_FLAG_MOVED) continue;
    if (k == n) goto done;
    map[r] = k;
    seq[k++] = r;
    np += x->rparts[r + 1] - x->rparts[r];
    nval += x->stands.off[x->rparts[r + 1]] - x->stands.off[x->rparts[r]];
  }
  for (uint32_t a = 0; a < na && x->dpost; a++) bound += x->dpost[a].n;
  /* room for the next delta, so that it grows nothing until it is merged in turn */
  room = n / DIP_DELTA_PART > DIP_DELTA_MIN ? n / DIP_DELTA_PART : DIP_DELTA_MIN;
  if (k != n || n > DIP_MAX_COUNT - 1 - room || np > DIP_MAX_COUNT - 1 - np / 8 || nval > DIP_MAX_COUNT - nval / 8 ||
      bound > DIP_MAX_COUNT)
    goto done;
  ncap = n + room;
  ipcap = np + np / 8;
  valcap = nval + nval / 8;
  aecap = (uint32_t)bound;
  if (!(order = dip_alloc_array(m, ncap, sizeof *order)) || !(flags = dip_alloc_array(m, ncap, sizeof *flags)) ||
      !(rparts = dip_alloc_array(m, (size_t)ncap + 1, sizeof *rparts)) || !(side = dip_alloc_array(m, ipcap, sizeof *side)) ||
      !(off = dip_alloc_array(m, (size_t)ipcap + 1, sizeof *off)) || !(val = dip_alloc_array(m, valcap, sizeof *val)) ||
      x->nlong > DIP_MAX_COUNT - nd || !(longs = dip_alloc_array(m, longcap, sizeof *longs)) ||
      !(aeoff = dip_alloc_array(m, (size_t)na + 1, sizeof *aeoff)) || !(aeval = dip_alloc_array(m, aecap, sizeof *aeval)))
    goto done;
  /* the per-rank arrays, a run of consecutive main ranks at a time */
  rparts[0] = 0;
  for (uint32_t t = 0; t < n;) {
    uint32_t r0 = seq[t], t1 = t + 1, len, ip0, ip1, s0, s1;
    if (r0 < nmain)
      while (t1 < n && seq[t1] == seq[t1 - 1] + 1 && seq[t1] < nmain) t1++;
    len = t1 - t;
    memcpy(order + t, x->order + r0, (size_t)len * sizeof *order);
    memcpy(flags + t, x->flags + r0, (size_t)len * sizeof *flags);
    ip0 = x->rparts[r0];
    ip1 = x->rparts[r0 + len];
    for (uint32_t u = 0; u < len; u++) rparts[t + u + 1] = rparts[t] + (x->rparts[r0 + u + 1] - ip0);
    memcpy(side + ip, x->side + ip0, (size_t)(ip1 - ip0) * sizeof *side);
    s0 = x->stands.off[ip0];
    s1 = x->stands.off[ip1];
    for (uint32_t q = ip0; q < ip1; q++) off[ip + (q - ip0)] = v + (x->stands.off[q] - s0);
    memcpy(val + v, x->stands.val + s0, (size_t)(s1 - s0) * sizeof *val);
    ip += ip1 - ip0;
    v += s1 - s0;
    if (r0 < nmain) { /* the old list of long events, walked along (main ranks come in ascending order) */
      for (; li < x->nlong && x->longs[li] < r0 + len; li++)
        if (x->longs[li] >= r0) longs[nlong++] = t + (x->longs[li] - r0);
    } else {
      dip_span sp = dip_event_span(ds, &ds->events[x->order[r0]]);
      if (sp.hi - sp.lo > DIP_LONG_EVENT) longs[nlong++] = t;
      else if (sp.hi - sp.lo > max_short) max_short = sp.hi - sp.lo;
    }
    t = t1;
  }
  off[np] = v;
  /* each actor's events: its main list and its delta list, both in the new
     order once renumbered, merged (moved ranks have no new number) */
  aeoff[0] = 0;
  for (uint32_t a = 0; a < na; a++) {
    const uint32_t *mv = ae->val + ae->off[a], *dv = x->dpost ? x->dpost[a].v : NULL;
    uint32_t i = 0, ie = ae->off[a + 1] - ae->off[a], j = 0, je = x->dpost ? x->dpost[a].n : 0;
    for (;;) {
      uint32_t mi, mj;
      while (i < ie && map[mv[i]] == DIP_NONE) i++;
      while (j < je && map[dv[j]] == DIP_NONE) j++;
      mi = i < ie ? map[mv[i]] : DIP_NONE;
      mj = j < je ? map[dv[j]] : DIP_NONE;
      if (mi == DIP_NONE && mj == DIP_NONE) break;
      if (mi < mj) aeval[naev++] = mi, i++;
      else aeval[naev++] = mj, j++;
    }
    aeoff[a + 1] = naev;
  }
  if (RESIZE(ds, longs, longcap, nlong)) goto done;
  longcap = nlong;
  if (RESIZE(ds, aeval, aecap, naev)) goto done;
  aecap = naev;
  /* everything is allocated: the new arrays take the old ones' place */
  dip_free(m, x->order, held(x->rankcap, nranks) * sizeof *x->order);
  dip_free(m, x->flags, held(x->flagcap, nranks) * sizeof *x->flags);
  dip_free(m, x->rparts, (x->rpcap ? x->rpcap : (size_t)nranks + 1) * sizeof *x->rparts);
  dip_free(m, x->side, held(x->ipcap, x->nparts) * sizeof *x->side);
  dip_free(m, x->stands.off, (x->offcap ? x->offcap : (size_t)x->stands.n + 1) * sizeof *x->stands.off);
  dip_free(m, x->stands.val, held(x->valcap, x->stands.nval) * sizeof *x->stands.val);
  DIP_FREE_ARRAY(m, x->longs, x->nlong);
  csr_free(m, &x->actor_events);
  delta_free(ds, x);
  x->order = order;
  x->flags = flags;
  x->rparts = rparts;
  x->side = side;
  x->stands.off = off;
  x->stands.val = val;
  x->stands.n = x->nparts = np;
  x->stands.nval = nval;
  x->longs = longs;
  x->nlong = nlong;
  x->actor_events.off = aeoff;
  x->actor_events.val = aeval;
  x->actor_events.n = na;
  x->actor_events.nval = naev;
  x->max_short = max_short;
  x->nmoved = 0;
  x->rankcap = x->flagcap = ncap ? ncap : 1;
  x->rpcap = ncap + 1;
  x->ipcap = ipcap ? ipcap : 1;
  x->offcap = ipcap + 1;
  x->valcap = valcap ? valcap : 1;
  order = rparts = side = off = val = longs = aeoff = aeval = NULL;
  flags = NULL;
  for (uint32_t t = 0; t < n; t++) x->rank[x->order[t]] = t;
  rc = 0;
done:
  DIP_FREE_ARRAY(m, seq, n);
  DIP_FREE_ARRAY(m, map, nranks);
  DIP_FREE_ARRAY(m, order, ncap);
  DIP_FREE_ARRAY(m, flags, ncap);
  dip_free(m, rparts, ((size_t)ncap + 1) * sizeof *rparts);
  DIP_FREE_ARRAY(m, side, ipcap);
  dip_free(m, off, ((size_t)ipcap + 1) * sizeof *off);
  DIP_FREE_ARRAY(m, val, valcap);
  DIP_FREE_ARRAY(m, longs, longcap);
  dip_free(m, aeoff, ((size_t)na + 1) * sizeof *aeoff);
  DIP_FREE_ARRAY(m, aeval, aecap);
  return rc;
}

static int by_handle(const void *pa, const void *pb) {
  uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return a < b ? -1 : a > b;
}

/* Events whose sides or stands the relations added since may change: those
   where a new position or part_of's actor stands for someone at a date the
   relation covers. Moved to the delta, each recomputed there. 1 when there
   are so many that a full build is cheaper. */
static int move_touched(dip_dataset *ds, dip_index *x) {
  uint32_t *touched = NULL, n = 0, cap = 0, limit = delta_limit(x);
  int rc = 0;
  for (uint32_t h = x->nrelations; h < ds->nrelations && !rc; h++) {
    const dip_relation *rel = &ds->relations[h];
    const dip_csr *ae = &x->actor_events;
    dip_span span;
    uint32_t a = rel->actor;
    if (rel->type != ds->words[W_POSITION] && rel->type != ds->words[W_PART_OF]) continue;
    span = dip_relation_span(ds, rel);
    for (int part = 0; part < 2 && !rc; part++) {
      const uint32_t *v = part ? (x->dpost ? x->dpost[a].v : NULL) : ae->val + ae->off[a];
      uint32_t len = part ? (x->dpost ? x->dpost[a].n : 0) : ae->off[a + 1] - ae->off[a];
      for (uint32_t i = 0; i < len; i++) {
        uint32_t r = v[i], e = x->order[r];
        if ((x->flags[r] & DIP_FLAG_MOVED) || !overlaps(span, ds->dates[ds->events[e].start].span)) continue;
        if (n >= limit) {
          rc = 1;
          break;
        }
        if (DIP_GROW(&ds->mem, touched, cap, n + 1)) {
          rc = -1;
          break;
        }
        touched[n++] = e;
      }
    }
  }
  if (!rc) {
    uint32_t u = 0;
    sort_array(touched, n, sizeof *touched, by_handle);
    for (uint32_t i = 0; i < n; i++)
      if (!u || touched[u - 1] != touched[i]) touched[u++] = touched[i];
    for (uint32_t i = 0; i < u && !rc; i++) {
      x->flags[x->rank[touched[i]]] |= DIP_FLAG_MOVED;
      if (append_rank(ds, x, touched[i])) rc = -1;
    }
  }
  DIP_FREE_ARRAY(&ds->mem, touched, cap);
  return rc;
}

/* New actors: the per-actor arrays get their rows (allocated anew and copied,
   so that running out of memory leaves the index as it was). */
static int grow_actors(dip_dataset *ds, dip_index *x) {
  dip_mem *m = &ds->mem;
  uint32_t old = x->nactors, na = ds->nactors, *arr[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
  uint32_t **mine[6] = {&x->stamp, &x->queue, &x->count, &x->first, &x->last, &x->actor_events.off};
  dip_ranks *dpost = NULL;
  for (int i = 0; i < 6; i++) {
    size_t extra = i == 5;
    if (!(arr[i] = dip_alloc_array(m, na + extra, sizeof *arr[i]))) goto fail;
    memcpy(arr[i], *mine[i], (old + extra) * sizeof *arr[i]);
    memset(arr[i] + old + extra, 0, (size_t)(na - old) * sizeof *arr[i]);
  }
  if (x->dpost) {
    if (!(dpost = dip_alloc_array(m, na, sizeof *dpost))) goto fail;
    memcpy(dpost, x->dpost, (size_t)old * sizeof *dpost);
    memset(dpost + old, 0, (size_t)(na - old) * sizeof *dpost);
    DIP_FREE_ARRAY(m, x->dpost, old);
    x->dpost = dpost;
  }
  for (uint32_t a = old + 1; a <= na; a++) arr[5][a] = arr[5][old]; /* new actors: empty rows */
  for (int i = 0; i < 6; i++) {
    dip_free(m, *mine[i], (i == 5 ? (size_t)old + 1 : (old ? old : 1)) * sizeof **mine[i]);
    *mine[i] = arr[i];
  }
  x->actor_events.n = na;
  DIP_FREE_ARRAY(m, x->actor_idrank, old);
  x->actor_idrank = NULL;
  x->nactors = na;
  return number_by_id(ds, na, by_actor_string_id, &x->actor_idrank);
fail:
  for (int i = 0; i < 6; i++) dip_free(m, arr[i], (size_t)(na + (i == 5)) * sizeof *arr[i]);
  return -1;
}

static int grow_places(dip_dataset *ds, dip_index *x) {
  dip_mem *m = &ds->mem;
  uint32_t old = x->nplaces, np = ds->nplaces, *count = dip_alloc_array(m, np, sizeof *count);
  if (!count) return -1;
  memset(count, 0, (size_t)np * sizeof *count);
  DIP_FREE_ARRAY(m, x->place_count, old);
  DIP_FREE_ARRAY(m, x->pre, old);
  DIP_FREE_ARRAY(m, x->post, old);
  DIP_FREE_ARRAY(m, x->place_idrank, old);
  x->place_count = count;
  x->pre = x->post = x->place_idrank = NULL;
  x->nplaces = np;
  return build_places(ds, x) || number_by_id(ds, np, by_place_string_id, &x->place_idrank) ? -1 : 0;
}

/* Brings the index up to date with the objects appended since it was last
   current: 0, -1 when memory is exhausted (the index is then unfit), 1 when
   so much changed that a full build is cheaper. */
static int index_refresh(dip_dataset *ds, dip_index *x) {
  uint32_t first;
  int rc, actors = ds->nactors > x->nactors, relations = ds->nrelations > x->nrelations;
  if (ds->nplaces > x->nplaces && grow_places(ds, x)) return -1;
  if (actors && grow_actors(ds, x)) return -1;
  if (actors || relations) {
    csr_free(&ds->mem, &x->ties);
    csr_free(&ds->mem, &x->joined);
    csr_free(&ds->mem, &x->members);
    if (build_relations(ds, x)) return -1;
  }
  first = dip_nranks(x);
  if (relations && (rc = move_touched(ds, x))) return rc;
  x->nrelations = ds->nrelations;
  while (x->nevents < ds->nevents)
    if (append_rank(ds, x, x->nevents)) return -1;
  if (dip_nranks(x) > first && delta_file(ds, x, first)) return -1;
  if (x->ndelta + x->nmoved > delta_limit(x)) return index_merge(ds, x);
  return 0;
}

int dip_index_ready(dip_dataset *ds) {
  dip_index *x = ds->index;
  int rc;
  if (x && x->generation == ds->generation) return DIP_OK;
  /* only objects appended since can be taken in; anything else asks for a build */
  if (!x || ds->nevents < x->nevents || ds->nactors < x->nactors || ds->nplaces < x->nplaces ||
      ds->nrelations < x->nrelations ||
      (ds->nevents == x->nevents && ds->nactors == x->nactors && ds->nplaces == x->nplaces &&
       ds->nrelations == x->nrelations))
    return index_build(ds);
  if ((rc = index_refresh(ds, x)) > 0) return index_build(ds);
  if (rc < 0) {
    dip_index_free(ds);
    return oom(ds);
  }
  x->generation = ds->generation;
  return DIP_OK;
}

int dip_index_update(dip_dataset *ds) {
  int rc = dip_index_ready(ds);
  if (rc || (!ds->index->ndelta && !ds->index->nmoved)) return rc;
  if (index_merge(ds, ds->index)) {
    dip_index_free(ds);
    return oom(ds);
  }
  return DIP_OK;
}

/* ---- answers ---- */

static int res_push(dip_dataset *ds, uint32_t v) {
  dip_index *x = ds->index;
  if (DIP_GROW(&ds->mem, x->res, x->rescap, x->nres + 1)) return -1;
  x->res[x->nres++] = v;
  return 0;
}

uint32_t dip_side(dip_dataset *ds, uint32_t e, uint32_t k) {
  if (dip_index_ready(ds)) return DIP_NONE;
  return ds->index->side[dip_ipart(ds->index, e, k)];
}

uint32_t dip_part_side(dip_dataset *ds, uint32_t part) {
  uint32_t lo = 0, hi = ds->nevents;
  if (dip_index_ready(ds)) return DIP_NONE;
  /* events hold their participants in runs, in storage order: search the runs */
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ds->events[mid].parts + ds->events[mid].nparts <= part) lo = mid + 1;
    else hi = mid;
  }
  for (uint32_t e = lo; e < ds->nevents && ds->events[e].parts <= part; e++)
    if (part < ds->events[e].parts + ds->events[e].nparts) return dip_side(ds, e, part - ds->events[e].parts);
  for (uint32_t e = 0; e < ds->nevents; e++) /* runs out of order: look everywhere */
    if (ds->events[e].parts <= part && part < ds->events[e].parts + ds->events[e].nparts)
      return dip_side(ds, e, part - ds->events[e].parts);
  return DIP_NONE;
}

int dip_place_within(dip_dataset *ds, uint32_t p, uint32_t y) {
  dip_index *x;
  if (dip_index_ready(ds)) return 0;
  x = ds->index;
  return x->pre[y] <= x->pre[p] && x->post[p] <= x->post[y];
}

static int member_at(dip_dataset *ds, uint32_t actor, uint32_t org, dip_span at) {
  dip_index *x = ds->index;
  for (uint32_t k = x->joined.off[actor]; k < x->joined.off[actor + 1]; k++) {
    const dip_relation *rel = &ds->relations[x->joined.val[k]];
    if (rel->target == org && overlaps(dip_relation_span(ds, rel), at)) return 1;
  }
  return 0;
}

static dip_span start_of_rank(const dip_dataset *ds, uint32_t r) {
  return ds->dates[ds->events[ds->index->order[r]].start].span;
}

/* Rule 4 with membership: whether actor is a member, at the event of rank r,
   of an organization standing for index participant ip. */
static int stands_by_membership(dip_dataset *ds, uint32_t actor, uint32_t ip, uint32_t r) {
  const dip_csr *s = &ds->index->stands;
  dip_span at = start_of_rank(ds, r);
  for (uint32_t k = s->off[ip]; k < s->off[ip + 1]; k++)
    if (member_at(ds, actor, s->val[k], at)) return 1;
  return 0;
}

/* Rule 4: whether actor stands for index participant ip of the event of rank r. */
static inline int stands_for(dip_dataset *ds, uint32_t actor, uint32_t ip, int members, uint32_t r) {
  const dip_csr *s = &ds->index->stands;
  for (uint32_t k = s->off[ip], end = s->off[ip + 1]; k < end; k++)
    if (s->val[k] == actor) return 1;
  return members && stands_by_membership(ds, actor, ip, r);
}

/* Rule 5: whether a and b meet at the event of rank r (its class and status aside). */
static int meet(dip_dataset *ds, uint32_t a, uint32_t b, uint32_t r, int members) {
  const dip_index *x = ds->index;
  uint32_t first = x->rparts[r], end = x->rparts[r + 1];
  if (a == b) return 0;
  for (uint32_t i = first; i < end; i++) {
    if (!stands_for(ds, a, i, members, r)) continue;
    for (uint32_t j = first; j < end; j++)
      if (x->side[i] != x->side[j] && stands_for(ds, b, j, members, r)) return 1;
  }
  return 0;
}

/* Whether a meets anyone at rank r: some participant a stands for faces another side. */
static int meets_anyone(dip_dataset *ds, uint32_t a, uint32_t r, int members) {
  const dip_index *x = ds->index;
  uint32_t first = x->rparts[r], end = x->rparts[r + 1];
  for (uint32_t i = first; i < end; i++) {
    if (!stands_for(ds, a, i, members, r)) continue;
    for (uint32_t j = first; j < end; j++)
      if (x->side[i] != x->side[j]) return 1;
  }
  return 0;
}

static unsigned default_statuses(int meetings) {
  unsigned all = (1u << DIP_NSTATUS) - 1;
  return meetings ? all & ~(1u << DIP_CANCELLED) & ~(1u << DIP_DENIED) : all;
}

/* The filters every query shares: window, place, type, status, for the event
   of rank r. Status and class come from the rank's flags; the event itself is
   read only for the filters that need it. */
static int event_matches(dip_dataset *ds, const dip_query *q, uint32_t r, int meetings) {
  const dip_index *x = ds->index;
  unsigned statuses = q->statuses ? q->statuses : default_statuses(meetings), flags = x->flags[r];
  const dip_event *ev;
  int checked = r >= x->qfrom && r < dip_nmain(x); /* the window need not be checked */
  if (!(statuses & (1u << (flags & DIP_FLAG_STATUS))) || (flags & DIP_FLAG_MOVED)) return 0;
  if (meetings && !(flags & DIP_FLAG_MEETING)) return 0;
  if (q->keep && !q->keep[x->order[r]]) return 0;
  if (!q->ntypes && q->place == DIP_NONE && checked) return 1;
  ev = &ds->events[x->order[r]];
  if (q->ntypes) {
    uint32_t k;
    for (k = 0; k < q->ntypes && q->types[k] != ev->type; k++) {}
    if (k == q->ntypes) return 0;
  }
  if (!checked) { /* main ranks from qfrom on start inside the window: only the others may miss it */
    dip_span sp = dip_event_span(ds, ev);
    if (q->has_from && sp.hi < q->from.lo) return 0;
    if (q->has_to && sp.lo > q->to.hi) return 0;
  }
  if (q->place != DIP_NONE && (ev->place == DIP_NONE || !dip_place_within(ds, ev->place, q->place))) return 0;
  return 1;
}

/* The first rank whose start is at least t. */
static uint32_t lower_rank(const dip_dataset *ds, uint32_t n, int64_t t) {
  const dip_index *x = ds->index;
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ds->dates[ds->events[x->order[mid]].start].span.lo < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The ranks a window can touch: [*rlo, *rhi), besides long events before *rlo. */
static void window_ranks(dip_dataset *ds, const dip_query *q, uint32_t *rlo, uint32_t *rhi) {
  dip_index *x = ds->index;
  uint32_t n = dip_nmain(x);
  *rlo = 0;
  *rhi = n;
  if (q->has_to) *rhi = q->to.hi == INT64_MAX ? n : lower_rank(ds, n, q->to.hi + 1);
  if (q->has_from) *rlo = lower_rank(ds, n, q->from.lo - x->max_short);
  if (*rlo > *rhi) *rlo = *rhi;
  /* events from here on start within the window; those before may not reach it */
  x->qfrom = q->has_from ? lower_rank(ds, n, q->from.lo) : 0;
  if (q->has_from && q->has_to && q->to.hi < q->from.lo) x->qfrom = n; /* an empty window: check every event */
}

/* The ranks of a sorted list within [rlo, rhi): *b to *e. */
static void list_range(const uint32_t *v, uint32_t n, uint32_t rlo, uint32_t rhi, uint32_t *b, uint32_t *e) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (v[mid] < rlo) lo = mid + 1;
    else hi = mid;
  }
  *b = lo;
  hi = n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (v[mid] < rhi) lo = mid + 1;
    else hi = mid;
  }
  *e = lo;
}

/* Visits, in rank order and once each, the events that some actor in
   cands (with membership: or an organization they belong to) stands for,
   within the query window; calls visit(ds, r, ctx) with each one's rank. The
   candidate lists are the actor's own, plus, with members, those of its
   organizations. */
typedef int (*visit_fn)(dip_dataset *ds, uint32_t r, void *ctx);

/* The delta's share of a query: delta ranks in start-then-id order, each
   visited just before the first main rank that comes after it. */
typedef struct delta_run {
  const uint32_t *v;
  uint32_t n, i;
  uint32_t *owned, ownedn; /* v, when it had to be made for the query */
} delta_run;

static void run_free(dip_dataset *ds, delta_run *d) {
  if (d->owned) DIP_FREE_ARRAY(&ds->mem, d->owned, d->ownedn);
  memset(d, 0, sizeof *d);
}

/* Visits main rank r, after the delta ranks that come before it. */
static int emit(dip_dataset *ds, delta_run *d, uint32_t r, visit_fn visit, void *ctx) {
  const dip_index *x = ds->index;
  uint32_t nmain = dip_nmain(x);
  int rc;
  while (d->i < d->n && x->dins[d->v[d->i] - nmain] <= r)
    if ((rc = visit(ds, d->v[d->i++], ctx))) return rc;
  return visit(ds, r, ctx);
}

/* Visits the delta ranks not visited yet (those after every main rank visited). */
static int drain(dip_dataset *ds, delta_run *d, visit_fn visit, void *ctx) {
  int rc;
  while (d->i < d->n)
    if ((rc = visit(ds, d->v[d->i++], ctx))) return rc;
  return 0;
}

static int64_t start_lo(const dip_dataset *ds, uint32_t r) {
  return ds->dates[ds->events[ds->index->order[r]].start].span.lo;
}

/* The delta ranks a window can touch (dsorted is in start order). */
static void delta_window(dip_dataset *ds, const dip_query *q, delta_run *d) {
  const dip_index *x = ds->index;
  uint32_t lo = 0, hi = x->ndelta;
  memset(d, 0, sizeof *d);
  if (!x->ndelta) return;
  if (q->has_to && q->to.hi != INT64_MAX) {
    uint32_t a = 0, b = hi;
    while (a < b) {
      uint32_t mid = a + (b - a) / 2;
      if (start_lo(ds, x->dsorted[mid]) <= q->to.hi) a = mid + 1;
      else b = mid;
    }
    hi = a;
  }
  if (q->has_from) {
    uint32_t a = 0, b = hi;
    while (a < b) {
      uint32_t mid = a + (b - a) / 2;
      if (start_lo(ds, x->dsorted[mid]) < q->from.lo - x->dspan) a = mid + 1;
      else b = mid;
    }
    lo = a;
  }
  d->v = x->dsorted + lo;
  d->n = hi - lo;
}

/* The delta ranks where actor stands (with members: or an organization it
   joined), in order, once each. */
static int delta_of_actor(dip_dataset *ds, uint32_t actor, int members, delta_run *d) {
  const dip_index *x = ds->index;
  uint64_t total;
  uint32_t n = 0, u = 0;
  memset(d, 0, sizeof *d);
  if (!x->dpost) return 0;
  d->v = x->dpost[actor].v;
  d->n = x->dpost[actor].n;
  if (!members) return 0;
  total = d->n;
  for (uint32_t k = x->joined.off[actor]; k < x->joined.off[actor + 1]; k++)
    total += x->dpost[ds->relations[x->joined.val[k]].target].n;
  if (total == d->n) return 0;
  if (total > DIP_MAX_COUNT || !(d->owned = dip_alloc_array(&ds->mem, (size_t)total, sizeof *d->owned))) return -1;
  d->ownedn = (uint32_t)total;
  memcpy(d->owned, d->v, (size_t)d->n * sizeof *d->owned);
  n = d->n;
  for (uint32_t k = x->joined.off[actor]; k < x->joined.off[actor + 1]; k++) {
    const dip_ranks *l = &x->dpost[ds->relations[x->joined.val[k]].target];
    memcpy(d->owned + n, l->v, (size_t)l->n * sizeof *d->owned);
    n += l->n;
  }
  sort_ds = ds;
  sort_array(d->owned, n, sizeof *d->owned, by_delta_order);
  for (uint32_t i = 0; i < n; i++)
    if (!u || d->owned[u - 1] != d->owned[i]) d->owned[u++] = d->owned[i];
  d->v = d->owned;
  d->n = u;
  return 0;
}

/* The delta ranks where both a and b stand, in order. */
static int delta_common(dip_dataset *ds, uint32_t a, uint32_t b, delta_run *d) {
  const dip_index *x = ds->index;
  const dip_ranks *la, *lb;
  uint32_t i = 0, j = 0, n = 0;
  memset(d, 0, sizeof *d);
  if (!x->dpost || !x->dpost[a].n || !x->dpost[b].n) return 0;
  la = &x->dpost[a];
  lb = &x->dpost[b];
  d->ownedn = la->n < lb->n ? la->n : lb->n;
  if (!(d->owned = dip_alloc_array(&ds->mem, d->ownedn, sizeof *d->owned))) return -1;
  while (i < la->n && j < lb->n) {
    int c = delta_cmp(ds, la->v[i], lb->v[j]);
    if (c == 0) d->owned[n++] = la->v[i], i++, j++;
    else if (c < 0) i++;
    else j++;
  }
  d->v = d->owned;
  d->n = n;
  return 0;
}

static int visit_actor_events(dip_dataset *ds, uint32_t actor, const dip_query *q, visit_fn visit, void *ctx) {
  dip_index *x = ds->index;
  const dip_csr *ae = &x->actor_events;
  uint32_t nlists = 0, cap = 1, rlo, rhi;
  /* per list: the actor whose events it holds, then the next and end positions */
  uint32_t (*lists)[3];
  delta_run dr;
  int rc = 0;
  if (q->members) cap += x->joined.off[actor + 1] - x->joined.off[actor];
  if (delta_of_actor(ds, actor, q->members, &dr)) return DIP_ENOMEM;
  if (!(lists = dip_alloc(&ds->mem, (size_t)cap * sizeof *lists))) {
    run_free(ds, &dr);
    return DIP_ENOMEM;
  }
  window_ranks(ds, q, &rlo, &rhi);
  for (uint32_t k = x->joined.off[actor] - 1; nlists < cap; k++) {
    uint32_t who = actor, dup = 0;
    if (nlists > 0) {
      who = ds->relations[x->joined.val[k]].target;
      for (uint32_t i = 0; i < nlists; i++) dup |= lists[i][0] == who;
      if (dup) {
        cap--;
        continue;
      }
    }
    lists[nlists][0] = who;
    list_range(ae->val + ae->off[who], ae->off[who + 1] - ae->off[who], rlo, rhi, &lists[nlists][1], &lists[nlists][2]);
    nlists++;
  }
  /* long events that start before the window's first rank */
  if (q->has_from) {
    for (uint32_t k = 0; k < x->nlong && x->longs[k] < rlo && !rc; k++) {
      uint32_t hit = 0;
      for (uint32_t i = 0; i < nlists && !hit; i++) {
        uint32_t who = lists[i][0], b, e;
        list_range(ae->val + ae->off[who], ae->off[who + 1] - ae->off[who], x->longs[k], x->longs[k] + 1, &b, &e);
        hit = b < e;
      }
      if (hit) rc = emit(ds, &dr, x->longs[k], visit, ctx);
    }
  }
  if (nlists == 1) { /* the common case: one list, no merging */
    const uint32_t *v = ae->val + ae->off[lists[0][0]];
    for (uint32_t i = lists[0][1]; i < lists[0][2] && !rc; i++) rc = emit(ds, &dr, v[i], visit, ctx);
    nlists = 0;
  }
  /* a k-way merge of the lists, in rank order, without repeats */
  while (!rc && nlists) {
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; i < nlists; i++) {
      const uint32_t *v = ae->val + ae->off[lists[i][0]];
      if (lists[i][1] < lists[i][2] && v[lists[i][1]] < best) best = v[lists[i][1]];
    }
    if (best == UINT32_MAX) break;
    for (uint32_t i = 0; i < nlists; i++) {
      const uint32_t *v = ae->val + ae->off[lists[i][0]];
      if (lists[i][1] < lists[i][2] && v[lists[i][1]] == best) lists[i][1]++;
    }
    rc = emit(ds, &dr, best, visit, ctx);
  }
  if (!rc) rc = drain(ds, &dr, visit, ctx);
  run_free(ds, &dr);
  dip_free(&ds->mem, lists, (size_t)(q->members ? 1 + x->joined.off[actor + 1] - x->joined.off[actor] : 1) * sizeof *lists);
  return rc;
}

/* The number of events a's candidate lists hold (for choosing the smaller side). */
static uint64_t candidate_count(dip_dataset *ds, uint32_t actor, int members) {
  dip_index *x = ds->index;
  uint64_t n = x->actor_events.off[actor + 1] - x->actor_events.off[actor];
  if (members)
    for (uint32_t k = x->joined.off[actor]; k < x->joined.off[actor + 1]; k++) {
      uint32_t org = ds->relations[x->joined.val[k]].target;
      n += x->actor_events.off[org + 1] - x->actor_events.off[org];
    }
  return n;
}

typedef struct pair_ctx {
  const dip_query *q;
  uint32_t a, b;      /* b DIP_NONE: anyone */
  int meetings;       /* 1: meeting class and the meeting statuses */
} pair_ctx;

static int visit_pair(dip_dataset *ds, uint32_t r, void *vctx) {
  pair_ctx *c = vctx;
  const dip_index *x = ds->index;
  if (!event_matches(ds, c->q, r, c->meetings)) return 0;
  if (c->a == DIP_NONE) return res_push(ds, x->order[r]) ? DIP_ENOMEM : 0; /* no actor asked for */
  if (c->b == DIP_NONE) {
    if (c->meetings && !meets_anyone(ds, c->a, r, c->q->members)) return 0;
    if (!c->meetings && c->q->members) {
      /* with members, the lists over-approximate: check standing at the date */
      uint32_t i;
      for (i = x->rparts[r]; i < x->rparts[r + 1] && !stands_for(ds, c->a, i, 1, r); i++) {}
      if (i == x->rparts[r + 1]) return 0;
    }
  } else if (!meet(ds, c->a, c->b, r, c->q->members)) {
    return 0;
  }
  return res_push(ds, x->order[r]) ? DIP_ENOMEM : 0;
}

static int visit_all(dip_dataset *ds, const dip_query *q, visit_fn visit, void *ctx) {
  dip_index *x = ds->index;
  uint32_t rlo, rhi;
  delta_run dr;
  int rc;
  window_ranks(ds, q, &rlo, &rhi);
  delta_window(ds, q, &dr);
  if (q->has_from)
    for (uint32_t k = 0; k < x->nlong && x->longs[k] < rlo; k++)
      if ((rc = emit(ds, &dr, x->longs[k], visit, ctx))) return rc;
  for (uint32_t r = rlo; r < rhi; r++)
    if ((rc = emit(ds, &dr, r, visit, ctx))) return rc;
  return drain(ds, &dr, visit, ctx);
}

typedef struct each_ctx {
  const dip_query *q;
  int meetings;
  dip_visit_fn visit;
  void *ctx;
} each_ctx;

static int visit_matching(dip_dataset *ds, uint32_t r, void *vctx) {
  each_ctx *c = vctx;
  return event_matches(ds, c->q, r, c->meetings) ? c->visit(ds, ds->index->order[r], c->ctx) : 0;
}

int dip_each_event(dip_dataset *ds, const dip_query *q, int meetings, dip_visit_fn visit, void *ctx) {
  each_ctx c = {q, meetings, visit, ctx};
  return visit_all(ds, q, visit_matching, &c);
}

int dip_stands_for(dip_dataset *ds, uint32_t actor, uint32_t e, uint32_t k, int members) {
  const dip_index *x = ds->index;
  return stands_for(ds, actor, dip_ipart(x, e, k), members, x->rank[e]);
}

int dip_meet(dip_dataset *ds, uint32_t a, uint32_t b, uint32_t e, int members) {
  return meet(ds, a, b, ds->index->rank[e], members);
}

static int start_query(dip_dataset *ds) {
  int rc = dip_index_ready(ds);
  if (rc) return rc;
  ds->index->nres = 0;
  return DIP_OK;
}

static int finish(dip_dataset *ds, int rc) { return rc == DIP_ENOMEM ? oom(ds) : rc; }

static int in_list(const dip_csr *c, uint32_t row, uint32_t rank) {
  uint32_t b, e;
  list_range(c->val + c->off[row], c->off[row + 1] - c->off[row], rank, rank + 1, &b, &e);
  return b < e;
}

/* Visits the events both actors stand for (a necessary condition for their
   meeting without membership), in rank order: the two sorted lists are
   intersected, galloping through the longer one when the other is short. */
static int visit_common_events(dip_dataset *ds, uint32_t a, uint32_t b, const dip_query *q, visit_fn visit,
                               void *ctx) {
  dip_index *x = ds->index;
  const dip_csr *ae = &x->actor_events;
  const uint32_t *va = ae->val + ae->off[a], *vb = ae->val + ae->off[b];
  uint32_t rlo, rhi, ia, ea, ib, eb;
  delta_run dr;
  int rc = 0;
  if (delta_common(ds, a, b, &dr)) return DIP_ENOMEM;
  window_ranks(ds, q, &rlo, &rhi);
  if (q->has_from)
    for (uint32_t k = 0; k < x->nlong && x->longs[k] < rlo && !rc; k++)
      if (in_list(ae, a, x->longs[k]) && in_list(ae, b, x->longs[k])) rc = emit(ds, &dr, x->longs[k], visit, ctx);
  list_range(va, ae->off[a + 1] - ae->off[a], rlo, rhi, &ia, &ea);
  list_range(vb, ae->off[b + 1] - ae->off[b], rlo, rhi, &ib, &eb);
  if (ea - ia > eb - ib) { /* a's list is the shorter one */
    const uint32_t *t = va;
    uint32_t ti = ia, te = ea;
    va = vb, ia = ib, ea = eb;
    vb = t, ib = ti, eb = te;
  }
  while (!rc && ia < ea && ib < eb) {
    uint32_t r = va[ia];
    if (vb[ib] < r) {
      /* gallop: double the step until past r, then binary search */
      uint32_t step = 1, lo = ib, hi;
      while (lo + step < eb && vb[lo + step] < r) lo += step, step *= 2;
      hi = lo + step < eb ? lo + step : eb;
      while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (vb[mid] < r) lo = mid + 1;
        else hi = mid;
      }
      ib = lo;
      if (ib >= eb) break;
    }
    if (vb[ib] == r) rc = emit(ds, &dr, r, visit, ctx), ib++;
    ia++;
  }
  if (!rc) rc = drain(ds, &dr, visit, ctx);
  run_free(ds, &dr);
  return rc;
}

int dip_meetings(dip_dataset *ds, uint32_t a, uint32_t b, const dip_query *q) {
  pair_ctx c = {q, a, b, 1};
  int rc = start_query(ds);
  if (rc) return rc;
  if (a == b) return DIP_OK;
  if (!q->members) return finish(ds, visit_common_events(ds, a, b, q, visit_pair, &c));
  /* walk the shorter list; the meet test looks at the other actor directly */
  if (candidate_count(ds, b, q->members) < candidate_count(ds, a, q->members)) {
    c.a = b;
    c.b = a;
  }
  return finish(ds, visit_actor_events(ds, c.a, q, visit_pair, &c));
}

int dip_events(dip_dataset *ds, const dip_query *q) {
  pair_ctx c = {q, q->actor, q->with, q->with != DIP_NONE};
  int rc = start_query(ds);
  if (rc) return rc;
  if (q->actor == DIP_NONE) return finish(ds, visit_all(ds, q, visit_pair, &c));
  if (q->with != DIP_NONE && q->with == q->actor) return DIP_OK;
  return finish(ds, visit_actor_events(ds, q->actor, q, visit_pair, &c));
}

/* ---- partners and venues ---- */

typedef struct partner_ctx {
  const dip_query *q;
  uint32_t a;
  uint32_t *touched, ntouched, touchedcap;
} partner_ctx;

/* Counts b as meeting the asked actor at the event of rank r (once per event). */
static inline int credit(dip_dataset *ds, partner_ctx *c, uint32_t b, uint32_t r) {
  dip_index *x = ds->index;
  if (b == c->a) return 0;
  if (c->q->kind != DIP_NONE && ds->actors[b].kind != c->q->kind) return 0;
  if (x->stamp[b] == x->stampv) return 0; /* already counted at this event */
  if (x->count[b] == 0) {
    /* listed before counted, so that running out of memory leaves no count behind */
    if (DIP_GROW(&ds->mem, c->touched, c->touchedcap, c->ntouched + 1)) return DIP_ENOMEM;
    c->touched[c->ntouched++] = b;
    x->first[b] = r;
  }
  x->stamp[b] = x->stampv;
  x->count[b]++;
  x->last[b] = r;
  return 0;
}

static int visit_partners(dip_dataset *ds, uint32_t r, void *vctx) {
  partner_ctx *c = vctx;
  dip_index *x = ds->index;
  uint32_t first = x->rparts[r], end = x->rparts[r + 1];
  int members = c->q->members, rc;
  if (!event_matches(ds, c->q, r, 1)) return 0;
  if (++x->stampv == 0) {
    memset(x->stamp, 0, (size_t)ds->nactors * sizeof *x->stamp);
    x->stampv = 1;
  }
  for (uint32_t i = first; i < end; i++) {
    if (!stands_for(ds, c->a, i, members, r)) continue;
    for (uint32_t j = first; j < end; j++) {
      if (x->side[i] == x->side[j]) continue;
      for (uint32_t k = x->stands.off[j]; k < x->stands.off[j + 1]; k++) {
        uint32_t b = x->stands.val[k];
        if ((rc = credit(ds, c, b, r))) return rc;
        if (!members) continue;
        dip_span at = start_of_rank(ds, r);
        for (uint32_t m = x->members.off[b]; m < x->members.off[b + 1]; m++) {
          const dip_relation *rel = &ds->relations[x->members.val[m]];
          if (overlaps(dip_relation_span(ds, rel), at) && (rc = credit(ds, c, rel->actor, r))) return rc;
        }
      }
    }
  }
  return 0;
}

static int by_count_then_id(const void *pa, const void *pb) {
  const dip_partner *a = pa, *b = pb;
  const uint32_t *idrank = sort_ds->index->actor_idrank;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return idrank[a->actor] < idrank[b->actor] ? -1 : idrank[a->actor] > idrank[b->actor];
}

int dip_partners(dip_dataset *ds, uint32_t a, const dip_query *q) {
  partner_ctx c = {q, a, NULL, 0, 0};
  dip_index *x;
  int rc = start_query(ds);
  if (rc) return rc;
  x = ds->index;
  x->npartners = 0;
  rc = visit_actor_events(ds, a, q, visit_partners, &c);
  if (!rc && DIP_GROW(&ds->mem, x->partners, x->partnercap, c.ntouched)) rc = DIP_ENOMEM;
  for (uint32_t i = 0; i < c.ntouched; i++) {
    uint32_t b = c.touched[i];
    if (!rc) {
      dip_partner p = {b, x->count[b], x->order[x->first[b]], x->order[x->last[b]]};
      x->partners[x->npartners++] = p;
    }
    x->count[b] = 0;
  }
  DIP_FREE_ARRAY(&ds->mem, c.touched, c.touchedcap);
  if (rc) return finish(ds, rc);
  sort_ds = ds;
  sort_array(x->partners, x->npartners, sizeof *x->partners, by_count_then_id);
  return DIP_OK;
}

static int by_place_count_then_id(const void *pa, const void *pb) {
  const dip_venue *a = pa, *b = pb;
  const uint32_t *idrank = sort_ds->index->place_idrank;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return idrank[a->place] < idrank[b->place] ? -1 : idrank[a->place] > idrank[b->place];
}

int dip_venues(dip_dataset *ds, uint32_t a, uint32_t b, const dip_query *q) {
  dip_index *x;
  int rc;
  if (b != DIP_NONE) {
    rc = dip_meetings(ds, a, b, q);
  } else if (!(rc = start_query(ds))) {
    pair_ctx c = {q, a, DIP_NONE, 1};
    rc = finish(ds, visit_actor_events(ds, a, q, visit_pair, &c));
  }
  if (rc) return rc;
  x = ds->index;
  x->nvenues = 0;
  for (uint32_t i = 0; i < x->nres; i++) {
    uint32_t p = ds->events[x->res[i]].place;
    if (p == DIP_NONE) continue;
    if (x->place_count[p]++ == 0) {
      if (DIP_GROW(&ds->mem, x->venues, x->venuecap, x->nvenues + 1)) {
        rc = DIP_ENOMEM;
        break;
      }
      x->venues[x->nvenues].place = p;
      x->venues[x->nvenues++].count = 0;
    }
  }
  for (uint32_t i = 0; i < x->nvenues; i++) {
    x->venues[i].count = x->place_count[x->venues[i].place];
    x->place_count[x->venues[i].place] = 0;
  }
  if (rc) {
    for (uint32_t i = 0; i < x->nres; i++)
      if (ds->events[x->res[i]].place != DIP_NONE) x->place_count[ds->events[x->res[i]].place] = 0;
    return finish(ds, rc);
  }
  sort_ds = ds;
  sort_array(x->venues, x->nvenues, sizeof *x->venues, by_place_count_then_id);
  return DIP_OK;
}

/* ---- affiliations, memberships, lists ---- */

static int by_actor_id(const void *pa, const void *pb) {
  const uint32_t *idrank = sort_ds->index->actor_idrank, a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return idrank[a] < idrank[b] ? -1 : idrank[a] > idrank[b];
}

static int by_place_id(const void *pa, const void *pb) {
  const uint32_t *idrank = sort_ds->index->place_idrank, a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
  return idrank[a] < idrank[b] ? -1 : idrank[a] > idrank[b];
}

static void sort_unique_actors(dip_dataset *ds) {
  dip_index *x = ds->index;
  uint32_t n = 0;
  sort_ds = ds;
  sort_array(x->res, x->nres, sizeof *x->res, by_actor_id);
  for (uint32_t i = 0; i < x->nres; i++)
    if (!n || x->res[n - 1] != x->res[i]) x->res[n++] = x->res[i];
  x->nres = n;
}

int dip_affiliations(dip_dataset *ds, uint32_t actor, const dip_span *at) {
  uint32_t n;
  int rc = start_query(ds);
  if (rc) return rc;
  n = walk_affiliations(ds, ds->index, actor, at);
  for (uint32_t i = 0; i < n; i++)
    if (res_push(ds, ds->index->queue[i])) return oom(ds);
  return DIP_OK;
}

static int related(dip_dataset *ds, const dip_csr *c, uint32_t actor, const dip_span *at, int want_target) {
  int rc = start_query(ds);
  if (rc) return rc;
  for (uint32_t k = c->off[actor]; k < c->off[actor + 1]; k++) {
    const dip_relation *rel = &ds->relations[c->val[k]];
    if (at && !overlaps(dip_relation_span(ds, rel), *at)) continue;
    if (res_push(ds, want_target ? rel->target : rel->actor)) return oom(ds);
  }
  sort_unique_actors(ds);
  return DIP_OK;
}

int dip_memberships(dip_dataset *ds, uint32_t actor, const dip_span *at) {
  int rc = dip_index_ready(ds);
  return rc ? rc : related(ds, &ds->index->joined, actor, at, 1);
}

int dip_members(dip_dataset *ds, uint32_t org, const dip_span *at) {
  int rc = dip_index_ready(ds);
  return rc ? rc : related(ds, &ds->index->members, org, at, 0);
}

int dip_list_actors(dip_dataset *ds, uint32_t kind) {
  int rc = start_query(ds);
  if (rc) return rc;
  for (uint32_t a = 0; a < ds->nactors; a++)
    if ((kind == DIP_NONE || ds->actors[a].kind == kind) && res_push(ds, a)) return oom(ds);
  sort_ds = ds;
  sort_array(ds->index->res, ds->index->nres, sizeof *ds->index->res, by_actor_id);
  return DIP_OK;
}

int dip_list_places(dip_dataset *ds, uint32_t kind) {
  int rc = start_query(ds);
  if (rc) return rc;
  for (uint32_t p = 0; p < ds->nplaces; p++)
    if ((kind == DIP_NONE || ds->places[p].kind == kind) && res_push(ds, p)) return oom(ds);
  sort_ds = ds;
  sort_array(ds->index->res, ds->index->nres, sizeof *ds->index->res, by_place_id);
  return DIP_OK;
}
