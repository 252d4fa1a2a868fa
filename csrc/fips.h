/* fips.h: countries by ISO 3166 alpha-3, FIPS 10-4 (GDELT's geography) and the names sources give them */
#ifndef DIP_FIPS_H
#define DIP_FIPS_H

#include <stddef.h>

typedef struct dip_country {
  const char *iso3, *iso2, *fips, *name; /* "" when a code does not exist */
} dip_country;

/* NULL when nothing fits. */
const dip_country *dip_country_by_iso3(const char *s, size_t n);
const dip_country *dip_country_by_fips(const char *s, size_t n);
/* By English name, the names ICEWS and the Office of the Historian use, or a
   slug of one ("korea-south"), compared without regard to case and punctuation. */
const dip_country *dip_country_by_name(const char *s, size_t n);
/* A CAMEO country code: ISO alpha-3, or one of the few codes CAMEO spells otherwise. */
const dip_country *dip_country_by_cameo(const char *s, size_t n);
/* The CAMEO actor code of a country's state (its alpha-3, Kosovo's KSV). */
const char *dip_country_cameo(const dip_country *c);
/* Countries by position in the table (for caches): the index of c, and the entry at i. */
unsigned dip_country_index(const dip_country *c);
const dip_country *dip_country_at(unsigned i);
/* The slug of s (lower-case ASCII letters and digits, other runs as one '-')
   into out[0..size); returns its length (cut at size - 1). */
size_t dip_slug(const char *s, size_t n, char *out, size_t size);

#endif
