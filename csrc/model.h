/* model.h: the dataset (places, actors, relations, events) addressed by integer handles */
#ifndef DIP_MODEL_H
#define DIP_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "dates.h"
#include "intern.h"
#include "mem.h"

/* Status codes of every core call. */
enum { DIP_OK = 0, DIP_EINVAL = 1, DIP_ENOMEM = 2, DIP_EIO = 3, DIP_ESYNTAX = 4 };

enum dip_status {
  DIP_STATUS_UNSET = 0, /* absent from the data: held */
  DIP_HELD, DIP_PLANNED, DIP_POSTPONED, DIP_CANCELLED, DIP_REPORTED, DIP_DENIED,
  DIP_NSTATUS
};

extern const char *const dip_status_names[DIP_NSTATUS];

/* Strings the rules look for, interned once per dataset. */
enum dip_word {
  W_STATE, W_ORGANIZATION, W_MEMBER_OF, W_PART_OF, W_POSITION,
  W_MEETING, W_TALKS, W_NEGOTIATION, W_SUMMIT, W_VISIT, W_CALL, W_CONFERENCE,
  DIP_NWORDS
};

extern const char *const dip_word_text[DIP_NWORDS];

typedef struct dip_date {
  dip_span span;
  uint32_t text;      /* as written */
} dip_date;

typedef struct dip_place {
  uint32_t id, name, kind, country; /* strings or DIP_NONE */
  uint32_t within;                  /* place or DIP_NONE */
  uint32_t aliases, naliases;       /* a run of ds->lists */
  double lat, lon;
  unsigned char has_lat, has_lon;
  cJSON *extra;                     /* keys the format does not know */
} dip_place;

typedef struct dip_actor {
  uint32_t id, name, kind, country;
  uint32_t aliases, naliases;
  cJSON *codes, *extra;
} dip_actor;

typedef struct dip_relation {
  uint32_t actor, target;           /* actors */
  uint32_t type, title;             /* strings */
  uint32_t start, end;              /* dates or DIP_NONE */
  cJSON *extra;
} dip_relation;

/* A participant is three words: its unknown keys (rare) are kept in the
   dataset's side table part_extra, so that participants without any pay
   nothing for them (dip_part_extra). */
typedef struct dip_participant {
  uint32_t actor, side;             /* actors; side DIP_NONE when not given */
  uint32_t role;                    /* string */
} dip_participant;

/* JSON values kept for the few objects of one kind that have any, as
   (handle, value) pairs in increasing handle order (objects are appended at
   the end, so a new pair always goes last): a binary search finds one. */
typedef struct dip_sidejson {
  struct dip_sidepair {
    uint32_t h;
    uint32_t len;     /* of text */
    cJSON *v;
    const char *text; /* from an opened snapshot, parsed into v when first asked for (NULL once parsed) */
  } *pairs;
  uint32_t n, cap;
} dip_sidejson;

/* An event holds no pointer: its sources and unknown keys (few events have
   any) are kept in the dataset's side tables ev_sources and ev_extra
   (dip_event_sources, dip_event_extra). */
typedef struct dip_event {
  uint32_t id, type, title, cameo;  /* strings */
  uint32_t start, end;              /* dates (end may be DIP_NONE) */
  uint32_t place, part_of;          /* place, event */
  uint32_t parts, nparts;           /* a run of ds->parts */
  unsigned char status;
} dip_event;

/* An event as it is built before it is added: its fields, and its JSON. */
typedef struct dip_event_in {
  uint32_t id, type, title, cameo, start, end, place, part_of, parts, nparts;
  unsigned char status;
  cJSON *sources, *extra;
} dip_event_in;

typedef struct dip_namelink {
  uint32_t key, obj, next;
} dip_namelink;

/* Case-folded names, ids and aliases of one kind of object. */
typedef struct dip_names {
  dip_map head;                     /* folded string -> first link */
  dip_namelink *links;
  uint32_t n, cap;
} dip_names;

struct dip_index;

