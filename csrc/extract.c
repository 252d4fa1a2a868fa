/* extract.c: the event coder: mentions in each sentence, people across the text, events merged, the document built */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "extract.h"
#include "extract_dates.h"
#include "extract_text.h"
#include "jsonio.h"
#include "query.h"

#define KEY_CAP 512

enum { MK_CUE, MK_NAME, MK_UNKNOWN, MK_DATE };
enum { MF_TOPIC = 1, MF_LOCATIVE = 2, MF_USED = 4, MF_NOTACTOR = 8, MF_SPEAKER = 16 };
enum { ST_HELD, ST_PLANNED, ST_POSTPONED, ST_CANCELLED, ST_REPORTED, ST_DENIED, ST_N };
static const char *const status_text[ST_N] = {"held", "planned", "postponed", "cancelled", "reported", "denied"};
/* When cues disagree, the strongest wins. */
static const int status_rank[ST_N] = {0, 1, 3, 4, 2, 5};

typedef struct mention {
  uint32_t kind, first, last;   /* tokens [first, last) */
  uint32_t lxkind, value, aux;  /* cues: the lexicon entry */
  uint32_t head;                /* names: the lexicon entries */
  ex_date_expr date;
  uint32_t actor, place, person, side; /* resolved: handles, a person of the text, the side actor */
  uint32_t group;               /* a group cue: lexicon string of state ids */
  unsigned flags;
} mention;

typedef struct text_person {
  uint32_t name_tok, name_end;  /* the longest mention of the name */
  uint32_t surname;             /* token of the last name, for comparing */
  uint32_t side, actor;         /* actor handles (actor: DIP_NONE when new) */
  uint32_t title_tok, title_end;
} text_person;

typedef struct part {
  uint32_t actor, person, side; /* actor handle or person index (the other DIP_NONE); side handle */
  const char *role;
} part;

typedef struct xevent {
  const char *type;
  const char *ref;              /* "After the summit, ...": the type of the event it follows, or NULL */
  int status, dated, ongoing, definite, dead, meeting;
  ex_when when;
  uint32_t place;               /* place handle or DIP_NONE */
  uint32_t venue_tok, venue_end;/* a venue named in the text, when no place */
  uint32_t sent, trigger;       /* sentence and trigger token */
  part parts[EX_MAX_PARTS];
  uint32_t nparts;
} xevent;

typedef struct coder {
  dip_dataset *ds, *base;
  const ex_lexicon *lx;
  dip_mem *mem;
  ex_text t;
  int64_t pub;
  int has_pub;
  char pubtext[16];
  mention *m; uint32_t nm, mcap;
  uint32_t *sent_m;             /* first mention of each sentence (nsent + 1 entries) */
  text_person *people; uint32_t npeople, peoplecap;
  xevent *ev; uint32_t nev, evcap;
  uint32_t w_state, w_org, w_person, w_position;
  char err[300];
} coder;

/* ---- small helpers ---- */

static int oom(coder *c) {
  snprintf(c->err, sizeof c->err, "out of memory");
  return DIP_ENOMEM;
}

static const char *tok_text(const coder *c, uint32_t i) { return c->t.s + c->t.tok[i].off; }

static int tok_is(const coder *c, uint32_t i, const char *w) {
  char buf[32];
  const ex_token *k = &c->t.tok[i];
  return ex_fold(c->t.s + k->off, k->len, buf, sizeof buf) && !strcmp(buf, w);
}

static int is_pattern_kind(uint32_t k) { return k < LX_NPATTERN; }

static uint32_t actor_kind(const coder *c, uint32_t a) { return c->ds->actors[a].kind; }

static uint32_t actor_by_id(const coder *c, const char *id, size_t n) {
  uint32_t s = dip_strtab_find(&c->ds->strs, id, n);
  return s == DIP_NONE ? DIP_NONE : dip_map_get(&c->ds->actor_of_id, s);
}

/* The side of a dataset actor at publication: itself for a state or an
   organization, else the first state (then organization) it is affiliated with. */
static uint32_t side_of(coder *c, uint32_t a) {
  dip_dataset *ds = c->ds;
  uint32_t k = actor_kind(c, a), org = DIP_NONE;
  dip_span at, *pat = NULL;
  if (k == c->w_state || k == c->w_org) return a;
  if (c->has_pub) {
    at.lo = c->pub * 86400;
    at.hi = at.lo + 86399;
    pat = &at;
  }
  if (dip_affiliations(ds, a, pat) == DIP_OK) {
    for (uint32_t i = 0; i < ds->index->nres; i++) {
      uint32_t b = ds->index->res[i];
      if (actor_kind(c, b) == c->w_state) return b;
      if (org == DIP_NONE && actor_kind(c, b) == c->w_org) org = b;
    }
  }
  if (org != DIP_NONE) return org;
  if (ds->actors[a].country != DIP_NONE) {
    const char *cc = dip_str(ds, ds->actors[a].country);
    uint32_t s = actor_by_id(c, cc, strlen(cc));
    if (s != DIP_NONE) return s;
  }
  return DIP_NONE;
}

/* Whether a dataset person holds a post at publication (any post when the relation has no dates). */
static int in_office(coder *c, uint32_t a) {
  dip_dataset *ds = c->ds;
  if (!c->has_pub) return 1;
  for (uint32_t r = 0; r < ds->nrelations; r++) {
    const dip_relation *rel = &ds->relations[r];
    dip_span s;
    if (rel->actor != a || rel->type != c->w_position) continue;
    s = dip_relation_span(ds, rel);
    if (s.lo <= c->pub * 86400 + 86399 && s.hi >= c->pub * 86400) return 1;
  }
  return 0;
}

/* The one person holding, at publication, a post of state `side` whose title is the words [first, last)
   ("the Russian foreign minister": the world's Foreign Minister of Russia that day), or DIP_NONE. */
static uint32_t title_holder(coder *c, uint32_t side, uint32_t first, uint32_t last) {
  dip_dataset *ds = c->ds;
  char want[KEY_CAP], have[KEY_CAP];
  size_t used = 0, n;
  uint32_t found = DIP_NONE;
  if (!c->has_pub || side == DIP_NONE || actor_kind(c, side) != c->w_state) return DIP_NONE;
  for (uint32_t j = first; j < last; j++) {
    const ex_token *k = &c->t.tok[j];
    if (used + k->len + 2 > sizeof want) return DIP_NONE;
    if (j > first) want[used++] = ' ';
    if (!(n = ex_fold(c->t.s + k->off, k->len, want + used, sizeof want - used))) return DIP_NONE;
    used += n;
  }
  for (uint32_t r = 0; r < ds->nrelations; r++) {
    const dip_relation *rel = &ds->relations[r];
    dip_span s;
    if (rel->type != c->w_position || rel->target != side || rel->title == DIP_NONE) continue;
    n = ex_fold(dip_str(ds, rel->title), ds->strs.str[rel->title].len, have, sizeof have);
    if (n != used || memcmp(have, want, n)) continue;
    s = dip_relation_span(ds, rel);
    if (s.lo > c->pub * 86400 + 86399 || s.hi < c->pub * 86400) continue;
    if (found != DIP_NONE && found != rel->actor) return DIP_NONE;
    found = rel->actor;
  }
  return found;
}

/* ---- pass 1: mentions ---- */

static int push_mention(coder *c, const mention *m) {
  if (DIP_GROW(c->mem, c->m, c->mcap, c->nm + 1)) return -1;
  c->m[c->nm++] = *m;
  return 0;
}

/* The longest pattern and the longest name starting at token i. */
static void longest(coder *c, uint32_t i, uint32_t end, uint32_t *plen, uint32_t *phead, uint32_t *nlen,
                    uint32_t *nhead) {
  char key[KEY_CAP];
  size_t used = 0;
  int cap = (c->t.tok[i].flags & TK_CAP) != 0;
  *plen = *nlen = 0;
  *phead = *nhead = DIP_NONE;
  for (uint32_t j = i; j < end && j - i < c->lx->maxwords; j++) {
    const ex_token *k = &c->t.tok[j];
    uint32_t head;
    size_t n;
    if (j > i && (k->flags & TK_NEWLINE)) break;
    if (used + k->len + 2 > sizeof key) break;
    if (j > i) key[used++] = ' ';
    n = ex_fold(c->t.s + k->off, k->len, key + used, sizeof key - used);
    if (!n) break;
    used += n;
    if (!ex_lexicon_lookup(c->lx, key, used, &head)) break;
    if (head == DIP_NONE) continue;
    for (uint32_t e = head; e != DIP_NONE; e = c->lx->entries[e].next) {
      if (is_pattern_kind(c->lx->entries[e].kind)) *plen = j + 1 - i, *phead = head;
      else if (cap) *nlen = j + 1 - i, *nhead = head;
    }
  }
}

