-- GiST indexes on geography: campuses, gates and the checked features.
CREATE INDEX schools_geog ON schools USING gist (geog);
CREATE INDEX schools_gates ON schools USING gist (gates);
CREATE INDEX features_geog ON features USING gist (geog);
ANALYZE schools;
ANALYZE features;
ANALYZE rules;
