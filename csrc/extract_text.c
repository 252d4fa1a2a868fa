/* extract_text.c: the tokenizer and the sentence splitter of the extractor */
#include <string.h>
#include "extract_text.h"

/* Words whose final period is part of the word, not the end of a sentence. */
static const char *const abbreviations[] = {
  "dr", "mr", "mrs", "ms", "prof", "gen", "gov", "sen", "rep", "col", "lt", "maj", "capt", "sgt", "adm", "amb",
  "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "mt", "ft", "rev", "hon", "pres",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", NULL
};

size_t ex_fold(const char *s, size_t n, char *buf, size_t cap) {
  if (n >= cap) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    buf[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  buf[n] = '\0';
  return n;
}

static int is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

/* Length of the UTF-8 sequence led by c (1 for a stray byte, which the caller has ruled out). */
static size_t seq_len(unsigned char c) { return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* Punctuation outside ASCII that news text uses: curly quotes, dashes, ellipsis, guillemets, nbsp. */
static int is_wide_punct(const unsigned char *p, size_t k) {
  if (k == 3 && p[0] == 0xE2 && p[1] == 0x80) return 1;                 /* U+2000..U+203F */
  if (k == 2 && p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB || p[1] == 0xA0)) return 1;
  return 0;
}

static int is_space_seq(const unsigned char *p, size_t k) {
  return (k == 2 && p[0] == 0xC2 && p[1] == 0xA0) || (k == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] <= 0x8A);
}

/* A letter of a word: ASCII letters and every non-ASCII character that is not punctuation. */
static size_t letter_at(const char *s, size_t n, size_t i) {
  unsigned char c = (unsigned char)s[i];
  size_t k;
  if (is_alpha(c)) return 1;
  if (c < 0x80) return 0;
  k = seq_len(c);
  if (i + k > n || is_wide_punct((const unsigned char *)s + i, k)) return 0;
  return k;
}

static int apostrophe_at(const char *s, size_t n, size_t i, size_t *k) {
  if (s[i] == '\'') return *k = 1, 1;
  if (i + 3 <= n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x99)
    return *k = 3, 1;
  return 0;
}

static int push(ex_text *t, size_t off, size_t len, uint32_t flags) {
  if (t->ntok >= DIP_MAX_COUNT - 1 || off > UINT32_MAX || len > UINT32_MAX) return -1;
  if (DIP_GROW(t->mem, t->tok, t->tokcap, t->ntok + 1)) return -1;
  t->tok[t->ntok].off = (uint32_t)off;
  t->tok[t->ntok].len = (uint32_t)len;
  t->tok[t->ntok].flags = flags;
  t->ntok++;
  return 0;
}

static int is_abbreviation(const char *w, size_t n) {
  char buf[8];
  if (n == 1 && is_upper((unsigned char)w[0])) return 1; /* an initial: J. */
  if (!ex_fold(w, n, buf, sizeof buf)) return 0;
  for (int i = 0; abbreviations[i]; i++)
    if (!strcmp(buf, abbreviations[i])) return 1;
  return 0;
}

