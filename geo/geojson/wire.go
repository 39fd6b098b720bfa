package geojson

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"
)

// wireFeature is a GeoJSON Feature as it is on the wire.
type wireFeature struct {
	Type       string        `json:"type"`
	ID         wireID        `json:"id"`
	Geometry   *wireGeometry `json:"geometry"`
	Properties *wireProps    `json:"properties"`
}

type wireGeometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

type wireProps struct {
	ID         wireID      `json:"id"`
	Kind       string      `json:"kind"`
	Name       string      `json:"name"`
	Category   string      `json:"category"`
	SchoolKind string      `json:"school_kind"`
	WaterKind  string      `json:"water_kind"`
	Gates      [][]float64 `json:"gates"`
	OpenedOn   string      `json:"opened_on"`
	wireAddress
}

// wireAddress is a feature's address: address, or OpenStreetMap's addr:*
// keys, which geo.JoinAddress puts together, as the osm reader's
// properties often have them.
type wireAddress struct {
	Address            string     `json:"address"`
	Full               string     `json:"addr:full"`
	Province           string     `json:"addr:province"`
	City               string     `json:"addr:city"`
	District           string     `json:"addr:district"`
	Subdistrict        string     `json:"addr:subdistrict"`
	Street             string     `json:"addr:street"`
	Place              string     `json:"addr:place"`
	HouseNumber        wireNumber `json:"addr:housenumber"` // a number too, as converters write it
	ConscriptionNumber wireNumber `json:"addr:conscriptionnumber"`
}

// address is the address the properties give: address when it is not
// blank, else the addr:* keys joined. Most features have neither, and pay
// one comparison.
func (a *wireAddress) address() string {
	if s := strings.TrimSpace(a.Address); s != "" {
		return s
	}
	if *a == (wireAddress{}) {
		return ""
	}
	return geo.JoinAddress(func(k string) string {
		switch k {
		case "addr:full":
			return a.Full
		case "addr:province":
			return a.Province
		case "addr:city":
			return a.City
		case "addr:district":
			return a.District
		case "addr:subdistrict":
			return a.Subdistrict
		case "addr:street":
			return a.Street
		case "addr:place":
			return a.Place
		case "addr:housenumber":
			return string(a.HouseNumber)
		case "addr:conscriptionnumber":
			return string(a.ConscriptionNumber)
		}
		return ""
	})
}

// wireID is an id written as a JSON string or number (RFC 7946 §3.2 allows
// both); a number keeps its text.
type wireID string

func (id *wireID) UnmarshalJSON(b []byte) error {
	ok, err := stringOrNumber(b, (*string)(id))
	if !ok {
		return geo.Invalidf("id %s: must be a string or a number", b)
	}
	return err
}

// wireNumber is a house number written as a JSON string or number; a
// number keeps its text.
type wireNumber string

func (n *wireNumber) UnmarshalJSON(b []byte) error {
	ok, err := stringOrNumber(b, (*string)(n))
	if !ok { // json names the field
		v := map[byte]string{'[': "array", '{': "object", 't': "bool", 'f': "bool"}[b[0]]
		return &json.UnmarshalTypeError{Value: v, Type: reflect.TypeFor[string]()}
	}
	return err
}

// stringOrNumber reads b, a JSON string or number, into dst as text (a
// number keeps its text; null leaves dst as it is). ok is false for any
// other JSON value, which it leaves to the caller to refuse.
func stringOrNumber(b []byte, dst *string) (ok bool, err error) {
	switch {
	case string(b) == "null":
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return true, err
		}
		*dst = s
	case b[0] == '-' || b[0] >= '0' && b[0] <= '9':
		*dst = string(b)
	default:
		return false, nil
	}
	return true, nil
}

