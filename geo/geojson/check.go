package geojson

import (
	"fmt"
	"slices"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// CheckFeature validates f as Read documents and fills in the
// defaults: GeneralSchool, OtherWater and the category Water. Its errors name
// the field and the value but not the feature.
func CheckFeature(f *geo.Feature) error {
	if err := checkGeoJSONProps(f, f.ID != ""); err != nil {
		return err
	}
	return CheckGeometry(f.Kind, f.Geometry)
}

// checkGeoJSONProps is CheckFeature without the geometry, for a
// feature whose ID is held apart: hasID says whether it is not empty.
func checkGeoJSONProps(f *geo.Feature, hasID bool) error {
	if !hasID {
		return geo.Invalid("id", "", geo.Because("must be a non-empty string (properties.id, or the Feature's id)"))
	}
	switch f.Kind {
	case geo.School:
		if f.Category != "" {
			return geo.Invalid("category", string(f.Category), geo.Because("must be empty for a school"))
		}
		if f.SchoolKind == "" {
			f.SchoolKind = geo.GeneralSchool
		} else if !slices.Contains(geo.SchoolKinds, f.SchoolKind) {
			return geo.Invalid("school_kind", string(f.SchoolKind), geo.OneOf(geo.SchoolKinds))
		}
	case geo.Business:
		if _, err := geo.ParseCategory(string(f.Category)); err != nil {
			return err
		}
		if f.Category == geo.Water {
			return geo.Invalid("category", string(f.Category), geo.Because(`must be a business category; water bodies have kind "water"`))
		}
	case geo.WaterBody:
		if f.Category == "" {
			f.Category = geo.Water
		} else if f.Category != geo.Water {
			return geo.Invalid("category", string(f.Category), geo.Because(`must be "water" or empty for a water body`))
		}
		if f.WaterKind == "" {
			f.WaterKind = geo.OtherWater
		} else if !slices.Contains(geo.WaterKinds, f.WaterKind) {
			return geo.Invalid("water_kind", string(f.WaterKind), geo.OneOf(geo.WaterKinds))
		}
	default:
		return geo.Invalid("kind", string(f.Kind), geo.OneOf([]geo.Kind{geo.School, geo.Business, geo.WaterBody}))
	}
	switch {
	case f.Kind != geo.School && f.SchoolKind != "":
		return geo.Invalid("school_kind", string(f.SchoolKind), geo.Because("only a school has one"))
	case f.Kind != geo.WaterBody && f.WaterKind != "":
		return geo.Invalid("water_kind", string(f.WaterKind), geo.Because("only a water body has one"))
	case f.Kind != geo.School && len(f.Gates) > 0:
		return geo.Invalidf("gates: only a school has gates")
	}
	for i, g := range f.Gates {
		if err := g.Validate(); err != nil {
			return fmt.Errorf("gates[%d]: %w", i, err)
		}
	}
	return f.OpenedOn.CheckOpened()
}

// CheckGeometry checks that g is a geometry kind may have, with
// positions in range and polygon rings closed. Paths to a position such as
// "geometry.coordinates[0][3]" are built on the way out, only on error.
func CheckGeometry(kind geo.Kind, g orb.Geometry) error {
	var err error
	switch g := g.(type) {
	case nil:
		return geo.Invalidf("geometry: missing; must be one of %s", wireGeometryTypes)
	case orb.Point:
		return checkGeoJSONPoint(g)
	case orb.LineString, orb.MultiLineString:
		if kind != geo.WaterBody {
			return geo.Invalidf("geometry.type %q: a %s must be a Point, Polygon or MultiPolygon", g.GeoJSONType(), kind)
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
		return geo.Invalidf("geometry %T: must be one of %s", g, wireGeometryTypes)
	}
	if err != nil {
		return fmt.Errorf("geometry.coordinates%w", err)
	}
	return nil
}

// checkGeoJSONPoint checks a Point geometry.
func checkGeoJSONPoint(p orb.Point) error { return (geo.Point{Lat: p[1], Lon: p[0]}).Validate() }

// The check functions below return errors whose text starts with "[i]" or
// ": ", so that callers can prefix the path.

func checkLine(ls orb.LineString) error {
	if len(ls) < 2 {
		return geo.Invalidf(": %d positions: a line must have at least 2", len(ls))
	}
	for i, p := range ls {
		if err := (geo.Point{Lat: p[1], Lon: p[0]}).Validate(); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	return nil
}

func checkPolygon(pg orb.Polygon) error {
	if len(pg) == 0 {
		return geo.Invalidf(": no rings: a polygon must have an outer ring")
	}
	for i, r := range pg {
		var err error
		switch {
		case len(r) < 4:
			err = geo.Invalidf(": %d positions: a ring must have at least 4", len(r))
		case r[0] != r[len(r)-1]:
			err = geo.Invalidf(": ring not closed: first position %s and last %s must be equal",
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
		return geo.Invalidf(": empty")
	}
	for i, e := range s {
		if err := check(e); err != nil {
			return fmt.Errorf("[%d]%w", i, err)
		}
	}
	return nil
}
