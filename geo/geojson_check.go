package geo

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// checkGeoJSONFeature validates f as ReadGeoJSON documents and fills in the
// defaults: GeneralSchool, OtherWater and the category Water. Its errors name
// the field and the value but not the feature.
func CheckGeoJSONFeature(f *Feature) error {
	if err := checkGeoJSONProps(f, f.ID != ""); err != nil {
		return err
	}
	return CheckGeoJSONGeometry(f.Kind, f.Geometry)
}

// checkGeoJSONProps is checkGeoJSONFeature without the geometry, for a
// feature whose ID is held apart: hasID says whether it is not empty.
func checkGeoJSONProps(f *Feature, hasID bool) error {
	if !hasID {
		return Invalidf(`id "": must be a non-empty string (properties.id, or the Feature's id)`)
	}
	switch f.Kind {
	case School:
		if f.Category != "" {
			return Invalidf("category %q: must be empty for a school", f.Category)
		}
		if f.SchoolKind == "" {
			f.SchoolKind = GeneralSchool
		} else if !slices.Contains(SchoolKinds, f.SchoolKind) {
			return Invalidf("school_kind %q: must be one of %s", f.SchoolKind, JoinNames(SchoolKinds))
		}
	case Business:
		if _, err := ParseCategory(string(f.Category)); err != nil {
			return err
		}
		if f.Category == Water {
			return Invalidf("category %q: must be a business category; water bodies have kind \"water\"", f.Category)
		}
	case WaterBody:
		if f.Category == "" {
			f.Category = Water
		} else if f.Category != Water {
			return Invalidf("category %q: must be \"water\" or empty for a water body", f.Category)
		}
		if f.WaterKind == "" {
			f.WaterKind = OtherWater
		} else if !slices.Contains(WaterKinds, f.WaterKind) {
			return Invalidf("water_kind %q: must be one of %s", f.WaterKind, JoinNames(WaterKinds))
		}
	default:
		return Invalidf("kind %q: must be one of school, business, water", f.Kind)
	}
	switch {
	case f.Kind != School && f.SchoolKind != "":
		return Invalidf("school_kind %q: only a school has one", f.SchoolKind)
	case f.Kind != WaterBody && f.WaterKind != "":
		return Invalidf("water_kind %q: only a water body has one", f.WaterKind)
	case f.Kind != School && len(f.Gates) > 0:
		return Invalidf("gates: only a school has gates")
	}
	for i, g := range f.Gates {
		if err := g.Validate(); err != nil {
			return fmt.Errorf("gates[%d]: %w", i, err)
		}
	}
	return nil
}

// checkGeoJSONGeometry checks that g is a geometry kind may have, with
// positions in range and polygon rings closed. Paths to a position such as
// "geometry.coordinates[0][3]" are built on the way out, only on error.
func CheckGeoJSONGeometry(kind Kind, g orb.Geometry) error {
	var err error
	switch g := g.(type) {
	case nil:
		return Invalidf("geometry: missing; must be one of %s", wireGeometryTypes)
	case orb.Point:
		return checkGeoJSONPoint(g)
	case orb.LineString, orb.MultiLineString:
		if kind != WaterBody {
			return Invalidf("geometry.type %q: a %s must be a Point, Polygon or MultiPolygon", g.GeoJSONType(), kind)
		}
		if ls, ok := g.(orb.LineString); ok {
			err = checkLine(ls)
		} else {
			err = checkMulti(g.(orb.MultiLineString), checkLine)
		}
	case orb.Polygon:
		err = checkPolygon(g)
	case orb.MultiPolygon:
		err = checkMulti(g, checkPolygon)
	default:
		return Invalidf("geometry %T: must be one of %s", g, wireGeometryTypes)
	}
	if err != nil {
		return fmt.Errorf("geometry.coordinates%w", err)
	}
	return nil
}

// checkGeoJSONPoint checks a Point geometry.
func checkGeoJSONPoint(p orb.Point) error { return (Point{Lat: p[1], Lon: p[0]}).Validate() }

// The check functions below return errors whose text starts with "[i]" or
// ": ", so that callers can prefix the path.

func checkLine(ls orb.LineString) error {
	if len(ls) < 2 {
		return Invalidf(": %d positions: a line must have at least 2", len(ls))
	}
	for i, p := range ls {
		if err := (Point{Lat: p[1], Lon: p[0]}).Validate(); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return nil
}

func checkPolygon(pg orb.Polygon) error {
	if len(pg) == 0 {
		return Invalidf(": no rings: a polygon must have an outer ring")
	}
	for i, r := range pg {
		var err error
		switch {
		case len(r) < 4:
			err = Invalidf(": %d positions: a ring must have at least 4", len(r))
		case r[0] != r[len(r)-1]:
			err = Invalidf(": ring not closed: first position %s and last %s must be equal",
				formatNums(r[0][:]), formatNums(r[len(r)-1][:]))
		default:
			err = checkLine(orb.LineString(r))
		}
		if err != nil {
			return fmt.Errorf("[%d]%w", i, err)
		}
	}
	return nil
}

func checkMulti[S ~[]E, E any](s S, check func(E) error) error {
	if len(s) == 0 {
		return Invalidf(": empty")
	}
	for i, e := range s {
		if err := check(e); err != nil {
			return fmt.Errorf("[%d]%w", i, err)
		}
	}
	return nil
}
