-- bench/sql/duckdb-queries.sql: the query workloads for DuckDB over the
-- tables of duckdb-load.sql; the same questions as sqlite-queries.sql (read
-- its header), in DuckDB's dialect. Each query follows a "-- name:" line;
-- bench/duckdb.mjs prepares it, binds the named parameters (all VARCHAR; the
-- dates are cast in the SQL) and reads every row.

-- name: meetings
SELECT e.id, e.type, e.start
FROM events e
WHERE e.id IN (SELECT event FROM participants WHERE side = $a
               INTERSECT
               SELECT event FROM participants WHERE side = $b)
  AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
  AND e.status NOT IN ('cancelled', 'denied')
ORDER BY e.start_day, e.id;

-- name: meetings_window
SELECT e.id, e.type, e.start
FROM events e
WHERE e.id IN (SELECT event FROM participants WHERE side = $a
               INTERSECT
               SELECT event FROM participants WHERE side = $b)
  AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
  AND e.status NOT IN ('cancelled', 'denied')
  AND e.start_day <= $to::DATE AND e.end_day >= $from::DATE
ORDER BY e.start_day, e.id;

-- name: partners
SELECT q.side AS partner, count(DISTINCT q.event) AS n, min(e.start_day) AS first, max(e.start_day) AS last
FROM participants p
JOIN events e ON e.id = p.event
JOIN participants q ON q.event = p.event
WHERE p.side = $a AND q.side <> $a
  AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
  AND e.status NOT IN ('cancelled', 'denied')
GROUP BY q.side
ORDER BY n DESC, partner;

-- name: venues
SELECT e.place, count(*) AS n
FROM events e
WHERE e.id IN (SELECT event FROM participants WHERE side = $a
               INTERSECT
               SELECT event FROM participants WHERE side = $b)
  AND e.type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
  AND e.status NOT IN ('cancelled', 'denied')
  AND e.place IS NOT NULL
GROUP BY e.place
ORDER BY n DESC, e.place;

-- name: events_window
SELECT e.id, e.type, e.start
FROM events e
WHERE e.start_day <= $to::DATE AND e.end_day >= $from::DATE
ORDER BY e.start_day, e.id;

-- name: network_edges
WITH m AS (
  SELECT id FROM events
  WHERE type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
    AND status NOT IN ('cancelled', 'denied')
    AND start_day <= $to::DATE AND end_day >= $from::DATE),
s AS (
  SELECT DISTINCT p.event, p.side
  FROM m JOIN participants p ON p.event = m.id
  JOIN actors a ON a.id = p.side AND a.kind = 'state')
SELECT x.side AS a, y.side AS b, count(*) AS weight
FROM s x JOIN s y ON y.event = x.event AND x.side < y.side
GROUP BY x.side, y.side
ORDER BY weight DESC, a, b;

-- name: network_nodes
WITH m AS (
  SELECT id FROM events
  WHERE type IN ('meeting', 'talks', 'negotiation', 'summit', 'visit', 'call', 'conference')
    AND status NOT IN ('cancelled', 'denied')
    AND start_day <= $to::DATE AND end_day >= $from::DATE)
SELECT DISTINCT p.side
FROM m JOIN participants p ON p.event = m.id
JOIN actors a ON a.id = p.side AND a.kind = 'state'
ORDER BY p.side;
