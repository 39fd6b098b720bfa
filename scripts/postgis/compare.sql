-- Compares PostGIS's pairs (pg_hits) with safezone's (sz_hits, from its
-- CSV, distances rounded to the millimetre). Prints one line of
-- name=value figures, then every pair only one side found, with the
-- PostGIS distance to the same target and the rule's limit, so a pair at
-- the boundary can be told from a real disagreement.
CREATE TEMP TABLE cmp AS
SELECT feature_id, school_id, rule_id, z.distance_m AS sz_m, p.distance_m AS pg_m
FROM sz_hits z FULL JOIN pg_hits p USING (feature_id, school_id, rule_id);

SELECT format('sz_pairs=%s pg_pairs=%s only_sz=%s only_pg=%s max_diff_m=%s',
	count(sz_m), count(pg_m), count(*) FILTER (WHERE pg_m IS NULL), count(*) FILTER (WHERE sz_m IS NULL),
	coalesce(round(max(abs(sz_m - pg_m))::numeric, 4), 0))
FROM cmp;

-- The pair with the largest difference, for the record.
SELECT format('largest difference: %s %s %s safezone=%s postgis=%s',
	feature_id, school_id, rule_id, sz_m, round(pg_m::numeric, 4))
FROM cmp WHERE sz_m IS NOT NULL AND pg_m IS NOT NULL
ORDER BY abs(sz_m - pg_m) DESC, feature_id LIMIT 1;

SELECT format('only %s: %s %s %s safezone=%s postgis=%s limit=%s measured_from=%s',
	CASE WHEN c.pg_m IS NULL THEN 'safezone' ELSE 'postgis' END,
	c.feature_id, c.school_id, c.rule_id, coalesce(c.sz_m::text, '-'),
	round(ST_Distance(f.geog, CASE WHEN r.measured_from = 'gate' AND s.gates IS NOT NULL THEN s.gates ELSE s.geog END)::numeric, 6),
	r.distance_m, r.measured_from)
FROM cmp c
JOIN features f ON f.id = c.feature_id
JOIN schools s ON s.id = c.school_id
JOIN rules r ON r.rule_id = c.rule_id AND r.category = f.category
WHERE c.sz_m IS NULL OR c.pg_m IS NULL
ORDER BY c.feature_id, c.school_id, c.rule_id
LIMIT 50;
