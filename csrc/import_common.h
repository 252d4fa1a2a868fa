/* import_common.h: what the importers of each format share (internal to import*.c) */
#ifndef DIP_IMPORT_COMMON_H
#define DIP_IMPORT_COMMON_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "import.h"
#include "fips.h"
#include "jsonio.h"

/* A hash table from 64-bit keys to handles; several entries may share a key.
   Removing an entry leaves its key, so that probe chains stay whole. */
typedef struct dip_hset {
  uint64_t *keys;
  uint32_t *vals;
  uint32_t n, nslots;
} dip_hset;

/* Meetings waiting for their mirrored row: for each key, a stack of events. */
typedef struct dip_pending {
  dip_hset heads;  /* key -> first node, or UINT32_MAX when the stack is empty */
  struct dip_pending_node {
    uint32_t event, next;
  } *nodes;
  uint32_t nnodes, nodecap;
} dip_pending;

/* A post held (from the Office of the Historian's records), kept until the
   end of the import, where runs of them become position relations. */
typedef struct dip_post {
  uint32_t person, target, title; /* actors, string */
  uint32_t start, end;            /* dates */
  int64_t lo;                     /* the beginning of start's span, for sorting */
  uint32_t seq;                   /* the order seen (ties keep it) */
} dip_post;

/* A visitor of the Office of the Historian's visits, for telling spellings
   of one person from other people of the same name. */
typedef struct dip_hsg_person {
  uint32_t actor, origin, key; /* the actor, the state it came from, its name's tokens (a string) */
  uint32_t before;             /* the previous record of the same origin, or UINT32_MAX */
  int64_t first, last;         /* the span of its visits */
  unsigned char monarch, other; /* held a monarch's title; held another */
} dip_hsg_person;

/* Text being built (JSON for the raw extras, ids). */
typedef struct dip_buf {
  char *s;
  size_t n, cap;
  int failed;
} dip_buf;

/* What an event code maps to, interned once per import. */
typedef struct dip_code_info {
  uint32_t type, cameo, title, source_role, target_role; /* strings */
  int meeting;
} dip_code_info;

typedef struct dip_import_state {
  dip_mark mark;
  int fatal;                 /* an error code once the import cannot go on */
  dip_hset actor_of_code;    /* hash of a CAMEO actor code -> actor */
  dip_hset place_of_key;     /* hash of a GDELT geography key -> place */
  dip_hset code_of;          /* hash of an event code -> index into codes */
  dip_code_info *codes;
  uint32_t ncodes, codecap;
  dip_map state_of_name;     /* interned country name or slug -> state actor + 1 (0: none) */
  dip_pending dyads;         /* meetings waiting for their mirrored row */
  dip_hset records;          /* Office of the Historian records, for exact duplicates */
  dip_post *posts;
  uint32_t nposts, postcap;
  uint32_t *sides;           /* ICEWS: pairs of side and actor, for each name and country seen */
  uint32_t nsides, sidecap;
  uint32_t *aliases;         /* ids of rows merged into another's event, mapped to it */
  uint32_t naliases, aliascap;
  dip_buf buf, id;           /* scratch */
  uint32_t day_key, day;     /* the last GDELT SQLDATE and its date */
  /* ICEWS: the column of each field (from the header), and whether it was read */
  int icews_cols[20];
  int icews_header;
  uint32_t usa, usa_dos, usa_place; /* Office of the Historian: the United States */
  uint32_t *located;         /* places the dataset had before that this import gave coordinates */
  uint32_t nlocated, locatedcap;
  dip_hsg_person *persons;   /* Office of the Historian: the visitors met so far */
  uint32_t npersons, personcap;
  dip_hset person_of_actor;  /* actor -> its record */
  dip_hset last_of_origin;   /* origin -> its latest record */
} dip_import_state;

/* ---- shared by the importers (import.c) ---- */

