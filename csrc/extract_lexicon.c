/* extract_lexicon.c: one hash table of folded phrases for the extractor's patterns and the dataset's names */
#include <stdio.h>
#include <string.h>
#include "extract_lexicon.h"
#include "extract_text.h"

#define MAX_KEY 256

static const char *const kind_names[LX_NPATTERN] = {
  "event", "status", "title", "topic", "locative", "attrib", "generic", "setting", "group", "break",
  "ongoing", "coref", "venue", "negation", "timeshift", "honorific", "placeword", "notname"
};

static int grow_bytes(ex_lexicon *lx, size_t need) {
  size_t cap = lx->bytecap ? lx->bytecap : 4096;
  char *p;
  if (need <= lx->bytecap) return 0;
  while (cap < need) {
    if (cap > (size_t)UINT32_MAX / 2) return -1;
    cap *= 2;
  }
  if (!(p = dip_realloc(lx->mem, lx->bytes, lx->bytecap, cap))) return -1;
  lx->bytes = p;
  lx->bytecap = cap;
  return 0;
}

/* Stores s[0..n) with a NUL; its offset, or DIP_NONE when memory is exhausted. */
static uint32_t store(ex_lexicon *lx, const char *s, size_t n) {
  uint32_t off = (uint32_t)lx->nbytes;
  if (grow_bytes(lx, lx->nbytes + n + 1)) return DIP_NONE;
  memcpy(lx->bytes + off, s, n);
  lx->bytes[off + n] = '\0';
  lx->nbytes += n + 1;
  return off;
}

static int rehash(ex_lexicon *lx) {
  uint32_t n = lx->nslots ? lx->nslots * 2 : 1024, *slots;
  if (n < lx->nslots || !(slots = dip_alloc_array(lx->mem, n, sizeof *slots))) return -1;
  memset(slots, 0, (size_t)n * sizeof *slots);
  for (uint32_t k = 0; k < lx->nkeys; k++) {
    uint32_t h = dip_hash_bytes(lx->bytes + lx->keys[k].off, lx->keys[k].len) & (n - 1);
    while (slots[h]) h = (h + 1) & (n - 1);
    slots[h] = k + 1;
  }
  if (lx->slots) DIP_FREE_ARRAY(lx->mem, lx->slots, lx->nslots);
  lx->slots = slots;
  lx->nslots = n;
  return 0;
}

static uint32_t find_key(const ex_lexicon *lx, const char *key, size_t n) {
  uint32_t h;
  if (!lx->nslots) return DIP_NONE;
  h = dip_hash_bytes(key, n) & (lx->nslots - 1);
  while (lx->slots[h]) {
    uint32_t k = lx->slots[h] - 1;
    if (lx->keys[k].len == n && !memcmp(lx->bytes + lx->keys[k].off, key, n)) return k;
    h = (h + 1) & (lx->nslots - 1);
  }
  return DIP_NONE;
}

uint32_t ex_lexicon_find(const ex_lexicon *lx, const char *key, size_t n) {
  uint32_t k = find_key(lx, key, n);
  return k == DIP_NONE ? DIP_NONE : lx->keys[k].head;
}

int ex_lexicon_lookup(const ex_lexicon *lx, const char *key, size_t n, uint32_t *head) {
  uint32_t k = find_key(lx, key, n);
  *head = k == DIP_NONE ? DIP_NONE : lx->keys[k].head;
  return k != DIP_NONE;
}

/* Adds an entry under a folded key; an identical entry is not added twice.
   Entries of one key keep the order they were added in. */
static uint32_t new_key(ex_lexicon *lx, const char *key, size_t n) {
  uint32_t k = find_key(lx, key, n);
  if (k == DIP_NONE) {
    uint32_t off, h;
    if ((uint64_t)(lx->nkeys + 1) * 2 > lx->nslots && rehash(lx)) return DIP_NONE;
    if (DIP_GROW(lx->mem, lx->keys, lx->keycap, lx->nkeys + 1) || (off = store(lx, key, n)) == DIP_NONE) return DIP_NONE;
    k = lx->nkeys++;
    lx->keys[k].off = off;
    lx->keys[k].len = (uint32_t)n;
    lx->keys[k].head = DIP_NONE;
    h = dip_hash_bytes(key, n) & (lx->nslots - 1);
    while (lx->slots[h]) h = (h + 1) & (lx->nslots - 1);
    lx->slots[h] = k + 1;
  }
  return k;
}

