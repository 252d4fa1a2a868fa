/* document.c: ds:add(doc): a document merged into a dataset, reusing what it has by id, rolled back on any error */
#include <stdio.h>
#include <string.h>
#include "document.h"

static const char *const arrays[] = {"places", "actors", "relations", "events"};

static uint32_t id_of(dip_dataset *ds, const cJSON *o, const dip_map *ids) {
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
  uint32_t s;
  if (!cJSON_IsString(id)) return DIP_NONE;
  s = dip_strtab_find(&ds->strs, id->valuestring, strlen(id->valuestring));
  return s == DIP_NONE ? DIP_NONE : dip_map_get(ids, s);
}

static const char *field(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int same_str(const dip_dataset *ds, uint32_t s, const char *v) {
  const char *x = dip_str(ds, s);
  return (!x && !v) || (x && v && !strcmp(x, v));
}

/* Whether ds holds a relation equal to o. */
static int has_relation(dip_dataset *ds, const cJSON *o) {
  const char *actor = field(o, "actor"), *target = field(o, "target"), *type = field(o, "type");
  const char *title = field(o, "title"), *start = field(o, "start"), *end = field(o, "end");
  if (!actor || !target || !type) return 0;
  for (uint32_t r = 0; r < ds->nrelations; r++) {
    const dip_relation *rel = &ds->relations[r];
    if (!same_str(ds, ds->actors[rel->actor].id, actor) || !same_str(ds, ds->actors[rel->target].id, target) ||
        !same_str(ds, rel->type, type) || !same_str(ds, rel->title, title))
      continue;
    if (!same_str(ds, rel->start == DIP_NONE ? DIP_NONE : ds->dates[rel->start].text, start)) continue;
    if (!same_str(ds, rel->end == DIP_NONE ? DIP_NONE : ds->dates[rel->end].text, end)) continue;
    return 1;
  }
  return 0;
}

int dip_add_document(dip_dataset *ds, cJSON *doc, uint32_t *added) {
  dip_mark mark;
  const cJSON *fmt;
  uint32_t nev = 0;
  *added = 0;
  if (!cJSON_IsObject(doc)) return dip_set_err(ds, DIP_EINVAL, "document: expected a table with named fields");
  fmt = cJSON_GetObjectItemCaseSensitive(doc, "format");
  if (fmt && !(cJSON_IsString(fmt) && !strcmp(fmt->valuestring, "diplomacy")))
    return dip_set_err(ds, DIP_EINVAL, "format: expected \"diplomacy\"");
  dip_mark_take(ds, &mark);
  for (int a = 0; a < 4; a++) {
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, arrays[a]), *o;
    uint32_t i = 0;
    if (!arr || (cJSON_IsObject(arr) && !arr->child)) continue; /* an empty Lua table reads as an object */
    if (!cJSON_IsArray(arr)) {
      dip_mark_rollback(ds, &mark);
      return dip_set_err(ds, DIP_EINVAL, "%s: expected an array", arrays[a]);
    }
    cJSON_ArrayForEach(o, arr) {
      uint32_t h;
      int rc;
      i++;
      if (!cJSON_IsObject(o)) {
        dip_mark_rollback(ds, &mark);
        return dip_set_err(ds, DIP_EINVAL, "%s[%u]: expected a table with named fields", arrays[a], (unsigned)i);
      }
      if (a == 0 && id_of(ds, o, &ds->place_of_id) != DIP_NONE) continue;
      if (a == 1 && id_of(ds, o, &ds->actor_of_id) != DIP_NONE) continue;
      if (a == 2 && has_relation(ds, o)) continue;
      if (a == 3 && id_of(ds, o, &ds->event_of_id) != DIP_NONE) continue;
      rc = a == 0 ? dip_add_place(ds, o, &h) : a == 1 ? dip_add_actor(ds, o, &h)
         : a == 2 ? dip_add_relation(ds, o, &h) : dip_add_event(ds, o, &h);
      if (rc) {
        char why[sizeof ds->err];
        snprintf(why, sizeof why, "%s", ds->err);
        dip_mark_rollback(ds, &mark);
        return dip_set_err(ds, rc, "%s[%u]%s%s", arrays[a], (unsigned)i, why[0] == '.' || why[0] == '[' ? "" : ": ", why);
      }
      if (a == 3) nev++;
    }
  }
  *added = nev;
  return DIP_OK;
}
