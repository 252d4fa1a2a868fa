/* fuzz_snapshot.c: libFuzzer target: any bytes as a snapshot file, and queries on what opens */
#include "fuzz_common.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64], err[600];
  int code, fd = fuzz_file(data, size, path, sizeof path);
  dip_dataset *ds = dip_snapshot_load(path, NULL, NULL, DIP_SNAPSHOT_CHECK_ALL, err, sizeof err, &code);
  close(fd);
  if (ds) {
    fuzz_exercise(ds);
    /* what opened takes new objects like any dataset */
    cJSON *o = cJSON_Parse("{\"id\": \"fuzz-added\", \"name\": \"Added\", \"within\": null}");
    uint32_t h;
    if (o) {
      cJSON_DeleteItemFromObject(o, "within");
      dip_add_place(ds, o, &h);
      cJSON_Delete(o);
      fuzz_exercise(ds);
    }
  }
  dip_close(ds);
  return 0;
}
