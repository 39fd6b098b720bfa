-- Judges the questioned pairs by the reference distances (table reference,
-- from scripts/postgis reference). A pair only one side found is a boundary
-- case if PostGIS's distance is within 5 cm of the limit; the reference
-- then says which side is right. A pair whose distances differ by more than
-- 5 cm is safezone's error if safezone is more than 1 mm from the
-- reference. Prints the pairs, then one line: ref_diff_m is the largest
-- difference between safezone and the reference, wrong the number of
-- pairs where safezone is not the side the reference agrees with.
CREATE TEMP TABLE judged AS
SELECT q.*, r.ref_m,
	CASE
		WHEN q.sz_m IS NULL THEN r.ref_m > q.limit_m -- safezone missed it: right if it is outside
		WHEN NOT q.pg_found THEN r.ref_m <= q.limit_m AND abs(q.sz_m - r.ref_m) <= 0.001
		ELSE abs(q.sz_m - r.ref_m) <= 0.001
	END AS safezone_right
FROM questioned q JOIN reference r USING (feature_id, school_id, measured_from);

SELECT format('%s %s %s %s: safezone=%s postgis=%s postgis_least_over_edges=%s reference=%s limit=%s%s',
	CASE WHEN sz_m IS NULL THEN 'only postgis' WHEN NOT pg_found THEN 'only safezone' ELSE 'over 5 cm' END,
	feature_id, school_id, rule_id, coalesce(sz_m::text, '-'), round(pg_m::numeric, 6), round(edge_m::numeric, 6),
	round(ref_m::numeric, 6), limit_m, CASE WHEN safezone_right THEN '' ELSE ' SAFEZONE DISAGREES WITH THE REFERENCE' END)
FROM judged ORDER BY sz_m IS NOT NULL AND pg_found, abs(coalesce(sz_m, 0) - pg_m) DESC, feature_id LIMIT 40;

SELECT format('questioned=%s ref_diff_m=%s wrong=%s boundary_m=%s',
	count(*), coalesce(round(max(abs(sz_m - ref_m))::numeric, 6), 0), count(*) FILTER (WHERE NOT safezone_right),
	coalesce(round(max(abs(pg_m - limit_m)) FILTER (WHERE sz_m IS NULL OR NOT pg_found)::numeric, 6), 0))
FROM judged;
