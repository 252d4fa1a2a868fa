/* temporal.c: earliest-arriving time-respecting chains of meetings, and meeting counts per period */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "graph.h"
#include "temporal.h"


static int oom(dip_dataset *ds) { return dip_set_err(ds, DIP_ENOMEM, "out of memory"); }

static int res_push(dip_dataset *ds, uint32_t v) {
  dip_index *x = ds->index;
  if (DIP_GROW(&ds->mem, x->res, x->rescap, x->nres + 1)) return -1;
  x->res[x->nres++] = v;
  return 0;
}

/* ---- spreading news along meetings ---- */

/* How an actor was reached: at event (DIP_NONE for the source) from the
   record parent, after hops meetings. Records never change once written,
   so a chain read back from one stays time-respecting. */
typedef struct record {
  uint32_t actor, event, parent, hops;
} record;

typedef struct spread {
  dip_dataset *ds;
  const dip_query *q;
  uint32_t dst;             /* stop once reached; DIP_NONE: spread to the end */
  dip_attendance at;
  uint32_t *best;           /* per actor: its record with fewest meetings so far, or DIP_NONE */
  uint32_t *arrived;        /* per actor: its record when its arrival moment closed, or DIP_NONE */
  record *recs;
  uint32_t nrecs, reccap;
  uint32_t *group, ngroup, groupcap; /* meetings starting at the same moment */
  int64_t group_lo;
  uint32_t *fresh, nfresh;  /* actors first reached in the current group */
  int reached;              /* dst has arrived */
} spread;

static int add_record(spread *s, uint32_t actor, uint32_t event, uint32_t parent, uint32_t hops) {
  if (DIP_GROW(&s->ds->mem, s->recs, s->reccap, s->nrecs + 1)) return -1;
  s->recs[s->nrecs] = (record){actor, event, parent, hops};
  if (s->best[actor] == DIP_NONE) s->fresh[s->nfresh++] = actor;
  s->best[actor] = s->nrecs++;
  return 0;
}

/* One pass of meeting e: everyone present who meets a reached actor (whose
   record is not itself from e) gets a record if that takes fewer meetings. */
static int propagate(spread *s, uint32_t e, int *changed) {
  dip_dataset *ds = s->ds;
  dip_attendance *at = &s->at;
  uint32_t b1 = DIP_NONE, b1b = DIP_NONE, b2 = DIP_NONE;
  const record *r = s->recs;
  dip_attend(ds, at, e, s->q->members);
  /* the reached with fewest meetings (first present on ties): overall (b1),
     besides b1 (b1b), and on another side than b1 (b2) */
  for (uint32_t i = 0; i < at->nwho; i++) {
    uint32_t x = at->who[i];
    if (s->best[x] == DIP_NONE || r[s->best[x]].event == e) continue;
    if (b1 == DIP_NONE || r[s->best[x]].hops < r[s->best[b1]].hops) b1 = x;
  }
  if (b1 == DIP_NONE) return 0;
  for (uint32_t i = 0; i < at->nwho; i++) {
    uint32_t x = at->who[i], h;
    if (x == b1 || s->best[x] == DIP_NONE || r[s->best[x]].event == e) continue;
    h = r[s->best[x]].hops;
    if (b1b == DIP_NONE || h < r[s->best[b1b]].hops) b1b = x;
    if (at->side[x] != at->side[b1] && (b2 == DIP_NONE || h < r[s->best[b2]].hops)) b2 = x;
  }
  /* their records now, before this pass adds any */
  uint32_t r1 = s->best[b1], r1b = b1b != DIP_NONE ? s->best[b1b] : DIP_NONE;
  uint32_t r2 = b2 != DIP_NONE ? s->best[b2] : DIP_NONE;
  for (uint32_t i = 0; i < at->nwho; i++) {
    uint32_t y = at->who[i], from, hops;
    if (at->side[y] == DIP_MIXED) from = b1 != y ? r1 : r1b;
    else if (at->side[b1] != at->side[y]) from = r1;
    else from = r2;
    if (from == DIP_NONE) continue;
    hops = s->recs[from].hops + 1;
    if (s->best[y] != DIP_NONE && s->recs[s->best[y]].hops <= hops) continue;
    if (add_record(s, y, e, from, hops)) return DIP_ENOMEM;
    *changed = 1;
  }
  return 0;
}

static const dip_dataset *cmp_ds;

static int by_actor_id(const void *pa, const void *pb) {
  return strcmp(dip_str(cmp_ds, cmp_ds->actors[*(const uint32_t *)pa].id),
                dip_str(cmp_ds, cmp_ds->actors[*(const uint32_t *)pb].id));
}

