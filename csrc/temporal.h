/* temporal.h: time-respecting chains of meetings (paths, reach) and meeting counts per period */
#ifndef DIP_TEMPORAL_H
#define DIP_TEMPORAL_H

#include <stdint.h>
#include "query.h"

/* Who carries news along a chain: at a meeting, every actor that meets (rule
   5) an actor already reached is reached, at that meeting's start. So are
   institutions: when Ryabkov meets Sherman, Russia and its Foreign Ministry
   meet the United States too, and Russia can pass on what it heard at a
   later meeting where any Russian official sits. A chain is a sequence of
   meetings, each starting no earlier than the one before (by the beginning
   of its start's span); meetings starting at the same moment may chain in
   any order. Arrival is the start of the meeting that reaches an actor;
   among chains arriving equally early, the one with fewest meetings wins,
   and among those the one found first in start-then-id order. */

/* Leaves in ds->index->res the events of the earliest-arriving chain from
   src to dst, in order, and sets *found; *found is 0 when there is none.
   src == dst: found, with no meeting. */
int dip_path(dip_dataset *ds, uint32_t src, uint32_t dst, const dip_query *q, int *found);

/* Leaves in ds->index->res, as triples (actor, event of arrival, meetings),
   everyone src reaches, sorted by arrival, then actor id. */
int dip_reach(dip_dataset *ds, uint32_t src, const dip_query *q);

enum dip_period { DIP_BY_DAY, DIP_BY_WEEK, DIP_BY_MONTH, DIP_BY_YEAR };

/* Counts the meetings at which a meets b (b DIP_NONE: anyone) per period
   of their start (in UTC), from the window's first period (or the first
   meeting's) to its last (or the last meeting's), empty periods included.
   Leaves the counts in ds->index->res and the first period's key in
   *first (see dip_period_label). DIP_EINVAL when the span holds more than
   DIP_MAX_PERIODS periods. */
#if !defined(DIP_MAX_PERIODS)
#define DIP_MAX_PERIODS 1000000
#endif
int dip_series(dip_dataset *ds, uint32_t a, uint32_t b, const dip_query *q, int by, int64_t *first);

/* Writes the label of period key + i ("2022-01-10", "2022-W02", "2022-01",
   "2022") into buf (at least 16 bytes). */
void dip_period_label(int by, int64_t key, char *buf);

#endif
