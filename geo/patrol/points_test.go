package patrol_test

import (
	"reflect"

	"github.com/safezone/safezone/geo/patrol"

	"errors"
	"strings"
	"testing"

	"github.com/safezone/safezone/geo"
)

func TestReadSites(t *testing.T) {
	tests := []struct {
		name, in string
		want     []patrol.Site
	}{
		{"collection", `{"type":"FeatureCollection","features":[
			{"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[104.06,30.66]}},
			{"type":"Feature","id":7,"properties":{},"geometry":{"type":"Point","coordinates":[104.07,30.67]}},
			{"type":"Feature","id":"f","properties":{"id":"p"},"geometry":{"type":"Point","coordinates":[104.08,30.68]}},
			{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[104.09,30.69,500]}}]}`,
			[]patrol.Site{{ID: "a", Point: geo.Point{Lat: 30.66, Lon: 104.06}}, {ID: "7", Point: geo.Point{Lat: 30.67, Lon: 104.07}},
				{ID: "p", Point: geo.Point{Lat: 30.68, Lon: 104.08}}, {ID: "point/4", Point: geo.Point{Lat: 30.69, Lon: 104.09}}}},
		{"geojsonl", `{"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[1,2]}}
{"type":"Feature","id":"y","geometry":{"type":"Point","coordinates":[3,4]}}`,
			[]patrol.Site{{ID: "x", Point: geo.Point{Lat: 2, Lon: 1}}, {ID: "y", Point: geo.Point{Lat: 4, Lon: 3}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := patrol.ReadSites(strings.NewReader(tc.in), "in.geojson")
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if !reflect.DeepEqual(got[i], tc.want[i]) {
					t.Errorf("point %d: %v, want %v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestReadPatrolPoints_errors(t *testing.T) {
	pt := func(id, coords string) string {
		return `{"type":"Feature","id":"` + id + `","geometry":{"type":"Point","coordinates":` + coords + `}}`
	}
	tests := []struct{ name, in, want string }{
		{"ErrEmpty", ``, "no points"},
		{"ErrEmptyCollection", `{"type":"FeatureCollection","features":[]}`, "no points"},
		{"ErrSyntax", `{"type":`, "point 1"},
		{"ErrType", `{"type":"Point","coordinates":[1,2]}`, `type "Point": must be FeatureCollection or Feature`},
		{"ErrGeometry", `{"type":"Feature","id":"a","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}`,
			`point "a": geometry "LineString": must be a Point`},
		{"ErrNoGeometry", `{"type":"Feature","id":"a","geometry":null}`, `point "a": geometry "null"`},
		{"ErrShort", pt("a", "[104]"), `point "a": coordinates [104]: must be [lon, lat]`},
		{"ErrLat", pt("a", "[104, 95]"), `point "a": lat "95"`},
		{"ErrLon", pt("a", "[-190, 30]"), `point "a": lon "-190"`},
		{"ErrDuplicate", pt("a", "[1,2]") + pt("a", "[3,4]"), `point id "a": used more than once`},
		{"ErrMember", `{"type":"FeatureCollection","features":[{"type":"Point"}]}`, `type "Point": must be Feature`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := patrol.ReadSites(strings.NewReader(tc.in), "in.geojson")
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) ||
				!strings.Contains(err.Error(), "in.geojson") {
				t.Errorf("err = %v, want ErrInvalidInput naming the file and containing %q", err, tc.want)
			}
		})
	}
}

func TestReadEnrolmentCSV(t *testing.T) {
	got, err := patrol.ReadEnrolmentCSV(strings.NewReader("\ufeffName,School,Pupils\n一中,way/1,1200\n,node/2, 85.5 \n"), "e.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["way/1"] != 1200 || got["node/2"] != 85.5 {
		t.Errorf("got %v", got)
	}
	tests := []struct{ name, in, want string }{
		{"ErrHeader", "id,n\nway/1,3\n", `header "id,n"`},
		{"ErrEmptyFile", "", "header"},
		{"ErrZero", "school,pupils\nway/1,0\n", `line 2: pupils "0"`},
		{"ErrNaN", "school,pupils\nway/1,NaN\n", `line 2: pupils "NaN"`},
		{"ErrText", "school,pupils\nway/1,12\nway/2,many\n", `line 3: pupils "many"`},
		{"ErrNoID", "school,pupils\n,3\n", `line 2: school ""`},
		{"ErrTwice", "school,pupils\nway/1,3\nway/1,4\n", `line 3: school "way/1": listed twice`},
		{"ErrShortRow", "school,pupils\nway/1\n", "line 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := patrol.ReadEnrolmentCSV(strings.NewReader(tc.in), "e.csv")
			if !errors.Is(err, geo.ErrInvalidInput) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrInvalidInput containing %q", err, tc.want)
			}
		})
	}
}
