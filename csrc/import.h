/* import.h: reading GDELT, ICEWS and Office of the Historian files into a dataset; writing CSV, GDELT, GeoJSON */
#ifndef DIP_IMPORT_H
#define DIP_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

enum dip_format {
  DIP_FORMAT_AUTO, DIP_FORMAT_GDELT, DIP_FORMAT_ICEWS, DIP_FORMAT_HSG_TRAVELS, DIP_FORMAT_HSG_VISITS,
  DIP_FORMAT_CSV, DIP_FORMAT_GEOJSON, DIP_NFORMATS
};

/* "gdelt", "icews", "hsg-travels", "hsg-visits", "csv", "geojson"; DIP_FORMAT_AUTO when unknown. */
int dip_format_named(const char *name);
const char *dip_format_name(int format);

/* A row left out, with where it is and why. */
typedef struct dip_skip {
  uint32_t file;   /* index into the import's files (0 for a single file) */
  uint32_t line;   /* from 1 */
  uint32_t reason; /* offset into the import's text */
} dip_skip;

/* One import. Its memory is the C heap (the caller may hold it in a Lua
   userdata, so that dip_import_free runs even when Lua raises). */
typedef struct dip_import {
  dip_dataset *ds;
  int format;          /* what to read; DIP_FORMAT_AUTO: tell from the content */
  int merge_dyads;     /* merge the two rows GDELT and ICEWS give one meeting */
  /* results */
  uint32_t added;      /* events added */
  uint32_t rows;       /* records read (rows, trips, visits) */
  dip_skip *skips;
  uint32_t nskips, skipcap;
  uint32_t *files;     /* offsets into text of the files read (a folder gives several) */
  uint32_t nfiles, filecap;
  char *text;          /* reasons and file names, NUL-separated */
  size_t ntext, textcap;
  char err[600];
  struct dip_import_state *state; /* working memory while running */
} dip_import;

void dip_import_init(dip_import *im, dip_dataset *ds);
/* Reads path (a file, or for the Office of the Historian a folder) into
   im->ds. Returns DIP_OK, with im->added and the skipped rows set; or an error
   code with im->err set, and then the dataset is as it was before. */
int dip_import_run(dip_import *im, const char *path);
void dip_import_free(dip_import *im);

static inline const char *dip_import_text(const dip_import *im, uint32_t off) { return im->text + off; }

/* Writes the events (handles, in that order; NULL with n = ds->nevents for
   all in file order) to path as format DIP_FORMAT_CSV, DIP_FORMAT_GDELT or
   DIP_FORMAT_GEOJSON, through a temporary file renamed over path. Returns
   DIP_OK with *records set to the rows or features written, or an error
   code with ds->err set. */
int dip_export(dip_dataset *ds, const char *path, int format, const uint32_t *events, uint32_t n, uint32_t *records);

#endif