/* Capitalized at the start of a sentence, but no name. */
static int function_word(const coder *c, uint32_t i) {
  static const char *const words[] = {"the", "a", "an", "in", "on", "at", "after", "before", "this", "that", "these",
    "those", "it", "its", "he", "she", "his", "her", "they", "their", "we", "our", "i", "but", "and", "according",
    "as", "while", "when", "during", "for", "with", "by", "from", "to", "of", "if", "there", "two", "three", NULL};
  for (int k = 0; words[k]; k++)
    if (tok_is(c, i, words[k])) return 1;
  return 0;
}

/* A one-word name that may be part of a person's name: a last name, a town, a person (not a state or organization). */
static int weak_name(const coder *c, uint32_t head) {
  for (uint32_t e = head; e != DIP_NONE; e = c->lx->entries[e].next) {
    const ex_entry *x = &c->lx->entries[e];
    if (x->kind == LX_ACTOR && (actor_kind(c, x->value) == c->w_state || actor_kind(c, x->value) == c->w_org)) return 0;
    if (x->kind == LX_PLACE && c->ds->places[x->value].kind != DIP_NONE &&
        !strcmp(dip_str(c->ds, c->ds->places[x->value].kind), "country"))
      return 0;
  }
  return 1;
}

static int scan_sentence(coder *c, uint32_t s) {
  uint32_t i = c->t.sent[s].first, end = i + c->t.sent[s].count;
  while (i < end) {
    mention m;
    uint32_t plen, phead, nlen, nhead, dlen;
    ex_date_expr de;
    memset(&m, 0, sizeof m);
    m.actor = m.place = m.person = m.side = m.group = DIP_NONE;
    dlen = ex_date_read(&c->t, i, end, &de);
    longest(c, i, end, &plen, &phead, &nlen, &nhead);
    m.first = i;
    if (dlen && dlen >= plen && dlen >= nlen) {
      m.kind = MK_DATE, m.date = de, m.last = i + dlen;
    } else if (plen && plen >= nlen) {
      /* one mention for each pattern kind of the phrase (a word may be a cue of two kinds) */
      m.last = i + plen;
      for (uint32_t e = phead; e != DIP_NONE; e = c->lx->entries[e].next) {
        if (!is_pattern_kind(c->lx->entries[e].kind)) continue;
        m.kind = MK_CUE;
        m.lxkind = c->lx->entries[e].kind;
        m.value = c->lx->entries[e].value;
        m.aux = c->lx->entries[e].aux;
        if (push_mention(c, &m)) return -1;
      }
      i = m.last;
      continue;
    } else if (nlen && !(nlen == 1 && weak_name(c, nhead) && i + 1 < end &&
                         (c->t.tok[i + 1].flags & (TK_CAP | TK_WORD)) == (TK_CAP | TK_WORD) &&
                         !(c->t.tok[i + 1].flags & TK_GLUED))) {
      m.kind = MK_NAME, m.head = nhead, m.last = i + nlen;
    } else if ((c->t.tok[i].flags & (TK_CAP | TK_WORD)) == (TK_CAP | TK_WORD) && !function_word(c, i)) {
      /* a run of capitalized words (and initials): perhaps the name of a person */
      uint32_t j = i + 1;
      while (j < end && (c->t.tok[j].flags & (TK_CAP | TK_WORD)) == (TK_CAP | TK_WORD) && !(c->t.tok[j].flags & TK_NEWLINE)) {
        uint32_t p2, h2, n2, nh2;
        ex_date_expr d2;
        if (ex_date_read(&c->t, j, end, &d2)) break;
        longest(c, j, end, &p2, &h2, &n2, &nh2);
        if (p2 || (n2 && !(n2 == 1 && weak_name(c, nh2)))) break;
        j++;
      }
      m.kind = MK_UNKNOWN, m.last = j;
    } else {
      i++;
      continue;
    }
    if (push_mention(c, &m)) return -1;
    i = m.last;
  }
  return 0;
}

/* ---- pass 2: reading each sentence's mentions ---- */

static int cue_at(const coder *c, uint32_t k, uint32_t kind) {
  return k < c->nm && c->m[k].kind == MK_CUE && c->m[k].lxkind == kind;
}

static int base_has(const coder *c, const char *id, int place);

/* Chooses the reading of a known name: a state, organization or person; or a place. */
static void resolve_name(coder *c, mention *m, int locative) {
  const ex_lexicon *lx = c->lx;
  uint32_t best_actor = DIP_NONE, best_place = DIP_NONE, surname = DIP_NONE;
  int actor_rank = 999;
  for (uint32_t e = m->head; e != DIP_NONE; e = lx->entries[e].next) {
    uint32_t kind = lx->entries[e].kind, v = lx->entries[e].value;
    if (kind == LX_ACTOR) {
      uint32_t k = actor_kind(c, v);
      int r = k == c->w_state ? 0 : k == c->w_org ? 1 : k == c->w_person ? (in_office(c, v) ? 2 : 4) : 3;
      /* of equals, the one the user's dataset holds */
      r = 2 * r + !base_has(c, dip_str(c->ds, c->ds->actors[v].id), 0);
      if (r < actor_rank) actor_rank = r, best_actor = v;
    } else if (kind == LX_PLACE) {
      const dip_place *p = &c->ds->places[v];
      if (best_place == DIP_NONE) best_place = v;
      else if (p->kind != DIP_NONE && !strcmp(dip_str(c->ds, p->kind), "country") &&
               !(c->ds->places[best_place].kind != DIP_NONE &&
                 !strcmp(dip_str(c->ds, c->ds->places[best_place].kind), "country")))
        best_place = v;
    } else if (kind == LX_SURNAME) {
      /* a last name alone: the one person of that name in office */
      if (surname == DIP_NONE && in_office(c, v)) surname = v;
      else if (surname != v && in_office(c, v)) surname = DIP_NONE - 1;
    }
  }
  if (best_actor == DIP_NONE && best_place == DIP_NONE && surname < DIP_NONE - 1) best_actor = surname;
  if (locative && best_place != DIP_NONE) m->place = best_place, m->flags |= MF_LOCATIVE;
  else if (best_actor != DIP_NONE) m->actor = best_actor;
  else if (best_place != DIP_NONE && locative) m->place = best_place;
  else if (best_place != DIP_NONE) m->place = best_place, m->flags |= MF_NOTACTOR;
  if (m->actor != DIP_NONE) m->side = side_of(c, m->actor);
}

static int same_words(const coder *c, uint32_t a, uint32_t b) {
  const ex_token *x = &c->t.tok[a], *y = &c->t.tok[b];
  return x->len == y->len && !memcmp(c->t.s + x->off, c->t.s + y->off, x->len);
}

/* The person of the text whose last name is token tok (or, failing that, whose
   first name is: "Xi" for Xi Jinping, "Hu" for Hu Jintao), or DIP_NONE. */
static uint32_t person_by_surname(const coder *c, uint32_t tok) {
  for (uint32_t p = 0; p < c->npeople; p++)
    if (same_words(c, c->people[p].surname, tok)) return p;
  for (uint32_t p = 0; p < c->npeople; p++)
    if (c->people[p].name_end - c->people[p].name_tok > 1 && same_words(c, c->people[p].name_tok, tok)) return p;
  return DIP_NONE;
}

static uint32_t add_person(coder *c, uint32_t first, uint32_t last, uint32_t side, uint32_t actor, uint32_t tfirst,
                           uint32_t tlast) {
  uint32_t p = person_by_surname(c, last - 1);
  if (p != DIP_NONE) {
    text_person *q = &c->people[p];
    if (last - first > q->name_end - q->name_tok) q->name_tok = first, q->name_end = last;
    if (q->side == DIP_NONE) q->side = side;
    if (q->actor == DIP_NONE) q->actor = actor;
    if (q->title_tok == DIP_NONE && tfirst != DIP_NONE) q->title_tok = tfirst, q->title_end = tlast;
    return p;
  }
  if (DIP_GROW(c->mem, c->people, c->peoplecap, c->npeople + 1)) return DIP_NONE - 1;
  c->people[c->npeople].name_tok = first;
  c->people[c->npeople].name_end = last;
  c->people[c->npeople].surname = last - 1;
  c->people[c->npeople].side = side;
  c->people[c->npeople].actor = actor;
  c->people[c->npeople].title_tok = tfirst;
  c->people[c->npeople].title_end = tlast;
  return c->npeople++;
}

