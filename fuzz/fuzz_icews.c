/* fuzz_icews.c: libFuzzer target: any bytes as an ICEWS file, imported and queried (fuzz_import.h) */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_import(data, size, DIP_FORMAT_ICEWS);
}
