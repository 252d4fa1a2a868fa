/* fuzz_icews.c: libFuzzer target: any bytes as an ICEWS file, imported into an empty dataset and into one with objects, then queried */
#include "fuzz_common.h"
#include "import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const base =
  "{\"format\": \"diplomacy\", \"version\": 1, \"actors\": [{\"id\": \"USA\", \"name\": \"United States\", \"kind\": \"state\"},"
  " {\"id\": \"RUS\", \"name\": \"Russia\", \"kind\": \"state\"}], \"places\": [{\"id\": \"USA\", \"name\": \"United States\"}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64], err[600];
  int code, fd;
  if (!size) return 0;
  fd = fuzz_file(data, size, path, sizeof path);
  for (int round = 0; round < 2; round++) {
    dip_dataset *ds = round ? dip_decode(base, strlen(base), NULL, NULL, NULL, err, sizeof err, &code) : dip_new(NULL, NULL);
    dip_import im;
    if (!ds) abort();
    dip_import_init(&im, ds);
    im.format = DIP_FORMAT_ICEWS;
    im.merge_dyads = round == 0;
    if (dip_import_run(&im, path) == DIP_OK) fuzz_exercise(ds);
    dip_import_free(&im);
    dip_close(ds);
  }
  close(fd);
  return 0;
}
