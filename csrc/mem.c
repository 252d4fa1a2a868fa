/* mem.c: the default allocator and checked array growth */
#define _DEFAULT_SOURCE /* madvise */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "mem.h"

/* Copies n bytes of a borrowed block (file pages of a mapped snapshot) into a
   fresh one. For large blocks the page tables of both are filled in one call
   each (and the fresh one asked for huge pages) instead of one fault per page:
   a copy of hundreds of megabytes is otherwise mostly page faults. Each call
   is advice: where it is not supported the copy is the same, only slower. */
static void copy_out(void *dst, const void *src, size_t n) {
#if defined(MADV_POPULATE_READ) && defined(MADV_POPULATE_WRITE) && defined(MADV_HUGEPAGE)
  if (n >= ((size_t)8 << 20)) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), s = (uintptr_t)src & ~(page - 1),
              d = ((uintptr_t)dst + page - 1) & ~(page - 1), e = ((uintptr_t)dst + n) & ~(page - 1);
    (void)madvise((void *)s, (uintptr_t)src + n - s, MADV_POPULATE_READ);
    if (e > d) {
      (void)madvise((void *)d, e - d, MADV_HUGEPAGE);
      (void)madvise((void *)d, e - d, MADV_POPULATE_WRITE);
    }
  }
#endif
  memcpy(dst, src, n);
}

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

/* Grows region g to hold n bytes: the pages past what was open become
   writable (fresh zero pages until written). 0, or -1 when it cannot. */
static int region_open(dip_region *g, size_t n) {
  uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), to;
  if (n > g->cap) return -1;
  if (n <= g->open) return 0;
  to = ((uintptr_t)n + page - 1) & ~(page - 1);
  if (to > g->cap) to = g->cap;
  if (mprotect((void *)(g->base + g->open), to - g->open, PROT_READ | PROT_WRITE) != 0) return -1;
  g->open = to;
  return 0;
}

void *dip_realloc(dip_mem *m, void *p, size_t osize, size_t nsize) {
  void *q;
  if (!p || !dip_borrowed(m, p)) return m->alloc(m->ud, p, osize, nsize);
  for (uint32_t i = 0; i < m->nregions; i++)
    if (m->regions[i].base == (uintptr_t)p && region_open(&m->regions[i], nsize) == 0) return p;
  if (!(q = m->alloc(m->ud, NULL, 0, nsize))) return NULL;
  copy_out(q, p, osize < nsize ? osize : nsize);
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