static int add_entry(ex_lexicon *lx, const char *key, size_t n, uint32_t words, uint32_t kind, uint32_t value,
                     uint32_t aux) {
  uint32_t k, e, *link;
  if (!n || n > MAX_KEY) return 0;
  /* every word-boundary prefix is a key too (without entries), so that a
     lookup growing word by word knows when to stop */
  for (size_t i = 1; i < n; i++)
    if (key[i] == ' ' && new_key(lx, key, i) == DIP_NONE) return -1;
  if ((k = new_key(lx, key, n)) == DIP_NONE) return -1;
  link = &lx->keys[k].head;
  for (e = *link; e != DIP_NONE; e = lx->entries[e].next) {
    if (lx->entries[e].kind == kind && lx->entries[e].value == value) return 0;
    link = &lx->entries[e].next;
  }
  if (DIP_GROW(lx->mem, lx->entries, lx->entrycap, lx->nentries + 1)) return -1;
  e = lx->nentries++;
  lx->entries[e].kind = kind;
  lx->entries[e].value = value;
  lx->entries[e].aux = aux;
  lx->entries[e].next = DIP_NONE;
  /* the entries array may have moved: find the link again */
  link = &lx->keys[k].head;
  while (*link != DIP_NONE) link = &lx->entries[*link].next;
  *link = e;
  if (words > lx->maxwords) lx->maxwords = words;
  return 0;
}

size_t ex_phrase_key(dip_mem *mem, const char *text, size_t n, char *buf, size_t cap, uint32_t *words) {
  ex_text t;
  size_t used = 0;
  *words = 0;
  if (ex_text_split(&t, mem, text, n)) {
    ex_text_free(&t);
    return 0;
  }
  for (uint32_t i = 0; i < t.ntok; i++) {
    const ex_token *k = &t.tok[i];
    if (used + k->len + 2 > cap) {
      ex_text_free(&t);
      return 0;
    }
    if (i) buf[used++] = ' ';
    ex_fold(text + k->off, k->len, buf + used, cap - used);
    used += k->len;
  }
  buf[used] = '\0';
  *words = t.ntok;
  ex_text_free(&t);
  return used;
}

static int add_name(ex_lexicon *lx, const char *name, uint32_t kind, uint32_t value, int person) {
  char key[MAX_KEY + 8];
  uint32_t words;
  size_t n;
  if (!name || !*name) return 0;
  n = ex_phrase_key(lx->mem, name, strlen(name), key, sizeof key, &words);
  if (!n) return 0;
  if (add_entry(lx, key, n, words, kind, value, 0)) return -1;
  /* "the Kremlin" is also found as "Kremlin" */
  if (n > 4 && !memcmp(key, "the ", 4) && add_entry(lx, key + 4, n - 4, words - 1, kind, value, 0)) return -1;
  /* a person is also found by the last word of the name */
  if (person && words > 1) {
    const char *last = strrchr(key, ' ');
    if (last && strlen(last + 1) > 2 && add_entry(lx, last + 1, strlen(last + 1), 1, LX_SURNAME, value, 0)) return -1;
  }
  return 0;
}

