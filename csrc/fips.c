/* fips.c: the country table (ISO 3166, FIPS 10-4, names) and lookups into it */
#include <stdlib.h>
#include <string.h>
#include "fips.h"

static const dip_country countries[] = {
#include "countries.inc"
};

#define NCOUNTRIES (sizeof countries / sizeof countries[0])

/* Names the sources use that differ from the table's, as slugs: ICEWS country
   names, the Office of the Historian's country ids, common short forms. */
static const struct alias {
  const char *slug, *iso3;
} aliases[] = {
  {"antigua-barbuda", "ATG"},
  {"bosnia", "BIH"},
  {"bosnia-herzegovina", "BIH"},
  {"brunei-darussalam", "BRN"},
  {"burma", "MMR"},
  {"burma-myanmar", "MMR"},
  {"byelorussia", "BLR"},
  {"cape-verde", "CPV"},
  {"ceylon", "LKA"},
  {"china-people-s-republic-of", "CHN"},
  {"china-republic-of", "TWN"},
  {"congo", "COG"},
  {"congo-democratic-republic", "COD"},
  {"congo-democratic-republic-of", "COD"},
  {"congo-kinshasa", "COD"},
  {"congo-republic", "COG"},
  {"congo-republic-of", "COG"},
  {"cote-d-ivoire", "CIV"},
  {"cote-divoire", "CIV"},
  {"czech-republic", "CZE"},
  {"czechia", "CZE"},
  {"democratic-republic-of-congo", "COD"},
  {"democratic-republic-of-the-congo-zaire", "COD"},
  {"east-timor", "TLS"},
  {"eswatini", "SWZ"},
  {"gambia", "GMB"},
  {"germany-federal-republic-of", "DEU"},
  {"great-britain", "GBR"},
  {"holy-see", "VAT"},
  {"iran-islamic-republic-of", "IRN"},
  {"korea", "KOR"},
  {"korea-democratic-people-s-republic-of", "PRK"},
  {"korea-north", "PRK"},
  {"korea-republic-of", "KOR"},
  {"korea-south", "KOR"},
  {"kyrgyz-republic", "KGZ"},
  {"lao-people-s-democratic-republic", "LAO"},
  {"macedonia", "MKD"},
  {"macedonia-former-yugoslav-republic-of", "MKD"},
  {"micronesia-federated-states-of", "FSM"},
  {"moldova-republic-of", "MDA"},
  {"occupied-palestinian-territory", "PSE"},
  {"palestine", "PSE"},
  {"palestinian-authority", "PSE"},
  {"russian-federation", "RUS"},
  {"saint-kitts-nevis", "KNA"},
  {"saint-vincent-grenadines", "VCT"},
  {"sao-tome-and-principe", "STP"},
  {"serbia-and-montenegro", "SCG"},
  {"slovak-republic", "SVK"},
  {"somoa", "WSM"},
  {"st-kitts-and-nevis", "KNA"},
  {"st-lucia", "LCA"},
  {"st-vincent-and-the-grenadines", "VCT"},
  {"swaziland", "SWZ"},
  {"syrian-arab-republic", "SYR"},
  {"tanzania-united-republic-of", "TZA"},
  {"the-former-yugoslav-republic-of-macedonia", "MKD"},
  {"the-gambia", "GMB"},
  {"the-netherlands", "NLD"},
  {"timor-leste", "TLS"},
  {"turkiye", "TUR"},
  {"u-s-s-r", "RUS"},
  {"united-states-of-america", "USA"},
  {"vatican", "VAT"},
  {"vatican-city", "VAT"},
  {"viet-nam", "VNM"},
  {"west-bank", "PSE"},
  {"western-samoa", "WSM"},
  {"zaire", "COD"},
  /* ISO 3166-1 short names in their inverted form (Debian iso-codes), and the
     official name of the Netherlands, which the sources spell without "The" */
  {"bolivia-plurinational-state-of", "BOL"},
  {"bonaire-sint-eustatius-and-saba", "BES"},
  {"cocos-keeling-islands", "CCK"},
  {"congo-the-democratic-republic-of-the", "COD"},
  {"falkland-islands-malvinas", "FLK"},
  {"holy-see-vatican-city-state", "VAT"},
  {"kingdom-of-the-netherlands", "NLD"},
  {"korea-democratic-peoples-republic-of", "PRK"},
  {"palestine-state-of", "PSE"},
  {"saint-helena-ascension-and-tristan-da-cunha", "SHN"},
  {"saint-martin-french-part", "MAF"},
  {"sint-maarten-dutch-part", "SXM"},
  {"taiwan-province-of-china", "TWN"},
  {"venezuela-bolivarian-republic-of", "VEN"},
  {"virgin-islands-british", "VGB"},
  {"virgin-islands-u-s", "VIR"},
  /* spellings of the sources that name no ISO entry as written: ICEWS's
     sectors ("Citizen (Palestinian Territory, Occupied)"), the Office of the
     Historian's older names of states it files under today's (ISO 3166-3 keeps
     Dahomey as BEN, Upper Volta as BFA, Southern Rhodesia as ZWE) */
  {"dahomey", "BEN"},
  {"khmer-republic", "KHM"},
  {"kirghizia", "KGZ"},
  {"muscat-oman", "OMN"},
  {"palestinian-territory-occupied", "PSE"},
  {"republic-of-china", "TWN"},
  {"rhodesia", "ZWE"},
  {"siam", "THA"},
  {"somali-republic", "SOM"},
  {"southern-rhodesia", "ZWE"},
  {"st-christopher-and-nevis", "KNA"},
  {"tanganyika", "TZA"},
  {"union-of-south-africa", "ZAF"},
  {"upper-volta", "BFA"},
  {"vatican-city-state", "VAT"},
  {"yemen-arab-republic", "YEM"},
  {"zimbabwe-rhodesia", "ZWE"},
};

