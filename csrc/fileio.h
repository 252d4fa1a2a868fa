/* fileio.h: writing a file whole or not at all (a temporary file beside it, then a rename) */
#ifndef DIP_FILEIO_H
#define DIP_FILEIO_H

#include <stdio.h>
#include "model.h"

/* Writes what produces writes to f. produce returns DIP_OK, DIP_EIO for a
   failed write (errno says why), or another code with ds->err already set.
   Returns DIP_OK, or the code with ds->err "path: what"; on failure the file
   at path is as it was before, and no temporary file is left. An existing
   file's permissions are kept; a new one gets 0644. */
typedef int (*dip_produce_fn)(FILE *f, void *ctx);
int dip_write_file(dip_dataset *ds, const char *path, dip_produce_fn produce, void *ctx);

#endif
