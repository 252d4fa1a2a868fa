/* counting_alloc.h: an allocator for the tests that counts, fails on demand and checks the sizes it is told */
#ifndef DIP_TESTS_COUNTING_ALLOC_H
#define DIP_TESTS_COUNTING_ALLOC_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* An allocator that counts attempts, fails after a limit, and checks that
   every free and resize is told the size the block really has. */
typedef struct counting {
  long attempts;   /* requests for memory (new blocks and resizes) */
  long fail_after; /* requests beyond this many fail; negative: none fail */
  long long live;  /* bytes held */
  long mismatches; /* frees or resizes told a wrong osize */
} counting;

#define HEADER (_Alignof(max_align_t) > sizeof(size_t) ? _Alignof(max_align_t) : sizeof(size_t))

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  counting *c = ud;
  unsigned char *block = ptr ? (unsigned char *)ptr - HEADER : NULL, *grown;
  size_t real = 0;
  if (block) {
    memcpy(&real, block, sizeof real);
    if (real != osize) c->mismatches++;
  }
  if (nsize == 0) {
    if (block) {
      c->live -= (long long)real;
      free(block);
    }
    return NULL;
  }
  c->attempts++;
  if (c->fail_after >= 0 && c->attempts > c->fail_after) return NULL;
  if (!(grown = realloc(block, nsize + HEADER))) return NULL;
  c->live += (long long)nsize - (long long)real;
  memcpy(grown, &nsize, sizeof nsize);
  return grown + HEADER;
}

#endif
