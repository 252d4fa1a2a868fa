/* fuzz_import.h: the importer targets' one body: any bytes as a file of one format, imported into an
   empty dataset (dyads merged) and into one that holds objects (dyads apart), then queried */
#ifndef DIP_FUZZ_IMPORT_H
#define DIP_FUZZ_IMPORT_H

#include "fuzz_common.h"
#include "import.h"

static const char *const fuzz_import_base =
  "{\"format\": \"diplomacy\", \"version\": 1, \"actors\": [{\"id\": \"USA\", \"name\": \"United States\", \"kind\": \"state\"},"
  " {\"id\": \"RUS\", \"name\": \"Russia\", \"kind\": \"state\"}], \"places\": [{\"id\": \"USA\", \"name\": \"United States\"}]}";

static inline int fuzz_import(const uint8_t *data, size_t size, int format) {
  char path[64], err[600];
  int code, fd;
  if (!size) return 0;
  fd = fuzz_file(data, size, path, sizeof path);
  for (int round = 0; round < 2; round++) {
    dip_dataset *ds = round ? dip_decode(fuzz_import_base, strlen(fuzz_import_base), NULL, NULL, NULL, err, sizeof err, &code)
                            : dip_new(NULL, NULL);
    dip_import im;
    if (!ds) abort();
    dip_import_init(&im, ds);
    im.format = format;
    im.merge_dyads = round == 0;
    if (dip_import_run(&im, path) == DIP_OK) fuzz_exercise(ds);
    dip_import_free(&im);
    dip_close(ds);
  }
  close(fd);
  return 0;
}

#endif
