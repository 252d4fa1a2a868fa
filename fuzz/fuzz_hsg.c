/* fuzz_hsg.c: libFuzzer target: any bytes as an Office of the Historian XML file (visits when it names <visits>, else trips), imported and queried (fuzz_import.h) */
#include "fuzz_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_import(data, size, memmem(data, size, "<visits", 7) ? DIP_FORMAT_HSG_VISITS : DIP_FORMAT_HSG_TRAVELS);
}
