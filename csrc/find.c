/* find.c: ranking actors and places by how well their names, aliases and post titles fit a text */
#include <math.h>
#include <string.h>
#include "find.h"
#include "query.h"

typedef struct tokens {
  char tok[DIP_FIND_MAXTOKENS][DIP_FIND_TOKENLEN + 1];
  unsigned char len[DIP_FIND_MAXTOKENS];
  int n;
  char whole[DIP_FIND_MAXTOKENS * (DIP_FIND_TOKENLEN + 1)]; /* the tokens joined by spaces */
  char plain[DIP_FIND_MAXTOKENS * (DIP_FIND_TOKENLEN + 1)]; /* the same before spellings were made one */
} tokens;

/* The ASCII letter a two-byte UTF-8 Latin letter (U+00C0 to U+017F) is written
   with, or 0: names arrive with and without their accents. */
static char latin_base(unsigned c) {
  static const char latin1[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"  /* U+00C0..U+00DF */
                               "aaaaaaaceeeeiiiidnooooo/ouuuuyty"; /* U+00E0..U+00FF */
  static const char extended[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll" /* U+0100.. */
                                 "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";     /* ..U+017F */
  if (c >= 0xC0 && c <= 0xFF) {
    char b = latin1[c - 0xC0];
    return (b >= 'a' && b <= 'z') ? b : 0;
  }
  if (c >= 0x100 && c <= 0x17F) return extended[c - 0x100];
  return 0;
}

/* Spellings that transliterations and typing vary, made one: y and i, doubled
   letters, kh/h, ph/f, w/v, ck/k. */
static size_t skeleton(char *t, size_t n) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = t[i];
    if (c == 'y') c = 'i';
    else if (c == 'w') c = 'v';
    if ((c == 'k' && i + 1 < n && t[i + 1] == 'h') || (c == 'p' && i + 1 < n && t[i + 1] == 'h')) {
      c = c == 'k' ? 'h' : 'f';
      i++;
    } else if (c == 'c' && i + 1 < n && t[i + 1] == 'k') {
      c = 'k';
      i++;
    }
    if (o > 0 && t[o - 1] == c && !(c >= '0' && c <= '9')) continue;
    t[o++] = c;
  }
  return o;
}

