-- The audit as one join: every (feature, school, rule) where the feature is
-- within the rule's distance of the school, a feature at exactly the
-- distance included (ST_DWithin is <=). A gate rule measures from the
-- gates when the school has any and from the campus when it has none, as
-- geo.FromGate says. Distances are geodesic on the WGS84 spheroid
-- (geography, use_spheroid defaults to true).
CREATE TABLE pg_hits AS
SELECT f.id AS feature_id, s.id AS school_id, r.rule_id, ST_Distance(f.geog, s.geog) AS distance_m
FROM rules r
JOIN features f ON f.category = r.category
JOIN schools s ON ST_DWithin(f.geog, s.geog, r.distance_m)
WHERE s.kind = ANY (r.school_kinds) AND (r.measured_from = 'campus' OR s.gates IS NULL)
UNION ALL
SELECT f.id, s.id, r.rule_id, ST_Distance(f.geog, s.gates)
FROM rules r
JOIN features f ON f.category = r.category
JOIN schools s ON ST_DWithin(f.geog, s.gates, r.distance_m)
WHERE s.kind = ANY (r.school_kinds) AND r.measured_from = 'gate';
