-- bench/sql/export-queries.sql: meetings, partners and venues (rules 1 to 6
-- of the dataset format) over the tables of a partitioned export, as plain
-- joins and group-bys. Parameters: $a, $b (actor ids), $from_lo and $to_hi
-- (the window's first and last second, UTC; -1e15 and 1e15 for none),
-- $members (rule 4 with membership), $place (a place id, or NULL). Rows come
-- in the order the project gives them. bench/duckdb_check.mjs runs these
-- against the project's answers; docs/scale.md explains them.

-- name: meetings
-- The meetings (rule 1, in the window, at the place) where a participant $a
-- stands for and one $b stands for have different sides (rules 4 and 5).
WITH met AS (
  SELECT DISTINCT sa.event
  FROM stands sa JOIN stands sb ON sb.event = sa.event AND sb.side <> sa.side
  WHERE sa.actor = $a AND sb.actor = $b AND $a <> $b
    AND (NOT sa.by_membership OR $members) AND (NOT sb.by_membership OR $members)
)
SELECT e.event
FROM events e JOIN met USING (event)
WHERE e.meeting AND e.end_utc >= $from_lo AND e.start_utc <= $to_hi
  AND ($place IS NULL OR e.place IN (SELECT place FROM place_within WHERE ancestor = $place))
ORDER BY e.start_utc, e.event;

-- name: partners
-- Every actor meeting $a, with the number of meetings and the start (as
-- written) of the first and the last, in start-then-id order.
WITH met AS (
  SELECT DISTINCT sa.event, sb.actor AS partner
  FROM stands sa JOIN stands sb ON sb.event = sa.event AND sb.side <> sa.side
  WHERE sa.actor = $a AND sb.actor <> $a
    AND (NOT sa.by_membership OR $members) AND (NOT sb.by_membership OR $members)
)
SELECT met.partner, count(*) AS count,
       arg_min(e.start, (e.start_utc, e.event)) AS first,
       arg_max(e.start, (e.start_utc, e.event)) AS last
FROM met JOIN events e USING (event)
WHERE e.meeting AND e.end_utc >= $from_lo AND e.start_utc <= $to_hi
  AND ($place IS NULL OR e.place IN (SELECT place FROM place_within WHERE ancestor = $place))
GROUP BY met.partner
ORDER BY count DESC, met.partner;

-- name: venues
-- The places of the meetings of $a with $b.
WITH met AS (
  SELECT DISTINCT sa.event
  FROM stands sa JOIN stands sb ON sb.event = sa.event AND sb.side <> sa.side
  WHERE sa.actor = $a AND sb.actor = $b AND $a <> $b
    AND (NOT sa.by_membership OR $members) AND (NOT sb.by_membership OR $members)
)
SELECT e.place, count(*) AS count
FROM events e JOIN met USING (event)
WHERE e.meeting AND e.place IS NOT NULL AND e.end_utc >= $from_lo AND e.start_utc <= $to_hi
  AND ($place IS NULL OR e.place IN (SELECT place FROM place_within WHERE ancestor = $place))
GROUP BY e.place
ORDER BY count DESC, e.place;

-- name: venues_any
-- The places of $a's meetings with anyone: some participant $a stands for
-- faces a participant of another side.
WITH met AS (
  SELECT DISTINCT sa.event
  FROM stands sa JOIN participants q ON q.event = sa.event AND q.side <> sa.side
  WHERE sa.actor = $a AND (NOT sa.by_membership OR $members)
)
SELECT e.place, count(*) AS count
FROM events e JOIN met USING (event)
WHERE e.meeting AND e.place IS NOT NULL AND e.end_utc >= $from_lo AND e.start_utc <= $to_hi
  AND ($place IS NULL OR e.place IN (SELECT place FROM place_within WHERE ancestor = $place))
GROUP BY e.place
ORDER BY count DESC, e.place;
