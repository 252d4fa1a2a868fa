/* snapshot.h: the dataset and its indexes written as they lie in memory, for opening in a blink */
#ifndef DIP_SNAPSHOT_H
#define DIP_SNAPSHOT_H

#include <stddef.h>
#include "model.h"

#define DIP_SNAPSHOT_MAGIC "DIPSNAP\0"

/* Writes ds (with its indexes, built first if needed) to path through a
   temporary file renamed over it. A snapshot opens only on a machine of the
   same kind (byte order and struct layout are checked when it is read). */
int dip_snapshot_save(dip_dataset *ds, const char *path);

/* Whether the first n bytes of a file announce a snapshot. */
int dip_is_snapshot(const char *head, size_t n);

/* Reads a snapshot; on failure NULL, *code and err "path: what". Every
   reference is checked, so a damaged file is refused, never trusted. */
dip_dataset *dip_snapshot_load(const char *path, dip_alloc_fn alloc, void *ud, char *err, size_t errsize, int *code);

#endif
