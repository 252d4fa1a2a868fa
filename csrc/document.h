/* document.h: adding a whole document (places, actors, relations, events) to a dataset, all or nothing */
#ifndef DIP_DOCUMENT_H
#define DIP_DOCUMENT_H

#include <cjson/cJSON.h>
#include "model.h"

/* Adds doc's objects to ds. Places, actors and events whose ids ds already
   has are taken as the same objects and skipped; a relation equal to one ds
   has (same actor, type, target, title, start, end) is skipped. On success
   *added is the number of events added. On failure nothing is added and
   ds->err reads "events[2].start: what" (indexes from 1). doc's elements
   may be consumed (unknown keys moved out); the caller still deletes doc. */
int dip_add_document(dip_dataset *ds, cJSON *doc, uint32_t *added);

#endif
