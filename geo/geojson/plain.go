package geojson

import (
	"fmt"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// decodeFast decodes data without encoding/json if it is a Feature in the
// plain form WriteLines writes: members "type", "id", "geometry" and
// "properties" in any order, a geometry of "type" then "coordinates" with
// positions of two numbers, only the properties Read knows, and no
// escapes in strings. It reports false for anything else, which the general
// decoder then reads; where both accept data they must agree
// (FuzzReadFastPath checks it). Values are checked later, by
// CheckFeature. It is about 5 times faster than encoding/json.
func decodeFast(data []byte) (geo.Feature, bool) {
	var p plainFeature
	if !scanPlain(data, &p) {
		return geo.Feature{}, false
	}
	return p.feature(), true
}

// plainFeature is a Feature as scanPlain reads it, before anything is
// allocated for it: the ID and the name are views into the input, and a
// point is kept out of f.Geometry, unboxed.
type plainFeature struct {
	f        geo.Feature // without ID and Name, and without Geometry for a point
	id, name []byte
	point    orb.Point
	isPoint  bool
	points   []orb.Point // scratch for positions, which the caller may keep
}

// feature returns p as a Feature, with one allocation for the ID and name.
func (p *plainFeature) feature() geo.Feature {
	f := p.f
	idName := string(p.id) + string(p.name)
	f.ID, f.Name = idName[:len(p.id)], idName[len(p.id):]
	if p.isPoint {
		f.Geometry = p.point
	}
	return f
}

// scanPlain reads data into p as decodeFast documents, reporting false if
// data is not in the plain form.
func scanPlain(data []byte, p *plainFeature) bool {
	s := fastScanner{b: data, points: p.points}
	var id, propID []byte
	var seen uint8 // type, id, geometry, properties
	for more := s.object(); more; more = s.more('}') {
		var bit uint8
		switch string(s.name()) {
		case "type":
			bit = 1
			s.want(string(s.str()) == "Feature")
		case "id":
			bit, id = 2, s.str()
			s.want(utf8.Valid(id))
		case "geometry":
			bit = 4
			s.geometry(p)
		case "properties":
			bit = 8
			propID, p.name = s.props(&p.f)
		default:
			s.bad = true
		}
		s.want(seen&bit == 0)
		seen |= bit
	}
	p.points = s.points
	if s.bad || seen&(1|4|8) != 1|4|8 || len(TrimSpaceRS(s.b[s.i:])) != 0 {
		return false
	}
	p.id = id
	if propID != nil {
		p.id = propID
	}
	return true
}

// decodeInto decodes and validates the feature in data, and adds it to rows,
// or if rows is nil appends it to features. points is scratch space for a
// line's positions, kept between calls.
func decodeInto(rows *geo.RowBatch, points *[]orb.Point, features *[]geo.Feature, data []byte) error {
	if rows != nil {
		return decodeRow(rows, points, data)
	}
	f, err := decodeFeature(data)
	if err == nil {
		*features = append(*features, f)
	}
	return err
}

// decodeFeature decodes and validates the feature in data. Its errors name
// the feature, if it has an ID, but not the file.
func decodeFeature(data []byte) (geo.Feature, error) {
	var p plainFeature
	return finishFeature(data, &p, scanPlain(data, &p))
}

// decodeRow is decodeFeature adding the feature to rows. A point in the
// plain form goes into the columns as it is read, with nothing allocated.
func decodeRow(rows *geo.RowBatch, points *[]orb.Point, data []byte) error {
	p := plainFeature{points: *points}
	plain := scanPlain(data, &p)
	*points = p.points
	if plain && p.isPoint && len(p.f.Gates) == 0 {
		// CheckFeature, for the parts p has.
		err := checkGeoJSONProps(&p.f, len(p.id) > 0)
		if err == nil {
			err = checkGeoJSONPoint(p.point)
		}
		if err != nil {
			return featureError(string(p.id), err)
		}
		geo.AddPoint(rows, p.id, p.name, &p.f, p.point)
		return nil
	}
	f, err := finishFeature(data, &p, plain)
	if err == nil {
		rows.AddFeature(&f)
	}
	return err
}

// finishFeature returns the feature in data, from p if scanPlain read it
// (plain), else decoded with encoding/json, and validates it.
func finishFeature(data []byte, p *plainFeature, plain bool) (geo.Feature, error) {
	var f geo.Feature
	var err error
	if plain {
		f = p.feature()
	} else {
		f, err = decodeFeatureJSON(data)
	}
	if err == nil {
		err = CheckFeature(&f)
	}
	return f, featureError(f.ID, err)
}

// featureError names the feature in err, if it has an ID.
func featureError(id string, err error) error {
	if err != nil && id != "" {
		return fmt.Errorf("feature %q: %w", id, err)
	}
	return err
}