static int add_dataset(ex_lexicon *lx, dip_dataset *ds) {
  uint32_t person = dip_strtab_find(&ds->strs, "person", 6);
  uint32_t org = ds->words[W_ORGANIZATION];
  for (uint32_t i = 0; i < ds->nactors; i++) {
    const dip_actor *a = &ds->actors[i];
    if (add_name(lx, dip_str(ds, a->name), LX_ACTOR, i, a->kind == person && person != DIP_NONE)) return -1;
    for (uint32_t j = 0; j < a->naliases; j++)
      if (add_name(lx, dip_str(ds, ds->lists[a->aliases + j]), LX_ACTOR, i, 0)) return -1;
    /* organizations are named by their ids too: NATO, OSCE */
    if (a->kind == org && add_name(lx, dip_str(ds, a->id), LX_ACTOR, i, 0)) return -1;
  }
  for (uint32_t i = 0; i < ds->nplaces; i++) {
    const dip_place *p = &ds->places[i];
    if (add_name(lx, dip_str(ds, p->name), LX_PLACE, i, 0)) return -1;
    for (uint32_t j = 0; j < p->naliases; j++)
      if (add_name(lx, dip_str(ds, ds->lists[p->aliases + j]), LX_PLACE, i, 0)) return -1;
  }
  return 0;
}

/* Pattern file lines: KIND <tab> VALUE <tab> PHRASE; '#' starts a comment line. */
static int add_patterns(ex_lexicon *lx, const char *s, size_t n) {
  const char *p = s, *end = s + n;
  uint32_t line = 0;
  while (p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end, *t1, *t2;
    char key[MAX_KEY + 8];
    uint32_t kind = LX_NPATTERN, value = 0, words, aux = 0;
    size_t kn, len;
    line++;
    len = (size_t)(eol - p);
    if (len && p[len - 1] == '\r') len--;
    if (!len || p[0] == '#') {
      p = nl ? nl + 1 : end;
      continue;
    }
    t1 = memchr(p, '\t', len);
    t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(p + len - t1 - 1)) : NULL;
    if (!t2) {
      snprintf(lx->err, sizeof lx->err, "patterns:%u: expected KIND<tab>VALUE<tab>PHRASE", (unsigned)line);
      return DIP_EINVAL;
    }
    for (uint32_t k = 0; k < LX_NPATTERN; k++)
      if ((size_t)(t1 - p) == strlen(kind_names[k]) && !memcmp(p, kind_names[k], (size_t)(t1 - p))) kind = k;
    if (kind == LX_NPATTERN) {
      snprintf(lx->err, sizeof lx->err, "patterns:%u: unknown kind '%.*s'", (unsigned)line, (int)(t1 - p), p);
      return DIP_EINVAL;
    }
    if (kind == LX_EVENT && t2 - t1 > 1 && t2[-1] == '+') aux = 1; /* "meeting+": a verb form */
    if ((value = store(lx, t1 + 1, (size_t)(t2 - t1 - 1) - aux)) == DIP_NONE) return DIP_ENOMEM;
    kn = ex_phrase_key(lx->mem, t2 + 1, (size_t)(p + len - t2 - 1), key, sizeof key, &words);
    if (!kn) {
      snprintf(lx->err, sizeof lx->err, "patterns:%u: empty or too long phrase", (unsigned)line);
      return DIP_EINVAL;
    }
    if (add_entry(lx, key, kn, words, kind, value, aux)) return DIP_ENOMEM;
    p = nl ? nl + 1 : end;
  }
  return DIP_OK;
}

int ex_lexicon_build(ex_lexicon *lx, dip_mem *mem, dip_dataset *ds, const char *patterns, size_t n) {
  int rc;
  memset(lx, 0, sizeof *lx);
  lx->mem = mem;
  lx->ds = ds;
  lx->generation = ds->generation;
  if ((rc = add_patterns(lx, patterns, n))) return rc;
  if (add_dataset(lx, ds)) {
    snprintf(lx->err, sizeof lx->err, "out of memory");
    return DIP_ENOMEM;
  }
  return DIP_OK;
}

void ex_lexicon_free(ex_lexicon *lx) {
  if (lx->bytes) dip_free(lx->mem, lx->bytes, lx->bytecap);
  if (lx->keys) DIP_FREE_ARRAY(lx->mem, lx->keys, lx->keycap);
  if (lx->slots) DIP_FREE_ARRAY(lx->mem, lx->slots, lx->nslots);
  if (lx->entries) DIP_FREE_ARRAY(lx->mem, lx->entries, lx->entrycap);
  memset(lx, 0, sizeof *lx);
}
