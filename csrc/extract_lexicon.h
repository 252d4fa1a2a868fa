/* extract_lexicon.h: the extractor's phrase table: patterns (triggers, cues, titles) from a data file and names from a dataset */
#ifndef DIP_EXTRACT_LEXICON_H
#define DIP_EXTRACT_LEXICON_H

#include <stddef.h>
#include <stdint.h>
#include "model.h"

/* What a phrase is. The pattern file names the first group by these words. */
enum ex_kind {
  LX_EVENT,     /* value: event type (string); aux 1 for a verb */
  LX_STATUS,    /* value: status name */
  LX_TITLE,     /* value: default country id ("" none) */
  LX_TOPIC,     /* a preposition after which a state is a subject matter: over, on, about */
  LX_LOCATIVE,  /* in, at, to: a place follows */
  LX_ATTRIB,    /* said, told: a speech, whose dates are its own */
  LX_GENERIC,   /* any, such: the next trigger names no particular event */
  LX_SETTING,   /* sidelines of: the next trigger is the setting, not an event */
  LX_GROUP,     /* value: space-separated state ids standing for the phrase */
  LX_BREAK,     /* a clause ends: participants do not cross it */
  LX_ONGOING,   /* has begun, under way: happening at publication */
  LX_COREF,     /* they, the two ministers: the participants of the event before */
  LX_VENUE,     /* headquarters, palace: the last word of a venue's name */
  LX_NEGATION,  /* not, never: the next trigger did not happen */
  LX_TIMESHIFT, /* after, before: a date before it belongs to something else */
  LX_HONORIFIC, /* Dr., H.E.: skipped between a title and a name */
  LX_PLACEWORD, /* city, capital: "the Swiss city of Geneva" */
  LX_NOTNAME,   /* Latin American: not the state its words name */
  LX_NPATTERN,  /* the kinds above come from the pattern file; those below from the dataset */
  LX_ACTOR = LX_NPATTERN, /* value: actor handle */
  LX_PLACE,     /* value: place handle */
  LX_SURNAME,   /* value: actor handle of a person of that last name */
  LX_NKINDS
};

typedef struct ex_entry {
  uint32_t kind, value, aux, next; /* next: the following entry of the same phrase, or DIP_NONE */
} ex_entry;

typedef struct ex_lexicon {
  dip_mem *mem;
  char *bytes; size_t nbytes, bytecap;            /* phrase keys and pattern strings */
  struct ex_phrase { uint32_t off, len, head; } *keys; /* phrase key bytes and first entry */
  uint32_t nkeys, keycap;
  uint32_t *slots; uint32_t nslots;               /* open addressing: phrase index + 1 */
  ex_entry *entries; uint32_t nentries, entrycap;
  uint32_t maxwords;                              /* longest phrase, in tokens */
  const void *ds;                                 /* the dataset it was built from (identity only) */
  uint32_t generation;                            /* ds->generation then */
  char err[256];
} ex_lexicon;

/* Builds the table from the pattern file patterns[0..n) (format in
   lua/diplomacy/extract_patterns.txt) and every name, alias and id of
   ds's actors and places. Returns DIP_OK, or an error code with lx->err
   ("patterns:12: what"). ex_lexicon_free releases it either way. */
int ex_lexicon_build(ex_lexicon *lx, dip_mem *mem, dip_dataset *ds, const char *patterns, size_t n);
void ex_lexicon_free(ex_lexicon *lx);

/* The first entry for the folded phrase key[0..n) (words joined by one space), or DIP_NONE. */
uint32_t ex_lexicon_find(const ex_lexicon *lx, const char *key, size_t n);

/* Whether key[0..n) is a phrase or the first words of one; *head is its first entry (DIP_NONE for a mere prefix). */
int ex_lexicon_lookup(const ex_lexicon *lx, const char *key, size_t n, uint32_t *head);

/* The NUL-terminated string stored at offset off (values of patterns). */
static inline const char *ex_lexicon_str(const ex_lexicon *lx, uint32_t off) { return lx->bytes + off; }

/* The folded key of text[0..n) as the tokenizer splits it: ASCII lower-cased,
   tokens joined by single spaces. Returns the length, 0 when it does not fit
   in cap or holds no token; *words gets the number of tokens. */
size_t ex_phrase_key(dip_mem *mem, const char *text, size_t n, char *buf, size_t cap, uint32_t *words);

#endif