typedef struct dip_dataset {
  dip_mem mem;
  dip_strtab strs;
  uint32_t words[DIP_NWORDS];
  dip_date *dates; uint32_t ndates, datecap;
  dip_map date_of_text;
  dip_place *places; uint32_t nplaces, placecap;
  dip_actor *actors; uint32_t nactors, actorcap;
  dip_relation *relations; uint32_t nrelations, relationcap;
  dip_event *events; uint32_t nevents, eventcap;
  dip_participant *parts; uint32_t nparts, partcap;
  uint32_t *lists; uint32_t nlists, listcap;
  dip_sidejson part_extra;          /* participants' unknown keys */
  dip_sidejson ev_sources, ev_extra; /* events' sources and unknown keys */
  dip_map place_of_id, actor_of_id, event_of_id;
  dip_names place_names, actor_names;
  cJSON *meta, *extra;
  uint32_t generation;              /* grows with every change */
  unsigned loading;                 /* DIP_SEEN_* while a document is read */
  struct dip_index *index;          /* built on demand by queries */
  char *outbuf;                     /* the last encoded text, owned here */
  void *image;                      /* an opened snapshot's file (snapshot.c), or NULL */
  size_t imagesize;                 /* the file's size */
  void *imagebase;                  /* what was mapped (the range reserved with it, regions included) or allocated */
  size_t imagearea;                 /* its length */
  unsigned char image_mapped;       /* mapped, else read into memory */
  unsigned char snapshot_trusted;   /* opened without the checks (checked before) */
  char err[512];
} dip_dataset;

/* A new empty dataset, or NULL when memory is exhausted. alloc may be NULL. */
dip_dataset *dip_new(dip_alloc_fn alloc, void *ud);
void dip_close(dip_dataset *ds);

static inline const char *dip_str(const dip_dataset *ds, uint32_t s) {
  return s == DIP_NONE ? NULL : dip_strtab_text(&ds->strs, s);
}

/* The value kept for handle h, or NULL (also when a value still to be
   parsed from an opened snapshot cannot be, for want of memory). */
cJSON *dip_side_get(const dip_sidejson *s, uint32_t h);
/* Pair i's value, parsed first if it has not been. */
cJSON *dip_side_value(const dip_sidejson *s, uint32_t i);
/* Keeps v for handle h (greater than every handle kept): DIP_OK, or DIP_ENOMEM
   with v still the caller's. */
int dip_side_push(dip_dataset *ds, dip_sidejson *s, uint32_t h, cJSON *v);
/* Where handle h's value is kept (parsed), made (holding NULL) when h has
   none; NULL when memory is exhausted. Valid until the next change of s. */
cJSON **dip_side_slot(dip_dataset *ds, dip_sidejson *s, uint32_t h);
/* Deletes the values kept for handles from on. */
void dip_side_drop(dip_dataset *ds, dip_sidejson *s, uint32_t from);
/* Parses what event e keeps as JSON (its sources, unknown keys and its
   participants' unknown keys) if it has not been: DIP_OK, or DIP_ENOMEM when
   one could not be. Writers of an event call it first, so that memory running
   out is an error and never an event without them. */
int dip_event_kept_ready(const dip_dataset *ds, uint32_t e);
/* Participant p's unknown keys (an object), or NULL when it has none. */
static inline cJSON *dip_part_extra(const dip_dataset *ds, uint32_t p) { return dip_side_get(&ds->part_extra, p); }
/* Event e's sources (an array) and unknown keys (an object), or NULL. */
static inline cJSON *dip_event_sources(const dip_dataset *ds, uint32_t e) { return dip_side_get(&ds->ev_sources, e); }
static inline cJSON *dip_event_extra(const dip_dataset *ds, uint32_t e) { return dip_side_get(&ds->ev_extra, e); }

/* Adding objects: each validates o completely (as the format says, references
   resolved against what the dataset holds) and then either adds the whole
   object and returns DIP_OK, or changes nothing and returns an error code with
   ds->err set to "field: what is wrong". The cJSON object may be consumed
   (unknown keys are moved out of it); the caller still deletes it. */
int dip_add_place(dip_dataset *ds, cJSON *o, uint32_t *handle);
int dip_add_actor(dip_dataset *ds, cJSON *o, uint32_t *handle);
int dip_add_relation(dip_dataset *ds, cJSON *o, uint32_t *handle);
int dip_add_event(dip_dataset *ds, cJSON *o, uint32_t *handle);

/* Looking up by name (rule 7). Returns DIP_OK with *handle set (DIP_NONE when
   nothing fits), or DIP_EINVAL when the name is ambiguous (ds->err lists the ids). */
int dip_find_place(dip_dataset *ds, const char *name, size_t n, uint32_t *handle);
int dip_find_actor(dip_dataset *ds, const char *name, size_t n, uint32_t *handle);
uint32_t dip_find_event(const dip_dataset *ds, const char *id, size_t n);

