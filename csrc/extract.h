/* extract.h: the event coder: who meets whom, when, where, planned or held, from English news text */
#ifndef DIP_EXTRACT_H
#define DIP_EXTRACT_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include "extract_lexicon.h"
#include "model.h"

/* Limits, overridable at build time. */
#if !defined(EX_MAX_PARTS)
#define EX_MAX_PARTS 24      /* participants of one event */
#endif
#if !defined(EX_MAX_TEXT)
#define EX_MAX_TEXT ((size_t)1 << 30)
#endif

/* Reads text[0..n) against ds (names resolve in ds through lx, built from ds
   at its current generation) and builds *doc: a document in the dataset
   format holding the events found and the actors, places and relations they
   need that ds lacks. published: "YYYY-MM-DD" or NULL (relative dates then
   resolve to nothing and their events are left out). source: NULL or an
   object whose members are copied into each event's sources[1]. Returns
   DIP_OK, or an error code with err set ("published: ...", "text: not UTF-8
   at byte 12"); nothing is left allocated on failure. */
int dip_extract(dip_dataset *ds, const ex_lexicon *lx, const char *text, size_t n, const char *published,
                const cJSON *source, cJSON **doc, char *err, size_t errsize);

/* The same where names resolve in ds (a dataset holding base and the world)
   and the document is for base: every actor and place it refers to that base
   lacks (by id) is in the document. base may be ds. */
int dip_extract_for(dip_dataset *ds, dip_dataset *base, const ex_lexicon *lx, const char *text, size_t n,
                    const char *published, const cJSON *source, cJSON **doc, char *err, size_t errsize);

#endif
