package walk

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/paulmach/orb"

	"github.com/safezone/safezone/geo"

	"github.com/safezone/safezone/geo/geojson"
)

// maxRoutesBytes caps a routes file read by ReadRoutes.
const maxRoutesBytes = 256 << 20

// ReadRoutes reads routes from GeoJSON or GPX, told apart by the first
// character ('{' or '<'); name is used in error messages, usually the
// file's path.
//
//   - GeoJSON: a FeatureCollection, a Feature or a bare geometry, each a
//     LineString or a MultiLineString (one route per part, IDs suffixed
//     "/1", "/2"...). A route's ID is the feature's id, else its "id" or
//     "name" property, else "route/N" (N counts from 1 in file order).
//   - GPX 1.0 or 1.1: each track segment (trk/trkseg/trkpt) and each route
//     (rte/rtept) is a route, named by its <name> (segments after the
//     first get "/2", "/3"...), else "trk/N" or "rte/N".
//
// Each route's Meters is its geodesic length. Any other geometry, a route
// of fewer than two points, a coordinate out of range or a file over 256
// MiB gives an error wrapping ErrInvalidInput that names the file and the
// route. It is safe for concurrent use.
func ReadRoutes(r io.Reader, name string) ([]Route, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxRoutesBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(data) > maxRoutesBytes {
		return nil, geo.Invalidf("%s: larger than %d MiB", name, maxRoutesBytes>>20)
	}
	head := geojson.TrimSpaceRS(data)
	var routes []Route
	switch {
	case len(head) == 0:
		return nil, geo.Invalidf("%s: empty: want GeoJSON LineStrings or GPX tracks", name)
	case head[0] == '{':
		routes, err = readRoutesGeoJSON(head)
	case head[0] == '<':
		routes, err = readRoutesGPX(data)
	default:
		return nil, geo.Invalidf("%s: starts with %q: want GeoJSON ('{') or GPX ('<')", name, head[:1])
	}
	if err != nil {
		return nil, geo.Invalidf("%s: %v", name, err)
	}
	for i := range routes {
		if err := validateRoute(&routes[i]); err != nil {
			return nil, geo.Invalidf("%s: %v", name, err)
		}
		routes[i].Meters = lineMeters(routes[i].Line)
	}
	if len(routes) == 0 {
		return nil, geo.Invalidf("%s: no routes: want GeoJSON LineStrings or GPX tracks", name)
	}
	return routes, nil
}

// routeFeature is a GeoJSON Feature, or a bare geometry (Type names it).
type routeFeature struct {
	Type        string            `json:"type"`
	ID          any               `json:"id"`
	Properties  map[string]any    `json:"properties"`
	Geometry    json.RawMessage   `json:"geometry"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Features    []json.RawMessage `json:"features"`
}

// readRoutesGeoJSON decodes the GeoJSON itself rather than through orb's
// geojson package, which takes a position of one number as [x, 0].
func readRoutesGeoJSON(data []byte) ([]Route, error) {
	var top routeFeature
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("bad GeoJSON: %v", err)
	}
	raws := []json.RawMessage{data}
	if top.Type == "FeatureCollection" {
		raws = top.Features
	}
	var out []Route
	for i, raw := range raws {
		var f routeFeature
		if err := json.Unmarshal(raw, &f); err != nil {
			return nil, fmt.Errorf("feature %d: bad GeoJSON: %v", i+1, err)
		}
		id := routeID(&f, i)
		geom := f
		if f.Type == "Feature" {
			geom = routeFeature{}
			if len(f.Geometry) > 0 && string(f.Geometry) != "null" {
				if err := json.Unmarshal(f.Geometry, &geom); err != nil {
					return nil, fmt.Errorf("route %q: bad geometry: %v", id, err)
				}
			}
		}
		lines, err := routeLines(id, &geom)
		if err != nil {
			return nil, err
		}
		for k, l := range lines {
			rid := id
			if geom.Type == "MultiLineString" {
				rid += "/" + strconv.Itoa(k+1)
			}
			out = append(out, Route{ID: rid, Line: l})
		}
	}
	return out, nil
}

// routeLines returns the lines of a LineString or MultiLineString.
func routeLines(id string, g *routeFeature) ([]orb.LineString, error) {
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

// routeID names a GeoJSON feature: its id, its "id" or "name" property,
// else "route/N".
func routeID(f *routeFeature, i int) string {
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

type gpxDoc struct {
	XMLName xml.Name `xml:"gpx"`
	Tracks  []struct {
		Name     string `xml:"name"`
		Segments []struct {
			Points []gpxPoint `xml:"trkpt"`
		} `xml:"trkseg"`
	} `xml:"trk"`
	Routes []struct {
		Name   string     `xml:"name"`
		Points []gpxPoint `xml:"rtept"`
	} `xml:"rte"`
}

type gpxPoint struct {
	Lat string `xml:"lat,attr"`
	Lon string `xml:"lon,attr"`
}

func readRoutesGPX(data []byte) ([]Route, error) {
	var doc gpxDoc
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("bad GPX: %v", err)
	}
	var out []Route
	add := func(id string, pts []gpxPoint) error {
		line := make(orb.LineString, 0, len(pts))
		for k, p := range pts {
			q, err := geo.ParsePoint(p.Lat, p.Lon)
			if err != nil {
				return fmt.Errorf("route %q: point %d: %v", id, k+1, err)
			}
			line = append(line, orb.Point{q.Lon, q.Lat})
		}
		out = append(out, Route{ID: id, Line: line})
		return nil
	}
	for i, t := range doc.Tracks {
		id := t.Name
		if id == "" {
			id = "trk/" + strconv.Itoa(i+1)
		}
		for k, s := range t.Segments {
			sid := id
			if k > 0 {
				sid += "/" + strconv.Itoa(k+1)
			}
			if err := add(sid, s.Points); err != nil {
				return nil, err
			}
		}
	}
	for i, r := range doc.Routes {
		id := r.Name
		if id == "" {
			id = "rte/" + strconv.Itoa(i+1)
		}
		if err := add(id, r.Points); err != nil {
			return nil, err
		}
	}
	return out, nil
}
