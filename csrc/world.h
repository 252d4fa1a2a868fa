/* world.h: reading the world base (states, organizations, places, people) from its compact TSV form */
#ifndef DIP_WORLD_H
#define DIP_WORLD_H

#include <stddef.h>
#include "model.h"

/* Adds the records of text[0..len) (format: tools/world/README.md) to ds.
   All or nothing: on failure the dataset is as it was, the return is an
   error code and ds->err reads "name:line: what". References (within,
   relation ends) resolve against ds and the records before them. */
int dip_world_read(dip_dataset *ds, const char *text, size_t len, const char *name);

/* The same from the file at path, read whole; errors read "path: what". */
int dip_world_load(dip_dataset *ds, const char *path);

#endif