/* Records a skipped row; returns 0, or -1 when memory is exhausted. */
int dip_imp_skip(dip_import *im, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
/* Marks the import failed (memory exhausted) and returns DIP_ENOMEM. */
int dip_imp_oom(dip_import *im);
uint32_t dip_imp_str(dip_import *im, const char *s, size_t n);
/* Parses and interns a date: DIP_OK with *date set, DIP_EINVAL with *why, or DIP_ENOMEM. */
int dip_imp_date(dip_import *im, const char *s, size_t n, uint32_t *date, const char **why);

/* The country of a name (dip_country_by_name, remembered for the import); NULL when none, with *rc set on failure. */
const dip_country *dip_imp_country_named(dip_import *im, const char *s, size_t n, int *rc);

/* Objects found by id or created: DIP_NONE when memory is exhausted. */
uint32_t dip_imp_state(dip_import *im, const dip_country *c);
uint32_t dip_imp_country_place(dip_import *im, const dip_country *c);
uint32_t dip_imp_place(dip_import *im, uint32_t id, uint32_t name, const char *kind, uint32_t within,
                       const double *lat, const double *lon, const char *country);
/* Gives place the coordinates when it has none yet (a place takes the first
   coordinates given for it, whichever row gives them). */
void dip_imp_place_coords(dip_import *im, uint32_t place, const double *lat, const double *lon);
/* alias may be DIP_NONE; part_of: the actor it is part of (a relation without bounds), or DIP_NONE. */
uint32_t dip_imp_actor(dip_import *im, uint32_t id, uint32_t name, uint32_t alias, const char *kind,
                       const char *country, const char *cameo, size_t cameo_len, uint32_t part_of);
/* Adds actor's relation (type a word as in the format) unless it has one like it. */
int dip_imp_relation(dip_import *im, uint32_t actor, const char *type, uint32_t target, uint32_t title,
                     uint32_t start, uint32_t end);
int dip_imp_post(dip_import *im, uint32_t person, uint32_t target, uint32_t title, uint32_t start, uint32_t end);
/* Adds an event; DIP_OK or DIP_ENOMEM (then the cJSON values are freed). */
int dip_imp_event(dip_import *im, dip_event_in *e, const dip_participant *parts, uint32_t nparts, uint32_t *handle);

/* A cJSON object {key: raw JSON text of b}, or NULL when memory is exhausted. */
cJSON *dip_imp_raw_object(const char *key, const dip_buf *b);
/* A cJSON array [raw JSON text of b]. */
cJSON *dip_imp_raw_array(const dip_buf *b);
/* A raw item that takes text (allocated with cJSON_malloc) as its own, or NULL. */
cJSON *dip_imp_raw_taking(char *text);
/* The same from NUL-terminated text. */
cJSON *dip_imp_raw_text_object(const char *key, const char *text);
cJSON *dip_imp_raw_text_array(const char *text);

void dip_hset_free(dip_hset *h);
int dip_hset_add(dip_hset *h, uint64_t key, uint32_t val);
/* The value an entry takes when it is used up (dip_hset_next still passes it). */
#define DIP_HSET_USED (UINT32_MAX - 1)
/* Iterates the entries of key: *pos starts at UINT32_MAX; returns the slot or UINT32_MAX at the end. */
uint32_t dip_hset_next(const dip_hset *h, uint64_t key, uint32_t *pos);
uint64_t dip_hash64(const void *s, size_t n, uint64_t seed);

void dip_pending_free(dip_pending *p);
int dip_pending_push(dip_pending *p, uint64_t key, uint32_t event);
/* The link to the first node of key's stack (*link is UINT32_MAX when there
   is none); a node is taken out with *link = p->nodes[*link].next. */
uint32_t *dip_pending_first(dip_pending *p, uint64_t key);

void dip_buf_reset(dip_buf *b);
void dip_buf_free(dip_buf *b);
/* Makes room for n more bytes; 0, or -1 (and b->failed set). */
int dip_buf_grow(dip_buf *b, size_t n);

static inline void dip_buf_add(dip_buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap && dip_buf_grow(b, n)) return;
  if (b->failed) return;
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

static inline void dip_buf_char(dip_buf *b, char c) {
  if (b->n + 2 > b->cap && dip_buf_grow(b, 1)) return;
  if (b->failed) return;
  b->s[b->n++] = c;
  b->s[b->n] = '\0';
}
/* Appends a string literal. */
#define DIP_BUF_LIT(b, lit) dip_buf_add((b), (lit), sizeof(lit) - 1)
/* A JSON string (quoted, escaped). */
void dip_buf_json(dip_buf *b, const char *s, size_t n);
/* ,"key": before a value in an object being built (the first key without the comma). */
void dip_buf_key(dip_buf *b, const char *key);

/* Whether s[0..n) is a JSON number. */
int dip_is_number(const char *s, size_t n);

/* Dyads: GDELT and ICEWS code a meeting twice, A with B and B with A (a
   visit: A visits B, 042, and B hosts A, 043). A row merges into the waiting
   meeting of this import with the same date, place, source document and
   code (042 for 043 and back), its actors the other way round; each waiting
   meeting takes one row. Returns 1 when the row merged (its fields then added
   to the event's extra[extra_key] as "mirror"), 0 when it did not. */
int dip_dyad_merge(dip_import *im, const char *extra_key, uint32_t row_id, uint32_t date, uint32_t a1, uint32_t a2,
                   const char *code, size_t ncode, uint32_t place, uint64_t source, const dip_buf *fields, int *rc);
/* Makes id (a merged row's, or an exact duplicate's) find event too, so that
   importing the same file again skips it. */
int dip_imp_alias(dip_import *im, uint32_t id, uint32_t event);
int dip_dyad_wait(dip_import *im, uint32_t event, uint32_t date, uint32_t a1, uint32_t a2, const char *code,
                  size_t ncode, uint32_t place, uint64_t source);

/* The value of key's first entry, or UINT32_MAX. */
uint32_t dip_hset_get(const dip_hset *h, uint64_t key);
/* The mapping of an event code (all digits, 2 to 4), or NULL when CAMEO has no such code. */
const dip_code_info *dip_imp_code(dip_import *im, const char *code, size_t n, int *rc);

/* ---- the formats ---- */
/* A whole GDELT file, read and checked on a thread of its own while the rows go into the dataset. */
int dip_gdelt_file(dip_import *im, FILE *f, const char *path);
int dip_icews_header(dip_import *im, char *line, size_t len);
int dip_icews_row(dip_import *im, char *line, size_t len, uint32_t lineno);
/* Reads one XML file (format DIP_FORMAT_HSG_TRAVELS or _VISITS; a root
   element of the other kind, or another, is left alone). */
int dip_hsg_file(dip_import *im, FILE *f, int format);
/* A CSV file as dip_export writes it (one row per event and participant). */
int dip_csv_file(dip_import *im, FILE *f, const char *path);
/* Turns the posts seen into position relations. */
int dip_hsg_finish(dip_import *im);

#endif
