/* intern.c: the string table and the integer hash map behind every lookup by id or name */
#include <string.h>
#include "intern.h"

#define CHUNK_SIZE 65536u

uint32_t dip_hash_bytes(const char *s, size_t n) {
  /* FNV-1a, then a final avalanche so that the low bits are usable as an index */
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  return h;
}

/* The string table's own hash: eight bytes a step (FNV-1a above takes one), then a final mix
   so that the low bits serve as an index. Its values live only in memory (a snapshot stores them: a change
   here needs a new snapshot version). */
uint32_t dip_strtab_hash(const char *s, size_t n) {
  uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)n, w = 0;
  uint32_t a, b;
  size_t i = 0;
  for (; i + 8 < n; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 32;
  }
  /* the last one to eight bytes (overlapping the block before: n is in h already) */
  if (n >= 8) memcpy(&w, s + n - 8, 8);
  else if (n >= 4) {
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    w = (uint64_t)a | (uint64_t)b << 32;
  } else if (n) w = (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[n / 2] << 8 | (uint64_t)(unsigned char)s[n - 1] << 16;
  h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 29;
  return (uint32_t)h;
}

void dip_strtab_init(dip_strtab *t, dip_mem *mem) {
  memset(t, 0, sizeof *t);
  t->mem = mem;
}

void dip_strtab_free(dip_strtab *t) {
  dip_mem *m = t->mem;
  for (uint32_t i = 0; i < t->nchunks; i++) {
    size_t size;
    memcpy(&size, t->chunks[i], sizeof size);
    dip_free(m, t->chunks[i], size);
  }
  dip_free(m, t->chunks, (size_t)t->chunkcap * sizeof *t->chunks);
  dip_free(m, t->str, (size_t)t->cap * sizeof *t->str);
  dip_free(m, t->slots, (size_t)t->nslots * sizeof *t->slots);
  dip_strtab_init(t, m);
}

static uint32_t find_hashed(const dip_strtab *t, const char *s, size_t n, uint32_t h) {
  uint32_t mask, i, e;
  if (!t->nslots) return DIP_NONE;
  mask = t->nslots - 1;
  for (i = h & mask; (e = t->slots[i]) != 0; i = (i + 1) & mask) {
    e--;
    if (t->str[e].hash == h && t->str[e].len == n && memcmp(dip_strtab_text(t, e), s, n) == 0) return e;
  }
  return DIP_NONE;
}

uint32_t dip_strtab_find(const dip_strtab *t, const char *s, size_t n) {
  return find_hashed(t, s, n, dip_strtab_hash(s, n));
}

static int rehash(dip_strtab *t, uint32_t nslots) {
  uint32_t *slots = dip_alloc(t->mem, (size_t)nslots * sizeof *slots), mask = nslots - 1;
  if (!slots) return -1;
  memset(slots, 0, (size_t)nslots * sizeof *slots);
  for (uint32_t e = 0; e < t->n; e++) {
    uint32_t i = t->str[e].hash & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = e + 1;
  }
  dip_free(t->mem, t->slots, (size_t)t->nslots * sizeof *t->slots);
  t->slots = slots;
  t->nslots = nslots;
  return 0;
}

/* Copies s[0..n) into the arena, *at set to where; -1 when memory is exhausted. */
static int store(dip_strtab *t, const char *s, size_t n, uint64_t *at) {
  char *p;
  if (n >= SIZE_MAX - CHUNK_SIZE || n > DIP_AT_MASK - CHUNK_SIZE) return -1;
  if (!t->nchunks || t->chunksize - t->chunkused < n + 1) {
    size_t size = sizeof(size_t) + (n + 1 > CHUNK_SIZE ? n + 1 : CHUNK_SIZE);
    char *chunk;
    if (t->nchunks >= (1u << (64 - DIP_AT_BITS)) - 1 || DIP_GROW(t->mem, t->chunks, t->chunkcap, t->nchunks + 1)) return -1;
    if (!(chunk = dip_alloc(t->mem, size))) return -1;
    memcpy(chunk, &size, sizeof size);
    t->chunks[t->nchunks++] = chunk;
    t->chunksize = size;
    t->chunkused = sizeof size;
  }
  p = t->chunks[t->nchunks - 1] + t->chunkused;
  memcpy(p, s, n);
  p[n] = '\0';
  *at = (uint64_t)(t->nchunks - 1) << DIP_AT_BITS | (uint64_t)t->chunkused;
  t->chunkused += n + 1;
  return 0;
}

uint32_t dip_intern(dip_strtab *t, const char *s, size_t n) {
  uint32_t h = dip_strtab_hash(s, n), e = find_hashed(t, s, n, h), mask, i;
  uint64_t at;
  if (e != DIP_NONE) return e;
  if (n > UINT32_MAX) return DIP_NONE;
  if ((uint64_t)(t->n + 1) * 2 > t->nslots) {
    if (t->nslots > UINT32_MAX / 2 || rehash(t, t->nslots ? t->nslots * 2 : 64)) return DIP_NONE;
  }
  if (DIP_GROW(t->mem, t->str, t->cap, t->n + 1)) return DIP_NONE;
  if (store(t, s, n, &at)) return DIP_NONE;
  e = t->n++;
  t->str[e].at = at;
  t->str[e].len = (uint32_t)n;
  t->str[e].hash = h;
  mask = t->nslots - 1;
  for (i = h & mask; t->slots[i]; i = (i + 1) & mask) {}
  t->slots[i] = e + 1;
  return e;
}

