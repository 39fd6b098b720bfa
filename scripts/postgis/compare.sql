-- Compares PostGIS's pairs (pg_hits) with safezone's (sz_hits, from its
-- CSV, distances rounded to the millimetre). Prints one line of name=value
-- figures and the pair with the largest difference, and keeps in the table
-- questioned every pair that only one side found or whose distances differ
-- by more than 5 cm, for scripts/postgis reference to measure again.
--
-- For a questioned pair, pg_m is PostGIS's distance to the same target
-- (computed here when the join did not return the pair) and edge_m the
-- least ST_Distance over every pair of parts (segments, or points):
-- PostGIS's geography distance picks the nearest pair of edges on the
-- sphere and measures only that pair on the spheroid, so where two edges
-- are nearly as near it can return the farther one.
DROP TABLE IF EXISTS cmp, questioned, reference;

CREATE TABLE cmp AS
SELECT feature_id, school_id, rule_id, z.distance_m AS sz_m, p.distance_m AS pg_m
FROM sz_hits z FULL JOIN pg_hits p USING (feature_id, school_id, rule_id);

-- The parts of a geometry: its segments, or its points if it has none.
CREATE FUNCTION pg_temp.parts(g geometry) RETURNS SETOF geometry LANGUAGE sql AS $$
	SELECT geom FROM ST_DumpSegments(g)
	UNION ALL
	SELECT geom FROM ST_DumpPoints(g) WHERE ST_Dimension(g) = 0
$$;

CREATE TABLE questioned AS
SELECT c.feature_id, c.school_id, c.rule_id, r.measured_from, r.distance_m AS limit_m, c.sz_m,
	c.pg_m IS NOT NULL AS pg_found, ST_Distance(f.geog, t.geog) AS pg_m,
	(SELECT min(ST_Distance(a::geography, b::geography))
	 FROM pg_temp.parts(f.geog::geometry) a, pg_temp.parts(t.geog::geometry) b) AS edge_m
FROM cmp c
JOIN features f ON f.id = c.feature_id
JOIN schools s ON s.id = c.school_id
JOIN rules r ON r.rule_id = c.rule_id AND r.category = f.category
CROSS JOIN LATERAL (SELECT CASE WHEN r.measured_from = 'gate' AND s.gates IS NOT NULL THEN s.gates ELSE s.geog END AS geog) t
WHERE c.sz_m IS NULL OR c.pg_m IS NULL OR abs(c.sz_m - c.pg_m) > 0.05;

SELECT format('sz_pairs=%s pg_pairs=%s only_sz=%s only_pg=%s max_diff_m=%s over_5cm=%s within_5cm_max_m=%s',
	count(sz_m), count(pg_m), count(*) FILTER (WHERE pg_m IS NULL), count(*) FILTER (WHERE sz_m IS NULL),
	coalesce(round(max(abs(sz_m - pg_m))::numeric, 4), 0),
	count(*) FILTER (WHERE abs(sz_m - pg_m) > 0.05),
	coalesce(round((max(abs(sz_m - pg_m)) FILTER (WHERE abs(sz_m - pg_m) <= 0.05))::numeric, 4), 0))
FROM cmp;

SELECT format('largest difference: %s %s %s safezone=%s postgis=%s',
	feature_id, school_id, rule_id, sz_m, round(pg_m::numeric, 4))
FROM cmp WHERE sz_m IS NOT NULL AND pg_m IS NOT NULL
ORDER BY abs(sz_m - pg_m) DESC, feature_id LIMIT 1;