static void tokenize(const char *s, size_t n, tokens *t) {
  size_t cur = 0, w = 0, pw = 0;
  int in = 0;
  t->n = 0;
  for (size_t i = 0; i <= n && t->n < DIP_FIND_MAXTOKENS; i++) {
    unsigned char c = i < n ? (unsigned char)s[i] : ' ';
    char out = 0;
    if (c >= 'A' && c <= 'Z') out = (char)(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out = (char)c;
    else if (c == '\'') continue; /* O'Brien, Mu'allem */
    else if ((c & 0xE0) == 0xC0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
      out = latin_base(((c & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu));
      i++;
      if (!out) continue;
    } else if (c >= 0x80) {
      continue; /* other scripts: their bytes are not compared */
    }
    if (out) {
      if (cur < DIP_FIND_TOKENLEN) t->tok[t->n][cur++] = out;
      in = 1;
    } else if (in) {
      if (pw) t->plain[pw++] = ' ';
      memcpy(t->plain + pw, t->tok[t->n], cur);
      pw += cur;
      cur = skeleton(t->tok[t->n], cur);
      t->tok[t->n][cur] = '\0';
      t->len[t->n] = (unsigned char)cur;
      if (w) t->whole[w++] = ' ';
      memcpy(t->whole + w, t->tok[t->n], cur);
      w += cur;
      t->n++;
      cur = 0;
      in = 0;
    }
  }
  t->whole[w] = '\0';
  t->plain[pw] = '\0';
}

/* Optimal string alignment distance (a swap of neighbours counts one), or
   more than max as soon as it cannot be max or less. */
static int distance(const char *a, int na, const char *b, int nb, int max) {
  int row[3][DIP_FIND_TOKENLEN + 1];
  int *prev2 = row[0], *prev = row[1], *cur = row[2];
  if (na - nb > max || nb - na > max) return max + 1;
  for (int j = 0; j <= nb; j++) prev[j] = j;
  for (int i = 1; i <= na; i++) {
    int best = cur[0] = i;
    for (int j = 1; j <= nb; j++) {
      int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < d) d = prev[j] + 1;
      if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < d) d = prev2[j - 2] + 1;
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    {
      int *t = prev2;
      prev2 = prev, prev = cur, cur = t;
    }
  }
  return prev[nb];
}

static int is_filler(const char *t) {
  return !strcmp(t, "of") || !strcmp(t, "the") || !strcmp(t, "for") || !strcmp(t, "and") || !strcmp(t, "de");
}

/* How well one typed token fits one token of a name. */
static double token_fit(const char *q, int nq, const char *t, int nt) {
  int max, d;
  if (nq == nt && !memcmp(q, t, (size_t)nq)) return 1.0;
  if (nq == 1 || nt == 1) return q[0] == t[0] ? 0.5 : 0; /* an initial */
  if (nq >= 3 && nq < nt && !memcmp(q, t, (size_t)nq)) return 0.7 + 0.2 * nq / nt; /* typed the start */
  max = nq <= 3 ? 0 : nq <= 6 ? 1 : 2;
  if (!max) return 0;
  d = distance(q, nq, t, nt, max);
  return d <= max ? 0.9 - 0.15 * d : 0;
}

/* How well the typed text fits one name: most of the typed words found in the
   name, and most of the name's words found. */
static double fit(const tokens *q, const tokens *name) {
  double sum = 0, strong = 0;
  int matched = 0, words = 0;
  unsigned used = 0;
  if (!q->n || !name->n) return 0;
  if (!strcmp(q->plain, name->plain)) return 1.0;
  if (!strcmp(q->whole, name->whole)) return 0.97; /* the same but for spelling: Dmitry, Dmitri */
  for (int i = 0; i < q->n; i++) {
    double best = 0;
    int at = -1;
    for (int j = 0; j < name->n; j++) {
      double f = token_fit(q->tok[i], q->len[i], name->tok[j], name->len[j]);
      if (f > best || (f == best && f > 0 && (used & (1u << j)) && !(used & (1u << at)))) best = f, at = j;
    }
    sum += best;
    if (at >= 0 && !(used & (1u << at))) used |= 1u << at, matched++;
    if (!is_filler(q->tok[i]) && best > strong) strong = best;
  }
  for (int j = 0; j < name->n; j++) words += !is_filler(name->tok[j]) || (used & (1u << j));
  if (strong < 0.6) return 0;
  return 0.95 * (0.7 * sum / q->n + 0.3 * (words ? (double)matched / words : 0));
}

static double fit_string(const dip_dataset *ds, const tokens *q, uint32_t s, tokens *scratch) {
  if (s == DIP_NONE) return 0;
  tokenize(dip_str(ds, s), ds->strs.str[s].len, scratch);
  return fit(q, scratch);
}

/* A post's title and the holder's name together: "King Hussein", "Secretary of State Blinken". */
static double fit_titled(const dip_dataset *ds, const tokens *q, uint32_t title, uint32_t name, tokens *scratch) {
  tokens more;
  size_t w;
  tokenize(dip_str(ds, title), ds->strs.str[title].len, scratch);
  tokenize(dip_str(ds, name), ds->strs.str[name].len, &more);
  w = strlen(scratch->whole);
  scratch->plain[0] = '\0'; /* a title with a name is never the name as written */
  for (int i = 0; i < more.n && scratch->n < DIP_FIND_MAXTOKENS; i++) {
    memcpy(scratch->tok[scratch->n], more.tok[i], sizeof more.tok[i]);
    scratch->len[scratch->n] = more.len[i];
    scratch->n++;
    if (w) scratch->whole[w++] = ' ';
    memcpy(scratch->whole + w, more.tok[i], more.len[i]);
    w += more.len[i];
  }
  scratch->whole[w] = '\0';
  return fit(q, scratch);
}

/* Keeps out sorted best first: by score, then by how many events, then by id. */
static void offer(dip_dataset *ds, dip_match *out, uint32_t limit, uint32_t *n, uint32_t h, int is_place, double score) {
  uint32_t i;
  if (score <= 0 || !limit) return;
  if (*n == limit && score <= out[limit - 1].score) return;
  i = *n < limit ? (*n)++ : limit - 1;
  while (i > 0 && out[i - 1].score < score) {
    out[i] = out[i - 1];
    i--;
  }
  out[i].handle = h;
  out[i].is_place = (unsigned char)is_place;
  out[i].score = score;
  (void)ds;
}

/* A small lift for actors seen at many events, so that among equal names the busy one comes first. */
static double activity(const dip_index *x, uint32_t a) {
  uint32_t k = x->actor_events.off[a + 1] - x->actor_events.off[a];
  return 0.002 * log10(1.0 + k);
}

int dip_find(dip_dataset *ds, const char *text, size_t len, unsigned what, uint32_t kind, const dip_span *at,
             dip_match *out, uint32_t limit, uint32_t *n) {
  tokens q, scratch;
  dip_index *x;
  *n = 0;
  tokenize(text, len, &q);
  if (!q.n) return DIP_OK;
  if (dip_index_update(ds)) return DIP_ENOMEM;
  x = ds->index;
  if (what & DIP_FIND_ACTORS) {
    for (uint32_t a = 0; a < ds->nactors; a++) {
      const dip_actor *ac = &ds->actors[a];
      double best;
      if (kind != DIP_NONE && ac->kind != kind) continue;
      best = fit_string(ds, &q, ac->name, &scratch);
      if (best < 1) {
        double f = fit_string(ds, &q, ac->id, &scratch);
        if (f > best) best = f;
      }
      for (uint32_t i = 0; i < ac->naliases && best < 1; i++) {
        double f = 0.98 * fit_string(ds, &q, ds->lists[ac->aliases + i], &scratch);
        if (f > best) best = f;
      }
      /* the titles of the posts it holds (at *at) */
      for (uint32_t i = x->ties.off[a]; i < x->ties.off[a + 1] && best < 0.99; i++) {
        const dip_relation *r = &ds->relations[x->ties.val[i]];
        double f;
        if (r->actor != a || r->title == DIP_NONE) continue;
        if (at) {
          dip_span s = dip_relation_span(ds, r);
          if (s.hi < at->lo || s.lo > at->hi) continue;
        }
        f = 0.95 * fit_string(ds, &q, r->title, &scratch);
        if (f > best) best = f;
        f = 0.99 * fit_titled(ds, &q, r->title, ac->name, &scratch);
        if (f > best) best = f;
      }
      if (best > 0) offer(ds, out, limit, n, a, 0, best + activity(x, a));
    }
  }
  if (what & DIP_FIND_PLACES) {
    for (uint32_t p = 0; p < ds->nplaces; p++) {
      const dip_place *pl = &ds->places[p];
      double best;
      if (kind != DIP_NONE && pl->kind != kind) continue;
      best = fit_string(ds, &q, pl->name, &scratch);
      if (best < 1) {
        double f = fit_string(ds, &q, pl->id, &scratch);
        if (f > best) best = f;
      }
      for (uint32_t i = 0; i < pl->naliases && best < 1; i++) {
        double f = 0.98 * fit_string(ds, &q, ds->lists[pl->aliases + i], &scratch);
        if (f > best) best = f;
      }
      if (best > 0) offer(ds, out, limit, n, p, 1, best);
    }
  }
  for (uint32_t i = 0; i < *n; i++)
    if (out[i].score > 1) out[i].score = 1;
  return DIP_OK;
}
