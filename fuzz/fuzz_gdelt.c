/* fuzz_gdelt.c: libFuzzer target: any bytes as a GDELT export, imported and queried (fuzz_import.h) */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_import(data, size, DIP_FORMAT_GDELT);
}