static int tokenize(ex_text *t) {
  const char *s = t->s;
  size_t n = t->n, i = 0;
  uint32_t pending = 0;
  int glued = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    size_t start = i, k, a;
    uint32_t flags = pending | (glued ? TK_GLUED : 0);
    if (c == '\n') { pending |= TK_NEWLINE, glued = 0, i++; continue; }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { glued = 0, i++; continue; }
    if (c >= 0x80 && is_space_seq((const unsigned char *)s + i, seq_len(c)) && i + seq_len(c) <= n) {
      glued = 0, i += seq_len(c);
      continue;
    }
    pending = 0;
    if ((k = letter_at(s, n, i))) {
      flags |= TK_WORD | (is_upper(c) || c >= 0x80 ? TK_CAP : 0);
      i += k;
      for (;;) {
        if (i < n && ((k = letter_at(s, n, i)) || (is_digit((unsigned char)s[i]) && (k = 1)))) { i += k; continue; }
        /* U.S., H.E., a.m.: a period between single letters stays in the word */
        if (i + 1 < n && s[i] == '.' && is_alpha((unsigned char)s[i + 1]) && (i + 2 >= n || !is_alpha((unsigned char)s[i + 2]) || s[i + 2] == '.')
            && (i - start == 1 || s[i - 2] == '.')) { i += 2; continue; }
        /* O'Brien, Côte d'Ivoire: an apostrophe inside a word, but not the possessive 's */
        if (i < n && apostrophe_at(s, n, i, &a) && i + a < n && letter_at(s, n, i + a) &&
            !((s[i + a] == 's' || s[i + a] == 'S') && (i + a + 1 >= n || !letter_at(s, n, i + a + 1)))) { i += a; continue; }
        break;
      }
      if (i < n && s[i] == '.' && ((i - start >= 2 && s[i - 2] == '.') || is_abbreviation(s + start, i - start)))
        i++, flags |= TK_ABBREV;
      if (push(t, start, i - start, flags)) return -1;
    } else if (is_digit(c)) {
      flags |= TK_NUMBER;
      while (i < n && (is_digit((unsigned char)s[i]) || is_alpha((unsigned char)s[i]) ||
                       ((s[i] == ',' || s[i] == '.' || s[i] == ':') && i + 1 < n && is_digit((unsigned char)s[i + 1]))))
        i++;
      if (push(t, start, i - start, flags)) return -1;
    } else if (apostrophe_at(s, n, i, &a) && glued && i + a < n && (s[i + a] == 's' || s[i + a] == 'S') &&
               (i + a + 1 >= n || !letter_at(s, n, i + a + 1))) {
      i += a + 1;
      if (push(t, start, i - start, flags | TK_WORD | TK_POSSESSIVE)) return -1;
    } else {
      k = c < 0x80 ? 1 : seq_len(c);
      if (i + k > n) k = n - i;
      i += k;
      if (push(t, start, i - start, flags | TK_PUNCT)) return -1;
    }
    glued = 1;
  }
  return 0;
}

static int is_punct(const ex_text *t, uint32_t i, const char *p) {
  const ex_token *k = &t->tok[i];
  size_t n = strlen(p);
  return (k->flags & TK_PUNCT) && k->len == n && !memcmp(t->s + k->off, p, n);
}

static int is_closing(const ex_text *t, uint32_t i) {
  return is_punct(t, i, "\"") || is_punct(t, i, "'") || is_punct(t, i, ")") ||
         is_punct(t, i, "\xE2\x80\x9D") || is_punct(t, i, "\xE2\x80\x99");
}

static int add_sentence(ex_text *t, uint32_t first, uint32_t end) {
  if (end <= first) return 0;
  if (DIP_GROW(t->mem, t->sent, t->sentcap, t->nsent + 1)) return -1;
  t->sent[t->nsent].first = first;
  t->sent[t->nsent].count = end - first;
  t->nsent++;
  return 0;
}

/* A sentence ends at . ! ? (and the closing quotes after it) before a line
   break or a token that can start a sentence; a line break always ends one. */
static int split(ex_text *t) {
  uint32_t first = 0;
  for (uint32_t i = 0; i < t->ntok; i++) {
    if (i > first && (t->tok[i].flags & TK_NEWLINE)) {
      if (add_sentence(t, first, i)) return -1;
      first = i;
    }
    if (is_punct(t, i, ".") || is_punct(t, i, "!") || is_punct(t, i, "?")) {
      uint32_t end = i + 1;
      while (end < t->ntok && is_closing(t, end) && !(t->tok[end].flags & TK_NEWLINE)) end++;
      if (end < t->ntok && !(t->tok[end].flags & (TK_CAP | TK_NEWLINE | TK_NUMBER)) && !is_punct(t, end, "\"") &&
          !is_punct(t, end, "\xE2\x80\x9C"))
        continue;
      if (add_sentence(t, first, end)) return -1;
      first = end;
      i = end - 1;
    }
  }
  return add_sentence(t, first, t->ntok);
}

int ex_text_split(ex_text *t, dip_mem *mem, const char *s, size_t n) {
  memset(t, 0, sizeof *t);
  t->mem = mem;
  t->s = s;
  t->n = n;
  if (tokenize(t)) return -1;
  return split(t);
}

void ex_text_free(ex_text *t) {
  if (t->tok) DIP_FREE_ARRAY(t->mem, t->tok, t->tokcap);
  if (t->sent) DIP_FREE_ARRAY(t->mem, t->sent, t->sentcap);
  t->tok = NULL;
  t->sent = NULL;
}
