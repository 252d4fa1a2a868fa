/* cameo.c: the CAMEO tables: event codes, their mapping into event types and roles, actor code parts */
#include <stdlib.h>
#include <string.h>
#include "cameo.h"
#include "fips.h"

static const dip_cameo_code event_codes[] = {
#include "cameo_codes.inc"
};

#define NCODES (sizeof event_codes / sizeof event_codes[0])

static int cmp_code(const void *key, const void *elem) {
  return strcmp(key, ((const dip_cameo_code *)elem)->code);
}

const dip_cameo_code *dip_cameo_event(const char *code, size_t n) {
  char key[8];
  if (n < 2 || n > 4) return NULL;
  memcpy(key, code, n);
  key[n] = '\0';
  return bsearch(key, event_codes, NCODES, sizeof event_codes[0], cmp_code);
}

const dip_cameo_code *dip_cameo_events(size_t *count) {
  *count = NCODES;
  return event_codes;
}

/* The 04 family (consult) is the meeting class; every other root is one
   non-meeting type, named after the root's CAMEO label. */
static const dip_cameo_mapping consult[] = {
  {"meeting", "party", "party", 1},     /* 040 consult, and 04 itself */
  {"call", "party", "party", 1},        /* 041 discuss by telephone */
  {"visit", "guest", "host", 1},        /* 042 make a visit */
  {"visit", "host", "guest", 1},        /* 043 host a visit */
  {"meeting", "party", "party", 1},     /* 044 meet at a third location */
  {"meeting", "mediator", "party", 1},  /* 045 mediate */
  {"negotiation", "party", "party", 1}, /* 046 engage in negotiation */
};

static const dip_cameo_mapping roots[21] = {
  {NULL, NULL, NULL, 0},
  {"statement", "source", "target", 0},
  {"appeal", "source", "target", 0},
  {"intent to cooperate", "source", "target", 0},
  {"meeting", "party", "party", 1},
  {"diplomatic cooperation", "source", "target", 0},
  {"material cooperation", "source", "target", 0},
  {"aid", "source", "target", 0},
  {"yield", "source", "target", 0},
  {"investigate", "source", "target", 0},
  {"demand", "source", "target", 0},
  {"disapprove", "source", "target", 0},
  {"reject", "source", "target", 0},
  {"threaten", "source", "target", 0},
  {"protest", "source", "target", 0},
  {"force posture", "source", "target", 0},
  {"reduce relations", "source", "target", 0},
  {"coerce", "source", "target", 0},
  {"assault", "source", "target", 0},
  {"fight", "source", "target", 0},
  {"mass violence", "source", "target", 0},
};

