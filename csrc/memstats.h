/* memstats.h: where a dataset's bytes go, structure by structure (for docs/scale.md and bench/scale.sh) */
#ifndef DIP_MEMSTATS_H
#define DIP_MEMSTATS_H

#include <stddef.h>
#include "model.h"

typedef struct dip_memory_item {
  const char *name;     /* "events", "index.stands", ... */
  size_t bytes;         /* allocated (capacities, not sizes), allocator overhead aside */
  size_t count;         /* elements, or cJSON nodes */
} dip_memory_item;

/* Fills up to max items; returns how many there are. cJSON values count
   sizeof(cJSON) a node plus their strings. */
int dip_memory(const dip_dataset *ds, dip_memory_item *items, int max);

#endif
