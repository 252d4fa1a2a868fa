-- bench/sql/duckdb-load.sql: the generator's flat tables into an in-memory
-- DuckDB database. Run by bench/duckdb.mjs (from node, @duckdb/node-api) in
-- the data directory, timed from the first statement to the last. Columns
-- are given, so nothing is sniffed; no quoting (the generator never quotes);
-- an empty field is NULL. No indexes: DuckDB scans and hash-joins.
SET preserve_insertion_order = false;

CREATE TABLE places AS FROM read_csv('places.tsv', delim = '\t', header = true, quote = '', escape = '',
  columns = {'id': 'VARCHAR', 'name': 'VARCHAR', 'kind': 'VARCHAR', 'within': 'VARCHAR',
             'lat': 'DOUBLE', 'lon': 'DOUBLE', 'country': 'VARCHAR'});
CREATE TABLE actors AS FROM read_csv('actors.tsv', delim = '\t', header = true, quote = '', escape = '',
  columns = {'id': 'VARCHAR', 'name': 'VARCHAR', 'kind': 'VARCHAR', 'country': 'VARCHAR'});
CREATE TABLE relations AS FROM read_csv('relations.tsv', delim = '\t', header = true, quote = '', escape = '',
  columns = {'actor': 'VARCHAR', 'type': 'VARCHAR', 'target': 'VARCHAR', 'title': 'VARCHAR',
             'start': 'VARCHAR', 'end': 'VARCHAR'});
CREATE TABLE events AS FROM read_csv('events.tsv', delim = '\t', header = true, quote = '', escape = '',
  columns = {'id': 'VARCHAR', 'type': 'VARCHAR', 'title': 'VARCHAR', 'start': 'VARCHAR', 'end': 'VARCHAR',
             'place': 'VARCHAR', 'status': 'VARCHAR', 'start_day': 'DATE', 'end_day': 'DATE'});
CREATE TABLE participants AS FROM read_csv('participants.tsv', delim = '\t', header = true, quote = '', escape = '',
  columns = {'event': 'VARCHAR', 'actor': 'VARCHAR', 'role': 'VARCHAR', 'side': 'VARCHAR'});
