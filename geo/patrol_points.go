package geo

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
)

// pointWire is a GeoJSON Feature or FeatureCollection of points.
type pointWire struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Features   []pointWire     `json:"features"`
	Properties struct {
		ID json.RawMessage `json:"id"`
	} `json:"properties"`
	Geometry *struct {
		Type        string    `json:"type"`
		Coordinates []float64 `json:"coordinates"`
	} `json:"geometry"`
}

// ReadPatrolPoints reads candidate or existing patrol posts from GeoJSON:
// a FeatureCollection, a Feature, or a sequence of them such as GeoJSONL.
// Every feature must be a Point in WGS84 [lon, lat]. A point's ID is its
// properties.id, else the Feature's id (a string or a number), else
// "point/N" for the Nth point read; IDs must be unique. name names the
// input in errors. It returns an error wrapping ErrInvalidInput that names
// the feature for malformed JSON, another geometry, a coordinate out of
// range or a duplicate ID, and for input with no points.
func ReadPatrolPoints(r io.Reader, name string) ([]PatrolPoint, error) {
	dec := json.NewDecoder(r)
	var out []PatrolPoint
	for {
		var w pointWire
		err := dec.Decode(&w)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, invalidf("%s: point %d: %v", name, len(out)+1, err)
		}
		feats := []pointWire{w}
		switch w.Type {
		case "FeatureCollection":
			feats = w.Features
		case "Feature":
		default:
			return nil, invalidf("%s: type %q: must be FeatureCollection or Feature", name, w.Type)
		}
		for _, f := range feats {
			p, err := patrolPointOf(f, len(out)+1)
			if err != nil {
				return nil, invalidf("%s: %v", name, err)
			}
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, invalidf("%s: no points: want a GeoJSON FeatureCollection of Point features", name)
	}
	if err := checkPatrolPoints("point", out); err != nil {
		return nil, invalidf("%s: %v", name, err)
	}
	return out, nil
}

func patrolPointOf(f pointWire, n int) (PatrolPoint, error) {
	id := "point/" + strconv.Itoa(n)
	for _, raw := range []json.RawMessage{f.Properties.ID, f.ID} {
		if v, ok := jsonID(raw); ok {
			id = v
			break
		}
	}
	if f.Type != "Feature" {
		return PatrolPoint{}, invalidf("point %q: type %q: must be Feature", id, f.Type)
	}
	g := f.Geometry
	if g == nil || g.Type != "Point" {
		t := "null"
		if g != nil {
			t = g.Type
		}
		return PatrolPoint{}, invalidf("point %q: geometry %q: must be a Point", id, t)
	}
	if len(g.Coordinates) < 2 {
		return PatrolPoint{}, invalidf("point %q: coordinates: must be [lon, lat]", id)
	}
	p := Point{Lat: g.Coordinates[1], Lon: g.Coordinates[0]}
	if err := p.Validate(); err != nil {
		return PatrolPoint{}, invalidf("point %q: %v", id, err)
	}
	return PatrolPoint{ID: id, Point: p}, nil
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