// decodeFeatureJSON decodes a Feature with encoding/json. The result has its
// ID set whenever the input has one, so errors can name the feature.
func decodeFeatureJSON(data []byte) (geo.Feature, error) {
	var w wireFeature
	if err := json.Unmarshal(data, &w); err != nil {
		return geo.Feature{}, wireJSONError("", err)
	}
	if w.Type != "Feature" {
		return geo.Feature{}, geo.Invalidf("type %q: must be \"Feature\"", w.Type)
	}
	p := w.Properties
	if p == nil {
		return geo.Feature{ID: string(w.ID)}, geo.Invalidf("properties: missing; must hold at least id and kind")
	}
	f := geo.Feature{
		ID: string(p.ID), Kind: geo.Kind(p.Kind), Name: p.Name, Category: geo.Category(p.Category),
		SchoolKind: geo.SchoolKind(p.SchoolKind), WaterKind: geo.WaterKind(p.WaterKind), Address: p.address(),
	}
	if f.ID == "" {
		f.ID = string(w.ID)
	}
	for i, c := range p.Gates {
		if len(c) < 2 {
			return f, geo.Invalidf("gates[%d] %s: must be [lon, lat]", i, formatNums(c))
		}
		f.Gates = append(f.Gates, geo.Point{Lat: c[1], Lon: c[0]})
	}
	var err error
	if f.OpenedOn, err = geo.ParseDate("opened_on", p.OpenedOn); err != nil {
		return f, err
	}
	f.Geometry, err = decodeGeometry(w.Geometry)
	return f, err
}

func decodeGeometry(g *wireGeometry) (orb.Geometry, error) {
	if g == nil {
		return nil, geo.Invalidf("geometry: missing; must be one of %s", wireGeometryTypes)
	}
	var (
		geom orb.Geometry
		err  error
	)
	switch g.Type {
	case "Point":
		var c []float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			if len(c) < 2 {
				return nil, geo.Invalidf("geometry.coordinates %s: must be [lon, lat]", formatNums(c))
			}
			geom = orb.Point{c[0], c[1]}
		}
	case "LineString":
		var c [][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			geom, err = wireLine(c, "")
		}
	case "MultiLineString":
		var c [][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			geom, err = wireMultiLine(c, "")
		}
	case "Polygon":
		var c [][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			var ml orb.MultiLineString
			ml, err = wireMultiLine(c, "")
			geom = polygonOf(ml)
		}
	case "MultiPolygon":
		var c [][][][]float64
		if err = json.Unmarshal(g.Coordinates, &c); err == nil {
			mp := make(orb.MultiPolygon, len(c))
			for i := range c {
				var ml orb.MultiLineString
				if ml, err = wireMultiLine(c[i], fmt.Sprintf("[%d]", i)); err != nil {
					break
				}
				mp[i] = polygonOf(ml)
			}
			geom = mp
		}
	default:
		return nil, geo.Invalidf("geometry.type %q: must be one of %s", g.Type, wireGeometryTypes)
	}
	if len(g.Coordinates) == 0 {
		return nil, geo.Invalidf("geometry.coordinates: missing")
	}
	if err != nil {
		return nil, wireJSONError("geometry.coordinates", err)
	}
	return geom, nil
}

const wireGeometryTypes = "Point, LineString, MultiLineString, Polygon, MultiPolygon"

func wireLine(c [][]float64, path string) (orb.LineString, error) {
	ls := make(orb.LineString, len(c))
	for i, p := range c {
		if len(p) < 2 {
			return nil, geo.Invalidf("geometry.coordinates%s[%d] %s: must be [lon, lat]", path, i, formatNums(p))
		}
		ls[i] = orb.Point{p[0], p[1]}
	}
	return ls, nil
}

func wireMultiLine(c [][][]float64, path string) (orb.MultiLineString, error) {
	ml := make(orb.MultiLineString, len(c))
	for i := range c {
		var err error
		if ml[i], err = wireLine(c[i], fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return nil, err
		}
	}
	return ml, nil
}

func polygonOf(ml orb.MultiLineString) orb.Polygon {
	p := make(orb.Polygon, len(ml))
	for i, l := range ml {
		p[i] = orb.Ring(l)
	}
	return p
}

func formatNums(c []float64) string {
	s := make([]string, len(c))
	for i, v := range c {
		s[i] = strconv.FormatFloat(v, 'g', -1, 64)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// wireJSONError turns an error from encoding/json into one that names the
// field (under prefix) and wraps ErrInvalidInput.
func wireJSONError(prefix string, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return geo.Invalidf("invalid JSON: %v", err)
	case errors.As(err, &typ):
		field := typ.Field
		if prefix != "" && field != "" {
			field = prefix + "." + field
		} else if prefix != "" {
			field = prefix
		} else if field == "" {
			field = "feature"
		}
		return geo.Invalidf("%s: got JSON %s, want %s", field, typ.Value, wireTypeName(typ.Type))
	case errors.Is(err, geo.ErrInvalidInput):
		return err
	}
	return geo.Invalidf("invalid JSON: %v", err)
}

func wireTypeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Float64:
		return "a finite number"
	case reflect.Slice:
		return "an array"
	}
	return "an object"
}