static int all_caps(const coder *c, uint32_t i) {
  const ex_token *k = &c->t.tok[i];
  if (k->len < 3) return 0;
  for (uint32_t j = 0; j < k->len; j++) {
    unsigned char ch = (unsigned char)c->t.s[k->off + j];
    if (ch >= 'a' && ch <= 'z') return 0;
  }
  return 1;
}

static int is_state_or_org(const coder *c, const mention *m) {
  (void)c;
  return m->kind == MK_NAME && m->actor != DIP_NONE && m->side == m->actor;
}

/* Reads the sentence's mentions [a, b): places, topics, titles with their
   people and countries. People found are added to the text's people. */
static int read_sentence(coder *c, uint32_t a, uint32_t b) {
  for (uint32_t k = a; k < b; k++) {
    mention *m = &c->m[k];
    int locative = 0, topic = 0;
    if (m->kind != MK_NAME && m->kind != MK_UNKNOWN) continue;
    /* what stands before: a locative or topic preposition, perhaps with "the" or a compass word between */
    if (k > a) {
      const mention *q = &c->m[k - 1];
      uint32_t gap = m->first - q->last;
      int ok = gap == 0;
      if (gap == 1 || gap == 2) {
        ok = 1;
        for (uint32_t x = q->last; x < m->first; x++) {
          const ex_token *tk = &c->t.tok[x];
          const char *w = c->t.s + tk->off;
          if (tok_is(c, x, "the") || tok_is(c, x, "a")) continue;
          if (!(tk->flags & TK_CAP) && tk->len > 4 && !memcmp(w + tk->len - 3, "ern", 3)) continue;
          ok = 0;
        }
      }
      if (ok && q->kind == MK_CUE && q->lxkind == LX_LOCATIVE) locative = 1;
      if (ok && q->kind == MK_CUE && q->lxkind == LX_TOPIC) topic = 1;
      /* "over Ukraine and Georgia": a topic runs on through a list */
      if (q->kind == MK_NAME && (q->flags & MF_TOPIC) && gap == 1 &&
          (tok_is(c, q->last, "and") || tok_is(c, q->last, ",")))
        topic = 1;
      if (q->kind == MK_NAME && (q->flags & MF_LOCATIVE) && gap == 1 &&
          (tok_is(c, q->last, "and") || tok_is(c, q->last, ",")))
        locative = 1;
    }
    if (m->kind == MK_NAME) {
      /* "the Swiss city of Geneva": Geneva is a place; "Vienna-based", "US-led": no participant */
      if (k + 1 < b && cue_at(c, k + 1, LX_PLACEWORD) && c->m[k + 1].first == m->last) {
        m->flags |= MF_NOTACTOR;
      }
      if (k >= a + 1 && cue_at(c, k - 1, LX_PLACEWORD) && c->m[k - 1].last + 1 == m->first && tok_is(c, m->first - 1, "of"))
        locative = 1;
      if (m->last < c->t.ntok && tok_is(c, m->last, "-") && m->last + 1 < c->t.ntok &&
          (tok_is(c, m->last + 1, "based") || tok_is(c, m->last + 1, "led")))
        m->flags |= MF_NOTACTOR;
      resolve_name(c, m, locative);
      /* a dateline ("BRUSSELS, March 3 -", "BEIJING -"): where the story was filed, not who acts */
      if (m->first == c->m[a].first && all_caps(c, m->first) && m->last < c->t.ntok &&
          (tok_is(c, m->last, ",") || tok_is(c, m->last, "-") || tok_is(c, m->last, "\xE2\x80\x93") ||
           tok_is(c, m->last, "(")))
        m->flags |= MF_NOTACTOR, m->place = DIP_NONE;
      /* "Minsk Group": a capital followed by a name of its own is not the state */
      if (m->actor != DIP_NONE && m->last < c->t.ntok && (c->t.tok[m->last].flags & TK_CAP) &&
          !(c->t.tok[m->last].flags & TK_GLUED) && actor_kind(c, m->actor) == c->w_state && k + 1 < b &&
          c->m[k + 1].kind == MK_UNKNOWN && c->m[k + 1].first == m->last)
        m->flags |= MF_NOTACTOR;
    }
    if (topic) m->flags |= MF_TOPIC;
    if (locative) m->flags |= MF_LOCATIVE;
    /* "Zakharova said", "Maria Zakharova, the ministry's spokesperson, told" */
    {
      uint32_t next = m->last, j = k + 1;
      if (next < c->t.ntok && tok_is(c, next, ",")) {
        uint32_t x = next + 1;
        while (x < c->t.ntok && x < next + 12 && !tok_is(c, x, ",")) x++;
        if (x < c->t.ntok && tok_is(c, x, ",")) next = x + 1;
      }
      while (j < b && c->m[j].first < next) j++;
      if (j < b && cue_at(c, j, LX_ATTRIB) && c->m[j].first == next && !tok_is(c, next, "returned") &&
          !tok_is(c, next, "arrived"))
        m->flags |= MF_SPEAKER;
    }
  }
  /* titles: [State|State 's|Demonym] Title [of State] [honorific] Name [of State | (State)] */
  for (uint32_t k = a; k < b; k++) {
    mention *m = &c->m[k];
    uint32_t side = DIP_NONE, nk, tfirst, tlast, actor = DIP_NONE, p;
    if (!(m->kind == MK_CUE && m->lxkind == LX_TITLE)) continue;
    tfirst = m->first, tlast = m->last;
    if (k > a) {
      mention *q = &c->m[k - 1];
      if (q->kind == MK_CUE && q->lxkind == LX_TITLE && q->last == m->first) continue; /* inner word of a longer title */
      if (is_state_or_org(c, q) && (q->last == m->first || (q->last + 1 == m->first && (c->t.tok[q->last].flags & TK_POSSESSIVE)))) {
        side = q->side, tfirst = q->first;
        q->flags |= MF_USED;
      } else if (k >= a + 2 && is_state_or_org(c, &c->m[k - 2]) && c->m[k - 1].kind == MK_CUE && c->m[k - 1].lxkind == LX_TITLE) {
        side = c->m[k - 2].side;
      }
    }
    nk = k + 1;
    while (nk < b && c->m[nk].kind == MK_CUE && c->m[nk].first < m->last) nk++; /* other kinds of the same words */
    /* "Minister of Foreign Affairs of the Federal Democratic Republic of Ethiopia" */
    if (nk < b && is_state_or_org(c, &c->m[nk]) && c->m[nk].first <= m->last + 2 && m->last < c->t.ntok &&
        tok_is(c, m->last, "of")) {
      if (side == DIP_NONE) side = c->m[nk].side;
      c->m[nk].flags |= MF_USED;
      tlast = c->m[nk].last;
      nk++;
    }
    while (nk < b && c->m[nk].kind == MK_CUE && (c->m[nk].lxkind == LX_HONORIFIC || c->m[nk].lxkind == LX_TITLE) &&
           c->m[nk].first <= tlast + 1)
      tlast = c->m[nk].last, nk++;
    if (nk < b && (c->m[nk].kind == MK_UNKNOWN || (c->m[nk].kind == MK_NAME && c->m[nk].actor != DIP_NONE &&
                                                    actor_kind(c, c->m[nk].actor) == c->w_person) ||
                   (c->m[nk].kind == MK_NAME && c->m[nk].actor == DIP_NONE && c->m[nk].place == DIP_NONE)) &&
        c->m[nk].first <= tlast + 2) {
      mention *n = &c->m[nk];
      if (n->kind == MK_NAME && n->actor != DIP_NONE) {
        actor = n->actor;
        if (side == DIP_NONE) side = n->side;
      }
      /* "Volodymyr Zelensky of Ukraine", "Igor Popov (Russia)" */
      if (nk + 1 < b && is_state_or_org(c, &c->m[nk + 1]) && c->m[nk + 1].first == n->last + 1 &&
          (tok_is(c, n->last, "of") || tok_is(c, n->last, "("))) {
        if (side == DIP_NONE) side = c->m[nk + 1].side;
        c->m[nk + 1].flags |= MF_USED;
      }
      if (side == DIP_NONE && m->value != DIP_NONE && *ex_lexicon_str(c->lx, m->value) != '-') {
        const char *id = ex_lexicon_str(c->lx, m->value);
        side = actor_by_id(c, id, strlen(id));
      }
      if ((p = add_person(c, n->first, n->last, side, actor, tfirst, tlast)) == DIP_NONE - 1) return -1;
      n->person = p;
      n->side = c->people[p].side;
      m->flags |= MF_USED;
    } else if (side != DIP_NONE) {
      /* "Jana Novakova, the Slovak spokesperson,": the title of the name before it */
      uint32_t x = tfirst, nk2 = k;
      if (x > 0 && tok_is(c, x - 1, "the")) x--;
      while (nk2 > a && c->m[nk2 - 1].first >= tfirst) nk2--;
      if (x > 0 && tok_is(c, x - 1, ",") && nk2 > a && c->m[nk2 - 1].kind == MK_UNKNOWN && c->m[nk2 - 1].last + 1 == x &&
          c->m[nk2 - 1].last - c->m[nk2 - 1].first >= 2 && c->m[nk2 - 1].person == DIP_NONE) {
        mention *n = &c->m[nk2 - 1];
        if ((p = add_person(c, n->first, n->last, side, DIP_NONE, tfirst, tlast)) == DIP_NONE - 1) return -1;
        n->person = p;
        n->side = side;
        m->flags |= MF_USED;
      } else {
        /* "his American counterpart", "the Iranian foreign minister": the one holder of that post on the
           day of publication when the dataset knows them, else the state stands in */
        uint32_t holder = title_holder(c, side, m->first, m->last);
        m->side = side;
        m->actor = holder != DIP_NONE ? holder : side;
      }
    }
  }
  /* names followed by "of State" or "(State)" without a title */
  for (uint32_t k = a; k + 1 < b; k++) {
    mention *n = &c->m[k];
    uint32_t p;
    if (n->kind != MK_UNKNOWN || n->person != DIP_NONE || n->last - n->first < 2) continue;
    if (is_state_or_org(c, &c->m[k + 1]) && c->m[k + 1].first == n->last + 1 &&
        (tok_is(c, n->last, "of") || tok_is(c, n->last, "("))) {
      if ((p = add_person(c, n->first, n->last, c->m[k + 1].side, DIP_NONE, DIP_NONE, DIP_NONE)) == DIP_NONE - 1)
        return -1;
      n->person = p;
      n->side = c->people[p].side;
      c->m[k + 1].flags |= MF_USED;
    }
  }
  /* dataset people named in full */
  for (uint32_t k = a; k < b; k++) {
    mention *n = &c->m[k];
    uint32_t p;
    if (n->kind != MK_NAME || n->actor == DIP_NONE || actor_kind(c, n->actor) != c->w_person || n->person != DIP_NONE)
      continue;
    if ((p = add_person(c, n->first, n->last, n->side, n->actor, DIP_NONE, DIP_NONE)) == DIP_NONE - 1) return -1;
    n->person = p;
    if (n->side == DIP_NONE) n->side = c->people[p].side;
  }
  return 0;
}

