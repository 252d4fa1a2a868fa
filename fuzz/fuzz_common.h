/* fuzz_common.h: what the fuzz targets share: an input as a file, and the queries run on whatever loads */
#ifndef DIP_FUZZ_COMMON_H
#define DIP_FUZZ_COMMON_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "graph.h"
#include "jsonio.h"
#include "model.h"
#include "query.h"

/* The importers and the snapshot reader open paths: the input is put in an
   in-memory file, named through /proc. The descriptor is closed by fuzz_unfile. */
static int fuzz_file(const uint8_t *data, size_t size, char *path, size_t n) {
  int fd = memfd_create("fuzz-input", 0);
  size_t done = 0;
  if (fd < 0) abort();
  while (done < size) {
    ssize_t w = write(fd, data + done, size - done);
    if (w <= 0) abort();
    done += (size_t)w;
  }
  snprintf(path, n, "/proc/self/fd/%d", fd);
  return fd;
}

/* Queries of every kind on a dataset that loaded; then the JSON written from
   it must load again (what is accepted can always be saved and read back). */
static void fuzz_exercise(dip_dataset *ds) {
  dip_query q;
  const char *text;
  size_t len;
  dip_graph *g = NULL;
  dip_query_init(&q);
  if (dip_index_update(ds)) return;
  dip_events(ds, &q);
  for (uint32_t a = 0; a < ds->nactors && a < 3; a++) {
    dip_partners(ds, a, &q);
    dip_venues(ds, a, DIP_NONE, &q);
    dip_affiliations(ds, a, NULL);
    dip_memberships(ds, a, NULL);
    dip_members(ds, a, NULL);
    if (a + 1 < ds->nactors) dip_meetings(ds, a, a + 1, &q);
  }
  q.members = 1;
  if (ds->nactors) dip_partners(ds, 0, &q);
  for (uint32_t e = 0; e < ds->nevents && e < 8; e++)
    for (uint32_t k = 0; k < ds->events[e].nparts; k++) dip_side(ds, e, k);
  for (uint32_t p = 0; p < ds->nplaces && p < 8; p++) dip_place_within(ds, p, 0);
  dip_list_actors(ds, DIP_NONE);
  dip_list_places(ds, DIP_NONE);
  if (dip_network(ds, &q, DIP_NODES_SIDES, DIP_NONE, &g) == DIP_OK) dip_graph_free(g);
  if (dip_encode(ds, &text, &len) == DIP_OK) {
    char err[600];
    int code;
    dip_dataset *back = dip_decode(text, len, "saved", NULL, NULL, err, sizeof err, &code);
    if (!back && code != DIP_ENOMEM) {
      fprintf(stderr, "the JSON saved from an accepted dataset does not load: %s\n", err);
      abort();
    }
    dip_close(back);
  }
}

#endif
