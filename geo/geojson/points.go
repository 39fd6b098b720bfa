package geojson

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"

	"github.com/safezone/safezone/geo"
)

// A NamedPoint is a point read by ReadPoints, with its ID.
type NamedPoint struct {
	ID    string
	Point geo.Point
}

// ReadPoints reads named points, such as patrol posts, from GeoJSON:
// a FeatureCollection, a Feature, or a sequence of them such as GeoJSONL.
// Every feature must be a Point in WGS84 [lon, lat]. A point's ID is its
// properties.id, else the Feature's id (a string or a number), else
// "point/N" for the Nth point read. name names the input in errors. It
// returns an error wrapping geo.ErrInvalidInput that names the feature for
// malformed JSON, another geometry or a coordinate out of range, and for
// input with no points. IDs are not checked for repeats here.
func ReadPoints(r io.Reader, name string) ([]NamedPoint, error) {
	dec := json.NewDecoder(r)
	var out []NamedPoint
	for {
		var w pointWire
		err := dec.Decode(&w)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, geo.Invalidf("%s: point %d: %v", name, len(out)+1, err)
		}
		feats := []pointWire{w}
		switch w.Type {
		case "FeatureCollection":
			feats = w.Features
		case "Feature":
		default:
			return nil, geo.Invalid(name+": type", w.Type, geo.Either("FeatureCollection", "Feature"))
		}
		for _, f := range feats {
			p, err := pointOf(f, len(out)+1)
			if err != nil {
				return nil, geo.Invalidf("%s: %v", name, err)
			}
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, geo.Invalidf("%s: no points: want a GeoJSON FeatureCollection of Point features", name)
	}
	return out, nil
}

// pointWire is a GeoJSON Feature or FeatureCollection of points.
type pointWire struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Features   []pointWire     `json:"features"`
	Properties struct {
		ID json.RawMessage `json:"id"`
	} `json:"properties"`
	Geometry *struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

func pointOf(f pointWire, n int) (NamedPoint, error) {
	id := "point/" + strconv.Itoa(n)
	for _, raw := range []json.RawMessage{f.Properties.ID, f.ID} {
		if v, ok := jsonID(raw); ok {
			id = v
			break
		}
	}
	if f.Type != "Feature" {
		return NamedPoint{}, geo.Invalidf("point %q: type %q: must be Feature", id, f.Type)
	}
	g := f.Geometry
	if g == nil || g.Type != "Point" {
		t := "null"
		if g != nil {
			t = g.Type
		}
		return NamedPoint{}, geo.Invalidf("point %q: geometry %q: must be a Point", id, t)
	}
	var c []float64
	if json.Unmarshal(g.Coordinates, &c) != nil || len(c) < 2 {
		return NamedPoint{}, geo.Invalidf("point %q: coordinates %.60s: must be [lon, lat]", id, g.Coordinates)
	}
	p := geo.Point{Lat: c[1], Lon: c[0]}
	if err := p.Validate(); err != nil {
		return NamedPoint{}, geo.Invalidf("point %q: %v", id, err)
	}
	return NamedPoint{ID: id, Point: p}, nil
}

// jsonID reads a GeoJSON id: a non-empty string, or a number.
func jsonID(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil && s != "" {
		return s, true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil && n != "" {
		return n.String(), true
	}
	return "", false
}