/* Later mentions by last name ("Zelensky", "Lavrov said"), once every sentence is read. */
static void resolve_surnames(coder *c) {
  for (uint32_t k = 0; k < c->nm; k++) {
    mention *n = &c->m[k];
    uint32_t p;
    if (n->person != DIP_NONE) {
      n->side = c->people[n->person].side;
      continue;
    }
    if (n->kind != MK_UNKNOWN && !(n->kind == MK_NAME && n->actor != DIP_NONE && actor_kind(c, n->actor) == c->w_person) &&
        !(n->kind == MK_NAME && n->actor == DIP_NONE && n->place == DIP_NONE))
      continue;
    if ((p = person_by_surname(c, n->last - 1)) != DIP_NONE) {
      n->person = p;
      n->side = c->people[p].side;
    }
  }
}

/* ---- pass 3: events ---- */

static int is_meeting_type(const char *t) {
  static const char *const types[] = {"meeting", "talks", "negotiation", "summit", "visit", "call", "conference", NULL};
  for (int i = 0; types[i]; i++)
    if (!strcmp(t, types[i])) return 1;
  return 0;
}

static int status_of(const char *s) {
  for (int i = 0; i < ST_N; i++)
    if (!strcmp(status_text[i], s)) return i;
  return ST_HELD;
}

static void add_part(xevent *e, uint32_t actor, uint32_t person, uint32_t side, const char *role) {
  if (side == DIP_NONE) return;
  for (uint32_t i = 0; i < e->nparts; i++) {
    part *p = &e->parts[i];
    if (p->actor == actor && p->person == person) {
      if (role && !strcmp(role, "host")) p->role = role;
      return;
    }
    /* a state already there through one of its people adds nothing */
    if (person == DIP_NONE && actor == side && p->side == side) return;
    if (p->person == DIP_NONE && p->actor == p->side && p->side == side) {
      /* the person replaces the bare state */
      p->actor = actor, p->person = person;
      if (role) p->role = role;
      return;
    }
  }
  if (e->nparts == EX_MAX_PARTS) return;
  e->parts[e->nparts].actor = actor;
  e->parts[e->nparts].person = person;
  e->parts[e->nparts].side = side;
  e->parts[e->nparts].role = role;
  e->nparts++;
}

static void add_mention_part(coder *c, xevent *e, const mention *m, const char *role) {
  if (m->kind == MK_CUE && m->lxkind == LX_GROUP) {
    const char *ids = ex_lexicon_str(c->lx, m->value);
    while (*ids) {
      size_t n = strcspn(ids, " ");
      uint32_t s = actor_by_id(c, ids, n);
      if (s != DIP_NONE) add_part(e, s, DIP_NONE, s, role);
      ids += n;
      while (*ids == ' ') ids++;
    }
    return;
  }
  /* MF_USED: the country of a title, whose person (or the title standing in) is the participant */
  if (m->flags & (MF_TOPIC | MF_NOTACTOR | MF_USED)) return;
  if (m->person != DIP_NONE) {
    if ((m->flags & MF_SPEAKER) && e->meeting) return; /* "Zakharova said ...": who tells of a meeting is not at it */
    const text_person *p = &c->people[m->person];
    if (p->side != DIP_NONE) add_part(e, p->actor, m->person, p->side, role);
    return;
  }
  if ((m->flags & MF_LOCATIVE) && m->actor == DIP_NONE) return;
  if (m->actor != DIP_NONE && m->side != DIP_NONE) {
    if (m->flags & MF_LOCATIVE) return;
    add_part(e, m->actor, DIP_NONE, m->side, role);
  }
}

static int is_participant_mention(const coder *c, const mention *m) {
  if (m->kind == MK_CUE) return m->lxkind == LX_GROUP || (m->lxkind == LX_TITLE && m->actor != DIP_NONE);
  (void)c;
  return (m->kind == MK_NAME || m->kind == MK_UNKNOWN) && (m->actor != DIP_NONE || m->person != DIP_NONE);
}

/* Whether a date mention belongs to a verb of saying next to it. */
static int date_of_saying(const coder *c, uint32_t a, uint32_t b, uint32_t k) {
  const mention *d = &c->m[k];
  for (uint32_t j = a; j < b; j++) {
    const mention *q = &c->m[j];
    if (q->kind != MK_CUE || q->lxkind != LX_ATTRIB) continue;
    if (q->last <= d->first && d->first <= q->last + 4) {
      int crossed = 0;
      for (uint32_t x = j + 1; x < k; x++)
        if (c->m[x].kind == MK_CUE && c->m[x].lxkind == LX_EVENT) crossed = 1;
      if (!crossed) return 1;
    }
    if (d->last <= q->first && q->first <= d->last + 1) return 1;
  }
  return 0;
}

static int new_event(coder *c, xevent **out) {
  if (DIP_GROW(c->mem, c->ev, c->evcap, c->nev + 1)) return -1;
  *out = &c->ev[c->nev++];
  memset(*out, 0, sizeof **out);
  (*out)->place = DIP_NONE;
  (*out)->venue_tok = DIP_NONE;
  return 0;
}

/* Whether a trigger is a verb in the past tense: met, held talks, spoke, hosted, visited. */
static int past_verb(const coder *c, const mention *tr) {
  const ex_token *k = &c->t.tok[tr->first];
  const char *w = c->t.s + k->off;
  if (!tr->aux) return 0;
  if (tok_is(c, tr->first, "met") || tok_is(c, tr->first, "held") || tok_is(c, tr->first, "spoke")) return 1;
  return k->len > 3 && w[k->len - 2] == 'e' && w[k->len - 1] == 'd';
}

