package geojson

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/paulmach/orb"
)

// A NamedLine is a line read by ReadLines, with its ID.
type NamedLine struct {
	ID   string
	Line orb.LineString // [lon, lat]
}

// lineFeature is a GeoJSON Feature, or a bare geometry (Type names it).
type lineFeature struct {
	Type        string            `json:"type"`
	ID          any               `json:"id"`
	Properties  map[string]any    `json:"properties"`
	Geometry    json.RawMessage   `json:"geometry"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Features    []json.RawMessage `json:"features"`
}

// ReadLines reads named lines, such as pupils' routes, from GeoJSON: a
// FeatureCollection, a Feature or a bare geometry, each a LineString or a
// MultiLineString (one line per part, IDs suffixed "/1", "/2"...). A line's
// ID is the feature's id, else its "id" or "name" property, else "route/N"
// (N counts from 1 in file order). Positions are not range-checked here.
// It decodes the GeoJSON itself rather than through orb's geojson package,
// which takes a position of one number as [x, 0].
func ReadLines(data []byte) ([]NamedLine, error) {
	var top lineFeature
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("bad GeoJSON: %v", err)
	}
	raws := []json.RawMessage{data}
	if top.Type == "FeatureCollection" {
		raws = top.Features
	}
	var out []NamedLine
	for i, raw := range raws {
		var f lineFeature
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, fmt.Errorf("feature %d: bad GeoJSON: %v", i+1, err)
		}
		id := lineID(&f, i)
		geom := f
		if f.Type == "Feature" {
			geom = lineFeature{}
			if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
				if err := json.Unmarshal(f.Geometry, &geom); err != nil {
					return nil, fmt.Errorf("route %q: bad geometry: %v", id, err)
				}
			}
		}
		lines, err := lineParts(id, &geom)
		if err != nil {
			return nil, err
		}
		for k, l := range lines {
			rid := id
			if geom.Type == "MultiLineString" {
				rid += "/" + strconv.Itoa(k+1)
			}
			out = append(out, NamedLine{ID: rid, Line: l})
		}
	}
	return out, nil
}

// lineParts returns the lines of a LineString or MultiLineString.
func lineParts(id string, g *lineFeature) ([]orb.LineString, error) {
	var lines [][][]float64
	switch g.Type {
	case "LineString":
		var l [][]float64
		if err := json.Unmarshal(g.Coordinates, &l); err != nil {
			return nil, fmt.Errorf("route %q: coordinates: must be a list of [lon, lat] positions", id)
		}
		lines = [][][]float64{l}
	case "MultiLineString":
		if err := json.Unmarshal(g.Coordinates, &lines); err != nil {
			return nil, fmt.Errorf("route %q: coordinates: must be a list of lists of [lon, lat] positions", id)
		}
	case "":
		return nil, fmt.Errorf("route %q: no geometry: must be a LineString or MultiLineString", id)
	default:
		return nil, fmt.Errorf("route %q: geometry %s: must be a LineString or MultiLineString", id, g.Type)
	}
	out := make([]orb.LineString, len(lines))
	for k, l := range lines {
		out[k] = make(orb.LineString, len(l))
		for j, pos := range l {
			if len(pos) < 2 {
				return nil, fmt.Errorf("route %q: point %d: %d number(s): a position is [lon, lat]", id, j+1, len(pos))
			}
			out[k][j] = orb.Point{pos[0], pos[1]}
		}
	}
	return out, nil
}

// lineID names a GeoJSON feature: its id, its "id" or "name" property,
// else "route/N".
func lineID(f *lineFeature, i int) string {
	for _, v := range []any{f.ID, f.Properties["id"], f.Properties["name"]} {
		switch v := v.(type) {
		case string:
			if v != "" {
				return v
			}
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return "route/" + strconv.Itoa(i+1)
}
