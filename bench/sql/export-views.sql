-- bench/sql/export-views.sql: DuckDB views over a folder written by
-- ds:export(dir, {format = "csv", partition = "year"}), run in that folder.
-- hive_partitioning reads the year from the folder names (events/year=2010/),
-- so a filter on year skips whole folders. Columns are given, nothing is
-- sniffed; the files are RFC 4180 CSV (titles and names may be quoted).
CREATE OR REPLACE VIEW events AS FROM read_csv('events/*/*.csv', header = true, hive_partitioning = true,
  columns = {'event': 'VARCHAR', 'type': 'VARCHAR', 'title': 'VARCHAR', 'start': 'VARCHAR', 'end': 'VARCHAR',
             'start_utc': 'BIGINT', 'end_utc': 'BIGINT', 'start_day': 'DATE', 'end_day': 'DATE',
             'place': 'VARCHAR', 'status': 'VARCHAR', 'meeting': 'BOOLEAN', 'cameo': 'VARCHAR'});
CREATE OR REPLACE VIEW participants AS FROM read_csv('participants/*/*.csv', header = true, hive_partitioning = true,
  columns = {'event': 'VARCHAR', 'k': 'INTEGER', 'actor': 'VARCHAR', 'role': 'VARCHAR', 'side': 'VARCHAR'});
CREATE OR REPLACE VIEW stands AS FROM read_csv('stands/*/*.csv', header = true, hive_partitioning = true,
  columns = {'event': 'VARCHAR', 'k': 'INTEGER', 'side': 'VARCHAR', 'actor': 'VARCHAR', 'by_membership': 'BOOLEAN'});
CREATE OR REPLACE VIEW actors AS FROM read_csv('actors.csv', header = true,
  columns = {'actor': 'VARCHAR', 'name': 'VARCHAR', 'kind': 'VARCHAR', 'country': 'VARCHAR'});
CREATE OR REPLACE VIEW places AS FROM read_csv('places.csv', header = true,
  columns = {'place': 'VARCHAR', 'name': 'VARCHAR', 'kind': 'VARCHAR', 'within': 'VARCHAR', 'country': 'VARCHAR',
             'lat': 'DOUBLE', 'lon': 'DOUBLE'});
CREATE OR REPLACE VIEW place_within AS FROM read_csv('place_within.csv', header = true,
  columns = {'place': 'VARCHAR', 'ancestor': 'VARCHAR'});