/* Runs the meetings of one moment to a fixed point, then closes the moment:
   whoever was first reached in it arrives (reach: in id order). */
static int close_group(spread *s) {
  int changed = 1, rc;
  while (changed) {
    changed = 0;
    for (uint32_t i = 0; i < s->ngroup; i++)
      if ((rc = propagate(s, s->group[i], &changed))) return rc;
  }
  cmp_ds = s->ds;
  qsort(s->fresh, s->nfresh, sizeof *s->fresh, by_actor_id);
  for (uint32_t i = 0; i < s->nfresh; i++) {
    uint32_t a = s->fresh[i];
    s->arrived[a] = s->best[a];
    if (a == s->dst) s->reached = 1;
    if (s->dst == DIP_NONE && (res_push(s->ds, a) || res_push(s->ds, s->recs[s->best[a]].event) ||
                               res_push(s->ds, s->recs[s->best[a]].hops)))
      return DIP_ENOMEM;
  }
  s->nfresh = 0;
  s->ngroup = 0;
  return 0;
}

static int visit_meeting(dip_dataset *ds, uint32_t e, void *vctx) {
  spread *s = vctx;
  int64_t lo = ds->dates[ds->events[e].start].span.lo;
  int rc;
  if (s->ngroup && lo != s->group_lo) {
    if ((rc = close_group(s))) return rc;
    if (s->reached) return -1; /* stop: the destination has arrived */
  }
  if (DIP_GROW(&ds->mem, s->group, s->groupcap, s->ngroup + 1)) return DIP_ENOMEM;
  s->group[s->ngroup++] = e;
  s->group_lo = lo;
  return 0;
}

static void spread_free(spread *s) {
  dip_mem *m = &s->ds->mem;
  uint32_t na = s->ds->nactors ? s->ds->nactors : 1;
  dip_attendance_free(&s->at);
  DIP_FREE_ARRAY(m, s->best, na);
  DIP_FREE_ARRAY(m, s->arrived, na);
  DIP_FREE_ARRAY(m, s->fresh, na);
  DIP_FREE_ARRAY(m, s->recs, s->reccap);
  DIP_FREE_ARRAY(m, s->group, s->groupcap);
}

/* Spreads from src over the meetings of q; the caller reads s and frees it. */
static int run_spread(spread *s, dip_dataset *ds, uint32_t src, uint32_t dst, const dip_query *q) {
  uint32_t na = ds->nactors;
  int rc;
  memset(s, 0, sizeof *s);
  s->ds = ds;
  s->q = q;
  s->dst = dst;
  if ((rc = dip_index_ready(ds))) return rc;
  ds->index->nres = 0;
  if (dip_attendance_init(&s->at, ds) || !(s->best = dip_alloc_array(&ds->mem, na, sizeof *s->best)) ||
      !(s->arrived = dip_alloc_array(&ds->mem, na, sizeof *s->arrived)) ||
      !(s->fresh = dip_alloc_array(&ds->mem, na, sizeof *s->fresh)))
    return DIP_ENOMEM;
  memset(s->best, 0xff, (size_t)(na ? na : 1) * sizeof *s->best);
  memset(s->arrived, 0xff, (size_t)(na ? na : 1) * sizeof *s->arrived);
  if (add_record(s, src, DIP_NONE, DIP_NONE, 0)) return DIP_ENOMEM;
  s->arrived[src] = s->best[src];
  s->nfresh = 0;
  if (src == dst) {
    s->reached = 1;
    return 0;
  }
  rc = dip_each_event(ds, q, 1, visit_meeting, s);
  if (rc == -1) return 0;
  if (rc) return rc;
  return s->ngroup ? close_group(s) : 0;
}

int dip_path(dip_dataset *ds, uint32_t src, uint32_t dst, const dip_query *q, int *found) {
  spread s;
  int rc = run_spread(&s, ds, src, dst, q);
  *found = 0;
  if (!rc && s.reached) {
    dip_index *x = ds->index;
    *found = 1;
    for (uint32_t r = s.arrived[dst]; r != DIP_NONE && s.recs[r].event != DIP_NONE; r = s.recs[r].parent)
      if (res_push(ds, s.recs[r].event)) {
        rc = DIP_ENOMEM;
        break;
      }
    for (uint32_t i = 0, j = x->nres; i + 1 < j; i++, j--) { /* into time order */
      uint32_t t = x->res[i];
      x->res[i] = x->res[j - 1];
      x->res[j - 1] = t;
    }
  }
  spread_free(&s);
  return rc == DIP_ENOMEM ? oom(ds) : rc;
}

