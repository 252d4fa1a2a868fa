/* cameo.h: the CAMEO event codes (name, Goldstein score, root, event type) and actor code parts */
#ifndef DIP_CAMEO_H
#define DIP_CAMEO_H

#include <stddef.h>

typedef struct dip_cameo_code {
  const char *code, *name;
  double goldstein;
} dip_cameo_code;

/* The entry of an event code ("042"), or NULL when CAMEO has no such code. */
const dip_cameo_code *dip_cameo_event(const char *code, size_t n);
/* Every code, sorted; *count set to their number. */
const dip_cameo_code *dip_cameo_events(size_t *count);

/* How an event code maps into the model: the event type and the roles of the
   source (Actor1) and target (Actor2). Meeting codes are the 04 family. */
typedef struct dip_cameo_mapping {
  const char *type;
  const char *source_role, *target_role;
  int meeting;
} dip_cameo_mapping;

/* NULL when the code's root (its first two digits) is not 01 to 20. */
const dip_cameo_mapping *dip_cameo_map(const char *code, size_t n);
/* The CAMEO code that stands for an event type and the role of Actor1 in it
   (for writing GDELT rows); NULL when no code fits. */
const char *dip_cameo_code_for(const char *type, const char *source_role);

/* Parts of CAMEO actor codes (three letters each). */
typedef struct dip_cameo_group {
  const char *code, *id, *name, *kind; /* id: the actor id the group gets ("NATO") */
} dip_cameo_group;

typedef struct dip_cameo_type {
  const char *code, *label, *kind; /* kind of an actor whose code ends with it */
  int state_body;                  /* a body of the state (government, military, ...) */
} dip_cameo_type;

const dip_cameo_type *dip_cameo_type_of(const char *s, size_t n);
const dip_cameo_group *dip_cameo_group_of(const char *s, size_t n);
/* A known group by its name or id (for names ICEWS gives organizations). */
const dip_cameo_group *dip_cameo_group_named(const char *s, size_t n);
/* The label of a CAMEO region code ("WST": "the West"), or NULL. */
const char *dip_cameo_region(const char *s, size_t n);
/* The code of a region by its name ("Middle East", "the Caribbean"), or NULL. */
const char *dip_cameo_region_named(const char *s, size_t n);

#endif
