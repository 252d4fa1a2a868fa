-- bench/sql/sqlite-queries.sql: the query workloads for SQLite, as a user who
-- knows SQL would write them over the flat tables (sqlite-load.sql). Each
-- query follows a "-- name:" line; bench/sqlite.py runs them through Python's
-- sqlite3 module with named parameters and fetches every row.
--
-- The question they answer is the dyadic one: participants.side holds the
-- effective side of each participant (rule 3, precomputed by the generator),
-- and A meets B at a meeting where some participant's side is A and some
-- other's is B. A meeting: an event of the meeting class, not cancelled or
-- denied (rule 1). A window [from, to] matches an event whose days
-- [start_day, end_day] overlap it (rule 6). An event without a place has
-- place = '' (the CLI imports an empty field as an empty string).

-- name: meetings
SELECT e.id, e.type, e.start
FROM events e
WHERE e.id IN (SELECT event FROM participants WHERE side = :a
               INTERSECT
               SELECT event FROM participants WHERE side = :b)
  AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
  AND e.status NOT IN ('cancelled', 'denied')
ORDER BY e.start_day, e.id;

-- name: meetings_window
SELECT e.id, e.type, e.start
FROM events e
WHERE e.id IN (SELECT event FROM participants WHERE side = :a
               INTERSECT
               SELECT event FROM participants WHERE side = :b)
  AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
  AND e.status NOT IN ('cancelled', 'denied')
  AND e.start_day <= :to AND e.end_day >= :from
ORDER BY e.start_day, e.id;

-- name: partners
WITH m AS (
  SELECT DISTINCT p.event, e.start_day
  FROM participants p JOIN events e ON e.id = p.event
  WHERE p.side = :a
    AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
    AND e.status NOT IN ('cancelled', 'denied'))
SELECT q.side AS partner, count(DISTINCT q.event) AS n, min(m.start_day) AS first, max(m.start_day) AS last
FROM m JOIN participants q ON q.event = m.event
WHERE q.side <> :a
GROUP BY q.side
ORDER BY n DESC, partner;

-- name: venues
SELECT e.place, count(*) AS n
FROM events e
WHERE e.id IN (SELECT event FROM participants WHERE side = :a
               INTERSECT
               SELECT event FROM participants WHERE side = :b)
  AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
  AND e.status NOT IN ('cancelled', 'denied')
  AND e.place <> ''
GROUP BY e.place
ORDER BY n DESC, e.place;

-- name: events_window
SELECT e.id, e.type, e.start
FROM events e
WHERE e.start_day <= :to AND e.end_day >= :from
ORDER BY e.start_day, e.id;

-- name: network_edges
-- The one-year network of states: an edge for each pair of states that are
-- sides at a common meeting, weighted by the number of such meetings.
WITH m AS (
  SELECT id FROM events
  WHERE type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
    AND status NOT IN ('cancelled', 'denied')
    AND start_day <= :to AND end_day >= :from),
s AS (
  SELECT DISTINCT p.event, p.side
  FROM m JOIN participants p ON p.event = m.id
  JOIN actors a ON a.id = p.side AND a.kind = 'state')
SELECT x.side AS a, y.side AS b, count(*) AS weight
FROM s x JOIN s y ON y.event = x.event AND x.side < y.side
GROUP BY x.side, y.side
ORDER BY weight DESC, a, b;

-- name: network_nodes
-- Its nodes: every state that is a side at one of those meetings
-- (MATERIALIZED: otherwise the planner walks every state's events).
WITH m AS MATERIALIZED (
  SELECT id FROM events
  WHERE type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
    AND status NOT IN ('cancelled', 'denied')
    AND start_day <= :to AND end_day >= :from)
SELECT DISTINCT p.side
FROM m JOIN participants p ON p.event = m.id
JOIN actors a ON a.id = p.side AND a.kind = 'state'
ORDER BY p.side;
