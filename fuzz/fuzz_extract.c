/* fuzz_extract.c: libFuzzer target: any bytes as news text, read by the extractor against the
   world; the document it gives must add to an empty dataset whole (it carries every actor and
   place it names), and that dataset is then queried like every loaded one */
#include "fuzz_common.h"
#include "document.h"
#include "extract.h"
#include "world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dip_dataset *world;
static ex_lexicon lexicon;
static dip_mem lexicon_mem;

/* The world and the patterns, read once from the checkout (make fuzz runs from its root). */
static void setup(void) {
  FILE *f = fopen("lua/diplomacy/extract_patterns.txt", "rb");
  static char patterns[1 << 20];
  size_t n;
  if (!f) abort();
  n = fread(patterns, 1, sizeof patterns, f);
  fclose(f);
  if (!(world = dip_new(NULL, NULL)) || dip_world_load(world, "lua/diplomacy/world.tsv")) abort();
  lexicon_mem.alloc = dip_default_alloc;
  if (ex_lexicon_build(&lexicon, &lexicon_mem, world, patterns, n)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* the first byte picks the publication date: none, a Thursday, the last day of a leap February */
  static const char *const published[] = {NULL, "2021-12-30", "2024-02-29"};
  char err[400];
  cJSON *doc = NULL;
  dip_dataset *base;
  uint32_t added;
  int rc;
  if (!world) setup();
  if (!size) return 0;
  if (!(base = dip_new(NULL, NULL))) abort();
  rc = dip_extract_for(world, base, &lexicon, (const char *)data + 1, size - 1, published[data[0] % 3], NULL, &doc,
                       err, sizeof err);
  if (rc == DIP_OK) {
    rc = dip_add_document(base, doc, &added);
    if (rc != DIP_OK && rc != DIP_ENOMEM) {
      fprintf(stderr, "an extracted document does not add to an empty dataset: %s\n", base->err);
      abort();
    }
    fuzz_exercise(base);
  }
  cJSON_Delete(doc);
  dip_close(base);
  return 0;
}