int dip_reach(dip_dataset *ds, uint32_t src, const dip_query *q) {
  spread s;
  int rc = run_spread(&s, ds, src, DIP_NONE, q);
  spread_free(&s);
  return rc == DIP_ENOMEM ? oom(ds) : rc;
}

/* ---- series ---- */

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

/* The key of the period holding second t: days since 1970 (day), the
   Monday of the ISO week (week), months since year 0 (month), the year. */
static int64_t period_key(int by, int64_t t) {
  int64_t day = floor_div(t, 86400);
  int y, m, d;
  switch (by) {
    case DIP_BY_DAY: return day;
    case DIP_BY_WEEK: return day - (day + 3 - floor_div(day + 3, 7) * 7); /* 1970-01-01 was a Thursday */
    default:
      dip_civil_from_days(day, &y, &m, &d);
      return by == DIP_BY_MONTH ? (int64_t)y * 12 + (m - 1) : y;
  }
}

void dip_period_label(int by, int64_t key, char *buf) {
  int y, m, d;
  switch (by) {
    case DIP_BY_DAY:
      dip_civil_from_days(key, &y, &m, &d);
      snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
      break;
    case DIP_BY_WEEK: {
      /* the ISO year and week are those of the week's Thursday */
      int64_t thursday = key + 3, jan1;
      dip_civil_from_days(thursday, &y, &m, &d);
      jan1 = dip_days_from_civil(y, 1, 1);
      snprintf(buf, 16, "%04d-W%02d", y, (int)((thursday - jan1) / 7 + 1));
      break;
    }
    case DIP_BY_MONTH:
      snprintf(buf, 16, "%04d-%02d", (int)(floor_div(key, 12) % 10000), (int)(key - floor_div(key, 12) * 12) % 100 + 1);
      break;
    default:
      snprintf(buf, 16, "%04d", (int)key);
      break;
  }
}

int dip_series(dip_dataset *ds, uint32_t a, uint32_t b, const dip_query *q, int by, int64_t *first) {
  dip_index *x;
  int64_t lo = INT64_MAX, hi = INT64_MIN, n;
  uint32_t *keys = NULL, nev;
  int rc = b != DIP_NONE ? dip_meetings(ds, a, b, q) : dip_venues(ds, a, DIP_NONE, q);
  if (rc) return rc;
  x = ds->index;
  nev = x->nres;
  *first = 0;
  /* the event keys first, since the counts then take res over */
  if (!(keys = dip_alloc_array(&ds->mem, nev, sizeof *keys))) return oom(ds);
  for (uint32_t i = 0; i < nev; i++) {
    int64_t k = period_key(by, ds->dates[ds->events[x->res[i]].start].span.lo);
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  if (q->has_from && period_key(by, q->from.lo) < lo) lo = period_key(by, q->from.lo);
  if (q->has_to && period_key(by, q->to.hi) > hi) hi = period_key(by, q->to.hi);
  if (nev == 0 && (!q->has_from || !q->has_to)) {
    x->nres = 0;
    DIP_FREE_ARRAY(&ds->mem, keys, nev ? nev : 1);
    return DIP_OK;
  }
  n = hi - lo + 1;
  if (by == DIP_BY_WEEK) n = (hi - lo) / 7 + 1;
  if (n > DIP_MAX_PERIODS) {
    DIP_FREE_ARRAY(&ds->mem, keys, nev ? nev : 1);
    return dip_set_err(ds, DIP_EINVAL, "more than %d periods: choose a longer period or a shorter window",
                       DIP_MAX_PERIODS);
  }
  for (uint32_t i = 0; i < nev; i++) {
    int64_t k = period_key(by, ds->dates[ds->events[x->res[i]].start].span.lo);
    keys[i] = (uint32_t)(by == DIP_BY_WEEK ? (k - lo) / 7 : k - lo);
  }
  if (DIP_GROW(&ds->mem, x->res, x->rescap, (uint32_t)n)) {
    DIP_FREE_ARRAY(&ds->mem, keys, nev ? nev : 1);
    return oom(ds);
  }
  memset(x->res, 0, (size_t)n * sizeof *x->res);
  for (uint32_t i = 0; i < nev; i++) x->res[keys[i]]++;
  x->nres = (uint32_t)n;
  *first = lo;
  DIP_FREE_ARRAY(&ds->mem, keys, nev ? nev : 1);
  return DIP_OK;
}