static uint32_t mix(uint32_t k) {
  k ^= k >> 16;
  k *= 0x7feb352du;
  k ^= k >> 15;
  k *= 0x846ca68bu;
  k ^= k >> 16;
  return k;
}

void dip_map_init(dip_map *m) { memset(m, 0, sizeof *m); }

void dip_map_free(dip_map *m, dip_mem *mem) {
  dip_free(mem, m->keys, (size_t)m->nslots * sizeof *m->keys);
  dip_free(mem, m->vals, (size_t)m->nslots * sizeof *m->vals);
  dip_map_init(m);
}

uint32_t dip_map_get(const dip_map *m, uint32_t key) {
  uint32_t mask, i;
  if (!m->nslots) return DIP_NONE;
  mask = m->nslots - 1;
  for (i = mix(key) & mask; m->keys[i] != DIP_NONE; i = (i + 1) & mask)
    if (m->keys[i] == key) return m->vals[i];
  return DIP_NONE;
}

static int map_resize(dip_map *m, dip_mem *mem, uint32_t nslots) {
  uint32_t *keys = dip_alloc(mem, (size_t)nslots * sizeof *keys);
  uint32_t *vals = dip_alloc(mem, (size_t)nslots * sizeof *vals);
  uint32_t mask = nslots - 1;
  if (!keys || !vals) {
    dip_free(mem, keys, (size_t)nslots * sizeof *keys);
    dip_free(mem, vals, (size_t)nslots * sizeof *vals);
    return -1;
  }
  memset(keys, 0xff, (size_t)nslots * sizeof *keys);
  memset(vals, 0xff, (size_t)nslots * sizeof *vals); /* empty slots hold DIP_NONE too, so that snapshots are defined */
  for (uint32_t j = 0; j < m->nslots; j++) {
    uint32_t i;
    if (m->keys[j] == DIP_NONE) continue;
    for (i = mix(m->keys[j]) & mask; keys[i] != DIP_NONE; i = (i + 1) & mask) {}
    keys[i] = m->keys[j];
    vals[i] = m->vals[j];
  }
  dip_free(mem, m->keys, (size_t)m->nslots * sizeof *m->keys);
  dip_free(mem, m->vals, (size_t)m->nslots * sizeof *m->vals);
  m->keys = keys;
  m->vals = vals;
  m->nslots = nslots;
  return 0;
}

/* Maps are filled to three quarters before they grow: their keys lie in one
   array, so the longer probes of a fuller table stay within a cache line or
   two, and the id maps (a slot per object, 8 bytes) cost half as much at
   sizes where half-full would need the next power of two. The string table
   stays at half: its probes read the entries' hashes, one miss each. */
#define MAP_FULL(n, nslots) ((uint64_t)(n) * 4 > (uint64_t)(nslots) * 3)

int dip_map_put(dip_map *m, dip_mem *mem, uint32_t key, uint32_t val) {
  uint32_t mask, i;
  if (MAP_FULL(m->n + 1, m->nslots)) {
    if (m->nslots > UINT32_MAX / 2 || map_resize(m, mem, m->nslots ? m->nslots * 2 : 16)) return -1;
  }
  mask = m->nslots - 1;
  for (i = mix(key) & mask; m->keys[i] != DIP_NONE; i = (i + 1) & mask) {
    if (m->keys[i] == key) {
      m->vals[i] = val;
      return 0;
    }
  }
  m->keys[i] = key;
  m->vals[i] = val;
  m->n++;
  return 0;
}

/* ---- room ahead of a known number of entries (bulk readers such as world.c) ---- */

static uint32_t slots_for(uint32_t n) {
  uint32_t slots = 16;
  while (slots < UINT32_MAX / 4 && (uint64_t)n * 2 > slots) slots *= 2;
  return slots;
}

static uint32_t map_slots_for(uint32_t n) {
  uint32_t slots = 16;
  while (slots < UINT32_MAX / 4 && MAP_FULL(n, slots)) slots *= 2;
  return slots;
}

int dip_strtab_reserve(dip_strtab *t, uint32_t n) {
  uint32_t want;
  if (n > UINT32_MAX / 4 - t->n) return -1;
  want = slots_for(t->n + n);
  if (want > t->nslots && rehash(t, want)) return -1;
  return DIP_GROW(t->mem, t->str, t->cap, t->n + n);
}

int dip_map_reserve(dip_map *m, dip_mem *mem, uint32_t n) {
  uint32_t want;
  if (n > UINT32_MAX / 4 - m->n) return -1;
  want = map_slots_for(m->n + n);
  return want > m->nslots ? map_resize(m, mem, want) : 0;
}
