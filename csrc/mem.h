/* mem.h: the allocator hook (shaped like lua_Alloc) and overflow-checked growth */
#ifndef DIP_MEM_H
#define DIP_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Like lua_Alloc: nsize 0 frees and returns NULL; otherwise returns the block
   or NULL when memory is exhausted (the old block then stays valid). */
typedef void *(*dip_alloc_fn)(void *ud, void *ptr, size_t osize, size_t nsize);

/* A large array of a mapped snapshot, mapped on its own with address space
   reserved after it: it grows there, in place (dip_realloc), up to cap bytes. */
typedef struct dip_region {
  uintptr_t base;
  size_t open;            /* bytes from base that may be written (the rest is reserved, not usable yet) */
  size_t cap;
} dip_region;

typedef struct dip_mem {
  dip_alloc_fn alloc;
  void *ud;
  /* A borrowed range (an opened snapshot, mapped or read whole): arrays
     inside it are used in place. Freeing one does nothing, and growing one
     copies it out to the allocator's memory first (dip_realloc), unless it
     is one of the regions, which grow in place while their room lasts. */
  uintptr_t lo, hi;
  dip_region *regions;
  uint32_t nregions;
} dip_mem;

/* The largest element count any array of the core may hold. */
#if !defined(DIP_MAX_COUNT)
#define DIP_MAX_COUNT (UINT32_MAX - 2u)
#endif

void *dip_default_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

void *dip_alloc(dip_mem *m, size_t size);
void dip_free(dip_mem *m, void *p, size_t size);
/* Whether p lies in m's borrowed range. */
static inline int dip_borrowed(const dip_mem *m, const void *p) {
  return (uintptr_t)p >= m->lo && (uintptr_t)p < m->hi;
}
/* Resizes block p of osize bytes to nsize (not 0): the new block, or NULL
   (p then still valid). A borrowed block is never given to the allocator: a
   region with room grows where it is, any other is copied out. */
void *dip_realloc(dip_mem *m, void *p, size_t osize, size_t nsize);

/* An array of n elements of size bytes each, at least one element so that
   an empty array is not NULL; NULL on overflow or exhausted memory. */
void *dip_alloc_array(dip_mem *m, size_t n, size_t size);
/* Frees an array made by dip_alloc_array with the size it was given. */
#define DIP_FREE_ARRAY(m, p, n) dip_free((m), (p), (size_t)((n) ? (n) : 1) * sizeof *(p))

/* Ensures *arr (of *cap elements of size elem) holds at least need elements,
   doubling as it grows. Returns 0, or -1 on overflow or exhausted memory
   (*arr and *cap then unchanged). */
int dip_grow(dip_mem *m, void **arr, uint32_t *cap, uint32_t need, size_t elem);

/* (The room-enough case without a call: hot loops grow one element at a time; need is read twice.) */
#define DIP_GROW(m, arr, cap, need) \
  ((uint32_t)(need) <= (cap) ? 0 : dip_grow((m), (void **)&(arr), &(cap), (need), sizeof *(arr)))

#endif
