/* export_partition.c: the rules' results as flat CSV tables, a folder per year, for DuckDB, Spark or BigQuery */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "export_partition.h"
#include "query.h"

typedef struct table {
  FILE *f;
  char path[4096];
} table;

typedef struct writer {
  dip_dataset *ds;
  const char *dir;
  table events, parts, stands;
  int year;              /* of the open partition */
  uint32_t *stamp, stampv;
  dip_partition_counts *counts;
  int failed;            /* an error code, ds->err set */
} writer;

static int io_fail(writer *w, const char *path) {
  if (!w->failed) w->failed = dip_set_err(w->ds, DIP_EIO, "%s: %s", path, strerror(errno ? errno : EIO));
  return w->failed;
}

/* A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
static void field(FILE *f, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  putc('"', f);
  for (; *s; s++) {
    if (*s == '"') putc('"', f);
    putc(*s, f);
  }
  putc('"', f);
}

static void str_field(FILE *f, const dip_dataset *ds, uint32_t s) { field(f, dip_str(ds, s)); }

static void day_field(FILE *f, int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int y, m, d;
  dip_civil_from_days(days, &y, &m, &d);
  fprintf(f, "%04d-%02d-%02d", y, m, d);
}

static int year_of(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int y, m, d;
  dip_civil_from_days(days, &y, &m, &d);
  return y;
}

static int open_table(writer *w, table *t, const char *path) {
  snprintf(t->path, sizeof t->path, "%s", path);
  errno = 0;
  if (!(t->f = fopen(path, "w"))) return io_fail(w, path);
  return 0;
}

static int close_table(writer *w, table *t) {
  int bad;
  if (!t->f) return 0;
  bad = ferror(t->f);
  if (fclose(t->f) != 0) bad = 1;
  t->f = NULL;
  if (bad) return io_fail(w, t->path);
  return 0;
}

static int make_dir(writer *w, const char *path) {
  errno = 0;
  if (mkdir(path, 0755) != 0 && errno != EEXIST) return io_fail(w, path);
  return 0;
}

/* Opens the three tables of the partition of year y. */
static int open_partition(writer *w, int y) {
  static const char *const names[3] = {"events", "participants", "stands"};
  static const char *const heads[3] = {
      "event,type,title,start,end,start_utc,end_utc,start_day,end_day,place,status,meeting,cameo\n",
      "event,k,actor,role,side\n", "event,k,side,actor,by_membership\n"};
  table *tables[3] = {&w->events, &w->parts, &w->stands};
  char path[4096];
  for (int i = 0; i < 3; i++) {
    if (close_table(w, tables[i])) return w->failed;
    snprintf(path, sizeof path, "%s/%s/year=%04d", w->dir, names[i], y);
    if (make_dir(w, path)) return w->failed;
    snprintf(path, sizeof path, "%s/%s/year=%04d/part-0.csv", w->dir, names[i], y);
    if (open_table(w, tables[i], path)) return w->failed;
    fputs(heads[i], tables[i]->f);
  }
  w->year = y;
  return 0;
}

static int overlaps(dip_span a, dip_span b) { return a.lo <= b.hi && b.lo <= a.hi; }

/* One event: its row, its participants' rows, and the stands rows of each. */
static void write_event(writer *w, uint32_t e) {
  dip_dataset *ds = w->ds;
  const dip_index *x = ds->index;
  const dip_event *ev = &ds->events[e];
  dip_span span = dip_event_span(ds, ev), at = ds->dates[ev->start].span;
  unsigned st = ev->status == DIP_STATUS_UNSET ? DIP_HELD : ev->status;
  int meeting = dip_is_meeting_type(ds, ev->type) && st != DIP_CANCELLED && st != DIP_DENIED;
  FILE *f = w->events.f;
  str_field(f, ds, ev->id);
  putc(',', f);
  str_field(f, ds, ev->type);
  putc(',', f);
  str_field(f, ds, ev->title);
  putc(',', f);
  str_field(f, ds, ds->dates[ev->start].text);
  putc(',', f);
  if (ev->end != DIP_NONE) str_field(f, ds, ds->dates[ev->end].text);
  fprintf(f, ",%lld,%lld,", (long long)span.lo, (long long)span.hi);
  day_field(f, span.lo);
  putc(',', f);
  day_field(f, span.hi);
  putc(',', f);
  if (ev->place != DIP_NONE) str_field(f, ds, ds->places[ev->place].id);
  fprintf(f, ",%s,%s,", dip_status_names[st], meeting ? "true" : "false");
  str_field(f, ds, ev->cameo);
  putc('\n', f);
  for (uint32_t k = 0; k < ev->nparts; k++) {
    const dip_participant *p = &ds->parts[ev->parts + k];
    uint32_t ip = dip_ipart(x, e, k), side = x->side[ip];
    const char *side_id = dip_str(ds, ds->actors[side].id);
    f = w->parts.f;
    str_field(f, ds, ev->id);
    fprintf(f, ",%u,", k);
    str_field(f, ds, ds->actors[p->actor].id);
    putc(',', f);
    str_field(f, ds, p->role);
    putc(',', f);
    field(f, side_id);
    putc('\n', f);
    /* rule 4: the stands set, then the members (at the date) of each actor in it */
    if (++w->stampv == 0) {
      memset(w->stamp, 0, (size_t)(ds->nactors ? ds->nactors : 1) * sizeof *w->stamp);
      w->stampv = 1;
    }
    for (int membership = 0; membership < 2; membership++) {
      for (uint32_t s = x->stands.off[ip]; s < x->stands.off[ip + 1]; s++) {
        uint32_t a = x->stands.val[s];
        uint32_t from = membership ? x->members.off[a] : 0, to = membership ? x->members.off[a + 1] : 1;
        for (uint32_t m = from; m < to; m++) {
          uint32_t who = a;
          if (membership) {
            const dip_relation *rel = &ds->relations[x->members.val[m]];
            if (!overlaps(dip_relation_span(ds, rel), at)) continue;
            who = rel->actor;
          }
          if (w->stamp[who] == w->stampv) continue;
          w->stamp[who] = w->stampv;
          f = w->stands.f;
          str_field(f, ds, ev->id);
          fprintf(f, ",%u,", k);
          field(f, side_id);
          putc(',', f);
          str_field(f, ds, ds->actors[who].id);
          fputs(membership ? ",1\n" : ",0\n", f);
          w->counts->stands++;
          w->counts->by_membership += (uint64_t)membership;
        }
      }
    }
  }
}

