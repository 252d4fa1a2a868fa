/* fuzz_json.c: libFuzzer target: any bytes as a JSON document, and queries on what loads */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char err[600];
  int code;
  dip_dataset *ds = dip_decode((const char *)data, size, "fuzz", NULL, NULL, err, sizeof err, &code);
  if (ds) fuzz_exercise(ds);
  else if (code == DIP_OK) abort(); /* a failure always has its code */
  dip_close(ds);
  return 0;
}
