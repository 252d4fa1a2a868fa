/* find.h: ranking actors and places by how well their names, aliases and post titles fit a text */
#ifndef DIP_FIND_H
#define DIP_FIND_H

#include <stdint.h>
#include "model.h"

/* What a text is compared in: tokens longer than this are cut, texts with more tokens lose the rest. */
#if !defined(DIP_FIND_MAXTOKENS)
#define DIP_FIND_MAXTOKENS 12
#endif
#if !defined(DIP_FIND_TOKENLEN)
#define DIP_FIND_TOKENLEN 32
#endif

enum { DIP_FIND_ACTORS = 1, DIP_FIND_PLACES = 2 };

typedef struct dip_match {
  uint32_t handle;
  unsigned char is_place;
  double score;      /* 0 to 1: 1 is the whole name as written (any case, any accents) */
} dip_match;

/* The best matches for text among actors and/or places (what), of kind (a
   string; DIP_NONE: any), titles of posts held at *at (NULL: at any time), best
   first, at most limit of them into out (the caller's room); *n how many.
   Needs the index (updates it); DIP_ENOMEM when memory is exhausted. */
int dip_find(dip_dataset *ds, const char *text, size_t len, unsigned what, uint32_t kind, const dip_span *at,
             dip_match *out, uint32_t limit, uint32_t *n);

#endif