/* CAMEO codes that are not the current ISO alpha-3 of the same country. */
static const struct alias cameo_codes[] = {
  {"KOS", "XKX"}, {"KSV", "XKX"}, {"ROM", "ROU"}, {"TMP", "TLS"}, {"ZAR", "COD"},
};

/* FIPS codes GDELT uses that the table lacks. */
static const struct alias fips_extra[] = {
  {"GZ", "PSE"}, /* Gaza Strip */
  {"RB", "SRB"},
};

/* The ASCII letter a two-byte UTF-8 letter of Latin-1 (0xC3 0x80..0xBF) reads
   as without its accent ("Türkiye" is "turkiye"), or 0 for other characters. */
static char latin1_base(unsigned char second) {
  static const char base[64] = "AAAAAAACEEEEIIIIDNOOOOO OUUUUYTsaaaaaaaceeeeiiiidnooooo ouuuuyty";
  char c = second >= 0x80 && second <= 0xBF ? base[second - 0x80] : 0;
  return c == ' ' ? 0 : c;
}

size_t dip_slug(const char *s, size_t n, char *out, size_t size) {
  size_t len = 0;
  int dash = 0;
  if (!size) return 0;
  for (size_t i = 0; i < n && len + 1 < size; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xC3 && i + 1 < n && latin1_base((unsigned char)s[i + 1])) c = (unsigned char)latin1_base((unsigned char)s[++i]);
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && len) out[len++] = '-';
      if (len + 1 < size) out[len++] = (char)c;
      dash = 0;
    } else if (c != '\'' && c != 0xE2) { /* apostrophes (also the typographic one's first byte) join */
      dash = 1;
    }
  }
  out[len] = '\0';
  return len;
}

static int cmp_iso3(const void *key, const void *elem) {
  return strcmp(key, ((const dip_country *)elem)->iso3);
}

const dip_country *dip_country_by_iso3(const char *s, size_t n) {
  char key[4];
  if (n != 3) return NULL;
  memcpy(key, s, 3);
  key[3] = '\0';
  return bsearch(key, countries, NCOUNTRIES, sizeof countries[0], cmp_iso3);
}

static const dip_country *by_alias(const struct alias *table, size_t count, const char *key) {
  for (size_t i = 0; i < count; i++)
    if (!strcmp(table[i].slug, key)) return dip_country_by_iso3(table[i].iso3, 3);
  return NULL;
}

const dip_country *dip_country_by_fips(const char *s, size_t n) {
  char key[3];
  if (n != 2) return NULL;
  memcpy(key, s, 2);
  key[2] = '\0';
  for (size_t i = 0; i < NCOUNTRIES; i++)
    if (countries[i].fips[0] == key[0] && countries[i].fips[1] == key[1] && !countries[i].fips[2]) return &countries[i];
  return by_alias(fips_extra, sizeof fips_extra / sizeof fips_extra[0], key);
}

const dip_country *dip_country_by_cameo(const char *s, size_t n) {
  char key[4];
  const dip_country *c = dip_country_by_iso3(s, n);
  if (c || n != 3) return c;
  memcpy(key, s, 3);
  key[3] = '\0';
  return by_alias(cameo_codes, sizeof cameo_codes / sizeof cameo_codes[0], key);
}

static const dip_country *by_slug(const char *key) {
  char name[96];
  const dip_country *c;
  if ((c = by_alias(aliases, sizeof aliases / sizeof aliases[0], key))) return c;
  for (size_t i = 0; i < NCOUNTRIES; i++) {
    dip_slug(countries[i].name, strlen(countries[i].name), name, sizeof name);
    if (!strcmp(name, key)) return &countries[i];
  }
  return NULL;
}

const char *dip_country_cameo(const dip_country *c) { return strcmp(c->iso3, "XKX") ? c->iso3 : "KSV"; }

const dip_country *dip_country_by_name(const char *s, size_t n) {
  char key[96];
  size_t len;
  const dip_country *c;
  if (!(len = dip_slug(s, n, key, sizeof key))) return NULL;
  if ((c = by_slug(key))) return c;
  /* "The Gambia", "Bahamas, The": the article is no part of the name */
  if (len > 4 && !strncmp(key, "the-", 4)) return by_slug(key + 4);
  if (len > 4 && !strcmp(key + len - 4, "-the")) {
    key[len - 4] = '\0';
    return by_slug(key);
  }
  return NULL;
}

unsigned dip_country_index(const dip_country *c) { return (unsigned)(c - countries); }

const dip_country *dip_country_at(unsigned i) { return i < NCOUNTRIES ? &countries[i] : NULL; }
