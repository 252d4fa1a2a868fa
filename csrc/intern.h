/* intern.h: interned strings (each stored once, named by an integer) and integer maps */
#ifndef DIP_INTERN_H
#define DIP_INTERN_H

#include <stddef.h>
#include <stdint.h>
#include "mem.h"

#define DIP_NONE UINT32_MAX

typedef struct dip_strtab {
  dip_mem *mem;
  char **chunks;          /* arena blocks holding the bytes, each led by its size */
  uint32_t nchunks, chunkcap;
  size_t chunkused, chunksize; /* of the last block */
  /* Where each string is: an offset, not a pointer, so that the table can be
     used in place from a mapped snapshot (whose bytes are chunk 0). */
  struct dip_str {
    uint64_t at;          /* chunk << DIP_AT_BITS | byte offset in the chunk; NUL-terminated there */
    uint32_t len, hash;
  } *str;
  uint32_t n, cap;
  uint32_t *slots;        /* open addressing: index + 1, 0 empty */
  uint32_t nslots;        /* a power of two, or 0 */
} dip_strtab;

#define DIP_AT_BITS 40
#define DIP_AT_MASK ((UINT64_C(1) << DIP_AT_BITS) - 1)

/* The text of string e (NUL-terminated). */
static inline const char *dip_strtab_text(const dip_strtab *t, uint32_t e) {
  uint64_t at = t->str[e].at;
  return t->chunks[at >> DIP_AT_BITS] + (at & DIP_AT_MASK);
}

void dip_strtab_init(dip_strtab *t, dip_mem *mem);
void dip_strtab_free(dip_strtab *t);
/* The index of s[0..n), added if new; DIP_NONE when memory is exhausted. */
uint32_t dip_intern(dip_strtab *t, const char *s, size_t n);
/* The index of s[0..n) if interned, else DIP_NONE. */
uint32_t dip_strtab_find(const dip_strtab *t, const char *s, size_t n);
uint32_t dip_hash_bytes(const char *s, size_t n);
/* The hash the string table files its strings by (struct dip_str's hash). */
uint32_t dip_strtab_hash(const char *s, size_t n);

/* A map from uint32 keys (not DIP_NONE) to uint32 values. */
typedef struct dip_map {
  uint32_t *keys, *vals;
  uint32_t n, nslots;     /* nslots a power of two, or 0 */
} dip_map;

void dip_map_init(dip_map *m);
void dip_map_free(dip_map *m, dip_mem *mem);
/* The value of key, or DIP_NONE. */
uint32_t dip_map_get(const dip_map *m, uint32_t key);
/* Sets key to val. Returns 0, or -1 when memory is exhausted. */
int dip_map_put(dip_map *m, dip_mem *mem, uint32_t key, uint32_t val);

/* Room for n more strings (or keys) without growing; 0, or -1 when memory is exhausted. */
int dip_strtab_reserve(dip_strtab *t, uint32_t n);
int dip_map_reserve(dip_map *m, dip_mem *mem, uint32_t n);

#endif
