package patrol

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/safezone/safezone/geo"
	"github.com/safezone/safezone/geo/geojson"
)

// ReadSites reads candidate or existing patrol posts from GeoJSON with
// geojson.ReadPoints: a FeatureCollection, a Feature, or a sequence of them
// such as GeoJSONL. Every feature must be a Point in WGS84 [lon, lat]. A
// point's ID is its properties.id, else the Feature's id (a string or a
// number), else "point/N" for the Nth point read; IDs must be unique. name
// names the input in errors. It returns an error wrapping ErrInvalidInput
// that names the feature for malformed JSON, another geometry, a coordinate
// out of range or a duplicate ID, and for input with no points.
func ReadSites(r io.Reader, name string) ([]Site, error) {
	pts, err := geojson.ReadPoints(r, name)
	if err != nil {
		return nil, err
	}
	out := make([]Site, len(pts))
	for i, p := range pts {
		out[i] = Site{ID: p.ID, Point: p.Point}
	}
	if err := checkSites("point", out); err != nil {
		return nil, geo.Invalidf("%s: %v", name, err)
	}
	return out, nil
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
			return nil, geo.Invalid(fmt.Sprintf("%s: line %d: school", name, line), id, geo.Required())
		case out[id] != 0:
			return nil, geo.Invalidf("%s: line %d: school %q: listed twice", name, line, id)
		case err != nil || !(n > 0) || math.IsInf(n, 0):
			return nil, geo.Invalid(fmt.Sprintf("%s: line %d: pupils", name, line), v, geo.Positive())
		}
		out[id] = n
	}
}
