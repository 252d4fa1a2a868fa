/* mem.c: the default allocator and checked array growth */
#include <stdlib.h>
#include <string.h>
#include "mem.h"

void *dip_default_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

void *dip_alloc(dip_mem *m, size_t size) {
  return size ? m->alloc(m->ud, NULL, 0, size) : NULL;
}

void *dip_alloc_array(dip_mem *m, size_t n, size_t size) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX / size) return NULL;
  return dip_alloc(m, n * size);
}

void dip_free(dip_mem *m, void *p, size_t size) {
  if (p && !dip_borrowed(m, p)) m->alloc(m->ud, p, size, 0);
}

void *dip_realloc(dip_mem *m, void *p, size_t osize, size_t nsize) {
  void *q;
  if (!p || !dip_borrowed(m, p)) return m->alloc(m->ud, p, osize, nsize);
  if (!(q = m->alloc(m->ud, NULL, 0, nsize))) return NULL;
  memcpy(q, p, osize < nsize ? osize : nsize);
  return q;
}

int dip_grow(dip_mem *m, void **arr, uint32_t *cap, uint32_t need, size_t elem) {
  uint32_t ncap;
  void *p;
  if (need <= *cap) return 0;
  if (need > DIP_MAX_COUNT) return -1;
  ncap = *cap < 8 ? 8 : *cap;
  /* doubling while small; past a million elements by an eighth, so that a
     large array holds at most an eighth more than it needs (docs/scale.md) */
  while (ncap < need)
    ncap = ncap > DIP_MAX_COUNT / 2 ? DIP_MAX_COUNT : ncap >= (1u << 20) ? ncap + ncap / 8 : ncap * 2;
  if ((size_t)ncap > SIZE_MAX / elem) return -1;
  p = dip_realloc(m, *arr, (size_t)*cap * elem, (size_t)ncap * elem);
  if (!p) return -1;
  *arr = p;
  *cap = ncap;
  return 0;
}