/* Whether a located name places the event: "in Geneva", "at the White House", "city of Bonn"; "to Seoul" for a visit. */
static int place_ok(const coder *c, const mention *m, int visit) {
  uint32_t x = m->first;
  if (!(m->flags & MF_LOCATIVE) || m->place == DIP_NONE) return 0;
  while (x > 0 && x + 3 > m->first) {
    x--;
    if (tok_is(c, x, "in") || tok_is(c, x, "at") || tok_is(c, x, "of")) return 1;
    if (tok_is(c, x, "to")) return visit;
  }
  return 0;
}

/* The venue of "at the AU Headquarters": capitalized words ending in a venue word. */
static void find_venue(coder *c, uint32_t a, uint32_t b, xevent *e) {
  for (uint32_t k = a; k < b; k++) {
    const mention *v = &c->m[k];
    uint32_t first;
    if (!(v->kind == MK_CUE && v->lxkind == LX_VENUE) || !(c->t.tok[v->first].flags & TK_CAP)) continue;
    first = v->first;
    while (first > 0 && (c->t.tok[first - 1].flags & TK_CAP) && !tok_is(c, first - 1, "the")) first--;
    if (first > 0 && (tok_is(c, first - 1, "the") || tok_is(c, first - 1, "at") || tok_is(c, first - 1, "in")) && first < v->first) {
      e->venue_tok = first, e->venue_end = v->last;
      return;
    }
  }
}

static int code_sentence(coder *c, uint32_t s, uint32_t a, uint32_t b) {
  uint32_t triggers[64], nt = 0, first_trigger_tok;
  const char *refs[64], *pending_ref = NULL;
  int denied_all = 0;
  for (uint32_t k = a; k < b && nt < 64; k++) {
    const mention *m = &c->m[k];
    int drop = 0;
    if (m->kind != MK_CUE || m->lxkind != LX_EVENT) continue;
    if (nt && c->m[triggers[nt - 1]].first == m->first) continue;
    /* "any talks", "on the sidelines of the conference", "not to have a meeting": no event here */
    for (uint32_t j = k; j > a && !drop;) {
      const mention *q = &c->m[--j];
      if (q->last + 3 < m->first) break;
      if (q->kind != MK_CUE) continue;
      if (q->lxkind == LX_GENERIC || q->lxkind == LX_SETTING) drop = 1;
      if (q->lxkind == LX_NEGATION && !tok_is(c, q->first, "no")) drop = 1;
      /* "After the summit, ...": a reference to an event told elsewhere */
      if (q->lxkind == LX_TIMESHIFT && m->first > 0 && tok_is(c, m->first - 1, "the") &&
          (tok_is(c, q->first, "after") || tok_is(c, q->first, "following"))) {
        drop = 1;
        pending_ref = ex_lexicon_str(c->lx, m->value);
      }
      if (q->lxkind == LX_EVENT && q->first != m->first) break;
    }
    if (!drop) {
      refs[nt] = pending_ref;
      pending_ref = NULL;
      triggers[nt++] = k;
    }
  }
  if (!nt) return 0;
  first_trigger_tok = c->m[triggers[0]].first;
  for (uint32_t ti = 0; ti < nt; ti++) {
    uint32_t k = triggers[ti], seg_end = ti + 1 < nt ? triggers[ti + 1] : b, from = ti ? triggers[ti - 1] + 1 : a;
    const mention *tr = &c->m[k];
    const char *type = ex_lexicon_str(c->lx, tr->value);
    xevent *e;
    int status = ST_HELD, drop = 0, ongoing = 0, definite = 0, hosts = 0;
    uint32_t date_k = DIP_NONE, place_k = DIP_NONE;
    /* what stands just before the trigger */
    for (uint32_t j = from; j < k; j++) {
      const mention *q = &c->m[j];
      if (q->kind != MK_CUE) continue;
      if (q->last + 3 >= tr->first && q->lxkind == LX_NEGATION && tok_is(c, q->first, "no")) status = ST_DENIED;
      if (q->lxkind == LX_STATUS) {
        int st = status_of(ex_lexicon_str(c->lx, q->value));
        if (st == ST_DENIED) denied_all = 1;
        /* after an earlier trigger, only the words just before this one are its own ("talks were
           suspended ... held talks": suspended is the first talks') */
        if (ti > 0 && q->last + 4 < tr->first) continue;
        if (status_rank[st] > status_rank[status]) status = st;
      }
      if (q->lxkind == LX_ONGOING) ongoing = 1;
    }
    if (denied_all && status_rank[ST_DENIED] > status_rank[status]) status = ST_DENIED;
    for (uint32_t j = k + 1; j < seg_end; j++) {
      const mention *q = &c->m[j];
      if (q->kind != MK_CUE) continue;
      if (q->lxkind == LX_ONGOING) ongoing = 1;
      /* words just before the next trigger are the next one's ("talks ... to arrange a visit") */
      if (ti + 1 < nt && q->last + 4 >= c->m[triggers[ti + 1]].first) continue;
      if (q->lxkind == LX_STATUS) {
        int st = status_of(ex_lexicon_str(c->lx, q->value));
        if (status_rank[st] > status_rank[status]) status = st;
      }
    }
    if (tr->first > 0 && (tok_is(c, tr->first - 1, "the") || tok_is(c, tr->first - 1, "this") ||
                          tok_is(c, tr->first - 1, "that")))
      definite = 1;
    if (tr->first > 1 && c->m[k].first >= 2 && tok_is(c, tr->first - 2, "the") && !(c->t.tok[tr->first - 1].flags & TK_CAP))
      definite = 1;
    if (drop) continue;
    if (new_event(c, &e)) return -1;
    e->type = type;
    e->ref = refs[ti];
    e->meeting = is_meeting_type(type);
    e->sent = s;
    e->trigger = tr->first;
    e->ongoing = ongoing;
    e->definite = definite;
    e->status = status;
    /* participants: the sentence's subject (before the first trigger) and the trigger's own segment */
    for (uint32_t j = a; j < b; j++) {
      const mention *q = &c->m[j];
      int in_subject = q->last <= first_trigger_tok, in_segment = j > k && j < seg_end;
      if (q->kind == MK_CUE && q->lxkind == LX_BREAK && j > k && j < seg_end) seg_end = j;
      if (!in_subject && !in_segment) continue;
      if (q->kind == MK_CUE && q->lxkind == LX_COREF && in_subject && c->nev > 1) {
        /* "They met", "the two ministers": the participants of the event before */
        xevent *prev = &c->ev[c->nev - 2];
        for (uint32_t x = 0; x < prev->nparts; x++) add_part(e, prev->parts[x].actor, prev->parts[x].person,
                                                              prev->parts[x].side, prev->parts[x].role);
        e->definite = 1;
        continue;
      }
      if (!strcmp(type, "visit") && in_segment && (q->flags & MF_LOCATIVE) && (q->place != DIP_NONE || q->actor != DIP_NONE)) {
        /* a visit to a state or one of its cities: the host */
        uint32_t host = DIP_NONE;
        if (q->place != DIP_NONE && c->ds->places[q->place].country != DIP_NONE) {
          const char *cc = dip_str(c->ds, c->ds->places[q->place].country);
          host = actor_by_id(c, cc, strlen(cc));
        }
        if (host != DIP_NONE && j > 0 && (tok_is(c, q->first - 1, "to") || tok_is(c, q->first - 1, "visit") ||
                                          tok_is(c, q->first - 1, "visits") || tok_is(c, q->first - 1, "visited") ||
                                          tok_is(c, q->first - 1, "and") || tok_is(c, q->first - 1, ","))) {
          add_part(e, host, DIP_NONE, host, "host");
          hosts++;
          if (place_k == DIP_NONE) place_k = j;
          continue;
        }
      }
      if (!is_participant_mention(c, q)) continue;
      add_mention_part(c, e, q, NULL);
    }
    /* a visit's direct object: "will visit Seoul", "to visit India" */
    if (!strcmp(type, "visit") && (tr->aux || tok_is(c, tr->first, "visit")) && k + 1 < seg_end && c->m[k + 1].first == tr->last && c->m[k + 1].kind == MK_NAME) {
      const mention *q = &c->m[k + 1];
      uint32_t pl = q->place;
      if (pl == DIP_NONE) {
        for (uint32_t x = q->head; x != DIP_NONE; x = c->lx->entries[x].next)
          if (c->lx->entries[x].kind == LX_PLACE) { pl = c->lx->entries[x].value; break; }
      }
      if (pl != DIP_NONE && c->ds->places[pl].country != DIP_NONE) {
        const char *cc = dip_str(c->ds, c->ds->places[pl].country);
        uint32_t host = actor_by_id(c, cc, strlen(cc));
        if (host != DIP_NONE) {
          /* the state stood in as a metonym: the city is the place and its state the host */
          for (uint32_t x = 0; x < e->nparts; x++)
            if (e->parts[x].actor == q->actor && e->parts[x].person == DIP_NONE) e->parts[x] = e->parts[--e->nparts];
          add_part(e, host, DIP_NONE, host, "host");
          hosts++;
          e->place = pl;
        }
      }
    }
    /* the date: in the segment after the trigger, else before it in the subject */
    for (uint32_t j = k + 1; j < (ti + 1 < nt ? triggers[ti + 1] : b) && date_k == DIP_NONE; j++)
      if (c->m[j].kind == MK_DATE && !date_of_saying(c, a, b, j)) date_k = j;
    if (date_k == DIP_NONE && ti == 0) {
      for (uint32_t j = k; j > a && date_k == DIP_NONE;) {
        const mention *q = &c->m[--j];
        if (q->kind == MK_CUE && q->lxkind == LX_TIMESHIFT) break;
        if (q->kind == MK_DATE && !date_of_saying(c, a, b, j)) date_k = j;
      }
    }
    /* the place: the first one named in the segment, else before the trigger */
    for (uint32_t j = k + 1; j < (ti + 1 < nt ? triggers[ti + 1] : b) && place_k == DIP_NONE; j++)
      if (place_ok(c, &c->m[j], !strcmp(type, "visit"))) place_k = j;
    if (place_k == DIP_NONE && ti == 0)
      for (uint32_t j = a; j < k && place_k == DIP_NONE; j++)
        if (place_ok(c, &c->m[j], !strcmp(type, "visit"))) place_k = j;
    if (place_k != DIP_NONE && e->place == DIP_NONE) {
      /* "in Saint Petersburg, Russia": the city, not the state after it */
      e->place = c->m[place_k].place;
    }
    if (e->place == DIP_NONE) find_venue(c, k + 1, ti + 1 < nt ? triggers[ti + 1] : b, e);
    if (date_k != DIP_NONE && c->has_pub) {
      /* planned: the next such date; a verb in the past (met, hosted): the last; else the nearest */
      int future = status == ST_PLANNED || status == ST_CANCELLED || status == ST_POSTPONED ? 1 : -1;
      if (future == -1 && status == ST_HELD && past_verb(c, tr)) future = 0;
      if (ex_date_resolve(&c->m[date_k].date, c->pub, future, &e->when) == 0) e->dated = 1;
    } else if (date_k != DIP_NONE && c->m[date_k].date.kind == XD_CALENDAR && c->m[date_k].date.y) {
      if (ex_date_resolve(&c->m[date_k].date, 0, -1, &e->when) == 0) e->dated = 1;
    }
    if (!e->dated && e->ongoing && c->has_pub) {
      snprintf(e->when.start, sizeof e->when.start, "%s", c->pubtext);
      e->dated = 1;
    }
    /* "will visit India next month for talks with ...": the talks share the visit's time and modality */
    if (ti > 0 && c->nev >= 2 && e->status == ST_HELD && !e->dated && tr->first >= 2 &&
        (tok_is(c, tr->first - 1, "for") || tok_is(c, tr->first - 2, "for"))) {
      const xevent *prev = &c->ev[c->nev - 2];
      if (prev->sent == s) {
        e->status = prev->status;
        if (prev->dated) e->dated = 1, e->when = prev->when;
      }
    }
    /* a held event dated after publication is still to come */
    if (e->dated && c->has_pub && e->status == ST_HELD && strcmp(e->when.start, c->pubtext) > 0 &&
        strncmp(e->when.start, c->pubtext, strlen(e->when.start)) != 0)
      e->status = ST_PLANNED;
    /* a visit to several states: one visit each */
    if (hosts > 1) {
      xevent base = *e;
      uint32_t nhost = 0;
      c->nev--;
      for (uint32_t x = 0; x < base.nparts; x++) {
        xevent *v;
        if (!base.parts[x].role || strcmp(base.parts[x].role, "host")) continue;
        if (new_event(c, &v)) return -1;
        *v = base;
        v->nparts = 0;
        v->place = DIP_NONE;
        for (uint32_t y = 0; y < base.nparts; y++)
          if (y == x || !base.parts[y].role || strcmp(base.parts[y].role, "host"))
            add_part(v, base.parts[y].actor, base.parts[y].person, base.parts[y].side,
                     y == x ? "host" : "guest");
        {
          /* the host state's place of the same id (countries are places named by their ids) */
          const char *id = dip_str(c->ds, c->ds->actors[base.parts[x].side].id);
          uint32_t sid = dip_strtab_find(&c->ds->strs, id, strlen(id));
          if (sid != DIP_NONE) v->place = dip_map_get(&c->ds->place_of_id, sid);
        }
        v->trigger = base.trigger + ++nhost;
      }
    } else if (hosts == 1) {
      for (uint32_t x = 0; x < e->nparts; x++)
        if (!e->parts[x].role) e->parts[x].role = "guest";
    }
  }
  return 0;
}