const dip_cameo_mapping *dip_cameo_map(const char *code, size_t n) {
  int root;
  if (n < 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return NULL;
  root = (code[0] - '0') * 10 + (code[1] - '0');
  if (root < 1 || root > 20) return NULL;
  if (root == 4 && n >= 3 && code[2] >= '0' && code[2] <= '6') return &consult[code[2] - '0'];
  return &roots[root];
}

const char *dip_cameo_code_for(const char *type, const char *source_role) {
  static const char *const root_codes[21] = {
    NULL, "010", "020", "030", "040", "050", "060", "070", "080", "090", "100",
    "110", "120", "130", "140", "150", "160", "170", "180", "190", "200"
  };
  if (!type) return NULL;
  if (!strcmp(type, "visit")) return source_role && !strcmp(source_role, "host") ? "043" : "042";
  if (source_role && !strcmp(source_role, "mediator")) return "045";
  if (!strcmp(type, "call")) return "041";
  if (!strcmp(type, "negotiation") || !strcmp(type, "talks")) return "046";
  if (!strcmp(type, "meeting") || !strcmp(type, "summit") || !strcmp(type, "conference")) return "040";
  for (int r = 1; r <= 20; r++)
    if (r != 4 && !strcmp(type, roots[r].type)) return root_codes[r];
  return NULL;
}

/* ---- actor code parts (CAMEO codebook 1.1b3, chapter 3) ---- */

static const dip_cameo_type types[] = {
  {"AGR", "Agriculture", "group", 0},
  {"BUD", "Buddhist", "group", 0},
  {"BUS", "Business", "business", 0},
  {"CHR", "Christian", "group", 0},
  {"COP", "Police", "agency", 1},
  {"CRM", "Criminals", "group", 0},
  {"CTH", "Catholic", "group", 0},
  {"CVL", "Civilians", "group", 0},
  {"EDU", "Education", "group", 0},
  {"ELI", "Elites", "group", 0},
  {"ENV", "Environment", "group", 0},
  {"GOV", "Government", "agency", 1},
  {"HIN", "Hindu", "group", 0},
  {"HLH", "Health", "group", 0},
  {"HRI", "Human rights", "group", 0},
  {"IGO", "Intergovernmental organization", "organization", 0},
  {"INS", "Insurgents", "group", 0},
  {"JEW", "Jewish", "group", 0},
  {"JUD", "Judiciary", "agency", 1},
  {"LAB", "Labor", "group", 0},
  {"LEG", "Legislature", "agency", 1},
  {"MED", "Media", "media", 0},
  {"MIL", "Military", "agency", 1},
  {"MNC", "Multinational corporation", "business", 0},
  {"MOD", "Moderates", "group", 0},
  {"MOS", "Muslim", "group", 0},
  {"NGM", "Non-governmental movement", "group", 0},
  {"NGO", "Non-governmental organization", "group", 0},
  {"OPP", "Opposition", "group", 0},
  {"ORT", "Orthodox", "group", 0},
  {"PRO", "Protestant", "group", 0},
  {"PTY", "Political party", "group", 0},
  {"RAD", "Radicals", "group", 0},
  {"REB", "Rebels", "group", 0},
  {"REF", "Refugees", "group", 0},
  {"REL", "Religious", "group", 0},
  {"SEP", "Separatists", "group", 0},
  {"SET", "Settlers", "group", 0},
  {"SHI", "Shia", "group", 0},
  {"SPY", "Intelligence", "agency", 1},
  {"SUN", "Sunni", "group", 0},
  {"UAF", "Armed forces (unaligned)", "group", 0},
};

/* Known groups: the international organizations and a few others the CAMEO
   codebook names, with the ids their actors get (the sample dataset's NATO,
   OSCE) and the names ICEWS gives them. */
static const dip_cameo_group groups[] = {
  {"ADB", "ADB", "Asian Development Bank", "organization"},
  {"AFB", "AfDB", "African Development Bank", "organization"},
  {"ALQ", "al-Qaeda", "al-Qaeda", "group"},
  {"AMN", "Amnesty", "Amnesty International", "group"},
  {"APE", "OAPEC", "Organization of Arab Petroleum Exporting Countries", "organization"},
  {"ARL", "Arab League", "Arab League", "organization"},
  {"ASN", "ASEAN", "Association of Southeast Asian Nations", "organization"},
  {"BIS", "BIS", "Bank for International Settlements", "organization"},
  {"CIS", "CIS", "Commonwealth of Independent States", "organization"},
  {"COE", "CoE", "Council of Europe", "organization"},
  {"CWN", "Commonwealth", "Commonwealth of Nations", "organization"},
  {"EBR", "EBRD", "European Bank for Reconstruction and Development", "organization"},
  {"EEC", "EU", "European Union", "organization"},
  {"FAO", "FAO", "Food and Agriculture Organization", "organization"},
  {"GCC", "GCC", "Gulf Cooperation Council", "organization"},
  {"GOE", "G8", "G8", "organization"},
  {"GOS", "G7", "G7", "organization"},
  {"HCH", "OHCHR", "UN High Commissioner for Human Rights", "organization"},
  {"HCR", "UNHCR", "UN High Commissioner for Refugees", "organization"},
  {"HEZ", "Hezbollah", "Hezbollah", "group"},
  {"HMS", "Hamas", "Hamas", "group"},
  {"HRW", "HRW", "Human Rights Watch", "group"},
  {"IAD", "IGAD", "Intergovernmental Authority on Development", "organization"},
  {"IAE", "IAEA", "International Atomic Energy Agency", "organization"},
  {"ICC", "ICC", "International Criminal Court", "organization"},
  {"ICG", "Crisis Group", "International Crisis Group", "group"},
  {"ICJ", "ICJ", "International Court of Justice", "organization"},
  {"IDB", "IsDB", "Islamic Development Bank", "organization"},
  {"ILO", "ILO", "International Labour Organization", "organization"},
  {"IMF", "IMF", "International Monetary Fund", "organization"},
  {"IOM", "IOM", "International Organization for Migration", "organization"},
  {"IRC", "ICRC", "International Committee of the Red Cross", "group"},
  {"ITP", "Interpol", "Interpol", "organization"},
  {"KID", "UNICEF", "UN Children's Fund", "organization"},
  {"MSF", "MSF", "Doctors Without Borders", "group"},
  {"NAT", "NATO", "North Atlantic Treaty Organization", "organization"},
  {"NON", "NAM", "Non-Aligned Movement", "organization"},
  {"OAS", "OAS", "Organization of American States", "organization"},
  {"OAU", "AU", "African Union", "organization"},
  {"OIC", "OIC", "Organisation of Islamic Cooperation", "organization"},
  {"OPC", "OPEC", "Organization of the Petroleum Exporting Countries", "organization"},
  {"PLO", "PLO", "Palestine Liberation Organization", "organization"},
  {"PRC", "Paris Club", "Paris Club", "organization"},
  {"SAA", "SAARC", "South Asian Association for Regional Cooperation", "organization"},
  {"SAD", "SADC", "Southern African Development Community", "organization"},
  {"SCE", "OSCE", "Organization for Security and Co-operation in Europe", "organization"},
  {"TAL", "Taliban", "Taliban", "group"},
  {"UNO", "UN", "United Nations", "organization"},
  {"WAS", "ECOWAS", "Economic Community of West African States", "organization"},
  {"WBK", "World Bank", "World Bank", "organization"},
  {"WEF", "WEF", "World Economic Forum", "group"},
  {"WFP", "WFP", "World Food Programme", "organization"},
  {"WHO", "WHO", "World Health Organization", "organization"},
  {"WTO", "WTO", "World Trade Organization", "organization"},
  {"XFM", "Oxfam", "Oxfam", "group"},
};

static const struct region {
  const char *code, *label;
} regions[] = {
  {"AFR", "Africa"}, {"ASA", "Asia"}, {"BLK", "the Balkans"}, {"CAS", "Central Asia"},
  {"CAU", "the Caucasus"}, {"CEU", "Central Europe"}, {"CFR", "Central Africa"}, {"CRB", "the Caribbean"},
  {"EAF", "East Africa"}, {"EEU", "Eastern Europe"}, {"EIN", "the East Indies"}, {"EUR", "Europe"},
  {"LAM", "Latin America"}, {"MDT", "the Mediterranean"}, {"MEA", "the Middle East"}, {"NAF", "North Africa"},
  {"NMR", "North America"}, {"PGS", "the Persian Gulf"}, {"SAF", "Southern Africa"}, {"SAM", "South America"},
  {"SAS", "South Asia"}, {"SCN", "Scandinavia"}, {"SEA", "Southeast Asia"}, {"WAF", "West Africa"},
  {"WST", "the West"},
};

static int cmp_type(const void *key, const void *elem) { return strcmp(key, ((const dip_cameo_type *)elem)->code); }
static int cmp_group(const void *key, const void *elem) { return strcmp(key, ((const dip_cameo_group *)elem)->code); }

static int three(const char *s, size_t n, char key[4]) {
  if (n != 3) return 0;
  memcpy(key, s, 3);
  key[3] = '\0';
  return 1;
}

const dip_cameo_type *dip_cameo_type_of(const char *s, size_t n) {
  char key[4];
  return three(s, n, key) ? bsearch(key, types, sizeof types / sizeof types[0], sizeof types[0], cmp_type) : NULL;
}

const dip_cameo_group *dip_cameo_group_of(const char *s, size_t n) {
  char key[4];
  return three(s, n, key) ? bsearch(key, groups, sizeof groups / sizeof groups[0], sizeof groups[0], cmp_group) : NULL;
}

const dip_cameo_group *dip_cameo_group_named(const char *s, size_t n) {
  char key[96], other[96];
  if (!dip_slug(s, n, key, sizeof key)) return NULL;
  for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++) {
    dip_slug(groups[i].name, strlen(groups[i].name), other, sizeof other);
    if (!strcmp(key, other)) return &groups[i];
    dip_slug(groups[i].id, strlen(groups[i].id), other, sizeof other);
    if (!strcmp(key, other)) return &groups[i];
  }
  return NULL;
}

const char *dip_cameo_region(const char *s, size_t n) {
  char key[4];
  if (!three(s, n, key)) return NULL;
  for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
    if (!strcmp(regions[i].code, key)) return regions[i].label;
  return NULL;
}

const char *dip_cameo_region_named(const char *s, size_t n) {
  char key[64], label[64];
  if (!dip_slug(s, n, key, sizeof key)) return NULL;
  for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
    const char *l = regions[i].label;
    if (!strncmp(l, "the ", 4)) l += 4; /* "Caribbean" is "the Caribbean" */
    dip_slug(l, strlen(l), label, sizeof label);
    if (!strcmp(label, key) || (!strncmp(key, "the-", 4) && !strcmp(label, key + 4))) return regions[i].code;
  }
  return NULL;
}