/* Parses a date; returns DIP_OK with *span set, else DIP_EINVAL with ds->err. */
int dip_parse_date(dip_dataset *ds, const char *s, size_t n, dip_span *span);

int dip_is_meeting_type(const dip_dataset *ds, uint32_t type);
/* The span of an event: its start's beginning to its end's (or start's) end. */
dip_span dip_event_span(const dip_dataset *ds, const dip_event *e);
dip_span dip_relation_span(const dip_dataset *ds, const dip_relation *r);

/* Loading a document element by element (jsonio.c drives this). Elements are
   read as they come, with references kept as ids; dip_load_end resolves them
   and checks what needs the whole document. Each call takes ownership of the
   cJSON value given to dip_load_top; elements stay the caller's. A dataset
   whose loading failed is only fit for dip_close. */
enum dip_array { DIP_PLACES, DIP_ACTORS, DIP_RELATIONS, DIP_EVENTS };
enum { DIP_SEEN_FORMAT = 1, DIP_SEEN_VERSION = 2 };
int dip_load_top(dip_dataset *ds, const char *key, cJSON *value);
int dip_load_element(dip_dataset *ds, enum dip_array array, uint32_t index, cJSON *o);
int dip_load_end(dip_dataset *ds);

/* Internal to the core: shared by model.c and jsonio.c */
int dip_set_err(dip_dataset *ds, int code, const char *fmt, ...);
cJSON *dip_to_json(dip_dataset *ds);

/* ---- bulk appends for the importers (import.c) ----
   The caller builds each object from interned strings and checks it first:
   ids new, references valid, dates in order. Each append either adds the
   object (its cJSON members then belong to the dataset) and returns DIP_OK,
   or adds nothing and returns DIP_ENOMEM. A mark taken before a run of
   appends lets a failed import take all of them back. */
typedef struct dip_mark {
  uint32_t nplaces, nactors, nrelations, nevents, nparts, nlists, ndates, place_links, actor_links;
} dip_mark;
void dip_mark_take(const dip_dataset *ds, dip_mark *m);
void dip_mark_rollback(dip_dataset *ds, const dip_mark *m);
/* The date of text s[0..n) (already parsed into span); DIP_NONE when memory is exhausted. */
uint32_t dip_append_date(dip_dataset *ds, const char *s, size_t n, const dip_span *span);
/* Appends strings to ds->lists (for aliases); *off set to where they start. */
int dip_append_aliases(dip_dataset *ds, const uint32_t *strs, uint32_t n, uint32_t *off);
int dip_append_place(dip_dataset *ds, const dip_place *p, uint32_t *handle);
int dip_append_actor(dip_dataset *ds, const dip_actor *a, uint32_t *handle);
int dip_append_relation(dip_dataset *ds, const dip_relation *r);
/* Gives actor one more alias (found by name from then on); nothing when it
   has that name already. Only for actors appended since the last mark (their
   aliases move to the end of ds->lists, which a rollback takes back). */
int dip_append_actor_alias(dip_dataset *ds, uint32_t actor, uint32_t alias);
/* Makes room for events and participants to come (an optimization only). */
int dip_append_reserve(dip_dataset *ds, uint32_t events, uint32_t parts);
/* e's parts and nparts are ignored: the participants are copied from parts.
   e's sources and extra belong to the dataset once added. */
int dip_append_event(dip_dataset *ds, const dip_event_in *e, const dip_participant *parts, uint32_t nparts,
                     uint32_t *handle);

/* ---- names added later (the REPL's ds:alias and ds:merge_actors) ---- */
/* Adds name to actor h's aliases (nothing when it already has it). */
int dip_actor_add_alias(dip_dataset *ds, uint32_t h, const char *name, size_t n);
/* Makes other part of keep: other's participations, relations, name, aliases,
   codes and merged ids move to keep, other's id becomes one of keep's
   "merged_ids" (kept in keep's extra, so JSON and snapshots keep it) and finds
   keep from then on. other is removed: actor handles above it move down by one. */
int dip_merge_actors(dip_dataset *ds, uint32_t keep, uint32_t other);
/* Registers the "merged_ids" of actor h (from its extra) as ids of h; path
   names the actor in messages. */
int dip_register_merged(dip_dataset *ds, uint32_t h, const char *path);

#endif