/* ---- pass 4: one event per meeting ---- */

static int sides_subset(const xevent *x, const xevent *y) {
  for (uint32_t i = 0; i < x->nparts; i++) {
    int found = 0;
    for (uint32_t j = 0; j < y->nparts && !found; j++) found = x->parts[i].side == y->parts[j].side;
    if (!found) return 0;
  }
  return 1;
}

static uint32_t nsides(const xevent *x) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < x->nparts; i++) {
    int seen = 0;
    for (uint32_t j = 0; j < i && !seen; j++) seen = x->parts[j].side == x->parts[i].side;
    n += !seen;
  }
  return n;
}

static void merge_into(xevent *d, xevent *e) {
  for (uint32_t i = 0; i < e->nparts; i++) add_part(d, e->parts[i].actor, e->parts[i].person, e->parts[i].side, e->parts[i].role);
  if (d->place == DIP_NONE && d->venue_tok == DIP_NONE) {
    d->place = e->place;
    d->venue_tok = e->venue_tok, d->venue_end = e->venue_end;
  }
  if (!d->dated && e->dated) {
    /* the dated telling is the better source */
    d->dated = 1, d->when = e->when;
    d->sent = e->sent, d->trigger = e->trigger;
  }
  e->dead = 1;
}

static int same_when(const xevent *a, const xevent *b) {
  return a->dated && b->dated && !strcmp(a->when.start, b->when.start) && !strcmp(a->when.end, b->when.end);
}

static void merge_events(coder *c) {
  /* "The meeting ... took place in Bonn", "They met at ...": the event before, told again */
  for (uint32_t i = 1; i < c->nev; i++) {
    xevent *e = &c->ev[i];
    if (!e->meeting || !e->definite || nsides(e) > 2) continue;
    for (uint32_t j = i; j-- > 0;) {
      xevent *d = &c->ev[j];
      if (d->dead || !d->meeting || d->sent == e->sent) continue;
      if (nsides(e) >= 2 && !sides_subset(e, d) && !sides_subset(d, e)) break;
      if (e->dated && d->dated && !same_when(e, d)) break;
      if (!d->dated && e->dated) d->status = e->status;
      merge_into(d, e);
      break;
    }
  }
  /* an undated mention joins a dated event of the same sides */
  for (uint32_t i = 0; i < c->nev; i++) {
    xevent *e = &c->ev[i];
    if (e->dead || e->dated || !e->meeting || e->ongoing) continue;
    for (uint32_t pass = 0; pass < 2 && !e->dead; pass++)
      for (uint32_t j = 0; j < c->nev && !e->dead; j++) {
        xevent *d = &c->ev[j];
        if (j == i || d->dead || !d->dated || !d->meeting) continue;
        if (d->status != e->status && e->status != ST_HELD) continue;
        /* a visit holds talks, but is not them */
        if (!strcmp(d->type, "visit") != !strcmp(e->type, "visit")) continue;
        if (!(sides_subset(e, d) || sides_subset(d, e))) continue;
        if (pass == 0 && nsides(e) > 0 && nsides(d) > 0 && !(nsides(e) >= 2 || nsides(d) >= 2)) continue;
        merge_into(d, e);
      }
  }
  /* "After the summit, they will meet": the day of the summit the text tells of */
  for (uint32_t i = 0; i < c->nev; i++) {
    xevent *e = &c->ev[i];
    if (e->dead || e->dated || !e->ref) continue;
    for (uint32_t j = 0; j < c->nev; j++) {
      const xevent *d = &c->ev[j];
      if (j == i || d->dead || !d->dated || strcmp(d->type, e->ref) || d->when.end[0]) continue;
      e->when = d->when;
      e->dated = 1;
      if (e->place == DIP_NONE && e->venue_tok == DIP_NONE) e->place = d->place;
      break;
    }
  }
  /* the same date told twice: "talks on January 13" and "the January 13 talks" */
  for (uint32_t i = 0; i < c->nev; i++) {
    xevent *e = &c->ev[i];
    if (e->dead || !e->dated || !e->meeting) continue;
    for (uint32_t j = 0; j < i && !e->dead; j++) {
      xevent *d = &c->ev[j];
      if (d->dead || !d->meeting || !same_when(d, e) || d->status != e->status) continue;
      if (!strcmp(d->type, "visit") != !strcmp(e->type, "visit")) continue;
      if (!(sides_subset(e, d) || sides_subset(d, e) || nsides(e) < 2 || nsides(d) < 2)) continue;
      merge_into(d, e);
    }
  }
}

