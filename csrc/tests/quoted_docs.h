/* quoted_docs.h: test documents written with single quotes for readability, turned into JSON */
#ifndef DIP_QUOTED_DOCS_H
#define DIP_QUOTED_DOCS_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* A copy of text with every ' made ", for the test documents; the caller frees it. */
static inline char *dq(const char *text) {
  size_t n = strlen(text);
  char *s = malloc(n + 1);
  ck_assert_ptr_nonnull(s);
  for (size_t i = 0; i <= n; i++) s[i] = text[i] == '\'' ? '"' : text[i];
  return s;
}

#endif