/* Whether path is a directory with nothing in it (1), absent (0), or neither (-1). */
static int dir_state(const char *path) {
  struct stat st;
  DIR *d;
  struct dirent *ent;
  int empty = 1;
  if (stat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode) || !(d = opendir(path))) return -1;
  while ((ent = readdir(d)))
    if (strcmp(ent->d_name, ".") && strcmp(ent->d_name, "..")) empty = 0;
  closedir(d);
  return empty ? 1 : -1;
}

static int write_objects(writer *w) {
  dip_dataset *ds = w->ds;
  char path[4096];
  table t = {NULL, {0}};
  FILE *f;
  snprintf(path, sizeof path, "%s/actors.csv", w->dir);
  if (open_table(w, &t, path)) return w->failed;
  f = t.f;
  fputs("actor,name,kind,country\n", f);
  for (uint32_t a = 0; a < ds->nactors; a++) {
    const dip_actor *ac = &ds->actors[a];
    str_field(f, ds, ac->id);
    putc(',', f);
    str_field(f, ds, ac->name);
    putc(',', f);
    str_field(f, ds, ac->kind);
    putc(',', f);
    str_field(f, ds, ac->country);
    putc('\n', f);
  }
  if (close_table(w, &t)) return w->failed;
  snprintf(path, sizeof path, "%s/places.csv", w->dir);
  if (open_table(w, &t, path)) return w->failed;
  f = t.f;
  fputs("place,name,kind,within,country,lat,lon\n", f);
  for (uint32_t p = 0; p < ds->nplaces; p++) {
    const dip_place *pl = &ds->places[p];
    str_field(f, ds, pl->id);
    putc(',', f);
    str_field(f, ds, pl->name);
    putc(',', f);
    str_field(f, ds, pl->kind);
    putc(',', f);
    if (pl->within != DIP_NONE) str_field(f, ds, ds->places[pl->within].id);
    putc(',', f);
    str_field(f, ds, pl->country);
    putc(',', f);
    if (pl->has_lat) fprintf(f, "%.15g", pl->lat);
    putc(',', f);
    if (pl->has_lon) fprintf(f, "%.15g", pl->lon);
    putc('\n', f);
  }
  if (close_table(w, &t)) return w->failed;
  /* the place option (rule 6): a place and every place it is within */
  snprintf(path, sizeof path, "%s/place_within.csv", w->dir);
  if (open_table(w, &t, path)) return w->failed;
  f = t.f;
  fputs("place,ancestor\n", f);
  for (uint32_t p = 0; p < ds->nplaces; p++)
    for (uint32_t y = p, hops = 0; y != DIP_NONE && hops <= ds->nplaces; y = ds->places[y].within, hops++) {
      str_field(f, ds, ds->places[p].id);
      putc(',', f);
      str_field(f, ds, ds->places[y].id);
      putc('\n', f);
    }
  return close_table(w, &t);
}

int dip_export_partitioned(dip_dataset *ds, const char *dir, int by, dip_partition_counts *counts) {
  writer w;
  char path[4096];
  int rc, state;
  memset(counts, 0, sizeof *counts);
  if (by != DIP_PARTITION_YEAR) return dip_set_err(ds, DIP_EINVAL, "unknown partition (expected year)");
  if (strlen(dir) > 3000) return dip_set_err(ds, DIP_EINVAL, "%.80s...: path too long", dir);
  if ((state = dir_state(dir)) < 0)
    return dip_set_err(ds, DIP_EIO, "%s: exists and is not an empty directory", dir);
  /* merged, so that ranks follow the start: each year's events come together */
  if ((rc = dip_index_update(ds))) return rc;
  memset(&w, 0, sizeof w);
  w.ds = ds;
  w.dir = dir;
  w.year = -1;
  w.counts = counts;
  if (!(w.stamp = calloc(ds->nactors ? ds->nactors : 1, sizeof *w.stamp)))
    return dip_set_err(ds, DIP_ENOMEM, "out of memory");
  if (!state && make_dir(&w, dir)) goto done;
  for (int i = 0; i < 3; i++) {
    static const char *const names[3] = {"events", "participants", "stands"};
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (make_dir(&w, path)) goto done;
  }
  if (write_objects(&w)) goto done;
  for (uint32_t r = 0; r < ds->nevents && !w.failed; r++) {
    uint32_t e = ds->index->order[r];
    int y = year_of(ds->dates[ds->events[e].start].span.lo);
    if (y != w.year) {
      if (open_partition(&w, y)) break;
      counts->partitions++;
    }
    write_event(&w, e);
    counts->events++;
    counts->participants += ds->events[e].nparts;
  }
  close_table(&w, &w.events);
  close_table(&w, &w.parts);
  close_table(&w, &w.stands);
done:
  free(w.stamp);
  return w.failed ? w.failed : DIP_OK;
}
