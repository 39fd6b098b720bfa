package patrol

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/safezone/safezone/geo"
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
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// ReadSites reads candidate or existing patrol posts from GeoJSON:
// a FeatureCollection, a Feature, or a sequence of them such as GeoJSONL.
// Every feature must be a Point in WGS84 [lon, lat]. A point's ID is its
// properties.id, else the Feature's id (a string or a number), else
// "point/N" for the Nth point read; IDs must be unique. name names the
// input in errors. It returns an error wrapping ErrInvalidInput that names
// the feature for malformed JSON, another geometry, a coordinate out of
// range or a duplicate ID, and for input with no points.
func ReadSites(r io.Reader, name string) ([]Site, error) {
	dec := json.NewDecoder(r)
	var out []Site
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
			return nil, geo.Invalidf("%s: type %q: must be FeatureCollection or Feature", name, w.Type)
		}
		for _, f := range feats {
			p, err := patrolPointOf(f, len(out)+1)
			if err != nil {
				return nil, geo.Invalidf("%s: %v", name, err)
			}
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		return nil, geo.Invalidf("%s: no points: want a GeoJSON FeatureCollection of Point features", name)
	}
	if err := checkSites("point", out); err != nil {
		return nil, geo.Invalidf("%s: %v", name, err)
	}
	return out, nil
}

func patrolPointOf(f pointWire, n int) (Site, error) {
	id := "point/" + strconv.Itoa(n)
	for _, raw := range []json.RawMessage{f.Properties.ID, f.ID} {
		if v, ok := jsonID(raw); ok {
			id = v
			break
		}
	}
	if f.Type != "Feature" {
		return Site{}, geo.Invalidf("point %q: type %q: must be Feature", id, f.Type)
	}
	g := f.Geometry
	if g == nil || g.Type != "Point" {
		t := "null"
		if g != nil {
			t = g.Type
		}
		return Site{}, geo.Invalidf("point %q: geometry %q: must be a Point", id, t)
	}
	var c []float64
	if json.Unmarshal(g.Coordinates, &c) != nil || len(c) < 2 {
		return Site{}, geo.Invalidf("point %q: coordinates %.60s: must be [lon, lat]", id, g.Coordinates)
	}
	p := geo.Point{Lat: c[1], Lon: c[0]}
	if err := p.Validate(); err != nil {
		return Site{}, geo.Invalidf("point %q: %v", id, err)
	}
	return Site{ID: id, Point: p}, nil
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

// ReadEnrolmentCSV reads the number of pupils of schools, the weights of
// Options.Enrolment, from CSV with a header row naming the columns
// "school" (a school ID) and "pupils"; other columns are ignored. name
// names the input in errors. It returns an error wrapping ErrInvalidInput
// that names the line for a missing column, an empty or repeated school ID,
// or a count that is not a number above 0.
func ReadEnrolmentCSV(r io.Reader, name string) (map[string]float64, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, geo.Invalidf("%s: header: %v: want columns school,pupils", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	si, ok1 := col["school"]
	pi, ok2 := col["pupils"]
	if !ok1 || !ok2 {
		return nil, geo.Invalidf("%s: header %q: want columns school,pupils", name, strings.Join(header, ","))
	}
	out := map[string]float64{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, geo.Invalidf("%s: %v", name, err)
		}
		if len(rec) <= max(si, pi) {
			return nil, geo.Invalidf("%s: line %d: want a school and pupils", name, line)
		}
		id, v := strings.TrimSpace(rec[si]), strings.TrimSpace(rec[pi])
		n, err := strconv.ParseFloat(v, 64)
		switch {
		case id == "":
			return nil, geo.Invalidf("%s: line %d: school %q: must not be empty", name, line, id)
		case out[id] != 0:
			return nil, geo.Invalidf("%s: line %d: school %q: listed twice", name, line, id)
		case err != nil || !(n > 0) || math.IsInf(n, 0):
			return nil, geo.Invalidf("%s: line %d: pupils %q: must be a number above 0", name, line, v)
		}
		out[id] = n
	}
}
