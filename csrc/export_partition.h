/* export_partition.h: the rules' results as flat CSV tables, a folder per year, for DuckDB, Spark or BigQuery */
#ifndef DIP_EXPORT_PARTITION_H
#define DIP_EXPORT_PARTITION_H

#include <stdint.h>
#include "model.h"

enum { DIP_PARTITION_YEAR = 1 };

typedef struct dip_partition_counts {
  uint32_t partitions, events, participants;
  uint64_t stands, by_membership; /* stands rows, and those among them that hold only with membership */
} dip_partition_counts;

/* Writes into dir (created; an existing dir must be empty) actors.csv,
   places.csv, place_within.csv, and per year of the events' starts (UTC)
   events/year=Y/part-0.csv, participants/year=Y/part-0.csv (sides resolved,
   rule 3) and stands/year=Y/part-0.csv (every actor standing for each
   participant, rule 4, by_membership 1 for those that stand only with the
   option members). Returns DIP_OK with counts set, or an error code with
   ds->err "path: what". A failed export may leave part of the files. */
int dip_export_partitioned(dip_dataset *ds, const char *dir, int by, dip_partition_counts *counts);

#endif
