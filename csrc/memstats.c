/* memstats.c: where a dataset's bytes go, structure by structure (for docs/scale.md and bench/scale.sh) */
#include <string.h>
#include "memstats.h"
#include "query.h"

typedef struct tally {
  dip_memory_item *items;
  int n, max;
} tally;

static void put(tally *t, const char *name, size_t bytes, size_t count) {
  if (t->n < t->max) {
    t->items[t->n].name = name;
    t->items[t->n].bytes = bytes;
    t->items[t->n].count = count;
  }
  t->n++;
}

static size_t held(uint32_t cap, size_t n) { return cap ? cap : (n ? n : 1); }

static size_t map_bytes(const dip_map *m) { return (size_t)m->nslots * 2 * sizeof(uint32_t); }

static size_t csr_bytes(const dip_csr *c) { return ((size_t)c->n + 1 + c->nval) * sizeof(uint32_t); }

/* cJSON nodes under v (v included) and the bytes they and their strings take. */
static void json_bytes(const cJSON *v, size_t *nodes, size_t *bytes) {
  for (; v; v = v->next) {
    (*nodes)++;
    *bytes += sizeof(cJSON);
    if (v->string) *bytes += strlen(v->string) + 1;
    if (v->valuestring) *bytes += strlen(v->valuestring) + 1;
    if (v->child) json_bytes(v->child, nodes, bytes);
  }
}

static void json_one(const cJSON *v, size_t *nodes, size_t *bytes) {
  if (!v) return;
  (*nodes)++;
  *bytes += sizeof(cJSON);
  if (v->valuestring) *bytes += strlen(v->valuestring) + 1;
  if (v->child) json_bytes(v->child, nodes, bytes);
}

int dip_memory(const dip_dataset *ds, dip_memory_item *items, int max) {
  tally t = {items, 0, max};
  const dip_strtab *s = &ds->strs;
  const dip_index *x = ds->index;
  size_t chunks = 0, nodes, bytes, nextra = 0;
  for (uint32_t i = 0; i < s->nchunks; i++) {
    size_t size;
    memcpy(&size, s->chunks[i], sizeof size);
    chunks += size;
  }
  put(&t, "strings.bytes", chunks, s->n);
  put(&t, "strings.table", (size_t)s->cap * sizeof *s->str + (size_t)s->nslots * sizeof *s->slots, s->n);
  put(&t, "dates", (size_t)ds->datecap * sizeof *ds->dates + map_bytes(&ds->date_of_text), ds->ndates);
  put(&t, "places", (size_t)ds->placecap * sizeof *ds->places, ds->nplaces);
  put(&t, "actors", (size_t)ds->actorcap * sizeof *ds->actors, ds->nactors);
  put(&t, "relations", (size_t)ds->relationcap * sizeof *ds->relations, ds->nrelations);
  put(&t, "events", (size_t)ds->eventcap * sizeof *ds->events, ds->nevents);
  put(&t, "participants", (size_t)ds->partcap * sizeof *ds->parts, ds->nparts);
  put(&t, "lists", (size_t)ds->listcap * sizeof *ds->lists, ds->nlists);
  put(&t, "id maps", map_bytes(&ds->place_of_id) + map_bytes(&ds->actor_of_id) + map_bytes(&ds->event_of_id),
      (size_t)ds->nplaces + ds->nactors + ds->nevents);
  put(&t, "name maps",
      map_bytes(&ds->place_names.head) + map_bytes(&ds->actor_names.head) +
          ((size_t)ds->place_names.cap + ds->actor_names.cap) * sizeof(dip_namelink),
      (size_t)ds->place_names.n + ds->actor_names.n);
  /* what stays JSON: unknown keys, codes, sources */
  nodes = bytes = 0;
  /* the side tables themselves, then what they hold (values still text in an
     opened snapshot are the file's, not the process's memory: not counted) */
  bytes = ((size_t)ds->ev_sources.cap + ds->ev_extra.cap) * sizeof(struct dip_sidepair);
  for (uint32_t i = 0; i < ds->ev_sources.n; i++) json_one(ds->ev_sources.pairs[i].v, &nodes, &bytes);
  for (uint32_t i = 0; i < ds->ev_extra.n; i++) json_one(ds->ev_extra.pairs[i].v, &nodes, &bytes);
  /* events with either: both lists' lengths less the events in both (sorted lists) */
  nextra = (size_t)ds->ev_sources.n + ds->ev_extra.n;
  for (uint32_t i = 0, k = 0; i < ds->ev_sources.n; i++) {
    while (k < ds->ev_extra.n && ds->ev_extra.pairs[k].h < ds->ev_sources.pairs[i].h) k++;
    if (k < ds->ev_extra.n && ds->ev_extra.pairs[k].h == ds->ev_sources.pairs[i].h) nextra--;
  }
  put(&t, "events.json", bytes, nodes);
  nodes = bytes = 0;
  for (uint32_t i = 0; i < ds->part_extra.n; i++) json_one(ds->part_extra.pairs[i].v, &nodes, &bytes);
  bytes += (size_t)ds->part_extra.cap * sizeof *ds->part_extra.pairs; /* the side table itself */
  put(&t, "participants.json", bytes, nodes);
  nodes = bytes = 0;
  for (uint32_t i = 0; i < ds->nactors; i++) {
    json_one(ds->actors[i].codes, &nodes, &bytes);
    json_one(ds->actors[i].extra, &nodes, &bytes);
  }
  for (uint32_t i = 0; i < ds->nplaces; i++) json_one(ds->places[i].extra, &nodes, &bytes);
  for (uint32_t i = 0; i < ds->nrelations; i++) json_one(ds->relations[i].extra, &nodes, &bytes);
  json_one(ds->meta, &nodes, &bytes);
  json_one(ds->extra, &nodes, &bytes);
  put(&t, "other.json", bytes, nodes);
  put(&t, "events with json", 0, nextra);
  if (x) {
    uint32_t nranks = dip_nranks(x);
    put(&t, "index.order+rank+flags",
        held(x->rankcap, nranks) * sizeof *x->order + held(x->evcap, x->nevents) * sizeof *x->rank +
            held(x->flagcap, nranks) * sizeof *x->flags,
        nranks);
    put(&t, "index.rparts", (x->rpcap ? x->rpcap : (size_t)nranks + 1) * sizeof *x->rparts, nranks);
    put(&t, "index.side", held(x->ipcap, x->nparts) * sizeof *x->side, x->nparts);
    put(&t, "index.stands",
        (x->offcap ? x->offcap : (size_t)x->stands.n + 1) * sizeof(uint32_t) +
            held(x->valcap, x->stands.nval) * sizeof(uint32_t),
        x->stands.nval);
    put(&t, "index.actor_events", csr_bytes(&x->actor_events), x->actor_events.nval);
    put(&t, "index.relations", csr_bytes(&x->ties) + csr_bytes(&x->joined) + csr_bytes(&x->members),
        (size_t)x->ties.nval + x->joined.nval + x->members.nval);
    put(&t, "index.per actor and place",
        (size_t)x->nactors * 7 * sizeof(uint32_t) + (size_t)x->nplaces * 4 * sizeof(uint32_t) +
            (size_t)x->nlong * sizeof(uint32_t),
        (size_t)x->nactors + x->nplaces);
    put(&t, "index.delta", (size_t)x->dsortcap * 4 + (size_t)x->dinscap * 4, x->ndelta);
  }
  return t.n;
}
