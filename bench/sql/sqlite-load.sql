-- bench/sql/sqlite-load.sql: the generator's flat tables into an SQLite file.
-- Run by bench/sqlite.py as `sqlite3 FILE < sqlite-load.sql` in the data
-- directory; timed from start to exit (the CLI's .import is the fastest
-- loader SQLite ships). A bulk load: no journal, no fsync.
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;

CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT, kind TEXT, within TEXT, lat REAL, lon REAL, country TEXT);
CREATE TABLE actors (id TEXT PRIMARY KEY, name TEXT, kind TEXT, country TEXT);
CREATE TABLE relations (actor TEXT, type TEXT, target TEXT, title TEXT, start TEXT, "end" TEXT);
CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT, title TEXT, start TEXT, "end" TEXT,
                     place TEXT, status TEXT, start_day TEXT, end_day TEXT);
CREATE TABLE participants (event TEXT, actor TEXT, role TEXT, side TEXT);

-- ascii mode with tab and newline separators: no quote processing (the
-- generator never quotes); an empty field is imported as ''.
.mode ascii
.separator "\t" "\n"
.import --skip 1 places.tsv places
.import --skip 1 actors.tsv actors
.import --skip 1 relations.tsv relations
.import --skip 1 events.tsv events
.import --skip 1 participants.tsv participants

-- The indexes the workloads need: a side's events (covering), an event's
-- sides (covering), events by days (a window reads start_day and end_day
-- from the index and fetches only the rows that match).
CREATE INDEX participants_side ON participants (side, event);
CREATE INDEX participants_event ON participants (event, side);
CREATE INDEX events_days ON events (start_day, end_day);
