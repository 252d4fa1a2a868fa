/* checked.c: the record of snapshots checked whole (see checked.h) */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "checked.h"

#if defined(CLOCK_REALTIME_COARSE)
#define FILE_CLOCK CLOCK_REALTIME_COARSE /* the clock Linux stamps files with */
#else
#define FILE_CLOCK CLOCK_REALTIME
#endif

/* The folder of the record (made if missing when make is set); 0, or -1 when there is none. */
static int folder(char *out, size_t size, int make) {
  const char *dir = getenv("DIPLOMACY_CACHE_DIR"), *base;
  int n;
  if (dir) {
    if (!*dir) return -1;
    n = snprintf(out, size, "%s", dir);
  } else if ((base = getenv("XDG_CACHE_HOME")) && *base == '/') {
    n = snprintf(out, size, "%s/diplomacy", base);
  } else if ((base = getenv("HOME")) && *base == '/') {
    char parent[4096];
    if (snprintf(parent, sizeof parent, "%s/.cache", base) >= (int)sizeof parent) return -1;
    if (make && mkdir(parent, 0700) != 0 && errno != EEXIST) return -1;
    n = snprintf(out, size, "%s/.cache/diplomacy", base);
  } else {
    return -1;
  }
  if (n < 0 || (size_t)n >= size) return -1;
  if (make && mkdir(out, 0700) != 0 && errno != EEXIST) return -1;
  return 0;
}

/* The record's file name for st, and the line it must hold. */
static int entry(const struct stat *st, unsigned version, int make, char *path, size_t psize, char *line, size_t lsize) {
  char dir[4096];
  int n;
  if (folder(dir, sizeof dir, make)) return -1;
  n = snprintf(path, psize, "%s/checked-%llx-%llx", dir, (unsigned long long)st->st_dev, (unsigned long long)st->st_ino);
  if (n < 0 || (size_t)n >= psize) return -1;
  n = snprintf(line, lsize, "diplomacy snapshot checked whole, format %u: size %lld, modified %lld.%09ld, changed %lld.%09ld\n",
               version, (long long)st->st_size, (long long)st->st_mtim.tv_sec, (long)st->st_mtim.tv_nsec,
               (long long)st->st_ctim.tv_sec, (long)st->st_ctim.tv_nsec);
  return n < 0 || (size_t)n >= lsize ? -1 : 0;
}

int dip_checked_known(const struct stat *st, unsigned version) {
  char path[4200], line[256], have[256];
  FILE *f;
  size_t n;
  if (!S_ISREG(st->st_mode) || entry(st, version, 0, path, sizeof path, line, sizeof line)) return 0;
  if (!(f = fopen(path, "rb"))) return 0;
  n = fread(have, 1, sizeof have - 1, f);
  fclose(f);
  have[n] = '\0';
  return strcmp(have, line) == 0;
}

static int before(const struct timespec *a, const struct timespec *b) {
  return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

void dip_checked_record(const struct stat *st, unsigned version, int wait) {
  char where[4200], line[256], tmp[4300];
  struct timespec now;
  FILE *f;
  int ok;
  if (!S_ISREG(st->st_mode) || entry(st, version, 1, where, sizeof where, line, sizeof line)) return;
  for (int tries = 0;; tries++) {
    if (clock_gettime(FILE_CLOCK, &now) != 0) return;
    if (before(&st->st_ctim, &now)) break;
    if (!wait || tries >= 50) return; /* changed in this tick (or stamped in the future) */
    nanosleep(&(struct timespec){0, 1000000}, NULL);
  }
  if (snprintf(tmp, sizeof tmp, "%s.%ld", where, (long)getpid()) >= (int)sizeof tmp) return;
  if (!(f = fopen(tmp, "wb"))) return;
  ok = fputs(line, f) >= 0;
  if (fclose(f) != 0) ok = 0;
  if (!ok || rename(tmp, where) != 0) remove(tmp);
}
