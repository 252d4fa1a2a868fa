/* snapshot.h: the dataset and its indexes written as they lie in memory, for opening in a blink */
#ifndef DIP_SNAPSHOT_H
#define DIP_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

#define DIP_SNAPSHOT_MAGIC "DIPSNAP\0"

/* Snapshots of this many bytes or more are mapped (mmap) rather than read;
   smaller ones are read whole into memory. */
/* Arrays of this many bytes or more start at a multiple of 4096 in the file
   (part of format 4: not to be changed without a new version). */
#define DIP_SNAPSHOT_BIG 65536u

/* At most this many of them are mapped on their own (dip_region). */
#define DIP_SNAPSHOT_REGIONS 48u

#if !defined(DIP_SNAPSHOT_MAP_FROM)
#define DIP_SNAPSHOT_MAP_FROM ((uint64_t)1 << 20)
#endif

/* Writes ds (with its indexes, built first if needed) to path through a
   temporary file renamed over it. A snapshot opens only on a machine of the
   same kind (byte order and struct layout are checked when it is read). */
int dip_snapshot_save(dip_dataset *ds, const char *path);

/* Whether the first n bytes of a file announce a snapshot. */
int dip_is_snapshot(const char *head, size_t n);

/* Opens a snapshot; on failure NULL, *code and err "path: what". The file
   is used where it lies (its arrays are the dataset's, until a change copies
   one out). Every reference and invariant is checked, so a damaged file is
   refused, never trusted; a file checked whole before (or written by
   dip_snapshot_save) and unchanged since is remembered (checked.h) and opens
   without the checks, in time that does not grow with its size. A mapped
   snapshot must not be changed in place while it is open (this library
   never does: it writes a new file and renames it over the old). */
enum { DIP_SNAPSHOT_CHECK_ALL = 1 }; /* check every part even when the file is remembered */
dip_dataset *dip_snapshot_load(const char *path, dip_alloc_fn alloc, void *ud, unsigned flags, char *err, size_t errsize,
                               int *code);

/* Lets the file of an opened snapshot go (dip_close calls it last). */
void dip_snapshot_release(dip_dataset *ds);

#endif
