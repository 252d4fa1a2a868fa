/* jsonio.h: reading and writing the dataset's JSON documents */
#ifndef DIP_JSONIO_H
#define DIP_JSONIO_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

/* Documents nested deeper than this are refused before parsing. */
#if !defined(DIP_MAX_DEPTH)
#define DIP_MAX_DEPTH 200
#endif

/* Reads a document from text[0..len). On failure returns NULL, sets *code and
   writes into err "name:line:column: what" (syntax) or "name: events[3].start:
   what" (content); name may be NULL, and the "name:" part is then left out. */
dip_dataset *dip_decode(const char *text, size_t len, const char *name, dip_alloc_fn alloc, void *ud, char *err,
                        size_t errsize, int *code);

/* The largest document read whole into memory (a stream: a pipe, a device,
   or a file that cannot be mapped): one that goes on past it is refused with
   a message instead of being read until memory runs out. */
#if !defined(DIP_MAX_DOCUMENT)
#define DIP_MAX_DOCUMENT ((size_t)2 << 30)
#endif

/* The largest file dip_load reads: a large regular file is mapped (mmap), not
   copied, and its pages are handed back as the reader passes them, so it
   costs memory only for the dataset it holds. */
#if !defined(DIP_MAX_MAPPED)
#define DIP_MAX_MAPPED ((uint64_t)64 << 30)
#endif

/* Files from this size on are mapped; smaller ones are read into memory. A
   mapped file that another process cuts short while it is read ends the
   process (SIGBUS), so mapping is kept for the files too large to copy
   comfortably, where it is what lets them load at all. */
#if !defined(DIP_MAP_FROM)
#define DIP_MAP_FROM ((uint64_t)1 << 30)
#endif

/* The same from a file (a snapshot too, told by its first bytes). */
dip_dataset *dip_load(const char *path, dip_alloc_fn alloc, void *ud, char *err, size_t errsize, int *code);
/* The same, with flags for a snapshot (DIP_SNAPSHOT_CHECK_ALL). */
dip_dataset *dip_load_flags(const char *path, dip_alloc_fn alloc, void *ud, unsigned flags, char *err, size_t errsize,
                            int *code);

/* The JSON text of the dataset, owned by ds until the next encode or close. */
int dip_encode(dip_dataset *ds, const char **text, size_t *len);
/* Writes the JSON text to a temporary file beside path and renames it over
   path, so that a failure leaves any old file as it was. */
int dip_save(dip_dataset *ds, const char *path);

/* Whether s[0..n) is valid UTF-8 (no overlong forms, no surrogates). */
int dip_utf8_valid(const char *s, size_t n);

#endif
