/* extract_text.h: news text into tokens and sentences (abbreviations, possessives, datelines, curly quotes) */
#ifndef DIP_EXTRACT_TEXT_H
#define DIP_EXTRACT_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include "mem.h"

enum {
  TK_WORD = 1,      /* letters (and internal periods of U.S., apostrophes of O'Brien) */
  TK_NUMBER = 2,    /* digits, possibly with a suffix: 10, 21st, 3:40 */
  TK_PUNCT = 4,
  TK_CAP = 8,       /* starts with an upper-case letter (or any non-ASCII letter) */
  TK_ABBREV = 16,   /* ends with a period that does not end the sentence: Dr. Feb. U.S. */
  TK_NEWLINE = 32,  /* a line break stands before it */
  TK_GLUED = 64,    /* no space before it: the "-" of US-led, the 's of Russia's */
  TK_POSSESSIVE = 128 /* the token 's */
};

typedef struct ex_token {
  uint32_t off, len;  /* bytes of the text */
  uint32_t flags;
} ex_token;

typedef struct ex_sentence {
  uint32_t first, count; /* tokens */
} ex_sentence;

typedef struct ex_text {
  dip_mem *mem;
  const char *s;
  size_t n;
  ex_token *tok;
  uint32_t ntok, tokcap;
  ex_sentence *sent;
  uint32_t nsent, sentcap;
} ex_text;

/* Splits s[0..n) (valid UTF-8, checked by the caller) into tokens and
   sentences. Returns 0, or -1 when memory is exhausted or the text holds
   more tokens than an index can name. ex_text_free releases either way. */
int ex_text_split(ex_text *t, dip_mem *mem, const char *s, size_t n);
void ex_text_free(ex_text *t);

/* Lower-cases the token's ASCII letters into buf (size cap); the length, or 0 when it does not fit. */
size_t ex_fold(const char *s, size_t n, char *buf, size_t cap);

#endif