/* ---- the document ---- */

static void slug(const char *s, size_t n, char *out, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n && k + 1 < cap; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 'A' && ch <= 'Z') out[k++] = (char)(ch + 32);
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch >= 0x80) out[k++] = (char)ch;
    else if (k && out[k - 1] != '-') out[k++] = '-';
  }
  while (k && out[k - 1] == '-') k--;
  out[k] = '\0';
}

static int add_str(cJSON *o, const char *k, const char *v) { return cJSON_AddStringToObject(o, k, v) ? 0 : -1; }

static const char *str_field(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static int add_strn(cJSON *o, const char *k, const char *v, size_t n) {
  char buf[512];
  if (n >= sizeof buf) n = sizeof buf - 1;
  memcpy(buf, v, n);
  buf[n] = '\0';
  return add_str(o, k, buf);
}

static int need_actor(coder *c, uint32_t a, cJSON *actors);

/* The id of person p in the document: the dataset's, or a new one (made once, with its actor and relation). */
static int person_id(coder *c, uint32_t p, char *id, size_t cap, cJSON *actors, cJSON *relations, unsigned char *made) {
  text_person *q = &c->people[p];
  const char *name = tok_text(c, q->name_tok);
  size_t n = c->t.tok[q->name_end - 1].off + c->t.tok[q->name_end - 1].len - c->t.tok[q->name_tok].off;
  if (q->actor != DIP_NONE) {
    snprintf(id, cap, "%s", dip_str(c->ds, c->ds->actors[q->actor].id));
    return need_actor(c, q->actor, actors);
  }
  {
    char s[200];
    slug(name, n, s, sizeof s);
    snprintf(id, cap, "person:%s", s);
  }
  if (!made[p]) {
    cJSON *a = cJSON_CreateObject(), *r;
    made[p] = 1;
    if (!a || !cJSON_AddItemToArray(actors, a)) return cJSON_Delete(a), -1;
    if (add_str(a, "id", id) || add_strn(a, "name", name, n) || add_str(a, "kind", "person")) return -1;
    if (q->side != DIP_NONE) {
      const char *sid = dip_str(c->ds, c->ds->actors[q->side].id);
      if (need_actor(c, q->side, actors)) return -1;
      if (actor_kind(c, q->side) == c->w_state && add_str(a, "country", sid)) return -1;
      r = cJSON_CreateObject();
      if (!r || !cJSON_AddItemToArray(relations, r)) return cJSON_Delete(r), -1;
      if (add_str(r, "actor", id) || add_str(r, "type", "position") || add_str(r, "target", sid)) return -1;
      if (q->title_tok != DIP_NONE) {
        const ex_token *t0 = &c->t.tok[q->title_tok], *t1 = &c->t.tok[q->title_end - 1];
        if (add_strn(r, "title", c->t.s + t0->off, t1->off + t1->len - t0->off)) return -1;
      }
    }
  }
  return 0;
}

/* Whether base has an object of that id (map: base's place_of_id or actor_of_id). */
static int base_has(const coder *c, const char *id, int place) {
  uint32_t s;
  if (c->base == c->ds) return 1;
  s = dip_strtab_find(&c->base->strs, id, strlen(id));
  return s != DIP_NONE && dip_map_get(place ? &c->base->place_of_id : &c->base->actor_of_id, s) != DIP_NONE;
}

/* Puts ds's actor a into the document's actors when base lacks it (once). */
static int need_actor(coder *c, uint32_t a, cJSON *actors) {
  const dip_actor *x = &c->ds->actors[a];
  const char *id = dip_str(c->ds, x->id);
  const cJSON *o;
  cJSON *n;
  if (base_has(c, id, 0)) return 0;
  cJSON_ArrayForEach(o, actors) if (!strcmp(str_field(o, "id"), id)) return 0;
  if (!(n = cJSON_CreateObject()) || !cJSON_AddItemToArray(actors, n)) return cJSON_Delete(n), -1;
  if (add_str(n, "id", id) || add_str(n, "name", dip_str(c->ds, x->name))) return -1;
  if (x->kind != DIP_NONE && add_str(n, "kind", dip_str(c->ds, x->kind))) return -1;
  if (x->country != DIP_NONE && add_str(n, "country", dip_str(c->ds, x->country))) return -1;
  return 0;
}

/* The same for a place, and the places it lies within. */
static int need_place(coder *c, uint32_t p, cJSON *places) {
  const dip_place *x = &c->ds->places[p];
  const char *id = dip_str(c->ds, x->id);
  const cJSON *o;
  cJSON *n;
  if (base_has(c, id, 1)) return 0;
  cJSON_ArrayForEach(o, places) if (!strcmp(str_field(o, "id"), id)) return 0;
  if (x->within != DIP_NONE && need_place(c, x->within, places)) return -1;
  if (!(n = cJSON_CreateObject()) || !cJSON_AddItemToArray(places, n)) return cJSON_Delete(n), -1;
  if (add_str(n, "id", id) || add_str(n, "name", dip_str(c->ds, x->name))) return -1;
  if (x->kind != DIP_NONE && add_str(n, "kind", dip_str(c->ds, x->kind))) return -1;
  if (x->within != DIP_NONE && add_str(n, "within", dip_str(c->ds, c->ds->places[x->within].id))) return -1;
  if (x->country != DIP_NONE && add_str(n, "country", dip_str(c->ds, x->country))) return -1;
  if (x->has_lat && (!cJSON_AddNumberToObject(n, "lat", x->lat) || !cJSON_AddNumberToObject(n, "lon", x->lon))) return -1;
  return 0;
}

static int build_doc(coder *c, const cJSON *source, cJSON *doc) {
  cJSON *actors = cJSON_AddArrayToObject(doc, "actors"), *places = cJSON_AddArrayToObject(doc, "places");
  cJSON *relations = cJSON_AddArrayToObject(doc, "relations"), *events = cJSON_AddArrayToObject(doc, "events");
  unsigned char *made;
  char venues_made[64][128];
  uint32_t nvenues = 0;
  int rc = 0;
  uint32_t text_hash = dip_hash_bytes(c->t.s, c->t.n);
  if (!actors || !places || !relations || !events) return -1;
  if (!(made = dip_alloc_array(c->mem, c->npeople, 1))) return -1;
  memset(made, 0, c->npeople ? c->npeople : 1);
  for (uint32_t i = 0; i < c->nev && !rc; i++) {
    xevent *e = &c->ev[i];
    cJSON *o, *ps, *src, *srcs;
    char id[300];
    const ex_sentence *s = &c->t.sent[e->sent];
    const ex_token *t0 = &c->t.tok[s->first], *t1 = &c->t.tok[s->first + s->count - 1];
    if (e->dead || !e->nparts) continue;
    if (!e->dated) {
      if (!c->has_pub) continue;
      /* undated: at publication when under way, else within its month */
      if (e->ongoing) snprintf(e->when.start, sizeof e->when.start, "%s", c->pubtext);
      else snprintf(e->when.start, sizeof e->when.start, "%.7s", c->pubtext);
    }
    rc = -1;
    if (!(o = cJSON_CreateObject()) || !cJSON_AddItemToArray(events, o)) { cJSON_Delete(o); break; }
    snprintf(id, sizeof id, "x%08x-%u", (unsigned)text_hash, (unsigned)c->t.tok[e->trigger < c->t.ntok ? e->trigger : 0].off + (e->trigger >= c->t.ntok));
    if (e->trigger < c->t.ntok) snprintf(id, sizeof id, "x%08x-%u", (unsigned)text_hash, (unsigned)c->t.tok[e->trigger].off);
    else snprintf(id, sizeof id, "x%08x-t%u", (unsigned)text_hash, (unsigned)e->trigger);
    if (add_str(o, "id", id) || add_str(o, "type", e->type) || add_str(o, "status", status_text[e->status]) ||
        add_str(o, "start", e->when.start) || (e->when.end[0] && add_str(o, "end", e->when.end)))
      break;
    if (e->place != DIP_NONE) {
      if (need_place(c, e->place, places) || add_str(o, "place", dip_str(c->ds, c->ds->places[e->place].id))) break;
    } else if (e->venue_tok != DIP_NONE) {
      const ex_token *v0 = &c->t.tok[e->venue_tok], *v1 = &c->t.tok[e->venue_end - 1];
      char name[96], vid[120];
      size_t vn = v1->off + v1->len - v0->off, seen = 0;
      if (vn >= sizeof name) vn = sizeof name - 1;
      memcpy(name, c->t.s + v0->off, vn);
      name[vn] = '\0';
      snprintf(vid, sizeof vid, "venue:");
      slug(name, vn, vid + 6, sizeof vid - 6);
      for (uint32_t x = 0; x < nvenues; x++) seen |= !strcmp(venues_made[x], vid);
      if (!seen && dip_strtab_find(&c->ds->strs, vid, strlen(vid)) == DIP_NONE) {
        cJSON *p = cJSON_CreateObject();
        if (!p || !cJSON_AddItemToArray(places, p)) { cJSON_Delete(p); break; }
        if (add_str(p, "id", vid) || add_str(p, "name", name) || add_str(p, "kind", "venue")) break;
        if (nvenues < 64) snprintf(venues_made[nvenues++], sizeof venues_made[0], "%s", vid);
      }
      if (add_str(o, "place", vid)) break;
    }
    if (!(ps = cJSON_AddArrayToObject(o, "participants"))) break;
    {
      int bad = 0;
      for (uint32_t k = 0; k < e->nparts && !bad; k++) {
        part *p = &e->parts[k];
        cJSON *pj = cJSON_CreateObject();
        char aid[300];
        if (!pj || !cJSON_AddItemToArray(ps, pj)) { cJSON_Delete(pj); bad = 1; break; }
        if (p->person != DIP_NONE) bad = person_id(c, p->person, aid, sizeof aid, actors, relations, made);
        else snprintf(aid, sizeof aid, "%s", dip_str(c->ds, c->ds->actors[p->actor].id));
        if (!bad && p->person == DIP_NONE) bad = need_actor(c, p->actor, actors);
        if (!bad) bad = need_actor(c, p->side, actors);
        if (!bad) bad = add_str(pj, "actor", aid) || add_str(pj, "role", p->role ? p->role : "party") ||
                        add_str(pj, "side", dip_str(c->ds, c->ds->actors[p->side].id));
      }
      if (bad) break;
    }
    if (!(srcs = cJSON_AddArrayToObject(o, "sources")) || !(src = cJSON_CreateObject()) || !cJSON_AddItemToArray(srcs, src)) break;
    if (source) {
      const cJSON *item;
      int bad = 0;
      cJSON_ArrayForEach(item, source) {
        cJSON *dup = cJSON_Duplicate(item, 1);
        if (!dup || !cJSON_AddItemToObject(src, item->string, dup)) { cJSON_Delete(dup); bad = 1; break; }
      }
      if (bad) break;
    }
    if (add_strn(src, "quote", c->t.s + t0->off, t1->off + t1->len - t0->off)) break;
    if (!cJSON_AddNumberToObject(src, "offset", t0->off)) break;
    if (c->has_pub && !cJSON_GetObjectItemCaseSensitive(src, "published") && add_str(src, "published", c->pubtext)) break;
    rc = 0;
  }
  dip_free(c->mem, made, c->npeople ? c->npeople : 1);
  return rc;
}

static void coder_free(coder *c) {
  ex_text_free(&c->t);
  if (c->m) DIP_FREE_ARRAY(c->mem, c->m, c->mcap);
  if (c->sent_m) DIP_FREE_ARRAY(c->mem, c->sent_m, c->t.nsent + 1);
  if (c->people) DIP_FREE_ARRAY(c->mem, c->people, c->peoplecap);
  if (c->ev) DIP_FREE_ARRAY(c->mem, c->ev, c->evcap);
}

int dip_extract(dip_dataset *ds, const ex_lexicon *lx, const char *text, size_t n, const char *published,
                const cJSON *source, cJSON **doc, char *err, size_t errsize) {
  return dip_extract_for(ds, ds, lx, text, n, published, source, doc, err, errsize);
}

int dip_extract_for(dip_dataset *ds, dip_dataset *base, const ex_lexicon *lx, const char *text, size_t n,
                    const char *published, const cJSON *source, cJSON **doc, char *err, size_t errsize) {
  coder c;
  int rc = DIP_OK;
  uint32_t nsent;
  *doc = NULL;
  memset(&c, 0, sizeof c);
  c.ds = ds;
  c.base = base;
  c.lx = lx;
  c.mem = &ds->mem;
  if (lx->ds != (const void *)ds || lx->generation != ds->generation) {
    snprintf(err, errsize, "the extractor's names are out of date: build it again");
    return DIP_EINVAL;
  }
  if (published) {
    dip_span span;
    const char *why;
    size_t pn = strlen(published);
    if (pn != 10 || dip_date_parse(published, pn, &span, &why)) {
      snprintf(err, errsize, "published: expected a day YYYY-MM-DD, got '%.40s'%s%s", published, pn == 10 ? ": " : "",
               pn == 10 ? why : "");
      return DIP_EINVAL;
    }
    c.pub = span.lo / 86400;
    c.has_pub = 1;
    snprintf(c.pubtext, sizeof c.pubtext, "%s", published);
  }
  if (n > EX_MAX_TEXT) {
    snprintf(err, errsize, "text: longer than %zu bytes", (size_t)EX_MAX_TEXT);
    return DIP_EINVAL;
  }
  if (!dip_utf8_valid(text, n)) {
    size_t bad = 0;
    while (bad < n && dip_utf8_valid(text, bad + 1)) bad++;
    snprintf(err, errsize, "text: not UTF-8 (near byte %zu)", bad);
    return DIP_EINVAL;
  }
  c.w_state = ds->words[W_STATE];
  c.w_org = ds->words[W_ORGANIZATION];
  c.w_position = ds->words[W_POSITION];
  c.w_person = dip_strtab_find(&ds->strs, "person", 6);
  if (ex_text_split(&c.t, c.mem, text, n)) rc = oom(&c);
  nsent = c.t.nsent;
  if (!rc && !(c.sent_m = dip_alloc_array(c.mem, (size_t)nsent + 1, sizeof *c.sent_m))) rc = oom(&c);
  for (uint32_t s = 0; !rc && s < nsent; s++) {
    c.sent_m[s] = c.nm;
    if (scan_sentence(&c, s)) rc = oom(&c);
  }
  if (!rc) c.sent_m[nsent] = c.nm;
  for (uint32_t s = 0; !rc && s < nsent; s++)
    if (read_sentence(&c, c.sent_m[s], c.sent_m[s + 1])) rc = oom(&c);
  if (!rc) resolve_surnames(&c);
  for (uint32_t s = 0; !rc && s < nsent; s++)
    if (code_sentence(&c, s, c.sent_m[s], c.sent_m[s + 1])) rc = oom(&c);
  if (!rc) merge_events(&c);
  if (!rc) {
    cJSON *d = cJSON_CreateObject();
    if (!d || !cJSON_AddStringToObject(d, "format", "diplomacy") || !cJSON_AddNumberToObject(d, "version", 1) ||
        build_doc(&c, source, d)) {
      cJSON_Delete(d);
      rc = oom(&c);
    } else {
      *doc = d;
    }
  }
  if (rc) snprintf(err, errsize, "%s", c.err);
  coder_free(&c);
  return rc;
}
