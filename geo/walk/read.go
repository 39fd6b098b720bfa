package walk

import (
	"bytes"
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

// readRoutesGeoJSON reads routes with geojson.ReadLines.
func readRoutesGeoJSON(data []byte) ([]Route, error) {
	lines, err := geojson.ReadLines(data)
	if err != nil {
		return nil, err
	}
	out := make([]Route, len(lines))
	for i, l := range lines {
		out[i] = Route{ID: l.ID, Line: l.Line}
	}
	return out, nil
}
